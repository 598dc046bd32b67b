/* adept-depsim-api-2026.h — the DEP endpoints Apple added after the first ones:
 * Activation Lock, replacement details, account-driven enrollment, beta enrollment tokens
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "adept-depsim-api.h"

G_BEGIN_DECLS

/* Apple does not say how long a lost message may be; the simulator takes what fits a
 * lock screen. */
#define ADEPT_DEPSIM_MAX_LOST_MESSAGE 1000

/* POST /device/activationlock (dep-api.md §3.8) */
void adept_depsim_api_activation_lock     (AdeptDepsimState         *state,
                                           const AdeptDepsimRequest *request,
                                           AdeptDepsimReply         *reply);
/* GET /device/replacementDetails?device= (§3.9, protocol 10) */
void adept_depsim_api_replacement_details (AdeptDepsimState         *state,
                                           const AdeptDepsimRequest *request,
                                           AdeptDepsimReply         *reply);
/* POST, GET and DELETE /account-driven-enrollment/profile (§3.9) */
void adept_depsim_api_ade_profile         (AdeptDepsimState         *state,
                                           const AdeptDepsimRequest *request,
                                           AdeptDepsimReply         *reply);
/* GET /os-beta-enrollment/tokens (§3.9) */
void adept_depsim_api_beta_tokens         (AdeptDepsimState         *state,
                                           const AdeptDepsimRequest *request,
                                           AdeptDepsimReply         *reply);

G_END_DECLS
