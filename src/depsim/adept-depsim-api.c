/* adept-depsim-api.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-depsim"

#include "config.h"

#include <string.h>

#include "adept-depsim-api.h"
#include "adept-depsim-catalog.h"
#include "adept-json.h"

/* ---- Reading request bodies ---- */

static gboolean
node_is (JsonNode *node,
         GType     type)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

/* An optional string member; FALSE when present with another type. */
static gboolean
optional_string (JsonObject  *object,
                 const char  *name,
                 const char **value)
{
  JsonNode *node = json_object_get_member (object, name);

  *value = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!node_is (node, G_TYPE_STRING))
    return FALSE;
  *value = json_node_get_string (node);
  return TRUE;
}

/* What the per-device calls read of a body: a profile UUID and the "devices" array. */
typedef struct {
  JsonObject *object;        /* when json-glib read the body */
  char       *copy;          /* when the flat reader did: its strings point in here */
  gboolean    uuid_bad;      /* profile_uuid present and neither a string nor null */
  const char *profile_uuid;
  gboolean    devices_bad;   /* devices present and not an array of strings */
  GPtrArray  *devices;       /* every element as sent; NULL when missing or null */
} DeviceRequest;

static void
device_request_clear (DeviceRequest *request)
{
  g_clear_pointer (&request->object, json_object_unref);
  g_clear_pointer (&request->copy, g_free);
  g_clear_pointer (&request->devices, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DeviceRequest, device_request_clear)

static void
device_request_from_object (DeviceRequest *request,
                            JsonObject    *object)
{
  JsonNode *node = json_object_get_member (object, "devices");

  request->object = json_object_ref (object);
  request->uuid_bad = !optional_string (object, "profile_uuid", &request->profile_uuid);
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      request->devices_bad = TRUE;
      return;
    }
  request->devices = g_ptr_array_new ();
  for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
    {
      JsonNode *element = json_array_get_element (json_node_get_array (node), i);

      if (!node_is (element, G_TYPE_STRING))
        {
          request->devices_bad = TRUE;
          return;
        }
      g_ptr_array_add (request->devices, (gpointer) json_node_get_string (element));
    }
}

/* ---- The flat reader ----
 * An assign or remove of 1000 devices costs json-glib ~2.7 million instructions to read,
 * most of the call. Its bodies are flat: an object of strings, literals and arrays of
 * strings. This reads exactly that, with strings of printable ASCII and no escapes, and
 * gives up on anything else (numbers, nesting, escapes, other bytes, a repeated member),
 * which json-glib then reads, so every answer stays what json-glib's reading gives. */

typedef enum {
  FLAT_STRING,
  FLAT_ARRAY,
  FLAT_LITERAL,   /* true, false */
  FLAT_NULL,
} FlatKind;

static char *
flat_space (char *p)
{
  while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
    p++;
  return p;
}

/* A string at p ('"'); NUL-terminates it in place. NULL when it is not a plain one. */
static char *
flat_string (char  *p,
             char **value)
{
  char *start = ++p;

  while ((guchar) *p >= 0x20 && (guchar) *p < 0x7f && *p != '"' && *p != '\\')
    p++;
  if (*p != '"')
    return NULL;
  *p = '\0';
  *value = start;
  return p + 1;
}

static char *
flat_literal (char       *p,
              const char *word)
{
  gsize len = strlen (word);

  return strncmp (p, word, len) == 0 ? p + len : NULL;
}

/* A value at p: its kind, a string's text or an array's strings (added to items). */
static char *
flat_value (char      *p,
            FlatKind  *kind,
            char     **text,
            GPtrArray *items)
{
  if (*p == '"')
    {
      *kind = FLAT_STRING;
      return flat_string (p, text);
    }
  if (*p == 'n')
    {
      *kind = FLAT_NULL;
      return flat_literal (p, "null");
    }
  if (*p == 't' || *p == 'f')
    {
      *kind = FLAT_LITERAL;
      return flat_literal (p, *p == 't' ? "true" : "false");
    }
  if (*p != '[')
    return NULL;
  *kind = FLAT_ARRAY;
  p = flat_space (p + 1);
  if (*p == ']')
    return p + 1;
  for (;;)
    {
      char *item;

      if (*p != '"' || (p = flat_string (p, &item)) == NULL)
        return NULL;
      g_ptr_array_add (items, item);
      p = flat_space (p);
      if (*p == ']')
        return p + 1;
      if (*p != ',')
        return NULL;
      p = flat_space (p + 1);
    }
}

