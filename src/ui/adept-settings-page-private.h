/* adept-settings-page-private.h — shared by the files of AdeptSettingsPage, and what the
 * tests and screenshots read
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "adept-settings.h"
#include "adept-settings-page.h"
#include "adept-sync-timer.h"

G_BEGIN_DECLS

struct _AdeptSettingsPage
{
  AdwBin                parent_instance;

  /* Template widgets */
  GtkInfoBar           *error_bar;
  GtkLabel             *error_label;
  GtkStack             *state_stack;
  AdwActionRow         *step_key_row;
  GtkLabel             *step_key_number;
  AdwActionRow         *step_token_row;
  GtkLabel             *step_token_number;
  AdwActionRow         *step_upload_row;
  GtkWidget            *import_key_button;
  AdwPreferencesGroup  *demo_group;
  AdwPreferencesGroup  *info_group;
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
  AdwActionRow         *public_key_row;
  AdwActionRow         *fingerprint_row;
  AdwActionRow         *background_row;
  GtkSwitch            *background_switch;
  AdwActionRow         *time_row;
  GtkSpinButton        *hour_spin;
  GtkSpinButton        *minute_spin;
  AdwActionRow         *background_last_row;
  GtkWidget            *audit_button;
  AdwActionRow         *trust_row;
  AdwActionRow         *ca_file_row;
  AdwEntryRow          *pin_row;

  /* Owned */
  AdeptSession         *session;
  AdeptDemo            *demo;
  AdeptSettings        *settings;
  GCancellable         *cancellable;     /* the page's operations; cancelled on dispose */
  GCancellable         *sync_cancellable;
  AdeptServerToken     *pending_token;   /* inspected, not yet linked */
  GFile                *pending_file;
  char                 *pending_name;    /* the token's server name from its file name */
  AdwMessageDialog     *dialog;
  GtkFileChooserNative *chooser;
  GPtrArray            *journal_children;
  GPtrArray            *fact_rows;       /* the kind's facts, after Apple's (info_group) */
  char                 *sync_text;
  guint                 clock_source;
  /* Account-driven enrollment (adept-settings-page-enrollment.c) */
  AdwExpanderRow       *enrollment_row;
  AdwEntryRow          *enrollment_entry;
  GtkWidget            *enrollment_clear;
  GCancellable         *enrollment_cancellable;
  gpointer              enrollment_session;  /* the session last asked, for comparison only */
  gboolean              enrollment_set;

  /* OS beta enrollment tokens (adept-settings-page-beta.c) */
  AdwExpanderRow       *beta_row;
  GPtrArray            *beta_children;
  GCancellable         *beta_cancellable;
  gpointer              beta_session;    /* the session last asked, for comparison only */
  gint64                beta_asked_for;  /* the account-updated-at it was asked at */

  /* The background sync (adept-settings-page-background.c) */
  AdeptSyncTimer       *timer;
  AdeptSyncTimerState  *timer_state;
  GCancellable         *timer_cancellable;
  guint                 time_source;       /* a time change waits for the spin to settle */
  guint                 timer_pending : 1; /* a change is on its way to systemd */
  guint                 timer_loading : 1; /* the widgets follow the state: no request */

  /* Import Key Pair… */
  GFile                *import_files[2];   /* private key, certificate */
  GtkWidget            *import_rows[2];

  guint                 busy : 1;
};

/* Test and screenshot getters: what the admin sees. */
gboolean        adept_settings_page_get_linked      (AdeptSettingsPage *self);
gboolean        adept_settings_page_get_busy        (AdeptSettingsPage *self);
/* "loading" (no server), "unlinked" or "linked". */
const char     *adept_settings_page_get_state       (AdeptSettingsPage *self);
const char     *adept_settings_page_get_error_message (AdeptSettingsPage *self);
AdwMessageDialog *adept_settings_page_get_dialog    (AdeptSettingsPage *self);
GtkFileChooserNative *adept_settings_page_get_file_chooser (AdeptSettingsPage *self);
/* The value shown in DEP Information: "server-name", "server-uuid", "org-name",
 * "org-email", "org-phone", "org-address", "org-id", "admin-id", "expiry", or a fact of
 * the server's kind by its name ("nanodep_url", "dep_name"…; "auto_assign": who gives new
 * devices the default profile, shown where the kind's server does some of it). */
const char     *adept_settings_page_get_info        (AdeptSettingsPage *self,
                                                     const char        *field);
/* What the page says of the background sync: its row's subtitle, and the last run's. */
const char     *adept_settings_page_get_background_text (AdeptSettingsPage *self);
const char     *adept_settings_page_get_background_last (AdeptSettingsPage *self);
/* The last state read from systemd, or NULL before the first answer. */
const AdeptSyncTimerState *adept_settings_page_get_timer_state (AdeptSettingsPage *self);
/* The switch and the time of day (for tests driving them as an admin would). */
GtkSwitch      *adept_settings_page_get_background_switch (AdeptSettingsPage *self);
void            adept_settings_page_get_time_spins  (AdeptSettingsPage *self,
                                                     GtkSpinButton    **hour,
                                                     GtkSpinButton    **minute);
/* Whether a change of the background sync waits for systemd's answer. */
gboolean        adept_settings_page_get_timer_pending (AdeptSettingsPage *self);
/* Linked, connected, and no run going on. */
gboolean        adept_settings_page_get_can_sync    (AdeptSettingsPage *self);
const char     *adept_settings_page_get_sync_text   (AdeptSettingsPage *self);
guint           adept_settings_page_get_journal_rows (AdeptSettingsPage *self);

/* adept-settings-page.c: presentation */
void          _adept_settings_page_set_busy        (AdeptSettingsPage *self,
                                                    gboolean           busy);
