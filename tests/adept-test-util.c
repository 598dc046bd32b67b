/* adept-test-util.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <arpa/inet.h>
#include <glib/gstdio.h>
#include <netinet/in.h>
#include <string.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

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

static void
limit_memory (gpointer user_data)
{
  struct rlimit limit = { 1024UL * 1024 * 1024, 1024UL * 1024 * 1024 };

  setrlimit (RLIMIT_AS, &limit);
}

typedef struct {
  GBytes   *out;
  GBytes   *err;
  gboolean  done;
  gboolean  timed_out;
} Bounded;

static void
bounded_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Bounded *bounded = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_finish (G_SUBPROCESS (source), result, &bounded->out, &bounded->err,
                                   &error);
  g_assert_no_error (error);
  bounded->done = TRUE;
}

static gboolean
bounded_timeout (gpointer user_data)
{
  Bounded *bounded = user_data;

  bounded->timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

int
adept_test_adeptctl_valist (const char * const *wrapper,
                            const char         *server,
                            char              **out,
                            char              **err,
                            const char         *first,
                            va_list             args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *local_out = NULL;
  g_autofree char *local_err = NULL;
  int status;

  for (guint i = 0; wrapper != NULL && wrapper[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) wrapper[i]);
  g_ptr_array_add (argv, (gpointer) g_getenv ("ADEPTCTL"));
  if (server != NULL)
    {
      g_ptr_array_add (argv, (gpointer) "--server");
      g_ptr_array_add (argv, (gpointer) server);
    }
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  g_ptr_array_add (argv, NULL);

  status = adept_test_run ((const char * const *) argv->pdata, NULL, &local_out, &local_err);
  g_test_message ("adeptctl %s → %d\n%s%s", first, status, local_out, local_err);
  if (out != NULL)
    *out = g_steal_pointer (&local_out);
  if (err != NULL)
    *err = g_steal_pointer (&local_err);
  return status;
}

int
adept_test_run_bounded (const char * const *argv,
                        const char         *stdin_text,
                        guint               timeout_s,
                        char              **out,
                        char              **err)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GBytes) in_bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainContext) context = g_main_context_new ();
  GSubprocessFlags flags = G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE;
  Bounded bounded = { NULL, NULL, FALSE, FALSE };
  GSource *timeout;

  if (stdin_text != NULL)
    {
      flags |= G_SUBPROCESS_FLAGS_STDIN_PIPE;
      in_bytes = g_bytes_new (stdin_text, strlen (stdin_text));
    }
  launcher = g_subprocess_launcher_new (flags);
  g_subprocess_launcher_set_child_setup (launcher, limit_memory, NULL, NULL);
  proc = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);

  g_main_context_push_thread_default (context);
  timeout = g_timeout_source_new_seconds (timeout_s);
  g_source_set_callback (timeout, bounded_timeout, &bounded, NULL);
  g_source_attach (timeout, context);
  g_subprocess_communicate_async (proc, in_bytes, NULL, bounded_done, &bounded);
  while (!bounded.done && !bounded.timed_out)
    g_main_context_iteration (context, TRUE);
  if (!bounded.done)
    {
      g_subprocess_force_exit (proc);
      while (!bounded.done)
        g_main_context_iteration (context, TRUE);
    }
  g_source_destroy (timeout);
  g_source_unref (timeout);
  g_main_context_pop_thread_default (context);

  if (bounded.timed_out)
    g_error ("%s was still running after %u s", argv[0], timeout_s);
  if (out != NULL)
    *out = g_strndup (g_bytes_get_data (bounded.out, NULL), g_bytes_get_size (bounded.out));
  if (err != NULL)
    *err = g_strndup (g_bytes_get_data (bounded.err, NULL), g_bytes_get_size (bounded.err));
  g_clear_pointer (&bounded.out, g_bytes_unref);
  g_clear_pointer (&bounded.err, g_bytes_unref);
  return g_subprocess_get_if_exited (proc) ? g_subprocess_get_exit_status (proc) : -1;
}

gboolean
adept_test_process_sleeps (GSubprocess *process)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/status", g_subprocess_get_identifier (process));
  g_autofree char *status = NULL;

  return g_file_get_contents (path, &status, NULL, NULL) && strstr (status, "State:\tS") != NULL;
}

static gboolean
on_tick (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
adept_test_abort_dumps_core (const char * const *argv,
                             const char         *dir,
                             AdeptTestReadyFunc  ready)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainContext) context = g_main_context_new ();
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  int status;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_set_cwd (launcher, dir);
  proc = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);

  /* Polled between ticks of a private main context: /proc sends no signal. */
  while (!ready (proc))
    {
      gboolean ticked = FALSE;
      GSource *tick = g_timeout_source_new (20);

      if (g_get_monotonic_time () > deadline)
        g_error ("%s never got ready", argv[0]);
      g_source_set_callback (tick, on_tick, &ticked, NULL);
      g_source_attach (tick, context);
      while (!ticked)
        g_main_context_iteration (context, TRUE);
      g_source_unref (tick);
    }
  g_subprocess_send_signal (proc, SIGABRT);
  g_subprocess_wait (proc, NULL, &error);
  g_assert_no_error (error);
  status = g_subprocess_get_status (proc);
  g_assert_true (WIFSIGNALED (status));
  return WCOREDUMP (status);
}

