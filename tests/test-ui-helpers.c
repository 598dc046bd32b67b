/* test-ui-helpers.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "adept-context.h"
#include "adept-test-util.h"
#include "adept-ui-util.h"
#include "test-ui-helpers.h"

static FakeNotifications *notifications;

/* Generous: a loaded 2-core machine may take long for a 2048-bit key and a sync. */
#define DEADLINE_SECONDS 60

void
adept_test_ui_wait_for (AdeptTestPredicate  predicate,
                        gpointer            data,
                        const char         *what)
{
  gint64 deadline = g_get_monotonic_time () + DEADLINE_SECONDS * G_USEC_PER_SEC;

  while (!predicate (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out waiting for %s", what);
      g_main_context_iteration (NULL, TRUE);
    }
}

static gboolean
timeout_done (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

void
adept_test_ui_flush (GtkWidget *widget)
{
  gboolean done = FALSE;

  if (widget != NULL && gtk_widget_get_mapped (widget))
    gtk_test_widget_wait_for_draw (widget);
  /* One idle round at low priority: everything queued before runs first. */
  g_idle_add_full (G_PRIORITY_LOW, timeout_done, &done, NULL);
  adept_test_ui_wait_for (is_true, &done, "the main loop to settle");
  if (widget != NULL)
    gdk_display_sync (gtk_widget_get_display (widget));
}

/* The console syncs every linked server at "sync-time" (02:00 unless set) while it runs:
 * a test that happened to run across that minute would meet a sync it never started. About
 * twelve hours from now, no test lasts that long. The minute is one no test sets: a test of
 * the schedule that set the time shown already would change nothing, and wait in vain. */
static void
keep_nightly_sync_away (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *time = g_strdup_printf ("%02d:47", (g_date_time_get_hour (now) + 12) % 24);

  g_settings_set_string (settings, "sync-time", time);
}

char *
adept_test_ui_init (int          *argc,
                    char       ***argv,
                    const char   *name_space)
{
  char *dir;

  dir = adept_test_isolate_xdg ();
  g_setenv ("HOME", dir, TRUE);
  /* The display opened as the application opens it (main() and its startup). */
  adept_application_prepare_display ();
  gtk_test_init (argc, argv, NULL);
  adw_init ();
  adept_application_display_opened ();
  keep_nightly_sync_away ();
  /* As the application does at startup: no label hyphenates. */
  adept_ui_install_no_hyphens ();
  adept_context_set_namespace (name_space);
  /* The shell's notification server, before any application registers (GApplication picks
   * its notification backend then): alerts have somewhere to go, and tests read them. */
  notifications = fake_notifications_new ();
  return dir;
}

FakeNotifications *
adept_test_ui_get_notifications (void)
{
  return notifications;
}

AdeptApplication *
adept_test_ui_app_new (gboolean demo,
                       guint    demo_devices)
{
  static guint n_apps;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_strdup_printf ("io.github.adept.Adept.Test%u", ++n_apps);
  AdeptApplication *app;

  /* Each its own id: an application that is not run keeps its bus name until the end. */
  app = adept_application_new_for_test (id, demo, demo_devices);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  return app;
}

static gboolean
window_drawn (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

AdeptWindow *
adept_test_ui_window_new (AdeptApplication *app,
                          int               width,
                          int               height)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  AdeptWindow *window;

  /* Tests start syncs themselves, so each knows which run it is looking at; the flow
   * test turns the first sync after linking back on. */
  g_settings_set_boolean (settings, "sync-after-link", FALSE);
  window = adept_window_new (app);

  if (width > 0 && height > 0)
    gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  adept_test_ui_wait_for (window_drawn, window, "the window to be mapped");
  adept_test_ui_wait_devices_read (window);
  adept_test_ui_flush (GTK_WIDGET (window));
  return window;
}

static gboolean
devices_read (gpointer data)
{
  AdeptDeviceList *list = adept_devices_page_get_list (adept_window_get_devices_page (data));

  return list == NULL || !adept_device_list_get_loading (list);
}

void
adept_test_ui_wait_devices_read (AdeptWindow *window)
{
  adept_test_ui_wait_for (devices_read, window, "every device to be read");
}

void
adept_test_ui_window_destroy (AdeptWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  adept_test_ui_flush (NULL);
}

static void
save_png (GtkWidget  *widget,
          const char *path,
          gboolean    opaque)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GtkSnapshot *snapshot;
  GskRenderNode *node;
  GskRenderer *renderer;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  adept_test_ui_flush (widget);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  if (opaque)
    {
      GdkRGBA background = { 1, 1, 1, 1 };

      /* The window's own background, as the window would paint it behind the view. */
      G_GNUC_BEGIN_IGNORE_DEPRECATIONS
      gtk_style_context_lookup_color (gtk_widget_get_style_context (widget), "window_bg_color",
                                      &background);
      G_GNUC_END_IGNORE_DEPRECATIONS
      gtk_snapshot_append_color (snapshot, &background, &GRAPHENE_RECT_INIT (0, 0, width, height));
    }
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  gsk_render_node_unref (node);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("saved %s (%dx%d)", path, width, height);
}

void
adept_test_ui_save_png (GtkWidget  *widget,
                        const char *path)
{
  save_png (widget, path, FALSE);
}

void
adept_test_ui_save_png_opaque (GtkWidget  *widget,
                               const char *path)
{
  save_png (widget, path, TRUE);
}

GtkWidget *
adept_test_ui_find_descendant (GtkWidget *root,
                               GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        return child;
      if ((found = adept_test_ui_find_descendant (child, type)) != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
adept_test_ui_find_widget (GtkWidget                *root,
                           AdeptTestWidgetPredicate  predicate,
                           gconstpointer             data)
{
  if (predicate (root, data))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = adept_test_ui_find_widget (child, predicate, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

gboolean
adept_test_ui_has_action (GtkWidget     *widget,
                          gconstpointer  action)
{
  return GTK_IS_ACTIONABLE (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0 &&
         gtk_widget_is_drawable (widget);
}

GtkWindow *
adept_test_ui_find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

gboolean
adept_test_ui_page_idle (gpointer page)
{
  return !adept_settings_page_get_busy (page)
         && g_strcmp0 (adept_settings_page_get_state (page), "loading") != 0;
}

gboolean
adept_test_ui_page_has_dialog (gpointer page)
{
  return adept_settings_page_get_dialog (page) != NULL;
}

gboolean
adept_test_ui_page_linked (gpointer page)
{
  return adept_settings_page_get_linked (page) && adept_test_ui_page_idle (page);
}

gboolean
adept_test_ui_page_knows_account (gpointer page)
{
  return adept_settings_page_get_info (page, "org-name") != NULL;
}

gboolean
adept_test_ui_page_can_sync (gpointer page)
{
  return adept_settings_page_get_can_sync (page) && adept_test_ui_page_idle (page);
}

gboolean
adept_test_ui_page_synced (gpointer page)
{
  return adept_settings_page_get_journal_rows (page) > 0 && adept_test_ui_page_can_sync (page);
}

static gboolean
has_chooser (gpointer page)
{
  return adept_settings_page_get_file_chooser (page) != NULL;
}

void
adept_test_ui_drop_file (AdeptWindow *window,
                         const char  *path)
{
  GtkDropTarget *target = adept_window_get_drop_target (window);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_auto(GValue) value = G_VALUE_INIT;
  GSList *files = g_slist_prepend (NULL, file);
  GdkDragAction action = 0;
  gboolean accepted = FALSE;

  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_list (files));
  g_slist_free (files);

  g_signal_emit_by_name (target, "enter", 500.0, 300.0, &action);
  g_assert_cmpint (action, ==, GDK_ACTION_COPY);
  g_signal_emit_by_name (target, "drop", &value, 500.0, 300.0, &accepted);
  g_assert_true (accepted);
  g_assert_cmpstr (adept_window_get_visible_page (window), ==, "settings");
}

void
adept_test_ui_respond (AdeptSettingsPage *page,
                       const char        *response)
{
  g_autofree char *what = g_strdup_printf ("a dialog to answer “%s”", response);
  AdwMessageDialog *dialog;

  adept_test_ui_wait_for (adept_test_ui_page_has_dialog, page, what);
  dialog = adept_settings_page_get_dialog (page);
  g_assert_true (adw_message_dialog_has_response (dialog, response));
  adw_message_dialog_response (dialog, response);
  gtk_window_close (GTK_WINDOW (dialog));
}

gboolean
adept_test_ui_chooser_has_expected_file (gpointer chooser)
{
  g_autoptr(GFile) chosen = gtk_file_chooser_get_file (chooser);
  g_autofree char *path = chosen != NULL ? g_file_get_path (chosen) : NULL;

  return g_strcmp0 (path, g_object_get_data (chooser, "expected")) == 0;
}

static gboolean
chooser_proposes_name (gpointer data)
{
  g_autofree char *name = gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (data));

  return name != NULL && g_strcmp0 (name, g_object_get_data (data, "proposed")) == 0;
}

/* The chooser saves to its "expected" path. GTK's chooser loads folders in the background:
 * under load, the load of the folder it opened on may end after the test's folder and name
 * were given, and take them back. What it took back is given again, as the admin would. */
static gboolean
chooser_saves_expected (gpointer data)
{
  GtkFileChooser *chooser = GTK_FILE_CHOOSER (data);
  const char *expected = g_object_get_data (data, "expected");
  g_autofree char *wanted_name = g_path_get_basename (expected);
  g_autofree char *wanted_dir = g_path_get_dirname (expected);
  g_autoptr(GFile) wanted_folder = g_file_new_for_path (wanted_dir);
  g_autoptr(GFile) folder = NULL;
  g_autofree char *name = NULL;

  if (adept_test_ui_chooser_has_expected_file (data))
    return TRUE;
  folder = gtk_file_chooser_get_current_folder (chooser);
  if (folder != NULL && !g_file_equal (folder, wanted_folder))
    gtk_file_chooser_set_current_folder (chooser, wanted_folder, NULL);
  name = gtk_file_chooser_get_current_name (chooser);
  if (g_strcmp0 (name, wanted_name) != 0)
    gtk_file_chooser_set_current_name (chooser, wanted_name);
  return FALSE;
}

void
adept_test_ui_save_in_chooser (GtkFileChooserNative *chooser,
                               const char           *proposed,
                               const char           *path)
{
  g_autofree char *folder_path = g_path_get_dirname (path);
  g_autofree char *name = g_path_get_basename (path);
  g_autoptr(GFile) folder = g_file_new_for_path (folder_path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (gtk_file_chooser_get_action (GTK_FILE_CHOOSER (chooser)), ==,
                   GTK_FILE_CHOOSER_ACTION_SAVE);
  /* The dialog proposes the name; the admin picks the folder. GTK's chooser loads the
   * folder in the background and may drop the typed name while it does: the proposal is
   * checked first, then given again with the folder. */
  g_object_set_data_full (G_OBJECT (chooser), "proposed", g_strdup (proposed), g_free);
  adept_test_ui_wait_for (chooser_proposes_name, chooser, "the proposed name");
  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, &error);
  g_assert_no_error (error);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_object_set_data_full (G_OBJECT (chooser), "expected", g_strdup (path), g_free);
  adept_test_ui_wait_for (chooser_saves_expected, chooser, "the proposed file name");
  g_signal_emit_by_name (chooser, "response", GTK_RESPONSE_ACCEPT);
}

char *
adept_test_ui_download_public_key (AdeptSettingsPage *page,
                                   const char        *dir)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "dep.download-key", NULL));
  return adept_test_ui_save_public_key (page, dir);
}

char *
adept_test_ui_save_public_key (AdeptSettingsPage *page,
                               const char        *dir)
{
  /* A folder of its own: files there from earlier runs would distract the dialog. */
  g_autofree char *folder_path = g_build_filename (dir, "key-XXXXXX", NULL);
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  GtkFileChooserNative *chooser;
  char *pem = NULL;

  g_assert_nonnull (g_mkdtemp (folder_path));
  path = g_build_filename (folder_path, "Adept-DEP-public-key.pem", NULL);

  adept_test_ui_wait_for (has_chooser, page, "the save dialog");
  chooser = adept_settings_page_get_file_chooser (page);
  adept_test_ui_save_in_chooser (chooser, "Adept-DEP-public-key.pem", path);

  adept_test_ui_wait_for (adept_test_ui_page_idle, page, "the key to be saved");
  g_assert_cmpstr (adept_settings_page_get_error_message (page), ==, NULL);
  g_assert_true (g_file_get_contents (path, &pem, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (pem, "-----BEGIN CERTIFICATE-----"));
  /* The private half went to the keyring, never to the file. */
  g_assert_null (strstr (pem, "PRIVATE KEY"));
  return pem;
}

char *
adept_test_ui_find_demo_token (void)
{
  g_autofree char *downloads = adept_demo_dup_download_dir ();
  g_autoptr(GDir) dir = g_dir_open (downloads, 0, NULL);
  g_autofree char *newest = NULL;
  gint64 newest_time = G_MININT64;
  const char *name;

  g_assert_nonnull (dir);
  /* Earlier tests may have left tokens for keys that are gone: take the latest. */
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (downloads, name, NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GFileInfo) info = NULL;
      gint64 time;

      if (!g_str_has_suffix (name, "_smime.p7m"))
        continue;
      info = g_file_query_info (file, G_FILE_ATTRIBUTE_TIME_MODIFIED ","
                                G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC,
                                G_FILE_QUERY_INFO_NONE, NULL, NULL);
      g_assert_nonnull (info);
      time = (gint64) g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED)
             * G_USEC_PER_SEC
             + g_file_info_get_attribute_uint32 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC);
      if (time > newest_time)
        {
          newest_time = time;
          g_free (newest);
          newest = g_steal_pointer (&path);
        }
    }
  return g_steal_pointer (&newest);
}

