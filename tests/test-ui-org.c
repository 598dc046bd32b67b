/* test-ui-org.c — the Organization page under Xvfb against the simulator (issue 14): the
 * Apple Business API connected with a dropped key (a wrong curve and a key of another
 * account refused with their sentences, nothing kept), the organisation listed, "not
 * assigned" filtered, devices assigned to this server with a confirmation, the activity
 * followed to its summary (a refused device reported), the sync bringing them into
 * Devices; the status chart's "not yet on this server" and the panel's Apple Business
 * section; a migration deadline set with the date picker, changed and cancelled.
 *
 * Also renders data/screenshots/organization.png into $ADEPT_SCREENSHOT_DIR, else
 * screenshots/ in the build directory.
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "adept-business-account.h"
#include "adept-depsim.h"
#include "adept-organization-page-private.h"
#include "adept-secret.h"
#include "adept-test-util.h"
#include "test-ui-helpers.h"

#define SERVER "org-test"
#define WIDTH  1280
#define HEIGHT 800
#define N_UNASSIGNED 24
#define N_OTHER      12
#define N_WAITING    3

static AdeptApplication *app;
static AdeptDepsim *sim;
static AdeptSession *session;
static AdeptWindow *window;
static char *tmp_dir;
static char *out_dir;
static char *client_id;
static char *key_id;
static char *key_path;
static GStrv other_serials;
static GStrv assigned_here;   /* what test_assign brought to this server */
static GStrv unassigned;

static AdeptOrganizationPage *
org_page (void)
{
  return adept_window_get_organization_page (window);
}

static gboolean
state_is (gpointer data)
{
  return g_strcmp0 (adept_organization_page_get_state (org_page ()), data) == 0;
}

static void
wait_state (const char *state)
{
  adept_test_ui_wait_for (state_is, (gpointer) state, state);
}

static gboolean
page_idle (gpointer data)
{
  return !adept_organization_page_get_busy (org_page ());
}

static gboolean
session_idle (gpointer data)
{
  return !adept_session_get_busy (session) && !adept_session_get_syncing (session);
}

static gboolean
has_dialog (gpointer data)
{
  AdwMessageDialog *dialog = adept_organization_page_get_dialog (org_page ());

  return dialog != NULL && g_strcmp0 (adw_message_dialog_get_heading (dialog), data) == 0;
}

static AdwMessageDialog *
wait_dialog (const char *heading)
{
  adept_test_ui_wait_for (has_dialog, (gpointer) heading, heading);
  return adept_organization_page_get_dialog (org_page ());
}

static gboolean
dialog_error_shown (gpointer data)
{
  return adept_organization_page_get_dialog_error (data) != NULL;
}

static char *
write_file (const char *name,
            const char *contents)
{
  char *path = g_build_filename (tmp_dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  return path;
}

static gboolean
drop_key (AdwMessageDialog *dialog,
          const char       *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return adept_organization_page_drop_key (dialog, file);
}

/* Selects the visible devices whose serials are given, nothing else. */
static void
select_serials (const char * const *serials)
{
  GListModel *model = adept_organization_page_get_model (org_page ());
  GtkSelectionModel *selection = adept_organization_page_get_selection (org_page ());
  guint found = 0;

  gtk_selection_model_unselect_all (selection);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(AdeptOrgDevice) device = g_list_model_get_item (model, i);

      if (g_strv_contains (serials, adept_org_device_get_serial_number (device)))
        {
          gtk_selection_model_select_item (selection, i, FALSE);
          found++;
        }
    }
  g_assert_cmpuint (found, ==, g_strv_length ((char **) serials));
}

static void
activate (const char *action)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (org_page ()), action, NULL));
}

