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

#include "adept-audit-window.h"
#include "adept-devices-page-private.h"
#include "adept-organization-page.h"
#include "adept-test-util.h"
#include "adept-ui-util.h"
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
expand_journal (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (ADW_IS_EXPANDER_ROW (child))
      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (child), TRUE);
    else
      expand_journal (child);
}

/* Light, dark and narrow */

typedef enum {
  VARIANT_LIGHT,
  VARIANT_DARK,
  VARIANT_NARROW,
} Variant;

static const char * const variant_suffix[] = { "", "-dark", "-narrow" };

/* The mean brightness of a PNG, 0 (black) to 1 (white). */
static double
mean_brightness (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GdkTexture) texture = gdk_texture_new_from_file (file, NULL);
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  g_autofree guchar *pixels = g_malloc ((gsize) width * height * 4);
  double sum = 0;

  gdk_texture_download (texture, pixels, (gsize) width * 4);
  for (gsize i = 0; i < (gsize) width * height; i++)
    /* Cairo ARGB32, little-endian: B G R A. */
    sum += (0.0722 * pixels[i * 4] + 0.7152 * pixels[i * 4 + 1] + 0.2126 * pixels[i * 4 + 2]) / 255.0;
  return sum / ((double) width * height);
}

/* Saves widget as name + the variant's suffix and checks the picture is what the variant
 * must show: light or dark as asked, and as wide as the narrow window. */
static void
save_variant (GtkWidget  *widget,
              const char *name,
              Variant     variant)
{
  g_autofree char *file = g_strdup_printf ("%s%s.png", name, variant_suffix[variant]);
  g_autofree char *path = g_build_filename (out_dir, file, NULL);
  g_autoptr(GFile) gfile = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  double brightness;

  adept_test_ui_save_png_opaque (widget, path);
  gfile = g_file_new_for_path (path);
  texture = gdk_texture_new_from_file (gfile, NULL);
  g_assert_nonnull (texture);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, gtk_widget_get_width (widget));
  if (variant == VARIANT_NARROW)
    g_assert_cmpint (gdk_texture_get_width (texture), <=, 400);
  brightness = mean_brightness (path);
  g_test_message ("%s: mean brightness %.2f", file, brightness);
  if (variant == VARIANT_DARK)
    g_assert_cmpfloat (brightness, <, 0.35);
  else
    g_assert_cmpfloat (brightness, >, 0.7);
}

static AdeptWindow *
open_variant (Variant variant,
              int     height)
{
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      variant == VARIANT_DARK ? ADW_COLOR_SCHEME_FORCE_DARK
                                                              : ADW_COLOR_SCHEME_FORCE_LIGHT);
  return adept_test_ui_window_new (app, variant == VARIANT_NARROW ? 400 : WIDTH, height);
}

static GtkWidget *
window_view (AdeptWindow *window)
{
  GtkWidget *content = adw_application_window_get_content (ADW_APPLICATION_WINDOW (window));

  return adw_toast_overlay_get_child (ADW_TOAST_OVERLAY (content));
}

static void
test_settings_unlinked_variants (void)
{
  for (Variant v = VARIANT_LIGHT; v <= VARIANT_NARROW; v++)
    {
      AdeptWindow *window = open_variant (v, HEIGHT);
      AdeptSettingsPage *page = adept_window_get_settings_page (window);

      adept_window_show_page (window, "settings");
      adept_test_ui_flush (GTK_WIDGET (window));
      g_assert_cmpstr (adept_settings_page_get_state (page), ==, "unlinked");
      /* The four steps, Import beside Download, no error bar. */
      g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (page->step_key_row)));
      g_assert_true (gtk_widget_get_mapped (page->import_key_button));
      g_assert_false (gtk_widget_get_visible (GTK_WIDGET (page->error_bar)));
      save_variant (window_view (window), "settings-unlinked", v);
      adept_test_ui_window_destroy (window);
    }
}

