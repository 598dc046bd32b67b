/* adept-store-assign.c — profiles, the default profile, and assign attempts with retries
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "adept-error.h"
#include "adept-store-private.h"

/* Apple gave no number; fleetdm/fleet#14957 found a day enough (dep-api.md §3.7). */
#define FAILED_COOL_DOWN (24 * 60 * 60)
#define ERROR_RETRY_DELAY (15 * 60)

static const char * const result_names[] = {
  "SUCCESS", "NOT_ACCESSIBLE", "FAILED", "THROTTLED", "ERROR",
};
static const char * const origin_names[] = { "auto", "manual", "retry" };

AdeptAssignResult
adept_assign_result_from_string (const char *s)
{
  for (guint i = 0; i < G_N_ELEMENTS (result_names); i++)
    if (g_strcmp0 (s, result_names[i]) == 0)
      return i;
  return ADEPT_ASSIGN_RESULT_ERROR;
}

const char *
adept_assign_result_to_string (AdeptAssignResult result)
{
  if ((guint) result >= G_N_ELEMENTS (result_names))
    result = ADEPT_ASSIGN_RESULT_ERROR;
  return result_names[result];
}

static AdeptAssignOrigin
origin_from_string (const char *s)
{
  for (guint i = 0; i < G_N_ELEMENTS (origin_names); i++)
    if (g_strcmp0 (s, origin_names[i]) == 0)
      return i;
  return ADEPT_ASSIGN_ORIGIN_MANUAL;
}

/* Profiles */

static const char * const profile_origin_names[] = { "defined", "adopted" };

static gboolean
save_profile (AdeptStore          *self,
              const char          *server_id,
              const char          *uuid,
              const char          *name,
              const char          *json,
              const char          *replaces,
              AdeptProfileOrigin   origin,
              GError             **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (ADEPT_IS_STORE (self), FALSE);
  g_return_val_if_fail (uuid != NULL && name != NULL && json != NULL, FALSE);

  /* Saved again, a profile keeps where it came from: one defined here stays so. */
  stmt = adept_store_prepare (self,
    "INSERT INTO profiles (server_id, uuid, name, json, created, replaces, origin)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
    "ON CONFLICT (server_id, uuid) DO UPDATE SET name = excluded.name, json = excluded.json,"
    " replaces = coalesce (excluded.replaces, replaces)",
    error);
  if (stmt == NULL)
    return FALSE;
  adept_store_bind_text (stmt, 1, server_id);
  adept_store_bind_text (stmt, 2, uuid);
  adept_store_bind_text (stmt, 3, name);
  adept_store_bind_text (stmt, 4, json);
  sqlite3_bind_int64 (stmt, 5, adept_store_now ());
  adept_store_bind_text (stmt, 6, replaces);
  adept_store_bind_text (stmt, 7, profile_origin_names[origin]);
  return adept_store_step_done (self, stmt, error);
}

gboolean
adept_store_save_profile (AdeptStore  *self,
                          const char  *server_id,
                          const char  *uuid,
                          const char  *name,
                          const char  *json,
                          const char  *replaces,
                          GError     **error)
{
  return save_profile (self, server_id, uuid, name, json, replaces,
                       ADEPT_PROFILE_ORIGIN_DEFINED, error);
}

gboolean
adept_store_save_adopted_profile (AdeptStore  *self,
                                  const char  *server_id,
                                  const char  *uuid,
                                  const char  *name,
                                  const char  *json,
                                  GError     **error)
{
  return save_profile (self, server_id, uuid, name, json, NULL, ADEPT_PROFILE_ORIGIN_ADOPTED,
                       error);
}

static gpointer
profile_from_row (sqlite3_stmt *stmt)
{
  AdeptStoredProfile *profile = g_new0 (AdeptStoredProfile, 1);

  profile->uuid = adept_store_column_dup (stmt, 0);
  profile->name = adept_store_column_dup (stmt, 1);
  profile->json = adept_store_column_dup (stmt, 2);
  profile->created = sqlite3_column_int64 (stmt, 3);
  profile->replaces = adept_store_column_dup (stmt, 4);
  profile->origin = g_strcmp0 (adept_store_column_text (stmt, 5), "adopted") == 0
                    ? ADEPT_PROFILE_ORIGIN_ADOPTED : ADEPT_PROFILE_ORIGIN_DEFINED;
  return profile;
}

