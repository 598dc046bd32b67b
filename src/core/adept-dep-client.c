/* adept-dep-client.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-dep-client"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <unistd.h>

#include "adept-dep-client.h"
#include "adept-deadline.h"
#include "adept-dep-protocol.h"
#include "adept-dep-records.h"
#include "adept-error.h"
#include "adept-input.h"
#include "adept-json.h"
#include "adept-results-parser.h"
#include "adept-page-parser.h"
#include "adept-retry.h"
#include "adept-secret.h"
#include "adept-tls-pin-database.h"

#define JSON_CONTENT_TYPE "application/json;charset=UTF8"
#define USER_AGENT "Adept/" PACKAGE_VERSION

#define DEFAULT_TIMEOUT_SECONDS 60
#define DEFAULT_MAX_RESPONSE_SIZE (16 * 1024 * 1024)
/* A TLS handshake takes well under a second; one that has not ended after this long is
 * talking to something that is not TLS (https:// to a plain-HTTP port). */
#define DEFAULT_HANDSHAKE_SECONDS 15
#define READ_CHUNK (64 * 1024)
/* Enough of an error body to see Apple's code in a debug log. */
#define LOGGED_BODY 200

struct _AdeptDepClient
{
  GObject             parent_instance;

  char               *base_url;
  AdeptAuthenticator *authenticator;
  SoupSession        *session;
  GTlsDatabase       *extra_cas;
  GTlsCertificate    *pinned;
  gsize               max_response_size;
  guint               max_retries;
  guint               base_delay_ms;
  guint               max_total_ms;
  guint               deadline_s;
  guint               handshake_s;
  AdeptDepErrorTranslateFunc translate;
  gpointer            translate_data;
  GDestroyNotify      translate_destroy;
};

G_DEFINE_FINAL_TYPE (AdeptDepClient, adept_dep_client, G_TYPE_OBJECT)

typedef gpointer (*ParseFunc) (JsonObject  *object,
                               GError     **error);
/* A parser of the whole answer's text, where a tree costs too much: the answers to
 * assign and remove (adept-results-parser.h). It applies adept-json.h's guard itself. */
typedef gpointer (*TextParseFunc) (const char  *data,
                                   gsize        len,
                                   GError     **error);

/* A parser fed a successful answer's body as it arrives, instead of a tree once it is
 * all in: pages of devices (adept-page-parser.h). */
typedef struct {
  gpointer (*begin) (void);
  gboolean (*feed)  (gpointer       parser,
                     gconstpointer  data,
                     gsize          len,
                     GError       **error);
  gpointer (*end)   (gpointer       parser,
                     GError       **error);
  GDestroyNotify free;
} StreamFuncs;

/* One call, across its retries and its auth replay. */
typedef struct {
  char                *method;
  char                *path;
  GBytes              *body;
  char                *content_type;
  ParseFunc            parse;
  TextParseFunc        parse_text;
  const StreamFuncs   *streaming;
  gpointer             parser;       /* of this attempt's answer, when stream is set */
  gsize                received;
  /* Frees what parse returned; NULL: a GObject. */
  GDestroyNotify       result_free;
  AdeptDepPrepareFunc  prepare;
  gpointer             prepare_data;
  gboolean             authorized;
  /* FALSE where a replay after an answer got lost could do the work twice (POST /profile
   * makes a new profile each time): then only failures to connect are retried. */
  gboolean             idempotent;
  /* The answer holds secrets: read buffers are wiped (adept_dep_client_send_async). */
  gboolean             secret;
  gboolean             replayed;
  guint                retries;
  gint64               started;
  SoupMessage         *message;
  GInputStream        *stream;
  GByteArray          *buffer;
  AdeptRetryWait       wait;
  /* deadline.cancellable is the task's: the caller's cancels it, and so do the deadline
   * and a handshake that never ends (then the error says which). */
  AdeptDeadline        deadline;
  GSource             *handshake_source;
  gboolean             handshaking;
  gboolean             not_tls;
  char                *base_url;
} Request;

/* Takes over the caller's reference to the task, as each step hands it to the next. */
static void request_start (GTask *task);

static void
destroy_source (GSource **source)
{
  if (*source != NULL)
    {
      g_source_destroy (*source);
      g_clear_pointer (source, g_source_unref);
    }
}

static void
request_free (gpointer data)
{
  Request *request = data;

  adept_retry_wait_clear (&request->wait);
  destroy_source (&request->handshake_source);
  adept_deadline_clear (&request->deadline);
  g_free (request->base_url);
  g_free (request->method);
  g_free (request->path);
  g_free (request->content_type);
  g_clear_pointer (&request->body, g_bytes_unref);
  if (request->message != NULL)
    g_signal_handlers_disconnect_by_data (request->message, request);
  g_clear_object (&request->message);
  g_clear_object (&request->stream);
  if (request->secret && request->buffer != NULL)
    adept_secret_wipe (request->buffer->data, request->buffer->len);
  g_clear_pointer (&request->buffer, g_byte_array_unref);
  if (request->parser != NULL)
    request->streaming->free (request->parser);
  g_free (request);
}

static void
adept_dep_client_finalize (GObject *object)
{
  AdeptDepClient *self = ADEPT_DEP_CLIENT (object);

  g_free (self->base_url);
  g_clear_object (&self->authenticator);
  g_clear_object (&self->session);
  g_clear_object (&self->extra_cas);
  g_clear_object (&self->pinned);
  if (self->translate_destroy != NULL)
    self->translate_destroy (self->translate_data);

  G_OBJECT_CLASS (adept_dep_client_parent_class)->finalize (object);
}

static void
adept_dep_client_class_init (AdeptDepClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = adept_dep_client_finalize;
}

static void
adept_dep_client_init (AdeptDepClient *self)
{
  self->session = soup_session_new_with_options ("user-agent", USER_AGENT,
                                                 "timeout", DEFAULT_TIMEOUT_SECONDS,
                                                 "idle-timeout", DEFAULT_TIMEOUT_SECONDS,
                                                 NULL);
  self->max_response_size = DEFAULT_MAX_RESPONSE_SIZE;
  self->max_retries = ADEPT_RETRY_DEFAULT_MAX_RETRIES;
  self->base_delay_ms = ADEPT_RETRY_DEFAULT_BASE_DELAY_MS;
  self->max_total_ms = ADEPT_RETRY_DEFAULT_MAX_TOTAL_MS;
  self->deadline_s = ADEPT_DEADLINE_DEFAULT_SECONDS;
  self->handshake_s = DEFAULT_HANDSHAKE_SECONDS;
}

