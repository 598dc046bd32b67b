/* adept-slot-model.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-slot-model"

#include "config.h"

#include "adept-slot-model.h"

/* A slot no position holds any more (it left the view, or is about to). */
#define NO_POSITION G_MAXUINT

struct _AdeptSlotModel
{
  GObject     parent_instance;

  GListModel *source;
  /* The slots alive (the view's, ~200), by position: weak pointers. */
  GHashTable *by_position;
  /* Where each slot is, kept beside it (slots are plain items). */
  GHashTable *positions;
  guint       n_items;        /* as told to the view */
  gboolean    keep_identity;
  gboolean    settles;        /* the source emits items-settled */
  /* A change of the source not yet shown (slot mode): from this position on. */
  guint       dirty_from;
  gboolean    pending;
  /* The rows the view shows (adept_slot_model_set_visible()): slots near them take a
   * change at once, the others (GTK 4.8 keeps ~200 rows alive, most off screen) a few at
   * a time between frames. */
  guint       visible_first;
  guint       visible_n;
  GHashTable *stale;          /* slots whose item is not their position's yet */
  guint       stale_source;
};

/* Off-screen slots refilled at a time: a few milliseconds of GTK's work, never a frame's. */
#define STALE_CHUNK 16

/* Rows above and below the visible ones refilled at once (a small scroll's worth). */
#define NEAR_MARGIN 8

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (AdeptSlotModel, adept_slot_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

/* Live slots */

static guint
slot_position (AdeptSlotModel *self,
               AdeptListSlot  *slot)
{
  gpointer value;

  if (!g_hash_table_lookup_extended (self->positions, slot, NULL, &value))
    return NO_POSITION;
  return GPOINTER_TO_UINT (value);
}

static void
place_slot (AdeptSlotModel *self,
            AdeptListSlot  *slot,
            guint           position)
{
  g_hash_table_insert (self->positions, slot, GUINT_TO_POINTER (position));
  if (position != NO_POSITION)
    g_hash_table_insert (self->by_position, GUINT_TO_POINTER (position), slot);
}

static void
slot_gone (gpointer  data,
           GObject  *where_the_object_was)
{
  AdeptSlotModel *self = data;
  AdeptListSlot *slot = (AdeptListSlot *) where_the_object_was;
  guint position = slot_position (self, slot);

  if (position != NO_POSITION &&
      g_hash_table_lookup (self->by_position, GUINT_TO_POINTER (position)) == slot)
    g_hash_table_remove (self->by_position, GUINT_TO_POINTER (position));
  g_hash_table_remove (self->positions, slot);
  g_hash_table_remove (self->stale, slot);
}

static void
forget_slots (AdeptSlotModel *self)
{
  GHashTableIter iter;
  gpointer slot;

  g_hash_table_iter_init (&iter, self->positions);
  while (g_hash_table_iter_next (&iter, &slot, NULL))
    g_object_weak_unref (slot, slot_gone, self);
  g_hash_table_remove_all (self->positions);
  g_hash_table_remove_all (self->by_position);
  g_hash_table_remove_all (self->stale);
}

/* A copy of the live slots: setting an item may run code that asks for more rows. */
static GPtrArray *
live_slots (AdeptSlotModel *self)
{
  GPtrArray *slots = g_ptr_array_sized_new (g_hash_table_size (self->positions));
  GHashTableIter iter;
  gpointer slot;

  g_hash_table_iter_init (&iter, self->positions);
  while (g_hash_table_iter_next (&iter, &slot, NULL))
    g_ptr_array_add (slots, slot);
  return slots;
}

/* GListModel */

static GType
slot_model_get_item_type (GListModel *model)
{
  return ADEPT_TYPE_LIST_SLOT;
}

static guint
slot_model_get_n_items (GListModel *model)
{
  return ADEPT_SLOT_MODEL (model)->n_items;
}

static gpointer
slot_model_get_item (GListModel *model,
                     guint       position)
{
  AdeptSlotModel *self = ADEPT_SLOT_MODEL (model);
  AdeptListSlot *slot;
  g_autoptr(GObject) item = NULL;

  if (position >= self->n_items || self->source == NULL)
    return NULL;
  slot = g_hash_table_lookup (self->by_position, GUINT_TO_POINTER (position));
  if (slot != NULL)
    {
      /* Whoever asks gets the slot with its current item, refilled or not yet. */
      if (g_hash_table_remove (self->stale, slot))
        {
          item = g_list_model_get_item (self->source, position);
          adept_list_slot_set_item (slot, item);
        }
      return g_object_ref (slot);
    }

  item = g_list_model_get_item (self->source, position);
  slot = adept_list_slot_new (item);
  g_object_weak_ref (G_OBJECT (slot), slot_gone, self);
  place_slot (self, slot, position);
  return slot;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = slot_model_get_item_type;
  iface->get_n_items = slot_model_get_n_items;
  iface->get_item = slot_model_get_item;
}

/* Slot mode: the rows stay, their items change */

/* Each slot takes the item now at its position; those past the end leave with the
 * items-changed that shortens the list. */
/* The positions refilled at once in a list of n items: the visible rows and a margin,
 * moved up when the list became shorter than where the view was (it scrolls back). */
static void
near_range (AdeptSlotModel *self,
            guint           n,
            guint          *lo,
            guint          *hi)
{
  guint first = self->visible_first;
  guint count = self->visible_n;

  if (count == G_MAXUINT)
    {
      *lo = 0;
      *hi = G_MAXUINT;
      return;
    }
  if (first + count > n)
    first = n > count ? n - count : 0;
  *lo = first > NEAR_MARGIN ? first - NEAR_MARGIN : 0;
  *hi = first + count + NEAR_MARGIN;
}

/* Gives the slots from position from on the source's items, in a list of n items; with
 * near_only, those far from the rows shown are left for refill_stale(). Whether any was. */
static gboolean
refill_slots (AdeptSlotModel *self,
              guint           from,
              guint           n,
              gboolean        near_only)
{
  g_autoptr(GPtrArray) slots = live_slots (self);
  gboolean left = FALSE;
  guint lo = 0, hi = G_MAXUINT;

  if (near_only)
    near_range (self, n, &lo, &hi);
  for (guint i = 0; i < slots->len; i++)
    {
      AdeptListSlot *slot = g_ptr_array_index (slots, i);
      guint position = slot_position (self, slot);
      g_autoptr(GObject) item = NULL;

      if (position == NO_POSITION || position < from)
        continue;
      g_hash_table_remove (self->stale, slot);
      if (position >= n)
        {
          g_hash_table_remove (self->by_position, GUINT_TO_POINTER (position));
          place_slot (self, slot, NO_POSITION);
          adept_list_slot_set_item (slot, NULL);
          continue;
        }
      if (position < lo || position >= hi)
        {
          g_hash_table_add (self->stale, slot);
          left = TRUE;
          continue;
        }
      item = g_list_model_get_item (self->source, position);
      adept_list_slot_set_item (slot, item);
    }
  return left;
}

/* Gives up to max stale slots their item, only those from lo to hi; whether any stale
 * slot is left. */
static gboolean
refill_some_stale (AdeptSlotModel *self,
                   guint           max,
                   guint           lo,
                   guint           hi)
{
  GHashTableIter iter;
  gpointer slot;
  guint done = 0;

  g_hash_table_iter_init (&iter, self->stale);
  while (done < max && g_hash_table_iter_next (&iter, &slot, NULL))
    {
      guint position = slot_position (self, slot);
      g_autoptr(GObject) item = NULL;

      if (position != NO_POSITION && position < self->n_items && (position < lo || position >= hi))
        continue;
      g_hash_table_iter_remove (&iter);
      if (position == NO_POSITION || position >= self->n_items)
        continue;
      item = g_list_model_get_item (self->source, position);
      /* Notifying may let go of other slots (slot_gone): the iterator is done with. */
      g_hash_table_iter_init (&iter, self->stale);
      adept_list_slot_set_item (slot, item);
      done++;
    }
  return g_hash_table_size (self->stale) > 0;
}

/* Every stale slot, now. */
static void
refill_stale (AdeptSlotModel *self)
{
  g_clear_handle_id (&self->stale_source, g_source_remove);
  refill_some_stale (self, G_MAXUINT, 0, G_MAXUINT);
}

static gboolean
refill_stale_cb (gpointer data)
{
  AdeptSlotModel *self = data;

  if (refill_some_stale (self, STALE_CHUNK, 0, G_MAXUINT))
    return G_SOURCE_CONTINUE;
  self->stale_source = 0;
  return G_SOURCE_REMOVE;
}

static gboolean
refill_all_stale_cb (gpointer data)
{
  AdeptSlotModel *self = data;

  self->stale_source = 0;
  refill_some_stale (self, G_MAXUINT, 0, G_MAXUINT);
  return G_SOURCE_REMOVE;
}

static void
on_source_settled (AdeptSlotModel *self)
{
  guint old_n = self->n_items;
  guint new_n = g_list_model_get_n_items (self->source);
  guint common = MIN (old_n, new_n);

  if (!self->pending)
    return;
  self->pending = FALSE;
  /* The rows on screen now; those off it a few at a time when the loop is idle (frames
   * come first), unless the view scrolls or asks for them first. */
  refill_slots (self, self->dirty_from, new_n, TRUE);
  self->n_items = new_n;
  /* Slots left by an earlier change that a shorter list brings near the rows shown. */
  if (g_hash_table_size (self->stale) > 0)
    {
      guint lo, hi;

      near_range (self, new_n, &lo, &hi);
      refill_some_stale (self, G_MAXUINT, lo, hi);
    }
  if (g_hash_table_size (self->stale) > 0 && self->stale_source == 0)
    self->stale_source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, refill_stale_cb, self, NULL);
  if (old_n != new_n)
    g_list_model_items_changed (G_LIST_MODEL (self), common, old_n - common, new_n - common);
}

