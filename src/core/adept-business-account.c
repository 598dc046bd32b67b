/* adept-business-account.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-business-account"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "adept-business-account.h"
#include "adept-credentials.h"
#include "adept-error.h"
#include "adept-json.h"
#include "adept-secret.h"
#include "adept-util.h"

#define BUSINESS_PREFIX "BUSINESSAPI."
#define SCHOOL_PREFIX   "SCHOOLAPI."

struct _AdeptBusinessAccount
{
  GObject           parent_instance;

  char             *org_id;
  char             *client_id;
  char             *key_id;
  char             *key_pem;
  AdeptBusinessKey *key;
};

G_DEFINE_FINAL_TYPE (AdeptBusinessAccount, adept_business_account, G_TYPE_OBJECT)

static void
adept_business_account_finalize (GObject *object)
{
  AdeptBusinessAccount *self = ADEPT_BUSINESS_ACCOUNT (object);

  g_free (self->org_id);
  g_free (self->client_id);
  g_free (self->key_id);
  adept_secret_free (self->key_pem);
  g_clear_object (&self->key);

  G_OBJECT_CLASS (adept_business_account_parent_class)->finalize (object);
}

static void
adept_business_account_class_init (AdeptBusinessAccountClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = adept_business_account_finalize;
}

static void
adept_business_account_init (AdeptBusinessAccount *self)
{
}

static gboolean
is_uuid (const char *text)
{
  return text != NULL && strlen (text) == 36 && g_uuid_string_is_valid (text);
}

static gboolean
check_client_id (const char  *client_id,
                 GError     **error)
{
  const char *rest = NULL;

  if (client_id != NULL && g_str_has_prefix (client_id, BUSINESS_PREFIX))
    rest = client_id + strlen (BUSINESS_PREFIX);
  else if (client_id != NULL && g_str_has_prefix (client_id, SCHOOL_PREFIX))
    rest = client_id + strlen (SCHOOL_PREFIX);
  if (is_uuid (rest))
    return TRUE;
  g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_VALIDATION,
               _("“%s” is not a Client ID. It looks like BUSINESSAPI. followed by 36 letters, digits and dashes: copy it from the API account in Apple Business (Preferences → API)."),
               client_id != NULL ? client_id : "");
  return FALSE;
}

static gboolean
check_key_id (const char  *key_id,
              GError     **error)
{
  gsize len = key_id != NULL ? strlen (key_id) : 0;

  if (len > 0 && len <= 128 &&
      strspn (key_id, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.") == len)
    return TRUE;
  g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_VALIDATION,
               _("“%s” is not a Key ID. Copy the Key ID shown with the API account in Apple Business."),
               key_id != NULL ? key_id : "");
  return FALSE;
}

AdeptBusinessAccount *
adept_business_account_new (const char  *org_id,
                            const char  *client_id,
                            const char  *key_id,
                            const char  *key_pem,
                            GError     **error)
{
  g_autoptr(AdeptBusinessAccount) self = NULL;
  g_autofree char *owner = adept_credentials_org_owner (org_id);

  g_return_val_if_fail (key_pem != NULL, NULL);

  if (owner == NULL)
    {
      g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_VALIDATION,
                   _("“%s” is not an organization ID. Run “adeptctl account” to read the organization of the linked server."),
                   org_id != NULL ? org_id : "");
      return NULL;
    }
  if (!check_client_id (client_id, error) || !check_key_id (key_id, error))
    return NULL;

  self = g_object_new (ADEPT_TYPE_BUSINESS_ACCOUNT, NULL);
  self->key = adept_business_key_new_from_pem (key_pem, strlen (key_pem), error);
  if (self->key == NULL)
    return NULL;
  self->org_id = g_strdup (org_id);
  self->client_id = g_strdup (client_id);
  self->key_id = g_strdup (key_id);
  self->key_pem = g_strdup (key_pem);
  return g_steal_pointer (&self);
}

const char *
adept_business_account_get_org_id (AdeptBusinessAccount *self)
{
  g_return_val_if_fail (ADEPT_IS_BUSINESS_ACCOUNT (self), NULL);
  return self->org_id;
}

const char *
adept_business_account_get_client_id (AdeptBusinessAccount *self)
{
  g_return_val_if_fail (ADEPT_IS_BUSINESS_ACCOUNT (self), NULL);
  return self->client_id;
}

const char *
adept_business_account_get_key_id (AdeptBusinessAccount *self)
{
  g_return_val_if_fail (ADEPT_IS_BUSINESS_ACCOUNT (self), NULL);
  return self->key_id;
}

AdeptBusinessKey *
adept_business_account_get_key (AdeptBusinessAccount *self)
{
  g_return_val_if_fail (ADEPT_IS_BUSINESS_ACCOUNT (self), NULL);
  return self->key;
}

const char *
adept_business_account_get_scope (AdeptBusinessAccount *self)
{
  g_return_val_if_fail (ADEPT_IS_BUSINESS_ACCOUNT (self), NULL);
  return g_str_has_prefix (self->client_id, SCHOOL_PREFIX) ? "school.api" : "business.api";
}

const char *
adept_business_account_get_default_api_url (AdeptBusinessAccount *self)
{
  g_return_val_if_fail (ADEPT_IS_BUSINESS_ACCOUNT (self), NULL);
  return g_str_has_prefix (self->client_id, SCHOOL_PREFIX) ? ADEPT_SCHOOL_DEFAULT_API_URL
                                                           : ADEPT_BUSINESS_DEFAULT_API_URL;
}

/* ---- Keyring ---- */

