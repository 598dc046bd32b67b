/* adept-sync-engine.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "adept-batch-job.h"
#include "adept-error.h"
#include "adept-sync-engine.h"

/* A retry timer never sleeps longer than this, so a suspended laptop or a changed clock
 * only delays a retry by so much. */
#define RETRY_TIMER_MAX_MS (10 * 60 * 1000)
#define RETRY_BUSY_DELAY_S 60
/* A run with no page stored and no assign answered for this long is stopped: each DEP
 * call has its own deadline, this bounds the run whatever mix of calls and retries it
 * is stuck in (and frees the sync lock). */
#define DEFAULT_STALL_SECONDS 300
/* Pages that arrive while the writer is busy wait for it and then go in together, in one
 * transaction: each b-tree page they share (the serial index's leaves, which random
 * serials spread over) is written to the WAL once per group instead of once per page,
 * and a first fetch's group goes in in serial order (adept-store-devices.c): of 100,000
 * devices, 32 pages a group cost 18.4 million instructions a page, 10 pages 19.2
 * (callgrind, schema 7), and fewer commits write less to the WAL. Bounded, so memory is
 * (~0.4 MB a parsed page), and so is what a killed process has received in vain. */
#define GROUP_MAX_PAGES 32
#define GROUP_MAX_DEVICES 32000

typedef struct _Run Run;
typedef void (*Continuation) (Run *run);

struct _Run
{
  AdeptSyncEngine *self;
  AdeptStoreLock  *lock;
  GCancellable    *cancellable;
  gint64           run_id;         /* 0 for a pass over due retries only */
  AdeptSyncPhase   phase;
  char            *cursor;
  gboolean         restarted_full;
  gboolean         request_again;  /* the last page asks for another request */
  /* The next page is requested before the current one is stored, so Apple prepares it
   * while we write. Pages that come while the writer is busy wait in `queued` (with
   * their phases) and are stored together once it is done; a failed request waits in
   * `stashed_error` behind them. */
  gboolean         in_flight;
  AdeptSyncPhase   request_phase;
  gboolean         busy;
  GPtrArray       *queued;
  GArray          *queued_phases;
  guint            queued_devices;
  GError          *stashed_error;
  gboolean         finishing;
  GError          *finish_error;
  GHashTable      *seen_cursors;
  GError          *stop_error;     /* ends the run once the current page is done */
  GQueue           jobs;           /* AdeptBatchJob: auto-assign and retries */
  AdeptBatchJob   *job;
  GError          *job_error;
  Continuation     after_jobs;
  guint            retried;
  /* The journal row assign answers count into: the run's own; for a pass over retries the
   * row set with adept_sync_engine_set_retry_journal(), else one of its own ("retry"),
   * made when it first sends something. */
  gint64           journal_id;
  gboolean         own_journal;
  GSource         *stall_source;
  gboolean         stalled;
};

typedef struct {
  GTask        *task;
  GCancellable *cancellable;
  gulong        handler;
} Waiter;

struct _AdeptSyncEngine
{
  GObject          parent_instance;

  AdeptStore      *store;
  /* A second connection, used by the thread that commits pages, so that parsing
   * the next page and storing this one happen at the same time and the main loop (the
   * console's window) never waits for the disk. The run's journal row is begun and
   * ended through it too, from the main loop while no page is being stored: a commit on
   * any other connection makes SQLite drop this one's whole page cache, and the next
   * page read it all again (an incremental sync of 1,000 changes read ~2,300 pages
   * from the files, 9.4 MB, because its journal row had been begun on the store's). */
  AdeptStore      *writer;
  AdeptDepClient  *client;
  char            *server_id;
  guint            page_size;
  guint            stall_s;

  Run             *run;
  GPtrArray       *waiters;
  AdeptSyncFlags   queued_flags;

  guint            pages;
  guint            devices;
  AdeptSyncPhase   phase;

  gboolean         retry_timer;
  guint            retry_source;
  AdeptAutoAssign  auto_assign;
  gint64           retry_journal;
};

G_DEFINE_FINAL_TYPE (AdeptSyncEngine, adept_sync_engine, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RUNNING,
  PROP_PAGES,
  PROP_DEVICES,
  N_PROPS
};

