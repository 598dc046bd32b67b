/* test-depsim-2026.c — what the simulator learnt of Apple's DEP API as it is in 2026:
 * protocol 8 and 10 device fields by version, AppleCare replacements, device management
 * migration, Activation Lock, account-driven enrollment and beta enrollment tokens
 * (dep-api.md §2.5, §3.3, §3.8, §3.9, §4), driven by a plain libsoup client
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "adept-depsim.h"
#include "adept-error.h"
#include "adept-secret.h"
#include "adept-test-util.h"
#include "depsim-test-client.h"

#define N_DEVICES 300
#define SEED 2026
#define ESCROW_KEY "6ab40d5eabe7218ec04182f461005600c7e3426bddd82cdb405bde9a1e0014b5"

typedef struct {
  AdeptDepsim   *sim;
  DepTestClient  client;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptSecret) payload = NULL;

  f->sim = adept_depsim_new (SEED, N_DEVICES);
  adept_depsim_start (f->sim, 0, &error);
  g_assert_no_error (error);
  dep_test_client_init (&f->client, adept_depsim_get_base_url (f->sim));
  payload = adept_depsim_issue_credentials (f->sim);
  dep_test_client_set_credentials (&f->client, payload);
  dep_test_open_session (&f->client);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  dep_test_client_clear (&f->client);
  g_clear_object (&f->sim);
}

/* A call with X-Server-Protocol-Version: version. */
static DepTestReply *
call_as (Fixture    *f,
         int         version,
         const char *method,
         const char *path,
         const char *json)
{
  f->client.version = version;
  return dep_test_call (&f->client, method, path, json);
}

static JsonObject *
ok_as (Fixture    *f,
       int         version,
       const char *method,
       const char *path,
       const char *json)
{
  g_autoptr(DepTestReply) reply = call_as (f, version, method, path, json);

  return dep_test_assert_json (reply);
}

static void
refused_as (Fixture    *f,
            int         version,
            const char *method,
            const char *path,
            const char *json,
            guint       status,
            const char *code)
{
  g_autoptr(DepTestReply) reply = call_as (f, version, method, path, json);

  dep_test_assert_code (reply, status, code);
}

/* Every device of a fetch at this version, by serial. */
static GHashTable *
fetch_all (Fixture *f,
           int      version)
{
  g_autoptr(JsonObject) page = ok_as (f, version, "POST", "/server/devices", "{\"limit\":1000}");
  JsonArray *devices = json_object_get_array_member (page, "devices");
  GHashTable *by_serial = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                 (GDestroyNotify) json_object_unref);

  g_assert_false (json_object_get_boolean_member (page, "more_to_follow"));
  for (guint i = 0; i < json_array_get_length (devices); i++)
    {
      JsonObject *d = json_array_get_object_element (devices, i);

      g_hash_table_insert (by_serial, g_strdup (json_object_get_string_member (d, "serial_number")),
                           json_object_ref (d));
    }
  return by_serial;
}

static char *
first_cursor (Fixture *f)
{
  g_autoptr(JsonObject) page = ok_as (f, 10, "POST", "/server/devices", "{\"limit\":1000}");

  return g_strdup (json_object_get_string_member (page, "cursor"));
}

static JsonArray *
sync_records (Fixture    *f,
              int         version,
              const char *cursor)
{
  g_autofree char *body = g_strdup_printf ("{\"cursor\":\"%s\",\"limit\":1000}", cursor);
  g_autoptr(JsonObject) page = ok_as (f, version, "POST", "/devices/sync", body);

  return json_array_ref (json_object_get_array_member (page, "devices"));
}

static JsonObject *
record_of (JsonArray  *records,
           const char *serial,
           const char *op_type)
{
  for (guint i = 0; i < json_array_get_length (records); i++)
    {
      JsonObject *r = json_array_get_object_element (records, i);

      if (g_str_equal (json_object_get_string_member (r, "serial_number"), serial) &&
          g_str_equal (json_object_get_string_member (r, "op_type"), op_type))
        return r;
    }
  g_error ("no %s record for %s", op_type, serial);
}

static char *
serial_where (Fixture    *f,
              const char *member,
              const char *prefix)
{
  g_autofree char *json = adept_depsim_dup_truth_json (f->sim);
  g_autoptr(JsonObject) truth = adept_test_parse_object (json);
  JsonArray *devices = json_object_get_array_member (truth, "devices");

  for (guint i = 0; i < json_array_get_length (devices); i++)
    {
      JsonObject *d = json_array_get_object_element (devices, i);
      const char *value = json_object_get_string_member_with_default (d, member, "");

      if (g_str_has_prefix (value, prefix))
        return g_strdup (json_object_get_string_member (d, "serial_number"));
    }
  g_error ("no device with %s starting %s", member, prefix);
}

