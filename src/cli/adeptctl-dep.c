/* adeptctl-dep.c — the DEP API from the command line: account, devices, profiles, assign
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adeptctl"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "adept-dep-client.h"
#include "adept-error.h"
#include "adept-input.h"
#include "adept-json.h"
#include "adept-oauth-authenticator.h"
#include "adept-serial-list.h"
#include "adept-util.h"
#include "adeptctl.h"

/* Apple's code and the field it names are what a script or a person needs to fix a
 * profile; the wait is already in the message of a throttled error. */
static int
report_dep_error (const GError *error)
{
  const char *field = adept_error_get_field (error);
  const char *code = adept_error_get_apple_code (error);
  int status = adeptctl_report_error (error);

  if (!g_error_matches (error, ADEPT_ERROR, ADEPT_ERROR_VALIDATION))
    return status;
  if (field != NULL)
    g_printerr (_("adeptctl: profile key “%s” (Apple’s code %s)\n"), field, code);
  else if (code != NULL)
    g_printerr (_("adeptctl: Apple’s code %s\n"), code);
  return status;
}

/* ---- Output ---- */

static void
print_json_object (JsonObject *object)
{
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (root, object);
  adeptctl_print_json (root);
}

/* Columns as wide as their widest cell, for people; scripts use --json. */
struct _AdeptctlTable {
  guint      n_columns;
  GPtrArray *cells;
};

AdeptctlTable *
adeptctl_table_new (guint n_columns)
{
  AdeptctlTable *table = g_new0 (AdeptctlTable, 1);

  table->n_columns = n_columns;
  table->cells = g_ptr_array_new_with_free_func (g_free);
  return table;
}

void
adeptctl_table_add_row (AdeptctlTable      *table,
                        const char * const *row)
{
  /* Cells hold what Apple and ABM say (models, descriptions): made printable. */
  for (guint i = 0; i < table->n_columns; i++)
    g_ptr_array_add (table->cells, row[i] ? adept_escape_control (row[i]) : g_strdup (""));
}

void
adeptctl_table_print (AdeptctlTable *table)
{
  g_autofree glong *widths = g_new0 (glong, table->n_columns);
  g_autoptr(GString) line = g_string_new (NULL);
  guint n_rows = table->cells->len / table->n_columns;

  for (guint i = 0; i < table->cells->len; i++)
    widths[i % table->n_columns] = MAX (widths[i % table->n_columns],
                                        g_utf8_strlen (g_ptr_array_index (table->cells, i), -1));
  for (guint r = 0; r < n_rows; r++)
    {
      g_string_truncate (line, 0);
      for (guint c = 0; c < table->n_columns; c++)
        {
          const char *cell = g_ptr_array_index (table->cells, r * table->n_columns + c);

          g_string_append (line, cell);
          if (c + 1 < table->n_columns)
            for (glong pad = g_utf8_strlen (cell, -1); pad < widths[c] + 2; pad++)
              g_string_append_c (line, ' ');
        }
      while (line->len > 0 && line->str[line->len - 1] == ' ')
        g_string_truncate (line, line->len - 1);
      printf ("%s\n", line->str);
    }
  g_ptr_array_unref (table->cells);
  g_free (table);
}

static char *
format_day (gint64 unix_seconds)
{
  g_autoptr(GDateTime) time = NULL;

  if (unix_seconds == 0)
    return NULL;
  time = g_date_time_new_from_unix_utc (unix_seconds);
  return time ? g_date_time_format (time, "%Y-%m-%d") : NULL;
}

static AdeptctlTable *
device_table_new (void)
{
  AdeptctlTable *table = adeptctl_table_new (7);

  adeptctl_table_add_row (table, (const char * const []) {
    _("SERIAL"), _("MODEL"), _("OS"), _("FAMILY"), _("PROFILE STATUS"), _("PROFILE"), _("ADDED"),
  });
  return table;
}

static void
device_table_add (AdeptctlTable *table,
                  AdeptDevice *device)
{
  g_autofree char *added = format_day (adept_device_get_device_assigned_date (device));

  adeptctl_table_add_row (table, (const char * const []) {
    adept_device_get_serial_number (device),
    adept_device_get_model (device),
    adept_device_get_os (device),
    adept_device_get_device_family (device),
    adept_profile_status_get_label (adept_device_get_profile_status (device)),
    adept_device_get_profile_uuid (device),
    added,
  });
}

/* ---- Serial numbers from arguments or a file ---- */

