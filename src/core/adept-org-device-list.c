/* adept-org-device-list.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-org-device-list"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "adept-core-enums.h"
#include "adept-list-items.h"
#include "adept-org-device-list.h"
#include "adept-store-org-private.h"

#define N_PLACEMENTS (ADEPT_ORG_PLACEMENT_THIS_SERVER + 1)

/* One device in about 150 bytes; repeated strings (model, order, server…) are interned. */
typedef struct {
  const char *serial;
  const char *model;
  const char *family;
  const char *product_type;
  const char *capacity;
  const char *color;
  const char *part_number;
  const char *order_number;
  const char *source_type;
  const char *source_id;
  const char *server_id;
  const char *server_name;
  const char *migration_status;
  gint64      order_date;
  gint64      added_date;
  gint64      updated_date;
  gint64      migration_deadline;
  gint64      change_seq;
  gint8       dep_status;
  guint8      placement;
  guint8      assigned;
  guint8      migration_capable;
  guint8      matches;
  guint8      deleted;
} Row;

struct _AdeptOrgDeviceList
{
  GObject                 parent_instance;

  AdeptStore             *store;
  char                   *org_id;
  char                   *dep_server;
  char                   *this_server_id;
  GStringChunk           *strings;

  Row                    *rows;     /* every current device, sorted by serial */
  guint                   n_rows;
  AdeptListItems          items;

  gint64                  org_seq;
  gint64                  dep_seq;
  gboolean                loaded;
  guint                   counts[N_PLACEMENTS];
  guint                   n_waiting;

  char                   *search;
  int                     placement_filter;
  char                   *server_filter;
  AdeptOrgDeviceListSort  sort;
  gboolean                descending;

