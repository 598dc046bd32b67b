/* bench-org.c — the organisation's devices listed into the store through the Apple
 * Business API (issue 14)
 *
 *   bench-org [N_DEVICES]
 *
 * Runs the simulator program (its own process) with N devices in the organisation (a
 * fifth on this server, the rest unassigned or on its other MDM servers), then prints,
 * min / median / max over three runs: the floor (every page downloaded and parsed,
 * nothing stored), the listing into a fresh store, a listing again into the same store
 * (nothing changed), and the requests each took; then the organisation's device list
 * model loaded from the store, and the peak RSS of this process.
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adept-org-device-list.h"
#include "adept-org.h"
#include "adept-secret.h"
#include "adept-test-util.h"
#include "sync-test-util.h"
#include "bench-util.h"

#define ORG_ID "1000001"
#define RUNS 3

static void
print_stats (const char *what,
             double      values[RUNS],
             const char *unit)
{
  double sorted[RUNS];

  memcpy (sorted, values, sizeof sorted);
  qsort (sorted, RUNS, sizeof sorted[0], bench_compare_doubles);
  printf ("%-44s min %7.3f  median %7.3f  max %7.3f %s\n", what, sorted[0], sorted[RUNS / 2], sorted[RUNS - 1], unit);
}

typedef struct {
  AdeptBusinessAccount *account;
  char                 *token_url;
  char                 *api_url;
  char                 *this_server;
} Setup;

static AdeptBusinessClient *
new_client (Setup *setup)
{
  g_autoptr(GError) error = NULL;
  AdeptBusinessClient *client = adept_business_client_new (setup->account, setup->token_url, setup->api_url, &error);

  if (client == NULL)
    g_error ("%s", error->message);
  return client;
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  adept_test_wait_result (slot);
  return *slot;
}

/* One chain of pages, parsed and dropped. */
static guint
fetch_chain (AdeptBusinessClient *client,
             const char          *path)
{
  g_autofree char *next = g_strdup (path);
  guint n = 0;

  while (next != NULL)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(AdeptBusinessPage) page = NULL;
      g_autoptr(GError) error = NULL;

      adept_business_client_get_page_async (client, next, NULL, adept_test_store_result, &result);
      page = adept_business_client_get_page_finish (client, wait_for (&result), &error);
      if (page == NULL)
        g_error ("%s", error->message);
      n += page->resources->len;
      g_free (next);
      next = page->resources->len > 0 ? g_strdup (page->next) : NULL;
    }
  return n;
}

/* The same requests a listing makes, one after the other, nothing stored: what the wire
 * and the parsing cost. */
static double
measure_floor (Setup *setup,
               guint *requests)
{
  g_autoptr(AdeptBusinessClient) client = new_client (setup);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) servers = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = adept_business_client_org_devices_path (ADEPT_BUSINESS_MAX_PAGE_SIZE, NULL);
  double start = bench_now_s ();

  adept_business_client_list_servers_async (client, NULL, adept_test_store_result, &result);
  servers = adept_business_client_list_servers_finish (client, wait_for (&result), &error);
  if (servers == NULL)
    g_error ("%s", error->message);
  fetch_chain (client, path);
  for (guint i = 0; i < servers->len; i++)
    {
      g_autofree char *server_path =
        adept_business_client_server_devices_path (adept_org_server_get_id (servers->pdata[i]),
                                                   ADEPT_BUSINESS_MAX_PAGE_SIZE);
      fetch_chain (client, server_path);
    }
  *requests = adept_business_client_get_requests_sent (client);
  return bench_now_s () - start;
}

static double
measure_listing (Setup      *setup,
                 AdeptStore *store,
                 guint      *requests,
                 double     *cpu)
{
  g_autoptr(AdeptBusinessClient) client = new_client (setup);
  AdeptOrgView view = { ORG_ID, "default", setup->this_server };
  g_autoptr(AdeptOrg) org = adept_org_new (store, client, &view);
  g_autoptr(GError) error = NULL;
  double start = bench_now_s ();
  double cpu0 = bench_cpu_s ();

  if (!adept_org_refresh_sync (org, NULL, &error))
    g_error ("%s", error->message);
  *cpu = bench_cpu_s () - cpu0;
  *requests = adept_business_client_get_requests_sent (client);
  return bench_now_s () - start;
}

static AdeptStore *
fresh_store (const char *root,
             guint       run)
{
  g_autofree char *name = g_strdup_printf ("run-%u", run);
  g_autofree char *dir = g_build_filename (root, name, NULL);
  g_autoptr(GError) error = NULL;
  AdeptStore *store = adept_store_open_in (dir, &error);

  if (store == NULL)
    g_error ("%s", error->message);
  return store;
}

