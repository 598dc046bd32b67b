/* test-server.c — AdeptServer against the real keyring: key pair, link, renew, unlink,
 * and what a failure leaves behind
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "adept-context.h"
#include "adept-credentials.h"
#include "adept-error.h"
#include "adept-secret.h"
#include "adept-server.h"
#include "adept-test-util.h"

/* The fixture token's consumer key (tests/make-token-fixtures.sh). */
#define FIXTURE_CK "CK_3a6b0e5f9c2d4e8f1a7b3c5d9e0f2a4b6c8d0e1f3a5b7c9d1e2f4a6b8c0d2e4f6a8b0c1d3e5f7a9b1c2d4e6f8a0b"

static char *xdg_dir;

static AdeptKeyPair *
ensure_key_pair (AdeptServer         *server,
                 AdeptServerKeyFlags  flags,
                 GError             **error)
{
  return adept_server_ensure_key_pair_sync (server, "Adept test", flags, NULL, error);
}

static AdeptServerToken *
inspect (AdeptServer  *server,
         const char   *fixture,
         GError      **error)
{
  g_autofree char *path = adept_test_src_path ("fixtures", "tokens", fixture, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return adept_server_inspect_token_sync (server, file, NULL, error);
}

static gboolean
link_token (AdeptServer       *server,
            AdeptServerToken  *token,
            GError           **error)
{
  return adept_server_link_sync (server, token, "Test Server", NULL, NULL, error);
}

static AdeptServer *
open_server (const char *id)
{
  g_autoptr(GError) error = NULL;
  AdeptServer *server = adept_server_new (id);

  g_assert_true (adept_server_load (server, &error));
  g_assert_no_error (error);
  return server;
}

static AdeptServerToken *
make_token (const char *consumer_key,
            const char *access_token,
            int         days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) expiry = g_date_time_add_days (now, days);

  return adept_server_token_new (consumer_key, "CS_test-consumer-secret", access_token,
                                 "AS_test-access-secret", expiry);
}

static char *
server_file (const char *id,
             const char *name)
{
  g_autofree char *dir = adept_context_dup_server_dir (id, NULL);

  return g_build_filename (dir, name, NULL);
}

static char *
read_server_file (const char *id,
                  const char *name)
{
  g_autofree char *path = server_file (id, name);
  char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return NULL;
  return contents;
}

static void
assert_mode (const char *path,
             guint       mode)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 0777, ==, mode);
}

static void
import_fixture_key_pair (AdeptServer *server)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key_path = adept_test_src_path ("fixtures", "tokens", "ours.key", NULL);
  g_autofree char *cert_path = adept_test_src_path ("fixtures", "tokens", "ours.crt", NULL);
  g_autoptr(AdeptSecret) key_pem = NULL;
  g_autofree char *cert_pem = NULL;
  g_autoptr(AdeptKeyPair) key_pair = NULL;

  g_assert_true (g_file_get_contents (key_path, &key_pem, NULL, NULL));
  g_assert_true (g_file_get_contents (cert_path, &cert_pem, NULL, NULL));
  key_pair = adept_server_import_key_pair_sync (server, key_pem, cert_pem,
                                                ADEPT_SERVER_KEY_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (key_pair);
}

