/* adept-server-switcher.h — the header bar's choice of DEP server
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "adept-session.h"
#include "adept-types.h"

G_BEGIN_DECLS

/* A button naming the shown server; its popover lists every server (name, id, whether
 * linked, its condition) and ends with Add DEP Server… (win.add-server). Choosing a row
 * sets "session".
 *
 * Properties: "sessions" (GListModel of AdeptSession), "session" (the one shown). */
#define ADEPT_TYPE_SERVER_SWITCHER (adept_server_switcher_get_type ())
G_DECLARE_FINAL_TYPE (AdeptServerSwitcher, adept_server_switcher, ADEPT, SERVER_SWITCHER, AdwBin)

void          adept_server_switcher_set_sessions (AdeptServerSwitcher *self,
                                                  GListModel          *sessions);
void          adept_server_switcher_set_session  (AdeptServerSwitcher *self,
                                                  AdeptSession        *session);
AdeptSession *adept_server_switcher_get_session  (AdeptServerSwitcher *self);

G_END_DECLS
