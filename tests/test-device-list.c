/* test-device-list.c — the device list model over a real store: precise items-changed,
 * filters, order, lookup
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "adept-device-list.h"
#include "adept-store.h"
#include "adept-test-util.h"

#define SERVER "default"

typedef struct {
  char            *dir;
  AdeptStore      *store;
  AdeptDeviceList *list;
  /* What a view would hold: serials, kept up to date only through items-changed. */
  GPtrArray       *shadow;
  GArray          *signals;   /* guint triples: position, removed, added */
} Fixture;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Fixture    *f)
{
  guint triple[3] = { position, removed, added };

  g_array_append_vals (f->signals, triple, 3);
  g_assert_cmpuint (position + removed, <=, f->shadow->len);
  g_ptr_array_remove_range (f->shadow, position, removed);
  /* During the signal the model must already show the change, and only it. */
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, f->shadow->len + added);
  for (guint i = 0; i < added; i++)
    {
      g_autoptr(AdeptDevice) d = g_list_model_get_item (model, position + i);

      g_assert_nonnull (d);
      g_ptr_array_insert (f->shadow, position + i, g_strdup (adept_device_get_serial_number (d)));
    }
}

static void
assert_shadow_matches (Fixture *f)
{
  GListModel *model = G_LIST_MODEL (f->list);

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, f->shadow->len);
  for (guint i = 0; i < f->shadow->len; i++)
    {
      g_autoptr(AdeptDevice) d = g_list_model_get_item (model, i);
      g_assert_cmpstr (adept_device_get_serial_number (d), ==, f->shadow->pdata[i]);
    }
}

static AdeptDevice *
make_device (const char         *serial,
             const char         *family,
             const char         *model,
             AdeptProfileStatus  status,
             AdeptOpType         op,
             gint64              op_date)
{
  AdeptDevice *d = adept_device_new (serial);

  adept_device_set_device_family (d, family);
  adept_device_set_model (d, model);
  adept_device_set_description (d, g_str_equal (family, "Mac") ? "MacBook Pro 14 Space Gray" : "iPad Wi-Fi 64GB");
  adept_device_set_profile_status (d, status);
  adept_device_set_op_type (d, op);
  adept_device_set_op_date (d, op_date);
  return d;
}

static void
commit (Fixture        *f,
        AdeptSyncPhase  phase,
        GPtrArray      *page)
{
  g_autoptr(GError) error = NULL;

  adept_store_commit_page (f->store, SERVER, 0, phase, page, "cursor", FALSE, 0, NULL, &error);
  g_assert_no_error (error);
}

static void
refresh (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_array_set_size (f->signals, 0);
  adept_device_list_refresh (f->list, &error);
  g_assert_no_error (error);
  assert_shadow_matches (f);
}

/* 100 devices D000..D099 (steps of 2: D000, D002…, so there is room between them);
 * every tenth a Mac, the others iPads; every fourth assigned. */
static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func (g_object_unref);

  f->dir = adept_test_make_tmpdir ();
  f->store = adept_store_open_in (f->dir, &error);
  g_assert_no_error (error);
  adept_store_ensure_server (f->store, SERVER, ADEPT_STORE_KIND_LOCAL, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < 200; i += 2)
    {
      g_autofree char *serial = g_strdup_printf ("D%03u", i);
      gboolean mac = i % 20 == 0;

      g_ptr_array_add (page, make_device (serial, mac ? "Mac" : "iPad",
                                          mac ? "MacBook Pro" : "iPad Air",
                                          i % 8 == 0 ? ADEPT_PROFILE_STATUS_ASSIGNED
                                                     : ADEPT_PROFILE_STATUS_EMPTY,
                                          ADEPT_OP_TYPE_NONE, 0));
    }
  commit (f, ADEPT_SYNC_PHASE_FETCH, page);

  f->list = adept_device_list_new (f->store, SERVER);
  f->shadow = g_ptr_array_new_with_free_func (g_free);
  f->signals = g_array_new (FALSE, FALSE, sizeof (guint));
  g_signal_connect (f->list, "items-changed", G_CALLBACK (on_items_changed), f);
  refresh (f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->list);
  g_clear_object (&f->store);
  g_ptr_array_unref (f->shadow);
  g_array_unref (f->signals);
  adept_test_cleanup_dir (f->dir);
  g_free (f->dir);
}

