/* adept-settings-page.h — Settings → Device Enrollment Program of one DEP server: link,
 * information, sync, unlink
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "adept-demo.h"
#include "adept-session.h"
#include "adept-types.h"

G_BEGIN_DECLS

/* A view of a session (property "session"): the link steps while it is unlinked, DEP
 * Information, Force Sync, the journal, Renew and Unlink once linked. Every step is the
 * session's; the page asks, confirms and shows. */
#define ADEPT_TYPE_SETTINGS_PAGE (adept_settings_page_get_type ())
G_DECLARE_FINAL_TYPE (AdeptSettingsPage, adept_settings_page, ADEPT, SETTINGS_PAGE, AdwBin)

void            adept_settings_page_set_session     (AdeptSettingsPage *self,
                                                     AdeptSession      *session);
AdeptSession   *adept_settings_page_get_session     (AdeptSettingsPage *self);
/* In the demo: Get Demo Server Token asks it (NULL outside the demo). */
void            adept_settings_page_set_demo        (AdeptSettingsPage *self,
                                                     AdeptDemo         *demo);

/* A token file picked or dropped: read, decrypted and checked, then shown to the admin for
 * confirmation. A linked server treats it as a renewal. */
void            adept_settings_page_open_token      (AdeptSettingsPage *self,
                                                     GFile             *file);

G_END_DECLS