/* One serial a line or a CSV's first column ("-" is standard input), then the arguments;
 * duplicates once. Any entry that is no serial number refuses the whole list, unless
 * skip_bad: then they are named on stderr and left out. */
GPtrArray *
adeptctl_collect_serials (const char  *from,
                          char       **args,
                          gboolean     skip_bad,
                          GError     **error)
{
  g_autoptr(AdeptSerialList) list = NULL;
  GPtrArray *serials;

  if (from != NULL)
    {
      g_autoptr(GBytes) bytes = NULL;
      g_autofree char *name = g_str_equal (from, "-") ? g_strdup (_("standard input"))
                                                      : g_filename_display_name (from);

      bytes = g_str_equal (from, "-") ? adept_input_read_fd (0, name, ADEPT_INPUT_SERIAL_LIST, error)
                                      : adept_input_read_file (from, ADEPT_INPUT_SERIAL_LIST, error);
      if (bytes == NULL)
        return NULL;
      list = adept_serial_list_parse (bytes, name, error);
      if (list == NULL)
        return NULL;
    }
  else
    list = adept_serial_list_new ();
  for (guint i = 0; args != NULL && args[i] != NULL; i++)
    adept_serial_list_add (list, args[i]);
  if (skip_bad)
    {
      g_autofree char *skipped = adept_serial_list_describe_skipped (list);

      if (skipped != NULL)
        g_printerr ("adeptctl: %s\n", skipped);
    }
  else if (!adept_serial_list_check (list, error))
    return NULL;

  serials = g_ptr_array_new_with_free_func (g_free);
  for (const char * const *s = adept_serial_list_get_serials (list); *s != NULL; s++)
    g_ptr_array_add (serials, g_strdup (*s));
  g_ptr_array_add (serials, NULL);
  return serials;
}

/* ---- account ---- */

/* Keeps what GET /account said in the server's settings, for the console (the verbs that
 * talk to Apple without a session's refresh_account). */
void
adeptctl_save_account_facts (AdeptServer     *server,
                             AdeptDepAccount *account)
{
  g_autoptr(GError) error = NULL;

  /* What Apple said is shown either way; keeping it is a convenience for the console. */
  if (!adept_server_set_account (server, account, &error))
    g_printerr ("adeptctl: %s\n", error->message);
}

int
adeptctl_account (const AdeptctlOptions *global,
                  int                    argc,
                  char                 **argv)
{
  AdeptctlOptions options = *global;
  g_auto(GStrv) rest = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptSession) session = NULL;
  g_autoptr(AdeptDepAccount) account = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  AdeptctlReport *report;

  if (!adeptctl_parse_args (&options, "account", NULL, argc, argv, &rest))
    return ADEPTCTL_EXIT_USAGE;
  if (rest[0] != NULL)
    return adeptctl_usage_error (_("“account” takes no arguments."));

  session = adeptctl_connect_session (&options, &error);
  if (session == NULL)
    return report_dep_error (error);
  /* Kept in server.ini too, for the console. */
  adept_session_refresh_account_async (session,
                                       adeptctl_get_cancellable (), adeptctl_store_result, &result);
  account = adept_session_refresh_account_finish (session, adeptctl_wait_for (&result), &error);
  if (account == NULL)
    return report_dep_error (error);

  report = adeptctl_report_new (&options);
  adeptctl_report_add (report, "server_name", _("MDM server:"), adept_dep_account_get_server_name (account));
  adeptctl_report_add (report, "server_uuid", _("Server UUID:"), adept_dep_account_get_server_uuid (account));
  adeptctl_report_add (report, "admin_id", _("Token made by:"), adept_dep_account_get_admin_id (account));
  adeptctl_report_add (report, "facilitator_id", NULL, adept_dep_account_get_facilitator_id (account));
  adeptctl_report_add (report, "org_name", _("Organization:"), adept_dep_account_get_org_name (account));
  adeptctl_report_add (report, "org_email", _("Email:"), adept_dep_account_get_org_email (account));
  adeptctl_report_add (report, "org_phone", _("Phone:"), adept_dep_account_get_org_phone (account));
  adeptctl_report_add (report, "org_address", _("Address:"), adept_dep_account_get_org_address (account));
  adeptctl_report_add (report, "org_id", _("Organization ID:"), adept_dep_account_get_org_id (account));
  adeptctl_report_add (report, "org_id_hash", NULL, adept_dep_account_get_org_id_hash (account));
  adeptctl_report_add (report, "org_type", _("Organization type:"), adept_dep_account_get_org_type (account));
  adeptctl_report_add (report, "org_version", NULL, adept_dep_account_get_org_version (account));
  adeptctl_report_add (report, "base_url", _("DEP service:"), adept_session_get_base_url (session));
  adeptctl_report_print (report);
  return ADEPTCTL_EXIT_OK;
}