static gboolean
have_result (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* Two profiles at Apple, the second the default, as an admin's first day leaves them. */
static void
define_profile (AdeptSession *session,
                const char   *name,
                const char   *department)
{
  g_autoptr(AdeptDepProfile) profile = adept_dep_profile_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(AdeptDeviceResults) results = NULL;
  g_autoptr(GError) error = NULL;

  g_object_set (profile, "profile_name", name, "url", "https://mdm.appleseed.example/enroll",
                "department", department, "is_supervised", TRUE, "is_mandatory", TRUE, NULL);
  adept_session_define_profile_async (session, profile, NULL, NULL, store_result, &result);
  adept_test_ui_wait_for (have_result, &result, "the profile at Apple");
  results = adept_session_define_profile_finish (session, result, &error);
  g_assert_no_error (error);
}

/* Linked through the real flow, synced once so the journal has a run. */
static void
link_and_sync (void)
{
  AdeptWindow *window = adept_test_ui_window_new (app, WIDTH, HEIGHT);
  AdeptSettingsPage *page = adept_window_get_settings_page (window);

  adept_window_show_page (window, "settings");
  adept_test_ui_wait_for (adept_test_ui_page_idle, page, "the settings page");
  adept_test_ui_link_demo (window, tmp_dir);
  adept_test_ui_wait_for (adept_test_ui_page_can_sync, page, "the sync engine");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "dep.force-sync", NULL));
  adept_test_ui_wait_for (adept_test_ui_page_synced, page, "the first sync");
  define_profile (adept_settings_page_get_session (page), "Staff iPads", "IT Services");
  define_profile (adept_settings_page_get_session (page), "Loaner MacBooks", "Library");
  adept_test_ui_window_destroy (window);
}

static gboolean
timer_known (gpointer page)
{
  return adept_settings_page_get_timer_state (page) != NULL;
}

/* A label's text breaks only between words (a line after the first starts after a space). */
static gboolean
breaks_at_words (GtkLabel *label)
{
  PangoLayout *layout = gtk_label_get_layout (label);
  const char *text = pango_layout_get_text (layout);

  for (GSList *l = pango_layout_get_lines_readonly (layout); l != NULL; l = l->next)
    {
      int start = ((PangoLayoutLine *) l->data)->start_index;

      if (start > 0 && text[start - 1] != ' ')
        return FALSE;
    }
  return TRUE;
}

/* DEP Information as an admin reads it, in every variant (the narrow one is 390 pixels
 * wide): identifiers and addresses on one line, titles whole words. GTK measures a wrapping
 * label's width for the row's height, where three narrow lines fit; the UUID came out in
 * three pieces of eleven characters and, once values took their room, "Add|ress". */
static void
assert_info_rows_read_well (AdeptSettingsPage *page)
{
  AdwActionRow *one_line[] = { page->server_uuid_row, page->org_email_row, page->admin_row };
  AdwActionRow *rows[] = { page->server_name_row, page->server_uuid_row, page->org_name_row,
                           page->org_email_row, page->org_phone_row, page->org_address_row,
                           page->org_id_row, page->admin_row, page->expiry_row };

  for (guint i = 0; i < G_N_ELEMENTS (one_line); i++)
    {
      GtkLabel *value = g_object_get_data (G_OBJECT (one_line[i]), "value-label");

      g_assert_cmpint (pango_layout_get_line_count (gtk_label_get_layout (value)), ==, 1);
    }
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      GtkLabel *title = adept_ui_row_get_title_label (ADW_PREFERENCES_ROW (rows[i]));

      g_assert_nonnull (title);
      if (!breaks_at_words (title))
        g_error ("The title “%s” breaks inside a word", gtk_label_get_text (title));
    }
}

