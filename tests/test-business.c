/* test-business.c — the Apple Business API end to end against the simulator: the token
 * endpoint's checks (assertions made by openssl), tokens reused and renewed, paging, 429,
 * requests in flight, and the organisation's devices assigned, moved, refused and
 * migrated, seen arriving in the DEP sync with the default profile (issue 14)
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "adept-business-client.h"
#include "adept-error.h"
#include "adept-org-device-list.h"
#include "adept-org-job.h"
#include "adept-secret.h"
#include "adept-test-util.h"
#include "sync-test-server.h"

#define SERVER "default"
#define ORG_ID "5839036"
#define AUDIENCE "https://account.apple.com/auth/oauth2/v2/token"
#define DAY (24 * 3600)

typedef struct {
  SyncTestServer        server;
  char                 *work;
  char                 *client_id;
  char                 *key_id;
  char                 *key_path;
  char                 *token_url;
  AdeptBusinessAccount *account;
  AdeptBusinessClient  *client;
  AdeptOrg             *org;
  AdeptOrgView          view;
} Fixture;

/* A simulator with devices on this server, an API account with its key in a file (as
 * Apple Business downloads it), and a client, store and organisation on it. */
static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptSecret) pem = NULL;

  sync_test_server_start (&f->server, 7, GPOINTER_TO_UINT (data), SERVER);
  f->work = adept_test_make_tmpdir ();
  pem = adept_depsim_create_api_account (f->server.sim, NULL, FALSE, &f->client_id, &f->key_id, &error);
  g_assert_no_error (error);
  f->key_path = g_build_filename (f->work, "business.pem", NULL);
  g_assert_true (g_file_set_contents (f->key_path, pem, -1, NULL));
  f->token_url = adept_depsim_dup_token_url (f->server.sim);
  f->account = adept_business_account_new (ORG_ID, f->client_id, f->key_id, pem, &error);
  g_assert_no_error (error);
  f->client = adept_business_client_new (f->account, f->token_url, adept_depsim_get_business_url (f->server.sim),
                                         &error);
  g_assert_no_error (error);
  /* The simulator answers at once; a failing test should not wait for backoffs. */
  adept_business_client_set_retry_policy (f->client, 3, 20, 10000);
  f->view.org_id = ORG_ID;
  f->view.dep_server = SERVER;
  f->view.this_server_id = adept_depsim_get_org_server_id (f->server.sim, 0);
  f->org = adept_org_new (f->server.store, f->client, &f->view);
  /* Activities complete quickly here; the tests that need them slow say so. */
  adept_depsim_set_activity_delay (f->server.sim, 50);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->org);
  g_clear_object (&f->client);
  g_clear_object (&f->account);
  sync_test_server_stop (&f->server);
  adept_test_cleanup_dir (f->work);
  g_free (f->work);
  g_free (f->client_id);
  g_free (f->key_id);
  g_free (f->key_path);
  g_free (f->token_url);
}

static JsonObject *
truth (Fixture *f)
{
  g_autofree char *json = adept_depsim_dup_truth_json (f->server.sim);

  return adept_test_parse_object (json);
}

static JsonObject *
business_truth (Fixture *f)
{
  g_autoptr(JsonObject) all = truth (f);

  return json_object_ref (json_object_get_object_member (all, "business"));
}

/* ---- Assertions made by openssl, sent by hand ---- */

static void
openssl (const char * const *argv,
         const char         *input)
{
  g_autofree char *err = NULL;
  int status = adept_test_run (argv, input, NULL, &err);

  if (status != 0)
    g_error ("%s %s failed (%d): %s", argv[0], argv[1], status, err);
}

static char *
b64url (const guint8 *data,
        gsize         len)
{
  char *text = g_base64_encode (data, len);
  char *out = text;

  for (char *p = text; *p != '\0' && *p != '='; p++, out++)
    *out = *p == '+' ? '-' : *p == '/' ? '_' : *p;
  *out = '\0';
  return text;
}

/* r‖s from openssl's DER signature, each INTEGER brought to 32 bytes. */
static GBytes *
raw_signature (GBytes *der)
{
  const guint8 *p = g_bytes_get_data (der, NULL);
  guint8 raw[64] = { 0, };
  gsize pos = 2;

  g_assert_cmpuint (p[0], ==, 0x30);
  for (guint half = 0; half < 2; half++)
    {
      gsize len;
      const guint8 *value;

      g_assert_cmpuint (p[pos], ==, 0x02);
      len = p[pos + 1];
      value = p + pos + 2;
      while (len > 32)
        {
          value++;
          len--;
        }
      memcpy (raw + half * 32 + (32 - len), value, len);
      pos += 2 + p[pos + 1];
    }
  return g_bytes_new (raw, sizeof raw);
}

/* A JWT with this header and these claims, signed by openssl with key_path. */
static char *
openssl_jwt (Fixture    *f,
             const char *key_path,
             const char *header,
             const char *claims)
{
  g_autofree char *h = b64url ((const guint8 *) header, strlen (header));
  g_autofree char *c = b64url ((const guint8 *) claims, strlen (claims));
  g_autofree char *input = g_strconcat (h, ".", c, NULL);
  g_autofree char *input_path = g_build_filename (f->work, "jwt.in", NULL);
  g_autofree char *sig_path = g_build_filename (f->work, "jwt.der", NULL);
  g_autofree char *der = NULL;
  g_autofree char *sig = NULL;
  g_autoptr(GBytes) raw = NULL;
  gsize der_len;

  g_assert_true (g_file_set_contents (input_path, input, -1, NULL));
  openssl ((const char * const[]) { "openssl", "dgst", "-sha256", "-sign", key_path, "-out", sig_path,
                                    input_path, NULL }, NULL);
  g_assert_true (g_file_get_contents (sig_path, &der, &der_len, NULL));
  raw = raw_signature (g_bytes_new_static (der, der_len));
  sig = b64url (g_bytes_get_data (raw, NULL), 64);
  return g_strconcat (input, ".", sig, NULL);
}

static char *
claims_json (const char *iss,
             const char *sub,
             const char *aud,
             gint64      iat,
             gint64      exp,
             const char *jti)
{
  return g_strdup_printf ("{\"sub\":\"%s\",\"aud\":\"%s\",\"iat\":%" G_GINT64_FORMAT ",\"exp\":%"
                          G_GINT64_FORMAT ",\"jti\":\"%s\",\"iss\":\"%s\"}", sub, aud, iat, exp, jti, iss);
}

