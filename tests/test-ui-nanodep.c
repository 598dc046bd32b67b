/* test-ui-nanodep.c — two admins share a DEP server through a real NanoDEP v0.7.0, each in
 * the console under Xvfb (once with file storage, once with PostgreSQL).
 *
 * The first admin (this process) adds the server with Add DEP Server… (a wrong API key,
 * plain http to another computer and an unreachable server refused first, each with its
 * sentence, nothing added), downloads the public key from NanoDEP, then again (the caution
 * asks first: cancelled, then confirmed); a token for the older key dropped on the window
 * is refused as "wrong key" and changes nothing here, the right one links; DEP Information
 * shows the kind's facts; the first sync brings 5,000 devices equal to the simulator's; a
 * profile made default is NanoDEP's assigner; depsyncer (run by the test) assigns the
 * devices the simulator adds, and the next sync shows them Assigned with that profile's
 * name on the Devices page. Add DEP Server… then lists the name as linked
 * (add-server-nanodep.png).
 *
 * The second admin is this program again (--second-admin), on a desktop of its own (home,
 * store, D-Bus, keyring): it joins the name from the list in two clicks, sees the same
 * devices, the default profile (adopted) and the first admin's assign; its own assign shows
 * on the first after a sync; it unlinks, on its computer only. Last, another MDM server's
 * token is refused with what NanoDEP did, Replace Token declined (nothing changes here),
 * then confirmed. No file or log of Adept's holds the API key or a token's OAuth values;
 * no call asks NanoDEP for a token's OAuth secrets.
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "adept-context.h"
#include "adept-depsim-token.h"
#include "adept-depsim.h"
#include "adept-nanodep-session.h"
#include "adept-secret.h"
#include "adept-server-token.h"
#include "adept-test-util.h"
#include "nanodep-fixture.h"
#include "test-ui-helpers.h"

#define WIDTH     1100
#define HEIGHT    700
#define NAME      "Main Campus"
#define SERVER_ID "main-campus"
#define N_DEVICES 5000
#define ASSIGN_TIMEOUT_MS 60000

static AdeptApplication *app;
static char *tmp_dir;
static char *out_dir;
/* The API key and every token's OAuth values: in no file, log or output of Adept's. */
static GPtrArray *secrets;

/* Waiting */

static gboolean
session_idle (gpointer data)
{
  return !adept_session_get_busy (data) && !adept_session_get_syncing (data);
}

static gboolean
dialog_idle (gpointer data)
{
  return !adept_add_server_dialog_get_busy (data);
}

static gboolean
dialog_gone (gpointer data)
{
  return adept_window_get_dialog (data) == NULL;
}

static gboolean
session_ready (gpointer data)
{
  return adept_session_get_state (data) == ADEPT_SESSION_STATE_READY && session_idle (data);
}

/* Runs an async session call to its end. */
static GAsyncResult *
wait_result (GAsyncResult **result)
{
  adept_test_wait_result (result);
  return *result;
}

static void
sync_now (AdeptSession *session)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptJournalEntry) entry = NULL;

  adept_session_sync_async (session, ADEPT_SYNC_FLAGS_NONE, NULL, adept_test_store_result, &result);
  entry = adept_session_sync_finish (session, wait_result (&result), &error);
  g_assert_no_error (error);
  adept_test_ui_wait_for (session_idle, session, "the sync's follow-up (the team's default)");
}

static void
assign (AdeptSession *session,
        const char   *uuid,
        const char   *serial)
{
  const char *serials[] = { serial, NULL };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptDeviceResults) results = NULL;

  adept_session_assign_async (session, uuid, serials, NULL, adept_test_store_result, &result);
  results = adept_session_run_job_finish (session, wait_result (&result), &error);
  g_assert_no_error (error);
}

/* The device as the Devices page lists it. */
static AdeptDevice *
listed_device (AdeptDevicesPage *page,
               const char       *serial)
{
  GListModel *list = G_LIST_MODEL (adept_devices_page_get_list (page));

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(AdeptDevice) device = g_list_model_get_item (list, i);

      if (g_str_equal (adept_device_get_serial_number (device), serial))
        return g_steal_pointer (&device);
    }
  return NULL;
}

