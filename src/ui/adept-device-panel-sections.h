/* adept-device-panel-sections.h — the sections of the device panel, as a table
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "adept-panel-section.h"

G_BEGIN_DECLS

/* The panel's pages, in the order of its switcher. */
#define ADEPT_DEVICE_PANEL_PAGE_GENERAL    "general"
#define ADEPT_DEVICE_PANEL_PAGE_MANAGEMENT "management"
#define ADEPT_DEVICE_PANEL_PAGE_TIMELINE   "timeline"

typedef struct {
  const char          *page;
  AdeptPanelSection *(*create) (void);
} AdeptPanelSectionInfo;

/* Every section the panel makes, in order, ended by { NULL }. Extension point: a feature
 * appends { page, create } here (issue 13: identifiers on General, Activation Lock on
 * Management, the replacement's original on General). */
extern const AdeptPanelSectionInfo adept_device_panel_sections[];

/* What Apple tells since protocol 8 and 10 (adept-device-panel-apple.c). */
AdeptPanelSection *_adept_device_panel_create_identifiers     (void);
AdeptPanelSection *_adept_device_panel_create_replacement     (void);
AdeptPanelSection *_adept_device_panel_create_migration       (void);
AdeptPanelSection *_adept_device_panel_create_activation_lock (void);

/* What the built-in sections show, for the panel's test accessors. */
const char *_adept_device_panel_sections_get_plan        (AdeptPanelSection *timeline);
GStrv       _adept_device_panel_sections_dup_timeline    (AdeptPanelSection *timeline,
                                                          gboolean           attempts_only);
int         _adept_device_panel_sections_get_highlighted (AdeptPanelSection *status_chart);
GtkWidget  *_adept_device_panel_sections_get_pill        (AdeptPanelSection *profile);
GtkWidget  *_adept_device_panel_sections_get_migration_warning (AdeptPanelSection *migration);
/* The row offering the original's profile to a replacement (its button: devices.assign-like). */
GtkWidget  *_adept_device_panel_sections_get_replacement_offer (AdeptPanelSection *replacement);

G_END_DECLS
