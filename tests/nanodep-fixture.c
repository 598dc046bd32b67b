/* nanodep-fixture.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>

#include "adept-test-util.h"
#include "nanodep-fixture.h"

#define NANODEP_MODULE "github.com/micromdm/nanodep@v0.7.0"
#define START_TIMEOUT_MS 20000
#define STOP_TIMEOUT_MS 10000
#define SYNC_TIMEOUT_MS 30000
/* How often a wait looks again at state that sends no event (a child's files). */
#define POLL_INTERVAL_MS 20
#define START_ATTEMPTS 5
/* A name no test uses, for the request that proves depserver is up and ours. */
#define PROBE_NAME "adept-fixture-probe"

typedef struct {
  GSubprocess *process;
  char        *log_path;
  gboolean     exited;
} Child;

struct _NanodepFixture
{
  NanodepFixtureStorage  storage;
  char                  *dir;
  char                  *api_key;
  char                  *url;
  char                  *dsn;
  /* PostgreSQL: the password for NanoDEP, in a .pgpass file as README's setup has it. */
  char                  *pgpass;
  SoupSession           *session;
  Child                  server;
  Child                  syncer;
};

static const char *
nanodep_dir (void)
{
  return g_getenv ("ADEPT_NANODEP_DIR");
}

static char *
binary_path (const char *name)
{
  return g_build_filename (nanodep_dir (), "bin", name, NULL);
}

void
nanodep_fixture_require (void)
{
  g_autofree char *server = NULL;
  g_autofree char *syncer = NULL;

  if (nanodep_dir () != NULL)
    {
      server = binary_path ("depserver");
      syncer = binary_path ("depsyncer");
      if (g_file_test (server, G_FILE_TEST_IS_EXECUTABLE) &&
          g_file_test (syncer, G_FILE_TEST_IS_EXECUTABLE))
        return;
    }
  /* build-nanodep.sh leaves no binaries only when it found no Go ≥ 1.24. */
  printf ("skipped: Go ≥ 1.24 is needed to build NanoDEP (build-aux/build-nanodep.sh builds it)\n");
  exit (77);
}

NanodepFixtureStorage
nanodep_fixture_storage_from_env (void)
{
  return g_strcmp0 (g_getenv ("ADEPT_NANODEP_STORAGE"), "pgsql") == 0
    ? NANODEP_FIXTURE_PGSQL : NANODEP_FIXTURE_FILEKV;
}

const char *
nanodep_fixture_storage_name (NanodepFixtureStorage storage)
{
  return storage == NANODEP_FIXTURE_PGSQL ? "pgsql" : "filekv";
}

/* ---- Waiting ---- */

