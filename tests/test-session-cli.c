/* test-session-cli.c — adeptctl and the console leave the same trace: the same profile rows,
 * assign attempts and audit entries for define, assign and unassign (issue 10; issue 16
 * defect 5, where adeptctl wrote none of them). The console's path is AdeptSession; here it
 * runs in this process against one simulator program while adeptctl runs against a second
 * one with the same devices.
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "adept-session.h"
#include "adept-session-list.h"
#include "adept-test-util.h"
#include "fake-desktop.h"
#include "sync-test-util.h"

#define PROFILE_JSON                                                                      \
  "{\"profile_name\": \"Staff iPads\", \"url\": \"https://mdm.example.com/enroll\","      \
  " \"is_supervised\": true, \"is_mandatory\": true, \"department\": \"IT\","             \
  " \"skip_setup_items\": [\"Siri\", \"Location\"]}"

/* As ABM: the simulator issues a token for a certificate; saved in dir. */
static char *
issue_token (SyncTestSimulator *sim,
             const char        *cert_path,
             const char        *dir)
{
  g_autofree char *pem = NULL;
  g_autofree char *token = NULL;
  char *path = g_build_filename (dir, "Sim MDM_Token_2026-11-25T14-05-00Z_smime.p7m", NULL);

  g_assert_true (g_file_get_contents (cert_path, &pem, NULL, NULL));
  token = sync_test_simulator_call (sim, "POST", "/_adept/token", pem);
  g_assert_true (g_file_set_contents (path, token, -1, NULL));
  return path;
}

static char *
ctl (const char *server,
     const char *first,
     ...) G_GNUC_NULL_TERMINATED;

/* adeptctl --server SERVER ARGS…, which must succeed; its stdout. */
static char *
ctl (const char *server,
     const char *first,
     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *err = NULL;
  char *out = NULL;
  va_list args;
  int status;

  g_ptr_array_add (argv, (gpointer) g_getenv ("ADEPTCTL"));
  g_ptr_array_add (argv, (gpointer) "--server");
  g_ptr_array_add (argv, (gpointer) server);
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  status = adept_test_run ((const char * const *) argv->pdata, NULL, &out, &err);
  if (status != 0)
    g_error ("adeptctl %s: exit %d\n%s%s", first, status, out, err);
  return out;
}

static void
wait_for (AdeptSession  *session,
          GAsyncResult **result)
{
  adept_test_wait_result (result);
  g_assert_true (ADEPT_IS_SESSION (session));
}

