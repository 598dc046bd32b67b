/* test-dep-client.c — Adept's DEP client against the simulator over 127.0.0.1: every
 * endpoint and every error path of issue 3
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "adept-basic-authenticator.h"
#include "adept-dep-client.h"
#include "adept-depsim.h"
#include "adept-error.h"
#include "adept-oauth-authenticator.h"
#include "adept-secret.h"
#include "adept-test-util.h"

#define N_DEVICES 250
#define SEED 7

typedef struct {
  AdeptDepsim             *sim;
  AdeptOAuthAuthenticator *auth;
  AdeptDepClient          *client;
  char                    *credentials[5]; /* NULL-terminated */
} Fixture;

/* ---- Fixture ---- */

static void
read_credentials (Fixture    *f,
                  const char *json)
{
  g_autoptr(JsonObject) object = adept_test_parse_object (json);
  const char *names[] = { "consumer_key", "consumer_secret", "access_token", "access_secret" };

  for (guint i = 0; i < 4; i++)
    {
      adept_secret_free (f->credentials[i]);
      f->credentials[i] = g_strdup (json_object_get_string_member (object, names[i]));
    }
}

static AdeptDepClient *
make_client (Fixture                 *f,
             AdeptOAuthAuthenticator *auth)
{
  g_autoptr(GError) error = NULL;
  AdeptDepClient *client;

  client = adept_dep_client_new (adept_depsim_get_base_url (f->sim), ADEPT_AUTHENTICATOR (auth), &error);
  g_assert_no_error (error);
  /* Fast retries so the error paths take milliseconds; the bounds stay the same. */
  adept_dep_client_set_retry_policy (client, 4, 5, 10000);
  return client;
}

static AdeptOAuthAuthenticator *
make_authenticator (Fixture *f)
{
  AdeptOAuth1Credentials credentials = {
    f->credentials[0], f->credentials[1], f->credentials[2], f->credentials[3],
  };

  return adept_oauth_authenticator_new (&credentials);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptSecret) payload = NULL;

  f->sim = adept_depsim_new (SEED, N_DEVICES);
  adept_depsim_start (f->sim, 0, &error);
  g_assert_no_error (error);
  payload = adept_depsim_issue_credentials (f->sim);
  read_credentials (f, payload);
  f->auth = make_authenticator (f);
  f->client = make_client (f, f->auth);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->client);
  g_assert_finalize_object (f->auth);
  adept_depsim_stop (f->sim);
  g_clear_object (&f->sim);
  for (guint i = 0; i < 4; i++)
    adept_secret_free (f->credentials[i]);
}

/* ---- Blocking forms of the calls, for readable tests ---- */

static AdeptDepAccount *
get_account (AdeptDepClient  *client,
             GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  adept_dep_client_get_account_async (client, NULL, adept_test_store_result, &result);
  adept_test_wait_result (&result);
  return adept_dep_client_get_account_finish (client, result, error);
}

static AdeptFetchPage *
fetch (Fixture     *f,
       const char  *cursor,
       guint        limit,
       GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  adept_dep_client_fetch_devices_async (f->client, cursor, limit, NULL, adept_test_store_result, &result);
  adept_test_wait_result (&result);
  return adept_dep_client_fetch_devices_finish (f->client, result, error);
}

static AdeptFetchPage *
sync_devices (Fixture     *f,
              const char  *cursor,
              GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  adept_dep_client_sync_devices_async (f->client, cursor, 0, NULL, adept_test_store_result, &result);
  adept_test_wait_result (&result);
  return adept_dep_client_sync_devices_finish (f->client, result, error);
}

static AdeptDeviceResults *
details (Fixture             *f,
         const char * const  *serials,
         GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  adept_dep_client_get_device_details_async (f->client, serials, NULL, adept_test_store_result, &result);
  adept_test_wait_result (&result);
  return adept_dep_client_get_device_details_finish (f->client, result, error);
}

static AdeptDeviceResults *
define_profile (Fixture          *f,
                AdeptDepProfile  *profile,
                GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  adept_dep_client_define_profile_async (f->client, profile, NULL, adept_test_store_result, &result);
  adept_test_wait_result (&result);
  return adept_dep_client_define_profile_finish (f->client, result, error);
}

static AdeptDepProfile *
get_profile (Fixture     *f,
             const char  *uuid,
             GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  adept_dep_client_get_profile_async (f->client, uuid, NULL, adept_test_store_result, &result);
  adept_test_wait_result (&result);
  return adept_dep_client_get_profile_finish (f->client, result, error);
}

static AdeptDeviceResults *
assign (Fixture             *f,
        const char          *uuid,
        const char * const  *serials,
        GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  adept_dep_client_assign_profile_async (f->client, uuid, serials, NULL, adept_test_store_result, &result);
  adept_test_wait_result (&result);
  return adept_dep_client_assign_profile_finish (f->client, result, error);
}

static AdeptDeviceResults *
unassign (Fixture             *f,
          const char * const  *serials,
          GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  adept_dep_client_remove_profile_async (f->client, serials, NULL, adept_test_store_result, &result);
  adept_test_wait_result (&result);
  return adept_dep_client_remove_profile_finish (f->client, result, error);
}

static AdeptDeviceResults *
disown (Fixture             *f,
        const char * const  *serials,
        GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  adept_dep_client_disown_devices_async (f->client, serials, NULL, adept_test_store_result, &result);
  adept_test_wait_result (&result);
  return adept_dep_client_disown_devices_finish (f->client, result, error);
}

static void
add_fault (Fixture              *f,
           const char           *endpoint,
           AdeptDepsimFaultKind  kind,
           guint                 status,
           const char           *body,
           guint                 retry_after,
           guint                 count)
{
  AdeptDepsimFault fault = { endpoint, kind, status, body, retry_after, 0, count };

  adept_depsim_add_fault (f->sim, &fault);
}

static void
assert_account_ok (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptDepAccount) account = get_account (f->client, &error);

  g_assert_no_error (error);
  g_assert_nonnull (account);
}

static void
assert_account_fails (Fixture *f,
                      int      code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptDepAccount) account = get_account (f->client, &error);

  g_assert_error (error, ADEPT_ERROR, code);
  g_assert_null (account);
}

