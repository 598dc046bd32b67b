/* adept-depsim-admin.h — the simulator's own HTTP interface below /_adept/
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "adept-depsim.h"

G_BEGIN_DECLS

#define ADEPT_DEPSIM_ADMIN_PREFIX "/_adept/"

void adept_depsim_admin_handle (AdeptDepsim       *sim,
                                SoupServerMessage *msg,
                                const char        *path);

G_END_DECLS
