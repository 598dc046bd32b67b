/* test-nanodep-session.c — AdeptNanodepSession against a real NanoDEP v0.7.0 (depserver,
 * depsyncer) in front of the simulator: set-up and its refusals, the key from NanoDEP with
 * its fingerprint, a token for an older download, upload, sync through the proxy, the
 * default as NanoDEP's assigner, depsyncer assigning added devices while the console
 * leaves them alone, the team's default and a colleague's profile adopted, a refused
 * renewal then forced, unlink on this computer only; no secret in files or logs.
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include "adept-context.h"
#include "adept-credentials.h"
#include "adept-dep-profile.h"
#include "adept-depsim-token.h"
#include "adept-depsim.h"
#include "adept-error.h"
#include "adept-nanodep-session.h"
#include "adept-secret.h"
#include "adept-session-list.h"
#include "adept-test-util.h"
#include "nanodep-fixture.h"

#define NAME "Main Campus"
#define ID "team"
#define N_DEVICES 40
#define ASSIGN_TIMEOUT_MS 30000

static GPtrArray *secrets;

typedef struct {
  char             *xdg;
  AdeptDepsim      *sim;
  NanodepFixture   *nanodep;
  AdeptStore       *store;
  AdeptSessionList *list;
  AdeptSession     *session;
  GPtrArray        *notices;
} Fixture;

static void
on_notice (AdeptSession *session,
           const char   *message,
           Fixture      *f)
{
  g_ptr_array_add (f->notices, g_strdup (message));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->sim = adept_depsim_new (21, N_DEVICES);
  adept_depsim_start (f->sim, 0, &error);
  g_assert_no_error (error);
  f->nanodep = nanodep_fixture_new (nanodep_fixture_storage_from_env ());
  g_ptr_array_add (secrets, g_strdup (nanodep_fixture_get_api_key (f->nanodep)));
  nanodep_fixture_point_name (f->nanodep, NAME, adept_depsim_get_base_url (f->sim));
  f->store = adept_store_open (&error);
  g_assert_no_error (error);
  f->list = adept_session_list_new_for_store (f->store);
  f->session = g_object_ref (adept_session_list_add (f->list, ID, ADEPT_SERVER_KIND_NAME_NANODEP, &error));
  g_assert_no_error (error);
  g_assert_true (ADEPT_IS_NANODEP_SESSION (f->session));
  f->notices = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (f->session, "notice", G_CALLBACK (on_notice), f);
}

static gboolean
session_idle (gpointer data)
{
  return !adept_session_get_busy (data);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *log = nanodep_fixture_dup_server_log (f->nanodep);
  g_autoptr(GAsyncResult) result = NULL;

  /* No call ever asked NanoDEP for a token's OAuth secrets. */
  g_assert_null (strstr (log, "/v1/tokens"));
  nanodep_fixture_wait_until (session_idle, f->session, 20000, "the session's last operations");
  g_signal_handlers_disconnect_by_data (f->session, f);
  adept_session_unlink_async (f->session, NULL, adept_test_store_result, &result);
  adept_test_wait_result (&result);
  g_clear_object (&f->session);
  g_clear_object (&f->list);
  g_clear_object (&f->store);
  nanodep_fixture_free (f->nanodep);
  adept_depsim_stop (f->sim);
  g_clear_object (&f->sim);
  g_clear_pointer (&f->notices, g_ptr_array_unref);
  /* Neither the API key nor the OAuth values ever reached Adept's files. */
  adept_test_assert_dir_has_no_secret (adept_context_get_data_dir (NULL),
                                       (const char * const *) secrets->pdata);
}

static AdeptNanodepSession *
nanodep (Fixture *f)
{
  return ADEPT_NANODEP_SESSION (f->session);
}

/* ---- Steps, run to completion ---- */

