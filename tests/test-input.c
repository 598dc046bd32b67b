/* test-input.c — the bounded reader (adept-input.h) and the serial-list parser
 * (adept-serial-list.h) against the files issue #16 attacked with
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

#include "adept-error.h"
#include "adept-input.h"
#include "adept-secret.h"
#include "adept-serial-list.h"
#include "adept-test-util.h"

static char *tmpdir;

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmpdir, name, NULL);
}

static void
assert_refused (const char     *path,
                AdeptInputKind  kind,
                const char     *words)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = adept_input_read_file (path, kind, &error);
  g_autofree char *shown = g_filename_display_name (path);

  g_assert_null (bytes);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_FILE);
  g_assert_nonnull (strstr (error->message, words));
  /* The sentence names the file. */
  g_assert_nonnull (strstr (error->message, shown));
}

static void
test_regular_file (void)
{
  g_autofree char *path = tmp_path ("token.p7m");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, "hello", 5, NULL));
  bytes = adept_input_read_file (path, ADEPT_INPUT_TOKEN, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), "hello", 5);
  g_clear_pointer (&bytes, g_bytes_unref);

  file = g_file_new_for_path (path);
  bytes = adept_input_read_gfile (file, ADEPT_INPUT_TOKEN, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (bytes), ==, 5);
  g_clear_pointer (&bytes, g_bytes_unref);

  /* Empty is a file like any other; what it means is the caller's to say. */
  g_assert_true (g_file_set_contents (path, "", 0, NULL));
  bytes = adept_input_read_file (path, ADEPT_INPUT_TOKEN, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (bytes), ==, 0);
}

/* Issue #16 defect 7: /dev/zero grew to 4.2 GB, a FIFO blocked for ever. Every special
 * file is refused by its type, before any read, through every kind. */
static void
test_special_files (void)
{
  g_autofree char *fifo = tmp_path ("fifo");
  g_autofree char *folder = tmp_path ("folder");
  g_autofree char *zero_link = tmp_path ("zero-link");
  g_autofree char *dangling = tmp_path ("dangling");
  g_autofree char *missing = tmp_path ("missing");

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  g_assert_cmpint (symlink ("/dev/zero", zero_link), ==, 0);
  g_assert_cmpint (symlink (missing, dangling), ==, 0);

  for (AdeptInputKind kind = 0; kind < ADEPT_INPUT_N_KINDS; kind++)
    {
      assert_refused ("/dev/zero", kind, "is not a regular file");
      assert_refused ("/dev/null", kind, "is not a regular file");
      assert_refused (fifo, kind, "is not a regular file");
      assert_refused (zero_link, kind, "is not a regular file");
      assert_refused (folder, kind, "is a folder");
      assert_refused (missing, kind, "does not exist");
      assert_refused (dangling, kind, "does not exist");
    }
}

/* A sparse file is refused by its size before a byte is read; one within the limit is
 * read whole; one that claims 0 bytes (/proc) is still read up to the limit. */
static void
test_size_limits (void)
{
  g_autofree char *sparse = tmp_path ("sparse");
  g_autofree char *exact = tmp_path ("exact");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  gsize limit = adept_input_get_limit (ADEPT_INPUT_PRIVATE_KEY);
  int fd;

  fd = g_open (sparse, O_WRONLY | O_CREAT, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, (off_t) 8 << 30), ==, 0);
  close (fd);
  for (AdeptInputKind kind = 0; kind < ADEPT_INPUT_N_KINDS; kind++)
    assert_refused (sparse, kind, "too large to be");

  fd = g_open (exact, O_WRONLY | O_CREAT, 0600);
  g_assert_cmpint (ftruncate (fd, (off_t) limit), ==, 0);
  close (fd);
  bytes = adept_input_read_file (exact, ADEPT_INPUT_PRIVATE_KEY, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (bytes), ==, limit);
  g_clear_pointer (&bytes, g_bytes_unref);
  fd = g_open (exact, O_WRONLY | O_APPEND, 0600);
  g_assert_cmpint (write (fd, "x", 1), ==, 1);
  close (fd);
  assert_refused (exact, ADEPT_INPUT_PRIVATE_KEY, "too large to be a private key");

  bytes = adept_input_read_file ("/proc/self/status", ADEPT_INPUT_SETTINGS, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (bytes), >, 100);
}

