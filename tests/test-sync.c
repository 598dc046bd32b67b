/* test-sync.c — the sync engine against the simulator over 127.0.0.1
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "adept-basic-authenticator.h"
#include "adept-depsim.h"
#include "adept-device-list.h"
#include "adept-error.h"
#include "adept-store-private.h"
#include "adept-sync-scheduler.h"
#include "adept-test-util.h"
#include "sync-test-server.h"

#define SERVER "default"

typedef SyncTestServer Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  sync_test_server_start (f, 42, GPOINTER_TO_UINT (data), SERVER);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  sync_test_server_stop (f);
}

static AdeptJournalEntry *
run_ok (Fixture        *f,
        AdeptSyncFlags  flags)
{
  g_autoptr(GError) error = NULL;
  AdeptJournalEntry *entry = sync_test_run (f->engine, flags, &error);

  g_assert_no_error (error);
  g_assert_nonnull (entry);
  g_assert_null (entry->error_code);
  g_assert_cmpint (entry->ended, >=, entry->started);
  return entry;
}

static guint
assert_matches (Fixture *f)
{
  g_autofree char *truth = adept_depsim_dup_truth_json (f->sim);

  return sync_test_assert_store_matches (f->store, SERVER, truth);
}

static void
test_first_fetch (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(AdeptJournalEntry) entry = run_ok (f, ADEPT_SYNC_FLAGS_NONE);
  g_autofree char *cursor = NULL;
  AdeptSyncPhase phase;

  g_assert_cmpint (entry->kind, ==, ADEPT_SYNC_KIND_FETCH);
  g_assert_cmpuint (entry->added, ==, 5000);
  /* Five pages of 1000, then one sync. */
  g_assert_cmpuint (entry->pages, ==, 6);
  g_assert_cmpuint (adept_depsim_get_request_count (f->sim, "/server/devices"), ==, 5);
  g_assert_cmpuint (adept_depsim_get_request_count (f->sim, "/devices/sync"), ==, 1);
  g_assert_cmpuint (assert_matches (f), ==, 5000);

  adept_store_get_cursor (f->store, SERVER, &cursor, &phase, NULL, NULL);
  g_assert_nonnull (cursor);
  g_assert_cmpint (phase, ==, ADEPT_SYNC_PHASE_SYNC);
}

static void
on_changed_refresh (AdeptSyncEngine *engine,
                    AdeptDeviceList *list)
{
  g_autoptr(GError) error = NULL;

  adept_device_list_refresh (list, &error);
  g_assert_no_error (error);
}

static void
count_items_changed (GListModel *model,
                     guint       position,
                     guint       removed,
                     guint       added,
                     guint      *n)
{
  (*n)++;
}

