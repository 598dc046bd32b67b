/* adept-store.c — opening the database, its schema and migrations, servers, audit log
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
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "adept-context.h"
#include "adept-error.h"
#include "adept-store-private.h"
#include "adept-util.h"

#define BUSY_TIMEOUT_MS 5000

G_DEFINE_FINAL_TYPE (AdeptStore, adept_store, G_TYPE_OBJECT)

/* Version 1: devices, history, profiles, cursors, journal. */
static const char schema_v1[] =
  "CREATE TABLE servers ("
  "  id TEXT PRIMARY KEY NOT NULL,"
  "  kind TEXT NOT NULL DEFAULT 'local',"
  "  created INTEGER NOT NULL,"
  "  default_profile TEXT);"
  "CREATE TABLE devices ("
  "  id INTEGER PRIMARY KEY,"   /* a rowid table: serials are random, rows are appended */
  "  server_id TEXT NOT NULL REFERENCES servers (id) ON DELETE CASCADE,"
  "  serial TEXT NOT NULL,"
  "  model TEXT, description TEXT, color TEXT, asset_tag TEXT, os TEXT, device_family TEXT,"
  "  profile_status TEXT NOT NULL DEFAULT 'empty',"
  "  profile_uuid TEXT,"
  "  profile_assign_time INTEGER NOT NULL DEFAULT 0,"
  "  profile_push_time INTEGER NOT NULL DEFAULT 0,"
  "  device_assigned_date INTEGER NOT NULL DEFAULT 0,"
  "  device_assigned_by TEXT,"
  "  op_type TEXT,"
  "  op_date INTEGER NOT NULL DEFAULT 0,"
  "  deleted INTEGER NOT NULL DEFAULT 0,"
  "  deleted_at INTEGER NOT NULL DEFAULT 0,"
  "  seen_gen INTEGER NOT NULL DEFAULT 0);"
  "CREATE UNIQUE INDEX devices_by_serial ON devices (server_id, serial);"
  "CREATE TABLE device_history ("
  "  id INTEGER PRIMARY KEY,"
  "  server_id TEXT NOT NULL REFERENCES servers (id) ON DELETE CASCADE,"
  "  serial TEXT NOT NULL,"
  "  op_type TEXT NOT NULL,"
  "  op_date INTEGER NOT NULL,"
  "  recorded INTEGER NOT NULL,"
  "  profile_status TEXT,"
  "  profile_uuid TEXT);"
  "CREATE INDEX device_history_by_serial ON device_history (server_id, serial, id);"
  "CREATE TABLE profiles ("
  "  server_id TEXT NOT NULL REFERENCES servers (id) ON DELETE CASCADE,"
  "  uuid TEXT NOT NULL,"
  "  name TEXT NOT NULL,"
  "  json TEXT NOT NULL,"
  "  created INTEGER NOT NULL,"
  "  replaces TEXT,"
  "  PRIMARY KEY (server_id, uuid));"
  "CREATE TABLE cursors ("
  "  server_id TEXT PRIMARY KEY NOT NULL REFERENCES servers (id) ON DELETE CASCADE,"
  "  cursor TEXT,"
  "  phase TEXT NOT NULL DEFAULT 'fetch',"
  "  fetched_until INTEGER NOT NULL DEFAULT 0,"
  "  fetch_gen INTEGER NOT NULL DEFAULT 0,"
  "  updated INTEGER NOT NULL DEFAULT 0);"
  "CREATE TABLE sync_journal ("
  "  id INTEGER PRIMARY KEY,"
  "  server_id TEXT NOT NULL REFERENCES servers (id) ON DELETE CASCADE,"
  "  kind TEXT NOT NULL,"
  "  reason TEXT,"
  "  started INTEGER NOT NULL,"
  "  ended INTEGER NOT NULL DEFAULT 0,"
  "  pages INTEGER NOT NULL DEFAULT 0,"
  "  added INTEGER NOT NULL DEFAULT 0,"
  "  modified INTEGER NOT NULL DEFAULT 0,"
  "  deleted INTEGER NOT NULL DEFAULT 0,"
  "  error_code TEXT,"
  "  error_message TEXT);"
  "CREATE INDEX sync_journal_by_server ON sync_journal (server_id, id);";

/* Version 2: change sequence for the device list, assign attempts, audit log. */
static const char migrate_v2[] =
  "ALTER TABLE servers ADD COLUMN change_seq INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE devices ADD COLUMN change_seq INTEGER NOT NULL DEFAULT 0;"
  "CREATE INDEX devices_by_change ON devices (server_id, change_seq);"
  "ALTER TABLE sync_journal ADD COLUMN assigned INTEGER NOT NULL DEFAULT 0;"
  "CREATE TABLE assign_attempts ("
  "  id INTEGER PRIMARY KEY,"
  "  server_id TEXT NOT NULL REFERENCES servers (id) ON DELETE CASCADE,"
  "  serial TEXT NOT NULL,"
  "  profile_uuid TEXT NOT NULL,"
  "  origin TEXT NOT NULL,"
  "  result TEXT NOT NULL,"
  "  detail TEXT,"
  "  time INTEGER NOT NULL,"
  "  retry_after INTEGER NOT NULL DEFAULT 0,"
  "  next_attempt INTEGER NOT NULL DEFAULT 0);"
  "CREATE INDEX assign_attempts_by_serial ON assign_attempts (server_id, serial, id);"
  "CREATE INDEX assign_attempts_due ON assign_attempts (server_id, next_attempt)"
  "  WHERE next_attempt > 0;"
  "CREATE TABLE audit_log ("
  "  id INTEGER PRIMARY KEY,"
  "  time INTEGER NOT NULL,"
  "  server_id TEXT,"
  "  user TEXT NOT NULL,"
  "  action TEXT NOT NULL,"
  "  details TEXT);";

/* Version 3: what Apple's protocol 8 and 10 tell of a device (identifiers, replacement,
 * migration deadline), replacement details, Activation Lock answers. Text that a device
 * may lack stays NULL; lists (IMEI, MEID) are comma-separated, "" for an empty list. */
