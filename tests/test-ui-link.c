/* test-ui-link.c — Settings → Device Enrollment Program against the simulator: the whole
 * link flow by actions and a real drop, DEP Information, renew, unlink; and every bad token
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "adept-context.h"
#include "adept-credentials.h"
#include "adept-depsim-token.h"
#include "adept-error.h"
#include "adept-key-pair.h"
#include "adept-secret.h"
#include "adept-test-util.h"
#include "test-ui-helpers.h"

#define N_DEVICES 120

static AdeptApplication *app;
static char *tmp_dir;

typedef struct {
  AdeptWindow       *window;
  AdeptSettingsPage *page;
} Fixture;

/* Conditions */

static gboolean
page_idle (gpointer data)
{
  AdeptSettingsPage *page = data;

  return !adept_settings_page_get_busy (page)
         && g_strcmp0 (adept_settings_page_get_state (page), "loading") != 0;
}

static gboolean
has_dialog (gpointer data)
{
  return adept_settings_page_get_dialog (data) != NULL;
}

static gboolean
has_chooser (gpointer data)
{
  return adept_settings_page_get_file_chooser (data) != NULL;
}

static gboolean
is_linked (gpointer data)
{
  return adept_settings_page_get_linked (data) && page_idle (data);
}

static gboolean
is_unlinked (gpointer data)
{
  return g_strcmp0 (adept_settings_page_get_state (data), "unlinked") == 0 && page_idle (data);
}

static gboolean
has_error (gpointer data)
{
  return adept_settings_page_get_error_message (data) != NULL && page_idle (data);
}

static gboolean
org_known (gpointer data)
{
  return adept_settings_page_get_info (data, "org-name") != NULL;
}

static gboolean
file_exists (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_IS_REGULAR);
}

static gboolean
can_sync (gpointer data)
{
  return adept_settings_page_get_can_sync (data) && page_idle (data);
}

static gboolean
journal_has_run (gpointer data)
{
  return adept_settings_page_get_journal_rows (data) > 0 && can_sync (data);
}

static void
collect_sync_text (AdeptSettingsPage *page,
                   GParamSpec        *pspec,
                   GPtrArray         *texts)
{
  const char *text = adept_settings_page_get_sync_text (page);

  if (text != NULL)
    g_ptr_array_add (texts, g_strdup (text));
}

/* Helpers */

static void
fixture_open (Fixture *f)
{
  f->window = adept_test_ui_window_new (app, 1100, 760);
  f->page = adept_window_get_settings_page (f->window);
  adept_test_ui_wait_for (page_idle, f->page, "the settings page to load");
}

static void
fixture_close (Fixture *f)
{
  adept_test_ui_window_destroy (f->window);
}

static AdeptDepsim *
simulator (void)
{
  return adept_demo_get_simulator (adept_application_get_demo (app));
}

static char *
lookup_secret (AdeptSecretKind kind)
{
  g_autoptr(GError) error = NULL;
  char *secret = adept_credentials_lookup_sync (ADEPT_SERVER_DEFAULT, kind, NULL, &error);

  g_assert_no_error (error);
  return secret;
}

static gboolean
has_secret (AdeptSecretKind kind)
{
  g_autoptr(AdeptSecret) secret = lookup_secret (kind);

  return secret != NULL;
}

static char *
server_ini (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = adept_context_dup_server_dir (ADEPT_SERVER_DEFAULT, &error);
  g_autofree char *path = NULL;
  char *contents = NULL;

  g_assert_no_error (error);
  path = g_build_filename (dir, "server.ini", NULL);
  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return g_strdup ("");
  return contents;
}

/* Drops a file on the window as a file manager does: a GdkFileList. */
static void
drop_file (AdeptWindow *window,
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

static char *
write_file (const char *name,
            const void *data,
            gsize       len)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (tmp_dir, name, NULL);

  g_file_set_contents (path, data, (gssize) len, &error);
  g_assert_no_error (error);
  return path;
}

/* A token the simulator issues, as ABM would, for a certificate. */
static char *
issue_token (AdeptDepsim *sim,
             const char  *cert_pem,
             const char  *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) token = adept_depsim_issue_token (sim, cert_pem, strlen (cert_pem), &error);

  g_assert_no_error (error);
  return write_file (name, g_bytes_get_data (token, NULL), g_bytes_get_size (token));
}

