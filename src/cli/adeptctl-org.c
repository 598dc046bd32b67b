/* adeptctl-org.c — the organisation through the Apple Business API (abm-api.md)
 *
 *   adeptctl org connect --client-id ID --key-id ID --key FILE|- [--token-url URL] [--api-url URL]
 *   adeptctl org disconnect
 *   adeptctl org refresh
 *   adeptctl org devices [--filter unassigned|other|this|waiting] [--search TEXT] [--json|--csv]
 *   adeptctl org servers [--json]
 *   adeptctl org assign SERIAL…|--from FILE [--to SERVER] [--deadline DATE]
 *   adeptctl org unassign SERIAL…|--from FILE
 *   adeptctl org deadline SERIAL…|--from FILE --deadline DATE | --cancel
 *   adeptctl org activity ID
 *
 * The organisation is the one of the linked server (--server): its org_id and this
 * server's id among the organisation's MDM servers come from GET /account.
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adeptctl"

#include "config.h"

#include <gio/gunixinputstream.h>
#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "adept-core-enums.h"
#include "adept-device.h"
#include "adept-error.h"
#include "adept-org-device-list.h"
#include "adept-org-job.h"
#include "adept-secret.h"
#include "adept-store.h"
#include "adept-util.h"
#include "adeptctl.h"

/* The organisation as this server sees it. */
typedef struct {
  char         *org_id;
  char         *dep_server;
  char         *this_server_id;
  AdeptOrgView  view;
  AdeptStore   *store;
} OrgContext;

static void
org_context_clear (OrgContext *ctx)
{
  g_free (ctx->org_id);
  g_free (ctx->dep_server);
  g_free (ctx->this_server_id);
  g_clear_object (&ctx->store);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (OrgContext, org_context_clear)

/* The organisation and this server's id in it, from the server's account facts; asked of
 * Apple (GET /account) when this console never read them. */
static gboolean
org_context_init (OrgContext             *ctx,
                  const AdeptctlOptions  *options,
                  GError                **error)
{
  g_autoptr(AdeptServer) server = adeptctl_open_server (options, error);

  if (server == NULL)
    return FALSE;
  if (adept_server_get_account_fact (server, ADEPT_ACCOUNT_ORG_ID) == NULL)
    {
      g_autoptr(AdeptDepClient) client = NULL;
      g_autoptr(AdeptDepAccount) account = NULL;
      g_autoptr(GAsyncResult) result = NULL;

      g_clear_object (&server);
      client = adeptctl_open_client (options, &server, error);
      if (client == NULL)
        return FALSE;
      adept_dep_client_get_account_async (client, adeptctl_get_cancellable (),
                                          adeptctl_store_result, &result);
      account = adept_dep_client_get_account_finish (client, adeptctl_wait_for (&result), error);
      if (account == NULL)
        return FALSE;
      adeptctl_save_account_facts (server, account);
    }
  ctx->org_id = g_strdup (adept_server_get_account_fact (server, ADEPT_ACCOUNT_ORG_ID));
  ctx->this_server_id = g_strdup (adept_server_get_account_fact (server, ADEPT_ACCOUNT_SERVER_UUID));
  ctx->dep_server = g_strdup (options->server_id);
  if (ctx->org_id == NULL)
    {
      g_set_error_literal (error, ADEPT_ERROR, ADEPT_ERROR_NOT_LINKED,
                           _("Apple did not say which organization this server belongs to. Run “adeptctl account”, then try again."));
      return FALSE;
    }
  ctx->view.org_id = ctx->org_id;
  ctx->view.dep_server = ctx->dep_server;
  ctx->view.this_server_id = ctx->this_server_id;
  ctx->store = adeptctl_open_store (options, error);
  return ctx->store != NULL;
}

static AdeptOrg *
open_org (OrgContext  *ctx,
          GError     **error)
{
  return adept_org_open_sync (ctx->store, &ctx->view, NULL, error);
}

/* ---- connect / disconnect ---- */

static char *
read_key (const char  *path,
          GError     **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GInputStream) in = NULL;

  if (!g_str_equal (path, "-"))
    {
      file = g_file_new_for_commandline_arg (path);
      return adept_business_key_read_file (file, NULL, error);
    }
  in = g_unix_input_stream_new (0, FALSE);
  return adept_business_key_read_stream (in, _("standard input"), NULL, error);
}