AdeptDepClient *
adept_dep_client_new (const char          *base_url,
                      AdeptAuthenticator  *authenticator,
                      GError             **error)
{
  AdeptDepClient *self;
  gsize len;

  g_return_val_if_fail (ADEPT_IS_AUTHENTICATOR (authenticator), NULL);

  if (base_url == NULL)
    base_url = ADEPT_DEP_DEFAULT_BASE_URL;
  if (!adept_dep_check_base_url (base_url, error))
    return NULL;

  self = g_object_new (ADEPT_TYPE_DEP_CLIENT, NULL);
  self->authenticator = g_object_ref (authenticator);
  len = strlen (base_url);
  while (len > 0 && base_url[len - 1] == '/')
    len--;
  self->base_url = g_strndup (base_url, len);
  return self;
}

const char *
adept_dep_client_get_base_url (AdeptDepClient *self)
{
  g_return_val_if_fail (ADEPT_IS_DEP_CLIENT (self), NULL);
  return self->base_url;
}

AdeptAuthenticator *
adept_dep_client_get_authenticator (AdeptDepClient *self)
{
  g_return_val_if_fail (ADEPT_IS_DEP_CLIENT (self), NULL);
  return self->authenticator;
}

static gboolean
set_tls_file_error (GError     **error,
                    const char  *path,
                    GError      *cause)
{
  g_autofree char *name = g_filename_display_name (path);

  g_debug ("TLS file %s: %s", name, cause->message);
  /* The bounded reader's sentence says what is wrong with the file itself. */
  if (g_error_matches (cause, ADEPT_ERROR, ADEPT_ERROR_FILE))
    g_set_error_literal (error, ADEPT_ERROR, ADEPT_ERROR_TLS, cause->message);
  else
    g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_TLS,
                 _("The certificate file “%s” could not be read. Use a PEM file with the certificate of the server or its authority."),
                 name);
  return FALSE;
}

/* GIO's TLS files are read by path, and a file database reads its file again whenever
 * it makes credentials: the path given is opened once through the bounded reader's checks
 * (a regular file within the limit), and GIO always reads that very file through
 * /proc/self/fd, the descriptor living as long as the database. */
static char *
open_tls_file (const char  *path,
               int         *fd,
               GError     **error)
{
  *fd = adept_input_open (path, ADEPT_INPUT_CA_FILE, error);
  return *fd >= 0 ? g_strdup_printf ("/proc/self/fd/%d", *fd) : NULL;
}

static void
close_fd (gpointer data)
{
  close (GPOINTER_TO_INT (data));
}

static GTlsDatabase *
new_file_database (const char  *opened,
                   int          fd,
                   GError     **error)
{
  GTlsDatabase *database = g_tls_file_database_new (opened, error);

  if (database == NULL)
    return NULL;
  g_object_set_data_full (G_OBJECT (database), "adept-fd", GINT_TO_POINTER (fd), close_fd);
  return database;
}

static GTlsDatabase *
open_ca_database (const char  *path,
                  GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  GTlsDatabase *database = NULL;
  g_autofree char *opened = NULL;
  int fd;

  opened = open_tls_file (path, &fd, &local_error);
  if (opened != NULL && (database = new_file_database (opened, fd, &local_error)) == NULL)
    close (fd);
  if (database == NULL)
    set_tls_file_error (error, path, local_error);
  return database;
}

