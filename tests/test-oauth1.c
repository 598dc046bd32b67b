/* test-oauth1.c — RFC 5849 signing against the RFC's examples and an independent HMAC
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "adept-error.h"
#include "adept-oauth1.h"
#include "adept-test-util.h"

static void
test_percent_encode (void)
{
  static const struct {
    const char *in;
    const char *out;
  } cases[] = {
    { "", "" },
    { "abcXYZ019-._~", "abcXYZ019-._~" },
    { "Ladies + Gentlemen", "Ladies%20%2B%20Gentlemen" },
    { "An encoded string!", "An%20encoded%20string%21" },
    { "Dogs, Cats & Mice", "Dogs%2C%20Cats%20%26%20Mice" },
    { "=%/?:@\"'*", "%3D%25%2F%3F%3A%40%22%27%2A" },
    { "\xe2\x98\x83", "%E2%98%83" },
    { "\xc3\xa9\xc3\xbf", "%C3%A9%C3%BF" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *enc = adept_oauth1_percent_encode (cases[i].in);
      g_assert_cmpstr (enc, ==, cases[i].out);
    }
}

/* RFC 5849 §3.4.1.1, including the form body "c2&a3=2+q". */
static void
test_base_string_rfc (void)
{
  const char *params[] = {
    "oauth_consumer_key", "9djdj82h48djs9d2",
    "oauth_token", "kkk9d7dh3k39sjv7",
    "oauth_signature_method", "HMAC-SHA1",
    "oauth_timestamp", "137131201",
    "oauth_nonce", "7d8f3e4a",
    "c2", "",
    "a3", "2 q",
    NULL
  };
  g_autofree char *base = NULL;

  base = adept_oauth1_signature_base_string ("post",
                                             "http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b",
                                             params);
  g_assert_cmpstr (base, ==,
                   "POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q"
                   "%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_"
                   "key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_m"
                   "ethod%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk"
                   "9d7dh3k39sjv7");
}