/* Connect Apple Business API… with a dropped key. */
static void
test_connect (void)
{
  g_autofree char *p384 = g_build_filename (tmp_dir, "p384.pem", NULL);
  g_autofree char *other_client = NULL;
  g_autofree char *other_key_id = NULL;
  g_autofree char *other_pem = NULL;
  g_autofree char *other_path = NULL;
  g_autofree char *token_url = adept_depsim_dup_token_url (sim);
  const char *ecparam[] = { "openssl", "ecparam", "-name", "secp384r1", "-genkey", "-noout", "-out", p384, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptBusinessAccount) kept = NULL;
  AdwMessageDialog *dialog;

  /* The main menu's entry opens the page's dialog. */
  wait_state ("not-connected");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.connect-business", NULL));
  g_assert_cmpstr (adept_window_get_visible_page (window), ==, "organization");
  dialog = wait_dialog ("Connect Apple Business API");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "connect"));

  /* A key on another curve is refused as soon as it is dropped, saying why. */
  g_assert_cmpint (adept_test_run (ecparam, NULL, NULL, NULL), ==, 0);
  g_assert_false (drop_key (dialog, p384));
  g_assert_nonnull (strstr (adept_organization_page_get_dialog_error (dialog), "P-256"));
  adept_organization_page_fill_connect (dialog, client_id, key_id, token_url,
                                        adept_depsim_get_business_url (sim));
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "connect"));

  /* A good key of another API account: Apple says invalid_client, the dialog stays. */
  other_pem = adept_depsim_create_api_account (sim, NULL, TRUE, &other_client, &other_key_id, &error);
  g_assert_no_error (error);
  other_path = write_file ("other.pem", other_pem);
  g_assert_true (drop_key (dialog, other_path));
  g_assert_null (adept_organization_page_get_dialog_error (dialog));
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "connect"));
  adw_message_dialog_response (dialog, "connect");
  adept_test_ui_wait_for (dialog_error_shown, dialog, "the refusal");
  g_assert_nonnull (strstr (adept_organization_page_get_dialog_error (dialog), "do not belong together"));
  g_assert_true (adept_organization_page_get_dialog (org_page ()) == dialog);
  g_assert_true (state_is ((gpointer) "not-connected"));
  /* Nothing kept: no key in the keyring for the organisation. */
  kept = adept_business_account_load_sync (adept_session_get_account_fact (session, ADEPT_ACCOUNT_ORG_ID),
                                           NULL, &error);
  g_assert_null (kept);
  g_clear_error (&error);

  /* A revoked API account: Apple no longer accepts it, and says so. */
  g_assert_true (adept_depsim_revoke_api_account (sim, other_client));
  adept_organization_page_fill_connect (dialog, other_client, other_key_id, token_url,
                                        adept_depsim_get_business_url (sim));
  adw_message_dialog_response (dialog, "connect");
  adept_test_ui_wait_for (dialog_error_shown, dialog, "the refusal");
  g_assert_nonnull (strstr (adept_organization_page_get_dialog_error (dialog), "revoked"));
  g_assert_true (state_is ((gpointer) "not-connected"));
  adept_organization_page_fill_connect (dialog, client_id, key_id, token_url,
                                        adept_depsim_get_business_url (sim));

  /* The right key, dropped: connected, listed. */
  g_assert_true (drop_key (dialog, key_path));
  adw_message_dialog_response (dialog, "connect");
  wait_state ("devices");
  adept_test_ui_wait_for (page_idle, NULL, "the listing");
  g_assert_null (adept_organization_page_get_dialog (org_page ()));
  kept = adept_business_account_load_sync (adept_session_get_account_fact (session, ADEPT_ACCOUNT_ORG_ID),
                                           NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (adept_business_account_get_client_id (kept), ==, client_id);
  /* The key is in the keyring only: no line of it in the store or beside it. */
  {
    g_autofree char *dir = g_path_get_dirname (adept_store_get_path (adept_session_get_store (session)));
    g_autofree char *pem = NULL;
    g_auto(GStrv) lines = NULL;
    g_autoptr(GDir) files = g_dir_open (dir, 0, NULL);
    const char *name;

    g_assert_true (g_file_get_contents (key_path, &pem, NULL, NULL));
    lines = g_strsplit (pem, "\n", -1);
    g_assert_nonnull (files);
    while ((name = g_dir_read_name (files)) != NULL)
      {
        g_autofree char *path = g_build_filename (dir, name, NULL);
        g_autofree char *contents = NULL;
        gsize len = 0;

        if (!g_file_get_contents (path, &contents, &len, NULL))
          continue;
        for (guint i = 1; lines[i] != NULL && !g_str_has_prefix (lines[i], "-----"); i++)
          g_assert_null (memmem (contents, len, lines[i], strlen (lines[i])));
      }
  }
}

