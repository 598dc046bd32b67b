/* test-store.c — the local store on real SQLite files in temporary folders
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "adept-device-record.h"
#include "adept-error.h"
#include "adept-store-private.h"
#include "adept-test-util.h"

#define SERVER "default"

typedef struct {
  char       *dir;
  AdeptStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = adept_test_make_tmpdir ();
  f->store = adept_store_open_in (f->dir, &error);
  g_assert_no_error (error);
  adept_store_ensure_server (f->store, SERVER, ADEPT_STORE_KIND_LOCAL, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  adept_test_cleanup_dir (f->dir);
  g_free (f->dir);
}

static AdeptDevice *
make_device (const char        *serial,
             AdeptProfileStatus status,
             AdeptOpType        op,
             gint64             op_date)
{
  AdeptDevice *d = adept_device_new (serial);

  adept_device_set_model (d, "iPad Air");
  adept_device_set_device_family (d, "iPad");
  adept_device_set_os (d, "iPadOS");
  adept_device_set_description (d, "IPAD AIR WI-FI 64GB");
  adept_device_set_profile_status (d, status);
  if (status != ADEPT_PROFILE_STATUS_EMPTY)
    adept_device_set_profile_uuid (d, "PROFILE-A");
  adept_device_set_op_type (d, op);
  adept_device_set_op_date (d, op_date);
  return d;
}

static GPtrArray *
page_of (AdeptDevice *first, ...)
{
  GPtrArray *page = g_ptr_array_new_with_free_func (g_object_unref);
  va_list args;

  va_start (args, first);
  for (AdeptDevice *d = first; d != NULL; d = va_arg (args, AdeptDevice *))
    g_ptr_array_add (page, d);
  va_end (args);
  return page;
}

static GPtrArray *
fetch_page (guint from,
            guint n)
{
  GPtrArray *page = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = from; i < from + n; i++)
    {
      g_autofree char *serial = g_strdup_printf ("SER%05u", i);
      g_ptr_array_add (page, make_device (serial, ADEPT_PROFILE_STATUS_EMPTY, ADEPT_OP_TYPE_NONE, 0));
    }
  return page;
}

static void
commit (Fixture              *f,
        AdeptSyncPhase        phase,
        GPtrArray            *devices,
        const char           *cursor,
        gboolean              more,
        AdeptStorePageResult *result)
{
  g_autoptr(GError) error = NULL;

  adept_store_commit_page (f->store, SERVER, 0, phase, devices, cursor, more, 0, result, &error);
  g_assert_no_error (error);
}

static gboolean
candidates_contain (AdeptStorePageResult *r,
                    const char           *serial)
{
  for (guint i = 0; i < r->candidates->len; i++)
    if (g_str_equal (g_ptr_array_index (r->candidates, i), serial))
      return TRUE;
  return FALSE;
}

static guint
file_mode (const char *path)
{
  struct stat st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 0777;
}

static void
test_open_private_wal (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *wal = g_strconcat (adept_store_get_path (f->store), "-wal", NULL);
  g_autofree char *shm = g_strconcat (adept_store_get_path (f->store), "-shm", NULL);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpuint (file_mode (f->dir), ==, 0700);
  g_assert_cmpuint (file_mode (adept_store_get_path (f->store)), ==, 0600);
  g_assert_cmpuint (file_mode (wal), ==, 0600);
  g_assert_cmpuint (file_mode (shm), ==, 0600);

  sqlite3_prepare_v2 (adept_store_get_db (f->store), "PRAGMA journal_mode", -1, &stmt, NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "wal");
  sqlite3_finalize (stmt);

  sqlite3_prepare_v2 (adept_store_get_db (f->store), "PRAGMA user_version", -1, &stmt, NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, ADEPT_STORE_SCHEMA_VERSION);
  sqlite3_finalize (stmt);
}

static void
test_default_location (void)
{
  g_autofree char *xdg = adept_test_isolate_xdg ();
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptStore) store = adept_store_open (&error);
  g_autofree char *expected = g_build_filename (xdg, "data", "adept", "adept.db", NULL);

  g_assert_no_error (error);
  g_assert_cmpstr (adept_store_get_path (store), ==, expected);
  g_clear_object (&store);
  adept_test_cleanup_dir (xdg);
}

static void
test_fetch_then_sync (Fixture       *f,
                      gconstpointer  data)
{
  g_auto(AdeptStorePageResult) r1 = { 0, };
  g_auto(AdeptStorePageResult) r2 = { 0, };
  g_auto(AdeptStorePageResult) r3 = { 0, };
  g_autoptr(GPtrArray) p1 = fetch_page (0, 300);
  g_autoptr(GPtrArray) p2 = fetch_page (300, 200);
  g_autoptr(GPtrArray) sync = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(AdeptDevice) d = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  AdeptSyncPhase phase;
  gboolean deleted = FALSE;
  AdeptDevice *modified;

  commit (f, ADEPT_SYNC_PHASE_FETCH, p1, "c1", TRUE, &r1);
  g_assert_cmpuint (r1.added, ==, 300);
  adept_store_get_cursor (f->store, SERVER, &cursor, &phase, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cursor, ==, "c1");
  g_assert_cmpint (phase, ==, ADEPT_SYNC_PHASE_FETCH);
  g_clear_pointer (&cursor, g_free);

  commit (f, ADEPT_SYNC_PHASE_FETCH, p2, "c2", FALSE, &r2);
  g_assert_cmpuint (r2.added, ==, 200);
  g_assert_cmpuint (r2.deleted, ==, 0);
  g_assert_cmpuint (adept_store_count_devices (f->store, SERVER, NULL), ==, 500);
  adept_store_get_cursor (f->store, SERVER, &cursor, &phase, NULL, &error);
  g_assert_cmpstr (cursor, ==, "c2");
  g_assert_cmpint (phase, ==, ADEPT_SYNC_PHASE_SYNC);

  /* A device modified twice, the later record first (stale one must lose), one deleted,
   * one added. */
  modified = make_device ("SER00001", ADEPT_PROFILE_STATUS_ASSIGNED, ADEPT_OP_TYPE_MODIFIED, 2000);
  sync = page_of (modified,
                  make_device ("SER00001", ADEPT_PROFILE_STATUS_EMPTY, ADEPT_OP_TYPE_MODIFIED, 1000),
                  make_device ("SER00002", ADEPT_PROFILE_STATUS_EMPTY, ADEPT_OP_TYPE_DELETED, 1500),
                  make_device ("NEW00001", ADEPT_PROFILE_STATUS_EMPTY, ADEPT_OP_TYPE_ADDED, 1600),
                  NULL);
  commit (f, ADEPT_SYNC_PHASE_SYNC, sync, "c3", FALSE, &r3);
  g_assert_cmpuint (r3.added, ==, 1);
  g_assert_cmpuint (r3.modified, ==, 1);
  g_assert_cmpuint (r3.deleted, ==, 1);
  g_assert_cmpuint (adept_store_count_devices (f->store, SERVER, NULL), ==, 500);

  d = adept_store_get_device (f->store, SERVER, "SER00001", &deleted, &error);
  g_assert_no_error (error);
  g_assert_false (deleted);
  g_assert_cmpint (adept_device_get_profile_status (d), ==, ADEPT_PROFILE_STATUS_ASSIGNED);
  g_assert_cmpint (adept_device_get_op_date (d), ==, 2000);
  g_clear_object (&d);

  d = adept_store_get_device (f->store, SERVER, "SER00002", &deleted, &error);
  g_assert_nonnull (d);
  g_assert_true (deleted);
  /* The first fetch writes no history (the row has the assigned date); the deletion is. */
  history = adept_store_list_device_history (f->store, SERVER, "SER00002", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 1);
  g_assert_cmpstr (((AdeptDeviceChange *) history->pdata[0])->op_type, ==, "deleted");
  g_assert_cmpint (((AdeptDeviceChange *) history->pdata[0])->op_date, ==, 1500);
  g_ptr_array_unref (history);
  history = adept_store_list_device_history (f->store, SERVER, "NEW00001", &error);
  g_assert_cmpuint (history->len, ==, 1);
  g_assert_cmpstr (((AdeptDeviceChange *) history->pdata[0])->op_type, ==, "added");

  /* No default profile: nobody to give one to. */
  g_assert_cmpuint (r3.candidates->len, ==, 0);
}

static guint
history_length (Fixture    *f,
                const char *serial)
{
  g_autoptr(GPtrArray) history = adept_store_list_device_history (f->store, SERVER, serial, NULL);

  g_assert_nonnull (history);
  return history->len;
}

/* A sync page of more changes than one statement of history rows (50): each change has
 * its row, in the page's order, a record that changes nothing has none, a device
 * changed twice has two, either side of the statement's boundary. */
static void
test_sync_history_rows (Fixture       *f,
                        gconstpointer  data)
{
  g_auto(AdeptStorePageResult) r = { 0, };
  g_autoptr(GPtrArray) fetch = fetch_page (0, 130);
  g_autoptr(GPtrArray) sync = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(AdeptDevice) device = NULL;
  g_autoptr(GError) error = NULL;
  AdeptDeviceChange *change;

  commit (f, ADEPT_SYNC_PHASE_FETCH, fetch, "c1", FALSE, NULL);
  for (guint i = 0; i < 120; i++)
    {
      g_autofree char *serial = g_strdup_printf ("SER%05u", i);
      AdeptDevice *d;

      if (i == 45)
        {
          /* As stored: nothing to record. */
          g_ptr_array_add (sync, make_device (serial, ADEPT_PROFILE_STATUS_EMPTY,
                                              ADEPT_OP_TYPE_MODIFIED, 3000));
          continue;
        }
      d = make_device (serial, ADEPT_PROFILE_STATUS_ASSIGNED, ADEPT_OP_TYPE_MODIFIED, 3000 + i);
      g_ptr_array_add (sync, d);
    }
  /* SER00010 again, later, with another change, past the first statement's rows; and
   * one deleted. */
  g_ptr_array_add (sync, make_device ("SER00010", ADEPT_PROFILE_STATUS_REMOVED,
                                      ADEPT_OP_TYPE_MODIFIED, 5000));
  g_ptr_array_add (sync, make_device ("SER00125", ADEPT_PROFILE_STATUS_EMPTY,
                                      ADEPT_OP_TYPE_DELETED, 5100));
  commit (f, ADEPT_SYNC_PHASE_SYNC, sync, "c2", FALSE, &r);
  g_assert_cmpuint (r.modified, ==, 120);
  g_assert_cmpuint (r.deleted, ==, 1);

  g_assert_cmpuint (history_length (f, "SER00045"), ==, 0);
  /* ... but its op_date is kept, so an older record of it later loses. */
  device = adept_store_get_device (f->store, SERVER, "SER00045", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (adept_device_get_op_date (device), ==, 3000);
  g_assert_cmpint (adept_device_get_op_type (device), ==, ADEPT_OP_TYPE_MODIFIED);
  g_clear_object (&device);
  g_assert_cmpuint (history_length (f, "SER00000"), ==, 1);
  g_assert_cmpuint (history_length (f, "SER00119"), ==, 1);
  g_assert_cmpuint (history_length (f, "SER00120"), ==, 0);

  history = adept_store_list_device_history (f->store, SERVER, "SER00010", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 2);
  change = history->pdata[0];
  g_assert_cmpstr (change->op_type, ==, "modified");
  g_assert_cmpint (change->op_date, ==, 3010);
  g_assert_cmpint (change->profile_status, ==, ADEPT_PROFILE_STATUS_ASSIGNED);
  g_assert_cmpstr (change->profile_uuid, ==, "PROFILE-A");
  change = history->pdata[1];
  g_assert_cmpint (change->op_date, ==, 5000);
  g_assert_cmpint (change->profile_status, ==, ADEPT_PROFILE_STATUS_REMOVED);
  g_clear_pointer (&history, g_ptr_array_unref);

  history = adept_store_list_device_history (f->store, SERVER, "SER00125", &error);
  g_assert_cmpuint (history->len, ==, 1);
  change = history->pdata[0];
  g_assert_cmpstr (change->op_type, ==, "deleted");
  g_assert_cmpint (change->op_date, ==, 5100);
  g_assert_cmpint (change->recorded, >, 0);
}

static void
test_auto_assign_candidates (Fixture       *f,
                             gconstpointer  data)
{
  g_auto(AdeptStorePageResult) r = { 0, };
  g_autoptr(GPtrArray) fetch = fetch_page (0, 10);
  g_autoptr(GPtrArray) sync = NULL;

  adept_store_set_default_profile (f->store, SERVER, "DEFAULT", NULL);
  commit (f, ADEPT_SYNC_PHASE_FETCH, fetch, "c1", FALSE, NULL);
  sync = page_of (
    /* moved from another MDM server: arrives as modified with no profile */
    make_device ("SER00003", ADEPT_PROFILE_STATUS_EMPTY, ADEPT_OP_TYPE_MODIFIED, 100),
    /* an admin removed its profile on purpose */
    make_device ("SER00004", ADEPT_PROFILE_STATUS_REMOVED, ADEPT_OP_TYPE_MODIFIED, 100),
    /* added and already assigned */
    make_device ("NEW1", ADEPT_PROFILE_STATUS_ASSIGNED, ADEPT_OP_TYPE_ADDED, 100),
    /* added without profile */
    make_device ("NEW2", ADEPT_PROFILE_STATUS_EMPTY, ADEPT_OP_TYPE_ADDED, 100),
    /* added, then assigned later in the same page: its latest record wins */
    make_device ("NEW3", ADEPT_PROFILE_STATUS_EMPTY, ADEPT_OP_TYPE_ADDED, 100),
    make_device ("NEW3", ADEPT_PROFILE_STATUS_ASSIGNED, ADEPT_OP_TYPE_MODIFIED, 200),
    /* added, then deleted */
    make_device ("NEW4", ADEPT_PROFILE_STATUS_EMPTY, ADEPT_OP_TYPE_ADDED, 100),
    make_device ("NEW4", ADEPT_PROFILE_STATUS_EMPTY, ADEPT_OP_TYPE_DELETED, 300),
    NULL);
  commit (f, ADEPT_SYNC_PHASE_SYNC, sync, "c2", FALSE, &r);

  g_assert_cmpuint (r.candidates->len, ==, 2);
  g_assert_true (candidates_contain (&r, "SER00003"));
  g_assert_true (candidates_contain (&r, "NEW2"));
}

static GHashTable *answers_of (const char *serial, const char *answer, ...) G_GNUC_NULL_TERMINATED;

static gboolean
strv_contains (GPtrArray  *serials,
               const char *serial)
{
  for (guint i = 0; i < serials->len; i++)
    if (g_str_equal (g_ptr_array_index (serials, i), serial))
      return TRUE;
  return FALSE;
}

/* Issue 16 defect 2: what the auto-assigner owes is written with the page and its cursor,
 * so a process killed between the commit and the assignment leaves it to the next run;
 * an answer recorded for a device clears its debt, and a device that no longer needs
 * the default (deleted, a profile by other means) is dropped. */
static void
test_pending_auto_assign (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) fetch = fetch_page (0, 10);
  g_autoptr(GPtrArray) sync = NULL;
  g_autoptr(GPtrArray) pending = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GHashTable) answers = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptStore) other = NULL;

  adept_store_set_default_profile (f->store, SERVER, "DEFAULT", NULL);
  /* No result asked for: what is owed is in the store, not in memory. */
  commit (f, ADEPT_SYNC_PHASE_FETCH, fetch, "c1", FALSE, NULL);

  /* As the next process sees it, through another connection. */
  other = adept_store_open_in (f->dir, &error);
  g_assert_no_error (error);
  pending = adept_store_take_pending_assign (other, SERVER, "DEFAULT", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pending->len, ==, 10);
  g_assert_cmpstr (g_ptr_array_index (pending, 0), ==, "SER00000");
  g_clear_pointer (&pending, g_ptr_array_unref);

  /* Taking them does not pay them: only an answer does. */
  answers = answers_of ("SER00000", "SUCCESS", "SER00001", "THROTTLED", NULL);
  adept_store_record_assign (f->store, SERVER, "DEFAULT", ADEPT_ASSIGN_ORIGIN_AUTO, answers, 60,
                             &error);
  g_assert_no_error (error);
  sync = page_of (
    /* got a profile by other means */
    make_device ("SER00002", ADEPT_PROFILE_STATUS_ASSIGNED, ADEPT_OP_TYPE_MODIFIED, 100),
    /* left the server */
    make_device ("SER00003", ADEPT_PROFILE_STATUS_EMPTY, ADEPT_OP_TYPE_DELETED, 100),
    NULL);
  commit (f, ADEPT_SYNC_PHASE_SYNC, sync, "c2", FALSE, NULL);

  pending = adept_store_take_pending_assign (f->store, SERVER, "DEFAULT", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pending->len, ==, 6);
  g_assert_false (strv_contains (pending, "SER00000"));   /* answered */
  g_assert_false (strv_contains (pending, "SER00001"));   /* its retry is scheduled */
  g_assert_false (strv_contains (pending, "SER00002"));
  g_assert_false (strv_contains (pending, "SER00003"));
  g_assert_true (strv_contains (pending, "SER00009"));
  /* Those dropped stay dropped. */
  again = adept_store_take_pending_assign (f->store, SERVER, "DEFAULT", &error);
  g_assert_cmpuint (again->len, ==, 6);
  g_clear_pointer (&again, g_ptr_array_unref);

  /* With no default profile nothing is owed any more. */
  again = adept_store_take_pending_assign (f->store, SERVER, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->len, ==, 0);
  g_clear_pointer (&again, g_ptr_array_unref);
  again = adept_store_take_pending_assign (f->store, SERVER, "DEFAULT", &error);
  g_assert_cmpuint (again->len, ==, 0);
}

