/* bench-sync.c — the sync figures of design.md §6 for 100,000 simulated devices
 *
 *   bench-sync [N_DEVICES] [RUNS]
 *
 * Each run starts the simulator program afresh (its own process, as Apple is another
 * machine) and a fresh store, then measures:
 *   - the wire floor: every page of a full fetch (and the sync that ends it) through
 *     Adept's client with a valid session, bodies read into memory and not parsed;
 *   - the full fetch into the store, and its ratio to the wire floor of the same run;
 *   - the CPU time of one page of 1,000 devices, parsed and stored (the floor's pages
 *     again, into a second store, one after the other: no network, one thread);
 *   - an incremental sync of 1,000 changes, its wire floor (the same sync answer read and
 *     not parsed) and its CPU time in this process (the rest is waiting: on a busy
 *     machine, mostly for a core);
 *   - assigning a profile to every device in batches of 1,000, answers stored per device:
 *     one request after the other, and again through AdeptBatchJob, the console's and
 *     adeptctl's way, which sends the next request while it stores an answer (the
 *     attempts of the first are cleared before, so both start from the same store).
 * It prints each run, then each figure's min/median/max over the runs against its target,
 * and last the device list model (load and search keystrokes, without a window; the
 * console's own figures are bench-console's).
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adept-batch-job.h"
#include "adept-device-list.h"
#include "adept-page-parser.h"
#include "adept-store-private.h"
#include "adept-test-util.h"
#include "bench-pages.h"
#include "bench-util.h"
#include "sync-test-util.h"

#define SERVER "default"

typedef enum {
  FIG_WIRE,
  FIG_FULL,
  FIG_RATIO,
  FIG_PAGE_CPU,
  FIG_FETCH_CPU,
  FIG_INCREMENTAL,
  FIG_INCREMENTAL_WIRE,
  FIG_INCREMENTAL_CPU,
  FIG_ASSIGN,
  FIG_ASSIGN_JOB,
  N_FIGS
} Figure;

static const struct {
  const char *name;
  const char *format;
  const char *unit;
  double      target;    /* 0: none, printed for comparison */
} figures[N_FIGS] = {
  [FIG_WIRE] = { "Wire floor (pages read, not parsed)", "%.2f", "s", 0 },
  [FIG_FULL] = { "Full fetch into the store", "%.2f", "s", 0.6 },
  [FIG_RATIO] = { "  full fetch ÷ wire floor, same run", "%.1f", "×", 3 },
  [FIG_PAGE_CPU] = { "CPU per 1,000-device page, parse + store", "%.1f", "ms", 3 },
  [FIG_FETCH_CPU] = { "  CPU per page of the whole full fetch", "%.1f", "ms", 0 },
  [FIG_INCREMENTAL] = { "Incremental sync of 1,000 changes", "%.3f", "s", 0.03 },
  [FIG_INCREMENTAL_WIRE] = { "  its wire floor (the same answer, not parsed)", "%.3f", "s", 0 },
  [FIG_INCREMENTAL_CPU] = { "  its CPU time in this process", "%.3f", "s", 0 },
  [FIG_ASSIGN] = { "Assign a profile to every device", "%.2f", "s", 0.5 },
  [FIG_ASSIGN_JOB] = { "  the same through AdeptBatchJob", "%.2f", "s", 0.5 },
};

static GArray *values[N_FIGS];

static void
record (Figure figure,
        double value)
{
  g_array_append_val (values[figure], value);
}

static AdeptJournalEntry *
timed_sync (AdeptSyncEngine *engine,
            double          *seconds,
            double          *cpu_seconds)
{
  g_autoptr(GError) error = NULL;
  double start = bench_now_s ();
  double cpu = bench_cpu_s ();
  AdeptJournalEntry *entry = sync_test_run (engine, ADEPT_SYNC_FLAGS_NONE, &error);

  *seconds = bench_now_s () - start;
  if (cpu_seconds != NULL)
    *cpu_seconds = bench_cpu_s () - cpu;
  if (entry == NULL)
    g_error ("sync failed: %s", error->message);
  return entry;
}

/* Parses and stores each page as the sync does, one after the other; the median CPU
 * time of a page of devices. */
