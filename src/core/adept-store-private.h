/* adept-store-private.h — what the store's files, the device list and tests share
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "adept-store.h"

/* SQLite's page cache of a connection, in PRAGMA cache_size's terms (negative: KiB). */
#define ADEPT_STORE_CACHE_SIZE "-16384"

G_BEGIN_DECLS

/* WAL checkpoints of a connection, in a thread of their own (adept-store-checkpoint.c). */
typedef struct _AdeptCheckpointer AdeptCheckpointer;

AdeptCheckpointer *adept_checkpointer_new  (sqlite3           *db,
                                            const char        *path);
void               adept_checkpointer_free (AdeptCheckpointer *self);
void               adept_checkpointer_leave_restart (AdeptCheckpointer *self);

/* The name of the VFS the store's read-write connections use (adept-store-vfs.c: the
 * unix VFS with the WAL's frames written in large writes), or NULL for SQLite's default. */
const char        *adept_store_vfs_name    (void);

struct _AdeptStore
{
  GObject     parent_instance;

  char       *dir;
  char       *path;
  sqlite3    *db;
  /* The process's descriptor of the file (shared by its AdeptStores) holds a shared flock
   * for the store's life; an exclusive one tells the first opener and the last closer
   * (the shutdown marker). Key into adept-store.c's table. */
  char       *lock_key;
  gboolean    opened;
  /* Opened read-only (a read-only folder or file system): reads work, writes fail with
   * ADEPT_ERROR_STORE_READ_ONLY. */
  gboolean    read_only;
  /* SQL text (a static string, compared by address) → prepared statement */
  GHashTable *statements;
  AdeptCheckpointer *checkpointer;   /* NULL when read-only */
};

/* SQL for the number the devices table knows a server by (devices.server, schema 8),
 * from its text id in the parameter param ("?1"): evaluated once a statement. */
#define ADEPT_STORE_SERVER_NUM(param) "(SELECT num FROM servers WHERE id = " param ")"

/* The columns adept_store_query_devices() returns, in this order. */
#define ADEPT_STORE_DEVICE_COLUMNS                                                        \
  "serial, model, description, color, asset_tag, os, device_family, profile_status, "     \
  "profile_uuid, profile_assign_time, profile_push_time, device_assigned_date, "           \
  "device_assigned_by, op_type, op_date, deleted, change_seq, "                            \
  "wifi_mac, bluetooth_mac, ethernet_mac, imei, meid, eid, is_replacement, "               \
  "released_by_replacement, migration_deadline"

enum {
  DEVICE_COL_SERIAL,
  DEVICE_COL_MODEL,
  DEVICE_COL_DESCRIPTION,
  DEVICE_COL_COLOR,
  DEVICE_COL_ASSET_TAG,
  DEVICE_COL_OS,
  DEVICE_COL_FAMILY,
  DEVICE_COL_PROFILE_STATUS,
  DEVICE_COL_PROFILE_UUID,
  DEVICE_COL_ASSIGN_TIME,
  DEVICE_COL_PUSH_TIME,
  DEVICE_COL_ASSIGNED_DATE,
  DEVICE_COL_ASSIGNED_BY,
  DEVICE_COL_OP_TYPE,
  DEVICE_COL_OP_DATE,
  DEVICE_COL_DELETED,
  DEVICE_COL_CHANGE_SEQ,
  DEVICE_COL_WIFI_MAC,
  DEVICE_COL_BLUETOOTH_MAC,
  DEVICE_COL_ETHERNET_MAC,
  DEVICE_COL_IMEI,
  DEVICE_COL_MEID,
  DEVICE_COL_EID,
  DEVICE_COL_IS_REPLACEMENT,
  DEVICE_COL_RELEASED_BY_REPLACEMENT,
  DEVICE_COL_MIGRATION_DEADLINE,
};


/* g_autoptr(AdeptStmt) resets a cached statement when it goes out of scope, so no
 * SELECT keeps a read transaction (and an old WAL snapshot) open. */
