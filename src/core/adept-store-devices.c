/* adept-store-devices.c — devices, their history, and committing a page of sync results
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "adept-device-record.h"
#include "adept-error.h"
#include "adept-store-private.h"

/* What one page needs while it is applied. */
typedef struct {
  AdeptStore           *store;
  const char           *server_id;
  gint64                server_num;   /* devices.server (servers.num) */
  AdeptSyncPhase        phase;
  gint64                fetch_gen;
  gint64                seq;        /* change_seq given to every row this page changes */
  gint64                now;
  AdeptStorePageResult *result;
  gboolean              has_default;  /* only then are auto-assign candidates wanted */
  /* serial → auto-assign verdict of its latest record in the page */
  GHashTable           *verdicts;
  GPtrArray            *order;      /* serials in first-seen order, owning the keys */
  /* serials that arrived migrating in during this page (see is_migrating_in) */
  GHashTable           *migrating;
  GArray               *history;    /* HistoryRow not yet written (see add_history) */
} Page;

/* The stored state of a device, as far as deciding what a record changes needs it. */
typedef struct {
  gboolean exists;
  gboolean deleted;
  gboolean same_content;
  gint64   op_date;
  gint64   seen_gen;
  gint64   migration_deadline;
  gint64   assigned_date;
  gint64   id;
} Existing;

static const char lookup_sql[] =
  "SELECT deleted, op_date, seen_gen, model, description, color, asset_tag, os, device_family,"
  " profile_status, profile_uuid, profile_assign_time, profile_push_time,"
  " device_assigned_date, device_assigned_by,"
  " wifi_mac, bluetooth_mac, ethernet_mac, imei, meid, eid, is_replacement, migration_deadline, id "
  "FROM devices WHERE server = ?1 AND serial = ?2";

static gboolean
same_text (sqlite3_stmt *stmt,
           int           column,
           const char   *value)
{
  const char *stored = adept_store_column_text (stmt, column);

  /* NULL and "" are the same to Apple (dep-api.md §3.3). */
  return g_strcmp0 (stored ? stored : "", value ? value : "") == 0;
}

/* Absent (NULL) and empty differ for lists: an old protocol version against none. */
static gboolean
same_list (sqlite3_stmt       *stmt,
           int                 column,
           const char * const *list)
{
  g_autofree char *joined = adept_store_join_list (list);

  return g_strcmp0 (adept_store_column_text (stmt, column), joined) == 0;
}

/* What protocol versions 8 and 10 added. */
static gboolean
same_recent_content (sqlite3_stmt            *stmt,
                     const AdeptDeviceRecord *d)
{
  return same_text (stmt, 15, d->wifi_mac_address) &&
         same_text (stmt, 16, d->bluetooth_mac_address) &&
         same_text (stmt, 17, d->ethernet_mac_address) &&
         same_list (stmt, 18, d->imei) &&
         same_list (stmt, 19, d->meid) &&
         same_text (stmt, 20, d->eid) &&
         sqlite3_column_int (stmt, 21) == (d->is_replacement_device ? 1 : 0) &&
         sqlite3_column_int64 (stmt, 22) == d->mdm_migration_deadline;
}

static gboolean
same_content (sqlite3_stmt            *stmt,
              const AdeptDeviceRecord *d)
{
  return same_text (stmt, 3, d->model) &&
         same_text (stmt, 4, d->description) &&
         same_text (stmt, 5, d->color) &&
         same_text (stmt, 6, d->asset_tag) &&
         same_text (stmt, 7, d->os) &&
         same_text (stmt, 8, d->device_family) &&
         same_text (stmt, 9, adept_profile_status_to_string (d->profile_status)) &&
         same_text (stmt, 10, d->profile_uuid) &&
         sqlite3_column_int64 (stmt, 11) == d->profile_assign_time &&
         sqlite3_column_int64 (stmt, 12) == d->profile_push_time &&
         sqlite3_column_int64 (stmt, 13) == d->device_assigned_date &&
         same_text (stmt, 14, d->device_assigned_by) &&
         same_recent_content (stmt, d);
}

static gboolean
lookup (Page                    *page,
        const AdeptDeviceRecord *d,
        Existing                *existing,
        GError                 **error)
{
  g_autoptr(AdeptStmt) stmt = adept_store_prepare (page->store, lookup_sql, error);
  int rc;

  memset (existing, 0, sizeof *existing);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, page->server_num);
  adept_store_bind_text (stmt, 2, d->serial_number);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    {
      adept_store_set_error (page->store, rc, error);
      return FALSE;
    }
  existing->exists = TRUE;
  existing->deleted = sqlite3_column_int (stmt, 0) != 0;
  existing->op_date = sqlite3_column_int64 (stmt, 1);
  existing->seen_gen = sqlite3_column_int64 (stmt, 2);
  existing->migration_deadline = sqlite3_column_int64 (stmt, 22);
  existing->assigned_date = sqlite3_column_int64 (stmt, 13);
  existing->id = sqlite3_column_int64 (stmt, 23);
  existing->same_content = same_content (stmt, d);
  return TRUE;
}

/* A device's history row waiting in page->history; the strings belong to the page's
 * records (or are static). */
typedef struct {
  const char         *serial;
  const char         *op_type;
  gint64              op_date;
  AdeptProfileStatus  status;
  const char         *profile_uuid;
} HistoryRow;

/* History rows go in up to ADEPT_STORE_MAX_ROWS a statement, in the order the records
 * made them: one statement a row cost an incremental sync a fifth of its time. OR FAIL,
 * as assign attempts (adept-store-assign.c): an error still fails the page's
 * transaction, without a statement journal. */
static AdeptRowsSql history_sql = {
  "INSERT OR FAIL INTO device_history (server_id, serial, op_type, op_date, recorded,"
  " profile_status, profile_uuid) VALUES ",
  "(?1, ?+0, ?+1, ?+2, ?2, ?+3, ?+4)", 2, 5,   /* ?1 server_id, ?2 recorded */
};

/* Writes the history rows waiting; before anything reads the history, or at the page's end. */
static gboolean
flush_history (Page    *page,
               GError **error)
{
  guint n = page->history->len;
  sqlite3_stmt *stmt;

  if (n == 0)
    return TRUE;
  stmt = adept_store_prepare (page->store, adept_rows_sql (&history_sql, n), error);
  if (stmt == NULL)
    return FALSE;
  adept_store_bind_text (stmt, 1, page->server_id);
  sqlite3_bind_int64 (stmt, 2, page->now);
  for (guint k = 0; k < n; k++)
    {
      const HistoryRow *row = &g_array_index (page->history, HistoryRow, k);
      int p = ADEPT_ROW_PARAM (&history_sql, k, 0);

      sqlite3_bind_text (stmt, p, row->serial, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, p + 1, row->op_type, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, p + 2, row->op_date);
      sqlite3_bind_text (stmt, p + 3, adept_profile_status_to_string (row->status), -1,
                         SQLITE_STATIC);
      adept_store_bind_text (stmt, p + 4, row->profile_uuid);
    }
  g_array_set_size (page->history, 0);
  return adept_store_step_done (page->store, stmt, error);
}

static gboolean
add_history (Page                    *page,
             const AdeptDeviceRecord *d,
             const char              *op_type,
             gint64                   op_date,
             GError                 **error)
{
  HistoryRow row = { d->serial_number, op_type, op_date ? op_date : page->now,
                     d->profile_status, d->profile_uuid };

  g_array_append_val (page->history, row);
  return page->history->len < ADEPT_STORE_MAX_ROWS ? TRUE : flush_history (page, error);
}

#define INSERT_DEVICE                                                                       \
  "INSERT INTO devices (server, serial, model, description, color, asset_tag, os,"          \
  " device_family, profile_status, profile_uuid, profile_assign_time, profile_push_time,"   \
  " device_assigned_date, device_assigned_by, op_type, op_date, deleted, deleted_at,"       \
  " seen_gen, change_seq, wifi_mac, bluetooth_mac, ethernet_mac, imei, meid, eid,"          \
  " is_replacement, released_by_replacement, migration_deadline) "                          \
  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, 0, 0, ?17, ?18,"\
  " ?19, ?20, ?21, ?22, ?23, ?24, ?25, 0, ?26) "