static void
test_changes (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(AdeptJournalEntry) first = run_ok (f, ADEPT_SYNC_FLAGS_NONE);
  g_autoptr(AdeptJournalEntry) entry = NULL;
  g_autoptr(AdeptDeviceList) list = adept_device_list_new (f->store, SERVER);
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(AdeptDevice) gone = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *profile = sync_test_define_profile (f->client, "Staff");
  g_auto(GStrv) added = NULL;
  g_auto(GStrv) unassigned = sync_test_server_dup_serials (f, 0, 7);
  g_auto(GStrv) assigned = sync_test_server_dup_serials (f, 100, 30);
  g_auto(GStrv) activated = sync_test_server_dup_serials (f, 100, 10);
  g_auto(GStrv) removed = sync_test_server_dup_serials (f, 120, 5);
  g_auto(GStrv) edited = sync_test_server_dup_serials (f, 200, 5);
  gboolean deleted = FALSE;
  guint n_signals = 0;

  adept_device_list_refresh (list, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 5000);
  g_signal_connect (f->engine, "changed", G_CALLBACK (on_changed_refresh), list);
  g_signal_connect (list, "items-changed", G_CALLBACK (count_items_changed), &n_signals);

  /* What ABM, other tools and devices do between two syncs. */
  added = adept_depsim_add_devices (f->sim, 20, TRUE);
  g_assert_cmpuint (adept_depsim_unassign_devices (f->sim, (const char * const *) unassigned, &error), ==, 7);
  for (guint i = 0; edited[i] != NULL; i++)
    adept_depsim_edit_device (f->sim, edited[i], "asset_tag", "EDITED", &error);
  g_assert_no_error (error);
  sync_test_set_profile (f->client, profile, (const char * const *) assigned);
  g_assert_cmpuint (adept_depsim_activate_devices (f->sim, (const char * const *) activated, &error), ==, 10);
  sync_test_set_profile (f->client, NULL, (const char * const *) removed);

  entry = run_ok (f, ADEPT_SYNC_FLAGS_NONE);
  g_assert_cmpint (entry->kind, ==, ADEPT_SYNC_KIND_SYNC);
  g_assert_cmpuint (entry->added, ==, 20);
  g_assert_cmpuint (entry->deleted, ==, 7);
  g_assert_cmpuint (entry->modified, ==, 5 + 30);
  g_assert_cmpuint (assert_matches (f), ==, 5013);

  /* Statuses as Apple reports them. */
  {
    g_autoptr(AdeptDevice) pushed = adept_store_get_device (f->store, SERVER, activated[0], NULL, NULL);
    g_autoptr(AdeptDevice) gone_profile = adept_store_get_device (f->store, SERVER, removed[0], NULL, NULL);
    g_assert_cmpint (adept_device_get_profile_status (pushed), ==, ADEPT_PROFILE_STATUS_PUSHED);
    g_assert_cmpint (adept_device_get_profile_status (gone_profile), ==, ADEPT_PROFILE_STATUS_REMOVED);
  }

  /* An unassigned device left the current list but keeps its history. */
  gone = adept_store_get_device (f->store, SERVER, unassigned[0], &deleted, &error);
  g_assert_nonnull (gone);
  g_assert_true (deleted);
  history = adept_store_list_device_history (f->store, SERVER, unassigned[0], &error);
  g_assert_cmpuint (history->len, ==, 1);
  g_assert_cmpstr (((AdeptDeviceChange *) history->pdata[0])->op_type, ==, "deleted");

  /* The list followed through the engine's signal, with a few precise signals. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 5013);
  g_assert_cmpuint (n_signals, >, 0);
  g_assert_cmpuint (n_signals, <=, 20 + 7 + 35);
  g_assert_false (adept_device_list_find (list, unassigned[0], NULL));
  g_assert_true (adept_device_list_find (list, added[0], NULL));
}

static void
test_expired_cursor (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(AdeptJournalEntry) first = run_ok (f, ADEPT_SYNC_FLAGS_NONE);
  g_autoptr(AdeptJournalEntry) entry = NULL;
  g_autoptr(GPtrArray) journal = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) unassigned = sync_test_server_dup_serials (f, 10, 3);
  g_auto(GStrv) added = NULL;

  adept_depsim_advance_clock (f->sim, 8 * 24 * 3600);
  adept_depsim_unassign_devices (f->sim, (const char * const *) unassigned, &error);
  added = adept_depsim_add_devices (f->sim, 4, TRUE);

  entry = run_ok (f, ADEPT_SYNC_FLAGS_NONE);
  g_assert_cmpint (entry->kind, ==, ADEPT_SYNC_KIND_FULL);
  g_assert_cmpstr (entry->reason, ==, "cursor-expired");
  g_assert_cmpuint (entry->deleted, ==, 3);
  g_assert_cmpuint (assert_matches (f), ==, 1001);

  journal = adept_store_list_journal (f->store, SERVER, 0, &error);
  g_assert_cmpuint (journal->len, ==, 2);
  g_assert_cmpstr (((AdeptJournalEntry *) journal->pdata[0])->reason, ==, "cursor-expired");
}

static void
test_invalid_cursor (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(AdeptJournalEntry) first = run_ok (f, ADEPT_SYNC_FLAGS_NONE);
  g_autoptr(AdeptJournalEntry) entry = NULL;

  g_assert_cmpint (sqlite3_exec (adept_store_get_db (f->store),
                                 "UPDATE cursors SET cursor = 'bm90IGEgY3Vyc29y'", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  entry = run_ok (f, ADEPT_SYNC_FLAGS_NONE);
  g_assert_cmpint (entry->kind, ==, ADEPT_SYNC_KIND_FULL);
  g_assert_cmpstr (entry->reason, ==, "cursor-invalid");
  assert_matches (f);
}

static void
test_exhausted_cursor (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(AdeptJournalEntry) first = run_ok (f, ADEPT_SYNC_FLAGS_NONE);
  g_autoptr(AdeptJournalEntry) entry = NULL;
  g_auto(GStrv) added = NULL;
  g_autoptr(GError) error = NULL;
  guint fetches = adept_depsim_get_request_count (f->sim, "/server/devices");

  /* As if the last run had stopped before noting that the fetch was complete. */
  adept_store_set_phase (f->store, SERVER, ADEPT_SYNC_PHASE_FETCH, &error);
  g_assert_no_error (error);
  added = adept_depsim_add_devices (f->sim, 2, TRUE);

  entry = run_ok (f, ADEPT_SYNC_FLAGS_NONE);
  g_assert_cmpint (entry->kind, ==, ADEPT_SYNC_KIND_FETCH);
  g_assert_null (entry->reason);
  g_assert_cmpuint (entry->added, ==, 2);
  g_assert_cmpuint (adept_depsim_get_request_count (f->sim, "/server/devices"), ==, fetches + 1);
  assert_matches (f);
}

static void
test_full_on_request (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(AdeptJournalEntry) first = run_ok (f, ADEPT_SYNC_FLAGS_NONE);
  g_autoptr(AdeptJournalEntry) entry = run_ok (f, ADEPT_SYNC_FLAGS_FULL);

  g_assert_cmpint (entry->kind, ==, ADEPT_SYNC_KIND_FULL);
  g_assert_cmpstr (entry->reason, ==, "requested");
  /* Nothing changed: a full fetch rewrites nothing. */
  g_assert_cmpuint (entry->added + entry->modified + entry->deleted, ==, 0);
  assert_matches (f);
}

static guint
count_result (Fixture           *f,
              const char        *serial,
              AdeptAssignResult  result)
{
  g_autoptr(GPtrArray) attempts = adept_store_list_assign_attempts (f->store, SERVER, serial, NULL);
  guint n = 0;

  for (guint i = 0; i < attempts->len; i++)
    if (((AdeptAssignAttempt *) attempts->pdata[i])->result == result)
      n++;
  return n;
}

