/* test-ui-transfer.c — a server moved to a replacement computer through the console, under
 * Xvfb with the real keyring (issue 16, "nothing lost when a laptop dies")
 *
 * The first computer (this process, the demo: its simulator stands in for Apple) links a
 * direct server and keeps one Activation Lock bypass code, then Export Server… from the
 * main menu: a short passphrase and two that differ are refused inline (Export stays
 * insensitive), the save dialog proposes "default.p12", the file is written 0600 and
 * audited, a toast says so.
 *
 * The replacement computer is this program again (--replacement), on a desktop of its own
 * (home, store, D-Bus, keyring): Import Server… from the switcher refuses a wrong
 * passphrase, a damaged file and a FIFO, each with core's sentence in the dialog, and
 * stores nothing (no server in the list, no folder, no keyring item); the link steps'
 * Import Server… then links the unlinked server from the file, which syncs with the first
 * computer's simulator without a new token and has the bypass code; the same file again as
 * a new server is refused as the MDM server linked here already.
 *
 * On both: the passphrase is in no file under the test's home and in no log line.
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "adept-context.h"
#include "adept-credentials.h"
#include "adept-bypass-code.h"
#include "adept-error.h"
#include "adept-secret.h"
#include "adept-test-util.h"
#include "test-ui-helpers.h"

#define WIDTH      1100
#define HEIGHT     700
#define N_DEVICES  300
#define SERIAL     "C02TRANSFER1"
#define PASSPHRASE "laptop dies, devices stay"

static AdeptApplication *app;
static char *tmp_dir;

/* Waiting */

static gboolean
session_ready (gpointer data)
{
  return adept_session_get_state (data) == ADEPT_SESSION_STATE_READY &&
         !adept_session_get_busy (data) && !adept_session_get_syncing (data);
}

static gboolean
page_has_chooser (gpointer page)
{
  return adept_settings_page_get_file_chooser (page) != NULL;
}

static gboolean
import_idle (gpointer dialog)
{
  return !adept_import_server_dialog_get_busy (dialog);
}

static gboolean
import_closed (gpointer window)
{
  return adept_window_get_import_dialog (window) == NULL;
}

static gboolean
import_chooser_open (gpointer dialog)
{
  return adept_import_server_dialog_get_chooser (dialog) != NULL;
}

/* The passphrase and the code: in no file under the home and in no log line. */
static void
assert_no_leak (const char *code)
{
  const char *needles[] = { PASSPHRASE, code, NULL };
  g_autofree char *log = adept_test_dup_captured_log ();

  adept_test_assert_dir_has_no_secret (g_get_home_dir (), needles);
  adept_test_assert_dir_has_no_secret (g_get_user_data_dir (), needles);
  adept_test_assert_no_secret ("the log", log, strlen (log), needles);
}

static gboolean
has_audit (AdeptSession *session,
           const char   *action,
           const char   *detail_part)
{
  g_autoptr(GPtrArray) entries = adept_store_list_audit (adept_session_get_store (session),
                                                         adept_session_get_id (session), 20, NULL);

  for (guint i = 0; entries != NULL && i < entries->len; i++)
    {
      AdeptAuditEntry *entry = g_ptr_array_index (entries, i);

      if (g_strcmp0 (entry->action, action) == 0 && entry->details != NULL &&
          strstr (entry->details, detail_part) != NULL)
        return TRUE;
    }
  return FALSE;
}

/* ---- The replacement computer: this program again, on a desktop of its own ---- */

/* Import Server… from the switcher, as a new server "replacement": refused with the
 * sentence shown, and nothing stored. */
