/* bench-console.c — the console with 100,000 stored devices: start to first frame, one
 * search keystroke, memory (design.md §6)
 *
 * Once with the renderer GTK picks, three times with cairo (summarised min/median/max:
 * wall time, CPU time, RSS) and once with cairo and every column on. Beside each wall time
 * the main thread's CPU time, which a busy machine inflates far less. Under callgrind
 * (valgrind --tool=callgrind … bench-console --measure) each phase is dumped apart:
 * "first-frame", "every-device-read", then one dump per keystroke, in instructions;
 * with ADEPT_BENCH_FIRST_FRAME=1 it stops at the first frame (a few seconds under
 * callgrind instead of minutes).
 *
 * ADEPT_BENCH_MAPPINGS=1 adds what is resident of each mapped file after typing, largest
 * first (under Xvfb, GTK's X11 backend loads Mesa's software GL, LLVM included, even for
 * the cairo renderer).
 *
 * Run it under a display (`meson compile -C _build ./bench/bench-console:run` uses Xvfb). It stores
 * the devices in a child process first, then starts the console in a fresh process, so
 * the start is measured as an admin would see it: nothing warm but the page cache.
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <adwaita.h>
#if __has_include (<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#else
#define CALLGRIND_DUMP_STATS_AT(name) do { } while (0)
#endif

#include "adept-application.h"
#include "adept-store.h"
#include "adept-test-util.h"
#include "adept-devices-page-private.h"
#include "adept-window-private.h"
#include "bench-util.h"
#include "test-ui-devices-data.h"

#define N_DEVICES 100000
#define TARGET_START_MS  300.0
#define TARGET_SEARCH_MS 50.0
#define TARGET_RSS_MB    120.0
/* Runs with cairo and the default columns, summarised as min/median/max. */
#define RUNS 3

/* What the admin types, one keystroke at a time. */
static const char typed[] = "macbook air";

/* Memory */

static double
status_mb (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, field);
  if (line == NULL)
    return -1;
  return g_ascii_strtod (line + strlen (field) + 1, NULL) / 1024.0;   /* kB → MB */
}

static int
compare_rss (gconstpointer a,
             gconstpointer b,
             gpointer      table)
{
  return GPOINTER_TO_INT (g_hash_table_lookup (table, *(char **) b)) -
         GPOINTER_TO_INT (g_hash_table_lookup (table, *(char **) a));
}

/* ADEPT_BENCH_MAPPINGS=1: the resident part of each mapped file, largest first. */
static void
print_mappings (void)
{
  g_autofree char *smaps = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GHashTable) rss = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autofree char *name = g_strdup ("[anon]");
  GHashTableIter iter;
  gpointer key;

  if (!g_file_get_contents ("/proc/self/smaps", &smaps, NULL, NULL))
    return;
  lines = g_strsplit (smaps, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = lines[i];

      if (g_ascii_isxdigit (line[0]) && strchr (line, '-') != NULL && strchr (line, ' ') != NULL)
        {
          g_auto(GStrv) words = g_strsplit_set (line, " ", -1);
          guint n = g_strv_length (words);

          g_free (name);
          name = g_strdup (n >= 6 && *words[n - 1] ? words[n - 1] : "[anon]");
        }
      else if (g_str_has_prefix (line, "Rss:"))
        {
          int kb = atoi (line + 4);
          gpointer old = g_hash_table_lookup (rss, name);

          g_hash_table_insert (rss, g_strdup (name), GINT_TO_POINTER (GPOINTER_TO_INT (old) + kb));
        }
    }
  g_hash_table_iter_init (&iter, rss);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (names, key);
  g_ptr_array_sort_with_data (names, compare_rss, rss);
  for (guint i = 0; i < MIN (names->len, 25); i++)
    g_print ("    %6.1f MB  %s\n",
             GPOINTER_TO_INT (g_hash_table_lookup (rss, names->pdata[i])) / 1024.0,
             (char *) names->pdata[i]);
}

/* CPU milliseconds of the main thread: what a keystroke costs, whatever else the machine
 * runs (wall time on a loaded 2-core machine is several times longer). */
static double
thread_cpu_ms (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);
  return now.tv_sec * 1e3 + now.tv_nsec / 1e6;
}

