/* adept-device-sorter.h — the order of one Devices column, as a GtkSorter
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "adept-device-list.h"
#include "adept-org-device-list.h"

G_BEGIN_DECLS

/* Compares two AdeptDevice by one key, like AdeptDeviceList orders its rows (ties broken
 * by serial). Each column of the Devices list has one; the list itself is sorted by
 * AdeptDeviceList, which keeps its rows compactly, so the column view's sorter is read
 * with adept_device_sorter_get_primary() rather than handed to a GtkSortListModel, which
 * would make and hold an object per device. */
#define ADEPT_TYPE_DEVICE_SORTER (adept_device_sorter_get_type ())
G_DECLARE_FINAL_TYPE (AdeptDeviceSorter, adept_device_sorter, ADEPT, DEVICE_SORTER, GtkSorter)

GtkSorter           *adept_device_sorter_new     (AdeptDeviceListSort  key);
AdeptDeviceListSort  adept_device_sorter_get_key (AdeptDeviceSorter   *self);

/* The key and direction the column view's sorter sorts by first, read through GtkSorter
 * alone (GTK 4.8 has no getter for the primary column). FALSE when no column sorts. */
gboolean             adept_device_sorter_get_primary (GtkSorter           *column_view_sorter,
                                                      AdeptDeviceListSort *key,
                                                      gboolean            *descending);

/* The same for a column of the Organization page: its key is the AdeptOrgDeviceList's
 * (items compare by serial number only; AdeptOrgDeviceList orders its rows). */
GtkSorter           *adept_device_sorter_new_for_org (AdeptOrgDeviceListSort  key);
gboolean             adept_device_sorter_get_org_primary (GtkSorter              *column_view_sorter,
                                                          AdeptOrgDeviceListSort *key,
                                                          gboolean               *descending);

G_END_DECLS
