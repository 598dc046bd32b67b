/* adept-nanodep-client.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The facts about NanoDEP v0.7.0 this relies on (read in its source, checked by
 * tests/test-nanodep.c against the real depserver):
 * - http.BasicAuthMiddleware answers 401 "Unauthorized" with WWW-Authenticate: Basic
 *   realm="depserver" on every route but /version.
 * - Handler failures are 500 {"error": "<Go error text>"} (http/api/api.go jsonError);
 *   a missing name or an invalid decoded token is a plain 400.
 * - GET /v1/tokenpki/NAME makes a new RSA-2048 pair whose self-signed certificate always
 *   has serial 1 and subject = issuer = CN "depserver" (tokenpki/cert.go).
 * - PUT /v1/tokenpki/NAME decrypts with the staging pair (a token for an earlier
 *   download names the same issuer and serial, so it fails with "crypto/rsa: decryption
 *   error"; "pkcs7: no enveloped recipient for provided certificate" only when issuer or
 *   serial differ, e.g. a token for another MDM's certificate), THEN upstages
 *   the staging pair to current, THEN checks the consumer key against the stored token
 *   ("mismatched consumer key" unless force=1), and answers the stored tokens' JSON.
 * - /proxy/NAME: transport failures are 502 with the body of Apple's auth error
 *   (client.AuthError) or an empty body (no token for the name: "transport: retrieving
 *   auth tokens"); Apple's own answers pass through; X-Server-Protocol-Version defaults
 *   to 7 when absent.
 */
#define G_LOG_DOMAIN "adept-nanodep-client"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gnutls/crypto.h>
#include <gnutls/x509.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "adept-basic-authenticator.h"
#include "adept-dep-protocol.h"
#include "adept-error.h"
#include "adept-json.h"
#include "adept-nanodep-client.h"
#include "adept-secret.h"
#include "adept-server-token.h"

#define NAMES_PAGE 100
/* 100 pages: 10,000 names, far more than any team keeps; a bound on a broken server. */
#define NAMES_MAX_PAGES 100
#define MAX_NAME_CHARS 255
/* Enough of NanoDEP's error text to say what failed. */
#define MAX_ERROR_TEXT 200
#define PKCS7_CONTENT_TYPE "application/pkcs7-mime"

/* NanoDEP's routes. Every path this client sends is made here from one of these. */
#define ROUTE_VERSION   "/version"
#define ROUTE_DEP_NAMES "/v1/dep_names"
#define ROUTE_TOKENPKI  "/v1/tokenpki/"
#define ROUTE_CONFIG    "/v1/config/"
#define ROUTE_ASSIGNER  "/v1/assigner/"
#define ROUTE_PROXY     "/proxy/"

struct _AdeptNanodepClient
{
  GObject                  parent_instance;

  char                    *url;
  /* "host[:port]": how sentences name the server. */
  char                    *address;
  AdeptBasicAuthenticator *authenticator;
  AdeptDepClient          *api;
  char                    *ca_file;
  char                    *pin_sha256;
  gboolean                 retry_set;
  guint                    deadline_s;      /* 0: the DEP client's default */
  guint                    max_retries;
  guint                    base_delay_ms;
  guint                    max_total_ms;
};

G_DEFINE_FINAL_TYPE (AdeptNanodepClient, adept_nanodep_client, G_TYPE_OBJECT)

/* What a translator needs to name things in its sentences. */
typedef struct {
  char *address;
  char *name;   /* the DEP name of a proxy client; NULL for the API */
} Where;

static void
where_free (gpointer data)
{
  Where *where = data;

  g_free (where->address);
  g_free (where->name);
  g_free (where);
}

static Where *
where_new (const char *address,
           const char *name)
{
  Where *where = g_new0 (Where, 1);

  where->address = g_strdup (address);
  where->name = g_strdup (name);
  return where;
}

static void
adept_nanodep_client_finalize (GObject *object)
{
  AdeptNanodepClient *self = ADEPT_NANODEP_CLIENT (object);

  g_free (self->url);
  g_free (self->address);
  g_free (self->ca_file);
  g_free (self->pin_sha256);
  g_clear_object (&self->api);
  g_clear_object (&self->authenticator);

  G_OBJECT_CLASS (adept_nanodep_client_parent_class)->finalize (object);
}

static void
adept_nanodep_client_class_init (AdeptNanodepClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = adept_nanodep_client_finalize;
}

static void
adept_nanodep_client_init (AdeptNanodepClient *self)
{
}

/* JSON ------------------------------------------------------------------------------------ */

/* Every JSON answer of NanoDEP is read here (the one place a size and depth guard goes). */
static JsonNode *
parse_json (const char *data,
            gsize       len)
{
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  if (data == NULL || len == 0)
    return NULL;
  root = adept_json_parse_data (data, len, ADEPT_JSON_SOURCE_SERVER, &error);
  if (root == NULL)
    g_debug ("%s", error->message);
  return root;
}

static JsonObject *
parse_object (GBytes *body)
{
  gsize len = 0;
  const char *data = body ? g_bytes_get_data (body, &len) : NULL;
  g_autoptr(JsonNode) root = parse_json (data, len);

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return json_object_ref (json_node_get_object (root));
}

/* Errors ---------------------------------------------------------------------------------- */

