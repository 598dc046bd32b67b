/* test-nanodep.c — Adept's NanoDEP client against a real NanoDEP v0.7.0 (depserver and
 * depsyncer) in front of the simulator: link, renewals refused and forced, the API key,
 * the backend down, the assigner and depsyncer assigning new devices. Run with filekv
 * storage, and once more with PostgreSQL under tests/with-pgsql.sh.
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "adept-dep-client.h"
#include "adept-dep-profile.h"
#include "adept-depsim-token.h"
#include "adept-depsim.h"
#include "adept-error.h"
#include "adept-nanodep-client.h"
#include "adept-secret.h"
#include "adept-server-token.h"
#include "adept-test-util.h"
#include "nanodep-fixture.h"

#define NAME "team-dep"
#define N_DEVICES 20
#define ASSIGN_TIMEOUT_MS 30000

static NanodepFixtureStorage storage;
/* The running test's simulator, for checks that take only their data. */
static AdeptDepsim *current_sim;

/* ---- Every message of this process is captured, to prove no secret is ever logged ---- */

/* Every secret the tests met: API keys and the four OAuth values of each token. */
static GPtrArray *secrets;

static void
remember_secret (const char *secret)
{
  g_ptr_array_add (secrets, g_strdup (secret));
}

/* ---- Fixture ---- */

typedef struct {
  char               *xdg;
  AdeptDepsim        *sim;
  NanodepFixture     *nanodep;
  AdeptNanodepClient *client;
} Fixture;

static AdeptNanodepClient *
new_client (Fixture    *f,
            const char *api_key)
{
  g_autoptr(GError) error = NULL;
  AdeptNanodepClient *client;

  client = adept_nanodep_client_new (nanodep_fixture_get_url (f->nanodep), api_key, &error);
  g_assert_no_error (error);
  /* One quick retry: a test of the backend down should not wait out the back-off. */
  adept_nanodep_client_set_retry_policy (client, 1, 10, 2000);
  return client;
}

static AdeptDepsim *
new_simulator (guint64 seed)
{
  g_autoptr(GError) error = NULL;
  AdeptDepsim *sim = adept_depsim_new (seed, N_DEVICES);

  adept_depsim_start (sim, 0, &error);
  g_assert_no_error (error);
  return sim;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->xdg = adept_test_isolate_xdg ();
  f->sim = new_simulator (11);
  current_sim = f->sim;
  f->nanodep = nanodep_fixture_new (storage);
  remember_secret (nanodep_fixture_get_api_key (f->nanodep));
  /* Before any proxy call for the name: NanoDEP's proxy keeps the first address. */
  nanodep_fixture_point_name (f->nanodep, NAME, adept_depsim_get_base_url (f->sim));
  f->client = new_client (f, nanodep_fixture_get_api_key (f->nanodep));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *log = nanodep_fixture_dup_server_log (f->nanodep);

  /* NanoDEP logs every request's path: no call ever asked for the OAuth secrets. */
  g_assert_null (strstr (log, "/v1/tokens"));
  g_assert_nonnull (strstr (log, "path=/v1/config/" NAME));

  g_clear_object (&f->client);
  nanodep_fixture_free (f->nanodep);
  adept_depsim_stop (f->sim);
  g_clear_object (&f->sim);
  adept_test_assert_dir_has_no_secret (f->xdg, (const char * const *) secrets->pdata);
  adept_test_cleanup_dir (f->xdg);
  g_free (f->xdg);
}

/* ---- Calls, run to completion ---- */

static char *
download (Fixture     *f,
          const char  *name,
          char       **fingerprint)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *pem;

  adept_nanodep_client_download_certificate_async (f->client, name, NULL, adept_test_store_result, &result);
  adept_test_wait_result (&result);
  pem = adept_nanodep_client_download_certificate_finish (f->client, result, fingerprint, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (pem, "-----BEGIN CERTIFICATE-----"));
  return pem;
}

/* A token from the simulator for the certificate; its OAuth values join the secrets. */
static GBytes *
issue_token (AdeptDepsim *sim,
             const char  *pem)
{
  g_autoptr(AdeptSecret) payload = adept_depsim_issue_credentials (sim);
  g_autoptr(AdeptServerToken) token = adept_server_token_new_from_json (payload, NULL);
  g_autoptr(GError) error = NULL;
  GBytes *p7m;

  g_assert_nonnull (token);
  remember_secret (adept_server_token_get_consumer_key (token));
  remember_secret (adept_server_token_get_consumer_secret (token));
  remember_secret (adept_server_token_get_access_token (token));
  remember_secret (adept_server_token_get_access_secret (token));
  p7m = adept_depsim_token_build (pem, strlen (pem), payload, &error);
  g_assert_no_error (error);
  return p7m;
}

static gboolean
upload (Fixture     *f,
        const char  *name,
        GBytes      *token,
        gboolean     force,
        GDateTime  **expiry,
        char       **server_fingerprint,
        GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  adept_nanodep_client_upload_token_async (f->client, name, token, force, NULL,
                                           adept_test_store_result, &result);
  adept_test_wait_result (&result);
  return adept_nanodep_client_upload_token_finish (f->client, result, expiry, server_fingerprint, error);
}