static gboolean
dialog_or_error (gpointer page)
{
  return adept_test_ui_page_has_dialog (page)
         || (adept_settings_page_get_error_message (page) != NULL && adept_test_ui_page_idle (page));
}

void
adept_test_ui_link_demo (AdeptWindow *window,
                         const char  *dir)
{
  AdeptSettingsPage *page = adept_window_get_settings_page (window);
  g_autofree char *pem = NULL;
  g_autofree char *token = NULL;

  pem = adept_test_ui_download_public_key (page, dir);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "dep.get-demo-token", NULL));
  adept_test_ui_wait_for (adept_test_ui_page_idle, page, "the demo token");
  g_assert_cmpstr (adept_settings_page_get_error_message (page), ==, NULL);
  token = adept_test_ui_find_demo_token ();
  g_assert_nonnull (token);

  adept_test_ui_drop_file (window, token);
  adept_test_ui_wait_for (dialog_or_error, page, "the confirmation");
  g_assert_cmpstr (adept_settings_page_get_error_message (page), ==, NULL);
  adept_test_ui_respond (page, "link");
  adept_test_ui_wait_for (adept_test_ui_page_linked, page, "the link");
  adept_test_ui_wait_for (adept_test_ui_page_knows_account, page, "DEP Information");
}

/* Accessibility */

