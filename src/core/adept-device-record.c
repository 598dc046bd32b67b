/* adept-device-record.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-device"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "adept-device-record.h"
#include "adept-error.h"

typedef enum {
  KIND_STRING,
  KIND_TIME,
  KIND_STATUS,
  KIND_OP_TYPE,
  KIND_BOOLEAN,
  /* A MAC address: Apple's DEP documentation gives a string; its newer Apple Business
   * API gives Ethernet addresses as an array, so an array is taken too, joined by ", ". */
  KIND_ADDRESS,
  KIND_LIST,
} Kind;

struct _AdeptDeviceField
{
  const char *name;
  Kind        kind;
  gsize       offset;
};

#define FIELD(name, kind) { #name, kind, G_STRUCT_OFFSET (AdeptDeviceRecord, name) }

static const AdeptDeviceField fields[] = {
  FIELD (serial_number, KIND_STRING),
  FIELD (model, KIND_STRING),
  FIELD (description, KIND_STRING),
  FIELD (color, KIND_STRING),
  FIELD (asset_tag, KIND_STRING),
  FIELD (os, KIND_STRING),
  FIELD (device_family, KIND_STRING),
  FIELD (profile_status, KIND_STATUS),
  FIELD (profile_uuid, KIND_STRING),
  FIELD (profile_assign_time, KIND_TIME),
  FIELD (profile_push_time, KIND_TIME),
  FIELD (device_assigned_date, KIND_TIME),
  FIELD (device_assigned_by, KIND_STRING),
  FIELD (op_type, KIND_OP_TYPE),
  FIELD (op_date, KIND_TIME),
  FIELD (mdm_migration_deadline, KIND_TIME),
  FIELD (bluetooth_mac_address, KIND_ADDRESS),
  FIELD (wifi_mac_address, KIND_ADDRESS),
  FIELD (ethernet_mac_address, KIND_ADDRESS),
  FIELD (eid, KIND_STRING),
  FIELD (imei, KIND_LIST),
  FIELD (meid, KIND_LIST),
  FIELD (is_replacement_device, KIND_BOOLEAN),
  FIELD (released_by_replacement, KIND_BOOLEAN),
};

/* Keys are looked up some 25,000 times a page: an open-addressing table by FNV-1a. */
#define SLOTS 128

static const AdeptDeviceField *slots[SLOTS];

static guint
hash (const char *name,
      gsize       len)
{
  guint32 h = 2166136261u;

  for (gsize i = 0; i < len; i++)
    h = (h ^ (guint8) name[i]) * 16777619u;
  return h;
}

static void
build_slots (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      guint slot = hash (fields[i].name, strlen (fields[i].name)) % SLOTS;

      while (slots[slot] != NULL)
        slot = (slot + 1) % SLOTS;
      slots[slot] = &fields[i];
    }
}

const AdeptDeviceField *
adept_device_field_lookup (const char *name,
                           gsize       len)
{
  static gsize built = 0;
  guint slot;

  if (g_once_init_enter (&built))
    {
      build_slots ();
      g_once_init_leave (&built, 1);
    }
  for (slot = hash (name, len) % SLOTS; slots[slot] != NULL; slot = (slot + 1) % SLOTS)
    if (strncmp (slots[slot]->name, name, len) == 0 && slots[slot]->name[len] == '\0')
      return slots[slot];
  return NULL;
}

gboolean
adept_device_field_takes_list (const AdeptDeviceField *field)
{
  return field->kind == KIND_ADDRESS || field->kind == KIND_LIST;
}

#define MEMBER(record, field, type) (*(type *) ((guint8 *) (record) + (field)->offset))

void
adept_device_field_clear (const AdeptDeviceField *field,
                          AdeptDeviceRecord      *record)
{
  switch (field->kind)
    {
    case KIND_STRING:
    case KIND_ADDRESS:
      MEMBER (record, field, const char *) = NULL;
      break;
    case KIND_LIST:
      MEMBER (record, field, const char * const *) = NULL;
      break;
    case KIND_TIME:
      MEMBER (record, field, gint64) = 0;
      break;
    case KIND_STATUS:
      MEMBER (record, field, AdeptProfileStatus) = adept_profile_status_from_string (NULL);
      break;
    case KIND_OP_TYPE:
      MEMBER (record, field, AdeptOpType) = adept_op_type_from_string (NULL);
      break;
    case KIND_BOOLEAN:
      MEMBER (record, field, gboolean) = FALSE;
      break;
    default:
      g_assert_not_reached ();
    }
}