/* What the store holds of a server, a line per device. */
static char *
describe_devices (AdeptStore *store,
                  const char *server_id)
{
  g_autoptr(GPtrArray) devices = adept_store_list_devices (store, server_id, -1, NULL);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < devices->len; i++)
    {
      AdeptDevice *d = devices->pdata[i];

      g_string_append_printf (out, "%s %s %d %s\n", adept_device_get_serial_number (d),
                              adept_device_get_model (d), adept_device_get_profile_status (d),
                              adept_device_get_os (d));
    }
  return g_string_free (out, FALSE);
}

static GPtrArray *
repeating_page (guint from,
                guint n,
                guint repeat_of,
                guint repeat_at)
{
  GPtrArray *page = fetch_page (from, n);
  g_autofree char *serial = g_strdup_printf ("SER%05u", repeat_of);
  AdeptDevice *again = make_device (serial, ADEPT_PROFILE_STATUS_EMPTY, ADEPT_OP_TYPE_NONE, 0);

  adept_device_set_model (again, "iPad Air (again)");
  g_ptr_array_insert (page, repeat_at, again);
  return page;
}

/* The first full fetch stores new devices many to a statement; a device Apple repeats,
 * within a page or across pages, must leave the store and the page's counts as the row
 * by row way (every later fetch) does. */
static void
test_first_fetch_in_bulk (Fixture       *f,
                          gconstpointer  data)
{
  const char *servers[] = { SERVER, "later" };
  g_autofree char *stored[2] = { NULL, NULL };
  AdeptStorePageResult results[2][3];
  g_autoptr(GError) error = NULL;

  adept_store_ensure_server (f->store, "later", ADEPT_STORE_KIND_LOCAL, &error);
  g_assert_no_error (error);
  /* "later" has had a fetch before: its pages go row by row. */
  adept_store_reset_cursor (f->store, "later", &error);
  g_assert_no_error (error);
  for (guint s = 0; s < 2; s++)
    {
      g_autoptr(GPtrArray) first = repeating_page (0, 120, 10, 60);
      g_autoptr(GPtrArray) second = repeating_page (120, 100, 5, 30);
      g_autoptr(GPtrArray) third = fetch_page (300, 37);

      adept_store_set_default_profile (f->store, servers[s], "DEFAULT", NULL);
      for (guint p = 0; p < 3; p++)
        {
          GPtrArray *page = p == 0 ? first : p == 1 ? second : third;

          adept_store_commit_page (f->store, servers[s], 0, ADEPT_SYNC_PHASE_FETCH, page, "c",
                                   TRUE, 0, &results[s][p], &error);
          g_assert_no_error (error);
        }
      stored[s] = describe_devices (f->store, servers[s]);
    }
  g_assert_cmpstr (stored[0], ==, stored[1]);
  g_assert_nonnull (strstr (stored[0], "SER00010 iPad Air (again)"));
  g_assert_nonnull (strstr (stored[0], "SER00005 iPad Air (again)"));
  for (guint p = 0; p < 3; p++)
    {
      g_assert_cmpuint (results[0][p].added, ==, results[1][p].added);
      g_assert_cmpuint (results[0][p].modified, ==, results[1][p].modified);
      g_assert_cmpuint (results[0][p].candidates->len, ==, results[1][p].candidates->len);
      adept_store_page_result_clear (&results[0][p]);
      adept_store_page_result_clear (&results[1][p]);
    }
  /* 120 new and one repeat; 100 new and a device of the first page; 37 new */
  g_assert_cmpuint (adept_store_count_devices (f->store, SERVER, NULL), ==, 120 + 100 + 37);
}

static AdeptDeviceRecord *
records_of (GPtrArray *devices)
{
  AdeptDeviceRecord *records = g_new (AdeptDeviceRecord, MAX (devices->len, 1));

  for (guint i = 0; i < devices->len; i++)
    records[i] = *adept_device_get_record (g_ptr_array_index (devices, i));
  return records;
}

/* SERVER and "grouped", each with a default profile and a fetch begun in its journal. */
static void
begin_grouped_runs (Fixture          *f,
                    const char *const servers[2],
                    gint64            run[2])
{
  g_autoptr(GError) error = NULL;

  adept_store_ensure_server (f->store, "grouped", ADEPT_STORE_KIND_LOCAL, &error);
  g_assert_no_error (error);
  for (guint s = 0; s < 2; s++)
    {
      adept_store_set_default_profile (f->store, servers[s], "DEFAULT", &error);
      g_assert_no_error (error);
      run[s] = adept_store_journal_begin (f->store, servers[s], ADEPT_SYNC_KIND_FETCH, NULL, &error);
      g_assert_no_error (error);
    }
}

/* The sync engine stores the pages that waited for the store as one group: the same
 * devices, history, counts and journal as the pages one by one, the last page's cursor,
 * a device repeated within a page or across pages of the group included (its last
 * record wins). */
static void
test_pages_in_one_commit (Fixture       *f,
                          gconstpointer  data)
{
  const char *servers[] = { SERVER, "grouped" };
  g_autofree char *stored[2] = { NULL, NULL };
  GPtrArray *pages[4] = { repeating_page (0, 120, 10, 60),
                          repeating_page (120, 100, 5, 30),
                          repeating_page (220, 60, 130, 59),
                          NULL };
  AdeptDeviceRecord *records[4] = { NULL, };
  const char *cursors[] = { "c1", "c2", "c3", "s1" };
  AdeptStorePage group[4];
  AdeptStorePageResult one_by_one = { 0, };
  g_auto(AdeptStorePageResult) grouped = { 0, };
  g_autoptr(GError) error = NULL;
  gint64 run[2];

  /* The last page of the fetch, then the sync that follows it: a device changed. */
  pages[3] = page_of (make_device ("SER00007", ADEPT_PROFILE_STATUS_ASSIGNED,
                                   ADEPT_OP_TYPE_MODIFIED, 1700000000), NULL);
  for (guint p = 0; p < 4; p++)
    {
      records[p] = records_of (pages[p]);
      group[p] = (AdeptStorePage) { p < 3 ? ADEPT_SYNC_PHASE_FETCH : ADEPT_SYNC_PHASE_SYNC,
                                    records[p], pages[p]->len, cursors[p], p < 2 || p == 3, 0 };
    }

  begin_grouped_runs (f, servers, run);
  one_by_one.candidates = g_ptr_array_new_with_free_func (g_free);
  for (guint p = 0; p < 4; p++)
    {
      g_auto(AdeptStorePageResult) r = { 0, };

      adept_store_commit_pages (f->store, SERVER, run[0], &group[p], 1, &r, &error);
      g_assert_no_error (error);
      one_by_one.added += r.added;
      one_by_one.modified += r.modified;
      for (guint i = 0; i < r.candidates->len; i++)
        if (!candidates_contain (&one_by_one, r.candidates->pdata[i]))
          g_ptr_array_add (one_by_one.candidates, g_strdup (r.candidates->pdata[i]));
    }
  g_assert_true (adept_store_commit_pages (f->store, "grouped", run[1], group, 4, &grouped, &error));
  g_assert_no_error (error);

  for (guint s = 0; s < 2; s++)
    {
      g_autoptr(GPtrArray) history = NULL;
      g_autoptr(AdeptJournalEntry) entry = NULL;
      g_autofree char *cursor = NULL;
      AdeptSyncPhase phase;

      stored[s] = describe_devices (f->store, servers[s]);
      adept_store_get_cursor (f->store, servers[s], &cursor, &phase, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (cursor, ==, "s1");
      g_assert_cmpint (phase, ==, ADEPT_SYNC_PHASE_SYNC);
      adept_store_journal_end (f->store, run[s], NULL, &error);
      entry = adept_store_get_journal_entry (f->store, run[s], &error);
      g_assert_no_error (error);
      g_assert_cmpuint (entry->pages, ==, 4);
      history = adept_store_list_device_history (f->store, servers[s], "SER00007", &error);
      g_assert_no_error (error);
      g_assert_cmpuint (history->len, ==, 1);
    }
  g_assert_cmpstr (stored[0], ==, stored[1]);
  g_assert_nonnull (strstr (stored[1], "SER00010 iPad Air (again)"));
  g_assert_nonnull (strstr (stored[1], "SER00130 iPad Air (again)"));
  g_assert_cmpuint (grouped.added, ==, one_by_one.added);
  g_assert_cmpuint (grouped.added, ==, 280);
  g_assert_cmpuint (grouped.modified, ==, one_by_one.modified);
  g_assert_cmpuint (grouped.candidates->len, ==, one_by_one.candidates->len);
  adept_store_page_result_clear (&one_by_one);
  for (guint p = 0; p < 4; p++)
    {
      g_free (records[p]);
      g_ptr_array_unref (pages[p]);
    }
}

static GPtrArray *
shuffled_page (guint from,
               guint n,
               guint seed)
{
  GPtrArray *page = fetch_page (from, n);
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);

  for (guint i = n; i > 1; i--)
    {
      guint j = (guint) g_rand_int_range (rand, 0, (gint32) i);
      gpointer t = page->pdata[i - 1];

      page->pdata[i - 1] = page->pdata[j];
      page->pdata[j] = t;
    }
  return page;
}

