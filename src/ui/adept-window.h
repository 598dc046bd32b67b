/* adept-window.h
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "adept-application.h"
#include "adept-condition-bar.h"
#include "adept-devices-page.h"
#include "adept-profiles-page.h"
#include "adept-settings-page.h"

G_BEGIN_DECLS

#define ADEPT_TYPE_WINDOW (adept_window_get_type ())
G_DECLARE_FINAL_TYPE (AdeptWindow, adept_window, ADEPT, WINDOW, AdwApplicationWindow)

AdeptWindow       *adept_window_new                (AdeptApplication *application);

/* Cancelled when the window closes: every operation the window starts uses it. */
GCancellable      *adept_window_get_cancellable    (AdeptWindow      *self);
void               adept_window_add_toast          (AdeptWindow      *self,
                                                    AdwToast         *toast);
void               adept_window_show_page          (AdeptWindow      *self,
                                                    const char       *name);

AdeptSettingsPage *adept_window_get_settings_page  (AdeptWindow      *self);
AdeptProfilesPage *adept_window_get_profiles_page  (AdeptWindow      *self);
AdeptConditionBar *adept_window_get_condition_bar  (AdeptWindow      *self);
AdeptDevicesPage  *adept_window_get_devices_page   (AdeptWindow      *self);
GtkDropTarget     *adept_window_get_drop_target    (AdeptWindow      *self);
gboolean           adept_window_get_drop_zone_visible (AdeptWindow   *self);
const char        *adept_window_get_visible_page   (AdeptWindow      *self);

G_END_DECLS