/* ---- devices fetch / devices show ---- */

/* The rest of the answer after the devices: the last page's cursor (to continue with
 * --cursor), so what was printed is a whole document even when a later page failed. */
static void
end_fetch_json (AdeptctlJsonList *devices,
                AdeptFetchPage   *last)
{
  g_autoptr(JsonObject) rest = adept_fetch_page_to_json (last);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;
  size_t len;

  adeptctl_json_list_end (devices);
  json_object_remove_member (rest, "devices");
  node = json_node_init_object (json_node_alloc (), json_object_ref (rest));
  json_generator_set_root (generator, node);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  /* "{\n  members\n}": the members continue the document's object. */
  len = strlen (text);
  g_assert (len > 2 && text[0] == '{' && text[1] == '\n');
  fputs (",\n", stdout);
  fwrite (text + 2, 1, len - 2, stdout);
  fputc ('\n', stdout);
}

int
adeptctl_devices_fetch (const AdeptctlOptions *global,
                        int                    argc,
                        char                 **argv)
{
  AdeptctlOptions options = *global;
  gboolean all = FALSE;
  int limit = ADEPT_DEP_MAX_PAGE_SIZE;
  g_autofree char *cursor = NULL;
  const GOptionEntry entries[] = {
    { "all", 0, 0, G_OPTION_ARG_NONE, &all, N_("Every page, not just the first"), NULL },
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("Devices a page (1–1000, default 1000)"), N_("N") },
    { "cursor", 0, 0, G_OPTION_ARG_STRING, &cursor, N_("Continue after an earlier page"), N_("CURSOR") },
    { NULL }
  };
  g_auto(GStrv) rest = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptSession) session = NULL;
  AdeptDepClient *client;
  AdeptctlJsonList json_devices = { 0, };
  g_autoptr(AdeptFetchPage) last = NULL;
  AdeptctlTable *table = NULL;
  guint n_devices = 0;

  if (!adeptctl_parse_args (&options, "devices fetch [--all] [--limit N] [--cursor CURSOR]", entries,
                            argc, argv, &rest))
    return ADEPTCTL_EXIT_USAGE;
  if (rest[0] != NULL)
    return adeptctl_usage_error (_("“devices fetch” takes no arguments."));
  if (limit < 1 || limit > ADEPT_DEP_MAX_PAGE_SIZE)
    return adeptctl_usage_error (_("--limit must be between 1 and 1000."));

  /* Apple's pages as they come, stored nowhere ("sync" keeps them). */
  session = adeptctl_connect_session (&options, &error);
  if (session == NULL)
    return report_dep_error (error);
  client = adept_session_get_client (session);
  if (!options.json)
    table = device_table_new ();

  do
    {
      g_autoptr(GAsyncResult) result = NULL;
      AdeptFetchPage *page;
      GPtrArray *devices;

      adept_dep_client_fetch_devices_async (client, last ? adept_fetch_page_get_cursor (last) : cursor,
                                            limit, adeptctl_get_cancellable (),
                                            adeptctl_store_result, &result);
      page = adept_dep_client_fetch_devices_finish (client, adeptctl_wait_for (&result), &error);
      if (page == NULL)
        {
          if (table != NULL)
            adeptctl_table_print (table);
          else if (last != NULL)
            end_fetch_json (&json_devices, last);
          return report_dep_error (error);
        }
      /* Devices are printed page by page, the cursor after them: --all of 100,000 needs
       * the memory of one page. Nothing is printed when the first page fails. */
      if (table == NULL && last == NULL)
        {
          fputs ("{\n  \"devices\" : ", stdout);
          adeptctl_json_list_begin (&json_devices, 1);
        }
      g_clear_object (&last);
      last = page;
      devices = adept_fetch_page_get_devices (page);
      for (guint i = 0; i < devices->len; i++)
        {
          if (table != NULL)
            device_table_add (table, g_ptr_array_index (devices, i));
          else
            adeptctl_json_list_add (&json_devices, adept_device_to_json (g_ptr_array_index (devices, i)));
        }
      n_devices += devices->len;
    }
  while (all && adept_fetch_page_get_more_to_follow (last));

  if (options.json)
    {
      end_fetch_json (&json_devices, last);
      return ADEPTCTL_EXIT_OK;
    }

  adeptctl_table_print (table);
  printf ("\n");
  printf (g_dngettext (GETTEXT_PACKAGE, "%u device.\n", "%u devices.\n", n_devices), n_devices);
  if (adept_fetch_page_get_more_to_follow (last))
    {
      g_autofree char *next = adept_escape_control (adept_fetch_page_get_cursor (last));

      printf (_("More devices follow: add --all, or continue with --cursor %s\n"), next);
    }
  return ADEPTCTL_EXIT_OK;
}

