/* adept-profiles-page.h — DEP Profiles: define, default, assign, remove, compare, import and
 * export the server's enrollment profiles
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "adept-session.h"
#include "adept-types.h"

G_BEGIN_DECLS

/* A view of a session (property "session"): the profiles the store keeps for its server,
 * with the number of devices that have each. Defining, the default, adopting from Apple,
 * assigning and removing are the session's calls; the page asks and shows. */
#define ADEPT_TYPE_PROFILES_PAGE (adept_profiles_page_get_type ())
G_DECLARE_FINAL_TYPE (AdeptProfilesPage, adept_profiles_page, ADEPT, PROFILES_PAGE, AdwBin)

void              adept_profiles_page_set_session  (AdeptProfilesPage *self,
                                                    AdeptSession      *session);
AdeptSession     *adept_profiles_page_get_session  (AdeptProfilesPage *self);

G_END_DECLS