/* "Not yet on this server": devices Apple has here that no sync brought in. */
static void
test_waiting_facet (void)
{
  AdeptDevicesPage *devices = adept_window_get_devices_page (window);
  AdeptStatusChart *chart = adept_devices_page_get_chart (devices);
  int index = adept_status_chart_find (chart, "waiting");

  g_assert_cmpint (index, >=, 0);
  g_assert_nonnull (adept_devices_page_get_org_list (devices));
  g_assert_cmpuint (adept_status_chart_get_count (chart, index), ==, N_WAITING);
  g_assert_true (gtk_widget_get_visible (adept_status_chart_get_entry (chart, index)));

  /* Choosing it shows them on the Organization page. */
  adept_status_chart_set_selected (chart, index);
  adept_test_ui_flush (GTK_WIDGET (window));
  g_assert_cmpstr (adept_window_get_visible_page (window), ==, "organization");
  g_assert_cmpstr (adept_organization_page_get_filter (org_page ()), ==, "waiting");
  g_assert_cmpint (adept_status_chart_get_selected (chart), ==, -1);
  g_assert_cmpuint (g_list_model_get_n_items (adept_organization_page_get_model (org_page ())), ==, N_WAITING);
  adept_organization_page_set_filter (org_page (), "all");
}

static gboolean
devices_has (gpointer data)
{
  AdeptDeviceList *list = adept_devices_page_get_list (adept_window_get_devices_page (window));
  const char * const *serials = data;
  guint position;

  for (guint i = 0; serials[i] != NULL; i++)
    if (!adept_device_list_find (list, serials[i], &position))
      return FALSE;
  return TRUE;
}

/* Filter "not assigned", assign five (one refused by Apple), watch it complete, see the
 * devices arrive in Devices. */
static void
test_assign (void)
{
  GListModel *model;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) chosen = NULL;
  g_auto(GStrv) arrived = NULL;
  const char *this_id = adept_session_get_account_fact (session, ADEPT_ACCOUNT_SERVER_UUID);
  AdwMessageDialog *dialog;
  const char *body;

  adept_organization_page_set_filter (org_page (), "unassigned");
  adept_test_ui_flush (GTK_WIDGET (window));
  model = adept_organization_page_get_model (org_page ());
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_UNASSIGNED);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(AdeptOrgDevice) device = g_list_model_get_item (model, i);

      g_assert_cmpint (adept_org_device_get_placement (device), ==, ADEPT_ORG_PLACEMENT_UNASSIGNED);
      if (i < 5)
        g_strv_builder_add (builder, adept_org_device_get_serial_number (device));
    }
  chosen = g_strv_builder_end (builder);
  adept_depsim_set_activity_refusal (sim, chosen[4], "DEVICE_NOT_ELIGIBLE", 1);
  select_serials ((const char * const *) chosen);
  g_assert_nonnull (strstr (adept_organization_page_get_summary (org_page ()), "5 selected"));

  activate ("org.assign-here");
  dialog = wait_dialog ("Assign to This Server?");
  body = adw_message_dialog_get_body (dialog);
  g_assert_nonnull (strstr (body, "5 devices are assigned to this server"));
  /* Unassigned devices leave no server. */
  g_assert_null (strstr (body, "loses them"));
  adw_message_dialog_response (dialog, "confirm");
  g_assert_true (adept_organization_page_get_busy (org_page ()));
  g_assert_nonnull (adept_organization_page_get_job (org_page ()));

  dialog = wait_dialog ("Assignment Finished with Refusals");
  g_assert_false (adept_organization_page_get_busy (org_page ()));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "4"));
  {
    GtkWidget *row = adept_test_ui_find_descendant (adw_message_dialog_get_extra_child (dialog), ADW_TYPE_ACTION_ROW);

    g_assert_nonnull (row);
    g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, chosen[4]);
  }
  adw_message_dialog_response (dialog, "close");

  /* Apple has them here; the sync the page started brings them into Devices. */
  for (guint i = 0; i < 4; i++)
    g_assert_cmpstr (adept_depsim_get_device_server (sim, chosen[i]), ==, this_id);
  g_assert_null (adept_depsim_get_device_server (sim, chosen[4]));
  arrived = g_strdupv (chosen);
  g_clear_pointer (&arrived[4], g_free);
  assigned_here = g_strdupv (arrived);
  adept_test_ui_wait_for (devices_has, arrived, "the assigned devices in Devices");
  adept_test_ui_wait_for (session_idle, NULL, "the sync");
  adept_test_ui_flush (GTK_WIDGET (window));

  /* Nothing is waiting any more, and the "not synced yet" marks are gone. */
  {
    AdeptStatusChart *chart = adept_devices_page_get_chart (adept_window_get_devices_page (window));
    AdeptOrgDevice *device;

    g_assert_cmpuint (adept_status_chart_get_count (chart, adept_status_chart_find (chart, "waiting")), ==, 0);
    device = adept_org_device_list_lookup (adept_devices_page_get_org_list (adept_window_get_devices_page (window)),
                                           chosen[0]);
    g_assert_nonnull (device);
    g_assert_cmpint (adept_org_device_get_placement (device), ==, ADEPT_ORG_PLACEMENT_THIS_SERVER);
    g_assert_cmpint (adept_org_device_get_data (device)->dep_status, >=, 0);
    g_object_unref (device);
  }
}

