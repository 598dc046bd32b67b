/* adept-secret.h — handling secret strings in memory
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Overwrites the string with zeros, then frees it. NULL is fine. */
void adept_secret_free (char *secret);
/* Overwrites n bytes with zeros in a way the compiler keeps. */
void adept_secret_wipe (gpointer data,
                        gsize    n);

typedef char AdeptSecret;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AdeptSecret, adept_secret_free)

G_END_DECLS