static void
test_ensure_key_pair_is_stable (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptServer) server = open_server ("stable");
  g_autoptr(AdeptServer) again = NULL;
  g_autoptr(AdeptKeyPair) first = NULL;
  g_autoptr(AdeptKeyPair) second = NULL;
  g_autofree char *first_fp = NULL;
  g_autofree char *second_fp = NULL;
  g_autofree char *pem = NULL;
  g_autofree char *dir = adept_context_dup_server_dir ("stable", NULL);
  g_autofree char *cert_path = server_file ("stable", "certificate.pem");
  g_autofree char *ini_path = server_file ("stable", "server.ini");
  g_autoptr(AdeptSecret) private_pem = NULL;

  g_assert_false (adept_server_has_key_pair (server));
  first = ensure_key_pair (server, ADEPT_SERVER_KEY_NONE, &error);
  g_assert_no_error (error);
  g_assert_true (adept_server_has_key_pair (server));

  /* A second object reads the same pair back instead of making another. */
  again = open_server ("stable");
  second = ensure_key_pair (again, ADEPT_SERVER_KEY_NONE, &error);
  g_assert_no_error (error);
  first_fp = adept_key_pair_dup_fingerprint (first);
  second_fp = adept_key_pair_dup_fingerprint (second);
  g_assert_cmpstr (first_fp, ==, second_fp);
  g_assert_cmpstr (adept_server_get_certificate_fingerprint (again), ==, first_fp);

  pem = adept_server_dup_certificate_pem (again, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (pem, "-----BEGIN CERTIFICATE-----"));

  assert_mode (dir, 0700);
  assert_mode (cert_path, 0600);
  assert_mode (ini_path, 0600);

  /* The private key is in the keyring, and in no file of ours. */
  private_pem = adept_credentials_lookup_sync ("stable", ADEPT_SECRET_PRIVATE_KEY, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (private_pem, "-----BEGIN PRIVATE KEY-----"));
  adept_test_assert_dir_has_no_secret (xdg_dir,
                                       (const char * const[]) { private_pem + 40, NULL });
}

static void
test_half_key_pair_is_an_error (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptServer) server = open_server ("half");
  g_autoptr(AdeptKeyPair) original = NULL;
  g_autoptr(AdeptKeyPair) key_pair = NULL;
  g_autoptr(AdeptKeyPair) replaced = NULL;
  g_autofree char *cert_path = server_file ("half", "certificate.pem");
  g_autofree char *original_fp = NULL;
  g_autofree char *replaced_fp = NULL;

  original = ensure_key_pair (server, ADEPT_SERVER_KEY_NONE, &error);
  g_assert_no_error (error);
  original_fp = adept_key_pair_dup_fingerprint (original);

  /* Certificate without key: refused, and nothing regenerated behind the admin's back. */
  g_assert_true (adept_credentials_clear_sync ("half", ADEPT_SECRET_PRIVATE_KEY, NULL, &error));
  key_pair = ensure_key_pair (server, ADEPT_SERVER_KEY_NONE, &error);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_NO_KEY);
  g_assert_nonnull (strstr (error->message, "not in the keyring"));
  g_assert_null (key_pair);
  g_clear_error (&error);
  g_assert_cmpstr (adept_server_get_certificate_fingerprint (server), ==, original_fp);

  /* Asked for explicitly, a new pair replaces the half one. */
  replaced = ensure_key_pair (server, ADEPT_SERVER_KEY_REPLACE, &error);
  g_assert_no_error (error);
  replaced_fp = adept_key_pair_dup_fingerprint (replaced);
  g_assert_cmpstr (replaced_fp, !=, original_fp);
  g_assert_cmpstr (adept_server_get_certificate_fingerprint (server), ==, replaced_fp);

  /* Key without certificate: refused too. */
  g_assert_cmpint (g_unlink (cert_path), ==, 0);
  g_clear_object (&key_pair);
  key_pair = ensure_key_pair (server, ADEPT_SERVER_KEY_NONE, &error);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_NO_KEY);
  g_assert_nonnull (strstr (error->message, "certificate"));
  g_clear_error (&error);

  g_assert_true (adept_server_unlink_sync (server, NULL, &error));
  g_assert_no_error (error);
}

