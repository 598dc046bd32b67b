/* test-ui-i18n.c — the console in German: each page shows its translated texts, and no label
 * on it shows an English source string that has a translation
 *
 * Runs in the de_DE.UTF-8 locale (build-aux/install-deps.sh generates it) with LANGUAGE=de,
 * reading the catalog built in the tree (ADEPT_LOCALEDIR, as `meson devenv` does): the
 * messages come from Adept's catalog, month names and the like from the C library.
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <string.h>

#include "adept-process.h"
#include "adept-test-util.h"
#include "test-ui-helpers.h"

static AdeptApplication *app;
static char *tmp_dir;
static char *out_dir;

/* The label texts and tooltips of a widget's mapped descendants, as set (mnemonics and
 * markup kept). */
static void
collect_labels (GtkWidget *widget,
                GPtrArray *texts)
{
  const char *tooltip;

  if (!gtk_widget_get_mapped (widget))
    return;
  tooltip = gtk_widget_get_tooltip_text (widget);
  if (tooltip != NULL)
    g_ptr_array_add (texts, g_strdup (tooltip));
  if (GTK_IS_LABEL (widget))
    {
      const char *label = gtk_label_get_label (GTK_LABEL (widget));

      if (label != NULL && *label != '\0')
        g_ptr_array_add (texts, g_strdup (label));
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, texts);
}

static GPtrArray *
shown_labels (AdeptWindow *window)
{
  GPtrArray *texts = g_ptr_array_new_with_free_func (g_free);

  adept_test_ui_flush (GTK_WIDGET (window));
  collect_labels (GTK_WIDGET (window), texts);
  g_assert_cmpuint (texts->len, >, 0);
  return texts;
}

static gboolean
contains (GPtrArray  *texts,
          const char *text)
{
  for (guint i = 0; i < texts->len; i++)
    if (g_str_equal (g_ptr_array_index (texts, i), text))
      return TRUE;
  return FALSE;
}

/* Every msgid has a German translation that differs from it, and that translation is shown. */
static void
assert_translated_shown (GPtrArray          *texts,
                         const char * const *msgids)
{
  for (guint i = 0; msgids[i] != NULL; i++)
    {
      const char *translated = g_dgettext (GETTEXT_PACKAGE, msgids[i]);

      if (g_str_equal (translated, msgids[i]))
        g_error ("“%s” has no German translation", msgids[i]);
      if (!contains (texts, translated))
        g_error ("“%s” (for “%s”) is not shown", translated, msgids[i]);
    }
}

/* A label showing a source string that the catalog translates was not passed through
 * gettext: the admin would see English in a German console. */
static void
assert_no_english (GPtrArray  *texts,
                   const char *page)
{
  for (guint i = 0; i < texts->len; i++)
    {
      const char *text = g_ptr_array_index (texts, i);

      if (!g_str_equal (g_dgettext (GETTEXT_PACKAGE, text), text))
        g_error ("The %s page shows “%s” in English (German: “%s”)", page, text,
                 g_dgettext (GETTEXT_PACKAGE, text));
    }
}

static void
check_page (AdeptWindow        *window,
            const char         *page,
            const char         *state,
            const char * const *msgids)
{
  g_autoptr(GPtrArray) texts = NULL;
  g_autofree char *name = g_strdup_printf ("%s-%s-de.png", page, state);
  g_autofree char *path = g_build_filename (out_dir, name, NULL);

  adept_window_show_page (window, page);
  g_assert_cmpstr (adept_window_get_visible_page (window), ==, page);
  texts = shown_labels (window);
  assert_translated_shown (texts, msgids);
  assert_no_english (texts, page);
  /* The page as a German admin sees it, for a translator to review. */
  adept_test_ui_save_png (GTK_WIDGET (window), path);
}

/* The catalog is the German one (not merely some catalog), and the window's chrome uses it. */
static void
test_catalog (void)
{
  AdeptWindow *window = adept_test_ui_window_new (app, 1100, 760);
  g_autoptr(GPtrArray) texts = NULL;

  g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, "Settings"), ==, "Einstellungen");
  g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, "Device Enrollment Program"), ==,
                   "Programm zur Geräteregistrierung");
  /* Plurals follow German rules: one, then the rest. */
  g_assert_cmpstr (g_dngettext (GETTEXT_PACKAGE, "%s device", "%s devices", 1), ==, "%s Gerät");
  g_assert_cmpstr (g_dngettext (GETTEXT_PACKAGE, "%s device", "%s devices", 0), ==, "%s Geräte");
  g_assert_cmpstr (g_dngettext (GETTEXT_PACKAGE, "%s device", "%s devices", 2), ==, "%s Geräte");

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==,
                   g_dgettext (GETTEXT_PACKAGE, "Adept — Demo"));
  texts = shown_labels (window);
  assert_translated_shown (texts, (const char * const []) {
    "Devices", "DEP Profiles", "Settings",
    "This window runs on a simulator of Apple’s service with sample devices. Nothing here reaches Apple.",
    NULL });
  adept_test_ui_window_destroy (window);
}

