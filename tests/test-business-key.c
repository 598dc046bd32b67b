/* test-business-key.c — the Apple Business API key and its ES256 client assertion, with
 * keys made by the openssl CLI and every signature checked by openssl too
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "adept-business-account.h"
#include "adept-business-key.h"
#include "adept-error.h"
#include "adept-secret.h"
#include "adept-test-util.h"

#define CLIENT_ID "BUSINESSAPI.9703f56c-10ce-4876-8f59-e78e5e23a152"
#define KEY_ID    "d136aa66-0c3b-4bd4-9892-c20e8db024ab"

static char *tmpdir;

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmpdir, name, NULL);
}

static void
openssl (const char * const *argv)
{
  g_autofree char *err = NULL;
  int status = adept_test_run (argv, NULL, NULL, &err);

  if (status != 0)
    g_error ("openssl %s failed (%d): %s", argv[1], status, err);
}

/* A key made by openssl: "p256" (PKCS#8), "sec1" (the same key as EC PRIVATE KEY), "p384",
 * "rsa", "encrypted" (PKCS#8 with a passphrase). Made once, returned as text. */
static char *
openssl_key (const char *kind)
{
  g_autofree char *name = g_strconcat (kind, ".pem", NULL);
  g_autofree char *path = tmp_path (name);
  g_autofree char *p256 = tmp_path ("p256.pem");
  char *pem = NULL;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      if (g_str_equal (kind, "p256"))
        openssl ((const char * const[]) { "openssl", "genpkey", "-algorithm", "EC", "-pkeyopt",
                                          "ec_paramgen_curve:P-256", "-out", path, NULL });
      else if (g_str_equal (kind, "sec1"))
        {
          g_free (openssl_key ("p256"));
          openssl ((const char * const[]) { "openssl", "ec", "-in", p256, "-out", path, NULL });
        }
      else if (g_str_equal (kind, "p384"))
        openssl ((const char * const[]) { "openssl", "genpkey", "-algorithm", "EC", "-pkeyopt",
                                          "ec_paramgen_curve:P-384", "-out", path, NULL });
      else if (g_str_equal (kind, "rsa"))
        openssl ((const char * const[]) { "openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt",
                                          "rsa_keygen_bits:2048", "-out", path, NULL });
      else if (g_str_equal (kind, "encrypted"))
        {
          g_free (openssl_key ("p256"));
          openssl ((const char * const[]) { "openssl", "pkcs8", "-topk8", "-in", p256, "-out", path,
                                            "-v2", "aes-256-cbc", "-passout", "pass:secret", NULL });
        }
      else
        g_assert_not_reached ();
    }
  g_assert_true (g_file_get_contents (path, &pem, NULL, NULL));
  return pem;
}

static void
test_pkcs8_and_sec1 (void)
{
  g_autofree char *pkcs8 = openssl_key ("p256");
  g_autofree char *sec1 = openssl_key ("sec1");
  g_autoptr(AdeptBusinessKey) a = NULL;
  g_autoptr(AdeptBusinessKey) b = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (strstr (pkcs8, "BEGIN PRIVATE KEY") != NULL);
  g_assert_true (strstr (sec1, "BEGIN EC PRIVATE KEY") != NULL);
  a = adept_business_key_new_from_pem (pkcs8, strlen (pkcs8), &error);
  g_assert_no_error (error);
  b = adept_business_key_new_from_pem (sec1, strlen (sec1), &error);
  g_assert_no_error (error);
  /* The same key in two forms: the same public key. */
  g_assert_cmpstr (adept_business_key_get_fingerprint (a), ==, adept_business_key_get_fingerprint (b));
  g_assert_cmpuint (strlen (adept_business_key_get_fingerprint (a)), ==, 64);
}

static void
assert_refused (const char *pem,
                const char *words)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptBusinessKey) key = adept_business_key_new_from_pem (pem, strlen (pem), &error);

  g_assert_null (key);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_API_KEY_INVALID);
  if (strstr (error->message, words) == NULL)
    g_error ("“%s” not in “%s”", words, error->message);
}

static void
test_wrong_keys (void)
{
  g_autofree char *p384 = openssl_key ("p384");
  g_autofree char *rsa = openssl_key ("rsa");
  g_autofree char *encrypted = openssl_key ("encrypted");
  g_autofree char *p256 = openssl_key ("p256");
  g_autofree char *cut = g_strndup (p256, strlen (p256) / 2);

  assert_refused (p384, "P-384");
  assert_refused (p384, "P-256");
  assert_refused (rsa, "RSA");
  assert_refused (encrypted, "passphrase");
  assert_refused ("", "not a private key");
  assert_refused ("hello", "not a private key");
  assert_refused (cut, "damaged");
}

