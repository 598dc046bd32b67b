/* adept-store-vfs.c — the store's files, with the WAL written 31 frames at a time
 *
 * SQLite writes each WAL frame with two pwrite()s (its 24-byte header, then the page): an
 * incremental sync of 1,000 changes made ~3,200 system calls for 6.5 MB, about 8 ms of
 * CPU on the 2-core VM, where writes of 128 KiB take 2. This VFS is SQLite's
 * own "unix" one with the WAL's writes gathered while they follow each other. Nothing
 * else changes: the database file, the -shm index and every read go straight through.
 *
 * When the gathered bytes reach the file decides what another connection can see:
 * - A commit: SQLite writes its frames, the last one marked (a frame header whose
 *   "database size" field is not 0, the WAL format's commit mark), and only after that
 *   publishes them in the -shm index. The write of the marked frame's page writes out
 *   everything gathered before it returns, so its error is the commit's, as without us.
 * - Anything else asked of the WAL file (read, sync, size, truncate, a file control)
 *   writes the gathered bytes out first.
 * - The end of a write transaction (the connection lets go of the WAL's write lock,
 *   seen on the database file's -shm lock): what a transaction rolled back had spilled
 *   is written out (as SQLite had done at once), before another connection may write.
 * A write of another shape than SQLite's frames (a future SQLite writing header and page
 * together) goes straight through. A killed process loses only frames not yet marked
 * committed: the same as SQLite stopped before writing them.
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-store"

#include "config.h"

#include <string.h>

#include "adept-store-private.h"

#define VFS_NAME "adept-unix"
/* The unix VFS writes at most 128 KiB - 1 a call (its seekAndWrite() masks the length
 * with 0x1ffff): 31 frames of 4 KiB pages. */
#define GATHER_BYTES 0x1ffff
#define WAL_HEADER_BYTES 32
#define FRAME_HEADER_BYTES 24
/* SQLite's lock slot of the WAL's one writer (wal.c's WAL_WRITE_LOCK). */
#define WAL_WRITE_LOCK 0

typedef struct _VfsFile VfsFile;

struct _VfsFile
{
  sqlite3_file   base;
  sqlite3_file  *real;       /* the unix VFS's file, in the memory after this struct */
  const char    *name;       /* a database file's name as SQLite passed it (its key) */
  VfsFile       *wal;        /* a database file's WAL, while open */
  VfsFile       *db;         /* a WAL file's database file */
  /* A WAL file's bytes gathered from offset start */
  char          *gathered;
  sqlite3_int64  start;
  int            len;
  gboolean       commit_next;  /* the page after a commit frame's header ends the commit */
};

static sqlite3_vfs *unix_vfs;
static sqlite3_vfs vfs;
static sqlite3_io_methods plain_methods;
static sqlite3_io_methods wal_methods;
/* Database files by the name pointer SQLite opened them with, to pair their WAL. */
static GHashTable *databases;
static GMutex databases_lock;

static sqlite3_file *
real_of (sqlite3_file *file)
{
  return ((VfsFile *) file)->real;
}

/* Writes out what was gathered; on an error the bytes are dropped, as a failed write
 * leaves them to SQLite's own recovery. */
static int
write_out (VfsFile *f)
{
  int rc;

  if (f->len == 0)
    return SQLITE_OK;
  rc = f->real->pMethods->xWrite (f->real, f->gathered, f->len, f->start);
  f->len = 0;
  f->commit_next = FALSE;
  return rc;
}

/* Plain files: every call goes straight to the unix VFS. */

static int
plain_close (sqlite3_file *file)
{
  VfsFile *f = (VfsFile *) file;

  if (f->name != NULL)
    {
      g_mutex_lock (&databases_lock);
      g_hash_table_remove (databases, f->name);
      if (f->wal != NULL)
        f->wal->db = NULL;
      g_mutex_unlock (&databases_lock);
    }
  return f->real->pMethods->xClose (f->real);
}

