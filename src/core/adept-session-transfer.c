/* adept-session-transfer.c — a linked server to a passphrase-encrypted file and back, so a
 * replacement computer continues without a new token (issue 16, "nothing lost when a
 * laptop dies")
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each step is the server's or the keyring's own async call; only the PKCS#12 work
 * (PBKDF2 and the file) runs in a thread, on data no other thread touches. Signals of the
 * server and the audit entry stay on the caller's main context.
 */
#define G_LOG_DOMAIN "adept-session"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "adept-activation-lock.h"
#include "adept-credentials.h"
#include "adept-error.h"
#include "adept-secret.h"
#include "adept-secret-bundle.h"
#include "adept-session.h"
#include "adept-util.h"

/* Names of the bags in the file. */
#define EXPORT_TOKEN       "adept/dep-token"
#define EXPORT_TOKEN_NAME  "adept/token-name"
#define EXPORT_BASE_URL    "adept/base-url"
#define EXPORT_BYPASS_CODE ADEPT_BYPASS_CODE_EXPORT_PREFIX

typedef struct {
  char              *path;
  AdeptSecret       *passphrase;
  AdeptSecretBundle *bundle;
  AdeptServerToken  *token;
  GStrv              names;      /* import: the bags, for the bypass codes */
  guint              next_name;
  guint              n_codes;
} Transfer;

static void
transfer_free (Transfer *transfer)
{
  g_free (transfer->path);
  adept_secret_free (transfer->passphrase);
  g_clear_object (&transfer->bundle);
  g_clear_object (&transfer->token);
  g_strfreev (transfer->names);
  g_free (transfer);
}

static GTask *
new_transfer_task (AdeptSession        *self,
                   gpointer             source_tag,
                   const char          *path,
                   const char          *passphrase,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Transfer *transfer = g_new0 (Transfer, 1);

  g_task_set_source_tag (task, source_tag);
  transfer->path = g_strdup (path);
  transfer->passphrase = adept_secret_strdup (passphrase);
  g_task_set_task_data (task, transfer, (GDestroyNotify) transfer_free);
  return task;
}

/* Ends the chain with error, dropping the chain's reference. */
static void
fail (GTask  *task,
      GError *error)
{
  g_task_return_error (task, error);
  g_object_unref (task);
}

/* The same with the code's own sentence. */
static void
fail_with (GTask          *task,
           AdeptErrorCode  code)
{
  GError *error = NULL;

  adept_set_error (&error, code);
  fail (task, error);
}

static AdeptServer *
task_server (GTask *task)
{
  return adept_session_get_server (g_task_get_source_object (task));
}

/* The bundle's PKCS#12 work in a thread: a task of its own, whose callback continues the
 * outer task on its context. */
static void
run_bundle_thread (GTask            *task,
                   GTaskThreadFunc   func,
                   GAsyncReadyCallback done)
{
  g_autoptr(GTask) thread = g_task_new (NULL, g_task_get_cancellable (task), done, task);

  g_task_set_task_data (thread, g_task_get_task_data (task), NULL);
  g_task_run_in_thread (thread, func);
}

/* Export */

static void
write_in_thread (GTask        *thread,
                 gpointer      source,
                 gpointer      data,
                 GCancellable *cancellable)
{
  Transfer *transfer = data;
  GError *error = NULL;

  if (adept_secret_bundle_write_file (transfer->bundle, transfer->path, transfer->passphrase, &error))
    g_task_return_boolean (thread, TRUE);
  else
    g_task_return_error (thread, error);
}

static void
export_written (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Transfer *transfer = g_task_get_task_data (task);
  g_autofree char *detail = NULL;
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      return;
    }
  detail = g_strdup_printf ("to %s, with %u bypass codes", transfer->path, transfer->n_codes);
  adept_session_audit (g_task_get_source_object (task), "exported", detail);
  g_task_return_boolean (task, TRUE);
}

static void
export_codes_listed (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GTask *task = user_data;
  Transfer *transfer = g_task_get_task_data (task);
  AdeptServer *server = task_server (task);
  g_autoptr(GHashTable) codes = NULL;
  g_autoptr(AdeptSecret) json = NULL;
  GHashTableIter iter;
  gpointer serial, code;
  GError *error = NULL;

  codes = adept_credentials_list_bypass_codes_finish (result, &error);
  if (codes == NULL)
    {
      fail (task, error);
      return;
    }
  json = adept_server_token_to_json (transfer->token);
  adept_secret_bundle_add (transfer->bundle, EXPORT_TOKEN, json);
  adept_secret_bundle_add (transfer->bundle, EXPORT_BASE_URL, adept_server_get_base_url (server));
  if (adept_server_get_token_name (server) != NULL)
    adept_secret_bundle_add (transfer->bundle, EXPORT_TOKEN_NAME, adept_server_get_token_name (server));
  /* The codes belong to devices, not to a link: every one this computer keeps goes. */
  g_hash_table_iter_init (&iter, codes);
  while (g_hash_table_iter_next (&iter, &serial, &code))
    {
      g_autofree char *name = g_strconcat (EXPORT_BYPASS_CODE, (const char *) serial, NULL);

      adept_secret_bundle_add (transfer->bundle, name, code);
    }
  transfer->n_codes = g_hash_table_size (codes);
  run_bundle_thread (task, write_in_thread, export_written);
}

