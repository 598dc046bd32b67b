/* adept-depsim-hardware.h — the protocol-10 identifiers of a simulated device
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * MAC addresses, IMEIs, MEIDs and EIDs as Apple reports them (dep-api.md §3.3), made from
 * the seed and the serial number alone, so a device has the same identifiers however it
 * came to be (seeded, added, a replacement, or read from an older state file).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  char *wifi_mac_address;      /* "AC:BC:32:1F:0E:9A", NULL without Wi-Fi */
  char *bluetooth_mac_address;
  char *ethernet_mac_address;  /* desktops, some Apple TVs */
  char *eid;                   /* 32 digits, cellular devices with an eSIM */
  char *imei;                  /* comma-separated 15-digit IMEIs, NULL without cellular */
  char *meid;                  /* comma-separated 14-hex-digit MEIDs (CDMA models) */
  /*< private >*/
  char  text[160];             /* where the strings above point: nothing is allocated */
} AdeptDepsimHardware;

/* family and model are Apple's (device_family, model); description tells cellular iPads
 * ("WI-FI + CELL") and Apple TVs with Ethernet apart. */
void adept_depsim_hardware_generate (guint64              seed,
                                     const char          *serial,
                                     const char          *family,
                                     const char          *model,
                                     const char          *description,
                                     AdeptDepsimHardware *hardware);
/* Nothing to free; kept so a caller need not know. */
void adept_depsim_hardware_clear    (AdeptDepsimHardware *hardware);

G_END_DECLS