static int
plain_read (sqlite3_file *file, void *buf, int amt, sqlite3_int64 off)
{
  return real_of (file)->pMethods->xRead (real_of (file), buf, amt, off);
}

static int
plain_write (sqlite3_file *file, const void *buf, int amt, sqlite3_int64 off)
{
  return real_of (file)->pMethods->xWrite (real_of (file), buf, amt, off);
}

static int
plain_truncate (sqlite3_file *file, sqlite3_int64 size)
{
  return real_of (file)->pMethods->xTruncate (real_of (file), size);
}

static int
plain_sync (sqlite3_file *file, int flags)
{
  return real_of (file)->pMethods->xSync (real_of (file), flags);
}

static int
plain_file_size (sqlite3_file *file, sqlite3_int64 *size)
{
  return real_of (file)->pMethods->xFileSize (real_of (file), size);
}

static int
plain_lock (sqlite3_file *file, int level)
{
  return real_of (file)->pMethods->xLock (real_of (file), level);
}

static int
plain_unlock (sqlite3_file *file, int level)
{
  return real_of (file)->pMethods->xUnlock (real_of (file), level);
}

static int
plain_check_reserved_lock (sqlite3_file *file, int *out)
{
  return real_of (file)->pMethods->xCheckReservedLock (real_of (file), out);
}

static int
plain_file_control (sqlite3_file *file, int op, void *arg)
{
  return real_of (file)->pMethods->xFileControl (real_of (file), op, arg);
}

static int
plain_sector_size (sqlite3_file *file)
{
  return real_of (file)->pMethods->xSectorSize (real_of (file));
}

static int
plain_device_characteristics (sqlite3_file *file)
{
  return real_of (file)->pMethods->xDeviceCharacteristics (real_of (file));
}

static int
plain_shm_map (sqlite3_file *file, int region, int size, int extend, void volatile **out)
{
  return real_of (file)->pMethods->xShmMap (real_of (file), region, size, extend, out);
}

/* Letting go of the WAL's write lock ends a write transaction: nothing of it may stay
 * gathered once another connection can write the WAL. */
static int
plain_shm_lock (sqlite3_file *file, int offset, int n, int flags)
{
  VfsFile *f = (VfsFile *) file;

  if (f->wal != NULL && (flags & SQLITE_SHM_UNLOCK) && offset <= WAL_WRITE_LOCK &&
      WAL_WRITE_LOCK < offset + n)
    write_out (f->wal);
  return f->real->pMethods->xShmLock (f->real, offset, n, flags);
}

static void
plain_shm_barrier (sqlite3_file *file)
{
  real_of (file)->pMethods->xShmBarrier (real_of (file));
}

static int
plain_shm_unmap (sqlite3_file *file, int delete_flag)
{
  return real_of (file)->pMethods->xShmUnmap (real_of (file), delete_flag);
}

static int
plain_fetch (sqlite3_file *file, sqlite3_int64 off, int amt, void **out)
{
  return real_of (file)->pMethods->xFetch (real_of (file), off, amt, out);
}

static int
plain_unfetch (sqlite3_file *file, sqlite3_int64 off, void *p)
{
  return real_of (file)->pMethods->xUnfetch (real_of (file), off, p);
}

/* The WAL file */

/* Nothing committed can be gathered here (a commit writes out), and the write lock is
 * no longer held: what is left is dropped, not written over another connection's. */
static int
wal_close (sqlite3_file *file)
{
  VfsFile *f = (VfsFile *) file;

  g_mutex_lock (&databases_lock);
  if (f->db != NULL)
    f->db->wal = NULL;
  g_mutex_unlock (&databases_lock);
  g_free (f->gathered);
  return f->real->pMethods->xClose (f->real);
}

static gboolean
is_page_size (int amt)
{
  return amt >= 512 && amt <= 65536 && (amt & (amt - 1)) == 0;
}