static double
page_cpu_ms (GPtrArray *pages)
{
  g_autofree char *dir = adept_test_make_tmpdir ();
  g_autoptr(AdeptStore) store = NULL;
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;

  store = adept_store_open_in (dir, &error);
  if (store == NULL || !adept_store_ensure_server (store, SERVER, ADEPT_STORE_KIND_LOCAL, &error))
    g_error ("%s", error->message);
  for (guint i = 0; i < pages->len; i++)
    {
      GBytes *raw = pages->pdata[i];
      double start = bench_cpu_s ();
      g_autoptr(AdeptFetchPage) page = adept_page_parse (g_bytes_get_data (raw, NULL),
                                                          g_bytes_get_size (raw), &error);
      const AdeptDeviceRecord *records;
      guint n;
      double ms;

      if (page == NULL)
        g_error ("%s", error->message);
      records = adept_fetch_page_get_records (page, &n);
      if (!adept_store_commit_records (store, SERVER, 0, ADEPT_SYNC_PHASE_FETCH, records, n,
                                       adept_fetch_page_get_cursor (page),
                                       adept_fetch_page_get_more_to_follow (page), 0, NULL,
                                       &error))
        g_error ("%s", error->message);
      ms = (bench_cpu_s () - start) * 1000;
      if (n == ADEPT_DEP_MAX_PAGE_SIZE)
        g_array_append_val (times, ms);
    }
  g_clear_object (&store);
  adept_test_cleanup_dir (dir);
  return bench_stats (times).median;
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
                GPtrArray         *serials,
                guint              n)
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
            guint          *n_success)
{
  double start = bench_now_s ();

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
    }
  return bench_now_s () - start;
}

/* The same through the batch job. */
static double
assign_all_job (AdeptDepClient *client,
                AdeptStore     *store,
                const char     *profile,
                GPtrArray      *serials)
{
  g_autofree const char **strv = g_new0 (const char *, serials->len + 1);
  g_autoptr(AdeptBatchJob) job = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(AdeptDeviceResults) results = NULL;
  g_autoptr(GError) error = NULL;
  double start;

  if (sqlite3_exec (adept_store_get_db (store), "DELETE FROM assign_attempts", NULL, NULL, NULL) != SQLITE_OK)
    g_error ("could not empty assign_attempts");
  for (guint i = 0; i < serials->len; i++)
    strv[i] = serials->pdata[i];
  start = bench_now_s ();
  job = adept_batch_job_new (ADEPT_BATCH_ASSIGN, client, store, SERVER, ADEPT_ASSIGN_ORIGIN_MANUAL,
                             profile, strv);
  adept_batch_job_run_async (job, NULL, adept_test_store_result, &result);
  results = adept_batch_job_run_finish (job, sync_test_wait (&result), &error);
  if (results == NULL)
    g_error ("assign failed: %s", error->message);
  if (adept_device_results_count (results, ADEPT_DEVICE_RESULT_SUCCESS) != serials->len)
    g_error ("not every device assigned through the job");
  return bench_now_s () - start;
}

static void
one_run (guint  run,
         guint  n_devices,
         char **store_dir)
{
  g_autofree char *dir = adept_test_make_tmpdir ();
  g_autofree char *n = g_strdup_printf ("%u", n_devices);
  const char * const args[] = { "--devices", n, "--seed", "1", "--session-idle", "3600", NULL };
  const char *program = g_getenv ("ADEPT_DEPSIM") ? g_getenv ("ADEPT_DEPSIM") : ADEPT_DEPSIM_PATH;
  g_autoptr(AdeptDepClient) client = NULL;
  g_autoptr(AdeptStore) store = NULL;
  g_autoptr(AdeptSyncEngine) engine = NULL;
  g_autoptr(AdeptJournalEntry) full = NULL;
  g_autoptr(AdeptJournalEntry) incremental = NULL;
  g_autoptr(GPtrArray) pages = NULL;
  g_autoptr(GPtrArray) serials = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *profile = NULL;
  SyncTestSimulator sim = { 0, };
  double wire_s, full_s, full_cpu_s, page_ms, incr_s, incr_cpu_s, incr_wire_s, assign_s, job_s, start;
  guint assigned;

  sync_test_simulator_start (&sim, program, args);
  client = sync_test_client_new (sim.base, sim.credentials);
  store = adept_store_open_in (dir, &error);
  if (store == NULL)
    g_error ("%s", error->message);
  engine = adept_sync_engine_new (store, client, SERVER);

  /* The first request opens the session: not part of either figure. */
  g_bytes_unref (bench_fetch_raw (client, "/server/devices", NULL));

  start = bench_now_s ();
  pages = bench_fetch_all_raw (client);
  wire_s = bench_now_s () - start;
  full = timed_sync (engine, &full_s, &full_cpu_s);
  if (full->added != n_devices)
    g_error ("the full fetch added %u devices, not %u", full->added, n_devices);
  page_ms = page_cpu_ms (pages);

  serials = server_serials (store);
  change_devices (&sim, serials, 1000);
  /* The simulator's own share: the same sync answer (a cursor can be asked again). */
  {
    g_autofree char *cursor = NULL;
    AdeptSyncPhase phase;

    if (!adept_store_get_cursor (store, SERVER, &cursor, &phase, NULL, &error))
      g_error ("%s", error->message);
    start = bench_now_s ();
    g_bytes_unref (bench_fetch_raw (client, "/devices/sync", cursor));
    incr_wire_s = bench_now_s () - start;
  }
  incremental = timed_sync (engine, &incr_s, &incr_cpu_s);
  if (incremental->modified != 1000)
    g_error ("the incremental sync modified %u devices, not 1000", incremental->modified);

  profile = sync_test_define_profile (client, "Bench");
  assign_s = assign_all (client, store, profile, serials, &assigned);
  if (assigned != serials->len)
    g_error ("%u of %u devices assigned", assigned, serials->len);
  job_s = assign_all_job (client, store, profile, serials);

  printf ("Run %u: wire floor %.2f s (%u requests), full fetch %.2f s = %.1f× the floor, "
          "parse + store %.1f ms CPU a page, incremental %.3f s, assign %.2f s (job %.2f s)\n",
          run, wire_s, pages->len, full_s, full_s / wire_s, page_ms, incr_s, assign_s, job_s);
  record (FIG_WIRE, wire_s);
  record (FIG_FULL, full_s);
  record (FIG_RATIO, full_s / wire_s);
  record (FIG_PAGE_CPU, page_ms);
  record (FIG_FETCH_CPU, full_cpu_s * 1000 / full->pages);
  record (FIG_INCREMENTAL, incr_s);
  record (FIG_INCREMENTAL_WIRE, incr_wire_s);
  record (FIG_INCREMENTAL_CPU, incr_cpu_s);
  record (FIG_ASSIGN, assign_s);
  record (FIG_ASSIGN_JOB, job_s);

  g_clear_object (&engine);
  g_clear_object (&store);
  sync_test_simulator_stop (&sim);
  /* The last run's store is kept for the device list's figures. */
  if (*store_dir != NULL)
    adept_test_cleanup_dir (*store_dir);
  g_free (*store_dir);
  *store_dir = g_steal_pointer (&dir);
}

