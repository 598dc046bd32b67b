/* adept-dep-records.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-dep-records"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "adept-dep-protocol.h"
#include "adept-dep-records.h"
#include "adept-device.h"
#include "adept-error.h"

static const char * const lock_status_names[] = {
  "SUCCESS", "NOT_ACCESSIBLE", "ORG_NOT_SUPPORTED", "DEVICE_NOT_SUPPORTED",
  "DEVICE_ALREADY_LOCKED", "FAILED", "OTHER",
};

G_STATIC_ASSERT (G_N_ELEMENTS (lock_status_names) == ADEPT_LOCK_STATUS_OTHER + 1);

AdeptLockStatus
adept_lock_status_from_string (const char *s)
{
  for (guint i = 0; s != NULL && i < ADEPT_LOCK_STATUS_OTHER; i++)
    if (g_ascii_strcasecmp (s, lock_status_names[i]) == 0)
      return i;
  return ADEPT_LOCK_STATUS_OTHER;
}

const char *
adept_lock_status_to_string (AdeptLockStatus status)
{
  if ((guint) status > ADEPT_LOCK_STATUS_OTHER)
    status = ADEPT_LOCK_STATUS_OTHER;
  return lock_status_names[status];
}

const char *
adept_lock_status_describe (AdeptLockStatus status)
{
  switch (status)
    {
    case ADEPT_LOCK_STATUS_SUCCESS:
      return _("Activation Lock is on; its bypass code unlocks the device.");
    case ADEPT_LOCK_STATUS_NOT_ACCESSIBLE:
      return _("The device is not assigned to this MDM server. Check its assignment in Apple Business Manager.");
    case ADEPT_LOCK_STATUS_ORG_NOT_SUPPORTED:
      return _("Apple does not offer Activation Lock through MDM to this organization.");
    case ADEPT_LOCK_STATUS_DEVICE_NOT_SUPPORTED:
      return _("The device cannot be locked: it must be supervised and enrolled through this server, and Apple TV has no Activation Lock.");
    case ADEPT_LOCK_STATUS_DEVICE_ALREADY_LOCKED:
      return _("The device is already locked; the bypass code kept when it was locked unlocks it.");
    case ADEPT_LOCK_STATUS_FAILED:
      return _("Apple could not lock the device. Try again later.");
    case ADEPT_LOCK_STATUS_OTHER:
    default:
      return _("Apple gave an answer this version of Adept does not know.");
    }
}

static gboolean
malformed (GError     **error,
           const char  *what)
{
  g_debug ("Answer without %s", what);
  adept_set_error (error, ADEPT_ERROR_MALFORMED_RESPONSE);
  return FALSE;
}

static void
set_string (JsonObject *object,
            const char *name,
            const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, name, value);
}

/* ---- Activation Lock ---- */

AdeptLockAnswer *
adept_lock_answer_new_from_json (JsonObject  *object,
                                 GError     **error)
{
  const char *status = adept_dep_json_get_string (object, "response_status");
  AdeptLockAnswer *answer;

  if (status == NULL)
    {
      malformed (error, "response_status");
      return NULL;
    }
  answer = g_new0 (AdeptLockAnswer, 1);
  answer->serial_number = g_strdup (adept_dep_json_get_string (object, "serial_number"));
  answer->response_status = g_strdup (status);
  answer->status = adept_lock_status_from_string (status);
  return answer;
}

JsonObject *
adept_lock_answer_to_json (const AdeptLockAnswer *answer)
{
  JsonObject *object = json_object_new ();

  set_string (object, "serial_number", answer->serial_number);
  set_string (object, "response_status", answer->response_status);
  return object;
}

AdeptLockAnswer *
adept_lock_answer_copy (const AdeptLockAnswer *answer)
{
  AdeptLockAnswer *copy = g_memdup2 (answer, sizeof *answer);

  copy->serial_number = g_strdup (answer->serial_number);
  copy->response_status = g_strdup (answer->response_status);
  return copy;
}

void
adept_lock_answer_free (AdeptLockAnswer *answer)
{
  if (answer == NULL)
    return;
  g_free (answer->serial_number);
  g_free (answer->response_status);
  g_free (answer);
}

G_DEFINE_BOXED_TYPE (AdeptLockAnswer, adept_lock_answer, adept_lock_answer_copy, adept_lock_answer_free)

/* ---- Replacement details ---- */

AdeptReplacementDetails *
adept_replacement_details_new_from_json (JsonObject  *object,
                                         GError     **error)
{
  const char *original = adept_dep_json_get_string (object, "original_device_serial_number");
  AdeptReplacementDetails *details;

  if (original == NULL || *original == '\0')
    {
      malformed (error, "original_device_serial_number");
      return NULL;
    }
  details = g_new0 (AdeptReplacementDetails, 1);
  details->serial_number = g_strdup (adept_dep_json_get_string (object, "serial_number"));
  details->original_device_serial_number = g_strdup (original);
  details->replacement_date = g_strdup (adept_dep_json_get_string (object, "replacement_date"));
  return details;
}

JsonObject *
adept_replacement_details_to_json (const AdeptReplacementDetails *details)
{
  JsonObject *object = json_object_new ();

  set_string (object, "serial_number", details->serial_number);
  set_string (object, "original_device_serial_number", details->original_device_serial_number);
  set_string (object, "replacement_date", details->replacement_date);
  return object;
}

