/* test-device.c — devices from Apple's JSON, tolerant of missing and empty values
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "adept-device.h"
#include "adept-error.h"

static JsonObject *
parse_object (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
test_full_record (void)
{
  g_autoptr(JsonObject) object = parse_object (
    "{\"serial_number\":\"C02XK1ABJG5H\",\"model\":\"MacBook Pro\",\"description\":"
    "\"MBP 13.3 SPACE GRAY/2.0GHZ/8GB/256GB-USA\",\"color\":\"SPACE GRAY\",\"asset_tag\":\"A-17\","
    "\"profile_status\":\"pushed\",\"profile_uuid\":\"C1F123098EB5074580041E69883004C3\","
    "\"profile_assign_time\":\"2018-09-08T16:49:09Z\",\"profile_push_time\":\"2018-09-09T10:00:00Z\","
    "\"device_assigned_date\":\"2018-09-01T08:00:00Z\",\"device_assigned_by\":\"it@example.com\","
    "\"os\":\"OSX\",\"device_family\":\"Mac\",\"op_type\":\"modified\",\"op_date\":\"2018-09-09T10:00:00Z\"}");
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptDevice) device = adept_device_new_from_json (object, &error);
  g_autoptr(JsonObject) back = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (adept_device_get_serial_number (device), ==, "C02XK1ABJG5H");
  g_assert_cmpint (adept_device_get_profile_status (device), ==, ADEPT_PROFILE_STATUS_PUSHED);
  g_assert_cmpint (adept_device_get_profile_assign_time (device), ==, 1536425349);
  g_assert_cmpint (adept_device_get_op_type (device), ==, ADEPT_OP_TYPE_MODIFIED);
  g_assert_cmpstr (adept_device_get_device_family (device), ==, "Mac");

  back = adept_device_to_json (device);
  g_assert_cmpstr (json_object_get_string_member (back, "profile_assign_time"), ==,
                   "2018-09-08T16:49:09Z");
  g_assert_cmpstr (json_object_get_string_member (back, "op_type"), ==, "modified");
}

static void
test_sparse_record (void)
{
  g_autoptr(JsonObject) object = parse_object (
    "{\"serial_number\":\"DMPX1\",\"model\":\"iPad\",\"profile_status\":\"\",\"profile_assign_time\":\"\"}");
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptDevice) device = adept_device_new_from_json (object, &error);
  g_autoptr(JsonObject) back = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (adept_device_get_profile_status (device), ==, ADEPT_PROFILE_STATUS_EMPTY);
  g_assert_cmpint (adept_device_get_profile_assign_time (device), ==, 0);
  g_assert_null (adept_device_get_color (device));
  g_assert_cmpint (adept_device_get_op_type (device), ==, ADEPT_OP_TYPE_NONE);

  back = adept_device_to_json (device);
  g_assert_false (json_object_has_member (back, "op_type"));
  g_assert_false (json_object_has_member (back, "profile_assign_time"));
}

static void
test_missing_serial (void)
{
  g_autoptr(JsonObject) object = parse_object ("{\"model\":\"iPad\"}");
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptDevice) device = adept_device_new_from_json (object, &error);

  g_assert_null (device);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_MALFORMED_RESPONSE);
}

static void
test_status_strings (void)
{
  g_assert_cmpint (adept_profile_status_from_string ("Assigned"), ==, ADEPT_PROFILE_STATUS_ASSIGNED);
  g_assert_cmpint (adept_profile_status_from_string ("removed"), ==, ADEPT_PROFILE_STATUS_REMOVED);
  g_assert_cmpint (adept_profile_status_from_string ("future"), ==, ADEPT_PROFILE_STATUS_UNKNOWN);
  g_assert_cmpint (adept_profile_status_from_string (NULL), ==, ADEPT_PROFILE_STATUS_EMPTY);
  for (int s = ADEPT_PROFILE_STATUS_EMPTY; s <= ADEPT_PROFILE_STATUS_REMOVED; s++)
    g_assert_cmpint (adept_profile_status_from_string (adept_profile_status_to_string (s)), ==, s);
}

static void
count_notify (guint *n)
{
  (*n)++;
}

static void
test_notify_only_on_change (void)
{
  g_autoptr(AdeptDevice) device = adept_device_new ("X1");
  guint notified = 0;

  g_signal_connect_swapped (device, "notify::model", G_CALLBACK (count_notify), &notified);
  adept_device_set_model (device, "iPhone");
  adept_device_set_model (device, "iPhone");
  adept_device_set_model (device, "iPad");
  g_assert_cmpuint (notified, ==, 2);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/device/full-record", test_full_record);
  g_test_add_func ("/device/sparse-record", test_sparse_record);
  g_test_add_func ("/device/missing-serial", test_missing_serial);
  g_test_add_func ("/device/status-strings", test_status_strings);
  g_test_add_func ("/device/notify-only-on-change", test_notify_only_on_change);
  return g_test_run ();
}
