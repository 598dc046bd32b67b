/* adept-org-device.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-org-device"

#include "config.h"

#include <string.h>

#include "adept-core-enums.h"
#include "adept-dep-protocol.h"
#include "adept-device.h"
#include "adept-org-device.h"

const char * const adept_org_device_fields[] = {
  "serialNumber", "deviceModel", "productFamily", "productType", "deviceCapacity", "color",
  "partNumber", "orderNumber", "orderDateTime", "purchaseSourceType", "purchaseSourceId",
  "addedToOrgDateTime", "updatedDateTime", "status", "isMdmMigrationCapable",
  "mdmMigrationStatus", "mdmMigrationDeadlineDateTime", NULL,
};

typedef enum {
  FIELD_STRING,
  FIELD_TIME,
  FIELD_BOOLEAN,
  FIELD_PLACEMENT,
  FIELD_STATUS,
} FieldType;

/* Each property: its data member, and Apple's attribute name (NULL: not Apple's). */
typedef struct {
  const char *property;
  const char *attribute;
  FieldType   type;
  gsize       offset;
} Field;

#define F(prop, attr, type, member) { prop, attr, type, G_STRUCT_OFFSET (AdeptOrgDeviceData, member) }

static const Field fields[] = {
  F ("serial-number", "serialNumber", FIELD_STRING, serial_number),
  F ("model", "deviceModel", FIELD_STRING, model),
  F ("product-family", "productFamily", FIELD_STRING, product_family),
  F ("product-type", "productType", FIELD_STRING, product_type),
  F ("capacity", "deviceCapacity", FIELD_STRING, capacity),
  F ("color", "color", FIELD_STRING, color),
  F ("part-number", "partNumber", FIELD_STRING, part_number),
  F ("order-number", "orderNumber", FIELD_STRING, order_number),
  F ("order-date", "orderDateTime", FIELD_TIME, order_date),
  F ("purchase-source-type", "purchaseSourceType", FIELD_STRING, purchase_source_type),
  F ("purchase-source-id", "purchaseSourceId", FIELD_STRING, purchase_source_id),
  F ("added-date", "addedToOrgDateTime", FIELD_TIME, added_date),
  F ("updated-date", "updatedDateTime", FIELD_TIME, updated_date),
  F ("assigned", "status", FIELD_BOOLEAN, assigned),
  F ("server-id", NULL, FIELD_STRING, server_id),
  F ("server-name", NULL, FIELD_STRING, server_name),
  F ("placement", NULL, FIELD_PLACEMENT, placement),
  F ("migration-capable", "isMdmMigrationCapable", FIELD_BOOLEAN, migration_capable),
  F ("migration-status", "mdmMigrationStatus", FIELD_STRING, migration_status),
  F ("migration-deadline", "mdmMigrationDeadlineDateTime", FIELD_TIME, migration_deadline),
  F ("dep-status", NULL, FIELD_STATUS, dep_status),
};

#undef F

#define STRING_AT(data, field) G_STRUCT_MEMBER (char *, data, (field)->offset)
#define INT64_AT(data, field)  G_STRUCT_MEMBER (gint64, data, (field)->offset)
#define INT_AT(data, field)    G_STRUCT_MEMBER (int, data, (field)->offset)

struct _AdeptOrgDevice
{
  GObject            parent_instance;
  AdeptOrgDeviceData data;
};

G_DEFINE_FINAL_TYPE (AdeptOrgDevice, adept_org_device, G_TYPE_OBJECT)

static GParamSpec *properties[G_N_ELEMENTS (fields) + 1];

/* ---- Data ---- */

void
adept_org_device_data_clear (AdeptOrgDeviceData *data)
{
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (fields[i].type == FIELD_STRING)
      g_clear_pointer (&STRING_AT (data, &fields[i]), g_free);
  memset (data, 0, sizeof *data);
  data->dep_status = -1;
}

void
adept_org_device_data_copy (const AdeptOrgDeviceData *src,
                            AdeptOrgDeviceData       *dest)
{
  *dest = *src;
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (fields[i].type == FIELD_STRING)
      STRING_AT (dest, &fields[i]) = g_strdup (STRING_AT (src, &fields[i]));
}

