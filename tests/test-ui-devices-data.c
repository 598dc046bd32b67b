/* test-ui-devices-data.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "test-ui-devices-data.h"

#define PAGE_SIZE 1000
/* 2024-01-08 09:00 UTC: when ABM started assigning this fleet. */
#define FIRST_ASSIGNED 1704704400

typedef struct {
  const char *family;
  const char *os;
  const char *models[4];
  const char *colors[4];
  const char *capacity;             /* in the description */
  const char *profile;
} Family;

static const Family families[] = {
  { "iPhone", "iOS",
    { "iPhone 15 Pro", "iPhone 15", "iPhone 14", "iPhone SE (3rd generation)" },
    { "NATURAL TITANIUM", "BLACK", "BLUE", "MIDNIGHT" },
    "128GB", ADEPT_TEST_PROFILE_IPHONE },
  { "iPad", "iPadOS",
    { "iPad (10th generation)", "iPad Air (5th generation)", "iPad Pro 11-inch (4th generation)",
      "iPad mini (6th generation)" },
    { "SILVER", "SPACE GRAY", "BLUE", "STARLIGHT" },
    "WI-FI 64GB", ADEPT_TEST_PROFILE_IPAD },
  { "Mac", "OSX",
    { "MacBook Air (M2, 2022)", "MacBook Pro 14-inch (M3, 2023)", "iMac 24-inch (M3, 2023)",
      "Mac mini (M2, 2023)" },
    { "SPACE GRAY", "SILVER", "MIDNIGHT", "STARLIGHT" },
    "16GB/512GB", ADEPT_TEST_PROFILE_MAC },
  { "AppleTV", "tvOS",
    { "Apple TV 4K (3rd generation)", "Apple TV 4K (3rd generation)", "Apple TV HD",
      "Apple TV 4K (2nd generation)" },
    { "BLACK", "BLACK", "BLACK", "BLACK" },
    "64GB", ADEPT_TEST_PROFILE_IPAD },
  { "Vision", "visionOS",
    { "Apple Vision Pro", "Apple Vision Pro", "Apple Vision Pro", "Apple Vision Pro" },
    { "SILVER", "SILVER", "SILVER", "SILVER" },
    "256GB", ADEPT_TEST_PROFILE_IPHONE },
};

static const char * const fixed_serials[] = {
  ADEPT_TEST_SERIAL_EMPTY,
  ADEPT_TEST_SERIAL_ASSIGNED,
  ADEPT_TEST_SERIAL_PUSHED,
  ADEPT_TEST_SERIAL_REMOVED,
};

/* A cheap, well-mixed hash so neighbouring devices differ. */
static guint32
mix (guint32 x)
{
  x ^= x >> 16;
  x *= 0x7feb352d;
  x ^= x >> 15;
  x *= 0x846ca68b;
  x ^= x >> 16;
  return x;
}

char *
adept_test_devices_serial (guint i)
{
  /* Apple's serial alphabet has no vowels or easily confused letters. */
  static const char alphabet[] = "0123456789CDFGHJKLMNPQRTVWXY";
  const guint64 base = sizeof alphabet - 1;
  /* Multiplying by a prime coprime to the base permutes the numbers below base^9, so
   * serials stay unique and look random. */
  guint64 v = ((guint64) i * 1000003u) % 10578455953408ull;   /* 28^9 */
  char serial[13];

  if (i < G_N_ELEMENTS (fixed_serials))
    return g_strdup (fixed_serials[i]);

  serial[12] = '\0';
  for (int k = 11; k >= 3; k--)
    {
      serial[k] = alphabet[v % base];
      v /= base;
    }
  /* Three letters for the factory, from the hash. The fixed serials never come up: they
   * hold letters (A, E, I, O, S, U) that are not in the alphabet. */
  for (int k = 0; k < 3; k++)
    serial[k] = alphabet[10 + 3 + (mix (i + k) % (base - 13))];
  return g_strdup (serial);
}

static const Family *
family_of (guint32 h)
{
  guint r = h % 100;

  if (r < 35)
    return &families[0];
  if (r < 65)
    return &families[1];
  if (r < 95)
    return &families[2];
  if (r < 99)
    return &families[3];
  return &families[4];
}

