/* adeptctl.h — shared bits of the command-line verbs
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "adept-dep-client.h"
#include "adept-direct-session.h"
#include "adept-session-list.h"
#include "adeptctl-exit.h"

G_BEGIN_DECLS

/* Global options, parsed before the verb. Without --server, server_id is what
 * adept_session_list_resolve() picks (the only server, or "default"), or NULL when it
 * picks none; adeptctl_open_session() then says why. */
typedef struct {
  const char *server_id;     /* --server, else the one it resolves to, else NULL */
  const char *base_url;
  const char *ca_file;       /* --ca-file, --pin-sha256: this run only */
  const char *pin_sha256;
  gboolean    json;
  gboolean    server_named;  /* --server was given */
} AdeptctlOptions;

typedef int (*AdeptctlVerbFunc) (const AdeptctlOptions *options,
                                 int                    argc,
                                 char                 **argv);

typedef struct {
  const char       *group;   /* "key", "token"… or NULL for a one-word verb */
  const char       *name;
  const char       *summary;
  AdeptctlVerbFunc  func;
} AdeptctlVerb;

/* A session's notice on stderr, as "adeptctl: <message>". */
void adeptctl_print_notice (const char *message);

/* Prints "adeptctl: <message>" on stderr and returns the exit code that fits the error
 * (adeptctl_exit_for_error()); a cancelled operation says it was interrupted. */
int adeptctl_report_error (const GError *error);

/* Cancelled by SIGTERM or SIGINT: pass it to the calls a signal should stop (syncs, batch
 * jobs, reads). Single steps that change something here and at Apple together (link,
 * unlink, key, define, adopt, default) are left to finish: they are short, and stopping
 * one half-way would leave Apple and this computer disagreeing. */
GCancellable *adeptctl_get_cancellable (void);

/* Parses a verb's own options (and --json, also accepted after the verb). Positional
 * arguments are returned in *rest. Prints the problem and returns FALSE on a usage error. */
gboolean     adeptctl_parse_args    (AdeptctlOptions    *options,
                                     const char         *usage,
                                     const GOptionEntry *entries,
                                     int                 argc,
                                     char              **argv,
                                     char             ***rest);
int          adeptctl_usage_error   (const char         *message);

/* Every verb works on a session: the server --server names (or the one it resolves to),
 * with --base-url as its DEP endpoint for this run. Its notices go to stderr. */
AdeptSession *adeptctl_open_session    (const AdeptctlOptions  *options,
                                        GError                **error);
/* The same, connected (credentials from the keyring, a DEP client). */
AdeptSession *adeptctl_connect_session (const AdeptctlOptions  *options,
                                        GError                **error);
/* The key verbs are the direct kind's: another kind keeps its keys elsewhere. */
AdeptDirectSession *adeptctl_open_direct_session (const AdeptctlOptions  *options,
                                                  GError                **error);
/* What the verbs that call Apple outside the session's operations need, from the session
 * (its resolution, --base-url, credentials): the server with its settings; its connected
 * DEP client (and server, when server_out is not NULL); the store, with the server's row. */
AdeptServer    *adeptctl_open_server (const AdeptctlOptions  *options,
                                      GError                **error);
AdeptDepClient *adeptctl_open_client (const AdeptctlOptions  *options,
                                      AdeptServer           **server_out,
                                      GError                **error);
AdeptStore     *adeptctl_open_store  (const AdeptctlOptions  *options,
                                      GError                **error);
/* Every server, for "server list" and "sync --all". */
AdeptSessionList *adeptctl_open_sessions (GError **error);

/* For one async call at a time: the callback stores the result in the slot (a
 * GAsyncResult **), adeptctl_wait_for iterates the default main context until it is set. */
void          adeptctl_store_result (GObject      *source,
                                     GAsyncResult *result,
                                     gpointer      user_data);
GAsyncResult *adeptctl_wait_for     (GAsyncResult **slot);

/* Pretty-printed JSON on stdout, for --json. */
void          adeptctl_print_json   (JsonNode     *root);