static JsonObject *
truth (Fixture *f)
{
  g_autofree char *json = adept_depsim_dup_truth_json (f->sim);

  return adept_test_parse_object (json);
}

static gboolean
luhn_ok (const char *digits)
{
  gsize len = strlen (digits);
  guint sum = 0;

  for (gsize i = 0; i < len; i++)
    {
      guint d = (guint) (digits[len - 1 - i] - '0');

      if (i % 2 == 1 && (d *= 2) > 9)
        d -= 9;
      sum += d;
    }
  return sum % 10 == 0;
}

static guint
mod97 (const char *digits)
{
  guint r = 0;

  for (const char *p = digits; *p != '\0'; p++)
    r = (r * 10 + (guint) (*p - '0')) % 97;
  return r;
}

static void
assert_mac (JsonObject *d,
            const char *member)
{
  const char *mac = json_object_get_string_member (d, member);

  g_assert_true (g_regex_match_simple ("^[0-9A-F]{2}(:[0-9A-F]{2}){5}$", mac, 0, 0));
}

/* Identifiers as Apple has them for each family: Wi-Fi and Bluetooth for all, IMEIs and an
 * EID for iPhones and cellular iPads (a MEID for CDMA models), Ethernet for desktop Macs. */
static void
assert_identifiers (JsonObject *d)
{
  const char *family = json_object_get_string_member (d, "device_family");
  const char *description = json_object_get_string_member (d, "description");
  const char *model = json_object_get_string_member (d, "model");
  gboolean cellular = g_str_equal (family, "iPhone") ||
                      (g_str_equal (family, "iPad") && strstr (description, "CELL") != NULL);

  assert_mac (d, "wifi_mac_address");
  assert_mac (d, "bluetooth_mac_address");
  g_assert_cmpint (json_object_has_member (d, "imei"), ==, cellular);
  g_assert_cmpint (json_object_has_member (d, "eid"), ==, cellular);
  if (cellular)
    {
      JsonArray *imei = json_object_get_array_member (d, "imei");
      const char *eid = json_object_get_string_member (d, "eid");

      g_assert_cmpuint (json_array_get_length (imei), ==, g_str_equal (family, "iPhone") ? 2 : 1);
      for (guint i = 0; i < json_array_get_length (imei); i++)
        {
          const char *one = json_array_get_string_element (imei, i);

          g_assert_cmpuint (strlen (one), ==, 15);
          g_assert_true (luhn_ok (one));
        }
      g_assert_cmpuint (strlen (eid), ==, 32);
      g_assert_cmpuint (mod97 (eid), ==, 1);
      if (json_object_has_member (d, "meid"))
        g_assert_true (g_str_has_prefix (json_array_get_string_element (imei, 0),
                                         json_array_get_string_element (json_object_get_array_member (d, "meid"), 0)));
    }
  else
    g_assert_false (json_object_has_member (d, "meid"));
  if (g_str_equal (family, "Mac"))
    g_assert_cmpint (json_object_has_member (d, "ethernet_mac_address"), ==,
                     g_str_has_prefix (model, "iMac") || g_str_has_prefix (model, "Mac mini") ||
                     g_str_has_prefix (model, "Mac Studio"));
  if (json_object_has_member (d, "ethernet_mac_address"))
    assert_mac (d, "ethernet_mac_address");
}

static const char * const v10_members[] = {
  "wifi_mac_address", "bluetooth_mac_address", "ethernet_mac_address", "imei", "meid", "eid",
  "is_replacement_device", "released_by_replacement",
};

static void
assert_no_v10 (JsonObject *d)
{
  for (guint i = 0; i < G_N_ELEMENTS (v10_members); i++)
    if (json_object_has_member (d, v10_members[i]))
      g_error ("%s sent before protocol 10", v10_members[i]);
}

