/* adept-application.h
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define ADEPT_TYPE_APPLICATION (adept_application_get_type ())
G_DECLARE_FINAL_TYPE (AdeptApplication, adept_application, ADEPT, APPLICATION, AdwApplication)

AdeptApplication *adept_application_new (void);

G_END_DECLS