/* Every device on the server, page by page; returns the last cursor. */
static char *
fetch_all (Fixture    *f,
           guint       limit,
           GHashTable *serials,
           guint      *n_pages)
{
  g_autofree char *cursor = NULL;
  gboolean more = TRUE;

  *n_pages = 0;
  while (more)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(AdeptFetchPage) page = fetch (f, cursor, limit, &error);
      GPtrArray *devices;

      g_assert_no_error (error);
      devices = adept_fetch_page_get_devices (page);
      g_assert_cmpuint (devices->len, <=, limit);
      for (guint i = 0; i < devices->len; i++)
        {
          AdeptDevice *device = g_ptr_array_index (devices, i);

          g_assert_nonnull (adept_device_get_model (device));
          g_assert_true (g_hash_table_add (serials, g_strdup (adept_device_get_serial_number (device))));
        }
      g_free (cursor);
      cursor = g_strdup (adept_fetch_page_get_cursor (page));
      more = adept_fetch_page_get_more_to_follow (page);
      (*n_pages)++;
    }
  return g_steal_pointer (&cursor);
}

/* ---- Endpoints ---- */

static void
test_authenticator_from_token (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(AdeptSecret) payload = adept_depsim_issue_credentials (f->sim);
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptServerToken) token = adept_server_token_new_from_json (payload, &error);
  g_autoptr(AdeptOAuthAuthenticator) auth = NULL;
  g_autoptr(AdeptDepClient) client = NULL;
  g_autoptr(AdeptDepAccount) account = NULL;

  g_assert_no_error (error);
  auth = adept_oauth_authenticator_new_for_token (token);
  client = make_client (f, auth);
  account = get_account (client, &error);
  g_assert_no_error (error);
  g_assert_nonnull (adept_dep_account_get_server_uuid (account));
  /* The fixture's client holds the token this one replaced. */
  assert_account_fails (f, ADEPT_ERROR_TOKEN_REJECTED);
}

static void
test_account (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptDepAccount) account = get_account (f->client, &error);
  guint def = 0, max = 0;

  g_assert_no_error (error);
  g_assert_nonnull (adept_dep_account_get_server_name (account));
  g_assert_cmpuint (strlen (adept_dep_account_get_server_uuid (account)), >=, 16);
  g_assert_nonnull (adept_dep_account_get_org_name (account));
  g_assert_nonnull (adept_dep_account_get_admin_id (account));
  g_assert_true (adept_dep_account_get_limit (account, "/server/devices", &def, &max));
  g_assert_cmpuint (max, ==, 1000);
  g_assert_true (adept_oauth_authenticator_has_session (f->auth));
  g_assert_cmpuint (adept_depsim_get_sessions_opened (f->sim), ==, 1);

  /* The session is reused, not reopened per call. */
  g_clear_object (&account);
  account = get_account (f->client, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (adept_depsim_get_sessions_opened (f->sim), ==, 1);
  g_assert_cmpuint (adept_depsim_get_request_count (f->sim, "/account"), ==, 2);
}

static void
test_fetch_then_sync (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto(GStrv) truth = adept_depsim_dup_serials (f->sim);
  g_auto(GStrv) added = NULL;
  g_autofree char *cursor = NULL;
  g_autoptr(AdeptFetchPage) page = NULL;
  g_autoptr(GError) error = NULL;
  guint n_pages = 0;

  cursor = fetch_all (f, 100, seen, &n_pages);
  g_assert_cmpuint (n_pages, ==, 3);
  g_assert_cmpuint (g_hash_table_size (seen), ==, N_DEVICES);
  g_assert_cmpuint (g_strv_length (truth), ==, N_DEVICES);
  for (guint i = 0; truth[i] != NULL; i++)
    g_assert_true (g_hash_table_contains (seen, truth[i]));

  /* A cursor that returned everything: fetch refuses it, sync takes it. */
  page = fetch (f, cursor, 0, &error);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_CURSOR_EXHAUSTED);
  g_assert_null (page);
  g_clear_error (&error);

  page = sync_devices (f, cursor, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (page)), ==, 0);
  g_assert_false (adept_fetch_page_get_more_to_follow (page));
  g_free (cursor);
  cursor = g_strdup (adept_fetch_page_get_cursor (page));
  g_clear_object (&page);

  added = adept_depsim_add_devices (f->sim, 3, TRUE);
  g_assert_true (adept_depsim_edit_device (f->sim, truth[0], "asset_tag", "TAG-1", &error));
  g_assert_no_error (error);
  page = sync_devices (f, cursor, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (page)), ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      AdeptDevice *device = g_ptr_array_index (adept_fetch_page_get_devices (page), i);

      if (g_str_equal (adept_device_get_serial_number (device), truth[0]))
        {
          g_assert_cmpint (adept_device_get_op_type (device), ==, ADEPT_OP_TYPE_MODIFIED);
          g_assert_cmpstr (adept_device_get_asset_tag (device), ==, "TAG-1");
        }
      else
        {
          g_assert_true (g_strv_contains ((const char * const *) added, adept_device_get_serial_number (device)));
          g_assert_cmpint (adept_device_get_op_type (device), ==, ADEPT_OP_TYPE_ADDED);
        }
      g_assert_cmpint (adept_device_get_op_date (device), >, 0);
    }
}

static void
test_cursor_errors (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(AdeptFetchPage) first = NULL;
  g_autoptr(AdeptFetchPage) page = NULL;
  g_autoptr(GError) error = NULL;

  page = sync_devices (f, "bm90IGEgY3Vyc29y", &error);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_CURSOR_INVALID);
  g_clear_error (&error);

  first = fetch (f, NULL, 1000, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (first)), ==, N_DEVICES);

  adept_depsim_advance_clock (f->sim, 8 * 24 * 60 * 60);
  page = sync_devices (f, adept_fetch_page_get_cursor (first), &error);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_CURSOR_EXPIRED);
  g_assert_null (page);
}

