/* adept-depsim-admin.c — JSON over HTTP for what ABM and the devices do to the simulator
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every path is below /_adept/; bodies and answers are JSON, errors are 400 with
 * {"error": "sentence"}. Nothing here asks for credentials: the simulator listens on
 * loopback only and holds no real secret.
 *
 *   GET    state                 the truth (adept_depsim_dup_truth_json)
 *   POST   devices               {"count", "on_server"=true}       → {"serials": […]}
 *   POST   devices/assign        {"devices": […]}                   → {"changed"}
 *   POST   devices/unassign      {"devices": […]}                   → {"changed"}
 *   POST   devices/activate      {"devices": […]}                   → {"changed"}
 *   POST   devices/edit          {"serial", "fields": {name: value}}
 *   POST   clock/advance         {"seconds"} or {"days"}           → {"now"}
 *   POST   token                 the certificate PEM as the body    → the .p7m file
 *   POST   token/revoke
 *   POST   terms                 {"required": bool}
 *   POST   sessions              {"idle_timeout_ms", "rotate_every"} (each optional)
 *   POST   sessions/expire
 *   POST   faults                {"endpoint", "kind": status|delay|drop|garbage, "status",
 *                                 "body", "retry_after", "delay_ms", "count"}
 *   DELETE faults
 *   POST   latency               {"ms"}
 *   POST   assign-results        {"devices": […], "result", "count", "retry_after"}
 *   POST   assign-throttle       {"max_per_request", "retry_after"}
 *   POST   depsim-credentials    {"accept": bool}
 *   POST   devices/replace       {"old", "new"?}                    → {"replacement"}
 *   POST   devices/migrate       {"devices": […], "days" or "deadline" (RFC 3339),
 *                                 "as_added"=false}                  → {"changed"}
 *   POST   activation-lock-results {"devices": […], "result", "count"}
 *   POST   org                   {"activation_lock", "account_driven_enrollment",
 *                                 "beta_enrollment"} (bools, each optional)
 *
 * Apple Business (abm-api.md):
 *   POST   devices               also {"server": id or name}: on another MDM server
 *   POST   api-accounts          {"scope", "sec1"}  → {"client_id", "key_id", "private_key",
 *                                                     "token_url", "api_url"}
 *   POST   api-accounts/revoke   {"client_id"}
 *   POST   api-accounts/scope    {"client_id", "scope"}
 *   POST   business/settings     {"token_lifetime_s", "activity_delay_ms"} (each optional)
 *   POST   business/seed         {"count"}  devices across the organisation's other servers
 *   POST   business/refusals     {"devices": […], "reason", "count"}
 *   POST   business/facts        {"serial", "fields": {"os", "shared_ipad",
 *                                  "return_to_service", "configurator": number}}
 *   POST   business/migration    {"serial", "status"}
 *   faults take Apple Business routes ("/v1/orgDevices", "/auth/oauth2/token", or "/v1/" then "*").
 */
#define G_LOG_DOMAIN "adept-depsim"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "adept-depsim-admin.h"
#include "adept-depsim-util.h"
#include "adept-error.h"
#include "adept-json.h"
#include "adept-secret.h"

typedef gboolean (*AdminFunc) (AdeptDepsim  *sim,
                               JsonObject   *body,
                               GString      *out,
                               GError      **error);

static gboolean
fail (GError     **error,
      const char  *message)
{
  g_set_error_literal (error, ADEPT_ERROR, ADEPT_ERROR_BAD_REQUEST, message);
  return FALSE;
}

static gboolean
get_uint (JsonObject *body,
          const char *name,
          guint       fallback,
          guint      *value,
          GError    **error)
{
  JsonNode *node = json_object_get_member (body, name);
  gint64 n;

  *value = fallback;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
      (n = json_node_get_int (node)) < 0 || n > G_MAXUINT)
    {
      g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_BAD_REQUEST,
                   _("“%s” must be a whole number of zero or more."), name);
      return FALSE;
    }
  *value = (guint) n;
  return TRUE;
}