static const char insert_new_sql[] =
  INSERT_DEVICE "ON CONFLICT (server, serial) DO NOTHING";

static const char upsert_sql[] =
  INSERT_DEVICE
  "ON CONFLICT (server, serial) DO UPDATE SET"
  " model = excluded.model, description = excluded.description, color = excluded.color,"
  " asset_tag = excluded.asset_tag, os = excluded.os, device_family = excluded.device_family,"
  " profile_status = excluded.profile_status, profile_uuid = excluded.profile_uuid,"
  " profile_assign_time = excluded.profile_assign_time,"
  " profile_push_time = excluded.profile_push_time,"
  " device_assigned_date = excluded.device_assigned_date,"
  " device_assigned_by = excluded.device_assigned_by, op_type = excluded.op_type,"
  " op_date = excluded.op_date, deleted = 0, deleted_at = 0, seen_gen = excluded.seen_gen,"
  " change_seq = excluded.change_seq, wifi_mac = excluded.wifi_mac,"
  " bluetooth_mac = excluded.bluetooth_mac, ethernet_mac = excluded.ethernet_mac,"
  " imei = excluded.imei, meid = excluded.meid, eid = excluded.eid,"
  " is_replacement = excluded.is_replacement, released_by_replacement = 0,"
  " migration_deadline = excluded.migration_deadline";

/* A stored device found by lookup(): its row by rowid, as the upsert would leave it, without
 * the failed insert and the second search of the serial's index (an incremental sync's
 * 1000 modified devices took 40,000 instructions each through the upsert). */
static const char update_sql[] =
  "UPDATE devices SET"
  " model = ?3, description = ?4, color = ?5, asset_tag = ?6, os = ?7, device_family = ?8,"
  " profile_status = ?9, profile_uuid = ?10, profile_assign_time = ?11,"
  " profile_push_time = ?12, device_assigned_date = ?13, device_assigned_by = ?14,"
  " op_type = ?15, op_date = ?16, deleted = 0, deleted_at = 0, seen_gen = ?17,"
  " change_seq = ?18, wifi_mac = ?19, bluetooth_mac = ?20, ethernet_mac = ?21, imei = ?22,"
  " meid = ?23, eid = ?24, is_replacement = ?25, released_by_replacement = 0,"
  " migration_deadline = ?26 "
  "WHERE id = ?27 AND server = ?1 AND serial = ?2";

/* Protocol 8/10 fields, ?19 to ?26 of INSERT_DEVICE. */
static void
bind_recent_fields (sqlite3_stmt            *stmt,
                    const AdeptDeviceRecord *d)
{
  char *imei = adept_store_join_list (d->imei);
  char *meid = adept_store_join_list (d->meid);

  adept_store_bind_text (stmt, 19, d->wifi_mac_address);
  adept_store_bind_text (stmt, 20, d->bluetooth_mac_address);
  adept_store_bind_text (stmt, 21, d->ethernet_mac_address);
  if (imei != NULL)
    sqlite3_bind_text (stmt, 22, imei, -1, g_free);
  if (meid != NULL)
    sqlite3_bind_text (stmt, 23, meid, -1, g_free);
  adept_store_bind_text (stmt, 24, d->eid);
  sqlite3_bind_int (stmt, 25, d->is_replacement_device ? 1 : 0);
  sqlite3_bind_int64 (stmt, 26, d->mdm_migration_deadline);
}

/* sql: insert_new_sql (nothing happens for a known serial), upsert_sql, or update_sql for
 * the row id. */
static gboolean
write_device (Page                    *page,
              const AdeptDeviceRecord *d,
              const char              *sql,
              gint64                   op_date,
              gint64                   id,
              GError                 **error)
{
  AdeptOpType op = d->op_type;
  sqlite3_stmt *stmt = adept_store_prepare (page->store, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, page->server_num);
  adept_store_bind_text (stmt, 2, d->serial_number);
  adept_store_bind_text (stmt, 3, d->model);
  adept_store_bind_text (stmt, 4, d->description);
  adept_store_bind_text (stmt, 5, d->color);
  adept_store_bind_text (stmt, 6, d->asset_tag);
  adept_store_bind_text (stmt, 7, d->os);
  adept_store_bind_text (stmt, 8, d->device_family);
  adept_store_bind_text (stmt, 9, adept_profile_status_to_string (d->profile_status));
  adept_store_bind_text (stmt, 10, d->profile_uuid);
  sqlite3_bind_int64 (stmt, 11, d->profile_assign_time);
  sqlite3_bind_int64 (stmt, 12, d->profile_push_time);
  sqlite3_bind_int64 (stmt, 13, d->device_assigned_date);
  adept_store_bind_text (stmt, 14, d->device_assigned_by);
  if (op == ADEPT_OP_TYPE_NONE)
    sqlite3_bind_null (stmt, 15);
  else
    adept_store_bind_text (stmt, 15, adept_op_type_to_string (op));
  sqlite3_bind_int64 (stmt, 16, op_date);
  sqlite3_bind_int64 (stmt, 17, page->fetch_gen);
  sqlite3_bind_int64 (stmt, 18, page->seq);
  bind_recent_fields (stmt, d);
  if (sql == update_sql)
    sqlite3_bind_int64 (stmt, 27, id);
  return adept_store_step_done (page->store, stmt, error);
}

/* A record that changes nothing we show: keep its op_date (for "latest wins") and mark
 * it seen by this fetch. */
static gboolean
touch_device (Page                    *page,
              const AdeptDeviceRecord *d,
              const Existing          *existing,
              gint64                   op_date,
              GError                 **error)
{
  AdeptOpType op = d->op_type;
  /* By the row lookup() found: no second search of the serial's index. */
  sqlite3_stmt *stmt = adept_store_prepare (page->store,
    "UPDATE devices SET seen_gen = ?3, op_date = ?4, op_type = coalesce (?5, op_type) "
    "WHERE id = ?1",
    error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, existing->id);
  sqlite3_bind_int64 (stmt, 3, page->fetch_gen);
  sqlite3_bind_int64 (stmt, 4, op_date);
  adept_store_bind_text (stmt, 5, op == ADEPT_OP_TYPE_NONE ? NULL : adept_op_type_to_string (op));
  return adept_store_step_done (page->store, stmt, error);
}

static gboolean
mark_deleted (Page                    *page,
              const AdeptDeviceRecord *d,
              const Existing          *existing,
              GError                 **error)
{
  gint64 op_date = d->op_date;
  sqlite3_stmt *stmt;

  if (!existing->exists)
    {
      /* A tombstone, so a stale "added" for it later in the same sync cannot win. */
      stmt = adept_store_prepare (page->store,
        "INSERT INTO devices (server, serial, op_type, op_date, deleted, deleted_at,"
        " seen_gen, change_seq, released_by_replacement)"
        " VALUES (?1, ?2, 'deleted', ?3, 1, ?3, ?4, ?5, ?6)",
        error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 3, op_date);
      sqlite3_bind_int64 (stmt, 4, page->fetch_gen);
      sqlite3_bind_int64 (stmt, 5, page->seq);
    }
  else
    {
      stmt = adept_store_prepare (page->store,
        "UPDATE devices SET deleted = 1, deleted_at = ?3, op_type = 'deleted', op_date = ?3,"
        " change_seq = ?4, released_by_replacement = ?6 WHERE server = ?1 AND serial = ?2",
        error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 3, op_date ? op_date : page->now);
      sqlite3_bind_int64 (stmt, 4, page->seq);
    }
  /* Why it left: AppleCare replaced it (protocol 10), or ABM released it. */
  sqlite3_bind_int (stmt, 6, d->released_by_replacement ? 1 : 0);
  sqlite3_bind_int64 (stmt, 1, page->server_num);
  adept_store_bind_text (stmt, 2, d->serial_number);
  if (!adept_store_step_done (page->store, stmt, error))
    return FALSE;
  if (existing->exists && !existing->deleted)
    page->result->deleted++;
  return add_history (page, d, "deleted", op_date, error);
}

