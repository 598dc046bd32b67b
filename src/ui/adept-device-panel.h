/* adept-device-panel.h — the right-hand panel of the Devices page: one device's General,
 * Management and Timeline pages, or what a selection of several devices holds
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "adept-device.h"
#include "adept-panel-section.h"
#include "adept-status-chart.h"
#include "adept-store.h"

G_BEGIN_DECLS

/* Pages ("general", "management", "timeline") made of sections (AdeptPanelSection): the
 * device's facts; its profile and the DEP Profile Status chart; its timeline (Apple's
 * events and Adept's assign attempts) with the auto-assigner's next step. Each section
 * fills itself from one AdeptDeviceFacts the panel reads per update, and hides itself when
 * it has nothing to say about the device.
 *
 * Extension point: a feature adds a section, either for every panel through the table in
 * adept-device-panel-sections.c, or to one panel with adept_device_panel_add_section():
 *
 *   static gboolean
 *   update_identifiers (AdeptPanelSection *section, const AdeptDeviceFacts *facts, gpointer data)
 *   {
 *     adept_panel_section_set_fact (section, "wifi-mac",
 *                                   adept_device_get_wifi_mac_address (facts->device));
 *     adept_panel_section_set_fact (section, "eid", adept_device_get_eid (facts->device));
 *     return adept_device_get_wifi_mac_address (facts->device) != NULL || …;
 *   }
 *
 *   section = adept_panel_section_new ("identifiers", _("Identifiers"), NULL,
 *                                      update_identifiers, NULL, NULL);
 *   adept_panel_section_add_fact (section, "wifi-mac", _("Wi-Fi MAC"),
 *                                 ADEPT_FACT_IDENTIFIER | ADEPT_FACT_COPYABLE);
 *   adept_panel_section_add_fact (section, "eid", _("EID"),
 *                                 ADEPT_FACT_IDENTIFIER | ADEPT_FACT_COPYABLE);
 *   adept_device_panel_add_section (panel, "general", section);
 */
#define ADEPT_TYPE_DEVICE_PANEL (adept_device_panel_get_type ())
G_DECLARE_FINAL_TYPE (AdeptDevicePanel, adept_device_panel, ADEPT, DEVICE_PANEL, AdwBin)

/* Where the panel reads profiles, the device timeline, and the auto-assigner's plan. */
void          adept_device_panel_set_store     (AdeptDevicePanel  *self,
                                                AdeptStore        *store,
                                                const char        *server_id);
/* One device; the panel follows the device's changes. */
/* The organisation the store's server is in, while the Apple Business API is connected
 * (NULL: not), for the sections that show what Apple Business knows of a device. */
void          adept_device_panel_set_org_view  (AdeptDevicePanel  *self,
                                                const AdeptOrgView *view);
void          adept_device_panel_show_device   (AdeptDevicePanel  *self,
                                                AdeptDevice       *device);
/* Several devices: how many, and how many per category of the selection chart (its
 * categories' order: the statuses first, ADEPT_STATUS_CHART_N_STATUSES of them). */
void          adept_device_panel_show_selection (AdeptDevicePanel *self,
                                                 guint             n_devices,
                                                 const guint      *counts);
void          adept_device_panel_show_nothing  (AdeptDevicePanel  *self);
/* Reads the store again for the device shown (after an assign, say). */
void          adept_device_panel_reload        (AdeptDevicePanel  *self);

/* Adds a section at the end of a page, and fills it at once when a device shows. */
void          adept_device_panel_add_section   (AdeptDevicePanel  *self,
                                                const char        *page,
                                                AdeptPanelSection *section);
/* A section by id ("device", "profile", "status-chart", "timeline"…), or NULL. */
AdeptPanelSection *adept_device_panel_find_section (AdeptDevicePanel *self,
                                                    const char       *id);

/* "general", "management" or "timeline": the page of a device's panel that shows. */
const char   *adept_device_panel_get_page      (AdeptDevicePanel  *self);
void          adept_device_panel_set_page      (AdeptDevicePanel  *self,
                                                const char        *page);

/* The close button shows while the panel covers the list (narrow windows). */
void          adept_device_panel_set_closable  (AdeptDevicePanel  *self,
                                                gboolean           closable);

/* What the admin sees, for tests. */
/* "nothing", "device" or "selection". */
const char   *adept_device_panel_get_mode      (AdeptDevicePanel  *self);
AdeptDevice  *adept_device_panel_get_device    (AdeptDevicePanel  *self);
/* A value shown in the panel: any section's fact ("serial", "model", "description",
 * "color", "family", "os", "asset-tag", "server-assigned", "assigned-by", "status",
 * "profile", "profile-uuid"), "plan", "selection-title". NULL when not shown. */
const char   *adept_device_panel_get_value     (AdeptDevicePanel  *self,
                                                const char        *field);
/* The fact row of a field, NULL when no section has it. */
AdeptFactRow *adept_device_panel_get_fact      (AdeptDevicePanel  *self,
                                                const char        *field);
/* The status the chart highlights as the device's, -1 when none. */
int           adept_device_panel_get_highlighted_status (AdeptDevicePanel *self);
/* Timeline rows, oldest first: "what — when · detail" lines; attempts: only the assign
 * attempts' lines. */
GStrv         adept_device_panel_dup_timeline  (AdeptDevicePanel  *self);
GStrv         adept_device_panel_dup_attempts  (AdeptDevicePanel  *self);
AdeptStatusChart *adept_device_panel_get_selection_chart (AdeptDevicePanel *self);

G_END_DECLS
