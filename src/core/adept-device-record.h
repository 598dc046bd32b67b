/* adept-device-record.h — one device's fields as plain data, and the one table that maps
 * Apple's JSON names onto them
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A page of 1,000 devices is parsed into records, not objects: a record is a struct whose
 * strings live in the page's arena, so a page costs a few allocations instead of tens of
 * thousands. AdeptDevice keeps one record of its own (with strings it owns) for everything
 * that wants a GObject. Both of Apple's JSON readers — the streaming one for pages
 * (adept-page-parser.c) and json-glib's trees for everything else — go through the same
 * field table below, so a field means the same whichever way it came.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "adept-arena.h"
#include "adept-device.h"

G_BEGIN_DECLS

struct _AdeptDeviceRecord
{
  const char         *serial_number;
  const char         *model;
  const char         *description;
  const char         *color;
  const char         *asset_tag;
  const char         *os;
  const char         *device_family;
  const char         *profile_uuid;
  const char         *device_assigned_by;
  /* Protocol versions 8 and 10 (dep-api.md §2.5, §3.3) */
  const char         *bluetooth_mac_address;
  const char         *wifi_mac_address;
  const char         *ethernet_mac_address;
  const char         *eid;
  const char * const *imei;          /* NULL when absent; empty when Apple sent [] */
  const char * const *meid;
  gint64              profile_assign_time;   /* Unix seconds, 0 when absent */
  gint64              profile_push_time;
  gint64              device_assigned_date;
  gint64              op_date;
  gint64              mdm_migration_deadline;
  AdeptProfileStatus  profile_status;
  AdeptOpType         op_type;
  gboolean            is_replacement_device;
  gboolean            released_by_replacement;
};

/* One of Apple's device keys ("serial_number", "imei"…). */
typedef struct _AdeptDeviceField AdeptDeviceField;

/* NULL for a key Adept does not keep. name need not be NUL-terminated. */
const AdeptDeviceField *adept_device_field_lookup     (const char              *name,
                                                       gsize                    len);
/* TRUE when the field takes a JSON array of strings (IMEI, MEID, MAC addresses). */
gboolean                adept_device_field_takes_list (const AdeptDeviceField  *field);

/* What a key's value sets: each call replaces what an earlier one set (the last of
 * duplicate keys wins, as json-glib has it). A value of a type the field does not take
 * clears it, as does JSON null. Strings are copied into arena. */
void adept_device_field_set_string  (const AdeptDeviceField *field,
                                     AdeptDeviceRecord      *record,
                                     const char             *value,
                                     gsize                   len,
                                     AdeptArena             *arena);
void adept_device_field_set_boolean (const AdeptDeviceField *field,
                                     AdeptDeviceRecord      *record,
                                     gboolean                value);
/* items: the string elements of the array, in order, already in arena. */
void adept_device_field_set_list    (const AdeptDeviceField *field,
                                     AdeptDeviceRecord      *record,
                                     const char * const     *items,
                                     gsize                   n,
                                     AdeptArena             *arena);
void adept_device_field_clear       (const AdeptDeviceField *field,
                                     AdeptDeviceRecord      *record);

/* Every member of a json-glib object through the table. */
void     adept_device_record_set_from_json (AdeptDeviceRecord  *record,
                                            JsonObject         *object,
                                            AdeptArena         *arena);
/* FALSE with ADEPT_ERROR_MALFORMED_RESPONSE when the serial number is missing or empty. */
gboolean adept_device_record_check         (const AdeptDeviceRecord *record,
                                            GError            **error);

/* The record's strings, each owned (g_free, g_strfreev for the lists): for AdeptDevice. */
void     adept_device_record_dup_strings   (AdeptDeviceRecord  *record);
void     adept_device_record_free_strings  (AdeptDeviceRecord  *record);

G_END_DECLS