static void
assert_signals (Fixture     *f,
                const guint *expected,
                guint        n_triples)
{
  g_assert_cmpuint (f->signals->len, ==, n_triples * 3);
  for (guint i = 0; i < n_triples * 3; i++)
    g_assert_cmpuint (g_array_index (f->signals, guint, i), ==, expected[i]);
}

static void
test_load (Fixture       *f,
           gconstpointer  data)
{
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 100);
  g_assert_cmpuint (adept_device_list_get_n_total (f->list), ==, 100);
  g_assert_cmpuint (adept_device_list_get_status_count (f->list, ADEPT_PROFILE_STATUS_ASSIGNED), ==, 25);
  g_assert_cmpuint (adept_device_list_get_status_count (f->list, ADEPT_PROFILE_STATUS_EMPTY), ==, 75);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (f->list)) == ADEPT_TYPE_DEVICE);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (f->list), 100));

  /* Nothing changed in the store: no signal at all. */
  refresh (f);
  g_assert_cmpuint (f->signals->len, ==, 0);
}

static void
test_precise_changes (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) sync = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(AdeptDevice) held = g_list_model_get_item (G_LIST_MODEL (f->list), 5);
  g_autoptr(AdeptDevice) again = NULL;
  /* D003 is new (between D002 at 1 and D004 at 2), D010 (position 5) is modified,
   * D100 (position 50) deleted, D999 added at the end. */
  const guint expected[] = {
    100, 0, 1,
    50, 1, 0,
    5, 1, 1,
    2, 0, 1,
  };

  g_assert_cmpstr (adept_device_get_serial_number (held), ==, "D010");
  g_ptr_array_add (sync, make_device ("D003", "iPad", "iPad Air", ADEPT_PROFILE_STATUS_EMPTY,
                                      ADEPT_OP_TYPE_ADDED, 10));
  g_ptr_array_add (sync, make_device ("D010", "iPad", "iPad Air", ADEPT_PROFILE_STATUS_PUSHED,
                                      ADEPT_OP_TYPE_MODIFIED, 11));
  g_ptr_array_add (sync, make_device ("D100", "iPad", "iPad Air", ADEPT_PROFILE_STATUS_EMPTY,
                                      ADEPT_OP_TYPE_DELETED, 12));
  g_ptr_array_add (sync, make_device ("D999", "Mac", "MacBook Pro", ADEPT_PROFILE_STATUS_EMPTY,
                                      ADEPT_OP_TYPE_ADDED, 13));
  commit (f, ADEPT_SYNC_PHASE_SYNC, sync);
  refresh (f);

  assert_signals (f, expected, 4);
  g_assert_cmpuint (adept_device_list_get_n_total (f->list), ==, 101);

  /* The item a view held was updated in place and is still the item at its position. */
  g_assert_cmpint (adept_device_get_profile_status (held), ==, ADEPT_PROFILE_STATUS_PUSHED);
  again = g_list_model_get_item (G_LIST_MODEL (f->list), 6);
  g_assert_true (again == held);
  g_assert_cmpuint (adept_device_list_get_status_count (f->list, ADEPT_PROFILE_STATUS_PUSHED), ==, 1);
}

