/* bench-depsim.c — how fast the simulator serves a full fetch
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The simulator runs in its own thread and main context, as it would in another process;
 * a plain libsoup client in the main thread fetches every device in pages of 1000, first
 * only downloading, then also parsing each page with json-glib. Then it assigns a profile
 * to every device (1000 a request), syncs the changes that made, and removes the profile
 * again: for callgrind, each route's cost is adept_depsim_api_fetch, _sync and
 * _profile_devices inclusive in the "depsim" thread (--separate-threads=yes).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "adept-depsim.h"
#include "adept-secret.h"
#include "depsim-test-client.h"

typedef struct {
  guint         n_devices;
  GMutex        lock;
  GCond         ready;
  gboolean      started;
  char         *base_url;
  char         *payload;
  double        generate_s;
  GMainContext *context;
  GMainLoop    *loop;
} Server;

static gpointer
server_thread (gpointer data)
{
  Server *server = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptDepsim) sim = NULL;
  gint64 start;

  server->context = g_main_context_new ();
  g_main_context_push_thread_default (server->context);
  server->loop = g_main_loop_new (server->context, FALSE);

  start = g_get_monotonic_time ();
  sim = adept_depsim_new (1, server->n_devices);
  server->generate_s = (g_get_monotonic_time () - start) / 1e6;
  if (!adept_depsim_start (sim, 0, &error))
    g_error ("%s", error->message);

  g_mutex_lock (&server->lock);
  server->base_url = g_strdup (adept_depsim_get_base_url (sim));
  server->payload = adept_depsim_issue_credentials (sim);
  server->started = TRUE;
  g_cond_signal (&server->ready);
  g_mutex_unlock (&server->lock);

  g_main_loop_run (server->loop);
  adept_depsim_stop (sim);
  g_main_context_pop_thread_default (server->context);
  return NULL;
}

static gboolean
quit_loop (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

typedef struct {
  guint   pages;
  guint   devices;
  guint64 bytes;
  double  seconds;
  char   *cursor;     /* the last page's */
  char   *framing;    /* the first page's: Content-Length or chunked */
} Run;

static Run
fetch_all (DepTestClient *client,
           guint          limit,
           gboolean       parse,
           GPtrArray     *serials)
{
  g_autofree char *cursor = NULL;
  gboolean more = TRUE;
  gint64 start = g_get_monotonic_time ();
  Run run = { 0, };

  while (more)
    {
      g_autofree char *body = cursor != NULL
        ? g_strdup_printf ("{\"cursor\":\"%s\",\"limit\":%u}", cursor, limit)
        : g_strdup_printf ("{\"limit\":%u}", limit);
      g_autoptr(DepTestReply) reply = dep_test_call (client, "POST", "/server/devices", body);
      g_autoptr(JsonObject) page = NULL;
      const char *next;

      if (reply->status != 200)
        g_error ("fetch failed: %u %s", reply->status, reply->body);
      run.pages++;
      run.bytes += reply->len;
      if (run.framing == NULL)
        run.framing = soup_message_headers_get_encoding (reply->headers) == SOUP_ENCODING_CONTENT_LENGTH
          ? g_strdup_printf ("Content-Length: %" G_GOFFSET_FORMAT,
                             soup_message_headers_get_content_length (reply->headers))
          : g_strdup ("not Content-Length (chunked or to the end)");

      if (parse)
        {
          JsonArray *devices;

          page = dep_test_assert_json (reply);
          devices = json_object_get_array_member (page, "devices");
          run.devices += json_array_get_length (devices);
          for (guint i = 0; serials != NULL && i < json_array_get_length (devices); i++)
            g_ptr_array_add (serials, g_strdup (json_object_get_string_member (
                               json_array_get_object_element (devices, i), "serial_number")));
          more = json_object_get_boolean_member (page, "more_to_follow");
          next = json_object_get_string_member (page, "cursor");
        }
      else
        {
          /* Only what the loop needs, found without parsing the page. */
          const char *c = g_strrstr (reply->body, "\"cursor\":\"");
          g_autofree char *found = NULL;

          g_assert (c != NULL);
          c += strlen ("\"cursor\":\"");
          found = g_strndup (c, strchr (c, '"') - c);
          more = g_strrstr (reply->body, "\"more_to_follow\":true") != NULL;
          g_free (cursor);
          cursor = g_steal_pointer (&found);
          continue;
        }
      g_free (cursor);
      cursor = g_strdup (next);
    }
  run.seconds = (g_get_monotonic_time () - start) / 1e6;
  run.cursor = g_steal_pointer (&cursor);
  return run;
}

/* Every serial in requests of limit devices, answers read and not parsed. */
static Run
send_serials (DepTestClient *client,
              const char    *method,
              const char    *profile_uuid,
              GPtrArray     *serials,
              guint          limit)
{
  gint64 start = g_get_monotonic_time ();
  Run run = { 0, };

  for (guint first = 0; first < serials->len; first += limit)
    {
      g_autoptr(GString) body = g_string_new ("{");
      g_autoptr(DepTestReply) reply = NULL;

      if (profile_uuid != NULL)
        g_string_append_printf (body, "\"profile_uuid\":\"%s\",", profile_uuid);
      g_string_append (body, "\"devices\":[");
      for (guint i = first; i < serials->len && i < first + limit; i++)
        g_string_append_printf (body, "%s\"%s\"", i > first ? "," : "",
                                (const char *) g_ptr_array_index (serials, i));
      g_string_append (body, "]}");
      reply = dep_test_call (client, method, "/profile/devices", body->str);
      if (reply->status != 200 || strstr (reply->body, "SUCCESS") == NULL)
        g_error ("%s /profile/devices failed: %u %.200s", method, reply->status, reply->body);
      run.pages++;
      run.devices += MIN (limit, serials->len - first);
      run.bytes += reply->len;
    }
  run.seconds = (g_get_monotonic_time () - start) / 1e6;
  return run;
}

