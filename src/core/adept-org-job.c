/* adept-org-job.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-org-job"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "adept-core-enums.h"
#include "adept-error.h"
#include "adept-org-job.h"

/* Apple gives no progress while an activity runs: ask again after a short wait that
 * grows, so a long activity costs few requests. */
#define POLL_FIRST_MS 500
#define POLL_MAX_MS   10000

struct _AdeptOrgJob
{
  GObject               parent_instance;

  AdeptOrg             *org;
  AdeptOrgActivityType  type;
  GPtrArray            *serials;
  char                 *server_id;
  gint64                deadline;

  AdeptOrgJobPhase      phase;
  double                fraction;
  GPtrArray            *results;
  GPtrArray            *activities;
  GPtrArray            *eligible;
  guint                 n_batches;
  guint                 next_batch;
  guint                 poll_ms;
  GSource              *timer;
  GSource              *cancel_source;
  gboolean              running;
};

G_DEFINE_FINAL_TYPE (AdeptOrgJob, adept_org_job, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PHASE,
  PROP_FRACTION,
  PROP_N_DEVICES,
  PROP_N_SUCCEEDED,
  PROP_N_FAILED,
  PROP_ACTIVITY_TYPE,
  PROP_SERVER_ID,
  N_PROPS
};

enum {
  ACTIVITY_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

const char *
adept_org_migration_rules (void)
{
  return _("MDM migration needs iOS 26, iPadOS 26 or macOS 26 or later; it is not available for a Shared iPad or a device in Return to Service, and a device added with Apple Configurator must be past its 30-day provisional period.");
}

const char *
adept_org_job_phase_describe (AdeptOrgJobPhase phase)
{
  switch (phase)
    {
    case ADEPT_ORG_JOB_CHECKING: return _("Checking the devices…");
    case ADEPT_ORG_JOB_SENDING: return _("Sending the activity to Apple…");
    case ADEPT_ORG_JOB_WAITING: return _("Apple is working on it…");
    case ADEPT_ORG_JOB_COLLECTING: return _("Reading Apple’s results…");
    case ADEPT_ORG_JOB_READY:
    case ADEPT_ORG_JOB_DONE:
    case ADEPT_ORG_JOB_FAILED:
    default:
      return NULL;
    }
}

/* ---- State ---- */

static void
set_phase (AdeptOrgJob      *self,
           AdeptOrgJobPhase  phase)
{
  if (self->phase == phase)
    return;
  self->phase = phase;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PHASE]);
}

static void
set_fraction (AdeptOrgJob *self,
              double       fraction)
{
  fraction = CLAMP (fraction, 0.0, 1.0);
  if (self->fraction == fraction)
    return;
  self->fraction = fraction;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
}

static void
add_result (AdeptOrgJob          *self,
            AdeptOrgDeviceResult *result)
{
  g_ptr_array_add (self->results, result);
  g_object_notify_by_pspec (G_OBJECT (self), properties[result->ok ? PROP_N_SUCCEEDED : PROP_N_FAILED]);
}

static void
refuse (AdeptOrgJob *self,
        const char  *serial,
        const char  *code,
        const char  *detail)
{
  add_result (self, adept_org_device_result_new (serial, FALSE, code, detail));
}

static void
clear_timer (AdeptOrgJob *self)
{
  if (self->timer != NULL)
    {
      g_source_destroy (self->timer);
      g_clear_pointer (&self->timer, g_source_unref);
    }
  if (self->cancel_source != NULL)
    {
      g_source_destroy (self->cancel_source);
      g_clear_pointer (&self->cancel_source, g_source_unref);
    }
}

static void
fail (GTask  *task,
      GError *error)
{
  AdeptOrgJob *self = g_task_get_source_object (task);

  clear_timer (self);
  self->running = FALSE;
  set_phase (self, ADEPT_ORG_JOB_FAILED);
  g_task_return_error (task, error);
  g_object_unref (task);
}

/* ---- Eligibility ---- */

