/* test-ui-window.c — the application shell: pages, narrow layout, demo marker, drop zone,
 * condition bar, window state, About and shortcuts
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "adept-test-util.h"
#include "test-ui-helpers.h"

static AdeptApplication *app;

#define find_descendant adept_test_ui_find_descendant

static void
test_pages (void)
{
  AdeptWindow *window = adept_test_ui_window_new (app, 1100, 760);

  g_assert_cmpstr (adept_window_get_visible_page (window), ==, "devices");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s",
                                             "profiles"));
  g_assert_cmpstr (adept_window_get_visible_page (window), ==, "profiles");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s",
                                             "settings"));
  g_assert_cmpstr (adept_window_get_visible_page (window), ==, "settings");
  /* An unknown page changes nothing. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "nowhere");
  g_assert_cmpstr (adept_window_get_visible_page (window), ==, "settings");

  /* Not linked: the Devices page points to Settings, and sync is not offered. */
  g_assert_false (adept_settings_page_get_linked (adept_window_get_settings_page (window)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s",
                                             "devices"));
  /* A disabled action does not run: sync would have opened Settings. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.force-sync", NULL);
  g_assert_cmpstr (adept_window_get_visible_page (window), ==, "devices");
  {
    AdwStatusPage *status = ADW_STATUS_PAGE (find_descendant (GTK_WIDGET (window),
                                                              ADW_TYPE_STATUS_PAGE));
    g_assert_cmpstr (adw_status_page_get_title (status), ==, "Not Linked with Apple");
  }

  /* Not a demo: no marker. */
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Adept");
  adept_test_ui_window_destroy (window);
}

static gboolean
hidden_parts_built (gpointer data)
{
  GtkWidget *window = data;

  return find_descendant (window, ADEPT_TYPE_ORGANIZATION_PAGE) != NULL &&
         find_descendant (window, ADEPT_TYPE_PROFILES_PAGE) != NULL &&
         find_descendant (window, ADEPT_TYPE_SETTINGS_PAGE) != NULL &&
         find_descendant (window, ADEPT_TYPE_DEVICE_PANEL) != NULL;
}

/* The hidden pages and the device panel are not built for the first frame: a page is
 * built when it is shown (or asked for) first, with the window's server, and every one
 * of them once the first frame is drawn, without being asked. */
static void
test_pages_built_later (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  AdeptWindow *window;
  AdeptSettingsPage *page;

  g_settings_set_string (settings, "last-page", "devices");
  window = adept_window_new (app);
  /* Not shown yet: no frame drawn. */
  g_assert_null (find_descendant (GTK_WIDGET (window), ADEPT_TYPE_SETTINGS_PAGE));
  g_assert_null (find_descendant (GTK_WIDGET (window), ADEPT_TYPE_PROFILES_PAGE));
  g_assert_null (find_descendant (GTK_WIDGET (window), ADEPT_TYPE_ORGANIZATION_PAGE));
  g_assert_null (find_descendant (GTK_WIDGET (window), ADEPT_TYPE_DEVICE_PANEL));

  /* Shown by its action: built at once, inside the page shown, on the window's server. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s",
                                             "settings"));
  page = ADEPT_SETTINGS_PAGE (find_descendant (GTK_WIDGET (window), ADEPT_TYPE_SETTINGS_PAGE));
  g_assert_nonnull (page);
  g_assert_true (page == adept_window_get_settings_page (window));
  g_assert_true (gtk_widget_is_ancestor (GTK_WIDGET (page),
                                         adw_view_stack_get_visible_child (
                                           ADW_VIEW_STACK (find_descendant (GTK_WIDGET (window),
                                                                            ADW_TYPE_VIEW_STACK)))));
  g_assert_false (adept_settings_page_get_linked (page));
  /* Asked for: built. */
  g_assert_nonnull (adept_window_get_profiles_page (window));
  g_assert_nonnull (find_descendant (GTK_WIDGET (window), ADEPT_TYPE_PROFILES_PAGE));
  g_assert_null (find_descendant (GTK_WIDGET (window), ADEPT_TYPE_ORGANIZATION_PAGE));
  gtk_window_destroy (GTK_WINDOW (window));
  adept_test_ui_flush (NULL);

  /* Shown: the rest follows the first frame by itself. */
  window = adept_test_ui_window_new (app, 1100, 760);
  g_assert_cmpstr (adept_window_get_visible_page (window), ==, "devices");
  adept_test_ui_wait_for (hidden_parts_built, window,
                          "the hidden pages and the device panel after the first frame");
  g_assert_cmpstr (adept_window_get_visible_page (window), ==, "devices");
  adept_test_ui_window_destroy (window);
}

