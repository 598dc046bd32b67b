/* nanodep-fixture.h — a real NanoDEP (depserver, depsyncer v0.7.0) for the backend tests
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * build-aux/build-nanodep.sh builds the binaries into BUILDDIR/nanodep (ADEPT_NANODEP_DIR
 * in the test environment). A test starts with nanodep_fixture_require(), then:
 *
 *   sim = adept_depsim_new (seed, n); adept_depsim_start (sim, 0, &error);
 *   f = nanodep_fixture_new (nanodep_fixture_storage_from_env ());
 *   nanodep_fixture_point_name (f, "team", adept_depsim_get_base_url (sim));   BEFORE any
 *       proxy call for the name: NanoDEP's proxy keeps the address it first resolved
 *   … Adept's AdeptNanodepClient on nanodep_fixture_get_url (f) / _get_api_key (f) …
 *   nanodep_fixture_start_syncer (f, "team");
 *   nanodep_fixture_wait_for_sync (f, sim, 1);       its first fetch and sync are done
 *   adept_depsim_add_devices (sim, 3, TRUE);
 *   nanodep_fixture_sync_now (f);                    SIGHUP: depsyncer syncs at once
 *   nanodep_fixture_wait_until (check, data, ms, "what");   poll the simulator's truth
 *   nanodep_fixture_free (f);                        stops both, removes the files
 *
 * Every wait iterates the thread-default main context (the in-process simulator answers
 * NanoDEP from it) until a condition holds, and fails the test past its deadline: no
 * sleeps. With PostgreSQL storage the test runs under tests/with-pgsql.sh (a throwaway
 * cluster from pg_virtualenv -t): each fixture makes its own database and loads NanoDEP's
 * storage/pgsql/schema.sql from the Go module cache.
 */
#pragma once

#include <gio/gio.h>

#include "adept-depsim.h"

G_BEGIN_DECLS

typedef enum {
  NANODEP_FIXTURE_FILEKV,
  NANODEP_FIXTURE_PGSQL,
} NanodepFixtureStorage;

typedef struct _NanodepFixture NanodepFixture;

/* Exits 77 (a skip) with "skipped: Go ≥ 1.24 is needed to build NanoDEP" when the binaries
 * are not built; call it first in main(). */
void                  nanodep_fixture_require          (void);
/* PGSQL when the test runs under with-pgsql.sh (ADEPT_NANODEP_STORAGE=pgsql). */
NanodepFixtureStorage nanodep_fixture_storage_from_env (void);
const char           *nanodep_fixture_storage_name     (NanodepFixtureStorage storage);

/* Starts depserver on a free loopback port with its own storage and a random API key,
 * and waits until it answers. */
NanodepFixture *nanodep_fixture_new            (NanodepFixtureStorage  storage);
/* Stops depsyncer and depserver, removes the files. */
void            nanodep_fixture_free           (NanodepFixture        *self);

const char     *nanodep_fixture_get_url        (NanodepFixture        *self);
const char     *nanodep_fixture_get_api_key    (NanodepFixture        *self);
/* The -storage-dsn both programs use: the filekv folder, or a PostgreSQL conninfo whose
 * host, port, user and password come from the environment. */
char           *nanodep_fixture_dup_dsn        (NanodepFixture        *self);
/* depserver's log (one line per request, with its method and path). */
char           *nanodep_fixture_dup_server_log (NanodepFixture        *self);
char           *nanodep_fixture_dup_syncer_log (NanodepFixture        *self);

/* A request to depserver by plain libsoup (not Adept's client), logged in with the API
 * key; returns the status and, when answer is not NULL, the body. */
guint           nanodep_fixture_request        (NanodepFixture        *self,
                                                const char            *method,
                                                const char            *path,
                                                const char            *body,
                                                char                 **answer);
/* PUT /v1/config/NAME {"base_url": dep_url}. */
void            nanodep_fixture_point_name     (NanodepFixture        *self,
                                                const char            *name,
                                                const char            *dep_url);
/* Stops depserver (the backend is down); nanodep_fixture_free() still cleans up. */
void            nanodep_fixture_stop_server    (NanodepFixture        *self);

/* depsyncer for one name, continuously (a cycle a day unless sync_now), assigning
 * devices that arrive as "added" the name's assigner profile. */
void            nanodep_fixture_start_syncer   (NanodepFixture        *self,
                                                const char            *name);
/* Waits until the simulator has answered n sync requests (its first cycle is a fetch,
 * then one sync). */
void            nanodep_fixture_wait_for_sync  (NanodepFixture        *self,
                                                AdeptDepsim           *sim,
                                                guint                  n);
/* SIGHUP, which depsyncer takes as "sync now". */
void            nanodep_fixture_sync_now       (NanodepFixture        *self);
void            nanodep_fixture_stop_syncer    (NanodepFixture        *self);

typedef gboolean (*NanodepFixtureCheck) (gpointer user_data);

/* Iterates the thread-default main context until check is TRUE; fails the test with
 * "what" after timeout_ms. */
void            nanodep_fixture_wait_until     (NanodepFixtureCheck    check,
                                                gpointer               user_data,
                                                guint                  timeout_ms,
                                                const char            *what);

/* The profile the simulator has for a serial ("" for none), NULL for a serial it lacks. */
char           *nanodep_fixture_dup_sim_profile (AdeptDepsim          *sim,
                                                 const char           *serial);
/* Waits (as nanodep_fixture_wait_until) until the simulator has uuid on every serial. */
void            nanodep_fixture_wait_assigned  (AdeptDepsim           *sim,
                                                char                 **serials,
                                                const char            *uuid,
                                                guint                  timeout_ms,
                                                const char            *what);
/* NanoDEP's assigner profile for a name (GET /v1/assigner/NAME), NULL when none. */
char           *nanodep_fixture_dup_assigner   (NanodepFixture        *self,
                                                const char            *name);

G_END_DECLS
