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

#include "adept-activation-lock.h"
#include "adept-bypass-code.h"
#include "adept-secret-bundle.h"
#include "adept-credentials.h"
#include "adept-depsim.h"
#include "adept-secret.h"
#include "adept-device-picker.h"
#include "adept-device-panel-sections.h"
#include "adept-devices-page.h"
#include "adept-error.h"
#include "adept-sync-engine.h"
#include "adept-test-util.h"
#include "sync-test-server.h"
#include "adept-list-cell.h"
#include "adept-list-pill.h"
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

/* Widgets */

/* The panel's button of an action, as the admin sees it. */
static GtkWidget *
panel_button (Fixture    *f,
              const char *action)
{
  GtkWidget *button = adept_test_ui_find_widget (GTK_WIDGET (adept_devices_page_get_panel (f->page)), adept_test_ui_has_action,
                                   action);

  g_assert_nonnull (button);
  return button;
}

static gboolean
action_enabled (Fixture    *f,
                const char *action)
{
  GtkWidget *button = panel_button (f, action);

  return gtk_widget_get_sensitive (button);
}

static void
assert_tooltip_has (GtkWidget  *widget,
                    const char *text)
{
  const char *tooltip = gtk_widget_get_tooltip_text (widget);

  if (tooltip == NULL || strstr (tooltip, text) == NULL)
    g_error ("The tooltip “%s” does not say “%s”", tooltip ? tooltip : "(none)", text);
}

static char *
define_profile_json (Fixture    *f,
                     const char *name,
                     const char *extra)
{
  g_autofree char *uuid = sync_test_define_profile (f->server.client, name);
  g_autofree char *json = g_strdup_printf ("{\"profile_name\":\"%s\","
                                           "\"url\":\"https://mdm.example.com/enroll\"%s}",
                                           name, extra ? extra : "");
  g_autoptr(GError) error = NULL;

  g_assert_true (adept_store_save_profile (f->server.store, SERVER, uuid, name, json, NULL, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&uuid);
}

static const char *
truth_status (Fixture    *f,
              const char *serial)
{
  g_autoptr(JsonParser) truth = load_truth (f);

  return g_intern_string (json_object_get_string_member (truth_device (truth, serial),
                                                         "profile_status"));
}

/* Item 7: Remove is off for devices with no profile, says why, and sends only the devices
 * that have one. */
static void
test_remove_only_with_profile (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *uuid = define_profile (f, "Staff iPhones");
  g_auto(GStrv) empty = sync_test_server_dup_serials (&f->server, 0, 2);
  g_auto(GStrv) with_profile = sync_test_server_dup_serials (&f->server, 2, 1);
  const char *mixed[] = { empty[0], empty[1], with_profile[0], NULL };
  AdwMessageDialog *dialog;

  sync_test_set_profile (f->server.client, uuid, (const char * const *) with_profile);
  sync_store (f);
  show_page (f);

  /* One Empty device: nothing to remove, and the button says so. */
  select_serials (f, (const char * const[]) { empty[0], NULL });
  g_assert_false (action_enabled (f, "devices.remove-profile"));
  assert_tooltip_has (panel_button (f, "devices.remove-profile"), "no profile to remove");
  /* A shortcut or a stale menu asks nothing either. */
  gtk_widget_activate_action (GTK_WIDGET (f->page), "devices.remove-profile", NULL);
  g_assert_null (adept_devices_page_get_dialog (f->page));

  /* Two Empty devices: the same. */
  select_serials (f, (const char * const *) empty);
  g_assert_false (action_enabled (f, "devices.remove-profile"));
  assert_tooltip_has (panel_button (f, "devices.remove-profile"), "None of the selected devices");

  /* With one that has a profile: on, and only that one counts and goes to Apple. */
  select_serials (f, mixed);
  g_assert_true (action_enabled (f, "devices.remove-profile"));
  assert_tooltip_has (panel_button (f, "devices.remove-profile"), "the 1 selected device that has one");
  dialog = activate_with_dialog (f, "devices.remove-profile");
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Remove the DEP Profile from 1 Device?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog),
                            "2 devices have no profile and are left as they are."));
  adw_message_dialog_response (dialog, "remove");
  adept_test_ui_wait_for (page_idle, f->page, "the removal to finish");
  adept_test_ui_wait_for (session_idle, f->server.session, "the sync the page asked for");

  g_assert_cmpstr (truth_status (f, with_profile[0]), ==, "removed");
  /* Not "removed": Apple was not asked about them. */
  g_assert_cmpstr (truth_status (f, empty[0]), ==, "empty");
  g_assert_cmpstr (truth_status (f, empty[1]), ==, "empty");
  {
    g_autoptr(GPtrArray) audit = adept_store_list_audit (f->server.store, SERVER, 1, NULL);
    AdeptAuditEntry *entry = g_ptr_array_index (audit, 0);

    g_assert_nonnull (strstr (entry->details, "1 of 1"));
  }
}

/* Item 2 and 13: Assign Profile… says why it is off. */
static void
test_assign_says_why (Fixture       *f,
                      gconstpointer  data)
{
  g_auto(GStrv) serials = sync_test_server_dup_serials (&f->server, 0, 2);
  g_auto(GStrv) foreign = sync_test_server_dup_serials (&f->server, 5, 1);
  g_autofree char *other_tool = sync_test_define_profile (f->server.client, "Made Elsewhere");

  show_page (f);
  select_serials (f, (const char * const *) serials);
  /* No profile at all in this console. */
  g_assert_false (action_enabled (f, "devices.assign-profile"));
  assert_tooltip_has (panel_button (f, "devices.assign-profile"),
                      "No DEP profile yet: define one on the DEP Profiles page");

  /* Another tool assigned a profile this console does not keep. */
  sync_test_set_profile (f->server.client, other_tool, (const char * const *) foreign);
  sync_store (f);
  select_serials (f, (const char * const *) serials);
  assert_tooltip_has (panel_button (f, "devices.assign-profile"), "defined elsewhere");
  assert_tooltip_has (panel_button (f, "devices.assign-profile"), "adopt them");

  /* A profile of its own: on, and the tooltip says what it does. */
  g_free (define_profile (f, "Staff iPads"));
  g_signal_emit_by_name (f->server.session, "profiles-changed");
  select_serials (f, (const char * const *) serials);
  g_assert_true (action_enabled (f, "devices.assign-profile"));
  assert_tooltip_has (panel_button (f, "devices.assign-profile"), "Choose a DEP profile");

  /* Busy with another job: off, and why. */
  {
    AdwMessageDialog *dialog = activate_with_dialog (f, "devices.assign-profile");

    adw_message_dialog_response (dialog, "assign");
    g_assert_true (adept_devices_page_get_busy (f->page));
    assert_tooltip_has (panel_button (f, "devices.assign-profile"), "Wait for the running");
    adept_test_ui_wait_for (page_idle, f->page, "the assignment to finish");
  }
}

/* Item 8: F5 (win.force-sync, and Ctrl+R) on the Devices page syncs there. */
static gboolean
page_sync_done (gpointer data)
{
  Fixture *f = data;

  return !adept_session_get_syncing (f->server.session) &&
         !gtk_widget_get_visible (f->page->sync_box) &&
         adept_session_get_last_sync (f->server.session) != NULL &&
         adept_session_get_last_sync (f->server.session)->id != GPOINTER_TO_INT (g_object_get_data (G_OBJECT (f->page), "last-run"));
}

