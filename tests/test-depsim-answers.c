/* test-depsim-answers.c — the simulator's answers are the same bytes as its slow writers
 * made them: the JSON escaping, the dates and the protocol-10 identifiers against the
 * stdio and allocating versions they replaced (kept here), and whole fetch, sync and
 * assign answers, with serials and texts that need escaping, read back by json-glib and
 * written again by the slow writer
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "adept-depsim-api.h"
#include "adept-depsim-hardware.h"
#include "adept-depsim-state.h"
#include "adept-depsim-util.h"

#define SEED 1515

/* ---- The slow writers, as the simulator had them ---- */

static void
slow_json_string (GString    *out,
                  const char *s)
{
  const char *run = s;
  const char *p;

  g_string_append_c (out, '"');
  for (p = s; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c >= 0x20 && c != '"' && c != '\\')
        continue;
      g_string_append_len (out, run, p - run);
      switch (c)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default: g_string_append_printf (out, "\\u%04x", c); break;
        }
      run = p + 1;
    }
  g_string_append_len (out, run, p - run);
  g_string_append_c (out, '"');
}

static char *
slow_time (gint64 ms)
{
  time_t secs = (time_t) (ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
  struct tm tm;

  g_assert_nonnull (gmtime_r (&secs, &tm));
  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                          tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static const guint8 slow_ouis[][3] = {
  { 0xAC, 0xBC, 0x32 }, { 0xF0, 0x18, 0x98 }, { 0xA4, 0x83, 0xE7 }, { 0x3C, 0x22, 0xFB },
  { 0xBC, 0xD0, 0x74 }, { 0xF4, 0x0F, 0x24 }, { 0x88, 0x66, 0xA5 }, { 0x14, 0x7D, 0xDA },
  { 0x90, 0x9C, 0x4A }, { 0x5C, 0xE9, 0x1E },
};

static guint64
slow_next (guint64 *state)
{
  guint64 z = (*state += G_GUINT64_CONSTANT (0x9E3779B97F4A7C15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94D049BB133111EB);
  return z ^ (z >> 31);
}

static guint64
slow_hash (const char *text)
{
  guint64 h = G_GUINT64_CONSTANT (0xcbf29ce484222325);

  for (const guchar *p = (const guchar *) text; p != NULL && *p != '\0'; p++)
    h = (h ^ *p) * G_GUINT64_CONSTANT (0x100000001b3);
  return h;
}

static char *
slow_mac (guint64 *state)
{
  const guint8 *oui = slow_ouis[slow_next (state) % G_N_ELEMENTS (slow_ouis)];
  guint64 nic = slow_next (state);

  return g_strdup_printf ("%02X:%02X:%02X:%02X:%02X:%02X", oui[0], oui[1], oui[2],
                          (guint) (nic & 0xff), (guint) ((nic >> 8) & 0xff),
                          (guint) ((nic >> 16) & 0xff));
}

static char *
slow_imei (const char *model,
           guint64    *state)
{
  char digits[16];
  guint sum = 0;

  g_snprintf (digits, sizeof digits, "35%06u%06u", (guint) (slow_hash (model) % 1000000),
              (guint) (slow_next (state) % 1000000));
  for (gsize i = 0; i < 14; i++)
    {
      guint d = (guint) (digits[13 - i] - '0');

      if (i % 2 == 0)
        d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      sum += d;
    }
  digits[14] = (char) ('0' + (10 - sum % 10) % 10);
  digits[15] = '\0';
  return g_strdup (digits);
}

static char *
slow_eid (guint64 *state)
{
  GString *digits = g_string_new ("89049032");
  guint remainder = 0;

  while (digits->len < 30)
    g_string_append_c (digits, (char) ('0' + slow_next (state) % 10));
  for (guint i = 0; i < 30; i++)
    remainder = (remainder * 10 + (guint) (digits->str[i] - '0')) % 97;
  g_string_append_printf (digits, "%02u", 98 - (remainder * 100) % 97);
  return g_string_free (digits, FALSE);
}

static gboolean
in_list (const char         *model,
         const char * const *list)
{
  for (guint i = 0; model != NULL && list[i] != NULL; i++)
    if (g_str_equal (model, list[i]))
      return TRUE;
  return FALSE;
}

static void
slow_hardware (const char          *serial,
               const char          *family,
               const char          *model,
               const char          *description,
               AdeptDepsimHardware *hw)
{
  static const char * const cdma[] = {
    "iPhone 11", "iPhone SE (2nd generation)", "iPhone 12", "iPhone 13",
    "iPad (8th generation)", "iPad (9th generation)", "iPad mini (6th generation)",
    "iPad Air (5th generation)", NULL,
  };
  guint64 state = (guint64) SEED * G_GUINT64_CONSTANT (0x2545F4914F6CDD1D) ^ slow_hash (serial);
  gboolean cellular = FALSE;
  guint n_imei = 1;

  memset (hw, 0, sizeof *hw);
  slow_next (&state);
  if (family == NULL)
    return;
  hw->wifi_mac_address = slow_mac (&state);
  hw->bluetooth_mac_address = slow_mac (&state);
  if (g_str_equal (family, "iPhone"))
    cellular = TRUE, n_imei = 2;
  else if (g_str_equal (family, "iPad") && description != NULL && strstr (description, "CELL") != NULL)
    cellular = TRUE;
  else if ((g_str_equal (family, "Mac") && model != NULL &&
            (g_str_has_prefix (model, "iMac") || g_str_has_prefix (model, "Mac mini") ||
             g_str_has_prefix (model, "Mac Studio") || g_str_has_prefix (model, "Mac Pro"))) ||
           (g_str_equal (family, "AppleTV") &&
            (description == NULL || strstr (description, "WI-FI") == NULL ||
             strstr (description, "ETHERNET") != NULL)))
    hw->ethernet_mac_address = slow_mac (&state);
  if (cellular)
    {
      g_autofree char *first = slow_imei (model, &state);
      g_autofree char *second = n_imei > 1 ? slow_imei (model, &state) : NULL;

      hw->imei = second != NULL ? g_strdup_printf ("%s,%s", first, second) : g_strdup (first);
      hw->eid = slow_eid (&state);
      if (in_list (model, cdma))
        hw->meid = g_strndup (first, 14);
    }
}

static void
slow_hardware_free (AdeptDepsimHardware *hw)
{
  g_free (hw->wifi_mac_address);
  g_free (hw->bluetooth_mac_address);
  g_free (hw->ethernet_mac_address);
  g_free (hw->eid);
  g_free (hw->imei);
  g_free (hw->meid);
}

/* A parsed answer written again, compactly, by the slow escaper: equal to what was
 * served only if every string was escaped as before and the members kept their order. */
static void
slow_write_node (GString  *out,
                 JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        g_autoptr(GList) names = json_object_get_members (object);

        g_string_append_c (out, '{');
        for (GList *l = names; l != NULL; l = l->next)
          {
            if (l != names)
              g_string_append_c (out, ',');
            slow_json_string (out, l->data);
            g_string_append_c (out, ':');
            slow_write_node (out, json_object_get_member (object, l->data));
          }
        g_string_append_c (out, '}');
        break;
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        g_string_append_c (out, '[');
        for (guint i = 0; i < json_array_get_length (array); i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            slow_write_node (out, json_array_get_element (array, i));
          }
        g_string_append_c (out, ']');
        break;
      }
    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_STRING)
        slow_json_string (out, json_node_get_string (node));
      else if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
        g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
      else
        g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
      break;
    case JSON_NODE_NULL:
    default:
      g_string_append (out, "null");
      break;
    }
}

