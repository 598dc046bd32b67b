/* adept-depsim-abm.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-depsim"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "adept-depsim-abm.h"
#include "adept-error.h"
#include "adept-secret.h"

#define JSON_API_TYPE "application/json"
/* What a GARBAGE fault answers: the start of a real page, cut off. */
#define GARBAGE_BODY "{\"data\":[{\"type\":\"orgDevices\",\"id\":\"C02XK1ABJG5H\",\"attrib"

struct _AdeptDepsimAbm
{
  GObject              parent_instance;

  AdeptDepsimState    *state;
  AdeptDepsimAccounts *accounts;
  AdeptDepsimOrg      *org;
  AdeptDepsimFaults   *faults;
  SoupServer          *server;
  GMainContext        *context;
  char                *url;
  GHashTable          *counts;
  GPtrArray           *pending;
  guint                max_pending;
};

G_DEFINE_FINAL_TYPE (AdeptDepsimAbm, adept_depsim_abm, G_TYPE_OBJECT)

static void
adept_depsim_abm_finalize (GObject *object)
{
  AdeptDepsimAbm *self = ADEPT_DEPSIM_ABM (object);

  adept_depsim_abm_stop (self);
  g_clear_object (&self->accounts);
  g_clear_object (&self->org);
  g_clear_object (&self->faults);
  g_clear_object (&self->state);
  g_clear_pointer (&self->counts, g_hash_table_unref);
  g_clear_pointer (&self->pending, g_ptr_array_unref);
  g_free (self->url);

  G_OBJECT_CLASS (adept_depsim_abm_parent_class)->finalize (object);
}

static void
adept_depsim_abm_class_init (AdeptDepsimAbmClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = adept_depsim_abm_finalize;
}

static void
adept_depsim_abm_init (AdeptDepsimAbm *self)
{
  self->accounts = adept_depsim_accounts_new ();
  self->faults = adept_depsim_faults_new ();
  self->counts = g_hash_table_new (g_str_hash, g_str_equal);
  self->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) g_source_unref);
}

AdeptDepsimAbm *
adept_depsim_abm_new (AdeptDepsimState *state,
                      guint64           seed)
{
  AdeptDepsimAbm *self = g_object_new (ADEPT_TYPE_DEPSIM_ABM, NULL);

  self->state = g_object_ref (state);
  self->org = adept_depsim_org_new (state, seed);
  return self;
}

AdeptDepsimAccounts *
adept_depsim_abm_get_accounts (AdeptDepsimAbm *self)
{
  return self->accounts;
}

AdeptDepsimOrg *
adept_depsim_abm_get_org (AdeptDepsimAbm *self)
{
  return self->org;
}

AdeptDepsimFaults *
adept_depsim_abm_get_faults (AdeptDepsimAbm *self)
{
  return self->faults;
}

const char *
adept_depsim_abm_get_url (AdeptDepsimAbm *self)
{
  return self->url;
}

static void
count_request (AdeptDepsimAbm *self,
               const char     *route)
{
  gpointer key = (gpointer) g_intern_string (route);

  g_hash_table_insert (self->counts, key,
                       GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (self->counts, key)) + 1));
}

guint
adept_depsim_abm_get_request_count (AdeptDepsimAbm *self,
                                    const char     *route)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (self->counts, g_intern_string (route)));
}

void
adept_depsim_abm_write_counts (AdeptDepsimAbm *self,
                               GString        *out)
{
  GHashTableIter iter;
  gpointer key, value;
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  g_hash_table_iter_init (&iter, self->counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;
      adept_depsim_json_string (out, key);
      g_string_append_printf (out, ":%u", GPOINTER_TO_UINT (value));
    }
  g_string_append_c (out, '}');
}

/* ---- Answering ---- */

static void
send_reply (SoupServerMessage *msg,
            AdeptDepsimReply  *reply)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  gsize len = reply->body->len;
  char *data = g_string_free (reply->body, FALSE);

  reply->body = NULL;
  soup_server_message_set_status (msg, reply->status, NULL);
  if (reply->retry_after > 0)
    {
      g_autofree char *value = g_strdup_printf ("%u", reply->retry_after);

      soup_message_headers_replace (headers, "Retry-After", value);
    }
  /* Tokens and pages are never to be cached (RFC 6749 §5.1). */
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_server_message_set_response (msg, reply->content_type, SOUP_MEMORY_TAKE, data, len);
}