/* Every column the Devices list has, for the pass with all of them on. */
static const char * const every_column[] = {
  "serial", "description", "status", "profile", "model", "family", "os", "color",
  "asset-tag", "assigned-date", "assigned-by", "migration", "replacement", "wifi-mac",
  "bluetooth-mac", "ethernet-mac", "imei", "eid", NULL
};

/* Seconds from exec to now, from /proc (clock ticks since boot). */
static double
seconds_since_exec (void)
{
  g_autofree char *stat = NULL;
  struct timespec now;
  unsigned long long start_ticks = 0;
  const char *after_name;

  if (!g_file_get_contents ("/proc/self/stat", &stat, NULL, NULL) ||
      (after_name = strrchr (stat, ')')) == NULL)
    return -1;
  /* Field 22 is starttime; fields 3… follow the command name. */
  if (sscanf (after_name + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d "
                              "%*d %*d %*d %*d %llu", &start_ticks) != 1)
    return -1;
  clock_gettime (CLOCK_BOOTTIME, &now);
  return now.tv_sec + now.tv_nsec / 1e9 - (double) start_ticks / sysconf (_SC_CLK_TCK);
}

/* Waiting on the main loop */

typedef struct {
  gint64            main_start;
  AdeptWindow      *window;
  AdeptDevicesPage *page;
  GdkFrameClock    *clock;
  gint64            last_paint;
  double            last_paint_cpu;   /* main thread CPU ms at last_paint */
  gint64            first_paint;
  guint             paints;
  guint             changes;
} Bench;

static void
on_items_changed (Bench *bench)
{
  bench->changes++;
}

static void
on_after_paint (GdkFrameClock *clock,
                Bench         *bench)
{
  bench->last_paint = g_get_monotonic_time ();
  bench->last_paint_cpu = thread_cpu_ms ();
  if (bench->paints++ == 0)
    bench->first_paint = bench->last_paint;
}

static void
on_realize (GtkWidget *window,
            Bench     *bench)
{
  bench->clock = gtk_widget_get_frame_clock (window);
  g_signal_connect (bench->clock, "after-paint", G_CALLBACK (on_after_paint), bench);
}

static void
wait_for_paint (Bench *bench,
                guint  after)
{
  while (bench->paints <= after)
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
search_applied (Bench      *bench,
                const char *text)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text ? text : ""));

  /* The list ignores spaces around the search. */
  return g_strcmp0 (adept_device_list_get_search (adept_devices_page_get_list (bench->page)),
                    *trimmed ? trimmed : NULL) == 0;
}

/* One keystroke: from the character reaching the entry (as typing inserts it; setting
 * the whole text would clear the entry first and filter twice) to the list filtered (the
 * model settled), and on to the frame that shows it. text "" is clearing the entry. */
static void
keystroke (Bench      *bench,
           const char *text,
           double     *settled_ms,
           double     *shown_ms,
           double     *cpu_ms)
{
  GtkEditable *entry = adept_devices_page_get_search_entry (bench->page);
  const char *before = gtk_editable_get_text (entry);
  guint paints = bench->paints;
  guint changes = bench->changes;
  gint64 start = g_get_monotonic_time ();
  double cpu_start = thread_cpu_ms ();
  int position = (int) strlen (before);

  if (*text == '\0')
    gtk_editable_delete_text (entry, 0, -1);
  else
    gtk_editable_insert_text (entry, text + position, -1, &position);
  while (!search_applied (bench, *text ? text : NULL))
    g_main_context_iteration (NULL, TRUE);
  *settled_ms = (g_get_monotonic_time () - start) / 1000.0;
  /* A keystroke that leaves the same devices changes nothing on screen. */
  if (bench->changes == changes)
    {
      *shown_ms = *settled_ms;
      *cpu_ms = thread_cpu_ms () - cpu_start;
      return;
    }
  wait_for_paint (bench, paints);
  *shown_ms = (bench->last_paint - start) / 1000.0;
  *cpu_ms = bench->last_paint_cpu - cpu_start;
}