static gboolean
is_control (GtkWidget *widget)
{
  return GTK_IS_BUTTON (widget) || GTK_IS_SWITCH (widget) || GTK_IS_CHECK_BUTTON (widget) ||
         GTK_IS_SPIN_BUTTON (widget) || GTK_IS_ENTRY (widget) || GTK_IS_SEARCH_ENTRY (widget) ||
         GTK_IS_DROP_DOWN (widget) || GTK_IS_SCALE (widget) || GTK_IS_PASSWORD_ENTRY (widget);
}

/* A GtkText inside an entry, spin button or entry row is named through its parent. */
static gboolean
has_own_text (GtkWidget *widget)
{
  const char *text = NULL;

  if (GTK_IS_BUTTON (widget))
    {
      GtkWidget *child = gtk_button_get_child (GTK_BUTTON (widget));

      text = gtk_button_get_label (GTK_BUTTON (widget));
      if (text == NULL && GTK_IS_LABEL (child))
        text = gtk_label_get_label (GTK_LABEL (child));
      /* Icon and label side by side (AdwButtonContent). */
      if (text == NULL && ADW_IS_BUTTON_CONTENT (child))
        text = adw_button_content_get_label (ADW_BUTTON_CONTENT (child));
    }
  else if (GTK_IS_CHECK_BUTTON (widget))
    text = gtk_check_button_get_label (GTK_CHECK_BUTTON (widget));
  return text != NULL && *text != '\0';
}

