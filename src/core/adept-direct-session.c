/* adept-direct-session.c — the kind "local": keys, token and OAuth here
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-session"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "adept-direct-session.h"
#include "adept-error.h"
#include "adept-oauth-authenticator.h"

struct _AdeptDirectSession
{
  AdeptSession parent_instance;
};

G_DEFINE_FINAL_TYPE (AdeptDirectSession, adept_direct_session, ADEPT_TYPE_SESSION)

static AdeptServer *
server_of (gpointer self)
{
  return adept_session_get_server (ADEPT_SESSION (self));
}

/* Returns the task's result from an AdeptServer call's GTask. */
static void
forward_pointer (GTask  *task,
                 gpointer value,
                 GError *error)
{
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, value, g_object_unref);
}

/* The public key: the key pair, made on first use, then its certificate */

static void
key_pair_ready (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(AdeptKeyPair) key_pair = NULL;
  g_autoptr(GError) error = NULL;
  char *pem = NULL;

  key_pair = adept_server_ensure_key_pair_finish (ADEPT_SERVER (source), result, &error);
  if (key_pair != NULL)
    pem = adept_server_dup_certificate_pem (ADEPT_SERVER (source), &error);
  if (pem == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, pem, g_free);
}

static void
direct_dup_public_key_async (AdeptSession        *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  adept_server_ensure_key_pair_async (server_of (self), NULL, ADEPT_SERVER_KEY_NONE, cancellable,
                                      key_pair_ready, g_task_new (self, cancellable, callback,
                                                                  user_data));
}