static gint64
query_int (AdeptStore *store,
           const char *sql,
           const char *server_id)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (adept_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, server_id, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

/* Rows whose serial sorts after another's but whose id is below it. */
static const char ids_out_of_serial_order[] =
  "SELECT count (*) FROM devices a JOIN devices b ON b.server = a.server"
  " AND a.serial < b.serial AND a.id > b.id WHERE a.server = " ADEPT_STORE_SERVER_NUM ("?1");

/* The pages of a first fetch, stored one by one into SERVER and as groups of n_group into
 * "grouped": the same devices, counts, candidates, devices owed the default profile,
 * journal and cursor, and no row with a change_seq the server has not reached. */
static void
compare_first_fetch_groups (Fixture    *f,
                            GPtrArray **pages,
                            guint       n_pages,
                            guint       n_group)
{
  const char *servers[] = { SERVER, "grouped" };
  g_autofree char *stored[2] = { NULL, NULL };
  g_autofree AdeptStorePage *group = g_new0 (AdeptStorePage, n_pages);
  g_autofree AdeptDeviceRecord **records = g_new0 (AdeptDeviceRecord *, n_pages);
  g_autofree char **cursors = g_new0 (char *, n_pages + 1);
  AdeptStorePageResult totals[2] = { { 0, }, { 0, } };
  g_autoptr(GError) error = NULL;
  gint64 run[2];

  for (guint p = 0; p < n_pages; p++)
    {
      records[p] = records_of (pages[p]);
      cursors[p] = g_strdup_printf ("c%u", p);
      group[p] = (AdeptStorePage) { ADEPT_SYNC_PHASE_FETCH, records[p], pages[p]->len,
                                    cursors[p], TRUE, 0 };
    }
  begin_grouped_runs (f, servers, run);
  for (guint s = 0; s < 2; s++)
    {
      totals[s].candidates = g_ptr_array_new_with_free_func (g_free);
      for (guint p = 0; p < n_pages; p += s == 0 ? 1 : n_group)
        {
          g_auto(AdeptStorePageResult) r = { 0, };

          g_assert_true (adept_store_commit_pages (f->store, servers[s], run[s], &group[p],
                                                   s == 0 ? 1 : MIN (n_group, n_pages - p),
                                                   &r, &error));
          g_assert_no_error (error);
          totals[s].added += r.added;
          totals[s].modified += r.modified;
          for (guint i = 0; i < r.candidates->len; i++)
            if (!candidates_contain (&totals[s], r.candidates->pdata[i]))
              g_ptr_array_add (totals[s].candidates, g_strdup (r.candidates->pdata[i]));
        }
    }

  for (guint s = 0; s < 2; s++)
    {
      g_autoptr(AdeptJournalEntry) entry = NULL;
      g_autofree char *cursor = NULL;

      stored[s] = describe_devices (f->store, servers[s]);
      adept_store_get_cursor (f->store, servers[s], &cursor, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (cursor, ==, cursors[n_pages - 1]);
      adept_store_journal_end (f->store, run[s], NULL, &error);
      entry = adept_store_get_journal_entry (f->store, run[s], &error);
      g_assert_no_error (error);
      g_assert_cmpuint (entry->pages, ==, n_pages);
      g_assert_cmpuint (entry->added, ==, totals[s].added);
      g_assert_cmpint (query_int (f->store,
                                  "SELECT count (*) FROM devices d JOIN servers s ON s.num = d.server"
                                  " WHERE s.id = ?1 AND (d.change_seq > s.change_seq OR d.change_seq = 0)",
                                  servers[s]), ==, 0);
    }
  g_assert_cmpstr (stored[0], ==, stored[1]);
  g_assert_cmpuint (totals[1].added, ==, totals[0].added);
  g_assert_cmpuint (totals[1].modified, ==, totals[0].modified);
  g_assert_cmpuint (totals[1].candidates->len, ==, totals[0].candidates->len);
  for (guint i = 0; i < totals[0].candidates->len; i++)
    g_assert_true (candidates_contain (&totals[1], totals[0].candidates->pdata[i]));
  g_assert_cmpint (query_int (f->store, "SELECT count (*) FROM pending_assign WHERE server_id = ?1", "grouped"),
                   ==, query_int (f->store, "SELECT count (*) FROM pending_assign WHERE server_id = ?1", SERVER));
  g_assert_cmpint (query_int (f->store, "SELECT count (*) FROM pending_assign WHERE server_id = ?1", SERVER),
                   ==, totals[0].candidates->len);

  for (guint s = 0; s < 2; s++)
    adept_store_page_result_clear (&totals[s]);
  for (guint p = 0; p < n_pages; p++)
    {
      g_free (records[p]);
      g_free (cursors[p]);
    }
}

/* A first fetch's group goes into the store in serial order, whatever order its pages
 * bring the devices in: the rows' ids follow their serials. */
static void
test_first_fetch_group_sorted (Fixture       *f,
                               gconstpointer  data)
{
  GPtrArray *pages[5] = { shuffled_page (300, 120, 1), shuffled_page (0, 100, 2),
                          shuffled_page (500, 1, 3), shuffled_page (120, 180, 4),
                          fetch_page (600, 0) };

  compare_first_fetch_groups (f, pages, G_N_ELEMENTS (pages), G_N_ELEMENTS (pages));
  g_assert_cmpint (query_int (f->store, "SELECT count (*) FROM devices"
                              " WHERE server = " ADEPT_STORE_SERVER_NUM ("?1"), "grouped"),
                   ==, 401);
  g_assert_cmpint (query_int (f->store, ids_out_of_serial_order, "grouped"), ==, 0);
  /* One by one, each page's rows in the page's order. */
  g_assert_cmpint (query_int (f->store, ids_out_of_serial_order, SERVER), >, 0);
  for (guint p = 0; p < G_N_ELEMENTS (pages); p++)
    g_ptr_array_unref (pages[p]);
}

/* A device Apple repeats within a group, or that an earlier group stored, puts the
 * group's pages in one by one: the same store as pages committed alone. */
static void
test_first_fetch_group_repeats (Fixture       *f,
                                gconstpointer  data)
{
  GPtrArray *pages[6] = { shuffled_page (0, 100, 1), shuffled_page (100, 100, 2),
                          /* the second group: a device of the first */
                          repeating_page (200, 50, 10, 20), fetch_page (250, 50),
                          /* the third: a device of its own first page */
                          fetch_page (300, 50), repeating_page (350, 50, 320, 49) };

  compare_first_fetch_groups (f, pages, G_N_ELEMENTS (pages), 2);
  g_assert_cmpint (query_int (f->store, "SELECT count (*) FROM devices"
                              " WHERE server = " ADEPT_STORE_SERVER_NUM ("?1"), "grouped"),
                   ==, 400);
  g_assert_cmpint (query_int (f->store,
                              "SELECT count (*) FROM devices WHERE server = " ADEPT_STORE_SERVER_NUM ("?1")
                              " AND model = 'iPad Air (again)' AND serial IN ('SER00010', 'SER00320')",
                              "grouped"), ==, 2);
  for (guint p = 0; p < G_N_ELEMENTS (pages); p++)
    g_ptr_array_unref (pages[p]);
}

/* A page of a group that cannot be stored leaves nothing of the group, the pages
 * before it included, and the cursor as it was. */
static void
test_pages_fail_together (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) first = fetch_page (0, 100);
  g_autoptr(GPtrArray) second = fetch_page (100, 100);
  g_autofree AdeptDeviceRecord *records1 = records_of (first);
  g_autofree AdeptDeviceRecord *records2 = records_of (second);
  AdeptStorePage group[] = {
    { ADEPT_SYNC_PHASE_FETCH, records1, first->len, "c1", TRUE, 0 },
    { ADEPT_SYNC_PHASE_FETCH, records2, second->len, "c2", TRUE, 0 },
  };
  g_auto(AdeptStorePageResult) r = { 0, };
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;

  /* A store that refuses one device of the second page. */
  g_assert_cmpint (sqlite3_exec (adept_store_get_db (f->store),
                                 "CREATE TEMP TRIGGER refuse AFTER INSERT ON main.devices"
                                 " WHEN NEW.serial = 'SER00150' BEGIN SELECT RAISE (ABORT, 'refused'); END",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_false (adept_store_commit_pages (f->store, SERVER, 0, group, 2, &r, &error));
  g_assert_nonnull (error);
  g_assert_cmpuint (r.added, ==, 0);
  g_assert_cmpuint (adept_store_count_devices (f->store, SERVER, NULL), ==, 0);
  adept_store_get_cursor (f->store, SERVER, &cursor, NULL, NULL, NULL);
  g_assert_null (cursor);
  g_clear_error (&error);

  sqlite3_exec (adept_store_get_db (f->store), "DROP TRIGGER temp.refuse", NULL, NULL, NULL);
  g_assert_true (adept_store_commit_pages (f->store, SERVER, 0, group, 2, &r, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (r.added, ==, 200);
  g_assert_cmpuint (adept_store_count_devices (f->store, SERVER, NULL), ==, 200);
}

static void
test_full_fetch_sweeps (Fixture       *f,
                        gconstpointer  data)
{
  g_auto(AdeptStorePageResult) r = { 0, };
  g_autoptr(GPtrArray) first = fetch_page (0, 100);
  g_autoptr(GPtrArray) again1 = fetch_page (10, 40);
  g_autoptr(GPtrArray) again2 = fetch_page (50, 60);
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptDevice) d = NULL;
  gboolean deleted = FALSE;

  commit (f, ADEPT_SYNC_PHASE_FETCH, first, "c1", FALSE, NULL);
  adept_store_reset_cursor (f->store, SERVER, &error);
  g_assert_no_error (error);

  /* A full fetch returns 10..109: 0..9 left the server, 100..109 are new. The first page
   * alone must not sweep anything. */
  commit (f, ADEPT_SYNC_PHASE_FETCH, again1, "f1", TRUE, &r);
  g_assert_cmpuint (r.deleted, ==, 0);
  g_assert_cmpuint (adept_store_count_devices (f->store, SERVER, NULL), ==, 100);
  adept_store_page_result_clear (&r);

  commit (f, ADEPT_SYNC_PHASE_FETCH, again2, "f2", FALSE, &r);
  g_assert_cmpuint (r.added, ==, 10);
  g_assert_cmpuint (r.deleted, ==, 10);
  g_assert_cmpuint (adept_store_count_devices (f->store, SERVER, NULL), ==, 100);
  d = adept_store_get_device (f->store, SERVER, "SER00005", &deleted, &error);
  g_assert_true (deleted);
}

static void
test_commit_is_atomic (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) page = fetch_page (0, 50);
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  sqlite3 *other = NULL;
  gboolean ok;

  commit (f, ADEPT_SYNC_PHASE_FETCH, page, "c1", TRUE, NULL);

  /* Another connection holds the write lock: the page and its cursor must both fail. */
  g_assert_cmpint (sqlite3_open (adept_store_get_path (f->store), &other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);
  adept_store_set_busy_timeout (f->store, 50);

  g_ptr_array_unref (page);
  page = fetch_page (50, 50);
  ok = adept_store_commit_page (f->store, SERVER, 0, ADEPT_SYNC_PHASE_FETCH, page, "c2", TRUE, 0,
                                NULL, &error);
  g_assert_false (ok);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_STORE_LOCKED);
  g_assert_nonnull (strstr (error->message, adept_store_get_path (f->store)));
  g_clear_error (&error);

  sqlite3_exec (other, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close (other);

  g_assert_cmpuint (adept_store_count_devices (f->store, SERVER, NULL), ==, 50);
  adept_store_get_cursor (f->store, SERVER, &cursor, NULL, NULL, &error);
  g_assert_cmpstr (cursor, ==, "c1");
}

static void
test_journal (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) run_error = g_error_new_literal (ADEPT_ERROR, ADEPT_ERROR_NETWORK, "offline");
  g_autoptr(GPtrArray) page = fetch_page (0, 7);
  g_autoptr(GPtrArray) entries = NULL;
  AdeptJournalEntry *e;
  gint64 run1, run2;

  run1 = adept_store_journal_begin (f->store, SERVER, ADEPT_SYNC_KIND_FETCH, NULL, &error);
  g_assert_no_error (error);
  adept_store_commit_page (f->store, SERVER, run1, ADEPT_SYNC_PHASE_FETCH, page, "c", FALSE, 0,
                           NULL, &error);
  g_assert_no_error (error);
  adept_store_journal_add_assigned (f->store, run1, 3, &error);
  adept_store_journal_end (f->store, run1, NULL, &error);
  g_assert_no_error (error);

  run2 = adept_store_journal_begin (f->store, SERVER, ADEPT_SYNC_KIND_SYNC, NULL, &error);
  adept_store_journal_set_full (f->store, run2, "cursor-expired", &error);
  adept_store_journal_end (f->store, run2, run_error, &error);
  g_assert_no_error (error);

  entries = adept_store_list_journal (f->store, SERVER, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 2);
  e = entries->pdata[0];
  g_assert_cmpint (e->id, ==, run2);
  g_assert_cmpint (e->kind, ==, ADEPT_SYNC_KIND_FULL);
  g_assert_cmpstr (e->reason, ==, "cursor-expired");
  g_assert_cmpstr (e->error_code, ==, "network");
  g_assert_cmpstr (e->error_message, ==, "offline");
  g_assert_cmpint (e->ended, >, 0);
  e = entries->pdata[1];
  g_assert_cmpint (e->kind, ==, ADEPT_SYNC_KIND_FETCH);
  g_assert_cmpuint (e->pages, ==, 1);
  g_assert_cmpuint (e->added, ==, 7);
  g_assert_cmpuint (e->assigned, ==, 3);
  g_assert_null (e->error_code);
}

static void
test_profiles (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) profiles = NULL;
  g_autoptr(AdeptStoredProfile) p = NULL;
  g_autofree char *def = NULL;

  g_assert_null (adept_store_dup_default_profile (f->store, SERVER));
  adept_store_save_profile (f->store, SERVER, "UUID-1", "Staff", "{\"profile_name\":\"Staff\"}",
                            NULL, &error);
  adept_store_save_profile (f->store, SERVER, "UUID-2", "Staff v2", "{\"profile_name\":\"Staff v2\"}",
                            "UUID-1", &error);
  g_assert_no_error (error);
  adept_store_set_default_profile (f->store, SERVER, "UUID-2", &error);
  g_assert_no_error (error);
  def = adept_store_dup_default_profile (f->store, SERVER);
  g_assert_cmpstr (def, ==, "UUID-2");

  profiles = adept_store_list_profiles (f->store, SERVER, &error);
  g_assert_cmpuint (profiles->len, ==, 2);
  g_assert_cmpstr (((AdeptStoredProfile *) profiles->pdata[0])->uuid, ==, "UUID-2");
  p = adept_store_get_profile (f->store, SERVER, "UUID-2", &error);
  g_assert_cmpstr (p->replaces, ==, "UUID-1");
  g_assert_cmpstr (p->json, ==, "{\"profile_name\":\"Staff v2\"}");

  adept_store_set_default_profile (f->store, SERVER, NULL, &error);
  g_assert_null (adept_store_dup_default_profile (f->store, SERVER));
}

static GHashTable *
answers_of (const char *serial, const char *answer, ...)
{
  GHashTable *answers = g_hash_table_new (g_str_hash, g_str_equal);
  va_list args;

  va_start (args, answer);
  while (serial != NULL)
    {
      g_hash_table_insert (answers, (gpointer) serial, (gpointer) answer);
      serial = va_arg (args, const char *);
      if (serial != NULL)
        answer = va_arg (args, const char *);
    }
  va_end (args);
  return answers;
}

static void
test_assign_attempts (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) page = fetch_page (0, 5);
  g_autoptr(GHashTable) answers = answers_of ("SER00000", "SUCCESS", "SER00001", "THROTTLED",
                                              "SER00002", "FAILED", "SER00003", "NOT_ACCESSIBLE",
                                              NULL);
  g_autoptr(GHashTable) due = NULL;
  g_autoptr(GHashTable) retry_failed = NULL;
  g_autoptr(GPtrArray) attempts = NULL;
  g_autoptr(GPtrArray) candidates = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  gint64 now = adept_store_now ();
  gint64 when = 0;
  GPtrArray *serials;

  commit (f, ADEPT_SYNC_PHASE_FETCH, page, "c", FALSE, NULL);
  g_assert_cmpint (adept_store_get_assign_plan (f->store, SERVER, "SER00004", NULL, NULL), ==,
                   ADEPT_ASSIGN_PLAN_NO_DEFAULT);

  adept_store_record_assign (f->store, SERVER, "P", ADEPT_ASSIGN_ORIGIN_AUTO, answers, 30, &error);
  g_assert_no_error (error);

  g_assert_cmpint (adept_store_get_assign_plan (f->store, SERVER, "SER00000", NULL, NULL), ==,
                   ADEPT_ASSIGN_PLAN_DONE);
  g_assert_cmpint (adept_store_get_assign_plan (f->store, SERVER, "SER00001", &when, NULL), ==,
                   ADEPT_ASSIGN_PLAN_RETRY);
  g_assert_cmpint (when, >=, now + 30);
  g_assert_cmpint (when, <=, now + 31);
  g_assert_cmpint (adept_store_get_assign_plan (f->store, SERVER, "SER00002", &when, NULL), ==,
                   ADEPT_ASSIGN_PLAN_RETRY);
  g_assert_cmpint (when, >=, now + 24 * 3600);
  g_assert_cmpint (adept_store_get_assign_plan (f->store, SERVER, "SER00003", NULL, NULL), ==,
                   ADEPT_ASSIGN_PLAN_GAVE_UP);

  attempts = adept_store_list_assign_attempts (f->store, SERVER, "SER00001", &error);
  g_assert_cmpuint (attempts->len, ==, 1);
  g_assert_cmpint (((AdeptAssignAttempt *) attempts->pdata[0])->result, ==, ADEPT_ASSIGN_RESULT_THROTTLED);
  g_assert_cmpint (((AdeptAssignAttempt *) attempts->pdata[0])->retry_after, ==, 30);
  g_assert_cmpint (adept_store_get_next_retry_time (f->store, SERVER), ==, when - 24 * 3600 + 30);

  /* Nothing is due now; in a minute the throttled one is; in a day both. */
  due = adept_store_take_due_retries (f->store, SERVER, now, &error);
  g_assert_cmpuint (g_hash_table_size (due), ==, 0);
  g_hash_table_unref (due);
  due = adept_store_take_due_retries (f->store, SERVER, now + 60, &error);
  serials = g_hash_table_lookup (due, "P");
  g_assert_nonnull (serials);
  g_assert_cmpuint (serials->len, ==, 1);
  g_assert_cmpstr (serials->pdata[0], ==, "SER00001");
  g_hash_table_unref (due);
  due = adept_store_take_due_retries (f->store, SERVER, now + 25 * 3600, &error);
  g_assert_cmpuint (((GPtrArray *) g_hash_table_lookup (due, "P"))->len, ==, 2);

  /* The scheduled retries are not auto-assigned again meanwhile; the success neither. */
  g_ptr_array_add (candidates, (gpointer) "SER00000");
  g_ptr_array_add (candidates, (gpointer) "SER00001");
  g_ptr_array_add (candidates, (gpointer) "SER00004");
  adept_store_filter_auto_assign (f->store, SERVER, "P", candidates);
  g_assert_cmpuint (candidates->len, ==, 1);
  g_assert_cmpstr (candidates->pdata[0], ==, "SER00004");

  /* The retry of the failed one fails again: no third try. */
  retry_failed = answers_of ("SER00002", "FAILED", NULL);
  adept_store_record_assign (f->store, SERVER, "P", ADEPT_ASSIGN_ORIGIN_RETRY, retry_failed, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (adept_store_get_assign_plan (f->store, SERVER, "SER00002", NULL, NULL), ==,
                   ADEPT_ASSIGN_PLAN_GAVE_UP);
}

/* More answers than one statement's rows (50 a statement, then the rest), each device with
 * its own result, over retries planned by an earlier answer: each row has its device's
 * result and detail, and each new attempt supersedes its own device's retry only. */
static void
test_assign_attempts_many (Fixture       *f,
                           gconstpointer  data)
{
  static const char * const results[] = { "SUCCESS", "NOT_ACCESSIBLE", "FAILED", "THROTTLED" };
  const guint n = 123;
  g_autoptr(GPtrArray) page = fetch_page (0, n);
  g_autoptr(GPtrArray) serials = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) first = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) second = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) due = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = adept_store_now ();
  guint n_throttled = 0, n_failed = 0;
  GPtrArray *due_serials;

  commit (f, ADEPT_SYNC_PHASE_FETCH, page, "c", FALSE, NULL);
  for (guint i = 0; i < n; i++)
    {
      char *serial = g_strdup_printf ("SER%05u", i);

      g_ptr_array_add (serials, serial);
      g_hash_table_insert (first, serial, (gpointer) "THROTTLED");
      g_hash_table_insert (second, serial, (gpointer) results[i % 4]);
    }
  adept_store_record_assign (f->store, SERVER, "P", ADEPT_ASSIGN_ORIGIN_AUTO, first, 30, &error);
  g_assert_no_error (error);
  adept_store_record_assign (f->store, SERVER, "P", ADEPT_ASSIGN_ORIGIN_RETRY, second, 600, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < n; i++)
    {
      const char *serial = serials->pdata[i];
      g_autoptr(GPtrArray) attempts = adept_store_list_assign_attempts (f->store, SERVER, serial, &error);
      AdeptAssignAttempt *last;
      AdeptAssignPlan expected[] = { ADEPT_ASSIGN_PLAN_DONE, ADEPT_ASSIGN_PLAN_GAVE_UP,
                                     ADEPT_ASSIGN_PLAN_RETRY, ADEPT_ASSIGN_PLAN_RETRY };
      gint64 when = 0;

      g_assert_no_error (error);
      g_assert_cmpuint (attempts->len, ==, 2);
      /* In order: the first answer's, its retry superseded, then the second's. */
      g_assert_cmpint (((AdeptAssignAttempt *) attempts->pdata[0])->origin, ==, ADEPT_ASSIGN_ORIGIN_AUTO);
      g_assert_cmpint (((AdeptAssignAttempt *) attempts->pdata[0])->next_attempt, ==, 0);
      last = attempts->pdata[1];
      g_assert_cmpstr (last->serial_number, ==, serial);
      g_assert_cmpint (last->result, ==, adept_assign_result_from_string (results[i % 4]));
      g_assert_cmpstr (last->detail, ==, results[i % 4]);
      g_assert_cmpint (last->origin, ==, ADEPT_ASSIGN_ORIGIN_RETRY);
      g_assert_cmpint (last->retry_after, ==, i % 4 == 3 ? 600 : 0);
      g_assert_cmpint (adept_store_get_assign_plan (f->store, SERVER, serial, &when, NULL), ==,
                       expected[i % 4]);
      if (i % 4 == 3)
        n_throttled++;
      if (i % 4 == 2)
        n_failed++;
    }

  /* The first answer's retries (due in 30 s) were all superseded. */
  due = adept_store_take_due_retries (f->store, SERVER, now + 300, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (due), ==, 0);
  g_hash_table_unref (due);
  due = adept_store_take_due_retries (f->store, SERVER, now + 700, &error);
  due_serials = g_hash_table_lookup (due, "P");
  g_assert_nonnull (due_serials);
  g_assert_cmpuint (due_serials->len, ==, n_throttled);
  for (guint i = 0; i < due_serials->len; i++)
    g_assert_cmpuint (atoi ((const char *) due_serials->pdata[i] + 3) % 4, ==, 3);
  g_hash_table_unref (due);
  due = adept_store_take_due_retries (f->store, SERVER, now + 25 * 3600, &error);
  g_assert_cmpuint (((GPtrArray *) g_hash_table_lookup (due, "P"))->len, ==, n_throttled + n_failed);
}

