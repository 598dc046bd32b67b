/* adept-activation-lock.c — locking devices with Activation Lock, codes escrowed first
 *
 * A bypass code lost with one laptop locks a device for good: no code reaches Apple before
 * it is in the keyring and in the export file. The keyring and the file are written in a
 * thread (libsecret's sync calls, the file's key derivation); the store and the client
 * stay on the caller's main context.
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-activation-lock"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "adept-activation-lock.h"
#include "adept-bypass-code.h"
#include "adept-credentials.h"
#include "adept-secret.h"
#include "adept-secret-bundle.h"

void
adept_lock_outcome_free (AdeptLockOutcome *outcome)
{
  if (outcome == NULL)
    return;
  g_free (outcome->serial);
  adept_secret_free (outcome->code);
  adept_lock_answer_free (outcome->answer);
  g_clear_error (&outcome->error);
  g_free (outcome->skipped);
  g_free (outcome);
}

const char *
adept_lock_outcome_word (const AdeptLockOutcome *outcome)
{
  if (outcome->skipped != NULL)
    return "SKIPPED";
  if (outcome->answer != NULL)
    return outcome->answer->response_status;
  return "ERROR";
}

gboolean
adept_lock_outcome_is_done (const AdeptLockOutcome *outcome)
{
  return outcome->skipped != NULL ||
         (outcome->answer != NULL && outcome->answer->status == ADEPT_LOCK_STATUS_SUCCESS);
}

typedef struct {
  AdeptDepClient        *client;
  AdeptStore            *store;
  char                  *server_id;
  GPtrArray             *outcomes;
  char                  *export_path;
  AdeptSecret           *passphrase;
  char                  *lost_message;
  AdeptLockProgressFunc  progress;
  gpointer               progress_data;
  guint                  next;
  guint                  n_exported;
} Run;

static void
run_free (Run *run)
{
  g_clear_object (&run->client);
  g_clear_object (&run->store);
  g_free (run->server_id);
  g_clear_pointer (&run->outcomes, g_ptr_array_unref);
  g_free (run->export_path);
  adept_secret_free (run->passphrase);
  g_free (run->lost_message);
  g_free (run);
}

static char *
format_day (gint64 unix_seconds)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (MAX (unix_seconds, 0));

  return g_date_time_format (time, "%Y-%m-%d");
}

/* Every code this keyring holds, into the file: the newest export is a whole copy. */
static gboolean
write_export (Run     *run,
              GError **error)
{
  g_autoptr(GHashTable) codes = adept_credentials_list_bypass_codes_sync (NULL, error);
  g_autoptr(AdeptSecretBundle) bundle = NULL;
  g_autoptr(GList) serials = NULL;

  if (codes == NULL)
    return FALSE;
  bundle = adept_secret_bundle_new ();
  serials = g_list_sort (g_hash_table_get_keys (codes), (GCompareFunc) strcmp);
  for (GList *l = serials; l != NULL; l = l->next)
    {
      g_autofree char *name = g_strconcat (ADEPT_BYPASS_CODE_EXPORT_PREFIX, (const char *) l->data, NULL);

      adept_secret_bundle_add (bundle, name, g_hash_table_lookup (codes, l->data));
    }
  run->n_exported = g_hash_table_size (codes);
  return adept_secret_bundle_write_file (bundle, run->export_path, run->passphrase, error);
}

/* In the thread: a code for each device not skipped (the keyring's, or a new one stored
 * now), then the file. */
static void
escrow_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Run *run = task_data;
  GError *error = NULL;

  for (guint i = 0; i < run->outcomes->len; i++)
    {
      AdeptLockOutcome *outcome = g_ptr_array_index (run->outcomes, i);

      if (outcome->skipped != NULL)
        continue;
      outcome->code = adept_credentials_lookup_bypass_code_sync (outcome->serial, cancellable, &error);
      if (outcome->code == NULL && error != NULL)
        break;
      if (outcome->code != NULL)
        continue;
      outcome->code = adept_bypass_code_generate ();
      outcome->generated = TRUE;
      if (!adept_credentials_store_bypass_code_sync (outcome->serial, outcome->code, cancellable, &error))
        break;
    }
  if (error == NULL)
    write_export (run, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* A definite refusal: the code of this run never applied, so it goes. An unclear end
 * (FAILED, no answer) keeps it: the lock may have taken. */
static gboolean
is_refusal (AdeptLockStatus status)
{
  return status == ADEPT_LOCK_STATUS_NOT_ACCESSIBLE || status == ADEPT_LOCK_STATUS_ORG_NOT_SUPPORTED ||
         status == ADEPT_LOCK_STATUS_DEVICE_NOT_SUPPORTED || status == ADEPT_LOCK_STATUS_DEVICE_ALREADY_LOCKED;
}

static void send_next (GTask *task);

/* The device is done with: the next one. */
static void
advance (GTask *task)
{
  Run *run = g_task_get_task_data (task);

  run->next++;
  if (run->progress != NULL)
    run->progress (run->next, run->outcomes->len, run->progress_data);
  send_next (task);
}

static void
on_code_deleted (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr(GError) error = NULL;

  if (!adept_credentials_clear_finish (result, &error))
    g_warning ("A refused device’s bypass code stayed in the keyring: %s", error->message);
  advance (task);
}

static void
on_locked (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);
  AdeptLockOutcome *outcome = g_ptr_array_index (run->outcomes, run->next);
  g_autoptr(GError) error = NULL;

  outcome->answer = adept_dep_client_activation_lock_finish (run->client, result, &outcome->error);
  if (g_error_matches (outcome->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_error_copy (outcome->error));
      g_object_unref (task);
      return;
    }
  if (!adept_store_record_activation_lock (run->store, run->server_id, outcome->serial,
                                           outcome->answer ? outcome->answer->response_status : NULL,
                                           outcome->error, TRUE, &error))
    g_warning ("Apple’s answer for %s was not recorded: %s", outcome->serial, error->message);
  /* Finished before the next device: a refused code never outlives the run. */
  if (outcome->answer != NULL && outcome->generated && is_refusal (outcome->answer->status))
    adept_credentials_delete_bypass_code_async (outcome->serial, NULL, on_code_deleted, task);
  else
    advance (task);
}

