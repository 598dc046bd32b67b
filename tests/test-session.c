/* test-session.c — AdeptSession against the real keyring and the simulator: the whole life
 * of a server, what every step leaves in the store, the queue and the lock, the properties
 * pages bind to, and a refused link that must store nothing
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "adept-context.h"
#include "adept-depsim.h"
#include "adept-direct-session.h"
#include "adept-error.h"
#include "adept-nanodep-session.h"
#include "adept-profile-rules.h"
#include "adept-session-list.h"
#include "adept-test-util.h"

#define N_DEVICES 40

typedef struct {
  char         *dir;      /* tokens are written here */
  AdeptDepsim  *sim;
  AdeptStore   *store;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = adept_test_make_tmpdir ();
  f->sim = adept_depsim_new (20261125, N_DEVICES);
  g_assert_true (adept_depsim_start (f->sim, 0, &error));
  g_assert_no_error (error);
  f->store = adept_store_open (&error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  adept_depsim_stop (f->sim);
  g_clear_object (&f->sim);
  g_clear_object (&f->store);
  adept_test_cleanup_dir (f->dir);
  g_free (f->dir);
}

static AdeptSession *
new_session (Fixture    *f,
             const char *id)
{
  g_autoptr(GError) error = NULL;
  AdeptSession *session = adept_session_new_for_id (id, NULL, f->store, &error);

  g_assert_no_error (error);
  g_assert_true (ADEPT_IS_DIRECT_SESSION (session));
  return session;
}

/* As ABM does: a token for the session's public key, saved under ABM's file name. */
static GFile *
issue_token (Fixture      *f,
             AdeptSession *session,
             AdeptDepsim  *sim,
             const char   *server_name)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) token = NULL;
  g_autofree char *pem = NULL;
  g_autofree char *name = g_strdup_printf ("%s_Token_2026-11-25T14-05-00Z_smime.p7m", server_name);
  g_autofree char *path = g_build_filename (f->dir, name, NULL);

  adept_session_dup_public_key_async (session, NULL, adept_test_store_result, &result);
  adept_test_wait_result (&result);
  pem = adept_session_dup_public_key_finish (session, result, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (pem, "-----BEGIN CERTIFICATE-----"));
  token = adept_depsim_issue_token (sim, pem, strlen (pem), &error);
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (token, NULL),
                                      g_bytes_get_size (token), NULL));
  return g_file_new_for_path (path);
}

static gboolean
link_file (AdeptSession  *session,
           GFile         *token,
           const char    *base_url,
           GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  adept_session_link_async (session, token, base_url, NULL, adept_test_store_result, &result);
  adept_test_wait_result (&result);
  return adept_session_link_finish (session, result, error);
}

static AdeptJournalEntry *
sync_session (AdeptSession  *session,
              GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  adept_session_sync_async (session, ADEPT_SYNC_FLAGS_NONE, NULL, adept_test_store_result, &result);
  adept_test_wait_result (&result);
  return adept_session_sync_finish (session, result, error);
}

static AdeptDeviceResults *
run_job (AdeptSession *session,
         GAsyncResult **result,
         GError       **error)
{
  adept_test_wait_result (result);
  return adept_session_run_job_finish (session, *result, error);
}

static gboolean
audit_has (AdeptStore *store,
           const char *server_id,
           const char *action,
           const char *needle)
{
  g_autoptr(GPtrArray) entries = adept_store_list_audit (store, server_id, 0, NULL);

  for (guint i = 0; entries != NULL && i < entries->len; i++)
    {
      AdeptAuditEntry *e = g_ptr_array_index (entries, i);

      if (g_str_equal (e->action, action) && (needle == NULL || strstr (e->details, needle)))
        return TRUE;
    }
  return FALSE;
}

static AdeptDepProfile *
staff_profile (const char *name)
{
  AdeptDepProfile *profile = adept_dep_profile_new ();

  adept_dep_profile_set_profile_name (profile, name);
  adept_dep_profile_set_url (profile, "https://mdm.example.com/enroll");
  adept_dep_profile_set_is_supervised (profile, TRUE);
  return profile;
}

/* Link → sync → define → default → assign → remove → refresh → adopt → unlink, each step's
 * trace in the store and the properties a page binds to. */