static const char migrate_v3[] =
  "ALTER TABLE devices ADD COLUMN wifi_mac TEXT;"
  "ALTER TABLE devices ADD COLUMN bluetooth_mac TEXT;"
  "ALTER TABLE devices ADD COLUMN ethernet_mac TEXT;"
  "ALTER TABLE devices ADD COLUMN imei TEXT;"
  "ALTER TABLE devices ADD COLUMN meid TEXT;"
  "ALTER TABLE devices ADD COLUMN eid TEXT;"
  "ALTER TABLE devices ADD COLUMN is_replacement INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE devices ADD COLUMN released_by_replacement INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE devices ADD COLUMN migration_deadline INTEGER NOT NULL DEFAULT 0;"
  "CREATE TABLE device_replacements ("
  "  server_id TEXT NOT NULL REFERENCES servers (id) ON DELETE CASCADE,"
  "  serial TEXT NOT NULL,"
  "  original_serial TEXT NOT NULL,"
  "  replacement_date TEXT,"
  "  fetched INTEGER NOT NULL,"
  "  PRIMARY KEY (server_id, serial));"
  "CREATE INDEX device_replacements_by_original ON device_replacements (server_id, original_serial);"
  "CREATE TABLE activation_locks ("
  "  id INTEGER PRIMARY KEY,"
  "  server_id TEXT NOT NULL REFERENCES servers (id) ON DELETE CASCADE,"
  "  serial TEXT NOT NULL,"
  "  status TEXT NOT NULL,"
  "  detail TEXT,"
  "  escrowed INTEGER NOT NULL DEFAULT 0,"
  "  time INTEGER NOT NULL);"
  "CREATE INDEX activation_locks_by_serial ON activation_locks (server_id, serial, id);";

/* Version 4: the organisation as the Apple Business API shows it (abm-api.md): its
 * connection, MDM servers, devices (joined with devices by serial) and activities. */
static const char migrate_v4[] =
  "CREATE TABLE orgs ("
  "  id TEXT PRIMARY KEY NOT NULL,"      /* the DEP org_id */
  "  client_id TEXT, key_id TEXT,"       /* not secret; the key is in the keyring */
  "  token_url TEXT, api_url TEXT,"
  "  connected INTEGER NOT NULL DEFAULT 0,"
  "  listed INTEGER NOT NULL DEFAULT 0,"
  "  list_gen INTEGER NOT NULL DEFAULT 0,"
  "  change_seq INTEGER NOT NULL DEFAULT 0);"
  "CREATE TABLE org_servers ("
  "  org_id TEXT NOT NULL,"
  "  id TEXT NOT NULL,"
  "  name TEXT, type TEXT,"
  "  created INTEGER NOT NULL DEFAULT 0,"
  "  updated INTEGER NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (org_id, id));"
  "CREATE TABLE org_devices ("
  "  id INTEGER PRIMARY KEY,"
  "  org_id TEXT NOT NULL,"
  "  serial TEXT NOT NULL,"
  "  model TEXT, product_family TEXT, product_type TEXT, capacity TEXT, color TEXT,"
  "  part_number TEXT, order_number TEXT,"
  "  order_date INTEGER NOT NULL DEFAULT 0,"
  "  purchase_source_type TEXT, purchase_source_id TEXT,"
  "  added INTEGER NOT NULL DEFAULT 0,"
  "  updated INTEGER NOT NULL DEFAULT 0,"
  "  assigned INTEGER NOT NULL DEFAULT 0,"
  "  server_id TEXT,"
  "  migration_capable INTEGER NOT NULL DEFAULT 0,"
  "  migration_status TEXT,"
  "  migration_deadline INTEGER NOT NULL DEFAULT 0,"
  "  seen_gen INTEGER NOT NULL DEFAULT 0,"
  "  server_gen INTEGER NOT NULL DEFAULT 0,"
  "  deleted INTEGER NOT NULL DEFAULT 0,"
  "  change_seq INTEGER NOT NULL DEFAULT 0);"
  "CREATE UNIQUE INDEX org_devices_by_serial ON org_devices (org_id, serial);"
  "CREATE INDEX org_devices_by_change ON org_devices (org_id, change_seq);"
  "CREATE TABLE org_activities ("
  "  org_id TEXT NOT NULL,"
  "  id TEXT NOT NULL,"
  "  type TEXT NOT NULL,"
  "  server_id TEXT,"
  "  deadline INTEGER NOT NULL DEFAULT 0,"
  "  status TEXT NOT NULL,"
  "  sub_status TEXT,"
  "  created INTEGER NOT NULL DEFAULT 0,"
  "  completed INTEGER NOT NULL DEFAULT 0,"
  "  n_devices INTEGER NOT NULL DEFAULT 0,"
  "  user TEXT,"
  "  PRIMARY KEY (org_id, id));"
  "CREATE TABLE org_activity_devices ("
  "  org_id TEXT NOT NULL,"
  "  activity_id TEXT NOT NULL,"
  "  serial TEXT NOT NULL,"
  "  ok INTEGER NOT NULL,"
  "  code TEXT, detail TEXT,"
  "  PRIMARY KEY (org_id, activity_id, serial));";

/* Version 5: where each profile came from ("defined" here, or "adopted" from Apple by its
 * UUID). Rows before it were all defined here. */
static const char migrate_v5[] =
  "ALTER TABLE profiles ADD COLUMN origin TEXT NOT NULL DEFAULT 'defined';";

/* Version 6: the default profile a committed page owes its devices (issue 16), written
 * in the page's transaction and cleared by the assign attempt that answers it, so a
 * process stopped between the two leaves the debt to the next run. */
static const char migrate_v6[] =
  "CREATE TABLE pending_assign ("
  "  id INTEGER PRIMARY KEY,"
  "  server_id TEXT NOT NULL REFERENCES servers (id) ON DELETE CASCADE,"
  "  serial TEXT NOT NULL,"
  "  since INTEGER NOT NULL);"
  "CREATE UNIQUE INDEX pending_assign_by_serial ON pending_assign (server_id, serial);";

/* Version 7: the computer each audit entry was written on (NULL before), and the desktop
 * notifications given per server, so the console and adeptctl never give one twice. */
static const char migrate_v7[] =
  "ALTER TABLE audit_log ADD COLUMN host TEXT;"
  "CREATE TABLE notifications ("
  "  server_id TEXT NOT NULL,"
  "  event TEXT NOT NULL,"
  "  sent INTEGER NOT NULL,"
  "  PRIMARY KEY (server_id, event));";

/* Version 8: the devices table names its server by a small number (servers.num) instead
 * of the server's text id: on every row and in both its indexes, whose keys every insert
 * compares a few dozen times (callgrind, a first fetch of 100,000 devices: 950
 * instructions a device less with a 5-letter id, more with longer ones). The table is
 * rebuilt with the same rows, ids and columns; statements find the number by the text
 * id with ADEPT_STORE_SERVER_NUM(), or bind it (the sync's page statements). The serial
 * index leads with the serial, which tells two keys apart at the first field (another
 * 800 a device less); a server's devices in serial order scan it whole (other servers'
 * entries skipped), so the statements that want that order name it (INDEXED BY). A server
 * added later gets the next number from servers_num (never one that rows still use: a
 * server's devices go with it). Devices of a server not in servers, which no statement
 * could read, are not carried over. */