/* Parses the served bytes, checks the slow writer gives them back, returns the root. */
static JsonObject *
parse_served (const GString *served)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) again = g_string_new (NULL);

  json_parser_load_from_data (parser, served->str, served->len, &error);
  g_assert_no_error (error);
  slow_write_node (again, json_parser_get_root (parser));
  g_assert_cmpstr (again->str, ==, served->str);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* ---- The primitives against the slow ones ---- */

static const char * const awkward[] = {
  "", "A", "C02XL0J8JGH5", "quote \" here", "back \\ slash", "\\\"\\\"", "tab\tnew\nret\r",
  "\x01\x02\x1f\x7f", "\x1f" "abcdefgh", "abcdefg\"", "abcdefgh\\", "abcdefghijklmnop\x05",
  "Caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x8d\x8e", "\xff\xfe\x80", "  ", "{\"devices\":[]}",
  "12345678", "1234567\x19", "@@@@@@@@!!!!!!!!########", "\x20\x21\x22\x23\x5b\x5c\x5d\x5e",
};

static void
assert_string_as_slow (const char *s)
{
  g_autoptr(GString) fast = g_string_new ("x");
  g_autoptr(GString) slow = g_string_new ("x");

  adept_depsim_json_string (fast, s);
  slow_json_string (slow, s);
  g_assert_cmpstr (fast->str, ==, slow->str);
  g_assert_cmpuint (fast->len, ==, slow->len);

  /* As a member name and value after a first member. */
  g_string_assign (fast, "{\"a\":1");
  g_string_assign (slow, "{\"a\":1,");
  adept_depsim_json_member (fast, s, s);
  slow_json_string (slow, s);
  g_string_append_c (slow, ':');
  slow_json_string (slow, s);
  g_assert_cmpstr (fast->str, ==, slow->str);
}

