/* adept-batch-job.h — the one way serials go to Apple in batches: assign a profile, remove
 * it, or read the devices' records
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "adept-dep-client.h"
#include "adept-store.h"

G_BEGIN_DECLS

typedef enum {
  ADEPT_BATCH_ASSIGN,    /* PUT /profile/devices */
  ADEPT_BATCH_REMOVE,    /* DELETE /profile/devices */
  ADEPT_BATCH_DETAILS,   /* POST /devices: Apple's record of each device ("Refresh from Apple") */
} AdeptBatchKind;

/* Sends the serials in requests of at most ADEPT_DEP_MAX_BATCH, one after the other. Every
 * user of Apple's batch calls goes through it: the sync engine's auto-assigner and its
 * retries, AdeptSession's assign, remove and refresh, hence the console and adeptctl.
 *
 * What the answers leave in the store:
 *   ASSIGN   every device's answer becomes an assign attempt (THROTTLED and FAILED ones
 *            get a retry, see adept_store_record_assign()); a request that fails as a whole
 *            becomes an ERROR attempt per device (adept_store_record_assign_error()).
 *   REMOVE   nothing: Apple's new status arrives with the next sync.
 *   DETAILS  each record is stored like a fetch record, without moving the sync cursor.
 *            The caller holds the server's sync lock so no sync commits in between
 *            (AdeptSession does).
 *
 * The origin decides what a failed request does and whether the admin's audit log hears
 * of it: ADEPT_ASSIGN_ORIGIN_MANUAL (an admin's action) stops at the first request that
 * fails as a whole and writes one audit entry at the end; AUTO and RETRY (the auto-
 * assigner) record the failure per device and go on with the next request, and write no
 * audit entry. A store that cannot record an answer stops the job either way.
 *
 * Properties "fraction", "sent" and "finished" change after each request, for progress.
 * Signal "batch-done" (guint n_success, guint n_waiting): a request was answered, or
 * failed as a whole (0, its size); n_waiting serials got a retry. */
#define ADEPT_TYPE_BATCH_JOB (adept_batch_job_get_type ())
G_DECLARE_FINAL_TYPE (AdeptBatchJob, adept_batch_job, ADEPT, BATCH_JOB, GObject)

/* profile_uuid: required for ASSIGN; for REMOVE the profile the devices had, named in the
 * audit entry (may be NULL); ignored for DETAILS. Duplicate serials are sent once. */
AdeptBatchJob      *adept_batch_job_new          (AdeptBatchKind       kind,
                                                  AdeptDepClient      *client,
                                                  AdeptStore          *store,
                                                  const char          *server_id,
                                                  AdeptAssignOrigin    origin,
                                                  const char          *profile_uuid,
                                                  const char * const  *serials);
/* For the audit entry and the summary; the store's name, else the UUID, by default. */
void                adept_batch_job_set_profile_name (AdeptBatchJob   *self,
                                                  const char          *name);

/* Once. */
void                adept_batch_job_run_async    (AdeptBatchJob       *self,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
/* The answers of every device; NULL with the error that stopped the job
 * (adept_batch_job_get_results() still has the answers before it). */
AdeptDeviceResults *adept_batch_job_run_finish   (AdeptBatchJob       *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);

AdeptBatchKind      adept_batch_job_get_kind     (AdeptBatchJob       *self);
const char         *adept_batch_job_get_profile_uuid (AdeptBatchJob   *self);
const char         *adept_batch_job_get_profile_name (AdeptBatchJob   *self);
guint               adept_batch_job_get_total    (AdeptBatchJob       *self);
/* Devices whose request was answered. */
guint               adept_batch_job_get_sent     (AdeptBatchJob       *self);
guint               adept_batch_job_get_n_batches (AdeptBatchJob      *self);
guint               adept_batch_job_get_batches_done (AdeptBatchJob   *self);
double              adept_batch_job_get_fraction (AdeptBatchJob       *self);
gboolean            adept_batch_job_get_finished (AdeptBatchJob       *self);
AdeptDeviceResults *adept_batch_job_get_results  (AdeptBatchJob       *self);
/* The error that stopped the job, or NULL. */
const GError       *adept_batch_job_get_error    (AdeptBatchJob       *self);

/* What Apple answered, one translated line per kind of answer ("2,496 devices
 * assigned.", "1 throttled until 14:05; Adept tries again then."…). */
char               *adept_batch_job_dup_summary  (AdeptBatchJob       *self);

G_END_DECLS
