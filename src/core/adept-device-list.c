/* adept-device-list.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-device-list"

#include "config.h"

#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "adept-device-list.h"
#include "adept-list-items.h"

#define N_STATUSES (ADEPT_PROFILE_STATUS_UNKNOWN + 1)

/* What protocol 8 and 10 tell of a device, packed in one string of the chunk (NULL when
 * Apple told none of it), so devices without it cost one pointer: the migration deadline
 * (Unix seconds), then the Wi-Fi, Bluetooth and Ethernet MAC addresses, the EID, the
 * IMEIs and the MEIDs (comma-separated), each ended by a newline. */
enum {
  IDS_DEADLINE,
  IDS_WIFI,
  IDS_BLUETOOTH,
  IDS_ETHERNET,
  IDS_EID,
  IDS_IMEI,
  IDS_MEID,
  IDS_N_FIELDS,
};

#define ROW_REPLACEMENT ADEPT_DEVICE_LIST_FLAG_REPLACEMENT
#define ROW_MIGRATING   ADEPT_DEVICE_LIST_FLAG_MIGRATING
#define N_FLAGS         2

/* One device in 128 bytes, plus ~30 for its serial and asset tag in the list's string
 * chunk and its identifiers when Apple sent them; the repetitive strings (model,
 * description, colour, OS, family, profile, assigned by) are interned. */
typedef struct {
  const char *serial;
  const char *model;
  const char *description;
  const char *color;
  const char *asset_tag;
  const char *os;
  const char *family;
  const char *profile_uuid;
  const char *assigned_by;
  const char *ids;
  gint64      assign_time;
  gint64      push_time;
  gint64      assigned_date;
  gint64      op_date;
  gint64      change_seq;
  guint8      status;
  guint8      op_type;
  guint8      matches;   /* passes the current filters */
  guint8      deleted;   /* only in a batch of changes read from the store */
  guint8      flags;     /* ROW_REPLACEMENT, ROW_MIGRATING */
} Row;

/* Where the rows' texts live. A background read fills its own, which the list adopts. */
typedef struct {
  GStringChunk *chunk;
  GHashTable   *interned;   /* text → the same text, stored in chunk */
  GPtrArray    *distinct;   /* every interned text */
} Strings;

static Strings *
strings_new (void)
{
  Strings *strings = g_new (Strings, 1);

  strings->chunk = g_string_chunk_new (64 * 1024);
  strings->interned = g_hash_table_new (g_str_hash, g_str_equal);
  strings->distinct = g_ptr_array_new ();
  return strings;
}

static void
strings_free (Strings *strings)
{
  if (strings == NULL)
    return;
  g_string_chunk_free (strings->chunk);
  g_hash_table_unref (strings->interned);
  g_ptr_array_unref (strings->distinct);
  g_free (strings);
}

/* The texts an ASCII search looks for in each row, other than the interned ones: its
 * serial, asset tag and identifiers (without the migration deadline), ASCII-lowercased,
 * each ended by a NUL, the rows one after another in the rows' order. A search scans this
 * one buffer instead of following three pointers a row, and no match spans two texts (a
 * search holds no NUL). */
typedef struct {
  char    *text;
  guint32 *starts;   /* where each row's texts begin; starts[n] is the end */
  guint    n;
} SearchText;

static void
append_lower (GString    *out,
              const char *text)
{
  gsize len = text != NULL ? strlen (text) : 0;
  gsize at = out->len;
  char *p;

  /* One size check a text, not one a byte: this runs over 100,000 rows. */
  g_string_set_size (out, at + len + 1);
  p = out->str + at;
  for (gsize i = 0; i < len; i++)
    {
      char c = text[i];

      /* g_ascii_tolower() is a call a byte. */
      p[i] = c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
    }
  p[len] = '\0';
}

static SearchText *
search_text_new (const Row *rows,
                 guint      n)
{
  SearchText *st = g_new (SearchText, 1);
  GString *out = g_string_sized_new ((gsize) n * 24 + 1);

  st->starts = g_new (guint32, n + 1);
  st->n = n;
  for (guint i = 0; i < n; i++)
    {
      const char *ids = rows[i].ids != NULL ? strchr (rows[i].ids, '\n') : NULL;

      st->starts[i] = (guint32) out->len;
      append_lower (out, rows[i].serial);
      append_lower (out, rows[i].asset_tag);
      append_lower (out, ids != NULL ? ids + 1 : NULL);
    }
  st->starts[n] = (guint32) out->len;
  st->text = g_string_free (out, FALSE);
  return st;
}

static void
search_text_free (SearchText *st)
{
  if (st == NULL)
    return;
  g_free (st->text);
  g_free (st->starts);
  g_free (st);
}

/* Rows read from the store, sorted by serial, with their texts (and, read in a thread,
 * their search text). */
typedef struct {
  Row        *rows;
  guint       n;
  guint       allocated;
  Strings    *strings;
  SearchText *search_text;
} RowSet;

static void
row_set_free (RowSet *set)
{
  g_free (set->rows);
  strings_free (set->strings);
  search_text_free (set->search_text);
  g_free (set);
}

/* Whether row i's texts hold needle (lowercase ASCII, not empty): memchr() finds each
 * candidate by the needle's first byte. */
static gboolean
search_text_row_contains (const SearchText *st,
                          guint             i,
                          const char       *needle,
                          gsize             len)
{
  const char *p = st->text + st->starts[i];
  const char *end = st->text + st->starts[i + 1];

  while (p + len <= end && (p = memchr (p, needle[0], end - p - len + 1)) != NULL)
    {
      if (memcmp (p, needle, len) == 0)
        return TRUE;
      p++;
    }
  return FALSE;
}

struct _AdeptDeviceList
{
  GObject              parent_instance;

  AdeptStore          *store;
  char                *server_id;
  Strings             *strings;

  /* Every current device, sorted by serial. */
  Row                 *rows;
  guint                n_rows;
  /* The items, filtered and sorted. */
  AdeptListItems       items;

  gint64               seq;
  gboolean             loaded;
  /* adept_device_list_load() reads the rest in a thread. */
  gboolean             loading;
  gboolean             refresh_pending;
  GCancellable        *load_cancellable;
  RowSet              *loaded_set;      /* read, applied at apply_source */
  guint                apply_source;
  /* Rebuilds search_text after a refresh dropped it, so the next keystroke doesn't. */
  guint                search_text_source;
  guint                status_counts[N_STATUSES];

