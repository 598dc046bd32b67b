/* test-ui-devices-screenshots.c — the Devices page with the panel open, as PNGs for
 * AppStream and review
 *
 * Writes to $ADEPT_SCREENSHOT_DIR (the `screenshots-devices` run target points it at
 * data/screenshots), else to screenshots/ in the build directory.
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "adept-depsim.h"
#include "adept-secret.h"
#include "adept-test-util.h"
#include "test-ui-devices-data.h"
#include "test-ui-helpers.h"

#define N_DEVICES 100000
#define WIDTH     1280
#define HEIGHT    800

static AdeptApplication *app;
/* The store's server, linked to a simulator of no devices (nothing syncs): the actions are
 * enabled as in a linked console, and the condition bar has nothing to say. */
static AdeptDepsim *sim;
static AdeptSession *session;
static char *out_dir;

static gboolean
panel_shows (gpointer data)
{
  AdeptDevicesPage *page = data;
  AdeptDevicePanel *panel = adept_devices_page_get_panel (page);
  AdeptDevice *device = adept_device_panel_get_device (panel);
  const char *serial = g_object_get_data (G_OBJECT (page), "want-serial");

  return device != NULL && g_str_equal (adept_device_get_serial_number (device), serial) &&
         adept_devices_page_get_panel_revealed (page);
}

static void
save_with_panel (const char *serial,
                 const char *name)
{
  AdeptWindow *window = adept_test_ui_window_new (app, WIDTH, HEIGHT);
  AdeptDevicesPage *page = adept_window_get_devices_page (window);
  g_autofree char *path = g_build_filename (out_dir, name, NULL);
  g_autoptr(GdkTexture) texture = NULL;
  guint position = 0;

  adept_window_show_page (window, "devices");
  adept_window_set_session (window, session);
  g_assert_true (adept_device_list_find (adept_devices_page_get_list (page), serial, &position));
  gtk_selection_model_select_item (adept_devices_page_get_selection (page), position, TRUE);
  g_object_set_data_full (G_OBJECT (page), "want-serial", g_strdup (serial), g_free);
  adept_test_ui_wait_for (panel_shows, page, "the panel to show the device");
  /* Management: the DEP Profile Status, its chart and the device's timeline. */
  adept_device_panel_set_section (adept_devices_page_get_panel (page), "management");

  adept_test_ui_save_png (GTK_WIDGET (window), path);
  texture = gdk_texture_new_from_filename (path, NULL);
  g_assert_nonnull (texture);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, gtk_widget_get_width (GTK_WIDGET (window)));
  adept_test_ui_window_destroy (window);
}

static void
test_pushed (void)
{
  save_with_panel (ADEPT_TEST_SERIAL_PUSHED, "devices-pushed.png");
}

static void
test_removed (void)
{
  save_with_panel (ADEPT_TEST_SERIAL_REMOVED, "devices-removed.png");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = adept_test_ui_init (&argc, &argv, "test-ui-devices-screenshots");
  const char *env_dir = g_getenv ("ADEPT_SCREENSHOT_DIR");
  g_autoptr(AdeptStore) store = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  out_dir = env_dir != NULL ? g_strdup (env_dir)
                            : g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "screenshots", NULL);
  g_assert_cmpint (g_mkdir_with_parents (out_dir, 0755), ==, 0);

  store = adept_store_open (&error);
  g_assert_no_error (error);
  adept_test_devices_fill (store, ADEPT_TEST_SERVER, N_DEVICES, &error);
  g_assert_no_error (error);

  /* The panel slides in at once, so what a test waits for is on screen when it holds. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  sim = adept_depsim_new (20261125, 0);
  g_assert_true (adept_depsim_start (sim, 0, &error));
  g_assert_no_error (error);
  {
    g_autofree char *credentials = adept_depsim_issue_credentials (sim);

    session = adept_test_link_session (store, ADEPT_TEST_SERVER, adept_depsim_get_base_url (sim),
                                       credentials);
    adept_secret_free (g_steal_pointer (&credentials));
  }
  g_clear_object (&store);
  app = adept_test_ui_app_new (FALSE, 0);

  g_test_add_func ("/ui/screenshots/devices-pushed", test_pushed);
  g_test_add_func ("/ui/screenshots/devices-removed", test_removed);
  status = g_test_run ();

  g_application_quit (G_APPLICATION (app));
  g_clear_object (&app);
  adept_test_unlink_session (session);
  g_clear_object (&session);
  adept_depsim_stop (sim);
  g_clear_object (&sim);
  g_free (out_dir);
  adept_test_cleanup_dir (dir);
  return status;
}
