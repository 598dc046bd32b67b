/* adept-profile-job.h — assign a profile to many devices, or remove it, in Apple's batches
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
  ADEPT_PROFILE_JOB_ASSIGN,
  ADEPT_PROFILE_JOB_REMOVE,
} AdeptProfileJobKind;

/* Sends the serials in requests of at most ADEPT_DEP_MAX_BATCH, one after the other,
 * records every answer of an assignment in the store (assign attempts, so throttled and
 * failed devices are retried), and writes one audit entry at the end. It stops at the
 * first request that fails as a whole; the answers so far are kept.
 *
 * Properties "fraction" and "sent" change after each request, for a progress bar. */
#define ADEPT_TYPE_PROFILE_JOB (adept_profile_job_get_type ())
G_DECLARE_FINAL_TYPE (AdeptProfileJob, adept_profile_job, ADEPT, PROFILE_JOB, GObject)

AdeptProfileJob    *adept_profile_job_new          (AdeptProfileJobKind   kind,
                                                    AdeptDepClient       *client,
                                                    AdeptStore           *store,
                                                    const char           *server_id,
                                                    const char           *profile_uuid,
                                                    const char           *profile_name,
                                                    const char * const   *serials);

void                adept_profile_job_run_async    (AdeptProfileJob      *self,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
/* The answers of every device; NULL with the error of the request that stopped the job
 * (adept_profile_job_get_results() still has the answers before it). */
AdeptDeviceResults *adept_profile_job_run_finish   (AdeptProfileJob      *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

AdeptProfileJobKind adept_profile_job_get_kind     (AdeptProfileJob      *self);
guint               adept_profile_job_get_total    (AdeptProfileJob      *self);
/* Devices whose request was answered. */
guint               adept_profile_job_get_sent     (AdeptProfileJob      *self);
guint               adept_profile_job_get_n_batches (AdeptProfileJob     *self);
guint               adept_profile_job_get_batches_done (AdeptProfileJob  *self);
double              adept_profile_job_get_fraction (AdeptProfileJob      *self);
gboolean            adept_profile_job_get_finished (AdeptProfileJob      *self);
AdeptDeviceResults *adept_profile_job_get_results  (AdeptProfileJob      *self);
/* The error that stopped the job, or NULL. */
const GError       *adept_profile_job_get_error    (AdeptProfileJob      *self);

/* What Apple answered, one translated line per kind of answer ("2,496 devices
 * assigned.", "1 throttled until 14:05; Adept tries again then."…). */
char               *adept_profile_job_dup_summary  (AdeptProfileJob      *self);

G_END_DECLS
