/* adept-dep-protocol.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-dep-protocol"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "adept-dep-protocol.h"
#include "adept-error.h"

/* Error bodies are short; a 200 page is never searched. Bound the work anyway. */
#define MAX_SCANNED_BODY (64 * 1024)
#define MAX_CODE_LENGTH 64
/* A Retry-After of more than a day is a server mistake; do not sleep on it. */
#define MAX_RETRY_AFTER (24 * 60 * 60)

gboolean
adept_dep_body_contains (const char *body,
                         gsize       len,
                         const char *code)
{
  gsize code_len = strlen (code);

  if (body == NULL || code_len == 0)
    return FALSE;
  len = MIN (len, MAX_SCANNED_BODY);
  for (gsize i = 0; i + code_len <= len; i++)
    if (g_ascii_strncasecmp (body + i, code, code_len) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
is_code_char (char c)
{
  return g_ascii_isalnum (c) || c == '_' || c == '.' || c == '-';
}

char *
adept_dep_body_dup_code (const char *body,
                         gsize       len)
{
  gsize start = 0;
  gsize end = len;

  if (body == NULL)
    return NULL;
  while (start < end && (g_ascii_isspace (body[start]) || body[start] == '"'))
    start++;
  while (end > start && (g_ascii_isspace (body[end - 1]) || body[end - 1] == '"'))
    end--;
  if (end == start || end - start > MAX_CODE_LENGTH || !g_ascii_isalpha (body[start]))
    return NULL;
  for (gsize i = start; i < end; i++)
    if (!is_code_char (body[i]))
      return NULL;
  return g_strndup (body + start, end - start);
}

typedef struct {
  const char *code;
  const char *field;
  const char *message;
} ValidationCode;

/* Apple's codes for POST /profile (dep-api.md §4.1) with the profile key each concerns.
 * LOCALE_INVALID and the *_REQUIRED forms of department and phone are named by the
 * simulators rather than Apple's pages; accepting them costs nothing. */
static const ValidationCode validation_codes[] = {
  { "CONFIG_NAME_REQUIRED", "profile_name",
    N_("The profile needs a name. Enter one and try again.") },
  { "CONFIG_NAME_INVALID", "profile_name",
    N_("The profile name is not valid; it can have at most 125 characters. Shorten it and try again.") },
  { "CONFIG_URL_REQUIRED", "url",
    N_("The profile needs the MDM server URL. Enter it and try again.") },
  { "CONFIG_URL_INVALID", "url",
    N_("The MDM server URL is not valid; use a full https:// address of at most 2000 characters.") },
  { "DEPARTMENT_REQUIRED", "department",
    N_("The profile needs a department. Enter one and try again.") },
  { "DEPARTMENT_INVALID", "department",
    N_("The department is not valid; it can have at most 125 characters. Shorten it and try again.") },
  { "FLAGS_INVALID", "is_mdm_removable",
    N_("Only a supervised profile can prevent removing the MDM profile. Turn on supervision or allow removal.") },
  { "OBSE_INVALID", "language",
    N_("The language and region do not go together. Pick another language or region.") },
  { "LOCALE_INVALID", "language",
    N_("The language or region is not valid. Use a two- or three-letter language code and a two-letter region code.") },
  { "MAGIC_INVALID", "org_magic",
    N_("The organization magic is not valid; it can have at most 256 characters. Shorten it and try again.") },
  { "SUPPORT_EMAIL_INVALID", "support_email_address",
    N_("The support email address is not valid; it can have at most 250 characters. Correct it and try again.") },
  { "SUPPORT_PHONE_REQUIRED", "support_phone_number",
    N_("The profile needs a support phone number. Enter one and try again.") },
  { "SUPPORT_PHONE_INVALID", "support_phone_number",
    N_("The support phone number is not valid; it can have at most 50 characters. Correct it and try again.") },
  { "DESCRIPTION_INVALID", NULL,
    N_("Apple refused a description in the profile. Shorten the texts of the profile and try again.") },
  /* Account-driven enrollment's one setting. */
  { "MDM_SERVICE_DISCOVERY_URL_REQUIRED", "mdm_service_discovery_url",
    N_("Account-driven enrollment needs the address of the MDM service discovery. Enter it and try again.") },
  { "MDM_SERVICE_DISCOVERY_URL_NOT_VALID", "mdm_service_discovery_url",
    N_("The service discovery address is not valid; use a full https:// address.") },
};

static const ValidationCode *
find_validation_code (const char *code)
{
  if (code == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (validation_codes); i++)
    if (g_ascii_strcasecmp (code, validation_codes[i].code) == 0)
      return &validation_codes[i];
  return NULL;
}

const char *
adept_dep_validation_code_to_field (const char *code)
{
  const ValidationCode *entry = find_validation_code (code);

  return entry ? entry->field : NULL;
}

gboolean
adept_dep_is_validation_code (const char *code)
{
  return find_validation_code (code) != NULL;
}

gint64
adept_dep_parse_retry_after (const char *value,
                             GDateTime  *now)
{
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GDateTime) current = NULL;
  g_autofree char *trimmed = NULL;
  guint64 seconds;
  GTimeSpan delta;

  if (value == NULL)
    return -1;
  trimmed = g_strstrip (g_strdup (value));
  if (*trimmed == '\0')
    return -1;

  if (g_ascii_string_to_unsigned (trimmed, 10, 0, G_MAXUINT64, &seconds, NULL))
    return MIN (seconds, MAX_RETRY_AFTER);

  when = soup_date_time_new_from_http_string (trimmed);
  if (when == NULL)
    return -1;
  current = now ? g_date_time_ref (now) : g_date_time_new_now_utc ();
  delta = g_date_time_difference (when, current);
  if (delta <= 0)
    return 0;
  /* Round up: waiting a little longer than asked is safe, shorter is not. */
  return MIN ((delta + G_TIME_SPAN_SECOND - 1) / G_TIME_SPAN_SECOND, MAX_RETRY_AFTER);
}

typedef struct {
  const char     *code;
  AdeptErrorCode  error;
} CodeMap;

/* Looked for in any 4xx: these say what is wrong with the credentials or the organisation,
 * whatever status carries them (fleet sees token_rejected with 401 and 403). */
static const CodeMap auth_codes[] = {
  { "T_C_NOT_SIGNED", ADEPT_ERROR_TERMS_NOT_SIGNED },
  /* A 403 that is the organisation's choice, not a credential problem. */
  { "APPLE_SEED_FOR_IT_TURNED_OFF", ADEPT_ERROR_BETA_TURNED_OFF },
  { "token_rejected", ADEPT_ERROR_TOKEN_REJECTED },
  { "token_expired", ADEPT_ERROR_TOKEN_EXPIRED },
  { "ACCESS_DENIED", ADEPT_ERROR_ACCESS_DENIED },
  { "signature_invalid", ADEPT_ERROR_AUTH_FAILED },
};

static const CodeMap request_codes[] = {
  { "EXHAUSTED_CURSOR", ADEPT_ERROR_CURSOR_EXHAUSTED },
  { "EXPIRED_CURSOR", ADEPT_ERROR_CURSOR_EXPIRED },
  { "INVALID_CURSOR", ADEPT_ERROR_CURSOR_INVALID },
  { "CURSOR_REQUIRED", ADEPT_ERROR_CURSOR_INVALID },
  { "ORG_NOT_SUPPORTED", ADEPT_ERROR_ORG_NOT_SUPPORTED },
  /* Also DEVICE_NOT_FOUND (replacement details of a device that is no replacement). */
  { "NOT_FOUND", ADEPT_ERROR_NOT_FOUND },
};

static const CodeMap *
find_code (const CodeMap *map,
           guint          n,
           const char    *body,
           gsize          len)
{
  for (guint i = 0; i < n; i++)
    if (adept_dep_body_contains (body, len, map[i].code))
      return &map[i];
  return NULL;
}

static const ValidationCode *
find_validation_in_body (const char *body,
                         gsize       len)
{
  for (guint i = 0; i < G_N_ELEMENTS (validation_codes); i++)
    if (adept_dep_body_contains (body, len, validation_codes[i].code))
      return &validation_codes[i];
  return NULL;
}

static char *
format_wait (gint64 seconds)
{
  if (seconds < 120)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d second", "%d seconds", seconds),
                            (int) seconds);
  seconds = (seconds + 59) / 60;
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute", "%d minutes", seconds),
                          (int) seconds);
}