gboolean
adept_dep_client_set_tls_ca_file (AdeptDepClient  *self,
                                  const char      *path,
                                  GError         **error)
{
  g_autoptr(GTlsDatabase) database = NULL;

  g_return_val_if_fail (ADEPT_IS_DEP_CLIENT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  database = open_ca_database (path, error);
  if (database == NULL)
    return FALSE;
  g_set_object (&self->extra_cas, database);
  return TRUE;
}

gboolean
adept_dep_client_set_pinned_certificate (AdeptDepClient  *self,
                                         const char      *path,
                                         GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GTlsDatabase) database = NULL;
  g_autofree char *opened = NULL;
  int fd;

  g_return_val_if_fail (ADEPT_IS_DEP_CLIENT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  opened = open_tls_file (path, &fd, &local_error);
  if (opened != NULL)
    {
      certificate = g_tls_certificate_new_from_file (opened, &local_error);
      /* A database holding only the pin makes every other certificate fail verification,
       * so even one a system CA vouches for reaches accept_certificate() and is refused
       * there. */
      if (certificate != NULL)
        database = new_file_database (opened, fd, &local_error);
      if (database == NULL)
        close (fd);
    }
  if (database == NULL)
    return set_tls_file_error (error, path, local_error);
  soup_session_set_tls_database (self->session, database);
  g_set_object (&self->pinned, certificate);
  return TRUE;
}

gboolean
adept_dep_client_set_pinned_sha256 (AdeptDepClient  *self,
                                    const char      *pin,
                                    GError         **error)
{
  g_autoptr(GTlsDatabase) database = NULL;

  g_return_val_if_fail (ADEPT_IS_DEP_CLIENT (self), FALSE);

  database = adept_tls_pin_database_new (pin, error);
  if (database == NULL)
    return FALSE;
  /* The pin decides alone: neither the system's CAs nor a CA file may vouch for another
   * certificate, and accept_certificate() has nothing to accept with. */
  soup_session_set_tls_database (self->session, database);
  g_clear_object (&self->pinned);
  g_clear_object (&self->extra_cas);
  return TRUE;
}

gboolean
adept_dep_check_tls_ca_file (const char  *path,
                             GError     **error)
{
  g_autoptr(GTlsDatabase) database = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (path != NULL, FALSE);

  database = open_ca_database (path, &local_error);
  if (database != NULL)
    return TRUE;
  /* A file given, not a connection that failed. */
  local_error->code = ADEPT_ERROR_CERT_INVALID;
  g_propagate_error (error, local_error);
  return FALSE;
}

void
adept_dep_client_set_timeout (AdeptDepClient *self,
                              guint           seconds)
{
  g_return_if_fail (ADEPT_IS_DEP_CLIENT (self));
  g_object_set (self->session, "timeout", seconds, "idle-timeout", seconds, NULL);
}

void
adept_dep_client_set_deadline (AdeptDepClient *self,
                               guint           seconds)
{
  g_return_if_fail (ADEPT_IS_DEP_CLIENT (self));
  g_return_if_fail (seconds > 0);
  self->deadline_s = seconds;
}

void
adept_dep_client_set_handshake_timeout (AdeptDepClient *self,
                                        guint           seconds)
{
  g_return_if_fail (ADEPT_IS_DEP_CLIENT (self));
  g_return_if_fail (seconds > 0);
  self->handshake_s = seconds;
}

void
adept_dep_client_set_max_response_size (AdeptDepClient *self,
                                        gsize           bytes)
{
  g_return_if_fail (ADEPT_IS_DEP_CLIENT (self));
  self->max_response_size = bytes;
}

void
adept_dep_client_set_retry_policy (AdeptDepClient *self,
                                   guint           max_retries,
                                   guint           base_delay_ms,
                                   guint           max_total_ms)
{
  g_return_if_fail (ADEPT_IS_DEP_CLIENT (self));
  self->max_retries = max_retries;
  self->base_delay_ms = base_delay_ms;
  self->max_total_ms = max_total_ms;
}

/* Runs only for certificates the session's database did not accept. */
static gboolean
accept_certificate (SoupMessage          *message,
                    GTlsCertificate      *peer,
                    GTlsCertificateFlags  errors,
                    AdeptDepClient       *self)
{
  g_autoptr(GSocketConnectable) identity = NULL;
  g_autoptr(GError) error = NULL;
  GUri *uri = soup_message_get_uri (message);
  GTlsCertificateFlags flags;

  if (self->pinned != NULL)
    return g_tls_certificate_is_same (peer, self->pinned);
  /* A SHA-256 pin decides alone, whatever CA file was added after it. */
  if (self->extra_cas == NULL || ADEPT_IS_TLS_PIN_DATABASE (soup_session_get_tls_database (self->session)))
    return FALSE;

  identity = g_network_address_new (g_uri_get_host (uri), g_uri_get_port (uri));
  flags = g_tls_database_verify_chain (self->extra_cas, peer,
                                       G_TLS_DATABASE_PURPOSE_AUTHENTICATE_SERVER, identity,
                                       NULL, G_TLS_DATABASE_VERIFY_NONE, NULL, &error);
  if (error != NULL)
    g_debug ("Verifying with the extra CAs: %s", error->message);
  return error == NULL && flags == 0;
}

static char *
printable_excerpt (GBytes *body)
{
  gsize len = 0;
  const char *data = body ? g_bytes_get_data (body, &len) : NULL;
  char *text = g_strndup (data ? data : "", MIN (len, LOGGED_BODY));

  for (char *p = text; *p; p++)
    if (!g_ascii_isprint (*p))
      *p = ' ';
  return text;
}

static void
return_parsed (GTask   *task,
               Request *request,
               GBytes  *body)
{
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GError) error = NULL;
  gpointer result;
  gsize len = 0;
  const char *data = g_bytes_get_data (body, &len);

  if (request->parse_text != NULL)
    result = request->parse_text (data, len, &error);
  else if ((object = adept_json_parse_object (data, len, ADEPT_JSON_SOURCE_SERVER, &error)) != NULL)
    result = request->parse (object, &error);
  else
    result = NULL;
  if (result == NULL)
    g_debug ("%s %s: %s", request->method, request->path, error->message);
  if (result == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, result, request->result_free ? request->result_free : g_object_unref);
}

/* TRUE and the wait in *delay_ms when another attempt fits the policy. */
static gboolean
may_retry (AdeptDepClient *self,
           Request        *request,
           gint64          retry_after,
           guint          *delay_ms)
{
  AdeptRetryPolicy policy = { self->max_retries, self->base_delay_ms, self->max_total_ms };

  return adept_retry_next_delay (&policy, request->retries, request->started, retry_after, delay_ms);
}

static void
wait_over (gpointer data)
{
  GTask *task = data;

  if (!g_task_return_error_if_cancelled (task))
    request_start (g_object_ref (task));
}

static void
retry_later (GTask *task,
             guint  delay_ms)
{
  Request *request = g_task_get_task_data (task);

  request->retries++;
  g_debug ("%s %s: attempt %u in %u ms", request->method, request->path,
           request->retries + 1, delay_ms);
  adept_retry_wait_start (&request->wait, delay_ms, g_task_get_cancellable (task), g_task_get_context (task),
                          wait_over, g_object_ref (task), g_object_unref);
}

static void
transport_failed (GTask  *task,
                  GError *error)
{
  AdeptDepClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  gboolean cancelled = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  GError *translated = NULL;
  guint delay_ms;

  g_debug ("%s %s: %s", request->method, request->path, error->message);

  /* A handshake that broke off or never ended: whatever answered is not a TLS server,
   * and trying again would only wait again. (A certificate refused during the handshake
   * is a TLS error of its own, below.) */
  if (request->not_tls || g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_NOT_TLS) ||
      (!cancelled && request->handshaking && error->domain != G_TLS_ERROR))
    {
      g_task_return_new_error (task, ADEPT_ERROR, ADEPT_ERROR_TLS,
                               _("The server at %s did not answer with TLS. Check the address’s scheme (https:// or http://) and port."),
                               request->base_url);
      g_error_free (error);
      return;
    }

  if (cancelled)
    {
      g_task_return_error (task, error);
      return;
    }

  if (error->domain != G_TLS_ERROR &&
      (request->idempotent || !adept_retry_reached_server (error)) &&
      may_retry (self, request, -1, &delay_ms))
    {
      g_error_free (error);
      retry_later (task, delay_ms);
      return;
    }

  if (self->translate != NULL &&
      self->translate (request->message, NULL, error, FALSE, &translated, self->translate_data))
    {
      g_error_free (error);
      g_task_return_error (task, translated);
      return;
    }

  if (error->domain == G_TLS_ERROR)
    {
      g_task_return_new_error (task, ADEPT_ERROR, ADEPT_ERROR_TLS, "%s",
                               adept_error_default_message (ADEPT_ERROR_TLS));
      g_error_free (error);
      return;
    }

  g_error_free (error);
  g_task_return_new_error (task, ADEPT_ERROR, ADEPT_ERROR_NETWORK, "%s",
                           adept_error_default_message (ADEPT_ERROR_NETWORK));
}

