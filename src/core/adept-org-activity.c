/* adept-org-activity.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-org-activity"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "adept-core-enums.h"
#include "adept-dep-protocol.h"
#include "adept-device.h"
#include "adept-error.h"
#include "adept-org-activity.h"

static const char * const apple_types[] = {
  "ASSIGN_DEVICES",
  "UNASSIGN_DEVICES",
  "ASSIGN_DEVICES_WITH_MDM_MIGRATION_DEADLINE",
  "UPDATE_MDM_MIGRATION_DEADLINE",
  "CANCEL_MDM_MIGRATION",
};

const char *
adept_org_activity_type_to_apple (AdeptOrgActivityType type)
{
  return (guint) type < G_N_ELEMENTS (apple_types) ? apple_types[type] : NULL;
}

gboolean
adept_org_activity_type_from_apple (const char           *name,
                                    AdeptOrgActivityType *type)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (apple_types); i++)
    if (g_str_equal (name, apple_types[i]))
      {
        *type = i;
        return TRUE;
      }
  return FALSE;
}

gboolean
adept_org_activity_type_needs_server (AdeptOrgActivityType type)
{
  return type == ADEPT_ORG_ACTIVITY_ASSIGN || type == ADEPT_ORG_ACTIVITY_ASSIGN_WITH_DEADLINE;
}

gboolean
adept_org_activity_type_needs_deadline (AdeptOrgActivityType type)
{
  return type == ADEPT_ORG_ACTIVITY_ASSIGN_WITH_DEADLINE || type == ADEPT_ORG_ACTIVITY_UPDATE_DEADLINE;
}

/* ---- Per-device results ---- */

AdeptOrgDeviceResult *
adept_org_device_result_new (const char *serial,
                             gboolean    ok,
                             const char *code,
                             const char *detail)
{
  AdeptOrgDeviceResult *result = g_new0 (AdeptOrgDeviceResult, 1);

  result->serial = g_strdup (serial);
  result->ok = ok;
  result->code = code != NULL && *code != '\0' ? g_strdup (code) : NULL;
  result->detail = detail != NULL && *detail != '\0' ? g_strdup (detail) : NULL;
  return result;
}

AdeptOrgDeviceResult *
adept_org_device_result_copy (const AdeptOrgDeviceResult *result)
{
  return adept_org_device_result_new (result->serial, result->ok, result->code, result->detail);
}

void
adept_org_device_result_free (AdeptOrgDeviceResult *result)
{
  if (result == NULL)
    return;
  g_free (result->serial);
  g_free (result->code);
  g_free (result->detail);
  g_free (result);
}

G_DEFINE_BOXED_TYPE (AdeptOrgDeviceResult, adept_org_device_result,
                     adept_org_device_result_copy, adept_org_device_result_free)

/* One RFC 4180 row from *p (quoted fields, doubled quotes, CRLF or LF); NULL at the end. */
static GPtrArray *
next_csv_row (const char **p,
              const char  *end)
{
  GPtrArray *row;
  GString *field;

  if (*p >= end)
    return NULL;
  row = g_ptr_array_new_with_free_func (g_free);
  field = g_string_new (NULL);
  while (*p < end)
    {
      char c = *(*p)++;

      if (c == '"')
        {
          while (*p < end)
            {
              c = *(*p)++;
              if (c == '"' && *p < end && **p == '"')
                g_string_append_c (field, *(*p)++);
              else if (c == '"')
                break;
              else
                g_string_append_c (field, c);
            }
        }
      else if (c == ',')
        {
          g_ptr_array_add (row, g_string_free (field, FALSE));
          field = g_string_new (NULL);
        }
      else if (c == '\n')
        break;
      else if (c != '\r')
        g_string_append_c (field, c);
    }
  g_ptr_array_add (row, g_string_free (field, FALSE));
  return row;
}

