/* test-page-parser.c — Apple's pages of devices through the streaming parser: the same
 * devices and the same errors as json-glib's tree gives, in any split of the bytes
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "adept-device-record.h"
#include "adept-error.h"
#include "adept-json.h"
#include "adept-page-parser.h"
#include "adept-test-util.h"

/* Pages whose devices the two readers must agree on. */
static const char * const agreeing[] = {
  /* The usual fetch record, protocol 10 */
  "{\"cursor\":\"MTY1\",\"more_to_follow\":true,\"fetched_until\":\"2018-09-08T17:28:18Z\","
  "\"devices\":[{\"serial_number\":\"C02X1\",\"model\":\"MacBook Pro\",\"description\":\"MBP 13\","
  "\"color\":\"SPACE GRAY\",\"asset_tag\":\"A-1\",\"os\":\"OSX\",\"device_family\":\"Mac\","
  "\"profile_status\":\"pushed\",\"profile_uuid\":\"C1F1\",\"profile_assign_time\":\"2018-09-08T16:49:09Z\","
  "\"profile_push_time\":\"2018-09-09T10:00:00Z\",\"device_assigned_date\":\"2018-09-01T08:00:00Z\","
  "\"device_assigned_by\":\"it@example.com\",\"mdm_migration_deadline\":\"2026-03-01T00:00:00Z\","
  "\"wifi_mac_address\":\"a4:83:e7:00:00:01\",\"bluetooth_mac_address\":\"a4:83:e7:00:00:02\","
  "\"ethernet_mac_address\":[\"a4:83:e7:00:00:03\",\"a4:83:e7:00:00:04\"],\"eid\":\"8904\","
  "\"imei\":[\"35 1234\",\"35 5678\"],\"meid\":[],\"is_replacement_device\":true}]}",
  /* Sync records, one device twice, a deletion by replacement */
  "{\"cursor\":\"c2\",\"devices\":[{\"serial_number\":\"A1\",\"op_type\":\"added\",\"op_date\":\"2018-09-08T17:00:00Z\"},"
  "{\"serial_number\":\"A1\",\"op_type\":\"modified\",\"op_date\":\"2018-09-08T18:00:00Z\",\"profile_status\":\"\"},"
  "{\"serial_number\":\"B2\",\"op_type\":\"deleted\",\"released_by_replacement\":true}],\"more_to_follow\":false}",
  /* Duplicate keys (the last wins), values of the wrong type, null, numbers */
  "{\"cursor\":\"x\",\"cursor\":\"y\",\"devices\":[{\"serial_number\":\"D1\",\"model\":\"iPad\",\"model\":5,"
  "\"color\":null,\"os\":[\"iOS\"],\"device_family\":{\"a\":1},\"profile_status\":true,"
  "\"profile_assign_time\":12345678901234567890123,\"imei\":\"35\",\"meid\":[\"A\",7,null,[\"B\"],{\"c\":\"d\"},\"E\"],"
  "\"wifi_mac_address\":[],\"bluetooth_mac_address\":[1,2],\"is_replacement_device\":\"true\","
  "\"eid\":\"first\",\"eid\":\"second\",\"asset_tag\":\"t\",\"asset_tag\":null}]}",
  /* Keys Adept does not know, at any depth, with brackets and quotes in strings */
  "{\"unknown\":{\"deep\":[[[{\"x\":\"]}\\\"[{\"}]]],\"n\":-1.5e3},\"cursor\":\"c\",\"devices\":["
  "{\"serial_number\":\"E1\",\"future_field\":{\"nested\":[1,{\"serial_number\":\"NOT\"}]},"
  "\"description\":\"tab\\there \\\"quoted\\\" \\\\ slash \\u00e9\\u20ac \\ud83d\\ude00\"}],\"extra\":[1,2,3]}",
  /* Timestamps GLib reads that the fast path leaves to it, and dates it refuses */
  "{\"cursor\":\"t\",\"devices\":[{\"serial_number\":\"F1\",\"op_date\":\"2018-09-08T17:00:00.5Z\","
  "\"profile_assign_time\":\"2018-09-08T19:00:00+02:00\",\"profile_push_time\":\"2018-02-30T00:00:00Z\","
  "\"device_assigned_date\":\"2016-12-31T23:59:60Z\",\"mdm_migration_deadline\":\"2024-02-29T23:59:59Z\"}]}",
  /* No devices, devices null, devices given twice (the last wins) */
  "{\"cursor\":\"e\",\"devices\":[]}",
  "{\"cursor\":\"n\",\"devices\":null,\"more_to_follow\":\"yes\"}",
  "{\"devices\":{\"not\":\"a list\"},\"cursor\":\"d\",\"devices\":[{\"serial_number\":\"G1\"}]}",
  "{\"devices\":[{\"model\":\"no serial\"}],\"cursor\":\"d\",\"devices\":[{\"serial_number\":\"G2\"}]}",
  /* Whitespace everywhere */
  " \n{ \"cursor\" : \"w\" ,\t\"devices\" : [ { \"serial_number\" : \"H1\" , \"imei\" : [ ] } ] } \n",
  /* A device's members as the parser's fast loop takes them and as it leaves them to the
   * token-at-a-time path: whitespace around every colon and comma, strings of 15, 16, 17,
   * 31, 32 and 33 bytes (the 16-byte scan's edges), a non-ASCII byte or an escape after
   * plain ones, an escaped key, a number between strings, true/false/null for each kind,
   * a status in capitals, and the same key again after a value of another kind. */
  "{\"cursor\":\"f\",\"devices\":[{ \"serial_number\"\t:\n\"J1\" ,\r\"model\" :\"0123456789abcde\","
  "\"description\": \"0123456789abcdef\" , \"color\":\"0123456789abcdefg\",\"asset_tag\":"
  "\"0123456789abcdef0123456789abcde\",\"os\":\"0123456789abcdef0123456789abcdef\","
  "\"device_family\":\"0123456789abcdef0123456789abcdefg\",\"profile_status\":\"ASSIGNED\","
  "\"eid\":\"0123456789abcdef01234 \u00e9t\u00e9\",\"device_assigned_by\":\"0123456789abcdef0123\u00e9\","
  "\"profile_uuid\":\"0123456789abcdefghij\\\"k\",\"is_replacement_device\":false,"
  "\"released_by_replacement\":null,\"op_type\":\"Added\",\"n\":1,\"wifi_mac_address\":\"w\"},"
  "{\"serial\\u005fnumber\":\"J2\",\"model\":true,\"os\":false,\"color\":null,\"is_replacement_device\":\"x\","
  "\"released_by_replacement\":true,\"released_by_replacement\":false,\"model\":\"m\",\"model\":7,"
  "\"description\":[\"d\"],\"description\":\"d2\",\"imei\":true,\"profile_status\":null,"
  "\"op_date\":null,\"unknown\":true,\"unknown\":\"u\",\"unknown\":null},"
  "{\"model\":\"serial last\",\"serial_number\":\"J3\"},{\"serial_number\":\"J4\"}]}",
  /* Dates and words read from the page's bytes without a copy: leap days of each kind of
   * year, a NUL escape after Apple's form (the C string before it counts, as before),
   * words in other cases or with a NUL in them */
  "{\"cursor\":\"l\",\"devices\":[{\"serial_number\":\"L1\",\"op_date\":\"2000-02-29T00:00:00Z\","
  "\"profile_assign_time\":\"1900-02-29T00:00:00Z\",\"profile_push_time\":\"2100-02-29T12:00:00Z\","
  "\"device_assigned_date\":\"2023-02-29T00:00:00Z\",\"mdm_migration_deadline\":\"2024-02-29T23:59:59Z\","
  "\"profile_status\":\"PUSHED\",\"op_type\":\"Deleted\"},"
  "{\"serial_number\":\"L2\",\"op_date\":\"2018-09-08T17:28:18Z\\u0000junk\",\"profile_assign_time\":\"2018-13-01T00:00:00Z\","
  "\"profile_push_time\":\"2018-09-08T24:00:00Z\",\"device_assigned_date\":\"0000-01-01T00:00:00Z\","
  "\"profile_status\":\"pushed\\u0000x\",\"op_type\":\"added\\u0000\"},"
  "{\"serial_number\":\"L3\",\"profile_status\":\"unknown\",\"op_type\":\"\",\"op_date\":\"\"},"
  "{\"serial_number\":\"L4\",\"profile_status\":\"removedx\",\"op_type\":\"modifie\"}]}",
};

