/* adept-device-panel.h — the right-hand panel of the Devices page: one device's General and
 * Management facts, or what a selection of several devices holds
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "adept-device.h"
#include "adept-status-chart.h"
#include "adept-store.h"

G_BEGIN_DECLS

#define ADEPT_TYPE_DEVICE_PANEL (adept_device_panel_get_type ())
G_DECLARE_FINAL_TYPE (AdeptDevicePanel, adept_device_panel, ADEPT, DEVICE_PANEL, AdwBin)

/* Where the panel reads profiles, the device history, assign attempts and the
 * auto-assigner's plan. */
void          adept_device_panel_set_store     (AdeptDevicePanel  *self,
                                                AdeptStore        *store,
                                                const char        *server_id);
/* One device: General, Management (DEP Profile Status, the status chart with the
 * device's timeline), assign attempts and the auto-assigner's next step. The panel
 * follows the device's changes. */
void          adept_device_panel_show_device   (AdeptDevicePanel  *self,
                                                AdeptDevice       *device);
/* Several devices: how many, and how many per status (ADEPT_STATUS_CHART_N_STATUSES). */
void          adept_device_panel_show_selection (AdeptDevicePanel *self,
                                                 guint             n_devices,
                                                 const guint      *status_counts);
void          adept_device_panel_show_nothing  (AdeptDevicePanel  *self);
/* Reads the store again for the device shown (after an assign, say). */
void          adept_device_panel_reload        (AdeptDevicePanel  *self);

/* "general" or "management": the part of a device's panel that shows. */
const char   *adept_device_panel_get_section   (AdeptDevicePanel  *self);
void          adept_device_panel_set_section   (AdeptDevicePanel  *self,
                                                const char        *section);

/* The close button shows while the panel covers the list (narrow windows). */
void          adept_device_panel_set_closable  (AdeptDevicePanel  *self,
                                                gboolean           closable);

/* What the admin sees, for tests. */
/* "nothing", "device" or "selection". */
const char   *adept_device_panel_get_mode      (AdeptDevicePanel  *self);
AdeptDevice  *adept_device_panel_get_device    (AdeptDevicePanel  *self);
/* A value shown in the panel: "serial", "model", "description", "color", "family", "os",
 * "asset-tag", "server-assigned", "assigned-by", "status", "profile", "profile-uuid", "plan",
 * "selection-title". NULL when not shown. */
const char   *adept_device_panel_get_value     (AdeptDevicePanel  *self,
                                                const char        *field);
/* The status the chart highlights as the device's, -1 when none. */
int           adept_device_panel_get_highlighted_status (AdeptDevicePanel *self);
/* Timeline entries, oldest first: "what — when" lines. */
GStrv         adept_device_panel_dup_timeline  (AdeptDevicePanel  *self);
/* Assign attempts, oldest first: "answer — details" lines. */
GStrv         adept_device_panel_dup_attempts  (AdeptDevicePanel  *self);
AdeptStatusChart *adept_device_panel_get_selection_chart (AdeptDevicePanel *self);

G_END_DECLS