static void
test_json_string (void)
{
  GRand *rand = g_rand_new_with_seed (SEED);
  /* Bytes of each kind the escaper treats apart. */
  static const guchar kinds[] = { 0x01, 0x08, 0x09, 0x0a, 0x0d, 0x1f, 0x20, '"', '\\', '/',
                                  'a', 'Z', '0', 0x7e, 0x7f, 0x80, 0xc3, 0xa9, 0xff };

  for (guint i = 0; i < G_N_ELEMENTS (awkward); i++)
    assert_string_as_slow (awkward[i]);

  for (guint i = 0; i < 50000; i++)
    {
      char text[48];
      guint len = (guint) g_rand_int_range (rand, 0, 41);
      gboolean plain = g_rand_boolean (rand);

      for (guint j = 0; j < len; j++)
        text[j] = plain ? (char) g_rand_int_range (rand, 0x23, 0x5b)
                        : (char) kinds[g_rand_int_range (rand, 0, G_N_ELEMENTS (kinds))];
      text[len] = '\0';
      /* Every alignment of the eight-byte scan, and one bad byte at each place. */
      if (plain && len > 0 && i % 3 == 0)
        text[g_rand_int_range (rand, 0, len)] = (char) kinds[g_rand_int_range (rand, 0, 9)];
      assert_string_as_slow (text);
    }
  g_rand_free (rand);
}

static void
assert_time_as_slow (gint64 ms)
{
  g_autoptr(GString) fast = g_string_new (NULL);
  g_autofree char *slow = slow_time (ms);

  adept_depsim_append_time (fast, ms);
  g_assert_cmpstr (fast->str, ==, slow);
}

static void
test_time (void)
{
  static const gint64 edges[] = {
    0, 1, 999, 1000, -1, -999, -1000, -1001, 86399999, 86400000, -86400000, -86400001,
    951782400000,     /* 2000-02-29 */
    951868800000,     /* 2000-03-01 */
    4107542400000,    /* 2100-03-01: not a leap year */
    -2203891200000,   /* 1900-02-28 */
    1536425349000,    /* 2018-09-08T16:49:09Z, dep-api.md's example */
    253402300799999,  /* 9999-12-31T23:59:59Z */
    -62135596800000,  /* 0001-01-01T00:00:00Z */
    -62167219200000,  /* 0000-01-01T00:00:00Z */
    -62167219200001,  /* year -1: the slow path */
    253402300800000,  /* 10000-01-01: the slow path */
    G_GINT64_CONSTANT (10000000000000000),
    -G_GINT64_CONSTANT (10000000000000000),
  };
  GRand *rand = g_rand_new_with_seed (SEED);

  /* Twice, so each comes after a date of another day and of the same day. */
  for (guint i = 0; i < 2 * G_N_ELEMENTS (edges); i++)
    assert_time_as_slow (edges[i % G_N_ELEMENTS (edges)]);
  for (guint i = 0; i < 200000; i++)
    assert_time_as_slow ((gint64) g_rand_double_range (rand, -62135596800000.0, 253402300799999.0));
  /* Around now, where the simulator's dates are, second by second over a day. */
  for (gint64 ms = 1798761600000; ms < 1798761600000 + 86400000; ms += 997)
    assert_time_as_slow (ms);
  g_rand_free (rand);
}

static void
assert_hardware_as_slow (const char *serial,
                         const char *family,
                         const char *model,
                         const char *description)
{
  AdeptDepsimHardware fast;
  AdeptDepsimHardware slow;

  adept_depsim_hardware_generate (SEED, serial, family, model, description, &fast);
  slow_hardware (serial, family, model, description, &slow);
  g_assert_cmpstr (fast.wifi_mac_address, ==, slow.wifi_mac_address);
  g_assert_cmpstr (fast.bluetooth_mac_address, ==, slow.bluetooth_mac_address);
  g_assert_cmpstr (fast.ethernet_mac_address, ==, slow.ethernet_mac_address);
  g_assert_cmpstr (fast.imei, ==, slow.imei);
  g_assert_cmpstr (fast.meid, ==, slow.meid);
  g_assert_cmpstr (fast.eid, ==, slow.eid);
  adept_depsim_hardware_clear (&fast);
  slow_hardware_free (&slow);
}

