/* adept-device-list.h — a server's devices as a GListModel that scales to 100,000s
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "adept-device.h"
#include "adept-store.h"

G_BEGIN_DECLS

/* The order of the list; ties are broken by serial number. */
typedef enum {
  ADEPT_DEVICE_LIST_SORT_SERIAL,
  ADEPT_DEVICE_LIST_SORT_MODEL,
  ADEPT_DEVICE_LIST_SORT_DESCRIPTION,
  ADEPT_DEVICE_LIST_SORT_COLOR,
  ADEPT_DEVICE_LIST_SORT_ASSET_TAG,
  ADEPT_DEVICE_LIST_SORT_OS,
  ADEPT_DEVICE_LIST_SORT_FAMILY,
  ADEPT_DEVICE_LIST_SORT_STATUS,
  ADEPT_DEVICE_LIST_SORT_PROFILE,
  ADEPT_DEVICE_LIST_SORT_ASSIGNED_DATE,
  ADEPT_DEVICE_LIST_SORT_ASSIGNED_BY,
} AdeptDeviceListSort;

/* Facts some devices have (protocol 8 and 10), counted and filtered apart from the status. */
typedef enum {
  ADEPT_DEVICE_LIST_FLAG_REPLACEMENT = 1 << 0,  /* is_replacement_device */
  ADEPT_DEVICE_LIST_FLAG_MIGRATING   = 1 << 1,  /* arrives with an mdm_migration_deadline */
} AdeptDeviceListFlags;

/* A GListModel of AdeptDevice: the server's current devices (deleted ones left out) that
 * pass the filters, in the chosen order. Rows are kept compactly and items made on
 * demand; an item stays the same object while anyone holds it, and is updated in place
 * when a refresh brings a change. Filtering and sorting happen here rather than in a
 * GtkFilterListModel/GtkSortListModel, which would have to create an object per row. */
#define ADEPT_TYPE_DEVICE_LIST (adept_device_list_get_type ())
G_DECLARE_FINAL_TYPE (AdeptDeviceList, adept_device_list, ADEPT, DEVICE_LIST, GObject)

AdeptDeviceList *adept_device_list_new        (AdeptStore       *store,
                                               const char       *server_id);
/* Reads what changed in the store since the last refresh (everything the first time)
 * and emits items-changed for exactly the rows that changed. Call it after each sync
 * page or run (AdeptSyncEngine::changed). */
gboolean     adept_device_list_refresh        (AdeptDeviceList  *self,
                                               GError          **error);

/* The first load for a window: the first n_first devices in serial order are read now
 * (a few milliseconds), the rest in a thread, and they come in with one refresh:
 * items-changed, notify::n-total and counts-changed. A store of no more than n_first
 * devices is read whole now. Instead of the first refresh. */
gboolean     adept_device_list_load           (AdeptDeviceList  *self,
                                               guint             n_first,
                                               GError          **error);
/* The background read of adept_device_list_load() is under way. */
gboolean     adept_device_list_get_loading    (AdeptDeviceList  *self);

/* Every current device, whatever the filters. */
guint        adept_device_list_get_n_total    (AdeptDeviceList  *self);
guint        adept_device_list_get_status_count (AdeptDeviceList *self,
                                               AdeptProfileStatus status);
/* Devices of a status among those the search and the family and model filters pass,
 * whatever the status filter (a status chart of the search); get_status_count() when
 * nothing narrows the list. */
guint        adept_device_list_get_matching_count (AdeptDeviceList *self,
                                               AdeptProfileStatus status);

/* Case-insensitive text in serial, description, asset tag, model or Apple's identifiers
 * (IMEI, MEID, EID, MAC addresses; a MAC also without or with other separators, as in
 * "a483e7" or "A4-83-E7"); NULL or "" for all. */
void         adept_device_list_set_search     (AdeptDeviceList  *self,
                                               const char       *text);
const char  *adept_device_list_get_search     (AdeptDeviceList  *self);
/* status < 0 for every status. */
void         adept_device_list_set_status_filter (AdeptDeviceList *self,
                                               int               status);
int          adept_device_list_get_status_filter (AdeptDeviceList *self);
/* Only devices with every flag of flags; 0 for all. */
void         adept_device_list_set_flag_filter (AdeptDeviceList *self,
                                               AdeptDeviceListFlags flags);
AdeptDeviceListFlags adept_device_list_get_flag_filter (AdeptDeviceList *self);
/* Devices with the flag among those the search and the family and model filters pass,
 * whatever the status and flag filters (the status chart's facets). */
guint        adept_device_list_get_flag_count (AdeptDeviceList *self,
                                               AdeptDeviceListFlags flag);
/* Exact device_family ("iPad"…), NULL for all. */
void         adept_device_list_set_family_filter (AdeptDeviceList *self,
                                               const char       *family);
const char  *adept_device_list_get_family_filter (AdeptDeviceList *self);
/* Exact model, NULL for all. */
void         adept_device_list_set_model_filter (AdeptDeviceList *self,
                                               const char       *model);
const char  *adept_device_list_get_model_filter (AdeptDeviceList *self);
void         adept_device_list_set_sort       (AdeptDeviceList    *self,
                                               AdeptDeviceListSort key,
                                               gboolean            descending);

/* Position of a serial among the visible items. */
gboolean     adept_device_list_find           (AdeptDeviceList  *self,
                                               const char       *serial,
                                               guint            *position);
/* A current device by serial, also when filtered out; NULL when unknown or deleted. */
AdeptDevice *adept_device_list_lookup         (AdeptDeviceList  *self,
                                               const char       *serial);
/* The distinct families and models of current devices, sorted (for filter menus). */
GStrv        adept_device_list_dup_families   (AdeptDeviceList  *self);
GStrv        adept_device_list_dup_models     (AdeptDeviceList  *self);

G_END_DECLS
