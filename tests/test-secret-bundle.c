/* test-secret-bundle.c — the passphrase-encrypted export: round trip, a wrong passphrase
 * and damaged files each named as such, and PKCS#12 that the openssl CLI reads and makes
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "adept-bypass-code.h"
#include "adept-error.h"
#include "adept-secret.h"
#include "adept-secret-bundle.h"
#include "adept-test-util.h"

#define PASSPHRASE "correct horse battery"

static char *tmpdir;
static AdeptKeyPair *key_pair;

static AdeptSecretBundle *
sample_bundle (gboolean with_key)
{
  AdeptSecretBundle *bundle = adept_secret_bundle_new ();

  adept_secret_bundle_add (bundle, "bypass-code/C02XK1ABJG5H", "3UM43-PUYVY-QYD1-UVCC-HEHJ-FKA4");
  adept_secret_bundle_add (bundle, "bypass-code/F9FXQ2LMN3P4", "TF27L-31WN1-E6FH-DMAM-52X5-NFV0");
  adept_secret_bundle_add (bundle, "oauth-tokens/default", "{\"consumer_key\":\"CK_x\",\"note\":\"é ✓\"}");
  /* A second secret of the same name replaces the first. */
  adept_secret_bundle_add (bundle, "bypass-code/F9FXQ2LMN3P4", "YFDFZ-4DTX7-RAXZ-N0WY-1AQ2-V1N1");
  if (with_key)
    adept_secret_bundle_set_key_pair (bundle, key_pair);
  return bundle;
}

static char *
path_of (const char *name)
{
  return g_build_filename (tmpdir, name, NULL);
}

