/* test-hardening.c — adeptctl against hostile files and input, as the hardening issue
 * (#16) attacked it: special files, deep JSON, wrong JSON types, bad serial lists, and no
 * core file from a crash
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "adept-test-util.h"

/* Long enough for a slow, shared machine; a FIFO that blocks would never end. */
#define DEADLINE_S 60
/* Deep enough to overflow json-glib 1.6's recursion on the main thread's stack. */
#define DEEP 80000

static char *xdg_dir;
static char *work_dir;

static char *
work_path (const char *name)
{
  return g_build_filename (work_dir, name, NULL);
}

/* adeptctl with its own limits; returns the exit status, -1 when a signal ended it. */
static int
ctl (char       **err,
     const char  *stdin_text,
     const char  *first_arg,
     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (gpointer) g_getenv ("ADEPTCTL"));
  va_start (args, first_arg);
  for (arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  return adept_test_run_bounded ((const char * const *) argv->pdata, stdin_text, DEADLINE_S,
                                 NULL, err);
}

static char *
deep_brackets (guint depth)
{
  char *text = g_malloc (depth + 1);

  memset (text, '[', depth);
  text[depth] = '\0';
  return text;
}

/* A key pair for the "hard" server and its certificate in the work folder. */
static char *
ensure_key (void)
{
  char *cert = work_path ("hard.pem");

  if (!g_file_test (cert, G_FILE_TEST_EXISTS))
    {
      g_assert_cmpint (ctl (NULL, NULL, "--server", "hard", "key", "generate", NULL), ==, 0);
      g_assert_cmpint (ctl (NULL, NULL, "--server", "hard", "key", "export", "--out", cert, NULL), ==, 0);
    }
  return cert;
}

/* Each special file gets a sentence and exit 4 from every verb that reads a file: never a
 * hang (FIFO), never a huge read (/dev/zero, a sparse file), never a GLib abort. */
static void
test_special_files (void)
{
  g_autofree char *fifo = work_path ("fifo");
  g_autofree char *folder = work_path ("folder");
  g_autofree char *sparse = work_path ("sparse.p7m");
  g_autofree char *zero_link = work_path ("zero-link");
  g_autofree char *cert = ensure_key ();
  const struct {
    const char *path;
    const char *sentence;
  } files[] = {
    { "/dev/zero", "is not a regular file" },
    { fifo, "is not a regular file" },
    { folder, "is a folder" },
    { sparse, "too large" },
    { zero_link, "is not a regular file" },
  };
  int fd;

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  /* 4 GiB that take no room on disk. */
  fd = g_open (sparse, O_WRONLY | O_CREAT, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, (off_t) 4 << 30), ==, 0);
  close (fd);
  g_assert_cmpint (symlink ("/dev/zero", zero_link), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *err = NULL;

      g_test_message ("%s", files[i].path);
      g_assert_cmpint (ctl (&err, NULL, "--server", "hard", "token", "inspect", files[i].path, NULL), ==, 4);
      adept_test_assert_contains (err, files[i].sentence);
      g_clear_pointer (&err, g_free);
      g_assert_cmpint (ctl (&err, NULL, "--server", "hard", "assign", "UUID", "--from", files[i].path, NULL), ==, 4);
      adept_test_assert_contains (err, files[i].sentence);
      g_clear_pointer (&err, g_free);
      g_assert_cmpint (ctl (&err, NULL, "--server", "hard", "profiles", "define", files[i].path, NULL), ==, 4);
      adept_test_assert_contains (err, files[i].sentence);
      g_clear_pointer (&err, g_free);
      g_assert_cmpint (ctl (&err, NULL, "--server", "other", "key", "import", files[i].path, cert, NULL), ==, 4);
      adept_test_assert_contains (err, files[i].sentence);
    }
  g_assert_false (g_file_test (cert, G_FILE_TEST_IS_DIR));
}

/* Anyone with the public .pem can encrypt a token: one whose payload nests 80,000 levels
 * is refused as malformed, by the same guard as every other JSON. */
static void
test_deep_token (void)
{
  g_autofree char *cert = ensure_key ();
  g_autofree char *payload_path = work_path ("deep-payload.txt");
  g_autofree char *token_path = work_path ("Deep_Token_2026-01-17T11-02-21Z_smime.p7m");
  g_autofree char *deep = deep_brackets (DEEP);
  g_autofree char *payload = NULL;
  g_autofree char *err = NULL;
  g_autofree char *tool_err = NULL;

  payload = g_strconcat ("Content-Type: text/plain;charset=UTF-8\r\n\r\n"
                         "-----BEGIN MESSAGE-----\n", deep, "\n-----END MESSAGE-----\n", NULL);
  g_assert_true (g_file_set_contents (payload_path, payload, -1, NULL));
  g_assert_cmpint (adept_test_run ((const char * const[]) {
                     "openssl", "smime", "-encrypt", "-binary", "-aes128", "-in", payload_path,
                     "-out", token_path, cert, NULL }, NULL, NULL, &tool_err), ==, 0);

  g_assert_cmpint (ctl (&err, NULL, "--server", "hard", "token", "inspect", token_path, NULL), ==, 4);
  adept_test_assert_contains (err, "content is malformed");
  adept_test_assert_contains (err, "deeper than 64 levels");
  g_clear_pointer (&err, g_free);
  /* Import refuses it alike, and links nothing. */
  g_assert_cmpint (ctl (&err, NULL, "--server", "hard", "token", "import", token_path, NULL), ==, 4);
  adept_test_assert_contains (err, "malformed");
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ctl (&err, NULL, "--server", "hard", "token", "show", NULL), ==, 3);
}