static void
test_auto_assign (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(AdeptJournalEntry) first = run_ok (f, ADEPT_SYNC_FLAGS_NONE);
  g_autoptr(AdeptJournalEntry) entry = NULL;
  g_autoptr(AdeptJournalEntry) after = NULL;
  g_autofree char *other = sync_test_define_profile (f->client, "Other");
  g_autofree char *profile = sync_test_define_profile (f->client, "Default");
  g_auto(GStrv) added = NULL;
  g_auto(GStrv) quiet = sync_test_server_dup_serials (f, 0, 1);
  g_auto(GStrv) removed = sync_test_server_dup_serials (f, 1, 1);
  g_autoptr(GError) error = NULL;

  adept_store_set_default_profile (f->store, SERVER, profile, &error);
  g_assert_no_error (error);
  g_assert_cmpint (adept_store_get_assign_plan (f->store, SERVER, quiet[0], NULL, NULL), ==,
                   ADEPT_ASSIGN_PLAN_NOTHING);

  /* New on the server: three added; one device without a profile is modified (the kind
   * other tools miss); one whose profile an admin removed is modified too but must be
   * left alone. */
  added = adept_depsim_add_devices (f->sim, 3, TRUE);
  adept_depsim_edit_device (f->sim, quiet[0], "description", "Moved from another MDM", &error);
  sync_test_set_profile (f->client, other, (const char * const *) removed);
  sync_test_set_profile (f->client, NULL, (const char * const *) removed);

  entry = run_ok (f, ADEPT_SYNC_FLAGS_NONE);
  g_assert_cmpuint (entry->assigned, ==, 4);
  for (guint i = 0; added[i] != NULL; i++)
    g_assert_cmpuint (count_result (f, added[i], ADEPT_ASSIGN_RESULT_SUCCESS), ==, 1);
  g_assert_cmpuint (count_result (f, quiet[0], ADEPT_ASSIGN_RESULT_SUCCESS), ==, 1);
  g_assert_cmpint (adept_store_get_assign_plan (f->store, SERVER, quiet[0], NULL, NULL), ==,
                   ADEPT_ASSIGN_PLAN_DONE);
  {
    g_autoptr(GPtrArray) none = adept_store_list_assign_attempts (f->store, SERVER, removed[0], NULL);
    g_assert_cmpuint (none->len, ==, 0);
  }

  /* The next sync brings Apple's view: assigned, and nothing assigned twice. */
  after = run_ok (f, ADEPT_SYNC_FLAGS_NONE);
  g_assert_cmpuint (after->assigned, ==, 0);
  assert_matches (f);
  {
    g_autoptr(AdeptDevice) d = adept_store_get_device (f->store, SERVER, added[0], NULL, NULL);
    g_assert_cmpint (adept_device_get_profile_status (d), ==, ADEPT_PROFILE_STATUS_ASSIGNED);
    g_assert_cmpstr (adept_device_get_profile_uuid (d), ==, profile);
  }
}

/* Issue 16's soak: a device that got the default, left the server and came back between
 * two syncs is seen by a full fetch only as a known device with no profile. Its newer
 * assignment date tells it is new here again, so it gets the default again; a device whose
 * profile was removed while it stayed is left alone. */
static void
test_auto_assign_returned (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(AdeptJournalEntry) first = run_ok (f, ADEPT_SYNC_FLAGS_NONE);
  g_autoptr(AdeptJournalEntry) given = NULL;
  g_autoptr(AdeptJournalEntry) seen = NULL;
  g_autoptr(AdeptJournalEntry) full = NULL;
  g_autoptr(AdeptJournalEntry) after = NULL;
  g_autofree char *profile = sync_test_define_profile (f->client, "Default");
  g_auto(GStrv) added = NULL;
  g_autoptr(GError) error = NULL;
  const char *left[2] = { NULL, NULL };
  const char *stayed[2] = { NULL, NULL };

  adept_store_set_default_profile (f->store, SERVER, profile, &error);
  g_assert_no_error (error);
  added = adept_depsim_add_devices (f->sim, 2, TRUE);
  given = run_ok (f, ADEPT_SYNC_FLAGS_NONE);
  g_assert_cmpuint (given->assigned, ==, 2);
  seen = run_ok (f, ADEPT_SYNC_FLAGS_NONE);
  g_assert_cmpuint (seen->assigned, ==, 0);

  /* added[0] leaves and comes back a minute later; added[1] loses its profile, and stays. */
  left[0] = added[0];
  stayed[0] = added[1];
  g_assert_cmpuint (adept_depsim_unassign_devices (f->sim, left, &error), ==, 1);
  adept_depsim_advance_clock (f->sim, 60);
  g_assert_cmpuint (adept_depsim_assign_devices (f->sim, left, &error), ==, 1);
  g_assert_no_error (error);
  sync_test_set_profile (f->client, NULL, stayed);

  full = run_ok (f, ADEPT_SYNC_FLAGS_FULL);
  g_assert_cmpint (full->kind, ==, ADEPT_SYNC_KIND_FULL);
  g_assert_cmpuint (full->assigned, ==, 1);
  g_assert_cmpuint (count_result (f, added[0], ADEPT_ASSIGN_RESULT_SUCCESS), ==, 2);
  g_assert_cmpuint (count_result (f, added[1], ADEPT_ASSIGN_RESULT_SUCCESS), ==, 1);

  after = run_ok (f, ADEPT_SYNC_FLAGS_NONE);
  g_assert_cmpuint (after->assigned, ==, 0);
  assert_matches (f);
  {
    g_autoptr(AdeptDevice) d = adept_store_get_device (f->store, SERVER, added[0], NULL, NULL);
    g_assert_cmpint (adept_device_get_profile_status (d), ==, ADEPT_PROFILE_STATUS_ASSIGNED);
    g_assert_cmpstr (adept_device_get_profile_uuid (d), ==, profile);
  }
}

static void
on_retries_finished (AdeptSyncEngine *engine,
                     guint            n,
                     guint           *total)
{
  *total += n;
}