typedef sqlite3_stmt AdeptStmt;
static inline void
adept_stmt_reset (AdeptStmt *stmt)
{
  if (stmt != NULL)
    sqlite3_reset (stmt);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AdeptStmt, adept_stmt_reset)

/* Seconds since the epoch (wall clock). */
gint64        adept_store_now             (void);

/* A cached statement, reset and with its bindings cleared. sql must be a string
 * literal: the cache is keyed by its address. */
sqlite3_stmt *adept_store_prepare         (AdeptStore    *self,
                                           const char    *sql,
                                           GError       **error);
/* Steps a statement that returns no rows. */
gboolean      adept_store_step_done       (AdeptStore    *self,
                                           sqlite3_stmt  *stmt,
                                           GError       **error);
gboolean      adept_store_exec            (AdeptStore    *self,
                                           const char    *sql,
                                           GError       **error);
/* BEGIN IMMEDIATE: takes the write lock at once, so a busy database is reported before
 * anything is done rather than half-way. */
gboolean      adept_store_begin           (AdeptStore    *self,
                                           GError       **error);
gboolean      adept_store_commit          (AdeptStore    *self,
                                           GError       **error);
void          adept_store_rollback        (AdeptStore    *self);
/* Maps an SQLite result code to ADEPT_ERROR_STORE_*; the detail goes to the debug log. */
void          adept_store_set_error       (AdeptStore    *self,
                                           int            rc,
                                           GError       **error);

/* An INSERT of many rows a statement: head ("INSERT INTO t (a, b, c) VALUES "), then n
 * rows made from row, in which ?1… are the parameters shared by all rows and ?+i the
 * row's own i-th (0 to per_row - 1), numbered after the shared ones. Each n's text is
 * made once and kept in texts, so adept_store_prepare() caches one statement for it. */
#define ADEPT_STORE_MAX_ROWS 50

typedef struct {
  const char *head;
  const char *row;
  guint       shared;
  guint       per_row;
  const char *texts[ADEPT_STORE_MAX_ROWS + 1];
} AdeptRowsSql;

/* n: 1 to ADEPT_STORE_MAX_ROWS. */
const char   *adept_rows_sql               (AdeptRowsSql *sql,
                                            guint         n);
/* The number of row k's parameter ?+i. */
#define ADEPT_ROW_PARAM(sql, k, i) ((int) ((sql)->shared + 1 + (k) * (sql)->per_row + (i)))

void          adept_store_bind_text       (sqlite3_stmt  *stmt,
                                           int            index,
                                           const char    *text);
/* Column text, NULL for SQL NULL. */
const char   *adept_store_column_text     (sqlite3_stmt  *stmt,
                                           int            column);
char         *adept_store_column_dup      (sqlite3_stmt  *stmt,
                                           int            column);

typedef gpointer (*AdeptStoreRowFunc) (sqlite3_stmt *stmt);

/* Steps a query to its end, making one element of every row; NULL on error. */
GPtrArray    *adept_store_collect         (AdeptStore        *self,
                                           sqlite3_stmt      *stmt,
                                           AdeptStoreRowFunc  from_row,
                                           GDestroyNotify     free_func,
                                           GError           **error);

/* The server's devices with change_seq > since, deleted ones too, sorted by serial; or
 * when since is 0 every current device in no particular order. Columns:
 * ADEPT_STORE_DEVICE_COLUMNS. */
sqlite3_stmt *adept_store_query_devices   (AdeptStore    *self,
                                           const char    *server_id,
                                           gint64         since,
                                           GError       **error);
AdeptDevice  *adept_store_device_from_row (sqlite3_stmt  *stmt);
/* The protocol 8/10 columns of a row into a device. */
void          adept_store_device_set_recent_fields (AdeptDevice  *d,
                                           sqlite3_stmt  *stmt);

/* Tests only. */
sqlite3      *adept_store_get_db          (AdeptStore    *self);
/* A database file at an older schema version, as that version made it, to test a
 * migration from it. */
gboolean      adept_store_create_at_version (const char  *path,
                                           int          version,
                                           GError     **error);
void          adept_store_set_busy_timeout (AdeptStore   *self,
                                           int            milliseconds);

G_END_DECLS
