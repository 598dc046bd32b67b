/* adept-depsim.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-depsim"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "adept-depsim.h"
#include "adept-depsim-abm.h"
#include "adept-depsim-admin.h"
#include "adept-depsim-api.h"
#include "adept-depsim-api-2026.h"
#include "adept-depsim-auth.h"
#include "adept-depsim-faults.h"
#include "adept-depsim-state.h"
#include "adept-depsim-token.h"
#include "adept-error.h"
#include "adept-input.h"
#include "adept-json.h"
#include "adept-secret.h"

/* How long after a change the state file is written. */
#define SAVE_DELAY_MS 250

/* What a GARBAGE fault answers: the start of a real page, cut off. */
#define GARBAGE_BODY "{\"devices\":[{\"serial_number\":\"C02XK1ABJG5H\",\"model\":\"MacBook Pro\",\"descr"

typedef struct {
  const char         *path;
  /* Space-separated methods, each with a space on both sides. */
  const char         *methods;
  /* NULL for GET /session, which opens sessions instead of using one. */
  AdeptDepsimHandler  handler;
} Route;

static const Route routes[] = {
  { "/session", " GET ", NULL },
  { "/account", " GET ", adept_depsim_api_account },
  { "/server/devices", " POST ", adept_depsim_api_fetch },
  { "/devices/sync", " POST ", adept_depsim_api_sync },
  { "/devices", " POST ", adept_depsim_api_details },
  { "/devices/disown", " POST ", adept_depsim_api_disown },
  { "/profile", " GET POST ", adept_depsim_api_profile },
  /* Apple documents POST, depsim and most clients use PUT: both assign. */
  { "/profile/devices", " PUT POST DELETE ", adept_depsim_api_profile_devices },
  { "/device/activationlock", " POST ", adept_depsim_api_activation_lock },
  { "/device/replacementDetails", " GET ", adept_depsim_api_replacement_details },
  { "/account-driven-enrollment/profile", " GET POST DELETE ", adept_depsim_api_ade_profile },
  { "/os-beta-enrollment/tokens", " GET ", adept_depsim_api_beta_tokens },
};

typedef struct {
  AdeptDepsim       *self;
  SoupServerMessage *msg;
  const Route       *route;
  AdeptDepsimFault  *fault;
  GHashTable        *query;
} Pending;

struct _AdeptDepsim
{
  GObject            parent_instance;

  AdeptDepsimState  *state;
  AdeptDepsimAuth   *auth;
  AdeptDepsimFaults *faults;
  AdeptDepsimAbm    *abm;

  SoupServer        *server;
  GMainContext      *context;
  char              *base_url;
  GPtrArray         *pending;
  guint              latency_ms;
  GHashTable        *request_counts;

  char              *state_file;
  GSource           *save_source;
  gboolean           persist_credentials;
};

G_DEFINE_FINAL_TYPE (AdeptDepsim, adept_depsim, G_TYPE_OBJECT)

static void
adept_depsim_finalize (GObject *object)
{
  AdeptDepsim *self = ADEPT_DEPSIM (object);

  adept_depsim_stop (self);
  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->state_file, g_free);
  g_clear_object (&self->abm);
  g_clear_object (&self->state);
  g_clear_object (&self->auth);
  g_clear_object (&self->faults);
  g_clear_pointer (&self->pending, g_ptr_array_unref);
  g_clear_pointer (&self->request_counts, g_hash_table_unref);

  G_OBJECT_CLASS (adept_depsim_parent_class)->finalize (object);
}

static void
adept_depsim_class_init (AdeptDepsimClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = adept_depsim_finalize;
}

static void
adept_depsim_init (AdeptDepsim *self)
{
  self->persist_credentials = TRUE;
  self->auth = adept_depsim_auth_new ();
  self->faults = adept_depsim_faults_new ();
  self->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) g_source_unref);
  self->request_counts = g_hash_table_new (g_str_hash, g_str_equal);
}

/* ---- Saving ---- */

static gboolean
on_save_timeout (gpointer user_data)
{
  AdeptDepsim *self = user_data;
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->save_source, g_source_unref);
  if (self->state_file != NULL && !adept_depsim_save (self, self->state_file, &error))
    g_warning ("%s", error->message);
  return G_SOURCE_REMOVE;
}

static void
schedule_save (AdeptDepsim *self)
{
  if (self->state_file == NULL || self->save_source != NULL)
    return;
  self->save_source = g_timeout_source_new (SAVE_DELAY_MS);
  g_source_set_callback (self->save_source, on_save_timeout, self, NULL);
  g_source_attach (self->save_source, self->context != NULL ? self->context
                                                            : g_main_context_get_thread_default ());
}

static void
cancel_save (AdeptDepsim *self)
{
  if (self->save_source != NULL)
    {
      g_source_destroy (self->save_source);
      g_clear_pointer (&self->save_source, g_source_unref);
    }
}