static char *
printable (const char *text,
           gsize       len)
{
  g_autofree char *valid = g_utf8_make_valid (text, MIN (len, MAX_ERROR_TEXT));

  for (char *p = valid; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      *p = ' ';
  return g_strstrip (g_steal_pointer (&valid));
}

/* NanoDEP's {"error": "…"}, or NULL. */
static char *
dup_error_text (const char *body,
                gsize       len)
{
  g_autoptr(JsonNode) root = parse_json (body, len);
  const char *text;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  text = adept_dep_json_get_string (json_node_get_object (root), "error");
  return text != NULL ? printable (text, strlen (text)) : NULL;
}

static gboolean
has_prefix_ci (const char *text,
               const char *prefix)
{
  return text != NULL && g_ascii_strncasecmp (text, prefix, strlen (prefix)) == 0;
}

static gboolean
is_api_key_refusal (guint               status,
                    SoupMessageHeaders *headers)
{
  return status == SOUP_STATUS_UNAUTHORIZED && headers != NULL &&
         has_prefix_ci (soup_message_headers_get_one (headers, "WWW-Authenticate"), "Basic");
}

/* Upload (PUT /v1/tokenpki/NAME) failures: where NanoDEP stopped tells what it changed. */
static gboolean
set_upload_error (GError    **error,
                  const char *address,
                  const char *name,
                  guint       status,
                  const char *text)
{
  if (status == SOUP_STATUS_BAD_REQUEST)
    {
      /* tokens.Valid() fails after the upstage. */
      g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_TOKEN_INCOMPLETE,
                   _("The NanoDEP server at %s decrypted this server token but its credentials are incomplete. It has already made the last downloaded public key its current one for “%s”; its server token is unchanged. Download a new token from Apple Business Manager."),
                   address, name);
      return TRUE;
    }
  if (text == NULL)
    return FALSE;
  /* Every certificate NanoDEP makes has serial 1 and the same issuer: a token for an
   * earlier download names the current certificate too, and fails at the RSA step. */
  if (strstr (text, "no enveloped recipient") != NULL || has_prefix_ci (text, "crypto/rsa:"))
    {
      g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_TOKEN_WRONG_KEY,
                   _("The NanoDEP server at %s cannot decrypt this server token: it was made for another public key than the one it keeps for “%s”, most likely one downloaded earlier (each download makes a new one). Upload the newest public key to the MDM server in Apple Business Manager, download a new token and upload that. NanoDEP changed nothing."),
                   address, name);
      return TRUE;
    }
  if (g_str_equal (text, "mismatched consumer key"))
    {
      g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_BACKEND_CONSUMER_KEY,
                   _("The NanoDEP server at %s refused this server token: it is for another MDM server in Apple Business Manager than the token it has for “%s”, or another administrator renewed that server’s token. NanoDEP has already made the last downloaded public key its current one; its server token is unchanged. If this token is the right one, upload it again and confirm the replacement."),
                   address, name);
      return TRUE;
    }
  if (has_prefix_ci (text, "pkcs7:") || has_prefix_ci (text, "asn1:") ||
      has_prefix_ci (text, "malformed MIME") || has_prefix_ci (text, "unexpected EOF"))
    {
      g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_TOKEN_NOT_A_TOKEN,
                   _("The NanoDEP server at %s could not read this file as a server token. In Apple Business Manager, download the server token (a file ending in “_smime.p7m”) and upload that file. NanoDEP changed nothing."),
                   address);
      return TRUE;
    }
  if (strstr (text, "JSON") != NULL || has_prefix_ci (text, "invalid character") ||
      strstr (text, "unmarshal") != NULL)
    {
      g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_TOKEN_INCOMPLETE,
                   _("The NanoDEP server at %s decrypted this server token but found no credentials in it. Download a new token from Apple Business Manager. NanoDEP changed nothing."),
                   address);
      return TRUE;
    }
  if (strstr (text, "not found") != NULL || strstr (text, "no rows") != NULL)
    {
      g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_NO_KEY,
                   _("The NanoDEP server at %s has no public key for “%s” to decrypt this token with. Download its public key, upload it to the MDM server in Apple Business Manager, then upload the token Apple Business Manager gives for it."),
                   address, name);
      return TRUE;
    }
  return FALSE;
}

/* Apple refused NanoDEP's token: a 502 from the proxy with the body of Apple's answer to
 * the session NanoDEP opened, or Apple's 401 passed through. */
static void
set_apple_refusal (GError    **error,
                   const char *address,
                   const char *name,
                   const char *body,
                   gsize       len)
{
  g_autoptr(GError) apple = NULL;
  const char *code;
  GError *e;

  adept_dep_set_error_from_response (&apple, SOUP_STATUS_UNAUTHORIZED, body, len, -1);
  code = adept_error_get_apple_code (apple);
  switch (apple->code)
    {
    case ADEPT_ERROR_TERMS_NOT_SIGNED:
      e = g_error_copy (apple);
      break;
    case ADEPT_ERROR_TOKEN_REJECTED:
    case ADEPT_ERROR_TOKEN_EXPIRED:
      e = g_error_new (ADEPT_ERROR, apple->code,
                       _("Apple refused the server token the NanoDEP server at %s has for “%s”: it expired, or was revoked or replaced in Apple Business Manager. Download a new public key from the NanoDEP server, upload it in Apple Business Manager and upload the new token."),
                       address, name);
      break;
    default:
      e = g_error_new (ADEPT_ERROR, ADEPT_ERROR_AUTH_FAILED,
                       _("Apple did not accept the server token the NanoDEP server at %s has for “%s” (%s). Renew it: download a new public key from the NanoDEP server, upload it in Apple Business Manager and upload the new token."),
                       address, name, code ? code : "HTTP 401");
      break;
    }
  adept_error_set_details (e, code, NULL, -1);
  g_propagate_error (error, e);
}

static gboolean
is_html (SoupMessageHeaders *headers)
{
  const char *type = headers ? soup_message_headers_get_content_type (headers, NULL) : NULL;

  return type != NULL && g_ascii_strcasecmp (type, "text/html") == 0;
}

