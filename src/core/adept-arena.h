/* adept-arena.h — memory for many small pieces freed all at once
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A page of 1,000 devices holds some 20,000 strings that live exactly as long as the
 * page: one malloc each (and one free) cost more than parsing them. An arena hands out
 * pieces of large blocks; what it hands out never moves, and it is freed in one go.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _AdeptArena AdeptArena;

AdeptArena *adept_arena_new     (void);
void        adept_arena_free    (AdeptArena  *arena);

/* size bytes aligned for any type; never NULL. */
gpointer    adept_arena_alloc   (AdeptArena  *arena,
                                 gsize        size);
/* A NUL-terminated copy of len bytes (which may hold a NUL themselves). */
char       *adept_arena_strndup (AdeptArena  *arena,
                                 const char  *s,
                                 gsize        len);
/* A copy of the string or NULL. */
char       *adept_arena_strdup  (AdeptArena  *arena,
                                 const char  *s);
/* A NULL-terminated copy of n pointers (not of what they point to). */
const char * const *adept_arena_strv (AdeptArena         *arena,
                                      const char * const *items,
                                      gsize               n);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AdeptArena, adept_arena_free)

G_END_DECLS