static void
test_pages_unlinked (void)
{
  AdeptWindow *window = adept_test_ui_window_new (app, 1100, 900);

  check_page (window, "devices", "unlinked", (const char * const []) {
    "Not Linked with Apple",
    "Link Adept with your MDM server in Apple Business Manager to see the devices Apple assigns to it.",
    "_Open Settings",
    NULL });
  check_page (window, "profiles", "unlinked", (const char * const []) {
    "Not Linked with Apple",
    "DEP profiles decide what a device does when it is first switched on. Link Adept with your MDM server in Settings to define them and assign them to devices.",
    NULL });
  check_page (window, "settings", "unlinked", (const char * const []) {
    "Device Enrollment Program",
    "Download MDM Public Key",
    "Add an MDM Server in Apple Business Manager",
    "Upload Server Token",
    "Get Demo Server Token",
    NULL });
  adept_test_ui_window_destroy (window);
}

/* A date as a German admin reads it ("7. Dezember 2027"): the catalog's format over the C
 * library's German month names. An English month name anywhere means a date was formatted
 * outside the locale. */
static void
assert_german_date_shown (GPtrArray *texts)
{
  static const char *monate = "Januar|Februar|März|April|Mai|Juni|Juli|August|September|"
                              "Oktober|November|Dezember";
  static const char *months = "January|February|March|April|May|June|July|August|September|"
                              "October|November|December";
  g_autofree char *german = g_strdup_printf ("\\b\\d{1,2}\\. (%s) \\d{4}\\b", monate);
  g_autofree char *english = g_strdup_printf ("\\b(%s)\\b", months);
  gboolean found = FALSE;

  for (guint i = 0; i < texts->len; i++)
    {
      const char *text = g_ptr_array_index (texts, i);

      found |= g_regex_match_simple (german, text, 0, 0);
      /* "April", "August" and "September" are the same in both languages. */
      if (g_regex_match_simple (english, text, 0, 0) && !g_regex_match_simple (german, text, 0, 0))
        g_error ("An English month name is shown: “%s”", text);
    }
  if (!found)
    g_error ("No date is shown the German way (\"7. Dezember 2027\")");
}

static gboolean
devices_listed (gpointer data)
{
  AdeptDevicesPage *page = adept_window_get_devices_page (ADEPT_WINDOW (data));

  return g_str_equal (adept_devices_page_get_state (page), "devices");
}

/* Linked to the demo's simulator and synced once: the pages show their data. */
static void
test_pages_linked (void)
{
  AdeptWindow *window = adept_test_ui_window_new (app, 1280, 1060);
  AdeptSettingsPage *settings = adept_window_get_settings_page (window);

  adept_window_show_page (window, "settings");
  adept_test_ui_wait_for (adept_test_ui_page_idle, settings, "the settings page");
  adept_test_ui_link_demo (window, tmp_dir);
  adept_test_ui_wait_for (adept_test_ui_page_can_sync, settings, "the sync engine");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (settings), "dep.force-sync", NULL));
  adept_test_ui_wait_for (adept_test_ui_page_synced, settings, "the first sync");

  check_page (window, "settings", "linked", (const char * const []) {
    "DEP Information", "Server Name", "Organization", "Server Token Expires",
    "DEP Setup", "Force Sync", "Recent Syncs", "Renew Server Token", "_Unlink…",
    NULL });
  {
    g_autoptr(GPtrArray) texts = shown_labels (window);

    assert_german_date_shown (texts);
  }

  adept_window_show_page (window, "devices");
  adept_test_ui_wait_for (devices_listed, window, "the synced devices in the list");
  check_page (window, "devices", "linked", (const char * const []) {
    "Serial Number", "DEP Profile Status", "Model", "Empty",
    NULL });

  check_page (window, "profiles", "linked", (const char * const []) {
    "No DEP Profiles Yet", "_Add New", "_Import…", "Add from _Apple…",
    NULL });
  adept_test_ui_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  int status;

  /* German messages and German dates, as on a German admin's desktop. */
  g_setenv ("LC_ALL", "de_DE.UTF-8", TRUE);
  g_setenv ("LANGUAGE", "de", TRUE);
  g_assert_nonnull (g_getenv ("ADEPT_LOCALEDIR"));
  adept_process_init_locale ();
  if (g_strcmp0 (setlocale (LC_TIME, NULL), "de_DE.UTF-8") != 0)
    g_error ("The de_DE.UTF-8 locale is missing: build-aux/install-deps.sh generates it");
  dir = adept_test_ui_init (&argc, &argv, "test-ui-i18n");
  tmp_dir = dir;
  out_dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "screenshots", NULL);
  g_assert_cmpint (g_mkdir_with_parents (out_dir, 0755), ==, 0);

  app = adept_test_ui_app_new (TRUE, 300);

  g_test_add_func ("/ui/i18n/catalog", test_catalog);
  g_test_add_func ("/ui/i18n/pages-unlinked", test_pages_unlinked);
  /* Last: it links the demo. */
  g_test_add_func ("/ui/i18n/pages-linked", test_pages_linked);
  status = g_test_run ();

  g_application_quit (G_APPLICATION (app));
  g_clear_object (&app);
  g_free (out_dir);
  adept_test_cleanup_dir (dir);
  return status;
}
