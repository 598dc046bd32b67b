/* adept-settings.h — the console's preferences, one object over GSettings
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "adept-types.h"

G_BEGIN_DECLS

/* Every key of io.github.adept.Adept is a property of the same name, bound both ways with
 * g_settings_bind() (as GNOME Console's KgxSettings), so the console binds widgets and
 * sessions to properties and never reads GSettings itself:
 *   window-width, window-height, window-maximized, last-page, last-server,
 *   device-columns (strv), device-column-widths (GVariant a{si}), device-panel-section,
 *   saved-device-filters (GVariant aa{sv}),
 *   sync-after-link, sync-time, sync-journal-rows, token-warning-days, demo-devices,
 *   demo-activation-interval. */
#define ADEPT_TYPE_SETTINGS (adept_settings_get_type ())
G_DECLARE_FINAL_TYPE (AdeptSettings, adept_settings, ADEPT, SETTINGS, GObject)

AdeptSettings *adept_settings_new          (void);
/* The application's instance (it makes one at start); widgets outside an application (the
 * tests' bare pages) share one made on first use. */
AdeptSettings *adept_settings_get_default  (void);
void           adept_settings_set_default  (AdeptSettings *settings);

/* Changes made meanwhile are written together (window size and page at close). */
void           adept_settings_delay        (AdeptSettings *self);
void           adept_settings_apply        (AdeptSettings *self);

G_END_DECLS
