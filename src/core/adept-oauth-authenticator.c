/* adept-oauth-authenticator.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-oauth-authenticator"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "adept-dep-client.h"
#include "adept-dep-protocol.h"
#include "adept-error.h"
#include "adept-json.h"
#include "adept-oauth-authenticator.h"
#include "adept-secret.h"

#define SESSION_HEADER "X-ADM-Auth-Session"

/* A call waiting for the GET /session in flight. */
typedef struct {
  GTask   *task;
  GSource *cancel_source;
} Waiter;

struct _AdeptOAuthAuthenticator
{
  GObject       parent_instance;

  char         *consumer_key;
  char         *consumer_secret;
  char         *access_token;
  char         *access_secret;
  char         *session;
  GPtrArray    *waiters;
  /* Of the GET /session in flight, NULL when none: calls that arrive meanwhile wait for
   * it rather than each opening a session of their own. The call holds a reference to
   * the authenticator, so the waiters are never left behind at finalize. */
  GCancellable *session_cancellable;
};

static void authenticator_iface_init (AdeptAuthenticatorInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (AdeptOAuthAuthenticator, adept_oauth_authenticator, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (ADEPT_TYPE_AUTHENTICATOR, authenticator_iface_init))

static void
set_session (AdeptOAuthAuthenticator *self,
             char                    *session)
{
  adept_secret_free (self->session);
  self->session = session;
}

static void
apply_session (AdeptOAuthAuthenticator *self,
               SoupMessage             *message)
{
  soup_message_headers_replace (soup_message_get_request_headers (message),
                                SESSION_HEADER, self->session);
}

static void
waiter_finish (Waiter *waiter,
               GError *error)
{
  if (waiter->cancel_source != NULL)
    {
      g_source_destroy (waiter->cancel_source);
      g_source_unref (waiter->cancel_source);
    }
  if (error != NULL)
    g_task_return_error (waiter->task, g_error_copy (error));
  else if (!g_task_return_error_if_cancelled (waiter->task))
    {
      AdeptOAuthAuthenticator *self = g_task_get_source_object (waiter->task);

      apply_session (self, g_task_get_task_data (waiter->task));
      g_task_return_boolean (waiter->task, TRUE);
    }
  g_object_unref (waiter->task);
  g_free (waiter);
}

static char *
read_session_token (GBytes  *body,
                    GError **error)
{
  g_autoptr(JsonObject) object = NULL;
  const char *token = NULL;
  char *inner;
  char *copy;
  gsize len = 0;
  const char *data = g_bytes_get_data (body, &len);

  object = adept_json_parse_object (data, len, ADEPT_JSON_SOURCE_SERVER, error);
  if (object == NULL)
    return NULL;
  token = adept_dep_json_get_string (object, "auth_session_token");
  if (token == NULL || *token == '\0')
    {
      g_set_error_literal (error, ADEPT_ERROR, ADEPT_ERROR_MALFORMED_RESPONSE,
                           _("Apple opened no session: its answer lacked the session token. Try again later; if it keeps happening, report it."));
      return NULL;
    }
  copy = adept_secret_strdup (token);
  /* json-glib's copy would otherwise stay behind in freed memory. */
  inner = (char *) token;
  adept_secret_wipe (inner, strlen (inner));
  return copy;
}

static void
wipe_bytes (GBytes *bytes)
{
  gsize len = 0;
  gpointer data = g_bytes_unref_to_data (bytes, &len);

  adept_secret_wipe (data, len);
  g_free (data);
}

/* One GET /session; abandoned when every caller waiting for it went away. */
typedef struct {
  AdeptOAuthAuthenticator *self;
  GCancellable            *cancellable;
} SessionCall;

static void
session_call_free (SessionCall *call)
{
  g_object_unref (call->self);
  g_object_unref (call->cancellable);
  g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SessionCall, session_call_free)

static void
session_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SessionCall) call = user_data;
  AdeptOAuthAuthenticator *self = call->self;
  g_autoptr(GPtrArray) waiters = NULL;
  g_autoptr(GError) error = NULL;
  GBytes *body;

  body = adept_dep_client_send_unauthorized_finish (ADEPT_DEP_CLIENT (object), result, &error);
  if (call->cancellable != self->session_cancellable)
    {
      /* Abandoned: later callers wait for a newer call. */
      if (body != NULL)
        wipe_bytes (body);
      return;
    }
  g_clear_object (&self->session_cancellable);
  if (body != NULL)
    {
      char *token = read_session_token (body, &error);

      wipe_bytes (body);
      if (token != NULL)
        {
          g_debug ("New session");
          set_session (self, token);
        }
    }

  waiters = g_steal_pointer (&self->waiters);
  self->waiters = g_ptr_array_new ();
  for (guint i = 0; i < waiters->len; i++)
    waiter_finish (g_ptr_array_index (waiters, i), error);
}

