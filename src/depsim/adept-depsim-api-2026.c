/* adept-depsim-api-2026.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Where the sources of dep-api.md disagree, the simulator answers as Apple is reported
 * to answer today: replacement details of a device that is no replacement is 400
 * DEVICE_NOT_FOUND (Apple's documentation says 404; apple-mdm-clients observed 400).
 * What no source tells (the status of ORG_NOT_SUPPORTED for account-driven enrollment,
 * the body of its POST and DELETE) is chosen plainly and said so below.
 */
#define G_LOG_DOMAIN "adept-depsim"

#include "config.h"

#include <string.h>

#include "adept-depsim-api-2026.h"

static const char *
member_string (JsonObject *object,
               const char *name,
               gboolean   *wrong_type)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      *wrong_type = TRUE;
      return NULL;
    }
  return json_node_get_string (node);
}

static gboolean
is_escrow_key (const char *key)
{
  return strlen (key) == 64 && strspn (key, "0123456789abcdefABCDEF") == 64;
}

/* ---- Activation Lock ---- */

void
adept_depsim_api_activation_lock (AdeptDepsimState         *state,
                                  const AdeptDepsimRequest *request,
                                  AdeptDepsimReply         *reply)
{
  g_autoptr(JsonObject) body = adept_depsim_parse_object (request, reply);
  gboolean wrong_type = FALSE;
  const char *serial;
  const char *escrow_key;
  const char *lost_message;
  GString *out;

  if (body == NULL)
    return;
  serial = member_string (body, "device", &wrong_type);
  escrow_key = member_string (body, "escrow_key", &wrong_type);
  lost_message = member_string (body, "lost_message", &wrong_type);
  if (wrong_type ||
      (escrow_key != NULL && !is_escrow_key (escrow_key)) ||
      (lost_message != NULL && g_utf8_strlen (lost_message, -1) > ADEPT_DEPSIM_MAX_LOST_MESSAGE))
    {
      adept_depsim_reply_code (reply, 400, "MALFORMED_REQUEST_BODY");
      return;
    }
  if (serial == NULL || *serial == '\0')
    {
      adept_depsim_reply_code (reply, 400, "DEVICE_ID_REQUIRED");
      return;
    }

  out = g_string_new ("{");
  adept_depsim_json_member (out, "serial_number", serial);
  adept_depsim_json_member (out, "response_status",
                            adept_depsim_state_lock (state, serial, escrow_key, lost_message));
  g_string_append_c (out, '}');
  adept_depsim_reply_json (reply, out);
}

/* ---- Replacement details ---- */

void
adept_depsim_api_replacement_details (AdeptDepsimState         *state,
                                      const AdeptDepsimRequest *request,
                                      AdeptDepsimReply         *reply)
{
  const char *serial = request->query != NULL ? g_hash_table_lookup (request->query, "device") : NULL;
  const char *original;
  gint64 ms;
  GString *out;
  g_autoptr(GDateTime) date = NULL;
  g_autofree char *day = NULL;

  /* The endpoint came with protocol 10: to older clients it does not exist. */
  if (request->version < 10)
    {
      adept_depsim_reply_code (reply, 404, "NOT_FOUND");
      return;
    }
  if (serial == NULL || *serial == '\0')
    {
      adept_depsim_reply_code (reply, 400, "DEVICE_ID_REQUIRED");
      return;
    }
  if (!adept_depsim_state_get_replacement (state, serial, &original, &ms))
    {
      adept_depsim_reply_code (reply, 400, "DEVICE_NOT_FOUND");
      return;
    }

  /* Day granularity, UTC. */
  date = g_date_time_new_from_unix_utc (ms / 1000);
  day = g_date_time_format (date, "%Y-%m-%d");
  out = g_string_new ("{");
  adept_depsim_json_member (out, "serial_number", serial);
  adept_depsim_json_member (out, "original_device_serial_number", original);
  adept_depsim_json_member (out, "replacement_date", day);
  g_string_append_c (out, '}');
  adept_depsim_reply_json (reply, out);
}

/* ---- Account-driven enrollment ---- */

/* The service discovery URL must be https with a host (MDM_SERVICE_DISCOVERY_URL_NOT_VALID
 * covers "bad format or not https"). */
