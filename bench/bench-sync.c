/* bench-sync.c — the sync figures of design.md §6 for 100,000 simulated devices
 *
 *   bench-sync [N_DEVICES]
 *
 * Runs the simulator program (its own process, as Apple is another machine), then prints:
 * the floor (every page downloaded and parsed, nothing stored), the full fetch into a
 * fresh store and its ratio to the floor, an incremental sync of 1,000 changes, assigning
 * a profile to every device in batches of 1,000 (answers stored per device), loading the
 * device list model and search keystrokes over it, and the peak RSS of this process.
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adept-device-list.h"
#include "adept-test-util.h"
#include "sync-test-util.h"
#include "bench-util.h"

#define SERVER "default"

static long
current_rss_mb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmRSS:");
  return line ? atol (line + 6) / 1024 : -1;
}

/* The same requests and parsing a full fetch does, with nothing stored. */
static double
measure_floor (AdeptDepClient *client,
               guint          *n_devices,
               guint          *n_requests)
{
  g_autofree char *cursor = NULL;
  gboolean more = TRUE;
  double start = bench_now_s ();

  *n_devices = 0;
  *n_requests = 0;
  while (more)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(AdeptFetchPage) page = NULL;
      g_autoptr(GError) error = NULL;

      adept_dep_client_fetch_devices_async (client, cursor, ADEPT_DEP_MAX_PAGE_SIZE, NULL,
                                            adept_test_store_result, &result);
      page = adept_dep_client_fetch_devices_finish (client, sync_test_wait (&result), &error);
      if (page == NULL)
        g_error ("fetch failed: %s", error->message);
      (*n_requests)++;
      *n_devices += adept_fetch_page_get_devices (page)->len;
      more = adept_fetch_page_get_more_to_follow (page);
      g_free (cursor);
      cursor = g_strdup (adept_fetch_page_get_cursor (page));
    }

  /* The full fetch ends with one sync from the last cursor: so does the floor. */
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(AdeptFetchPage) page = NULL;

    adept_dep_client_sync_devices_async (client, cursor, ADEPT_DEP_MAX_PAGE_SIZE, NULL,
                                         adept_test_store_result, &result);
    page = adept_dep_client_sync_devices_finish (client, sync_test_wait (&result), NULL);
    (*n_requests)++;
  }
  return bench_now_s () - start;
}

static AdeptJournalEntry *
timed_sync (AdeptSyncEngine *engine,
            double          *seconds)
{
  g_autoptr(GError) error = NULL;
  double start = bench_now_s ();
  AdeptJournalEntry *entry = sync_test_run (engine, ADEPT_SYNC_FLAGS_NONE, &error);

  *seconds = bench_now_s () - start;
  if (entry == NULL)
    g_error ("sync failed: %s", error->message);
  return entry;
}

static GPtrArray *
server_serials (AdeptStore *store)
{
  g_autoptr(GPtrArray) devices = adept_store_list_devices (store, SERVER, -1, NULL);
  GPtrArray *serials = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < devices->len; i++)
    g_ptr_array_add (serials, g_strdup (adept_device_get_serial_number (devices->pdata[i])));
  return serials;
}

static void
change_devices (SyncTestSimulator *sim,
                GPtrArray *serials,
                guint      n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"serial\":\"%s\",\"fields\":{\"asset_tag\":\"BENCH-%u\"}}",
                                               (const char *) serials->pdata[(i * 97) % serials->len], i);
      g_free (sync_test_simulator_call (sim, "POST", "/_adept/devices/edit", body));
    }
}

/* What the console does for "assign to every device": batches of 1000, each answer
 * stored per device. */
static double
assign_all (AdeptDepClient *client,
            AdeptStore     *store,
            const char     *profile,
            GPtrArray      *serials,
            guint          *n_batches,
            guint          *n_success)
{
  double start = bench_now_s ();

  *n_batches = 0;
  *n_success = 0;
  for (guint i = 0; i < serials->len; i += ADEPT_DEP_MAX_BATCH)
    {
      guint n = MIN (ADEPT_DEP_MAX_BATCH, serials->len - i);
      g_autofree const char **batch = g_new0 (const char *, n + 1);
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(AdeptDeviceResults) results = NULL;
      g_autoptr(GHashTable) answers = g_hash_table_new (g_str_hash, g_str_equal);
      g_autoptr(GError) error = NULL;

      for (guint k = 0; k < n; k++)
        batch[k] = serials->pdata[i + k];
      adept_dep_client_assign_profile_async (client, profile, batch, NULL, adept_test_store_result, &result);
      results = adept_dep_client_assign_profile_finish (client, sync_test_wait (&result), &error);
      if (results == NULL)
        g_error ("assign failed: %s", error->message);
      for (guint k = 0; k < adept_device_results_get_n_results (results); k++)
        {
          const char *serial = adept_device_results_get_serial (results, k);
          g_hash_table_insert (answers, (gpointer) serial,
                               (gpointer) adept_device_results_get_raw_result (results, serial));
        }
      if (!adept_store_record_assign (store, SERVER, profile, ADEPT_ASSIGN_ORIGIN_MANUAL, answers,
                                      adept_device_results_get_retry_after_seconds (results), &error))
        g_error ("recording failed: %s", error->message);
      *n_success += adept_device_results_count (results, ADEPT_DEVICE_RESULT_SUCCESS);
      (*n_batches)++;
    }
  return bench_now_s () - start;
}