AdeptReplacementDetails *
adept_replacement_details_copy (const AdeptReplacementDetails *details)
{
  AdeptReplacementDetails *copy = g_new0 (AdeptReplacementDetails, 1);

  copy->serial_number = g_strdup (details->serial_number);
  copy->original_device_serial_number = g_strdup (details->original_device_serial_number);
  copy->replacement_date = g_strdup (details->replacement_date);
  return copy;
}

void
adept_replacement_details_free (AdeptReplacementDetails *details)
{
  if (details == NULL)
    return;
  g_free (details->serial_number);
  g_free (details->original_device_serial_number);
  g_free (details->replacement_date);
  g_free (details);
}

G_DEFINE_BOXED_TYPE (AdeptReplacementDetails, adept_replacement_details,
                     adept_replacement_details_copy, adept_replacement_details_free)

/* ---- Account-driven enrollment ---- */

AdeptAccountEnrollment *
adept_account_enrollment_new_from_json (JsonObject  *object,
                                        GError     **error)
{
  const char *url = adept_dep_json_get_string (object, "mdm_service_discovery_url");
  AdeptAccountEnrollment *enrollment;

  if (url == NULL || *url == '\0')
    {
      malformed (error, "mdm_service_discovery_url");
      return NULL;
    }
  enrollment = g_new0 (AdeptAccountEnrollment, 1);
  enrollment->mdm_service_discovery_url = g_strdup (url);
  enrollment->last_updated = adept_timestamp_parse (adept_dep_json_get_string (object, "last_updated_timestamp"));
  return enrollment;
}

JsonObject *
adept_account_enrollment_to_json (const AdeptAccountEnrollment *enrollment)
{
  JsonObject *object = json_object_new ();
  g_autofree char *updated = adept_timestamp_format (enrollment->last_updated);

  set_string (object, "mdm_service_discovery_url", enrollment->mdm_service_discovery_url);
  set_string (object, "last_updated_timestamp", updated);
  return object;
}

AdeptAccountEnrollment *
adept_account_enrollment_copy (const AdeptAccountEnrollment *enrollment)
{
  AdeptAccountEnrollment *copy = g_memdup2 (enrollment, sizeof *enrollment);

  copy->mdm_service_discovery_url = g_strdup (enrollment->mdm_service_discovery_url);
  return copy;
}

void
adept_account_enrollment_free (AdeptAccountEnrollment *enrollment)
{
  if (enrollment == NULL)
    return;
  g_free (enrollment->mdm_service_discovery_url);
  g_free (enrollment);
}

G_DEFINE_BOXED_TYPE (AdeptAccountEnrollment, adept_account_enrollment,
                     adept_account_enrollment_copy, adept_account_enrollment_free)

/* ---- Beta enrollment tokens ---- */

GPtrArray *
adept_beta_tokens_new_from_json (JsonObject  *object,
                                 GError     **error)
{
  JsonNode *node = json_object_get_member (object, "betaEnrollmentTokens");
  g_autoptr(GPtrArray) tokens = g_ptr_array_new_with_free_func ((GDestroyNotify) adept_beta_token_free);
  JsonArray *array;

  /* No member: the organisation has no beta program open to it. */
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_steal_pointer (&tokens);
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      malformed (error, "a betaEnrollmentTokens array");
      return NULL;
    }
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      AdeptBetaToken *token;
      JsonObject *t;

      if (!JSON_NODE_HOLDS_OBJECT (element) ||
          adept_dep_json_get_string ((t = json_node_get_object (element)), "token") == NULL)
        continue;
      token = g_new0 (AdeptBetaToken, 1);
      token->title = g_strdup (adept_dep_json_get_string (t, "title"));
      token->os = g_strdup (adept_dep_json_get_string (t, "os"));
      token->token = g_strdup (adept_dep_json_get_string (t, "token"));
      g_ptr_array_add (tokens, token);
    }
  return g_steal_pointer (&tokens);
}

JsonObject *
adept_beta_tokens_to_json (GPtrArray *tokens)
{
  JsonObject *object = json_object_new ();
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < tokens->len; i++)
    {
      const AdeptBetaToken *token = g_ptr_array_index (tokens, i);
      JsonObject *t = json_object_new ();

      set_string (t, "title", token->title);
      set_string (t, "os", token->os);
      set_string (t, "token", token->token);
      json_array_add_object_element (array, t);
    }
  json_object_set_array_member (object, "betaEnrollmentTokens", array);
  return object;
}

AdeptBetaToken *
adept_beta_token_copy (const AdeptBetaToken *token)
{
  AdeptBetaToken *copy = g_new0 (AdeptBetaToken, 1);

  copy->title = g_strdup (token->title);
  copy->os = g_strdup (token->os);
  copy->token = g_strdup (token->token);
  return copy;
}

void
adept_beta_token_free (AdeptBetaToken *token)
{
  if (token == NULL)
    return;
  g_free (token->title);
  g_free (token->os);
  g_free (token->token);
  g_free (token);
}

G_DEFINE_BOXED_TYPE (AdeptBetaToken, adept_beta_token, adept_beta_token_copy, adept_beta_token_free)