static gboolean
needs_check (AdeptOrgActivityType type)
{
  return type == ADEPT_ORG_ACTIVITY_ASSIGN_WITH_DEADLINE || type == ADEPT_ORG_ACTIVITY_UPDATE_DEADLINE ||
         type == ADEPT_ORG_ACTIVITY_CANCEL_MIGRATION;
}

static gboolean
migration_pending (const AdeptOrgDeviceData *data)
{
  return g_strcmp0 (data->migration_status, "REQUESTED") == 0 ||
         g_strcmp0 (data->migration_status, "STARTED") == 0;
}

/* NULL when the device can take the activity, else why not. */
static const char *
ineligible (AdeptOrgJob    *self,
            AdeptOrgDevice *device)
{
  const AdeptOrgDeviceData *data = adept_org_device_get_data (device);

  if (self->type == ADEPT_ORG_ACTIVITY_ASSIGN_WITH_DEADLINE)
    {
      if (!data->migration_capable)
        return _("Apple says this device cannot migrate to another MDM server.");
      if (data->server_id != NULL && g_ascii_strcasecmp (data->server_id, self->server_id) == 0)
        return _("The device is on this MDM server already; a migration deadline is for devices coming from another server.");
      if (data->server_id == NULL && !data->assigned)
        return _("The device is on no MDM server, so there is nothing to migrate from: assign it instead.");
      return NULL;
    }
  if (!migration_pending (data))
    return _("No MDM migration is pending for this device.");
  return NULL;
}

static void
check_device (AdeptOrgJob    *self,
              const char     *serial,
              AdeptOrgDevice *device)
{
  const char *why;

  if (device == NULL)
    {
      refuse (self, serial, "DEVICE_NOT_FOUND", _("This device is not in the organization."));
      return;
    }
  why = ineligible (self, device);
  if (why == NULL)
    {
      g_ptr_array_add (self->eligible, g_strdup (serial));
      return;
    }
  if (self->type == ADEPT_ORG_ACTIVITY_ASSIGN_WITH_DEADLINE && !adept_org_device_get_data (device)->migration_capable)
    {
      g_autofree char *detail = g_strdup_printf ("%s %s", why, adept_org_migration_rules ());

      refuse (self, serial, ADEPT_ORG_JOB_NOT_ELIGIBLE, detail);
    }
  else
    refuse (self, serial, ADEPT_ORG_JOB_NOT_ELIGIBLE, why);
}

static void send_next_batch (GTask *task);

typedef struct {
  GTask *task;
  char  *serial;
} Lookup;

static void
checks_done (GTask *task)
{
  AdeptOrgJob *self = g_task_get_source_object (task);

  self->n_batches = (self->eligible->len + ADEPT_BUSINESS_MAX_ACTIVITY_DEVICES - 1) /
                    ADEPT_BUSINESS_MAX_ACTIVITY_DEVICES;
  send_next_batch (task);
}

/* Devices the store does not know yet are asked of Apple (the client keeps the requests
 * to a few at a time). */
static void
on_device_fetched (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Lookup *lookup = user_data;
  GTask *task = lookup->task;
  AdeptOrgJob *self = g_task_get_source_object (task);
  g_autoptr(AdeptOrgDevice) device = NULL;
  g_autoptr(GError) error = NULL;
  guint *pending = g_object_get_data (G_OBJECT (task), "pending");

  device = adept_business_client_get_org_device_finish (ADEPT_BUSINESS_CLIENT (source), result, &error);
  /* Apple's record does not name the server (a listing would): an assigned device is
   * taken to come from another one, and Apple refuses it if it is on this one already. */
  if (device != NULL)
    check_device (self, lookup->serial, device);
  else if (g_error_matches (error, ADEPT_ERROR, ADEPT_ERROR_NOT_FOUND))
    check_device (self, lookup->serial, NULL);
  else if (g_object_get_data (G_OBJECT (task), "error") == NULL)
    g_object_set_data_full (G_OBJECT (task), "error", g_steal_pointer (&error), (GDestroyNotify) g_error_free);

  g_free (lookup->serial);
  g_free (lookup);
  if (--*pending == 0)
    {
      GError *first = g_object_steal_data (G_OBJECT (task), "error");

      if (first != NULL)
        fail (task, first);
      else
        checks_done (task);
    }
}

