/* adept-change-splitter.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-change-splitter"

#include "config.h"

#include "adept-change-splitter.h"

struct _AdeptChangeSplitter
{
  GObject     parent_instance;

  GListModel *source;
  /* While the removal half is told: the source's new rows not shown yet. */
  guint       hidden_position;
  guint       hidden_count;
  gboolean    split;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (AdeptChangeSplitter, adept_change_splitter, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
splitter_get_item_type (GListModel *model)
{
  return g_list_model_get_item_type (ADEPT_CHANGE_SPLITTER (model)->source);
}

static guint
splitter_get_n_items (GListModel *model)
{
  AdeptChangeSplitter *self = ADEPT_CHANGE_SPLITTER (model);

  return g_list_model_get_n_items (self->source) - self->hidden_count;
}

static gpointer
splitter_get_item (GListModel *model,
                   guint       position)
{
  AdeptChangeSplitter *self = ADEPT_CHANGE_SPLITTER (model);

  if (self->hidden_count > 0 && position >= self->hidden_position)
    position += self->hidden_count;
  return g_list_model_get_item (self->source, position);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = splitter_get_item_type;
  iface->get_n_items = splitter_get_n_items;
  iface->get_item = splitter_get_item;
}

static void
on_items_changed (GListModel          *source,
                  guint                position,
                  guint                removed,
                  guint                added,
                  AdeptChangeSplitter *self)
{
  if (!self->split || removed == 0 || added <= ADEPT_CHANGE_SPLITTER_MAX_ADDED)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
      return;
    }

  self->hidden_position = position;
  self->hidden_count = added;
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, 0);
  self->hidden_count = 0;
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, added);
}

static void
adept_change_splitter_dispose (GObject *object)
{
  AdeptChangeSplitter *self = ADEPT_CHANGE_SPLITTER (object);

  if (self->source != NULL)
    g_signal_handlers_disconnect_by_data (self->source, self);
  g_clear_object (&self->source);
  G_OBJECT_CLASS (adept_change_splitter_parent_class)->dispose (object);
}

static void
adept_change_splitter_class_init (AdeptChangeSplitterClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = adept_change_splitter_dispose;
}

static void
adept_change_splitter_init (AdeptChangeSplitter *self)
{
  self->split = TRUE;
}

AdeptChangeSplitter *
adept_change_splitter_new (GListModel *source)
{
  AdeptChangeSplitter *self;

  g_return_val_if_fail (G_IS_LIST_MODEL (source), NULL);

  self = g_object_new (ADEPT_TYPE_CHANGE_SPLITTER, NULL);
  self->source = g_object_ref (source);
  g_signal_connect (source, "items-changed", G_CALLBACK (on_items_changed), self);
  return self;
}

void
adept_change_splitter_set_split (AdeptChangeSplitter *self,
                                 gboolean             split)
{
  g_return_if_fail (ADEPT_IS_CHANGE_SPLITTER (self));

  self->split = !!split;
}

gboolean
adept_change_splitter_get_split (AdeptChangeSplitter *self)
{
  g_return_val_if_fail (ADEPT_IS_CHANGE_SPLITTER (self), FALSE);

  return self->split;
}
