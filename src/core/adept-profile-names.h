/* adept-profile-names.h — how Adept names a server's DEP profiles, so no two read the same
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* AdeptProfileNames: the names the console and adeptctl show for a server's stored profiles
 * (the list, menus, the device panel, the picker), and which profile replaced which. Apple
 * cannot change a profile, so an edit defines a new one that replaces the old; both stay,
 * and several may carry the same name. Where names collide, the profile that is current
 * (not replaced) keeps its name and the others read "Name (UUID prefix)", so every shown
 * name points at one profile. Made from the store's rows; immutable. */
#define ADEPT_TYPE_PROFILE_NAMES (adept_profile_names_get_type ())
G_DECLARE_FINAL_TYPE (AdeptProfileNames, adept_profile_names, ADEPT, PROFILE_NAMES, GObject)

/* stored: AdeptStoredProfile rows (adept_store_list_profiles()); NULL for none. */
AdeptProfileNames *adept_profile_names_new              (GPtrArray         *stored);

/* The name to show, NULL for a UUID the store does not have. */
const char        *adept_profile_names_get_display_name (AdeptProfileNames *self,
                                                         const char        *uuid);
/* The profile defined to replace uuid (the newest such), or NULL when it is current. */
const char        *adept_profile_names_get_replaced_by  (AdeptProfileNames *self,
                                                         const char        *uuid);
/* The current version of uuid: replaced_by followed to its end (uuid itself when current). */
const char        *adept_profile_names_get_latest       (AdeptProfileNames *self,
                                                         const char        *uuid);
/* Defined elsewhere and read from Apple (ADEPT_PROFILE_ORIGIN_ADOPTED). */
gboolean           adept_profile_names_get_adopted      (AdeptProfileNames *self,
                                                         const char        *uuid);
gboolean           adept_profile_names_contains         (AdeptProfileNames *self,
                                                         const char        *uuid);

/* A name for a new version of the profile named name that no stored profile has: "Sales
 * iPads" gives "Sales iPads (v2)", "Sales iPads (v2)" gives "Sales iPads (v3)", skipping
 * versions taken. */
char              *adept_profile_names_propose_version_name (AdeptProfileNames *self,
                                                             const char        *name);

G_END_DECLS