int
adeptctl_org_connect (const AdeptctlOptions *global,
                      int                    argc,
                      char                 **argv)
{
  AdeptctlOptions options = *global;
  g_autofree char *client_id = NULL;
  g_autofree char *key_id = NULL;
  g_autofree char *key_path = NULL;
  g_autofree char *token_url = NULL;
  g_autofree char *api_url = NULL;
  const GOptionEntry entries[] = {
    { "client-id", 0, 0, G_OPTION_ARG_STRING, &client_id, N_("The API account's Client ID (BUSINESSAPI.…)"), N_("ID") },
    { "key-id", 0, 0, G_OPTION_ARG_STRING, &key_id, N_("The API account's Key ID"), N_("ID") },
    { "key", 0, 0, G_OPTION_ARG_FILENAME, &key_path, N_("The API account's private key (.pem; - for standard input)"), N_("FILE") },
    { "token-url", 0, 0, G_OPTION_ARG_STRING, &token_url, N_("Token endpoint (default Apple's)"), N_("URL") },
    { "api-url", 0, 0, G_OPTION_ARG_STRING, &api_url, N_("API address (default Apple's)"), N_("URL") },
    { NULL }
  };
  g_auto(GStrv) rest = NULL;
  g_auto(OrgContext) ctx = { 0, };
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptSecret) pem = NULL;
  g_autoptr(AdeptBusinessAccount) account = NULL;

  if (!adeptctl_parse_args (&options, "org connect --client-id ID --key-id ID --key FILE", entries,
                            argc, argv, &rest))
    return ADEPTCTL_EXIT_USAGE;
  if (rest[0] != NULL || client_id == NULL || key_id == NULL || key_path == NULL)
    return adeptctl_usage_error (_("“org connect” needs --client-id, --key-id and --key, as Apple Business shows them for the API account."));

  pem = read_key (key_path, &error);
  if (pem == NULL || !org_context_init (&ctx, &options, &error))
    return adeptctl_report_error (error);
  account = adept_business_account_new (ctx.org_id, client_id, key_id, pem, &error);
  if (account == NULL ||
      !adept_org_connect_sync (ctx.store, account, token_url, api_url, ctx.dep_server, NULL, &error))
    return adeptctl_report_error (error);

  printf (_("Connected organization %s to the Apple Business API with API account %s.\n"), ctx.org_id, client_id);
  printf (_("The private key is in the keyring. Run “adeptctl org refresh” to list the organization's devices.\n"));
  return ADEPTCTL_EXIT_OK;
}

int
adeptctl_org_disconnect (const AdeptctlOptions *global,
                         int                    argc,
                         char                 **argv)
{
  AdeptctlOptions options = *global;
  g_auto(GStrv) rest = NULL;
  g_auto(OrgContext) ctx = { 0, };
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  if (!adeptctl_parse_args (&options, "org disconnect", NULL, argc, argv, &rest))
    return ADEPTCTL_EXIT_USAGE;
  if (rest[0] != NULL)
    return adeptctl_usage_error (_("“org disconnect” takes no arguments."));
  if (!org_context_init (&ctx, &options, &error))
    return adeptctl_report_error (error);
  adept_org_disconnect_async (ctx.store, ctx.org_id, ctx.dep_server, NULL, adeptctl_store_result, &result);
  if (!adept_org_disconnect_finish (adeptctl_wait_for (&result), &error))
    return adeptctl_report_error (error);
  printf (_("Disconnected organization %s: its API key left the keyring and its listed devices this computer. The API account itself stays in Apple Business; revoke it there if it is no longer needed.\n"),
          ctx.org_id);
  return ADEPTCTL_EXIT_OK;
}

/* ---- refresh ---- */

typedef struct {
  gboolean quiet;
  guint    shown;
} Progress;

static void
on_listing_progress (AdeptOrg *org,
                     guint     listed,
                     guint     total,
                     Progress *progress)
{
  /* A line every tenth of the way is enough for a person, and a script can be quiet. */
  if (progress->quiet || total == 0 || (listed < total && listed - progress->shown < total / 10))
    return;
  progress->shown = listed;
  printf (g_dngettext (GETTEXT_PACKAGE, "Listed %u of %u device…\n", "Listed %u of %u devices…\n",
                       total), listed, total);
  fflush (stdout);
}

static gboolean
refresh (AdeptOrg  *org,
         gboolean   quiet,
         GError   **error)
{
  Progress progress = { quiet, 0 };
  gulong id = g_signal_connect (org, "listing-progress", G_CALLBACK (on_listing_progress), &progress);
  gboolean ok = adept_org_refresh_sync (org, NULL, error);

  g_signal_handler_disconnect (org, id);
  return ok;
}

/* Lists the organisation when the store has never had it. */
static gboolean
ensure_listed (OrgContext  *ctx,
               AdeptOrg    *org,
               GError     **error)
{
  g_autoptr(AdeptStoredOrg) stored = adept_store_get_org (ctx->store, ctx->org_id, error);

  if (stored != NULL && stored->listed > 0)
    return TRUE;
  g_printerr (_("adeptctl: listing the organization's devices first (“adeptctl org refresh”)…\n"));
  return refresh (org, TRUE, error);
}