/* Runs before every attempt so each carries a fresh nonce and timestamp. */
static void
sign_session_request (SoupMessage *message,
                      gpointer     user_data)
{
  AdeptOAuthAuthenticator *self = user_data;
  const AdeptOAuth1Credentials credentials = {
    self->consumer_key, self->consumer_secret, self->access_token, self->access_secret,
  };
  SoupMessageHeaders *headers = soup_message_get_request_headers (message);
  g_autofree char *url = g_uri_to_string (soup_message_get_uri (message));
  g_autoptr(AdeptSecret) authorization = NULL;

  authorization = adept_oauth1_authorization_header (&credentials, "GET", url, NULL, NULL, NULL);
  soup_message_headers_replace (headers, "Authorization", authorization);
  /* depsim refuses /session without it, though the request has no body (dep-api.md §2.2). */
  soup_message_headers_replace (headers, "Content-Type", "application/json;charset=UTF8");
}

static gboolean
waiter_cancelled_cb (GCancellable *cancellable,
                     gpointer      user_data)
{
  Waiter *waiter = user_data;
  AdeptOAuthAuthenticator *self = g_task_get_source_object (waiter->task);

  g_ptr_array_remove (self->waiters, waiter);
  /* Nobody needs the session any more: stop fetching it. */
  if (self->waiters->len == 0 && self->session_cancellable != NULL)
    {
      g_cancellable_cancel (self->session_cancellable);
      g_clear_object (&self->session_cancellable);
    }
  waiter_finish (waiter, NULL);
  return G_SOURCE_REMOVE;
}

static void
adept_oauth_authenticator_authorize_async (AdeptAuthenticator  *authenticator,
                                           AdeptDepClient      *client,
                                           SoupMessage         *message,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  AdeptOAuthAuthenticator *self = ADEPT_OAUTH_AUTHENTICATOR (authenticator);
  g_autoptr(GTask) task = NULL;
  Waiter *waiter;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, adept_oauth_authenticator_authorize_async);
  g_task_set_task_data (task, g_object_ref (message), g_object_unref);

  if (self->session != NULL)
    {
      apply_session (self, message);
      g_task_return_boolean (task, TRUE);
      return;
    }

  waiter = g_new0 (Waiter, 1);
  waiter->task = g_steal_pointer (&task);
  if (cancellable != NULL)
    {
      waiter->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (waiter->cancel_source,
                             (GSourceFunc) (void (*) (void)) waiter_cancelled_cb, waiter, NULL);
      g_source_attach (waiter->cancel_source, g_task_get_context (waiter->task));
    }
  g_ptr_array_add (self->waiters, waiter);

  if (self->session_cancellable == NULL)
    {
      SessionCall *call = g_new0 (SessionCall, 1);

      self->session_cancellable = g_cancellable_new ();
      call->self = g_object_ref (self);
      call->cancellable = g_object_ref (self->session_cancellable);
      adept_dep_client_send_unauthorized_async (client, "GET", "/session",
                                                sign_session_request, self,
                                                self->session_cancellable,
                                                session_cb, call);
    }
}

static gboolean
adept_oauth_authenticator_authorize_finish (AdeptAuthenticator  *authenticator,
                                            GAsyncResult        *result,
                                            GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, authenticator), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
adept_oauth_authenticator_response_received (AdeptAuthenticator *authenticator,
                                             SoupMessage        *message)
{
  AdeptOAuthAuthenticator *self = ADEPT_OAUTH_AUTHENTICATOR (authenticator);
  const char *rotated;

  /* libsoup compares header names case-insensitively, as Apple's and Go's spellings differ. */
  rotated = soup_message_headers_get_one (soup_message_get_response_headers (message),
                                          SESSION_HEADER);
  if (rotated != NULL && *rotated != '\0' && g_strcmp0 (rotated, self->session) != 0)
    {
      g_debug ("Apple rotated the session");
      set_session (self, adept_secret_strdup (rotated));
    }
}

