/* test-device-timeline.c — one device's timeline from a real store synced with the
 * simulator: the first fetch, Adept's assign attempts, and what later syncs report
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "adept-batch-job.h"
#include "adept-device-timeline.h"
#include "adept-error.h"
#include "adept-store-private.h"
#include "adept-test-util.h"
#include "sync-test-server.h"

#define SERVER "timeline-test"
#define N_DEVICES 6
#define HOUR 3600

typedef struct {
  SyncTestServer server;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  sync_test_server_start (&f->server, 20261201, N_DEVICES, SERVER);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  sync_test_server_stop (&f->server);
}

static void
sync_store (Fixture *f)
{
  g_autoptr(AdeptJournalEntry) entry = NULL;
  g_autoptr(GError) error = NULL;

  entry = sync_test_run (f->server.engine, ADEPT_SYNC_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (entry);
}

/* Apple's clock moves on between steps, so its events have times of their own. */
static void
later (Fixture *f)
{
  adept_depsim_advance_clock (f->server.sim, HOUR);
}

static GPtrArray *
timeline (Fixture    *f,
          const char *serial)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *events = adept_store_list_device_timeline (f->server.store, SERVER, serial, &error);

  g_assert_no_error (error);
  g_assert_nonnull (events);
  return events;
}

/* "added,profile-assigned": the kinds in order. */
static char *
kinds (GPtrArray *events)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) names = NULL;

  for (guint i = 0; i < events->len; i++)
    {
      AdeptTimelineEvent *event = g_ptr_array_index (events, i);

      g_strv_builder_add (builder, adept_timeline_kind_to_string (event->kind));
    }
  names = g_strv_builder_end (builder);
  return g_strjoinv (",", names);
}

static AdeptTimelineEvent *
event_at (GPtrArray *events,
          guint      i)
{
  g_assert_cmpuint (i, <, events->len);
  return g_ptr_array_index (events, i);
}

/* The simulator's devices start with no profile. */
static char *
empty_device (Fixture *f)
{
  g_auto(GStrv) serials = sync_test_server_dup_serials (&f->server, 0, 1);

  return g_strdup (serials[0]);
}

