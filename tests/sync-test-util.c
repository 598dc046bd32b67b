/* sync-test-util.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "adept-oauth-authenticator.h"
#include "adept-test-util.h"
#include "sync-test-util.h"

AdeptDepClient *
sync_test_client_new (const char *base_url,
                      const char *credentials_json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(AdeptOAuthAuthenticator) auth = NULL;
  g_autoptr(GError) error = NULL;
  AdeptOAuth1Credentials credentials;
  AdeptDepClient *client;
  JsonObject *object;

  json_parser_load_from_data (parser, credentials_json, -1, &error);
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));
  credentials.consumer_key = json_object_get_string_member (object, "consumer_key");
  credentials.consumer_secret = json_object_get_string_member (object, "consumer_secret");
  credentials.token = json_object_get_string_member (object, "access_token");
  credentials.token_secret = json_object_get_string_member (object, "access_secret");

  auth = adept_oauth_authenticator_new (&credentials);
  client = adept_dep_client_new (base_url, ADEPT_AUTHENTICATOR (auth), &error);
  g_assert_no_error (error);
  /* The simulator answers at once; a failing test should not wait for backoffs. */
  adept_dep_client_set_retry_policy (client, 1, 10, 1000);
  return client;
}

GAsyncResult *
sync_test_wait (GAsyncResult **slot)
{
  adept_test_wait_result (slot);
  return *slot;
}

AdeptJournalEntry *
sync_test_run (AdeptSyncEngine  *engine,
               AdeptSyncFlags    flags,
               GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  adept_sync_engine_sync_async (engine, flags, NULL, adept_test_store_result, &result);
  return adept_sync_engine_sync_finish (engine, sync_test_wait (&result), error);
}

