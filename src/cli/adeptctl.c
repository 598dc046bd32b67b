/* adeptctl.c — Adept's command line: the console's operations, headless
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adeptctl"

#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "adept-context.h"
#include "adept-error.h"
#include "adept-oauth-authenticator.h"
#include "adept-process.h"
#include "adept-store.h"
#include "adept-util.h"
#include "adeptctl.h"

static const AdeptctlVerb verbs[] = {
  { "key", "generate",
    N_("Make the MDM key pair (private key in the keyring)"), adeptctl_key_generate },
  { "key", "export",
    N_("Write the public key to upload to Apple Business Manager"), adeptctl_key_export },
  { "key", "import",
    N_("Use an existing key and certificate (from another MDM)"), adeptctl_key_import },
  { "token", "inspect",
    N_("Decrypt a server token and show it, storing nothing"), adeptctl_token_inspect },
  { "token", "import",
    N_("Link or renew with a server token from Apple Business Manager"), adeptctl_token_import },
  { "token", "show",
    N_("Show the linked server and when its token expires"), adeptctl_token_show },
  { NULL, "unlink",
    N_("Forget the server here: its keys, credentials, settings and local data"), adeptctl_unlink },
  { NULL, "account",
    N_("Show the MDM server and organization Apple has for the token"), adeptctl_account },
  { "devices", "fetch",
    N_("List the devices assigned to the MDM server (--all: every page)"), adeptctl_devices_fetch },
  { "devices", "show",
    N_("Show Apple’s record of devices by serial number"), adeptctl_devices_show },
  { "profiles", "define",
    N_("Send a DEP profile (JSON file) to Apple; prints its UUID"), adeptctl_profiles_define },
  { "profiles", "show",
    N_("Show a DEP profile Apple keeps"), adeptctl_profiles_show },
  { NULL, "assign",
    N_("Assign a DEP profile to devices (serials or --from FILE)"), adeptctl_assign },
  { NULL, "unassign",
    N_("Remove the DEP profile from devices (serials or --from FILE)"), adeptctl_unassign },
  { NULL, "sync",
    N_("Bring the local store up to date with Apple (--full: every device again, --all: every server)"), adeptctl_sync },
  { "devices", "list",
    N_("List the devices in the local store (--status S, --json or --csv)"), adeptctl_devices_list },
  { NULL, "journal",
    N_("Show the last sync runs and their results"), adeptctl_journal },
  { "profiles", "list",
    N_("List the DEP profiles kept for the server, and the default"), adeptctl_profiles_list },
  { "profiles", "adopt",
    N_("Keep a profile defined elsewhere, read from Apple by its UUID"), adeptctl_profiles_adopt },
  { "profiles", "default",
    N_("Make a kept profile the one new devices get (--clear: none)"), adeptctl_profiles_default },
  { "server", "list",
    N_("List the DEP servers and which one is used without --server"), adeptctl_server_list },
  { "server", "export",
    N_("Write the server’s key pair, token and bypass codes to a passphrase-protected file (--out FILE)"), adeptctl_server_export },
  { "server", "import",
    N_("Link this server on a new computer from such a file"), adeptctl_server_import },
  { "server", "trust",
    N_("Show or set how the DEP service’s certificate is trusted (--ca-file, --pin-sha256, --system)"), adeptctl_server_trust },
  { "server", "add",
    N_("Add a DEP server reached through a team's NanoDEP server (--nanodep URL)"), adeptctl_server_add },
  { "nanodep", "names",
    N_("List a NanoDEP server’s DEP names, linked or not (--url, --api-key-file)"), adeptctl_nanodep_names },
  { "nanodep", "assigner",
    N_("Show or set the profile its depsyncer assigns (get|set --dep-name)"), adeptctl_nanodep_assigner },
  { "nanodep", "config",
    N_("Show or set the DEP address NanoDEP uses for a name (get|set --dep-name)"), adeptctl_nanodep_config },
  { "nanodep", "version",
    N_("Show a NanoDEP server’s version (--url)"), adeptctl_nanodep_version },
  { "devices", "replacements",
    N_("Which devices AppleCare replaced, and by what (serials or --from FILE)"), adeptctl_devices_replacements },
  { "devices", "activation-lock",
    N_("Lock supervised devices with bypass codes kept here and in an encrypted export"), adeptctl_devices_activation_lock },
  { "devices", "bypass-code",
    N_("Show the bypass code kept for a device (--yes-show-secret)"), adeptctl_devices_bypass_code },
  { "devices", "disown",
    N_("Remove devices from the organization for good (deprecated by Apple; --yes-remove-from-organization)"), adeptctl_devices_disown },
  { "account-enrollment", "set",
    N_("Turn on account-driven enrollment: the MDM service discovery URL"), adeptctl_account_enrollment_set },
  { "account-enrollment", "show",
    N_("Show the account-driven enrollment URL Apple has, and when it changed"), adeptctl_account_enrollment_show },
  { "account-enrollment", "delete",
    N_("Turn off account-driven enrollment for this MDM server"), adeptctl_account_enrollment_delete },
  { NULL, "beta-tokens",
    N_("List the organization's OS beta enrollment tokens"), adeptctl_beta_tokens },
  { "org", "connect",
    N_("Connect the Apple Business API (--client-id, --key-id, --key FILE)"), adeptctl_org_connect },
  { "org", "refresh",
    N_("List every device and MDM server of the organization into the store"), adeptctl_org_refresh },
  { "org", "devices",
    N_("The organization's devices (--filter, --search, --json or --csv)"), adeptctl_org_devices },
  { "org", "servers",
    N_("The organization's MDM servers and their devices"), adeptctl_org_servers },
  { "org", "assign",
    N_("Assign devices to this server (--to another; --deadline: migrate)"), adeptctl_org_assign },
  { "org", "unassign",
    N_("Unassign devices from their MDM server"), adeptctl_org_unassign },
  { "org", "deadline",
    N_("Move (--deadline DATE) or cancel (--cancel) a pending MDM migration"), adeptctl_org_deadline },
  { "org", "activity",
    N_("Show an Apple Business activity and its refused devices"), adeptctl_org_activity },
  { "org", "disconnect",
    N_("Forget the organization's API account and listed devices here"), adeptctl_org_disconnect },
  { NULL, NULL, NULL, NULL },
};

int
adeptctl_report_error (const GError *error)
{
  g_autofree char *message = NULL;

  /* GLib's own "Operation was cancelled" says nothing of what became of the work. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    message = g_strdup (_("Interrupted: Adept stopped at a safe point. What was done is kept and nothing half-done was; run the command again to go on."));
  else
    /* Messages may quote a file name or a server's words. */
    message = adept_escape_control (error->message);
  g_printerr ("adeptctl: %s\n", message);
  return adeptctl_exit_for_error (error);
}