/* The one reader of .pem files stops at its bound, even on an endless file. */
static void
test_read_bounded (void)
{
  g_autoptr(GFile) zero = g_file_new_for_path ("/dev/zero");
  g_autofree char *path = tmp_path ("p256.pem");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) missing = g_file_new_for_path ("/nonexistent/key.pem");
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptSecret) text = NULL;

  g_free (openssl_key ("p256"));
  text = adept_business_key_read_file (zero, NULL, &error);
  g_assert_null (text);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_FILE);
  g_assert_nonnull (strstr (error->message, "not a regular file"));
  g_clear_error (&error);

  text = adept_business_key_read_file (missing, NULL, &error);
  g_assert_null (text);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_FILE);
  g_clear_error (&error);

  text = adept_business_key_read_file (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (text, "-----BEGIN PRIVATE KEY-----"));
}

static GBytes *
decode_b64url (const char *text)
{
  g_autoptr(GString) standard = g_string_new (NULL);
  guchar *raw;
  gsize len;

  for (const char *p = text; *p != '\0'; p++)
    {
      g_assert_true (g_ascii_isalnum (*p) || *p == '-' || *p == '_');
      g_string_append_c (standard, *p == '-' ? '+' : *p == '_' ? '/' : *p);
    }
  while (standard->len % 4 != 0)
    g_string_append_c (standard, '=');
  raw = g_base64_decode (standard->str, &len);
  return g_bytes_new_take (raw, len);
}

static JsonObject *
decode_part (const char *text)
{
  g_autoptr(GBytes) bytes = decode_b64url (text);
  g_autofree char *json = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  return adept_test_parse_object (json);
}

/* DER of an ECDSA signature from r‖s, written here rather than by GnuTLS, so openssl
 * checks Adept's bytes against nothing of Adept's. */
static void
append_der_integer (GByteArray   *der,
                    const guint8 *value,
                    gsize         len)
{
  guint8 header[3] = { 0x02, 0, 0 };
  gsize skip = 0;
  gboolean pad;

  while (skip < len - 1 && value[skip] == 0)
    skip++;
  pad = (value[skip] & 0x80) != 0;
  header[1] = (guint8) (len - skip + (pad ? 1 : 0));
  g_byte_array_append (der, header, pad ? 3 : 2);
  g_byte_array_append (der, value + skip, len - skip);
}

static GBytes *
der_signature (GBytes *raw)
{
  g_autoptr(GByteArray) body = g_byte_array_new ();
  GByteArray *der = g_byte_array_new ();
  const guint8 *data = g_bytes_get_data (raw, NULL);
  guint8 header[2] = { 0x30, 0 };

  g_assert_cmpuint (g_bytes_get_size (raw), ==, 64);
  append_der_integer (body, data, 32);
  append_der_integer (body, data + 32, 32);
  header[1] = (guint8) body->len;
  g_byte_array_append (der, header, 2);
  g_byte_array_append (der, body->data, body->len);
  return g_byte_array_free_to_bytes (der);
}

static void
test_assertion_shape (void)
{
  g_autofree char *pem = openssl_key ("p256");
  g_autoptr(AdeptBusinessKey) key = adept_business_key_new_from_pem (pem, strlen (pem), NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptSecret) first = NULL;
  g_autoptr(AdeptSecret) second = NULL;
  g_auto(GStrv) parts = NULL;
  g_auto(GStrv) other = NULL;
  g_autoptr(JsonObject) header = NULL;
  g_autoptr(JsonObject) claims = NULL;
  g_autoptr(JsonObject) other_claims = NULL;
  g_autoptr(GBytes) signature = NULL;

  first = adept_business_key_make_assertion (key, CLIENT_ID, KEY_ID, 1760000000, 600, &error);
  g_assert_no_error (error);
  second = adept_business_key_make_assertion (key, CLIENT_ID, KEY_ID, 1760000000, 600, &error);
  g_assert_no_error (error);
  parts = g_strsplit (first, ".", -1);
  g_assert_cmpuint (g_strv_length (parts), ==, 3);

  header = decode_part (parts[0]);
  g_assert_cmpstr (json_object_get_string_member (header, "alg"), ==, "ES256");
  g_assert_cmpstr (json_object_get_string_member (header, "kid"), ==, KEY_ID);
  g_assert_cmpstr (json_object_get_string_member (header, "typ"), ==, "JWT");

  claims = decode_part (parts[1]);
  g_assert_cmpstr (json_object_get_string_member (claims, "iss"), ==, CLIENT_ID);
  g_assert_cmpstr (json_object_get_string_member (claims, "sub"), ==, CLIENT_ID);
  g_assert_cmpstr (json_object_get_string_member (claims, "aud"), ==, "https://account.apple.com/auth/oauth2/v2/token");
  g_assert_cmpint (json_object_get_int_member (claims, "iat"), ==, 1760000000);
  g_assert_cmpint (json_object_get_int_member (claims, "exp"), ==, 1760000600);
  g_assert_cmpuint (strlen (json_object_get_string_member (claims, "jti")), >=, 16);

  /* r‖s, not DER. */
  signature = decode_b64url (parts[2]);
  g_assert_cmpuint (g_bytes_get_size (signature), ==, 64);

  /* Every assertion is new: another jti. */
  other = g_strsplit (second, ".", -1);
  other_claims = decode_part (other[1]);
  g_assert_cmpstr (json_object_get_string_member (claims, "jti"), !=,
                   json_object_get_string_member (other_claims, "jti"));
}