  char                *search;
  gboolean             search_ascii;
  /* An ASCII search lowercased, and its length. */
  char                *search_lower;
  gsize                search_len;
  /* The search as MAC address digits ("a483e7"), when it looks like part of one. */
  char                *search_mac;
  /* The rows' unique texts lowercased in one buffer, for ASCII searches; NULL until a
   * search needs it after the rows changed. */
  SearchText          *search_text;
  int                  status_filter;
  guint8               flag_filter;
  char                *family_filter;
  char                *model_filter;
  AdeptDeviceListSort  sort;
  gboolean             descending;

  AdeptLiveItems       live;

  /* adept_device_list_get_matching_count(), computed when asked */
  guint                match_counts[N_STATUSES];
  guint                flag_counts[N_FLAGS];
  gboolean             match_counts_valid;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (AdeptDeviceList, adept_device_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_N_ITEMS,
  PROP_N_TOTAL,
  PROP_SEARCH,
  PROP_STATUS_FILTER,
  PROP_FAMILY_FILTER,
  PROP_MODEL_FILTER,
  N_PROPS
};

enum {
  COUNTS_CHANGED,
  ITEMS_SETTLED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Rows */

/* Interned strings are stored after one byte that says whether the text matches the
 * current search: a search tests each distinct model or description once, then each row
 * reads one byte. */
static const char *
intern (Strings    *strings,
        const char *text)
{
  char small[256];
  char *buffer;
  char *stored;
  gsize len;

  if (text == NULL || *text == '\0')
    return NULL;
  stored = g_hash_table_lookup (strings->interned, text);
  if (stored != NULL)
    return stored;
  len = strlen (text);
  buffer = len + 1 < sizeof small ? small : g_malloc (len + 1);
  /* Marked when the rows are filtered (mark_interned()). */
  buffer[0] = FALSE;
  memcpy (buffer + 1, text, len);
  stored = g_string_chunk_insert_len (strings->chunk, buffer, len + 1) + 1;
  if (buffer != small)
    g_free (buffer);
  g_hash_table_add (strings->interned, stored);
  g_ptr_array_add (strings->distinct, stored);
  return stored;
}

static gboolean
interned_matches (const char *text)
{
  return text != NULL && text[-1];
}

static const char *
keep (Strings    *strings,
      const char *text)
{
  return text && *text ? g_string_chunk_insert (strings->chunk, text) : NULL;
}

static const char *
keep_ids (Strings                   *strings,
          const AdeptStoreDeviceRow *r)
{
  const char *texts[IDS_N_FIELDS] = { NULL };
  char packed[512];
  gsize used = 0;
  gboolean any = FALSE;

  texts[IDS_WIFI] = r->wifi_mac_address;
  texts[IDS_BLUETOOTH] = r->bluetooth_mac_address;
  texts[IDS_ETHERNET] = r->ethernet_mac_address;
  texts[IDS_EID] = r->eid;
  texts[IDS_IMEI] = r->imei;
  texts[IDS_MEID] = r->meid;
  /* A stack buffer: no allocation per row while loading 100,000. */
  for (guint i = 0; i < IDS_N_FIELDS; i++)
    {
      const char *text = texts[i];
      char number[24] = "";
      gsize len;

      if (i == IDS_DEADLINE && r->mdm_migration_deadline > 0)
        g_snprintf (number, sizeof number, "%" G_GINT64_FORMAT, r->mdm_migration_deadline);
      if (text == NULL)
        text = number;
      len = strlen (text);
      if (used + len + 2 > sizeof packed)
        return NULL;
      memcpy (packed + used, text, len);
      used += len;
      packed[used++] = '\n';
      any = any || len > 0;
    }
  packed[used] = '\0';
  return any ? g_string_chunk_insert (strings->chunk, packed) : NULL;
}

static void
row_from_store (Strings                   *strings,
                Row                       *row,
                const AdeptStoreDeviceRow *r)
{
  row->serial = keep (strings, r->serial);
  row->model = intern (strings, r->model);
  row->description = intern (strings, r->description);
  row->color = intern (strings, r->color);
  row->asset_tag = keep (strings, r->asset_tag);
  row->os = intern (strings, r->os);
  row->family = intern (strings, r->device_family);
  row->profile_uuid = intern (strings, r->profile_uuid);
  row->assigned_by = intern (strings, r->device_assigned_by);
  row->assign_time = r->profile_assign_time;
  row->push_time = r->profile_push_time;
  row->assigned_date = r->device_assigned_date;
  row->op_date = r->op_date;
  row->change_seq = r->change_seq;
  row->status = r->profile_status;
  row->op_type = r->op_type;
  row->deleted = r->deleted;
  row->matches = FALSE;
  row->ids = keep_ids (strings, r);
  row->flags = (r->is_replacement_device ? ROW_REPLACEMENT : 0) |
               (r->mdm_migration_deadline > 0 ? ROW_MIGRATING : 0);
}

/* The fields of a packed identifier string; NULL for empty ones. */
static void
unpack_ids (const char  *ids,
            char       **fields)
{
  g_auto(GStrv) parts = ids != NULL ? g_strsplit (ids, "\n", IDS_N_FIELDS + 1) : NULL;

  for (guint i = 0; i < IDS_N_FIELDS; i++)
    fields[i] = parts != NULL && g_strv_length (parts) > i && *parts[i] != '\0'
                ? g_strdup (parts[i]) : NULL;
}

static void
device_update_ids (AdeptDevice *d,
                   const Row   *row)
{
  char *fields[IDS_N_FIELDS];
  g_auto(GStrv) imei = NULL;
  g_auto(GStrv) meid = NULL;

  unpack_ids (row->ids, fields);
  imei = adept_store_split_list (fields[IDS_IMEI]);
  meid = adept_store_split_list (fields[IDS_MEID]);
  adept_device_set_mdm_migration_deadline (d, fields[IDS_DEADLINE] ? g_ascii_strtoll (fields[IDS_DEADLINE], NULL, 10) : 0);
  adept_device_set_wifi_mac_address (d, fields[IDS_WIFI]);
  adept_device_set_bluetooth_mac_address (d, fields[IDS_BLUETOOTH]);
  adept_device_set_ethernet_mac_address (d, fields[IDS_ETHERNET]);
  adept_device_set_eid (d, fields[IDS_EID]);
  adept_device_set_imei (d, (const char * const *) imei);
  adept_device_set_meid (d, (const char * const *) meid);
  adept_device_set_is_replacement_device (d, (row->flags & ROW_REPLACEMENT) != 0);
  for (guint i = 0; i < IDS_N_FIELDS; i++)
    g_free (fields[i]);
}

static void
device_update_from_row (AdeptDevice *d,
                        const Row   *row)
{
  g_object_freeze_notify (G_OBJECT (d));
  adept_device_set_model (d, row->model);
  adept_device_set_description (d, row->description);
  adept_device_set_color (d, row->color);
  adept_device_set_asset_tag (d, row->asset_tag);
  adept_device_set_os (d, row->os);
  adept_device_set_device_family (d, row->family);
  adept_device_set_profile_status (d, row->status);
  adept_device_set_profile_uuid (d, row->profile_uuid);
  adept_device_set_profile_assign_time (d, row->assign_time);
  adept_device_set_profile_push_time (d, row->push_time);
  adept_device_set_device_assigned_date (d, row->assigned_date);
  adept_device_set_device_assigned_by (d, row->assigned_by);
  adept_device_set_op_type (d, row->op_type);
  adept_device_set_op_date (d, row->op_date);
  device_update_ids (d, row);
  g_object_thaw_notify (G_OBJECT (d));
}

static AdeptDevice *
device_for_row (AdeptDeviceList *self,
                const Row       *row)
{
  AdeptDevice *device = adept_live_items_lookup (&self->live, row->serial);

  if (device != NULL)
    return g_object_ref (device);
  device = adept_device_new (row->serial);
  device_update_from_row (device, row);
  adept_live_items_add (&self->live, row->serial, device);
  return device;
}

/* Filters */

static gboolean
contains (const AdeptDeviceList *self,
          const char            *haystack)
{
  g_autofree char *folded = NULL;

  if (haystack == NULL)
    return FALSE;
  if (self->search_ascii)
    return strcasestr (haystack, self->search) != NULL;
  folded = g_utf8_casefold (haystack, -1);
  return strstr (folded, self->search) != NULL;
}

/* An ASCII search in a serial number or an asset tag (no two rows share one): a plain
 * loop beats strcasestr() on a dozen characters. */
static gboolean
unique_contains (const AdeptDeviceList *self,
                 const char            *haystack)
{
  const char *needle = self->search_lower;
  char first;

  if (haystack == NULL)
    return FALSE;
  if (needle == NULL)
    return contains (self, haystack);
  first = needle[0];
  for (const char *p = haystack; *p != '\0'; p++)
    {
      char c = *p >= 'A' && *p <= 'Z' ? *p + ('a' - 'A') : *p;

      if (c == first && g_ascii_strncasecmp (p, needle, self->search_len) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Hex digits of a MAC-like text, lowercased: "A4:83:E7" and "a4-83-e7" give "a483e7".
 * Stops at a comma (Ethernet lists), so digits of two addresses never join. */
static gsize
mac_digits (const char *text,
            char       *out,
            gsize       size)
{
  gsize n = 0;

  for (const char *p = text; *p != '\0' && *p != ',' && *p != '\n' && n + 1 < size; p++)
    if (g_ascii_isxdigit (*p))
      out[n++] = g_ascii_tolower (*p);
  out[n] = '\0';
  return n;
}

static gboolean
mac_matches (const AdeptDeviceList *self,
             const char            *ids)
{
  const char *field = ids;

  /* Wi-Fi, Bluetooth and Ethernet are fields 1 to 3. */
  for (guint i = 0; field != NULL && i <= IDS_ETHERNET; i++)
    {
      if (i >= IDS_WIFI)
        for (const char *mac = field; mac != NULL && *mac != '\n' && *mac != '\0';)
          {
            char digits[32];

            mac_digits (mac, digits, sizeof digits);
            if (strstr (digits, self->search_mac) != NULL)
              return TRUE;
            mac = strpbrk (mac, ",\n");
            mac = mac != NULL && *mac == ',' ? mac + 1 : NULL;
          }
      field = strchr (field, '\n');
      field = field != NULL ? field + 1 : NULL;
    }
  return FALSE;
}

/* Identifiers match as written (IMEIs, EID, MACs with their colons), MACs also by their
 * digits alone; the deadline does not take part. */
static gboolean
ids_match (const AdeptDeviceList *self,
           const char            *ids)
{
  const char *identifiers;

  if (ids == NULL)
    return FALSE;
  identifiers = strchr (ids, '\n');
  if (identifiers != NULL && contains (self, identifiers + 1))
    return TRUE;
  return self->search_mac != NULL && mac_matches (self, ids);
}

/* The status, flag, family and model filters. */
static gboolean
row_passes_filters (const AdeptDeviceList *self,
                    const Row             *row)
{
  if (self->status_filter >= 0 && row->status != self->status_filter)
    return FALSE;
  if ((row->flags & self->flag_filter) != self->flag_filter)
    return FALSE;
  if (self->family_filter != NULL && g_strcmp0 (row->family, self->family_filter) != 0)
    return FALSE;
  if (self->model_filter != NULL && g_strcmp0 (row->model, self->model_filter) != 0)
    return FALSE;
  return TRUE;
}

static gboolean
row_matches (const AdeptDeviceList *self,
             const Row             *row)
{
  if (!row_passes_filters (self, row))
    return FALSE;
  if (self->search == NULL)
    return TRUE;
  return interned_matches (row->description) || interned_matches (row->model) ||
         unique_contains (self, row->serial) || unique_contains (self, row->asset_tag) ||
         ids_match (self, row->ids);
}

/* row_matches() for self->rows[i], an ASCII search read in the search text: the same
 * texts, lowercased the same way. */
static gboolean
row_matches_at (const AdeptDeviceList *self,
                guint                  i)
{
  const Row *row = &self->rows[i];

  if (!row_passes_filters (self, row))
    return FALSE;
  return interned_matches (row->description) || interned_matches (row->model) ||
         search_text_row_contains (self->search_text, i, self->search_lower, self->search_len) ||
         (self->search_mac != NULL && row->ids != NULL && mac_matches (self, row->ids));
}

/* Marks each distinct interned text: does it hold the search? */
static void
mark_interned (AdeptDeviceList *self)
{
  for (guint i = 0; i < self->strings->distinct->len; i++)
    {
      char *text = g_ptr_array_index (self->strings->distinct, i);

      text[-1] = self->search != NULL && contains (self, text);
    }
}

/* Order */


#define CMP(a, b) ((a) < (b) ? -1 : (a) > (b) ? 1 : 0)

static int
compare_key (const Row           *a,
             const Row           *b,
             AdeptDeviceListSort  sort)
{
  switch (sort)
    {
    case ADEPT_DEVICE_LIST_SORT_MODEL: return adept_list_compare_text (a->model, b->model);
    case ADEPT_DEVICE_LIST_SORT_DESCRIPTION: return adept_list_compare_text (a->description, b->description);
    case ADEPT_DEVICE_LIST_SORT_COLOR: return adept_list_compare_text (a->color, b->color);
    case ADEPT_DEVICE_LIST_SORT_ASSET_TAG: return adept_list_compare_text (a->asset_tag, b->asset_tag);
    case ADEPT_DEVICE_LIST_SORT_OS: return adept_list_compare_text (a->os, b->os);
    case ADEPT_DEVICE_LIST_SORT_FAMILY: return adept_list_compare_text (a->family, b->family);
    case ADEPT_DEVICE_LIST_SORT_STATUS: return CMP (a->status, b->status);
    case ADEPT_DEVICE_LIST_SORT_PROFILE: return adept_list_compare_text (a->profile_uuid, b->profile_uuid);
    case ADEPT_DEVICE_LIST_SORT_ASSIGNED_DATE: return CMP (a->assigned_date, b->assigned_date);
    case ADEPT_DEVICE_LIST_SORT_ASSIGNED_BY: return adept_list_compare_text (a->assigned_by, b->assigned_by);
    case ADEPT_DEVICE_LIST_SORT_SERIAL:
    default:
      return 0;
    }
}

/* A total order: the sort key, then the serial (unique). */
static int
compare_rows (const AdeptDeviceList *self,
              const Row             *a,
              const Row             *b)
{
  int c = compare_key (a, b, self->sort);

  if (c == 0 && a->serial != b->serial)
    c = strcmp (a->serial, b->serial);
  return self->descending ? -c : c;
}

static int
compare_rows_qsort (gconstpointer a,
                    gconstpointer b,
                    gpointer      self)
{
  return compare_rows (self, *(const Row * const *) a, *(const Row * const *) b);
}

static gboolean
is_serial_order (const AdeptDeviceList *self)
{
  return self->sort == ADEPT_DEVICE_LIST_SORT_SERIAL && !self->descending;
}

/* Applying a new item array */

/* Same device with the same content: a copied row keeps the interned serial pointer and
 * its change_seq. */
static gboolean
same_row (gconstpointer pa,
          gconstpointer pb)
{
  const Row *a = pa;
  const Row *b = pb;

  return a == b ||
         ((a->serial == b->serial || strcmp (a->serial, b->serial) == 0) &&
          a->change_seq == b->change_seq);
}

static int
compare_items (gconstpointer a,
               gconstpointer b,
               gpointer      self)
{
  return compare_rows (self, a, b);
}

/* Old and new items both point into the rows (a new filter or order, not a refresh):
 * a row is its own identity, and the rows are in serial order. */
static gboolean
same_row_in_place (gconstpointer a,
                   gconstpointer b)
{
  return a == b;
}

static int
compare_items_in_place (gconstpointer a,
                        gconstpointer b,
                        gpointer      self)
{
  if (!is_serial_order (self))
    return compare_rows (self, a, b);
  return a < b ? -1 : a > b ? 1 : 0;
}

/* Replaces the items by new_items (taking it), emitting items-changed for exactly the
 * ranges that differ. in_place: the old items point into the current rows too. */
static void
set_items (AdeptDeviceList  *self,
           const Row       **new_items,
           guint             n_new,
           gboolean          whole,
           gboolean          in_place)
{
  guint old_n = self->items.n_visible;

  adept_list_items_set (&self->items, G_LIST_MODEL (self), (gconstpointer *) new_items, n_new, whole,
                        in_place ? same_row_in_place : same_row,
                        in_place ? compare_items_in_place : compare_items, self);
  if (old_n != n_new)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  g_signal_emit (self, signals[ITEMS_SETTLED], 0);
}

static const Row **
collect_matches (AdeptDeviceList *self,
                 guint           *n_out)
{
  const Row **items = g_new (const Row *, self->n_rows + 1);
  guint n = 0;

  for (guint i = 0; i < self->n_rows; i++)
    if (self->rows[i].matches)
      items[n++] = &self->rows[i];
  if (!is_serial_order (self))
    g_qsort_with_data (items, n, sizeof *items, compare_rows_qsort, self);
  *n_out = n;
  return items;
}

static void
trim_heap (void)
{
#ifdef __GLIBC__
  malloc_trim (0);
#endif
}

static void count_row (AdeptDeviceList *self,
                       const Row       *row);

static void
ensure_search_text (AdeptDeviceList *self)
{
  if (self->search_text == NULL)
    self->search_text = search_text_new (self->rows, self->n_rows);
}

static gboolean
build_search_text_cb (gpointer data)
{
  AdeptDeviceList *self = data;

  self->search_text_source = 0;
  /* A background read brings its own. */
  if (self->loaded && !self->loading)
    ensure_search_text (self);
  return G_SOURCE_REMOVE;
}

/* After the frame that shows a refresh, when the main loop has nothing else to do. */
static void
schedule_search_text (AdeptDeviceList *self)
{
  if (self->search_text_source == 0)
    self->search_text_source = g_idle_add_full (G_PRIORITY_LOW, build_search_text_cb, self, NULL);
}

static void
refilter (AdeptDeviceList *self,
          gboolean         narrowing)
{
  const Row **items = g_new (const Row *, self->n_rows + 1);
  guint n = 0;
  /* The status chart's counts come with the filtering when no status or flag narrows. */
  gboolean count = self->status_filter < 0 && self->flag_filter == 0;

  /* An ASCII search reads one buffer of lowercased texts rather than each row's. */
  gboolean by_text = self->search != NULL && self->search_lower != NULL && self->search_len > 0;

  memset (self->match_counts, 0, sizeof self->match_counts);
  memset (self->flag_counts, 0, sizeof self->flag_counts);
  mark_interned (self);
  if (by_text)
    ensure_search_text (self);
  for (guint i = 0; i < self->n_rows; i++)
    {
      Row *row = &self->rows[i];

      /* A stricter search only needs to look at what matched before. */
      if (!narrowing || row->matches)
        row->matches = by_text ? row_matches_at (self, i) : row_matches (self, row);
      if (row->matches)
        {
          items[n++] = row;
          if (count)
            count_row (self, row);
        }
    }
  self->match_counts_valid = count;
  if (!is_serial_order (self))
    g_qsort_with_data (items, n, sizeof *items, compare_rows_qsort, self);
  set_items (self, items, n, FALSE, TRUE);
  /* No trim_heap() here: the next keystroke's item array would fault its pages in
   * again (a few milliseconds each time for 100,000 rows). */
}

/* Loading */

static void
count_statuses (AdeptDeviceList *self)
{
  memset (self->status_counts, 0, sizeof self->status_counts);
  for (guint i = 0; i < self->n_rows; i++)
    self->status_counts[MIN (self->rows[i].status, N_STATUSES - 1)]++;
}

static int
compare_serials (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (((const Row *) a)->serial, ((const Row *) b)->serial);
}

/* A first load reads every device through SQLite's page cache and sorts a copy of the
 * rows: tens of megabytes freed at once, which glibc keeps unless asked. */
static void
give_back_memory (AdeptDeviceList *self)
{
  adept_store_release_memory (self->store);
  trim_heap ();
}

static void
add_row (const AdeptStoreDeviceRow *r,
         gpointer                   user_data)
{
  RowSet *set = user_data;

  if (set->n == set->allocated)
    {
      set->allocated *= 2;
      set->rows = g_renew (Row, set->rows, set->allocated);
    }
  row_from_store (set->strings, &set->rows[set->n++], r);
}

static RowSet *
row_set_new (Strings *strings)
{
  RowSet *set = g_new0 (RowSet, 1);

  set->allocated = 1024;
  set->rows = g_new (Row, set->allocated);
  set->strings = strings;
  return set;
}

/* Which rows pass the filters, with the interned texts marked for the search (texts
 * new since the last filtering are not). */
static void
match_rows (AdeptDeviceList *self,
            Row             *rows,
            guint            n)
{
  mark_interned (self);
  for (guint i = 0; i < n; i++)
    rows[i].matches = row_matches (self, &rows[i]);
}

/* Rows of the store with change_seq > since, sorted by serial, their texts in the
 * list's strings. */
static Row *
read_rows (AdeptDeviceList  *self,
           gint64            since,
           guint            *n_out,
           GError          **error)
{
  RowSet *set = row_set_new (self->strings);
  Row *rows;

  if (!adept_store_foreach_device (self->store, self->server_id, since, add_row, set, error))
    {
      set->strings = NULL;
      row_set_free (set);
      return NULL;
    }
  if (since <= 0)
    qsort (set->rows, set->n, sizeof *set->rows, compare_serials);
  match_rows (self, set->rows, set->n);
  *n_out = set->n;
  rows = g_steal_pointer (&set->rows);
  set->strings = NULL;
  row_set_free (set);
  return rows;
}

/* The old rows with the changes applied: a changed row replaces its old self, a deleted
 * one disappears, a new one is inserted in serial order. */
static Row *
merge_rows (AdeptDeviceList *self,
            const Row       *changes,
            guint            n_changes,
            guint           *n_out)
{
  Row *merged = g_new (Row, self->n_rows + n_changes + 1);
  guint i = 0, k = 0, n = 0;

  while (i < self->n_rows || k < n_changes)
    {
      int c = i >= self->n_rows ? 1 : k >= n_changes ? -1
        : strcmp (self->rows[i].serial, changes[k].serial);

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

static void
update_live_devices (AdeptDeviceList *self,
                     const Row       *changes,
                     guint            n_changes)
{
  if (adept_live_items_empty (&self->live))
    return;
  for (guint k = 0; k < n_changes; k++)
    {
      AdeptDevice *device = adept_live_items_lookup (&self->live, changes[k].serial);

      if (device != NULL && !changes[k].deleted)
        device_update_from_row (device, &changes[k]);
    }
}

/* Shows the rows now in self->rows (old_rows, and the rows of changes, were the rows
 * before): items-changed, counts, n-total. */
static void
rows_replaced (AdeptDeviceList *self,
               Row             *old_rows,
               guint            old_total,
               gboolean         many)
{
  const Row **items;
  guint n_items;

  count_statuses (self);
  self->match_counts_valid = FALSE;
  /* The old items point into old_rows: free those only once the change is emitted. */
  items = collect_matches (self, &n_items);
  set_items (self, items, n_items, FALSE, FALSE);
  g_free (old_rows);

  if (many)
    give_back_memory (self);
  if (old_total != self->n_rows)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_TOTAL]);
  g_signal_emit (self, signals[COUNTS_CHANGED], 0);
}

gboolean
adept_device_list_refresh (AdeptDeviceList  *self,
                           GError          **error)
{
  gint64 seq;
  Row *changes;
  Row *old_rows;
  guint n_changes = 0;
  guint old_total = self->n_rows;

  g_return_val_if_fail (ADEPT_IS_DEVICE_LIST (self), FALSE);

  /* The background read brings every row; the changes since are read after it. */
  if (self->loading)
    {
      self->refresh_pending = TRUE;
      return TRUE;
    }
  /* Read the sequence first: a commit racing the query is only read twice. */
  seq = adept_store_get_change_seq (self->store, self->server_id);
  if (self->loaded && seq == self->seq)
    return TRUE;

  changes = read_rows (self, self->loaded ? self->seq : 0, &n_changes, error);
  if (changes == NULL)
    return FALSE;

  old_rows = self->rows;
  if (!self->loaded)
    {
      self->rows = changes;
      self->n_rows = n_changes;
      changes = NULL;
      n_changes = 0;
    }
  else
    self->rows = merge_rows (self, changes, n_changes, &self->n_rows);
  g_clear_pointer (&self->search_text, search_text_free);
  schedule_search_text (self);
  self->seq = seq;
  self->loaded = TRUE;

  update_live_devices (self, changes, n_changes);
  rows_replaced (self, old_rows, old_total, old_total == 0 || n_changes > self->n_rows / 4);
  g_free (changes);
  return TRUE;
}

/* Loading in the background */

typedef struct {
  char *dir;
  char *server_id;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_free (data->dir);
  g_free (data->server_id);
  g_free (data);
}

/* Every current device, read with a store of its own (one AdeptStore per thread). */
static void
load_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *data = task_data;
  g_autoptr(AdeptStore) store = NULL;
  g_autoptr(GError) error = NULL;
  RowSet *set;

  store = adept_store_open_in (data->dir, &error);
  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  set = row_set_new (strings_new ());
  if (!adept_store_foreach_device (store, data->server_id, 0, add_row, set, &error))
    {
      row_set_free (set);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  qsort (set->rows, set->n, sizeof *set->rows, compare_serials);
  /* Ready for the first keystroke, built off the main thread. */
  set->search_text = search_text_new (set->rows, set->n);
  g_task_return_pointer (task, set, (GDestroyNotify) row_set_free);
}

/* The rows the thread read replace the first screen. */
static gboolean
apply_loaded_cb (gpointer data)
{
  AdeptDeviceList *self = data;
  RowSet *set = g_steal_pointer (&self->loaded_set);
  Strings *old_strings = self->strings;
  Row *old_rows = self->rows;
  guint old_total = self->n_rows;
  g_autoptr(GError) error = NULL;

  self->apply_source = 0;
  self->strings = g_steal_pointer (&set->strings);
  self->rows = g_steal_pointer (&set->rows);
  self->n_rows = set->n;
  search_text_free (self->search_text);
  self->search_text = g_steal_pointer (&set->search_text);
  row_set_free (set);
  self->loading = FALSE;
  match_rows (self, self->rows, self->n_rows);
  rows_replaced (self, old_rows, old_total, TRUE);
  strings_free (old_strings);

  /* What changed while the thread read, from the sequence read before it. */
  self->refresh_pending = FALSE;
  if (!adept_device_list_refresh (self, &error))
    g_warning ("Could not read the devices: %s", error->message);
  return G_SOURCE_REMOVE;
}

static void
load_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  AdeptDeviceList *self = ADEPT_DEVICE_LIST (source);
  g_autoptr(GError) error = NULL;
  RowSet *set = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;   /* disposed */
  if (set == NULL)
    {
      /* The first screen stays; the next refresh reads everything again. */
      g_warning ("Could not read the devices: %s", error->message);
      g_clear_error (&error);
      self->loading = FALSE;
      self->loaded = FALSE;
      if (self->refresh_pending && !adept_device_list_refresh (self, &error))
        g_warning ("Could not read the devices: %s", error->message);
      return;
    }
  /* Applied after the frame a window may be about to draw (idles come after redraws):
   * the first screen shows first, whichever of the two is done first. */
  self->loaded_set = set;
  self->apply_source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, apply_loaded_cb,
                                        g_object_ref (self), g_object_unref);
}

gboolean
adept_device_list_load (AdeptDeviceList  *self,
                        guint             n_first,
                        GError          **error)
{
  g_autoptr(GTask) task = NULL;
  RowSet *set;
  LoadData *data;
  gint64 seq;

  g_return_val_if_fail (ADEPT_IS_DEVICE_LIST (self), FALSE);
  g_return_val_if_fail (!self->loaded && !self->loading, FALSE);

  seq = adept_store_get_change_seq (self->store, self->server_id);
  set = row_set_new (self->strings);
  /* One more than the first screen: whether there is more to read. */
  if (!adept_store_foreach_first_device (self->store, self->server_id, n_first + 1, add_row,
                                         set, error))
    {
      set->strings = NULL;
      row_set_free (set);
      return FALSE;
    }
  match_rows (self, set->rows, set->n);
  self->rows = g_steal_pointer (&set->rows);
  self->n_rows = set->n;
  g_clear_pointer (&self->search_text, search_text_free);
  self->seq = seq;
  self->loaded = TRUE;
  self->loading = set->n > n_first;
  set->strings = NULL;
  row_set_free (set);
  rows_replaced (self, NULL, 0, FALSE);
  if (!self->loading)
    return TRUE;

  data = g_new0 (LoadData, 1);
  data->dir = g_strdup (adept_store_get_dir (self->store));
  data->server_id = g_strdup (self->server_id);
  self->load_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->load_cancellable, load_done, NULL);
  g_task_set_source_tag (task, adept_device_list_load);
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);
  g_task_run_in_thread (task, load_thread);
  return TRUE;
}

gboolean
adept_device_list_get_loading (AdeptDeviceList *self)
{
  g_return_val_if_fail (ADEPT_IS_DEVICE_LIST (self), FALSE);

  return self->loading;
}

/* GListModel */

static GType
list_get_item_type (GListModel *model)
{
  return ADEPT_TYPE_DEVICE;
}

static guint
list_get_n_items (GListModel *model)
{
  return adept_list_items_count (&ADEPT_DEVICE_LIST (model)->items);
}

static gpointer
list_get_item (GListModel *model,
               guint       position)
{
  AdeptDeviceList *self = ADEPT_DEVICE_LIST (model);
  const Row *row = adept_list_items_get (&self->items, position);

  return row ? device_for_row (self, row) : NULL;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = list_get_item_type;
  iface->get_n_items = list_get_n_items;
  iface->get_item = list_get_item;
}

/* Filters and order */

/* The digits of a search that looks like part of a MAC address: hex digits with ":", "-"
 * or "." between them (at least 4 digits), or 6 hex digits and more; else NULL. */
static char *
search_as_mac (const char *text)
{
  char digits[64];
  gsize n;

  if (text == NULL || strspn (text, "0123456789abcdefABCDEF:-. ") != strlen (text))
    return NULL;
  n = mac_digits (text, digits, sizeof digits);
  if (n >= 6 || (n >= 4 && strpbrk (text, ":-.") != NULL))
    return g_strdup (digits);
  return NULL;
}

void
adept_device_list_set_search (AdeptDeviceList *self,
                              const char      *text)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *folded = NULL;
  g_autofree char *mac = NULL;
  gboolean narrowing;