/* SIGTERM (how systemd stops the timer's service) and SIGINT cancel this: the operation
 * under way stops at its next safe point (a page is stored whole with its cursor, a batch
 * answer whole), and the verb fails with G_IO_ERROR_CANCELLED (exit status 11). A second
 * signal has its default effect. */
static GCancellable *stop_cancellable;
static guint stop_sources[2];

GCancellable *
adeptctl_get_cancellable (void)
{
  if (stop_cancellable == NULL)
    stop_cancellable = g_cancellable_new ();
  return stop_cancellable;
}

static gboolean
on_stop_signal (gpointer data)
{
  guint *mine = data;

  g_printerr ("adeptctl: %s\n", _("Stopping at the next safe point (signal again to stop at once)…"));
  g_cancellable_cancel (adeptctl_get_cancellable ());
  /* GLib restores the default action once a signal has no source left. */
  *mine = 0;
  for (guint i = 0; i < G_N_ELEMENTS (stop_sources); i++)
    g_clear_handle_id (&stop_sources[i], g_source_remove);
  return G_SOURCE_REMOVE;
}

static void
watch_stop_signals (void)
{
  stop_sources[0] = g_unix_signal_add (SIGTERM, on_stop_signal, &stop_sources[0]);
  stop_sources[1] = g_unix_signal_add (SIGINT, on_stop_signal, &stop_sources[1]);
}