static void
export_token_loaded (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GTask *task = user_data;
  Transfer *transfer = g_task_get_task_data (task);
  GError *error = NULL;

  transfer->token = adept_server_load_token_finish (ADEPT_SERVER (source), result, &error);
  if (transfer->token == NULL)
    {
      fail (task, error);
      return;
    }
  adept_credentials_list_bypass_codes_async (g_task_get_cancellable (task), export_codes_listed, task);
}

static void
export_key_loaded (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GTask *task = user_data;
  Transfer *transfer = g_task_get_task_data (task);
  g_autoptr(AdeptKeyPair) key_pair = NULL;
  GError *error = NULL;

  key_pair = adept_server_ensure_key_pair_finish (ADEPT_SERVER (source), result, &error);
  if (key_pair == NULL)
    {
      fail (task, error);
      return;
    }
  adept_secret_bundle_set_key_pair (transfer->bundle, key_pair);
  adept_server_load_token_async (ADEPT_SERVER (source), g_task_get_cancellable (task),
                                 export_token_loaded, task);
}

void
adept_session_export_async (AdeptSession        *self,
                            const char          *path,
                            const char          *passphrase,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  AdeptServer *server;
  GTask *task;

  g_return_if_fail (ADEPT_IS_SESSION (self));
  g_return_if_fail (path != NULL && passphrase != NULL);

  task = new_transfer_task (self, adept_session_export_async, path, passphrase, cancellable,
                            callback, user_data);
  server = adept_session_get_server (self);
  /* A kind whose key pair and token live on its own server has nothing to export. */
  if (!adept_server_is_linked (server) || !adept_server_has_key_pair (server))
    {
      fail_with (task, ADEPT_ERROR_NOT_LINKED);
      return;
    }
  /* Refused before the keyring is asked: the file travels. */
  if (g_utf8_strlen (passphrase, -1) < ADEPT_SECRET_BUNDLE_MIN_PASSPHRASE)
    {
      fail (task, g_error_new_literal (ADEPT_ERROR, ADEPT_ERROR_BAD_REQUEST,
                                       adept_session_describe_weak_passphrase ()));
      return;
    }
  ((Transfer *) g_task_get_task_data (task))->bundle = adept_secret_bundle_new ();
  adept_server_ensure_key_pair_async (server, NULL, ADEPT_SERVER_KEY_NONE, cancellable,
                                      export_key_loaded, task);
}

gboolean
adept_session_export_finish (AdeptSession  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

const char *
adept_session_describe_weak_passphrase (void)
{
  return _("Choose a passphrase of at least 8 characters: the file holds the server’s keys wherever it is copied.");
}

/* Import */

static void store_next_code (GTask *task);

static void
code_stored (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;

  if (!adept_credentials_store_finish (result, &error))
    {
      fail (task, error);
      return;
    }
  ((Transfer *) g_task_get_task_data (task))->n_codes++;
  store_next_code (task);
}

static void
import_connected (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  /* The import holds; a connection that failed shows in the condition and is retried. */
  if (!adept_session_connect_finish (ADEPT_SESSION (source), result, &error))
    g_debug ("Connecting after the import: %s", error->message);
  g_task_return_boolean (task, TRUE);
}

/* The bypass codes, one at a time, then the audit entry and the connection. */
static void
store_next_code (GTask *task)
{
  Transfer *transfer = g_task_get_task_data (task);
  g_autofree char *detail = NULL;

  while (transfer->names[transfer->next_name] != NULL)
    {
      const char *name = transfer->names[transfer->next_name++];

      if (!g_str_has_prefix (name, EXPORT_BYPASS_CODE))
        continue;
      adept_credentials_store_bypass_code_async (name + strlen (EXPORT_BYPASS_CODE),
                                                 adept_secret_bundle_lookup (transfer->bundle, name),
                                                 g_task_get_cancellable (task), code_stored, task);
      return;
    }
  detail = g_strdup_printf ("from %s, with %u bypass codes", transfer->path, transfer->n_codes);
  adept_session_audit (g_task_get_source_object (task), "imported", detail);
  /* Linked, as a token upload leaves it: connected next. */
  adept_session_connect_async (g_task_get_source_object (task), NULL, import_connected, task);
}

static void
import_linked (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  Transfer *transfer = g_task_get_task_data (task);
  GError *error = NULL;

  if (!adept_server_link_finish (ADEPT_SERVER (source), result, &error))
    {
      fail (task, error);
      return;
    }
  transfer->names = adept_secret_bundle_dup_names (transfer->bundle);
  store_next_code (task);
}

static void
import_key_stored (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GTask *task = user_data;
  Transfer *transfer = g_task_get_task_data (task);
  g_autoptr(AdeptKeyPair) key_pair = NULL;
  GError *error = NULL;

  key_pair = adept_server_import_key_pair_finish (ADEPT_SERVER (source), result, &error);
  if (key_pair == NULL)
    {
      fail (task, error);
      return;
    }
  adept_server_link_async (ADEPT_SERVER (source), transfer->token,
                           adept_secret_bundle_lookup (transfer->bundle, EXPORT_TOKEN_NAME),
                           adept_secret_bundle_lookup (transfer->bundle, EXPORT_BASE_URL),
                           g_task_get_cancellable (task), import_linked, task);
}

/* What the file carries, checked before anything is stored: a server (not a file of
 * bypass codes alone), a token in date, of no MDM server linked here already. */
static gboolean
check_import (GTask   *task,
              GError **error)
{
  Transfer *transfer = g_task_get_task_data (task);
  const char *json = adept_secret_bundle_lookup (transfer->bundle, EXPORT_TOKEN);
  g_autofree char *twin = NULL;

  if (json == NULL || adept_secret_bundle_get_key_pair (transfer->bundle) == NULL)
    {
      adept_set_error (error, ADEPT_ERROR_EXPORT_DAMAGED);
      return FALSE;
    }
  transfer->token = adept_server_token_new_from_json (json, error);
  if (transfer->token == NULL)
    return FALSE;
  if (!adept_server_token_check_expiry (transfer->token, NULL, error))
    return FALSE;
  twin = adept_server_find_linked_twin (task_server (task), transfer->token);
  if (twin != NULL)
    {
      g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_ALREADY_LINKED,
                   _("This file is of the MDM server linked here already as “%s”, so nothing was imported. Apple keeps one token a server: go on with that one."),
                   twin);
      return FALSE;
    }
  return TRUE;
}

