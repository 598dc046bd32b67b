/* adept-org-device.h — a device the organisation owns, as the Apple Business API shows
 * it (abm-api.md §2, OrgDevice)
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Where a device is, seen from this console's server. */
typedef enum {
  ADEPT_ORG_PLACEMENT_UNASSIGNED,    /* on no MDM server */
  ADEPT_ORG_PLACEMENT_OTHER_SERVER,  /* on another MDM server of the organisation */
  ADEPT_ORG_PLACEMENT_THIS_SERVER,   /* on the MDM server this console is linked to */
} AdeptOrgPlacement;

/* Every attribute Adept keeps; strings owned. Times are Unix seconds, 0 when unknown.
 * server_name, placement and dep_status come from the store's joins, not from Apple's
 * OrgDevice. */
typedef struct {
  char              *serial_number;
  char              *model;
  char              *product_family;
  char              *product_type;
  char              *capacity;
  char              *color;
  char              *part_number;
  char              *order_number;
  gint64             order_date;
  char              *purchase_source_type;   /* APPLE, RESELLER, MANUALLY_ADDED */
  char              *purchase_source_id;
  gint64             added_date;
  gint64             updated_date;
  gboolean           assigned;               /* Apple's status ASSIGNED */
  char              *server_id;              /* NULL when not known to be on one */
  char              *server_name;
  AdeptOrgPlacement  placement;
  gboolean           migration_capable;
  char              *migration_status;       /* REQUESTED, STARTED, SUCCESS, FAILED or NULL */
  gint64             migration_deadline;
  int                dep_status;             /* AdeptProfileStatus on this server, -1: not there */
} AdeptOrgDeviceData;

void      adept_org_device_data_clear     (AdeptOrgDeviceData *data);
void      adept_org_device_data_copy      (const AdeptOrgDeviceData *src,
                                           AdeptOrgDeviceData       *dest);
/* The attributes of a JSON:API orgDevices resource ({"type","id","attributes"}). FALSE
 * when it is not one (no id). */
gboolean  adept_org_device_data_from_json (JsonObject         *resource,
                                           AdeptOrgDeviceData *data);

/* The attribute names of fields[orgDevices] Adept asks for (what it keeps). */
extern const char * const adept_org_device_fields[];

const char        *adept_org_placement_to_string   (AdeptOrgPlacement placement);
/* NULL and FALSE for an unknown name. */
gboolean           adept_org_placement_from_string (const char        *name,
                                                    AdeptOrgPlacement *placement);

/* A GObject for lists and views: every field is a read-only property of the same name
 * with dashes ("serial-number", "order-date", "placement"…); updates notify. */
#define ADEPT_TYPE_ORG_DEVICE (adept_org_device_get_type ())
G_DECLARE_FINAL_TYPE (AdeptOrgDevice, adept_org_device, ADEPT, ORG_DEVICE, GObject)

AdeptOrgDevice           *adept_org_device_new      (const AdeptOrgDeviceData *data);
/* Replaces the fields (the serial stays), notifying those that changed. */
void                      adept_org_device_update   (AdeptOrgDevice           *self,
                                                     const AdeptOrgDeviceData *data);
const AdeptOrgDeviceData *adept_org_device_get_data (AdeptOrgDevice           *self);
const char               *adept_org_device_get_serial_number (AdeptOrgDevice *self);
const char               *adept_org_device_get_server_id     (AdeptOrgDevice *self);
AdeptOrgPlacement         adept_org_device_get_placement     (AdeptOrgDevice *self);
/* For --json output: Apple's attribute names, plus serverId, serverName, placement. */
JsonObject               *adept_org_device_to_json  (AdeptOrgDevice           *self);

G_END_DECLS