/* "Serial Number", "serialNumber", "serial_number" → "serialnumber". */
static char *
column_key (const char *name)
{
  GString *key = g_string_new (NULL);

  for (const char *p = name; *p != '\0'; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (key, g_ascii_tolower (*p));
  return g_string_free (key, FALSE);
}

static int
find_column (GPtrArray          *header,
             const char * const *keys)
{
  for (guint i = 0; i < header->len; i++)
    {
      g_autofree char *key = column_key (g_ptr_array_index (header, i));

      if (g_strv_contains (keys, key))
        return (int) i;
    }
  return -1;
}

static const char *
cell (GPtrArray *row,
      int        column)
{
  return column >= 0 && (guint) column < row->len ? g_ptr_array_index (row, column) : NULL;
}

static gboolean
is_success (const char *status)
{
  return status != NULL && (g_ascii_strcasecmp (status, "SUCCESS") == 0 ||
                            g_ascii_strcasecmp (status, "SUCCEEDED") == 0 ||
                            g_ascii_strcasecmp (status, "COMPLETED") == 0);
}

GPtrArray *
adept_org_device_results_from_csv (const char  *csv,
                                   gsize        len,
                                   GError     **error)
{
  static const char * const serial_keys[] = { "serialnumber", "serial", "deviceid", "id", NULL };
  static const char * const status_keys[] = { "status", "result", "outcome", NULL };
  static const char * const code_keys[] = { "errorcode", "code", NULL };
  static const char * const detail_keys[] = { "errormessage", "message", "reason", "detail", "details", NULL };
  const char *p = csv;
  const char *end = csv + len;
  g_autoptr(GPtrArray) header = next_csv_row (&p, end);
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) adept_org_device_result_free);
  int serial, status, code, detail;
  GPtrArray *row;

  if (header == NULL || (serial = find_column (header, serial_keys)) < 0 ||
      (status = find_column (header, status_keys)) < 0)
    {
      g_set_error_literal (error, ADEPT_ERROR, ADEPT_ERROR_MALFORMED_RESPONSE,
                           _("Apple's log of the activity could not be read: it has no serial number or status column. The activity itself is done; check its devices in Apple Business."));
      return NULL;
    }
  code = find_column (header, code_keys);
  detail = find_column (header, detail_keys);
  while ((row = next_csv_row (&p, end)) != NULL)
    {
      const char *s = cell (row, serial);

      if (s != NULL && *s != '\0')
        g_ptr_array_add (results, adept_org_device_result_new (s, is_success (cell (row, status)),
                                                               cell (row, code), cell (row, detail)));
      g_ptr_array_unref (row);
    }
  return g_steal_pointer (&results);
}

/* ---- The activity ---- */

struct _AdeptOrgActivity
{
  GObject               parent_instance;

  char                 *id;
  AdeptOrgActivityType  type;
  char                 *server_id;
  gint64                deadline;
  char                 *status;
  char                 *sub_status;
  gint64                created;
  gint64                completed;
  char                 *download_url;
  guint                 n_devices;
  GPtrArray            *results;
};

G_DEFINE_FINAL_TYPE (AdeptOrgActivity, adept_org_activity, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_ACTIVITY_TYPE,
  PROP_SERVER_ID,
  PROP_DEADLINE,
  PROP_STATUS,
  PROP_SUB_STATUS,
  PROP_DONE,
  PROP_CREATED,
  PROP_COMPLETED,
  PROP_N_DEVICES,
  PROP_N_SUCCEEDED,
  PROP_N_FAILED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

AdeptOrgActivity *
adept_org_activity_new (const char           *id,
                        AdeptOrgActivityType  type,
                        const char           *server_id,
                        gint64                deadline,
                        guint                 n_devices)
{
  AdeptOrgActivity *self = g_object_new (ADEPT_TYPE_ORG_ACTIVITY, NULL);

  self->id = g_strdup (id);
  self->type = type;
  self->server_id = g_strdup (server_id);
  self->deadline = deadline;
  self->n_devices = n_devices;
  self->status = g_strdup ("IN_PROGRESS");
  return self;
}

void
adept_org_activity_set_state (AdeptOrgActivity *self,
                              const char       *status,
                              const char       *sub_status,
                              gint64            created,
                              gint64            completed)
{
  gboolean was_done;

  g_return_if_fail (ADEPT_IS_ORG_ACTIVITY (self));

  was_done = adept_org_activity_get_done (self);
  g_object_freeze_notify (G_OBJECT (self));
  if (status != NULL && g_strcmp0 (status, self->status) != 0)
    {
      g_free (self->status);
      self->status = g_strdup (status);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
    }
  if (g_strcmp0 (sub_status, self->sub_status) != 0)
    {
      g_free (self->sub_status);
      self->sub_status = g_strdup (sub_status);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUB_STATUS]);
    }
  if (created > 0)
    self->created = created;
  if (completed != self->completed)
    {
      self->completed = completed;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPLETED]);
    }
  if (was_done != adept_org_activity_get_done (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DONE]);
  g_object_thaw_notify (G_OBJECT (self));
}

