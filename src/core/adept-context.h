/* adept-context.h — which data set a process works on (real or demo) and where it lives
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define ADEPT_NAMESPACE_DEFAULT "default"
#define ADEPT_NAMESPACE_DEMO    "demo"
#define ADEPT_SERVER_DEFAULT    "default"

/* Set once at start-up, before any other call. Demo data lives in its own data directory
 * and keyring namespace, so it never mixes with real data. Default: "default". */
void        adept_context_set_namespace (const char *name_space);
const char *adept_context_get_namespace (void);

/* $XDG_DATA_HOME/adept (or adept-<namespace> for others than the default), created 0700. */
const char *adept_context_get_data_dir  (GError **error);
/* <data dir>/servers/<server_id>, created 0700. NULL with an error on a bad id. */
char       *adept_context_dup_server_dir (const char  *server_id,
                                          GError     **error);
/* The same path, not created (for reading: a look at a server leaves nothing behind). */
char       *adept_context_build_server_dir (const char  *server_id,
                                            GError     **error);
/* The ids of the folders under <data dir>/servers, sorted. */
GStrv       adept_context_list_server_dirs (void);
/* Server ids are short names: [a-z0-9][a-z0-9._-]{0,63}. */
gboolean    adept_context_is_valid_server_id (const char *server_id);

G_END_DECLS
