/* bench-util.h — clocks, memory and ordering the benchmarks share
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Monotonic wall time in seconds. */
double bench_now_s           (void);
/* CPU seconds of this process (all threads): steadier than wall time on a busy machine. */
double bench_cpu_s           (void);
long   bench_peak_rss_mb     (void);

/* What this process asked of the kernel so far: CPU split into user and system time, page
 * faults, and read/write system calls (/proc/self/io). */
typedef struct {
  double user_s;
  double sys_s;
  long   minor_faults;
  long   major_faults;
  long   syscalls_read;
  long   syscalls_write;
  double read_mb;
  double written_mb;
} BenchKernel;

BenchKernel bench_kernel      (void);
/* "user 0.021 s, system 0.012 s, 2410 reads (9.9 MB), 3120 writes (6.4 MB), 80 faults":
 * what happened between before and after. */
char       *bench_kernel_describe (const BenchKernel *before,
                                   const BenchKernel *after);
/* "AMD EPYC, 2 cores, load average 3.1 2.9 3.0 (busy)": the machine a run measured. */
char  *bench_describe_machine (void);
/* For qsort and g_array_sort of doubles. */
int    bench_compare_doubles (gconstpointer a,
                              gconstpointer b);

/* Several runs of one figure. */
typedef struct {
  double min;
  double median;
  double max;
} BenchStats;

/* Of an array of doubles (sorts a copy). */
BenchStats bench_stats        (GArray       *values);
/* "min/median/max" with the format of one value ("%.2f"). */
char      *bench_stats_format (BenchStats    stats,
                               const char   *format);

/* What a benchmark measures several times. */
typedef struct {
  const char *name;
  const char *format;    /* of one value: "%.2f" */
  const char *unit;
  double      target;    /* 0: none, printed for comparison */
} BenchFigure;

/* One row of a benchmark's summary: the name, min/median/max of the values with the unit,
 * and against the target whether the median meets it. width: the name column's. */
void       bench_print_figure (int                width,
                               const BenchFigure *figure,
                               GArray            *values);

G_END_DECLS
