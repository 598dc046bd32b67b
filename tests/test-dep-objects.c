/* test-dep-objects.c — account, page, per-device results and profile from Apple's JSON
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "adept-dep-account.h"
#include "adept-dep-profile.h"
#include "adept-profile-names.h"
#include "adept-profile-rules.h"
#include "adept-store.h"
#include "adept-fetch-page.h"
#include "adept-device-results.h"
#include "adept-error.h"
#include "adept-json.h"
#include "adept-results-parser.h"
#include "adept-test-util.h"

static char *
to_string (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, object);
  return json_to_string (node, FALSE);
}

static void
test_account (void)
{
  g_autoptr(JsonObject) object = adept_test_parse_object (
    "{\"server_name\":\"Adept Test\",\"server_uuid\":\"677cd1a1-f1f4-4b3b-a8d1-e6a8c0b9d3f1\","
    "\"admin_id\":\"admin@example.com\",\"facilitator_id\":\"admin@example.com\","
    "\"org_name\":\"Example School\",\"org_email\":\"it@example.com\",\"org_phone\":\"+1 555 0100\","
    "\"org_address\":\"1 Infinite Loop\",\"org_id\":\"1234567\",\"org_id_hash\":\"abcdef\","
    "\"org_type\":\"edu\",\"org_version\":\"v2\",\"urls\":["
    "{\"uri\":\"/server/devices\",\"http_method\":[\"POST\"],\"limit\":{\"default\":100,\"maximum\":1000}},"
    "{\"uri\":\"/profile/devices\",\"http_method\":[\"PUT\",\"POST\",\"DELETE\"]},"
    "{\"uri\":5}, 7]}");
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptDepAccount) account = adept_dep_account_new_from_json (object, &error);
  g_autoptr(JsonObject) back = NULL;
  g_auto(GStrv) uris = NULL;
  g_autofree char *org_name = NULL;
  guint def = 0, max = 0;

  g_assert_no_error (error);
  g_assert_cmpstr (adept_dep_account_get_server_name (account), ==, "Adept Test");
  g_assert_cmpstr (adept_dep_account_get_server_uuid (account), ==, "677cd1a1-f1f4-4b3b-a8d1-e6a8c0b9d3f1");
  g_assert_cmpstr (adept_dep_account_get_admin_id (account), ==, "admin@example.com");
  g_assert_cmpstr (adept_dep_account_get_org_address (account), ==, "1 Infinite Loop");
  g_assert_cmpstr (adept_dep_account_get_org_type (account), ==, "edu");
  g_assert_cmpstr (adept_dep_account_get_org_version (account), ==, "v2");
  g_object_get (account, "org-name", &org_name, NULL);
  g_assert_cmpstr (org_name, ==, "Example School");

  uris = adept_dep_account_dup_uris (account);
  g_assert_cmpuint (g_strv_length (uris), ==, 2);
  g_assert_true (adept_dep_account_supports (account, "/profile/devices", "put"));
  g_assert_false (adept_dep_account_supports (account, "/server/devices", "GET"));
  g_assert_true (adept_dep_account_get_limit (account, "/server/devices", &def, &max));
  g_assert_cmpuint (def, ==, 100);
  g_assert_cmpuint (max, ==, 1000);
  g_assert_false (adept_dep_account_get_limit (account, "/profile/devices", &def, &max));

  back = adept_dep_account_to_json (account);
  g_assert_cmpstr (json_object_get_string_member (back, "org_id_hash"), ==, "abcdef");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (back, "urls")), ==, 4);
}

static void
test_account_needs_uuid (void)
{
  g_autoptr(JsonObject) object = adept_test_parse_object ("{\"server_name\":\"x\"}");
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptDepAccount) account = adept_dep_account_new_from_json (object, &error);

  g_assert_null (account);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_MALFORMED_RESPONSE);
}

static void
test_page (void)
{
  g_autoptr(JsonObject) object = adept_test_parse_object (
    "{\"cursor\":\"MTY1NzE3NTczOC0w\",\"fetched_until\":\"2018-09-08T17:28:18Z\",\"more_to_follow\":true,"
    "\"devices\":[{\"serial_number\":\"A1\",\"model\":\"iPad\",\"op_type\":\"added\"},"
    "{\"serial_number\":\"B2\",\"op_type\":\"deleted\",\"op_date\":\"2018-09-08T17:00:00Z\"}]}");
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptFetchPage) page = adept_fetch_page_new_from_json (object, &error);
  g_autoptr(AdeptDevice) second = NULL;
  g_autoptr(JsonObject) back = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (adept_fetch_page_get_cursor (page), ==, "MTY1NzE3NTczOC0w");
  g_assert_true (adept_fetch_page_get_more_to_follow (page));
  g_assert_cmpint (adept_fetch_page_get_fetched_until (page), ==, 1536427698);
  g_assert_cmpuint (adept_fetch_page_get_devices (page)->len, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (page)), ==, 2);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (page)) == ADEPT_TYPE_DEVICE);
  second = g_list_model_get_item (G_LIST_MODEL (page), 1);
  g_assert_cmpstr (adept_device_get_serial_number (second), ==, "B2");
  g_assert_cmpint (adept_device_get_op_type (second), ==, ADEPT_OP_TYPE_DELETED);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (page), 2));

  back = adept_fetch_page_to_json (page);
  g_assert_cmpstr (json_object_get_string_member (back, "fetched_until"), ==, "2018-09-08T17:28:18Z");
  g_assert_true (json_object_get_boolean_member (back, "more_to_follow"));
}

static void
test_page_empty_and_broken (void)
{
  g_autoptr(JsonObject) empty = adept_test_parse_object (
    "{\"devices\":[],\"fetched_until\":\"2018-09-08T17:41:29Z\",\"more_to_follow\":false,\"cursor\":\"c\"}");
  g_autoptr(JsonObject) no_cursor = adept_test_parse_object ("{\"devices\":[],\"more_to_follow\":false}");
  g_autoptr(JsonObject) no_serial = adept_test_parse_object ("{\"cursor\":\"c\",\"devices\":[{\"model\":\"iPad\"}]}");
  g_autoptr(JsonObject) not_list = adept_test_parse_object ("{\"cursor\":\"c\",\"devices\":{}}");
  g_autoptr(AdeptFetchPage) page = NULL;
  g_autoptr(GError) error = NULL;

  page = adept_fetch_page_new_from_json (empty, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (page)), ==, 0);
  g_assert_false (adept_fetch_page_get_more_to_follow (page));

  g_assert_null (adept_fetch_page_new_from_json (no_cursor, &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_MALFORMED_RESPONSE);
  g_clear_error (&error);
  g_assert_null (adept_fetch_page_new_from_json (no_serial, &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_MALFORMED_RESPONSE);
  g_clear_error (&error);
  g_assert_null (adept_fetch_page_new_from_json (not_list, &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_MALFORMED_RESPONSE);
}

static void
test_results_statuses (void)
{
  g_autoptr(JsonObject) object = adept_test_parse_object (
    "{\"profile_uuid\":\"C1F123098EB5074580041E69883004C3\",\"retry_after_seconds\":120,"
    "\"devices\":{\"S1\":\"SUCCESS\",\"S2\":\"NOT_ACCESSIBLE\",\"S3\":\"FAILED\",\"S4\":\"THROTTLED\","
    "\"S5\":\"THROTTLED\",\"S6\":\"NOT_FOUND\",\"S7\":\"SOMETHING_NEW\"}}");
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptDeviceResults) results = adept_device_results_new_from_json (object, &error);
  g_autoptr(JsonObject) back = NULL;
  g_auto(GStrv) throttled = NULL;
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (adept_device_results_get_profile_uuid (results), ==, "C1F123098EB5074580041E69883004C3");
  g_assert_cmpint (adept_device_results_get_retry_after_seconds (results), ==, 120);
  g_assert_cmpuint (adept_device_results_get_n_results (results), ==, 7);
  g_assert_cmpstr (adept_device_results_get_serial (results, 0), ==, "S1");
  g_assert_cmpint (adept_device_results_get_result (results, "S1"), ==, ADEPT_DEVICE_RESULT_SUCCESS);
  g_assert_cmpint (adept_device_results_get_result (results, "S2"), ==, ADEPT_DEVICE_RESULT_NOT_ACCESSIBLE);
  g_assert_cmpint (adept_device_results_get_result (results, "S3"), ==, ADEPT_DEVICE_RESULT_FAILED);
  g_assert_cmpint (adept_device_results_get_result (results, "S6"), ==, ADEPT_DEVICE_RESULT_NOT_FOUND);
  g_assert_cmpint (adept_device_results_get_result (results, "S7"), ==, ADEPT_DEVICE_RESULT_OTHER);
  g_assert_cmpstr (adept_device_results_get_raw_result (results, "S7"), ==, "SOMETHING_NEW");
  g_assert_cmpint (adept_device_results_get_result (results, "nope"), ==, ADEPT_DEVICE_RESULT_OTHER);
  g_assert_false (adept_device_results_contains (results, "nope"));
  g_assert_null (adept_device_results_get_device (results, "S1"));
  g_assert_cmpuint (adept_device_results_count (results, ADEPT_DEVICE_RESULT_THROTTLED), ==, 2);
  throttled = adept_device_results_dup_serials (results, ADEPT_DEVICE_RESULT_THROTTLED);
  g_assert_cmpstrv (throttled, ((const char * const []) { "S4", "S5", NULL }));

  back = adept_device_results_to_json (results);
  text = to_string (back);
  g_assert_nonnull (strstr (text, "\"S7\":\"SOMETHING_NEW\""));
  g_assert_nonnull (strstr (text, "\"retry_after_seconds\":120"));
}

/* The text parser of assign and remove answers gives what the tree's path gives, for the
 * usual answer and for every shape it leaves to that path. */