static gboolean
set_flag (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
tick (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

void
nanodep_fixture_wait_until (NanodepFixtureCheck  check,
                            gpointer             user_data,
                            guint                timeout_ms,
                            const char          *what)
{
  GMainContext *context = g_main_context_get_thread_default ();
  gboolean expired = FALSE;
  GSource *deadline = g_timeout_source_new (timeout_ms);
  GSource *poll = g_timeout_source_new (POLL_INTERVAL_MS);

  g_source_set_callback (deadline, set_flag, &expired, NULL);
  g_source_attach (deadline, context);
  g_source_set_callback (poll, tick, NULL, NULL);
  g_source_attach (poll, context);

  while (!check (user_data))
    {
      if (expired)
        g_error ("Waited %u ms for %s in vain", timeout_ms, what);
      g_main_context_iteration (context, TRUE);
    }

  g_source_destroy (deadline);
  g_source_unref (deadline);
  g_source_destroy (poll);
  g_source_unref (poll);
}

/* ---- Children ---- */

static void
child_setup (gpointer user_data)
{
  /* A crashed test leaves no NanoDEP behind. */
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static void
child_exited_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Child *child = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  child->exited = TRUE;
}

static const char * const unsupported_pg_variables[] = {
  "PGHOSTADDR", "PGSERVICE", "PGSERVICEFILE", "PGREALM", "PGREQUIRESSL", "PGSSLCRL",
  "PGREQUIREPEER", "PGKRBSRVNAME", "PGGSSLIB", "PGSYSCONFDIR", "PGLOCALEDIR",
};

static void
child_start (Child              *child,
             const char * const *argv,
             const char         *api_key,
             const char         *pgpass,
             const char         *log_path)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_autoptr(GError) error = NULL;

  g_subprocess_launcher_set_stdout_file_path (launcher, log_path);
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
  /* depserver reads its key from the environment, as from a systemd EnvironmentFile: it
   * never shows in ps. */
  if (api_key != NULL)
    g_subprocess_launcher_setenv (launcher, "NANODEP_API", api_key, TRUE);
  /* NanoDEP's PostgreSQL driver (lib/pq) panics on these libpq variables, and
   * pg_virtualenv sets PGSYSCONFDIR. */
  for (guint i = 0; i < G_N_ELEMENTS (unsupported_pg_variables); i++)
    g_subprocess_launcher_unsetenv (launcher, unsupported_pg_variables[i]);
  if (pgpass != NULL)
    {
      g_subprocess_launcher_unsetenv (launcher, "PGPASSWORD");
      g_subprocess_launcher_setenv (launcher, "PGPASSFILE", pgpass, TRUE);
    }

  g_clear_object (&child->process);
  child->exited = FALSE;
  g_free (child->log_path);
  child->log_path = g_strdup (log_path);
  child->process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_subprocess_wait_async (child->process, NULL, child_exited_cb, child);
}

static gboolean
child_has_exited (gpointer user_data)
{
  return ((Child *) user_data)->exited;
}

static void
child_stop (Child *child)
{
  if (child->process == NULL)
    return;
  if (!child->exited)
    {
      g_subprocess_send_signal (child->process, SIGTERM);
      nanodep_fixture_wait_until (child_has_exited, child, STOP_TIMEOUT_MS, "a NanoDEP program to stop");
    }
  g_clear_object (&child->process);
}

static char *
child_dup_log (Child *child)
{
  char *text = NULL;

  if (child->log_path == NULL || !g_file_get_contents (child->log_path, &text, NULL, NULL))
    return g_strdup ("");
  return text;
}

/* ---- HTTP (plain libsoup, not Adept's client) ---- */

guint
nanodep_fixture_request (NanodepFixture  *self,
                         const char      *method,
                         const char      *path,
                         const char      *body,
                         char           **answer)
{
  g_autofree char *url = g_strconcat (self->url, path, NULL);
  g_autoptr(SoupMessage) message = soup_message_new (method, url);
  g_autofree char *pair = g_strconcat ("depserver:", self->api_key, NULL);
  g_autofree char *encoded = g_base64_encode ((const guchar *) pair, strlen (pair));
  g_autofree char *authorization = g_strconcat ("Basic ", encoded, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (message);
  soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization",
                                authorization);
  if (body != NULL)
    {
      g_autoptr(GBytes) request_body = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (message, "application/json", request_body);
    }
  soup_session_send_and_read_async (self->session, message, G_PRIORITY_DEFAULT, NULL,
                                    adept_test_store_result, &result);
  adept_test_wait_result (&result);
  bytes = soup_session_send_and_read_finish (self->session, result, &error);
  if (answer != NULL)
    *answer = bytes ? g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes)) : NULL;
  return bytes != NULL ? soup_message_get_status (message) : 0;
}

void
nanodep_fixture_point_name (NanodepFixture *self,
                            const char     *name,
                            const char     *dep_url)
{
  g_autofree char *escaped = g_uri_escape_string (name, NULL, FALSE);
  g_autofree char *path = g_strconcat ("/v1/config/", escaped, NULL);
  g_autofree char *body = g_strdup_printf ("{\"base_url\":\"%s\"}", dep_url);
  g_autofree char *answer = NULL;

  g_assert_cmpuint (nanodep_fixture_request (self, "PUT", path, body, &answer), ==, 200);
}

/* ---- Storage ---- */