/* The record as JSON, through AdeptDevice, for comparing. */
static char *
device_text (AdeptDevice *device)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), adept_device_to_json (device));
  const char * const *imei = adept_device_get_imei (device);
  const char * const *meid = adept_device_get_meid (device);
  g_autofree char *json = json_to_string (node, FALSE);

  json_object_unref (json_node_get_object (node));
  /* to_json leaves out empty lists: say whether they were absent or empty. */
  return g_strdup_printf ("%s imei:%s meid:%s", json, imei == NULL ? "absent" : imei[0] ? "some" : "empty",
                          meid == NULL ? "absent" : meid[0] ? "some" : "empty");
}

/* What json-glib's tree says the page holds: "cursor|more|fetched_until" then a line per
 * device. The page-level rules are the ones adept-fetch-page.h documents. */
static char *
reference (const char *json)
{
  g_autoptr(JsonObject) page = adept_test_parse_object (json);
  GString *out = g_string_new (NULL);
  JsonNode *cursor = json_object_get_member (page, "cursor");
  JsonNode *more = json_object_get_member (page, "more_to_follow");
  JsonNode *until = json_object_get_member (page, "fetched_until");
  JsonNode *devices = json_object_get_member (page, "devices");

  g_assert_true (cursor != NULL && JSON_NODE_HOLDS_VALUE (cursor));
  g_string_append_printf (out, "%s|%d|%" G_GINT64_FORMAT "\n", json_node_get_string (cursor),
                          more != NULL && JSON_NODE_HOLDS_VALUE (more) &&
                          json_node_get_value_type (more) == G_TYPE_BOOLEAN && json_node_get_boolean (more),
                          adept_timestamp_parse (until != NULL && JSON_NODE_HOLDS_VALUE (until) &&
                                                 json_node_get_value_type (until) == G_TYPE_STRING
                                                 ? json_node_get_string (until) : NULL));
  if (devices != NULL && JSON_NODE_HOLDS_ARRAY (devices))
    {
      JsonArray *array = json_node_get_array (devices);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(AdeptDevice) device = adept_device_new_from_json (json_array_get_object_element (array, i), &error);
          g_autofree char *text = NULL;

          g_assert_no_error (error);
          text = device_text (device);
          g_string_append_printf (out, "%s\n", text);
        }
    }
  return g_string_free (out, FALSE);
}