static void
response_complete (GTask *task)
{
  AdeptDepClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autoptr(GBytes) body = g_byte_array_free_to_bytes (g_steal_pointer (&request->buffer));
  SoupMessage *message = request->message;
  guint status = soup_message_get_status (message);
  SoupMessageHeaders *headers = soup_message_get_response_headers (message);
  g_autoptr(GError) error = NULL;
  gboolean retryable;
  gint64 retry_after;
  guint delay_ms;
  gsize len = 0;
  const char *data = g_bytes_get_data (body, &len);

  g_clear_object (&request->stream);
  g_debug ("%s %s: HTTP %u, %" G_GSIZE_FORMAT " bytes", request->method, request->path, status, len);

  if (request->authorized)
    adept_authenticator_response_received (self->authenticator, message);

  if (request->parser != NULL)
    {
      gpointer result = request->streaming->end (request->parser, &error);

      if (result != NULL)
        g_task_return_pointer (task, result, g_object_unref);
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      if (request->parse != NULL || request->parse_text != NULL)
        return_parsed (task, request, body);
      else
        g_task_return_pointer (task, g_steal_pointer (&body), (GDestroyNotify) g_bytes_unref);
      return;
    }

  /* Error bodies carry Apple's code, never a secret; success bodies are not logged. */
  if (g_log_writer_default_would_drop (G_LOG_LEVEL_DEBUG, G_LOG_DOMAIN) == FALSE)
    {
      g_autofree char *excerpt = printable_excerpt (body);

      g_debug ("%s %s: answer “%s”", request->method, request->path, excerpt);
    }

  if ((status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN) &&
      request->authorized && !request->replayed &&
      adept_authenticator_handle_rejection (self->authenticator, message, body))
    {
      request->replayed = TRUE;
      g_debug ("%s %s: authorizing again and replaying once", request->method, request->path);
      request_start (g_object_ref (task));
      return;
    }

  retry_after = adept_dep_parse_retry_after (soup_message_headers_get_one (headers, "Retry-After"), NULL);
  retryable = (status == ADEPT_DEP_STATUS_TOO_MANY_REQUESTS || status >= 500) &&
              may_retry (self, request, retry_after, &delay_ms);
  if (self->translate != NULL &&
      self->translate (message, body, NULL, retryable, &error, self->translate_data))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (retryable)
    {
      retry_later (task, delay_ms);
      return;
    }

  adept_dep_set_error_from_response (&error, status, data, len, retry_after);
  g_task_return_error (task, g_steal_pointer (&error));
}

static void read_next (GTask *task);

/* A secret answer is read into one buffer that never grows (a reallocation would leave a
 * copy behind in freed memory). */
static gsize
max_answer_size (AdeptDepClient *self,
                 Request        *request)
{
  return request->secret ? MIN (self->max_response_size, READ_CHUNK) : self->max_response_size;
}

static void
wipe_if_secret (Request *request,
                GBytes  *chunk)
{
  if (request->secret)
    adept_secret_wipe ((gpointer) g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
}

static gboolean
too_large (GTask *task)
{
  Request *request = g_task_get_task_data (task);

  g_debug ("%s %s: answer larger than the cap", request->method, request->path);
  g_clear_object (&request->stream);
  g_task_return_new_error (task, ADEPT_ERROR, ADEPT_ERROR_RESPONSE_TOO_LARGE, "%s",
                           adept_error_default_message (ADEPT_ERROR_RESPONSE_TOO_LARGE));
  return FALSE;
}

/* The answer is bad already: no need to read the rest. */
static void
streamed_answer_failed (GTask  *task,
                        GError *error)
{
  AdeptDepClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);

  g_debug ("%s %s: %s", request->method, request->path, error->message);
  g_clear_object (&request->stream);
  if (request->authorized)
    adept_authenticator_response_received (self->authenticator, request->message);
  g_task_return_error (task, error);
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AdeptDepClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autoptr(GBytes) chunk = NULL;
  GError *error = NULL;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (chunk == NULL)
    {
      g_clear_object (&request->stream);
      transport_failed (task, error);
      return;
    }
  if (g_bytes_get_size (chunk) == 0)
    {
      response_complete (task);
      return;
    }
  if (request->received + g_bytes_get_size (chunk) > max_answer_size (self, request))
    {
      wipe_if_secret (request, chunk);
      too_large (task);
      return;
    }
  request->received += g_bytes_get_size (chunk);
  if (request->parser != NULL)
    {
      if (!request->streaming->feed (request->parser, g_bytes_get_data (chunk, NULL),
                                  g_bytes_get_size (chunk), &error))
        {
          streamed_answer_failed (task, error);
          return;
        }
    }
  else
    g_byte_array_append (request->buffer, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  wipe_if_secret (request, chunk);
  read_next (g_steal_pointer (&task));
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
  g_autoptr(GTask) task = user_data;
  AdeptDepClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  SoupMessageHeaders *headers;
  GError *error = NULL;
  goffset length;

  request->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (request->stream == NULL)
    {
      transport_failed (task, error);
      return;
    }

  headers = soup_message_get_response_headers (request->message);
  length = soup_message_headers_get_content_length (headers);
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      length > 0 && (guint64) length > max_answer_size (self, request))
    {
      too_large (task);
      return;
    }

  request->buffer = request->secret ? g_byte_array_sized_new (READ_CHUNK) : g_byte_array_new ();
  request->received = 0;
  if (request->parser != NULL)
    g_clear_pointer (&request->parser, request->streaming->free);
  /* Error answers are read whole: their code is parsed from the buffer. */
  if (request->streaming != NULL && SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (request->message)))
    request->parser = request->streaming->begin ();
  read_next (g_steal_pointer (&task));
}

static void
request_send (GTask *task)
{
  AdeptDepClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);

  soup_session_send_async (self->session, request->message, G_PRIORITY_DEFAULT,
                           g_task_get_cancellable (task), sent_cb, task);
}

static void
authorized_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!adept_authenticator_authorize_finish (ADEPT_AUTHENTICATOR (object), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  request_send (g_steal_pointer (&task));
}

/* libsoup sends a message again by itself when a kept-alive connection closes before the
 * answer, but with its body already read: a PUT of an assignment went out empty, and
 * Apple (the simulator) refused it as without a profile. Each time, the whole body. */