static void
note_shown (gboolean  *shown,
            GParamSpec *pspec,
            GtkWidget  *widget)
{
  *shown = *shown || gtk_widget_get_visible (widget);
}

static void
test_refresh_in_place (Fixture       *f,
                       gconstpointer  data)
{
  gboolean shown = FALSE;
  g_autofree char **added = adept_depsim_add_devices (f->server.sim, 2, TRUE);
  const AdeptJournalEntry *before;
  GtkApplication *app_ = gtk_window_get_application (GTK_WINDOW (f->window));
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (app_, "win.force-sync");

  show_page (f);
  before = adept_session_get_last_sync (f->server.session);
  g_object_set_data (G_OBJECT (f->page), "last-run", GINT_TO_POINTER (before ? before->id : 0));
  /* The keys the shortcuts window names. */
  g_assert_true (g_strv_contains ((const char * const *) accels, "F5"));
  g_assert_true (g_strv_contains ((const char * const *) accels, "<Control>r"));

  g_signal_connect_swapped (f->page->sync_box, "notify::visible", G_CALLBACK (note_shown), &shown);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.force-sync", NULL));
  /* Still the Devices page, with the sync in its footer. */
  g_assert_cmpstr (adept_window_get_visible_page (f->window), ==, "devices");
  adept_test_ui_wait_for (page_sync_done, f, "the sync in place");
  g_signal_handlers_disconnect_by_data (f->page->sync_box, &shown);
  g_assert_true (shown);
  g_assert_cmpuint (f->syncs_requested, ==, 1);
  g_assert_cmpstr (adept_window_get_visible_page (f->window), ==, "devices");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (adept_devices_page_get_list (f->page))),
                    ==, N_DEVICES + 2);
  for (guint i = 0; added[i] != NULL; i++)
    g_free (added[i]);

  /* On another page, F5 still goes to Settings' Force Sync. */
  adept_window_show_page (f->window, "profiles");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.force-sync", NULL));
  g_assert_cmpstr (adept_window_get_visible_page (f->window), ==, "settings");
  adept_test_ui_wait_for (session_idle, f->server.session, "the Force Sync");
}

/* The seed's caution: a Force Token Authentication profile assigned to iPhones and iPads. */
static void
test_fta_caution (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *plain = define_profile_json (f, "Lab Macs", NULL);
  g_autofree char *fta = define_profile_json (f, "Sales Devices",
                                              ",\"configuration_web_url\":\"https://mdm.example.com/sign-in\"");
  g_auto(GStrv) serials = sync_test_server_dup_serials (&f->server, 0, 4);
  const char *families[] = { "iPhone", "iPad", "iPad", "Mac" };
  AdwMessageDialog *dialog;
  GtkLabel *caution;
  GtkDropDown *dropdown;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 4; i++)
    g_assert_true (adept_depsim_edit_device (f->server.sim, serials[i], "device_family", families[i], &error));
  g_assert_no_error (error);
  sync_store (f);
  show_page (f);
  select_serials (f, (const char * const *) serials);

  dialog = activate_with_dialog (f, "devices.assign-profile");
  caution = g_object_get_data (G_OBJECT (dialog), "caution");
  dropdown = g_object_get_data (G_OBJECT (dialog), "dropdown");
  select_profile (dialog, f, plain);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (caution)));
  select_profile (dialog, f, fta);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (caution)));
  g_assert_nonnull (strstr (gtk_label_get_label (caution), "“Sales Devices” forces token authentication"));
  g_assert_nonnull (strstr (gtk_label_get_label (caution), "1 iPhone and 2 iPads will ask for a user name and a deployment token"));
  g_assert_cmpuint (gtk_drop_down_get_selected (dropdown), <, 2);

  /* Macs alone: no caution. */
  adw_message_dialog_response (dialog, "cancel");
  select_serials (f, (const char * const[]) { serials[3], NULL });
  dialog = activate_with_dialog (f, "devices.assign-profile");
  select_profile (dialog, f, fta);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (g_object_get_data (G_OBJECT (dialog), "caution"))));
  adw_message_dialog_response (dialog, "cancel");
}

/* Item 6 and Assign from a file: the device picker */

static AdeptDevicePicker *
open_picker (Fixture    *f,
             const char *uuid,
             const char *name)
{
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  AdeptDevicePicker *picker;

  g_hash_table_insert (names, (gpointer) uuid, (gpointer) name);
  picker = adept_device_picker_new (GTK_WINDOW (f->window), f->server.session, uuid, name, names);
  gtk_window_present (GTK_WINDOW (picker));
  adept_test_ui_flush (GTK_WIDGET (picker));
  return picker;
}

static gboolean
picker_done (gpointer data)
{
  return g_strcmp0 (adept_device_picker_get_state (data), "summary") == 0;
}

static void
test_picker_follows_assignment (Fixture       *f,
                                gconstpointer  data)
{
  g_autofree char *uuid = define_profile (f, "Classroom iPads");
  g_auto(GStrv) serials = sync_test_server_dup_serials (&f->server, 0, 5);
  AdeptDevicePicker *picker;
  GtkSelectionModel *selection;
  GListModel *list;

  show_page (f);
  picker = open_picker (f, uuid, "Classroom iPads");
  list = G_LIST_MODEL (adept_device_picker_get_list (picker));
  selection = adept_device_picker_get_selection (picker);
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(AdeptDevice) device = g_list_model_get_item (list, i);

      if (g_strv_contains ((const char * const *) serials, adept_device_get_serial_number (device)))
        gtk_selection_model_select_item (selection, i, FALSE);
    }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (picker), "picker.assign", NULL));
  g_assert_cmpuint (adept_device_picker_get_n_marked (picker), ==, 5);
  g_assert_cmpstr (adept_device_picker_get_shown_status (picker, serials[0]), ==, "Empty");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (picker), "picker.save", NULL));
  adept_test_ui_wait_for (picker_done, picker, "the assignment to finish");
  g_assert_nonnull (strstr (adept_device_picker_get_summary (picker), "5 devices assigned"));

  /* "5 devices assigned." and the rows say so at once, before any sync. */
  for (guint i = 0; serials[i] != NULL; i++)
    g_assert_cmpstr (adept_device_picker_get_shown_status (picker, serials[i]), ==, "Assigned");

  /* The sync brings Apple's own record: the store agrees, the rows stay right. */
  sync_store (f);
  for (guint i = 0; serials[i] != NULL; i++)
    {
      g_autoptr(AdeptDevice) device = adept_device_list_lookup (adept_device_picker_get_list (picker),
                                                                serials[i]);

      g_assert_cmpint (adept_device_get_profile_status (device), ==, ADEPT_PROFILE_STATUS_ASSIGNED);
      g_assert_cmpstr (adept_device_picker_get_shown_status (picker, serials[i]), ==, "Assigned");
    }
  gtk_window_destroy (GTK_WINDOW (picker));
}

static void
write_file (const char *path,
            const char *text)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, text, -1, &error));
  g_assert_no_error (error);
}