static void
set_state (AdeptDepsim      *self,
           AdeptDepsimState *state)
{
  self->state = state;
  g_signal_connect_object (state, "changed", G_CALLBACK (schedule_save), self, G_CONNECT_SWAPPED);
  self->abm = adept_depsim_abm_new (state, adept_depsim_state_get_seed (state));
  g_signal_connect_object (adept_depsim_abm_get_org (self->abm), "changed", G_CALLBACK (schedule_save),
                           self, G_CONNECT_SWAPPED);
}

static void
read_business (AdeptDepsim *self,
               JsonObject  *root)
{
  JsonNode *node = json_object_get_member (root, "business");
  JsonObject *business;
  JsonNode *member;

  /* State files of before the Apple Business half have none. */
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return;
  business = json_node_get_object (node);
  member = json_object_get_member (business, "accounts");
  if (member != NULL && JSON_NODE_HOLDS_ARRAY (member))
    adept_depsim_accounts_read_json (adept_depsim_abm_get_accounts (self->abm), json_node_get_array (member));
  member = json_object_get_member (business, "org");
  if (member != NULL && JSON_NODE_HOLDS_OBJECT (member))
    adept_depsim_org_read_json (adept_depsim_abm_get_org (self->abm), json_node_get_object (member));
}

AdeptDepsim *
adept_depsim_new (guint64 seed,
                  guint   n_devices)
{
  AdeptDepsim *self = g_object_new (ADEPT_TYPE_DEPSIM, NULL);

  set_state (self, adept_depsim_state_new (seed, n_devices));
  return self;
}

AdeptDepsim *
adept_depsim_new_from_file (const char  *path,
                            GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonObject) root = NULL;
  g_autoptr(AdeptDepsim) self = NULL;
  AdeptDepsimState *state;
  JsonNode *state_node;
  JsonNode *auth_node;

  bytes = adept_input_read_file (path, ADEPT_INPUT_SIMULATOR_STATE, error);
  if (bytes == NULL)
    return NULL;
  root = adept_json_parse_object (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                  ADEPT_JSON_SOURCE_SIMULATOR_STATE, error);
  if (root == NULL)
    return NULL;
  if ((state_node = json_object_get_member (root, "state")) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (state_node) ||
      (auth_node = json_object_get_member (root, "auth")) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (auth_node))
    {
      g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_FILE,
                   _("The simulator's state file is damaged. Remove it to start afresh."));
      return NULL;
    }
  state = adept_depsim_state_new_from_json (json_node_get_object (state_node), error);
  if (state == NULL)
    return NULL;

  self = g_object_new (ADEPT_TYPE_DEPSIM, NULL);
  set_state (self, state);
  adept_depsim_auth_read_json (self->auth, json_node_get_object (auth_node));
  read_business (self, root);
  return g_steal_pointer (&self);
}

gboolean
adept_depsim_save (AdeptDepsim  *self,
                   const char   *path,
                   GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  GString *out = g_string_new ("{\"state\":");
  gboolean ok;

  g_return_val_if_fail (ADEPT_IS_DEPSIM (self), FALSE);

  adept_depsim_state_write_json (self->state, out);
  g_string_append (out, ",\"auth\":");
  adept_depsim_auth_write_json (self->auth, self->persist_credentials, out);
  g_string_append (out, ",\"business\":{\"accounts\":");
  adept_depsim_accounts_write_json (adept_depsim_abm_get_accounts (self->abm), out);
  g_string_append (out, ",\"org\":");
  adept_depsim_org_write_json (adept_depsim_abm_get_org (self->abm), out);
  g_string_append (out, "}}\n");

  ok = g_file_set_contents_full (path, out->str, out->len, G_FILE_SET_CONTENTS_CONSISTENT,
                                 0600, &local_error);
  adept_secret_wipe (out->str, out->len);
  g_string_free (out, TRUE);
  if (!ok)
    g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_FILE,
                 _("The simulator's state could not be saved: %s"), local_error->message);
  return ok;
}

void
adept_depsim_set_state_file (AdeptDepsim *self,
                             const char  *path)
{
  g_return_if_fail (ADEPT_IS_DEPSIM (self));

  g_free (self->state_file);
  self->state_file = g_strdup (path);
  if (path == NULL)
    cancel_save (self);
}

/* ---- Serving ---- */

static const Route *
find_route (const char *path)
{
  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    if (g_str_equal (routes[i].path, path))
      return &routes[i];
  return NULL;
}

static gboolean
method_allowed (const Route *route,
                const char  *method)
{
  g_autofree char *needle = g_strdup_printf (" %s ", method);

  return strstr (route->methods, needle) != NULL;
}

static gboolean
is_json_content_type (SoupMessageHeaders *headers)
{
  GHashTable *params = NULL;
  const char *type = soup_message_headers_get_content_type (headers, &params);
  const char *charset = params != NULL ? g_hash_table_lookup (params, "charset") : NULL;
  gboolean ok;

  ok = type != NULL && g_ascii_strcasecmp (type, "application/json") == 0 &&
       (charset == NULL || g_ascii_strcasecmp (charset, "UTF8") == 0 ||
        g_ascii_strcasecmp (charset, "UTF-8") == 0);
  g_clear_pointer (&params, g_hash_table_destroy);
  return ok;
}