/* A JSON array printed element by element as it is made, so a list of any length needs
 * the memory of one element; the text is what adeptctl_print_json prints for the whole
 * array. depth: how deep in the document the array is (0: it is the document). */
typedef struct {
  guint    depth;
  gboolean any;
} AdeptctlJsonList;

void          adeptctl_json_list_begin (AdeptctlJsonList *list,
                                        guint             depth);
/* Takes the object. */
void          adeptctl_json_list_add   (AdeptctlJsonList *list,
                                        JsonObject       *object);
void          adeptctl_json_list_end   (AdeptctlJsonList *list);

/* "2026-01-17 11:02 UTC" */
char        *adeptctl_format_time   (GDateTime          *time);
/* "2026-01-17 11:02 UTC (in 52 days)" or "expired on 2026-01-17 11:02 UTC" */
char        *adeptctl_format_expiry (GDateTime          *expiry);

/* Output as "Label: value" lines for people, or one JSON object with --json. A NULL
 * value is left out of both. */
typedef struct _AdeptctlReport AdeptctlReport;

AdeptctlReport *adeptctl_report_new      (const AdeptctlOptions *options);
void            adeptctl_report_add      (AdeptctlReport        *report,
                                          const char            *json_name,
                                          const char            *label,
                                          const char            *value);
void            adeptctl_report_add_time (AdeptctlReport        *report,
                                          const char            *json_name,
                                          const char            *label,
                                          GDateTime             *time);
void            adeptctl_report_add_expiry (AdeptctlReport      *report,
                                            GDateTime           *expiry);
void            adeptctl_report_add_bool (AdeptctlReport        *report,
                                          const char            *json_name,
                                          gboolean               value);
/* Prints and frees. */
void            adeptctl_report_print    (AdeptctlReport        *report);

/* From adeptctl-dep.c, for the other verb files. */
/* Apple's code and field of a refused value besides the sentence; the exit code. */
int             adeptctl_report_dep_error      (const GError          *error);
/* Serials from a file (one a line or a CSV's first column, "#" comments, "-" for standard
 * input; adept-serial-list.h) then args, without repeats, NULL-terminated (the terminator
 * counts in ->len). NULL and ADEPT_ERROR_FILE when the file cannot be read or any entry
 * is not a serial number (naming the lines); with skip_bad those are named on stderr and
 * left out. */
GPtrArray      *adeptctl_collect_serials       (const char            *from,
                                                char                 **args,
                                                gboolean               skip_bad,
                                                GError               **error);
/* The --skip-bad option of the verbs that read serial numbers. */
#define ADEPTCTL_SKIP_BAD_ENTRY(flag) \
  { "skip-bad", 0, 0, G_OPTION_ARG_NONE, &(flag), \
    N_("Leave out entries that are not serial numbers (named on stderr) instead of refusing the list"), NULL }
/* Per-device answers as a table with a summary, or Apple's JSON; the exit code. */
int             adeptctl_print_device_results  (const AdeptctlOptions *options,
                                                AdeptDeviceResults    *results);
/* Columns as wide as their widest cell; print frees it. */
typedef struct _AdeptctlTable AdeptctlTable;
AdeptctlTable  *adeptctl_table_new             (guint                  n_columns);
void            adeptctl_table_add_row         (AdeptctlTable         *table,
                                                const char * const    *row);
void            adeptctl_table_print           (AdeptctlTable         *table);

/* The protocol 8/10 facts as "Label: value" lines of devices show. */
void            adeptctl_report_add_device_ids (AdeptctlReport        *report,
                                                AdeptDevice           *device);
/* Keeps what GET /account said in the server's settings, for the console. */
void            adeptctl_save_account_facts    (AdeptServer           *server,
                                                AdeptDepAccount       *account);