static void
assert_same_results (const char *json)
{
  g_autoptr(GError) tree_error = NULL;
  g_autoptr(GError) text_error = NULL;
  g_autoptr(JsonObject) object = adept_json_parse_object (json, strlen (json), ADEPT_JSON_SOURCE_SERVER,
                                                          &tree_error);
  g_autoptr(AdeptDeviceResults) tree = object ? adept_device_results_new_from_json (object, &tree_error) : NULL;
  g_autoptr(AdeptDeviceResults) text = adept_results_parse_answer (json, strlen (json), &text_error);

  if (tree == NULL)
    {
      g_assert_null (text);
      g_assert_error (text_error, tree_error->domain, tree_error->code);
      return;
    }
  g_assert_no_error (text_error);
  g_assert_cmpstr (adept_device_results_get_profile_uuid (text), ==,
                   adept_device_results_get_profile_uuid (tree));
  g_assert_cmpint (adept_device_results_get_retry_after_seconds (text), ==,
                   adept_device_results_get_retry_after_seconds (tree));
  g_assert_cmpuint (adept_device_results_get_n_results (text), ==,
                    adept_device_results_get_n_results (tree));
  for (guint i = 0; i < adept_device_results_get_n_results (tree); i++)
    {
      const char *serial = adept_device_results_get_serial (tree, i);

      g_assert_cmpstr (adept_device_results_get_serial (text, i), ==, serial);
      g_assert_cmpstr (adept_device_results_get_raw_result (text, serial), ==,
                       adept_device_results_get_raw_result (tree, serial));
      g_assert_cmpint (adept_device_results_get_result (text, serial), ==,
                       adept_device_results_get_result (tree, serial));
      g_assert_true ((adept_device_results_get_device (text, serial) == NULL) ==
                     (adept_device_results_get_device (tree, serial) == NULL));
    }
}

