/* bench-parse.c — parsing Apple's pages of devices: json-glib against libyajl
 *
 *   bench-parse [N_DEVICES] [ROUNDS] [all|parse|store|group]
 *
 * Fetches the pages of a full fetch from the simulator program once, then parses each of
 * them ROUNDS times in each of these ways and prints the time per page (min/median/max):
 *   json-glib tree     the tree only (adept_json_parse_object, as every other answer)
 *   json-glib devices  the tree and an AdeptDevice per device: how pages were read before
 *   yajl lexer         libyajl with no callbacks: the floor of any yajl parser
 *   page parser        adept_page_parse(): libyajl into the page's records
 *   page parser, 64K   the same fed in the chunks the client reads
 * and then parsing and storing each page as a full fetch does (adept_store_commit_records),
 * into a fresh store (new devices) and again into the same store (devices it has), and
 * into another fresh store ten pages a commit, as the sync engine groups the pages that
 * wait for its writer ("group" runs only that; parse_and_store_grouped's instructions
 * are ten pages' and their one commit).
 * Under `valgrind --tool=callgrind` the functions parse_* give each way's instructions,
 * which the machine's load does not change; "parse" or "store" runs only those parts
 * (json-glib's ways take most of the time under callgrind).
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <yajl/yajl_parse.h>

#include "adept-json.h"
#include "adept-page-parser.h"
#include "adept-store.h"
#include "adept-test-util.h"
#include "bench-pages.h"
#include "bench-util.h"
#include "sync-test-util.h"

typedef guint (*ParseFunc) (GBytes *page);

static G_GNUC_NO_INLINE guint
parse_jsonglib_tree (GBytes *page)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = adept_json_parse_object (g_bytes_get_data (page, NULL),
                                                          g_bytes_get_size (page),
                                                          ADEPT_JSON_SOURCE_SERVER, &error);

  if (object == NULL)
    g_error ("%s", error->message);
  return json_array_get_length (json_object_get_array_member (object, "devices"));
}

static G_GNUC_NO_INLINE guint
parse_jsonglib_devices (GBytes *page)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = adept_json_parse_object (g_bytes_get_data (page, NULL),
                                                          g_bytes_get_size (page),
                                                          ADEPT_JSON_SOURCE_SERVER, &error);
  g_autoptr(GPtrArray) devices = g_ptr_array_new_with_free_func (g_object_unref);
  JsonArray *array;

  if (object == NULL)
    g_error ("%s", error->message);
  array = json_object_get_array_member (object, "devices");
  for (guint i = 0; i < json_array_get_length (array); i++)
    g_ptr_array_add (devices, adept_device_new_from_json (json_array_get_object_element (array, i), NULL));
  return devices->len;
}

static G_GNUC_NO_INLINE guint
parse_yajl_lexer (GBytes *page)
{
  static const yajl_callbacks none = { NULL, };
  yajl_handle yajl = yajl_alloc (&none, NULL, NULL);

  if (yajl_parse (yajl, g_bytes_get_data (page, NULL), g_bytes_get_size (page)) != yajl_status_ok ||
      yajl_complete_parse (yajl) != yajl_status_ok)
    g_error ("yajl could not parse a page");
  yajl_free (yajl);
  return 0;
}

static G_GNUC_NO_INLINE guint
parse_page_parser (GBytes *page)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptFetchPage) parsed = adept_page_parse (g_bytes_get_data (page, NULL),
                                                        g_bytes_get_size (page), &error);

  if (parsed == NULL)
    g_error ("%s", error->message);
  return g_list_model_get_n_items (G_LIST_MODEL (parsed));
}

static G_GNUC_NO_INLINE guint
parse_page_parser_chunks (GBytes *page)
{
  g_autoptr(AdeptPageParser) parser = adept_page_parser_new ();
  g_autoptr(AdeptFetchPage) parsed = NULL;
  g_autoptr(GError) error = NULL;
  const guint8 *data = g_bytes_get_data (page, NULL);
  gsize len = g_bytes_get_size (page);

  for (gsize at = 0; at < len; at += 64 * 1024)
    if (!adept_page_parser_feed (parser, data + at, MIN (64 * 1024, len - at), &error))
      g_error ("%s", error->message);
  parsed = adept_page_parser_finish (parser, &error);
  if (parsed == NULL)
    g_error ("%s", error->message);
  return g_list_model_get_n_items (G_LIST_MODEL (parsed));
}

static AdeptStore *store;
static guint        n_stored;

static G_GNUC_NO_INLINE guint
parse_and_store (GBytes *page)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptFetchPage) parsed = adept_page_parse (g_bytes_get_data (page, NULL),
                                                        g_bytes_get_size (page), &error);
  const AdeptDeviceRecord *records;
  guint n;

  if (parsed == NULL)
    g_error ("%s", error->message);
  records = adept_fetch_page_get_records (parsed, &n);
  /* Every page but the last, so the fetch never ends and sweeps. */
  if (!adept_store_commit_records (store, "bench", 0, ADEPT_SYNC_PHASE_FETCH, records, n,
                                   adept_fetch_page_get_cursor (parsed), TRUE, 0, NULL, &error))
    g_error ("%s", error->message);
  n_stored += n;
  return n;
}

/* The sync engine stores the pages that wait for the writer together: group_pages pages
 * a commit (the page that completes a group is timed with the group's commit); 10, or
 * BENCH_PARSE_GROUP (the sync engine's groups are up to 32). */
static guint      group_pages = 10;
static GPtrArray *group;