static gboolean
is_named (GtkWidget *widget)
{
  GtkAccessible *accessible = GTK_ACCESSIBLE (widget);

  return gtk_test_accessible_has_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL) ||
         gtk_test_accessible_has_relation (accessible, GTK_ACCESSIBLE_RELATION_LABELLED_BY) ||
         has_own_text (widget);
}

/* Made and named by GTK and libadwaita themselves (the window's buttons, a toast's close
 * button, the view switcher's page buttons labelled with the page titles): not ours to
 * name, and not reachable. */
static gboolean
is_toolkit_part (GtkWidget *widget)
{
  return GTK_IS_WINDOW_CONTROLS (widget) || ADW_IS_VIEW_SWITCHER (widget) ||
         g_str_equal (G_OBJECT_TYPE_NAME (widget), "AdwToastWidget");
}

static void
collect_unnamed (GtkWidget *widget,
                 GString   *report)
{
  if (!gtk_widget_get_mapped (widget) || is_toolkit_part (widget))
    return;
  /* Menu buttons and drop-downs hold a button of their own: the outer widget is the
   * control the reader meets. */
  if (is_control (widget) && !is_named (widget) &&
      !(GTK_IS_TOGGLE_BUTTON (widget) && GTK_IS_MENU_BUTTON (gtk_widget_get_parent (widget)) &&
        is_named (gtk_widget_get_parent (widget))))
    {
      GtkWidget *row = gtk_widget_get_ancestor (widget, ADW_TYPE_PREFERENCES_ROW);

      g_string_append_printf (report, "\n  a %s in a %s in a %s (tooltip “%s”, in row “%s”)",
                              G_OBJECT_TYPE_NAME (widget),
                              G_OBJECT_TYPE_NAME (gtk_widget_get_parent (widget)),
                              G_OBJECT_TYPE_NAME (gtk_widget_get_parent (gtk_widget_get_parent (widget))),
                              gtk_widget_get_tooltip_text (widget)
                                ? gtk_widget_get_tooltip_text (widget) : "",
                              row ? adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row))
                                  : "");
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_unnamed (child, report);
}

void
adept_test_ui_assert_accessible (GtkWidget *root)
{
  g_autoptr(GString) report = g_string_new (NULL);

  /* With GTK_A11Y=none widgets keep nothing and every control would look unnamed. */
  g_assert_cmpstr (g_getenv ("GTK_A11Y"), ==, "test");

  collect_unnamed (root, report);
  if (report->len > 0)
    g_error ("Controls without an accessible name in a %s:%s", G_OBJECT_TYPE_NAME (root),
             report->str);
}

char *
adept_test_ui_dup_screenshot_dir (void)
{
  const char *env_dir = g_getenv ("ADEPT_SCREENSHOT_DIR");
  char *dir = env_dir != NULL ? g_strdup (env_dir)
                              : g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "screenshots", NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  return dir;
}