static void
test_device_details (Fixture       *f,
                     gconstpointer  data)
{
  g_auto(GStrv) truth = adept_depsim_dup_serials (f->sim);
  const char *serials[] = { truth[0], truth[1], "NOTAREALSERIAL", NULL };
  g_autoptr(AdeptDeviceResults) results = NULL;
  g_autoptr(GError) error = NULL;
  AdeptDevice *device;

  results = details (f, serials, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (adept_device_results_get_n_results (results), ==, 3);
  g_assert_cmpint (adept_device_results_get_result (results, truth[0]), ==, ADEPT_DEVICE_RESULT_SUCCESS);
  device = adept_device_results_get_device (results, truth[1]);
  g_assert_nonnull (device);
  g_assert_cmpstr (adept_device_get_serial_number (device), ==, truth[1]);
  g_assert_nonnull (adept_device_get_device_family (device));
  g_assert_null (adept_device_results_get_device (results, "NOTAREALSERIAL"));
  g_assert_cmpint (adept_device_results_get_result (results, "NOTAREALSERIAL"), !=, ADEPT_DEVICE_RESULT_SUCCESS);
}

static AdeptDepProfile *
sample_profile (const char * const *devices)
{
  g_autoptr(AdeptDepProfile) profile = adept_dep_profile_new ();
  const char *skip[] = { "Location", "Restore", "Siri", NULL };

  adept_dep_profile_set_profile_name (profile, "Staff iPads");
  adept_dep_profile_set_url (profile, "https://mdm.example.com/enroll");
  adept_dep_profile_set_is_supervised (profile, TRUE);
  adept_dep_profile_set_is_mdm_removable (profile, FALSE);
  adept_dep_profile_set_allow_pairing (profile, FALSE);
  adept_dep_profile_set_department (profile, "IT");
  adept_dep_profile_set_support_email_address (profile, "help@example.com");
  adept_dep_profile_set_language (profile, "en");
  adept_dep_profile_set_region (profile, "US");
  adept_dep_profile_set_skip_setup_items (profile, skip);
  adept_dep_profile_set_devices (profile, devices);
  return g_steal_pointer (&profile);
}

static char *
define_sample (Fixture            *f,
               const char * const *devices)
{
  g_autoptr(AdeptDepProfile) profile = sample_profile (devices);
  g_autoptr(AdeptDeviceResults) results = NULL;
  g_autoptr(GError) error = NULL;

  results = define_profile (f, profile, &error);
  g_assert_no_error (error);
  g_assert_nonnull (adept_device_results_get_profile_uuid (results));
  return g_strdup (adept_device_results_get_profile_uuid (results));
}

static void
test_profiles (Fixture       *f,
               gconstpointer  data)
{
  g_auto(GStrv) truth = adept_depsim_dup_serials (f->sim);
  const char *devices[] = { truth[0], NULL };
  g_autoptr(AdeptDepProfile) profile = sample_profile (devices);
  g_autoptr(AdeptDepProfile) fetched = NULL;
  g_autoptr(AdeptDeviceResults) results = NULL;
  g_autoptr(AdeptDeviceResults) state = NULL;
  g_autoptr(GError) error = NULL;
  const char *uuid;

  results = define_profile (f, profile, &error);
  g_assert_no_error (error);
  uuid = adept_device_results_get_profile_uuid (results);
  g_assert_nonnull (uuid);
  g_assert_cmpint (adept_device_results_get_result (results, truth[0]), ==, ADEPT_DEVICE_RESULT_SUCCESS);

  fetched = get_profile (f, uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (adept_dep_profile_get_profile_name (fetched), ==, "Staff iPads");
  g_assert_cmpstr (adept_dep_profile_get_url (fetched), ==, "https://mdm.example.com/enroll");
  g_assert_false (adept_dep_profile_get_allow_pairing (fetched));
  g_assert_false (adept_dep_profile_get_is_mdm_removable (fetched));
  g_assert_true (adept_dep_profile_get_is_supervised (fetched));
  g_assert_cmpstrv (adept_dep_profile_get_skip_setup_items (fetched),
                    ((const char * const []) { "Location", "Restore", "Siri", NULL }));
  g_assert_cmpstr (adept_dep_profile_get_profile_uuid (fetched), ==, uuid);

  /* Defining with devices assigned them. */
  state = details (f, devices, &error);
  g_assert_no_error (error);
  g_assert_cmpint (adept_device_get_profile_status (adept_device_results_get_device (state, truth[0])),
                   ==, ADEPT_PROFILE_STATUS_ASSIGNED);
  g_assert_cmpstr (adept_device_get_profile_uuid (adept_device_results_get_device (state, truth[0])), ==, uuid);

  g_clear_object (&fetched);
  fetched = get_profile (f, "0000000000000000DEADBEEF00000000", &error);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_NOT_FOUND);
  g_assert_null (fetched);
}

static AdeptDevice *
device_now (Fixture    *f,
            const char *serial)
{
  const char *serials[] = { serial, NULL };
  g_autoptr(AdeptDeviceResults) results = NULL;
  g_autoptr(GError) error = NULL;

  results = details (f, serials, &error);
  g_assert_no_error (error);
  return g_object_ref (adept_device_results_get_device (results, serial));
}

static void
test_assign_and_remove (Fixture       *f,
                        gconstpointer  data)
{
  g_auto(GStrv) truth = adept_depsim_dup_serials (f->sim);
  const char *three[] = { truth[0], truth[1], truth[2], NULL };
  const char *second[] = { truth[1], NULL };
  const char *first[] = { truth[0], NULL };
  g_autofree char *uuid = define_sample (f, NULL);
  g_autoptr(AdeptDeviceResults) results = NULL;
  g_autoptr(AdeptDevice) device = NULL;
  g_autoptr(GError) error = NULL;

  results = assign (f, uuid, three, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (adept_device_results_count (results, ADEPT_DEVICE_RESULT_SUCCESS), ==, 3);
  g_assert_cmpstr (adept_device_results_get_profile_uuid (results), ==, uuid);
  device = device_now (f, truth[2]);
  g_assert_cmpint (adept_device_get_profile_status (device), ==, ADEPT_PROFILE_STATUS_ASSIGNED);
  g_assert_cmpint (adept_device_get_profile_assign_time (device), >, 0);
  g_clear_object (&device);

  g_assert_cmpuint (adept_depsim_activate_devices (f->sim, first, &error), ==, 1);
  device = device_now (f, truth[0]);
  g_assert_cmpint (adept_device_get_profile_status (device), ==, ADEPT_PROFILE_STATUS_PUSHED);
  g_clear_object (&device);

  g_clear_object (&results);
  results = unassign (f, second, &error);
  g_assert_no_error (error);
  g_assert_cmpint (adept_device_results_get_result (results, truth[1]), ==, ADEPT_DEVICE_RESULT_SUCCESS);
  device = device_now (f, truth[1]);
  g_assert_cmpint (adept_device_get_profile_status (device), ==, ADEPT_PROFILE_STATUS_REMOVED);
}

/* The body is written without a JSON tree: serials that need escaping (quote, backslash,
 * control characters, non-ASCII) reach the server as they are and come back in its answer
 * under the same names. */
static void
test_assign_escaped_serials (Fixture       *f,
                             gconstpointer  data)
{
  g_auto(GStrv) truth = adept_depsim_dup_serials (f->sim);
  const char *odd[] = { "Q\"UOTE", "BACK\\SLASH", "TAB\tNL\nCTL\x01", "ÜNICODE€", NULL };
  const char *serials[] = { truth[0], odd[0], odd[1], odd[2], odd[3], truth[1], NULL };
  g_autofree char *uuid = define_sample (f, NULL);
  g_autoptr(AdeptDeviceResults) results = NULL;
  g_autoptr(GError) error = NULL;

  results = assign (f, uuid, serials, &error);
  g_assert_no_error (error);
  g_assert_cmpint (adept_device_results_get_result (results, truth[0]), ==, ADEPT_DEVICE_RESULT_SUCCESS);
  g_assert_cmpint (adept_device_results_get_result (results, truth[1]), ==, ADEPT_DEVICE_RESULT_SUCCESS);
  for (guint i = 0; odd[i] != NULL; i++)
    {
      g_assert_true (adept_device_results_contains (results, odd[i]));
      g_assert_cmpint (adept_device_results_get_result (results, odd[i]), ==,
                       ADEPT_DEVICE_RESULT_NOT_ACCESSIBLE);
    }
}

static void
test_assign_batch_limit (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GPtrArray) serials = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(AdeptDeviceResults) results = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < ADEPT_DEP_MAX_BATCH + 1; i++)
    g_ptr_array_add (serials, g_strdup_printf ("SERIAL%05u", i));
  g_ptr_array_add (serials, NULL);

  results = assign (f, "C1F123098EB5074580041E69883004C3", (const char * const *) serials->pdata, &error);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_BAD_REQUEST);
  g_assert_null (results);
  g_clear_error (&error);
  results = unassign (f, (const char * const *) serials->pdata, &error);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_BAD_REQUEST);
  /* Refused before anything was sent. */
  g_assert_cmpuint (adept_depsim_get_request_count (f->sim, "/profile/devices"), ==, 0);
  g_assert_cmpuint (adept_depsim_get_sessions_opened (f->sim), ==, 0);
}