enum {
  PROGRESS,
  CHANGED,
  ASSIGNED,
  RETRIES_FINISHED,
  FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void request_page       (Run *run);
static void take_page          (Run *run, GAsyncResult *result);
static void handle_page_error  (Run *run, GError *error);
static void run_jobs           (Run *run);
static void retry_stage        (Run *run);
static void finish_run         (Run *run, GError *error);
static void schedule_retry_timer (AdeptSyncEngine *self);
static gboolean start_run      (AdeptSyncEngine *self, AdeptSyncFlags flags, gboolean retries_only,
                                GError **error);

static void
waiter_free (Waiter *waiter)
{
  if (waiter->cancellable != NULL)
    {
      g_cancellable_disconnect (waiter->cancellable, waiter->handler);
      g_object_unref (waiter->cancellable);
    }
  g_object_unref (waiter->task);
  g_free (waiter);
}

static void
stop_stall_timer (Run *run)
{
  if (run->stall_source != NULL)
    {
      g_source_destroy (run->stall_source);
      g_clear_pointer (&run->stall_source, g_source_unref);
    }
}

static void
run_free (Run *run)
{
  stop_stall_timer (run);
  g_clear_pointer (&run->lock, adept_store_lock_release);
  g_clear_object (&run->cancellable);
  g_clear_pointer (&run->seen_cursors, g_hash_table_unref);
  if (run->job != NULL)
    g_signal_handlers_disconnect_by_data (run->job, run);
  g_clear_object (&run->job);
  g_clear_error (&run->job_error);
  g_queue_clear_full (&run->jobs, g_object_unref);
  g_clear_error (&run->stop_error);
  g_clear_error (&run->finish_error);
  g_clear_pointer (&run->queued, g_ptr_array_unref);
  g_clear_pointer (&run->queued_phases, g_array_unref);
  g_clear_error (&run->stashed_error);
  g_free (run->cursor);
  g_object_unref (run->self);
  g_free (run);
}

static gboolean
on_stalled (gpointer user_data)
{
  Run *run = user_data;

  g_debug ("Sync of %s made no progress for %u s", run->self->server_id, run->self->stall_s);
  run->stalled = TRUE;
  g_clear_pointer (&run->stall_source, g_source_unref);
  g_cancellable_cancel (run->cancellable);
  return G_SOURCE_REMOVE;
}

/* (Re)starts the countdown: called when the run starts and at every step forward. */
static void
note_progress (Run *run)
{
  stop_stall_timer (run);
  run->stall_source = g_timeout_source_new_seconds (run->self->stall_s);
  g_source_set_callback (run->stall_source, on_stalled, run, NULL);
  g_source_attach (run->stall_source, g_main_context_get_thread_default ());
}

/* Auto-assign and retry requests: AdeptBatchJob sends them in Apple's batches and keeps
 * every answer as an assign attempt. */

static void
queue_jobs (Run               *run,
            const char        *profile_uuid,
            GPtrArray         *serials,
            AdeptAssignOrigin  origin)
{
  AdeptSyncEngine *self = run->self;
  g_autofree const char **strv = g_new0 (const char *, serials->len + 1);

  if (serials->len == 0)
    return;
  for (guint i = 0; i < serials->len; i++)
    strv[i] = g_ptr_array_index (serials, i);
  g_queue_push_tail (&run->jobs, adept_batch_job_new (ADEPT_BATCH_ASSIGN, self->client,
                                                      self->store, self->server_id, origin,
                                                      profile_uuid, strv));
}

/* Retries succeed in passes after the run that first tried: their successes count into
 * that run's row when the caller says so, else into a row of the pass's own. */
static gint64
journal_for_answers (Run *run)
{
  AdeptSyncEngine *self = run->self;

  if (run->journal_id == 0 && run->job_error == NULL)
    {
      run->journal_id = adept_store_journal_begin (self->store, self->server_id,
                                                   ADEPT_SYNC_KIND_RETRY, NULL, &run->job_error);
      run->own_journal = run->journal_id > 0;
    }
  return run->journal_id;
}

static void
on_batch_done (AdeptBatchJob *job,
               guint          n_success,
               guint          n_waiting,
               Run           *run)
{
  AdeptSyncEngine *self = run->self;
  gint64 journal_id = journal_for_answers (run);

  if (journal_id > 0 && n_success > 0 && run->job_error == NULL)
    adept_store_journal_add_assigned (self->store, journal_id, n_success, &run->job_error);
  g_debug ("Assigned %s to %u devices (%u to retry)", adept_batch_job_get_profile_uuid (job),
           n_success, n_waiting);
  /* Each answer is a step forward: a long assignment is no stall. */
  note_progress (run);
  g_signal_emit (self, signals[ASSIGNED], 0, n_success, n_waiting);
}

static void
on_job_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Run *run = user_data;
  g_autoptr(AdeptDeviceResults) results = NULL;
  g_autoptr(GError) error = NULL;

  /* Request failures are kept per device by the job; what ends it early (cancelled, a
   * store that cannot record) ends the run. */
  results = adept_batch_job_run_finish (ADEPT_BATCH_JOB (source), result, &error);
  g_signal_handlers_disconnect_by_data (run->job, run);
  g_clear_object (&run->job);
  if (error == NULL && run->job_error != NULL)
    error = g_steal_pointer (&run->job_error);
  if (error != NULL)
    {
      finish_run (run, g_steal_pointer (&error));
      return;
    }
  note_progress (run);
  run_jobs (run);
}

static void
run_jobs (Run *run)
{
  if (g_cancellable_is_cancelled (run->cancellable))
    {
      finish_run (run, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                            _("The sync was canceled.")));
      return;
    }

  run->job = g_queue_pop_head (&run->jobs);
  if (run->job == NULL)
    {
      run->after_jobs (run);
      return;
    }
  g_signal_connect (run->job, "batch-done", G_CALLBACK (on_batch_done), run);
  adept_batch_job_run_async (run->job, run->cancellable, on_job_done, run);
}

