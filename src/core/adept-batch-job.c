/* adept-batch-job.c — the one batching loop of Adept
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-batch-job"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "adept-batch-job.h"
#include "adept-core-enums.h"
#include "adept-error.h"
#include "adept-util.h"

struct _AdeptBatchJob
{
  GObject              parent_instance;

  AdeptBatchKind       kind;
  AdeptAssignOrigin    origin;
  AdeptDepClient      *client;
  AdeptStore          *store;
  /* The job's own connection, for storing answers in a thread (the store above belongs to
   * the main thread); opened there at the first answer. */
  AdeptStore          *worker;
  char                *server_id;
  char                *profile_uuid;
  char                *profile_name;
  GStrv                serials;
  guint                total;

  AdeptDeviceResults  *results;
  GError              *error;
  gint64               finished_at;
  guint                sent;
  guint                batches_done;
  gboolean             running;
  gboolean             finished;
};

G_DEFINE_FINAL_TYPE (AdeptBatchJob, adept_batch_job, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FRACTION,
  PROP_SENT,
  PROP_FINISHED,
  N_PROPS
};

enum {
  BATCH_DONE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
adept_batch_job_finalize (GObject *object)
{
  AdeptBatchJob *self = ADEPT_BATCH_JOB (object);

  g_clear_object (&self->client);
  g_clear_object (&self->store);
  g_clear_object (&self->worker);
  g_clear_object (&self->results);
  g_clear_error (&self->error);
  g_free (self->server_id);
  g_free (self->profile_uuid);
  g_free (self->profile_name);
  g_strfreev (self->serials);
  G_OBJECT_CLASS (adept_batch_job_parent_class)->finalize (object);
}

static void
adept_batch_job_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  AdeptBatchJob *self = ADEPT_BATCH_JOB (object);