/* 60 % pushed, 15 % assigned, 20 % empty, 5 % removed. */
static AdeptProfileStatus
status_of (guint i,
           guint32 h)
{
  guint r;

  if (i < G_N_ELEMENTS (fixed_serials))
    /* Device 3 is removed later, by a sync record. */
    return (AdeptProfileStatus[]) { ADEPT_PROFILE_STATUS_EMPTY, ADEPT_PROFILE_STATUS_ASSIGNED,
                                    ADEPT_PROFILE_STATUS_PUSHED, ADEPT_PROFILE_STATUS_PUSHED }[i];
  r = (h >> 8) % 20;
  if (r < 12)
    return ADEPT_PROFILE_STATUS_PUSHED;
  if (r < 15)
    return ADEPT_PROFILE_STATUS_ASSIGNED;
  if (r < 19)
    return ADEPT_PROFILE_STATUS_EMPTY;
  return ADEPT_PROFILE_STATUS_REMOVED;
}

/* Protocol 8 and 10 facts of devices 1 and 2 (test-ui-devices-data.h). */
static void
add_identifiers (AdeptDevice *d,
                 guint        i)
{
  if (i == 1)
    {
      gint64 now = g_get_real_time () / G_USEC_PER_SEC;

      adept_device_set_wifi_mac_address (d, ADEPT_TEST_WIFI_MAC);
      adept_device_set_bluetooth_mac_address (d, "AC:BC:32:1F:0E:9B");
      adept_device_set_imei (d, (const char * const []) { ADEPT_TEST_IMEI_1, ADEPT_TEST_IMEI_2, NULL });
      adept_device_set_eid (d, ADEPT_TEST_EID);
      adept_device_set_is_replacement_device (d, TRUE);
      adept_device_set_mdm_migration_deadline (d, now + ADEPT_TEST_MIGRATION_DAYS * 86400 + 3600);
    }
  else if (i == 2)
    {
      adept_device_set_wifi_mac_address (d, "F0:18:98:AA:BB:01");
      adept_device_set_bluetooth_mac_address (d, "F0:18:98:AA:BB:02");
      adept_device_set_ethernet_mac_address (d, ADEPT_TEST_ETHERNET_MACS);
    }
}

static AdeptDevice *
make_device (guint i)
{
  g_autofree char *serial = adept_test_devices_serial (i);
  g_autofree char *description = NULL;
  guint32 h = mix (i * 2654435761u + 17);
  /* Device 1 is an iPhone (cellular: IMEI, EID), device 2 a Mac. */
  const Family *f = i == 2 ? &families[2] : i == 1 ? &families[0] : family_of (h);
  const char *model = f->models[(h >> 16) % 4];
  const char *color = f->colors[(h >> 20) % 4];
  AdeptProfileStatus status = status_of (i, h);
  gint64 assigned = FIRST_ASSIGNED + (gint64) i * 97;
  AdeptDevice *d = adept_device_new (serial);

  if (i == 0)
    description = g_strdup ("Loaner, \"spare\" iPhone 128GB");
  else
    description = g_strdup_printf ("%s %s %s", model, f->capacity, color);

  adept_device_set_model (d, model);
  adept_device_set_description (d, description);
  adept_device_set_color (d, color);
  adept_device_set_os (d, f->os);
  adept_device_set_device_family (d, f->family);
  if (h % 10 < 7)
    {
      g_autofree char *tag = g_strdup_printf ("ACME-%06u", i);
      adept_device_set_asset_tag (d, tag);
    }
  adept_device_set_device_assigned_date (d, assigned);
  adept_device_set_device_assigned_by (d, h % 3 == 0 ? "procurement@example.com"
                                                     : "it-admin@example.com");
  adept_device_set_profile_status (d, status);
  if (status != ADEPT_PROFILE_STATUS_EMPTY)
    {
      adept_device_set_profile_uuid (d, f->profile);
      adept_device_set_profile_assign_time (d, assigned + 3600 + h % 7200);
    }
  if (status == ADEPT_PROFILE_STATUS_PUSHED)
    adept_device_set_profile_push_time (d, assigned + 86400 * (1 + h % 20));
  add_identifiers (d, i);
  return d;
}

