/* test-store-org.c — the organisation's tables on real SQLite files: the migration that
 * added them, listings by generation, activities, and the device list joined with the
 * DEP devices
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "adept-error.h"
#include "adept-org-device-list.h"
#include "adept-store-org.h"
#include "adept-store-org-private.h"
#include "adept-test-util.h"

#define SERVER "default"
#define ORG "1234567"
#define THIS_ID "AC4DD1641A6E5CA47588FF52CED1F484"
#define OTHER_ID "EA1B86F90A2FCC62C714A6431C016A4F"

/* The schema version whose migration added the organisation's tables (renumber here if
 * migrations are reordered at merge). */
#define ORG_SCHEMA_VERSION 4

typedef struct {
  char         *dir;
  AdeptStore   *store;
  AdeptOrgView  view;
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
  f->view.org_id = ORG;
  f->view.dep_server = SERVER;
  /* Apple may not keep the case: placement compares without it. */
  f->view.this_server_id = "ac4dd1641a6e5ca47588ff52ced1f484";
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  adept_test_cleanup_dir (f->dir);
  g_free (f->dir);
}

static GArray *
devices_of (const char *first, ...)
{
  GArray *devices = g_array_new (FALSE, TRUE, sizeof (AdeptOrgDeviceData));
  va_list args;

  g_array_set_clear_func (devices, (GDestroyNotify) adept_org_device_data_clear);
  va_start (args, first);
  for (const char *serial = first; serial != NULL; serial = va_arg (args, const char *))
    {
      AdeptOrgDeviceData data = { 0, };

      data.serial_number = g_strdup (serial);
      data.model = g_strdup ("iPad Air 11-inch (M2)");
      data.product_family = g_strdup ("iPad");
      data.order_number = g_strdup (g_str_has_prefix (serial, "A") ? "W1000000001" : "PO-0000002");
      data.purchase_source_type = g_strdup ("APPLE");
      data.added_date = 1700000000;
      data.assigned = TRUE;
      data.migration_capable = TRUE;
      data.dep_status = -1;
      g_array_append_val (devices, data);
    }
  va_end (args);
  return devices;
}

static GPtrArray *
serials_of (const char *first, ...)
{
  GPtrArray *serials = g_ptr_array_new_with_free_func (g_free);
  va_list args;

  va_start (args, first);
  for (const char *serial = first; serial != NULL; serial = va_arg (args, const char *))
    g_ptr_array_add (serials, g_strdup (serial));
  va_end (args);
  return serials;
}

static GPtrArray *
two_servers (void)
{
  GPtrArray *servers = g_ptr_array_new_with_free_func (g_object_unref);

  g_ptr_array_add (servers, adept_org_server_new (THIS_ID, "Adept", "MDM", 1630454400, 1630454400));
  g_ptr_array_add (servers, adept_org_server_new (OTHER_ID, "Legacy MDM", "MDM", 1630454400, 1630454400));
  return servers;
}

static AdeptOrgDevice *
get (Fixture    *f,
     const char *serial)
{
  g_autoptr(GError) error = NULL;
  AdeptOrgDevice *device = adept_store_org_get_device (f->store, &f->view, serial, &error);

  g_assert_no_error (error);
  return device;
}

static void
list_once (Fixture    *f,
           GArray     *devices,
           const char *this_serial,
           const char *other_serial,
           gboolean    finish)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) servers = two_servers ();
  gint64 gen = adept_store_org_begin_listing (f->store, ORG, &error);

  g_assert_no_error (error);
  g_assert_true (adept_store_org_save_servers (f->store, ORG, servers, &error));
  /* Server pages may come before the device pages that name the same devices. */
  if (this_serial != NULL)
    {
      g_autoptr(GPtrArray) serials = serials_of (this_serial, NULL);
      g_assert_true (adept_store_org_commit_server_devices (f->store, ORG, gen, THIS_ID, serials, &error));
    }
  g_assert_true (adept_store_org_commit_devices (f->store, ORG, gen, devices, &error));
  if (other_serial != NULL)
    {
      g_autoptr(GPtrArray) serials = serials_of (other_serial, NULL);
      g_assert_true (adept_store_org_commit_server_devices (f->store, ORG, gen, OTHER_ID, serials, &error));
    }
  if (finish)
    g_assert_true (adept_store_org_end_listing (f->store, ORG, gen, &error));
  g_assert_no_error (error);
}