/* Identity mode: the source's changes as they come */

static void
pass_change (AdeptSlotModel *self,
             guint           position,
             guint           removed,
             guint           added)
{
  g_autoptr(GHashTable) gone = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr(GPtrArray) slots = NULL;

  /* Slots follow their items from here: each must hold its own first. */
  refill_stale (self);
  slots = live_slots (self);
  /* Slots of removed items wait for their item to come back; those after the change
   * move along. */
  g_hash_table_remove_all (self->by_position);
  for (guint i = 0; i < slots->len; i++)
    {
      AdeptListSlot *slot = g_ptr_array_index (slots, i);
      guint p = slot_position (self, slot);

      if (p == NO_POSITION)
        continue;
      if (p >= position + removed)
        place_slot (self, slot, p - removed + added);
      else if (p >= position)
        {
          place_slot (self, slot, NO_POSITION);
          if (adept_list_slot_get_item (slot) != NULL)
            g_hash_table_insert (gone, adept_list_slot_get_item (slot), slot);
        }
      else
        place_slot (self, slot, p);
    }
  for (guint i = 0; i < added && g_hash_table_size (gone) > 0; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (self->source, position + i);
      AdeptListSlot *slot = g_hash_table_lookup (gone, item);

      if (slot != NULL)
        {
          place_slot (self, slot, position + i);
          g_hash_table_remove (gone, item);
        }
    }
  self->n_items = self->n_items - removed + added;
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

static void
on_source_items_changed (GListModel     *source,
                         guint           position,
                         guint           removed,
                         guint           added,
                         AdeptSlotModel *self)
{
  if (self->keep_identity || !self->settles)
    {
      /* A slot-mode change not shown yet cannot be: the source settles each change. */
      pass_change (self, position, removed, added);
      return;
    }
  self->dirty_from = self->pending ? MIN (self->dirty_from, position) : position;
  self->pending = TRUE;
}

/* Public */

AdeptSlotModel *
adept_slot_model_new (GListModel *source)
{
  AdeptSlotModel *self;

  g_return_val_if_fail (G_IS_LIST_MODEL (source), NULL);

  self = g_object_new (ADEPT_TYPE_SLOT_MODEL, NULL);
  self->source = g_object_ref (source);
  self->n_items = g_list_model_get_n_items (source);
  g_signal_connect (source, "items-changed", G_CALLBACK (on_source_items_changed), self);
  self->settles = g_signal_lookup ("items-settled", G_OBJECT_TYPE (source)) != 0;
  if (self->settles)
    g_signal_connect_swapped (source, "items-settled", G_CALLBACK (on_source_settled), self);
  return self;
}

void
adept_slot_model_set_keep_identity (AdeptSlotModel *self,
                                    gboolean        keep)
{
  g_return_if_fail (ADEPT_IS_SLOT_MODEL (self));

  self->keep_identity = !!keep;
}

/* The view shows n rows from position first: a change of the source refills the slots
 * near them before the next frame and the others after it. n G_MAXUINT (the default):
 * every slot at once. */
void
adept_slot_model_set_visible (AdeptSlotModel *self,
                              guint           first,
                              guint           n)
{
  g_return_if_fail (ADEPT_IS_SLOT_MODEL (self));

  if (first == self->visible_first && n == self->visible_n)
    return;
  self->visible_first = first;
  self->visible_n = n;
  /* The view moved: the rows it brings into sight are current before it draws them. Not
   * here, though: the view may be allocating its rows (its adjustment changes then), and a
   * row changed meanwhile would be drawn unallocated. Before the next frame instead. */
  if (g_hash_table_size (self->stale) > 0)
    {
      g_clear_handle_id (&self->stale_source, g_source_remove);
      self->stale_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE + 10, refill_all_stale_cb, self, NULL);
    }
}