static void
refused_import (AdeptWindow *window,
                const char  *path,
                const char  *passphrase,
                const char  *sentence_part)
{
  AdeptImportServerDialog *dialog;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *folder = NULL;
  g_autoptr(AdeptSecret) key = NULL;
  g_autoptr(GError) error = NULL;
  guint n_servers = g_list_model_get_n_items (G_LIST_MODEL (adept_application_get_sessions (app)));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.import-server", NULL));
  dialog = adept_window_get_import_dialog (window);
  g_assert_nonnull (dialog);
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (adept_import_server_dialog_get_import_button (dialog))));
  g_assert_true (adept_import_server_dialog_get_asks_name (dialog));
  adept_import_server_dialog_set_file (dialog, file);
  gtk_editable_set_text (adept_import_server_dialog_get_id_row (dialog), "replacement");
  gtk_editable_set_text (adept_import_server_dialog_get_passphrase_row (dialog), passphrase);
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (adept_import_server_dialog_get_import_button (dialog))));
  /* Clicked at once (activate clicks after the button's press animation). */
  g_signal_emit_by_name (adept_import_server_dialog_get_import_button (dialog), "clicked");
  g_assert_true (adept_import_server_dialog_get_busy (dialog));
  adept_test_ui_wait_for (import_idle, dialog, "the refusal");
  g_assert_true (adept_window_get_import_dialog (window) == dialog);

  /* The sentence stays in the dialog, not in a toast that goes. */
  g_assert_nonnull (adept_import_server_dialog_get_error (dialog));
  g_test_message ("refused: %s", adept_import_server_dialog_get_error (dialog));
  adept_test_assert_contains (adept_import_server_dialog_get_error (dialog), sentence_part);
  g_assert_true (adept_window_get_import_dialog (window) == dialog);
  /* Nothing stored: not in the list, no folder, no key in the keyring. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (adept_application_get_sessions (app))), ==, n_servers);
  g_assert_null (adept_application_find_session (app, "replacement"));
  folder = adept_context_build_server_dir ("replacement", NULL);
  g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));
  key = adept_credentials_lookup_sync ("replacement", ADEPT_SECRET_PRIVATE_KEY, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (key);
  gtk_window_close (GTK_WINDOW (dialog));
  adept_test_ui_wait_for (import_closed, window, "the Import Server dialog to close");
}

static void
replacement_run (const char *path,
                 const char *code,
                 guint       n_devices)
{
  AdeptWindow *window = adept_test_ui_window_new (app, WIDTH, HEIGHT);
  AdeptSettingsPage *page = adept_window_get_settings_page (window);
  AdeptSession *session = adept_window_get_session (window);
  AdeptImportServerDialog *dialog;
  g_autofree char *damaged = g_build_filename (tmp_dir, "damaged.p12", NULL);
  g_autofree char *fifo = g_build_filename (tmp_dir, "fifo.p12", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(AdeptSecret) kept = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  gsize len = 0;

  g_assert_false (adept_session_get_linked (session));
  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  g_assert_true (g_file_set_contents (damaged, contents, (gssize) len / 2, &error));
  g_assert_no_error (error);
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);

  refused_import (window, path, "not the passphrase", "passphrase");
  refused_import (window, damaged, PASSPHRASE, "damaged");
  refused_import (window, fifo, PASSPHRASE, "not a regular file");

  /* The link steps' Import Server…: into the unlinked server shown, whose name stays. */
  adept_window_show_page (window, "settings");
  adept_test_ui_wait_for (adept_test_ui_page_idle, page, "the settings page");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "dep.import-server", NULL));
  dialog = adept_window_get_import_dialog (window);
  g_assert_nonnull (dialog);
  /* Choose… opens the file chooser; the admin picks the file there. */
  g_assert_false (adept_import_server_dialog_get_asks_name (dialog));
  gtk_widget_activate (GTK_WIDGET (adept_import_server_dialog_get_choose_button (dialog)));
  adept_test_ui_wait_for (import_chooser_open, dialog, "the file chooser");
  {
    GtkFileChooserNative *chooser = adept_import_server_dialog_get_chooser (dialog);

    g_assert_cmpint (gtk_file_chooser_get_action (GTK_FILE_CHOOSER (chooser)), ==,
                     GTK_FILE_CHOOSER_ACTION_OPEN);
    gtk_file_chooser_set_file (GTK_FILE_CHOOSER (chooser), file, &error);
    g_assert_no_error (error);
    g_object_set_data_full (G_OBJECT (chooser), "expected", g_strdup (path), g_free);
    adept_test_ui_wait_for (adept_test_ui_chooser_has_expected_file, chooser, "the file to be selected");
    g_signal_emit_by_name (chooser, "response", GTK_RESPONSE_ACCEPT);
  }
  g_assert_null (adept_import_server_dialog_get_chooser (dialog));
  gtk_editable_set_text (adept_import_server_dialog_get_passphrase_row (dialog), PASSPHRASE);
  gtk_widget_activate (GTK_WIDGET (adept_import_server_dialog_get_import_button (dialog)));
  adept_test_ui_wait_for (import_closed, window, "the import");

  /* Linked, shown with its devices, synced with the first computer's simulator. */
  g_assert_true (adept_window_get_session (window) == session);
  g_assert_true (adept_session_get_linked (session));
  g_assert_cmpstr (adept_window_get_visible_page (window), ==, "devices");
  adept_test_ui_wait_for (session_ready, session, "the connection");
  adept_window_show_page (window, "settings");
  adept_test_ui_wait_for (adept_test_ui_page_can_sync, page, "the sync engine");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "dep.force-sync", NULL));
  adept_test_ui_wait_for (adept_test_ui_page_synced, page, "the first sync here");
  g_assert_cmpstr (adept_session_get_condition_detail (session), ==, NULL);
  g_assert_cmpint (adept_session_get_device_count (session), ==, (int) n_devices);
  g_assert_true (has_audit (session, "imported", "with 1 bypass codes"));
  kept = adept_credentials_lookup_bypass_code_sync (SERIAL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kept, ==, code);

  /* The same MDM server again, under another name: refused, nothing stored. */
  refused_import (window, path, PASSPHRASE, "linked here already as “default”");

  assert_no_leak (code);
  adept_test_ui_window_destroy (window);
}

/* ---- The first computer ---- */