static gboolean
mark_file (AdeptDevicePicker  *picker,
           const char         *path,
           GError            **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GAsyncResult) result = NULL;

  adept_device_picker_mark_file_async (picker, file, NULL, adept_test_store_result, &result);
  adept_test_wait_result (&result);
  return adept_device_picker_mark_file_finish (picker, result, error);
}

static void
test_picker_from_file (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *uuid = define_profile (f, "Staff iPhones");
  g_auto(GStrv) serials = sync_test_server_dup_serials (&f->server, 0, 3);
  g_autofree char *csv = g_build_filename (f->server.dir, "serials.csv", NULL);
  g_autofree char *bad = g_build_filename (f->server.dir, "bad.txt", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  AdeptDevicePicker *picker;

  show_page (f);
  picker = open_picker (f, uuid, "Staff iPhones");

  /* As ABM exports it: a header, a lower-case serial, a comment, a blank line, and a
   * serial this server does not have. */
  text = g_strdup_printf ("Serial Number,Order\r\n%s,1\r\n# spares\r\n\r\n%s,2\r\n%s,3\r\nC02ZZZZZZ999,4\r\n",
                          serials[0], serials[1], g_ascii_strdown (serials[2], -1));
  write_file (csv, text);
  g_assert_true (mark_file (picker, csv, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (adept_device_picker_get_n_marked (picker), ==, 3);
  for (guint i = 0; serials[i] != NULL; i++)
    g_assert_true (adept_device_picker_is_marked (picker, serials[i]));
  g_assert_nonnull (strstr (adept_device_picker_get_report (picker), "3 devices marked from “serials.csv”."));
  g_assert_nonnull (strstr (adept_device_picker_get_report (picker),
                            "1 serial number is not a device of this server, so it is left out: C02ZZZZZZ999."));

  /* A bad line: named by its number, and nothing more is marked. */
  gtk_widget_activate_action (GTK_WIDGET (picker), "picker.unmark-all", NULL);
  g_free (text);
  text = g_strdup_printf ("%s\n%s\nC02-XK1\n", serials[0], serials[1]);
  write_file (bad, text);
  g_assert_false (mark_file (picker, bad, &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_FILE);
  g_assert_nonnull (strstr (error->message, "line 3 (“C02-XK1”)"));
  g_assert_cmpuint (adept_device_picker_get_n_marked (picker), ==, 0);
  g_assert_cmpstr (adept_device_picker_get_report (picker), ==, error->message);
  g_clear_error (&error);

  /* Not a file to read. */
  g_assert_false (mark_file (picker, f->server.dir, &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_FILE);
  gtk_window_destroy (GTK_WINDOW (picker));
}

/* Saved filters (status + family + search) and a bulk action on what one matches */

static gboolean
dialog_is (gpointer data)
{
  Fixture *f = data;
  AdwMessageDialog *dialog = adept_devices_page_get_dialog (f->page);

  return dialog != NULL && g_strcmp0 (adw_message_dialog_get_heading (dialog),
                                      g_object_get_data (G_OBJECT (f->page), "want-heading")) == 0;
}

static void
test_saved_filter_bulk (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *uuid = define_profile (f, "Classroom iPads");
  g_auto(GStrv) serials = sync_test_server_dup_serials (&f->server, 0, N_DEVICES);
  AdeptStatusChart *chart;
  AdeptDeviceList *list;
  g_auto(GStrv) names = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ipads = g_ptr_array_new ();
  AdwMessageDialog *dialog;

  /* Six iPads, two of them already with a profile; the rest of the fleet are Macs. */
  for (guint i = 0; serials[i] != NULL; i++)
    g_assert_true (adept_depsim_edit_device (f->server.sim, serials[i], "device_family",
                                             i < 6 ? "iPad" : "Mac", &error));
  sync_test_set_profile (f->server.client, uuid, (const char * const[]) { serials[0], serials[1], NULL });
  sync_store (f);
  show_page (f);
  chart = adept_devices_page_get_chart (f->page);
  list = adept_devices_page_get_list (f->page);

  /* Empty iPads, named and saved. */
  adept_status_chart_set_selected (chart, adept_status_chart_find (chart, "empty"));
  adept_devices_page_set_family_filter (f->page, "iPad");
  adept_test_ui_flush (GTK_WIDGET (f->window));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 4);
  dialog = activate_with_dialog (f, "devices.save-filter");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "Empty · iPad"));
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)), "Empty iPads");
  adw_message_dialog_response (dialog, "save");
  names = adept_devices_page_dup_saved_filters (f->page);
  g_assert_cmpuint (g_strv_length (names), ==, 1);
  g_assert_cmpstr (names[0], ==, "Empty iPads");

  /* Cleared, then back through the saved filter (as its menu item does). */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "devices.clear-filters", NULL));
  adept_test_ui_flush (GTK_WIDGET (f->window));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_DEVICES);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "devices.apply-filter", "s",
                                             "Empty iPads"));
  adept_test_ui_flush (GTK_WIDGET (f->window));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 4);
  g_assert_cmpint (adept_status_chart_get_selected (chart), ==, ADEPT_PROFILE_STATUS_EMPTY);

  /* Assign the default profile to all of them: the count is named, the job runs, and a
   * summary stays until read. */
  dialog = activate_with_dialog (f, "devices.assign-all");
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==,
                   "Assign a DEP Profile to All 4 Devices Shown?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "Every device the list shows now (Empty · iPad)"));
  select_profile (dialog, f, uuid);
  adw_message_dialog_response (dialog, "assign");
  g_object_set_data (G_OBJECT (f->page), "want-heading", (gpointer) "Profile Assigned");
  adept_test_ui_wait_for (dialog_is, f, "the summary of the bulk assignment");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (adept_devices_page_get_dialog (f->page)),
                            "4 devices assigned"));
  for (guint i = 0; i < 6; i++)
    g_assert_cmpstr (truth_status (f, serials[i]), ==, "assigned");
  for (guint i = 6; i < N_DEVICES; i++)
    g_assert_cmpstr (truth_status (f, serials[i]), ==, "empty");

  /* Another server's page shows none of this server's filters; deleting removes it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "devices.delete-filter", "s",
                                             "Empty iPads"));
  g_strfreev (names);
  names = adept_devices_page_dup_saved_filters (f->page);
  g_assert_cmpuint (g_strv_length (names), ==, 0);
  adept_test_ui_wait_for (session_idle, f->server.session, "the sync the page asked for");
}

/* Accessibility: every control an admin can reach has a name. A minimal check of this
 * helper's widgets (GTK 4.8 exposes names only with GTK_A11Y=test, which main() sets). */

static gboolean
is_control (GtkWidget *widget)
{
  GtkWidget *parent = gtk_widget_get_parent (widget);

  /* The inner parts of composite controls take their name from the control. */
  if (parent != NULL && (GTK_IS_MENU_BUTTON (parent) || GTK_IS_DROP_DOWN (parent) ||
                         GTK_IS_SEARCH_ENTRY (parent) || GTK_IS_SPIN_BUTTON (parent)))
    return FALSE;
  return GTK_IS_BUTTON (widget) || GTK_IS_MENU_BUTTON (widget) || GTK_IS_DROP_DOWN (widget) ||
         GTK_IS_SEARCH_ENTRY (widget) || GTK_IS_ENTRY (widget) || GTK_IS_SWITCH (widget) ||
         GTK_IS_CHECK_BUTTON (widget) || GTK_IS_SPIN_BUTTON (widget) || GTK_IS_COLUMN_VIEW (widget);
}

