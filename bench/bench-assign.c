/* bench-assign.c — an incremental sync's fixed costs and the assign path, repeated on one
 * store
 *
 *   bench-assign [N_DEVICES] [RUNS] [all|incremental|assign]
 *
 * One full fetch of N_DEVICES (default 100,000) from the simulator program makes the
 * store; then RUNS times (default 5): 1,000 devices changed at the simulator and an
 * incremental sync, then a profile assigned to every device in batches of 1,000 with
 * each answer stored per device — the same two figures as bench-sync, without a full
 * fetch per run, so they can be repeated and profiled (the third argument leaves out the
 * assign runs, "incremental", or the incremental ones, "assign"):
 *
 *   BENCH_INSTRUMENT=incremental valgrind --tool=callgrind --instr-atstart=no bench-assign 100000 2
 *   BENCH_INSTRUMENT=assign valgrind --tool=callgrind --instr-atstart=no bench-assign 100000 2
 *   (and BENCH_INSTRUMENT=job for the AdeptBatchJob figure)
 *
 * (the instructions of every thread while the named part runs; without valgrind's header
 * at build time, run with --toggle-collect=bench_assign_all instead, which misses the
 * sync's writer thread).
 *
 * Each figure is split into its parts: for the incremental sync, the wait for the answer
 * and the CPU time in this process; for assign, the requests (sent and answered, not
 * stored) and the storing of the answers; then the same assignment through AdeptBatchJob,
 * the console's and adeptctl's way, which sends the next request while it stores an answer.
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>


#include "adept-test-util.h"
#include "bench-assign-util.h"
#include "bench-pages.h"
#include "bench-util.h"
#include "sync-test-util.h"

#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#else
#define CALLGRIND_START_INSTRUMENTATION
#define CALLGRIND_STOP_INSTRUMENTATION
#endif

#define SERVER "default"

static void
instrument (const char *part,
            gboolean    on)
{
  if (g_strcmp0 (g_getenv ("BENCH_INSTRUMENT"), part) != 0)
    return;
  if (on)
    CALLGRIND_START_INSTRUMENTATION;
  else
    CALLGRIND_STOP_INSTRUMENTATION;
}

typedef enum {
  FIG_INCREMENTAL,
  FIG_INCREMENTAL_WIRE,
  FIG_INCREMENTAL_CPU,
  FIG_ASSIGN,
  FIG_ASSIGN_REQUESTS,
  FIG_ASSIGN_STORE,
  FIG_ASSIGN_CPU,
  FIG_ASSIGN_SIM_CPU,
  FIG_ASSIGN_JOB,
  N_FIGS
} Figure;

static const BenchFigure figures[N_FIGS] = {
  [FIG_INCREMENTAL] = { "Incremental sync of 1,000 changes", "%.3f", "s", 0.03 },
  [FIG_INCREMENTAL_WIRE] = { "  its wire floor (the same answer, not parsed)", "%.3f", "s", 0 },
  [FIG_INCREMENTAL_CPU] = { "  its CPU time in this process", "%.3f", "s", 0 },
  [FIG_ASSIGN] = { "Assign a profile to every device", "%.3f", "s", 0.5 },
  [FIG_ASSIGN_REQUESTS] = { "  of which requests and answers", "%.3f", "s", 0 },
  [FIG_ASSIGN_STORE] = { "  of which storing the answers", "%.3f", "s", 0 },
  [FIG_ASSIGN_CPU] = { "  CPU time in this process", "%.3f", "s", 0 },
  [FIG_ASSIGN_SIM_CPU] = { "  CPU time of the simulator", "%.3f", "s", 0 },
  [FIG_ASSIGN_JOB] = { "The same through AdeptBatchJob (the console's)", "%.3f", "s", 0.5 },
};

static GArray *values[N_FIGS];

static void
record (Figure figure,
        double value)
{
  g_array_append_val (values[figure], value);
}

/* User and system time of another process of ours, from /proc. */
static double
process_cpu_s (GSubprocess *process)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/stat", g_subprocess_get_identifier (process));
  g_autofree char *stat = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after_name;

  if (!g_file_get_contents (path, &stat, NULL, NULL) || (after_name = strrchr (stat, ')')) == NULL)
    return 0;
  /* Fields 14 and 15 of stat(5), counted after the command name (field 2). */
  fields = g_strsplit (after_name + 2, " ", 16);
  if (g_strv_length (fields) < 14)
    return 0;
  return (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL)) /
         sysconf (_SC_CLK_TCK);
}