/* Verbs */
int adeptctl_key_generate (const AdeptctlOptions *options, int argc, char **argv);
int adeptctl_key_export   (const AdeptctlOptions *options, int argc, char **argv);
int adeptctl_key_import   (const AdeptctlOptions *options, int argc, char **argv);
int adeptctl_token_inspect (const AdeptctlOptions *options, int argc, char **argv);
int adeptctl_token_import (const AdeptctlOptions *options, int argc, char **argv);
int adeptctl_token_show   (const AdeptctlOptions *options, int argc, char **argv);
int adeptctl_server_trust (const AdeptctlOptions *options, int argc, char **argv);
int adeptctl_server_export (const AdeptctlOptions *options, int argc, char **argv);
int adeptctl_server_import (const AdeptctlOptions *options, int argc, char **argv);
/* From --passphrase-file (its first line), or asked on the terminal (twice when twice).
 * NULL with the exit code set. Free with adept_secret_free(). */
char *adeptctl_get_passphrase (const char *path, gboolean twice, int *status);
int adeptctl_unlink       (const AdeptctlOptions *options, int argc, char **argv);
int adeptctl_account         (const AdeptctlOptions *options, int argc, char **argv);
int adeptctl_devices_fetch   (const AdeptctlOptions *options, int argc, char **argv);
int adeptctl_devices_show    (const AdeptctlOptions *options, int argc, char **argv);
int adeptctl_profiles_define (const AdeptctlOptions *options, int argc, char **argv);
int adeptctl_profiles_show   (const AdeptctlOptions *options, int argc, char **argv);
int adeptctl_assign          (const AdeptctlOptions *options, int argc, char **argv);
int adeptctl_unassign        (const AdeptctlOptions *options, int argc, char **argv);
int adeptctl_sync            (const AdeptctlOptions *options, int argc, char **argv);
int adeptctl_devices_list    (const AdeptctlOptions *options, int argc, char **argv);
int adeptctl_journal         (const AdeptctlOptions *options, int argc, char **argv);
int adeptctl_profiles_list   (const AdeptctlOptions *options, int argc, char **argv);
int adeptctl_profiles_adopt  (const AdeptctlOptions *options, int argc, char **argv);
int adeptctl_profiles_default (const AdeptctlOptions *options, int argc, char **argv);
int adeptctl_server_list     (const AdeptctlOptions *options, int argc, char **argv);
int adeptctl_server_add      (const AdeptctlOptions *options, int argc, char **argv);
int adeptctl_nanodep_version  (const AdeptctlOptions *options, int argc, char **argv);
int adeptctl_nanodep_names    (const AdeptctlOptions *options, int argc, char **argv);
int adeptctl_nanodep_assigner (const AdeptctlOptions *options, int argc, char **argv);
int adeptctl_nanodep_config   (const AdeptctlOptions *options, int argc, char **argv);
int adeptctl_devices_replacements   (const AdeptctlOptions *options, int argc, char **argv);
int adeptctl_devices_activation_lock (const AdeptctlOptions *options, int argc, char **argv);
int adeptctl_devices_bypass_code    (const AdeptctlOptions *options, int argc, char **argv);
int adeptctl_devices_disown         (const AdeptctlOptions *options, int argc, char **argv);
int adeptctl_account_enrollment_set    (const AdeptctlOptions *options, int argc, char **argv);
int adeptctl_account_enrollment_show   (const AdeptctlOptions *options, int argc, char **argv);
int adeptctl_account_enrollment_delete (const AdeptctlOptions *options, int argc, char **argv);
int adeptctl_beta_tokens            (const AdeptctlOptions *options, int argc, char **argv);
int adeptctl_org_connect     (const AdeptctlOptions *options, int argc, char **argv);
int adeptctl_org_disconnect  (const AdeptctlOptions *options, int argc, char **argv);
int adeptctl_org_refresh     (const AdeptctlOptions *options, int argc, char **argv);
int adeptctl_org_devices     (const AdeptctlOptions *options, int argc, char **argv);
int adeptctl_org_servers     (const AdeptctlOptions *options, int argc, char **argv);
int adeptctl_org_assign      (const AdeptctlOptions *options, int argc, char **argv);
int adeptctl_org_unassign    (const AdeptctlOptions *options, int argc, char **argv);
int adeptctl_org_deadline    (const AdeptctlOptions *options, int argc, char **argv);
int adeptctl_org_activity    (const AdeptctlOptions *options, int argc, char **argv);

G_END_DECLS
