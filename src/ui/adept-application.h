/* adept-application.h — the console: its settings, its DEP servers (sessions), the demo
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "adept-demo.h"
#include "adept-session-list.h"
#include "adept-settings.h"
#include "adept-types.h"

G_BEGIN_DECLS

#define ADEPT_ABM_URL "https://business.apple.com"

/* The application owns what outlives a window: the preferences (AdeptSettings), the list
 * of DEP servers (an AdeptSessionList, a GListModel of AdeptSession, each connected and
 * syncing nightly while the console runs) and, with --demo, the simulator. Windows get
 * them as properties and show one session at a time. */
#define ADEPT_TYPE_APPLICATION (adept_application_get_type ())
G_DECLARE_FINAL_TYPE (AdeptApplication, adept_application, ADEPT, APPLICATION, AdwApplication)

/* Before GTK opens the display (gtk_init(), g_application_run()). With the cairo renderer
 * chosen (GSK_RENDERER=cairo), GTK 4.8's X11 backend still sets OpenGL up at start only to
 * pick visuals: under software rendering that loads Mesa and its libLLVM, ~40 MB and tens
 * of milliseconds. GDK_DEBUG=gl-disable spares it; the GL renderer is untouched. */
void              adept_application_prepare_display (void);
/* After: GDK_DEBUG as the caller had it (startup does this), for programs started later. */
void              adept_application_display_opened  (void);
AdeptApplication *adept_application_new          (void);
/* For tests: an application that needs no bus name and, with demo set, runs the
 * simulator in-process like `adept --demo`. */
AdeptApplication *adept_application_new_for_test (const char *application_id,
                                                  gboolean    demo,
                                                  guint       demo_devices);

gboolean          adept_application_get_demo_mode (AdeptApplication *self);
/* The running demo (simulator), or NULL outside demo mode. */
AdeptDemo        *adept_application_get_demo      (AdeptApplication *self);
/* The DEP base URL new links use: the simulator's in the demo, NULL (Apple's) otherwise. */
const char       *adept_application_get_dep_base_url (AdeptApplication *self);
AdeptSettings    *adept_application_get_settings  (AdeptApplication *self);
/* Every DEP server; NULL only when the local database could not be opened (the window
 * says why: adept_application_get_store_error()). */
AdeptSessionList *adept_application_get_sessions  (AdeptApplication *self);
const GError     *adept_application_get_store_error (AdeptApplication *self);

/* Add DEP Server…: a new, unlinked server of kind_name (NULL: "local") joins the list (see
 * adept_session_list_add()), set up for the console (nightly sync, the demo's address). */
AdeptSession     *adept_application_add_server    (AdeptApplication  *self,
                                                   const char        *server_id,
                                                   const char        *kind_name,
                                                   GError           **error);
/* The session of a server id, or NULL. */
AdeptSession     *adept_application_find_session  (AdeptApplication  *self,
                                                   const char        *server_id);
/* After an unlink: the server leaves the list, unless it is the last one (the window
 * then shows the link steps again). */
void              adept_application_forget_server (AdeptApplication  *self,
                                                   AdeptSession      *session);

G_END_DECLS