/* RFC 5849 §3.4.1.2: case, default and explicit ports, empty path, no query. */
static void
test_base_string_uri (void)
{
  static const struct {
    const char *url;
    const char *prefix;
  } cases[] = {
    { "HTTP://EXAMPLE.COM:80/r%20v/X?id=123", "GET&http%3A%2F%2Fexample.com%2Fr%2520v%2FX&id%3D123" },
    { "https://www.example.net:8080/?q=1", "GET&https%3A%2F%2Fwww.example.net%3A8080%2F&q%3D1" },
    { "https://mdmenrollment.apple.com:443/session", "GET&https%3A%2F%2Fmdmenrollment.apple.com%2Fsession&" },
    { "http://127.0.0.1:8080", "GET&http%3A%2F%2F127.0.0.1%3A8080%2F&" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *base = adept_oauth1_signature_base_string ("GET", cases[i].url, NULL);
      g_assert_true (g_str_has_prefix (base, cases[i].prefix));
    }
  g_assert_null (adept_oauth1_signature_base_string ("GET", "not a url", NULL));
}

/* RFC 5849 §1.2: both signed requests with their published signatures. */
static void
test_rfc_worked_example (void)
{
  const char *initiate[] = {
    "oauth_consumer_key", "dpf43f3p2l4k3l03",
    "oauth_signature_method", "HMAC-SHA1",
    "oauth_timestamp", "137131200",
    "oauth_nonce", "wIjqoS",
    "oauth_callback", "http://printer.example.com/ready",
    NULL
  };
  const char *photos[] = {
    "oauth_consumer_key", "dpf43f3p2l4k3l03",
    "oauth_token", "nnch734d00sl2jdk",
    "oauth_signature_method", "HMAC-SHA1",
    "oauth_timestamp", "137131202",
    "oauth_nonce", "chapoH",
    NULL
  };
  g_autofree char *base1 = NULL;
  g_autofree char *base2 = NULL;
  g_autofree char *sig1 = NULL;
  g_autofree char *sig2 = NULL;

  base1 = adept_oauth1_signature_base_string ("POST", "https://photos.example.net/initiate", initiate);
  sig1 = adept_oauth1_hmac_sha1 (base1, "kd94hf93k423kf44", "");
  g_assert_cmpstr (sig1, ==, "74KNZJeDHnMBp0EMJ9ZHt/XKycU=");

  base2 = adept_oauth1_signature_base_string ("GET",
                                              "http://photos.example.net/photos?file=vacation.jpg&size=original",
                                              photos);
  g_assert_cmpstr (base2, ==,
                   "GET&http%3A%2F%2Fphotos.example.net%2Fphotos&file%3Dvacation.jpg%26"
                   "oauth_consumer_key%3Ddpf43f3p2l4k3l03%26oauth_nonce%3DchapoH%26"
                   "oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131202%26"
                   "oauth_token%3Dnnch734d00sl2jdk%26size%3Doriginal");
  sig2 = adept_oauth1_hmac_sha1 (base2, "kd94hf93k423kf44", "pfkkdhi9sl3r4s00");
  g_assert_cmpstr (sig2, ==, "MdpQcU8iPSUjWoN/UDMsK2sui9I=");
}

static char *
hex_of_base64 (const char *b64)
{
  gsize len = 0;
  g_autofree guchar *raw = g_base64_decode (b64, &len);
  GString *hex = g_string_new (NULL);

  for (gsize i = 0; i < len; i++)
    g_string_append_printf (hex, "%02x", raw[i]);
  return g_string_free (hex, FALSE);
}

/* HMAC-SHA1 computed by the openssl CLI, returned as lowercase hex. */
static char *
openssl_hmac_hex (const char *key,
                  const char *data)
{
  const char *argv[] = { "openssl", "dgst", "-sha1", "-hmac", key, NULL };
  g_autofree char *out = NULL;
  const char *eq;
  int status;

  status = adept_test_run (argv, data, &out, NULL);
  g_assert_cmpint (status, ==, 0);
  eq = strstr (out, "= ");
  g_assert_nonnull (eq);
  return g_strstrip (g_strdup (eq + 2));
}

/* Reserved and non-ASCII characters in every credential: the key is encoded before use,
 * checked against a hand-encoded key and an HMAC computed by openssl. */
static void
test_reserved_characters (void)
{
  AdeptOAuth1Credentials creds = {
    .consumer_key = "ck&=+ %\xc3\xa9",
    .consumer_secret = "cs&s=%+ /\"~\xe2\x98\x83",
    .token = "tok,\"en\"=+",
    .token_secret = "ts!*'();:@&=+$,/?#[]\xf0\x9f\x94\x91",
  };
  const char *hand_key = "cs%26s%3D%25%2B%20%2F%22~%E2%98%83&"
                         "ts%21%2A%27%28%29%3B%3A%40%26%3D%2B%24%2C%2F%3F%23%5B%5D%F0%9F%94%91";
  const char *url = "https://mdmenrollment.apple.com/session";
  g_autofree char *header = NULL;
  g_autofree char *base = NULL;
  g_autofree char *ours = NULL;
  g_autofree char *ours_hex = NULL;
  g_autofree char *theirs_hex = NULL;
  g_autoptr(GHashTable) parsed = NULL;
  g_autoptr(GError) error = NULL;

  header = adept_oauth1_authorization_header (&creds, "GET", url, NULL, "1700000000", "abc");
  g_assert_true (g_str_has_prefix (header, "OAuth oauth_consumer_key=\"ck%26%3D%2B%20%25%C3%A9\", "
                                           "oauth_nonce=\"abc\", oauth_signature=\""));
  g_assert_nonnull (strstr (header, "\", oauth_signature_method=\"HMAC-SHA1\", "
                                    "oauth_timestamp=\"1700000000\", "
                                    "oauth_token=\"tok%2C%22en%22%3D%2B\", oauth_version=\"1.0\""));

  parsed = adept_oauth1_parse_authorization_header (header, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_hash_table_lookup (parsed, "oauth_consumer_key"), ==, creds.consumer_key);
  g_assert_cmpstr (g_hash_table_lookup (parsed, "oauth_token"), ==, creds.token);

  {
    const char *params[] = {
      "oauth_consumer_key", creds.consumer_key,
      "oauth_nonce", "abc",
      "oauth_signature_method", "HMAC-SHA1",
      "oauth_timestamp", "1700000000",
      "oauth_token", creds.token,
      "oauth_version", "1.0",
      NULL
    };
    base = adept_oauth1_signature_base_string ("GET", url, params);
  }
  g_assert_nonnull (strstr (base, "oauth_consumer_key%3Dck%2526%253D%252B%2520%2525%25C3%25A9"));
  ours = adept_oauth1_hmac_sha1 (base, creds.consumer_secret, creds.token_secret);
  g_assert_cmpstr (ours, ==, g_hash_table_lookup (parsed, "oauth_signature"));

  ours_hex = hex_of_base64 (ours);
  theirs_hex = openssl_hmac_hex (hand_key, base);
  g_assert_cmpstr (ours_hex, ==, theirs_hex);

  g_assert_true (adept_oauth1_verify_signature (parsed, "GET", url,
                                                creds.consumer_secret, creds.token_secret));
  g_assert_false (adept_oauth1_verify_signature (parsed, "GET", url,
                                                 creds.consumer_secret, "ts"));
  g_assert_false (adept_oauth1_verify_signature (parsed, "POST", url,
                                                 creds.consumer_secret, creds.token_secret));
}

static void
test_header_realm (void)
{
  AdeptOAuth1Credentials creds = { "ck", "cs", "at", "as" };
  const char *url = "http://127.0.0.1:1234/session";
  g_autofree char *plain = NULL;
  g_autofree char *with_realm = NULL;
  g_autoptr(GHashTable) a = NULL;
  g_autoptr(GHashTable) b = NULL;
  g_autoptr(GError) error = NULL;

  plain = adept_oauth1_authorization_header (&creds, "GET", url, NULL, "1", "n1");
  with_realm = adept_oauth1_authorization_header (&creds, "GET", url, "ADM", "1", "n1");
  g_assert_true (g_str_has_prefix (with_realm, "OAuth realm=\"ADM\", oauth_consumer_key=\"ck\""));
  g_assert_null (strstr (plain, "realm"));

  a = adept_oauth1_parse_authorization_header (plain, &error);
  g_assert_no_error (error);
  b = adept_oauth1_parse_authorization_header (with_realm, &error);
  g_assert_no_error (error);
  /* realm is never signed */
  g_assert_cmpstr (g_hash_table_lookup (a, "oauth_signature"), ==,
                   g_hash_table_lookup (b, "oauth_signature"));
  g_assert_cmpstr (g_hash_table_lookup (b, "realm"), ==, "ADM");
  g_assert_true (adept_oauth1_verify_signature (b, "GET", url, "cs", "as"));
}

static void
test_header_now (void)
{
  AdeptOAuth1Credentials creds = { "ck", "cs", "at", "as" };
  g_autofree char *h1 = NULL;
  g_autofree char *h2 = NULL;
  g_autoptr(GHashTable) p1 = NULL;
  g_autoptr(GHashTable) p2 = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 ts;

  h1 = adept_oauth1_authorization_header (&creds, "GET", "http://h/session", NULL, NULL, NULL);
  h2 = adept_oauth1_authorization_header (&creds, "GET", "http://h/session", NULL, NULL, NULL);
  p1 = adept_oauth1_parse_authorization_header (h1, NULL);
  p2 = adept_oauth1_parse_authorization_header (h2, NULL);
  g_assert_nonnull (p1);
  g_assert_nonnull (p2);
  ts = g_ascii_strtoll (g_hash_table_lookup (p1, "oauth_timestamp"), NULL, 10);
  g_assert_cmpint (ts, >=, now);
  g_assert_cmpint (ts, <=, now + 5);
  g_assert_cmpstr (g_hash_table_lookup (p1, "oauth_nonce"), !=,
                   g_hash_table_lookup (p2, "oauth_nonce"));
}

static void
test_nonce (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < 2000; i++)
    {
      char *nonce = adept_oauth1_make_nonce ();

      g_assert_cmpuint (strlen (nonce), ==, 32);
      for (const char *p = nonce; *p != '\0'; p++)
        g_assert_true (g_ascii_isdigit (*p) || (*p >= 'a' && *p <= 'f'));
      g_assert_false (g_hash_table_contains (seen, nonce));
      g_hash_table_add (seen, nonce);
    }
}

