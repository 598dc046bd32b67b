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
#include "adept-profiles-page.h"
#include "adept-secret.h"
#include "adept-server-token.h"
#include "adept-store.h"
#include "adept-test-util.h"
#include "test-ui-helpers.h"

#define N_DEVICES 120

static AdeptApplication *app;
static char *tmp_dir;

typedef struct {
  AdeptWindow       *window;
  AdeptSettingsPage *page;
} Fixture;

#define page_idle adept_test_ui_page_idle
#define has_dialog adept_test_ui_page_has_dialog
#define is_linked adept_test_ui_page_linked
#define org_known adept_test_ui_page_knows_account
#define can_sync adept_test_ui_page_can_sync
#define drop_file adept_test_ui_drop_file
#define respond adept_test_ui_respond

/* Conditions */

/* The DEP Profiles page works on the server the Settings page linked. */
static gboolean
profiles_page_is_empty (gpointer data)
{
  return g_strcmp0 (adept_profiles_page_get_state (data), "empty") == 0;
}

static gboolean
profiles_page_is_unavailable (gpointer data)
{
  return g_strcmp0 (adept_profiles_page_get_state (data), "unavailable") == 0;
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
journal_has_run (gpointer data)
{
  return adept_settings_page_get_journal_rows (data) > 0 && can_sync (data);
}

static gboolean
two_runs (gpointer data)
{
  return adept_settings_page_get_journal_rows (data) >= 2 && can_sync (data);
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

  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  gulong handler;

  fixture_open (&f);
  g_settings_set_boolean (settings, "sync-after-link", TRUE);
  g_assert_cmpstr (adept_settings_page_get_state (f.page), ==, "unlinked");
  g_assert_false (has_secret (ADEPT_SECRET_OAUTH_TOKENS));

  /* 1. Download MDM Public Key */
  pem = adept_test_ui_download_public_key (f.page, tmp_dir);
  g_assert_true (has_secret (ADEPT_SECRET_PRIVATE_KEY));

  /* 2–3. The simulated ABM issues a token into Downloads; it is dropped on the window. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.page), "dep.get-demo-token", NULL));
  downloads = adept_demo_dup_download_dir ();
  adept_test_ui_wait_for (page_idle, f.page, "the demo token");
  g_assert_cmpstr (adept_settings_page_get_error_message (f.page), ==, NULL);
  token_path = adept_test_ui_find_demo_token ();
  g_assert_nonnull (token_path);
  g_assert_true (g_str_has_prefix (token_path, downloads));
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
  handler = g_signal_connect (f.page, "notify::sync-text", G_CALLBACK (collect_sync_text), texts);
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
  adept_test_ui_wait_for (profiles_page_is_empty, adept_window_get_profiles_page (f.window),
                          "the DEP Profiles page to get the linked server");

  /* The first sync starts by itself after linking: progress by pages and devices, then
   * the journal has the run. */
  {
    adept_test_ui_wait_for (journal_has_run, f.page, "the first sync to finish");
    g_signal_handler_disconnect (f.page, handler);
    g_assert_cmpuint (adept_settings_page_get_journal_rows (f.page), ==, 1);
    g_assert_true (g_ptr_array_find_with_equal_func (texts, "Page 1 · 120 devices",
                                                     g_str_equal, NULL));
    g_assert_true (g_str_has_prefix (adept_settings_page_get_sync_text (f.page),
                                     "Next scheduled sync"));
    g_assert_cmpstr (adept_settings_page_get_error_message (f.page), ==, NULL);

    /* The Devices page lists them now. */
    g_assert_cmpint (adept_session_get_device_count (adept_window_get_session (f.window)), ==,
                     N_DEVICES);
    {
      AdeptDevicesPage *devices = adept_window_get_devices_page (f.window);

      g_assert_cmpstr (adept_devices_page_get_state (devices), ==, "devices");
      g_assert_cmpuint (g_list_model_get_n_items (
                          G_LIST_MODEL (adept_devices_page_get_list (devices))), ==, N_DEVICES);
    }
  }

  /* Force Sync: a second run, through the window's action. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.window), "win.force-sync", NULL));
  adept_test_ui_wait_for (two_runs, f.page, "Force Sync to finish");
  g_assert_cmpuint (adept_settings_page_get_journal_rows (f.page), ==, 2);
  g_assert_cmpstr (adept_settings_page_get_error_message (f.page), ==, NULL);

  /* Renew: a newer token of the same server, dropped again. */
  renewal = issue_token (simulator (), pem, "Adept Simulator MDM_Token_renewal_smime.p7m");
  drop_file (f.window, renewal);
  adept_test_ui_wait_for (has_dialog, f.page, "the renewal confirmation");
  g_assert_cmpstr (adw_message_dialog_get_heading (adept_settings_page_get_dialog (f.page)), ==,
                   "Renew the Server Token?");
  respond (f.page, "link");
  adept_test_ui_wait_for (page_idle, f.page, "the renewal");
  g_assert_cmpstr (adept_settings_page_get_error_message (f.page), ==, NULL);
  g_assert_true (adept_settings_page_get_linked (f.page));
  /* The renewed token works: Apple (the simulator) still answers GET /account. */
  adept_test_ui_wait_for (org_known, f.page, "DEP Information after the renewal");
  adept_test_ui_wait_for (can_sync, f.page, "the sync engine after the renewal");
  /* Only a new link syncs by itself; a renewal changes no device. */
  g_assert_cmpuint (adept_settings_page_get_journal_rows (f.page), ==, 2);

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
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "deletes from this computer"));
  {
    /* The list under the body, its bullets at the left of their lines. */
    GtkWidget *box = adw_message_dialog_get_extra_child (dialog);
    GtkWidget *list = gtk_widget_get_first_child (box);
    GtkWidget *after = gtk_widget_get_next_sibling (list);

    g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (list)), "keyring"));
    g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (list)), "the 120 devices and 0 DEP profiles"));
    g_assert_cmpfloat (gtk_label_get_xalign (GTK_LABEL (list)), ==, 0.0);
    g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (after)), "Apple Business Manager keeps"));
  }
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "unlink"), ==,
                   ADW_RESPONSE_DESTRUCTIVE);
  respond (f.page, "unlink");
  adept_test_ui_wait_for (is_unlinked, f.page, "the unlink");
  g_assert_true (profiles_page_is_unavailable (adept_window_get_profiles_page (f.window)));
  g_assert_false (has_secret (ADEPT_SECRET_OAUTH_TOKENS));
  g_assert_false (has_secret (ADEPT_SECRET_PRIVATE_KEY));

  /* Each admin action went into the audit log, which unlinking keeps. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(AdeptStore) store = adept_store_open (&error);
    g_autoptr(GPtrArray) audit = NULL;
    /* Newest first; the demo points the server at the simulator before linking. */
    const char *expected[] = {
      "unlinked", "renewed", "linked", "base-url-changed", "key-generated",
    };

    g_assert_no_error (error);
    audit = adept_store_list_audit (store, ADEPT_SERVER_DEFAULT, 0, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (audit->len, ==, G_N_ELEMENTS (expected));
    for (guint i = 0; i < audit->len; i++)
      g_assert_cmpstr (((AdeptAuditEntry *) g_ptr_array_index (audit, i))->action, ==,
                       expected[i]);
  }

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
  pem = adept_test_ui_download_public_key (f.page, tmp_dir);
  g_assert_true (has_secret (ADEPT_SECRET_PRIVATE_KEY));

  /* Not a token: the public key itself, dropped by mistake. */
  not_token = write_file ("Adept-DEP-public-key-copy.pem", pem, strlen (pem));
  assert_refused (&f, not_token, "not a server token");

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