static void
assert_listed_with (AdeptWindow *window,
                    const char  *serial,
                    const char  *uuid,
                    const char  *profile_name)
{
  AdeptDevicesPage *page = adept_window_get_devices_page (window);
  g_autoptr(AdeptDevice) device = NULL;

  adept_window_show_page (window, "devices");
  adept_test_ui_flush (GTK_WIDGET (window));
  device = listed_device (page, serial);
  g_assert_nonnull (device);
  g_assert_cmpint (adept_device_get_profile_status (device), ==, ADEPT_PROFILE_STATUS_ASSIGNED);
  g_assert_cmpstr (adept_device_get_profile_uuid (device), ==, uuid);
  g_assert_cmpstr (_adept_devices_page_get_profile_name (page, uuid), ==, profile_name);
}

/* Add DEP Server…, through a NanoDEP server */

static AdeptAddServerDialog *
open_add_dialog (AdeptWindow *window,
                 const char  *url,
                 const char  *key)
{
  AdeptAddServerDialog *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.add-server", NULL));
  dialog = adept_window_get_dialog (window);
  g_assert_nonnull (dialog);
  /* Both kinds, from the session table. */
  g_assert_nonnull (adept_add_server_dialog_get_kind_check (dialog, ADEPT_SERVER_KIND_NAME_LOCAL));
  gtk_check_button_set_active (adept_add_server_dialog_get_kind_check (dialog,
                                                                       ADEPT_SERVER_KIND_NAME_NANODEP),
                               TRUE);
  gtk_editable_set_text (GTK_EDITABLE (adept_add_server_dialog_get_url_row (dialog)), url);
  if (key != NULL)
    gtk_editable_set_text (GTK_EDITABLE (adept_add_server_dialog_get_key_row (dialog)), key);
  g_signal_emit_by_name (adept_add_server_dialog_get_url_row (dialog), "entry-activated");
  adept_test_ui_wait_for (dialog_idle, dialog, "the NanoDEP server's names");
  return dialog;
}

static gboolean
add_enabled (AdeptAddServerDialog *dialog)
{
  return gtk_widget_get_sensitive (GTK_WIDGET (adept_add_server_dialog_get_add_button (dialog)));
}

static void
click_add (AdeptWindow          *window,
           AdeptAddServerDialog *dialog)
{
  g_assert_true (add_enabled (dialog));
  gtk_widget_activate (GTK_WIDGET (adept_add_server_dialog_get_add_button (dialog)));
  adept_test_ui_wait_for (dialog_gone, window, "the server to be set up");
}

/* Refusals: each its sentence in the dialog; no server added. */
static void
add_refusals (AdeptWindow    *window,
              NanodepFixture *nanodep)
{
  AdeptSessionList *sessions = adept_application_get_sessions (app);
  guint before = g_list_model_get_n_items (G_LIST_MODEL (sessions));
  g_autofree char *url = g_strdup (nanodep_fixture_get_url (nanodep));
  AdeptAddServerDialog *dialog;

  dialog = open_add_dialog (window, url, "not-the-team-api-key");
  g_assert_nonnull (strstr (adept_add_server_dialog_get_error (dialog), "refused the API key"));
  g_assert_cmpint (adept_add_server_dialog_get_n_names (dialog), ==, -1);
  g_assert_false (add_enabled (dialog));

  /* Plain http is for loopback only. */
  gtk_editable_set_text (GTK_EDITABLE (adept_add_server_dialog_get_url_row (dialog)),
                         "http://dep.example.com");
  g_signal_emit_by_name (adept_add_server_dialog_get_url_row (dialog), "entry-activated");
  adept_test_ui_wait_for (dialog_idle, dialog, "the address check");
  g_assert_nonnull (adept_add_server_dialog_get_error (dialog));
  g_assert_nonnull (strstr (adept_add_server_dialog_get_error (dialog), "https"));
  g_assert_false (add_enabled (dialog));

  /* Nothing listens there: the NanoDEP server is named, not Apple. */
  gtk_editable_set_text (GTK_EDITABLE (adept_add_server_dialog_get_url_row (dialog)),
                         "http://127.0.0.1:1");
  g_signal_emit_by_name (adept_add_server_dialog_get_url_row (dialog), "entry-activated");
  adept_test_ui_wait_for (dialog_idle, dialog, "the unreachable server");
  g_assert_nonnull (adept_add_server_dialog_get_error (dialog));
  g_assert_true (g_str_has_prefix (adept_add_server_dialog_get_error (dialog),
                                   "The NanoDEP server at 127.0.0.1:1 could not be reached."));
  g_assert_false (add_enabled (dialog));
  gtk_window_close (GTK_WINDOW (dialog));
  adept_test_ui_flush (GTK_WIDGET (window));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (sessions)), ==, before);
}