static void
test_parse_errors (void)
{
  static const char *bad[] = {
    "Basic Zm9vOmJhcg==",
    "OAuth",
    "OAuthoauth_token=\"x\"",
    "OAuth oauth_token=x",
    "OAuth oauth_token=\"x",
    "OAuth oauth_token=\"x\" oauth_nonce=\"y\"",
    "OAuth oauth_token=\"x\", oauth_token=\"y\"",
    "OAuth oauth_token=\"%zz\"",
    "OAuth =\"x\"",
  };
  g_autoptr(GHashTable) ok = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) e = NULL;
      g_autoptr(GHashTable) t = adept_oauth1_parse_authorization_header (bad[i], &e);

      g_assert_null (t);
      g_assert_error (e, ADEPT_ERROR, ADEPT_ERROR_BAD_REQUEST);
    }

  /* No spaces after commas (PET's form), folded whitespace and an empty value. */
  ok = adept_oauth1_parse_authorization_header ("oauth realm=\"\",oauth_token=\"a%20b\",\r\n oauth_nonce=\"n\"",
                                                &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (ok), ==, 3);
  g_assert_cmpstr (g_hash_table_lookup (ok, "oauth_token"), ==, "a b");
  g_assert_cmpstr (g_hash_table_lookup (ok, "realm"), ==, "");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/oauth1/percent-encode", test_percent_encode);
  g_test_add_func ("/oauth1/base-string/rfc", test_base_string_rfc);
  g_test_add_func ("/oauth1/base-string/uri", test_base_string_uri);
  g_test_add_func ("/oauth1/rfc-worked-example", test_rfc_worked_example);
  g_test_add_func ("/oauth1/reserved-characters", test_reserved_characters);
  g_test_add_func ("/oauth1/header/realm", test_header_realm);
  g_test_add_func ("/oauth1/header/now", test_header_now);
  g_test_add_func ("/oauth1/nonce", test_nonce);
  g_test_add_func ("/oauth1/parse-errors", test_parse_errors);

  return g_test_run ();
}