gboolean
adept_slot_model_get_keep_identity (AdeptSlotModel *self)
{
  g_return_val_if_fail (ADEPT_IS_SLOT_MODEL (self), FALSE);

  return self->keep_identity;
}

/* GObject */

static void
adept_slot_model_dispose (GObject *object)
{
  AdeptSlotModel *self = ADEPT_SLOT_MODEL (object);

  g_clear_handle_id (&self->stale_source, g_source_remove);
  if (self->source != NULL)
    g_signal_handlers_disconnect_by_data (self->source, self);
  g_clear_object (&self->source);
  if (self->positions != NULL)
    forget_slots (self);
  G_OBJECT_CLASS (adept_slot_model_parent_class)->dispose (object);
}

static void
adept_slot_model_finalize (GObject *object)
{
  AdeptSlotModel *self = ADEPT_SLOT_MODEL (object);

  g_hash_table_unref (self->by_position);
  g_hash_table_unref (self->stale);
  g_hash_table_unref (self->positions);
  G_OBJECT_CLASS (adept_slot_model_parent_class)->finalize (object);
}

static void
adept_slot_model_class_init (AdeptSlotModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = adept_slot_model_dispose;
  object_class->finalize = adept_slot_model_finalize;
}

static void
adept_slot_model_init (AdeptSlotModel *self)
{
  self->visible_n = G_MAXUINT;
  self->stale = g_hash_table_new (g_direct_hash, g_direct_equal);
  self->by_position = g_hash_table_new (g_direct_hash, g_direct_equal);
  self->positions = g_hash_table_new (g_direct_hash, g_direct_equal);
}
