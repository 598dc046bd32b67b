/* adept-profile-row.h — one DEP profile in the list of the DEP Profiles page
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Activating the row, its button and its menu use the page's actions ("profiles.edit",
 * "profiles.assign", …) with the profile's UUID as target. */
#define ADEPT_TYPE_PROFILE_ROW (adept_profile_row_get_type ())
G_DECLARE_FINAL_TYPE (AdeptProfileRow, adept_profile_row, ADEPT, PROFILE_ROW, AdwActionRow)

AdeptProfileRow *adept_profile_row_new            (const char      *uuid);
/* replaced_by: the name of the profile defined to replace this one, or NULL; adopted: it
 * was defined elsewhere and added from Apple by its UUID (created is then when). */
void             adept_profile_row_update         (AdeptProfileRow *self,
                                                   const char      *name,
                                                   const char      *url,
                                                   guint            n_devices,
                                                   gint64           created,
                                                   gboolean         is_default,
                                                   const char      *replaced_by,
                                                   gboolean         adopted);

const char      *adept_profile_row_get_uuid       (AdeptProfileRow *self);
gboolean         adept_profile_row_get_is_default (AdeptProfileRow *self);
guint            adept_profile_row_get_n_devices  (AdeptProfileRow *self);

G_END_DECLS