static void
test_results_text_parser (void)
{
  static const char * const answers[] = {
    "{\"profile_uuid\":\"C1F1\",\"devices\":{\"S1\":\"SUCCESS\",\"S2\":\"NOT_ACCESSIBLE\","
    "\"S3\":\"FAILED\",\"S4\":\"THROTTLED\",\"S5\":\"not_found\",\"S6\":\"NEW\"}}",
    "{\"devices\":{\"S1\":\"SUCCESS\"},\"profile_uuid\":\"A\",\"profile_uuid\":\"B\"}",
    "{\"extra\":{\"a\":[1,2.5e3,{\"b\":null}],\"c\":true},\"devices\":{\"S\\u00e9\":\"SUCCESS\"}}",
    "{\"devices\":null}",
    "{}",
    "{\"retry_after_seconds\":90,\"devices\":{\"S1\":\"THROTTLED\"}}",
    "{\"devices\":{\"S1\":\"SUCCESS\",\"S1\":\"FAILED\"}}",
    "{\"devices\":{\"S1\":\"SUCCESS\",\"S2\":\"FAILED\",\"S1\":\"Failed\"}}",
    "{\"devices\":{\"S1\":{\"serial_number\":\"S1\",\"response_status\":\"SUCCESS\"}}}",
    "{\"devices\":{\"S1\":1}}",
    "{\"devices\":{\"S1\":null}}",
    "{\"devices\":[\"S1\"]}",
    "{\"devices\":\"S1\"}",
    "{\"devices\":{},\"devices\":{\"S2\":\"SUCCESS\"}}",
    "{\"profile_uuid\":7,\"devices\":{}}",
    "[{\"devices\":{}}]",
    "\"devices\"",
    "",
    "   ",
    "{\"devices\":{\"S1\":\"SUCCESS\"}",
    "{\"devices\":{\"S1\":\"SUCCESS\"}} {}",
    "{\"devices\":{\"S1\":\"\\u0000\"}}",
    "{\"devices\":{\"S1\":\"SUCC\xff\"}}",
  };
  g_autoptr(GString) deep = g_string_new ("{\"x\":");

  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    assert_same_results (answers[i]);
  for (guint i = 0; i < ADEPT_JSON_MAX_DEPTH + 1; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < ADEPT_JSON_MAX_DEPTH + 1; i++)
    g_string_append_c (deep, ']');
  g_string_append (deep, ",\"devices\":{\"S1\":\"SUCCESS\"}}");
  assert_same_results (deep->str);
}