/* POSTs a token request by hand; returns the status, the body in *answer. */
static guint
post_token (Fixture     *f,
            const char  *client_id,
            const char  *assertion,
            const char  *scope,
            JsonObject **answer)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *form = soup_form_encode ("grant_type", "client_credentials", "client_id", client_id,
                                            "client_assertion_type",
                                            "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                                            "client_assertion", assertion, "scope", scope, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *text = NULL;

  msg = soup_message_new ("POST", f->token_url);
  soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded",
                                            g_bytes_new (form, strlen (form)));
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, adept_test_store_result, &result);
  adept_test_wait_result (&result);
  body = soup_session_send_and_read_finish (session, result, &error);
  g_assert_no_error (error);
  text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  *answer = adept_test_parse_object (text);
  return soup_message_get_status (msg);
}

static void
assert_refused (Fixture    *f,
                const char *assertion,
                const char *error,
                const char *words)
{
  g_autoptr(JsonObject) answer = NULL;
  guint status = post_token (f, f->client_id, assertion, "business.api", &answer);

  g_assert_cmpuint (status, ==, g_str_equal (error, "invalid_client") ? 401 : 400);
  g_assert_cmpstr (json_object_get_string_member (answer, "error"), ==, error);
  if (strstr (json_object_get_string_member (answer, "error_description"), words) == NULL)
    g_error ("“%s” not in “%s”", words, json_object_get_string_member (answer, "error_description"));
}

static void
test_assertion_checks (Fixture       *f,
                       gconstpointer  data)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *header = g_strdup_printf ("{\"alg\":\"ES256\",\"kid\":\"%s\",\"typ\":\"JWT\"}", f->key_id);
  g_autofree char *good_claims = claims_json (f->client_id, f->client_id, AUDIENCE, now, now + 600, "jti-good");
  g_autofree char *good = openssl_jwt (f, f->key_path, header, good_claims);
  g_autofree char *other_key = g_build_filename (f->work, "other.pem", NULL);
  g_autoptr(JsonObject) answer = NULL;

  /* The independent assertion is accepted: the refusals below are the checks at work. */
  g_assert_cmpuint (post_token (f, f->client_id, good, "business.api", &answer), ==, 200);
  g_assert_cmpstr (json_object_get_string_member (answer, "token_type"), ==, "Bearer");
  g_assert_cmpint (json_object_get_int_member (answer, "expires_in"), ==, 3600);

  /* A reused jti. */
  assert_refused (f, good, "invalid_grant", "jti");

  /* A bad signature: the last byte of the signature changed. */
  {
    g_autofree char *claims = claims_json (f->client_id, f->client_id, AUDIENCE, now, now + 600, "jti-sig");
    g_autofree char *jwt = openssl_jwt (f, f->key_path, header, claims);
    gsize len = strlen (jwt);

    jwt[len - 2] = jwt[len - 2] == 'A' ? 'B' : 'A';
    assert_refused (f, jwt, "invalid_client", "signature");
  }
  /* A key that is not the account's. */
  {
    g_autofree char *claims = claims_json (f->client_id, f->client_id, AUDIENCE, now, now + 600, "jti-key");
    g_autofree char *jwt = NULL;

    openssl ((const char * const[]) { "openssl", "genpkey", "-algorithm", "EC", "-pkeyopt",
                                      "ec_paramgen_curve:P-256", "-out", other_key, NULL }, NULL);
    jwt = openssl_jwt (f, other_key, header, claims);
    assert_refused (f, jwt, "invalid_client", "signature");
  }
  /* A wrong aud: the token URL itself is not the audience. */
  {
    g_autofree char *claims = claims_json (f->client_id, f->client_id, "https://account.apple.com/auth/oauth2/token",
                                           now, now + 600, "jti-aud");
    g_autofree char *jwt = openssl_jwt (f, f->key_path, header, claims);

    assert_refused (f, jwt, "invalid_grant", "aud");
  }
  /* An expired exp. */
  {
    g_autofree char *claims = claims_json (f->client_id, f->client_id, AUDIENCE, now - 700, now - 100, "jti-exp");
    g_autofree char *jwt = openssl_jwt (f, f->key_path, header, claims);

    assert_refused (f, jwt, "invalid_grant", "expired");
  }
  /* exp more than 180 days after iat. */
  {
    g_autofree char *claims = claims_json (f->client_id, f->client_id, AUDIENCE, now, now + 181 * DAY, "jti-long");
    g_autofree char *jwt = openssl_jwt (f, f->key_path, header, claims);

    assert_refused (f, jwt, "invalid_grant", "180 days");
  }
  /* iss is not the client. */
  {
    g_autofree char *claims = claims_json ("someone", f->client_id, AUDIENCE, now, now + 600, "jti-iss");
    g_autofree char *jwt = openssl_jwt (f, f->key_path, header, claims);

    assert_refused (f, jwt, "invalid_client", "iss");
  }
  /* Another kid. */
  {
    g_autofree char *other_header = g_strdup ("{\"alg\":\"ES256\",\"kid\":\"not-this-key\",\"typ\":\"JWT\"}");
    g_autofree char *claims = claims_json (f->client_id, f->client_id, AUDIENCE, now, now + 600, "jti-kid");
    g_autofree char *jwt = openssl_jwt (f, f->key_path, other_header, claims);

    assert_refused (f, jwt, "invalid_client", "kid");
  }
}

/* ---- The client against the token endpoint ---- */

static gboolean
connect_client (AdeptBusinessClient  *client,
                GError              **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  adept_business_client_connect_async (client, NULL, adept_test_store_result, &result);
  adept_test_wait_result (&result);
  return adept_business_client_connect_finish (client, result, error);
}

static GPtrArray *
list_servers (AdeptBusinessClient  *client,
              GError              **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  adept_business_client_list_servers_async (client, NULL, adept_test_store_result, &result);
  adept_test_wait_result (&result);
  return adept_business_client_list_servers_finish (client, result, error);
}

static AdeptBusinessClient *
client_for (Fixture              *f,
            AdeptBusinessAccount *account)
{
  g_autoptr(GError) error = NULL;
  AdeptBusinessClient *client = adept_business_client_new (account, f->token_url,
                                                           adept_depsim_get_business_url (f->server.sim), &error);

  g_assert_no_error (error);
  adept_business_client_set_retry_policy (client, 3, 20, 10000);
  return client;
}

static AdeptBusinessAccount *
other_account (Fixture    *f,
               const char *scope,
               char      **client_id)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key_id = NULL;
  g_autoptr(AdeptSecret) pem = adept_depsim_create_api_account (f->server.sim, scope, TRUE, client_id, &key_id,
                                                                &error);
  AdeptBusinessAccount *account;

  g_assert_no_error (error);
  /* SEC1, as some tools convert the key: accepted the same. */
  g_assert_true (g_str_has_prefix (pem, "-----BEGIN EC PRIVATE KEY-----"));
  account = adept_business_account_new (ORG_ID, *client_id, key_id, pem, &error);
  g_assert_no_error (error);
  return account;
}