static void
test_listing (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) first = devices_of ("A1", "A2", "B3", NULL);
  g_autoptr(GArray) second = devices_of ("A1", "A2", NULL);
  g_autoptr(AdeptOrgDevice) a1 = NULL;
  g_autoptr(AdeptOrgDevice) a2 = NULL;
  g_autoptr(AdeptOrgDevice) b3 = NULL;
  g_autoptr(GPtrArray) servers = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(AdeptStoredOrg) org = NULL;
  gint64 seq;

  list_once (f, first, "A1", "A2", TRUE);
  a1 = get (f, "A1");
  g_assert_cmpint (adept_org_device_get_placement (a1), ==, ADEPT_ORG_PLACEMENT_THIS_SERVER);
  g_assert_cmpstr (adept_org_device_get_data (a1)->server_name, ==, "Adept");
  g_assert_cmpstr (adept_org_device_get_data (a1)->order_number, ==, "W1000000001");
  a2 = get (f, "A2");
  g_assert_cmpint (adept_org_device_get_placement (a2), ==, ADEPT_ORG_PLACEMENT_OTHER_SERVER);
  b3 = get (f, "B3");
  /* Apple says ASSIGNED but no server named it: on some server all the same. */
  g_assert_cmpint (adept_org_device_get_placement (b3), ==, ADEPT_ORG_PLACEMENT_OTHER_SERVER);
  servers = adept_store_org_list_servers (f->store, &f->view, &error);
  g_assert_cmpuint (servers->len, ==, 2);
  g_assert_true (adept_org_server_get_is_this_server (servers->pdata[0]));
  g_assert_cmpuint (adept_org_server_get_n_devices (servers->pdata[0]), ==, 1);
  org = adept_store_get_org (f->store, ORG, &error);
  g_assert_cmpint (org->listed, >, 0);

  /* The same listing again changes no row. */
  seq = adept_store_org_get_change_seq (f->store, ORG);
  list_once (f, first, "A1", "A2", TRUE);
  {
    g_autoptr(AdeptStmt) stmt = adept_store_org_query_devices (f->store, &f->view, seq, &error);
    int rc = sqlite3_step (stmt);

    g_assert_cmpint (rc, ==, SQLITE_DONE);
  }

  /* A listing cut short (no end) releases nothing. */
  list_once (f, second, NULL, NULL, FALSE);
  all = adept_store_org_list_devices (f->store, &f->view, NULL, &error);
  g_assert_cmpuint (all->len, ==, 3);

  /* A complete one without B3 releases it; A1 on no server now. */
  list_once (f, second, NULL, "A2", TRUE);
  g_clear_pointer (&all, g_ptr_array_unref);
  all = adept_store_org_list_devices (f->store, &f->view, NULL, &error);
  g_assert_cmpuint (all->len, ==, 2);
  g_clear_object (&a1);
  a1 = get (f, "A1");
  g_assert_null (adept_org_device_get_server_id (a1));
  g_assert_null (get (f, "B3"));
}

