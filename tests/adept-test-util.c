/* adept-test-util.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "adept-test-util.h"

char *
adept_test_make_tmpdir (void)
{
  g_autoptr(GError) error = NULL;
  char *path = g_dir_make_tmp ("adept-test-XXXXXX", &error);

  g_assert_no_error (error);
  return path;
}

static void
remove_tree (GFile *file)
{
  g_autoptr(GFileEnumerator) children = NULL;
  GFileInfo *info;

  children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  if (children != NULL)
    while ((info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
      {
        g_autoptr(GFile) child = g_file_get_child (file, g_file_info_get_name (info));
        remove_tree (child);
        g_object_unref (info);
      }
  g_file_delete (file, NULL, NULL);
}

void
adept_test_cleanup_dir (const char *path)
{
  g_autoptr(GFile) file = NULL;

  if (path == NULL)
    return;
  file = g_file_new_for_path (path);
  remove_tree (file);
}

char *
adept_test_isolate_xdg (void)
{
  char *dir = adept_test_make_tmpdir ();
  g_autofree char *data = g_build_filename (dir, "data", NULL);
  g_autofree char *config = g_build_filename (dir, "config", NULL);
  g_autofree char *cache = g_build_filename (dir, "cache", NULL);

  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  return dir;
}

char *
adept_test_src_path (const char *first_element,
                     ...)
{
  va_list args;
  g_autofree char *rel = NULL;
  const char *srcdir = g_getenv ("G_TEST_SRCDIR");
  GPtrArray *parts = g_ptr_array_new ();
  const char *p;

  g_assert_nonnull (srcdir);
  g_ptr_array_add (parts, (gpointer) srcdir);
  va_start (args, first_element);
  for (p = first_element; p != NULL; p = va_arg (args, const char *))
    g_ptr_array_add (parts, (gpointer) p);
  va_end (args);
  g_ptr_array_add (parts, NULL);
  rel = g_build_filenamev ((char **) parts->pdata);
  g_ptr_array_free (parts, TRUE);
  return g_steal_pointer (&rel);
}

int
adept_test_run (const char * const *argv,
                const char         *stdin_text,
                char              **out,
                char              **err)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GBytes) out_bytes = NULL;
  g_autoptr(GBytes) err_bytes = NULL;
  g_autoptr(GBytes) in_bytes = NULL;
  GSubprocessFlags flags = G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE;

  if (stdin_text != NULL)
    {
      flags |= G_SUBPROCESS_FLAGS_STDIN_PIPE;
      in_bytes = g_bytes_new (stdin_text, strlen (stdin_text));
    }

  proc = g_subprocess_newv (argv, flags, &error);
  g_assert_no_error (error);
  g_subprocess_communicate (proc, in_bytes, NULL, &out_bytes, &err_bytes, &error);
  g_assert_no_error (error);

  if (out != NULL)
    *out = g_strndup (g_bytes_get_data (out_bytes, NULL), g_bytes_get_size (out_bytes));
  if (err != NULL)
    *err = g_strndup (g_bytes_get_data (err_bytes, NULL), g_bytes_get_size (err_bytes));

  return g_subprocess_get_if_exited (proc) ? g_subprocess_get_exit_status (proc) : -1;
}

void
adept_test_assert_no_secret (const char         *what,
                             const char         *haystack,
                             gsize               len,
                             const char * const *needles)
{
  for (guint i = 0; needles[i] != NULL; i++)
    {
      gsize nlen = strlen (needles[i]);

      g_assert_cmpuint (nlen, >=, 8);
      if (len >= nlen && memmem (haystack, len, needles[i], nlen) != NULL)
        g_error ("%s contains secret #%u", what, i);
    }
}

static void
scan_dir (GFile              *dir,
          const char * const *needles,
          guint              *n_files)
{
  g_autoptr(GFileEnumerator) children = NULL;
  GFileInfo *info;

  children = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                        G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  if (children == NULL)
    return;
  while ((info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
    {
      g_autoptr(GFile) child = g_file_get_child (dir, g_file_info_get_name (info));

      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        scan_dir (child, needles, n_files);
      else if (g_file_info_get_file_type (info) == G_FILE_TYPE_REGULAR)
        {
          g_autofree char *contents = NULL;
          g_autofree char *path = g_file_get_path (child);
          gsize len = 0;

          g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
          adept_test_assert_no_secret (path, contents, len, needles);
          (*n_files)++;
        }
      g_object_unref (info);
    }
}

void
adept_test_assert_dir_has_no_secret (const char         *dir,
                                     const char * const *needles)
{
  g_autoptr(GFile) file = g_file_new_for_path (dir);
  guint n_files = 0;

  scan_dir (file, needles, &n_files);
  g_test_message ("scanned %u files under %s for secrets", n_files, dir);
}

void
adept_test_store_result (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  g_assert_null (*slot);
  *slot = g_object_ref (result);
}

void
adept_test_wait_result (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
}

JsonObject *
adept_test_parse_object (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_true (root != NULL && JSON_NODE_HOLDS_OBJECT (root));
  return json_object_ref (json_node_get_object (root));
}

GBytes *
adept_test_token_fixture (const char *name)
{
  g_autofree char *path = adept_test_src_path ("fixtures", "tokens", name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize len = 0;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, len);
}

AdeptKeyPair *
adept_test_token_key_pair (const char *key_name,
                           const char *cert_name)
{
  g_autoptr(GBytes) key = adept_test_token_fixture (key_name);
  g_autoptr(GBytes) cert = adept_test_token_fixture (cert_name);
  g_autoptr(GError) error = NULL;
  AdeptKeyPair *pair;

  pair = adept_key_pair_new_from_pem (g_bytes_get_data (key, NULL), g_bytes_get_size (key),
                                      g_bytes_get_data (cert, NULL), g_bytes_get_size (cert),
                                      &error);
  g_assert_no_error (error);
  g_assert_nonnull (pair);
  return pair;
}

/* Written from any thread (GIO logs from its worker threads); kept to the end. */
static GString *captured_log;
static GMutex captured_lock;

static GLogWriterOutput
capture_writer (GLogLevelFlags   level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  g_mutex_lock (&captured_lock);
  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "MESSAGE"))
      {
        g_string_append_len (captured_log, fields[i].value,
                             fields[i].length < 0 ? (gssize) strlen (fields[i].value) : fields[i].length);
        g_string_append_c (captured_log, '\n');
      }
  g_mutex_unlock (&captured_lock);
  /* Debug output would garble TAP; warnings still go out (and are fatal). */
  if (level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO))
    return G_LOG_WRITER_HANDLED;
  return g_log_writer_default (level, fields, n_fields, user_data);
}

void
adept_test_capture_log (void)
{
  g_assert_null (captured_log);
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  captured_log = g_string_new (NULL);
  g_log_set_writer_func (capture_writer, NULL, NULL);
}

char *
adept_test_dup_captured_log (void)
{
  char *copy;

  g_assert_nonnull (captured_log);
  g_mutex_lock (&captured_lock);
  copy = g_strndup (captured_log->str, captured_log->len);
  g_mutex_unlock (&captured_lock);
  return copy;
}