static const char migrate_v8[] =
  "ALTER TABLE servers ADD COLUMN num INTEGER;"
  "UPDATE servers SET num = rowid;"
  "CREATE UNIQUE INDEX servers_by_num ON servers (num);"
  "CREATE TRIGGER servers_num AFTER INSERT ON servers WHEN new.num IS NULL BEGIN"
  "  UPDATE servers SET num = (SELECT coalesce (max (num), 0) + 1 FROM servers)"
  "  WHERE rowid = new.rowid;"
  " END;"
  "CREATE TABLE devices_v8 ("
  "  id INTEGER PRIMARY KEY,"   /* a rowid table: serials are random, rows are appended */
  "  server INTEGER NOT NULL,"  /* servers.num */
  "  serial TEXT NOT NULL,"
  "  model TEXT, description TEXT, color TEXT, asset_tag TEXT, os TEXT, device_family TEXT,"
  "  profile_status TEXT NOT NULL DEFAULT 'empty',"
  "  profile_uuid TEXT,"
  "  profile_assign_time INTEGER NOT NULL DEFAULT 0,"
  "  profile_push_time INTEGER NOT NULL DEFAULT 0,"
  "  device_assigned_date INTEGER NOT NULL DEFAULT 0,"
  "  device_assigned_by TEXT,"
  "  op_type TEXT,"
  "  op_date INTEGER NOT NULL DEFAULT 0,"
  "  deleted INTEGER NOT NULL DEFAULT 0,"
  "  deleted_at INTEGER NOT NULL DEFAULT 0,"
  "  seen_gen INTEGER NOT NULL DEFAULT 0,"
  "  change_seq INTEGER NOT NULL DEFAULT 0,"
  "  wifi_mac TEXT, bluetooth_mac TEXT, ethernet_mac TEXT, imei TEXT, meid TEXT, eid TEXT,"
  "  is_replacement INTEGER NOT NULL DEFAULT 0,"
  "  released_by_replacement INTEGER NOT NULL DEFAULT 0,"
  "  migration_deadline INTEGER NOT NULL DEFAULT 0);"
  "INSERT INTO devices_v8 SELECT d.id, s.num, d.serial, d.model, d.description, d.color,"
  " d.asset_tag, d.os, d.device_family, d.profile_status, d.profile_uuid,"
  " d.profile_assign_time, d.profile_push_time, d.device_assigned_date, d.device_assigned_by,"
  " d.op_type, d.op_date, d.deleted, d.deleted_at, d.seen_gen, d.change_seq, d.wifi_mac,"
  " d.bluetooth_mac, d.ethernet_mac, d.imei, d.meid, d.eid, d.is_replacement,"
  " d.released_by_replacement, d.migration_deadline"
  " FROM devices d JOIN servers s ON s.id = d.server_id ORDER BY d.id;"
  "DROP TABLE devices;"
  "ALTER TABLE devices_v8 RENAME TO devices;"
  "CREATE UNIQUE INDEX devices_by_serial ON devices (serial, server);"   /* see above */
  "CREATE INDEX devices_by_change ON devices (server, change_seq);";

/* migrations[i] brings a store from version i to i + 1. */
static const char * const migrations[] = {
  schema_v1, migrate_v2, migrate_v3, migrate_v4, migrate_v5, migrate_v6, migrate_v7,
  migrate_v8,
};
G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == ADEPT_STORE_SCHEMA_VERSION);

gint64
adept_store_now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static void
set_store_error (AdeptStore     *self,
                 AdeptErrorCode  code,
                 GError        **error)
{
  const char *path = self->path;

  switch (code)
    {
    case ADEPT_ERROR_STORE_LOCKED:
      g_set_error (error, ADEPT_ERROR, code,
                   _("The local database “%s” is in use by another Adept program. Wait for it to finish, then try again."),
                   path);
      break;
    case ADEPT_ERROR_STORE_READ_ONLY:
      g_set_error (error, ADEPT_ERROR, code,
                   _("The local database “%s” cannot be written. Check that you may write to it and to its folder."),
                   path);
      break;
    case ADEPT_ERROR_STORE_FULL:
      g_set_error (error, ADEPT_ERROR, code,
                   _("The disk holding “%s” is full, so the local database cannot be written. Free some space, then try again."),
                   path);
      break;
    case ADEPT_ERROR_STORE_CORRUPT:
      g_set_error (error, ADEPT_ERROR, code,
                   _("The local database “%s” is damaged. Adept left it untouched: quit every Adept program, move the file aside (keep it, it holds the audit log), then sync again to fetch the devices anew."),
                   path);
      break;
    default:
      g_set_error (error, ADEPT_ERROR, code,
                   _("The local database “%s” could not be used. Try again; if it keeps happening, run with G_MESSAGES_DEBUG=all and report the log."),
                   path);
      break;
    }
}

void
adept_store_set_error (AdeptStore  *self,
                       int          rc,
                       GError     **error)
{
  AdeptErrorCode code;

  g_debug ("SQLite error %d (%s) on %s", rc,
           self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc), self->path);

  switch (rc & 0xff)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      code = ADEPT_ERROR_STORE_LOCKED;
      break;
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
    case SQLITE_AUTH:
      code = ADEPT_ERROR_STORE_READ_ONLY;
      break;
    case SQLITE_FULL:
      code = ADEPT_ERROR_STORE_FULL;
      break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      code = ADEPT_ERROR_STORE_CORRUPT;
      break;
    default:
      code = ADEPT_ERROR_FAILED;
      break;
    }
  set_store_error (self, code, error);
}

void
adept_store_bind_text (sqlite3_stmt *stmt,
                       int           index,
                       const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC);
}

const char *
adept_store_column_text (sqlite3_stmt *stmt,
                         int           column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

char *
adept_store_column_dup (sqlite3_stmt *stmt,
                        int           column)
{
  return g_strdup (adept_store_column_text (stmt, column));
}

sqlite3_stmt *
adept_store_prepare (AdeptStore  *self,
                     const char  *sql,
                     GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);
  int rc;

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      adept_store_set_error (self, rc, error);
      return NULL;
    }
  g_hash_table_insert (self->statements, (gpointer) sql, stmt);
  return stmt;
}

GPtrArray *
adept_store_collect (AdeptStore         *self,
                     sqlite3_stmt       *stmt,
                     AdeptStoreRowFunc   from_row,
                     GDestroyNotify      free_func,
                     GError            **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (free_func);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      adept_store_set_error (self, rc, error);
      return NULL;
    }
  return g_steal_pointer (&rows);
}

gboolean
adept_store_step_done (AdeptStore    *self,
                       sqlite3_stmt  *stmt,
                       GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      adept_store_set_error (self, rc, error);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

gboolean
adept_store_exec (AdeptStore  *self,
                  const char  *sql,
                  GError     **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      adept_store_set_error (self, rc, error);
      return FALSE;
    }
  return TRUE;
}

