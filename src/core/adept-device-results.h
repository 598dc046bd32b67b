/* adept-device-results.h — Apple's answer for each device of a request
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "adept-device.h"

G_BEGIN_DECLS

/* Per-device answers of assign, remove, disown, define and device details
 * (dep-api.md §3.4–3.7, §4.1). OTHER is for values Apple may add later. */
typedef enum {
  ADEPT_DEVICE_RESULT_SUCCESS,
  ADEPT_DEVICE_RESULT_NOT_ACCESSIBLE,
  ADEPT_DEVICE_RESULT_FAILED,
  ADEPT_DEVICE_RESULT_THROTTLED,
  ADEPT_DEVICE_RESULT_NOT_FOUND,
  ADEPT_DEVICE_RESULT_OTHER,
} AdeptDeviceResult;

AdeptDeviceResult adept_device_result_from_string (const char        *s);
/* Apple's wire form; "OTHER" for OTHER. */
const char       *adept_device_result_to_string   (AdeptDeviceResult  result);
/* Translated sentence for people. */
const char       *adept_device_result_get_label   (AdeptDeviceResult  result);

#define ADEPT_TYPE_DEVICE_RESULTS (adept_device_results_get_type ())
G_DECLARE_FINAL_TYPE (AdeptDeviceResults, adept_device_results, ADEPT, DEVICE_RESULTS, GObject)

AdeptDeviceResults *adept_device_results_new (void);

/* Reads {"profile_uuid"?, "devices": {SERIAL: "STATUS" | {…Device…, "response_status"}},
 * "retry_after_seconds"?}. A missing "devices" member is an empty map. */
AdeptDeviceResults *adept_device_results_new_from_json (JsonObject          *object,
                                                        GError             **error);
JsonObject         *adept_device_results_to_json       (AdeptDeviceResults  *self);

/* Adds or replaces one serial's answer; device may be NULL. raw is Apple's string (NULL:
 * the string of result). */
void                adept_device_results_add           (AdeptDeviceResults  *self,
                                                        const char          *serial,
                                                        AdeptDeviceResult    result,
                                                        const char          *raw,
                                                        AdeptDevice         *device);
/* Adds the answer of a serial the results do not have yet (FALSE, nothing added, when
 * they have): one search of the serials where adept_device_results_contains() and
 * adept_device_results_add() make two. */
gboolean            adept_device_results_add_new       (AdeptDeviceResults  *self,
                                                        const char          *serial,
                                                        AdeptDeviceResult    result,
                                                        const char          *raw);
/* Takes every answer of other (batches of one request), moving them: other is left empty.
 * Keeps the larger retry-after and the profile UUID. */
void                adept_device_results_merge_take    (AdeptDeviceResults  *self,
                                                        AdeptDeviceResults  *other);

const char         *adept_device_results_get_profile_uuid        (AdeptDeviceResults *self);
void                adept_device_results_set_profile_uuid        (AdeptDeviceResults *self,
                                                                  const char         *profile_uuid);
/* Seconds Apple asked to wait before retrying THROTTLED serials; 0 when none. */
gint64              adept_device_results_get_retry_after_seconds (AdeptDeviceResults *self);
void                adept_device_results_set_retry_after_seconds (AdeptDeviceResults *self,
                                                                  gint64              seconds);

guint               adept_device_results_get_n_results (AdeptDeviceResults  *self);
/* Serials in the order Apple sent them. */
const char         *adept_device_results_get_serial     (AdeptDeviceResults  *self,
                                                         guint                position);
gboolean            adept_device_results_contains       (AdeptDeviceResults  *self,
                                                         const char          *serial);
/* OTHER for a serial not in the answer. */
AdeptDeviceResult   adept_device_results_get_result     (AdeptDeviceResults  *self,
                                                         const char          *serial);
const char         *adept_device_results_get_raw_result (AdeptDeviceResults  *self,
                                                         const char          *serial);
/* The device record of device details; NULL otherwise. */
AdeptDevice        *adept_device_results_get_device     (AdeptDeviceResults  *self,
                                                         const char          *serial);
guint               adept_device_results_count          (AdeptDeviceResults  *self,
                                                         AdeptDeviceResult    result);
/* NULL-terminated list of the serials with that answer (e.g. THROTTLED to retry later). */
char              **adept_device_results_dup_serials    (AdeptDeviceResults  *self,
                                                         AdeptDeviceResult    result);

G_END_DECLS
