/* adept-business-client.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every HTTP exchange is a Request: it waits for one of ADEPT_BUSINESS_MAX_IN_FLIGHT
 * slots, for the access token (one token request at a time; calls that need it meanwhile
 * wait for that one), is sent, read with a size cap, and retried or replayed as the
 * answer says. Token requests take no slot, so calls holding the slots can wait for one.
 */
#define G_LOG_DOMAIN "adept-business-client"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "adept-business-client.h"
#include "adept-deadline.h"
#include "adept-dep-protocol.h"
#include "adept-device.h"
#include "adept-error.h"
#include "adept-json.h"
#include "adept-retry.h"
#include "adept-secret.h"

#define USER_AGENT "Adept/" PACKAGE_VERSION
#define JSON_API_TYPE "application/json"
#define FORM_TYPE "application/x-www-form-urlencoded"
#define ASSERTION_TYPE "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
/* Each token request makes a fresh assertion (new jti); an hour leaves room for a clock
 * that is a little off without keeping a long-lived credential around. */
#define ASSERTION_LIFETIME_S 3600
/* A token is not used in its last minute (or last tenth, for short ones). */
#define TOKEN_MARGIN_S 60

#define DEFAULT_TIMEOUT_SECONDS 60
#define MAX_RESPONSE_SIZE (64 * 1024 * 1024)
#define READ_CHUNK (64 * 1024)
#define LOGGED_BODY 300

typedef enum {
  KIND_API,       /* the /v1 API, with the access token */
  KIND_TOKEN,     /* the token endpoint */
  KIND_DOWNLOAD,  /* a presigned download, without the token */
} Kind;

struct _AdeptBusinessClient
{
  GObject               parent_instance;

  AdeptBusinessAccount *account;
  char                 *token_url;
  char                 *api_url;
  GUri                 *api_uri;
  SoupSession          *session;
  gboolean              known_good;
  guint                 max_retries;
  guint                 base_delay_ms;
  guint                 max_total_ms;
  guint                 deadline_s;

  char                 *token;
  gint64                token_expires;     /* real time, µs */
  guint                 token_generation;
  gboolean              minting;
  GPtrArray            *token_waiters;     /* GTask of Requests waiting for a token */

  GQueue                queue;             /* GTask of Requests waiting for a slot */
  guint                 in_flight;
  guint                 requests_sent;
  guint                 tokens_minted;
};

G_DEFINE_FINAL_TYPE (AdeptBusinessClient, adept_business_client, G_TYPE_OBJECT)

typedef struct {
  Kind          kind;
  char         *method;
  char         *url;
  GBytes       *body;
  const char   *content_type;
  gboolean      idempotent;
  gboolean      replayed;
  gboolean      has_slot;
  guint         retries;
  gint64        started;
  guint         token_generation;
  SoupMessage  *message;
  GInputStream *stream;
  GByteArray   *buffer;
  AdeptRetryWait wait;
  /* deadline.cancellable is the task's: the caller's cancels it, and so does the deadline. */
  AdeptDeadline deadline;
} Request;

static void request_authorize (GTask *task);
static void request_send      (GTask *task);

void
adept_business_page_free (AdeptBusinessPage *page)
{
  if (page == NULL)
    return;
  g_ptr_array_unref (page->resources);
  g_free (page->next);
  g_free (page);
}

/* ---- The object ---- */

static void
clear_token (AdeptBusinessClient *self)
{
  g_clear_pointer (&self->token, adept_secret_free);
  self->token_expires = 0;
}

static void
adept_business_client_finalize (GObject *object)
{
  AdeptBusinessClient *self = ADEPT_BUSINESS_CLIENT (object);

  /* Every queued or waiting request holds a reference to the client. */
  g_warn_if_fail (g_queue_is_empty (&self->queue));
  clear_token (self);
  g_ptr_array_unref (self->token_waiters);
  g_clear_object (&self->account);
  g_clear_object (&self->session);
  g_clear_pointer (&self->api_uri, g_uri_unref);
  g_free (self->token_url);
  g_free (self->api_url);

  G_OBJECT_CLASS (adept_business_client_parent_class)->finalize (object);
}

static void
adept_business_client_class_init (AdeptBusinessClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = adept_business_client_finalize;
}

static void
adept_business_client_init (AdeptBusinessClient *self)
{
  self->session = soup_session_new_with_options ("user-agent", USER_AGENT,
                                                 "timeout", DEFAULT_TIMEOUT_SECONDS,
                                                 "idle-timeout", DEFAULT_TIMEOUT_SECONDS,
                                                 "max-conns-per-host", ADEPT_BUSINESS_MAX_IN_FLIGHT + 2,
                                                 NULL);
  self->max_retries = ADEPT_RETRY_DEFAULT_MAX_RETRIES;
  self->base_delay_ms = ADEPT_RETRY_DEFAULT_BASE_DELAY_MS;
  self->max_total_ms = ADEPT_RETRY_DEFAULT_MAX_TOTAL_MS;
  self->deadline_s = ADEPT_DEADLINE_DEFAULT_SECONDS;
  self->token_waiters = g_ptr_array_new ();
  g_queue_init (&self->queue);
}

static char *
without_trailing_slash (const char *url)
{
  gsize len = strlen (url);

  while (len > 0 && url[len - 1] == '/')
    len--;
  return g_strndup (url, len);
}

AdeptBusinessClient *
adept_business_client_new (AdeptBusinessAccount  *account,
                           const char            *token_url,
                           const char            *api_url,
                           GError               **error)
{
  AdeptBusinessClient *self;

  g_return_val_if_fail (ADEPT_IS_BUSINESS_ACCOUNT (account), NULL);

  if (token_url == NULL)
    token_url = ADEPT_BUSINESS_DEFAULT_TOKEN_URL;
  if (api_url == NULL)
    api_url = adept_business_account_get_default_api_url (account);
  if (!adept_dep_check_base_url (token_url, error) || !adept_dep_check_base_url (api_url, error))
    return NULL;

  self = g_object_new (ADEPT_TYPE_BUSINESS_CLIENT, NULL);
  self->account = g_object_ref (account);
  self->token_url = g_strdup (token_url);
  self->api_url = without_trailing_slash (api_url);
  self->api_uri = g_uri_parse (self->api_url, G_URI_FLAGS_NONE, NULL);
  return self;
}

AdeptBusinessAccount *
adept_business_client_get_account (AdeptBusinessClient *self)
{
  g_return_val_if_fail (ADEPT_IS_BUSINESS_CLIENT (self), NULL);
  return self->account;
}

const char *
adept_business_client_get_token_url (AdeptBusinessClient *self)
{
  g_return_val_if_fail (ADEPT_IS_BUSINESS_CLIENT (self), NULL);
  return self->token_url;
}