static gboolean
has_name (GtkWidget *widget)
{
  return gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL) ||
         gtk_test_accessible_has_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
}

static void
assert_named (GtkWidget *widget)
{
  if (!gtk_widget_get_visible (widget))
    return;
  if (is_control (widget) && !has_name (widget))
    g_error ("A %s (tooltip “%s”) in a %s has no accessible name", G_OBJECT_TYPE_NAME (widget),
             gtk_widget_get_tooltip_text (widget) ? gtk_widget_get_tooltip_text (widget) : "",
             G_OBJECT_TYPE_NAME (gtk_widget_get_parent (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    assert_named (child);
}

static gboolean
is_list_pill (GtkWidget     *widget,
              gconstpointer  data)
{
  return ADEPT_IS_LIST_PILL (widget) && gtk_widget_is_drawable (widget);
}

static gboolean
is_serial_cell (GtkWidget     *widget,
                gconstpointer  serial)
{
  return ADEPT_IS_LIST_CELL (widget) && gtk_widget_has_css_class (widget, "monospace") &&
         g_strcmp0 (adept_list_cell_get_text (ADEPT_LIST_CELL (widget)), serial) == 0 &&
         gtk_widget_is_drawable (widget);
}

static void
assert_property (GtkWidget             *widget,
                 GtkAccessibleProperty  property,
                 const char            *value)
{
  g_autofree char *error = gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget), property, value);

  if (error != NULL)
    g_error ("%s", error);
}

static GtkWidget *
list_view_of (Fixture *f)
{
  GtkWidget *column_view = GTK_WIDGET (adept_devices_page_get_column_view (f->page));

  for (GtkWidget *child = gtk_widget_get_first_child (column_view); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      return child;
  g_error ("The column view has no list view");
}

/* What Space and Ctrl+Space do on a row of the list. */
static void
key_select (Fixture *f,
            guint    position,
            gboolean add)
{
  g_assert_true (gtk_widget_activate_action (list_view_of (f), "list.select-item", "(ubb)",
                                             position, add, FALSE));
}

/* Enter in a message dialog: its default response. */
static void
press_enter (AdwMessageDialog *dialog)
{
  const char *response = adw_message_dialog_get_default_response (dialog);

  g_assert_nonnull (response);
  adw_message_dialog_response (dialog, response);
}

static void
test_keyboard (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *uuid = define_profile (f, "Staff iPhones");
  AdeptDevicePanel *panel;
  AdeptStatusChart *chart;
  AdwMessageDialog *dialog;
  GtkRoot *root = GTK_ROOT (f->window);
  g_autoptr(AdeptDevice) first = NULL;
  g_autoptr(AdeptDevice) second = NULL;
  int removed;

  show_page (f);
  panel = adept_devices_page_get_panel (f->page);
  chart = adept_devices_page_get_chart (f->page);
  /* The page's own controls (the window's header belongs to the application's tests). */
  assert_named (GTK_WIDGET (f->page));
  assert_property (GTK_WIDGET (chart), GTK_ACCESSIBLE_PROPERTY_LABEL,
                   "DEP profile status of all 20 devices");

  /* Ctrl+F */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "devices.focus-search", NULL));
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (root),
                                         GTK_WIDGET (adept_devices_page_get_search_entry (f->page))));

  /* Space on the first row, Ctrl+Space on the second. */
  key_select (f, 0, FALSE);
  key_select (f, 1, TRUE);
  adept_test_ui_wait_for (panel_shows_several, panel, "the panel to show the two devices");
  first = g_list_model_get_item (G_LIST_MODEL (adept_devices_page_get_list (f->page)), 0);
  second = g_list_model_get_item (G_LIST_MODEL (adept_devices_page_get_list (f->page)), 1);
  assert_named (GTK_WIDGET (panel));

  /* Assign Profile… (Alt+A on the panel's button), then Enter. */
  g_assert_true (gtk_widget_get_focusable (panel_button (f, "devices.assign-profile")));
  dialog = activate_with_dialog (f, "devices.assign-profile");
  assert_named (GTK_WIDGET (dialog));
  press_enter (dialog);
  adept_test_ui_wait_for (page_idle, f->page, "the assignment to finish");
  sync_store (f);
  g_assert_cmpstr (truth_status (f, adept_device_get_serial_number (first)), ==, "assigned");
  g_assert_cmpstr (truth_status (f, adept_device_get_serial_number (second)), ==, "assigned");

  /* One device: its pill says its status in words. */
  key_select (f, 0, FALSE);
  adept_test_ui_wait_for (panel_shows_one, panel, "the panel to show the device");
  adept_device_panel_set_page (panel, "management");
  adept_test_ui_flush (GTK_WIDGET (f->window));
  assert_named (GTK_WIDGET (panel));
  {
    AdeptFactRow *status = adept_device_panel_get_fact (panel, "status");
    GtkWidget *pill = gtk_widget_get_next_sibling (adept_fact_row_get_value_label (status));

    assert_property (pill, GTK_ACCESSIBLE_PROPERTY_LABEL, "DEP profile status: Assigned");
    assert_property (pill, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                     adept_profile_status_get_meaning (ADEPT_PROFILE_STATUS_ASSIGNED));
  }
  /* So do the list's pills (AdeptListPill, drawn without a label). */
  {
    GtkWidget *pill = adept_test_ui_find_widget (GTK_WIDGET (adept_devices_page_get_column_view (f->page)),
                                                 is_list_pill, NULL);
    AdeptProfileStatus status;
    g_autofree char *words = NULL;

    g_assert_nonnull (pill);
    status = adept_list_pill_get_status (ADEPT_LIST_PILL (pill));
    words = g_strdup_printf ("DEP profile status: %s", adept_profile_status_get_label (status));
    assert_property (pill, GTK_ACCESSIBLE_PROPERTY_LABEL, words);
    assert_property (pill, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, adept_profile_status_get_meaning (status));
  }
  /* The text cells (AdeptListCell, drawn without a label) say their text: the first
   * row's serial. */
  {
    g_autoptr(AdeptDevice) device = g_list_model_get_item (G_LIST_MODEL (adept_devices_page_get_list (f->page)), 0);
    GtkWidget *cell = adept_test_ui_find_widget (GTK_WIDGET (adept_devices_page_get_column_view (f->page)),
                                                 is_serial_cell, adept_device_get_serial_number (device));

    g_assert_nonnull (cell);
    assert_property (cell, GTK_ACCESSIBLE_PROPERTY_LABEL, adept_device_get_serial_number (device));
  }

  /* Remove Profile…: Enter cancels a destructive question, Tab and Space remove. */
  key_select (f, 1, TRUE);
  adept_test_ui_wait_for (panel_shows_several, panel, "the panel to show the two devices");
  dialog = activate_with_dialog (f, "devices.remove-profile");
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), !=, "remove");
  adw_message_dialog_response (dialog, "remove");
  adept_test_ui_wait_for (page_idle, f->page, "the removal to finish");
  sync_store (f);
  g_assert_cmpstr (truth_status (f, adept_device_get_serial_number (first)), ==, "removed");

  /* The chart's Removed toggle (Tab to it, Space): pressed, and said so. */
  removed = adept_status_chart_find (chart, "removed");
  g_assert_true (gtk_widget_get_focusable (adept_status_chart_get_entry (chart, removed)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (chart), "chart.select", "i", removed));
  adept_test_ui_flush (GTK_WIDGET (f->window));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (adept_devices_page_get_list (f->page))), ==, 2);
  {
    g_autofree char *error = gtk_test_accessible_check_state (
      GTK_ACCESSIBLE (adept_status_chart_get_entry (chart, removed)), GTK_ACCESSIBLE_STATE_PRESSED,
      GTK_ACCESSIBLE_TRISTATE_TRUE);

    g_assert_null (error);
  }
  assert_property (adept_status_chart_get_entry (chart, removed), GTK_ACCESSIBLE_PROPERTY_LABEL,
                   "Removed: 2 devices, 10%");

  /* Save the filter: type a name, Enter. */
  dialog = activate_with_dialog (f, "devices.save-filter");
  assert_named (GTK_WIDGET (dialog));
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)), "Removed");
  press_enter (dialog);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "devices.clear-filters", NULL));
  adept_test_ui_flush (GTK_WIDGET (f->window));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (adept_devices_page_get_list (f->page))), ==,
                    N_DEVICES);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "devices.apply-filter", "s", "Removed"));
  adept_test_ui_flush (GTK_WIDGET (f->window));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (adept_devices_page_get_list (f->page))), ==, 2);

  /* The picker's controls are named too. */
  {
    AdeptDevicePicker *picker = open_picker (f, uuid, "Staff iPhones");

    assert_named (GTK_WIDGET (picker));
    gtk_window_destroy (GTK_WINDOW (picker));
  }
}

