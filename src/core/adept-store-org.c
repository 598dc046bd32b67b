/* adept-store-org.c — the organisation's tables (schema version 4, adept-store.c)
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-store"

#include "config.h"

#include <string.h>

#include "adept-device.h"
#include "adept-error.h"
#include "adept-store-org-private.h"

void
adept_stored_org_free (AdeptStoredOrg *org)
{
  if (org == NULL)
    return;
  g_free (org->org_id);
  g_free (org->client_id);
  g_free (org->key_id);
  g_free (org->token_url);
  g_free (org->api_url);
  g_free (org);
}

static gboolean
fail (AdeptStore *self)
{
  adept_store_rollback (self);
  return FALSE;
}

/* ---- The connection ---- */

gboolean
adept_store_save_org (AdeptStore            *self,
                      const AdeptStoredOrg  *org,
                      GError               **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (ADEPT_IS_STORE (self), FALSE);
  g_return_val_if_fail (org != NULL && org->org_id != NULL, FALSE);

  stmt = adept_store_prepare (self,
    "INSERT INTO orgs (id, client_id, key_id, token_url, api_url, connected) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
    "ON CONFLICT (id) DO UPDATE SET client_id = excluded.client_id, key_id = excluded.key_id,"
    " token_url = excluded.token_url, api_url = excluded.api_url,"
    " connected = CASE WHEN excluded.connected > 0 THEN excluded.connected ELSE connected END",
    error);
  if (stmt == NULL)
    return FALSE;
  adept_store_bind_text (stmt, 1, org->org_id);
  adept_store_bind_text (stmt, 2, org->client_id);
  adept_store_bind_text (stmt, 3, org->key_id);
  adept_store_bind_text (stmt, 4, org->token_url);
  adept_store_bind_text (stmt, 5, org->api_url);
  sqlite3_bind_int64 (stmt, 6, org->connected);
  return adept_store_step_done (self, stmt, error);
}

