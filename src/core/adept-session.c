/* adept-session.c — the base class: the queue, the lock, the state and the business steps
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-session"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>

#include "adept-context.h"
#include "adept-core-enums.h"
#include "adept-dep-protocol.h"
#include "adept-direct-session.h"
#include "adept-error.h"
#include "adept-credentials.h"
#include "adept-profile-names.h"
#include "adept-nanodep-session.h"
#include "adept-profile-rules.h"
#include "adept-secret.h"
#include "adept-session.h"
#include "adept-activation-lock.h"
#include "adept-tls-pin-database.h"
#include "adept-sync-scheduler.h"
#include "adept-util.h"

#define DEFAULT_WARNING_DAYS 30
#define CLOCK_INTERVAL_S     60

/* The kinds this build knows, by server.ini's "kind". A new kind is a new class and a row
 * here. */
static const struct {
  const char *name;
  GType     (*get_type) (void);
} kinds[] = {
  { ADEPT_SERVER_KIND_NAME_LOCAL, adept_direct_session_get_type },
  { ADEPT_SERVER_KIND_NAME_NANODEP, adept_nanodep_session_get_type },
};

typedef struct {
  AdeptSessionOperation  kind;
  GTask                 *task;
  AdeptSessionOpFunc                start;
  gboolean               lock;
} Op;

typedef struct
{
  char                 *id;
  AdeptServer          *server;
  AdeptStore           *store;
  AdeptDepClient       *client;
  AdeptSyncEngine      *engine;
  AdeptSyncScheduler   *scheduler;
  char                 *base_url_override;
  gboolean              tls_overridden;
  char                 *ca_file_override;
  char                 *pin_override;
  GCancellable         *cancellable;   /* the session's own background work */

  AdeptSessionState     state;
  AdeptCondition        apple_condition;   /* what Apple last said, NONE when all was well */
  char                 *apple_detail;
  AdeptCondition        condition;
  char                 *condition_detail;
  int                   device_count;
  char                 *default_profile;
  AdeptJournalEntry    *last_sync;
  gboolean              syncing;
  guint                 sync_pages;
  guint                 sync_devices;

  gboolean              auto_sync;
  guint                 sync_hour;
  guint                 sync_minute;
  guint                 warning_days;
  guint                 clock_source;

  GQueue                ops;
  Op                   *current;
  AdeptStoreLock       *lock;
  guint                 advance_source;
  gulong                engine_wait;
  AdeptBatchJob        *job;

  GPtrArray            *connect_waiters;

  AdeptProfileNames    *profile_names;     /* built when asked for, dropped on a change */
  GHashTable           *adopt_tried;       /* UUIDs found on devices, adopted once a run */
  gboolean              heard_from_apple;  /* apple_condition is Apple's answer, not a guess */
  gint64                sync_started;      /* when the running sync op started */
  char                 *unattended_failure;/* the event of an unattended run that failed */
  char                 *unattended_detail;
} AdeptSessionPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (AdeptSession, adept_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_SERVER,
  PROP_STORE,
  PROP_KIND_NAME,
  PROP_DISPLAY_NAME,
  PROP_STATE,
  PROP_LINKED,
  PROP_CONDITION,
  PROP_CONDITION_DETAIL,
  PROP_TOKEN_EXPIRY,
  PROP_ACCOUNT_UPDATED_AT,
  PROP_DEVICE_COUNT,
  PROP_DEFAULT_PROFILE,
  PROP_LAST_SYNC,
  PROP_SYNCING,
  PROP_SYNC_PAGES,
  PROP_SYNC_DEVICES,
  PROP_NEXT_SYNC,
  PROP_BUSY,
  PROP_OPERATION,
  PROP_JOB,
  PROP_CLIENT,
  PROP_AUTO_SYNC,
  PROP_SYNC_TIME,
  PROP_TOKEN_WARNING_DAYS,
  N_PROPS
};

enum {
  DEVICES_CHANGED,
  PROFILES_CHANGED,
  NOTICE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void advance            (AdeptSession *self);
static void update_condition   (AdeptSession *self);
static void teardown           (AdeptSession *self);

#define PRIV(self) ((AdeptSessionPrivate *) adept_session_get_instance_private (ADEPT_SESSION (self)))

static void
notify (AdeptSession *self,
        guint         prop)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

void
adept_session_notice (AdeptSession *self,
                      const char   *message)
{
  g_return_if_fail (ADEPT_IS_SESSION (self));

  g_debug ("Session %s: %s", PRIV (self)->id, message);
  g_signal_emit (self, signals[NOTICE], 0, message);
}

/* The audit log is a record, not a gate: an action that happened is not undone because it
 * could not be logged, but the admin is told. */
static void
audit (AdeptSession *self,
       const char   *action,
       const char   *details)
{
  AdeptSessionPrivate *priv = PRIV (self);
  g_autoptr(GError) error = NULL;

  if (!adept_store_audit (priv->store, priv->id, action, details, &error))
    {
      /* Translators: %s is an action such as "linked", then a sentence. */
      g_autofree char *message = g_strdup_printf (_("“%s” was done but not written to the audit log: %s"),
                                                  action, error->message);

      adept_session_notice (self, message);
    }
}

void
adept_session_audit (AdeptSession *self,
                     const char   *action,
                     const char   *details)
{
  g_return_if_fail (ADEPT_IS_SESSION (self));
  g_return_if_fail (action != NULL);

  audit (self, action, details);
}

static void
on_admin_action (AdeptSession *self,
                 const char   *action,
                 const char   *detail)
{
  audit (self, action, detail);
}

/* State */

static void
set_state (AdeptSession      *self,
           AdeptSessionState  state)
{
  AdeptSessionPrivate *priv = PRIV (self);
  gboolean was_linked = priv->state != ADEPT_SESSION_STATE_UNLINKED;

  if (priv->state == state)
    return;
  priv->state = state;
  g_object_freeze_notify (G_OBJECT (self));
  notify (self, PROP_STATE);
  if (was_linked != (state != ADEPT_SESSION_STATE_UNLINKED))
    notify (self, PROP_LINKED);
  update_condition (self);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
read_device_count (AdeptSession *self)
{
  AdeptSessionPrivate *priv = PRIV (self);
  g_autoptr(GError) error = NULL;
  int count = -1;

  if (priv->state != ADEPT_SESSION_STATE_UNLINKED)
    {
      guint n = adept_store_count_devices (priv->store, priv->id, &error);

      count = error == NULL ? (int) MIN (n, (guint) G_MAXINT) : -1;
    }
  if (count != priv->device_count)
    {
      priv->device_count = count;
      notify (self, PROP_DEVICE_COUNT);
    }
}

static void
read_default_profile (AdeptSession *self)
{
  AdeptSessionPrivate *priv = PRIV (self);
  g_autofree char *uuid = adept_store_dup_default_profile (priv->store, priv->id);

  if (adept_set_str (&priv->default_profile, uuid))
    notify (self, PROP_DEFAULT_PROFILE);
}

static void
read_last_sync (AdeptSession *self)
{
  AdeptSessionPrivate *priv = PRIV (self);
  /* A pass over retries has its own journal row, but it is no sync. */
  AdeptJournalEntry *last = adept_store_get_last_sync (priv->store, priv->id, NULL);

  if (last == NULL && priv->last_sync == NULL)
    return;
  g_clear_pointer (&priv->last_sync, adept_journal_entry_free);
  priv->last_sync = last;
  notify (self, PROP_LAST_SYNC);
}

/* Re-reads what the store says of the server. */
static void
read_store (AdeptSession *self)
{
  read_device_count (self);
  read_default_profile (self);
  read_last_sync (self);
}

static void
devices_changed (AdeptSession *self)
{
  read_device_count (self);
  g_signal_emit (self, signals[DEVICES_CHANGED], 0);
}

static void
profiles_changed (AdeptSession *self)
{
  g_clear_object (&PRIV (self)->profile_names);
  read_default_profile (self);
  g_signal_emit (self, signals[PROFILES_CHANGED], 0);
}

static void
on_server_changed (AdeptSession *self)
{
  AdeptSessionPrivate *priv = PRIV (self);

  g_object_freeze_notify (G_OBJECT (self));
  notify (self, PROP_DISPLAY_NAME);
  notify (self, PROP_TOKEN_EXPIRY);
  notify (self, PROP_ACCOUNT_UPDATED_AT);
  if (!adept_server_is_linked (priv->server))
    set_state (self, ADEPT_SESSION_STATE_UNLINKED);
  else if (priv->state == ADEPT_SESSION_STATE_UNLINKED)
    set_state (self, ADEPT_SESSION_STATE_LINKED);
  update_condition (self);
  g_object_thaw_notify (G_OBJECT (self));
}

/* Condition */

static AdeptCondition
expiry_condition (AdeptSession *self)
{
  AdeptSessionPrivate *priv = PRIV (self);
  GDateTime *expiry = adept_session_get_token_expiry (self);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  GTimeSpan left;

  if (expiry == NULL)
    return ADEPT_CONDITION_NONE;
  left = g_date_time_difference (expiry, now);
  if (left <= 0)
    return ADEPT_CONDITION_TOKEN_EXPIRED;
  if (left / G_TIME_SPAN_DAY < priv->warning_days)
    return ADEPT_CONDITION_TOKEN_EXPIRES_SOON;
  return ADEPT_CONDITION_NONE;
}

/* The more urgent of the token's date and Apple's last word (the enum is in order). */
static void
update_condition (AdeptSession *self)
{
  AdeptSessionPrivate *priv = PRIV (self);
  AdeptCondition condition = ADEPT_CONDITION_NONE;
  const char *detail = NULL;

  if (priv->state != ADEPT_SESSION_STATE_UNLINKED)
    {
      AdeptCondition by_date = expiry_condition (self);

      condition = priv->apple_condition;
      detail = priv->apple_detail;
      if (by_date != ADEPT_CONDITION_NONE &&
          (condition == ADEPT_CONDITION_NONE || by_date < condition))
        {
          condition = by_date;
          detail = NULL;
        }
    }

  g_object_freeze_notify (G_OBJECT (self));
  if (adept_set_str (&priv->condition_detail, detail))
    notify (self, PROP_CONDITION_DETAIL);
  if (priv->condition != condition)
    {
      priv->condition = condition;
      notify (self, PROP_CONDITION);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

/* What an answer from Apple (or its absence) says about the server; NULL: all was well.
 * A sync's outcome decides the condition. Another call's (GET /account, a batch job, a
 * profile) only speaks of the token and the terms: Apple answering it does not mean the
 * last sync went well, nor does a refused request mean it failed. */
static void
report_outcome (AdeptSession *self,
                const GError *error,
                gboolean      sync_run)
{
  AdeptSessionPrivate *priv = PRIV (self);
  AdeptCondition condition = ADEPT_CONDITION_SYNC_FAILED;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_error_matches (error, ADEPT_ERROR, ADEPT_ERROR_SYNC_BUSY))
    return;

  if (error == NULL)
    condition = ADEPT_CONDITION_NONE;
  else if (g_error_matches (error, ADEPT_ERROR, ADEPT_ERROR_TERMS_NOT_SIGNED))
    condition = ADEPT_CONDITION_TERMS_NOT_SIGNED;
  else if (g_error_matches (error, ADEPT_ERROR, ADEPT_ERROR_TOKEN_REJECTED) ||
           g_error_matches (error, ADEPT_ERROR, ADEPT_ERROR_ACCESS_DENIED) ||
           g_error_matches (error, ADEPT_ERROR, ADEPT_ERROR_AUTH_FAILED))
    condition = ADEPT_CONDITION_TOKEN_REJECTED;
  else if (g_error_matches (error, ADEPT_ERROR, ADEPT_ERROR_TOKEN_EXPIRED))
    condition = ADEPT_CONDITION_TOKEN_EXPIRED;

  if (!sync_run)
    {
      if (condition == ADEPT_CONDITION_SYNC_FAILED)
        return;
      if (condition == ADEPT_CONDITION_NONE &&
          priv->apple_condition == ADEPT_CONDITION_SYNC_FAILED)
        return;
    }

  /* A trouble Apple no longer reports may be told again when it comes back. */
  if (!priv->heard_from_apple || priv->apple_condition != condition)
    {
      if (condition != ADEPT_CONDITION_TERMS_NOT_SIGNED)
        adept_store_forget_notifications (priv->store, priv->id, "terms", NULL);
      if (condition != ADEPT_CONDITION_TOKEN_REJECTED)
        adept_store_forget_notifications (priv->store, priv->id, "token-rejected:", NULL);
    }
  priv->apple_condition = condition;
  priv->heard_from_apple = TRUE;
  adept_set_str (&priv->apple_detail, condition == ADEPT_CONDITION_SYNC_FAILED ? error->message
                                                                               : NULL);
  update_condition (self);
}

static void
report (AdeptSession *self,
        const GError *error)
{
  report_outcome (self, error, FALSE);
}

/* A journal row's error as the GError the run ended with. */
static GError *
journal_error (const AdeptJournalEntry *run)
{
  const char *message = run->error_message;

  for (int code = 0; code < ADEPT_ERROR_N_CODES; code++)
    if (g_strcmp0 (adept_error_code_name (code), run->error_code) == 0)
      return g_error_new_literal (ADEPT_ERROR, code,
                                  message ? message : adept_error_default_message (code));
  if (g_strcmp0 (run->error_code, "cancelled") == 0)
    return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, message ? message : "");
  return g_error_new_literal (ADEPT_ERROR, ADEPT_ERROR_FAILED,
                              message ? message : adept_error_default_message (ADEPT_ERROR_FAILED));
}

static gboolean
clock_tick (gpointer user_data)
{
  update_condition (user_data);
  return G_SOURCE_CONTINUE;
}

/* The queue */

static void
op_free (Op *op)
{
  g_clear_object (&op->task);
  g_free (op);
}

static gboolean
advance_in_idle (gpointer user_data)
{
  AdeptSession *self = user_data;

  PRIV (self)->advance_source = 0;
  advance (self);
  return G_SOURCE_REMOVE;
}

static void
queue_advance (AdeptSession *self)
{
  AdeptSessionPrivate *priv = PRIV (self);

  /* No reference: dispose removes the source. */
  if (priv->advance_source == 0)
    priv->advance_source = g_idle_add (advance_in_idle, self);
}

static void
set_job (AdeptSession  *self,
         AdeptBatchJob *job)
{
  if (g_set_object (&PRIV (self)->job, job))
    notify (self, PROP_JOB);
}

/* The running operation is over: the lock goes, the next one may start. Call it before
 * returning the operation's task. */
static void
op_complete (AdeptSession *self)
{
  AdeptSessionPrivate *priv = PRIV (self);

  g_clear_pointer (&priv->lock, adept_store_lock_release);
  g_clear_pointer (&priv->current, op_free);
  set_job (self, NULL);
  g_object_freeze_notify (G_OBJECT (self));
  notify (self, PROP_OPERATION);
  if (g_queue_is_empty (&priv->ops))
    notify (self, PROP_BUSY);
  g_object_thaw_notify (G_OBJECT (self));
  queue_advance (self);
}

/* The operation's own reference may be the last one: hold the task while returning. */
static void
op_return_error (AdeptSession *self,
                 GTask        *task,
                 GError       *error)
{
  g_autoptr(GTask) hold = g_object_ref (task);

  op_complete (self);
  g_task_return_error (task, error);
}

static void
on_engine_idle (AdeptSession *self)
{
  AdeptSessionPrivate *priv = PRIV (self);

  if (adept_sync_engine_is_running (priv->engine))
    return;
  g_clear_signal_handler (&priv->engine_wait, priv->engine);
  advance (self);
}

/* TRUE when the lock is ours; FALSE with an error, or without one when the op must wait
 * for this process's own sync run to end (the engine then holds the lock). */
static gboolean
take_lock (AdeptSession  *self,
           GError       **error)
{
  AdeptSessionPrivate *priv = PRIV (self);
  g_autoptr(GError) local_error = NULL;

  if (priv->engine != NULL && adept_sync_engine_is_running (priv->engine))
    {
      if (priv->engine_wait == 0)
        priv->engine_wait = g_signal_connect_swapped (priv->engine, "notify::running",
                                                      G_CALLBACK (on_engine_idle), self);
      return FALSE;
    }
  priv->lock = adept_store_lock_server (priv->store, priv->id, &local_error);
  if (priv->lock != NULL)
    return TRUE;
  if (g_error_matches (local_error, ADEPT_ERROR, ADEPT_ERROR_SYNC_BUSY))
    g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_SYNC_BUSY,
                 _("Another Adept program is working on server “%s” right now (a sync, or an "
                   "admin in the console or adeptctl). Try again when it has finished."),
                 priv->id);
  else
    g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

static void
advance (AdeptSession *self)
{
  AdeptSessionPrivate *priv = PRIV (self);

  while (priv->current == NULL)
    {
      g_autoptr(GError) error = NULL;
      Op *op = g_queue_pop_head (&priv->ops);

      if (op == NULL)
        return;
      /* A batch job stopped before it started still runs: it ends at once and writes
       * what it did (nothing) in the audit log, as one stopped midway does. */
      if (op->kind != ADEPT_SESSION_OPERATION_JOB && g_task_return_error_if_cancelled (op->task))
        {
          op_free (op);
          continue;
        }
      if (op->lock && !take_lock (self, &error))
        {
          if (error == NULL)
            {
              g_queue_push_head (&priv->ops, op);   /* waits for our own sync run */
              return;
            }
          g_task_return_error (op->task, g_steal_pointer (&error));
          op_free (op);
          continue;
        }
      priv->current = op;
      notify (self, PROP_OPERATION);
      op->start (self, op->task);
    }
}

/* Takes the task. */
static void
enqueue (AdeptSession          *self,
         AdeptSessionOperation  kind,
         GTask                 *task,
         AdeptSessionOpFunc                start,
         gboolean               lock)
{
  AdeptSessionPrivate *priv = PRIV (self);
  Op *op = g_new0 (Op, 1);
  gboolean was_busy = priv->current != NULL || !g_queue_is_empty (&priv->ops);

  op->kind = kind;
  op->task = task;
  op->start = start;
  op->lock = lock;
  g_queue_push_tail (&priv->ops, op);
  if (!was_busy)
    notify (self, PROP_BUSY);
  queue_advance (self);
}

void
adept_session_queue_operation (AdeptSession          *self,
                               AdeptSessionOperation  kind,
                               GTask                 *task,
                               AdeptSessionOpFunc     start,
                               gboolean               lock)
{
  g_return_if_fail (ADEPT_IS_SESSION (self));
  g_return_if_fail (G_IS_TASK (task));

  enqueue (self, kind, task, start, lock);
}

void
adept_session_operation_done (AdeptSession *self)
{
  g_return_if_fail (ADEPT_IS_SESSION (self));
  g_return_if_fail (PRIV (self)->current != NULL);

  op_complete (self);
}

static GTask *
new_task (AdeptSession        *self,
          gpointer             source_tag,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  return task;
}

static gboolean
check_ready (AdeptSession  *self,
             GError       **error)
{
  if (PRIV (self)->state == ADEPT_SESSION_STATE_READY)
    return TRUE;
  if (PRIV (self)->state == ADEPT_SESSION_STATE_UNLINKED)
    g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_NOT_LINKED, "%s",
                 adept_error_default_message (ADEPT_ERROR_NOT_LINKED));
  else
    g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_NOT_LINKED,
                 _("Server “%s” is linked, but its credentials are not loaded. Unlock the keyring "
                   "and try again."), PRIV (self)->id);
  return FALSE;
}