void
adept_device_field_set_string (const AdeptDeviceField *field,
                               AdeptDeviceRecord      *record,
                               const char             *value,
                               gsize                   len,
                               AdeptArena             *arena)
{
  switch (field->kind)
    {
    case KIND_STRING:
    case KIND_ADDRESS:
      MEMBER (record, field, const char *) = adept_arena_strndup (arena, value, len);
      break;
    case KIND_TIME:
      MEMBER (record, field, gint64) = adept_timestamp_parse_len (value, len);
      break;
    case KIND_STATUS:
      MEMBER (record, field, AdeptProfileStatus) = adept_profile_status_from_text (value, len);
      break;
    case KIND_OP_TYPE:
      MEMBER (record, field, AdeptOpType) = adept_op_type_from_text (value, len);
      break;
    case KIND_BOOLEAN:
    case KIND_LIST:
      adept_device_field_clear (field, record);
      break;
    default:
      g_assert_not_reached ();
    }
}

void
adept_device_field_set_boolean (const AdeptDeviceField *field,
                                AdeptDeviceRecord      *record,
                                gboolean                value)
{
  if (field->kind == KIND_BOOLEAN)
    MEMBER (record, field, gboolean) = value;
  else
    adept_device_field_clear (field, record);
}

void
adept_device_field_set_list (const AdeptDeviceField *field,
                             AdeptDeviceRecord      *record,
                             const char * const     *items,
                             gsize                   n,
                             AdeptArena             *arena)
{
  GString *joined;

  switch (field->kind)
    {
    case KIND_LIST:
      MEMBER (record, field, const char * const *) = adept_arena_strv (arena, items, n);
      break;
    case KIND_ADDRESS:
      if (n == 0)
        {
          MEMBER (record, field, const char *) = NULL;
          break;
        }
      joined = g_string_new (items[0]);
      for (gsize i = 1; i < n; i++)
        {
          g_string_append (joined, ", ");
          g_string_append (joined, items[i]);
        }
      MEMBER (record, field, const char *) = adept_arena_strndup (arena, joined->str, joined->len);
      g_string_free (joined, TRUE);
      break;
    default:
      adept_device_field_clear (field, record);
    }
}

static void
set_list_from_json (const AdeptDeviceField *field,
                    AdeptDeviceRecord      *record,
                    JsonArray              *array,
                    AdeptArena             *arena)
{
  guint length = json_array_get_length (array);
  g_autofree const char **items = g_new (const char *, length + 1);
  gsize n = 0;

  for (guint i = 0; i < length; i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING)
        items[n++] = adept_arena_strdup (arena, json_node_get_string (element));
    }
  adept_device_field_set_list (field, record, items, n, arena);
}

void
adept_device_record_set_from_json (AdeptDeviceRecord *record,
                                   JsonObject        *object,
                                   AdeptArena        *arena)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &node))
    {
      const AdeptDeviceField *field = adept_device_field_lookup (name, strlen (name));
      GType type;

      if (field == NULL)
        continue;
      if (JSON_NODE_HOLDS_ARRAY (node) && adept_device_field_takes_list (field))
        {
          set_list_from_json (field, record, json_node_get_array (node), arena);
          continue;
        }
      type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
      if (type == G_TYPE_STRING)
        {
          const char *value = json_node_get_string (node);

          adept_device_field_set_string (field, record, value, strlen (value), arena);
        }
      else if (type == G_TYPE_BOOLEAN)
        adept_device_field_set_boolean (field, record, json_node_get_boolean (node));
      else
        adept_device_field_clear (field, record);
    }
}

gboolean
adept_device_record_check (const AdeptDeviceRecord  *record,
                           GError                  **error)
{
  if (record->serial_number == NULL || record->serial_number[0] == '\0')
    {
      g_set_error_literal (error, ADEPT_ERROR, ADEPT_ERROR_MALFORMED_RESPONSE,
                           _("Apple sent a device without a serial number. Try again later; if it keeps happening, report it."));
      return FALSE;
    }
  return TRUE;
}

void
adept_device_record_dup_strings (AdeptDeviceRecord *record)
{
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const AdeptDeviceField *field = &fields[i];

      if (field->kind == KIND_STRING || field->kind == KIND_ADDRESS)
        MEMBER (record, field, char *) = g_strdup (MEMBER (record, field, const char *));
      else if (field->kind == KIND_LIST)
        MEMBER (record, field, char **) = g_strdupv (MEMBER (record, field, char **));
    }
}

void
adept_device_record_free_strings (AdeptDeviceRecord *record)
{
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const AdeptDeviceField *field = &fields[i];

      if (field->kind == KIND_STRING || field->kind == KIND_ADDRESS)
        g_clear_pointer (&MEMBER (record, field, char *), g_free);
      else if (field->kind == KIND_LIST)
        g_clear_pointer (&MEMBER (record, field, char **), g_strfreev);
    }
}
