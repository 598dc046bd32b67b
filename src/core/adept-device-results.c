/* adept-device-results.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-device-results"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "adept-dep-protocol.h"
#include "adept-device-results.h"
#include "adept-error.h"
#include "adept-util.h"

/* One allocation with its serial; raw is the result's own name (static) unless Apple's
 * string differs from it (own_raw): a batch of 1,000 made 3,000 allocations before. */
typedef struct {
  const char        *raw;
  char              *own_raw;
  AdeptDevice       *device;
  AdeptDeviceResult  result;
  char               serial[];
} Entry;

struct _AdeptDeviceResults
{
  GObject     parent_instance;

  char       *profile_uuid;
  gint64      retry_after_seconds;
  GPtrArray  *entries;   /* Entry*, in Apple's order */
  GHashTable *by_serial; /* serial → Entry* (borrowed) */
};

G_DEFINE_FINAL_TYPE (AdeptDeviceResults, adept_device_results, G_TYPE_OBJECT)

static const char * const result_names[] = {
  "SUCCESS", "NOT_ACCESSIBLE", "FAILED", "THROTTLED", "NOT_FOUND", "OTHER",
};

G_STATIC_ASSERT (G_N_ELEMENTS (result_names) == ADEPT_DEVICE_RESULT_OTHER + 1);

AdeptDeviceResult
adept_device_result_from_string (const char *s)
{
  if (s == NULL)
    return ADEPT_DEVICE_RESULT_OTHER;
  for (guint i = 0; i < ADEPT_DEVICE_RESULT_OTHER; i++)
    if (g_ascii_strcasecmp (s, result_names[i]) == 0)
      return i;
  return ADEPT_DEVICE_RESULT_OTHER;
}

const char *
adept_device_result_to_string (AdeptDeviceResult result)
{
  if ((guint) result > ADEPT_DEVICE_RESULT_OTHER)
    result = ADEPT_DEVICE_RESULT_OTHER;
  return result_names[result];
}

const char *
adept_device_result_get_label (AdeptDeviceResult result)
{
  switch (result)
    {
    case ADEPT_DEVICE_RESULT_SUCCESS:
      return _("Done.");
    case ADEPT_DEVICE_RESULT_NOT_ACCESSIBLE:
      return _("This MDM server cannot manage the device. Assign it to this server in Apple Business Manager.");
    case ADEPT_DEVICE_RESULT_FAILED:
      return _("Apple could not change the device. Try again later.");
    case ADEPT_DEVICE_RESULT_THROTTLED:
      return _("Apple asked to wait before changing the device again. It will be retried later.");
    case ADEPT_DEVICE_RESULT_NOT_FOUND:
      return _("Apple does not know this serial number. Check it for typing errors.");
    case ADEPT_DEVICE_RESULT_OTHER:
    default:
      return _("Apple gave an answer this version of Adept does not know.");
    }
}

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  /* Moved to another results object by adept_device_results_merge_take(). */
  if (entry == NULL)
    return;
  g_free (entry->own_raw);
  g_clear_object (&entry->device);
  g_free (entry);
}

static void
adept_device_results_finalize (GObject *object)
{
  AdeptDeviceResults *self = ADEPT_DEVICE_RESULTS (object);

  g_free (self->profile_uuid);
  g_hash_table_unref (self->by_serial);
  g_ptr_array_unref (self->entries);

  G_OBJECT_CLASS (adept_device_results_parent_class)->finalize (object);
}

static void
adept_device_results_class_init (AdeptDeviceResultsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = adept_device_results_finalize;
}

static void
adept_device_results_init (AdeptDeviceResults *self)
{
  self->entries = g_ptr_array_new_with_free_func (entry_free);
  self->by_serial = g_hash_table_new (g_str_hash, g_str_equal);
}

AdeptDeviceResults *
adept_device_results_new (void)
{
  return g_object_new (ADEPT_TYPE_DEVICE_RESULTS, NULL);
}

static void
set_raw (Entry      *entry,
         const char *raw)
{
  const char *name = adept_device_result_to_string (entry->result);
  g_autofree char *old = NULL;

  if (raw != NULL && raw == entry->own_raw)
    return;
  old = g_steal_pointer (&entry->own_raw);
  if (raw == NULL || g_str_equal (raw, name))
    entry->raw = name;
  else
    entry->raw = entry->own_raw = g_strdup (raw);
}

static Entry *
add_entry (AdeptDeviceResults *self,
           const char         *serial)
{
  gsize len = strlen (serial);
  Entry *entry = g_malloc0 (sizeof (Entry) + len + 1);

  memcpy (entry->serial, serial, len);
  g_ptr_array_add (self->entries, entry);
  g_hash_table_insert (self->by_serial, entry->serial, entry);
  return entry;
}

