/* test-ui-servers.c — two DEP servers side by side in one console, under Xvfb
 *
 * Two simulated MDM servers (two simulators in-process, each its own devices). The
 * admin links the first, adds the second with Add DEP Server…, and for each: links,
 * syncs, defines a profile, makes it the default and assigns it; switches back and forth
 * with the server switcher, each server showing its own devices, profiles and condition;
 * then unlinks both. Everything the flow made goes away with the window
 * (g_assert_finalize_object on the window, its pages, the editor and a session).
 *
 * Also renders data/screenshots/servers.png (the switcher open on two servers) into
 * $ADEPT_SCREENSHOT_DIR, else screenshots/ in the build directory.
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "adept-depsim.h"
#include "adept-profile-editor.h"
#include "adept-test-util.h"
#include "test-ui-helpers.h"

#define WIDTH  1100
#define HEIGHT 700

static AdeptApplication *app;
static char *tmp_dir;
static char *out_dir;

/* One MDM server: its simulator and what the flow made there. */
typedef struct {
  const char  *id;            /* as the console calls it */
  const char  *name;          /* as Apple (the simulator) calls it */
  guint        n_devices;
  guint64      seed;
  const char  *profile_name;
  AdeptDepsim *sim;
  char        *uuid;          /* the profile defined in the console */
  GStrv        assigned;      /* serials assigned from the Devices page */
} Server;

typedef struct {
  AdeptWindow       *window;
  AdeptSettingsPage *settings;
  AdeptDevicesPage  *devices;
  AdeptProfilesPage *profiles;
  Server             servers[2];
} Fixture;

/* Waiting */

static gboolean
session_idle (gpointer data)
{
  return !adept_session_get_busy (data) && !adept_session_get_syncing (data);
}

static gboolean
devices_idle (gpointer data)
{
  return !adept_devices_page_get_busy (data);
}

static gboolean
settings_unlinked (gpointer data)
{
  return g_strcmp0 (adept_settings_page_get_state (data), "unlinked") == 0 &&
         adept_test_ui_page_idle (data);
}

static gboolean
condition_is (gpointer data)
{
  Fixture *f = data;
  AdeptConditionBar *bar = adept_window_get_condition_bar (f->window);

  return (int) adept_condition_bar_get_condition (bar) ==
         GPOINTER_TO_INT (g_object_get_data (G_OBJECT (f->window), "want-condition"));
}

static void
wait_condition (Fixture        *f,
                AdeptCondition  condition)
{
  g_object_set_data (G_OBJECT (f->window), "want-condition", GINT_TO_POINTER (condition));
  adept_test_ui_wait_for (condition_is, f, "the condition bar");
}

static AdeptSession *
shown (Fixture *f)
{
  return adept_window_get_session (f->window);
}

/* The switcher, as the admin clicks it */

static AdeptServerSwitcher *
switcher (Fixture *f)
{
  return adept_window_get_server_switcher (f->window);
}

static void
switch_to (Fixture      *f,
           const Server *server)
{
  GtkListBoxRow *row;

  gtk_menu_button_popup (adept_server_switcher_get_button (switcher (f)));
  adept_test_ui_flush (GTK_WIDGET (f->window));
  row = adept_server_switcher_find_row (switcher (f), server->id);
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_activate (GTK_WIDGET (row)));
  adept_test_ui_flush (GTK_WIDGET (f->window));
  g_assert_cmpstr (adept_session_get_id (shown (f)), ==, server->id);
  g_assert_cmpstr (adept_server_switcher_get_label (switcher (f)), ==, server->name);
  /* Every page follows the switcher. */
  g_assert_true (adept_settings_page_get_session (f->settings) == shown (f));
  g_assert_true (adept_devices_page_get_session (f->devices) == shown (f));
  g_assert_true (adept_profiles_page_get_session (f->profiles) == shown (f));
  /* The window asks Apple for the account of the server it shows. */
  adept_test_ui_wait_for (session_idle, shown (f), "the account to be refreshed");
}

/* Link: key, token from "ABM", drop, confirm; the first sync follows. */