static gboolean
flat_member (DeviceRequest *request,
             const char    *name,
             FlatKind       kind,
             char          *text,
             GPtrArray     *items,
             guint         *seen)
{
  if (g_str_equal (name, "profile_uuid"))
    {
      if ((*seen & 1) != 0)
        return FALSE;
      *seen |= 1;
      request->uuid_bad = kind != FLAT_STRING && kind != FLAT_NULL;
      request->profile_uuid = kind == FLAT_STRING ? text : NULL;
    }
  else if (g_str_equal (name, "devices"))
    {
      if ((*seen & 2) != 0)
        return FALSE;
      *seen |= 2;
      request->devices_bad = kind != FLAT_ARRAY && kind != FLAT_NULL;
      if (kind == FLAT_ARRAY)
        request->devices = g_ptr_array_ref (items);
    }
  return TRUE;
}

static gboolean
device_request_read_flat (DeviceRequest            *request,
                          const AdeptDepsimRequest *http)
{
  g_autoptr(GPtrArray) items = NULL;
  guint seen = 0;
  char *p;

  if (http->body_len == 0 || http->body_len > adept_json_get_max_size (ADEPT_JSON_SOURCE_REQUEST) ||
      memchr (http->body, '\0', http->body_len) != NULL)
    return FALSE;
  request->copy = g_strndup (http->body, http->body_len);
  p = flat_space (request->copy);
  if (*p++ != '{')
    return FALSE;
  p = flat_space (p);
  if (*p == '}')
    p++;
  else
    for (;;)
      {
        char *name;
        char *text = NULL;
        FlatKind kind;

        g_clear_pointer (&items, g_ptr_array_unref);
        items = g_ptr_array_new ();
        if (*p != '"' || (p = flat_string (p, &name)) == NULL)
          return FALSE;
        p = flat_space (p);
        if (*p++ != ':')
          return FALSE;
        p = flat_space (p);
        if ((p = flat_value (p, &kind, &text, items)) == NULL ||
            !flat_member (request, name, kind, text, items, &seen))
          return FALSE;
        p = flat_space (p);
        if (*p == '}')
          {
            p++;
            break;
          }
        if (*p++ != ',')
          return FALSE;
        p = flat_space (p);
      }
  return *flat_space (p) == '\0';
}

/* The body of a per-device call; FALSE with 400 MALFORMED_REQUEST_BODY in the reply. */
static gboolean
device_request_read (DeviceRequest            *request,
                     const AdeptDepsimRequest *http,
                     AdeptDepsimReply         *reply)
{
  g_autoptr(JsonObject) object = NULL;

  if (device_request_read_flat (request, http))
    return TRUE;
  device_request_clear (request);
  memset (request, 0, sizeof *request);
  object = adept_depsim_parse_object (http, reply);
  if (object == NULL)
    return FALSE;
  device_request_from_object (request, object);
  return TRUE;
}

/* A set of up to n strings by open addressing: the repeats of a request of 1000 serials
 * found with a third of a GHashTable's work. */
typedef struct {
  const char **slots;
  gsize        mask;
} SerialSet;

static void
serial_set_init (SerialSet *set,
                 guint      n)
{
  gsize size = 16;

  while (size < 2 * (gsize) n)
    size *= 2;
  set->slots = g_new0 (const char *, size);
  set->mask = size - 1;
}