static void
print_device (AdeptDevice *device)
{
  AdeptctlOptions text = { NULL, NULL, FALSE };
  AdeptctlReport *report = adeptctl_report_new (&text);
  AdeptProfileStatus status = adept_device_get_profile_status (device);
  g_autofree char *status_text = g_strdup_printf ("%s — %s", adept_profile_status_get_label (status),
                                                  adept_profile_status_get_meaning (status));
  g_autoptr(GDateTime) assigned = NULL;
  g_autoptr(GDateTime) pushed = NULL;
  g_autoptr(GDateTime) added = NULL;

  if (adept_device_get_profile_assign_time (device) > 0)
    assigned = g_date_time_new_from_unix_utc (adept_device_get_profile_assign_time (device));
  if (adept_device_get_profile_push_time (device) > 0)
    pushed = g_date_time_new_from_unix_utc (adept_device_get_profile_push_time (device));
  if (adept_device_get_device_assigned_date (device) > 0)
    added = g_date_time_new_from_unix_utc (adept_device_get_device_assigned_date (device));

  adeptctl_report_add (report, NULL, _("Serial number:"), adept_device_get_serial_number (device));
  adeptctl_report_add (report, NULL, _("Model:"), adept_device_get_model (device));
  adeptctl_report_add (report, NULL, _("Description:"), adept_device_get_description (device));
  adeptctl_report_add (report, NULL, _("Color:"), adept_device_get_color (device));
  adeptctl_report_add (report, NULL, _("Asset tag:"), adept_device_get_asset_tag (device));
  adeptctl_report_add (report, NULL, _("OS:"), adept_device_get_os (device));
  adeptctl_report_add (report, NULL, _("Family:"), adept_device_get_device_family (device));
  adeptctl_report_add (report, NULL, _("DEP profile status:"), status_text);
  adeptctl_report_add (report, NULL, _("Profile:"), adept_device_get_profile_uuid (device));
  adeptctl_report_add_time (report, NULL, _("Profile assigned:"), assigned);
  adeptctl_report_add_time (report, NULL, _("Profile pushed:"), pushed);
  adeptctl_report_add_time (report, NULL, _("Added to the server:"), added);
  adeptctl_report_add (report, NULL, _("Added by:"), adept_device_get_device_assigned_by (device));
  adeptctl_report_add_device_ids (report, device);
  adeptctl_report_print (report);
}

int
adeptctl_devices_show (const AdeptctlOptions *global,
                       int                    argc,
                       char                 **argv)
{
  AdeptctlOptions options = *global;
  g_auto(GStrv) rest = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptSession) session = NULL;
  AdeptDepClient *client;
  g_autoptr(AdeptDeviceResults) results = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) serials = NULL;
  int status = ADEPTCTL_EXIT_OK;

  if (!adeptctl_parse_args (&options, "devices show SERIAL…", NULL, argc, argv, &rest))
    return ADEPTCTL_EXIT_USAGE;
  serials = adeptctl_collect_serials (NULL, rest, FALSE, &error);
  if (serials == NULL)
    return adeptctl_report_error (error);
  if (serials->len <= 1)
    return adeptctl_usage_error (_("“devices show” needs one or more serial numbers."));

  /* Apple's record, shown and not stored ("Refresh from Apple" in the console stores it). */
  session = adeptctl_connect_session (&options, &error);
  if (session == NULL)
    return report_dep_error (error);
  client = adept_session_get_client (session);
  adept_dep_client_get_device_details_async (client, (const char * const *) serials->pdata,
                                             adeptctl_get_cancellable (),
                                             adeptctl_store_result, &result);
  results = adept_dep_client_get_device_details_finish (client, adeptctl_wait_for (&result), &error);
  if (results == NULL)
    return report_dep_error (error);

  if (options.json)
    {
      g_autoptr(JsonObject) out = adept_device_results_to_json (results);

      print_json_object (out);
    }
  for (guint i = 0; i + 1 < serials->len; i++)
    {
      const char *serial = g_ptr_array_index (serials, i);
      AdeptDevice *device = adept_device_results_get_device (results, serial);

      if (device == NULL)
        {
          status = ADEPTCTL_EXIT_FAILED;
          if (!options.json)
            printf ("%s: %s\n", serial,
                    adept_device_result_get_label (adept_device_results_get_result (results, serial)));
        }
      else if (!options.json)
        print_device (device);
      if (!options.json && i + 2 < serials->len)
        printf ("\n");
    }
  return status;
}