int
adeptctl_org_refresh (const AdeptctlOptions *global,
                      int                    argc,
                      char                 **argv)
{
  AdeptctlOptions options = *global;
  gboolean quiet = FALSE;
  const GOptionEntry entries[] = {
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, N_("Print only the summary"), NULL },
    { NULL }
  };
  g_auto(GStrv) rest = NULL;
  g_auto(OrgContext) ctx = { 0, };
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptOrg) org = NULL;
  g_autoptr(GPtrArray) servers = NULL;
  g_autoptr(AdeptOrgDeviceList) list = NULL;
  AdeptctlReport *report;
  g_autofree char *requests = NULL;
  g_autofree char *devices = NULL;
  g_autofree char *n_servers = NULL;

  if (!adeptctl_parse_args (&options, "org refresh", entries, argc, argv, &rest))
    return ADEPTCTL_EXIT_USAGE;
  if (rest[0] != NULL)
    return adeptctl_usage_error (_("“org refresh” takes no arguments."));
  if (!org_context_init (&ctx, &options, &error) || (org = open_org (&ctx, &error)) == NULL ||
      !refresh (org, quiet || options.json, &error))
    return adeptctl_report_error (error);

  servers = adept_store_org_list_servers (ctx.store, &ctx.view, &error);
  list = adept_org_device_list_new (ctx.store, &ctx.view);
  if (servers == NULL || !adept_org_device_list_refresh (list, &error))
    return adeptctl_report_error (error);
  devices = g_strdup_printf ("%u", adept_org_device_list_get_n_total (list));
  n_servers = g_strdup_printf ("%u", servers->len);
  requests = g_strdup_printf ("%u", adept_business_client_get_requests_sent (adept_org_get_client (org)));
  report = adeptctl_report_new (&options);
  adeptctl_report_add (report, "devices", _("Devices:"), devices);
  adeptctl_report_add (report, "servers", _("MDM servers:"), n_servers);
  adeptctl_report_add (report, "requests", _("Requests:"), requests);
  adeptctl_report_print (report);
  return ADEPTCTL_EXIT_OK;
}

/* ---- devices ---- */

typedef enum {
  FILTER_ALL = -1,
  FILTER_WAITING = 100,
} Filter;

static gboolean
parse_filter (const char *name,
              int        *filter)
{
  AdeptOrgPlacement placement;

  if (name == NULL)
    *filter = FILTER_ALL;
  else if (g_str_equal (name, "unassigned"))
    *filter = ADEPT_ORG_PLACEMENT_UNASSIGNED;
  else if (g_str_equal (name, "other"))
    *filter = ADEPT_ORG_PLACEMENT_OTHER_SERVER;
  else if (g_str_equal (name, "this"))
    *filter = ADEPT_ORG_PLACEMENT_THIS_SERVER;
  else if (g_str_equal (name, "waiting"))
    *filter = FILTER_WAITING;
  else if (adept_org_placement_from_string (name, &placement))
    *filter = placement;
  else
    return FALSE;
  return TRUE;
}

static char *
format_day (gint64 unix_seconds)
{
  g_autoptr(GDateTime) time = unix_seconds > 0 ? g_date_time_new_from_unix_utc (unix_seconds) : NULL;

  return time != NULL ? g_date_time_format (time, "%Y-%m-%d") : NULL;
}

static const char * const csv_columns[] = {
  "serialNumber", "deviceModel", "productFamily", "productType", "deviceCapacity", "color",
  "orderNumber", "orderDateTime", "purchaseSourceType", "purchaseSourceId", "addedToOrgDateTime",
  "status", "serverId", "serverName", "placement", "depProfileStatus", "isMdmMigrationCapable",
  "mdmMigrationStatus", "mdmMigrationDeadlineDateTime",
};

static void
csv_time (GString *line,
          gint64   time)
{
  g_autofree char *text = adept_timestamp_format (time);

  adept_csv_append_field (line, text);
}

static void
print_csv_row (AdeptOrgDevice *device)
{
  const AdeptOrgDeviceData *d = adept_org_device_get_data (device);
  g_autoptr(GString) line = g_string_new (NULL);
  const char *fields[] = {
    d->serial_number, d->model, d->product_family, d->product_type, d->capacity, d->color,
    d->order_number, NULL, d->purchase_source_type, d->purchase_source_id, NULL,
    d->assigned ? "ASSIGNED" : "UNASSIGNED", d->server_id, d->server_name,
    adept_org_placement_to_string (d->placement),
    d->dep_status >= 0 ? adept_profile_status_to_string (d->dep_status) : NULL,
    d->migration_capable ? "true" : "false", d->migration_status, NULL,
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (fields) == G_N_ELEMENTS (csv_columns));
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      if (i > 0)
        g_string_append_c (line, ',');
      if (i == 7)
        csv_time (line, d->order_date);
      else if (i == 10)
        csv_time (line, d->added_date);
      else if (i == 18)
        csv_time (line, d->migration_deadline);
      else
        adept_csv_append_field (line, fields[i]);
    }
  g_string_append (line, "\r\n");
  fwrite (line->str, 1, line->len, stdout);
}

