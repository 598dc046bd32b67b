/* adept-devices-page.h — the Devices page: every device of the linked server, its status
 * chart, search and filters, and the actions on a selection
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "adept-device-list.h"
#include "adept-device-panel.h"
#include "adept-session.h"
#include "adept-status-chart.h"
#include "adept-types.h"

G_BEGIN_DECLS

/* A view of a session (property "session"): its devices in the store, read again when
 * the session says they changed. Assign, Remove and Refresh from Apple are the session's
 * (its batches, attempts and audit log); after an assignment or removal the page asks the
 * session for a sync, which brings Apple's new status. Unlinked, the page points to
 * Settings instead of listing devices. */
#define ADEPT_TYPE_DEVICES_PAGE (adept_devices_page_get_type ())
G_DECLARE_FINAL_TYPE (AdeptDevicesPage, adept_devices_page, ADEPT, DEVICES_PAGE, AdwBin)

void              adept_devices_page_set_session   (AdeptDevicesPage  *self,
                                                    AdeptSession      *session);
AdeptSession     *adept_devices_page_get_session   (AdeptDevicesPage  *self);

/* Writes the selected devices (or all the list shows, when selection_only is FALSE) as
 * CSV: RFC 4180, UTF-8, a header row of Apple's field names, CRLF line ends. */
void              adept_devices_page_export_csv_async  (AdeptDevicesPage    *self,
                                                        GFile               *file,
                                                        gboolean             selection_only,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
gboolean          adept_devices_page_export_csv_finish (AdeptDevicesPage    *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);

/* Selects the family filter entry showing that family (NULL: all families). */
void              adept_devices_page_set_family_filter (AdeptDevicesPage *self,
                                                        const char       *family);

G_END_DECLS