static void
test_deep_profile (void)
{
  g_autofree char *path = work_path ("deep-profile.json");
  g_autofree char *deep = deep_brackets (DEEP);
  g_autofree char *err = NULL;

  g_assert_true (g_file_set_contents (path, deep, -1, NULL));
  g_assert_cmpint (ctl (&err, NULL, "--server", "hard", "profiles", "define", path, NULL), ==, 4);
  adept_test_assert_contains (err, "The profile file is malformed");
  adept_test_assert_contains (err, "deeper than 64 levels");
}

/* A wrong type is an error naming the field and the type, never a silent default. */
static void
test_profile_types (void)
{
  const struct {
    const char *json;
    const char *sentence;
  } cases[] = {
    { "{\"profile_name\":\"Lab\",\"url\":\"https://mdm.example.com\",\"is_supervised\":1,"
      "\"is_mandatory\":1,\"is_mdm_removable\":0}", "“is_supervised” must be true or false" },
    { "{\"profile_name\":42,\"url\":\"https://mdm.example.com\"}", "“profile_name” must be a string" },
    { "{\"profile_name\":\"Lab\",\"url\":\"https://mdm.example.com\",\"skip_setup_items\":\"Siri\"}",
      "“skip_setup_items” must be a list of strings" },
    { "{\"profile_name\":\"Lab\",\"url\":\"https://mdm.example.com\",\"anchor_certs\":[\"a\",7]}",
      "“anchor_certs” must be a list of strings" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = work_path ("typed.json");
      g_autofree char *err = NULL;

      g_assert_true (g_file_set_contents (path, cases[i].json, -1, NULL));
      g_assert_cmpint (ctl (&err, NULL, "--server", "hard", "profiles", "define", path, NULL), ==, 4);
      adept_test_assert_contains (err, cases[i].sentence);
    }
}

/* Bad serial lines are named by number and nothing is sent (no server is even asked:
 * "hard" is not linked, which would be exit 3). */
static void
test_serial_lists (void)
{
  g_autofree char *list = work_path ("serials.csv");
  g_autofree char *binary = work_path ("serials.bin");
  g_autofree char *latin1 = work_path ("serials-latin1.txt");
  g_autofree char *err = NULL;
  static const char nul_list[] = "C02XK1ABJG5H\nC02XK1ABJG5J\0C02XK1ABJG5K\n";

  g_assert_true (g_file_set_contents (list, "Serial Number,Model\nC02XK1ABJG5H,MacBook\n"
                                      "C02-XK1,MacBook\n\"F9FXK2ZZHG7F\",iPad\n\x1b[31mRED,x\n", -1, NULL));
  g_assert_cmpint (ctl (&err, NULL, "--server", "hard", "assign", "UUID", "--from", list, NULL), ==, 4);
  adept_test_assert_contains (err, "line 3 (“C02-XK1”)");
  adept_test_assert_contains (err, "line 5 (“\\x1b[31mRED”)");
  adept_test_assert_contains (err, "Nothing was sent");
  g_assert_null (strchr (err, '\x1b'));
  g_clear_pointer (&err, g_free);

  g_assert_true (g_file_set_contents (binary, nul_list, sizeof nul_list - 1, NULL));
  g_assert_cmpint (ctl (&err, NULL, "--server", "hard", "assign", "UUID", "--from", binary, NULL), ==, 4);
  adept_test_assert_contains (err, "line 2 holds a NUL byte");
  g_clear_pointer (&err, g_free);

  g_assert_true (g_file_set_contents (latin1, "C02XK1ABJG5H\nC02XK1ABJG5\xe9\n", -1, NULL));
  g_assert_cmpint (ctl (&err, NULL, "--server", "hard", "unassign", "--from", latin1, NULL), ==, 4);
  adept_test_assert_contains (err, "line 2 holds bytes that are not");
  g_clear_pointer (&err, g_free);

  /* Standard input goes through the same parser; a clean list gets as far as the server. */
  g_assert_cmpint (ctl (&err, "c02xk1abjg5h\n", "--server", "hard", "unassign", "--from", "-", NULL), ==, 3);
}

/* adeptctl holds decrypted credentials: a crash must leave no core file behind. */
static void
test_no_core_dump (void)
{
  if (!adept_test_core_files_possible (work_dir))
    return;
  g_assert_false (adept_test_abort_dumps_core ((const char * const[]) {
                    g_getenv ("ADEPTCTL"), "--server", "hard", "assign", "UUID", "--from", "-", NULL },
                    work_dir, adept_test_process_sleeps));
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  xdg_dir = adept_test_isolate_xdg ();
  work_dir = adept_test_make_tmpdir ();

  g_test_add_func ("/hardening/special-files", test_special_files);
  g_test_add_func ("/hardening/deep-json/token", test_deep_token);
  g_test_add_func ("/hardening/deep-json/profile", test_deep_profile);
  g_test_add_func ("/hardening/profile-types", test_profile_types);
  g_test_add_func ("/hardening/serial-lists", test_serial_lists);
  g_test_add_func ("/hardening/no-core-dump", test_no_core_dump);
  status = g_test_run ();

  adept_test_cleanup_dir (work_dir);
  adept_test_cleanup_dir (xdg_dir);
  g_free (work_dir);
  g_free (xdg_dir);
  return status;
}