static char *
describe (AdeptFetchPage *page)
{
  GString *out = g_string_new (NULL);
  GPtrArray *devices = adept_fetch_page_get_devices (page);

  g_string_append_printf (out, "%s|%d|%" G_GINT64_FORMAT "\n", adept_fetch_page_get_cursor (page),
                          adept_fetch_page_get_more_to_follow (page),
                          adept_fetch_page_get_fetched_until (page));
  for (guint i = 0; i < devices->len; i++)
    {
      g_autofree char *text = device_text (devices->pdata[i]);

      g_string_append_printf (out, "%s\n", text);
    }
  return g_string_free (out, FALSE);
}

/* Parsed in pieces cut at the given offsets (sorted), ending at len. */
static AdeptFetchPage *
parse_in_pieces (const char  *json,
                 const gsize *cuts,
                 guint        n_cuts,
                 GError     **error)
{
  g_autoptr(AdeptPageParser) parser = adept_page_parser_new ();
  gsize len = strlen (json);
  gsize at = 0;

  for (guint i = 0; i <= n_cuts; i++)
    {
      gsize end = i < n_cuts ? cuts[i] : len;

      if (!adept_page_parser_feed (parser, json + at, end - at, error))
        return NULL;
      at = end;
    }
  return adept_page_parser_finish (parser, error);
}

static void
test_agrees_with_json_glib (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (agreeing); i++)
    {
      const char *json = agreeing[i];
      g_autofree char *expected = reference (json);
      gsize len = strlen (json);
      g_autoptr(GError) error = NULL;
      g_autoptr(AdeptFetchPage) whole = adept_page_parse (json, len, &error);
      g_autofree char *got = NULL;

      g_test_message ("page %u", i);
      g_assert_no_error (error);
      got = describe (whole);
      g_assert_cmpstr (got, ==, expected);

      /* Every place the answer may be cut between two reads, and byte by byte. */
      for (gsize cut = 0; cut <= len; cut++)
        {
          g_autoptr(AdeptFetchPage) split = parse_in_pieces (json, &cut, 1, &error);
          g_autofree char *text = NULL;

          g_assert_no_error (error);
          text = describe (split);
          g_assert_cmpstr (text, ==, expected);
        }
      {
        g_autofree gsize *cuts = g_new (gsize, len);
        g_autoptr(AdeptFetchPage) bytes = NULL;
        g_autofree char *text = NULL;

        for (gsize k = 0; k < len; k++)
          cuts[k] = k;
        bytes = parse_in_pieces (json, cuts, len, &error);
        g_assert_no_error (error);
        text = describe (bytes);
        g_assert_cmpstr (text, ==, expected);
      }
    }
}

