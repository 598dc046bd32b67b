/* adept-secret.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-secret"

#include "config.h"

#include <errno.h>
#include <gnutls/gnutls.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "adept-secret.h"

/* Live secret mappings: start address → mapped length. A few dozen at most, so one
 * table under one lock is plenty. */
static GMutex     registry_lock;
static GHashTable *registry;

void
adept_secret_wipe (gpointer data,
                   gsize    n)
{
  if (data != NULL && n > 0)
    gnutls_memset (data, 0, n);
}

static gsize
round_to_pages (gsize n)
{
  gsize page = (gsize) sysconf (_SC_PAGESIZE);

  if (n == 0)
    n = 1;
  if (n > G_MAXSIZE - page)
    g_error ("adept_secret_alloc: %" G_GSIZE_FORMAT " bytes is too much", n);
  return (n + page - 1) / page * page;
}

gpointer
adept_secret_alloc (gsize n)
{
  gsize len = round_to_pages (n);
  gpointer data;

  data = mmap (NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (data == MAP_FAILED)
    g_error ("adept_secret_alloc: out of memory for %" G_GSIZE_FORMAT " bytes", n);
  /* Both are best effort: the first keeps the pages out of core files (the console cannot
   * turn dumps off for the whole process), the second out of swap. */
  if (madvise (data, len, MADV_DONTDUMP) != 0)
    g_debug ("madvise (MADV_DONTDUMP) failed: %s", g_strerror (errno));
  (void) mlock (data, len);

  g_mutex_lock (&registry_lock);
  if (registry == NULL)
    registry = g_hash_table_new (NULL, NULL);
  g_hash_table_insert (registry, data, GSIZE_TO_POINTER (len));
  g_mutex_unlock (&registry_lock);
  return data;
}

/* The mapped length of a secret buffer, removed from the registry; 0 when data is not one. */
static gsize
take_mapping (gpointer data)
{
  gpointer len = NULL;

  g_mutex_lock (&registry_lock);
  if (registry != NULL)
    g_hash_table_steal_extended (registry, data, NULL, &len);
  g_mutex_unlock (&registry_lock);
  return GPOINTER_TO_SIZE (len);
}

static void
unmap (gpointer data,
       gsize    len)
{
  adept_secret_wipe (data, len);
  munlock (data, len);
  munmap (data, len);
}

void
adept_secret_release (gpointer data)
{
  gsize len;

  if (data == NULL)
    return;
  len = take_mapping (data);
  g_return_if_fail (len > 0);
  unmap (data, len);
}

gboolean
adept_secret_is_protected (gconstpointer data)
{
  gboolean found = FALSE;

  g_mutex_lock (&registry_lock);
  if (registry != NULL)
    {
      GHashTableIter iter;
      gpointer start, len;

      g_hash_table_iter_init (&iter, registry);
      while (!found && g_hash_table_iter_next (&iter, &start, &len))
        found = (const guint8 *) data >= (const guint8 *) start &&
                (const guint8 *) data < (const guint8 *) start + GPOINTER_TO_SIZE (len);
    }
  g_mutex_unlock (&registry_lock);
  return found;
}

char *
adept_secret_strndup (const char *text,
                      gsize       n)
{
  char *copy;

  if (text == NULL)
    return NULL;
  n = strnlen (text, n);
  copy = adept_secret_alloc (n + 1);
  memcpy (copy, text, n);
  return copy;
}

char *
adept_secret_strdup (const char *text)
{
  return text != NULL ? adept_secret_strndup (text, strlen (text)) : NULL;
}

GBytes *
adept_secret_bytes_new (gconstpointer data,
                        gsize         n)
{
  gpointer copy = adept_secret_alloc (n);

  if (n > 0)
    memcpy (copy, data, n);
  return g_bytes_new_with_free_func (copy, n, adept_secret_release, copy);
}

void
adept_secret_free (char *secret)
{
  gsize len;

  if (secret == NULL)
    return;
  len = take_mapping (secret);
  if (len > 0)
    {
      unmap (secret, len);
      return;
    }
  adept_secret_wipe (secret, strlen (secret));
  g_free (secret);
}