int
adeptctl_usage_error (const char *message)
{
  g_printerr ("adeptctl: %s\n", message);
  return ADEPTCTL_EXIT_USAGE;
}

gboolean
adeptctl_parse_args (AdeptctlOptions    *options,
                     const char         *usage,
                     const GOptionEntry *entries,
                     int                 argc,
                     char              **argv,
                     char             ***rest)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) args = g_new0 (char *, argc + 2);
  gboolean json = FALSE;
  const GOptionEntry json_entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON for scripts"), NULL },
    { NULL }
  };

  args[0] = g_strconcat ("adeptctl ", usage, NULL);
  for (int i = 0; i < argc; i++)
    args[i + 1] = g_strdup (argv[i]);

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, json_entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse_strv (context, &args, &error))
    {
      adeptctl_usage_error (error->message);
      return FALSE;
    }

  options->json = options->json || json;
  *rest = g_strdupv (args + 1);
  return TRUE;
}

void
adeptctl_print_notice (const char *message)
{
  g_autofree char *shown = adept_escape_control (message);

  g_printerr ("adeptctl: %s\n", shown);
}

static void
print_notice (AdeptSession *session,
              const char   *message)
{
  adeptctl_print_notice (message);
}

AdeptSessionList *
adeptctl_open_sessions (GError **error)
{
  g_autoptr(AdeptSessionList) list = adept_session_list_new (error);
  const char * const *problems;

  if (list == NULL)
    return NULL;
  problems = adept_session_list_get_problems (list);
  for (guint i = 0; problems[i] != NULL; i++)
    g_printerr ("adeptctl: %s\n", problems[i]);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      g_autoptr(AdeptSession) session = g_list_model_get_item (G_LIST_MODEL (list), i);

      g_signal_connect (session, "notice", G_CALLBACK (print_notice), NULL);
    }
  return g_steal_pointer (&list);
}

AdeptSession *
adeptctl_open_session (const AdeptctlOptions  *options,
                       GError                **error)
{
  g_autoptr(AdeptSessionList) list = adept_session_list_new (error);
  AdeptSession *session;

  if (list == NULL)
    return NULL;
  session = adept_session_list_resolve (list, options->server_id, error);
  if (session == NULL)
    return NULL;
  if (options->base_url != NULL && !adept_session_override_base_url (session, options->base_url, error))
    return NULL;
  if ((options->ca_file != NULL || options->pin_sha256 != NULL) &&
      !adept_session_override_tls_trust (session, options->ca_file, options->pin_sha256, error))
    return NULL;
  g_signal_connect (session, "notice", G_CALLBACK (print_notice), NULL);
  return g_object_ref (session);
}

AdeptSession *
adeptctl_connect_session (const AdeptctlOptions  *options,
                          GError                **error)
{
  g_autoptr(AdeptSession) session = adeptctl_open_session (options, error);
  g_autoptr(GAsyncResult) result = NULL;

  if (session == NULL)
    return NULL;
  adept_session_connect_async (session,
                               adeptctl_get_cancellable (), adeptctl_store_result, &result);
  if (!adept_session_connect_finish (session, adeptctl_wait_for (&result), error))
    return NULL;
  return g_steal_pointer (&session);
}

AdeptServer *
adeptctl_open_server (const AdeptctlOptions  *options,
                      GError                **error)
{
  g_autoptr(AdeptSession) session = adeptctl_open_session (options, error);

  return session != NULL ? g_object_ref (adept_session_get_server (session)) : NULL;
}

AdeptDepClient *
adeptctl_open_client (const AdeptctlOptions  *options,
                      AdeptServer           **server_out,
                      GError                **error)
{
  g_autoptr(AdeptSession) session = adeptctl_connect_session (options, error);

  if (session == NULL)
    return NULL;
  if (server_out != NULL)
    *server_out = g_object_ref (adept_session_get_server (session));
  return g_object_ref (adept_session_get_client (session));
}