  g_return_if_fail (ADEPT_IS_DEVICE_LIST (self));

  trimmed = g_strstrip (g_strdup (text ? text : ""));
  if (*trimmed == '\0')
    g_clear_pointer (&trimmed, g_free);
  else if (!g_str_is_ascii (trimmed))
    folded = g_utf8_casefold (trimmed, -1);

  if (g_strcmp0 (folded ? folded : trimmed, self->search) == 0)
    return;

  mac = search_as_mac (trimmed);
  /* A longer search matches fewer rows, unless it newly reads as a MAC address. */
  narrowing = trimmed != NULL && self->search != NULL && self->search_ascii &&
              folded == NULL && strcasestr (trimmed, self->search) != NULL &&
              (mac == NULL || self->search_mac != NULL);
  g_free (self->search);
  self->search = folded ? g_steal_pointer (&folded) : g_steal_pointer (&trimmed);
  self->search_ascii = self->search == NULL || g_str_is_ascii (self->search);
  g_free (self->search_lower);
  self->search_lower = self->search != NULL && self->search_ascii ? g_ascii_strdown (self->search, -1) : NULL;
  self->search_len = self->search_lower != NULL ? strlen (self->search_lower) : 0;
  g_free (self->search_mac);
  self->search_mac = g_steal_pointer (&mac);