static void
test_throttled_devices (Fixture       *f,
                        gconstpointer  data)
{
  g_auto(GStrv) truth = adept_depsim_dup_serials (f->sim);
  const char *five[] = { truth[0], truth[1], truth[2], truth[3], truth[4], NULL };
  g_autofree char *uuid = define_sample (f, NULL);
  g_autoptr(AdeptDeviceResults) results = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) later = NULL;

  adept_depsim_set_assign_throttle (f->sim, 2, 90);
  results = assign (f, uuid, five, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (adept_device_results_count (results, ADEPT_DEVICE_RESULT_SUCCESS), ==, 2);
  g_assert_cmpuint (adept_device_results_count (results, ADEPT_DEVICE_RESULT_THROTTLED), ==, 3);
  g_assert_cmpint (adept_device_results_get_retry_after_seconds (results), ==, 90);
  later = adept_device_results_dup_serials (results, ADEPT_DEVICE_RESULT_THROTTLED);
  g_assert_cmpuint (g_strv_length (later), ==, 3);

  adept_depsim_set_assign_throttle (f->sim, 0, 0);
  adept_depsim_set_assign_result (f->sim, truth[5], "FAILED", 1, 0);
  g_clear_object (&results);
  results = assign (f, uuid, (const char * const []) { truth[5], truth[6], NULL }, &error);
  g_assert_no_error (error);
  g_assert_cmpint (adept_device_results_get_result (results, truth[5]), ==, ADEPT_DEVICE_RESULT_FAILED);
  g_assert_cmpint (adept_device_results_get_result (results, truth[6]), ==, ADEPT_DEVICE_RESULT_SUCCESS);
  g_assert_cmpint (adept_device_results_get_retry_after_seconds (results), ==, 0);
}

static void
test_disown (Fixture       *f,
             gconstpointer  data)
{
  g_auto(GStrv) truth = adept_depsim_dup_serials (f->sim);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(AdeptDeviceResults) results = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  guint n_pages;

  results = disown (f, (const char * const []) { truth[3], NULL }, &error);
  g_assert_no_error (error);
  g_assert_cmpint (adept_device_results_get_result (results, truth[3]), ==, ADEPT_DEVICE_RESULT_SUCCESS);

  cursor = fetch_all (f, 1000, seen, &n_pages);
  g_assert_cmpuint (g_hash_table_size (seen), ==, N_DEVICES - 1);
  g_assert_false (g_hash_table_contains (seen, truth[3]));
}

static void
assert_validation (Fixture         *f,
                   AdeptDepProfile *profile,
                   const char      *code,
                   const char      *field)
{
  g_autoptr(AdeptDeviceResults) results = NULL;
  g_autoptr(GError) error = NULL;

  results = define_profile (f, profile, &error);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_VALIDATION);
  g_assert_cmpstr (adept_error_get_apple_code (error), ==, code);
  g_assert_cmpstr (adept_error_get_field (error), ==, field);
  g_assert_null (results);
}

static void
test_validation (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(AdeptDepProfile) profile = sample_profile (NULL);
  guint defines;

  adept_dep_profile_set_url (profile, "not a url");
  assert_validation (f, profile, "CONFIG_URL_INVALID", "url");
  adept_dep_profile_set_url (profile, "https://mdm.example.com/enroll");
  adept_dep_profile_set_profile_name (profile, NULL);
  assert_validation (f, profile, "CONFIG_NAME_REQUIRED", "profile_name");
  adept_dep_profile_set_profile_name (profile, "Staff");
  adept_dep_profile_set_is_supervised (profile, FALSE);
  assert_validation (f, profile, "FLAGS_INVALID", "is_mdm_removable");
  adept_dep_profile_set_is_supervised (profile, TRUE);
  adept_dep_profile_set_support_email_address (profile, "not an address");
  assert_validation (f, profile, "SUPPORT_EMAIL_INVALID", "support_email_address");
  adept_dep_profile_set_support_email_address (profile, NULL);
  adept_dep_profile_set_language (profile, "english");
  assert_validation (f, profile, "LOCALE_INVALID", "language");

  /* 4xx are answers, not accidents: never retried. */
  defines = adept_depsim_get_request_count (f->sim, "/profile");
  g_assert_cmpuint (defines, ==, 5);
}

/* ---- Sessions ---- */

