/* adeptctl-sync.c — sync with Apple into the local store, and read the store
 *
 *   adeptctl sync [--full]
 *   adeptctl devices list [--status S] [--json|--csv]
 *   adeptctl journal [--limit N]
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adeptctl"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "adept-error.h"
#include "adept-core-enums.h"
#include "adept-store.h"
#include "adept-sync-engine.h"
#include "adept-util.h"
#include "adeptctl.h"

/* Retries Apple asks for within this time are waited for before adeptctl exits; later
 * ones are done by the next sync or by the console. */
#define RETRY_HORIZON_S (5 * 60)

typedef JsonObject *(*ToJsonFunc) (gconstpointer item);

static void
print_json_array (GPtrArray  *items,
                  ToJsonFunc  to_json)
{
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < items->len; i++)
    json_array_add_object_element (array, to_json (g_ptr_array_index (items, i)));
  json_node_take_array (root, array);
  adeptctl_print_json (root);
}

static char *
format_local (gint64 unix_seconds)
{
  g_autoptr(GDateTime) dt = NULL;

  if (unix_seconds <= 0)
    return g_strdup ("");
  dt = g_date_time_new_from_unix_local (unix_seconds);
  return g_date_time_format (dt, "%Y-%m-%d %H:%M:%S");
}

static JsonObject *
journal_entry_to_json (const AdeptJournalEntry *e)
{
  JsonObject *o = json_object_new ();
  g_autofree char *started = adept_timestamp_format (e->started);
  g_autofree char *ended = adept_timestamp_format (e->ended);

  json_object_set_int_member (o, "id", e->id);
  json_object_set_string_member (o, "kind", adept_sync_kind_to_string (e->kind));
  if (e->reason != NULL)
    json_object_set_string_member (o, "reason", e->reason);
  json_object_set_string_member (o, "started", started);
  if (ended != NULL)
    json_object_set_string_member (o, "ended", ended);
  json_object_set_int_member (o, "pages", e->pages);
  json_object_set_int_member (o, "added", e->added);
  json_object_set_int_member (o, "modified", e->modified);
  json_object_set_int_member (o, "deleted", e->deleted);
  json_object_set_int_member (o, "assigned", e->assigned);
  if (e->error_code != NULL)
    {
      json_object_set_string_member (o, "error_code", e->error_code);
      json_object_set_string_member (o, "error_message", e->error_message);
    }
  return o;
}

/* ---- sync ---- */

typedef struct {
  gboolean quiet;
  guint    retried;
} SyncOutput;

static void
on_progress (AdeptSyncEngine *engine,
             guint            pages,
             guint            devices,
             SyncOutput      *out)
{
  if (out->quiet)
    return;
  printf (g_dngettext (GETTEXT_PACKAGE, "Page %u: %u device so far (%s)\n",
                       "Page %u: %u devices so far (%s)\n", devices), pages, devices,
          adept_sync_engine_get_phase (engine) == ADEPT_SYNC_PHASE_FETCH ? _("fetch") : _("sync"));
  fflush (stdout);
}

static void
on_retries_finished (AdeptSyncEngine *engine,
                     guint            n,
                     SyncOutput      *out)
{
  out->retried += n;
  if (!out->quiet)
    printf (g_dngettext (GETTEXT_PACKAGE, "Retried the assignment of %u device.\n",
                         "Retried the assignment of %u devices.\n", n), n);
}

/* Throttled assignments Apple lets us retry soon are done before exiting, so the
 * nightly timer does not leave them for a day; what they assign counts into the run. A
 * stop signal ends the wait (and a pass under way, after its current answer). */