static int
protocol_version (SoupMessageHeaders *headers)
{
  const char *text = soup_message_headers_get_one (headers, "X-Server-Protocol-Version");
  guint64 version;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 1, 1000, &version, NULL))
    return ADEPT_DEPSIM_PROTOCOL_LATEST;
  return (int) version;
}

static void
open_session (AdeptDepsim       *self,
              SoupServerMessage *msg,
              AdeptDepsimReply  *reply)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autofree char *url = NULL;

  /* Apple's depsim refuses /session without this exact header (dep-api.md §2.2). */
  if (!is_json_content_type (headers))
    {
      adept_depsim_reply_code (reply, 400, "CONTENT_TYPE_INVALID");
      return;
    }
  url = g_uri_to_string (soup_server_message_get_uri (msg));
  adept_depsim_auth_open_session (self->auth,
                                  soup_message_headers_get_one (headers, "Authorization"),
                                  soup_server_message_get_method (msg), url,
                                  adept_depsim_state_now_ms (self->state), reply);
}

static void
handle_request (AdeptDepsim       *self,
                SoupServerMessage *msg,
                const Route       *route,
                GHashTable        *query,
                AdeptDepsimReply  *reply,
                char             **rotated)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *method = soup_server_message_get_method (msg);
  const char *agent = soup_message_headers_get_one (headers, "User-Agent");
  g_autoptr(GBytes) body = NULL;
  AdeptDepsimRequest request = { 0, };

  if (!method_allowed (route, method))
    {
      adept_depsim_reply_code (reply, 405, "");
      return;
    }
  if (agent == NULL || agent[strspn (agent, " \t")] == '\0')
    {
      adept_depsim_reply_code (reply, 400, "USER_AGENT_MISSING");
      return;
    }
  if (route->handler == NULL)
    {
      open_session (self, msg, reply);
      return;
    }
  if (!adept_depsim_auth_use_session (self->auth,
                                      soup_message_headers_get_one (headers, "X-ADM-Auth-Session"),
                                      adept_depsim_state_now_ms (self->state), rotated, reply))
    return;
  if (adept_depsim_auth_get_terms_required (self->auth))
    {
      adept_depsim_reply_code (reply, 403, "T_C_NOT_SIGNED");
      return;
    }

  body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  request.method = method;
  request.path = route->path;
  request.query = query;
  request.body = g_bytes_get_data (body, &request.body_len);
  request.version = protocol_version (headers);
  route->handler (self->state, &request, reply);
}

static void
send_reply (SoupServerMessage *msg,
            AdeptDepsimReply  *reply,
            const char        *rotated)
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
  if (rotated != NULL)
    soup_message_headers_replace (headers, "X-ADM-Auth-Session", rotated);
  soup_server_message_set_response (msg, reply->content_type, SOUP_MEMORY_TAKE, data, len);
}

static void
serve_dep (AdeptDepsim       *self,
           SoupServerMessage *msg,
           const Route       *route,
           GHashTable        *query,
           AdeptDepsimFault  *fault)
{
  AdeptDepsimReply reply = { 0, };
  g_autoptr(AdeptSecret) rotated = NULL;

  if (fault != NULL && fault->kind == ADEPT_DEPSIM_FAULT_STATUS)
    {
      adept_depsim_reply_code (&reply, fault->status, fault->body != NULL ? fault->body : "");
      reply.retry_after = fault->retry_after;
    }
  else if (fault != NULL && fault->kind == ADEPT_DEPSIM_FAULT_GARBAGE)
    adept_depsim_reply_json (&reply, g_string_new (fault->body != NULL ? fault->body : GARBAGE_BODY));
  else
    handle_request (self, msg, route, query, &reply, &rotated);

  send_reply (msg, &reply, rotated);
  adept_depsim_reply_clear (&reply);
}

static void
pending_free (gpointer data)
{
  Pending *pending = data;

  g_object_unref (pending->msg);
  g_clear_pointer (&pending->query, g_hash_table_unref);
  adept_depsim_fault_free (pending->fault);
  g_free (pending);
}

static gboolean
on_delay_done (gpointer data)
{
  Pending *pending = data;
  AdeptDepsim *self = pending->self;

  serve_dep (self, pending->msg, pending->route, pending->query, pending->fault);
  soup_server_message_unpause (pending->msg);
  g_ptr_array_remove (self->pending, g_main_current_source ());
  return G_SOURCE_REMOVE;
}

static void
serve_later (AdeptDepsim       *self,
             SoupServerMessage *msg,
             const Route       *route,
             GHashTable        *query,
             AdeptDepsimFault  *fault,
             guint              delay_ms)
{
  Pending *pending = g_new0 (Pending, 1);
  GSource *source = g_timeout_source_new (delay_ms);

  pending->self = self;
  pending->msg = g_object_ref (msg);
  pending->route = route;
  pending->query = query != NULL ? g_hash_table_ref (query) : NULL;
  pending->fault = fault;
  g_source_set_callback (source, on_delay_done, pending, pending_free);
  g_source_attach (source, self->context);
  g_ptr_array_add (self->pending, source);
  soup_server_message_pause (msg);
}

static void
drop_connection (SoupServerMessage *msg)
{
  g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);

  g_io_stream_close (stream, NULL, NULL);
}

