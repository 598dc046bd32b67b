/* adept-profile-job.c — the one way the console assigns or removes a profile in bulk
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-profile-job"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "adept-error.h"
#include "adept-profile-job.h"
#include "adept-util.h"

struct _AdeptProfileJob
{
  GObject              parent_instance;

  AdeptProfileJobKind  kind;
  AdeptDepClient      *client;
  AdeptStore          *store;
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

G_DEFINE_FINAL_TYPE (AdeptProfileJob, adept_profile_job, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FRACTION,
  PROP_SENT,
  PROP_FINISHED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
adept_profile_job_finalize (GObject *object)
{
  AdeptProfileJob *self = ADEPT_PROFILE_JOB (object);

  g_clear_object (&self->client);
  g_clear_object (&self->store);
  g_clear_object (&self->results);
  g_clear_error (&self->error);
  g_free (self->server_id);
  g_free (self->profile_uuid);
  g_free (self->profile_name);
  g_strfreev (self->serials);
  G_OBJECT_CLASS (adept_profile_job_parent_class)->finalize (object);
}

static void
adept_profile_job_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  AdeptProfileJob *self = ADEPT_PROFILE_JOB (object);

  switch (prop_id)
    {
    case PROP_FRACTION:
      g_value_set_double (value, adept_profile_job_get_fraction (self));
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
adept_profile_job_class_init (AdeptProfileJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = adept_profile_job_finalize;
  object_class->get_property = adept_profile_job_get_property;

  properties[PROP_FRACTION] =
    g_param_spec_double ("fraction", NULL, NULL, 0.0, 1.0, 0.0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SENT] =
    g_param_spec_uint ("sent", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_FINISHED] =
    g_param_spec_boolean ("finished", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
adept_profile_job_init (AdeptProfileJob *self)
{
  self->results = adept_device_results_new ();
}

AdeptProfileJob *
adept_profile_job_new (AdeptProfileJobKind  kind,
                       AdeptDepClient      *client,
                       AdeptStore          *store,
                       const char          *server_id,
                       const char          *profile_uuid,
                       const char          *profile_name,
                       const char * const  *serials)
{
  AdeptProfileJob *self;

  g_return_val_if_fail (ADEPT_IS_DEP_CLIENT (client), NULL);
  g_return_val_if_fail (ADEPT_IS_STORE (store), NULL);
  g_return_val_if_fail (server_id != NULL, NULL);
  g_return_val_if_fail (kind == ADEPT_PROFILE_JOB_REMOVE || profile_uuid != NULL, NULL);

  self = g_object_new (ADEPT_TYPE_PROFILE_JOB, NULL);
  self->kind = kind;
  self->client = g_object_ref (client);
  self->store = g_object_ref (store);
  self->server_id = g_strdup (server_id);
  self->profile_uuid = g_strdup (profile_uuid);
  self->profile_name = g_strdup (profile_name ? profile_name : profile_uuid);
  self->serials = g_strdupv ((char **) serials);
  self->total = self->serials ? g_strv_length (self->serials) : 0;
  return self;
}

/* Running */

typedef struct {
  guint  start;
  GStrv  batch;   /* the serials of the request in flight */
} RunData;

static void
run_data_free (RunData *data)
{
  g_strfreev (data->batch);
  g_free (data);
}

static void send_next_batch (GTask *task);

static GHashTable *
answers_of (AdeptDeviceResults *results)
{
  GHashTable *answers = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < adept_device_results_get_n_results (results); i++)
    {
      const char *serial = adept_device_results_get_serial (results, i);

      g_hash_table_insert (answers, (gpointer) serial,
                           (gpointer) adept_device_results_get_raw_result (results, serial));
    }
  return answers;
}

/* The store keeps what Apple said about each device, so the device panel and the retries
 * of the auto-assigner know it. A failure to write is logged: the answers are Apple's
 * and the assignment happened whatever the store says. */