/* openssl verifies the signatures: many, so values with a high bit set and with leading
 * zeros (the padding and stripping to 32 bytes) come up. */
static void
test_assertion_verified_by_openssl (void)
{
  g_autofree char *pem = openssl_key ("p256");
  g_autofree char *key_path = tmp_path ("p256.pem");
  g_autofree char *pub_path = tmp_path ("p256-pub.pem");
  g_autofree char *input_path = tmp_path ("jwt-input");
  g_autofree char *sig_path = tmp_path ("jwt-sig.der");
  g_autoptr(AdeptBusinessKey) key = adept_business_key_new_from_pem (pem, strlen (pem), NULL);
  guint verified = 0, tampered = 0;

  openssl ((const char * const[]) { "openssl", "pkey", "-in", key_path, "-pubout", "-out", pub_path, NULL });
  for (guint i = 0; i < 24; i++)
    {
      g_autoptr(AdeptSecret) assertion = adept_business_key_make_assertion (key, CLIENT_ID, KEY_ID,
                                                                            1760000000 + i, 3600, NULL);
      const char *last_dot = strrchr (assertion, '.');
      g_autoptr(GBytes) raw = decode_b64url (last_dot + 1);
      g_autoptr(GBytes) der = der_signature (raw);
      g_autofree char *out = NULL;
      const char *verify[] = { "openssl", "dgst", "-sha256", "-verify", pub_path, "-signature", sig_path,
                               input_path, NULL };

      g_assert_true (g_file_set_contents (input_path, assertion, last_dot - assertion, NULL));
      g_assert_true (g_file_set_contents (sig_path, g_bytes_get_data (der, NULL), g_bytes_get_size (der), NULL));
      g_assert_cmpint (adept_test_run (verify, NULL, &out, NULL), ==, 0);
      g_assert_nonnull (strstr (out, "Verified OK"));
      verified++;

      /* And a signature over other bytes does not verify. */
      if (i % 8 == 0)
        {
          g_clear_pointer (&out, g_free);
          g_assert_true (g_file_set_contents (input_path, assertion, last_dot - assertion - 1, NULL));
          g_assert_cmpint (adept_test_run (verify, NULL, &out, NULL), !=, 0);
          tampered++;
        }
    }
  g_assert_cmpuint (verified, ==, 24);
  g_assert_cmpuint (tampered, ==, 3);
}

static void
test_account_ids (void)
{
  g_autofree char *pem = openssl_key ("p256");
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptBusinessAccount) account = NULL;
  g_autoptr(AdeptBusinessAccount) school = NULL;

  account = adept_business_account_new ("1234567", "BUSINESSAPI.nope", KEY_ID, pem, &error);
  g_assert_null (account);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_VALIDATION);
  g_assert_nonnull (strstr (error->message, "Client ID"));
  g_clear_error (&error);

  account = adept_business_account_new ("1234567", CLIENT_ID, "has spaces", pem, &error);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_VALIDATION);
  g_assert_nonnull (strstr (error->message, "Key ID"));
  g_clear_error (&error);

  account = adept_business_account_new ("org/../x", CLIENT_ID, KEY_ID, pem, &error);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_VALIDATION);
  g_clear_error (&error);

  account = adept_business_account_new ("1234567", CLIENT_ID, KEY_ID, pem, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (adept_business_account_get_scope (account), ==, "business.api");
  g_assert_cmpstr (adept_business_account_get_default_api_url (account), ==, "https://api-business.apple.com");

  school = adept_business_account_new ("1234567", "SCHOOLAPI.9703f56c-10ce-4876-8f59-e78e5e23a152", KEY_ID,
                                       pem, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (adept_business_account_get_scope (school), ==, "school.api");
  g_assert_cmpstr (adept_business_account_get_default_api_url (school), ==, "https://api-school.apple.com");
}

int
main (int    argc,
      char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  tmpdir = adept_test_make_tmpdir ();

  g_test_add_func ("/business-key/pkcs8-and-sec1", test_pkcs8_and_sec1);
  g_test_add_func ("/business-key/wrong-keys", test_wrong_keys);
  g_test_add_func ("/business-key/read-bounded", test_read_bounded);
  g_test_add_func ("/business-key/assertion-shape", test_assertion_shape);
  g_test_add_func ("/business-key/assertion-verified-by-openssl", test_assertion_verified_by_openssl);
  g_test_add_func ("/business-key/account-ids", test_account_ids);

  ret = g_test_run ();
  adept_test_cleanup_dir (tmpdir);
  return ret;
}