static void
link_shown_server (Fixture *f,
                   Server  *server)
{
  g_autofree char *pem = NULL;
  g_autofree char *token_name = g_strdup_printf ("%s_Token_2026-03-01T10-00-00Z_smime.p7m",
                                                 server->name);
  g_autofree char *token_path = g_build_filename (tmp_dir, token_name, NULL);
  g_autofree char *heading = g_strdup_printf ("Link with “%s”?", server->name);
  g_autoptr(GBytes) token = NULL;
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *dialog;

  /* Apple's address for this server is its simulator's. */
  g_assert_true (adept_session_override_base_url (shown (f), adept_depsim_get_base_url (server->sim),
                                                  &error));
  g_assert_no_error (error);
  adept_window_show_page (f->window, "settings");
  g_assert_cmpstr (adept_settings_page_get_state (f->settings), ==, "unlinked");

  pem = adept_test_ui_download_public_key (f->settings, tmp_dir);
  token = adept_depsim_issue_token (server->sim, pem, strlen (pem), &error);
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (token_path, g_bytes_get_data (token, NULL),
                                      (gssize) g_bytes_get_size (token), &error));
  g_assert_no_error (error);

  adept_test_ui_drop_file (f->window, token_path);
  adept_test_ui_wait_for (adept_test_ui_page_has_dialog, f->settings, "the link confirmation");
  dialog = adept_settings_page_get_dialog (f->settings);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, heading);
  adept_test_ui_respond (f->settings, "link");

  adept_test_ui_wait_for (adept_test_ui_page_linked, f->settings, "the link");
  adept_test_ui_wait_for (adept_test_ui_page_knows_account, f->settings, "GET /account");
  g_assert_cmpstr (adept_settings_page_get_info (f->settings, "server-name"), ==, server->name);
  adept_test_ui_wait_for (adept_test_ui_page_synced, f->settings, "the first sync");
  adept_test_ui_wait_for (session_idle, shown (f), "the session after the first sync");
  g_assert_cmpstr (adept_settings_page_get_error_message (f->settings), ==, NULL);
  g_assert_cmpint (adept_session_get_device_count (shown (f)), ==, server->n_devices);
}

/* DEP Profiles: define in the editor, then make it the default. */

static gboolean
dialog_open (gpointer data)
{
  return adept_profiles_page_get_dialog (data) != NULL;
}

/* Destroyed windows leave the list of toplevels (disposed only once unreferenced). */
static gboolean
is_toplevel (GtkWindow *window)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (toplevel == window)
        return TRUE;
    }
  return FALSE;
}

static gboolean
editor_closed_or_failed (gpointer data)
{
  AdeptProfileEditor *editor = data;

  return !is_toplevel (GTK_WINDOW (editor)) || adept_profile_editor_get_error (editor) != NULL;
}

static void
define_and_make_default (Fixture *f,
                         Server  *server)
{
  AdeptProfileEditor *editor;
  AdeptProfileRow *row;
  g_autofree char *stored_default = NULL;

  adept_window_show_page (f->window, "profiles");
  g_assert_cmpstr (adept_profiles_page_get_state (f->profiles), ==, "empty");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->profiles), "profiles.add", NULL));
  adept_test_ui_wait_for (dialog_open, f->profiles, "the profile editor");
  editor = ADEPT_PROFILE_EDITOR (adept_profiles_page_get_dialog (f->profiles));
  g_assert_true (ADEPT_IS_PROFILE_EDITOR (editor));
  /* Held, to see it go once closed. */
  g_object_ref (editor);
  adept_test_ui_flush (GTK_WIDGET (editor));

  gtk_editable_set_text (GTK_EDITABLE (adept_profile_editor_get_widget (editor, "profile_name")),
                         server->profile_name);
  gtk_editable_set_text (GTK_EDITABLE (adept_profile_editor_get_widget (editor, "url")),
                         "https://mdm.example.com/enroll");
  g_assert_true (gtk_widget_is_sensitive (adept_profile_editor_get_save_button (editor)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  adept_test_ui_wait_for (editor_closed_or_failed, editor, "the profile to be defined");
  g_assert_cmpstr (adept_profile_editor_get_error (editor), ==, NULL);
  adept_test_ui_flush (NULL);
  g_assert_finalize_object (editor);

  g_assert_cmpuint (adept_profiles_page_get_n_profiles (f->profiles), ==, 1);
  row = adept_profiles_page_get_row (f->profiles, 0);
  server->uuid = g_strdup (adept_profile_row_get_uuid (row));
  g_assert_cmpstr (g_hash_table_lookup (adept_profiles_page_get_names (f->profiles), server->uuid),
                   ==, server->profile_name);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->profiles), "profiles.make-default",
                                             "s", server->uuid));
  adept_test_ui_wait_for (session_idle, shown (f), "the default to be set");
  g_assert_true (adept_profile_row_get_is_default (adept_profiles_page_find_row (f->profiles,
                                                                                 server->uuid)));
  stored_default = adept_store_dup_default_profile (adept_session_get_store (shown (f)), server->id);
  g_assert_cmpstr (stored_default, ==, server->uuid);
  g_assert_cmpstr (adept_session_get_default_profile (shown (f)), ==, server->uuid);
}