  refilter (self, narrowing);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH]);
}

const char *
adept_device_list_get_search (AdeptDeviceList *self)
{
  g_return_val_if_fail (ADEPT_IS_DEVICE_LIST (self), NULL);
  return self->search;
}

void
adept_device_list_set_status_filter (AdeptDeviceList *self,
                                     int              status)
{
  g_return_if_fail (ADEPT_IS_DEVICE_LIST (self));

  status = status < 0 ? -1 : MIN (status, N_STATUSES - 1);
  if (status == self->status_filter)
    return;
  self->status_filter = status;
  refilter (self, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS_FILTER]);
}

int
adept_device_list_get_status_filter (AdeptDeviceList *self)
{
  g_return_val_if_fail (ADEPT_IS_DEVICE_LIST (self), -1);
  return self->status_filter;
}

static gboolean
set_text_filter (char       **field,
                 const char  *value)
{
  if (value != NULL && *value == '\0')
    value = NULL;
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

void
adept_device_list_set_family_filter (AdeptDeviceList *self,
                                     const char      *family)
{
  g_return_if_fail (ADEPT_IS_DEVICE_LIST (self));

  if (!set_text_filter (&self->family_filter, family))
    return;
  refilter (self, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FAMILY_FILTER]);
}

const char *
adept_device_list_get_family_filter (AdeptDeviceList *self)
{
  g_return_val_if_fail (ADEPT_IS_DEVICE_LIST (self), NULL);
  return self->family_filter;
}