static void
print_json_row (AdeptOrgDevice *device,
                gboolean        first)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_node_take_object (node, adept_org_device_to_json (device));
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);
  printf ("%s\n  %s", first ? "" : ",", text);
}

static AdeptctlTable *
device_table_new (void)
{
  AdeptctlTable *table = adeptctl_table_new (7);

  adeptctl_table_add_row (table, (const char * const []) {
    _("SERIAL"), _("MODEL"), _("ORDER"), _("SOURCE"), _("ADDED"), _("MDM SERVER"), _("MIGRATION"),
  });
  return table;
}

static void
device_table_add (AdeptctlTable  *table,
                  AdeptOrgDevice *device)
{
  const AdeptOrgDeviceData *d = adept_org_device_get_data (device);
  g_autofree char *added = format_day (d->added_date);
  g_autofree char *deadline = format_day (d->migration_deadline);
  g_autofree char *migration = d->migration_status != NULL
    ? g_strdup_printf ("%s%s%s", d->migration_status, deadline != NULL ? " " : "", deadline != NULL ? deadline : "")
    : g_strdup (d->migration_capable ? _("capable") : "");
  const char *server = d->placement == ADEPT_ORG_PLACEMENT_UNASSIGNED ? _("(none)")
    : d->server_name != NULL ? d->server_name : d->server_id;
  g_autofree char *server_text = d->placement == ADEPT_ORG_PLACEMENT_THIS_SERVER
    ? g_strdup_printf (_("%s (this)"), server != NULL ? server : "") : g_strdup (server);

  adeptctl_table_add_row (table, (const char * const []) {
    d->serial_number, d->model, d->order_number, d->purchase_source_type, added, server_text, migration,
  });
}

int
adeptctl_org_devices (const AdeptctlOptions *global,
                      int                    argc,
                      char                 **argv)
{
  AdeptctlOptions options = *global;
  g_autofree char *filter_name = NULL;
  g_autofree char *search = NULL;
  gboolean csv = FALSE;
  gboolean again = FALSE;
  const GOptionEntry entries[] = {
    { "filter", 0, 0, G_OPTION_ARG_STRING, &filter_name, N_("unassigned, other (on another server), this (on this server) or waiting (on this server in Apple Business, not yet synced)"), N_("WHICH") },
    { "search", 0, 0, G_OPTION_ARG_STRING, &search, N_("Only devices whose serial or order number holds this text"), N_("TEXT") },
    { "csv", 0, 0, G_OPTION_ARG_NONE, &csv, N_("Print CSV (RFC 4180, UTF-8, with a header row)"), NULL },
    { "refresh", 0, 0, G_OPTION_ARG_NONE, &again, N_("List the organization from Apple first"), NULL },
    { NULL }
  };
  g_auto(GStrv) rest = NULL;
  g_auto(OrgContext) ctx = { 0, };
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptOrg) org = NULL;
  g_autoptr(AdeptOrgDeviceList) list = NULL;
  AdeptctlTable *table = NULL;
  guint shown = 0;
  int filter;

  if (!adeptctl_parse_args (&options, "org devices [--filter WHICH] [--search TEXT] [--json|--csv]", entries,
                            argc, argv, &rest))
    return ADEPTCTL_EXIT_USAGE;
  if (rest[0] != NULL)
    return adeptctl_usage_error (_("“org devices” takes no arguments."));
  if (csv && options.json)
    return adeptctl_usage_error (_("Choose --json or --csv, not both."));
  if (!parse_filter (filter_name, &filter))
    return adeptctl_usage_error (_("--filter is one of unassigned, other, this or waiting."));
  if (!org_context_init (&ctx, &options, &error) || (org = open_org (&ctx, &error)) == NULL ||
      !(again ? refresh (org, TRUE, &error) : ensure_listed (&ctx, org, &error)))
    return adeptctl_report_error (error);

  list = adept_org_device_list_new (ctx.store, &ctx.view);
  adept_org_device_list_set_placement_filter (list, filter == FILTER_WAITING ? ADEPT_ORG_PLACEMENT_THIS_SERVER : filter);
  adept_org_device_list_set_search (list, search);
  if (!adept_org_device_list_refresh (list, &error))
    return adeptctl_report_error (error);

  if (csv)
    {
      for (guint i = 0; i < G_N_ELEMENTS (csv_columns); i++)
        printf ("%s%s", i > 0 ? "," : "", csv_columns[i]);
      printf ("\r\n");
    }
  else if (options.json)
    printf ("[");
  else
    table = device_table_new ();
  /* One item at a time: 100,000 devices never live as objects at once. */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      g_autoptr(AdeptOrgDevice) device = g_list_model_get_item (G_LIST_MODEL (list), i);

      if (filter == FILTER_WAITING && adept_org_device_get_data (device)->dep_status >= 0)
        continue;
      if (csv)
        print_csv_row (device);
      else if (options.json)
        print_json_row (device, shown == 0);
      else
        device_table_add (table, device);
      shown++;
    }
  if (options.json)
    printf ("%s]\n", shown > 0 ? "\n" : "");
  else if (!csv)
    {
      adeptctl_table_print (table);
      printf ("\n");
      printf (g_dngettext (GETTEXT_PACKAGE, "%u device.\n", "%u devices.\n", shown), shown);
    }
  return ADEPTCTL_EXIT_OK;
}