/* Devices: select three, Assign Profile…, the default chosen. */

static gboolean
panel_follows (gpointer data)
{
  return g_strcmp0 (adept_device_panel_get_mode (data), "selection") == 0;
}

static void
assign_from_devices (Fixture *f,
                     Server  *server)
{
  g_auto(GStrv) all = adept_depsim_dup_serials (server->sim);
  GListModel *list;
  GtkSelectionModel *selection;
  AdwMessageDialog *dialog;
  GtkDropDown *dropdown;
  GtkStringObject *chosen;
  g_autofree char *want = g_strdup_printf ("%s (default)", server->profile_name);
  guint found = 0;

  adept_window_show_page (f->window, "devices");
  adept_test_ui_flush (GTK_WIDGET (f->window));
  g_assert_cmpstr (adept_devices_page_get_state (f->devices), ==, "devices");
  list = G_LIST_MODEL (adept_devices_page_get_list (f->devices));
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, server->n_devices);

  server->assigned = g_new0 (char *, 4);
  for (guint i = 0; i < 3; i++)
    server->assigned[i] = g_strdup (all[i * 2]);
  selection = adept_devices_page_get_selection (f->devices);
  gtk_selection_model_unselect_all (selection);
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(AdeptDevice) device = g_list_model_get_item (list, i);

      if (g_strv_contains ((const char * const *) server->assigned,
                           adept_device_get_serial_number (device)))
        {
          gtk_selection_model_select_item (selection, i, FALSE);
          found++;
        }
    }
  g_assert_cmpuint (found, ==, 3);
  adept_test_ui_wait_for (panel_follows, adept_devices_page_get_panel (f->devices),
                          "the panel to show the selection");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->devices), "devices.assign-profile", NULL));
  dialog = adept_devices_page_get_dialog (f->devices);
  g_assert_nonnull (dialog);
  dropdown = g_object_get_data (G_OBJECT (dialog), "dropdown");
  g_assert_true (GTK_IS_DROP_DOWN (dropdown));
  /* Only this server's profile is offered, the default chosen. */
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (dropdown)), ==, 1);
  chosen = gtk_drop_down_get_selected_item (dropdown);
  g_assert_cmpstr (gtk_string_object_get_string (chosen), ==, want);
  adw_message_dialog_response (dialog, "assign");
  adept_test_ui_wait_for (devices_idle, f->devices, "the assignment");
  /* The page asked the session for a sync; once done, the list knows. */
  adept_test_ui_wait_for (session_idle, shown (f), "the sync after the assignment");
}

/* What each server holds, at Apple and as the console shows it */

static void
assert_apple_assigned (Server *server)
{
  g_autofree char *truth = adept_depsim_dup_truth_json (server->sim);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *devices;
  guint n_assigned = 0;

  g_assert_true (json_parser_load_from_data (parser, truth, -1, &error));
  g_assert_no_error (error);
  devices = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                          "devices");
  for (guint i = 0; i < json_array_get_length (devices); i++)
    {
      JsonObject *device = json_array_get_object_element (devices, i);
      const char *serial = json_object_get_string_member (device, "serial_number");

      if (!g_strv_contains ((const char * const *) server->assigned, serial))
        continue;
      g_assert_cmpstr (json_object_get_string_member (device, "profile_uuid"), ==, server->uuid);
      g_assert_cmpstr (json_object_get_string_member (device, "profile_status"), ==, "assigned");
      n_assigned++;
    }
  g_assert_cmpuint (n_assigned, ==, 3);
}