static gboolean
set_up (Fixture     *f,
        const char  *url,
        const char  *api_key,
        const char  *name,
        GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  adept_nanodep_session_set_up_async (nanodep (f), url, api_key, name, NULL,
                                      adept_test_store_result, &result);
  adept_test_wait_result (&result);
  return adept_nanodep_session_set_up_finish (nanodep (f), result, error);
}

static char *
download_key (Fixture *f)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *pem;

  adept_session_dup_public_key_async (f->session, NULL, adept_test_store_result, &result);
  adept_test_wait_result (&result);
  pem = adept_session_dup_public_key_finish (f->session, result, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (pem, "-----BEGIN CERTIFICATE-----"));
  return pem;
}

/* A token of sim for the certificate, in a file; its OAuth values join the secrets. */
static GFile *
token_file (Fixture     *f,
            AdeptDepsim *sim,
            const char  *pem)
{
  g_autoptr(AdeptSecret) payload = adept_depsim_issue_credentials (sim);
  g_autoptr(AdeptServerToken) token = adept_server_token_new_from_json (payload, NULL);
  g_autoptr(GBytes) p7m = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = adept_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "Main Campus_Token_2026-03-01T10-00-00Z_smime.p7m", NULL);

  g_ptr_array_add (secrets, g_strdup (adept_server_token_get_consumer_key (token)));
  g_ptr_array_add (secrets, g_strdup (adept_server_token_get_consumer_secret (token)));
  g_ptr_array_add (secrets, g_strdup (adept_server_token_get_access_token (token)));
  g_ptr_array_add (secrets, g_strdup (adept_server_token_get_access_secret (token)));
  p7m = adept_depsim_token_build (pem, strlen (pem), payload, &error);
  g_assert_no_error (error);
  g_file_set_contents (path, g_bytes_get_data (p7m, NULL), g_bytes_get_size (p7m), &error);
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

static gboolean
link_file (Fixture                *f,
           GFile                  *file,
           AdeptSessionLinkFlags   flags,
           GError                **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  adept_session_link_full_async (f->session, file, NULL, flags, NULL, adept_test_store_result, &result);
  adept_test_wait_result (&result);
  return adept_session_link_finish (f->session, result, error);
}

static void
sync_now (Fixture *f)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptJournalEntry) entry = NULL;

  adept_session_sync_async (f->session, ADEPT_SYNC_FLAGS_NONE, NULL, adept_test_store_result, &result);
  adept_test_wait_result (&result);
  entry = adept_session_sync_finish (f->session, result, &error);
  g_assert_no_error (error);
  g_assert_null (entry->error_code);
}

static gboolean
set_default (Fixture     *f,
             const char  *uuid,
             GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  adept_session_set_default_profile_async (f->session, uuid, NULL, adept_test_store_result, &result);
  adept_test_wait_result (&result);
  return adept_session_set_default_profile_finish (f->session, result, error);
}

static char *
define_profile (Fixture    *f,
                const char *name)
{
  g_autoptr(AdeptDepProfile) profile = adept_dep_profile_new ();
  g_autoptr(AdeptDeviceResults) results = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  adept_dep_profile_set_profile_name (profile, name);
  adept_dep_profile_set_url (profile, "https://mdm.example.com/enroll");
  adept_session_define_profile_async (f->session, profile, NULL, NULL, adept_test_store_result, &result);
  adept_test_wait_result (&result);
  results = adept_session_define_profile_finish (f->session, result, &error);
  g_assert_no_error (error);
  return g_strdup (adept_device_results_get_profile_uuid (results));
}

static char *
read_server_ini (void)
{
  g_autofree char *dir = adept_context_build_server_dir (ID, NULL);
  g_autofree char *path = g_build_filename (dir, "server.ini", NULL);
  char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return g_strdup ("");
  return text;
}

static void
assert_backend_named (Fixture      *f,
                      const GError *error)
{
  g_assert_nonnull (strstr (error->message, "NanoDEP"));
  g_assert_null (strstr (error->message, "Apple did not"));
}