static void
record_batch (AdeptProfileJob    *self,
              AdeptDeviceResults *results,
              const char * const *batch,
              const GError       *request_error)
{
  g_autoptr(GError) error = NULL;

  if (self->kind != ADEPT_PROFILE_JOB_ASSIGN)
    return;
  if (request_error != NULL)
    adept_store_record_assign_error (self->store, self->server_id, self->profile_uuid,
                                     ADEPT_ASSIGN_ORIGIN_MANUAL, batch, request_error,
                                     MAX (adept_error_get_retry_after (request_error), 0),
                                     &error);
  else
    {
      g_autoptr(GHashTable) answers = answers_of (results);

      adept_store_record_assign (self->store, self->server_id, self->profile_uuid,
                                 ADEPT_ASSIGN_ORIGIN_MANUAL, answers,
                                 adept_device_results_get_retry_after_seconds (results),
                                 &error);
    }
  if (error != NULL)
    g_warning ("Could not record the answers of an assignment: %s", error->message);
}

static char *
audit_details (AdeptProfileJob *self)
{
  GString *text = g_string_new (NULL);

  g_string_append_printf (text, "\"%s\" (%s): %u of %u devices answered",
                          self->profile_name, self->profile_uuid ? self->profile_uuid : "-",
                          self->sent, self->total);
  for (AdeptDeviceResult r = ADEPT_DEVICE_RESULT_SUCCESS; r <= ADEPT_DEVICE_RESULT_OTHER; r++)
    {
      guint n = adept_device_results_count (self->results, r);

      if (n > 0)
        g_string_append_printf (text, ", %u %s", n, adept_device_result_to_string (r));
    }
  if (self->error != NULL)
    g_string_append_printf (text, "; stopped: %s", adept_error_code_name (self->error->code));
  return g_string_free (text, FALSE);
}

static void
finish (GTask *task)
{
  AdeptProfileJob *self = g_task_get_source_object (task);
  g_autofree char *details = audit_details (self);
  g_autoptr(GError) error = NULL;

  if (!adept_store_audit (self->store, self->server_id,
                          self->kind == ADEPT_PROFILE_JOB_ASSIGN ? "profile-assign" : "profile-remove",
                          details, &error))
    g_warning ("Could not write the audit log: %s", error->message);

  self->running = FALSE;
  self->finished = TRUE;
  self->finished_at = g_get_real_time () / G_USEC_PER_SEC;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FINISHED]);
  if (self->error != NULL)
    g_task_return_error (task, g_error_copy (self->error));
  else
    g_task_return_pointer (task, g_object_ref (self->results), g_object_unref);
}

static void
batch_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AdeptProfileJob *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  g_autoptr(AdeptDeviceResults) results = NULL;
  g_autoptr(GError) error = NULL;

  if (self->kind == ADEPT_PROFILE_JOB_ASSIGN)
    results = adept_dep_client_assign_profile_finish (self->client, result, &error);
  else
    results = adept_dep_client_remove_profile_finish (self->client, result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      self->error = g_steal_pointer (&error);
      finish (task);
      return;
    }

  record_batch (self, results, (const char * const *) data->batch, error);
  if (error != NULL)
    {
      self->error = g_steal_pointer (&error);
      finish (task);
      return;
    }

  adept_device_results_merge (self->results, results);
  self->sent += g_strv_length (data->batch);
  self->batches_done++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SENT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
  send_next_batch (g_steal_pointer (&task));
}

static void
send_next_batch (GTask *task)
{
  AdeptProfileJob *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  guint n;

  data->start = self->sent;
  if (data->start >= self->total)
    {
      finish (task);
      return;
    }

  n = MIN (self->total - data->start, ADEPT_DEP_MAX_BATCH);
  g_strfreev (data->batch);
  data->batch = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    data->batch[i] = g_strdup (self->serials[data->start + i]);

  if (self->kind == ADEPT_PROFILE_JOB_ASSIGN)
    adept_dep_client_assign_profile_async (self->client, self->profile_uuid,
                                           (const char * const *) data->batch,
                                           g_task_get_cancellable (task), batch_done, task);
  else
    adept_dep_client_remove_profile_async (self->client, (const char * const *) data->batch,
                                           g_task_get_cancellable (task), batch_done, task);
}

void
adept_profile_job_run_async (AdeptProfileJob     *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (ADEPT_IS_PROFILE_JOB (self));
  g_return_if_fail (!self->running && !self->finished);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, adept_profile_job_run_async);
  g_task_set_task_data (task, g_new0 (RunData, 1), (GDestroyNotify) run_data_free);
  self->running = TRUE;
  send_next_batch (task);
}

