/* test-dep-client-2026.c — Adept's DEP client, store and sync engine against the simulator
 * for what Apple added up to 2026: protocol 10 device fields, replacements, migration
 * (and the auto-assigner for it), Activation Lock with a bypass code of ours,
 * account-driven enrollment, beta enrollment tokens; every error code of them
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "adept-bypass-code.h"
#include "adept-error.h"
#include "adept-secret.h"
#include "adept-test-util.h"
#include "sync-test-server.h"

#define SERVER "default"
#define N_DEVICES 200

typedef SyncTestServer Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  sync_test_server_start (f, 26, N_DEVICES, SERVER);
  adept_store_ensure_server (f->store, SERVER, ADEPT_STORE_KIND_LOCAL, &error);
  g_assert_no_error (error);
  /* Failures are meant to show at once, not after the client's retries. */
  adept_dep_client_set_retry_policy (f->client, 0, 10, 100);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  sync_test_server_stop (f);
}

static AdeptJournalEntry *
sync_ok (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  AdeptJournalEntry *entry = sync_test_run (f->engine, ADEPT_SYNC_FLAGS_NONE, &error);

  g_assert_no_error (error);
  g_assert_nonnull (entry);
  return entry;
}

static void
assert_store_matches (Fixture *f)
{
  g_autofree char *truth = adept_depsim_dup_truth_json (f->sim);

  sync_test_assert_store_matches (f->store, SERVER, truth);
}

/* The first device of a family on the simulated server. */
static char *
serial_of_family (Fixture    *f,
                  const char *family)
{
  g_autofree char *json = adept_depsim_dup_truth_json (f->sim);
  g_autoptr(JsonObject) truth = adept_test_parse_object (json);
  JsonArray *devices = json_object_get_array_member (truth, "devices");

  for (guint i = 0; i < json_array_get_length (devices); i++)
    {
      JsonObject *d = json_array_get_object_element (devices, i);

      if (g_str_equal (json_object_get_string_member (d, "device_family"), family))
        return g_strdup (json_object_get_string_member (d, "serial_number"));
    }
  g_error ("no %s on the server", family);
}

/* Assigned a profile and activated: enrolled, so supervised. */
static void
enrol (Fixture    *f,
       const char *serial)
{
  g_autofree char *profile = sync_test_define_profile (f->client, "Supervised");
  const char *one[] = { serial, NULL };

  sync_test_set_profile (f->client, profile, one);
  g_assert_cmpuint (adept_depsim_activate_devices (f->sim, one, NULL), ==, 1);
}

/* ---- Device fields ---- */

static void
test_device_fields (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(AdeptJournalEntry) first = sync_ok (f);
  g_autofree char *phone = serial_of_family (f, "iPhone");
  g_autoptr(AdeptDeviceResults) results = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  AdeptDevice *d;

  /* Every field of every device made it from fetch into the store. */
  assert_store_matches (f);

  /* Details carry them too. */
  adept_dep_client_get_device_details_async (f->client, (const char * const []) { phone, NULL }, NULL,
                                             adept_test_store_result, &result);
  results = adept_dep_client_get_device_details_finish (f->client, sync_test_wait (&result), &error);
  g_assert_no_error (error);
  d = adept_device_results_get_device (results, phone);
  g_assert_nonnull (d);
  g_assert_cmpuint (g_strv_length ((char **) adept_device_get_imei (d)), ==, 2);
  g_assert_cmpuint (strlen (adept_device_get_eid (d)), ==, 32);
  g_assert_nonnull (adept_device_get_wifi_mac_address (d));
  g_assert_null (adept_device_get_ethernet_mac_address (d));
}

/* ---- Replacements ---- */