static void
test_activities (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) devices = devices_of ("A1", "A2", NULL);
  g_autoptr(AdeptOrgActivity) activity = adept_org_activity_new ("ACT-1", ADEPT_ORG_ACTIVITY_ASSIGN_WITH_DEADLINE,
                                                                 THIS_ID, 1800000000, 2);
  g_autoptr(AdeptOrgActivity) read = NULL;
  g_autoptr(AdeptOrgDevice) a1 = NULL;
  g_autoptr(AdeptOrgDevice) a2 = NULL;
  g_autoptr(GPtrArray) list = NULL;
  GPtrArray *results = g_ptr_array_new_with_free_func ((GDestroyNotify) adept_org_device_result_free);

  list_once (f, devices, NULL, "A1", TRUE);
  adept_org_activity_set_state (activity, "IN_PROGRESS", "PROCESSING", 1760000000, 0);
  g_assert_true (adept_store_org_save_activity (f->store, ORG, activity, &error));

  g_ptr_array_add (results, adept_org_device_result_new ("A1", TRUE, NULL, NULL));
  g_ptr_array_add (results, adept_org_device_result_new ("A2", FALSE, "SHARED_IPAD", "A Shared iPad cannot be migrated."));
  adept_org_activity_set_results (activity, results);
  adept_org_activity_set_state (activity, "COMPLETED", "COMPLETED_WITH_ERROR", 0, 1760000100);
  g_assert_true (adept_store_org_save_activity (f->store, ORG, activity, &error));
  g_assert_true (adept_store_org_apply_activity (f->store, ORG, activity, &error));

  read = adept_store_org_get_activity (f->store, ORG, "ACT-1", &error);
  g_assert_no_error (error);
  g_assert_cmpint (adept_org_activity_get_activity_type (read), ==, ADEPT_ORG_ACTIVITY_ASSIGN_WITH_DEADLINE);
  g_assert_cmpstr (adept_org_activity_get_sub_status (read), ==, "COMPLETED_WITH_ERROR");
  g_assert_cmpint (adept_org_activity_get_created (read), ==, 1760000000);
  g_assert_cmpuint (adept_org_activity_get_n_succeeded (read), ==, 1);
  g_assert_cmpuint (adept_org_activity_get_n_failed (read), ==, 1);
  g_assert_null (adept_store_org_get_activity (f->store, ORG, "ACT-NONE", &error));
  g_assert_no_error (error);

  /* Only the device that succeeded moved, with its migration requested. */
  a1 = get (f, "A1");
  g_assert_cmpint (adept_org_device_get_placement (a1), ==, ADEPT_ORG_PLACEMENT_THIS_SERVER);
  g_assert_cmpstr (adept_org_device_get_data (a1)->migration_status, ==, "REQUESTED");
  g_assert_cmpint (adept_org_device_get_data (a1)->migration_deadline, ==, 1800000000);
  a2 = get (f, "A2");
  g_assert_null (adept_org_device_get_data (a2)->migration_status);

  list = adept_store_org_list_activities (f->store, ORG, 0, &error);
  g_assert_cmpuint (list->len, ==, 1);

  g_assert_true (adept_store_delete_org (f->store, ORG, &error));
  g_assert_null (adept_store_get_org (f->store, ORG, &error));
  g_assert_null (get (f, "A1"));
}

/* The list joins the DEP devices of this server: "waiting" until the sync brings them. */
static void
test_list_joins_dep (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) devices = devices_of ("A1", "A2", "B3", NULL);
  g_autoptr(AdeptOrgDeviceList) list = adept_org_device_list_new (f->store, &f->view);
  g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(AdeptOrgDevice) a1 = NULL;
  AdeptDevice *d = adept_device_new ("A1");

  list_once (f, devices, "A1", "A2", TRUE);
  g_assert_true (adept_org_device_list_refresh (list, &error));
  g_assert_cmpuint (adept_org_device_list_get_n_waiting (list), ==, 1);
  a1 = adept_org_device_list_lookup (list, "A1");
  g_assert_cmpint (adept_org_device_get_data (a1)->dep_status, ==, -1);

  adept_device_set_profile_status (d, ADEPT_PROFILE_STATUS_EMPTY);
  g_ptr_array_add (page, d);
  g_assert_true (adept_store_commit_page (f->store, SERVER, 0, ADEPT_SYNC_PHASE_FETCH, page, "c", TRUE, 0, NULL,
                                          &error));
  g_assert_true (adept_org_device_list_refresh (list, &error));
  g_assert_cmpuint (adept_org_device_list_get_n_waiting (list), ==, 0);
  /* The item handed out follows, and is the one handed out again. */
  g_assert_cmpint (adept_org_device_get_data (a1)->dep_status, ==, ADEPT_PROFILE_STATUS_EMPTY);
  {
    g_autoptr(AdeptOrgDevice) again = adept_org_device_list_lookup (list, "A1");
    g_assert_true (again == a1);
  }

  adept_org_device_list_set_placement_filter (list, ADEPT_ORG_PLACEMENT_OTHER_SERVER);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
  adept_org_device_list_set_search (list, "po-0000");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
}