static gboolean
switcher_bar_revealed (gpointer data)
{
  AdwViewSwitcherBar *bar = ADW_VIEW_SWITCHER_BAR (find_descendant (data,
                                                                    ADW_TYPE_VIEW_SWITCHER_BAR));

  return adw_view_switcher_bar_get_reveal (bar);
}

static gboolean
switcher_bar_hidden (gpointer data)
{
  return !switcher_bar_revealed (data);
}

static void
test_narrow (void)
{
  AdeptWindow *wide = adept_test_ui_window_new (app, 1100, 760);
  AdeptWindow *narrow;

  adept_test_ui_wait_for (switcher_bar_hidden, wide, "the bottom switcher to hide when wide");
  adept_test_ui_window_destroy (wide);

  narrow = adept_test_ui_window_new (app, 360, 640);
  adept_test_ui_wait_for (switcher_bar_revealed, narrow,
                          "the bottom switcher to show when narrow");
  adept_test_ui_window_destroy (narrow);
}

static gboolean
drop_zone_visible (gpointer data)
{
  return adept_window_get_drop_zone_visible (data);
}

static gboolean
drop_zone_hidden (gpointer data)
{
  return !adept_window_get_drop_zone_visible (data);
}

static void
test_drop_zone (void)
{
  AdeptWindow *window = adept_test_ui_window_new (app, 1100, 760);
  GtkDropTarget *target = adept_window_get_drop_target (window);
  const GType *types;
  gsize n_types = 0;
  GdkDragAction action = 0;
  gboolean file_list = FALSE;

  /* It takes files as a file manager offers them. */
  types = gtk_drop_target_get_gtypes (target, &n_types);
  for (gsize i = 0; i < n_types; i++)
    file_list |= types[i] == GDK_TYPE_FILE_LIST;
  g_assert_true (file_list);

  g_assert_false (adept_window_get_drop_zone_visible (window));
  g_signal_emit_by_name (target, "enter", 100.0, 100.0, &action);
  g_assert_cmpint (action, ==, GDK_ACTION_COPY);
  adept_test_ui_wait_for (drop_zone_visible, window, "the drop zone to show");
  g_signal_emit_by_name (target, "leave");
  adept_test_ui_wait_for (drop_zone_hidden, window, "the drop zone to hide");
  adept_test_ui_window_destroy (window);
}

static void
test_condition_bar (void)
{
  AdeptConditionBar *bar = g_object_ref_sink (g_object_new (ADEPT_TYPE_CONDITION_BAR, NULL));
  g_autoptr(GDateTime) soon = NULL;
  g_autoptr(GDateTime) past = g_date_time_new_utc (2025, 3, 4, 12, 0, 0);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  GtkWidget *button = adept_condition_bar_get_button (bar);

  soon = g_date_time_add_days (now, 12);
  soon = g_date_time_add_hours (g_steal_pointer (&soon), 1);

  adept_condition_bar_set_condition (bar, ADEPT_CONDITION_NONE, NULL, NULL);
  g_assert_null (adept_condition_bar_get_message (bar));

  adept_condition_bar_set_condition (bar, ADEPT_CONDITION_TOKEN_EXPIRES_SOON, soon, NULL);
  g_assert_nonnull (strstr (adept_condition_bar_get_message (bar), "expires in 12 days"));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==,
                   "win.renew-token");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "Renew Token…");

  adept_condition_bar_set_condition (bar, ADEPT_CONDITION_TOKEN_EXPIRED, past, NULL);
  g_assert_nonnull (strstr (adept_condition_bar_get_message (bar), "expired on 4 March 2025"));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==,
                   "win.renew-token");

  adept_condition_bar_set_condition (bar, ADEPT_CONDITION_TOKEN_REJECTED, NULL, NULL);
  g_assert_nonnull (strstr (adept_condition_bar_get_message (bar), "revoked or replaced"));

  adept_condition_bar_set_condition (bar, ADEPT_CONDITION_TERMS_NOT_SIGNED, NULL, NULL);
  g_assert_nonnull (strstr (adept_condition_bar_get_message (bar), "terms and conditions"));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==, "app.open-abm");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==,
                   "Open Apple Business Manager");

  adept_condition_bar_set_condition (bar, ADEPT_CONDITION_SYNC_FAILED, NULL,
                                     "Apple’s servers could not be reached.");
  g_assert_cmpstr (adept_condition_bar_get_message (bar), ==,
                   "The last sync failed. Apple’s servers could not be reached.");
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==,
                   "win.force-sync");
  g_assert_cmpint (adept_condition_bar_get_condition (bar), ==, ADEPT_CONDITION_SYNC_FAILED);

  g_object_unref (bar);
}