static void
test_filters (Fixture       *f,
              gconstpointer  data)
{
  GListModel *model = G_LIST_MODEL (f->list);
  g_auto(GStrv) families = adept_device_list_dup_families (f->list);
  g_auto(GStrv) models = adept_device_list_dup_models (f->list);
  guint position = 0;

  g_assert_cmpuint (g_strv_length (families), ==, 2);
  g_assert_cmpstr (families[0], ==, "iPad");
  g_assert_cmpstr (families[1], ==, "Mac");
  g_assert_cmpuint (g_strv_length (models), ==, 2);

  adept_device_list_set_family_filter (f->list, "Mac");
  assert_shadow_matches (f);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 10);

  adept_device_list_set_status_filter (f->list, ADEPT_PROFILE_STATUS_ASSIGNED);
  assert_shadow_matches (f);
  /* Macs are every 20th, assigned every 8th: D000, D040, D080, D120, D160. */
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 5);
  g_assert_true (adept_device_list_find (f->list, "D080", &position));
  g_assert_cmpuint (position, ==, 2);
  g_assert_false (adept_device_list_find (f->list, "D002", NULL));

  adept_device_list_set_family_filter (f->list, NULL);
  adept_device_list_set_status_filter (f->list, -1);
  adept_device_list_set_model_filter (f->list, "iPad Air");
  assert_shadow_matches (f);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 90);
  adept_device_list_set_model_filter (f->list, NULL);

  /* Search: case-insensitive, in serial and description; a longer search narrows. */
  adept_device_list_set_search (f->list, "d1");
  assert_shadow_matches (f);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 50);
  adept_device_list_set_search (f->list, "d19");
  assert_shadow_matches (f);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 5);
  adept_device_list_set_search (f->list, "  SPACE gray ");
  assert_shadow_matches (f);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 10);
  adept_device_list_set_search (f->list, "");
  assert_shadow_matches (f);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 100);

  /* A filtered-out device is still found by lookup. */
  adept_device_list_set_family_filter (f->list, "Mac");
  {
    g_autoptr(AdeptDevice) d = adept_device_list_lookup (f->list, "D002");
    g_assert_nonnull (d);
    g_assert_cmpstr (adept_device_get_device_family (d), ==, "iPad");
  }
  g_assert_null (adept_device_list_lookup (f->list, "NOPE"));
}

static void
test_filter_with_changes (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) sync = g_ptr_array_new_with_free_func (g_object_unref);

  adept_device_list_set_status_filter (f->list, ADEPT_PROFILE_STATUS_ASSIGNED);
  assert_shadow_matches (f);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 25);

  /* One device leaves the filter, one enters it, one unrelated changes. */
  g_ptr_array_add (sync, make_device ("D000", "Mac", "MacBook Pro", ADEPT_PROFILE_STATUS_PUSHED,
                                      ADEPT_OP_TYPE_MODIFIED, 1));
  g_ptr_array_add (sync, make_device ("D002", "iPad", "iPad Air", ADEPT_PROFILE_STATUS_ASSIGNED,
                                      ADEPT_OP_TYPE_MODIFIED, 2));
  g_ptr_array_add (sync, make_device ("D006", "iPad", "iPad Pro", ADEPT_PROFILE_STATUS_EMPTY,
                                      ADEPT_OP_TYPE_MODIFIED, 3));
  commit (f, ADEPT_SYNC_PHASE_SYNC, sync);
  refresh (f);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 25);
  /* D000 out and D002 in are one range at the start. */
  {
    const guint expected[] = { 0, 1, 1 };
    assert_signals (f, expected, 1);
  }
}