static gboolean
wait_for_near_retries (AdeptSyncEngine  *engine,
                       gint64            run_id,
                       SyncOutput       *out,
                       GError          **error)
{
  GCancellable *cancellable = adeptctl_get_cancellable ();
  AdeptStore *store = adept_sync_engine_get_store (engine);
  const char *server_id = adept_sync_engine_get_server_id (engine);
  gint64 deadline = g_get_real_time () / G_USEC_PER_SEC + 2 * RETRY_HORIZON_S;
  gint64 next;

  adept_sync_engine_set_retry_journal (engine, run_id);
  adept_sync_engine_set_retry_timer (engine, TRUE);
  while ((next = adept_store_get_next_retry_time (store, server_id)) != 0 &&
         next <= MIN (g_get_real_time () / G_USEC_PER_SEC + RETRY_HORIZON_S, deadline))
    {
      g_autofree char *at = format_local (next);
      guint before = out->retried;

      if (!out->quiet)
        printf (_("Waiting until %s to retry assignments Apple throttled…\n"), at);
      while ((out->retried == before && !g_cancellable_is_cancelled (cancellable)) ||
             adept_sync_engine_is_running (engine))
        {
          if (g_cancellable_is_cancelled (cancellable))
            adept_sync_engine_cancel (engine);
          g_main_context_iteration (NULL, TRUE);
        }
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        break;
    }
  adept_sync_engine_set_retry_timer (engine, FALSE);
  adept_sync_engine_set_retry_journal (engine, 0);
  return error == NULL || *error == NULL;
}

static void
print_run (const AdeptctlOptions   *options,
           AdeptSession            *session,
           const AdeptJournalEntry *entry)
{
  int devices = adept_session_get_device_count (session);

  g_autofree char *pages = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u page", "%u pages",
                                                         entry->pages), entry->pages);

  if (entry->kind == ADEPT_SYNC_KIND_FULL)
    printf (_("Full fetch (%s).\n"), entry->reason ? entry->reason : "");
  /* Translators: %s is a number of pages, "3 pages"; the numbers after it count devices. */
  printf (_("Sync finished in %lld s: %s, %u added, %u modified, %u deleted, %u given the default profile.\n"),
          (long long) (entry->ended - entry->started), pages, entry->added, entry->modified,
          entry->deleted, entry->assigned);
  printf (g_dngettext (GETTEXT_PACKAGE, "%d device on the server.\n", "%d devices on the server.\n",
                       MAX (devices, 0)), MAX (devices, 0));
}

/* One server's run, with progress on stdout; the journal entry, or NULL with the error. */
static AdeptJournalEntry *
sync_one (AdeptSession  *session,
          gboolean       full,
          gboolean       unattended,
          SyncOutput    *out,
          GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(AdeptJournalEntry) entry = NULL;
  GCancellable *cancellable = adeptctl_get_cancellable ();
  AdeptSyncEngine *engine;
  AdeptJournalEntry *counted;
  AdeptSyncFlags flags = full ? ADEPT_SYNC_FLAGS_FULL : ADEPT_SYNC_FLAGS_NONE;

  adept_session_connect_async (session, cancellable, adeptctl_store_result, &result);
  if (!adept_session_connect_finish (session, adeptctl_wait_for (&result), error))
    return NULL;
  g_clear_object (&result);
  if (unattended)
    flags |= ADEPT_SYNC_FLAGS_UNATTENDED;

  engine = adept_session_get_engine (session);
  g_signal_connect (engine, "progress", G_CALLBACK (on_progress), out);
  g_signal_connect (engine, "retries-finished", G_CALLBACK (on_retries_finished), out);

  /* systemd stops a service with SIGTERM: the run keeps what it committed (each page
   * with its cursor, what a page owes the auto-assigner) and ends its journal row. */
  adept_session_sync_async (session, flags, cancellable, adeptctl_store_result, &result);
  entry = adept_session_sync_finish (session, adeptctl_wait_for (&result), error);
  if (entry != NULL && !wait_for_near_retries (engine, entry->id, out, error))
    g_clear_pointer (&entry, adept_journal_entry_free);
  /* A good run queues the adoption of profiles found on devices that Adept does not know. */
  while (entry != NULL && adept_session_get_busy (session))
    g_main_context_iteration (NULL, TRUE);
  g_signal_handlers_disconnect_by_data (engine, out);
  if (entry == NULL)
    return NULL;

  counted = adept_store_get_journal_entry (adept_session_get_store (session), entry->id, NULL);
  return counted != NULL ? counted : g_steal_pointer (&entry);
}

