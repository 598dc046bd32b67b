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
#include <unistd.h>

#include "adept-device-list.h"
#include "adept-page-parser.h"
#include "adept-test-util.h"
#include "bench-assign-util.h"
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

static const BenchFigure figures[N_FIGS] = {
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

/* CPU seconds of each thread of this process: its name, then user and system time. */
typedef struct {
  char   name[32];
  double user;
  double sys;
} ThreadCpu;

static GHashTable *
threads_cpu (void)
{
  GHashTable *threads = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/task", 0, NULL);
  const char *tid;
  double tick = sysconf (_SC_CLK_TCK);

  while (dir != NULL && (tid = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_strdup_printf ("/proc/self/task/%s/stat", tid);
      g_autofree char *stat = NULL;
      const char *open, *close;
      ThreadCpu *t;
      unsigned long user, sys;

      if (!g_file_get_contents (path, &stat, NULL, NULL) ||
          (open = strchr (stat, '(')) == NULL || (close = strrchr (stat, ')')) == NULL ||
          sscanf (close + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &user, &sys) != 2)
        continue;
      t = g_new0 (ThreadCpu, 1);
      g_strlcpy (t->name, open + 1, MIN (sizeof t->name, (gsize) (close - open)));
      t->user = user / tick;
      t->sys = sys / tick;
      g_hash_table_insert (threads, GINT_TO_POINTER (atoi (tid)), t);
    }
  return threads;
}

/* What each kind of thread (its name, without a pool's number) spent since `before`. */
static char *
describe_threads_cpu (GHashTable *before,
                      guint       pages)
{
  g_autoptr(GHashTable) after = threads_cpu ();
  g_autoptr(GHashTable) kinds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GString *text = g_string_new (NULL);
  GHashTableIter iter;
  gpointer tid, value;

  g_hash_table_iter_init (&iter, after);
  while (g_hash_table_iter_next (&iter, &tid, &value))
    {
      ThreadCpu *now = value, *then = g_hash_table_lookup (before, tid), *kind;
      g_autofree char *name = g_strdup (now->name);
      char *dash = strchr (name, '-');

      if (g_str_has_prefix (name, "pool-") && dash != NULL)
        *dash = '\0';
      if (GPOINTER_TO_INT (tid) == getpid ())
        g_strlcpy (name, "main", strlen (name) + 1);
      kind = g_hash_table_lookup (kinds, name);
      if (kind == NULL)
        {
          kind = g_new0 (ThreadCpu, 1);
          g_hash_table_insert (kinds, g_strdup (name), kind);
        }
      kind->user += now->user - (then ? then->user : 0);
      kind->sys += now->sys - (then ? then->sys : 0);
    }
  g_hash_table_iter_init (&iter, kinds);
  while (g_hash_table_iter_next (&iter, &tid, &value))
    {
      ThreadCpu *kind = value;

      if (kind->user + kind->sys > 0)
        g_string_append_printf (text, "%s%s %.1f (system %.1f)", text->len ? ", " : "",
                                (char *) tid, (kind->user + kind->sys) * 1000 / pages,
                                kind->sys * 1000 / pages);
    }
  return g_string_free (text, FALSE);
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
  g_autofree char *by_thread = NULL;
  g_autoptr(GHashTable) threads_before = NULL;
  SyncTestSimulator sim = { 0, };
  double written;
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
  threads_before = threads_cpu ();
  /* Bytes handed to write(2) and friends: the WAL, the checkpoints. */
  written = bench_kernel ().written_mb;
  full = timed_sync (engine, &full_s, &full_cpu_s);
  written = bench_kernel ().written_mb - written;
  by_thread = describe_threads_cpu (threads_before, full->pages);
  if (full->added != n_devices)
    g_error ("the full fetch added %u devices, not %u", full->added, n_devices);
  page_ms = page_cpu_ms (pages);

  serials = bench_server_serials (store, SERVER);
  bench_change_devices (&sim, serials, 0, 1000);
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
  start = bench_now_s ();
  assigned = bench_assign_all (client, store, SERVER, profile, serials, NULL, NULL);
  assign_s = bench_now_s () - start;
  if (assigned != serials->len)
    g_error ("%u of %u devices assigned", assigned, serials->len);
  bench_forget_attempts (store);
  start = bench_now_s ();
  assigned = bench_assign_all_job (client, store, SERVER, profile, serials);
  job_s = bench_now_s () - start;
  if (assigned != serials->len)
    g_error ("%u of %u devices assigned through the job", assigned, serials->len);

  printf ("Run %u: wire floor %.2f s (%u requests), full fetch %.2f s = %.1f× the floor, "
          "parse + store %.1f ms CPU a page, incremental %.3f s, assign %.2f s (job %.2f s)\n",
          run, wire_s, pages->len, full_s, full_s / wire_s, page_ms, incr_s, assign_s, job_s);
  printf ("  full fetch, CPU ms a page by thread: %s; %.0f MB written\n", by_thread, written);
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
  printf ("\nDevice list model (no window): %u rows loaded in %.0f ms",
          g_list_model_get_n_items (G_LIST_MODEL (list)), (bench_now_s () - start) * 1000);
  /* The console's main loop runs between a refresh and the first keystroke: the list
   * builds its search text then, at idle. */
  start = bench_now_s ();
  while (g_main_context_iteration (NULL, FALSE))
    ;
  printf (", its search text at idle in %.0f ms; search", (bench_now_s () - start) * 1000);
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
    bench_print_figure (44, &figures[f], values[f]);
  g_free (machine);
  machine = bench_describe_machine ();
  printf ("(at the end: %s)\n", machine);

  device_list (dir);
  adept_test_cleanup_dir (dir);
  for (guint f = 0; f < N_FIGS; f++)
    g_array_unref (values[f]);
  return 0;
}
