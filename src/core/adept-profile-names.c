/* adept-profile-names.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-profile-names"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "adept-profile-names.h"
#include "adept-store.h"

#define UUID_PREFIX 8

typedef struct {
  char     *uuid;
  char     *name;
  char     *display_name;
  char     *replaced_by;
  gboolean  adopted;
} Entry;

struct _AdeptProfileNames
{
  GObject     parent_instance;

  GHashTable *entries;   /* UUID → Entry */
};

G_DEFINE_FINAL_TYPE (AdeptProfileNames, adept_profile_names, G_TYPE_OBJECT)

static void
entry_free (Entry *entry)
{
  g_free (entry->uuid);
  g_free (entry->name);
  g_free (entry->display_name);
  g_free (entry->replaced_by);
  g_free (entry);
}

static void
adept_profile_names_finalize (GObject *object)
{
  g_hash_table_unref (ADEPT_PROFILE_NAMES (object)->entries);
  G_OBJECT_CLASS (adept_profile_names_parent_class)->finalize (object);
}

static void
adept_profile_names_class_init (AdeptProfileNamesClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = adept_profile_names_finalize;
}

static void
adept_profile_names_init (AdeptProfileNames *self)
{
  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                         (GDestroyNotify) entry_free);
}

/* Names compare as an admin reads them: case and surrounding blanks aside. */
static char *
name_key (const char *name)
{
  g_autofree char *stripped = g_strstrip (g_strdup (name ? name : ""));

  return g_utf8_casefold (stripped, -1);
}

static char *
disambiguate (const Entry *entry)
{
  gsize n = strlen (entry->uuid);

  return g_strdup_printf ("%s (%.*s)", entry->name, (int) MIN (n, UUID_PREFIX), entry->uuid);
}

/* Within a group of profiles sharing a name, the one current profile keeps it; the
 * others (or all, when none or several are current) carry their UUID's prefix. */
static void
name_group (GPtrArray *group)
{
  Entry *keeper = NULL;

  for (guint i = 0; i < group->len; i++)
    {
      Entry *entry = g_ptr_array_index (group, i);

      if (entry->replaced_by != NULL)
        continue;
      if (keeper != NULL)
        {
          keeper = NULL;
          break;
        }
      keeper = entry;
    }
  for (guint i = 0; i < group->len; i++)
    {
      Entry *entry = g_ptr_array_index (group, i);

      g_free (entry->display_name);
      entry->display_name = group->len == 1 || entry == keeper ? g_strdup (entry->name)
                                                               : disambiguate (entry);
    }
}

AdeptProfileNames *
adept_profile_names_new (GPtrArray *stored)
{
  AdeptProfileNames *self = g_object_new (ADEPT_TYPE_PROFILE_NAMES, NULL);
  g_autoptr(GHashTable) groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                        (GDestroyNotify) g_ptr_array_unref);
  GHashTableIter iter;
  gpointer group;

  for (guint i = 0; stored != NULL && i < stored->len; i++)
    {
      const AdeptStoredProfile *p = g_ptr_array_index (stored, i);
      Entry *entry = g_new0 (Entry, 1);

      entry->uuid = g_strdup (p->uuid);
      entry->name = g_strstrip (g_strdup (p->name ? p->name : ""));
      if (*entry->name == '\0')
        {
          g_free (entry->name);
          entry->name = g_strdup (p->uuid);
        }
      entry->adopted = p->origin == ADEPT_PROFILE_ORIGIN_ADOPTED;
      g_hash_table_replace (self->entries, entry->uuid, entry);
    }
  /* The store lists newest first: the first profile found replacing one is its successor. */
  for (guint i = 0; stored != NULL && i < stored->len; i++)
    {
      const AdeptStoredProfile *p = g_ptr_array_index (stored, i);
      Entry *old = p->replaces ? g_hash_table_lookup (self->entries, p->replaces) : NULL;

      if (old != NULL && old->replaced_by == NULL && g_strcmp0 (p->replaces, p->uuid) != 0)
        old->replaced_by = g_strdup (p->uuid);
    }

  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, &group))
    {
      Entry *entry = group;
      char *key = name_key (entry->name);
      GPtrArray *members = g_hash_table_lookup (groups, key);

      if (members == NULL)
        {
          members = g_ptr_array_new ();
          g_hash_table_insert (groups, key, members);
        }
      else
        g_free (key);
      g_ptr_array_add (members, entry);
    }
  g_hash_table_iter_init (&iter, groups);
  while (g_hash_table_iter_next (&iter, NULL, &group))
    name_group (group);
  return self;
}

