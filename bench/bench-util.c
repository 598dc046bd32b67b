/* bench-util.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "bench-util.h"

double
bench_now_s (void)
{
  return g_get_monotonic_time () / 1e6;
}

double
bench_cpu_s (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

long
bench_peak_rss_mb (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024;
}

static gint64
io_field (const char *io,
          const char *name)
{
  const char *at = io != NULL ? strstr (io, name) : NULL;

  return at != NULL ? g_ascii_strtoll (at + strlen (name), NULL, 10) : 0;
}

BenchKernel
bench_kernel (void)
{
  g_autofree char *io = NULL;
  struct rusage usage;
  BenchKernel k;

  getrusage (RUSAGE_SELF, &usage);
  g_file_get_contents ("/proc/self/io", &io, NULL, NULL);
  k.user_s = usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6;
  k.sys_s = usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
  k.minor_faults = usage.ru_minflt;
  k.major_faults = usage.ru_majflt;
  k.syscalls_read = io_field (io, "syscr: ");
  k.syscalls_write = io_field (io, "syscw: ");
  k.read_mb = io_field (io, "rchar: ") / 1e6;
  k.written_mb = io_field (io, "wchar: ") / 1e6;
  return k;
}

char *
bench_kernel_describe (const BenchKernel *before,
                       const BenchKernel *after)
{
  return g_strdup_printf ("user %.3f s, system %.3f s, %ld reads (%.1f MB), %ld writes (%.1f MB),"
                          " %ld faults (%ld major)",
                          after->user_s - before->user_s, after->sys_s - before->sys_s,
                          after->syscalls_read - before->syscalls_read,
                          after->read_mb - before->read_mb,
                          after->syscalls_write - before->syscalls_write,
                          after->written_mb - before->written_mb,
                          (after->minor_faults - before->minor_faults) +
                          (after->major_faults - before->major_faults),
                          after->major_faults - before->major_faults);
}

int
bench_compare_doubles (gconstpointer a,
                       gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

BenchStats
bench_stats (GArray *values)
{
  g_autoptr(GArray) sorted = g_array_copy (values);
  BenchStats stats = { 0, };

  if (sorted->len == 0)
    return stats;
  g_array_sort (sorted, bench_compare_doubles);
  stats.min = g_array_index (sorted, double, 0);
  stats.max = g_array_index (sorted, double, sorted->len - 1);
  stats.median = sorted->len % 2
    ? g_array_index (sorted, double, sorted->len / 2)
    : (g_array_index (sorted, double, sorted->len / 2 - 1) +
       g_array_index (sorted, double, sorted->len / 2)) / 2;
  return stats;
}

char *
bench_stats_format (BenchStats  stats,
                    const char *format)
{
  g_autofree char *min = NULL, *median = NULL, *max = NULL;

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
  min = g_strdup_printf (format, stats.min);
  median = g_strdup_printf (format, stats.median);
  max = g_strdup_printf (format, stats.max);
#pragma GCC diagnostic pop
  return g_strdup_printf ("%s/%s/%s", min, median, max);
}

char *
bench_describe_machine (void)
{
  g_autofree char *cpuinfo = NULL;
  g_autofree char *loadavg = NULL;
  g_autofree char *model = NULL;
  g_auto(GStrv) fields = NULL;
  long cores = sysconf (_SC_NPROCESSORS_ONLN);
  double load = 0;
  const char *line;

  if (g_file_get_contents ("/proc/cpuinfo", &cpuinfo, NULL, NULL) &&
      (line = strstr (cpuinfo, "model name")) != NULL && (line = strchr (line, ':')) != NULL)
    model = g_strstrip (g_strndup (line + 1, strcspn (line + 1, "\n")));
  if (g_file_get_contents ("/proc/loadavg", &loadavg, NULL, NULL))
    fields = g_strsplit (loadavg, " ", 4);
  if (fields == NULL || g_strv_length (fields) < 3)
    return g_strdup_printf ("%s, %ld cores", model ? model : "unknown CPU", cores);
  load = g_ascii_strtod (fields[0], NULL);
  return g_strdup_printf ("%s, %ld cores, load average %s %s %s%s", model ? model : "unknown CPU",
                          cores, fields[0], fields[1], fields[2],
                          load > cores ? " (shared and busy)" : load > cores / 2.0 ? " (shared)" : "");
}

void
bench_print_figure (int                width,
                    const BenchFigure *figure,
                    GArray            *values)
{
  BenchStats stats = bench_stats (values);
  g_autofree char *text = bench_stats_format (stats, figure->format);
  g_autofree char *cell = g_strdup_printf ("%s %s", text, figure->unit);

  if (figure->target > 0)
    printf ("%-*s %22s  ≤ %-6g %s\n", width, figure->name, cell, figure->target,
            stats.median <= figure->target ? "yes" : "no");
  else
    printf ("%-*s %22s\n", width, figure->name, cell);
}