/* The proxy's own answers; FALSE for Apple's, which come through unchanged. */
static gboolean
set_proxy_error (GError            **error,
                 const char         *address,
                 const char         *name,
                 guint               status,
                 SoupMessageHeaders *headers,
                 const char         *body,
                 gsize               len)
{
  g_autofree char *trimmed = g_strstrip (g_strndup (body ? body : "", len));

  /* Apple's 401 outlived the fresh session NanoDEP opens on a 401: its token is bad. */
  if (status == SOUP_STATUS_UNAUTHORIZED)
    {
      set_apple_refusal (error, address, name, body, len);
      return TRUE;
    }
  if (status != SOUP_STATUS_BAD_GATEWAY)
    return FALSE;
  if (is_html (headers))
    g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_BACKEND_ERROR,
                 _("The web server in front of the NanoDEP server at %s could not reach it (HTTP 502). Check that depserver is running, then try again."),
                 address);
  else if (*trimmed == '\0')
    g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_BACKEND_UPSTREAM,
                 _("The NanoDEP server at %s could not get to Apple for “%s”: it has no server token for this DEP name yet, or Apple did not answer it. Upload a server token, or check the NanoDEP server’s network and log."),
                 address, name);
  else
    set_apple_refusal (error, address, name, body, len);
  return TRUE;
}

/* The NAME in "/v1/route/NAME?…", unescaped, for sentences. */
static char *
name_from_path (const char *path,
                const char *route)
{
  const char *start = path + strlen (route);
  g_autofree char *escaped = g_strndup (start, strcspn (start, "?/"));
  char *name = g_uri_unescape_string (escaped, NULL);

  return name != NULL ? name : g_strdup (escaped);
}

void
adept_nanodep_set_error_from_response (GError            **error,
                                       const char         *address,
                                       const char         *method,
                                       const char         *path,
                                       guint               status,
                                       SoupMessageHeaders *headers,
                                       const char         *body,
                                       gsize               len)
{
  g_autofree char *text = NULL;

  g_return_if_fail (address != NULL && method != NULL && path != NULL);

  if (is_api_key_refusal (status, headers))
    {
      g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_BACKEND_AUTH,
                   _("The NanoDEP server at %s refused the API key. Ask its administrator for the current key (NANODEP_API on the server) and enter it again."),
                   address);
      return;
    }

  if (g_str_has_prefix (path, ROUTE_PROXY))
    {
      g_autofree char *name = name_from_path (path, ROUTE_PROXY);

      if (!set_proxy_error (error, address, name, status, headers, body, len))
        adept_dep_set_error_from_response (error, status, body, len, -1);
      return;
    }

  text = dup_error_text (body, len);
  if (g_str_equal (method, "PUT") && g_str_has_prefix (path, ROUTE_TOKENPKI))
    {
      g_autofree char *name = name_from_path (path, ROUTE_TOKENPKI);

      if (set_upload_error (error, address, name, status, text))
        return;
    }

  if (text != NULL)
    g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_BACKEND_ERROR,
                 _("The NanoDEP server at %s reported an error: “%s”. Check its log, then try again."),
                 address, text);
  else if (status == SOUP_STATUS_NOT_FOUND || status == SOUP_STATUS_METHOD_NOT_ALLOWED)
    g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_BACKEND_ERROR,
                 _("The server at %s does not answer like a NanoDEP server (HTTP %u). Check the address; Adept works with NanoDEP %s."),
                 address, status, ADEPT_NANODEP_VERSION);
  else if (status >= 500)
    g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_BACKEND_ERROR,
                 _("The NanoDEP server at %s had an error (HTTP %u). Try again later; its log says more."),
                 address, status);
  else
    g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_BACKEND_ERROR,
                 _("The NanoDEP server at %s refused the request (HTTP %u). Check its log; if it keeps happening, report it."),
                 address, status);
}

static void
set_unreachable (GError       **error,
                 const char    *address,
                 const GError  *transport_error)
{
  if (transport_error->domain == G_TLS_ERROR)
    g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_TLS,
                 _("The secure connection to the NanoDEP server at %s could not be verified. If its certificate comes from a private authority, give Adept that authority’s certificate, then try again."),
                 address);
  else
    g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_NETWORK,
                 _("The NanoDEP server at %s could not be reached. Check that depserver is running there and the network, then try again."),
                 address);
}

/* The path of a message relative to the depserver's root (the proxy client's base URL
 * ends in /proxy/NAME, so its paths are rebuilt from the URI). */
static char *
dup_root_path (SoupMessage *message)
{
  GUri *uri = soup_message_get_uri (message);
  const char *query = g_uri_get_query (uri);

  return g_strconcat (g_uri_get_path (uri), query ? "?" : "", query ? query : "", NULL);
}

static gboolean
translate_api_error (SoupMessage   *message,
                     GBytes        *body,
                     const GError  *transport_error,
                     gboolean       may_retry,
                     GError       **error,
                     gpointer       user_data)
{
  Where *where = user_data;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  const char *data;
  gsize len = 0;
  guint status;

  if (transport_error != NULL)
    {
      set_unreachable (error, where->address, transport_error);
      return TRUE;
    }

  status = soup_message_get_status (message);
  data = body ? g_bytes_get_data (body, &len) : NULL;
  /* A gateway in front of NanoDEP may recover; NanoDEP's own errors will not. */
  text = dup_error_text (data, len);
  if (may_retry && text == NULL)
    return FALSE;

  path = dup_root_path (message);
  adept_nanodep_set_error_from_response (error, where->address, soup_message_get_method (message),
                                         path, status, soup_message_get_response_headers (message),
                                         data, len);
  return TRUE;
}

static gboolean
translate_proxy_error (SoupMessage   *message,
                       GBytes        *body,
                       const GError  *transport_error,
                       gboolean       may_retry,
                       GError       **error,
                       gpointer       user_data)
{
  Where *where = user_data;
  SoupMessageHeaders *headers;
  const char *data;
  gsize len = 0;
  guint status;

  if (transport_error != NULL)
    {
      set_unreachable (error, where->address, transport_error);
      return TRUE;
    }

  status = soup_message_get_status (message);
  headers = soup_message_get_response_headers (message);
  data = body ? g_bytes_get_data (body, &len) : NULL;
  if (is_api_key_refusal (status, headers))
    {
      adept_nanodep_set_error_from_response (error, where->address, "GET", ROUTE_PROXY,
                                             status, headers, data, len);
      return TRUE;
    }
  return set_proxy_error (error, where->address, where->name, status, headers, data, len);
}