static Entry *
lookup (AdeptProfileNames *self,
        const char        *uuid)
{
  return uuid != NULL ? g_hash_table_lookup (self->entries, uuid) : NULL;
}

const char *
adept_profile_names_get_display_name (AdeptProfileNames *self,
                                      const char        *uuid)
{
  Entry *entry;

  g_return_val_if_fail (ADEPT_IS_PROFILE_NAMES (self), NULL);

  entry = lookup (self, uuid);
  return entry ? entry->display_name : NULL;
}

const char *
adept_profile_names_get_replaced_by (AdeptProfileNames *self,
                                     const char        *uuid)
{
  Entry *entry;

  g_return_val_if_fail (ADEPT_IS_PROFILE_NAMES (self), NULL);

  entry = lookup (self, uuid);
  return entry ? entry->replaced_by : NULL;
}

const char *
adept_profile_names_get_latest (AdeptProfileNames *self,
                                const char        *uuid)
{
  Entry *entry;
  guint steps = 0;

  g_return_val_if_fail (ADEPT_IS_PROFILE_NAMES (self), NULL);

  entry = lookup (self, uuid);
  if (entry == NULL)
    return NULL;
  /* A chain can be no longer than the profiles; more steps would be a loop. */
  while (entry->replaced_by != NULL && steps++ < g_hash_table_size (self->entries))
    {
      Entry *next = lookup (self, entry->replaced_by);

      if (next == NULL)
        break;
      entry = next;
    }
  return entry->uuid;
}

gboolean
adept_profile_names_get_adopted (AdeptProfileNames *self,
                                 const char        *uuid)
{
  Entry *entry;

  g_return_val_if_fail (ADEPT_IS_PROFILE_NAMES (self), FALSE);

  entry = lookup (self, uuid);
  return entry != NULL && entry->adopted;
}

gboolean
adept_profile_names_contains (AdeptProfileNames *self,
                              const char        *uuid)
{
  g_return_val_if_fail (ADEPT_IS_PROFILE_NAMES (self), FALSE);

  return lookup (self, uuid) != NULL;
}

/* "Sales iPads (v3)" → "Sales iPads", 3; anything else is its own base, version 1. */
static char *
split_version (const char *name,
               guint      *version)
{
  g_autofree char *stripped = g_strstrip (g_strdup (name));
  gsize n = strlen (stripped);
  const char *open = g_strrstr (stripped, " (v");

  *version = 1;
  if (open != NULL && n > 0 && stripped[n - 1] == ')')
    {
      const char *digits = open + strlen (" (v");
      char *end = NULL;
      guint64 v = g_ascii_strtoull (digits, &end, 10);

      if (end != digits && end == stripped + n - 1 && v >= 1 && v < G_MAXUINT)
        {
          *version = (guint) v;
          return g_strndup (stripped, open - stripped);
        }
    }
  return g_steal_pointer (&stripped);
}

static gboolean
name_taken (AdeptProfileNames *self,
            const char        *name)
{
  g_autofree char *key = name_key (name);
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      g_autofree char *other = name_key (((Entry *) value)->name);

      if (g_str_equal (key, other))
        return TRUE;
    }
  return FALSE;
}

char *
adept_profile_names_propose_version_name (AdeptProfileNames *self,
                                          const char        *name)
{
  g_autofree char *base = NULL;
  guint version;

  g_return_val_if_fail (ADEPT_IS_PROFILE_NAMES (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  base = split_version (name, &version);
  for (guint v = version + 1; v < G_MAXUINT; v++)
    {
      g_autofree char *candidate = g_strdup_printf ("%s (v%u)", base, v);

      if (!name_taken (self, candidate))
        return g_steal_pointer (&candidate);
    }
  return g_strdup (name);
}