static char *
to_secret (AdeptBusinessAccount *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "client_id");
  json_builder_add_string_value (builder, self->client_id);
  json_builder_set_member_name (builder, "key_id");
  json_builder_add_string_value (builder, self->key_id);
  json_builder_set_member_name (builder, "private_key");
  json_builder_add_string_value (builder, self->key_pem);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

/* Wipes the copy of the PEM the JSON tree held. */
static void
wipe_tree (JsonObject *object)
{
  JsonNode *key;

  if (object == NULL)
    return;
  key = json_object_get_member (object, "private_key");
  if (key != NULL && JSON_NODE_HOLDS_VALUE (key) && json_node_get_value_type (key) == G_TYPE_STRING)
    adept_secret_wipe ((gpointer) json_node_get_string (key), strlen (json_node_get_string (key)));
}

static AdeptBusinessAccount *
from_secret (const char  *org_id,
             const char  *secret,
             GError     **error)
{
  g_autoptr(JsonObject) object = NULL;
  AdeptBusinessAccount *account = NULL;

  object = adept_json_parse_object (secret, strlen (secret), ADEPT_JSON_SOURCE_KEYRING, NULL);
  if (object != NULL)
    {
      account = adept_business_account_new (org_id,
                                            json_object_get_string_member_with_default (object, "client_id", NULL),
                                            json_object_get_string_member_with_default (object, "key_id", NULL),
                                            json_object_get_string_member_with_default (object, "private_key", ""),
                                            NULL);
    }
  wipe_tree (object);
  if (account == NULL)
    g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_API_NOT_CONNECTED,
                 _("The Apple Business API account kept in the keyring for this organization is damaged. Connect the API account again."));
  return account;
}

static void
on_stored (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!adept_credentials_store_finish (result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
adept_business_account_save_async (AdeptBusinessAccount *self,
                                   GCancellable         *cancellable,
                                   GAsyncReadyCallback   callback,
                                   gpointer              user_data)
{
  GTask *task;
  g_autofree char *owner = NULL;
  g_autoptr(AdeptSecret) secret = NULL;

  g_return_if_fail (ADEPT_IS_BUSINESS_ACCOUNT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, adept_business_account_save_async);
  owner = adept_credentials_org_owner (self->org_id);
  secret = to_secret (self);
  adept_credentials_store_async (owner, ADEPT_SECRET_BUSINESS_API, NULL, secret, cancellable,
                                 on_stored, task);
}

gboolean
adept_business_account_save_finish (AdeptBusinessAccount  *self,
                                    GAsyncResult          *result,
                                    GError               **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_found (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(AdeptSecret) secret = NULL;
  GError *error = NULL;
  AdeptBusinessAccount *account;

  secret = adept_credentials_lookup_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (secret == NULL)
    {
      g_task_return_new_error (task, ADEPT_ERROR, ADEPT_ERROR_API_NOT_CONNECTED, "%s",
                               adept_error_default_message (ADEPT_ERROR_API_NOT_CONNECTED));
      return;
    }
  account = from_secret (g_task_get_task_data (task), secret, &error);
  if (account == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, account, g_object_unref);
}

void
adept_business_account_load_async (const char          *org_id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autofree char *owner = adept_credentials_org_owner (org_id);

  g_task_set_source_tag (task, adept_business_account_load_async);
  if (owner == NULL)
    {
      g_task_return_new_error (task, ADEPT_ERROR, ADEPT_ERROR_API_NOT_CONNECTED, "%s",
                               adept_error_default_message (ADEPT_ERROR_API_NOT_CONNECTED));
      return;
    }
  g_task_set_task_data (task, g_strdup (org_id), g_free);
  adept_credentials_lookup_async (owner, ADEPT_SECRET_BUSINESS_API, cancellable, on_found,
                                  g_steal_pointer (&task));
}

AdeptBusinessAccount *
adept_business_account_load_finish (GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_cleared (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!adept_credentials_clear_finish (result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
adept_business_account_forget_async (const char          *org_id,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autofree char *owner = adept_credentials_org_owner (org_id);

  g_task_set_source_tag (task, adept_business_account_forget_async);
  if (owner == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  adept_credentials_clear_async (owner, ADEPT_SECRET_BUSINESS_API, cancellable, on_cleared,
                                 g_steal_pointer (&task));
}

gboolean
adept_business_account_forget_finish (GAsyncResult  *result,
                                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
adept_business_account_save_sync (AdeptBusinessAccount  *self,
                                  GCancellable          *cancellable,
                                  GError               **error)
{
  AdeptBlockingCall call;
  gboolean ok;

  adept_blocking_call_begin (&call);
  adept_business_account_save_async (self, cancellable, adept_blocking_call_done, &call);
  ok = adept_business_account_save_finish (self, adept_blocking_call_wait (&call), error);
  adept_blocking_call_end (&call);
  return ok;
}

AdeptBusinessAccount *
adept_business_account_load_sync (const char    *org_id,
                                  GCancellable  *cancellable,
                                  GError       **error)
{
  AdeptBlockingCall call;
  AdeptBusinessAccount *account;

  adept_blocking_call_begin (&call);
  adept_business_account_load_async (org_id, cancellable, adept_blocking_call_done, &call);
  account = adept_business_account_load_finish (adept_blocking_call_wait (&call), error);
  adept_blocking_call_end (&call);
  return account;
}

gboolean
adept_business_account_forget_sync (const char    *org_id,
                                    GCancellable  *cancellable,
                                    GError       **error)
{
  AdeptBlockingCall call;
  gboolean ok;

  adept_blocking_call_begin (&call);
  adept_business_account_forget_async (org_id, cancellable, adept_blocking_call_done, &call);
  ok = adept_business_account_forget_finish (adept_blocking_call_wait (&call), error);
  adept_blocking_call_end (&call);
  return ok;
}