/* FALSE when s was there already. */
static gboolean
serial_set_add (SerialSet  *set,
                const char *s)
{
  guint32 h = 2166136261u;
  gsize i;

  for (const guchar *p = (const guchar *) s; *p != '\0'; p++)
    h = (h ^ *p) * 16777619u;
  for (i = h & set->mask; set->slots[i] != NULL; i = (i + 1) & set->mask)
    if (strcmp (set->slots[i], s) == 0)
      return FALSE;
  set->slots[i] = s;
  return TRUE;
}

/* The "devices" array of serials, without repeats. NULL with the reply filled when it is
 * missing, empty, too long or not made of strings. */
static GPtrArray *
request_serials (const DeviceRequest *request,
                 AdeptDepsimReply    *reply)
{
  g_autoptr(GPtrArray) serials = NULL;
  SerialSet seen;

  if (request->devices == NULL && !request->devices_bad)
    {
      adept_depsim_reply_code (reply, 400, "DEVICE_ID_REQUIRED");
      return NULL;
    }
  if (request->devices_bad)
    {
      adept_depsim_reply_code (reply, 400, "MALFORMED_REQUEST_BODY");
      return NULL;
    }
  serials = g_ptr_array_sized_new (request->devices->len);
  serial_set_init (&seen, request->devices->len);
  for (guint i = 0; i < request->devices->len; i++)
    {
      const char *serial = g_ptr_array_index (request->devices, i);

      if (*serial != '\0' && serial_set_add (&seen, serial))
        g_ptr_array_add (serials, (gpointer) serial);
    }
  g_free (seen.slots);
  if (serials->len == 0)
    {
      adept_depsim_reply_code (reply, 400, "DEVICE_ID_REQUIRED");
      return NULL;
    }
  /* Apple documents no code for this; ours names the problem. */
  if (request->devices->len > ADEPT_DEPSIM_MAX_DEVICES)
    {
      adept_depsim_reply_code (reply, 400, "TOO_MANY_DEVICES");
      return NULL;
    }
  return g_steal_pointer (&serials);
}

/* ---- Account ---- */

void
adept_depsim_api_account (AdeptDepsimState         *state,
                          const AdeptDepsimRequest *request,
                          AdeptDepsimReply         *reply)
{
  static const struct {
    const char *uri;
    const char *methods;
    gboolean    limited;
  } urls[] = {
    { "/session", "[\"GET\"]", FALSE },
    { "/account", "[\"GET\"]", FALSE },
    { "/server/devices", "[\"POST\"]", TRUE },
    { "/devices/sync", "[\"POST\"]", TRUE },
    { "/devices", "[\"POST\"]", FALSE },
    { "/devices/disown", "[\"POST\"]", FALSE },
    { "/profile", "[\"POST\",\"GET\"]", FALSE },
    { "/profile/devices", "[\"DELETE\",\"POST\",\"PUT\"]", FALSE },
    { "/device/activationlock", "[\"POST\"]", FALSE },
    { "/device/replacementDetails", "[\"GET\"]", FALSE },
    { "/account-driven-enrollment/profile", "[\"DELETE\",\"GET\",\"POST\"]", FALSE },
    { "/os-beta-enrollment/tokens", "[\"GET\"]", FALSE },
  };
  const char *org_id = adept_depsim_state_get_org_id (state);
  const char *admin_id = adept_depsim_catalog_admin_id ();
  GString *out = g_string_new ("{");

  adept_depsim_json_member (out, "server_name", adept_depsim_state_get_server_name (state));
  adept_depsim_json_member (out, "server_uuid", adept_depsim_state_get_server_uuid (state));
  adept_depsim_json_member (out, "admin_id", admin_id);
  adept_depsim_json_member (out, "facilitator_id", admin_id);
  adept_depsim_json_member (out, "org_name", adept_depsim_catalog_org_name ());
  adept_depsim_json_member (out, "org_email", "it@appleseed.example");
  adept_depsim_json_member (out, "org_phone", "+1 408 555 0100");
  adept_depsim_json_member (out, "org_address", "1 Orchard Lane, Cupertino CA 95014, United States");
  if (request->version >= 3)
    {
      g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, org_id, -1);

      adept_depsim_json_member (out, "org_id", org_id);
      adept_depsim_json_member (out, "org_id_hash", hash);
      adept_depsim_json_member (out, "org_type", "org");
      adept_depsim_json_member (out, "org_version", "v2");
      g_string_append (out, ",\"urls\":[");
      for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
        {
          g_string_append_printf (out, "%s{\"uri\":\"%s\",\"http_method\":%s", i > 0 ? "," : "",
                                  urls[i].uri, urls[i].methods);
          if (urls[i].limited)
            g_string_append_printf (out, ",\"limit\":{\"default\":%d,\"maximum\":%d}",
                                    ADEPT_DEPSIM_DEFAULT_LIMIT, ADEPT_DEPSIM_MAX_LIMIT);
          g_string_append_c (out, '}');
        }
      g_string_append_c (out, ']');
    }
  g_string_append_c (out, '}');
  adept_depsim_reply_json (reply, out);
}