/* What Apple says about the token reaches the condition bar, with the action to take. */

static gboolean
condition_is (gpointer data)
{
  Fixture *f = data;
  AdeptConditionBar *bar = adept_window_get_condition_bar (f->window);

  return (int) adept_condition_bar_get_condition (bar)
         == GPOINTER_TO_INT (g_object_get_data (G_OBJECT (f->window), "expected"));
}

static void
wait_condition (Fixture        *f,
                AdeptCondition  condition)
{
  g_object_set_data (G_OBJECT (f->window), "expected", GINT_TO_POINTER (condition));
  adept_test_ui_wait_for (condition_is, f, "the condition bar");
}

static const char *
bar_action (Fixture *f)
{
  AdeptConditionBar *bar = adept_window_get_condition_bar (f->window);

  return gtk_actionable_get_action_name (GTK_ACTIONABLE (adept_condition_bar_get_button (bar)));
}

static void
test_conditions (void)
{
  Fixture f;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  fixture_open (&f);
  adept_test_ui_link_demo (f.window, tmp_dir);
  wait_condition (&f, ADEPT_CONDITION_NONE);
  fixture_close (&f);

  /* New terms in ABM: a fresh window asks Apple and says what to do. */
  adept_depsim_set_terms_required (simulator (), TRUE);
  fixture_open (&f);
  wait_condition (&f, ADEPT_CONDITION_TERMS_NOT_SIGNED);
  g_assert_cmpstr (bar_action (&f), ==, "app.open-abm");
  fixture_close (&f);
  adept_depsim_set_terms_required (simulator (), FALSE);

  /* A sync that fails says so, with Sync Now; the next good sync clears it. */
  {
    AdeptDepsimFault fault = {
      .endpoint = "*",
      .kind = ADEPT_DEPSIM_FAULT_STATUS,
      .status = 400,
      .body = "MALFORMED_REQUEST_BODY",
      .count = 1,
    };

    fixture_open (&f);
    adept_test_ui_wait_for (can_sync, f.page, "the sync engine");
    adept_depsim_add_fault (simulator (), &fault);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.window), "win.force-sync", NULL));
    wait_condition (&f, ADEPT_CONDITION_SYNC_FAILED);
    g_assert_cmpstr (bar_action (&f), ==, "win.force-sync");
    g_assert_true (g_str_has_prefix (adept_condition_bar_get_message (adept_window_get_condition_bar (f.window)),
                                     "The last sync failed. "));
    adept_test_ui_wait_for (can_sync, f.page, "the failed sync to end");
    g_signal_emit_by_name (adept_condition_bar_get_button (adept_window_get_condition_bar (f.window)),
                           "clicked");
    wait_condition (&f, ADEPT_CONDITION_NONE);

    /* Cancel: a slow answer, and the admin stops the run; nothing is reported as failed. */
    adept_test_ui_wait_for (can_sync, f.page, "the sync to end");
    adept_depsim_set_latency (simulator (), 5000);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.page), "dep.force-sync", NULL));
    g_assert_false (adept_settings_page_get_can_sync (f.page));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.page), "dep.cancel-sync", NULL));
    adept_test_ui_wait_for (can_sync, f.page, "the canceled sync to end");
    g_assert_cmpstr (adept_settings_page_get_error_message (f.page), ==, NULL);
    g_assert_cmpint (adept_condition_bar_get_condition (adept_window_get_condition_bar (f.window)),
                     ==, ADEPT_CONDITION_NONE);
    adept_depsim_set_latency (simulator (), 0);
    fixture_close (&f);
  }

  /* The token expires within the warning period (a year here, so the fresh one does). */
  g_settings_set_uint (settings, "token-warning-days", 365);
  fixture_open (&f);
  wait_condition (&f, ADEPT_CONDITION_TOKEN_EXPIRES_SOON);
  g_assert_nonnull (strstr (adept_condition_bar_get_message (adept_window_get_condition_bar (f.window)),
                            "expires in 36"));
  g_assert_cmpstr (bar_action (&f), ==, "win.renew-token");
  fixture_close (&f);
  g_settings_reset (settings, "token-warning-days");

  /* Revoked in ABM: Apple refuses it; Renew Token… opens the token chooser in Settings. */
  adept_depsim_revoke_token (simulator ());
  fixture_open (&f);
  wait_condition (&f, ADEPT_CONDITION_TOKEN_REJECTED);
  g_assert_cmpstr (bar_action (&f), ==, "win.renew-token");
  adept_window_show_page (f.window, "devices");
  /* A click, as the admin makes it. */
  g_signal_emit_by_name (adept_condition_bar_get_button (adept_window_get_condition_bar (f.window)),
                         "clicked");
  g_assert_cmpstr (adept_window_get_visible_page (f.window), ==, "settings");
  g_assert_nonnull (adept_settings_page_get_file_chooser (f.page));
  gtk_native_dialog_hide (GTK_NATIVE_DIALOG (adept_settings_page_get_file_chooser (f.page)));

  /* Unlinking clears every condition. */
  gtk_widget_activate_action (GTK_WIDGET (f.page), "dep.unlink", NULL);
  respond (f.page, "unlink");
  adept_test_ui_wait_for (is_unlinked, f.page, "the unlink");
  wait_condition (&f, ADEPT_CONDITION_NONE);
  fixture_close (&f);
}