/* Construction ---------------------------------------------------------------------------- */

static gboolean
is_printable_ascii (const char *s)
{
  if (s == NULL || *s == '\0')
    return FALSE;
  for (; *s != '\0'; s++)
    if (*s < 0x20 || *s > 0x7e)
      return FALSE;
  return TRUE;
}

static char *
dup_address (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  const char *host = uri ? g_uri_get_host (uri) : NULL;
  int port = uri ? g_uri_get_port (uri) : -1;

  if (host == NULL)
    return g_strdup (url);
  if (strchr (host, ':') != NULL)
    return port > 0 ? g_strdup_printf ("[%s]:%d", host, port) : g_strdup_printf ("[%s]", host);
  return port > 0 ? g_strdup_printf ("%s:%d", host, port) : g_strdup (host);
}

AdeptNanodepClient *
adept_nanodep_client_new (const char  *url,
                          const char  *api_key,
                          GError     **error)
{
  g_autoptr(AdeptNanodepClient) self = NULL;
  gsize len;

  g_return_val_if_fail (url != NULL, NULL);
  g_return_val_if_fail (api_key != NULL, NULL);

  if (!adept_dep_check_base_url (url, error))
    return NULL;
  if (!is_printable_ascii (api_key))
    {
      g_set_error_literal (error, ADEPT_ERROR, ADEPT_ERROR_BAD_REQUEST,
                           _("The API key is empty or holds characters other than printable ASCII. Copy the key (NANODEP_API on the server) exactly, on one line."));
      return NULL;
    }

  self = g_object_new (ADEPT_TYPE_NANODEP_CLIENT, NULL);
  len = strlen (url);
  while (len > 0 && url[len - 1] == '/')
    len--;
  self->url = g_strndup (url, len);
  self->address = dup_address (self->url);
  self->authenticator = adept_basic_authenticator_new (ADEPT_NANODEP_USER, api_key);
  self->api = adept_dep_client_new (self->url, ADEPT_AUTHENTICATOR (self->authenticator), error);
  if (self->api == NULL)
    return NULL;
  adept_dep_client_set_error_translator (self->api, translate_api_error,
                                         where_new (self->address, NULL), where_free);
  return g_steal_pointer (&self);
}

const char *
adept_nanodep_client_get_url (AdeptNanodepClient *self)
{
  g_return_val_if_fail (ADEPT_IS_NANODEP_CLIENT (self), NULL);
  return self->url;
}

const char *
adept_nanodep_client_get_address (AdeptNanodepClient *self)
{
  g_return_val_if_fail (ADEPT_IS_NANODEP_CLIENT (self), NULL);
  return self->address;
}

gboolean
adept_nanodep_client_set_tls_ca_file (AdeptNanodepClient  *self,
                                      const char          *path,
                                      GError             **error)
{
  g_return_val_if_fail (ADEPT_IS_NANODEP_CLIENT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!adept_dep_client_set_tls_ca_file (self->api, path, error))
    return FALSE;
  g_free (self->ca_file);
  self->ca_file = g_strdup (path);
  return TRUE;
}

gboolean
adept_nanodep_client_set_pinned_sha256 (AdeptNanodepClient  *self,
                                        const char          *pin,
                                        GError             **error)
{
  g_return_val_if_fail (ADEPT_IS_NANODEP_CLIENT (self), FALSE);
  g_return_val_if_fail (pin != NULL, FALSE);

  if (!adept_dep_client_set_pinned_sha256 (self->api, pin, error))
    return FALSE;
  g_free (self->pin_sha256);
  self->pin_sha256 = g_strdup (pin);
  return TRUE;
}

void
adept_nanodep_client_set_deadline (AdeptNanodepClient *self,
                                   guint               seconds)
{
  g_return_if_fail (ADEPT_IS_NANODEP_CLIENT (self));
  g_return_if_fail (seconds > 0);

  adept_dep_client_set_deadline (self->api, seconds);
  self->deadline_s = seconds;
}

void
adept_nanodep_client_set_retry_policy (AdeptNanodepClient *self,
                                       guint               max_retries,
                                       guint               base_delay_ms,
                                       guint               max_total_ms)
{
  g_return_if_fail (ADEPT_IS_NANODEP_CLIENT (self));

  self->retry_set = TRUE;
  self->max_retries = max_retries;
  self->base_delay_ms = base_delay_ms;
  self->max_total_ms = max_total_ms;
  adept_dep_client_set_retry_policy (self->api, max_retries, base_delay_ms, max_total_ms);
}

gboolean
adept_nanodep_is_valid_name (const char *name)
{
  if (name == NULL || *name == '\0' || !g_utf8_validate (name, -1, NULL) ||
      g_utf8_strlen (name, -1) > MAX_NAME_CHARS ||
      g_str_equal (name, ".") || g_str_equal (name, ".."))
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (*p == '/' || (guchar) *p < 0x20 || *p == 0x7f)
      return FALSE;
  return TRUE;
}

static gboolean
check_name (const char  *name,
            GError     **error)
{
  if (adept_nanodep_is_valid_name (name))
    return TRUE;
  g_set_error_literal (error, ADEPT_ERROR, ADEPT_ERROR_BAD_REQUEST,
                       _("A DEP name on a NanoDEP server has 1 to 255 characters, none of them “/” or a control character. Check the name."));
  return FALSE;
}