static void
test_import_key_pair (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptServer) server = open_server ("import");
  g_autoptr(AdeptKeyPair) mismatched = NULL;
  g_autoptr(AdeptKeyPair) again = NULL;
  g_autoptr(AdeptServerToken) token = NULL;
  g_autofree char *key_path = adept_test_src_path ("fixtures", "tokens", "ours.key", NULL);
  g_autofree char *other_cert_path = adept_test_src_path ("fixtures", "tokens", "other.crt", NULL);
  g_autofree char *cert_path = adept_test_src_path ("fixtures", "tokens", "ours.crt", NULL);
  g_autoptr(AdeptSecret) key_pem = NULL;
  g_autofree char *other_cert_pem = NULL;
  g_autofree char *cert_pem = NULL;
  g_autofree char *exported = NULL;

  g_assert_true (g_file_get_contents (key_path, &key_pem, NULL, NULL));
  g_assert_true (g_file_get_contents (other_cert_path, &other_cert_pem, NULL, NULL));
  g_assert_true (g_file_get_contents (cert_path, &cert_pem, NULL, NULL));

  mismatched = adept_server_import_key_pair_sync (server, key_pem, other_cert_pem,
                                                  ADEPT_SERVER_KEY_NONE, NULL, &error);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_CERT_KEY_MISMATCH);
  g_assert_null (mismatched);
  g_assert_false (adept_server_has_key_pair (server));
  g_clear_error (&error);

  import_fixture_key_pair (server);
  exported = adept_server_dup_certificate_pem (server, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (exported, ==, cert_pem);

  /* The imported key decrypts a token made for its certificate by openssl. */
  token = inspect (server, "apple.p7m", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (adept_server_token_get_consumer_key (token), ==, FIXTURE_CK);
  g_assert_false (adept_server_is_linked (server));

  /* Once linked, replacing the pair needs the explicit flag. */
  g_assert_true (link_token (server, token, &error));
  g_assert_no_error (error);
  again = adept_server_import_key_pair_sync (server, key_pem, cert_pem,
                                             ADEPT_SERVER_KEY_NONE, NULL, &error);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_FAILED);
  g_assert_null (again);
  g_clear_error (&error);
  again = adept_server_import_key_pair_sync (server, key_pem, cert_pem,
                                             ADEPT_SERVER_KEY_REPLACE, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (again);

  g_assert_true (adept_server_unlink_sync (server, NULL, &error));
  g_assert_no_error (error);
}

static void
test_inspect_stores_nothing (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptServer) server = open_server ("inspect");
  g_autoptr(AdeptServerToken) token = NULL;
  g_autoptr(AdeptServerToken) expired = NULL;
  g_autoptr(AdeptServerToken) wrong = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *ini_before = NULL;
  g_autofree char *ini_after = NULL;
  g_autoptr(AdeptSecret) stored = NULL;

  /* No key pair yet: nothing to decrypt with. */
  token = inspect (server, "apple.p7m", &error);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_NO_KEY);
  g_clear_error (&error);

  import_fixture_key_pair (server);
  ini_before = read_server_file ("inspect", "server.ini");

  token = inspect (server, "apple.p7m", &error);
  g_assert_no_error (error);
  g_assert_nonnull (token);

  /* An expired token is still shown, with its date. */
  expired = inspect (server, "expired.p7m", &error);
  g_assert_no_error (error);
  g_assert_false (adept_server_token_check_expiry (expired, now, &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_TOKEN_EXPIRED);
  g_clear_error (&error);

  wrong = inspect (server, "wrong-key.p7m", &error);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_TOKEN_WRONG_KEY);
  g_clear_error (&error);

  ini_after = read_server_file ("inspect", "server.ini");
  g_assert_cmpstr (ini_after, ==, ini_before);
  g_assert_false (adept_server_is_linked (server));
  stored = adept_credentials_lookup_sync ("inspect", ADEPT_SECRET_OAUTH_TOKENS, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (stored);

  g_assert_true (adept_server_unlink_sync (server, NULL, &error));
}

static void
on_admin_action (AdeptServer *server,
                 const char  *action,
                 const char  *detail,
                 GPtrArray   *actions)
{
  g_ptr_array_add (actions, g_strdup (action));
}