gboolean
adept_org_activity_update_from_json (AdeptOrgActivity *self,
                                     JsonObject       *resource)
{
  JsonNode *node = json_object_get_member (resource, "attributes");
  JsonObject *attributes = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  const char *id = adept_dep_json_get_string (resource, "id");
  const char *status = adept_dep_json_get_string (attributes, "status");

  g_return_val_if_fail (ADEPT_IS_ORG_ACTIVITY (self), FALSE);

  if (id == NULL || status == NULL || (self->id != NULL && !g_str_equal (id, self->id)))
    return FALSE;
  if (self->id == NULL)
    self->id = g_strdup (id);
  g_free (self->download_url);
  self->download_url = g_strdup (adept_dep_json_get_string (attributes, "downloadUrl"));
  adept_org_activity_set_state (self, status, adept_dep_json_get_string (attributes, "subStatus"),
                                adept_timestamp_parse (adept_dep_json_get_string (attributes, "createdDateTime")),
                                adept_timestamp_parse (adept_dep_json_get_string (attributes, "completedDateTime")));
  return TRUE;
}

const char *
adept_org_activity_get_id (AdeptOrgActivity *self)
{
  g_return_val_if_fail (ADEPT_IS_ORG_ACTIVITY (self), NULL);
  return self->id;
}

AdeptOrgActivityType
adept_org_activity_get_activity_type (AdeptOrgActivity *self)
{
  g_return_val_if_fail (ADEPT_IS_ORG_ACTIVITY (self), ADEPT_ORG_ACTIVITY_ASSIGN);
  return self->type;
}

const char *
adept_org_activity_get_server_id (AdeptOrgActivity *self)
{
  g_return_val_if_fail (ADEPT_IS_ORG_ACTIVITY (self), NULL);
  return self->server_id;
}

gint64
adept_org_activity_get_deadline (AdeptOrgActivity *self)
{
  g_return_val_if_fail (ADEPT_IS_ORG_ACTIVITY (self), 0);
  return self->deadline;
}

const char *
adept_org_activity_get_status (AdeptOrgActivity *self)
{
  g_return_val_if_fail (ADEPT_IS_ORG_ACTIVITY (self), NULL);
  return self->status;
}

const char *
adept_org_activity_get_sub_status (AdeptOrgActivity *self)
{
  g_return_val_if_fail (ADEPT_IS_ORG_ACTIVITY (self), NULL);
  return self->sub_status;
}

gboolean
adept_org_activity_get_done (AdeptOrgActivity *self)
{
  g_return_val_if_fail (ADEPT_IS_ORG_ACTIVITY (self), FALSE);
  return self->status != NULL && !g_str_equal (self->status, "IN_PROGRESS");
}

gint64
adept_org_activity_get_created (AdeptOrgActivity *self)
{
  g_return_val_if_fail (ADEPT_IS_ORG_ACTIVITY (self), 0);
  return self->created;
}

gint64
adept_org_activity_get_completed (AdeptOrgActivity *self)
{
  g_return_val_if_fail (ADEPT_IS_ORG_ACTIVITY (self), 0);
  return self->completed;
}

const char *
adept_org_activity_get_download_url (AdeptOrgActivity *self)
{
  g_return_val_if_fail (ADEPT_IS_ORG_ACTIVITY (self), NULL);
  return self->download_url;
}

guint
adept_org_activity_get_n_devices (AdeptOrgActivity *self)
{
  g_return_val_if_fail (ADEPT_IS_ORG_ACTIVITY (self), 0);
  return self->n_devices;
}

void
adept_org_activity_set_results (AdeptOrgActivity *self,
                                GPtrArray        *results)
{
  g_return_if_fail (ADEPT_IS_ORG_ACTIVITY (self));

  g_clear_pointer (&self->results, g_ptr_array_unref);
  self->results = results;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SUCCEEDED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_FAILED]);
}

GPtrArray *
adept_org_activity_get_results (AdeptOrgActivity *self)
{
  g_return_val_if_fail (ADEPT_IS_ORG_ACTIVITY (self), NULL);
  return self->results;
}

static guint
count_results (AdeptOrgActivity *self,
               gboolean          ok)
{
  guint n = 0;

  for (guint i = 0; self->results != NULL && i < self->results->len; i++)
    if (((AdeptOrgDeviceResult *) g_ptr_array_index (self->results, i))->ok == ok)
      n++;
  return n;
}

guint
adept_org_activity_get_n_succeeded (AdeptOrgActivity *self)
{
  g_return_val_if_fail (ADEPT_IS_ORG_ACTIVITY (self), 0);
  return count_results (self, TRUE);
}

guint
adept_org_activity_get_n_failed (AdeptOrgActivity *self)
{
  g_return_val_if_fail (ADEPT_IS_ORG_ACTIVITY (self), 0);
  return count_results (self, FALSE);
}

static void
set_time_member (JsonObject *object,
                 const char *name,
                 gint64      time)
{
  g_autofree char *text = adept_timestamp_format (time);

  if (text != NULL)
    json_object_set_string_member (object, name, text);
}