/* A frame's header marks a commit with the database's size in pages after it. */
static gboolean
is_commit_header (const void *buf,
                  int         amt,
                  sqlite3_int64 off)
{
  const guint8 *b = buf;

  return amt == FRAME_HEADER_BYTES && off >= WAL_HEADER_BYTES &&
         (b[4] | b[5] | b[6] | b[7]) != 0;
}

static int
wal_write (sqlite3_file *file, const void *buf, int amt, sqlite3_int64 off)
{
  VfsFile *f = (VfsFile *) file;
  gboolean ends_commit = f->commit_next;
  int rc;

  /* Only SQLite's frame-by-frame writes are gathered. */
  if (amt != FRAME_HEADER_BYTES && amt != WAL_HEADER_BYTES && !is_page_size (amt))
    {
      rc = write_out (f);
      return rc != SQLITE_OK ? rc : f->real->pMethods->xWrite (f->real, buf, amt, off);
    }
  if (f->len > 0 && (off != f->start + f->len || f->len + amt > GATHER_BYTES))
    {
      rc = write_out (f);
      if (rc != SQLITE_OK)
        return rc;
    }
  if (f->gathered == NULL)
    f->gathered = g_malloc (GATHER_BYTES);
  if (f->len == 0)
    f->start = off;
  memcpy (f->gathered + f->len, buf, amt);
  f->len += amt;
  f->commit_next = is_commit_header (buf, amt, off);
  return ends_commit ? write_out (f) : SQLITE_OK;
}

static int
wal_read (sqlite3_file *file, void *buf, int amt, sqlite3_int64 off)
{
  int rc = write_out ((VfsFile *) file);

  return rc != SQLITE_OK ? rc : plain_read (file, buf, amt, off);
}

static int
wal_truncate (sqlite3_file *file, sqlite3_int64 size)
{
  int rc = write_out ((VfsFile *) file);

  return rc != SQLITE_OK ? rc : plain_truncate (file, size);
}

static int
wal_sync (sqlite3_file *file, int flags)
{
  int rc = write_out ((VfsFile *) file);

  return rc != SQLITE_OK ? rc : plain_sync (file, flags);
}

static int
wal_file_size (sqlite3_file *file, sqlite3_int64 *size)
{
  int rc = write_out ((VfsFile *) file);

  return rc != SQLITE_OK ? rc : plain_file_size (file, size);
}

static int
wal_file_control (sqlite3_file *file, int op, void *arg)
{
  int rc = write_out ((VfsFile *) file);

  return rc != SQLITE_OK ? rc : plain_file_control (file, op, arg);
}

/* The VFS */

static int
vfs_open (sqlite3_vfs *self, const char *name, sqlite3_file *file, int flags, int *out_flags)
{
  VfsFile *f = (VfsFile *) file;
  int rc;

  memset (f, 0, sizeof *f);
  f->real = (sqlite3_file *) (f + 1);
  rc = unix_vfs->xOpen (unix_vfs, name, f->real, flags, out_flags);
  if (rc != SQLITE_OK || f->real->pMethods == NULL)
    {
      /* SQLite calls xClose only when pMethods is set, so the real file's (if any) here. */
      if (f->real->pMethods != NULL)
        f->real->pMethods->xClose (f->real);
      f->base.pMethods = NULL;
      return rc != SQLITE_OK ? rc : SQLITE_CANTOPEN;
    }

  if ((flags & SQLITE_OPEN_WAL) && name != NULL)
    {
      g_mutex_lock (&databases_lock);
      f->db = g_hash_table_lookup (databases, sqlite3_filename_database (name));
      if (f->db != NULL)
        f->db->wal = f;
      g_mutex_unlock (&databases_lock);
      f->base.pMethods = &wal_methods;
    }
  else
    {
      if ((flags & SQLITE_OPEN_MAIN_DB) && name != NULL)
        {
          f->name = name;
          g_mutex_lock (&databases_lock);
          g_hash_table_insert (databases, (gpointer) name, f);
          g_mutex_unlock (&databases_lock);
        }
      f->base.pMethods = &plain_methods;
    }
  return SQLITE_OK;
}

