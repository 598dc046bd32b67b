/* test-ui-devices-data.h — a fleet of devices for the Devices page's tests and benchmark
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "adept-store.h"

G_BEGIN_DECLS

#define ADEPT_TEST_SERVER "default"

/* The profiles the fleet uses (saved by adept_test_devices_fill). */
#define ADEPT_TEST_PROFILE_IPHONE "9A3F0C1E2B4D4E6F8A1B2C3D4E5F6071"
#define ADEPT_TEST_PROFILE_IPAD   "1C2D3E4F5A6B4C7D8E9F0A1B2C3D4E5F"
#define ADEPT_TEST_PROFILE_MAC    "5E6F7A8B9C0D4E1F2A3B4C5D6E7F8091"

/* Devices 0–3 have fixed serials and one status each, for tests that look at one device:
 * empty, assigned, pushed, removed (in that order). Device 0's description holds a comma
 * and a quote, and the auto-assigner tried it twice (THROTTLED, then FAILED). Device 2 is
 * a Mac. Device 3's profile was pushed, then removed at ADEPT_TEST_REMOVED_TIME. */
#define ADEPT_TEST_SERIAL_EMPTY    "C02EMPTY0001"
#define ADEPT_TEST_SERIAL_ASSIGNED "DMPASSIGN002"
#define ADEPT_TEST_SERIAL_PUSHED   "F9FPUSHED003"
#define ADEPT_TEST_SERIAL_REMOVED  "GG7REMOVED04"
/* 2024-03-01 10:30 UTC */
#define ADEPT_TEST_REMOVED_TIME    1709289000

/* What protocol 8 and 10 tell of devices 1 and 2 (device 0 has none of it): device 1 is
 * a cellular replacement (an iPhone) of ADEPT_TEST_ORIGINAL_SERIAL, migrating in with its deadline
 * ADEPT_TEST_MIGRATION_DAYS days and an hour after the fill; device 2 (the Mac) has two
 * Ethernet ports and was locked from this computer with a bypass code. The default profile
 * lacks Await Device Configured. */
#define ADEPT_TEST_ORIGINAL_SERIAL "C8QORIGIN001"
#define ADEPT_TEST_REPLACED_ON     "2025-11-20"
#define ADEPT_TEST_MIGRATION_DAYS  12
#define ADEPT_TEST_IMEI_1          "356789012345672"
#define ADEPT_TEST_IMEI_2          "356789012345680"
#define ADEPT_TEST_EID             "89049032004008882600012345678901"
#define ADEPT_TEST_WIFI_MAC        "AC:BC:32:1F:0E:9A"
#define ADEPT_TEST_ETHERNET_MACS   "14:7D:DA:00:11:22, 14:7D:DA:00:11:23"

/* The serial of device i (deterministic). */
char    *adept_test_devices_serial (guint        i);
/* Fills the store with n devices that look like a real fleet (families, models, colours,
 * statuses in realistic shares, assign and push dates), through the store's own page
 * commits, and saves the three profiles. Deterministic. */
gboolean adept_test_devices_fill   (AdeptStore  *store,
                                    const char  *server_id,
                                    guint        n,
                                    GError     **error);

G_END_DECLS