/* ---- servers ---- */

int
adeptctl_org_servers (const AdeptctlOptions *global,
                      int                    argc,
                      char                 **argv)
{
  AdeptctlOptions options = *global;
  gboolean again = FALSE;
  const GOptionEntry entries[] = {
    { "refresh", 0, 0, G_OPTION_ARG_NONE, &again, N_("List the organization from Apple first"), NULL },
    { NULL }
  };
  g_auto(GStrv) rest = NULL;
  g_auto(OrgContext) ctx = { 0, };
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptOrg) org = NULL;
  g_autoptr(GPtrArray) servers = NULL;
  AdeptctlTable *table;

  if (!adeptctl_parse_args (&options, "org servers [--json]", entries, argc, argv, &rest))
    return ADEPTCTL_EXIT_USAGE;
  if (rest[0] != NULL)
    return adeptctl_usage_error (_("“org servers” takes no arguments."));
  if (!org_context_init (&ctx, &options, &error) || (org = open_org (&ctx, &error)) == NULL ||
      !(again ? refresh (org, TRUE, &error) : ensure_listed (&ctx, org, &error)) ||
      (servers = adept_store_org_list_servers (ctx.store, &ctx.view, &error)) == NULL)
    return adeptctl_report_error (error);

  if (options.json)
    {
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
      JsonArray *array = json_array_new ();

      for (guint i = 0; i < servers->len; i++)
        json_array_add_object_element (array, adept_org_server_to_json (g_ptr_array_index (servers, i)));
      json_node_take_array (root, array);
      adeptctl_print_json (root);
      return ADEPTCTL_EXIT_OK;
    }
  table = adeptctl_table_new (4);
  adeptctl_table_add_row (table, (const char * const []) { _("NAME"), _("TYPE"), _("DEVICES"), _("ID") });
  for (guint i = 0; i < servers->len; i++)
    {
      AdeptOrgServer *server = g_ptr_array_index (servers, i);
      g_autofree char *count = g_strdup_printf ("%u", adept_org_server_get_n_devices (server));
      g_autofree char *name = adept_org_server_get_is_this_server (server)
        ? g_strdup_printf (_("%s (this)"), adept_org_server_get_name (server))
        : g_strdup (adept_org_server_get_name (server));

      adeptctl_table_add_row (table, (const char * const []) {
        name, adept_org_server_get_server_type (server), count, adept_org_server_get_id (server),
      });
    }
  adeptctl_table_print (table);
  return ADEPTCTL_EXIT_OK;
}

/* ---- assign / unassign / deadline ---- */

/* "2026-03-01" (the end of that day, local time), an RFC 3339 date and time, or "30d"
 * (days from now). 0 when unreadable. */
static gint64
parse_deadline (const char *text)
{
  g_autoptr(GDateTime) when = NULL;
  guint64 days;
  int y, m, d;
  char end;

  if (text == NULL)
    return 0;
  if (g_str_has_suffix (text, "d") && strlen (text) > 1)
    {
      g_autofree char *number = g_strndup (text, strlen (text) - 1);

      if (g_ascii_string_to_unsigned (number, 10, 1, 3650, &days, NULL))
        return g_get_real_time () / G_USEC_PER_SEC + (gint64) days * 86400;
      return 0;
    }
  if (sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &end) == 3)
    when = g_date_time_new_local (y, m, d, 23, 59, 0);
  else
    when = g_date_time_new_from_iso8601 (text, NULL);
  return when != NULL ? g_date_time_to_unix (when) : 0;
}

static void
on_phase (AdeptOrgJob *job,
          GParamSpec  *pspec,
          gpointer     user_data)
{
  const char *text = adept_org_job_phase_describe (adept_org_job_get_phase (job));

  if (text != NULL)
    {
      printf ("%s\n", text);
      fflush (stdout);
    }
}

static void
on_activity (AdeptOrgJob      *job,
             AdeptOrgActivity *activity,
             gpointer          user_data)
{
  g_debug ("Activity %s: %s %s", adept_org_activity_get_id (activity), adept_org_activity_get_status (activity),
           adept_org_activity_get_sub_status (activity) != NULL ? adept_org_activity_get_sub_status (activity) : "");
}