static void
test_session_expiry_mid_run (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(AdeptFetchPage) first = NULL;
  g_autoptr(AdeptFetchPage) second = NULL;
  g_autoptr(AdeptFetchPage) third = NULL;
  g_autoptr(GError) error = NULL;

  first = fetch (f, NULL, 100, &error);
  g_assert_no_error (error);
  adept_depsim_expire_sessions (f->sim);
  second = fetch (f, adept_fetch_page_get_cursor (first), 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (adept_depsim_get_sessions_opened (f->sim), ==, 2);

  /* A stale session the simulator forgot (a restart) answers 403 FORBIDDEN. */
  add_fault (f, "/server/devices", ADEPT_DEPSIM_FAULT_STATUS, 403, "\"FORBIDDEN\"", 0, 1);
  third = fetch (f, adept_fetch_page_get_cursor (second), 100, &error);
  g_assert_no_error (error);
  g_assert_false (adept_fetch_page_get_more_to_follow (third));
  g_assert_cmpuint (adept_depsim_get_sessions_opened (f->sim), ==, 3);
  /* Three pages, one of them sent twice. */
  g_assert_cmpuint (adept_depsim_get_request_count (f->sim, "/server/devices"), ==, 5);
}

static void
test_replay_only_once (Fixture       *f,
                       gconstpointer  data)
{
  assert_account_ok (f);
  add_fault (f, "/account", ADEPT_DEPSIM_FAULT_STATUS, 401, "UNAUTHORIZED", 0, 5);
  assert_account_fails (f, ADEPT_ERROR_AUTH_FAILED);
  g_assert_cmpuint (adept_depsim_get_request_count (f->sim, "/account"), ==, 3);
  g_assert_cmpuint (adept_depsim_get_sessions_opened (f->sim), ==, 2);
}

static void
test_concurrent_calls_share_a_session (Fixture       *f,
                                       gconstpointer  data)
{
  GAsyncResult *results[3] = { NULL, };

  for (guint i = 0; i < 3; i++)
    adept_dep_client_get_account_async (f->client, NULL, adept_test_store_result, &results[i]);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(AdeptDepAccount) account = NULL;
      g_autoptr(GError) error = NULL;

      adept_test_wait_result (&results[i]);
      account = adept_dep_client_get_account_finish (f->client, results[i], &error);
      g_assert_no_error (error);
      g_clear_object (&results[i]);
    }
  g_assert_cmpuint (adept_depsim_get_sessions_opened (f->sim), ==, 1);
}

static void
test_terms_then_accepted (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(AdeptOAuthAuthenticator) fresh_auth = make_authenticator (f);
  g_autoptr(AdeptDepClient) fresh = make_client (f, fresh_auth);
  g_autoptr(AdeptDepAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  assert_account_ok (f);
  adept_depsim_set_terms_required (f->sim, TRUE);
  assert_account_fails (f, ADEPT_ERROR_TERMS_NOT_SIGNED);
  /* Not a stale session: no new one was asked for. */
  g_assert_cmpuint (adept_depsim_get_sessions_opened (f->sim), ==, 1);
  /* Also when the refusal comes from GET /session. */
  account = get_account (fresh, &error);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_TERMS_NOT_SIGNED);
  g_clear_error (&error);

  adept_depsim_set_terms_required (f->sim, FALSE);
  assert_account_ok (f);
  account = get_account (fresh, &error);
  g_assert_no_error (error);
}

static void
test_revoked_and_replaced_token (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(AdeptSecret) payload = NULL;

  assert_account_ok (f);
  /* ABM issued a new token: the old one is rejected. */
  payload = adept_depsim_issue_credentials (f->sim);
  assert_account_fails (f, ADEPT_ERROR_TOKEN_REJECTED);

  read_credentials (f, payload);
  {
    g_autoptr(AdeptOAuthAuthenticator) auth = make_authenticator (f);
    g_autoptr(AdeptDepClient) client = make_client (f, auth);
    g_autoptr(AdeptDepAccount) account = NULL;
    g_autoptr(GError) error = NULL;

    account = get_account (client, &error);
    g_assert_no_error (error);
    g_clear_object (&account);

    adept_depsim_revoke_token (f->sim);
    account = get_account (client, &error);
    g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_TOKEN_REJECTED);
  }
}

/* ---- A recording proxy, to see the headers the client really sends ---- */

typedef struct {
  SoupServer  *server;
  SoupSession *session;
  char        *target;
  char        *base_url;
  GPtrArray   *sent_sessions;    /* X-ADM-Auth-Session of each request ("" none) */
  GPtrArray   *rotated_sessions; /* the header of each answer ("" none) */
  GPtrArray   *user_agents;
  GPtrArray   *versions;
} Proxy;

typedef struct {
  Proxy             *proxy;
  SoupServerMessage *msg;
} Forward;

static void
record (GPtrArray  *list,
        const char *value)
{
  g_ptr_array_add (list, g_strdup (value ? value : ""));
}

static void
forwarded_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Forward *forward = user_data;
  SoupMessage *upstream = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, NULL);
  SoupMessageHeaders *out = soup_server_message_get_response_headers (forward->msg);
  SoupMessageHeaders *in = soup_message_get_response_headers (upstream);
  const char *rotated = soup_message_headers_get_one (in, "X-ADM-Auth-Session");
  const char *retry_after = soup_message_headers_get_one (in, "Retry-After");

  record (forward->proxy->rotated_sessions, rotated);
  soup_server_message_set_status (forward->msg, soup_message_get_status (upstream), NULL);
  /* In lower case, as HTTP/2 front ends send every name: the client must not care. */
  if (rotated != NULL)
    soup_message_headers_replace (out, "x-adm-auth-session", rotated);
  if (retry_after != NULL)
    soup_message_headers_replace (out, "Retry-After", retry_after);
  soup_server_message_set_response (forward->msg, soup_message_headers_get_content_type (in, NULL),
                                    SOUP_MEMORY_COPY,
                                    body ? g_bytes_get_data (body, NULL) : "",
                                    body ? g_bytes_get_size (body) : 0);
  soup_server_message_unpause (forward->msg);
  g_object_unref (forward->msg);
  g_free (forward);
}

static void
proxy_handler (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  Proxy *proxy = user_data;
  SoupMessageHeaders *in = soup_server_message_get_request_headers (msg);
  GUri *uri = soup_server_message_get_uri (msg);
  g_autofree char *url = g_strconcat (proxy->target, path,
                                      g_uri_get_query (uri) ? "?" : "",
                                      g_uri_get_query (uri) ? g_uri_get_query (uri) : "", NULL);
  g_autoptr(SoupMessage) upstream = soup_message_new (soup_server_message_get_method (msg), url);
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  SoupMessageHeaders *out = soup_message_get_request_headers (upstream);
  /* Host too: the OAuth signature covers the URL the client saw. */
  const char *names[] = { "Host", "Authorization", "X-ADM-Auth-Session", "User-Agent", "Content-Type",
                          "Accept", "X-Server-Protocol-Version" };
  Forward *forward = g_new0 (Forward, 1);

  record (proxy->sent_sessions, soup_message_headers_get_one (in, "X-ADM-Auth-Session"));
  record (proxy->user_agents, soup_message_headers_get_one (in, "User-Agent"));
  record (proxy->versions, soup_message_headers_get_one (in, "X-Server-Protocol-Version"));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      const char *value = soup_message_headers_get_one (in, names[i]);

      if (value != NULL)
        soup_message_headers_replace (out, names[i], value);
    }
  if (g_bytes_get_size (body) > 0)
    soup_message_set_request_body_from_bytes (upstream, soup_message_headers_get_content_type (in, NULL), body);

  forward->proxy = proxy;
  forward->msg = g_object_ref (msg);
  soup_server_message_pause (msg);
  soup_session_send_and_read_async (proxy->session, upstream, G_PRIORITY_DEFAULT, NULL, forwarded_cb, forward);
}

