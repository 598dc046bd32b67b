/* adept-devices-page.h — the Devices page: every device of the linked server, its status
 * chart, search and filters, and the actions on a selection
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "adept-dep-client.h"
#include "adept-device-list.h"
#include "adept-device-panel.h"
#include "adept-status-chart.h"
#include "adept-store.h"

G_BEGIN_DECLS

/* Signals:
 *   "sync-requested" () — profiles were assigned or removed: Apple's new state of the
 *     devices reaches the store with the next sync, which the window then starts. */
#define ADEPT_TYPE_DEVICES_PAGE (adept_devices_page_get_type ())
G_DECLARE_FINAL_TYPE (AdeptDevicesPage, adept_devices_page, ADEPT, DEVICES_PAGE, AdwBin)

/* The store and the server whose devices the page lists; the list is read at once. */
gboolean          adept_devices_page_set_store     (AdeptDevicesPage  *self,
                                                    AdeptStore        *store,
                                                    const char        *server_id,
                                                    GError           **error);
/* Reads what changed in the store (after a sync, say) into the list, the chart and the
 * panel. */
gboolean          adept_devices_page_reload        (AdeptDevicesPage  *self,
                                                    GError           **error);
/* Unlinked, the page points to Settings instead of listing devices. */
void              adept_devices_page_set_linked    (AdeptDevicesPage  *self,
                                                    gboolean           linked);
gboolean          adept_devices_page_get_linked    (AdeptDevicesPage  *self);
/* The client Assign, Remove and Refresh from Apple use; without one they are disabled. */
void              adept_devices_page_set_client    (AdeptDevicesPage  *self,
                                                    AdeptDepClient    *client);

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

/* What the admin sees, for tests and the benchmark. */
/* "not-linked", "no-devices", "devices" or "no-match". */
const char       *adept_devices_page_get_state     (AdeptDevicesPage  *self);
AdeptDeviceList  *adept_devices_page_get_list      (AdeptDevicesPage  *self);
GtkSelectionModel *adept_devices_page_get_selection (AdeptDevicesPage *self);
GtkColumnView    *adept_devices_page_get_column_view (AdeptDevicesPage *self);
GtkEditable      *adept_devices_page_get_search_entry (AdeptDevicesPage *self);
AdeptStatusChart *adept_devices_page_get_chart     (AdeptDevicesPage  *self);
AdeptDevicePanel *adept_devices_page_get_panel     (AdeptDevicesPage  *self);
/* The panel is fully shown, or fully hidden (not while it slides). */
gboolean          adept_devices_page_get_panel_revealed (AdeptDevicesPage *self);
gboolean          adept_devices_page_get_panel_hidden (AdeptDevicesPage *self);
/* Selects the family filter entry showing that family (NULL: all families). */
void              adept_devices_page_set_family_filter (AdeptDevicesPage *self,
                                                        const char       *family);
gboolean          adept_devices_page_get_busy      (AdeptDevicesPage  *self);
AdwMessageDialog *adept_devices_page_get_dialog    (AdeptDevicesPage  *self);

G_END_DECLS