static int
vfs_delete (sqlite3_vfs *self, const char *name, int sync_dir)
{
  return unix_vfs->xDelete (unix_vfs, name, sync_dir);
}

static int
vfs_access (sqlite3_vfs *self, const char *name, int flags, int *out)
{
  return unix_vfs->xAccess (unix_vfs, name, flags, out);
}

static int
vfs_full_pathname (sqlite3_vfs *self, const char *name, int n, char *out)
{
  return unix_vfs->xFullPathname (unix_vfs, name, n, out);
}

static void *
vfs_dl_open (sqlite3_vfs *self, const char *name)
{
  return unix_vfs->xDlOpen (unix_vfs, name);
}

static void
vfs_dl_error (sqlite3_vfs *self, int n, char *out)
{
  unix_vfs->xDlError (unix_vfs, n, out);
}

static void (*vfs_dl_sym (sqlite3_vfs *self, void *handle, const char *symbol)) (void)
{
  return unix_vfs->xDlSym (unix_vfs, handle, symbol);
}

static void
vfs_dl_close (sqlite3_vfs *self, void *handle)
{
  unix_vfs->xDlClose (unix_vfs, handle);
}

static int
vfs_randomness (sqlite3_vfs *self, int n, char *out)
{
  return unix_vfs->xRandomness (unix_vfs, n, out);
}

static int
vfs_sleep (sqlite3_vfs *self, int microseconds)
{
  return unix_vfs->xSleep (unix_vfs, microseconds);
}

static int
vfs_current_time (sqlite3_vfs *self, double *out)
{
  return unix_vfs->xCurrentTime (unix_vfs, out);
}

static int
vfs_get_last_error (sqlite3_vfs *self, int n, char *out)
{
  return unix_vfs->xGetLastError (unix_vfs, n, out);
}

static int
vfs_current_time_int64 (sqlite3_vfs *self, sqlite3_int64 *out)
{
  return unix_vfs->xCurrentTimeInt64 (unix_vfs, out);
}

static gpointer
register_vfs (gpointer data)
{
  sqlite3_io_methods plain = {
    3, plain_close, plain_read, plain_write, plain_truncate, plain_sync, plain_file_size,
    plain_lock, plain_unlock, plain_check_reserved_lock, plain_file_control,
    plain_sector_size, plain_device_characteristics, plain_shm_map, plain_shm_lock,
    plain_shm_barrier, plain_shm_unmap, plain_fetch, plain_unfetch,
  };

  unix_vfs = sqlite3_vfs_find ("unix");
  /* Without the unix VFS as this file knows it, SQLite's default is used as it is. */
  if (unix_vfs == NULL || unix_vfs->iVersion < 2 || unix_vfs->xCurrentTimeInt64 == NULL)
    return NULL;

  plain_methods = plain;
  wal_methods = plain;
  wal_methods.xClose = wal_close;
  wal_methods.xRead = wal_read;
  wal_methods.xWrite = wal_write;
  wal_methods.xTruncate = wal_truncate;
  wal_methods.xSync = wal_sync;
  wal_methods.xFileSize = wal_file_size;
  wal_methods.xFileControl = wal_file_control;

  databases = g_hash_table_new (g_direct_hash, g_direct_equal);
  vfs = (sqlite3_vfs) {
    2, (int) sizeof (VfsFile) + unix_vfs->szOsFile, unix_vfs->mxPathname, NULL, VFS_NAME, NULL,
    vfs_open, vfs_delete, vfs_access, vfs_full_pathname,
    vfs_dl_open, vfs_dl_error, vfs_dl_sym, vfs_dl_close,
    vfs_randomness, vfs_sleep, vfs_current_time, vfs_get_last_error,
    vfs_current_time_int64,
  };
  if (sqlite3_vfs_register (&vfs, 0) != SQLITE_OK)
    return NULL;
  return (gpointer) VFS_NAME;
}

const char *
adept_store_vfs_name (void)
{
  static GOnce once = G_ONCE_INIT;

  return g_once (&once, register_vfs, NULL);
}
