/* adept-profiles-page.h — DEP Profiles: define, default, assign, remove, compare, import and
 * export the server's enrollment profiles
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "adept-dep-client.h"
#include "adept-batch-job.h"
#include "adept-profile-row.h"
#include "adept-store.h"

G_BEGIN_DECLS

/* Signals:
 *   "sync-requested" () — devices were assigned or had their profile removed: the store
 *     learns Apple's new state with the next sync, which the shell should start. */
#define ADEPT_TYPE_PROFILES_PAGE (adept_profiles_page_get_type ())
G_DECLARE_FINAL_TYPE (AdeptProfilesPage, adept_profiles_page, ADEPT, PROFILES_PAGE, AdwBin)

/* The linked server the page works on; NULL store or client: not linked. */
void              adept_profiles_page_set_server   (AdeptProfilesPage *self,
                                                    AdeptStore        *store,
                                                    const char        *server_id,
                                                    AdeptDepClient    *client);
/* Reads profiles, the default and device counts from the store again (after a sync). */
void              adept_profiles_page_reload       (AdeptProfilesPage *self);

/* What the admin sees, for tests and screenshots. */
/* "unavailable", "empty" or "list". */
const char       *adept_profiles_page_get_state    (AdeptProfilesPage *self);
guint             adept_profiles_page_get_n_profiles (AdeptProfilesPage *self);
/* Rows newest first. */
AdeptProfileRow  *adept_profiles_page_get_row      (AdeptProfilesPage *self,
                                                    guint              position);
AdeptProfileRow  *adept_profiles_page_find_row     (AdeptProfilesPage *self,
                                                    const char        *uuid);
/* The window the page opened last (editor, device picker, message, comparison) while it
 * is open, else NULL. */
GtkWindow        *adept_profiles_page_get_dialog   (AdeptProfilesPage *self);
GtkFileChooserNative *adept_profiles_page_get_file_chooser (AdeptProfilesPage *self);
/* The last assignment or removal started from the page (not from the picker). */
AdeptBatchJob  *adept_profiles_page_get_job      (AdeptProfilesPage *self);
/* Profiles' names by UUID. */
GHashTable       *adept_profiles_page_get_names    (AdeptProfilesPage *self);

/* Serials of the current devices that have the profile (assigned or pushed), per the
 * store. */
GStrv             adept_profiles_page_dup_profile_devices (AdeptProfilesPage *self,
                                                           const char        *uuid);

G_END_DECLS