static void
read_in_thread (GTask        *thread,
                gpointer      source,
                gpointer      data,
                GCancellable *cancellable)
{
  Transfer *transfer = data;
  GError *error = NULL;

  transfer->bundle = adept_secret_bundle_new_from_file (transfer->path, transfer->passphrase, &error);
  if (transfer->bundle != NULL)
    g_task_return_boolean (thread, TRUE);
  else
    g_task_return_error (thread, error);
}

static void
import_read (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *task = user_data;
  Transfer *transfer = g_task_get_task_data (task);
  g_autoptr(AdeptSecret) key_pem = NULL;
  g_autofree char *cert_pem = NULL;
  AdeptKeyPair *key_pair;
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error) || !check_import (task, &error))
    {
      fail (task, error);
      return;
    }
  /* The key first (replacing a pair made here for a link that never happened), then the
   * link, which checks the token again before it stores anything. */
  key_pair = adept_secret_bundle_get_key_pair (transfer->bundle);
  key_pem = adept_key_pair_export_private_key_pem (key_pair);
  cert_pem = adept_key_pair_export_certificate_pem (key_pair);
  adept_server_import_key_pair_async (task_server (task), key_pem, cert_pem, ADEPT_SERVER_KEY_REPLACE,
                                      g_task_get_cancellable (task), import_key_stored, task);
}

void
adept_session_import_async (AdeptSession        *self,
                            const char          *path,
                            const char          *passphrase,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (ADEPT_IS_SESSION (self));
  g_return_if_fail (path != NULL && passphrase != NULL);

  task = new_transfer_task (self, adept_session_import_async, path, passphrase, cancellable,
                            callback, user_data);
  if (adept_server_is_linked (adept_session_get_server (self)))
    {
      fail_with (task, ADEPT_ERROR_ALREADY_LINKED);
      return;
    }
  run_bundle_thread (task, read_in_thread, import_read);
}

gboolean
adept_session_import_finish (AdeptSession  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Blocking forms: the two calls have one shape. */

typedef void (*TransferAsyncFunc) (AdeptSession        *self,
                                   const char          *path,
                                   const char          *passphrase,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);

static gboolean
run_blocking (AdeptSession       *self,
              TransferAsyncFunc   start,
              const char         *path,
              const char         *passphrase,
              GCancellable       *cancellable,
              GError            **error)
{
  AdeptBlockingCall call;
  gboolean ok;

  adept_blocking_call_begin (&call);
  start (self, path, passphrase, cancellable, adept_blocking_call_done, &call);
  ok = g_task_propagate_boolean (G_TASK (adept_blocking_call_wait (&call)), error);
  adept_blocking_call_end (&call);
  return ok;
}

gboolean
adept_session_export_sync (AdeptSession  *self,
                           const char    *path,
                           const char    *passphrase,
                           GCancellable  *cancellable,
                           GError       **error)
{
  return run_blocking (self, adept_session_export_async, path, passphrase, cancellable, error);
}

gboolean
adept_session_import_sync (AdeptSession  *self,
                           const char    *path,
                           const char    *passphrase,
                           GCancellable  *cancellable,
                           GError       **error)
{
  return run_blocking (self, adept_session_import_async, path, passphrase, cancellable, error);
}
