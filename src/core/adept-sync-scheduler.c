/* adept-sync-scheduler.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-sync"

#include "config.h"

#include "adept-error.h"
#include "adept-sync-scheduler.h"

#define CHECK_INTERVAL_S 30

struct _AdeptSyncScheduler
{
  GObject          parent_instance;

  AdeptSyncEngine *engine;
  guint            hour;
  guint            minute;
  gboolean         enabled;
  gint64           next_run;
  guint            timer;
  AdeptSyncSchedulerRunFunc run_func;
  gpointer         run_data;
};

G_DEFINE_FINAL_TYPE (AdeptSyncScheduler, adept_sync_scheduler, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NEXT_RUN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GDateTime *
adept_sync_next_occurrence (GDateTime *after,
                            guint      hour,
                            guint      minute)
{
  GTimeZone *tz = g_date_time_get_timezone (after);
  int year, month, day;

  g_return_val_if_fail (after != NULL, NULL);
  g_return_val_if_fail (hour < 24 && minute < 60, NULL);

  g_date_time_get_ymd (after, &year, &month, &day);
  for (int i = 0; i < 3; i++)
    {
      g_autoptr(GDateTime) midnight = g_date_time_new (tz, year, month, day, 0, 0, 0);
      g_autoptr(GDateTime) date = g_date_time_add_days (midnight, i);
      GDateTime *candidate;

      /* Built from the calendar date, not by adding 24 hours, so a DST change keeps the
       * wall-clock time. */
      candidate = g_date_time_new (tz, g_date_time_get_year (date), g_date_time_get_month (date),
                                   g_date_time_get_day_of_month (date), hour, minute, 0);
      if (candidate != NULL && g_date_time_compare (candidate, after) > 0)
        return candidate;
      g_clear_pointer (&candidate, g_date_time_unref);
    }
  g_return_val_if_reached (NULL);
}

static void
update_next_run (AdeptSyncScheduler *self,
                 GDateTime          *now)
{
  gint64 next = 0;

  if (self->enabled)
    {
      g_autoptr(GDateTime) at = adept_sync_next_occurrence (now, self->hour, self->minute);
      next = at ? g_date_time_to_unix (at) : 0;
    }
  if (next != self->next_run)
    {
      self->next_run = next;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEXT_RUN]);
    }
}

static void
on_sync_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(AdeptJournalEntry) entry = NULL;
  g_autoptr(GError) error = NULL;

  entry = adept_sync_engine_sync_finish (ADEPT_SYNC_ENGINE (source), result, &error);
  if (g_error_matches (error, ADEPT_ERROR, ADEPT_ERROR_SYNC_BUSY))
    g_debug ("Scheduled sync skipped: another program is syncing");
  else if (error != NULL)
    g_debug ("Scheduled sync failed: %s", error->message);
}

gboolean
adept_sync_scheduler_check (AdeptSyncScheduler *self,
                            GDateTime          *now)
{
  g_return_val_if_fail (ADEPT_IS_SYNC_SCHEDULER (self), FALSE);
  g_return_val_if_fail (now != NULL, FALSE);

  if (!self->enabled || self->next_run == 0 || g_date_time_to_unix (now) < self->next_run)
    return FALSE;

  update_next_run (self, now);
  if (self->run_func != NULL)
    self->run_func (self, self->run_data);
  else
    adept_sync_engine_sync_async (self->engine, ADEPT_SYNC_FLAGS_NONE, NULL, on_sync_done, NULL);
  return TRUE;
}

static gboolean
on_timer (gpointer data)
{
  AdeptSyncScheduler *self = data;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  adept_sync_scheduler_check (self, now);
  return G_SOURCE_CONTINUE;
}

static void
restart (AdeptSyncScheduler *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_clear_handle_id (&self->timer, g_source_remove);
  update_next_run (self, now);
  if (self->enabled)
    self->timer = g_timeout_add_seconds (CHECK_INTERVAL_S, on_timer, self);
}

void
adept_sync_scheduler_set_time (AdeptSyncScheduler *self,
                               guint               hour,
                               guint               minute)
{
  g_return_if_fail (ADEPT_IS_SYNC_SCHEDULER (self));
  g_return_if_fail (hour < 24 && minute < 60);

  self->hour = hour;
  self->minute = minute;
  restart (self);
}

void
adept_sync_scheduler_set_enabled (AdeptSyncScheduler *self,
                                  gboolean            enabled)
{
  g_return_if_fail (ADEPT_IS_SYNC_SCHEDULER (self));

  self->enabled = !!enabled;
  restart (self);
}

gboolean
adept_sync_scheduler_get_enabled (AdeptSyncScheduler *self)
{
  g_return_val_if_fail (ADEPT_IS_SYNC_SCHEDULER (self), FALSE);
  return self->enabled;
}

gint64
adept_sync_scheduler_get_next_run (AdeptSyncScheduler *self)
{
  g_return_val_if_fail (ADEPT_IS_SYNC_SCHEDULER (self), 0);
  return self->next_run;
}

void
adept_sync_scheduler_set_run_func (AdeptSyncScheduler        *self,
                                   AdeptSyncSchedulerRunFunc  func,
                                   gpointer                   user_data)
{
  g_return_if_fail (ADEPT_IS_SYNC_SCHEDULER (self));

  self->run_func = func;
  self->run_data = user_data;
}

AdeptSyncEngine *
adept_sync_scheduler_get_engine (AdeptSyncScheduler *self)
{
  g_return_val_if_fail (ADEPT_IS_SYNC_SCHEDULER (self), NULL);
  return self->engine;
}

AdeptSyncScheduler *
adept_sync_scheduler_new (AdeptSyncEngine *engine)
{
  AdeptSyncScheduler *self;

  g_return_val_if_fail (ADEPT_IS_SYNC_ENGINE (engine), NULL);

  self = g_object_new (ADEPT_TYPE_SYNC_SCHEDULER, NULL);
  self->engine = g_object_ref (engine);
  restart (self);
  return self;
}

static void
adept_sync_scheduler_dispose (GObject *object)
{
  AdeptSyncScheduler *self = ADEPT_SYNC_SCHEDULER (object);

  g_clear_handle_id (&self->timer, g_source_remove);
  g_clear_object (&self->engine);
  G_OBJECT_CLASS (adept_sync_scheduler_parent_class)->dispose (object);
}

static void
adept_sync_scheduler_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  AdeptSyncScheduler *self = ADEPT_SYNC_SCHEDULER (object);

  switch (prop_id)
    {
    case PROP_NEXT_RUN: g_value_set_int64 (value, self->next_run); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
adept_sync_scheduler_class_init (AdeptSyncSchedulerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = adept_sync_scheduler_dispose;
  object_class->get_property = adept_sync_scheduler_get_property;

  properties[PROP_NEXT_RUN] =
    g_param_spec_int64 ("next-run", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
adept_sync_scheduler_init (AdeptSyncScheduler *self)
{
  self->hour = ADEPT_SYNC_SCHEDULER_DEFAULT_HOUR;
  self->minute = ADEPT_SYNC_SCHEDULER_DEFAULT_MINUTE;
  self->enabled = TRUE;
}