static gboolean
is_discovery_url (const char *url)
{
  g_autoptr(GUri) uri = strlen (url) <= 2000 && strpbrk (url, " \t\r\n") == NULL
                        ? g_uri_parse (url, G_URI_FLAGS_NONE, NULL) : NULL;

  return uri != NULL && g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") == 0 &&
         g_uri_get_host (uri) != NULL && *g_uri_get_host (uri) != '\0';
}

static void
set_ade_profile (AdeptDepsimState         *state,
                 const AdeptDepsimRequest *request,
                 AdeptDepsimReply         *reply)
{
  g_autoptr(JsonObject) body = adept_depsim_parse_object (request, reply);
  gboolean wrong_type = FALSE;
  const char *url;

  if (body == NULL)
    return;
  url = member_string (body, "mdm_service_discovery_url", &wrong_type);
  if (wrong_type)
    adept_depsim_reply_code (reply, 400, "MALFORMED_REQUEST_BODY");
  else if (url == NULL || *url == '\0')
    adept_depsim_reply_code (reply, 400, "MDM_SERVICE_DISCOVERY_URL_REQUIRED");
  else if (!is_discovery_url (url))
    adept_depsim_reply_code (reply, 400, "MDM_SERVICE_DISCOVERY_URL_NOT_VALID");
  else
    {
      adept_depsim_state_set_ade_url (state, url);
      /* No source shows a body; an empty 200 makes a client that needs one fail here
       * rather than against Apple. */
      adept_depsim_reply_json (reply, g_string_new (NULL));
    }
}

static void
get_ade_profile (AdeptDepsimState *state,
                 AdeptDepsimReply *reply)
{
  gint64 updated_ms;
  const char *url = adept_depsim_state_get_ade_url (state, &updated_ms);
  GString *out;

  if (url == NULL)
    {
      adept_depsim_reply_code (reply, 404, "NOT_FOUND");
      return;
    }
  out = g_string_new ("{");
  adept_depsim_json_member (out, "mdm_service_discovery_url", url);
  adept_depsim_json_time_member (out, "last_updated_timestamp", updated_ms);
  g_string_append_c (out, '}');
  adept_depsim_reply_json (reply, out);
}

void
adept_depsim_api_ade_profile (AdeptDepsimState         *state,
                              const AdeptDepsimRequest *request,
                              AdeptDepsimReply         *reply)
{
  /* No source gives the status of this refusal; 400 like the endpoint's other codes. */
  if (!adept_depsim_state_get_org_feature (state, ADEPT_DEPSIM_ORG_ACCOUNT_DRIVEN_ENROLLMENT))
    {
      adept_depsim_reply_code (reply, 400, "ORG_NOT_SUPPORTED");
      return;
    }
  if (g_str_equal (request->method, "POST"))
    set_ade_profile (state, request, reply);
  else if (g_str_equal (request->method, "GET"))
    get_ade_profile (state, reply);
  else if (adept_depsim_state_get_ade_url (state, NULL) == NULL)
    adept_depsim_reply_code (reply, 404, "NOT_FOUND");
  else
    {
      adept_depsim_state_set_ade_url (state, NULL);
      adept_depsim_reply_json (reply, g_string_new (NULL));
    }
}

/* ---- Beta enrollment tokens ---- */

void
adept_depsim_api_beta_tokens (AdeptDepsimState         *state,
                              const AdeptDepsimRequest *request,
                              AdeptDepsimReply         *reply)
{
  GString *out;

  if (!adept_depsim_state_get_org_feature (state, ADEPT_DEPSIM_ORG_BETA_ENROLLMENT))
    {
      adept_depsim_reply_code (reply, 403, "APPLE_SEED_FOR_IT_TURNED_OFF");
      return;
    }
  /* Real servers send the same list a second time as seedBuildTokens. */
  out = g_string_new ("{\"betaEnrollmentTokens\":");
  adept_depsim_state_append_beta_tokens (state, out);
  g_string_append (out, ",\"seedBuildTokens\":");
  adept_depsim_state_append_beta_tokens (state, out);
  g_string_append_c (out, '}');
  adept_depsim_reply_json (reply, out);
}
