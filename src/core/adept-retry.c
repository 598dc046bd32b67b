/* adept-retry.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-retry"

#include "config.h"

#include <gio/gio.h>

#include "adept-retry.h"

#define MAX_SINGLE_DELAY_MS 30000

static guint
backoff_delay_ms (const AdeptRetryPolicy *policy,
                  guint                   retries)
{
  guint64 delay = (guint64) policy->base_delay_ms << MIN (retries, 16);

  delay = MIN (delay, MAX_SINGLE_DELAY_MS);
  /* Jitter keeps many clients that failed together from returning together. */
  return (guint) (delay / 2 + g_random_int_range (0, (gint32) (delay / 2) + 1));
}

gboolean
adept_retry_next_delay (const AdeptRetryPolicy *policy,
                        guint                   retries,
                        gint64                  started,
                        gint64                  retry_after,
                        guint                  *delay_ms)
{
  gint64 elapsed_ms = (g_get_monotonic_time () - started) / 1000;
  guint64 delay;

  if (retries >= policy->max_retries)
    return FALSE;
  delay = retry_after >= 0 ? (guint64) retry_after * 1000 : backoff_delay_ms (policy, retries);
  if (elapsed_ms + (gint64) delay > policy->max_total_ms)
    return FALSE;
  *delay_ms = (guint) delay;
  return TRUE;
}

gboolean
adept_retry_reached_server (const GError *error)
{
  return !(g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED) ||
           g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE) ||
           g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE) ||
           error->domain == G_RESOLVER_ERROR);
}
