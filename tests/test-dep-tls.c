/* test-dep-tls.c — the DEP client over real TLS on 127.0.0.1: system trust only, an extra
 * CA file, a pinned certificate; and the Basic authenticator of an MDM backend
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "adept-basic-authenticator.h"
#include "adept-dep-client.h"
#include "adept-error.h"
#include "adept-test-util.h"

#define API_KEY "test-api-key-0123456789"

typedef struct {
  char       *dir;
  SoupServer *server;
  guint       port;
  guint       requests;
  char       *last_authorization;
} Fixture;

static char *
path_in (Fixture    *fixture,
         const char *name)
{
  return g_build_filename (fixture->dir, name, NULL);
}

static void
handler (SoupServer        *server,
         SoupServerMessage *message,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  Fixture *fixture = user_data;
  const char *authorization;
  static const char account[] = "{\"server_name\":\"Proxy\",\"server_uuid\":\"ABC\",\"org_name\":\"Example\"}";

  fixture->requests++;
  authorization = soup_message_headers_get_one (soup_server_message_get_request_headers (message),
                                                "Authorization");
  g_free (fixture->last_authorization);
  fixture->last_authorization = g_strdup (authorization);

  if (g_strcmp0 (authorization, "Basic ZGVwc2VydmVyOnRlc3QtYXBpLWtleS0wMTIzNDU2Nzg5") != 0)
    {
      soup_server_message_set_status (message, SOUP_STATUS_UNAUTHORIZED, NULL);
      soup_server_message_set_response (message, "text/plain", SOUP_MEMORY_STATIC, "Unauthorized", 12);
      return;
    }
  if (g_str_equal (path, "/proxy/main/account"))
    {
      soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (message, "application/json", SOUP_MEMORY_STATIC,
                                        account, sizeof account - 1);
      return;
    }
  soup_server_message_set_status (message, SOUP_STATUS_NOT_FOUND, NULL);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *server_pem = NULL;
  g_autofree char *server_key = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GError) error = NULL;
  GSList *uris;

  fixture->dir = adept_test_make_tmpdir ();
  adept_test_make_tls_certificates (fixture->dir);
  server_pem = path_in (fixture, "server.pem");
  server_key = path_in (fixture, "server-key.pem");
  certificate = g_tls_certificate_new_from_files (server_pem, server_key, &error);
  g_assert_no_error (error);

  fixture->server = soup_server_new ("tls-certificate", certificate, NULL);
  soup_server_add_handler (fixture->server, NULL, handler, fixture, NULL);
  soup_server_listen_local (fixture->server, 0,
                            SOUP_SERVER_LISTEN_HTTPS | SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (fixture->server);
  fixture->port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  soup_server_disconnect (fixture->server);
  g_clear_object (&fixture->server);
  g_free (fixture->last_authorization);
  adept_test_cleanup_dir (fixture->dir);
  g_free (fixture->dir);
}

static AdeptDepClient *
make_client (Fixture    *fixture,
             const char *host,
             const char *password)
{
  g_autoptr(AdeptBasicAuthenticator) auth = adept_basic_authenticator_new ("depserver", password);
  g_autofree char *url = g_strdup_printf ("https://%s:%u/proxy/main/", host, fixture->port);
  g_autoptr(GError) error = NULL;
  AdeptDepClient *client = adept_dep_client_new (url, ADEPT_AUTHENTICATOR (auth), &error);

  g_assert_no_error (error);
  adept_dep_client_set_retry_policy (client, 4, 10, 5000);
  return client;
}

static AdeptDepAccount *
get_account (AdeptDepClient  *client,
             GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  adept_dep_client_get_account_async (client, NULL, adept_test_store_result, &result);
  adept_test_wait_result (&result);
  return adept_dep_client_get_account_finish (client, result, error);
}

static void
test_untrusted_refused (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(AdeptDepClient) client = make_client (fixture, "127.0.0.1", API_KEY);
  g_autoptr(AdeptDepAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  account = get_account (client, &error);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_TLS);
  g_assert_null (account);
  /* The credentials never reached the untrusted server. */
  g_assert_cmpuint (fixture->requests, ==, 0);
}