static void
set_error_with_details (GError         **error,
                        AdeptErrorCode   code,
                        char            *message,
                        const char      *apple_code,
                        const char      *field,
                        gint64           retry_after)
{
  GError *e;

  e = g_error_new_literal (ADEPT_ERROR, code,
                           message ? message : adept_error_default_message (code));
  adept_error_set_details (e, apple_code, field, retry_after);
  g_free (message);
  g_propagate_error (error, e);
}

void
adept_dep_set_error_from_response (GError     **error,
                                   guint        status,
                                   const char  *body,
                                   gsize        len,
                                   gint64       retry_after)
{
  g_autofree char *bare = adept_dep_body_dup_code (body, len);
  const ValidationCode *validation;
  const CodeMap *found;

  if (status == ADEPT_DEP_STATUS_TOO_MANY_REQUESTS ||
      adept_dep_body_contains (body, len, "TOO_MANY_REQUESTS"))
    {
      g_autofree char *wait = retry_after >= 0 ? format_wait (retry_after) : NULL;

      set_error_with_details (error, ADEPT_ERROR_THROTTLED,
                              wait ? g_strdup_printf (_("Apple asked to slow down. Try again in %s."), wait) : NULL,
                              bare, NULL, retry_after);
      return;
    }

  if (status >= 500)
    {
      set_error_with_details (error, ADEPT_ERROR_SERVER_ERROR,
                              g_strdup_printf (_("Apple’s service had an error (HTTP %u). Try again later."), status),
                              bare, NULL, retry_after);
      return;
    }

  if (status >= 400 && (found = find_code (auth_codes, G_N_ELEMENTS (auth_codes), body, len)))
    {
      set_error_with_details (error, found->error, NULL, found->code, NULL, retry_after);
      return;
    }

  if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN)
    {
      /* UNAUTHORIZED/FORBIDDEN that survived a fresh session: the credentials are bad. */
      set_error_with_details (error, ADEPT_ERROR_AUTH_FAILED, NULL, bare, NULL, retry_after);
      return;
    }

  if (status == SOUP_STATUS_BAD_REQUEST && (validation = find_validation_in_body (body, len)))
    {
      set_error_with_details (error, ADEPT_ERROR_VALIDATION,
                              g_strdup (g_dgettext (GETTEXT_PACKAGE, validation->message)),
                              validation->code, validation->field, retry_after);
      return;
    }

  if ((found = find_code (request_codes, G_N_ELEMENTS (request_codes), body, len)))
    {
      /* Apple's own word when it sent a bare one (DEVICE_NOT_FOUND for NOT_FOUND). */
      set_error_with_details (error, found->error, NULL, bare ? bare : found->code, NULL, retry_after);
      return;
    }

  if (status == SOUP_STATUS_NOT_FOUND)
    {
      set_error_with_details (error, ADEPT_ERROR_NOT_FOUND, NULL, bare, NULL, retry_after);
      return;
    }

  set_error_with_details (error, ADEPT_ERROR_BAD_REQUEST,
                          bare
                          ? g_strdup_printf (_("Apple refused the request (HTTP %u, %s). Update Adept; if it keeps happening, report it."), status, bare)
                          : g_strdup_printf (_("Apple refused the request (HTTP %u). Update Adept; if it keeps happening, report it."), status),
                          bare, NULL, retry_after);
}