GPtrArray *
adept_store_list_profiles (AdeptStore  *self,
                           const char  *server_id,
                           GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (ADEPT_IS_STORE (self), NULL);

  stmt = adept_store_prepare (self,
    "SELECT uuid, name, json, created, replaces, origin FROM profiles WHERE server_id = ?1 "
    "ORDER BY created DESC, rowid DESC",
    error);
  if (stmt == NULL)
    return NULL;
  adept_store_bind_text (stmt, 1, server_id);
  return adept_store_collect (self, stmt, profile_from_row,
                              (GDestroyNotify) adept_stored_profile_free, error);
}

AdeptStoredProfile *
adept_store_get_profile (AdeptStore  *self,
                         const char  *server_id,
                         const char  *uuid,
                         GError     **error)
{
  g_autoptr(AdeptStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (ADEPT_IS_STORE (self), NULL);

  stmt = adept_store_prepare (self,
    "SELECT uuid, name, json, created, replaces, origin FROM profiles"
    " WHERE server_id = ?1 AND uuid = ?2",
    error);
  if (stmt == NULL)
    return NULL;
  adept_store_bind_text (stmt, 1, server_id);
  adept_store_bind_text (stmt, 2, uuid);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return profile_from_row (stmt);
  if (rc != SQLITE_DONE)
    adept_store_set_error (self, rc, error);
  return NULL;
}

gboolean
adept_store_set_default_profile (AdeptStore  *self,
                                 const char  *server_id,
                                 const char  *uuid,
                                 GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (ADEPT_IS_STORE (self), FALSE);

  stmt = adept_store_prepare (self,
    "UPDATE servers SET default_profile = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  adept_store_bind_text (stmt, 1, server_id);
  adept_store_bind_text (stmt, 2, uuid && *uuid ? uuid : NULL);
  return adept_store_step_done (self, stmt, error);
}

char *
adept_store_dup_default_profile (AdeptStore *self,
                                 const char *server_id)
{
  g_autoptr(AdeptStmt) stmt = NULL;

  g_return_val_if_fail (ADEPT_IS_STORE (self), NULL);

  stmt = adept_store_prepare (self, "SELECT default_profile FROM servers WHERE id = ?1", NULL);
  if (stmt == NULL)
    return NULL;
  adept_store_bind_text (stmt, 1, server_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return adept_store_column_dup (stmt, 0);
}

/* Attempts */

typedef struct {
  AdeptStore        *store;
  const char        *server_id;
  const char        *profile_uuid;
  AdeptAssignOrigin  origin;
  gint64             now;
  gint64             retry_after;
  /* Whether the server has any retry planned, or any page's debt, when the transaction
   * began (or a retry since): without, a device has none to supersede or pay, and the
   * two statements per device that would look are skipped. */
  gboolean           any_retry;
  gboolean           any_pending;
} Attempt;

static gboolean
server_has_any (Attempt    *a,
                const char *sql)
{
  g_autoptr(AdeptStmt) stmt = adept_store_prepare (a->store, sql, NULL);

  /* When unsure, look per device. */
  if (stmt == NULL)
    return TRUE;
  adept_store_bind_text (stmt, 1, a->server_id);
  return sqlite3_step (stmt) != SQLITE_DONE;
}

/* In the transaction that records the attempts. */
static void
attempt_begin (Attempt *a)
{
  a->any_retry = server_has_any (a,
    "SELECT 1 FROM assign_attempts WHERE server_id = ?1 AND next_attempt > 0 LIMIT 1");
  a->any_pending = server_has_any (a,
    "SELECT 1 FROM pending_assign WHERE server_id = ?1 LIMIT 1");
}

static gboolean
failed_before (Attempt     *a,
               const char  *serial)
{
  g_autoptr(AdeptStmt) stmt = adept_store_prepare (a->store,
    "SELECT 1 FROM assign_attempts WHERE server_id = ?1 AND serial = ?2 AND profile_uuid = ?3"
    " AND result = 'FAILED' LIMIT 1",
    NULL);

  if (stmt == NULL)
    return FALSE;
  adept_store_bind_text (stmt, 1, a->server_id);
  adept_store_bind_text (stmt, 2, serial);
  adept_store_bind_text (stmt, 3, a->profile_uuid);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

static gint64
next_attempt_for (Attempt           *a,
                  const char        *serial,
                  AdeptAssignResult  result)
{
  switch (result)
    {
    case ADEPT_ASSIGN_RESULT_THROTTLED:
      return a->now + MAX (a->retry_after, 1);
    case ADEPT_ASSIGN_RESULT_FAILED:
      /* A cool-down, then one retry; a second failure needs an admin. */
      return failed_before (a, serial) ? 0 : a->now + FAILED_COOL_DOWN;
    case ADEPT_ASSIGN_RESULT_SUCCESS:
    case ADEPT_ASSIGN_RESULT_NOT_ACCESSIBLE:
    case ADEPT_ASSIGN_RESULT_ERROR:
    default:
      return 0;
    }
}

/* The new attempt supersedes any retry scheduled before it, and pays what a page owed
 * the device: from here the attempt's own retry (or refusal) decides. */
static gboolean
supersede (Attempt     *a,
           const char  *serial,
           GError     **error)
{
  sqlite3_stmt *stmt;

  if (a->any_retry)
    {
      /* "+": the partial index of planned retries would make this a scan of all of the
       * server's retries (and the update a two-pass one); the serial's index is one seek. */
      stmt = adept_store_prepare (a->store,
        "UPDATE assign_attempts SET next_attempt = 0"
        " WHERE server_id = ?1 AND serial = ?2 AND +next_attempt > 0",
        error);
      if (stmt == NULL)
        return FALSE;
      adept_store_bind_text (stmt, 1, a->server_id);
      adept_store_bind_text (stmt, 2, serial);
      if (!adept_store_step_done (a->store, stmt, error))
        return FALSE;
    }
  if (!a->any_pending)
    return TRUE;
  stmt = adept_store_prepare (a->store,
    "DELETE FROM pending_assign WHERE server_id = ?1 AND serial = ?2", error);
  if (stmt == NULL)
    return FALSE;
  adept_store_bind_text (stmt, 1, a->server_id);
  adept_store_bind_text (stmt, 2, serial);
  return adept_store_step_done (a->store, stmt, error);
}

/* One attempt's row, as insert_attempts() writes it. */
typedef struct {
  const char        *serial;
  AdeptAssignResult  result;
  const char        *detail;
  gint64             next_attempt;
} AttemptRow;

/* Up to ADEPT_STORE_MAX_ROWS attempts go in one statement, as the first fetch's devices
 * do: one statement for many rows keeps its cursors open and skips a statement's setup
 * and teardown a row (about a third of the work of storing an answer, a row a statement).
 * OR FAIL: a row that cannot go in still fails the statement, and the caller rolls the
 * whole transaction back, but SQLite keeps no statement journal to undo the rows before
 * it (copying each page the statement first touches: 550 instructions an answer, 8% of
 * storing it). */
#define ATTEMPT_ROWS ADEPT_STORE_MAX_ROWS

static AdeptRowsSql attempts_sql = {
  "INSERT OR FAIL INTO assign_attempts (server_id, serial, profile_uuid, origin, result, detail,"
  " time, retry_after, next_attempt) VALUES ",
  "(?1, ?+0, ?2, ?3, ?+1, ?+2, ?4, ?+3, ?+4)", 4, 5,  /* ?1 server_id, ?2 profile_uuid, ?3 origin, ?4 time */
};

/* rows: distinct serials (a serial's retry is superseded before any row goes in). */
static gboolean
insert_attempts (Attempt           *a,
                 const AttemptRow  *rows,
                 guint              n,
                 GError           **error)
{
  sqlite3_stmt *stmt;

  g_assert (n > 0 && n <= ATTEMPT_ROWS);

  for (guint k = 0; k < n; k++)
    if (!supersede (a, rows[k].serial, error))
      return FALSE;

  stmt = adept_store_prepare (a->store, adept_rows_sql (&attempts_sql, n), error);
  if (stmt == NULL)
    return FALSE;
  adept_store_bind_text (stmt, 1, a->server_id);
  adept_store_bind_text (stmt, 2, a->profile_uuid);
  adept_store_bind_text (stmt, 3, origin_names[a->origin]);
  sqlite3_bind_int64 (stmt, 4, a->now);
  for (guint k = 0; k < n; k++)
    {
      const AttemptRow *row = &rows[k];
      int p = ADEPT_ROW_PARAM (&attempts_sql, k, 0);

      adept_store_bind_text (stmt, p, row->serial);
      adept_store_bind_text (stmt, p + 1, adept_assign_result_to_string (row->result));
      adept_store_bind_text (stmt, p + 2, row->detail);
      sqlite3_bind_int64 (stmt, p + 3,
                          row->result == ADEPT_ASSIGN_RESULT_THROTTLED ? a->retry_after : 0);
      sqlite3_bind_int64 (stmt, p + 4, row->next_attempt);
    }
  if (!adept_store_step_done (a->store, stmt, error))
    return FALSE;
  /* The same serial may come again in this transaction. */
  for (guint k = 0; k < n; k++)
    if (rows[k].next_attempt > 0)
      a->any_retry = TRUE;
  return TRUE;
}

static int
compare_serials (const void *a,
                 const void *b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

gboolean
adept_store_record_assign (AdeptStore        *self,
                           const char        *server_id,
                           const char        *profile_uuid,
                           AdeptAssignOrigin  origin,
                           GHashTable        *answers,
                           gint64             retry_after_seconds,
                           GError           **error)
{
  Attempt a = { self, server_id, profile_uuid, origin, adept_store_now (), retry_after_seconds };
  g_autofree gpointer *serials = NULL;
  guint n = 0;

  g_return_val_if_fail (ADEPT_IS_STORE (self), FALSE);
  g_return_val_if_fail (profile_uuid != NULL, FALSE);
  g_return_val_if_fail ((guint) origin < G_N_ELEMENTS (origin_names), FALSE);

  /* In the order of the serial's index: neighbours share its pages, which stay in the
   * cache and are written once (a fifth less time than in a hash table's order). */
  serials = g_hash_table_get_keys_as_array (answers, &n);
  qsort (serials, n, sizeof *serials, compare_serials);

  if (!adept_store_begin (self, error))
    return FALSE;
  attempt_begin (&a);

  /* The answers' serials are distinct (a hash table's keys). */
  for (guint i = 0; i < n; i += ATTEMPT_ROWS)
    {
      AttemptRow rows[ATTEMPT_ROWS];
      guint m = MIN (ATTEMPT_ROWS, n - i);

      for (guint k = 0; k < m; k++)
        {
          const char *serial = serials[i + k];
          const char *value = g_hash_table_lookup (answers, serial);
          AdeptAssignResult result = adept_assign_result_from_string (value);

          rows[k] = (AttemptRow) { serial, result, value, next_attempt_for (&a, serial, result) };
        }
      if (!insert_attempts (&a, rows, m, error))
        goto fail;
    }
  return adept_store_commit (self, error);

fail:
  adept_store_rollback (self);
  return FALSE;
}

/* Errors that may pass by themselves; the others (refused profile, bad request…) need
 * an admin, so retrying them would only repeat the refusal. */
static gboolean
is_transient (const GError *error)
{
  if (error->domain != ADEPT_ERROR)
    return FALSE;
  switch ((AdeptErrorCode) error->code)
    {
    case ADEPT_ERROR_THROTTLED:
    case ADEPT_ERROR_NETWORK:
    case ADEPT_ERROR_TLS:
    case ADEPT_ERROR_SERVER_ERROR:
    case ADEPT_ERROR_MALFORMED_RESPONSE:
    case ADEPT_ERROR_RESPONSE_TOO_LARGE:
    case ADEPT_ERROR_AUTH_FAILED:
    case ADEPT_ERROR_TERMS_NOT_SIGNED:
      return TRUE;
    default:
      return FALSE;
    }
}

gboolean
adept_store_record_assign_error (AdeptStore         *self,
                                 const char         *server_id,
                                 const char         *profile_uuid,
                                 AdeptAssignOrigin   origin,
                                 const char * const *serials,
                                 const GError       *request_error,
                                 gint64              retry_after_seconds,
                                 GError            **error)
{
  Attempt a = { self, server_id, profile_uuid, origin, adept_store_now (), 0 };
  gint64 next = 0;

  g_return_val_if_fail (ADEPT_IS_STORE (self), FALSE);
  g_return_val_if_fail (request_error != NULL, FALSE);

  if (is_transient (request_error))
    next = a.now + MAX (retry_after_seconds, ERROR_RETRY_DELAY);

  if (!adept_store_begin (self, error))
    return FALSE;
  attempt_begin (&a);
  /* A row a statement: the list may name a serial twice, and each row supersedes the
   * retry its serial's row before it planned. */
  for (guint i = 0; serials[i] != NULL; i++)
    {
      AttemptRow row = { serials[i], ADEPT_ASSIGN_RESULT_ERROR, request_error->message, next };

      if (!insert_attempts (&a, &row, 1, error))
        {
          adept_store_rollback (self);
          return FALSE;
        }
    }
  return adept_store_commit (self, error);
}

static gpointer
attempt_from_row (sqlite3_stmt *stmt)
{
  AdeptAssignAttempt *attempt = g_new0 (AdeptAssignAttempt, 1);

  attempt->id = sqlite3_column_int64 (stmt, 0);
  attempt->serial_number = adept_store_column_dup (stmt, 1);
  attempt->profile_uuid = adept_store_column_dup (stmt, 2);
  attempt->origin = origin_from_string (adept_store_column_text (stmt, 3));
  attempt->result = adept_assign_result_from_string (adept_store_column_text (stmt, 4));
  attempt->detail = adept_store_column_dup (stmt, 5);
  attempt->time = sqlite3_column_int64 (stmt, 6);
  attempt->retry_after = sqlite3_column_int64 (stmt, 7);
  attempt->next_attempt = sqlite3_column_int64 (stmt, 8);
  return attempt;
}

#define ATTEMPT_COLUMNS \
  "id, serial, profile_uuid, origin, result, detail, time, retry_after, next_attempt"

GPtrArray *
adept_store_list_assign_attempts (AdeptStore  *self,
                                  const char  *server_id,
                                  const char  *serial,
                                  GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (ADEPT_IS_STORE (self), NULL);

  stmt = adept_store_prepare (self,
    "SELECT " ATTEMPT_COLUMNS " FROM assign_attempts WHERE server_id = ?1 AND serial = ?2 ORDER BY id",
    error);
  if (stmt == NULL)
    return NULL;
  adept_store_bind_text (stmt, 1, server_id);
  adept_store_bind_text (stmt, 2, serial);
  return adept_store_collect (self, stmt, attempt_from_row,
                              (GDestroyNotify) adept_assign_attempt_free, error);
}

static AdeptAssignAttempt *
latest_attempt (AdeptStore *self,
                const char *server_id,
                const char *serial)
{
  g_autoptr(AdeptStmt) stmt = adept_store_prepare (self,
    "SELECT " ATTEMPT_COLUMNS " FROM assign_attempts WHERE server_id = ?1 AND serial = ?2"
    " ORDER BY id DESC LIMIT 1",
    NULL);

  if (stmt == NULL)
    return NULL;
  adept_store_bind_text (stmt, 1, server_id);
  adept_store_bind_text (stmt, 2, serial);
  return sqlite3_step (stmt) == SQLITE_ROW ? attempt_from_row (stmt) : NULL;
}

/* A retry is pointless for a device that left the server or got a profile meanwhile. */
static gboolean
still_needs_profile (AdeptStore *self,
                     const char *server_id,
                     const char *serial)
{
  g_autoptr(AdeptStmt) stmt = adept_store_prepare (self,
    "SELECT deleted, profile_status FROM devices"
    " WHERE server = " ADEPT_STORE_SERVER_NUM ("?1") " AND serial = ?2", NULL);
  const char *status;

  if (stmt == NULL)
    return FALSE;
  adept_store_bind_text (stmt, 1, server_id);
  adept_store_bind_text (stmt, 2, serial);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return TRUE;  /* assigned by serial before any sync saw it */
  if (sqlite3_column_int (stmt, 0) != 0)
    return FALSE;
  status = adept_store_column_text (stmt, 1);
  return g_strcmp0 (status, "assigned") != 0 && g_strcmp0 (status, "pushed") != 0;
}

static gboolean
cancel_retry (AdeptStore  *self,
              gint64       attempt_id,
              GError     **error)
{
  sqlite3_stmt *stmt = adept_store_prepare (self,
    "UPDATE assign_attempts SET next_attempt = 0 WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, attempt_id);
  return adept_store_step_done (self, stmt, error);
}

GHashTable *
adept_store_take_due_retries (AdeptStore  *self,
                              const char  *server_id,
                              gint64       now,
                              GError     **error)
{
  g_autoptr(GHashTable) due = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                     (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GPtrArray) attempts = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (ADEPT_IS_STORE (self), NULL);

  stmt = adept_store_prepare (self,
    "SELECT " ATTEMPT_COLUMNS " FROM assign_attempts"
    " WHERE server_id = ?1 AND next_attempt > 0 AND next_attempt <= ?2 ORDER BY id",
    error);
  if (stmt == NULL)
    return NULL;
  adept_store_bind_text (stmt, 1, server_id);
  sqlite3_bind_int64 (stmt, 2, now);
  attempts = adept_store_collect (self, stmt, attempt_from_row,
                                  (GDestroyNotify) adept_assign_attempt_free, error);
  if (attempts == NULL)
    return NULL;

  for (guint i = 0; i < attempts->len; i++)
    {
      AdeptAssignAttempt *attempt = g_ptr_array_index (attempts, i);
      GPtrArray *serials;

      if (!still_needs_profile (self, server_id, attempt->serial_number))
        {
          if (!cancel_retry (self, attempt->id, error))
            return NULL;
          continue;
        }
      serials = g_hash_table_lookup (due, attempt->profile_uuid);
      if (serials == NULL)
        {
          serials = g_ptr_array_new_with_free_func (g_free);
          g_hash_table_insert (due, g_strdup (attempt->profile_uuid), serials);
        }
      g_ptr_array_add (serials, g_strdup (attempt->serial_number));
    }
  return g_steal_pointer (&due);
}

gint64
adept_store_get_next_retry_time (AdeptStore *self,
                                 const char *server_id)
{
  g_autoptr(AdeptStmt) stmt = NULL;

  g_return_val_if_fail (ADEPT_IS_STORE (self), 0);

  stmt = adept_store_prepare (self,
    "SELECT min (next_attempt) FROM assign_attempts WHERE server_id = ?1 AND next_attempt > 0",
    NULL);
  if (stmt == NULL)
    return 0;
  adept_store_bind_text (stmt, 1, server_id);
  return sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
}

AdeptAssignPlan
adept_store_get_assign_plan (AdeptStore  *self,
                             const char  *server_id,
                             const char  *serial,
                             gint64      *when,
                             GError     **error)
{
  g_autoptr(AdeptAssignAttempt) latest = NULL;
  g_autofree char *default_profile = NULL;

  g_return_val_if_fail (ADEPT_IS_STORE (self), ADEPT_ASSIGN_PLAN_NOTHING);

  if (when != NULL)
    *when = 0;

  latest = latest_attempt (self, server_id, serial);
  if (latest != NULL && latest->next_attempt > 0)
    {
      if (when != NULL)
        *when = latest->next_attempt;
      return ADEPT_ASSIGN_PLAN_RETRY;
    }
  if (latest != NULL && latest->result == ADEPT_ASSIGN_RESULT_SUCCESS)
    return ADEPT_ASSIGN_PLAN_DONE;
  /* A refusal no longer matters once the device has a profile by other means. */
  if (!still_needs_profile (self, server_id, serial))
    return ADEPT_ASSIGN_PLAN_NOTHING;
  /* With no retry planned, a latest attempt other than SUCCESS is a refusal. */
  if (latest != NULL && latest->result != ADEPT_ASSIGN_RESULT_THROTTLED)
    return ADEPT_ASSIGN_PLAN_GAVE_UP;

  default_profile = adept_store_dup_default_profile (self, server_id);
  return default_profile == NULL ? ADEPT_ASSIGN_PLAN_NO_DEFAULT : ADEPT_ASSIGN_PLAN_NOTHING;
}

char *
adept_assign_plan_describe (AdeptAssignPlan plan,
                            gint64          when)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *at = NULL;

  switch (plan)
    {
    case ADEPT_ASSIGN_PLAN_RETRY:
      dt = g_date_time_new_from_unix_local (when);
      at = dt ? g_date_time_format (dt, "%x %X") : g_strdup ("?");
      return g_strdup_printf (_("The profile will be assigned again at %s."), at);
    case ADEPT_ASSIGN_PLAN_GAVE_UP:
      return g_strdup (_("Apple refused the profile and no retry is planned. Assign a profile by hand."));
    case ADEPT_ASSIGN_PLAN_DONE:
      return g_strdup (_("Apple accepted the last assignment; nothing more to do."));
    case ADEPT_ASSIGN_PLAN_NO_DEFAULT:
      return g_strdup (_("No default profile is set, so new devices get none automatically."));
    case ADEPT_ASSIGN_PLAN_NOTHING:
    default:
      return g_strdup (_("Nothing is planned. New devices without a profile get the default profile at the next sync."));
    }
}

void
adept_store_filter_auto_assign (AdeptStore *self,
                                const char *server_id,
                                const char *profile_uuid,
                                GPtrArray  *candidates)
{
  g_autoptr(AdeptStmt) stmt = NULL;
  guint i = 0;

  g_return_if_fail (ADEPT_IS_STORE (self));

  /* A retry already planned keeps its schedule; a success with this very profile after
   * the page that owes the device was stored needs no repeat. Both times are this
   * computer's clock: Apple's op_date is another's, and a device that left and came back
   * would hide behind an older success. Within the same second it is sent again, which
   * costs one call; a device left without its profile costs an enrollment. */
  stmt = adept_store_prepare (self,
    "SELECT a.next_attempt > 0 OR (a.result = 'SUCCESS' AND a.profile_uuid = ?3"
    "  AND a.time > coalesce (p.since, 0)) "
    "FROM assign_attempts a LEFT JOIN pending_assign p ON p.server_id = a.server_id AND p.serial = a.serial "
    "WHERE a.server_id = ?1 AND a.serial = ?2 ORDER BY a.id DESC LIMIT 1",
    NULL);
  if (stmt == NULL)
    return;

  while (i < candidates->len)
    {
      gboolean skip;

      sqlite3_reset (stmt);
      adept_store_bind_text (stmt, 1, server_id);
      adept_store_bind_text (stmt, 2, g_ptr_array_index (candidates, i));
      adept_store_bind_text (stmt, 3, profile_uuid);
      skip = sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0) != 0;
      if (skip)
        g_ptr_array_remove_index (candidates, i);
      else
        i++;
    }
}

static gboolean
drop_pending (AdeptStore  *self,
              const char  *server_id,
              GPtrArray   *serials,
              GHashTable  *keep,
              GError     **error)
{
  if (!adept_store_begin (self, error))
    return FALSE;
  for (guint i = 0; i < serials->len; i++)
    {
      const char *serial = g_ptr_array_index (serials, i);
      sqlite3_stmt *stmt;

      if (keep != NULL && g_hash_table_contains (keep, serial))
        continue;
      stmt = adept_store_prepare (self,
        "DELETE FROM pending_assign WHERE server_id = ?1 AND serial = ?2", error);
      if (stmt == NULL)
        goto fail;
      adept_store_bind_text (stmt, 1, server_id);
      adept_store_bind_text (stmt, 2, serial);
      if (!adept_store_step_done (self, stmt, error))
        goto fail;
    }
  return adept_store_commit (self, error);

fail:
  adept_store_rollback (self);
  return FALSE;
}

static gpointer
serial_from_row (sqlite3_stmt *stmt)
{
  return adept_store_column_dup (stmt, 0);
}

GPtrArray *
adept_store_take_pending_assign (AdeptStore  *self,
                                 const char  *server_id,
                                 const char  *profile_uuid,
                                 GError     **error)
{
  g_autoptr(GPtrArray) owed = NULL;
  g_autoptr(GPtrArray) due = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) keep = g_hash_table_new (g_str_hash, g_str_equal);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (ADEPT_IS_STORE (self), NULL);
  g_return_val_if_fail (server_id != NULL, NULL);

  stmt = adept_store_prepare (self,
    "SELECT serial FROM pending_assign WHERE server_id = ?1 ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  adept_store_bind_text (stmt, 1, server_id);
  owed = adept_store_collect (self, stmt, serial_from_row,
                              g_free, error);
  if (owed == NULL)
    return NULL;
  if (owed->len == 0)
    return g_steal_pointer (&due);

  if (profile_uuid != NULL)
    {
      for (guint i = 0; i < owed->len; i++)
        if (still_needs_profile (self, server_id, g_ptr_array_index (owed, i)))
          g_ptr_array_add (due, g_strdup (g_ptr_array_index (owed, i)));
      adept_store_filter_auto_assign (self, server_id, profile_uuid, due);
      for (guint i = 0; i < due->len; i++)
        g_hash_table_add (keep, g_ptr_array_index (due, i));
    }
  if (g_hash_table_size (keep) < owed->len &&
      !drop_pending (self, server_id, owed, keep, error))
    return NULL;
  return g_steal_pointer (&due);
}

/* Boxed records */

AdeptAssignAttempt *
adept_assign_attempt_copy (const AdeptAssignAttempt *attempt)
{
  AdeptAssignAttempt *copy = g_memdup2 (attempt, sizeof *attempt);

  copy->serial_number = g_strdup (attempt->serial_number);
  copy->profile_uuid = g_strdup (attempt->profile_uuid);
  copy->detail = g_strdup (attempt->detail);
  return copy;
}

void
adept_assign_attempt_free (AdeptAssignAttempt *attempt)
{
  if (attempt == NULL)
    return;
  g_free (attempt->serial_number);
  g_free (attempt->profile_uuid);
  g_free (attempt->detail);
  g_free (attempt);
}

G_DEFINE_BOXED_TYPE (AdeptAssignAttempt, adept_assign_attempt,
                     adept_assign_attempt_copy, adept_assign_attempt_free)

AdeptStoredProfile *
adept_stored_profile_copy (const AdeptStoredProfile *profile)
{
  AdeptStoredProfile *copy = g_memdup2 (profile, sizeof *profile);

  copy->uuid = g_strdup (profile->uuid);
  copy->name = g_strdup (profile->name);
  copy->json = g_strdup (profile->json);
  copy->replaces = g_strdup (profile->replaces);
  return copy;
}

void
adept_stored_profile_free (AdeptStoredProfile *profile)
{
  if (profile == NULL)
    return;
  g_free (profile->uuid);
  g_free (profile->name);
  g_free (profile->json);
  g_free (profile->replaces);
  g_free (profile);
}

G_DEFINE_BOXED_TYPE (AdeptStoredProfile, adept_stored_profile,
                     adept_stored_profile_copy, adept_stored_profile_free)