/* Pages */

static void commit_queued (Run *run);

static void
drop_queued (Run *run)
{
  g_ptr_array_set_size (run->queued, 0);
  g_array_set_size (run->queued_phases, 0);
  run->queued_devices = 0;
}

static gboolean
group_is_full (Run *run)
{
  return run->queued->len >= GROUP_MAX_PAGES || run->queued_devices >= GROUP_MAX_DEVICES;
}

static void
advance (Run *run)
{
  run->busy = FALSE;
  /* A stop asked for: what was received and not stored is asked for again next time. */
  if (g_cancellable_is_cancelled (run->cancellable))
    drop_queued (run);
  if (run->queued->len > 0)
    {
      /* A full group stopped asking for pages: ask again while it is stored. */
      if (!run->in_flight && run->request_again && run->stop_error == NULL &&
          run->stashed_error == NULL)
        request_page (run);
      commit_queued (run);
    }
  else if (run->stop_error != NULL)
    finish_run (run, g_steal_pointer (&run->stop_error));
  else if (run->stashed_error != NULL)
    handle_page_error (run, g_steal_pointer (&run->stashed_error));
  else if (run->in_flight)
    return;  /* on_page() takes the answer when it comes */
  else if (run->request_again)
    request_page (run);
  else
    retry_stage (run);
}

/* Leaves out of serials the devices Apple last reported as "added": the server's own
 * assigner (NanoDEP's depsyncer) gives those their profile. */
static void
drop_added (AdeptSyncEngine *self,
            GPtrArray       *serials)
{
  for (guint i = serials->len; i > 0; i--)
    {
      g_autoptr(AdeptDevice) device =
        adept_store_get_device (self->store, self->server_id, g_ptr_array_index (serials, i - 1), NULL, NULL);

      if (device != NULL && adept_device_get_op_type (device) == ADEPT_OP_TYPE_ADDED)
        g_ptr_array_remove_index (serials, i - 1);
    }
}

/* What committed pages owe their devices is in the store (written with each page), so a
 * run stopped before it paid leaves it to the next run or pass over retries. */
static gboolean
queue_auto_assign (Run     *run,
                   GError **error)
{
  AdeptSyncEngine *self = run->self;
  g_autofree char *profile = NULL;
  g_autoptr(GPtrArray) serials = NULL;

  /* Read every time: the admin may change the default during a long fetch. Without
   * auto-assign (the server's own assigner does it) nothing is owed here. */
  if (self->auto_assign != ADEPT_AUTO_ASSIGN_NONE)
    profile = adept_store_dup_default_profile (self->store, self->server_id);
  serials = adept_store_take_pending_assign (self->store, self->server_id, profile, error);
  if (serials == NULL)
    return FALSE;
  if (self->auto_assign == ADEPT_AUTO_ASSIGN_NOT_ADDED)
    drop_added (self, serials);
  if (profile != NULL && serials->len > 0)
    queue_jobs (run, profile, serials, ADEPT_ASSIGN_ORIGIN_AUTO);
  return TRUE;
}

static gboolean
repeats_cursor (Run        *run,
                const char *cursor,
                gboolean    more)
{
  if (!more || cursor == NULL)
    return FALSE;
  return g_strcmp0 (cursor, run->cursor) == 0 ||
         g_hash_table_contains (run->seen_cursors, cursor);
}

typedef struct {
  AdeptStore           *writer;
  char                 *server_id;
  gint64                run_id;
  GPtrArray            *pages;    /* AdeptFetchPage */
  GArray               *phases;   /* AdeptSyncPhase of each */
  AdeptStorePageResult  result;
} Commit;

static void
commit_free (Commit *commit)
{
  g_object_unref (commit->writer);
  g_free (commit->server_id);
  g_ptr_array_unref (commit->pages);
  g_array_unref (commit->phases);
  adept_store_page_result_clear (&commit->result);
  g_free (commit);
}