  switch (prop_id)
    {
    case PROP_FRACTION:
      g_value_set_double (value, adept_batch_job_get_fraction (self));
      break;
    case PROP_SENT:
      g_value_set_uint (value, self->sent);
      break;
    case PROP_FINISHED:
      g_value_set_boolean (value, self->finished);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
adept_batch_job_class_init (AdeptBatchJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = adept_batch_job_finalize;
  object_class->get_property = adept_batch_job_get_property;

  properties[PROP_FRACTION] = g_param_spec_double ("fraction", NULL, NULL, 0.0, 1.0, 0.0, flags);
  properties[PROP_SENT] = g_param_spec_uint ("sent", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_FINISHED] = g_param_spec_boolean ("finished", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[BATCH_DONE] =
    g_signal_new ("batch-done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
}

static void
adept_batch_job_init (AdeptBatchJob *self)
{
  self->results = adept_device_results_new ();
}

/* Each serial once, in the order given. */
static GStrv
unique_serials (const char * const *serials)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GStrvBuilder) unique = g_strv_builder_new ();

  for (guint i = 0; serials != NULL && serials[i] != NULL; i++)
    if (g_hash_table_add (seen, (gpointer) serials[i]))
      g_strv_builder_add (unique, serials[i]);
  return g_strv_builder_end (unique);
}

AdeptBatchJob *
adept_batch_job_new (AdeptBatchKind       kind,
                     AdeptDepClient      *client,
                     AdeptStore          *store,
                     const char          *server_id,
                     AdeptAssignOrigin    origin,
                     const char          *profile_uuid,
                     const char * const  *serials)
{
  AdeptBatchJob *self;
  g_autoptr(AdeptStoredProfile) stored = NULL;

  g_return_val_if_fail (ADEPT_IS_DEP_CLIENT (client), NULL);
  g_return_val_if_fail (ADEPT_IS_STORE (store), NULL);
  g_return_val_if_fail (server_id != NULL, NULL);
  g_return_val_if_fail (kind != ADEPT_BATCH_ASSIGN || profile_uuid != NULL, NULL);

  self = g_object_new (ADEPT_TYPE_BATCH_JOB, NULL);
  self->kind = kind;
  self->origin = origin;
  self->client = g_object_ref (client);
  self->store = g_object_ref (store);
  self->server_id = g_strdup (server_id);
  self->profile_uuid = g_strdup (profile_uuid);
  self->serials = unique_serials (serials);
  self->total = g_strv_length (self->serials);
  if (self->profile_uuid != NULL)
    stored = adept_store_get_profile (store, server_id, self->profile_uuid, NULL);
  self->profile_name = g_strdup (stored != NULL ? stored->name : self->profile_uuid);
  return self;
}

void
adept_batch_job_set_profile_name (AdeptBatchJob *self,
                                  const char    *name)
{
  g_return_if_fail (ADEPT_IS_BATCH_JOB (self));

  if (name != NULL)
    adept_set_str (&self->profile_name, name);
}

/* Running
 *
 * The next request goes out as soon as an answer is in, before that answer is stored: the
 * server prepares its answer while ours is written. Still one request at a time, and a
 * request is only sent once the one before it was answered: a manual job that must stop
 * at a failed request knows before sending the next. THROTTLED serials get their retry
 * from the store and are not sent again by the job. */

/* A request's answer as it came: its results or why it failed, and the serials it was
 * for (borrowed from the job's). */
typedef struct {
  AdeptDeviceResults *results;
  GError             *error;
  const char        **batch;
} Answer;

static void
answer_clear (Answer *answer)
{
  g_clear_object (&answer->results);
  g_clear_error (&answer->error);
  g_clear_pointer (&answer->batch, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Answer, answer_clear)

typedef struct {
  /* The serials of the request in flight, borrowed from the job's (as an Answer's batch). */
  const char **batch;
  guint     next;       /* index in self->serials of the next request's first serial */
  gboolean  in_flight;
  gboolean  stopping;   /* self->error is set: no new request, end after the one out */
  /* The answer before the request in flight, stored in a thread (storing): the main
   * loop stays free to write the next request and read its answer. */
  gboolean  storing;
  Answer    kept;
  guint     kept_success;
  guint     kept_waiting;
  /* An answer that came while the one before it was being stored: handled after it. */
  gboolean  deferred;
  Answer    next_answer;
} RunData;

static void
run_data_free (RunData *data)
{
  g_free (data->batch);
  answer_clear (&data->kept);
  answer_clear (&data->next_answer);
  g_free (data);
}

static void send_batch (GTask *task);
static void finish (GTask *task);

static gboolean
is_manual (AdeptBatchJob *self)
{
  return self->origin == ADEPT_ASSIGN_ORIGIN_MANUAL;
}

/* Only the serials of the request: Apple's answer names no others, and one that did
 * would not be ours to record. */
static GHashTable *
answers_of (AdeptDeviceResults *results,
            const char * const *batch)
{
  GHashTable *answers = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; batch[i] != NULL; i++)
    {
      const char *raw;

      if (!adept_device_results_contains (results, batch[i]))
        continue;
      raw = adept_device_results_get_raw_result (results, batch[i]);
      g_hash_table_insert (answers, (gpointer) batch[i], (gpointer) (raw ? raw : "OTHER"));
    }
  return answers;
}

/* Device details describe the present: stored like fetch records, without moving the
 * sync cursor. A fetch under way stays under way (more to follow, no sweep). */
static gboolean
store_details (AdeptBatchJob       *self,
               AdeptStore          *store,
               AdeptDeviceResults  *results,
               GError             **error)
{
  g_autoptr(GPtrArray) devices = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *cursor = NULL;
  AdeptSyncPhase phase = ADEPT_SYNC_PHASE_FETCH;
  gint64 fetched_until = 0;

  for (guint i = 0; i < adept_device_results_get_n_results (results); i++)
    {
      AdeptDevice *device = adept_device_results_get_device (results,
                                                             adept_device_results_get_serial (results, i));

      if (device != NULL)
        g_ptr_array_add (devices, g_object_ref (device));
    }
  if (devices->len == 0)
    return TRUE;
  if (!adept_store_get_cursor (store, self->server_id, &cursor, &phase, &fetched_until, error))
    return FALSE;
  return adept_store_commit_page (store, self->server_id, 0, phase, devices, cursor,
                                  phase == ADEPT_SYNC_PHASE_FETCH, fetched_until, NULL, error);
}

/* What the store keeps of one request; the numbers for "batch-done". */
static gboolean
record_batch (AdeptBatchJob       *self,
              AdeptStore          *store,
              AdeptDeviceResults  *results,
              const char * const  *batch,
              const GError        *request_error,
              guint               *n_success,
              guint               *n_waiting,
              GError             **error)
{
  *n_success = 0;
  *n_waiting = 0;

  if (request_error != NULL)
    {
      *n_waiting = g_strv_length ((char **) batch);
      if (self->kind != ADEPT_BATCH_ASSIGN)
        return TRUE;
      return adept_store_record_assign_error (store, self->server_id, self->profile_uuid,
                                              self->origin, batch, request_error,
                                              MAX (adept_error_get_retry_after (request_error), 0),
                                              error);
    }

  *n_success = adept_device_results_count (results, ADEPT_DEVICE_RESULT_SUCCESS);
  switch (self->kind)
    {
    case ADEPT_BATCH_ASSIGN:
      {
        g_autoptr(GHashTable) answers = answers_of (results, batch);

        *n_waiting = adept_device_results_count (results, ADEPT_DEVICE_RESULT_THROTTLED) +
                     adept_device_results_count (results, ADEPT_DEVICE_RESULT_FAILED);
        return adept_store_record_assign (store, self->server_id, self->profile_uuid,
                                          self->origin, answers,
                                          adept_device_results_get_retry_after_seconds (results),
                                          error);
      }
    case ADEPT_BATCH_DETAILS:
      return store_details (self, store, results, error);
    case ADEPT_BATCH_REMOVE:
    default:
      return TRUE;
    }
}

static const char *
audit_action (AdeptBatchJob *self)
{
  switch (self->kind)
    {
    case ADEPT_BATCH_ASSIGN:
      return "profile-assign";
    case ADEPT_BATCH_REMOVE:
      return "profile-remove";
    case ADEPT_BATCH_DETAILS:
    default:
      return "devices-refresh";
    }
}

static char *
audit_details (AdeptBatchJob *self)
{
  GString *text = g_string_new (NULL);

  if (self->profile_uuid != NULL)
    g_string_append_printf (text, "\"%s\" (%s): ", self->profile_name, self->profile_uuid);
  g_string_append_printf (text, "%u of %u devices answered", self->sent, self->total);
  for (AdeptDeviceResult r = ADEPT_DEVICE_RESULT_SUCCESS; r <= ADEPT_DEVICE_RESULT_OTHER; r++)
    {
      guint n = adept_device_results_count (self->results, r);

      if (n > 0)
        g_string_append_printf (text, ", %u %s", n, adept_device_result_to_string (r));
    }
  if (self->error != NULL)
    g_string_append_printf (text, "; stopped: %s",
                            self->error->domain == ADEPT_ERROR
                            ? adept_error_code_name (self->error->code) : "cancelled");
  return g_string_free (text, FALSE);
}

static void
finish (GTask *task)
{
  AdeptBatchJob *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  if (is_manual (self))
    {
      g_autofree char *details = audit_details (self);

      /* The log is a record, not a gate: what Apple did stays done. */
      if (!adept_store_audit (self->store, self->server_id, audit_action (self), details, &error))
        g_message ("Could not write the audit log: %s", error->message);
    }

  self->running = FALSE;
  self->finished = TRUE;
  self->finished_at = g_get_real_time () / G_USEC_PER_SEC;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FINISHED]);
  if (self->error != NULL)
    g_task_return_error (task, g_error_copy (self->error));
  else
    g_task_return_pointer (task, g_object_ref (self->results), g_object_unref);
}

