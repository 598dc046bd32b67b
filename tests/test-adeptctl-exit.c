/* test-adeptctl-exit.c — every error maps to a documented exit status, each status means
 * one thing (issue 16: an expired token gave 4, a 429 gave 1, SIGTERM gave 1)
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "adept-error.h"
#include "adeptctl-exit.h"

static const AdeptctlExitInfo *
documented (int status)
{
  for (guint i = 0; adeptctl_exit_statuses[i].name != NULL; i++)
    if ((int) adeptctl_exit_statuses[i].status == status)
      return &adeptctl_exit_statuses[i];
  return NULL;
}

static int
exit_for_code (AdeptErrorCode code)
{
  g_autoptr(GError) error = g_error_new_literal (ADEPT_ERROR, code, "x");

  return adeptctl_exit_for_error (error);
}

static void
test_every_code_documented (void)
{
  g_autoptr(GHashTable) reached = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr(GError) cancelled = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "x");
  g_autoptr(GError) other = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "x");

  for (int code = 0; code < ADEPT_ERROR_N_CODES; code++)
    {
      int status = exit_for_code (code);

      if (status == ADEPTCTL_EXIT_OK || status == ADEPTCTL_EXIT_USAGE || documented (status) == NULL)
        g_error ("%s maps to exit status %d, which is not an error status of --help",
                 adept_error_code_name (code), status);
      g_hash_table_add (reached, GINT_TO_POINTER (status));
    }
  g_hash_table_add (reached, GINT_TO_POINTER (adeptctl_exit_for_error (cancelled)));
  g_hash_table_add (reached, GINT_TO_POINTER (adeptctl_exit_for_error (other)));

  /* Each status is documented once and, besides success and usage, reached by errors. */
  for (guint i = 0; adeptctl_exit_statuses[i].name != NULL; i++)
    {
      int status = adeptctl_exit_statuses[i].status;

      g_assert_true (documented (status) == &adeptctl_exit_statuses[i]);
      if (status != ADEPTCTL_EXIT_OK && status != ADEPTCTL_EXIT_USAGE &&
          !g_hash_table_contains (reached, GINT_TO_POINTER (status)))
        g_error ("exit status %d (%s) is documented but nothing gives it", status,
                 adeptctl_exit_statuses[i].name);
    }
}

/* What the issue found, and what each now gives. */
static void
test_each_means_one_thing (void)
{
  g_autoptr(GError) cancelled = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                     "Operation was cancelled");

  g_assert_cmpint (exit_for_code (ADEPT_ERROR_TOKEN_EXPIRED), ==, ADEPTCTL_EXIT_TOKEN_EXPIRED);
  g_assert_cmpint (exit_for_code (ADEPT_ERROR_THROTTLED), ==, ADEPTCTL_EXIT_THROTTLED);
  g_assert_cmpint (adeptctl_exit_for_error (cancelled), ==, ADEPTCTL_EXIT_INTERRUPTED);
  g_assert_cmpint (exit_for_code (ADEPT_ERROR_STORE_CORRUPT), ==, ADEPTCTL_EXIT_STORE_DAMAGED);
  g_assert_cmpint (exit_for_code (ADEPT_ERROR_STORE_READ_ONLY), ==, ADEPTCTL_EXIT_CANNOT_WRITE);
  g_assert_cmpint (exit_for_code (ADEPT_ERROR_TOKEN_DAMAGED), ==, ADEPTCTL_EXIT_BAD_INPUT);
  g_assert_cmpint (exit_for_code (ADEPT_ERROR_NETWORK), ==, ADEPTCTL_EXIT_NETWORK);
  g_assert_cmpint (exit_for_code (ADEPT_ERROR_SYNC_BUSY), ==, ADEPTCTL_EXIT_BUSY);
  g_assert_cmpint (exit_for_code (ADEPT_ERROR_KEYRING_LOCKED), ==, ADEPTCTL_EXIT_KEYRING);
  g_assert_cmpint (exit_for_code (ADEPT_ERROR_NOT_LINKED), ==, ADEPTCTL_EXIT_NOT_LINKED);
  g_assert_cmpint (exit_for_code (ADEPT_ERROR_TOKEN_REJECTED), ==, ADEPTCTL_EXIT_AUTH);
}

/* The README's table lists the same statuses with the same names. */
static void
test_readme_lists_every_status (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "README.md", NULL);
  g_autofree char *readme = NULL;

  g_assert_true (g_file_get_contents (path, &readme, NULL, NULL));
  for (guint i = 0; adeptctl_exit_statuses[i].name != NULL; i++)
    {
      g_autofree char *row = g_strdup_printf ("| %d | %s |", adeptctl_exit_statuses[i].status,
                                              adeptctl_exit_statuses[i].name);

      if (strstr (readme, row) == NULL)
        g_error ("README.md has no row “%s” in its exit status table", row);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/adeptctl-exit/every-code-documented", test_every_code_documented);
  g_test_add_func ("/adeptctl-exit/each-means-one-thing", test_each_means_one_thing);
  g_test_add_func ("/adeptctl-exit/readme", test_readme_lists_every_status);
  return g_test_run ();
}