/* Issue 13: AppleCare replaces a device; the panel of the replacement names the original,
 * which the console asked Apple for (GET /device/replacementDetails) and kept. */

static gboolean
panel_names_original (gpointer data)
{
  return g_strcmp0 (adept_device_panel_get_value (data, "replacement-original"),
                    g_object_get_data (G_OBJECT (data), "want-original")) == 0;
}

static gboolean
list_has_serial (gpointer data)
{
  Fixture *f = data;

  return adept_device_list_lookup (adept_devices_page_get_list (f->page),
                                   g_object_get_data (G_OBJECT (f->page), "want-serial")) != NULL;
}

/* The assign dialog's chosen profile, or chooses one by name. */
static const char *
dialog_profile (AdwMessageDialog *dialog,
                const char       *choose)
{
  GtkDropDown *dropdown = g_object_get_data (G_OBJECT (dialog), "dropdown");
  GListModel *names = gtk_drop_down_get_model (dropdown);

  for (guint i = 0; choose != NULL && i < g_list_model_get_n_items (names); i++)
    {
      g_autoptr(GtkStringObject) name = g_list_model_get_item (names, i);

      if (g_str_equal (gtk_string_object_get_string (name), choose))
        gtk_drop_down_set_selected (dropdown, i);
    }
  return gtk_string_object_get_string (gtk_drop_down_get_selected_item (dropdown));
}

static gboolean
offer_shown (gpointer data)
{
  return gtk_widget_is_drawable (_adept_device_panel_sections_get_replacement_offer (
    adept_device_panel_find_section (data, "replacement")));
}

static void
test_replacement (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *staff = define_profile (f, "Staff iPhones");
  g_autofree char *loaners = define_profile (f, "Loaners");
  AdwMessageDialog *dialog;
  AdeptDevicePanel *panel;
  AdeptDeviceList *list;
  g_autoptr(AdeptDevice) old = NULL;
  g_autoptr(AdeptReplacementDetails) kept = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *old_serial = NULL;
  g_autofree char *replacement = NULL;

  show_page (f);
  panel = adept_devices_page_get_panel (f->page);
  list = adept_devices_page_get_list (f->page);
  old = g_list_model_get_item (G_LIST_MODEL (list), 0);
  old_serial = g_strdup (adept_device_get_serial_number (old));
  /* The original had "Loaners". */
  select_serials (f, (const char * const []) { old_serial, NULL });
  adept_test_ui_wait_for (panel_shows_one, panel, "the panel to show the original");
  dialog = activate_with_dialog (f, "devices.assign-profile");
  g_assert_cmpstr (dialog_profile (dialog, "Loaners"), ==, "Loaners");
  adw_message_dialog_response (dialog, "assign");
  adept_test_ui_wait_for (page_idle, f->page, "the assignment to finish");
  sync_store (f);
  g_assert_cmpstr (truth_status (f, old_serial), ==, "assigned");

  replacement = adept_depsim_replace_device (f->server.sim, old_serial, NULL, &error);
  g_assert_no_error (error);
  sync_store (f);
  g_object_set_data_full (G_OBJECT (f->page), "want-serial", g_strdup (replacement), g_free);
  adept_test_ui_wait_for (list_has_serial, f, "the replacement in the list");
  g_assert_null (adept_device_list_lookup (list, old_serial));
  g_assert_null (adept_store_get_replacement (f->server.store, SERVER, replacement, NULL));

  select_serials (f, (const char * const []) { replacement, NULL });
  adept_test_ui_wait_for (panel_shows_one, panel, "the panel to show the replacement");
  adept_device_panel_set_page (panel, "general");
  g_object_set_data_full (G_OBJECT (panel), "want-original", g_strdup (old_serial), g_free);
  adept_test_ui_wait_for (panel_names_original, panel, "the panel to name the original");
  g_assert_true (gtk_widget_is_drawable (GTK_WIDGET (adept_device_panel_find_section (panel, "replacement"))));
  kept = adept_store_get_replacement (f->server.store, SERVER, replacement, &error);
  g_assert_no_error (error);
  g_assert_nonnull (kept);
  g_assert_cmpstr (kept->original_device_serial_number, ==, old_serial);
  g_assert_nonnull (kept->replacement_date);

  /* Apple does not carry the profile over: the panel offers the original's, and the assign
   * dialog opens with it chosen. */
  adept_test_ui_wait_for (offer_shown, panel, "the offer of the original's profile");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "devices.assign-like", "s", loaners));
  dialog = adept_devices_page_get_dialog (f->page);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (dialog_profile (dialog, NULL), ==, "Loaners");
  adw_message_dialog_response (dialog, "assign");
  adept_test_ui_wait_for (page_idle, f->page, "the assignment to finish");
  sync_store (f);
  g_assert_cmpstr (truth_status (f, replacement), ==, "assigned");
  adept_device_panel_reload (panel);
  g_assert_false (offer_shown (panel));
  (void) staff;
}

/* Issue 13: DEP Information lists the organization's OS beta enrollment tokens, and says
 * when the organization turned them off (Apple's 403). */

