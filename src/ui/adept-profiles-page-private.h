/* adept-profiles-page-private.h — shared by the files of AdeptProfilesPage
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "adept-batch-job.h"
#include "adept-profile-row.h"
#include "adept-profiles-page.h"

G_BEGIN_DECLS

struct _AdeptProfilesPage
{
  AdwBin                parent_instance;

  /* Template widgets */
  GtkStack             *state_stack;
  AdwPreferencesGroup  *list_group;
  AdwPreferencesGroup  *replaced_group;
  AdwExpanderRow       *replaced_expander;

  /* Owned */
  AdeptSession         *session;
  GPtrArray            *rows;
  GHashTable           *names;          /* UUID → name */
  char                 *default_uuid;
  GtkFileChooserNative *chooser;
  AdeptBatchJob      *job;
  GCancellable         *cancellable;

  /* Weak */
  GtkWindow            *dialog;
};

/* What the admin sees, for tests and screenshots. */
/* Reads profiles, the default and device counts from the store again. */
void              adept_profiles_page_reload       (AdeptProfilesPage *self);
/* "unavailable", "empty" or "list". */
const char       *adept_profiles_page_get_state    (AdeptProfilesPage *self);
guint             adept_profiles_page_get_n_profiles (AdeptProfilesPage *self);
/* Rows newest first: the current profiles, then the replaced ones (folded in an expander). */
AdeptProfileRow  *adept_profiles_page_get_row      (AdeptProfilesPage *self,
                                                    guint              position);
AdeptProfileRow  *adept_profiles_page_find_row     (AdeptProfilesPage *self,
                                                    const char        *uuid);
/* The window the page opened last (editor, device picker, message, comparison) while it
 * is open, else NULL. */
GtkWindow        *adept_profiles_page_get_dialog   (AdeptProfilesPage *self);
GtkFileChooserNative *adept_profiles_page_get_file_chooser (AdeptProfilesPage *self);
/* The last assignment or removal started from the page (not from the picker). */
AdeptBatchJob    *adept_profiles_page_get_job      (AdeptProfilesPage *self);
/* Profiles' names by UUID. */
GHashTable       *adept_profiles_page_get_names    (AdeptProfilesPage *self);
/* Serials of the current devices that have the profile (assigned or pushed), per the
 * store. */
GStrv             adept_profiles_page_dup_profile_devices (AdeptProfilesPage *self,
                                                           const char        *uuid);

/* adept-profiles-page.c */
AdeptStore         *_adept_profiles_page_get_store   (AdeptProfilesPage *self);
const char         *_adept_profiles_page_get_server_id (AdeptProfilesPage *self);
GtkWindow          *_adept_profiles_page_get_parent  (AdeptProfilesPage *self);
void                _adept_profiles_page_present     (AdeptProfilesPage *self,
                                                      GtkWindow         *window);
void                _adept_profiles_page_toast       (AdeptProfilesPage *self,
                                                      const char        *title);
void                _adept_profiles_page_show_error  (AdeptProfilesPage *self,
                                                      const char        *heading,
                                                      const GError      *error);
AdeptStoredProfile *_adept_profiles_page_get_stored  (AdeptProfilesPage *self,
                                                      const char        *uuid);
void                _adept_profiles_page_request_sync (AdeptProfilesPage *self);

/* adept-profiles-page-devices.c: assign, remove, reassign after an edit */
void                _adept_profiles_page_assign      (AdeptProfilesPage *self,
                                                      const char        *uuid);
void                _adept_profiles_page_remove      (AdeptProfilesPage *self,
                                                      const char        *uuid);
void                _adept_profiles_page_offer_reassign (AdeptProfilesPage *self,
                                                      const char        *old_uuid,
                                                      AdeptDepProfile   *profile);

G_END_DECLS