/* ---- profiles define / profiles show ---- */

static AdeptDepProfile *
read_profile (const char  *path,
              GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonObject) object = NULL;
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;

  bytes = adept_input_read_file (path, ADEPT_INPUT_PROFILE, error);
  if (bytes == NULL)
    return NULL;
  object = adept_json_parse_object (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                    ADEPT_JSON_SOURCE_PROFILE, error);
  if (object == NULL)
    return NULL;

  /* A mistyped key would be dropped silently otherwise. */
  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &key, &value))
    if (!adept_dep_profile_is_known_key (key))
      {
        g_autofree char *shown = adept_escape_control (key);

        g_printerr (_("adeptctl: “%s” is not a profile key Adept knows; it is left out.\n"), shown);
      }

  return adept_dep_profile_new_from_json (object, error);
}

static int
print_device_results (const AdeptctlOptions *options,
                      AdeptDeviceResults    *results)
{
  guint n = adept_device_results_get_n_results (results);
  guint succeeded = adept_device_results_count (results, ADEPT_DEVICE_RESULT_SUCCESS);
  gint64 wait = adept_device_results_get_retry_after_seconds (results);
  AdeptctlTable *table;

  if (options->json)
    {
      g_autoptr(JsonObject) out = adept_device_results_to_json (results);

      print_json_object (out);
      return succeeded == n ? ADEPTCTL_EXIT_OK : ADEPTCTL_EXIT_FAILED;
    }
  if (n == 0)
    return ADEPTCTL_EXIT_OK;

  table = adeptctl_table_new (2);
  adeptctl_table_add_row (table, (const char * const []) { _("SERIAL"), _("RESULT") });
  for (guint i = 0; i < n; i++)
    {
      const char *serial = adept_device_results_get_serial (results, i);

      adeptctl_table_add_row (table, (const char * const []) {
        serial, adept_device_results_get_raw_result (results, serial) });
    }
  adeptctl_table_print (table);
  printf ("\n");
  printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u device done.\n", "%u of %u devices done.\n", n),
          succeeded, n);
  for (AdeptDeviceResult r = ADEPT_DEVICE_RESULT_NOT_ACCESSIBLE; r <= ADEPT_DEVICE_RESULT_OTHER; r++)
    {
      guint count = adept_device_results_count (results, r);

      if (count > 0)
        printf ("%s (%u): %s\n", adept_device_result_to_string (r), count, adept_device_result_get_label (r));
    }
  if (wait > 0)
    printf (g_dngettext (GETTEXT_PACKAGE,
                         "Wait at least %d second before trying the throttled devices again.\n",
                         "Wait at least %d seconds before trying the throttled devices again.\n",
                         (gulong) MIN (wait, G_MAXINT)),
            (int) MIN (wait, G_MAXINT));
  return succeeded == n ? ADEPTCTL_EXIT_OK : ADEPTCTL_EXIT_FAILED;
}

int
adeptctl_profiles_define (const AdeptctlOptions *global,
                          int                    argc,
                          char                 **argv)
{
  AdeptctlOptions options = *global;
  g_auto(GStrv) rest = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *replaces = NULL;
  const GOptionEntry entries[] = {
    { "replaces", 0, 0, G_OPTION_ARG_STRING, &replaces,
      N_("The kept profile this one replaces (it keeps the default, if it was)"), N_("UUID") },
    { NULL }
  };
  g_autoptr(AdeptSession) session = NULL;
  g_autoptr(AdeptDepProfile) profile = NULL;
  g_autoptr(AdeptDeviceResults) results = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  if (!adeptctl_parse_args (&options, "profiles define FILE.json [--replaces UUID]", entries,
                            argc, argv, &rest))
    return ADEPTCTL_EXIT_USAGE;
  if (g_strv_length (rest) != 1)
    return adeptctl_usage_error (_("“profiles define” needs one profile file (JSON)."));

  profile = read_profile (rest[0], &error);
  if (profile == NULL)
    return adeptctl_report_error (error);
  session = adeptctl_connect_session (&options, &error);
  if (session == NULL)
    return report_dep_error (error);
  /* Checked, sent, kept in the store and audited, as the console's editor does. */
  adept_session_define_profile_async (session, profile, replaces, NULL, adeptctl_store_result,
                                      &result);
  results = adept_session_define_profile_finish (session, adeptctl_wait_for (&result), &error);
  if (results == NULL)
    return report_dep_error (error);

  if (!options.json)
    printf ("%s %s\n\n", _("Profile UUID:"), adept_device_results_get_profile_uuid (results));
  return print_device_results (&options, results);
}

