/* test-bypass-code.c — Activation Lock bypass codes: Apple's form and escrow key
 * (dep-api.md §3.8), against the published vectors of NanoDEP's albc package
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "adept-bypass-code.h"
#include "adept-error.h"
#include "adept-secret.h"
#include "adept-test-util.h"

/* raw bytes (hex), dashed code, escrow key: from micromdm/nanodep albc/albc_test.go. */
static const struct {
  const char *bytes;
  const char *code;
  const char *escrow_key;
} vectors[] = {
  { "00000000000000000000000000000000", "00000-00000-0000-0000-0000-0000",
    "deab860d28deb5b7121d6d8fcf0f78e1471756d1b2c566c03277c23ea8930b4f" },
  { "1ea841db5edfafe6075b5ae0d845d254", "3UM43-PUYVY-QYD1-UVCC-HEHJ-FKA4",
    "6ab40d5eabe7218ec04182f461005600c7e3426bddd82cdb405bde9a1e0014b5" },
  { "cb84798c3ca85a674194550a2e96aed8", "TF27L-31WN1-E6FH-DMAM-52X5-NFV0",
    "23cf8b7873425fd8efe31dc5b6ab9c357eb98a2a59c82ea1084ca8af58cc480a" },
  { "f398ef9199e9f0aefea0e782ab8b61a9", "YFDFZ-4DTX7-RAXZ-N0WY-1AQ2-V1N1",
    "7c7715d092a5cfcd16a6037555e11e4fa53edda9cda4d8464d58ef39ba9b5b0f" },
};

static void
hex_to_bytes (const char *hex,
              guint8      bytes[ADEPT_BYPASS_CODE_BYTES])
{
  for (guint i = 0; i < ADEPT_BYPASS_CODE_BYTES; i++)
    bytes[i] = (guint8) (g_ascii_xdigit_value (hex[2 * i]) * 16 + g_ascii_xdigit_value (hex[2 * i + 1]));
}

static void
test_vectors (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (vectors); i++)
    {
      guint8 bytes[ADEPT_BYPASS_CODE_BYTES];
      guint8 back[ADEPT_BYPASS_CODE_BYTES];
      g_autoptr(AdeptSecret) code = NULL;
      g_autofree char *key = NULL;
      g_autoptr(GError) error = NULL;

      hex_to_bytes (vectors[i].bytes, bytes);
      code = adept_bypass_code_from_bytes (bytes);
      g_assert_cmpstr (code, ==, vectors[i].code);
      g_assert_true (adept_bypass_code_to_bytes (code, back));
      g_assert_cmpmem (back, sizeof back, bytes, sizeof bytes);
      key = adept_bypass_code_dup_escrow_key (code, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (key, ==, vectors[i].escrow_key);
    }
}

/* The escrow key checked once more with another PBKDF2: the openssl CLI's. */
static void
test_escrow_key_openssl (void)
{
  g_autoptr(AdeptSecret) code = adept_bypass_code_generate ();
  guint8 bytes[ADEPT_BYPASS_CODE_BYTES];
  g_autofree char *key = adept_bypass_code_dup_escrow_key (code, NULL);
  GString *hexpass = g_string_new (NULL);
  g_autofree char *pass_arg = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *expected = NULL;

  g_assert_true (adept_bypass_code_to_bytes (code, bytes));
  for (guint i = 0; i < sizeof bytes; i++)
    g_string_append_printf (hexpass, "%02x", bytes[i]);
  pass_arg = g_strdup_printf ("hexpass:%s", hexpass->str);
  g_string_free (hexpass, TRUE);
  g_assert_cmpint (adept_test_run ((const char * const []) {
    "openssl", "kdf", "-keylen", "32", "-kdfopt", "digest:SHA256", "-kdfopt", pass_arg,
    "-kdfopt", "hexsalt:00000000", "-kdfopt", "iter:50000", "PBKDF2", NULL }, NULL, &out, &err), ==, 0);
  /* openssl prints "DE:AB:86:…". */
  expected = g_ascii_strdown (g_strstrip (out), -1);
  g_strdelimit (expected, ":", ' ');
  {
    g_autofree char *joined = NULL;
    g_auto(GStrv) parts = g_strsplit (expected, " ", -1);

    joined = g_strjoinv ("", parts);
    g_assert_cmpstr (key, ==, joined);
  }
}

static void
test_generate (void)
{
  g_autoptr(AdeptSecret) a = adept_bypass_code_generate ();
  g_autoptr(AdeptSecret) b = adept_bypass_code_generate ();

  g_assert_cmpuint (strlen (a), ==, ADEPT_BYPASS_CODE_LENGTH);
  g_assert_true (g_regex_match_simple ("^[0-9ACDEFGHJKLMNPQRTUVWXYZ]{5}-[0-9ACDEFGHJKLMNPQRTUVWXYZ]{5}"
                                       "(-[0-9ACDEFGHJKLMNPQRTUVWXYZ]{4}){3}-[0-9ACDEFGHJKLMNPQRTUVWXYZ]{3}[0-7]$",
                                       a, 0, 0));
  g_assert_cmpstr (a, !=, b);
  g_assert_true (adept_bypass_code_is_valid (a));
}

static void
test_invalid (void)
{
  static const char * const bad[] = {
    "", "3UM43-PUYVY-QYD1-UVCC-HEHJ-FKA", "3UM43-PUYVY-QYD1-UVCC-HEHJ-FKA44",
    /* I, O, S and B are not in the alphabet */
    "3UM43-PUYVY-QYD1-UVCC-HEHJ-FKAO", "IUM43-PUYVY-QYD1-UVCC-HEHJ-FKA4",
    /* the last character holds 3 bits */
    "3UM43-PUYVY-QYD1-UVCC-HEHJ-FKA8",
  };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    g_assert_false (adept_bypass_code_is_valid (bad[i]));
  /* Dashes and case are forgiven. */
  g_assert_true (adept_bypass_code_is_valid ("3um43puyvyqyd1uvcchehjfka4"));
  g_assert_null (adept_bypass_code_dup_escrow_key ("not a code", &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_BAD_REQUEST);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bypass-code/vectors", test_vectors);
  g_test_add_func ("/bypass-code/escrow-key-openssl", test_escrow_key_openssl);
  g_test_add_func ("/bypass-code/generate", test_generate);
  g_test_add_func ("/bypass-code/invalid", test_invalid);

  return g_test_run ();
}