static gboolean
panel_shows (gpointer data)
{
  AdeptDevicesPage *page = adept_window_get_devices_page (window);
  AdeptDevice *device = adept_device_panel_get_device (adept_devices_page_get_panel (page));

  return device != NULL && g_str_equal (adept_device_get_serial_number (device), data);
}

/* The panel's Apple Business section says what the organisation knows of a device. */
static void
test_panel_section (void)
{
  AdeptDevicesPage *page = adept_window_get_devices_page (window);
  AdeptDevicePanel *panel = adept_devices_page_get_panel (page);
  AdeptOrgDeviceList *org = adept_devices_page_get_org_list (page);
  g_autoptr(AdeptDevice) first = NULL;
  AdeptOrgDevice *known;
  AdeptPanelSection *section;
  const char *serial;

  adept_window_show_page (window, "devices");
  first = g_list_model_get_item (G_LIST_MODEL (adept_devices_page_get_list (page)), 0);
  serial = adept_device_get_serial_number (first);
  gtk_selection_model_select_item (adept_devices_page_get_selection (page), 0, TRUE);
  adept_test_ui_wait_for (panel_shows, (gpointer) serial, "the panel");
  known = adept_org_device_list_lookup (org, serial);
  g_assert_nonnull (known);
  section = adept_device_panel_find_section (panel, "organization");
  g_assert_nonnull (section);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (section)));
  g_assert_cmpstr (adept_device_panel_get_value (panel, "org-server"), ==, "This Server");
  g_assert_cmpstr (adept_device_panel_get_value (panel, "order-number"), ==,
                   adept_org_device_get_data (known)->order_number);
  g_object_unref (known);
  gtk_selection_model_unselect_all (adept_devices_page_get_selection (page));
  adept_window_show_page (window, "organization");
}