/* In a worker thread; the pages' devices are only read. */
static void
commit_in_thread (GTask        *task,
                  gpointer      source,
                  gpointer      data,
                  GCancellable *cancellable)
{
  Commit *commit = data;
  guint n = commit->pages->len;
  g_autofree AdeptStorePage *pages = g_new0 (AdeptStorePage, n);
  GError *error = NULL;

  for (guint i = 0; i < n; i++)
    {
      AdeptFetchPage *page = g_ptr_array_index (commit->pages, i);

      pages[i].phase = g_array_index (commit->phases, AdeptSyncPhase, i);
      pages[i].records = adept_fetch_page_get_records (page, &pages[i].n_records);
      pages[i].cursor = adept_fetch_page_get_cursor (page);
      pages[i].more_to_follow = adept_fetch_page_get_more_to_follow (page);
      pages[i].fetched_until = adept_fetch_page_get_fetched_until (page);
    }
  if (adept_store_commit_pages (commit->writer, commit->server_id, commit->run_id, pages, n,
                                &commit->result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_committed (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Run *run = user_data;
  AdeptSyncEngine *self = run->self;
  Commit *commit = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      finish_run (run, error);
      return;
    }

  note_progress (run);
  /* Page by page, as if they had been committed one at a time. */
  for (guint i = 0; i < commit->pages->len; i++)
    {
      self->pages++;
      self->devices += g_list_model_get_n_items (g_ptr_array_index (commit->pages, i));
      self->phase = g_array_index (commit->phases, AdeptSyncPhase, i);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGES]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEVICES]);
      g_signal_emit (self, signals[PROGRESS], 0, self->pages, self->devices);
    }
  if (commit->result.added + commit->result.modified + commit->result.deleted > 0)
    g_signal_emit (self, signals[CHANGED], 0);

  if (!queue_auto_assign (run, &error))
    {
      finish_run (run, error);
      return;
    }
  run->after_jobs = advance;
  run_jobs (run);
}

/* Hands the queued pages to the writer thread, as one group. */
static void
commit_queued (Run *run)
{
  AdeptSyncEngine *self = run->self;
  g_autoptr(GTask) task = NULL;
  Commit *commit = g_new0 (Commit, 1);

  run->busy = TRUE;
  commit->writer = g_object_ref (self->writer);
  commit->server_id = g_strdup (self->server_id);
  commit->run_id = run->run_id;
  commit->pages = g_steal_pointer (&run->queued);
  commit->phases = g_steal_pointer (&run->queued_phases);
  run->queued = g_ptr_array_new_with_free_func (g_object_unref);
  run->queued_phases = g_array_new (FALSE, FALSE, sizeof (AdeptSyncPhase));
  run->queued_devices = 0;
  if (commit->pages->len > 1)
    g_debug ("Storing %u pages of %s in one transaction", commit->pages->len, self->server_id);

  /* Not cancellable: a group is stored whole or not at all, and the run must know which. */
  task = g_task_new (self, NULL, on_committed, run);
  g_task_set_source_tag (task, commit_queued);
  g_task_set_task_data (task, commit, (GDestroyNotify) commit_free);
  g_task_run_in_thread (task, commit_in_thread);
}

static void
handle_page (Run             *run,
             AdeptFetchPage *page,
             AdeptSyncPhase   phase)
{
  const char *cursor = adept_fetch_page_get_cursor (page);
  gboolean more = adept_fetch_page_get_more_to_follow (page);
  gboolean loops = repeats_cursor (run, cursor, more);

  g_free (run->cursor);
  run->cursor = g_strdup (cursor);
  if (cursor != NULL)
    g_hash_table_add (run->seen_cursors, g_strdup (cursor));
  g_ptr_array_add (run->queued, g_object_ref (page));
  g_array_append_val (run->queued_phases, phase);
  run->queued_devices += g_list_model_get_n_items (G_LIST_MODEL (page));
  /* The end of a fetch is followed by one sync from its cursor. */
  run->request_again = more || phase == ADEPT_SYNC_PHASE_FETCH;
  run->phase = phase == ADEPT_SYNC_PHASE_FETCH && !more ? ADEPT_SYNC_PHASE_SYNC : phase;
  if (loops)
    run->stop_error = g_error_new (ADEPT_ERROR, ADEPT_ERROR_MALFORMED_RESPONSE,
                                   _("Apple’s server returned the same sync position again, so the sync was stopped to avoid an endless loop. Try again later; if it keeps happening, run a full sync."));
  /* While the writer is busy, pages are asked for until its next group is full. */
  else if (run->request_again && !(run->busy && group_is_full (run)))
    request_page (run);

  if (!run->busy)
    commit_queued (run);
}

static void
restart_full (Run          *run,
              const GError *reason)
{
  AdeptSyncEngine *self = run->self;
  g_autoptr(GError) error = NULL;

  g_debug ("%s: full fetch of %s", adept_error_code_name (reason->code), self->server_id);
  run->restarted_full = TRUE;
  if (!adept_store_reset_cursor (self->store, self->server_id, &error) ||
      !adept_store_journal_set_full (self->store, run->run_id,
                                     adept_error_code_name (reason->code), &error))
    {
      finish_run (run, g_steal_pointer (&error));
      return;
    }
  g_clear_pointer (&run->cursor, g_free);
  g_hash_table_remove_all (run->seen_cursors);
  run->phase = ADEPT_SYNC_PHASE_FETCH;
  request_page (run);
}