static gboolean
beta_summary_starts (gpointer data)
{
  Fixture *f = data;
  AdeptSettingsPage *settings = adept_window_get_settings_page (f->window);
  const char *summary = adept_settings_page_get_beta_summary (settings);

  return summary != NULL && g_str_has_prefix (summary, g_object_get_data (G_OBJECT (settings), "want"));
}

static void
wait_for_beta (Fixture    *f,
               const char *prefix)
{
  g_object_set_data_full (G_OBJECT (adept_window_get_settings_page (f->window)), "want",
                          g_strdup (prefix), g_free);
  adept_test_ui_wait_for (beta_summary_starts, f, "the beta tokens' summary");
}

static void
test_beta_tokens (Fixture       *f,
                  gconstpointer  data)
{
  AdeptSettingsPage *settings = adept_window_get_settings_page (f->window);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(AdeptDepAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) titles = NULL;
  g_auto(GStrv) none = NULL;

  show_page (f);
  adept_window_show_page (f->window, "settings");
  wait_for_beta (f, "8 programs");
  titles = adept_settings_page_dup_beta_titles (settings);
  g_assert_cmpuint (g_strv_length (titles), ==, 8);
  g_assert_true (g_strv_contains ((const char * const *) titles, "macOS Tahoe 26 Public Beta"));

  /* Turned off in Apple Business Manager: the next reading of the account says so. */
  adept_depsim_set_org_feature (f->server.sim, ADEPT_DEPSIM_ORG_BETA_ENROLLMENT, FALSE);
  adept_session_refresh_account_async (f->server.session, NULL, adept_test_store_result, &result);
  adept_test_wait_result (&result);
  account = adept_session_refresh_account_finish (f->server.session, result, &error);
  g_assert_no_error (error);
  wait_for_beta (f, "Turned off");
  none = adept_settings_page_dup_beta_titles (settings);
  g_assert_cmpuint (g_strv_length (none), ==, 0);
}

/* Issue 13: account-driven enrollment's service discovery address, a setting per server in
 * DEP Information: what Apple holds, with its time; set, refused in one sentence (Apple's
 * copy stays), cleared. */

static gboolean
enrollment_summary_starts (gpointer data)
{
  Fixture *f = data;
  AdeptSettingsPage *settings = adept_window_get_settings_page (f->window);
  const char *summary = adept_settings_page_get_enrollment_summary (settings);

  return summary != NULL && g_str_has_prefix (summary, g_object_get_data (G_OBJECT (settings), "want-enrollment"));
}

static void
wait_for_enrollment (Fixture    *f,
                     const char *prefix)
{
  g_object_set_data_full (G_OBJECT (adept_window_get_settings_page (f->window)), "want-enrollment",
                          g_strdup (prefix), g_free);
  if (!enrollment_summary_starts (f))
    g_test_message ("Enrollment now: %s", adept_settings_page_get_enrollment_summary (adept_window_get_settings_page (f->window)));
  adept_test_ui_wait_for (enrollment_summary_starts, f, prefix);
}

/* What the simulator holds, asked through the session as the console does. */
static char *
apple_enrollment_url (Fixture *f)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(AdeptAccountEnrollment) enrollment = NULL;
  g_autoptr(GError) error = NULL;

  adept_session_get_account_enrollment_async (f->server.session, NULL, adept_test_store_result, &result);
  adept_test_wait_result (&result);
  enrollment = adept_session_get_account_enrollment_finish (f->server.session, result, &error);
  g_assert_no_error (error);
  return enrollment != NULL ? g_strdup (enrollment->mdm_service_discovery_url) : NULL;
}

static void
apply_enrollment (Fixture    *f,
                  const char *url)
{
  AdwEntryRow *entry = adept_settings_page_get_enrollment_entry (adept_window_get_settings_page (f->window));

  gtk_editable_set_text (GTK_EDITABLE (entry), url);
  g_signal_emit_by_name (entry, "apply");
}

static void
test_account_enrollment (Fixture       *f,
                         gconstpointer  data)
{
  const char *url = "https://mdm.example.com/.well-known/com.apple.remotemanagement";
  AdeptSettingsPage *settings = adept_window_get_settings_page (f->window);
  AdwEntryRow *entry = adept_settings_page_get_enrollment_entry (settings);
  GtkWidget *clear = adept_settings_page_get_enrollment_clear (settings);
  g_autofree char *held = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *gone = NULL;

  show_page (f);
  adept_window_show_page (f->window, "settings");
  wait_for_enrollment (f, "Off");
  g_assert_false (gtk_widget_get_sensitive (clear));

  apply_enrollment (f, url);
  wait_for_enrollment (f, "On, changed at Apple on ");
  held = apple_enrollment_url (f);
  g_assert_cmpstr (held, ==, url);
  {
    g_autoptr(GPtrArray) audit = adept_store_list_audit (f->server.store, SERVER, 1, NULL);
    AdeptAuditEntry *last = g_ptr_array_index (audit, 0);

    g_assert_cmpstr (last->action, ==, "account-enrollment-set");
    g_assert_cmpstr (last->details, ==, url);
  }
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, url);
  g_assert_true (gtk_widget_get_sensitive (clear));

  /* Apple refuses a plain http address: one sentence, Apple keeps the address it had. */
  apply_enrollment (f, "http://mdm.example.com/sd");
  wait_for_enrollment (f, "Apple refused the address");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (entry), "error"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "http://mdm.example.com/sd");
  kept = apple_enrollment_url (f);
  g_assert_cmpstr (kept, ==, url);

  /* As the admin does: the row opened, then Clear. */
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (gtk_widget_get_ancestor (clear, ADW_TYPE_EXPANDER_ROW)), TRUE);
  adept_test_ui_flush (GTK_WIDGET (f->window));
  g_assert_true (gtk_widget_activate (clear));
  wait_for_enrollment (f, "Off: no service discovery address");
  gone = apple_enrollment_url (f);
  g_assert_null (gone);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");

  /* An organization Apple does not let use it. */
  adept_depsim_set_org_feature (f->server.sim, ADEPT_DEPSIM_ORG_ACCOUNT_DRIVEN_ENROLLMENT, FALSE);
  apply_enrollment (f, url);
  wait_for_enrollment (f, "The organization cannot use account-driven enrollment");
}

/* Issue 13: a device locked from this computer shows its bypass code on request, after a
 * confirmation that Enter does not pass; a device whose code is elsewhere says where. */

static gboolean
dialog_heading_starts (gpointer data)
{
  Fixture *f = data;
  AdwMessageDialog *dialog = adept_devices_page_get_dialog (f->page);

  return dialog != NULL &&
         g_str_has_prefix (adw_message_dialog_get_heading (dialog), g_object_get_data (G_OBJECT (f->page), "want-heading"));
}

static AdwMessageDialog *
wait_for_heading (Fixture    *f,
                  const char *prefix)
{
  g_object_set_data_full (G_OBJECT (f->page), "want-heading", g_strdup (prefix), g_free);
  adept_test_ui_wait_for (dialog_heading_starts, f, prefix);
  return adept_devices_page_get_dialog (f->page);
}

static void
on_clipboard_text (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  char **text = user_data;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);
  if (*text == NULL)
    *text = g_strdup ("");
}

static gboolean
text_read (gpointer data)
{
  return *(char **) data != NULL;
}