static void
test_client_refusals (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *second_id = NULL;
  g_autofree char *unscoped_id = NULL;
  g_autoptr(AdeptBusinessAccount) second = other_account (f, NULL, &second_id);
  g_autoptr(AdeptBusinessAccount) unscoped = other_account (f, "", &unscoped_id);
  g_autoptr(AdeptBusinessAccount) mixed = NULL;
  g_autoptr(AdeptBusinessClient) client = NULL;
  g_autoptr(GPtrArray) servers = NULL;

  /* This account's ids with the other account's key: the key does not match. */
  {
    g_autoptr(AdeptSecret) fresh = NULL;
    g_autofree char *c = NULL, *k = NULL;

    fresh = adept_depsim_create_api_account (f->server.sim, NULL, FALSE, &c, &k, &error);
    g_assert_no_error (error);
    mixed = adept_business_account_new (ORG_ID, f->client_id, f->key_id, fresh, &error);
    g_assert_no_error (error);
  }
  client = client_for (f, mixed);
  g_assert_false (connect_client (client, &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_API_ACCOUNT_REJECTED);
  g_assert_nonnull (strstr (error->message, "do not belong together"));
  g_assert_cmpstr (adept_error_get_apple_code (error), ==, "invalid_client");
  g_clear_error (&error);
  g_clear_object (&client);

  /* No scope: Apple's invalid_scope, the sentence about access. */
  client = client_for (f, unscoped);
  g_assert_false (connect_client (client, &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_API_SCOPE_MISSING);
  g_clear_error (&error);
  g_clear_object (&client);

  /* Scope taken away after a token: the API answers 403. */
  client = client_for (f, second);
  g_assert_true (connect_client (client, &error));
  g_assert_no_error (error);
  g_assert_true (adept_depsim_set_api_account_scope (f->server.sim, second_id, ""));
  servers = list_servers (client, &error);
  g_assert_null (servers);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_API_SCOPE_MISSING);
  g_assert_nonnull (strstr (error->message, "Apple said"));
  g_clear_error (&error);
  g_assert_true (adept_depsim_set_api_account_scope (f->server.sim, second_id, "business.api"));

  /* Revoked: the token in hand stops (401), the new one is refused as revoked. */
  g_assert_true (adept_depsim_revoke_api_account (f->server.sim, second_id));
  servers = list_servers (client, &error);
  g_assert_null (servers);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_API_ACCOUNT_REVOKED);
  g_clear_error (&error);
}

static void
test_token_reuse_and_renewal (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint issued;

  /* Tokens of ten minutes here, so Apple's clock can pass one without making the
   * client's assertions (an hour) look stale too. */
  adept_depsim_set_business_token_lifetime (f->server.sim, 600);
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(GPtrArray) servers = list_servers (f->client, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (servers->len, ==, 4);
    }
  /* One token for every call. */
  g_assert_cmpuint (adept_business_client_get_tokens_minted (f->client), ==, 1);
  issued = adept_depsim_get_business_tokens_issued (f->server.sim);
  g_assert_cmpuint (issued, ==, 1);

  /* The token's time passes at Apple (the client's clock does not know): one 401, one
   * new token, one replay, and the call succeeds. */
  adept_depsim_advance_clock (f->server.sim, 700);
  {
    g_autoptr(GPtrArray) servers = list_servers (f->client, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (servers->len, ==, 4);
  }
  g_assert_cmpuint (adept_business_client_get_tokens_minted (f->client), ==, 2);
  g_assert_cmpuint (adept_depsim_get_business_tokens_issued (f->server.sim), ==, issued + 1);
  g_assert_cmpuint (adept_depsim_get_business_request_count (f->server.sim, "/v1/mdmServers"), ==, 7);

  /* And a token the client itself knows is spent is renewed before use: no 401. */
  adept_depsim_set_business_token_lifetime (f->server.sim, 1);
  {
    g_autoptr(AdeptBusinessClient) client = client_for (f, f->account);
    g_autoptr(GPtrArray) servers = NULL;
    gint64 until;

    g_assert_true (connect_client (client, &error));
    until = g_get_monotonic_time () + 1100 * 1000;
    /* Waiting out a lifetime is the point here, not synchronisation. */
    while (g_get_monotonic_time () < until)
      g_usleep (50 * 1000);
    servers = list_servers (client, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (adept_business_client_get_tokens_minted (client), ==, 2);
  }
}

/* ---- The API ---- */

static void
test_paging (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) devices = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(AdeptBusinessPage) page = NULL;
  g_autoptr(JsonObject) first = NULL;
  guint total = 20000 + GPOINTER_TO_UINT (data);
  JsonObject *attributes;

  adept_depsim_seed_org_devices (f->server.sim, 20000);
  adept_business_client_list_org_devices_async (f->client, NULL, adept_test_store_result, &result);
  adept_test_wait_result (&result);
  devices = adept_business_client_list_org_devices_finish (f->client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (devices->len, ==, total);
  for (guint i = 0; i < devices->len; i++)
    g_assert_true (g_hash_table_add (seen, (gpointer) adept_org_device_get_serial_number (devices->pdata[i])));
  /* 1000 a page, nothing fetched twice. */
  g_assert_cmpuint (adept_depsim_get_business_request_count (f->server.sim, "/v1/orgDevices"), ==, (total + 999) / 1000);

  /* A page of 7 with only the serial: the links carry the fields on. */
  g_clear_object (&result);
  adept_business_client_get_page_async (f->client, "/v1/orgDevices?limit=7&fields%5BorgDevices%5D=serialNumber",
                                        NULL, adept_test_store_result, &result);
  adept_test_wait_result (&result);
  page = adept_business_client_get_page_finish (f->client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->resources->len, ==, 7);
  g_assert_cmpint (page->total, ==, total);
  g_assert_nonnull (page->next);
  g_assert_nonnull (strstr (page->next, "fields%5BorgDevices%5D=serialNumber"));
  first = json_object_ref (page->resources->pdata[0]);
  attributes = json_object_get_object_member (first, "attributes");
  g_assert_true (json_object_has_member (attributes, "serialNumber"));
  g_assert_false (json_object_has_member (attributes, "orderNumber"));

  /* A link to another host is not followed (the token stays with Apple's API host). */
  g_clear_object (&result);
  g_clear_pointer (&page, adept_business_page_free);
  adept_business_client_get_page_async (f->client, "http://127.0.0.2:1/v1/orgDevices", NULL,
                                        adept_test_store_result, &result);
  adept_test_wait_result (&result);
  page = adept_business_client_get_page_finish (f->client, result, &error);
  g_assert_null (page);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_MALFORMED_RESPONSE);
}

static void
test_devices_and_servers (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) elsewhere = adept_depsim_add_org_devices (f->server.sim, 3, NULL, &error);
  g_auto(GStrv) ours = adept_depsim_dup_serials (f->server.sim);
  g_autoptr(GPtrArray) servers = list_servers (f->client, &error);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(AdeptOrgDevice) device = NULL;
  g_autoptr(AdeptOrgServer) server = NULL;
  g_auto(GStrv) on_ours = NULL;
  g_autofree char *id = NULL;
  const char *ours_id = adept_depsim_get_org_server_id (f->server.sim, 0);
  gboolean found = FALSE;

  g_assert_no_error (error);
  g_assert_cmpuint (servers->len, ==, adept_depsim_get_n_org_servers (f->server.sim));
  for (guint i = 0; i < servers->len; i++)
    if (g_str_equal (adept_org_server_get_id (servers->pdata[i]), ours_id))
      {
        found = TRUE;
        g_assert_cmpstr (adept_org_server_get_name (servers->pdata[i]), ==, "Adept Simulator MDM");
      }
  g_assert_true (found);

  adept_business_client_get_org_device_async (f->client, ours[0], NULL, adept_test_store_result, &result);
  adept_test_wait_result (&result);
  device = adept_business_client_get_org_device_finish (f->client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (adept_org_device_get_serial_number (device), ==, ours[0]);
  g_assert_true (adept_org_device_get_data (device)->assigned);
  g_assert_nonnull (adept_org_device_get_data (device)->order_number);

  g_clear_object (&result);
  adept_business_client_get_assigned_server_async (f->client, ours[0], NULL, adept_test_store_result, &result);
  adept_test_wait_result (&result);
  server = adept_business_client_get_assigned_server_finish (f->client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (adept_org_server_get_id (server), ==, ours_id);

  /* Unassigned: no server, and no error. */
  g_clear_object (&result);
  adept_business_client_get_assigned_server_id_async (f->client, elsewhere[0], NULL, adept_test_store_result, &result);
  adept_test_wait_result (&result);
  id = adept_business_client_get_assigned_server_id_finish (f->client, result, &error);
  g_assert_no_error (error);
  g_assert_null (id);

  g_clear_object (&result);
  adept_business_client_list_server_devices_async (f->client, ours_id, NULL, adept_test_store_result, &result);
  adept_test_wait_result (&result);
  on_ours = adept_business_client_list_server_devices_finish (f->client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (on_ours), ==, g_strv_length (ours));

  /* A device not in the organisation. */
  g_clear_object (&result);
  g_clear_object (&device);
  adept_business_client_get_org_device_async (f->client, "NOSUCHSERIAL", NULL, adept_test_store_result, &result);
  adept_test_wait_result (&result);
  device = adept_business_client_get_org_device_finish (f->client, result, &error);
  g_assert_null (device);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "NOSUCHSERIAL"));
}

