/* adept-store-checkpoint.c — copying the WAL back into the database in a thread of its own
 *
 * SQLite's own auto-checkpoint runs in the connection that commits, after its COMMIT: the
 * sync that happened to cross the threshold waited for some 30 MB to be copied and two
 * fsyncs (an incremental sync after a full fetch took 0.2 s instead of 0.05), and so did an
 * assign batch or the console's main loop. Here a commit past CHECKPOINT_FRAMES only
 * wakes a thread with a connection of its own, which copies the frames while the writers
 * go on (a PASSIVE checkpoint blocks nobody) and then restarts the WAL itself, so the
 * next writer does not pay the fsync of a new WAL header either. A writer that outruns
 * it still checkpoints at MAX_FRAMES itself, as before, so the WAL stays bounded.
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-store"

#include "config.h"

#include "adept-store-private.h"

/* 8 MiB of 4 KiB pages: a few pages of a full fetch, a few incremental syncs. */
#define CHECKPOINT_FRAMES 2048
/* 64 MiB, journal_size_limit. A writer that never pauses (a full fetch: its next group
 * begins as soon as the last commits) never lets the checkpointer finish and start the
 * WAL over, so the WAL grows to here and the writer checkpoints itself: at 32 MiB that
 * stopped the fetch of 100,000 devices for ~80 ms (36 MB copied, two fsyncs) half way. */
#define MAX_FRAMES 16384

struct _AdeptCheckpointer
{
  char     *path;
  sqlite3  *watched;     /* the store's connection, whose commits call on_wal_commit() */
  GMutex    lock;
  GCond     cond;
  GThread  *thread;
  sqlite3  *db;          /* the thread's own connection, set under lock */
  gboolean  requested;
  gboolean  stopping;
  gboolean  leave_restart;
};

static sqlite3 *
open_connection (const char *path)
{
  sqlite3 *db = NULL;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    {
      sqlite3_close (db);
      return NULL;
    }
  /* Never wait: a writer or another checkpoint at work means later. */
  sqlite3_busy_timeout (db, 0);
  /* A connection finds the WAL with its first read; until then a checkpoint does nothing. */
  if (sqlite3_exec (db, "PRAGMA user_version", NULL, NULL, NULL) != SQLITE_OK)
    {
      sqlite3_close (db);
      return NULL;
    }
  return db;
}

/* A write of nothing new (user_version as it is) right after a complete checkpoint makes
 * this connection the one that starts the WAL over, and pays its header's fsync. */
static void
restart_wal (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  g_autofree char *same = NULL;

  if (sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
    return;
  if (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    same = g_strdup_printf ("PRAGMA user_version = %d", sqlite3_column_int (stmt, 0));
  sqlite3_finalize (stmt);
  if (same == NULL || sqlite3_exec (db, same, NULL, NULL, NULL) != SQLITE_OK ||
      sqlite3_exec (db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
    sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
}

static void
checkpoint (sqlite3  *db,
            gboolean  restart)
{
  int log = -1, copied = -1;
  int rc = sqlite3_wal_checkpoint_v2 (db, NULL, SQLITE_CHECKPOINT_PASSIVE, &log, &copied);

  if (rc != SQLITE_OK)
    {
      g_debug ("Checkpoint postponed: %s", sqlite3_errstr (rc));
      return;
    }
  g_debug ("Checkpoint: %d of %d frames copied", copied, log);
  if (restart && log > 0 && log == copied)
    restart_wal (db);
}

static gpointer
checkpoint_thread (gpointer data)
{
  AdeptCheckpointer *self = data;
  sqlite3 *db = open_connection (self->path);

  g_mutex_lock (&self->lock);
  self->db = db;
  while (!self->stopping)
    {
      gboolean restart;

      if (!self->requested)
        {
          g_cond_wait (&self->cond, &self->lock);
          continue;
        }
      /* Read under the lock it is set under. */
      restart = !self->leave_restart;
      self->requested = FALSE;
      g_mutex_unlock (&self->lock);
      if (db != NULL)
        checkpoint (db, restart);
      g_mutex_lock (&self->lock);
    }
  self->db = NULL;
  g_mutex_unlock (&self->lock);
  /* Never the last connection: the store's own closes after this one. */
  sqlite3_close (db);
  return NULL;
}

static void
request (AdeptCheckpointer *self)
{
  g_mutex_lock (&self->lock);
  if (self->thread == NULL && !self->stopping)
    /* A name of at most 15 bytes: Linux refuses longer ones (top, perf show it). */
    self->thread = g_thread_try_new ("adept-wal", checkpoint_thread, self, NULL);
  self->requested = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);
}

/* After every commit of the connection, in its thread. */
static int
on_wal_commit (void       *data,
               sqlite3    *db,
               const char *name,
               int         frames)
{
  AdeptCheckpointer *self = data;

  if (frames >= MAX_FRAMES)
    sqlite3_wal_checkpoint_v2 (db, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
  else if (frames >= CHECKPOINT_FRAMES)
    request (self);
  return SQLITE_OK;
}

AdeptCheckpointer *
adept_checkpointer_new (sqlite3    *db,
                        const char *path)
{
  AdeptCheckpointer *self = g_new0 (AdeptCheckpointer, 1);

  self->path = g_strdup (path);
  self->watched = db;
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  /* Replaces SQLite's auto-checkpoint on this connection. */
  sqlite3_wal_hook (db, on_wal_commit, self);
  return self;
}

/* The restart above is a commit of this thread's connection, and a commit on another
 * connection makes SQLite drop a connection's whole page cache: the sync engine's writer
 * read ~2,300 pages (9.4 MB) again in an incremental sync after each checkpoint, ~700
 * otherwise. Left to the watched connection, its next commit starts the WAL over (SQLite
 * does so after a complete checkpoint), paying the fsync of the new header, and keeps its
 * cache. */
void
adept_checkpointer_leave_restart (AdeptCheckpointer *self)
{
  g_mutex_lock (&self->lock);
  self->leave_restart = TRUE;
  g_mutex_unlock (&self->lock);
}

/* Before the connection it watches closes: a checkpoint under way stops where it is (the
 * rest is copied by the next one). */
void
adept_checkpointer_free (AdeptCheckpointer *self)
{
  GThread *thread;

  if (self == NULL)
    return;
  sqlite3_wal_hook (self->watched, NULL, NULL);
  g_mutex_lock (&self->lock);
  self->stopping = TRUE;
  if (self->db != NULL)
    sqlite3_interrupt (self->db);
  g_cond_signal (&self->cond);
  thread = g_steal_pointer (&self->thread);
  g_mutex_unlock (&self->lock);
  if (thread != NULL)
    g_thread_join (thread);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_free (self->path);
  g_free (self);
}