/* --notify: what the admin should hear of (adept_session_take_alerts()) as desktop
 * notifications, sent through the session bus under the console's application id, so the
 * desktop shows them as Adept's and a click starts the console at the server (D-Bus
 * activation). No bus (a cron job, ssh): nothing is taken, the console tells it later. */
static GApplication *
notifier_new (void)
{
  g_autoptr(GApplication) app = g_application_new (APP_ID, G_APPLICATION_NON_UNIQUE);
  g_autoptr(GError) error = NULL;

  if (!g_application_register (app, NULL, &error))
    {
      g_debug ("No desktop notifications: %s", error->message);
      return NULL;
    }
  return g_steal_pointer (&app);
}

static void
notify_alerts (GApplication *app,
               AdeptSession *session)
{
  g_autoptr(GPtrArray) alerts = NULL;

  if (app == NULL)
    return;
  alerts = adept_session_take_alerts (session);
  for (guint i = 0; i < alerts->len; i++)
    {
      g_autofree char *id = NULL;
      g_autoptr(GNotification) notification =
        adept_alert_new_notification (g_ptr_array_index (alerts, i), adept_session_get_id (session), &id);

      g_application_send_notification (app, id, notification);
    }
}

static void
notifier_free (GApplication *app)
{
  GDBusConnection *bus;

  if (app == NULL)
    return;
  /* The notifications are calls on the bus: out before adeptctl exits. */
  bus = g_application_get_dbus_connection (app);
  if (bus != NULL)
    g_dbus_connection_flush_sync (bus, NULL, NULL);
  g_object_unref (app);
}

/* --all: every linked server, one after another; a failure does not stop the others. The
 * exit code is the first failure's. */
static int
sync_all (const AdeptctlOptions *options,
          gboolean               full,
          GApplication          *notifier)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptSessionList) list = adeptctl_open_sessions (&error);
  g_autoptr(JsonArray) runs = json_array_new ();
  int status = ADEPTCTL_EXIT_OK;
  guint n_linked = 0;

  if (list == NULL)
    return adeptctl_report_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      g_autoptr(AdeptSession) session = g_list_model_get_item (G_LIST_MODEL (list), i);
      g_autoptr(AdeptJournalEntry) entry = NULL;
      g_autoptr(GError) run_error = NULL;
      SyncOutput out = { options->json, 0 };
      JsonObject *o;

      if (!adept_session_get_linked (session))
        continue;
      /* Stopped by a signal: the servers not reached yet are not synced. */
      if (g_cancellable_set_error_if_cancelled (adeptctl_get_cancellable (), &error))
        {
          int code = adeptctl_report_error (error);

          if (status == ADEPTCTL_EXIT_OK)
            status = code;
          break;
        }
      n_linked++;
      if (!options->json)
        printf (_("Server “%s”:\n"), adept_session_get_id (session));
      entry = sync_one (session, full, notifier != NULL, &out, &run_error);
      notify_alerts (notifier, session);

      o = entry ? journal_entry_to_json (entry) : json_object_new ();
      json_object_set_string_member (o, "server", adept_session_get_id (session));
      if (entry == NULL)
        {
          int code = adeptctl_report_error (run_error);

          if (status == ADEPTCTL_EXIT_OK)
            status = code;
          json_object_set_string_member (o, "error_code", run_error->domain == ADEPT_ERROR
                                         ? adept_error_code_name (run_error->code) : "failed");
          json_object_set_string_member (o, "error_message", run_error->message);
        }
      else if (entry->error_code != NULL && status == ADEPTCTL_EXIT_OK)
        status = ADEPTCTL_EXIT_FAILED;
      else if (!options->json)
        print_run (options, session, entry);
      json_array_add_object_element (runs, o);
      if (!options->json)
        printf ("\n");
    }

  if (options->json)
    {
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);

      json_node_set_array (root, runs);
      adeptctl_print_json (root);
    }
  else if (n_linked == 0)
    printf ("%s\n", _("No DEP server is linked: nothing to sync."));
  return status;
}