static void
test_identifiers_by_version (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GHashTable) v10 = fetch_all (f, 10);
  g_autoptr(GHashTable) v9 = fetch_all (f, 9);
  g_autoptr(GHashTable) again = fetch_all (f, 10);
  GHashTableIter iter;
  gpointer key, value;
  guint families[3] = { 0, };   /* cellular, Wi-Fi-only iPads, Macs with Ethernet */
  g_autofree char *iphone = serial_where (f, "device_family", "iPhone");
  g_autofree char *body = g_strdup_printf ("{\"devices\":[\"%s\"]}", iphone);
  g_autoptr(JsonObject) details = NULL;
  JsonObject *detail;

  g_assert_cmpuint (g_hash_table_size (v10), ==, N_DEVICES);
  g_hash_table_iter_init (&iter, v10);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      JsonObject *d = value;
      JsonObject *old = g_hash_table_lookup (v9, key);
      g_autoptr(JsonNode) n1 = json_node_init_object (json_node_alloc (), d);
      g_autoptr(JsonNode) n2 = json_node_init_object (json_node_alloc (), g_hash_table_lookup (again, key));

      assert_identifiers (d);
      assert_no_v10 (old);
      /* The same device always has the same identifiers. */
      g_assert_true (json_node_equal (n1, n2));
      if (json_object_has_member (d, "imei"))
        families[0]++;
      else if (g_str_equal (json_object_get_string_member (d, "device_family"), "iPad"))
        families[1]++;
      if (json_object_has_member (d, "ethernet_mac_address"))
        families[2]++;
    }
  /* The catalog mixes them. */
  g_assert_cmpuint (families[0], >, 10);
  g_assert_cmpuint (families[1], >, 10);
  g_assert_cmpuint (families[2], >, 0);

  /* Details carry them too, by version. */
  details = ok_as (f, 10, "POST", "/devices", body);
  detail = json_object_get_object_member (json_object_get_object_member (details, "devices"), iphone);
  g_assert_cmpstr (json_object_get_string_member (detail, "response_status"), ==, "SUCCESS");
  assert_identifiers (detail);
  g_clear_pointer (&details, json_object_unref);
  details = ok_as (f, 8, "POST", "/devices", body);
  assert_no_v10 (json_object_get_object_member (json_object_get_object_member (details, "devices"), iphone));
}

static void
test_migration_deadline (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *cursor = first_cursor (f);
  g_auto(GStrv) elsewhere = adept_depsim_add_devices (f->sim, 2, FALSE);
  g_autofree char *on_server = serial_where (f, "device_family", "Mac");
  const char *migrating[] = { elsewhere[0], elsewhere[1], on_server, NULL };
  gint64 deadline = g_get_real_time () / G_USEC_PER_SEC + 30 * 86400;
  g_autofree char *deadline_text = NULL;
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (deadline);
  g_autoptr(JsonArray) v10 = NULL;
  g_autoptr(JsonArray) v7 = NULL;
  g_autoptr(GError) error = NULL;
  const char *unknown[] = { "NOSUCHSERIAL1", NULL };

  g_assert_cmpuint (adept_depsim_migrate_devices (f->sim, migrating, deadline, FALSE, &error), ==, 3);
  g_assert_no_error (error);
  g_assert_cmpuint (adept_depsim_migrate_devices (f->sim, unknown, deadline, FALSE, &error), ==, 0);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_NOT_FOUND);
  deadline_text = g_date_time_format (when, "%Y-%m-%dT%H:%M:%SZ");

  /* Devices moved from another MDM server arrive as modified, with no profile of ours. */
  v10 = sync_records (f, 10, cursor);
  for (guint i = 0; migrating[i] != NULL; i++)
    {
      JsonObject *r = record_of (v10, migrating[i], "modified");

      g_assert_cmpstr (json_object_get_string_member (r, "mdm_migration_deadline"), ==, deadline_text);
      g_assert_cmpstr (json_object_get_string_member (r, "profile_status"), ==, "empty");
    }
  /* Version 8 brought the deadline: version 7 does not see it. */
  v7 = sync_records (f, 7, cursor);
  g_assert_false (json_object_has_member (record_of (v7, elsewhere[0], "modified"), "mdm_migration_deadline"));
  {
    g_autoptr(JsonArray) v8 = sync_records (f, 8, cursor);
    JsonObject *r = record_of (v8, elsewhere[0], "modified");

    g_assert_true (json_object_has_member (r, "mdm_migration_deadline"));
    assert_no_v10 (r);
  }

  /* As added when asked, and the migration ends once the device enrolled. */
  {
    g_auto(GStrv) more = adept_depsim_add_devices (f->sim, 1, FALSE);
    g_autofree char *c2 = first_cursor (f);
    g_autoptr(JsonObject) t = NULL;
    g_autoptr(JsonObject) profile = ok_as (f, 10, "POST", "/profile",
                                           "{\"profile_name\":\"M\",\"url\":\"https://mdm.example/e\"}");
    g_autofree char *assign = g_strdup_printf ("{\"profile_uuid\":\"%s\",\"devices\":[\"%s\"]}",
                                               json_object_get_string_member (profile, "profile_uuid"), more[0]);
    g_autoptr(JsonObject) assigned = NULL;
    g_autoptr(JsonArray) records = NULL;

    g_assert_cmpuint (adept_depsim_migrate_devices (f->sim, (const char * const *) more, deadline, TRUE, NULL), ==, 1);
    records = sync_records (f, 10, c2);
    g_assert_true (json_object_has_member (record_of (records, more[0], "added"), "mdm_migration_deadline"));
    assigned = ok_as (f, 10, "PUT", "/profile/devices", assign);
    g_assert_cmpuint (adept_depsim_activate_devices (f->sim, (const char * const *) more, NULL), ==, 1);
    t = truth (f);
    {
      JsonArray *devices = json_object_get_array_member (t, "devices");

      for (guint i = 0; i < json_array_get_length (devices); i++)
        {
          JsonObject *d = json_array_get_object_element (devices, i);

          if (g_str_equal (json_object_get_string_member (d, "serial_number"), more[0]))
            {
              g_assert_cmpstr (json_object_get_string_member (d, "profile_status"), ==, "pushed");
              g_assert_false (json_object_has_member (d, "mdm_migration_deadline"));
            }
        }
    }
  }
}