static void
assert_shows (Fixture      *f,
              const Server *server,
              const Server *other)
{
  GListModel *list = G_LIST_MODEL (adept_devices_page_get_list (f->devices));
  AdeptProfileRow *row;
  g_autoptr(AdeptDevice) device = NULL;
  guint position = 0;

  /* Its devices, none of the other's. */
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, server->n_devices);
  g_assert_true (adept_device_list_find (adept_devices_page_get_list (f->devices),
                                         server->assigned[0], &position));
  g_assert_false (adept_device_list_find (adept_devices_page_get_list (f->devices),
                                          other->assigned[0], &position));
  device = adept_store_get_device (adept_session_get_store (shown (f)), server->id,
                                   server->assigned[0], NULL, NULL);
  g_assert_nonnull (device);
  g_assert_cmpstr (adept_device_get_profile_uuid (device), ==, server->uuid);
  g_assert_cmpint (adept_device_get_profile_status (device), ==, ADEPT_PROFILE_STATUS_ASSIGNED);

  /* Its profile, the default, with the three devices. */
  g_assert_cmpuint (adept_profiles_page_get_n_profiles (f->profiles), ==, 1);
  row = adept_profiles_page_find_row (f->profiles, server->uuid);
  g_assert_nonnull (row);
  g_assert_null (adept_profiles_page_find_row (f->profiles, other->uuid));
  g_assert_true (adept_profile_row_get_is_default (row));
  g_assert_cmpuint (adept_profile_row_get_n_devices (row), ==, 3);

  /* Its facts. */
  g_assert_cmpint (adept_session_get_device_count (shown (f)), ==, server->n_devices);
  g_assert_cmpstr (adept_settings_page_get_info (f->settings, "server-name"), ==, server->name);
}

/* Add DEP Server… */

static gboolean
dialog_closed (gpointer window)
{
  return adept_window_get_dialog (window) == NULL;
}

static void
add_server (Fixture    *f,
            const char *id)
{
  AdeptAddServerDialog *dialog;
  GtkEditable *entry;
  GtkWidget *add;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.add-server", NULL));
  dialog = adept_window_get_dialog (f->window);
  g_assert_nonnull (dialog);
  /* Directly to Apple is the first kind, chosen already. */
  g_assert_true (gtk_check_button_get_active (
    adept_add_server_dialog_get_kind_check (dialog, ADEPT_SERVER_KIND_NAME_LOCAL)));
  entry = GTK_EDITABLE (adept_add_server_dialog_get_id_row (dialog));
  add = GTK_WIDGET (adept_add_server_dialog_get_add_button (dialog));
  /* Not a name adeptctl --server could take. */
  gtk_editable_set_text (entry, "School iPads");
  g_assert_false (gtk_widget_get_sensitive (add));
  gtk_editable_set_text (entry, id);
  g_assert_true (gtk_widget_get_sensitive (add));
  gtk_widget_activate (add);
  /* The server is set up before the dialog closes: that may take more than one frame. */
  adept_test_ui_wait_for (dialog_closed, f->window, "the Add DEP Server dialog to close");
  g_assert_cmpstr (adept_session_get_id (shown (f)), ==, id);
  g_assert_false (adept_session_get_linked (shown (f)));
  g_assert_cmpstr (adept_window_get_visible_page (f->window), ==, "settings");
}

/* servers.png: the switcher open on both servers, in a window opened afresh (no toasts of
 * the flow), composited as the screen shows it (the popover is a surface of its own). */