static JsonArray *
results_to_json (GPtrArray *results)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < results->len; i++)
    {
      AdeptOrgDeviceResult *r = g_ptr_array_index (results, i);
      JsonObject *entry = json_object_new ();

      json_object_set_string_member (entry, "serialNumber", r->serial);
      json_object_set_string_member (entry, "status", r->ok ? "SUCCESS" : "FAILED");
      if (r->code != NULL)
        json_object_set_string_member (entry, "code", r->code);
      if (r->detail != NULL)
        json_object_set_string_member (entry, "detail", r->detail);
      json_array_add_object_element (array, entry);
    }
  return array;
}

static void
print_refusals (GPtrArray *results)
{
  AdeptctlTable *table = NULL;

  for (guint i = 0; i < results->len; i++)
    {
      AdeptOrgDeviceResult *r = g_ptr_array_index (results, i);

      if (r->ok)
        continue;
      if (table == NULL)
        {
          table = adeptctl_table_new (3);
          adeptctl_table_add_row (table, (const char * const []) { _("SERIAL"), _("CODE"), _("APPLE'S REASON") });
        }
      adeptctl_table_add_row (table, (const char * const []) { r->serial, r->code, r->detail });
    }
  if (table != NULL)
    {
      printf ("\n");
      adeptctl_table_print (table);
    }
}

static int
print_job (const AdeptctlOptions *options,
           AdeptOrgJob           *job)
{
  g_autofree char *summary = adept_org_job_dup_summary (job);
  GPtrArray *activities = adept_org_job_get_activities (job);
  int status = adept_org_job_get_n_failed (job) == 0 ? ADEPTCTL_EXIT_OK : ADEPTCTL_EXIT_FAILED;

  if (options->json)
    {
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
      JsonObject *object = json_object_new ();
      JsonArray *ids = json_array_new ();

      for (guint i = 0; i < activities->len; i++)
        json_array_add_string_element (ids, adept_org_activity_get_id (g_ptr_array_index (activities, i)));
      json_object_set_string_member (object, "summary", summary);
      json_object_set_string_member (object, "activityType",
                                     adept_org_activity_type_to_apple (adept_org_job_get_activity_type (job)));
      if (adept_org_job_get_server_id (job) != NULL)
        json_object_set_string_member (object, "mdmServer", adept_org_job_get_server_id (job));
      json_object_set_int_member (object, "devices", adept_org_job_get_n_devices (job));
      json_object_set_int_member (object, "succeeded", adept_org_job_get_n_succeeded (job));
      json_object_set_int_member (object, "failed", adept_org_job_get_n_failed (job));
      json_object_set_array_member (object, "activities", ids);
      json_object_set_array_member (object, "results", results_to_json (adept_org_job_get_results (job)));
      json_node_take_object (root, object);
      adeptctl_print_json (root);
      return status;
    }
  printf ("%s\n", summary);
  for (guint i = 0; i < activities->len; i++)
    printf (_("Activity %s: %s.\n"), adept_org_activity_get_id (g_ptr_array_index (activities, i)),
            adept_org_activity_get_sub_status (g_ptr_array_index (activities, i)) != NULL
              ? adept_org_activity_get_sub_status (g_ptr_array_index (activities, i))
              : adept_org_activity_get_status (g_ptr_array_index (activities, i)));
  print_refusals (adept_org_job_get_results (job));
  return status;
}

static int
run_job (const AdeptctlOptions *options,
         OrgContext            *ctx,
         AdeptOrg              *org,
         AdeptOrgActivityType   type,
         GPtrArray             *serials,
         const char            *to,
         gint64                 deadline)
{
  g_autoptr(AdeptOrgJob) job = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptOrgServer) server = NULL;
  const char *server_id = NULL;

  if (to != NULL)
    {
      if (!ensure_listed (ctx, org, &error))
        return adeptctl_report_error (error);
      server = adept_org_find_server (org, to, &error);
      if (server == NULL)
        {
          if (error != NULL)
            return adeptctl_report_error (error);
          g_printerr (_("adeptctl: the organization has no MDM server “%s”. See “adeptctl org servers”.\n"), to);
          return ADEPTCTL_EXIT_BAD_INPUT;
        }
      server_id = adept_org_server_get_id (server);
    }
  job = adept_org_job_new (org, type, (const char * const *) serials->pdata, server_id, deadline);
  if (!options->json)
    g_signal_connect (job, "notify::phase", G_CALLBACK (on_phase), NULL);
  g_signal_connect (job, "activity-changed", G_CALLBACK (on_activity), NULL);
  if (!adept_org_job_run_sync (job, NULL, &error))
    {
      /* What was done before the failure is stored; say it too. */
      if (adept_org_job_get_activities (job)->len > 0 && !options->json)
        print_job (options, job);
      return adeptctl_report_error (error);
    }
  return print_job (options, job);
}