const char *
adept_business_client_get_api_url (AdeptBusinessClient *self)
{
  g_return_val_if_fail (ADEPT_IS_BUSINESS_CLIENT (self), NULL);
  return self->api_url;
}

void
adept_business_client_set_known_good (AdeptBusinessClient *self,
                                      gboolean             known_good)
{
  g_return_if_fail (ADEPT_IS_BUSINESS_CLIENT (self));
  self->known_good = known_good;
}

void
adept_business_client_set_timeout (AdeptBusinessClient *self,
                                   guint                seconds)
{
  g_return_if_fail (ADEPT_IS_BUSINESS_CLIENT (self));
  g_object_set (self->session, "timeout", seconds, "idle-timeout", seconds, NULL);
}

void
adept_business_client_set_deadline (AdeptBusinessClient *self,
                                    guint                seconds)
{
  g_return_if_fail (ADEPT_IS_BUSINESS_CLIENT (self));
  g_return_if_fail (seconds > 0);
  self->deadline_s = seconds;
}

void
adept_business_client_set_retry_policy (AdeptBusinessClient *self,
                                        guint                max_retries,
                                        guint                base_delay_ms,
                                        guint                max_total_ms)
{
  g_return_if_fail (ADEPT_IS_BUSINESS_CLIENT (self));
  self->max_retries = max_retries;
  self->base_delay_ms = base_delay_ms;
  self->max_total_ms = max_total_ms;
}

guint
adept_business_client_get_requests_sent (AdeptBusinessClient *self)
{
  g_return_val_if_fail (ADEPT_IS_BUSINESS_CLIENT (self), 0);
  return self->requests_sent;
}

guint
adept_business_client_get_tokens_minted (AdeptBusinessClient *self)
{
  g_return_val_if_fail (ADEPT_IS_BUSINESS_CLIENT (self), 0);
  return self->tokens_minted;
}

/* ---- Reading Apple's answers ---- */

/* Every JSON answer is read here, and only here. */
static JsonObject *
parse_document (GBytes  *body,
                GError **error)
{
  gsize len = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &len) : NULL;

  return adept_json_parse_object (data, len, ADEPT_JSON_SOURCE_BUSINESS, error);
}

static JsonObject *
get_object_member (JsonObject *object,
                   const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static void
set_error_with_detail (GError        **error,
                       AdeptErrorCode  code,
                       const char     *detail,
                       const char     *apple_code,
                       gint64          retry_after)
{
  GError *e;
  g_autofree char *clean = NULL;

  if (error == NULL)
    return;
  if (detail != NULL && *detail != '\0')
    {
      clean = g_utf8_make_valid (detail, MIN (strlen (detail), 500));
      e = g_error_new (ADEPT_ERROR, code, _("%s Apple said: “%s”"), adept_error_default_message (code), clean);
    }
  else
    e = g_error_new_literal (ADEPT_ERROR, code, adept_error_default_message (code));
  adept_error_set_details (e, apple_code, NULL, retry_after);
  g_propagate_error (error, e);
}

static AdeptErrorCode
code_for_status (guint status)
{
  switch (status)
    {
    case 400: return ADEPT_ERROR_BAD_REQUEST;
    case 401: return ADEPT_ERROR_AUTH_FAILED;
    case 403: return ADEPT_ERROR_API_SCOPE_MISSING;
    case 404: return ADEPT_ERROR_NOT_FOUND;
    case 409: return ADEPT_ERROR_ACTIVITY_CONFLICT;
    case 422: return ADEPT_ERROR_VALIDATION;
    case ADEPT_DEP_STATUS_TOO_MANY_REQUESTS: return ADEPT_ERROR_THROTTLED;
    default:
      return status >= 500 ? ADEPT_ERROR_SERVER_ERROR : ADEPT_ERROR_FAILED;
    }
}

/* {"errors":[{"status","code","title","detail"}]}: the first error's code and detail. */
static void
set_api_error (GError **error,
               guint    status,
               GBytes  *body,
               gint64   retry_after)
{
  g_autoptr(JsonObject) root = parse_document (body, NULL);
  JsonNode *errors = root != NULL ? json_object_get_member (root, "errors") : NULL;
  JsonObject *first = NULL;

  if (errors != NULL && JSON_NODE_HOLDS_ARRAY (errors) && json_array_get_length (json_node_get_array (errors)) > 0)
    {
      JsonNode *node = json_array_get_element (json_node_get_array (errors), 0);

      first = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
    }
  set_error_with_detail (error, code_for_status (status),
                         first != NULL ? adept_dep_json_get_string (first, "detail") : NULL,
                         first != NULL ? adept_dep_json_get_string (first, "code") : NULL, retry_after);
}

/* RFC 6749 §5.2: {"error","error_description"}. */
static void
set_token_error (AdeptBusinessClient  *self,
                 GError              **error,
                 guint                 status,
                 GBytes               *body,
                 gint64                retry_after)
{
  g_autoptr(JsonObject) root = parse_document (body, NULL);
  const char *oauth = adept_dep_json_get_string (root, "error");
  const char *description = adept_dep_json_get_string (root, "error_description");
  AdeptErrorCode code;

  if (g_strcmp0 (oauth, "invalid_client") == 0)
    code = self->known_good || (description != NULL && strstr (description, "revoked") != NULL)
      ? ADEPT_ERROR_API_ACCOUNT_REVOKED : ADEPT_ERROR_API_ACCOUNT_REJECTED;
  else if (g_strcmp0 (oauth, "invalid_scope") == 0)
    code = ADEPT_ERROR_API_SCOPE_MISSING;
  else if (g_strcmp0 (oauth, "invalid_grant") == 0)
    {
      g_autofree char *sentence = g_strdup_printf (_("Apple refused the client assertion Adept made. Check that this computer's date and time are right, then try again. Apple said: “%s”"),
                                                   description != NULL ? description : oauth);

      g_set_error_literal (error, ADEPT_ERROR, ADEPT_ERROR_AUTH_FAILED, sentence);
      if (error != NULL)
        adept_error_set_details (*error, oauth, NULL, -1);
      return;
    }
  else if (status == ADEPT_DEP_STATUS_TOO_MANY_REQUESTS || status >= 500)
    code = code_for_status (status);
  else
    code = ADEPT_ERROR_BAD_REQUEST;
  set_error_with_detail (error, code, description, oauth, retry_after);
}

/* ---- Requests ---- */

static void
request_free (gpointer data)
{
  Request *request = data;

  adept_retry_wait_clear (&request->wait);
  adept_deadline_clear (&request->deadline);
  g_free (request->method);
  g_free (request->url);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_clear_object (&request->message);
  g_clear_object (&request->stream);
  g_clear_pointer (&request->buffer, g_byte_array_unref);
  g_free (request);
}

static Request *
request_new (Kind        kind,
             const char *method,
             const char *url)
{
  Request *request = g_new0 (Request, 1);

  request->kind = kind;
  request->method = g_strdup (method);
  request->url = g_strdup (url);
  request->idempotent = g_str_equal (method, "GET");
  request->started = g_get_monotonic_time ();
  return request;
}

static void
start_with_slot (GTask *task)
{
  AdeptBusinessClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);

  self->in_flight++;
  request->has_slot = TRUE;
  request_authorize (task);
}

