/* adept-window.h
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "adept-application.h"
#include "adept-session.h"
#include "adept-types.h"

G_BEGIN_DECLS

/* The main window: a view of one DEP server at a time. The header bar's switcher chooses
 * among the application's servers; the window's "session" property passes the chosen one
 * to each page, which are views of it. Pages show toasts through the window's "win.toast"
 * action (adept_ui_toast()).
 *
 * Actions: win.show-page (s), win.force-sync, win.renew-token, win.select-token,
 * win.add-server, win.import-server (a new server from an exported file), win.export-server
 * (the Settings page's Export Server…), win.show-folder (s), win.toast ((suss), see
 * ADEPT_UI_TOAST_PARAM). */
#define ADEPT_TYPE_WINDOW (adept_window_get_type ())
G_DECLARE_FINAL_TYPE (AdeptWindow, adept_window, ADEPT, WINDOW, AdwApplicationWindow)

AdeptWindow       *adept_window_new                (AdeptApplication *application);

AdeptSession      *adept_window_get_session        (AdeptWindow      *self);
void               adept_window_set_session        (AdeptWindow      *self,
                                                    AdeptSession     *session);
/* Cancelled when the window closes: every operation the window starts uses it. */
GCancellable      *adept_window_get_cancellable    (AdeptWindow      *self);
void               adept_window_show_page          (AdeptWindow      *self,
                                                    const char       *name);

/* Import Server…: into the unlinked server into (the Settings page's link steps), or NULL
 * into a new one; once linked, the window shows it and its devices. */
void               adept_window_present_import     (AdeptWindow      *self,
                                                    AdeptSession     *into);

G_END_DECLS
