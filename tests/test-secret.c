/* test-secret.c — secrets kept out of core files: secret memory (adept-secret.h), each
 * program's hardening (adept-process.h), and text from outside made safe to print
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include "adept-process.h"
#include "adept-secret.h"
#include "adept-util.h"

/* The VmFlags of the mapping that holds address, from /proc/self/smaps. */
static char *
vm_flags_of (gconstpointer address)
{
  g_autofree char *smaps = NULL;
  g_auto(GStrv) lines = NULL;
  gboolean inside = FALSE;

  g_assert_true (g_file_get_contents ("/proc/self/smaps", &smaps, NULL, NULL));
  lines = g_strsplit (smaps, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      guint64 start, end;

      if (sscanf (lines[i], "%" G_GINT64_MODIFIER "x-%" G_GINT64_MODIFIER "x ", &start, &end) == 2 &&
          strchr (lines[i], ' ') != NULL && lines[i][0] != 'V')
        inside = (guintptr) address >= start && (guintptr) address < end;
      else if (inside && g_str_has_prefix (lines[i], "VmFlags:"))
        return g_strdup (lines[i]);
    }
  return NULL;
}

/* Secret buffers sit in pages the kernel leaves out of core files ("dd"), wiped on free. */
static void
test_secret_memory (void)
{
  char *secret = adept_secret_strdup ("AS_0123456789abcdef");
  g_autofree char *plain = g_strdup ("not a secret");
  g_autofree char *flags = vm_flags_of (secret);
  g_autofree char *plain_flags = vm_flags_of (plain);
  g_autoptr(GBytes) bytes = adept_secret_bytes_new ("key", 3);
  guint8 *big = adept_secret_alloc (3 * 4096 + 1);

  g_assert_cmpstr (secret, ==, "AS_0123456789abcdef");
  g_assert_nonnull (flags);
  g_assert_nonnull (strstr (flags, " dd"));
  g_assert_nonnull (plain_flags);
  g_assert_null (strstr (plain_flags, " dd"));
  g_assert_true (adept_secret_is_protected (secret));
  g_assert_true (adept_secret_is_protected (secret + 5));
  g_assert_false (adept_secret_is_protected (plain));
  g_assert_true (adept_secret_is_protected (g_bytes_get_data (bytes, NULL)));

  /* Zeroed, usable to its last byte, protected across its pages. */
  g_assert_cmpuint (big[3 * 4096], ==, 0);
  big[3 * 4096] = 0xff;
  g_free (flags);
  flags = vm_flags_of (big + 3 * 4096);
  g_assert_nonnull (strstr (flags, " dd"));
  adept_secret_release (big);

  /* adept_secret_free takes both kinds. */
  adept_secret_free (secret);
  adept_secret_free (g_strdup ("an ordinary string"));
  g_assert_false (adept_secret_is_protected (secret));
  g_assert_null (adept_secret_strdup (NULL));
}

/* adeptctl and adept-depsim: not dumpable at all. In a child, as it cannot be undone. */
static void
test_harden_tool (void)
{
  if (g_test_subprocess ())
    {
      struct rlimit limit;

      g_assert_cmpint (prctl (PR_GET_DUMPABLE, 0, 0, 0, 0), ==, 1);
      adept_process_harden (ADEPT_PROCESS_TOOL);
      g_assert_cmpint (prctl (PR_GET_DUMPABLE, 0, 0, 0, 0), ==, 0);
      g_assert_cmpint (getrlimit (RLIMIT_CORE, &limit), ==, 0);
      g_assert_cmpuint (limit.rlim_cur, ==, 0);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* The console stays dumpable (the portal refuses others) but writes no core file, and
 * cannot raise the limit again. */
static void
test_harden_console (void)
{
  if (g_test_subprocess ())
    {
      struct rlimit limit = { RLIM_INFINITY, RLIM_INFINITY };

      setrlimit (RLIMIT_CORE, &limit);
      adept_process_harden (ADEPT_PROCESS_CONSOLE);
      g_assert_cmpint (prctl (PR_GET_DUMPABLE, 0, 0, 0, 0), ==, 1);
      g_assert_cmpint (getrlimit (RLIMIT_CORE, &limit), ==, 0);
      g_assert_cmpuint (limit.rlim_cur, ==, 0);
      g_assert_cmpuint (limit.rlim_max, ==, 0);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* Server-supplied text printed on a terminal: no escape sequence gets through. */
static void
test_escape_control (void)
{
  static const struct {
    const char *in;
    const char *out;
  } cases[] = {
    { "Acme Inc.", "Acme Inc." },
    { "Zürich – Büro 3", "Zürich – Büro 3" },
    { "\x1b]0;owned\x07\x1b[2J", "\\x1b]0;owned\\x07\\x1b[2J" },
    { "two\nlines\r\ttab", "two\\x0alines\\x0d\\x09tab" },
    { "del\x7f", "del\\x7f" },
    { "c1 \xc2\x9b" "31m", "c1 \\u009b31m" },
    { "evil\xe2\x80\xae" "txt.exe", "evil\\u202etxt.exe" },
    { "bad \xff byte", "bad \\xff byte" },
    { "C:\\path", "C:\\path" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *escaped = adept_escape_control (cases[i].in);

      g_assert_cmpstr (escaped, ==, cases[i].out);
    }
  g_assert_null (adept_escape_control (NULL));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/secret/memory", test_secret_memory);
  g_test_add_func ("/secret/harden-tool", test_harden_tool);
  g_test_add_func ("/secret/harden-console", test_harden_console);
  g_test_add_func ("/secret/escape-control", test_escape_control);

  return g_test_run ();
}
