/* adept-secret.h — handling secret strings in memory
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Secrets (OAuth credentials, session tokens, private keys, a decrypted token) live in
 * memory Adept allocates here: whole pages of their own, marked MADV_DONTDUMP so no core
 * file carries them, locked against swap where the limits allow, and wiped before they
 * are given back. adept_secret_free() takes either kind of pointer: one from these
 * allocators, or an ordinary string (wiped, then g_free'd).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* n zeroed bytes (n may be 0) in pages of their own, kept out of core dumps. Aborts when
 * memory is exhausted, as g_malloc() does. Free with adept_secret_release(). */
gpointer adept_secret_alloc   (gsize        n);
/* Wipes and unmaps a buffer from adept_secret_alloc(). NULL is fine. */
void     adept_secret_release (gpointer     data);
/* Copies into secret memory; free with adept_secret_free(). NULL gives NULL. */
char    *adept_secret_strdup  (const char  *text);
char    *adept_secret_strndup (const char  *text,
                               gsize        n);
/* A GBytes over a secret copy of data: its memory is wiped and released with it. */
GBytes  *adept_secret_bytes_new (gconstpointer data,
                                 gsize         n);
/* TRUE when data points into memory from adept_secret_alloc() (for tests). */
gboolean adept_secret_is_protected (gconstpointer data);

/* Overwrites the string with zeros, then frees it. NULL is fine. */
void adept_secret_free (char *secret);
/* Overwrites n bytes with zeros in a way the compiler keeps. */
void adept_secret_wipe (gpointer data,
                        gsize    n);

typedef char AdeptSecret;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AdeptSecret, adept_secret_free)

G_END_DECLS