AdeptDeviceResults *
adept_profile_job_run_finish (AdeptProfileJob  *self,
                              GAsyncResult     *result,
                              GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

AdeptProfileJobKind
adept_profile_job_get_kind (AdeptProfileJob *self)
{
  g_return_val_if_fail (ADEPT_IS_PROFILE_JOB (self), 0);
  return self->kind;
}

guint
adept_profile_job_get_total (AdeptProfileJob *self)
{
  g_return_val_if_fail (ADEPT_IS_PROFILE_JOB (self), 0);
  return self->total;
}

guint
adept_profile_job_get_sent (AdeptProfileJob *self)
{
  g_return_val_if_fail (ADEPT_IS_PROFILE_JOB (self), 0);
  return self->sent;
}

guint
adept_profile_job_get_n_batches (AdeptProfileJob *self)
{
  g_return_val_if_fail (ADEPT_IS_PROFILE_JOB (self), 0);
  return (self->total + ADEPT_DEP_MAX_BATCH - 1) / ADEPT_DEP_MAX_BATCH;
}

guint
adept_profile_job_get_batches_done (AdeptProfileJob *self)
{
  g_return_val_if_fail (ADEPT_IS_PROFILE_JOB (self), 0);
  return self->batches_done;
}

double
adept_profile_job_get_fraction (AdeptProfileJob *self)
{
  g_return_val_if_fail (ADEPT_IS_PROFILE_JOB (self), 0.0);
  return self->total ? (double) self->sent / self->total : 1.0;
}

gboolean
adept_profile_job_get_finished (AdeptProfileJob *self)
{
  g_return_val_if_fail (ADEPT_IS_PROFILE_JOB (self), FALSE);
  return self->finished;
}

AdeptDeviceResults *
adept_profile_job_get_results (AdeptProfileJob *self)
{
  g_return_val_if_fail (ADEPT_IS_PROFILE_JOB (self), NULL);
  return self->results;
}

const GError *
adept_profile_job_get_error (AdeptProfileJob *self)
{
  g_return_val_if_fail (ADEPT_IS_PROFILE_JOB (self), NULL);
  return self->error;
}

/* Summary */

static char *
format_retry_time (AdeptProfileJob *self)
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
adept_profile_job_dup_summary (AdeptProfileJob *self)
{
  AdeptDeviceResults *r;
  GString *text;
  guint success, failed, away, unknown, other, throttled;

  g_return_val_if_fail (ADEPT_IS_PROFILE_JOB (self), NULL);

  r = self->results;
  text = g_string_new (NULL);
  success = adept_device_results_count (r, ADEPT_DEVICE_RESULT_SUCCESS);
  failed = adept_device_results_count (r, ADEPT_DEVICE_RESULT_FAILED);
  away = adept_device_results_count (r, ADEPT_DEVICE_RESULT_NOT_ACCESSIBLE);
  unknown = adept_device_results_count (r, ADEPT_DEVICE_RESULT_NOT_FOUND);
  other = adept_device_results_count (r, ADEPT_DEVICE_RESULT_OTHER);
  throttled = adept_device_results_count (r, ADEPT_DEVICE_RESULT_THROTTLED);

  if (self->kind == ADEPT_PROFILE_JOB_ASSIGN)
    {
      /* Translators: %s is a number of devices. */
      APPEND_COUNT (text, success, ngettext ("%s device assigned.", "%s devices assigned.", success));
      APPEND_COUNT (text, failed, ngettext ("%s failed; Adept tries again in 24 hours.",
                                            "%s failed; Adept tries again in 24 hours.", failed));
    }
  else
    {
      APPEND_COUNT (text, success, ngettext ("%s device no longer has the profile.",
                                             "%s devices no longer have the profile.", success));
      APPEND_COUNT (text, failed, ngettext ("%s failed.", "%s failed.", failed));
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
        line = g_strdup_printf (_("Stopped on request after %s of %s devices; the others were "
                                  "not sent."), sent, total);
      else
        /* Translators: "Stopped after 1,000 of 2,500 devices: <error sentence>" */
        line = g_strdup_printf (_("Stopped after %s of %s devices: %s"), sent, total,
                                self->error->message);
      append_line (text, line);
    }
  if (text->len == 0)
    append_line (text, _("No device was sent."));
  return g_string_free (text, FALSE);
}