gboolean
adept_dep_host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (host == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

gboolean
adept_dep_check_base_url (const char  *url,
                          GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  const char *host;

  if (url != NULL)
    uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  host = uri ? g_uri_get_host (uri) : NULL;
  if (host == NULL || *host == '\0')
    {
      g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_INSECURE_URL,
                   _("“%s” is not a web address. Use an address such as https://mdmenrollment.apple.com."),
                   url ? url : "");
      return FALSE;
    }

  /* Credentials belong to the authenticator, never to a URL that ends up in logs. */
  if (g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error_literal (error, ADEPT_ERROR, ADEPT_ERROR_INSECURE_URL,
                           _("The address contains a user name or password. Remove it; credentials are kept in the keyring."));
      return FALSE;
    }

  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return TRUE;
  if (g_ascii_strcasecmp (scheme, "http") == 0 && adept_dep_host_is_loopback (host))
    return TRUE;

  adept_set_error (error, ADEPT_ERROR_INSECURE_URL);
  return FALSE;
}

static JsonNode *
get_value (JsonObject *object,
           const char *name,
           GType       type)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  if (type == G_TYPE_INT64)
    {
      GType held = json_node_get_value_type (node);

      return held == G_TYPE_INT64 || held == G_TYPE_DOUBLE ? node : NULL;
    }
  return json_node_get_value_type (node) == type ? node : NULL;
}

const char *
adept_dep_json_get_string (JsonObject *object,
                           const char *name)
{
  JsonNode *node = get_value (object, name, G_TYPE_STRING);

  return node ? json_node_get_string (node) : NULL;
}

gint64
adept_dep_json_get_int (JsonObject *object,
                        const char *name,
                        gint64      default_value)
{
  JsonNode *node = get_value (object, name, G_TYPE_INT64);

  return node ? json_node_get_int (node) : default_value;
}

gboolean
adept_dep_json_get_boolean (JsonObject *object,
                            const char *name,
                            gboolean    default_value)
{
  JsonNode *node = get_value (object, name, G_TYPE_BOOLEAN);

  return node ? json_node_get_boolean (node) : default_value;
}

char **
adept_dep_json_dup_strv (JsonObject *object,
                         const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;
  GStrvBuilder *builder;
  JsonArray *array;
  char **strv;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  array = json_node_get_array (node);
  builder = g_strv_builder_new ();
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING)
        g_strv_builder_add (builder, json_node_get_string (element));
    }
  strv = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return strv;
}

JsonArray *
adept_dep_json_array_from_strv (const char * const *strv)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    json_array_add_string_element (array, strv[i]);
  return array;
}
