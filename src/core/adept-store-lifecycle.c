/* adept-store-lifecycle.c — replacements, Activation Lock answers and what migration needs
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-store"

#include "config.h"

#include <string.h>

#include "adept-dep-profile.h"
#include "adept-store-private.h"

/* ---- Replacements ---- */

gboolean
adept_store_save_replacement (AdeptStore                    *self,
                              const char                    *server_id,
                              const AdeptReplacementDetails *details,
                              GError                       **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (ADEPT_IS_STORE (self), FALSE);
  g_return_val_if_fail (details != NULL && details->serial_number != NULL &&
                        details->original_device_serial_number != NULL, FALSE);

  stmt = adept_store_prepare (self,
    "INSERT INTO device_replacements (server_id, serial, original_serial, replacement_date, fetched)"
    " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (server_id, serial) DO UPDATE SET"
    " original_serial = excluded.original_serial, replacement_date = excluded.replacement_date,"
    " fetched = excluded.fetched",
    error);
  if (stmt == NULL)
    return FALSE;
  adept_store_bind_text (stmt, 1, server_id);
  adept_store_bind_text (stmt, 2, details->serial_number);
  adept_store_bind_text (stmt, 3, details->original_device_serial_number);
  adept_store_bind_text (stmt, 4, details->replacement_date);
  sqlite3_bind_int64 (stmt, 5, adept_store_now ());
  return adept_store_step_done (self, stmt, error);
}

static AdeptReplacementDetails *
one_replacement (AdeptStore   *self,
                 sqlite3_stmt *stmt,
                 GError      **error)
{
  AdeptReplacementDetails *details;
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_DONE)
    return NULL;
  if (rc != SQLITE_ROW)
    {
      adept_store_set_error (self, rc, error);
      return NULL;
    }
  details = g_new0 (AdeptReplacementDetails, 1);
  details->serial_number = adept_store_column_dup (stmt, 0);
  details->original_device_serial_number = adept_store_column_dup (stmt, 1);
  details->replacement_date = adept_store_column_dup (stmt, 2);
  return details;
}

AdeptReplacementDetails *
adept_store_get_replacement (AdeptStore  *self,
                             const char  *server_id,
                             const char  *serial,
                             GError     **error)
{
  g_autoptr(AdeptStmt) stmt = NULL;

  g_return_val_if_fail (ADEPT_IS_STORE (self), NULL);

  stmt = adept_store_prepare (self,
    "SELECT serial, original_serial, replacement_date FROM device_replacements"
    " WHERE server_id = ?1 AND serial = ?2",
    error);
  if (stmt == NULL)
    return NULL;
  adept_store_bind_text (stmt, 1, server_id);
  adept_store_bind_text (stmt, 2, serial);
  return one_replacement (self, stmt, error);
}

AdeptReplacementDetails *
adept_store_find_replacement_of (AdeptStore  *self,
                                 const char  *server_id,
                                 const char  *original_serial,
                                 GError     **error)
{
  g_autoptr(AdeptStmt) stmt = NULL;

  g_return_val_if_fail (ADEPT_IS_STORE (self), NULL);

  stmt = adept_store_prepare (self,
    "SELECT serial, original_serial, replacement_date FROM device_replacements"
    " WHERE server_id = ?1 AND original_serial = ?2 ORDER BY fetched DESC LIMIT 1",
    error);
  if (stmt == NULL)
    return NULL;
  adept_store_bind_text (stmt, 1, server_id);
  adept_store_bind_text (stmt, 2, original_serial);
  return one_replacement (self, stmt, error);
}

/* ---- Activation Lock ---- */