/* For a call that needs the server's credentials: FALSE after task has returned why not
 * (and is released). */
static gboolean
task_check_ready (AdeptSession *self,
                  GTask        *task)
{
  GError *error = NULL;

  if (check_ready (self, &error))
    return TRUE;
  g_task_return_error (task, error);
  g_object_unref (task);
  return FALSE;
}

/* Engine and schedule */

static void
on_engine_running (AdeptSession *self)
{
  AdeptSessionPrivate *priv = PRIV (self);
  gboolean running = adept_sync_engine_is_running (priv->engine);

  if (priv->syncing == running)
    return;
  priv->syncing = running;
  if (running)
    {
      priv->sync_pages = 0;
      priv->sync_devices = 0;
      notify (self, PROP_SYNC_PAGES);
      notify (self, PROP_SYNC_DEVICES);
    }
  notify (self, PROP_SYNCING);
}

static void
on_engine_progress (AdeptSession *self,
                    guint         pages,
                    guint         devices)
{
  AdeptSessionPrivate *priv = PRIV (self);

  priv->sync_pages = pages;
  priv->sync_devices = devices;
  notify (self, PROP_SYNC_PAGES);
  notify (self, PROP_SYNC_DEVICES);
}

static void
adopted_after_sync (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(AdeptDepProfile) profile = NULL;
  g_autoptr(GError) error = NULL;

  /* Tried again at the next start; the devices show the UUID meanwhile. */
  profile = adept_session_adopt_profile_finish (ADEPT_SESSION (source), result, &error);
  if (profile == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("A profile found on devices was not adopted: %s", error->message);
}

/* Profiles on devices that the store does not have were defined elsewhere (another MDM,
 * an earlier install, another computer): read them from Apple, so every list can name
 * them. Each UUID is tried once in a session's life. */
static void
adopt_unknown_profiles (AdeptSession *self)
{
  AdeptSessionPrivate *priv = PRIV (self);
  g_autoptr(GHashTable) counts = NULL;
  g_autoptr(GError) error = NULL;
  AdeptProfileNames *names;
  GHashTableIter iter;
  gpointer uuid;

  counts = adept_store_count_devices_by_profile (priv->store, priv->id, &error);
  if (counts == NULL)
    {
      g_debug ("Profiles on devices not read: %s", error->message);
      return;
    }
  names = adept_session_get_profile_names (self);
  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &uuid, NULL))
    {
      if (*(const char *) uuid == '\0' || adept_profile_names_contains (names, uuid) ||
          g_hash_table_contains (priv->adopt_tried, uuid))
        continue;
      g_hash_table_add (priv->adopt_tried, g_strdup (uuid));
      adept_session_adopt_profile_async (self, uuid, priv->cancellable, adopted_after_sync, NULL);
    }
}

/* Forced and scheduled runs alike end here. */
static void
on_engine_finished (AdeptSession            *self,
                    const AdeptJournalEntry *run)
{
  g_autoptr(GError) error = NULL;

  read_last_sync (self);
  read_device_count (self);
  if (run->error_code != NULL)
    error = journal_error (run);
  report_outcome (self, error, TRUE);
  if (error == NULL)
    adopt_unknown_profiles (self);
}

static void
on_next_run (AdeptSession *self)
{
  notify (self, PROP_NEXT_SYNC);
}

static void
scheduled_sync_done (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(AdeptJournalEntry) entry = NULL;
  g_autoptr(GError) error = NULL;

  entry = adept_session_sync_finish (ADEPT_SESSION (source), result, &error);
  if (error != NULL && !g_error_matches (error, ADEPT_ERROR, ADEPT_ERROR_SYNC_BUSY))
    g_debug ("Scheduled sync failed: %s", error->message);
}

/* The schedule's runs go through the queue like any other. */
static void
run_scheduled_sync (AdeptSyncScheduler *scheduler,
                    gpointer            user_data)
{
  adept_session_sync_async (user_data, ADEPT_SYNC_FLAGS_UNATTENDED, NULL, scheduled_sync_done,
                            NULL);
}

static void
update_schedule (AdeptSession *self)
{
  AdeptSessionPrivate *priv = PRIV (self);

  if (priv->engine != NULL)
    adept_sync_engine_set_retry_timer (priv->engine, priv->auto_sync);
  g_clear_handle_id (&priv->clock_source, g_source_remove);
  if (priv->auto_sync)
    priv->clock_source = g_timeout_add_seconds (CLOCK_INTERVAL_S, clock_tick, self);

  if (priv->scheduler == NULL && priv->auto_sync && priv->engine != NULL)
    {
      priv->scheduler = adept_sync_scheduler_new (priv->engine);
      adept_sync_scheduler_set_run_func (priv->scheduler, run_scheduled_sync, self);
      g_signal_connect_object (priv->scheduler, "notify::next-run", G_CALLBACK (on_next_run),
                               self, G_CONNECT_SWAPPED);
    }
  if (priv->scheduler != NULL)
    {
      adept_sync_scheduler_set_time (priv->scheduler, priv->sync_hour, priv->sync_minute);
      adept_sync_scheduler_set_enabled (priv->scheduler, priv->auto_sync);
    }
  notify (self, PROP_NEXT_SYNC);
}