gboolean
adept_store_begin (AdeptStore  *self,
                   GError     **error)
{
  sqlite3_stmt *stmt = adept_store_prepare (self, "BEGIN IMMEDIATE", error);

  return stmt != NULL && adept_store_step_done (self, stmt, error);
}

gboolean
adept_store_commit (AdeptStore  *self,
                    GError     **error)
{
  sqlite3_stmt *stmt = adept_store_prepare (self, "COMMIT", error);

  if (stmt != NULL && adept_store_step_done (self, stmt, error))
    return TRUE;
  adept_store_rollback (self);
  return FALSE;
}

void
adept_store_rollback (AdeptStore *self)
{
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

sqlite3 *
adept_store_get_db (AdeptStore *self)
{
  return self->db;
}

void
adept_store_keep_page_cache (AdeptStore *self)
{
  g_return_if_fail (ADEPT_IS_STORE (self));

  if (self->checkpointer != NULL)
    adept_checkpointer_leave_restart (self->checkpointer);
}

void
adept_store_set_busy_timeout (AdeptStore *self,
                              int         milliseconds)
{
  sqlite3_busy_timeout (self->db, milliseconds);
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static char *
dup_marker_path (AdeptStore *self)
{
  return g_strconcat (self->path, "-open", NULL);
}

/* The descriptor behind the shared flock, one per database file and process.
 *
 * POSIX locks belong to the process and the file: closing ANY descriptor of adept.db drops
 * every lock SQLite holds on it for every connection of this process, and another process
 * may then think itself alone (check out of WAL, delete the -wal and -shm files under the
 * connections still using them). So this file never opens and closes adept.db beside
 * SQLite: every AdeptStore of a file shares one descriptor, opened with the first and
 * closed with the last, after their SQLite connections. */
typedef struct {
  char  *key;       /* "dev:ino" */
  int    fd;
  guint  users;
} LockFile;

static GMutex lock_files_mutex;
static GHashTable *lock_files;   /* key → LockFile */

static char *
file_key (const char *path)
{
  struct stat st;

  if (g_stat (path, &st) != 0)
    return NULL;
  return g_strdup_printf ("%" G_GUINT64_FORMAT ":%" G_GUINT64_FORMAT,
                          (guint64) st.st_dev, (guint64) st.st_ino);
}

/* The last one out removes the marker: the next opener knows the store was closed
 * cleanly. A process that dies keeps its flock no longer, but leaves the marker; so does
 * an open that failed (a damaged file stays suspect). A connection SQLite could not close
 * still holds locks: its descriptor stays open rather than drop them. */
static void
close_lock (AdeptStore *self,
            gboolean    sqlite_closed,
            gboolean    closed_cleanly)
{
  LockFile *file;

  if (self->lock_key == NULL)
    return;

  g_mutex_lock (&lock_files_mutex);
  file = g_hash_table_lookup (lock_files, self->lock_key);
  if (file != NULL && --file->users == 0)
    {
      if (closed_cleanly && flock (file->fd, LOCK_EX | LOCK_NB) == 0)
        {
          g_autofree char *marker = dup_marker_path (self);

          g_unlink (marker);
        }
      if (sqlite_closed)
        close (file->fd);
      g_hash_table_remove (lock_files, self->lock_key);
    }
  g_mutex_unlock (&lock_files_mutex);
  g_clear_pointer (&self->lock_key, g_free);
}

static void
lock_file_free (LockFile *file)
{
  g_free (file->key);
  g_free (file);
}

static void
adept_store_finalize (GObject *object)
{
  AdeptStore *self = ADEPT_STORE (object);
  gboolean sqlite_closed = TRUE;

  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->checkpointer, adept_checkpointer_free);
  if (self->db != NULL)
    sqlite_closed = sqlite3_close (self->db) == SQLITE_OK;
  close_lock (self, sqlite_closed, self->opened && sqlite_closed);
  g_free (self->dir);
  g_free (self->path);

  G_OBJECT_CLASS (adept_store_parent_class)->finalize (object);
}

static void
adept_store_class_init (AdeptStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = adept_store_finalize;
}

static void
adept_store_init (AdeptStore *self)
{
  self->statements = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                            finalize_statement);
}

/* Only takes rights away: a folder made read-only on purpose stays read-only. */
static gboolean
make_dir_private (AdeptStore  *self,
                  GError     **error)
{
  struct stat st;

  if (g_mkdir_with_parents (self->dir, 0700) != 0 || g_stat (self->dir, &st) != 0)
    {
      int saved = errno;
      g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_FILE,
                   _("The folder “%s” could not be created: %s."), self->dir, g_strerror (saved));
      return FALSE;
    }
  if ((st.st_mode & 077) != 0)
    g_chmod (self->dir, st.st_mode & 0700);
  return TRUE;
}

static AdeptErrorCode
code_for_errno (int err)
{
  switch (err)
    {
    case EACCES:
    case EPERM:
    case EROFS:
      return ADEPT_ERROR_STORE_READ_ONLY;
    case ENOSPC:
    case EDQUOT:
      return ADEPT_ERROR_STORE_FULL;
    default:
      return ADEPT_ERROR_FAILED;
    }
}

static gboolean
set_errno_error (AdeptStore  *self,
                 int          saved,
                 GError     **error)
{
  g_debug ("%s: %s", self->path, g_strerror (saved));
  set_store_error (self, code_for_errno (saved), error);
  return FALSE;
}

/* A new database is made under a temporary name, given its header (WAL mode), and only
 * then linked in as adept.db: so an adept.db that exists always had a header, and one
 * without is damaged, never "new". link() does not replace a file another process made
 * meanwhile. SQLite gives the -wal and -shm files the mode of the database file, so the
 * file is 0600 from its first byte. */