static int
activity_verb (const AdeptctlOptions *global,
               const char            *usage,
               AdeptOrgActivityType   type,
               int                    argc,
               char                 **argv)
{
  AdeptctlOptions options = *global;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *deadline_text = NULL;
  gboolean cancel = FALSE;
  gboolean skip_bad = FALSE;
  const GOptionEntry assign_entries[] = {
    { "from", 0, 0, G_OPTION_ARG_FILENAME, &from, N_("Serial numbers from this file, one a line (- for standard input)"), N_("FILE") },
    ADEPTCTL_SKIP_BAD_ENTRY (skip_bad),
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("Another MDM server of the organization (name or id; default this one)"), N_("SERVER") },
    { "deadline", 0, 0, G_OPTION_ARG_STRING, &deadline_text, N_("Migrate from the devices' current MDM server by this date (YYYY-MM-DD or 30d, at most 90 days)"), N_("DATE") },
    { NULL }
  };
  const GOptionEntry unassign_entries[] = {
    { "from", 0, 0, G_OPTION_ARG_FILENAME, &from, N_("Serial numbers from this file, one a line (- for standard input)"), N_("FILE") },
    ADEPTCTL_SKIP_BAD_ENTRY (skip_bad),
    { NULL }
  };
  const GOptionEntry deadline_entries[] = {
    { "from", 0, 0, G_OPTION_ARG_FILENAME, &from, N_("Serial numbers from this file, one a line (- for standard input)"), N_("FILE") },
    ADEPTCTL_SKIP_BAD_ENTRY (skip_bad),
    { "deadline", 0, 0, G_OPTION_ARG_STRING, &deadline_text, N_("The new migration deadline (YYYY-MM-DD or 30d, at most 90 days)"), N_("DATE") },
    { "cancel", 0, 0, G_OPTION_ARG_NONE, &cancel, N_("Cancel the pending migration instead"), NULL },
    { NULL }
  };
  g_auto(GStrv) rest = NULL;
  g_auto(OrgContext) ctx = { 0, };
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptOrg) org = NULL;
  g_autoptr(GPtrArray) serials = NULL;
  gint64 deadline = 0;

  if (!adeptctl_parse_args (&options, usage,
                            type == ADEPT_ORG_ACTIVITY_ASSIGN ? assign_entries
                            : type == ADEPT_ORG_ACTIVITY_UNASSIGN ? unassign_entries : deadline_entries,
                            argc, argv, &rest))
    return ADEPTCTL_EXIT_USAGE;
  if (type == ADEPT_ORG_ACTIVITY_UPDATE_DEADLINE)
    {
      if (cancel == (deadline_text != NULL))
        return adeptctl_usage_error (_("“org deadline” needs either --deadline DATE or --cancel."));
      if (cancel)
        type = ADEPT_ORG_ACTIVITY_CANCEL_MIGRATION;
    }
  else if (type == ADEPT_ORG_ACTIVITY_ASSIGN && deadline_text != NULL)
    type = ADEPT_ORG_ACTIVITY_ASSIGN_WITH_DEADLINE;
  if (deadline_text != NULL && (deadline = parse_deadline (deadline_text)) == 0)
    return adeptctl_usage_error (_("--deadline is a date (YYYY-MM-DD), a date and time (RFC 3339) or a number of days (30d)."));

  serials = adeptctl_collect_serials (from, rest, skip_bad, &error);
  if (serials == NULL)
    return adeptctl_report_error (error);
  if (serials->len <= 1)
    return adeptctl_usage_error (_("No serial numbers were given."));
  if (!org_context_init (&ctx, &options, &error) || (org = open_org (&ctx, &error)) == NULL)
    return adeptctl_report_error (error);
  return run_job (&options, &ctx, org, type, serials, to, deadline);
}

int
adeptctl_org_assign (const AdeptctlOptions *options,
                     int                    argc,
                     char                 **argv)
{
  return activity_verb (options, "org assign SERIAL…|--from FILE [--to SERVER] [--deadline DATE]",
                        ADEPT_ORG_ACTIVITY_ASSIGN, argc, argv);
}

int
adeptctl_org_unassign (const AdeptctlOptions *options,
                       int                    argc,
                       char                 **argv)
{
  return activity_verb (options, "org unassign SERIAL…|--from FILE", ADEPT_ORG_ACTIVITY_UNASSIGN, argc, argv);
}

int
adeptctl_org_deadline (const AdeptctlOptions *options,
                       int                    argc,
                       char                 **argv)
{
  return activity_verb (options, "org deadline SERIAL…|--from FILE --deadline DATE|--cancel",
                        ADEPT_ORG_ACTIVITY_UPDATE_DEADLINE, argc, argv);
}

/* ---- activity ---- */