static void
run_replacement (const char *path,
                 const char *code)
{
  AdeptTestDesktop *desktop = adept_test_desktop_new ();
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *self_path = g_file_read_link ("/proc/self/exe", &error);

  g_assert_no_error (error);
  g_subprocess_launcher_set_environ (launcher, (char **) adept_test_desktop_get_environ (desktop));
  /* The code goes by the environment: argv shows in ps. */
  g_subprocess_launcher_setenv (launcher, "ADEPT_TEST_CODE", code, TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, self_path, "--replacement", path, NULL);
  g_assert_no_error (error);
  /* This main context keeps turning: the demo's simulator answers the replacement. */
  g_subprocess_wait_async (process, NULL, adept_test_store_result, &result);
  adept_test_wait_result (&result);
  g_assert_true (g_subprocess_wait_finish (process, result, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  adept_test_desktop_free (desktop);
}

static void
type_passphrases (AdeptPassphraseForm *form,
                  const char          *first,
                  const char          *again)
{
  gtk_editable_set_text (adept_passphrase_form_get_entry (form, 0), first);
  gtk_editable_set_text (adept_passphrase_form_get_entry (form, 1), again);
}

static void
test_export_import (void)
{
  AdeptWindow *window = adept_test_ui_window_new (app, WIDTH, HEIGHT);
  AdeptSettingsPage *page = adept_window_get_settings_page (window);
  g_autofree char *folder = g_build_filename (tmp_dir, "export-XXXXXX", NULL);
  g_autofree char *path = NULL;
  g_autofree char *code = adept_bypass_code_generate ();
  g_autoptr(GError) error = NULL;
  AdeptSession *session;
  AdwMessageDialog *dialog;
  AdeptPassphraseForm *form;
  GStatBuf st;

  adept_window_show_page (window, "settings");
  adept_test_ui_wait_for (adept_test_ui_page_idle, page, "the settings page");
  /* Unlinked: nothing to export yet. */
  gtk_widget_activate_action (GTK_WIDGET (page), "dep.export-server", NULL);
  adept_test_ui_flush (GTK_WIDGET (window));
  g_assert_null (adept_settings_page_get_dialog (page));
  adept_test_ui_link_demo (window, tmp_dir);
  session = adept_window_get_session (window);
  g_assert_true (adept_credentials_store_bypass_code_sync (SERIAL, code, NULL, &error));
  g_assert_no_error (error);

  /* Export Server… from the main menu. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export-server", NULL));
  adept_test_ui_wait_for (adept_test_ui_page_has_dialog, page, "the export dialog");
  dialog = adept_settings_page_get_dialog (page);
  g_assert_cmpstr (gtk_widget_get_name (GTK_WIDGET (dialog)), ==, "export-server");
  form = ADEPT_PASSPHRASE_FORM (adw_message_dialog_get_extra_child (dialog));
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "export"));
  /* Weak, then mismatched: said inline, and Export stays off. */
  type_passphrases (form, "short", "");
  adept_test_assert_contains (adept_passphrase_form_get_problem (form), "at least 8 characters");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "export"));
  type_passphrases (form, PASSPHRASE, "laptop dies, devices go");
  adept_test_assert_contains (adept_passphrase_form_get_problem (form), "differ");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "export"));
  type_passphrases (form, PASSPHRASE, PASSPHRASE);
  g_assert_null (adept_passphrase_form_get_problem (form));
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "export"));
  adw_message_dialog_response (dialog, "export");
  gtk_window_close (GTK_WINDOW (dialog));

  adept_test_ui_wait_for (page_has_chooser, page, "the save dialog");
  g_assert_nonnull (g_mkdtemp (folder));
  path = g_build_filename (folder, "default.p12", NULL);
  adept_test_ui_save_in_chooser (adept_settings_page_get_file_chooser (page), "default.p12", path);
  adept_test_ui_wait_for (adept_test_ui_page_idle, page, "the export");
  g_assert_cmpstr (adept_settings_page_get_error_message (page), ==, NULL);

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (has_audit (session, "exported", path));
  g_assert_true (has_audit (session, "exported", "with 1 bypass codes"));

  run_replacement (path, code);

  assert_no_leak (code);
  g_assert_true (adept_credentials_delete_bypass_code_sync (SERIAL, NULL, &error));
  adept_test_ui_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  adept_test_capture_log ();
  if (argc == 3 && g_str_equal (argv[1], "--replacement"))
    {
      const char *code = g_getenv ("ADEPT_TEST_CODE");
      int one = 1;

      tmp_dir = adept_test_ui_init (&one, &argv, "test-ui-transfer-replacement");
      g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
      app = adept_test_ui_app_new (FALSE, 0);
      replacement_run (argv[2], code, N_DEVICES);
      g_application_quit (G_APPLICATION (app));
      g_clear_object (&app);
      adept_test_cleanup_dir (tmp_dir);
      return 0;
    }

  tmp_dir = adept_test_ui_init (&argc, &argv, "test-ui-transfer");
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  app = adept_test_ui_app_new (TRUE, N_DEVICES);

  g_test_add_func ("/ui/transfer/export-import", test_export_import);
  status = g_test_run ();

  g_application_quit (G_APPLICATION (app));
  g_clear_object (&app);
  adept_test_cleanup_dir (tmp_dir);
  g_free (tmp_dir);
  return status;
}