static void
test_throttled_retry (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(AdeptJournalEntry) first = run_ok (f, ADEPT_SYNC_FLAGS_NONE);
  g_autoptr(AdeptJournalEntry) entry = NULL;
  g_autofree char *profile = sync_test_define_profile (f->client, "Default");
  g_auto(GStrv) added = NULL;
  g_autoptr(GError) error = NULL;
  guint retried = 0;
  guint throttled = 0;
  gint64 when = 0;

  adept_store_set_default_profile (f->store, SERVER, profile, &error);
  /* Two devices per request, the others wait a second. */
  adept_depsim_set_assign_throttle (f->sim, 2, 1);
  added = adept_depsim_add_devices (f->sim, 5, TRUE);

  entry = run_ok (f, ADEPT_SYNC_FLAGS_NONE);
  g_assert_cmpuint (entry->assigned, ==, 2);
  for (guint i = 0; added[i] != NULL; i++)
    if (adept_store_get_assign_plan (f->store, SERVER, added[i], &when, NULL) == ADEPT_ASSIGN_PLAN_RETRY)
      {
        throttled++;
        g_assert_cmpint (when, >, 0);
      }
  g_assert_cmpuint (throttled, ==, 3);
  {
    g_autoptr(GPtrArray) attempts = adept_store_list_assign_attempts (f->store, SERVER, added[4], NULL);
    AdeptAssignAttempt *a = attempts->pdata[0];
    g_assert_cmpint (a->result, ==, ADEPT_ASSIGN_RESULT_THROTTLED);
    g_assert_cmpint (a->retry_after, ==, 1);
    g_assert_cmpint (a->next_attempt, ==, a->time + 1);
  }

  /* The engine retries when they fall due: wait on its signal until none is left. */
  g_signal_connect (f->engine, "retries-finished", G_CALLBACK (on_retries_finished), &retried);
  adept_sync_engine_set_retry_timer (f->engine, TRUE);
  while (adept_store_get_next_retry_time (f->store, SERVER) != 0 || adept_sync_engine_is_running (f->engine))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (retried, >=, 3);

  for (guint i = 0; added[i] != NULL; i++)
    g_assert_cmpint (adept_store_get_assign_plan (f->store, SERVER, added[i], NULL, NULL), ==,
                     ADEPT_ASSIGN_PLAN_DONE);
  g_clear_pointer (&entry, adept_journal_entry_free);
  entry = run_ok (f, ADEPT_SYNC_FLAGS_NONE);
  assert_matches (f);
}

/* Issue 16: the journal's "given the default profile" counted only the first pass. The
 * retries that succeed count into the run when its caller says so (adeptctl sync waits
 * for them), else into a journal row of the pass's own; the session's last sync stays
 * the sync. */
static void
wait_for_retries (Fixture *f)
{
  adept_sync_engine_set_retry_timer (f->engine, TRUE);
  while (adept_store_get_next_retry_time (f->store, SERVER) != 0 || adept_sync_engine_is_running (f->engine))
    g_main_context_iteration (NULL, TRUE);
  adept_sync_engine_set_retry_timer (f->engine, FALSE);
}