static void
restore_body (SoupMessage *message,
              Request     *request)
{
  soup_message_set_request_body_from_bytes (message,
                                            request->content_type ? request->content_type : JSON_CONTENT_TYPE,
                                            request->body);
}

static SoupMessage *
new_message (AdeptDepClient *self,
             Request        *request)
{
  g_autofree char *url = g_strconcat (self->base_url, request->path, NULL);
  SoupMessage *message = soup_message_new (request->method, url);
  SoupMessageHeaders *headers;

  g_assert (message != NULL);
  /* A redirect could lead to a host or scheme adept_dep_check_base_url() never saw. */
  soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT);
  headers = soup_message_get_request_headers (message);
  soup_message_headers_replace (headers, "Accept", JSON_CONTENT_TYPE);
  soup_message_headers_replace (headers, "X-Server-Protocol-Version", ADEPT_DEP_PROTOCOL_VERSION);
  if (request->body != NULL)
    {
      restore_body (message, request);
      g_signal_connect (message, "restarted", G_CALLBACK (restore_body), request);
    }
  g_signal_connect_object (message, "accept-certificate", G_CALLBACK (accept_certificate), self, 0);
  return message;
}

static gboolean
handshake_too_long (gpointer user_data)
{
  Request *request = user_data;

  g_debug ("%s %s: no TLS handshake after the timeout", request->method, request->path);
  request->not_tls = TRUE;
  g_clear_pointer (&request->handshake_source, g_source_unref);
  g_cancellable_cancel (request->deadline.cancellable);
  return G_SOURCE_REMOVE;
}

/* Follows the TLS handshake, to tell "not a TLS server" from "could not be reached". */
static void
on_network_event (SoupMessage        *message,
                  GSocketClientEvent  event,
                  GIOStream          *connection,
                  gpointer            user_data)
{
  GTask *task = user_data;
  AdeptDepClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);

  if (event == G_SOCKET_CLIENT_TLS_HANDSHAKING)
    {
      request->handshaking = TRUE;
      destroy_source (&request->handshake_source);
      request->handshake_source = g_timeout_source_new_seconds (self->handshake_s);
      g_source_set_callback (request->handshake_source, handshake_too_long, request, NULL);
      g_source_attach (request->handshake_source, g_task_get_context (task));
    }
  else if (event == G_SOCKET_CLIENT_TLS_HANDSHAKED)
    {
      request->handshaking = FALSE;
      destroy_source (&request->handshake_source);
    }
}

static void
request_start (GTask *task)
{
  AdeptDepClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);

  g_clear_object (&request->message);
  request->message = new_message (self, request);
  request->handshaking = FALSE;
  destroy_source (&request->handshake_source);
  g_signal_connect (request->message, "network-event", G_CALLBACK (on_network_event), task);

  if (request->authorized)
    {
      adept_authenticator_authorize_async (self->authenticator, self, request->message,
                                           g_task_get_cancellable (task), authorized_cb, task);
      return;
    }
  if (request->prepare != NULL)
    request->prepare (request->message, request->prepare_data);
  request_send (task);
}

static Request *
request_new (const char *method,
             const char *path,
             JsonObject *body)
{
  Request *request = g_new0 (Request, 1);

  request->method = g_strdup (method);
  request->path = g_strdup (path);
  request->idempotent = TRUE;
  request->started = g_get_monotonic_time ();
  if (body != NULL)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
      char *text;

      json_node_take_object (node, body);
      text = json_to_string (node, FALSE);
      request->body = g_bytes_new_take (text, strlen (text));
    }
  return request;
}

static void
run (AdeptDepClient      *self,
     gpointer             source_tag,
     Request             *request,
     GCancellable        *cancellable,
     GAsyncReadyCallback  callback,
     gpointer             user_data)
{
  GTask *task;

  request->base_url = g_strdup (self->base_url);
  adept_deadline_start (&request->deadline, self->deadline_s, cancellable);
  task = g_task_new (self, request->deadline.cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, request, request_free);
  /* The result stands as returned: a deadline passing between the answer and its
   * delivery changes nothing. call_finish() tells a deadline from a cancellation. */
  g_task_set_check_cancellable (task, FALSE);
  request_start (task);
}

static void
call_full (AdeptDepClient      *self,
           gpointer             source_tag,
           const char          *method,
           const char          *path,
           JsonObject          *body,
           ParseFunc            parse,
           GDestroyNotify       result_free,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  Request *request = request_new (method, path, body);

  request->authorized = TRUE;
  request->parse = parse;
  request->result_free = result_free;
  run (self, source_tag, request, cancellable, callback, user_data);
}

static void
call_streamed (AdeptDepClient      *self,
               gpointer             source_tag,
               const char          *method,
               const char          *path,
               JsonObject          *body,
               const StreamFuncs   *stream,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  Request *request = request_new (method, path, body);

  request->authorized = TRUE;
  request->streaming = stream;
  run (self, source_tag, request, cancellable, callback, user_data);
}

static void
call (AdeptDepClient      *self,
      gpointer             source_tag,
      const char          *method,
      const char          *path,
      JsonObject          *body,
      ParseFunc            parse,
      GCancellable        *cancellable,
      GAsyncReadyCallback  callback,
      gpointer             user_data)
{
  call_full (self, source_tag, method, path, body, parse, NULL, cancellable, callback, user_data);
}

/* The task's result; a cancellation the deadline caused becomes the network error it is. */
static gpointer
propagate (GTask   *task,
           GError **error)
{
  Request *request = g_task_get_task_data (task);
  GError *local_error = NULL;
  gpointer result = g_task_propagate_pointer (task, &local_error);

  if (result == NULL && request != NULL)
    adept_deadline_explain (&request->deadline, request->base_url, &local_error);
  if (local_error != NULL)
    g_propagate_error (error, local_error);
  return result;
}

