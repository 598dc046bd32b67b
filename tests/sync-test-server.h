/* sync-test-server.h — the simulator in-process with Adept's client, a store and a sync
 * engine on it, as the sync and console tests set them up
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "adept-depsim.h"
#include "sync-test-util.h"

G_BEGIN_DECLS

typedef struct {
  char            *dir;      /* the store's temporary folder */
  AdeptDepsim     *sim;
  AdeptDepClient  *client;
  AdeptStore      *store;
  AdeptSyncEngine *engine;
  char            *credentials;   /* the token payload the simulator issued (a secret) */
  AdeptSession    *session;       /* sync_test_server_link_session() */
} SyncTestServer;

/* Starts a simulator of n_devices on 127.0.0.1, links a client with a token it issued,
 * opens a store in a new temporary folder and an engine for server_id. */
void   sync_test_server_start        (SyncTestServer *server,
                                      guint64         seed,
                                      guint           n_devices,
                                      const char     *server_id);
/* A console's session of the server on the store, linked with the same credentials as the
 * client (both stay valid) and connected; unlinked by sync_test_server_stop(). */
AdeptSession *sync_test_server_link_session (SyncTestServer *server);
/* Stops the simulator and removes the store's folder. */
void   sync_test_server_stop         (SyncTestServer *server);
/* n serial numbers of the simulated server from position first, NULL-terminated. */
GStrv  sync_test_server_dup_serials  (SyncTestServer *server,
                                      guint           first,
                                      guint           n);

G_END_DECLS