void          _adept_settings_page_show_error      (AdeptSettingsPage *self,
                                                    const GError      *error);
void          _adept_settings_page_clear_error     (AdeptSettingsPage *self);
void          _adept_settings_page_update_actions  (AdeptSettingsPage *self);
void          _adept_settings_page_set_dialog      (AdeptSettingsPage *self,
                                                    AdwMessageDialog  *dialog);
void          _adept_settings_page_set_chooser     (AdeptSettingsPage *self,
                                                    GtkFileChooserNative *chooser);
GtkWindow    *_adept_settings_page_get_parent      (AdeptSettingsPage *self);
/* A file chooser's filter of one glob pattern. */
GtkFileFilter *_adept_settings_page_pattern_filter (const char        *name,
                                                    const char        *pattern);

/* adept-settings-page-link.c: the key, the token, link, renew, unlink */
void          _adept_settings_page_update_steps    (AdeptSettingsPage *self);
void          _adept_settings_page_forget_pending  (AdeptSettingsPage *self);
void          _adept_settings_page_download_key    (AdeptSettingsPage *self);
void          _adept_settings_page_select_token    (AdeptSettingsPage *self);
void          _adept_settings_page_upload_token    (AdeptSettingsPage *self);
void          _adept_settings_page_inspect_token   (AdeptSettingsPage *self,
                                                    GFile             *file);
void          _adept_settings_page_unlink          (AdeptSettingsPage *self);
void          _adept_settings_page_get_demo_token  (AdeptSettingsPage *self);
void          _adept_settings_page_import_key      (AdeptSettingsPage *self);
void          _adept_settings_page_update_key      (AdeptSettingsPage *self);
/* The chosen file of the key import dialog: 0 the private key, 1 the certificate. */
void          _adept_settings_page_set_import_file (AdeptSettingsPage *self,
                                                    guint              which,
                                                    GFile             *file);

/* adept-settings-page-background.c: the systemd timer and the time of day */
void          _adept_settings_page_init_background (AdeptSettingsPage *self);
void          _adept_settings_page_read_background (AdeptSettingsPage *self);
void          _adept_settings_page_dispose_background (AdeptSettingsPage *self);
void          _adept_settings_page_class_init_background (GtkWidgetClass *widget_class);

/* adept-settings-page-sync.c: Force Sync, progress, schedule, journal */
void          _adept_settings_page_force_sync      (AdeptSettingsPage *self);
void          _adept_settings_page_cancel_sync     (AdeptSettingsPage *self);
void          _adept_settings_page_update_sync     (AdeptSettingsPage *self);
void          _adept_settings_page_update_journal  (AdeptSettingsPage *self);
/* "the 3,000 devices and 2 DEP profiles stored for this server" */
char         *_adept_settings_page_dup_local_summary (AdeptSettingsPage *self);

/* adept-settings-page-enrollment.c: account-driven enrollment's service discovery address
 * in DEP Information, asked of Apple when the server changes, set and cleared through the
 * session. */
void            _adept_settings_page_enrollment_init    (AdeptSettingsPage *self);
void            _adept_settings_page_update_enrollment  (AdeptSettingsPage *self);
void            _adept_settings_page_enrollment_dispose (AdeptSettingsPage *self);
/* What its row says, its entry, its Clear button (tests). */
const char     *adept_settings_page_get_enrollment_summary (AdeptSettingsPage *self);
AdwEntryRow    *adept_settings_page_get_enrollment_entry   (AdeptSettingsPage *self);
GtkWidget      *adept_settings_page_get_enrollment_clear   (AdeptSettingsPage *self);
/* adept-settings-page-trust.c: Connection, how the DEP service's certificate is trusted */
void          _adept_settings_page_update_trust    (AdeptSettingsPage *self);
void          _adept_settings_page_choose_ca_file  (AdeptSettingsPage *self);
void          _adept_settings_page_trust_system    (AdeptSettingsPage *self);
/* A CA file or a pin is stored (else the system's CAs). */
gboolean      _adept_settings_page_get_trust_set   (AdeptSettingsPage *self);
/* What the file chooser's Select does, and the pin row's Apply (tests drive them). */
void          _adept_settings_page_set_ca_file     (AdeptSettingsPage *self,
                                                    GFile             *file);
void          _adept_settings_page_apply_pin       (AdeptSettingsPage *self);
void          _adept_settings_page_class_init_trust (GtkWidgetClass   *widget_class);
/* What the Certificate Trust row says. */
const char     *adept_settings_page_get_trust_text  (AdeptSettingsPage *self);

/* adept-settings-page-transfer.c: Export Server… (passphrase twice, then the save dialog)
 * and Import Server… into this unlinked server (adept_window_present_import()). */
gboolean      _adept_settings_page_can_transfer    (AdeptSettingsPage *self);
void          _adept_settings_page_export_server   (AdeptSettingsPage *self);
void          _adept_settings_page_import_server   (AdeptSettingsPage *self);

/* adept-settings-page-beta.c: the OS beta enrollment tokens in DEP Information, asked of
 * Apple when the account is (re)read; what Apple answered, or that it turned them off. */
void            _adept_settings_page_beta_init      (AdeptSettingsPage *self);
void            _adept_settings_page_update_beta    (AdeptSettingsPage *self);
void            _adept_settings_page_beta_dispose   (AdeptSettingsPage *self);
/* What the beta row says, and its tokens' titles (tests). */
const char     *adept_settings_page_get_beta_summary (AdeptSettingsPage *self);
GStrv           adept_settings_page_dup_beta_titles  (AdeptSettingsPage *self);

G_END_DECLS