static void
test_throttled_and_errors (Fixture       *f,
                           gconstpointer  data)
{
  AdeptDepsimFault throttle = { "/v1/mdmServers", ADEPT_DEPSIM_FAULT_STATUS, 429, NULL, 1, 0, 1 };
  AdeptDepsimFault outage = { "/v1/mdmServers", ADEPT_DEPSIM_FAULT_STATUS, 503, NULL, 0, 0, 1 };
  AdeptDepsimFault long_wait = { "/v1/mdmServers", ADEPT_DEPSIM_FAULT_STATUS, 429, NULL, 30, 0, 1 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) servers = NULL;
  gint64 start;

  g_assert_true (connect_client (f->client, &error));
  adept_depsim_add_fault (f->server.sim, &throttle);
  start = g_get_monotonic_time ();
  servers = list_servers (f->client, &error);
  g_assert_no_error (error);
  /* Retry-After honoured: not sooner than Apple asked. */
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 1000 * 1000);
  g_assert_cmpuint (adept_depsim_get_business_request_count (f->server.sim, "/v1/mdmServers"), ==, 2);

  g_clear_pointer (&servers, g_ptr_array_unref);
  adept_depsim_add_fault (f->server.sim, &outage);
  servers = list_servers (f->client, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (adept_depsim_get_business_request_count (f->server.sim, "/v1/mdmServers"), ==, 4);

  /* A wait past the client's budget: THROTTLED with Apple's wait, for the caller. */
  g_clear_pointer (&servers, g_ptr_array_unref);
  adept_business_client_set_retry_policy (f->client, 3, 20, 5000);
  adept_depsim_add_fault (f->server.sim, &long_wait);
  servers = list_servers (f->client, &error);
  g_assert_null (servers);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_THROTTLED);
  g_assert_cmpint (adept_error_get_retry_after (error), ==, 30);
  g_clear_error (&error);

  /* Cancelled while waiting out a Retry-After of a minute: no second attempt. */
  {
    AdeptDepsimFault minute = { "/v1/mdmServers", ADEPT_DEPSIM_FAULT_STATUS, 429, NULL, 60, 0, 1 };
    g_autoptr(GCancellable) waiting = g_cancellable_new ();
    g_autoptr(GAsyncResult) result = NULL;
    guint sent;

    adept_business_client_set_retry_policy (f->client, 3, 20, 120000);
    adept_depsim_add_fault (f->server.sim, &minute);
    sent = adept_depsim_get_business_request_count (f->server.sim, "/v1/mdmServers");
    start = g_get_monotonic_time ();
    adept_business_client_list_servers_async (f->client, waiting, adept_test_store_result, &result);
    while (adept_depsim_get_business_request_count (f->server.sim, "/v1/mdmServers") == sent)
      g_main_context_iteration (NULL, TRUE);
    while (g_main_context_iteration (NULL, FALSE))
      ;
    g_cancellable_cancel (waiting);
    adept_test_wait_result (&result);
    servers = adept_business_client_list_servers_finish (f->client, result, &error);
    g_assert_null (servers);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_cmpint (g_get_monotonic_time () - start, <, 30 * G_USEC_PER_SEC);
    g_assert_cmpuint (adept_depsim_get_business_request_count (f->server.sim, "/v1/mdmServers"), ==, sent + 1);
  }
}

static void
on_device (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(AdeptOrgDevice) device = NULL;
  g_autoptr(GError) error = NULL;

  device = adept_business_client_get_org_device_finish (ADEPT_BUSINESS_CLIENT (source), result, &error);
  g_assert_no_error (error);
  (*(guint *) user_data)++;
}

static void
test_in_flight (Fixture       *f,
                gconstpointer  data)
{
  AdeptDepsimFault slow = { "/v1/*", ADEPT_DEPSIM_FAULT_DELAY, 0, NULL, 0, 150, 12 };
  g_auto(GStrv) serials = adept_depsim_dup_serials (f->server.sim);
  g_autoptr(GError) error = NULL;
  guint done = 0;

  g_assert_true (connect_client (f->client, &error));
  adept_depsim_add_fault (f->server.sim, &slow);
  for (guint i = 0; i < 12; i++)
    adept_business_client_get_org_device_async (f->client, serials[i], NULL, on_device, &done);
  while (done < 12)
    g_main_context_iteration (NULL, TRUE);
  /* Twelve calls at once, never more than four at Apple. */
  g_assert_cmpuint (adept_depsim_get_business_max_concurrent (f->server.sim), ==, ADEPT_BUSINESS_MAX_IN_FLIGHT);
}