void
adept_device_list_set_model_filter (AdeptDeviceList *self,
                                    const char      *model)
{
  g_return_if_fail (ADEPT_IS_DEVICE_LIST (self));

  if (!set_text_filter (&self->model_filter, model))
    return;
  refilter (self, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL_FILTER]);
}

const char *
adept_device_list_get_model_filter (AdeptDeviceList *self)
{
  g_return_val_if_fail (ADEPT_IS_DEVICE_LIST (self), NULL);
  return self->model_filter;
}

void
adept_device_list_set_sort (AdeptDeviceList     *self,
                            AdeptDeviceListSort  key,
                            gboolean             descending)
{
  const Row **items;
  guint n;

  g_return_if_fail (ADEPT_IS_DEVICE_LIST (self));

  if (self->sort == key && self->descending == !!descending)
    return;
  self->sort = key;
  self->descending = !!descending;
  items = collect_matches (self, &n);
  set_items (self, items, n, TRUE, TRUE);
}

/* Queries */

guint
adept_device_list_get_n_total (AdeptDeviceList *self)
{
  g_return_val_if_fail (ADEPT_IS_DEVICE_LIST (self), 0);
  return self->n_rows;
}

guint
adept_device_list_get_status_count (AdeptDeviceList    *self,
                                    AdeptProfileStatus  status)
{
  g_return_val_if_fail (ADEPT_IS_DEVICE_LIST (self), 0);
  return (guint) status < N_STATUSES ? self->status_counts[status] : 0;
}