static void
test_journal_counts_retries (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(AdeptJournalEntry) first = run_ok (f, ADEPT_SYNC_FLAGS_NONE);
  g_autoptr(AdeptJournalEntry) entry = NULL;
  g_autoptr(AdeptJournalEntry) counted = NULL;
  g_autoptr(AdeptJournalEntry) last = NULL;
  g_autoptr(GPtrArray) journal = NULL;
  g_autofree char *profile = sync_test_define_profile (f->client, "Default");
  g_auto(GStrv) added = NULL;
  g_auto(GStrv) more = NULL;
  g_autoptr(GError) error = NULL;
  AdeptJournalEntry *retry_row;

  adept_store_set_default_profile (f->store, SERVER, profile, &error);
  adept_depsim_set_assign_throttle (f->sim, 2, 1);

  /* Into the run: 2 at once, 3 after Apple's wait. */
  added = adept_depsim_add_devices (f->sim, 5, TRUE);
  entry = run_ok (f, ADEPT_SYNC_FLAGS_NONE);
  g_assert_cmpuint (entry->assigned, ==, 2);
  adept_sync_engine_set_retry_journal (f->engine, entry->id);
  wait_for_retries (f);
  adept_sync_engine_set_retry_journal (f->engine, 0);
  counted = adept_store_get_journal_entry (f->store, entry->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (counted->assigned, ==, 5);
  journal = adept_store_list_journal (f->store, SERVER, 0, &error);
  g_assert_cmpint (((AdeptJournalEntry *) journal->pdata[0])->id, ==, entry->id);
  g_clear_pointer (&journal, g_ptr_array_unref);
  g_clear_pointer (&entry, adept_journal_entry_free);

  /* Outside a sync: a row of their own, and the last sync is still the sync. */
  more = adept_depsim_add_devices (f->sim, 4, TRUE);
  entry = run_ok (f, ADEPT_SYNC_FLAGS_NONE);
  g_assert_cmpuint (entry->assigned, ==, 2);
  wait_for_retries (f);
  journal = adept_store_list_journal (f->store, SERVER, 0, &error);
  retry_row = journal->pdata[0];
  g_assert_cmpint (retry_row->kind, ==, ADEPT_SYNC_KIND_RETRY);
  g_assert_cmpstr (adept_sync_kind_to_string (retry_row->kind), ==, "retry");
  g_assert_cmpuint (retry_row->assigned, ==, 2);
  g_assert_cmpint (retry_row->ended, >, 0);
  g_assert_null (retry_row->error_code);
  g_assert_cmpuint (retry_row->pages, ==, 0);
  last = adept_store_get_last_sync (f->store, SERVER, &error);
  g_assert_cmpint (last->id, ==, entry->id);
  g_assert_cmpuint (last->assigned, ==, 2);
}

static void
test_failed_cool_down (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(AdeptJournalEntry) first = run_ok (f, ADEPT_SYNC_FLAGS_NONE);
  g_autoptr(AdeptJournalEntry) entry = NULL;
  g_autofree char *profile = sync_test_define_profile (f->client, "Default");
  g_auto(GStrv) added = adept_depsim_add_devices (f->sim, 1, TRUE);
  g_autoptr(GPtrArray) attempts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *plan = NULL;
  gint64 when = 0;
  AdeptAssignAttempt *a;

  adept_store_set_default_profile (f->store, SERVER, profile, &error);
  adept_depsim_set_assign_result (f->sim, added[0], "FAILED", 1, 0);
  entry = run_ok (f, ADEPT_SYNC_FLAGS_NONE);

  attempts = adept_store_list_assign_attempts (f->store, SERVER, added[0], &error);
  g_assert_cmpuint (attempts->len, ==, 1);
  a = attempts->pdata[0];
  g_assert_cmpint (a->result, ==, ADEPT_ASSIGN_RESULT_FAILED);
  g_assert_cmpint (a->origin, ==, ADEPT_ASSIGN_ORIGIN_AUTO);
  g_assert_cmpint (a->next_attempt, ==, a->time + 24 * 3600);
  g_assert_cmpint (adept_store_get_assign_plan (f->store, SERVER, added[0], &when, NULL), ==,
                   ADEPT_ASSIGN_PLAN_RETRY);
  plan = adept_assign_plan_describe (ADEPT_ASSIGN_PLAN_RETRY, when);
  g_assert_nonnull (plan);

  /* The next sync does not retry before the cool-down. */
  g_clear_pointer (&entry, adept_journal_entry_free);
  entry = run_ok (f, ADEPT_SYNC_FLAGS_NONE);
  g_clear_pointer (&attempts, g_ptr_array_unref);
  attempts = adept_store_list_assign_attempts (f->store, SERVER, added[0], &error);
  g_assert_cmpuint (attempts->len, ==, 1);
}

static void
on_joined (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  AdeptJournalEntry **slot = user_data;
  g_autoptr(GError) error = NULL;

  *slot = adept_sync_engine_sync_finish (ADEPT_SYNC_ENGINE (source), result, &error);
  g_assert_no_error (error);
}

static void
test_join_and_busy (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(AdeptJournalEntry) a = NULL;
  g_autoptr(AdeptJournalEntry) b = NULL;
  g_autoptr(AdeptSyncEngine) other = adept_sync_engine_new (f->store, f->client, SERVER);
  g_autoptr(GPtrArray) journal = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptJournalEntry) refused = NULL;

  adept_sync_engine_sync_async (f->engine, ADEPT_SYNC_FLAGS_NONE, NULL, on_joined, &a);
  g_assert_true (adept_sync_engine_is_running (f->engine));
  adept_sync_engine_sync_async (f->engine, ADEPT_SYNC_FLAGS_NONE, NULL, on_joined, &b);

  /* Another engine (as another program would) is refused while the run holds the lock. */
  refused = sync_test_run (other, ADEPT_SYNC_FLAGS_NONE, &error);
  g_assert_null (refused);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_SYNC_BUSY);

  while (a == NULL || b == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (a->id, ==, b->id);
  journal = adept_store_list_journal (f->store, SERVER, 0, &error);
  g_assert_cmpuint (journal->len, ==, 1);
  assert_matches (f);

  /* Once done, the other engine may sync. */
  g_clear_pointer (&refused, adept_journal_entry_free);
  refused = sync_test_run (other, ADEPT_SYNC_FLAGS_NONE, NULL);
  g_assert_nonnull (refused);
}

static void
cancel_after_three_pages (AdeptSyncEngine *engine,
                          guint            pages,
                          guint            devices,
                          GCancellable    *cancellable)
{
  if (pages == 3)
    g_cancellable_cancel (cancellable);
}