  AdeptLiveItems          live;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (AdeptOrgDeviceList, adept_org_device_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_N_ITEMS,
  PROP_N_TOTAL,
  PROP_SEARCH,
  PROP_PLACEMENT_FILTER,
  PROP_SERVER_FILTER,
  N_PROPS
};

enum {
  COUNTS_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

void
adept_org_device_list_get_view (AdeptOrgDeviceList *self,
                                AdeptOrgView       *view)
{
  view->org_id = self->org_id;
  view->dep_server = self->dep_server;
  view->this_server_id = self->this_server_id;
}

/* ---- Rows ---- */

static const char *
intern (AdeptOrgDeviceList *self,
        const char         *text)
{
  return text != NULL && *text != '\0' ? g_string_chunk_insert_const (self->strings, text) : NULL;
}

static void
row_from_stmt (AdeptOrgDeviceList *self,
               Row                *row,
               sqlite3_stmt       *stmt)
{
  AdeptOrgView view;

#define TEXT(column) intern (self, adept_store_column_text (stmt, column))
  row->serial = g_string_chunk_insert (self->strings, adept_store_column_text (stmt, ORG_COL_SERIAL));
  row->model = TEXT (ORG_COL_MODEL);
  row->family = TEXT (ORG_COL_PRODUCT_FAMILY);
  row->product_type = TEXT (ORG_COL_PRODUCT_TYPE);
  row->capacity = TEXT (ORG_COL_CAPACITY);
  row->color = TEXT (ORG_COL_COLOR);
  row->part_number = TEXT (ORG_COL_PART_NUMBER);
  row->order_number = TEXT (ORG_COL_ORDER_NUMBER);
  row->source_type = TEXT (ORG_COL_PURCHASE_SOURCE_TYPE);
  row->source_id = TEXT (ORG_COL_PURCHASE_SOURCE_ID);
  row->server_id = TEXT (ORG_COL_SERVER_ID);
  row->server_name = TEXT (ORG_COL_SERVER_NAME);
  row->migration_status = TEXT (ORG_COL_MIGRATION_STATUS);
#undef TEXT
  row->order_date = sqlite3_column_int64 (stmt, ORG_COL_ORDER_DATE);
  row->added_date = sqlite3_column_int64 (stmt, ORG_COL_ADDED);
  row->updated_date = sqlite3_column_int64 (stmt, ORG_COL_UPDATED);
  row->migration_deadline = sqlite3_column_int64 (stmt, ORG_COL_MIGRATION_DEADLINE);
  row->change_seq = sqlite3_column_int64 (stmt, ORG_COL_CHANGE_SEQ);
  row->dep_status = (gint8) adept_store_org_column_dep_status (stmt);
  row->assigned = sqlite3_column_int (stmt, ORG_COL_ASSIGNED) != 0;
  row->migration_capable = sqlite3_column_int (stmt, ORG_COL_MIGRATION_CAPABLE) != 0;
  row->deleted = sqlite3_column_int (stmt, ORG_COL_DELETED) != 0;
  adept_org_device_list_get_view (self, &view);
  row->placement = adept_org_view_placement (&view, row->server_id, row->assigned);
  row->matches = FALSE;
}

/* Borrowed strings: only for adept_org_device_new/update, which copy them. */
static void
data_of_row (const Row          *row,
             AdeptOrgDeviceData *data)
{
  data->serial_number = (char *) row->serial;
  data->model = (char *) row->model;
  data->product_family = (char *) row->family;
  data->product_type = (char *) row->product_type;
  data->capacity = (char *) row->capacity;
  data->color = (char *) row->color;
  data->part_number = (char *) row->part_number;
  data->order_number = (char *) row->order_number;
  data->order_date = row->order_date;
  data->purchase_source_type = (char *) row->source_type;
  data->purchase_source_id = (char *) row->source_id;
  data->added_date = row->added_date;
  data->updated_date = row->updated_date;
  data->assigned = row->assigned;
  data->server_id = (char *) row->server_id;
  data->server_name = (char *) row->server_name;
  data->placement = row->placement;
  data->migration_capable = row->migration_capable;
  data->migration_status = (char *) row->migration_status;
  data->migration_deadline = row->migration_deadline;
  data->dep_status = row->dep_status;
}

static AdeptOrgDevice *
device_for_row (AdeptOrgDeviceList *self,
                const Row          *row)
{
  AdeptOrgDevice *device = adept_live_items_lookup (&self->live, row->serial);
  AdeptOrgDeviceData data;

  if (device != NULL)
    return g_object_ref (device);
  data_of_row (row, &data);
  device = adept_org_device_new (&data);
  adept_live_items_add (&self->live, row->serial, device);
  return device;
}

static void
update_live (AdeptOrgDeviceList *self,
             const Row          *row)
{
  AdeptOrgDevice *device = adept_live_items_lookup (&self->live, row->serial);
  AdeptOrgDeviceData data;

  if (device == NULL || row->deleted)
    return;
  data_of_row (row, &data);
  adept_org_device_update (device, &data);
}

/* ---- Filters and order ---- */

static gboolean
contains (const char *haystack,
          const char *needle)
{
  return haystack != NULL && strcasestr (haystack, needle) != NULL;
}

static gboolean
row_matches (const AdeptOrgDeviceList *self,
             const Row                *row)
{
  if (self->placement_filter >= 0 && row->placement != self->placement_filter)
    return FALSE;
  if (self->server_filter != NULL && g_strcmp0 (row->server_id, self->server_filter) != 0)
    return FALSE;
  if (self->search == NULL)
    return TRUE;
  return contains (row->serial, self->search) || contains (row->order_number, self->search);
}


#define CMP(a, b) ((a) < (b) ? -1 : (a) > (b) ? 1 : 0)

static int
compare_key (const Row              *a,
             const Row              *b,
             AdeptOrgDeviceListSort  sort)
{
  switch (sort)
    {
    case ADEPT_ORG_DEVICE_LIST_SORT_MODEL: return adept_list_compare_text (a->model, b->model);
    case ADEPT_ORG_DEVICE_LIST_SORT_FAMILY: return adept_list_compare_text (a->family, b->family);
    case ADEPT_ORG_DEVICE_LIST_SORT_ORDER_NUMBER: return adept_list_compare_text (a->order_number, b->order_number);
    case ADEPT_ORG_DEVICE_LIST_SORT_ORDER_DATE: return CMP (a->order_date, b->order_date);
    case ADEPT_ORG_DEVICE_LIST_SORT_ADDED_DATE: return CMP (a->added_date, b->added_date);
    case ADEPT_ORG_DEVICE_LIST_SORT_SERVER: return adept_list_compare_text (a->server_name, b->server_name);
    case ADEPT_ORG_DEVICE_LIST_SORT_PURCHASE_SOURCE: return adept_list_compare_text (a->source_type, b->source_type);
    case ADEPT_ORG_DEVICE_LIST_SORT_MIGRATION: return adept_list_compare_text (a->migration_status, b->migration_status);
    case ADEPT_ORG_DEVICE_LIST_SORT_SERIAL:
    default:
      return 0;
    }
}

static int
compare_rows (const AdeptOrgDeviceList *self,
              const Row                *a,
              const Row                *b)
{
  int c = compare_key (a, b, self->sort);

  if (c == 0 && a->serial != b->serial)
    c = strcmp (a->serial, b->serial);
  return self->descending ? -c : c;
}

static int
compare_items (gconstpointer a,
               gconstpointer b,
               gpointer      self)
{
  return compare_rows (self, a, b);
}

static int
compare_items_qsort (gconstpointer a,
                     gconstpointer b,
                     gpointer      self)
{
  return compare_rows (self, *(const Row * const *) a, *(const Row * const *) b);
}

/* The same device, unchanged: the store's change_seq, and this server's DEP status,
 * which changes without it. */
static gboolean
same_row (gconstpointer pa,
          gconstpointer pb)
{
  const Row *a = pa;
  const Row *b = pb;

  return a == b || ((a->serial == b->serial || strcmp (a->serial, b->serial) == 0) &&
                    a->change_seq == b->change_seq && a->dep_status == b->dep_status);
}

static void
collect_and_set (AdeptOrgDeviceList *self,
                 gboolean            whole)
{
  const Row **items = g_new (const Row *, self->n_rows + 1);
  guint n = 0;
  guint old_n = self->items.n_visible;

  for (guint i = 0; i < self->n_rows; i++)
    if (self->rows[i].matches)
      items[n++] = &self->rows[i];
  if (self->sort != ADEPT_ORG_DEVICE_LIST_SORT_SERIAL || self->descending)
    g_qsort_with_data (items, n, sizeof *items, compare_items_qsort, self);
  adept_list_items_set (&self->items, G_LIST_MODEL (self), (gconstpointer *) items, n, whole,
                        same_row, compare_items, self);
  if (old_n != n)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static void
refilter (AdeptOrgDeviceList *self)
{
  for (guint i = 0; i < self->n_rows; i++)
    self->rows[i].matches = row_matches (self, &self->rows[i]);
  collect_and_set (self, FALSE);
}

/* ---- Loading ---- */

static int
compare_serials (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (((const Row *) a)->serial, ((const Row *) b)->serial);
}

static Row *
read_rows (AdeptOrgDeviceList  *self,
           gint64               since,
           guint               *n_out,
           GError             **error)
{
  AdeptOrgView view;
  g_autoptr(AdeptStmt) stmt = NULL;
  guint n = 0, allocated = 1024;
  Row *rows;
  int rc;

  adept_org_device_list_get_view (self, &view);
  stmt = adept_store_org_query_devices (self->store, &view, since, error);
  if (stmt == NULL)
    return NULL;
  rows = g_new (Row, allocated);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (n == allocated)
        {
          allocated *= 2;
          rows = g_renew (Row, rows, allocated);
        }
      row_from_stmt (self, &rows[n], stmt);
      n++;
    }
  if (rc != SQLITE_DONE)
    {
      adept_store_set_error (self->store, rc, error);
      g_free (rows);
      return NULL;
    }
  if (since <= 0)
    qsort (rows, n, sizeof *rows, compare_serials);
  *n_out = n;
  return rows;
}

/* The old rows with the changes applied (both sorted by serial). */
static Row *
merge_rows (AdeptOrgDeviceList *self,
            const Row          *changes,
            guint               n_changes,
            guint              *n_out)
{
  Row *merged = g_new (Row, self->n_rows + n_changes + 1);
  guint i = 0, k = 0, n = 0;

  while (i < self->n_rows || k < n_changes)
    {
      int c = i >= self->n_rows ? 1 : k >= n_changes ? -1 : strcmp (self->rows[i].serial, changes[k].serial);

      if (c < 0)
        merged[n++] = self->rows[i++];
      else
        {
          if (!changes[k].deleted)
            merged[n++] = changes[k];
          if (c == 0)
            i++;
          k++;
        }
    }
  *n_out = n;
  return merged;
}

static Row *
find_row (AdeptOrgDeviceList *self,
          const char         *serial)
{
  guint lo = 0, hi = self->n_rows;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      int c = strcmp (self->rows[mid].serial, serial);

      if (c == 0)
        return &self->rows[mid];
      if (c < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  return NULL;
}

/* DEP devices of this server changed: their rows' DEP status follows. */
static gboolean
read_dep_changes (AdeptOrgDeviceList  *self,
                  GError             **error)
{
  g_autoptr(AdeptStmt) stmt = adept_store_query_devices (self->store, self->dep_server, self->dep_seq, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Row *row = find_row (self, adept_store_column_text (stmt, DEVICE_COL_SERIAL));

      if (row == NULL)
        continue;
      row->dep_status = sqlite3_column_int (stmt, DEVICE_COL_DELETED) != 0 ? -1
        : (gint8) adept_profile_status_from_string (adept_store_column_text (stmt, DEVICE_COL_PROFILE_STATUS));
      update_live (self, row);
    }
  if (rc != SQLITE_DONE)
    {
      adept_store_set_error (self->store, rc, error);
      return FALSE;
    }
  return TRUE;
}

static void
count (AdeptOrgDeviceList *self)
{
  memset (self->counts, 0, sizeof self->counts);
  self->n_waiting = 0;
  for (guint i = 0; i < self->n_rows; i++)
    {
      const Row *row = &self->rows[i];

      self->counts[MIN (row->placement, N_PLACEMENTS - 1)]++;
      if (row->placement == ADEPT_ORG_PLACEMENT_THIS_SERVER && row->dep_status < 0)
        self->n_waiting++;
    }
}

static gboolean
apply_org_changes (AdeptOrgDeviceList  *self,
                   Row                **old_rows,
                   GError             **error)
{
  Row *changes;
  guint n_changes = 0;

  changes = read_rows (self, self->loaded ? self->org_seq : 0, &n_changes, error);
  if (changes == NULL)
    return FALSE;
  *old_rows = self->rows;
  if (!self->loaded)
    {
      self->rows = changes;
      self->n_rows = n_changes;
      return TRUE;
    }
  self->rows = merge_rows (self, changes, n_changes, &self->n_rows);
  for (guint k = 0; k < n_changes; k++)
    update_live (self, &changes[k]);
  g_free (changes);
  return TRUE;
}

gboolean
adept_org_device_list_refresh (AdeptOrgDeviceList  *self,
                               GError             **error)
{
  gint64 org_seq, dep_seq;
  Row *old_rows = NULL;
  guint old_total = self->n_rows;

  g_return_val_if_fail (ADEPT_IS_ORG_DEVICE_LIST (self), FALSE);

  /* Sequences first: a commit racing the queries is only read twice. */
  org_seq = adept_store_org_get_change_seq (self->store, self->org_id);
  dep_seq = self->dep_server != NULL ? adept_store_get_change_seq (self->store, self->dep_server) : 0;
  if (self->loaded && org_seq == self->org_seq && dep_seq == self->dep_seq)
    return TRUE;

  if ((!self->loaded || org_seq != self->org_seq) && !apply_org_changes (self, &old_rows, error))
    return FALSE;
  /* A first load has the DEP status from the join already. */
  if (self->loaded && self->dep_server != NULL && dep_seq != self->dep_seq &&
      !read_dep_changes (self, error))
    {
      g_free (old_rows);
      return FALSE;
    }
  self->org_seq = org_seq;
  self->dep_seq = dep_seq;
  self->loaded = TRUE;

  count (self);
  /* The old items point into old_rows: free those once the change is told. */
  refilter (self);
  g_free (old_rows);
  if (old_total != self->n_rows)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_TOTAL]);
  g_signal_emit (self, signals[COUNTS_CHANGED], 0);
  return TRUE;
}

/* ---- GListModel ---- */

static GType
list_get_item_type (GListModel *model)
{
  return ADEPT_TYPE_ORG_DEVICE;
}

static guint
list_get_n_items (GListModel *model)
{
  return adept_list_items_count (&ADEPT_ORG_DEVICE_LIST (model)->items);
}

static gpointer
list_get_item (GListModel *model,
               guint       position)
{
  AdeptOrgDeviceList *self = ADEPT_ORG_DEVICE_LIST (model);
  const Row *row = adept_list_items_get (&self->items, position);

  return row != NULL ? device_for_row (self, row) : NULL;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = list_get_item_type;
  iface->get_n_items = list_get_n_items;
  iface->get_item = list_get_item;
}

/* ---- Filters, order, queries ---- */

void
adept_org_device_list_set_search (AdeptOrgDeviceList *self,
                                  const char         *text)
{
  g_autofree char *trimmed = NULL;

  g_return_if_fail (ADEPT_IS_ORG_DEVICE_LIST (self));

  trimmed = g_strstrip (g_strdup (text != NULL ? text : ""));
  if (*trimmed == '\0')
    g_clear_pointer (&trimmed, g_free);
  if (g_strcmp0 (trimmed, self->search) == 0)
    return;
  g_free (self->search);
  self->search = g_steal_pointer (&trimmed);
  refilter (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH]);
}