static AdeptDeviceResults *
request_finish (AdeptBatchJob  *self,
                GAsyncResult   *result,
                GError        **error)
{
  switch (self->kind)
    {
    case ADEPT_BATCH_ASSIGN:
      return adept_dep_client_assign_profile_finish (self->client, result, error);
    case ADEPT_BATCH_REMOVE:
      return adept_dep_client_remove_profile_finish (self->client, result, error);
    case ADEPT_BATCH_DETAILS:
    default:
      return adept_dep_client_get_device_details_finish (self->client, result, error);
    }
}

/* What follows an answer's storing (store_error: why it could not be stored); FALSE once
 * the job must stop. */
static gboolean
answer_stored (GTask              *task,
               AdeptDeviceResults *results,
               GError             *request_error,
               const char * const *batch,
               const GError       *store_error,
               guint               n_success,
               guint               n_waiting)
{
  AdeptBatchJob *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);

  if (request_error != NULL)
    g_debug ("A batch of %s failed: %s", self->server_id, request_error->message);
  if (store_error != NULL)
    {
      if (self->error == NULL)
        self->error = g_error_copy (store_error);
      data->stopping = TRUE;
      return FALSE;
    }
  g_signal_emit (self, signals[BATCH_DONE], 0, n_success, n_waiting);

  if (request_error != NULL && is_manual (self))
    {
      if (self->error == NULL)
        self->error = g_error_copy (request_error);
      data->stopping = TRUE;
      return FALSE;
    }

  if (results != NULL)
    adept_device_results_merge_take (self->results, results);
  self->sent += g_strv_length ((char **) batch);
  self->batches_done++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SENT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
  return !data->stopping;
}