/* The status chart of a search: the search and the family and model filters count, the
 * status and flag filters do not, as the chart is what chooses them. */
static void
count_row (AdeptDeviceList *self,
           const Row       *row)
{
  self->match_counts[MIN (row->status, N_STATUSES - 1)]++;
  for (guint f = 0; f < N_FLAGS; f++)
    if (row->flags & (1u << f))
      self->flag_counts[f]++;
}

static void
count_matching (AdeptDeviceList *self)
{
  int status_filter = self->status_filter;
  guint8 flag_filter = self->flag_filter;

  memset (self->match_counts, 0, sizeof self->match_counts);
  memset (self->flag_counts, 0, sizeof self->flag_counts);
  if (status_filter < 0 && flag_filter == 0)
    {
      for (guint i = 0; i < self->n_rows; i++)
        if (self->rows[i].matches)
          count_row (self, &self->rows[i]);
      return;
    }
  self->status_filter = -1;
  self->flag_filter = 0;
  for (guint i = 0; i < self->n_rows; i++)
    if (row_matches (self, &self->rows[i]))
      count_row (self, &self->rows[i]);
  self->status_filter = status_filter;
  self->flag_filter = flag_filter;
}

static void
ensure_counts (AdeptDeviceList *self)
{
  if (!self->match_counts_valid)
    {
      count_matching (self);
      self->match_counts_valid = TRUE;
    }
}