static void
test_sort (Fixture       *f,
           gconstpointer  data)
{
  GListModel *model = G_LIST_MODEL (f->list);
  g_autoptr(AdeptDevice) first = NULL;
  g_autoptr(AdeptDevice) last = NULL;
  g_autoptr(GPtrArray) sync = g_ptr_array_new_with_free_func (g_object_unref);
  guint position = 0;

  adept_device_list_set_sort (f->list, ADEPT_DEVICE_LIST_SORT_STATUS, TRUE);
  assert_shadow_matches (f);
  first = g_list_model_get_item (model, 0);
  last = g_list_model_get_item (model, 99);
  /* Descending status: assigned before empty; ties by serial, also descending. */
  g_assert_cmpint (adept_device_get_profile_status (first), ==, ADEPT_PROFILE_STATUS_ASSIGNED);
  g_assert_cmpstr (adept_device_get_serial_number (first), ==, "D192");
  g_assert_cmpstr (adept_device_get_serial_number (last), ==, "D002");
  g_assert_true (adept_device_list_find (f->list, "D002", &position));
  g_assert_cmpuint (position, ==, 99);

  /* A change that moves a device within this order keeps the view in step. */
  g_ptr_array_add (sync, make_device ("D002", "iPad", "iPad Air", ADEPT_PROFILE_STATUS_ASSIGNED,
                                      ADEPT_OP_TYPE_MODIFIED, 5));
  commit (f, ADEPT_SYNC_PHASE_SYNC, sync);
  refresh (f);
  g_assert_true (adept_device_list_find (f->list, "D002", &position));
  g_assert_cmpuint (position, ==, 24);
}

/* Each items-changed adds at most this many (MAX_CHUNK in adept-device-list.c). */
#define CHUNK 1024

static void
assert_chunked (Fixture *f,
                guint    n_items)
{
  guint n_signals = f->signals->len / 3;

  assert_shadow_matches (f);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, n_items);
  /* Not one signal per changed range (about 1,500 here), nor one for them all. */
  g_assert_cmpuint (n_signals, >=, 1);
  g_assert_cmpuint (n_signals, <=, 2 * (f->shadow->len / CHUNK + 1));
  for (guint i = 0; i < n_signals; i++)
    g_assert_cmpuint (g_array_index (f->signals, guint, 3 * i + 2), <=, CHUNK);
}

/* A search that keeps every other one of 3,000 devices changes ~1,500 ranges: they
 * reach a view merged into a few signals, none adding more than a chunk. */
static void
test_many_changes (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < 3000; i++)
    {
      g_autofree char *serial = g_strdup_printf ("E%04u", i);

      g_ptr_array_add (page, make_device (serial, i % 2 ? "iPad" : "Mac",
                                          i % 2 ? "iPad Air" : "MacBook Pro",
                                          ADEPT_PROFILE_STATUS_EMPTY, ADEPT_OP_TYPE_ADDED, 20));
    }
  commit (f, ADEPT_SYNC_PHASE_SYNC, page);
  refresh (f);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 3100);

  g_array_set_size (f->signals, 0);
  adept_device_list_set_search (f->list, "macbook");
  assert_chunked (f, 1510);

  g_array_set_size (f->signals, 0);
  adept_device_list_set_search (f->list, NULL);
  assert_chunked (f, 3100);
}

/* adept_device_list_load(): the first screen at once, the rest from a thread in one
 * change, and a refresh asked meanwhile applied after it. */
static void
count_signal (guint *n)
{
  (*n)++;
}

static void
test_background_load (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(AdeptDeviceList) list = adept_device_list_new (f->store, SERVER);
  g_autoptr(GPtrArray) sync = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptDevice) first = NULL;
  guint counts_changed = 0;

  g_signal_connect_swapped (list, "counts-changed", G_CALLBACK (count_signal), &counts_changed);
  adept_device_list_set_search (list, "ipad");
  g_assert_true (adept_device_list_load (list, 10, &error));
  g_assert_no_error (error);
  /* The first 11 by serial (one more says there is more), filtered: D000 and D020 are
   * Macs. */
  g_assert_true (adept_device_list_get_loading (list));
  g_assert_cmpuint (adept_device_list_get_n_total (list), ==, 11);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 9);
  first = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_cmpstr (adept_device_get_serial_number (first), ==, "D002");

  /* A change committed while the thread reads: the refresh waits for it. */
  g_ptr_array_add (sync, make_device ("D001", "iPad", "iPad Air", ADEPT_PROFILE_STATUS_PUSHED,
                                      ADEPT_OP_TYPE_ADDED, 10));
  commit (f, ADEPT_SYNC_PHASE_SYNC, sync);
  g_assert_true (adept_device_list_refresh (list, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (adept_device_list_get_n_total (list), ==, 11);

  while (adept_device_list_get_loading (list))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (adept_device_list_get_n_total (list), ==, 101);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 91);
  g_assert_cmpuint (adept_device_list_get_status_count (list, ADEPT_PROFILE_STATUS_PUSHED), ==, 1);
  g_assert_cmpuint (counts_changed, >=, 2);
  /* The item a view held is still the one at its position. */
  {
    g_autoptr(AdeptDevice) again = NULL;

    g_assert_true (adept_device_list_find (list, "D002", NULL));
    again = adept_device_list_lookup (list, "D002");
    g_assert_true (again == first);
  }
  /* The texts the thread read take part in a search like the first screen's. */
  adept_device_list_set_search (list, "macbook");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 10);
}