static gboolean
has_no_profile (const AdeptDeviceRecord *d)
{
  AdeptProfileStatus status = d->profile_status;
  const char *uuid = d->profile_uuid;

  return status == ADEPT_PROFILE_STATUS_EMPTY ||
         (status == ADEPT_PROFILE_STATUS_UNKNOWN && (uuid == NULL || *uuid == '\0'));
}

/* Device management migration (iOS and macOS 26): a device that arrives with a deadline
 * it did not have before must have this server's profile by then, so it gets the default
 * one at once, whether Apple reports it added, modified or in a fetch. */
static gboolean
is_migrating_in (Page                    *page,
                 const AdeptDeviceRecord *d,
                 const Existing          *existing)
{
  const char *serial = d->serial_number;
  gint64 deadline = d->mdm_migration_deadline;
  AdeptProfileStatus status = d->profile_status;
  gboolean arrives;

  if (deadline <= 0 || d->op_type == ADEPT_OP_TYPE_DELETED ||
      status == ADEPT_PROFILE_STATUS_ASSIGNED || status == ADEPT_PROFILE_STATUS_PUSHED)
    return FALSE;
  /* Sync may repeat a device in one page: the first record with the deadline made it
   * news, the repeats find it stored already. */
  arrives = !existing->exists || existing->deleted || existing->migration_deadline != deadline ||
            g_hash_table_contains (page->migrating, serial);
  if (arrives && !g_hash_table_contains (page->migrating, serial))
    g_hash_table_add (page->migrating, g_strdup (serial));
  return arrives;
}

/* Back on the server: seen leaving, or assigned to it again since we last saw it (left and
 * came back between two syncs, seen by a full fetch only: its Apple record starts over,
 * with a newer device_assigned_date). */
static gboolean
comes_back (const AdeptDeviceRecord *d,
            const Existing          *existing)
{
  return existing->exists &&
         (existing->deleted ||
          (existing->assigned_date > 0 && d->device_assigned_date > existing->assigned_date));
}

/* Devices new to the server get the default profile: "added" ones unless they already
 * carry a live profile, "modified" ones that arrive with no profile (devices moved from
 * another MDM server in ABM arrive so, dep-api.md §5.3), and devices a fetch shows us
 * for the first time without a profile, or back on the server without a live one. A
 * profile removed on purpose is left alone. */
static gboolean
wants_default_profile (Page                    *page,
                       const AdeptDeviceRecord *d,
                       const Existing          *existing)
{
  AdeptProfileStatus status = d->profile_status;
  gboolean back = comes_back (d, existing);
  gboolean new_here = !existing->exists || back;

  if (is_migrating_in (page, d, existing))
    return TRUE;
  switch (d->op_type)
    {
    case ADEPT_OP_TYPE_ADDED:
      return status != ADEPT_PROFILE_STATUS_ASSIGNED && status != ADEPT_PROFILE_STATUS_PUSHED;
    case ADEPT_OP_TYPE_MODIFIED:
      /* One that comes from another MDM server arrives as modified with its profile
       * removed (nanodep#16): new here, it wants the default like an added one. */
      return has_no_profile (d) || (new_here && status == ADEPT_PROFILE_STATUS_REMOVED);
    case ADEPT_OP_TYPE_NONE:
      /* Never seen with a profile removed: removed on purpose before we knew it. */
      return (new_here && has_no_profile (d)) || (back && status == ADEPT_PROFILE_STATUS_REMOVED);
    case ADEPT_OP_TYPE_DELETED:
    default:
      return FALSE;
    }
}

static void
note_verdict (Page                    *page,
              const AdeptDeviceRecord *d,
              gboolean                 wants)
{
  const char *serial = d->serial_number;
  gpointer key;

  if (!page->has_default)
    return;
  if (!g_hash_table_lookup_extended (page->verdicts, serial, &key, NULL))
    {
      key = g_strdup (serial);
      g_ptr_array_add (page->order, key);
    }
  g_hash_table_insert (page->verdicts, key, GINT_TO_POINTER (wants));
}

/* Most fetch records are devices never seen: inserting first saves looking them up. */
static gboolean
insert_if_new (Page                    *page,
               const AdeptDeviceRecord *d,
               gboolean                *inserted,
               GError                 **error)
{
  Existing none = { 0, };

  if (!write_device (page, d, insert_new_sql, 0, 0, error))
    return FALSE;
  *inserted = sqlite3_changes (page->store->db) > 0;
  if (!*inserted)
    return TRUE;

  note_verdict (page, d, wants_default_profile (page, d, &none));
  page->result->added++;
  /* The first fetch only shows what is there: the device row has its assigned date, and
   * 100,000 history rows would only slow the fetch down. */
  return page->fetch_gen == 0 ? TRUE : add_history (page, d, "added", 0, error);
}

static gboolean
apply_record (Page                    *page,
              const AdeptDeviceRecord *d,
              GError                 **error)
{
  AdeptOpType op = d->op_type;
  gint64 op_date = d->op_date;
  gboolean inserted = FALSE;
  gboolean is_new;
  Existing existing;

  if (op == ADEPT_OP_TYPE_NONE)
    {
      if (!insert_if_new (page, d, &inserted, error))
        return FALSE;
      if (inserted)
        return TRUE;
    }

  if (!lookup (page, d, &existing, error))
    return FALSE;

  /* Sync may return a device several times: only the latest op_date counts. Fetch
   * records carry no op_date and always describe the present. */
  if (op != ADEPT_OP_TYPE_NONE && existing.exists && existing.op_date > op_date)
    return TRUE;

  note_verdict (page, d, wants_default_profile (page, d, &existing));

  if (op == ADEPT_OP_TYPE_DELETED)
    return existing.exists && existing.deleted ? TRUE : mark_deleted (page, d, &existing, error);

  if (op == ADEPT_OP_TYPE_NONE)
    op_date = existing.op_date;

  is_new = !existing.exists || existing.deleted;
  if (!is_new && existing.same_content)
    {
      if (existing.seen_gen == page->fetch_gen && existing.op_date == op_date)
        return TRUE;
      return touch_device (page, d, &existing, op_date, error);
    }

  if (!write_device (page, d, existing.exists ? update_sql : upsert_sql, op_date, existing.id,
                     error))
    return FALSE;
  if (is_new)
    page->result->added++;
  else
    page->result->modified++;
  return add_history (page, d,
                      op != ADEPT_OP_TYPE_NONE ? adept_op_type_to_string (op)
                                               : (is_new ? "added" : "modified"),
                      op != ADEPT_OP_TYPE_NONE ? op_date : 0,
                      error);
}

/* The first full fetch of a server (fetch_gen 0, while nothing but this fetch has put
 * devices there) brings only devices the store has never had: they go in as plain rows,
 * BULK_ROWS to a statement, binding only the values a device has (insert_group_sorted).
 * One statement for many rows keeps its b-tree cursors open, so a row skips the
 * statement's setup and is appended to the change index where the last one went; OR
 * IGNORE spares the statement journal (nothing to undo when a row cannot go in). About
 * 30% less work a row than an upsert each. Should a serial be there after all (Apple
 * repeating a device), that statement's rows are sorted out one by one (find_skipped). */
#define BULK_ROWS ADEPT_STORE_MAX_ROWS

/* Unbound parameters are NULL: numbers that are 0 are not bound. */
static AdeptRowsSql bulk_sql = {
  "INSERT OR IGNORE INTO devices (server, serial, model, description, color, asset_tag, os,"
  " device_family, profile_status, profile_uuid, profile_assign_time, profile_push_time,"
  " device_assigned_date, device_assigned_by, op_type, op_date, deleted, deleted_at,"
  " seen_gen, change_seq, wifi_mac, bluetooth_mac, ethernet_mac, imei, meid, eid,"
  " is_replacement, released_by_replacement, migration_deadline) VALUES ",
  "(?1, ?+0, ?+1, ?+2, ?+3, ?+4, ?+5, ?+6, ?+7, ?+8,"
  " coalesce (?+9, 0), coalesce (?+10, 0), coalesce (?+11, 0), ?+12, NULL, 0, 0, 0, ?2, ?3,"
  " ?+13, ?+14, ?+15, ?+16, ?+17, ?+18, coalesce (?+19, 0), 0, coalesce (?+20, 0))",
  3, 21,   /* ?1 server (servers.num), ?2 seen_gen, ?3 change_seq */
};

