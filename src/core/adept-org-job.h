/* adept-org-job.h — assign, unassign or migrate a selection of the organisation's
 * devices: the activities sent, followed to the end, their results stored and audited
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "adept-org.h"

G_BEGIN_DECLS

typedef enum {
  ADEPT_ORG_JOB_READY,
  ADEPT_ORG_JOB_CHECKING,     /* eligibility of each device, before anything is sent */
  ADEPT_ORG_JOB_SENDING,      /* creating the activities (1000 devices each) */
  ADEPT_ORG_JOB_WAITING,      /* Apple is working on them */
  ADEPT_ORG_JOB_COLLECTING,   /* reading each activity's per-device log */
  ADEPT_ORG_JOB_DONE,
  ADEPT_ORG_JOB_FAILED,
} AdeptOrgJobPhase;

/* The code of a device Adept did not send because it cannot take the activity. */
#define ADEPT_ORG_JOB_NOT_ELIGIBLE "NOT_ELIGIBLE"

/* Properties (read-only, notified as the job goes): "phase" (AdeptOrgJobPhase),
 * "fraction" (0–1, for a progress bar), "n-devices", "n-succeeded", "n-failed" (Apple's
 * refusals and Adept's own), "activity-type", "server-id".
 * Signal "activity-changed" (AdeptOrgActivity): an activity was created or polled. */
#define ADEPT_TYPE_ORG_JOB (adept_org_job_get_type ())
G_DECLARE_FINAL_TYPE (AdeptOrgJob, adept_org_job, ADEPT, ORG_JOB, GObject)

/* server_id: the target of ASSIGN and ASSIGN_WITH_DEADLINE (NULL: this console's server),
 * or for UNASSIGN the server the devices must be on (NULL: any). deadline: Unix seconds,
 * for the deadline types (at most ADEPT_BUSINESS_MAX_DEADLINE_DAYS ahead). Serials are
 * taken once each, in order. */
AdeptOrgJob          *adept_org_job_new           (AdeptOrg              *org,
                                                   AdeptOrgActivityType   type,
                                                   const char * const    *serials,
                                                   const char            *server_id,
                                                   gint64                 deadline);

/* Checks eligibility (migration: Apple's isMdmMigrationCapable, from the store or asked of
 * Apple, and Apple's rules: iOS, iPadOS or macOS 26, no Shared iPad, no Return to Service,
 * Apple Configurator devices past their 30-day provisional period; a device must come
 * from another server; updating or cancelling needs a migration pending), sends the
 * eligible devices in activities of at most 1000, polls each with backoff until Apple is
 * done, reads its log, stores the activity, its results and what changed, and writes the
 * audit log. TRUE when every activity ran to its end, whatever each device's result;
 * FALSE when a request failed (what was done stays stored). */
void                  adept_org_job_run_async     (AdeptOrgJob           *self,
                                                   GCancellable          *cancellable,
                                                   GAsyncReadyCallback    callback,
                                                   gpointer               user_data);
gboolean              adept_org_job_run_finish    (AdeptOrgJob           *self,
                                                   GAsyncResult          *result,
                                                   GError               **error);
gboolean              adept_org_job_run_sync      (AdeptOrgJob           *self,
                                                   GCancellable          *cancellable,
                                                   GError               **error);

AdeptOrgJobPhase      adept_org_job_get_phase     (AdeptOrgJob           *self);
double                adept_org_job_get_fraction  (AdeptOrgJob           *self);
AdeptOrgActivityType  adept_org_job_get_activity_type (AdeptOrgJob       *self);
/* The target server once resolved. */
const char           *adept_org_job_get_server_id (AdeptOrgJob           *self);
guint                 adept_org_job_get_n_devices (AdeptOrgJob           *self);
guint                 adept_org_job_get_n_succeeded (AdeptOrgJob         *self);
guint                 adept_org_job_get_n_failed  (AdeptOrgJob           *self);
/* Every device's AdeptOrgDeviceResult: Adept's refusals first, then Apple's answers. */
GPtrArray            *adept_org_job_get_results   (AdeptOrgJob           *self);
/* The AdeptOrgActivity objects created. */
GPtrArray            *adept_org_job_get_activities (AdeptOrgJob          *self);
/* One sentence for people: what was done to how many devices, and how many refused. */
char                 *adept_org_job_dup_summary   (AdeptOrgJob           *self);

/* What a running job is doing, for people ("Apple is working on it…"); NULL for READY,
 * DONE and FAILED. adeptctl prints it, the console shows it above its progress bar. */
const char           *adept_org_job_phase_describe (AdeptOrgJobPhase     phase);

/* Apple's migration rules, in one sentence (for a device Apple says cannot migrate). */
const char           *adept_org_migration_rules   (void);

G_END_DECLS