/* A store no larger than the first screen is read whole at once. */
static void
test_small_load (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(AdeptDeviceList) list = adept_device_list_new (f->store, SERVER);
  g_autoptr(GError) error = NULL;

  g_assert_true (adept_device_list_load (list, 100, &error));
  g_assert_no_error (error);
  g_assert_false (adept_device_list_get_loading (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 100);
}

/* A model or description first seen in a refresh, while a search is set, matches it. */
static void
test_search_new_texts (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) sync = g_ptr_array_new_with_free_func (g_object_unref);
  AdeptDevice *d = make_device ("D301", "iPhone", "iPhone 15", ADEPT_PROFILE_STATUS_EMPTY,
                                ADEPT_OP_TYPE_ADDED, 10);

  adept_device_set_description (d, "iPhone 15 Blue 128GB");
  g_ptr_array_add (sync, d);
  adept_device_list_set_search (f->list, "IPHONE");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 0);
  commit (f, ADEPT_SYNC_PHASE_SYNC, sync);
  refresh (f);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 1);
  /* Narrowing, widening and clearing. */
  adept_device_list_set_search (f->list, "iphone 15 blue");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 1);
  adept_device_list_set_search (f->list, "iphone 15 green");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 0);
  adept_device_list_set_search (f->list, "d30");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 1);
  adept_device_list_set_search (f->list, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 101);
}

/* The serials a list shows, in order. */
static GPtrArray *
list_serials (AdeptDeviceList *list)
{
  GPtrArray *serials = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      g_autoptr(AdeptDevice) d = g_list_model_get_item (G_LIST_MODEL (list), i);

      g_ptr_array_add (serials, g_strdup (adept_device_get_serial_number (d)));
    }
  return serials;
}

/* Typing a search one key at a time (each narrowing the last), deleting back (widening),
 * jumping elsewhere and clearing give, at each step, what a list that only ever saw that
 * search gives, with a family filter on or off; and plain ASCII searches what the fields
 * hold, in any case. */