/* One device at a time: Apple's endpoint takes one serial a request. */
static void
send_next (GTask *task)
{
  Run *run = g_task_get_task_data (task);

  while (run->next < run->outcomes->len)
    {
      AdeptLockOutcome *outcome = g_ptr_array_index (run->outcomes, run->next);
      g_autofree char *escrow_key = NULL;

      if (outcome->skipped == NULL)
        {
          escrow_key = adept_bypass_code_dup_escrow_key (outcome->code, NULL);
          adept_dep_client_activation_lock_async (run->client, outcome->serial, escrow_key,
                                                  run->lost_message, g_task_get_cancellable (task),
                                                  on_locked, task);
          return;
        }
      run->next++;
      if (run->progress != NULL)
        run->progress (run->next, run->outcomes->len, run->progress_data);
    }
  g_task_return_pointer (task, g_ptr_array_ref (run->outcomes), (GDestroyNotify) g_ptr_array_unref);
  g_object_unref (task);
}

static void
on_escrowed (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      return;
    }
  send_next (g_steal_pointer (&task));
}

void
adept_activation_lock_async (AdeptDepClient        *client,
                             AdeptStore            *store,
                             const char            *server_id,
                             const char * const    *serials,
                             const char            *export_path,
                             const char            *passphrase,
                             const char            *lost_message,
                             AdeptLockProgressFunc  progress,
                             gpointer               progress_data,
                             GCancellable          *cancellable,
                             GAsyncReadyCallback    callback,
                             gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) escrow = NULL;
  Run *run;

  g_return_if_fail (ADEPT_IS_DEP_CLIENT (client));
  g_return_if_fail (serials != NULL && export_path != NULL && passphrase != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, adept_activation_lock_async);
  run = g_new0 (Run, 1);
  run->client = g_object_ref (client);
  run->store = g_object_ref (store);
  run->server_id = g_strdup (server_id);
  run->outcomes = g_ptr_array_new_with_free_func ((GDestroyNotify) adept_lock_outcome_free);
  run->export_path = g_strdup (export_path);
  run->passphrase = adept_secret_strdup (passphrase);
  run->lost_message = g_strdup (lost_message);
  run->progress = progress;
  run->progress_data = progress_data;
  g_task_set_task_data (task, run, (GDestroyNotify) run_free);

  /* Devices this computer locked already are not sent again. */
  for (guint i = 0; serials[i] != NULL; i++)
    {
      AdeptLockOutcome *outcome = g_new0 (AdeptLockOutcome, 1);
      g_autoptr(AdeptLockRecord) last = adept_store_get_activation_lock (store, server_id, serials[i], NULL);

      outcome->serial = g_strdup (serials[i]);
      if (last != NULL && g_str_equal (last->status, "SUCCESS"))
        {
          g_autofree char *day = format_day (last->time);

          /* Translators: why a device was not sent to Apple again; a date. */
          outcome->skipped = g_strdup_printf (_("already locked from this computer on %s"), day);
        }
      g_ptr_array_add (run->outcomes, outcome);
    }

  escrow = g_task_new (NULL, cancellable, on_escrowed, g_steal_pointer (&task));
  g_task_set_task_data (escrow, run, NULL);
  g_task_run_in_thread (escrow, escrow_thread);
}

GPtrArray *
adept_activation_lock_finish (GAsyncResult  *result,
                              guint         *n_exported,
                              GError       **error)
{
  GTask *task = G_TASK (result);

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  if (n_exported != NULL)
    *n_exported = ((Run *) g_task_get_task_data (task))->n_exported;
  return g_task_propagate_pointer (task, error);
}