static gpointer
call_finish (AdeptDepClient  *self,
             GAsyncResult    *result,
             gpointer         source_tag,
             GError         **error)
{
  g_return_val_if_fail (ADEPT_IS_DEP_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return propagate (G_TASK (result), error);
}

void
adept_dep_client_send_unauthorized_async (AdeptDepClient      *self,
                                          const char          *method,
                                          const char          *path,
                                          AdeptDepPrepareFunc  prepare,
                                          gpointer             prepare_data,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  Request *request;

  g_return_if_fail (ADEPT_IS_DEP_CLIENT (self));
  g_return_if_fail (method != NULL && path != NULL && path[0] == '/');

  request = request_new (method, path, NULL);
  request->prepare = prepare;
  request->prepare_data = prepare_data;
  run (self, adept_dep_client_send_unauthorized_async, request, cancellable, callback, user_data);
}

GBytes *
adept_dep_client_send_unauthorized_finish (AdeptDepClient  *self,
                                           GAsyncResult    *result,
                                           GError         **error)
{
  return call_finish (self, result, adept_dep_client_send_unauthorized_async, error);
}

void
adept_dep_client_set_error_translator (AdeptDepClient             *self,
                                       AdeptDepErrorTranslateFunc  translate,
                                       gpointer                    user_data,
                                       GDestroyNotify              destroy)
{
  g_return_if_fail (ADEPT_IS_DEP_CLIENT (self));

  if (self->translate_destroy != NULL)
    self->translate_destroy (self->translate_data);
  self->translate = translate;
  self->translate_data = user_data;
  self->translate_destroy = destroy;
}

void
adept_dep_client_send_async (AdeptDepClient      *self,
                             const char          *method,
                             const char          *path,
                             const char          *content_type,
                             GBytes              *body,
                             AdeptDepSendFlags    flags,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  Request *request;

  g_return_if_fail (ADEPT_IS_DEP_CLIENT (self));
  g_return_if_fail (method != NULL && path != NULL && path[0] == '/');

  request = request_new (method, path, NULL);
  request->authorized = TRUE;
  request->content_type = g_strdup (content_type);
  request->body = body != NULL ? g_bytes_ref (body) : NULL;
  request->idempotent = (flags & ADEPT_DEP_SEND_NOT_IDEMPOTENT) == 0;
  request->secret = (flags & ADEPT_DEP_SEND_SECRET_ANSWER) != 0;
  run (self, adept_dep_client_send_async, request, cancellable, callback, user_data);
}

GBytes *
adept_dep_client_send_finish (AdeptDepClient  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  return call_finish (self, result, adept_dep_client_send_async, error);
}

static JsonObject *
serials_body (const char * const *serials)
{
  JsonObject *body = json_object_new ();

  json_object_set_array_member (body, "devices", adept_dep_json_array_from_strv (serials));
  return body;
}

static gboolean
check_batch (const char * const  *serials,
             GError             **error)
{
  guint n = serials ? g_strv_length ((char **) serials) : 0;

  if (n <= ADEPT_DEP_MAX_BATCH)
    return TRUE;
  g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_BAD_REQUEST,
               _("Apple takes at most %u devices in one request, and %u were given. Send them in several batches."),
               ADEPT_DEP_MAX_BATCH, n);
  return FALSE;
}

static gpointer
parse_account (JsonObject  *object,
               GError     **error)
{
  return adept_dep_account_new_from_json (object, error);
}

static gpointer
page_begin (void)
{
  return adept_page_parser_new ();
}

static gboolean
page_feed (gpointer       parser,
           gconstpointer  data,
           gsize          len,
           GError       **error)
{
  return adept_page_parser_feed (parser, data, len, error);
}

static gpointer
page_end (gpointer   parser,
          GError   **error)
{
  return adept_page_parser_finish (parser, error);
}

static const StreamFuncs page_stream = {
  page_begin, page_feed, page_end, (GDestroyNotify) adept_page_parser_free,
};

static gpointer
parse_results (JsonObject  *object,
               GError     **error)
{
  return adept_device_results_new_from_json (object, error);
}

static gpointer
parse_results_text (const char  *data,
                    gsize        len,
                    GError     **error)
{
  return adept_results_parse_answer (data, len, error);
}

static gpointer
parse_profile (JsonObject  *object,
               GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  AdeptDepProfile *profile = adept_dep_profile_new_from_json (object, &local_error);

  /* A wrong type in Apple's answer is the answer's fault, not a value to correct. */
  if (profile == NULL)
    {
      g_autofree char *reason = g_strdup_printf (_("the profile’s “%s” has the wrong type"),
                                                 adept_error_get_field (local_error));

      adept_json_set_malformed (error, ADEPT_JSON_SOURCE_SERVER, reason);
    }
  return profile;
}

void
adept_dep_client_get_account_async (AdeptDepClient      *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (ADEPT_IS_DEP_CLIENT (self));

  call (self, adept_dep_client_get_account_async, "GET", "/account", NULL, parse_account,
        cancellable, callback, user_data);
}

AdeptDepAccount *
adept_dep_client_get_account_finish (AdeptDepClient  *self,
                                     GAsyncResult    *result,
                                     GError         **error)
{
  return call_finish (self, result, adept_dep_client_get_account_async, error);
}

static JsonObject *
page_body (const char *cursor,
           guint       limit)
{
  JsonObject *body = json_object_new ();

  if (cursor != NULL && *cursor != '\0')
    json_object_set_string_member (body, "cursor", cursor);
  if (limit > 0)
    json_object_set_int_member (body, "limit", limit);
  return body;
}

void
adept_dep_client_fetch_devices_async (AdeptDepClient      *self,
                                      const char          *cursor,
                                      guint                limit,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (ADEPT_IS_DEP_CLIENT (self));
  g_return_if_fail (limit <= ADEPT_DEP_MAX_PAGE_SIZE);

  call_streamed (self, adept_dep_client_fetch_devices_async, "POST", "/server/devices",
                 page_body (cursor, limit), &page_stream, cancellable, callback, user_data);
}

AdeptFetchPage *
adept_dep_client_fetch_devices_finish (AdeptDepClient  *self,
                                       GAsyncResult    *result,
                                       GError         **error)
{
  return call_finish (self, result, adept_dep_client_fetch_devices_async, error);
}

void
adept_dep_client_sync_devices_async (AdeptDepClient      *self,
                                     const char          *cursor,
                                     guint                limit,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (ADEPT_IS_DEP_CLIENT (self));
  g_return_if_fail (cursor != NULL);
  g_return_if_fail (limit <= ADEPT_DEP_MAX_PAGE_SIZE);

  call_streamed (self, adept_dep_client_sync_devices_async, "POST", "/devices/sync",
                 page_body (cursor, limit), &page_stream, cancellable, callback, user_data);
}

