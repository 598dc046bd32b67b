/* test-ui-device-actions.c — the Devices page's actions that talk to Apple, under Xvfb:
 * Assign Profile…, Remove Profile, Refresh from Apple and Export CSV against the simulator
 * in-process, with a real store file
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "adept-depsim.h"
#include "adept-devices-page.h"
#include "adept-sync-engine.h"
#include "adept-test-util.h"
#include "sync-test-server.h"
#include "test-ui-helpers.h"

#define SERVER "device-actions-test"
#define N_DEVICES 20
#define N_CHOSEN 3

static AdeptApplication *app;

typedef struct {
  SyncTestServer    server;
  AdeptWindow      *window;
  AdeptDevicesPage *page;
  guint             syncs_requested;
} Fixture;

/* The page asks the session for a sync once Apple took an assignment. */
static void
on_syncing (AdeptSession *session,
            GParamSpec   *pspec,
            Fixture      *f)
{
  if (adept_session_get_syncing (session))
    f->syncs_requested++;
}

static gboolean
session_idle (gpointer data)
{
  return !adept_session_get_busy (data) && !adept_session_get_syncing (data);
}

/* A sync of the console's session, after what the page asked of it; the page hears of it
 * from the session. */
static void
sync_store (Fixture *f)
{
  g_autoptr(AdeptJournalEntry) entry = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  adept_test_ui_wait_for (session_idle, f->server.session, "the session's last operation");
  /* Not one the page asked for. */
  g_signal_handlers_block_by_func (f->server.session, on_syncing, f);
  adept_session_sync_async (f->server.session, ADEPT_SYNC_FLAGS_NONE, NULL,
                            adept_test_store_result, &result);
  adept_test_wait_result (&result);
  g_signal_handlers_unblock_by_func (f->server.session, on_syncing, f);
  entry = adept_session_sync_finish (f->server.session, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (entry);
}

/* A profile defined at Apple and kept in the store, as the DEP Profiles page does. */
static char *
define_profile (Fixture    *f,
                const char *name)
{
  g_autofree char *uuid = sync_test_define_profile (f->server.client, name);
  g_autofree char *json = g_strdup_printf ("{\"profile_name\":\"%s\","
                                           "\"url\":\"https://mdm.example.com/enroll\"}", name);
  g_autoptr(GError) error = NULL;

  g_assert_true (adept_store_save_profile (f->server.store, SERVER, uuid, name, json, NULL, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&uuid);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  sync_test_server_start (&f->server, 20261125, N_DEVICES, SERVER);
  sync_test_server_link_session (&f->server);
  sync_store (f);

  f->window = adept_test_ui_window_new (app, 1280, 800);
  adept_test_ui_wait_for (adept_test_ui_page_idle, adept_window_get_settings_page (f->window),
                          "the settings page to load");
  f->page = adept_window_get_devices_page (f->window);
  g_signal_connect (f->server.session, "notify::syncing", G_CALLBACK (on_syncing), f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  AdwMessageDialog *dialog = adept_devices_page_get_dialog (f->page);

  if (dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (dialog));
  g_signal_handlers_disconnect_by_data (f->server.session, f);
  adept_test_ui_window_destroy (f->window);
  adept_test_ui_wait_for (session_idle, f->server.session, "the session's last operation");
  sync_test_server_stop (&f->server);
}

/* The page on the linked server's session, as the switcher sets it. */
static void
show_page (Fixture *f)
{
  adept_window_set_session (f->window, f->server.session);
  adept_window_show_page (f->window, "devices");
  adept_test_ui_flush (GTK_WIDGET (f->window));
  g_assert_cmpstr (adept_devices_page_get_state (f->page), ==, "devices");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (adept_devices_page_get_list (f->page))),
                    ==, N_DEVICES);
}

/* Waiting */

static gboolean
page_idle (gpointer data)
{
  return !adept_devices_page_get_busy (data);
}

static gboolean
panel_shows_nothing (gpointer data)
{
  return g_strcmp0 (adept_device_panel_get_mode (data), "nothing") == 0;
}

static gboolean
panel_shows_one (gpointer data)
{
  return g_strcmp0 (adept_device_panel_get_mode (data), "device") == 0;
}

static gboolean
panel_shows_several (gpointer data)
{
  return g_strcmp0 (adept_device_panel_get_mode (data), "selection") == 0;
}

/* Selecting, as Ctrl-clicks do, by serial (the list's order follows its sort). */
static void
select_serials (Fixture            *f,
                const char * const *serials)
{
  GListModel *list = G_LIST_MODEL (adept_devices_page_get_list (f->page));
  GtkSelectionModel *selection = adept_devices_page_get_selection (f->page);
  guint found = 0;

  /* The panel follows in an idle; emptied first, it cannot show the last selection. */
  gtk_selection_model_unselect_all (selection);
  adept_test_ui_wait_for (panel_shows_nothing, adept_devices_page_get_panel (f->page),
                          "the panel to empty");
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(AdeptDevice) device = g_list_model_get_item (list, i);

      if (g_strv_contains (serials, adept_device_get_serial_number (device)))
        {
          gtk_selection_model_select_item (selection, i, FALSE);
          found++;
        }
    }
  g_assert_cmpuint (found, ==, g_strv_length ((GStrv) serials));
  adept_test_ui_wait_for (found == 1 ? panel_shows_one : panel_shows_several,
                          adept_devices_page_get_panel (f->page), "the panel to follow the selection");
}

