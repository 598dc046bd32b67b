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

/* The picture's mean luminance, 0 (black) to 1 (white): light or dark style. */
static double
mean_luminance (GdkTexture *texture)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  g_autofree guchar *data = g_malloc ((gsize) width * height * 4);
  double sum = 0;

  /* Cairo's ARGB32: B, G, R, A in memory on little-endian machines. */
  gdk_texture_download (texture, data, (gsize) width * 4);
  for (gsize i = 0; i < (gsize) width * height; i++)
    sum += (0.0722 * data[i * 4] + 0.7152 * data[i * 4 + 1] + 0.2126 * data[i * 4 + 2]) / 255.0;
  return sum / ((double) width * height);
}

typedef struct {
  const char *serial;
  const char *panel_page;   /* "general", "management" */
  const char *name;
  int         width;
  int         height;
  gboolean    dark;
  /* What the picture must show (panel sections, by id), NULL-terminated; the panel is
   * scrolled to the last one. */
  const char *sections[4];
  /* Facts whose value must show on one line, NULL-terminated. */
  const char *one_line[4];
} Shot;

/* Scrolls the panel so the section's top shows, as the admin would. */
static void
scroll_to (GtkWidget *section)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (section, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment;
  graphene_rect_t bounds;

  g_assert_nonnull (scrolled);
  g_assert_true (gtk_widget_compute_bounds (section, gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled)),
                                            &bounds));
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  if (bounds.origin.y + bounds.size.height > gtk_adjustment_get_value (adjustment) +
                                             gtk_adjustment_get_page_size (adjustment))
    gtk_adjustment_set_value (adjustment, bounds.origin.y + bounds.size.height -
                                          gtk_adjustment_get_page_size (adjustment) + 12);
}

/* Shown, and its top within the window and its scrolled parent (not below the fold). */
static void
assert_on_screen (GtkWidget  *widget,
                  GtkWidget  *window,
                  gboolean    whole,
                  const char *what)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  graphene_rect_t bounds, view;
  float shown;

  if (!gtk_widget_is_drawable (widget) || !gtk_widget_compute_bounds (widget, window, &bounds))
    g_error ("%s is not on screen", what);
  shown = whole ? bounds.size.height : 24;
  if (bounds.origin.y < 0 || bounds.origin.y + shown > gtk_widget_get_height (window))
    g_error ("%s is outside the window", what);
  if (scrolled != NULL && gtk_widget_compute_bounds (scrolled, window, &view) &&
      (bounds.origin.y < view.origin.y || bounds.origin.y + shown > view.origin.y + view.size.height))
    g_error ("%s is out of sight", what);
}

/* Beside the list, the panel shows its tabs whole, without scrolling them. */
static void
assert_tabs_whole (AdeptDevicePanel *panel)
{
  GtkWidget *switcher = adept_test_ui_find_descendant (GTK_WIDGET (panel), GTK_TYPE_STACK_SWITCHER);
  GtkWidget *scrolled = gtk_widget_get_ancestor (switcher, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (scrolled));

  g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), <=, gtk_adjustment_get_page_size (adjustment));
}

/* The value's layout is one line: a MAC address or an email not broken in two. */
static void
assert_one_line (AdeptDevicePanel *panel,
                 const char       *field)
{
  AdeptFactRow *row = adept_device_panel_get_fact (panel, field);
  GtkWidget *value = adept_fact_row_get_value_label (row);

  g_assert_cmpstr (adept_fact_row_get_value (row), !=, "—");
  g_assert_cmpint (pango_layout_get_line_count (gtk_label_get_layout (GTK_LABEL (value))), ==, 1);
}

static void
save_shot (const Shot *shot)
{
  AdeptWindow *window = adept_test_ui_window_new (app, shot->width, shot->height);
  AdeptDevicesPage *page = adept_window_get_devices_page (window);
  AdeptDevicePanel *panel = adept_devices_page_get_panel (page);
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autofree char *path = g_build_filename (out_dir, shot->name, NULL);
  g_autoptr(GdkTexture) texture = NULL;
  guint position = 0;

  adw_style_manager_set_color_scheme (style, shot->dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                                        : ADW_COLOR_SCHEME_FORCE_LIGHT);
  adept_window_set_session (window, session);
  adept_window_show_page (window, "devices");
  g_assert_true (adept_device_list_find (adept_devices_page_get_list (page), shot->serial, &position));
  gtk_selection_model_select_item (adept_devices_page_get_selection (page), position, TRUE);
  g_object_set_data_full (G_OBJECT (page), "want-serial", g_strdup (shot->serial), g_free);
  adept_test_ui_wait_for (panel_shows, page, "the panel to show the device");
  adept_device_panel_set_page (panel, shot->panel_page);
  adept_test_ui_flush (GTK_WIDGET (window));
  for (guint i = 0; shot->sections[i] != NULL; i++)
    if (shot->sections[i + 1] == NULL)
      scroll_to (GTK_WIDGET (adept_device_panel_find_section (panel, shot->sections[i])));
  adept_test_ui_flush (GTK_WIDGET (window));


  /* What the picture must show. */
  assert_on_screen (GTK_WIDGET (adept_devices_page_get_chart (page)), GTK_WIDGET (window), TRUE,
                    "The status chart");
  for (guint i = 0; shot->sections[i] != NULL; i++)
    assert_on_screen (GTK_WIDGET (adept_device_panel_find_section (panel, shot->sections[i])),
                      GTK_WIDGET (window), shot->sections[i + 1] == NULL, shot->sections[i]);
  assert_tabs_whole (panel);
  for (guint i = 0; shot->one_line[i] != NULL; i++)
    assert_one_line (panel, shot->one_line[i]);

  adept_test_ui_save_png (GTK_WIDGET (window), path);
  texture = gdk_texture_new_from_filename (path, NULL);
  g_assert_nonnull (texture);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, gtk_widget_get_width (GTK_WIDGET (window)));
  if (shot->dark)
    g_assert_cmpfloat (mean_luminance (texture), <, 0.4);
  else
    g_assert_cmpfloat (mean_luminance (texture), >, 0.6);
  adept_test_ui_window_destroy (window);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

/* Management: the DEP Profile Status, its chart, and what Apple answered. */
static void
test_pushed (void)
{
  save_shot (&(Shot) { ADEPT_TEST_SERIAL_PUSHED, "management", "devices-pushed.png", WIDTH, HEIGHT, FALSE,
                       { "profile", "activation-lock", NULL } });
}

static void
test_removed (void)
{
  save_shot (&(Shot) { ADEPT_TEST_SERIAL_REMOVED, "management", "devices-removed.png", WIDTH, HEIGHT, FALSE,
                       { "profile", "status-chart", NULL } });
}

/* General of a cellular replacement: its original, its MACs, IMEIs and EID. */
static void
test_identifiers (void)
{
  save_shot (&(Shot) { ADEPT_TEST_SERIAL_ASSIGNED, "general", "devices-identifiers.png", WIDTH, HEIGHT, FALSE,
                       { "replacement", "identifiers", NULL },
                       { "wifi-mac", "bluetooth-mac", "assigned-by", NULL } });
}

/* Dark: a device migrating in, and the warning about the default profile. */
static void
test_dark (void)
{
  save_shot (&(Shot) { ADEPT_TEST_SERIAL_ASSIGNED, "management", "devices-dark.png", WIDTH, HEIGHT, TRUE,
                       { "profile", "migration", NULL } });
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
  g_test_add_func ("/ui/screenshots/devices-identifiers", test_identifiers);
  g_test_add_func ("/ui/screenshots/devices-dark", test_dark);
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