/* Migrate from another server with a deadline, change it, cancel it. */
static void
test_migration (void)
{
  const char *serial = other_serials[0];
  const char * const one[] = { serial, NULL };
  AdwMessageDialog *dialog;
  GtkCalendar *calendar;
  g_autoptr(GDateTime) today = g_date_time_new_now_local ();
  g_autoptr(GDateTime) far = g_date_time_add_days (today, 120);
  g_autoptr(GDateTime) later = g_date_time_add_days (today, 60);
  AdeptOrgDevice *device;

  g_assert_true (adept_depsim_set_org_device_fact (sim, serial, "os", 26, NULL));
  adept_organization_page_set_filter (org_page (), "other");
  adept_test_ui_flush (GTK_WIDGET (window));
  select_serials (one);
  activate ("org.migrate");
  dialog = wait_dialog ("Migrate to This Server?");
  /* Apple's rules are said before anything is sent, and the server the device leaves. */
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "loses them"));
  calendar = GTK_CALENDAR (adw_message_dialog_get_extra_child (dialog));
  g_assert_true (GTK_IS_CALENDAR (calendar));
  /* More than 90 days ahead cannot be chosen. */
  /* As a click does: the day, then "day-selected". */
  gtk_calendar_select_day (calendar, far);
  g_signal_emit_by_name (calendar, "day-selected");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "confirm"));
  gtk_calendar_select_day (calendar, later);
  g_signal_emit_by_name (calendar, "day-selected");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "confirm"));
  adw_message_dialog_response (dialog, "confirm");
  dialog = wait_dialog ("Migration Requested");
  adw_message_dialog_response (dialog, "close");
  device = adept_org_device_list_lookup (adept_devices_page_get_org_list (adept_window_get_devices_page (window)), serial);
  g_assert_cmpstr (adept_org_device_get_data (device)->migration_status, ==, "REQUESTED");
  g_object_unref (device);

  /* Change the deadline, then cancel. */
  adept_organization_page_set_filter (org_page (), "all");
  adept_test_ui_flush (GTK_WIDGET (window));
  select_serials (one);
  activate ("org.update-deadline");
  dialog = wait_dialog ("Change the Migration Deadline?");
  adw_message_dialog_response (dialog, "confirm");
  dialog = wait_dialog ("Migration Deadline Changed");
  adw_message_dialog_response (dialog, "close");
  select_serials (one);
  activate ("org.cancel-migration");
  dialog = wait_dialog ("Cancel the Migration?");
  adw_message_dialog_response (dialog, "confirm");
  dialog = wait_dialog ("Migration Cancelled");
  adw_message_dialog_response (dialog, "close");
  device = adept_org_device_list_lookup (adept_devices_page_get_org_list (adept_window_get_devices_page (window)), serial);
  g_assert_null (adept_org_device_get_data (device)->migration_status);
  g_object_unref (device);
}

/* Search by order number. */
static void
test_search (void)
{
  GListModel *model = adept_organization_page_get_model (org_page ());
  g_autoptr(AdeptOrgDevice) device = NULL;
  g_autofree char *order = NULL;
  guint n;

  adept_organization_page_set_filter (org_page (), "all");
  adept_test_ui_flush (GTK_WIDGET (window));
  n = g_list_model_get_n_items (model);
  for (guint i = 0; i < n && order == NULL; i++)
    {
      g_autoptr(AdeptOrgDevice) d = g_list_model_get_item (model, i);
      const char *o = adept_org_device_get_data (d)->order_number;

      if (o != NULL && g_str_has_prefix (o, "PO-"))
        order = g_strdup (o);
    }
  g_assert_nonnull (order);
  gtk_editable_set_text (adept_organization_page_get_search_entry (org_page ()), order);
  /* Applied now rather than after the entry's search delay. */
  g_signal_emit_by_name (adept_organization_page_get_search_entry (org_page ()), "search-changed");
  adept_test_ui_flush (GTK_WIDGET (window));
  g_assert_cmpuint (g_list_model_get_n_items (model), >=, 1);
  g_assert_cmpuint (g_list_model_get_n_items (model), <, n);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(AdeptOrgDevice) d = g_list_model_get_item (model, i);

      g_assert_cmpstr (adept_org_device_get_data (d)->order_number, ==, order);
    }
  g_assert_nonnull (strstr (adept_organization_page_get_summary (org_page ()), "Showing"));
  gtk_editable_set_text (adept_organization_page_get_search_entry (org_page ()), "");
  g_signal_emit_by_name (adept_organization_page_get_search_entry (org_page ()), "search-changed");
  adept_test_ui_flush (GTK_WIDGET (window));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n);

  /* A click on "Added" twice: newest first, as the list orders its rows. */
  {
    GtkColumnView *view = GTK_COLUMN_VIEW (adept_test_ui_find_descendant (GTK_WIDGET (org_page ()), GTK_TYPE_COLUMN_VIEW));
    g_autoptr(GtkColumnViewColumn) added = g_list_model_get_item (gtk_column_view_get_columns (view), 4);
    gint64 previous = G_MAXINT64;

    g_assert_cmpstr (gtk_column_view_column_get_title (added), ==, "Added");
    gtk_column_view_sort_by_column (view, added, GTK_SORT_DESCENDING);
    adept_test_ui_flush (GTK_WIDGET (window));
    for (guint i = 0; i < g_list_model_get_n_items (model); i++)
      {
        g_autoptr(AdeptOrgDevice) d = g_list_model_get_item (model, i);

        g_assert_cmpint (adept_org_device_get_data (d)->added_date, <=, previous);
        previous = adept_org_device_get_data (d)->added_date;
      }
    gtk_column_view_sort_by_column (view, NULL, GTK_SORT_ASCENDING);
    adept_test_ui_flush (GTK_WIDGET (window));
  }
}

