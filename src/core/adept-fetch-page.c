/* adept-fetch-page.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-fetch-page"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "adept-dep-protocol.h"
#include "adept-fetch-page.h"
#include "adept-error.h"

struct _AdeptFetchPage
{
  GObject    parent_instance;

  char      *cursor;
  GPtrArray *devices;
  gint64     fetched_until;
  gboolean   more_to_follow;
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
  return ADEPT_FETCH_PAGE (model)->devices->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  AdeptFetchPage *self = ADEPT_FETCH_PAGE (model);

  if (position >= self->devices->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->devices, position));
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
  g_ptr_array_unref (self->devices);

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
  self->devices = g_ptr_array_new_with_free_func (g_object_unref);
}

static AdeptFetchPage *
malformed (GError **error)
{
  g_set_error_literal (error, ADEPT_ERROR, ADEPT_ERROR_MALFORMED_RESPONSE,
                       _("Apple’s list of devices could not be understood. Try again later; if it keeps happening, report it."));
  return NULL;
}

AdeptFetchPage *
adept_fetch_page_new_from_json (JsonObject  *object,
                                 GError     **error)
{
  g_autoptr(AdeptFetchPage) self = NULL;
  const char *cursor = adept_dep_json_get_string (object, "cursor");
  JsonNode *devices = json_object_get_member (object, "devices");

  /* Without a cursor the next sync could not continue where this page ends. */
  if (cursor == NULL)
    return malformed (error);
  if (devices != NULL && !JSON_NODE_HOLDS_ARRAY (devices) && !JSON_NODE_HOLDS_NULL (devices))
    return malformed (error);

  self = g_object_new (ADEPT_TYPE_FETCH_PAGE, NULL);
  self->cursor = g_strdup (cursor);
  self->more_to_follow = adept_dep_json_get_boolean (object, "more_to_follow", FALSE);
  self->fetched_until = adept_timestamp_parse (adept_dep_json_get_string (object, "fetched_until"));

  if (devices != NULL && JSON_NODE_HOLDS_ARRAY (devices))
    {
      JsonArray *array = json_node_get_array (devices);
      guint n = json_array_get_length (array);

      for (guint i = 0; i < n; i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          AdeptDevice *device;

          if (!JSON_NODE_HOLDS_OBJECT (element))
            return malformed (error);
          device = adept_device_new_from_json (json_node_get_object (element), error);
          if (device == NULL)
            return NULL;
          g_ptr_array_add (self->devices, device);
        }
    }
  return g_steal_pointer (&self);
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
  return self->devices;
}