static AdwMessageDialog *
activate_with_dialog (Fixture    *f,
                      const char *action)
{
  AdwMessageDialog *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), action, NULL));
  dialog = adept_devices_page_get_dialog (f->page);
  g_assert_nonnull (dialog);
  adept_test_ui_flush (GTK_WIDGET (dialog));
  return dialog;
}

/* What the simulator holds */

static JsonObject *
truth_device (JsonParser *parser,
              const char *serial)
{
  JsonArray *devices = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                                     "devices");

  for (guint i = 0; i < json_array_get_length (devices); i++)
    {
      JsonObject *device = json_array_get_object_element (devices, i);

      if (g_strcmp0 (json_object_get_string_member (device, "serial_number"), serial) == 0)
        return device;
    }
  g_error ("The simulator has no device %s", serial);
}

static JsonParser *
load_truth (Fixture *f)
{
  g_autofree char *truth = adept_depsim_dup_truth_json (f->server.sim);
  g_autoptr(GError) error = NULL;
  JsonParser *parser = json_parser_new ();

  json_parser_load_from_data (parser, truth, -1, &error);
  g_assert_no_error (error);
  return parser;
}

static void
select_profile (AdwMessageDialog *dialog,
                Fixture          *f,
                const char       *uuid)
{
  GtkDropDown *dropdown = g_object_get_data (G_OBJECT (dialog), "dropdown");
  g_autoptr(GPtrArray) profiles = adept_store_list_profiles (f->server.store, SERVER, NULL);

  g_assert_true (GTK_IS_DROP_DOWN (dropdown));
  for (guint i = 0; i < profiles->len; i++)
    {
      AdeptStoredProfile *profile = g_ptr_array_index (profiles, i);

      if (g_str_equal (profile->uuid, uuid))
        {
          gtk_drop_down_set_selected (dropdown, i);
          return;
        }
    }
  g_error ("The store has no profile %s", uuid);
}

/* Assign Profile… then Remove Profile on three of twenty devices */