static gboolean
create_database (AdeptStore  *self,
                 GError     **error)
{
  g_autofree char *tmp = g_strconcat (self->path, ".new-XXXXXX", NULL);
  sqlite3 *db = NULL;
  int fd, rc;

  fd = g_mkstemp_full (tmp, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    return set_errno_error (self, errno, error);
  close (fd);
  rc = sqlite3_open_v2 (tmp, &db, SQLITE_OPEN_READWRITE, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (db, "PRAGMA journal_mode=WAL", NULL, NULL, NULL);
  if (db != NULL && sqlite3_close (db) != SQLITE_OK && rc == SQLITE_OK)
    rc = SQLITE_ERROR;
  if (rc != SQLITE_OK)
    {
      g_unlink (tmp);
      adept_store_set_error (self, rc, error);
      return FALSE;
    }
  if (link (tmp, self->path) != 0 && errno != EEXIST)
    {
      int saved = errno;

      g_unlink (tmp);
      return set_errno_error (self, saved, error);
    }
  g_unlink (tmp);
  return TRUE;
}

static gboolean
set_corrupt (AdeptStore  *self,
             const char  *why,
             GError     **error)
{
  g_debug ("%s: %s", self->path, why);
  set_store_error (self, ADEPT_ERROR_STORE_CORRUPT, error);
  return FALSE;
}

/* What the 100-byte header says, read through the connection's own file (a descriptor
 * of our own would drop SQLite's locks when closed, see LockFile): a file that is empty
 * or not a database is refused; one whose size disagrees with the header gets a
 * quick_check. */
static gboolean
check_header (AdeptStore  *self,
              gboolean    *suspicious,
              GError     **error)
{
  static const char magic[16] = "SQLite format 3";
  guint8 header[100];
  sqlite3_file *file = NULL;
  sqlite3_int64 size = 0;
  guint page_size;
  guint32 n_pages, change, valid_for;
  int rc;

  rc = sqlite3_file_control (self->db, "main", SQLITE_FCNTL_FILE_POINTER, &file);
  if (rc == SQLITE_OK && (file == NULL || file->pMethods == NULL))
    rc = SQLITE_CANTOPEN;
  if (rc == SQLITE_OK)
    rc = file->pMethods->xFileSize (file, &size);
  if (rc != SQLITE_OK)
    {
      adept_store_set_error (self, rc, error);
      return FALSE;
    }

  if (size == 0)
    {
      g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_STORE_CORRUPT,
                   _("The local database “%s” is empty: its content was lost. Adept left it untouched: quit every Adept program, move the file aside (it may be needed to find out what happened), then sync again to fetch the devices anew."),
                   self->path);
      return FALSE;
    }
  /* A short read fills the rest with zeros and says so. */
  rc = file->pMethods->xRead (file, header, sizeof header, 0);
  if (rc != SQLITE_OK || memcmp (header, magic, sizeof magic) != 0)
    return set_corrupt (self, "no SQLite header", error);

  page_size = (header[16] << 8) | header[17];
  if (page_size == 1)
    page_size = 65536;
  if (page_size < 512 || (page_size & (page_size - 1)) != 0)
    return set_corrupt (self, "page size in the header is impossible", error);
  n_pages = ((guint32) header[28] << 24) | (header[29] << 16) | (header[30] << 8) | header[31];
  change = ((guint32) header[24] << 24) | (header[25] << 16) | (header[26] << 8) | header[27];
  valid_for = ((guint32) header[92] << 24) | (header[93] << 16) | (header[94] << 8) | header[95];

  /* The page count is trustworthy when written by the last change; a file shorter than
   * it lost pages (the WAL only ever adds to what the file holds). */
  *suspicious = size % page_size != 0 ||
                (n_pages > 0 && change == valid_for && (guint64) size < (guint64) n_pages * page_size);
  return TRUE;
}

/* Takes this process's shared flock; the first opener of all (an exclusive flock granted
 * at once) finds the marker a process that died with the store open left, and sets it for
 * this session. A second AdeptStore of the process shares the first's descriptor. */
static void
open_lock (AdeptStore *self,
           gboolean   *unclean)
{
  g_autofree char *marker = dup_marker_path (self);
  g_autofree char *key = file_key (self->path);
  LockFile *file;
  int fd;

  *unclean = FALSE;
  if (key == NULL)
    return;

  g_mutex_lock (&lock_files_mutex);
  if (lock_files == NULL)
    lock_files = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                        (GDestroyNotify) lock_file_free);
  file = g_hash_table_lookup (lock_files, key);
  if (file != NULL)
    {
      file->users++;
      self->lock_key = g_steal_pointer (&key);
      g_mutex_unlock (&lock_files_mutex);
      return;
    }

  fd = g_open (self->path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      g_mutex_unlock (&lock_files_mutex);
      return;
    }
  if (flock (fd, LOCK_EX | LOCK_NB) == 0)
    {
      int marker_fd;

      *unclean = g_file_test (marker, G_FILE_TEST_EXISTS);
      /* A read-only folder keeps no marker: the store still opens. */
      marker_fd = g_open (marker, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
      if (marker_fd >= 0)
        close (marker_fd);
    }
  /* Shared from here (waiting while another opener holds it exclusively). */
  flock (fd, LOCK_SH);

  file = g_new0 (LockFile, 1);
  file->key = g_strdup (key);
  file->fd = fd;
  file->users = 1;
  g_hash_table_insert (lock_files, file->key, file);
  self->lock_key = g_steal_pointer (&key);
  g_mutex_unlock (&lock_files_mutex);
}

gboolean
adept_store_check (AdeptStore  *self,
                   GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  g_autofree char *first = NULL;
  int rc;

  g_return_val_if_fail (ADEPT_IS_STORE (self), FALSE);

  rc = sqlite3_prepare_v2 (self->db, "PRAGMA quick_check", -1, &stmt, NULL);
  if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    first = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW)
    {
      /* The check itself could not read the file: damaged, or busy, or…: say which. */
      adept_store_set_error (self, rc, error);
      return FALSE;
    }
  if (g_strcmp0 (first, "ok") != 0)
    return set_corrupt (self, first, error);
  return TRUE;
}

/* The tables every schema since version 1 has: a file that lost them is not ours to
 * migrate. */
static gboolean
check_schema (AdeptStore  *self,
              int          version,
              GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int n = 0;
  int rc;

  if (version == 0)
    return TRUE;
  rc = sqlite3_prepare_v2 (self->db,
                           "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN "
                           "('servers', 'devices', 'device_history', 'profiles', 'cursors', 'sync_journal')",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    n = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW)
    {
      adept_store_set_error (self, rc, error);
      return FALSE;
    }
  return n == 6 || set_corrupt (self, "tables are missing", error);
}

static void
make_side_files_private (AdeptStore *self)
{
  static const char * const suffixes[] = { "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *side = g_strconcat (self->path, suffixes[i], NULL);

      if (g_file_test (side, G_FILE_TEST_EXISTS))
        g_chmod (side, 0600);
    }
}

static gboolean
read_user_version (AdeptStore  *self,
                   int         *version,
                   GError     **error)
{
  g_autoptr(AdeptStmt) stmt = adept_store_prepare (self, "PRAGMA user_version", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      adept_store_set_error (self, rc, error);
      return FALSE;
    }
  *version = sqlite3_column_int (stmt, 0);
  return TRUE;
}

static gboolean
check_not_too_new (AdeptStore  *self,
                   int          version,
                   GError     **error)
{
  if (version <= ADEPT_STORE_SCHEMA_VERSION)
    return TRUE;
  g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_STORE_TOO_NEW,
               _("The local database “%s” was written by a newer version of Adept (schema %d, this version knows %d). Update Adept to open it."),
               self->path, version, ADEPT_STORE_SCHEMA_VERSION);
  return FALSE;
}