/* Stores one answer (or its failure) here and now; FALSE once the job must stop. */
static gboolean
take_answer (GTask              *task,
             AdeptDeviceResults *results,
             GError             *request_error,
             const char * const *batch)
{
  AdeptBatchJob *self = g_task_get_source_object (task);
  g_autoptr(GError) store_error = NULL;
  guint n_success, n_waiting;

  record_batch (self, self->store, results, batch, request_error, &n_success, &n_waiting,
                &store_error);
  return answer_stored (task, results, request_error, batch, store_error, n_success, n_waiting);
}

static void handle_answer (GTask              *task,
                           AdeptDeviceResults *results,
                           GError             *error,
                           const char        **batch);

/* In a thread: the kept answer, through the job's own connection. */
static void
store_in_thread (GTask        *store_task,
                 gpointer      source,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  AdeptBatchJob *self = source;
  RunData *data = g_task_get_task_data (task_data);
  GError *error = NULL;
  /* Removing a profile keeps nothing, nor does a failed request but an assignment's. */
  gboolean keeps = self->kind == ADEPT_BATCH_ASSIGN ||
                   (self->kind == ADEPT_BATCH_DETAILS && data->kept.error == NULL);

  if (keeps && self->worker == NULL)
    self->worker = adept_store_open_in (adept_store_get_dir (self->store), &error);
  if ((keeps && self->worker == NULL) ||
      !record_batch (self, self->worker, data->kept.results,
                     (const char * const *) data->kept.batch, data->kept.error,
                     &data->kept_success, &data->kept_waiting, &error))
    g_task_return_error (store_task, error);
  else
    g_task_return_boolean (store_task, TRUE);
}

static void
kept_answer_stored (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RunData *data = g_task_get_task_data (task);
  g_auto(Answer) kept = data->kept;
  g_autoptr(GError) store_error = NULL;

  data->kept = (Answer) { NULL, };
  g_task_propagate_boolean (G_TASK (result), &store_error);
  data->storing = FALSE;
  answer_stored (task, kept.results, kept.error, (const char * const *) kept.batch, store_error,
                 data->kept_success, data->kept_waiting);
  if (data->deferred)
    {
      Answer next = data->next_answer;

      data->next_answer = (Answer) { NULL, };
      data->deferred = FALSE;
      handle_answer (task, next.results, next.error, next.batch);
    }
}