static void
test_hardware (void)
{
  g_autoptr(AdeptDepsimState) state = adept_depsim_state_new (SEED, 3000);
  guint families = 0;
  GHashTable *seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < adept_depsim_state_get_n_devices (state); i++)
    {
      AdeptDepsimDeviceFacts facts;

      g_assert_true (adept_depsim_state_get_facts (state, i, &facts));
      assert_hardware_as_slow (facts.serial, facts.family, facts.model, facts.description);
      if (facts.family != NULL)
        g_hash_table_add (seen, (gpointer) facts.family);
    }
  families = g_hash_table_size (seen);
  g_hash_table_unref (seen);
  /* The seeded organisation has every kind of device the identifiers tell apart. */
  g_assert_cmpuint (families, >=, 4);

  assert_hardware_as_slow ("C02XL0J8JGH5", NULL, NULL, NULL);
  assert_hardware_as_slow ("F2LXK1ABCD12", "iPhone", "iPhone 12", "IPHONE 12 BLACK 64GB");
  assert_hardware_as_slow ("F2LXK1ABCD13", "iPhone", "iPhone 15", NULL);
  assert_hardware_as_slow ("DMPXK1ABCD14", "iPad", "iPad (9th generation)", "IPAD WI-FI + CELL 64GB");
  assert_hardware_as_slow ("DMPXK1ABCD15", "iPad", "iPad Pro", "IPAD WI-FI 256GB");
  assert_hardware_as_slow ("C02XK1ABCD16", "Mac", "iMac (24-inch)", NULL);
  assert_hardware_as_slow ("C02XK1ABCD17", "Mac", "MacBook Air", NULL);
  assert_hardware_as_slow ("C02XK1ABCD18", "AppleTV", "Apple TV 4K", "APPLE TV 4K WI-FI");
  assert_hardware_as_slow ("C02XK1ABCD19", "AppleTV", "Apple TV 4K", "APPLE TV 4K WI-FI + ETHERNET");
  assert_hardware_as_slow ("C02XK1ABCD20", "AppleTV", "Apple TV HD", NULL);
  assert_hardware_as_slow ("C02XK1ABCD21", "iPhone", NULL, NULL);
}

/* ---- Whole answers ---- */

static GString *
serve (void (*route) (AdeptDepsimState *, const AdeptDepsimRequest *, AdeptDepsimReply *),
       AdeptDepsimState *state,
       const char       *method,
       const char       *body,
       int               version,
       guint             expected_status)
{
  AdeptDepsimRequest request = { method, "/", NULL, body, strlen (body), version };
  AdeptDepsimReply reply = { 0, };
  GString *out;

  route (state, &request, &reply);
  g_assert_cmpuint (reply.status, ==, expected_status);
  out = g_steal_pointer (&reply.body);
  adept_depsim_reply_clear (&reply);
  return out;
}

static const char *
member (JsonObject *object,
        const char *name)
{
  return json_object_has_member (object, name) ? json_object_get_string_member (object, name) : NULL;
}

/* A device of a fetch or sync page against the state and the slow writers. */
static void
assert_device (AdeptDepsimState *state,
               JsonObject       *device,
               int               version)
{
  const char *serial = member (device, "serial_number");
  int index = adept_depsim_state_lookup (state, serial);
  AdeptDepsimDeviceFacts facts;
  const char *os;

  g_assert_cmpint (index, >=, 0);
  g_assert_true (adept_depsim_state_get_facts (state, (guint) index, &facts));
  g_assert_cmpstr (member (device, "model"), ==, facts.model);
  g_assert_cmpstr (member (device, "description"), ==, facts.description);
  g_assert_cmpstr (member (device, "color"), ==, facts.color);
  os = version < 7 && g_strcmp0 (facts.os, "iPadOS") == 0 ? "iOS" : facts.os;
  g_assert_cmpstr (member (device, "os"), ==, version >= 2 ? os : NULL);
  g_assert_cmpstr (member (device, "device_family"), ==, version >= 2 ? facts.family : NULL);

  if (g_strcmp0 (member (device, "op_type"), "deleted") != 0)
    {
      g_autofree char *assigned = slow_time (facts.assigned_ms);

      g_assert_cmpstr (member (device, "device_assigned_date"), ==, assigned);
    }
  if (version >= 10 && g_strcmp0 (member (device, "op_type"), "deleted") != 0)
    {
      AdeptDepsimHardware hw;
      g_autoptr(GString) imei = g_string_new (NULL);

      slow_hardware (facts.serial, facts.family, facts.model, facts.description, &hw);
      g_assert_cmpstr (member (device, "wifi_mac_address"), ==, hw.wifi_mac_address);
      g_assert_cmpstr (member (device, "bluetooth_mac_address"), ==, hw.bluetooth_mac_address);
      g_assert_cmpstr (member (device, "ethernet_mac_address"), ==, hw.ethernet_mac_address);
      g_assert_cmpstr (member (device, "eid"), ==, hw.eid);
      if (json_object_has_member (device, "imei"))
        {
          JsonArray *list = json_object_get_array_member (device, "imei");

          for (guint i = 0; i < json_array_get_length (list); i++)
            g_string_append_printf (imei, "%s%s", i > 0 ? "," : "", json_array_get_string_element (list, i));
        }
      g_assert_cmpstr (imei->len > 0 ? imei->str : NULL, ==, hw.imei);
      slow_hardware_free (&hw);
    }
  else
    g_assert_false (json_object_has_member (device, "wifi_mac_address"));
}