AdeptStoredOrg *
adept_store_get_org (AdeptStore  *self,
                     const char  *org_id,
                     GError     **error)
{
  g_autoptr(AdeptStmt) stmt = NULL;
  AdeptStoredOrg *org;
  int rc;

  g_return_val_if_fail (ADEPT_IS_STORE (self), NULL);

  stmt = adept_store_prepare (self,
                              "SELECT id, client_id, key_id, token_url, api_url, connected, listed "
                              "FROM orgs WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  adept_store_bind_text (stmt, 1, org_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return NULL;
  if (rc != SQLITE_ROW)
    {
      adept_store_set_error (self, rc, error);
      return NULL;
    }
  org = g_new0 (AdeptStoredOrg, 1);
  org->org_id = adept_store_column_dup (stmt, 0);
  org->client_id = adept_store_column_dup (stmt, 1);
  org->key_id = adept_store_column_dup (stmt, 2);
  org->token_url = adept_store_column_dup (stmt, 3);
  org->api_url = adept_store_column_dup (stmt, 4);
  org->connected = sqlite3_column_int64 (stmt, 5);
  org->listed = sqlite3_column_int64 (stmt, 6);
  return org;
}

static gboolean
run_for_org (AdeptStore  *self,
             const char  *sql,
             const char  *org_id,
             GError     **error)
{
  sqlite3_stmt *stmt = adept_store_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  adept_store_bind_text (stmt, 1, org_id);
  return adept_store_step_done (self, stmt, error);
}

gboolean
adept_store_delete_org (AdeptStore  *self,
                        const char  *org_id,
                        GError     **error)
{
  g_return_val_if_fail (ADEPT_IS_STORE (self), FALSE);

  if (!adept_store_begin (self, error) ||
      !run_for_org (self, "DELETE FROM org_activity_devices WHERE org_id = ?1", org_id, error) ||
      !run_for_org (self, "DELETE FROM org_activities WHERE org_id = ?1", org_id, error) ||
      !run_for_org (self, "DELETE FROM org_devices WHERE org_id = ?1", org_id, error) ||
      !run_for_org (self, "DELETE FROM org_servers WHERE org_id = ?1", org_id, error) ||
      !run_for_org (self, "DELETE FROM orgs WHERE id = ?1", org_id, error))
    return fail (self);
  return adept_store_commit (self, error);
}

/* The one number sql (binding ?1 to the organisation) answers, -1 on error. The row is
 * made when missing, so a listing works before the connection was saved. */
static gint64
org_number (AdeptStore  *self,
            const char  *org_id,
            const char  *sql,
            GError     **error)
{
  g_autoptr(AdeptStmt) stmt = NULL;
  int rc;

  if (!run_for_org (self, "INSERT INTO orgs (id) VALUES (?1) ON CONFLICT (id) DO NOTHING", org_id, error))
    return -1;
  stmt = adept_store_prepare (self, sql, error);
  if (stmt == NULL)
    return -1;
  adept_store_bind_text (stmt, 1, org_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      adept_store_set_error (self, rc, error);
      return -1;
    }
  return sqlite3_column_int64 (stmt, 0);
}

/* The next change sequence of the organisation, inside the caller's transaction. */
static gint64
next_seq (AdeptStore  *self,
          const char  *org_id,
          GError     **error)
{
  return org_number (self, org_id,
                     "UPDATE orgs SET change_seq = change_seq + 1 WHERE id = ?1 RETURNING change_seq", error);
}

gint64
adept_store_org_get_change_seq (AdeptStore *self,
                                const char *org_id)
{
  g_autoptr(AdeptStmt) stmt = NULL;

  g_return_val_if_fail (ADEPT_IS_STORE (self), 0);

  stmt = adept_store_prepare (self, "SELECT change_seq FROM orgs WHERE id = ?1", NULL);
  if (stmt == NULL)
    return 0;
  adept_store_bind_text (stmt, 1, org_id);
  return sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
}

/* ---- A listing ---- */

gint64
adept_store_org_begin_listing (AdeptStore  *self,
                               const char  *org_id,
                               GError     **error)
{
  g_return_val_if_fail (ADEPT_IS_STORE (self), -1);

  return org_number (self, org_id, "SELECT list_gen + 1 FROM orgs WHERE id = ?1", error);
}

/* id → name of the stored servers. */
static GHashTable *
read_server_names (AdeptStore  *self,
                   const char  *org_id,
                   GError     **error)
{
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite3_stmt *stmt = adept_store_prepare (self, "SELECT id, name FROM org_servers WHERE org_id = ?1", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  adept_store_bind_text (stmt, 1, org_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_insert (names, adept_store_column_dup (stmt, 0), adept_store_column_dup (stmt, 1));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      adept_store_set_error (self, rc, error);
      return NULL;
    }
  return g_steal_pointer (&names);
}

/* Device rows show their server's name: those of a server renamed, new or gone are read
 * again by the lists. */
static gboolean
touch_server_rows (AdeptStore  *self,
                   const char  *org_id,
                   const char  *server_id,
                   gint64      *seq,
                   GError     **error)
{
  sqlite3_stmt *stmt;

  if (*seq < 0 && (*seq = next_seq (self, org_id, error)) < 0)
    return FALSE;
  stmt = adept_store_prepare (self, "UPDATE org_devices SET change_seq = ?3 "
                              "WHERE org_id = ?1 AND server_id = ?2 AND deleted = 0", error);
  if (stmt == NULL)
    return FALSE;
  adept_store_bind_text (stmt, 1, org_id);
  adept_store_bind_text (stmt, 2, server_id);
  sqlite3_bind_int64 (stmt, 3, *seq);
  return adept_store_step_done (self, stmt, error);
}

gboolean
adept_store_org_save_servers (AdeptStore  *self,
                              const char  *org_id,
                              GPtrArray   *servers,
                              GError     **error)
{
  g_autoptr(GHashTable) old = NULL;
  gint64 seq = -1;

  g_return_val_if_fail (ADEPT_IS_STORE (self), FALSE);

  if (!adept_store_begin (self, error) || (old = read_server_names (self, org_id, error)) == NULL ||
      !run_for_org (self, "DELETE FROM org_servers WHERE org_id = ?1", org_id, error))
    return fail (self);
  for (guint i = 0; i < servers->len; i++)
    {
      AdeptOrgServer *server = g_ptr_array_index (servers, i);
      const char *id = adept_org_server_get_id (server);
      gpointer old_name = NULL;
      gboolean known = g_hash_table_lookup_extended (old, id, NULL, &old_name);
      sqlite3_stmt *stmt = adept_store_prepare (self,
        "INSERT OR REPLACE INTO org_servers (org_id, id, name, type, created, updated) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);

      if (stmt == NULL)
        return fail (self);
      adept_store_bind_text (stmt, 1, org_id);
      adept_store_bind_text (stmt, 2, id);
      adept_store_bind_text (stmt, 3, adept_org_server_get_name (server));
      adept_store_bind_text (stmt, 4, adept_org_server_get_server_type (server));
      sqlite3_bind_int64 (stmt, 5, adept_org_server_get_created (server));
      sqlite3_bind_int64 (stmt, 6, adept_org_server_get_updated (server));
      if (!adept_store_step_done (self, stmt, error) ||
          ((!known || g_strcmp0 (old_name, adept_org_server_get_name (server)) != 0) &&
           !touch_server_rows (self, org_id, id, &seq, error)))
        return fail (self);
      g_hash_table_remove (old, id);
    }
  {
    GHashTableIter iter;
    gpointer id;

    g_hash_table_iter_init (&iter, old);
    while (g_hash_table_iter_next (&iter, &id, NULL))
      if (!touch_server_rows (self, org_id, id, &seq, error))
        return fail (self);
  }
  return adept_store_commit (self, error);
}

/* A row changes (and gets the page's sequence) only when something in it does. */
static const char upsert_device_sql[] =
  "INSERT INTO org_devices (org_id, serial, model, product_family, product_type, capacity, color,"
  " part_number, order_number, order_date, purchase_source_type, purchase_source_id, added, updated,"
  " assigned, migration_capable, migration_status, migration_deadline, seen_gen, change_seq) "
  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20) "
  "ON CONFLICT (org_id, serial) DO UPDATE SET"
  " model = excluded.model, product_family = excluded.product_family,"
  " product_type = excluded.product_type, capacity = excluded.capacity, color = excluded.color,"
  " part_number = excluded.part_number, order_number = excluded.order_number,"
  " order_date = excluded.order_date, purchase_source_type = excluded.purchase_source_type,"
  " purchase_source_id = excluded.purchase_source_id, added = excluded.added,"
  " updated = excluded.updated, assigned = excluded.assigned,"
  " migration_capable = excluded.migration_capable, migration_status = excluded.migration_status,"
  " migration_deadline = excluded.migration_deadline, seen_gen = excluded.seen_gen, deleted = 0,"
  " change_seq = CASE WHEN deleted = 1 OR model IS NOT excluded.model"
  "   OR product_family IS NOT excluded.product_family OR product_type IS NOT excluded.product_type"
  "   OR capacity IS NOT excluded.capacity OR color IS NOT excluded.color"
  "   OR part_number IS NOT excluded.part_number OR order_number IS NOT excluded.order_number"
  "   OR order_date IS NOT excluded.order_date"
  "   OR purchase_source_type IS NOT excluded.purchase_source_type"
  "   OR purchase_source_id IS NOT excluded.purchase_source_id OR added IS NOT excluded.added"
  "   OR updated IS NOT excluded.updated OR assigned IS NOT excluded.assigned"
  "   OR migration_capable IS NOT excluded.migration_capable"
  "   OR migration_status IS NOT excluded.migration_status"
  "   OR migration_deadline IS NOT excluded.migration_deadline"
  "  THEN excluded.change_seq ELSE change_seq END";

static gboolean
upsert_device (AdeptStore               *self,
               const char               *org_id,
               gint64                    gen,
               gint64                    seq,
               const AdeptOrgDeviceData *d,
               GError                  **error)
{
  sqlite3_stmt *stmt = adept_store_prepare (self, upsert_device_sql, error);

  if (stmt == NULL)
    return FALSE;
  adept_store_bind_text (stmt, 1, org_id);
  adept_store_bind_text (stmt, 2, d->serial_number);
  adept_store_bind_text (stmt, 3, d->model);
  adept_store_bind_text (stmt, 4, d->product_family);
  adept_store_bind_text (stmt, 5, d->product_type);
  adept_store_bind_text (stmt, 6, d->capacity);
  adept_store_bind_text (stmt, 7, d->color);
  adept_store_bind_text (stmt, 8, d->part_number);
  adept_store_bind_text (stmt, 9, d->order_number);
  sqlite3_bind_int64 (stmt, 10, d->order_date);
  adept_store_bind_text (stmt, 11, d->purchase_source_type);
  adept_store_bind_text (stmt, 12, d->purchase_source_id);
  sqlite3_bind_int64 (stmt, 13, d->added_date);
  sqlite3_bind_int64 (stmt, 14, d->updated_date);
  sqlite3_bind_int (stmt, 15, d->assigned ? 1 : 0);
  sqlite3_bind_int (stmt, 16, d->migration_capable ? 1 : 0);
  adept_store_bind_text (stmt, 17, d->migration_status);
  sqlite3_bind_int64 (stmt, 18, d->migration_deadline);
  sqlite3_bind_int64 (stmt, 19, gen);
  sqlite3_bind_int64 (stmt, 20, seq);
  return adept_store_step_done (self, stmt, error);
}

gboolean
adept_store_org_commit_devices (AdeptStore  *self,
                                const char  *org_id,
                                gint64       gen,
                                GArray      *devices,
                                GError     **error)
{
  gint64 seq;

  g_return_val_if_fail (ADEPT_IS_STORE (self), FALSE);

  if (!adept_store_begin (self, error) || (seq = next_seq (self, org_id, error)) < 0)
    return fail (self);
  for (guint i = 0; i < devices->len; i++)
    if (!upsert_device (self, org_id, gen, seq, &g_array_index (devices, AdeptOrgDeviceData, i), error))
      return fail (self);
  return adept_store_commit (self, error);
}

gboolean
adept_store_org_commit_server_devices (AdeptStore  *self,
                                       const char  *org_id,
                                       gint64       gen,
                                       const char  *server_id,
                                       GPtrArray   *serials,
                                       GError     **error)
{
  gint64 seq;

  g_return_val_if_fail (ADEPT_IS_STORE (self), FALSE);

  if (!adept_store_begin (self, error) || (seq = next_seq (self, org_id, error)) < 0)
    return fail (self);
  for (guint i = 0; i < serials->len; i++)
    {
      sqlite3_stmt *stmt = adept_store_prepare (self,
        "INSERT INTO org_devices (org_id, serial, assigned, server_id, server_gen, change_seq) "
        "VALUES (?1, ?2, 1, ?3, ?4, ?5) "
        "ON CONFLICT (org_id, serial) DO UPDATE SET server_id = excluded.server_id,"
        " server_gen = excluded.server_gen,"
        " change_seq = CASE WHEN server_id IS NOT excluded.server_id THEN excluded.change_seq"
        "  ELSE change_seq END", error);

      if (stmt == NULL)
        return fail (self);
      adept_store_bind_text (stmt, 1, org_id);
      adept_store_bind_text (stmt, 2, g_ptr_array_index (serials, i));
      adept_store_bind_text (stmt, 3, server_id);
      sqlite3_bind_int64 (stmt, 4, gen);
      sqlite3_bind_int64 (stmt, 5, seq);
      if (!adept_store_step_done (self, stmt, error))
        return fail (self);
    }
  return adept_store_commit (self, error);
}

static gboolean
run_listing_end (AdeptStore  *self,
                 const char  *sql,
                 const char  *org_id,
                 gint64       gen,
                 gint64       seq,
                 GError     **error)
{
  sqlite3_stmt *stmt = adept_store_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  adept_store_bind_text (stmt, 1, org_id);
  sqlite3_bind_int64 (stmt, 2, gen);
  sqlite3_bind_int64 (stmt, 3, seq);
  sqlite3_bind_int64 (stmt, 4, adept_store_now ());
  return adept_store_step_done (self, stmt, error);
}

gboolean
adept_store_org_end_listing (AdeptStore  *self,
                             const char  *org_id,
                             gint64       gen,
                             GError     **error)
{
  gint64 seq;

  g_return_val_if_fail (ADEPT_IS_STORE (self), FALSE);

  if (!adept_store_begin (self, error) || (seq = next_seq (self, org_id, error)) < 0 ||
      !run_listing_end (self, "UPDATE org_devices SET deleted = 1, change_seq = ?3 "
                              "WHERE org_id = ?1 AND seen_gen != ?2 AND deleted = 0", org_id, gen, seq, error) ||
      !run_listing_end (self, "UPDATE org_devices SET server_id = NULL, change_seq = ?3 "
                              "WHERE org_id = ?1 AND server_gen != ?2 AND server_id IS NOT NULL",
                        org_id, gen, seq, error) ||
      !run_listing_end (self, "UPDATE orgs SET list_gen = ?2, listed = ?4 WHERE id = ?1",
                        org_id, gen, seq, error))
    return fail (self);
  return adept_store_commit (self, error);
}

/* ---- Reading ---- */

AdeptOrgPlacement
adept_org_view_placement (const AdeptOrgView *view,
                          const char         *server_id,
                          gboolean            assigned)
{
  /* Apple's documentation does not promise the case of the two ids: compare without. */
  if (server_id != NULL && view->this_server_id != NULL &&
      g_ascii_strcasecmp (server_id, view->this_server_id) == 0)
    return ADEPT_ORG_PLACEMENT_THIS_SERVER;
  if (server_id != NULL || assigned)
    return ADEPT_ORG_PLACEMENT_OTHER_SERVER;
  return ADEPT_ORG_PLACEMENT_UNASSIGNED;
}

#define ORG_DEVICE_COLUMNS                                                                    \
  "o.serial, o.model, o.product_family, o.product_type, o.capacity, o.color, o.part_number,"  \
  " o.order_number, o.order_date, o.purchase_source_type, o.purchase_source_id, o.added,"     \
  " o.updated, o.assigned, o.server_id, s.name, o.migration_capable, o.migration_status,"     \
  " o.migration_deadline, d.profile_status, o.deleted, o.change_seq"                          \
  " FROM org_devices o"                                                                       \
  " LEFT JOIN org_servers s ON s.org_id = o.org_id AND s.id = o.server_id"                    \
  " LEFT JOIN devices d ON d.server = " ADEPT_STORE_SERVER_NUM ("?2")                     \
  " AND d.serial = o.serial AND d.deleted = 0"

sqlite3_stmt *
adept_store_org_query_devices (AdeptStore         *self,
                               const AdeptOrgView *view,
                               gint64              since,
                               GError            **error)
{
  sqlite3_stmt *stmt;

  if (since <= 0)
    stmt = adept_store_prepare (self, "SELECT " ORG_DEVICE_COLUMNS
                                " WHERE o.org_id = ?1 AND o.deleted = 0", error);
  else
    stmt = adept_store_prepare (self, "SELECT " ORG_DEVICE_COLUMNS
                                " WHERE o.org_id = ?1 AND o.change_seq > ?3 ORDER BY o.serial", error);
  if (stmt == NULL)
    return NULL;
  adept_store_bind_text (stmt, 1, view->org_id);
  adept_store_bind_text (stmt, 2, view->dep_server);
  if (since > 0)
    sqlite3_bind_int64 (stmt, 3, since);
  return stmt;
}

int
adept_store_org_column_dep_status (sqlite3_stmt *stmt)
{
  if (sqlite3_column_type (stmt, ORG_COL_DEP_STATUS) == SQLITE_NULL)
    return -1;
  return (int) adept_profile_status_from_string (adept_store_column_text (stmt, ORG_COL_DEP_STATUS));
}

void
adept_store_org_data_from_row (sqlite3_stmt       *stmt,
                               const AdeptOrgView *view,
                               AdeptOrgDeviceData *d,
                               gboolean           *deleted,
                               gint64             *change_seq)
{
  memset (d, 0, sizeof *d);
  d->serial_number = adept_store_column_dup (stmt, ORG_COL_SERIAL);
  d->model = adept_store_column_dup (stmt, ORG_COL_MODEL);
  d->product_family = adept_store_column_dup (stmt, ORG_COL_PRODUCT_FAMILY);
  d->product_type = adept_store_column_dup (stmt, ORG_COL_PRODUCT_TYPE);
  d->capacity = adept_store_column_dup (stmt, ORG_COL_CAPACITY);
  d->color = adept_store_column_dup (stmt, ORG_COL_COLOR);
  d->part_number = adept_store_column_dup (stmt, ORG_COL_PART_NUMBER);
  d->order_number = adept_store_column_dup (stmt, ORG_COL_ORDER_NUMBER);
  d->order_date = sqlite3_column_int64 (stmt, ORG_COL_ORDER_DATE);
  d->purchase_source_type = adept_store_column_dup (stmt, ORG_COL_PURCHASE_SOURCE_TYPE);
  d->purchase_source_id = adept_store_column_dup (stmt, ORG_COL_PURCHASE_SOURCE_ID);
  d->added_date = sqlite3_column_int64 (stmt, ORG_COL_ADDED);
  d->updated_date = sqlite3_column_int64 (stmt, ORG_COL_UPDATED);
  d->assigned = sqlite3_column_int (stmt, ORG_COL_ASSIGNED) != 0;
  d->server_id = adept_store_column_dup (stmt, ORG_COL_SERVER_ID);
  d->server_name = adept_store_column_dup (stmt, ORG_COL_SERVER_NAME);
  d->migration_capable = sqlite3_column_int (stmt, ORG_COL_MIGRATION_CAPABLE) != 0;
  d->migration_status = adept_store_column_dup (stmt, ORG_COL_MIGRATION_STATUS);
  d->migration_deadline = sqlite3_column_int64 (stmt, ORG_COL_MIGRATION_DEADLINE);
  d->dep_status = adept_store_org_column_dep_status (stmt);
  d->placement = adept_org_view_placement (view, d->server_id, d->assigned);
  if (deleted != NULL)
    *deleted = sqlite3_column_int (stmt, ORG_COL_DELETED) != 0;
  if (change_seq != NULL)
    *change_seq = sqlite3_column_int64 (stmt, ORG_COL_CHANGE_SEQ);
}

static int
compare_serials (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (adept_org_device_get_serial_number (*(AdeptOrgDevice * const *) a),
                    adept_org_device_get_serial_number (*(AdeptOrgDevice * const *) b));
}

GPtrArray *
adept_store_org_list_devices (AdeptStore              *self,
                              const AdeptOrgView      *view,
                              const AdeptOrgPlacement *placement,
                              GError                 **error)
{
  g_autoptr(GPtrArray) devices = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(AdeptStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (ADEPT_IS_STORE (self), NULL);

  stmt = adept_store_org_query_devices (self, view, 0, error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AdeptOrgDeviceData data;

      adept_store_org_data_from_row (stmt, view, &data, NULL, NULL);
      if (placement == NULL || data.placement == *placement)
        g_ptr_array_add (devices, adept_org_device_new (&data));
      adept_org_device_data_clear (&data);
    }
  if (rc != SQLITE_DONE)
    {
      adept_store_set_error (self, rc, error);
      return NULL;
    }
  g_ptr_array_sort (devices, compare_serials);
  return g_steal_pointer (&devices);
}

AdeptOrgDevice *
adept_store_org_get_device (AdeptStore          *self,
                            const AdeptOrgView  *view,
                            const char          *serial,
                            GError             **error)
{
  g_autoptr(AdeptStmt) stmt = NULL;
  AdeptOrgDeviceData data;
  AdeptOrgDevice *device;
  int rc;

  g_return_val_if_fail (ADEPT_IS_STORE (self), NULL);

  stmt = adept_store_prepare (self, "SELECT " ORG_DEVICE_COLUMNS
                              " WHERE o.org_id = ?1 AND o.serial = ?3 AND o.deleted = 0", error);
  if (stmt == NULL)
    return NULL;
  adept_store_bind_text (stmt, 1, view->org_id);
  adept_store_bind_text (stmt, 2, view->dep_server);
  adept_store_bind_text (stmt, 3, serial);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc != SQLITE_DONE)
        adept_store_set_error (self, rc, error);
      return NULL;
    }
  adept_store_org_data_from_row (stmt, view, &data, NULL, NULL);
  device = adept_org_device_new (&data);
  adept_org_device_data_clear (&data);
  return device;
}

static gpointer
server_from_row (sqlite3_stmt *stmt)
{
  AdeptOrgServer *server = adept_org_server_new (adept_store_column_text (stmt, 0),
                                                 adept_store_column_text (stmt, 1),
                                                 adept_store_column_text (stmt, 2),
                                                 sqlite3_column_int64 (stmt, 3),
                                                 sqlite3_column_int64 (stmt, 4));

  adept_org_server_set_n_devices (server, (guint) sqlite3_column_int64 (stmt, 5));
  return server;
}

GPtrArray *
adept_store_org_list_servers (AdeptStore          *self,
                              const AdeptOrgView  *view,
                              GError             **error)
{
  sqlite3_stmt *stmt;
  GPtrArray *servers;

  g_return_val_if_fail (ADEPT_IS_STORE (self), NULL);

  stmt = adept_store_prepare (self,
    "SELECT s.id, s.name, s.type, s.created, s.updated,"
    " (SELECT count(*) FROM org_devices o WHERE o.org_id = s.org_id AND o.server_id = s.id"
    "  AND o.deleted = 0) "
    "FROM org_servers s WHERE s.org_id = ?1 ORDER BY s.name COLLATE NOCASE, s.id", error);
  if (stmt == NULL)
    return NULL;
  adept_store_bind_text (stmt, 1, view->org_id);
  servers = adept_store_collect (self, stmt, server_from_row, g_object_unref, error);
  for (guint i = 0; servers != NULL && i < servers->len; i++)
    {
      AdeptOrgServer *server = g_ptr_array_index (servers, i);

      adept_org_server_set_is_this_server (server,
        adept_org_view_placement (view, adept_org_server_get_id (server), TRUE) == ADEPT_ORG_PLACEMENT_THIS_SERVER);
    }
  return servers;
}

/* ---- Activities ---- */

gboolean
adept_store_org_save_activity (AdeptStore        *self,
                               const char        *org_id,
                               AdeptOrgActivity  *activity,
                               GError           **error)
{
  GPtrArray *results = adept_org_activity_get_results (activity);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (ADEPT_IS_STORE (self), FALSE);
  g_return_val_if_fail (ADEPT_IS_ORG_ACTIVITY (activity), FALSE);

  if (!adept_store_begin (self, error))
    return FALSE;
  stmt = adept_store_prepare (self,
    "INSERT INTO org_activities (org_id, id, type, server_id, deadline, status, sub_status, created,"
    " completed, n_devices, user) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) "
    "ON CONFLICT (org_id, id) DO UPDATE SET status = excluded.status,"
    " sub_status = excluded.sub_status, completed = excluded.completed", error);
  if (stmt == NULL)
    return fail (self);
  adept_store_bind_text (stmt, 1, org_id);
  adept_store_bind_text (stmt, 2, adept_org_activity_get_id (activity));
  adept_store_bind_text (stmt, 3, adept_org_activity_type_to_apple (adept_org_activity_get_activity_type (activity)));
  adept_store_bind_text (stmt, 4, adept_org_activity_get_server_id (activity));
  sqlite3_bind_int64 (stmt, 5, adept_org_activity_get_deadline (activity));
  adept_store_bind_text (stmt, 6, adept_org_activity_get_status (activity));
  adept_store_bind_text (stmt, 7, adept_org_activity_get_sub_status (activity));
  sqlite3_bind_int64 (stmt, 8, adept_org_activity_get_created (activity));
  sqlite3_bind_int64 (stmt, 9, adept_org_activity_get_completed (activity));
  sqlite3_bind_int64 (stmt, 10, adept_org_activity_get_n_devices (activity));
  adept_store_bind_text (stmt, 11, g_get_user_name ());
  if (!adept_store_step_done (self, stmt, error))
    return fail (self);

  for (guint i = 0; results != NULL && i < results->len; i++)
    {
      AdeptOrgDeviceResult *result = g_ptr_array_index (results, i);

      stmt = adept_store_prepare (self,
        "INSERT OR REPLACE INTO org_activity_devices (org_id, activity_id, serial, ok, code, detail) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);
      if (stmt == NULL)
        return fail (self);
      adept_store_bind_text (stmt, 1, org_id);
      adept_store_bind_text (stmt, 2, adept_org_activity_get_id (activity));
      adept_store_bind_text (stmt, 3, result->serial);
      sqlite3_bind_int (stmt, 4, result->ok ? 1 : 0);
      adept_store_bind_text (stmt, 5, result->code);
      adept_store_bind_text (stmt, 6, result->detail);
      if (!adept_store_step_done (self, stmt, error))
        return fail (self);
    }
  return adept_store_commit (self, error);
}

/* The update a succeeded device of each activity type gets: ?1 org, ?2 serial, ?3 server,
 * ?4 deadline, ?5 sequence (parameters a statement does not use are left unbound). */
static const char *
apply_sql (AdeptOrgActivityType type)
{
  switch (type)
    {
    case ADEPT_ORG_ACTIVITY_ASSIGN:
      return "UPDATE org_devices SET server_id = ?3, assigned = 1, change_seq = ?5 "
             "WHERE org_id = ?1 AND serial = ?2";
    case ADEPT_ORG_ACTIVITY_UNASSIGN:
      return "UPDATE org_devices SET server_id = NULL, assigned = 0, migration_status = NULL,"
             " migration_deadline = 0, change_seq = ?5 WHERE org_id = ?1 AND serial = ?2";
    case ADEPT_ORG_ACTIVITY_ASSIGN_WITH_DEADLINE:
      return "UPDATE org_devices SET server_id = ?3, assigned = 1, migration_status = 'REQUESTED',"
             " migration_deadline = ?4, change_seq = ?5 WHERE org_id = ?1 AND serial = ?2";
    case ADEPT_ORG_ACTIVITY_UPDATE_DEADLINE:
      return "UPDATE org_devices SET migration_deadline = ?4, change_seq = ?5 "
             "WHERE org_id = ?1 AND serial = ?2";
    case ADEPT_ORG_ACTIVITY_CANCEL_MIGRATION:
    default:
      return "UPDATE org_devices SET migration_status = NULL, migration_deadline = 0, change_seq = ?5 "
             "WHERE org_id = ?1 AND serial = ?2";
    }
}

gboolean
adept_store_org_apply_activity (AdeptStore        *self,
                                const char        *org_id,
                                AdeptOrgActivity  *activity,
                                GError           **error)
{
  GPtrArray *results = adept_org_activity_get_results (activity);
  const char *sql = apply_sql (adept_org_activity_get_activity_type (activity));
  gint64 seq;

  g_return_val_if_fail (ADEPT_IS_STORE (self), FALSE);

  if (results == NULL)
    return TRUE;
  if (!adept_store_begin (self, error) || (seq = next_seq (self, org_id, error)) < 0)
    return fail (self);
  for (guint i = 0; i < results->len; i++)
    {
      AdeptOrgDeviceResult *result = g_ptr_array_index (results, i);
      sqlite3_stmt *stmt;

      if (!result->ok)
        continue;
      stmt = adept_store_prepare (self, sql, error);
      if (stmt == NULL)
        return fail (self);
      adept_store_bind_text (stmt, 1, org_id);
      adept_store_bind_text (stmt, 2, result->serial);
      adept_store_bind_text (stmt, 3, adept_org_activity_get_server_id (activity));
      sqlite3_bind_int64 (stmt, 4, adept_org_activity_get_deadline (activity));
      sqlite3_bind_int64 (stmt, 5, seq);
      if (!adept_store_step_done (self, stmt, error))
        return fail (self);
    }
  return adept_store_commit (self, error);
}

static gpointer
activity_from_row (sqlite3_stmt *stmt)
{
  AdeptOrgActivityType type = ADEPT_ORG_ACTIVITY_ASSIGN;
  AdeptOrgActivity *activity;

  adept_org_activity_type_from_apple (adept_store_column_text (stmt, 1), &type);
  activity = adept_org_activity_new (adept_store_column_text (stmt, 0), type,
                                     adept_store_column_text (stmt, 2), sqlite3_column_int64 (stmt, 3),
                                     (guint) sqlite3_column_int64 (stmt, 8));
  adept_org_activity_set_state (activity, adept_store_column_text (stmt, 4), adept_store_column_text (stmt, 5),
                                sqlite3_column_int64 (stmt, 6), sqlite3_column_int64 (stmt, 7));
  return activity;
}

static gpointer
result_from_row (sqlite3_stmt *stmt)
{
  return adept_org_device_result_new (adept_store_column_text (stmt, 0), sqlite3_column_int (stmt, 1) != 0,
                                      adept_store_column_text (stmt, 2), adept_store_column_text (stmt, 3));
}

#define ACTIVITY_COLUMNS "id, type, server_id, deadline, status, sub_status, created, completed, n_devices"

AdeptOrgActivity *
adept_store_org_get_activity (AdeptStore  *self,
                              const char  *org_id,
                              const char  *id,
                              GError     **error)
{
  g_autoptr(AdeptOrgActivity) activity = NULL;
  GPtrArray *results;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (ADEPT_IS_STORE (self), NULL);

  stmt = adept_store_prepare (self, "SELECT " ACTIVITY_COLUMNS " FROM org_activities "
                              "WHERE org_id = ?1 AND id = ?2", error);
  if (stmt == NULL)
    return NULL;
  adept_store_bind_text (stmt, 1, org_id);
  adept_store_bind_text (stmt, 2, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    activity = activity_from_row (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc != SQLITE_DONE)
        adept_store_set_error (self, rc, error);
      return NULL;
    }

  stmt = adept_store_prepare (self, "SELECT serial, ok, code, detail FROM org_activity_devices "
                              "WHERE org_id = ?1 AND activity_id = ?2 ORDER BY serial", error);
  if (stmt == NULL)
    return NULL;
  adept_store_bind_text (stmt, 1, org_id);
  adept_store_bind_text (stmt, 2, id);
  results = adept_store_collect (self, stmt, result_from_row, (GDestroyNotify) adept_org_device_result_free, error);
  if (results == NULL)
    return NULL;
  if (results->len > 0)
    adept_org_activity_set_results (activity, results);
  else
    g_ptr_array_unref (results);
  return g_steal_pointer (&activity);
}

GPtrArray *
adept_store_org_list_activities (AdeptStore  *self,
                                 const char  *org_id,
                                 guint        limit,
                                 GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (ADEPT_IS_STORE (self), NULL);

  stmt = adept_store_prepare (self, "SELECT " ACTIVITY_COLUMNS " FROM org_activities "
                              "WHERE org_id = ?1 ORDER BY created DESC, rowid DESC LIMIT ?2", error);
  if (stmt == NULL)
    return NULL;
  adept_store_bind_text (stmt, 1, org_id);
  sqlite3_bind_int64 (stmt, 2, limit == 0 ? G_MAXINT64 : limit);
  return adept_store_collect (self, stmt, activity_from_row, g_object_unref, error);
}
