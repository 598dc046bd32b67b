/* test-nanodep-errors.c — how NanoDEP's answers become sentences, names and URLs, and
 * that no code names NanoDEP's route for the OAuth secrets. Needs no NanoDEP: the
 * answers below are the texts and statuses of NanoDEP v0.7.0's source (test-nanodep
 * meets them from the real server).
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "adept-basic-authenticator.h"
#include "adept-depsim.h"
#include "adept-error.h"
#include "adept-nanodep-client.h"
#include "adept-test-util.h"

#define ADDRESS "dep.example.com"

typedef struct {
  const char     *method;
  const char     *path;
  guint           status;
  const char     *content_type;
  const char     *www_authenticate;
  const char     *body;
  AdeptErrorCode  code;
  /* Words the sentence must hold (NULL: none beyond the server's address). */
  const char     *says;
} Case;

static const Case cases[] = {
  /* http.BasicAuthMiddleware */
  { "GET", "/v1/dep_names?limit=100&offset=0", 401, "text/plain", "Basic realm=\"depserver\"",
    "Unauthorized\n", ADEPT_ERROR_BACKEND_AUTH, "refused the API key" },
  { "PUT", "/v1/tokenpki/team", 401, "text/plain", "Basic realm=\"depserver\"",
    "Unauthorized\n", ADEPT_ERROR_BACKEND_AUTH, "NANODEP_API" },
  /* PUT /v1/tokenpki: where NanoDEP stopped */
  { "PUT", "/v1/tokenpki/team", 500, "application/json", NULL,
    "{\"error\":\"crypto/rsa: decryption error\"}\n", ADEPT_ERROR_TOKEN_WRONG_KEY, "NanoDEP changed nothing" },
  { "PUT", "/v1/tokenpki/team", 500, "application/json", NULL,
    "{\"error\":\"pkcs7: no enveloped recipient for provided certificate\"}\n",
    ADEPT_ERROR_TOKEN_WRONG_KEY, "another public key" },
  { "PUT", "/v1/tokenpki/team?force=1", 500, "application/json", NULL,
    "{\"error\":\"mismatched consumer key\"}\n", ADEPT_ERROR_BACKEND_CONSUMER_KEY,
    "already made the last downloaded public key its current one" },
  { "PUT", "/v1/tokenpki/team", 500, "application/json", NULL,
    "{\"error\":\"asn1: structure error: tags don't match\"}\n", ADEPT_ERROR_TOKEN_NOT_A_TOKEN, "_smime.p7m" },
  { "PUT", "/v1/tokenpki/team", 500, "application/json", NULL,
    "{\"error\":\"malformed MIME header line: garbage\"}\n", ADEPT_ERROR_TOKEN_NOT_A_TOKEN, NULL },
  { "PUT", "/v1/tokenpki/team", 500, "application/json", NULL,
    "{\"error\":\"unexpected end of JSON input\"}\n", ADEPT_ERROR_TOKEN_INCOMPLETE, "NanoDEP changed nothing" },
  { "PUT", "/v1/tokenpki/team", 500, "application/json", NULL,
    "{\"error\":\"getting cert_staging.team: key not found\"}\n", ADEPT_ERROR_NO_KEY, "“team”" },
  { "PUT", "/v1/tokenpki/team", 500, "application/json", NULL,
    "{\"error\":\"sql: no rows in result set: not found\"}\n", ADEPT_ERROR_NO_KEY, NULL },
  /* tokens.Valid() fails after the upstage: a plain 400 */
  { "PUT", "/v1/tokenpki/team", 400, "text/plain", NULL,
    "Bad Request\n", ADEPT_ERROR_TOKEN_INCOMPLETE, "already made the last downloaded public key" },
  /* The same texts elsewhere are just NanoDEP's errors, quoted. */
  { "GET", "/v1/tokenpki/team", 500, "application/json", NULL,
    "{\"error\":\"mismatched consumer key\"}\n", ADEPT_ERROR_BACKEND_ERROR, "“mismatched consumer key”" },
  { "GET", "/v1/assigner/team", 500, "application/json", NULL,
    "{\"error\":\"pq: relation \\\"dep_names\\\" does not exist\"}\n", ADEPT_ERROR_BACKEND_ERROR,
    "pq: relation \"dep_names\" does not exist" },
  /* Not NanoDEP at all, or a gateway in front of it */
  { "GET", "/v1/dep_names", 404, "text/plain", NULL,
    "404 page not found\n", ADEPT_ERROR_BACKEND_ERROR, "does not answer like a NanoDEP server" },
  { "GET", "/v1/dep_names", 503, "text/html", NULL,
    "<html>Service Unavailable</html>", ADEPT_ERROR_BACKEND_ERROR, "HTTP 503" },
  /* The proxy: its own 502s, and Apple's answers through it */
  { "GET", "/proxy/team/account", 502, NULL, NULL,
    "", ADEPT_ERROR_BACKEND_UPSTREAM, "no server token for this DEP name" },
  { "GET", "/proxy/team/account", 502, "text/plain; charset=utf-8", NULL,
    "token_rejected", ADEPT_ERROR_TOKEN_REJECTED, "“team”" },
  { "GET", "/proxy/team/account", 502, "text/plain; charset=utf-8", NULL,
    "{\"code\":\"signature_invalid\"}", ADEPT_ERROR_AUTH_FAILED, "signature_invalid" },
  { "GET", "/proxy/team/account", 502, "text/plain; charset=utf-8", NULL,
    "T_C_NOT_SIGNED", ADEPT_ERROR_TERMS_NOT_SIGNED, "terms and conditions" },
  { "GET", "/proxy/team/account", 502, "text/html", NULL,
    "<html>502 Bad Gateway</html>", ADEPT_ERROR_BACKEND_ERROR, "web server in front" },
  { "GET", "/proxy/team/account", 401, "text/plain", "Basic realm=\"depserver\"",
    "Unauthorized\n", ADEPT_ERROR_BACKEND_AUTH, NULL },
  { "GET", "/proxy/team/account", 401, "text/plain", NULL,
    "UNAUTHORIZED", ADEPT_ERROR_AUTH_FAILED, "the server token the NanoDEP server" },
};