/* The demo remembers: started again (the simulator on a new port), it is still linked and
 * Apple (the simulator, restored from its state file) still accepts the token. */
static void
test_demo_restart (void)
{
  Fixture f;
  g_autofree char *old_url = NULL;

  fixture_open (&f);
  adept_test_ui_link_demo (f.window, tmp_dir);
  fixture_close (&f);
  old_url = g_strdup (adept_application_get_dep_base_url (app));

  /* As at quit: the simulator stops and saves its state — in the demo's data directory,
   * so without the token's credentials, which only the keyring keeps. */
  adept_demo_stop (adept_application_get_demo (app));
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(AdeptSecret) json = lookup_secret (ADEPT_SECRET_OAUTH_TOKENS);
    g_autoptr(AdeptServerToken) token = adept_server_token_new_from_json (json, &error);
    g_autofree char *state_file = NULL;
    g_autofree char *state = NULL;
    gsize len = 0;
    const char *needles[5];

    g_assert_no_error (error);
    needles[0] = adept_server_token_get_consumer_key (token);
    needles[1] = adept_server_token_get_consumer_secret (token);
    needles[2] = adept_server_token_get_access_token (token);
    needles[3] = adept_server_token_get_access_secret (token);
    needles[4] = NULL;
    state_file = g_build_filename (adept_context_get_data_dir (NULL), "simulator.json", NULL);
    g_assert_true (g_file_get_contents (state_file, &state, &len, NULL));
    g_assert_nonnull (strstr (state, "\"expiry_ms\""));
    adept_test_assert_no_secret (state_file, state, len, needles);
    adept_test_assert_dir_has_no_secret (adept_context_get_data_dir (NULL), needles);
  }
  g_clear_object (&app);
  app = adept_test_ui_app_new (TRUE, N_DEVICES);
  g_assert_cmpstr (adept_application_get_dep_base_url (app), !=, old_url);

  fixture_open (&f);
  g_assert_true (adept_settings_page_get_linked (f.page));
  adept_test_ui_wait_for (org_known, f.page, "DEP Information after the restart");
  wait_condition (&f, ADEPT_CONDITION_NONE);
  g_assert_cmpstr (adept_settings_page_get_error_message (f.page), ==, NULL);

  gtk_widget_activate_action (GTK_WIDGET (f.page), "dep.unlink", NULL);
  respond (f.page, "unlink");
  adept_test_ui_wait_for (is_unlinked, f.page, "the unlink");
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
  g_test_add_func ("/ui/link/conditions", test_conditions);
  g_test_add_func ("/ui/link/demo-restart", test_demo_restart);
  status = g_test_run ();

  g_application_quit (G_APPLICATION (app));
  g_clear_object (&app);
  adept_test_cleanup_dir (dir);
  return status;
}