static void
check_eligibility (GTask *task)
{
  AdeptOrgJob *self = g_task_get_source_object (task);
  AdeptStore *store = adept_org_get_store (self->org);
  const AdeptOrgView *view = adept_org_get_view (self->org);
  g_autoptr(GPtrArray) unknown = g_ptr_array_new ();
  guint *pending;

  set_phase (self, ADEPT_ORG_JOB_CHECKING);
  for (guint i = 0; i < self->serials->len; i++)
    {
      const char *serial = g_ptr_array_index (self->serials, i);
      g_autoptr(AdeptOrgDevice) device = NULL;

      if (!needs_check (self->type))
        {
          g_ptr_array_add (self->eligible, g_strdup (serial));
          continue;
        }
      device = adept_store_org_get_device (store, view, serial, NULL);
      if (device == NULL)
        g_ptr_array_add (unknown, (gpointer) serial);
      else
        check_device (self, serial, device);
    }
  if (unknown->len == 0)
    {
      checks_done (task);
      return;
    }
  pending = g_new (guint, 1);
  *pending = unknown->len;
  g_object_set_data_full (G_OBJECT (task), "pending", pending, g_free);
  for (guint i = 0; i < unknown->len; i++)
    {
      Lookup *lookup = g_new0 (Lookup, 1);

      lookup->task = task;
      lookup->serial = g_strdup (g_ptr_array_index (unknown, i));
      adept_business_client_get_org_device_async (adept_org_get_client (self->org), lookup->serial,
                                                  g_task_get_cancellable (task), on_device_fetched, lookup);
    }
}

/* ---- Activities ---- */

static void
progress (AdeptOrgJob *self,
          double       within_batch)
{
  if (self->n_batches > 0)
    set_fraction (self, (self->next_batch - 1 + within_batch) / self->n_batches);
}

static const char *
action_name (AdeptOrgActivityType type)
{
  switch (type)
    {
    case ADEPT_ORG_ACTIVITY_ASSIGN: return "org-assign";
    case ADEPT_ORG_ACTIVITY_UNASSIGN: return "org-unassign";
    case ADEPT_ORG_ACTIVITY_ASSIGN_WITH_DEADLINE: return "org-migration-deadline-set";
    case ADEPT_ORG_ACTIVITY_UPDATE_DEADLINE: return "org-migration-deadline-updated";
    case ADEPT_ORG_ACTIVITY_CANCEL_MIGRATION:
    default:
      return "org-migration-cancelled";
    }
}

static void
audit_activity (AdeptOrgJob      *self,
                AdeptOrgActivity *activity)
{
  g_autofree char *details =
    g_strdup_printf ("Activity %s (%s)%s%s: %u devices, %u succeeded, %u failed (%s)",
                     adept_org_activity_get_id (activity),
                     adept_org_activity_type_to_apple (adept_org_activity_get_activity_type (activity)),
                     self->server_id != NULL ? " to MDM server " : "",
                     self->server_id != NULL ? self->server_id : "",
                     adept_org_activity_get_n_devices (activity),
                     adept_org_activity_get_n_succeeded (activity),
                     adept_org_activity_get_n_failed (activity),
                     adept_org_activity_get_sub_status (activity) != NULL
                       ? adept_org_activity_get_sub_status (activity)
                       : adept_org_activity_get_status (activity));

  adept_org_audit (self->org, action_name (self->type), details);
}

/* Devices of an activity that ended without a log (FAILED, STOPPED): each failed. */
static void
results_from_status (AdeptOrgJob      *self,
                     AdeptOrgActivity *activity,
                     guint             first,
                     guint             n)
{
  GPtrArray *results = g_ptr_array_new_with_free_func ((GDestroyNotify) adept_org_device_result_free);
  g_autofree char *detail = g_strdup_printf (_("Apple ended the activity with the status %s."),
                                             adept_org_activity_get_status (activity));

  for (guint i = first; i < first + n; i++)
    g_ptr_array_add (results, adept_org_device_result_new (g_ptr_array_index (self->eligible, i), FALSE,
                                                           adept_org_activity_get_status (activity), detail));
  adept_org_activity_set_results (activity, results);
}