static void
test_assign_and_remove (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *chosen_uuid = define_profile (f, "Staff iPhones");
  g_autofree char *other_uuid = define_profile (f, "Lab Macs");
  g_auto(GStrv) serials = sync_test_server_dup_serials (&f->server, 4, N_CHOSEN);
  g_auto(GStrv) bystander = sync_test_server_dup_serials (&f->server, 0, 1);
  g_autoptr(JsonParser) truth = NULL;
  AdeptDevicePanel *panel;
  AdwMessageDialog *dialog;

  show_page (f);
  panel = adept_devices_page_get_panel (f->page);
  select_serials (f, (const char * const *) serials);

  /* The dialog offers the store's profiles; the admin picks the older one. */
  dialog = activate_with_dialog (f, "devices.assign-profile");
  select_profile (dialog, f, chosen_uuid);
  adw_message_dialog_response (dialog, "assign");
  g_assert_true (adept_devices_page_get_busy (f->page));
  adept_test_ui_wait_for (page_idle, f->page, "the assignment to finish");
  adept_test_ui_wait_for (session_idle, f->server.session, "the sync the page asked for");
  g_assert_cmpuint (f->syncs_requested, ==, 1);

  truth = load_truth (f);
  for (guint i = 0; serials[i] != NULL; i++)
    {
      JsonObject *device = truth_device (truth, serials[i]);
      g_autoptr(AdeptAssignAttempt) attempt = sync_test_last_attempt (f->server.store, SERVER, serials[i]);

      g_assert_cmpstr (json_object_get_string_member (device, "profile_status"), ==, "assigned");
      g_assert_cmpstr (json_object_get_string_member (device, "profile_uuid"), ==, chosen_uuid);
      g_assert_cmpint (attempt->result, ==, ADEPT_ASSIGN_RESULT_SUCCESS);
      g_assert_cmpint (attempt->origin, ==, ADEPT_ASSIGN_ORIGIN_MANUAL);
      g_assert_cmpstr (attempt->profile_uuid, ==, chosen_uuid);
    }
  g_assert_cmpstr (json_object_get_string_member (truth_device (truth, bystander[0]), "profile_status"),
                   ==, "empty");
  g_clear_object (&truth);

  /* The sync the page asked for brings Apple's new state to the list and the panel. */
  sync_store (f);
  select_serials (f, (const char * const *) serials);
  g_assert_cmpuint (adept_status_chart_get_count (adept_device_panel_get_selection_chart (panel),
                                                  ADEPT_PROFILE_STATUS_ASSIGNED), ==, N_CHOSEN);
  for (guint i = 0; serials[i] != NULL; i++)
    {
      select_serials (f, (const char * const[]) { serials[i], NULL });
      g_assert_cmpstr (adept_device_panel_get_value (panel, "serial"), ==, serials[i]);
      g_assert_cmpstr (adept_device_panel_get_value (panel, "status"), ==, "Assigned");
      g_assert_cmpstr (adept_device_panel_get_value (panel, "profile-uuid"), ==, chosen_uuid);
      g_assert_cmpstr (adept_device_panel_get_value (panel, "profile"), ==, "Staff iPhones");
    }
  g_assert_cmpstr (other_uuid, !=, chosen_uuid);

  /* Remove Profile on the same three. */
  select_serials (f, (const char * const *) serials);
  dialog = activate_with_dialog (f, "devices.remove-profile");
  adw_message_dialog_response (dialog, "remove");
  g_assert_true (adept_devices_page_get_busy (f->page));
  adept_test_ui_wait_for (page_idle, f->page, "the removal to finish");
  adept_test_ui_wait_for (session_idle, f->server.session, "the sync the page asked for");
  g_assert_cmpuint (f->syncs_requested, ==, 2);

  truth = load_truth (f);
  for (guint i = 0; serials[i] != NULL; i++)
    g_assert_cmpstr (json_object_get_string_member (truth_device (truth, serials[i]), "profile_status"),
                     ==, "removed");

  sync_store (f);
  for (guint i = 0; serials[i] != NULL; i++)
    {
      g_autoptr(AdeptDevice) device = adept_store_get_device (f->server.store, SERVER, serials[i], NULL, NULL);

      g_assert_nonnull (device);
      g_assert_cmpint (adept_device_get_profile_status (device), ==, ADEPT_PROFILE_STATUS_REMOVED);
      select_serials (f, (const char * const[]) { serials[i], NULL });
      g_assert_cmpstr (adept_device_panel_get_value (panel, "status"), ==, "Removed");
    }
}

/* Refresh from Apple */