/* Move two devices to another server, unassign one from there, assign a pasted list. */
static void
test_move_unassign_list (void)
{
  const char * const two[] = { assigned_here[0], assigned_here[1], NULL };
  const char * const one[] = { other_serials[3], NULL };
  const char *other_id = adept_depsim_get_org_server_id (sim, 1);
  const char *this_id = adept_session_get_account_fact (session, ADEPT_ACCOUNT_SERVER_UUID);
  g_autofree char *leaving = g_strdup_printf ("1 leaves “%s”", adept_depsim_get_org_server_name (sim, 1));
  g_autofree char *pasted = g_strdup_printf ("%s\n%s\n", unassigned[10], unassigned[11]);
  AdwMessageDialog *dialog;
  GtkDropDown *servers;
  GtkTextView *text;

  adept_organization_page_set_filter (org_page (), "this");
  adept_test_ui_flush (GTK_WIDGET (window));
  select_serials (two);
  activate ("org.assign-other");
  dialog = wait_dialog ("Assign to Another Server?");
  servers = GTK_DROP_DOWN (adw_message_dialog_get_extra_child (dialog));
  g_assert_true (GTK_IS_DROP_DOWN (servers));
  /* The servers of the organisation but this one; the devices leave this one. */
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (servers)), ==,
                    adept_depsim_get_n_org_servers (sim) - 1);
  for (guint i = 0; i < g_list_model_get_n_items (gtk_drop_down_get_model (servers)); i++)
    if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (gtk_drop_down_get_model (servers)), i),
                     adept_depsim_get_org_server_name (sim, 1)))
      gtk_drop_down_set_selected (servers, i);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "2 leave “This Server”"));
  adw_message_dialog_response (dialog, "confirm");
  dialog = wait_dialog ("Assignment Complete");
  adw_message_dialog_response (dialog, "close");
  g_assert_cmpstr (adept_depsim_get_device_server (sim, two[0]), ==, other_id);
  g_assert_cmpstr (adept_depsim_get_device_server (sim, two[1]), ==, other_id);

  adept_organization_page_set_filter (org_page (), "other");
  adept_test_ui_flush (GTK_WIDGET (window));
  select_serials (one);
  activate ("org.unassign");
  dialog = wait_dialog ("Unassign Devices?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), leaving));
  adw_message_dialog_response (dialog, "confirm");
  dialog = wait_dialog ("Unassignment Complete");
  adw_message_dialog_response (dialog, "close");
  g_assert_null (adept_depsim_get_device_server (sim, one[0]));

  /* A pasted list goes through the same confirmation. */
  activate ("org.assign-list");
  dialog = wait_dialog ("Assign Serial Numbers to This Server");
  text = GTK_TEXT_VIEW (adept_test_ui_find_descendant (adw_message_dialog_get_extra_child (dialog), GTK_TYPE_TEXT_VIEW));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (text), pasted, -1);
  adw_message_dialog_response (dialog, "confirm");
  dialog = wait_dialog ("Assign to This Server?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "2 devices are assigned to this server"));
  adw_message_dialog_response (dialog, "confirm");
  dialog = wait_dialog ("Assignment Complete");
  adw_message_dialog_response (dialog, "close");
  g_assert_cmpstr (adept_depsim_get_device_server (sim, unassigned[10]), ==, this_id);
  g_assert_cmpstr (adept_depsim_get_device_server (sim, unassigned[11]), ==, this_id);
  adept_test_ui_wait_for (session_idle, NULL, "the sync");

  /* Every activity of the page, newest first: the pasted list's assignment on top, and
   * the first assignment's refused device inside its row. */
  activate ("org.activities");
  dialog = wait_dialog ("Recent Activities");
  {
    GtkWidget *list = adept_test_ui_find_descendant (adw_message_dialog_get_extra_child (dialog), GTK_TYPE_LIST_BOX);
    AdwExpanderRow *newest = ADW_EXPANDER_ROW (gtk_widget_get_first_child (list));
    AdwExpanderRow *oldest = ADW_EXPANDER_ROW (gtk_widget_get_last_child (list));
    guint n = 0;

    for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
      n++;
    /* assign, migrate, change, cancel, move, unassign, the pasted list */
    g_assert_cmpuint (n, ==, 7);
    g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (newest)), ==, "Assign · This Server");
    g_assert_nonnull (strstr (adw_expander_row_get_subtitle (newest), "2 devices, 0 refused"));
    g_assert_false (adw_expander_row_get_enable_expansion (newest));
    g_assert_nonnull (strstr (adw_expander_row_get_subtitle (oldest), "5 devices, 1 refused"));
    g_assert_true (adw_expander_row_get_enable_expansion (oldest));
  }
  adw_message_dialog_response (dialog, "close");
}