/* ---- The organisation ---- */

static void
refresh_org (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (adept_org_refresh_sync (f->org, NULL, &error));
  g_assert_no_error (error);
}

static AdeptOrgJob *
run_job (Fixture              *f,
         AdeptOrgActivityType  type,
         const char * const   *serials,
         const char           *server_id,
         gint64                deadline)
{
  g_autoptr(GError) error = NULL;
  AdeptOrgJob *job = adept_org_job_new (f->org, type, serials, server_id, deadline);

  g_assert_true (adept_org_job_run_sync (job, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (adept_org_job_get_phase (job), ==, ADEPT_ORG_JOB_DONE);
  g_assert_cmpfloat (adept_org_job_get_fraction (job), ==, 1.0);
  return job;
}

static AdeptJournalEntry *
dep_sync (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  AdeptJournalEntry *entry = sync_test_run (f->server.engine, ADEPT_SYNC_FLAGS_NONE, &error);

  g_assert_no_error (error);
  return entry;
}

static AdeptOrgDeviceList *
org_list (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  AdeptOrgDeviceList *list = adept_org_device_list_new (f->server.store, &f->view);

  g_assert_true (adept_org_device_list_refresh (list, &error));
  g_assert_no_error (error);
  return list;
}

static void
test_assign_to_this_server (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptJournalEntry) first = dep_sync (f);
  g_autoptr(AdeptJournalEntry) entry = NULL;
  g_autofree char *profile = sync_test_define_profile (f->server.client, "Default");
  g_auto(GStrv) unassigned = adept_depsim_add_org_devices (f->server.sim, 500, NULL, &error);
  g_auto(GStrv) elsewhere = adept_depsim_add_org_devices (f->server.sim, 40, "Legacy MDM", &error);
  g_autoptr(AdeptOrgDeviceList) list = NULL;
  g_autoptr(AdeptOrgJob) job = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  g_auto(GStrv) shown = NULL;

  adept_store_set_default_profile (f->server.store, SERVER, profile, &error);
  g_assert_no_error (error);
  refresh_org (f);

  /* The view's filter: the 500 not assigned, and nothing else. */
  list = org_list (f);
  g_assert_cmpuint (adept_org_device_list_get_n_total (list), ==, 540 + GPOINTER_TO_UINT (data));
  g_assert_cmpuint (adept_org_device_list_get_placement_count (list, ADEPT_ORG_PLACEMENT_UNASSIGNED), ==, 500);
  g_assert_cmpuint (adept_org_device_list_get_placement_count (list, ADEPT_ORG_PLACEMENT_OTHER_SERVER), ==, 40);
  g_assert_cmpuint (adept_org_device_list_get_placement_count (list, ADEPT_ORG_PLACEMENT_THIS_SERVER), ==,
                    GPOINTER_TO_UINT (data));
  adept_org_device_list_set_placement_filter (list, ADEPT_ORG_PLACEMENT_UNASSIGNED);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 500);
  shown = adept_org_device_list_dup_visible_serials (list);

  job = run_job (f, ADEPT_ORG_ACTIVITY_ASSIGN, (const char * const *) shown, NULL, 0);
  g_assert_cmpuint (adept_org_job_get_n_succeeded (job), ==, 500);
  g_assert_cmpuint (adept_org_job_get_n_failed (job), ==, 0);
  g_assert_cmpstr (adept_org_job_get_server_id (job), ==, f->view.this_server_id);
  g_assert_cmpstr (adept_depsim_get_device_server (f->server.sim, unassigned[0]), ==, f->view.this_server_id);

  /* In Apple Business they are on this server; the DEP sync has not brought them yet. */
  g_assert_true (adept_org_device_list_refresh (list, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  g_assert_cmpuint (adept_org_device_list_get_n_waiting (list), ==, 500);

  /* The sync brings them in as added, and the default profile goes out. */
  entry = dep_sync (f);
  g_assert_cmpuint (entry->added, ==, 500);
  g_assert_cmpuint (entry->assigned, ==, 500);
  g_assert_true (adept_org_device_list_refresh (list, &error));
  g_assert_cmpuint (adept_org_device_list_get_n_waiting (list), ==, 0);
  /* The next sync brings Apple's view of the profile back. */
  g_clear_pointer (&entry, adept_journal_entry_free);
  entry = dep_sync (f);
  g_assert_cmpuint (entry->modified, ==, 500);
  g_assert_true (adept_org_device_list_refresh (list, &error));
  {
    g_autoptr(AdeptDevice) d = adept_store_get_device (f->server.store, SERVER, unassigned[499], NULL, NULL);
    g_autoptr(AdeptOrgDevice) o = adept_org_device_list_lookup (list, unassigned[499]);
    g_autoptr(JsonObject) all = truth (f);
    JsonArray *devices = json_object_get_array_member (all, "devices");
    guint assigned = 0;

    g_assert_cmpint (adept_device_get_profile_status (d), ==, ADEPT_PROFILE_STATUS_ASSIGNED);
    g_assert_cmpstr (adept_device_get_profile_uuid (d), ==, profile);
    g_assert_cmpint (adept_org_device_get_data (o)->dep_status, ==, ADEPT_PROFILE_STATUS_ASSIGNED);
    /* Apple's side agrees: each of the 500 has the default profile. */
    for (guint i = 0; i < json_array_get_length (devices); i++)
      {
        JsonObject *device = json_array_get_object_element (devices, i);

        if (g_strcmp0 (json_object_get_string_member_with_default (device, "profile_uuid", NULL), profile) == 0)
          assigned++;
      }
    g_assert_cmpuint (assigned, ==, 500);
  }

  /* Stored and audited. */
  audit = adept_store_list_audit (f->server.store, SERVER, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (((AdeptAuditEntry *) audit->pdata[0])->action, ==, "org-assign");
  g_assert_nonnull (strstr (((AdeptAuditEntry *) audit->pdata[0])->details, "500 succeeded"));
  {
    GPtrArray *activities = adept_org_job_get_activities (job);
    g_autoptr(AdeptOrgActivity) stored = adept_store_org_get_activity (f->server.store, ORG_ID,
                                                                       adept_org_activity_get_id (activities->pdata[0]),
                                                                       &error);

    g_assert_nonnull (stored);
    g_assert_cmpstr (adept_org_activity_get_status (stored), ==, "COMPLETED");
    g_assert_cmpuint (adept_org_activity_get_n_succeeded (stored), ==, 500);
  }
}

static void
test_move_between_servers (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptJournalEntry) first = dep_sync (f);
  g_autoptr(AdeptJournalEntry) moved_in = NULL;
  g_autoptr(AdeptJournalEntry) moved_out = NULL;
  g_autofree char *profile = sync_test_define_profile (f->server.client, "Default");
  g_auto(GStrv) legacy = adept_depsim_add_org_devices (f->server.sim, 20, "Legacy MDM", &error);
  g_auto(GStrv) ours = adept_depsim_dup_serials (f->server.sim);
  const char *branch = adept_depsim_get_org_server_id (f->server.sim, 3);
  g_autoptr(AdeptOrgJob) in = NULL;
  g_autoptr(AdeptOrgJob) out = NULL;
  g_autoptr(AdeptOrgJob) back = NULL;
  const char *leaving[] = { ours[0], ours[1], ours[2], ours[3], ours[4], NULL };

  adept_store_set_default_profile (f->server.store, SERVER, profile, &error);
  refresh_org (f);

  in = run_job (f, ADEPT_ORG_ACTIVITY_ASSIGN, (const char * const *) legacy, NULL, 0);
  g_assert_cmpuint (adept_org_job_get_n_succeeded (in), ==, 20);
  /* From another server they come as modified with the old profile removed (new here,
   * so counted as added), and get the default profile all the same. */
  moved_in = dep_sync (f);
  g_assert_cmpuint (moved_in->added, ==, 20);
  g_assert_cmpuint (moved_in->assigned, ==, 20);
  g_clear_pointer (&moved_in, adept_journal_entry_free);
  moved_in = dep_sync (f);
  {
    g_autoptr(AdeptDevice) d = adept_store_get_device (f->server.store, SERVER, legacy[7], NULL, NULL);
    g_autoptr(GPtrArray) history = adept_store_list_device_history (f->server.store, SERVER, legacy[7], NULL);

    g_assert_cmpint (adept_device_get_profile_status (d), ==, ADEPT_PROFILE_STATUS_ASSIGNED);
    g_assert_cmpstr (((AdeptDeviceChange *) history->pdata[0])->op_type, ==, "modified");
    g_assert_cmpint (((AdeptDeviceChange *) history->pdata[0])->profile_status, ==, ADEPT_PROFILE_STATUS_REMOVED);
  }

  /* Five of ours go to another server of the organisation: gone from this one. */
  out = run_job (f, ADEPT_ORG_ACTIVITY_ASSIGN, leaving, branch, 0);
  g_assert_cmpuint (adept_org_job_get_n_succeeded (out), ==, 5);
  moved_out = dep_sync (f);
  g_assert_cmpuint (moved_out->deleted, ==, 5);
  {
    gboolean deleted = FALSE;
    g_autoptr(AdeptDevice) gone = adept_store_get_device (f->server.store, SERVER, ours[0], &deleted, NULL);

    g_assert_true (deleted);
  }
  {
    g_autoptr(AdeptOrgDevice) o = adept_store_org_get_device (f->server.store, &f->view, ours[0], &error);

    g_assert_cmpstr (adept_org_device_get_server_id (o), ==, branch);
    g_assert_cmpint (adept_org_device_get_placement (o), ==, ADEPT_ORG_PLACEMENT_OTHER_SERVER);
  }

  /* And unassigned: on no server at all. */
  back = run_job (f, ADEPT_ORG_ACTIVITY_UNASSIGN, leaving, NULL, 0);
  g_assert_cmpuint (adept_org_job_get_n_succeeded (back), ==, 5);
  g_assert_null (adept_depsim_get_device_server (f->server.sim, ours[0]));
}

static AdeptOrgDeviceResult *
result_for (AdeptOrgJob *job,
            const char  *serial)
{
  GPtrArray *results = adept_org_job_get_results (job);

  for (guint i = 0; i < results->len; i++)
    if (g_str_equal (((AdeptOrgDeviceResult *) results->pdata[i])->serial, serial))
      return results->pdata[i];
  g_error ("no result for %s", serial);
}

static void
test_refused_device (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) unassigned = adept_depsim_add_org_devices (f->server.sim, 4, NULL, &error);
  const char *serials[] = { unassigned[0], unassigned[1], unassigned[2], unassigned[3], "NOTINTHEORG", NULL };
  g_autoptr(AdeptOrgJob) job = NULL;
  g_autofree char *summary = NULL;
  AdeptOrgDeviceResult *refused;

  adept_depsim_set_activity_refusal (f->server.sim, unassigned[2], "The device is in a pending transfer.", 1);
  refresh_org (f);
  job = run_job (f, ADEPT_ORG_ACTIVITY_ASSIGN, serials, NULL, 0);
  g_assert_cmpuint (adept_org_job_get_n_succeeded (job), ==, 3);
  g_assert_cmpuint (adept_org_job_get_n_failed (job), ==, 2);
  refused = result_for (job, unassigned[2]);
  g_assert_false (refused->ok);
  g_assert_cmpstr (refused->detail, ==, "The device is in a pending transfer.");
  g_assert_cmpstr (result_for (job, "NOTINTHEORG")->code, ==, "DEVICE_NOT_FOUND");
  summary = adept_org_job_dup_summary (job);
  g_assert_cmpstr (summary, ==, "3 devices assigned to “Adept Simulator MDM”. 2 devices were refused.");
  /* The refused one stays where it was. */
  g_assert_null (adept_depsim_get_device_server (f->server.sim, unassigned[2]));
  {
    g_autoptr(AdeptOrgDevice) o = adept_store_org_get_device (f->server.store, &f->view, unassigned[2], &error);
    g_assert_cmpint (adept_org_device_get_placement (o), ==, ADEPT_ORG_PLACEMENT_UNASSIGNED);
  }
}

static void
test_conflict (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) unassigned = adept_depsim_add_org_devices (f->server.sim, 2, NULL, &error);
  const char *ours = f->view.this_server_id;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(AdeptOrgActivity) running = NULL;
  g_autoptr(AdeptOrgActivity) second = NULL;
  const char *one[] = { unassigned[0], NULL };
  const char *both[] = { unassigned[1], unassigned[0], NULL };

  adept_depsim_set_activity_delay (f->server.sim, 60000);
  adept_business_client_create_activity_async (f->client, ADEPT_ORG_ACTIVITY_ASSIGN, ours, one, 0, NULL,
                                               adept_test_store_result, &result);
  adept_test_wait_result (&result);
  running = adept_business_client_create_activity_finish (f->client, result, &error);
  g_assert_no_error (error);
  g_assert_false (adept_org_activity_get_done (running));

  g_clear_object (&result);
  adept_business_client_create_activity_async (f->client, ADEPT_ORG_ACTIVITY_ASSIGN, ours, both, 0, NULL,
                                               adept_test_store_result, &result);
  adept_test_wait_result (&result);
  second = adept_business_client_create_activity_finish (f->client, result, &error);
  g_assert_null (second);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_ACTIVITY_CONFLICT);
  g_assert_nonnull (strstr (error->message, adept_org_activity_get_id (running)));
}