static void
test_refresh (Fixture       *f,
              gconstpointer  data)
{
  g_auto(GStrv) serials = sync_test_server_dup_serials (&f->server, 2, 2);
  g_auto(GStrv) untouched = sync_test_server_dup_serials (&f->server, 10, 1);
  g_autoptr(AdeptDevice) before = NULL;
  g_autoptr(GError) error = NULL;
  AdeptDevicePanel *panel;
  guint details;

  show_page (f);
  panel = adept_devices_page_get_panel (f->page);
  before = adept_store_get_device (f->server.store, SERVER, untouched[0], NULL, NULL);
  g_assert_nonnull (before);

  /* ABM changes two devices and one more; only the two selected are refreshed. */
  g_assert_true (adept_depsim_edit_device (f->server.sim, serials[0], "description", "Front desk iPad", &error));
  g_assert_true (adept_depsim_edit_device (f->server.sim, serials[1], "asset_tag", "AT-7731", &error));
  g_assert_true (adept_depsim_edit_device (f->server.sim, untouched[0], "description", "Not refreshed", &error));
  g_assert_no_error (error);

  select_serials (f, (const char * const *) serials);
  details = adept_depsim_get_request_count (f->server.sim, "/devices");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "devices.refresh", NULL));
  g_assert_true (adept_devices_page_get_busy (f->page));
  adept_test_ui_wait_for (page_idle, f->page, "the refresh to finish");
  g_assert_cmpuint (adept_depsim_get_request_count (f->server.sim, "/devices") - details, ==, 1);
  adept_test_ui_wait_for (session_idle, f->server.session, "the sync the page asked for");
  g_assert_cmpuint (f->syncs_requested, ==, 0);

  {
    g_autoptr(AdeptDevice) first = adept_store_get_device (f->server.store, SERVER, serials[0], NULL, NULL);
    g_autoptr(AdeptDevice) second = adept_store_get_device (f->server.store, SERVER, serials[1], NULL, NULL);
    g_autoptr(AdeptDevice) other = adept_store_get_device (f->server.store, SERVER, untouched[0], NULL, NULL);

    g_assert_cmpstr (adept_device_get_description (first), ==, "Front desk iPad");
    g_assert_cmpstr (adept_device_get_asset_tag (second), ==, "AT-7731");
    g_assert_cmpstr (adept_device_get_description (other), ==, adept_device_get_description (before));
  }

  select_serials (f, (const char * const[]) { serials[0], NULL });
  g_assert_cmpstr (adept_device_panel_get_value (panel, "description"), ==, "Front desk iPad");
  select_serials (f, (const char * const[]) { serials[1], NULL });
  g_assert_cmpstr (adept_device_panel_get_value (panel, "asset-tag"), ==, "AT-7731");

  /* A device ABM moved away is counted, not stored as found. */
  g_assert_cmpuint (adept_depsim_unassign_devices (f->server.sim, (const char * const *) serials, NULL), ==, 2);
  select_serials (f, (const char * const *) serials);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "devices.refresh", NULL));
  adept_test_ui_wait_for (page_idle, f->page, "the second refresh to finish");
  {
    g_autoptr(AdeptDevice) first = adept_store_get_device (f->server.store, SERVER, serials[0], NULL, NULL);

    g_assert_cmpstr (adept_device_get_description (first), ==, "Front desk iPad");
  }
}

/* Export CSV: fields from ABM that a spreadsheet would run stay text */

static void
test_csv_formulas (Fixture       *f,
                   gconstpointer  data)
{
  g_auto(GStrv) serials = sync_test_server_dup_serials (&f->server, 7, 1);
  g_autofree char *path = g_build_filename (f->server.dir, "export.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *prefix = g_strdup_printf ("%s,", serials[0]);
  g_auto(GStrv) lines = NULL;
  guint n_found = 0;

  g_assert_true (adept_depsim_edit_device (f->server.sim, serials[0], "description", "=SUM(1,2)", &error));
  g_assert_true (adept_depsim_edit_device (f->server.sim, serials[0], "os", "+cmd", &error));
  g_assert_true (adept_depsim_edit_device (f->server.sim, serials[0], "color", "-1", &error));
  g_assert_true (adept_depsim_edit_device (f->server.sim, serials[0], "asset_tag", "@A1", &error));
  g_assert_no_error (error);
  sync_store (f);
  show_page (f);

  adept_devices_page_export_csv_async (f->page, file, FALSE, NULL, adept_test_store_result, &result);
  adept_test_wait_result (&result);
  g_assert_true (adept_devices_page_export_csv_finish (f->page, result, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &csv, NULL, &error));

  lines = g_strsplit (csv, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, N_DEVICES + 2);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      if (!g_str_has_prefix (lines[i], prefix))
        {
          /* Nothing else is touched. */
          g_assert_null (strchr (lines[i], '\''));
          continue;
        }
      n_found++;
      g_assert_true (g_str_has_prefix (lines[i] + strlen (prefix), "\"'=SUM(1,2)\","));
      g_assert_nonnull (strstr (lines[i], ",'+cmd,'-1,'@A1,"));
    }
  g_assert_cmpuint (n_found, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = adept_test_ui_init (&argc, &argv, "test-ui-device-actions");
  int status;

  app = adept_test_ui_app_new (FALSE, 0);
  /* One Xvfb is shared by parallel tests: a blinking cursor of a window that lost the X
   * focus to another test makes GTK warn. */
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add ("/ui/device-actions/assign-and-remove", Fixture, NULL, fixture_set_up,
              test_assign_and_remove, fixture_tear_down);
  g_test_add ("/ui/device-actions/csv-formulas", Fixture, NULL, fixture_set_up,
              test_csv_formulas, fixture_tear_down);
  g_test_add ("/ui/device-actions/refresh", Fixture, NULL, fixture_set_up, test_refresh,
              fixture_tear_down);

  status = g_test_run ();
  g_clear_object (&app);
  adept_test_cleanup_dir (dir);
  return status;
}