AdeptFetchPage *
adept_dep_client_sync_devices_finish (AdeptDepClient  *self,
                                      GAsyncResult    *result,
                                      GError         **error)
{
  return call_finish (self, result, adept_dep_client_sync_devices_async, error);
}

void
adept_dep_client_get_device_details_async (AdeptDepClient      *self,
                                           const char * const  *serials,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_return_if_fail (ADEPT_IS_DEP_CLIENT (self));

  call (self, adept_dep_client_get_device_details_async, "POST", "/devices",
        serials_body (serials), parse_results, cancellable, callback, user_data);
}

AdeptDeviceResults *
adept_dep_client_get_device_details_finish (AdeptDepClient  *self,
                                            GAsyncResult    *result,
                                            GError         **error)
{
  return call_finish (self, result, adept_dep_client_get_device_details_async, error);
}

void
adept_dep_client_disown_devices_async (AdeptDepClient      *self,
                                       const char * const  *serials,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_return_if_fail (ADEPT_IS_DEP_CLIENT (self));

  call (self, adept_dep_client_disown_devices_async, "POST", "/devices/disown",
        serials_body (serials), parse_results, cancellable, callback, user_data);
}

AdeptDeviceResults *
adept_dep_client_disown_devices_finish (AdeptDepClient  *self,
                                        GAsyncResult    *result,
                                        GError         **error)
{
  return call_finish (self, result, adept_dep_client_disown_devices_async, error);
}

void
adept_dep_client_define_profile_async (AdeptDepClient      *self,
                                       AdeptDepProfile     *profile,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  JsonObject *body;
  Request *request;

  g_return_if_fail (ADEPT_IS_DEP_CLIENT (self));
  g_return_if_fail (ADEPT_IS_DEP_PROFILE (profile));

  body = adept_dep_profile_to_json (profile);
  /* Apple makes the UUID; a stale one in the body would only confuse it. */
  json_object_remove_member (body, "profile_uuid");
  request = request_new ("POST", "/profile", body);
  request->authorized = TRUE;
  request->idempotent = FALSE;
  request->parse = parse_results;
  run (self, adept_dep_client_define_profile_async, request, cancellable, callback, user_data);
}

AdeptDeviceResults *
adept_dep_client_define_profile_finish (AdeptDepClient  *self,
                                        GAsyncResult    *result,
                                        GError         **error)
{
  return call_finish (self, result, adept_dep_client_define_profile_async, error);
}

void
adept_dep_client_get_profile_async (AdeptDepClient      *self,
                                    const char          *profile_uuid,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (ADEPT_IS_DEP_CLIENT (self));
  g_return_if_fail (profile_uuid != NULL);

  escaped = g_uri_escape_string (profile_uuid, NULL, FALSE);
  path = g_strconcat ("/profile?profile_uuid=", escaped, NULL);
  call (self, adept_dep_client_get_profile_async, "GET", path, NULL, parse_profile,
        cancellable, callback, user_data);
}

AdeptDepProfile *
adept_dep_client_get_profile_finish (AdeptDepClient  *self,
                                     GAsyncResult    *result,
                                     GError         **error)
{
  return call_finish (self, result, adept_dep_client_get_profile_async, error);
}

/* {"devices": [serials], "profile_uuid": uuid} written directly: a tree of 1,000
 * strings and its generator cost more than storing the answer. */
