/* adept-application.h
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "adept-demo.h"

G_BEGIN_DECLS

#define ADEPT_ABM_URL "https://business.apple.com"

#define ADEPT_TYPE_APPLICATION (adept_application_get_type ())
G_DECLARE_FINAL_TYPE (AdeptApplication, adept_application, ADEPT, APPLICATION, AdwApplication)

AdeptApplication *adept_application_new          (void);
/* For tests: an application that needs no bus name and, with demo set, runs the
 * simulator in-process like `adept --demo`. */
AdeptApplication *adept_application_new_for_test (const char *application_id,
                                                  gboolean    demo,
                                                  guint       demo_devices);

gboolean          adept_application_get_demo_mode (AdeptApplication *self);
/* The running demo (simulator), or NULL outside demo mode. */
AdeptDemo        *adept_application_get_demo      (AdeptApplication *self);
/* The DEP base URL new links use: the simulator's in the demo, NULL (Apple's) otherwise. */
const char       *adept_application_get_dep_base_url (AdeptApplication *self);
GSettings        *adept_application_get_settings  (AdeptApplication *self);

G_END_DECLS