static void
bind_text_if_set (sqlite3_stmt *stmt,
                  int           index,
                  const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC);
}

static void
bind_int_if_set (sqlite3_stmt *stmt,
                 int           index,
                 gint64        value)
{
  if (value != 0)
    sqlite3_bind_int64 (stmt, index, value);
}

/* As adept_store_join_list() stores it; a list of none or one (most devices: one IMEI
 * or none) without a copy. */
static void
bind_list_if_set (sqlite3_stmt       *stmt,
                  int                 index,
                  const char * const *list)
{
  if (list == NULL)
    return;
  if (list[0] == NULL || list[1] == NULL)
    sqlite3_bind_text (stmt, index, list[0] ? list[0] : "", -1, SQLITE_STATIC);
  else
    sqlite3_bind_text (stmt, index, adept_store_join_list (list), -1, g_free);
}

static void
bind_bulk_row (sqlite3_stmt            *stmt,
               guint                    row,
               const AdeptDeviceRecord *d)
{
  int p = ADEPT_ROW_PARAM (&bulk_sql, row, 0);

  bind_text_if_set (stmt, p, d->serial_number);
  bind_text_if_set (stmt, p + 1, d->model);
  bind_text_if_set (stmt, p + 2, d->description);
  bind_text_if_set (stmt, p + 3, d->color);
  bind_text_if_set (stmt, p + 4, d->asset_tag);
  bind_text_if_set (stmt, p + 5, d->os);
  bind_text_if_set (stmt, p + 6, d->device_family);
  bind_text_if_set (stmt, p + 7, adept_profile_status_to_string (d->profile_status));
  bind_text_if_set (stmt, p + 8, d->profile_uuid);
  bind_int_if_set (stmt, p + 9, d->profile_assign_time);
  bind_int_if_set (stmt, p + 10, d->profile_push_time);
  bind_int_if_set (stmt, p + 11, d->device_assigned_date);
  bind_text_if_set (stmt, p + 12, d->device_assigned_by);
  bind_text_if_set (stmt, p + 13, d->wifi_mac_address);
  bind_text_if_set (stmt, p + 14, d->bluetooth_mac_address);
  bind_text_if_set (stmt, p + 15, d->ethernet_mac_address);
  bind_list_if_set (stmt, p + 16, d->imei);
  bind_list_if_set (stmt, p + 17, d->meid);
  bind_text_if_set (stmt, p + 18, d->eid);
  bind_int_if_set (stmt, p + 19, d->is_replacement_device ? 1 : 0);
  bind_int_if_set (stmt, p + 20, d->mdm_migration_deadline);
}

static gint64
stored_id (Page                    *page,
           const AdeptDeviceRecord *d,
           GError                 **error)
{
  sqlite3_stmt *stmt = adept_store_prepare (page->store,
    "SELECT id FROM devices WHERE server = ?1 AND serial = ?2", error);
  gint64 id;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, page->server_num);
  adept_store_bind_text (stmt, 2, d->serial_number);
  id = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  sqlite3_reset (stmt);
  return id;
}

static gboolean
only_fetch_records (const AdeptDeviceRecord *records,
                    guint                    n)
{
  for (guint i = 0; i < n; i++)
    if (records[i].op_type != ADEPT_OP_TYPE_NONE)
      return FALSE;
  return TRUE;
}

/* The end of a complete fetch: what it did not return is no longer assigned to us. */
static gboolean
sweep_unseen (Page    *page,
              GError **error)
{
  sqlite3_stmt *stmt;
  int changed;

  stmt = adept_store_prepare (page->store,
    "INSERT INTO device_history (server_id, serial, op_type, op_date, recorded,"
    " profile_status, profile_uuid) "
    "SELECT ?1, serial, 'deleted', ?3, ?3, profile_status, profile_uuid FROM devices "
    "WHERE server = " ADEPT_STORE_SERVER_NUM ("?1") " AND deleted = 0 AND seen_gen < ?2",
    error);
  if (stmt == NULL)
    return FALSE;
  adept_store_bind_text (stmt, 1, page->server_id);
  sqlite3_bind_int64 (stmt, 2, page->fetch_gen);
  sqlite3_bind_int64 (stmt, 3, page->now);
  if (!adept_store_step_done (page->store, stmt, error))
    return FALSE;

  stmt = adept_store_prepare (page->store,
    "UPDATE devices SET deleted = 1, deleted_at = ?3, op_type = 'deleted', change_seq = ?4 "
    "WHERE server = ?1 AND deleted = 0 AND seen_gen < ?2",
    error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, page->server_num);
  sqlite3_bind_int64 (stmt, 2, page->fetch_gen);
  sqlite3_bind_int64 (stmt, 3, page->now);
  sqlite3_bind_int64 (stmt, 4, page->seq);
  if (!adept_store_step_done (page->store, stmt, error))
    return FALSE;
  changed = sqlite3_changes (page->store->db);
  page->result->deleted += changed;
  if (changed > 0)
    g_debug ("%d devices were missing from the full fetch of %s", changed, page->server_id);
  return TRUE;
}