/* The Organization page as AppStream and review show it: a window of its own, so the list
 * is at its top. */
static void
test_screenshot (void)
{
  g_autofree char *path = g_build_filename (out_dir, "organization.png", NULL);
  g_autoptr(GdkTexture) texture = NULL;
  AdeptWindow *main_window = window;
  GtkSelectionModel *selection;

  window = adept_test_ui_window_new (app, WIDTH, HEIGHT);
  adept_window_set_session (window, session);
  adept_window_show_page (window, "organization");
  wait_state ("devices");
  adept_test_ui_wait_for (page_idle, NULL, "the organization to open");
  selection = adept_organization_page_get_selection (org_page ());
  gtk_selection_model_select_item (selection, 1, FALSE);
  gtk_selection_model_select_item (selection, 3, FALSE);
  adept_test_ui_flush (GTK_WIDGET (window));
  /* What the picture must show: the whole organisation, two selected, the filter at All. */
  g_assert_cmpstr (adept_organization_page_get_state (org_page ()), ==, "devices");
  g_assert_cmpstr (adept_organization_page_get_filter (org_page ()), ==, "all");
  g_assert_cmpuint (g_list_model_get_n_items (adept_organization_page_get_model (org_page ())), ==,
                    N_UNASSIGNED + N_OTHER + N_WAITING + 20);
  g_assert_nonnull (strstr (adept_organization_page_get_summary (org_page ()), "59 devices of the organization · 2 selected · listed from Apple"));
  g_assert_true (gtk_widget_get_mapped (adept_test_ui_find_descendant (GTK_WIDGET (org_page ()), GTK_TYPE_COLUMN_VIEW)));
  adept_test_ui_save_png (GTK_WIDGET (window), path);
  texture = gdk_texture_new_from_filename (path, NULL);
  g_assert_nonnull (texture);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, gtk_widget_get_width (GTK_WIDGET (window)));
  adept_test_ui_window_destroy (window);
  window = main_window;
}

/* The keyring lost the key (a new keyring, the store copied from another computer): the
 * page asks to connect again, and the organisation comes back with the key. */
static void
test_key_lost (void)
{
  AdeptWindow *main_window = window;
  const char *org_id = adept_session_get_account_fact (session, ADEPT_ACCOUNT_ORG_ID);
  g_autofree char *token_url = adept_depsim_dup_token_url (sim);
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *dialog;

  g_assert_true (adept_business_account_forget_sync (org_id, NULL, &error));
  g_assert_no_error (error);
  window = adept_test_ui_window_new (app, WIDTH, HEIGHT);
  adept_window_set_session (window, session);
  adept_window_show_page (window, "organization");
  wait_state ("not-connected");
  adept_test_ui_wait_for (page_idle, NULL, "the organization to fail to open");
  g_assert_null (adept_organization_page_get_view (org_page ()));

  activate ("org.connect");
  dialog = wait_dialog ("Connect Apple Business API");
  adept_organization_page_fill_connect (dialog, client_id, key_id, token_url, adept_depsim_get_business_url (sim));
  g_assert_true (drop_key (dialog, key_path));
  adw_message_dialog_response (dialog, "connect");
  wait_state ("devices");
  adept_test_ui_wait_for (page_idle, NULL, "the organization to open");
  g_assert_nonnull (adept_organization_page_get_view (org_page ()));
  g_assert_cmpuint (g_list_model_get_n_items (adept_organization_page_get_model (org_page ())), ==,
                    N_UNASSIGNED + N_OTHER + N_WAITING + 20);
  adept_test_ui_window_destroy (window);
  window = main_window;
}