/* The console's side: link, sync, define, assign three, unassign one. */
static char *
console_side (SyncTestSimulator *sim,
              const char *server,
              const char *dir,
              GStrv      *serials_out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptSessionList) list = adept_session_list_new (&error);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonObject) object = adept_test_parse_object (PROFILE_JSON);
  g_autoptr(AdeptDepProfile) profile = adept_dep_profile_new_from_json (object, NULL);
  g_autoptr(AdeptDeviceResults) defined = NULL;
  g_autoptr(AdeptDeviceResults) answers = NULL;
  g_autoptr(AdeptJournalEntry) run = NULL;
  g_autoptr(GPtrArray) devices = NULL;
  g_autofree char *pem = NULL;
  g_autofree char *cert_path = g_build_filename (dir, "console.pem", NULL);
  g_autofree char *token_path = NULL;
  g_autoptr(GFile) token = NULL;
  AdeptSession *session = adept_session_list_add (list, server, NULL, &error);
  const char *three[4] = { NULL };

  g_assert_no_error (error);
  adept_session_dup_public_key_async (session, NULL, adept_test_store_result, &result);
  wait_for (session, &result);
  pem = adept_session_dup_public_key_finish (session, result, &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_true (g_file_set_contents (cert_path, pem, -1, NULL));
  token_path = issue_token (sim, cert_path, dir);
  token = g_file_new_for_path (token_path);

  adept_session_link_async (session, token, sim->base, NULL, adept_test_store_result, &result);
  wait_for (session, &result);
  g_assert_true (adept_session_link_finish (session, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  adept_session_sync_async (session, ADEPT_SYNC_FLAGS_NONE, NULL, adept_test_store_result, &result);
  wait_for (session, &result);
  run = adept_session_sync_finish (session, result, &error);
  g_assert_no_error (error);
  g_clear_object (&result);

  devices = adept_store_list_devices (adept_session_get_store (session), server, -1, &error);
  for (guint i = 0; i < 3; i++)
    three[i] = adept_device_get_serial_number (g_ptr_array_index (devices, i));
  *serials_out = g_strdupv ((char **) three);

  adept_session_define_profile_async (session, profile, NULL, NULL, adept_test_store_result, &result);
  wait_for (session, &result);
  defined = adept_session_define_profile_finish (session, result, &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  adept_session_assign_async (session, adept_device_results_get_profile_uuid (defined), three, NULL,
                              adept_test_store_result, &result);
  wait_for (session, &result);
  answers = adept_session_run_job_finish (session, result, &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  g_clear_object (&answers);
  adept_session_remove_async (session, NULL, three + 2, NULL, adept_test_store_result, &result);
  wait_for (session, &result);
  answers = adept_session_run_job_finish (session, result, &error);
  g_assert_no_error (error);
  g_clear_object (&result);

  /* Nothing keeps the session, hence its store connections, once the list goes. */
  g_clear_pointer (&devices, g_ptr_array_unref);
  {
    /* A leaked connection would keep the database's WAL mapped after adeptctl removed it
     * (each batch job leaked its task, client and store before). */
    AdeptSyncEngine *engine = adept_session_get_engine (session);
    AdeptStore *store = adept_session_get_store (session);

    g_object_add_weak_pointer (G_OBJECT (engine), (gpointer *) &engine);
    g_object_add_weak_pointer (G_OBJECT (store), (gpointer *) &store);
    g_object_add_weak_pointer (G_OBJECT (session), (gpointer *) &session);
    g_assert_finalize_object (g_steal_pointer (&list));
    g_assert_null (session);
    g_assert_null (engine);
    g_assert_null (store);
  }
  return g_strdup (adept_device_results_get_profile_uuid (defined));
}

/* adeptctl's side of the same, on the second simulator. */
static char *
cli_side (SyncTestSimulator  *sim,
          const char        *server,
          const char        *dir,
          const char * const *serials)
{
  g_autofree char *cert_path = g_build_filename (dir, "cli.pem", NULL);
  g_autofree char *profile_path = g_build_filename (dir, "profile.json", NULL);
  g_autofree char *token_path = NULL;
  g_autofree char *out = NULL;
  g_autoptr(JsonObject) defined = NULL;

  g_free (ctl (server, "key", "generate", NULL));
  g_free (ctl (server, "key", "export", "--out", cert_path, NULL));
  token_path = issue_token (sim, cert_path, dir);
  g_free (ctl (server, "token", "import", "--base-url", sim->base, token_path, NULL));
  g_free (ctl (server, "sync", NULL));
  g_assert_true (g_file_set_contents (profile_path, PROFILE_JSON, -1, NULL));
  out = ctl (server, "--json", "profiles", "define", profile_path, NULL);
  defined = adept_test_parse_object (out);
  g_free (ctl (server, "assign", json_object_get_string_member (defined, "profile_uuid"),
               serials[0], serials[1], serials[2], NULL));
  g_free (ctl (server, "unassign", serials[2], NULL));
  return g_strdup (json_object_get_string_member (defined, "profile_uuid"));
}

/* "action: details" of the audit log, oldest first, UUIDs and numbers of the server made
 * comparable. Actions of the link differ in their fingerprints and dates: the profile and
 * assignment ones are what must match. */
static GStrv
audit_trace (AdeptStore *store,
             const char *server,
             const char *uuid)
{
  g_autoptr(GPtrArray) entries = adept_store_list_audit (store, server, 0, NULL);
  g_autoptr(GStrvBuilder) trace = g_strv_builder_new ();

  for (guint i = entries->len; i > 0; i--)
    {
      AdeptAuditEntry *e = g_ptr_array_index (entries, i - 1);
      g_autoptr(GString) line = NULL;

      if (!g_str_has_prefix (e->action, "profile-"))
        continue;
      line = g_string_new (e->action);
      g_string_append_printf (line, ": %s", e->details);
      g_string_replace (line, uuid, "UUID", 0);
      g_strv_builder_add (trace, line->str);
    }
  return g_strv_builder_end (trace);
}

static GStrv
attempts_trace (AdeptStore         *store,
                const char         *server,
                const char         *uuid,
                const char * const *serials)
{
  g_autoptr(GStrvBuilder) trace = g_strv_builder_new ();

  for (guint i = 0; serials[i] != NULL; i++)
    {
      g_autoptr(GPtrArray) attempts = adept_store_list_assign_attempts (store, server, serials[i], NULL);

      for (guint k = 0; k < attempts->len; k++)
        {
          AdeptAssignAttempt *a = g_ptr_array_index (attempts, k);
          g_autofree char *line = g_strdup_printf ("%s %s %d %s %s", a->serial_number,
                                                   g_str_equal (a->profile_uuid, uuid) ? "UUID" : a->profile_uuid,
                                                   a->origin, adept_assign_result_to_string (a->result),
                                                   a->detail ? a->detail : "");

          g_strv_builder_add (trace, line);
        }
    }
  return g_strv_builder_end (trace);
}

static void
test_same_trace (void)
{
  g_autofree char *dir = adept_test_make_tmpdir ();
  g_autofree char *console = g_strdup_printf ("console-%d", (int) getpid ());
  g_autofree char *cli = g_strdup_printf ("cli-%d", (int) getpid ());
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptStore) store = NULL;
  g_autoptr(AdeptStoredProfile) console_row = NULL;
  g_autoptr(AdeptStoredProfile) cli_row = NULL;
  g_auto(GStrv) serials = NULL;
  g_auto(GStrv) console_audit = NULL;
  g_auto(GStrv) cli_audit = NULL;
  g_auto(GStrv) console_attempts = NULL;
  g_auto(GStrv) cli_attempts = NULL;
  g_autofree char *console_uuid = NULL;
  g_autofree char *cli_uuid = NULL;
  const char * const args[] = { "--devices", "30", "--seed", "17", NULL };
  SyncTestSimulator a = { 0 }, b = { 0 };

  /* The same seed: the same devices on both. */
  sync_test_simulator_start (&a, NULL, args);
  sync_test_simulator_start (&b, NULL, args);
  console_uuid = console_side (&a, console, dir, &serials);
  cli_uuid = cli_side (&b, cli, dir, (const char * const *) serials);

  store = adept_store_open (&error);
  g_assert_no_error (error);

  /* The same profile row. */
  console_row = adept_store_get_profile (store, console, console_uuid, &error);
  cli_row = adept_store_get_profile (store, cli, cli_uuid, &error);
  g_assert_nonnull (console_row);
  g_assert_nonnull (cli_row);
  g_assert_cmpstr (cli_row->name, ==, console_row->name);
  g_assert_cmpstr (cli_row->json, ==, console_row->json);
  g_assert_cmpint (cli_row->origin, ==, console_row->origin);

  /* The same audit entries for define, assign and remove. */
  console_audit = audit_trace (store, console, console_uuid);
  cli_audit = audit_trace (store, cli, cli_uuid);
  g_assert_cmpuint (g_strv_length (console_audit), ==, 3);
  g_assert_cmpstrv (cli_audit, console_audit);

  /* The same assign attempts, device by device. */
  console_attempts = attempts_trace (store, console, console_uuid, (const char * const *) serials);
  cli_attempts = attempts_trace (store, cli, cli_uuid, (const char * const *) serials);
  g_assert_cmpuint (g_strv_length (console_attempts), ==, 3);
  g_assert_cmpstrv (cli_attempts, console_attempts);

  g_free (ctl (cli, "unlink", "--yes", NULL));
  g_free (ctl (console, "unlink", "--yes", NULL));
  sync_test_simulator_stop (&a);
  sync_test_simulator_stop (&b);
  adept_test_cleanup_dir (dir);
}

/* The JSON array adeptctl printed, parsed; unref it. */
static JsonArray *
parse_array (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)));
  return json_array_ref (json_node_get_array (json_parser_get_root (parser)));
}