/* Hands freed slots to the requests waiting for one. */
static void
pump_queue (AdeptBusinessClient *self)
{
  while (self->in_flight < ADEPT_BUSINESS_MAX_IN_FLIGHT && !g_queue_is_empty (&self->queue))
    {
      GTask *task = g_queue_pop_head (&self->queue);

      if (g_task_return_error_if_cancelled (task))
        g_object_unref (task);
      else
        start_with_slot (task);
    }
}

static void
release_slot (GTask *task)
{
  AdeptBusinessClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);

  adept_retry_wait_clear (&request->wait);
  if (!request->has_slot)
    return;
  request->has_slot = FALSE;
  self->in_flight--;
  pump_queue (self);
}

/* Both take the caller's reference to the task. */
static void
request_return_error (GTask  *task,
                      GError *error)
{
  release_slot (task);
  g_task_return_error (task, error);
  g_object_unref (task);
}

static void
request_return_body (GTask  *task,
                     GBytes *body)
{
  release_slot (task);
  g_task_return_pointer (task, body, (GDestroyNotify) g_bytes_unref);
  g_object_unref (task);
}

static void
request_submit (GTask *task)
{
  AdeptBusinessClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);

  if (request->kind == KIND_TOKEN)
    request_send (task);
  else if (self->in_flight < ADEPT_BUSINESS_MAX_IN_FLIGHT)
    start_with_slot (task);
  else
    g_queue_push_tail (&self->queue, task);
}

/* ---- Retries ---- */

static gboolean
may_retry (AdeptBusinessClient *self,
           Request             *request,
           gint64               retry_after,
           guint               *delay_ms)
{
  AdeptRetryPolicy policy = { self->max_retries, self->base_delay_ms, self->max_total_ms };

  return adept_retry_next_delay (&policy, request->retries, request->started, retry_after, delay_ms);
}

static void
wait_over (gpointer data)
{
  GTask *task = g_object_ref (data);
  Request *request = g_task_get_task_data (task);
  GError *error = NULL;

  if (g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error))
    request_return_error (task, error);
  else if (request->kind == KIND_API)
    request_authorize (task);
  else
    request_send (task);
}

/* Takes the caller's reference to the task, as every step hands it to the next. */
static void
retry_later (GTask *task,
             guint  delay_ms)
{
  Request *request = g_task_get_task_data (task);

  request->retries++;
  g_debug ("%s %s: attempt %u in %u ms", request->method, request->url, request->retries + 1, delay_ms);
  adept_retry_wait_start (&request->wait, delay_ms, g_task_get_cancellable (task), g_task_get_context (task),
                          wait_over, task, g_object_unref);
}

static void
transport_failed (GTask  *task,
                  GError *error)
{
  AdeptBusinessClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  guint delay_ms;

  g_clear_object (&request->stream);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      request_return_error (task, error);
      return;
    }
  g_debug ("%s %s: %s", request->method, request->url, error->message);
  if (error->domain == G_TLS_ERROR)
    {
      g_error_free (error);
      error = NULL;
      adept_set_error (&error, ADEPT_ERROR_TLS);
      request_return_error (task, error);
      return;
    }
  if ((request->idempotent || !adept_retry_reached_server (error)) && may_retry (self, request, -1, &delay_ms))
    {
      g_error_free (error);
      retry_later (task, delay_ms);
      return;
    }
  g_error_free (error);
  error = NULL;
  adept_set_error (&error, ADEPT_ERROR_NETWORK);
  request_return_error (task, error);
}

/* ---- The answer ---- */

static void
log_error_body (Request *request,
                GBytes  *body)
{
  gsize len = 0;
  const char *data = g_bytes_get_data (body, &len);
  g_autofree char *text = NULL;

  /* Token answers can hold a token; they are never logged. */
  if (request->kind == KIND_TOKEN || g_log_writer_default_would_drop (G_LOG_LEVEL_DEBUG, G_LOG_DOMAIN))
    return;
  text = g_strndup (data != NULL ? data : "", MIN (len, LOGGED_BODY));
  for (char *p = text; *p != '\0'; p++)
    if (!g_ascii_isprint (*p))
      *p = ' ';
  g_debug ("%s %s: answer “%s”", request->method, request->url, text);
}

static void
response_complete (GTask *task)
{
  AdeptBusinessClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autoptr(GBytes) body = g_byte_array_free_to_bytes (g_steal_pointer (&request->buffer));
  guint status = soup_message_get_status (request->message);
  const char *header = soup_message_headers_get_one (soup_message_get_response_headers (request->message),
                                                     "Retry-After");
  gint64 retry_after = adept_dep_parse_retry_after (header, NULL);
  GError *error = NULL;
  guint delay_ms;

  g_clear_object (&request->stream);
  g_debug ("%s %s: HTTP %u, %" G_GSIZE_FORMAT " bytes", request->method, request->url, status,
           g_bytes_get_size (body));
  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      request_return_body (task, g_steal_pointer (&body));
      return;
    }
  log_error_body (request, body);

  if (status == SOUP_STATUS_UNAUTHORIZED && request->kind == KIND_API && !request->replayed)
    {
      /* Expired or revoked meanwhile: one new token, one more try. Another call may have
       * replaced the token already. */
      request->replayed = TRUE;
      if (request->token_generation == self->token_generation)
        clear_token (self);
      g_debug ("%s %s: a new access token, then once more", request->method, request->url);
      request_authorize (task);
      return;
    }
  if ((status == ADEPT_DEP_STATUS_TOO_MANY_REQUESTS || (status >= 500 && request->idempotent)) &&
      may_retry (self, request, retry_after, &delay_ms))
    {
      retry_later (task, delay_ms);
      return;
    }
  if (request->kind == KIND_TOKEN)
    set_token_error (self, &error, status, body, retry_after);
  else
    set_api_error (&error, status, body, retry_after);
  request_return_error (task, error);
}

static void read_next (GTask *task);

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(GBytes) chunk = NULL;
  GError *error = NULL;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (chunk == NULL)
    {
      transport_failed (task, error);
      return;
    }
  if (g_bytes_get_size (chunk) == 0)
    {
      response_complete (task);
      return;
    }
  if (request->buffer->len + g_bytes_get_size (chunk) > MAX_RESPONSE_SIZE)
    {
      g_clear_object (&request->stream);
      adept_set_error (&error, ADEPT_ERROR_RESPONSE_TOO_LARGE);
      request_return_error (task, error);
      return;
    }
  g_byte_array_append (request->buffer, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  read_next (task);
}

