/* adept-context.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-context"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sys/stat.h>

#include "adept-context.h"
#include "adept-error.h"

static char *name_space;
static char *data_dir;

void
adept_context_set_namespace (const char *ns)
{
  g_return_if_fail (ns == NULL || adept_context_is_valid_server_id (ns));

  g_clear_pointer (&name_space, g_free);
  g_clear_pointer (&data_dir, g_free);
  name_space = g_strdup (ns);
}

const char *
adept_context_get_namespace (void)
{
  return name_space ? name_space : ADEPT_NAMESPACE_DEFAULT;
}

static gboolean
ensure_private_dir (const char  *path,
                    GError     **error)
{
  struct stat st;

  if (g_mkdir_with_parents (path, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_FILE,
                   _("The folder “%s” could not be created: %s."), path, g_strerror (saved));
      return FALSE;
    }
  /* A folder made by an older version or by hand may be too open. Only rights are taken
   * away, and only when there are some to take: a read-only folder or file system stays
   * usable by the verbs that only read (the store says so to those that write). */
  if (g_stat (path, &st) == 0 && (st.st_mode & 077) != 0 && g_chmod (path, st.st_mode & 0700) != 0)
    g_debug ("The folder “%s” could not be made private: %s", path, g_strerror (errno));
  return TRUE;
}

const char *
adept_context_get_data_dir (GError **error)
{
  g_autofree char *path = NULL;
  const char *ns = adept_context_get_namespace ();

  if (data_dir != NULL)
    return data_dir;

  if (g_str_equal (ns, ADEPT_NAMESPACE_DEFAULT))
    path = g_build_filename (g_get_user_data_dir (), "adept", NULL);
  else
    {
      g_autofree char *leaf = g_strdup_printf ("adept-%s", ns);
      path = g_build_filename (g_get_user_data_dir (), leaf, NULL);
    }

  if (!ensure_private_dir (path, error))
    return NULL;

  data_dir = g_steal_pointer (&path);
  return data_dir;
}

gboolean
adept_context_is_valid_server_id (const char *server_id)
{
  gsize len;

  if (server_id == NULL)
    return FALSE;
  len = strlen (server_id);
  if (len == 0 || len > 64)
    return FALSE;
  if (!g_ascii_islower (server_id[0]) && !g_ascii_isdigit (server_id[0]))
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      char c = server_id[i];
      if (!g_ascii_islower (c) && !g_ascii_isdigit (c) && c != '.' && c != '_' && c != '-')
        return FALSE;
    }
  return TRUE;
}

char *
adept_context_build_server_dir (const char  *server_id,
                                GError     **error)
{
  const char *base;

  if (!adept_context_is_valid_server_id (server_id))
    {
      g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_FAILED,
                   _("“%s” is not a valid server name. Use lowercase letters, digits, “.”, “_” and “-”."),
                   server_id ? server_id : "");
      return NULL;
    }

  base = adept_context_get_data_dir (error);
  if (base == NULL)
    return NULL;
  return g_build_filename (base, "servers", server_id, NULL);
}

char *
adept_context_dup_server_dir (const char  *server_id,
                              GError     **error)
{
  g_autofree char *path = adept_context_build_server_dir (server_id, error);

  if (path == NULL || !ensure_private_dir (path, error))
    return NULL;
  return g_steal_pointer (&path);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

GStrv
adept_context_list_server_dirs (void)
{
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  g_autoptr(GPtrArray) sorted = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *servers = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *base = adept_context_get_data_dir (NULL);
  const char *name;

  if (base != NULL)
    {
      servers = g_build_filename (base, "servers", NULL);
      dir = g_dir_open (servers, 0, NULL);
    }
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (servers, name, NULL);

      if (adept_context_is_valid_server_id (name) && g_file_test (path, G_FILE_TEST_IS_DIR))
        g_ptr_array_add (sorted, g_strdup (name));
    }
  g_ptr_array_sort (sorted, compare_names);
  for (guint i = 0; i < sorted->len; i++)
    g_strv_builder_add (ids, g_ptr_array_index (sorted, i));
  return g_strv_builder_end (ids);
}
