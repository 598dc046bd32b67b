/* adept-org-activity.h — an organisation device activity: devices assigned, unassigned,
 * or given an MDM migration deadline, as Apple runs it (abm-api.md §2)
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum {
  ADEPT_ORG_ACTIVITY_ASSIGN,                /* ASSIGN_DEVICES */
  ADEPT_ORG_ACTIVITY_UNASSIGN,              /* UNASSIGN_DEVICES */
  ADEPT_ORG_ACTIVITY_ASSIGN_WITH_DEADLINE,  /* ASSIGN_DEVICES_WITH_MDM_MIGRATION_DEADLINE */
  ADEPT_ORG_ACTIVITY_UPDATE_DEADLINE,       /* UPDATE_MDM_MIGRATION_DEADLINE */
  ADEPT_ORG_ACTIVITY_CANCEL_MIGRATION,      /* CANCEL_MDM_MIGRATION */
} AdeptOrgActivityType;

/* Apple's activityType. */
const char *adept_org_activity_type_to_apple   (AdeptOrgActivityType  type);
gboolean    adept_org_activity_type_from_apple (const char           *name,
                                                AdeptOrgActivityType *type);
/* Whether the type names a target MDM server, and a deadline. */
gboolean    adept_org_activity_type_needs_server   (AdeptOrgActivityType type);
gboolean    adept_org_activity_type_needs_deadline (AdeptOrgActivityType type);

/* Apple's answer for one device, from the activity's log (or Adept's own refusal, code
 * "NOT_ELIGIBLE", when a device was never sent). */
typedef struct {
  char     *serial;
  gboolean  ok;
  char     *code;
  char     *detail;
} AdeptOrgDeviceResult;

GType                 adept_org_device_result_get_type (void) G_GNUC_CONST;
AdeptOrgDeviceResult *adept_org_device_result_new      (const char *serial,
                                                        gboolean    ok,
                                                        const char *code,
                                                        const char *detail);
AdeptOrgDeviceResult *adept_org_device_result_copy     (const AdeptOrgDeviceResult *result);
void                  adept_org_device_result_free     (AdeptOrgDeviceResult       *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AdeptOrgDeviceResult, adept_org_device_result_free)

/* The CSV log of downloadUrl: a header row naming the columns (serial number, status,
 * error code, error message, in any order and spelling Apple uses), then one row a
 * device. A status of SUCCESS (or SUCCEEDED, COMPLETED) is a success. */
GPtrArray            *adept_org_device_results_from_csv (const char  *csv,
                                                        gsize        len,
                                                        GError     **error);

/* Properties (read-only): "id", "activity-type", "server-id", "deadline", "status"
 * (IN_PROGRESS, COMPLETED, STOPPED, FAILED), "sub-status", "done", "created",
 * "completed", "n-devices", "n-succeeded", "n-failed". */
#define ADEPT_TYPE_ORG_ACTIVITY (adept_org_activity_get_type ())
G_DECLARE_FINAL_TYPE (AdeptOrgActivity, adept_org_activity, ADEPT, ORG_ACTIVITY, GObject)

AdeptOrgActivity     *adept_org_activity_new           (const char           *id,
                                                        AdeptOrgActivityType  type,
                                                        const char           *server_id,
                                                        gint64                deadline,
                                                        guint                 n_devices);
/* Takes status, subStatus, dates and downloadUrl of a JSON:API orgDeviceActivities
 * resource; FALSE when it is not one. */
gboolean              adept_org_activity_update_from_json (AdeptOrgActivity   *self,
                                                        JsonObject           *resource);
/* Sets what was stored (the store reads activities back). */
void                  adept_org_activity_set_state     (AdeptOrgActivity     *self,
                                                        const char           *status,
                                                        const char           *sub_status,
                                                        gint64                created,
                                                        gint64                completed);

const char           *adept_org_activity_get_id        (AdeptOrgActivity     *self);
AdeptOrgActivityType  adept_org_activity_get_activity_type (AdeptOrgActivity *self);
const char           *adept_org_activity_get_server_id (AdeptOrgActivity     *self);
gint64                adept_org_activity_get_deadline  (AdeptOrgActivity     *self);
const char           *adept_org_activity_get_status    (AdeptOrgActivity     *self);
const char           *adept_org_activity_get_sub_status (AdeptOrgActivity    *self);
/* Apple finished with it (any status but IN_PROGRESS). */
gboolean              adept_org_activity_get_done      (AdeptOrgActivity     *self);
gint64                adept_org_activity_get_created   (AdeptOrgActivity     *self);
gint64                adept_org_activity_get_completed (AdeptOrgActivity     *self);
const char           *adept_org_activity_get_download_url (AdeptOrgActivity  *self);
guint                 adept_org_activity_get_n_devices (AdeptOrgActivity     *self);

/* The per-device results (AdeptOrgDeviceResult), once known; takes the array. */
void                  adept_org_activity_set_results   (AdeptOrgActivity     *self,
                                                        GPtrArray            *results);
GPtrArray            *adept_org_activity_get_results   (AdeptOrgActivity     *self);
guint                 adept_org_activity_get_n_succeeded (AdeptOrgActivity   *self);
guint                 adept_org_activity_get_n_failed  (AdeptOrgActivity     *self);

JsonObject           *adept_org_activity_to_json       (AdeptOrgActivity     *self);

G_END_DECLS