static void
test_window_state (void)
{
  /* The same keys AdeptSettings binds, as another program would change them. */
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  AdeptWindow *window;

  g_settings_set_int (settings, "window-width", 900);
  g_settings_set_int (settings, "window-height", 650);
  g_settings_set_string (settings, "last-page", "settings");
  window = adept_test_ui_window_new (app, 0, 0);
  g_assert_cmpstr (adept_window_get_visible_page (window), ==, "settings");
  {
    int width, height;

    gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
    g_assert_cmpint (width, ==, 900);
    g_assert_cmpint (height, ==, 650);
  }

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "profiles");
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "window.close", NULL));
  adept_test_ui_flush (NULL);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 1000);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 700);
  {
    g_autofree char *page = g_settings_get_string (settings, "last-page");
    g_assert_cmpstr (page, ==, "profiles");
  }
  /* The close cancelled the window's work. */
  g_settings_reset (settings, "last-page");
}

static gboolean
toplevel_shown (gpointer data)
{
  return adept_test_ui_find_toplevel (GPOINTER_TO_SIZE (data)) != NULL;
}

static void
test_about_and_shortcuts (void)
{
  AdeptWindow *window = adept_test_ui_window_new (app, 1100, 760);
  GtkWindow *about;
  GtkWindow *shortcuts;
  GtkIconTheme *theme;

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  adept_test_ui_wait_for (toplevel_shown, GSIZE_TO_POINTER (ADW_TYPE_ABOUT_WINDOW),
                          "the About window");
  about = adept_test_ui_find_toplevel (ADW_TYPE_ABOUT_WINDOW);
  g_assert_cmpstr (adw_about_window_get_version (ADW_ABOUT_WINDOW (about)), ==, PACKAGE_VERSION);
  g_assert_cmpstr (adw_about_window_get_application_icon (ADW_ABOUT_WINDOW (about)), ==, APP_ID);
  /* Found from the tree too (XDG_DATA_DIRS as `meson devenv` sets it), not a missing icon. */
  theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (about)));
  g_assert_true (gtk_icon_theme_has_icon (theme, APP_ID));
  g_assert_true (gtk_icon_theme_has_icon (theme, APP_ID "-symbolic"));
  gtk_window_destroy (about);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  adept_test_ui_wait_for (toplevel_shown, GSIZE_TO_POINTER (GTK_TYPE_SHORTCUTS_WINDOW),
                          "the shortcuts window");
  shortcuts = adept_test_ui_find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW);
  gtk_window_close (shortcuts);

  /* Accelerators are in place for the page actions. */
  {
    g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                                  "win.show-page::settings");
    g_assert_true (g_strv_contains ((const char * const *) accels, "<Control>comma"));
  }
  adept_test_ui_window_destroy (window);
}

static void
test_demo_marker (void)
{
  g_autoptr(AdeptApplication) demo_app = adept_test_ui_app_new (TRUE, 50);
  AdeptWindow *window = adept_test_ui_window_new (demo_app, 1100, 760);
  AdeptDemo *demo = adept_application_get_demo (demo_app);

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Adept — Demo");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (window), "demo"));
  g_assert_nonnull (demo);
  g_assert_true (g_str_has_prefix (adept_demo_get_base_url (demo), "http://127.0.0.1:"));
  g_assert_cmpstr (adept_application_get_dep_base_url (demo_app), ==,
                   adept_demo_get_base_url (demo));
  adept_test_ui_window_destroy (window);
  g_application_quit (G_APPLICATION (demo_app));
}

static gboolean
simulator_grew (gpointer data)
{
  AdeptDemo *demo = data;
  g_auto(GStrv) serials = adept_depsim_dup_serials (adept_demo_get_simulator (demo));
  guint initial = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (demo), "initial"));

  return g_strv_length (serials) > initial;
}