static JsonObject *
find_member (JsonArray  *array,
             const char *key,
             const char *value)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (object, key, NULL), value) == 0)
        return object;
    }
  return NULL;
}

/* One server's whole life through adeptctl --server: link, sync, define, make default,
 * assign, adopt a profile defined elsewhere; returns the profile defined. */
static char *
cli_flow (SyncTestSimulator *sim,
          const char        *server,
          const char        *dir)
{
  g_autofree char *cert_path = g_strdup_printf ("%s/%s.pem", dir, server);
  g_autofree char *profile_path = g_strdup_printf ("%s/%s.json", dir, server);
  g_autofree char *token_path = NULL;
  g_autofree char *out = NULL;
  g_autofree char *elsewhere = NULL;
  g_autoptr(JsonObject) defined = NULL;
  g_autoptr(JsonArray) profiles = NULL;
  g_autoptr(AdeptDepClient) other_mdm = NULL;
  g_auto(GStrv) serials = NULL;
  g_auto(GStrv) lines = NULL;
  JsonObject *row;
  const char *uuid;

  g_free (ctl (server, "key", "generate", NULL));
  g_free (ctl (server, "key", "export", "--out", cert_path, NULL));
  token_path = issue_token (sim, cert_path, dir);
  g_free (ctl (server, "token", "import", "--base-url", sim->base, token_path, NULL));
  g_free (ctl (server, "sync", NULL));
  out = ctl (server, "devices", "list", "--csv", NULL);
  lines = g_strsplit (out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), >, 3);
  serials = g_new0 (char *, 3);
  for (guint i = 0; i < 2; i++)
    serials[i] = g_strndup (lines[i + 1], strcspn (lines[i + 1], ","));
  g_clear_pointer (&out, g_free);

  g_assert_true (g_file_set_contents (profile_path, PROFILE_JSON, -1, NULL));
  out = ctl (server, "--json", "profiles", "define", profile_path, NULL);
  defined = adept_test_parse_object (out);
  uuid = json_object_get_string_member (defined, "profile_uuid");
  g_free (ctl (server, "profiles", "default", uuid, NULL));
  g_free (ctl (server, "assign", uuid, serials[0], serials[1], NULL));
  g_free (ctl (server, "sync", NULL));

  /* A profile another MDM defined on the same server in ABM, known here by its UUID. */
  other_mdm = sync_test_client_new (sim->base, sim->credentials);
  elsewhere = sync_test_define_profile (other_mdm, "Defined Elsewhere");
  g_free (ctl (server, "profiles", "adopt", elsewhere, NULL));

  g_clear_pointer (&out, g_free);
  out = ctl (server, "--json", "profiles", "list", NULL);
  profiles = parse_array (out);
  g_assert_cmpuint (json_array_get_length (profiles), ==, 2);
  row = find_member (profiles, "uuid", uuid);
  g_assert_nonnull (row);
  g_assert_true (json_object_get_boolean_member (row, "default"));
  g_assert_cmpint (json_object_get_int_member (row, "devices"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (row, "origin"), ==, "defined");
  row = find_member (profiles, "uuid", elsewhere);
  g_assert_nonnull (row);
  g_assert_false (json_object_get_boolean_member (row, "default"));
  g_assert_cmpstr (json_object_get_string_member (row, "origin"), ==, "adopted");
  g_assert_cmpstr (json_object_get_string_member (row, "name"), ==, "Defined Elsewhere");
  return g_strdup (uuid);
}