AdeptStore *
adeptctl_open_store (const AdeptctlOptions  *options,
                     GError                **error)
{
  g_autoptr(AdeptSession) session = adeptctl_open_session (options, error);

  if (session == NULL ||
      !adept_store_ensure_server (adept_session_get_store (session), adept_session_get_id (session),
                                  adept_session_get_kind_name (session), error))
    return NULL;
  return g_object_ref (adept_session_get_store (session));
}

/* The name a verb works on without --server, or NULL when there is none to take (the
 * verbs that need one say why, through adeptctl_open_session()). */
static char *
resolve_server_id (void)
{
  g_autoptr(AdeptSessionList) list = adept_session_list_new (NULL);
  AdeptSession *session = list != NULL ? adept_session_list_resolve (list, NULL, NULL) : NULL;

  return session != NULL ? g_strdup (adept_session_get_id (session)) : NULL;
}

AdeptDirectSession *
adeptctl_open_direct_session (const AdeptctlOptions  *options,
                              GError                **error)
{
  g_autoptr(AdeptSession) session = adeptctl_open_session (options, error);

  if (session == NULL)
    return NULL;
  if (!ADEPT_IS_DIRECT_SESSION (session))
    {
      g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_FAILED,
                   _("Server “%s” keeps its keys on its own server (%s): manage them there."),
                   adept_session_get_id (session), adept_session_get_kind_label (session));
      return NULL;
    }
  return ADEPT_DIRECT_SESSION (g_steal_pointer (&session));
}

void
adeptctl_store_result (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* Iterates the default main context, the one the DEP client was made in, so its
 * connections and session serve every call of the verb. */
GAsyncResult *
adeptctl_wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

char *
adeptctl_format_time (GDateTime *time)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);

  return g_date_time_format (utc, "%Y-%m-%d %H:%M UTC");
}

char *
adeptctl_format_expiry (GDateTime *expiry)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *date = adeptctl_format_time (expiry);
  GTimeSpan left = g_date_time_difference (expiry, now);
  gint64 days = left / G_TIME_SPAN_DAY;

  if (left <= 0)
    return g_strdup_printf (_("expired on %s"), date);
  if (days == 0)
    return g_strdup_printf (_("%s (in less than a day)"), date);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s (in %lld day)", "%s (in %lld days)",
                                       (gulong) MIN (days, G_MAXINT)),
                          date, (long long) days);
}

struct _AdeptctlReport
{
  JsonBuilder *builder;
  GString     *text;
};

AdeptctlReport *
adeptctl_report_new (const AdeptctlOptions *options)
{
  AdeptctlReport *report = g_new0 (AdeptctlReport, 1);

  if (options->json)
    {
      report->builder = json_builder_new ();
      json_builder_begin_object (report->builder);
    }
  else
    report->text = g_string_new (NULL);
  return report;
}

void
adeptctl_report_add (AdeptctlReport *report,
                     const char     *json_name,
                     const char     *label,
                     const char     *value)
{
  if (value == NULL)
    return;
  if (report->builder != NULL)
    {
      json_builder_set_member_name (report->builder, json_name);
      json_builder_add_string_value (report->builder, value);
    }
  else if (label != NULL)
    {
      /* Values come from Apple, ABM and files: no escape sequence reaches the terminal. */
      g_autofree char *shown = adept_escape_control (value);

      g_string_append_printf (report->text, "%-26s %s\n", label, shown);
    }
}

void
adeptctl_report_add_time (AdeptctlReport *report,
                          const char     *json_name,
                          const char     *label,
                          GDateTime      *time)
{
  g_autofree char *text = NULL;

  if (time == NULL)
    return;
  if (report->builder != NULL)
    {
      g_autoptr(GDateTime) utc = g_date_time_to_utc (time);
      text = g_date_time_format_iso8601 (utc);
    }
  else
    text = adeptctl_format_time (time);
  adeptctl_report_add (report, json_name, label, text);
}