static void
test_cancel_keeps_pages (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(AdeptJournalEntry) entry = NULL;
  g_autoptr(AdeptJournalEntry) resumed = NULL;
  g_autoptr(GPtrArray) journal = NULL;
  g_autoptr(GError) error = NULL;
  guint kept;

  adept_sync_engine_set_page_size (f->engine, 100);
  g_signal_connect (f->engine, "progress", G_CALLBACK (cancel_after_three_pages), cancellable);
  adept_sync_engine_sync_async (f->engine, ADEPT_SYNC_FLAGS_NONE, cancellable,
                                adept_test_store_result, &result);
  adept_test_wait_result (&result);
  entry = adept_sync_engine_sync_finish (f->engine, result, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (entry);
  g_signal_handlers_disconnect_by_func (f->engine, cancel_after_three_pages, cancellable);

  kept = adept_store_count_devices (f->store, SERVER, NULL);
  g_assert_cmpuint (kept, >=, 300);
  g_assert_cmpuint (kept, <, 5000);
  journal = adept_store_list_journal (f->store, SERVER, 0, NULL);
  g_assert_cmpstr (((AdeptJournalEntry *) journal->pdata[0])->error_code, ==, "cancelled");

  /* The next run goes on from the stored cursor rather than from the start. */
  resumed = run_ok (f, ADEPT_SYNC_FLAGS_NONE);
  g_assert_cmpint (resumed->kind, ==, ADEPT_SYNC_KIND_FETCH);
  g_assert_cmpuint (resumed->added, ==, 5000 - kept);
  g_assert_cmpuint (adept_depsim_get_request_count (f->sim, "/server/devices"), <=, 51);
  assert_matches (f);
}

static void
note_committed_pages (AdeptSyncEngine *engine,
                      GArray          *pages_at_change)
{
  guint pages = adept_sync_engine_get_pages (engine);

  g_array_append_val (pages_at_change, pages);
}

/* The pages that come while the store is busy (here: another connection holds its write
 * lock) are stored together, one transaction, once it is free; no more than a group's
 * worth are asked for meanwhile. Stopped while they wait, the run keeps only what was
 * committed, and the next run goes on from there. */
static void
groups_pages (Fixture  *f,
              gboolean  stop)
{
  g_autoptr(GArray) pages_at_change = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(AdeptJournalEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  gint64 deadline = g_get_monotonic_time () + 4 * G_USEC_PER_SEC;
  sqlite3 *other = NULL;
  /* The page being stored, then a group of 32 pages of 20 devices waiting. */
  const guint asked = 1 + 32;

  adept_sync_engine_set_page_size (f->engine, 20);
  g_signal_connect (f->engine, "changed", G_CALLBACK (note_committed_pages), pages_at_change);
  adept_sync_engine_sync_async (f->engine, ADEPT_SYNC_FLAGS_NONE, NULL,
                                adept_test_store_result, &result);
  g_assert_cmpint (sqlite3_open (adept_store_get_path (f->store), &other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);
  while (adept_depsim_get_request_count (f->sim, "/server/devices") < asked)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  /* Whatever is pending on the main loop now: no page beyond the group is asked for. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (adept_depsim_get_request_count (f->sim, "/server/devices"), ==, asked);
  g_assert_cmpuint (adept_store_count_devices (f->store, SERVER, NULL), ==, 0);
  if (stop)
    adept_sync_engine_cancel (f->engine);
  sqlite3_exec (other, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close (other);

  adept_test_wait_result (&result);
  entry = adept_sync_engine_sync_finish (f->engine, result, &error);
  g_signal_handlers_disconnect_by_func (f->engine, note_committed_pages, pages_at_change);
  g_assert_cmpuint (pages_at_change->len, >=, 1);
  g_assert_cmpuint (g_array_index (pages_at_change, guint, 0), ==, 1);

  if (stop)
    {
      g_autoptr(AdeptJournalEntry) resumed = NULL;

      /* Only the first page was committed: the group that waited is asked for again. */
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_clear_error (&error);
      g_assert_null (entry);
      g_assert_cmpuint (pages_at_change->len, ==, 1);
      g_assert_cmpuint (adept_store_count_devices (f->store, SERVER, NULL), ==, 20);
      adept_store_get_cursor (f->store, SERVER, &cursor, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (cursor);
      resumed = run_ok (f, ADEPT_SYNC_FLAGS_NONE);
      g_assert_cmpint (resumed->kind, ==, ADEPT_SYNC_KIND_FETCH);
      g_assert_cmpuint (resumed->added, ==, 1000 - 20);
    }
  else
    {
      g_assert_no_error (error);
      g_assert_cmpuint (pages_at_change->len, >=, 2);
      /* The 32 pages that waited went in with one commit. */
      g_assert_cmpuint (g_array_index (pages_at_change, guint, 1), ==, asked);
      /* 50 pages of the fetch and the sync that ends it, each counted. */
      g_assert_cmpuint (entry->pages, ==, 51);
      g_assert_cmpuint (entry->added, ==, 1000);
    }
  g_assert_cmpuint (assert_matches (f), ==, 1000);
}

static void
test_groups_pages (Fixture       *f,
                   gconstpointer  data)
{
  groups_pages (f, FALSE);
}

static void
test_groups_pages_stopped (Fixture       *f,
                           gconstpointer  data)
{
  groups_pages (f, TRUE);
}

/* Issue #16 defect 1: a 200 answer nesting 80,000 levels crashed the sync (and its core
 * file held the OAuth secrets). Now it is a malformed answer: the run fails with the
 * sentence, the journal says so, and the store and its cursor are as before. */
static void
test_deep_answer (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(AdeptJournalEntry) first = run_ok (f, ADEPT_SYNC_FLAGS_NONE);
  g_autoptr(AdeptJournalEntry) entry = NULL;
  g_autoptr(GPtrArray) journal = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *deep = g_strnfill (80000, '[');
  g_autofree char *cursor_before = NULL;
  g_autofree char *cursor_after = NULL;
  g_auto(GStrv) added = adept_depsim_add_devices (f->sim, 3, TRUE);
  AdeptDepsimFault fault = { .endpoint = "/devices/sync", .kind = ADEPT_DEPSIM_FAULT_GARBAGE,
                             .body = deep, .count = 1 };

  adept_store_get_cursor (f->store, SERVER, &cursor_before, NULL, NULL, NULL);
  adept_depsim_add_fault (f->sim, &fault);
  entry = sync_test_run (f->engine, ADEPT_SYNC_FLAGS_NONE, &error);
  g_assert_null (entry);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_MALFORMED_RESPONSE);
  g_assert_nonnull (strstr (error->message, "The DEP server’s answer is malformed"));
  g_assert_nonnull (strstr (error->message, "deeper than 64 levels"));

  journal = adept_store_list_journal (f->store, SERVER, 0, NULL);
  g_assert_cmpstr (((AdeptJournalEntry *) journal->pdata[0])->error_code, ==, "malformed-response");
  adept_store_get_cursor (f->store, SERVER, &cursor_after, NULL, NULL, NULL);
  g_assert_cmpstr (cursor_after, ==, cursor_before);
  g_assert_cmpuint (adept_store_count_devices (f->store, SERVER, NULL), ==, GPOINTER_TO_UINT (data));

  /* The next run picks the new devices up from the same cursor. */
  g_clear_pointer (&entry, adept_journal_entry_free);
  g_clear_error (&error);
  entry = run_ok (f, ADEPT_SYNC_FLAGS_NONE);
  g_assert_cmpuint (entry->added, ==, 3);
  g_assert_cmpuint (assert_matches (f), ==, GPOINTER_TO_UINT (data) + 3);
}

/* Issue #16: a damaged store could pass an incremental sync unnoticed. A full sync checks
 * the file first and refuses to touch a damaged one. */
static void
test_full_checks_store (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(AdeptJournalEntry) first = run_ok (f, ADEPT_SYNC_FLAGS_NONE);
  g_autoptr(AdeptJournalEntry) entry = NULL;
  g_autoptr(AdeptStore) store = NULL;
  g_autoptr(AdeptSyncEngine) engine = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = adept_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "adept.db", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *after = NULL;
  gsize len = 0, after_len = 0;
  gsize page;

  /* A copy of the synced store with every page in the file itself, one page in the middle
   * flipped; it opens without a check (no unclean shutdown, a sound header). */
  g_assert_cmpint (sqlite3_exec (adept_store_get_db (f->store), "PRAGMA wal_checkpoint(TRUNCATE)",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_true (g_file_get_contents (adept_store_get_path (f->store), &contents, &len, NULL));
  page = len / 4096 / 2;
  for (gsize i = 0; i < 4096; i++)
    contents[page * 4096 + i] ^= (char) (0xa5 + i);
  g_assert_true (g_file_set_contents (path, contents, len, NULL));
  store = adept_store_open_in (dir, &error);
  g_assert_no_error (error);
  engine = adept_sync_engine_new (store, f->client, SERVER);

  entry = sync_test_run (engine, ADEPT_SYNC_FLAGS_FULL, &error);
  g_assert_null (entry);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_STORE_CORRUPT);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_cmpuint (adept_depsim_get_request_count (f->sim, "/server/devices"), ==, 1);
  g_assert_true (g_file_get_contents (path, &after, &after_len, NULL));
  g_assert_cmpmem (after, after_len, contents, len);

  g_clear_object (&engine);
  g_clear_object (&store);
  adept_test_cleanup_dir (dir);
}

/* An engine on a store of its own, syncing from a server a test runs itself (no OAuth:
 * Basic, as behind a proxy). */
typedef struct {
  char            *dir;
  AdeptDepClient  *client;
  AdeptStore      *store;
  AdeptSyncEngine *engine;
} OwnServer;

static void
own_server_open (OwnServer  *own,
                 const char *base_url)
{
  g_autoptr(AdeptBasicAuthenticator) auth = adept_basic_authenticator_new ("depserver", "key");
  g_autoptr(GError) error = NULL;

  own->dir = adept_test_make_tmpdir ();
  own->client = adept_dep_client_new (base_url, ADEPT_AUTHENTICATOR (auth), &error);
  g_assert_no_error (error);
  own->store = adept_store_open_in (own->dir, &error);
  g_assert_no_error (error);
  own->engine = adept_sync_engine_new (own->store, own->client, SERVER);
}

static void
own_server_close (OwnServer *own)
{
  g_clear_object (&own->engine);
  g_clear_object (&own->store);
  g_clear_object (&own->client);
  adept_test_cleanup_dir (own->dir);
  g_clear_pointer (&own->dir, g_free);
}

/* A server that keeps answering the same cursor with more_to_follow. */
static void
serve_repeating_cursor (SoupServer        *server,
                        SoupServerMessage *msg,
                        const char        *path,
                        GHashTable        *query,
                        gpointer           user_data)
{
  static const char body[] =
    "{\"devices\":[{\"serial_number\":\"LOOP1\",\"model\":\"iPad\"}],\"cursor\":\"c2FtZQ\","
    "\"fetched_until\":\"2026-01-01T00:00:00Z\",\"more_to_follow\":true}";

  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json;charset=UTF8", SOUP_MEMORY_STATIC,
                                    body, strlen (body));
}

static void
test_repeated_cursor (void)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(AdeptJournalEntry) entry = NULL;
  g_autoptr(GPtrArray) journal = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;
  g_autofree char *base = NULL;
  OwnServer own;
  AdeptJournalEntry *row;

  soup_server_add_handler (server, NULL, serve_repeating_cursor, NULL, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  base = g_uri_to_string_partial (uris->data, G_URI_HIDE_PASSWORD);
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);

  own_server_open (&own, base);

  entry = sync_test_run (own.engine, ADEPT_SYNC_FLAGS_NONE, &error);
  g_assert_null (entry);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_MALFORMED_RESPONSE);

  journal = adept_store_list_journal (own.store, SERVER, 0, NULL);
  row = journal->pdata[0];
  g_assert_cmpstr (row->error_code, ==, "malformed-response");
  g_assert_cmpuint (row->pages, ==, 2);
  g_assert_cmpint (row->ended, >, 0);
  own_server_close (&own);
}