static void
count_request (AdeptDepsim *self,
               const char  *path)
{
  gpointer key = (gpointer) g_intern_string (path);
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (self->request_counts, key));

  g_hash_table_insert (self->request_counts, key, GUINT_TO_POINTER (n + 1));
}

static void
serve_depsim_token (AdeptDepsim       *self,
                    SoupServerMessage *msg)
{
  g_autofree char *json = NULL;

  if (!adept_depsim_auth_get_accept_depsim_credentials (self->auth))
    {
      soup_server_message_set_status (msg, 404, NULL);
      soup_server_message_set_response (msg, ADEPT_DEPSIM_TEXT_TYPE, SOUP_MEMORY_STATIC, "NOT_FOUND", 9);
      return;
    }
  json = adept_depsim_auth_dup_depsim_credentials_json ();
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, ADEPT_DEPSIM_JSON_TYPE, SOUP_MEMORY_COPY, json, strlen (json));
}

static void
on_request (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  AdeptDepsim *self = user_data;
  AdeptDepsimFault *fault;
  const Route *route;
  guint delay_ms;

  if (g_str_has_prefix (path, ADEPT_DEPSIM_ADMIN_PREFIX))
    {
      adept_depsim_admin_handle (self, msg, path);
      return;
    }
  if (g_str_equal (path, "/token"))
    {
      serve_depsim_token (self, msg);
      return;
    }
  if (g_str_equal (path, ADEPT_DEPSIM_ABM_TOKEN_PATH))
    {
      adept_depsim_abm_serve_token (self->abm, msg);
      return;
    }
  route = find_route (path);
  if (route == NULL)
    {
      soup_server_message_set_status (msg, 404, NULL);
      soup_server_message_set_response (msg, ADEPT_DEPSIM_TEXT_TYPE, SOUP_MEMORY_STATIC, "NOT_FOUND", 9);
      return;
    }

  count_request (self, route->path);
  fault = adept_depsim_faults_take (self->faults, route->path);
  if (fault != NULL && fault->kind == ADEPT_DEPSIM_FAULT_DROP)
    {
      adept_depsim_fault_free (fault);
      drop_connection (msg);
      return;
    }

  delay_ms = self->latency_ms;
  if (fault != NULL && fault->kind == ADEPT_DEPSIM_FAULT_DELAY)
    delay_ms += fault->delay_ms;
  if (delay_ms > 0)
    serve_later (self, msg, route, query, fault, delay_ms);
  else
    {
      serve_dep (self, msg, route, query, fault);
      adept_depsim_fault_free (fault);
    }
}

gboolean
adept_depsim_start (AdeptDepsim  *self,
                    guint         port,
                    GError      **error)
{
  g_autofree char *url = NULL;

  g_return_val_if_fail (ADEPT_IS_DEPSIM (self), FALSE);
  g_return_val_if_fail (self->server == NULL, FALSE);

  self->server = adept_depsim_listen (port, on_request, self, &url, error);
  if (self->server == NULL)
    return FALSE;
  self->context = g_main_context_ref_thread_default ();
  g_free (self->base_url);
  self->base_url = g_steal_pointer (&url);
  if (!adept_depsim_abm_start (self->abm, 0, error))
    {
      adept_depsim_stop (self);
      return FALSE;
    }
  return TRUE;
}

void
adept_depsim_stop (AdeptDepsim *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (ADEPT_IS_DEPSIM (self));

  for (guint i = 0; i < self->pending->len; i++)
    g_source_destroy (g_ptr_array_index (self->pending, i));
  g_ptr_array_set_size (self->pending, 0);

  if (self->server != NULL)
    soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  adept_depsim_abm_stop (self->abm);

  cancel_save (self);
  if (self->state_file != NULL && !adept_depsim_save (self, self->state_file, &error))
    g_warning ("%s", error->message);
  g_clear_pointer (&self->context, g_main_context_unref);
}

const char *
adept_depsim_get_base_url (AdeptDepsim *self)
{
  g_return_val_if_fail (ADEPT_IS_DEPSIM (self), NULL);

  return self->base_url;
}

/* ---- Acting as ABM and as devices ---- */

GBytes *
adept_depsim_issue_token (AdeptDepsim  *self,
                          const char   *cert_pem,
                          gsize         cert_len,
                          GError      **error)
{
  g_autoptr(AdeptSecret) payload = NULL;
  GBytes *token;

  g_return_val_if_fail (ADEPT_IS_DEPSIM (self), NULL);

  /* Check the certificate before the old token stops working. */
  token = adept_depsim_token_build (cert_pem, cert_len, "{}", error);
  if (token == NULL)
    return NULL;
  g_bytes_unref (token);

  payload = adept_depsim_issue_credentials (self);
  return adept_depsim_token_build (cert_pem, cert_len, payload, error);
}

char *
adept_depsim_issue_credentials (AdeptDepsim *self)
{
  char *payload;

  g_return_val_if_fail (ADEPT_IS_DEPSIM (self), NULL);

  payload = adept_depsim_auth_issue (self->auth, adept_depsim_state_get_org_id (self->state),
                                     adept_depsim_state_now_ms (self->state));
  schedule_save (self);
  return payload;
}