static void
read_next (GTask *task)
{
  Request *request = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (request->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), read_cb, task);
}

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  Request *request = g_task_get_task_data (task);
  GError *error = NULL;

  request->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (request->stream == NULL)
    {
      transport_failed (task, error);
      return;
    }
  request->buffer = g_byte_array_new ();
  read_next (task);
}

/* The token request's body, made anew for each attempt: a fresh assertion (new jti). */
static GBytes *
token_body (AdeptBusinessClient  *self,
            GError              **error)
{
  AdeptBusinessAccount *account = self->account;
  g_autoptr(AdeptSecret) assertion = NULL;
  g_autoptr(GHashTable) form = NULL;
  char *text;

  assertion = adept_business_key_make_assertion (adept_business_account_get_key (account),
                                                 adept_business_account_get_client_id (account),
                                                 adept_business_account_get_key_id (account),
                                                 g_get_real_time () / G_USEC_PER_SEC,
                                                 ASSERTION_LIFETIME_S, error);
  if (assertion == NULL)
    return NULL;
  form = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (form, (gpointer) "grant_type", (gpointer) "client_credentials");
  g_hash_table_insert (form, (gpointer) "client_id", (gpointer) adept_business_account_get_client_id (account));
  g_hash_table_insert (form, (gpointer) "client_assertion_type", (gpointer) ASSERTION_TYPE);
  g_hash_table_insert (form, (gpointer) "client_assertion", assertion);
  g_hash_table_insert (form, (gpointer) "scope", (gpointer) adept_business_account_get_scope (account));
  text = soup_form_encode_hash (form);
  return g_bytes_new_with_free_func (text, strlen (text), (GDestroyNotify) adept_secret_free, text);
}

static void
request_send (GTask *task)
{
  AdeptBusinessClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  SoupMessageHeaders *headers;
  GError *error = NULL;

  if (request->kind == KIND_TOKEN && (body = token_body (self, &error)) == NULL)
    {
      request_return_error (task, error);
      return;
    }
  g_clear_object (&request->message);
  request->message = soup_message_new (request->method, request->url);
  if (request->message == NULL)
    {
      adept_set_error (&error, ADEPT_ERROR_MALFORMED_RESPONSE);
      request_return_error (task, error);
      return;
    }
  /* A redirect could lead where adept_dep_check_base_url() never looked. */
  soup_message_add_flags (request->message, SOUP_MESSAGE_NO_REDIRECT);
  headers = soup_message_get_request_headers (request->message);
  soup_message_headers_replace (headers, "Accept", request->kind == KIND_DOWNLOAD ? "text/csv, */*" : JSON_API_TYPE);
  if (request->kind == KIND_API)
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", self->token, NULL);

      soup_message_headers_replace (headers, "Authorization", authorization);
      adept_secret_wipe (authorization, strlen (authorization));
      request->token_generation = self->token_generation;
    }
  if (body != NULL)
    soup_message_set_request_body_from_bytes (request->message, FORM_TYPE, body);
  else if (request->body != NULL)
    soup_message_set_request_body_from_bytes (request->message, request->content_type, request->body);
  self->requests_sent++;
  soup_session_send_async (self->session, request->message, G_PRIORITY_DEFAULT,
                           g_task_get_cancellable (task), sent_cb, task);
}

/* One exchange, within the client's deadline; the task's result is the answer's body
 * (GBytes). */
static void
send_async (AdeptBusinessClient *self,
            Request             *request,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  GTask *task;

  adept_deadline_start (&request->deadline, self->deadline_s, cancellable);
  task = g_task_new (self, request->deadline.cancellable, callback, user_data);
  g_task_set_task_data (task, request, request_free);
  /* An answer that came stands, even if the deadline passes before it is delivered. */
  g_task_set_check_cancellable (task, FALSE);
  request_submit (task);
}

/* The body; a cancellation the deadline caused becomes the network error it is. */
static GBytes *
send_finish (AdeptBusinessClient  *self,
             GAsyncResult         *result,
             GError              **error)
{
  Request *request = g_task_get_task_data (G_TASK (result));
  GError *local_error = NULL;
  GBytes *body = g_task_propagate_pointer (G_TASK (result), &local_error);

  if (body == NULL)
    {
      adept_deadline_explain (&request->deadline, request->url, &local_error);
      g_propagate_error (error, local_error);
    }
  return body;
}

/* ---- The access token ---- */

static gboolean
token_valid (AdeptBusinessClient *self)
{
  return self->token != NULL && g_get_real_time () < self->token_expires;
}

static void start_mint (AdeptBusinessClient *self);

static void
request_authorize (GTask *task)
{
  AdeptBusinessClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);

  if (request->kind != KIND_API || token_valid (self))
    {
      request_send (task);
      return;
    }
  g_ptr_array_add (self->token_waiters, task);
  if (!self->minting)
    start_mint (self);
}

static gboolean
read_token (AdeptBusinessClient  *self,
            GBytes               *body,
            GError              **error)
{
  g_autoptr(JsonObject) root = parse_document (body, error);
  const char *token;
  const char *type;
  gint64 expires_in;
  gint64 margin;

  if (root == NULL)
    return FALSE;
  token = adept_dep_json_get_string (root, "access_token");
  type = adept_dep_json_get_string (root, "token_type");
  expires_in = adept_dep_json_get_int (root, "expires_in", 0);
  if (token == NULL || *token == '\0' || expires_in <= 0 ||
      (type != NULL && g_ascii_strcasecmp (type, "Bearer") != 0))
    {
      adept_set_error (error, ADEPT_ERROR_MALFORMED_RESPONSE);
      adept_secret_wipe ((gpointer) token, token != NULL ? strlen (token) : 0);
      return FALSE;
    }
  margin = MIN (TOKEN_MARGIN_S, expires_in / 10);
  clear_token (self);
  self->token = g_strdup (token);
  self->token_expires = g_get_real_time () + (expires_in - margin) * G_USEC_PER_SEC;
  self->token_generation++;
  self->tokens_minted++;
  self->known_good = TRUE;
  adept_secret_wipe ((gpointer) token, strlen (token));
  return TRUE;
}

