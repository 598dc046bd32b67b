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
#include "adept-store.h"
#include "adept-test-util.h"
#include "sync-test-util.h"

#define N_DEVICES 300

static char *tmpdir;
/* Unique: the keyring is shared by the tests of one run. */
static char *server_id;
static SyncTestSimulator sim;

/* adeptctl ARGS…; returns the exit status. */
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
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *local_err = NULL;
  va_list args;
  int status;

  g_ptr_array_add (argv, (gpointer) g_getenv ("ADEPTCTL"));
  g_ptr_array_add (argv, (gpointer) "--server");
  g_ptr_array_add (argv, server_id);
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  status = adept_test_run ((const char * const *) argv->pdata, NULL, out, &local_err);
  g_test_message ("adeptctl %s → %d %s", first, status, local_err);
  if (err != NULL)
    *err = g_steal_pointer (&local_err);
  return status;
}

/* As a new user: key pair, public key to "ABM" (the simulator), token back, import. */
static void
link_with_simulator (void)
{
  g_autofree char *cert = g_build_filename (tmpdir, "adept.pem", NULL);
  g_autofree char *token_file = g_build_filename (tmpdir, "Simulator_Token_smime.p7m", NULL);
  g_autofree char *pem = NULL;
  g_autofree char *token = NULL;

  g_assert_cmpint (ctl (NULL, NULL, "key", "generate", NULL), ==, 0);
  g_assert_cmpint (ctl (NULL, NULL, "key", "export", "--out", cert, NULL), ==, 0);
  g_assert_true (g_file_get_contents (cert, &pem, NULL, NULL));
  token = sync_test_simulator_call (&sim, "POST", "/_adept/token", pem);
  g_assert_true (g_file_set_contents (token_file, token, -1, NULL));
  g_assert_cmpint (ctl (NULL, NULL, "token", "import", token_file, "--base-url", sim.base, NULL), ==, 0);
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
  ret = g_test_run ();

  sync_test_simulator_stop (&sim);
  adept_test_cleanup_dir (tmpdir);
  g_free (tmpdir);
  g_free (server_id);
  return ret;
}