int
adeptctl_sync (const AdeptctlOptions *global,
               int                    argc,
               char                 **argv)
{
  AdeptctlOptions options = *global;
  gboolean full = FALSE;
  gboolean all = FALSE;
  gboolean notify = FALSE;
  const GOptionEntry entries[] = {
    { "full", 0, 0, G_OPTION_ARG_NONE, &full, N_("Fetch every device again instead of the changes"), NULL },
    { "all", 0, 0, G_OPTION_ARG_NONE, &all, N_("Every linked server, one after another"), NULL },
    { "notify", 0, 0, G_OPTION_ARG_NONE, &notify, N_("Unattended (the nightly timer): tell of a failure, an expiring token or new terms as desktop notifications"), NULL },
    { NULL }
  };
  g_auto(GStrv) rest = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptSession) session = NULL;
  g_autoptr(AdeptJournalEntry) entry = NULL;
  SyncOutput out = { FALSE, 0 };
  GApplication *notifier = NULL;
  int status;

  if (!adeptctl_parse_args (&options, "sync [--full] [--all] [--notify]", entries, argc, argv, &rest))
    return ADEPTCTL_EXIT_USAGE;
  if (rest[0] != NULL)
    return adeptctl_usage_error (_("“sync” takes no arguments."));
  if (all && (options.server_named || options.base_url != NULL))
    return adeptctl_usage_error (_("“sync --all” syncs every server: leave out --server and --base-url."));
  if (notify)
    notifier = notifier_new ();
  if (all)
    {
      status = sync_all (&options, full, notifier);
      notifier_free (notifier);
      return status;
    }
  out.quiet = options.json;

  session = adeptctl_open_session (&options, &error);
  if (session == NULL)
    {
      notifier_free (notifier);
      return adeptctl_report_error (error);
    }
  entry = sync_one (session, full, notify, &out, &error);
  notify_alerts (notifier, session);
  notifier_free (notifier);
  if (entry == NULL)
    return adeptctl_report_error (error);

  if (options.json)
    {
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);

      json_node_take_object (root, journal_entry_to_json (entry));
      adeptctl_print_json (root);
      return ADEPTCTL_EXIT_OK;
    }
  print_run (&options, session, entry);
  return ADEPTCTL_EXIT_OK;
}

/* ---- devices list ---- */

static const char * const csv_columns[] = {
  "serial_number", "model", "description", "color", "asset_tag", "os", "device_family",
  "profile_status", "profile_uuid", "profile_assign_time", "profile_push_time",
  "device_assigned_date", "device_assigned_by",
};

static void
csv_time (GString *line,
          gint64   value)
{
  g_autofree char *text = adept_timestamp_format (value);

  adept_csv_append_field (line, text);
}

static void
print_csv_header (void)
{
  g_autoptr(GString) line = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (csv_columns); i++)
    {
      if (i > 0)
        g_string_append_c (line, ',');
      g_string_append (line, csv_columns[i]);
    }
  for (guint i = 0; adept_device_csv_id_columns[i] != NULL; i++)
    g_string_append_printf (line, ",%s", adept_device_csv_id_columns[i]);
  g_string_append (line, "\r\n");
  fwrite (line->str, 1, line->len, stdout);
}

/* One line for each device, as the store hands them over: no list is kept. */
typedef struct {
  GString          *line;
  AdeptctlJsonList  json;
  guint             n;
} Listing;