/* Private keys land in secret memory; other kinds in ordinary memory. */
static void
test_private_key_memory (void)
{
  g_autofree char *path = tmp_path ("key.pem");
  g_autoptr(GBytes) key = NULL;
  g_autoptr(GBytes) cert = NULL;

  g_assert_true (g_file_set_contents (path, "-----BEGIN PRIVATE KEY-----\n", -1, NULL));
  key = adept_input_read_file (path, ADEPT_INPUT_PRIVATE_KEY, NULL);
  cert = adept_input_read_file (path, ADEPT_INPUT_CERTIFICATE, NULL);
  g_assert_true (adept_secret_is_protected (g_bytes_get_data (key, NULL)));
  g_assert_false (adept_secret_is_protected (g_bytes_get_data (cert, NULL)));
}

/* Standard input may be a pipe (the user chose it), still bounded; a device is not. */
static void
test_read_fd (void)
{
  int fds[2];
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  gsize limit = adept_input_get_limit (ADEPT_INPUT_PRIVATE_KEY);
  g_autofree char *big = g_malloc0 (limit + 1);
  int zero;

  g_assert_cmpint (pipe (fds), ==, 0);
  g_assert_cmpint (write (fds[1], "C02XK1ABJG5H\n", 13), ==, 13);
  close (fds[1]);
  bytes = adept_input_read_fd (fds[0], "standard input", ADEPT_INPUT_SERIAL_LIST, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (bytes), ==, 13);
  close (fds[0]);

  /* More than the limit (a file given as standard input). */
  {
    g_autofree char *path = tmp_path ("big-stdin");
    int fd;

    g_assert_true (g_file_set_contents (path, big, limit + 1, NULL));
    fd = g_open (path, O_RDONLY, 0);
    g_assert_null (adept_input_read_fd (fd, "standard input", ADEPT_INPUT_PRIVATE_KEY, &error));
    g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_FILE);
    g_assert_nonnull (strstr (error->message, "“standard input” is larger than"));
    g_clear_error (&error);
    close (fd);
  }

  zero = g_open ("/dev/zero", O_RDONLY, 0);
  g_assert_null (adept_input_read_fd (zero, "standard input", ADEPT_INPUT_SERIAL_LIST, &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_FILE);
  close (zero);
}

/* For GTlsFileDatabase and friends: a checked descriptor, the same refusals. */
static void
test_open_checked (void)
{
  g_autofree char *path = tmp_path ("ca.pem");
  g_autoptr(GError) error = NULL;
  int fd;

  g_assert_true (g_file_set_contents (path, "ca", 2, NULL));
  fd = adept_input_open (path, ADEPT_INPUT_CA_FILE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (fcntl (fd, F_GETFD) & FD_CLOEXEC, !=, 0);
  close (fd);
  g_assert_cmpint (adept_input_open ("/dev/zero", ADEPT_INPUT_CA_FILE, &error), ==, -1);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_FILE);
}

static void
read_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GError **error = user_data;
  g_autoptr(GBytes) bytes = adept_input_read_gfile_finish (result, error);

  g_assert_null (bytes);
}

/* The console reads in a thread: a FIFO picked in a file chooser never blocks it. */
static void
test_gfile_async (void)
{
  g_autofree char *fifo = tmp_path ("async-fifo");
  g_autoptr(GFile) file = NULL;
  GError *error = NULL;

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  file = g_file_new_for_path (fifo);
  adept_input_read_gfile_async (file, ADEPT_INPUT_PROFILE, NULL, read_done, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_FILE);
  g_clear_error (&error);
}

/* Serial lists ------------------------------------------------------------------------ */

static AdeptSerialList *
parse (const char *text,
       gsize       len,
       GError    **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, len);

  return adept_serial_list_parse (bytes, "serials.csv", error);
}

/* One a line, or CSV as ABM exports it (header, quotes, more columns); comments, blank
 * lines, CRLF, a byte order mark; upper case; duplicates once. */
static void
test_serial_forms (void)
{
  static const char text[] =
    "\xef\xbb\xbf" "Serial Number,Model,Order\r\n"
    "C02XK1ABJG5H,MacBook Pro,ORD1\r\n"
    "\r\n"
    "# comment\r\n"
    "\"F9FXK2ZZHG7F\",\"iPad, 10th\",ORD2\r\n"
    "  dmpxk3aahp9c  ;x\r"
    "C02XK1ABJG5H\n"
    "KXJ7Q2L9WN\tApple TV\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptSerialList) list = parse (text, sizeof text - 1, &error);

  g_assert_no_error (error);
  g_assert_cmpstrv (adept_serial_list_get_serials (list),
                    ((const char * const []) { "C02XK1ABJG5H", "F9FXK2ZZHG7F", "DMPXK3AAHP9C",
                                               "KXJ7Q2L9WN", NULL }));
  g_assert_cmpuint (adept_serial_list_get_n_serials (list), ==, 4);
  g_assert_cmpuint (adept_serial_list_get_n_bad (list), ==, 0);
  g_assert_true (adept_serial_list_check (list, NULL));
}