/* What Apple says of the name through NanoDEP, asked as another admin would. */
static AdeptDepAccount *
colleague_account (Fixture  *f,
                   GError  **error)
{
  g_autoptr(AdeptNanodepClient) api = NULL;
  g_autoptr(AdeptDepClient) dep = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  api = adept_nanodep_client_new (nanodep_fixture_get_url (f->nanodep),
                                  nanodep_fixture_get_api_key (f->nanodep), error);
  dep = adept_nanodep_client_new_dep_client (api, NAME, error);
  adept_dep_client_get_account_async (dep, NULL, adept_test_store_result, &result);
  adept_test_wait_result (&result);
  return adept_dep_client_get_account_finish (dep, result, error);
}

/* ---- Tests ---- */

static void
test_set_up_refusals (Fixture       *f,
                      gconstpointer  data)
{
  const char *url = nanodep_fixture_get_url (f->nanodep);
  const char *wrong = "not-the-team-api-key";
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptSecret) stored = NULL;
  g_autofree char *dir = adept_context_build_server_dir (ID, NULL);
  g_autofree char *closed = adept_test_refused_url ();

  g_ptr_array_add (secrets, g_strdup (wrong));

  /* A wrong API key: NanoDEP's own sentence, nothing stored. */
  g_assert_false (set_up (f, url, wrong, NAME, &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_BACKEND_AUTH);
  g_assert_nonnull (strstr (error->message, "refused the API key"));
  g_assert_null (strstr (error->message, wrong));
  g_clear_error (&error);

  /* Plain http to another computer. */
  g_assert_false (set_up (f, "http://dep.example.com", nanodep_fixture_get_api_key (f->nanodep),
                          NAME, &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_INSECURE_URL);
  g_clear_error (&error);

  /* A name NanoDEP cannot route. */
  g_assert_false (set_up (f, url, nanodep_fixture_get_api_key (f->nanodep), "a/b", &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_BAD_REQUEST);
  g_clear_error (&error);

  /* The backend down: a network error naming it, not Apple. */
  g_assert_false (set_up (f, closed, nanodep_fixture_get_api_key (f->nanodep), NAME, &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_NETWORK);
  assert_backend_named (f, error);
  g_assert_nonnull (strstr (error->message, "127.0.0.1"));
  g_clear_error (&error);

  /* Nothing of any of them stayed here. */
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
  stored = adept_credentials_lookup_sync (ID, ADEPT_SECRET_MDM_API_KEY, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (stored);
  g_assert_false (adept_nanodep_session_is_set_up (nanodep (f)));
  g_assert_false (adept_session_get_linked (f->session));
}

static void
test_link_sync_and_default (Fixture       *f,
                            gconstpointer  data)
{
  const char *url = nanodep_fixture_get_url (f->nanodep);
  g_autoptr(GError) error = NULL;
  g_autofree char *older = NULL;
  g_autofree char *newer = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *caution = NULL;
  g_autofree char *ini_before = NULL;
  g_autofree char *ini_after = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *assigner = NULL;
  g_autoptr(GFile) stale = NULL;
  g_autoptr(GFile) fresh = NULL;
  g_auto(GStrv) added = NULL;
  g_autoptr(AdeptDevice) device = NULL;
  g_autoptr(GPtrArray) attempts = NULL;
  g_autoptr(AdeptSecret) stored = NULL;
  guint syncs;
  gboolean confirm = TRUE;

  /* A new name: set up, not linked; NanoDEP does not list it yet. */
  g_assert_true (set_up (f, url, nanodep_fixture_get_api_key (f->nanodep), NAME, &error));
  g_assert_no_error (error);
  g_assert_true (adept_nanodep_session_is_set_up (nanodep (f)));
  g_assert_false (adept_session_get_linked (f->session));
  stored = adept_credentials_lookup_sync (ID, ADEPT_SECRET_MDM_API_KEY, NULL, &error);
  g_assert_cmpstr (stored, ==, nanodep_fixture_get_api_key (f->nanodep));
  g_assert_null (adept_session_dup_caution (f->session, ADEPT_SESSION_CAUTION_KEY, &confirm));
  g_assert_false (confirm);

  /* Two downloads: the second says what the first one's token will do. */
  older = download_key (f);
  fingerprint = adept_nanodep_session_dup_key_fingerprint (nanodep (f));
  g_assert_nonnull (fingerprint);
  caution = adept_session_dup_caution (f->session, ADEPT_SESSION_CAUTION_KEY, &confirm);
  g_assert_nonnull (strstr (caution, "will no longer decrypt"));
  g_assert_true (confirm);
  prefix = g_strndup (fingerprint, 23);
  g_assert_nonnull (strstr (caution, prefix));
  newer = download_key (f);
  g_free (fingerprint);
  fingerprint = adept_nanodep_session_dup_key_fingerprint (nanodep (f));

  /* A token for the older download: "wrong key", with this computer's last download;
   * nothing changes here. */
  ini_before = read_server_ini ();
  stale = token_file (f, f->sim, older);
  g_assert_false (link_file (f, stale, ADEPT_SESSION_LINK_NONE, &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_TOKEN_WRONG_KEY);
  g_assert_nonnull (strstr (error->message, "last public key downloaded from this computer"));
  g_free (prefix);
  prefix = g_strndup (fingerprint, 23);
  g_assert_nonnull (strstr (error->message, prefix));
  g_clear_error (&error);
  ini_after = read_server_ini ();
  g_assert_cmpstr (ini_after, ==, ini_before);
  g_assert_false (adept_session_get_linked (f->session));

  /* The token for the newer one links: Apple's facts through the proxy. */
  fresh = token_file (f, f->sim, newer);
  g_assert_true (link_file (f, fresh, ADEPT_SESSION_LINK_NONE, &error));
  g_assert_no_error (error);
  g_assert_true (adept_session_get_linked (f->session));
  g_assert_cmpint (adept_session_get_state (f->session), ==, ADEPT_SESSION_STATE_READY);
  g_assert_nonnull (adept_session_get_account_fact (f->session, ADEPT_ACCOUNT_SERVER_UUID));
  g_assert_nonnull (adept_session_get_token_expiry (f->session));
  g_assert_cmpuint (f->notices->len, >=, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (f->notices, f->notices->len - 1), "made that key its current one"));
  /* The download is used: another one undoes nothing, a mild word suffices. */
  g_free (caution);
  caution = adept_session_dup_caution (f->session, ADEPT_SESSION_CAUTION_KEY, &confirm);
  g_assert_nonnull (strstr (caution, "when you renew"));
  g_assert_false (confirm);

  /* Sync through the proxy: every device. */
  sync_now (f);
  g_assert_cmpint (adept_session_get_device_count (f->session), ==, N_DEVICES);

  /* Make Default is NanoDEP's assigner; NanoDEP cannot clear it, so neither can Adept. */
  uuid = define_profile (f, "Team default");
  g_assert_true (set_default (f, uuid, &error));
  g_assert_no_error (error);
  assigner = nanodep_fixture_dup_assigner (f->nanodep, NAME);
  g_assert_cmpstr (assigner, ==, uuid);
  g_assert_false (set_default (f, NULL, &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_BAD_REQUEST);
  g_clear_error (&error);
  g_assert_cmpstr (adept_session_get_default_profile (f->session), ==, uuid);

  /* depsyncer takes the added devices; the console's sync leaves them to it. */
  /* Its first cycle (a fetch, then a sync) before the simulator adds devices; the count
   * includes this console's own syncs. */
  syncs = adept_depsim_get_request_count (f->sim, "/devices/sync");
  nanodep_fixture_start_syncer (f->nanodep, NAME);
  nanodep_fixture_wait_for_sync (f->nanodep, f->sim, syncs + 1);
  added = adept_depsim_add_devices (f->sim, 3, TRUE);
  sync_now (f);
  for (guint i = 0; added[i] != NULL; i++)
    {
      g_autofree char *profile = nanodep_fixture_dup_sim_profile (f->sim, added[i]);

      g_assert_cmpstr (profile, ==, "");
    }
  attempts = adept_store_list_assign_attempts (f->store, ID, added[0], &error);
  g_assert_no_error (error);
  g_assert_cmpuint (attempts->len, ==, 0);

  nanodep_fixture_sync_now (f->nanodep);
  nanodep_fixture_wait_assigned (f->sim, added, uuid, ASSIGN_TIMEOUT_MS,
                                 "depsyncer to assign the added devices");
  sync_now (f);
  device = adept_store_get_device (f->store, ID, added[0], NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (adept_device_get_profile_uuid (device), ==, uuid);
  g_assert_cmpint (adept_device_get_profile_status (device), ==, ADEPT_PROFILE_STATUS_ASSIGNED);
}

/* A colleague's profile and default reach this console after a sync. */
static void
test_colleague_profile_adopted (Fixture       *f,
                                gconstpointer  data)
{
  const char *url = nanodep_fixture_get_url (f->nanodep);
  g_autoptr(GError) error = NULL;
  g_autofree char *pem = NULL;
  g_autoptr(GFile) token = NULL;
  g_autoptr(AdeptNanodepClient) colleague = NULL;
  g_autoptr(AdeptDepClient) dep = NULL;
  g_autoptr(AdeptDepProfile) profile = adept_dep_profile_new ();
  g_autoptr(AdeptDeviceResults) results = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(AdeptStoredProfile) kept = NULL;
  g_autoptr(AdeptStoredProfile) other_kept = NULL;
  g_auto(GStrv) serials = adept_depsim_dup_serials (f->sim);
  g_autofree char *other = NULL;
  g_autofree char *uuid = NULL;
  const char *one[2] = { serials[0], NULL };

  g_assert_true (set_up (f, url, nanodep_fixture_get_api_key (f->nanodep), NAME, &error));
  pem = download_key (f);
  token = token_file (f, f->sim, pem);
  g_assert_true (link_file (f, token, ADEPT_SESSION_LINK_NONE, &error));
  g_assert_no_error (error);
  sync_now (f);

  /* Another admin, with curl-like calls of their own: a profile, the default, an assign. */
  colleague = adept_nanodep_client_new (url, nanodep_fixture_get_api_key (f->nanodep), &error);
  g_assert_no_error (error);
  dep = adept_nanodep_client_new_dep_client (colleague, NAME, &error);
  adept_dep_profile_set_profile_name (profile, "Colleague's profile");
  adept_dep_profile_set_url (profile, "https://mdm.example.com/enroll");
  adept_dep_client_define_profile_async (dep, profile, NULL, adept_test_store_result, &result);
  adept_test_wait_result (&result);
  results = adept_dep_client_define_profile_finish (dep, result, &error);
  g_assert_no_error (error);
  uuid = g_strdup (adept_device_results_get_profile_uuid (results));
  g_clear_object (&result);
  adept_nanodep_client_set_assigner_async (colleague, NAME, uuid, NULL, adept_test_store_result, &result);
  adept_test_wait_result (&result);
  g_assert_true (adept_nanodep_client_set_assigner_finish (colleague, result, &error));
  g_clear_object (&result);
  g_clear_object (&results);
  other = define_profile (f, "Ours");
  g_clear_object (&profile);
  profile = adept_dep_profile_new ();
  adept_dep_profile_set_profile_name (profile, "Lab");
  adept_dep_profile_set_url (profile, "https://mdm.example.com/enroll");
  adept_dep_client_define_profile_async (dep, profile, NULL, adept_test_store_result, &result);
  adept_test_wait_result (&result);
  results = adept_dep_client_define_profile_finish (dep, result, &error);
  g_clear_object (&result);
  g_clear_pointer (&other, g_free);
  other = g_strdup (adept_device_results_get_profile_uuid (results));
  g_clear_object (&results);
  adept_dep_client_assign_profile_async (dep, other, one, NULL, adept_test_store_result, &result);
  adept_test_wait_result (&result);
  results = adept_dep_client_assign_profile_finish (dep, result, &error);
  g_assert_no_error (error);

  /* This console's next sync: both adopted, the team's default is the console's. */
  g_assert_null (adept_session_get_default_profile (f->session));
  sync_now (f);
  kept = adept_store_get_profile (f->store, ID, uuid, &error);
  g_assert_nonnull (kept);
  g_assert_cmpstr (kept->name, ==, "Colleague's profile");
  g_assert_cmpint (kept->origin, ==, ADEPT_PROFILE_ORIGIN_ADOPTED);
  other_kept = adept_store_get_profile (f->store, ID, other, &error);
  g_assert_nonnull (other_kept);
  g_assert_cmpstr (other_kept->name, ==, "Lab");
  nanodep_fixture_wait_until (session_idle, f->session, 20000, "the default to be taken");
  g_assert_cmpstr (adept_session_get_default_profile (f->session), ==, uuid);
}

static void
test_renewal_refused_then_forced (Fixture       *f,
                                  gconstpointer  data)
{
  const char *url = nanodep_fixture_get_url (f->nanodep);
  g_autoptr(AdeptDepsim) other = adept_depsim_new (22, 5);
  g_autoptr(GError) error = NULL;
  g_autofree char *pem = NULL;
  g_autofree char *renewal_pem = NULL;
  g_autofree char *caution = NULL;
  g_autofree char *ini_before = NULL;
  g_autofree char *ini_after = NULL;
  g_autoptr(GFile) token = NULL;
  g_autoptr(GFile) foreign = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  gboolean forced_audited = FALSE;

  adept_depsim_start (other, 0, &error);
  g_assert_no_error (error);
  g_assert_true (set_up (f, url, nanodep_fixture_get_api_key (f->nanodep), NAME, &error));
  pem = download_key (f);
  token = token_file (f, f->sim, pem);
  g_assert_true (link_file (f, token, ADEPT_SESSION_LINK_NONE, &error));
  g_assert_no_error (error);

  /* Before a renewal the admin reads what NanoDEP does first. */
  caution = adept_session_dup_caution (f->session, ADEPT_SESSION_CAUTION_LINK, NULL);
  g_assert_nonnull (strstr (caution, "before it checks"));
  renewal_pem = download_key (f);
  foreign = token_file (f, other, renewal_pem);
  ini_before = read_server_ini ();
  g_assert_false (link_file (f, foreign, ADEPT_SESSION_LINK_NONE, &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_BACKEND_CONSUMER_KEY);
  g_assert_nonnull (strstr (error->message, "already made the last downloaded public key its current one"));
  g_clear_error (&error);
  ini_after = read_server_ini ();
  g_assert_cmpstr (ini_after, ==, ini_before);

  /* Confirmed: force. */
  g_assert_true (link_file (f, foreign, ADEPT_SESSION_LINK_FORCE, &error));
  g_assert_no_error (error);
  audit = adept_store_list_audit (f->store, ID, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < audit->len; i++)
    forced_audited |= g_str_equal (((AdeptAuditEntry *) g_ptr_array_index (audit, i))->action, "token-forced");
  g_assert_true (forced_audited);
  adept_depsim_stop (other);
}

/* A local check before anything is sent, and unlink on this computer only. */
static void
test_not_a_token_and_unlink (Fixture       *f,
                             gconstpointer  data)
{
  const char *url = nanodep_fixture_get_url (f->nanodep);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = adept_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "notes.p7m", NULL);
  g_autoptr(GFile) garbage = g_file_new_for_path (path);
  g_autoptr(GFile) token = NULL;
  g_autofree char *pem = NULL;
  g_autofree char *log = NULL;
  g_autofree char *caution = NULL;
  g_autofree char *server_dir = adept_context_build_server_dir (ID, NULL);
  g_autoptr(AdeptServerToken) inspected = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(AdeptSecret) stored = NULL;
  g_autoptr(AdeptDepAccount) account = NULL;

  g_assert_true (set_up (f, url, nanodep_fixture_get_api_key (f->nanodep), NAME, &error));
  g_file_set_contents (path, "Dear admin,\nthis is no token.\n", -1, &error);
  g_assert_no_error (error);
  g_assert_false (link_file (f, garbage, ADEPT_SESSION_LINK_NONE, &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_TOKEN_NOT_A_TOKEN);
  g_clear_error (&error);
  log = nanodep_fixture_dup_server_log (f->nanodep);
  g_assert_null (strstr (log, "/v1/tokenpki"));

  /* A real token: only NanoDEP can read it. */
  pem = download_key (f);
  token = token_file (f, f->sim, pem);
  adept_session_inspect_token_async (f->session, token, NULL, adept_test_store_result, &result);
  adept_test_wait_result (&result);
  inspected = adept_session_inspect_token_finish (f->session, result, &error);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "Only the NanoDEP server"));
  g_clear_error (&error);

  g_assert_true (link_file (f, token, ADEPT_SESSION_LINK_NONE, &error));
  caution = adept_session_dup_caution (f->session, ADEPT_SESSION_CAUTION_UNLINK, NULL);
  g_assert_nonnull (strstr (caution, "on this computer only"));
  g_clear_object (&result);
  adept_session_unlink_async (f->session, NULL, adept_test_store_result, &result);
  adept_test_wait_result (&result);
  g_assert_true (adept_session_unlink_finish (f->session, result, &error));
  g_assert_no_error (error);

  /* Gone here: the folder and the API key. Kept at NanoDEP: the name, linked. */
  g_assert_false (g_file_test (server_dir, G_FILE_TEST_EXISTS));
  stored = adept_credentials_lookup_sync (ID, ADEPT_SECRET_MDM_API_KEY, NULL, &error);
  g_assert_null (stored);
  account = colleague_account (f, &error);
  g_assert_no_error (error);
  g_assert_nonnull (adept_dep_account_get_server_uuid (account));
  adept_test_cleanup_dir (dir);
}

static void
test_leaks (void)
{
  g_autofree char *log = adept_test_dup_captured_log ();

  g_assert_nonnull (strstr (log, "PUT /v1/tokenpki/"));
  adept_test_assert_no_secret ("the log", log, strlen (log), (const char * const *) secrets->pdata);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *xdg = NULL;
  g_autofree char *ns = NULL;
  int status;

  nanodep_fixture_require ();
  adept_test_capture_log ();
  secrets = g_ptr_array_new_null_terminated (8, g_free, TRUE);
  xdg = adept_test_isolate_xdg ();
  ns = g_strdup_printf ("test-nanodep-session-%d", (int) getpid ());
  g_test_init (&argc, &argv, NULL);
  adept_context_set_namespace (ns);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/nanodep-session/set-up-refusals", test_set_up_refusals);
  ADD ("/nanodep-session/link-sync-and-default", test_link_sync_and_default);
  ADD ("/nanodep-session/colleague-profile-adopted", test_colleague_profile_adopted);
  ADD ("/nanodep-session/renewal-refused-then-forced", test_renewal_refused_then_forced);
  ADD ("/nanodep-session/not-a-token-and-unlink", test_not_a_token_and_unlink);
#undef ADD
  g_test_add_func ("/nanodep-session/no-secret-in-the-log", test_leaks);

  status = g_test_run ();
  adept_test_cleanup_dir (xdg);
  return status;
}