static void
run_psql (const char *database,
          const char *option,
          const char *argument)
{
  const char *argv[] = { "psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", database,
                         option, argument, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = adept_test_run (argv, NULL, &out, &err);

  if (status != 0)
    g_error ("psql %s %s failed (%d): %s", option, argument, status, err);
}

/* A database of its own for this fixture, with NanoDEP's schema from the module cache. */
static char *
make_database (void)
{
  g_autofree char *suffix = g_uuid_string_random ();
  g_autofree char *create = NULL;
  g_autofree char *schema = g_build_filename (nanodep_dir (), "gomod", NANODEP_MODULE, "storage",
                                              "pgsql", "schema.sql", NULL);
  char *name;

  if (g_getenv ("PGHOST") == NULL)
    g_error ("PostgreSQL storage needs a cluster: run the test under tests/with-pgsql.sh");
  g_assert_true (g_file_test (schema, G_FILE_TEST_IS_REGULAR));

  g_strdelimit (suffix, "-", '_');
  name = g_strconcat ("nanodep_", suffix, NULL);
  create = g_strdup_printf ("CREATE DATABASE %s", name);
  run_psql ("postgres", "-c", create);
  run_psql (name, "-f", schema);
  return name;
}

static char *
write_pgpass (const char *dir)
{
  g_autofree char *line = g_strdup_printf ("*:*:*:%s:%s\n", g_getenv ("PGUSER"), g_getenv ("PGPASSWORD"));
  char *path = g_build_filename (dir, "pgpass", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (g_getenv ("PGPASSWORD"));
  g_file_set_contents_full (path, line, -1, G_FILE_SET_CONTENTS_NONE, 0600, &error);
  g_assert_no_error (error);
  return path;
}

static void
append_storage_args (NanodepFixture *self,
                     GPtrArray      *argv)
{
  g_ptr_array_add (argv, (gpointer) "-storage");
  g_ptr_array_add (argv, (gpointer) nanodep_fixture_storage_name (self->storage));
  g_ptr_array_add (argv, (gpointer) "-storage-dsn");
  g_ptr_array_add (argv, self->dsn);
}

/* ---- depserver ---- */

static guint16
free_port (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, any, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

typedef struct {
  NanodepFixture *fixture;
  gboolean        answered;
} Startup;

static gboolean
server_answers_or_exited (gpointer user_data)
{
  Startup *startup = user_data;
  NanodepFixture *self = startup->fixture;
  g_autofree char *answer = NULL;

  if (self->server.exited)
    return TRUE;
  /* With the API key: a depserver of a test running beside this one, which took the port
   * first (this one then stops), answers /version too, but refuses this key. */
  startup->answered = nanodep_fixture_request (self, "GET", "/v1/assigner/" PROBE_NAME, NULL,
                                               &answer) == 200;
  return startup->answered;
}

/* The port may have been taken between free_port() and the bind: then try another. */
static void
start_server (NanodepFixture *self)
{
  g_autofree char *server = binary_path ("depserver");
  g_autofree char *log_path = g_build_filename (self->dir, "depserver.log", NULL);

  for (guint attempt = 0; attempt < START_ATTEMPTS; attempt++)
    {
      g_autoptr(GPtrArray) argv = g_ptr_array_new ();
      g_autofree char *listen = g_strdup_printf ("127.0.0.1:%u", free_port ());
      Startup startup = { self, FALSE };

      g_free (self->url);
      self->url = g_strconcat ("http://", listen, NULL);
      g_ptr_array_add (argv, server);
      g_ptr_array_add (argv, (gpointer) "-listen");
      g_ptr_array_add (argv, listen);
      append_storage_args (self, argv);
      g_ptr_array_add (argv, NULL);
      child_start (&self->server, (const char * const *) argv->pdata, self->api_key, self->pgpass,
                   log_path);

      nanodep_fixture_wait_until (server_answers_or_exited, &startup, START_TIMEOUT_MS,
                                  "depserver to answer");
      if (startup.answered)
        return;
      g_test_message ("depserver on %s stopped at once; trying another port", listen);
    }
  {
    g_autofree char *log = child_dup_log (&self->server);
    g_error ("depserver did not start: %s", log);
  }
}

NanodepFixture *
nanodep_fixture_new (NanodepFixtureStorage storage)
{
  NanodepFixture *self = g_new0 (NanodepFixture, 1);
  g_autofree char *key = g_uuid_string_random ();

  self->storage = storage;
  self->dir = adept_test_make_tmpdir ();
  /* A key with a colon, as NanoDEP allows: only the first colon of Basic splits. */
  g_strdelimit (key, "-", ':');
  self->api_key = g_strconcat ("nanodep-api-", key, NULL);
  self->session = soup_session_new ();
  if (storage == NANODEP_FIXTURE_PGSQL)
    {
      g_autofree char *database = make_database ();

      /* Host, port and user come from the environment pg_virtualenv set; the password
       * from a .pgpass file (lib/pq ignores one that others may read). */
      self->dsn = g_strdup_printf ("dbname=%s sslmode=disable", database);
      self->pgpass = write_pgpass (self->dir);
    }
  else
    self->dsn = g_build_filename (self->dir, "db", NULL);

  start_server (self);
  return self;
}

void
nanodep_fixture_free (NanodepFixture *self)
{
  child_stop (&self->syncer);
  child_stop (&self->server);
  g_free (self->syncer.log_path);
  g_free (self->server.log_path);
  g_clear_object (&self->session);
  adept_test_cleanup_dir (self->dir);
  g_free (self->dir);
  g_free (self->api_key);
  g_free (self->url);
  g_free (self->dsn);
  g_free (self->pgpass);
  g_free (self);
}

const char *
nanodep_fixture_get_url (NanodepFixture *self)
{
  return self->url;
}

const char *
nanodep_fixture_get_api_key (NanodepFixture *self)
{
  return self->api_key;
}

char *
nanodep_fixture_dup_dsn (NanodepFixture *self)
{
  return g_strdup (self->dsn);
}

char *
nanodep_fixture_dup_server_log (NanodepFixture *self)
{
  return child_dup_log (&self->server);
}

char *
nanodep_fixture_dup_syncer_log (NanodepFixture *self)
{
  return child_dup_log (&self->syncer);
}

void
nanodep_fixture_stop_server (NanodepFixture *self)
{
  child_stop (&self->server);
}

/* ---- depsyncer ---- */

void
nanodep_fixture_start_syncer (NanodepFixture *self,
                              const char     *name)
{
  g_autofree char *syncer = binary_path ("depsyncer");
  g_autofree char *log_path = g_build_filename (self->dir, "depsyncer.log", NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();

  g_assert_null (self->syncer.process);
  g_ptr_array_add (argv, syncer);
  /* Continuous: -duration 0 would exit after one cycle, before its assigner has run. A
   * day between cycles: the test asks for each with SIGHUP. */
  g_ptr_array_add (argv, (gpointer) "-duration");
  g_ptr_array_add (argv, (gpointer) "86400");
  g_ptr_array_add (argv, (gpointer) "-debug");
  /* Its assigner then logs each page it looked at, which tests can wait for. */
  g_ptr_array_add (argv, (gpointer) "-debug-assigner");
  append_storage_args (self, argv);
  g_ptr_array_add (argv, (gpointer) name);
  g_ptr_array_add (argv, NULL);
  child_start (&self->syncer, (const char * const *) argv->pdata, NULL, self->pgpass, log_path);
}

typedef struct {
  NanodepFixture *fixture;
  AdeptDepsim    *sim;
  guint           n;
} SyncWait;

static gboolean
synced_n_times (gpointer user_data)
{
  SyncWait *wait = user_data;

  if (wait->fixture->syncer.exited)
    {
      g_autofree char *log = nanodep_fixture_dup_syncer_log (wait->fixture);
      g_error ("depsyncer stopped: %s", log);
    }
  return adept_depsim_get_request_count (wait->sim, "/devices/sync") >= wait->n;
}

void
nanodep_fixture_wait_for_sync (NanodepFixture *self,
                               AdeptDepsim    *sim,
                               guint           n)
{
  SyncWait wait = { self, sim, n };
  g_autofree char *what = g_strdup_printf ("depsyncer's sync request #%u", n);

  nanodep_fixture_wait_until (synced_n_times, &wait, SYNC_TIMEOUT_MS, what);
}

void
nanodep_fixture_sync_now (NanodepFixture *self)
{
  g_assert_nonnull (self->syncer.process);
  g_assert_false (self->syncer.exited);
  g_subprocess_send_signal (self->syncer.process, SIGHUP);
}

void
nanodep_fixture_stop_syncer (NanodepFixture *self)
{
  child_stop (&self->syncer);
}

char *
nanodep_fixture_dup_sim_profile (AdeptDepsim *sim,
                                 const char  *serial)
{
  g_autofree char *truth = adept_depsim_dup_truth_json (sim);
  g_autoptr(JsonObject) root = adept_test_parse_object (truth);
  JsonArray *devices = json_object_get_array_member (root, "devices");

  for (guint i = 0; i < json_array_get_length (devices); i++)
    {
      JsonObject *device = json_array_get_object_element (devices, i);

      if (g_str_equal (json_object_get_string_member (device, "serial_number"), serial))
        return g_strdup (json_object_get_string_member_with_default (device, "profile_uuid", ""));
    }
  return NULL;
}

typedef struct {
  AdeptDepsim *sim;
  char       **serials;
  const char  *uuid;
} Assigned;

static gboolean
all_assigned (gpointer data)
{
  Assigned *assigned = data;

  for (guint i = 0; assigned->serials[i] != NULL; i++)
    {
      g_autofree char *uuid = nanodep_fixture_dup_sim_profile (assigned->sim, assigned->serials[i]);

      if (g_strcmp0 (uuid, assigned->uuid) != 0)
        return FALSE;
    }
  return TRUE;
}

void
nanodep_fixture_wait_assigned (AdeptDepsim  *sim,
                               char        **serials,
                               const char   *uuid,
                               guint         timeout_ms,
                               const char   *what)
{
  Assigned assigned = { sim, serials, uuid };

  nanodep_fixture_wait_until (all_assigned, &assigned, timeout_ms, what);
}

char *
nanodep_fixture_dup_assigner (NanodepFixture *self,
                              const char     *name)
{
  g_autofree char *escaped = g_uri_escape_string (name, NULL, FALSE);
  g_autofree char *path = g_strconcat ("/v1/assigner/", escaped, NULL);
  g_autofree char *answer = NULL;
  g_autoptr(JsonObject) object = NULL;

  g_assert_cmpuint (nanodep_fixture_request (self, "GET", path, NULL, &answer), ==, 200);
  object = adept_test_parse_object (answer);
  return g_strdup (json_object_get_string_member_with_default (object, "profile_uuid", NULL));
}