gboolean
adept_org_device_data_from_json (JsonObject         *resource,
                                 AdeptOrgDeviceData *data)
{
  const char *id = adept_dep_json_get_string (resource, "id");
  JsonNode *node = json_object_get_member (resource, "attributes");
  JsonObject *attributes = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

  memset (data, 0, sizeof *data);
  data->dep_status = -1;
  if (id == NULL || *id == '\0')
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const Field *field = &fields[i];

      if (field->attribute == NULL || attributes == NULL)
        continue;
      switch (field->type)
        {
        case FIELD_STRING:
          STRING_AT (data, field) = g_strdup (adept_dep_json_get_string (attributes, field->attribute));
          break;
        case FIELD_TIME:
          INT64_AT (data, field) = adept_timestamp_parse (adept_dep_json_get_string (attributes, field->attribute));
          break;
        case FIELD_BOOLEAN:
          if (g_str_equal (field->attribute, "status"))
            data->assigned = g_strcmp0 (adept_dep_json_get_string (attributes, "status"), "ASSIGNED") == 0;
          else
            INT_AT (data, field) = adept_dep_json_get_boolean (attributes, field->attribute, FALSE);
          break;
        case FIELD_PLACEMENT:
        case FIELD_STATUS:
        default:
          break;
        }
    }
  /* The id is the serial number (abm-api.md §2); trust it over a missing attribute. */
  if (data->serial_number == NULL)
    data->serial_number = g_strdup (id);
  return TRUE;
}

static const char * const placement_names[] = { "unassigned", "other-server", "this-server" };

const char *
adept_org_placement_to_string (AdeptOrgPlacement placement)
{
  return (guint) placement < G_N_ELEMENTS (placement_names) ? placement_names[placement] : NULL;
}

gboolean
adept_org_placement_from_string (const char        *name,
                                 AdeptOrgPlacement *placement)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (placement_names); i++)
    if (g_str_equal (name, placement_names[i]))
      {
        *placement = i;
        return TRUE;
      }
  return FALSE;
}

/* ---- GObject ---- */

AdeptOrgDevice *
adept_org_device_new (const AdeptOrgDeviceData *data)
{
  AdeptOrgDevice *self = g_object_new (ADEPT_TYPE_ORG_DEVICE, NULL);

  g_return_val_if_fail (data != NULL && data->serial_number != NULL, self);
  adept_org_device_data_copy (data, &self->data);
  return self;
}

static gboolean
field_equal (const Field              *field,
             const AdeptOrgDeviceData *a,
             const AdeptOrgDeviceData *b)
{
  switch (field->type)
    {
    case FIELD_STRING:
      return g_strcmp0 (STRING_AT (a, field), STRING_AT (b, field)) == 0;
    case FIELD_TIME:
      return INT64_AT (a, field) == INT64_AT (b, field);
    case FIELD_BOOLEAN:
    case FIELD_PLACEMENT:
    case FIELD_STATUS:
    default:
      return INT_AT (a, field) == INT_AT (b, field);
    }
}

void
adept_org_device_update (AdeptOrgDevice           *self,
                         const AdeptOrgDeviceData *data)
{
  AdeptOrgDeviceData old;

  g_return_if_fail (ADEPT_IS_ORG_DEVICE (self));
  g_return_if_fail (data != NULL);

  old = self->data;
  adept_org_device_data_copy (data, &self->data);
  /* The serial is the identity: it never changes under a view. */
  g_free (self->data.serial_number);
  self->data.serial_number = g_strdup (old.serial_number);

  g_object_freeze_notify (G_OBJECT (self));
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (!field_equal (&fields[i], &old, &self->data))
      g_object_notify_by_pspec (G_OBJECT (self), properties[i + 1]);
  g_object_thaw_notify (G_OBJECT (self));
  adept_org_device_data_clear (&old);
}

const AdeptOrgDeviceData *
adept_org_device_get_data (AdeptOrgDevice *self)
{
  g_return_val_if_fail (ADEPT_IS_ORG_DEVICE (self), NULL);
  return &self->data;
}

const char *
adept_org_device_get_serial_number (AdeptOrgDevice *self)
{
  g_return_val_if_fail (ADEPT_IS_ORG_DEVICE (self), NULL);
  return self->data.serial_number;
}

