/* adept-credentials.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-credentials"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>
#include <string.h>

#include "adept-context.h"
#include "adept-credentials.h"
#include "adept-error.h"
#include "adept-secret.h"
#include "adept-util.h"

/* Why SecretService and not secret_password_*(): since libsecret 0.20 the password calls go
 * through a "backend" that libsecret picks by itself, and it picks an encrypted file in
 * $XDG_DATA_HOME/keyrings when SECRET_BACKEND=file is set, and also, without asking, inside
 * a Flatpak or Snap sandbox. Adept's rule is that secrets live in the Secret Service or
 * nowhere, so every call below talks to the SecretService proxy, which only ever speaks
 * D-Bus. SECRET_BACKEND is thus ignored rather than refused: nothing an environment says can
 * send a secret to a file, and no session has to be reconfigured. */

/* Bump when the stored form of a secret changes. Lookups ask for this generation only, so
 * an older Adept never misreads a newer item; a clear removes every generation. */
#define CREDENTIALS_GENERATION 1

static const SecretSchema schema = {
  APP_ID, SECRET_SCHEMA_NONE,
  {
    { "namespace", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "generation", SECRET_SCHEMA_ATTRIBUTE_INTEGER },
    /* bypass codes: the device's serial number (and no server) */
    { "device", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  }
};

typedef struct _Op Op;
typedef void (*OpRunFunc) (SecretService *service,
                           GTask         *task);

struct _Op
{
  OpRunFunc    run;
  GHashTable  *attributes;
  char        *label;
  SecretValue *value;
};

static void
op_free (gpointer data)
{
  Op *op = data;

  g_clear_pointer (&op->attributes, g_hash_table_unref);
  g_clear_pointer (&op->label, g_free);
  g_clear_pointer (&op->value, secret_value_unref);
  g_free (op);
}

const char *
adept_secret_kind_to_string (AdeptSecretKind kind)
{
  switch (kind)
    {
    case ADEPT_SECRET_PRIVATE_KEY:
      return "private-key";
    case ADEPT_SECRET_OAUTH_TOKENS:
      return "oauth-tokens";
    case ADEPT_SECRET_MDM_API_KEY:
      return "mdm-api-key";
    case ADEPT_SECRET_BYPASS_CODE:
      return "bypass-code";
    case ADEPT_SECRET_BUSINESS_API:
      return "business-api";
    default:
      g_return_val_if_reached (NULL);
    }
}

#define ORG_PREFIX "org:"

static gboolean
is_valid_org_id (const char *org_id)
{
  gsize len = org_id != NULL ? strlen (org_id) : 0;

  return len > 0 && len <= 64 &&
         strspn (org_id, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-") == len;
}

char *
adept_credentials_org_owner (const char *org_id)
{
  return is_valid_org_id (org_id) ? g_strconcat (ORG_PREFIX, org_id, NULL) : NULL;
}

static gboolean
is_valid_owner (const char *owner)
{
  return adept_context_is_valid_server_id (owner) ||
         (owner != NULL && g_str_has_prefix (owner, ORG_PREFIX) &&
          is_valid_org_id (owner + strlen (ORG_PREFIX)));
}

static char *
default_label (const char      *server_id,
               AdeptSecretKind  kind)
{
  const char *ns = adept_context_get_namespace ();
  g_autofree char *label = NULL;

  switch (kind)
    {
    case ADEPT_SECRET_PRIVATE_KEY:
      label = g_strdup_printf (_("Adept: MDM private key (server “%s”)"), server_id);
      break;
    case ADEPT_SECRET_OAUTH_TOKENS:
      label = g_strdup_printf (_("Adept: DEP server token (server “%s”)"), server_id);
      break;
    case ADEPT_SECRET_MDM_API_KEY:
      label = g_strdup_printf (_("Adept: MDM backend API key (server “%s”)"), server_id);
      break;
    case ADEPT_SECRET_BYPASS_CODE:
      label = g_strdup_printf (_("Adept: Activation Lock bypass code (device “%s”)"), server_id);
      break;
    case ADEPT_SECRET_BUSINESS_API:
      label = g_strdup_printf (_("Adept: Apple Business API account (organization %s)"),
                               server_id + strlen (ORG_PREFIX));
      break;
    default:
      g_return_val_if_reached (NULL);
    }

  /* So a person browsing Seahorse can tell demo items from real ones. */
  if (!g_str_equal (ns, ADEPT_NAMESPACE_DEFAULT))
    return g_strdup_printf ("%s [%s]", label, ns);
  return g_steal_pointer (&label);
}

static GHashTable *
item_attributes (const char      *server_id,
                 AdeptSecretKind  kind)
{
  return secret_attributes_build (&schema,
                                  "namespace", adept_context_get_namespace (),
                                  "server", server_id,
                                  "kind", adept_secret_kind_to_string (kind),
                                  "generation", CREDENTIALS_GENERATION,
                                  NULL);
}

static GHashTable *
server_attributes (const char *server_id,
                   int         kind)
{
  if (kind < 0)
    return secret_attributes_build (&schema,
                                    "namespace", adept_context_get_namespace (),
                                    "server", server_id,
                                    NULL);
  return secret_attributes_build (&schema,
                                  "namespace", adept_context_get_namespace (),
                                  "server", server_id,
                                  "kind", adept_secret_kind_to_string (kind),
                                  NULL);
}

/* The library's own words (D-Bus names, object paths) go to the debug log only; the user
 * gets one of our two sentences. Cancellation by the caller stays a cancellation. */
static GError *
map_error (GError       *raw,
           GCancellable *cancellable)
{
  GError *error = NULL;

  if (g_error_matches (raw, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      g_cancellable_is_cancelled (cancellable))
    return raw;

  g_debug ("Secret Service call failed: %s (%s, %d)",
           raw->message, g_quark_to_string (raw->domain), raw->code);

  /* A prompt the user dismissed comes back as a cancellation nobody asked for. */
  if (g_error_matches (raw, SECRET_ERROR, SECRET_ERROR_IS_LOCKED) ||
      g_error_matches (raw, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    adept_set_error (&error, ADEPT_ERROR_KEYRING_LOCKED);
  else
    adept_set_error (&error, ADEPT_ERROR_KEYRING_UNAVAILABLE);

  g_error_free (raw);
  return error;
}

static void
return_mapped_error (GTask  *task,
                     GError *raw)
{
  g_task_return_error (task, map_error (raw, g_task_get_cancellable (task)));
}

static void
on_service (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(SecretService) service = NULL;
  g_autoptr(GError) error = NULL;
  Op *op = g_task_get_task_data (task);

  service = secret_service_get_finish (result, &error);
  if (service == NULL)
    {
      return_mapped_error (task, g_steal_pointer (&error));
      return;
    }
  op->run (service, g_steal_pointer (&task));
}

static void
start_op (Op                  *op,
          gpointer             source_tag,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, op, op_free);
  /* OPEN_SESSION: secrets cross the bus encrypted, not in the clear. */
  secret_service_get (SECRET_SERVICE_OPEN_SESSION, cancellable, on_service,
                      g_steal_pointer (&task));
}

/* Store */

static void
on_stored (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!secret_service_store_finish (SECRET_SERVICE (source), result, &error))
    return_mapped_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
run_store (SecretService *service,
           GTask         *task)
{
  Op *op = g_task_get_task_data (task);

  /* The Secret Service replaces an item with the same attributes. */
  secret_service_store (service, &schema, op->attributes, SECRET_COLLECTION_DEFAULT,
                        op->label, op->value, g_task_get_cancellable (task),
                        on_stored, task);
}

void
adept_credentials_store_async (const char          *server_id,
                               AdeptSecretKind      kind,
                               const char          *label,
                               const char          *secret,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  Op *op;

  g_return_if_fail (is_valid_owner (server_id));
  g_return_if_fail (secret != NULL);

  op = g_new0 (Op, 1);
  op->run = run_store;
  op->attributes = item_attributes (server_id, kind);
  op->label = label ? g_strdup (label) : default_label (server_id, kind);
  /* Copied into libsecret's non-pageable memory, wiped when released. */
  op->value = secret_value_new (secret, -1, "text/plain");
  start_op (op, adept_credentials_store_async, cancellable, callback, user_data);
}

gboolean
adept_credentials_store_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Lookup */

static void
on_found (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SecretValue) value = NULL;
  GList *items;
  SecretItem *item;
  const char *text;

  items = secret_service_search_finish (SECRET_SERVICE (source), result, &error);
  if (error != NULL)
    {
      return_mapped_error (task, g_steal_pointer (&error));
      return;
    }
  if (items == NULL)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  /* The search lists unlocked items first; a locked one means the user did not unlock. */
  item = items->data;
  value = secret_item_get_locked (item) ? NULL : secret_item_get_secret (item);
  g_list_free_full (items, g_object_unref);

  if (value == NULL)
    {
      g_task_return_new_error (task, ADEPT_ERROR, ADEPT_ERROR_KEYRING_LOCKED, "%s",
                               adept_error_default_message (ADEPT_ERROR_KEYRING_LOCKED));
      return;
    }

  text = secret_value_get_text (value);
  if (text == NULL)
    {
      g_debug ("Keyring item is not text; treating it as missing");
      g_task_return_pointer (task, NULL, NULL);
      return;
    }
  g_task_return_pointer (task, adept_secret_strdup (text), (GDestroyNotify) adept_secret_free);
}

static void
run_lookup (SecretService *service,
            GTask         *task)
{
  Op *op = g_task_get_task_data (task);

  secret_service_search (service, &schema, op->attributes,
                         SECRET_SEARCH_UNLOCK | SECRET_SEARCH_LOAD_SECRETS,
                         g_task_get_cancellable (task), on_found, task);
}

void
adept_credentials_lookup_async (const char          *server_id,
                                AdeptSecretKind      kind,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  Op *op;

  g_return_if_fail (is_valid_owner (server_id));

  op = g_new0 (Op, 1);
  op->run = run_lookup;
  op->attributes = item_attributes (server_id, kind);
  start_op (op, adept_credentials_lookup_async, cancellable, callback, user_data);
}

char *
adept_credentials_lookup_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Clear */

static void
on_clear_checked (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  GList *left;

  left = secret_service_search_finish (SECRET_SERVICE (source), result, &error);
  if (error != NULL)
    return_mapped_error (task, g_steal_pointer (&error));
  else if (left != NULL)
    {
      /* Only locked items survive a clear: say so rather than report a success. */
      g_list_free_full (left, g_object_unref);
      g_task_return_new_error (task, ADEPT_ERROR, ADEPT_ERROR_KEYRING_LOCKED, "%s",
                               adept_error_default_message (ADEPT_ERROR_KEYRING_LOCKED));
    }
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_cleared (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  Op *op = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  /* FALSE without an error only means there was nothing to remove. */
  if (!secret_service_clear_finish (SECRET_SERVICE (source), result, &error) && error != NULL)
    {
      return_mapped_error (task, g_steal_pointer (&error));
      return;
    }
  secret_service_search (SECRET_SERVICE (source), &schema, op->attributes,
                         SECRET_SEARCH_ALL, cancellable,
                         on_clear_checked, g_steal_pointer (&task));
}

static void
run_clear (SecretService *service,
           GTask         *task)
{
  Op *op = g_task_get_task_data (task);

  secret_service_clear (service, &schema, op->attributes, g_task_get_cancellable (task),
                        on_cleared, task);
}

void
adept_credentials_clear_async (const char          *server_id,
                               int                  kind,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  Op *op;

  g_return_if_fail (is_valid_owner (server_id));
  g_return_if_fail (kind >= -1 && kind <= ADEPT_SECRET_BUSINESS_API);

  op = g_new0 (Op, 1);
  op->run = run_clear;
  op->attributes = server_attributes (server_id, kind);
  start_op (op, adept_credentials_clear_async, cancellable, callback, user_data);
}

gboolean
adept_credentials_clear_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Blocking forms */

gboolean
adept_credentials_store_sync (const char       *server_id,
                              AdeptSecretKind   kind,
                              const char       *label,
                              const char       *secret,
                              GCancellable     *cancellable,
                              GError          **error)
{
  AdeptBlockingCall call;
  gboolean ok;

  adept_blocking_call_begin (&call);
  adept_credentials_store_async (server_id, kind, label, secret, cancellable,
                                 adept_blocking_call_done, &call);
  ok = adept_credentials_store_finish (adept_blocking_call_wait (&call), error);
  adept_blocking_call_end (&call);
  return ok;
}

char *
adept_credentials_lookup_sync (const char       *server_id,
                               AdeptSecretKind   kind,
                               GCancellable     *cancellable,
                               GError          **error)
{
  AdeptBlockingCall call;
  char *secret;

  adept_blocking_call_begin (&call);
  adept_credentials_lookup_async (server_id, kind, cancellable, adept_blocking_call_done, &call);
  secret = adept_credentials_lookup_finish (adept_blocking_call_wait (&call), error);
  adept_blocking_call_end (&call);
  return secret;
}

gboolean
adept_credentials_clear_sync (const char    *server_id,
                              int            kind,
                              GCancellable  *cancellable,
                              GError       **error)
{
  AdeptBlockingCall call;
  gboolean ok;

  adept_blocking_call_begin (&call);
  adept_credentials_clear_async (server_id, kind, cancellable, adept_blocking_call_done, &call);
  ok = adept_credentials_clear_finish (adept_blocking_call_wait (&call), error);
  adept_blocking_call_end (&call);
  return ok;
}

/* Bypass codes */

static GHashTable *
bypass_code_attributes (const char *serial)
{
  if (serial == NULL)
    return secret_attributes_build (&schema,
                                    "namespace", adept_context_get_namespace (),
                                    "kind", adept_secret_kind_to_string (ADEPT_SECRET_BYPASS_CODE),
                                    "generation", CREDENTIALS_GENERATION,
                                    NULL);
  return secret_attributes_build (&schema,
                                  "namespace", adept_context_get_namespace (),
                                  "kind", adept_secret_kind_to_string (ADEPT_SECRET_BYPASS_CODE),
                                  "generation", CREDENTIALS_GENERATION,
                                  "device", serial,
                                  NULL);
}

static gboolean
is_serial (const char *serial)
{
  return serial != NULL && *serial != '\0' && strlen (serial) <= 64 &&
         strspn (serial, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") == strlen (serial);
}

void
adept_credentials_store_bypass_code_async (const char          *serial,
                                           const char          *code,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  Op *op;

  g_return_if_fail (is_serial (serial));
  g_return_if_fail (code != NULL);

  op = g_new0 (Op, 1);
  op->run = run_store;
  op->attributes = bypass_code_attributes (serial);
  op->label = default_label (serial, ADEPT_SECRET_BYPASS_CODE);
  op->value = secret_value_new (code, -1, "text/plain");
  start_op (op, adept_credentials_store_async, cancellable, callback, user_data);
}

void
adept_credentials_lookup_bypass_code_async (const char          *serial,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  Op *op;

  g_return_if_fail (is_serial (serial));

  op = g_new0 (Op, 1);
  op->run = run_lookup;
  op->attributes = bypass_code_attributes (serial);
  start_op (op, adept_credentials_lookup_async, cancellable, callback, user_data);
}

void
adept_credentials_delete_bypass_code_async (const char          *serial,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  Op *op;

  g_return_if_fail (is_serial (serial));

  op = g_new0 (Op, 1);
  op->run = run_clear;
  op->attributes = bypass_code_attributes (serial);
  start_op (op, adept_credentials_clear_async, cancellable, callback, user_data);
}

static void
on_listed (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) codes = NULL;
  GList *items;

  items = secret_service_search_finish (SECRET_SERVICE (source), result, &error);
  if (error != NULL)
    {
      return_mapped_error (task, g_steal_pointer (&error));
      return;
    }
  codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) adept_secret_free);
  for (GList *l = items; l != NULL; l = l->next)
    {
      g_autoptr(GHashTable) attributes = secret_item_get_attributes (l->data);
      g_autoptr(SecretValue) value = secret_item_get_locked (l->data) ? NULL : secret_item_get_secret (l->data);
      const char *serial = g_hash_table_lookup (attributes, "device");
      const char *text = value != NULL ? secret_value_get_text (value) : NULL;

      if (secret_item_get_locked (l->data))
        {
          g_list_free_full (items, g_object_unref);
          g_task_return_new_error (task, ADEPT_ERROR, ADEPT_ERROR_KEYRING_LOCKED, "%s",
                                   adept_error_default_message (ADEPT_ERROR_KEYRING_LOCKED));
          return;
        }
      if (serial != NULL && text != NULL)
        g_hash_table_replace (codes, g_strdup (serial), g_strdup (text));
    }
  g_list_free_full (items, g_object_unref);
  g_task_return_pointer (task, g_steal_pointer (&codes), (GDestroyNotify) g_hash_table_unref);
}

static void
run_list (SecretService *service,
          GTask         *task)
{
  Op *op = g_task_get_task_data (task);

  secret_service_search (service, &schema, op->attributes,
                         SECRET_SEARCH_ALL | SECRET_SEARCH_UNLOCK | SECRET_SEARCH_LOAD_SECRETS,
                         g_task_get_cancellable (task), on_listed, task);
}

void
adept_credentials_list_bypass_codes_async (GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  Op *op = g_new0 (Op, 1);

  op->run = run_list;
  op->attributes = bypass_code_attributes (NULL);
  start_op (op, adept_credentials_list_bypass_codes_async, cancellable, callback, user_data);
}

GHashTable *
adept_credentials_list_bypass_codes_finish (GAsyncResult  *result,
                                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
adept_credentials_store_bypass_code_sync (const char    *serial,
                                          const char    *code,
                                          GCancellable  *cancellable,
                                          GError       **error)
{
  AdeptBlockingCall call;
  gboolean ok;

  adept_blocking_call_begin (&call);
  adept_credentials_store_bypass_code_async (serial, code, cancellable, adept_blocking_call_done, &call);
  ok = adept_credentials_store_finish (adept_blocking_call_wait (&call), error);
  adept_blocking_call_end (&call);
  return ok;
}

char *
adept_credentials_lookup_bypass_code_sync (const char    *serial,
                                           GCancellable  *cancellable,
                                           GError       **error)
{
  AdeptBlockingCall call;
  char *code;

  adept_blocking_call_begin (&call);
  adept_credentials_lookup_bypass_code_async (serial, cancellable, adept_blocking_call_done, &call);
  code = adept_credentials_lookup_finish (adept_blocking_call_wait (&call), error);
  adept_blocking_call_end (&call);
  return code;
}

gboolean
adept_credentials_delete_bypass_code_sync (const char    *serial,
                                           GCancellable  *cancellable,
                                           GError       **error)
{
  AdeptBlockingCall call;
  gboolean ok;

  adept_blocking_call_begin (&call);
  adept_credentials_delete_bypass_code_async (serial, cancellable, adept_blocking_call_done, &call);
  ok = adept_credentials_clear_finish (adept_blocking_call_wait (&call), error);
  adept_blocking_call_end (&call);
  return ok;
}

GHashTable *
adept_credentials_list_bypass_codes_sync (GCancellable  *cancellable,
                                          GError       **error)
{
  AdeptBlockingCall call;
  GHashTable *codes;

  adept_blocking_call_begin (&call);
  adept_credentials_list_bypass_codes_async (cancellable, adept_blocking_call_done, &call);
  codes = adept_credentials_list_bypass_codes_finish (adept_blocking_call_wait (&call), error);
  adept_blocking_call_end (&call);
  return codes;
}
