/* test-error.c — every error code has a name and a sentence that says what to do
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "adept-error.h"

static void
test_every_code_has_a_sentence (void)
{
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);

  for (int code = 0; code < ADEPT_ERROR_N_CODES; code++)
    {
      const char *msg = adept_error_default_message (code);
      const char *name = adept_error_code_name (code);
      gsize len = strlen (msg);

      g_assert_nonnull (name);
      g_assert_false (g_hash_table_contains (names, name));
      g_hash_table_add (names, (gpointer) name);
      /* One or two whole sentences: capital start, full stop at the end. */
      g_assert_cmpuint (len, >, 20);
      g_assert_true (g_unichar_isupper (g_utf8_get_char (msg)));
      g_assert_cmpint (msg[len - 1], ==, '.');
    }
}

static void
test_set_error (void)
{
  g_autoptr(GError) error = NULL;

  adept_set_error (&error, ADEPT_ERROR_TERMS_NOT_SIGNED);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_TERMS_NOT_SIGNED);
  g_assert_nonnull (strstr (error->message, "Apple Business Manager"));
}

static void
test_out_of_range_falls_back (void)
{
  g_assert_cmpstr (adept_error_code_name (9999), ==, "failed");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/error/every-code-has-a-sentence", test_every_code_has_a_sentence);
  g_test_add_func ("/error/set-error", test_set_error);
  g_test_add_func ("/error/out-of-range", test_out_of_range_falls_back);
  return g_test_run ();
}
