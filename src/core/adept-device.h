/* adept-device.h — one device as Apple's DEP API describes it
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The DEP Profile Status. UNKNOWN is for values Apple may add later. */
typedef enum {
  ADEPT_PROFILE_STATUS_EMPTY,
  ADEPT_PROFILE_STATUS_ASSIGNED,
  ADEPT_PROFILE_STATUS_PUSHED,
  ADEPT_PROFILE_STATUS_REMOVED,
  ADEPT_PROFILE_STATUS_UNKNOWN,
} AdeptProfileStatus;

/* op_type of a sync record; NONE for fetch results. */
typedef enum {
  ADEPT_OP_TYPE_NONE,
  ADEPT_OP_TYPE_ADDED,
  ADEPT_OP_TYPE_MODIFIED,
  ADEPT_OP_TYPE_DELETED,
} AdeptOpType;

AdeptProfileStatus adept_profile_status_from_string (const char         *s);
/* The same for len bytes of text, which need not end in a NUL. */
AdeptProfileStatus adept_profile_status_from_text   (const char         *text,
                                                      gsize               len);
/* "empty", "assigned", "pushed", "removed" (Apple's wire form). */
const char        *adept_profile_status_to_string   (AdeptProfileStatus  status);
/* Translated: "Empty", "Assigned", "Pushed", "Removed". */
const char        *adept_profile_status_get_label   (AdeptProfileStatus  status);
/* Translated sentence of design.md §1. */
const char        *adept_profile_status_get_meaning (AdeptProfileStatus  status);

AdeptOpType        adept_op_type_from_string        (const char         *s);
AdeptOpType        adept_op_type_from_text          (const char         *text,
                                                      gsize               len);
const char        *adept_op_type_to_string          (AdeptOpType         op);

#define ADEPT_TYPE_DEVICE (adept_device_get_type ())
G_DECLARE_FINAL_TYPE (AdeptDevice, adept_device, ADEPT, DEVICE, GObject)

/* The plain fields (adept-device-record.h). */
typedef struct _AdeptDeviceRecord AdeptDeviceRecord;

/* Tolerates missing keys and empty strings (dep-api.md §3.3). NULL with an error when
 * serial_number is missing. Timestamps are Unix seconds, 0 when absent. */
AdeptDevice       *adept_device_new_from_json        (JsonObject   *object,
                                                      GError      **error);
AdeptDevice       *adept_device_new                  (const char   *serial_number);
/* A device with copies of the record's fields. */
AdeptDevice       *adept_device_new_from_record      (const AdeptDeviceRecord *record);
/* The device's fields, valid while it lives and is not changed. */
const AdeptDeviceRecord *adept_device_get_record     (AdeptDevice  *self);
/* Apple's JSON form (without op_type/op_date when NONE/0). */
JsonObject        *adept_device_to_json              (AdeptDevice  *self);

const char        *adept_device_get_serial_number    (AdeptDevice  *self);
const char        *adept_device_get_model            (AdeptDevice  *self);
const char        *adept_device_get_description      (AdeptDevice  *self);
const char        *adept_device_get_color            (AdeptDevice  *self);
const char        *adept_device_get_asset_tag        (AdeptDevice  *self);
const char        *adept_device_get_os               (AdeptDevice  *self);
const char        *adept_device_get_device_family    (AdeptDevice  *self);
AdeptProfileStatus adept_device_get_profile_status   (AdeptDevice  *self);
const char        *adept_device_get_profile_uuid     (AdeptDevice  *self);
gint64             adept_device_get_profile_assign_time (AdeptDevice *self);
gint64             adept_device_get_profile_push_time   (AdeptDevice *self);
gint64             adept_device_get_device_assigned_date (AdeptDevice *self);
const char        *adept_device_get_device_assigned_by  (AdeptDevice *self);
AdeptOpType        adept_device_get_op_type          (AdeptDevice  *self);
gint64             adept_device_get_op_date          (AdeptDevice  *self);

/* Protocol version 8 and 10 fields (dep-api.md §2.5, §3.3); NULL/0/FALSE when absent. */
gint64             adept_device_get_mdm_migration_deadline (AdeptDevice *self);
const char        *adept_device_get_bluetooth_mac_address  (AdeptDevice *self);
const char        *adept_device_get_wifi_mac_address       (AdeptDevice *self);
const char        *adept_device_get_ethernet_mac_address   (AdeptDevice *self);
const char        *adept_device_get_eid                    (AdeptDevice *self);
const char * const *adept_device_get_imei                  (AdeptDevice *self);
const char * const *adept_device_get_meid                  (AdeptDevice *self);
gboolean           adept_device_get_is_replacement_device  (AdeptDevice *self);
/* A "deleted" sync record because AppleCare replaced the device, not because ABM
 * released it. */
gboolean           adept_device_get_released_by_replacement (AdeptDevice *self);

void adept_device_set_model               (AdeptDevice *self, const char *value);
void adept_device_set_description         (AdeptDevice *self, const char *value);
void adept_device_set_color               (AdeptDevice *self, const char *value);
void adept_device_set_asset_tag           (AdeptDevice *self, const char *value);
void adept_device_set_os                  (AdeptDevice *self, const char *value);
void adept_device_set_device_family       (AdeptDevice *self, const char *value);
void adept_device_set_profile_status      (AdeptDevice *self, AdeptProfileStatus value);
void adept_device_set_profile_uuid        (AdeptDevice *self, const char *value);
void adept_device_set_profile_assign_time (AdeptDevice *self, gint64 value);
void adept_device_set_profile_push_time   (AdeptDevice *self, gint64 value);
void adept_device_set_device_assigned_date (AdeptDevice *self, gint64 value);
void adept_device_set_device_assigned_by  (AdeptDevice *self, const char *value);
void adept_device_set_op_type             (AdeptDevice *self, AdeptOpType value);
void adept_device_set_op_date             (AdeptDevice *self, gint64 value);
void adept_device_set_mdm_migration_deadline (AdeptDevice *self, gint64 value);
void adept_device_set_bluetooth_mac_address  (AdeptDevice *self, const char *value);
void adept_device_set_wifi_mac_address       (AdeptDevice *self, const char *value);
void adept_device_set_ethernet_mac_address   (AdeptDevice *self, const char *value);
void adept_device_set_eid                    (AdeptDevice *self, const char *value);
void adept_device_set_imei                   (AdeptDevice *self, const char * const *value);
void adept_device_set_meid                   (AdeptDevice *self, const char * const *value);
void adept_device_set_is_replacement_device  (AdeptDevice *self, gboolean value);
void adept_device_set_released_by_replacement (AdeptDevice *self, gboolean value);

/* The protocol 8/10 facts as CSV columns under Apple's names (wifi_mac_address…), NULL-
 * terminated, and a device's fields for them, each after a comma (adeptctl devices list
 * --csv, the console's export): several IMEIs in one field, separated by ";". */
extern const char * const adept_device_csv_id_columns[];
void   adept_device_append_csv_ids (AdeptDevice *self,
                                    GString     *line);

/* RFC 3339 UTC ("2018-09-08T16:49:09Z") <-> Unix seconds; 0 for NULL/empty/invalid. */
gint64 adept_timestamp_parse  (const char *rfc3339);
/* The same for len bytes of text, which need not end in a NUL. */
gint64 adept_timestamp_parse_len (const char *text,
                                  gsize       len);
char  *adept_timestamp_format (gint64      unix_seconds);

G_END_DECLS
