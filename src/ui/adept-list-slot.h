/* adept-list-slot.h — one row of a list view, showing whatever item its position holds
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The item an AdeptSlotModel hands a list view for one position. The view keeps the
 * slot, and with it the row's widgets, while a filter puts another device at that
 * position: the slot then says notify::item and the cells show the new one. A change
 * of the item itself (a refresh updating the device in place) is told as notify::item
 * too, so a cell watches the slot alone. */
#define ADEPT_TYPE_LIST_SLOT (adept_list_slot_get_type ())
G_DECLARE_FINAL_TYPE (AdeptListSlot, adept_list_slot, ADEPT, LIST_SLOT, GObject)

AdeptListSlot *adept_list_slot_new      (gpointer       item);
/* Borrowed; NULL only for a slot past the end of its list, about to leave the view. */
gpointer       adept_list_slot_get_item (AdeptListSlot *self);
void           adept_list_slot_set_item (AdeptListSlot *self,
                                         gpointer       item);

G_END_DECLS
