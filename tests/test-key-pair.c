/* test-key-pair.c — generate, export and import the MDM key pair; checked with openssl
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "adept-error.h"
#include "adept-key-pair.h"
#include "adept-secret.h"
#include "adept-server-token.h"
#include "adept-test-util.h"

static char *tmpdir;

static char *
write_tmp (const char *name,
           const char *contents)
{
  char *path = g_build_filename (tmpdir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

static char *
openssl_x509 (const char *cert_path,
              const char *option)
{
  const char *argv[] = { "openssl", "x509", "-noout", option, "-in", cert_path, NULL };
  g_autofree char *err = NULL;
  char *out = NULL;
  int status = adept_test_run (argv, NULL, &out, &err);

  g_assert_cmpint (status, ==, 0);
  return out;
}

static GDateTime *
openssl_date (const char *dates,
              const char *field)
{
  const char *line = strstr (dates, field);
  g_autofree char *iso = NULL;

  /* "notBefore=2026-01-17 11:02:21Z" with -dateopt iso_8601 */
  g_assert_nonnull (line);
  iso = g_strndup (line + strlen (field), strlen ("2026-01-17 11:02:21Z"));
  iso[10] = 'T';
  return g_date_time_new_from_iso8601 (iso, NULL);
}

static void
test_generate_checked_by_openssl (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptKeyPair) pair = adept_key_pair_generate (NULL, &error);
  g_autofree char *pem = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autofree char *serial = NULL;
  g_autofree char *dates = NULL;
  g_autofree char *cn = NULL;
  g_autoptr(GDateTime) not_before = NULL;
  g_autoptr(GDateTime) not_after = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  GTimeSpan validity;

  g_assert_no_error (error);
  pem = adept_key_pair_export_certificate_pem (pair);
  g_assert_true (g_str_has_prefix (pem, "-----BEGIN CERTIFICATE-----"));
  g_assert_null (strstr (pem, "PRIVATE KEY"));
  path = write_tmp ("generated.pem", pem);

  text = openssl_x509 (path, "-text");
  g_assert_nonnull (strstr (text, "Version: 3 (0x2)"));
  g_assert_nonnull (strstr (text, "Signature Algorithm: sha256WithRSAEncryption"));
  g_assert_nonnull (strstr (text, "Public-Key: (2048 bit)"));
  g_assert_nonnull (strstr (text, "Issuer: CN = Adept DEP"));
  g_assert_nonnull (strstr (text, "Subject: CN = Adept DEP"));
  g_assert_nonnull (strstr (text, "X509v3 Key Usage: critical\n                Digital Signature, Key Encipherment\n"));
  g_assert_null (strstr (text, "Negative"));

  /* 16 random bytes, positive, no leading zero octet. */
  serial = openssl_x509 (path, "-serial");
  g_strstrip (serial);
  g_assert_true (g_str_has_prefix (serial, "serial="));
  g_assert_cmpuint (strlen (serial + strlen ("serial=")), ==, 32);
  g_assert_cmpint (g_ascii_xdigit_value (serial[strlen ("serial=")]), <=, 7);
  g_assert_cmpuint (g_bytes_get_size (adept_key_pair_get_serial_der (pair)), ==, 16);

  {
    const char *argv[] = { "openssl", "x509", "-noout", "-startdate", "-enddate",
                           "-dateopt", "iso_8601", "-in", path, NULL };
    g_assert_cmpint (adept_test_run (argv, NULL, &dates, NULL), ==, 0);
  }
  not_before = openssl_date (dates, "notBefore=");
  not_after = openssl_date (dates, "notAfter=");
  g_assert_nonnull (not_before);
  g_assert_nonnull (not_after);
  g_assert_cmpint (g_date_time_compare (not_before, now), <=, 0);
  g_assert_cmpint (g_date_time_difference (now, not_before), <, 15 * G_TIME_SPAN_MINUTE);
  validity = g_date_time_difference (not_after, now);
  g_assert_cmpint (validity, >, 364 * G_TIME_SPAN_DAY);
  g_assert_cmpint (validity, <=, 365 * G_TIME_SPAN_DAY);
  g_assert_true (g_date_time_equal (not_after, adept_key_pair_get_not_after (pair)));

  cn = adept_key_pair_dup_common_name (pair);
  g_assert_cmpstr (cn, ==, ADEPT_KEY_PAIR_DEFAULT_CN);
}