static double
keystroke (AdeptDeviceList *list,
           const char      *text)
{
  double start = bench_now_s ();

  adept_device_list_set_search (list, text);
  return bench_now_s () - start;
}

int
main (int    argc,
      char **argv)
{
  guint n_devices = argc > 1 ? (guint) atoi (argv[1]) : 100000;
  g_autofree char *dir = adept_test_make_tmpdir ();
  g_autoptr(AdeptDepClient) client = NULL;
  g_autoptr(AdeptStore) store = NULL;
  g_autoptr(AdeptSyncEngine) engine = NULL;
  g_autoptr(AdeptJournalEntry) full = NULL;
  g_autoptr(AdeptJournalEntry) incremental = NULL;
  g_autoptr(AdeptDeviceList) list = NULL;
  g_autoptr(GPtrArray) serials = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *profile = NULL;
  SyncTestSimulator sim = { 0, };
  double floor1, floor2, floor_s, full_s, incr_s, assign_s, load_s;
  double cpu0, cpu1, cpu2;
  guint fetched, requests, batches, assigned;
  long rss_before_list;

  g_setenv ("XDG_DATA_HOME", dir, TRUE);
  {
    g_autofree char *n = g_strdup_printf ("%u", n_devices);
    const char * const args[] = { "--devices", n, "--seed", "1", "--session-idle", "3600", NULL };
    const char *program = g_getenv ("ADEPT_DEPSIM") ? g_getenv ("ADEPT_DEPSIM") : ADEPT_DEPSIM_PATH;

    sync_test_simulator_start (&sim, program, args);
  }
  client = sync_test_client_new (sim.base, sim.credentials);
  store = adept_store_open_in (dir, &error);
  if (store == NULL)
    g_error ("%s", error->message);
  engine = adept_sync_engine_new (store, client, SERVER);

  printf ("Sync benchmark: %u simulated devices, simulator in its own process, store in %s\n\n",
          n_devices, dir);

  cpu0 = bench_cpu_s ();
  floor1 = measure_floor (client, &fetched, &requests);
  cpu1 = bench_cpu_s ();
  full = timed_sync (engine, &full_s);
  cpu2 = bench_cpu_s ();
  floor2 = measure_floor (client, &fetched, &requests);
  floor_s = (floor1 + floor2) / 2;
  printf ("Floor (download + parse, nothing stored): %6.2f s  (%.2f and %.2f; %u devices, %u requests)\n",
          floor_s, floor1, floor2, fetched, requests);
  printf ("Full fetch into the store:                %6.2f s  = %.2f × floor   (target ≤ 4 s and ≤ 2×)\n",
          full_s, full_s / floor_s);
  printf ("  pages %u (fetch pages of 1000 + one sync), added %u\n", full->pages, full->added);
  printf ("  CPU time of this process: floor %.2f s, full fetch %.2f s (the store's share runs in its own thread)\n",
          cpu1 - cpu0, cpu2 - cpu1);

  serials = server_serials (store);
  change_devices (&sim, serials, 1000);
  incremental = timed_sync (engine, &incr_s);
  printf ("Incremental sync of 1,000 changes:        %6.3f s  (modified %u; target ≤ 0.3 s)\n",
          incr_s, incremental->modified);

  profile = sync_test_define_profile (client, "Bench");
  assign_s = assign_all (client, store, profile, serials, &batches, &assigned);
  printf ("Assign a profile to %u devices:       %6.2f s  (%u batches, %u SUCCESS; target ≤ 5 s)\n",
          serials->len, assign_s, batches, assigned);

  rss_before_list = current_rss_mb ();
  {
    double start = bench_now_s ();

    list = adept_device_list_new (store, SERVER);
    if (!adept_device_list_refresh (list, &error))
      g_error ("%s", error->message);
    load_s = bench_now_s () - start;
  }
  printf ("Device list: load %u rows from the store:  %5.0f ms  (RSS +%ld MB)\n",
          g_list_model_get_n_items (G_LIST_MODEL (list)), load_s * 1000,
          current_rss_mb () - rss_before_list);
  {
    static const char * const typed[][2] = {
      { "c", "first keystroke, broad" },
      { "c0", "narrowing" },
      { "c02", "narrowing" },
      { "ipad", "new search" },
      { "", "search cleared" },
    };
    double worst = 0;

    for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
      {
        double ms = keystroke (list, typed[i][0]) * 1000;

        worst = MAX (worst, ms);
        printf ("  search “%s” (%s): %5.1f ms → %u devices\n", typed[i][0], typed[i][1], ms,
                g_list_model_get_n_items (G_LIST_MODEL (list)));
      }
    printf ("  slowest keystroke: %.1f ms (target ≤ 50 ms)\n", worst);
  }
  printf ("Peak RSS of this process: %ld MB (current %ld MB)\n", bench_peak_rss_mb (), current_rss_mb ());

  g_clear_object (&list);
  g_clear_object (&engine);
  g_clear_object (&store);
  sync_test_simulator_stop (&sim);
  adept_test_cleanup_dir (dir);
  return 0;
}
