/* adept-list-items.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-list-items"

#include "config.h"

#include "adept-list-items.h"

/* Up to this many changed ranges are told one by one; past it, neighbouring ranges are
 * merged into items-changed adding at most MAX_CHUNK items each (a view passed changes
 * as they come, as src/ui's slot model does while rows are selected, then searches few
 * added items for a row it tracks). */
#define MAX_REGIONS 128
#define MAX_CHUNK   1024

typedef struct {
  guint old_pos;
  guint old_len;
  guint new_pos;
  guint new_len;
} Region;

gconstpointer
adept_list_items_get (const AdeptListItems *items,
                      guint                 position)
{
  if (!items->emitting)
    return position < items->n_visible ? items->visible[position] : NULL;
  if (position < items->split_old)
    return items->visible[position];
  position = position - items->split_old + items->split_new;
  return position < items->n_pending ? items->pending[position] : NULL;
}

guint
adept_list_items_count (const AdeptListItems *items)
{
  if (!items->emitting)
    return items->n_visible;
  return items->split_old + (items->n_pending - items->split_new);
}

/* Merges neighbouring ranges while the items they add stay under MAX_CHUNK: fewer
 * signals, and no single one adds so many that a list view searching the added items
 * for a removed row it tracks (GTK 4.8 fetches each of them) takes long. */
static GArray *
merge_regions (GArray *regions)
{
  guint n = 0;

  if (regions->len <= MAX_REGIONS)
    return regions;

  for (guint k = 0; k < regions->len; k++)
    {
      Region r = g_array_index (regions, Region, k);
      Region *last = n > 0 ? &g_array_index (regions, Region, n - 1) : NULL;

      if (last != NULL && r.new_pos + r.new_len - last->new_pos <= MAX_CHUNK)
        {
          last->old_len = r.old_pos + r.old_len - last->old_pos;
          last->new_len = r.new_pos + r.new_len - last->new_pos;
        }
      else
        g_array_index (regions, Region, n++) = r;
    }
  g_array_set_size (regions, n);
  return regions;
}

static GArray *
diff (gconstpointer        *old_items,
      guint                 n_old,
      gconstpointer        *new_items,
      guint                 n_new,
      AdeptListSameFunc     same,
      AdeptListCompareFunc  compare,
      gpointer              user_data)
{
  GArray *regions = g_array_new (FALSE, FALSE, sizeof (Region));
  guint i = 0, j = 0;

  while (i < n_old || j < n_new)
    {
      Region r;

      if (i < n_old && j < n_new && same (old_items[i], new_items[j]))
        {
          i++;
          j++;
          continue;
        }

      r.old_pos = i;
      r.new_pos = j;
      while (i < n_old || j < n_new)
        {
          int c;

          if (i < n_old && j < n_new && same (old_items[i], new_items[j]))
            break;
          c = i >= n_old ? 1 : j >= n_new ? -1 : compare (old_items[i], new_items[j], user_data);
          if (c <= 0)
            i++;
          if (c >= 0)
            j++;
        }
      r.old_len = i - r.old_pos;
      r.new_len = j - r.new_pos;
      g_array_append_val (regions, r);
    }
  return merge_regions (regions);
}

void
adept_list_items_set (AdeptListItems       *items,
                      GListModel           *model,
                      gconstpointer        *new_items,
                      guint                 n_new,
                      gboolean              whole,
                      AdeptListSameFunc     same,
                      AdeptListCompareFunc  compare,
                      gpointer              user_data)
{
  g_autoptr(GArray) regions = NULL;
  guint old_n = items->n_visible;

  if (whole)
    {
      regions = g_array_new (FALSE, FALSE, sizeof (Region));
      if (old_n > 0 || n_new > 0)
        {
          Region all = { 0, old_n, 0, n_new };
          g_array_append_val (regions, all);
        }
    }
  else
    regions = diff (items->visible, old_n, new_items, n_new, same, compare, user_data);

  items->pending = new_items;
  items->n_pending = n_new;
  items->emitting = TRUE;
  for (guint k = regions->len; k > 0; k--)
    {
      const Region *r = &g_array_index (regions, Region, k - 1);

      items->split_old = r->old_pos;
      items->split_new = r->new_pos;
      g_list_model_items_changed (model, r->old_pos, r->old_len, r->new_len);
    }
  items->emitting = FALSE;

  g_free (items->visible);
  items->visible = new_items;
  items->n_visible = n_new;
  items->pending = NULL;
}

void
adept_list_items_clear (AdeptListItems *items)
{
  g_clear_pointer (&items->visible, g_free);
  items->n_visible = 0;
}

typedef struct {
  GHashTable *table;
  GObject    *item;
  char       *serial;
} Live;

static void
live_free (gpointer data)
{
  Live *live = data;

  g_free (live->serial);
  g_free (live);
}

static void
live_item_gone (gpointer  data,
                GObject  *where_the_object_was)
{
  Live *live = data;

  g_hash_table_remove (live->table, live->serial);
}

void
adept_live_items_init (AdeptLiveItems *live)
{
  live->table = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, live_free);
}

gpointer
adept_live_items_lookup (AdeptLiveItems *live,
                         const char     *serial)
{
  Live *found = g_hash_table_lookup (live->table, serial);

  return found != NULL ? found->item : NULL;
}

void
adept_live_items_add (AdeptLiveItems *live,
                      const char     *serial,
                      gpointer        item)
{
  Live *entry = g_new (Live, 1);

  entry->table = live->table;
  entry->item = item;
  entry->serial = g_strdup (serial);
  g_hash_table_replace (live->table, entry->serial, entry);
  g_object_weak_ref (entry->item, live_item_gone, entry);
}

gboolean
adept_live_items_empty (AdeptLiveItems *live)
{
  return g_hash_table_size (live->table) == 0;
}

void
adept_live_items_forget (AdeptLiveItems *live)
{
  GHashTableIter iter;
  gpointer value;

  if (live->table == NULL)
    return;
  g_hash_table_iter_init (&iter, live->table);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_object_weak_unref (((Live *) value)->item, live_item_gone, value);
  g_hash_table_remove_all (live->table);
}

void
adept_live_items_clear (AdeptLiveItems *live)
{
  adept_live_items_forget (live);
  g_clear_pointer (&live->table, g_hash_table_unref);
}

int
adept_list_compare_text (const char *a,
                         const char *b)
{
  if (a == b)
    return 0;
  if (a == NULL)
    return -1;
  if (b == NULL)
    return 1;
  return g_ascii_strcasecmp (a, b);
}
