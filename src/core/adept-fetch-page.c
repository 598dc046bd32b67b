/* adept-fetch-page.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-fetch-page"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "adept-dep-protocol.h"
#include "adept-fetch-page.h"
#include "adept-device-record.h"
#include "adept-error.h"
#include "adept-page-parser.h"

struct _AdeptFetchPage
{
  GObject    parent_instance;

  char       *cursor;
  gint64      fetched_until;
  gboolean    more_to_follow;
  /* AdeptDeviceRecord, their strings in the arena */
  GArray     *records;
  AdeptArena *arena;
  /* AdeptDevice, made when first asked for: syncing never needs them */
  GPtrArray  *devices;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (AdeptFetchPage, adept_fetch_page, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
get_item_type (GListModel *model)
{
  return ADEPT_TYPE_DEVICE;
}

static guint
get_n_items (GListModel *model)
{
  return ADEPT_FETCH_PAGE (model)->records->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  AdeptFetchPage *self = ADEPT_FETCH_PAGE (model);

  if (position >= self->records->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (adept_fetch_page_get_devices (self), position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
adept_fetch_page_finalize (GObject *object)
{
  AdeptFetchPage *self = ADEPT_FETCH_PAGE (object);

  g_free (self->cursor);
  g_array_unref (self->records);
  adept_arena_free (self->arena);
  g_clear_pointer (&self->devices, g_ptr_array_unref);

  G_OBJECT_CLASS (adept_fetch_page_parent_class)->finalize (object);
}

static void
adept_fetch_page_class_init (AdeptFetchPageClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = adept_fetch_page_finalize;
}

static void
adept_fetch_page_init (AdeptFetchPage *self)
{
}

AdeptFetchPage *
adept_fetch_page_new_take (char       *cursor,
                           gboolean    more_to_follow,
                           gint64      fetched_until,
                           GArray     *records,
                           AdeptArena *arena)
{
  AdeptFetchPage *self;

  g_return_val_if_fail (cursor != NULL, NULL);
  g_return_val_if_fail (records != NULL && arena != NULL, NULL);
  g_return_val_if_fail (g_array_get_element_size (records) == sizeof (AdeptDeviceRecord), NULL);

  self = g_object_new (ADEPT_TYPE_FETCH_PAGE, NULL);
  self->cursor = cursor;
  self->more_to_follow = more_to_follow;
  self->fetched_until = fetched_until;
  self->records = records;
  self->arena = arena;
  return self;
}

/* The same reader as Apple's answers, so a page means the same however it came. */
AdeptFetchPage *
adept_fetch_page_new_from_json (JsonObject *object,
                                GError    **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (object != NULL, NULL);

  node = json_node_init_object (json_node_alloc (), object);
  text = json_to_string (node, FALSE);
  return adept_page_parse (text, strlen (text), error);
}

JsonObject *
adept_fetch_page_to_json (AdeptFetchPage *self)
{
  JsonObject *object;
  JsonArray *devices;
  g_autofree char *fetched_until = NULL;

  g_return_val_if_fail (ADEPT_IS_FETCH_PAGE (self), NULL);

  object = json_object_new ();
  devices = json_array_new ();
  adept_fetch_page_get_devices (self);
  for (guint i = 0; i < self->devices->len; i++)
    json_array_add_object_element (devices, adept_device_to_json (g_ptr_array_index (self->devices, i)));
  json_object_set_string_member (object, "cursor", self->cursor);
  json_object_set_array_member (object, "devices", devices);
  fetched_until = adept_timestamp_format (self->fetched_until);
  if (fetched_until != NULL)
    json_object_set_string_member (object, "fetched_until", fetched_until);
  json_object_set_boolean_member (object, "more_to_follow", self->more_to_follow);
  return object;
}

const char *
adept_fetch_page_get_cursor (AdeptFetchPage *self)
{
  g_return_val_if_fail (ADEPT_IS_FETCH_PAGE (self), NULL);
  return self->cursor;
}

gboolean
adept_fetch_page_get_more_to_follow (AdeptFetchPage *self)
{
  g_return_val_if_fail (ADEPT_IS_FETCH_PAGE (self), FALSE);
  return self->more_to_follow;
}

gint64
adept_fetch_page_get_fetched_until (AdeptFetchPage *self)
{
  g_return_val_if_fail (ADEPT_IS_FETCH_PAGE (self), 0);
  return self->fetched_until;
}

GPtrArray *
adept_fetch_page_get_devices (AdeptFetchPage *self)
{
  g_return_val_if_fail (ADEPT_IS_FETCH_PAGE (self), NULL);

  if (self->devices == NULL)
    {
      self->devices = g_ptr_array_new_full (self->records->len, g_object_unref);
      for (guint i = 0; i < self->records->len; i++)
        g_ptr_array_add (self->devices,
                         adept_device_new_from_record (&g_array_index (self->records, AdeptDeviceRecord, i)));
    }
  return self->devices;
}

const AdeptDeviceRecord *
adept_fetch_page_get_records (AdeptFetchPage *self,
                              guint          *n_records)
{
  g_return_val_if_fail (ADEPT_IS_FETCH_PAGE (self), NULL);
  g_return_val_if_fail (n_records != NULL, NULL);

  *n_records = self->records->len;
  return (const AdeptDeviceRecord *) self->records->data;
}