static void
on_minted (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  AdeptBusinessClient *self = ADEPT_BUSINESS_CLIENT (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = send_finish (self, result, &error);
  g_autoptr(GPtrArray) waiters = g_steal_pointer (&self->token_waiters);

  self->token_waiters = g_ptr_array_new ();
  self->minting = FALSE;
  if (body != NULL)
    read_token (self, body, &error);
  if (body != NULL)
    adept_secret_wipe ((gpointer) g_bytes_get_data (body, NULL), g_bytes_get_size (body));

  for (guint i = 0; i < waiters->len; i++)
    {
      GTask *task = g_ptr_array_index (waiters, i);

      if (error != NULL)
        request_return_error (task, g_error_copy (error));
      else
        request_send (task);
    }
  g_object_unref (self);
}

static void
start_mint (AdeptBusinessClient *self)
{
  Request *request = request_new (KIND_TOKEN, "POST", self->token_url);

  /* A token request can be made again safely: nothing changes at Apple but a token. */
  request->idempotent = TRUE;
  self->minting = TRUE;
  send_async (self, request, NULL, on_minted, g_object_ref (self));
}

/* ---- Calls ---- */


static char *
api_url_for (AdeptBusinessClient  *self,
             const char           *path_or_url,
             GError              **error)
{
  g_autoptr(GUri) uri = NULL;

  if (path_or_url[0] == '/')
    return g_strconcat (self->api_url, path_or_url, NULL);
  /* The access token goes to Apple's API host only, whatever a link says. */
  uri = g_uri_parse (path_or_url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || self->api_uri == NULL ||
      g_ascii_strcasecmp (g_uri_get_scheme (uri), g_uri_get_scheme (self->api_uri)) != 0 ||
      g_ascii_strcasecmp (g_uri_get_host (uri), g_uri_get_host (self->api_uri)) != 0 ||
      g_uri_get_port (uri) != g_uri_get_port (self->api_uri))
    {
      g_set_error_literal (error, ADEPT_ERROR, ADEPT_ERROR_MALFORMED_RESPONSE,
                           _("Apple's answer pointed to a page on another server, which Adept does not follow. Try again later; if it keeps happening, report it."));
      return NULL;
    }
  return g_strdup (path_or_url);
}

static void
api_get (AdeptBusinessClient *self,
         GTask               *outer,
         const char          *path_or_url,
         GAsyncReadyCallback  callback)
{
  GError *error = NULL;
  g_autofree char *url = api_url_for (self, path_or_url, &error);

  if (url == NULL)
    {
      g_task_return_error (outer, error);
      g_object_unref (outer);
      return;
    }
  send_async (self, request_new (KIND_API, "GET", url), g_task_get_cancellable (outer), callback, outer);
}

/* The body of an answer to outer's call as a JSON document; NULL when outer was given
 * the error. */
static JsonObject *
take_document (AdeptBusinessClient *self,
               GAsyncResult        *result,
               GTask               *outer)
{
  g_autoptr(GBytes) body = NULL;
  GError *error = NULL;
  JsonObject *root;

  body = send_finish (self, result, &error);
  root = body != NULL ? parse_document (body, &error) : NULL;
  if (root == NULL)
    g_task_return_error (outer, error);
  return root;
}

static gpointer
outer_finish (AdeptBusinessClient  *self,
              GAsyncResult         *result,
              gpointer              source_tag,
              GError              **error)
{
  g_return_val_if_fail (ADEPT_IS_BUSINESS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static GTask *
outer_new (AdeptBusinessClient *self,
           gpointer             source_tag,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  return task;
}

/* connect */

static void
on_connected (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  g_autoptr(GBytes) body = NULL;
  GError *error = NULL;

  body = send_finish (ADEPT_BUSINESS_CLIENT (source), result, &error);
  if (body == NULL)
    g_task_return_error (outer, error);
  else if (!read_token (ADEPT_BUSINESS_CLIENT (source), body, &error))
    g_task_return_error (outer, error);
  else
    g_task_return_boolean (outer, TRUE);
  if (body != NULL)
    adept_secret_wipe ((gpointer) g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

void
adept_business_client_connect_async (AdeptBusinessClient *self,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  GTask *outer;
  Request *request;

  g_return_if_fail (ADEPT_IS_BUSINESS_CLIENT (self));

  outer = outer_new (self, adept_business_client_connect_async, cancellable, callback, user_data);
  request = request_new (KIND_TOKEN, "POST", self->token_url);
  request->idempotent = TRUE;
  send_async (self, request, cancellable, on_connected, outer);
}

gboolean
adept_business_client_connect_finish (AdeptBusinessClient  *self,
                                      GAsyncResult         *result,
                                      GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* get_page */

static AdeptBusinessPage *
read_page (JsonObject  *root,
           GError     **error)
{
  JsonNode *data = json_object_get_member (root, "data");
  JsonObject *paging = get_object_member (get_object_member (root, "meta"), "paging");
  AdeptBusinessPage *page;
  JsonArray *array;

  if (data == NULL || !JSON_NODE_HOLDS_ARRAY (data))
    {
      adept_set_error (error, ADEPT_ERROR_MALFORMED_RESPONSE);
      return NULL;
    }
  array = json_node_get_array (data);
  page = g_new0 (AdeptBusinessPage, 1);
  page->resources = g_ptr_array_new_full (json_array_get_length (array), (GDestroyNotify) json_object_unref);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_OBJECT (element))
        g_ptr_array_add (page->resources, json_object_ref (json_node_get_object (element)));
    }
  page->next = g_strdup (adept_dep_json_get_string (get_object_member (root, "links"), "next"));
  page->total = adept_dep_json_get_int (paging, "total", -1);
  return page;
}

/* A page of 1000 devices is most of a megabyte of JSON: it is read in a worker thread,
 * so the pages of a listing are parsed side by side and the main loop stays free. */
static void
parse_page_in_thread (GTask        *task,
                      gpointer      source,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  GError *error = NULL;
  g_autoptr(JsonObject) root = parse_document (task_data, &error);
  AdeptBusinessPage *page = root != NULL ? read_page (root, &error) : NULL;

  if (page == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, page, (GDestroyNotify) adept_business_page_free);
}

static void
on_page_parsed (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  GError *error = NULL;
  AdeptBusinessPage *page = g_task_propagate_pointer (G_TASK (result), &error);

  if (page == NULL)
    g_task_return_error (outer, error);
  else
    g_task_return_pointer (outer, page, (GDestroyNotify) adept_business_page_free);
}

static void
on_page (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *outer = user_data;
  g_autoptr(GTask) parse = NULL;
  GError *error = NULL;
  GBytes *body = send_finish (ADEPT_BUSINESS_CLIENT (source), result, &error);

  if (body == NULL)
    {
      g_task_return_error (outer, error);
      g_object_unref (outer);
      return;
    }
  parse = g_task_new (source, g_task_get_cancellable (outer), on_page_parsed, outer);
  g_task_set_task_data (parse, body, (GDestroyNotify) g_bytes_unref);
  g_task_run_in_thread (parse, parse_page_in_thread);
}

void
adept_business_client_get_page_async (AdeptBusinessClient *self,
                                      const char          *path_or_url,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (ADEPT_IS_BUSINESS_CLIENT (self));
  g_return_if_fail (path_or_url != NULL);

  api_get (self, outer_new (self, adept_business_client_get_page_async, cancellable, callback, user_data),
           path_or_url, on_page);
}

AdeptBusinessPage *
adept_business_client_get_page_finish (AdeptBusinessClient  *self,
                                       GAsyncResult         *result,
                                       GError              **error)
{
  return outer_finish (self, result, adept_business_client_get_page_async, error);
}

static void
append_fields (GString            *path,
               const char * const *fields)
{
  g_autofree char *joined = g_strjoinv (",", (char **) (fields != NULL ? fields : adept_org_device_fields));
  g_autofree char *escaped = g_uri_escape_string (joined, NULL, FALSE);

  g_string_append_printf (path, "fields%%5BorgDevices%%5D=%s", escaped);
}

char *
adept_business_client_org_devices_path (guint               limit,
                                        const char * const *fields)
{
  GString *path = g_string_new ("/v1/orgDevices?");

  g_string_append_printf (path, "limit=%u&", CLAMP (limit, 1, ADEPT_BUSINESS_MAX_PAGE_SIZE));
  append_fields (path, fields);
  return g_string_free (path, FALSE);
}

char *
adept_business_client_server_devices_path (const char *server_id,
                                           guint       limit)
{
  g_autofree char *escaped = g_uri_escape_string (server_id, NULL, FALSE);

  return g_strdup_printf ("/v1/mdmServers/%s/relationships/devices?limit=%u", escaped,
                          CLAMP (limit, 1, ADEPT_BUSINESS_MAX_PAGE_SIZE));
}

/* Whole lists: pages one after the other, each resource converted. */

typedef gpointer (*ConvertFunc) (JsonObject *resource);

typedef struct {
  ConvertFunc  convert;
  GPtrArray   *items;
} ListData;

static void
list_data_free (gpointer data)
{
  ListData *list = data;

  g_ptr_array_unref (list->items);
  g_free (list);
}

static void
on_list_page (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  AdeptBusinessClient *self = ADEPT_BUSINESS_CLIENT (source);
  GTask *outer = user_data;
  ListData *list = g_task_get_task_data (outer);
  g_autoptr(JsonObject) root = take_document (self, result, outer);
  g_autoptr(AdeptBusinessPage) page = NULL;
  GError *error = NULL;

  if (root == NULL)
    {
      g_object_unref (outer);
      return;
    }
  page = read_page (root, &error);
  if (page == NULL)
    {
      g_task_return_error (outer, error);
      g_object_unref (outer);
      return;
    }
  for (guint i = 0; i < page->resources->len; i++)
    {
      gpointer item = list->convert (g_ptr_array_index (page->resources, i));

      if (item != NULL)
        g_ptr_array_add (list->items, item);
    }
  if (page->next != NULL && page->resources->len > 0)
    {
      api_get (self, outer, page->next, on_list_page);
      return;
    }
  g_task_return_pointer (outer, g_ptr_array_ref (list->items), (GDestroyNotify) g_ptr_array_unref);
  g_object_unref (outer);
}

static void
list_all (AdeptBusinessClient *self,
          gpointer             source_tag,
          const char          *path,
          ConvertFunc          convert,
          GDestroyNotify       free_item,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  GTask *outer = outer_new (self, source_tag, cancellable, callback, user_data);
  ListData *list = g_new0 (ListData, 1);

  list->convert = convert;
  list->items = g_ptr_array_new_with_free_func (free_item);
  g_task_set_task_data (outer, list, list_data_free);
  api_get (self, outer, path, on_list_page);
}

static gpointer
convert_device (JsonObject *resource)
{
  AdeptOrgDeviceData data;
  AdeptOrgDevice *device = NULL;

  if (adept_org_device_data_from_json (resource, &data))
    device = adept_org_device_new (&data);
  adept_org_device_data_clear (&data);
  return device;
}

static gpointer
convert_server (JsonObject *resource)
{
  return adept_org_server_new_from_json (resource);
}

static gpointer
convert_id (JsonObject *resource)
{
  const char *id = adept_dep_json_get_string (resource, "id");

  return id != NULL && *id != '\0' ? g_strdup (id) : NULL;
}

void
adept_business_client_list_org_devices_async (AdeptBusinessClient *self,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data)
{
  g_autofree char *path = adept_business_client_org_devices_path (ADEPT_BUSINESS_MAX_PAGE_SIZE, NULL);

  g_return_if_fail (ADEPT_IS_BUSINESS_CLIENT (self));
  list_all (self, adept_business_client_list_org_devices_async, path, convert_device, g_object_unref,
            cancellable, callback, user_data);
}

GPtrArray *
adept_business_client_list_org_devices_finish (AdeptBusinessClient  *self,
                                               GAsyncResult         *result,
                                               GError              **error)
{
  return outer_finish (self, result, adept_business_client_list_org_devices_async, error);
}

void
adept_business_client_list_servers_async (AdeptBusinessClient *self,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_return_if_fail (ADEPT_IS_BUSINESS_CLIENT (self));
  list_all (self, adept_business_client_list_servers_async, "/v1/mdmServers?limit=1000", convert_server,
            g_object_unref, cancellable, callback, user_data);
}

GPtrArray *
adept_business_client_list_servers_finish (AdeptBusinessClient  *self,
                                           GAsyncResult         *result,
                                           GError              **error)
{
  return outer_finish (self, result, adept_business_client_list_servers_async, error);
}

static void
on_server_devices (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  g_autoptr(GPtrArray) ids = NULL;
  GError *error = NULL;

  ids = g_task_propagate_pointer (G_TASK (result), &error);
  if (ids == NULL)
    {
      g_task_return_error (outer, error);
      return;
    }
  g_ptr_array_set_free_func (ids, NULL);
  g_ptr_array_add (ids, NULL);
  g_task_return_pointer (outer, g_ptr_array_free (g_steal_pointer (&ids), FALSE), (GDestroyNotify) g_strfreev);
}

void
adept_business_client_list_server_devices_async (AdeptBusinessClient *self,
                                                 const char          *server_id,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data)
{
  g_autofree char *path = NULL;
  GTask *outer;

  g_return_if_fail (ADEPT_IS_BUSINESS_CLIENT (self));
  g_return_if_fail (server_id != NULL);

  outer = outer_new (self, adept_business_client_list_server_devices_async, cancellable, callback, user_data);
  path = adept_business_client_server_devices_path (server_id, ADEPT_BUSINESS_MAX_PAGE_SIZE);
  list_all (self, NULL, path, convert_id, g_free, cancellable, on_server_devices, outer);
}

GStrv
adept_business_client_list_server_devices_finish (AdeptBusinessClient  *self,
                                                  GAsyncResult         *result,
                                                  GError              **error)
{
  return outer_finish (self, result, adept_business_client_list_server_devices_async, error);
}

/* One resource */

static JsonObject *
data_object (JsonObject *root)
{
  return get_object_member (root, "data");
}

static void
return_malformed (GTask *outer)
{
  g_task_return_new_error (outer, ADEPT_ERROR, ADEPT_ERROR_MALFORMED_RESPONSE, "%s",
                           adept_error_default_message (ADEPT_ERROR_MALFORMED_RESPONSE));
}

/* {"data": null} is an answer too: no server. */
static gboolean
data_is_null (JsonObject *root)
{
  JsonNode *data = json_object_get_member (root, "data");

  return data != NULL && JSON_NODE_HOLDS_NULL (data);
}

/* What a GET of one resource turns into. */
typedef struct {
  ConvertFunc    convert;
  GDestroyNotify free_item;
  /* {"data": null} answers NULL rather than an error. */
  gboolean       may_be_null;
} ResourceKind;

static const ResourceKind device_resource = { convert_device, g_object_unref, FALSE };
static const ResourceKind server_resource = { convert_server, g_object_unref, TRUE };
static const ResourceKind server_id_resource = { convert_id, g_free, TRUE };

static void
on_resource (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  g_autoptr(JsonObject) root = take_document (ADEPT_BUSINESS_CLIENT (source), result, outer);
  const ResourceKind *kind = g_task_get_task_data (outer);
  JsonObject *resource;
  gpointer item;

  if (root == NULL)
    return;
  if (kind->may_be_null && data_is_null (root))
    {
      g_task_return_pointer (outer, NULL, NULL);
      return;
    }
  resource = data_object (root);
  item = resource != NULL ? kind->convert (resource) : NULL;
  if (item == NULL)
    return_malformed (outer);
  else
    g_task_return_pointer (outer, item, kind->free_item);
}

static void
get_resource (AdeptBusinessClient *self,
              GTask               *outer,
              const char          *path,
              const ResourceKind  *kind)
{
  g_task_set_task_data (outer, (gpointer) kind, NULL);
  api_get (self, outer, path, on_resource);
}

static char *
device_path (const char         *serial,
             const char         *suffix,
             const char * const *fields)
{
  g_autofree char *escaped = g_uri_escape_string (serial, NULL, FALSE);
  GString *path = g_string_new ("/v1/orgDevices/");

  g_string_append (path, escaped);
  g_string_append (path, suffix);
  if (fields != NULL)
    {
      g_string_append_c (path, '?');
      append_fields (path, fields);
    }
  return g_string_free (path, FALSE);
}

/* GET /v1/orgDevices/{serial}{suffix} as kind. */
static void
get_device_resource (AdeptBusinessClient *self,
                     gpointer             source_tag,
                     const char          *serial,
                     const char          *suffix,
                     const char * const  *fields,
                     const ResourceKind  *kind,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autofree char *path = device_path (serial, suffix, fields);

  get_resource (self, outer_new (self, source_tag, cancellable, callback, user_data), path, kind);
}

void
adept_business_client_get_org_device_async (AdeptBusinessClient *self,
                                            const char          *serial,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  g_return_if_fail (ADEPT_IS_BUSINESS_CLIENT (self));
  g_return_if_fail (serial != NULL && *serial != '\0');

  get_device_resource (self, adept_business_client_get_org_device_async, serial, "", adept_org_device_fields,
                       &device_resource, cancellable, callback, user_data);
}

AdeptOrgDevice *
adept_business_client_get_org_device_finish (AdeptBusinessClient  *self,
                                             GAsyncResult         *result,
                                             GError              **error)
{
  return outer_finish (self, result, adept_business_client_get_org_device_async, error);
}

void
adept_business_client_get_assigned_server_async (AdeptBusinessClient *self,
                                                 const char          *serial,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data)
{
  g_return_if_fail (ADEPT_IS_BUSINESS_CLIENT (self));
  g_return_if_fail (serial != NULL && *serial != '\0');

  get_device_resource (self, adept_business_client_get_assigned_server_async, serial, "/assignedServer", NULL,
                       &server_resource, cancellable, callback, user_data);
}

AdeptOrgServer *
adept_business_client_get_assigned_server_finish (AdeptBusinessClient  *self,
                                                  GAsyncResult         *result,
                                                  GError              **error)
{
  return outer_finish (self, result, adept_business_client_get_assigned_server_async, error);
}

void
adept_business_client_get_assigned_server_id_async (AdeptBusinessClient *self,
                                                    const char          *serial,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data)
{
  g_return_if_fail (ADEPT_IS_BUSINESS_CLIENT (self));
  g_return_if_fail (serial != NULL && *serial != '\0');

  get_device_resource (self, adept_business_client_get_assigned_server_id_async, serial,
                       "/relationships/assignedServer", NULL, &server_id_resource, cancellable, callback,
                       user_data);
}

char *
adept_business_client_get_assigned_server_id_finish (AdeptBusinessClient  *self,
                                                     GAsyncResult         *result,
                                                     GError              **error)
{
  return outer_finish (self, result, adept_business_client_get_assigned_server_id_async, error);
}

/* Activities */

static gboolean
check_activity (AdeptOrgActivityType   type,
                const char            *server_id,
                const char * const    *serials,
                gint64                 deadline,
                GError               **error)
{
  guint n = serials != NULL ? g_strv_length ((char **) serials) : 0;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (n == 0 || n > ADEPT_BUSINESS_MAX_ACTIVITY_DEVICES)
    {
      g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_BAD_REQUEST,
                   _("An activity names 1 to %u devices, and %u were given. Send them in several activities."),
                   ADEPT_BUSINESS_MAX_ACTIVITY_DEVICES, n);
      return FALSE;
    }
  if (adept_org_activity_type_needs_server (type) && (server_id == NULL || *server_id == '\0'))
    {
      g_set_error_literal (error, ADEPT_ERROR, ADEPT_ERROR_BAD_REQUEST,
                           _("Name the MDM server the devices go to."));
      return FALSE;
    }
  if (adept_org_activity_type_needs_deadline (type) &&
      (deadline <= now || deadline - now > (gint64) ADEPT_BUSINESS_MAX_DEADLINE_DAYS * 86400))
    {
      g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_VALIDATION,
                   _("The MDM migration deadline must be in the future and at most %u days ahead. Choose another date."),
                   ADEPT_BUSINESS_MAX_DEADLINE_DAYS);
      return FALSE;
    }
  return TRUE;
}

static GBytes *
activity_body (AdeptOrgActivityType  type,
               const char           *server_id,
               const char * const   *serials,
               gint64                deadline)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  char *text;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "data");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "orgDeviceActivities");
  json_builder_set_member_name (builder, "attributes");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "activityType");
  json_builder_add_string_value (builder, adept_org_activity_type_to_apple (type));
  if (adept_org_activity_type_needs_deadline (type))
    {
      g_autofree char *when = adept_timestamp_format (deadline);

      json_builder_set_member_name (builder, "activityTypeMetadata");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "mdmMigrationDeadlineDateTime");
      json_builder_add_string_value (builder, when);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "relationships");
  json_builder_begin_object (builder);
  if (server_id != NULL && *server_id != '\0')
    {
      json_builder_set_member_name (builder, "mdmServer");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "data");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, "mdmServers");
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, server_id);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
    }
  json_builder_set_member_name (builder, "devices");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "data");
  json_builder_begin_array (builder);
  for (guint i = 0; serials[i] != NULL; i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, "orgDevices");
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, serials[i]);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  return g_bytes_new_take (text, strlen (text));
}