static void
print_csv_device (AdeptDevice *d,
                  gpointer     user_data)
{
  Listing *listing = user_data;
  GString *line = listing->line;
  /* In the order of csv_columns. */
  const char *texts[] = {
    adept_device_get_serial_number (d), adept_device_get_model (d),
    adept_device_get_description (d), adept_device_get_color (d),
    adept_device_get_asset_tag (d), adept_device_get_os (d),
    adept_device_get_device_family (d),
    adept_profile_status_to_string (adept_device_get_profile_status (d)),
    adept_device_get_profile_uuid (d),
  };
  const gint64 times[] = {
    adept_device_get_profile_assign_time (d), adept_device_get_profile_push_time (d),
    adept_device_get_device_assigned_date (d),
  };

  g_string_truncate (line, 0);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      adept_csv_append_field (line, texts[i]);
      g_string_append_c (line, ',');
    }
  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    {
      csv_time (line, times[i]);
      g_string_append_c (line, ',');
    }
  adept_csv_append_field (line, adept_device_get_device_assigned_by (d));
  adept_device_append_csv_ids (d, line);
  g_string_append (line, "\r\n");
  fwrite (line->str, 1, line->len, stdout);
}

static void
print_json_device (AdeptDevice *d,
                   gpointer     user_data)
{
  Listing *listing = user_data;

  adeptctl_json_list_add (&listing->json, adept_device_to_json (d));
}

static void
print_device_line (AdeptDevice *d,
                   gpointer     user_data)
{
  Listing *listing = user_data;
  g_autofree char *assigned = format_local (adept_device_get_device_assigned_date (d));
  /* What Apple and ABM say, made printable. */
  g_autofree char *serial = adept_escape_control (adept_device_get_serial_number (d));
  g_autofree char *model = adept_escape_control (adept_device_get_model (d));
  g_autofree char *family = adept_escape_control (adept_device_get_device_family (d));
  g_autofree char *profile = adept_escape_control (adept_device_get_profile_uuid (d));

  assigned[MIN (strlen (assigned), 10)] = '\0';
  printf ("%-14s %-24s %-8s %-9s %-10s %s\n", serial,
          model ? model : "", family ? family : "",
          adept_profile_status_to_string (adept_device_get_profile_status (d)), assigned,
          profile ? profile : "");
  listing->n++;
}

static gboolean
print_devices (AdeptSession  *session,
               int            status,
               gboolean       csv,
               gboolean       json,
               GError       **error)
{
  g_autoptr(GString) line = g_string_new (NULL);
  Listing listing = { line, { 0, }, 0 };
  AdeptStoreEachDevice print_one = print_device_line;
  gboolean ok;

  if (csv)
    {
      print_csv_header ();
      print_one = print_csv_device;
    }
  else if (json)
    {
      adeptctl_json_list_begin (&listing.json, 0);
      print_one = print_json_device;
    }
  else
    printf ("%-14s %-24s %-8s %-9s %-10s %s\n", _("SERIAL"), _("MODEL"), _("FAMILY"),
            _("STATUS"), _("ASSIGNED"), _("PROFILE"));

  ok = adept_store_each_device (adept_session_get_store (session), adept_session_get_id (session),
                                status, print_one, &listing, error);
  /* Whatever was printed stays well-formed; the error follows on stderr. */
  if (json)
    adeptctl_json_list_end (&listing.json);
  else if (!csv && ok)
    {
      printf ("\n");
      printf (g_dngettext (GETTEXT_PACKAGE, "%u device.\n", "%u devices.\n", listing.n), listing.n);
    }
  return ok;
}