char *
sync_test_define_profile (AdeptDepClient *client,
                          const char     *name)
{
  g_autoptr(AdeptDepProfile) profile = adept_dep_profile_new ();
  g_autoptr(AdeptDeviceResults) results = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  adept_dep_profile_set_profile_name (profile, name);
  adept_dep_profile_set_url (profile, "https://mdm.example.com/enroll");
  adept_dep_client_define_profile_async (client, profile, NULL, adept_test_store_result, &result);
  results = adept_dep_client_define_profile_finish (client, sync_test_wait (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (adept_device_results_get_profile_uuid (results));
  return g_strdup (adept_device_results_get_profile_uuid (results));
}

void
sync_test_set_profile (AdeptDepClient     *client,
                       const char         *profile_uuid,
                       const char * const *serials)
{
  g_autoptr(AdeptDeviceResults) results = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  if (profile_uuid != NULL)
    {
      adept_dep_client_assign_profile_async (client, profile_uuid, serials, NULL, adept_test_store_result, &result);
      results = adept_dep_client_assign_profile_finish (client, sync_test_wait (&result), &error);
    }
  else
    {
      adept_dep_client_remove_profile_async (client, serials, NULL, adept_test_store_result, &result);
      results = adept_dep_client_remove_profile_finish (client, sync_test_wait (&result), &error);
    }
  g_assert_no_error (error);
  g_assert_cmpuint (adept_device_results_count (results, ADEPT_DEVICE_RESULT_SUCCESS), ==,
                    g_strv_length ((char **) serials));
}

static void
assert_same_text (const char *serial,
                  const char *field,
                  const char *stored,
                  const char *truth)
{
  if (g_strcmp0 (stored ? stored : "", truth ? truth : "") != 0)
    g_error ("%s: %s is “%s” in the store but “%s” at the server", serial, field,
             stored ? stored : "", truth ? truth : "");
}

static void
assert_same_time (const char *serial,
                  const char *field,
                  gint64      stored,
                  gint64      truth)
{
  if (stored != truth)
    g_error ("%s: %s is %" G_GINT64_FORMAT " in the store but %" G_GINT64_FORMAT " at the server",
             serial, field, stored, truth);
}

/* NULL (absent) and an empty list differ. */
static void
assert_same_list (const char         *serial,
                  const char         *field,
                  const char * const *stored,
                  const char * const *truth)
{
  g_autofree char *a = stored != NULL ? g_strjoinv (",", (char **) stored) : NULL;
  g_autofree char *b = truth != NULL ? g_strjoinv (",", (char **) truth) : NULL;

  if (g_strcmp0 (a, b) != 0)
    g_error ("%s: %s is %s in the store but %s at the server", serial, field,
             a ? a : "absent", b ? b : "absent");
}

/* What protocol 8 and 10 added. */
static void
assert_same_recent_fields (AdeptDevice *stored,
                           AdeptDevice *truth)
{
  const char *serial = adept_device_get_serial_number (truth);

  assert_same_text (serial, "wifi_mac_address", adept_device_get_wifi_mac_address (stored),
                    adept_device_get_wifi_mac_address (truth));
  assert_same_text (serial, "bluetooth_mac_address", adept_device_get_bluetooth_mac_address (stored),
                    adept_device_get_bluetooth_mac_address (truth));
  assert_same_text (serial, "ethernet_mac_address", adept_device_get_ethernet_mac_address (stored),
                    adept_device_get_ethernet_mac_address (truth));
  assert_same_text (serial, "eid", adept_device_get_eid (stored), adept_device_get_eid (truth));
  assert_same_list (serial, "imei", adept_device_get_imei (stored), adept_device_get_imei (truth));
  assert_same_list (serial, "meid", adept_device_get_meid (stored), adept_device_get_meid (truth));
  assert_same_time (serial, "is_replacement_device", adept_device_get_is_replacement_device (stored),
                    adept_device_get_is_replacement_device (truth));
  assert_same_time (serial, "mdm_migration_deadline", adept_device_get_mdm_migration_deadline (stored),
                    adept_device_get_mdm_migration_deadline (truth));
}

static void
assert_same_device (AdeptDevice *stored,
                    AdeptDevice *truth)
{
  const char *serial = adept_device_get_serial_number (truth);

  assert_same_text (serial, "model", adept_device_get_model (stored), adept_device_get_model (truth));
  assert_same_text (serial, "description", adept_device_get_description (stored),
                    adept_device_get_description (truth));
  assert_same_text (serial, "color", adept_device_get_color (stored), adept_device_get_color (truth));
  assert_same_text (serial, "asset_tag", adept_device_get_asset_tag (stored),
                    adept_device_get_asset_tag (truth));
  assert_same_text (serial, "os", adept_device_get_os (stored), adept_device_get_os (truth));
  assert_same_text (serial, "device_family", adept_device_get_device_family (stored),
                    adept_device_get_device_family (truth));
  assert_same_text (serial, "profile_status",
                    adept_profile_status_to_string (adept_device_get_profile_status (stored)),
                    adept_profile_status_to_string (adept_device_get_profile_status (truth)));
  assert_same_text (serial, "profile_uuid", adept_device_get_profile_uuid (stored),
                    adept_device_get_profile_uuid (truth));
  assert_same_time (serial, "profile_assign_time", adept_device_get_profile_assign_time (stored),
                    adept_device_get_profile_assign_time (truth));
  assert_same_time (serial, "profile_push_time", adept_device_get_profile_push_time (stored),
                    adept_device_get_profile_push_time (truth));
  assert_same_time (serial, "device_assigned_date", adept_device_get_device_assigned_date (stored),
                    adept_device_get_device_assigned_date (truth));
  assert_same_text (serial, "device_assigned_by", adept_device_get_device_assigned_by (stored),
                    adept_device_get_device_assigned_by (truth));
  assert_same_recent_fields (stored, truth);
}

AdeptAssignAttempt *
sync_test_last_attempt (AdeptStore *store,
                        const char *server_id,
                        const char *serial)
{
  g_autoptr(GPtrArray) attempts = adept_store_list_assign_attempts (store, server_id, serial, NULL);

  g_assert_nonnull (attempts);
  g_assert_cmpuint (attempts->len, >, 0);
  return adept_assign_attempt_copy (g_ptr_array_index (attempts, attempts->len - 1));
}

guint
sync_test_assert_store_matches (AdeptStore *store,
                                const char *server_id,
                                const char *truth_json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) stored = NULL;
  g_autoptr(GHashTable) by_serial = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  JsonArray *devices;
  guint n;

  json_parser_load_from_data (parser, truth_json, -1, &error);
  g_assert_no_error (error);
  devices = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                          "devices");
  n = json_array_get_length (devices);

  stored = adept_store_list_devices (store, server_id, -1, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < stored->len; i++)
    g_hash_table_insert (by_serial,
                         (gpointer) adept_device_get_serial_number (stored->pdata[i]),
                         stored->pdata[i]);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AdeptDevice) truth = adept_device_new_from_json (json_array_get_object_element (devices, i),
                                                                 &error);
      AdeptDevice *mine;

      g_assert_no_error (error);
      mine = g_hash_table_lookup (by_serial, adept_device_get_serial_number (truth));
      if (mine == NULL)
        g_error ("%s is at the server but not in the store", adept_device_get_serial_number (truth));
      assert_same_device (mine, truth);
    }
  if (stored->len != n)
    g_error ("the store has %u current devices, the server %u", stored->len, n);
  return n;
}