/* Every change since cursor, pages read and not parsed. */
static Run
sync_all (DepTestClient *client,
          const char    *first_cursor,
          guint          limit)
{
  g_autofree char *cursor = g_strdup (first_cursor);
  gboolean more = TRUE;
  gint64 start = g_get_monotonic_time ();
  Run run = { 0, };

  while (more)
    {
      g_autofree char *body = g_strdup_printf ("{\"cursor\":\"%s\",\"limit\":%u}", cursor, limit);
      g_autoptr(DepTestReply) reply = dep_test_call (client, "POST", "/devices/sync", body);
      const char *c;

      if (reply->status != 200)
        g_error ("sync failed: %u %s", reply->status, reply->body);
      run.pages++;
      run.bytes += reply->len;
      c = g_strrstr (reply->body, "\"cursor\":\"");
      g_assert (c != NULL);
      c += strlen ("\"cursor\":\"");
      g_free (cursor);
      cursor = g_strndup (c, strchr (c, '"') - c);
      more = g_strrstr (reply->body, "\"more_to_follow\":true") != NULL;
    }
  run.seconds = (g_get_monotonic_time () - start) / 1e6;
  return run;
}

static char *
define_profile (DepTestClient *client)
{
  g_autoptr(DepTestReply) reply =
    dep_test_call (client, "POST", "/profile",
                   "{\"profile_name\":\"Bench\",\"url\":\"https://mdm.example.com/enroll\"}");
  g_autoptr(JsonObject) answer = dep_test_assert_json (reply);

  return g_strdup (json_object_get_string_member (answer, "profile_uuid"));
}

static void
report (const char *what,
        const Run  *run)
{
  printf ("%-28s %4u pages in %6.3f s = %7.1f pages/s, %6.1f MB/s (%.1f MB)\n",
          what, run->pages, run->seconds, run->pages / run->seconds,
          run->bytes / 1e6 / run->seconds, run->bytes / 1e6);
}

int
main (int    argc,
      char **argv)
{
  Server server = { .n_devices = 100000 };
  int limit = 1000;
  int n_devices = 100000;
  GOptionEntry entries[] = {
    { "devices", 'n', 0, G_OPTION_ARG_INT, &n_devices, "Devices on the simulated server", "N" },
    { "limit", 'l', 0, G_OPTION_ARG_INT, &limit, "Devices per page", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- fetch every device from adept-depsim");
  g_autoptr(GError) error = NULL;
  DepTestClient client;
  GThread *thread;
  Run download, parsed, assigned, synced, removed;
  g_autoptr(GPtrArray) serials = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *profile_uuid = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || n_devices < 1 || limit < 1 || limit > 1000)
    {
      g_printerr ("bench-depsim: %s\n", error != NULL ? error->message : "bad numbers");
      return 2;
    }
  server.n_devices = (guint) n_devices;

  g_mutex_init (&server.lock);
  g_cond_init (&server.ready);
  thread = g_thread_new ("depsim", server_thread, &server);
  g_mutex_lock (&server.lock);
  while (!server.started)
    g_cond_wait (&server.ready, &server.lock);
  g_mutex_unlock (&server.lock);

  dep_test_client_init (&client, server.base_url);
  dep_test_client_set_credentials (&client, server.payload);
  dep_test_open_session (&client);

  printf ("adept-depsim: %u devices generated in %.3f s\n", server.n_devices, server.generate_s);
  download = fetch_all (&client, (guint) limit, FALSE, NULL);
  report ("fetch, download only:", &download);
  printf ("a fetch page's framing: %s\n", download.framing);
  parsed = fetch_all (&client, (guint) limit, TRUE, serials);
  report ("fetch, download + parse:", &parsed);
  if (parsed.devices != server.n_devices)
    g_error ("fetched %u devices, expected %u", parsed.devices, server.n_devices);

  profile_uuid = define_profile (&client);
  assigned = send_serials (&client, "POST", profile_uuid, serials, (guint) limit);
  report ("assign, download only:", &assigned);
  synced = sync_all (&client, parsed.cursor, (guint) limit);
  report ("sync, download only:", &synced);
  removed = send_serials (&client, "DELETE", NULL, serials, (guint) limit);
  report ("remove, download only:", &removed);
  g_free (download.cursor);
  g_free (download.framing);
  g_free (parsed.framing);
  g_free (parsed.cursor);

  dep_test_client_clear (&client);
  g_main_context_invoke (server.context, quit_loop, server.loop);
  g_thread_join (thread);
  g_main_loop_unref (server.loop);
  g_main_context_unref (server.context);
  adept_secret_free (server.payload);
  g_free (server.base_url);
  return 0;
}