/* ---- Fetch and sync ---- */

typedef gboolean (*PageFunc) (AdeptDepsimState  *state,
                              const char        *cursor,
                              guint              limit,
                              int                version,
                              GString           *out,
                              const char       **error_code);

static void
serve_page (AdeptDepsimState         *state,
            const AdeptDepsimRequest *request,
            AdeptDepsimReply         *reply,
            PageFunc                  page)
{
  g_autoptr(JsonObject) body = adept_depsim_parse_object (request, reply);
  const char *cursor = NULL;
  const char *error_code = NULL;
  gint64 limit = ADEPT_DEPSIM_DEFAULT_LIMIT;
  JsonNode *limit_node;
  GString *out;

  if (body == NULL)
    return;
  limit_node = json_object_get_member (body, "limit");
  if (!optional_string (body, "cursor", &cursor) ||
      (limit_node != NULL && !JSON_NODE_HOLDS_NULL (limit_node) && !node_is (limit_node, G_TYPE_INT64)))
    {
      adept_depsim_reply_code (reply, 400, "MALFORMED_REQUEST_BODY");
      return;
    }
  if (limit_node != NULL && !JSON_NODE_HOLDS_NULL (limit_node))
    limit = json_node_get_int (limit_node);
  /* No source names Apple's code for a limit out of range; ours says what is wrong. */
  if (limit < 1 || limit > ADEPT_DEPSIM_MAX_LIMIT)
    {
      adept_depsim_reply_code (reply, 400, "LIMIT_INVALID");
      return;
    }

  out = g_string_sized_new (600 * limit + 256);
  if (!page (state, cursor, (guint) limit, request->version, out, &error_code))
    {
      g_string_free (out, TRUE);
      adept_depsim_reply_code (reply, 400, error_code);
      return;
    }
  adept_depsim_reply_json (reply, out);
}

void
adept_depsim_api_fetch (AdeptDepsimState         *state,
                        const AdeptDepsimRequest *request,
                        AdeptDepsimReply         *reply)
{
  serve_page (state, request, reply, adept_depsim_state_fetch);
}

void
adept_depsim_api_sync (AdeptDepsimState         *state,
                       const AdeptDepsimRequest *request,
                       AdeptDepsimReply         *reply)
{
  serve_page (state, request, reply, adept_depsim_state_sync);
}

/* ---- Per-device calls ---- */

static void
append_status (GString    *out,
               const char *serial,
               const char *status)
{
  adept_depsim_json_member (out, serial, status);
}

void
adept_depsim_api_details (AdeptDepsimState         *state,
                          const AdeptDepsimRequest *request,
                          AdeptDepsimReply         *reply)
{
  g_auto(DeviceRequest) read = { 0, };
  g_autoptr(GPtrArray) serials = NULL;
  GString *out;

  if (!device_request_read (&read, request, reply) || (serials = request_serials (&read, reply)) == NULL)
    return;

  out = g_string_new ("{\"devices\":{");
  for (guint i = 0; i < serials->len; i++)
    {
      const char *serial = g_ptr_array_index (serials, i);

      if (i > 0)
        g_string_append_c (out, ',');
      adept_depsim_json_string (out, serial);
      g_string_append_c (out, ':');
      if (adept_depsim_state_append_device (state, out, serial, request->version))
        adept_depsim_json_member (out, "response_status", "SUCCESS");
      else
        g_string_append (out, "{\"response_status\":\"NOT_ACCESSIBLE\"");
      g_string_append_c (out, '}');
    }
  g_string_append (out, "}}");
  adept_depsim_reply_json (reply, out);
}