static void
fault_reply (const AdeptDepsimFault *fault,
             gboolean                api,
             AdeptDepsimReply       *reply)
{
  if (fault->kind == ADEPT_DEPSIM_FAULT_GARBAGE)
    {
      adept_depsim_reply_json (reply, g_string_new (GARBAGE_BODY));
      return;
    }
  if (fault->body != NULL)
    adept_depsim_reply_code (reply, fault->status, fault->body);
  else if (fault->status == 429)
    adept_depsim_org_reply_error (reply, 429, "RATE_LIMIT_EXCEEDED", "The request rate limit has been reached.",
                                  "Wait for the time given by Retry-After, then try again.");
  else
    adept_depsim_org_reply_error (reply, fault->status, api ? "UNEXPECTED_ERROR" : "server_error",
                                  "An unexpected error occurred.", "The simulator was asked to fail.");
  reply->status = fault->status;
  reply->retry_after = fault->retry_after;
}

static void
reply_unauthorized (AdeptDepsimBearer  bearer,
                    AdeptDepsimReply  *reply)
{
  switch (bearer)
    {
    case ADEPT_DEPSIM_BEARER_NO_SCOPE:
      adept_depsim_org_reply_error (reply, 403, "FORBIDDEN", "This request is forbidden.",
                                    "The API account does not have the business.api scope.");
      break;
    case ADEPT_DEPSIM_BEARER_EXPIRED:
      adept_depsim_org_reply_error (reply, 401, "NOT_AUTHORIZED", "Authentication credentials are missing or invalid.",
                                    "The access token expired. Get a new one from the token endpoint.");
      break;
    case ADEPT_DEPSIM_BEARER_REVOKED:
      adept_depsim_org_reply_error (reply, 401, "NOT_AUTHORIZED", "Authentication credentials are missing or invalid.",
                                    "The API account of this access token was revoked.");
      break;
    case ADEPT_DEPSIM_BEARER_MISSING:
    case ADEPT_DEPSIM_BEARER_UNKNOWN:
    case ADEPT_DEPSIM_BEARER_OK:
    default:
      adept_depsim_org_reply_error (reply, 401, "NOT_AUTHORIZED", "Authentication credentials are missing or invalid.",
                                    "Send a valid access token: Authorization: Bearer TOKEN.");
      break;
    }
}

typedef struct {
  AdeptDepsimAbm    *self;
  SoupServerMessage *msg;
  char              *path;
  GHashTable        *query;
  AdeptDepsimFault  *fault;
  gboolean           api;
} Pending;

static void
pending_free (gpointer data)
{
  Pending *pending = data;

  g_object_unref (pending->msg);
  g_free (pending->path);
  g_clear_pointer (&pending->query, g_hash_table_unref);
  adept_depsim_fault_free (pending->fault);
  g_free (pending);
}

static void
answer (AdeptDepsimAbm    *self,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        AdeptDepsimFault  *fault,
        gboolean           api)
{
  AdeptDepsimReply reply = { 0, };
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *method = soup_server_message_get_method (msg);
  gint64 now = adept_depsim_state_now_ms (self->state);
  AdeptDepsimBearer bearer;
  gsize len;
  const char *data = g_bytes_get_data (body, &len);

  if (fault != NULL && fault->kind != ADEPT_DEPSIM_FAULT_DELAY)
    fault_reply (fault, api, &reply);
  else if (!api)
    {
      if (g_str_equal (method, "POST"))
        adept_depsim_accounts_token (self->accounts, data, len, now, &reply);
      else
        adept_depsim_org_reply_error (&reply, 405, "METHOD_NOT_ALLOWED", "The method is not allowed.",
                                      "Send the token request with POST.");
    }
  else if ((bearer = adept_depsim_accounts_check_bearer (self->accounts,
                                                         soup_message_headers_get_one (headers, "Authorization"),
                                                         now)) != ADEPT_DEPSIM_BEARER_OK)
    reply_unauthorized (bearer, &reply);
  else
    adept_depsim_org_handle (self->org, method, path, query, data, len, &reply);

  if (!api && data != NULL)
    /* The body held a signed assertion: wipe the copy. */
    adept_secret_wipe ((gpointer) data, len);
  send_reply (msg, &reply);
  adept_depsim_reply_clear (&reply);
}