static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

void
sync_test_simulator_start (SyncTestSimulator  *sim,
                           const char         *program,
                           const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;

  if (program == NULL)
    program = g_getenv ("ADEPT_DEPSIM");
  g_assert_nonnull (program);
  g_ptr_array_add (argv, (gpointer) program);
  for (guint i = 0; args != NULL && args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, (gpointer) "--accept-depsim-credentials");
  g_ptr_array_add (argv, NULL);

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  sim->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (sim->process));
  sim->base = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (sim->base, "http://127.0.0.1:"));

  sim->http = soup_session_new ();
  sim->credentials = sync_test_simulator_call (sim, "GET", "/token", NULL);
  g_strdelimit (sim->credentials, "\r\n", ' ');
}

void
sync_test_simulator_stop (SyncTestSimulator *sim)
{
  g_subprocess_send_signal (sim->process, SIGTERM);
  g_subprocess_wait (sim->process, NULL, NULL);
  g_clear_object (&sim->process);
  g_clear_object (&sim->http);
  g_clear_pointer (&sim->base, g_free);
  g_clear_pointer (&sim->credentials, g_free);
}

char *
sync_test_simulator_call (SyncTestSimulator *sim,
                          const char        *method,
                          const char        *path,
                          const char        *json)
{
  g_autofree char *url = g_strconcat (sim->base, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;

  if (json != NULL)
    {
      g_autoptr(GBytes) body = g_bytes_new (json, strlen (json));
      soup_message_set_request_body_from_bytes (msg, "application/json", body);
    }
  reply = soup_session_send_and_read (sim->http, msg, NULL, &error);
  g_assert_no_error (error);
  if (soup_message_get_status (msg) != 200)
    g_error ("%s %s: %u %.*s", method, path, soup_message_get_status (msg),
             (int) g_bytes_get_size (reply), (const char *) g_bytes_get_data (reply, NULL));
  return g_strndup (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply));
}

static int
adeptctl (const char *server,
          const char *first,
          ...) G_GNUC_NULL_TERMINATED;

static int
adeptctl (const char *server,
          const char *first,
          ...)
{
  va_list args;
  int status;

  va_start (args, first);
  status = adept_test_adeptctl_valist (NULL, server, NULL, NULL, first, args);
  va_end (args);
  return status;
}

void
sync_test_link_with_adeptctl (SyncTestSimulator *sim,
                              const char        *server,
                              const char        *workdir)
{
  g_autofree char *cert = g_build_filename (workdir, "adept.pem", NULL);
  g_autofree char *token_file = g_build_filename (workdir, "Simulator_Token_smime.p7m", NULL);
  g_autofree char *pem = NULL;
  g_autofree char *token = NULL;

  g_assert_cmpint (adeptctl (server, "key", "generate", NULL), ==, 0);
  g_assert_cmpint (adeptctl (server, "key", "export", "--out", cert, NULL), ==, 0);
  g_assert_true (g_file_get_contents (cert, &pem, NULL, NULL));
  token = sync_test_simulator_call (sim, "POST", "/_adept/token", pem);
  g_assert_true (g_file_set_contents (token_file, token, -1, NULL));
  g_assert_cmpint (adeptctl (server, "token", "import", token_file, "--base-url", sim->base,
                             NULL), ==, 0);
}
