/* adept-profile-compare.h — what Apple holds for a profile next to what Adept sent
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "adept-dep-profile.h"

G_BEGIN_DECLS

#define ADEPT_TYPE_PROFILE_COMPARE (adept_profile_compare_get_type ())
G_DECLARE_FINAL_TYPE (AdeptProfileCompare, adept_profile_compare, ADEPT, PROFILE_COMPARE, AdwWindow)

/* Both profiles are read with Apple's defaults for booleans left out, so only real
 * differences count. profile_uuid and devices are not compared. */
AdeptProfileCompare *adept_profile_compare_new               (GtkWindow           *parent,
                                                              AdeptDepProfile     *sent,
                                                              AdeptDepProfile     *apple);

guint                adept_profile_compare_get_n_fields      (AdeptProfileCompare *self);
guint                adept_profile_compare_get_n_differences (AdeptProfileCompare *self);
/* The keys that differ, NULL-terminated. */
GStrv                adept_profile_compare_dup_differences   (AdeptProfileCompare *self);

G_END_DECLS
