/* adept-depsim-client.h — the adept-depsim verbs that drive a running simulator
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* argv[1] is the verb. Returns the exit status: 0 done, 1 the simulator refused or could
 * not be reached, 2 a usage error. */
int      adept_depsim_client_run      (int          argc,
                                       char       **argv);
gboolean adept_depsim_client_is_verb  (const char  *word);
/* The verbs' first words, one a line. */
void     adept_depsim_client_print_verbs (void);

G_END_DECLS