typedef const char * (*PerDeviceFunc) (AdeptDepsimState *state,
                                       const char       *serial);

/* {"devices": {serial: answer}} for calls that answer each device with one word. */
static void
answer_each_device (AdeptDepsimState         *state,
                    const AdeptDepsimRequest *request,
                    AdeptDepsimReply         *reply,
                    PerDeviceFunc             func)
{
  g_auto(DeviceRequest) read = { 0, };
  g_autoptr(GPtrArray) serials = NULL;
  GString *out;

  if (!device_request_read (&read, request, reply) || (serials = request_serials (&read, reply)) == NULL)
    return;

  /* About 30 bytes a device: "serial":"NOT_ACCESSIBLE". */
  out = g_string_sized_new (32 * serials->len + 32);
  g_string_append (out, "{\"devices\":{");
  adept_depsim_state_hold_changed (state);
  for (guint i = 0; i < serials->len; i++)
    {
      const char *serial = g_ptr_array_index (serials, i);

      append_status (out, serial, func (state, serial));
    }
  adept_depsim_state_release_changed (state);
  g_string_append (out, "}}");
  adept_depsim_reply_json (reply, out);
}

void
adept_depsim_api_disown (AdeptDepsimState         *state,
                         const AdeptDepsimRequest *request,
                         AdeptDepsimReply         *reply)
{
  answer_each_device (state, request, reply, adept_depsim_state_disown);
}

/* ---- Profiles ---- */

static gboolean
is_http_url (const char *url)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  if (strlen (url) > 2000 || strchr (url, ' ') != NULL)
    return FALSE;
  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    return FALSE;
  scheme = g_uri_get_scheme (uri);
  return (g_ascii_strcasecmp (scheme, "https") == 0 || g_ascii_strcasecmp (scheme, "http") == 0) &&
         g_uri_get_host (uri) != NULL && *g_uri_get_host (uri) != '\0';
}

static gboolean
is_email (const char *address)
{
  const char *at = strchr (address, '@');

  return at != NULL && at != address && strchr (at + 1, '@') == NULL &&
         strchr (at + 1, '.') != NULL && at[1] != '.' &&
         address[strlen (address) - 1] != '.' && strpbrk (address, " \t\r\n,;<>") == NULL;
}

static gboolean
is_letters (const char *s,
            gsize       min,
            gsize       max)
{
  gsize len = strlen (s);

  if (len < min || len > max)
    return FALSE;
  for (const char *p = s; *p != '\0'; p++)
    if (!g_ascii_isalpha (*p))
      return FALSE;
  return TRUE;
}

static gboolean
types_are_valid (JsonObject *profile)
{
  static const char * const strings[] = {
    "profile_name", "url", "support_phone_number", "support_email_address", "org_magic",
    "department", "language", "region", "configuration_web_url",
  };
  static const char * const booleans[] = {
    "allow_pairing", "is_supervised", "is_multi_user", "is_mandatory",
    "await_device_configured", "is_mdm_removable", "auto_advance_setup",
    "do_not_use_profile_from_backup", "is_return_to_service",
  };
  static const char * const string_arrays[] = {
    "anchor_certs", "supervising_host_certs", "skip_setup_items", "devices",
  };

  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    {
      const char *value;

      if (!optional_string (profile, strings[i], &value))
        return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (booleans); i++)
    {
      JsonNode *node = json_object_get_member (profile, booleans[i]);

      if (node != NULL && !JSON_NODE_HOLDS_NULL (node) && !node_is (node, G_TYPE_BOOLEAN))
        return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (string_arrays); i++)
    {
      JsonNode *node = json_object_get_member (profile, string_arrays[i]);
      JsonArray *array;

      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        continue;
      if (!JSON_NODE_HOLDS_ARRAY (node))
        return FALSE;
      array = json_node_get_array (node);
      for (guint j = 0; j < json_array_get_length (array); j++)
        if (!node_is (json_array_get_element (array, j), G_TYPE_STRING))
          return FALSE;
    }
  return TRUE;
}