/* Each line of the reference names the device's values json-glib gives; a few of them
 * spelled out, so a shared mistake in the field table shows too. */
static void
test_field_values (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptFetchPage) page = adept_page_parse (agreeing[2], strlen (agreeing[2]), &error);
  g_autoptr(AdeptFetchPage) first = adept_page_parse (agreeing[0], strlen (agreeing[0]), &error);
  const AdeptDeviceRecord *r;
  guint n;

  g_assert_no_error (error);
  g_assert_cmpstr (adept_fetch_page_get_cursor (page), ==, "y");
  r = adept_fetch_page_get_records (page, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpstr (r->serial_number, ==, "D1");
  g_assert_null (r->model);                 /* "iPad" then 5: the number wins */
  g_assert_null (r->color);
  g_assert_null (r->os);
  g_assert_null (r->device_family);
  g_assert_null (r->asset_tag);
  g_assert_cmpstr (r->eid, ==, "second");
  g_assert_cmpint (r->profile_status, ==, ADEPT_PROFILE_STATUS_EMPTY);
  g_assert_cmpint (r->profile_assign_time, ==, 0);
  g_assert_null (r->imei);
  g_assert_nonnull (r->meid);
  g_assert_cmpstr (r->meid[0], ==, "A");
  g_assert_cmpstr (r->meid[1], ==, "E");
  g_assert_null (r->meid[2]);
  g_assert_null (r->wifi_mac_address);
  g_assert_null (r->bluetooth_mac_address);
  g_assert_false (r->is_replacement_device);

  g_assert_no_error (error);
  r = adept_fetch_page_get_records (first, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpstr (r->ethernet_mac_address, ==, "a4:83:e7:00:00:03, a4:83:e7:00:00:04");
  g_assert_cmpstr (r->imei[1], ==, "35 5678");
  g_assert_nonnull (r->meid);
  g_assert_null (r->meid[0]);
  g_assert_true (r->is_replacement_device);
  g_assert_cmpint (r->profile_status, ==, ADEPT_PROFILE_STATUS_PUSHED);
  g_assert_cmpint (r->profile_assign_time, ==, 1536425349);
  g_assert_cmpint (r->mdm_migration_deadline, ==, 1772323200);
  g_assert_cmpint (adept_fetch_page_get_fetched_until (first), ==, 1536427698);
}

/* Dates and words taken from the page's bytes as they were from C strings. */
static void
test_dates_and_words (void)
{
  const char *json = agreeing[G_N_ELEMENTS (agreeing) - 1];
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptFetchPage) page = adept_page_parse (json, strlen (json), &error);
  const AdeptDeviceRecord *r;
  guint n;

  g_assert_no_error (error);
  r = adept_fetch_page_get_records (page, &n);
  g_assert_cmpuint (n, ==, 4);
  g_assert_cmpint (r[0].op_date, ==, 951782400);
  g_assert_cmpint (r[0].profile_assign_time, ==, 0);  /* 1900 and 2100 had no 29 February */
  g_assert_cmpint (r[0].profile_push_time, ==, 0);
  g_assert_cmpint (r[0].device_assigned_date, ==, 0);
  g_assert_cmpint (r[0].mdm_migration_deadline, ==, 1709251199);
  g_assert_cmpint (r[0].profile_status, ==, ADEPT_PROFILE_STATUS_PUSHED);
  g_assert_cmpint (r[0].op_type, ==, ADEPT_OP_TYPE_DELETED);
  g_assert_cmpint (r[1].op_date, ==, 1536427698);
  g_assert_cmpint (r[1].profile_assign_time, ==, adept_timestamp_parse ("2018-13-01T00:00:00Z"));
  g_assert_cmpint (r[1].profile_push_time, ==, adept_timestamp_parse ("2018-09-08T24:00:00Z"));
  g_assert_cmpint (r[1].device_assigned_date, ==, adept_timestamp_parse ("0000-01-01T00:00:00Z"));
  g_assert_cmpint (r[1].profile_status, ==, ADEPT_PROFILE_STATUS_PUSHED);
  g_assert_cmpint (r[1].op_type, ==, ADEPT_OP_TYPE_ADDED);
  g_assert_cmpint (r[2].profile_status, ==, ADEPT_PROFILE_STATUS_UNKNOWN);
  g_assert_cmpint (r[2].op_type, ==, ADEPT_OP_TYPE_NONE);
  g_assert_cmpint (r[2].op_date, ==, 0);
  g_assert_cmpint (r[3].profile_status, ==, ADEPT_PROFILE_STATUS_UNKNOWN);
  g_assert_cmpint (r[3].op_type, ==, ADEPT_OP_TYPE_NONE);
  /* The same words as C strings */
  g_assert_cmpint (adept_profile_status_from_text ("pushed\0x", 8), ==, adept_profile_status_from_string ("pushed"));
  g_assert_cmpint (adept_profile_status_from_text ("", 0), ==, ADEPT_PROFILE_STATUS_EMPTY);
  g_assert_cmpint (adept_profile_status_from_text ("Removed", 7), ==, ADEPT_PROFILE_STATUS_REMOVED);
  g_assert_cmpint (adept_op_type_from_text ("MODIFIED", 8), ==, ADEPT_OP_TYPE_MODIFIED);
  g_assert_cmpint (adept_timestamp_parse_len ("2018-09-08T17:28:18Zjunk", 20), ==, 1536427698);
  g_assert_cmpint (adept_timestamp_parse_len ("2018-09-08T17:28:18Z", 19), ==, 0);
}