static const char *
yes_no (gboolean value)
{
  return value ? _("yes") : _("no");
}

static char *
join_list (const char * const *list)
{
  return list != NULL && list[0] != NULL ? g_strjoinv (", ", (char **) list) : NULL;
}

int
adeptctl_profiles_show (const AdeptctlOptions *global,
                        int                    argc,
                        char                 **argv)
{
  AdeptctlOptions options = *global;
  g_auto(GStrv) rest = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptSession) session = NULL;
  g_autoptr(AdeptDepProfile) profile = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *skip = NULL;
  g_autofree char *devices = NULL;
  AdeptctlReport *report;

  if (!adeptctl_parse_args (&options, "profiles show UUID", NULL, argc, argv, &rest))
    return ADEPTCTL_EXIT_USAGE;
  if (g_strv_length (rest) != 1)
    return adeptctl_usage_error (_("“profiles show” needs one profile UUID."));

  session = adeptctl_connect_session (&options, &error);
  if (session == NULL)
    return report_dep_error (error);
  adept_session_fetch_profile_async (session, rest[0],
                                     adeptctl_get_cancellable (), adeptctl_store_result, &result);
  profile = adept_session_fetch_profile_finish (session, adeptctl_wait_for (&result), &error);
  if (profile == NULL)
    return report_dep_error (error);

  if (options.json)
    {
      g_autoptr(JsonObject) out = adept_dep_profile_to_json (profile);

      print_json_object (out);
      return ADEPTCTL_EXIT_OK;
    }

  skip = join_list (adept_dep_profile_get_skip_setup_items (profile));
  devices = join_list (adept_dep_profile_get_devices (profile));
  report = adeptctl_report_new (&options);
  adeptctl_report_add (report, NULL, _("Profile UUID:"), adept_dep_profile_get_profile_uuid (profile));
  adeptctl_report_add (report, NULL, _("Name:"), adept_dep_profile_get_profile_name (profile));
  adeptctl_report_add (report, NULL, _("MDM server URL:"), adept_dep_profile_get_url (profile));
  adeptctl_report_add (report, NULL, _("Supervised:"), yes_no (adept_dep_profile_get_is_supervised (profile)));
  adeptctl_report_add (report, NULL, _("Mandatory:"), yes_no (adept_dep_profile_get_is_mandatory (profile)));
  adeptctl_report_add (report, NULL, _("Removable:"), yes_no (adept_dep_profile_get_is_mdm_removable (profile)));
  adeptctl_report_add (report, NULL, _("Await configured:"), yes_no (adept_dep_profile_get_await_device_configured (profile)));
  adeptctl_report_add (report, NULL, _("Multi-user:"), yes_no (adept_dep_profile_get_is_multi_user (profile)));
  adeptctl_report_add (report, NULL, _("Allow pairing:"), yes_no (adept_dep_profile_get_allow_pairing (profile)));
  adeptctl_report_add (report, NULL, _("Auto advance:"), yes_no (adept_dep_profile_get_auto_advance_setup (profile)));
  adeptctl_report_add (report, NULL, _("Department:"), adept_dep_profile_get_department (profile));
  adeptctl_report_add (report, NULL, _("Support phone:"), adept_dep_profile_get_support_phone_number (profile));
  adeptctl_report_add (report, NULL, _("Support email:"), adept_dep_profile_get_support_email_address (profile));
  adeptctl_report_add (report, NULL, _("Language:"), adept_dep_profile_get_language (profile));
  adeptctl_report_add (report, NULL, _("Region:"), adept_dep_profile_get_region (profile));
  adeptctl_report_add (report, NULL, _("Sign-in page:"), adept_dep_profile_get_configuration_web_url (profile));
  adeptctl_report_add (report, NULL, _("Skipped panes:"), skip);
  adeptctl_report_add (report, NULL, _("Devices:"), devices);
  adeptctl_report_print (report);
  return ADEPTCTL_EXIT_OK;
}

/* ---- assign / unassign ---- */