static gboolean
save_profiles (AdeptStore  *store,
               const char  *server_id,
               GError     **error)
{
  static const struct { const char *uuid, *name; } profiles[] = {
    { ADEPT_TEST_PROFILE_MAC, "Office Macs" },
    { ADEPT_TEST_PROFILE_IPAD, "Classroom iPads" },
    { ADEPT_TEST_PROFILE_IPHONE, "Staff iPhones" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (profiles); i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"profile_name\":\"%s\","
                                               "\"url\":\"https://mdm.example.com/enroll\"}",
                                               profiles[i].name);

      if (!adept_store_save_profile (store, server_id, profiles[i].uuid, profiles[i].name,
                                     json, NULL, error))
        return FALSE;
    }
  return adept_store_set_default_profile (store, server_id, ADEPT_TEST_PROFILE_IPHONE, error);
}

/* Device 3 had its profile pushed, then removed: a sync record says so, as Apple would. */
static gboolean
remove_profile_of_device_3 (AdeptStore  *store,
                            const char  *server_id,
                            GError     **error)
{
  g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func (g_object_unref);
  AdeptDevice *d = make_device (3);

  adept_device_set_profile_status (d, ADEPT_PROFILE_STATUS_REMOVED);
  adept_device_set_op_type (d, ADEPT_OP_TYPE_MODIFIED);
  adept_device_set_op_date (d, ADEPT_TEST_REMOVED_TIME);
  g_ptr_array_add (page, d);
  return adept_store_commit_page (store, server_id, 0, ADEPT_SYNC_PHASE_SYNC, page,
                                  "test-cursor-2", FALSE, 0, NULL, error);
}

/* The auto-assigner tried device 0 twice: throttled, then failed. */
static gboolean
record_attempts_of_device_0 (AdeptStore  *store,
                             const char  *server_id,
                             GError     **error)
{
  g_autoptr(GHashTable) answers = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_insert (answers, (gpointer) ADEPT_TEST_SERIAL_EMPTY, (gpointer) "THROTTLED");
  if (!adept_store_record_assign (store, server_id, ADEPT_TEST_PROFILE_IPHONE,
                                  ADEPT_ASSIGN_ORIGIN_AUTO, answers, 3600, error))
    return FALSE;
  g_hash_table_insert (answers, (gpointer) ADEPT_TEST_SERIAL_EMPTY, (gpointer) "FAILED");
  return adept_store_record_assign (store, server_id, ADEPT_TEST_PROFILE_IPHONE,
                                    ADEPT_ASSIGN_ORIGIN_RETRY, answers, 0, error);
}

/* Device 1's original, as GET /device/replacementDetails told it; device 2 locked. */
static gboolean
record_apple_facts (AdeptStore  *store,
                    const char  *server_id,
                    GError     **error)
{
  AdeptReplacementDetails details = {
    .serial_number = (char *) ADEPT_TEST_SERIAL_ASSIGNED,
    .original_device_serial_number = (char *) ADEPT_TEST_ORIGINAL_SERIAL,
    .replacement_date = (char *) ADEPT_TEST_REPLACED_ON,
  };

  return adept_store_save_replacement (store, server_id, &details, error) &&
         adept_store_record_activation_lock (store, server_id, ADEPT_TEST_SERIAL_PUSHED, "SUCCESS",
                                             NULL, TRUE, error);
}

gboolean
adept_test_devices_fill (AdeptStore  *store,
                         const char  *server_id,
                         guint        n,
                         GError     **error)
{
  if (!adept_store_ensure_server (store, server_id, ADEPT_STORE_KIND_LOCAL, error) ||
      !save_profiles (store, server_id, error))
    return FALSE;

  for (guint start = 0; start < n; start += PAGE_SIZE)
    {
      g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func (g_object_unref);
      guint end = MIN (n, start + PAGE_SIZE);

      for (guint i = start; i < end; i++)
        g_ptr_array_add (page, make_device (i));
      if (!adept_store_commit_page (store, server_id, 0, ADEPT_SYNC_PHASE_FETCH, page,
                                    "test-cursor", end < n, 0, NULL, error))
        return FALSE;
    }
  return remove_profile_of_device_3 (store, server_id, error) &&
         record_attempts_of_device_0 (store, server_id, error) &&
         record_apple_facts (store, server_id, error);
}