void
adept_depsim_set_persist_credentials (AdeptDepsim *self,
                                      gboolean     persist)
{
  g_return_if_fail (ADEPT_IS_DEPSIM (self));

  self->persist_credentials = persist;
}

void
adept_depsim_adopt_credentials (AdeptDepsim *self,
                                const char  *consumer_key,
                                const char  *consumer_secret,
                                const char  *access_token,
                                const char  *access_secret,
                                gint64       expiry_ms)
{
  g_return_if_fail (ADEPT_IS_DEPSIM (self));

  adept_depsim_auth_adopt (self->auth, consumer_key, consumer_secret, access_token,
                           access_secret, expiry_ms);
}

void
adept_depsim_revoke_token (AdeptDepsim *self)
{
  g_return_if_fail (ADEPT_IS_DEPSIM (self));

  adept_depsim_auth_revoke (self->auth);
  schedule_save (self);
}

void
adept_depsim_set_terms_required (AdeptDepsim *self,
                                 gboolean     required)
{
  g_return_if_fail (ADEPT_IS_DEPSIM (self));

  adept_depsim_auth_set_terms_required (self->auth, required);
  schedule_save (self);
}

void
adept_depsim_set_server_name (AdeptDepsim *self,
                              const char  *name)
{
  g_return_if_fail (ADEPT_IS_DEPSIM (self));

  adept_depsim_state_set_server_name (self->state, name);
}

void
adept_depsim_set_accept_depsim_credentials (AdeptDepsim *self,
                                            gboolean     accept)
{
  g_return_if_fail (ADEPT_IS_DEPSIM (self));

  adept_depsim_auth_set_accept_depsim_credentials (self->auth, accept);
  schedule_save (self);
}

char **
adept_depsim_add_devices (AdeptDepsim *self,
                          guint        n,
                          gboolean     on_server)
{
  g_autoptr(GPtrArray) serials = NULL;
  GPtrArray *copy = g_ptr_array_new ();

  g_return_val_if_fail (ADEPT_IS_DEPSIM (self), NULL);

  serials = adept_depsim_state_add_devices (self->state, n, on_server);
  for (guint i = 0; i < serials->len; i++)
    g_ptr_array_add (copy, g_strdup (g_ptr_array_index (serials, i)));
  g_ptr_array_add (copy, NULL);
  return (char **) g_ptr_array_free (copy, FALSE);
}

guint
adept_depsim_assign_devices (AdeptDepsim         *self,
                             const char * const  *serials,
                             GError             **error)
{
  g_return_val_if_fail (ADEPT_IS_DEPSIM (self), 0);

  if (!adept_depsim_state_check_serials (self->state, serials, error))
    return 0;
  return adept_depsim_state_set_on_server (self->state, serials, TRUE);
}

guint
adept_depsim_unassign_devices (AdeptDepsim         *self,
                               const char * const  *serials,
                               GError             **error)
{
  g_return_val_if_fail (ADEPT_IS_DEPSIM (self), 0);

  if (!adept_depsim_state_check_serials (self->state, serials, error))
    return 0;
  return adept_depsim_state_set_on_server (self->state, serials, FALSE);
}

gboolean
adept_depsim_edit_device (AdeptDepsim  *self,
                          const char   *serial,
                          const char   *field,
                          const char   *value,
                          GError      **error)
{
  g_return_val_if_fail (ADEPT_IS_DEPSIM (self), FALSE);

  return adept_depsim_state_edit (self->state, serial, field, value, error);
}

guint
adept_depsim_activate_devices (AdeptDepsim         *self,
                               const char * const  *serials,
                               GError             **error)
{
  g_return_val_if_fail (ADEPT_IS_DEPSIM (self), 0);

  if (!adept_depsim_state_check_serials (self->state, serials, error))
    return 0;
  return adept_depsim_state_activate (self->state, serials);
}

void
adept_depsim_advance_clock (AdeptDepsim *self,
                            gint64       seconds)
{
  g_return_if_fail (ADEPT_IS_DEPSIM (self));

  adept_depsim_state_advance_clock (self->state, seconds);
}

gint64
adept_depsim_get_now_ms (AdeptDepsim *self)
{
  g_return_val_if_fail (ADEPT_IS_DEPSIM (self), 0);

  return adept_depsim_state_now_ms (self->state);
}

void
adept_depsim_set_session_idle_timeout (AdeptDepsim *self,
                                       guint        ms)
{
  g_return_if_fail (ADEPT_IS_DEPSIM (self));

  adept_depsim_auth_set_idle_timeout (self->auth, ms);
}

void
adept_depsim_set_session_rotation (AdeptDepsim *self,
                                   guint        every_n_calls)
{
  g_return_if_fail (ADEPT_IS_DEPSIM (self));

  adept_depsim_auth_set_rotate_every (self->auth, every_n_calls);
}

void
adept_depsim_expire_sessions (AdeptDepsim *self)
{
  g_return_if_fail (ADEPT_IS_DEPSIM (self));

  adept_depsim_auth_expire_sessions (self->auth);
}