static void
test_migration (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) legacy = adept_depsim_add_org_devices (f->server.sim, 7, "Legacy MDM", &error);
  g_autoptr(AdeptOrgJob) set = NULL;
  g_autoptr(AdeptOrgJob) moved = NULL;
  g_autoptr(AdeptOrgJob) cancelled = NULL;
  g_autoptr(AdeptOrgJob) too_far = NULL;
  g_autoptr(JsonObject) business = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 deadline = now + 30 * DAY;
  guint requests;
  JsonObject *migrations;

  /* Four can migrate; Apple's rules rule out the others. */
  for (guint i = 0; i < 7; i++)
    {
      g_assert_true (adept_depsim_set_org_device_fact (f->server.sim, legacy[i], "os", 26, NULL));
      g_assert_true (adept_depsim_set_org_device_fact (f->server.sim, legacy[i], "shared_ipad", 0, NULL));
      g_assert_true (adept_depsim_set_org_device_fact (f->server.sim, legacy[i], "return_to_service", 0, NULL));
      g_assert_true (adept_depsim_set_org_device_fact (f->server.sim, legacy[i], "configurator", 0, NULL));
    }
  adept_depsim_set_org_device_fact (f->server.sim, legacy[4], "os", 18, NULL);
  adept_depsim_set_org_device_fact (f->server.sim, legacy[5], "return_to_service", 1, NULL);
  adept_depsim_set_org_device_fact (f->server.sim, legacy[6], "configurator", 1, NULL);
  refresh_org (f);
  /* After the listing Apple changes its mind about one: Adept sends it, Apple refuses. */
  adept_depsim_set_org_device_fact (f->server.sim, legacy[3], "shared_ipad", 1, NULL);

  set = run_job (f, ADEPT_ORG_ACTIVITY_ASSIGN_WITH_DEADLINE, (const char * const *) legacy, NULL, deadline);
  g_assert_cmpuint (adept_org_job_get_n_succeeded (set), ==, 3);
  g_assert_cmpuint (adept_org_job_get_n_failed (set), ==, 4);
  /* Never sent: Adept's own refusal, with Apple's rules explained. */
  g_assert_cmpstr (result_for (set, legacy[4])->code, ==, ADEPT_ORG_JOB_NOT_ELIGIBLE);
  g_assert_nonnull (strstr (result_for (set, legacy[4])->detail, "iOS 26, iPadOS 26 or macOS 26"));
  g_assert_cmpstr (result_for (set, legacy[5])->code, ==, ADEPT_ORG_JOB_NOT_ELIGIBLE);
  g_assert_cmpstr (result_for (set, legacy[6])->code, ==, ADEPT_ORG_JOB_NOT_ELIGIBLE);
  g_assert_cmpuint (adept_org_activity_get_n_devices (adept_org_job_get_activities (set)->pdata[0]), ==, 4);
  /* Sent and refused by Apple, with its reason. */
  g_assert_cmpstr (result_for (set, legacy[3])->code, ==, "SHARED_IPAD");
  g_assert_nonnull (strstr (result_for (set, legacy[3])->detail, "Shared iPad"));

  business = business_truth (f);
  migrations = json_object_get_object_member (business, "migrations");
  g_assert_cmpuint (json_object_get_size (migrations), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (migrations, legacy[0]), "status"),
                   ==, "REQUESTED");
  {
    g_autoptr(AdeptOrgDevice) o = adept_store_org_get_device (f->server.store, &f->view, legacy[0], &error);

    g_assert_cmpstr (adept_org_device_get_data (o)->migration_status, ==, "REQUESTED");
    g_assert_cmpint (adept_org_device_get_data (o)->migration_deadline, ==, deadline);
    g_assert_cmpint (adept_org_device_get_placement (o), ==, ADEPT_ORG_PLACEMENT_THIS_SERVER);
  }

  /* This server's DEP sync sees the deadline Apple's protocol 8 reports. */
  {
    g_autoptr(AdeptJournalEntry) entry = dep_sync (f);
    g_autoptr(AdeptDevice) d = adept_store_get_device (f->server.store, SERVER, legacy[0], NULL, &error);

    g_assert_nonnull (d);
    g_assert_cmpint (adept_device_get_mdm_migration_deadline (d), ==, deadline);
  }

  /* Moved later; a device without a pending migration is refused before sending. */
  moved = run_job (f, ADEPT_ORG_ACTIVITY_UPDATE_DEADLINE,
                   (const char * const[]) { legacy[0], legacy[1], legacy[4], NULL }, NULL, deadline + 30 * DAY);
  g_assert_cmpuint (adept_org_job_get_n_succeeded (moved), ==, 2);
  g_assert_cmpstr (result_for (moved, legacy[4])->code, ==, ADEPT_ORG_JOB_NOT_ELIGIBLE);
  g_clear_pointer (&business, json_object_unref);
  business = business_truth (f);
  {
    g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (deadline + 30 * DAY);
    g_autofree char *text = g_date_time_format (when, "%Y-%m-%dT%H:%M:%SZ");
    JsonObject *m = json_object_get_object_member (json_object_get_object_member (business, "migrations"), legacy[0]);

    g_assert_cmpstr (json_object_get_string_member (m, "deadline"), ==, text);
  }

  /* Cancelled. */
  cancelled = run_job (f, ADEPT_ORG_ACTIVITY_CANCEL_MIGRATION, (const char * const[]) { legacy[0], NULL }, NULL, 0);
  g_assert_cmpuint (adept_org_job_get_n_succeeded (cancelled), ==, 1);
  g_clear_pointer (&business, json_object_unref);
  business = business_truth (f);
  g_assert_false (json_object_has_member (json_object_get_object_member (business, "migrations"), legacy[0]));
  {
    g_autoptr(AdeptOrgDevice) o = adept_store_org_get_device (f->server.store, &f->view, legacy[0], &error);

    g_assert_null (adept_org_device_get_data (o)->migration_status);
  }

  /* More than 90 days: refused before anything goes to Apple. */
  requests = adept_depsim_get_business_request_count (f->server.sim, "/v1/orgDeviceActivities");
  too_far = adept_org_job_new (f->org, ADEPT_ORG_ACTIVITY_UPDATE_DEADLINE, (const char * const[]) { legacy[1], NULL },
                               NULL, now + 91 * DAY);
  g_assert_false (adept_org_job_run_sync (too_far, NULL, &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_VALIDATION);
  g_assert_nonnull (strstr (error->message, "90 days"));
  g_assert_cmpuint (adept_depsim_get_business_request_count (f->server.sim, "/v1/orgDeviceActivities"), ==, requests);
}