/* The activity in the task data takes what the answer says about it. */
static void
on_activity (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  g_autoptr(JsonObject) root = take_document (ADEPT_BUSINESS_CLIENT (source), result, outer);
  AdeptOrgActivity *activity = g_task_get_task_data (outer);
  JsonObject *resource = root != NULL ? data_object (root) : NULL;

  if (root == NULL)
    return;
  if (resource == NULL || !adept_org_activity_update_from_json (activity, resource))
    return_malformed (outer);
  else
    g_task_return_pointer (outer, g_object_ref (activity), g_object_unref);
}

void
adept_business_client_create_activity_async (AdeptBusinessClient  *self,
                                             AdeptOrgActivityType  type,
                                             const char           *server_id,
                                             const char * const   *serials,
                                             gint64                deadline,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data)
{
  GTask *outer;
  Request *request;
  GError *error = NULL;
  g_autofree char *url = NULL;

  g_return_if_fail (ADEPT_IS_BUSINESS_CLIENT (self));

  outer = outer_new (self, adept_business_client_create_activity_async, cancellable, callback, user_data);
  if (!check_activity (type, server_id, serials, deadline, &error))
    {
      g_task_return_error (outer, error);
      g_object_unref (outer);
      return;
    }
  g_task_set_task_data (outer, adept_org_activity_new (NULL, type, server_id,
                                                       adept_org_activity_type_needs_deadline (type) ? deadline : 0,
                                                       g_strv_length ((char **) serials)),
                        g_object_unref);
  url = g_strconcat (self->api_url, "/v1/orgDeviceActivities", NULL);
  request = request_new (KIND_API, "POST", url);
  request->body = activity_body (type, server_id, serials, deadline);
  request->content_type = JSON_API_TYPE;
  send_async (self, request, cancellable, on_activity, outer);
}