gboolean
adept_test_core_files_possible (const char *dir)
{
  struct rlimit limit;

  g_assert_cmpint (getrlimit (RLIMIT_CORE, &limit), ==, 0);
  if (limit.rlim_max == 0)
    {
      g_test_skip ("core files are off for good here (hard RLIMIT_CORE 0)");
      return FALSE;
    }
  limit.rlim_cur = limit.rlim_max;
  g_assert_cmpint (setrlimit (RLIMIT_CORE, &limit), ==, 0);
  if (!adept_test_abort_dumps_core ((const char * const[]) { "cat", NULL }, dir,
                                    adept_test_process_sleeps))
    {
      g_test_skip ("this machine writes no core files at all");
      return FALSE;
    }
  return TRUE;
}

struct _AdeptTestTrickle
{
  GSocketService *service;
  GPtrArray      *connections;
  GSource        *tick;
  char           *url;
  guint           n_bytes;
};

static gboolean
trickle_tick (gpointer user_data)
{
  AdeptTestTrickle *trickle = user_data;

  for (guint i = 0; i < trickle->connections->len; i++)
    {
      GIOStream *connection = g_ptr_array_index (trickle->connections, i);
      GOutputStream *out = g_io_stream_get_output_stream (connection);

      /* The client may have given up: a failed write is fine. */
      if (!g_io_stream_is_closed (connection) &&
          g_output_stream_write (out, " ", 1, NULL, NULL) == 1)
        trickle->n_bytes++;
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
trickle_incoming (GSocketService    *service,
                  GSocketConnection *connection,
                  GObject           *source,
                  gpointer           user_data)
{
  AdeptTestTrickle *trickle = user_data;
  static const char head[] = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                             "Content-Length: 1000000\r\n\r\n{";
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));

  g_output_stream_write_all (out, head, sizeof head - 1, NULL, NULL, NULL);
  g_ptr_array_add (trickle->connections, g_object_ref (connection));
  return TRUE;
}

