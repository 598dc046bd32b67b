/* adept-store-sync.c — the cursor, the sync journal and the per-server sync lock
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sys/file.h>
#include <unistd.h>

#include "adept-error.h"
#include "adept-store-private.h"

static const char * const sync_kind_names[] = { "fetch", "sync", "full", "retry" };

const char *
adept_sync_kind_to_string (AdeptSyncKind kind)
{
  if ((guint) kind >= G_N_ELEMENTS (sync_kind_names))
    kind = ADEPT_SYNC_KIND_SYNC;
  return sync_kind_names[kind];
}

static AdeptSyncKind
sync_kind_from_string (const char *s)
{
  for (guint i = 0; i < G_N_ELEMENTS (sync_kind_names); i++)
    if (g_strcmp0 (s, sync_kind_names[i]) == 0)
      return i;
  return ADEPT_SYNC_KIND_SYNC;
}

gboolean
adept_store_get_cursor (AdeptStore      *self,
                        const char      *server_id,
                        char           **cursor,
                        AdeptSyncPhase  *phase,
                        gint64          *fetched_until,
                        GError         **error)
{
  g_autoptr(AdeptStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (ADEPT_IS_STORE (self), FALSE);

  stmt = adept_store_prepare (self,
    "SELECT cursor, phase, fetched_until FROM cursors WHERE server_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  adept_store_bind_text (stmt, 1, server_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      adept_store_set_error (self, rc, error);
      return FALSE;
    }
  if (cursor != NULL)
    *cursor = rc == SQLITE_ROW ? adept_store_column_dup (stmt, 0) : NULL;
  if (phase != NULL)
    *phase = rc == SQLITE_ROW && g_strcmp0 (adept_store_column_text (stmt, 1), "sync") == 0
      ? ADEPT_SYNC_PHASE_SYNC : ADEPT_SYNC_PHASE_FETCH;
  if (fetched_until != NULL)
    *fetched_until = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 2) : 0;
  return TRUE;
}

gboolean
adept_store_reset_cursor (AdeptStore  *self,
                          const char  *server_id,
                          GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (ADEPT_IS_STORE (self), FALSE);

  /* A new fetch generation: what the coming fetch does not return gets deleted. */
  stmt = adept_store_prepare (self,
    "UPDATE cursors SET cursor = NULL, phase = 'fetch', fetch_gen = fetch_gen + 1,"
    " updated = ?2 WHERE server_id = ?1",
    error);
  if (stmt == NULL)
    return FALSE;
  adept_store_bind_text (stmt, 1, server_id);
  sqlite3_bind_int64 (stmt, 2, adept_store_now ());
  return adept_store_step_done (self, stmt, error);
}