static void
test_ca_file (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(AdeptDepClient) client = make_client (fixture, "127.0.0.1", API_KEY);
  g_autofree char *ca = path_in (fixture, "ca.pem");
  g_autoptr(AdeptDepAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (adept_dep_client_set_tls_ca_file (client, ca, &error));
  account = get_account (client, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (adept_dep_account_get_org_name (account), ==, "Example");
  g_assert_cmpuint (fixture->requests, ==, 1);
}

static void
test_wrong_ca_and_wrong_name (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(AdeptDepClient) other_ca = make_client (fixture, "127.0.0.1", API_KEY);
  g_autoptr(AdeptDepClient) by_name = make_client (fixture, "localhost", API_KEY);
  g_autofree char *other = path_in (fixture, "other.pem");
  g_autofree char *ca = path_in (fixture, "ca.pem");
  g_autoptr(AdeptDepAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (adept_dep_client_set_tls_ca_file (other_ca, other, &error));
  account = get_account (other_ca, &error);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_TLS);
  g_clear_error (&error);

  /* The certificate names 127.0.0.1 only: a trusted CA does not excuse another name. */
  g_assert_true (adept_dep_client_set_tls_ca_file (by_name, ca, &error));
  account = get_account (by_name, &error);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_TLS);
  g_assert_cmpuint (fixture->requests, ==, 0);
}

static void
test_pinned (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(AdeptDepClient) pinned = make_client (fixture, "127.0.0.1", API_KEY);
  g_autoptr(AdeptDepClient) mispinned = make_client (fixture, "127.0.0.1", API_KEY);
  g_autofree char *server = path_in (fixture, "server.pem");
  g_autofree char *other = path_in (fixture, "other.pem");
  g_autofree char *missing = path_in (fixture, "missing.pem");
  g_autoptr(AdeptDepAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (adept_dep_client_set_pinned_certificate (pinned, server, &error));
  account = get_account (pinned, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (adept_dep_account_get_server_uuid (account), ==, "ABC");

  g_assert_true (adept_dep_client_set_pinned_certificate (mispinned, other, &error));
  g_clear_object (&account);
  account = get_account (mispinned, &error);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_TLS);
  g_clear_error (&error);
  g_assert_cmpuint (fixture->requests, ==, 1);

  g_assert_false (adept_dep_client_set_pinned_certificate (mispinned, missing, &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_TLS);
  g_clear_error (&error);
  g_assert_false (adept_dep_client_set_tls_ca_file (mispinned, missing, &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_TLS);
}

/* The SHA-256 of a certificate as the openssl CLI prints it ("… Fingerprint=AB:CD:…"). */
static char *
openssl_fingerprint (const char *pem)
{
  const char *argv[] = { "openssl", "x509", "-noout", "-fingerprint", "-sha256", "-in", pem, NULL };
  g_autofree char *out = NULL;
  const char *equals;

  g_assert_cmpint (adept_test_run (argv, NULL, &out, NULL), ==, 0);
  equals = strchr (out, '=');
  g_assert_nonnull (equals);
  return g_strstrip (g_strdup (equals + 1));
}

/* Issue 16: the pin adeptctl --pin-sha256 takes, as openssl prints it. */
static void
test_pinned_sha256 (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(AdeptDepClient) pinned = make_client (fixture, "127.0.0.1", API_KEY);
  g_autoptr(AdeptDepClient) mispinned = make_client (fixture, "127.0.0.1", API_KEY);
  g_autofree char *server = path_in (fixture, "server.pem");
  g_autofree char *ca = path_in (fixture, "ca.pem");
  g_autofree char *pin = openssl_fingerprint (server);
  g_autofree char *ca_pin = openssl_fingerprint (ca);
  g_autofree char *lower = g_ascii_strdown (pin, -1);
  g_autoptr(AdeptDepAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  const char *malformed[] = { "", "zz", "AB:CD", "sha256//AAAA", NULL };

  g_assert_cmpuint (strlen (pin), ==, 64 + 31);
  g_assert_true (adept_dep_client_set_pinned_sha256 (pinned, lower, &error));
  account = get_account (pinned, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (adept_dep_account_get_server_uuid (account), ==, "ABC");
  g_clear_object (&account);

  /* The CA that signed it is not the pinned certificate, even with the CA file trusted:
   * the pin decides alone. */
  g_assert_true (adept_dep_client_set_tls_ca_file (mispinned, ca, &error));
  g_assert_true (adept_dep_client_set_pinned_sha256 (mispinned, ca_pin, &error));
  account = get_account (mispinned, &error);
  g_assert_null (account);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_TLS);
  g_clear_error (&error);
  g_assert_cmpuint (fixture->requests, ==, 1);

  for (guint i = 0; malformed[i] != NULL; i++)
    {
      g_assert_false (adept_dep_client_set_pinned_sha256 (mispinned, malformed[i], &error));
      g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_CERT_INVALID);
      g_clear_error (&error);
    }
  /* 65 digits is not a SHA-256 either. */
  {
    g_autofree char *longer = g_strconcat (pin, "0", NULL);

    g_assert_false (adept_dep_client_set_pinned_sha256 (mispinned, longer, &error));
    g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_CERT_INVALID);
  }
}

static void
test_basic_rejected_not_replayed (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(AdeptDepClient) client = make_client (fixture, "127.0.0.1", "wrong-key");
  g_autofree char *ca = path_in (fixture, "ca.pem");
  g_autoptr(AdeptDepAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (adept_dep_client_set_tls_ca_file (client, ca, &error));
  account = get_account (client, &error);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_AUTH_FAILED);
  /* A proxy's 401 is final: no session to renew, so no second try. */
  g_assert_cmpuint (fixture->requests, ==, 1);
  g_assert_true (g_str_has_prefix (fixture->last_authorization, "Basic "));
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *tmp = adept_test_isolate_xdg ();
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add ("/dep-tls/untrusted-refused", Fixture, NULL, fixture_setup, test_untrusted_refused, fixture_teardown);
  g_test_add ("/dep-tls/ca-file", Fixture, NULL, fixture_setup, test_ca_file, fixture_teardown);
  g_test_add ("/dep-tls/wrong-ca-and-wrong-name", Fixture, NULL, fixture_setup, test_wrong_ca_and_wrong_name, fixture_teardown);
  g_test_add ("/dep-tls/pinned", Fixture, NULL, fixture_setup, test_pinned, fixture_teardown);
  g_test_add ("/dep-tls/pinned-sha256", Fixture, NULL, fixture_setup, test_pinned_sha256, fixture_teardown);
  g_test_add ("/dep-tls/basic-rejected-not-replayed", Fixture, NULL, fixture_setup, test_basic_rejected_not_replayed, fixture_teardown);

  status = g_test_run ();
  adept_test_cleanup_dir (tmp);
  return status;
}