static G_GNUC_NO_INLINE guint
parse_and_store_grouped (GBytes *page)
{
  g_autoptr(GError) error = NULL;
  AdeptFetchPage *parsed = adept_page_parse (g_bytes_get_data (page, NULL),
                                             g_bytes_get_size (page), &error);
  guint n = 0;

  if (parsed == NULL)
    g_error ("%s", error->message);
  g_ptr_array_add (group, parsed);
  if (group->len == group_pages)
    {
      g_autofree AdeptStorePage *pages = g_new (AdeptStorePage, group_pages);

      for (guint i = 0; i < group_pages; i++)
        {
          AdeptFetchPage *p = group->pdata[i];

          pages[i] = (AdeptStorePage) { ADEPT_SYNC_PHASE_FETCH, NULL, 0,
                                        adept_fetch_page_get_cursor (p), TRUE, 0 };
          pages[i].records = adept_fetch_page_get_records (p, &pages[i].n_records);
          n += pages[i].n_records;
        }
      if (!adept_store_commit_pages (store, "bench", 0, pages, group_pages, NULL, &error))
        g_error ("%s", error->message);
      g_ptr_array_set_size (group, 0);
    }
  n_stored += n;
  return n;
}

static void
measure (const char *name,
         ParseFunc   parse,
         GPtrArray  *pages,
         guint       rounds,
         double      baseline_ms,
         double     *median_ms)
{
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *figures = NULL;
  BenchStats stats;

  for (guint r = 0; r < rounds; r++)
    for (guint i = 0; i < pages->len; i++)
      {
        double start = bench_cpu_s ();
        double ms;

        parse (pages->pdata[i]);
        ms = (bench_cpu_s () - start) * 1000;
        g_array_append_val (times, ms);
      }
  stats = bench_stats (times);
  figures = bench_stats_format (stats, "%.2f");
  printf ("  %-20s %16s ms CPU per page", name, figures);
  if (baseline_ms > 0)
    printf ("  (%.1f× faster)", baseline_ms / stats.median);
  printf ("\n");
  if (median_ms != NULL)
    *median_ms = stats.median;
}

int
main (int    argc,
      char **argv)
{
  guint n_devices = argc > 1 ? (guint) atoi (argv[1]) : 20000;
  guint rounds = argc > 2 ? (guint) atoi (argv[2]) : 3;
  const char *what = argc > 3 ? argv[3] : "all";
  gboolean all = g_str_equal (what, "all");
  const char * const program = g_getenv ("ADEPT_DEPSIM") ? g_getenv ("ADEPT_DEPSIM") : ADEPT_DEPSIM_PATH;
  g_autofree char *n = g_strdup_printf ("%u", n_devices);
  const char * const args[] = { "--devices", n, "--seed", "1", NULL };
  g_autoptr(AdeptDepClient) client = NULL;
  g_autoptr(GPtrArray) pages = NULL;
  SyncTestSimulator sim = { 0, };
  guint64 bytes = 0;
  double before_ms = 0;

  sync_test_simulator_start (&sim, program, args);
  client = sync_test_client_new (sim.base, sim.credentials);
  pages = bench_fetch_all_raw (client);
  sync_test_simulator_stop (&sim);
  /* The sync that ends a full fetch is empty here: only pages of devices count. */
  g_ptr_array_set_size (pages, pages->len - 1);
  for (guint i = 0; i < pages->len; i++)
    bytes += g_bytes_get_size (pages->pdata[i]);

  printf ("Parsing the %u pages of a full fetch (%u devices, %.0f KB a page), %u rounds; CPU time of "
          "each page, min/median/max\n", pages->len, n_devices, bytes / 1e3 / pages->len, rounds);
  if (all)
    {
      measure ("json-glib devices", parse_jsonglib_devices, pages, rounds, 0, &before_ms);
      measure ("json-glib tree", parse_jsonglib_tree, pages, rounds, before_ms, NULL);
    }
  if (all || g_str_equal (what, "parse"))
    {
      measure ("yajl lexer", parse_yajl_lexer, pages, rounds, before_ms, NULL);
      measure ("page parser", parse_page_parser, pages, rounds, before_ms, NULL);
      measure ("page parser, 64K", parse_page_parser_chunks, pages, rounds, before_ms, NULL);
    }

  if (all || g_str_equal (what, "store"))
    {
      g_autofree char *dir = adept_test_make_tmpdir ();
      g_autoptr(GError) error = NULL;

      store = adept_store_open_in (dir, &error);
      if (store == NULL || !adept_store_ensure_server (store, "bench", ADEPT_STORE_KIND_LOCAL, &error))
        g_error ("%s", error->message);
      printf ("Parsing and storing (adept_store_commit_records), CPU time of each page\n");
      measure ("new devices", parse_and_store, pages, 1, 0, NULL);
      measure ("devices it has", parse_and_store, pages, rounds, 0, NULL);
      g_clear_object (&store);
      adept_test_cleanup_dir (dir);
    }
  if (all || g_str_equal (what, "store") || g_str_equal (what, "group"))
    {
      g_autofree char *dir = adept_test_make_tmpdir ();
      g_autoptr(GError) error = NULL;

      store = adept_store_open_in (dir, &error);
      if (store == NULL || !adept_store_ensure_server (store, "bench", ADEPT_STORE_KIND_LOCAL, &error))
        g_error ("%s", error->message);
      group = g_ptr_array_new_with_free_func (g_object_unref);
      if (g_getenv ("BENCH_PARSE_GROUP") != NULL)
        group_pages = CLAMP (atoi (g_getenv ("BENCH_PARSE_GROUP")), 1, 1000);
      printf ("Parsing and storing %u pages a commit (adept_store_commit_pages), CPU time of each page\n", group_pages);
      measure ("new devices", parse_and_store_grouped, pages, 1, 0, NULL);
      g_clear_pointer (&group, g_ptr_array_unref);
      g_clear_object (&store);
      adept_test_cleanup_dir (dir);
    }
  return 0;
}
