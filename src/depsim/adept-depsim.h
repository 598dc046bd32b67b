/* adept-depsim.h — a simulator of Apple's DEP API, embeddable in tests and the demo
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define ADEPT_TYPE_DEPSIM (adept_depsim_get_type ())
G_DECLARE_FINAL_TYPE (AdeptDepsim, adept_depsim, ADEPT, DEPSIM, GObject)

AdeptDepsim *adept_depsim_new          (guint64       seed,
                                        guint         n_devices);
/* Listens on 127.0.0.1; port 0 picks a free one. */
gboolean     adept_depsim_start        (AdeptDepsim  *self,
                                        guint         port,
                                        GError      **error);
void         adept_depsim_stop         (AdeptDepsim  *self);
/* "http://127.0.0.1:PORT" once started. */
const char  *adept_depsim_get_base_url (AdeptDepsim  *self);

G_END_DECLS