static void
test_life (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(AdeptSession) session = new_session (f, "life");
  g_autoptr(AdeptTestNotify) state = adept_test_notify_watch (session, "state");
  g_autoptr(AdeptTestNotify) linked = adept_test_notify_watch (session, "linked");
  g_autoptr(AdeptTestNotify) expiry = adept_test_notify_watch (session, "token-expiry");
  g_autoptr(AdeptTestNotify) count = adept_test_notify_watch (session, "device-count");
  g_autoptr(AdeptTestNotify) last_sync = adept_test_notify_watch (session, "last-sync");
  g_autoptr(AdeptTestNotify) syncing = adept_test_notify_watch (session, "syncing");
  g_autoptr(AdeptTestNotify) pages = adept_test_notify_watch (session, "sync-pages");
  g_autoptr(AdeptTestNotify) busy = adept_test_notify_watch (session, "busy");
  g_autoptr(AdeptTestNotify) default_profile = adept_test_notify_watch (session, "default-profile");
  g_autoptr(AdeptTestNotify) job = adept_test_notify_watch (session, "job");
  g_autoptr(GFile) token = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptJournalEntry) run = NULL;
  g_autoptr(AdeptDepProfile) profile = staff_profile ("Staff");
  g_autoptr(AdeptDeviceResults) defined = NULL;
  g_autoptr(AdeptDeviceResults) assigned = NULL;
  g_autoptr(AdeptDeviceResults) removed = NULL;
  g_autoptr(AdeptDeviceResults) refreshed = NULL;
  g_autoptr(AdeptDeviceResults) elsewhere = NULL;
  g_autoptr(AdeptDepProfile) adopted = NULL;
  g_autoptr(AdeptStoredProfile) stored = NULL;
  g_autoptr(AdeptStoredProfile) adopted_row = NULL;
  g_autoptr(GPtrArray) attempts = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_auto(GStrv) serials = adept_depsim_dup_serials (f->sim);
  const char *three[] = { serials[0], serials[1], serials[2], NULL };
  g_autofree char *long_department = g_strnfill (ADEPT_PROFILE_MAX_DEPARTMENT + 1, 'd');
  const char *uuid;

  g_assert_cmpint (adept_session_get_state (session), ==, ADEPT_SESSION_STATE_UNLINKED);
  g_assert_cmpint (adept_session_get_device_count (session), ==, -1);

  /* Link: the token's server name becomes the display name until Apple's arrives. */
  token = issue_token (f, session, f->sim, "Life MDM");
  g_assert_true (link_file (session, token, adept_depsim_get_base_url (f->sim), &error));
  g_assert_no_error (error);
  g_assert_cmpint (adept_session_get_state (session), ==, ADEPT_SESSION_STATE_READY);
  adept_test_assert_notified (state);
  adept_test_assert_notified (linked);
  adept_test_assert_notified (expiry);
  adept_test_assert_notified (busy);
  g_assert_nonnull (adept_session_get_token_expiry (session));
  g_assert_cmpstr (adept_session_get_display_name (session), ==, "Life MDM");
  g_assert_cmpstr (adept_session_get_base_url (session), ==, adept_depsim_get_base_url (f->sim));
  g_assert_true (audit_has (f->store, "life", "linked", NULL));
  g_assert_true (adept_store_has_server (f->store, "life"));
  g_assert_cmpint (adept_session_get_condition (session), ==, ADEPT_CONDITION_NONE);

  /* Sync */
  run = sync_session (session, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (run->added + run->modified, >=, N_DEVICES);
  g_assert_cmpint (adept_session_get_device_count (session), ==, N_DEVICES);
  adept_test_assert_notified (count);
  adept_test_assert_notified (last_sync);
  adept_test_assert_notified (syncing);
  adept_test_assert_notified (pages);
  g_assert_nonnull (adept_session_get_last_sync (session));
  g_assert_false (adept_session_get_syncing (session));

  /* Define: refused before sending when a rule is broken, then for real. */
  adept_dep_profile_set_department (profile, long_department);
  adept_session_define_profile_async (session, profile, NULL, NULL, adept_test_store_result, &result);
  adept_test_wait_result (&result);
  g_assert_null (adept_session_define_profile_finish (session, result, &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_VALIDATION);
  g_assert_cmpstr (adept_error_get_field (error), ==, "department");
  g_assert_cmpuint (adept_depsim_get_request_count (f->sim, "/profile"), ==, 0);
  g_clear_error (&error);
  g_clear_object (&result);
  adept_dep_profile_set_department (profile, "IT");
  adept_session_define_profile_async (session, profile, NULL, NULL, adept_test_store_result, &result);
  adept_test_wait_result (&result);
  defined = adept_session_define_profile_finish (session, result, &error);
  g_assert_no_error (error);
  uuid = adept_device_results_get_profile_uuid (defined);
  g_assert_nonnull (uuid);
  stored = adept_store_get_profile (f->store, "life", uuid, &error);
  g_assert_cmpstr (stored->name, ==, "Staff");
  g_assert_cmpint (stored->origin, ==, ADEPT_PROFILE_ORIGIN_DEFINED);
  g_assert_true (audit_has (f->store, "life", "profile-define", uuid));
  g_clear_object (&result);

  /* Default */
  adept_session_set_default_profile_async (session, uuid, NULL, adept_test_store_result, &result);
  adept_test_wait_result (&result);
  g_assert_true (adept_session_set_default_profile_finish (session, result, &error));
  g_assert_cmpstr (adept_session_get_default_profile (session), ==, uuid);
  adept_test_assert_notified (default_profile);
  g_assert_true (audit_has (f->store, "life", "profile-default", uuid));
  g_clear_object (&result);

  /* Assign: one attempt per device, one audit entry. */
  adept_session_assign_async (session, uuid, three, NULL, adept_test_store_result, &result);
  assigned = run_job (session, &result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (adept_device_results_count (assigned, ADEPT_DEVICE_RESULT_SUCCESS), ==, 3);
  adept_test_assert_notified (job);
  g_assert_null (adept_session_get_job (session));
  attempts = adept_store_list_assign_attempts (f->store, "life", serials[1], &error);
  g_assert_cmpuint (attempts->len, ==, 1);
  g_assert_cmpint (((AdeptAssignAttempt *) attempts->pdata[0])->origin, ==, ADEPT_ASSIGN_ORIGIN_MANUAL);
  g_assert_true (audit_has (f->store, "life", "profile-assign", "3 of 3 devices answered"));
  g_clear_object (&result);

  /* Remove and refresh */
  adept_session_remove_async (session, uuid, three + 2, NULL, adept_test_store_result, &result);
  removed = run_job (session, &result, &error);
  g_assert_no_error (error);
  g_assert_true (audit_has (f->store, "life", "profile-remove", uuid));
  g_clear_object (&result);
  adept_session_refresh_async (session, three, NULL, adept_test_store_result, &result);
  refreshed = run_job (session, &result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (adept_device_results_count (refreshed, ADEPT_DEVICE_RESULT_SUCCESS), ==, 3);
  g_assert_true (audit_has (f->store, "life", "devices-refresh", "3 of 3"));
  {
    g_autoptr(AdeptDevice) device = adept_store_get_device (f->store, "life", serials[0], NULL, &error);

    /* The refresh stored Apple's record: the assignment shows without a sync. */
    g_assert_cmpint (adept_device_get_profile_status (device), ==, ADEPT_PROFILE_STATUS_ASSIGNED);
  }
  g_clear_object (&result);

  /* Adopt a profile defined elsewhere (another MDM on the same server). */
  {
    g_autoptr(AdeptDepProfile) theirs = staff_profile ("Defined elsewhere");

    adept_dep_client_define_profile_async (adept_session_get_client (session), theirs, NULL,
                                           adept_test_store_result, &result);
    adept_test_wait_result (&result);
    elsewhere = adept_dep_client_define_profile_finish (adept_session_get_client (session), result,
                                                        &error);
    g_assert_no_error (error);
    g_clear_object (&result);
  }
  adept_session_adopt_profile_async (session, adept_device_results_get_profile_uuid (elsewhere),
                                     NULL, adept_test_store_result, &result);
  adept_test_wait_result (&result);
  adopted = adept_session_adopt_profile_finish (session, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (adept_dep_profile_get_profile_name (adopted), ==, "Defined elsewhere");
  adopted_row = adept_store_get_profile (f->store, "life",
                                         adept_device_results_get_profile_uuid (elsewhere), &error);
  g_assert_cmpint (adopted_row->origin, ==, ADEPT_PROFILE_ORIGIN_ADOPTED);
  g_assert_true (audit_has (f->store, "life", "profile-adopt", "Defined elsewhere"));
  g_clear_object (&result);

  /* Unlink: the store forgets the server, the audit log does not. */
  adept_session_unlink_async (session, NULL, adept_test_store_result, &result);
  adept_test_wait_result (&result);
  g_assert_true (adept_session_unlink_finish (session, result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (adept_session_get_state (session), ==, ADEPT_SESSION_STATE_UNLINKED);
  g_assert_null (adept_session_get_client (session));
  g_assert_false (adept_store_has_server (f->store, "life"));
  g_assert_true (audit_has (f->store, "life", "unlinked", NULL));
  g_assert_cmpint (adept_session_get_device_count (session), ==, -1);
  g_clear_object (&result);

  g_clear_pointer (&state, adept_test_notify_free);
  g_clear_pointer (&linked, adept_test_notify_free);
  g_clear_pointer (&expiry, adept_test_notify_free);
  g_clear_pointer (&count, adept_test_notify_free);
  g_clear_pointer (&last_sync, adept_test_notify_free);
  g_clear_pointer (&syncing, adept_test_notify_free);
  g_clear_pointer (&pages, adept_test_notify_free);
  g_clear_pointer (&busy, adept_test_notify_free);
  g_clear_pointer (&default_profile, adept_test_notify_free);
  g_clear_pointer (&job, adept_test_notify_free);
  g_assert_finalize_object (g_steal_pointer (&session));
}

/* A refused link stores nothing it carried: not the base URL, not the token's name, not
 * the credentials, and no folder for a new server (issue 16, defect 4). */
static void
test_refused_link_stores_nothing (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(AdeptSession) first = new_session (f, "first");
  g_autoptr(AdeptDepsim) other = adept_depsim_new (7, 3);
  g_autoptr(GFile) token = NULL;
  g_autoptr(GFile) foreign = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptSession) fresh = NULL;
  g_autoptr(GFile) garbage = NULL;
  g_autofree char *ini_before = NULL;
  g_autofree char *ini_after = NULL;
  g_autofree char *dir = adept_context_build_server_dir ("first", NULL);
  g_autofree char *ini = g_build_filename (dir, "server.ini", NULL);
  g_autofree char *fresh_dir = adept_context_build_server_dir ("fresh", NULL);
  g_autofree char *garbage_path = g_build_filename (f->dir, "Garbage_Token_smime.p7m", NULL);
  g_autoptr(AdeptSession) twin = NULL;
  g_autoptr(GFile) twin_token = NULL;

  g_assert_true (adept_depsim_start (other, 0, &error));
  token = issue_token (f, first, f->sim, "First MDM");
  g_assert_true (link_file (first, token, adept_depsim_get_base_url (f->sim), &error));
  g_assert_true (g_file_get_contents (ini, &ini_before, NULL, NULL));

  /* A token of another MDM server, with a new base URL: refused, and the URL not kept. */
  foreign = issue_token (f, first, other, "Other MDM");
  g_assert_false (link_file (first, foreign, adept_depsim_get_base_url (other), &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_TOKEN_OTHER_SERVER);
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (ini, &ini_after, NULL, NULL));
  g_assert_cmpstr (ini_after, ==, ini_before);
  g_assert_cmpstr (adept_session_get_base_url (first), ==, adept_depsim_get_base_url (f->sim));
  g_assert_true (audit_has (f->store, "first", "base-url-changed", adept_depsim_get_base_url (f->sim)));
  g_assert_false (audit_has (f->store, "first", "base-url-changed", adept_depsim_get_base_url (other)));
  g_assert_false (audit_has (f->store, "first", "renewed", NULL));

  /* A new server and a file that is no token: no folder, no row, no keyring item. */
  fresh = new_session (f, "fresh");
  g_assert_true (g_file_set_contents (garbage_path, "not a token", -1, NULL));
  garbage = g_file_new_for_path (garbage_path);
  g_assert_false (link_file (fresh, garbage, "https://dep.example.com", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (g_file_test (fresh_dir, G_FILE_TEST_EXISTS));
  g_assert_false (adept_store_has_server (f->store, "fresh"));

  /* The same MDM server under a second name: Apple keeps one token a server, so the new
   * one would revoke the first's. Refused, naming the first; nothing linked. */
  twin = new_session (f, "twin");
  twin_token = issue_token (f, twin, f->sim, "First MDM");
  g_assert_false (link_file (twin, twin_token, adept_depsim_get_base_url (f->sim), &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_TOKEN_OTHER_SERVER);
  g_assert_nonnull (strstr (error->message, "“first”"));
  g_clear_error (&error);
  g_assert_false (adept_session_get_linked (twin));
  g_assert_false (adept_store_has_server (f->store, "twin"));
  g_assert_false (audit_has (f->store, "twin", "linked", NULL));
  adept_depsim_stop (other);
}

/* One operation at a time: in this process they queue; another process's lock refuses. */
static void
test_serialised (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(AdeptSession) session = new_session (f, "queue");
  g_autoptr(GFile) token = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) sync_result = NULL;
  g_autoptr(GAsyncResult) job_result = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(AdeptJournalEntry) run = NULL;
  g_autoptr(AdeptDeviceResults) answers = NULL;
  g_autoptr(AdeptStore) other_process = NULL;
  g_autoptr(AdeptStoreLock) lock = NULL;
  g_auto(GStrv) serials = adept_depsim_dup_serials (f->sim);
  const char *one[] = { serials[0], NULL };
  AdeptSessionOperation seen_second = ADEPT_SESSION_OPERATION_NONE;

  token = issue_token (f, session, f->sim, "Queue MDM");
  g_assert_true (link_file (session, token, adept_depsim_get_base_url (f->sim), &error));

  /* A sync, then a refresh asked for at once: the refresh waits for the sync. */
  adept_session_sync_async (session, ADEPT_SYNC_FLAGS_NONE, NULL, adept_test_store_result,
                            &sync_result);
  adept_session_refresh_async (session, one, NULL, adept_test_store_result, &job_result);
  g_assert_true (adept_session_get_busy (session));
  adept_test_wait_result (&sync_result);
  /* When the sync has returned, the refresh runs (or is about to). */
  while (job_result == NULL)
    {
      if (adept_session_get_operation (session) != ADEPT_SESSION_OPERATION_NONE)
        seen_second = adept_session_get_operation (session);
      g_main_context_iteration (NULL, TRUE);
    }
  run = adept_session_sync_finish (session, sync_result, &error);
  g_assert_no_error (error);
  answers = adept_session_run_job_finish (session, job_result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (seen_second, ==, ADEPT_SESSION_OPERATION_JOB);
  g_assert_false (adept_session_get_busy (session));

  /* Another Adept program holds the server's lock (a second connection stands for it). */
  other_process = adept_store_open (&error);
  lock = adept_store_lock_server (other_process, "queue", &error);
  g_assert_nonnull (lock);
  adept_session_assign_async (session, "SOMEPROFILE", one, NULL, adept_test_store_result, &result);
  adept_test_wait_result (&result);
  g_assert_null (adept_session_run_job_finish (session, result, &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_SYNC_BUSY);
  g_assert_nonnull (strstr (error->message, "Another Adept program"));
  g_assert_cmpuint (adept_depsim_get_request_count (f->sim, "/profile/devices"), ==, 0);
  g_clear_error (&error);
  g_clear_object (&result);

  /* Once it lets go, the same call goes through (Apple refuses the unknown profile). */
  g_clear_pointer (&lock, adept_store_lock_release);
  adept_session_assign_async (session, "SOMEPROFILE", one, NULL, adept_test_store_result, &result);
  adept_test_wait_result (&result);
  g_clear_object (&answers);
  answers = adept_session_run_job_finish (session, result, &error);
  g_assert_cmpuint (adept_depsim_get_request_count (f->sim, "/profile/devices"), ==, 1);
}

/* Apple's word sets the condition; the token's date does too. */
static void
test_condition (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(AdeptSession) session = new_session (f, "cond");
  g_autoptr(AdeptTestNotify) condition = adept_test_notify_watch (session, "condition");
  g_autoptr(GFile) token = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptJournalEntry) run = NULL;

  token = issue_token (f, session, f->sim, "Cond MDM");
  g_assert_true (link_file (session, token, adept_depsim_get_base_url (f->sim), &error));
  g_assert_cmpint (adept_session_get_condition (session), ==, ADEPT_CONDITION_NONE);

  adept_depsim_set_terms_required (f->sim, TRUE);
  run = sync_session (session, &error);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_TERMS_NOT_SIGNED);
  g_clear_error (&error);
  g_assert_cmpint (adept_session_get_condition (session), ==, ADEPT_CONDITION_TERMS_NOT_SIGNED);
  adept_test_assert_notified (condition);

  adept_depsim_set_terms_required (f->sim, FALSE);
  run = sync_session (session, &error);
  g_assert_no_error (error);
  g_assert_cmpint (adept_session_get_condition (session), ==, ADEPT_CONDITION_NONE);
  adept_test_assert_notified (condition);

  /* The simulator's token lasts a year: a warning window longer than that warns. */
  adept_session_set_token_warning_days (session, 400);
  g_assert_cmpint (adept_session_get_condition (session), ==, ADEPT_CONDITION_TOKEN_EXPIRES_SOON);
  adept_test_assert_notified (condition);
}

/* Profiles found on devices that this console never defined (another MDM, an earlier
 * install) are adopted from Apple after a sync: named, marked, audited. */
static void
test_adopt_after_sync (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(AdeptSession) session = new_session (f, "adopt");
  g_autoptr(AdeptDepProfile) theirs = staff_profile ("Made by another MDM");
  g_autoptr(AdeptDeviceResults) elsewhere = NULL;
  g_autoptr(AdeptJournalEntry) run = NULL;
  g_autoptr(AdeptStoredProfile) row = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GFile) token = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) serials = adept_depsim_dup_serials (f->sim);
  const char *two[] = { serials[0], serials[1], NULL };
  const char *uuid;

  token = issue_token (f, session, f->sim, "Adopt MDM");
  g_assert_true (link_file (session, token, adept_depsim_get_base_url (f->sim), &error));
  g_assert_no_error (error);

  /* Defined and assigned behind this console's back. */
  adept_dep_profile_set_devices (theirs, two);
  adept_dep_client_define_profile_async (adept_session_get_client (session), theirs, NULL,
                                         adept_test_store_result, &result);
  adept_test_wait_result (&result);
  elsewhere = adept_dep_client_define_profile_finish (adept_session_get_client (session), result,
                                                      &error);
  g_assert_no_error (error);
  uuid = adept_device_results_get_profile_uuid (elsewhere);
  g_assert_null (adept_session_get_profile_display_name (session, uuid));

  run = sync_session (session, &error);
  g_assert_no_error (error);
  while (adept_session_get_busy (session))
    g_main_context_iteration (NULL, TRUE);

  row = adept_store_get_profile (f->store, "adopt", uuid, &error);
  g_assert_no_error (error);
  g_assert_nonnull (row);
  g_assert_cmpint (row->origin, ==, ADEPT_PROFILE_ORIGIN_ADOPTED);
  g_assert_cmpstr (adept_session_get_profile_display_name (session, uuid), ==, "Made by another MDM");
  g_assert_true (adept_profile_names_get_adopted (adept_session_get_profile_names (session), uuid));
  g_assert_true (audit_has (f->store, "adopt", "profile-adopt", uuid));

  /* A second sync does not ask Apple again. */
  g_clear_pointer (&run, adept_journal_entry_free);
  run = sync_session (session, &error);
  g_assert_no_error (error);
  while (adept_session_get_busy (session))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (adept_depsim_get_request_count (f->sim, "/profile"), ==, 2);
}

static gboolean
has_alert (GPtrArray      *alerts,
           AdeptAlertKind  kind,
           const char     *event_prefix)
{
  for (guint i = 0; i < alerts->len; i++)
    {
      AdeptAlert *alert = g_ptr_array_index (alerts, i);

      g_test_message ("alert %d %s: %s", alert->kind, alert->event, alert->title);
      if (alert->kind == kind && g_str_has_prefix (alert->event, event_prefix) &&
          alert->title != NULL && alert->body != NULL)
        return TRUE;
    }
  return FALSE;
}

static void
set_expiry_in (AdeptSession *session,
               GTimeSpan     span)
{
  AdeptServer *server = adept_session_get_server (session);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) expiry = g_date_time_add (now, span);
  g_autoptr(GError) error = NULL;

  g_assert_true (adept_server_record_link (server, adept_server_get_server_fingerprint (server),
                                           expiry, adept_server_get_token_name (server), NULL,
                                           &error));
  g_assert_no_error (error);
}

/* Desktop notifications: each event once per server (across programs: the store keeps
 * them), Apple's troubles again once resolved, unattended sync failures only. */
static void
test_alerts (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(AdeptSession) session = new_session (f, "alerts");
  g_autoptr(AdeptSession) other = NULL;
  g_autoptr(GPtrArray) alerts = NULL;
  g_autoptr(AdeptJournalEntry) run = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GFile) token = NULL;
  g_autoptr(GError) error = NULL;
  AdeptDepsimFault fault = { "/devices/sync", ADEPT_DEPSIM_FAULT_GARBAGE, 0, "{not json", 0, 0, 10 };

  alerts = adept_session_take_alerts (session);
  g_assert_cmpuint (alerts->len, ==, 0);
  g_clear_pointer (&alerts, g_ptr_array_unref);

  token = issue_token (f, session, f->sim, "Alerts MDM");
  g_assert_true (link_file (session, token, adept_depsim_get_base_url (f->sim), &error));
  g_assert_no_error (error);
  alerts = adept_session_take_alerts (session);
  g_assert_cmpuint (alerts->len, ==, 0);
  g_clear_pointer (&alerts, g_ptr_array_unref);

  /* Five days left: the 7-day alert, once; the 30-day one is not told afterwards. */
  set_expiry_in (session, 5 * G_TIME_SPAN_DAY + G_TIME_SPAN_HOUR);
  alerts = adept_session_take_alerts (session);
  g_assert_cmpuint (alerts->len, ==, 1);
  g_assert_true (has_alert (alerts, ADEPT_ALERT_TOKEN_EXPIRES, "token-expires-7:"));
  g_assert_nonnull (strstr (((AdeptAlert *) alerts->pdata[0])->title, "5 days"));
  g_clear_pointer (&alerts, g_ptr_array_unref);
  alerts = adept_session_take_alerts (session);
  g_assert_cmpuint (alerts->len, ==, 0);
  g_clear_pointer (&alerts, g_ptr_array_unref);
  /* Another program on the same store (adeptctl at night) does not tell it again. */
  other = new_session (f, "alerts");
  alerts = adept_session_take_alerts (other);
  g_assert_cmpuint (alerts->len, ==, 0);
  g_clear_pointer (&alerts, g_ptr_array_unref);
  /* The last day, then expired. */
  set_expiry_in (session, 12 * G_TIME_SPAN_HOUR);
  alerts = adept_session_take_alerts (session);
  g_assert_true (has_alert (alerts, ADEPT_ALERT_TOKEN_EXPIRES, "token-expires-1:"));
  g_clear_pointer (&alerts, g_ptr_array_unref);
  set_expiry_in (session, -G_TIME_SPAN_HOUR);
  alerts = adept_session_take_alerts (session);
  g_assert_cmpuint (alerts->len, ==, 1);
  g_assert_true (has_alert (alerts, ADEPT_ALERT_TOKEN_EXPIRED, "token-expired:"));
  g_clear_pointer (&alerts, g_ptr_array_unref);
  set_expiry_in (session, 200 * G_TIME_SPAN_DAY);

  /* Terms: told once while they wait, again after Apple said all was well. */
  adept_depsim_set_terms_required (f->sim, TRUE);
  run = sync_session (session, &error);
  g_clear_error (&error);
  alerts = adept_session_take_alerts (session);
  g_assert_cmpuint (alerts->len, ==, 1);
  g_assert_true (has_alert (alerts, ADEPT_ALERT_TERMS, "terms"));
  g_clear_pointer (&alerts, g_ptr_array_unref);
  run = sync_session (session, &error);
  g_clear_error (&error);
  alerts = adept_session_take_alerts (session);
  g_assert_cmpuint (alerts->len, ==, 0);
  g_clear_pointer (&alerts, g_ptr_array_unref);
  adept_depsim_set_terms_required (f->sim, FALSE);
  run = sync_session (session, &error);
  g_assert_no_error (error);
  g_clear_pointer (&run, adept_journal_entry_free);
  adept_depsim_set_terms_required (f->sim, TRUE);
  run = sync_session (session, &error);
  g_clear_error (&error);
  alerts = adept_session_take_alerts (session);
  g_assert_true (has_alert (alerts, ADEPT_ALERT_TERMS, "terms"));
  g_clear_pointer (&alerts, g_ptr_array_unref);
  adept_depsim_set_terms_required (f->sim, FALSE);

  /* A sync that fails while the admin watches is no alert; an unattended one is, once. */
  adept_depsim_add_fault (f->sim, &fault);
  run = sync_session (session, &error);
  g_assert_nonnull (error);
  g_clear_error (&error);
  alerts = adept_session_take_alerts (session);
  g_assert_cmpuint (alerts->len, ==, 0);
  g_clear_pointer (&alerts, g_ptr_array_unref);
  adept_session_sync_async (session, ADEPT_SYNC_FLAGS_UNATTENDED, NULL, adept_test_store_result,
                            &result);
  adept_test_wait_result (&result);
  run = adept_session_sync_finish (session, result, &error);
  g_assert_nonnull (error);
  g_clear_error (&error);
  alerts = adept_session_take_alerts (session);
  g_assert_cmpuint (alerts->len, ==, 1);
  g_assert_true (has_alert (alerts, ADEPT_ALERT_SYNC_FAILED, "sync-failed:"));
  g_clear_pointer (&alerts, g_ptr_array_unref);
  alerts = adept_session_take_alerts (session);
  g_assert_cmpuint (alerts->len, ==, 0);
  adept_depsim_clear_faults (f->sim);
}

/* server.ini's kind picks the class; one this build does not know is refused. */
static void
test_kinds (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptServer) server = adept_server_new ("future");
  g_autofree char *dir = adept_context_dup_server_dir ("future", NULL);
  g_autofree char *ini = g_build_filename (dir, "server.ini", NULL);
  AdeptSession *session;

  g_assert_true (g_file_set_contents (ini, "[server]\nformat=1\nkind=remote\n", -1, NULL));
  g_assert_true (adept_server_load (server, &error));
  g_assert_cmpstr (adept_server_get_kind_name (server), ==, "remote");
  session = adept_session_new_for_id ("future", NULL, f->store, &error);
  g_assert_null (session);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_STORE_TOO_NEW);
  g_assert_cmpuint (adept_session_lookup_kind ("local"), ==, ADEPT_TYPE_DIRECT_SESSION);
  g_assert_cmpuint (adept_session_lookup_kind ("remote"), ==, G_TYPE_INVALID);
  adept_test_cleanup_dir (dir);

  /* What Add DEP Server… offers: every kind of the table, directly to Apple first, each
   * with its label and description; an unknown kind has neither. */
  {
    const char * const *names = adept_session_get_kind_names ();

    g_assert_cmpuint (g_strv_length ((char **) names), ==, 2);
    g_assert_cmpstr (names[0], ==, ADEPT_SERVER_KIND_NAME_LOCAL);
    g_assert_cmpstr (names[1], ==, ADEPT_SERVER_KIND_NAME_NANODEP);
    for (guint i = 0; names[i] != NULL; i++)
      {
        g_assert_cmpuint (adept_session_lookup_kind (names[i]), !=, G_TYPE_INVALID);
        g_assert_nonnull (adept_session_kind_get_label (names[i]));
        g_assert_nonnull (adept_session_kind_get_description (names[i]));
      }
    g_assert_cmpstr (adept_session_kind_get_label (ADEPT_SERVER_KIND_NAME_NANODEP), ==,
                     "Through a NanoDEP server");
    g_assert_null (adept_session_kind_get_label ("remote"));
    g_assert_null (adept_session_kind_get_description ("remote"));
  }
}

/* Which server a command without --server means. */
static void
test_list_resolve (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(AdeptSessionList) list = adept_session_list_new_for_store (f->store);
  g_autoptr(GError) error = NULL;
  AdeptSession *session;

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  /* None yet: "default", which a first `key generate` makes. */
  session = adept_session_list_resolve (list, NULL, &error);
  g_assert_cmpstr (adept_session_get_id (session), ==, "default");
  adept_session_list_remove (list, session);

  g_assert_nonnull (adept_session_list_add (list, "school", NULL, &error));
  session = adept_session_list_resolve (list, NULL, &error);
  g_assert_cmpstr (adept_session_get_id (session), ==, "school");

  g_assert_nonnull (adept_session_list_add (list, "office", NULL, &error));
  g_assert_null (adept_session_list_resolve (list, NULL, &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "office, school"));
  g_clear_error (&error);

  g_assert_nonnull (adept_session_list_add (list, "default", NULL, &error));
  session = adept_session_list_resolve (list, NULL, &error);
  g_assert_cmpstr (adept_session_get_id (session), ==, "default");

  g_assert_null (adept_session_list_add (list, "office", NULL, &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_null (adept_session_list_add (list, "Bad Name", NULL, &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_FAILED);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 3);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *xdg = adept_test_isolate_xdg ();
  g_autofree char *ns = g_strdup_printf ("test-session-%d-%08x", (int) getpid (), g_random_int ());
  int status;

  g_test_init (&argc, &argv, NULL);
  adept_context_set_namespace (ns);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  /* First: it needs a data folder with no server yet. */
  ADD ("/session/list-resolve", test_list_resolve);
  ADD ("/session/kinds", test_kinds);
  ADD ("/session/life", test_life);
  ADD ("/session/refused-link-stores-nothing", test_refused_link_stores_nothing);
  ADD ("/session/serialised", test_serialised);
  ADD ("/session/condition", test_condition);
  ADD ("/session/adopt-after-sync", test_adopt_after_sync);
  ADD ("/session/alerts", test_alerts);

  status = g_test_run ();
  adept_test_cleanup_dir (xdg);
  return status;
}