static void
test_results_details (void)
{
  g_autoptr(JsonObject) object = adept_test_parse_object (
    "{\"devices\":{\"C02X\":{\"serial_number\":\"C02X\",\"model\":\"MacBook Pro\",\"os\":\"OSX\","
    "\"profile_status\":\"assigned\",\"response_status\":\"SUCCESS\"},"
    "\"DMPY\":{\"model\":\"iPad\",\"response_status\":\"SUCCESS\"},"
    "\"NOPE\":{\"response_status\":\"NOT_ACCESSIBLE\"}}}");
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptDeviceResults) results = adept_device_results_new_from_json (object, &error);
  AdeptDevice *device;

  g_assert_no_error (error);
  device = adept_device_results_get_device (results, "C02X");
  g_assert_nonnull (device);
  g_assert_cmpstr (adept_device_get_model (device), ==, "MacBook Pro");
  g_assert_cmpint (adept_device_get_profile_status (device), ==, ADEPT_PROFILE_STATUS_ASSIGNED);
  /* The map key names the device when the record leaves the serial out. */
  device = adept_device_results_get_device (results, "DMPY");
  g_assert_cmpstr (adept_device_get_serial_number (device), ==, "DMPY");
  g_assert_null (adept_device_results_get_device (results, "NOPE"));
  g_assert_cmpint (adept_device_results_get_result (results, "NOPE"), ==, ADEPT_DEVICE_RESULT_NOT_ACCESSIBLE);
}