guint
adept_device_list_get_matching_count (AdeptDeviceList    *self,
                                      AdeptProfileStatus  status)
{
  g_return_val_if_fail (ADEPT_IS_DEVICE_LIST (self), 0);

  if ((guint) status >= N_STATUSES)
    return 0;
  if (self->search == NULL && self->family_filter == NULL && self->model_filter == NULL)
    return self->status_counts[status];
  ensure_counts (self);
  return self->match_counts[status];
}

guint
adept_device_list_get_flag_count (AdeptDeviceList      *self,
                                  AdeptDeviceListFlags  flag)
{
  g_return_val_if_fail (ADEPT_IS_DEVICE_LIST (self), 0);
  g_return_val_if_fail (flag == ADEPT_DEVICE_LIST_FLAG_REPLACEMENT ||
                        flag == ADEPT_DEVICE_LIST_FLAG_MIGRATING, 0);

  ensure_counts (self);
  return self->flag_counts[flag == ADEPT_DEVICE_LIST_FLAG_MIGRATING];
}

void
adept_device_list_set_flag_filter (AdeptDeviceList      *self,
                                   AdeptDeviceListFlags  flags)
{
  g_return_if_fail (ADEPT_IS_DEVICE_LIST (self));

  flags &= ADEPT_DEVICE_LIST_FLAG_REPLACEMENT | ADEPT_DEVICE_LIST_FLAG_MIGRATING;
  if (flags == self->flag_filter)
    return;
  self->flag_filter = flags;
  refilter (self, FALSE);
}