void
adept_device_results_add (AdeptDeviceResults *self,
                          const char         *serial,
                          AdeptDeviceResult   result,
                          const char         *raw,
                          AdeptDevice        *device)
{
  Entry *entry;

  g_return_if_fail (ADEPT_IS_DEVICE_RESULTS (self));
  g_return_if_fail (serial != NULL);

  entry = g_hash_table_lookup (self->by_serial, serial);
  if (entry == NULL)
    entry = add_entry (self, serial);
  entry->result = result;
  set_raw (entry, raw);
  g_set_object (&entry->device, device);
}

gboolean
adept_device_results_add_new (AdeptDeviceResults *self,
                              const char         *serial,
                              AdeptDeviceResult   result,
                              const char         *raw)
{
  Entry *entry;

  g_return_val_if_fail (ADEPT_IS_DEVICE_RESULTS (self), FALSE);
  g_return_val_if_fail (serial != NULL, FALSE);

  if (g_hash_table_contains (self->by_serial, serial))
    return FALSE;
  entry = add_entry (self, serial);
  entry->result = result;
  set_raw (entry, raw);
  return TRUE;
}

static gboolean
set_malformed (GError **error)
{
  g_set_error_literal (error, ADEPT_ERROR, ADEPT_ERROR_MALFORMED_RESPONSE,
                       _("Apple’s answer for the devices could not be understood. Try again later; if it keeps happening, report it."));
  return FALSE;
}

/* Device details answer with the record; its serial_number may be left out, as the map
 * key already names the device. */
static gboolean
add_detailed (AdeptDeviceResults  *self,
              const char          *serial,
              JsonObject          *object,
              GError             **error)
{
  g_autoptr(JsonObject) copy = json_object_new ();
  g_autoptr(AdeptDevice) device = NULL;
  const char *status = NULL;
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &value))
    json_object_set_member (copy, name, json_node_copy (value));
  if (!json_object_has_member (copy, "serial_number"))
    json_object_set_string_member (copy, "serial_number", serial);

  status = adept_dep_json_get_string (object, "response_status");
  /* A NOT_ACCESSIBLE entry is only {"response_status": …}: no device to build. */
  if (json_object_has_member (object, "model") || status == NULL ||
      adept_device_result_from_string (status) == ADEPT_DEVICE_RESULT_SUCCESS)
    {
      device = adept_device_new_from_json (copy, error);
      if (device == NULL)
        return FALSE;
    }
  adept_device_results_add (self, serial,
                            status ? adept_device_result_from_string (status) : ADEPT_DEVICE_RESULT_SUCCESS,
                            status, device);
  return TRUE;
}

AdeptDeviceResults *
adept_device_results_new_from_json (JsonObject  *object,
                                    GError     **error)
{
  g_autoptr(AdeptDeviceResults) self = adept_device_results_new ();
  JsonNode *devices;
  JsonObjectIter iter;
  const char *serial;
  JsonNode *value;

  self->profile_uuid = g_strdup (adept_dep_json_get_string (object, "profile_uuid"));
  self->retry_after_seconds = MAX (adept_dep_json_get_int (object, "retry_after_seconds", 0), 0);

  devices = json_object_get_member (object, "devices");
  if (devices == NULL || JSON_NODE_HOLDS_NULL (devices))
    return g_steal_pointer (&self);
  if (!JSON_NODE_HOLDS_OBJECT (devices))
    {
      set_malformed (error);
      return NULL;
    }

  json_object_iter_init_ordered (&iter, json_node_get_object (devices));
  while (json_object_iter_next_ordered (&iter, &serial, &value))
    {
      if (JSON_NODE_HOLDS_OBJECT (value))
        {
          if (!add_detailed (self, serial, json_node_get_object (value), error))
            return NULL;
        }
      else if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
        {
          const char *raw = json_node_get_string (value);

          adept_device_results_add (self, serial, adept_device_result_from_string (raw), raw, NULL);
        }
      else
        {
          set_malformed (error);
          return NULL;
        }
    }
  return g_steal_pointer (&self);
}

JsonObject *
adept_device_results_to_json (AdeptDeviceResults *self)
{
  JsonObject *object;
  JsonObject *devices;

  g_return_val_if_fail (ADEPT_IS_DEVICE_RESULTS (self), NULL);

  object = json_object_new ();
  devices = json_object_new ();
  if (self->profile_uuid != NULL)
    json_object_set_string_member (object, "profile_uuid", self->profile_uuid);
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);

      if (entry->device != NULL)
        {
          JsonObject *record = adept_device_to_json (entry->device);

          json_object_set_string_member (record, "response_status", entry->raw);
          json_object_set_object_member (devices, entry->serial, record);
        }
      else
        json_object_set_string_member (devices, entry->serial, entry->raw);
    }
  json_object_set_object_member (object, "devices", devices);
  if (self->retry_after_seconds > 0)
    json_object_set_int_member (object, "retry_after_seconds", self->retry_after_seconds);
  return object;
}

/* A request's answers are new serials of a job: moved, not copied (a copy of each took
 * two string copies and an allocation, a tenth of what the job spends on a device). */