static gboolean
is_business_endpoint (const char *endpoint)
{
  return endpoint != NULL && (g_str_has_prefix (endpoint, "/v1/") ||
                              g_str_equal (endpoint, ADEPT_DEPSIM_ABM_TOKEN_PATH));
}

void
adept_depsim_add_fault (AdeptDepsim            *self,
                        const AdeptDepsimFault *fault)
{
  g_return_if_fail (ADEPT_IS_DEPSIM (self));
  g_return_if_fail (fault != NULL);

  if (is_business_endpoint (fault->endpoint))
    {
      AdeptDepsimFault business = *fault;

      if (g_str_equal (fault->endpoint, "/v1/*"))
        business.endpoint = "*";
      adept_depsim_faults_add (adept_depsim_abm_get_faults (self->abm), &business);
    }
  else
    adept_depsim_faults_add (self->faults, fault);
}

void
adept_depsim_clear_faults (AdeptDepsim *self)
{
  g_return_if_fail (ADEPT_IS_DEPSIM (self));

  adept_depsim_faults_clear (self->faults);
  adept_depsim_faults_clear (adept_depsim_abm_get_faults (self->abm));
}

void
adept_depsim_set_latency (AdeptDepsim *self,
                          guint        ms)
{
  g_return_if_fail (ADEPT_IS_DEPSIM (self));

  self->latency_ms = ms;
}

void
adept_depsim_set_assign_result (AdeptDepsim *self,
                                const char  *serial,
                                const char  *result,
                                guint        count,
                                guint        retry_after)
{
  g_return_if_fail (ADEPT_IS_DEPSIM (self));
  g_return_if_fail (serial != NULL && result != NULL);

  adept_depsim_state_set_assign_result (self->state, serial, result, count, retry_after);
}

void
adept_depsim_set_assign_throttle (AdeptDepsim *self,
                                  guint        max_per_request,
                                  guint        retry_after)
{
  g_return_if_fail (ADEPT_IS_DEPSIM (self));

  adept_depsim_state_set_assign_throttle (self->state, max_per_request, retry_after);
}

/* ---- AppleCare, migration, Activation Lock, the organisation ---- */

char *
adept_depsim_replace_device (AdeptDepsim  *self,
                             const char   *old_serial,
                             const char   *new_serial,
                             GError      **error)
{
  const char *replacement = NULL;

  g_return_val_if_fail (ADEPT_IS_DEPSIM (self), NULL);
  g_return_val_if_fail (old_serial != NULL, NULL);

  if (!adept_depsim_state_replace (self->state, old_serial, new_serial, &replacement, error))
    return NULL;
  return g_strdup (replacement);
}

guint
adept_depsim_migrate_devices (AdeptDepsim         *self,
                              const char * const  *serials,
                              gint64               deadline,
                              gboolean             as_added,
                              GError             **error)
{
  g_return_val_if_fail (ADEPT_IS_DEPSIM (self), 0);

  if (!adept_depsim_state_check_serials (self->state, serials, error))
    return 0;
  return adept_depsim_state_migrate_in (self->state, serials, deadline * 1000, as_added);
}

void
adept_depsim_set_org_feature (AdeptDepsim           *self,
                              AdeptDepsimOrgFeature  feature,
                              gboolean               enabled)
{
  g_return_if_fail (ADEPT_IS_DEPSIM (self));

  adept_depsim_state_set_org_feature (self->state, feature, enabled);
}

void
adept_depsim_set_activation_lock_result (AdeptDepsim *self,
                                         const char  *serial,
                                         const char  *result,
                                         guint        count)
{
  g_return_if_fail (ADEPT_IS_DEPSIM (self));
  g_return_if_fail (serial != NULL && result != NULL);

  adept_depsim_state_set_lock_result (self->state, serial, result, count);
}

void
adept_depsim_add_examples (AdeptDepsim *self,
                           guint        n_replaced,
                           guint        n_migrating,
                           guint        deadline_days)
{
  g_auto(GStrv) serials = NULL;
  guint n;
  gint64 deadline;

  g_return_if_fail (ADEPT_IS_DEPSIM (self));

  serials = adept_depsim_state_dup_serials (self->state);
  n = g_strv_length (serials);
  /* Every tenth device from the start for replacements, from the end for migrations:
   * spread over the list, the same for a seed. */
  for (guint i = 0; i < n_replaced && i * 10 < n; i++)
    g_free (adept_depsim_replace_device (self, serials[i * 10], NULL, NULL));
  deadline = adept_depsim_state_now_ms (self->state) / 1000 + (gint64) deadline_days * 86400;
  for (guint i = 0; i < n_migrating && (i + 1) * 10 <= n; i++)
    {
      const char *one[] = { serials[n - 1 - i * 10], NULL };

      /* Devices from another MDM: they arrive without a profile of this server. */
      adept_depsim_state_migrate_in (self->state, one, deadline * 1000, FALSE);
    }
}

/* ---- The truth ---- */