/* Issue #16 defect 6: a server trickling a byte every 20 s kept a sync (and the sync
 * lock) alive for 560 s. A run that makes no progress is stopped, says why, and frees
 * the lock. Here each call's own deadline is long, so the stall detector is what ends it. */
static void
test_stalled_server (void)
{
  AdeptTestTrickle *trickle = adept_test_trickle_start (200);
  g_autoptr(AdeptJournalEntry) entry = NULL;
  g_autoptr(AdeptStoreLock) lock = NULL;
  g_autoptr(GPtrArray) journal = NULL;
  g_autoptr(GError) error = NULL;
  OwnServer own;

  own_server_open (&own, adept_test_trickle_get_url (trickle));
  adept_dep_client_set_deadline (own.client, 600);
  adept_sync_engine_set_stall_timeout (own.engine, 2);

  entry = sync_test_run (own.engine, ADEPT_SYNC_FLAGS_NONE, &error);
  g_assert_null (entry);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "stopped answering"));
  g_assert_nonnull (strstr (error->message, "no progress for 2 seconds"));
  g_assert_cmpuint (adept_test_trickle_get_n_bytes (trickle), >=, 5);

  journal = adept_store_list_journal (own.store, SERVER, 0, NULL);
  g_assert_cmpstr (((AdeptJournalEntry *) journal->pdata[0])->error_code, ==, "network");
  g_assert_false (adept_sync_engine_is_running (own.engine));
  g_clear_error (&error);
  lock = adept_store_lock_server (own.store, SERVER, &error);
  g_assert_no_error (error);
  g_assert_nonnull (lock);

  g_clear_pointer (&lock, adept_store_lock_release);
  own_server_close (&own);
  adept_test_trickle_stop (trickle);
}