static void
test_link_renew_unlink (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptServer) server = open_server ("lifecycle");
  g_autoptr(AdeptServer) reloaded = NULL;
  g_autoptr(AdeptServerToken) first = make_token ("CK_lifecycle-server", "AT_first", 200);
  g_autoptr(AdeptServerToken) renewal = make_token ("CK_lifecycle-server", "AT_second", 365);
  g_autoptr(AdeptServerToken) other = make_token ("CK_some-other-server", "AT_other", 365);
  g_autoptr(AdeptServerToken) expired = make_token ("CK_lifecycle-server", "AT_old", -1);
  g_autoptr(AdeptServerToken) loaded = NULL;
  g_autoptr(AdeptSecret) left = NULL;
  g_autoptr(GPtrArray) actions = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GKeyFile) ini = g_key_file_new ();
  g_autoptr(AdeptKeyPair) key_pair = NULL;
  g_autofree char *dir = adept_context_dup_server_dir ("lifecycle", NULL);
  g_autofree char *ini_path = g_build_filename (dir, "server.ini", NULL);
  g_autofree char *ini_text = NULL;
  g_autofree char *kind = NULL;

  g_signal_connect (server, "admin-action", G_CALLBACK (on_admin_action), actions);

  key_pair = ensure_key_pair (server, ADEPT_SERVER_KEY_NONE, &error);
  g_assert_no_error (error);

  /* An expired token is refused even for a first link. */
  g_assert_false (link_token (server, expired, &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_TOKEN_EXPIRED);
  g_clear_error (&error);
  g_assert_false (adept_server_is_linked (server));

  g_assert_true (link_token (server, first, &error));
  g_assert_no_error (error);
  g_assert_true (adept_server_is_linked (server));
  g_assert_cmpstr (adept_server_get_server_fingerprint (server), ==,
                   adept_server_token_get_server_fingerprint (first));
  g_assert_true (g_date_time_equal (adept_server_get_token_expiry (server),
                                    adept_server_token_get_expiry (first)));
  g_assert_cmpstr (adept_server_get_display_name (server), ==, "Test Server");
  g_assert_nonnull (adept_server_get_linked_at (server));
  g_assert_null (adept_server_get_renewed_at (server));

  /* What the next process sees. */
  reloaded = open_server ("lifecycle");
  g_assert_true (adept_server_is_linked (reloaded));
  loaded = adept_server_load_token_sync (reloaded, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (adept_server_token_get_access_token (loaded), ==, "AT_first");
  g_clear_object (&loaded);

  /* server.ini holds facts, not credentials. */
  g_assert_true (g_key_file_load_from_file (ini, ini_path, G_KEY_FILE_NONE, &error));
  kind = g_key_file_get_value (ini, "server", "kind", NULL);
  g_assert_cmpstr (kind, ==, "local");
  g_assert_true (g_file_get_contents (ini_path, &ini_text, NULL, NULL));
  adept_test_assert_no_secret ("server.ini", ini_text, strlen (ini_text),
                               (const char * const[]) { "CS_test-consumer-secret",
                                                        "AS_test-access-secret",
                                                        "CK_lifecycle-server", NULL });

  /* Another MDM server's token cannot take over; the same server's renews. */
  g_assert_false (link_token (server, other, &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_TOKEN_OTHER_SERVER);
  g_clear_error (&error);
  loaded = adept_server_load_token_sync (server, NULL, &error);
  g_assert_cmpstr (adept_server_token_get_access_token (loaded), ==, "AT_first");
  g_clear_object (&loaded);

  g_assert_false (link_token (server, expired, &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_TOKEN_EXPIRED);
  g_clear_error (&error);

  g_assert_true (link_token (server, renewal, &error));
  g_assert_no_error (error);
  g_assert_nonnull (adept_server_get_renewed_at (server));
  g_assert_true (g_date_time_equal (adept_server_get_token_expiry (server),
                                    adept_server_token_get_expiry (renewal)));
  loaded = adept_server_load_token_sync (server, NULL, &error);
  g_assert_cmpstr (adept_server_token_get_access_token (loaded), ==, "AT_second");

  g_assert_true (adept_server_unlink_sync (server, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (adept_server_is_linked (server));
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
  left = adept_credentials_lookup_sync ("lifecycle", ADEPT_SECRET_OAUTH_TOKENS, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (left);
  left = adept_credentials_lookup_sync ("lifecycle", ADEPT_SECRET_PRIVATE_KEY, NULL, &error);
  g_assert_null (left);

  /* After unlinking, another server may be linked. */
  g_clear_object (&key_pair);
  key_pair = ensure_key_pair (server, ADEPT_SERVER_KEY_NONE, &error);
  g_assert_true (link_token (server, other, &error));
  g_assert_no_error (error);
  g_assert_true (adept_server_unlink_sync (server, NULL, &error));

  g_assert_cmpuint (actions->len, ==, 7);
  g_assert_cmpstr (actions->pdata[0], ==, "key-generated");
  g_assert_cmpstr (actions->pdata[1], ==, "linked");
  g_assert_cmpstr (actions->pdata[2], ==, "renewed");
  g_assert_cmpstr (actions->pdata[3], ==, "unlinked");
  g_assert_cmpstr (actions->pdata[4], ==, "key-generated");
  g_assert_cmpstr (actions->pdata[5], ==, "linked");
  g_assert_cmpstr (actions->pdata[6], ==, "unlinked");
}

static void
test_base_url_and_account (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptServer) server = open_server ("settings");
  g_autoptr(AdeptServer) reloaded = NULL;
  g_autoptr(GHashTable) facts = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_cmpstr (adept_server_get_base_url (server), ==, ADEPT_DEP_DEFAULT_BASE_URL);

  g_assert_false (adept_server_set_base_url (server, "http://dep.example.com", &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_INSECURE_URL);
  g_clear_error (&error);
  g_assert_false (adept_server_set_base_url (server, "not a url", &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_INSECURE_URL);
  g_clear_error (&error);
  g_assert_cmpstr (adept_server_get_base_url (server), ==, ADEPT_DEP_DEFAULT_BASE_URL);

  g_assert_true (adept_server_set_base_url (server, "http://127.0.0.1:8080/", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (adept_server_get_base_url (server), ==, "http://127.0.0.1:8080");
  g_assert_true (adept_server_set_base_url (server, "https://dep.example.com", &error));

  g_hash_table_insert (facts, (gpointer) ADEPT_ACCOUNT_SERVER_NAME, (gpointer) "Sim MDM");
  g_hash_table_insert (facts, (gpointer) ADEPT_ACCOUNT_ORG_NAME, (gpointer) "Example Org");
  g_hash_table_insert (facts, (gpointer) "not_a_fact", (gpointer) "ignored");
  g_assert_true (adept_server_set_account_facts (server, facts, &error));
  g_assert_no_error (error);

  reloaded = open_server ("settings");
  g_assert_cmpstr (adept_server_get_base_url (reloaded), ==, "https://dep.example.com");
  g_assert_cmpstr (adept_server_get_display_name (reloaded), ==, "Sim MDM");
  g_assert_cmpstr (adept_server_get_account_fact (reloaded, ADEPT_ACCOUNT_ORG_NAME), ==,
                   "Example Org");
  g_assert_null (adept_server_get_account_fact (reloaded, "not_a_fact"));
  g_assert_nonnull (adept_server_get_account_updated_at (reloaded));
}

static void
test_newer_config_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptServer) server = adept_server_new ("newer");
  g_autofree char *path = server_file ("newer", "server.ini");

  /* A newer layout is refused; a kind this build does not know is the session's to refuse
   * (test-session's /session/kinds), the server only reads its name. */
  g_assert_true (g_file_set_contents (path, "[server]\nformat=2\nkind=local\n", -1, NULL));
  g_assert_false (adept_server_load (server, &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_STORE_TOO_NEW);
  g_clear_error (&error);
  g_assert_true (g_file_set_contents (path, "[server]\nformat=1\nkind=Not A Kind\n", -1, NULL));
  g_assert_false (adept_server_load (server, &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_STORE_TOO_NEW);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (path, "[server\nformat=", -1, NULL));
  g_assert_false (adept_server_load (server, &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_STORE_CORRUPT);
}

/* Keyring first, files after: with the keyring gone (the child's bus does not exist),
 * every operation fails and leaves the files exactly as they were. */
static void
no_keyring_child (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptServer) server = open_server ("ordering");
  g_autoptr(AdeptServer) fresh = open_server ("ordering-fresh");
  g_autoptr(AdeptServerToken) renewal = make_token ("CK_ordering-server", "AT_renewal", 365);
  g_autoptr(AdeptKeyPair) key_pair = NULL;
  g_autofree char *ini_before = read_server_file ("ordering", "server.ini");
  g_autofree char *cert_before = read_server_file ("ordering", "certificate.pem");
  g_autofree char *ini_after = NULL;
  g_autofree char *cert_after = NULL;
  g_autoptr(GDateTime) expiry_before = g_date_time_ref (adept_server_get_token_expiry (server));
  g_autofree char *fresh_ini = NULL;
  g_autofree char *fresh_cert = NULL;

  g_assert_nonnull (ini_before);
  g_assert_true (adept_server_is_linked (server));

  g_assert_false (link_token (server, renewal, &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_KEYRING_UNAVAILABLE);
  g_clear_error (&error);
  g_assert_true (adept_server_is_linked (server));
  g_assert_true (g_date_time_equal (adept_server_get_token_expiry (server), expiry_before));

  key_pair = ensure_key_pair (server, ADEPT_SERVER_KEY_REPLACE, &error);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_KEYRING_UNAVAILABLE);
  g_clear_error (&error);

  g_assert_false (adept_server_unlink_sync (server, NULL, &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_KEYRING_UNAVAILABLE);
  g_clear_error (&error);

  ini_after = read_server_file ("ordering", "server.ini");
  cert_after = read_server_file ("ordering", "certificate.pem");
  g_assert_cmpstr (ini_after, ==, ini_before);
  g_assert_cmpstr (cert_after, ==, cert_before);

  /* A server set up from nothing gets no files either. */
  key_pair = ensure_key_pair (fresh, ADEPT_SERVER_KEY_NONE, &error);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_KEYRING_UNAVAILABLE);
  g_assert_null (key_pair);
  fresh_ini = read_server_file ("ordering-fresh", "server.ini");
  fresh_cert = read_server_file ("ordering-fresh", "certificate.pem");
  g_assert_null (fresh_ini);
  g_assert_null (fresh_cert);
}

static void
test_failure_leaves_state_intact (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptServer) server = NULL;
  g_autoptr(AdeptServerToken) first = NULL;
  g_autoptr(AdeptServerToken) loaded = NULL;
  g_autoptr(AdeptKeyPair) key_pair = NULL;
  g_autofree char *saved_bus = NULL;

  if (g_test_subprocess ())
    {
      no_keyring_child ();
      return;
    }

  server = open_server ("ordering");
  first = make_token ("CK_ordering-server", "AT_first", 100);
  key_pair = ensure_key_pair (server, ADEPT_SERVER_KEY_NONE, &error);
  g_assert_no_error (error);
  g_assert_true (link_token (server, first, &error));
  g_assert_no_error (error);

  saved_bus = g_strdup (g_getenv ("DBUS_SESSION_BUS_ADDRESS"));
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/adept-no-bus", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", saved_bus, TRUE);
  g_test_trap_assert_passed ();

  /* And the keyring still holds the first token. */
  loaded = adept_server_load_token_sync (server, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (adept_server_token_get_access_token (loaded), ==, "AT_first");
  g_assert_true (adept_server_unlink_sync (server, NULL, &error));
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

  /* A subprocess works on its parent's files and keyring namespace. */
  if (!g_test_subprocess ())
    {
      g_autofree char *ns = g_strdup_printf ("test-server-%d-%08x", (int) getpid (),
                                             g_random_int ());
      xdg_dir = adept_test_isolate_xdg ();
      g_setenv ("ADEPT_TEST_NAMESPACE", ns, TRUE);
    }
  adept_context_set_namespace (g_getenv ("ADEPT_TEST_NAMESPACE"));

  g_test_add_func ("/server/ensure-key-pair-is-stable", test_ensure_key_pair_is_stable);
  g_test_add_func ("/server/half-key-pair-is-an-error", test_half_key_pair_is_an_error);
  g_test_add_func ("/server/import-key-pair", test_import_key_pair);
  g_test_add_func ("/server/inspect-stores-nothing", test_inspect_stores_nothing);
  g_test_add_func ("/server/link-renew-unlink", test_link_renew_unlink);
  g_test_add_func ("/server/base-url-and-account", test_base_url_and_account);
  g_test_add_func ("/server/newer-config-refused", test_newer_config_refused);
  g_test_add_func ("/server/failure-leaves-state-intact", test_failure_leaves_state_intact);
  status = g_test_run ();

  if (xdg_dir != NULL)
    {
      adept_test_cleanup_dir (xdg_dir);
      g_free (xdg_dir);
    }
  return status;
}