static void
respond (AdeptSettingsPage *page,
         const char        *response)
{
  AdwMessageDialog *dialog;

  adept_test_ui_wait_for (has_dialog, page, "a dialog");
  dialog = adept_settings_page_get_dialog (page);
  g_assert_true (adw_message_dialog_has_response (dialog, response));
  adw_message_dialog_response (dialog, response);
  gtk_window_close (GTK_WINDOW (dialog));
}

/* Download MDM Public Key, through the action and its save dialog. */
static char *
download_public_key (Fixture *f)
{
  g_autofree char *path = g_build_filename (tmp_dir, "Adept-DEP-public-key.pem", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  GtkFileChooserNative *chooser;
  char *pem = NULL;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "dep.download-key", NULL));
  adept_test_ui_wait_for (has_chooser, f->page, "the save dialog");
  chooser = adept_settings_page_get_file_chooser (f->page);
  g_assert_cmpint (gtk_file_chooser_get_action (GTK_FILE_CHOOSER (chooser)), ==,
                   GTK_FILE_CHOOSER_ACTION_SAVE);
  gtk_file_chooser_set_file (GTK_FILE_CHOOSER (chooser), file, &error);
  g_assert_no_error (error);
  g_signal_emit_by_name (chooser, "response", GTK_RESPONSE_ACCEPT);

  adept_test_ui_wait_for (file_exists, path, "the public key file");
  adept_test_ui_wait_for (page_idle, f->page, "the key to be saved");
  g_assert_true (g_file_get_contents (path, &pem, NULL, NULL));
  g_assert_true (g_str_has_prefix (pem, "-----BEGIN CERTIFICATE-----"));
  /* The private half went to the keyring, never to the file. */
  g_assert_null (strstr (pem, "PRIVATE KEY"));
  g_assert_true (has_secret (ADEPT_SECRET_PRIVATE_KEY));
  return pem;
}

/* The whole flow */

static void
test_link_flow (void)
{
  Fixture f;
  g_autofree char *pem = NULL;
  g_autofree char *token_path = NULL;
  g_autofree char *downloads = NULL;
  g_autofree char *renewal = NULL;
  g_autofree char *expiry_before = NULL;
  AdwMessageDialog *dialog;

  fixture_open (&f);
  g_assert_cmpstr (adept_settings_page_get_state (f.page), ==, "unlinked");
  g_assert_false (has_secret (ADEPT_SECRET_OAUTH_TOKENS));

  /* 1. Download MDM Public Key */
  pem = download_public_key (&f);

  /* 2–3. The simulated ABM issues a token into Downloads; it is dropped on the window. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.page), "dep.get-demo-token", NULL));
  downloads = adept_demo_dup_download_dir ();
  adept_test_ui_wait_for (page_idle, f.page, "the demo token");
  g_assert_null (adept_settings_page_get_error_message (f.page));
  {
    g_autoptr(GDir) dir = g_dir_open (downloads, 0, NULL);
    const char *name;

    g_assert_nonnull (dir);
    while ((name = g_dir_read_name (dir)) != NULL)
      if (g_str_has_suffix (name, "_smime.p7m"))
        token_path = g_build_filename (downloads, name, NULL);
  }
  g_assert_nonnull (token_path);
  g_assert_true (strstr (token_path, "Adept Simulator MDM_Token_") != NULL);

  gtk_widget_activate_action (GTK_WIDGET (f.window), "win.show-page", "s", "devices");
  drop_file (f.window, token_path);
  g_assert_false (adept_window_get_drop_zone_visible (f.window));

  /* The admin sees what the token is, and nothing is stored before the answer. */
  adept_test_ui_wait_for (has_dialog, f.page, "the confirmation");
  dialog = adept_settings_page_get_dialog (f.page);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==,
                   "Link with “Adept Simulator MDM”?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "Token expires: "));
  g_assert_false (has_secret (ADEPT_SECRET_OAUTH_TOKENS));
  respond (f.page, "link");

  /* 4. Linked: DEP Information comes from GET /account. */
  adept_test_ui_wait_for (is_linked, f.page, "the link");
  g_assert_true (has_secret (ADEPT_SECRET_OAUTH_TOKENS));
  adept_test_ui_wait_for (org_known, f.page, "DEP Information from GET /account");
  g_assert_cmpstr (adept_settings_page_get_info (f.page, "server-name"), ==,
                   "Adept Simulator MDM");
  g_assert_nonnull (adept_settings_page_get_info (f.page, "server-uuid"));
  g_assert_nonnull (strchr (adept_settings_page_get_info (f.page, "admin-id"), '@'));
  g_assert_nonnull (adept_settings_page_get_info (f.page, "org-email"));
  g_assert_nonnull (strstr (adept_settings_page_get_info (f.page, "expiry"), "days left"));
  g_assert_true (adept_settings_page_get_linked (f.page));
  g_assert_cmpint (adept_condition_bar_get_condition (adept_window_get_condition_bar (f.window)),
                   ==, ADEPT_CONDITION_NONE);
  expiry_before = g_strdup (adept_settings_page_get_info (f.page, "expiry"));

#ifdef ADEPT_HAVE_SYNC_ENGINE
  /* Force Sync: progress by pages and devices, then the journal has the run. */
  {
    g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
    gulong handler;

    g_assert_cmpuint (adept_settings_page_get_journal_rows (f.page), ==, 0);
    adept_test_ui_wait_for (can_sync, f.page, "the sync engine");
    handler = g_signal_connect (f.page, "notify::sync-text", G_CALLBACK (collect_sync_text),
                                texts);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.window), "win.force-sync", NULL));
    adept_test_ui_wait_for (journal_has_run, f.page, "the sync to finish");
    g_signal_handler_disconnect (f.page, handler);
    g_assert_true (g_ptr_array_find_with_equal_func (texts, "Page 1 · 120 devices",
                                                     g_str_equal, NULL));
    g_assert_true (g_str_has_prefix (adept_settings_page_get_sync_text (f.page),
                                     "Next scheduled sync"));
    g_assert_null (adept_settings_page_get_error_message (f.page));
  }