static void
test_assign_error_and_dropped_retry (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(GPtrArray) page = fetch_page (0, 3);
  g_autoptr(GPtrArray) sync = NULL;
  g_autoptr(GError) request_error = g_error_new_literal (ADEPT_ERROR, ADEPT_ERROR_NETWORK, "offline");
  g_autoptr(GError) refused = g_error_new_literal (ADEPT_ERROR, ADEPT_ERROR_NOT_FOUND, "no profile");
  g_autoptr(GHashTable) due = NULL;
  g_autoptr(GError) error = NULL;
  const char *serials[] = { "SER00000", "SER00001", NULL };
  const char *other[] = { "SER00002", NULL };
  gint64 when = 0;

  commit (f, ADEPT_SYNC_PHASE_FETCH, page, "c", FALSE, NULL);
  adept_store_record_assign_error (f->store, SERVER, "P", ADEPT_ASSIGN_ORIGIN_AUTO, serials,
                                   request_error, 0, &error);
  adept_store_record_assign_error (f->store, SERVER, "P", ADEPT_ASSIGN_ORIGIN_AUTO, other,
                                   refused, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (adept_store_get_assign_plan (f->store, SERVER, "SER00000", &when, NULL), ==,
                   ADEPT_ASSIGN_PLAN_RETRY);
  g_assert_cmpint (adept_store_get_assign_plan (f->store, SERVER, "SER00002", NULL, NULL), ==,
                   ADEPT_ASSIGN_PLAN_GAVE_UP);

  /* SER00001 got a profile by other means meanwhile: its retry is dropped. */
  sync = page_of (make_device ("SER00001", ADEPT_PROFILE_STATUS_ASSIGNED, ADEPT_OP_TYPE_MODIFIED, 10),
                  NULL);
  commit (f, ADEPT_SYNC_PHASE_SYNC, sync, "c2", FALSE, NULL);
  due = adept_store_take_due_retries (f->store, SERVER, when, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (((GPtrArray *) g_hash_table_lookup (due, "P"))->len, ==, 1);
  g_assert_cmpint (adept_store_get_assign_plan (f->store, SERVER, "SER00001", NULL, NULL), ==,
                   ADEPT_ASSIGN_PLAN_NOTHING);
}

static void
test_audit (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  AdeptAuditEntry *e;

  adept_store_audit (f->store, SERVER, "link", "linked to Example MDM", &error);
  adept_store_audit (f->store, SERVER, "token-upload",
                     "consumer CK_0123456789abcdef0123 key -----BEGIN RSA PRIVATE KEY-----\nMIIE\n"
                     "-----END RSA PRIVATE KEY----- done",
                     &error);
  adept_store_audit (f->store, NULL, "key-generate", NULL, &error);
  g_assert_no_error (error);

  entries = adept_store_list_audit (f->store, SERVER, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 2);
  e = entries->pdata[0];
  g_assert_cmpstr (e->action, ==, "token-upload");
  g_assert_cmpstr (e->user, ==, g_get_user_name ());
  g_assert_cmpstr (e->host, ==, g_get_host_name ());
  g_assert_null (strstr (e->details, "CK_0123"));
  g_assert_null (strstr (e->details, "MIIE"));
  g_assert_nonnull (strstr (e->details, "done"));
  g_ptr_array_unref (entries);

  entries = adept_store_list_audit (f->store, NULL, 1, &error);
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_cmpstr (((AdeptAuditEntry *) entries->pdata[0])->action, ==, "key-generate");
}

static void
test_delete_server (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) page = fetch_page (0, 5);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) servers = NULL;
  g_autofree char *kind = NULL;

  commit (f, ADEPT_SYNC_PHASE_FETCH, page, "c", FALSE, NULL);
  adept_store_ensure_server (f->store, "other", ADEPT_STORE_KIND_REMOTE, &error);
  g_assert_no_error (error);
  kind = adept_store_dup_server_kind (f->store, "other");
  g_assert_cmpstr (kind, ==, ADEPT_STORE_KIND_REMOTE);
  servers = adept_store_list_servers (f->store, &error);
  g_assert_cmpuint (g_strv_length (servers), ==, 2);

  adept_store_journal_begin (f->store, SERVER, ADEPT_SYNC_KIND_FETCH, NULL, &error);
  adept_store_audit (f->store, SERVER, "unlink", NULL, &error);
  adept_store_delete_server (f->store, SERVER, &error);
  g_assert_no_error (error);
  g_assert_false (adept_store_has_server (f->store, SERVER));
  g_assert_cmpuint (adept_store_count_devices (f->store, SERVER, NULL), ==, 0);
  {
    g_autoptr(GPtrArray) journal = adept_store_list_journal (f->store, SERVER, 0, NULL);
    g_autoptr(GPtrArray) audit = adept_store_list_audit (f->store, SERVER, 0, NULL);
    g_autoptr(GPtrArray) others = adept_store_list_devices (f->store, "other", -1, NULL);

    g_assert_cmpuint (journal->len, ==, 0);
    /* The audit log keeps what admins did. */
    g_assert_cmpuint (audit->len, ==, 1);
    g_assert_cmpuint (others->len, ==, 0);
  }
}