static void
save_switcher_png (void)
{
  AdeptWindow *shot = adept_test_ui_window_new (app, WIDTH, HEIGHT);
  AdeptServerSwitcher *chooser = adept_window_get_server_switcher (shot);
  g_autofree char *path = g_build_filename (out_dir, "servers.png", NULL);
  GtkMenuButton *button = adept_server_switcher_get_button (chooser);
  GtkPopover *popover = gtk_menu_button_get_popover (button);
  GtkWidget *window = GTK_WIDGET (shot);
  g_autoptr(GdkPaintable) window_paint = NULL;
  g_autoptr(GdkPaintable) popover_paint = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GtkSnapshot *snapshot;
  GskRenderNode *node;
  double wx, wy, px, py;
  int width, height, x, y;

  /* The server shown last, on its Devices page. */
  g_assert_cmpstr (adept_session_get_id (adept_window_get_session (shot)), ==, "school");
  adept_window_show_page (shot, "devices");
  adept_test_ui_wait_for (session_idle, adept_window_get_session (shot), "the account");
  gtk_menu_button_popup (button);
  adept_test_ui_flush (window);
  adept_test_ui_flush (GTK_WIDGET (popover));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (popover)));
  g_assert_cmpuint (adept_server_switcher_get_n_rows (chooser), ==, 2);

  width = gtk_widget_get_width (window);
  height = gtk_widget_get_height (window);
  gtk_native_get_surface_transform (GTK_NATIVE (window), &wx, &wy);
  gtk_native_get_surface_transform (GTK_NATIVE (popover), &px, &py);
  x = gdk_popup_get_position_x (GDK_POPUP (gtk_native_get_surface (GTK_NATIVE (popover))));
  y = gdk_popup_get_position_y (GDK_POPUP (gtk_native_get_surface (GTK_NATIVE (popover))));

  window_paint = gtk_widget_paintable_new (window);
  popover_paint = gtk_widget_paintable_new (GTK_WIDGET (popover));
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (window_paint, GDK_SNAPSHOT (snapshot), width, height);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x + px - wx, y + py - wy));
  gdk_paintable_snapshot (popover_paint, GDK_SNAPSHOT (snapshot),
                          gtk_widget_get_width (GTK_WIDGET (popover)),
                          gtk_widget_get_height (GTK_WIDGET (popover)));
  gtk_snapshot_restore (snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  gsk_render_node_unref (node);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("saved %s (%dx%d)", path, width, height);
  gtk_popover_popdown (popover);
  adept_test_ui_window_destroy (shot);
}

/* The whole flow */

static void
unlink_shown (Fixture *f)
{
  adept_window_show_page (f->window, "settings");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->settings), "dep.unlink", NULL));
  adept_test_ui_respond (f->settings, "unlink");
}