static void
test_bypass_code (Fixture       *f,
                  gconstpointer  data)
{
  AdeptDevicePanel *panel;
  g_autoptr(AdeptDevice) device = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *serial = NULL;
  g_autofree char *copied = NULL;
  char *code = adept_bypass_code_generate ();
  AdwMessageDialog *dialog;
  GtkWidget *label;

  show_page (f);
  panel = adept_devices_page_get_panel (f->page);
  device = g_list_model_get_item (G_LIST_MODEL (adept_devices_page_get_list (f->page)), 0);
  serial = g_strdup (adept_device_get_serial_number (device));
  g_assert_true (adept_credentials_store_bypass_code_sync (serial, code, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (adept_store_record_activation_lock (f->server.store, SERVER, serial, "SUCCESS",
                                                     NULL, TRUE, &error));
  g_assert_no_error (error);

  select_serials (f, (const char * const []) { serial, NULL });
  adept_test_ui_wait_for (panel_shows_one, panel, "the panel to show the device");
  adept_device_panel_set_page (panel, "management");
  adept_test_ui_flush (GTK_WIDGET (f->window));
  g_assert_true (gtk_widget_is_drawable (GTK_WIDGET (adept_device_panel_find_section (panel, "activation-lock"))));

  /* Asked first; Enter would cancel. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "devices.show-bypass-code", "s", serial));
  dialog = wait_for_heading (f, "Show the Bypass Code");
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "cancel");
  adw_message_dialog_response (dialog, "show");
  dialog = wait_for_heading (f, "Bypass Code of");
  label = adw_message_dialog_get_extra_child (dialog);
  g_assert_true (GTK_IS_LABEL (label));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (label)), ==, code);
  g_assert_true (adw_message_dialog_has_response (dialog, "close"));
  g_assert_false (adw_message_dialog_has_response (dialog, "cancel"));
  adw_message_dialog_response (dialog, "copy");
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (f->page)), NULL,
                                 on_clipboard_text, &copied);
  adept_test_ui_wait_for (text_read, &copied, "the clipboard");
  g_assert_cmpstr (copied, ==, code);

  /* A code kept elsewhere: the dialog says where. */
  g_assert_true (adept_credentials_delete_bypass_code_sync (serial, NULL, &error));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "devices.show-bypass-code", "s", serial));
  dialog = wait_for_heading (f, "Show the Bypass Code");
  adw_message_dialog_response (dialog, "show");
  dialog = wait_for_heading (f, "Bypass Code of");
  g_assert_null (adw_message_dialog_get_extra_child (dialog));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "exported when the device was locked"));
  adept_secret_free (code);
}

/* Issue 13: Lock with Activation Lock… on a selection. The admin confirms where the codes
 * live (a passphrase and their word on the file) before anything is sent, saves the export,
 * and the summary gives Apple's answer for each device; the picture is kept. */

static gboolean
has_lock_chooser (gpointer data)
{
  return adept_devices_page_get_file_chooser (data) != NULL;
}

static const char *
serial_with_status (Fixture            *f,
                    AdeptProfileStatus  status)
{
  GListModel *list = G_LIST_MODEL (adept_devices_page_get_list (f->page));

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(AdeptDevice) device = g_list_model_get_item (list, i);

      if (adept_device_get_profile_status (device) == status &&
          g_strcmp0 (adept_device_get_device_family (device), "AppleTV") != 0)
        return g_intern_string (adept_device_get_serial_number (device));
    }
  g_error ("No device of status %d", status);
}

static const char *
outcome_word (GPtrArray  *outcomes,
              const char *serial)
{
  for (guint i = 0; i < outcomes->len; i++)
    {
      AdeptLockOutcome *outcome = g_ptr_array_index (outcomes, i);

      if (g_str_equal (outcome->serial, serial))
        return adept_lock_outcome_word (outcome);
    }
  return NULL;
}

static gboolean
label_says (GtkWidget     *widget,
            gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_is_drawable (widget) &&
         g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), data) == 0;
}

/* The name the codes' save dialog proposes: the export's day, from before the dialog
 * opened or, if midnight passed meanwhile, after. */
static char *
proposed_codes_name (GDateTime            *before,
                     GtkFileChooserNative *chooser)
{
  g_autoptr(GDateTime) after = g_date_time_new_now_local ();
  g_autofree char *day_before = g_date_time_format (before, "%Y-%m-%d");
  g_autofree char *day_after = g_date_time_format (after, "%Y-%m-%d");
  g_autofree char *name = gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (chooser));
  char *later = g_strdup_printf ("adept-bypass-codes-%s-%s.p12", SERVER, day_after);

  if (g_strcmp0 (name, later) == 0)
    return later;
  g_free (later);
  return g_strdup_printf ("adept-bypass-codes-%s-%s.p12", SERVER, day_before);
}