JsonObject *
adept_org_activity_to_json (AdeptOrgActivity *self)
{
  JsonObject *object = json_object_new ();
  JsonArray *results = json_array_new ();

  json_object_set_string_member (object, "id", self->id);
  json_object_set_string_member (object, "activityType", adept_org_activity_type_to_apple (self->type));
  if (self->server_id != NULL)
    json_object_set_string_member (object, "mdmServer", self->server_id);
  set_time_member (object, "mdmMigrationDeadlineDateTime", self->deadline);
  json_object_set_string_member (object, "status", self->status);
  if (self->sub_status != NULL)
    json_object_set_string_member (object, "subStatus", self->sub_status);
  set_time_member (object, "createdDateTime", self->created);
  set_time_member (object, "completedDateTime", self->completed);
  json_object_set_int_member (object, "devices", self->n_devices);
  json_object_set_int_member (object, "succeeded", count_results (self, TRUE));
  json_object_set_int_member (object, "failed", count_results (self, FALSE));
  for (guint i = 0; self->results != NULL && i < self->results->len; i++)
    {
      AdeptOrgDeviceResult *result = g_ptr_array_index (self->results, i);
      JsonObject *entry = json_object_new ();

      json_object_set_string_member (entry, "serialNumber", result->serial);
      json_object_set_string_member (entry, "status", result->ok ? "SUCCESS" : "FAILED");
      if (result->code != NULL)
        json_object_set_string_member (entry, "code", result->code);
      if (result->detail != NULL)
        json_object_set_string_member (entry, "detail", result->detail);
      json_array_add_object_element (results, entry);
    }
  json_object_set_array_member (object, "results", results);
  return object;
}

static void
adept_org_activity_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  AdeptOrgActivity *self = ADEPT_ORG_ACTIVITY (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_string (value, self->id); break;
    case PROP_ACTIVITY_TYPE: g_value_set_enum (value, self->type); break;
    case PROP_SERVER_ID: g_value_set_string (value, self->server_id); break;
    case PROP_DEADLINE: g_value_set_int64 (value, self->deadline); break;
    case PROP_STATUS: g_value_set_string (value, self->status); break;
    case PROP_SUB_STATUS: g_value_set_string (value, self->sub_status); break;
    case PROP_DONE: g_value_set_boolean (value, adept_org_activity_get_done (self)); break;
    case PROP_CREATED: g_value_set_int64 (value, self->created); break;
    case PROP_COMPLETED: g_value_set_int64 (value, self->completed); break;
    case PROP_N_DEVICES: g_value_set_uint (value, self->n_devices); break;
    case PROP_N_SUCCEEDED: g_value_set_uint (value, count_results (self, TRUE)); break;
    case PROP_N_FAILED: g_value_set_uint (value, count_results (self, FALSE)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
adept_org_activity_finalize (GObject *object)
{
  AdeptOrgActivity *self = ADEPT_ORG_ACTIVITY (object);

  g_free (self->id);
  g_free (self->server_id);
  g_free (self->status);
  g_free (self->sub_status);
  g_free (self->download_url);
  g_clear_pointer (&self->results, g_ptr_array_unref);

  G_OBJECT_CLASS (adept_org_activity_parent_class)->finalize (object);
}

static void
adept_org_activity_class_init (AdeptOrgActivityClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = adept_org_activity_finalize;
  object_class->get_property = adept_org_activity_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_ACTIVITY_TYPE] = g_param_spec_enum ("activity-type", NULL, NULL, ADEPT_TYPE_ORG_ACTIVITY_TYPE,
                                                      ADEPT_ORG_ACTIVITY_ASSIGN, flags);
  properties[PROP_SERVER_ID] = g_param_spec_string ("server-id", NULL, NULL, NULL, flags);
  properties[PROP_DEADLINE] = g_param_spec_int64 ("deadline", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_STATUS] = g_param_spec_string ("status", NULL, NULL, NULL, flags);
  properties[PROP_SUB_STATUS] = g_param_spec_string ("sub-status", NULL, NULL, NULL, flags);
  properties[PROP_DONE] = g_param_spec_boolean ("done", NULL, NULL, FALSE, flags);
  properties[PROP_CREATED] = g_param_spec_int64 ("created", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_COMPLETED] = g_param_spec_int64 ("completed", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_N_DEVICES] = g_param_spec_uint ("n-devices", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_N_SUCCEEDED] = g_param_spec_uint ("n-succeeded", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_N_FAILED] = g_param_spec_uint ("n-failed", NULL, NULL, 0, G_MAXUINT, 0, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
adept_org_activity_init (AdeptOrgActivity *self)
{
}