/* The first admin: a new name, set up from the dialog, not linked yet. */
static AdeptSession *
add_new_name (AdeptWindow    *window,
              NanodepFixture *nanodep)
{
  AdeptAddServerDialog *dialog = open_add_dialog (window, nanodep_fixture_get_url (nanodep),
                                                  nanodep_fixture_get_api_key (nanodep));
  AdeptSession *session;

  g_assert_null (adept_add_server_dialog_get_error (dialog));
  /* NanoDEP lists names with a downloaded key only: none yet. */
  g_assert_cmpint (adept_add_server_dialog_get_n_names (dialog), ==, 0);
  g_assert_false (add_enabled (dialog));
  gtk_editable_set_text (GTK_EDITABLE (adept_add_server_dialog_get_new_name_row (dialog)), NAME);
  /* The name on this computer follows the DEP name. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (adept_add_server_dialog_get_id_row (dialog))),
                   ==, SERVER_ID);
  click_add (window, dialog);

  session = adept_window_get_session (window);
  g_assert_cmpstr (adept_session_get_id (session), ==, SERVER_ID);
  g_assert_true (ADEPT_IS_NANODEP_SESSION (session));
  g_assert_false (adept_session_get_linked (session));
  g_assert_cmpstr (adept_window_get_visible_page (window), ==, "settings");
  return session;
}

static char *
issue_token_file (AdeptDepsim *sim,
                  const char  *pem,
                  const char  *file_name)
{
  g_autoptr(AdeptSecret) payload = adept_depsim_issue_credentials (sim);
  g_autoptr(AdeptServerToken) values = adept_server_token_new_from_json (payload, NULL);
  g_autoptr(GBytes) token = NULL;
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (tmp_dir, file_name, NULL);

  g_ptr_array_add (secrets, g_strdup (adept_server_token_get_consumer_key (values)));
  g_ptr_array_add (secrets, g_strdup (adept_server_token_get_consumer_secret (values)));
  g_ptr_array_add (secrets, g_strdup (adept_server_token_get_access_token (values)));
  g_ptr_array_add (secrets, g_strdup (adept_server_token_get_access_secret (values)));
  token = adept_depsim_token_build (pem, strlen (pem), payload, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (token, NULL),
                                      (gssize) g_bytes_get_size (token), &error));
  g_assert_no_error (error);
  return path;
}

static char *
read_server_ini (void)
{
  g_autofree char *dir = adept_context_build_server_dir (SERVER_ID, NULL);
  g_autofree char *path = g_build_filename (dir, "server.ini", NULL);
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  return contents;
}

/* Download MDM Public Key once more: NanoDEP's caution, confirmed, then the save dialog. */
static char *
download_again (AdeptSettingsPage *page)
{
  AdwMessageDialog *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "dep.download-key", NULL));
  adept_test_ui_wait_for (adept_test_ui_page_has_dialog, page, "the caution before a new key");
  dialog = adept_settings_page_get_dialog (page);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Download a New Public Key?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "will no longer decrypt"));
  adept_test_ui_respond (page, "download");
  return adept_test_ui_save_public_key (page, tmp_dir);
}

static void
drop_and_confirm (AdeptWindow *window,
                  const char  *token)
{
  AdeptSettingsPage *page = adept_window_get_settings_page (window);
  AdwMessageDialog *dialog;

  adept_test_ui_drop_file (window, token);
  adept_test_ui_wait_for (adept_test_ui_page_has_dialog, page, "the link confirmation");
  dialog = adept_settings_page_get_dialog (page);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Link with “" NAME "”?");
  /* NanoDEP decrypts and keeps the token, not this computer. */
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "NanoDEP server at"));
  adept_test_ui_respond (page, "link");
  adept_test_ui_wait_for (adept_test_ui_page_idle, page, "the upload to NanoDEP");
}