typedef struct {
  const char *json;
  const char *words;    /* in the error's message */
} Broken;

static void
test_broken_pages (void)
{
  static const Broken broken[] = {
    { "", "empty" },
    { "   ", "not valid JSON" },
    { "{\"cursor\":\"c\",\"devices\":[}", "not valid JSON" },
    { "{\"cursor\":\"c\"} {}", "not valid JSON" },
    { "{\"cursor\":\"c\",}", "not valid JSON" },
    { "{\"cursor\":\"\xff\"}", "not valid JSON" },
    { "[{\"cursor\":\"c\"}]", "not a JSON object" },
    { "\"cursor\"", "not a JSON object" },
    { "{\"devices\":[]}", "list of devices could not be understood" },
    { "{\"cursor\":5,\"devices\":[]}", "list of devices could not be understood" },
    { "{\"cursor\":\"c\",\"devices\":{}}", "list of devices could not be understood" },
    { "{\"cursor\":\"c\",\"devices\":\"none\"}", "list of devices could not be understood" },
    { "{\"cursor\":\"c\",\"devices\":[\"A1\"]}", "list of devices could not be understood" },
    { "{\"cursor\":\"c\",\"devices\":[{\"serial_number\":\"A1\"},[]]}", "list of devices could not be understood" },
    { "{\"cursor\":\"c\",\"devices\":[{\"model\":\"iPad\"}]}", "without a serial number" },
    { "{\"cursor\":\"c\",\"devices\":[{\"serial_number\":\"\"}]}", "without a serial number" },
    { "{\"cursor\":\"c\",\"devices\":[{\"serial_number\":[\"A\"]}]}", "without a serial number" },
    /* The first device that is wrong decides, as in json-glib's tree */
    { "{\"cursor\":\"c\",\"devices\":[{\"model\":\"x\"},7]}", "without a serial number" },
    { "{\"cursor\":\"c\",\"devices\":[7,{\"model\":\"x\"}]}", "list of devices could not be understood" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(AdeptFetchPage) page = adept_page_parse (broken[i].json, strlen (broken[i].json), &error);
      g_autofree char *printable = g_strescape (broken[i].json, NULL);

      g_test_message ("%s", printable);
      g_assert_null (page);
      g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_MALFORMED_RESPONSE);
      g_assert_nonnull (strstr (error->message, broken[i].words));
    }
}