const char *
adept_org_device_list_get_search (AdeptOrgDeviceList *self)
{
  g_return_val_if_fail (ADEPT_IS_ORG_DEVICE_LIST (self), NULL);
  return self->search;
}

void
adept_org_device_list_set_placement_filter (AdeptOrgDeviceList *self,
                                            int                 placement)
{
  g_return_if_fail (ADEPT_IS_ORG_DEVICE_LIST (self));

  placement = placement < 0 ? -1 : MIN (placement, N_PLACEMENTS - 1);
  if (placement == self->placement_filter)
    return;
  self->placement_filter = placement;
  refilter (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLACEMENT_FILTER]);
}

int
adept_org_device_list_get_placement_filter (AdeptOrgDeviceList *self)
{
  g_return_val_if_fail (ADEPT_IS_ORG_DEVICE_LIST (self), -1);
  return self->placement_filter;
}

void
adept_org_device_list_set_server_filter (AdeptOrgDeviceList *self,
                                         const char         *server_id)
{
  g_return_if_fail (ADEPT_IS_ORG_DEVICE_LIST (self));

  if (server_id != NULL && *server_id == '\0')
    server_id = NULL;
  if (g_strcmp0 (server_id, self->server_filter) == 0)
    return;
  g_free (self->server_filter);
  /* Rows hold interned ids: compare with the interned copy. */
  self->server_filter = g_strdup (server_id);
  refilter (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVER_FILTER]);
}