/* Takes the answer. */
static void
keep_answer (GTask              *task,
             AdeptDeviceResults *results,
             GError             *error,
             const char        **batch)
{
  AdeptBatchJob *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  g_autoptr(GTask) store_task = g_task_new (self, NULL, kept_answer_stored, g_object_ref (task));

  data->storing = TRUE;
  data->kept = (Answer) { results, error, batch };
  data->kept_success = data->kept_waiting = 0;
  g_task_set_task_data (store_task, task, NULL);
  g_task_run_in_thread (store_task, store_in_thread);
}

/* An answer, once the one before it is stored; takes results, error and batch. */
static void
handle_answer (GTask              *task,
               AdeptDeviceResults *results_in,
               GError             *error_in,
               const char        **batch_in)
{
  AdeptBatchJob *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  g_autoptr(AdeptDeviceResults) results = results_in;
  g_autoptr(GError) error = error_in;
  g_autofree const char **batch = batch_in;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (self->error == NULL)
        self->error = g_steal_pointer (&error);
      finish (task);
      return;
    }

  /* A manual job stops at a request that failed as a whole: nothing more goes out. */
  if (!data->stopping && !(error != NULL && is_manual (self)))
    send_batch (g_object_ref (task));
  if (data->in_flight)
    {
      keep_answer (task, g_steal_pointer (&results), g_steal_pointer (&error),
                   g_steal_pointer (&batch));
      return;
    }
  take_answer (task, results, error, (const char * const *) batch);
  finish (task);
}

static void
batch_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AdeptBatchJob *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  AdeptDeviceResults *results;
  GError *error = NULL;

  data->in_flight = FALSE;
  results = request_finish (self, result, &error);
  /* Answers are stored in the order they came. */
  if (data->storing)
    {
      data->deferred = TRUE;
      data->next_answer = (Answer) { results, error, g_steal_pointer (&data->batch) };
      return;
    }
  handle_answer (task, results, error, g_steal_pointer (&data->batch));
}

/* Takes a reference on the task for the request, when one goes out. */
static void
send_batch (GTask *task)
{
  AdeptBatchJob *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  guint start = data->next;
  guint n;

  if (start >= self->total)
    {
      g_object_unref (task);
      return;
    }
  if (g_cancellable_is_cancelled (cancellable))
    {
      if (self->error == NULL)
        self->error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                           _("Stopped on request."));
      data->stopping = TRUE;
      g_object_unref (task);
      return;
    }

  n = MIN (self->total - start, ADEPT_DEP_MAX_BATCH);
  data->batch = g_new0 (const char *, n + 1);
  memcpy (data->batch, self->serials + start, n * sizeof (char *));
  data->next = start + n;
  data->in_flight = TRUE;

  switch (self->kind)
    {
    case ADEPT_BATCH_ASSIGN:
      adept_dep_client_assign_profile_async (self->client, self->profile_uuid,
                                             data->batch,
                                             cancellable, batch_done, task);
      break;
    case ADEPT_BATCH_REMOVE:
      adept_dep_client_remove_profile_async (self->client, data->batch,
                                             cancellable, batch_done, task);
      break;
    case ADEPT_BATCH_DETAILS:
    default:
      adept_dep_client_get_device_details_async (self->client,
                                                 data->batch,
                                                 cancellable, batch_done, task);
      break;
    }
}

void
adept_batch_job_run_async (AdeptBatchJob       *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (ADEPT_IS_BATCH_JOB (self));
  g_return_if_fail (!self->running && !self->finished);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, adept_batch_job_run_async);
  g_task_set_task_data (task, g_new0 (RunData, 1), (GDestroyNotify) run_data_free);
  self->running = TRUE;
  send_batch (g_object_ref (task));
  if (!((RunData *) g_task_get_task_data (task))->in_flight)
    finish (task);
  g_object_unref (task);
}

