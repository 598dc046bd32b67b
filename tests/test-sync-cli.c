/* test-sync-cli.c — adeptctl sync, devices list and journal against the simulator program,
 * linked through the real keyring
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>
#include <unistd.h>

#include "adept-error.h"
#include "adept-server.h"
#include "adept-store.h"
#include "adept-test-util.h"
#include "fake-desktop.h"
#include "sync-test-util.h"

#define N_DEVICES 300

static char *tmpdir;
/* Unique: the keyring is shared by the tests of one run. */
static char *server_id;
static SyncTestSimulator sim;

static int
ctl_valist (const char  *server,
            char       **out,
            char       **err,
            const char  *first,
            va_list      args)
{
  return adept_test_adeptctl_valist (NULL, server, out, err, first, args);
}

/* adeptctl --server SERVER ARGS… (NULL: no --server); returns the exit status. */
static int
ctl_on (const char  *server,
        char       **out,
        char       **err,
        const char  *first,
        ...) G_GNUC_NULL_TERMINATED;

static int
ctl_on (const char  *server,
        char       **out,
        char       **err,
        const char  *first,
        ...)
{
  va_list args;
  int status;

  va_start (args, first);
  status = ctl_valist (server, out, err, first, args);
  va_end (args);
  return status;
}

/* adeptctl --server <this test's server> ARGS…; returns the exit status. */
static int
ctl (char       **out,
     char       **err,
     const char  *first,
     ...) G_GNUC_NULL_TERMINATED;

static int
ctl (char       **out,
     char       **err,
     const char  *first,
     ...)
{
  va_list args;
  int status;

  va_start (args, first);
  status = ctl_valist (server_id, out, err, first, args);
  va_end (args);
  return status;
}


static void
link_with_simulator (void)
{
  sync_test_link_with_adeptctl (&sim, server_id, tmpdir);
}

static JsonNode *
parse (const char *json)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (json, &error);

  g_assert_no_error (error);
  return node;
}

static JsonArray *
truth_devices (JsonNode **keep)
{
  g_autofree char *state = sync_test_simulator_call (&sim, "GET", "/_adept/state", NULL);

  *keep = parse (state);
  return json_object_get_array_member (json_node_get_object (*keep), "devices");
}