static double
keystroke (AdeptDeviceList *list,
           const char      *text)
{
  double start = bench_now_s ();

  adept_device_list_set_search (list, text);
  return bench_now_s () - start;
}

static void
device_list (const char *dir)
{
  static const char * const typed[] = { "c", "c0", "c02", "ipad", "" };
  g_autoptr(AdeptStore) store = NULL;
  g_autoptr(AdeptDeviceList) list = NULL;
  g_autoptr(GError) error = NULL;
  double start, worst = 0;

  store = adept_store_open_in (dir, &error);
  if (store == NULL)
    g_error ("%s", error->message);
  start = bench_now_s ();
  list = adept_device_list_new (store, SERVER);
  if (!adept_device_list_refresh (list, &error))
    g_error ("%s", error->message);
  printf ("\nDevice list model (no window): %u rows loaded in %.0f ms; search",
          g_list_model_get_n_items (G_LIST_MODEL (list)), (bench_now_s () - start) * 1000);
  for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
    {
      double ms = keystroke (list, typed[i]) * 1000;

      worst = MAX (worst, ms);
      printf (" “%s” %.1f ms%s", typed[i], ms, i + 1 < G_N_ELEMENTS (typed) ? "," : "");
    }
  printf (" (slowest %.1f ms)\n", worst);
}

int
main (int    argc,
      char **argv)
{
  guint n_devices = argc > 1 ? (guint) atoi (argv[1]) : 100000;
  guint runs = argc > 2 ? (guint) atoi (argv[2]) : 3;
  g_autofree char *machine = bench_describe_machine ();
  g_autofree char *dir = NULL;

  for (guint f = 0; f < N_FIGS; f++)
    values[f] = g_array_new (FALSE, FALSE, sizeof (double));

  printf ("Sync benchmark: %u simulated devices, %u runs; %s\n\n", n_devices, runs, machine);
  for (guint run = 1; run <= runs; run++)
    one_run (run, n_devices, &dir);

  printf ("\n%-44s %22s  %-8s %s\n", "", "min/median/max", "target", "met");
  for (guint f = 0; f < N_FIGS; f++)
    {
      BenchStats stats = bench_stats (values[f]);
      g_autofree char *text = bench_stats_format (stats, figures[f].format);
      g_autofree char *cell = g_strdup_printf ("%s %s", text, figures[f].unit);

      if (figures[f].target > 0)
        printf ("%-44s %22s  ≤ %-6g %s\n", figures[f].name, cell, figures[f].target,
                stats.median <= figures[f].target ? "yes" : "no");
      else
        printf ("%-44s %22s\n", figures[f].name, cell);
    }
  g_free (machine);
  machine = bench_describe_machine ();
  printf ("(at the end: %s)\n", machine);

  device_list (dir);
  adept_test_cleanup_dir (dir);
  for (guint f = 0; f < N_FIGS; f++)
    g_array_unref (values[f]);
  return 0;
}