static void
handle_page_error (Run    *run,
                   GError *error)
{
  AdeptSyncEngine *self = run->self;
  g_autoptr(GError) store_error = NULL;

  if (g_error_matches (error, ADEPT_ERROR, ADEPT_ERROR_CURSOR_EXHAUSTED))
    {
      g_error_free (error);
      if (run->phase == ADEPT_SYNC_PHASE_SYNC)
        {
          retry_stage (run);
          return;
        }
      /* Every device was fetched already: carry on with changes. */
      if (!adept_store_set_phase (self->store, self->server_id, ADEPT_SYNC_PHASE_SYNC, &store_error))
        {
          finish_run (run, g_steal_pointer (&store_error));
          return;
        }
      run->phase = ADEPT_SYNC_PHASE_SYNC;
      request_page (run);
      return;
    }

  if ((g_error_matches (error, ADEPT_ERROR, ADEPT_ERROR_CURSOR_EXPIRED) ||
       g_error_matches (error, ADEPT_ERROR, ADEPT_ERROR_CURSOR_INVALID)) &&
      !run->restarted_full && run->run_id > 0)
    {
      restart_full (run, error);
      g_error_free (error);
      return;
    }

  finish_run (run, error);
}

static void
take_page (Run          *run,
           GAsyncResult *result)
{
  AdeptSyncEngine *self = run->self;
  g_autoptr(AdeptFetchPage) page = NULL;
  GError *error = NULL;

  if (run->request_phase == ADEPT_SYNC_PHASE_FETCH)
    page = adept_dep_client_fetch_devices_finish (self->client, result, &error);
  else
    page = adept_dep_client_sync_devices_finish (self->client, result, &error);

  if (page == NULL && run->busy)
    run->stashed_error = error;  /* after the pages before it are stored */
  else if (page == NULL)
    handle_page_error (run, error);
  else
    handle_page (run, page, run->request_phase);
}

static void
on_page (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Run *run = user_data;

  run->in_flight = FALSE;
  if (run->finishing)
    finish_run (run, NULL);
  else
    take_page (run, result);
}

/* Never ends the run by itself (a cancelled request fails in on_page), so it may be
 * called while a page is being handled. */
static void
request_page (Run *run)
{
  AdeptSyncEngine *self = run->self;

  /* Sync needs a cursor; without one only a fetch makes sense. */
  if (run->cursor == NULL)
    run->phase = ADEPT_SYNC_PHASE_FETCH;

  run->in_flight = TRUE;
  run->request_phase = run->phase;
  if (run->phase == ADEPT_SYNC_PHASE_FETCH)
    adept_dep_client_fetch_devices_async (self->client, run->cursor, self->page_size,
                                          run->cancellable, on_page, run);
  else
    adept_dep_client_sync_devices_async (self->client, run->cursor, self->page_size,
                                         run->cancellable, on_page, run);
}

/* Retries due */

static void
end_retry_stage (Run *run)
{
  if (run->retried > 0)
    g_signal_emit (run->self, signals[RETRIES_FINISHED], 0, run->retried);
  finish_run (run, NULL);
}

static void
retry_stage (Run *run)
{
  AdeptSyncEngine *self = run->self;
  g_autoptr(GHashTable) due = NULL;
  g_autoptr(GError) error = NULL;
  GHashTableIter iter;
  gpointer profile, serials;

  /* What a stopped run still owed goes first, then the retries that fell due. */
  if (!queue_auto_assign (run, &error))
    {
      finish_run (run, g_steal_pointer (&error));
      return;
    }
  due = adept_store_take_due_retries (self->store, self->server_id,
                                      g_get_real_time () / G_USEC_PER_SEC, &error);
  if (due == NULL)
    {
      finish_run (run, g_steal_pointer (&error));
      return;
    }

  g_hash_table_iter_init (&iter, due);
  while (g_hash_table_iter_next (&iter, &profile, &serials))
    {
      queue_jobs (run, profile, serials, ADEPT_ASSIGN_ORIGIN_RETRY);
      run->retried += ((GPtrArray *) serials)->len;
    }
  run->after_jobs = end_retry_stage;
  run_jobs (run);
}

/* Runs */

static void
return_to_waiters (AdeptSyncEngine   *self,
                   AdeptJournalEntry *entry,
                   const GError      *error)
{
  g_autoptr(GPtrArray) waiters = g_steal_pointer (&self->waiters);

  self->waiters = g_ptr_array_new_with_free_func ((GDestroyNotify) waiter_free);
  for (guint i = 0; i < waiters->len; i++)
    {
      Waiter *waiter = g_ptr_array_index (waiters, i);

      if (error != NULL)
        g_task_return_error (waiter->task, g_error_copy (error));
      else if (entry != NULL)
        g_task_return_pointer (waiter->task, adept_journal_entry_copy (entry),
                               (GDestroyNotify) adept_journal_entry_free);
      else
        g_task_return_new_error (waiter->task, ADEPT_ERROR, ADEPT_ERROR_FAILED, "%s",
                                 adept_error_default_message (ADEPT_ERROR_FAILED));
    }
}