static void
finish_activity (GTask            *task,
                 AdeptOrgActivity *activity)
{
  AdeptOrgJob *self = g_task_get_source_object (task);
  AdeptStore *store = adept_org_get_store (self->org);
  GPtrArray *results = adept_org_activity_get_results (activity);
  GError *error = NULL;

  if (!adept_store_org_save_activity (store, adept_org_get_org_id (self->org), activity, &error) ||
      !adept_store_org_apply_activity (store, adept_org_get_org_id (self->org), activity, &error))
    {
      fail (task, error);
      return;
    }
  for (guint i = 0; results != NULL && i < results->len; i++)
    add_result (self, adept_org_device_result_copy (g_ptr_array_index (results, i)));
  audit_activity (self, activity);
  g_signal_emit (self, signals[ACTIVITY_CHANGED], 0, activity);
  progress (self, 1.0);
  send_next_batch (task);
}

static void
on_results (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  AdeptOrgJob *self = g_task_get_source_object (task);
  AdeptOrgActivity *activity = g_ptr_array_index (self->activities, self->activities->len - 1);
  GError *error = NULL;

  if (!adept_business_client_fetch_results_finish (ADEPT_BUSINESS_CLIENT (source), result, &error))
    {
      /* Apple did the work: keep the activity even if its log could not be read. */
      adept_store_org_save_activity (adept_org_get_store (self->org), adept_org_get_org_id (self->org),
                                     activity, NULL);
      fail (task, error);
      return;
    }
  finish_activity (task, activity);
}

static void poll_later (GTask *task);

static void
on_polled (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GTask *task = user_data;
  AdeptOrgJob *self = g_task_get_source_object (task);
  AdeptOrgActivity *activity = g_ptr_array_index (self->activities, self->activities->len - 1);
  guint first = (self->next_batch - 1) * ADEPT_BUSINESS_MAX_ACTIVITY_DEVICES;
  GError *error = NULL;

  if (!adept_business_client_poll_activity_finish (ADEPT_BUSINESS_CLIENT (source), result, &error))
    {
      fail (task, error);
      return;
    }
  g_signal_emit (self, signals[ACTIVITY_CHANGED], 0, activity);
  if (!adept_org_activity_get_done (activity))
    {
      poll_later (task);
      return;
    }
  if (adept_org_activity_get_download_url (activity) == NULL)
    {
      results_from_status (self, activity, first, adept_org_activity_get_n_devices (activity));
      finish_activity (task, activity);
      return;
    }
  set_phase (self, ADEPT_ORG_JOB_COLLECTING);
  adept_business_client_fetch_results_async (adept_org_get_client (self->org), activity,
                                             g_task_get_cancellable (task), on_results, task);
}

static void
poll_now (GTask *task)
{
  AdeptOrgJob *self = g_task_get_source_object (task);
  GError *error = NULL;

  clear_timer (self);
  if (g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error))
    {
      fail (task, error);
      return;
    }
  adept_business_client_poll_activity_async (adept_org_get_client (self->org),
                                             g_ptr_array_index (self->activities, self->activities->len - 1),
                                             g_task_get_cancellable (task), on_polled, task);
}

static gboolean
on_poll_timer (gpointer user_data)
{
  poll_now (user_data);
  return G_SOURCE_REMOVE;
}

static gboolean
on_poll_cancelled (GCancellable *cancellable,
                   gpointer      user_data)
{
  poll_now (user_data);
  return G_SOURCE_REMOVE;
}

