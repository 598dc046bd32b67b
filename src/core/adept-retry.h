/* adept-retry.h — when to try an HTTP request again: the policy both API clients share
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* At most max_retries more attempts, waiting base_delay_ms × 2^n with jitter (or the
 * server's Retry-After), never past max_total_ms from the first attempt. */
typedef struct {
  guint max_retries;
  guint base_delay_ms;
  guint max_total_ms;
} AdeptRetryPolicy;

#define ADEPT_RETRY_DEFAULT_MAX_RETRIES   4
#define ADEPT_RETRY_DEFAULT_BASE_DELAY_MS 1000
#define ADEPT_RETRY_DEFAULT_MAX_TOTAL_MS  60000

/* TRUE and the wait before the next attempt when the policy allows one. retries: attempts
 * retried so far; started: g_get_monotonic_time() of the first; retry_after: seconds the
 * server asked for, -1 for none. */
gboolean adept_retry_next_delay     (const AdeptRetryPolicy *policy,
                                     guint                   retries,
                                     gint64                  started,
                                     gint64                  retry_after,
                                     guint                  *delay_ms);
/* FALSE when the error shows the request never left (refused, unreachable, no name):
 * such a request can be sent again even if it is not idempotent. */
gboolean adept_retry_reached_server (const GError           *error);

/* The wait before the next attempt: over runs once, after the delay or as soon as the
 * cancellable is cancelled, in the given context; then notify frees data. */
typedef void (*AdeptRetryWaitFunc) (gpointer data);

typedef struct {
  GSource            *timeout;
  GSource            *cancelled;
  AdeptRetryWaitFunc  over;
  gpointer            data;
  GDestroyNotify      notify;
} AdeptRetryWait;

void     adept_retry_wait_start     (AdeptRetryWait         *wait,
                                     guint                   delay_ms,
                                     GCancellable           *cancellable,
                                     GMainContext           *context,
                                     AdeptRetryWaitFunc      over,
                                     gpointer                data,
                                     GDestroyNotify          notify);
/* Ends a wait without running over (notify still frees data). */
void     adept_retry_wait_clear     (AdeptRetryWait         *wait);

G_END_DECLS