int
main (int   argc,
      char *argv[])
{
  const char *env_dir;
  g_autoptr(AdeptStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *credentials = NULL;
  g_autofree char *pem = NULL;
  g_auto(GStrv) waiting = NULL;
  int status;

  tmp_dir = adept_test_ui_init (&argc, &argv, "test-ui-org");
  env_dir = g_getenv ("ADEPT_SCREENSHOT_DIR");
  out_dir = env_dir != NULL ? g_strdup (env_dir)
                            : g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "screenshots", NULL);
  g_assert_cmpint (g_mkdir_with_parents (out_dir, 0755), ==, 0);
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  /* Twenty devices on this server (synced), others of the organisation unassigned or on
   * another server, and three Apple has here that no sync has brought in yet. */
  sim = adept_depsim_new (20261207, 20);
  g_assert_true (adept_depsim_start (sim, 0, &error));
  g_assert_no_error (error);
  adept_depsim_set_activity_delay (sim, 50);
  unassigned = adept_depsim_add_org_devices (sim, N_UNASSIGNED, NULL, &error);
  g_assert_no_error (error);
  other_serials = adept_depsim_add_org_devices (sim, N_OTHER, adept_depsim_get_org_server_id (sim, 1), &error);
  g_assert_no_error (error);
  pem = adept_depsim_create_api_account (sim, NULL, FALSE, &client_id, &key_id, &error);
  g_assert_no_error (error);
  key_path = write_file ("business.pem", pem);
  adept_secret_free (g_steal_pointer (&pem));

  store = adept_store_open (&error);
  g_assert_no_error (error);
  credentials = adept_depsim_issue_credentials (sim);
  session = adept_test_link_session (store, SERVER, adept_depsim_get_base_url (sim), credentials);
  adept_secret_free (g_steal_pointer (&credentials));
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(AdeptJournalEntry) entry = NULL;

    adept_session_sync_async (session, ADEPT_SYNC_FLAGS_NONE, NULL, adept_test_store_result, &result);
    adept_test_wait_result (&result);
    entry = adept_session_sync_finish (session, result, &error);
    g_assert_no_error (error);
  }
  waiting = adept_depsim_add_org_devices (sim, N_WAITING, adept_depsim_get_org_server_id (sim, 0), &error);
  g_assert_no_error (error);

  app = adept_test_ui_app_new (FALSE, 0);
  window = adept_test_ui_window_new (app, WIDTH, HEIGHT);
  adept_window_set_session (window, session);

  g_test_add_func ("/ui/org/connect", test_connect);
  g_test_add_func ("/ui/org/waiting-facet", test_waiting_facet);
  g_test_add_func ("/ui/org/assign", test_assign);
  g_test_add_func ("/ui/org/panel-section", test_panel_section);
  g_test_add_func ("/ui/org/migration", test_migration);
  g_test_add_func ("/ui/org/search", test_search);
  g_test_add_func ("/ui/org/move-unassign-list", test_move_unassign_list);
  g_test_add_func ("/ui/org/screenshot", test_screenshot);
  g_test_add_func ("/ui/org/key-lost", test_key_lost);
  status = g_test_run ();

  adept_test_ui_window_destroy (window);
  g_application_quit (G_APPLICATION (app));
  g_clear_object (&app);
  adept_test_unlink_session (session);
  g_clear_object (&session);
  adept_depsim_stop (sim);
  g_clear_object (&sim);
  g_strfreev (other_serials);
  g_strfreev (assigned_here);
  g_strfreev (unassigned);
  g_free (client_id);
  g_free (key_id);
  g_free (key_path);
  g_free (out_dir);
  adept_test_cleanup_dir (tmp_dir);
  g_free (tmp_dir);
  return status;
}