static void
assert_time_between (JsonObject *object,
                     const char *name,
                     gint64      from_ms,
                     gint64      to_ms)
{
  const char *text = member (object, name);
  g_autofree char *from = slow_time (from_ms);
  g_autofree char *to = slow_time (to_ms);

  g_assert_nonnull (text);
  g_assert_cmpuint (strlen (text), ==, strlen ("2018-09-08T16:49:09Z"));
  g_assert_cmpstr (text, >=, from);
  g_assert_cmpstr (text, <=, to);
}

static const char * const odd_texts[] = {
  "He said \"hi\" \\ back\x01\x1f\ttab\nline Caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac",
  "Model \"Q\" \\\\",
  "\x7f\x02 asset",
};

static void
test_fetch_page (void)
{
  g_autoptr(AdeptDepsimState) state = adept_depsim_state_new (SEED, 400);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) serials = adept_depsim_state_dup_serials (state);
  /* 10 twice: the identifiers made, then as kept. */
  static const int versions[] = { 10, 1, 2, 7, 8, 10 };

  /* Texts that need escaping, an iPhone made a Mac and a Mac an iPhone (other
   * identifiers), on devices of the first page. */
  g_assert_true (adept_depsim_state_edit (state, serials[0], "description", odd_texts[0], &error));
  g_assert_true (adept_depsim_state_edit (state, serials[1], "model", odd_texts[1], &error));
  g_assert_true (adept_depsim_state_edit (state, serials[2], "asset_tag", odd_texts[2], &error));
  g_assert_true (adept_depsim_state_edit (state, serials[3], "color", odd_texts[0], &error));
  g_assert_true (adept_depsim_state_edit (state, serials[4], "device_family", "Mac", &error));
  g_assert_true (adept_depsim_state_edit (state, serials[4], "model", "iMac (24-inch)", &error));
  g_assert_true (adept_depsim_state_edit (state, serials[5], "device_family", "iPhone", &error));
  g_assert_true (adept_depsim_state_edit (state, serials[6], "os", "iPadOS", &error));
  g_assert_no_error (error);

  for (guint v = 0; v < G_N_ELEMENTS (versions); v++)
    {
      g_autoptr(GString) page = serve (adept_depsim_api_fetch, state, "POST", "{\"limit\":250}",
                                       versions[v], 200);
      g_autoptr(JsonObject) root = parse_served (page);
      JsonArray *devices = json_object_get_array_member (root, "devices");

      g_assert_cmpuint (json_array_get_length (devices), ==, 250);
      g_assert_true (json_object_get_boolean_member (root, "more_to_follow"));
      for (guint i = 0; i < json_array_get_length (devices); i++)
        assert_device (state, json_array_get_object_element (devices, i), versions[v]);
      g_assert_cmpstr (member (json_array_get_object_element (devices, 0), "description"), ==, odd_texts[0]);
      g_assert_cmpstr (member (json_array_get_object_element (devices, 2), "asset_tag"), ==, odd_texts[2]);
      assert_time_between (root, "fetched_until", adept_depsim_state_now_ms (state) - 60000,
                           adept_depsim_state_now_ms (state));
    }

  /* Kept identifiers follow an edit of what they are made from. */
  g_assert_true (adept_depsim_state_edit (state, serials[7], "device_family", "iPhone", &error));
  g_assert_true (adept_depsim_state_edit (state, serials[8], "description", "IPAD WI-FI + CELL", &error));
  g_assert_true (adept_depsim_state_edit (state, serials[8], "device_family", "iPad", &error));
  g_assert_true (adept_depsim_state_edit (state, serials[4], "model", "MacBook Air", &error));
  g_assert_no_error (error);
  {
    g_autoptr(GString) page = serve (adept_depsim_api_fetch, state, "POST", "{\"limit\":20}", 10, 200);
    g_autoptr(JsonObject) root = parse_served (page);
    JsonArray *devices = json_object_get_array_member (root, "devices");

    for (guint i = 0; i < json_array_get_length (devices); i++)
      assert_device (state, json_array_get_object_element (devices, i), 10);
    g_assert_true (json_object_has_member (json_array_get_object_element (devices, 7), "imei"));
    g_assert_true (json_object_has_member (json_array_get_object_element (devices, 8), "eid"));
    g_assert_false (json_object_has_member (json_array_get_object_element (devices, 4), "ethernet_mac_address"));
  }
}

/* The answer of an assign of these serials, checked, with each device's result. */
static JsonObject *
assign (AdeptDepsimState   *state,
        const char         *body,
        const char * const *serials)
{
  g_autoptr(GString) answer = serve (adept_depsim_api_profile_devices, state, "POST", body, 10, 200);
  g_autoptr(JsonObject) root = parse_served (answer);
  JsonObject *devices = json_object_get_object_member (root, "devices");
  g_autoptr(GList) names = json_object_get_members (devices);
  GList *l = names;

  /* In the order sent, each once, exactly the text sent. */
  for (guint i = 0; serials[i] != NULL; i++, l = l->next)
    {
      g_assert_nonnull (l);
      g_assert_cmpstr (l->data, ==, serials[i]);
    }
  g_assert_null (l);
  return json_object_ref (devices);
}