/* The guard of adept-json.h bounds the depth, with the very sentence json-glib's path gives. */
static void
test_depth_bounded_by_the_guard (void)
{
  GString *deep = g_string_new ("{\"cursor\":\"c\",\"x\":");
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) tree_error = NULL;
  g_autoptr(AdeptFetchPage) page = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *json = NULL;
  guint levels = 100000;

  for (guint i = 0; i < levels; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < levels; i++)
    g_string_append_c (deep, ']');
  g_string_append_c (deep, '}');
  json = g_string_free (deep, FALSE);

  page = adept_page_parse (json, strlen (json), &error);
  node = adept_json_parse_data (json, strlen (json), ADEPT_JSON_SOURCE_SERVER, &tree_error);
  g_assert_null (page);
  g_assert_null (node);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_MALFORMED_RESPONSE);
  g_assert_cmpstr (error->message, ==, tree_error->message);

  /* One level less than the limit is fine (the page itself is the first level). */
  {
    g_autoptr(GString) ok = g_string_new ("{\"cursor\":\"c\",\"x\":");
    g_autoptr(AdeptFetchPage) fine = NULL;

    for (guint i = 1; i < ADEPT_JSON_MAX_DEPTH; i++)
      g_string_append_c (ok, '[');
    for (guint i = 1; i < ADEPT_JSON_MAX_DEPTH; i++)
      g_string_append_c (ok, ']');
    g_string_append_c (ok, '}');
    g_clear_error (&error);
    fine = adept_page_parse (ok->str, ok->len, &error);
    g_assert_no_error (error);
    g_assert_nonnull (fine);
  }
}

