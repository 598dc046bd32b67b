/* adept-store-org-private.h — what the organisation's device list reads of the store
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "adept-store-org.h"
#include "adept-store-private.h"

G_BEGIN_DECLS

/* The organisation's devices with change_seq > since, released ones too, sorted by
 * serial; or when since is 0 every current device in no particular order. Read rows with
 * adept_store_org_data_from_row(). */
sqlite3_stmt *adept_store_org_query_devices (AdeptStore         *self,
                                             const AdeptOrgView *view,
                                             gint64              since,
                                             GError            **error);
/* Fills data (clear it after); *deleted: released from the organisation. */
void          adept_store_org_data_from_row (sqlite3_stmt       *stmt,
                                             const AdeptOrgView *view,
                                             AdeptOrgDeviceData *data,
                                             gboolean           *deleted,
                                             gint64             *change_seq);
/* Where a device is, seen from the view's server. */
AdeptOrgPlacement adept_org_view_placement  (const AdeptOrgView *view,
                                             const char         *server_id,
                                             gboolean            assigned);

G_END_DECLS