/* route + the escaped name (+ query). */
static char *
dup_name_path (const char *route,
               const char *name,
               const char *query)
{
  g_autofree char *escaped = g_uri_escape_string (name, NULL, FALSE);

  return g_strconcat (route, escaped, query ? "?" : "", query ? query : "", NULL);
}

char *
adept_nanodep_client_dup_proxy_url (AdeptNanodepClient *self,
                                    const char         *name)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (ADEPT_IS_NANODEP_CLIENT (self), NULL);
  g_return_val_if_fail (adept_nanodep_is_valid_name (name), NULL);

  path = dup_name_path (ROUTE_PROXY, name, NULL);
  return g_strconcat (self->url, path, NULL);
}

AdeptDepClient *
adept_nanodep_client_new_dep_client (AdeptNanodepClient  *self,
                                     const char          *name,
                                     GError             **error)
{
  g_autoptr(AdeptDepClient) client = NULL;
  g_autofree char *url = NULL;

  g_return_val_if_fail (ADEPT_IS_NANODEP_CLIENT (self), NULL);

  if (!check_name (name, error))
    return NULL;
  url = adept_nanodep_client_dup_proxy_url (self, name);
  client = adept_dep_client_new (url, ADEPT_AUTHENTICATOR (self->authenticator), error);
  if (client == NULL)
    return NULL;
  if (self->ca_file != NULL && !adept_dep_client_set_tls_ca_file (client, self->ca_file, error))
    return NULL;
  if (self->pin_sha256 != NULL && !adept_dep_client_set_pinned_sha256 (client, self->pin_sha256, error))
    return NULL;
  if (self->deadline_s > 0)
    adept_dep_client_set_deadline (client, self->deadline_s);
  if (self->retry_set)
    adept_dep_client_set_retry_policy (client, self->max_retries, self->base_delay_ms,
                                       self->max_total_ms);
  adept_dep_client_set_error_translator (client, translate_proxy_error,
                                         where_new (self->address, name), where_free);
  return g_steal_pointer (&client);
}

/* Calls ----------------------------------------------------------------------------------- */

typedef GBytes *(*SendFinish) (AdeptDepClient *, GAsyncResult *, GError **);

/* The answer of one call on the API client, or NULL with the task's error returned. */
static GBytes *
finish_send (GTask        *task,
             GAsyncResult *result,
             SendFinish    finish)
{
  AdeptNanodepClient *self = g_task_get_source_object (task);
  GError *error = NULL;
  GBytes *body = finish (self->api, result, &error);

  if (body == NULL)
    g_task_return_error (task, error);
  return body;
}

static GTask *
new_task (AdeptNanodepClient  *self,
          gpointer             source_tag,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  return task;
}

/* A task for a call on a name, or NULL when the name was refused (the error returned). */
static GTask *
new_name_task (AdeptNanodepClient  *self,
               gpointer             source_tag,
               const char          *name,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  g_autoptr(GTask) task = new_task (self, source_tag, cancellable, callback, user_data);
  GError *error = NULL;

  if (!check_name (name, &error))
    {
      g_task_return_error (task, error);
      return NULL;
    }
  return g_steal_pointer (&task);
}