gboolean
adept_store_record_activation_lock (AdeptStore    *self,
                                    const char    *server_id,
                                    const char    *serial,
                                    const char    *status,
                                    const GError  *request_error,
                                    gboolean       escrowed,
                                    GError       **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (ADEPT_IS_STORE (self), FALSE);
  g_return_val_if_fail (serial != NULL, FALSE);
  g_return_val_if_fail (status != NULL || request_error != NULL, FALSE);

  stmt = adept_store_prepare (self,
    "INSERT INTO activation_locks (server_id, serial, status, detail, escrowed, time)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    error);
  if (stmt == NULL)
    return FALSE;
  adept_store_bind_text (stmt, 1, server_id);
  adept_store_bind_text (stmt, 2, serial);
  adept_store_bind_text (stmt, 3, status != NULL ? status : "ERROR");
  adept_store_bind_text (stmt, 4, status != NULL ? NULL : request_error->message);
  sqlite3_bind_int (stmt, 5, escrowed ? 1 : 0);
  sqlite3_bind_int64 (stmt, 6, adept_store_now ());
  return adept_store_step_done (self, stmt, error);
}

static gpointer
lock_from_row (sqlite3_stmt *stmt)
{
  AdeptLockRecord *record = g_new0 (AdeptLockRecord, 1);

  record->id = sqlite3_column_int64 (stmt, 0);
  record->serial_number = adept_store_column_dup (stmt, 1);
  record->status = adept_store_column_dup (stmt, 2);
  record->detail = adept_store_column_dup (stmt, 3);
  record->escrowed = sqlite3_column_int (stmt, 4) != 0;
  record->time = sqlite3_column_int64 (stmt, 5);
  return record;
}

GPtrArray *
adept_store_list_activation_locks (AdeptStore  *self,
                                   const char  *server_id,
                                   const char  *serial,
                                   GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (ADEPT_IS_STORE (self), NULL);

  if (serial != NULL)
    stmt = adept_store_prepare (self,
      "SELECT id, serial, status, detail, escrowed, time FROM activation_locks"
      " WHERE server_id = ?1 AND serial = ?2 ORDER BY id",
      error);
  else
    stmt = adept_store_prepare (self,
      "SELECT id, serial, status, detail, escrowed, time FROM activation_locks"
      " WHERE id IN (SELECT max (id) FROM activation_locks WHERE server_id = ?1 GROUP BY serial)"
      " ORDER BY id",
      error);
  if (stmt == NULL)
    return NULL;
  adept_store_bind_text (stmt, 1, server_id);
  if (serial != NULL)
    adept_store_bind_text (stmt, 2, serial);
  return adept_store_collect (self, stmt, lock_from_row, (GDestroyNotify) adept_lock_record_free, error);
}

AdeptLockRecord *
adept_store_get_activation_lock (AdeptStore  *self,
                                 const char  *server_id,
                                 const char  *serial,
                                 GError     **error)
{
  g_autoptr(GPtrArray) records = NULL;

  g_return_val_if_fail (serial != NULL, NULL);

  records = adept_store_list_activation_locks (self, server_id, serial, error);
  if (records == NULL || records->len == 0)
    return NULL;
  return adept_lock_record_copy (g_ptr_array_index (records, records->len - 1));
}

AdeptLockRecord *
adept_lock_record_copy (const AdeptLockRecord *record)
{
  AdeptLockRecord *copy = g_memdup2 (record, sizeof *record);

  copy->serial_number = g_strdup (record->serial_number);
  copy->status = g_strdup (record->status);
  copy->detail = g_strdup (record->detail);
  return copy;
}

void
adept_lock_record_free (AdeptLockRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->serial_number);
  g_free (record->status);
  g_free (record->detail);
  g_free (record);
}

G_DEFINE_BOXED_TYPE (AdeptLockRecord, adept_lock_record, adept_lock_record_copy, adept_lock_record_free)

/* ---- Migration ---- */

gboolean
adept_store_default_profile_lacks_await (AdeptStore *self,
                                         const char *server_id)
{
  g_autofree char *uuid = NULL;
  g_autoptr(AdeptStoredProfile) stored = NULL;
  g_autoptr(AdeptDepProfile) profile = NULL;

  g_return_val_if_fail (ADEPT_IS_STORE (self), FALSE);

  uuid = adept_store_dup_default_profile (self, server_id);
  if (uuid == NULL)
    return FALSE;
  stored = adept_store_get_profile (self, server_id, uuid, NULL);
  if (stored == NULL || stored->json == NULL)
    return FALSE;
  profile = adept_dep_profile_new_from_data (stored->json, strlen (stored->json),
                                             ADEPT_JSON_SOURCE_STORE, NULL);
  return profile != NULL && !adept_dep_profile_get_await_device_configured (profile);
}