static void
test_scheduler (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) evening = g_date_time_new (utc, 2026, 3, 28, 22, 15, 0);
  g_autoptr(GDateTime) next = adept_sync_next_occurrence (evening, 2, 0);
  g_autoptr(GDateTime) at_two = g_date_time_new (utc, 2026, 3, 29, 2, 0, 0);
  g_autoptr(GDateTime) later = adept_sync_next_occurrence (at_two, 2, 0);
  /* The scheduler reads the clock itself: "now" is taken on both sides of it, so a second
   * (or the scheduled minute) passing in between changes nothing below. */
  g_autoptr(GDateTime) clock_start = g_date_time_new_now_local ();
  g_autoptr(AdeptSyncScheduler) scheduler = adept_sync_scheduler_new (f->engine);
  g_autoptr(GDateTime) clock_end = g_date_time_new_now_local ();
  g_autoptr(GDateTime) after_next_run = NULL;
  g_autoptr(GPtrArray) journal = NULL;
  gint64 next_run;

  g_assert_cmpint (g_date_time_get_day_of_month (next), ==, 29);
  g_assert_cmpint (g_date_time_get_hour (next), ==, 2);
  /* Strictly after: at 02:00 the next run is the next day's. */
  g_assert_cmpint (g_date_time_get_day_of_month (later), ==, 30);

  /* Across a daylight saving change the wall-clock time stays 04:00. */
  {
    g_autoptr(GTimeZone) berlin = g_time_zone_new_identifier ("Europe/Berlin");

    if (berlin != NULL)
      {
        g_autoptr(GDateTime) before = g_date_time_new (berlin, 2026, 10, 23, 12, 0, 0);
        g_autoptr(GDateTime) first = adept_sync_next_occurrence (before, 4, 0);
        g_autoptr(GDateTime) second = adept_sync_next_occurrence (first, 4, 0);

        g_assert_cmpint (g_date_time_get_hour (second), ==, 4);
        g_assert_cmpint (g_date_time_get_minute (second), ==, 0);
        g_assert_cmpint (g_date_time_to_unix (second) - g_date_time_to_unix (first), ==, 25 * 3600);
      }
  }

  next_run = adept_sync_scheduler_get_next_run (scheduler);
  g_assert_cmpint (next_run, >, g_date_time_to_unix (clock_start));
  /* A day, or 25 hours across a daylight saving change. */
  g_assert_cmpint (next_run, <=, g_date_time_to_unix (clock_end) + 25 * 3600);
  g_assert_false (adept_sync_scheduler_check (scheduler, clock_start));

  /* When the time has come (or was slept through), the check starts the sync. */
  after_next_run = g_date_time_new_from_unix_local (next_run + 3600);
  g_assert_true (adept_sync_scheduler_check (scheduler, after_next_run));
  g_assert_true (adept_sync_engine_is_running (f->engine));
  g_assert_cmpint (adept_sync_scheduler_get_next_run (scheduler), >, next_run);
  while (adept_sync_engine_is_running (f->engine))
    g_main_context_iteration (NULL, TRUE);
  journal = adept_store_list_journal (f->store, SERVER, 0, NULL);
  g_assert_cmpuint (journal->len, ==, 1);

  adept_sync_scheduler_set_enabled (scheduler, FALSE);
  g_assert_cmpint (adept_sync_scheduler_get_next_run (scheduler), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *xdg = adept_test_isolate_xdg ();
  int ret;

  g_test_init (&argc, &argv, NULL);

#define ADD(path, n, func) \
  g_test_add (path, Fixture, GUINT_TO_POINTER (n), fixture_set_up, func, fixture_tear_down)

  ADD ("/sync/first-fetch", 5000, test_first_fetch);
  ADD ("/sync/changes", 5000, test_changes);
  ADD ("/sync/expired-cursor", 1000, test_expired_cursor);
  ADD ("/sync/invalid-cursor", 500, test_invalid_cursor);
  ADD ("/sync/exhausted-cursor", 500, test_exhausted_cursor);
  ADD ("/sync/full-on-request", 500, test_full_on_request);
  ADD ("/sync/auto-assign", 200, test_auto_assign);
  ADD ("/sync/auto-assign-returned", 200, test_auto_assign_returned);
  ADD ("/sync/throttled-retry", 50, test_throttled_retry);
  ADD ("/sync/journal-counts-retries", 50, test_journal_counts_retries);
  ADD ("/sync/failed-cool-down", 50, test_failed_cool_down);
  ADD ("/sync/join-and-busy", 2000, test_join_and_busy);
  ADD ("/sync/cancel-keeps-pages", 5000, test_cancel_keeps_pages);
  ADD ("/sync/groups-pages", 1000, test_groups_pages);
  ADD ("/sync/groups-pages-stopped", 1000, test_groups_pages_stopped);
  ADD ("/sync/scheduler", 100, test_scheduler);
  ADD ("/sync/deep-answer", 1000, test_deep_answer);
  ADD ("/sync/full-checks-store", 1000, test_full_checks_store);
  g_test_add_func ("/sync/repeated-cursor", test_repeated_cursor);
  g_test_add_func ("/sync/stalled-server", test_stalled_server);

  ret = g_test_run ();
  adept_test_cleanup_dir (xdg);
  return ret;
}
