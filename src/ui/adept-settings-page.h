/* adept-settings-page.h — Settings → Device Enrollment Program: link, information, sync, unlink
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "adept-application.h"
#include "adept-condition-bar.h"
#include "adept-dep-client.h"
#include "adept-store.h"

G_BEGIN_DECLS

#define ADEPT_TYPE_SETTINGS_PAGE (adept_settings_page_get_type ())
G_DECLARE_FINAL_TYPE (AdeptSettingsPage, adept_settings_page, ADEPT, SETTINGS_PAGE, AdwBin)

/* Called once by the window: demo mode, DEP base URL and settings come from the app. */
void            adept_settings_page_set_application (AdeptSettingsPage *self,
                                                     AdeptApplication  *application);

/* A token file picked or dropped: read, decrypted and checked, then shown to the admin for
 * confirmation. A linked page treats it as a renewal. */
void            adept_settings_page_open_token      (AdeptSettingsPage *self,
                                                     GFile             *file);

gboolean        adept_settings_page_get_linked      (AdeptSettingsPage *self);
gboolean        adept_settings_page_get_busy        (AdeptSettingsPage *self);
/* What the condition bar should say; see adept_condition_bar_set_condition(). */
AdeptCondition  adept_settings_page_get_condition   (AdeptSettingsPage *self);
GDateTime      *adept_settings_page_get_token_expiry (AdeptSettingsPage *self);
const char     *adept_settings_page_get_condition_detail (AdeptSettingsPage *self);

/* For tests and screenshots: what the admin sees. */
const char     *adept_settings_page_get_state       (AdeptSettingsPage *self);
const char     *adept_settings_page_get_error_message (AdeptSettingsPage *self);
AdwMessageDialog *adept_settings_page_get_dialog    (AdeptSettingsPage *self);
GtkFileChooserNative *adept_settings_page_get_file_chooser (AdeptSettingsPage *self);
/* The value shown in DEP Information: "server-name", "server-uuid", "org-name",
 * "org-email", "org-phone", "org-address", "org-id", "admin-id", "expiry". */
const char     *adept_settings_page_get_info        (AdeptSettingsPage *self,
                                                     const char        *field);
/* Devices of the linked server stored locally; -1 when unlinked or not known yet. */
int             adept_settings_page_get_device_count (AdeptSettingsPage *self);
/* The pieces the other pages share with this one: the linked server's DEP client (NULL
 * until its credentials are loaded; notify::client), its id and the local store. */
AdeptDepClient *adept_settings_page_get_client     (AdeptSettingsPage *self);
const char     *adept_settings_page_get_server_id  (AdeptSettingsPage *self);
AdeptStore     *adept_settings_page_get_store      (AdeptSettingsPage  *self,
                                                    GError            **error);
/* Linked, with Apple reachable through the stored credentials, and no run going on. */
gboolean        adept_settings_page_get_can_sync    (AdeptSettingsPage *self);
const char     *adept_settings_page_get_sync_text   (AdeptSettingsPage *self);
guint           adept_settings_page_get_journal_rows (AdeptSettingsPage *self);

G_END_DECLS