static void
test_replacement (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *cursor = first_cursor (f);
  g_autofree char *old = serial_where (f, "device_family", "iPad");
  g_autofree char *replacement = NULL;
  g_autofree char *path = NULL;
  g_autofree char *old_path = NULL;
  g_autoptr(GDateTime) before = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) after = NULL;
  g_autofree char *day_before = g_date_time_format (before, "%Y-%m-%d");
  g_autofree char *day_after = NULL;
  g_autoptr(JsonArray) v10 = NULL;
  g_autoptr(JsonArray) v9 = NULL;
  g_autoptr(JsonObject) details = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) elsewhere = adept_depsim_add_devices (f->sim, 1, FALSE);
  g_autofree char *chosen = NULL;
  JsonObject *added;

  replacement = adept_depsim_replace_device (f->sim, old, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (replacement);
  /* The replacement's day is one of these two when the test runs across midnight (UTC). */
  after = g_date_time_new_now_utc ();
  day_after = g_date_time_format (after, "%Y-%m-%d");

  /* Sync: the original left because of the replacement, the replacement arrived. */
  v10 = sync_records (f, 10, cursor);
  g_assert_true (json_object_get_boolean_member (record_of (v10, old, "deleted"), "released_by_replacement"));
  added = record_of (v10, replacement, "added");
  g_assert_true (json_object_get_boolean_member (added, "is_replacement_device"));
  g_assert_cmpstr (json_object_get_string_member (added, "profile_status"), ==, "empty");
  g_assert_false (json_object_has_member (added, "released_by_replacement"));
  assert_identifiers (added);
  v9 = sync_records (f, 9, cursor);
  assert_no_v10 (record_of (v9, old, "deleted"));
  assert_no_v10 (record_of (v9, replacement, "added"));

  /* Replacement details name the original, by day. */
  path = g_strdup_printf ("/device/replacementDetails?device=%s", replacement);
  details = ok_as (f, 10, "GET", path, NULL);
  g_assert_cmpstr (json_object_get_string_member (details, "serial_number"), ==, replacement);
  g_assert_cmpstr (json_object_get_string_member (details, "original_device_serial_number"), ==, old);
  if (g_strcmp0 (json_object_get_string_member (details, "replacement_date"), day_after) != 0)
    g_assert_cmpstr (json_object_get_string_member (details, "replacement_date"), ==, day_before);

  /* A device that is no replacement: 400 DEVICE_NOT_FOUND, as Apple answers today. */
  old_path = g_strdup_printf ("/device/replacementDetails?device=%s", old);
  refused_as (f, 10, "GET", old_path, NULL, 400, "DEVICE_NOT_FOUND");
  refused_as (f, 10, "GET", "/device/replacementDetails?device=NOSUCH123", NULL, 400, "DEVICE_NOT_FOUND");
  refused_as (f, 10, "GET", "/device/replacementDetails", NULL, 400, "DEVICE_ID_REQUIRED");
  refused_as (f, 10, "GET", "/device/replacementDetails?device=", NULL, 400, "DEVICE_ID_REQUIRED");
  refused_as (f, 10, "POST", path, "{}", 405, "");
  /* Protocol 10 brought the endpoint. */
  refused_as (f, 9, "GET", path, NULL, 404, "NOT_FOUND");

  /* The admin verb's refusals change nothing. */
  g_assert_null (adept_depsim_replace_device (f->sim, old, NULL, &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_BAD_REQUEST);
  g_clear_error (&error);
  g_assert_null (adept_depsim_replace_device (f->sim, "NOSUCHSERIAL1", NULL, &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (adept_depsim_replace_device (f->sim, replacement, "lower case", &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_BAD_REQUEST);
  g_clear_error (&error);

  /* A named replacement: a device elsewhere in the organisation, or a new serial. */
  chosen = adept_depsim_replace_device (f->sim, replacement, elsewhere[0], &error);
  g_assert_no_error (error);
  g_assert_cmpstr (chosen, ==, elsewhere[0]);
  g_clear_pointer (&chosen, g_free);
  chosen = adept_depsim_replace_device (f->sim, elsewhere[0], "C02NEWSERIAL", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (chosen, ==, "C02NEWSERIAL");
  g_clear_pointer (&details, json_object_unref);
  details = ok_as (f, 10, "GET", "/device/replacementDetails?device=C02NEWSERIAL", NULL);
  g_assert_cmpstr (json_object_get_string_member (details, "original_device_serial_number"), ==, elsewhere[0]);
}

/* Assigns a profile and lets the device enrol: supervised. */
static void
enrol (Fixture    *f,
       const char *serial)
{
  g_autoptr(JsonObject) profile = ok_as (f, 10, "POST", "/profile",
                                         "{\"profile_name\":\"S\",\"url\":\"https://mdm.example/e\"}");
  g_autofree char *assign = g_strdup_printf ("{\"profile_uuid\":\"%s\",\"devices\":[\"%s\"]}",
                                             json_object_get_string_member (profile, "profile_uuid"), serial);
  g_autoptr(JsonObject) assigned = ok_as (f, 10, "PUT", "/profile/devices", assign);
  const char *one[] = { serial, NULL };

  g_assert_cmpuint (adept_depsim_activate_devices (f->sim, one, NULL), ==, 1);
}

static const char *
lock (Fixture    *f,
      const char *serial,
      const char *escrow_key)
{
  static char status[64];
  g_autofree char *body = escrow_key != NULL
    ? g_strdup_printf ("{\"device\":\"%s\",\"escrow_key\":\"%s\",\"lost_message\":\"Call IT on 555-0100\"}", serial, escrow_key)
    : g_strdup_printf ("{\"device\":\"%s\"}", serial);
  g_autoptr(JsonObject) answer = ok_as (f, 10, "POST", "/device/activationlock", body);

  g_assert_cmpstr (json_object_get_string_member (answer, "serial_number"), ==, serial);
  g_strlcpy (status, json_object_get_string_member (answer, "response_status"), sizeof status);
  return status;
}

static void
test_activation_lock (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *iphone = serial_where (f, "device_family", "iPhone");
  g_autofree char *mac = serial_where (f, "device_family", "Mac");
  g_autofree char *tv = serial_where (f, "device_family", "AppleTV");
  g_autofree char *ipad = serial_where (f, "device_family", "iPad");
  g_autoptr(JsonObject) t = NULL;
  JsonObject *held;

  /* Not enrolled through ADE, so not supervised. */
  g_assert_cmpstr (lock (f, iphone, ESCROW_KEY), ==, "DEVICE_NOT_SUPPORTED");
  enrol (f, iphone);
  g_assert_cmpstr (lock (f, iphone, ESCROW_KEY), ==, "SUCCESS");
  g_assert_cmpstr (lock (f, iphone, ESCROW_KEY), ==, "DEVICE_ALREADY_LOCKED");
  g_assert_cmpstr (lock (f, "NOSUCHSERIAL1", ESCROW_KEY), ==, "NOT_ACCESSIBLE");
  /* Apple TV has no Activation Lock. */
  enrol (f, tv);
  g_assert_cmpstr (lock (f, tv, ESCROW_KEY), ==, "DEVICE_NOT_SUPPORTED");

  /* Apple keeps the escrow key as sent: the hash of the bypass code. */
  t = truth (f);
  held = json_object_get_object_member (json_object_get_object_member (t, "activation_locks"), iphone);
  g_assert_cmpstr (json_object_get_string_member (held, "escrow_key"), ==, ESCROW_KEY);
  g_assert_cmpstr (json_object_get_string_member (held, "lost_message"), ==, "Call IT on 555-0100");

  /* Without an escrow key the device locks to whoever made the MDM server. */
  enrol (f, mac);
  g_assert_cmpstr (lock (f, mac, NULL), ==, "SUCCESS");

  /* An organisation without it, and a forced failure. */
  enrol (f, ipad);
  adept_depsim_set_org_feature (f->sim, ADEPT_DEPSIM_ORG_ACTIVATION_LOCK, FALSE);
  g_assert_cmpstr (lock (f, ipad, ESCROW_KEY), ==, "ORG_NOT_SUPPORTED");
  adept_depsim_set_org_feature (f->sim, ADEPT_DEPSIM_ORG_ACTIVATION_LOCK, TRUE);
  adept_depsim_set_activation_lock_result (f->sim, ipad, "FAILED", 1);
  g_assert_cmpstr (lock (f, ipad, ESCROW_KEY), ==, "FAILED");
  g_assert_cmpstr (lock (f, ipad, ESCROW_KEY), ==, "SUCCESS");

  /* Malformed requests. */
  refused_as (f, 10, "POST", "/device/activationlock", "{}", 400, "DEVICE_ID_REQUIRED");
  refused_as (f, 10, "POST", "/device/activationlock", "{\"device\":\"\"}", 400, "DEVICE_ID_REQUIRED");
  refused_as (f, 10, "POST", "/device/activationlock", "{\"device\":7}", 400, "MALFORMED_REQUEST_BODY");
  refused_as (f, 10, "POST", "/device/activationlock", "{\"device\":\"X\",\"escrow_key\":\"3UM43-PUYVY-QYD1-UVCC-HEHJ-FKA4\"}",
              400, "MALFORMED_REQUEST_BODY");
  refused_as (f, 10, "POST", "/device/activationlock", "{\"device\":\"X\",\"escrow_key\":\"abc\"}",
              400, "MALFORMED_REQUEST_BODY");
  refused_as (f, 10, "POST", "/device/activationlock", "[1]", 400, "MALFORMED_REQUEST_BODY");
  refused_as (f, 10, "GET", "/device/activationlock", NULL, 405, "");
}

static void
test_account_driven_enrollment (Fixture       *f,
                                gconstpointer  data)
{
  const char *path = "/account-driven-enrollment/profile";
  g_autoptr(JsonObject) profile = NULL;
  g_autoptr(GDateTime) updated = NULL;
  g_autoptr(DepTestReply) set = NULL;

  refused_as (f, 10, "GET", path, NULL, 404, "NOT_FOUND");
  refused_as (f, 10, "DELETE", path, NULL, 404, "NOT_FOUND");
  refused_as (f, 10, "POST", path, "{}", 400, "MDM_SERVICE_DISCOVERY_URL_REQUIRED");
  refused_as (f, 10, "POST", path, "{\"mdm_service_discovery_url\":\"\"}", 400, "MDM_SERVICE_DISCOVERY_URL_REQUIRED");
  refused_as (f, 10, "POST", path, "{\"mdm_service_discovery_url\":\"http://mdm.example/sd\"}",
              400, "MDM_SERVICE_DISCOVERY_URL_NOT_VALID");
  refused_as (f, 10, "POST", path, "{\"mdm_service_discovery_url\":\"not a url\"}",
              400, "MDM_SERVICE_DISCOVERY_URL_NOT_VALID");
  refused_as (f, 10, "POST", path, "{\"mdm_service_discovery_url\":5}", 400, "MALFORMED_REQUEST_BODY");

  set = call_as (f, 10, "POST", path, "{\"mdm_service_discovery_url\":\"https://mdm.example/.well-known/sd\"}");
  g_assert_cmpuint (set->status, ==, 200);
  profile = ok_as (f, 10, "GET", path, NULL);
  g_assert_cmpstr (json_object_get_string_member (profile, "mdm_service_discovery_url"), ==,
                   "https://mdm.example/.well-known/sd");
  updated = g_date_time_new_from_iso8601 (json_object_get_string_member (profile, "last_updated_timestamp"), NULL);
  g_assert_nonnull (updated);
  g_assert_cmpint (ABS (g_date_time_to_unix (updated) - g_get_real_time () / G_USEC_PER_SEC), <, 120);

  g_clear_pointer (&set, dep_test_reply_free);
  set = call_as (f, 10, "DELETE", path, NULL);
  g_assert_cmpuint (set->status, ==, 200);
  refused_as (f, 10, "GET", path, NULL, 404, "NOT_FOUND");

  adept_depsim_set_org_feature (f->sim, ADEPT_DEPSIM_ORG_ACCOUNT_DRIVEN_ENROLLMENT, FALSE);
  refused_as (f, 10, "POST", path, "{\"mdm_service_discovery_url\":\"https://mdm.example/sd\"}",
              400, "ORG_NOT_SUPPORTED");
  refused_as (f, 10, "PUT", path, "{}", 405, "");
}

static void
test_beta_tokens (Fixture       *f,
                  gconstpointer  data)
{
  static const char * const systems[] = { "homePodOS", "iOS", "OSX", "tvOS", "visionOS", "watchOS", NULL };
  g_autoptr(JsonObject) answer = ok_as (f, 10, "GET", "/os-beta-enrollment/tokens", NULL);
  JsonArray *tokens = json_object_get_array_member (answer, "betaEnrollmentTokens");
  g_autoptr(JsonNode) a = json_node_init_array (json_node_alloc (), tokens);
  g_autoptr(JsonNode) b = json_node_init_array (json_node_alloc (), json_object_get_array_member (answer, "seedBuildTokens"));

  g_assert_cmpuint (json_array_get_length (tokens), >=, 4);
  for (guint i = 0; i < json_array_get_length (tokens); i++)
    {
      JsonObject *t = json_array_get_object_element (tokens, i);

      g_assert_true (g_strv_contains (systems, json_object_get_string_member (t, "os")));
      g_assert_cmpuint (strlen (json_object_get_string_member (t, "title")), >, 0);
      g_assert_cmpuint (strlen (json_object_get_string_member (t, "token")), >=, 20);
    }
  g_assert_true (json_node_equal (a, b));

  adept_depsim_set_org_feature (f->sim, ADEPT_DEPSIM_ORG_BETA_ENROLLMENT, FALSE);
  refused_as (f, 10, "GET", "/os-beta-enrollment/tokens", NULL, 403, "APPLE_SEED_FOR_IT_TURNED_OFF");
}

static void
test_account_urls_and_faults (Fixture       *f,
                              gconstpointer  data)
{
  static const char * const endpoints[] = {
    "/device/activationlock", "/device/replacementDetails", "/account-driven-enrollment/profile",
    "/os-beta-enrollment/tokens",
  };
  g_autoptr(JsonObject) account = ok_as (f, 10, "GET", "/account", NULL);
  JsonArray *urls = json_object_get_array_member (account, "urls");
  AdeptDepsimFault fault = { "/os-beta-enrollment/tokens", ADEPT_DEPSIM_FAULT_STATUS, 503, "SERVICE_UNAVAILABLE", 7, 0, 1 };
  g_autoptr(DepTestReply) failed = NULL;
  g_autoptr(JsonObject) recovered = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (endpoints); i++)
    {
      gboolean listed = FALSE;

      for (guint j = 0; j < json_array_get_length (urls); j++)
        listed |= g_str_equal (json_object_get_string_member (json_array_get_object_element (urls, j), "uri"),
                               endpoints[i]);
      g_assert_true (listed);
    }

  /* The fault machinery reaches the new endpoints. */
  adept_depsim_add_fault (f->sim, &fault);
  failed = call_as (f, 10, "GET", "/os-beta-enrollment/tokens", NULL);
  dep_test_assert_code (failed, 503, "SERVICE_UNAVAILABLE");
  g_assert_cmpstr (soup_message_headers_get_one (failed->headers, "Retry-After"), ==, "7");
  recovered = ok_as (f, 10, "GET", "/os-beta-enrollment/tokens", NULL);
  g_assert_cmpuint (adept_depsim_get_request_count (f->sim, "/os-beta-enrollment/tokens"), ==, 2);

  fault.endpoint = "/device/activationlock";
  fault.kind = ADEPT_DEPSIM_FAULT_GARBAGE;
  adept_depsim_add_fault (f->sim, &fault);
  {
    g_autoptr(DepTestReply) garbage = call_as (f, 10, "POST", "/device/activationlock", "{\"device\":\"X\"}");
    g_autoptr(JsonParser) parser = json_parser_new ();

    g_assert_cmpuint (garbage->status, ==, 200);
    g_assert_false (json_parser_load_from_data (parser, garbage->body, garbage->len, NULL));
  }
}

/* Replacements, deadlines, locks and the organisation's settings survive a restart. */
static void
test_state_file (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *dir = adept_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "state.json", NULL);
  g_autofree char *old = serial_where (f, "device_family", "iPhone");
  g_autofree char *phone = NULL;
  g_autofree char *replacement = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(AdeptDepsim) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) deadline = g_date_time_new_utc (2026, 12, 1, 0, 0, 0);
  g_autoptr(DepTestReply) set = NULL;
  g_auto(GStrv) serials = NULL;

  replacement = adept_depsim_replace_device (f->sim, old, NULL, &error);
  g_assert_no_error (error);
  serials = adept_depsim_dup_serials (f->sim);
  adept_depsim_migrate_devices (f->sim, (const char * const[]) { serials[3], NULL },
                                g_date_time_to_unix (deadline), FALSE, &error);
  g_assert_no_error (error);
  phone = serial_where (f, "device_family", "iPhone");
  enrol (f, phone);
  g_assert_cmpstr (lock (f, phone, ESCROW_KEY), ==, "SUCCESS");
  set = call_as (f, 10, "POST", "/account-driven-enrollment/profile",
                 "{\"mdm_service_discovery_url\":\"https://mdm.example/sd\"}");
  g_assert_cmpuint (set->status, ==, 200);
  adept_depsim_set_org_feature (f->sim, ADEPT_DEPSIM_ORG_BETA_ENROLLMENT, FALSE);

  g_assert_true (adept_depsim_save (f->sim, path, &error));
  g_assert_no_error (error);
  loaded = adept_depsim_new_from_file (path, &error);
  g_assert_no_error (error);

  before = adept_depsim_dup_truth_json (f->sim);
  after = adept_depsim_dup_truth_json (loaded);
  {
    g_autoptr(JsonObject) a = adept_test_parse_object (before);
    g_autoptr(JsonObject) b = adept_test_parse_object (after);
    static const char * const members[] = {
      "devices", "elsewhere", "replacements", "activation_locks", "account_driven_enrollment",
    };

    for (guint i = 0; i < G_N_ELEMENTS (members); i++)
      {
        g_autoptr(JsonNode) na = json_node_ref (json_object_get_member (a, members[i]));
        g_autoptr(JsonNode) nb = json_node_ref (json_object_get_member (b, members[i]));

        if (!json_node_equal (na, nb))
          g_error ("%s differs after a reload", members[i]);
      }
    g_assert_true (json_object_has_member (json_object_get_object_member (b, "replacements"), replacement));
  }

  /* The reloaded simulator still refuses beta tokens. */
  adept_depsim_start (loaded, 0, &error);
  g_assert_no_error (error);
  {
    DepTestClient client;
    g_autoptr(AdeptSecret) payload = adept_depsim_issue_credentials (loaded);
    g_autoptr(DepTestReply) reply = NULL;

    dep_test_client_init (&client, adept_depsim_get_base_url (loaded));
    dep_test_client_set_credentials (&client, payload);
    dep_test_open_session (&client);
    reply = dep_test_call (&client, "GET", "/os-beta-enrollment/tokens", NULL);
    dep_test_assert_code (reply, 403, "APPLE_SEED_FOR_IT_TURNED_OFF");
    dep_test_client_clear (&client);
  }
  adept_test_cleanup_dir (dir);
}

/* The demo's examples: the same for a seed, replacements and migrations visible. */
static void
test_examples (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(AdeptDepsim) a = adept_depsim_new (7, 120);
  g_autoptr(AdeptDepsim) b = adept_depsim_new (7, 120);
  g_autofree char *ta = NULL;
  g_autofree char *tb = NULL;
  g_autoptr(JsonObject) truth_a = NULL;
  JsonArray *devices;
  guint replacements = 0, migrating = 0;

  adept_depsim_add_examples (a, 3, 4, 21);
  adept_depsim_add_examples (b, 3, 4, 21);
  ta = adept_depsim_dup_truth_json (a);
  tb = adept_depsim_dup_truth_json (b);
  truth_a = adept_test_parse_object (ta);
  devices = json_object_get_array_member (truth_a, "devices");
  for (guint i = 0; i < json_array_get_length (devices); i++)
    {
      JsonObject *d = json_array_get_object_element (devices, i);

      replacements += json_object_get_boolean_member_with_default (d, "is_replacement_device", FALSE);
      migrating += json_object_has_member (d, "mdm_migration_deadline");
    }
  g_assert_cmpuint (replacements, ==, 3);
  g_assert_cmpuint (migrating, ==, 4);
  g_assert_cmpuint (json_array_get_length (devices), ==, 120);
  {
    g_autoptr(JsonObject) truth_b = adept_test_parse_object (tb);
    g_autoptr(JsonNode) na = json_node_ref (json_object_get_member (truth_a, "replacements"));
    g_autoptr(JsonNode) nb = json_node_ref (json_object_get_member (truth_b, "replacements"));

    g_assert_true (json_node_equal (na, nb));
  }
}

#define ADD(path, func) g_test_add ("/depsim-2026/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  ADD ("identifiers-by-version", test_identifiers_by_version);
  ADD ("migration-deadline", test_migration_deadline);
  ADD ("replacement", test_replacement);
  ADD ("activation-lock", test_activation_lock);
  ADD ("account-driven-enrollment", test_account_driven_enrollment);
  ADD ("beta-tokens", test_beta_tokens);
  ADD ("account-urls-and-faults", test_account_urls_and_faults);
  ADD ("state-file", test_state_file);
  ADD ("examples", test_examples);

  return g_test_run ();
}
