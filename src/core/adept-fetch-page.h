/* adept-fetch-page.h — one page of fetch or sync devices (FetchDeviceResponse)
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "adept-arena.h"
#include "adept-device.h"

G_BEGIN_DECLS

/* A GListModel of AdeptDevice, in Apple's order (chronological by operation). */
#define ADEPT_TYPE_FETCH_PAGE (adept_fetch_page_get_type ())
G_DECLARE_FINAL_TYPE (AdeptFetchPage, adept_fetch_page, ADEPT, FETCH_PAGE, GObject)

/* {cursor, devices: [Device…], fetched_until, more_to_follow} (dep-api.md §3.2). A device
 * without a serial number or a missing cursor is ADEPT_ERROR_MALFORMED_RESPONSE. */
AdeptFetchPage *adept_fetch_page_new_from_json     (JsonObject       *object,
                                                      GError          **error);
JsonObject      *adept_fetch_page_to_json           (AdeptFetchPage  *self);
/* For adept-page-parser.c: a page of records (AdeptDeviceRecord) whose strings live in
 * arena. Takes all four. */
AdeptFetchPage *adept_fetch_page_new_take          (char             *cursor,
                                                      gboolean          more_to_follow,
                                                      gint64            fetched_until,
                                                      GArray           *records,
                                                      AdeptArena       *arena);

/* Opaque; up to 1000+ characters. Store it to continue with sync. */
const char      *adept_fetch_page_get_cursor        (AdeptFetchPage  *self);
gboolean         adept_fetch_page_get_more_to_follow (AdeptFetchPage *self);
/* Unix seconds; 0 when Apple gave none. */
gint64           adept_fetch_page_get_fetched_until (AdeptFetchPage  *self);
/* AdeptDevice*, owned by the page; made on the first call. */
GPtrArray       *adept_fetch_page_get_devices       (AdeptFetchPage  *self);
/* The devices as plain records, in the page's order, owned by the page: what storing
 * a page reads, without making an object per device. */
const AdeptDeviceRecord *adept_fetch_page_get_records (AdeptFetchPage *self,
                                                       guint          *n_records);

G_END_DECLS