static void
test_assign_and_sync (void)
{
  g_autoptr(AdeptDepsimState) state = adept_depsim_state_new (SEED, 300);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) serials = adept_depsim_state_dup_serials (state);
  g_autoptr(GString) first = serve (adept_depsim_api_fetch, state, "POST", "{\"limit\":1000}", 10, 200);
  g_autoptr(JsonObject) fetched = parse_served (first);
  g_autoptr(JsonObject) profile = json_object_new ();
  g_autoptr(JsonObject) plain = NULL;
  g_autoptr(JsonObject) escaped = NULL;
  g_autoptr(JsonObject) odd = NULL;
  g_autofree char *body = NULL;
  g_autofree char *cursor_body = NULL;
  const char *uuid;
  gint64 before = adept_depsim_state_now_ms (state);
  g_autoptr(GString) sync_page = NULL;
  g_autoptr(JsonObject) synced = NULL;
  JsonArray *records;
  const char *odd_serials[] = { "Q\"\\\x01\xc3\xa9", serials[3], "tab\there", "", NULL };
  const char *odd_expected[] = { "Q\"\\\x01\xc3\xa9", serials[3], "tab\there", NULL };

  json_object_set_string_member (profile, "profile_name", "Answers");
  uuid = adept_depsim_state_add_profile (state, profile);

  /* The same request plain (the flat reader), then with escapes and spaces (json-glib):
   * the same answers. */
  body = g_strdup_printf ("{\"profile_uuid\":\"%s\",\"devices\":[\"%s\",\"%s\",\"NOPE\",\"%s\"]}",
                          uuid, serials[0], serials[1], serials[0]);
  plain = assign (state, body, (const char *[]) { serials[0], serials[1], "NOPE", NULL });
  g_free (body);
  body = g_strdup_printf ("{ \"profile_uuid\" : \"%s\",\n \"devices\" : [ \"%s\" , \"%s\", \"NOP\\u0045\" ] }",
                          uuid, serials[0], serials[1]);
  escaped = assign (state, body, (const char *[]) { serials[0], serials[1], "NOPE", NULL });
  g_assert_cmpstr (json_object_get_string_member (plain, serials[0]), ==, "SUCCESS");
  g_assert_cmpstr (json_object_get_string_member (plain, "NOPE"), ==, "NOT_ACCESSIBLE");
  {
    g_autoptr(JsonNode) a = json_node_init_object (json_node_alloc (), plain);
    g_autoptr(JsonNode) b = json_node_init_object (json_node_alloc (), escaped);

    g_assert_true (json_node_equal (a, b));
  }

  /* Serials that need escaping come back as sent. */
  {
    g_autoptr(JsonBuilder) builder = json_builder_new ();
    g_autoptr(JsonNode) node = NULL;

    json_builder_begin_object (builder);
    json_builder_set_member_name (builder, "profile_uuid");
    json_builder_add_string_value (builder, uuid);
    json_builder_set_member_name (builder, "devices");
    json_builder_begin_array (builder);
    for (guint i = 0; odd_serials[i] != NULL; i++)
      json_builder_add_string_value (builder, odd_serials[i]);
    json_builder_end_array (builder);
    json_builder_end_object (builder);
    node = json_builder_get_root (builder);
    g_free (body);
    body = json_to_string (node, FALSE);
  }
  odd = assign (state, body, odd_expected);
  g_assert_cmpstr (json_object_get_string_member (odd, odd_serials[0]), ==, "NOT_ACCESSIBLE");
  g_assert_cmpstr (json_object_get_string_member (odd, serials[3]), ==, "SUCCESS");

  /* More changes for the sync: removed, activated (pushed), disowned, edited. */
  g_free (body);
  body = g_strdup_printf ("{\"devices\":[\"%s\"]}", serials[1]);
  g_string_free (serve (adept_depsim_api_profile_devices, state, "DELETE", body, 10, 200), TRUE);
  g_assert_cmpuint (adept_depsim_state_activate (state, (const char *[]) { serials[3], NULL }), ==, 1);
  g_assert_cmpstr (adept_depsim_state_disown (state, serials[5]), ==, "SUCCESS");
  g_assert_true (adept_depsim_state_edit (state, serials[6], "description", odd_texts[0], &error));
  g_assert_no_error (error);

  cursor_body = g_strdup_printf ("{\"cursor\":\"%s\",\"limit\":1000}", member (fetched, "cursor"));
  sync_page = serve (adept_depsim_api_sync, state, "POST", cursor_body, 10, 200);
  synced = parse_served (sync_page);
  records = json_object_get_array_member (synced, "devices");
  /* assign ×2 of two devices, one of the odd ones, remove, activate, disown, edit */
  g_assert_cmpuint (json_array_get_length (records), ==, 9);
  for (guint i = 0; i < json_array_get_length (records); i++)
    {
      JsonObject *record = json_array_get_object_element (records, i);

      assert_device (state, record, 10);
      assert_time_between (record, "op_date", before, adept_depsim_state_now_ms (state));
    }
  {
    JsonObject *assigned = json_array_get_object_element (records, 0);
    JsonObject *pushed = json_array_get_object_element (records, 6);
    JsonObject *disowned = json_array_get_object_element (records, 7);
    JsonObject *edited = json_array_get_object_element (records, 8);

    g_assert_cmpstr (member (assigned, "profile_status"), ==, "assigned");
    g_assert_cmpstr (member (assigned, "profile_uuid"), ==, uuid);
    assert_time_between (assigned, "profile_assign_time", before, adept_depsim_state_now_ms (state));
    g_assert_cmpstr (member (json_array_get_object_element (records, 5), "profile_status"), ==, "removed");
    g_assert_cmpstr (member (pushed, "profile_status"), ==, "pushed");
    assert_time_between (pushed, "profile_push_time", before, adept_depsim_state_now_ms (state));
    g_assert_cmpstr (member (disowned, "op_type"), ==, "deleted");
    g_assert_false (json_object_has_member (disowned, "profile_status"));
    g_assert_cmpstr (member (edited, "description"), ==, odd_texts[0]);
  }
}