#endif

  /* Renew: a newer token of the same server, dropped again. */
  renewal = issue_token (simulator (), pem, "Adept Simulator MDM_Token_renewal_smime.p7m");
  drop_file (f.window, renewal);
  adept_test_ui_wait_for (has_dialog, f.page, "the renewal confirmation");
  g_assert_cmpstr (adw_message_dialog_get_heading (adept_settings_page_get_dialog (f.page)), ==,
                   "Renew the Server Token?");
  respond (f.page, "link");
  adept_test_ui_wait_for (page_idle, f.page, "the renewal");
  g_assert_null (adept_settings_page_get_error_message (f.page));
  g_assert_true (adept_settings_page_get_linked (f.page));
  /* The renewed token works: Apple (the simulator) still answers GET /account. */
  adept_test_ui_wait_for (org_known, f.page, "DEP Information after the renewal");

  /* A token of another MDM server is explained and refused. */
  {
    g_autoptr(AdeptDepsim) other = adept_depsim_new (7, 3);
    g_autofree char *foreign = NULL;
    g_autoptr(AdeptSecret) before = lookup_secret (ADEPT_SECRET_OAUTH_TOKENS);
    g_autoptr(AdeptSecret) after = NULL;

    foreign = issue_token (other, pem, "Other Server_Token_2026-01-01T00-00-00Z_smime.p7m");
    drop_file (f.window, foreign);
    adept_test_ui_wait_for (has_error, f.page, "the other server's token to be refused");
    g_assert_nonnull (strstr (adept_settings_page_get_error_message (f.page),
                              "belongs to the MDM server “Other Server”"));
    g_assert_null (adept_settings_page_get_dialog (f.page));
    after = lookup_secret (ADEPT_SECRET_OAUTH_TOKENS);
    g_assert_cmpstr (before, ==, after);
  }

  /* Unlink: the confirmation says what goes and what stays. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.page), "dep.unlink", NULL));
  adept_test_ui_wait_for (has_dialog, f.page, "the unlink confirmation");
  dialog = adept_settings_page_get_dialog (f.page);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "keyring"));
#ifdef ADEPT_HAVE_SYNC_ENGINE
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "the 120 devices and 0 DEP profiles"));
#else
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "devices and DEP profiles"));
#endif
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "Apple Business Manager keeps"));
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "unlink"), ==,
                   ADW_RESPONSE_DESTRUCTIVE);
  respond (f.page, "unlink");
  adept_test_ui_wait_for (is_unlinked, f.page, "the unlink");
  g_assert_false (has_secret (ADEPT_SECRET_OAUTH_TOKENS));
  g_assert_false (has_secret (ADEPT_SECRET_PRIVATE_KEY));

  fixture_close (&f);
}

/* Bad tokens: each has its own sentence and changes nothing. */

