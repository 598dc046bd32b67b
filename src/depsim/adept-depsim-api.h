/* adept-depsim-api.h — the DEP endpoints behind the session check: request in, reply out
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "adept-depsim-state.h"
#include "adept-depsim-util.h"

G_BEGIN_DECLS

/* Most devices one request may name (Apple asks for at most 1000 per assign). */
#define ADEPT_DEPSIM_MAX_DEVICES 1000
#define ADEPT_DEPSIM_DEFAULT_LIMIT 100
#define ADEPT_DEPSIM_MAX_LIMIT 1000

typedef void (*AdeptDepsimHandler) (AdeptDepsimState         *state,
                                    const AdeptDepsimRequest *request,
                                    AdeptDepsimReply         *reply);

void adept_depsim_api_account          (AdeptDepsimState         *state,
                                        const AdeptDepsimRequest *request,
                                        AdeptDepsimReply         *reply);
void adept_depsim_api_fetch            (AdeptDepsimState         *state,
                                        const AdeptDepsimRequest *request,
                                        AdeptDepsimReply         *reply);
void adept_depsim_api_sync             (AdeptDepsimState         *state,
                                        const AdeptDepsimRequest *request,
                                        AdeptDepsimReply         *reply);
void adept_depsim_api_details          (AdeptDepsimState         *state,
                                        const AdeptDepsimRequest *request,
                                        AdeptDepsimReply         *reply);
void adept_depsim_api_disown           (AdeptDepsimState         *state,
                                        const AdeptDepsimRequest *request,
                                        AdeptDepsimReply         *reply);
/* POST and GET /profile */
void adept_depsim_api_profile          (AdeptDepsimState         *state,
                                        const AdeptDepsimRequest *request,
                                        AdeptDepsimReply         *reply);
/* PUT and POST (assign), DELETE (remove) /profile/devices */
void adept_depsim_api_profile_devices  (AdeptDepsimState         *state,
                                        const AdeptDepsimRequest *request,
                                        AdeptDepsimReply         *reply);

G_END_DECLS