/* Key from NanoDEP (twice: the caution), a token for the older key refused as "wrong key"
 * with nothing changed here, the right one dropped: linked, and the first sync. */
static char *
first_admin_links (AdeptWindow *window,
                   AdeptDepsim *sim)
{
  AdeptSettingsPage *page = adept_window_get_settings_page (window);
  AdeptSession *session = adept_window_get_session (window);
  g_autofree char *older = adept_test_ui_download_public_key (page, tmp_dir);
  g_autofree char *newer = NULL;
  g_autofree char *stale = NULL;
  g_autofree char *token = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  /* Cancelled: no save dialog, no new key. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "dep.download-key", NULL));
  adept_test_ui_respond (page, "cancel");
  adept_test_ui_flush (GTK_WIDGET (window));
  g_assert_null (adept_settings_page_get_file_chooser (page));
  newer = download_again (page);
  g_assert_cmpstr (newer, !=, older);

  stale = issue_token_file (sim, older, NAME "_Token_2026-02-01T10-00-00Z_smime.p7m");
  before = read_server_ini ();
  drop_and_confirm (window, stale);
  g_assert_nonnull (strstr (adept_settings_page_get_error_message (page), "another public key"));
  g_assert_false (adept_session_get_linked (session));
  after = read_server_ini ();
  g_assert_cmpstr (after, ==, before);

  token = issue_token_file (sim, newer, NAME "_Token_2026-03-01T10-00-00Z_smime.p7m");
  drop_and_confirm (window, token);
  adept_test_ui_wait_for (adept_test_ui_page_linked, page, "the link");
  adept_test_ui_wait_for (adept_test_ui_page_knows_account, page, "the account through NanoDEP");
  g_assert_cmpstr (adept_settings_page_get_error_message (page), ==, NULL);
  return g_steal_pointer (&newer);
}

/* What DEP Information shows of a server reached through NanoDEP. */
static void
assert_facts (AdeptWindow    *window,
              NanodepFixture *nanodep)
{
  AdeptSettingsPage *page = adept_window_get_settings_page (window);

  g_assert_nonnull (adept_settings_page_get_info (page, "server-name"));
  g_assert_nonnull (adept_settings_page_get_info (page, "server-uuid"));
  g_assert_cmpstr (adept_settings_page_get_info (page, "nanodep_url"), ==,
                   nanodep_fixture_get_url (nanodep));
  g_assert_cmpstr (adept_settings_page_get_info (page, "dep_name"), ==, NAME);
  g_assert_nonnull (strstr (adept_settings_page_get_info (page, "auto_assign"), "syncer"));
}

static gboolean
synced_once (gpointer data)
{
  return (adept_session_get_last_sync (data) != NULL ||
          adept_session_get_condition (data) != ADEPT_CONDITION_NONE) && session_idle (data);
}

/* Every serial of the simulator, and no other, on the Devices page. */
static void
assert_same_devices (AdeptWindow *window,
                     AdeptDepsim *sim)
{
  GListModel *list = G_LIST_MODEL (adept_devices_page_get_list (adept_window_get_devices_page (window)));
  g_auto(GStrv) serials = adept_depsim_dup_serials (sim);
  g_autoptr(GHashTable) listed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  adept_window_show_page (window, "devices");
  adept_test_ui_flush (GTK_WIDGET (window));
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(AdeptDevice) device = g_list_model_get_item (list, i);

      g_hash_table_add (listed, g_strdup (adept_device_get_serial_number (device)));
    }
  g_assert_cmpuint (g_hash_table_size (listed), ==, g_strv_length (serials));
  for (guint i = 0; serials[i] != NULL; i++)
    g_assert_true (g_hash_table_contains (listed, serials[i]));
}

