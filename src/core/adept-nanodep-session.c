/* adept-nanodep-session.c — the kind "nanodep": the key, the token and the assigner at the
 * team's NanoDEP server, the API key here
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * NanoDEP v0.7.0 behaviours this relies on (adept-nanodep-client.c has the client's):
 * - each GET /v1/tokenpki/NAME replaces the name's staging key pair;
 * - PUT /v1/tokenpki/NAME promotes the staging pair to current BEFORE it checks the
 *   consumer key, so a refused renewal has changed the current key all the same;
 * - /v1/dep_names lists every name with a staging certificate, linked or not; whether a
 *   name is linked shows only in /proxy/NAME/account (a 502 without a token);
 * - the proxy keeps each name's DEP address from its first proxied call: set-up makes no
 *   proxy call for a name NanoDEP does not list;
 * - depsyncer assigns the assigner's profile only to devices that arrive as "added" in
 *   its sync phase; the assigner cannot be cleared, only replaced.
 */
#define G_LOG_DOMAIN "adept-session"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "adept-context.h"
#include "adept-credentials.h"
#include "adept-error.h"
#include "adept-nanodep-session.h"
#include "adept-secret.h"
#include "adept-util.h"

#define GROUP             ADEPT_SERVER_KIND_NAME_NANODEP
#define KEY_URL           "url"
#define KEY_DEP_NAME      "dep-name"
#define KEY_FINGERPRINT   "key-fingerprint"
#define KEY_DOWNLOADED_AT "key-downloaded-at"
#define KEY_UPLOADED_AT   "token-uploaded-at"

/* Set-up is asked for by an admin at a dialog: one quick retry, not the sync's patience. */
#define SET_UP_RETRIES       1
#define SET_UP_RETRY_MS      250
#define SET_UP_RETRY_MAX_MS  3000

struct _AdeptNanodepSession
{
  AdeptSession        parent_instance;

  AdeptNanodepClient *api;              /* with the API key from the keyring, once needed */
  GPtrArray          *api_waiters;      /* tasks waiting for the keyring, or NULL */
  GPtrArray          *reconcile_waiters; /* tasks of the reconcile running, or NULL */
};

G_DEFINE_FINAL_TYPE (AdeptNanodepSession, adept_nanodep_session, ADEPT_TYPE_SESSION)

static AdeptServer *
server_of (gpointer self)
{
  return adept_session_get_server (ADEPT_SESSION (self));
}

static char *
dup_setting (gpointer    self,
             const char *key)
{
  return adept_server_dup_setting (server_of (self), GROUP, key);
}

char *
adept_nanodep_session_dup_url (AdeptNanodepSession *self)
{
  g_return_val_if_fail (ADEPT_IS_NANODEP_SESSION (self), NULL);
  return dup_setting (self, KEY_URL);
}

char *
adept_nanodep_session_dup_dep_name (AdeptNanodepSession *self)
{
  g_return_val_if_fail (ADEPT_IS_NANODEP_SESSION (self), NULL);
  return dup_setting (self, KEY_DEP_NAME);
}

char *
adept_nanodep_session_dup_key_fingerprint (AdeptNanodepSession *self)
{
  g_return_val_if_fail (ADEPT_IS_NANODEP_SESSION (self), NULL);
  return dup_setting (self, KEY_FINGERPRINT);
}

GDateTime *
adept_nanodep_session_dup_key_downloaded_at (AdeptNanodepSession *self)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (ADEPT_IS_NANODEP_SESSION (self), NULL);

  text = dup_setting (self, KEY_DOWNLOADED_AT);
  return text != NULL ? g_date_time_new_from_iso8601 (text, NULL) : NULL;
}

char *
adept_nanodep_api_key_from_file (GBytes      *contents,
                                 const char  *name,
                                 GError     **error)
{
  gsize len = 0;
  const char *data;
  g_autoptr(AdeptSecret) key = NULL;

  g_return_val_if_fail (contents != NULL && name != NULL, NULL);

  data = g_bytes_get_data (contents, &len);
  key = adept_secret_strndup (data ? data : "", len);
  g_strstrip (key);
  if (*key == '\0' || strpbrk (key, "\r\n") != NULL)
    {
      g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_FILE,
                   _("“%s” does not hold an API key alone on one line. Put the key (NANODEP_API on "
                     "the NanoDEP server) on one line of a file only you can read."),
                   name);
      return NULL;
    }
  return g_steal_pointer (&key);
}

gboolean
adept_nanodep_session_is_set_up (AdeptNanodepSession *self)
{
  g_autofree char *url = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (ADEPT_IS_NANODEP_SESSION (self), FALSE);

  url = dup_setting (self, KEY_URL);
  name = dup_setting (self, KEY_DEP_NAME);
  return url != NULL && name != NULL;
}

static gboolean
check_set_up (AdeptNanodepSession  *self,
              GError              **error)
{
  if (adept_nanodep_session_is_set_up (self))
    return TRUE;
  g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_NOT_LINKED,
               _("Server “%s” is not set up with a NanoDEP server yet. Add it with its URL, "
                 "API key and DEP name (Add DEP Server…, or adeptctl server add --nanodep)."),
               adept_session_get_id (ADEPT_SESSION (self)));
  return FALSE;
}

/* Returns the task's result from a call's GTask. */
static void
return_pointer_or_error (GTask          *task,
                         gpointer        value,
                         GDestroyNotify  free_func,
                         GError         *error)
{
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, value, free_func);
}

