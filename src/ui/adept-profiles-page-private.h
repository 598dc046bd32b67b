/* adept-profiles-page-private.h — shared by the files of AdeptProfilesPage
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "adept-device-list.h"
#include "adept-profiles-page.h"

G_BEGIN_DECLS

struct _AdeptProfilesPage
{
  AdwBin                parent_instance;

  /* Template widgets */
  GtkStack             *state_stack;
  AdwPreferencesGroup  *list_group;

  /* Owned */
  AdeptStore           *store;
  char                 *server_id;
  AdeptDepClient       *client;
  AdeptDeviceList      *devices;
  GPtrArray            *rows;
  GHashTable           *names;          /* UUID → name */
  char                 *default_uuid;
  GtkFileChooserNative *chooser;
  AdeptBatchJob      *job;
  GCancellable         *cancellable;

  /* Weak */
  GtkWindow            *dialog;
};

/* adept-profiles-page.c */
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
void                _adept_profiles_page_audit       (AdeptProfilesPage *self,
                                                      const char        *action,
                                                      const char        *details);
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
