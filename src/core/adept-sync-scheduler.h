/* adept-sync-scheduler.h — the console's nightly sync: at a time of day, and on request
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "adept-sync-engine.h"

G_BEGIN_DECLS

#define ADEPT_SYNC_SCHEDULER_DEFAULT_HOUR   2
#define ADEPT_SYNC_SCHEDULER_DEFAULT_MINUTE 0

/* Runs the engine's sync once a day at a local time (default 02:00). The clock is read
 * every half minute rather than trusted to one long timer, so a machine that slept
 * through the time syncs when it wakes (like systemd's Persistent=true). A sync another
 * process is running (ADEPT_ERROR_SYNC_BUSY) counts as done. Force Sync is
 * adept_sync_engine_sync_async() on the same engine: it joins a scheduled run.
 *
 * Property "next-run" (gint64, Unix seconds, 0 when disabled). */
#define ADEPT_TYPE_SYNC_SCHEDULER (adept_sync_scheduler_get_type ())
G_DECLARE_FINAL_TYPE (AdeptSyncScheduler, adept_sync_scheduler, ADEPT, SYNC_SCHEDULER, GObject)

AdeptSyncScheduler *adept_sync_scheduler_new        (AdeptSyncEngine    *engine);

/* What a due run does instead of the engine's sync (AdeptSession queues it with its other
 * operations). user_data is not referenced. */
typedef void (*AdeptSyncSchedulerRunFunc) (AdeptSyncScheduler *scheduler,
                                           gpointer            user_data);
void                adept_sync_scheduler_set_run_func (AdeptSyncScheduler        *self,
                                                       AdeptSyncSchedulerRunFunc  func,
                                                       gpointer                   user_data);
AdeptSyncEngine    *adept_sync_scheduler_get_engine (AdeptSyncScheduler *self);

/* The GSettings key is the console's; it passes the time here. */
void                adept_sync_scheduler_set_time   (AdeptSyncScheduler *self,
                                                     guint               hour,
                                                     guint               minute);
void                adept_sync_scheduler_set_enabled (AdeptSyncScheduler *self,
                                                     gboolean            enabled);
gboolean            adept_sync_scheduler_get_enabled (AdeptSyncScheduler *self);
gint64              adept_sync_scheduler_get_next_run (AdeptSyncScheduler *self);

/* Starts the sync when now is past the next run (the timer calls it; tests too). TRUE
 * when a sync was started. */
gboolean            adept_sync_scheduler_check      (AdeptSyncScheduler *self,
                                                     GDateTime          *now);

/* The first hour:minute strictly after `after`, in after's time zone. */
GDateTime          *adept_sync_next_occurrence      (GDateTime          *after,
                                                     guint               hour,
                                                     guint               minute);

G_END_DECLS