char *
adept_depsim_dup_truth_json (AdeptDepsim *self)
{
  GString *out = g_string_new (NULL);
  GHashTableIter iter;
  gpointer key, value;
  gboolean first = TRUE;

  g_return_val_if_fail (ADEPT_IS_DEPSIM (self), NULL);

  adept_depsim_state_write_truth (self->state, out);
  g_string_truncate (out, out->len - 1);
  g_string_append (out, ",\"requests\":{");
  g_hash_table_iter_init (&iter, self->request_counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (!first)
        g_string_append_c (out, ',');
      adept_depsim_json_string (out, key);
      g_string_append_printf (out, ":%u", GPOINTER_TO_UINT (value));
      first = FALSE;
    }
  g_string_append_printf (out, "},\"sessions_opened\":%u,\"business\":",
                          adept_depsim_auth_get_sessions_opened (self->auth));
  adept_depsim_org_write_truth (adept_depsim_abm_get_org (self->abm), out);
  g_string_truncate (out, out->len - 1);
  adept_depsim_json_member (out, "url", adept_depsim_abm_get_url (self->abm));
  g_string_append (out, ",\"requests\":");
  adept_depsim_abm_write_counts (self->abm, out);
  g_string_append_printf (out, ",\"tokens_issued\":%u,\"max_concurrent\":%u,\"access_tokens\":",
                          adept_depsim_accounts_get_tokens_issued (adept_depsim_abm_get_accounts (self->abm)),
                          adept_depsim_abm_get_max_pending (self->abm));
  adept_depsim_accounts_write_tokens (adept_depsim_abm_get_accounts (self->abm), out);
  g_string_append (out, "}}");
  return g_string_free (out, FALSE);
}

char **
adept_depsim_dup_serials (AdeptDepsim *self)
{
  g_return_val_if_fail (ADEPT_IS_DEPSIM (self), NULL);

  return adept_depsim_state_dup_serials (self->state);
}

guint
adept_depsim_get_request_count (AdeptDepsim *self,
                                const char  *endpoint)
{
  g_return_val_if_fail (ADEPT_IS_DEPSIM (self), 0);

  return GPOINTER_TO_UINT (g_hash_table_lookup (self->request_counts, g_intern_string (endpoint)));
}

guint
adept_depsim_get_sessions_opened (AdeptDepsim *self)
{
  g_return_val_if_fail (ADEPT_IS_DEPSIM (self), 0);

  return adept_depsim_auth_get_sessions_opened (self->auth);
}

/* ---- Apple Business API ---- */

const char *
adept_depsim_get_business_url (AdeptDepsim *self)
{
  g_return_val_if_fail (ADEPT_IS_DEPSIM (self), NULL);

  return adept_depsim_abm_get_url (self->abm);
}

char *
adept_depsim_dup_token_url (AdeptDepsim *self)
{
  g_return_val_if_fail (ADEPT_IS_DEPSIM (self), NULL);

  return self->base_url != NULL ? g_strconcat (self->base_url, ADEPT_DEPSIM_ABM_TOKEN_PATH, NULL) : NULL;
}

char *
adept_depsim_create_api_account (AdeptDepsim  *self,
                                 const char   *scope,
                                 gboolean      sec1,
                                 char        **client_id,
                                 char        **key_id,
                                 GError      **error)
{
  char *pem;

  g_return_val_if_fail (ADEPT_IS_DEPSIM (self), NULL);
  g_return_val_if_fail (client_id != NULL && key_id != NULL, NULL);

  pem = adept_depsim_accounts_create (adept_depsim_abm_get_accounts (self->abm), scope, sec1,
                                      client_id, key_id, error);
  schedule_save (self);
  return pem;
}

gboolean
adept_depsim_revoke_api_account (AdeptDepsim *self,
                                 const char  *client_id)
{
  g_return_val_if_fail (ADEPT_IS_DEPSIM (self), FALSE);

  schedule_save (self);
  return adept_depsim_accounts_revoke (adept_depsim_abm_get_accounts (self->abm), client_id);
}

gboolean
adept_depsim_set_api_account_scope (AdeptDepsim *self,
                                    const char  *client_id,
                                    const char  *scope)
{
  g_return_val_if_fail (ADEPT_IS_DEPSIM (self), FALSE);

  schedule_save (self);
  return adept_depsim_accounts_set_scope (adept_depsim_abm_get_accounts (self->abm), client_id, scope);
}

void
adept_depsim_set_business_token_lifetime (AdeptDepsim *self,
                                          guint        seconds)
{
  g_return_if_fail (ADEPT_IS_DEPSIM (self));

  adept_depsim_accounts_set_token_lifetime (adept_depsim_abm_get_accounts (self->abm), seconds);
}

guint
adept_depsim_get_business_tokens_issued (AdeptDepsim *self)
{
  g_return_val_if_fail (ADEPT_IS_DEPSIM (self), 0);

  return adept_depsim_accounts_get_tokens_issued (adept_depsim_abm_get_accounts (self->abm));
}

void
adept_depsim_set_activity_delay (AdeptDepsim *self,
                                 guint        ms)
{
  g_return_if_fail (ADEPT_IS_DEPSIM (self));

  adept_depsim_org_set_activity_delay (adept_depsim_abm_get_org (self->abm), ms);
}