static int
assign_or_unassign (const AdeptctlOptions  *global,
                    const char             *usage,
                    gboolean                assign,
                    int                     argc,
                    char                  **argv)
{
  AdeptctlOptions options = *global;
  g_autofree char *from = NULL;
  gboolean skip_bad = FALSE;
  const GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_FILENAME, &from, N_("Serial numbers from this file, one a line (- for standard input)"), N_("FILE") },
    ADEPTCTL_SKIP_BAD_ENTRY (skip_bad),
    { NULL }
  };
  g_auto(GStrv) rest = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptSession) session = NULL;
  g_autoptr(AdeptDeviceResults) results = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) serials = NULL;
  const char *profile_uuid = NULL;

  if (!adeptctl_parse_args (&options, usage, entries, argc, argv, &rest))
    return ADEPTCTL_EXIT_USAGE;
  if (assign)
    {
      if (rest[0] == NULL)
        return adeptctl_usage_error (_("“assign” needs the profile UUID, then serial numbers or --from FILE."));
      profile_uuid = rest[0];
    }
  serials = adeptctl_collect_serials (from, assign ? rest + 1 : rest, skip_bad, &error);
  if (serials == NULL)
    return adeptctl_report_error (error);
  if (serials->len <= 1)
    return adeptctl_usage_error (_("No serial numbers were given."));

  session = adeptctl_connect_session (&options, &error);
  if (session == NULL)
    return report_dep_error (error);
  /* The console's path: Apple's batches, the assign attempts and the audit entry. */
  if (assign)
    adept_session_assign_async (session, profile_uuid, (const char * const *) serials->pdata,
                                adeptctl_get_cancellable (),
                                adeptctl_store_result, &result);
  else
    adept_session_remove_async (session, NULL, (const char * const *) serials->pdata,
                                adeptctl_get_cancellable (),
                                adeptctl_store_result, &result);
  results = adept_session_run_job_finish (session, adeptctl_wait_for (&result), &error);
  if (results == NULL)
    return report_dep_error (error);
  if (profile_uuid != NULL)
    adept_device_results_set_profile_uuid (results, profile_uuid);
  return print_device_results (&options, results);
}

int
adeptctl_assign (const AdeptctlOptions *options,
                 int                    argc,
                 char                 **argv)
{
  return assign_or_unassign (options, "assign UUID SERIAL…|--from FILE [--skip-bad]", TRUE, argc, argv);
}

int
adeptctl_unassign (const AdeptctlOptions *options,
                   int                    argc,
                   char                 **argv)
{
  return assign_or_unassign (options, "unassign SERIAL…|--from FILE [--skip-bad]", FALSE, argc, argv);
}

/* ---- profiles list / adopt / default ---- */

int
adeptctl_profiles_list (const AdeptctlOptions *global,
                        int                    argc,
                        char                 **argv)
{
  AdeptctlOptions options = *global;
  g_auto(GStrv) rest = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptSession) session = NULL;
  g_autoptr(GPtrArray) profiles = NULL;
  g_autoptr(GHashTable) counts = NULL;
  const char *default_uuid;
  AdeptctlTable *table;

  if (!adeptctl_parse_args (&options, "profiles list", NULL, argc, argv, &rest))
    return ADEPTCTL_EXIT_USAGE;
  if (rest[0] != NULL)
    return adeptctl_usage_error (_("“profiles list” takes no arguments."));

  session = adeptctl_open_session (&options, &error);
  if (session == NULL)
    return adeptctl_report_error (error);
  profiles = adept_store_list_profiles (adept_session_get_store (session),
                                        adept_session_get_id (session), &error);
  if (profiles != NULL)
    counts = adept_store_count_devices_by_profile (adept_session_get_store (session),
                                                   adept_session_get_id (session), &error);
  if (counts == NULL)
    return adeptctl_report_error (error);
  default_uuid = adept_session_get_default_profile (session);

  if (options.json)
    {
      g_autoptr(JsonArray) array = json_array_new ();
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);

      for (guint i = 0; i < profiles->len; i++)
        {
          AdeptStoredProfile *p = g_ptr_array_index (profiles, i);
          JsonObject *o = json_object_new ();
          g_autofree char *created = adept_timestamp_format (p->created);

          json_object_set_string_member (o, "uuid", p->uuid);
          json_object_set_string_member (o, "name", p->name);
          json_object_set_string_member (o, "origin", p->origin == ADEPT_PROFILE_ORIGIN_ADOPTED
                                                      ? "adopted" : "defined");
          json_object_set_string_member (o, "created", created);
          if (p->replaces != NULL)
            json_object_set_string_member (o, "replaces", p->replaces);
          json_object_set_boolean_member (o, "default", g_strcmp0 (p->uuid, default_uuid) == 0);
          json_object_set_int_member (o, "devices",
                                      GPOINTER_TO_UINT (g_hash_table_lookup (counts, p->uuid)));
          json_array_add_object_element (array, o);
        }
      json_node_set_array (root, array);
      adeptctl_print_json (root);
      return ADEPTCTL_EXIT_OK;
    }

  table = adeptctl_table_new (5);
  adeptctl_table_add_row (table, (const char * const []) {
    _("UUID"), _("NAME"), _("DEVICES"), _("ORIGIN"), _("DEFAULT") });
  for (guint i = 0; i < profiles->len; i++)
    {
      AdeptStoredProfile *p = g_ptr_array_index (profiles, i);
      g_autofree char *n = g_strdup_printf ("%u", GPOINTER_TO_UINT (g_hash_table_lookup (counts, p->uuid)));

      adeptctl_table_add_row (table, (const char * const []) {
        p->uuid, p->name, n,
        p->origin == ADEPT_PROFILE_ORIGIN_ADOPTED ? _("adopted") : _("defined here"),
        g_strcmp0 (p->uuid, default_uuid) == 0 ? _("yes") : "" });
    }
  adeptctl_table_print (table);
  return ADEPTCTL_EXIT_OK;
}