/* The schema before the organisation's tables: today's without them, at the version
 * before theirs. */
static void
test_migrate_from_previous (void)
{
  g_autofree char *dir = adept_test_make_tmpdir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptStore) store = adept_store_open_in (dir, &error);
  g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(AdeptStoredOrg) org = NULL;
  g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %d", ORG_SCHEMA_VERSION - 1);
  AdeptStoredOrg saved = { (char *) ORG, (char *) "BUSINESSAPI.x", (char *) "k", NULL, NULL, 1760000000, 0 };
  AdeptDevice *d = adept_device_new ("C02OLD1");
  sqlite3 *db;
  int version = 0;

  g_assert_no_error (error);
  adept_store_ensure_server (store, SERVER, ADEPT_STORE_KIND_LOCAL, &error);
  adept_device_set_profile_status (d, ADEPT_PROFILE_STATUS_PUSHED);
  adept_device_set_profile_uuid (d, "PROFILE");
  g_ptr_array_add (page, d);
  g_assert_true (adept_store_commit_page (store, SERVER, 0, ADEPT_SYNC_PHASE_FETCH, page, "c", TRUE, 0, NULL, &error));
  g_assert_cmpint (sqlite3_exec (adept_store_get_db (store),
                                 "DROP TABLE org_activity_devices; DROP TABLE org_activities;"
                                 "DROP TABLE org_devices; DROP TABLE org_servers; DROP TABLE orgs;"
                                 /* and what later versions added (5: profiles' origin,
                                  * 6: pending auto-assignments, 7: the audit log's host,
                                  * the notifications given, 8: devices' server by number) */
                                 "ALTER TABLE profiles DROP COLUMN origin;"
                                 "DROP TABLE pending_assign;"
                                 "ALTER TABLE audit_log DROP COLUMN host;"
                                 "DROP TABLE notifications;"
                                 "DROP TRIGGER servers_num; DROP INDEX servers_by_num;"
                                 "DROP INDEX devices_by_serial; DROP INDEX devices_by_change;"
                                 "ALTER TABLE devices ADD COLUMN server_id TEXT;"
                                 "UPDATE devices SET server_id = (SELECT id FROM servers WHERE num = server);"
                                 "ALTER TABLE devices DROP COLUMN server;"
                                 "ALTER TABLE servers DROP COLUMN num;"
                                 "CREATE UNIQUE INDEX devices_by_serial ON devices (server_id, serial);"
                                 "CREATE INDEX devices_by_change ON devices (server_id, change_seq);",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (adept_store_get_db (store), set_version, NULL, NULL, NULL), ==, SQLITE_OK);
  g_clear_object (&store);

  store = adept_store_open_in (dir, &error);
  g_assert_no_error (error);
  db = adept_store_get_db (store);
  {
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    version = sqlite3_column_int (stmt, 0);
    sqlite3_finalize (stmt);
  }
  g_assert_cmpint (version, ==, ADEPT_STORE_SCHEMA_VERSION);
  /* What was there stays. */
  {
    g_autoptr(AdeptDevice) old = adept_store_get_device (store, SERVER, "C02OLD1", NULL, &error);

    g_assert_nonnull (old);
    g_assert_cmpint (adept_device_get_profile_status (old), ==, ADEPT_PROFILE_STATUS_PUSHED);
  }
  /* What the migration added works. */
  g_assert_true (adept_store_save_org (store, &saved, &error));
  org = adept_store_get_org (store, ORG, &error);
  g_assert_cmpstr (org->client_id, ==, "BUSINESSAPI.x");
  g_assert_cmpint (org->connected, ==, 1760000000);
  g_clear_object (&store);
  store = adept_store_open_in (dir, &error);
  g_assert_no_error (error);
  adept_test_cleanup_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *xdg = adept_test_isolate_xdg ();
  int ret;

  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/store-org/listing", test_listing);
  ADD ("/store-org/activities", test_activities);
  ADD ("/store-org/list-joins-dep", test_list_joins_dep);
  g_test_add_func ("/store-org/migrate-from-previous", test_migrate_from_previous);

  ret = g_test_run ();
  adept_test_cleanup_dir (xdg);
  return ret;
}