static char *
define_profile (AdeptSession *session,
                const char   *name)
{
  g_autoptr(AdeptDepProfile) profile = adept_dep_profile_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptDeviceResults) results = NULL;

  adept_dep_profile_set_profile_name (profile, name);
  adept_dep_profile_set_url (profile, "https://mdm.example.com/enroll");
  adept_session_define_profile_async (session, profile, NULL, NULL, adept_test_store_result, &result);
  results = adept_session_define_profile_finish (session, wait_result (&result), &error);
  g_assert_no_error (error);
  return g_strdup (adept_device_results_get_profile_uuid (results));
}

static void
make_default (AdeptSession *session,
              const char   *uuid)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  adept_session_set_default_profile_async (session, uuid, NULL, adept_test_store_result, &result);
  g_assert_true (adept_session_set_default_profile_finish (session, wait_result (&result), &error));
  g_assert_no_error (error);
}

/* add-server-nanodep.png: Add DEP Server… with the NanoDEP kind, its name listed. */
static void
save_add_dialog_png (AdeptWindow    *window,
                     NanodepFixture *nanodep)
{
  g_autofree char *path = g_build_filename (out_dir, "add-server-nanodep.png", NULL);
  AdeptAddServerDialog *dialog = open_add_dialog (window, nanodep_fixture_get_url (nanodep),
                                                  nanodep_fixture_get_api_key (nanodep));
  AdwActionRow *row = adept_add_server_dialog_find_name_row (dialog, NAME);

  g_assert_null (adept_add_server_dialog_get_error (dialog));
  g_assert_cmpint (adept_add_server_dialog_get_n_names (dialog), ==, 1);
  g_assert_nonnull (row);
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (row), "Linked with “"));
  /* Both kinds are offered, the NanoDEP one chosen, its fields shown. */
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (adept_add_server_dialog_get_kind_check (dialog, ADEPT_SERVER_KIND_NAME_LOCAL))));
  g_assert_true (gtk_check_button_get_active (adept_add_server_dialog_get_kind_check (dialog, ADEPT_SERVER_KIND_NAME_NANODEP)));
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (adept_add_server_dialog_get_url_row (dialog))));
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (row)));
  /* The only linked name is chosen; this computer has that server name already. */
  gtk_editable_set_text (GTK_EDITABLE (adept_add_server_dialog_get_id_row (dialog)), "team");
  g_assert_true (add_enabled (dialog));
  /* Tall enough to show every group without scrolling. */
  gtk_window_set_default_size (GTK_WINDOW (dialog), 600, 860);
  adept_test_ui_flush (GTK_WIDGET (dialog));
  adept_test_ui_save_png (GTK_WIDGET (dialog), path);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  gtk_window_close (GTK_WINDOW (dialog));
  adept_test_ui_flush (GTK_WIDGET (window));
}

/* A renewal with another MDM server's token (made for the key NanoDEP has): NanoDEP refuses
 * it; the console says what NanoDEP did and offers Replace Token behind its own
 * confirmation. Declined, nothing changes on this computer; confirmed, NanoDEP takes it. */
static void
refused_renewal (AdeptWindow *window,
                 const char  *pem)
{
  AdeptSettingsPage *page = adept_window_get_settings_page (window);
  AdeptSession *session = adept_window_get_session (window);
  g_autoptr(AdeptDepsim) other = adept_depsim_new (42, 3);
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *server_name = g_strdup (adept_settings_page_get_info (page, "server-name"));
  AdwMessageDialog *dialog;

  g_assert_true (adept_depsim_start (other, 0, &error));
  g_assert_no_error (error);
  adept_window_show_page (window, "settings");
  token = issue_token_file (other, pem, NAME "_Token_2026-04-01T10-00-00Z_smime.p7m");
  before = read_server_ini ();

  adept_test_ui_drop_file (window, token);
  adept_test_ui_wait_for (adept_test_ui_page_has_dialog, page, "the renewal confirmation");
  dialog = adept_settings_page_get_dialog (page);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Renew the Server Token?");
  /* Said before: NanoDEP changes its key before it checks the token. */
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "before it checks"));
  adept_test_ui_respond (page, "link");
  adept_test_ui_wait_for (adept_test_ui_page_has_dialog, page, "the offer to replace the token");
  dialog = adept_settings_page_get_dialog (page);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Replace the Team’s Server Token?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "another administrator renewed"));
  g_assert_nonnull (strstr (adept_settings_page_get_error_message (page), "already made the last downloaded public key"));
  adept_test_ui_respond (page, "cancel");
  adept_test_ui_wait_for (adept_test_ui_page_idle, page, "the page after the refusal");

  after = read_server_ini ();
  g_assert_cmpstr (after, ==, before);
  g_assert_true (adept_session_get_linked (session));
  g_assert_cmpstr (adept_settings_page_get_info (page, "server-name"), ==, server_name);

  /* Confirmed, the token replaces the team's. */
  adept_test_ui_drop_file (window, token);
  adept_test_ui_respond (page, "link");
  adept_test_ui_respond (page, "replace");
  adept_test_ui_wait_for (adept_test_ui_page_idle, page, "the forced upload");
  g_assert_cmpstr (adept_settings_page_get_error_message (page), ==, NULL);
  g_assert_true (adept_session_get_linked (session));
  /* This computer records the upload now. */
  {
    g_autofree char *forced = read_server_ini ();

    g_assert_cmpstr (forced, !=, before);
  }
  adept_depsim_stop (other);
}