static void
setup_account (SyncTestSimulator *sim,
               Setup             *setup)
{
  g_autofree char *json = sync_test_simulator_call (sim, "POST", "/_adept/api-accounts", "{}");
  g_autofree char *state = sync_test_simulator_call (sim, "GET", "/_adept/state", NULL);
  g_autoptr(JsonObject) reply = adept_test_parse_object (json);
  g_autoptr(JsonObject) truth = adept_test_parse_object (state);
  JsonObject *business = json_object_get_object_member (truth, "business");
  g_autoptr(GError) error = NULL;

  setup->account = adept_business_account_new (ORG_ID, json_object_get_string_member (reply, "client_id"),
                                               json_object_get_string_member (reply, "key_id"),
                                               json_object_get_string_member (reply, "private_key"), &error);
  if (setup->account == NULL)
    g_error ("%s", error->message);
  setup->token_url = g_strdup (json_object_get_string_member (reply, "token_url"));
  setup->api_url = g_strdup (json_object_get_string_member (reply, "api_url"));
  setup->this_server = g_strdup (json_object_get_string_member (
    json_array_get_object_element (json_object_get_array_member (business, "servers"), 0), "id"));
  adept_secret_wipe (json, strlen (json));
}

int
main (int    argc,
      char **argv)
{
  guint n_devices = argc > 1 ? (guint) atoi (argv[1]) : 100000;
  g_autofree char *dir = adept_test_make_tmpdir ();
  SyncTestSimulator sim = { 0, };
  Setup setup = { 0, };
  double floor_s[RUNS], list_s[RUNS], again_s[RUNS], list_cpu[RUNS], again_cpu[RUNS], load_ms[RUNS];
  guint floor_requests = 0, list_requests = 0, again_requests = 0, listed = 0;

  g_setenv ("XDG_DATA_HOME", dir, TRUE);
  {
    g_autofree char *ours = g_strdup_printf ("%u", n_devices / 5);
    g_autofree char *others = g_strdup_printf ("%u", n_devices - n_devices / 5);
    const char * const args[] = { "--devices", ours, "--org-devices", others, "--seed", "1", NULL };
    const char *program = g_getenv ("ADEPT_DEPSIM") ? g_getenv ("ADEPT_DEPSIM") : ADEPT_DEPSIM_PATH;

    sync_test_simulator_start (&sim, program, args);
  }
  setup_account (&sim, &setup);
  printf ("Organization benchmark: %u devices in the organization (%u on this server), simulator in its own\n"
          "process, %u runs each, store in %s\n\n", n_devices, n_devices / 5, RUNS, dir);

  for (guint run = 0; run < RUNS; run++)
    {
      g_autoptr(AdeptStore) store = fresh_store (dir, run);
      AdeptOrgView view = { ORG_ID, "default", setup.this_server };
      g_autoptr(AdeptOrgDeviceList) list = NULL;
      g_autoptr(GError) error = NULL;
      double start;

      floor_s[run] = measure_floor (&setup, &floor_requests);
      list_s[run] = measure_listing (&setup, store, &list_requests, &list_cpu[run]);
      again_s[run] = measure_listing (&setup, store, &again_requests, &again_cpu[run]);

      start = bench_now_s ();
      list = adept_org_device_list_new (store, &view);
      if (!adept_org_device_list_refresh (list, &error))
        g_error ("%s", error->message);
      load_ms[run] = (bench_now_s () - start) * 1000;
      listed = adept_org_device_list_get_n_total (list);
    }

  print_stats ("Floor (download + parse, nothing stored):", floor_s, "s");
  print_stats ("Listing into a fresh store:", list_s, "s");
  print_stats ("  CPU time of this process:", list_cpu, "s");
  print_stats ("Listing again, nothing changed:", again_s, "s");
  print_stats ("  CPU time of this process:", again_cpu, "s");
  print_stats ("Device list model, load from the store:", load_ms, "ms");
  printf ("Devices listed: %u; requests: floor %u, listing %u, again %u (token included)\n",
          listed, floor_requests, list_requests, again_requests);
  printf ("Peak RSS of this process: %ld MB\n", bench_peak_rss_mb ());

  sync_test_simulator_stop (&sim);
  g_clear_object (&setup.account);
  g_free (setup.token_url);
  g_free (setup.api_url);
  g_free (setup.this_server);
  adept_test_cleanup_dir (dir);
  return listed == n_devices ? 0 : 1;
}