static void
poll_later (GTask *task)
{
  AdeptOrgJob *self = g_task_get_source_object (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  set_phase (self, ADEPT_ORG_JOB_WAITING);
  /* Creeps towards the end of the batch: Apple gives no progress of its own. */
  progress (self, 0.2 + 0.6 * (1.0 - 1.0 / (1.0 + self->poll_ms / 2000.0)));
  self->timer = g_timeout_source_new (self->poll_ms);
  g_source_set_callback (self->timer, on_poll_timer, task, NULL);
  g_source_attach (self->timer, g_task_get_context (task));
  if (cancellable != NULL)
    {
      self->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (self->cancel_source, (GSourceFunc) (void (*) (void)) on_poll_cancelled, task, NULL);
      g_source_attach (self->cancel_source, g_task_get_context (task));
    }
  self->poll_ms = MIN (self->poll_ms * 3 / 2, POLL_MAX_MS);
}

static void
on_created (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  AdeptOrgJob *self = g_task_get_source_object (task);
  g_autoptr(AdeptOrgActivity) activity = NULL;
  GError *error = NULL;

  activity = adept_business_client_create_activity_finish (ADEPT_BUSINESS_CLIENT (source), result, &error);
  if (activity == NULL)
    {
      fail (task, error);
      return;
    }
  g_ptr_array_add (self->activities, g_object_ref (activity));
  /* Stored at once: an activity started is on record even if this process dies now. */
  if (!adept_store_org_save_activity (adept_org_get_store (self->org), adept_org_get_org_id (self->org),
                                      activity, &error))
    {
      fail (task, error);
      return;
    }
  g_signal_emit (self, signals[ACTIVITY_CHANGED], 0, activity);
  self->poll_ms = POLL_FIRST_MS;
  if (adept_org_activity_get_done (activity))
    poll_now (task);
  else
    poll_later (task);
}

static void
send_next_batch (GTask *task)
{
  AdeptOrgJob *self = g_task_get_source_object (task);
  guint first = self->next_batch * ADEPT_BUSINESS_MAX_ACTIVITY_DEVICES;
  g_autoptr(GPtrArray) batch = NULL;

  if (first >= self->eligible->len)
    {
      self->running = FALSE;
      set_fraction (self, 1.0);
      set_phase (self, ADEPT_ORG_JOB_DONE);
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  set_phase (self, ADEPT_ORG_JOB_SENDING);
  batch = g_ptr_array_new ();
  for (guint i = first; i < self->eligible->len && batch->len < ADEPT_BUSINESS_MAX_ACTIVITY_DEVICES; i++)
    g_ptr_array_add (batch, g_ptr_array_index (self->eligible, i));
  g_ptr_array_add (batch, NULL);
  self->next_batch++;
  progress (self, 0.1);
  adept_business_client_create_activity_async (adept_org_get_client (self->org), self->type, self->server_id,
                                               (const char * const *) batch->pdata, self->deadline,
                                               g_task_get_cancellable (task), on_created, task);
}

void
adept_org_job_run_async (AdeptOrgJob         *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  GTask *task;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_return_if_fail (ADEPT_IS_ORG_JOB (self));
  g_return_if_fail (!self->running && self->phase == ADEPT_ORG_JOB_READY);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, adept_org_job_run_async);
  self->running = TRUE;
  if (adept_org_activity_type_needs_server (self->type) && self->server_id == NULL)
    {
      fail (task, g_error_new_literal (ADEPT_ERROR, ADEPT_ERROR_NOT_LINKED,
                                       _("This console's MDM server is not known in the organization yet. Read the server's account from Apple first (adeptctl account), then try again.")));
      return;
    }
  if (adept_org_activity_type_needs_deadline (self->type) &&
      (self->deadline <= now || self->deadline - now > (gint64) ADEPT_BUSINESS_MAX_DEADLINE_DAYS * 86400))
    {
      fail (task, g_error_new (ADEPT_ERROR, ADEPT_ERROR_VALIDATION,
                               _("The MDM migration deadline must be in the future and at most %u days ahead. Choose another date."),
                               ADEPT_BUSINESS_MAX_DEADLINE_DAYS));
      return;
    }
  check_eligibility (task);
}

gboolean
adept_org_job_run_finish (AdeptOrgJob   *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

gboolean
adept_org_job_run_sync (AdeptOrgJob   *self,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  /* On the thread-default context, where the client's connections live. */
  adept_org_job_run_async (self, cancellable, store_result, &result);
  while (result == NULL)
    g_main_context_iteration (g_main_context_get_thread_default (), TRUE);
  return adept_org_job_run_finish (self, result, error);
}

/* ---- Reading the job ---- */

AdeptOrgJobPhase
adept_org_job_get_phase (AdeptOrgJob *self)
{
  g_return_val_if_fail (ADEPT_IS_ORG_JOB (self), ADEPT_ORG_JOB_FAILED);
  return self->phase;
}

double
adept_org_job_get_fraction (AdeptOrgJob *self)
{
  g_return_val_if_fail (ADEPT_IS_ORG_JOB (self), 0.0);
  return self->fraction;
}

AdeptOrgActivityType
adept_org_job_get_activity_type (AdeptOrgJob *self)
{
  g_return_val_if_fail (ADEPT_IS_ORG_JOB (self), ADEPT_ORG_ACTIVITY_ASSIGN);
  return self->type;
}

const char *
adept_org_job_get_server_id (AdeptOrgJob *self)
{
  g_return_val_if_fail (ADEPT_IS_ORG_JOB (self), NULL);
  return self->server_id;
}

guint
adept_org_job_get_n_devices (AdeptOrgJob *self)
{
  g_return_val_if_fail (ADEPT_IS_ORG_JOB (self), 0);
  return self->serials->len;
}

static guint
count_results (AdeptOrgJob *self,
               gboolean     ok)
{
  guint n = 0;

  for (guint i = 0; i < self->results->len; i++)
    if (((AdeptOrgDeviceResult *) g_ptr_array_index (self->results, i))->ok == ok)
      n++;
  return n;
}

guint
adept_org_job_get_n_succeeded (AdeptOrgJob *self)
{
  g_return_val_if_fail (ADEPT_IS_ORG_JOB (self), 0);
  return count_results (self, TRUE);
}

guint
adept_org_job_get_n_failed (AdeptOrgJob *self)
{
  g_return_val_if_fail (ADEPT_IS_ORG_JOB (self), 0);
  return count_results (self, FALSE);
}

GPtrArray *
adept_org_job_get_results (AdeptOrgJob *self)
{
  g_return_val_if_fail (ADEPT_IS_ORG_JOB (self), NULL);
  return self->results;
}

GPtrArray *
adept_org_job_get_activities (AdeptOrgJob *self)
{
  g_return_val_if_fail (ADEPT_IS_ORG_JOB (self), NULL);
  return self->activities;
}

static char *
server_label (AdeptOrgJob *self)
{
  g_autoptr(AdeptOrgServer) server = NULL;

  if (self->server_id == NULL)
    return NULL;
  server = adept_org_find_server (self->org, self->server_id, NULL);
  if (server != NULL && adept_org_server_get_name (server) != NULL)
    return g_strdup (adept_org_server_get_name (server));
  return g_strdup (self->server_id);
}

char *
adept_org_job_dup_summary (AdeptOrgJob *self)
{
  guint ok, failed;
  g_autofree char *server = NULL;
  g_autofree char *done = NULL;

  g_return_val_if_fail (ADEPT_IS_ORG_JOB (self), NULL);

  ok = adept_org_job_get_n_succeeded (self);
  failed = adept_org_job_get_n_failed (self);
  server = server_label (self);
  switch (self->type)
    {
    case ADEPT_ORG_ACTIVITY_ASSIGN:
      done = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u device assigned to “%s”.",
                                           "%u devices assigned to “%s”.", ok), ok, server);
      break;
    case ADEPT_ORG_ACTIVITY_UNASSIGN:
      done = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u device unassigned.", "%u devices unassigned.", ok), ok);
      break;
    case ADEPT_ORG_ACTIVITY_ASSIGN_WITH_DEADLINE:
      done = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u device assigned to “%s” with a migration deadline.",
                                           "%u devices assigned to “%s” with a migration deadline.", ok), ok, server);
      break;
    case ADEPT_ORG_ACTIVITY_UPDATE_DEADLINE:
      done = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Migration deadline moved for %u device.",
                                           "Migration deadline moved for %u devices.", ok), ok);
      break;
    case ADEPT_ORG_ACTIVITY_CANCEL_MIGRATION:
    default:
      done = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Migration canceled for %u device.",
                                           "Migration canceled for %u devices.", ok), ok);
      break;
    }
  if (failed == 0)
    return g_steal_pointer (&done);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s %u device was refused.", "%s %u devices were refused.",
                                       failed), done, failed);
}