static gboolean
enable_wal (AdeptStore  *self,
            GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean is_wal;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, "PRAGMA journal_mode=WAL", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      sqlite3_finalize (stmt);
      adept_store_set_error (self, rc, error);
      return FALSE;
    }
  is_wal = g_ascii_strcasecmp ((const char *) sqlite3_column_text (stmt, 0), "wal") == 0;
  sqlite3_finalize (stmt);

  /* SQLite stays in rollback mode when it cannot make the -wal file. */
  if (!is_wal)
    {
      set_store_error (self, ADEPT_ERROR_STORE_READ_ONLY, error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
migrate (AdeptStore  *self,
         GError     **error)
{
  int version = 0;

  if (!adept_store_begin (self, error))
    return FALSE;

  /* Read again under the write lock: another process may have just migrated. */
  if (!read_user_version (self, &version, error) || !check_not_too_new (self, version, error))
    goto fail;

  if (version < ADEPT_STORE_SCHEMA_VERSION)
    {
      g_autofree char *set_version = NULL;

      for (int v = version; v < ADEPT_STORE_SCHEMA_VERSION; v++)
        {
          g_debug ("Migrating %s from schema %d to %d", self->path, v, v + 1);
          if (!adept_store_exec (self, migrations[v], error))
            goto fail;
        }
      set_version = g_strdup_printf ("PRAGMA user_version = %d", ADEPT_STORE_SCHEMA_VERSION);
      if (!adept_store_exec (self, set_version, error))
        goto fail;
    }

  return adept_store_commit (self, error);

fail:
  adept_store_rollback (self);
  return FALSE;
}

/* SQLite opened a file it may not write (a read-only folder or file system): read it as
 * it is. A WAL database needs its -shm file, which a read-only folder may not hold: then
 * it is read as immutable, which is what it is while nobody can write it. */
static gboolean
reopen_read_only (AdeptStore  *self,
                  GError     **error)
{
  const char *modes[] = { "mode=ro", "immutable=1" };
  int rc = SQLITE_OK;

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      g_autofree char *uri = NULL;
      g_autofree char *escaped = g_uri_escape_string (self->path, "/", FALSE);
      int version = 0;

      /* Statements prepared on the connection would keep it open. */
      g_hash_table_remove_all (self->statements);
      sqlite3_close (self->db);
      self->db = NULL;
      uri = g_strdup_printf ("file:%s?%s", escaped, modes[i]);
      rc = sqlite3_open_v2 (uri, &self->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
      if (rc == SQLITE_OK)
        {
          sqlite3_extended_result_codes (self->db, 1);
          sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
          if (read_user_version (self, &version, NULL))
            {
              g_debug ("%s opened read-only (%s)", self->path, modes[i]);
              self->read_only = TRUE;
              return TRUE;
            }
        }
    }
  set_store_error (self, ADEPT_ERROR_STORE_READ_ONLY, error);
  return FALSE;
}

/* A read-only store can be read only if it needs no migration. */
static gboolean
check_current_read_only (AdeptStore  *self,
                         int          version,
                         GError     **error)
{
  if (version == ADEPT_STORE_SCHEMA_VERSION)
    return TRUE;
  set_store_error (self, ADEPT_ERROR_STORE_READ_ONLY, error);
  return FALSE;
}

/* Each run of a statement frees the buffers its registers took (every text column read is
 * copied into one; Debian's SQLite is built without lookaside), so a modified device costs
 * ~30 allocations. SQLite's allocation statistics, which nothing here reads, put a global
 * mutex and a size lookup around each: off, an incremental sync's store is 8% cheaper. */
static void
init_sqlite (void)
{
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      /* Refused (harmlessly) when something in the process started SQLite already. */
      sqlite3_config (SQLITE_CONFIG_MEMSTATUS, 0);
      g_once_init_leave (&once, 1);
    }
}

static gboolean
open_database (AdeptStore  *self,
               GError     **error)
{
  gboolean suspicious = FALSE;
  gboolean unclean = FALSE;
  int version = 0;
  int rc;

  init_sqlite ();
  if (!make_dir_private (self, error))
    return FALSE;
  if (!g_file_test (self->path, G_FILE_TEST_EXISTS) && !create_database (self, error))
    return FALSE;
  open_lock (self, &unclean);

  /* An AdeptStore is used by one thread at a time (the sync engine has its own for the
   * thread that commits pages), so SQLite's per-call mutexes are not needed. */
  rc = sqlite3_open_v2 (self->path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                       adept_store_vfs_name ());
  if (rc != SQLITE_OK)
    {
      adept_store_set_error (self, rc, error);
      return FALSE;
    }
  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
  if (sqlite3_db_readonly (self->db, "main") == 1 && !reopen_read_only (self, error))
    return FALSE;
  if (!check_header (self, &suspicious, error))
    return FALSE;

  /* The first read: a file that is not a database fails here, before anything writes. */
  if (!read_user_version (self, &version, error) || !check_not_too_new (self, version, error))
    return FALSE;
  if (unclean || suspicious)
    g_debug ("Checking %s (%s)", self->path, unclean ? "not closed cleanly" : "size and header disagree");
  if ((unclean || suspicious) && !adept_store_check (self, error))
    return FALSE;
  if (!check_schema (self, version, error))
    return FALSE;
  if (self->read_only)
    return check_current_read_only (self, version, error);

  if (!enable_wal (self, error))
    return FALSE;
  make_side_files_private (self);
  /* NORMAL in WAL mode: a crash or SIGKILL loses no commit; a power cut may lose the
   * last ones but never breaks the database or splits a page from its cursor.
   * Checkpoints are the checkpointer's (adept-store-checkpoint.c), in its own thread; the
   * WAL file is cut back to 64 MiB after one. */
  if (!adept_store_exec (self,
                         "PRAGMA synchronous = NORMAL;"
                         "PRAGMA temp_store = MEMORY;"
                         "PRAGMA cache_size = " ADEPT_STORE_CACHE_SIZE ";"
                         "PRAGMA journal_size_limit = 67108864;",
                         error))
    return FALSE;
  self->checkpointer = adept_checkpointer_new (self->db, self->path);

  return migrate (self, error);
}

AdeptStore *
adept_store_open_in (const char  *dir,
                     GError     **error)
{
  g_autoptr(AdeptStore) self = NULL;

  g_return_val_if_fail (dir != NULL, NULL);

  self = g_object_new (ADEPT_TYPE_STORE, NULL);
  self->dir = g_strdup (dir);
  self->path = g_build_filename (dir, "adept.db", NULL);

  if (!open_database (self, error))
    return NULL;
  self->opened = TRUE;
  return g_steal_pointer (&self);
}

AdeptStore *
adept_store_open (GError **error)
{
  const char *dir = adept_context_get_data_dir (error);

  if (dir == NULL)
    return NULL;
  return adept_store_open_in (dir, error);
}

const char *
adept_store_get_path (AdeptStore *self)
{
  g_return_val_if_fail (ADEPT_IS_STORE (self), NULL);
  return self->path;
}

const char *
adept_store_get_dir (AdeptStore *self)
{
  g_return_val_if_fail (ADEPT_IS_STORE (self), NULL);
  return self->dir;
}

/* Servers */

gboolean
adept_store_ensure_server (AdeptStore       *self,
                           const char       *server_id,
                           const char       *kind,
                           GError          **error)
{
  sqlite3_stmt *stmt;
  gint64 now = adept_store_now ();

  g_return_val_if_fail (ADEPT_IS_STORE (self), FALSE);
  g_return_val_if_fail (server_id != NULL, FALSE);
  g_return_val_if_fail (kind != NULL, FALSE);

  if (!adept_store_begin (self, error))
    return FALSE;

  stmt = adept_store_prepare (self,
                              "INSERT INTO servers (id, kind, created) VALUES (?1, ?2, ?3) "
                              "ON CONFLICT (id) DO UPDATE SET kind = excluded.kind",
                              error);
  if (stmt == NULL)
    goto fail;
  adept_store_bind_text (stmt, 1, server_id);
  adept_store_bind_text (stmt, 2, kind);
  sqlite3_bind_int64 (stmt, 3, now);
  if (!adept_store_step_done (self, stmt, error))
    goto fail;

  stmt = adept_store_prepare (self,
                              "INSERT INTO cursors (server_id, updated) VALUES (?1, ?2) "
                              "ON CONFLICT (server_id) DO NOTHING",
                              error);
  if (stmt == NULL)
    goto fail;
  adept_store_bind_text (stmt, 1, server_id);
  sqlite3_bind_int64 (stmt, 2, now);
  if (!adept_store_step_done (self, stmt, error))
    goto fail;

  return adept_store_commit (self, error);

fail:
  adept_store_rollback (self);
  return FALSE;
}

gboolean
adept_store_has_server (AdeptStore *self,
                        const char *server_id)
{
  g_autoptr(AdeptStmt) stmt = NULL;

  g_return_val_if_fail (ADEPT_IS_STORE (self), FALSE);

  stmt = adept_store_prepare (self, "SELECT 1 FROM servers WHERE id = ?1", NULL);
  if (stmt == NULL)
    return FALSE;
  adept_store_bind_text (stmt, 1, server_id);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

char *
adept_store_dup_server_kind (AdeptStore *self,
                             const char *server_id)
{
  g_autoptr(AdeptStmt) stmt = NULL;

  g_return_val_if_fail (ADEPT_IS_STORE (self), NULL);

  stmt = adept_store_prepare (self, "SELECT kind FROM servers WHERE id = ?1", NULL);
  if (stmt == NULL)
    return NULL;
  adept_store_bind_text (stmt, 1, server_id);
  return sqlite3_step (stmt) == SQLITE_ROW ? adept_store_column_dup (stmt, 0) : NULL;
}

GStrv
adept_store_list_servers (AdeptStore  *self,
                          GError     **error)
{
  g_autoptr(AdeptStmt) stmt = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  int rc;

  g_return_val_if_fail (ADEPT_IS_STORE (self), NULL);

  stmt = adept_store_prepare (self, "SELECT id FROM servers ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (builder, adept_store_column_text (stmt, 0));
  if (rc != SQLITE_DONE)
    {
      adept_store_set_error (self, rc, error);
      return NULL;
    }
  return g_strv_builder_end (builder);
}

gboolean
adept_store_delete_server (AdeptStore  *self,
                           const char  *server_id,
                           GError     **error)
{
  /* Foreign keys are not enforced (a check per device row costs a sixth of a full
   * fetch), so the server's rows go here, in one transaction. */
  static const char * const tables[] = {
    "DELETE FROM devices WHERE server = " ADEPT_STORE_SERVER_NUM ("?1"),
    "DELETE FROM device_history WHERE server_id = ?1",
    "DELETE FROM profiles WHERE server_id = ?1",
    "DELETE FROM cursors WHERE server_id = ?1",
    "DELETE FROM sync_journal WHERE server_id = ?1",
    "DELETE FROM assign_attempts WHERE server_id = ?1",
    "DELETE FROM device_replacements WHERE server_id = ?1",
    "DELETE FROM activation_locks WHERE server_id = ?1",
    "DELETE FROM pending_assign WHERE server_id = ?1",
    "DELETE FROM notifications WHERE server_id = ?1",
    "DELETE FROM servers WHERE id = ?1",
  };

  g_return_val_if_fail (ADEPT_IS_STORE (self), FALSE);

  if (!adept_store_begin (self, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      sqlite3_stmt *stmt = adept_store_prepare (self, tables[i], error);

      if (stmt == NULL)
        goto fail;
      adept_store_bind_text (stmt, 1, server_id);
      if (!adept_store_step_done (self, stmt, error))
        goto fail;
    }
  return adept_store_commit (self, error);

fail:
  adept_store_rollback (self);
  return FALSE;
}

gboolean
adept_store_create_at_version (const char  *path,
                               int          version,
                               GError     **error)
{
  g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %d", version);
  sqlite3 *db = NULL;
  int rc;

  g_return_val_if_fail (version >= 0 && version <= ADEPT_STORE_SCHEMA_VERSION, FALSE);

  rc = sqlite3_open (path, &db);
  for (int v = 0; rc == SQLITE_OK && v < version; v++)
    rc = sqlite3_exec (db, migrations[v], NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (db, set_version, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_FAILED, "%s", sqlite3_errmsg (db));
  sqlite3_close (db);
  return rc == SQLITE_OK;
}

gint64
adept_store_get_change_seq (AdeptStore *self,
                            const char *server_id)
{
  g_autoptr(AdeptStmt) stmt = NULL;

  g_return_val_if_fail (ADEPT_IS_STORE (self), 0);

  stmt = adept_store_prepare (self, "SELECT change_seq FROM servers WHERE id = ?1", NULL);
  if (stmt == NULL)
    return 0;
  adept_store_bind_text (stmt, 1, server_id);
  return sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
}

/* Audit log */

static char *
redact (const char *details)
{
  static GRegex *pem;
  static GRegex *credential;
  g_autofree char *step = NULL;

  if (details == NULL)
    return NULL;

  if (g_once_init_enter (&pem))
    g_once_init_leave (&pem, g_regex_new ("-----BEGIN [^-]*-----.*?(-----END [^-]*-----|$)",
                                          G_REGEX_DOTALL | G_REGEX_OPTIMIZE, 0, NULL));
  if (g_once_init_enter (&credential))
    g_once_init_leave (&credential, g_regex_new ("\\b(CK|CS|AT|AS)_[A-Za-z0-9_]{8,}",
                                                 G_REGEX_OPTIMIZE, 0, NULL));

  step = g_regex_replace_literal (pem, details, -1, 0, "[redacted]", 0, NULL);
  return g_regex_replace_literal (credential, step, -1, 0, "[redacted]", 0, NULL);
}

gboolean
adept_store_audit (AdeptStore  *self,
                   const char  *server_id,
                   const char  *action,
                   const char  *details,
                   GError     **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *clean = NULL;

  g_return_val_if_fail (ADEPT_IS_STORE (self), FALSE);
  g_return_val_if_fail (action != NULL, FALSE);

  clean = redact (details);
  stmt = adept_store_prepare (self,
                              "INSERT INTO audit_log (time, server_id, user, action, details, host) "
                              "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, adept_store_now ());
  adept_store_bind_text (stmt, 2, server_id);
  adept_store_bind_text (stmt, 3, g_get_user_name ());
  adept_store_bind_text (stmt, 4, action);
  adept_store_bind_text (stmt, 5, clean);
  adept_store_bind_text (stmt, 6, g_get_host_name ());
  return adept_store_step_done (self, stmt, error);
}

static gpointer
audit_entry_from_row (sqlite3_stmt *stmt)
{
  AdeptAuditEntry *entry = g_new0 (AdeptAuditEntry, 1);

  entry->id = sqlite3_column_int64 (stmt, 0);
  entry->time = sqlite3_column_int64 (stmt, 1);
  entry->server_id = adept_store_column_dup (stmt, 2);
  entry->user = adept_store_column_dup (stmt, 3);
  entry->action = adept_store_column_dup (stmt, 4);
  entry->details = adept_store_column_dup (stmt, 5);
  entry->host = adept_store_column_dup (stmt, 6);
  return entry;
}

GPtrArray *
adept_store_list_audit (AdeptStore  *self,
                        const char  *server_id,
                        guint        limit,
                        GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (ADEPT_IS_STORE (self), NULL);

  stmt = adept_store_prepare (self,
                              "SELECT id, time, server_id, user, action, details, host FROM audit_log "
                              "WHERE ?1 IS NULL OR server_id = ?1 ORDER BY id DESC LIMIT ?2",
                              error);
  if (stmt == NULL)
    return NULL;
  adept_store_bind_text (stmt, 1, server_id);
  sqlite3_bind_int64 (stmt, 2, limit == 0 ? G_MAXINT64 : limit);
  return adept_store_collect (self, stmt, audit_entry_from_row,
                              (GDestroyNotify) adept_audit_entry_free, error);
}

char *
adept_audit_entries_to_csv (GPtrArray *entries)
{
  GString *out = g_string_new ("time,user,host,server,action,details\r\n");

  for (guint i = 0; entries != NULL && i < entries->len; i++)
    {
      const AdeptAuditEntry *entry = g_ptr_array_index (entries, i);
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (entry->time);
      g_autofree char *time = when ? g_date_time_format_iso8601 (when) : NULL;
      const char *fields[] = { time, entry->user, entry->host, entry->server_id, entry->action,
                               entry->details };

      for (guint f = 0; f < G_N_ELEMENTS (fields); f++)
        {
          if (f > 0)
            g_string_append_c (out, ',');
          adept_csv_append_field (out, fields[f]);
        }
      g_string_append (out, "\r\n");
    }
  return g_string_free (out, FALSE);
}

/* Boxed records */

AdeptAuditEntry *
adept_audit_entry_copy (const AdeptAuditEntry *entry)
{
  AdeptAuditEntry *copy = g_memdup2 (entry, sizeof *entry);

  copy->server_id = g_strdup (entry->server_id);
  copy->user = g_strdup (entry->user);
  copy->action = g_strdup (entry->action);
  copy->details = g_strdup (entry->details);
  copy->host = g_strdup (entry->host);
  return copy;
}

void
adept_audit_entry_free (AdeptAuditEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->server_id);
  g_free (entry->user);
  g_free (entry->action);
  g_free (entry->details);
  g_free (entry->host);
  g_free (entry);
}

G_DEFINE_BOXED_TYPE (AdeptAuditEntry, adept_audit_entry,
                     adept_audit_entry_copy, adept_audit_entry_free)

/* Notifications given */

gboolean
adept_store_claim_notification (AdeptStore  *self,
                                const char  *server_id,
                                const char  *event,
                                GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (ADEPT_IS_STORE (self), FALSE);
  g_return_val_if_fail (server_id != NULL && event != NULL, FALSE);

  stmt = adept_store_prepare (self,
                              "INSERT OR IGNORE INTO notifications (server_id, event, sent) "
                              "VALUES (?1, ?2, ?3)",
                              error);
  if (stmt == NULL)
    return FALSE;
  adept_store_bind_text (stmt, 1, server_id);
  adept_store_bind_text (stmt, 2, event);
  sqlite3_bind_int64 (stmt, 3, adept_store_now ());
  if (!adept_store_step_done (self, stmt, error))
    return FALSE;
  return sqlite3_changes (adept_store_get_db (self)) > 0;
}

gboolean
adept_store_forget_notifications (AdeptStore  *self,
                                  const char  *server_id,
                                  const char  *prefix,
                                  GError     **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *pattern = NULL;

  g_return_val_if_fail (ADEPT_IS_STORE (self), FALSE);
  g_return_val_if_fail (server_id != NULL && prefix != NULL, FALSE);

  stmt = adept_store_prepare (self,
                              "DELETE FROM notifications WHERE server_id = ?1 "
                              "AND substr (event, 1, length (?2)) = ?2",
                              error);
  if (stmt == NULL)
    return FALSE;
  adept_store_bind_text (stmt, 1, server_id);
  adept_store_bind_text (stmt, 2, prefix);
  return adept_store_step_done (self, stmt, error);
}

const char *
adept_rows_sql (AdeptRowsSql *sql,
                guint         n)
{
  G_LOCK_DEFINE_STATIC (rows_sql);
  const char *text;

  g_return_val_if_fail (n > 0 && n <= ADEPT_STORE_MAX_ROWS, NULL);

  G_LOCK (rows_sql);
  if (sql->texts[n] == NULL)
    {
      GString *s = g_string_new (sql->head);

      for (guint k = 0; k < n; k++)
        {
          if (k > 0)
            g_string_append (s, ", ");
          for (const char *p = sql->row; *p != '\0'; p++)
            {
              char *end;
              guint64 i;

              if (p[0] != '?' || p[1] != '+')
                {
                  g_string_append_c (s, *p);
                  continue;
                }
              i = g_ascii_strtoull (p + 2, &end, 10);
              g_assert (end > p + 2 && i < sql->per_row);
              g_string_append_printf (s, "?%d", ADEPT_ROW_PARAM (sql, k, (guint) i));
              p = end - 1;
            }
        }
      sql->texts[n] = g_string_free (s, FALSE);
    }
  text = sql->texts[n];
  G_UNLOCK (rows_sql);
  return text;
}