int
adeptctl_profiles_adopt (const AdeptctlOptions *global,
                         int                    argc,
                         char                 **argv)
{
  AdeptctlOptions options = *global;
  g_auto(GStrv) rest = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptSession) session = NULL;
  g_autoptr(AdeptDepProfile) profile = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  AdeptctlReport *report;

  if (!adeptctl_parse_args (&options, "profiles adopt UUID", NULL, argc, argv, &rest))
    return ADEPTCTL_EXIT_USAGE;
  if (g_strv_length (rest) != 1)
    return adeptctl_usage_error (_("“profiles adopt” needs one profile UUID."));

  session = adeptctl_connect_session (&options, &error);
  if (session == NULL)
    return report_dep_error (error);
  adept_session_adopt_profile_async (session, rest[0], NULL, adeptctl_store_result, &result);
  profile = adept_session_adopt_profile_finish (session, adeptctl_wait_for (&result), &error);
  if (profile == NULL)
    return report_dep_error (error);

  report = adeptctl_report_new (&options);
  adeptctl_report_add (report, "uuid", _("Adopted profile:"), rest[0]);
  adeptctl_report_add (report, "name", _("Name:"), adept_dep_profile_get_profile_name (profile));
  adeptctl_report_add (report, "url", _("MDM server URL:"), adept_dep_profile_get_url (profile));
  adeptctl_report_print (report);
  return ADEPTCTL_EXIT_OK;
}

int
adeptctl_profiles_default (const AdeptctlOptions *global,
                           int                    argc,
                           char                 **argv)
{
  AdeptctlOptions options = *global;
  gboolean clear = FALSE;
  const GOptionEntry entries[] = {
    { "clear", 0, 0, G_OPTION_ARG_NONE, &clear, N_("New devices get no profile automatically"), NULL },
    { NULL }
  };
  g_auto(GStrv) rest = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptSession) session = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  if (!adeptctl_parse_args (&options, "profiles default UUID|--clear", entries, argc, argv, &rest))
    return ADEPTCTL_EXIT_USAGE;
  if (clear == (g_strv_length (rest) == 1) || g_strv_length (rest) > 1)
    return adeptctl_usage_error (_("“profiles default” needs one profile UUID, or --clear."));

  session = adeptctl_open_session (&options, &error);
  if (session == NULL)
    return adeptctl_report_error (error);
  adept_session_set_default_profile_async (session, clear ? NULL : rest[0], NULL,
                                           adeptctl_store_result, &result);
  if (!adept_session_set_default_profile_finish (session, adeptctl_wait_for (&result), &error))
    return adeptctl_report_error (error);
  if (!options.json)
    printf ("%s\n", clear ? _("New devices get no profile automatically.")
                          : _("New devices get this profile at the next sync."));
  return ADEPTCTL_EXIT_OK;
}

/* ---- Shared with the other verb files (adeptctl-device.c) ---- */

int
adeptctl_report_dep_error (const GError *error)
{
  return report_dep_error (error);
}

int
adeptctl_print_device_results (const AdeptctlOptions *options,
                               AdeptDeviceResults    *results)
{
  return print_device_results (options, results);
}