AdeptOrgActivity *
adept_business_client_create_activity_finish (AdeptBusinessClient  *self,
                                              GAsyncResult         *result,
                                              GError              **error)
{
  return outer_finish (self, result, adept_business_client_create_activity_async, error);
}

static void
read_activity (AdeptBusinessClient *self,
               GTask               *outer,
               AdeptOrgActivity    *activity)
{
  g_autofree char *escaped = g_uri_escape_string (adept_org_activity_get_id (activity), NULL, FALSE);
  g_autofree char *path = g_strconcat ("/v1/orgDeviceActivities/", escaped, NULL);

  g_task_set_task_data (outer, g_object_ref (activity), g_object_unref);
  api_get (self, outer, path, on_activity);
}

void
adept_business_client_poll_activity_async (AdeptBusinessClient *self,
                                           AdeptOrgActivity    *activity,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_return_if_fail (ADEPT_IS_BUSINESS_CLIENT (self));
  g_return_if_fail (ADEPT_IS_ORG_ACTIVITY (activity));

  read_activity (self, outer_new (self, adept_business_client_poll_activity_async, cancellable, callback,
                                  user_data), activity);
}

gboolean
adept_business_client_poll_activity_finish (AdeptBusinessClient  *self,
                                            GAsyncResult         *result,
                                            GError              **error)
{
  g_autoptr(AdeptOrgActivity) activity = outer_finish (self, result, adept_business_client_poll_activity_async,
                                                       error);

  return activity != NULL;
}