const char *
adept_org_device_get_server_id (AdeptOrgDevice *self)
{
  g_return_val_if_fail (ADEPT_IS_ORG_DEVICE (self), NULL);
  return self->data.server_id;
}

AdeptOrgPlacement
adept_org_device_get_placement (AdeptOrgDevice *self)
{
  g_return_val_if_fail (ADEPT_IS_ORG_DEVICE (self), ADEPT_ORG_PLACEMENT_UNASSIGNED);
  return self->data.placement;
}

JsonObject *
adept_org_device_to_json (AdeptOrgDevice *self)
{
  JsonObject *object = json_object_new ();
  const AdeptOrgDeviceData *data = &self->data;

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const Field *field = &fields[i];
      g_autofree char *time = NULL;

      switch (field->type)
        {
        case FIELD_STRING:
          if (STRING_AT (data, field) != NULL)
            json_object_set_string_member (object, field->attribute != NULL ? field->attribute
                                           : g_str_equal (field->property, "server-id") ? "serverId" : "serverName",
                                           STRING_AT (data, field));
          break;
        case FIELD_TIME:
          if ((time = adept_timestamp_format (INT64_AT (data, field))) != NULL)
            json_object_set_string_member (object, field->attribute, time);
          break;
        case FIELD_BOOLEAN:
          if (g_str_equal (field->attribute, "status"))
            json_object_set_string_member (object, "status", data->assigned ? "ASSIGNED" : "UNASSIGNED");
          else
            json_object_set_boolean_member (object, field->attribute, INT_AT (data, field));
          break;
        case FIELD_PLACEMENT:
          json_object_set_string_member (object, "placement", adept_org_placement_to_string (data->placement));
          break;
        case FIELD_STATUS:
        default:
          if (data->dep_status >= 0)
            json_object_set_string_member (object, "depProfileStatus",
                                           adept_profile_status_to_string (data->dep_status));
          break;
        }
    }
  return object;
}

static void
adept_org_device_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  AdeptOrgDevice *self = ADEPT_ORG_DEVICE (object);
  const Field *field;

  if (prop_id == 0 || prop_id > G_N_ELEMENTS (fields))
    {
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }
  field = &fields[prop_id - 1];
  switch (field->type)
    {
    case FIELD_STRING:
      g_value_set_string (value, STRING_AT (&self->data, field));
      break;
    case FIELD_TIME:
      g_value_set_int64 (value, INT64_AT (&self->data, field));
      break;
    case FIELD_BOOLEAN:
      g_value_set_boolean (value, INT_AT (&self->data, field));
      break;
    case FIELD_PLACEMENT:
      g_value_set_enum (value, self->data.placement);
      break;
    case FIELD_STATUS:
    default:
      g_value_set_int (value, self->data.dep_status);
      break;
    }
}

static void
adept_org_device_finalize (GObject *object)
{
  AdeptOrgDevice *self = ADEPT_ORG_DEVICE (object);

  adept_org_device_data_clear (&self->data);

  G_OBJECT_CLASS (adept_org_device_parent_class)->finalize (object);
}

static GParamSpec *
make_pspec (const Field *field)
{
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  switch (field->type)
    {
    case FIELD_STRING:
      return g_param_spec_string (field->property, NULL, NULL, NULL, flags);
    case FIELD_TIME:
      return g_param_spec_int64 (field->property, NULL, NULL, 0, G_MAXINT64, 0, flags);
    case FIELD_BOOLEAN:
      return g_param_spec_boolean (field->property, NULL, NULL, FALSE, flags);
    case FIELD_PLACEMENT:
      return g_param_spec_enum (field->property, NULL, NULL, ADEPT_TYPE_ORG_PLACEMENT,
                                ADEPT_ORG_PLACEMENT_UNASSIGNED, flags);
    case FIELD_STATUS:
    default:
      return g_param_spec_int (field->property, NULL, NULL, -1, G_MAXINT, -1, flags);
    }
}

static void
adept_org_device_class_init (AdeptOrgDeviceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = adept_org_device_finalize;
  object_class->get_property = adept_org_device_get_property;

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    properties[i + 1] = make_pspec (&fields[i]);
  g_object_class_install_properties (object_class, G_N_ELEMENTS (properties), properties);
}

static void
adept_org_device_init (AdeptOrgDevice *self)
{
  self->data.dep_status = -1;
}