static void
finish_run (Run    *run,
            GError *error)
{
  AdeptSyncEngine *self = run->self;
  g_autoptr(AdeptJournalEntry) entry = NULL;
  g_autoptr(GError) journal_error = NULL;
  gint64 run_id = run->run_id;

  /* A request in flight still points at the run: end once its answer is in. */
  if (run->in_flight)
    {
      if (!run->finishing)
        run->finish_error = error;
      else
        g_clear_error (&error);
      run->finishing = TRUE;
      g_cancellable_cancel (run->cancellable);
      return;
    }
  if (run->finishing)
    {
      g_clear_error (&error);
      error = g_steal_pointer (&run->finish_error);
    }

  /* The stall detector cancelled the run: say why rather than "cancelled". */
  if (run->stalled && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_clear_error (&error);
      error = g_error_new (ADEPT_ERROR, ADEPT_ERROR_NETWORK,
                           g_dngettext (GETTEXT_PACKAGE,
                                        "The server at %s stopped answering: the sync made no progress for %u second, so it was stopped. Try again later; if it keeps happening, check the network and the server.",
                                        "The server at %s stopped answering: the sync made no progress for %u seconds, so it was stopped. Try again later; if it keeps happening, check the network and the server.",
                                        self->stall_s),
                           adept_dep_client_get_base_url (self->client), self->stall_s);
    }

  if (error != NULL)
    g_debug ("Sync of %s ended: %s", self->server_id, error->message);

  if (run->run_id > 0)
    {
      if (adept_store_journal_end (self->writer, run->run_id, error, &journal_error))
        entry = adept_store_get_journal_entry (self->store, run->run_id, &journal_error);
      if (journal_error != NULL && error == NULL)
        error = g_steal_pointer (&journal_error);
    }
  else if (run->own_journal &&
           !adept_store_journal_end (self->store, run->journal_id, error, &journal_error))
    g_debug ("The journal row of retries of %s: %s", self->server_id, journal_error->message);

  self->run = NULL;
  g_object_ref (self);
  run_free (run);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);

  /* Callers who came during a pass over retries wait for the run that follows it. */
  if (entry != NULL || error != NULL)
    {
      if (run_id > 0)
        return_to_waiters (self, entry, error);
      if (entry != NULL)
        g_signal_emit (self, signals[FINISHED], 0, entry);
      else if (run_id == 0)
        g_warning ("Retrying assignments of %s failed: %s", self->server_id, error->message);
    }
  g_clear_error (&error);

  /* Requests that arrived during a pass over retries start their run now. */
  if (self->run == NULL && self->waiters->len > 0)
    {
      g_autoptr(GError) start_error = NULL;

      if (!start_run (self, self->queued_flags, FALSE, &start_error))
        return_to_waiters (self, NULL, start_error);
    }
  schedule_retry_timer (self);
  g_object_unref (self);
}

static gboolean
cancel_in_idle (gpointer data)
{
  adept_sync_engine_cancel (data);
  return G_SOURCE_REMOVE;
}

/* Deferred: the run may end inside the cancellation and then disconnect this handler,
 * which GCancellable does not allow from within its own emission. */
static void
on_waiter_cancelled (GCancellable    *cancellable,
                     AdeptSyncEngine *self)
{
  g_idle_add_full (G_PRIORITY_HIGH, cancel_in_idle, g_object_ref (self), g_object_unref);
}

static gboolean
start_run (AdeptSyncEngine  *self,
           AdeptSyncFlags    flags,
           gboolean          retries_only,
           GError          **error)
{
  g_autoptr(AdeptStoreLock) lock = NULL;
  g_autofree char *cursor = NULL;
  AdeptSyncPhase phase = ADEPT_SYNC_PHASE_FETCH;
  AdeptSyncKind kind;
  gint64 run_id = 0;
  Run *run;

  lock = adept_store_lock_server (self->store, self->server_id, error);
  if (lock == NULL)
    return FALSE;
  if (self->writer == NULL)
    {
      self->writer = adept_store_open_in (adept_store_get_dir (self->store), error);
      if (self->writer == NULL)
        return FALSE;
      adept_store_keep_page_cache (self->writer);
    }

  if (!adept_store_has_server (self->store, self->server_id) &&
      !adept_store_ensure_server (self->store, self->server_id, ADEPT_STORE_KIND_LOCAL, error))
    return FALSE;
  /* With the lock held, a run without an end can only be one whose process died. */
  if (!adept_store_journal_close_interrupted (self->store, self->server_id, error))
    return FALSE;
  /* A full sync rewrites every device: first make sure the file under it is sound, as a
   * damaged page an incremental sync never touched would otherwise go unnoticed. */
  if ((flags & ADEPT_SYNC_FLAGS_FULL) &&
      (!adept_store_check (self->store, error) ||
       !adept_store_reset_cursor (self->store, self->server_id, error)))
    return FALSE;
  if (!adept_store_get_cursor (self->store, self->server_id, &cursor, &phase, NULL, error))
    return FALSE;

  if (!retries_only)
    {
      if (flags & ADEPT_SYNC_FLAGS_FULL)
        kind = ADEPT_SYNC_KIND_FULL;
      else if (phase == ADEPT_SYNC_PHASE_FETCH || cursor == NULL)
        kind = ADEPT_SYNC_KIND_FETCH;
      else
        kind = ADEPT_SYNC_KIND_SYNC;
      run_id = adept_store_journal_begin (self->writer, self->server_id, kind,
                                          (flags & ADEPT_SYNC_FLAGS_FULL) ? "requested" : NULL,
                                          error);
      if (run_id == 0)
        return FALSE;
    }

  run = g_new0 (Run, 1);
  run->self = g_object_ref (self);
  run->lock = g_steal_pointer (&lock);
  run->cancellable = g_cancellable_new ();
  run->run_id = run_id;
  run->journal_id = retries_only ? self->retry_journal : run_id;
  run->phase = phase;
  run->cursor = g_steal_pointer (&cursor);
  run->seen_cursors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  run->queued = g_ptr_array_new_with_free_func (g_object_unref);
  run->queued_phases = g_array_new (FALSE, FALSE, sizeof (AdeptSyncPhase));
  g_queue_init (&run->jobs);
  note_progress (run);

  self->run = run;
  self->queued_flags = ADEPT_SYNC_FLAGS_NONE;
  self->pages = 0;
  self->devices = 0;
  self->phase = phase;
  g_clear_handle_id (&self->retry_source, g_source_remove);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGES]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEVICES]);

  if (retries_only)
    retry_stage (run);
  else
    request_page (run);
  return TRUE;
}