const char *
adept_org_device_list_get_server_filter (AdeptOrgDeviceList *self)
{
  g_return_val_if_fail (ADEPT_IS_ORG_DEVICE_LIST (self), NULL);
  return self->server_filter;
}

void
adept_org_device_list_set_sort (AdeptOrgDeviceList     *self,
                                AdeptOrgDeviceListSort  key,
                                gboolean                descending)
{
  g_return_if_fail (ADEPT_IS_ORG_DEVICE_LIST (self));

  if (self->sort == key && self->descending == !!descending)
    return;
  self->sort = key;
  self->descending = !!descending;
  collect_and_set (self, TRUE);
}

guint
adept_org_device_list_get_n_total (AdeptOrgDeviceList *self)
{
  g_return_val_if_fail (ADEPT_IS_ORG_DEVICE_LIST (self), 0);
  return self->n_rows;
}

guint
adept_org_device_list_get_placement_count (AdeptOrgDeviceList *self,
                                           AdeptOrgPlacement   placement)
{
  g_return_val_if_fail (ADEPT_IS_ORG_DEVICE_LIST (self), 0);
  return (guint) placement < N_PLACEMENTS ? self->counts[placement] : 0;
}

guint
adept_org_device_list_get_n_waiting (AdeptOrgDeviceList *self)
{
  g_return_val_if_fail (ADEPT_IS_ORG_DEVICE_LIST (self), 0);
  return self->n_waiting;
}