int
adeptctl_devices_list (const AdeptctlOptions *global,
                       int                    argc,
                       char                 **argv)
{
  AdeptctlOptions options = *global;
  g_autofree char *status_name = NULL;
  gboolean csv = FALSE;
  const GOptionEntry entries[] = {
    { "status", 0, 0, G_OPTION_ARG_STRING, &status_name, N_("Only devices with this DEP profile status: empty, assigned, pushed or removed"), N_("STATUS") },
    { "csv", 0, 0, G_OPTION_ARG_NONE, &csv, N_("Print CSV (RFC 4180, UTF-8, with a header row)"), NULL },
    { NULL }
  };
  g_auto(GStrv) rest = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptSession) session = NULL;
  int status = -1;

  if (!adeptctl_parse_args (&options, "devices list [--status STATUS] [--json|--csv]", entries,
                            argc, argv, &rest))
    return ADEPTCTL_EXIT_USAGE;
  if (rest[0] != NULL)
    return adeptctl_usage_error (_("“devices list” takes no arguments."));
  if (csv && options.json)
    return adeptctl_usage_error (_("Choose --json or --csv, not both."));
  if (status_name != NULL)
    {
      status = adept_profile_status_from_string (status_name);
      if (status == ADEPT_PROFILE_STATUS_UNKNOWN || *status_name == '\0')
        return adeptctl_usage_error (_("--status is one of empty, assigned, pushed or removed."));
    }

  session = adeptctl_open_session (&options, &error);
  if (session == NULL)
    return adeptctl_report_error (error);
  if (!print_devices (session, status, csv, options.json, &error))
    return adeptctl_report_error (error);
  return ADEPTCTL_EXIT_OK;
}

/* ---- journal ---- */

int
adeptctl_journal (const AdeptctlOptions *global,
                  int                    argc,
                  char                 **argv)
{
  AdeptctlOptions options = *global;
  int limit = 20;
  const GOptionEntry entries[] = {
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("How many runs, newest first (0: all; default 20)"), N_("N") },
    { NULL }
  };
  g_auto(GStrv) rest = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptSession) session = NULL;
  g_autoptr(GPtrArray) entries_list = NULL;

  if (!adeptctl_parse_args (&options, "journal [--limit N]", entries, argc, argv, &rest))
    return ADEPTCTL_EXIT_USAGE;
  if (rest[0] != NULL)
    return adeptctl_usage_error (_("“journal” takes no arguments."));
  if (limit < 0)
    return adeptctl_usage_error (_("--limit must be 0 or more."));

  session = adeptctl_open_session (&options, &error);
  if (session == NULL)
    return adeptctl_report_error (error);
  entries_list = adept_session_list_journal (session, limit, &error);
  if (entries_list == NULL)
    return adeptctl_report_error (error);

  if (options.json)
    {
      print_json_array (entries_list, (ToJsonFunc) journal_entry_to_json);
      return ADEPTCTL_EXIT_OK;
    }

  printf ("%-19s %-5s %5s %6s %8s %7s %8s  %s\n", _("STARTED"), _("KIND"), _("PAGES"), _("ADDED"),
          _("MODIFIED"), _("DELETED"), _("ASSIGNED"), _("RESULT"));
  for (guint i = 0; i < entries_list->len; i++)
    {
      AdeptJournalEntry *e = g_ptr_array_index (entries_list, i);
      g_autofree char *started = format_local (e->started);
      g_autofree char *result = NULL;

      if (e->ended == 0)
        result = g_strdup (_("running"));
      else if (e->error_code != NULL)
        result = g_strdup_printf ("%s: %s", e->error_code, e->error_message ? e->error_message : "");
      else
        result = g_strdup_printf (_("ok in %lld s"), (long long) (e->ended - e->started));
      if (e->reason != NULL)
        {
          char *with_reason = g_strdup_printf ("%s (%s)", result, e->reason);
          g_free (result);
          result = with_reason;
        }
      {
        g_autofree char *shown = adept_escape_control (result);

        printf ("%-19s %-5s %5u %6u %8u %7u %8u  %s\n", started, adept_sync_kind_to_string (e->kind),
                e->pages, e->added, e->modified, e->deleted, e->assigned, shown);
      }
    }
  return ADEPTCTL_EXIT_OK;
}

/* ---- server list ---- */

static const char *
condition_name (AdeptCondition condition)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (ADEPT_TYPE_CONDITION);
  GEnumValue *value = g_enum_get_value (klass, condition);

  /* "token-expires-soon"…, stable for scripts. */
  return value ? g_intern_string (value->value_nick) : "none";
}