static void
test_replacement (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(AdeptJournalEntry) first = sync_ok (f);
  g_autoptr(AdeptJournalEntry) entry = NULL;
  g_autofree char *old = serial_of_family (f, "Mac");
  g_autofree char *replacement = NULL;
  g_autoptr(AdeptDevice) gone = NULL;
  g_autoptr(AdeptDevice) arrived = NULL;
  g_autoptr(AdeptReplacementDetails) details = NULL;
  g_autoptr(AdeptReplacementDetails) kept = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) before = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) after = NULL;
  g_autofree char *day_before = g_date_time_format (before, "%Y-%m-%d");
  g_autofree char *day_after = NULL;
  gboolean deleted = FALSE;

  replacement = adept_depsim_replace_device (f->sim, old, NULL, &error);
  g_assert_no_error (error);
  /* The simulator dates the replacement by its own clock: the day is one of these two when
   * the test runs across midnight (UTC). */
  after = g_date_time_new_now_utc ();
  day_after = g_date_time_format (after, "%Y-%m-%d");
  entry = sync_ok (f);
  g_assert_cmpuint (entry->added, ==, 1);
  g_assert_cmpuint (entry->deleted, ==, 1);
  assert_store_matches (f);

  /* Why the original left, and that the new one is a replacement. */
  gone = adept_store_get_device (f->store, SERVER, old, &deleted, &error);
  g_assert_true (deleted);
  g_assert_true (adept_device_get_released_by_replacement (gone));
  arrived = adept_store_get_device (f->store, SERVER, replacement, NULL, &error);
  g_assert_true (adept_device_get_is_replacement_device (arrived));

  adept_dep_client_get_replacement_details_async (f->client, replacement, NULL, adept_test_store_result, &result);
  details = adept_dep_client_get_replacement_details_finish (f->client, sync_test_wait (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (details->serial_number, ==, replacement);
  g_assert_cmpstr (details->original_device_serial_number, ==, old);
  if (g_strcmp0 (details->replacement_date, day_after) != 0)
    g_assert_cmpstr (details->replacement_date, ==, day_before);
  adept_store_save_replacement (f->store, SERVER, details, &error);
  g_assert_no_error (error);
  kept = adept_store_find_replacement_of (f->store, SERVER, old, &error);
  g_assert_cmpstr (kept->serial_number, ==, replacement);

  /* A device that is no replacement: Apple's 400 DEVICE_NOT_FOUND is "not found". */
  g_clear_object (&result);
  adept_dep_client_get_replacement_details_async (f->client, old, NULL, adept_test_store_result, &result);
  g_assert_null (adept_dep_client_get_replacement_details_finish (f->client, sync_test_wait (&result), &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_NOT_FOUND);
  g_assert_cmpstr (adept_error_get_apple_code (error), ==, "DEVICE_NOT_FOUND");
  g_clear_error (&error);
  /* Documented as 404: the same. */
  adept_depsim_add_fault (f->sim, &(AdeptDepsimFault) { "/device/replacementDetails",
                          ADEPT_DEPSIM_FAULT_STATUS, 404, "DEVICE_NOT_FOUND", 0, 0, 1 });
  g_clear_object (&result);
  adept_dep_client_get_replacement_details_async (f->client, replacement, NULL, adept_test_store_result, &result);
  g_assert_null (adept_dep_client_get_replacement_details_finish (f->client, sync_test_wait (&result), &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_NOT_FOUND);
  g_clear_error (&error);
  /* An empty serial: Apple's DEVICE_ID_REQUIRED. */
  g_clear_object (&result);
  adept_dep_client_get_replacement_details_async (f->client, "", NULL, adept_test_store_result, &result);
  g_assert_null (adept_dep_client_get_replacement_details_finish (f->client, sync_test_wait (&result), &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_BAD_REQUEST);
  g_assert_cmpstr (adept_error_get_apple_code (error), ==, "DEVICE_ID_REQUIRED");
}

/* ---- Migration and the auto-assigner ---- */

static void
save_profile (Fixture    *f,
              const char *uuid,
              gboolean    await_configured)
{
  g_autofree char *json = g_strdup_printf ("{\"profile_name\":\"Default\",\"url\":\"https://mdm.example.com/enroll\","
                                           "\"await_device_configured\":%s}",
                                           await_configured ? "true" : "false");
  g_autoptr(GError) error = NULL;

  adept_store_save_profile (f->store, SERVER, uuid, "Default", json, NULL, &error);
  g_assert_no_error (error);
}

static void
test_migration_auto_assign (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(AdeptJournalEntry) first = sync_ok (f);
  g_autoptr(AdeptJournalEntry) entry = NULL;
  g_autoptr(AdeptJournalEntry) again = NULL;
  g_autofree char *profile = sync_test_define_profile (f->client, "Default");
  g_autofree char *other = sync_test_define_profile (f->client, "Other MDM");
  g_auto(GStrv) elsewhere = adept_depsim_add_devices (f->sim, 2, FALSE);
  g_auto(GStrv) on_server = sync_test_server_dup_serials (f, 10, 1);
  g_autoptr(GError) error = NULL;
  gint64 deadline = g_get_real_time () / G_USEC_PER_SEC + 20 * 86400;
  const char *migrating[] = { elsewhere[0], elsewhere[1], on_server[0], NULL };

  g_assert_false (adept_store_default_profile_lacks_await (f->store, SERVER));
  adept_store_set_default_profile (f->store, SERVER, profile, &error);
  g_assert_no_error (error);
  /* Migration needs Setup Assistant to wait for the MDM: say when the default lacks it. */
  save_profile (f, profile, FALSE);
  g_assert_true (adept_store_default_profile_lacks_await (f->store, SERVER));
  save_profile (f, profile, TRUE);
  g_assert_false (adept_store_default_profile_lacks_await (f->store, SERVER));

  /* A device whose profile was removed on purpose is normally left alone; migrating in
   * with a deadline, it needs a profile all the same. */
  sync_test_set_profile (f->client, other, (const char * const *) on_server);
  sync_test_set_profile (f->client, NULL, (const char * const *) on_server);
  adept_depsim_migrate_devices (f->sim, migrating, deadline, FALSE, &error);
  g_assert_no_error (error);

  entry = sync_ok (f);
  g_assert_cmpuint (entry->assigned, ==, 3);
  for (guint i = 0; migrating[i] != NULL; i++)
    {
      g_autoptr(AdeptAssignAttempt) attempt = sync_test_last_attempt (f->store, SERVER, migrating[i]);
      g_autoptr(AdeptDevice) d = adept_store_get_device (f->store, SERVER, migrating[i], NULL, NULL);

      g_assert_cmpint (attempt->result, ==, ADEPT_ASSIGN_RESULT_SUCCESS);
      g_assert_cmpint (attempt->origin, ==, ADEPT_ASSIGN_ORIGIN_AUTO);
      g_assert_cmpstr (attempt->profile_uuid, ==, profile);
      g_assert_cmpint (adept_device_get_mdm_migration_deadline (d), ==, deadline);
    }

  /* The same deadline again is no news: nothing is assigned twice. */
  again = sync_ok (f);
  g_assert_cmpuint (again->assigned, ==, 0);
  assert_store_matches (f);
}

/* ---- Activation Lock ---- */

static AdeptLockAnswer *
lock (Fixture     *f,
      const char  *serial,
      const char  *escrow_key,
      GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  adept_dep_client_activation_lock_async (f->client, serial, escrow_key, "Property of Appleseed, call 555-0100",
                                          NULL, adept_test_store_result, &result);
  return adept_dep_client_activation_lock_finish (f->client, sync_test_wait (&result), error);
}

static void
test_activation_lock (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *phone = serial_of_family (f, "iPhone");
  g_autofree char *ipad = serial_of_family (f, "iPad");
  g_autoptr(AdeptSecret) code = adept_bypass_code_generate ();
  g_autofree char *escrow_key = adept_bypass_code_dup_escrow_key (code, NULL);
  g_autoptr(AdeptLockAnswer) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autoptr(JsonObject) truth = NULL;
  JsonObject *held;

  /* Not supervised yet. */
  answer = lock (f, phone, escrow_key, &error);
  g_assert_no_error (error);
  g_assert_cmpint (answer->status, ==, ADEPT_LOCK_STATUS_DEVICE_NOT_SUPPORTED);
  g_assert_cmpstr (answer->serial_number, ==, phone);
  g_clear_pointer (&answer, adept_lock_answer_free);

  enrol (f, phone);
  answer = lock (f, phone, escrow_key, &error);
  g_assert_no_error (error);
  g_assert_cmpint (answer->status, ==, ADEPT_LOCK_STATUS_SUCCESS);
  g_assert_cmpstr (answer->response_status, ==, "SUCCESS");
  g_clear_pointer (&answer, adept_lock_answer_free);

  /* Apple holds the hash of our code, never the code. */
  json = adept_depsim_dup_truth_json (f->sim);
  truth = adept_test_parse_object (json);
  held = json_object_get_object_member (json_object_get_object_member (truth, "activation_locks"), phone);
  g_assert_cmpstr (json_object_get_string_member (held, "escrow_key"), ==, escrow_key);
  g_assert_null (strstr (json, code));

  answer = lock (f, phone, escrow_key, &error);
  g_assert_cmpint (answer->status, ==, ADEPT_LOCK_STATUS_DEVICE_ALREADY_LOCKED);
  g_clear_pointer (&answer, adept_lock_answer_free);
  answer = lock (f, "NOSUCHSERIAL1", escrow_key, &error);
  g_assert_cmpint (answer->status, ==, ADEPT_LOCK_STATUS_NOT_ACCESSIBLE);
  g_clear_pointer (&answer, adept_lock_answer_free);

  enrol (f, ipad);
  adept_depsim_set_org_feature (f->sim, ADEPT_DEPSIM_ORG_ACTIVATION_LOCK, FALSE);
  answer = lock (f, ipad, escrow_key, &error);
  g_assert_cmpint (answer->status, ==, ADEPT_LOCK_STATUS_ORG_NOT_SUPPORTED);
  g_clear_pointer (&answer, adept_lock_answer_free);
  adept_depsim_set_org_feature (f->sim, ADEPT_DEPSIM_ORG_ACTIVATION_LOCK, TRUE);
  adept_depsim_set_activation_lock_result (f->sim, ipad, "FAILED", 1);
  answer = lock (f, ipad, escrow_key, &error);
  g_assert_cmpint (answer->status, ==, ADEPT_LOCK_STATUS_FAILED);
  g_assert_nonnull (adept_lock_status_describe (answer->status));
  g_clear_pointer (&answer, adept_lock_answer_free);

  /* A malformed escrow key is Apple's 400. */
  g_assert_null (lock (f, ipad, "not-a-hash", &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_BAD_REQUEST);
  g_assert_cmpstr (adept_error_get_apple_code (error), ==, "MALFORMED_REQUEST_BODY");
  g_clear_error (&error);

  /* The answer lost on the way: not asked again (a second lock could only say
   * DEVICE_ALREADY_LOCKED), the request reached the simulator once. */
  {
    guint before = adept_depsim_get_request_count (f->sim, "/device/activationlock");

    adept_dep_client_set_retry_policy (f->client, 3, 10, 5000);
    adept_depsim_add_fault (f->sim, &(AdeptDepsimFault) { "/device/activationlock",
                            ADEPT_DEPSIM_FAULT_DROP, 0, NULL, 0, 0, 1 });
    g_assert_null (lock (f, ipad, escrow_key, &error));
    g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_NETWORK);
    g_assert_cmpuint (adept_depsim_get_request_count (f->sim, "/device/activationlock"), ==, before + 1);
    g_clear_error (&error);
    /* A 503 means Apple did nothing: that is retried. */
    adept_depsim_add_fault (f->sim, &(AdeptDepsimFault) { "/device/activationlock",
                            ADEPT_DEPSIM_FAULT_STATUS, 503, "", 0, 0, 1 });
    answer = lock (f, ipad, escrow_key, &error);
    g_assert_no_error (error);
    g_assert_cmpint (answer->status, ==, ADEPT_LOCK_STATUS_SUCCESS);
  }
}

/* ---- Account-driven enrollment ---- */

static AdeptAccountEnrollment *
get_enrollment (Fixture  *f,
                GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  adept_dep_client_get_account_enrollment_async (f->client, NULL, adept_test_store_result, &result);
  return adept_dep_client_get_account_enrollment_finish (f->client, sync_test_wait (&result), error);
}

static gboolean
set_enrollment (Fixture     *f,
                const char  *url,
                GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  if (url == NULL)
    {
      adept_dep_client_delete_account_enrollment_async (f->client, NULL, adept_test_store_result, &result);
      return adept_dep_client_delete_account_enrollment_finish (f->client, sync_test_wait (&result), error);
    }
  adept_dep_client_set_account_enrollment_async (f->client, url, NULL, adept_test_store_result, &result);
  return adept_dep_client_set_account_enrollment_finish (f->client, sync_test_wait (&result), error);
}

static void
test_account_enrollment (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(AdeptAccountEnrollment) none = NULL;
  g_autoptr(AdeptAccountEnrollment) set = NULL;
  g_autoptr(AdeptAccountEnrollment) gone = NULL;
  g_autoptr(GError) error = NULL;

  /* None set: NULL, and no error. */
  none = get_enrollment (f, &error);
  g_assert_no_error (error);
  g_assert_null (none);

  g_assert_true (set_enrollment (f, "https://mdm.example.com/.well-known/com.apple.remotemanagement", &error));
  g_assert_no_error (error);
  set = get_enrollment (f, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (set->mdm_service_discovery_url, ==, "https://mdm.example.com/.well-known/com.apple.remotemanagement");
  g_assert_cmpint (ABS (set->last_updated - g_get_real_time () / G_USEC_PER_SEC), <, 120);

  /* Apple's refusals of the URL name the field. */
  g_assert_false (set_enrollment (f, "http://mdm.example.com/sd", &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_VALIDATION);
  g_assert_cmpstr (adept_error_get_field (error), ==, "mdm_service_discovery_url");
  g_assert_cmpstr (adept_error_get_apple_code (error), ==, "MDM_SERVICE_DISCOVERY_URL_NOT_VALID");
  g_clear_error (&error);
  g_assert_false (set_enrollment (f, "", &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_VALIDATION);
  g_assert_cmpstr (adept_error_get_apple_code (error), ==, "MDM_SERVICE_DISCOVERY_URL_REQUIRED");
  g_clear_error (&error);

  /* Delete, and delete again: both done. */
  g_assert_true (set_enrollment (f, NULL, &error));
  g_assert_true (set_enrollment (f, NULL, &error));
  g_assert_no_error (error);
  gone = get_enrollment (f, &error);
  g_assert_null (gone);
  g_assert_no_error (error);

  adept_depsim_set_org_feature (f->sim, ADEPT_DEPSIM_ORG_ACCOUNT_DRIVEN_ENROLLMENT, FALSE);
  g_assert_false (set_enrollment (f, "https://mdm.example.com/sd", &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_ORG_NOT_SUPPORTED);
}

/* ---- Beta enrollment tokens ---- */

static void
test_beta_tokens (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) tokens = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint sessions;

  adept_dep_client_get_beta_tokens_async (f->client, NULL, adept_test_store_result, &result);
  tokens = adept_dep_client_get_beta_tokens_finish (f->client, sync_test_wait (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tokens->len, >=, 4);
  for (guint i = 0; i < tokens->len; i++)
    {
      AdeptBetaToken *t = g_ptr_array_index (tokens, i);

      g_assert_nonnull (t->title);
      g_assert_nonnull (t->os);
      g_assert_nonnull (t->token);
    }

  /* An organisation that turned them off: said as such, not as bad credentials, and no
   * new session is opened for it. */
  adept_depsim_set_org_feature (f->sim, ADEPT_DEPSIM_ORG_BETA_ENROLLMENT, FALSE);
  sessions = adept_depsim_get_sessions_opened (f->sim);
  g_clear_object (&result);
  g_clear_pointer (&tokens, g_ptr_array_unref);
  adept_dep_client_get_beta_tokens_async (f->client, NULL, adept_test_store_result, &result);
  tokens = adept_dep_client_get_beta_tokens_finish (f->client, sync_test_wait (&result), &error);
  g_assert_null (tokens);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_BETA_TURNED_OFF);
  g_assert_cmpuint (adept_depsim_get_sessions_opened (f->sim), ==, sessions);
  g_clear_error (&error);

  /* Garbage instead of JSON. */
  adept_depsim_set_org_feature (f->sim, ADEPT_DEPSIM_ORG_BETA_ENROLLMENT, TRUE);
  adept_depsim_add_fault (f->sim, &(AdeptDepsimFault) { "/os-beta-enrollment/tokens",
                          ADEPT_DEPSIM_FAULT_GARBAGE, 0, NULL, 0, 0, 1 });
  g_clear_object (&result);
  adept_dep_client_get_beta_tokens_async (f->client, NULL, adept_test_store_result, &result);
  g_assert_null (adept_dep_client_get_beta_tokens_finish (f->client, sync_test_wait (&result), &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_MALFORMED_RESPONSE);
}

#define ADD(path, func) g_test_add ("/dep-client-2026/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int    argc,
      char **argv)
{
  g_autofree char *xdg = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  xdg = adept_test_isolate_xdg ();

  ADD ("device-fields", test_device_fields);
  ADD ("replacement", test_replacement);
  ADD ("migration-auto-assign", test_migration_auto_assign);
  ADD ("activation-lock", test_activation_lock);
  ADD ("account-enrollment", test_account_enrollment);
  ADD ("beta-tokens", test_beta_tokens);

  status = g_test_run ();
  adept_test_cleanup_dir (xdg);
  return status;
}