static void
test_answers (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const Case *c = &cases[i];
      g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
      g_autoptr(GError) error = NULL;

      if (c->content_type != NULL)
        soup_message_headers_replace (headers, "Content-Type", c->content_type);
      if (c->www_authenticate != NULL)
        soup_message_headers_replace (headers, "WWW-Authenticate", c->www_authenticate);
      adept_nanodep_set_error_from_response (&error, ADDRESS, c->method, c->path, c->status,
                                             headers, c->body, strlen (c->body));
      g_test_message ("%s %s %u: %s", c->method, c->path, c->status, error->message);
      g_assert_error (error, ADEPT_ERROR, (gint) c->code);
      if (c->says != NULL && strstr (error->message, c->says) == NULL)
        g_error ("case %u: “%s” does not say “%s”", i, error->message, c->says);
      /* NanoDEP's own failures name it; Apple's terms stay Apple's sentence. */
      if (c->code != ADEPT_ERROR_TERMS_NOT_SIGNED)
        g_assert_nonnull (strstr (error->message, ADDRESS));
    }
}

/* Apple's own answers through the proxy are read as Apple's. */
static void
test_apple_through_proxy (void)
{
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  g_autoptr(GError) error = NULL;
  const char *body = "EXHAUSTED_CURSOR";

  adept_nanodep_set_error_from_response (&error, ADDRESS, "POST", "/proxy/team/server/devices", 400,
                                         headers, body, strlen (body));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_CURSOR_EXHAUSTED);
}

/* NanoDEP's error text is shown, but never raw: no control characters, bounded length. */
static void
test_error_text_sanitized (void)
{
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  g_autoptr(GString) body = g_string_new ("{\"error\":\"line one\\nline\\u0007two ");
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 500; i++)
    g_string_append (body, "x");
  g_string_append (body, "\"}");
  adept_nanodep_set_error_from_response (&error, ADDRESS, "GET", "/v1/config/team", 500,
                                         headers, body->str, body->len);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_BACKEND_ERROR);
  g_assert_nonnull (strstr (error->message, "line one line two"));
  g_assert_null (strchr (error->message, '\n'));
  g_assert_null (strchr (error->message, '\a'));
  g_assert_cmpuint (strlen (error->message), <, 400);
}