static void
test_two_servers (void)
{
  Fixture fixture = {
    .servers = {
      { "default", "Appleseed Staff", 30, 20260301, "Staff iPhones" },
      { "school", "Appleseed School", 12, 20260302, "Lab iPads" },
    },
  };
  Fixture *f = &fixture;
  Server *a = &f->servers[0];
  Server *b = &f->servers[1];
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GError) error = NULL;
  AdeptSession *school;
  AdeptConditionBar *bar;

  for (guint i = 0; i < G_N_ELEMENTS (f->servers); i++)
    {
      Server *server = &f->servers[i];

      server->sim = adept_depsim_new (server->seed, server->n_devices);
      adept_depsim_set_server_name (server->sim, server->name);
      g_assert_true (adept_depsim_start (server->sim, 0, &error));
      g_assert_no_error (error);
    }

  f->window = adept_test_ui_window_new (app, WIDTH, HEIGHT);
  g_settings_set_boolean (settings, "sync-after-link", TRUE);
  f->settings = adept_window_get_settings_page (f->window);
  f->devices = adept_window_get_devices_page (f->window);
  f->profiles = adept_window_get_profiles_page (f->window);
  bar = adept_window_get_condition_bar (f->window);

  /* A console with nothing linked shows the one server it starts with. */
  g_assert_cmpuint (adept_server_switcher_get_n_rows (switcher (f)), ==, 1);
  g_assert_cmpstr (adept_session_get_id (shown (f)), ==, "default");
  g_assert_cmpstr (adept_devices_page_get_state (f->devices), ==, "not-linked");

  /* The first server: link, sync, define, default, assign. */
  link_shown_server (f, a);
  define_and_make_default (f, a);
  assign_from_devices (f, a);
  assert_apple_assigned (a);

  /* The second, added beside it; the pages show it, unlinked, at once. */
  add_server (f, b->id);
  g_assert_cmpuint (adept_server_switcher_get_n_rows (switcher (f)), ==, 2);
  g_assert_cmpstr (adept_devices_page_get_state (f->devices), ==, "not-linked");
  g_assert_cmpstr (adept_profiles_page_get_state (f->profiles), ==, "unavailable");
  school = shown (f);
  link_shown_server (f, b);
  define_and_make_default (f, b);
  assign_from_devices (f, b);
  assert_apple_assigned (b);
  assert_shows (f, b, a);

  /* Back and forth: each its own devices, profiles and facts. */
  switch_to (f, a);
  assert_shows (f, a, b);
  switch_to (f, b);
  assert_shows (f, b, a);
  /* Remembered for the next start. */
  g_assert_cmpstr (g_settings_get_string (settings, "last-server"), ==, b->id);

  /* A condition is per server: a failed sync of the school shows on the school only. */
  {
    AdeptDepsimFault fault = {
      /* Not "*": GET /account, asked for when the window shows a server, would take it. */
      .endpoint = "/devices/sync",
      .kind = ADEPT_DEPSIM_FAULT_STATUS,
      .status = 400,
      .body = "MALFORMED_REQUEST_BODY",
      .count = 1,
    };

    adept_depsim_add_fault (b->sim, &fault);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.force-sync", NULL));
    wait_condition (f, ADEPT_CONDITION_SYNC_FAILED);
    adept_test_ui_wait_for (session_idle, school, "the failed sync to end");
    g_assert_cmpint (adept_session_get_condition (school), ==, ADEPT_CONDITION_SYNC_FAILED);
    switch_to (f, a);
    wait_condition (f, ADEPT_CONDITION_NONE);
    g_assert_cmpint (adept_session_get_condition (shown (f)), ==, ADEPT_CONDITION_NONE);
    switch_to (f, b);
    wait_condition (f, ADEPT_CONDITION_SYNC_FAILED);
    g_assert_true (g_str_has_prefix (adept_condition_bar_get_message (bar), "The last sync failed. "));
    /* Sync Now clears it. */
    g_signal_emit_by_name (adept_condition_bar_get_button (bar), "clicked");
    wait_condition (f, ADEPT_CONDITION_NONE);
    adept_test_ui_wait_for (session_idle, school, "the good sync to end");
  }

  save_switcher_png ();

  /* Unlink the school: it leaves the switcher, the first server shows again. */
  g_object_ref (school);
  unlink_shown (f);
  adept_test_ui_wait_for (session_idle, school, "the unlink");
  adept_test_ui_flush (GTK_WIDGET (f->window));
  g_assert_cmpstr (adept_settings_page_get_error_message (f->settings), ==, NULL);
  g_assert_false (adept_session_get_linked (school));
  /* Nothing of it works on: no client, no schedule. */
  g_assert_null (adept_session_get_client (school));
  g_assert_cmpint (adept_session_get_next_sync (school), <=, 0);
  g_assert_cmpuint (adept_server_switcher_get_n_rows (switcher (f)), ==, 1);
  g_assert_cmpstr (adept_session_get_id (shown (f)), ==, a->id);
  assert_shows (f, a, b);
  /* The school's session: nothing holds it any more. */
  g_assert_finalize_object (school);

  /* Unlink the first: the last server stays, unlinked, with the link steps. */
  unlink_shown (f);
  adept_test_ui_wait_for (settings_unlinked, f->settings, "the unlink");
  g_assert_cmpuint (adept_server_switcher_get_n_rows (switcher (f)), ==, 1);
  g_assert_cmpstr (adept_devices_page_get_state (f->devices), ==, "not-linked");
  g_assert_cmpstr (adept_profiles_page_get_state (f->profiles), ==, "unavailable");

  /* The window goes once closed (a destroyed window is disposed with its last reference,
   * here the test's), and its pages with it. */
  g_object_ref (f->settings);
  g_object_ref (f->devices);
  g_object_ref (f->profiles);
  g_object_ref (f->window);
  adept_test_ui_window_destroy (f->window);
  g_assert_finalize_object (f->window);
  g_assert_finalize_object (f->settings);
  g_assert_finalize_object (f->devices);
  g_assert_finalize_object (f->profiles);

  for (guint i = 0; i < G_N_ELEMENTS (f->servers); i++)
    {
      Server *server = &f->servers[i];

      adept_depsim_stop (server->sim);
      g_clear_object (&server->sim);
      g_free (server->uuid);
      g_strfreev (server->assigned);
    }
  g_settings_reset (settings, "sync-after-link");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  tmp_dir = adept_test_ui_init (&argc, &argv, "test-ui-servers");
  out_dir = adept_test_ui_dup_screenshot_dir ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  app = adept_test_ui_app_new (FALSE, 0);

  g_test_add_func ("/ui/servers/two-servers", test_two_servers);
  status = g_test_run ();

  g_application_quit (G_APPLICATION (app));
  g_clear_object (&app);
  adept_test_cleanup_dir (tmp_dir);
  g_free (tmp_dir);
  g_free (out_dir);
  return status;
}
