/* sync-test-util.h — what the sync tests, the SIGKILL helper and the benchmark share
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "adept-dep-client.h"
#include "adept-store.h"
#include "adept-sync-engine.h"

G_BEGIN_DECLS

/* Adept's DEP client for a simulator, from the token payload JSON the simulator issued
 * (adept_depsim_issue_credentials()). */
AdeptDepClient    *sync_test_client_new       (const char       *base_url,
                                               const char       *credentials_json);

/* Iterates the main context until adept_test_store_result() filled *slot; returns it. */
GAsyncResult      *sync_test_wait             (GAsyncResult    **slot);

/* Runs one sync to its end on the thread-default main context. */
AdeptJournalEntry *sync_test_run              (AdeptSyncEngine  *engine,
                                               AdeptSyncFlags    flags,
                                               GError          **error);

/* Defines a profile at the server and returns its UUID. */
char              *sync_test_define_profile   (AdeptDepClient   *client,
                                               const char       *name);
/* Assigns or removes (profile_uuid NULL) a profile of serials directly, as another tool
 * or an admin would. */
void               sync_test_set_profile      (AdeptDepClient     *client,
                                               const char         *profile_uuid,
                                               const char * const *serials);

/* The newest assign attempt the store keeps for a device; fails the test without one. */
AdeptAssignAttempt *sync_test_last_attempt    (AdeptStore       *store,
                                               const char       *server_id,
                                               const char       *serial);

/* Asserts that the store's current devices are exactly the simulator's, field by field
 * (truth_json: adept_depsim_dup_truth_json()). Returns how many were compared. */
guint              sync_test_assert_store_matches (AdeptStore   *store,
                                               const char       *server_id,
                                               const char       *truth_json);

/* The simulator program in its own process (as Apple is another machine), killed with
 * this process if the test dies. */
typedef struct {
  GSubprocess *process;
  char        *base;
  SoupSession *http;
  char        *credentials;   /* token payload JSON of Apple's fixed depsim credentials */
} SyncTestSimulator;

/* program: NULL for $ADEPT_DEPSIM; args: its options (--accept-depsim-credentials is
 * added). */
void               sync_test_simulator_start  (SyncTestSimulator  *sim,
                                               const char         *program,
                                               const char * const *args);
void               sync_test_simulator_stop   (SyncTestSimulator  *sim);
/* An HTTP call to the simulator (path "/_adept/state", "/token"…); aborts unless 200. */
char              *sync_test_simulator_call   (SyncTestSimulator  *sim,
                                               const char         *method,
                                               const char         *path,
                                               const char         *json);
/* Links server through adeptctl as a new admin would: key pair, public key to "ABM" (the
 * simulator), the token back into workdir, token import. */
void               sync_test_link_with_adeptctl (SyncTestSimulator *sim,
                                                 const char        *server,
                                                 const char        *workdir);

G_END_DECLS