/* The figures of one run, written for the parent to summarise (ADEPT_BENCH_RESULTS). */
static void
save_results (double start_ms,
              double start_cpu_ms,
              double loaded_ms,
              double worst_shown_ms,
              double worst_cpu_ms,
              double rss_mb)
{
  const char *path = g_getenv ("ADEPT_BENCH_RESULTS");
  g_autofree char *line = NULL;
  FILE *file;

  if (path == NULL || (file = fopen (path, "a")) == NULL)
    return;
  line = g_strdup_printf ("%.1f %.1f %.1f %.1f %.1f %.1f\n", start_ms, start_cpu_ms, loaded_ms,
                          worst_shown_ms, worst_cpu_ms, rss_mb);
  fputs (line, file);
  fclose (file);
}

static void
show_window (Bench *bench)
{
  bench->page = adept_window_get_devices_page (bench->window);
  /* The store holds the devices; no keyring is involved, so say linked. */
  adept_devices_page_set_linked (bench->page, TRUE);
  adept_window_show_page (bench->window, "devices");
  gtk_window_set_default_size (GTK_WINDOW (bench->window), 1280, 800);
  g_signal_connect (bench->window, "realize", G_CALLBACK (on_realize), bench);
  gtk_window_present (GTK_WINDOW (bench->window));
}

static int
quit (AdeptApplication *app,
      Bench            *bench)
{
  gtk_window_destroy (GTK_WINDOW (bench->window));
  /* Closes the store as quitting the console does (g_application_run() ends so): else the
   * next run would find it not closed cleanly and check the whole file first. */
  g_signal_emit_by_name (app, "shutdown");
  while (g_main_context_iteration (NULL, FALSE))
    ;
  return 0;
}