void
adept_device_results_merge_take (AdeptDeviceResults *self,
                                 AdeptDeviceResults *other)
{
  g_return_if_fail (ADEPT_IS_DEVICE_RESULTS (self));
  g_return_if_fail (ADEPT_IS_DEVICE_RESULTS (other));
  g_return_if_fail (self != other);

  for (guint i = 0; i < other->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (other->entries, i);

      if (g_hash_table_contains (self->by_serial, entry->serial))
        {
          adept_device_results_add (self, entry->serial, entry->result, entry->raw, entry->device);
          continue;
        }
      g_ptr_array_add (self->entries, entry);
      g_hash_table_insert (self->by_serial, entry->serial, entry);
      other->entries->pdata[i] = NULL;
    }
  g_hash_table_remove_all (other->by_serial);
  g_ptr_array_set_size (other->entries, 0);
  self->retry_after_seconds = MAX (self->retry_after_seconds, other->retry_after_seconds);
  if (other->profile_uuid != NULL)
    adept_set_str (&self->profile_uuid, other->profile_uuid);
}

const char *
adept_device_results_get_profile_uuid (AdeptDeviceResults *self)
{
  g_return_val_if_fail (ADEPT_IS_DEVICE_RESULTS (self), NULL);
  return self->profile_uuid;
}

void
adept_device_results_set_profile_uuid (AdeptDeviceResults *self,
                                       const char         *profile_uuid)
{
  g_return_if_fail (ADEPT_IS_DEVICE_RESULTS (self));
  adept_set_str (&self->profile_uuid, profile_uuid);
}

gint64
adept_device_results_get_retry_after_seconds (AdeptDeviceResults *self)
{
  g_return_val_if_fail (ADEPT_IS_DEVICE_RESULTS (self), 0);
  return self->retry_after_seconds;
}

void
adept_device_results_set_retry_after_seconds (AdeptDeviceResults *self,
                                              gint64              seconds)
{
  g_return_if_fail (ADEPT_IS_DEVICE_RESULTS (self));
  self->retry_after_seconds = MAX (seconds, 0);
}

guint
adept_device_results_get_n_results (AdeptDeviceResults *self)
{
  g_return_val_if_fail (ADEPT_IS_DEVICE_RESULTS (self), 0);
  return self->entries->len;
}

const char *
adept_device_results_get_serial (AdeptDeviceResults *self,
                                 guint               position)
{
  g_return_val_if_fail (ADEPT_IS_DEVICE_RESULTS (self), NULL);
  g_return_val_if_fail (position < self->entries->len, NULL);
  return ((Entry *) g_ptr_array_index (self->entries, position))->serial;
}

static Entry *
lookup (AdeptDeviceResults *self,
        const char         *serial)
{
  return serial ? g_hash_table_lookup (self->by_serial, serial) : NULL;
}

gboolean
adept_device_results_contains (AdeptDeviceResults *self,
                               const char         *serial)
{
  g_return_val_if_fail (ADEPT_IS_DEVICE_RESULTS (self), FALSE);
  return lookup (self, serial) != NULL;
}

AdeptDeviceResult
adept_device_results_get_result (AdeptDeviceResults *self,
                                 const char         *serial)
{
  Entry *entry;

  g_return_val_if_fail (ADEPT_IS_DEVICE_RESULTS (self), ADEPT_DEVICE_RESULT_OTHER);
  entry = lookup (self, serial);
  return entry ? entry->result : ADEPT_DEVICE_RESULT_OTHER;
}

const char *
adept_device_results_get_raw_result (AdeptDeviceResults *self,
                                     const char         *serial)
{
  Entry *entry;

  g_return_val_if_fail (ADEPT_IS_DEVICE_RESULTS (self), NULL);
  entry = lookup (self, serial);
  return entry ? entry->raw : NULL;
}

AdeptDevice *
adept_device_results_get_device (AdeptDeviceResults *self,
                                 const char         *serial)
{
  Entry *entry;

  g_return_val_if_fail (ADEPT_IS_DEVICE_RESULTS (self), NULL);
  entry = lookup (self, serial);
  return entry ? entry->device : NULL;
}

guint
adept_device_results_count (AdeptDeviceResults *self,
                            AdeptDeviceResult   result)
{
  guint n = 0;

  g_return_val_if_fail (ADEPT_IS_DEVICE_RESULTS (self), 0);
  for (guint i = 0; i < self->entries->len; i++)
    if (((Entry *) g_ptr_array_index (self->entries, i))->result == result)
      n++;
  return n;
}

char **
adept_device_results_dup_serials (AdeptDeviceResults *self,
                                  AdeptDeviceResult   result)
{
  GStrvBuilder *builder;
  char **serials;

  g_return_val_if_fail (ADEPT_IS_DEVICE_RESULTS (self), NULL);
  builder = g_strv_builder_new ();
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);

      if (entry->result == result)
        g_strv_builder_add (builder, entry->serial);
    }
  serials = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return serials;
}