/* The demo's ABM keeps assigning devices to the server while the console runs. */
static void
test_demo_lives (void)
{
  g_autoptr(AdeptDemo) demo = adept_demo_new (20, NULL);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) before = NULL;
  g_auto(GStrv) added = NULL;

  g_assert_true (adept_demo_start (demo, &error));
  g_assert_no_error (error);
  before = adept_depsim_dup_serials (adept_demo_get_simulator (demo));
  g_assert_cmpuint (g_strv_length (before), ==, 20);

  added = adept_demo_add_devices (demo, 2);
  g_assert_cmpuint (g_strv_length (added), ==, 2);

  g_object_set_data (G_OBJECT (demo), "initial", GUINT_TO_POINTER (22));
  adept_demo_set_activation_interval (demo, 1);
  adept_test_ui_wait_for (simulator_grew, demo, "the demo to add a device by itself");
  adept_demo_stop (demo);
}

static void
test_demo_token_name (void)
{
  g_autoptr(GDateTime) when = g_date_time_new_utc (2026, 11, 25, 14, 5, 9);
  g_autofree char *name = adept_demo_dup_token_file_name (when);

  g_assert_cmpstr (name, ==, "Adept Simulator MDM_Token_2026-11-25T14-05-09Z_smime.p7m");
}

/* The console cannot be non-dumpable (the desktop portal refuses such a process), so it
 * turns core files off: a crash of the real program leaves none, where any other
 * program here would (the control in adept_test_core_files_possible). */
static void
test_no_core_file (void)
{
  g_autofree char *dir = adept_test_make_tmpdir ();

  if (adept_test_core_files_possible (dir))
    g_assert_false (adept_test_abort_dumps_core ((const char * const[]) { g_getenv ("ADEPT"), NULL },
                                                 dir, adept_test_process_sleeps));
  adept_test_cleanup_dir (dir);
}

/* GTK_THEME as the test was started with. */
static char *caller_theme;

/* The console names libadwaita's empty theme while GTK makes its settings (sparing GTK's
 * own theme, parsed only to be replaced): afterwards the environment is as it was, GTK's
 * theme is the one libadwaita sets, and libadwaita's stylesheet is there. */
static void
test_theme (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *label = gtk_label_new ("Adept");
  g_autofree char *theme = NULL;
  GdkRGBA blue;

  if (caller_theme != NULL)
    {
      g_test_skip ("GTK_THEME is set: the console leaves it alone");
      gtk_window_destroy (GTK_WINDOW (window));
      return;
    }
  g_assert_null (g_getenv ("GTK_THEME"));
  g_object_get (gtk_settings_get_default (), "gtk-theme-name", &theme, NULL);
  g_assert_cmpstr (theme, ==, "Adwaita-empty");
  gtk_window_set_child (GTK_WINDOW (window), label);
  /* A colour only libadwaita's stylesheet defines (base.css, which it adds only when it
   * finds no GTK_THEME). */
  g_assert_true (gtk_style_context_lookup_color (gtk_widget_get_style_context (label), "blue_3", &blue));
  g_assert_cmpfloat_with_epsilon (blue.red, 0x35 / 255.0, 0.002);
  g_assert_cmpfloat_with_epsilon (blue.green, 0x84 / 255.0, 0.002);
  g_assert_cmpfloat_with_epsilon (blue.blue, 0xe4 / 255.0, 0.002);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  int status;

  caller_theme = g_strdup (g_getenv ("GTK_THEME"));
  dir = adept_test_ui_init (&argc, &argv, "test-ui-window");

  app = adept_test_ui_app_new (FALSE, 0);

  g_test_add_func ("/ui/window/theme", test_theme);
  g_test_add_func ("/ui/window/pages", test_pages);
  g_test_add_func ("/ui/window/pages-built-later", test_pages_built_later);
  g_test_add_func ("/ui/window/narrow", test_narrow);
  g_test_add_func ("/ui/window/drop-zone", test_drop_zone);
  g_test_add_func ("/ui/window/condition-bar", test_condition_bar);
  g_test_add_func ("/ui/window/state", test_window_state);
  g_test_add_func ("/ui/window/about-and-shortcuts", test_about_and_shortcuts);
  g_test_add_func ("/ui/window/demo", test_demo_marker);
  g_test_add_func ("/ui/demo/lives", test_demo_lives);
  g_test_add_func ("/ui/demo/token-name", test_demo_token_name);
  g_test_add_func ("/ui/window/no-core-file", test_no_core_file);
  status = g_test_run ();

  g_clear_object (&app);
  adept_test_cleanup_dir (dir);
  return status;
}