/* A setting the request may leave out: set only when given. */
static gboolean
apply_uint (AdeptDepsim  *sim,
            JsonObject   *body,
            const char   *name,
            void        (*set) (AdeptDepsim *sim, guint value),
            GError      **error)
{
  JsonNode *node = json_object_get_member (body, name);
  guint value;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!get_uint (body, name, 0, &value, error))
    return FALSE;
  set (sim, value);
  return TRUE;
}

static gboolean
get_bool (JsonObject *body,
          const char *name,
          gboolean    fallback)
{
  JsonNode *node = json_object_get_member (body, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return fallback;
  return json_node_get_boolean (node);
}

static const char *
get_string (JsonObject *body,
            const char *name)
{
  JsonNode *node = json_object_get_member (body, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* The "devices" array as a NULL-terminated vector of borrowed strings. */
static const char **
get_serials (JsonObject  *body,
             GError     **error)
{
  JsonNode *node = json_object_get_member (body, "devices");
  GPtrArray *serials;
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      fail (error, _("Name the devices as a “devices” array of serial numbers."));
      return NULL;
    }
  array = json_node_get_array (node);
  serials = g_ptr_array_new ();
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
        {
          g_ptr_array_free (serials, TRUE);
          fail (error, _("Serial numbers must be strings."));
          return NULL;
        }
      g_ptr_array_add (serials, (gpointer) json_node_get_string (element));
    }
  g_ptr_array_add (serials, NULL);
  return (const char **) g_ptr_array_free (serials, FALSE);
}

static void
append_changed (GString *out,
                guint    changed)
{
  g_string_append_printf (out, "{\"changed\":%u}", changed);
}

static gboolean
admin_state (AdeptDepsim  *sim,
             JsonObject   *body,
             GString      *out,
             GError      **error)
{
  g_autofree char *truth = adept_depsim_dup_truth_json (sim);

  g_string_append (out, truth);
  return TRUE;
}

static gboolean
admin_add_devices (AdeptDepsim  *sim,
                   JsonObject   *body,
                   GString      *out,
                   GError      **error)
{
  g_auto(GStrv) serials = NULL;
  guint count;

  const char *server = get_string (body, "server");

  if (!get_uint (body, "count", 1, &count, error))
    return FALSE;
  if (count > 1000000)
    return fail (error, _("Add at most a million devices at a time."));

  if (server != NULL)
    serials = adept_depsim_add_org_devices (sim, count, server, error);
  else
    serials = adept_depsim_add_devices (sim, count, get_bool (body, "on_server", TRUE));
  if (serials == NULL)
    return FALSE;
  g_string_append (out, "{\"serials\":[");
  for (guint i = 0; serials[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      adept_depsim_json_string (out, serials[i]);
    }
  g_string_append (out, "]}");
  return TRUE;
}

typedef guint (*SerialsFunc) (AdeptDepsim         *sim,
                              const char * const  *serials,
                              GError             **error);

static gboolean
apply_to_serials (AdeptDepsim  *sim,
                  JsonObject   *body,
                  GString      *out,
                  SerialsFunc   func,
                  GError      **error)
{
  g_autofree const char **serials = get_serials (body, error);
  g_autoptr(GError) local_error = NULL;
  guint changed;

  if (serials == NULL)
    return FALSE;
  changed = func (sim, serials, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  append_changed (out, changed);
  return TRUE;
}

static gboolean
admin_assign (AdeptDepsim  *sim,
              JsonObject   *body,
              GString      *out,
              GError      **error)
{
  return apply_to_serials (sim, body, out, adept_depsim_assign_devices, error);
}

static gboolean
admin_unassign (AdeptDepsim  *sim,
                JsonObject   *body,
                GString      *out,
                GError      **error)
{
  return apply_to_serials (sim, body, out, adept_depsim_unassign_devices, error);
}

static gboolean
admin_activate (AdeptDepsim  *sim,
                JsonObject   *body,
                GString      *out,
                GError      **error)
{
  return apply_to_serials (sim, body, out, adept_depsim_activate_devices, error);
}

static gboolean
admin_edit (AdeptDepsim  *sim,
            JsonObject   *body,
            GString      *out,
            GError      **error)
{
  const char *serial = get_string (body, "serial");
  JsonNode *fields = json_object_get_member (body, "fields");
  g_autoptr(GList) names = NULL;

  if (serial == NULL || fields == NULL || !JSON_NODE_HOLDS_OBJECT (fields))
    return fail (error, _("Give a “serial” and the “fields” to change as an object."));

  names = json_object_get_members (json_node_get_object (fields));
  for (GList *l = names; l != NULL; l = l->next)
    {
      const char *value = get_string (json_node_get_object (fields), l->data);

      if (!adept_depsim_edit_device (sim, serial, l->data, value, error))
        return FALSE;
    }
  append_changed (out, g_list_length (names));
  return TRUE;
}

static gboolean
admin_advance_clock (AdeptDepsim  *sim,
                     JsonObject   *body,
                     GString      *out,
                     GError      **error)
{
  guint seconds, days;

  if (!get_uint (body, "seconds", 0, &seconds, error) ||
      !get_uint (body, "days", 0, &days, error))
    return FALSE;
  adept_depsim_advance_clock (sim, (gint64) seconds + (gint64) days * 86400);
  g_string_append_c (out, '{');
  adept_depsim_json_time_member (out, "now", adept_depsim_get_now_ms (sim));
  g_string_append_c (out, '}');
  return TRUE;
}

static gboolean
admin_revoke (AdeptDepsim  *sim,
              JsonObject   *body,
              GString      *out,
              GError      **error)
{
  adept_depsim_revoke_token (sim);
  g_string_append (out, "{}");
  return TRUE;
}

static gboolean
admin_terms (AdeptDepsim  *sim,
             JsonObject   *body,
             GString      *out,
             GError      **error)
{
  adept_depsim_set_terms_required (sim, get_bool (body, "required", TRUE));
  g_string_append (out, "{}");
  return TRUE;
}

static gboolean
admin_sessions (AdeptDepsim  *sim,
                JsonObject   *body,
                GString      *out,
                GError      **error)
{
  if (!apply_uint (sim, body, "idle_timeout_ms", adept_depsim_set_session_idle_timeout, error) ||
      !apply_uint (sim, body, "rotate_every", adept_depsim_set_session_rotation, error))
    return FALSE;
  g_string_append (out, "{}");
  return TRUE;
}

static gboolean
admin_expire_sessions (AdeptDepsim  *sim,
                       JsonObject   *body,
                       GString      *out,
                       GError      **error)
{
  adept_depsim_expire_sessions (sim);
  g_string_append (out, "{}");
  return TRUE;
}

static gboolean
parse_fault_kind (const char           *name,
                  AdeptDepsimFaultKind *kind)
{
  static const char * const names[] = { "status", "delay", "drop", "garbage" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (name, names[i]))
      {
        *kind = (AdeptDepsimFaultKind) i;
        return TRUE;
      }
  return FALSE;
}

static gboolean
admin_add_fault (AdeptDepsim  *sim,
                 JsonObject   *body,
                 GString      *out,
                 GError      **error)
{
  AdeptDepsimFault fault = { 0, };
  const char *kind = get_string (body, "kind");

  fault.endpoint = get_string (body, "endpoint");
  fault.body = get_string (body, "body");
  if (fault.endpoint == NULL)
    return fail (error, _("Name the “endpoint” the fault is for, such as /devices/sync, or * for all."));
  if (!parse_fault_kind (kind != NULL ? kind : "status", &fault.kind))
    return fail (error, _("A fault’s “kind” is status, delay, drop or garbage."));
  if (!get_uint (body, "status", 500, &fault.status, error) ||
      !get_uint (body, "retry_after", 0, &fault.retry_after, error) ||
      !get_uint (body, "delay_ms", 0, &fault.delay_ms, error) ||
      !get_uint (body, "count", 1, &fault.count, error))
    return FALSE;
  if (fault.kind == ADEPT_DEPSIM_FAULT_STATUS && (fault.status < 100 || fault.status > 599))
    return fail (error, _("A fault’s “status” is an HTTP status code between 100 and 599."));

  adept_depsim_add_fault (sim, &fault);
  g_string_append (out, "{}");
  return TRUE;
}

static gboolean
admin_clear_faults (AdeptDepsim  *sim,
                    JsonObject   *body,
                    GString      *out,
                    GError      **error)
{
  adept_depsim_clear_faults (sim);
  g_string_append (out, "{}");
  return TRUE;
}

static gboolean
admin_latency (AdeptDepsim  *sim,
               JsonObject   *body,
               GString      *out,
               GError      **error)
{
  guint ms;

  if (!get_uint (body, "ms", 0, &ms, error))
    return FALSE;
  adept_depsim_set_latency (sim, ms);
  g_string_append (out, "{}");
  return TRUE;
}

static gboolean
admin_assign_results (AdeptDepsim  *sim,
                      JsonObject   *body,
                      GString      *out,
                      GError      **error)
{
  g_autofree const char **serials = get_serials (body, error);
  const char *result = get_string (body, "result");
  guint count, retry_after;

  if (serials == NULL)
    return FALSE;
  if (result == NULL || (!g_str_equal (result, "FAILED") && !g_str_equal (result, "THROTTLED")))
    return fail (error, _("An assign “result” is FAILED or THROTTLED."));
  if (!get_uint (body, "count", 1, &count, error) ||
      !get_uint (body, "retry_after", 60, &retry_after, error))
    return FALSE;
  for (guint i = 0; serials[i] != NULL; i++)
    adept_depsim_set_assign_result (sim, serials[i], result, count, retry_after);
  g_string_append (out, "{}");
  return TRUE;
}

static gboolean
admin_assign_throttle (AdeptDepsim  *sim,
                       JsonObject   *body,
                       GString      *out,
                       GError      **error)
{
  guint max, retry_after;

  if (!get_uint (body, "max_per_request", 0, &max, error) ||
      !get_uint (body, "retry_after", 60, &retry_after, error))
    return FALSE;
  adept_depsim_set_assign_throttle (sim, max, retry_after);
  g_string_append (out, "{}");
  return TRUE;
}

static gboolean
admin_depsim_credentials (AdeptDepsim  *sim,
                          JsonObject   *body,
                          GString      *out,
                          GError      **error)
{
  adept_depsim_set_accept_depsim_credentials (sim, get_bool (body, "accept", TRUE));
  g_string_append (out, "{}");
  return TRUE;
}

static gboolean
admin_replace (AdeptDepsim  *sim,
               JsonObject   *body,
               GString      *out,
               GError      **error)
{
  const char *old_serial = get_string (body, "old");
  g_autofree char *replacement = NULL;

  if (old_serial == NULL)
    return fail (error, _("Name the replaced device as “old” (and its replacement as “new”, or leave it out for a new device)."));
  replacement = adept_depsim_replace_device (sim, old_serial, get_string (body, "new"), error);
  if (replacement == NULL)
    return FALSE;
  g_string_append_c (out, '{');
  adept_depsim_json_member (out, "replacement", replacement);
  g_string_append_c (out, '}');
  return TRUE;
}

static gboolean
admin_migrate (AdeptDepsim  *sim,
               JsonObject   *body,
               GString      *out,
               GError      **error)
{
  g_autofree const char **serials = get_serials (body, error);
  const char *deadline_text = get_string (body, "deadline");
  g_autoptr(GError) local_error = NULL;
  gint64 deadline;
  guint days;
  guint changed;

  if (serials == NULL || !get_uint (body, "days", 30, &days, error))
    return FALSE;
  if (deadline_text != NULL)
    {
      g_autoptr(GDateTime) when = g_date_time_new_from_iso8601 (deadline_text, NULL);

      if (when == NULL)
        return fail (error, _("A “deadline” is a time such as 2026-10-01T00:00:00Z."));
      deadline = g_date_time_to_unix (when);
    }
  else
    deadline = adept_depsim_get_now_ms (sim) / 1000 + (gint64) days * 86400;

  changed = adept_depsim_migrate_devices (sim, serials, deadline, get_bool (body, "as_added", FALSE),
                                          &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  append_changed (out, changed);
  return TRUE;
}

static gboolean
admin_lock_results (AdeptDepsim  *sim,
                    JsonObject   *body,
                    GString      *out,
                    GError      **error)
{
  static const char * const results[] = {
    "NOT_ACCESSIBLE", "ORG_NOT_SUPPORTED", "DEVICE_NOT_SUPPORTED", "DEVICE_ALREADY_LOCKED", "FAILED",
  };
  g_autofree const char **serials = get_serials (body, error);
  const char *result = get_string (body, "result");
  guint count;

  if (serials == NULL)
    return FALSE;
  if (result == NULL || !g_strv_contains (results, result))
    return fail (error, _("An Activation Lock “result” is NOT_ACCESSIBLE, ORG_NOT_SUPPORTED, DEVICE_NOT_SUPPORTED, DEVICE_ALREADY_LOCKED or FAILED."));
  if (!get_uint (body, "count", 1, &count, error))
    return FALSE;
  for (guint i = 0; serials[i] != NULL; i++)
    adept_depsim_set_activation_lock_result (sim, serials[i], result, count);
  g_string_append (out, "{}");
  return TRUE;
}

static gboolean
admin_org (AdeptDepsim  *sim,
           JsonObject   *body,
           GString      *out,
           GError      **error)
{
  static const struct {
    const char            *name;
    AdeptDepsimOrgFeature  feature;
  } features[] = {
    { "activation_lock", ADEPT_DEPSIM_ORG_ACTIVATION_LOCK },
    { "account_driven_enrollment", ADEPT_DEPSIM_ORG_ACCOUNT_DRIVEN_ENROLLMENT },
    { "beta_enrollment", ADEPT_DEPSIM_ORG_BETA_ENROLLMENT },
  };

  for (guint i = 0; i < G_N_ELEMENTS (features); i++)
    {
      JsonNode *node = json_object_get_member (body, features[i].name);

      if (node != NULL && (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN))
        return fail (error, _("Turn an organization’s feature on or off with true or false."));
    }
  for (guint i = 0; i < G_N_ELEMENTS (features); i++)
    if (json_object_has_member (body, features[i].name))
      adept_depsim_set_org_feature (sim, features[i].feature, get_bool (body, features[i].name, TRUE));
  g_string_append (out, "{}");
  return TRUE;
}

/* ---- Apple Business ---- */

static gboolean
admin_api_account (AdeptDepsim  *sim,
                   JsonObject   *body,
                   GString      *out,
                   GError      **error)
{
  g_autofree char *client_id = NULL;
  g_autofree char *key_id = NULL;
  g_autofree char *token_url = NULL;
  g_autoptr(AdeptSecret) pem = NULL;

  pem = adept_depsim_create_api_account (sim, get_string (body, "scope"), get_bool (body, "sec1", FALSE),
                                         &client_id, &key_id, error);
  if (pem == NULL)
    return FALSE;
  token_url = adept_depsim_dup_token_url (sim);
  g_string_append_c (out, '{');
  adept_depsim_json_member (out, "client_id", client_id);
  adept_depsim_json_member (out, "key_id", key_id);
  adept_depsim_json_member (out, "token_url", token_url);
  adept_depsim_json_member (out, "api_url", adept_depsim_get_business_url (sim));
  adept_depsim_json_member (out, "private_key", pem);
  g_string_append_c (out, '}');
  return TRUE;
}

static const char *
get_client_id (JsonObject  *body,
               GError     **error)
{
  const char *client_id = get_string (body, "client_id");

  if (client_id == NULL)
    fail (error, _("Name the API account by its “client_id”."));
  return client_id;
}

static gboolean
admin_api_revoke (AdeptDepsim  *sim,
                  JsonObject   *body,
                  GString      *out,
                  GError      **error)
{
  const char *client_id = get_client_id (body, error);

  if (client_id == NULL)
    return FALSE;
  if (!adept_depsim_revoke_api_account (sim, client_id))
    return fail (error, _("The simulator has no API account with this client_id."));
  g_string_append (out, "{}");
  return TRUE;
}

static gboolean
admin_api_scope (AdeptDepsim  *sim,
                 JsonObject   *body,
                 GString      *out,
                 GError      **error)
{
  const char *client_id = get_client_id (body, error);
  const char *scope = get_string (body, "scope");

  if (client_id == NULL)
    return FALSE;
  if (!adept_depsim_set_api_account_scope (sim, client_id, scope != NULL ? scope : ""))
    return fail (error, _("The simulator has no API account with this client_id."));
  g_string_append (out, "{}");
  return TRUE;
}

static gboolean
admin_business_settings (AdeptDepsim  *sim,
                         JsonObject   *body,
                         GString      *out,
                         GError      **error)
{
  if (!apply_uint (sim, body, "token_lifetime_s", adept_depsim_set_business_token_lifetime, error) ||
      !apply_uint (sim, body, "activity_delay_ms", adept_depsim_set_activity_delay, error))
    return FALSE;
  g_string_append (out, "{}");
  return TRUE;
}

static gboolean
admin_business_seed (AdeptDepsim  *sim,
                     JsonObject   *body,
                     GString      *out,
                     GError      **error)
{
  guint count;

  if (!get_uint (body, "count", 0, &count, error))
    return FALSE;
  if (count > 1000000)
    return fail (error, _("Add at most a million devices at a time."));
  adept_depsim_seed_org_devices (sim, count);
  append_changed (out, count);
  return TRUE;
}

static gboolean
admin_business_refusals (AdeptDepsim  *sim,
                         JsonObject   *body,
                         GString      *out,
                         GError      **error)
{
  g_autofree const char **serials = get_serials (body, error);
  guint count;

  if (serials == NULL || !get_uint (body, "count", 1, &count, error))
    return FALSE;
  for (guint i = 0; serials[i] != NULL; i++)
    adept_depsim_set_activity_refusal (sim, serials[i], get_string (body, "reason"), count);
  g_string_append (out, "{}");
  return TRUE;
}

static gboolean
admin_business_facts (AdeptDepsim  *sim,
                      JsonObject   *body,
                      GString      *out,
                      GError      **error)
{
  const char *serial = get_string (body, "serial");
  JsonNode *fields = json_object_get_member (body, "fields");
  g_autoptr(GList) names = NULL;

  if (serial == NULL || fields == NULL || !JSON_NODE_HOLDS_OBJECT (fields))
    return fail (error, _("Give a “serial” and the “fields” to change as an object."));
  names = json_object_get_members (json_node_get_object (fields));
  for (GList *l = names; l != NULL; l = l->next)
    {
      guint value;

      if (!get_uint (json_node_get_object (fields), l->data, 0, &value, error) ||
          !adept_depsim_set_org_device_fact (sim, serial, l->data, value, error))
        return FALSE;
    }
  append_changed (out, g_list_length (names));
  return TRUE;
}

static gboolean
admin_business_migration (AdeptDepsim  *sim,
                          JsonObject   *body,
                          GString      *out,
                          GError      **error)
{
  const char *serial = get_string (body, "serial");

  if (serial == NULL)
    return fail (error, _("Give the “serial” of the device."));
  if (!adept_depsim_set_migration_status (sim, serial, get_string (body, "status"), error))
    return FALSE;
  g_string_append (out, "{}");
  return TRUE;
}

static const struct {
  const char *path;
  const char *method;
  AdminFunc   func;
} admin_routes[] = {
  { "state", "GET", admin_state },
  { "devices", "POST", admin_add_devices },
  { "devices/assign", "POST", admin_assign },
  { "devices/unassign", "POST", admin_unassign },
  { "devices/activate", "POST", admin_activate },
  { "devices/edit", "POST", admin_edit },
  { "clock/advance", "POST", admin_advance_clock },
  { "token/revoke", "POST", admin_revoke },
  { "terms", "POST", admin_terms },
  { "sessions", "POST", admin_sessions },
  { "sessions/expire", "POST", admin_expire_sessions },
  { "faults", "POST", admin_add_fault },
  { "faults", "DELETE", admin_clear_faults },
  { "latency", "POST", admin_latency },
  { "assign-results", "POST", admin_assign_results },
  { "assign-throttle", "POST", admin_assign_throttle },
  { "depsim-credentials", "POST", admin_depsim_credentials },
  { "devices/replace", "POST", admin_replace },
  { "devices/migrate", "POST", admin_migrate },
  { "activation-lock-results", "POST", admin_lock_results },
  { "org", "POST", admin_org },
  { "api-accounts", "POST", admin_api_account },
  { "api-accounts/revoke", "POST", admin_api_revoke },
  { "api-accounts/scope", "POST", admin_api_scope },
  { "business/settings", "POST", admin_business_settings },
  { "business/seed", "POST", admin_business_seed },
  { "business/refusals", "POST", admin_business_refusals },
  { "business/facts", "POST", admin_business_facts },
  { "business/migration", "POST", admin_business_migration },
};

static void
respond (SoupServerMessage *msg,
         guint              status,
         const char        *content_type,
         GString           *body)
{
  gsize len = body->len;

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_TAKE,
                                    g_string_free (body, FALSE), len);
}

static void
respond_error (SoupServerMessage *msg,
               guint              status,
               const char        *message)
{
  GString *out = g_string_new ("{");

  adept_depsim_json_member (out, "error", message);
  g_string_append_c (out, '}');
  respond (msg, status, ADEPT_DEPSIM_JSON_TYPE, out);
}

static void
serve_token (AdeptDepsim       *sim,
             SoupServerMessage *msg,
             GBytes            *body)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) token = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *stamp = NULL;
  g_autofree char *disposition = NULL;
  gsize len;
  const char *pem = g_bytes_get_data (body, &len);

  token = adept_depsim_issue_token (sim, pem, len, &error);
  if (token == NULL)
    {
      respond_error (msg, 400, error->message);
      return;
    }
  /* ABM's file name: "<server>_Token_<YYYY-MM-DDTHH-MM-SSZ>_smime.p7m". */
  now = g_date_time_new_from_unix_utc (adept_depsim_get_now_ms (sim) / 1000);
  stamp = g_date_time_format (now, "%Y-%m-%dT%H-%M-%SZ");
  disposition = g_strdup_printf ("attachment; filename=\"Adept Simulator MDM_Token_%s_smime.p7m\"", stamp);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Content-Disposition", disposition);
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/pkcs7-mime", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (token, NULL), g_bytes_get_size (token));
}

static JsonObject *
parse_body (GBytes *body)
{
  gsize len;
  const char *data = g_bytes_get_data (body, &len);

  if (len == 0)
    return json_object_new ();
  return adept_json_parse_object (data, len, ADEPT_JSON_SOURCE_REQUEST, NULL);
}

void
adept_depsim_admin_handle (AdeptDepsim       *sim,
                           SoupServerMessage *msg,
                           const char        *path)
{
  const char *name = path + strlen (ADEPT_DEPSIM_ADMIN_PREFIX);
  const char *method = soup_server_message_get_method (msg);
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GError) error = NULL;
  gboolean known = FALSE;
  GString *out;

  if (g_str_equal (name, "token"))
    {
      if (g_str_equal (method, "POST"))
        serve_token (sim, msg, body);
      else
        respond_error (msg, 405, _("Send the certificate with POST."));
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (admin_routes); i++)
    {
      if (!g_str_equal (admin_routes[i].path, name))
        continue;
      known = TRUE;
      if (!g_str_equal (admin_routes[i].method, method))
        continue;

      object = parse_body (body);
      if (object == NULL)
        {
          respond_error (msg, 400, _("The body is not a JSON object."));
          return;
        }
      out = g_string_new (NULL);
      if (!admin_routes[i].func (sim, object, out, &error))
        {
          g_string_free (out, TRUE);
          respond_error (msg, 400, error->message);
          return;
        }
      respond (msg, 200, ADEPT_DEPSIM_JSON_TYPE, out);
      return;
    }

  if (known)
    respond_error (msg, 405, _("This method is not allowed here."));
  else
    respond_error (msg, 404, _("The simulator has no such administration path."));
}