static void
test_generate_serials_differ (void)
{
  g_autoptr(AdeptKeyPair) a = adept_key_pair_generate ("Serial A", NULL);
  g_autoptr(AdeptKeyPair) b = adept_key_pair_generate ("Serial B", NULL);
  g_autofree char *fa = adept_key_pair_dup_fingerprint (a);
  g_autofree char *fb = adept_key_pair_dup_fingerprint (b);
  g_autofree char *cn = adept_key_pair_dup_common_name (b);

  g_assert_false (g_bytes_equal (adept_key_pair_get_serial_der (a),
                                 adept_key_pair_get_serial_der (b)));
  g_assert_cmpstr (fa, !=, fb);
  /* SHA-256: 32 bytes as lowercase hex pairs with colons. */
  g_assert_cmpuint (strlen (fa), ==, 32 * 3 - 1);
  g_assert_true (g_regex_match_simple ("^([0-9a-f]{2}:){31}[0-9a-f]{2}$", fa, 0, 0));
  g_assert_cmpstr (cn, ==, "Serial B");
}

static void
test_generate_refuses_long_name (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strnfill (65, 'x');
  g_autoptr(AdeptKeyPair) pair = adept_key_pair_generate (name, &error);

  g_assert_null (pair);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "64"));
}

static void
generated_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  AdeptKeyPair **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = adept_key_pair_generate_finish (result, &error);
  g_assert_no_error (error);
}

static void
test_generate_async (void)
{
  g_autoptr(AdeptKeyPair) pair = NULL;
  g_autofree char *cn = NULL;

  adept_key_pair_generate_async ("Async DEP", NULL, generated_cb, &pair);
  while (pair == NULL)
    g_main_context_iteration (NULL, TRUE);
  cn = adept_key_pair_dup_common_name (pair);
  g_assert_cmpstr (cn, ==, "Async DEP");
}

static AdeptKeyPair *
import_fixtures (const char  *key_name,
                 const char  *cert_name,
                 GError     **error)
{
  g_autoptr(GBytes) key = adept_test_token_fixture (key_name);
  g_autoptr(GBytes) cert = adept_test_token_fixture (cert_name);

  return adept_key_pair_new_from_pem (g_bytes_get_data (key, NULL), g_bytes_get_size (key),
                                      g_bytes_get_data (cert, NULL), g_bytes_get_size (cert),
                                      error);
}

static void
test_import_pkcs1_and_pkcs8 (void)
{
  g_autoptr(GBytes) pkcs1 = adept_test_token_fixture ("ours-pkcs1.key");
  g_autoptr(GBytes) pkcs8 = adept_test_token_fixture ("ours.key");
  g_autoptr(AdeptKeyPair) from1 = adept_test_token_key_pair ("ours-pkcs1.key", "ours.crt");
  g_autoptr(AdeptKeyPair) from8 = adept_test_token_key_pair ("ours.key", "ours.crt");
  g_autofree char *f1 = adept_key_pair_dup_fingerprint (from1);
  g_autofree char *f8 = adept_key_pair_dup_fingerprint (from8);
  g_autoptr(AdeptSecret) exported = adept_key_pair_export_private_key_pem (from1);

  /* The fixtures really are the two formats. */
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (pkcs1, NULL), -1, "BEGIN RSA PRIVATE KEY"));
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (pkcs8, NULL), -1, "BEGIN PRIVATE KEY"));
  g_assert_cmpstr (f1, ==, f8);

  /* Exports as PKCS#8, the same key as openssl wrote. */
  g_assert_true (g_str_has_prefix (exported, "-----BEGIN PRIVATE KEY-----"));
  {
    g_autoptr(GBytes) cert = adept_test_token_fixture ("ours.crt");
    g_autoptr(GError) error = NULL;
    g_autoptr(AdeptKeyPair) again = NULL;

    again = adept_key_pair_new_from_pem (exported, strlen (exported),
                                         g_bytes_get_data (cert, NULL), g_bytes_get_size (cert),
                                         &error);
    g_assert_no_error (error);
  }
}

static void
test_import_mismatch (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptKeyPair) pair = import_fixtures ("ours.key", "other.crt", &error);

  g_assert_null (pair);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_CERT_KEY_MISMATCH);
}

static void
test_import_garbage (void)
{
  static const char garbage[] = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n";
  g_autoptr(GBytes) key = adept_test_token_fixture ("ours.key");
  g_autoptr(GBytes) cert = adept_test_token_fixture ("ours.crt");
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptKeyPair) pair = NULL;

  pair = adept_key_pair_new_from_pem (garbage, strlen (garbage),
                                      g_bytes_get_data (cert, NULL), g_bytes_get_size (cert),
                                      &error);
  g_assert_null (pair);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_KEY_INVALID);
  g_clear_error (&error);

  /* A certificate in the key's place, and the key in the certificate's. */
  pair = adept_key_pair_new_from_pem (g_bytes_get_data (cert, NULL), g_bytes_get_size (cert),
                                      g_bytes_get_data (cert, NULL), g_bytes_get_size (cert),
                                      &error);
  g_assert_null (pair);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_KEY_INVALID);
  g_clear_error (&error);

  pair = adept_key_pair_new_from_pem (g_bytes_get_data (key, NULL), g_bytes_get_size (key),
                                      "not a certificate", strlen ("not a certificate"),
                                      &error);
  g_assert_null (pair);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_CERT_INVALID);
}