AdeptDeviceListFlags
adept_device_list_get_flag_filter (AdeptDeviceList *self)
{
  g_return_val_if_fail (ADEPT_IS_DEVICE_LIST (self), 0);
  return self->flag_filter;
}

static const Row *
find_row (AdeptDeviceList *self,
          const char      *serial)
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

gboolean
adept_device_list_find (AdeptDeviceList *self,
                        const char      *serial,
                        guint           *position)
{
  const Row *row;
  guint lo = 0, hi;

  g_return_val_if_fail (ADEPT_IS_DEVICE_LIST (self), FALSE);
  g_return_val_if_fail (serial != NULL, FALSE);

  row = find_row (self, serial);
  if (row == NULL || !row->matches)
    return FALSE;

  /* The items are sorted by compare_rows(), so the row's place is found by bisection. */
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

AdeptDevice *
adept_device_list_lookup (AdeptDeviceList *self,
                          const char      *serial)
{
  const Row *row;

  g_return_val_if_fail (ADEPT_IS_DEVICE_LIST (self), NULL);

  row = find_row (self, serial);
  return row ? device_for_row (self, row) : NULL;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return adept_list_compare_text (*(const char * const *) a, *(const char * const *) b);
}

static GStrv
distinct (AdeptDeviceList *self,
          gsize            offset)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  GStrvBuilder *builder = g_strv_builder_new ();
  GStrv result;

  /* Interned strings: equal text has an equal address. */
  for (guint i = 0; i < self->n_rows; i++)
    {
      const char *value = G_STRUCT_MEMBER (const char *, &self->rows[i], offset);

      if (value != NULL && g_hash_table_add (seen, (gpointer) value))
        g_ptr_array_add (values, (gpointer) value);
    }
  g_ptr_array_sort (values, compare_strings);
  for (guint i = 0; i < values->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (values, i));
  result = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return result;
}

GStrv
adept_device_list_dup_families (AdeptDeviceList *self)
{
  g_return_val_if_fail (ADEPT_IS_DEVICE_LIST (self), NULL);
  return distinct (self, G_STRUCT_OFFSET (Row, family));
}

GStrv
adept_device_list_dup_models (AdeptDeviceList *self)
{
  g_return_val_if_fail (ADEPT_IS_DEVICE_LIST (self), NULL);
  return distinct (self, G_STRUCT_OFFSET (Row, model));
}

/* GObject */

AdeptDeviceList *
adept_device_list_new (AdeptStore *store,
                       const char *server_id)
{
  AdeptDeviceList *self;

  g_return_val_if_fail (ADEPT_IS_STORE (store), NULL);
  g_return_val_if_fail (server_id != NULL, NULL);

  self = g_object_new (ADEPT_TYPE_DEVICE_LIST, NULL);
  self->store = g_object_ref (store);
  self->server_id = g_strdup (server_id);
  return self;
}

static void
adept_device_list_dispose (GObject *object)
{
  AdeptDeviceList *self = ADEPT_DEVICE_LIST (object);

  adept_live_items_forget (&self->live);
  g_cancellable_cancel (self->load_cancellable);
  g_clear_handle_id (&self->apply_source, g_source_remove);
  g_clear_handle_id (&self->search_text_source, g_source_remove);
  g_clear_pointer (&self->loaded_set, row_set_free);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (adept_device_list_parent_class)->dispose (object);
}

static void
adept_device_list_finalize (GObject *object)
{
  AdeptDeviceList *self = ADEPT_DEVICE_LIST (object);

  adept_live_items_clear (&self->live);
  g_free (self->rows);
  adept_list_items_clear (&self->items);
  strings_free (self->strings);
  g_clear_object (&self->load_cancellable);
  g_free (self->server_id);
  g_free (self->search);
  g_free (self->search_lower);
  g_free (self->search_mac);
  search_text_free (self->search_text);
  g_free (self->family_filter);
  g_free (self->model_filter);

  G_OBJECT_CLASS (adept_device_list_parent_class)->finalize (object);
}

static void
adept_device_list_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  AdeptDeviceList *self = ADEPT_DEVICE_LIST (object);

  switch (prop_id)
    {
    case PROP_N_ITEMS: g_value_set_uint (value, self->items.n_visible); break;
    case PROP_N_TOTAL: g_value_set_uint (value, self->n_rows); break;
    case PROP_SEARCH: g_value_set_string (value, self->search); break;
    case PROP_STATUS_FILTER: g_value_set_int (value, self->status_filter); break;
    case PROP_FAMILY_FILTER: g_value_set_string (value, self->family_filter); break;
    case PROP_MODEL_FILTER: g_value_set_string (value, self->model_filter); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
adept_device_list_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  AdeptDeviceList *self = ADEPT_DEVICE_LIST (object);

  switch (prop_id)
    {
    case PROP_SEARCH: adept_device_list_set_search (self, g_value_get_string (value)); break;
    case PROP_STATUS_FILTER: adept_device_list_set_status_filter (self, g_value_get_int (value)); break;
    case PROP_FAMILY_FILTER: adept_device_list_set_family_filter (self, g_value_get_string (value)); break;
    case PROP_MODEL_FILTER: adept_device_list_set_model_filter (self, g_value_get_string (value)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
adept_device_list_class_init (AdeptDeviceListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = adept_device_list_dispose;
  object_class->finalize = adept_device_list_finalize;
  object_class->get_property = adept_device_list_get_property;
  object_class->set_property = adept_device_list_set_property;

  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_TOTAL] =
    g_param_spec_uint ("n-total", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEARCH] = g_param_spec_string ("search", NULL, NULL, NULL, rw);
  properties[PROP_STATUS_FILTER] =
    g_param_spec_int ("status-filter", NULL, NULL, -1, N_STATUSES - 1, -1, rw);
  properties[PROP_FAMILY_FILTER] = g_param_spec_string ("family-filter", NULL, NULL, NULL, rw);
  properties[PROP_MODEL_FILTER] = g_param_spec_string ("model-filter", NULL, NULL, NULL, rw);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The per-status counts (adept_device_list_get_status_count()) may have changed. */
  signals[COUNTS_CHANGED] =
    g_signal_new ("counts-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* Every items-changed of one change of the filters, order or rows has been emitted:
   * the list is what it will stay (a view may catch up once rather than per range). */
  signals[ITEMS_SETTLED] =
    g_signal_new ("items-settled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
adept_device_list_init (AdeptDeviceList *self)
{
  self->strings = strings_new ();
  adept_live_items_init (&self->live);
  self->status_filter = -1;
}