static void
test_round_trip (void)
{
  g_autoptr(AdeptSecretBundle) bundle = sample_bundle (TRUE);
  g_autoptr(AdeptSecretBundle) read = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = path_of ("round-trip.p12");
  g_autofree char *contents = NULL;
  g_autofree char *cert_a = NULL;
  g_autofree char *cert_b = NULL;
  g_autoptr(AdeptSecret) key_a = NULL;
  g_autoptr(AdeptSecret) key_b = NULL;
  g_auto(GStrv) names = NULL;
  GStatBuf st;
  gsize len;

  g_assert_true (adept_secret_bundle_write_file (bundle, path, PASSPHRASE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* Nothing of the secrets is readable in the file. */
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  adept_test_assert_no_secret (path, contents, len, (const char * const []) {
    "3UM43-PUYVY", "HEHJ-FKA4", "YFDFZ-4DTX7", "consumer_key", "bypass-code/C02", NULL });

  read = adept_secret_bundle_new_from_file (path, PASSPHRASE, &error);
  g_assert_no_error (error);
  names = adept_secret_bundle_dup_names (read);
  g_assert_cmpuint (g_strv_length (names), ==, 3);
  g_assert_cmpstr (names[0], ==, "bypass-code/C02XK1ABJG5H");
  g_assert_cmpstr (adept_secret_bundle_lookup (read, "bypass-code/C02XK1ABJG5H"), ==,
                   "3UM43-PUYVY-QYD1-UVCC-HEHJ-FKA4");
  g_assert_cmpstr (adept_secret_bundle_lookup (read, "bypass-code/F9FXQ2LMN3P4"), ==,
                   "YFDFZ-4DTX7-RAXZ-N0WY-1AQ2-V1N1");
  g_assert_cmpstr (adept_secret_bundle_lookup (read, "oauth-tokens/default"), ==,
                   "{\"consumer_key\":\"CK_x\",\"note\":\"é ✓\"}");
  g_assert_null (adept_secret_bundle_lookup (read, "adept-export"));

  g_assert_nonnull (adept_secret_bundle_get_key_pair (read));
  cert_a = adept_key_pair_export_certificate_pem (key_pair);
  cert_b = adept_key_pair_export_certificate_pem (adept_secret_bundle_get_key_pair (read));
  g_assert_cmpstr (cert_a, ==, cert_b);
  key_a = adept_key_pair_export_private_key_pem (key_pair);
  key_b = adept_key_pair_export_private_key_pem (adept_secret_bundle_get_key_pair (read));
  g_assert_cmpstr (key_a, ==, key_b);
}

static void
test_without_key_and_unicode (void)
{
  g_autoptr(AdeptSecretBundle) bundle = sample_bundle (FALSE);
  g_autoptr(AdeptSecretBundle) read = NULL;
  g_autoptr(GBytes) data = NULL;
  g_autoptr(GError) error = NULL;
  const char *passphrase = "Schlüssel für Geräte ✓";

  data = adept_secret_bundle_export (bundle, passphrase, &error);
  g_assert_no_error (error);
  read = adept_secret_bundle_new_from_data (data, passphrase, &error);
  g_assert_no_error (error);
  g_assert_null (adept_secret_bundle_get_key_pair (read));
  g_assert_cmpuint (adept_secret_bundle_get_n_secrets (read), ==, 3);

  /* An empty bundle is a valid file too. */
  {
    g_autoptr(AdeptSecretBundle) empty = adept_secret_bundle_new ();
    g_autoptr(GBytes) empty_data = adept_secret_bundle_export (empty, PASSPHRASE, &error);
    g_autoptr(AdeptSecretBundle) empty_read = adept_secret_bundle_new_from_data (empty_data, PASSPHRASE, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (adept_secret_bundle_get_n_secrets (empty_read), ==, 0);
  }
}

static void
test_wrong_passphrase (void)
{
  g_autoptr(AdeptSecretBundle) bundle = sample_bundle (TRUE);
  g_autoptr(GBytes) data = adept_secret_bundle_export (bundle, PASSPHRASE, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_null (adept_secret_bundle_new_from_data (data, "correct horse battery!", &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_WRONG_PASSPHRASE);
  g_assert_nonnull (strstr (error->message, "passphrase"));
  g_clear_error (&error);
  g_assert_null (adept_secret_bundle_new_from_data (data, "", &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_WRONG_PASSPHRASE);
}

static GBytes *
changed_copy (GBytes *data,
              gsize   keep,
              gssize  flip_at)
{
  gsize len;
  const guint8 *bytes = g_bytes_get_data (data, &len);
  guint8 *copy = g_memdup2 (bytes, MIN (keep, len));

  if (flip_at >= 0)
    copy[flip_at] ^= 0x5a;
  return g_bytes_new_take (copy, MIN (keep, len));
}

static void
assert_damaged (GBytes     *data,
                const char *what)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptSecretBundle) read = adept_secret_bundle_new_from_data (data, PASSPHRASE, &error);

  if (read != NULL || !g_error_matches (error, ADEPT_ERROR, ADEPT_ERROR_EXPORT_DAMAGED))
    g_error ("%s: expected a damaged file, got %s", what, error ? error->message : "a bundle");
}

static void
test_damaged (void)
{
  g_autoptr(AdeptSecretBundle) bundle = sample_bundle (TRUE);
  g_autoptr(GBytes) data = adept_secret_bundle_export (bundle, PASSPHRASE, NULL);
  gsize len = g_bytes_get_size (data);
  g_autoptr(GBytes) truncated = changed_copy (data, len - 40, -1);
  g_autoptr(GBytes) last = changed_copy (data, len, len - 1);
  g_autoptr(GBytes) middle = changed_copy (data, len, len / 2);
  g_autoptr(GBytes) garbage = g_bytes_new_static ("PK\003\004 not pkcs12 at all", 24);
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autofree char *fifo = path_of ("fifo");
  g_autoptr(GError) error = NULL;

  assert_damaged (truncated, "truncated");
  /* The integrity check's iteration count: every bag still opens. */
  assert_damaged (last, "last byte");
  assert_damaged (middle, "middle byte");
  assert_damaged (garbage, "not PKCS#12");
  assert_damaged (empty, "empty");

  /* Files that are not files, or not there. */
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_null (adept_secret_bundle_new_from_file (fifo, PASSPHRASE, &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_FILE);
  g_clear_error (&error);
  g_assert_null (adept_secret_bundle_new_from_file ("/dev/zero", PASSPHRASE, &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_FILE);
  g_clear_error (&error);
  g_assert_null (adept_secret_bundle_new_from_file ("/nonexistent/x.p12", PASSPHRASE, &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_FILE);
}

static void
test_short_passphrase (void)
{
  g_autoptr(AdeptSecretBundle) bundle = sample_bundle (FALSE);
  g_autofree char *path = path_of ("short.p12");
  g_autoptr(GError) error = NULL;

  g_assert_false (adept_secret_bundle_write_file (bundle, path, "1234567", &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_BAD_REQUEST);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

/* stdout and stderr together: openssl -info tells the encryption on stderr. */
static int
openssl (const char * const *argv,
         char              **out)
{
  g_autofree char *stdout_text = NULL;
  g_autofree char *err = NULL;
  int status = adept_test_run (argv, NULL, &stdout_text, &err);

  if (status != 0)
    g_test_message ("openssl: %s", err);
  if (out != NULL)
    *out = g_strconcat (stdout_text, err, NULL);
  return status;
}

/* A standard file: the openssl CLI opens ours, and ours opens one openssl made. */
static void
test_openssl (void)
{
  g_autoptr(AdeptSecretBundle) bundle = sample_bundle (TRUE);
  g_autofree char *ours = path_of ("ours.p12");
  g_autofree char *theirs = path_of ("theirs.p12");
  g_autofree char *key_file = path_of ("key.pem");
  g_autofree char *cert_file = path_of ("cert.pem");
  g_autofree char *info = NULL;
  g_autoptr(AdeptSecret) key_pem = adept_key_pair_export_private_key_pem (key_pair);
  g_autofree char *cert_pem = adept_key_pair_export_certificate_pem (key_pair);
  g_autoptr(AdeptSecretBundle) read = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (adept_secret_bundle_write_file (bundle, ours, PASSPHRASE, &error));
  g_assert_cmpint (openssl ((const char * const []) {
    "openssl", "pkcs12", "-in", ours, "-info", "-nodes", "-passin", "pass:" PASSPHRASE, NULL }, &info), ==, 0);
  g_assert_nonnull (strstr (info, "bypass-code/C02XK1ABJG5H"));
  g_assert_nonnull (strstr (info, "PBES2"));
  g_assert_nonnull (strstr (info, "AES-256-CBC"));
  g_assert_nonnull (strstr (info, "BEGIN CERTIFICATE"));
  g_assert_nonnull (strstr (info, "BEGIN PRIVATE KEY"));
  g_clear_pointer (&info, g_free);
  g_assert_cmpint (openssl ((const char * const []) {
    "openssl", "pkcs12", "-in", ours, "-info", "-nodes", "-passin", "pass:wrong passphrase", NULL }, &info), !=, 0);

  g_assert_true (g_file_set_contents (key_file, key_pem, -1, NULL));
  g_assert_true (g_file_set_contents (cert_file, cert_pem, -1, NULL));
  g_assert_cmpint (openssl ((const char * const []) {
    "openssl", "pkcs12", "-export", "-inkey", key_file, "-in", cert_file, "-out", theirs,
    "-keypbe", "AES-256-CBC", "-certpbe", "AES-256-CBC", "-macalg", "sha256",
    "-passout", "pass:" PASSPHRASE, NULL }, NULL), ==, 0);
  g_assert_cmpint (g_remove (key_file), ==, 0);
  read = adept_secret_bundle_new_from_file (theirs, PASSPHRASE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (adept_secret_bundle_get_key_pair (read));
  {
    g_autofree char *cert_b = adept_key_pair_export_certificate_pem (adept_secret_bundle_get_key_pair (read));

    g_assert_cmpstr (cert_pem, ==, cert_b);
  }
  g_clear_object (&read);
  read = adept_secret_bundle_new_from_file (theirs, "not the passphrase", &error);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_WRONG_PASSPHRASE);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  tmpdir = adept_test_make_tmpdir ();
  key_pair = adept_key_pair_generate ("Adept bundle test", &error);
  g_assert_no_error (error);

  g_test_add_func ("/secret-bundle/round-trip", test_round_trip);
  g_test_add_func ("/secret-bundle/without-key-and-unicode", test_without_key_and_unicode);
  g_test_add_func ("/secret-bundle/wrong-passphrase", test_wrong_passphrase);
  g_test_add_func ("/secret-bundle/damaged", test_damaged);
  g_test_add_func ("/secret-bundle/short-passphrase", test_short_passphrase);
  g_test_add_func ("/secret-bundle/openssl", test_openssl);

  status = g_test_run ();
  g_clear_object (&key_pair);
  adept_test_cleanup_dir (tmpdir);
  g_free (tmpdir);
  return status;
}