static char *
direct_dup_public_key_finish (AdeptSession  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Tokens: decrypted here with the private key */

static void
token_decrypted (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  AdeptServerToken *token;

  token = adept_server_inspect_token_finish (ADEPT_SERVER (source), result, &error);
  forward_pointer (task, token, error);
}

static void
direct_inspect_token_async (AdeptSession        *self,
                            GFile               *file,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  adept_server_inspect_token_async (server_of (self), file, cancellable, token_decrypted,
                                    g_task_new (self, cancellable, callback, user_data));
}

static AdeptServerToken *
direct_inspect_token_finish (AdeptSession  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Link: decrypt, then the credentials to the keyring and the facts to server.ini */

typedef struct {
  char *token_name;
  char *base_url;
} LinkData;

static void
link_data_free (LinkData *data)
{
  g_free (data->token_name);
  g_free (data->base_url);
  g_free (data);
}

static void
token_stored (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (adept_server_link_finish (ADEPT_SERVER (source), result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
token_to_link (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LinkData *data = g_task_get_task_data (task);
  g_autoptr(AdeptServerToken) token = NULL;
  GError *error = NULL;

  token = adept_server_inspect_token_finish (ADEPT_SERVER (source), result, &error);
  if (token == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* AdeptServer checks the token (expiry, same server) and the URL before storing. */
  adept_server_link_async (ADEPT_SERVER (source), token, data->token_name, data->base_url,
                           g_task_get_cancellable (task), token_stored, g_object_ref (task));
}

static void
direct_link_async (AdeptSession        *self,
                   GFile               *token,
                   const char          *token_name,
                   const char          *base_url,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  LinkData *data = g_new0 (LinkData, 1);

  data->token_name = g_strdup (token_name);
  data->base_url = g_strdup (base_url);
  g_task_set_task_data (task, data, (GDestroyNotify) link_data_free);
  adept_server_inspect_token_async (server_of (self), token, cancellable, token_to_link, task);
}

static gboolean
direct_link_finish (AdeptSession  *self,
                    GAsyncResult  *result,
                    GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Unlink: the keyring items, then the folder */

static void
server_unlinked (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (adept_server_unlink_finish (ADEPT_SERVER (source), result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
direct_unlink_async (AdeptSession        *self,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  adept_server_unlink_async (server_of (self), cancellable, server_unlinked,
                             g_task_new (self, cancellable, callback, user_data));
}

static gboolean
direct_unlink_finish (AdeptSession  *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The client: OAuth 1.0a with the credentials from the keyring */

static void
credentials_loaded (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  const char *base_url = g_task_get_task_data (task);
  g_autoptr(AdeptServerToken) token = NULL;
  g_autoptr(AdeptOAuthAuthenticator) authenticator = NULL;
  GError *error = NULL;
  AdeptDepClient *client;

  token = adept_server_load_token_finish (ADEPT_SERVER (source), result, &error);
  if (token == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  authenticator = adept_oauth_authenticator_new_for_token (token);
  client = adept_dep_client_new (base_url, ADEPT_AUTHENTICATOR (authenticator), &error);
  forward_pointer (task, client, error);
}

static void
direct_create_client_async (AdeptSession        *self,
                            const char          *base_url,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_task_data (task, g_strdup (base_url), g_free);
  /* The keyring may first ask to be unlocked. */
  adept_server_load_token_async (server_of (self), cancellable, credentials_loaded, task);
}

static AdeptDepClient *
direct_create_client_finish (AdeptSession  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Key pair operations of this kind */

typedef struct {
  char                *key_pem;
  char                *cert_pem;
  char                *common_name;
  AdeptServerKeyFlags  flags;
} KeyData;

static void
key_data_free (KeyData *data)
{
  g_free (data->key_pem);
  g_free (data->cert_pem);
  g_free (data->common_name);
  g_free (data);
}

static void
key_pair_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AdeptSession *self = g_task_get_source_object (task);
  GError *error = NULL;
  AdeptKeyPair *key_pair;

  if (g_task_get_source_tag (task) == adept_direct_session_import_key_pair_async)
    key_pair = adept_server_import_key_pair_finish (ADEPT_SERVER (source), result, &error);
  else
    key_pair = adept_server_ensure_key_pair_finish (ADEPT_SERVER (source), result, &error);
  adept_session_operation_done (self);
  forward_pointer (task, key_pair, error);
}

static void
start_import (AdeptSession *self,
              GTask        *task)
{
  KeyData *data = g_task_get_task_data (task);

  adept_server_import_key_pair_async (server_of (self), data->key_pem, data->cert_pem, data->flags,
                                      g_task_get_cancellable (task), key_pair_done,
                                      g_object_ref (task));
}

static void
start_ensure (AdeptSession *self,
              GTask        *task)
{
  KeyData *data = g_task_get_task_data (task);

  adept_server_ensure_key_pair_async (server_of (self), data->common_name, data->flags,
                                      g_task_get_cancellable (task), key_pair_done,
                                      g_object_ref (task));
}

static void
queue_key (AdeptDirectSession  *self,
           gpointer             source_tag,
           KeyData             *data,
           AdeptSessionOpFunc   start,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, data, (GDestroyNotify) key_data_free);
  adept_session_queue_operation (ADEPT_SESSION (self), ADEPT_SESSION_OPERATION_KEY, task, start,
                                 TRUE);
}

void
adept_direct_session_import_key_pair_async (AdeptDirectSession   *self,
                                            const char           *key_pem,
                                            const char           *cert_pem,
                                            AdeptServerKeyFlags   flags,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data)
{
  KeyData *data;

  g_return_if_fail (ADEPT_IS_DIRECT_SESSION (self));
  g_return_if_fail (key_pem != NULL && cert_pem != NULL);

  data = g_new0 (KeyData, 1);
  data->key_pem = g_strdup (key_pem);
  data->cert_pem = g_strdup (cert_pem);
  data->flags = flags;
  queue_key (self, adept_direct_session_import_key_pair_async, data, start_import, cancellable,
             callback, user_data);
}

AdeptKeyPair *
adept_direct_session_import_key_pair_finish (AdeptDirectSession  *self,
                                             GAsyncResult        *result,
                                             GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
adept_direct_session_ensure_key_pair_async (AdeptDirectSession   *self,
                                            const char           *common_name,
                                            AdeptServerKeyFlags   flags,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data)
{
  KeyData *data;

  g_return_if_fail (ADEPT_IS_DIRECT_SESSION (self));

  data = g_new0 (KeyData, 1);
  data->common_name = g_strdup (common_name);
  data->flags = flags;
  queue_key (self, adept_direct_session_ensure_key_pair_async, data, start_ensure, cancellable,
             callback, user_data);
}

AdeptKeyPair *
adept_direct_session_ensure_key_pair_finish (AdeptDirectSession  *self,
                                             GAsyncResult        *result,
                                             GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
adept_direct_session_class_init (AdeptDirectSessionClass *klass)
{
  AdeptSessionClass *session_class = ADEPT_SESSION_CLASS (klass);

  session_class->kind_name = ADEPT_SERVER_KIND_NAME_LOCAL;
  session_class->kind_label = N_("Apple, with keys on this computer");
  session_class->kind_description = N_("Adept makes the key pair, keeps the private key and the "
                                       "token’s credentials in your keyring, and calls Apple "
                                       "itself.");
  session_class->dup_public_key_async = direct_dup_public_key_async;
  session_class->dup_public_key_finish = direct_dup_public_key_finish;
  session_class->inspect_token_async = direct_inspect_token_async;
  session_class->inspect_token_finish = direct_inspect_token_finish;
  session_class->link_async = direct_link_async;
  session_class->link_finish = direct_link_finish;
  session_class->unlink_async = direct_unlink_async;
  session_class->unlink_finish = direct_unlink_finish;
  session_class->create_client_async = direct_create_client_async;
  session_class->create_client_finish = direct_create_client_finish;
}

static void
adept_direct_session_init (AdeptDirectSession *self)
{
}
