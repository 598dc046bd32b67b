/* adept-window-private.h — what tests and screenshots reach in the window
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "adept-audit-window.h"
#include "adept-add-server-dialog.h"
#include "adept-import-server-dialog.h"
#include "adept-condition-bar.h"
#include "adept-devices-page.h"
#include "adept-organization-page.h"
#include "adept-profiles-page.h"
#include "adept-server-switcher.h"
#include "adept-settings-page.h"
#include "adept-window.h"

G_BEGIN_DECLS

AdeptSettingsPage   *adept_window_get_settings_page  (AdeptWindow *self);
AdeptProfilesPage   *adept_window_get_profiles_page  (AdeptWindow *self);
AdeptDevicesPage    *adept_window_get_devices_page   (AdeptWindow *self);
AdeptOrganizationPage *adept_window_get_organization_page (AdeptWindow *self);
AdeptConditionBar   *adept_window_get_condition_bar  (AdeptWindow *self);
AdeptServerSwitcher *adept_window_get_server_switcher (AdeptWindow *self);
GtkDropTarget       *adept_window_get_drop_target    (AdeptWindow *self);
gboolean             adept_window_get_drop_zone_visible (AdeptWindow *self);
const char          *adept_window_get_visible_page   (AdeptWindow *self);
/* The add-server dialog while it is open, else NULL. */
AdeptAddServerDialog *adept_window_get_dialog        (AdeptWindow *self);
/* The Import Server dialog while it is open, else NULL. */
AdeptImportServerDialog *adept_window_get_import_dialog (AdeptWindow *self);
/* The audit log window while it is open, else NULL. */
AdeptAuditWindow    *adept_window_get_audit_window   (AdeptWindow *self);

G_END_DECLS