static void
link_name (Fixture    *f,
           const char *name)
{
  g_autofree char *pem = download (f, name, NULL);
  g_autoptr(GBytes) token = issue_token (f->sim, pem);
  g_autoptr(GError) error = NULL;

  upload (f, name, token, FALSE, NULL, NULL, &error);
  g_assert_no_error (error);
}

static AdeptDepAccount *
proxy_account (AdeptNanodepClient  *client,
               const char          *name,
               GError             **error)
{
  g_autoptr(AdeptDepClient) dep = adept_nanodep_client_new_dep_client (client, name, NULL);
  g_autoptr(GAsyncResult) result = NULL;

  g_assert_nonnull (dep);
  adept_dep_client_set_retry_policy (dep, 1, 10, 2000);
  adept_dep_client_get_account_async (dep, NULL, adept_test_store_result, &result);
  adept_test_wait_result (&result);
  return adept_dep_client_get_account_finish (dep, result, error);
}

static GStrv
list_names (AdeptNanodepClient  *client,
            GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  adept_nanodep_client_list_names_async (client, NULL, adept_test_store_result, &result);
  adept_test_wait_result (&result);
  return adept_nanodep_client_list_names_finish (client, result, error);
}

static GPtrArray *
list_name_states (AdeptNanodepClient *client)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *states;

  adept_nanodep_client_list_name_states_async (client, NULL, adept_test_store_result, &result);
  adept_test_wait_result (&result);
  states = adept_nanodep_client_list_name_states_finish (client, result, &error);
  g_assert_no_error (error);
  return states;
}

static char *
get_assigner (Fixture     *f,
              const char  *name,
              GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  adept_nanodep_client_get_assigner_async (f->client, name, NULL, adept_test_store_result, &result);
  adept_test_wait_result (&result);
  return adept_nanodep_client_get_assigner_finish (f->client, result, error);
}

static gboolean
set_assigner (Fixture     *f,
              const char  *name,
              const char  *uuid,
              GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  adept_nanodep_client_set_assigner_async (f->client, name, uuid, NULL, adept_test_store_result, &result);
  adept_test_wait_result (&result);
  return adept_nanodep_client_set_assigner_finish (f->client, result, error);
}

/* The certificate NanoDEP uses as "current" for the name, read from its storage. */
static char *
current_certificate (Fixture    *f,
                     const char *name)
{
  g_autoptr(GError) error = NULL;
  char *pem = NULL;

  if (storage == NANODEP_FIXTURE_PGSQL)
    {
      g_autofree char *query = g_strdup_printf ("SELECT tokenpki_cert_pem FROM dep_names WHERE name = '%s'", name);
      g_autofree char *dsn = nanodep_fixture_dup_dsn (f->nanodep);
      const char *argv[] = { "psql", "-X", "-A", "-t", "-d", dsn, "-c", query, NULL };
      g_autofree char *err = NULL;

      g_assert_cmpint (adept_test_run (argv, NULL, &pem, &err), ==, 0);
      g_strchomp (pem);
    }
  else
    {
      g_autofree char *dsn = nanodep_fixture_dup_dsn (f->nanodep);
      g_autofree char *file = g_strconcat ("cert.", name, NULL);
      g_autofree char *path = g_build_filename (dsn, "dep_names", file, NULL);

      g_file_get_contents (path, &pem, NULL, &error);
      g_assert_no_error (error);
      g_strchomp (pem);
    }
  return pem;
}

static void
assert_names_the_backend (Fixture      *f,
                          const GError *error)
{
  g_assert_nonnull (strstr (error->message, "NanoDEP"));
  g_assert_nonnull (strstr (error->message, adept_nanodep_client_get_address (f->client)));
}

/* ---- Tests ---- */