/* The list follows the store: search by order number, a server filter, and a refresh
 * after a job tells the view about the changed rows only. */
static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *changed)
{
  *changed += MAX (removed, added);
}

static void
test_org_list (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) unassigned = adept_depsim_add_org_devices (f->server.sim, 30, NULL, &error);
  g_autoptr(AdeptOrgDeviceList) list = NULL;
  g_autoptr(AdeptOrgDevice) sample = NULL;
  g_autoptr(AdeptOrgJob) job = NULL;
  const char *legacy = adept_depsim_get_org_server_id (f->server.sim, 1);
  const char *order;
  guint changed = 0;
  guint total;

  adept_depsim_seed_org_devices (f->server.sim, 3000);
  refresh_org (f);
  list = org_list (f);
  total = adept_org_device_list_get_n_total (list);
  g_assert_cmpuint (total, ==, 3030 + GPOINTER_TO_UINT (data));

  /* The 30 added today share one order: found by its number. */
  sample = adept_org_device_list_lookup (list, unassigned[0]);
  order = adept_org_device_get_data (sample)->order_number;
  if (order != NULL)
    {
      g_autofree char *lower = g_ascii_strdown (order, -1);

      adept_org_device_list_set_search (list, lower);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), >=, 30);
      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
        {
          g_autoptr(AdeptOrgDevice) d = g_list_model_get_item (G_LIST_MODEL (list), i);

          g_assert_cmpstr (adept_org_device_get_data (d)->order_number, ==, order);
        }
    }
  adept_org_device_list_set_search (list, unassigned[3]);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  adept_org_device_list_set_search (list, NULL);

  adept_org_device_list_set_server_filter (list, legacy);
  {
    g_autoptr(JsonObject) business = business_truth (f);
    JsonObject *server = json_array_get_object_element (json_object_get_array_member (business, "servers"), 1);

    g_assert_cmpstr (json_object_get_string_member (server, "id"), ==, legacy);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, json_object_get_int_member (server, "devices"));
  }
  adept_org_device_list_set_server_filter (list, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, total);

  /* An item handed out is updated in place, and only the rows that changed are told. */
  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed), &changed);
  job = run_job (f, ADEPT_ORG_ACTIVITY_ASSIGN, (const char * const *) unassigned, NULL, 0);
  g_assert_true (adept_org_device_list_refresh (list, &error));
  g_assert_cmpint (adept_org_device_get_placement (sample), ==, ADEPT_ORG_PLACEMENT_THIS_SERVER);
  g_assert_cmpuint (changed, ==, 30);
}

