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

static void
destroy_sources (AdeptRetryWait *wait)
{
  if (wait->timeout != NULL)
    {
      g_source_destroy (wait->timeout);
      g_clear_pointer (&wait->timeout, g_source_unref);
    }
  if (wait->cancelled != NULL)
    {
      g_source_destroy (wait->cancelled);
      g_clear_pointer (&wait->cancelled, g_source_unref);
    }
}

static void
wait_fire (AdeptRetryWait *wait)
{
  AdeptRetryWaitFunc over = wait->over;
  gpointer data = g_steal_pointer (&wait->data);
  GDestroyNotify notify = g_steal_pointer (&wait->notify);

  /* over may start the next wait in the same struct. */
  destroy_sources (wait);
  over (data);
  if (notify != NULL)
    notify (data);
}

static gboolean
timeout_cb (gpointer user_data)
{
  wait_fire (user_data);
  return G_SOURCE_REMOVE;
}

static gboolean
cancelled_cb (GCancellable *cancellable,
              gpointer      user_data)
{
  wait_fire (user_data);
  return G_SOURCE_REMOVE;
}

void
adept_retry_wait_start (AdeptRetryWait     *wait,
                        guint               delay_ms,
                        GCancellable       *cancellable,
                        GMainContext       *context,
                        AdeptRetryWaitFunc  over,
                        gpointer            data,
                        GDestroyNotify      notify)
{
  adept_retry_wait_clear (wait);
  wait->over = over;
  wait->data = data;
  wait->notify = notify;
  wait->timeout = g_timeout_source_new (delay_ms);
  g_source_set_callback (wait->timeout, timeout_cb, wait, NULL);
  g_source_attach (wait->timeout, context);
  if (cancellable != NULL)
    {
      wait->cancelled = g_cancellable_source_new (cancellable);
      g_source_set_callback (wait->cancelled, (GSourceFunc) (void (*) (void)) cancelled_cb, wait, NULL);
      g_source_attach (wait->cancelled, context);
    }
}

void
adept_retry_wait_clear (AdeptRetryWait *wait)
{
  GDestroyNotify notify = g_steal_pointer (&wait->notify);
  gpointer data = g_steal_pointer (&wait->data);

  destroy_sources (wait);
  if (notify != NULL)
    notify (data);
}