static void
test_search_incremental (Fixture       *f,
                         gconstpointer  data)
{
  static const char * const steps[] = {
    "d", "d1", "d12", "d1", "D", "", "a", "at", "at-0", "at-01", "at-0", "t-", "MAC",
    "macb", "macbook pro 14", "pad", "ac:b", "acbc32", "ac", "b", "bb0", "bb01", "Ä",
    "äbc", "", "0", "00", "001", "0011", "00112", "001122", "x", "", NULL
  };
  g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func (g_object_unref);

  /* Asset tags, mixed case and identifiers to search in, beside the fixture's devices. */
  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *serial = g_strdup_printf ("E%03u", i);
      g_autofree char *tag = g_strdup_printf (i % 2 ? "AT-%03u" : "at-%03u", i);
      AdeptDevice *d = make_device (serial, i % 3 ? "iPad" : "Mac", i % 3 ? "iPad Air" : "MacBook Air",
                                    ADEPT_PROFILE_STATUS_EMPTY, ADEPT_OP_TYPE_ADDED, 10);

      adept_device_set_asset_tag (d, tag);
      if (i % 4 == 0)
        adept_device_set_description (d, "Äbc Lab iPad");
      if (i % 5 == 0)
        {
          g_autofree char *mac = g_strdup_printf ("AC:BC:32:00:11:%02X", i);

          adept_device_set_wifi_mac_address (d, mac);
          adept_device_set_imei (d, (const char * const []) { "356789012345672", NULL });
        }
      g_ptr_array_add (page, d);
    }
  commit (f, ADEPT_SYNC_PHASE_SYNC, page);
  refresh (f);

  for (guint pass = 0; pass < 2; pass++)
    {
      const char *family = pass == 0 ? NULL : "iPad";
      gboolean some_matched = FALSE;

      adept_device_list_set_family_filter (f->list, family);
      for (guint i = 0; steps[i] != NULL; i++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(AdeptDeviceList) fresh = adept_device_list_new (f->store, SERVER);
          g_autoptr(GPtrArray) got = NULL;
          g_autoptr(GPtrArray) want = NULL;

          adept_device_list_set_search (f->list, steps[i]);
          assert_shadow_matches (f);
          adept_device_list_refresh (fresh, &error);
          g_assert_no_error (error);
          adept_device_list_set_family_filter (fresh, family);
          adept_device_list_set_search (fresh, steps[i]);
          got = list_serials (f->list);
          want = list_serials (fresh);
          g_assert_cmpuint (got->len, ==, want->len);
          for (guint k = 0; k < got->len; k++)
            g_assert_cmpstr (got->pdata[k], ==, want->pdata[k]);
          some_matched = some_matched || (got->len > 0 && *steps[i] != '\0');

          /* Searches that are not MAC-like: the fields themselves say what matches. */
          if (g_str_is_ascii (steps[i]) && strpbrk (steps[i], ":") == NULL &&
              !g_str_has_prefix (steps[i], "00") && !g_str_has_prefix (steps[i], "acbc"))
            for (guint k = 0; k < got->len; k++)
              {
                g_autoptr(AdeptDevice) d = adept_device_list_lookup (f->list, got->pdata[k]);
                const char * const *imei = adept_device_get_imei (d);

                g_assert_true (family == NULL ||
                               g_strcmp0 (adept_device_get_device_family (d), family) == 0);
                g_assert_true (adept_test_ascii_contains (adept_device_get_serial_number (d), steps[i]) ||
                               adept_test_ascii_contains (adept_device_get_asset_tag (d), steps[i]) ||
                               adept_test_ascii_contains (adept_device_get_description (d), steps[i]) ||
                               adept_test_ascii_contains (adept_device_get_model (d), steps[i]) ||
                               adept_test_ascii_contains (adept_device_get_wifi_mac_address (d), steps[i]) ||
                               (imei != NULL && adept_test_ascii_contains (imei[0], steps[i])));
              }
        }
      g_assert_true (some_matched);
    }
  /* Spot checks of what the steps found. */
  adept_device_list_set_family_filter (f->list, NULL);
  adept_device_list_set_search (f->list, "at-01");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 10);   /* E010…E019 */
  adept_device_list_set_search (f->list, "acbc32");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 8);    /* every fifth */
  adept_device_list_set_search (f->list, "äbc");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 10);   /* every fourth */
  adept_device_list_set_search (f->list, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 140);
}

static void
test_empty_store (void)
{
  g_autofree char *dir = adept_test_make_tmpdir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptStore) store = adept_store_open_in (dir, &error);
  g_autoptr(AdeptDeviceList) list = NULL;

  g_assert_no_error (error);
  adept_store_ensure_server (store, SERVER, ADEPT_STORE_KIND_LOCAL, &error);
  list = adept_device_list_new (store, SERVER);
  adept_device_list_refresh (list, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  adept_device_list_set_search (list, "x");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  g_clear_object (&list);
  adept_test_cleanup_dir (dir);
}

/* Apple's identifiers: found as written, MAC addresses also by their digits alone, and
 * carried by the items (absent stays absent). */
