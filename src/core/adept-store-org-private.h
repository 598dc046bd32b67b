/* adept-store-org-private.h — what the organisation's device list reads of the store
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "adept-store-org.h"
#include "adept-store-private.h"

G_BEGIN_DECLS

/* The columns of adept_store_org_query_devices(), in this order. */
enum {
  ORG_COL_SERIAL,
  ORG_COL_MODEL,
  ORG_COL_PRODUCT_FAMILY,
  ORG_COL_PRODUCT_TYPE,
  ORG_COL_CAPACITY,
  ORG_COL_COLOR,
  ORG_COL_PART_NUMBER,
  ORG_COL_ORDER_NUMBER,
  ORG_COL_ORDER_DATE,
  ORG_COL_PURCHASE_SOURCE_TYPE,
  ORG_COL_PURCHASE_SOURCE_ID,
  ORG_COL_ADDED,
  ORG_COL_UPDATED,
  ORG_COL_ASSIGNED,
  ORG_COL_SERVER_ID,
  ORG_COL_SERVER_NAME,
  ORG_COL_MIGRATION_CAPABLE,
  ORG_COL_MIGRATION_STATUS,
  ORG_COL_MIGRATION_DEADLINE,
  ORG_COL_DEP_STATUS,
  ORG_COL_DELETED,
  ORG_COL_CHANGE_SEQ,
};

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
/* The DEP profile status on the view's server, -1 when the device is not there. */
int           adept_store_org_column_dep_status (sqlite3_stmt   *stmt);
/* Where a device is, seen from the view's server. */
AdeptOrgPlacement adept_org_view_placement  (const AdeptOrgView *view,
                                             const char         *server_id,
                                             gboolean            assigned);

G_END_DECLS
