/* bench-assign-util.h — what bench-sync and bench-assign do to the simulator's devices
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "adept-dep-client.h"
#include "adept-store.h"
#include "sync-test-util.h"

G_BEGIN_DECLS

/* The serial numbers the store keeps for the server, in its order. */
GPtrArray *bench_server_serials   (AdeptStore        *store,
                                   const char        *server_id);
/* Edits the asset tag of n devices at the simulator (a different tag for each run), so
 * that the next sync brings n changes. */
void       bench_change_devices   (SyncTestSimulator *sim,
                                   GPtrArray         *serials,
                                   guint              run,
                                   guint              n);
/* What the console does for "assign to every device", one request after the other:
 * batches of 1000, each answer stored per device. Adds the time spent in requests and in
 * storing to *requests_s and *store_s (either may be NULL); the devices assigned. */
guint      bench_assign_all       (AdeptDepClient    *client,
                                   AdeptStore        *store,
                                   const char        *server_id,
                                   const char        *profile,
                                   GPtrArray         *serials,
                                   double            *requests_s,
                                   double            *store_s);
/* The same through AdeptBatchJob, the console's and adeptctl's way (the next request out
 * while an answer is stored); the devices assigned. */
guint      bench_assign_all_job   (AdeptDepClient    *client,
                                   AdeptStore        *store,
                                   const char        *server_id,
                                   const char        *profile,
                                   GPtrArray         *serials);
/* Empties the store's assign attempts, so that an assignment starts from the same store
 * as the one before it. */
void       bench_forget_attempts  (AdeptStore        *store);

G_END_DECLS