static void
return_boolean_or_error (GTask  *task,
                         GError *error)
{
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* The API client, with the key from the keyring ------------------------------------------ */

static void
return_to_api_waiters (AdeptNanodepSession *self,
                       const GError        *error)
{
  g_autoptr(GPtrArray) waiters = g_steal_pointer (&self->api_waiters);

  for (guint i = 0; waiters != NULL && i < waiters->len; i++)
    {
      GTask *task = g_ptr_array_index (waiters, i);

      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_pointer (task, g_object_ref (self->api), g_object_unref);
    }
}

/* A client of NanoDEP's API (and, through it, of its proxy) with the session's certificate
 * trust: the stored one, or what Add DEP Server… gave for the set-up. */
static AdeptNanodepClient *
new_api_client (AdeptNanodepSession  *self,
                const char           *url,
                const char           *api_key,
                GError              **error)
{
  g_autoptr(AdeptNanodepClient) client = adept_nanodep_client_new (url, api_key, error);
  g_autofree char *ca_file = NULL;
  g_autofree char *pin = NULL;

  if (client == NULL)
    return NULL;
  adept_session_dup_tls_trust (ADEPT_SESSION (self), &ca_file, &pin);
  if (pin != NULL && !adept_nanodep_client_set_pinned_sha256 (client, pin, error))
    return NULL;
  if (pin == NULL && ca_file != NULL && !adept_nanodep_client_set_tls_ca_file (client, ca_file, error))
    return NULL;
  return g_steal_pointer (&client);
}

/* The trust a set-up used, kept with the server's other settings when it is not the one
 * stored (Add DEP Server… with a private CA or a pin). */
static gboolean
store_set_up_trust (AdeptNanodepSession  *self,
                    GError              **error)
{
  g_autofree char *ca_file = NULL;
  g_autofree char *pin = NULL;
  g_autofree char *stored_ca_file = adept_server_dup_tls_ca_file (server_of (self));
  g_autofree char *stored_pin = adept_server_dup_tls_pin_sha256 (server_of (self));

  adept_session_dup_tls_trust (ADEPT_SESSION (self), &ca_file, &pin);
  if (g_strcmp0 (ca_file, stored_ca_file) == 0 && g_strcmp0 (pin, stored_pin) == 0)
    return TRUE;
  return adept_server_set_tls_trust (server_of (self), ca_file, pin, error);
}

/* Another trust is another client. */
static void
on_admin_action (AdeptNanodepSession *self,
                 const char          *action)
{
  if (g_strcmp0 (action, "tls-trust-changed") == 0)
    g_clear_object (&self->api);
}

static void
api_key_looked_up (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(AdeptNanodepSession) self = user_data;
  g_autoptr(AdeptSecret) key = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *name = NULL;

  key = adept_credentials_lookup_finish (result, &error);
  url = dup_setting (self, KEY_URL);
  name = dup_setting (self, KEY_DEP_NAME);
  if (key == NULL && error == NULL)
    g_set_error (&error, ADEPT_ERROR, ADEPT_ERROR_NOT_LINKED,
                 _("The API key of the NanoDEP server at %s is not in the keyring. Enter it again: "
                   "Add DEP Server… with the same URL and DEP name “%s”, or adeptctl server add "
                   "--nanodep."),
                 url ? url : "?", name ? name : "?");
  if (error == NULL && url == NULL)
    check_set_up (self, &error);
  if (error == NULL)
    {
      g_autoptr(AdeptNanodepClient) api = new_api_client (self, url, key, &error);

      if (api != NULL)
        g_set_object (&self->api, api);
    }
  return_to_api_waiters (self, error);
}

/* The client for NanoDEP's own API; the keyring may first ask to be unlocked. */
static void
ensure_api_async (AdeptNanodepSession *self,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  gboolean started;

  g_task_set_source_tag (task, ensure_api_async);
  if (self->api != NULL)
    {
      g_task_return_pointer (task, g_object_ref (self->api), g_object_unref);
      g_object_unref (task);
      return;
    }
  started = self->api_waiters != NULL;
  if (!started)
    self->api_waiters = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (self->api_waiters, task);
  if (!started)
    adept_credentials_lookup_async (adept_session_get_id (ADEPT_SESSION (self)),
                                    ADEPT_SECRET_MDM_API_KEY, NULL, api_key_looked_up,
                                    g_object_ref (self));
}

static AdeptNanodepClient *
ensure_api_finish (AdeptNanodepSession  *self,
                   GAsyncResult         *result,
                   GError              **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The client a step of a task needs, or NULL with the task returned. */
static AdeptNanodepClient *
api_for_task (GTask        *task,
              GAsyncResult *result)
{
  AdeptNanodepSession *self = g_task_get_source_object (task);
  GError *error = NULL;
  AdeptNanodepClient *api = ensure_api_finish (self, result, &error);

  if (api == NULL)
    g_task_return_error (task, error);
  return api;
}

/* Public key: GET /v1/tokenpki/NAME ------------------------------------------------------- */

static void
certificate_downloaded (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AdeptNanodepSession *self = g_task_get_source_object (task);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *now_text = g_date_time_format_iso8601 (now);
  g_autofree char *fingerprint = NULL;
  g_autofree char *details = NULL;
  g_autoptr(GError) error = NULL;
  char *pem;
  const char *keys[] = { KEY_FINGERPRINT, KEY_DOWNLOADED_AT, NULL };
  const char *values[] = { NULL, now_text, NULL };

  pem = adept_nanodep_client_download_certificate_finish (ADEPT_NANODEP_CLIENT (source), result,
                                                          &fingerprint, &error);
  if (pem == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* NanoDEP has the new key now, whatever happens here: keep what it was. */
  values[0] = fingerprint;
  if (!adept_server_save_settings (server_of (self), GROUP, keys, values, &error))
    adept_session_notice (ADEPT_SESSION (self), error->message);
  details = g_strdup_printf ("from the NanoDEP server, certificate SHA-256 %s", fingerprint);
  adept_session_audit (ADEPT_SESSION (self), "key-downloaded", details);
  g_task_return_pointer (task, pem, g_free);
}

static void
api_for_certificate (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(AdeptNanodepClient) api = api_for_task (task, result);
  g_autofree char *name = NULL;

  if (api == NULL)
    return;
  name = dup_setting (source, KEY_DEP_NAME);
  adept_nanodep_client_download_certificate_async (api, name, g_task_get_cancellable (task),
                                                   certificate_downloaded, g_object_ref (task));
}

/* A step that needs NanoDEP's API: once the server is set up and the API client ready, the
 * task (taken) goes on in next. */
static void
start_with_api (AdeptNanodepSession *self,
                GTask               *task,
                GAsyncReadyCallback  next)
{
  GError *error = NULL;

  if (!check_set_up (self, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  ensure_api_async (self, g_task_get_cancellable (task), next, task);
}

static void
nanodep_dup_public_key_async (AdeptSession        *session,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  start_with_api (ADEPT_NANODEP_SESSION (session),
                  g_task_new (session, cancellable, callback, user_data), api_for_certificate);
}

static char *
nanodep_dup_public_key_finish (AdeptSession  *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Inspect: only NanoDEP can decrypt ---------------------------------------------------- */

static void
read_envelope_thread (GTask        *task,
                      gpointer      source,
                      gpointer      data,
                      GCancellable *cancellable)
{
  GError *error = NULL;
  GBytes *bytes = adept_server_token_read_envelope (data, cancellable, &error);

  return_pointer_or_error (task, bytes, (GDestroyNotify) g_bytes_unref, error);
}

/* The token file's bytes, its envelope checked. */
static void
read_token_async (AdeptNanodepSession *self,
                  GFile               *file,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, read_envelope_thread);
}

static GBytes *
read_token_finish (AdeptNanodepSession  *self,
                   GAsyncResult         *result,
                   GError              **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
token_read_for_inspect (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AdeptNanodepSession *self = ADEPT_NANODEP_SESSION (source);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *url = NULL;
  GError *error = NULL;

  bytes = read_token_finish (self, result, &error);
  if (bytes == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* The session's contract: FAILED means "a token only the server can read". */
  url = dup_setting (self, KEY_URL);
  g_task_return_new_error (task, ADEPT_ERROR, ADEPT_ERROR_FAILED,
                           _("Only the NanoDEP server at %s can decrypt this server token: Adept "
                             "uploads it there once you confirm."), url ? url : "?");
}

static void
nanodep_inspect_token_async (AdeptSession        *session,
                             GFile               *file,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  read_token_async (ADEPT_NANODEP_SESSION (session), file, cancellable, token_read_for_inspect,
                    g_task_new (session, cancellable, callback, user_data));
}

static AdeptServerToken *
nanodep_inspect_token_finish (AdeptSession  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Link and renew: PUT /v1/tokenpki/NAME --------------------------------------------------- */

typedef struct {
  char       *token_name;
  GBytes     *token;
  char       *name;
  GDateTime  *expiry;
  char       *token_fingerprint;
  AdeptNanodepClient *api;
} Upload;

static void
upload_free (Upload *upload)
{
  g_free (upload->token_name);
  g_clear_pointer (&upload->token, g_bytes_unref);
  g_free (upload->name);
  g_clear_pointer (&upload->expiry, g_date_time_unref);
  g_free (upload->token_fingerprint);
  g_clear_object (&upload->api);
  g_free (upload);
}

/* A "wrong key" refusal, with what this computer knows of its last download. */
static GError *
explain_wrong_key (AdeptNanodepSession *self,
                   GError              *error)
{
  g_autofree char *fingerprint = dup_setting (self, KEY_FINGERPRINT);
  g_autoptr(GDateTime) when = adept_nanodep_session_dup_key_downloaded_at (self);
  g_autofree char *date = NULL;
  GError *explained;

  if (fingerprint == NULL || when == NULL)
    return error;
  date = adept_format_date_time (when);
  /* Translators: a sentence, then a date and the start of a certificate's SHA-256. */
  explained = g_error_new (error->domain, error->code,
                           _("%s The last public key downloaded from this computer was on %s "
                             "(SHA-256 %.23s…); if someone downloaded another since, only a "
                             "token for that one decrypts."),
                           error->message, date, fingerprint);
  g_error_free (error);
  return explained;
}

/* After the upload: what Apple says of the server, through NanoDEP's proxy. */
static void
account_after_upload (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AdeptNanodepSession *self = g_task_get_source_object (task);
  AdeptServer *server = server_of (self);
  Upload *upload = g_task_get_task_data (task);
  g_autoptr(AdeptDepAccount) account = NULL;
  g_autoptr(GError) account_error = NULL;
  g_autofree char *url = dup_setting (self, KEY_URL);
  g_autofree char *message = NULL;
  GError *error = NULL;
  const char *identity;

  account = adept_dep_client_get_account_finish (ADEPT_DEP_CLIENT (source), result, &account_error);
  /* The token is at NanoDEP now: the link holds here too, named by Apple's server UUID
   * when Apple answered (the same for every admin of the name), else by the token's. */
  identity = account != NULL && adept_dep_account_get_server_uuid (account) != NULL
             ? adept_dep_account_get_server_uuid (account) : upload->token_fingerprint;
  if (!adept_server_record_link (server, identity, upload->expiry, upload->token_name, NULL, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    g_autofree char *now_text = g_date_time_format_iso8601 (now);
    const char *keys[] = { KEY_UPLOADED_AT, NULL };
    const char *values[] = { now_text, NULL };

    /* The last download is used: downloading again undoes nothing pending. */
    if (!adept_server_save_settings (server, GROUP, keys, values, &error))
      {
        adept_session_notice (ADEPT_SESSION (self), error->message);
        g_clear_error (&error);
      }
  }
  if (account != NULL && !adept_server_set_account (server, account, &error))
    {
      adept_session_notice (ADEPT_SESSION (self), error->message);
      g_clear_error (&error);
    }
  else if (account == NULL)
    adept_session_notice (ADEPT_SESSION (self), account_error->message);

  message = g_strdup_printf (_("The NanoDEP server at %s decrypted the server token with the public "
                               "key last downloaded for “%s”, made that key its current one and "
                               "keeps the token. Its depsyncer uses it from its next sync."),
                             url, upload->name);
  adept_session_notice (ADEPT_SESSION (self), message);
  g_task_return_boolean (task, TRUE);
}

static void
token_uploaded (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AdeptNanodepSession *self = g_task_get_source_object (task);
  Upload *upload = g_task_get_task_data (task);
  g_autoptr(AdeptDepClient) dep = NULL;
  GError *error = NULL;

  if (!adept_nanodep_client_upload_token_finish (upload->api, result, &upload->expiry,
                                                 &upload->token_fingerprint, &error))
    {
      if (g_error_matches (error, ADEPT_ERROR, ADEPT_ERROR_TOKEN_WRONG_KEY))
        error = explain_wrong_key (self, error);
      g_task_return_error (task, error);
      return;
    }
  dep = adept_nanodep_client_new_dep_client (upload->api, upload->name, &error);
  if (dep == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  adept_dep_client_get_account_async (dep, g_task_get_cancellable (task), account_after_upload,
                                      g_object_ref (task));
}

static void
api_for_upload (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AdeptNanodepSession *self = g_task_get_source_object (task);
  Upload *upload = g_task_get_task_data (task);
  gboolean force;

  upload->api = api_for_task (task, result);
  if (upload->api == NULL)
    return;
  force = (adept_session_get_link_flags (ADEPT_SESSION (self)) & ADEPT_SESSION_LINK_FORCE) != 0;
  if (force)
    adept_session_audit (ADEPT_SESSION (self), "token-forced",
                         "the admin confirmed replacing the NanoDEP server's token of another MDM server");
  adept_nanodep_client_upload_token_async (upload->api, upload->name, upload->token, force,
                                           g_task_get_cancellable (task), token_uploaded,
                                           g_object_ref (task));
}

static void
token_read_for_upload (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AdeptNanodepSession *self = ADEPT_NANODEP_SESSION (source);
  Upload *upload = g_task_get_task_data (task);
  GError *error = NULL;

  upload->token = read_token_finish (self, result, &error);
  if (upload->token == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  ensure_api_async (self, g_task_get_cancellable (task), api_for_upload, g_object_ref (task));
}

static void
nanodep_link_async (AdeptSession        *session,
                    GFile               *token,
                    const char          *token_name,
                    const char          *base_url,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  AdeptNanodepSession *self = ADEPT_NANODEP_SESSION (session);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  GError *error = NULL;
  Upload *upload;

  /* The DEP address is NanoDEP's business (PUT /v1/config/NAME), not this computer's. */
  if (!check_set_up (self, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  upload = g_new0 (Upload, 1);
  upload->token_name = g_strdup (token_name);
  upload->name = dup_setting (self, KEY_DEP_NAME);
  g_task_set_task_data (task, upload, (GDestroyNotify) upload_free);
  read_token_async (self, token, cancellable, token_read_for_upload, g_steal_pointer (&task));
}

static gboolean
nanodep_link_finish (AdeptSession  *self,
                     GAsyncResult  *result,
                     GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Unlink: this computer only -------------------------------------------------------------- */

static void
server_unlinked (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  adept_server_unlink_finish (ADEPT_SERVER (source), result, &error);
  return_boolean_or_error (task, error);
}

static void
nanodep_unlink_async (AdeptSession        *session,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  AdeptNanodepSession *self = ADEPT_NANODEP_SESSION (session);

  /* The API key leaves the keyring with the server's other items, then the folder. */
  g_clear_object (&self->api);
  adept_server_unlink_async (server_of (self), cancellable, server_unlinked,
                             g_task_new (self, cancellable, callback, user_data));
}

static gboolean
nanodep_unlink_finish (AdeptSession  *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The DEP client: Apple's API through /proxy/NAME ----------------------------------------- */

static void
api_for_client (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(AdeptNanodepClient) api = api_for_task (task, result);
  g_autofree char *name = NULL;
  GError *error = NULL;
  AdeptDepClient *client;

  if (api == NULL)
    return;
  name = dup_setting (source, KEY_DEP_NAME);
  client = adept_nanodep_client_new_dep_client (api, name, &error);
  return_pointer_or_error (task, client, g_object_unref, error);
}

static void
nanodep_create_client_async (AdeptSession        *session,
                             const char          *base_url,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  /* base_url is Apple's address for a direct server; NanoDEP's proxy is the address here. */
  start_with_api (ADEPT_NANODEP_SESSION (session),
                  g_task_new (session, cancellable, callback, user_data), api_for_client);
}

static AdeptDepClient *
nanodep_create_client_finish (AdeptSession  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The default: NanoDEP's assigner --------------------------------------------------------- */

static void
assigner_set (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  adept_nanodep_client_set_assigner_finish (ADEPT_NANODEP_CLIENT (source), result, &error);
  return_boolean_or_error (task, error);
}

static void
api_for_assigner (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(AdeptNanodepClient) api = api_for_task (task, result);
  g_autofree char *name = NULL;
  const char *uuid = g_task_get_task_data (task);

  if (api == NULL)
    return;
  name = dup_setting (source, KEY_DEP_NAME);
  /* "" is refused by the client: NanoDEP cannot clear its assigner, so neither can we. */
  adept_nanodep_client_set_assigner_async (api, name, uuid ? uuid : "",
                                           g_task_get_cancellable (task), assigner_set,
                                           g_object_ref (task));
}

static void
nanodep_default_changed_async (AdeptSession        *session,
                               const char          *uuid,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  AdeptNanodepSession *self = ADEPT_NANODEP_SESSION (session);
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_task_data (task, g_strdup (uuid), g_free);
  ensure_api_async (self, cancellable, api_for_assigner, task);
}

static gboolean
nanodep_default_changed_finish (AdeptSession  *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static AdeptAutoAssign
nanodep_get_auto_assign (AdeptSession *self)
{
  return ADEPT_AUTO_ASSIGN_NOT_ADDED;
}

/* After a sync: the team's default and its colleagues' profiles --------------------------- */

typedef struct {
  char      *assigner;     /* the team's default, or NULL */
  GPtrArray *to_adopt;     /* UUIDs the store lacks */
  guint      next;
  GString   *problems;
} Reconcile;

static void
reconcile_free (Reconcile *reconcile)
{
  g_free (reconcile->assigner);
  g_clear_pointer (&reconcile->to_adopt, g_ptr_array_unref);
  g_string_free (reconcile->problems, TRUE);
  g_free (reconcile);
}

static void
end_reconcile (AdeptNanodepSession *self,
               Reconcile           *reconcile,
               GError              *error)
{
  g_autoptr(GPtrArray) waiters = g_steal_pointer (&self->reconcile_waiters);

  if (error == NULL && reconcile != NULL && reconcile->problems->len > 0)
    error = g_error_new_literal (ADEPT_ERROR, ADEPT_ERROR_FAILED, reconcile->problems->str);
  for (guint i = 0; waiters != NULL && i < waiters->len; i++)
    {
      GTask *task = g_ptr_array_index (waiters, i);

      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_boolean (task, TRUE);
    }
  g_clear_error (&error);
  if (reconcile != NULL)
    reconcile_free (reconcile);
}

static void
take_default (AdeptSession *session,
              GTask        *task)
{
  Reconcile *reconcile = g_task_get_task_data (task);
  AdeptStore *store = adept_session_get_store (session);
  const char *id = adept_session_get_id (session);
  g_autoptr(AdeptStoredProfile) stored = NULL;
  g_autofree char *current = adept_store_dup_default_profile (store, id);
  g_autofree char *details = NULL;
  GError *error = NULL;

  /* Asked again in its turn: an admin here may have made another the default meanwhile,
   * which went to the assigner too. */
  stored = adept_store_get_profile (store, id, reconcile->assigner, NULL);
  if (stored != NULL && g_strcmp0 (current, reconcile->assigner) != 0)
    {
      details = g_strdup_printf ("\"%s\" (%s), the NanoDEP server's default (its assigner)",
                                 stored->name, stored->uuid);
      adept_session_record_default_profile (session, reconcile->assigner, details, &error);
    }
  /* The queue's reference may be the last. */
  g_object_ref (task);
  adept_session_operation_done (session);
  return_boolean_or_error (task, error);
  g_object_unref (task);
}

static void
default_taken (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  AdeptNanodepSession *self = ADEPT_NANODEP_SESSION (source);
  Reconcile *reconcile = user_data;
  GError *error = NULL;

  g_task_propagate_boolean (G_TASK (result), &error);
  end_reconcile (self, reconcile, error);
}

static void
maybe_take_default (AdeptNanodepSession *self,
                    Reconcile           *reconcile)
{
  AdeptSession *session = ADEPT_SESSION (self);
  GTask *task;

  if (reconcile->assigner == NULL ||
      g_strcmp0 (adept_session_get_default_profile (session), reconcile->assigner) == 0)
    {
      end_reconcile (self, reconcile, NULL);
      return;
    }
  /* Owned by the task from now; the callback gets it back as user data. */
  task = g_task_new (self, NULL, default_taken, reconcile);
  g_task_set_task_data (task, reconcile, NULL);
  adept_session_queue_operation (session, ADEPT_SESSION_OPERATION_DEFAULT, task, take_default, TRUE);
}

static void adopt_next (AdeptNanodepSession *self,
                        Reconcile           *reconcile);

static void
profile_adopted (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  AdeptNanodepSession *self = ADEPT_NANODEP_SESSION (source);
  Reconcile *reconcile = user_data;
  g_autoptr(AdeptDepProfile) profile = NULL;
  g_autoptr(GError) error = NULL;

  profile = adept_session_adopt_profile_finish (ADEPT_SESSION (self), result, &error);
  if (profile == NULL)
    {
      const char *uuid = g_ptr_array_index (reconcile->to_adopt, reconcile->next - 1);

      if (reconcile->problems->len > 0)
        g_string_append_c (reconcile->problems, ' ');
      /* Translators: a profile UUID, then a sentence. */
      g_string_append_printf (reconcile->problems,
                              _("Profile %s, seen on this server’s devices or as its default, "
                                "could not be read from Apple: %s"), uuid, error->message);
    }
  adopt_next (self, reconcile);
}

static void
adopt_next (AdeptNanodepSession *self,
            Reconcile           *reconcile)
{
  const char *uuid;

  if (reconcile->next >= reconcile->to_adopt->len)
    {
      maybe_take_default (self, reconcile);
      return;
    }
  uuid = g_ptr_array_index (reconcile->to_adopt, reconcile->next++);
  adept_session_adopt_profile_async (ADEPT_SESSION (self), uuid, NULL, profile_adopted, reconcile);
}

/* The profiles the store lacks: on the server's devices, and the assigner's. */
static GPtrArray *
list_unknown_profiles (AdeptNanodepSession  *self,
                       const char           *assigner,
                       GError              **error)
{
  AdeptStore *store = adept_session_get_store (ADEPT_SESSION (self));
  const char *id = adept_session_get_id (ADEPT_SESSION (self));
  g_autoptr(GHashTable) on_devices = NULL;
  g_autoptr(GPtrArray) kept = NULL;
  g_autoptr(GHashTable) known = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) unknown = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GList) uuids = NULL;

  on_devices = adept_store_count_devices_by_profile (store, id, error);
  if (on_devices == NULL)
    return NULL;
  kept = adept_store_list_profiles (store, id, error);
  if (kept == NULL)
    return NULL;
  for (guint i = 0; i < kept->len; i++)
    g_hash_table_add (known, ((AdeptStoredProfile *) g_ptr_array_index (kept, i))->uuid);

  if (assigner != NULL && !g_hash_table_contains (known, assigner))
    g_ptr_array_add (unknown, g_strdup (assigner));
  uuids = g_list_sort (g_hash_table_get_keys (on_devices), (GCompareFunc) g_strcmp0);
  for (GList *l = uuids; l != NULL; l = l->next)
    if (*(const char *) l->data != '\0' && !g_hash_table_contains (known, l->data) &&
        g_strcmp0 (l->data, assigner) != 0)
      g_ptr_array_add (unknown, g_strdup (l->data));
  return g_steal_pointer (&unknown);
}

static void
assigner_read (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(AdeptNanodepSession) self = user_data;
  Reconcile *reconcile = g_new0 (Reconcile, 1);
  GError *error = NULL;

  reconcile->problems = g_string_new (NULL);
  reconcile->assigner = adept_nanodep_client_get_assigner_finish (ADEPT_NANODEP_CLIENT (source),
                                                                  result, &error);
  if (error == NULL)
    reconcile->to_adopt = list_unknown_profiles (self, reconcile->assigner, &error);
  if (error != NULL)
    {
      end_reconcile (self, reconcile, error);
      return;
    }
  adopt_next (self, reconcile);
}

static void
api_for_reconcile (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(AdeptNanodepSession) self = ADEPT_NANODEP_SESSION (source);
  g_autoptr(AdeptNanodepClient) api = NULL;
  g_autofree char *name = NULL;
  GError *error = NULL;

  api = ensure_api_finish (self, result, &error);
  if (api == NULL)
    {
      end_reconcile (self, NULL, error);
      return;
    }
  name = dup_setting (self, KEY_DEP_NAME);
  adept_nanodep_client_get_assigner_async (api, name, NULL, assigner_read, g_object_ref (self));
}

void
adept_nanodep_session_reconcile_async (AdeptNanodepSession *self,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  GTask *task;
  gboolean started;

  g_return_if_fail (ADEPT_IS_NANODEP_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, adept_nanodep_session_reconcile_async);
  if (adept_session_get_state (ADEPT_SESSION (self)) != ADEPT_SESSION_STATE_READY)
    {
      g_task_return_new_error (task, ADEPT_ERROR, ADEPT_ERROR_NOT_LINKED, "%s",
                               adept_error_default_message (ADEPT_ERROR_NOT_LINKED));
      g_object_unref (task);
      return;
    }
  /* One at a time: a second caller waits for the one running. */
  started = self->reconcile_waiters != NULL;
  if (!started)
    self->reconcile_waiters = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (self->reconcile_waiters, task);
  if (!started)
    ensure_api_async (self, NULL, api_for_reconcile, g_object_ref (self));
}

gboolean
adept_nanodep_session_reconcile_finish (AdeptNanodepSession  *self,
                                        GAsyncResult         *result,
                                        GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
nanodep_after_sync_async (AdeptSession        *session,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  adept_nanodep_session_reconcile_async (ADEPT_NANODEP_SESSION (session), cancellable, callback,
                                         user_data);
}

static gboolean
nanodep_after_sync_finish (AdeptSession  *session,
                           GAsyncResult  *result,
                           GError       **error)
{
  return adept_nanodep_session_reconcile_finish (ADEPT_NANODEP_SESSION (session), result, error);
}

/* Set-up ---------------------------------------------------------------------------------- */

typedef struct {
  char               *url;
  AdeptSecret        *api_key;
  char               *name;
  AdeptNanodepClient *probe;     /* a client on the key being set up */
  AdeptDepAccount    *account;   /* Apple's, for a name NanoDEP has linked */
  gboolean            replaces_key;
} SetUp;

static void
set_up_free (SetUp *set_up)
{
  g_free (set_up->url);
  adept_secret_free (set_up->api_key);
  g_free (set_up->name);
  g_clear_object (&set_up->probe);
  g_clear_object (&set_up->account);
  g_free (set_up);
}

static void
set_up_return_error (AdeptSession *session,
                     GTask        *task,
                     GError       *error)
{
  g_autoptr(GTask) hold = g_object_ref (task);

  adept_session_operation_done (session);
  g_task_return_error (task, error);
}

static void
joined_and_connected (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  /* The link holds; a failed connection shows in the condition and can be retried. */
  if (!adept_session_connect_finish (ADEPT_SESSION (source), result, &error))
    g_debug ("Connecting after joining: %s", error->message);
  g_task_return_boolean (task, TRUE);
}

/* The key is in the keyring: the settings, and the link of a joined name. */
static void
key_stored (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AdeptNanodepSession *self = g_task_get_source_object (task);
  AdeptSession *session = ADEPT_SESSION (self);
  AdeptServer *server = server_of (self);
  SetUp *set_up = g_task_get_task_data (task);
  const char *keys[] = { KEY_URL, KEY_DEP_NAME, NULL };
  const char *values[] = { set_up->url, set_up->name, NULL };
  g_autofree char *details = NULL;
  GError *error = NULL;

  if (!adept_credentials_store_finish (result, &error))
    {
      set_up_return_error (session, task, error);
      return;
    }
  if (!store_set_up_trust (self, &error) ||
      !adept_server_save_settings (server, GROUP, keys, values, &error) ||
      (set_up->account != NULL && !adept_server_is_linked (server) &&
       !adept_server_record_link (server, adept_dep_account_get_server_uuid (set_up->account),
                                  NULL, adept_dep_account_get_server_name (set_up->account),
                                  NULL, &error)))
    {
      /* A first set-up leaves nothing behind. */
      if (!set_up->replaces_key)
        adept_server_unlink_async (server, NULL, NULL, NULL);
      set_up_return_error (session, task, error);
      return;
    }
  if (set_up->account != NULL)
    {
      if (!adept_server_set_account (server, set_up->account, &error) ||
          !adept_store_ensure_server (adept_session_get_store (session), adept_session_get_id (session),
                                      adept_session_get_kind_name (session), &error))
        {
          adept_session_notice (session, error->message);
          g_clear_error (&error);
        }
    }
  details = g_strdup_printf ("NanoDEP server %s, DEP name \"%s\"%s", set_up->url, set_up->name,
                             set_up->replaces_key ? ", API key replaced"
                             : set_up->account != NULL ? ", joined (linked there)"
                                                       : ", not linked there yet");
  adept_session_audit (session, "nanodep-set-up", details);

  g_clear_object (&self->api);
  adept_session_operation_done (session);
  if (set_up->replaces_key)
    {
      adept_session_credentials_changed (session);
      g_task_return_boolean (task, TRUE);
    }
  else if (adept_session_get_linked (session))
    adept_session_connect_async (session, NULL, joined_and_connected, g_steal_pointer (&task));
  else
    g_task_return_boolean (task, TRUE);
}

static void
store_key (GTask *task)
{
  AdeptSession *session = g_task_get_source_object (task);
  SetUp *set_up = g_task_get_task_data (task);
  g_autofree char *label = g_strdup_printf ("Adept: API key of the NanoDEP server %s", set_up->url);

  adept_credentials_store_async (adept_session_get_id (session), ADEPT_SECRET_MDM_API_KEY, label,
                                 set_up->api_key, g_task_get_cancellable (task), key_stored, task);
}

static void
name_account_read (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SetUp *set_up = g_task_get_task_data (task);
  GError *error = NULL;

  set_up->account = adept_dep_client_get_account_finish (ADEPT_DEP_CLIENT (source), result, &error);
  /* NanoDEP has no token for the name (yet): its link steps follow here. */
  if (g_error_matches (error, ADEPT_ERROR, ADEPT_ERROR_BACKEND_UPSTREAM))
    g_clear_error (&error);
  if (error != NULL)
    {
      set_up_return_error (g_task_get_source_object (task), task, error);
      return;
    }
  store_key (g_steal_pointer (&task));
}

static void
names_listed (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SetUp *set_up = g_task_get_task_data (task);
  g_auto(GStrv) names = NULL;
  g_autoptr(AdeptDepClient) dep = NULL;
  GError *error = NULL;

  names = adept_nanodep_client_list_names_finish (set_up->probe, result, &error);
  if (names == NULL)
    {
      set_up_return_error (g_task_get_source_object (task), task, error);
      return;
    }
  /* A name NanoDEP does not know gets no proxy call: the proxy would keep Apple's address
   * for it before its administrator could point it elsewhere. */
  if (!g_strv_contains ((const char * const *) names, set_up->name))
    {
      store_key (g_steal_pointer (&task));
      return;
    }
  dep = adept_nanodep_client_new_dep_client (set_up->probe, set_up->name, &error);
  if (dep == NULL)
    {
      set_up_return_error (g_task_get_source_object (task), task, error);
      return;
    }
  adept_dep_client_set_retry_policy (dep, SET_UP_RETRIES, SET_UP_RETRY_MS, SET_UP_RETRY_MAX_MS);
  adept_dep_client_get_account_async (dep, g_task_get_cancellable (task), name_account_read,
                                      g_object_ref (task));
}

/* Another server here set up with the same NanoDEP server and name, or NULL. */
static char *
find_twin (AdeptNanodepSession *self,
           const char          *url,
           const char          *name)
{
  g_auto(GStrv) ids = adept_context_list_server_dirs ();
  const char *id = adept_session_get_id (ADEPT_SESSION (self));

  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    {
      g_autoptr(AdeptServer) other = NULL;
      g_autofree char *other_url = NULL;
      g_autofree char *other_name = NULL;

      if (g_str_equal (ids[i], id) || !adept_context_is_valid_server_id (ids[i]))
        continue;
      other = adept_server_new (ids[i]);
      if (!adept_server_load (other, NULL))
        continue;
      other_url = adept_server_dup_setting (other, GROUP, KEY_URL);
      other_name = adept_server_dup_setting (other, GROUP, KEY_DEP_NAME);
      if (g_strcmp0 (other_url, url) == 0 && g_strcmp0 (other_name, name) == 0)
        return g_strdup (ids[i]);
    }
  return NULL;
}

static void
start_set_up (AdeptSession *session,
              GTask        *task)
{
  AdeptNanodepSession *self = ADEPT_NANODEP_SESSION (session);
  SetUp *set_up = g_task_get_task_data (task);
  g_autofree char *url = dup_setting (self, KEY_URL);
  g_autofree char *name = dup_setting (self, KEY_DEP_NAME);
  g_autofree char *twin = NULL;
  GError *error = NULL;

  set_up->probe = new_api_client (self, set_up->url, set_up->api_key, &error);
  if (set_up->probe == NULL)
    {
      set_up_return_error (session, task, error);
      return;
    }
  /* As the client names it (no trailing slash), so the same server compares equal. */
  g_free (set_up->url);
  set_up->url = g_strdup (adept_nanodep_client_get_url (set_up->probe));
  if (!adept_nanodep_is_valid_name (set_up->name))
    {
      set_up_return_error (session, task,
                           g_error_new_literal (ADEPT_ERROR, ADEPT_ERROR_BAD_REQUEST,
                                                _("A DEP name on a NanoDEP server has 1 to 255 characters, none of them “/” or a control character. Check the name.")));
      return;
    }
  if (url != NULL || name != NULL)
    {
      if (g_strcmp0 (url, set_up->url) != 0 || g_strcmp0 (name, set_up->name) != 0)
        {
          set_up_return_error (session, task,
                               g_error_new (ADEPT_ERROR, ADEPT_ERROR_FAILED,
                                            _("Server “%s” is set up with the DEP name “%s” of the NanoDEP server at %s. Add another server for another one, or unlink this one first."),
                                            adept_session_get_id (session), name, url));
          return;
        }
      set_up->replaces_key = TRUE;
    }
  else if ((twin = find_twin (self, set_up->url, set_up->name)) != NULL)
    {
      set_up_return_error (session, task,
                           g_error_new (ADEPT_ERROR, ADEPT_ERROR_FAILED,
                                        _("The DEP name “%s” of the NanoDEP server at %s is set up here already, as server “%s”. Use that one."),
                                        set_up->name, set_up->url, twin));
      return;
    }
  adept_nanodep_client_set_retry_policy (set_up->probe, SET_UP_RETRIES, SET_UP_RETRY_MS,
                                         SET_UP_RETRY_MAX_MS);
  /* The list proves the key; a listed name is asked whether it is linked. */
  adept_nanodep_client_list_names_async (set_up->probe, g_task_get_cancellable (task), names_listed,
                                         g_object_ref (task));
}

void
adept_nanodep_session_set_up_async (AdeptNanodepSession *self,
                                    const char          *url,
                                    const char          *api_key,
                                    const char          *dep_name,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  GTask *task;
  SetUp *set_up;

  g_return_if_fail (ADEPT_IS_NANODEP_SESSION (self));
  g_return_if_fail (url != NULL && api_key != NULL && dep_name != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, adept_nanodep_session_set_up_async);
  set_up = g_new0 (SetUp, 1);
  set_up->url = g_strstrip (g_strdup (url));
  set_up->api_key = adept_secret_strdup (api_key);
  set_up->name = g_strdup (dep_name);
  g_task_set_task_data (task, set_up, (GDestroyNotify) set_up_free);
  adept_session_queue_operation (ADEPT_SESSION (self), ADEPT_SESSION_OPERATION_LINK, task,
                                 start_set_up, TRUE);
}

gboolean
adept_nanodep_session_set_up_finish (AdeptNanodepSession  *self,
                                     GAsyncResult         *result,
                                     GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* What the admin reads ------------------------------------------------------------------ */

/* A key downloaded here that no token uploaded from here has used yet. */
static gboolean
download_pending (AdeptNanodepSession *self)
{
  g_autoptr(GDateTime) downloaded = adept_nanodep_session_dup_key_downloaded_at (self);
  g_autofree char *uploaded_text = dup_setting (self, KEY_UPLOADED_AT);
  g_autoptr(GDateTime) uploaded = uploaded_text ? g_date_time_new_from_iso8601 (uploaded_text, NULL)
                                                : NULL;

  return downloaded != NULL && (uploaded == NULL || g_date_time_compare (uploaded, downloaded) < 0);
}

static char *
nanodep_dup_caution (AdeptSession        *session,
                     AdeptSessionCaution  caution,
                     gboolean            *confirm)
{
  AdeptNanodepSession *self = ADEPT_NANODEP_SESSION (session);
  g_autofree char *url = dup_setting (self, KEY_URL);
  g_autofree char *name = dup_setting (self, KEY_DEP_NAME);
  g_autofree char *fingerprint = dup_setting (self, KEY_FINGERPRINT);
  g_autoptr(GDateTime) downloaded = adept_nanodep_session_dup_key_downloaded_at (self);
  gboolean linked = adept_session_get_linked (session);

  if (url == NULL || name == NULL)
    return NULL;
  switch (caution)
    {
    case ADEPT_SESSION_CAUTION_KEY:
      if (fingerprint != NULL && download_pending (self))
        {
          g_autofree char *date = adept_format_date_time (downloaded);

          *confirm = TRUE;
          return g_strdup_printf (_("A public key for “%s” was downloaded from the NanoDEP server on "
                                    "%s (SHA-256 %.23s…). Downloading again makes NanoDEP replace "
                                    "it with a new one: a server token Apple Business Manager made "
                                    "for the earlier key will no longer decrypt. If you uploaded "
                                    "that key in Apple Business Manager already, download its "
                                    "token there instead."),
                                  name, date, fingerprint);
        }
      if (linked)
        return g_strdup_printf (_("Each download makes the NanoDEP server replace the key it keeps "
                                  "for “%s”: a server token made for an earlier download, yours or "
                                  "a colleague’s, will no longer decrypt. Download it when you "
                                  "renew, and upload it in Apple Business Manager right away."),
                                name);
      return NULL;
    case ADEPT_SESSION_CAUTION_LINK:
      if (linked)
        return g_strdup_printf (_("Adept uploads the token to the NanoDEP server at %s. NanoDEP makes "
                                  "the public key last downloaded for “%s” its current one before "
                                  "it checks that the token is for the same MDM server: if it "
                                  "refuses the token, that key has changed all the same, while the "
                                  "token it has keeps working."),
                                url, name);
      return g_strdup_printf (_("Adept uploads the token to the NanoDEP server at %s, which decrypts "
                                "and keeps it for “%s”. Its credentials never reach this computer."),
                              url, name);
    case ADEPT_SESSION_CAUTION_UNLINK:
      return g_strdup_printf (_("Adept forgets the NanoDEP server’s API key and its copy of the "
                                "devices on this computer only. The team’s NanoDEP server at %s "
                                "keeps “%s”: its key, its server token and its default profile; "
                                "its depsyncer goes on assigning, and the other admins’ consoles "
                                "are not affected."),
                              url, name);
    default:
      return NULL;
    }
}

static GPtrArray *
nanodep_dup_facts (AdeptSession *session)
{
  AdeptNanodepSession *self = ADEPT_NANODEP_SESSION (session);
  GPtrArray *facts = g_ptr_array_new_with_free_func ((GDestroyNotify) adept_session_fact_free);
  g_autofree char *url = dup_setting (self, KEY_URL);
  g_autofree char *name = dup_setting (self, KEY_DEP_NAME);
  g_autofree char *fingerprint = dup_setting (self, KEY_FINGERPRINT);
  g_autoptr(GDateTime) downloaded = adept_nanodep_session_dup_key_downloaded_at (self);
  g_autofree char *date = downloaded ? adept_format_date_time (downloaded) : NULL;

  if (url != NULL)
    g_ptr_array_add (facts, adept_session_fact_new ("nanodep_url", _("NanoDEP server:"), url));
  if (name != NULL)
    g_ptr_array_add (facts, adept_session_fact_new ("dep_name", _("DEP name:"), name));
  if (fingerprint != NULL)
    g_ptr_array_add (facts, adept_session_fact_new ("key_fingerprint",
                                                    _("Public key downloaded here:"), fingerprint));
  if (date != NULL)
    g_ptr_array_add (facts, adept_session_fact_new ("key_downloaded_at", _("Downloaded:"), date));
  return facts;
}

/* GObject */

static void
adept_nanodep_session_constructed (GObject *object)
{
  AdeptNanodepSession *self = ADEPT_NANODEP_SESSION (object);

  G_OBJECT_CLASS (adept_nanodep_session_parent_class)->constructed (object);
  g_signal_connect_object (server_of (self), "admin-action", G_CALLBACK (on_admin_action), self,
                           G_CONNECT_SWAPPED);
}

static void
adept_nanodep_session_dispose (GObject *object)
{
  AdeptNanodepSession *self = ADEPT_NANODEP_SESSION (object);

  g_clear_object (&self->api);
  G_OBJECT_CLASS (adept_nanodep_session_parent_class)->dispose (object);
}

static void
adept_nanodep_session_class_init (AdeptNanodepSessionClass *klass)
{
  AdeptSessionClass *session_class = ADEPT_SESSION_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = adept_nanodep_session_dispose;
  G_OBJECT_CLASS (klass)->constructed = adept_nanodep_session_constructed;

  session_class->kind_name = ADEPT_SERVER_KIND_NAME_NANODEP;
  session_class->kind_label = N_("Through a NanoDEP server");
  session_class->kind_description = N_("The team’s NanoDEP server keeps the key and the token, "
                                        "syncs, and gives new devices the default profile while "
                                        "every console is closed. Adept keeps its API key in "
                                        "your keyring.");
  session_class->dup_public_key_async = nanodep_dup_public_key_async;
  session_class->dup_public_key_finish = nanodep_dup_public_key_finish;
  session_class->inspect_token_async = nanodep_inspect_token_async;
  session_class->inspect_token_finish = nanodep_inspect_token_finish;
  session_class->link_async = nanodep_link_async;
  session_class->link_finish = nanodep_link_finish;
  session_class->unlink_async = nanodep_unlink_async;
  session_class->unlink_finish = nanodep_unlink_finish;
  session_class->create_client_async = nanodep_create_client_async;
  session_class->create_client_finish = nanodep_create_client_finish;
  session_class->default_changed_async = nanodep_default_changed_async;
  session_class->default_changed_finish = nanodep_default_changed_finish;
  session_class->get_auto_assign = nanodep_get_auto_assign;
  session_class->dup_caution = nanodep_dup_caution;
  session_class->after_sync_async = nanodep_after_sync_async;
  session_class->after_sync_finish = nanodep_after_sync_finish;
  session_class->dup_facts = nanodep_dup_facts;
}

static void
adept_nanodep_session_init (AdeptNanodepSession *self)
{
}
