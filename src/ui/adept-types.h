/* adept-types.h — the console's types, declared once, so headers include this instead of
 * each other (as GNOME Text Editor's editor-types.h)
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _AdeptApplication    AdeptApplication;
typedef struct _AdeptConditionBar   AdeptConditionBar;
typedef struct _AdeptDemo           AdeptDemo;
typedef struct _AdeptDevicePanel    AdeptDevicePanel;
typedef struct _AdeptDevicePicker   AdeptDevicePicker;
typedef struct _AdeptDevicesPage    AdeptDevicesPage;
typedef struct _AdeptProfileEditor  AdeptProfileEditor;
typedef struct _AdeptProfilesPage   AdeptProfilesPage;
typedef struct _AdeptServerSwitcher AdeptServerSwitcher;
typedef struct _AdeptSettings       AdeptSettings;
typedef struct _AdeptSettingsPage   AdeptSettingsPage;
typedef struct _AdeptWindow         AdeptWindow;

G_END_DECLS