static int
measure (gint64 main_start)
{
  g_autoptr(AdeptApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) settled = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) shown = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) cpu = g_array_new (FALSE, FALSE, sizeof (double));
  Bench bench = { main_start, };
  double start_ms, start_cpu_ms, exec_ms, loaded_ms, rss_start, anon_start, rss_now;
  double settled_ms, shown_ms, cpu_ms;
  gint64 t_init, t_app, t_window;
  gboolean all_columns = g_getenv ("ADEPT_BENCH_ALL_COLUMNS") != NULL;
  AdeptDeviceList *list;
  guint n_items;

  /* As main() does. */
  adept_application_prepare_display ();
  gtk_init ();
  adept_application_display_opened ();
  adw_init ();
  t_init = g_get_monotonic_time ();
  app = adept_application_new_for_test (APP_ID ".Bench", FALSE, 0);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("Could not start the application: %s", error->message);
  t_app = g_get_monotonic_time ();
  if (all_columns)
    {
      g_autoptr(GSettings) settings = g_settings_new (APP_ID);

      g_settings_set_strv (settings, "device-columns", every_column);
    }

  bench.window = adept_window_new (app);
  t_window = g_get_monotonic_time ();
  show_window (&bench);
  wait_for_paint (&bench, 0);

  /* Under callgrind (--collect-atstart=yes), one dump per phase: instruction counts,
   * steady on a busy machine. */
  CALLGRIND_DUMP_STATS_AT ("first-frame");
  if (g_getenv ("ADEPT_BENCH_FIRST_FRAME") != NULL)
    return quit (app, &bench);
  start_ms = (bench.last_paint - main_start) / 1000.0;
  start_cpu_ms = bench_cpu_s () * 1000.0;
  exec_ms = seconds_since_exec () * 1000.0 - (g_get_monotonic_time () - bench.last_paint) / 1000.0;
  rss_start = status_mb ("VmRSS:");
  anon_start = status_mb ("RssAnon:");
  list = adept_devices_page_get_list (bench.page);
  n_items = g_list_model_get_n_items (G_LIST_MODEL (list));
  /* The first frame shows the first screen of devices; the rest may still be read. */
  if (n_items == 0 || !g_str_equal (adept_devices_page_get_state (bench.page), "devices"))
    g_error ("The first frame shows no device (%s)", adept_devices_page_get_state (bench.page));
  while (adept_device_list_get_n_total (list) < N_DEVICES)
    g_main_context_iteration (NULL, TRUE);
  loaded_ms = (g_get_monotonic_time () - main_start) / 1000.0;
  if (g_list_model_get_n_items (G_LIST_MODEL (list)) != N_DEVICES)
    g_error ("The list does not show the %u devices (%u)", N_DEVICES,
             g_list_model_get_n_items (G_LIST_MODEL (list)));

  g_signal_connect_swapped (list, "items-changed", G_CALLBACK (on_items_changed), &bench);
  /* Let the first frames settle before typing. */
  wait_for_paint (&bench, bench.paints + 2);
  CALLGRIND_DUMP_STATS_AT ("every-device-read");
  for (gsize i = 1; i <= strlen (typed) + 1; i++)
    {
      gboolean clear = i > strlen (typed);
      g_autofree char *text = clear ? g_strdup ("") : g_strndup (typed, i);

      keystroke (&bench, text, &settled_ms, &shown_ms, &cpu_ms);
      CALLGRIND_DUMP_STATS_AT (clear ? "clear" : text);
      g_array_append_val (settled, settled_ms);
      g_array_append_val (shown, shown_ms);
      g_array_append_val (cpu, cpu_ms);
      g_print ("  %-10s %-12s %7.1f ms to filter, %7.1f ms to the frame, %6.1f ms CPU (%u devices)\n",
               clear ? "clear" : "keystroke", text, settled_ms, shown_ms, cpu_ms,
               g_list_model_get_n_items (G_LIST_MODEL (list)));
    }

  g_array_sort (settled, bench_compare_doubles);
  g_array_sort (shown, bench_compare_doubles);
  g_array_sort (cpu, bench_compare_doubles);
  rss_now = status_mb ("VmRSS:");

  g_print ("\nConsole with %d stored devices, %s, %s (design.md §6 targets in brackets)\n",
           N_DEVICES, G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (bench.window))),
           all_columns ? "every column on" : "the default columns");
  g_print ("  start to first frame:   %7.1f ms from main, %7.1f ms from exec, %.1f ms CPU   [≤ %.0f ms]\n",
           start_ms, exec_ms, start_cpu_ms, TARGET_START_MS);
  g_print ("    of which GTK and libadwaita %.1f ms, application %.1f ms, window %.1f ms,"
           " first layout and paint %.1f ms; every device read at %.1f ms\n",
           (t_init - main_start) / 1000.0, (t_app - t_init) / 1000.0,
           (t_window - t_app) / 1000.0, (bench.first_paint - t_window) / 1000.0, loaded_ms);
  g_print ("  search keystroke:       %7.1f ms median, %7.1f ms worst to filter;"
           " %.1f ms median, %.1f ms worst to the frame; %.1f ms worst CPU   [≤ %.0f ms]\n",
           g_array_index (settled, double, settled->len / 2),
           g_array_index (settled, double, settled->len - 1),
           g_array_index (shown, double, shown->len / 2),
           g_array_index (shown, double, shown->len - 1),
           g_array_index (cpu, double, cpu->len - 1), TARGET_SEARCH_MS);
  g_print ("  memory:                 %7.1f MB RSS at the first frame, %.1f MB now,"
           " %.1f MB peak   [≤ %.0f MB]\n",
           rss_start, rss_now, status_mb ("VmHWM:"), TARGET_RSS_MB);
  g_print ("    of which private (RssAnon) %.1f MB at the first frame, %.1f MB now;"
           " the rest is mapped libraries and files\n\n",
           anon_start, status_mb ("RssAnon:"));
  save_results (start_ms, start_cpu_ms, loaded_ms, g_array_index (shown, double, shown->len - 1),
                g_array_index (cpu, double, cpu->len - 1), rss_now);

  if (g_getenv ("ADEPT_BENCH_MAPPINGS") != NULL)
    print_mappings ();
  return quit (app, &bench);
}