/* The flat reader gives the answers json-glib's reading gave, for bodies it reads and
 * bodies it leaves to json-glib. */
static char *
with_uuid (const char *body,
           const char *uuid)
{
  GString *text = g_string_new (body);

  g_string_replace (text, "@U", uuid, 0);
  return g_string_free (text, FALSE);
}

static void
test_request_bodies (void)
{
  g_autoptr(AdeptDepsimState) state = adept_depsim_state_new (SEED, 50);
  g_auto(GStrv) serials = adept_depsim_state_dup_serials (state);
  g_autoptr(JsonObject) profile = json_object_new ();
  g_autoptr(GString) many = g_string_new ("{\"profile_uuid\":\"@U\",\"devices\":[");
  const char *uuid;
  struct {
    const char *body;
    guint       status;
    const char *answer;
  } cases[] = {
    { "", 400, "PROFILE_UUID_REQUIRED" },
    { "{}", 400, "PROFILE_UUID_REQUIRED" },
    { "[]", 400, "MALFORMED_REQUEST_BODY" },
    { "{\"profile_uuid\":\"@U\"}", 400, "DEVICE_ID_REQUIRED" },
    { "{\"profile_uuid\":\"@U\",\"devices\":null}", 400, "DEVICE_ID_REQUIRED" },
    { "{\"profile_uuid\":\"@U\",\"devices\":[]}", 400, "DEVICE_ID_REQUIRED" },
    { "{\"profile_uuid\":\"@U\",\"devices\":[\"\",\"\"]}", 400, "DEVICE_ID_REQUIRED" },
    { "{\"profile_uuid\":\"@U\",\"devices\":\"A\"}", 400, "MALFORMED_REQUEST_BODY" },
    { "{\"profile_uuid\":\"@U\",\"devices\":true}", 400, "MALFORMED_REQUEST_BODY" },
    { "{\"profile_uuid\":\"@U\",\"devices\":[1]}", 400, "MALFORMED_REQUEST_BODY" },
    { "{\"profile_uuid\":\"@U\",\"devices\":[\"A\",null]}", 400, "MALFORMED_REQUEST_BODY" },
    { "{\"profile_uuid\":\"@U\",\"devices\":[[\"A\"]]}", 400, "MALFORMED_REQUEST_BODY" },
    { "{\"profile_uuid\":true,\"devices\":[\"A\"]}", 400, "MALFORMED_REQUEST_BODY" },
    { "{\"profile_uuid\":null,\"devices\":[\"A\"]}", 400, "PROFILE_UUID_REQUIRED" },
    { "{\"profile_uuid\":\"\",\"devices\":[\"A\"]}", 400, "PROFILE_UUID_REQUIRED" },
    { "{\"profile_uuid\":\"NOPE\",\"devices\":[\"A\"]}", 400, "NOT_FOUND" },
    { "{\"profile_uuid\":\"@U\",\"devices\":[\"A\"]} x", 400, "MALFORMED_REQUEST_BODY" },
    { "{\"profile_uuid\":\"@U\",\"devices\":[\"A\"],}", 400, "MALFORMED_REQUEST_BODY" },
    { "{\"profile_uuid\":\"@U\",\"devices\":[\"A\",]}", 400, "MALFORMED_REQUEST_BODY" },
    { "{\"profile_uuid\":\"@U\",\"devices\":[\"A\"]", 400, "MALFORMED_REQUEST_BODY" },
    { "{\"profile_uuid\":\"@U\",\"devices\":[\"A\"],\"other\":{\"x\":1.5}}", 200, "{\"devices\":{\"A\":\"NOT_ACCESSIBLE\"}}" },
    { "{\"profile_uuid\":\"@U\",\"devices\":[\"B\"],\"devices\":[\"A\"]}", 200, "{\"devices\":{\"A\":\"NOT_ACCESSIBLE\"}}" },
    { "{\"profile_uuid\":\"@U\",\"devices\":[\"A\",\"A\",\"\"],\"flag\":false}", 200, "{\"devices\":{\"A\":\"NOT_ACCESSIBLE\"}}" },
    { " \t\n{\"profile_uuid\":\"@U\",\"devices\":[\"\\u0041\"]}\r\n", 200, "{\"devices\":{\"A\":\"NOT_ACCESSIBLE\"}}" },
  };

  json_object_set_string_member (profile, "profile_name", "Bodies");
  uuid = adept_depsim_state_add_profile (state, profile);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *body = with_uuid (cases[i].body, uuid);
      g_autoptr(GString) answer = serve (adept_depsim_api_profile_devices, state, "POST", body, 10,
                                         cases[i].status);
      g_autofree char *expected = NULL;

      if (cases[i].status == 200)
        {
          /* {"profile_uuid":…, then the devices */
          g_assert_true (g_str_has_suffix (answer->str, cases[i].answer + 1));
          continue;
        }
      expected = g_strdup (cases[i].answer);
      g_assert_cmpstr (answer->str, ==, expected);
    }

  /* 1001 devices, plain: too many. */
  for (guint i = 0; i <= 1000; i++)
    g_string_append_printf (many, "%s\"S%u\"", i > 0 ? "," : "", i);
  g_string_append (many, "]}");
  {
    g_autofree char *body = with_uuid (many->str, uuid);
    g_autoptr(GString) answer = serve (adept_depsim_api_profile_devices, state, "POST", body, 10, 400);

    g_assert_cmpstr (answer->str, ==, "TOO_MANY_DEVICES");
  }
  /* A remove reads the same way. */
  {
    g_autofree char *body = g_strdup_printf ("{\"devices\":[\"%s\",\"B\\\"\"]}", serials[0]);
    g_autoptr(GString) answer = serve (adept_depsim_api_profile_devices, state, "DELETE", body, 10, 200);
    g_autofree char *expected = g_strdup_printf ("{\"devices\":{\"%s\":\"SUCCESS\",\"B\\\"\":\"NOT_ACCESSIBLE\"}}",
                                                 serials[0]);

    g_assert_cmpstr (answer->str, ==, expected);
  }
}

