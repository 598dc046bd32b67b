/* adept-window.h
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "adept-application.h"

G_BEGIN_DECLS

#define ADEPT_TYPE_WINDOW (adept_window_get_type ())
G_DECLARE_FINAL_TYPE (AdeptWindow, adept_window, ADEPT, WINDOW, AdwApplicationWindow)

AdeptWindow *adept_window_new (AdeptApplication *application);

G_END_DECLS