static void
assign (Fixture    *f,
        const char *uuid,
        const char *serial)
{
  const char *serials[] = { serial, NULL };
  g_autoptr(AdeptBatchJob) job = adept_batch_job_new (ADEPT_BATCH_ASSIGN, f->server.client,
                                                      f->server.store, SERVER,
                                                      ADEPT_ASSIGN_ORIGIN_MANUAL, uuid, serials);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(AdeptDeviceResults) results = NULL;
  g_autoptr(GError) error = NULL;

  adept_batch_job_run_async (job, NULL, adept_test_store_result, &result);
  adept_test_wait_result (&result);
  results = adept_batch_job_run_finish (job, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (results);
}

/* A device first seen in a full fetch: its record's dates are its timeline. */
static void
test_first_fetch (Fixture       *f,
                  gconstpointer  data)
{
  g_auto(GStrv) serials = sync_test_server_dup_serials (&f->server, 1, 1);
  g_autofree char *uuid = sync_test_define_profile (f->server.client, "Staff iPads");
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(AdeptDevice) device = NULL;
  g_autofree char *order = NULL;
  AdeptTimelineEvent *added;

  sync_test_set_profile (f->server.client, uuid, (const char * const *) serials);
  g_assert_cmpuint (adept_depsim_activate_devices (f->server.sim, (const char * const *) serials,
                                                   NULL), ==, 1);
  sync_store (f);
  {
    g_autoptr(GPtrArray) history = adept_store_list_device_history (f->server.store, SERVER,
                                                                    serials[0], NULL);

    /* The first fetch keeps no history rows. */
    g_assert_nonnull (history);
    g_assert_cmpuint (history->len, ==, 0);
  }

  device = adept_store_get_device (f->server.store, SERVER, serials[0], NULL, NULL);
  events = timeline (f, serials[0]);
  order = kinds (events);
  g_assert_cmpstr (order, ==, "added,profile-assigned,profile-pushed");
  added = event_at (events, 0);
  g_assert_cmpint (added->time, ==, adept_device_get_device_assigned_date (device));
  g_assert_cmpstr (added->actor, ==, adept_device_get_device_assigned_by (device));
  g_assert_nonnull (added->actor);
  g_assert_cmpint (event_at (events, 1)->time, ==, adept_device_get_profile_assign_time (device));
  g_assert_cmpstr (event_at (events, 1)->profile_uuid, ==, uuid);
  g_assert_cmpint (event_at (events, 2)->time, ==, adept_device_get_profile_push_time (device));
  g_assert_cmpint (event_at (events, 2)->time, >, 0);
}

/* Adept's attempts, then what each later sync reports, up to the device leaving. */
static void
test_life (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *serial = empty_device (f);
  const char *serials[] = { serial, NULL };
  g_autofree char *uuid = sync_test_define_profile (f->server.client, "Classroom iPads");
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(AdeptDevice) device = NULL;
  g_autofree char *order = NULL;
  gint64 assigned_at;

  sync_store (f);
  later (f);

  /* Apple throttles the first attempt, takes the second. */
  adept_depsim_set_assign_result (f->server.sim, serial, "THROTTLED", 1, 120);
  assign (f, uuid, serial);
  assign (f, uuid, serial);
  later (f);
  sync_store (f);
  device = adept_store_get_device (f->server.store, SERVER, serial, NULL, NULL);
  assigned_at = adept_device_get_profile_assign_time (device);
  g_assert_cmpint (assigned_at, >, 0);

  later (f);
  g_assert_cmpuint (adept_depsim_activate_devices (f->server.sim, serials, NULL), ==, 1);
  sync_store (f);
  later (f);
  g_assert_true (adept_depsim_edit_device (f->server.sim, serial, "asset_tag", "AT-5521", NULL));
  sync_store (f);
  later (f);
  sync_test_set_profile (f->server.client, NULL, serials);
  sync_store (f);
  later (f);
  g_assert_cmpuint (adept_depsim_unassign_devices (f->server.sim, serials, NULL), ==, 1);
  sync_store (f);

  events = timeline (f, serial);
  order = kinds (events);
  g_assert_cmpstr (order, ==, "added,assign-attempt,assign-attempt,profile-assigned,profile-pushed,"
                              "modified,profile-removed,deleted");

  /* Apple's answers, as the store kept them. */
  g_assert_cmpint (event_at (events, 1)->result, ==, ADEPT_ASSIGN_RESULT_THROTTLED);
  g_assert_cmpint (event_at (events, 1)->retry_after, ==, 120);
  g_assert_cmpint (event_at (events, 1)->origin, ==, ADEPT_ASSIGN_ORIGIN_MANUAL);
  g_assert_cmpint (event_at (events, 2)->result, ==, ADEPT_ASSIGN_RESULT_SUCCESS);
  g_assert_cmpstr (event_at (events, 2)->profile_uuid, ==, uuid);
  /* The record's date of the assignment, not when the sync reported it. */
  g_assert_cmpint (event_at (events, 3)->time, ==, assigned_at);
  g_assert_cmpstr (event_at (events, 3)->profile_uuid, ==, uuid);
  g_assert_cmpstr (event_at (events, 6)->profile_uuid, ==, uuid);
  for (guint i = 1; i < events->len; i++)
    g_assert_cmpint (event_at (events, i - 1)->time, <=, event_at (events, i)->time);
  g_assert_cmpint (event_at (events, 0)->time, <, event_at (events, 7)->time);
}

/* A device removed before Adept first looked: the removal is there, its date unknown. */
static void
test_removed_before (Fixture       *f,
                     gconstpointer  data)
{
  g_auto(GStrv) serials = sync_test_server_dup_serials (&f->server, 2, 1);
  g_autofree char *uuid = sync_test_define_profile (f->server.client, "Lab Macs");
  g_autoptr(GPtrArray) events = NULL;
  g_autofree char *order = NULL;

  sync_test_set_profile (f->server.client, uuid, (const char * const *) serials);
  sync_test_set_profile (f->server.client, NULL, (const char * const *) serials);
  sync_store (f);

  events = timeline (f, serials[0]);
  order = kinds (events);
  g_assert_true (g_str_has_prefix (order, "added,"));
  g_assert_true (g_str_has_suffix (order, ",profile-removed"));
  g_assert_cmpint (event_at (events, events->len - 1)->time, ==, 0);
}

static void
test_unknown (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  sync_store (f);
  g_assert_null (adept_store_list_device_timeline (f->server.store, SERVER, "NOSUCHSERIAL1", &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_NOT_FOUND);
}

typedef struct {
  AdeptStore *store;
  guint       batches;
  guint       stored_at_signal;   /* attempts the store had at the last "batch-done" */
  gboolean    in_order;
} BatchWatch;

static guint
count_attempts (AdeptStore *store)
{
  sqlite3_stmt *stmt = NULL;
  guint n;

  g_assert_cmpint (sqlite3_prepare_v2 (adept_store_get_db (store),
                                       "SELECT count(*) FROM assign_attempts", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static void
on_batch_done (AdeptBatchJob *job,
               guint          n_success,
               guint          n_waiting,
               BatchWatch    *watch)
{
  guint stored = count_attempts (watch->store);

  /* Stored (by the job's own connection, in a thread) before the signal, one request at
   * a time and in the order the answers came. */
  watch->batches++;
  if (stored != MIN (watch->batches * ADEPT_DEP_MAX_BATCH, 2500) ||
      stored != watch->stored_at_signal + n_success)
    watch->in_order = FALSE;
  watch->stored_at_signal = stored;
}

/* Three requests: each answer is stored while the next request is out. */
static void
test_job_stores_in_order (void)
{
  SyncTestServer server = { 0, };
  g_auto(GStrv) serials = NULL;
  g_autofree char *uuid = NULL;
  g_autoptr(AdeptBatchJob) job = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(AdeptDeviceResults) results = NULL;
  g_autoptr(GError) error = NULL;
  BatchWatch watch = { NULL, 0, 0, TRUE };
  g_autoptr(GPtrArray) attempts = NULL;

  sync_test_server_start (&server, 20261207, 2500, SERVER);
  serials = sync_test_server_dup_serials (&server, 0, 2500);
  uuid = sync_test_define_profile (server.client, "Staff iPads");
  watch.store = server.store;
  job = adept_batch_job_new (ADEPT_BATCH_ASSIGN, server.client, server.store, SERVER,
                             ADEPT_ASSIGN_ORIGIN_MANUAL, uuid, (const char * const *) serials);
  g_signal_connect (job, "batch-done", G_CALLBACK (on_batch_done), &watch);
  adept_batch_job_run_async (job, NULL, adept_test_store_result, &result);
  adept_test_wait_result (&result);
  results = adept_batch_job_run_finish (job, result, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (watch.batches, ==, 3);
  g_assert_true (watch.in_order);
  g_assert_cmpuint (adept_device_results_count (results, ADEPT_DEVICE_RESULT_SUCCESS), ==, 2500);
  g_assert_cmpuint (adept_batch_job_get_sent (job), ==, 2500);
  g_assert_cmpuint (count_attempts (server.store), ==, 2500);
  attempts = adept_store_list_assign_attempts (server.store, SERVER, serials[2499], &error);
  g_assert_no_error (error);
  g_assert_cmpuint (attempts->len, ==, 1);
  g_assert_cmpint (((AdeptAssignAttempt *) attempts->pdata[0])->result, ==,
                   ADEPT_ASSIGN_RESULT_SUCCESS);
  g_clear_object (&job);
  sync_test_server_stop (&server);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *xdg = adept_test_isolate_xdg ();
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add ("/device-timeline/first-fetch", Fixture, NULL, fixture_set_up, test_first_fetch,
              fixture_tear_down);
  g_test_add ("/device-timeline/life", Fixture, NULL, fixture_set_up, test_life,
              fixture_tear_down);
  g_test_add ("/device-timeline/removed-before", Fixture, NULL, fixture_set_up,
              test_removed_before, fixture_tear_down);
  g_test_add ("/device-timeline/unknown", Fixture, NULL, fixture_set_up, test_unknown,
              fixture_tear_down);
  g_test_add_func ("/device-timeline/job-stores-in-order", test_job_stores_in_order);
  status = g_test_run ();
  adept_test_cleanup_dir (xdg);
  return status;
}