/* Errors */

static char *
read_file (const char *path,
           gsize      *len)
{
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, len, NULL));
  return contents;
}

static void
test_corrupt_untouched (void)
{
  g_autofree char *dir = adept_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "adept.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptStore) store = NULL;
  g_autofree char *after = NULL;
  GString *garbage = g_string_new (NULL);
  gsize len = 0;

  for (guint i = 0; i < 1000; i++)
    g_string_append_printf (garbage, "not a database %u\n", i);
  g_assert_true (g_file_set_contents (path, garbage->str, garbage->len, NULL));

  store = adept_store_open_in (dir, &error);
  g_assert_null (store);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_STORE_CORRUPT);
  g_assert_nonnull (strstr (error->message, path));

  after = read_file (path, &len);
  g_assert_cmpuint (len, ==, garbage->len);
  g_assert_cmpmem (after, len, garbage->str, garbage->len);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));

  g_string_free (garbage, TRUE);
  adept_test_cleanup_dir (dir);
}

/* Store integrity (issue #16): a damaged or emptied database is refused, named, and never
 * recreated (the audit log lives there). */

/* A store of n devices in a new folder, closed cleanly; returns the folder. */
static char *
make_closed_store (guint n)
{
  char *dir = adept_test_make_tmpdir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptStore) store = adept_store_open_in (dir, &error);
  g_autoptr(GPtrArray) page = NULL;

  g_assert_no_error (error);
  adept_store_ensure_server (store, SERVER, ADEPT_STORE_KIND_LOCAL, &error);
  g_assert_no_error (error);
  page = fetch_page (0, n);
  adept_store_commit_page (store, SERVER, 0, ADEPT_SYNC_PHASE_FETCH, page, "c", FALSE, 0, NULL, &error);
  g_assert_no_error (error);
  adept_store_audit (store, SERVER, "test-action", "kept", &error);
  g_assert_no_error (error);
  return dir;
}

static void
assert_refused_untouched (const char *dir,
                          const char *words)
{
  g_autofree char *path = g_build_filename (dir, "adept.db", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptStore) store = NULL;
  gsize before_len = 0, after_len = 0;

  before = read_file (path, &before_len);
  store = adept_store_open_in (dir, &error);
  g_assert_null (store);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_STORE_CORRUPT);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, words));
  g_assert_nonnull (strstr (error->message, "move"));
  after = read_file (path, &after_len);
  g_assert_cmpmem (after, after_len, before, before_len);

  /* Still refused the second time: nothing was recreated in between. */
  g_clear_error (&error);
  store = adept_store_open_in (dir, &error);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_STORE_CORRUPT);
}

/* A zero-length adept.db used to be opened as a new, empty database. */
static void
test_integrity_zero_length (void)
{
  g_autofree char *dir = make_closed_store (10);
  g_autofree char *path = g_build_filename (dir, "adept.db", NULL);

  g_assert_true (g_file_set_contents (path, "", 0, NULL));
  assert_refused_untouched (dir, "empty");
  adept_test_cleanup_dir (dir);
}

static gsize
file_size (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return (gsize) st.st_size;
}

/* Commits past the checkpoint threshold (8 MiB) are copied into the database file by the
 * store's checkpoint thread, with no further commit and well before the 64 MiB at which a
 * connection would checkpoint by itself. */
static void
test_checkpoint_in_background (Fixture       *f,
                               gconstpointer  data)
{
  const char *path = adept_store_get_path (f->store);
  g_autofree char *filler = g_strnfill (64 * 1024, 'x');
  gsize before = file_size (path);
  gint64 deadline;

  for (guint i = 0; i < 160; i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (adept_store_audit (f->store, SERVER, "test", filler, &error));
      g_assert_no_error (error);
    }
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (file_size (path) < before + 8 * 1024 * 1024 && g_get_monotonic_time () < deadline)
    g_usleep (10 * 1000);
  g_assert_cmpuint (file_size (path), >=, before + 8 * 1024 * 1024);
}

/* The write system calls this process made so far (/proc/self/io). */
static gint64
write_calls (void)
{
  g_autofree char *io = NULL;
  const char *at;

  g_assert_true (g_file_get_contents ("/proc/self/io", &io, NULL, NULL));
  at = strstr (io, "syscw: ");
  g_assert_nonnull (at);
  return g_ascii_strtoll (at + 7, NULL, 10);
}