/* Bad entries are kept with their line number, made printable, and refuse the list. */
static void
test_serial_bad_lines (void)
{
  static const char text[] =
    "C02XK1ABJG5H\n"
    "C02-XK1ABJG\n"
    "SHORT\n"
    "C02XK1ABJG5HC02XK1\n"
    "\x1b[2J\x1b[31mOWNED\n"
    "C02XK1ÄBJG5H\n"
    "A\n" "B\n" "C\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptSerialList) list = parse (text, sizeof text - 1, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (adept_serial_list_get_n_serials (list), ==, 1);
  g_assert_cmpuint (adept_serial_list_get_n_bad (list), ==, 8);
  g_assert_cmpuint (adept_serial_list_get_bad_line (list, 0), ==, 2);
  g_assert_cmpstr (adept_serial_list_get_bad_text (list, 0), ==, "C02-XK1ABJG");
  g_assert_cmpuint (adept_serial_list_get_bad_line (list, 3), ==, 5);
  g_assert_cmpstr (adept_serial_list_get_bad_text (list, 3), ==, "\\x1b[2J\\x1b[31mOWNED");

  g_assert_false (adept_serial_list_check (list, &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_FILE);
  g_assert_nonnull (strstr (error->message, "8 entries of “serials.csv” are not serial numbers"));
  g_assert_nonnull (strstr (error->message, "line 2 (“C02-XK1ABJG”), line 3 (“SHORT”)"));
  g_assert_nonnull (strstr (error->message, "and 3 more"));
  g_assert_nonnull (strstr (error->message, "Nothing was sent"));
  g_assert_null (strchr (error->message, '\x1b'));
}

/* A NUL dropped every later serial; bytes that are not UTF-8 were sent to Apple. Both
 * refuse the file, naming the line. */
static void
test_serial_not_text (void)
{
  static const char nul[] = "C02XK1ABJG5H\nF9FXK2ZZHG7F\nKXJ7Q2L9WN\0DMPXK3AAHP9C\n";
  static const char latin1[] = "C02XK1ABJG5H\nF9FXK2ZZHG7F\n\xe9t\xe9\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptSerialList) list = NULL;

  list = parse (nul, sizeof nul - 1, &error);
  g_assert_null (list);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_FILE);
  g_assert_nonnull (strstr (error->message, "line 3 holds a NUL byte"));
  g_clear_error (&error);

  list = parse (latin1, sizeof latin1 - 1, &error);
  g_assert_null (list);
  g_assert_nonnull (strstr (error->message, "“serials.csv” is not UTF-8 text: line 3"));
}

static void
test_serial_normalize (void)
{
  g_autoptr(AdeptSerialList) list = adept_serial_list_new ();
  g_autoptr(GError) error = NULL;
  char *s;

  s = adept_serial_normalize (" c02xk1abjg5h ");
  g_assert_cmpstr (s, ==, "C02XK1ABJG5H");
  g_free (s);
  g_assert_null (adept_serial_normalize ("1234567"));
  g_assert_null (adept_serial_normalize ("123456789012345"));
  g_assert_null (adept_serial_normalize ("C02XK1AB_JG5"));
  s = adept_serial_normalize ("12345678");
  g_assert_cmpstr (s, ==, "12345678");
  g_free (s);

  adept_serial_list_add (list, "C02XK1ABJG5H");
  adept_serial_list_add (list, "not a serial");
  g_assert_false (adept_serial_list_check (list, &error));
  g_assert_nonnull (strstr (error->message, "1 entry of the list is not a serial number"));
  g_assert_nonnull (strstr (error->message, "“not a serial”"));
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  tmpdir = adept_test_make_tmpdir ();

  g_test_add_func ("/input/regular-file", test_regular_file);
  g_test_add_func ("/input/special-files", test_special_files);
  g_test_add_func ("/input/size-limits", test_size_limits);
  g_test_add_func ("/input/private-key-memory", test_private_key_memory);
  g_test_add_func ("/input/read-fd", test_read_fd);
  g_test_add_func ("/input/open-checked", test_open_checked);
  g_test_add_func ("/input/gfile-async", test_gfile_async);
  g_test_add_func ("/serial-list/forms", test_serial_forms);
  g_test_add_func ("/serial-list/bad-lines", test_serial_bad_lines);
  g_test_add_func ("/serial-list/not-text", test_serial_not_text);
  g_test_add_func ("/serial-list/normalize", test_serial_normalize);
  status = g_test_run ();

  adept_test_cleanup_dir (tmpdir);
  g_free (tmpdir);
  return status;
}
