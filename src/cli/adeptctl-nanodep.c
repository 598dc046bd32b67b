/* adeptctl-nanodep.c — a NanoDEP server (the team's MDM backend) from the command line:
 * its DEP names, the profile its depsyncer assigns, the DEP address of a name
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * These verbs speak to the backend directly (--url, --api-key-file) and keep nothing on
 * this computer; linking this computer to one of its names is `server add --nanodep`.
 */
#define G_LOG_DOMAIN "adeptctl"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "adept-error.h"
#include "adept-input.h"
#include "adept-nanodep-client.h"
#include "adept-nanodep-session.h"
#include "adept-secret.h"
#include "adeptctl.h"

typedef struct {
  char *url;
  char *api_key_file;
  char *dep_name;
} BackendOptions;

static void
backend_options_clear (BackendOptions *options)
{
  g_free (options->url);
  g_free (options->api_key_file);
  g_free (options->dep_name);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (BackendOptions, backend_options_clear)

/* The key from a file, or standard input for "-" (never an argument, which ps would
 * show), through the one bounded reader: one line, in secret memory. Free with
 * adept_secret_free(). */
static char *
read_api_key (const char  *path,
              GError     **error)
{
  g_autoptr(GBytes) contents = NULL;

  if (g_str_equal (path, "-"))
    contents = adept_input_read_fd (STDIN_FILENO, _("standard input"), ADEPT_INPUT_API_KEY, error);
  else
    contents = adept_input_read_file (path, ADEPT_INPUT_API_KEY, error);
  if (contents == NULL)
    return NULL;
  return adept_nanodep_api_key_from_file (contents, g_str_equal (path, "-") ? _("standard input") : path,
                                          error);
}

static AdeptNanodepClient *
open_backend (const BackendOptions  *options,
              GError               **error)
{
  g_autoptr(AdeptSecret) api_key = read_api_key (options->api_key_file, error);

  if (api_key == NULL)
    return NULL;
  return adept_nanodep_client_new (options->url, api_key, error);
}

/* Parses --url, --api-key-file (unless key is FALSE) and --dep-name (when name is TRUE). */
static gboolean
parse_backend_args (AdeptctlOptions  *options,
                    const char       *usage,
                    BackendOptions   *backend,
                    gboolean          key,
                    gboolean          name,
                    int               argc,
                    char            **argv,
                    char           ***rest)
{
  const GOptionEntry url_entry =
    { "url", 0, 0, G_OPTION_ARG_STRING, &backend->url,
      N_("The NanoDEP server (https://…)"), N_("URL") };
  const GOptionEntry key_entry =
    { "api-key-file", 0, 0, G_OPTION_ARG_FILENAME, &backend->api_key_file,
      N_("A file holding its API key (- for standard input)"), N_("FILE") };
  const GOptionEntry name_entry =
    { "dep-name", 0, 0, G_OPTION_ARG_STRING, &backend->dep_name,
      N_("The DEP name on the NanoDEP server"), N_("NAME") };
  const GOptionEntry end = { NULL };
  GOptionEntry entries[4];
  guint n = 0;

  entries[n++] = url_entry;
  if (key)
    entries[n++] = key_entry;
  if (name)
    entries[n++] = name_entry;
  entries[n] = end;
  if (!adeptctl_parse_args (options, usage, entries, argc, argv, rest))
    return FALSE;
  if (backend->url == NULL)
    {
      adeptctl_usage_error (_("Give the NanoDEP server with --url URL."));
      return FALSE;
    }
  if (key && backend->api_key_file == NULL)
    {
      adeptctl_usage_error (_("Give its API key with --api-key-file FILE (- reads standard input)."));
      return FALSE;
    }
  if (name && backend->dep_name == NULL)
    {
      adeptctl_usage_error (_("Give the DEP name with --dep-name NAME (see “adeptctl nanodep names”)."));
      return FALSE;
    }
  return TRUE;
}

/* ---- version ---- */

int
adeptctl_nanodep_version (const AdeptctlOptions *global,
                          int                    argc,
                          char                 **argv)
{
  AdeptctlOptions options = *global;
  g_auto(BackendOptions) backend = { 0 };
  g_auto(GStrv) rest = NULL;
  g_autoptr(AdeptNanodepClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *version = NULL;
  AdeptctlReport *report;

  if (!parse_backend_args (&options, "nanodep version", &backend, FALSE, FALSE, argc, argv, &rest))
    return ADEPTCTL_EXIT_USAGE;

  /* /version needs no login: any key will do. */
  client = adept_nanodep_client_new (backend.url, "-", &error);
  if (client == NULL)
    return adeptctl_report_error (error);
  adept_nanodep_client_get_version_async (client, adeptctl_get_cancellable (),
                                          adeptctl_store_result, &result);
  version = adept_nanodep_client_get_version_finish (client, adeptctl_wait_for (&result), &error);
  if (error != NULL)
    return adeptctl_report_error (error);

  report = adeptctl_report_new (&options);
  adeptctl_report_add (report, "url", _("NanoDEP server:"), adept_nanodep_client_get_url (client));
  adeptctl_report_add (report, "version", _("Version:"), version ? version : "");
  adeptctl_report_print (report);
  return ADEPTCTL_EXIT_OK;
}

/* ---- names ---- */

static void
print_names_json (AdeptNanodepClient *client,
                  GPtrArray          *states)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "url");
  json_builder_add_string_value (builder, adept_nanodep_client_get_url (client));
  json_builder_set_member_name (builder, "names");
  json_builder_begin_array (builder);
  for (guint i = 0; i < states->len; i++)
    {
      AdeptNanodepName *state = g_ptr_array_index (states, i);
      AdeptDepAccount *account = adept_nanodep_name_get_account (state);
      const GError *problem = adept_nanodep_name_get_error (state);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "dep_name");
      json_builder_add_string_value (builder, adept_nanodep_name_get_name (state));
      json_builder_set_member_name (builder, "linked");
      json_builder_add_boolean_value (builder, account != NULL);
      if (account != NULL)
        {
          json_builder_set_member_name (builder, "server_name");
          json_builder_add_string_value (builder, adept_dep_account_get_server_name (account));
          json_builder_set_member_name (builder, "server_uuid");
          json_builder_add_string_value (builder, adept_dep_account_get_server_uuid (account));
          json_builder_set_member_name (builder, "org_name");
          json_builder_add_string_value (builder, adept_dep_account_get_org_name (account));
        }
      else
        {
          json_builder_set_member_name (builder, "problem");
          json_builder_add_string_value (builder, adept_error_code_name (problem->code));
          json_builder_set_member_name (builder, "message");
          json_builder_add_string_value (builder, problem->message);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  adeptctl_print_json (root);
}

static char *
describe_state (AdeptNanodepName *state)
{
  AdeptDepAccount *account = adept_nanodep_name_get_account (state);
  const GError *problem = adept_nanodep_name_get_error (state);

  if (account != NULL)
    return g_strdup_printf (_("linked to “%s” (%s)"),
                            adept_dep_account_get_server_name (account) ? adept_dep_account_get_server_name (account) : "",
                            adept_dep_account_get_org_name (account) ? adept_dep_account_get_org_name (account) : "");
  if (g_error_matches (problem, ADEPT_ERROR, ADEPT_ERROR_BACKEND_UPSTREAM))
    return g_strdup (_("not linked (no working server token)"));
  return g_strdup_printf (_("not usable: %s"), problem->message);
}

static void
print_names (GPtrArray *states)
{
  glong width = 0;

  if (states->len == 0)
    {
      printf ("%s\n", _("No DEP names yet: download a public key for a new name (the console’s Add DEP Server…, or adeptctl server add --nanodep)."));
      return;
    }
  for (guint i = 0; i < states->len; i++)
    width = MAX (width, g_utf8_strlen (adept_nanodep_name_get_name (g_ptr_array_index (states, i)), -1));
  for (guint i = 0; i < states->len; i++)
    {
      AdeptNanodepName *state = g_ptr_array_index (states, i);
      const char *name = adept_nanodep_name_get_name (state);
      g_autofree char *description = describe_state (state);
      /* Pad by characters, not bytes. */
      int pad = (int) (width - g_utf8_strlen (name, -1));

      printf ("%s%*s  %s\n", name, pad, "", description);
    }
}

int
adeptctl_nanodep_names (const AdeptctlOptions *global,
                        int                    argc,
                        char                 **argv)
{
  AdeptctlOptions options = *global;
  g_auto(BackendOptions) backend = { 0 };
  g_auto(GStrv) rest = NULL;
  g_autoptr(AdeptNanodepClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) states = NULL;
  g_autoptr(GError) error = NULL;

  if (!parse_backend_args (&options, "nanodep names", &backend, TRUE, FALSE, argc, argv, &rest))
    return ADEPTCTL_EXIT_USAGE;
  client = open_backend (&backend, &error);
  if (client == NULL)
    return adeptctl_report_error (error);

  adept_nanodep_client_list_name_states_async (client, adeptctl_get_cancellable (),
                                               adeptctl_store_result, &result);
  states = adept_nanodep_client_list_name_states_finish (client, adeptctl_wait_for (&result), &error);
  if (states == NULL)
    return adeptctl_report_error (error);

  if (options.json)
    print_names_json (client, states);
  else
    print_names (states);
  return ADEPTCTL_EXIT_OK;
}

/* ---- assigner and config: get|set ---- */

typedef struct {
  const char *verb;          /* "assigner", "config" */
  const char *set_argument;  /* what "set" takes */
  const char *json_member;
  const char *label;
  const char *unset;         /* what no value means */
  void      (*get_async)    (AdeptNanodepClient *, const char *, GCancellable *, GAsyncReadyCallback, gpointer);
  char     *(*get_finish)   (AdeptNanodepClient *, GAsyncResult *, GError **);
  void      (*set_async)    (AdeptNanodepClient *, const char *, const char *, GCancellable *, GAsyncReadyCallback, gpointer);
  gboolean  (*set_finish)   (AdeptNanodepClient *, GAsyncResult *, GError **);
} Setting;

static int
get_or_set (const Setting         *setting,
            const AdeptctlOptions *global,
            int                    argc,
            char                 **argv)
{
  AdeptctlOptions options = *global;
  g_auto(BackendOptions) backend = { 0 };
  g_auto(GStrv) rest = NULL;
  g_autoptr(AdeptNanodepClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *usage = NULL;
  g_autofree char *value = NULL;
  gboolean set;
  AdeptctlReport *report;

  if (argc < 1 || !(g_str_equal (argv[0], "get") || g_str_equal (argv[0], "set")))
    {
      g_autofree char *message = g_strdup_printf (_("Say “get” or “set”: adeptctl nanodep %s get|set …"), setting->verb);

      return adeptctl_usage_error (message);
    }
  set = g_str_equal (argv[0], "set");
  usage = g_strdup_printf ("nanodep %s %s%s%s", setting->verb, argv[0], set ? " " : "",
                           set ? setting->set_argument : "");
  if (!parse_backend_args (&options, usage, &backend, TRUE, TRUE, argc - 1, argv + 1, &rest))
    return ADEPTCTL_EXIT_USAGE;
  if (g_strv_length (rest) != (set ? 1u : 0u))
    {
      g_autofree char *message = g_strdup_printf (_("Usage: adeptctl %s"), usage);

      return adeptctl_usage_error (message);
    }
  client = open_backend (&backend, &error);
  if (client == NULL)
    return adeptctl_report_error (error);

  if (set)
    {
      setting->set_async (client, backend.dep_name, rest[0],
                          adeptctl_get_cancellable (), adeptctl_store_result, &result);
      if (!setting->set_finish (client, adeptctl_wait_for (&result), &error))
        return adeptctl_report_error (error);
      value = g_strdup (rest[0]);
    }
  else
    {
      setting->get_async (client, backend.dep_name,
                          adeptctl_get_cancellable (), adeptctl_store_result, &result);
      value = setting->get_finish (client, adeptctl_wait_for (&result), &error);
      if (error != NULL)
        return adeptctl_report_error (error);
    }

  report = adeptctl_report_new (&options);
  adeptctl_report_add (report, "dep_name", _("DEP name:"), backend.dep_name);
  /* JSON leaves an unset value out; people read what it means. */
  adeptctl_report_add (report, setting->json_member, _(setting->label),
                       value != NULL || options.json ? value : _(setting->unset));
  adeptctl_report_print (report);
  return ADEPTCTL_EXIT_OK;
}

int
adeptctl_nanodep_assigner (const AdeptctlOptions *global,
                           int                    argc,
                           char                 **argv)
{
  static const Setting assigner = {
    "assigner", "PROFILE_UUID", "profile_uuid", N_("Profile depsyncer assigns:"), N_("(none)"),
    adept_nanodep_client_get_assigner_async, adept_nanodep_client_get_assigner_finish,
    adept_nanodep_client_set_assigner_async, adept_nanodep_client_set_assigner_finish,
  };

  return get_or_set (&assigner, global, argc, argv);
}

int
adeptctl_nanodep_config (const AdeptctlOptions *global,
                         int                    argc,
                         char                 **argv)
{
  static const Setting config = {
    "config", "DEP_URL", "dep_url", N_("DEP address:"), N_("(Apple’s, the default)"),
    adept_nanodep_client_get_dep_url_async, adept_nanodep_client_get_dep_url_finish,
    adept_nanodep_client_set_dep_url_async, adept_nanodep_client_set_dep_url_finish,
  };

  return get_or_set (&config, global, argc, argv);
}

/* ---- server add --nanodep: this computer joins a name, or sets up a new one ---- */

static void
on_notice (AdeptSession *session,
           const char   *message)
{
  adeptctl_print_notice (message);
}

static void
report_set_up (const AdeptctlOptions *options,
               AdeptSession          *session,
               const char            *dep_name,
               gboolean               replaced)
{
  AdeptctlReport *report;
  g_autoptr(GPtrArray) facts = adept_session_dup_facts (session);
  const char *id = adept_session_get_id (session);
  gboolean linked = adept_session_get_linked (session);

  if (!options->json)
    {
      if (replaced)
        printf ("%s\n\n", _("Kept the new API key in the keyring."));
      else if (linked)
        printf (_("Joined: the NanoDEP server has linked “%s” to an MDM server in Apple Business Manager.\n"
                  "Next: adeptctl --server %s sync\n\n"), dep_name, id);
      else
        printf (_("Set up. The NanoDEP server has not linked “%s” yet. Next:\n"
                  "  adeptctl --server %s key export --out %s.pem  (NanoDEP makes the key pair)\n"
                  "  upload it to an MDM server in Apple Business Manager, download its token, then\n"
                  "  adeptctl --server %s token import TOKEN_FILE  (the token goes to NanoDEP)\n\n"),
                dep_name, id, id, id);
    }
  report = adeptctl_report_new (options);
  adeptctl_report_add (report, "server", _("Server:"), id);
  adeptctl_report_add (report, "kind", _("Kind:"), adept_session_get_kind_name (session));
  for (guint i = 0; i < facts->len; i++)
    {
      AdeptSessionFact *fact = g_ptr_array_index (facts, i);

      adeptctl_report_add (report, fact->name, fact->label, fact->value);
    }
  adeptctl_report_add_bool (report, "linked", linked);
  if (linked)
    {
      adeptctl_report_add (report, "server_name", _("MDM server:"), adept_session_get_display_name (session));
      adeptctl_report_add (report, "server_uuid", _("Server UUID:"),
                           adept_session_get_account_fact (session, ADEPT_ACCOUNT_SERVER_UUID));
    }
  adeptctl_report_print (report);
}

int
adeptctl_server_add (const AdeptctlOptions *global,
                     int                    argc,
                     char                 **argv)
{
  AdeptctlOptions options = *global;
  g_auto(BackendOptions) backend = { 0 };
  const GOptionEntry entries[] = {
    { "nanodep", 0, 0, G_OPTION_ARG_STRING, &backend.url,
      N_("Reach the DEP server through this NanoDEP server (https://…)"), N_("URL") },
    { "dep-name", 0, 0, G_OPTION_ARG_STRING, &backend.dep_name,
      N_("The DEP name on the NanoDEP server (see “adeptctl nanodep names”)"), N_("NAME") },
    { "api-key-file", 0, 0, G_OPTION_ARG_FILENAME, &backend.api_key_file,
      N_("A file holding its API key (- for standard input)"), N_("FILE") },
    { NULL }
  };
  g_auto(GStrv) rest = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptSessionList) list = NULL;
  g_autoptr(AdeptSecret) api_key = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  AdeptSession *session;
  gboolean existed;

  if (!adeptctl_parse_args (&options, "server add --nanodep URL --dep-name NAME --api-key-file FILE",
                            entries, argc, argv, &rest))
    return ADEPTCTL_EXIT_USAGE;
  if (rest[0] != NULL)
    return adeptctl_usage_error (_("“server add” takes no other arguments; the API key comes from --api-key-file, never the command line."));
  if (backend.url == NULL)
    return adeptctl_usage_error (_("Give the NanoDEP server with --nanodep URL. A server reached directly is added by its first key: adeptctl --server NAME key generate."));
  if (backend.dep_name == NULL)
    return adeptctl_usage_error (_("Give the DEP name with --dep-name NAME (see “adeptctl nanodep names”)."));
  if (backend.api_key_file == NULL)
    return adeptctl_usage_error (_("Give its API key with --api-key-file FILE (- reads standard input)."));
  if (!options.server_named)
    return adeptctl_usage_error (_("Name the server on this computer: adeptctl --server NAME server add …"));

  api_key = read_api_key (backend.api_key_file, &error);
  if (api_key == NULL)
    return adeptctl_report_error (error);
  list = adeptctl_open_sessions (&error);
  if (list == NULL)
    return adeptctl_report_error (error);

  session = adept_session_list_lookup (list, options.server_id);
  existed = session != NULL;
  if (session == NULL)
    session = adept_session_list_add (list, options.server_id, ADEPT_SERVER_KIND_NAME_NANODEP, &error);
  if (session == NULL)
    return adeptctl_report_error (error);
  if (!ADEPT_IS_NANODEP_SESSION (session))
    {
      g_set_error (&error, ADEPT_ERROR, ADEPT_ERROR_FAILED,
                   _("Server “%s” exists already (%s). Choose another name with --server."),
                   options.server_id, adept_session_get_kind_label (session));
      return adeptctl_report_error (error);
    }
  if (!existed)
    g_signal_connect (session, "notice", G_CALLBACK (on_notice), NULL);

  adept_nanodep_session_set_up_async (ADEPT_NANODEP_SESSION (session), backend.url, api_key,
                                      backend.dep_name, NULL, adeptctl_store_result, &result);
  if (!adept_nanodep_session_set_up_finish (ADEPT_NANODEP_SESSION (session),
                                            adeptctl_wait_for (&result), &error))
    return adeptctl_report_error (error);
  report_set_up (&options, session, backend.dep_name, existed);
  return ADEPTCTL_EXIT_OK;
}