static void
test_sync_and_list (void)
{
  g_autofree char *out = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *json = NULL;
  g_autofree char *quoted = NULL;
  g_autoptr(JsonNode) truth_root = NULL;
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(JsonNode) journal = NULL;
  g_autoptr(GHashTable) listed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto(GStrv) lines = NULL;
  JsonArray *truth;
  const char *edited;
  const char *formula;
  guint n_formula_rows = 0;
  guint n_empty = 0;

  link_with_simulator ();

  g_assert_cmpint (ctl (&out, NULL, "sync", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Page 1:"));
  g_assert_nonnull (strstr (out, G_STRINGIFY (N_DEVICES) " devices on the server."));

  /* A description with a comma and quotes must come out quoted as RFC 4180 says. */
  truth = truth_devices (&truth_root);
  edited = json_object_get_string_member (json_array_get_object_element (truth, 0), "serial_number");
  {
    g_autofree char *body = g_strdup_printf (
      "{\"serial\":\"%s\",\"fields\":{\"description\":\"Lab \\\"B\\\", shelf 2\"}}", edited);
    g_free (sync_test_simulator_call (&sim, "POST", "/_adept/devices/edit", body));
  }
  /* Fields a spreadsheet would run as formulas stay text. */
  formula = json_object_get_string_member (json_array_get_object_element (truth, 1), "serial_number");
  {
    g_autofree char *body = g_strdup_printf (
      "{\"serial\":\"%s\",\"fields\":{\"description\":\"=HYPERLINK(\\\"http://evil\\\",\\\"x\\\")\","
      "\"color\":\"@SUM(A1)\",\"asset_tag\":\"+1-2\",\"os\":\"-3\"}}", formula);
    g_free (sync_test_simulator_call (&sim, "POST", "/_adept/devices/edit", body));
  }
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (ctl (&out, NULL, "sync", NULL), ==, 0);

  g_assert_cmpint (ctl (&csv, NULL, "devices", "list", "--csv", NULL), ==, 0);
  lines = g_strsplit (csv, "\r\n", -1);
  g_assert_cmpstr (lines[0], ==,
                   "serial_number,model,description,color,asset_tag,os,device_family,profile_status,"
                   "profile_uuid,profile_assign_time,profile_push_time,device_assigned_date,"
                   "device_assigned_by,wifi_mac_address,bluetooth_mac_address,ethernet_mac_address,"
                   "imei,meid,eid,is_replacement_device,mdm_migration_deadline");
  g_assert_cmpuint (g_strv_length (lines), ==, N_DEVICES + 2);  /* header, rows, "" after the last CRLF */
  g_assert_cmpstr (lines[N_DEVICES + 1], ==, "");
  for (guint i = 1; i <= N_DEVICES; i++)
    {
      g_autofree char *serial = g_strndup (lines[i], strcspn (lines[i], ","));
      g_assert_true (g_hash_table_add (listed, g_steal_pointer (&serial)));
    }
  for (guint i = 0; i < json_array_get_length (truth); i++)
    g_assert_true (g_hash_table_contains (listed, json_object_get_string_member (
                     json_array_get_object_element (truth, i), "serial_number")));
  quoted = g_strdup_printf ("%s,", edited);
  for (guint i = 1; i <= N_DEVICES; i++)
    if (g_str_has_prefix (lines[i], quoted))
      g_assert_nonnull (strstr (lines[i], ",\"Lab \"\"B\"\", shelf 2\","));
  g_clear_pointer (&quoted, g_free);
  quoted = g_strdup_printf ("%s,", formula);
  for (guint i = 1; i <= N_DEVICES; i++)
    if (g_str_has_prefix (lines[i], quoted))
      {
        g_assert_nonnull (strstr (lines[i], ",\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",'@SUM(A1),'+1-2,'-3,"));
        n_formula_rows++;
      }
  g_assert_cmpuint (n_formula_rows, ==, 1);

  /* --status and --json */
  for (guint i = 0; i < json_array_get_length (truth); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (truth, i),
                                                    "profile_status"), "empty"))
      n_empty++;
  g_assert_cmpint (ctl (&json, NULL, "devices", "list", "--status", "empty", "--json", NULL), ==, 0);
  list = parse (json);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, n_empty);
  /* Printed device by device, and still the text json-glib makes of the whole list. */
  {
    g_autoptr(JsonGenerator) generator = json_generator_new ();
    g_autofree char *whole = NULL;
    g_autofree char *expected = NULL;

    json_generator_set_root (generator, list);
    json_generator_set_pretty (generator, TRUE);
    whole = json_generator_to_data (generator, NULL);
    expected = g_strconcat (whole, "\n", NULL);
    g_assert_cmpstr (json, ==, expected);
  }
  g_assert_cmpint (ctl (NULL, NULL, "devices", "list", "--status", "lost", NULL), ==, 2);
  g_assert_cmpint (ctl (NULL, NULL, "devices", "list", "--csv", "--json", NULL), ==, 2);

  /* The journal: a fetch, then a sync with the two modified devices. */
  g_clear_pointer (&json, g_free);
  g_assert_cmpint (ctl (&json, NULL, "journal", "--json", NULL), ==, 0);
  journal = parse (json);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (journal)), ==, 2);
  {
    JsonObject *newest = json_array_get_object_element (json_node_get_array (journal), 0);
    JsonObject *first = json_array_get_object_element (json_node_get_array (journal), 1);

    g_assert_cmpstr (json_object_get_string_member (newest, "kind"), ==, "sync");
    g_assert_cmpint (json_object_get_int_member (newest, "modified"), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (first, "kind"), ==, "fetch");
    g_assert_cmpint (json_object_get_int_member (first, "added"), ==, N_DEVICES);
  }
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (ctl (&out, NULL, "journal", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "fetch"));
}