/* Two servers side by side, each on its own simulator, driven with --server only. */
static void
test_two_servers (void)
{
  g_autofree char *dir = adept_test_make_tmpdir ();
  g_autofree char *north = g_strdup_printf ("north-%d", (int) getpid ());
  g_autofree char *south = g_strdup_printf ("south-%d", (int) getpid ());
  g_autofree char *north_uuid = NULL;
  g_autofree char *south_uuid = NULL;
  g_autofree char *out = NULL;
  g_autoptr(JsonArray) servers = NULL;
  g_autoptr(JsonArray) profiles = NULL;
  const char * const north_args[] = { "--devices", "12", "--seed", "31", NULL };
  const char * const south_args[] = { "--devices", "20", "--seed", "32", NULL };
  SyncTestSimulator a = { 0 }, b = { 0 };
  JsonObject *row;

  sync_test_simulator_start (&a, NULL, north_args);
  sync_test_simulator_start (&b, NULL, south_args);
  north_uuid = cli_flow (&a, north, dir);
  south_uuid = cli_flow (&b, south, dir);

  /* Each its own devices and profiles. */
  out = ctl (north, "--json", "profiles", "list", NULL);
  profiles = parse_array (out);
  g_assert_nonnull (find_member (profiles, "uuid", north_uuid));
  g_assert_null (find_member (profiles, "uuid", south_uuid));
  g_clear_pointer (&out, g_free);
  out = ctl (north, "--json", "server", "list", NULL);
  servers = parse_array (out);
  row = find_member (servers, "server", north);
  g_assert_nonnull (row);
  g_assert_true (json_object_get_boolean_member (row, "linked"));
  g_assert_cmpint (json_object_get_int_member (row, "devices"), ==, 12);
  row = find_member (servers, "server", south);
  g_assert_nonnull (row);
  g_assert_cmpint (json_object_get_int_member (row, "devices"), ==, 20);

  /* Unlinked, each leaves the list; the other stays. */
  g_free (ctl (north, "unlink", "--yes", NULL));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&servers, json_array_unref);
  out = ctl (south, "--json", "server", "list", NULL);
  servers = parse_array (out);
  g_assert_null (find_member (servers, "server", north));
  g_assert_nonnull (find_member (servers, "server", south));
  g_free (ctl (south, "unlink", "--yes", NULL));

  sync_test_simulator_stop (&a);
  sync_test_simulator_stop (&b);
  adept_test_cleanup_dir (dir);
}