static void
assert_refused (Fixture    *f,
                const char *path,
                const char *expected)
{
  g_autofree char *ini_before = server_ini ();
  g_autofree char *ini_after = NULL;

  drop_file (f->window, path);
  adept_test_ui_wait_for (has_error, f->page, "the token to be refused");
  g_test_message ("%s: %s", path, adept_settings_page_get_error_message (f->page));
  g_assert_nonnull (strstr (adept_settings_page_get_error_message (f->page), expected));
  g_assert_null (adept_settings_page_get_dialog (f->page));
  g_assert_cmpstr (adept_settings_page_get_state (f->page), ==, "unlinked");
  g_assert_false (has_secret (ADEPT_SECRET_OAUTH_TOKENS));
  ini_after = server_ini ();
  g_assert_cmpstr (ini_before, ==, ini_after);
}

static void
test_bad_tokens (void)
{
  Fixture f;
  g_autofree char *pem = NULL;
  g_autofree char *not_token = NULL;
  g_autofree char *wrong_key = NULL;
  g_autofree char *expired = NULL;
  g_autofree char *corrupt = NULL;
  g_autofree char *good = NULL;
  g_autoptr(AdeptKeyPair) other_pair = NULL;
  g_autofree char *other_pem = NULL;
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize len = 0;

  fixture_open (&f);
  pem = download_public_key (&f);

  /* Not a token: the public key itself, dropped by mistake. */
  not_token = write_file ("Adept-DEP-public-key-copy.pem", pem, strlen (pem));
  assert_refused (&f, not_token, "This file is not a server token.");

  /* Issued for another console's key. */
  other_pair = adept_key_pair_generate ("Another MDM", &error);
  g_assert_no_error (error);
  other_pem = adept_key_pair_export_certificate_pem (other_pair);
  wrong_key = issue_token (simulator (), other_pem,
                           "Adept Simulator MDM_Token_other-key_smime.p7m");
  assert_refused (&f, wrong_key, "issued for a different public key");

  /* Expired (in March 2025): built in Apple's format for our certificate; the date is said. */
  {
    g_autoptr(GBytes) token = NULL;

    token = adept_depsim_token_build (pem, strlen (pem),
                                      "{\"consumer_key\":\"CK_0a1b2c3d4e5f60718293a4b5c6d7e8f9\","
                                      "\"consumer_secret\":\"CS_0a1b2c3d4e5f60718293a4b5c6d7e8f9\","
                                      "\"access_token\":\"AT_O0a1b2c3d4e5f60718293a4b5c6d7e8f9\","
                                      "\"access_secret\":\"AS_0a1b2c3d4e5f60718293a4b5c6d7e8f9\","
                                      "\"access_token_expiry\":\"2025-03-04T12:00:00Z\"}",
                                      &error);
    g_assert_no_error (error);
    expired = write_file ("Adept Simulator MDM_Token_2024-03-04T12-00-00Z_smime.p7m",
                          g_bytes_get_data (token, NULL), g_bytes_get_size (token));
  }
  assert_refused (&f, expired, "expired");
  g_assert_nonnull (strstr (adept_settings_page_get_error_message (f.page), "2025"));

  /* Corrupt: a good token cut in half. */
  good = issue_token (simulator (), pem, "Adept Simulator MDM_Token_good_smime.p7m");
  g_assert_true (g_file_get_contents (good, &contents, &len, NULL));
  corrupt = write_file ("Adept Simulator MDM_Token_cut_smime.p7m", contents, len / 2);
  g_free (contents);
  assert_refused (&f, corrupt, "damaged or incomplete");

  /* And the good one still goes through to the confirmation; cancelling keeps nothing. */
  drop_file (f.window, good);
  respond (f.page, "cancel");
  adept_test_ui_wait_for (page_idle, f.page, "the cancel");
  g_assert_cmpstr (adept_settings_page_get_state (f.page), ==, "unlinked");
  g_assert_false (has_secret (ADEPT_SECRET_OAUTH_TOKENS));
  /* Step 4 now offers the token that was looked at. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.page), "dep.upload-token", NULL));
  respond (f.page, "cancel");

  fixture_close (&f);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = adept_test_ui_init (&argc, &argv, "test-ui-link");
  int status;

  tmp_dir = dir;
  app = adept_test_ui_app_new (TRUE, N_DEVICES);
  g_assert_nonnull (adept_application_get_demo (app));

  g_test_add_func ("/ui/link/flow", test_link_flow);
  g_test_add_func ("/ui/link/bad-tokens", test_bad_tokens);
  status = g_test_run ();

  g_application_quit (G_APPLICATION (app));
  g_clear_object (&app);
  adept_test_cleanup_dir (dir);
  return status;
}