/* ---- GObject ---- */

AdeptOrgJob *
adept_org_job_new (AdeptOrg             *org,
                   AdeptOrgActivityType  type,
                   const char * const   *serials,
                   const char           *server_id,
                   gint64                deadline)
{
  AdeptOrgJob *self;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  g_return_val_if_fail (ADEPT_IS_ORG (org), NULL);

  self = g_object_new (ADEPT_TYPE_ORG_JOB, NULL);
  self->org = g_object_ref (org);
  self->type = type;
  self->deadline = adept_org_activity_type_needs_deadline (type) ? deadline : 0;
  for (guint i = 0; serials != NULL && serials[i] != NULL; i++)
    if (*serials[i] != '\0' && g_hash_table_add (seen, (gpointer) serials[i]))
      g_ptr_array_add (self->serials, g_strdup (serials[i]));
  if (server_id != NULL)
    self->server_id = g_strdup (server_id);
  else if (adept_org_activity_type_needs_server (type))
    self->server_id = g_strdup (adept_org_get_view (org)->this_server_id);
  return self;
}

static void
adept_org_job_finalize (GObject *object)
{
  AdeptOrgJob *self = ADEPT_ORG_JOB (object);

  clear_timer (self);
  g_clear_object (&self->org);
  g_ptr_array_unref (self->serials);
  g_free (self->server_id);
  g_ptr_array_unref (self->results);
  g_ptr_array_unref (self->activities);
  g_ptr_array_unref (self->eligible);

  G_OBJECT_CLASS (adept_org_job_parent_class)->finalize (object);
}