static Proxy *
proxy_new (const char *target)
{
  Proxy *proxy = g_new0 (Proxy, 1);
  g_autoptr(GError) error = NULL;
  GSList *uris;

  proxy->target = g_strdup (target);
  proxy->session = soup_session_new ();
  proxy->server = soup_server_new (NULL, NULL);
  proxy->sent_sessions = g_ptr_array_new_with_free_func (g_free);
  proxy->rotated_sessions = g_ptr_array_new_with_free_func (g_free);
  proxy->user_agents = g_ptr_array_new_with_free_func (g_free);
  proxy->versions = g_ptr_array_new_with_free_func (g_free);
  soup_server_add_handler (proxy->server, NULL, proxy_handler, proxy, NULL);
  soup_server_listen_local (proxy->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (proxy->server);
  proxy->base_url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return proxy;
}

static void
proxy_free (Proxy *proxy)
{
  soup_server_disconnect (proxy->server);
  g_object_unref (proxy->server);
  g_object_unref (proxy->session);
  g_ptr_array_unref (proxy->sent_sessions);
  g_ptr_array_unref (proxy->rotated_sessions);
  g_ptr_array_unref (proxy->user_agents);
  g_ptr_array_unref (proxy->versions);
  g_free (proxy->target);
  g_free (proxy->base_url);
  g_free (proxy);
}

static AdeptDepClient *
client_through (Proxy                   *proxy,
                AdeptOAuthAuthenticator *auth)
{
  g_autoptr(GError) error = NULL;
  AdeptDepClient *client = adept_dep_client_new (proxy->base_url, ADEPT_AUTHENTICATOR (auth), &error);

  g_assert_no_error (error);
  return client;
}

static void
test_rotation_and_headers (Fixture       *f,
                           gconstpointer  data)
{
  Proxy *proxy = proxy_new (adept_depsim_get_base_url (f->sim));
  g_autoptr(AdeptDepClient) client = client_through (proxy, f->auth);
  g_autofree char *log = NULL;
  guint rotations = 0;

  adept_depsim_set_session_rotation (f->sim, 2);
  for (guint i = 0; i < 6; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(AdeptDepAccount) account = get_account (client, &error);

      g_assert_no_error (error);
    }

  /* GET /session, then six calls. */
  g_assert_cmpuint (proxy->sent_sessions->len, ==, 7);
  for (guint i = 0; i + 1 < proxy->rotated_sessions->len; i++)
    {
      const char *rotated = g_ptr_array_index (proxy->rotated_sessions, i);

      if (*rotated == '\0')
        continue;
      rotations++;
      /* The very next call uses the new session. */
      g_assert_cmpstr (g_ptr_array_index (proxy->sent_sessions, i + 1), ==, rotated);
    }
  g_assert_cmpuint (rotations, >=, 2);
  g_assert_cmpuint (adept_depsim_get_sessions_opened (f->sim), ==, 1);

  for (guint i = 0; i < proxy->user_agents->len; i++)
    {
      g_assert_cmpstr (g_ptr_array_index (proxy->user_agents, i), ==, "Adept/" PACKAGE_VERSION);
      g_assert_cmpstr (g_ptr_array_index (proxy->versions, i), ==, ADEPT_DEP_PROTOCOL_VERSION);
    }

  /* Secrets never reach a log line, even with every debug message on. */
  log = adept_test_dup_captured_log ();
  for (guint i = 0; i < proxy->sent_sessions->len; i++)
    {
      const char *session = g_ptr_array_index (proxy->sent_sessions, i);

      if (*session != '\0')
        adept_test_assert_no_secret ("log", log, strlen (log),
                                     (const char * const []) { session, NULL });
    }
  adept_test_assert_no_secret ("log", log, strlen (log), (const char * const *) f->credentials);
  /* …and the capture did see the client's debug messages. */
  g_assert_nonnull (strstr (log, "GET /account: HTTP 200"));
  g_assert_nonnull (strstr (log, "Apple rotated the session"));
  g_clear_object (&client);
  proxy_free (proxy);
}

/* ---- Transport failures and retries ---- */

static void
test_retry_after_503 (Fixture       *f,
                      gconstpointer  data)
{
  gint64 start;

  assert_account_ok (f);
  add_fault (f, "/account", ADEPT_DEPSIM_FAULT_STATUS, 503, "SERVICE_UNAVAILABLE", 1, 1);
  start = g_get_monotonic_time ();
  assert_account_ok (f);
  /* Retry-After: 1 was honoured, not the 5 ms backoff of this test's policy. */
  g_assert_cmpint (g_get_monotonic_time () - start, >=, G_USEC_PER_SEC);
  g_assert_cmpuint (adept_depsim_get_request_count (f->sim, "/account"), ==, 3);
}

static void
test_too_many_requests (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(AdeptDepAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  assert_account_ok (f);
  add_fault (f, "/account", ADEPT_DEPSIM_FAULT_STATUS, 429, "TOO_MANY_REQUESTS", 0, 2);
  assert_account_ok (f);
  g_assert_cmpuint (adept_depsim_get_request_count (f->sim, "/account"), ==, 4);

  /* Bounded in count: 1 + 4 retries, then THROTTLED. */
  add_fault (f, "/account", ADEPT_DEPSIM_FAULT_STATUS, 429, "TOO_MANY_REQUESTS", 0, 100);
  assert_account_fails (f, ADEPT_ERROR_THROTTLED);
  g_assert_cmpuint (adept_depsim_get_request_count (f->sim, "/account"), ==, 9);

  /* Bounded in time: a 1 s Retry-After fits a 1.5 s budget once, not twice; the caller
   * learns how long Apple asked to wait. */
  adept_dep_client_set_retry_policy (f->client, 4, 5, 1500);
  adept_depsim_clear_faults (f->sim);
  add_fault (f, "/account", ADEPT_DEPSIM_FAULT_STATUS, 429, "TOO_MANY_REQUESTS", 1, 100);
  account = get_account (f->client, &error);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_THROTTLED);
  g_assert_cmpint (adept_error_get_retry_after (error), ==, 1);
  g_assert_cmpuint (adept_depsim_get_request_count (f->sim, "/account"), ==, 11);
}

static void
test_client_errors_not_retried (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(AdeptDepAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  add_fault (f, "/account", ADEPT_DEPSIM_FAULT_STATUS, 400, "\"MALFORMED_REQUEST_BODY\"", 0, 1);
  account = get_account (f->client, &error);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_BAD_REQUEST);
  g_assert_cmpstr (adept_error_get_apple_code (error), ==, "MALFORMED_REQUEST_BODY");
  g_assert_cmpuint (adept_depsim_get_request_count (f->sim, "/account"), ==, 1);
  g_clear_error (&error);

  add_fault (f, "/account", ADEPT_DEPSIM_FAULT_STATUS, 403, "ACCESS_DENIED", 0, 1);
  assert_account_fails (f, ADEPT_ERROR_ACCESS_DENIED);
  g_assert_cmpuint (adept_depsim_get_request_count (f->sim, "/account"), ==, 2);
  g_assert_cmpuint (adept_depsim_get_sessions_opened (f->sim), ==, 1);
}

static void
test_dropped_connection (Fixture       *f,
                         gconstpointer  data)
{
  guint before;

  assert_account_ok (f);
  add_fault (f, "/account", ADEPT_DEPSIM_FAULT_DROP, 0, NULL, 0, 1);
  assert_account_ok (f);
  g_assert_cmpuint (adept_depsim_get_request_count (f->sim, "/account"), >=, 3);

  before = adept_depsim_get_request_count (f->sim, "/account");
  add_fault (f, "/account", ADEPT_DEPSIM_FAULT_DROP, 0, NULL, 0, 1000);
  assert_account_fails (f, ADEPT_ERROR_NETWORK);
  /* At least the first try and four retries; libsoup may add its own resend of a reused
   * connection, but the bound holds. */
  g_assert_cmpuint (adept_depsim_get_request_count (f->sim, "/account") - before, >=, 5);
  g_assert_cmpuint (adept_depsim_get_request_count (f->sim, "/account") - before, <=, 10);
}

static void
test_nothing_listening (Fixture       *f,
                        gconstpointer  data)
{
  /* Not the simulator's own address once stopped: another test's server may take that
   * port meanwhile. */
  g_autofree char *url = adept_test_refused_url ();
  g_autoptr(AdeptDepClient) client = NULL;
  g_autoptr(AdeptDepAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  client = adept_dep_client_new (url, ADEPT_AUTHENTICATOR (f->auth), &error);
  g_assert_no_error (error);
  adept_dep_client_set_retry_policy (client, 2, 5, 1000);
  account = get_account (client, &error);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_NETWORK);
}

static void
test_malformed_json (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(AdeptFetchPage) page = NULL;
  g_autoptr(GError) error = NULL;

  add_fault (f, "/account", ADEPT_DEPSIM_FAULT_GARBAGE, 0, NULL, 0, 1);
  assert_account_fails (f, ADEPT_ERROR_MALFORMED_RESPONSE);
  g_assert_cmpuint (adept_depsim_get_request_count (f->sim, "/account"), ==, 1);

  add_fault (f, "/server/devices", ADEPT_DEPSIM_FAULT_GARBAGE, 0, NULL, 0, 1);
  page = fetch (f, NULL, 10, &error);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_MALFORMED_RESPONSE);
}