/* An activity still running is asked about once more; a completed one gets its log. */
static gboolean
bring_up_to_date (OrgContext        *ctx,
                  AdeptOrg          *org,
                  AdeptOrgActivity  *activity,
                  GError           **error)
{
  AdeptBusinessClient *client = adept_org_get_client (org);
  g_autoptr(GAsyncResult) polled = NULL;
  g_autoptr(GAsyncResult) fetched = NULL;

  adept_business_client_poll_activity_async (client, activity, adeptctl_get_cancellable (),
                                             adeptctl_store_result, &polled);
  if (!adept_business_client_poll_activity_finish (client, adeptctl_wait_for (&polled), error))
    return FALSE;
  if (adept_org_activity_get_done (activity) && adept_org_activity_get_download_url (activity) != NULL)
    {
      adept_business_client_fetch_results_async (client, activity, adeptctl_get_cancellable (),
                                                 adeptctl_store_result, &fetched);
      if (!adept_business_client_fetch_results_finish (client, adeptctl_wait_for (&fetched), error) ||
          !adept_store_org_apply_activity (ctx->store, ctx->org_id, activity, error))
        return FALSE;
    }
  return adept_store_org_save_activity (ctx->store, ctx->org_id, activity, error);
}

int
adeptctl_org_activity (const AdeptctlOptions *global,
                       int                    argc,
                       char                 **argv)
{
  AdeptctlOptions options = *global;
  g_auto(GStrv) rest = NULL;
  g_auto(OrgContext) ctx = { 0, };
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptOrg) org = NULL;
  g_autoptr(AdeptOrgActivity) activity = NULL;
  g_autofree char *created = NULL;
  g_autofree char *completed = NULL;
  g_autofree char *counts = NULL;
  AdeptctlReport *report;

  if (!adeptctl_parse_args (&options, "org activity ID", NULL, argc, argv, &rest))
    return ADEPTCTL_EXIT_USAGE;
  if (g_strv_length (rest) != 1)
    return adeptctl_usage_error (_("“org activity” needs one activity id."));
  if (!org_context_init (&ctx, &options, &error))
    return adeptctl_report_error (error);

  activity = adept_store_org_get_activity (ctx.store, ctx.org_id, rest[0], &error);
  if (error != NULL)
    return adeptctl_report_error (error);
  if (activity == NULL || !adept_org_activity_get_done (activity))
    {
      if ((org = open_org (&ctx, &error)) == NULL)
        return adeptctl_report_error (error);
      if (activity == NULL)
        {
          g_autoptr(GAsyncResult) result = NULL;

          adept_business_client_get_activity_async (adept_org_get_client (org), rest[0],
                                                    adeptctl_get_cancellable (),
                                                    adeptctl_store_result, &result);
          activity = adept_business_client_get_activity_finish (adept_org_get_client (org),
                                                                adeptctl_wait_for (&result), &error);
          if (activity == NULL)
            return adeptctl_report_error (error);
        }
      else if (!bring_up_to_date (&ctx, org, activity, &error))
        return adeptctl_report_error (error);
    }

  if (options.json)
    {
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);

      json_node_take_object (root, adept_org_activity_to_json (activity));
      adeptctl_print_json (root);
      return ADEPTCTL_EXIT_OK;
    }
  created = adept_timestamp_format (adept_org_activity_get_created (activity));
  completed = adept_timestamp_format (adept_org_activity_get_completed (activity));
  counts = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u device, %u succeeded, %u failed",
                                         "%u devices, %u succeeded, %u failed",
                                         adept_org_activity_get_n_devices (activity)),
                            adept_org_activity_get_n_devices (activity),
                            adept_org_activity_get_n_succeeded (activity), adept_org_activity_get_n_failed (activity));
  report = adeptctl_report_new (&options);
  adeptctl_report_add (report, NULL, _("Activity:"), adept_org_activity_get_id (activity));
  adeptctl_report_add (report, NULL, _("Type:"),
                       adept_org_activity_type_to_apple (adept_org_activity_get_activity_type (activity)));
  adeptctl_report_add (report, NULL, _("MDM server:"), adept_org_activity_get_server_id (activity));
  adeptctl_report_add (report, NULL, _("Status:"), adept_org_activity_get_status (activity));
  adeptctl_report_add (report, NULL, _("Detail:"), adept_org_activity_get_sub_status (activity));
  adeptctl_report_add (report, NULL, _("Created:"), created);
  adeptctl_report_add (report, NULL, _("Completed:"), completed);
  if (adept_org_activity_get_results (activity) != NULL)
    adeptctl_report_add (report, NULL, _("Devices:"), counts);
  adeptctl_report_print (report);
  if (adept_org_activity_get_results (activity) != NULL)
    print_refusals (adept_org_activity_get_results (activity));
  return ADEPTCTL_EXIT_OK;
}