/* ---- The second admin: this program again, on a desktop of its own ---- */

typedef struct {
  const char *url;
  const char *key_file;
  guint       n_devices;
  const char *default_uuid;
  const char *lab_uuid;
  const char *lab_serial;      /* the first admin assigned it Lab */
  const char *own_serial;      /* this admin assigns it the default */
} Second;

static gboolean
session_linked_idle (gpointer data)
{
  return adept_session_get_linked (data) && session_idle (data);
}

static void
second_admin_run (const Second *b)
{
  AdeptWindow *window = adept_test_ui_window_new (app, WIDTH, HEIGHT);
  g_autoptr(GFile) key_file = g_file_new_for_path (b->key_file);
  AdeptAddServerDialog *dialog;
  AdeptSession *session;
  AdeptProfilesPage *profiles;
  AdeptProfileRow *row;
  const char *key_only[] = { NULL, NULL };
  g_autofree char *key = NULL;

  /* Two clicks: the kind, then Add (the key comes from its file; the only linked name is
   * chosen, and names the server here). */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.add-server", NULL));
  dialog = adept_window_get_dialog (window);
  gtk_check_button_set_active (adept_add_server_dialog_get_kind_check (dialog,
                                                                       ADEPT_SERVER_KIND_NAME_NANODEP),
                               TRUE);
  gtk_editable_set_text (GTK_EDITABLE (adept_add_server_dialog_get_url_row (dialog)), b->url);
  adept_add_server_dialog_read_key_file (dialog, key_file);
  adept_test_ui_wait_for (dialog_idle, dialog, "the NanoDEP server's names");
  g_assert_null (adept_add_server_dialog_get_error (dialog));
  g_assert_cmpint (adept_add_server_dialog_get_n_names (dialog), ==, 1);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (adept_add_server_dialog_get_id_row (dialog))),
                   ==, SERVER_ID);
  click_add (window, dialog);

  session = adept_window_get_session (window);
  g_assert_cmpstr (adept_session_get_id (session), ==, SERVER_ID);
  adept_test_ui_wait_for (session_linked_idle, session, "joining the linked name");
  g_assert_cmpstr (adept_window_get_visible_page (window), ==, "devices");
  adept_test_ui_wait_for (session_ready, session, "the connection through NanoDEP");
  sync_now (session);

  /* The same devices, and the team's default adopted. */
  g_assert_cmpint (adept_session_get_device_count (session), ==, (int) b->n_devices);
  g_assert_cmpstr (adept_session_get_default_profile (session), ==, b->default_uuid);
  adept_window_show_page (window, "profiles");
  adept_test_ui_flush (GTK_WIDGET (window));
  profiles = adept_window_get_profiles_page (window);
  row = adept_profiles_page_find_row (profiles, b->default_uuid);
  g_assert_nonnull (row);
  g_assert_true (adept_profile_row_get_is_default (row));
  /* The first admin's assign shows here. */
  assert_listed_with (window, b->lab_serial, b->lab_uuid, "Lab");

  /* This admin's own assign, for the first to see. */
  assign (session, b->default_uuid, b->own_serial);

  g_assert_true (g_file_get_contents (b->key_file, &key, NULL, NULL));
  g_strstrip (key);
  key_only[0] = key;
  adept_test_assert_dir_has_no_secret (g_get_user_data_dir (), key_only);

  /* Leaving: this computer only, and said so. */
  {
    AdeptSettingsPage *page = adept_window_get_settings_page (window);
    g_autoptr(AdeptSession) leaving = g_object_ref (session);
    AdwMessageDialog *unlink;

    adept_window_show_page (window, "settings");
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "dep.unlink", NULL));
    adept_test_ui_wait_for (adept_test_ui_page_has_dialog, page, "the unlink confirmation");
    unlink = adept_settings_page_get_dialog (page);
    g_assert_nonnull (strstr (adw_message_dialog_get_body (unlink), "on this computer only"));
    g_assert_nonnull (strstr (adw_message_dialog_get_body (unlink), "keeps “" NAME "”"));
    adept_test_ui_respond (page, "unlink");
    adept_test_ui_wait_for (session_idle, leaving, "the unlink");
    g_assert_false (adept_session_get_linked (leaving));
  }
  adept_test_ui_window_destroy (window);
}

