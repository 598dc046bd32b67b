/* adept-list-slot.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-list-slot"

#include "config.h"

#include "adept-list-slot.h"

struct _AdeptListSlot
{
  GObject  parent_instance;

  GObject *item;
  gulong   notify_id;
};

G_DEFINE_FINAL_TYPE (AdeptListSlot, adept_list_slot, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ITEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
on_item_notify (AdeptListSlot *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}

static void
drop_item (AdeptListSlot *self)
{
  if (self->item == NULL)
    return;
  g_clear_signal_handler (&self->notify_id, self->item);
  g_clear_object (&self->item);
}

void
adept_list_slot_set_item (AdeptListSlot *self,
                          gpointer       item)
{
  g_return_if_fail (ADEPT_IS_LIST_SLOT (self));
  g_return_if_fail (item == NULL || G_IS_OBJECT (item));

  if (self->item == item)
    return;
  drop_item (self);
  if (item != NULL)
    {
      self->item = g_object_ref (item);
      self->notify_id = g_signal_connect_swapped (item, "notify", G_CALLBACK (on_item_notify), self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}

gpointer
adept_list_slot_get_item (AdeptListSlot *self)
{
  g_return_val_if_fail (ADEPT_IS_LIST_SLOT (self), NULL);

  return self->item;
}

AdeptListSlot *
adept_list_slot_new (gpointer item)
{
  AdeptListSlot *self = g_object_new (ADEPT_TYPE_LIST_SLOT, NULL);

  adept_list_slot_set_item (self, item);
  return self;
}

static void
adept_list_slot_dispose (GObject *object)
{
  drop_item (ADEPT_LIST_SLOT (object));
  G_OBJECT_CLASS (adept_list_slot_parent_class)->dispose (object);
}

static void
adept_list_slot_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, ADEPT_LIST_SLOT (object)->item);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
adept_list_slot_class_init (AdeptListSlotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = adept_list_slot_dispose;
  object_class->get_property = adept_list_slot_get_property;

  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, G_TYPE_OBJECT,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
adept_list_slot_init (AdeptListSlot *self)
{
}