guint
adept_depsim_get_n_org_servers (AdeptDepsim *self)
{
  g_return_val_if_fail (ADEPT_IS_DEPSIM (self), 0);

  return adept_depsim_org_get_n_servers (adept_depsim_abm_get_org (self->abm));
}

const char *
adept_depsim_get_org_server_id (AdeptDepsim *self,
                                guint        index)
{
  g_return_val_if_fail (ADEPT_IS_DEPSIM (self), NULL);

  return adept_depsim_org_get_server_id (adept_depsim_abm_get_org (self->abm),
                                         index + ADEPT_DEPSIM_SERVER_OURS);
}

const char *
adept_depsim_get_org_server_name (AdeptDepsim *self,
                                  guint        index)
{
  g_return_val_if_fail (ADEPT_IS_DEPSIM (self), NULL);

  return adept_depsim_org_get_server_name (adept_depsim_abm_get_org (self->abm),
                                           index + ADEPT_DEPSIM_SERVER_OURS);
}

const char *
adept_depsim_get_device_server (AdeptDepsim *self,
                                const char  *serial)
{
  int index;

  g_return_val_if_fail (ADEPT_IS_DEPSIM (self), NULL);

  index = adept_depsim_state_lookup (self->state, serial);
  if (index < 0)
    return NULL;
  return adept_depsim_org_get_server_id (adept_depsim_abm_get_org (self->abm),
                                         adept_depsim_state_get_server (self->state, index));
}

static char **
copy_serials (GPtrArray *serials)
{
  GPtrArray *copy = g_ptr_array_new ();

  for (guint i = 0; i < serials->len; i++)
    g_ptr_array_add (copy, g_strdup (g_ptr_array_index (serials, i)));
  g_ptr_array_add (copy, NULL);
  return (char **) g_ptr_array_free (copy, FALSE);
}

char **
adept_depsim_add_org_devices (AdeptDepsim  *self,
                              guint         n,
                              const char   *server,
                              GError      **error)
{
  g_autoptr(GPtrArray) serials = NULL;
  guint index = ADEPT_DEPSIM_SERVER_NONE;

  g_return_val_if_fail (ADEPT_IS_DEPSIM (self), NULL);

  if (server != NULL &&
      (index = adept_depsim_org_find_server (adept_depsim_abm_get_org (self->abm), server)) == ADEPT_DEPSIM_SERVER_NONE)
    {
      g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_NOT_FOUND,
                   _("The organization has no MDM server “%s”."), server);
      return NULL;
    }
  serials = adept_depsim_state_add_devices_to (self->state, n, index);
  return copy_serials (serials);
}

void
adept_depsim_seed_org_devices (AdeptDepsim *self,
                               guint        n)
{
  guint n_servers;
  guint unassigned = n * 2 / 5;

  g_return_if_fail (ADEPT_IS_DEPSIM (self));

  n_servers = adept_depsim_org_get_n_servers (adept_depsim_abm_get_org (self->abm));
  g_ptr_array_unref (adept_depsim_state_add_seeded_devices (self->state, unassigned, ADEPT_DEPSIM_SERVER_NONE));
  for (guint s = 2; s <= n_servers; s++)
    {
      guint share = (n - unassigned) / (n_servers - 1) + (s == 2 ? (n - unassigned) % (n_servers - 1) : 0);

      g_ptr_array_unref (adept_depsim_state_add_seeded_devices (self->state, share, s));
    }
}

void
adept_depsim_set_activity_refusal (AdeptDepsim *self,
                                   const char  *serial,
                                   const char  *reason,
                                   guint        count)
{
  g_return_if_fail (ADEPT_IS_DEPSIM (self));
  g_return_if_fail (serial != NULL);

  adept_depsim_org_set_device_refusal (adept_depsim_abm_get_org (self->abm), serial,
                                       reason != NULL ? reason : "The device was refused.", count);
}

gboolean
adept_depsim_set_org_device_fact (AdeptDepsim  *self,
                                  const char   *serial,
                                  const char   *name,
                                  gint64        value,
                                  GError      **error)
{
  g_return_val_if_fail (ADEPT_IS_DEPSIM (self), FALSE);

  return adept_depsim_org_set_fact (adept_depsim_abm_get_org (self->abm), serial, name, value, error);
}

gboolean
adept_depsim_set_migration_status (AdeptDepsim  *self,
                                   const char   *serial,
                                   const char   *status,
                                   GError      **error)
{
  g_return_val_if_fail (ADEPT_IS_DEPSIM (self), FALSE);

  return adept_depsim_org_set_migration_status (adept_depsim_abm_get_org (self->abm), serial, status, error);
}

guint
adept_depsim_get_business_max_concurrent (AdeptDepsim *self)
{
  g_return_val_if_fail (ADEPT_IS_DEPSIM (self), 0);

  return adept_depsim_abm_get_max_pending (self->abm);
}

guint
adept_depsim_get_business_request_count (AdeptDepsim *self,
                                         const char  *route)
{
  g_return_val_if_fail (ADEPT_IS_DEPSIM (self), 0);

  return adept_depsim_abm_get_request_count (self->abm, route);
}