static void
test_oversize_body (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(AdeptFetchPage) page = NULL;
  g_autoptr(GError) error = NULL;

  adept_dep_client_set_max_response_size (f->client, 4096);
  page = fetch (f, NULL, 100, &error);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_RESPONSE_TOO_LARGE);
  g_assert_null (page);
  g_clear_error (&error);

  /* Small answers still pass under the cap. */
  page = fetch (f, NULL, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (page)), ==, 2);
}

static void
test_insecure_url (Fixture       *f,
                   gconstpointer  data)
{
  const char *refused[] = { "http://mdmenrollment.apple.com", "http://10.1.2.3:8080", "http://[::2]/" };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(AdeptDepClient) client = adept_dep_client_new (refused[i], ADEPT_AUTHENTICATOR (f->auth), &error);

      g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_INSECURE_URL);
      g_assert_null (client);
    }
}

/* Issue #16 defect 6: a server trickling a byte now and then kept a call (and a sync with
 * its lock) alive for ten minutes. The whole call has a deadline. */
static void
test_deadline (Fixture       *f,
               gconstpointer  data)
{
  AdeptTestTrickle *trickle = adept_test_trickle_start (100);
  g_autoptr(AdeptBasicAuthenticator) auth = adept_basic_authenticator_new ("depserver", "key");
  g_autoptr(AdeptDepClient) client = NULL;
  g_autoptr(AdeptDepAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  client = adept_dep_client_new (adept_test_trickle_get_url (trickle), ADEPT_AUTHENTICATOR (auth), &error);
  g_assert_no_error (error);
  adept_dep_client_set_deadline (client, 2);
  account = get_account (client, &error);
  g_assert_null (account);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "stopped answering"));
  g_assert_nonnull (strstr (error->message, "within 2 seconds"));
  g_assert_nonnull (strstr (error->message, adept_test_trickle_get_url (trickle)));
  /* It was trickling all along, so no I/O timeout could have ended it. */
  g_assert_cmpuint (adept_test_trickle_get_n_bytes (trickle), >=, 5);
  adept_test_trickle_stop (trickle);

  /* The deadline does not touch a call that answers in time. */
  adept_dep_client_set_deadline (f->client, 2);
  assert_account_ok (f);
}

/* Issue 16 soak: a kept-alive connection closed before the answer made libsoup send the
 * PUT again by itself, with its body already read: the assignment went out empty and was
 * refused (PROFILE_UUID_REQUIRED), so devices never got the default profile. */