void
adeptctl_report_add_expiry (AdeptctlReport *report,
                            GDateTime      *expiry)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *text = NULL;

  if (expiry == NULL)
    return;
  if (report->builder == NULL)
    {
      text = adeptctl_format_expiry (expiry);
      adeptctl_report_add (report, NULL, _("Token expires:"), text);
      return;
    }
  adeptctl_report_add_time (report, "expiry", NULL, expiry);
  adeptctl_report_add_bool (report, "expired", g_date_time_compare (expiry, now) <= 0);
  json_builder_set_member_name (report->builder, "days_left");
  json_builder_add_int_value (report->builder,
                              g_date_time_difference (expiry, now) / G_TIME_SPAN_DAY);
}

void
adeptctl_report_add_bool (AdeptctlReport *report,
                          const char     *json_name,
                          gboolean        value)
{
  if (report->builder == NULL)
    return;
  json_builder_set_member_name (report->builder, json_name);
  json_builder_add_boolean_value (report->builder, value);
}

void
adeptctl_print_json (JsonNode *root)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  printf ("%s\n", text);
}

static void
print_indent (guint depth)
{
  for (guint i = 0; i < depth; i++)
    fputs ("  ", stdout);
}

void
adeptctl_json_list_begin (AdeptctlJsonList *list,
                          guint             depth)
{
  list->depth = depth;
  list->any = FALSE;
  fputc ('[', stdout);
}

void
adeptctl_json_list_add (AdeptctlJsonList *list,
                        JsonObject       *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_object_unref (object);
  json_generator_set_root (generator, node);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);

  fputs (list->any ? ",\n" : "\n", stdout);
  list->any = TRUE;
  /* The element's own lines, shifted to where it sits in the document. */
  for (const char *line = text; line != NULL;)
    {
      const char *end = strchr (line, '\n');

      print_indent (list->depth + 1);
      fwrite (line, 1, end != NULL ? (size_t) (end - line) : strlen (line), stdout);
      if (end != NULL)
        fputc ('\n', stdout);
      line = end != NULL ? end + 1 : NULL;
    }
}

void
adeptctl_json_list_end (AdeptctlJsonList *list)
{
  if (list->any)
    {
      fputc ('\n', stdout);
      print_indent (list->depth);
    }
  fputc (']', stdout);
  if (list->depth == 0)
    fputc ('\n', stdout);
}

void
adeptctl_report_print (AdeptctlReport *report)
{
  if (report->builder != NULL)
    {
      g_autoptr(JsonNode) root = NULL;

      json_builder_end_object (report->builder);
      root = json_builder_get_root (report->builder);
      adeptctl_print_json (root);
      g_object_unref (report->builder);
    }
  else
    {
      fputs (report->text->str, stdout);
      g_string_free (report->text, TRUE);
    }
  g_free (report);
}

static char *
verb_words (const AdeptctlVerb *verb)
{
  return verb->group ? g_strdup_printf ("%s %s", verb->group, verb->name) : g_strdup (verb->name);
}

/* The summaries line up after the longest verb, whatever verbs are added. */
static void
print_usage (FILE *out)
{
  int width = 0;

  for (guint i = 0; verbs[i].name != NULL; i++)
    {
      g_autofree char *full = verb_words (&verbs[i]);

      width = MAX (width, (int) strlen (full));
    }
  fprintf (out, "%s\n\n", _("Usage: adeptctl [--server NAME] [--base-url URL] [--ca-file FILE | --pin-sha256 HASH] [--json] VERB [ARGS…]"));
  fprintf (out, "%s\n\n", _("Without --server a verb uses the only DEP server, or the one named “default”;\n"
                            "with several and none named so, name one (“adeptctl server list”)."));
  fprintf (out, "%s\n", _("Verbs:"));
  for (guint i = 0; verbs[i].name != NULL; i++)
    {
      g_autofree char *full = verb_words (&verbs[i]);

      fprintf (out, "  %-*s  %s\n", width, full, _(verbs[i].summary));
    }
  /* One a line: the name untranslated, as scripts and the manual use it (adeptctl-exit.h). */
  fprintf (out, "\n%s\n", _("Exit codes:"));
  for (guint i = 0; adeptctl_exit_statuses[i].name != NULL; i++)
    fprintf (out, "  %2d %-14s %s\n", adeptctl_exit_statuses[i].status,
             adeptctl_exit_statuses[i].name, _(adeptctl_exit_statuses[i].meaning));
}