/* One "changed" for a request of many devices, none for one that changes nothing. */
static void
on_changed (AdeptDepsimState *state,
            guint            *count)
{
  (*count)++;
}

static void
test_changed_once (void)
{
  g_autoptr(AdeptDepsimState) state = adept_depsim_state_new (SEED, 50);
  g_auto(GStrv) serials = adept_depsim_state_dup_serials (state);
  g_autoptr(JsonObject) profile = json_object_new ();
  g_autofree char *body = NULL;
  const char *uuid;
  guint count = 0;

  json_object_set_string_member (profile, "profile_name", "Once");
  uuid = adept_depsim_state_add_profile (state, profile);
  g_signal_connect (state, "changed", G_CALLBACK (on_changed), &count);

  body = g_strdup_printf ("{\"profile_uuid\":\"%s\",\"devices\":[\"%s\",\"%s\",\"%s\"]}",
                          uuid, serials[0], serials[1], serials[2]);
  g_string_free (serve (adept_depsim_api_profile_devices, state, "POST", body, 10, 200), TRUE);
  g_assert_cmpuint (count, ==, 1);
  g_string_free (serve (adept_depsim_api_profile_devices, state, "DELETE", body, 10, 200), TRUE);
  g_assert_cmpuint (count, ==, 2);
  /* Nothing left to remove. */
  g_string_free (serve (adept_depsim_api_profile_devices, state, "DELETE", body, 10, 200), TRUE);
  g_assert_cmpuint (count, ==, 2);
  /* Outside a request every change still tells. */
  g_assert_cmpstr (adept_depsim_state_disown (state, serials[0]), ==, "SUCCESS");
  g_assert_cmpuint (count, ==, 3);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/depsim-answers/json-string", test_json_string);
  g_test_add_func ("/depsim-answers/time", test_time);
  g_test_add_func ("/depsim-answers/hardware", test_hardware);
  g_test_add_func ("/depsim-answers/fetch-page", test_fetch_page);
  g_test_add_func ("/depsim-answers/assign-and-sync", test_assign_and_sync);
  g_test_add_func ("/depsim-answers/request-bodies", test_request_bodies);
  g_test_add_func ("/depsim-answers/changed-once", test_changed_once);
  return g_test_run ();
}