static void
test_full_and_busy (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptStore) store = NULL;
  g_autoptr(AdeptStoreLock) lock = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonNode) entry = NULL;

  /* The console holds the sync lock of this server: adeptctl says so and exits 8. */
  store = adept_store_open (&error);
  g_assert_no_error (error);
  lock = adept_store_lock_server (store, server_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ctl (NULL, &err, "sync", NULL), ==, 8);
  g_assert_nonnull (strstr (err, adept_error_default_message (ADEPT_ERROR_SYNC_BUSY)));
  g_clear_pointer (&lock, adept_store_lock_release);

  g_assert_cmpint (ctl (&out, NULL, "sync", "--full", "--json", NULL), ==, 0);
  entry = parse (out);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (entry), "kind"), ==, "full");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (entry), "reason"), ==, "requested");
}

static gboolean
audit_has (GPtrArray  *entries,
           const char *action)
{
  for (guint i = 0; i < entries->len; i++)
    if (g_str_equal (((AdeptAuditEntry *) g_ptr_array_index (entries, i))->action, action))
      return TRUE;
  return FALSE;
}

/* Unlink forgets the server's local devices, profiles and journal with its secrets; the
 * audit log keeps what the admin did, linking and unlinking included. */
static void
test_unlink_forgets_local_data (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptStore) store = NULL;
  g_autoptr(GPtrArray) devices = NULL;
  g_autoptr(GPtrArray) journal = NULL;
  g_autoptr(GPtrArray) audit = NULL;

  store = adept_store_open (&error);
  g_assert_no_error (error);
  devices = adept_store_list_devices (store, server_id, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (devices->len, ==, N_DEVICES);
  g_clear_pointer (&devices, g_ptr_array_unref);

  g_assert_cmpint (ctl (NULL, NULL, "unlink", "--yes", NULL), ==, 0);

  devices = adept_store_list_devices (store, server_id, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (devices->len, ==, 0);
  journal = adept_store_list_journal (store, server_id, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (journal->len, ==, 0);
  audit = adept_store_list_audit (store, server_id, 100, &error);
  g_assert_no_error (error);
  g_assert_true (audit_has (audit, "key-generated"));
  g_assert_true (audit_has (audit, "linked"));
  g_assert_true (audit_has (audit, "unlinked"));
  /* Not linked any more: the verbs that need Apple say so. */
  g_assert_cmpint (ctl (NULL, NULL, "sync", NULL), ==, 3);
}

/* The arguments the installed timer's service gives adeptctl (data/adept-sync.service). */
static GStrv
service_arguments (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "..", "data",
                                            "adept-sync.service", NULL);
  g_autofree char *unit = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) words = NULL;

  g_assert_true (g_file_get_contents (path, &unit, NULL, NULL));
  lines = g_strsplit (unit, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "ExecStart="))
      {
        g_assert_true (g_shell_parse_argv (lines[i] + strlen ("ExecStart="), NULL, &words, NULL));
        g_assert_true (g_str_has_suffix (words[0], "/adeptctl"));
        return g_strdupv (words + 1);
      }
  g_error ("no ExecStart in %s", path);
}

static guint
journal_length (AdeptStore *store,
                const char *server)
{
  g_autoptr(GPtrArray) runs = adept_store_list_journal (store, server, 0, NULL);

  return runs->len;
}

/* The nightly timer's command syncs every linked server, one after another, each with its
 * own journal row; a server that cannot be reached fails alone and the exit status says so. */
