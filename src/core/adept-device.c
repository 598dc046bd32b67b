/* adept-device.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-device"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "adept-core-enums.h"
#include "adept-dep-protocol.h"
#include "adept-device.h"
#include "adept-device-record.h"
#include "adept-error.h"
#include "adept-util.h"

struct _AdeptDevice
{
  GObject            parent_instance;

  /* Its strings are owned here (adept_device_record_dup_strings()). */
  AdeptDeviceRecord  r;
};

G_DEFINE_FINAL_TYPE (AdeptDevice, adept_device, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SERIAL_NUMBER,
  PROP_MODEL,
  PROP_DESCRIPTION,
  PROP_COLOR,
  PROP_ASSET_TAG,
  PROP_OS,
  PROP_DEVICE_FAMILY,
  PROP_PROFILE_STATUS,
  PROP_PROFILE_UUID,
  PROP_PROFILE_ASSIGN_TIME,
  PROP_PROFILE_PUSH_TIME,
  PROP_DEVICE_ASSIGNED_DATE,
  PROP_DEVICE_ASSIGNED_BY,
  PROP_OP_TYPE,
  PROP_OP_DATE,
  PROP_MDM_MIGRATION_DEADLINE,
  PROP_BLUETOOTH_MAC_ADDRESS,
  PROP_WIFI_MAC_ADDRESS,
  PROP_ETHERNET_MAC_ADDRESS,
  PROP_EID,
  PROP_IMEI,
  PROP_MEID,
  PROP_IS_REPLACEMENT_DEVICE,
  PROP_RELEASED_BY_REPLACEMENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const status_names[] = { "empty", "assigned", "pushed", "removed", "unknown" };
static const char * const op_names[] = { "", "added", "modified", "deleted" };

/* Apple's words as it writes them, found without a copy or a case-insensitive compare;
 * anything else through the case-insensitive look-up of the C string text starts with. */
static int
exact_name (const char * const *names,
            guint               first,
            guint               n,
            const char         *text,
            gsize               len)
{
  for (guint i = first; i < n; i++)
    if (strlen (names[i]) == len && memcmp (names[i], text, len) == 0)
      return (int) i;
  return -1;
}

AdeptProfileStatus
adept_profile_status_from_text (const char *text,
                                gsize       len)
{
  g_autofree char *copy = NULL;
  int i = exact_name (status_names, 0, ADEPT_PROFILE_STATUS_UNKNOWN, text, len);

  if (len == 0)
    return ADEPT_PROFILE_STATUS_EMPTY;
  if (i >= 0)
    return i;
  copy = g_strndup (text, len);
  return adept_profile_status_from_string (copy);
}

AdeptOpType
adept_op_type_from_text (const char *text,
                         gsize       len)
{
  g_autofree char *copy = NULL;
  int i = exact_name (op_names, 1, G_N_ELEMENTS (op_names), text, len);

  if (i >= 0)
    return i;
  copy = g_strndup (text, len);
  return adept_op_type_from_string (copy);
}

AdeptProfileStatus
adept_profile_status_from_string (const char *s)
{
  /* Apple sends "" for a device that never had a profile (dep-api.md §3.3). */
  if (s == NULL || *s == '\0')
    return ADEPT_PROFILE_STATUS_EMPTY;
  for (guint i = 0; i < ADEPT_PROFILE_STATUS_UNKNOWN; i++)
    if (g_ascii_strcasecmp (s, status_names[i]) == 0)
      return i;
  return ADEPT_PROFILE_STATUS_UNKNOWN;
}

const char *
adept_profile_status_to_string (AdeptProfileStatus status)
{
  if ((guint) status > ADEPT_PROFILE_STATUS_UNKNOWN)
    status = ADEPT_PROFILE_STATUS_UNKNOWN;
  return status_names[status];
}

const char *
adept_profile_status_get_label (AdeptProfileStatus status)
{
  switch (status)
    {
    case ADEPT_PROFILE_STATUS_EMPTY:
      return _("Empty");
    case ADEPT_PROFILE_STATUS_ASSIGNED:
      return _("Assigned");
    case ADEPT_PROFILE_STATUS_PUSHED:
      return _("Pushed");
    case ADEPT_PROFILE_STATUS_REMOVED:
      return _("Removed");
    case ADEPT_PROFILE_STATUS_UNKNOWN:
    default:
      return _("Unknown");
    }
}

const char *
adept_profile_status_get_meaning (AdeptProfileStatus status)
{
  switch (status)
    {
    case ADEPT_PROFILE_STATUS_EMPTY:
      return _("A profile has never been assigned to the device.");
    case ADEPT_PROFILE_STATUS_ASSIGNED:
      return _("Apple has the profile and it is ready to be delivered to the device.");
    case ADEPT_PROFILE_STATUS_PUSHED:
      return _("The profile has been delivered to the activated device.");
    case ADEPT_PROFILE_STATUS_REMOVED:
      return _("A profile was assigned but has been removed; the device is no longer managed once reactivated.");
    case ADEPT_PROFILE_STATUS_UNKNOWN:
    default:
      return _("Apple reported a status this version of Adept does not know.");
    }
}

AdeptOpType
adept_op_type_from_string (const char *s)
{
  if (s == NULL)
    return ADEPT_OP_TYPE_NONE;
  for (guint i = 1; i < G_N_ELEMENTS (op_names); i++)
    if (g_ascii_strcasecmp (s, op_names[i]) == 0)
      return i;
  return ADEPT_OP_TYPE_NONE;
}

const char *
adept_op_type_to_string (AdeptOpType op)
{
  if ((guint) op >= G_N_ELEMENTS (op_names))
    op = ADEPT_OP_TYPE_NONE;
  return op_names[op];
}

/* Days from 1970-01-01 to a date of the proleptic Gregorian calendar. */
static gint64
days_from_civil (int y,
                 int m,
                 int d)
{
  int era, yoe, doy, doe;

  y -= m <= 2;
  era = y / 400;
  yoe = y - era * 400;
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return (gint64) era * 146097 + doe - 719468;
}

/* Apple's own form, "2018-09-08T16:49:09Z", without GDateTime: a page carries thousands.
 * FALSE for anything else, which GLib's parser then reads. */
static gboolean
parse_utc_seconds (const char *s,
                   gsize       len,
                   gint64     *out)
{
  static const guint8 month_days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
  static const char form[] = "0000-00-00T00:00:00Z";
  int y, mo, d, h, mi, sec;

  if (len != 20)
    return FALSE;
  /* Each byte as the form has it, '0' standing for any digit */
  for (guint i = 0; i < 20; i++)
    if (form[i] == '0' ? (guint) (s[i] - '0') > 9 : s[i] != form[i])
      return FALSE;
#define TWO(p) ((s[p] - '0') * 10 + (s[p + 1] - '0'))
  y = TWO (0) * 100 + TWO (2);
  mo = TWO (5);
  d = TWO (8);
  h = TWO (11);
  mi = TWO (14);
  sec = TWO (17);
#undef TWO
  if (y < 1 || mo < 1 || mo > 12 || d < 1 ||
      d > month_days[mo - 1] + (mo == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ||
      h > 23 || mi > 59 || sec > 59)
    return FALSE;
  *out = days_from_civil (y, mo, d) * 86400 + h * 3600 + mi * 60 + sec;
  return TRUE;
}

gint64
adept_timestamp_parse (const char *rfc3339)
{
  g_autoptr(GDateTime) dt = NULL;
  gint64 seconds;

  if (rfc3339 == NULL || *rfc3339 == '\0')
    return 0;
  if (parse_utc_seconds (rfc3339, strlen (rfc3339), &seconds))
    return seconds;
  dt = g_date_time_new_from_iso8601 (rfc3339, NULL);
  return dt ? g_date_time_to_unix (dt) : 0;
}

gint64
adept_timestamp_parse_len (const char *text,
                           gsize       len)
{
  g_autofree char *copy = NULL;
  gint64 seconds;

  /* Apple's form has no NUL in it; anything else as the C string the text starts with. */
  if (parse_utc_seconds (text, len, &seconds))
    return seconds;
  copy = g_strndup (text, len);
  return adept_timestamp_parse (copy);
}

char *
adept_timestamp_format (gint64 unix_seconds)
{
  g_autoptr(GDateTime) dt = NULL;

  if (unix_seconds == 0)
    return NULL;
  dt = g_date_time_new_from_unix_utc (unix_seconds);
  return dt ? g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ") : NULL;
}

static void
adept_device_finalize (GObject *object)
{
  AdeptDevice *self = ADEPT_DEVICE (object);

  adept_device_record_free_strings (&self->r);

  G_OBJECT_CLASS (adept_device_parent_class)->finalize (object);
}

static void
adept_device_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  AdeptDevice *self = ADEPT_DEVICE (object);

  switch (prop_id)
    {
    case PROP_SERIAL_NUMBER: g_value_set_string (value, self->r.serial_number); break;
    case PROP_MODEL: g_value_set_string (value, self->r.model); break;
    case PROP_DESCRIPTION: g_value_set_string (value, self->r.description); break;
    case PROP_COLOR: g_value_set_string (value, self->r.color); break;
    case PROP_ASSET_TAG: g_value_set_string (value, self->r.asset_tag); break;
    case PROP_OS: g_value_set_string (value, self->r.os); break;
    case PROP_DEVICE_FAMILY: g_value_set_string (value, self->r.device_family); break;
    case PROP_PROFILE_STATUS: g_value_set_enum (value, self->r.profile_status); break;
    case PROP_PROFILE_UUID: g_value_set_string (value, self->r.profile_uuid); break;
    case PROP_PROFILE_ASSIGN_TIME: g_value_set_int64 (value, self->r.profile_assign_time); break;
    case PROP_PROFILE_PUSH_TIME: g_value_set_int64 (value, self->r.profile_push_time); break;
    case PROP_DEVICE_ASSIGNED_DATE: g_value_set_int64 (value, self->r.device_assigned_date); break;
    case PROP_DEVICE_ASSIGNED_BY: g_value_set_string (value, self->r.device_assigned_by); break;
    case PROP_OP_TYPE: g_value_set_enum (value, self->r.op_type); break;
    case PROP_OP_DATE: g_value_set_int64 (value, self->r.op_date); break;
    case PROP_MDM_MIGRATION_DEADLINE: g_value_set_int64 (value, self->r.mdm_migration_deadline); break;
    case PROP_BLUETOOTH_MAC_ADDRESS: g_value_set_string (value, self->r.bluetooth_mac_address); break;
    case PROP_WIFI_MAC_ADDRESS: g_value_set_string (value, self->r.wifi_mac_address); break;
    case PROP_ETHERNET_MAC_ADDRESS: g_value_set_string (value, self->r.ethernet_mac_address); break;
    case PROP_EID: g_value_set_string (value, self->r.eid); break;
    case PROP_IMEI: g_value_set_boxed (value, self->r.imei); break;
    case PROP_MEID: g_value_set_boxed (value, self->r.meid); break;
    case PROP_IS_REPLACEMENT_DEVICE: g_value_set_boolean (value, self->r.is_replacement_device); break;
    case PROP_RELEASED_BY_REPLACEMENT: g_value_set_boolean (value, self->r.released_by_replacement); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
adept_device_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  AdeptDevice *self = ADEPT_DEVICE (object);

  switch (prop_id)
    {
    case PROP_SERIAL_NUMBER:
      g_free ((char *) self->r.serial_number);
      self->r.serial_number = g_value_dup_string (value);
      break;
    case PROP_MODEL: adept_device_set_model (self, g_value_get_string (value)); break;
    case PROP_DESCRIPTION: adept_device_set_description (self, g_value_get_string (value)); break;
    case PROP_COLOR: adept_device_set_color (self, g_value_get_string (value)); break;
    case PROP_ASSET_TAG: adept_device_set_asset_tag (self, g_value_get_string (value)); break;
    case PROP_OS: adept_device_set_os (self, g_value_get_string (value)); break;
    case PROP_DEVICE_FAMILY: adept_device_set_device_family (self, g_value_get_string (value)); break;
    case PROP_PROFILE_STATUS: adept_device_set_profile_status (self, g_value_get_enum (value)); break;
    case PROP_PROFILE_UUID: adept_device_set_profile_uuid (self, g_value_get_string (value)); break;
    case PROP_PROFILE_ASSIGN_TIME: adept_device_set_profile_assign_time (self, g_value_get_int64 (value)); break;
    case PROP_PROFILE_PUSH_TIME: adept_device_set_profile_push_time (self, g_value_get_int64 (value)); break;
    case PROP_DEVICE_ASSIGNED_DATE: adept_device_set_device_assigned_date (self, g_value_get_int64 (value)); break;
    case PROP_DEVICE_ASSIGNED_BY: adept_device_set_device_assigned_by (self, g_value_get_string (value)); break;
    case PROP_OP_TYPE: adept_device_set_op_type (self, g_value_get_enum (value)); break;
    case PROP_OP_DATE: adept_device_set_op_date (self, g_value_get_int64 (value)); break;
    case PROP_MDM_MIGRATION_DEADLINE: adept_device_set_mdm_migration_deadline (self, g_value_get_int64 (value)); break;
    case PROP_BLUETOOTH_MAC_ADDRESS: adept_device_set_bluetooth_mac_address (self, g_value_get_string (value)); break;
    case PROP_WIFI_MAC_ADDRESS: adept_device_set_wifi_mac_address (self, g_value_get_string (value)); break;
    case PROP_ETHERNET_MAC_ADDRESS: adept_device_set_ethernet_mac_address (self, g_value_get_string (value)); break;
    case PROP_EID: adept_device_set_eid (self, g_value_get_string (value)); break;
    case PROP_IMEI: adept_device_set_imei (self, g_value_get_boxed (value)); break;
    case PROP_MEID: adept_device_set_meid (self, g_value_get_boxed (value)); break;
    case PROP_IS_REPLACEMENT_DEVICE: adept_device_set_is_replacement_device (self, g_value_get_boolean (value)); break;
    case PROP_RELEASED_BY_REPLACEMENT: adept_device_set_released_by_replacement (self, g_value_get_boolean (value)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
string_pspec (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL,
                              G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

static GParamSpec *
time_pspec (const char *name)
{
  return g_param_spec_int64 (name, NULL, NULL, 0, G_MAXINT64, 0,
                             G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

static GParamSpec *
strv_pspec (const char *name)
{
  return g_param_spec_boxed (name, NULL, NULL, G_TYPE_STRV,
                             G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

static GParamSpec *
boolean_pspec (const char *name)
{
  return g_param_spec_boolean (name, NULL, NULL, FALSE,
                               G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

static void
adept_device_class_init (AdeptDeviceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = adept_device_finalize;
  object_class->get_property = adept_device_get_property;
  object_class->set_property = adept_device_set_property;

  properties[PROP_SERIAL_NUMBER] =
    g_param_spec_string ("serial-number", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODEL] = string_pspec ("model");
  properties[PROP_DESCRIPTION] = string_pspec ("description");
  properties[PROP_COLOR] = string_pspec ("color");
  properties[PROP_ASSET_TAG] = string_pspec ("asset-tag");
  properties[PROP_OS] = string_pspec ("os");
  properties[PROP_DEVICE_FAMILY] = string_pspec ("device-family");
  properties[PROP_PROFILE_STATUS] =
    g_param_spec_enum ("profile-status", NULL, NULL, ADEPT_TYPE_PROFILE_STATUS,
                       ADEPT_PROFILE_STATUS_EMPTY,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROFILE_UUID] = string_pspec ("profile-uuid");
  properties[PROP_PROFILE_ASSIGN_TIME] = time_pspec ("profile-assign-time");
  properties[PROP_PROFILE_PUSH_TIME] = time_pspec ("profile-push-time");
  properties[PROP_DEVICE_ASSIGNED_DATE] = time_pspec ("device-assigned-date");
  properties[PROP_DEVICE_ASSIGNED_BY] = string_pspec ("device-assigned-by");
  properties[PROP_OP_TYPE] =
    g_param_spec_enum ("op-type", NULL, NULL, ADEPT_TYPE_OP_TYPE, ADEPT_OP_TYPE_NONE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OP_DATE] = time_pspec ("op-date");
  properties[PROP_MDM_MIGRATION_DEADLINE] = time_pspec ("mdm-migration-deadline");
  properties[PROP_BLUETOOTH_MAC_ADDRESS] = string_pspec ("bluetooth-mac-address");
  properties[PROP_WIFI_MAC_ADDRESS] = string_pspec ("wifi-mac-address");
  properties[PROP_ETHERNET_MAC_ADDRESS] = string_pspec ("ethernet-mac-address");
  properties[PROP_EID] = string_pspec ("eid");
  properties[PROP_IMEI] = strv_pspec ("imei");
  properties[PROP_MEID] = strv_pspec ("meid");
  properties[PROP_IS_REPLACEMENT_DEVICE] = boolean_pspec ("is-replacement-device");
  properties[PROP_RELEASED_BY_REPLACEMENT] = boolean_pspec ("released-by-replacement");

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
adept_device_init (AdeptDevice *self)
{
}

AdeptDevice *
adept_device_new (const char *serial_number)
{
  g_return_val_if_fail (serial_number != NULL, NULL);
  return g_object_new (ADEPT_TYPE_DEVICE, "serial-number", serial_number, NULL);
}

AdeptDevice *
adept_device_new_from_record (const AdeptDeviceRecord *record)
{
  AdeptDevice *self;

  g_return_val_if_fail (record != NULL && record->serial_number != NULL, NULL);

  self = g_object_new (ADEPT_TYPE_DEVICE, NULL);
  self->r = *record;
  adept_device_record_dup_strings (&self->r);
  return self;
}

const AdeptDeviceRecord *
adept_device_get_record (AdeptDevice *self)
{
  g_return_val_if_fail (ADEPT_IS_DEVICE (self), NULL);
  return &self->r;
}

AdeptDevice *
adept_device_new_from_json (JsonObject  *object,
                            GError     **error)
{
  g_autoptr(AdeptArena) arena = adept_arena_new ();
  AdeptDeviceRecord record = { 0, };

  adept_device_record_set_from_json (&record, object, arena);
  if (!adept_device_record_check (&record, error))
    return NULL;
  return adept_device_new_from_record (&record);
}

static void
set_member_string (JsonObject *object,
                   const char *name,
                   const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, name, value);
}

static void
set_member_time (JsonObject *object,
                 const char *name,
                 gint64      value)
{
  g_autofree char *text = adept_timestamp_format (value);

  if (text != NULL)
    json_object_set_string_member (object, name, text);
}

static void
set_member_strv (JsonObject         *object,
                 const char         *name,
                 const char * const *value)
{
  if (value != NULL && value[0] != NULL)
    json_object_set_array_member (object, name, adept_dep_json_array_from_strv (value));
}

JsonObject *
adept_device_to_json (AdeptDevice *self)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "serial_number", self->r.serial_number);
  set_member_string (object, "model", self->r.model);
  set_member_string (object, "description", self->r.description);
  set_member_string (object, "color", self->r.color);
  set_member_string (object, "asset_tag", self->r.asset_tag);
  set_member_string (object, "os", self->r.os);
  set_member_string (object, "device_family", self->r.device_family);
  json_object_set_string_member (object, "profile_status",
                                 adept_profile_status_to_string (self->r.profile_status));
  set_member_string (object, "profile_uuid", self->r.profile_uuid);
  set_member_time (object, "profile_assign_time", self->r.profile_assign_time);
  set_member_time (object, "profile_push_time", self->r.profile_push_time);
  set_member_time (object, "device_assigned_date", self->r.device_assigned_date);
  set_member_string (object, "device_assigned_by", self->r.device_assigned_by);
  if (self->r.op_type != ADEPT_OP_TYPE_NONE)
    json_object_set_string_member (object, "op_type", adept_op_type_to_string (self->r.op_type));
  set_member_time (object, "op_date", self->r.op_date);
  set_member_time (object, "mdm_migration_deadline", self->r.mdm_migration_deadline);
  set_member_string (object, "bluetooth_mac_address", self->r.bluetooth_mac_address);
  set_member_string (object, "wifi_mac_address", self->r.wifi_mac_address);
  set_member_string (object, "ethernet_mac_address", self->r.ethernet_mac_address);
  set_member_string (object, "eid", self->r.eid);
  set_member_strv (object, "imei", self->r.imei);
  set_member_strv (object, "meid", self->r.meid);
  /* Only when true, as Apple sends them. */
  if (self->r.is_replacement_device)
    json_object_set_boolean_member (object, "is_replacement_device", TRUE);
  if (self->r.released_by_replacement)
    json_object_set_boolean_member (object, "released_by_replacement", TRUE);
  return object;
}

#define STRING_ACCESSORS(field, PROP)                                           \
  const char *                                                                  \
  adept_device_get_##field (AdeptDevice *self)                                  \
  {                                                                             \
    g_return_val_if_fail (ADEPT_IS_DEVICE (self), NULL);                        \
    return self->r.field;                                                       \
  }                                                                             \
  void                                                                          \
  adept_device_set_##field (AdeptDevice *self, const char *value)               \
  {                                                                             \
    g_return_if_fail (ADEPT_IS_DEVICE (self));                                  \
    if (adept_set_str ((char **) &self->r.field, value))                            \
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP]);             \
  }

#define SCALAR_ACCESSORS(field, type, PROP)                                     \
  type                                                                          \
  adept_device_get_##field (AdeptDevice *self)                                  \
  {                                                                             \
    g_return_val_if_fail (ADEPT_IS_DEVICE (self), 0);                           \
    return self->r.field;                                                       \
  }                                                                             \
  void                                                                          \
  adept_device_set_##field (AdeptDevice *self, type value)                      \
  {                                                                             \
    g_return_if_fail (ADEPT_IS_DEVICE (self));                                  \
    if (self->r.field != value)                                                 \
      {                                                                         \
        self->r.field = value;                                                  \
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP]);           \
      }                                                                         \
  }

const char *
adept_device_get_serial_number (AdeptDevice *self)
{
  g_return_val_if_fail (ADEPT_IS_DEVICE (self), NULL);
  return self->r.serial_number;
}

STRING_ACCESSORS (model, PROP_MODEL)
STRING_ACCESSORS (description, PROP_DESCRIPTION)
STRING_ACCESSORS (color, PROP_COLOR)
STRING_ACCESSORS (asset_tag, PROP_ASSET_TAG)
STRING_ACCESSORS (os, PROP_OS)
STRING_ACCESSORS (device_family, PROP_DEVICE_FAMILY)
STRING_ACCESSORS (profile_uuid, PROP_PROFILE_UUID)
STRING_ACCESSORS (device_assigned_by, PROP_DEVICE_ASSIGNED_BY)
SCALAR_ACCESSORS (profile_status, AdeptProfileStatus, PROP_PROFILE_STATUS)
SCALAR_ACCESSORS (profile_assign_time, gint64, PROP_PROFILE_ASSIGN_TIME)
SCALAR_ACCESSORS (profile_push_time, gint64, PROP_PROFILE_PUSH_TIME)
SCALAR_ACCESSORS (device_assigned_date, gint64, PROP_DEVICE_ASSIGNED_DATE)
SCALAR_ACCESSORS (op_type, AdeptOpType, PROP_OP_TYPE)
SCALAR_ACCESSORS (op_date, gint64, PROP_OP_DATE)
SCALAR_ACCESSORS (mdm_migration_deadline, gint64, PROP_MDM_MIGRATION_DEADLINE)
STRING_ACCESSORS (bluetooth_mac_address, PROP_BLUETOOTH_MAC_ADDRESS)
STRING_ACCESSORS (wifi_mac_address, PROP_WIFI_MAC_ADDRESS)
STRING_ACCESSORS (ethernet_mac_address, PROP_ETHERNET_MAC_ADDRESS)
STRING_ACCESSORS (eid, PROP_EID)
SCALAR_ACCESSORS (is_replacement_device, gboolean, PROP_IS_REPLACEMENT_DEVICE)
SCALAR_ACCESSORS (released_by_replacement, gboolean, PROP_RELEASED_BY_REPLACEMENT)

#define STRV_ACCESSORS(field, PROP)                                             \
  const char * const *                                                          \
  adept_device_get_##field (AdeptDevice *self)                                  \
  {                                                                             \
    g_return_val_if_fail (ADEPT_IS_DEVICE (self), NULL);                        \
    return self->r.field;                                                       \
  }                                                                             \
  void                                                                          \
  adept_device_set_##field (AdeptDevice *self, const char * const *value)       \
  {                                                                             \
    g_return_if_fail (ADEPT_IS_DEVICE (self));                                  \
    if (self->r.field == NULL && value == NULL)                                 \
      return;                                                                   \
    if (self->r.field != NULL && value != NULL &&                               \
        g_strv_equal (self->r.field, value))                                    \
      return;                                                                   \
    g_strfreev ((char **) self->r.field);                                       \
    self->r.field = (const char * const *) g_strdupv ((char **) value);         \
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP]);               \
  }

STRV_ACCESSORS (imei, PROP_IMEI)
STRV_ACCESSORS (meid, PROP_MEID)

/* CSV */

const char * const adept_device_csv_id_columns[] = {
  "wifi_mac_address", "bluetooth_mac_address", "ethernet_mac_address", "imei", "meid", "eid",
  "is_replacement_device", "mdm_migration_deadline", NULL,
};

void
adept_device_append_csv_ids (AdeptDevice *d,
                             GString     *line)
{
  const char * const *imeis = adept_device_get_imei (d);
  const char * const *meids = adept_device_get_meid (d);
  /* Several IMEIs in one field, as spreadsheets keep lists. */
  g_autofree char *imei = imeis && imeis[0] ? g_strjoinv (";", (char **) imeis) : NULL;
  g_autofree char *meid = meids && meids[0] ? g_strjoinv (";", (char **) meids) : NULL;
  g_autofree char *deadline = adept_timestamp_format (adept_device_get_mdm_migration_deadline (d));
  const char *fields[] = {
    adept_device_get_wifi_mac_address (d), adept_device_get_bluetooth_mac_address (d),
    adept_device_get_ethernet_mac_address (d), imei, meid, adept_device_get_eid (d),
    adept_device_get_is_replacement_device (d) ? "true" : "false", deadline,
  };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_string_append_c (line, ',');
      adept_csv_append_field (line, fields[i]);
    }
}