AdeptDeviceResults *
adept_batch_job_run_finish (AdeptBatchJob  *self,
                            GAsyncResult   *result,
                            GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

AdeptBatchKind
adept_batch_job_get_kind (AdeptBatchJob *self)
{
  g_return_val_if_fail (ADEPT_IS_BATCH_JOB (self), 0);
  return self->kind;
}

const char *
adept_batch_job_get_profile_uuid (AdeptBatchJob *self)
{
  g_return_val_if_fail (ADEPT_IS_BATCH_JOB (self), NULL);
  return self->profile_uuid;
}

const char *
adept_batch_job_get_profile_name (AdeptBatchJob *self)
{
  g_return_val_if_fail (ADEPT_IS_BATCH_JOB (self), NULL);
  return self->profile_name;
}

guint
adept_batch_job_get_total (AdeptBatchJob *self)
{
  g_return_val_if_fail (ADEPT_IS_BATCH_JOB (self), 0);
  return self->total;
}

guint
adept_batch_job_get_sent (AdeptBatchJob *self)
{
  g_return_val_if_fail (ADEPT_IS_BATCH_JOB (self), 0);
  return self->sent;
}

guint
adept_batch_job_get_n_batches (AdeptBatchJob *self)
{
  g_return_val_if_fail (ADEPT_IS_BATCH_JOB (self), 0);
  return (self->total + ADEPT_DEP_MAX_BATCH - 1) / ADEPT_DEP_MAX_BATCH;
}

guint
adept_batch_job_get_batches_done (AdeptBatchJob *self)
{
  g_return_val_if_fail (ADEPT_IS_BATCH_JOB (self), 0);
  return self->batches_done;
}

double
adept_batch_job_get_fraction (AdeptBatchJob *self)
{
  g_return_val_if_fail (ADEPT_IS_BATCH_JOB (self), 0.0);
  return self->total ? (double) self->sent / self->total : 1.0;
}

gboolean
adept_batch_job_get_finished (AdeptBatchJob *self)
{
  g_return_val_if_fail (ADEPT_IS_BATCH_JOB (self), FALSE);
  return self->finished;
}

AdeptDeviceResults *
adept_batch_job_get_results (AdeptBatchJob *self)
{
  g_return_val_if_fail (ADEPT_IS_BATCH_JOB (self), NULL);
  return self->results;
}

const GError *
adept_batch_job_get_error (AdeptBatchJob *self)
{
  g_return_val_if_fail (ADEPT_IS_BATCH_JOB (self), NULL);
  return self->error;
}

/* Summary */

static char *
format_retry_time (AdeptBatchJob *self)
{
  gint64 seconds = adept_device_results_get_retry_after_seconds (self->results);
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (self->finished_at + MAX (seconds, 0));
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  if (g_date_time_get_year (when) == g_date_time_get_year (now)
      && g_date_time_get_day_of_year (when) == g_date_time_get_day_of_year (now))
    /* Translators: a time of today, as in "14:05". */
    return g_date_time_format (when, _("%H:%M"));
  return adept_format_date_time (when);
}

static void
append_line (GString    *text,
             const char *line)
{
  if (text->len > 0)
    g_string_append_c (text, '\n');
  g_string_append (text, line);
}

/* format comes from ngettext() with literals, which the compiler checks; it holds the
 * count as its first %s and until as a second when set. */
#define APPEND_COUNT(text, n, format, ...)                                         \
  G_STMT_START {                                                                   \
    if ((n) > 0)                                                                   \
      {                                                                            \
        g_autofree char *count_ = adept_format_count (n);                          \
        g_autofree char *line_ = g_strdup_printf (format, count_, ##__VA_ARGS__);  \
        append_line (text, line_);                                                 \
      }                                                                            \
  } G_STMT_END

char *
adept_batch_job_dup_summary (AdeptBatchJob *self)
{
  AdeptDeviceResults *r;
  GString *text;
  guint success, failed, away, unknown, other, throttled;

  g_return_val_if_fail (ADEPT_IS_BATCH_JOB (self), NULL);

  r = self->results;
  text = g_string_new (NULL);
  success = adept_device_results_count (r, ADEPT_DEVICE_RESULT_SUCCESS);
  failed = adept_device_results_count (r, ADEPT_DEVICE_RESULT_FAILED);
  away = adept_device_results_count (r, ADEPT_DEVICE_RESULT_NOT_ACCESSIBLE);
  unknown = adept_device_results_count (r, ADEPT_DEVICE_RESULT_NOT_FOUND);
  other = adept_device_results_count (r, ADEPT_DEVICE_RESULT_OTHER);
  throttled = adept_device_results_count (r, ADEPT_DEVICE_RESULT_THROTTLED);

  switch (self->kind)
    {
    case ADEPT_BATCH_ASSIGN:
      /* Translators: %s is a number of devices. */
      APPEND_COUNT (text, success, ngettext ("%s device assigned.", "%s devices assigned.", success));
      APPEND_COUNT (text, failed, ngettext ("%s failed; Adept tries again in 24 hours.",
                                            "%s failed; Adept tries again in 24 hours.", failed));
      break;
    case ADEPT_BATCH_REMOVE:
      APPEND_COUNT (text, success, ngettext ("%s device no longer has the profile.",
                                             "%s devices no longer have the profile.", success));
      APPEND_COUNT (text, failed, ngettext ("%s failed.", "%s failed.", failed));
      break;
    case ADEPT_BATCH_DETAILS:
    default:
      APPEND_COUNT (text, success, ngettext ("%s device refreshed from Apple.",
                                             "%s devices refreshed from Apple.", success));
      /* Apple answers NOT_ACCESSIBLE or NOT_FOUND for a device the server no longer has. */
      APPEND_COUNT (text, away + unknown,
                    ngettext ("%s no longer assigned to this server.",
                              "%s no longer assigned to this server.", away + unknown));
      away = unknown = 0;
      break;
    }
  APPEND_COUNT (text, away,
                ngettext ("%s not accessible: not assigned to this MDM server in Apple Business Manager.",
                          "%s not accessible: not assigned to this MDM server in Apple Business Manager.",
                          away));
  APPEND_COUNT (text, unknown, ngettext ("%s unknown to Apple.", "%s unknown to Apple.", unknown));
  APPEND_COUNT (text, other, ngettext ("%s with an answer Adept does not know.",
                                       "%s with an answer Adept does not know.", other));
  if (throttled > 0)
    {
      g_autofree char *until = format_retry_time (self);

      /* Translators: the second %s is a time, as in "14:05". */
      APPEND_COUNT (text, throttled,
                    ngettext ("%s throttled by Apple until %s; Adept tries again then.",
                              "%s throttled by Apple until %s; Adept tries again then.", throttled),
                    until);
    }

  if (self->error != NULL)
    {
      g_autofree char *sent = adept_format_count (self->sent);
      g_autofree char *total = adept_format_count (self->total);
      g_autofree char *line = NULL;

      if (g_error_matches (self->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        /* Translators: "Stopped on request after 1,000 of 2,500 devices; …" */
        line = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "Stopped on request after %s of %s device; the "
                                             "others were not sent.",
                                             "Stopped on request after %s of %s devices; the "
                                             "others were not sent.", self->total),
                                sent, total);
      else
        /* Translators: "Stopped after 1,000 of 2,500 devices: <error sentence>" */
        line = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Stopped after %s of %s device: %s",
                                             "Stopped after %s of %s devices: %s", self->total),
                                sent, total, self->error->message);
      append_line (text, line);
    }
  if (text->len == 0)
    append_line (text, _("No device was sent."));
  return g_string_free (text, FALSE);
}