void
adept_business_client_get_activity_async (AdeptBusinessClient *self,
                                          const char          *id,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(AdeptOrgActivity) activity = NULL;

  g_return_if_fail (ADEPT_IS_BUSINESS_CLIENT (self));
  g_return_if_fail (id != NULL && *id != '\0');

  /* Apple's answer does not say the type: ASSIGN stands in until the store knows better. */
  activity = adept_org_activity_new (id, ADEPT_ORG_ACTIVITY_ASSIGN, NULL, 0, 0);
  read_activity (self, outer_new (self, adept_business_client_get_activity_async, cancellable, callback,
                                  user_data), activity);
}

AdeptOrgActivity *
adept_business_client_get_activity_finish (AdeptBusinessClient  *self,
                                           GAsyncResult         *result,
                                           GError              **error)
{
  return outer_finish (self, result, adept_business_client_get_activity_async, error);
}

static void
on_results (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  g_autoptr(GBytes) body = NULL;
  GPtrArray *results;
  GError *error = NULL;

  body = send_finish (ADEPT_BUSINESS_CLIENT (source), result, &error);
  results = body != NULL ? adept_org_device_results_from_csv (g_bytes_get_data (body, NULL),
                                                              g_bytes_get_size (body), &error) : NULL;
  if (results == NULL)
    {
      g_task_return_error (outer, error);
      return;
    }
  adept_org_activity_set_results (g_task_get_task_data (outer), results);
  g_task_return_pointer (outer, g_object_ref (g_task_get_task_data (outer)), g_object_unref);
}

void
adept_business_client_fetch_results_async (AdeptBusinessClient *self,
                                           AdeptOrgActivity    *activity,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  const char *url;
  GTask *outer;
  GError *error = NULL;

  g_return_if_fail (ADEPT_IS_BUSINESS_CLIENT (self));
  g_return_if_fail (ADEPT_IS_ORG_ACTIVITY (activity));

  outer = outer_new (self, adept_business_client_fetch_results_async, cancellable, callback, user_data);
  g_task_set_task_data (outer, g_object_ref (activity), g_object_unref);
  url = adept_org_activity_get_download_url (activity);
  if (url == NULL)
    {
      g_set_error_literal (&error, ADEPT_ERROR, ADEPT_ERROR_MALFORMED_RESPONSE,
                           _("Apple gave no log of the activity's devices. Check them in Apple Business."));
      g_task_return_error (outer, error);
      g_object_unref (outer);
      return;
    }
  /* Presigned: the access token stays home; the address must still be safe to use. */
  if (!adept_dep_check_base_url (url, &error))
    {
      g_task_return_error (outer, error);
      g_object_unref (outer);
      return;
    }
  send_async (self, request_new (KIND_DOWNLOAD, "GET", url), cancellable, on_results, outer);
}

gboolean
adept_business_client_fetch_results_finish (AdeptBusinessClient  *self,
                                            GAsyncResult         *result,
                                            GError              **error)
{
  g_autoptr(AdeptOrgActivity) activity = outer_finish (self, result, adept_business_client_fetch_results_async,
                                                       error);

  return activity != NULL;
}
