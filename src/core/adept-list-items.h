/* adept-list-items.h — the items of a GListModel kept as an array of row pointers, and
 * the items-changed signals that turn one such array into another
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The device lists filter and sort compact rows themselves (a GtkFilterListModel would
 * need an object per row); this is what they share: a diff of the old and new arrays in
 * ranges, told to the view one range at a time, from the last to the first, while
 * get_item answers for the array half old, half new.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Same row with the same content (an item the view may keep). */
typedef gboolean (*AdeptListSameFunc)    (gconstpointer a,
                                          gconstpointer b);
/* The list's order: a total order on rows. */
typedef int      (*AdeptListCompareFunc) (gconstpointer a,
                                          gconstpointer b,
                                          gpointer      user_data);

typedef struct {
  gconstpointer *visible;
  guint          n_visible;
  /* While items-changed is emitted range by range, the items are visible[0, split_old)
   * followed by pending[split_new, …). */
  gconstpointer *pending;
  guint          n_pending;
  guint          split_old;
  guint          split_new;
  gboolean       emitting;
} AdeptListItems;

/* The row at position, NULL past the end; valid during emission too. */
gconstpointer adept_list_items_get   (const AdeptListItems *items,
                                      guint                 position);
guint         adept_list_items_count (const AdeptListItems *items);
/* Replaces the items by new_items (taking the array), emitting items-changed on model
 * for exactly the ranges that differ, or one range for everything when whole (a new
 * order). The old array is freed after the signals; the rows themselves are the
 * caller's. */
void          adept_list_items_set   (AdeptListItems       *items,
                                      GListModel           *model,
                                      gconstpointer        *new_items,
                                      guint                 n_new,
                                      gboolean              whole,
                                      AdeptListSameFunc     same,
                                      AdeptListCompareFunc  compare,
                                      gpointer              user_data);
void          adept_list_items_clear (AdeptListItems       *items);

/* The items handed out and still alive, by serial number, so a refresh updates them in
 * place and get_item returns the same object twice; an item leaves when it is freed. */
typedef struct {
  GHashTable *table;
} AdeptLiveItems;

void          adept_live_items_init   (AdeptLiveItems       *live);
/* Borrowed, NULL when no such item is alive. */
gpointer      adept_live_items_lookup (AdeptLiveItems       *live,
                                       const char           *serial);
/* Watches item (not referenced) under serial. */
void          adept_live_items_add    (AdeptLiveItems       *live,
                                       const char           *serial,
                                       gpointer              item);
gboolean      adept_live_items_empty  (AdeptLiveItems       *live);
/* Stops watching every item; the table stays usable. */
void          adept_live_items_forget (AdeptLiveItems       *live);
void          adept_live_items_clear  (AdeptLiveItems       *live);

/* The order of text columns: NULL first, then case-insensitive. Collation keys would
 * cost a second per sort of 100,000 rows; the data is ASCII. */
int           adept_list_compare_text (const char           *a,
                                       const char           *b);

G_END_DECLS
