/* test-format.c — how counts and shares read in the console's sentences
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include "adept-util.h"

static void
check_count (guint64     n,
             const char *expected)
{
  g_autofree char *text = adept_format_count (n);

  g_assert_cmpstr (text, ==, expected);
}

/* The tests run in C.UTF-8, which groups nothing: Adept groups as en_US does. */
static void
test_count (void)
{
  check_count (0, "0");
  check_count (999, "999");
  check_count (1000, "1,000");
  check_count (3005, "3,005");
  check_count (100000, "100,000");
  check_count (1234567, "1,234,567");
}

static void
check_share (guint64     count,
             guint64     total,
             const char *expected)
{
  g_autofree char *text = adept_format_share (count, total);

  g_assert_cmpstr (text, ==, expected);
}

/* The fleet: 2,993 empty and 8 assigned of 3,005 read neither 100 % nor 0 %. */
static void
test_share (void)
{
  check_share (2993, 3005, ">99%");
  check_share (8, 3005, "<1%");
  check_share (4, 3005, "<1%");
  check_share (0, 3005, "0%");
  check_share (3005, 3005, "100%");
  check_share (1, 2, "50%");
  check_share (60123, 100000, "60%");
  check_share (15, 1000, "2%");
  check_share (5, 0, "");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/format/count", test_count);
  g_test_add_func ("/format/share", test_share);
  return g_test_run ();
}