/* adeptctl sync --all --notify (the nightly timer): what the admin should hear of goes to
 * the desktop's notification server under the console's id, each event once. */
static gboolean
has_notifications (gpointer data)
{
  gpointer *args = data;

  return fake_notifications_get (args[0])->len >= GPOINTER_TO_UINT (args[1]);
}

static void
wait_notifications (FakeNotifications *fake,
                    guint              n)
{
  gpointer args[] = { fake, GUINT_TO_POINTER (n) };
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (!has_notifications (args))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static int
sync_all_notify (void)
{
  const char *argv[] = { g_getenv ("ADEPTCTL"), "sync", "--all", "--notify", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  return adept_test_run (argv, NULL, &out, &err);
}

static void
assert_notification (FakeNotifications *fake,
                     guint              index,
                     const char        *server,
                     const char        *kind,
                     const char        *title_part)
{
  FakeNotification *n = g_ptr_array_index (fake_notifications_get (fake), index);
  g_autofree char *id = g_strdup_printf ("%s:%s", server, kind);
  g_autoptr(GVariant) target = NULL;
  const char *target_server = NULL, *place = NULL;

  g_assert_cmpstr (n->app_id, ==, APP_ID);
  g_assert_cmpstr (n->id, ==, id);
  g_assert_nonnull (strstr (fake_notification_get_string (n, "title"), title_part));
  g_assert_nonnull (fake_notification_get_string (n, "body"));
  g_assert_cmpstr (fake_notification_get_string (n, "default-action"), ==, "app.show-server");
  target = g_variant_lookup_value (n->data, "default-action-target", G_VARIANT_TYPE ("(ss)"));
  g_assert_nonnull (target);
  g_variant_get (target, "(&s&s)", &target_server, &place);
  g_assert_cmpstr (target_server, ==, server);
  g_assert_cmpstr (place, ==, "settings");
}

static void
test_notify (void)
{
  g_autofree char *dir = adept_test_make_tmpdir ();
  g_autofree char *server = g_strdup_printf ("notify-%d", (int) getpid ());
  g_autofree char *cert_path = g_strdup_printf ("%s/%s.pem", dir, server);
  g_autofree char *token_path = NULL;
  g_autoptr(FakeNotifications) fake = fake_notifications_new ();
  g_autoptr(AdeptStore) store = NULL;
  g_autoptr(AdeptSession) session = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) soon = g_date_time_add (now, 5 * G_TIME_SPAN_DAY + G_TIME_SPAN_HOUR);
  g_autoptr(GError) error = NULL;
  const char * const args[] = { "--devices", "10", "--seed", "41", NULL };
  SyncTestSimulator sim = { 0 };
  AdeptServer *record;

  sync_test_simulator_start (&sim, NULL, args);
  g_free (ctl (server, "key", "generate", NULL));
  g_free (ctl (server, "key", "export", "--out", cert_path, NULL));
  token_path = issue_token (&sim, cert_path, dir);
  g_free (ctl (server, "token", "import", "--base-url", sim.base, token_path, NULL));

  /* The token expires in five days; the first sync fails. */
  store = adept_store_open (&error);
  g_assert_no_error (error);
  session = adept_session_new_for_id (server, NULL, store, &error);
  g_assert_no_error (error);
  record = adept_session_get_server (session);
  g_assert_true (adept_server_record_link (record, adept_server_get_server_fingerprint (record), soon,
                                           adept_server_get_token_name (record), NULL, &error));
  g_assert_no_error (error);
  g_free (sync_test_simulator_call (&sim, "POST", "/_adept/faults",
                                    "{\"endpoint\": \"*\", \"kind\": \"garbage\", \"body\": \"{\", \"count\": 50}"));
  g_assert_cmpint (sync_all_notify (), !=, 0);
  wait_notifications (fake, 2);
  assert_notification (fake, 0, server, "token-expires", "expires in 5 days");
  assert_notification (fake, 1, server, "sync-failed", "nightly sync");

  /* New terms the next night: told; the expiry is not told again. */
  g_free (sync_test_simulator_call (&sim, "DELETE", "/_adept/faults", NULL));
  g_free (sync_test_simulator_call (&sim, "POST", "/_adept/terms", "{\"required\": true}"));
  g_assert_cmpint (sync_all_notify (), !=, 0);
  wait_notifications (fake, 4);
  assert_notification (fake, 2, server, "terms", "New terms");
  assert_notification (fake, 3, server, "sync-failed", "nightly sync");
  /* A third night fails again: only that (were the expiry told again, it came first). */
  g_free (sync_test_simulator_call (&sim, "POST", "/_adept/terms", "{\"required\": false}"));
  g_free (sync_test_simulator_call (&sim, "POST", "/_adept/faults",
                                    "{\"endpoint\": \"*\", \"kind\": \"garbage\", \"body\": \"{\", \"count\": 50}"));
  g_assert_cmpint (sync_all_notify (), !=, 0);
  wait_notifications (fake, 5);
  assert_notification (fake, 4, server, "sync-failed", "nightly sync");

  g_free (sync_test_simulator_call (&sim, "DELETE", "/_adept/faults", NULL));
  g_free (ctl (server, "unlink", "--yes", NULL));
  sync_test_simulator_stop (&sim);
  adept_test_cleanup_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *xdg = adept_test_isolate_xdg ();
  int status;

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/session-cli/same-trace", test_same_trace);
  g_test_add_func ("/session-cli/two-servers", test_two_servers);
  g_test_add_func ("/session-cli/notify", test_notify);
  status = g_test_run ();
  adept_test_cleanup_dir (xdg);
  return status;
}
