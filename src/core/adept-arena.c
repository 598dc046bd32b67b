/* adept-arena.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-arena"

#include "config.h"

#include <string.h>

#include "adept-arena.h"

/* A page of devices needs a few of these; a single device's copy fits in the first. */
#define BLOCK_SIZE (32 * 1024)
#define ALIGN      (sizeof (gpointer) > sizeof (gint64) ? sizeof (gpointer) : sizeof (gint64))

struct _AdeptArena
{
  GPtrArray *blocks;
  guint8    *next;
  gsize      left;
};

AdeptArena *
adept_arena_new (void)
{
  AdeptArena *arena = g_new0 (AdeptArena, 1);

  arena->blocks = g_ptr_array_new_with_free_func (g_free);
  return arena;
}

void
adept_arena_free (AdeptArena *arena)
{
  if (arena == NULL)
    return;
  g_ptr_array_unref (arena->blocks);
  g_free (arena);
}

static gpointer
alloc_unaligned (AdeptArena *arena,
                 gsize       size)
{
  gpointer piece;

  if (size > arena->left)
    {
      /* A piece larger than a block gets a block of its own; the current one stays. */
      if (size > BLOCK_SIZE / 4)
        {
          piece = g_malloc (size);
          g_ptr_array_add (arena->blocks, piece);
          return piece;
        }
      arena->next = g_malloc (BLOCK_SIZE);
      arena->left = BLOCK_SIZE;
      g_ptr_array_add (arena->blocks, arena->next);
    }
  piece = arena->next;
  arena->next += size;
  arena->left -= size;
  return piece;
}

gpointer
adept_arena_alloc (AdeptArena *arena,
                   gsize       size)
{
  gsize misaligned = (gsize) arena->next % ALIGN;

  g_return_val_if_fail (arena != NULL, NULL);

  if (misaligned != 0 && arena->left >= ALIGN - misaligned)
    {
      arena->next += ALIGN - misaligned;
      arena->left -= ALIGN - misaligned;
    }
  else if (misaligned != 0)
    arena->left = 0;
  return alloc_unaligned (arena, MAX (size, 1));
}

char *
adept_arena_strndup (AdeptArena *arena,
                     const char *s,
                     gsize       len)
{
  char *copy;

  g_return_val_if_fail (arena != NULL, NULL);
  g_return_val_if_fail (len < G_MAXSIZE, NULL);

  copy = alloc_unaligned (arena, len + 1);
  if (len > 0)
    memcpy (copy, s, len);
  copy[len] = '\0';
  return copy;
}

char *
adept_arena_strdup (AdeptArena *arena,
                    const char *s)
{
  return s != NULL ? adept_arena_strndup (arena, s, strlen (s)) : NULL;
}

const char * const *
adept_arena_strv (AdeptArena         *arena,
                  const char * const *items,
                  gsize               n)
{
  const char **strv = adept_arena_alloc (arena, (n + 1) * sizeof (char *));

  if (n > 0)
    memcpy (strv, items, n * sizeof (char *));
  strv[n] = NULL;
  return strv;
}