static void
test_link_through_nanodep (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *first_fp = NULL;
  g_autofree char *fp = NULL;
  g_autofree char *first = download (f, NAME, &first_fp);
  g_autofree char *pem = download (f, NAME, &fp);
  g_autofree char *openssl_out = NULL;
  g_autofree char *expected_fp = NULL;
  g_autofree char *pem_path = g_build_filename (f->xdg, "nanodep.pem", NULL);
  g_autofree char *server_fp = NULL;
  g_autofree char *renewed_fp = NULL;
  g_autoptr(GBytes) token = NULL;
  g_autoptr(GBytes) renewal = NULL;
  g_autoptr(GDateTime) expiry = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(AdeptDepAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "openssl", "x509", "-noout", "-fingerprint", "-sha256", "-in", pem_path, NULL };
  GTimeSpan left;

  /* Each download is a new key pair at NanoDEP. */
  g_assert_cmpstr (first_fp, !=, fp);
  g_assert_cmpstr (first, !=, pem);

  /* The fingerprint is the certificate's SHA-256, as openssl computes it. */
  g_file_set_contents (pem_path, pem, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (adept_test_run (argv, NULL, &openssl_out, NULL), ==, 0);
  expected_fp = g_ascii_strdown (strchr (openssl_out, '=') + 1, -1);
  g_strchomp (expected_fp);
  g_assert_cmpstr (fp, ==, expected_fp);

  /* Before the upload NanoDEP has no token for the name: its proxy says so. */
  account = proxy_account (f->client, NAME, &error);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_BACKEND_UPSTREAM);
  assert_names_the_backend (f, error);
  g_clear_error (&error);

  token = issue_token (f->sim, pem);
  g_assert_true (upload (f, NAME, token, FALSE, &expiry, &server_fp, &error));
  g_assert_no_error (error);
  /* The simulator's tokens last a year. */
  left = g_date_time_difference (expiry, now);
  g_assert_cmpint (left, >, 364 * G_TIME_SPAN_DAY);
  g_assert_cmpint (left, <, 366 * G_TIME_SPAN_DAY);
  g_assert_cmpuint (strlen (server_fp), >=, 16);

  account = proxy_account (f->client, NAME, &error);
  g_assert_no_error (error);
  g_assert_nonnull (adept_dep_account_get_server_uuid (account));
  g_assert_nonnull (adept_dep_account_get_server_name (account));

  /* A renewal (new key, new token of the same ABM server) keeps the server fingerprint. */
  g_free (pem);
  pem = download (f, NAME, NULL);
  renewal = issue_token (f->sim, pem);
  g_assert_true (upload (f, NAME, renewal, FALSE, NULL, &renewed_fp, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (renewed_fp, ==, server_fp);
  g_clear_object (&account);
  account = proxy_account (f->client, NAME, &error);
  g_assert_no_error (error);
}

static gboolean
has_name (GPtrArray  *states,
          const char *name,
          gboolean    linked)
{
  for (guint i = 0; i < states->len; i++)
    {
      AdeptNanodepName *state = g_ptr_array_index (states, i);

      if (g_str_equal (adept_nanodep_name_get_name (state), name))
        {
          if (linked)
            return adept_nanodep_name_is_linked (state) &&
                   adept_dep_account_get_server_uuid (adept_nanodep_name_get_account (state)) != NULL;
          return !adept_nanodep_name_is_linked (state) &&
                 g_error_matches (adept_nanodep_name_get_error (state), ADEPT_ERROR,
                                  ADEPT_ERROR_BACKEND_UPSTREAM);
        }
    }
  return FALSE;
}

static void
test_names (Fixture       *f,
            gconstpointer  data)
{
  const char *waiting = "second team";
  g_auto(GStrv) names = NULL;
  g_autoptr(GPtrArray) states = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pem = NULL;

  /* No names yet: NanoDEP answers null, which is an empty list. */
  names = list_names (f->client, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (names), ==, 0);
  g_clear_pointer (&names, g_strfreev);

  link_name (f, NAME);
  nanodep_fixture_point_name (f->nanodep, waiting, adept_depsim_get_base_url (f->sim));
  pem = download (f, waiting, NULL);

  names = list_names (f->client, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (names), ==, 2);
  g_assert_cmpstr (names[0], ==, waiting);
  g_assert_cmpstr (names[1], ==, NAME);

  states = list_name_states (f->client);
  g_assert_cmpuint (states->len, ==, 2);
  g_assert_true (has_name (states, NAME, TRUE));
  g_assert_true (has_name (states, waiting, FALSE));
}

static void
test_token_for_older_download (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *older = download (f, NAME, NULL);
  g_autofree char *newer = download (f, NAME, NULL);
  g_autoptr(GBytes) stale = issue_token (f->sim, older);
  g_autoptr(GBytes) fresh = NULL;
  g_autoptr(AdeptDepAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (upload (f, NAME, stale, FALSE, NULL, NULL, &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_TOKEN_WRONG_KEY);
  assert_names_the_backend (f, error);
  g_assert_nonnull (strstr (error->message, "another public key"));
  g_assert_nonnull (strstr (error->message, "NanoDEP changed nothing"));
  g_clear_error (&error);

  /* Nothing changed: still no token, and the newer download still works. */
  account = proxy_account (f->client, NAME, &error);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_BACKEND_UPSTREAM);
  g_clear_error (&error);
  fresh = issue_token (f->sim, newer);
  g_assert_true (upload (f, NAME, fresh, FALSE, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
test_not_a_token (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GBytes) garbage = g_bytes_new_static ("not a token\n", 12);
  g_autofree char *pem = NULL;
  g_autoptr(GBytes) token = NULL;
  g_autoptr(GError) error = NULL;

  /* No key downloaded for the name yet. */
  token = issue_token (f->sim, (pem = download (f, "other", NULL)));
  g_assert_false (upload (f, "never-downloaded", token, FALSE, NULL, NULL, &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_NO_KEY);
  assert_names_the_backend (f, error);
  g_clear_error (&error);

  g_assert_false (upload (f, "other", garbage, FALSE, NULL, NULL, &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_TOKEN_NOT_A_TOKEN);
  assert_names_the_backend (f, error);
}

static void
test_mismatched_consumer_key (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(AdeptDepsim) other = new_simulator (12);
  g_autofree char *first_fp = NULL;
  g_autofree char *forced_fp = NULL;
  g_autofree char *pem = NULL;
  g_autofree char *current = NULL;
  g_autoptr(GBytes) foreign = NULL;
  g_autoptr(AdeptDepAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  {
    g_autofree char *first = download (f, NAME, NULL);
    g_autoptr(GBytes) token = issue_token (f->sim, first);

    g_assert_true (upload (f, NAME, token, FALSE, NULL, &first_fp, &error));
    g_assert_no_error (error);
  }

  /* A token of another MDM server in ABM (another simulator: another consumer key). */
  pem = download (f, NAME, NULL);
  foreign = issue_token (other, pem);
  g_assert_false (upload (f, NAME, foreign, FALSE, NULL, NULL, &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_BACKEND_CONSUMER_KEY);
  assert_names_the_backend (f, error);
  g_assert_nonnull (strstr (error->message, "another administrator renewed"));
  g_assert_nonnull (strstr (error->message, "already made the last downloaded public key its current one"));
  g_clear_error (&error);

  /* What the sentence says NanoDEP did: the new key is current, the old token stays. */
  current = current_certificate (f, NAME);
  g_assert_cmpstr (current, ==, g_strchomp (pem));
  account = proxy_account (f->client, NAME, &error);
  g_assert_no_error (error);
  g_clear_object (&account);

  /* With force (after the admin confirmed) the other server's token replaces it. */
  g_assert_true (upload (f, NAME, foreign, TRUE, NULL, &forced_fp, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (forced_fp, !=, first_fp);

  /* The name still points at the first simulator, which refuses the other's token when
   * NanoDEP opens its next session: a 502 with Apple's answer, named as NanoDEP's token. */
  adept_depsim_expire_sessions (f->sim);
  account = proxy_account (f->client, NAME, &error);
  g_assert_null (account);
  g_assert_true (error->domain == ADEPT_ERROR &&
                 (error->code == ADEPT_ERROR_AUTH_FAILED || error->code == ADEPT_ERROR_TOKEN_REJECTED));
  assert_names_the_backend (f, error);
  g_assert_nonnull (strstr (error->message, NAME));

  adept_depsim_stop (other);
}

static void
test_wrong_api_key (Fixture       *f,
                    gconstpointer  data)
{
  const char *wrong_key = "not-the-nanodep-api-key";
  g_autoptr(AdeptNanodepClient) wrong = new_client (f, wrong_key);
  g_autoptr(AdeptDepAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;

  remember_secret (wrong_key);
  link_name (f, NAME);

  names = list_names (wrong, &error);
  g_assert_null (names);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_BACKEND_AUTH);
  g_assert_nonnull (strstr (error->message, "refused the API key"));
  g_assert_nonnull (strstr (error->message, adept_nanodep_client_get_address (wrong)));
  g_assert_null (strstr (error->message, wrong_key));
  g_clear_error (&error);

  account = proxy_account (wrong, NAME, &error);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_BACKEND_AUTH);
}

static void
test_backend_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(AdeptDepAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;

  link_name (f, NAME);
  nanodep_fixture_stop_server (f->nanodep);

  names = list_names (f->client, &error);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_NETWORK);
  assert_names_the_backend (f, error);
  g_assert_null (strstr (error->message, "Apple"));
  g_clear_error (&error);

  /* Apple's calls through the proxy: the backend is what is down, not Apple. */
  account = proxy_account (f->client, NAME, &error);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_NETWORK);
  assert_names_the_backend (f, error);
  g_assert_null (strstr (error->message, "Apple"));
}

static void
test_assigner_and_config (Fixture       *f,
                          gconstpointer  data)
{
  const char *uuid = "8D3B2C1A9F0E4D5C6B7A8F9E0D1C2B3A";
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *assigner = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *dep_url = NULL;

  assigner = get_assigner (f, NAME, &error);
  g_assert_no_error (error);
  g_assert_null (assigner);

  g_assert_true (set_assigner (f, NAME, uuid, &error));
  g_assert_no_error (error);
  assigner = get_assigner (f, NAME, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (assigner, ==, uuid);
  /* As NanoDEP itself answers it. */
  g_assert_cmpuint (nanodep_fixture_request (f->nanodep, "GET", "/v1/assigner/" NAME, NULL, &answer), ==, 200);
  g_assert_nonnull (strstr (answer, uuid));

  g_assert_false (set_assigner (f, NAME, "", &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_BAD_REQUEST);
  g_clear_error (&error);

  /* The DEP address the fixture set, and none for a name never configured. */
  adept_nanodep_client_get_dep_url_async (f->client, NAME, NULL, adept_test_store_result, &result);
  adept_test_wait_result (&result);
  dep_url = adept_nanodep_client_get_dep_url_finish (f->client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dep_url, ==, adept_depsim_get_base_url (f->sim));
  g_clear_object (&result);
  g_clear_pointer (&dep_url, g_free);
  adept_nanodep_client_get_dep_url_async (f->client, "unconfigured", NULL, adept_test_store_result, &result);
  adept_test_wait_result (&result);
  dep_url = adept_nanodep_client_get_dep_url_finish (f->client, result, &error);
  g_assert_no_error (error);
  g_assert_null (dep_url);
  g_clear_object (&result);

  /* Set through the client: Adept's rule for DEP addresses holds (https, or loopback). */
  adept_nanodep_client_set_dep_url_async (f->client, "apple", "http://mdmenrollment.apple.com", NULL,
                                          adept_test_store_result, &result);
  adept_test_wait_result (&result);
  g_assert_false (adept_nanodep_client_set_dep_url_finish (f->client, result, &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_INSECURE_URL);
  g_clear_error (&error);
  g_clear_object (&result);
  adept_nanodep_client_set_dep_url_async (f->client, "apple", "https://mdmenrollment.apple.com", NULL,
                                          adept_test_store_result, &result);
  adept_test_wait_result (&result);
  g_assert_true (adept_nanodep_client_set_dep_url_finish (f->client, result, &error));
  g_assert_no_error (error);
  g_clear_pointer (&answer, g_free);
  g_assert_cmpuint (nanodep_fixture_request (f->nanodep, "GET", "/v1/config/apple", NULL, &answer), ==, 200);
  g_assert_nonnull (strstr (answer, "https://mdmenrollment.apple.com"));
}

/* The simulator's truth: serial → profile UUID ("" for none) of every device on the server. */
static GHashTable *
profiles_by_serial (AdeptDepsim *sim)
{
  g_autofree char *truth = adept_depsim_dup_truth_json (sim);
  g_autoptr(JsonObject) root = adept_test_parse_object (truth);
  JsonArray *devices = json_object_get_array_member (root, "devices");
  GHashTable *profiles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; i < json_array_get_length (devices); i++)
    {
      JsonObject *device = json_array_get_object_element (devices, i);

      g_hash_table_insert (profiles, g_strdup (json_object_get_string_member (device, "serial_number")),
                           g_strdup (json_object_get_string_member_with_default (device, "profile_uuid", "")));
    }
  return profiles;
}

/* How many devices (of serials, or all) have this profile. */
static guint
count_with_profile (AdeptDepsim        *sim,
                    const char         *uuid,
                    const char * const *serials)
{
  g_autoptr(GHashTable) profiles = profiles_by_serial (sim);
  GHashTableIter iter;
  gpointer serial, profile;
  guint n = 0;

  g_hash_table_iter_init (&iter, profiles);
  while (g_hash_table_iter_next (&iter, &serial, &profile))
    if (g_str_equal (profile, uuid) && (serials == NULL || g_strv_contains (serials, serial)))
      n++;
  return n;
}

typedef struct {
  AdeptDepsim *sim;
  const char  *uuid;
  GStrv        serials;
} Assigned;

/* Every one of the serials (user_data) has some profile. */
static gboolean
any_profile_on_all (gpointer user_data)
{
  const char * const *serials = user_data;
  g_autoptr(GHashTable) profiles = profiles_by_serial (current_sim);

  for (guint i = 0; serials[i] != NULL; i++)
    {
      const char *profile = g_hash_table_lookup (profiles, serials[i]);

      if (profile == NULL || *profile == '\0')
        return FALSE;
    }
  return TRUE;
}

static gboolean
all_assigned (gpointer user_data)
{
  Assigned *assigned = user_data;

  return count_with_profile (assigned->sim, assigned->uuid, (const char * const *) assigned->serials) ==
         g_strv_length (assigned->serials);
}

static char *
define_profile_through_proxy (Fixture *f)
{
  g_autoptr(AdeptDepClient) dep = adept_nanodep_client_new_dep_client (f->client, NAME, NULL);
  g_autoptr(AdeptDepProfile) profile = adept_dep_profile_new ();
  g_autoptr(AdeptDeviceResults) results = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  adept_dep_profile_set_profile_name (profile, "Team default");
  adept_dep_profile_set_url (profile, "https://mdm.example.com/enroll");
  adept_dep_client_define_profile_async (dep, profile, NULL, adept_test_store_result, &result);
  adept_test_wait_result (&result);
  results = adept_dep_client_define_profile_finish (dep, result, &error);
  g_assert_no_error (error);
  return g_strdup (adept_device_results_get_profile_uuid (results));
}

typedef struct {
  NanodepFixture *nanodep;
  const char     *text;
} LogWait;

static gboolean
syncer_logged (gpointer user_data)
{
  LogWait *wait = user_data;
  g_autofree char *log = nanodep_fixture_dup_syncer_log (wait->nanodep);

  return strstr (log, wait->text) != NULL;
}

static void
test_depsyncer_assigns_new_devices (Fixture       *f,
                                    gconstpointer  data)
{
  g_autofree char *uuid = NULL;
  g_auto(GStrv) added = NULL;
  g_auto(GStrv) first = NULL;
  LogWait logged = { f->nanodep, "profile assigned" };
  Assigned assigned;
  g_autoptr(GError) error = NULL;

  link_name (f, NAME);
  uuid = define_profile_through_proxy (f);
  g_assert_nonnull (uuid);
  /* The team's default, set before depsyncer starts: so its first fetch would be
   * assigned too if depsyncer assigned fetched devices. */
  g_assert_true (set_assigner (f, NAME, uuid, &error));
  g_assert_no_error (error);

  nanodep_fixture_start_syncer (f->nanodep, NAME);
  /* Its first cycle: a fetch of the server's devices, then one sync. */
  nanodep_fixture_wait_for_sync (f->nanodep, f->sim, 1);
  g_assert_cmpuint (adept_depsim_get_request_count (f->sim, "/server/devices"), >=, 1);

  first = adept_depsim_dup_serials (f->sim);
  added = adept_depsim_add_devices (f->sim, 3, TRUE);
  /* A device of the first fetch, changed in ABM: it arrives as "modified". */
  adept_depsim_edit_device (f->sim, first[0], "description", "Renamed", &error);
  g_assert_no_error (error);

  nanodep_fixture_sync_now (f->nanodep);
  assigned = (Assigned) { f->sim, uuid, added };
  nanodep_fixture_wait_until (all_assigned, &assigned, ASSIGN_TIMEOUT_MS,
                              "depsyncer to assign the added devices");

  /* Only the added ones: not those of its first fetch, not the modified one. The
   * console's own auto-assigner covers those. */
  g_assert_cmpuint (count_with_profile (f->sim, uuid, NULL), ==, 3);
  /* The simulator has the assignment before depsyncer reads its answer and logs it:
   * stopping depsyncer as soon as the devices are assigned could cut that line off. */
  nanodep_fixture_wait_until (syncer_logged, &logged, ASSIGN_TIMEOUT_MS,
                              "depsyncer to log the assignment");
  nanodep_fixture_stop_syncer (f->nanodep);
}

/* Adds devices, asks depsyncer to sync, and returns the profile they all got. */
static char *
profile_of_new_devices (Fixture *f)
{
  g_auto(GStrv) added = adept_depsim_add_devices (f->sim, 2, TRUE);
  g_autoptr(GHashTable) profiles = NULL;

  nanodep_fixture_sync_now (f->nanodep);
  nanodep_fixture_wait_until (any_profile_on_all, added, ASSIGN_TIMEOUT_MS,
                              "depsyncer to assign the added devices");
  profiles = profiles_by_serial (f->sim);
  g_assert_cmpstr (g_hash_table_lookup (profiles, added[0]), ==, g_hash_table_lookup (profiles, added[1]));
  return g_strdup (g_hash_table_lookup (profiles, added[0]));
}

/* NanoDEP's file storage (filekv) caches what a process has read: a depsyncer that read
 * the assigner keeps it until restarted, while with PostgreSQL it sees a change at once.
 * README and the console say so; this pins the behaviour of the pinned version. */
static void
test_assigner_changed_while_running (Fixture       *f,
                                     gconstpointer  data)
{
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *got = NULL;
  g_autoptr(GError) error = NULL;
  LogWait read_first = { f->nanodep, "no serials to assign" };
  guint syncs;

  link_name (f, NAME);
  first = define_profile_through_proxy (f);
  second = define_profile_through_proxy (f);
  g_assert_true (set_assigner (f, NAME, first, &error));

  nanodep_fixture_start_syncer (f->nanodep, NAME);
  /* Its assigner read the first profile for the pages of its first fetch. */
  nanodep_fixture_wait_until (syncer_logged, &read_first, ASSIGN_TIMEOUT_MS,
                              "depsyncer's assigner to read the first profile");
  nanodep_fixture_wait_for_sync (f->nanodep, f->sim, 1);

  g_assert_true (set_assigner (f, NAME, second, &error));
  got = profile_of_new_devices (f);
  g_assert_cmpstr (got, ==, storage == NANODEP_FIXTURE_PGSQL ? second : first);

  /* A restarted depsyncer reads the second. */
  syncs = adept_depsim_get_request_count (f->sim, "/devices/sync");
  nanodep_fixture_stop_syncer (f->nanodep);
  nanodep_fixture_start_syncer (f->nanodep, NAME);
  nanodep_fixture_wait_for_sync (f->nanodep, f->sim, syncs + 1);
  g_free (got);
  got = profile_of_new_devices (f);
  g_assert_cmpstr (got, ==, second);
}

/* The flags of the example systemd units in docs/nanodep exist in the pinned programs. */
static void
test_example_units (void)
{
  const char *units[][2] = {
    { "depserver.service", "depserver" },
    { "depsyncer@.service", "depsyncer" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    {
      g_autofree char *path = adept_test_src_path ("..", "docs", "nanodep", units[i][0], NULL);
      g_autofree char *binary = g_build_filename (g_getenv ("ADEPT_NANODEP_DIR"), "bin", units[i][1], NULL);
      const char *argv[] = { binary, "-help", NULL };
      g_autofree char *unit = NULL;
      g_autofree char *help = NULL;
      g_autofree char *joined = NULL;
      g_auto(GStrv) words = NULL;
      g_autoptr(GError) error = NULL;
      const char *exec;
      const char *end;
      guint flags = 0;

      g_file_get_contents (path, &unit, NULL, &error);
      g_assert_no_error (error);
      adept_test_run (argv, NULL, NULL, &help);
      exec = strstr (unit, "\nExecStart=");
      g_assert_nonnull (exec);
      /* The command with its continuation lines (ending in a backslash). */
      end = exec + 1;
      while ((end = strchr (end, '\n')) != NULL && end[-1] == '\\')
        end++;
      joined = end ? g_strndup (exec + 1, end - exec - 1) : g_strdup (exec + 1);
      words = g_strsplit_set (joined, " \\\n", -1);
      for (guint w = 0; words[w] != NULL; w++)
        if (words[w][0] == '-' && words[w][1] != '\0')
          {
            g_autofree char *with_value = g_strdup_printf ("  %s ", words[w]);
            g_autofree char *boolean = g_strdup_printf ("  %s\n", words[w]);

            if (strstr (help, with_value) == NULL && strstr (help, boolean) == NULL)
              g_error ("%s uses %s, which %s does not have", units[i][0], words[w], units[i][1]);
            flags++;
          }
      g_assert_cmpuint (flags, >=, 3);
    }
}

/* Adept's DEP client through the proxy speaks protocol version 10 itself (NanoDEP would
 * send 7): the simulator answers THROTTLED with a wait only from version 10. */
static void
test_protocol_version_through_proxy (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(AdeptDepClient) dep = NULL;
  g_autoptr(AdeptDeviceResults) results = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = NULL;
  g_auto(GStrv) serials = NULL;
  const char *two[3] = { NULL };

  link_name (f, NAME);
  uuid = define_profile_through_proxy (f);
  serials = adept_depsim_dup_serials (f->sim);
  two[0] = serials[0];
  two[1] = serials[1];
  adept_depsim_set_assign_throttle (f->sim, 1, 42);

  dep = adept_nanodep_client_new_dep_client (f->client, NAME, &error);
  g_assert_no_error (error);
  adept_dep_client_assign_profile_async (dep, uuid, two, NULL, adept_test_store_result, &result);
  adept_test_wait_result (&result);
  results = adept_dep_client_assign_profile_finish (dep, result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (adept_device_results_count (results, ADEPT_DEVICE_RESULT_THROTTLED), ==, 1);
  g_assert_cmpint (adept_device_results_count (results, ADEPT_DEVICE_RESULT_SUCCESS), ==, 1);
  g_assert_cmpint (adept_device_results_get_retry_after_seconds (results), ==, 42);
}

/* ---- adeptctl ---- */

typedef struct {
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* adeptctl with the fixture's server and key file; the main context keeps running, as
 * the in-process simulator answers NanoDEP's proxy from it. */
static void
adeptctl (Run               *run,
          const char        *stdin_text,
          const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (argv, (gpointer) g_getenv ("ADEPTCTL"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                               G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, stdin_text, NULL, adept_test_store_result, &result);
  adept_test_wait_result (&result);
  g_subprocess_communicate_utf8_finish (process, result, &run->out, &run->err, &error);
  g_assert_no_error (error);
  run->status = g_subprocess_get_exit_status (process);
  adept_test_assert_no_secret ("adeptctl's output", run->out, strlen (run->out),
                               (const char * const *) secrets->pdata);
  adept_test_assert_no_secret ("adeptctl's errors", run->err, strlen (run->err),
                               (const char * const *) secrets->pdata);
}

static void
test_adeptctl (Fixture       *f,
               gconstpointer  data)
{
  const char *url = nanodep_fixture_get_url (f->nanodep);
  /* The admin's own key files, apart from Adept's folders (which must hold no secret). */
  g_autofree char *keys = adept_test_make_tmpdir ();
  g_autofree char *key_file = g_build_filename (keys, "api-key", NULL);
  g_autofree char *wrong_file = g_build_filename (keys, "wrong-key", NULL);
  g_autofree char *key_line = g_strconcat (nanodep_fixture_get_api_key (f->nanodep), "\n", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autofree char *pem = NULL;
  JsonArray *names;

  /* A key file as an admin writes it: the key and a newline, readable by the owner. */
  g_file_set_contents_full (key_file, key_line, -1, G_FILE_SET_CONTENTS_NONE, 0600, &error);
  g_assert_no_error (error);
  g_file_set_contents_full (wrong_file, "not-the-nanodep-api-key\n", -1, G_FILE_SET_CONTENTS_NONE, 0600, &error);
  g_assert_no_error (error);
  remember_secret ("not-the-nanodep-api-key");

  link_name (f, NAME);
  nanodep_fixture_point_name (f->nanodep, "waiting", adept_depsim_get_base_url (f->sim));
  pem = download (f, "waiting", NULL);

  {
    g_auto(Run) run = { 0 };
    const char *args[] = { "nanodep", "names", "--url", url, "--api-key-file", key_file, NULL };

    adeptctl (&run, NULL, args);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, NAME "  linked to"));
    g_assert_nonnull (strstr (run.out, "waiting"));
    g_assert_nonnull (strstr (run.out, "not linked"));
  }
  {
    /* The key from standard input, JSON for scripts. */
    g_auto(Run) run = { 0 };
    const char *args[] = { "nanodep", "names", "--json", "--url", url, "--api-key-file", "-", NULL };

    adeptctl (&run, key_line, args);
    g_assert_cmpint (run.status, ==, 0);
    answer = adept_test_parse_object (run.out);
    names = json_object_get_array_member (answer, "names");
    g_assert_cmpuint (json_array_get_length (names), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (names, 0), "dep_name"), ==, NAME);
    g_assert_true (json_object_get_boolean_member (json_array_get_object_element (names, 0), "linked"));
    g_assert_nonnull (json_object_get_string_member (json_array_get_object_element (names, 0), "server_uuid"));
    g_assert_false (json_object_get_boolean_member (json_array_get_object_element (names, 1), "linked"));
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (names, 1), "problem"), ==, "backend-upstream");
  }
  {
    g_auto(Run) run = { 0 };
    const char *args[] = { "nanodep", "names", "--url", url, "--api-key-file", wrong_file, NULL };

    adeptctl (&run, NULL, args);
    g_assert_cmpint (run.status, ==, 5);
    g_assert_nonnull (strstr (run.err, "refused the API key"));
    g_assert_cmpstr (run.out, ==, "");
  }
  {
    g_auto(Run) set = { 0 };
    g_auto(Run) get = { 0 };
    const char *set_args[] = { "nanodep", "assigner", "set", "--url", url, "--api-key-file", key_file,
                               "--dep-name", NAME, "0A1B2C3D4E5F60718293A4B5C6D7E8F9", NULL };
    const char *get_args[] = { "--json", "nanodep", "assigner", "get", "--url", url, "--api-key-file", key_file,
                               "--dep-name", NAME, NULL };
    g_autoptr(JsonObject) got = NULL;

    adeptctl (&set, NULL, set_args);
    g_assert_cmpint (set.status, ==, 0);
    adeptctl (&get, NULL, get_args);
    g_assert_cmpint (get.status, ==, 0);
    got = adept_test_parse_object (get.out);
    g_assert_cmpstr (json_object_get_string_member (got, "profile_uuid"), ==, "0A1B2C3D4E5F60718293A4B5C6D7E8F9");
  }
  {
    g_auto(Run) run = { 0 };
    const char *args[] = { "nanodep", "config", "get", "--url", url, "--api-key-file", key_file,
                           "--dep-name", NAME, NULL };

    adeptctl (&run, NULL, args);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, adept_depsim_get_base_url (f->sim)));
  }
  {
    g_auto(Run) run = { 0 };
    const char *args[] = { "nanodep", "version", "--url", url, NULL };

    adeptctl (&run, NULL, args);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "v0.7.0"));
  }
  {
    /* The key is never an argument: a FIFO or /dev/zero named as its file is refused. */
    g_auto(Run) run = { 0 };
    const char *args[] = { "nanodep", "names", "--url", url, "--api-key-file", "/dev/zero", NULL };

    adeptctl (&run, NULL, args);
    g_assert_cmpint (run.status, ==, 4);
    g_assert_nonnull (strstr (run.err, "not a regular file"));
  }
  adept_test_cleanup_dir (keys);
}

static void
test_leaks (void)
{
  g_autofree char *log = adept_test_dup_captured_log ();

  /* The capture saw the clients' debug messages, and no secret. */
  g_assert_nonnull (strstr (log, "PUT /v1/tokenpki/"));
  adept_test_assert_no_secret ("the log", log, strlen (log), (const char * const *) secrets->pdata);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *prefix = NULL;
  int status;

  nanodep_fixture_require ();
  storage = nanodep_fixture_storage_from_env ();
  /* Every debug message is produced (and captured), to check none carries a secret. */
  adept_test_capture_log ();
  secrets = g_ptr_array_new_null_terminated (8, g_free, TRUE);

  g_test_init (&argc, &argv, NULL);
  prefix = g_strdup_printf ("/nanodep/%s/", nanodep_fixture_storage_name (storage));

#define ADD(path, func)                                                                  \
  do {                                                                                   \
    g_autofree char *full = g_strconcat (prefix, path, NULL);                            \
    g_test_add (full, Fixture, NULL, fixture_set_up, func, fixture_tear_down);           \
  } while (0)

  ADD ("link-through-nanodep", test_link_through_nanodep);
  ADD ("mismatched-consumer-key", test_mismatched_consumer_key);
  ADD ("depsyncer-assigns-new-devices", test_depsyncer_assigns_new_devices);
  ADD ("assigner-changed-while-running", test_assigner_changed_while_running);
  if (storage == NANODEP_FIXTURE_FILEKV)
    {
      ADD ("names", test_names);
      ADD ("token-for-older-download", test_token_for_older_download);
      ADD ("not-a-token", test_not_a_token);
      ADD ("wrong-api-key", test_wrong_api_key);
      ADD ("backend-down", test_backend_down);
      ADD ("assigner-and-config", test_assigner_and_config);
      ADD ("adeptctl", test_adeptctl);
      ADD ("protocol-version-through-proxy", test_protocol_version_through_proxy);
    }
#undef ADD
  if (storage == NANODEP_FIXTURE_FILEKV)
    g_test_add_func ("/nanodep/example-units", test_example_units);
  {
    g_autofree char *leaks = g_strconcat (prefix, "no-secret-in-the-log", NULL);

    g_test_add_func (leaks, test_leaks);
  }

  status = g_test_run ();
  return status;
}