static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node_is (node, G_TYPE_STRING) ? json_node_get_string (node) : NULL;
}

static gboolean
bool_member (JsonObject *object,
             const char *name,
             gboolean    fallback)
{
  JsonNode *node = json_object_get_member (object, name);

  return node_is (node, G_TYPE_BOOLEAN) ? json_node_get_boolean (node) : fallback;
}

static gboolean
too_long (const char *value,
          glong       max)
{
  return value != NULL && g_utf8_strlen (value, -1) > max;
}

/* Apple's define-profile checks (dep-api.md §3.6), in the order of its list. */
static const char *
validate_profile (JsonObject *profile)
{
  const char *name = string_member (profile, "profile_name");
  const char *url = string_member (profile, "url");
  const char *email = string_member (profile, "support_email_address");
  const char *language = string_member (profile, "language");
  const char *region = string_member (profile, "region");
  const char *web_url = string_member (profile, "configuration_web_url");

  if (!types_are_valid (profile))
    return "MALFORMED_REQUEST_BODY";
  if (name == NULL || *name == '\0')
    return "CONFIG_NAME_REQUIRED";
  if (too_long (name, 125))
    return "CONFIG_NAME_INVALID";
  if (url == NULL || *url == '\0')
    return "CONFIG_URL_REQUIRED";
  if (!is_http_url (url) || (web_url != NULL && *web_url != '\0' && !is_http_url (web_url)))
    return "CONFIG_URL_INVALID";
  if (!bool_member (profile, "is_mdm_removable", TRUE) &&
      !bool_member (profile, "is_supervised", FALSE))
    return "FLAGS_INVALID";
  if (too_long (string_member (profile, "support_phone_number"), 50))
    return "SUPPORT_PHONE_INVALID";
  if (email != NULL && *email != '\0' && (too_long (email, 250) || !is_email (email)))
    return "SUPPORT_EMAIL_INVALID";
  if (too_long (string_member (profile, "department"), 125))
    return "DEPARTMENT_INVALID";
  if ((language != NULL && !is_letters (language, 2, 3)) ||
      (region != NULL && !is_letters (region, 2, 2)))
    return "LOCALE_INVALID";
  if (too_long (string_member (profile, "org_magic"), 256))
    return "MAGIC_INVALID";
  return NULL;
}

static void
define_profile (AdeptDepsimState         *state,
                const AdeptDepsimRequest *request,
                AdeptDepsimReply         *reply)
{
  g_autoptr(JsonObject) body = adept_depsim_parse_object (request, reply);
  g_auto(DeviceRequest) read = { 0, };
  g_autoptr(GPtrArray) serials = NULL;
  JsonNode *devices;
  const char *problem;
  const char *uuid;
  GString *out;

  if (body == NULL)
    return;
  if ((problem = validate_profile (body)) != NULL)
    {
      adept_depsim_reply_code (reply, 400, problem);
      return;
    }
  /* Devices are optional here; an empty list is fine. */
  devices = json_object_get_member (body, "devices");
  if (devices != NULL && JSON_NODE_HOLDS_ARRAY (devices) &&
      json_array_get_length (json_node_get_array (devices)) > 0)
    {
      device_request_from_object (&read, body);
      if ((serials = request_serials (&read, reply)) == NULL)
        return;
    }

  uuid = adept_depsim_state_add_profile (state, body);
  out = g_string_new ("{");
  adept_depsim_json_member (out, "profile_uuid", uuid);
  g_string_append (out, ",\"devices\":{");
  for (guint i = 0; serials != NULL && i < serials->len; i++)
    {
      const char *serial = g_ptr_array_index (serials, i);
      guint retry_after;
      const char *result = adept_depsim_state_assign_profile (state, serial, uuid, 0, &retry_after);

      /* Throttling is an answer of the assign call only. */
      append_status (out, serial, g_str_equal (result, "THROTTLED") ? "FAILED" : result);
    }
  g_string_append (out, "}}");
  adept_depsim_reply_json (reply, out);
}