static void
test_results_broken_and_merge (void)
{
  g_autoptr(JsonObject) broken = adept_test_parse_object ("{\"devices\":{\"S1\":5}}");
  g_autoptr(JsonObject) list = adept_test_parse_object ("{\"devices\":[\"S1\"]}");
  g_autoptr(JsonObject) none = adept_test_parse_object ("{\"profile_uuid\":\"P\"}");
  g_autoptr(JsonObject) first_json = adept_test_parse_object ("{\"devices\":{\"A\":\"THROTTLED\",\"B\":\"SUCCESS\"},\"retry_after_seconds\":30}");
  g_autoptr(JsonObject) second_json = adept_test_parse_object ("{\"profile_uuid\":\"P\",\"devices\":{\"A\":\"SUCCESS\",\"C\":\"FAILED\"},\"retry_after_seconds\":10}");
  g_autoptr(AdeptDeviceResults) first = NULL;
  g_autoptr(AdeptDeviceResults) second = NULL;
  g_autoptr(AdeptDeviceResults) empty = NULL;
  g_autoptr(AdeptDeviceResults) taker = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_null (adept_device_results_new_from_json (broken, &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_MALFORMED_RESPONSE);
  g_clear_error (&error);
  g_assert_null (adept_device_results_new_from_json (list, &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_MALFORMED_RESPONSE);
  g_clear_error (&error);

  empty = adept_device_results_new_from_json (none, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (adept_device_results_get_n_results (empty), ==, 0);

  first = adept_device_results_new_from_json (first_json, &error);
  second = adept_device_results_new_from_json (second_json, &error);
  g_assert_no_error (error);
  adept_device_results_merge_take (first, second);
  g_assert_cmpuint (adept_device_results_get_n_results (first), ==, 3);
  g_assert_cmpint (adept_device_results_get_result (first, "A"), ==, ADEPT_DEVICE_RESULT_SUCCESS);
  g_assert_cmpint (adept_device_results_get_retry_after_seconds (first), ==, 30);
  g_assert_cmpstr (adept_device_results_get_profile_uuid (first), ==, "P");

  /* add_new() adds a serial once: a second answer for it changes nothing. */
  g_assert_true (adept_device_results_add_new (empty, "N", ADEPT_DEVICE_RESULT_FAILED, "Failed"));
  g_assert_false (adept_device_results_add_new (empty, "N", ADEPT_DEVICE_RESULT_SUCCESS, NULL));
  g_assert_cmpuint (adept_device_results_get_n_results (empty), ==, 1);
  g_assert_cmpint (adept_device_results_get_result (empty, "N"), ==, ADEPT_DEVICE_RESULT_FAILED);
  g_assert_cmpstr (adept_device_results_get_raw_result (empty, "N"), ==, "Failed");

  /* Taken: the same answers, in Apple's order, and the other is left empty. */
  taker = adept_device_results_new ();
  adept_device_results_add (taker, "C", ADEPT_DEVICE_RESULT_THROTTLED, NULL, NULL);
  adept_device_results_merge_take (taker, first);
  g_assert_cmpuint (adept_device_results_get_n_results (first), ==, 0);
  g_assert_false (adept_device_results_contains (first, "A"));
  g_assert_cmpuint (adept_device_results_get_n_results (taker), ==, 3);
  g_assert_cmpstr (adept_device_results_get_serial (taker, 0), ==, "C");
  g_assert_cmpstr (adept_device_results_get_serial (taker, 1), ==, "A");
  g_assert_cmpstr (adept_device_results_get_serial (taker, 2), ==, "B");
  g_assert_cmpint (adept_device_results_get_result (taker, "C"), ==, ADEPT_DEVICE_RESULT_FAILED);
  g_assert_cmpstr (adept_device_results_get_raw_result (taker, "B"), ==, "SUCCESS");
  g_assert_cmpint (adept_device_results_count (taker, ADEPT_DEVICE_RESULT_SUCCESS), ==, 2);
  g_assert_cmpint (adept_device_results_get_retry_after_seconds (taker), ==, 30);
  g_assert_cmpstr (adept_device_results_get_profile_uuid (taker), ==, "P");

  /* Apple's own string is kept when it is not the result's name. */
  adept_device_results_add (taker, "D", ADEPT_DEVICE_RESULT_OTHER, "NEW_ANSWER", NULL);
  adept_device_results_add (taker, "E", ADEPT_DEVICE_RESULT_SUCCESS, "success", NULL);
  adept_device_results_add (taker, "F", ADEPT_DEVICE_RESULT_FAILED, NULL, NULL);
  g_assert_cmpstr (adept_device_results_get_raw_result (taker, "D"), ==, "NEW_ANSWER");
  g_assert_cmpstr (adept_device_results_get_raw_result (taker, "E"), ==, "success");
  g_assert_cmpstr (adept_device_results_get_raw_result (taker, "F"), ==, "FAILED");
  adept_device_results_add (taker, "D", ADEPT_DEVICE_RESULT_SUCCESS, NULL, NULL);
  g_assert_cmpstr (adept_device_results_get_raw_result (taker, "D"), ==, "SUCCESS");
}

static void
test_profile_defaults_and_explicit_booleans (void)
{
  g_autoptr(AdeptDepProfile) profile = adept_dep_profile_new ();
  g_autoptr(JsonObject) json = NULL;

  g_assert_true (adept_dep_profile_get_allow_pairing (profile));
  g_assert_true (adept_dep_profile_get_is_mdm_removable (profile));
  g_assert_false (adept_dep_profile_get_is_supervised (profile));

  adept_dep_profile_set_allow_pairing (profile, FALSE);
  json = adept_dep_profile_to_json (profile);
  /* false is sent, not left out: Apple's default for a missing allow_pairing is true. */
  g_assert_true (json_object_has_member (json, "allow_pairing"));
  g_assert_false (json_object_get_boolean_member (json, "allow_pairing"));
  g_assert_true (json_object_has_member (json, "is_return_to_service"));
  g_assert_true (json_object_has_member (json, "await_device_configured"));
  g_assert_false (json_object_has_member (json, "profile_name"));
  g_assert_false (json_object_has_member (json, "anchor_certs"));
}

static void
test_profile_round_trip (void)
{
  g_autoptr(JsonObject) object = adept_test_parse_object (
    "{\"profile_name\":\"Staff Macs\",\"url\":\"https://mdm.example.com/enroll\",\"allow_pairing\":false,"
    "\"is_supervised\":true,\"is_multi_user\":false,\"is_mandatory\":true,\"await_device_configured\":true,"
    "\"is_mdm_removable\":false,\"auto_advance_setup\":true,\"support_phone_number\":\"+1 555 0100\","
    "\"support_email_address\":\"help@example.com\",\"org_magic\":\"913FABBB-0032-4E13-9966-D6BBAC900331\","
    "\"department\":\"IT\",\"anchor_certs\":[\"MIIB\"],\"supervising_host_certs\":[\"MIIC\",\"MIID\"],"
    "\"skip_setup_items\":[\"Location\",\"Restore\",\"Siri\"],\"devices\":[\"C02X\"],\"language\":\"en\","
    "\"region\":\"US\",\"configuration_web_url\":\"https://mdm.example.com/signin\","
    "\"do_not_use_profile_from_backup\":true,\"is_return_to_service\":false,"
    "\"profile_uuid\":\"43277A13FBCA0CFC\",\"some_future_key\":1}");
  g_autoptr(AdeptDepProfile) profile = adept_dep_profile_new_from_json (object, NULL);
  g_autoptr(JsonObject) back = adept_dep_profile_to_json (profile);
  g_autoptr(AdeptDepProfile) again = adept_dep_profile_new_from_json (back, NULL);
  g_autoptr(JsonObject) back_again = adept_dep_profile_to_json (again);
  g_autofree char *first = to_string (back);
  g_autofree char *second = to_string (back_again);
  g_auto(GStrv) skip = NULL;

  g_assert_cmpstr (adept_dep_profile_get_profile_name (profile), ==, "Staff Macs");
  g_assert_false (adept_dep_profile_get_allow_pairing (profile));
  g_assert_true (adept_dep_profile_get_is_supervised (profile));
  g_assert_false (adept_dep_profile_get_is_mdm_removable (profile));
  g_assert_true (adept_dep_profile_get_do_not_use_profile_from_backup (profile));
  g_assert_cmpstr (adept_dep_profile_get_region (profile), ==, "US");
  g_assert_cmpstr (adept_dep_profile_get_profile_uuid (profile), ==, "43277A13FBCA0CFC");
  g_assert_cmpstrv (adept_dep_profile_get_supervising_host_certs (profile),
                    ((const char * const []) { "MIIC", "MIID", NULL }));
  g_object_get (profile, "skip-setup-items", &skip, NULL);
  g_assert_cmpstrv (skip, ((const char * const []) { "Location", "Restore", "Siri", NULL }));

  g_assert_cmpstr (first, ==, second);
  g_assert_false (json_object_has_member (back, "some_future_key"));
  g_assert_cmpstr (json_object_get_string_member (back, "configuration_web_url"), ==,
                   "https://mdm.example.com/signin");
  g_assert_true (adept_dep_profile_is_known_key ("skip_setup_items"));
  g_assert_false (adept_dep_profile_is_known_key ("some_future_key"));
  g_assert_null (adept_dep_profile_check (profile));
}

/* Issue #16 defect 3: "is_supervised": 1 gave Supervised no and exit 0. A wrong type is
 * refused, naming the key and the type; null keeps Apple's default. */
static void
test_profile_wrong_types (void)
{
  static const struct {
    const char *json;
    const char *field;
    const char *words;
  } cases[] = {
    { "{\"is_supervised\":1,\"is_mandatory\":1,\"is_mdm_removable\":0}", "is_supervised",
      "“is_supervised” must be true or false, not a number" },
    { "{\"is_mdm_removable\":\"false\"}", "is_mdm_removable", "must be true or false, not a string" },
    { "{\"profile_name\":42}", "profile_name", "“profile_name” must be a string, not a number" },
    { "{\"url\":{\"href\":\"x\"}}", "url", "must be a string, not an object" },
    { "{\"skip_setup_items\":\"Siri\"}", "skip_setup_items", "must be a list of strings, not a string" },
    { "{\"anchor_certs\":[\"MIIB\",7]}", "anchor_certs", "must be a list of strings, not a list" },
    { "{\"allow_pairing\":[true]}", "allow_pairing", "must be true or false, not a list" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonObject) object = adept_test_parse_object (cases[i].json);
      g_autoptr(GError) error = NULL;
      g_autoptr(AdeptDepProfile) profile = adept_dep_profile_new_from_json (object, &error);

      g_assert_null (profile);
      g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_VALIDATION);
      g_assert_cmpstr (adept_error_get_field (error), ==, cases[i].field);
      g_assert_nonnull (strstr (error->message, cases[i].words));
    }

  {
    g_autoptr(JsonObject) object = adept_test_parse_object (
      "{\"profile_name\":\"Lab\",\"is_mdm_removable\":null,\"department\":null,\"devices\":null}");
    g_autoptr(GError) error = NULL;
    g_autoptr(AdeptDepProfile) profile = adept_dep_profile_new_from_json (object, &error);

    g_assert_no_error (error);
    g_assert_true (adept_dep_profile_get_is_mdm_removable (profile));
    g_assert_null (adept_dep_profile_get_department (profile));
  }
}

static void
notify_count (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static void
test_profile_check_and_notify (void)
{
  g_autoptr(AdeptDepProfile) profile = adept_dep_profile_new ();
  g_autofree char *long_name = g_strnfill (126, 'x');
  guint notified = 0;

  g_signal_connect (profile, "notify::profile-name", G_CALLBACK (notify_count), &notified);
  g_assert_cmpstr (adept_dep_profile_check (profile), ==, "CONFIG_NAME_REQUIRED");
  adept_dep_profile_set_profile_name (profile, long_name);
  g_assert_cmpstr (adept_dep_profile_check (profile), ==, "CONFIG_NAME_INVALID");
  adept_dep_profile_set_profile_name (profile, "Ünïcödé names count characters, not bytes");
  adept_dep_profile_set_profile_name (profile, "Ünïcödé names count characters, not bytes");
  g_assert_cmpuint (notified, ==, 2);
  g_assert_cmpstr (adept_dep_profile_check (profile), ==, "CONFIG_URL_REQUIRED");
  adept_dep_profile_set_url (profile, "https://mdm.example.com/enroll");
  adept_dep_profile_set_is_mdm_removable (profile, FALSE);
  g_assert_cmpstr (adept_dep_profile_check (profile), ==, "FLAGS_INVALID");
  g_object_set (profile, "is-supervised", TRUE, NULL);
  g_assert_null (adept_dep_profile_check (profile));
  adept_dep_profile_set_support_phone_number (profile, "012345678901234567890123456789012345678901234567890");
  g_assert_cmpstr (adept_dep_profile_check (profile), ==, "SUPPORT_PHONE_INVALID");
}

/* Apple counts the URL once encoded (dep-api.md §3.6); core and the editor share the rule. */
static void
test_profile_url_counts_encoded (void)
{
  g_autoptr(AdeptDepProfile) profile = adept_dep_profile_new ();
  g_autoptr(GString) ascii = g_string_new ("https://mdm.example.com/");
  g_autoptr(GString) accented = g_string_new ("https://mdm.example.com/");
  g_autoptr(GError) error = NULL;

  while (ascii->len < ADEPT_PROFILE_MAX_URL)
    g_string_append_c (ascii, 'a');
  /* 700 characters, each six once encoded (%C3%A9). */
  for (guint i = 0; i < 700; i++)
    g_string_append (accented, "é");
  g_assert_cmpuint (g_utf8_strlen (accented->str, -1), <, ADEPT_PROFILE_MAX_URL);

  adept_dep_profile_set_profile_name (profile, "Staff");
  adept_dep_profile_set_url (profile, ascii->str);
  g_assert_null (adept_dep_profile_check (profile));
  g_string_append_c (ascii, 'a');
  adept_dep_profile_set_url (profile, ascii->str);
  g_assert_cmpstr (adept_dep_profile_check (profile), ==, "CONFIG_URL_INVALID");

  adept_dep_profile_set_url (profile, accented->str);
  g_assert_false (adept_profile_validate (profile, &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_VALIDATION);
  g_assert_cmpstr (adept_error_get_field (error), ==, "url");
  g_assert_cmpstr (adept_error_get_apple_code (error), ==, "CONFIG_URL_INVALID");
  /* The sentence is the editor's, counting what Apple counts. */
  g_assert_nonnull (strstr (error->message, "once encoded"));
}

/* The sign-in page of Force Token Authentication must come from the MDM server's host. */
static void
test_profile_web_url_host (void)
{
  g_autoptr(AdeptDepProfile) profile = adept_dep_profile_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *same = adept_profile_check_web_url_host ("https://MDM.example.com/sign-in",
                                                           "https://mdm.example.com/enroll");
  g_autofree char *other = adept_profile_check_web_url_host ("https://login.example.net/",
                                                            "https://mdm.example.com/enroll");

  g_assert_null (same);
  g_assert_nonnull (other);
  g_assert_nonnull (strstr (other, "mdm.example.com"));
  g_assert_nonnull (strstr (other, "login.example.net"));

  adept_dep_profile_set_profile_name (profile, "Staff");
  adept_dep_profile_set_url (profile, "https://mdm.example.com/enroll");
  adept_dep_profile_set_configuration_web_url (profile, "https://login.example.net/");
  g_assert_false (adept_profile_validate (profile, &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_VALIDATION);
  g_assert_cmpstr (adept_error_get_field (error), ==, "configuration_web_url");
  g_clear_error (&error);
  adept_dep_profile_set_configuration_web_url (profile, "https://mdm.example.com:8443/login");
  g_assert_true (adept_profile_validate (profile, &error));
  g_assert_no_error (error);
}

static AdeptStoredProfile *
stored (const char *uuid,
        const char *name,
        const char *replaces,
        gboolean    adopted)
{
  AdeptStoredProfile *p = g_new0 (AdeptStoredProfile, 1);

  p->uuid = g_strdup (uuid);
  p->name = g_strdup (name);
  p->json = g_strdup ("{}");
  p->replaces = g_strdup (replaces);
  p->origin = adopted ? ADEPT_PROFILE_ORIGIN_ADOPTED : ADEPT_PROFILE_ORIGIN_DEFINED;
  return p;
}

/* No two profiles read the same; replaced ones point at their successor. */
static void
test_profile_names (void)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) adept_stored_profile_free);
  g_autoptr(AdeptProfileNames) names = NULL;
  g_autofree char *v2 = NULL;
  g_autofree char *v3 = NULL;
  g_autofree char *next = NULL;
  const char *uuids[] = { "C1F123098EB5074580041E69883004C3", "9145EDB932A42C48A9DD56AD69213C64",
                          "43277A13FBCA0CFC", "AAAA0000BBBB1111CCCC2222DDDD3333",
                          "EEEE0000FFFF1111AAAA2222BBBB3333" };

  /* Newest first, as the store lists them: Sales edited twice without renaming, Staff
   * twice defined under one name, one adopted. */
  g_ptr_array_add (rows, stored (uuids[0], "Sales iPads", uuids[1], FALSE));
  g_ptr_array_add (rows, stored (uuids[1], "Sales iPads", uuids[2], FALSE));
  g_ptr_array_add (rows, stored (uuids[2], "sales ipads ", NULL, FALSE));
  g_ptr_array_add (rows, stored (uuids[3], "Staff", NULL, TRUE));
  g_ptr_array_add (rows, stored (uuids[4], "Staff", NULL, FALSE));
  names = adept_profile_names_new (rows);

  g_assert_cmpstr (adept_profile_names_get_display_name (names, uuids[0]), ==, "Sales iPads");
  g_assert_cmpstr (adept_profile_names_get_display_name (names, uuids[1]), ==, "Sales iPads (9145EDB9)");
  g_assert_cmpstr (adept_profile_names_get_display_name (names, uuids[2]), ==, "sales ipads (43277A13)");
  /* Two current profiles with one name: both carry their prefix. */
  g_assert_cmpstr (adept_profile_names_get_display_name (names, uuids[3]), ==, "Staff (AAAA0000)");
  g_assert_cmpstr (adept_profile_names_get_display_name (names, uuids[4]), ==, "Staff (EEEE0000)");
  g_assert_null (adept_profile_names_get_display_name (names, "UNKNOWN"));

  g_assert_cmpstr (adept_profile_names_get_replaced_by (names, uuids[2]), ==, uuids[1]);
  g_assert_cmpstr (adept_profile_names_get_replaced_by (names, uuids[1]), ==, uuids[0]);
  g_assert_null (adept_profile_names_get_replaced_by (names, uuids[0]));
  g_assert_cmpstr (adept_profile_names_get_latest (names, uuids[2]), ==, uuids[0]);
  g_assert_true (adept_profile_names_get_adopted (names, uuids[3]));
  g_assert_false (adept_profile_names_get_adopted (names, uuids[4]));

  v2 = adept_profile_names_propose_version_name (names, "Sales iPads");
  g_assert_cmpstr (v2, ==, "Sales iPads (v2)");
  g_ptr_array_add (rows, stored ("V2", "Sales iPads (v2)", NULL, FALSE));
  g_clear_object (&names);
  names = adept_profile_names_new (rows);
  v3 = adept_profile_names_propose_version_name (names, "Sales iPads");
  g_assert_cmpstr (v3, ==, "Sales iPads (v3)");
  next = adept_profile_names_propose_version_name (names, "Sales iPads (v2)");
  g_assert_cmpstr (next, ==, "Sales iPads (v3)");
}

static void
test_device_v10_fields (void)
{
  g_autoptr(JsonObject) object = adept_test_parse_object (
    "{\"serial_number\":\"F9FXK1ABCD\",\"model\":\"iPhone 15\",\"op_type\":\"deleted\","
    "\"released_by_replacement\":true,\"is_replacement_device\":false,"
    "\"bluetooth_mac_address\":\"aa:bb:cc:dd:ee:01\",\"wifi_mac_address\":\"aa:bb:cc:dd:ee:02\","
    "\"ethernet_mac_address\":\"aa:bb:cc:dd:ee:03\",\"eid\":\"89049032000001000000000000000001\","
    "\"imei\":[\"356789012345678\",\"356789012345679\"],\"meid\":[],"
    "\"mdm_migration_deadline\":\"2026-06-30T00:00:00Z\"}");
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptDevice) device = adept_device_new_from_json (object, &error);
  g_autoptr(JsonObject) back = NULL;
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  g_assert_true (adept_device_get_released_by_replacement (device));
  g_assert_false (adept_device_get_is_replacement_device (device));
  g_assert_cmpstr (adept_device_get_wifi_mac_address (device), ==, "aa:bb:cc:dd:ee:02");
  g_assert_cmpstr (adept_device_get_eid (device), ==, "89049032000001000000000000000001");
  g_assert_cmpstrv (adept_device_get_imei (device),
                    ((const char * const []) { "356789012345678", "356789012345679", NULL }));
  g_assert_cmpuint (g_strv_length ((char **) adept_device_get_meid (device)), ==, 0);
  g_assert_cmpint (adept_device_get_mdm_migration_deadline (device), ==, 1782777600);

  back = adept_device_to_json (device);
  text = to_string (back);
  g_assert_nonnull (strstr (text, "\"released_by_replacement\":true"));
  g_assert_null (strstr (text, "is_replacement_device"));
  g_assert_nonnull (strstr (text, "\"imei\":[\"356789012345678\",\"356789012345679\"]"));
  g_assert_nonnull (strstr (text, "\"mdm_migration_deadline\":\"2026-06-30T00:00:00Z\""));

  adept_device_set_imei (device, NULL);
  g_assert_null (adept_device_get_imei (device));
  g_object_set (device, "is-replacement-device", TRUE, NULL);
  g_assert_true (adept_device_get_is_replacement_device (device));
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *tmp = adept_test_isolate_xdg ();
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dep-objects/account", test_account);
  g_test_add_func ("/dep-objects/account-needs-uuid", test_account_needs_uuid);
  g_test_add_func ("/dep-objects/page", test_page);
  g_test_add_func ("/dep-objects/page-empty-and-broken", test_page_empty_and_broken);
  g_test_add_func ("/dep-objects/results-statuses", test_results_statuses);
  g_test_add_func ("/dep-objects/results-details", test_results_details);
  g_test_add_func ("/dep-objects/results-text-parser", test_results_text_parser);
  g_test_add_func ("/dep-objects/results-broken-and-merge", test_results_broken_and_merge);
  g_test_add_func ("/dep-objects/profile-defaults", test_profile_defaults_and_explicit_booleans);
  g_test_add_func ("/dep-objects/profile-round-trip", test_profile_round_trip);
  g_test_add_func ("/dep-objects/profile-wrong-types", test_profile_wrong_types);
  g_test_add_func ("/dep-objects/profile-check-and-notify", test_profile_check_and_notify);
  g_test_add_func ("/dep-objects/profile-url-counts-encoded", test_profile_url_counts_encoded);
  g_test_add_func ("/dep-objects/device-v10-fields", test_device_v10_fields);
  g_test_add_func ("/dep-objects/profile-web-url-host", test_profile_web_url_host);
  g_test_add_func ("/dep-objects/profile-names", test_profile_names);

  status = g_test_run ();
  adept_test_cleanup_dir (tmp);
  return status;
}