static void
test_sync_all (void)
{
  const char * const args[] = { "--devices", "40", "--seed", "9", NULL };
  g_autofree char *second = g_strdup_printf ("second-%d", (int) getpid ());
  g_autofree char *gone = g_strdup_printf ("gone-%d", (int) getpid ());
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptStore) store = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(JsonNode) runs = NULL;
  g_autoptr(JsonNode) listed = NULL;
  g_auto(GStrv) service = service_arguments ();
  /* The timer's --notify tells the shell of the failed run: a notification server to hear it. */
  g_autoptr(FakeNotifications) notifications = fake_notifications_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  SyncTestSimulator sim2 = { 0 }, sim3 = { 0 };
  guint before_first, before_second;
  int status;

  /* The timer's run also tells the desktop what needs the admin (--notify). */
  g_assert_cmpstrv (service, ((const char * const []) { "sync", "--all", "--notify", NULL }));

  link_with_simulator ();
  sync_test_simulator_start (&sim2, NULL, args);
  sync_test_link_with_adeptctl (&sim2, second, tmpdir);
  sync_test_simulator_start (&sim3, NULL, args);
  sync_test_link_with_adeptctl (&sim3, gone, tmpdir);
  sync_test_simulator_stop (&sim3);
  /* Its server is gone. Not at the stopped simulator's own port: another test's server may
   * take that one meanwhile and answer. */
  {
    g_autoptr(AdeptServer) server = adept_server_new (gone);
    g_autofree char *refused = adept_test_refused_url ();

    g_assert_true (adept_server_load (server, &error));
    g_assert_true (adept_server_set_base_url (server, refused, &error));
    g_assert_no_error (error);
  }

  /* Several servers and none named "default": a verb without --server refuses, naming
   * them; "server list" shows them. */
  g_assert_cmpint (ctl_on (NULL, NULL, &err, "sync", NULL), ==, 1);
  g_assert_nonnull (strstr (err, second));
  g_assert_cmpint (ctl_on (NULL, &out, NULL, "--json", "server", "list", NULL), ==, 0);
  listed = parse (out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (listed)), ==, 3);
  g_clear_pointer (&out, g_free);

  store = adept_store_open (&error);
  g_assert_no_error (error);
  before_first = journal_length (store, server_id);
  before_second = journal_length (store, second);

  g_ptr_array_add (argv, (gpointer) g_getenv ("ADEPTCTL"));
  g_ptr_array_add (argv, (gpointer) "--json");
  for (guint i = 0; service[i] != NULL; i++)
    g_ptr_array_add (argv, service[i]);
  g_ptr_array_add (argv, NULL);
  status = adept_test_run ((const char * const *) argv->pdata, NULL, &out, &err);
  g_test_message ("sync --all → %d %s", status, err);

  /* The unreachable one failed with a network error (6); the others synced. */
  g_assert_cmpint (status, ==, 6);
  /* The failed background sync reached the desktop (the fake answers from this process's
   * main context, once adeptctl is gone). */
  {
    gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

    while (fake_notifications_get (notifications)->len == 0 &&
           g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, FALSE);
    g_assert_cmpuint (fake_notifications_get (notifications)->len, >=, 1);
  }
  runs = parse (out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (runs)), ==, 3);
  g_assert_cmpuint (journal_length (store, server_id), ==, before_first + 1);
  g_assert_cmpuint (journal_length (store, second), ==, before_second + 1);
  g_assert_cmpuint (journal_length (store, gone), ==, 1);
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *run = json_array_get_object_element (json_node_get_array (runs), i);
      const char *server = json_object_get_string_member (run, "server");

      if (g_str_equal (server, gone))
        g_assert_cmpstr (json_object_get_string_member (run, "error_code"), ==, "network");
      else
        g_assert_false (json_object_has_member (run, "error_code"));
    }
  g_assert_cmpuint (adept_store_count_devices (store, second, NULL), ==, 40);

  g_assert_cmpint (ctl_on (second, NULL, NULL, "unlink", "--yes", NULL), ==, 0);
  g_assert_cmpint (ctl_on (gone, NULL, NULL, "unlink", "--yes", NULL), ==, 0);
  sync_test_simulator_stop (&sim2);
}

int
main (int    argc,
      char **argv)
{
  const char * const args[] = { "--devices", G_STRINGIFY (N_DEVICES), "--seed", "5", NULL };
  int ret;

  g_test_init (&argc, &argv, NULL);
  tmpdir = adept_test_isolate_xdg ();
  server_id = g_strdup_printf ("sync-cli-%d", (int) getpid ());
  sync_test_simulator_start (&sim, NULL, args);

  g_test_add_func ("/sync-cli/sync-and-list", test_sync_and_list);
  g_test_add_func ("/sync-cli/full-and-busy", test_full_and_busy);
  g_test_add_func ("/sync-cli/unlink-forgets-local-data", test_unlink_forgets_local_data);
  g_test_add_func ("/sync-cli/sync-all", test_sync_all);
  ret = g_test_run ();

  sync_test_simulator_stop (&sim);
  adept_test_cleanup_dir (tmpdir);
  g_free (tmpdir);
  g_free (server_id);
  return ret;
}