static void
print_verbs (void)
{
  for (guint i = 0; verbs[i].name != NULL; i++)
    {
      g_autofree char *full = verb_words (&verbs[i]);

      printf ("%s\n", full);
    }
}

static const AdeptctlVerb *
find_verb (int    argc,
           char **argv,
           int   *consumed)
{
  for (guint i = 0; verbs[i].name != NULL; i++)
    {
      if (verbs[i].group == NULL)
        {
          if (argc >= 1 && g_str_equal (argv[0], verbs[i].name))
            {
              *consumed = 1;
              return &verbs[i];
            }
        }
      else if (argc >= 2 && g_str_equal (argv[0], verbs[i].group) &&
               g_str_equal (argv[1], verbs[i].name))
        {
          *consumed = 2;
          return &verbs[i];
        }
    }
  return NULL;
}

int
main (int    argc,
      char **argv)
{
  AdeptctlOptions options = { NULL, NULL, FALSE, FALSE };
  const AdeptctlVerb *verb;
  int i = 1;
  int consumed = 0;
  g_autofree char *resolved = NULL;

  /* It decrypts tokens and holds OAuth secrets: no core file, no ptrace by others. */
  adept_process_harden (ADEPT_PROCESS_TOOL);
  adept_process_init_locale ();
  /* stdout carries results (PEM, JSON) that scripts parse; every log line goes to stderr. */
  g_log_writer_default_set_use_stderr (TRUE);

  /* Global options come before the verb so verbs can parse their own freely. */
  while (i < argc && argv[i][0] == '-')
    {
      if (g_str_equal (argv[i], "--help") || g_str_equal (argv[i], "-h"))
        {
          print_usage (stdout);
          return ADEPTCTL_EXIT_OK;
        }
      else if (g_str_equal (argv[i], "--version"))
        {
          printf ("adeptctl %s\n", PACKAGE_VERSION);
          return ADEPTCTL_EXIT_OK;
        }
      /* Not in --help: for the shell completion, one verb a line, untranslated. */
      else if (g_str_equal (argv[i], "--list-verbs"))
        {
          print_verbs ();
          return ADEPTCTL_EXIT_OK;
        }
      else if (g_str_equal (argv[i], "--json"))
        options.json = TRUE;
      else if (g_str_equal (argv[i], "--server") && i + 1 < argc)
        {
          options.server_id = argv[++i];
          options.server_named = TRUE;
        }
      else if (g_str_equal (argv[i], "--base-url") && i + 1 < argc)
        options.base_url = argv[++i];
      else if (g_str_equal (argv[i], "--ca-file") && i + 1 < argc)
        options.ca_file = argv[++i];
      else if (g_str_equal (argv[i], "--pin-sha256") && i + 1 < argc)
        options.pin_sha256 = argv[++i];
      else if (g_str_equal (argv[i], "--demo"))
        adept_context_set_namespace (ADEPT_NAMESPACE_DEMO);
      else
        {
          g_printerr ("adeptctl: %s\n", _("Unknown option. See “adeptctl --help”."));
          return ADEPTCTL_EXIT_USAGE;
        }
      i++;
    }

  if (options.server_id != NULL && !adept_context_is_valid_server_id (options.server_id))
    {
      g_printerr ("adeptctl: %s\n", _("A server name uses lowercase letters, digits, “.”, “_” and “-”."));
      return ADEPTCTL_EXIT_USAGE;
    }

  verb = find_verb (argc - i, argv + i, &consumed);
  if (verb == NULL)
    {
      print_usage (stderr);
      return ADEPTCTL_EXIT_USAGE;
    }

  /* Verbs see the server the name resolves to, as if --server named it. */
  if (options.server_id == NULL)
    options.server_id = resolved = resolve_server_id ();
  watch_stop_signals ();
  return verb->func (&options, argc - i - consumed, argv + i + consumed);
}
