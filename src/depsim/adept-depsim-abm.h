/* adept-depsim-abm.h — the Apple Business API half of the simulator over HTTP: the token
 * endpoint (on the simulator's main address, as account.apple.com) and the /v1 API on an
 * address of its own (as api-business.apple.com)
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "adept-depsim-abm-accounts.h"
#include "adept-depsim-abm-org.h"
#include "adept-depsim-faults.h"
#include "adept-depsim-state.h"

G_BEGIN_DECLS

#define ADEPT_DEPSIM_ABM_TOKEN_PATH "/auth/oauth2/token"

#define ADEPT_TYPE_DEPSIM_ABM (adept_depsim_abm_get_type ())
G_DECLARE_FINAL_TYPE (AdeptDepsimAbm, adept_depsim_abm, ADEPT, DEPSIM_ABM, GObject)

AdeptDepsimAbm      *adept_depsim_abm_new            (AdeptDepsimState  *state,
                                                      guint64            seed);
AdeptDepsimAccounts *adept_depsim_abm_get_accounts   (AdeptDepsimAbm    *self);
AdeptDepsimOrg      *adept_depsim_abm_get_org        (AdeptDepsimAbm    *self);
/* Faults of the token endpoint and the API; "*" hits every one of them. */
AdeptDepsimFaults   *adept_depsim_abm_get_faults     (AdeptDepsimAbm    *self);

/* Listens for the API on another port of 127.0.0.1 (port 0: any free one). */
gboolean             adept_depsim_abm_start          (AdeptDepsimAbm    *self,
                                                      guint              port,
                                                      GError           **error);
void                 adept_depsim_abm_stop           (AdeptDepsimAbm    *self);
/* "http://127.0.0.1:PORT" of the API once started. */
const char          *adept_depsim_abm_get_url        (AdeptDepsimAbm    *self);

/* POST /auth/oauth2/token, served from the simulator's main address. */
void                 adept_depsim_abm_serve_token    (AdeptDepsimAbm    *self,
                                                      SoupServerMessage *msg);

/* Requests by route ("/v1/orgDevices", "/auth/oauth2/token"…). */
guint                adept_depsim_abm_get_request_count (AdeptDepsimAbm *self,
                                                      const char        *route);
/* The most requests held at once by delay faults: how many a client had in flight. */
guint                adept_depsim_abm_get_max_pending (AdeptDepsimAbm *self);
/* {"route": count, …} */
void                 adept_depsim_abm_write_counts   (AdeptDepsimAbm    *self,
                                                      GString           *out);

G_END_DECLS