/* The simulator's state file keeps the API accounts (their public keys only) and the
 * migrations: after a restart the same key still gets a token. */
static void
test_state_file (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->work, "state.json", NULL);
  g_autofree char *saved = NULL;
  g_autofree char *pem = NULL;
  g_autofree char *token_url = NULL;
  g_auto(GStrv) legacy = adept_depsim_add_org_devices (f->server.sim, 1, "Legacy MDM", &error);
  g_autoptr(AdeptDepsim) again = NULL;
  g_autoptr(AdeptBusinessClient) client = NULL;
  g_autoptr(GPtrArray) servers = NULL;
  g_autoptr(JsonObject) all = NULL;

  g_assert_true (adept_depsim_set_migration_status (f->server.sim, legacy[0], "STARTED", &error));
  g_assert_true (adept_depsim_save (f->server.sim, path, &error));
  g_assert_true (g_file_get_contents (path, &saved, NULL, NULL));
  g_assert_true (g_file_get_contents (f->key_path, &pem, NULL, NULL));
  /* Apple keeps the public half only. */
  {
    g_auto(GStrv) lines = g_strsplit (pem, "\n", -1);

    g_assert_null (strstr (saved, lines[1]));
  }

  again = adept_depsim_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_true (adept_depsim_start (again, 0, &error));
  token_url = adept_depsim_dup_token_url (again);
  client = adept_business_client_new (f->account, token_url, adept_depsim_get_business_url (again), &error);
  g_assert_no_error (error);
  servers = list_servers (client, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (servers->len, ==, 4);
  g_assert_cmpstr (adept_depsim_get_device_server (again, legacy[0]), ==, adept_depsim_get_org_server_id (again, 1));
  {
    g_autofree char *json = adept_depsim_dup_truth_json (again);
    JsonObject *migrations;

    all = adept_test_parse_object (json);
    migrations = json_object_get_object_member (json_object_get_object_member (all, "business"), "migrations");
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (migrations, legacy[0]), "status"),
                     ==, "STARTED");
  }
  adept_depsim_stop (again);
}

/* Issue 16: a server trickling a byte now and then ends each exchange within the client's
 * deadline, the token request as the API's, as for the DEP client. */
static void
test_deadline (Fixture       *f,
               gconstpointer  data)
{
  AdeptTestTrickle *trickle = adept_test_trickle_start (100);
  const char *url = adept_test_trickle_get_url (trickle);
  g_autoptr(AdeptBusinessClient) client = NULL;
  g_autoptr(GPtrArray) servers = NULL;
  g_autoptr(GError) error = NULL;

  client = adept_business_client_new (f->account, url, url, &error);
  g_assert_no_error (error);
  adept_business_client_set_deadline (client, 2);
  servers = list_servers (client, &error);
  g_assert_null (servers);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "stopped answering"));
  g_assert_nonnull (strstr (error->message, "within 2 seconds"));
  g_assert_nonnull (strstr (error->message, url));
  g_assert_cmpuint (adept_test_trickle_get_n_bytes (trickle), >=, 5);
  adept_test_trickle_stop (trickle);

  /* The deadline does not touch exchanges that answer in time. */
  adept_business_client_set_deadline (f->client, 2);
  g_clear_pointer (&servers, g_ptr_array_unref);
  g_clear_error (&error);
  servers = list_servers (f->client, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (servers->len, >, 0);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *xdg = adept_test_isolate_xdg ();
  int ret;

  g_test_init (&argc, &argv, NULL);

#define ADD(path, n, func) \
  g_test_add (path, Fixture, GUINT_TO_POINTER (n), fixture_set_up, func, fixture_tear_down)

  ADD ("/business/assertion-checks", 10, test_assertion_checks);
  ADD ("/business/client-refusals", 10, test_client_refusals);
  ADD ("/business/token-reuse-and-renewal", 10, test_token_reuse_and_renewal);
  ADD ("/business/paging", 100, test_paging);
  ADD ("/business/devices-and-servers", 50, test_devices_and_servers);
  ADD ("/business/throttled-and-errors", 10, test_throttled_and_errors);
  ADD ("/business/in-flight", 20, test_in_flight);
  ADD ("/business/assign-to-this-server", 100, test_assign_to_this_server);
  ADD ("/business/move-between-servers", 50, test_move_between_servers);
  ADD ("/business/refused-device", 10, test_refused_device);
  ADD ("/business/conflict", 10, test_conflict);
  ADD ("/business/migration", 10, test_migration);
  ADD ("/business/org-list", 100, test_org_list);
  ADD ("/business/state-file", 10, test_state_file);
  ADD ("/business/deadline", 10, test_deadline);

  ret = g_test_run ();
  adept_test_cleanup_dir (xdg);
  return ret;
}