static void
exec_ok (sqlite3    *db,
         const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static sqlite3 *
open_plain (const char *path)
{
  sqlite3 *db = NULL;

  /* SQLite's own VFS, as another program reading the store would. */
  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  return db;
}

static gint64
count_of (sqlite3    *db,
          const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static char *
integrity (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  char *result;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  result = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return result;
}

/* ~400 WAL frames: 800 rows of 2 KB. */
#define FILL_AUDIT(db, action) \
  exec_ok (db, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 800)" \
               " INSERT INTO audit_log (time, user, action, details)" \
               " SELECT i, 'test', '" action "', randomblob (1024) FROM n")

/* The store writes its WAL frames gathered (adept-store-vfs.c), and a commit is whole on
 * disk when another connection can see it. */
static void
test_wal_gathered (Fixture       *f,
                   gconstpointer  data)
{
  sqlite3 *db = adept_store_get_db (f->store);
  sqlite3 *other = open_plain (adept_store_get_path (f->store));
  sqlite3_vfs *vfs = NULL;
  g_autofree char *check = NULL;
  gint64 before;

  g_assert_cmpint (sqlite3_file_control (db, "main", SQLITE_FCNTL_VFS_POINTER, &vfs), ==, SQLITE_OK);
  g_assert_cmpstr (vfs->zName, ==, "adept-unix");

  before = write_calls ();
  exec_ok (db, "BEGIN IMMEDIATE");
  FILL_AUDIT (db, "gathered");
  exec_ok (db, "COMMIT");
  /* Two calls a frame without gathering; 31 frames a call with it. */
  g_assert_cmpint (write_calls () - before, <, 100);

  g_assert_cmpint (count_of (other, "SELECT count(*) FROM audit_log WHERE action = 'gathered'"), ==, 800);
  check = integrity (other);
  g_assert_cmpstr (check, ==, "ok");
  sqlite3_close (other);
}

/* A transaction that spilled frames to the WAL and rolled back: its frames must not reach
 * the file after another connection has written there. */
static void
test_wal_rollback_after_spill (Fixture       *f,
                               gconstpointer  data)
{
  sqlite3 *db = adept_store_get_db (f->store);
  sqlite3 *other = open_plain (adept_store_get_path (f->store));
  g_autofree char *check = NULL;

  /* From an empty WAL, so rolling back reads nothing from it; a cache of 10 pages spills
   * a transaction of hundreds. */
  exec_ok (db, "PRAGMA wal_checkpoint(TRUNCATE)");
  exec_ok (db, "PRAGMA cache_size = 10");
  exec_ok (db, "BEGIN IMMEDIATE");
  FILL_AUDIT (db, "rolled back");
  exec_ok (db, "ROLLBACK");

  exec_ok (other, "BEGIN IMMEDIATE");
  FILL_AUDIT (other, "other");
  exec_ok (other, "COMMIT");
  exec_ok (db, "INSERT INTO audit_log (time, user, action) VALUES (1, 'test', 'after')");
  exec_ok (db, "PRAGMA cache_size = " ADEPT_STORE_CACHE_SIZE);
  sqlite3_close (other);

  other = open_plain (adept_store_get_path (f->store));
  check = integrity (other);
  g_assert_cmpstr (check, ==, "ok");
  g_assert_cmpint (count_of (other, "SELECT count(*) FROM audit_log WHERE action = 'other'"), ==, 800);
  g_assert_cmpint (count_of (other, "SELECT count(*) FROM audit_log WHERE action = 'rolled back'"), ==, 0);
  g_assert_cmpint (count_of (other, "SELECT count(*) FROM audit_log WHERE action = 'after'"), ==, 1);
  sqlite3_close (other);
}

/* Cut at a page boundary (a copy that stopped) and in the middle of a page. */
static void
test_integrity_truncated (void)
{
  for (guint cut = 0; cut < 2; cut++)
    {
      g_autofree char *dir = make_closed_store (3000);
      g_autofree char *path = g_build_filename (dir, "adept.db", NULL);
      gsize size = file_size (path);
      gsize keep = cut == 0 ? size / 2 / 4096 * 4096 : size / 2 + 100;

      g_assert_cmpuint (size, >, 8 * 4096);
      g_assert_cmpint (truncate (path, (off_t) keep), ==, 0);
      assert_refused_untouched (dir, "damaged");
      adept_test_cleanup_dir (dir);
    }
}

static void
flip_page (const char *path,
           guint       page)
{
  g_autofree char *contents = NULL;
  gsize len = 0;

  contents = read_file (path, &len);
  g_assert_cmpuint (len, >=, (page + 1) * 4096);
  for (gsize i = 0; i < 4096; i++)
    contents[page * 4096 + i] ^= (char) (0x5a + i);
  g_assert_true (g_file_set_contents (path, contents, len, NULL));
}

/* A page flipped in a cleanly closed file is found by adept_store_check (run before
 * every full sync), and at open after an unclean shutdown. */
static void
test_integrity_flipped_page (void)
{
  g_autofree char *dir = make_closed_store (3000);
  g_autofree char *path = g_build_filename (dir, "adept.db", NULL);
  g_autoptr(AdeptStore) store = NULL;
  g_autoptr(GError) error = NULL;
  pid_t pid;
  int status = 0;

  /* Sound: the check passes. */
  store = adept_store_open_in (dir, &error);
  g_assert_no_error (error);
  g_assert_true (adept_store_check (store, &error));
  g_assert_no_error (error);
  g_clear_object (&store);

  flip_page (path, file_size (path) / 4096 / 2);
  store = adept_store_open_in (dir, &error);
  g_assert_no_error (error);
  g_assert_false (adept_store_check (store, &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_STORE_CORRUPT);
  g_assert_nonnull (strstr (error->message, path));
  g_clear_error (&error);
  g_clear_object (&store);

  /* A process that dies with the store open: the next open checks, and refuses. */
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      AdeptStore *held = adept_store_open_in (dir, NULL);

      raise (SIGKILL);
      _exit (held != NULL ? 0 : 1);
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFSIGNALED (status));
  assert_refused_untouched (dir, "damaged");
  adept_test_cleanup_dir (dir);
}

/* After an unclean shutdown of a sound store, the check at open passes and the audit
 * log is all there; a clean close leaves no trace of the check. */
static void
test_integrity_unclean_but_sound (void)
{
  g_autofree char *dir = make_closed_store (100);
  g_autoptr(AdeptStore) store = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  g_autoptr(GError) error = NULL;
  pid_t pid;
  int status = 0;

  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      AdeptStore *held = adept_store_open_in (dir, NULL);

      if (held != NULL)
        adept_store_audit (held, SERVER, "before-the-kill", NULL, NULL);
      raise (SIGKILL);
      _exit (1);
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  store = adept_store_open_in (dir, &error);
  g_assert_no_error (error);
  audit = adept_store_list_audit (store, SERVER, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audit->len, ==, 2);
  g_assert_cmpuint (adept_store_count_devices (store, SERVER, NULL), ==, 100);
}

static void
set_user_version (const char *path,
                  int         version)
{
  sqlite3 *db = NULL;
  g_autofree char *sql = g_strdup_printf ("PRAGMA user_version = %d", version);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
test_too_new (void)
{
  g_autofree char *dir = adept_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "adept.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptStore) store = adept_store_open_in (dir, &error);

  g_assert_no_error (error);
  g_clear_object (&store);
  set_user_version (path, ADEPT_STORE_SCHEMA_VERSION + 1);

  store = adept_store_open_in (dir, &error);
  g_assert_null (store);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_STORE_TOO_NEW);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  adept_test_cleanup_dir (dir);
}

/* The schema as version 1 of Adept wrote it, kept here by hand on purpose: the migration
 * must open what real users have on disk, not what today's code would create. */
static const char v1_ddl[] =
  "CREATE TABLE servers (id TEXT PRIMARY KEY NOT NULL, kind TEXT NOT NULL DEFAULT 'local',"
  " created INTEGER NOT NULL, default_profile TEXT);"
  "CREATE TABLE devices (id INTEGER PRIMARY KEY, server_id TEXT NOT NULL REFERENCES servers (id)"
  " ON DELETE CASCADE, serial TEXT NOT NULL, model TEXT, description TEXT, color TEXT, asset_tag TEXT, os TEXT,"
  " device_family TEXT, profile_status TEXT NOT NULL DEFAULT 'empty', profile_uuid TEXT,"
  " profile_assign_time INTEGER NOT NULL DEFAULT 0, profile_push_time INTEGER NOT NULL DEFAULT 0,"
  " device_assigned_date INTEGER NOT NULL DEFAULT 0, device_assigned_by TEXT, op_type TEXT,"
  " op_date INTEGER NOT NULL DEFAULT 0, deleted INTEGER NOT NULL DEFAULT 0,"
  " deleted_at INTEGER NOT NULL DEFAULT 0, seen_gen INTEGER NOT NULL DEFAULT 0);"
  "CREATE UNIQUE INDEX devices_by_serial ON devices (server_id, serial);"
  "CREATE TABLE device_history (id INTEGER PRIMARY KEY, server_id TEXT NOT NULL REFERENCES"
  " servers (id) ON DELETE CASCADE, serial TEXT NOT NULL, op_type TEXT NOT NULL,"
  " op_date INTEGER NOT NULL, recorded INTEGER NOT NULL, profile_status TEXT, profile_uuid TEXT);"
  "CREATE INDEX device_history_by_serial ON device_history (server_id, serial, id);"
  "CREATE TABLE profiles (server_id TEXT NOT NULL REFERENCES servers (id) ON DELETE CASCADE,"
  " uuid TEXT NOT NULL, name TEXT NOT NULL, json TEXT NOT NULL, created INTEGER NOT NULL,"
  " replaces TEXT, PRIMARY KEY (server_id, uuid));"
  "CREATE TABLE cursors (server_id TEXT PRIMARY KEY NOT NULL REFERENCES servers (id) ON DELETE"
  " CASCADE, cursor TEXT, phase TEXT NOT NULL DEFAULT 'fetch', fetched_until INTEGER NOT NULL"
  " DEFAULT 0, fetch_gen INTEGER NOT NULL DEFAULT 0, updated INTEGER NOT NULL DEFAULT 0);"
  "CREATE TABLE sync_journal (id INTEGER PRIMARY KEY, server_id TEXT NOT NULL REFERENCES"
  " servers (id) ON DELETE CASCADE, kind TEXT NOT NULL, reason TEXT, started INTEGER NOT NULL,"
  " ended INTEGER NOT NULL DEFAULT 0, pages INTEGER NOT NULL DEFAULT 0, added INTEGER NOT NULL"
  " DEFAULT 0, modified INTEGER NOT NULL DEFAULT 0, deleted INTEGER NOT NULL DEFAULT 0,"
  " error_code TEXT, error_message TEXT);"
  "CREATE INDEX sync_journal_by_server ON sync_journal (server_id, id);"
  "INSERT INTO servers (id, created, default_profile) VALUES ('default', 1700000000, 'OLDPROFILE');"
  "INSERT INTO cursors (server_id, cursor, phase) VALUES ('default', 'old-cursor', 'sync');"
  "INSERT INTO devices (server_id, serial, model, profile_status, profile_uuid)"
  " VALUES ('default', 'C02OLD1', 'Mac mini', 'pushed', 'OLDPROFILE');"
  "INSERT INTO sync_journal (server_id, kind, started, ended, pages, added)"
  " VALUES ('default', 'fetch', 1700000000, 1700000005, 1, 1);"
  "PRAGMA user_version = 1;";

static void
test_migrate_from_v1 (void)
{
  g_autofree char *dir = adept_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "adept.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptStore) store = NULL;
  g_autoptr(AdeptDevice) d = NULL;
  g_autoptr(GPtrArray) journal = NULL;
  g_autoptr(GHashTable) answers = answers_of ("C02OLD1", "SUCCESS", NULL);
  g_autofree char *cursor = NULL;
  g_autofree char *def = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, v1_ddl, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = adept_store_open_in (dir, &error);
  g_assert_no_error (error);

  d = adept_store_get_device (store, "default", "C02OLD1", NULL, &error);
  g_assert_nonnull (d);
  g_assert_cmpint (adept_device_get_profile_status (d), ==, ADEPT_PROFILE_STATUS_PUSHED);
  adept_store_get_cursor (store, "default", &cursor, NULL, NULL, &error);
  g_assert_cmpstr (cursor, ==, "old-cursor");
  def = adept_store_dup_default_profile (store, "default");
  g_assert_cmpstr (def, ==, "OLDPROFILE");
  journal = adept_store_list_journal (store, "default", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (journal->len, ==, 1);
  g_assert_cmpuint (((AdeptJournalEntry *) journal->pdata[0])->assigned, ==, 0);

  /* What version 2 added works on the migrated file. */
  adept_store_record_assign (store, "default", "OLDPROFILE", ADEPT_ASSIGN_ORIGIN_MANUAL, answers, 0,
                             &error);
  g_assert_no_error (error);
  adept_store_audit (store, "default", "test", "migrated", &error);
  g_assert_no_error (error);
  g_assert_cmpint (adept_store_get_change_seq (store, "default"), ==, 0);

  g_clear_object (&store);
  /* And it opens again without migrating twice. */
  store = adept_store_open_in (dir, &error);
  g_assert_no_error (error);
  adept_test_cleanup_dir (dir);
}

/* The schema before the protocol-10 columns (version 3 added them). */
#define VERSION_BEFORE_DEVICE_IDS 2

static void
test_migrate_device_ids (void)
{
  g_autofree char *dir = adept_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "adept.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptStore) store = NULL;
  g_autoptr(AdeptDevice) old = NULL;
  g_autoptr(AdeptDevice) updated = NULL;
  g_autoptr(AdeptDevice) gone = NULL;
  g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(AdeptReplacementDetails) kept = NULL;
  g_autoptr(AdeptLockRecord) lock = NULL;
  AdeptReplacementDetails details = { (char *) "C02NEW1", (char *) "C02OLD1", (char *) "2026-03-02" };
  AdeptDevice *d;
  gboolean deleted = FALSE;
  sqlite3 *db = NULL;

  /* A store as the previous version left it, with a device and a replaced one. */
  g_assert_true (adept_store_create_at_version (path, VERSION_BEFORE_DEVICE_IDS, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
    "INSERT INTO servers (id, kind, created) VALUES ('default', 'local', 1);"
    "INSERT INTO cursors (server_id, cursor) VALUES ('default', 'c');"
    "INSERT INTO devices (server_id, serial, model, profile_status, op_type, op_date)"
    " VALUES ('default', 'C02OLD1', 'iPhone 15', 'pushed', 'added', 100);"
    "INSERT INTO devices (server_id, serial, model, profile_status, op_type, op_date)"
    " VALUES ('default', 'C02KEEP', 'iPad Air', 'empty', 'added', 100);",
    NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = adept_store_open_in (dir, &error);
  g_assert_no_error (error);
  /* What was there reads back with nothing of the new facts: absent, not empty. */
  old = adept_store_get_device (store, SERVER, "C02KEEP", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (adept_device_get_model (old), ==, "iPad Air");
  g_assert_null (adept_device_get_wifi_mac_address (old));
  g_assert_null (adept_device_get_imei (old));
  g_assert_false (adept_device_get_is_replacement_device (old));
  g_assert_cmpint (adept_device_get_mdm_migration_deadline (old), ==, 0);

  /* The new columns take Apple's facts, an empty list stays an empty list, and a device
   * leaving because of its replacement says so. */
  d = make_device ("C02KEEP", ADEPT_PROFILE_STATUS_EMPTY, ADEPT_OP_TYPE_MODIFIED, 200);
  adept_device_set_wifi_mac_address (d, "F0:18:98:00:00:01");
  adept_device_set_imei (d, (const char * const []) { NULL });
  adept_device_set_mdm_migration_deadline (d, 1796083200);
  g_ptr_array_add (page, d);
  d = adept_device_new ("C02OLD1");
  adept_device_set_op_type (d, ADEPT_OP_TYPE_DELETED);
  adept_device_set_op_date (d, 200);
  adept_device_set_released_by_replacement (d, TRUE);
  g_ptr_array_add (page, d);
  adept_store_commit_page (store, SERVER, 0, ADEPT_SYNC_PHASE_SYNC, page, "c2", FALSE, 0, NULL, &error);
  g_assert_no_error (error);
  updated = adept_store_get_device (store, SERVER, "C02KEEP", NULL, &error);
  g_assert_cmpstr (adept_device_get_wifi_mac_address (updated), ==, "F0:18:98:00:00:01");
  g_assert_nonnull (adept_device_get_imei (updated));
  g_assert_null (adept_device_get_imei (updated)[0]);
  g_assert_null (adept_device_get_meid (updated));
  g_assert_cmpint (adept_device_get_mdm_migration_deadline (updated), ==, 1796083200);
  gone = adept_store_get_device (store, SERVER, "C02OLD1", &deleted, &error);
  g_assert_true (deleted);
  g_assert_true (adept_device_get_released_by_replacement (gone));

  /* The new tables. */
  adept_store_save_replacement (store, SERVER, &details, &error);
  g_assert_no_error (error);
  adept_store_record_activation_lock (store, SERVER, "C02NEW1", "SUCCESS", NULL, TRUE, &error);
  g_assert_no_error (error);
  g_clear_object (&store);

  /* And it opens again without migrating twice. */
  store = adept_store_open_in (dir, &error);
  g_assert_no_error (error);
  kept = adept_store_find_replacement_of (store, SERVER, "C02OLD1", &error);
  g_assert_cmpstr (kept->serial_number, ==, "C02NEW1");
  g_assert_cmpstr (kept->replacement_date, ==, "2026-03-02");
  lock = adept_store_get_activation_lock (store, SERVER, "C02NEW1", &error);
  g_assert_cmpstr (lock->status, ==, "SUCCESS");
  g_assert_true (lock->escrowed);
  g_clear_object (&store);
  adept_test_cleanup_dir (dir);
}

/* Replacement details, Activation Lock answers (newest per device, history), forgotten
 * with the server. */
static void
test_lifecycle_records (Fixture       *f,
                        gconstpointer  data)
{
  AdeptReplacementDetails first = { (char *) "NEW1", (char *) "OLD1", (char *) "2026-01-05" };
  AdeptReplacementDetails again = { (char *) "NEW1", (char *) "OLD1", (char *) "2026-01-06" };
  g_autoptr(AdeptReplacementDetails) got = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GPtrArray) newest = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) failure = g_error_new_literal (ADEPT_ERROR, ADEPT_ERROR_NETWORK, "Apple could not be reached.");

  g_assert_null (adept_store_get_replacement (f->store, SERVER, "NEW1", &error));
  g_assert_no_error (error);
  adept_store_save_replacement (f->store, SERVER, &first, &error);
  adept_store_save_replacement (f->store, SERVER, &again, &error);
  g_assert_no_error (error);
  got = adept_store_get_replacement (f->store, SERVER, "NEW1", &error);
  g_assert_cmpstr (got->original_device_serial_number, ==, "OLD1");
  g_assert_cmpstr (got->replacement_date, ==, "2026-01-06");
  g_assert_null (adept_store_find_replacement_of (f->store, SERVER, "NEW1", &error));

  adept_store_record_activation_lock (f->store, SERVER, "A1", NULL, failure, TRUE, &error);
  adept_store_record_activation_lock (f->store, SERVER, "A1", "SUCCESS", NULL, TRUE, &error);
  adept_store_record_activation_lock (f->store, SERVER, "B2", "DEVICE_NOT_SUPPORTED", NULL, FALSE, &error);
  g_assert_no_error (error);
  history = adept_store_list_activation_locks (f->store, SERVER, "A1", &error);
  g_assert_cmpuint (history->len, ==, 2);
  g_assert_cmpstr (((AdeptLockRecord *) history->pdata[0])->status, ==, "ERROR");
  g_assert_cmpstr (((AdeptLockRecord *) history->pdata[0])->detail, ==, "Apple could not be reached.");
  newest = adept_store_list_activation_locks (f->store, SERVER, NULL, &error);
  g_assert_cmpuint (newest->len, ==, 2);
  g_assert_cmpstr (((AdeptLockRecord *) newest->pdata[0])->status, ==, "SUCCESS");
  g_assert_cmpstr (((AdeptLockRecord *) newest->pdata[1])->serial_number, ==, "B2");
  g_assert_null (adept_store_get_activation_lock (f->store, SERVER, "C3", &error));

  adept_store_delete_server (f->store, SERVER, &error);
  g_assert_no_error (error);
  g_assert_null (adept_store_get_replacement (f->store, SERVER, "NEW1", NULL));
  g_assert_null (adept_store_get_activation_lock (f->store, SERVER, "A1", NULL));
}

static void
test_full (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GPtrArray) page = fetch_page (0, 2000);
  g_autoptr(GError) error = NULL;

  /* A disk that fills up looks to SQLite like a page limit reached. */
  g_assert_cmpint (sqlite3_exec (adept_store_get_db (f->store), "PRAGMA max_page_count = 12",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_false (adept_store_commit_page (f->store, SERVER, 0, ADEPT_SYNC_PHASE_FETCH, page, "c",
                                           FALSE, 0, NULL, &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_STORE_FULL);
  g_assert_cmpuint (adept_store_count_devices (f->store, SERVER, NULL), ==, 0);
}

/* Root may write anywhere, so as root the check runs in a child that becomes nobody. */
static void
run_unprivileged (const char *dir,
                  void      (*check) (const char *dir))
{
  pid_t pid;
  int status = 0;

  if (geteuid () != 0)
    {
      check (dir);
      return;
    }

  g_assert_cmpint (chown (dir, 65534, 65534), ==, 0);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      if (setgid (65534) != 0 || setuid (65534) != 0)
        _exit (3);
      check (dir);
      _exit (0);
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
}

static void
check_read_only_new (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptStore) store = NULL;

  g_assert_cmpint (g_chmod (dir, 0500), ==, 0);
  store = adept_store_open_in (dir, &error);
  g_assert_null (store);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_STORE_READ_ONLY);
}

static void
check_read_only_existing (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptStore) store = NULL;
  g_autofree char *path = g_build_filename (dir, "adept.db", NULL);

  g_assert_cmpint (g_chmod (path, 0400), ==, 0);
  g_assert_cmpint (g_chmod (dir, 0500), ==, 0);
  /* Issue 16: what only reads works on a read-only store; a write says it cannot. */
  store = adept_store_open_in (dir, &error);
  g_assert_no_error (error);
  g_assert_false (adept_store_has_server (store, SERVER));
  g_assert_false (adept_store_ensure_server (store, SERVER, ADEPT_STORE_KIND_LOCAL, &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_STORE_READ_ONLY);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
test_read_only (void)
{
  g_autofree char *empty = adept_test_make_tmpdir ();
  g_autofree char *full = adept_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (full, "adept.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptStore) store = adept_store_open_in (full, &error);

  g_assert_no_error (error);
  g_clear_object (&store);
  if (geteuid () == 0)
    g_assert_cmpint (chown (path, 65534, 65534), ==, 0);

  run_unprivileged (empty, check_read_only_new);
  run_unprivileged (full, check_read_only_existing);

  g_chmod (empty, 0700);
  g_chmod (full, 0700);
  adept_test_cleanup_dir (empty);
  adept_test_cleanup_dir (full);
}

/* Issue 16 (store fd hazard): closing any descriptor of a file drops every POSIX lock the
 * process holds on it, SQLite's included. A second connection in the process (the sync
 * engine's writer) must not drop the first's locks when it opens or closes. The probe is a
 * second process that tries to take the database out of WAL mode: that needs every other
 * connection gone, so it must be refused while this process has the store open. */
/* "test-store --probe-journal-mode PATH": exits 0 when it took the database out of WAL. */
static int
probe_journal_mode (const char *path)
{
  sqlite3 *db = NULL;
  int rc;

  if (sqlite3_open (path, &db) != SQLITE_OK)
    return 2;
  rc = sqlite3_exec (db, "PRAGMA journal_mode = DELETE; SELECT count(*) FROM servers;",
                     NULL, NULL, NULL);
  sqlite3_close (db);
  return rc == SQLITE_OK ? 0 : 1;
}

static gboolean
other_process_can_leave_wal (const char *path)
{
  const char *argv[] = { "/proc/self/exe", "--probe-journal-mode", path, NULL };
  int status = adept_test_run (argv, NULL, NULL, NULL);

  g_assert_cmpint (status, !=, 2);
  return status == 0;
}

static void
test_second_connection_keeps_locks (void)
{
  g_autofree char *dir = adept_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "adept.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptStore) first = adept_store_open_in (dir, &error);
  g_autoptr(AdeptStore) second = NULL;

  g_assert_no_error (error);
  adept_store_ensure_server (first, SERVER, ADEPT_STORE_KIND_LOCAL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (adept_store_count_devices (first, SERVER, &error), ==, 0);
  g_assert_false (other_process_can_leave_wal (path));

  /* The second connection opens and goes while the first stays. */
  second = adept_store_open_in (dir, &error);
  g_assert_no_error (error);
  g_assert_false (other_process_can_leave_wal (path));
  g_clear_object (&second);
  g_assert_false (other_process_can_leave_wal (path));
  g_assert_cmpuint (adept_store_count_devices (first, SERVER, &error), ==, 0);
  g_assert_no_error (error);

  /* The probe can tell: with every connection closed, it gets its way. */
  g_clear_object (&first);
  g_assert_true (other_process_can_leave_wal (path));
  adept_test_cleanup_dir (dir);
}

static void
test_locked (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  sqlite3 *other = NULL;

  g_assert_cmpint (sqlite3_open (adept_store_get_path (f->store), &other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "BEGIN EXCLUSIVE", NULL, NULL, NULL), ==, SQLITE_OK);
  adept_store_set_busy_timeout (f->store, 50);

  g_assert_false (adept_store_audit (f->store, SERVER, "x", NULL, &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_STORE_LOCKED);
  sqlite3_exec (other, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close (other);
}

static void
test_sync_lock (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptStoreLock) lock = adept_store_lock_server (f->store, SERVER, &error);
  g_autoptr(AdeptStoreLock) other = NULL;
  g_autoptr(AdeptStoreLock) again = NULL;
  int ready[2];
  char byte = 0;
  pid_t pid;

  g_assert_no_error (error);
  g_assert_nonnull (lock);

  /* Another lock on the same server, even in this process, is refused... */
  g_assert_null (adept_store_lock_server (f->store, SERVER, &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_SYNC_BUSY);
  g_clear_error (&error);
  /* ...but another server is independent. */
  other = adept_store_lock_server (f->store, "other", &error);
  g_assert_no_error (error);
  g_clear_pointer (&lock, adept_store_lock_release);

  /* A process killed while it holds the lock does not keep it. */
  g_assert_cmpint (pipe (ready), ==, 0);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      AdeptStoreLock *held = adept_store_lock_server (f->store, SERVER, NULL);

      byte = held != NULL ? 'L' : 'E';
      if (write (ready[1], &byte, 1) != 1)
        _exit (1);
      for (;;)
        pause ();
    }
  close (ready[1]);
  g_assert_cmpint (read (ready[0], &byte, 1), ==, 1);
  g_assert_cmpint (byte, ==, 'L');
  g_assert_null (adept_store_lock_server (f->store, SERVER, &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_SYNC_BUSY);
  g_clear_error (&error);

  kill (pid, SIGKILL);
  waitpid (pid, NULL, 0);
  close (ready[0]);
  again = adept_store_lock_server (f->store, SERVER, &error);
  g_assert_no_error (error);
  g_assert_nonnull (again);
}

/* The schema version that added profiles.origin: the lead renumbers migrations at merge
 * by changing this one constant. */
#define PROFILE_ORIGIN_SCHEMA 5

static void
test_migrate_profile_origin (void)
{
  g_autofree char *dir = adept_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "adept.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptStore) store = NULL;
  g_autoptr(AdeptStoredProfile) old = NULL;
  g_autoptr(AdeptStoredProfile) adopted = NULL;
  sqlite3 *db = NULL;

  /* A store as the version before wrote it: the profiles table without origin. (Made at
   * that version rather than downgraded, so later migrations do not get in the way.) */
  g_assert_true (adept_store_create_at_version (path, PROFILE_ORIGIN_SCHEMA - 1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO servers (id, kind, created) VALUES ('" SERVER "', 'local', 1);"
                                     "INSERT INTO profiles (server_id, uuid, name, json, created) "
                                     "VALUES ('" SERVER "', 'OLD', 'Old', '{}', 1)",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = adept_store_open_in (dir, &error);
  g_assert_no_error (error);
  old = adept_store_get_profile (store, SERVER, "OLD", &error);
  g_assert_nonnull (old);
  g_assert_cmpint (old->origin, ==, ADEPT_PROFILE_ORIGIN_DEFINED);
  adept_store_save_adopted_profile (store, SERVER, "ELSEWHERE", "From ABM", "{}", &error);
  g_assert_no_error (error);
  adopted = adept_store_get_profile (store, SERVER, "ELSEWHERE", &error);
  g_assert_cmpint (adopted->origin, ==, ADEPT_PROFILE_ORIGIN_ADOPTED);
  adept_test_cleanup_dir (dir);
}

/* The schema before pending auto-assignments (issue 16 defect 2). At a merge that
 * renumbers the migration, change this one constant. */
#define PENDING_ASSIGN_SCHEMA 6

static void
test_migrate_pending_assign (void)
{
  g_autofree char *dir = adept_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "adept.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptStore) store = NULL;
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GPtrArray) pending = NULL;
  g_autoptr(GPtrArray) journal = NULL;
  sqlite3 *db = NULL;

  g_assert_true (adept_store_create_at_version (path, PENDING_ASSIGN_SCHEMA - 1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
    "INSERT INTO servers (id, kind, created, default_profile) VALUES ('default', 'local', 1, 'DEFAULT');"
    "INSERT INTO cursors (server_id, cursor, phase) VALUES ('default', 'c', 'sync');"
    "INSERT INTO devices (server_id, serial, model, profile_status, op_type, op_date)"
    " VALUES ('default', 'C02OLD1', 'iPhone 15', 'empty', 'added', 100);"
    "INSERT INTO sync_journal (server_id, kind, started, ended, assigned)"
    " VALUES ('default', 'sync', 1, 2, 7);",
    NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = adept_store_open_in (dir, &error);
  g_assert_no_error (error);
  /* Nothing is owed for what came before. */
  pending = adept_store_take_pending_assign (store, SERVER, "DEFAULT", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pending->len, ==, 0);
  g_clear_pointer (&pending, g_ptr_array_unref);
  journal = adept_store_list_journal (store, SERVER, 0, &error);
  g_assert_cmpuint (((AdeptJournalEntry *) journal->pdata[0])->assigned, ==, 7);

  page = page_of (make_device ("C02NEW1", ADEPT_PROFILE_STATUS_EMPTY, ADEPT_OP_TYPE_ADDED, 200), NULL);
  adept_store_commit_page (store, SERVER, 0, ADEPT_SYNC_PHASE_SYNC, page, "c2", FALSE, 0, NULL, &error);
  g_assert_no_error (error);
  pending = adept_store_take_pending_assign (store, SERVER, "DEFAULT", &error);
  g_assert_cmpuint (pending->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (pending, 0), ==, "C02NEW1");

  /* Unlinking forgets it with the rest. */
  adept_store_delete_server (store, SERVER, &error);
  g_assert_no_error (error);
  g_clear_object (&store);
  store = adept_store_open_in (dir, &error);
  g_assert_no_error (error);
  db = adept_store_get_db (store);
  {
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM pending_assign", -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 0);
    sqlite3_finalize (stmt);
  }
  g_clear_object (&store);
  adept_test_cleanup_dir (dir);
}

/* The schema before the devices table named its server by number (servers.num). At a
 * merge that renumbers the migration, change this one constant. */
#define SERVER_NUM_SCHEMA 8

/* Every column of every device row, in id order, with its server's text id. */
#define ALL_DEVICE_ROWS(server)                                                           \
  "SELECT group_concat (row, ';') FROM (SELECT json_array (id, " server ", serial, model,"   \
  " description, color, asset_tag, os, device_family, profile_status, profile_uuid,"        \
  " profile_assign_time, profile_push_time, device_assigned_date, device_assigned_by,"      \
  " op_type, op_date, deleted, deleted_at, seen_gen, change_seq, wifi_mac, bluetooth_mac,"  \
  " ethernet_mac, imei, meid, eid, is_replacement, released_by_replacement,"                \
  " migration_deadline) AS row FROM devices d ORDER BY id)"

static char *
query_text (sqlite3    *db,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *text;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return text;
}

static void
test_migrate_server_num (void)
{
  g_autofree char *dir = adept_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "adept.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptStore) store = NULL;
  g_autoptr(AdeptDevice) mine = NULL;
  g_autoptr(AdeptDevice) theirs = NULL;
  g_autoptr(AdeptDevice) gone = NULL;
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GPtrArray) newcomer = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gboolean deleted = FALSE;
  sqlite3 *db = NULL;

  /* A store as the version before left it: two servers with a serial each has, every
   * column set on one row, a tombstone, and ids with gaps. */
  g_assert_true (adept_store_create_at_version (path, SERVER_NUM_SCHEMA - 1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
    "INSERT INTO servers (id, kind, created) VALUES ('other', 'local', 1), ('" SERVER "', 'local', 2);"
    "INSERT INTO cursors (server_id, cursor, phase) VALUES ('other', 'c', 'sync'), ('" SERVER "', 'c', 'sync');"
    "INSERT INTO devices VALUES (5, '" SERVER "', 'C02SAME', 'Mac mini', 'MAC MINI M2', 'SILVER',"
    " 'TAG-1', 'OSX', 'Mac', 'pushed', 'PROFILE-A', 10, 11, 12, 'admin@example.com', 'modified',"
    " 13, 0, 0, 3, 4, 'aa:bb', 'cc:dd', 'ee:ff', '1,2', '', 'EID', 1, 0, 14);"
    "INSERT INTO devices (id, server_id, serial, model, op_type, op_date, deleted, deleted_at,"
    " change_seq, released_by_replacement) VALUES (9, '" SERVER "', 'C02GONE', NULL, 'deleted', 20, 1, 20, 5, 1);"
    "INSERT INTO devices (id, server_id, serial, model, profile_status, change_seq)"
    " VALUES (12, 'other', 'C02SAME', 'iPad', 'assigned', 2), (13, '" SERVER "', 'C01FIRST', 'iMac', 'empty', 6);",
    NULL, NULL, NULL), ==, SQLITE_OK);
  before = query_text (db, ALL_DEVICE_ROWS ("server_id"));
  sqlite3_close (db);

  store = adept_store_open_in (dir, &error);
  g_assert_no_error (error);
  db = adept_store_get_db (store);

  /* Every row and column kept, the two servers told apart. */
  after = query_text (db, ALL_DEVICE_ROWS ("(SELECT id FROM servers WHERE num = d.server)"));
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (query_int (store, "SELECT count (DISTINCT num) FROM servers", NULL), ==, 2);
  mine = adept_store_get_device (store, SERVER, "C02SAME", &deleted, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (adept_device_get_model (mine), ==, "Mac mini");
  g_assert_false (deleted);
  theirs = adept_store_get_device (store, "other", "C02SAME", NULL, &error);
  g_assert_cmpstr (adept_device_get_model (theirs), ==, "iPad");
  gone = adept_store_get_device (store, SERVER, "C02GONE", &deleted, &error);
  g_assert_true (deleted);
  g_assert_cmpuint (adept_store_count_devices (store, SERVER, &error), ==, 2);
  g_assert_cmpuint (adept_store_count_devices (store, "other", &error), ==, 1);
  /* In serial order, each server's own. */
  listed = adept_store_list_devices (store, SERVER, -1, &error);
  g_assert_cmpuint (listed->len, ==, 2);
  g_assert_cmpstr (adept_device_get_serial_number (listed->pdata[0]), ==, "C01FIRST");
  g_assert_cmpstr (adept_device_get_serial_number (listed->pdata[1]), ==, "C02SAME");
  g_clear_pointer (&listed, g_ptr_array_unref);
  listed = adept_store_list_devices (store, "other", -1, &error);
  g_assert_cmpuint (listed->len, ==, 1);
  g_assert_cmpstr (adept_device_get_model (listed->pdata[0]), ==, "iPad");

  /* A page changes this server's row only; a server linked later has its own number. */
  page = page_of (make_device ("C02SAME", ADEPT_PROFILE_STATUS_EMPTY, ADEPT_OP_TYPE_MODIFIED, 100), NULL);
  adept_store_commit_page (store, SERVER, 0, ADEPT_SYNC_PHASE_SYNC, page, "c2", FALSE, 0, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&mine);
  mine = adept_store_get_device (store, SERVER, "C02SAME", NULL, &error);
  g_assert_cmpstr (adept_device_get_model (mine), ==, "iPad Air");
  g_clear_object (&theirs);
  theirs = adept_store_get_device (store, "other", "C02SAME", NULL, &error);
  g_assert_cmpstr (adept_device_get_model (theirs), ==, "iPad");
  adept_store_ensure_server (store, "third", ADEPT_STORE_KIND_LOCAL, &error);
  g_assert_no_error (error);
  newcomer = page_of (make_device ("C02SAME", ADEPT_PROFILE_STATUS_EMPTY, ADEPT_OP_TYPE_NONE, 0), NULL);
  adept_store_commit_page (store, "third", 0, ADEPT_SYNC_PHASE_FETCH, newcomer, "t", TRUE, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (store, "SELECT count (DISTINCT num) FROM servers", NULL), ==, 3);
  g_assert_cmpuint (adept_store_count_devices (store, "third", &error), ==, 1);
  g_assert_cmpuint (adept_store_count_devices (store, "other", &error), ==, 1);

  /* Unlinking one takes its devices only. */
  adept_store_delete_server (store, "other", &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (store, "SELECT count (*) FROM devices", NULL), ==, 4);
  g_assert_cmpuint (adept_store_count_devices (store, SERVER, &error), ==, 2);

  g_clear_object (&store);
  /* And it opens again without migrating twice. */
  store = adept_store_open_in (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (adept_store_count_devices (store, "third", &error), ==, 1);
  g_clear_object (&store);
  adept_test_cleanup_dir (dir);
}

/* The schema that added the audit log's host and the notifications given: the lead may
 * renumber the migration at merge by changing this one constant. */
#define AUDIT_HOST_SCHEMA 7

static void
test_migrate_audit_host (void)
{
  g_autofree char *dir = adept_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "adept.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptStore) store = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  AdeptAuditEntry *old, *now;
  sqlite3 *db = NULL;

  /* A store as the version before wrote it, with one audit entry (no host then). */
  g_assert_true (adept_store_create_at_version (path, AUDIT_HOST_SCHEMA - 1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO audit_log (time, server_id, user, action, details) "
                                     "VALUES (1, 'default', 'alice', 'linked', 'before')",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = adept_store_open_in (dir, &error);
  g_assert_no_error (error);
  adept_store_ensure_server (store, SERVER, ADEPT_STORE_KIND_LOCAL, &error);
  g_assert_true (adept_store_audit (store, SERVER, "renewed", "after", &error));
  audit = adept_store_list_audit (store, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audit->len, ==, 2);
  now = g_ptr_array_index (audit, 0);
  old = g_ptr_array_index (audit, 1);
  g_assert_cmpstr (old->user, ==, "alice");
  g_assert_null (old->host);
  g_assert_cmpstr (now->host, ==, g_get_host_name ());

  /* The notifications table came with it. */
  g_assert_true (adept_store_claim_notification (store, SERVER, "terms", &error));
  g_assert_no_error (error);
  adept_test_cleanup_dir (dir);
}

static void
test_notifications_given (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptStore) other = NULL;

  /* Once per server and event, also across connections (the console and adeptctl). */
  g_assert_true (adept_store_claim_notification (f->store, SERVER, "token-expires-7:100", &error));
  g_assert_false (adept_store_claim_notification (f->store, SERVER, "token-expires-7:100", &error));
  g_assert_no_error (error);
  other = adept_store_open_in (adept_store_get_dir (f->store), &error);
  g_assert_no_error (error);
  g_assert_false (adept_store_claim_notification (other, SERVER, "token-expires-7:100", &error));
  g_assert_true (adept_store_claim_notification (other, "other", "token-expires-7:100", &error));
  g_assert_true (adept_store_claim_notification (f->store, SERVER, "terms", &error));

  /* Forgotten by prefix: the resolved condition may be told again, the rest not. */
  g_assert_true (adept_store_forget_notifications (f->store, SERVER, "terms", &error));
  g_assert_true (adept_store_claim_notification (f->store, SERVER, "terms", &error));
  g_assert_false (adept_store_claim_notification (f->store, SERVER, "token-expires-7:100", &error));

  /* Unlinking forgets the server's. */
  g_assert_true (adept_store_delete_server (f->store, SERVER, &error));
  g_assert_true (adept_store_claim_notification (f->store, SERVER, "token-expires-7:100", &error));
  g_assert_false (adept_store_claim_notification (f->store, "other", "token-expires-7:100", &error));
  g_assert_no_error (error);
}

static void
test_adopted_profiles (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(AdeptStoredProfile) mine = NULL;

  adept_store_save_profile (f->store, SERVER, "MINE", "Mine", "{}", NULL, &error);
  adept_store_save_adopted_profile (f->store, SERVER, "THEIRS", "Theirs", "{}", &error);
  /* Adopting a profile defined here (its UUID pasted by mistake) keeps it ours. */
  adept_store_save_adopted_profile (f->store, SERVER, "MINE", "Mine again", "{}", &error);
  g_assert_no_error (error);

  list = adept_store_list_profiles (f->store, SERVER, &error);
  g_assert_cmpuint (list->len, ==, 2);
  mine = adept_store_get_profile (f->store, SERVER, "MINE", &error);
  g_assert_cmpint (mine->origin, ==, ADEPT_PROFILE_ORIGIN_DEFINED);
  g_assert_cmpstr (mine->name, ==, "Mine again");
  for (guint i = 0; i < list->len; i++)
    {
      AdeptStoredProfile *p = g_ptr_array_index (list, i);

      g_assert_cmpint (p->origin, ==, g_str_equal (p->uuid, "THEIRS")
                                      ? ADEPT_PROFILE_ORIGIN_ADOPTED : ADEPT_PROFILE_ORIGIN_DEFINED);
    }
}

static void
count_row (const AdeptStoreDeviceRow *row,
           gpointer                   user_data)
{
  GPtrArray *serials = user_data;

  g_assert_nonnull (row->serial);
  g_ptr_array_add (serials, g_strdup_printf ("%s:%s:%d", row->serial,
                                             adept_profile_status_to_string (row->profile_status),
                                             row->deleted));
}

static void
test_device_rows_and_counts (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GPtrArray) first = page_of (make_device ("A1", ADEPT_PROFILE_STATUS_ASSIGNED, ADEPT_OP_TYPE_NONE, 0),
                                        make_device ("A2", ADEPT_PROFILE_STATUS_PUSHED, ADEPT_OP_TYPE_NONE, 0),
                                        make_device ("A3", ADEPT_PROFILE_STATUS_REMOVED, ADEPT_OP_TYPE_NONE, 0),
                                        make_device ("A4", ADEPT_PROFILE_STATUS_EMPTY, ADEPT_OP_TYPE_NONE, 0),
                                        NULL);
  g_autoptr(GPtrArray) changes = page_of (make_device ("A2", ADEPT_PROFILE_STATUS_PUSHED, ADEPT_OP_TYPE_DELETED, 200),
                                          NULL);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) since = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) counts = NULL;
  g_auto(GStrv) serials = NULL;
  g_autoptr(GError) error = NULL;
  gint64 seq;

  commit (f, ADEPT_SYNC_PHASE_FETCH, first, "c1", FALSE, NULL);
  counts = adept_store_count_devices_by_profile (f->store, SERVER, &error);
  g_assert_no_error (error);
  /* Assigned and pushed count; removed and empty do not. */
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (counts, "PROFILE-A")), ==, 2);
  g_assert_cmpuint (g_hash_table_size (counts), ==, 1);

  seq = adept_store_get_change_seq (f->store, SERVER);
  commit (f, ADEPT_SYNC_PHASE_SYNC, changes, "c2", FALSE, NULL);
  g_clear_pointer (&counts, g_hash_table_unref);
  counts = adept_store_count_devices_by_profile (f->store, SERVER, &error);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (counts, "PROFILE-A")), ==, 1);
  serials = adept_store_dup_profile_serials (f->store, SERVER, "PROFILE-A", &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (serials, ((const char *[]) { "A1", NULL }));

  g_assert_true (adept_store_foreach_device (f->store, SERVER, 0, count_row, rows, &error));
  g_assert_cmpuint (rows->len, ==, 3);
  /* Since a change: the deleted device comes too, marked. */
  g_assert_true (adept_store_foreach_device (f->store, SERVER, seq, count_row, since, &error));
  g_assert_cmpuint (since->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (since, 0), ==, "A2:pushed:1");
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *xdg = NULL;
  int ret;

  if (argc == 3 && g_str_equal (argv[1], "--probe-journal-mode"))
    return probe_journal_mode (argv[2]);

  xdg = adept_test_isolate_xdg ();
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/store/open-private-wal", test_open_private_wal);
  ADD ("/store/checkpoint-in-background", test_checkpoint_in_background);
  ADD ("/store/wal-gathered", test_wal_gathered);
  ADD ("/store/wal-rollback-after-spill", test_wal_rollback_after_spill);
  g_test_add_func ("/store/default-location", test_default_location);
  ADD ("/store/fetch-then-sync", test_fetch_then_sync);
  ADD ("/store/sync-history-rows", test_sync_history_rows);
  ADD ("/store/auto-assign-candidates", test_auto_assign_candidates);
  ADD ("/store/pending-auto-assign", test_pending_auto_assign);
  ADD ("/store/full-fetch-sweeps", test_full_fetch_sweeps);
  ADD ("/store/first-fetch-in-bulk", test_first_fetch_in_bulk);
  ADD ("/store/commit-is-atomic", test_commit_is_atomic);
  ADD ("/store/pages-in-one-commit", test_pages_in_one_commit);
  ADD ("/store/pages-fail-together", test_pages_fail_together);
  ADD ("/store/first-fetch-group-sorted", test_first_fetch_group_sorted);
  ADD ("/store/first-fetch-group-repeats", test_first_fetch_group_repeats);
  ADD ("/store/journal", test_journal);
  ADD ("/store/profiles", test_profiles);
  ADD ("/store/assign-attempts", test_assign_attempts);
  ADD ("/store/assign-attempts-many", test_assign_attempts_many);
  ADD ("/store/assign-error", test_assign_error_and_dropped_retry);
  ADD ("/store/audit", test_audit);
  ADD ("/store/delete-server", test_delete_server);
  g_test_add_func ("/store/error/corrupt-untouched", test_corrupt_untouched);
  g_test_add_func ("/store/integrity/zero-length", test_integrity_zero_length);
  g_test_add_func ("/store/integrity/truncated", test_integrity_truncated);
  g_test_add_func ("/store/integrity/flipped-page", test_integrity_flipped_page);
  g_test_add_func ("/store/integrity/unclean-but-sound", test_integrity_unclean_but_sound);
  g_test_add_func ("/store/error/too-new", test_too_new);
  g_test_add_func ("/store/error/read-only", test_read_only);
  ADD ("/store/error/full", test_full);
  ADD ("/store/error/locked", test_locked);
  g_test_add_func ("/store/connections/second-keeps-locks", test_second_connection_keeps_locks);
  g_test_add_func ("/store/migrate-from-v1", test_migrate_from_v1);
  g_test_add_func ("/store/migrate-device-ids", test_migrate_device_ids);
  ADD ("/store/lifecycle-records", test_lifecycle_records);
  ADD ("/store/sync-lock", test_sync_lock);
  g_test_add_func ("/store/migrate-profile-origin", test_migrate_profile_origin);
  ADD ("/store/adopted-profiles", test_adopted_profiles);
  g_test_add_func ("/store/migrate-pending-assign", test_migrate_pending_assign);
  g_test_add_func ("/store/migrate-audit-host", test_migrate_audit_host);
  g_test_add_func ("/store/migrate-server-num", test_migrate_server_num);
  ADD ("/store/notifications-given", test_notifications_given);
  ADD ("/store/device-rows-and-counts", test_device_rows_and_counts);

  ret = g_test_run ();
  adept_test_cleanup_dir (xdg);
  return ret;
}