AdeptTestTrickle *
adept_test_trickle_start (guint interval_ms)
{
  AdeptTestTrickle *trickle = g_new0 (AdeptTestTrickle, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  trickle->connections = g_ptr_array_new_with_free_func (g_object_unref);
  trickle->service = g_socket_service_new ();
  g_socket_listener_add_address (G_SOCKET_LISTENER (trickle->service), address,
                                 G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error);
  g_assert_no_error (error);
  trickle->url = g_strdup_printf ("http://127.0.0.1:%u",
                                  g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_signal_connect (trickle->service, "incoming", G_CALLBACK (trickle_incoming), trickle);
  g_socket_service_start (trickle->service);
  trickle->tick = g_timeout_source_new (interval_ms);
  g_source_set_callback (trickle->tick, trickle_tick, trickle, NULL);
  g_source_attach (trickle->tick, g_main_context_get_thread_default ());
  return trickle;
}

const char *
adept_test_trickle_get_url (AdeptTestTrickle *trickle)
{
  return trickle->url;
}

guint
adept_test_trickle_get_n_bytes (AdeptTestTrickle *trickle)
{
  return trickle->n_bytes;
}

void
adept_test_trickle_stop (AdeptTestTrickle *trickle)
{
  g_source_destroy (trickle->tick);
  g_source_unref (trickle->tick);
  for (guint i = 0; i < trickle->connections->len; i++)
    g_io_stream_close (g_ptr_array_index (trickle->connections, i), NULL, NULL);
  g_ptr_array_unref (trickle->connections);
  g_socket_service_stop (trickle->service);
  g_socket_listener_close (G_SOCKET_LISTENER (trickle->service));
  g_object_unref (trickle->service);
  g_free (trickle->url);
  g_free (trickle);
}


char *
adept_test_refused_url (void)
{
  struct sockaddr_in address = { .sin_family = AF_INET };
  socklen_t length = sizeof address;
  /* Kept open until the process ends: the port stays this test's. */
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

  g_assert_cmpint (fd, >=, 0);
  address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  g_assert_cmpint (bind (fd, (struct sockaddr *) &address, sizeof address), ==, 0);
  g_assert_cmpint (getsockname (fd, (struct sockaddr *) &address, &length), ==, 0);
  return g_strdup_printf ("http://127.0.0.1:%u", ntohs (address.sin_port));
}
void
adept_test_assert_contains (const char *haystack,
                            const char *needle)
{
  if (strstr (haystack, needle) == NULL)
    g_error ("“%s” not found in:\n%s", needle, haystack);
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

struct _AdeptTestNotify
{
  GObject *object;
  char    *property;
  gulong   handler;
  guint    count;
  char    *description;
};

static void
on_notify (GObject         *object,
           GParamSpec      *pspec,
           AdeptTestNotify *watch)
{
  watch->count++;
}

AdeptTestNotify *
adept_test_notify_watch (gpointer    object,
                         const char *property)
{
  AdeptTestNotify *watch = g_new0 (AdeptTestNotify, 1);
  g_autofree char *signal = g_strdup_printf ("notify::%s", property);

  g_assert_nonnull (g_object_class_find_property (G_OBJECT_GET_CLASS (object), property));
  watch->object = g_object_ref (object);
  watch->property = g_strdup (property);
  watch->handler = g_signal_connect (object, signal, G_CALLBACK (on_notify), watch);
  return watch;
}

guint
adept_test_notify_count (AdeptTestNotify *watch)
{
  return watch->count;
}

void
adept_test_notify_reset (AdeptTestNotify *watch)
{
  watch->count = 0;
}

const char *
adept_test_notify_describe (AdeptTestNotify *watch)
{
  g_free (watch->description);
  watch->description = g_strdup_printf ("property “%s” of %s notified %u times", watch->property,
                                        G_OBJECT_TYPE_NAME (watch->object), watch->count);
  return watch->description;
}

void
adept_test_notify_free (AdeptTestNotify *watch)
{
  if (watch == NULL)
    return;
  g_signal_handler_disconnect (watch->object, watch->handler);
  g_object_unref (watch->object);
  g_free (watch->property);
  g_free (watch->description);
  g_free (watch);
}

AdeptSession *
adept_test_link_session (AdeptStore *store,
                         const char *server_id,
                         const char *base_url,
                         const char *credentials_json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptSession) session = adept_session_new_for_id (server_id, NULL, store, &error);
  g_autoptr(AdeptServerToken) token = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  g_assert_no_error (error);
  token = adept_server_token_new_from_json (credentials_json, &error);
  g_assert_no_error (error);
  g_assert_true (adept_server_link_sync (adept_session_get_server (session), token, "Test MDM",
                                         base_url, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (adept_store_ensure_server (store, server_id, ADEPT_STORE_KIND_LOCAL, &error));
  adept_session_connect_async (session, NULL, adept_test_store_result, &result);
  adept_test_wait_result (&result);
  g_assert_true (adept_session_connect_finish (session, result, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&session);
}

void
adept_test_unlink_session (AdeptSession *session)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  adept_session_unlink_async (session, NULL, adept_test_store_result, &result);
  adept_test_wait_result (&result);
  g_assert_true (adept_session_unlink_finish (session, result, &error));
  g_assert_no_error (error);
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

/* A second desktop ----------------------------------------------------------------------- */

struct _AdeptTestDesktop
{
  char        *home;
  GStrv        env;
  GSubprocess *holder;   /* dbus-run-session → with-keyring.sh → a shell waiting on stdin */
};

AdeptTestDesktop *
adept_test_desktop_new (void)
{
  AdeptTestDesktop *desktop = g_new0 (AdeptTestDesktop, 1);
  g_autofree char *with_keyring = adept_test_src_path ("..", "build-aux", "with-keyring.sh", NULL);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *address = NULL;
  const char *argv[] = {
    "dbus-run-session", "--", with_keyring, "sh", "-c",
    /* The bus address, then wait until the test closes standard input. */
    "echo \"$DBUS_SESSION_BUS_ADDRESS\"; exec cat >/dev/null", NULL,
  };
  static const char * const dirs[][2] = {
    { "XDG_DATA_HOME", "data" }, { "XDG_CONFIG_HOME", "config" }, { "XDG_CACHE_HOME", "cache" },
  };

  desktop->home = adept_test_make_tmpdir ();
  desktop->env = g_get_environ ();
  desktop->env = g_environ_setenv (desktop->env, "HOME", desktop->home, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *path = g_build_filename (desktop->home, dirs[i][1], NULL);

      g_mkdir_with_parents (path, 0700);
      desktop->env = g_environ_setenv (desktop->env, dirs[i][0], path, TRUE);
    }

  g_subprocess_launcher_set_environ (launcher, desktop->env);
  desktop->holder = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (desktop->holder));
  /* Blocking is right here: nothing of this process needs to run meanwhile. */
  address = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (address);
  g_assert_true (g_str_has_prefix (address, "unix:"));
  desktop->env = g_environ_setenv (desktop->env, "DBUS_SESSION_BUS_ADDRESS", address, TRUE);
  return desktop;
}

const char *
adept_test_desktop_get_home (AdeptTestDesktop *desktop)
{
  return desktop->home;
}

const char * const *
adept_test_desktop_get_environ (AdeptTestDesktop *desktop)
{
  return (const char * const *) desktop->env;
}

void
adept_test_desktop_free (AdeptTestDesktop *desktop)
{
  g_autoptr(GError) error = NULL;

  /* End of input: the shell exits, with-keyring.sh stops its keyring, the bus goes. */
  g_output_stream_close (g_subprocess_get_stdin_pipe (desktop->holder), NULL, NULL);
  g_subprocess_wait (desktop->holder, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&desktop->holder);
  adept_test_cleanup_dir (desktop->home);
  g_free (desktop->home);
  g_strfreev (desktop->env);
  g_free (desktop);
}

static void
run_openssl (const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *err = NULL;

  g_ptr_array_add (argv, (gpointer) "openssl");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  if (adept_test_run ((const char * const *) argv->pdata, NULL, NULL, &err) != 0)
    g_error ("openssl %s failed: %s", args[0], err);
}

void
adept_test_make_tls_certificates (const char *dir)
{
  g_autofree char *ca = g_build_filename (dir, "ca.pem", NULL);
  g_autofree char *ca_key = g_build_filename (dir, "ca-key.pem", NULL);
  g_autofree char *server = g_build_filename (dir, "server.pem", NULL);
  g_autofree char *server_key = g_build_filename (dir, "server-key.pem", NULL);
  g_autofree char *other = g_build_filename (dir, "other.pem", NULL);
  g_autofree char *other_key = g_build_filename (dir, "other-key.pem", NULL);

  run_openssl ((const char * const []) {
    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
    "-keyout", ca_key, "-out", ca, "-days", "30", "-subj", "/CN=Adept Test CA",
    "-addext", "basicConstraints=critical,CA:TRUE",
    "-addext", "keyUsage=critical,keyCertSign,cRLSign", NULL });
  run_openssl ((const char * const []) {
    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
    "-keyout", server_key, "-out", server, "-days", "30", "-subj", "/CN=127.0.0.1",
    "-CA", ca, "-CAkey", ca_key,
    "-addext", "basicConstraints=critical,CA:FALSE",
    "-addext", "subjectAltName=IP:127.0.0.1",
    "-addext", "extendedKeyUsage=serverAuth", NULL });
  run_openssl ((const char * const []) {
    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
    "-keyout", other_key, "-out", other, "-days", "30", "-subj", "/CN=Other CA",
    "-addext", "basicConstraints=critical,CA:TRUE", NULL });
}

gboolean
adept_test_ascii_contains (const char *haystack,
                           const char *needle)
{
  g_autofree char *h = haystack ? g_ascii_strdown (haystack, -1) : NULL;
  g_autofree char *n = g_ascii_strdown (needle, -1);

  return h != NULL && strstr (h, n) != NULL;
}