static void
test_names_and_urls (void)
{
  const char *valid[] = { "team", "Main Campus", "école-1", "a%b", "x.y", NULL };
  const char *invalid[] = { "", ".", "..", "a/b", "/", "tab\there", "new\nline", NULL };
  g_autoptr(AdeptNanodepClient) client = NULL;
  g_autoptr(AdeptDepClient) dep = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *proxy = NULL;
  g_autofree char *too_long = g_strnfill (256, 'n');

  for (guint i = 0; valid[i] != NULL; i++)
    g_assert_true (adept_nanodep_is_valid_name (valid[i]));
  for (guint i = 0; invalid[i] != NULL; i++)
    g_assert_false (adept_nanodep_is_valid_name (invalid[i]));
  g_assert_false (adept_nanodep_is_valid_name (too_long));
  too_long[255] = '\0';
  g_assert_true (adept_nanodep_is_valid_name (too_long));

  client = adept_nanodep_client_new ("https://dep.example.com:8443/", "key", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (adept_nanodep_client_get_url (client), ==, "https://dep.example.com:8443");
  g_assert_cmpstr (adept_nanodep_client_get_address (client), ==, "dep.example.com:8443");
  proxy = adept_nanodep_client_dup_proxy_url (client, "Main Campus");
  g_assert_cmpstr (proxy, ==, "https://dep.example.com:8443/proxy/Main%20Campus");
  dep = adept_nanodep_client_new_dep_client (client, "a/b", &error);
  g_assert_null (dep);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_BAD_REQUEST);
  g_clear_error (&error);
  g_clear_object (&client);

  client = adept_nanodep_client_new ("http://[::1]:9001", "key", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (adept_nanodep_client_get_address (client), ==, "[::1]:9001");
  g_clear_object (&client);

  /* Plain http only to this computer; an API key is one printable line. */
  client = adept_nanodep_client_new ("http://dep.example.com", "key", &error);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_INSECURE_URL);
  g_clear_error (&error);
  client = adept_nanodep_client_new ("https://dep.example.com", "", &error);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_BAD_REQUEST);
  g_clear_error (&error);
  client = adept_nanodep_client_new ("https://dep.example.com", "two\nlines", &error);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_BAD_REQUEST);
  g_assert_null (strstr (error->message, "two"));
}

/* ---- The DEP client's translator, which a backend's client plugs in ---- */

typedef struct {
  guint    calls;
  guint    last_status;
  gboolean last_may_retry;
  gboolean saw_transport_error;
  gboolean claim_at_once;
} Translations;

static gboolean
translate (SoupMessage   *message,
           GBytes        *body,
           const GError  *transport_error,
           gboolean       may_retry,
           GError       **error,
           gpointer       user_data)
{
  Translations *t = user_data;

  t->calls++;
  t->last_may_retry = may_retry;
  t->saw_transport_error = transport_error != NULL;
  t->last_status = message ? soup_message_get_status (message) : 0;
  if (may_retry && !t->claim_at_once)
    return FALSE;
  g_set_error_literal (error, ADEPT_ERROR, ADEPT_ERROR_BACKEND_ERROR, "translated");
  return TRUE;
}

static GError *
send_account (AdeptDepClient *client)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) body = NULL;
  GError *error = NULL;

  adept_dep_client_send_async (client, "GET", "/account", NULL, NULL, ADEPT_DEP_SEND_NONE, NULL,
                               adept_test_store_result, &result);
  adept_test_wait_result (&result);
  body = adept_dep_client_send_finish (client, result, &error);
  g_assert_null (body);
  return error;
}

static void
test_translator (void)
{
  g_autoptr(AdeptDepsim) sim = adept_depsim_new (3, 1);
  g_autoptr(AdeptBasicAuthenticator) auth = adept_basic_authenticator_new ("depserver", "key");
  g_autoptr(AdeptDepClient) client = NULL;
  g_autoptr(AdeptDepClient) nowhere = NULL;
  g_autofree char *refused = NULL;
  g_autoptr(GError) error = NULL;
  AdeptDepsimFault fault = { "/account", ADEPT_DEPSIM_FAULT_STATUS, 503, "busy", 0, 0, 10 };
  Translations t = { 0 };

  adept_depsim_start (sim, 0, &error);
  g_assert_no_error (error);
  adept_depsim_add_fault (sim, &fault);
  client = adept_dep_client_new (adept_depsim_get_base_url (sim), ADEPT_AUTHENTICATOR (auth), &error);
  g_assert_no_error (error);
  adept_dep_client_set_retry_policy (client, 2, 1, 5000);
  adept_dep_client_set_error_translator (client, translate, &t, NULL);

  /* A 503 is retried while the translator lets it; the last answer is its to name. */
  error = send_account (client);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_BACKEND_ERROR);
  g_assert_cmpuint (t.calls, ==, 3);
  g_assert_false (t.last_may_retry);
  g_assert_cmpuint (t.last_status, ==, 503);
  g_assert_cmpuint (adept_depsim_get_request_count (sim, "/account"), ==, 3);
  g_clear_error (&error);

  /* Claimed at once: no retry. */
  t = (Translations) { .claim_at_once = TRUE };
  error = send_account (client);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_BACKEND_ERROR);
  g_assert_cmpuint (t.calls, ==, 1);
  g_assert_true (t.last_may_retry);
  g_assert_cmpuint (adept_depsim_get_request_count (sim, "/account"), ==, 4);
  g_clear_error (&error);

  /* A failure to connect reaches it after the retries (an address nothing can listen on,
   * not the stopped simulator's, which another test's server may take). */
  adept_depsim_stop (sim);
  t = (Translations) { 0 };
  refused = adept_test_refused_url ();
  nowhere = adept_dep_client_new (refused, ADEPT_AUTHENTICATOR (auth), &error);
  g_assert_no_error (error);
  adept_dep_client_set_retry_policy (nowhere, 1, 1, 5000);
  adept_dep_client_set_error_translator (nowhere, translate, &t, NULL);
  error = send_account (nowhere);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_BACKEND_ERROR);
  g_assert_cmpuint (t.calls, ==, 1);
  g_assert_true (t.saw_transport_error);
}

