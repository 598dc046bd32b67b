/* adept-sync-timer.h — the nightly sync while no console runs: the systemd user timer
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define ADEPT_SYNC_TIMER_UNIT   "adept-sync.timer"
#define ADEPT_SYNC_SERVICE_UNIT "adept-sync.service"

/* What the user's systemd says of the timer, and how its last run ended. */
typedef struct {
  gboolean  available;      /* a user manager answers and has the timer installed */
  char     *unavailable;    /* else why not, a translated sentence */
  gboolean  enabled;        /* enabled and started */
  char     *time;           /* "HH:MM" of Adept's drop-in, NULL: the unit's own (02:00) */
  gint64    next_run;       /* Unix seconds, 0 when none is due */
  gint64    last_run;       /* when the service last ended (Unix seconds), 0: never */
  gboolean  last_ok;        /* it ended well (exit status 0, or 8: another Adept was busy) */
  char     *last_result;    /* systemd's Result ("success", "exit-code", "timeout"…) */
  int       last_status;    /* the exit status of adeptctl */
} AdeptSyncTimerState;

void                 adept_sync_timer_state_free (AdeptSyncTimerState *state);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AdeptSyncTimerState, adept_sync_timer_state_free)

/* AdeptSyncTimer: adept-sync.timer (installed with Adept, running adeptctl sync --all
 * --notify) through systemd's D-Bus API on the session bus (org.freedesktop.systemd1):
 * enabled and started with EnableUnitFiles and StartUnit, the time of day a drop-in
 * ($XDG_CONFIG_HOME/systemd/user/adept-sync.timer.d/adept-time.conf) followed by Reload.
 * Where the session bus has no systemd (a container, another init), read says so and
 * the console keeps its own schedule. */
#define ADEPT_TYPE_SYNC_TIMER (adept_sync_timer_get_type ())
G_DECLARE_FINAL_TYPE (AdeptSyncTimer, adept_sync_timer, ADEPT, SYNC_TIMER, GObject)

/* bus NULL: the session bus. */
AdeptSyncTimer      *adept_sync_timer_new         (GDBusConnection      *bus);
/* The drop-in's path. */
char                *adept_sync_timer_dup_drop_in_path (void);

void                 adept_sync_timer_read_async  (AdeptSyncTimer       *self,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
AdeptSyncTimerState *adept_sync_timer_read_finish (AdeptSyncTimer       *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

/* Enables (and starts) the timer at time ("HH:MM"), or disables (and stops) it, then
 * reads the state back. Fails with ADEPT_ERROR_FAILED and a sentence for a time that is
 * not HH:MM, for no user systemd and for systemd's refusal; ADEPT_ERROR_FILE when the
 * drop-in cannot be written. */
void                 adept_sync_timer_set_async   (AdeptSyncTimer       *self,
                                                   gboolean              enabled,
                                                   const char           *time,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
AdeptSyncTimerState *adept_sync_timer_set_finish  (AdeptSyncTimer       *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

G_END_DECLS