static gpointer
propagate (AdeptNanodepClient  *self,
           GAsyncResult        *result,
           gpointer             source_tag,
           GError             **error)
{
  g_return_val_if_fail (ADEPT_IS_NANODEP_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
propagate_boolean (AdeptNanodepClient  *self,
                   GAsyncResult        *result,
                   gpointer             source_tag,
                   GError             **error)
{
  g_return_val_if_fail (ADEPT_IS_NANODEP_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
return_malformed (GTask      *task,
                  const char *what)
{
  AdeptNanodepClient *self = g_task_get_source_object (task);

  g_debug ("%s: the answer could not be read", what);
  g_task_return_new_error (task, ADEPT_ERROR, ADEPT_ERROR_MALFORMED_RESPONSE,
                           _("The answer of the NanoDEP server at %s could not be understood. Check that it runs NanoDEP %s or a compatible version."),
                           self->address, ADEPT_NANODEP_VERSION);
}

/* Returns the string member of a JSON object answer (NULL when absent or empty). */
static void
return_string_member (GTask      *task,
                      GBytes     *body,
                      const char *member)
{
  g_autoptr(JsonObject) object = parse_object (body);
  const char *value;

  if (object == NULL)
    {
      return_malformed (task, member);
      return;
    }
  value = adept_dep_json_get_string (object, member);
  g_task_return_pointer (task, value && *value ? g_strdup (value) : NULL, g_free);
}

/* GET /version */

static void
version_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) body = finish_send (task, result, adept_dep_client_send_unauthorized_finish);

  if (body != NULL)
    return_string_member (task, body, "version");
}

void
adept_nanodep_client_get_version_async (AdeptNanodepClient  *self,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (ADEPT_IS_NANODEP_CLIENT (self));

  task = new_task (self, adept_nanodep_client_get_version_async, cancellable, callback, user_data);
  adept_dep_client_send_unauthorized_async (self->api, "GET", ROUTE_VERSION, NULL, NULL,
                                            cancellable, version_cb, task);
}

char *
adept_nanodep_client_get_version_finish (AdeptNanodepClient  *self,
                                         GAsyncResult        *result,
                                         GError             **error)
{
  return propagate (self, result, adept_nanodep_client_get_version_async, error);
}

/* GET /v1/dep_names */

typedef struct {
  GPtrArray *names;
  guint      pages;
} ListNames;

static void
list_names_free (gpointer data)
{
  ListNames *list = data;

  g_ptr_array_unref (list->names);
  g_free (list);
}

static void list_names_next (GTask *task);

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static void
list_names_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ListNames *list = g_task_get_task_data (task);
  g_autoptr(GBytes) body = finish_send (task, result, adept_dep_client_send_finish);
  g_autoptr(JsonObject) answer = NULL;
  JsonNode *member;
  JsonArray *array;
  guint n;

  if (body == NULL)
    return;
  answer = parse_object (body);
  member = answer ? json_object_get_member (answer, "dep_names") : NULL;
  if (member == NULL || !(JSON_NODE_HOLDS_ARRAY (member) || JSON_NODE_HOLDS_NULL (member)))
    {
      return_malformed (task, "dep_names");
      return;
    }

  /* NanoDEP answers null, not [], when it has no (more) names. */
  array = JSON_NODE_HOLDS_ARRAY (member) ? json_node_get_array (member) : NULL;
  n = array ? json_array_get_length (array) : 0;
  for (guint i = 0; i < n; i++)
    {
      const char *name = json_node_get_string (json_array_get_element (array, i));

      if (name != NULL && adept_nanodep_is_valid_name (name))
        g_ptr_array_add (list->names, g_strdup (name));
    }

  if (n < NAMES_PAGE || ++list->pages >= NAMES_MAX_PAGES)
    {
      g_ptr_array_sort (list->names, compare_names);
      g_ptr_array_add (list->names, NULL);
      g_task_return_pointer (task, g_ptr_array_free (g_ptr_array_ref (list->names), FALSE),
                             (GDestroyNotify) g_strfreev);
      return;
    }
  list_names_next (g_steal_pointer (&task));
}

static void
list_names_next (GTask *task)
{
  AdeptNanodepClient *self = g_task_get_source_object (task);
  ListNames *list = g_task_get_task_data (task);
  g_autofree char *path = g_strdup_printf ("%s?limit=%u&offset=%u", ROUTE_DEP_NAMES, NAMES_PAGE,
                                           list->pages * NAMES_PAGE);

  adept_dep_client_send_async (self->api, "GET", path, NULL, NULL, ADEPT_DEP_SEND_NONE,
                               g_task_get_cancellable (task), list_names_cb, task);
}

void
adept_nanodep_client_list_names_async (AdeptNanodepClient  *self,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  GTask *task;
  ListNames *list;

  g_return_if_fail (ADEPT_IS_NANODEP_CLIENT (self));

  task = new_task (self, adept_nanodep_client_list_names_async, cancellable, callback, user_data);
  list = g_new0 (ListNames, 1);
  /* Freed without the strings when the array is stolen for the result. */
  list->names = g_ptr_array_new_with_free_func (g_free);
  g_task_set_task_data (task, list, list_names_free);
  list_names_next (task);
}

GStrv
adept_nanodep_client_list_names_finish (AdeptNanodepClient  *self,
                                        GAsyncResult        *result,
                                        GError             **error)
{
  return propagate (self, result, adept_nanodep_client_list_names_async, error);
}

/* The names and /proxy/NAME/account of each, one after the other. */

typedef struct {
  GStrv           names;
  guint           next;
  GPtrArray      *states;
  AdeptDepClient *client;
} NameStates;

static void
name_states_free (gpointer data)
{
  NameStates *states = data;

  g_strfreev (states->names);
  g_ptr_array_unref (states->states);
  g_clear_object (&states->client);
  g_free (states);
}

static void name_states_next (GTask *task);

static void
name_account_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  NameStates *states = g_task_get_task_data (task);
  g_autoptr(AdeptDepAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  const char *name = states->names[states->next];

  account = adept_dep_client_get_account_finish (ADEPT_DEP_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_ptr_array_add (states->states, adept_nanodep_name_new (name, account, error));
  states->next++;
  name_states_next (g_steal_pointer (&task));
}

static void
name_states_next (GTask *task)
{
  AdeptNanodepClient *self = g_task_get_source_object (task);
  NameStates *states = g_task_get_task_data (task);
  GError *error = NULL;

  g_clear_object (&states->client);
  if (states->names[states->next] == NULL)
    {
      g_task_return_pointer (task, g_ptr_array_ref (states->states),
                             (GDestroyNotify) g_ptr_array_unref);
      g_object_unref (task);
      return;
    }
  states->client = adept_nanodep_client_new_dep_client (self, states->names[states->next], &error);
  if (states->client == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  adept_dep_client_get_account_async (states->client, g_task_get_cancellable (task),
                                      name_account_cb, task);
}

static void
name_states_names_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  NameStates *states = g_task_get_task_data (task);
  GError *error = NULL;

  states->names = adept_nanodep_client_list_names_finish (ADEPT_NANODEP_CLIENT (object), result, &error);
  if (states->names == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  name_states_next (g_steal_pointer (&task));
}

void
adept_nanodep_client_list_name_states_async (AdeptNanodepClient  *self,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  GTask *task;
  NameStates *states;

  g_return_if_fail (ADEPT_IS_NANODEP_CLIENT (self));

  task = new_task (self, adept_nanodep_client_list_name_states_async, cancellable, callback, user_data);
  states = g_new0 (NameStates, 1);
  states->states = g_ptr_array_new_with_free_func (g_object_unref);
  g_task_set_task_data (task, states, name_states_free);
  adept_nanodep_client_list_names_async (self, cancellable, name_states_names_cb, task);
}

GPtrArray *
adept_nanodep_client_list_name_states_finish (AdeptNanodepClient  *self,
                                              GAsyncResult        *result,
                                              GError             **error)
{
  return propagate (self, result, adept_nanodep_client_list_name_states_async, error);
}

/* GET /v1/tokenpki/NAME */

typedef struct {
  char *pem;
  char *fingerprint;
} Certificate;

static void
certificate_free (gpointer data)
{
  Certificate *certificate = data;

  g_free (certificate->pem);
  g_free (certificate->fingerprint);
  g_free (certificate);
}

/* SHA-256 of the certificate in pem, lowercase hex with colons; NULL when pem holds no
 * certificate. */
static char *
dup_certificate_fingerprint (const char *pem,
                             gsize       len)
{
  gnutls_x509_crt_t crt = NULL;
  gnutls_datum_t datum = { (unsigned char *) pem, (unsigned int) len };
  guint8 digest[32];
  size_t size = sizeof digest;
  GString *hex = NULL;

  if (gnutls_x509_crt_init (&crt) < 0)
    return NULL;
  if (gnutls_x509_crt_import (crt, &datum, GNUTLS_X509_FMT_PEM) >= 0 &&
      gnutls_x509_crt_get_fingerprint (crt, GNUTLS_DIG_SHA256, digest, &size) >= 0)
    {
      hex = g_string_sized_new (size * 3);
      for (size_t i = 0; i < size; i++)
        g_string_append_printf (hex, i == 0 ? "%02x" : ":%02x", digest[i]);
    }
  gnutls_x509_crt_deinit (crt);
  return hex ? g_string_free (hex, FALSE) : NULL;
}

static void
certificate_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) body = finish_send (task, result, adept_dep_client_send_finish);
  Certificate *certificate;
  const char *data;
  gsize len = 0;

  if (body == NULL)
    return;
  data = g_bytes_get_data (body, &len);
  certificate = g_new0 (Certificate, 1);
  certificate->fingerprint = dup_certificate_fingerprint (data, len);
  if (certificate->fingerprint == NULL || memchr (data, '\0', len) != NULL)
    {
      certificate_free (certificate);
      return_malformed (task, "tokenpki");
      return;
    }
  certificate->pem = g_strndup (data, len);
  g_task_return_pointer (task, certificate, certificate_free);
}

void
adept_nanodep_client_download_certificate_async (AdeptNanodepClient  *self,
                                                 const char          *name,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data)
{
  GTask *task;
  g_autofree char *path = NULL;

  g_return_if_fail (ADEPT_IS_NANODEP_CLIENT (self));

  task = new_name_task (self, adept_nanodep_client_download_certificate_async, name,
                        cancellable, callback, user_data);
  if (task == NULL)
    return;
  path = dup_name_path (ROUTE_TOKENPKI, name, NULL);
  /* Not idempotent: each call makes another key pair. */
  adept_dep_client_send_async (self->api, "GET", path, NULL, NULL, ADEPT_DEP_SEND_NOT_IDEMPOTENT,
                               cancellable, certificate_cb, task);
}

char *
adept_nanodep_client_download_certificate_finish (AdeptNanodepClient  *self,
                                                  GAsyncResult        *result,
                                                  char               **fingerprint,
                                                  GError             **error)
{
  Certificate *certificate;
  char *pem;

  certificate = propagate (self, result, adept_nanodep_client_download_certificate_async, error);
  if (certificate == NULL)
    return NULL;
  pem = g_steal_pointer (&certificate->pem);
  if (fingerprint != NULL)
    *fingerprint = g_steal_pointer (&certificate->fingerprint);
  certificate_free (certificate);
  return pem;
}

/* PUT /v1/tokenpki/NAME */

typedef struct {
  GDateTime *expiry;
  char      *server_fingerprint;
} Upload;

static void
upload_free (gpointer data)
{
  Upload *upload = data;

  g_clear_pointer (&upload->expiry, g_date_time_unref);
  g_free (upload->server_fingerprint);
  g_free (upload);
}

/* NanoDEP answers the stored OAuth tokens: read the expiry and the server's identity from
 * them, and wipe every copy this process made. */
static Upload *
read_upload_answer (GBytes *body)
{
  gsize len = 0;
  const char *data = g_bytes_get_data (body, &len);
  g_autoptr(AdeptSecret) json = g_strndup (data, len);
  g_autoptr(AdeptServerToken) token = NULL;
  Upload *upload = NULL;

  adept_secret_wipe ((gpointer) data, len);
  token = adept_server_token_new_from_json (json, NULL);
  if (token != NULL)
    {
      upload = g_new0 (Upload, 1);
      upload->expiry = g_date_time_ref (adept_server_token_get_expiry (token));
      upload->server_fingerprint = g_strdup (adept_server_token_get_server_fingerprint (token));
    }
  adept_secret_wipe (json, len);
  return upload;
}

static void
upload_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) body = finish_send (task, result, adept_dep_client_send_finish);
  Upload *upload;

  if (body == NULL)
    return;
  upload = read_upload_answer (body);
  if (upload == NULL)
    {
      AdeptNanodepClient *self = g_task_get_source_object (task);

      g_task_return_new_error (task, ADEPT_ERROR, ADEPT_ERROR_MALFORMED_RESPONSE,
                               _("The NanoDEP server at %s took the server token, but its answer could not be understood. See whether the DEP name works; check that it runs NanoDEP %s or a compatible version."),
                               self->address, ADEPT_NANODEP_VERSION);
      return;
    }
  g_task_return_pointer (task, upload, upload_free);
}