gboolean
adept_store_set_phase (AdeptStore      *self,
                       const char      *server_id,
                       AdeptSyncPhase   phase,
                       GError         **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (ADEPT_IS_STORE (self), FALSE);

  stmt = adept_store_prepare (self,
    "UPDATE cursors SET phase = ?2, updated = ?3 WHERE server_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  adept_store_bind_text (stmt, 1, server_id);
  adept_store_bind_text (stmt, 2, phase == ADEPT_SYNC_PHASE_SYNC ? "sync" : "fetch");
  sqlite3_bind_int64 (stmt, 3, adept_store_now ());
  return adept_store_step_done (self, stmt, error);
}

/* Journal */

gint64
adept_store_journal_begin (AdeptStore     *self,
                           const char     *server_id,
                           AdeptSyncKind   kind,
                           const char     *reason,
                           GError        **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (ADEPT_IS_STORE (self), 0);

  stmt = adept_store_prepare (self,
    "INSERT INTO sync_journal (server_id, kind, reason, started) VALUES (?1, ?2, ?3, ?4)",
    error);
  if (stmt == NULL)
    return 0;
  adept_store_bind_text (stmt, 1, server_id);
  adept_store_bind_text (stmt, 2, adept_sync_kind_to_string (kind));
  adept_store_bind_text (stmt, 3, reason);
  sqlite3_bind_int64 (stmt, 4, adept_store_now ());
  if (!adept_store_step_done (self, stmt, error))
    return 0;
  return sqlite3_last_insert_rowid (self->db);
}

gboolean
adept_store_journal_close_interrupted (AdeptStore  *self,
                                       const char  *server_id,
                                       GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (ADEPT_IS_STORE (self), FALSE);

  stmt = adept_store_prepare (self,
    "UPDATE sync_journal SET ended = ?2, error_code = 'interrupted', error_message = ?3"
    " WHERE server_id = ?1 AND ended = 0",
    error);
  if (stmt == NULL)
    return FALSE;
  adept_store_bind_text (stmt, 1, server_id);
  sqlite3_bind_int64 (stmt, 2, adept_store_now ());
  adept_store_bind_text (stmt, 3, _("The program stopped during this sync; the next sync went on from the last page it had saved."));
  return adept_store_step_done (self, stmt, error);
}

gboolean
adept_store_journal_set_full (AdeptStore  *self,
                              gint64       run_id,
                              const char  *reason,
                              GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (ADEPT_IS_STORE (self), FALSE);

  stmt = adept_store_prepare (self,
    "UPDATE sync_journal SET kind = 'full', reason = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, run_id);
  adept_store_bind_text (stmt, 2, reason);
  return adept_store_step_done (self, stmt, error);
}

gboolean
adept_store_journal_add_assigned (AdeptStore  *self,
                                  gint64       run_id,
                                  guint        n,
                                  GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (ADEPT_IS_STORE (self), FALSE);

  stmt = adept_store_prepare (self,
    "UPDATE sync_journal SET assigned = assigned + ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, run_id);
  sqlite3_bind_int (stmt, 2, n);
  return adept_store_step_done (self, stmt, error);
}

gboolean
adept_store_journal_end (AdeptStore    *self,
                         gint64         run_id,
                         const GError  *run_error,
                         GError       **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (ADEPT_IS_STORE (self), FALSE);

  stmt = adept_store_prepare (self,
    "UPDATE sync_journal SET ended = ?2, error_code = ?3, error_message = ?4 WHERE id = ?1",
    error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, run_id);
  sqlite3_bind_int64 (stmt, 2, adept_store_now ());
  if (run_error != NULL)
    {
      const char *code;

      if (run_error->domain == ADEPT_ERROR)
        code = adept_error_code_name (run_error->code);
      else if (g_error_matches (run_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        code = "cancelled";
      else
        code = "failed";
      adept_store_bind_text (stmt, 3, code);
      adept_store_bind_text (stmt, 4, run_error->message);
    }
  return adept_store_step_done (self, stmt, error);
}

static gpointer
journal_entry_from_row (sqlite3_stmt *stmt)
{
  AdeptJournalEntry *entry = g_new0 (AdeptJournalEntry, 1);

  entry->id = sqlite3_column_int64 (stmt, 0);
  entry->server_id = adept_store_column_dup (stmt, 1);
  entry->kind = sync_kind_from_string (adept_store_column_text (stmt, 2));
  entry->reason = adept_store_column_dup (stmt, 3);
  entry->started = sqlite3_column_int64 (stmt, 4);
  entry->ended = sqlite3_column_int64 (stmt, 5);
  entry->pages = sqlite3_column_int (stmt, 6);
  entry->added = sqlite3_column_int (stmt, 7);
  entry->modified = sqlite3_column_int (stmt, 8);
  entry->deleted = sqlite3_column_int (stmt, 9);
  entry->assigned = sqlite3_column_int (stmt, 10);
  entry->error_code = adept_store_column_dup (stmt, 11);
  entry->error_message = adept_store_column_dup (stmt, 12);
  return entry;
}

#define JOURNAL_COLUMNS \
  "id, server_id, kind, reason, started, ended, pages, added, modified, deleted, assigned," \
  " error_code, error_message"

GPtrArray *
adept_store_list_journal (AdeptStore  *self,
                          const char  *server_id,
                          guint        limit,
                          GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (ADEPT_IS_STORE (self), NULL);

  stmt = adept_store_prepare (self,
    "SELECT " JOURNAL_COLUMNS " FROM sync_journal WHERE server_id = ?1 ORDER BY id DESC LIMIT ?2",
    error);
  if (stmt == NULL)
    return NULL;
  adept_store_bind_text (stmt, 1, server_id);
  sqlite3_bind_int64 (stmt, 2, limit == 0 ? G_MAXINT64 : limit);
  return adept_store_collect (self, stmt, journal_entry_from_row,
                              (GDestroyNotify) adept_journal_entry_free, error);
}

static AdeptJournalEntry *
one_journal_entry (AdeptStore    *self,
                   sqlite3_stmt  *stmt,
                   GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    return journal_entry_from_row (stmt);
  if (rc != SQLITE_DONE)
    adept_store_set_error (self, rc, error);
  return NULL;
}

AdeptJournalEntry *
adept_store_get_journal_entry (AdeptStore  *self,
                               gint64       run_id,
                               GError     **error)
{
  g_autoptr(AdeptStmt) stmt = NULL;

  g_return_val_if_fail (ADEPT_IS_STORE (self), NULL);

  stmt = adept_store_prepare (self,
    "SELECT " JOURNAL_COLUMNS " FROM sync_journal WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, run_id);
  return one_journal_entry (self, stmt, error);
}

AdeptJournalEntry *
adept_store_get_last_sync (AdeptStore  *self,
                           const char  *server_id,
                           GError     **error)
{
  g_autoptr(AdeptStmt) stmt = NULL;

  g_return_val_if_fail (ADEPT_IS_STORE (self), NULL);

  stmt = adept_store_prepare (self,
    "SELECT " JOURNAL_COLUMNS " FROM sync_journal WHERE server_id = ?1 AND kind != 'retry'"
    " ORDER BY id DESC LIMIT 1",
    error);
  if (stmt == NULL)
    return NULL;
  adept_store_bind_text (stmt, 1, server_id);
  return one_journal_entry (self, stmt, error);
}

AdeptJournalEntry *
adept_journal_entry_copy (const AdeptJournalEntry *entry)
{
  AdeptJournalEntry *copy = g_memdup2 (entry, sizeof *entry);

  copy->server_id = g_strdup (entry->server_id);
  copy->reason = g_strdup (entry->reason);
  copy->error_code = g_strdup (entry->error_code);
  copy->error_message = g_strdup (entry->error_message);
  return copy;
}

void
adept_journal_entry_free (AdeptJournalEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->server_id);
  g_free (entry->reason);
  g_free (entry->error_code);
  g_free (entry->error_message);
  g_free (entry);
}

G_DEFINE_BOXED_TYPE (AdeptJournalEntry, adept_journal_entry,
                     adept_journal_entry_copy, adept_journal_entry_free)

/* The sync lock */

struct _AdeptStoreLock
{
  int fd;
};

AdeptStoreLock *
adept_store_lock_server (AdeptStore  *self,
                         const char  *server_id,
                         GError     **error)
{
  g_autofree char *leaf = g_strdup_printf ("sync-%s.lock", server_id);
  g_autofree char *path = g_build_filename (self->dir, leaf, NULL);
  AdeptStoreLock *lock;
  int fd;

  g_return_val_if_fail (ADEPT_IS_STORE (self), NULL);

  fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_STORE_READ_ONLY,
                   _("The lock file “%s” could not be opened: %s. Check the permissions of Adept’s data folder."),
                   path, g_strerror (saved));
      return NULL;
    }

  /* flock locks belong to the open file, so a second engine in this same process is
   * refused too, and the kernel drops the lock when a killed process's files close. */
  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      int saved = errno;

      close (fd);
      if (saved == EWOULDBLOCK || saved == EINTR)
        adept_set_error (error, ADEPT_ERROR_SYNC_BUSY);
      else
        g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_FAILED,
                     _("The lock file “%s” could not be locked: %s."), path, g_strerror (saved));
      return NULL;
    }

  lock = g_new0 (AdeptStoreLock, 1);
  lock->fd = fd;
  return lock;
}

void
adept_store_lock_release (AdeptStoreLock *lock)
{
  if (lock == NULL)
    return;
  flock (lock->fd, LOCK_UN);
  close (lock->fd);
  g_free (lock);
}