void
adept_sync_engine_sync_async (AdeptSyncEngine     *self,
                              AdeptSyncFlags       flags,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GError) error = NULL;
  gboolean start = self->run == NULL;
  Waiter *waiter;

  g_return_if_fail (ADEPT_IS_SYNC_ENGINE (self));

  waiter = g_new0 (Waiter, 1);
  waiter->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (waiter->task, adept_sync_engine_sync_async);
  g_ptr_array_add (self->waiters, waiter);

  /* A pass over retries may hold the lock: this request starts its own run after it. */
  if (!start && self->run->run_id == 0)
    self->queued_flags |= flags;

  if (start && !start_run (self, flags, FALSE, &error))
    {
      return_to_waiters (self, NULL, error);
      return;
    }

  /* Connected once the run exists, so an already cancelled cancellable cancels it. */
  if (cancellable != NULL)
    {
      waiter->cancellable = g_object_ref (cancellable);
      waiter->handler = g_cancellable_connect (cancellable, G_CALLBACK (on_waiter_cancelled),
                                               self, NULL);
    }
}

AdeptJournalEntry *
adept_sync_engine_sync_finish (AdeptSyncEngine  *self,
                               GAsyncResult     *result,
                               GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
adept_sync_engine_cancel (AdeptSyncEngine *self)
{
  g_return_if_fail (ADEPT_IS_SYNC_ENGINE (self));

  if (self->run != NULL)
    g_cancellable_cancel (self->run->cancellable);
}

/* The retry timer */

static gboolean
on_retry_timer (gpointer data)
{
  AdeptSyncEngine *self = data;
  g_autoptr(GError) error = NULL;
  gint64 next;

  self->retry_source = 0;
  if (self->run != NULL)
    return G_SOURCE_REMOVE;  /* the run does the due retries at its end */

  next = adept_store_get_next_retry_time (self->store, self->server_id);
  if (next == 0)
    return G_SOURCE_REMOVE;
  if (next > g_get_real_time () / G_USEC_PER_SEC)
    {
      schedule_retry_timer (self);
      return G_SOURCE_REMOVE;
    }

  if (!start_run (self, ADEPT_SYNC_FLAGS_NONE, TRUE, &error))
    {
      /* Another process is syncing this server; its run does the retries. */
      g_debug ("Retries of %s postponed: %s", self->server_id, error->message);
      self->retry_source = g_timeout_add_seconds (RETRY_BUSY_DELAY_S, on_retry_timer, self);
    }
  return G_SOURCE_REMOVE;
}

static void
schedule_retry_timer (AdeptSyncEngine *self)
{
  gint64 next, delay_ms;

  g_clear_handle_id (&self->retry_source, g_source_remove);
  if (!self->retry_timer || self->run != NULL)
    return;

  next = adept_store_get_next_retry_time (self->store, self->server_id);
  if (next == 0)
    return;
  /* A little past the second it falls due, so it is due when the timer fires. */
  delay_ms = next * 1000 - g_get_real_time () / 1000 + 20;
  self->retry_source = g_timeout_add (CLAMP (delay_ms, 0, RETRY_TIMER_MAX_MS), on_retry_timer, self);
}

void
adept_sync_engine_set_retry_timer (AdeptSyncEngine *self,
                                   gboolean         enabled)
{
  g_return_if_fail (ADEPT_IS_SYNC_ENGINE (self));

  self->retry_timer = enabled;
  schedule_retry_timer (self);
}

/* Accessors */

AdeptSyncEngine *
adept_sync_engine_new (AdeptStore     *store,
                       AdeptDepClient *client,
                       const char     *server_id)
{
  AdeptSyncEngine *self;

  g_return_val_if_fail (ADEPT_IS_STORE (store), NULL);
  g_return_val_if_fail (ADEPT_IS_DEP_CLIENT (client), NULL);
  g_return_val_if_fail (server_id != NULL, NULL);

  self = g_object_new (ADEPT_TYPE_SYNC_ENGINE, NULL);
  self->store = g_object_ref (store);
  self->client = g_object_ref (client);
  self->server_id = g_strdup (server_id);
  return self;
}

AdeptStore *
adept_sync_engine_get_store (AdeptSyncEngine *self)
{
  g_return_val_if_fail (ADEPT_IS_SYNC_ENGINE (self), NULL);
  return self->store;
}

const char *
adept_sync_engine_get_server_id (AdeptSyncEngine *self)
{
  g_return_val_if_fail (ADEPT_IS_SYNC_ENGINE (self), NULL);
  return self->server_id;
}

void
adept_sync_engine_set_retry_journal (AdeptSyncEngine *self,
                                     gint64           run_id)
{
  g_return_if_fail (ADEPT_IS_SYNC_ENGINE (self));
  self->retry_journal = MAX (run_id, 0);
}

void
adept_sync_engine_set_auto_assign (AdeptSyncEngine *self,
                                   AdeptAutoAssign  scope)
{
  g_return_if_fail (ADEPT_IS_SYNC_ENGINE (self));
  self->auto_assign = scope;
}

void
adept_sync_engine_set_page_size (AdeptSyncEngine *self,
                                 guint            page_size)
{
  g_return_if_fail (ADEPT_IS_SYNC_ENGINE (self));
  self->page_size = CLAMP (page_size, 1, ADEPT_DEP_MAX_PAGE_SIZE);
}

void
adept_sync_engine_set_stall_timeout (AdeptSyncEngine *self,
                                     guint            seconds)
{
  g_return_if_fail (ADEPT_IS_SYNC_ENGINE (self));
  g_return_if_fail (seconds > 0);
  self->stall_s = seconds;
}

gboolean
adept_sync_engine_is_running (AdeptSyncEngine *self)
{
  g_return_val_if_fail (ADEPT_IS_SYNC_ENGINE (self), FALSE);
  return self->run != NULL;
}

guint
adept_sync_engine_get_pages (AdeptSyncEngine *self)
{
  g_return_val_if_fail (ADEPT_IS_SYNC_ENGINE (self), 0);
  return self->pages;
}

guint
adept_sync_engine_get_devices (AdeptSyncEngine *self)
{
  g_return_val_if_fail (ADEPT_IS_SYNC_ENGINE (self), 0);
  return self->devices;
}

AdeptSyncPhase
adept_sync_engine_get_phase (AdeptSyncEngine *self)
{
  g_return_val_if_fail (ADEPT_IS_SYNC_ENGINE (self), ADEPT_SYNC_PHASE_FETCH);
  return self->phase;
}

static void
adept_sync_engine_dispose (GObject *object)
{
  AdeptSyncEngine *self = ADEPT_SYNC_ENGINE (object);

  g_clear_handle_id (&self->retry_source, g_source_remove);
  G_OBJECT_CLASS (adept_sync_engine_parent_class)->dispose (object);
}

static void
adept_sync_engine_finalize (GObject *object)
{
  AdeptSyncEngine *self = ADEPT_SYNC_ENGINE (object);

  g_clear_pointer (&self->waiters, g_ptr_array_unref);
  g_clear_object (&self->store);
  g_clear_object (&self->writer);
  g_clear_object (&self->client);
  g_free (self->server_id);

  G_OBJECT_CLASS (adept_sync_engine_parent_class)->finalize (object);
}

static void
adept_sync_engine_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  AdeptSyncEngine *self = ADEPT_SYNC_ENGINE (object);

  switch (prop_id)
    {
    case PROP_RUNNING: g_value_set_boolean (value, self->run != NULL); break;
    case PROP_PAGES: g_value_set_uint (value, self->pages); break;
    case PROP_DEVICES: g_value_set_uint (value, self->devices); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
adept_sync_engine_class_init (AdeptSyncEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = adept_sync_engine_dispose;
  object_class->finalize = adept_sync_engine_finalize;
  object_class->get_property = adept_sync_engine_get_property;

  properties[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE, flags);
  properties[PROP_PAGES] = g_param_spec_uint ("pages", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_DEVICES] = g_param_spec_uint ("devices", NULL, NULL, 0, G_MAXUINT, 0, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  signals[ASSIGNED] =
    g_signal_new ("assigned", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
  signals[RETRIES_FINISHED] =
    g_signal_new ("retries-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  signals[FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, adept_journal_entry_get_type ());
}

static void
adept_sync_engine_init (AdeptSyncEngine *self)
{
  self->page_size = ADEPT_DEP_MAX_PAGE_SIZE;
  self->auto_assign = ADEPT_AUTO_ASSIGN_ALL;
  self->stall_s = DEFAULT_STALL_SECONDS;
  self->waiters = g_ptr_array_new_with_free_func ((GDestroyNotify) waiter_free);
}