void
adept_nanodep_client_upload_token_async (AdeptNanodepClient  *self,
                                         const char          *name,
                                         GBytes              *token,
                                         gboolean             force,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  GTask *task;
  g_autofree char *path = NULL;

  g_return_if_fail (ADEPT_IS_NANODEP_CLIENT (self));
  g_return_if_fail (token != NULL);

  task = new_name_task (self, adept_nanodep_client_upload_token_async, name,
                        cancellable, callback, user_data);
  if (task == NULL)
    return;
  path = dup_name_path (ROUTE_TOKENPKI, name, force ? "force=1" : NULL);
  adept_dep_client_send_async (self->api, "PUT", path, PKCS7_CONTENT_TYPE, token,
                               ADEPT_DEP_SEND_SECRET_ANSWER, cancellable, upload_cb, task);
}

gboolean
adept_nanodep_client_upload_token_finish (AdeptNanodepClient  *self,
                                          GAsyncResult        *result,
                                          GDateTime          **expiry,
                                          char               **server_fingerprint,
                                          GError             **error)
{
  Upload *upload = propagate (self, result, adept_nanodep_client_upload_token_async, error);

  if (upload == NULL)
    return FALSE;
  if (expiry != NULL)
    *expiry = g_steal_pointer (&upload->expiry);
  if (server_fingerprint != NULL)
    *server_fingerprint = g_steal_pointer (&upload->server_fingerprint);
  upload_free (upload);
  return TRUE;
}