static void
test_size_bounded_by_the_guard (void)
{
  gsize max = adept_json_get_max_size (ADEPT_JSON_SOURCE_SERVER);
  g_autoptr(AdeptPageParser) parser = adept_page_parser_new ();
  g_autofree char *filler = g_malloc (64 * 1024);
  g_autoptr(GError) error = NULL;
  gsize fed = 0;
  gboolean ok = TRUE;

  /* A string that never ends: the parser holds it, the guard stops it. */
  memset (filler, 'a', 64 * 1024);
  g_assert_true (adept_page_parser_feed (parser, "{\"cursor\":\"", 11, &error));
  fed = 11;
  while (ok && fed <= max)
    {
      ok = adept_page_parser_feed (parser, filler, 64 * 1024, &error);
      fed += 64 * 1024;
    }
  g_assert_false (ok);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_MALFORMED_RESPONSE);
  g_assert_nonnull (strstr (error->message, "larger than"));
  /* Once failed, it stays failed. */
  g_clear_error (&error);
  g_assert_false (adept_page_parser_feed (parser, "}", 1, &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_MALFORMED_RESPONSE);
  g_clear_error (&error);
  g_assert_null (adept_page_parser_finish (parser, &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_MALFORMED_RESPONSE);
}

/* Every byte position as the end of a read. */
static AdeptFetchPage *
parse_byte_by_byte (const char  *json,
                    GError     **error)
{
  gsize len = strlen (json);
  g_autofree gsize *cuts = g_new (gsize, len + 1);

  for (gsize k = 0; k < len; k++)
    cuts[k] = k;
  return parse_in_pieces (json, cuts, len, error);
}

/* Escapes decode the same however the answer is cut; a surrogate without its other half
 * becomes U+FFFD (never bytes that are not UTF-8), and keys are decoded before they are
 * looked up. */
static void
test_escapes_and_surrogates (void)
{
  static const struct {
    const char *escaped;
    const char *decoded;
  } strings[] = {
    { "\\\"\\\\\\/\\b\\f\\n\\r\\t", "\"\\/\b\f\n\r\t" },
    { "caf\\u00e9 \\u20AC", "café €" },
    { "\\ud83d\\ude00!", "\U0001F600!" },
    { "a\\ud83dz", "a\uFFFDz" },                 /* high half alone */
    { "\\ude00", "\uFFFD" },                     /* low half alone */
    { "\\ud83d\\u0041", "\uFFFDA" },           /* high half, then no low half */
    { "\\ud83d\\ud83d\\ude00", "\uFFFD\U0001F600" },
    { "\\u0000after", "" },                       /* NUL ends the C string */
    { "plain ünïcödé ✓", "plain ünïcödé ✓" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"cursor\":\"c\",\"devices\":[{\"serial\\u005fnumber\":\"S%u\","
                                               "\"description\":\"%s\"}]}", i, strings[i].escaped);
      g_autofree char *serial = g_strdup_printf ("S%u", i);
      g_autoptr(GError) error = NULL;
      g_autoptr(AdeptFetchPage) whole = NULL;
      g_autoptr(AdeptFetchPage) bytes = NULL;
      const AdeptDeviceRecord *r;
      guint n;

      g_test_message ("%s", json);
      whole = adept_page_parse (json, strlen (json), &error);
      g_assert_no_error (error);
      bytes = parse_byte_by_byte (json, &error);
      g_assert_no_error (error);
      for (guint k = 0; k < 2; k++)
        {
          r = adept_fetch_page_get_records (k == 0 ? whole : bytes, &n);
          g_assert_cmpuint (n, ==, 1);
          g_assert_cmpstr (r->serial_number, ==, serial);
          g_assert_cmpstr (r->description, ==, strings[i].decoded);
          g_assert_true (g_utf8_validate (r->description, -1, NULL));
        }
    }
}

/* Strings far longer than any read: whole, in the client's 64 KB reads, in odd pieces and
 * byte by byte, a 300 KB description (plain, then with an escape and a non-ASCII
 * character near its end) and an unknown member as long comes out whole. */
static void
test_huge_strings (void)
{
  for (guint variant = 0; variant < 2; variant++)
    {
      gsize size = 300 * 1000;
      g_autofree char *plain = g_strnfill (size, 'x');
      g_autofree char *value = variant == 0 ? g_strdup (plain) : g_strconcat (plain, "\\u00e9\\t\u00e9", NULL);
      g_autofree char *expected = variant == 0 ? g_strdup (plain) : g_strconcat (plain, "\u00e9\t\u00e9", NULL);
      g_autofree char *json = g_strdup_printf ("{\"cursor\":\"h\",\"devices\":[{\"serial_number\":\"K1\","
                                               "\"future\":\"%s\",\"description\":\"%s\",\"os\":\"iOS\"}]}",
                                               plain, value);
      static const gsize pieces[] = { 0, 64 * 1024, 4093, 1 };

      for (guint k = 0; k < G_N_ELEMENTS (pieces); k++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(AdeptFetchPage) page = NULL;
          const AdeptDeviceRecord *r;
          guint n;

          if (pieces[k] == 0)
            page = adept_page_parse (json, strlen (json), &error);
          else if (pieces[k] == 1)
            page = parse_byte_by_byte (json, &error);
          else
            {
              g_autoptr(AdeptPageParser) parser = adept_page_parser_new ();
              gsize len = strlen (json);

              for (gsize at = 0; at < len; at += pieces[k])
                g_assert_true (adept_page_parser_feed (parser, json + at, MIN (pieces[k], len - at), &error));
              page = adept_page_parser_finish (parser, &error);
            }
          g_assert_no_error (error);
          r = adept_fetch_page_get_records (page, &n);
          g_assert_cmpuint (n, ==, 1);
          g_assert_cmpstr (r->serial_number, ==, "K1");
          g_assert_cmpstr (r->description, ==, expected);
          g_assert_cmpstr (r->os, ==, "iOS");
        }
    }
}

/* What is not JSON fails with the one sentence, whole or cut anywhere, and nothing of it
 * is taken. */
static void
test_syntax_errors (void)
{
  static const char * const bad[] = {
    "{\"cursor\":\"a\tb\"}",                 /* a control character in a string */
    "{\"cursor\":\"a\nb\"}",
    "{\"cursor\":\"\\x41\"}",              /* no such escape */
    "{\"cursor\":\"\\u12\"}",              /* \u with fewer than 4 digits */
    "{\"cursor\":\"\\u12G4\"}",
    "{\"cursor\":\"\xc0\xaf\"}",           /* overlong UTF-8 */
    "{\"cursor\":\"\xed\xa0\x80\"}",      /* a surrogate in UTF-8 */
    "{\"cursor\":\"c\",\"n\":01}",
    "{\"cursor\":\"c\",\"n\":1.}",
    "{\"cursor\":\"c\",\"n\":-}",
    "{\"cursor\":\"c\",\"n\":1e}",
    "{\"cursor\":\"c\",\"n\":+1}",
    "{\"cursor\":\"c\",\"n\":.5}",
    "{\"cursor\":\"c\",\"n\":1.5e+}",
    "{\"cursor\":\"c\",\"n\":tru}",
    "{\"cursor\":\"c\",\"n\":nulL}",
    "{\"cursor\":\"c\",\"n\":True}",
    "{\"cursor\" \"c\"}",                    /* no colon */
    "{\"cursor\":\"c\" \"devices\":[]}",     /* no comma */
    "{\"cursor\":\"c\",\"devices\":[1 2]}",
    "{\"cursor\":\"c\",\"devices\":[1,]}",
    "{\"cursor\":\"c\",\"devices\":[}",
    "{\"cursor\":\"c\",\"devices\":]}",
    "{\"cursor\":\"c\",5:1}",                /* a key that is not a string */
    "{\"cursor\":\"c\"",                     /* unfinished */
    "{\"cursor\":\"c",
    "{\"cursor\":\"c\"}x",                   /* something after the page */
    "{\"cursor\":\"c\"}]",
    "{'cursor':'c'}",
    /* the same inside a device, where most of a page is read */
    "{\"cursor\":\"c\",\"devices\":[{\"serial_number\":\"A\",\"os\":tru}]}",
    "{\"cursor\":\"c\",\"devices\":[{\"serial_number\":\"A\",\"is_replacement_device\":truex}]}",
    "{\"cursor\":\"c\",\"devices\":[{\"serial_number\":\"A\",\"os\":falsey}]}",
    "{\"cursor\":\"c\",\"devices\":[{\"serial_number\":nulll}]}",
    "{\"cursor\":\"c\",\"devices\":[{\"serial_number\":\"A\" \"os\":\"x\"}]}",
    "{\"cursor\":\"c\",\"devices\":[{\"serial_number\" \"A\"}]}",
    "{\"cursor\":\"c\",\"devices\":[{\"serial_number\":\"A\",}]}",
    "{\"cursor\":\"c\",\"devices\":[{\"serial_number\":\"A\",,\"os\":\"x\"}]}",
    "{\"cursor\":\"c\",\"devices\":[{\"serial_number\":\"A\":\"os\"}]}",
    "{\"cursor\":\"c\",\"devices\":[{\"serial_number\":\"A\",\"os\":}]}",
    "{\"cursor\":\"c\",\"devices\":[{\"serial_number\":\"A\",\"os\":\"0123456789abcdef012\tb\"}]}",
    "{\"cursor\":\"c\",\"devices\":[{\"serial_number\":\"A\",\"os\":\"0123456789abcdef012\xc0\xaf\"}]}",
    "{\"cursor\":\"c\",\"devices\":[{\"serial_number\":\"A\",\"0123456789abcdef\n\":1}]}",
    "{\"cursor\":\"c\",\"devices\":[{\"serial_number\":\"A\",\"os\":\"x\"]}",
    "{\"cursor\":\"c\",\"devices\":[{\"serial_number\":\"A\",\"os\":\"x\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GError) bytes_error = NULL;
      g_autoptr(AdeptFetchPage) whole = adept_page_parse (bad[i], strlen (bad[i]), &error);
      g_autoptr(AdeptFetchPage) bytes = parse_byte_by_byte (bad[i], &bytes_error);
      g_autofree char *printable = g_strescape (bad[i], NULL);

      g_test_message ("%s", printable);
      g_assert_null (whole);
      g_assert_null (bytes);
      g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_MALFORMED_RESPONSE);
      g_assert_error (bytes_error, ADEPT_ERROR, ADEPT_ERROR_MALFORMED_RESPONSE);
      g_assert_nonnull (strstr (error->message, "not valid JSON"));
      g_assert_cmpstr (error->message, ==, bytes_error->message);
    }
}