static int
fill (void)
{
  g_autoptr(AdeptStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  store = adept_store_open (&error);
  if (store == NULL || !adept_test_devices_fill (store, ADEPT_TEST_SERVER, N_DEVICES, &error))
    {
      g_printerr ("Could not store the devices: %s\n", error->message);
      return 1;
    }
  g_print ("Stored %d devices in %s (%.1f s)\n", N_DEVICES, adept_store_get_path (store),
           (g_get_monotonic_time () - start) / 1e6);
  return 0;
}

/* The cairo runs' figures: min/median/max of each. */
static void
print_summary (const char *path)
{
  static const char * const names[] = {
    "start to first frame, ms", "main thread and workers' CPU to the first frame, ms",
    "every device read, ms", "worst keystroke to the frame, ms",
    "worst keystroke, main thread CPU ms", "RSS after typing, MB",
  };
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GPtrArray) columns = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autofree char *machine = bench_describe_machine ();

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return;
  for (guint c = 0; c < G_N_ELEMENTS (names); c++)
    g_ptr_array_add (columns, g_array_new (FALSE, FALSE, sizeof (double)));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) values = g_strsplit (lines[i], " ", -1);

      if (g_strv_length (values) != G_N_ELEMENTS (names))
        continue;
      for (guint c = 0; c < G_N_ELEMENTS (names); c++)
        {
          double value = g_ascii_strtod (values[c], NULL);

          g_array_append_val (g_ptr_array_index (columns, c), value);
        }
    }
  g_print ("Cairo, default columns, %u runs (min/median/max) on %s:\n",
           ((GArray *) g_ptr_array_index (columns, 0))->len, machine);
  for (guint c = 0; c < G_N_ELEMENTS (names); c++)
    {
      g_autofree char *stats = bench_stats_format (bench_stats (g_ptr_array_index (columns, c)), "%.1f");

      g_print ("  %-52s %s\n", names[c], stats);
    }
  g_print ("\n");
}

/* Runs this program again with a mode, in the private folders. */
static gboolean
run_child (const char  *self,
           const char  *mode,
           char       **envp)
{
  const char *argv[] = { self, mode, NULL };
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_CHILD_INHERITS_STDIN, NULL, NULL,
                     NULL, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    {
      g_printerr ("%s %s failed: %s\n", self, mode, error->message);
      return FALSE;
    }
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  gint64 main_start = g_get_monotonic_time ();
  g_autofree char *dir = NULL;
  g_autofree char *data = NULL;
  g_autofree char *config = NULL;
  g_autofree char *cache = NULL;
  g_autofree char *results = NULL;
  g_auto(GStrv) envp = NULL;
  gboolean ok;

  if (argc > 1 && g_str_equal (argv[1], "--fill"))
    return fill ();
  if (argc > 1 && g_str_equal (argv[1], "--measure"))
    return measure (main_start);

  dir = g_dir_make_tmp ("adept-bench-console-XXXXXX", NULL);
  g_assert (dir != NULL);
  data = g_build_filename (dir, "data", NULL);
  config = g_build_filename (dir, "config", NULL);
  cache = g_build_filename (dir, "cache", NULL);
  results = g_build_filename (dir, "results", NULL);
  envp = g_get_environ ();
  envp = g_environ_setenv (envp, "XDG_DATA_HOME", data, TRUE);
  envp = g_environ_setenv (envp, "XDG_CONFIG_HOME", config, TRUE);
  envp = g_environ_setenv (envp, "XDG_CACHE_HOME", cache, TRUE);
  envp = g_environ_setenv (envp, "GSETTINGS_BACKEND", "memory", TRUE);
  envp = g_environ_setenv (envp, "GSETTINGS_SCHEMA_DIR", BENCH_SCHEMA_DIR, FALSE);
  envp = g_environ_setenv (envp, "GTK_A11Y", "none", FALSE);
  envp = g_environ_setenv (envp, "NO_AT_BRIDGE", "1", FALSE);

  /* With the renderer GTK picks here, then with cairo (the design's targets are for
   * cairo: under Xvfb "GL" is Mesa's llvmpipe, which costs time and memory a desktop's GPU
   * driver does not), RUNS times with the default columns and once with every column. */
  ok = run_child (argv[0], "--fill", envp) && run_child (argv[0], "--measure", envp);
  envp = g_environ_setenv (envp, "GSK_RENDERER", "cairo", TRUE);
  envp = g_environ_setenv (envp, "ADEPT_BENCH_RESULTS", results, TRUE);
  for (guint i = 0; ok && i < RUNS; i++)
    ok = run_child (argv[0], "--measure", envp);
  if (ok)
    print_summary (results);
  envp = g_environ_unsetenv (envp, "ADEPT_BENCH_RESULTS");
  envp = g_environ_setenv (envp, "ADEPT_BENCH_ALL_COLUMNS", "1", TRUE);
  ok = ok && run_child (argv[0], "--measure", envp);

  adept_test_cleanup_dir (dir);
  return ok ? 0 : 1;
}