static void
test_dropped_connection_keeps_body (Fixture       *f,
                                    gconstpointer  data)
{
  g_auto(GStrv) truth = adept_depsim_dup_serials (f->sim);
  const char *devices[] = { truth[0], truth[1], NULL };
  g_autofree char *uuid = define_sample (f, NULL);
  g_autoptr(AdeptDeviceResults) results = NULL;
  g_autoptr(GError) error = NULL;

  /* The connection the profile was defined on is kept alive; the next request on it is
   * dropped after it was read. */
  add_fault (f, "/profile/devices", ADEPT_DEPSIM_FAULT_DROP, 0, NULL, 0, 1);
  results = assign (f, uuid, devices, &error);
  g_assert_no_error (error);
  for (guint i = 0; devices[i] != NULL; i++)
    g_assert_cmpint (adept_device_results_get_result (results, devices[i]), ==, ADEPT_DEVICE_RESULT_SUCCESS);
  g_assert_cmpuint (adept_depsim_get_request_count (f->sim, "/profile/devices"), ==, 2);
}

/* https:// to the plain-HTTP simulator waited 60 s, then said "could not be reached". */
static void
test_https_to_plain_http (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *url = NULL;
  g_autoptr(AdeptDepClient) client = NULL;
  g_autoptr(AdeptDepAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_str_has_prefix (adept_depsim_get_base_url (f->sim), "http://"));
  url = g_strconcat ("https://", adept_depsim_get_base_url (f->sim) + strlen ("http://"), NULL);
  client = adept_dep_client_new (url, ADEPT_AUTHENTICATOR (f->auth), &error);
  g_assert_no_error (error);
  /* The simulator waits for the end of a request that never comes: the handshake never
   * ends (a plain server that answers 400 ends it at once). */
  adept_dep_client_set_handshake_timeout (client, 2);
  account = get_account (client, &error);
  g_assert_null (account);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_TLS);
  g_assert_nonnull (strstr (error->message, "did not answer with TLS"));
  g_assert_nonnull (strstr (error->message, url));
  /* Said once: a server that is not TLS is not asked again. */
  g_assert_cmpuint (adept_depsim_get_request_count (f->sim, "/session"), ==, 0);
}

static void
test_cancellation (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GCancellable) waiting = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(AdeptDepAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  AdeptDepsimFault slow = { "/account", ADEPT_DEPSIM_FAULT_DELAY, 0, NULL, 0, 20000, 1 };
  gint64 start;

  /* Cancelled while the answer is slow to come. */
  assert_account_ok (f);
  adept_depsim_add_fault (f->sim, &slow);
  start = g_get_monotonic_time ();
  adept_dep_client_get_account_async (f->client, cancellable, adept_test_store_result, &result);
  while (adept_depsim_get_request_count (f->sim, "/account") < 2)
    g_main_context_iteration (NULL, TRUE);
  g_cancellable_cancel (cancellable);
  adept_test_wait_result (&result);
  account = adept_dep_client_get_account_finish (f->client, result, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
  g_clear_error (&error);
  g_clear_object (&result);

  /* Cancelled while waiting out a Retry-After of a minute. */
  adept_depsim_clear_faults (f->sim);
  add_fault (f, "/account", ADEPT_DEPSIM_FAULT_STATUS, 503, "", 60, 1);
  adept_dep_client_set_retry_policy (f->client, 4, 5, 120000);
  start = g_get_monotonic_time ();
  adept_dep_client_get_account_async (f->client, waiting, adept_test_store_result, &result);
  while (adept_depsim_get_request_count (f->sim, "/account") < 3)
    g_main_context_iteration (NULL, TRUE);
  g_cancellable_cancel (waiting);
  adept_test_wait_result (&result);
  account = adept_dep_client_get_account_finish (f->client, result, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 30 * G_USEC_PER_SEC);
  g_clear_error (&error);
  g_clear_object (&result);

  /* Cancelled before it started. */
  adept_dep_client_get_account_async (f->client, cancellable, adept_test_store_result, &result);
  adept_test_wait_result (&result);
  account = adept_dep_client_get_account_finish (f->client, result, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_cancel_while_opening_session (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(AdeptDepAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  AdeptDepsimFault slow = { "/session", ADEPT_DEPSIM_FAULT_DELAY, 0, NULL, 0, 20000, 1 };

  adept_depsim_add_fault (f->sim, &slow);
  adept_dep_client_get_account_async (f->client, cancellable, adept_test_store_result, &result);
  while (adept_depsim_get_request_count (f->sim, "/session") < 1)
    g_main_context_iteration (NULL, TRUE);
  g_cancellable_cancel (cancellable);
  adept_test_wait_result (&result);
  account = adept_dep_client_get_account_finish (f->client, result, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (adept_oauth_authenticator_has_session (f->auth));
  g_clear_object (&result);
  g_clear_error (&error);

  /* The next call opens a session normally. */
  adept_depsim_clear_faults (f->sim);
  assert_account_ok (f);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *tmp = adept_test_isolate_xdg ();
  int status;

  /* Every debug message is produced (and captured), to check none carries a secret. */
  adept_test_capture_log ();

  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add ("/dep-client/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("account", test_account);
  ADD ("authenticator-from-token", test_authenticator_from_token);
  ADD ("fetch-then-sync", test_fetch_then_sync);
  ADD ("cursor-errors", test_cursor_errors);
  ADD ("device-details", test_device_details);
  ADD ("profiles", test_profiles);
  ADD ("assign-and-remove", test_assign_and_remove);
  ADD ("assign-batch-limit", test_assign_batch_limit);
  ADD ("assign-escaped-serials", test_assign_escaped_serials);
  ADD ("throttled-devices", test_throttled_devices);
  ADD ("disown", test_disown);
  ADD ("validation", test_validation);
  ADD ("session-expiry-mid-run", test_session_expiry_mid_run);
  ADD ("replay-only-once", test_replay_only_once);
  ADD ("concurrent-calls-share-a-session", test_concurrent_calls_share_a_session);
  ADD ("terms-then-accepted", test_terms_then_accepted);
  ADD ("revoked-and-replaced-token", test_revoked_and_replaced_token);
  ADD ("rotation-and-headers", test_rotation_and_headers);
  ADD ("retry-after-503", test_retry_after_503);
  ADD ("too-many-requests", test_too_many_requests);
  ADD ("client-errors-not-retried", test_client_errors_not_retried);
  ADD ("dropped-connection", test_dropped_connection);
  ADD ("nothing-listening", test_nothing_listening);
  ADD ("malformed-json", test_malformed_json);
  ADD ("oversize-body", test_oversize_body);
  ADD ("insecure-url", test_insecure_url);
  ADD ("cancellation", test_cancellation);
  ADD ("cancel-while-opening-session", test_cancel_while_opening_session);
  ADD ("deadline", test_deadline);
  ADD ("dropped-connection-keeps-body", test_dropped_connection_keeps_body);
  ADD ("https-to-plain-http", test_https_to_plain_http);
#undef ADD

  status = g_test_run ();
  adept_test_cleanup_dir (tmp);
  return status;
}
