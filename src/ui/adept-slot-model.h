/* adept-slot-model.h — a list model for a list view whose rows stay while a filter
 * changes what they show
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "adept-list-slot.h"

G_BEGIN_DECLS

/* GTK 4.8's list views destroy the widgets of every row an items-changed removes and
 * build new ones for the rows it adds: a search that replaces the ~200 rows a column view
 * keeps alive rebuilds ~200 rows of ~10 cells, a few hundred milliseconds with 100,000
 * devices. This model shows the source's items through position-stable AdeptListSlot
 * items: when the source settles after a change (its "items-settled" signal), each slot
 * alive takes the item now at its position, and only the difference in length is told
 * as items-changed, at the end. The view keeps every row and only their texts change.
 *
 * Position-stable rows would move a GtkMultiSelection's selection to other devices, so
 * while something is selected (keep-identity), the source's changes are passed on as
 * they come, with the slots of removed items handed back where those items come again:
 * the selection, and GTK's own search for the rows it tracks, follow the devices.
 * A source without "items-settled" is always passed on that way. */
#define ADEPT_TYPE_SLOT_MODEL (adept_slot_model_get_type ())
G_DECLARE_FINAL_TYPE (AdeptSlotModel, adept_slot_model, ADEPT, SLOT_MODEL, GObject)

AdeptSlotModel *adept_slot_model_new               (GListModel     *source);
void            adept_slot_model_set_keep_identity (AdeptSlotModel *self,
                                                    gboolean        keep);
gboolean        adept_slot_model_get_keep_identity (AdeptSlotModel *self);
void            adept_slot_model_set_visible       (AdeptSlotModel *self,
                                                    guint           first,
                                                    guint           n);

G_END_DECLS
