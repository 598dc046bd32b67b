/* sync-test-util.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>

#include "adept-oauth-authenticator.h"
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

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

AdeptJournalEntry *
sync_test_run (AdeptSyncEngine  *engine,
               AdeptSyncFlags    flags,
               GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  adept_sync_engine_sync_async (engine, flags, NULL, store_result, &result);
  return adept_sync_engine_sync_finish (engine, wait_for (&result), error);
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
  adept_dep_client_define_profile_async (client, profile, NULL, store_result, &result);
  results = adept_dep_client_define_profile_finish (client, wait_for (&result), &error);
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
      adept_dep_client_assign_profile_async (client, profile_uuid, serials, NULL, store_result, &result);
      results = adept_dep_client_assign_profile_finish (client, wait_for (&result), &error);
    }
  else
    {
      adept_dep_client_remove_profile_async (client, serials, NULL, store_result, &result);
      results = adept_dep_client_remove_profile_finish (client, wait_for (&result), &error);
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