static void
adept_org_job_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  AdeptOrgJob *self = ADEPT_ORG_JOB (object);

  switch (prop_id)
    {
    case PROP_PHASE: g_value_set_enum (value, self->phase); break;
    case PROP_FRACTION: g_value_set_double (value, self->fraction); break;
    case PROP_N_DEVICES: g_value_set_uint (value, self->serials->len); break;
    case PROP_N_SUCCEEDED: g_value_set_uint (value, count_results (self, TRUE)); break;
    case PROP_N_FAILED: g_value_set_uint (value, count_results (self, FALSE)); break;
    case PROP_ACTIVITY_TYPE: g_value_set_enum (value, self->type); break;
    case PROP_SERVER_ID: g_value_set_string (value, self->server_id); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
adept_org_job_class_init (AdeptOrgJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = adept_org_job_finalize;
  object_class->get_property = adept_org_job_get_property;

  properties[PROP_PHASE] = g_param_spec_enum ("phase", NULL, NULL, ADEPT_TYPE_ORG_JOB_PHASE,
                                              ADEPT_ORG_JOB_READY, flags);
  properties[PROP_FRACTION] = g_param_spec_double ("fraction", NULL, NULL, 0.0, 1.0, 0.0, flags);
  properties[PROP_N_DEVICES] = g_param_spec_uint ("n-devices", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_N_SUCCEEDED] = g_param_spec_uint ("n-succeeded", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_N_FAILED] = g_param_spec_uint ("n-failed", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_ACTIVITY_TYPE] = g_param_spec_enum ("activity-type", NULL, NULL, ADEPT_TYPE_ORG_ACTIVITY_TYPE,
                                                      ADEPT_ORG_ACTIVITY_ASSIGN, flags);
  properties[PROP_SERVER_ID] = g_param_spec_string ("server-id", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[ACTIVITY_CHANGED] =
    g_signal_new ("activity-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, ADEPT_TYPE_ORG_ACTIVITY);
}

static void
adept_org_job_init (AdeptOrgJob *self)
{
  self->serials = g_ptr_array_new_with_free_func (g_free);
  self->results = g_ptr_array_new_with_free_func ((GDestroyNotify) adept_org_device_result_free);
  self->activities = g_ptr_array_new_with_free_func (g_object_unref);
  self->eligible = g_ptr_array_new_with_free_func (g_free);
}