static void
get_profile (AdeptDepsimState         *state,
             const AdeptDepsimRequest *request,
             AdeptDepsimReply         *reply)
{
  const char *uuid = request->query != NULL ? g_hash_table_lookup (request->query, "profile_uuid") : NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;
  JsonObject *profile;

  if (uuid == NULL || *uuid == '\0')
    {
      adept_depsim_reply_code (reply, 400, "PROFILE_UUID_REQUIRED");
      return;
    }
  profile = adept_depsim_state_get_profile (state, uuid);
  if (profile == NULL)
    {
      adept_depsim_reply_code (reply, 400, "NOT_FOUND");
      return;
    }
  node = json_node_init_object (json_node_alloc (), profile);
  text = json_to_string (node, FALSE);
  adept_depsim_reply_json (reply, g_string_new (text));
}

void
adept_depsim_api_profile (AdeptDepsimState         *state,
                          const AdeptDepsimRequest *request,
                          AdeptDepsimReply         *reply)
{
  if (g_str_equal (request->method, "GET"))
    get_profile (state, request, reply);
  else
    define_profile (state, request, reply);
}

static void
assign_profile (AdeptDepsimState         *state,
                const AdeptDepsimRequest *request,
                AdeptDepsimReply         *reply)
{
  g_auto(DeviceRequest) read = { 0, };
  g_autoptr(GPtrArray) serials = NULL;
  const char *uuid;
  guint max_retry = 0;
  gboolean throttled = FALSE;
  GString *out;

  if (!device_request_read (&read, request, reply))
    return;
  uuid = read.profile_uuid;
  if (read.uuid_bad)
    {
      adept_depsim_reply_code (reply, 400, "MALFORMED_REQUEST_BODY");
      return;
    }
  if (uuid == NULL || *uuid == '\0')
    {
      adept_depsim_reply_code (reply, 400, "PROFILE_UUID_REQUIRED");
      return;
    }
  if ((serials = request_serials (&read, reply)) == NULL)
    return;
  if (adept_depsim_state_get_profile (state, uuid) == NULL)
    {
      adept_depsim_reply_code (reply, 400, "NOT_FOUND");
      return;
    }

  out = g_string_sized_new (32 * serials->len + 128);
  g_string_append_c (out, '{');
  adept_depsim_json_member (out, "profile_uuid", uuid);
  g_string_append (out, ",\"devices\":{");
  adept_depsim_state_hold_changed (state);
  for (guint i = 0; i < serials->len; i++)
    {
      const char *serial = g_ptr_array_index (serials, i);
      guint retry_after = 0;
      const char *result = adept_depsim_state_assign_profile (state, serial, uuid, i, &retry_after);

      /* THROTTLED exists from protocol version 9; older clients see FAILED. */
      if (g_str_equal (result, "THROTTLED"))
        {
          if (request->version < 9)
            result = "FAILED";
          throttled = TRUE;
          max_retry = MAX (max_retry, retry_after);
        }
      append_status (out, serial, result);
    }
  adept_depsim_state_release_changed (state);
  g_string_append_c (out, '}');
  if (throttled && request->version >= 10)
    g_string_append_printf (out, ",\"retry_after_seconds\":%u", max_retry);
  g_string_append_c (out, '}');
  adept_depsim_reply_json (reply, out);
}

void
adept_depsim_api_profile_devices (AdeptDepsimState         *state,
                                  const AdeptDepsimRequest *request,
                                  AdeptDepsimReply         *reply)
{
  if (g_str_equal (request->method, "DELETE"))
    answer_each_device (state, request, reply, adept_depsim_state_remove_profile);
  else
    assign_profile (state, request, reply);
}
