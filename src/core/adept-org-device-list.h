/* adept-org-device-list.h — the organisation's devices as a GListModel that scales to
 * 100,000s, with the filters of the Organisation view
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "adept-org-device.h"
#include "adept-store-org.h"

G_BEGIN_DECLS

typedef enum {
  ADEPT_ORG_DEVICE_LIST_SORT_SERIAL,
  ADEPT_ORG_DEVICE_LIST_SORT_MODEL,
  ADEPT_ORG_DEVICE_LIST_SORT_FAMILY,
  ADEPT_ORG_DEVICE_LIST_SORT_ORDER_NUMBER,
  ADEPT_ORG_DEVICE_LIST_SORT_ORDER_DATE,
  ADEPT_ORG_DEVICE_LIST_SORT_ADDED_DATE,
  ADEPT_ORG_DEVICE_LIST_SORT_SERVER,
  ADEPT_ORG_DEVICE_LIST_SORT_PURCHASE_SOURCE,
  ADEPT_ORG_DEVICE_LIST_SORT_MIGRATION,
} AdeptOrgDeviceListSort;

/* A GListModel of AdeptOrgDevice: the organisation's current devices (released ones left
 * out) that pass the filters, in the chosen order (ties by serial). Rows are kept
 * compactly and items made on demand, like AdeptDeviceList; an item stays the same
 * object while anyone holds it and is updated in place by a refresh.
 *
 * Properties: "n-items", "n-total", "search", "placement-filter" (int: an
 * AdeptOrgPlacement, -1 for all), "server-filter" (an MDM server id, NULL for all).
 * Signal "counts-changed": the per-placement counts may have changed. */
#define ADEPT_TYPE_ORG_DEVICE_LIST (adept_org_device_list_get_type ())
G_DECLARE_FINAL_TYPE (AdeptOrgDeviceList, adept_org_device_list, ADEPT, ORG_DEVICE_LIST, GObject)

/* view: the organisation, this console's server (its DEP devices are joined in) and its
 * id among the organisation's MDM servers. */
AdeptOrgDeviceList *adept_org_device_list_new          (AdeptStore              *store,
                                                        const AdeptOrgView      *view);
/* The view the list was made with; its strings are the list's. */
void                adept_org_device_list_get_view     (AdeptOrgDeviceList      *self,
                                                        AdeptOrgView            *view);
/* Reads what changed since the last refresh (the organisation's devices and the DEP
 * devices of this server) and emits items-changed for exactly the rows that changed. */
gboolean     adept_org_device_list_refresh             (AdeptOrgDeviceList      *self,
                                                        GError                 **error);

guint        adept_org_device_list_get_n_total         (AdeptOrgDeviceList      *self);
guint        adept_org_device_list_get_placement_count (AdeptOrgDeviceList      *self,
                                                        AdeptOrgPlacement        placement);
/* Assigned to this server in Apple Business but not yet brought in by the DEP sync: the
 * status chart's "not yet on this server". */
guint        adept_org_device_list_get_n_waiting       (AdeptOrgDeviceList      *self);

/* Case-insensitive text in the serial number or the order number; NULL or "" for all. */
void         adept_org_device_list_set_search          (AdeptOrgDeviceList      *self,
                                                        const char              *text);
const char  *adept_org_device_list_get_search          (AdeptOrgDeviceList      *self);
/* -1 for every placement. */
void         adept_org_device_list_set_placement_filter (AdeptOrgDeviceList     *self,
                                                        int                      placement);
int          adept_org_device_list_get_placement_filter (AdeptOrgDeviceList     *self);
void         adept_org_device_list_set_server_filter   (AdeptOrgDeviceList      *self,
                                                        const char              *server_id);
const char  *adept_org_device_list_get_server_filter   (AdeptOrgDeviceList      *self);
void         adept_org_device_list_set_sort            (AdeptOrgDeviceList      *self,
                                                        AdeptOrgDeviceListSort   key,
                                                        gboolean                 descending);

/* A current device by serial, also when filtered out; NULL when unknown. */
AdeptOrgDevice *adept_org_device_list_lookup           (AdeptOrgDeviceList      *self,
                                                        const char              *serial);
/* Position of a serial among the visible items. */
gboolean     adept_org_device_list_find                (AdeptOrgDeviceList      *self,
                                                        const char              *serial,
                                                        guint                   *position);
/* The serials of the visible items, in order (a selection of "all shown"). */
GStrv        adept_org_device_list_dup_visible_serials (AdeptOrgDeviceList      *self);

G_END_DECLS