static void
test_import_encrypted_and_short (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptKeyPair) pair = import_fixtures ("ours-encrypted.key", "ours.crt", &error);

  g_assert_null (pair);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_KEY_INVALID);
  g_assert_nonnull (strstr (error->message, "passphrase"));
  g_clear_error (&error);

  pair = import_fixtures ("short.key", "short.crt", &error);
  g_assert_null (pair);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_KEY_INVALID);
  g_assert_nonnull (strstr (error->message, "1024"));
}

static void
test_negative_serial_raw (void)
{
  /* -0x7CB4A13342F086E4 in two's complement, as the certificate encodes it. */
  static const guint8 expected[] = { 0x83, 0x4b, 0x5e, 0xcc, 0xbd, 0x0f, 0x79, 0x1c };
  g_autoptr(AdeptKeyPair) pair = adept_test_token_key_pair ("negative.key", "negative.crt");
  gnutls_datum_t issuer = { NULL, 0 };
  GBytes *serial = adept_key_pair_get_serial_der (pair);

  g_assert_cmpmem (g_bytes_get_data (serial, NULL), g_bytes_get_size (serial),
                   expected, sizeof expected);
  g_assert_cmpint (gnutls_x509_crt_get_raw_issuer_dn (adept_key_pair_get_x509_crt (pair),
                                                      &issuer), >=, 0);
  g_assert_cmpmem (g_bytes_get_data (adept_key_pair_get_issuer_der (pair), NULL),
                   g_bytes_get_size (adept_key_pair_get_issuer_der (pair)),
                   issuer.data, issuer.size);
  gnutls_free (issuer.data);
}

static void
test_openssl_token_for_generated_key (void)
{
  /* As the new-user check: smime (MIME, BER with -stream) with AES-128 and 3DES,
   * cms with AES-256 in DER. */
  static const char * const variants[][4] = {
    { "smime", "-aes128", "-stream", "SMIME" },
    { "smime", "-des3", "-stream", "SMIME" },
    { "cms", "-aes256", "-binary", "DER" },
  };
  g_autoptr(AdeptKeyPair) pair = adept_key_pair_generate ("Round Trip", NULL);
  g_autofree char *pem = adept_key_pair_export_certificate_pem (pair);
  g_autofree char *cert = write_tmp ("roundtrip.pem", pem);
  g_autofree char *payload = adept_test_src_path ("fixtures", "tokens", "payload.txt", NULL);
  g_autofree char *token_path = g_build_filename (tmpdir, "roundtrip.p7m", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
    {
      const char *argv[] = { "openssl", variants[i][0], "-encrypt", "-binary", variants[i][1],
                             variants[i][2], "-outform", variants[i][3], "-in", payload,
                             "-out", token_path, cert, NULL };
      g_autoptr(GError) error = NULL;
      g_autoptr(GFile) file = g_file_new_for_path (token_path);
      g_autoptr(AdeptServerToken) token = NULL;

      g_assert_cmpint (adept_test_run (argv, NULL, NULL, NULL), ==, 0);
      token = adept_server_token_decrypt_file (file, pair, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (g_str_has_prefix (adept_server_token_get_access_secret (token), "AS_"));
    }
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *xdg = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);
  xdg = adept_test_isolate_xdg ();
  tmpdir = adept_test_make_tmpdir ();

  g_test_add_func ("/key-pair/generate-checked-by-openssl", test_generate_checked_by_openssl);
  g_test_add_func ("/key-pair/generate-serials-differ", test_generate_serials_differ);
  g_test_add_func ("/key-pair/generate-refuses-long-name", test_generate_refuses_long_name);
  g_test_add_func ("/key-pair/generate-async", test_generate_async);
  g_test_add_func ("/key-pair/import-pkcs1-and-pkcs8", test_import_pkcs1_and_pkcs8);
  g_test_add_func ("/key-pair/import-mismatch", test_import_mismatch);
  g_test_add_func ("/key-pair/import-garbage", test_import_garbage);
  g_test_add_func ("/key-pair/import-encrypted-and-short", test_import_encrypted_and_short);
  g_test_add_func ("/key-pair/negative-serial-raw", test_negative_serial_raw);
  g_test_add_func ("/key-pair/openssl-token-for-generated-key", test_openssl_token_for_generated_key);
  ret = g_test_run ();

  adept_test_cleanup_dir (tmpdir);
  adept_test_cleanup_dir (xdg);
  g_free (tmpdir);
  return ret;
}