static void
scan_for_route (GFile *dir,
                guint *n_files)
{
  g_autoptr(GFileEnumerator) children = NULL;
  g_autoptr(GError) error = NULL;
  GFileInfo *info;

  children = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, &error);
  g_assert_no_error (error);
  while ((info = g_file_enumerator_next_file (children, NULL, &error)) != NULL)
    {
      g_autoptr(GFile) child = g_file_get_child (dir, g_file_info_get_name (info));

      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        scan_for_route (child, n_files);
      else if (g_file_info_get_file_type (info) == G_FILE_TYPE_REGULAR)
        {
          g_autofree char *text = NULL;
          gsize len = 0;

          g_file_load_contents (child, NULL, &text, &len, NULL, &error);
          g_assert_no_error (error);
          if (memmem (text, len, "v1/tokens", 9) != NULL)
            {
              g_autofree char *path = g_file_get_path (child);

              g_error ("%s names NanoDEP's route for the OAuth secrets", path);
            }
          (*n_files)++;
        }
      g_object_unref (info);
    }
  g_assert_no_error (error);
}

/* No code path can ask NanoDEP for a name's four OAuth secrets: nothing in src/ names the
 * route (test-nanodep also watches NanoDEP's request log). */
static void
test_no_route_for_secrets (void)
{
  g_autofree char *src = adept_test_src_path ("..", "src", NULL);
  g_autoptr(GFile) dir = g_file_new_for_path (src);
  guint n_files = 0;

  scan_for_route (dir, &n_files);
  g_test_message ("scanned %u files", n_files);
  g_assert_cmpuint (n_files, >, 100);
}

/* Issue 16: a NanoDEP server trickling a byte now and then ends each call within the
 * client's deadline, for the API and the proxy clients it makes, as for Apple. */
static void
test_deadline (void)
{
  AdeptTestTrickle *trickle = adept_test_trickle_start (100);
  g_autoptr(AdeptNanodepClient) client = NULL;
  g_autoptr(AdeptDepClient) proxy = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *version = NULL;

  client = adept_nanodep_client_new (adept_test_trickle_get_url (trickle), "key", &error);
  g_assert_no_error (error);
  adept_nanodep_client_set_deadline (client, 2);
  adept_nanodep_client_get_version_async (client, NULL, adept_test_store_result, &result);
  adept_test_wait_result (&result);
  version = adept_nanodep_client_get_version_finish (client, result, &error);
  g_assert_null (version);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "stopped answering"));
  g_assert_nonnull (strstr (error->message, "within 2 seconds"));
  g_assert_cmpuint (adept_test_trickle_get_n_bytes (trickle), >=, 5);
  g_clear_error (&error);
  g_clear_object (&result);

  proxy = adept_nanodep_client_new_dep_client (client, "team", &error);
  g_assert_no_error (error);
  {
    g_autoptr(AdeptDepAccount) account = NULL;

    adept_dep_client_get_account_async (proxy, NULL, adept_test_store_result, &result);
    adept_test_wait_result (&result);
    account = adept_dep_client_get_account_finish (proxy, result, &error);
    g_assert_null (account);
    g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_NETWORK);
    g_assert_nonnull (strstr (error->message, "within 2 seconds"));
  }
  adept_test_trickle_stop (trickle);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/nanodep-errors/answers", test_answers);
  g_test_add_func ("/nanodep-errors/apple-through-proxy", test_apple_through_proxy);
  g_test_add_func ("/nanodep-errors/error-text-sanitized", test_error_text_sanitized);
  g_test_add_func ("/nanodep-errors/names-and-urls", test_names_and_urls);
  g_test_add_func ("/nanodep-errors/translator", test_translator);
  g_test_add_func ("/nanodep-errors/no-route-for-secrets", test_no_route_for_secrets);
  g_test_add_func ("/nanodep-errors/deadline", test_deadline);

  return g_test_run ();
}