/* /v1/config/NAME and /v1/assigner/NAME */

static void
string_member_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) body = finish_send (task, result, adept_dep_client_send_finish);
  const char *member = g_task_get_task_data (task);
  gsize len = 0;
  const char *data;

  if (body == NULL)
    return;
  /* The file backends answer a config never set as JSON null. */
  data = g_bytes_get_data (body, &len);
  if (g_str_equal (member, "base_url"))
    {
      g_autoptr(JsonNode) root = parse_json (data, len);

      if (root != NULL && JSON_NODE_HOLDS_NULL (root))
        {
          g_task_return_pointer (task, NULL, NULL);
          return;
        }
    }
  return_string_member (task, body, member);
}

static void
get_string_member (AdeptNanodepClient  *self,
                   gpointer             source_tag,
                   const char          *route,
                   const char          *name,
                   const char          *member,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  GTask *task;
  g_autofree char *path = NULL;

  task = new_name_task (self, source_tag, name, cancellable, callback, user_data);
  if (task == NULL)
    return;
  g_task_set_task_data (task, (gpointer) member, NULL);
  path = dup_name_path (route, name, NULL);
  adept_dep_client_send_async (self->api, "GET", path, NULL, NULL, ADEPT_DEP_SEND_NONE,
                               cancellable, string_member_cb, task);
}

static void
put_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) body = finish_send (task, result, adept_dep_client_send_finish);

  if (body != NULL)
    g_task_return_boolean (task, TRUE);
}

void
adept_nanodep_client_set_dep_url_async (AdeptNanodepClient  *self,
                                        const char          *name,
                                        const char          *dep_url,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  GError *error = NULL;
  GTask *task;
  gsize len;

  g_return_if_fail (ADEPT_IS_NANODEP_CLIENT (self));
  g_return_if_fail (dep_url != NULL);

  task = new_name_task (self, adept_nanodep_client_set_dep_url_async, name,
                        cancellable, callback, user_data);
  if (task == NULL)
    return;
  /* NanoDEP would take any address; Adept's rule for DEP addresses holds here too. */
  if (!adept_dep_check_base_url (dep_url, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "base_url");
  json_builder_add_string_value (builder, dep_url);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);
  len = strlen (text);
  body = g_bytes_new_take (g_steal_pointer (&text), len);
  path = dup_name_path (ROUTE_CONFIG, name, NULL);
  adept_dep_client_send_async (self->api, "PUT", path, NULL, body, ADEPT_DEP_SEND_NONE,
                               cancellable, put_cb, task);
}

gboolean
adept_nanodep_client_set_dep_url_finish (AdeptNanodepClient  *self,
                                         GAsyncResult        *result,
                                         GError             **error)
{
  return propagate_boolean (self, result, adept_nanodep_client_set_dep_url_async, error);
}

void
adept_nanodep_client_get_dep_url_async (AdeptNanodepClient  *self,
                                        const char          *name,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_return_if_fail (ADEPT_IS_NANODEP_CLIENT (self));

  get_string_member (self, adept_nanodep_client_get_dep_url_async, ROUTE_CONFIG, name,
                     "base_url", cancellable, callback, user_data);
}

char *
adept_nanodep_client_get_dep_url_finish (AdeptNanodepClient  *self,
                                         GAsyncResult        *result,
                                         GError             **error)
{
  return propagate (self, result, adept_nanodep_client_get_dep_url_async, error);
}

void
adept_nanodep_client_get_assigner_async (AdeptNanodepClient  *self,
                                         const char          *name,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_return_if_fail (ADEPT_IS_NANODEP_CLIENT (self));

  get_string_member (self, adept_nanodep_client_get_assigner_async, ROUTE_ASSIGNER, name,
                     "profile_uuid", cancellable, callback, user_data);
}

char *
adept_nanodep_client_get_assigner_finish (AdeptNanodepClient  *self,
                                          GAsyncResult        *result,
                                          GError             **error)
{
  return propagate (self, result, adept_nanodep_client_get_assigner_async, error);
}

void
adept_nanodep_client_set_assigner_async (AdeptNanodepClient  *self,
                                         const char          *name,
                                         const char          *profile_uuid,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autofree char *escaped = NULL;
  g_autofree char *query = NULL;
  g_autofree char *path = NULL;
  GTask *task;

  g_return_if_fail (ADEPT_IS_NANODEP_CLIENT (self));
  g_return_if_fail (profile_uuid != NULL);

  task = new_name_task (self, adept_nanodep_client_set_assigner_async, name,
                        cancellable, callback, user_data);
  if (task == NULL)
    return;
  if (*profile_uuid == '\0')
    {
      g_task_return_new_error (task, ADEPT_ERROR, ADEPT_ERROR_BAD_REQUEST, "%s",
                               _("NanoDEP needs a profile UUID for its assigner; it cannot clear the one it has."));
      g_object_unref (task);
      return;
    }
  escaped = g_uri_escape_string (profile_uuid, NULL, FALSE);
  query = g_strconcat ("profile_uuid=", escaped, NULL);
  path = dup_name_path (ROUTE_ASSIGNER, name, query);
  adept_dep_client_send_async (self->api, "PUT", path, NULL, NULL, ADEPT_DEP_SEND_NONE,
                               cancellable, put_cb, task);
}

gboolean
adept_nanodep_client_set_assigner_finish (AdeptNanodepClient  *self,
                                          GAsyncResult        *result,
                                          GError             **error)
{
  return propagate_boolean (self, result, adept_nanodep_client_set_assigner_async, error);
}