/* Not inlined: callgrind's --toggle-collect may name it. */
G_GNUC_NO_INLINE static AdeptJournalEntry *
measured_incremental (AdeptSyncEngine *engine)
{
  g_autoptr(GError) error = NULL;
  AdeptJournalEntry *entry = sync_test_run (engine, ADEPT_SYNC_FLAGS_NONE, &error);

  if (entry == NULL)
    g_error ("sync failed: %s", error->message);
  return entry;
}

static void
incremental_run (guint              run,
                 SyncTestSimulator *sim,
                 AdeptDepClient    *client,
                 AdeptStore        *store,
                 AdeptSyncEngine   *engine,
                 GPtrArray         *serials)
{
  g_autoptr(AdeptJournalEntry) incremental = NULL;
  g_autofree char *cursor = NULL;
  g_autoptr(GError) error = NULL;
  AdeptSyncPhase phase;
  double start, cpu, incr_s, incr_cpu_s, wire_s;
  g_autofree char *kernel = NULL;
  BenchKernel before, after;

  bench_change_devices (sim, serials, run, 1000);
  if (!adept_store_get_cursor (store, SERVER, &cursor, &phase, NULL, &error))
    g_error ("%s", error->message);
  start = bench_now_s ();
  g_bytes_unref (bench_fetch_raw (client, "/devices/sync", cursor));
  wire_s = bench_now_s () - start;

  start = bench_now_s ();
  cpu = bench_cpu_s ();
  before = bench_kernel ();
  instrument ("incremental", TRUE);
  incremental = measured_incremental (engine);
  instrument ("incremental", FALSE);
  after = bench_kernel ();
  incr_s = bench_now_s () - start;
  incr_cpu_s = bench_cpu_s () - cpu;
  kernel = bench_kernel_describe (&before, &after);
  if (incremental->modified != 1000)
    g_error ("the incremental sync modified %u devices, not 1000", incremental->modified);

  printf ("Run %u: incremental %.3f s (wire %.3f s, CPU %.3f s)\n", run, incr_s, wire_s, incr_cpu_s);
  printf ("       %s\n", kernel);
  record (FIG_INCREMENTAL, incr_s);
  record (FIG_INCREMENTAL_WIRE, wire_s);
  record (FIG_INCREMENTAL_CPU, incr_cpu_s);
}

/* Each run assigns to a store without attempts, as bench-sync's single assign does. */
static void
assign_run (guint              run,
            SyncTestSimulator *sim,
            AdeptDepClient    *client,
            AdeptStore     *store,
            GPtrArray      *serials,
            const char     *profile)
{
  double start, cpu, sim_cpu, requests_s = 0, store_s = 0, assign_s, job_s;

  bench_forget_attempts (store);
  start = bench_now_s ();
  cpu = bench_cpu_s ();
  sim_cpu = process_cpu_s (sim->process);
  instrument ("assign", TRUE);
  if (bench_assign_all (client, store, SERVER, profile, serials, &requests_s, &store_s) != serials->len)
    g_error ("not every device assigned");
  instrument ("assign", FALSE);
  assign_s = bench_now_s () - start;
  cpu = bench_cpu_s () - cpu;
  sim_cpu = process_cpu_s (sim->process) - sim_cpu;

  printf ("Run %u: assign %.3f s (requests %.3f s, storing %.3f s; CPU %.3f s here, %.3f s "
          "in the simulator)\n", run, assign_s, requests_s, store_s, cpu, sim_cpu);
  record (FIG_ASSIGN_CPU, cpu);
  record (FIG_ASSIGN_SIM_CPU, sim_cpu);

  bench_forget_attempts (store);
  start = bench_now_s ();
  instrument ("job", TRUE);
  if (bench_assign_all_job (client, store, SERVER, profile, serials) != serials->len)
    g_error ("not every device assigned through the job");
  instrument ("job", FALSE);
  job_s = bench_now_s () - start;
  printf ("       through AdeptBatchJob %.3f s\n", job_s);
  record (FIG_ASSIGN_JOB, job_s);
  record (FIG_ASSIGN, assign_s);
  record (FIG_ASSIGN_REQUESTS, requests_s);
  record (FIG_ASSIGN_STORE, store_s);
}