/* adept_fetch_page_new_from_json() reads through the same parser. */
static void
test_from_json_object (void)
{
  g_autoptr(JsonObject) object = adept_test_parse_object (agreeing[1]);
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptFetchPage) page = adept_fetch_page_new_from_json (object, &error);
  g_autofree char *expected = reference (agreeing[1]);
  g_autofree char *got = NULL;

  g_assert_no_error (error);
  got = describe (page);
  g_assert_cmpstr (got, ==, expected);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (page)), ==, 3);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/page-parser/agrees-with-json-glib", test_agrees_with_json_glib);
  g_test_add_func ("/page-parser/field-values", test_field_values);
  g_test_add_func ("/page-parser/dates-and-words", test_dates_and_words);
  g_test_add_func ("/page-parser/broken-pages", test_broken_pages);
  g_test_add_func ("/page-parser/depth-bounded-by-the-guard", test_depth_bounded_by_the_guard);
  g_test_add_func ("/page-parser/size-bounded-by-the-guard", test_size_bounded_by_the_guard);
  g_test_add_func ("/page-parser/from-json-object", test_from_json_object);
  g_test_add_func ("/page-parser/escapes-and-surrogates", test_escapes_and_surrogates);
  g_test_add_func ("/page-parser/syntax-errors", test_syntax_errors);
  g_test_add_func ("/page-parser/huge-strings", test_huge_strings);
  return g_test_run ();
}
