/* adept-settings-page-private.h — shared by the files of AdeptSettingsPage
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "adept-dep-client.h"
#include "adept-server.h"
#include "adept-settings-page.h"
#include "adept-store.h"
#include "adept-sync-engine.h"
#include "adept-sync-scheduler.h"

G_BEGIN_DECLS

typedef enum {
  ADEPT_LINK_STATE_LOADING,
  ADEPT_LINK_STATE_UNLINKED,
  ADEPT_LINK_STATE_LINKED,
} AdeptLinkState;

struct _AdeptSettingsPage
{
  AdwBin                parent_instance;

  /* Template widgets */
  GtkStack             *state_stack;
  AdwActionRow         *step_key_row;
  GtkLabel             *step_key_number;
  AdwActionRow         *step_token_row;
  GtkLabel             *step_token_number;
  AdwActionRow         *step_upload_row;
  GtkRevealer          *token_error_revealer;
  GtkLabel             *token_error_label;
  AdwPreferencesGroup  *demo_group;
  AdwActionRow         *server_name_row;
  AdwActionRow         *server_uuid_row;
  AdwActionRow         *org_name_row;
  AdwActionRow         *org_email_row;
  AdwActionRow         *org_phone_row;
  AdwActionRow         *org_address_row;
  AdwActionRow         *org_id_row;
  AdwActionRow         *admin_row;
  AdwActionRow         *expiry_row;
  AdwActionRow         *sync_row;
  GtkStack             *sync_stack;
  GtkProgressBar       *sync_progress;
  AdwExpanderRow       *journal_row;
  GtkRevealer          *linked_error_revealer;
  GtkLabel             *linked_error_label;

  /* Borrowed */
  AdeptApplication     *application;

  /* Owned */
  GSettings            *settings;
  /* A new link fetches the devices as soon as the client is ready. */
  gboolean              sync_when_connected;
  AdeptServer          *server;
  AdeptServerToken     *pending_token;   /* inspected, not yet stored */
  AdeptDepClient       *client;          /* with the stored credentials */
  AdeptStore           *store;
  AdeptSyncEngine      *engine;
  AdeptSyncScheduler   *scheduler;
  char                 *pending_name;    /* the token's server name from its file name */
  AdwMessageDialog     *dialog;
  GtkFileChooserNative *chooser;
  GCancellable         *sync_cancellable;
  GCancellable         *sync_parent;     /* the window's, which also stops the run */
  gulong                sync_parent_handler;
  GPtrArray            *journal_children;
  char                 *condition_detail;
  char                 *sync_text;
  guint                 clock_source;

  AdeptLinkState        state;
  AdeptCondition        condition;
  guint                 busy : 1;
  guint                 syncing : 1;
};

/* adept-settings-page.c: presentation */
/* TRUE once the window is gone: async callbacks then only clean up. */
gboolean      _adept_settings_page_is_disposed     (AdeptSettingsPage *self);
GCancellable *_adept_settings_page_get_cancellable (AdeptSettingsPage *self);
void          _adept_settings_page_set_state       (AdeptSettingsPage *self,
                                                    AdeptLinkState     state);
void          _adept_settings_page_set_busy        (AdeptSettingsPage *self,
                                                    gboolean           busy);
void          _adept_settings_page_set_syncing     (AdeptSettingsPage *self,
                                                    gboolean           syncing);
void          _adept_settings_page_show_error      (AdeptSettingsPage *self,
                                                    const GError      *error);
void          _adept_settings_page_clear_error     (AdeptSettingsPage *self);
void          _adept_settings_page_toast           (AdeptSettingsPage *self,
                                                    const char        *title);
void          _adept_settings_page_add_toast       (AdeptSettingsPage *self,
                                                    AdwToast          *toast);
void          _adept_settings_page_set_condition   (AdeptSettingsPage *self,
                                                    AdeptCondition     condition,
                                                    const char        *detail);
/* Maps an error from talking to Apple to the condition the admin has to act on. */
void          _adept_settings_page_report_dep_error (AdeptSettingsPage *self,
                                                     const GError      *error);
void          _adept_settings_page_update_actions  (AdeptSettingsPage *self);
void          _adept_settings_page_update_info     (AdeptSettingsPage *self);
void          _adept_settings_page_set_dialog      (AdeptSettingsPage *self,
                                                    AdwMessageDialog  *dialog);
void          _adept_settings_page_set_chooser     (AdeptSettingsPage *self,
                                                    GtkFileChooserNative *chooser);
void          _adept_settings_page_set_sync_text   (AdeptSettingsPage *self,
                                                    const char        *text);

/* adept-settings-page-link.c: the key, the token, link, renew, unlink, account */
void          _adept_settings_page_link_init       (AdeptSettingsPage *self);
void          _adept_settings_page_load            (AdeptSettingsPage *self);
void          _adept_settings_page_download_key    (AdeptSettingsPage *self);
void          _adept_settings_page_select_token    (AdeptSettingsPage *self);
void          _adept_settings_page_upload_token    (AdeptSettingsPage *self);
void          _adept_settings_page_inspect_token   (AdeptSettingsPage *self,
                                                    GFile             *file);
void          _adept_settings_page_unlink          (AdeptSettingsPage *self);
void          _adept_settings_page_get_demo_token  (AdeptSettingsPage *self);
GDateTime    *_adept_settings_page_get_expiry      (AdeptSettingsPage *self);
const char   *_adept_settings_page_get_fact        (AdeptSettingsPage *self,
                                                    const char        *key);

/* adept-settings-page-sync.c: Force Sync, progress, schedule, journal, local data */
void          _adept_settings_page_sync_setup      (AdeptSettingsPage *self);
void          _adept_settings_page_sync_teardown   (AdeptSettingsPage *self);
/* "the 3,000 devices and 2 DEP profiles stored for this server" */
char         *_adept_settings_page_dup_local_summary (AdeptSettingsPage *self);
gboolean      _adept_settings_page_audit           (AdeptSettingsPage *self,
                                                    const char        *action,
                                                    const char        *detail,
                                                    GError           **error);
/* -1 when the store cannot tell. */
int           _adept_settings_page_count_devices   (AdeptSettingsPage *self);
/* Notifies "device-count". */
void          _adept_settings_page_devices_changed (AdeptSettingsPage *self);
void          _adept_settings_page_set_client      (AdeptSettingsPage *self,
                                                    AdeptDepClient    *client);
gboolean      _adept_settings_page_forget_local_data (AdeptSettingsPage *self,
                                                      GError           **error);
void          _adept_settings_page_force_sync      (AdeptSettingsPage *self);
void          _adept_settings_page_cancel_sync     (AdeptSettingsPage *self);
void          _adept_settings_page_update_schedule (AdeptSettingsPage *self);
void          _adept_settings_page_update_journal  (AdeptSettingsPage *self);

G_END_DECLS