static gboolean
read_page_state (Page    *page,
                 GError **error)
{
  g_autoptr(AdeptStmt) stmt = adept_store_prepare (page->store,
    "SELECT c.fetch_gen, s.change_seq, s.default_profile IS NOT NULL, s.num"
    " FROM cursors c JOIN servers s ON s.id = c.server_id "
    "WHERE c.server_id = ?1",
    error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  adept_store_bind_text (stmt, 1, page->server_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_FAILED,
                   _("The server “%s” is not in the local database. Link it first."), page->server_id);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    {
      adept_store_set_error (page->store, rc, error);
      return FALSE;
    }
  page->fetch_gen = sqlite3_column_int64 (stmt, 0);
  page->seq = sqlite3_column_int64 (stmt, 1) + 1;
  page->has_default = sqlite3_column_int (stmt, 2) != 0;
  page->server_num = sqlite3_column_int64 (stmt, 3);
  return TRUE;
}

static gboolean
write_page_state (Page       *page,
                  gint64      run_id,
                  const char *cursor,
                  gboolean    more_to_follow,
                  gint64      fetched_until,
                  GError    **error)
{
  AdeptStorePageResult *r = page->result;
  AdeptSyncPhase next = page->phase == ADEPT_SYNC_PHASE_FETCH && more_to_follow
    ? ADEPT_SYNC_PHASE_FETCH : ADEPT_SYNC_PHASE_SYNC;
  sqlite3_stmt *stmt;

  stmt = adept_store_prepare (page->store,
    "UPDATE cursors SET cursor = ?2, phase = ?3, fetched_until = ?4, updated = ?5 "
    "WHERE server_id = ?1",
    error);
  if (stmt == NULL)
    return FALSE;
  adept_store_bind_text (stmt, 1, page->server_id);
  adept_store_bind_text (stmt, 2, cursor);
  adept_store_bind_text (stmt, 3, next == ADEPT_SYNC_PHASE_FETCH ? "fetch" : "sync");
  sqlite3_bind_int64 (stmt, 4, fetched_until);
  sqlite3_bind_int64 (stmt, 5, page->now);
  if (!adept_store_step_done (page->store, stmt, error))
    return FALSE;

  if (r->added + r->modified + r->deleted > 0)
    {
      stmt = adept_store_prepare (page->store,
                                  "UPDATE servers SET change_seq = ?2 WHERE id = ?1", error);
      if (stmt == NULL)
        return FALSE;
      adept_store_bind_text (stmt, 1, page->server_id);
      sqlite3_bind_int64 (stmt, 2, page->seq);
      if (!adept_store_step_done (page->store, stmt, error))
        return FALSE;
    }

  if (run_id <= 0)
    return TRUE;
  stmt = adept_store_prepare (page->store,
    "UPDATE sync_journal SET pages = pages + 1, added = added + ?2, modified = modified + ?3,"
    " deleted = deleted + ?4 WHERE id = ?1",
    error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, run_id);
  sqlite3_bind_int (stmt, 2, r->added);
  sqlite3_bind_int (stmt, 3, r->modified);
  sqlite3_bind_int (stmt, 4, r->deleted);
  return adept_store_step_done (page->store, stmt, error);
}

/* In the page's transaction: what the auto-assigner owes must survive a process stopped
 * before it pays (issue 16 defect 2). */
static gboolean
record_pending (Page    *page,
                GError **error)
{
  sqlite3_stmt *stmt;

  for (guint i = 0; i < page->order->len; i++)
    {
      const char *serial = g_ptr_array_index (page->order, i);

      if (!GPOINTER_TO_INT (g_hash_table_lookup (page->verdicts, serial)))
        continue;
      stmt = adept_store_prepare (page->store,
        "INSERT INTO pending_assign (server_id, serial, since) VALUES (?1, ?2, ?3)"
        " ON CONFLICT (server_id, serial) DO NOTHING",
        error);
      if (stmt == NULL)
        return FALSE;
      adept_store_bind_text (stmt, 1, page->server_id);
      adept_store_bind_text (stmt, 2, serial);
      sqlite3_bind_int64 (stmt, 3, page->now);
      if (!adept_store_step_done (page->store, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static void
collect_candidates (Page *page)
{
  page->result->candidates = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < page->order->len; i++)
    {
      const char *serial = g_ptr_array_index (page->order, i);

      if (GPOINTER_TO_INT (g_hash_table_lookup (page->verdicts, serial)))
        g_ptr_array_add (page->result->candidates, g_strdup (serial));
    }
}

/* One page, inside the group's transaction: what committing it alone did before. */
static gboolean
apply_page (AdeptStore            *self,
            const char            *server_id,
            gint64                 run_id,
            const AdeptStorePage  *p,
            GHashTable            *skipped,
            AdeptStorePageResult  *result,
            GError               **error)
{
  g_autoptr(GHashTable) verdicts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) order = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) migrating = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GArray) history = g_array_sized_new (FALSE, FALSE, sizeof (HistoryRow),
                                                 ADEPT_STORE_MAX_ROWS);
  Page page = { self, server_id, 0, p->phase, 0, 0, adept_store_now (),
                result, FALSE, verdicts, order, migrating, history };
  guint done = 0;   /* records stored in bulk */

  if (!read_page_state (&page, error))
    return FALSE;

  if (skipped != NULL)
    {
      /* Its devices went in with the group's (insert_group_sorted). */
      Existing none = { 0, };

      for (guint i = 0; i < p->n_records; i++)
        {
          const AdeptDeviceRecord *d = &p->records[i];

          if (g_hash_table_contains (skipped, d))
            {
              if (!apply_record (&page, d, error))
                return FALSE;
              continue;
            }
          note_verdict (&page, d, wants_default_profile (&page, d, &none));
          page.result->added++;
        }
      done = p->n_records;
    }
  for (guint i = done; i < p->n_records; i++)
    if (!apply_record (&page, &p->records[i], error))
      return FALSE;
  if (!flush_history (&page, error))
    return FALSE;

  /* After the first full fetch (generation 0) no device can be unseen: no need to read
   * every row twice. */
  if (p->phase == ADEPT_SYNC_PHASE_FETCH && !p->more_to_follow && page.fetch_gen > 0 &&
      !sweep_unseen (&page, error))
    return FALSE;

  if (!record_pending (&page, error) ||
      !write_page_state (&page, run_id, p->cursor, p->more_to_follow, p->fetched_until, error))
    return FALSE;
  collect_candidates (&page);
  return TRUE;
}

typedef struct {
  guint64                  key;   /* the serial's first 8 bytes, big-endian */
  const AdeptDeviceRecord *d;
} SortRow;

/* Orders as strcmp() does, as far as the first 8 bytes go. */
static guint64
serial_key (const char *serial)
{
  guint64 key = 0;
  guint i = 0;

  for (; serial != NULL && i < 8 && serial[i] != '\0'; i++)
    key = key << 8 | (guchar) serial[i];
  return i == 0 ? 0 : key << (8 * (8 - i));
}

/* rows by serial: a radix sort of the keys (a comparison sort of 16,000 serials cost
 * ~800 instructions a row, a tenth of what the order saves), then the few rows whose
 * serials share 8 bytes by strcmp. */
static void
sort_by_serial (SortRow *rows,
                guint    n)
{
  g_autofree SortRow *other = g_new (SortRow, n);
  SortRow *from = rows, *to = other;

  for (guint shift = 0; shift < 64; shift += 8)
    {
      guint count[256] = { 0, };
      guint at = 0;

      for (guint i = 0; i < n; i++)
        count[(from[i].key >> shift) & 0xff]++;
      if (count[(from[0].key >> shift) & 0xff] == n)
        continue;   /* every key has the same byte here */
      for (guint b = 0; b < 256; b++)
        {
          guint c = count[b];

          count[b] = at;
          at += c;
        }
      for (guint i = 0; i < n; i++)
        to[count[(from[i].key >> shift) & 0xff]++] = from[i];
      from = to;
      to = from == rows ? other : rows;
    }
  if (from != rows)
    memcpy (rows, from, n * sizeof *rows);

  for (guint i = 1; i < n; i++)
    for (guint j = i; j > 0 && rows[j - 1].key == rows[j].key &&
                      g_strcmp0 (rows[j - 1].d->serial_number, rows[j].d->serial_number) > 0; j--)
      {
        SortRow t = rows[j];

        rows[j] = rows[j - 1];
        rows[j - 1] = t;
      }
}

/* A statement that left out some of rows (devices stored already, or a serial twice in
 * the group): those it stored have ids above first_id (a serial's first record only),
 * the others go in skipped, for their pages to apply one by one (apply_record). */
static gboolean
find_skipped (Page                            *page,
              const AdeptDeviceRecord * const *rows,
              guint                            n,
              gint64                           first_id,
              GHashTable                      *skipped,
              GError                         **error)
{
  g_autoptr(GHashTable) stored = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < n; i++)
    {
      gint64 id = stored_id (page, rows[i], error);

      if (id < 0)
        return FALSE;
      if (id <= first_id || !g_hash_table_add (stored, (gpointer) rows[i]->serial_number))
        g_hash_table_add (skipped, (gpointer) rows[i]);
    }
  return TRUE;
}

static gboolean
insert_sorted_rows (Page                            *page,
                    const AdeptDeviceRecord * const *rows,
                    guint                            n,
                    GHashTable                      *skipped,
                    GError                         **error)
{
  for (guint at = 0; at < n; at += BULK_ROWS)
    {
      guint k = MIN (BULK_ROWS, n - at);
      sqlite3_stmt *stmt = adept_store_prepare (page->store, adept_rows_sql (&bulk_sql, k), error);
      guint changed;

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, page->server_num);
      sqlite3_bind_int64 (stmt, 2, page->fetch_gen);
      sqlite3_bind_int64 (stmt, 3, page->seq);
      for (guint r = 0; r < k; r++)
        bind_bulk_row (stmt, r, rows[at + r]);
      if (!adept_store_step_done (page->store, stmt, error))
        return FALSE;
      changed = (guint) sqlite3_changes (page->store->db);
      if (changed == k)
        continue;
      if (!find_skipped (page, rows + at, k,
                         changed > 0 ? sqlite3_last_insert_rowid (page->store->db) - changed : G_MAXINT64,
                         skipped, error))
        return FALSE;
      /* One repeat is likely to mean more: the rest go row by row, as their pages come. */
      for (guint r = at + k; r < n; r++)
        g_hash_table_add (skipped, (gpointer) rows[r]);
      break;
    }
  return TRUE;
}

/* The pages of a first full fetch (see BULK_ROWS) that a group holds go in together, in
 * serial order: the serial index is filled leaf after leaf instead of at random places,
 * which pays more the larger the group is against the index (callgrind, 100,000 devices:
 * 19.4 million instructions a page unsorted at 10 pages a group, 19.2 sorted, 18.4 sorted
 * at 32; schema 7), and the rows' ids follow their serials, as the device list reads
 * them. Each row gets the change_seq the group's last page leaves on the server (nobody
 * sees the pages between: one transaction). *n_stored: how many of the group's pages
 * have their devices in, but for those in skipped (see find_skipped). */