static void
run_second_admin (const Second *b)
{
  AdeptTestDesktop *desktop = adept_test_desktop_new ();
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *n = g_strdup_printf ("%u", b->n_devices);
  g_autofree char *self_path = g_file_read_link ("/proc/self/exe", &error);

  g_assert_no_error (error);
  g_subprocess_launcher_set_environ (launcher, (char **) adept_test_desktop_get_environ (desktop));
  process = g_subprocess_launcher_spawn (launcher, &error, self_path, "--second-admin", b->url,
                                         b->key_file, n, b->default_uuid, b->lab_uuid,
                                         b->lab_serial, b->own_serial, NULL);
  g_assert_no_error (error);
  /* This main context keeps turning: the simulator answers NanoDEP's proxy from it. */
  g_subprocess_wait_async (process, NULL, adept_test_store_result, &result);
  g_assert_true (g_subprocess_wait_finish (process, wait_result (&result), &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  adept_test_desktop_free (desktop);
}

/* ---- The first admin ---- */

static void
test_two_admins (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(AdeptDepsim) sim = adept_depsim_new (41, N_DEVICES);
  g_autoptr(GError) error = NULL;
  NanodepFixture *nanodep;
  AdeptWindow *window;
  AdeptSession *session;
  g_autofree char *uuid = NULL;
  g_autofree char *lab = NULL;
  g_autofree char *pem = NULL;
  g_autofree char *at_nanodep = NULL;
  g_autofree char *key_file = g_build_filename (tmp_dir, "team-api-key", NULL);
  g_autofree char *key_line = NULL;
  g_autofree char *log = NULL;
  g_auto(GStrv) serials = NULL;
  g_auto(GStrv) added = NULL;
  Second second;
  guint syncs;

  adept_depsim_start (sim, 0, &error);
  g_assert_no_error (error);
  serials = adept_depsim_dup_serials (sim);
  nanodep = nanodep_fixture_new (nanodep_fixture_storage_from_env ());
  nanodep_fixture_point_name (nanodep, NAME, adept_depsim_get_base_url (sim));
  window = adept_test_ui_window_new (app, WIDTH, HEIGHT);
  g_settings_set_boolean (settings, "sync-after-link", TRUE);

  add_refusals (window, nanodep);
  session = add_new_name (window, nanodep);
  pem = first_admin_links (window, sim);
  assert_facts (window, nanodep);
  {
    /* The switcher says how the server is reached. */
    GtkListBoxRow *row = adept_server_switcher_find_row (adept_window_get_server_switcher (window),
                                                         SERVER_ID);

    g_assert_nonnull (row);
    g_assert_true (g_str_has_suffix (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)),
                                     " · Through a NanoDEP server"));
  }
  adept_test_ui_wait_for (synced_once, session, "the first sync");
  g_assert_cmpstr (adept_session_get_condition_detail (session), ==, NULL);
  g_assert_cmpint (adept_session_get_device_count (session), ==, N_DEVICES);
  assert_same_devices (window, sim);

  /* The default is NanoDEP's assigner. */
  uuid = define_profile (session, "Team default");
  make_default (session, uuid);
  at_nanodep = nanodep_fixture_dup_assigner (nanodep, NAME);
  g_assert_cmpstr (at_nanodep, ==, uuid);

  /* depsyncer assigns the devices the simulator adds; the next sync shows them. */
  syncs = adept_depsim_get_request_count (sim, "/devices/sync");
  nanodep_fixture_start_syncer (nanodep, NAME);
  nanodep_fixture_wait_for_sync (nanodep, sim, syncs + 1);
  added = adept_depsim_add_devices (sim, 3, TRUE);
  nanodep_fixture_sync_now (nanodep);
  nanodep_fixture_wait_assigned (sim, added, uuid, ASSIGN_TIMEOUT_MS,
                                 "depsyncer to assign the added devices");
  nanodep_fixture_stop_syncer (nanodep);
  sync_now (session);
  for (guint i = 0; added[i] != NULL; i++)
    assert_listed_with (window, added[i], uuid, "Team default");

  save_add_dialog_png (window, nanodep);

  /* The second admin joins and sees this admin's assign; this one sees theirs. */
  lab = define_profile (session, "Lab");
  assign (session, lab, serials[0]);
  key_line = g_strconcat (nanodep_fixture_get_api_key (nanodep), "\n", NULL);
  g_file_set_contents_full (key_file, key_line, -1, G_FILE_SET_CONTENTS_NONE, 0600, &error);
  g_assert_no_error (error);
  second = (Second) { nanodep_fixture_get_url (nanodep), key_file, N_DEVICES + 3, uuid, lab,
                      serials[0], serials[1] };
  run_second_admin (&second);
  /* The second admin's unlink left the team's server as it was. */
  sync_now (session);
  assert_listed_with (window, serials[1], uuid, "Team default");

  refused_renewal (window, pem);

  /* Nothing asked NanoDEP for a token's secrets; the API key is in no file of Adept's. */
  log = nanodep_fixture_dup_server_log (nanodep);
  g_assert_null (strstr (log, "/v1/tokens"));
  g_ptr_array_add (secrets, g_strdup (nanodep_fixture_get_api_key (nanodep)));
  adept_test_assert_dir_has_no_secret (g_get_user_data_dir (),
                                       (const char * const *) secrets->pdata);
  {
    g_autofree char *captured = adept_test_dup_captured_log ();

    adept_test_assert_no_secret ("the log", captured, strlen (captured),
                                 (const char * const *) secrets->pdata);
  }

  adept_test_ui_window_destroy (window);
  g_settings_reset (settings, "sync-after-link");
  nanodep_fixture_free (nanodep);
  adept_depsim_stop (sim);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  if (argc == 9 && g_str_equal (argv[1], "--second-admin"))
    {
      Second b = { argv[2], argv[3], (guint) g_ascii_strtoull (argv[4], NULL, 10), argv[5],
                   argv[6], argv[7], argv[8] };
      int one = 1;

      tmp_dir = adept_test_ui_init (&one, &argv, "test-ui-nanodep-second");
      g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
      app = adept_test_ui_app_new (FALSE, 0);
      second_admin_run (&b);
      g_application_quit (G_APPLICATION (app));
      g_clear_object (&app);
      adept_test_cleanup_dir (tmp_dir);
      return 0;
    }

  nanodep_fixture_require ();
  secrets = g_ptr_array_new_null_terminated (16, g_free, TRUE);
  adept_test_capture_log ();
  tmp_dir = adept_test_ui_init (&argc, &argv, "test-ui-nanodep");
  out_dir = adept_test_ui_dup_screenshot_dir ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  app = adept_test_ui_app_new (FALSE, 0);

  g_test_add_func ("/ui/nanodep/two-admins", test_two_admins);
  status = g_test_run ();

  g_application_quit (G_APPLICATION (app));
  g_clear_object (&app);
  adept_test_cleanup_dir (tmp_dir);
  g_free (tmp_dir);
  g_free (out_dir);
  g_ptr_array_unref (secrets);
  return status;
}
