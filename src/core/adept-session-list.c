/* adept-session-list.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-session"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "adept-context.h"
#include "adept-error.h"
#include "adept-session-list.h"

struct _AdeptSessionList
{
  GObject     parent_instance;

  AdeptStore *store;
  GPtrArray  *sessions;   /* sorted by id */
  GPtrArray  *problems;   /* NULL-terminated */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (AdeptSessionList, adept_session_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
get_item_type (GListModel *model)
{
  return ADEPT_TYPE_SESSION;
}

static guint
get_n_items (GListModel *model)
{
  return ADEPT_SESSION_LIST (model)->sessions->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  AdeptSessionList *self = ADEPT_SESSION_LIST (model);

  if (position >= self->sessions->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->sessions, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static guint
position_for (AdeptSessionList *self,
              const char       *server_id,
              gboolean         *found)
{
  guint i;

  for (i = 0; i < self->sessions->len; i++)
    {
      int c = g_strcmp0 (adept_session_get_id (g_ptr_array_index (self->sessions, i)), server_id);

      if (c >= 0)
        {
          *found = c == 0;
          return i;
        }
    }
  *found = FALSE;
  return i;
}

static void
insert (AdeptSessionList *self,
        AdeptSession     *session)
{
  gboolean found;
  guint position = position_for (self, adept_session_get_id (session), &found);

  g_return_if_fail (!found);
  g_ptr_array_insert (self->sessions, position, g_object_ref (session));
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
}

static void
add_problem (AdeptSessionList *self,
             const char       *message)
{
  g_ptr_array_insert (self->problems, self->problems->len - 1, g_strdup (message));
}

/* Every id the user has: server folders and the store's rows. */
static GPtrArray *
known_ids (AdeptSessionList *self)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_auto(GStrv) dirs = adept_context_list_server_dirs ();
  g_auto(GStrv) rows = adept_store_list_servers (self->store, NULL);
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; dirs != NULL && dirs[i] != NULL; i++)
    if (g_hash_table_add (seen, dirs[i]))
      g_ptr_array_add (ids, g_strdup (dirs[i]));
  for (guint i = 0; rows != NULL && rows[i] != NULL; i++)
    if (g_hash_table_add (seen, rows[i]))
      g_ptr_array_add (ids, g_strdup (rows[i]));
  return ids;
}

static void
load (AdeptSessionList *self)
{
  g_autoptr(GPtrArray) ids = known_ids (self);

  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(AdeptSession) session = NULL;

      if (!adept_context_is_valid_server_id (id))
        continue;
      session = adept_session_new_for_id (id, NULL, self->store, &error);
      if (session == NULL)
        {
          g_debug ("Server %s left out: %s", id, error->message);
          add_problem (self, error->message);
          continue;
        }
      insert (self, session);
    }
}

static void
adept_session_list_finalize (GObject *object)
{
  AdeptSessionList *self = ADEPT_SESSION_LIST (object);

  g_clear_pointer (&self->sessions, g_ptr_array_unref);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (adept_session_list_parent_class)->finalize (object);
}

static void
adept_session_list_class_init (AdeptSessionListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = adept_session_list_finalize;
}

static void
adept_session_list_init (AdeptSessionList *self)
{
  self->sessions = g_ptr_array_new_with_free_func (g_object_unref);
  self->problems = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->problems, NULL);
}

AdeptSessionList *
adept_session_list_new_for_store (AdeptStore *store)
{
  AdeptSessionList *self;

  g_return_val_if_fail (ADEPT_IS_STORE (store), NULL);

  self = g_object_new (ADEPT_TYPE_SESSION_LIST, NULL);
  self->store = g_object_ref (store);
  load (self);
  return self;
}

AdeptSessionList *
adept_session_list_new (GError **error)
{
  g_autoptr(AdeptStore) store = adept_store_open (error);

  if (store == NULL)
    return NULL;
  return adept_session_list_new_for_store (store);
}

AdeptStore *
adept_session_list_get_store (AdeptSessionList *self)
{
  g_return_val_if_fail (ADEPT_IS_SESSION_LIST (self), NULL);
  return self->store;
}

AdeptSession *
adept_session_list_lookup (AdeptSessionList *self,
                           const char       *server_id)
{
  gboolean found;
  guint position;

  g_return_val_if_fail (ADEPT_IS_SESSION_LIST (self), NULL);

  position = position_for (self, server_id, &found);
  return found ? g_ptr_array_index (self->sessions, position) : NULL;
}

AdeptSession *
adept_session_list_add (AdeptSessionList  *self,
                        const char        *server_id,
                        const char        *kind_name,
                        GError           **error)
{
  g_autoptr(AdeptSession) session = NULL;

  g_return_val_if_fail (ADEPT_IS_SESSION_LIST (self), NULL);

  if (!adept_context_is_valid_server_id (server_id))
    {
      g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_FAILED,
                   _("“%s” is not a valid server name. Use lowercase letters, digits, “.”, “_” and “-”, starting with a letter or digit."),
                   server_id ? server_id : "");
      return NULL;
    }
  if (adept_session_list_lookup (self, server_id) != NULL)
    {
      g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_FAILED,
                   _("A server named “%s” exists already. Choose another name."), server_id);
      return NULL;
    }
  session = adept_session_new_for_id (server_id, kind_name, self->store, error);
  if (session == NULL)
    return NULL;
  insert (self, session);
  return session;
}

void
adept_session_list_remove (AdeptSessionList *self,
                           AdeptSession     *session)
{
  g_return_if_fail (ADEPT_IS_SESSION_LIST (self));
  g_return_if_fail (ADEPT_IS_SESSION (session));

  for (guint i = 0; i < self->sessions->len; i++)
    if (g_ptr_array_index (self->sessions, i) == session)
      {
        g_ptr_array_remove_index (self->sessions, i);
        g_list_model_items_changed (G_LIST_MODEL (self), i, 1, 0);
        return;
      }
}

const char * const *
adept_session_list_get_problems (AdeptSessionList *self)
{
  g_return_val_if_fail (ADEPT_IS_SESSION_LIST (self), NULL);
  return (const char * const *) self->problems->pdata;
}

AdeptSession *
adept_session_list_resolve (AdeptSessionList  *self,
                            const char        *server_id,
                            GError           **error)
{
  AdeptSession *session;
  g_autoptr(GString) names = NULL;

  g_return_val_if_fail (ADEPT_IS_SESSION_LIST (self), NULL);

  if (server_id != NULL)
    {
      session = adept_session_list_lookup (self, server_id);
      return session ? session : adept_session_list_add (self, server_id, NULL, error);
    }
  if (self->sessions->len == 1)
    return g_ptr_array_index (self->sessions, 0);
  if ((session = adept_session_list_lookup (self, ADEPT_SERVER_DEFAULT)) != NULL)
    return session;
  if (self->sessions->len == 0)
    return adept_session_list_add (self, ADEPT_SERVER_DEFAULT, NULL, error);

  names = g_string_new (NULL);
  for (guint i = 0; i < self->sessions->len; i++)
    g_string_append_printf (names, "%s%s", i ? ", " : "",
                            adept_session_get_id (g_ptr_array_index (self->sessions, i)));
  g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_FAILED,
               _("There are several DEP servers (%s). Name one with --server NAME."), names->str);
  return NULL;
}
