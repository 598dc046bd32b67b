/* adept-sync-engine.h — keeps a server's devices in the store in step with Apple
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "adept-dep-client.h"
#include "adept-store.h"

G_BEGIN_DECLS

typedef enum {
  ADEPT_SYNC_FLAGS_NONE = 0,
  /* Forget the cursor and fetch every device again. */
  ADEPT_SYNC_FLAGS_FULL = 1 << 0,
  /* Nobody watches this run (the nightly schedule, the systemd timer): AdeptSession tells
   * of its failure as an alert (adept_session_take_alerts()). The engine ignores it. */
  ADEPT_SYNC_FLAGS_UNATTENDED = 1 << 1,
} AdeptSyncFlags;

/* One sync run: fetch pages until more_to_follow is false, then sync (dep-api.md §3.2,
 * §4.2, §5.2), committing each page with its cursor; EXHAUSTED_CURSOR goes on with sync,
 * EXPIRED_CURSOR/INVALID_CURSOR start a full fetch (written in the journal); a server
 * that repeats a cursor with more_to_follow is stopped with an error.
 *
 * After each page the auto-assigner gives the server's default profile to the devices
 * that are new to the server (see adept-store-devices.c), through AdeptBatchJob (batches
 * of at most 1000, every answer kept as an assign attempt). What a page owes is written
 * with the page (adept_store_take_pending_assign()), so a run stopped between a commit
 * and its assignment (SIGKILL, SIGTERM, a cancel) leaves it to the next run or pass over
 * retries, which finish it first.
 * THROTTLED serials are retried after Apple's retry_after_seconds, FAILED ones once
 * after a day; retries due are done at the end of each run and, while the engine lives,
 * by a timer at the time they fall due.
 *
 * One run per server at a time: a second sync_async() on the same engine joins the
 * running one (both callers get its result); another engine or process on the same
 * server gets ADEPT_ERROR_SYNC_BUSY (a lock in the store).
 *
 * Signals:
 *   "progress" (guint pages, guint devices) — a page was committed.
 *   "changed" () — the server's devices changed in the store (refresh AdeptDeviceList).
 *   "assigned" (guint n_success, guint n_waiting) — an auto-assign or retry request was
 *     answered; n_waiting serials got a retry scheduled.
 *   "retries-finished" (guint n_retried) — a pass over the due retries ended.
 *   "finished" (AdeptJournalEntry *entry) — a run ended (entry->error_code on failure). */
#define ADEPT_TYPE_SYNC_ENGINE (adept_sync_engine_get_type ())
G_DECLARE_FINAL_TYPE (AdeptSyncEngine, adept_sync_engine, ADEPT, SYNC_ENGINE, GObject)

AdeptSyncEngine *adept_sync_engine_new        (AdeptStore          *store,
                                               AdeptDepClient      *client,
                                               const char          *server_id);

AdeptStore      *adept_sync_engine_get_store  (AdeptSyncEngine     *self);
const char      *adept_sync_engine_get_server_id (AdeptSyncEngine  *self);
/* Which devices new to the server the auto-assigner gives the default profile. */
typedef enum {
  ADEPT_AUTO_ASSIGN_NONE,        /* none: something else assigns every one */
  ADEPT_AUTO_ASSIGN_ALL,         /* every one (the default) */
  /* all but those that arrive as "added": the server's own assigner takes those (NanoDEP's
   * depsyncer, dep-api.md §5.3), the console the first fetch and the "modified" ones */
  ADEPT_AUTO_ASSIGN_NOT_ADDED,
} AdeptAutoAssign;

/* ADEPT_AUTO_ASSIGN_ALL by default. */
void             adept_sync_engine_set_auto_assign (AdeptSyncEngine *self,
                                               AdeptAutoAssign      scope);
/* Devices per fetch/sync request: 1 to ADEPT_DEP_MAX_PAGE_SIZE (the default). */
void             adept_sync_engine_set_page_size (AdeptSyncEngine  *self,
                                               guint                page_size);

/* A run with no page stored and no assign answered for this long (default 300 s) is
 * stopped with ADEPT_ERROR_NETWORK saying the server stopped answering. */
void             adept_sync_engine_set_stall_timeout (AdeptSyncEngine *self,
                                               guint                seconds);

/* The result is the run's journal entry; a cancelled run keeps what it committed and
 * fails with G_IO_ERROR_CANCELLED. Cancelling any caller's cancellable cancels the run. */
void             adept_sync_engine_sync_async (AdeptSyncEngine     *self,
                                               AdeptSyncFlags       flags,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
AdeptJournalEntry *adept_sync_engine_sync_finish (AdeptSyncEngine  *self,
                                               GAsyncResult        *result,
                                               GError             **error);
void             adept_sync_engine_cancel     (AdeptSyncEngine     *self);

gboolean         adept_sync_engine_is_running (AdeptSyncEngine     *self);
/* Of the running (or last) run. */
guint            adept_sync_engine_get_pages  (AdeptSyncEngine     *self);
guint            adept_sync_engine_get_devices (AdeptSyncEngine    *self);
AdeptSyncPhase   adept_sync_engine_get_phase  (AdeptSyncEngine     *self);

/* Starts the timer that runs retries when they fall due (the console keeps it on;
 * adeptctl relies on the runs). Off by default. */
void             adept_sync_engine_set_retry_timer (AdeptSyncEngine *self,
                                               gboolean             enabled);
/* Passes over due retries count the devices they assign into this run's journal row
 * (adeptctl sync waits for near retries before it exits: they belong to its run); 0, the
 * default, gives each pass that sends something a row of its own (ADEPT_SYNC_KIND_RETRY). */
void             adept_sync_engine_set_retry_journal (AdeptSyncEngine *self,
                                               gint64               run_id);

G_END_DECLS