int
adeptctl_server_list (const AdeptctlOptions *global,
                      int                    argc,
                      char                 **argv)
{
  AdeptctlOptions options = *global;
  g_auto(GStrv) rest = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptSessionList) list = NULL;
  g_autoptr(JsonArray) array = json_array_new ();
  AdeptSession *chosen;
  GListModel *model;

  if (!adeptctl_parse_args (&options, "server list", NULL, argc, argv, &rest))
    return ADEPTCTL_EXIT_USAGE;
  if (rest[0] != NULL)
    return adeptctl_usage_error (_("“server list” takes no arguments."));

  list = adeptctl_open_sessions (&error);
  if (list == NULL)
    return adeptctl_report_error (error);
  model = G_LIST_MODEL (list);
  /* The one a verb without --server uses, when there is one (resolving adds nothing then). */
  chosen = g_list_model_get_n_items (model) > 0 ? adept_session_list_resolve (list, NULL, NULL) : NULL;

  if (!options.json)
    printf ("%-3s%-20s %-8s %-9s %8s  %-22s %s\n", "", _("SERVER"), _("KIND"), _("STATE"),
            _("DEVICES"), _("TOKEN EXPIRES"), _("NAME"));
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(AdeptSession) session = g_list_model_get_item (model, i);
      GDateTime *expiry = adept_session_get_token_expiry (session);
      gboolean linked = adept_session_get_linked (session);
      const AdeptJournalEntry *last = adept_session_get_last_sync (session);

      if (options.json)
        {
          JsonObject *o = json_object_new ();

          json_object_set_string_member (o, "server", adept_session_get_id (session));
          json_object_set_string_member (o, "kind", adept_session_get_kind_name (session));
          json_object_set_string_member (o, "name", adept_session_get_display_name (session));
          json_object_set_boolean_member (o, "linked", linked);
          json_object_set_boolean_member (o, "used_by_default", session == chosen);
          json_object_set_string_member (o, "condition",
                                         condition_name (adept_session_get_condition (session)));
          if (linked)
            json_object_set_int_member (o, "devices", MAX (adept_session_get_device_count (session), 0));
          if (expiry != NULL)
            {
              g_autoptr(GDateTime) utc = g_date_time_to_utc (expiry);
              g_autofree char *text = g_date_time_format_iso8601 (utc);

              json_object_set_string_member (o, "token_expiry", text);
            }
          if (last != NULL)
            {
              g_autofree char *when = adept_timestamp_format (last->ended ? last->ended : last->started);

              json_object_set_string_member (o, "last_sync", when);
              if (last->error_code != NULL)
                json_object_set_string_member (o, "last_sync_error", last->error_code);
            }
          json_array_add_object_element (array, o);
        }
      else
        {
          g_autofree char *date = expiry ? adeptctl_format_time (expiry) : g_strdup ("");
          g_autofree char *devices = linked ? g_strdup_printf ("%d", MAX (adept_session_get_device_count (session), 0))
                                            : g_strdup ("");

          printf ("%-3s%-20s %-8s %-9s %8s  %-22s %s\n", session == chosen ? "*" : "",
                  adept_session_get_id (session), adept_session_get_kind_name (session),
                  linked ? _("linked") : _("unlinked"), devices, date,
                  adept_session_get_display_name (session));
        }
    }

  if (options.json)
    {
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);

      json_node_set_array (root, array);
      adeptctl_print_json (root);
    }
  else if (g_list_model_get_n_items (model) == 0)
    printf ("\n%s\n", _("No DEP server yet: “adeptctl key generate” starts linking one."));
  else if (chosen != NULL)
    printf ("\n%s\n", _("* is the server a verb uses without --server."));
  else
    printf ("\n%s\n", _("With several servers and none named “default”, name one with --server."));
  return ADEPTCTL_EXIT_OK;
}