static void
test_search_identifiers (Fixture       *f,
                         gconstpointer  data)
{
  GListModel *model = G_LIST_MODEL (f->list);
  g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func (g_object_unref);
  AdeptDevice *phone = make_device ("P001", "iPhone", "iPhone 15", ADEPT_PROFILE_STATUS_EMPTY,
                                    ADEPT_OP_TYPE_ADDED, 5000);
  AdeptDevice *mac = make_device ("M001", "Mac", "Mac mini (2023)", ADEPT_PROFILE_STATUS_EMPTY,
                                  ADEPT_OP_TYPE_ADDED, 5000);
  g_autoptr(AdeptDevice) item = NULL;
  g_autoptr(AdeptDevice) plain = NULL;

  adept_device_set_wifi_mac_address (phone, "AC:BC:32:1F:0E:9A");
  adept_device_set_bluetooth_mac_address (phone, "AC:BC:32:1F:0E:9B");
  adept_device_set_imei (phone, (const char * const []) { "356789012345672", "356789012345680", NULL });
  adept_device_set_meid (phone, (const char * const []) { "35678901234567", NULL });
  adept_device_set_eid (phone, "89049032004008882600012345678901");
  adept_device_set_is_replacement_device (phone, TRUE);
  adept_device_set_mdm_migration_deadline (phone, 1796083200);
  adept_device_set_wifi_mac_address (mac, "F0:18:98:AA:BB:01");
  adept_device_set_ethernet_mac_address (mac, "14:7D:DA:00:11:22, 14:7D:DA:00:11:23");
  g_ptr_array_add (page, phone);
  g_ptr_array_add (page, mac);
  commit (f, ADEPT_SYNC_PHASE_SYNC, page);
  refresh (f);

  adept_device_list_set_search (f->list, "3567890123456");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  item = g_list_model_get_item (model, 0);
  g_assert_cmpstr (adept_device_get_serial_number (item), ==, "P001");
  g_assert_cmpstr (adept_device_get_imei (item)[1], ==, "356789012345680");
  g_assert_cmpstr (adept_device_get_meid (item)[0], ==, "35678901234567");
  g_assert_cmpstr (adept_device_get_eid (item), ==, "89049032004008882600012345678901");
  g_assert_cmpstr (adept_device_get_bluetooth_mac_address (item), ==, "AC:BC:32:1F:0E:9B");
  g_assert_true (adept_device_get_is_replacement_device (item));
  g_assert_cmpint (adept_device_get_mdm_migration_deadline (item), ==, 1796083200);

  /* MAC addresses in any spelling. */
  adept_device_list_set_search (f->list, "acbc321f0e9a");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  adept_device_list_set_search (f->list, "ac-bc-32");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  adept_device_list_set_search (f->list, "f018.98aa.bb01");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  /* The second Ethernet address of a list, but never digits across two addresses. */
  adept_device_list_set_search (f->list, "147dda001123");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  adept_device_list_set_search (f->list, "2214");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  adept_device_list_set_search (f->list, "0011221");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  /* A search that only became MAC-like finds more than the shorter one did. */
  adept_device_list_set_search (f->list, "ac:b");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  adept_device_list_set_search (f->list, "acbc32");
  assert_shadow_matches (f);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  /* The deadline takes no part. */
  adept_device_list_set_search (f->list, "1796083200");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  adept_device_list_set_search (f->list, NULL);

  /* A device Apple told none of it: all absent. */
  plain = adept_device_list_lookup (f->list, "D002");
  g_assert_null (adept_device_get_wifi_mac_address (plain));
  g_assert_null (adept_device_get_imei (plain));
  g_assert_cmpint (adept_device_get_mdm_migration_deadline (plain), ==, 0);
  g_assert_false (adept_device_get_is_replacement_device (plain));
}

/* Migrating in and replacements: counted whatever the status and flag filters, within
 * the search; a flag filter narrows the list and combines with a status. */