static gboolean
insert_group_sorted (AdeptStore            *self,
                     const char            *server_id,
                     const AdeptStorePage  *pages,
                     guint                  n_pages,
                     guint                 *n_stored,
                     GHashTable            *skipped,
                     GError               **error)
{
  g_autofree SortRow *sorted = NULL;
  g_autofree const AdeptDeviceRecord **rows = NULL;
  guint n_rows = 0;
  Page page = { self, server_id, 0, ADEPT_SYNC_PHASE_FETCH, 0, 0, 0, NULL, FALSE, NULL, NULL, NULL,
                NULL };
  guint n_changing = 0;

  /* The fetch's pages before the sync that ends it, if the group holds that. */
  for (*n_stored = 0; *n_stored < n_pages; (*n_stored)++)
    {
      const AdeptStorePage *p = &pages[*n_stored];

      if (p->phase != ADEPT_SYNC_PHASE_FETCH || !only_fetch_records (p->records, p->n_records))
        break;
      n_changing += p->n_records > 0 ? 1 : 0;
    }
  n_pages = *n_stored;
  *n_stored = 0;
  if (n_changing == 0)
    return TRUE;
  if (!read_page_state (&page, error))
    return FALSE;
  if (page.fetch_gen != 0)
    return TRUE;
  /* Each page that adds devices moves the server's change_seq on by one. */
  page.seq += n_changing - 1;

  for (guint i = 0; i < n_pages; i++)
    n_rows += pages[i].n_records;
  sorted = g_new (SortRow, n_rows);
  for (guint i = 0, at = 0; i < n_pages; i++)
    for (guint k = 0; k < pages[i].n_records; k++, at++)
      sorted[at] = (SortRow) { serial_key (pages[i].records[k].serial_number), &pages[i].records[k] };
  sort_by_serial (sorted, n_rows);
  rows = g_new (const AdeptDeviceRecord *, n_rows);
  for (guint i = 0; i < n_rows; i++)
    rows[i] = sorted[i].d;

  if (!insert_sorted_rows (&page, rows, n_rows, skipped, error))
    return FALSE;   /* the caller rolls the transaction back */
  if (g_hash_table_size (skipped) > 0)
    g_debug ("%u devices of the first fetch of %s are stored already", g_hash_table_size (skipped), server_id);
  *n_stored = n_pages;
  return TRUE;
}

/* A serial owed the default profile in two pages of the group is a candidate once. */
static void
add_result (AdeptStorePageResult *total,
            AdeptStorePageResult *page,
            GHashTable           *seen)
{
  total->added += page->added;
  total->modified += page->modified;
  total->deleted += page->deleted;
  for (guint i = 0; i < page->candidates->len; i++)
    {
      char *serial = g_ptr_array_index (page->candidates, i);

      if (g_hash_table_add (seen, serial))
        g_ptr_array_add (total->candidates, g_strdup (serial));
    }
}

gboolean
adept_store_commit_pages (AdeptStore            *self,
                          const char            *server_id,
                          gint64                 run_id,
                          const AdeptStorePage  *pages,
                          guint                  n_pages,
                          AdeptStorePageResult  *result,
                          GError               **error)
{
  AdeptStorePageResult local = { 0, };
  AdeptStorePageResult *total = result ? result : &local;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) page_results = g_ptr_array_new ();
  guint n_stored = 0;  /* pages whose devices are in (a first fetch's, in serial order) */
  g_autoptr(GHashTable) skipped = g_hash_table_new (NULL, NULL);   /* …but these records */
  gboolean ok = TRUE;

  g_return_val_if_fail (ADEPT_IS_STORE (self), FALSE);
  g_return_val_if_fail (server_id != NULL, FALSE);
  g_return_val_if_fail (pages != NULL && n_pages > 0, FALSE);
  for (guint i = 0; i < n_pages; i++)
    g_return_val_if_fail (pages[i].records != NULL || pages[i].n_records == 0, FALSE);

  memset (total, 0, sizeof *total);
  total->candidates = g_ptr_array_new_with_free_func (g_free);

  if (!adept_store_begin (self, error) ||
      !insert_group_sorted (self, server_id, pages, n_pages, &n_stored, skipped, error))
    ok = FALSE;
  for (guint i = 0; ok && i < n_pages; i++)
    {
      AdeptStorePageResult *page_result = g_new0 (AdeptStorePageResult, 1);

      g_ptr_array_add (page_results, page_result);
      ok = apply_page (self, server_id, run_id, &pages[i], i < n_stored ? skipped : NULL,
                       page_result, error);
      if (ok)
        add_result (total, page_result, seen);
    }
  if (ok && !adept_store_commit (self, error))
    ok = FALSE;
  if (!ok)
    adept_store_rollback (self);

  for (guint i = 0; i < page_results->len; i++)
    {
      adept_store_page_result_clear (g_ptr_array_index (page_results, i));
      g_free (g_ptr_array_index (page_results, i));
    }
  if (!ok || result == NULL)
    {
      adept_store_page_result_clear (total);
      memset (total, 0, sizeof *total);
    }
  return ok;
}

gboolean
adept_store_commit_records (AdeptStore               *self,
                            const char               *server_id,
                            gint64                    run_id,
                            AdeptSyncPhase            phase,
                            const AdeptDeviceRecord  *records,
                            guint                     n_records,
                            const char               *cursor,
                            gboolean                  more_to_follow,
                            gint64                    fetched_until,
                            AdeptStorePageResult     *result,
                            GError                  **error)
{
  AdeptStorePage page = { phase, records, n_records, cursor, more_to_follow, fetched_until };

  return adept_store_commit_pages (self, server_id, run_id, &page, 1, result, error);
}