static void
test_linked_variants (void)
{
  /* A user manager to talk to, as on a desktop. */
  g_autoptr(FakeSystemd) systemd = fake_systemd_new ();

  link_and_sync ();
  for (Variant v = VARIANT_LIGHT; v <= VARIANT_NARROW; v++)
    {
      /* Tall enough for DEP Information, the key and DEP Setup together. */
      AdeptWindow *window = open_variant (v, 1240);
      AdeptSettingsPage *page = adept_window_get_settings_page (window);
      GtkWindow *audit;

      adept_window_show_page (window, "settings");
      adept_test_ui_wait_for (adept_test_ui_page_synced, page, "the journal");
      adept_test_ui_wait_for (timer_known, page, "systemd's answer");
      expand_journal (GTK_WIDGET (page));
      g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (page->fingerprint_row)));
      g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (page->background_row)));
      g_assert_true (gtk_widget_get_mapped (page->audit_button));
      g_assert_nonnull (adept_settings_page_get_info (page, "org-name"));
      adept_test_ui_flush (GTK_WIDGET (window));
      assert_info_rows_read_well (page);
      save_variant (window_view (window), "settings-linked", v);

      adept_window_show_page (window, "profiles");
      adept_test_ui_flush (GTK_WIDGET (window));
      g_assert_nonnull (adept_profiles_page_get_row (adept_window_get_profiles_page (window), 1));
      save_variant (window_view (window), "profiles", v);

      adept_window_show_page (window, "devices");
      adept_test_ui_flush (GTK_WIDGET (window));
      {
        AdeptDevicesPage *devices = adept_window_get_devices_page (window);

        g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (adept_devices_page_get_selection (devices))), >, 0);
        g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (adept_devices_page_get_column_view (devices))));
        g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (adept_devices_page_get_search_entry (devices))));
        save_variant (window_view (window), "devices-list", v);
      }

      /* Not connected to the Apple Business API: the page says what it needs. */
      adept_window_show_page (window, "organization");
      adept_test_ui_flush (GTK_WIDGET (window));
      g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (adept_window_get_organization_page (window))));
      g_assert_null (adept_organization_page_get_view (adept_window_get_organization_page (window)));
      save_variant (window_view (window), "organization-unconnected", v);

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-audit-log", NULL));
      audit = GTK_WINDOW (adept_window_get_audit_window (window));
      gtk_window_set_default_size (audit, v == VARIANT_NARROW ? 400 : 720, 640);
      adept_test_ui_flush (GTK_WIDGET (audit));
      g_assert_cmpuint (adept_audit_window_get_n_shown (ADEPT_AUDIT_WINDOW (audit)), >=, 2);
      save_variant (adw_window_get_content (ADW_WINDOW (audit)), "audit-log", v);
      gtk_window_destroy (audit);

      g_action_group_activate_action (G_ACTION_GROUP (app), "help", NULL);
      for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
        if (g_strcmp0 (gtk_widget_get_name (l->data), "adept-help") == 0)
          {
            GtkWindow *help = l->data;

            gtk_window_set_default_size (help, v == VARIANT_NARROW ? 400 : 640, 900);
            adept_test_ui_flush (GTK_WIDGET (help));
            save_variant (adw_window_get_content (ADW_WINDOW (help)), "help", v);
            gtk_window_destroy (help);
            break;
          }
      adept_test_ui_window_destroy (window);
    }
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
}

/* export-server.png: Export Server… with the passphrase typed twice, ready to choose the
 * file (after the linked pictures: it needs the link). */
static void
test_export_server (void)
{
  AdeptWindow *window = open_variant (VARIANT_LIGHT, HEIGHT);
  AdeptSettingsPage *page = adept_window_get_settings_page (window);
  g_autofree char *path = g_build_filename (out_dir, "export-server.png", NULL);
  AdwMessageDialog *dialog;
  AdeptPassphraseForm *form;
  double brightness;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export-server", NULL));
  adept_test_ui_wait_for (adept_test_ui_page_has_dialog, page, "the export dialog");
  dialog = adept_settings_page_get_dialog (page);
  form = ADEPT_PASSPHRASE_FORM (adw_message_dialog_get_extra_child (dialog));
  for (guint i = 0; i < 2; i++)
    gtk_editable_set_text (adept_passphrase_form_get_entry (form, i), "correct horse battery");
  adept_test_ui_flush (GTK_WIDGET (dialog));
  /* What the picture must show: the heading, the two rows filled, no complaint, Choose File… on. */
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (dialog)));
  g_assert_true (g_str_has_prefix (adw_message_dialog_get_heading (dialog), "Export “"));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (adept_passphrase_form_get_entry (form, 1))));
  g_assert_null (adept_passphrase_form_get_problem (form));
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "export"));
  adept_test_ui_save_png (GTK_WIDGET (dialog), path);
  {
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autoptr(GdkTexture) texture = gdk_texture_new_from_file (file, NULL);

    g_assert_nonnull (texture);
    g_assert_cmpint (gdk_texture_get_width (texture), ==, gtk_widget_get_width (GTK_WIDGET (dialog)));
  }
  brightness = mean_brightness (path);
  g_test_message ("export-server.png: mean brightness %.2f", brightness);
  g_assert_cmpfloat (brightness, >, 0.7);
  gtk_window_close (GTK_WINDOW (dialog));
  adept_test_ui_window_destroy (window);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
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
  g_test_add_func ("/ui/screenshots/settings-unlinked", test_settings_unlinked_variants);
  g_test_add_func ("/ui/screenshots/settings-drop", test_settings_drop);
  /* Last: it links the demo. */
  g_test_add_func ("/ui/screenshots/linked", test_linked_variants);
  g_test_add_func ("/ui/screenshots/export-server", test_export_server);
  status = g_test_run ();

  g_application_quit (G_APPLICATION (app));
  g_clear_object (&app);
  g_free (out_dir);
  adept_test_cleanup_dir (dir);
  return status;
}
