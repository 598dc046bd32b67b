/* test-ui-screenshots.c — renders the console's pages into PNGs for AppStream and review
 *
 * Writes to $ADEPT_SCREENSHOT_DIR (the `screenshots` run target points it at
 * data/screenshots), else to screenshots/ in the build directory.
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "adept-test-util.h"
#include "test-ui-helpers.h"

#define WIDTH  1100
#define HEIGHT 760

static AdeptApplication *app;
static char *out_dir;
static char *tmp_dir;

static void
save (AdeptWindow *window,
      const char  *name)
{
  g_autofree char *path = g_build_filename (out_dir, name, NULL);
  g_autoptr(GdkTexture) texture = NULL;
  /* The window's content without the toasts above it (they come and go) and without the
   * window frame, which only a compositor draws properly. */
  GtkWidget *content = adw_application_window_get_content (ADW_APPLICATION_WINDOW (window));
  GtkWidget *view = adw_toast_overlay_get_child (ADW_TOAST_OVERLAY (content));

  adept_test_ui_save_png (view, path);
  texture = gdk_texture_new_from_filename (path, NULL);
  g_assert_nonnull (texture);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, gtk_widget_get_width (view));
}

static void
test_settings_unlinked (void)
{
  AdeptWindow *window = adept_test_ui_window_new (app, WIDTH, HEIGHT);

  adept_window_show_page (window, "settings");
  g_assert_cmpstr (adept_settings_page_get_state (adept_window_get_settings_page (window)), ==,
                   "unlinked");
  save (window, "settings-unlinked.png");
  adept_test_ui_window_destroy (window);
}

static gboolean
drop_zone_shown (gpointer data)
{
  return adept_window_get_drop_zone_visible (data);
}

static void
test_settings_drop (void)
{
  AdeptWindow *window = adept_test_ui_window_new (app, WIDTH, HEIGHT);
  GdkDragAction action = 0;

  adept_window_show_page (window, "settings");
  g_signal_emit_by_name (adept_window_get_drop_target (window), "enter", 400.0, 300.0, &action);
  adept_test_ui_wait_for (drop_zone_shown, window, "the drop zone");
  save (window, "settings-drop.png");
  g_signal_emit_by_name (adept_window_get_drop_target (window), "leave");
  adept_test_ui_window_destroy (window);
}

static void
test_settings_narrow (void)
{
  AdeptWindow *window = adept_test_ui_window_new (app, 400, HEIGHT);

  adept_window_show_page (window, "settings");
  save (window, "settings-narrow.png");
  adept_test_ui_window_destroy (window);
}

static void
expand_journal (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (ADW_IS_EXPANDER_ROW (child))
      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (child), TRUE);
    else
      expand_journal (child);
}

/* Linked through the real flow, synced once so the journal has a run. */
static void
test_settings_linked (void)
{
  /* Tall enough for DEP Information and DEP Setup together. */
  AdeptWindow *window = adept_test_ui_window_new (app, WIDTH, 1060);
  AdeptSettingsPage *page = adept_window_get_settings_page (window);

  adept_window_show_page (window, "settings");
  adept_test_ui_wait_for (adept_test_ui_page_idle, page, "the settings page");
  adept_test_ui_link_demo (window, tmp_dir);
  adept_test_ui_wait_for (adept_test_ui_page_can_sync, page, "the sync engine");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "dep.force-sync", NULL));
  adept_test_ui_wait_for (adept_test_ui_page_synced, page, "the first sync");
  expand_journal (GTK_WIDGET (page));
  save (window, "settings-linked.png");
  adept_test_ui_window_destroy (window);
}

static void
test_devices_unlinked (void)
{
  AdeptWindow *window = adept_test_ui_window_new (app, WIDTH, HEIGHT);

  adept_window_show_page (window, "devices");
  save (window, "devices-unlinked.png");
  adept_test_ui_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = adept_test_ui_init (&argc, &argv, "test-ui-screenshots");
  const char *env_dir = g_getenv ("ADEPT_SCREENSHOT_DIR");
  int status;

  tmp_dir = dir;
  out_dir = env_dir != NULL ? g_strdup (env_dir)
                            : g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "screenshots", NULL);
  g_assert_cmpint (g_mkdir_with_parents (out_dir, 0755), ==, 0);

  app = adept_test_ui_app_new (TRUE, 3000);

  g_test_add_func ("/ui/screenshots/devices-unlinked", test_devices_unlinked);
  g_test_add_func ("/ui/screenshots/settings-unlinked", test_settings_unlinked);
  g_test_add_func ("/ui/screenshots/settings-drop", test_settings_drop);
  g_test_add_func ("/ui/screenshots/settings-narrow", test_settings_narrow);
  /* Last: it links the demo. */
  g_test_add_func ("/ui/screenshots/settings-linked", test_settings_linked);
  status = g_test_run ();

  g_application_quit (G_APPLICATION (app));
  g_clear_object (&app);
  g_free (out_dir);
  adept_test_cleanup_dir (dir);
  return status;
}