int
main (int    argc,
      char **argv)
{
  guint n_devices = argc > 1 ? (guint) atoi (argv[1]) : 100000;
  guint runs = argc > 2 ? (guint) atoi (argv[2]) : 5;
  const char *parts = argc > 3 ? argv[3] : "all";
  gboolean incremental = g_strcmp0 (parts, "assign") != 0;
  gboolean assign = g_strcmp0 (parts, "incremental") != 0;
  g_autofree char *machine = bench_describe_machine ();
  g_autofree char *dir = adept_test_make_tmpdir ();
  g_autofree char *n = g_strdup_printf ("%u", n_devices);
  const char * const args[] = { "--devices", n, "--seed", "1", "--session-idle", "3600", NULL };
  const char *program = g_getenv ("ADEPT_DEPSIM") ? g_getenv ("ADEPT_DEPSIM") : ADEPT_DEPSIM_PATH;
  g_autoptr(AdeptDepClient) client = NULL;
  g_autoptr(AdeptStore) store = NULL;
  g_autoptr(AdeptSyncEngine) engine = NULL;
  g_autoptr(GPtrArray) serials = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *profile = NULL;
  SyncTestSimulator sim = { 0, };

  for (guint f = 0; f < N_FIGS; f++)
    values[f] = g_array_new (FALSE, FALSE, sizeof (double));

  printf ("Incremental sync and assign: %u simulated devices, %u runs on one store; %s\n\n",
          n_devices, runs, machine);
  sync_test_simulator_start (&sim, program, args);
  client = sync_test_client_new (sim.base, sim.credentials);
  store = adept_store_open_in (dir, &error);
  if (store == NULL)
    g_error ("%s", error->message);
  engine = adept_sync_engine_new (store, client, SERVER);
  {
    g_autoptr(AdeptJournalEntry) full = sync_test_run (engine, ADEPT_SYNC_FLAGS_NONE, &error);

    if (full == NULL || full->added != n_devices)
      g_error ("the full fetch failed");
  }
  serials = bench_server_serials (store, SERVER);
  profile = sync_test_define_profile (client, "Bench");

  /* Syncs first: an assignment changes every device at the server. */
  for (guint run = 1; incremental && run <= runs; run++)
    incremental_run (run, &sim, client, store, engine, serials);
  for (guint run = 1; assign && run <= runs; run++)
    assign_run (run, &sim, client, store, serials, profile);

  printf ("\n%-48s %22s  %-8s %s\n", "", "min/median/max", "target", "met");
  for (guint f = 0; f < N_FIGS; f++)
    if (values[f]->len > 0)
      bench_print_figure (48, &figures[f], values[f]);
  g_free (machine);
  machine = bench_describe_machine ();
  printf ("(at the end: %s)\n", machine);

  g_clear_object (&engine);
  g_clear_object (&store);
  sync_test_simulator_stop (&sim);
  adept_test_cleanup_dir (dir);
  for (guint f = 0; f < N_FIGS; f++)
    g_array_unref (values[f]);
  return 0;
}