static GBytes *
batch_body (const char         *profile_uuid,
            const char * const *serials)
{
  GString *text = g_string_sized_new (64 + (serials ? g_strv_length ((char **) serials) : 0) * 16);

  g_string_append (text, "{\"devices\":[");
  for (guint i = 0; serials != NULL && serials[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (text, ',');
      adept_json_append_string (text, serials[i]);
    }
  g_string_append_c (text, ']');
  if (profile_uuid != NULL)
    {
      g_string_append (text, ",\"profile_uuid\":");
      adept_json_append_string (text, profile_uuid);
    }
  g_string_append_c (text, '}');
  return g_string_free_to_bytes (text);
}

/* Assign and remove: at most ADEPT_DEP_MAX_BATCH serials, refused before sending. */
static void
call_for_batch (AdeptDepClient      *self,
                gpointer             source_tag,
                const char          *method,
                const char          *profile_uuid,
                const char * const  *serials,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  GError *error = NULL;
  Request *request;

  if (!check_batch (serials, &error))
    {
      g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

      g_task_set_source_tag (task, source_tag);
      g_task_return_error (task, error);
      return;
    }
  request = request_new (method, "/profile/devices", NULL);
  request->body = batch_body (profile_uuid, serials);
  request->authorized = TRUE;
  request->parse_text = parse_results_text;
  run (self, source_tag, request, cancellable, callback, user_data);
}

void
adept_dep_client_assign_profile_async (AdeptDepClient      *self,
                                       const char          *profile_uuid,
                                       const char * const  *serials,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_return_if_fail (ADEPT_IS_DEP_CLIENT (self));
  g_return_if_fail (profile_uuid != NULL);

  /* PUT: what depsim and most clients use; Apple accepts it as well as POST. */
  call_for_batch (self, adept_dep_client_assign_profile_async, "PUT", profile_uuid, serials,
                  cancellable, callback, user_data);
}

AdeptDeviceResults *
adept_dep_client_assign_profile_finish (AdeptDepClient  *self,
                                        GAsyncResult    *result,
                                        GError         **error)
{
  return call_finish (self, result, adept_dep_client_assign_profile_async, error);
}

void
adept_dep_client_remove_profile_async (AdeptDepClient      *self,
                                       const char * const  *serials,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_return_if_fail (ADEPT_IS_DEP_CLIENT (self));

  call_for_batch (self, adept_dep_client_remove_profile_async, "DELETE", NULL, serials,
                  cancellable, callback, user_data);
}

AdeptDeviceResults *
adept_dep_client_remove_profile_finish (AdeptDepClient  *self,
                                        GAsyncResult    *result,
                                        GError         **error)
{
  return call_finish (self, result, adept_dep_client_remove_profile_async, error);
}

/* ---- Activation Lock, replacements, account-driven enrollment, beta tokens ---- */

static gpointer
parse_lock_answer (JsonObject  *object,
                   GError     **error)
{
  return adept_lock_answer_new_from_json (object, error);
}

void
adept_dep_client_activation_lock_async (AdeptDepClient      *self,
                                        const char          *serial,
                                        const char          *escrow_key,
                                        const char          *lost_message,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  JsonObject *body;
  Request *request;

  g_return_if_fail (ADEPT_IS_DEP_CLIENT (self));
  g_return_if_fail (serial != NULL && *serial != '\0');

  body = json_object_new ();
  json_object_set_string_member (body, "device", serial);
  if (escrow_key != NULL)
    json_object_set_string_member (body, "escrow_key", escrow_key);
  if (lost_message != NULL && *lost_message != '\0')
    json_object_set_string_member (body, "lost_message", lost_message);
  request = request_new ("POST", "/device/activationlock", body);
  request->authorized = TRUE;
  /* A lost answer may hide a lock that took: asking again could only get
   * DEVICE_ALREADY_LOCKED, which would read as a failure. */
  request->idempotent = FALSE;
  request->parse = parse_lock_answer;
  request->result_free = (GDestroyNotify) adept_lock_answer_free;
  run (self, adept_dep_client_activation_lock_async, request, cancellable, callback, user_data);
}

AdeptLockAnswer *
adept_dep_client_activation_lock_finish (AdeptDepClient  *self,
                                         GAsyncResult    *result,
                                         GError         **error)
{
  return call_finish (self, result, adept_dep_client_activation_lock_async, error);
}

static gpointer
parse_replacement (JsonObject  *object,
                   GError     **error)
{
  return adept_replacement_details_new_from_json (object, error);
}

void
adept_dep_client_get_replacement_details_async (AdeptDepClient      *self,
                                                const char          *serial,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data)
{
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (ADEPT_IS_DEP_CLIENT (self));
  g_return_if_fail (serial != NULL);

  escaped = g_uri_escape_string (serial, NULL, FALSE);
  path = g_strconcat ("/device/replacementDetails?device=", escaped, NULL);
  call_full (self, adept_dep_client_get_replacement_details_async, "GET", path, NULL,
             parse_replacement, (GDestroyNotify) adept_replacement_details_free,
             cancellable, callback, user_data);
}

AdeptReplacementDetails *
adept_dep_client_get_replacement_details_finish (AdeptDepClient  *self,
                                                 GAsyncResult    *result,
                                                 GError         **error)
{
  return call_finish (self, result, adept_dep_client_get_replacement_details_async, error);
}

static gpointer
parse_enrollment (JsonObject  *object,
                  GError     **error)
{
  return adept_account_enrollment_new_from_json (object, error);
}

void
adept_dep_client_get_account_enrollment_async (AdeptDepClient      *self,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data)
{
  g_return_if_fail (ADEPT_IS_DEP_CLIENT (self));

  call_full (self, adept_dep_client_get_account_enrollment_async, "GET",
             "/account-driven-enrollment/profile", NULL, parse_enrollment,
             (GDestroyNotify) adept_account_enrollment_free, cancellable, callback, user_data);
}

/* Apple answers 404 while no URL is set: an answer, not a failure. TRUE unless
 * local_error was another error (then moved to error). */
static gboolean
propagate_unless_not_found (GError  *local_error,
                            GError **error)
{
  if (local_error == NULL)
    return TRUE;
  if (g_error_matches (local_error, ADEPT_ERROR, ADEPT_ERROR_NOT_FOUND))
    {
      g_error_free (local_error);
      return TRUE;
    }
  g_propagate_error (error, local_error);
  return FALSE;
}

AdeptAccountEnrollment *
adept_dep_client_get_account_enrollment_finish (AdeptDepClient  *self,
                                                GAsyncResult    *result,
                                                GError         **error)
{
  GError *local_error = NULL;
  AdeptAccountEnrollment *enrollment;

  enrollment = call_finish (self, result, adept_dep_client_get_account_enrollment_async, &local_error);
  propagate_unless_not_found (local_error, error);
  return enrollment;
}

void
adept_dep_client_set_account_enrollment_async (AdeptDepClient      *self,
                                               const char          *mdm_service_discovery_url,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data)
{
  JsonObject *body;

  g_return_if_fail (ADEPT_IS_DEP_CLIENT (self));
  g_return_if_fail (mdm_service_discovery_url != NULL);

  body = json_object_new ();
  json_object_set_string_member (body, "mdm_service_discovery_url", mdm_service_discovery_url);
  call (self, adept_dep_client_set_account_enrollment_async, "POST",
        "/account-driven-enrollment/profile", body, NULL, cancellable, callback, user_data);
}

gboolean
adept_dep_client_set_account_enrollment_finish (AdeptDepClient  *self,
                                                GAsyncResult    *result,
                                                GError         **error)
{
  g_autoptr(GBytes) body = call_finish (self, result, adept_dep_client_set_account_enrollment_async, error);

  /* The answer has no body Apple documents; success is the status. */
  return body != NULL;
}

void
adept_dep_client_delete_account_enrollment_async (AdeptDepClient      *self,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data)
{
  g_return_if_fail (ADEPT_IS_DEP_CLIENT (self));

  call (self, adept_dep_client_delete_account_enrollment_async, "DELETE",
        "/account-driven-enrollment/profile", NULL, NULL, cancellable, callback, user_data);
}

gboolean
adept_dep_client_delete_account_enrollment_finish (AdeptDepClient  *self,
                                                   GAsyncResult    *result,
                                                   GError         **error)
{
  GError *local_error = NULL;
  g_autoptr(GBytes) body = call_finish (self, result, adept_dep_client_delete_account_enrollment_async,
                                        &local_error);

  /* Nothing was set: what was asked for is true. */
  return propagate_unless_not_found (local_error, error);
}

static gpointer
parse_beta_tokens (JsonObject  *object,
                   GError     **error)
{
  return adept_beta_tokens_new_from_json (object, error);
}

void
adept_dep_client_get_beta_tokens_async (AdeptDepClient      *self,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_return_if_fail (ADEPT_IS_DEP_CLIENT (self));

  call_full (self, adept_dep_client_get_beta_tokens_async, "GET", "/os-beta-enrollment/tokens",
             NULL, parse_beta_tokens, (GDestroyNotify) g_ptr_array_unref,
             cancellable, callback, user_data);
}

GPtrArray *
adept_dep_client_get_beta_tokens_finish (AdeptDepClient  *self,
                                         GAsyncResult    *result,
                                         GError         **error)
{
  return call_finish (self, result, adept_dep_client_get_beta_tokens_async, error);
}