static void
test_activation_lock (Fixture       *f,
                      gconstpointer  data)
{
  const char *passphrase = "lock it up tight";
  g_autofree char *uuid = NULL;
  g_autofree char *folder = g_build_filename (f->server.dir, "codes-XXXXXX", NULL);
  g_autofree char *export_path = NULL;
  g_autofree char *proposed = NULL;
  g_autoptr(GDateTime) before = NULL;
  g_autofree char *shots = adept_test_ui_dup_screenshot_dir ();
  g_autofree char *png = g_build_filename (shots, "activation-lock-summary.png", NULL);
  g_autofree char *escrow = NULL;
  g_autoptr(AdeptSecret) code = NULL;
  g_autoptr(AdeptSecretBundle) bundle = NULL;
  g_autoptr(JsonParser) truth = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptLockRecord) record = NULL;
  JsonObject *locks;
  const char *pushed, *empty;
  AdwMessageDialog *dialog;
  GtkWidget *keep, *list;
  GtkEditable *first, *again;
  AdeptPassphraseForm *form;
  GPtrArray *outcomes;

  show_page (f);
  /* A device enrolled through ADE is supervised: one given a profile, then activated. */
  pushed = serial_with_status (f, ADEPT_PROFILE_STATUS_EMPTY);
  uuid = sync_test_define_profile (f->server.client, "Staff iPhones");
  sync_test_set_profile (f->server.client, uuid, (const char * const []) { pushed, NULL });
  g_assert_cmpuint (adept_depsim_activate_devices (f->server.sim, (const char * const []) { pushed, NULL }, &error), ==, 1);
  g_assert_no_error (error);
  sync_store (f);
  empty = NULL;
  {
    GListModel *devices = G_LIST_MODEL (adept_devices_page_get_list (f->page));

    for (guint i = 0; empty == NULL && i < g_list_model_get_n_items (devices); i++)
      {
        g_autoptr(AdeptDevice) device = g_list_model_get_item (devices, i);

        if (adept_device_get_profile_status (device) == ADEPT_PROFILE_STATUS_EMPTY &&
            g_strcmp0 (adept_device_get_serial_number (device), pushed) != 0)
          empty = g_intern_string (adept_device_get_serial_number (device));
      }
  }
  g_assert_nonnull (empty);
  select_serials (f, (const char * const []) { pushed, empty, NULL });

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "devices.activation-lock", NULL));
  dialog = wait_for_heading (f, "Lock 2 Devices with Activation Lock?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "keyring"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "migrates to another MDM server loses its code"));
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "cancel");
  form = g_object_get_data (G_OBJECT (dialog), "adept-passphrase");
  first = adept_passphrase_form_get_entry (form, 0);
  again = adept_passphrase_form_get_entry (form, 1);
  keep = g_object_get_data (G_OBJECT (dialog), "adept-keep");
  /* Nothing goes until the passphrase is given twice and the admin vouches for the file. */
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "lock"));
  gtk_editable_set_text (GTK_EDITABLE (first), passphrase);
  gtk_editable_set_text (GTK_EDITABLE (again), "lock it up tigh");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (keep), TRUE);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "lock"));
  /* Said inline, not only a grey button. */
  g_assert_cmpstr (adept_passphrase_form_get_problem (form), ==, "The two passphrases differ. Type the same one twice.");
  gtk_editable_set_text (GTK_EDITABLE (again), passphrase);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "lock"));
  before = g_date_time_new_now_local ();
  adw_message_dialog_response (dialog, "lock");

  g_assert_nonnull (g_mkdtemp (folder));
  export_path = g_build_filename (folder, "codes.p12", NULL);
  adept_test_ui_wait_for (has_lock_chooser, f->page, "the export's save dialog");
  /* The name has the day the dialog opened: the later one if the test ran across
   * midnight in between. */
  proposed = proposed_codes_name (before, adept_devices_page_get_file_chooser (f->page));
  adept_test_ui_save_in_chooser (adept_devices_page_get_file_chooser (f->page), proposed, export_path);

  dialog = wait_for_heading (f, "1 of 2 Devices Locked");
  adept_test_ui_wait_for (page_idle, f->page, "the lock run to end");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), export_path));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "loses the code kept here"));
  outcomes = adept_devices_page_get_lock_outcomes (f->page);
  g_assert_nonnull (outcomes);
  g_assert_cmpuint (outcomes->len, ==, 2);
  g_assert_cmpstr (outcome_word (outcomes, pushed), ==, "SUCCESS");
  g_assert_cmpstr (outcome_word (outcomes, empty), ==, "DEVICE_NOT_SUPPORTED");

  /* The code went to the keyring and the file; Apple holds its hash. */
  code = adept_credentials_lookup_bypass_code_sync (pushed, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (code);
  bundle = adept_secret_bundle_new_from_file (export_path, passphrase, &error);
  g_assert_no_error (error);
  {
    g_autofree char *name = g_strconcat (ADEPT_BYPASS_CODE_EXPORT_PREFIX, pushed, NULL);

    g_assert_cmpstr (adept_secret_bundle_lookup (bundle, name), ==, code);
  }
  truth = load_truth (f);
  locks = json_object_get_object_member (json_node_get_object (json_parser_get_root (truth)), "activation_locks");
  escrow = adept_bypass_code_dup_escrow_key (code, NULL);
  g_assert_true (json_object_has_member (locks, pushed));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (locks, pushed), "escrow_key"), ==, escrow);
  g_assert_false (json_object_has_member (locks, empty));
  record = adept_store_get_activation_lock (f->server.store, SERVER, pushed, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (record->status, ==, "SUCCESS");
  {
    g_autoptr(GPtrArray) audit = adept_store_list_audit (f->server.store, SERVER, 1, NULL);
    AdeptAuditEntry *entry = g_ptr_array_index (audit, 0);

    /* Where the export went, never a code. */
    g_assert_cmpstr (entry->action, ==, "activation-lock");
    g_assert_nonnull (strstr (entry->details, "1 of 2 locked"));
    g_assert_null (strstr (entry->details, code));
  }

  /* The summary shows each device's answer. */
  list = adw_message_dialog_get_extra_child (dialog);
  adept_test_ui_flush (GTK_WIDGET (dialog));
  g_assert_true (gtk_widget_is_drawable (list));
  g_assert_nonnull (adept_test_ui_find_widget (list, label_says, "SUCCESS"));
  g_assert_nonnull (adept_test_ui_find_widget (list, label_says, "DEVICE_NOT_SUPPORTED"));
  g_assert_nonnull (adept_test_ui_find_widget (list, label_says, pushed));
  g_assert_nonnull (adept_test_ui_find_widget (list, label_says, empty));
  /* Two answers show whole, not in a cut scroller. */
  g_assert_true (GTK_IS_LIST_BOX (list));
  {
    int natural;

    gtk_widget_measure (list, GTK_ORIENTATION_VERTICAL, gtk_widget_get_width (list), NULL, &natural, NULL, NULL);
    g_assert_cmpint (gtk_widget_get_height (list), >=, natural);
  }
  adept_test_ui_save_png (GTK_WIDGET (dialog), png);
  g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));
  adw_message_dialog_response (dialog, "close");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  int status;

  /* GTK 4.8 keeps accessible names and states only for this backend (the a11y checks). */
  g_setenv ("GTK_A11Y", "test", TRUE);
  dir = adept_test_ui_init (&argc, &argv, "test-ui-device-actions");

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
  g_test_add ("/ui/device-actions/remove-only-with-profile", Fixture, NULL, fixture_set_up,
              test_remove_only_with_profile, fixture_tear_down);
  g_test_add ("/ui/device-actions/assign-says-why", Fixture, NULL, fixture_set_up,
              test_assign_says_why, fixture_tear_down);
  g_test_add ("/ui/device-actions/refresh-in-place", Fixture, NULL, fixture_set_up,
              test_refresh_in_place, fixture_tear_down);
  g_test_add ("/ui/device-actions/fta-caution", Fixture, NULL, fixture_set_up, test_fta_caution,
              fixture_tear_down);
  g_test_add ("/ui/device-actions/picker-follows-assignment", Fixture, NULL, fixture_set_up,
              test_picker_follows_assignment, fixture_tear_down);
  g_test_add ("/ui/device-actions/picker-from-file", Fixture, NULL, fixture_set_up,
              test_picker_from_file, fixture_tear_down);
  g_test_add ("/ui/device-actions/saved-filter-bulk", Fixture, NULL, fixture_set_up,
              test_saved_filter_bulk, fixture_tear_down);
  g_test_add ("/ui/device-actions/keyboard", Fixture, NULL, fixture_set_up, test_keyboard,
              fixture_tear_down);
  g_test_add ("/ui/device-actions/replacement", Fixture, NULL, fixture_set_up, test_replacement,
              fixture_tear_down);
  g_test_add ("/ui/device-actions/activation-lock", Fixture, NULL, fixture_set_up,
              test_activation_lock, fixture_tear_down);
  g_test_add ("/ui/device-actions/account-enrollment", Fixture, NULL, fixture_set_up,
              test_account_enrollment, fixture_tear_down);
  g_test_add ("/ui/device-actions/beta-tokens", Fixture, NULL, fixture_set_up, test_beta_tokens,
              fixture_tear_down);
  g_test_add ("/ui/device-actions/bypass-code", Fixture, NULL, fixture_set_up, test_bypass_code,
              fixture_tear_down);

  status = g_test_run ();
  g_clear_object (&app);
  adept_test_cleanup_dir (dir);
  return status;
}