static gboolean
adept_oauth_authenticator_handle_rejection (AdeptAuthenticator *authenticator,
                                            SoupMessage        *message,
                                            GBytes             *body)
{
  AdeptOAuthAuthenticator *self = ADEPT_OAUTH_AUTHENTICATOR (authenticator);
  guint status = soup_message_get_status (message);
  gsize len = 0;
  const char *data = body ? g_bytes_get_data (body, &len) : NULL;
  const char *used;

  /* A 403 is a stale session only when it says FORBIDDEN; terms and access 403s are
   * answers a new session would get again (dep-api.md §2.4). */
  if (status == SOUP_STATUS_FORBIDDEN &&
      (!adept_dep_body_contains (data, len, "FORBIDDEN") ||
       adept_dep_body_contains (data, len, "T_C_NOT_SIGNED") ||
       adept_dep_body_contains (data, len, "ACCESS_DENIED")))
    return FALSE;
  if (status != SOUP_STATUS_UNAUTHORIZED && status != SOUP_STATUS_FORBIDDEN)
    return FALSE;

  /* Another call may already have replaced the session this one was sent with. */
  used = soup_message_headers_get_one (soup_message_get_request_headers (message), SESSION_HEADER);
  if (g_strcmp0 (used, self->session) == 0)
    set_session (self, NULL);
  return TRUE;
}

static void
authenticator_iface_init (AdeptAuthenticatorInterface *iface)
{
  iface->authorize_async = adept_oauth_authenticator_authorize_async;
  iface->authorize_finish = adept_oauth_authenticator_authorize_finish;
  iface->response_received = adept_oauth_authenticator_response_received;
  iface->handle_rejection = adept_oauth_authenticator_handle_rejection;
}

static void
adept_oauth_authenticator_finalize (GObject *object)
{
  AdeptOAuthAuthenticator *self = ADEPT_OAUTH_AUTHENTICATOR (object);

  g_assert (self->waiters->len == 0);
  g_ptr_array_unref (self->waiters);
  adept_secret_free (self->consumer_key);
  adept_secret_free (self->consumer_secret);
  adept_secret_free (self->access_token);
  adept_secret_free (self->access_secret);
  adept_secret_free (self->session);

  G_OBJECT_CLASS (adept_oauth_authenticator_parent_class)->finalize (object);
}

static void
adept_oauth_authenticator_class_init (AdeptOAuthAuthenticatorClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = adept_oauth_authenticator_finalize;
}

static void
adept_oauth_authenticator_init (AdeptOAuthAuthenticator *self)
{
  self->waiters = g_ptr_array_new ();
}

AdeptOAuthAuthenticator *
adept_oauth_authenticator_new (const AdeptOAuth1Credentials *credentials)
{
  AdeptOAuthAuthenticator *self;

  g_return_val_if_fail (credentials != NULL, NULL);

  self = g_object_new (ADEPT_TYPE_OAUTH_AUTHENTICATOR, NULL);
  self->consumer_key = adept_secret_strdup (credentials->consumer_key);
  self->consumer_secret = adept_secret_strdup (credentials->consumer_secret);
  self->access_token = adept_secret_strdup (credentials->token);
  self->access_secret = adept_secret_strdup (credentials->token_secret);
  return self;
}

AdeptOAuthAuthenticator *
adept_oauth_authenticator_new_for_token (AdeptServerToken *token)
{
  AdeptOAuth1Credentials credentials;

  g_return_val_if_fail (ADEPT_IS_SERVER_TOKEN (token), NULL);

  credentials.consumer_key = adept_server_token_get_consumer_key (token);
  credentials.consumer_secret = adept_server_token_get_consumer_secret (token);
  credentials.token = adept_server_token_get_access_token (token);
  credentials.token_secret = adept_server_token_get_access_secret (token);
  return adept_oauth_authenticator_new (&credentials);
}

gboolean
adept_oauth_authenticator_has_session (AdeptOAuthAuthenticator *self)
{
  g_return_val_if_fail (ADEPT_IS_OAUTH_AUTHENTICATOR (self), FALSE);
  return self->session != NULL;
}

void
adept_oauth_authenticator_forget_session (AdeptOAuthAuthenticator *self)
{
  g_return_if_fail (ADEPT_IS_OAUTH_AUTHENTICATOR (self));
  set_session (self, NULL);
}