AdeptOrgDevice *
adept_org_device_list_lookup (AdeptOrgDeviceList *self,
                              const char         *serial)
{
  const Row *row;

  g_return_val_if_fail (ADEPT_IS_ORG_DEVICE_LIST (self), NULL);

  row = serial != NULL ? find_row (self, serial) : NULL;
  return row != NULL ? device_for_row (self, row) : NULL;
}

gboolean
adept_org_device_list_find (AdeptOrgDeviceList *self,
                            const char         *serial,
                            guint              *position)
{
  const Row *row;
  guint lo = 0, hi;

  g_return_val_if_fail (ADEPT_IS_ORG_DEVICE_LIST (self), FALSE);

  row = serial != NULL ? find_row (self, serial) : NULL;
  if (row == NULL || !row->matches)
    return FALSE;
  hi = self->items.n_visible;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      int c = compare_rows (self, self->items.visible[mid], row);

      if (c == 0)
        {
          if (position != NULL)
            *position = mid;
          return TRUE;
        }
      if (c < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  return FALSE;
}

GStrv
adept_org_device_list_dup_visible_serials (AdeptOrgDeviceList *self)
{
  GStrv serials;

  g_return_val_if_fail (ADEPT_IS_ORG_DEVICE_LIST (self), NULL);

  serials = g_new (char *, self->items.n_visible + 1);
  for (guint i = 0; i < self->items.n_visible; i++)
    serials[i] = g_strdup (((const Row *) self->items.visible[i])->serial);
  serials[self->items.n_visible] = NULL;
  return serials;
}

/* ---- GObject ---- */

AdeptOrgDeviceList *
adept_org_device_list_new (AdeptStore         *store,
                           const AdeptOrgView *view)
{
  AdeptOrgDeviceList *self;

  g_return_val_if_fail (ADEPT_IS_STORE (store), NULL);
  g_return_val_if_fail (view != NULL && view->org_id != NULL, NULL);

  self = g_object_new (ADEPT_TYPE_ORG_DEVICE_LIST, NULL);
  self->store = g_object_ref (store);
  self->org_id = g_strdup (view->org_id);
  self->dep_server = g_strdup (view->dep_server);
  self->this_server_id = g_strdup (view->this_server_id);
  return self;
}

static void
adept_org_device_list_dispose (GObject *object)
{
  AdeptOrgDeviceList *self = ADEPT_ORG_DEVICE_LIST (object);

  adept_live_items_forget (&self->live);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (adept_org_device_list_parent_class)->dispose (object);
}

static void
adept_org_device_list_finalize (GObject *object)
{
  AdeptOrgDeviceList *self = ADEPT_ORG_DEVICE_LIST (object);

  adept_live_items_clear (&self->live);
  g_free (self->rows);
  adept_list_items_clear (&self->items);
  g_string_chunk_free (self->strings);
  g_free (self->org_id);
  g_free (self->dep_server);
  g_free (self->this_server_id);
  g_free (self->search);
  g_free (self->server_filter);

  G_OBJECT_CLASS (adept_org_device_list_parent_class)->finalize (object);
}

static void
adept_org_device_list_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  AdeptOrgDeviceList *self = ADEPT_ORG_DEVICE_LIST (object);

  switch (prop_id)
    {
    case PROP_N_ITEMS: g_value_set_uint (value, self->items.n_visible); break;
    case PROP_N_TOTAL: g_value_set_uint (value, self->n_rows); break;
    case PROP_SEARCH: g_value_set_string (value, self->search); break;
    case PROP_PLACEMENT_FILTER: g_value_set_int (value, self->placement_filter); break;
    case PROP_SERVER_FILTER: g_value_set_string (value, self->server_filter); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
adept_org_device_list_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  AdeptOrgDeviceList *self = ADEPT_ORG_DEVICE_LIST (object);

  switch (prop_id)
    {
    case PROP_SEARCH: adept_org_device_list_set_search (self, g_value_get_string (value)); break;
    case PROP_PLACEMENT_FILTER: adept_org_device_list_set_placement_filter (self, g_value_get_int (value)); break;
    case PROP_SERVER_FILTER: adept_org_device_list_set_server_filter (self, g_value_get_string (value)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
adept_org_device_list_class_init (AdeptOrgDeviceListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = adept_org_device_list_dispose;
  object_class->finalize = adept_org_device_list_finalize;
  object_class->get_property = adept_org_device_list_get_property;
  object_class->set_property = adept_org_device_list_set_property;

  properties[PROP_N_ITEMS] = g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_N_TOTAL] = g_param_spec_uint ("n-total", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_SEARCH] = g_param_spec_string ("search", NULL, NULL, NULL, rw);
  properties[PROP_PLACEMENT_FILTER] = g_param_spec_int ("placement-filter", NULL, NULL, -1,
                                                        N_PLACEMENTS - 1, -1, rw);
  properties[PROP_SERVER_FILTER] = g_param_spec_string ("server-filter", NULL, NULL, NULL, rw);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[COUNTS_CHANGED] =
    g_signal_new ("counts-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
adept_org_device_list_init (AdeptOrgDeviceList *self)
{
  self->strings = g_string_chunk_new (64 * 1024);
  adept_live_items_init (&self->live);
  self->placement_filter = -1;
}