static void
test_flags (Fixture       *f,
            gconstpointer  data)
{
  GListModel *model = G_LIST_MODEL (f->list);
  g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func (g_object_unref);
  const char *serials[] = { "G001", "G002", "G003", "G004" };
  g_autoptr(AdeptDevice) item = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (serials); i++)
    {
      AdeptDevice *d = make_device (serials[i], "iPad", i < 2 ? "iPad Air" : "iPad mini",
                                    i == 3 ? ADEPT_PROFILE_STATUS_ASSIGNED : ADEPT_PROFILE_STATUS_EMPTY,
                                    ADEPT_OP_TYPE_ADDED, 5000);

      /* G001, G003, G004 migrate in; G002 and G004 replace others. */
      if (i != 1)
        adept_device_set_mdm_migration_deadline (d, 1796083200);
      adept_device_set_is_replacement_device (d, i % 2 == 1);
      g_ptr_array_add (page, d);
    }
  commit (f, ADEPT_SYNC_PHASE_SYNC, page);
  refresh (f);

  g_assert_cmpuint (adept_device_list_get_flag_count (f->list, ADEPT_DEVICE_LIST_FLAG_MIGRATING), ==, 3);
  g_assert_cmpuint (adept_device_list_get_flag_count (f->list, ADEPT_DEVICE_LIST_FLAG_REPLACEMENT), ==, 2);

  adept_device_list_set_flag_filter (f->list, ADEPT_DEVICE_LIST_FLAG_MIGRATING);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);
  g_assert_cmpint (adept_device_list_get_flag_filter (f->list), ==, ADEPT_DEVICE_LIST_FLAG_MIGRATING);
  /* The facets count whatever the flag filter. */
  g_assert_cmpuint (adept_device_list_get_flag_count (f->list, ADEPT_DEVICE_LIST_FLAG_REPLACEMENT), ==, 2);

  adept_device_list_set_status_filter (f->list, ADEPT_PROFILE_STATUS_ASSIGNED);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  item = g_list_model_get_item (model, 0);
  g_assert_cmpstr (adept_device_get_serial_number (item), ==, "G004");
  g_assert_cmpuint (adept_device_list_get_flag_count (f->list, ADEPT_DEVICE_LIST_FLAG_MIGRATING), ==, 3);
  adept_device_list_set_status_filter (f->list, -1);

  /* Both flags: the migrating replacements. */
  adept_device_list_set_flag_filter (f->list, ADEPT_DEVICE_LIST_FLAG_MIGRATING | ADEPT_DEVICE_LIST_FLAG_REPLACEMENT);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);

  /* A search narrows the counts. */
  adept_device_list_set_flag_filter (f->list, 0);
  adept_device_list_set_search (f->list, "G00");
  adept_device_list_set_model_filter (f->list, "iPad mini");
  g_assert_cmpuint (adept_device_list_get_flag_count (f->list, ADEPT_DEVICE_LIST_FLAG_MIGRATING), ==, 2);
  g_assert_cmpuint (adept_device_list_get_flag_count (f->list, ADEPT_DEVICE_LIST_FLAG_REPLACEMENT), ==, 1);
  adept_device_list_set_model_filter (f->list, NULL);
  adept_device_list_set_search (f->list, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 104);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *xdg = adept_test_isolate_xdg ();
  int ret;

  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/device-list/load", test_load);
  ADD ("/device-list/precise-changes", test_precise_changes);
  ADD ("/device-list/filters", test_filters);
  ADD ("/device-list/filter-with-changes", test_filter_with_changes);
  ADD ("/device-list/sort", test_sort);
  ADD ("/device-list/many-changes", test_many_changes);
  ADD ("/device-list/search-identifiers", test_search_identifiers);
  ADD ("/device-list/flags", test_flags);
  ADD ("/device-list/background-load", test_background_load);
  ADD ("/device-list/small-load", test_small_load);
  ADD ("/device-list/search-new-texts", test_search_new_texts);
  ADD ("/device-list/search-incremental", test_search_incremental);
  g_test_add_func ("/device-list/empty-store", test_empty_store);

  ret = g_test_run ();
  adept_test_cleanup_dir (xdg);
  return ret;
}