static void
set_client (AdeptSession   *self,
            AdeptDepClient *client)
{
  AdeptSessionPrivate *priv = PRIV (self);
  AdeptSessionClass *klass = ADEPT_SESSION_GET_CLASS (self);

  teardown (self);
  priv->client = g_object_ref (client);
  priv->engine = adept_sync_engine_new (priv->store, client, priv->id);
  adept_sync_engine_set_auto_assign (priv->engine, klass->get_auto_assign (self));
  g_signal_connect_object (priv->engine, "notify::running", G_CALLBACK (on_engine_running), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (priv->engine, "progress", G_CALLBACK (on_engine_progress), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (priv->engine, "finished", G_CALLBACK (on_engine_finished), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (priv->engine, "changed", G_CALLBACK (devices_changed), self,
                           G_CONNECT_SWAPPED);
  update_schedule (self);
  notify (self, PROP_CLIENT);
}

/* Drops the client, the engine and the schedule (unlink, renewal, dispose). */
static void
teardown (AdeptSession *self)
{
  AdeptSessionPrivate *priv = PRIV (self);

  if (priv->scheduler != NULL)
    {
      adept_sync_scheduler_set_enabled (priv->scheduler, FALSE);
      g_signal_handlers_disconnect_by_data (priv->scheduler, self);
      g_clear_object (&priv->scheduler);
    }
  if (priv->engine != NULL)
    {
      g_clear_signal_handler (&priv->engine_wait, priv->engine);
      g_signal_handlers_disconnect_by_data (priv->engine, self);
      adept_sync_engine_set_retry_timer (priv->engine, FALSE);
      adept_sync_engine_cancel (priv->engine);
      g_clear_object (&priv->engine);
    }
  if (priv->syncing)
    {
      priv->syncing = FALSE;
      notify (self, PROP_SYNCING);
    }
  if (priv->client != NULL)
    {
      g_clear_object (&priv->client);
      notify (self, PROP_CLIENT);
    }
}

/* Connect */

static void
return_to_connect_waiters (AdeptSession *self,
                           const GError *error)
{
  AdeptSessionPrivate *priv = PRIV (self);
  g_autoptr(GPtrArray) waiters = g_steal_pointer (&priv->connect_waiters);

  for (guint i = 0; waiters != NULL && i < waiters->len; i++)
    {
      GTask *task = g_ptr_array_index (waiters, i);

      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_boolean (task, TRUE);
    }
}

static void
account_refreshed (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptDepAccount) account = NULL;

  account = adept_session_refresh_account_finish (ADEPT_SESSION (source), result, &error);
  if (account == NULL)
    g_debug ("GET /account: %s", error->message);
}

void
adept_session_dup_tls_trust (AdeptSession  *self,
                             char         **ca_file,
                             char         **pin_sha256)
{
  AdeptSessionPrivate *priv;

  g_return_if_fail (ADEPT_IS_SESSION (self));
  g_return_if_fail (ca_file != NULL && pin_sha256 != NULL);

  priv = PRIV (self);
  if (priv->tls_overridden)
    {
      *ca_file = g_strdup (priv->ca_file_override);
      *pin_sha256 = g_strdup (priv->pin_override);
    }
  else
    {
      *ca_file = adept_server_dup_tls_ca_file (priv->server);
      *pin_sha256 = adept_server_dup_tls_pin_sha256 (priv->server);
    }
}

/* The trust the session's DEP client gets: the override, else the server's setting. */
static gboolean
apply_tls_trust (AdeptSession    *self,
                 AdeptDepClient  *client,
                 GError         **error)
{
  g_autofree char *ca_file = NULL;
  g_autofree char *pin = NULL;

  adept_session_dup_tls_trust (self, &ca_file, &pin);
  if (pin != NULL)
    return adept_dep_client_set_pinned_sha256 (client, pin, error);
  if (ca_file != NULL)
    return adept_dep_client_set_tls_ca_file (client, ca_file, error);
  return TRUE;
}

static void
client_created (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(AdeptSession) self = user_data;
  AdeptSessionPrivate *priv = PRIV (self);
  g_autoptr(AdeptDepClient) client = NULL;
  g_autoptr(GError) error = NULL;

  client = ADEPT_SESSION_GET_CLASS (self)->create_client_finish (self, result, &error);
  if (client != NULL && !apply_tls_trust (self, client, &error))
    g_clear_object (&client);
  if (client == NULL)
    {
      /* The server cannot work at all: said as a failed sync would be. */
      report_outcome (self, error, TRUE);
      return_to_connect_waiters (self, error);
      return;
    }
  /* Unlinked while the keyring was read. */
  if (priv->state == ADEPT_SESSION_STATE_UNLINKED)
    {
      g_autoptr(GError) gone = g_error_new_literal (ADEPT_ERROR, ADEPT_ERROR_NOT_LINKED,
                                                    adept_error_default_message (ADEPT_ERROR_NOT_LINKED));

      return_to_connect_waiters (self, gone);
      return;
    }
  set_client (self, client);
  set_state (self, ADEPT_SESSION_STATE_READY);
  return_to_connect_waiters (self, NULL);
  /* The console shows what Apple says of the server; adeptctl asks when it needs to. */
  if (priv->auto_sync)
    adept_session_refresh_account_async (self, priv->cancellable, account_refreshed, NULL);
}

void
adept_session_connect_async (AdeptSession        *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  AdeptSessionPrivate *priv;
  GTask *task;
  gboolean started;

  g_return_if_fail (ADEPT_IS_SESSION (self));

  priv = PRIV (self);
  task = new_task (self, adept_session_connect_async, cancellable, callback, user_data);
  if (priv->state == ADEPT_SESSION_STATE_READY)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  if (priv->state == ADEPT_SESSION_STATE_UNLINKED)
    {
      g_task_return_new_error (task, ADEPT_ERROR, ADEPT_ERROR_NOT_LINKED, "%s",
                               adept_error_default_message (ADEPT_ERROR_NOT_LINKED));
      g_object_unref (task);
      return;
    }

  started = priv->connect_waiters != NULL;
  if (!started)
    priv->connect_waiters = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (priv->connect_waiters, task);
  if (!started)
    ADEPT_SESSION_GET_CLASS (self)->create_client_async (self, adept_session_get_base_url (self),
                                                         priv->cancellable, client_created,
                                                         g_object_ref (self));
}

gboolean
adept_session_connect_finish (AdeptSession  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Account */

static void
account_received (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AdeptSession *self = g_task_get_source_object (task);
  AdeptSessionPrivate *priv = PRIV (self);
  g_autoptr(AdeptDepAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  account = adept_dep_client_get_account_finish (ADEPT_DEP_CLIENT (source), result, &error);
  report (self, error);
  if (account == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* Unlinked meanwhile: nothing to keep. What Apple said is the answer either way; keeping
   * it is a convenience for the console. */
  if (adept_server_is_linked (priv->server) &&
      !adept_server_set_account (priv->server, account, &error))
    adept_session_notice (self, error->message);
  g_task_return_pointer (task, g_steal_pointer (&account), g_object_unref);
}

void
adept_session_refresh_account_async (AdeptSession        *self,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (ADEPT_IS_SESSION (self));

  task = new_task (self, adept_session_refresh_account_async, cancellable, callback, user_data);
  if (!task_check_ready (self, task))
    return;
  adept_dep_client_get_account_async (PRIV (self)->client, cancellable, account_received, task);
}

AdeptDepAccount *
adept_session_refresh_account_finish (AdeptSession  *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Activation Lock */

static void
locked (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AdeptSession *self = g_task_get_source_object (task);
  g_autoptr(GPtrArray) outcomes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *details = NULL;
  guint n_exported = 0, n_locked = 0;

  outcomes = adept_activation_lock_finish (result, &n_exported, &error);
  if (outcomes == NULL)
    {
      report (self, error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  for (guint i = 0; i < outcomes->len; i++)
    {
      AdeptLockOutcome *outcome = g_ptr_array_index (outcomes, i);

      n_locked += outcome->answer != NULL && outcome->answer->status == ADEPT_LOCK_STATUS_SUCCESS;
    }
  /* The export's place, never a code. */
  details = g_strdup_printf ("%u of %u locked; codes exported to %s", n_locked, outcomes->len,
                             (const char *) g_object_get_data (G_OBJECT (task), "export"));
  audit (self, "activation-lock", details);
  g_object_set_data (G_OBJECT (task), "n-exported", GUINT_TO_POINTER (n_exported));
  g_task_return_pointer (task, g_steal_pointer (&outcomes), (GDestroyNotify) g_ptr_array_unref);
}

void
adept_session_activation_lock_async (AdeptSession          *self,
                                     const char * const    *serials,
                                     const char            *export_path,
                                     const char            *passphrase,
                                     const char            *lost_message,
                                     AdeptLockProgressFunc  progress,
                                     gpointer               progress_data,
                                     GCancellable          *cancellable,
                                     GAsyncReadyCallback    callback,
                                     gpointer               user_data)
{
  GTask *task;

  g_return_if_fail (ADEPT_IS_SESSION (self));

  task = new_task (self, adept_session_activation_lock_async, cancellable, callback, user_data);
  g_object_set_data_full (G_OBJECT (task), "export", g_strdup (export_path), g_free);
  if (!task_check_ready (self, task))
    return;
  adept_activation_lock_async (PRIV (self)->client, PRIV (self)->store, PRIV (self)->id, serials,
                               export_path, passphrase, lost_message, progress, progress_data,
                               cancellable, locked, task);
}

GPtrArray *
adept_session_activation_lock_finish (AdeptSession  *self,
                                      GAsyncResult  *result,
                                      guint         *n_exported,
                                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  if (n_exported != NULL)
    *n_exported = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (result), "n-exported"));
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Account-driven enrollment */

static void
enrollment_received (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(AdeptAccountEnrollment) enrollment = NULL;
  g_autoptr(GError) error = NULL;

  enrollment = adept_dep_client_get_account_enrollment_finish (ADEPT_DEP_CLIENT (source), result, &error);
  report (g_task_get_source_object (task), error);
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, g_steal_pointer (&enrollment),
                           (GDestroyNotify) adept_account_enrollment_free);
}

void
adept_session_get_account_enrollment_async (AdeptSession        *self,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (ADEPT_IS_SESSION (self));

  task = new_task (self, adept_session_get_account_enrollment_async, cancellable, callback, user_data);
  if (!task_check_ready (self, task))
    return;
  adept_dep_client_get_account_enrollment_async (PRIV (self)->client, cancellable,
                                                 enrollment_received, task);
}

AdeptAccountEnrollment *
adept_session_get_account_enrollment_finish (AdeptSession  *self,
                                             GAsyncResult  *result,
                                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
enrollment_changed (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AdeptSession *self = g_task_get_source_object (task);
  const char *url = g_task_get_task_data (task);
  GCancellable *cancellable;
  g_autoptr(GError) error = NULL;
  gboolean done;

  if (url != NULL)
    done = adept_dep_client_set_account_enrollment_finish (ADEPT_DEP_CLIENT (source), result, &error);
  else
    done = adept_dep_client_delete_account_enrollment_finish (ADEPT_DEP_CLIENT (source), result, &error);
  report (self, error);
  if (!done)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  audit (self, url != NULL ? "account-enrollment-set" : "account-enrollment-cleared", url);
  /* Apple's own time of the change comes with a second read. */
  cancellable = g_task_get_cancellable (task);
  adept_dep_client_get_account_enrollment_async (ADEPT_DEP_CLIENT (source), cancellable,
                                                 enrollment_received, g_steal_pointer (&task));
}

void
adept_session_set_account_enrollment_async (AdeptSession        *self,
                                            const char          *url,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (ADEPT_IS_SESSION (self));

  task = new_task (self, adept_session_set_account_enrollment_async, cancellable, callback, user_data);
  g_task_set_task_data (task, g_strdup (url), g_free);
  if (!task_check_ready (self, task))
    return;
  if (url != NULL)
    adept_dep_client_set_account_enrollment_async (PRIV (self)->client, url, cancellable,
                                                   enrollment_changed, task);
  else
    adept_dep_client_delete_account_enrollment_async (PRIV (self)->client, cancellable,
                                                      enrollment_changed, task);
}

AdeptAccountEnrollment *
adept_session_set_account_enrollment_finish (AdeptSession  *self,
                                             GAsyncResult  *result,
                                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The public key */

static void
public_key_ready (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AdeptSession *self = ADEPT_SESSION (source);
  g_autoptr(GError) error = NULL;
  char *pem;

  pem = ADEPT_SESSION_GET_CLASS (self)->dup_public_key_finish (self, result, &error);
  op_complete (self);
  if (pem == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, pem, g_free);
}

static void
start_public_key (AdeptSession *self,
                  GTask        *task)
{
  ADEPT_SESSION_GET_CLASS (self)->dup_public_key_async (self, g_task_get_cancellable (task),
                                                        public_key_ready, g_object_ref (task));
}

void
adept_session_dup_public_key_async (AdeptSession        *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (ADEPT_IS_SESSION (self));

  enqueue (self, ADEPT_SESSION_OPERATION_KEY,
           new_task (self, adept_session_dup_public_key_async, cancellable, callback, user_data),
           start_public_key, TRUE);
}

char *
adept_session_dup_public_key_finish (AdeptSession  *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Tokens */

static void
token_inspected (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AdeptSession *self = ADEPT_SESSION (source);
  g_autoptr(GError) error = NULL;
  AdeptServerToken *token;

  token = ADEPT_SESSION_GET_CLASS (self)->inspect_token_finish (self, result, &error);
  if (token == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, token, g_object_unref);
}

void
adept_session_inspect_token_async (AdeptSession        *self,
                                   GFile               *file,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (ADEPT_IS_SESSION (self));
  g_return_if_fail (G_IS_FILE (file));

  ADEPT_SESSION_GET_CLASS (self)->inspect_token_async (self, file, cancellable, token_inspected,
                                                       new_task (self, adept_session_inspect_token_async,
                                                                 cancellable, callback, user_data));
}

AdeptServerToken *
adept_session_inspect_token_finish (AdeptSession  *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
adept_session_check_token (AdeptSession      *self,
                           AdeptServerToken  *token,
                           const char        *token_name,
                           GError           **error)
{
  AdeptSessionPrivate *priv;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  const char *linked_fp;
  const char *linked_name;

  g_return_val_if_fail (ADEPT_IS_SESSION (self), FALSE);
  g_return_val_if_fail (ADEPT_IS_SERVER_TOKEN (token), FALSE);

  priv = PRIV (self);
  if (!adept_server_token_check_expiry (token, now, error))
    return FALSE;

  linked_fp = adept_server_get_server_fingerprint (priv->server);
  if (priv->state == ADEPT_SESSION_STATE_UNLINKED || linked_fp == NULL
      || g_strcmp0 (linked_fp, adept_server_token_get_server_fingerprint (token)) == 0)
    return TRUE;

  linked_name = adept_server_get_display_name (priv->server);
  if (token_name != NULL && g_strcmp0 (token_name, linked_name) != 0)
    g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_TOKEN_OTHER_SERVER,
                 _("This token belongs to the MDM server “%s”, but “%s” is linked here. "
                   "Download the token of “%s” in Apple Business Manager, or unlink first."),
                 token_name, linked_name, linked_name);
  else
    g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_TOKEN_OTHER_SERVER,
                 _("This token belongs to a different MDM server than “%s”. Download the token "
                   "of “%s” in Apple Business Manager, or unlink first."),
                 linked_name, linked_name);
  return FALSE;
}

/* Link */

typedef struct {
  GFile                 *file;
  char                  *base_url;
  AdeptSessionLinkFlags  flags;
} LinkData;

static void
link_data_free (LinkData *data)
{
  g_clear_object (&data->file);
  g_free (data->base_url);
  g_free (data);
}

static void
linked_and_connected (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AdeptSession *self = ADEPT_SESSION (source);
  g_autoptr(GError) error = NULL;

  /* The link holds; a connection that failed shows in the condition and can be retried. */
  if (!adept_session_connect_finish (self, result, &error))
    g_debug ("Connecting after the link: %s", error->message);
  op_complete (self);
  g_task_return_boolean (task, TRUE);
}

static void
kind_linked (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AdeptSession *self = ADEPT_SESSION (source);
  AdeptSessionPrivate *priv = PRIV (self);
  g_autoptr(GError) error = NULL;

  if (!ADEPT_SESSION_GET_CLASS (self)->link_finish (self, result, &error))
    {
      op_return_error (self, task, g_steal_pointer (&error));
      return;
    }

  /* The engine would make the row at its first run; the lists want it now. */
  if (!adept_store_has_server (priv->store, priv->id) &&
      !adept_store_ensure_server (priv->store, priv->id, adept_session_get_kind_name (self),
                                  &error))
    adept_session_notice (self, error->message);
  g_clear_error (&error);

  /* New credentials: a new client. Apple's word on the old token no longer holds. */
  teardown (self);
  priv->apple_condition = ADEPT_CONDITION_NONE;
  set_state (self, ADEPT_SESSION_STATE_LINKED);
  read_store (self);
  adept_session_connect_async (self, NULL, linked_and_connected, g_steal_pointer (&task));
}

static void
start_link (AdeptSession *self,
            GTask        *task)
{
  LinkData *data = g_task_get_task_data (task);
  g_autofree char *basename = g_file_get_basename (data->file);
  g_autofree char *token_name = basename ? adept_server_token_guess_server_name (basename) : NULL;

  ADEPT_SESSION_GET_CLASS (self)->link_async (self, data->file, token_name, data->base_url,
                                              g_task_get_cancellable (task), kind_linked,
                                              g_object_ref (task));
}

void
adept_session_link_full_async (AdeptSession          *self,
                               GFile                 *token,
                               const char            *base_url,
                               AdeptSessionLinkFlags  flags,
                               GCancellable          *cancellable,
                               GAsyncReadyCallback    callback,
                               gpointer               user_data)
{
  LinkData *data;
  GTask *task;

  g_return_if_fail (ADEPT_IS_SESSION (self));
  g_return_if_fail (G_IS_FILE (token));

  task = new_task (self, adept_session_link_async, cancellable, callback, user_data);
  data = g_new0 (LinkData, 1);
  data->file = g_object_ref (token);
  data->base_url = g_strdup (base_url);
  data->flags = flags;
  g_task_set_task_data (task, data, (GDestroyNotify) link_data_free);
  enqueue (self, ADEPT_SESSION_OPERATION_LINK, task, start_link, TRUE);
}

void
adept_session_link_async (AdeptSession        *self,
                          GFile               *token,
                          const char          *base_url,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  adept_session_link_full_async (self, token, base_url, ADEPT_SESSION_LINK_NONE, cancellable,
                                 callback, user_data);
}

AdeptSessionLinkFlags
adept_session_get_link_flags (AdeptSession *self)
{
  Op *op;

  g_return_val_if_fail (ADEPT_IS_SESSION (self), ADEPT_SESSION_LINK_NONE);

  op = PRIV (self)->current;
  if (op == NULL || op->kind != ADEPT_SESSION_OPERATION_LINK ||
      g_task_get_source_tag (op->task) != adept_session_link_async)
    return ADEPT_SESSION_LINK_NONE;
  return ((LinkData *) g_task_get_task_data (op->task))->flags;
}

gboolean
adept_session_link_finish (AdeptSession  *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Unlink */

static void
kind_unlinked (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AdeptSession *self = ADEPT_SESSION (source);
  AdeptSessionPrivate *priv = PRIV (self);
  g_autoptr(GError) error = NULL;

  if (!ADEPT_SESSION_GET_CLASS (self)->unlink_finish (self, result, &error))
    {
      /* Cancelled or failed once the server was forgotten (the secrets and the folder are
       * gone): what stays local is cleared all the same. */
      if (priv->state != ADEPT_SESSION_STATE_UNLINKED)
        {
          op_return_error (self, task, g_steal_pointer (&error));
          return;
        }
      g_debug ("Server %s unlinked; the kind's last step said: %s", priv->id, error->message);
      g_clear_error (&error);
    }

  /* The secrets went first: local rows without credentials are harmless, and a second
   * unlink clears them if this step fails. */
  teardown (self);
  set_state (self, ADEPT_SESSION_STATE_UNLINKED);
  if (adept_store_has_server (priv->store, priv->id) &&
      !adept_store_delete_server (priv->store, priv->id, &error))
    {
      op_return_error (self, task, g_steal_pointer (&error));
      return;
    }
  priv->apple_condition = ADEPT_CONDITION_NONE;
  read_store (self);
  g_signal_emit (self, signals[DEVICES_CHANGED], 0);
  g_signal_emit (self, signals[PROFILES_CHANGED], 0);
  op_complete (self);
  g_task_return_boolean (task, TRUE);
}

static void
start_unlink (AdeptSession *self,
              GTask        *task)
{
  ADEPT_SESSION_GET_CLASS (self)->unlink_async (self, g_task_get_cancellable (task), kind_unlinked,
                                                g_object_ref (task));
}

void
adept_session_unlink_async (AdeptSession        *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (ADEPT_IS_SESSION (self));

  enqueue (self, ADEPT_SESSION_OPERATION_UNLINK,
           new_task (self, adept_session_unlink_async, cancellable, callback, user_data),
           start_unlink, TRUE);
}

gboolean
adept_session_unlink_finish (AdeptSession  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Sync */

/* An unattended run that failed is told once: by its journal row, or (no row: it could
 * not start) by the day. */
static void
note_unattended_run (AdeptSession *self,
                     const GError *error)
{
  AdeptSessionPrivate *priv = PRIV (self);
  g_autoptr(GPtrArray) runs = NULL;
  const AdeptJournalEntry *run;

  if (error == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_error_matches (error, ADEPT_ERROR, ADEPT_ERROR_SYNC_BUSY))
    return;
  runs = adept_store_list_journal (priv->store, priv->id, 1, NULL);
  run = runs != NULL && runs->len > 0 ? g_ptr_array_index (runs, 0) : NULL;
  g_free (priv->unattended_failure);
  if (run != NULL && run->started >= priv->sync_started && run->error_code != NULL)
    priv->unattended_failure = g_strdup_printf ("sync-failed:%" G_GINT64_FORMAT, run->id);
  else
    priv->unattended_failure = g_strdup_printf ("sync-failed:day-%" G_GINT64_FORMAT,
                                                g_get_real_time () / G_TIME_SPAN_DAY);
  adept_set_str (&priv->unattended_detail, error->message);
}

static void
followed_up (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AdeptSession *self = ADEPT_SESSION (source);
  g_autoptr(GError) error = NULL;
  AdeptJournalEntry *entry = g_object_steal_data (G_OBJECT (task), "adept-entry");

  if (!ADEPT_SESSION_GET_CLASS (self)->after_sync_finish (self, result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    adept_session_notice (self, error->message);
  g_task_return_pointer (task, entry, (GDestroyNotify) adept_journal_entry_free);
}

static void
synced (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AdeptSession *self = g_task_get_source_object (task);
  AdeptSessionClass *klass = ADEPT_SESSION_GET_CLASS (self);
  g_autoptr(GError) error = NULL;
  AdeptJournalEntry *entry;

  entry = adept_sync_engine_sync_finish (ADEPT_SYNC_ENGINE (source), result, &error);
  if (GPOINTER_TO_UINT (g_task_get_task_data (task)) & ADEPT_SYNC_FLAGS_UNATTENDED)
    note_unattended_run (self, error);
  /* The run's result reaches the condition through the engine's "finished"; a run that
   * could not start (another process syncs) has no journal row. */
  if (PRIV (self)->current != NULL && PRIV (self)->current->task == task)
    op_complete (self);
  if (entry == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else if (entry->error_code == NULL && klass->after_sync_async != NULL)
    {
      g_object_set_data (G_OBJECT (task), "adept-entry", entry);
      klass->after_sync_async (self, g_task_get_cancellable (task), followed_up,
                               g_object_ref (task));
    }
  else
    g_task_return_pointer (task, entry, (GDestroyNotify) adept_journal_entry_free);
}

static void
start_sync (AdeptSession *self,
            GTask        *task)
{
  AdeptSessionPrivate *priv = PRIV (self);
  g_autoptr(GError) error = NULL;

  priv->sync_started = g_get_real_time () / G_USEC_PER_SEC;
  if (!check_ready (self, &error))
    {
      if (GPOINTER_TO_UINT (g_task_get_task_data (task)) & ADEPT_SYNC_FLAGS_UNATTENDED)
        note_unattended_run (self, error);
      op_return_error (self, task, g_steal_pointer (&error));
      return;
    }
  adept_sync_engine_sync_async (priv->engine, GPOINTER_TO_UINT (g_task_get_task_data (task)),
                                g_task_get_cancellable (task), synced, g_object_ref (task));
}

void
adept_session_sync_async (AdeptSession        *self,
                          AdeptSyncFlags       flags,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  AdeptSessionPrivate *priv;
  GTask *task;

  g_return_if_fail (ADEPT_IS_SESSION (self));

  priv = PRIV (self);
  task = new_task (self, adept_session_sync_async, cancellable, callback, user_data);
  g_task_set_task_data (task, GUINT_TO_POINTER (flags), NULL);
  /* A sync asked for during a sync joins it (the engine shares its result). */
  if (priv->current != NULL && priv->current->kind == ADEPT_SESSION_OPERATION_SYNC)
    {
      adept_sync_engine_sync_async (priv->engine, flags, cancellable, synced, task);
      return;
    }
  enqueue (self, ADEPT_SESSION_OPERATION_SYNC, task, start_sync, FALSE);
}

AdeptJournalEntry *
adept_session_sync_finish (AdeptSession  *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
adept_session_cancel_sync (AdeptSession *self)
{
  g_return_if_fail (ADEPT_IS_SESSION (self));

  if (PRIV (self)->engine != NULL)
    adept_sync_engine_cancel (PRIV (self)->engine);
}

/* Batch jobs */

AdeptBatchJob *
adept_session_create_job (AdeptSession        *self,
                          AdeptBatchKind       kind,
                          const char          *profile_uuid,
                          const char * const  *serials,
                          GError             **error)
{
  AdeptSessionPrivate *priv;

  g_return_val_if_fail (ADEPT_IS_SESSION (self), NULL);
  g_return_val_if_fail (kind != ADEPT_BATCH_ASSIGN || profile_uuid != NULL, NULL);

  priv = PRIV (self);
  if (!check_ready (self, error))
    return NULL;
  return adept_batch_job_new (kind, priv->client, priv->store, priv->id,
                              ADEPT_ASSIGN_ORIGIN_MANUAL, profile_uuid, serials);
}

static void
job_ran (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AdeptSession *self = g_task_get_source_object (task);
  AdeptBatchJob *job = ADEPT_BATCH_JOB (source);
  g_autoptr(GError) error = NULL;
  AdeptDeviceResults *results;

  results = adept_batch_job_run_finish (job, result, &error);
  report (self, error);
  /* Assign attempts and refreshed records are in the store now. */
  if (adept_batch_job_get_kind (job) != ADEPT_BATCH_REMOVE && adept_batch_job_get_sent (job) > 0)
    devices_changed (self);
  op_complete (self);
  if (results == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, results, g_object_unref);
}

static void
start_job (AdeptSession *self,
           GTask        *task)
{
  AdeptBatchJob *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!check_ready (self, &error))
    {
      op_return_error (self, task, g_steal_pointer (&error));
      return;
    }
  set_job (self, job);
  adept_batch_job_run_async (job, g_task_get_cancellable (task), job_ran, g_object_ref (task));
}

void
adept_session_run_job_async (AdeptSession        *self,
                             AdeptBatchJob       *job,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (ADEPT_IS_SESSION (self));
  g_return_if_fail (ADEPT_IS_BATCH_JOB (job));

  task = new_task (self, adept_session_run_job_async, cancellable, callback, user_data);
  g_task_set_task_data (task, g_object_ref (job), g_object_unref);
  enqueue (self, ADEPT_SESSION_OPERATION_JOB, task, start_job, TRUE);
}

AdeptDeviceResults *
adept_session_run_job_finish (AdeptSession  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
run_new_job (AdeptSession        *self,
             AdeptBatchKind       kind,
             const char          *profile_uuid,
             const char * const  *serials,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  g_autoptr(AdeptBatchJob) job = NULL;
  g_autoptr(GError) error = NULL;

  job = adept_session_create_job (self, kind, profile_uuid, serials, &error);
  if (job == NULL)
    {
      g_autoptr(GTask) task = new_task (self, adept_session_run_job_async, cancellable, callback,
                                        user_data);

      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  adept_session_run_job_async (self, job, cancellable, callback, user_data);
}

void
adept_session_assign_async (AdeptSession        *self,
                            const char          *profile_uuid,
                            const char * const  *serials,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (ADEPT_IS_SESSION (self));
  g_return_if_fail (profile_uuid != NULL);

  run_new_job (self, ADEPT_BATCH_ASSIGN, profile_uuid, serials, cancellable, callback, user_data);
}

void
adept_session_remove_async (AdeptSession        *self,
                            const char          *profile_uuid,
                            const char * const  *serials,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (ADEPT_IS_SESSION (self));

  run_new_job (self, ADEPT_BATCH_REMOVE, profile_uuid, serials, cancellable, callback, user_data);
}

void
adept_session_refresh_async (AdeptSession        *self,
                             const char * const  *serials,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (ADEPT_IS_SESSION (self));

  run_new_job (self, ADEPT_BATCH_DETAILS, NULL, serials, cancellable, callback, user_data);
}

/* The default profile */

typedef struct {
  char *uuid;       /* the new default, NULL for none */
  char *previous;
  char *details;    /* the audit entry's */
} DefaultData;

static void
default_data_free (DefaultData *data)
{
  g_free (data->uuid);
  g_free (data->previous);
  g_free (data->details);
  g_free (data);
}

static gboolean
store_default (AdeptSession  *self,
               DefaultData   *data,
               GError       **error)
{
  AdeptSessionPrivate *priv = PRIV (self);
  g_autoptr(AdeptStoredProfile) stored = NULL;
  g_autoptr(AdeptStoredProfile) previous = NULL;

  if (data->uuid != NULL)
    {
      stored = adept_store_get_profile (priv->store, priv->id, data->uuid, error);
      if (stored == NULL)
        {
          if (error != NULL && *error == NULL)
            g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_NOT_FOUND,
                         _("Adept keeps no profile %s for server “%s”. Define it, or adopt it "
                           "from Apple first."), data->uuid, priv->id);
          return FALSE;
        }
    }
  data->previous = adept_store_dup_default_profile (priv->store, priv->id);
  if (data->details == NULL && stored != NULL)
    data->details = g_strdup_printf ("\"%s\" (%s)", stored->name, stored->uuid);
  else if (data->details == NULL)
    {
      previous = data->previous ? adept_store_get_profile (priv->store, priv->id, data->previous, NULL)
                                : NULL;
      data->details = g_strdup_printf ("cleared, was \"%s\" (%s)",
                                       previous ? previous->name : "", data->previous ? data->previous : "-");
    }
  return adept_store_set_default_profile (priv->store, priv->id, data->uuid, error);
}

static void
default_told (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AdeptSession *self = ADEPT_SESSION (source);
  AdeptSessionPrivate *priv = PRIV (self);
  DefaultData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!ADEPT_SESSION_GET_CLASS (self)->default_changed_finish (self, result, &error))
    {
      /* The server did not take it: the store says what the server does. */
      adept_store_set_default_profile (priv->store, priv->id, data->previous, NULL);
      op_return_error (self, task, g_steal_pointer (&error));
      return;
    }
  audit (self, "profile-default", data->details);
  profiles_changed (self);
  op_complete (self);
  g_task_return_boolean (task, TRUE);
}

static void
start_default (AdeptSession *self,
               GTask        *task)
{
  DefaultData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!store_default (self, data, &error))
    {
      op_return_error (self, task, g_steal_pointer (&error));
      return;
    }
  ADEPT_SESSION_GET_CLASS (self)->default_changed_async (self, data->uuid,
                                                         g_task_get_cancellable (task),
                                                         default_told, g_object_ref (task));
}

static void
enqueue_default (AdeptSession *self,
                 GTask        *task,
                 const char   *uuid,
                 const char   *details)
{
  DefaultData *data = g_new0 (DefaultData, 1);

  data->uuid = g_strdup (uuid && *uuid ? uuid : NULL);
  data->details = g_strdup (details);
  g_task_set_task_data (task, data, (GDestroyNotify) default_data_free);
  enqueue (self, ADEPT_SESSION_OPERATION_DEFAULT, task, start_default, TRUE);
}

void
adept_session_set_default_profile_async (AdeptSession        *self,
                                         const char          *profile_uuid,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_return_if_fail (ADEPT_IS_SESSION (self));

  enqueue_default (self, new_task (self, adept_session_set_default_profile_async, cancellable,
                                   callback, user_data),
                   profile_uuid, NULL);
}

gboolean
adept_session_set_default_profile_finish (AdeptSession  *self,
                                          GAsyncResult  *result,
                                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Profiles: define, adopt, fetch */

typedef struct {
  AdeptDepProfile *profile;
  char            *replaces;
} DefineData;

static void
define_data_free (DefineData *data)
{
  g_clear_object (&data->profile);
  g_free (data->replaces);
  g_free (data);
}

static char *
profile_json (AdeptDepProfile *profile)
{
  g_autoptr(JsonObject) object = adept_dep_profile_to_json (profile);
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);

  return json_to_string (node, FALSE);
}

typedef struct {
  AdeptDeviceResults *results;
  DefaultData        *moved;   /* the default moved to the new profile, or NULL */
} Defined;

static void
defined_free (Defined *defined)
{
  g_clear_object (&defined->results);
  g_clear_pointer (&defined->moved, default_data_free);
  g_free (defined);
}

static void
return_defined (AdeptSession *self,
                GTask        *task,
                Defined      *defined)
{
  profiles_changed (self);
  op_complete (self);
  g_task_return_pointer (task, g_steal_pointer (&defined->results), g_object_unref);
  defined_free (defined);
}

static void
moved_default_told (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AdeptSession *self = ADEPT_SESSION (source);
  Defined *defined = g_object_steal_data (G_OBJECT (task), "adept-defined");
  g_autoptr(GError) error = NULL;

  if (ADEPT_SESSION_GET_CLASS (self)->default_changed_finish (self, result, &error))
    audit (self, "profile-default", defined->moved->details);
  else
    {
      /* The profile is defined; only the default stays where it was. */
      adept_store_set_default_profile (PRIV (self)->store, PRIV (self)->id,
                                       defined->moved->previous, NULL);
      adept_session_notice (self, error->message);
    }
  return_defined (self, task, defined);
}

/* Apple cannot change a profile: an edit defines a new one. When the old one was the
 * default, the auto-assigner should hand out the new one. */
static void
move_default (AdeptSession *self,
              GTask        *task,
              Defined      *defined,
              DefineData   *data,
              const char   *uuid)
{
  AdeptSessionPrivate *priv = PRIV (self);
  g_autofree char *current = adept_store_dup_default_profile (priv->store, priv->id);
  g_autoptr(GError) error = NULL;
  DefaultData *moved;

  if (data->replaces == NULL || g_strcmp0 (current, data->replaces) != 0)
    {
      return_defined (self, task, defined);
      return;
    }
  moved = g_new0 (DefaultData, 1);
  moved->uuid = g_strdup (uuid);
  moved->details = g_strdup_printf ("\"%s\" (%s), replacing %s",
                                    adept_dep_profile_get_profile_name (data->profile), uuid,
                                    data->replaces);
  defined->moved = moved;
  if (!store_default (self, moved, &error))
    {
      adept_session_notice (self, error->message);
      return_defined (self, task, defined);
      return;
    }
  g_object_set_data (G_OBJECT (task), "adept-defined", defined);
  ADEPT_SESSION_GET_CLASS (self)->default_changed_async (self, uuid, g_task_get_cancellable (task),
                                                         moved_default_told, g_object_ref (task));
}

static void
profile_defined (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AdeptSession *self = g_task_get_source_object (task);
  AdeptSessionPrivate *priv = PRIV (self);
  DefineData *data = g_task_get_task_data (task);
  g_autoptr(AdeptDeviceResults) results = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = profile_json (data->profile);
  g_autofree char *details = NULL;
  const char *name = adept_dep_profile_get_profile_name (data->profile);
  Defined *defined;
  const char *uuid;

  results = adept_dep_client_define_profile_finish (ADEPT_DEP_CLIENT (source), result, &error);
  if (results != NULL && adept_device_results_get_profile_uuid (results) == NULL)
    g_set_error (&error, ADEPT_ERROR, ADEPT_ERROR_MALFORMED_RESPONSE, "%s",
                 adept_error_default_message (ADEPT_ERROR_MALFORMED_RESPONSE));
  report (self, g_error_matches (error, ADEPT_ERROR, ADEPT_ERROR_VALIDATION) ? NULL : error);
  if (error != NULL)
    {
      op_return_error (self, task, g_steal_pointer (&error));
      return;
    }

  uuid = adept_device_results_get_profile_uuid (results);
  if (!adept_store_save_profile (priv->store, priv->id, uuid, name, json, data->replaces, &error))
    {
      /* Apple has it; only our list lacks it. Saying so beats defining it twice. */
      GError *kept = g_error_new (ADEPT_ERROR, error->code,
                                  _("Apple defined the profile (UUID %s), but Adept could not keep "
                                    "it in its list: %s"), uuid, error->message);

      op_return_error (self, task, kept);
      return;
    }
  if (data->replaces != NULL)
    details = g_strdup_printf ("\"%s\" (%s), replacing %s", name, uuid, data->replaces);
  else
    details = g_strdup_printf ("\"%s\" (%s)", name, uuid);
  audit (self, "profile-define", details);
  defined = g_new0 (Defined, 1);
  defined->results = g_steal_pointer (&results);
  move_default (self, task, defined, data, uuid);
}

static void
start_define (AdeptSession *self,
              GTask        *task)
{
  DefineData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!check_ready (self, &error))
    {
      op_return_error (self, task, g_steal_pointer (&error));
      return;
    }
  adept_dep_client_define_profile_async (PRIV (self)->client, data->profile,
                                         g_task_get_cancellable (task), profile_defined,
                                         g_object_ref (task));
}

/* A copy, so the caller may go on editing its object while the call waits. */
static AdeptDepProfile *
copy_profile (AdeptDepProfile  *profile,
              GError          **error)
{
  g_autoptr(JsonObject) object = adept_dep_profile_to_json (profile);

  return adept_dep_profile_new_from_json (object, error);
}

void
adept_session_define_profile_async (AdeptSession        *self,
                                    AdeptDepProfile     *profile,
                                    const char          *replaces,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GError) error = NULL;
  DefineData *data;
  GTask *task;

  g_return_if_fail (ADEPT_IS_SESSION (self));
  g_return_if_fail (ADEPT_IS_DEP_PROFILE (profile));

  task = new_task (self, adept_session_define_profile_async, cancellable, callback, user_data);
  data = g_new0 (DefineData, 1);
  g_task_set_task_data (task, data, (GDestroyNotify) define_data_free);
  /* The same rules as the editor's, before anything is sent. */
  if (!adept_profile_validate (profile, &error) ||
      (data->profile = copy_profile (profile, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  adept_dep_profile_set_profile_uuid (data->profile, NULL);
  data->replaces = g_strdup (replaces);
  enqueue (self, ADEPT_SESSION_OPERATION_DEFINE, task, start_define, TRUE);
}

AdeptDeviceResults *
adept_session_define_profile_finish (AdeptSession  *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
profile_fetched (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AdeptSession *self = g_task_get_source_object (task);
  AdeptDepProfile *profile;
  g_autoptr(GError) error = NULL;

  profile = adept_dep_client_get_profile_finish (ADEPT_DEP_CLIENT (source), result, &error);
  report (self, g_error_matches (error, ADEPT_ERROR, ADEPT_ERROR_NOT_FOUND) ? NULL : error);
  if (profile == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, profile, g_object_unref);
}

void
adept_session_fetch_profile_async (AdeptSession        *self,
                                   const char          *profile_uuid,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (ADEPT_IS_SESSION (self));
  g_return_if_fail (profile_uuid != NULL);

  task = new_task (self, adept_session_fetch_profile_async, cancellable, callback, user_data);
  if (!task_check_ready (self, task))
    return;
  adept_dep_client_get_profile_async (PRIV (self)->client, profile_uuid, cancellable,
                                      profile_fetched, task);
}

AdeptDepProfile *
adept_session_fetch_profile_finish (AdeptSession  *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
profile_to_adopt (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AdeptSession *self = ADEPT_SESSION (source);
  AdeptSessionPrivate *priv = PRIV (self);
  const char *uuid = g_task_get_task_data (task);
  g_autoptr(AdeptDepProfile) profile = NULL;
  g_autoptr(AdeptDepProfile) kept = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *details = NULL;
  const char *name;

  profile = adept_session_fetch_profile_finish (self, result, &error);
  if (profile == NULL)
    {
      op_return_error (self, task, g_steal_pointer (&error));
      return;
    }
  /* Kept as a profile to send: its UUID is the row's key, its devices Apple's business. */
  kept = copy_profile (profile, &error);
  if (kept == NULL)
    {
      op_return_error (self, task, g_steal_pointer (&error));
      return;
    }
  adept_dep_profile_set_profile_uuid (kept, NULL);
  adept_dep_profile_set_devices (kept, NULL);
  json = profile_json (kept);
  name = adept_dep_profile_get_profile_name (profile);
  if (name == NULL || *name == '\0')
    name = uuid;
  if (!adept_store_save_adopted_profile (priv->store, priv->id, uuid, name, json, &error))
    {
      op_return_error (self, task, g_steal_pointer (&error));
      return;
    }
  details = g_strdup_printf ("\"%s\" (%s)", name, uuid);
  audit (self, "profile-adopt", details);
  profiles_changed (self);
  op_complete (self);
  g_task_return_pointer (task, g_steal_pointer (&profile), g_object_unref);
}

static void
start_adopt (AdeptSession *self,
             GTask        *task)
{
  adept_session_fetch_profile_async (self, g_task_get_task_data (task),
                                     g_task_get_cancellable (task), profile_to_adopt,
                                     g_object_ref (task));
}

void
adept_session_adopt_profile_async (AdeptSession        *self,
                                   const char          *profile_uuid,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (ADEPT_IS_SESSION (self));
  g_return_if_fail (profile_uuid != NULL);

  task = new_task (self, adept_session_adopt_profile_async, cancellable, callback, user_data);
  g_task_set_task_data (task, g_strstrip (g_strdup (profile_uuid)), g_free);
  enqueue (self, ADEPT_SESSION_OPERATION_ADOPT, task, start_adopt, TRUE);
}

AdeptDepProfile *
adept_session_adopt_profile_finish (AdeptSession  *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Default vfuncs */

static void
default_changed_nothing (AdeptSession        *self,
                         const char          *uuid,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_return_boolean (task, TRUE);
}

static gboolean
default_changed_finish (AdeptSession  *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static AdeptAutoAssign
auto_assign_locally (AdeptSession *self)
{
  return ADEPT_AUTO_ASSIGN_ALL;
}

static char *
no_caution (AdeptSession        *self,
            AdeptSessionCaution  caution,
            gboolean            *confirm)
{
  return NULL;
}

static GPtrArray *
no_facts (AdeptSession *self)
{
  return NULL;
}

/* For kinds */

static void
reconnected (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* A failure shows in the condition. */
  if (!adept_session_connect_finish (ADEPT_SESSION (source), result, &error))
    g_debug ("Connecting with the new credentials: %s", error->message);
}

void
adept_session_credentials_changed (AdeptSession *self)
{
  AdeptSessionPrivate *priv;

  g_return_if_fail (ADEPT_IS_SESSION (self));

  priv = PRIV (self);
  teardown (self);
  priv->apple_condition = ADEPT_CONDITION_NONE;
  g_clear_pointer (&priv->apple_detail, g_free);
  if (priv->state == ADEPT_SESSION_STATE_UNLINKED)
    {
      update_condition (self);
      return;
    }
  set_state (self, ADEPT_SESSION_STATE_LINKED);
  update_condition (self);
  adept_session_connect_async (self, priv->cancellable, reconnected, NULL);
}

gboolean
adept_session_record_default_profile (AdeptSession  *self,
                                      const char    *profile_uuid,
                                      const char    *details,
                                      GError       **error)
{
  AdeptSessionPrivate *priv;
  g_autoptr(AdeptStoredProfile) stored = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (ADEPT_IS_SESSION (self), FALSE);
  g_return_val_if_fail (profile_uuid != NULL, FALSE);

  priv = PRIV (self);
  stored = adept_store_get_profile (priv->store, priv->id, profile_uuid, &local_error);
  if (stored == NULL)
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_NOT_FOUND,
                     _("Adept keeps no profile %s for server “%s”. Define it, or adopt it "
                       "from Apple first."), profile_uuid, priv->id);
      return FALSE;
    }
  if (!adept_store_set_default_profile (priv->store, priv->id, profile_uuid, error))
    return FALSE;
  audit (self, "profile-default", details);
  profiles_changed (self);
  return TRUE;
}

char *
adept_session_dup_caution (AdeptSession        *self,
                           AdeptSessionCaution  caution,
                           gboolean            *confirm)
{
  gboolean must_confirm = FALSE;
  char *text;

  g_return_val_if_fail (ADEPT_IS_SESSION (self), NULL);

  text = ADEPT_SESSION_GET_CLASS (self)->dup_caution (self, caution, &must_confirm);
  if (confirm != NULL)
    *confirm = text != NULL && must_confirm;
  return text;
}

GPtrArray *
adept_session_dup_facts (AdeptSession *self)
{
  GPtrArray *facts;

  g_return_val_if_fail (ADEPT_IS_SESSION (self), NULL);

  facts = ADEPT_SESSION_GET_CLASS (self)->dup_facts (self);
  return facts != NULL ? facts
                       : g_ptr_array_new_with_free_func ((GDestroyNotify) adept_session_fact_free);
}

AdeptSessionFact *
adept_session_fact_new (const char *name,
                        const char *label,
                        const char *value)
{
  AdeptSessionFact *fact = g_new0 (AdeptSessionFact, 1);

  fact->name = name;
  fact->label = g_strdup (label);
  fact->value = g_strdup (value);
  return fact;
}

void
adept_session_fact_free (AdeptSessionFact *fact)
{
  if (fact == NULL)
    return;
  g_free (fact->label);
  g_free (fact->value);
  g_free (fact);
}

AdeptAutoAssign
adept_session_get_auto_assign (AdeptSession *self)
{
  g_return_val_if_fail (ADEPT_IS_SESSION (self), ADEPT_AUTO_ASSIGN_ALL);
  return ADEPT_SESSION_GET_CLASS (self)->get_auto_assign (self);
}

/* Accessors */

GType
adept_session_lookup_kind (const char *kind_name)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (kinds[i].name, kind_name) == 0)
      return kinds[i].get_type ();
  return G_TYPE_INVALID;
}

const char * const *
adept_session_get_kind_names (void)
{
  static const char *names[G_N_ELEMENTS (kinds) + 1];

  if (names[0] == NULL)
    for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
      names[i] = kinds[i].name;
  return names;
}

static AdeptSessionClass *
kind_class (const char *kind_name)
{
  GType type = adept_session_lookup_kind (kind_name);
  gpointer klass;

  if (type == G_TYPE_INVALID)
    return NULL;
  /* Kinds are static types: the reference made here is kept for the process. */
  klass = g_type_class_peek (type);
  return klass != NULL ? klass : g_type_class_ref (type);
}

const char *
adept_session_kind_get_label (const char *kind_name)
{
  AdeptSessionClass *klass = kind_class (kind_name);

  return klass == NULL ? NULL : g_dgettext (GETTEXT_PACKAGE, klass->kind_label);
}

const char *
adept_session_kind_get_description (const char *kind_name)
{
  AdeptSessionClass *klass = kind_class (kind_name);

  return klass == NULL ? NULL : g_dgettext (GETTEXT_PACKAGE, klass->kind_description);
}

AdeptSession *
adept_session_new_for_id (const char  *server_id,
                          const char  *kind_name,
                          AdeptStore  *store,
                          GError     **error)
{
  g_autoptr(AdeptServer) server = NULL;
  GType type;

  g_return_val_if_fail (adept_context_is_valid_server_id (server_id), NULL);
  g_return_val_if_fail (ADEPT_IS_STORE (store), NULL);

  server = adept_server_new (server_id);
  if (kind_name != NULL)
    adept_server_set_kind_name (server, kind_name);
  if (!adept_server_load (server, error))
    return NULL;
  type = adept_session_lookup_kind (adept_server_get_kind_name (server));
  if (type == G_TYPE_INVALID)
    {
      g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_STORE_TOO_NEW,
                   _("Server “%s” is of a kind this version of Adept does not know (“%s”). "
                     "Update Adept to use it."),
                   server_id, adept_server_get_kind_name (server));
      return NULL;
    }
  return g_object_new (type, "id", server_id, "server", server, "store", store, NULL);
}

const char *
adept_session_get_id (AdeptSession *self)
{
  g_return_val_if_fail (ADEPT_IS_SESSION (self), NULL);
  return PRIV (self)->id;
}

const char *
adept_session_get_kind_name (AdeptSession *self)
{
  g_return_val_if_fail (ADEPT_IS_SESSION (self), NULL);
  return ADEPT_SESSION_GET_CLASS (self)->kind_name;
}

const char *
adept_session_get_kind_label (AdeptSession *self)
{
  g_return_val_if_fail (ADEPT_IS_SESSION (self), NULL);
  return g_dgettext (GETTEXT_PACKAGE, ADEPT_SESSION_GET_CLASS (self)->kind_label);
}

AdeptServer *
adept_session_get_server (AdeptSession *self)
{
  g_return_val_if_fail (ADEPT_IS_SESSION (self), NULL);
  return PRIV (self)->server;
}

AdeptStore *
adept_session_get_store (AdeptSession *self)
{
  g_return_val_if_fail (ADEPT_IS_SESSION (self), NULL);
  return PRIV (self)->store;
}

AdeptDepClient *
adept_session_get_client (AdeptSession *self)
{
  g_return_val_if_fail (ADEPT_IS_SESSION (self), NULL);
  return PRIV (self)->client;
}

AdeptSyncEngine *
adept_session_get_engine (AdeptSession *self)
{
  g_return_val_if_fail (ADEPT_IS_SESSION (self), NULL);
  return PRIV (self)->engine;
}

const char *
adept_session_get_display_name (AdeptSession *self)
{
  g_return_val_if_fail (ADEPT_IS_SESSION (self), NULL);
  return adept_server_get_display_name (PRIV (self)->server);
}

AdeptSessionState
adept_session_get_state (AdeptSession *self)
{
  g_return_val_if_fail (ADEPT_IS_SESSION (self), ADEPT_SESSION_STATE_UNLINKED);
  return PRIV (self)->state;
}

gboolean
adept_session_get_linked (AdeptSession *self)
{
  g_return_val_if_fail (ADEPT_IS_SESSION (self), FALSE);
  return PRIV (self)->state != ADEPT_SESSION_STATE_UNLINKED;
}

AdeptCondition
adept_session_get_condition (AdeptSession *self)
{
  g_return_val_if_fail (ADEPT_IS_SESSION (self), ADEPT_CONDITION_NONE);
  return PRIV (self)->condition;
}

const char *
adept_session_get_condition_detail (AdeptSession *self)
{
  g_return_val_if_fail (ADEPT_IS_SESSION (self), NULL);
  return PRIV (self)->condition_detail;
}

GDateTime *
adept_session_get_token_expiry (AdeptSession *self)
{
  AdeptSessionPrivate *priv;

  g_return_val_if_fail (ADEPT_IS_SESSION (self), NULL);
  priv = PRIV (self);
  return adept_server_is_linked (priv->server) ? adept_server_get_token_expiry (priv->server)
                                               : NULL;
}

const char *
adept_session_get_account_fact (AdeptSession *self,
                                const char   *key)
{
  g_return_val_if_fail (ADEPT_IS_SESSION (self), NULL);
  if (!adept_server_is_linked (PRIV (self)->server))
    return NULL;
  return adept_server_get_account_fact (PRIV (self)->server, key);
}

int
adept_session_get_device_count (AdeptSession *self)
{
  g_return_val_if_fail (ADEPT_IS_SESSION (self), -1);
  return PRIV (self)->device_count;
}

const char *
adept_session_get_default_profile (AdeptSession *self)
{
  g_return_val_if_fail (ADEPT_IS_SESSION (self), NULL);
  return PRIV (self)->default_profile;
}

const AdeptJournalEntry *
adept_session_get_last_sync (AdeptSession *self)
{
  g_return_val_if_fail (ADEPT_IS_SESSION (self), NULL);
  return PRIV (self)->last_sync;
}

gboolean
adept_session_get_syncing (AdeptSession *self)
{
  g_return_val_if_fail (ADEPT_IS_SESSION (self), FALSE);
  return PRIV (self)->syncing;
}

gboolean
adept_session_get_busy (AdeptSession *self)
{
  g_return_val_if_fail (ADEPT_IS_SESSION (self), FALSE);
  return PRIV (self)->current != NULL || !g_queue_is_empty (&PRIV (self)->ops);
}

AdeptSessionOperation
adept_session_get_operation (AdeptSession *self)
{
  g_return_val_if_fail (ADEPT_IS_SESSION (self), ADEPT_SESSION_OPERATION_NONE);
  return PRIV (self)->current ? PRIV (self)->current->kind : ADEPT_SESSION_OPERATION_NONE;
}

AdeptBatchJob *
adept_session_get_job (AdeptSession *self)
{
  g_return_val_if_fail (ADEPT_IS_SESSION (self), NULL);
  return PRIV (self)->job;
}

gint64
adept_session_get_next_sync (AdeptSession *self)
{
  g_return_val_if_fail (ADEPT_IS_SESSION (self), 0);
  return PRIV (self)->scheduler ? adept_sync_scheduler_get_next_run (PRIV (self)->scheduler) : 0;
}

void
adept_session_set_auto_sync (AdeptSession *self,
                             gboolean      auto_sync)
{
  AdeptSessionPrivate *priv;

  g_return_if_fail (ADEPT_IS_SESSION (self));
  priv = PRIV (self);
  if (priv->auto_sync == !!auto_sync)
    return;
  priv->auto_sync = !!auto_sync;
  update_schedule (self);
  notify (self, PROP_AUTO_SYNC);
}

void
adept_session_set_sync_time (AdeptSession *self,
                             const char   *sync_time)
{
  AdeptSessionPrivate *priv;
  unsigned h = ADEPT_SYNC_SCHEDULER_DEFAULT_HOUR;
  unsigned m = ADEPT_SYNC_SCHEDULER_DEFAULT_MINUTE;

  g_return_if_fail (ADEPT_IS_SESSION (self));
  priv = PRIV (self);
  if (sync_time == NULL || sscanf (sync_time, "%2u:%2u", &h, &m) != 2 || h > 23 || m > 59)
    {
      h = ADEPT_SYNC_SCHEDULER_DEFAULT_HOUR;
      m = ADEPT_SYNC_SCHEDULER_DEFAULT_MINUTE;
    }
  if (priv->sync_hour == h && priv->sync_minute == m)
    return;
  priv->sync_hour = h;
  priv->sync_minute = m;
  update_schedule (self);
  notify (self, PROP_SYNC_TIME);
}

void
adept_session_set_token_warning_days (AdeptSession *self,
                                      guint         days)
{
  g_return_if_fail (ADEPT_IS_SESSION (self));
  if (PRIV (self)->warning_days == days)
    return;
  PRIV (self)->warning_days = days;
  update_condition (self);
  notify (self, PROP_TOKEN_WARNING_DAYS);
}

AdeptProfileNames *
adept_session_get_profile_names (AdeptSession *self)
{
  AdeptSessionPrivate *priv;

  g_return_val_if_fail (ADEPT_IS_SESSION (self), NULL);

  priv = PRIV (self);
  if (priv->profile_names == NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) stored = adept_store_list_profiles (priv->store, priv->id, &error);

      if (stored == NULL)
        g_debug ("Profiles of %s not read: %s", priv->id, error->message);
      priv->profile_names = adept_profile_names_new (stored);
    }
  return priv->profile_names;
}

const char *
adept_session_get_profile_display_name (AdeptSession *self,
                                        const char   *uuid)
{
  g_return_val_if_fail (ADEPT_IS_SESSION (self), NULL);

  return adept_profile_names_get_display_name (adept_session_get_profile_names (self), uuid);
}

/* Alerts */

void
adept_alert_free (AdeptAlert *alert)
{
  if (alert == NULL)
    return;
  g_free (alert->event);
  g_free (alert->title);
  g_free (alert->body);
  g_free (alert);
}

static void
add_alert (AdeptSession   *self,
           GPtrArray      *alerts,
           AdeptAlertKind  kind,
           const char     *event,
           char           *title,
           char           *body)
{
  AdeptSessionPrivate *priv = PRIV (self);
  g_autoptr(GError) error = NULL;
  AdeptAlert *alert;

  if (!adept_store_claim_notification (priv->store, priv->id, event, &error))
    {
      if (error != NULL)
        g_debug ("Alert %s of %s not claimed: %s", event, priv->id, error->message);
      g_free (title);
      g_free (body);
      return;
    }
  alert = g_new0 (AdeptAlert, 1);
  alert->kind = kind;
  alert->event = g_strdup (event);
  alert->title = title;
  alert->body = body;
  g_ptr_array_add (alerts, alert);
}

/* 30, 7 and 1 days before: the nearest threshold crossed is told, and the farther ones
 * are claimed with it (a console first started 5 days before expiry says so once). */
static void
add_expiry_alerts (AdeptSession *self,
                   GPtrArray    *alerts)
{
  static const int thresholds[] = { 1, 7, 30 };
  AdeptSessionPrivate *priv = PRIV (self);
  GDateTime *expiry = adept_session_get_token_expiry (self);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *date = NULL;
  const char *name = adept_session_get_display_name (self);
  GTimeSpan left;
  gint64 stamp;

  if (expiry == NULL)
    return;
  stamp = g_date_time_to_unix (expiry);
  date = adept_format_date (expiry);
  left = g_date_time_difference (expiry, now);
  if (left <= 0)
    {
      g_autofree char *event = g_strdup_printf ("token-expired:%" G_GINT64_FORMAT, stamp);

      add_alert (self, alerts, ADEPT_ALERT_TOKEN_EXPIRED, event,
                 /* Translators: %s is a server name. */
                 g_strdup_printf (_("The server token of “%s” has expired"), name),
                 /* Translators: %s is a date. */
                 g_strdup_printf (_("It expired on %s. Adept cannot sync until you download a "
                                    "new token in Apple Business Manager and renew it."), date));
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (thresholds); i++)
    {
      int days = (int) (left / G_TIME_SPAN_DAY);
      g_autofree char *event = NULL;

      if (days >= thresholds[i])
        continue;
      event = g_strdup_printf ("token-expires-%d:%" G_GINT64_FORMAT, thresholds[i], stamp);
      add_alert (self, alerts, ADEPT_ALERT_TOKEN_EXPIRES, event,
                 days == 0
                 ? g_strdup_printf (_("The server token of “%s” expires today"), name)
                 : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "The server token of “%s” expires in %d day",
                                                 "The server token of “%s” expires in %d days",
                                                 days), name, days),
                 g_strdup_printf (_("Download a new token in Apple Business Manager and renew it "
                                    "in Adept before %s."), date));
      for (guint j = i + 1; j < G_N_ELEMENTS (thresholds); j++)
        {
          g_autofree char *farther = g_strdup_printf ("token-expires-%d:%" G_GINT64_FORMAT,
                                                      thresholds[j], stamp);

          adept_store_claim_notification (priv->store, priv->id, farther, NULL);
        }
      return;
    }
}

GNotification *
adept_alert_new_notification (const AdeptAlert  *alert,
                              const char        *server_id,
                              char             **id)
{
  static const char * const alert_ids[] = {
    "token-expires", "token-expired", "token-rejected", "terms", "sync-failed",
  };
  GNotification *notification;
  gboolean token = alert->kind != ADEPT_ALERT_TERMS && alert->kind != ADEPT_ALERT_SYNC_FAILED;

  G_STATIC_ASSERT (G_N_ELEMENTS (alert_ids) == ADEPT_ALERT_SYNC_FAILED + 1);
  g_return_val_if_fail (alert != NULL && server_id != NULL, NULL);

  notification = g_notification_new (alert->title);
  g_notification_set_body (notification, alert->body);
  g_notification_set_priority (notification, alert->kind == ADEPT_ALERT_TOKEN_EXPIRES
                                             ? G_NOTIFICATION_PRIORITY_NORMAL
                                             : G_NOTIFICATION_PRIORITY_HIGH);
  g_notification_set_default_action_and_target (notification, ADEPT_ALERT_ACTION, "(ss)",
                                                server_id, "settings");
  if (token)
    g_notification_add_button_with_target (notification, _("Renew Token…"), ADEPT_ALERT_ACTION,
                                           "(ss)", server_id, "renew");
  else if (alert->kind == ADEPT_ALERT_TERMS)
    g_notification_add_button (notification, _("Open Apple Business Manager"), "app.open-abm");
  if (id != NULL)
    /* One per server and kind: a newer one replaces the older on screen. */
    *id = g_strdup_printf ("%s:%s", server_id, alert_ids[alert->kind]);
  return notification;
}

GPtrArray *
adept_session_take_alerts (AdeptSession *self)
{
  AdeptSessionPrivate *priv;
  GPtrArray *alerts;
  const char *name;
  gint64 stamp;

  g_return_val_if_fail (ADEPT_IS_SESSION (self), NULL);

  priv = PRIV (self);
  alerts = g_ptr_array_new_with_free_func ((GDestroyNotify) adept_alert_free);
  if (priv->state == ADEPT_SESSION_STATE_UNLINKED)
    return alerts;
  name = adept_session_get_display_name (self);
  stamp = priv->state != ADEPT_SESSION_STATE_UNLINKED && adept_session_get_token_expiry (self)
          ? g_date_time_to_unix (adept_session_get_token_expiry (self)) : 0;

  /* What Apple said last (report_outcome() forgets what it no longer says). */
  if (priv->apple_condition == ADEPT_CONDITION_TOKEN_REJECTED)
    {
      g_autofree char *event = g_strdup_printf ("token-rejected:%" G_GINT64_FORMAT, stamp);

      add_alert (self, alerts, ADEPT_ALERT_TOKEN_REJECTED, event,
                 g_strdup_printf (_("Apple no longer accepts the server token of “%s”"), name),
                 g_strdup (_("It was revoked or replaced in Apple Business Manager. Download the "
                             "current token there and renew it in Adept.")));
    }
  if (priv->apple_condition == ADEPT_CONDITION_TERMS_NOT_SIGNED)
    add_alert (self, alerts, ADEPT_ALERT_TERMS, "terms",
               g_strdup_printf (_("New terms to accept for “%s”"), name),
               g_strdup (_("Apple has new terms and conditions. Until an administrator accepts "
                           "them in Apple Business Manager, Adept cannot sync.")));

  add_expiry_alerts (self, alerts);

  if (priv->unattended_failure != NULL)
    {
      g_autofree char *event = g_steal_pointer (&priv->unattended_failure);
      g_autofree char *detail = g_steal_pointer (&priv->unattended_detail);

      add_alert (self, alerts, ADEPT_ALERT_SYNC_FAILED, event,
                 g_strdup_printf (_("The nightly sync of “%s” failed"), name),
                 g_strdup (detail ? detail : adept_error_default_message (ADEPT_ERROR_FAILED)));
    }
  return alerts;
}

GPtrArray *
adept_session_list_journal (AdeptSession  *self,
                            guint          limit,
                            GError       **error)
{
  g_return_val_if_fail (ADEPT_IS_SESSION (self), NULL);
  return adept_store_list_journal (PRIV (self)->store, PRIV (self)->id, limit, error);
}

gboolean
adept_session_override_base_url (AdeptSession  *self,
                                 const char    *base_url,
                                 GError       **error)
{
  g_return_val_if_fail (ADEPT_IS_SESSION (self), FALSE);

  if (base_url != NULL && !adept_dep_check_base_url (base_url, error))
    return FALSE;
  adept_set_str (&PRIV (self)->base_url_override, base_url);
  return TRUE;
}

gboolean
adept_session_override_tls_trust (AdeptSession  *self,
                                  const char    *ca_file,
                                  const char    *pin_sha256,
                                  GError       **error)
{
  AdeptSessionPrivate *priv;
  g_autofree char *pin = NULL;

  g_return_val_if_fail (ADEPT_IS_SESSION (self), FALSE);

  priv = PRIV (self);
  if (pin_sha256 != NULL && (pin = adept_tls_pin_normalize (pin_sha256, error)) == NULL)
    return FALSE;
  if (ca_file != NULL && !adept_dep_check_tls_ca_file (ca_file, error))
    return FALSE;
  priv->tls_overridden = TRUE;
  adept_set_str (&priv->ca_file_override, ca_file);
  g_free (priv->pin_override);
  priv->pin_override = g_steal_pointer (&pin);
  return TRUE;
}

gboolean
adept_session_set_tls_trust (AdeptSession  *self,
                             const char    *ca_file,
                             const char    *pin_sha256,
                             GError       **error)
{
  AdeptSessionPrivate *priv;

  g_return_val_if_fail (ADEPT_IS_SESSION (self), FALSE);

  priv = PRIV (self);
  if (priv->syncing)
    {
      adept_set_error (error, ADEPT_ERROR_SYNC_BUSY);
      return FALSE;
    }
  if (!adept_server_set_tls_trust (priv->server, ca_file, pin_sha256, error))
    return FALSE;
  /* The next call talks through a client that trusts what was just set. */
  if (priv->state == ADEPT_SESSION_STATE_READY)
    {
      teardown (self);
      set_state (self, ADEPT_SESSION_STATE_LINKED);
      adept_session_connect_async (self, NULL, NULL, NULL);
    }
  return TRUE;
}

const char *
adept_session_get_base_url (AdeptSession *self)
{
  g_return_val_if_fail (ADEPT_IS_SESSION (self), NULL);
  if (PRIV (self)->base_url_override != NULL)
    return PRIV (self)->base_url_override;
  return adept_server_get_base_url (PRIV (self)->server);
}

/* GObject */

static void
adept_session_constructed (GObject *object)
{
  AdeptSession *self = ADEPT_SESSION (object);
  AdeptSessionPrivate *priv = PRIV (self);

  G_OBJECT_CLASS (adept_session_parent_class)->constructed (object);

  g_assert (priv->server != NULL && priv->store != NULL);
  if (priv->id == NULL)
    priv->id = g_strdup (adept_server_get_id (priv->server));
  g_signal_connect_object (priv->server, "changed", G_CALLBACK (on_server_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (priv->server, "admin-action", G_CALLBACK (on_admin_action), self,
                           G_CONNECT_SWAPPED);
  priv->state = adept_server_is_linked (priv->server) ? ADEPT_SESSION_STATE_LINKED
                                                      : ADEPT_SESSION_STATE_UNLINKED;
  read_store (self);
  update_condition (self);
}

static void
adept_session_dispose (GObject *object)
{
  AdeptSession *self = ADEPT_SESSION (object);
  AdeptSessionPrivate *priv = PRIV (self);

  g_cancellable_cancel (priv->cancellable);
  g_clear_handle_id (&priv->clock_source, g_source_remove);
  g_clear_handle_id (&priv->advance_source, g_source_remove);
  teardown (self);
  G_OBJECT_CLASS (adept_session_parent_class)->dispose (object);
}

static void
adept_session_finalize (GObject *object)
{
  AdeptSessionPrivate *priv = PRIV (object);

  g_queue_clear_full (&priv->ops, (GDestroyNotify) op_free);
  g_clear_pointer (&priv->current, op_free);
  g_clear_pointer (&priv->lock, adept_store_lock_release);
  g_clear_pointer (&priv->connect_waiters, g_ptr_array_unref);
  g_clear_object (&priv->profile_names);
  g_clear_pointer (&priv->adopt_tried, g_hash_table_unref);
  g_free (priv->unattended_failure);
  g_free (priv->unattended_detail);
  g_clear_object (&priv->job);
  g_clear_object (&priv->server);
  g_clear_object (&priv->store);
  g_clear_object (&priv->cancellable);
  g_clear_pointer (&priv->last_sync, adept_journal_entry_free);
  g_free (priv->id);
  g_free (priv->base_url_override);
  g_free (priv->ca_file_override);
  g_free (priv->pin_override);
  g_free (priv->apple_detail);
  g_free (priv->condition_detail);
  g_free (priv->default_profile);
  G_OBJECT_CLASS (adept_session_parent_class)->finalize (object);
}

static void
adept_session_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  AdeptSession *self = ADEPT_SESSION (object);
  AdeptSessionPrivate *priv = PRIV (self);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_string (value, priv->id); break;
    case PROP_SERVER: g_value_set_object (value, priv->server); break;
    case PROP_STORE: g_value_set_object (value, priv->store); break;
    case PROP_KIND_NAME: g_value_set_string (value, adept_session_get_kind_name (self)); break;
    case PROP_DISPLAY_NAME: g_value_set_string (value, adept_session_get_display_name (self)); break;
    case PROP_STATE: g_value_set_enum (value, priv->state); break;
    case PROP_LINKED: g_value_set_boolean (value, adept_session_get_linked (self)); break;
    case PROP_CONDITION: g_value_set_enum (value, priv->condition); break;
    case PROP_CONDITION_DETAIL: g_value_set_string (value, priv->condition_detail); break;
    case PROP_TOKEN_EXPIRY: g_value_set_boxed (value, adept_session_get_token_expiry (self)); break;
    case PROP_ACCOUNT_UPDATED_AT:
      g_value_set_boxed (value, adept_server_get_account_updated_at (priv->server));
      break;
    case PROP_DEVICE_COUNT: g_value_set_int (value, priv->device_count); break;
    case PROP_DEFAULT_PROFILE: g_value_set_string (value, priv->default_profile); break;
    case PROP_LAST_SYNC: g_value_set_boxed (value, priv->last_sync); break;
    case PROP_SYNCING: g_value_set_boolean (value, priv->syncing); break;
    case PROP_SYNC_PAGES: g_value_set_uint (value, priv->sync_pages); break;
    case PROP_SYNC_DEVICES: g_value_set_uint (value, priv->sync_devices); break;
    case PROP_NEXT_SYNC: g_value_set_int64 (value, adept_session_get_next_sync (self)); break;
    case PROP_BUSY: g_value_set_boolean (value, adept_session_get_busy (self)); break;
    case PROP_OPERATION: g_value_set_enum (value, adept_session_get_operation (self)); break;
    case PROP_JOB: g_value_set_object (value, priv->job); break;
    case PROP_CLIENT: g_value_set_object (value, priv->client); break;
    case PROP_AUTO_SYNC: g_value_set_boolean (value, priv->auto_sync); break;
    case PROP_SYNC_TIME:
      g_value_take_string (value, g_strdup_printf ("%02u:%02u", priv->sync_hour, priv->sync_minute));
      break;
    case PROP_TOKEN_WARNING_DAYS: g_value_set_uint (value, priv->warning_days); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
adept_session_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  AdeptSession *self = ADEPT_SESSION (object);
  AdeptSessionPrivate *priv = PRIV (self);

  switch (prop_id)
    {
    case PROP_ID: priv->id = g_value_dup_string (value); break;
    case PROP_SERVER: priv->server = g_value_dup_object (value); break;
    case PROP_STORE: priv->store = g_value_dup_object (value); break;
    case PROP_AUTO_SYNC: adept_session_set_auto_sync (self, g_value_get_boolean (value)); break;
    case PROP_SYNC_TIME: adept_session_set_sync_time (self, g_value_get_string (value)); break;
    case PROP_TOKEN_WARNING_DAYS:
      adept_session_set_token_warning_days (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
adept_session_class_init (AdeptSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags co = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = adept_session_constructed;
  object_class->dispose = adept_session_dispose;
  object_class->finalize = adept_session_finalize;
  object_class->get_property = adept_session_get_property;
  object_class->set_property = adept_session_set_property;

  klass->default_changed_async = default_changed_nothing;
  klass->default_changed_finish = default_changed_finish;
  klass->get_auto_assign = auto_assign_locally;
  klass->dup_caution = no_caution;
  klass->dup_facts = no_facts;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, co);
  properties[PROP_SERVER] = g_param_spec_object ("server", NULL, NULL, ADEPT_TYPE_SERVER, co);
  properties[PROP_STORE] = g_param_spec_object ("store", NULL, NULL, ADEPT_TYPE_STORE, co);
  properties[PROP_KIND_NAME] = g_param_spec_string ("kind-name", NULL, NULL, NULL, ro);
  properties[PROP_DISPLAY_NAME] = g_param_spec_string ("display-name", NULL, NULL, NULL, ro);
  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, ADEPT_TYPE_SESSION_STATE,
                                              ADEPT_SESSION_STATE_UNLINKED, ro);
  properties[PROP_LINKED] = g_param_spec_boolean ("linked", NULL, NULL, FALSE, ro);
  properties[PROP_CONDITION] = g_param_spec_enum ("condition", NULL, NULL, ADEPT_TYPE_CONDITION,
                                                  ADEPT_CONDITION_NONE, ro);
  properties[PROP_CONDITION_DETAIL] = g_param_spec_string ("condition-detail", NULL, NULL, NULL, ro);
  properties[PROP_TOKEN_EXPIRY] = g_param_spec_boxed ("token-expiry", NULL, NULL, G_TYPE_DATE_TIME, ro);
  properties[PROP_ACCOUNT_UPDATED_AT] = g_param_spec_boxed ("account-updated-at", NULL, NULL,
                                                            G_TYPE_DATE_TIME, ro);
  properties[PROP_DEVICE_COUNT] = g_param_spec_int ("device-count", NULL, NULL, -1, G_MAXINT, -1, ro);
  properties[PROP_DEFAULT_PROFILE] = g_param_spec_string ("default-profile", NULL, NULL, NULL, ro);
  properties[PROP_LAST_SYNC] = g_param_spec_boxed ("last-sync", NULL, NULL,
                                                   adept_journal_entry_get_type (), ro);
  properties[PROP_SYNCING] = g_param_spec_boolean ("syncing", NULL, NULL, FALSE, ro);
  properties[PROP_SYNC_PAGES] = g_param_spec_uint ("sync-pages", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_SYNC_DEVICES] = g_param_spec_uint ("sync-devices", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_NEXT_SYNC] = g_param_spec_int64 ("next-sync", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE, ro);
  properties[PROP_OPERATION] = g_param_spec_enum ("operation", NULL, NULL,
                                                  ADEPT_TYPE_SESSION_OPERATION,
                                                  ADEPT_SESSION_OPERATION_NONE, ro);
  properties[PROP_JOB] = g_param_spec_object ("job", NULL, NULL, ADEPT_TYPE_BATCH_JOB, ro);
  properties[PROP_CLIENT] = g_param_spec_object ("client", NULL, NULL, ADEPT_TYPE_DEP_CLIENT, ro);
  properties[PROP_AUTO_SYNC] = g_param_spec_boolean ("auto-sync", NULL, NULL, FALSE, rw);
  properties[PROP_SYNC_TIME] = g_param_spec_string ("sync-time", NULL, NULL, "02:00", rw);
  properties[PROP_TOKEN_WARNING_DAYS] = g_param_spec_uint ("token-warning-days", NULL, NULL, 0, 3650,
                                                           DEFAULT_WARNING_DAYS, rw);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[DEVICES_CHANGED] =
    g_signal_new ("devices-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
  signals[PROFILES_CHANGED] =
    g_signal_new ("profiles-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
  signals[NOTICE] =
    g_signal_new ("notice", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
adept_session_init (AdeptSession *self)
{
  AdeptSessionPrivate *priv = PRIV (self);

  priv->cancellable = g_cancellable_new ();
  priv->device_count = -1;
  priv->warning_days = DEFAULT_WARNING_DAYS;
  priv->sync_hour = ADEPT_SYNC_SCHEDULER_DEFAULT_HOUR;
  priv->sync_minute = ADEPT_SYNC_SCHEDULER_DEFAULT_MINUTE;
  priv->adopt_tried = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_queue_init (&priv->ops);
}