gboolean
adept_store_commit_page (AdeptStore           *self,
                         const char           *server_id,
                         gint64                run_id,
                         AdeptSyncPhase        phase,
                         GPtrArray            *devices,
                         const char           *cursor,
                         gboolean              more_to_follow,
                         gint64                fetched_until,
                         AdeptStorePageResult *result,
                         GError              **error)
{
  guint n = devices != NULL ? devices->len : 0;
  g_autofree AdeptDeviceRecord *records = g_new (AdeptDeviceRecord, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    records[i] = *adept_device_get_record (g_ptr_array_index (devices, i));
  return adept_store_commit_records (self, server_id, run_id, phase, records, n, cursor,
                                     more_to_follow, fetched_until, result, error);
}

void
adept_store_page_result_clear (AdeptStorePageResult *result)
{
  g_clear_pointer (&result->candidates, g_ptr_array_unref);
}

/* Reading devices */

sqlite3_stmt *
adept_store_query_devices (AdeptStore *self,
                           const char *server_id,
                           gint64      since,
                           GError    **error)
{
  sqlite3_stmt *stmt;

  /* Everything in table order: faster than walking the serial index for every row; the
   * caller sorts. */
  if (since <= 0)
    stmt = adept_store_prepare (self,
      "SELECT " ADEPT_STORE_DEVICE_COLUMNS " FROM devices "
      "WHERE server = " ADEPT_STORE_SERVER_NUM ("?1") " AND deleted = 0",
      error);
  else
    stmt = adept_store_prepare (self,
      "SELECT " ADEPT_STORE_DEVICE_COLUMNS " FROM devices "
      "WHERE server = " ADEPT_STORE_SERVER_NUM ("?1") " AND change_seq > ?2 ORDER BY serial",
      error);
  if (stmt == NULL)
    return NULL;
  adept_store_bind_text (stmt, 1, server_id);
  if (since > 0)
    sqlite3_bind_int64 (stmt, 2, since);
  return stmt;
}

AdeptDevice *
adept_store_device_from_row (sqlite3_stmt *stmt)
{
  AdeptDevice *d = adept_device_new (adept_store_column_text (stmt, DEVICE_COL_SERIAL));

  adept_device_set_model (d, adept_store_column_text (stmt, DEVICE_COL_MODEL));
  adept_device_set_description (d, adept_store_column_text (stmt, DEVICE_COL_DESCRIPTION));
  adept_device_set_color (d, adept_store_column_text (stmt, DEVICE_COL_COLOR));
  adept_device_set_asset_tag (d, adept_store_column_text (stmt, DEVICE_COL_ASSET_TAG));
  adept_device_set_os (d, adept_store_column_text (stmt, DEVICE_COL_OS));
  adept_device_set_device_family (d, adept_store_column_text (stmt, DEVICE_COL_FAMILY));
  adept_device_set_profile_status (d, adept_profile_status_from_string (
                                     adept_store_column_text (stmt, DEVICE_COL_PROFILE_STATUS)));
  adept_device_set_profile_uuid (d, adept_store_column_text (stmt, DEVICE_COL_PROFILE_UUID));
  adept_device_set_profile_assign_time (d, sqlite3_column_int64 (stmt, DEVICE_COL_ASSIGN_TIME));
  adept_device_set_profile_push_time (d, sqlite3_column_int64 (stmt, DEVICE_COL_PUSH_TIME));
  adept_device_set_device_assigned_date (d, sqlite3_column_int64 (stmt, DEVICE_COL_ASSIGNED_DATE));
  adept_device_set_device_assigned_by (d, adept_store_column_text (stmt, DEVICE_COL_ASSIGNED_BY));
  adept_device_set_op_type (d, adept_op_type_from_string (
                              adept_store_column_text (stmt, DEVICE_COL_OP_TYPE)));
  adept_device_set_op_date (d, sqlite3_column_int64 (stmt, DEVICE_COL_OP_DATE));
  adept_store_device_set_recent_fields (d, stmt);
  return d;
}

void
adept_store_device_set_recent_fields (AdeptDevice  *d,
                                      sqlite3_stmt *stmt)
{
  g_auto(GStrv) imei = adept_store_split_list (adept_store_column_text (stmt, DEVICE_COL_IMEI));
  g_auto(GStrv) meid = adept_store_split_list (adept_store_column_text (stmt, DEVICE_COL_MEID));

  adept_device_set_wifi_mac_address (d, adept_store_column_text (stmt, DEVICE_COL_WIFI_MAC));
  adept_device_set_bluetooth_mac_address (d, adept_store_column_text (stmt, DEVICE_COL_BLUETOOTH_MAC));
  adept_device_set_ethernet_mac_address (d, adept_store_column_text (stmt, DEVICE_COL_ETHERNET_MAC));
  adept_device_set_imei (d, (const char * const *) imei);
  adept_device_set_meid (d, (const char * const *) meid);
  adept_device_set_eid (d, adept_store_column_text (stmt, DEVICE_COL_EID));
  adept_device_set_is_replacement_device (d, sqlite3_column_int (stmt, DEVICE_COL_IS_REPLACEMENT) != 0);
  adept_device_set_released_by_replacement (d, sqlite3_column_int (stmt, DEVICE_COL_RELEASED_BY_REPLACEMENT) != 0);
  adept_device_set_mdm_migration_deadline (d, sqlite3_column_int64 (stmt, DEVICE_COL_MIGRATION_DEADLINE));
}

char *
adept_store_join_list (const char * const *list)
{
  return list != NULL ? g_strjoinv (",", (char **) list) : NULL;
}

GStrv
adept_store_split_list (const char *text)
{
  if (text == NULL)
    return NULL;
  if (*text == '\0')
    return g_new0 (char *, 1);
  return g_strsplit (text, ",", -1);
}

AdeptDevice *
adept_store_get_device (AdeptStore *self,
                        const char *server_id,
                        const char *serial,
                        gboolean   *deleted,
                        GError    **error)
{
  g_autoptr(AdeptStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (ADEPT_IS_STORE (self), NULL);

  stmt = adept_store_prepare (self,
    "SELECT " ADEPT_STORE_DEVICE_COLUMNS " FROM devices "
    "WHERE server = " ADEPT_STORE_SERVER_NUM ("?1") " AND serial = ?2",
    error);
  if (stmt == NULL)
    return NULL;
  adept_store_bind_text (stmt, 1, server_id);
  adept_store_bind_text (stmt, 2, serial);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      if (deleted != NULL)
        *deleted = sqlite3_column_int (stmt, DEVICE_COL_DELETED) != 0;
      return adept_store_device_from_row (stmt);
    }
  if (rc != SQLITE_DONE)
    adept_store_set_error (self, rc, error);
  return NULL;
}

gboolean
adept_store_each_device (AdeptStore          *self,
                         const char          *server_id,
                         int                  status,
                         AdeptStoreEachDevice func,
                         gpointer             user_data,
                         GError             **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (ADEPT_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  /* The serial index gives the order: no sort, so the first row comes at once. Named,
   * as it leads with the serial (schema 8): the planner would rather sort. */
  stmt = adept_store_prepare (self,
    "SELECT " ADEPT_STORE_DEVICE_COLUMNS " FROM devices INDEXED BY devices_by_serial "
    "WHERE server = " ADEPT_STORE_SERVER_NUM ("?1") " AND deleted = 0"
    " AND (?2 IS NULL OR profile_status = ?2) "
    "ORDER BY serial",
    error);
  if (stmt == NULL)
    return FALSE;
  adept_store_bind_text (stmt, 1, server_id);
  adept_store_bind_text (stmt, 2, status < 0 ? NULL : adept_profile_status_to_string (status));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(AdeptDevice) device = adept_store_device_from_row (stmt);

      func (device, user_data);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      adept_store_set_error (self, rc, error);
      return FALSE;
    }
  return TRUE;
}

static void
collect_device (AdeptDevice *device,
                gpointer     user_data)
{
  g_ptr_array_add (user_data, g_object_ref (device));
}

GPtrArray *
adept_store_list_devices (AdeptStore *self,
                          const char *server_id,
                          int         status,
                          GError    **error)
{
  g_autoptr(GPtrArray) devices = g_ptr_array_new_with_free_func (g_object_unref);

  if (!adept_store_each_device (self, server_id, status, collect_device, devices, error))
    return NULL;
  return g_steal_pointer (&devices);
}

guint
adept_store_count_devices (AdeptStore *self,
                           const char *server_id,
                           GError    **error)
{
  g_autoptr(AdeptStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (ADEPT_IS_STORE (self), 0);

  stmt = adept_store_prepare (self,
    "SELECT count(*) FROM devices WHERE server = " ADEPT_STORE_SERVER_NUM ("?1") " AND deleted = 0",
    error);
  if (stmt == NULL)
    return 0;
  adept_store_bind_text (stmt, 1, server_id);
  /* The count reads every row (no index has "deleted"), and every session reads it when
   * it opens: with the usual cache, each adeptctl run and console start would keep 16 MB
   * of rows it never looks at again. A small cache for the scan, then the usual one. */
  sqlite3_exec (self->db, "PRAGMA cache_size = -256", NULL, NULL, NULL);
  rc = sqlite3_step (stmt);
  sqlite3_exec (self->db, "PRAGMA cache_size = " ADEPT_STORE_CACHE_SIZE, NULL, NULL, NULL);
  if (rc != SQLITE_ROW)
    {
      adept_store_set_error (self, rc, error);
      return 0;
    }
  return sqlite3_column_int (stmt, 0);
}

static void
read_device_row (sqlite3_stmt        *stmt,
                 AdeptStoreDeviceRow *row)
{
  row->serial = adept_store_column_text (stmt, DEVICE_COL_SERIAL);
  row->model = adept_store_column_text (stmt, DEVICE_COL_MODEL);
  row->description = adept_store_column_text (stmt, DEVICE_COL_DESCRIPTION);
  row->color = adept_store_column_text (stmt, DEVICE_COL_COLOR);
  row->asset_tag = adept_store_column_text (stmt, DEVICE_COL_ASSET_TAG);
  row->os = adept_store_column_text (stmt, DEVICE_COL_OS);
  row->device_family = adept_store_column_text (stmt, DEVICE_COL_FAMILY);
  row->profile_status = adept_profile_status_from_string (
    adept_store_column_text (stmt, DEVICE_COL_PROFILE_STATUS));
  row->profile_uuid = adept_store_column_text (stmt, DEVICE_COL_PROFILE_UUID);
  row->profile_assign_time = sqlite3_column_int64 (stmt, DEVICE_COL_ASSIGN_TIME);
  row->profile_push_time = sqlite3_column_int64 (stmt, DEVICE_COL_PUSH_TIME);
  row->device_assigned_date = sqlite3_column_int64 (stmt, DEVICE_COL_ASSIGNED_DATE);
  row->device_assigned_by = adept_store_column_text (stmt, DEVICE_COL_ASSIGNED_BY);
  row->op_type = adept_op_type_from_string (adept_store_column_text (stmt, DEVICE_COL_OP_TYPE));
  row->op_date = sqlite3_column_int64 (stmt, DEVICE_COL_OP_DATE);
  row->deleted = sqlite3_column_int (stmt, DEVICE_COL_DELETED) != 0;
  row->change_seq = sqlite3_column_int64 (stmt, DEVICE_COL_CHANGE_SEQ);
  row->wifi_mac_address = adept_store_column_text (stmt, DEVICE_COL_WIFI_MAC);
  row->bluetooth_mac_address = adept_store_column_text (stmt, DEVICE_COL_BLUETOOTH_MAC);
  row->ethernet_mac_address = adept_store_column_text (stmt, DEVICE_COL_ETHERNET_MAC);
  row->imei = adept_store_column_text (stmt, DEVICE_COL_IMEI);
  row->meid = adept_store_column_text (stmt, DEVICE_COL_MEID);
  row->eid = adept_store_column_text (stmt, DEVICE_COL_EID);
  row->is_replacement_device = sqlite3_column_int (stmt, DEVICE_COL_IS_REPLACEMENT) != 0;
  row->mdm_migration_deadline = sqlite3_column_int64 (stmt, DEVICE_COL_MIGRATION_DEADLINE);
}

static gboolean
step_device_rows (AdeptStore           *self,
                  sqlite3_stmt         *stmt,
                  AdeptStoreDeviceFunc  func,
                  gpointer              user_data,
                  GError              **error)
{
  AdeptStoreDeviceRow row;
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      read_device_row (stmt, &row);
      func (&row, user_data);
    }
  if (rc != SQLITE_DONE)
    {
      adept_store_set_error (self, rc, error);
      return FALSE;
    }
  return TRUE;
}

gboolean
adept_store_foreach_device (AdeptStore           *self,
                            const char           *server_id,
                            gint64                since,
                            AdeptStoreDeviceFunc  func,
                            gpointer              user_data,
                            GError              **error)
{
  g_autoptr(AdeptStmt) stmt = NULL;

  g_return_val_if_fail (ADEPT_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  stmt = adept_store_query_devices (self, server_id, since, error);
  if (stmt == NULL)
    return FALSE;
  return step_device_rows (self, stmt, func, user_data, error);
}

gboolean
adept_store_foreach_first_device (AdeptStore           *self,
                                  const char           *server_id,
                                  guint                 limit,
                                  AdeptStoreDeviceFunc  func,
                                  gpointer              user_data,
                                  GError              **error)
{
  g_autoptr(AdeptStmt) stmt = NULL;

  g_return_val_if_fail (ADEPT_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  /* The serial index gives the order: a few milliseconds, however many devices (named,
   * as in adept_store_each_device()). */
  stmt = adept_store_prepare (self,
    "SELECT " ADEPT_STORE_DEVICE_COLUMNS " FROM devices INDEXED BY devices_by_serial "
    "WHERE server = " ADEPT_STORE_SERVER_NUM ("?1") " AND deleted = 0 ORDER BY serial LIMIT ?2",
    error);
  if (stmt == NULL)
    return FALSE;
  adept_store_bind_text (stmt, 1, server_id);
  sqlite3_bind_int64 (stmt, 2, limit);
  return step_device_rows (self, stmt, func, user_data, error);
}

void
adept_store_release_memory (AdeptStore *self)
{
  g_return_if_fail (ADEPT_IS_STORE (self));

  sqlite3_db_release_memory (self->db);
}

GHashTable *
adept_store_count_devices_by_profile (AdeptStore  *self,
                                      const char  *server_id,
                                      GError     **error)
{
  g_autoptr(AdeptStmt) stmt = NULL;
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  int rc;

  g_return_val_if_fail (ADEPT_IS_STORE (self), NULL);

  stmt = adept_store_prepare (self,
    "SELECT profile_uuid, count(*) FROM devices"
    " WHERE server = " ADEPT_STORE_SERVER_NUM ("?1") " AND deleted = 0"
    " AND profile_uuid IS NOT NULL AND profile_status IN ('assigned', 'pushed')"
    " GROUP BY profile_uuid",
    error);
  if (stmt == NULL)
    return NULL;
  adept_store_bind_text (stmt, 1, server_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_insert (counts, adept_store_column_dup (stmt, 0),
                         GUINT_TO_POINTER ((guint) sqlite3_column_int64 (stmt, 1)));
  if (rc != SQLITE_DONE)
    {
      adept_store_set_error (self, rc, error);
      return NULL;
    }
  return g_steal_pointer (&counts);
}

GStrv
adept_store_dup_profile_serials (AdeptStore  *self,
                                 const char  *server_id,
                                 const char  *profile_uuid,
                                 GError     **error)
{
  g_autoptr(AdeptStmt) stmt = NULL;
  g_autoptr(GStrvBuilder) serials = g_strv_builder_new ();
  int rc;

  g_return_val_if_fail (ADEPT_IS_STORE (self), NULL);
  g_return_val_if_fail (profile_uuid != NULL, NULL);

  stmt = adept_store_prepare (self,
    "SELECT serial FROM devices"
    " WHERE server = " ADEPT_STORE_SERVER_NUM ("?1") " AND deleted = 0 AND profile_uuid = ?2"
    " AND profile_status IN ('assigned', 'pushed') ORDER BY serial",
    error);
  if (stmt == NULL)
    return NULL;
  adept_store_bind_text (stmt, 1, server_id);
  adept_store_bind_text (stmt, 2, profile_uuid);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (serials, adept_store_column_text (stmt, 0));
  if (rc != SQLITE_DONE)
    {
      adept_store_set_error (self, rc, error);
      return NULL;
    }
  return g_strv_builder_end (serials);
}

static gpointer
change_from_row (sqlite3_stmt *stmt)
{
  AdeptDeviceChange *change = g_new0 (AdeptDeviceChange, 1);

  change->serial_number = adept_store_column_dup (stmt, 0);
  change->op_type = adept_store_column_dup (stmt, 1);
  change->op_date = sqlite3_column_int64 (stmt, 2);
  change->recorded = sqlite3_column_int64 (stmt, 3);
  change->profile_status = adept_profile_status_from_string (adept_store_column_text (stmt, 4));
  change->profile_uuid = adept_store_column_dup (stmt, 5);
  return change;
}

GPtrArray *
adept_store_list_device_history (AdeptStore *self,
                                 const char *server_id,
                                 const char *serial,
                                 GError    **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (ADEPT_IS_STORE (self), NULL);

  stmt = adept_store_prepare (self,
    "SELECT serial, op_type, op_date, recorded, profile_status, profile_uuid "
    "FROM device_history WHERE server_id = ?1 AND serial = ?2 ORDER BY id",
    error);
  if (stmt == NULL)
    return NULL;
  adept_store_bind_text (stmt, 1, server_id);
  adept_store_bind_text (stmt, 2, serial);
  return adept_store_collect (self, stmt, change_from_row,
                              (GDestroyNotify) adept_device_change_free, error);
}

AdeptDeviceChange *
adept_device_change_copy (const AdeptDeviceChange *change)
{
  AdeptDeviceChange *copy = g_memdup2 (change, sizeof *change);

  copy->serial_number = g_strdup (change->serial_number);
  copy->op_type = g_strdup (change->op_type);
  copy->profile_uuid = g_strdup (change->profile_uuid);
  return copy;
}

void
adept_device_change_free (AdeptDeviceChange *change)
{
  if (change == NULL)
    return;
  g_free (change->serial_number);
  g_free (change->op_type);
  g_free (change->profile_uuid);
  g_free (change);
}

G_DEFINE_BOXED_TYPE (AdeptDeviceChange,        adept_device_change,
                     adept_device_change_copy, adept_device_change_free)