static gboolean
on_delay_done (gpointer data)
{
  Pending *pending = data;
  AdeptDepsimAbm *self = pending->self;

  answer (self, pending->msg, pending->path, pending->query, pending->fault, pending->api);
  soup_server_message_unpause (pending->msg);
  g_ptr_array_remove (self->pending, g_main_current_source ());
  return G_SOURCE_REMOVE;
}

static void
serve (AdeptDepsimAbm    *self,
       SoupServerMessage *msg,
       const char        *path,
       GHashTable        *query,
       const char        *route,
       gboolean           api)
{
  g_autoptr(AdeptDepsimFault) fault = NULL;
  Pending *pending;
  GSource *source;

  count_request (self, route);
  fault = adept_depsim_faults_take (self->faults, route);
  if (fault != NULL && fault->kind == ADEPT_DEPSIM_FAULT_DROP)
    {
      g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);

      g_io_stream_close (stream, NULL, NULL);
      return;
    }
  if (fault == NULL || fault->kind != ADEPT_DEPSIM_FAULT_DELAY)
    {
      answer (self, msg, path, query, fault, api);
      return;
    }

  pending = g_new0 (Pending, 1);
  pending->self = self;
  pending->msg = g_object_ref (msg);
  pending->path = g_strdup (path);
  pending->query = query != NULL ? g_hash_table_ref (query) : NULL;
  pending->api = api;
  source = g_timeout_source_new (fault->delay_ms);
  g_source_set_callback (source, on_delay_done, pending, pending_free);
  g_source_attach (source, self->context);
  g_ptr_array_add (self->pending, source);
  self->max_pending = MAX (self->max_pending, self->pending->len);
  soup_server_message_pause (msg);
}

guint
adept_depsim_abm_get_max_pending (AdeptDepsimAbm *self)
{
  return self->max_pending;
}

void
adept_depsim_abm_serve_token (AdeptDepsimAbm    *self,
                              SoupServerMessage *msg)
{
  serve (self, msg, ADEPT_DEPSIM_ABM_TOKEN_PATH, NULL, ADEPT_DEPSIM_ABM_TOKEN_PATH, FALSE);
}

static void
on_api_request (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  AdeptDepsimAbm *self = user_data;
  const char *route = adept_depsim_org_route (path);
  AdeptDepsimReply reply = { 0, };

  /* A presigned download needs no token, like Apple's storage links. */
  if (g_str_has_prefix (path, "/_downloads/"))
    {
      if (!adept_depsim_org_download (self->org, path, &reply))
        adept_depsim_org_reply_error (&reply, 404, "NOT_FOUND", "The specified resource does not exist.",
                                      "No activity log has this address.");
      send_reply (msg, &reply);
      adept_depsim_reply_clear (&reply);
      return;
    }
  if (route == NULL)
    {
      adept_depsim_org_reply_error (&reply, 404, "NOT_FOUND", "The specified resource does not exist.",
                                    "The API has no such path.");
      send_reply (msg, &reply);
      adept_depsim_reply_clear (&reply);
      return;
    }
  serve (self, msg, path, query, route, TRUE);
}

gboolean
adept_depsim_abm_start (AdeptDepsimAbm  *self,
                        guint            port,
                        GError         **error)
{
  g_autofree char *url = NULL;

  g_return_val_if_fail (self->server == NULL, FALSE);

  self->server = adept_depsim_listen (port, on_api_request, self, &url, error);
  if (self->server == NULL)
    return FALSE;
  self->context = g_main_context_ref_thread_default ();
  g_free (self->url);
  self->url = g_steal_pointer (&url);
  adept_depsim_org_set_base_url (self->org, self->url, self->context);
  return TRUE;
}

void
adept_depsim_abm_stop (AdeptDepsimAbm *self)
{
  for (guint i = 0; i < self->pending->len; i++)
    g_source_destroy (g_ptr_array_index (self->pending, i));
  g_ptr_array_set_size (self->pending, 0);
  if (self->server != NULL)
    soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  if (self->org != NULL)
    adept_depsim_org_stop (self->org);
  g_clear_pointer (&self->context, g_main_context_unref);
}
