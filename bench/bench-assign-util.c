/* bench-assign-util.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "adept-batch-job.h"
#include "adept-store-private.h"
#include "adept-test-util.h"
#include "bench-assign-util.h"
#include "bench-util.h"

GPtrArray *
bench_server_serials (AdeptStore *store,
                      const char *server_id)
{
  g_autoptr(GPtrArray) devices = adept_store_list_devices (store, server_id, -1, NULL);
  GPtrArray *serials = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < devices->len; i++)
    g_ptr_array_add (serials, g_strdup (adept_device_get_serial_number (devices->pdata[i])));
  return serials;
}

void
bench_change_devices (SyncTestSimulator *sim,
                      GPtrArray         *serials,
                      guint              run,
                      guint              n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"serial\":\"%s\",\"fields\":{\"asset_tag\":\"BENCH-%u-%u\"}}",
                                               (const char *) serials->pdata[(i * 97 + run) % serials->len],
                                               run, i);
      g_free (sync_test_simulator_call (sim, "POST", "/_adept/devices/edit", body));
    }
}

static AdeptDeviceResults *
request (AdeptDepClient     *client,
         const char         *profile,
         const char * const *batch,
         double             *seconds)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  double start = bench_now_s ();
  AdeptDeviceResults *results;

  adept_dep_client_assign_profile_async (client, profile, batch, NULL, adept_test_store_result, &result);
  results = adept_dep_client_assign_profile_finish (client, sync_test_wait (&result), &error);
  if (results == NULL)
    g_error ("assign failed: %s", error->message);
  if (seconds != NULL)
    *seconds += bench_now_s () - start;
  return results;
}

guint
bench_assign_all (AdeptDepClient *client,
                  AdeptStore     *store,
                  const char     *server_id,
                  const char     *profile,
                  GPtrArray      *serials,
                  double         *requests_s,
                  double         *store_s)
{
  guint n_success = 0;

  for (guint i = 0; i < serials->len; i += ADEPT_DEP_MAX_BATCH)
    {
      guint n = MIN (ADEPT_DEP_MAX_BATCH, serials->len - i);
      g_autofree const char **batch = g_new0 (const char *, n + 1);
      g_autoptr(AdeptDeviceResults) results = NULL;
      g_autoptr(GHashTable) answers = g_hash_table_new (g_str_hash, g_str_equal);
      g_autoptr(GError) error = NULL;
      double start;

      for (guint k = 0; k < n; k++)
        batch[k] = serials->pdata[i + k];
      results = request (client, profile, batch, requests_s);
      start = bench_now_s ();
      for (guint k = 0; k < adept_device_results_get_n_results (results); k++)
        {
          const char *serial = adept_device_results_get_serial (results, k);
          g_hash_table_insert (answers, (gpointer) serial,
                               (gpointer) adept_device_results_get_raw_result (results, serial));
        }
      if (!adept_store_record_assign (store, server_id, profile, ADEPT_ASSIGN_ORIGIN_MANUAL, answers,
                                      adept_device_results_get_retry_after_seconds (results), &error))
        g_error ("recording failed: %s", error->message);
      if (store_s != NULL)
        *store_s += bench_now_s () - start;
      n_success += adept_device_results_count (results, ADEPT_DEVICE_RESULT_SUCCESS);
    }
  return n_success;
}

guint
bench_assign_all_job (AdeptDepClient *client,
                      AdeptStore     *store,
                      const char     *server_id,
                      const char     *profile,
                      GPtrArray      *serials)
{
  g_autofree const char **strv = g_new0 (const char *, serials->len + 1);
  g_autoptr(AdeptBatchJob) job = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(AdeptDeviceResults) results = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < serials->len; i++)
    strv[i] = serials->pdata[i];
  job = adept_batch_job_new (ADEPT_BATCH_ASSIGN, client, store, server_id,
                             ADEPT_ASSIGN_ORIGIN_MANUAL, profile, strv);
  adept_batch_job_run_async (job, NULL, adept_test_store_result, &result);
  results = adept_batch_job_run_finish (job, sync_test_wait (&result), &error);
  if (results == NULL)
    g_error ("assign failed: %s", error->message);
  return adept_device_results_count (results, ADEPT_DEVICE_RESULT_SUCCESS);
}

void
bench_forget_attempts (AdeptStore *store)
{
  if (sqlite3_exec (adept_store_get_db (store), "DELETE FROM assign_attempts", NULL, NULL, NULL) != SQLITE_OK)
    g_error ("could not empty assign_attempts");
}
