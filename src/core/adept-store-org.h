/* adept-store-org.h — the organisation in the local store: its Apple Business API
 * connection, MDM servers, devices (beside the DEP devices, joined by serial) and the
 * activities run on them with their per-device results
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "adept-org-activity.h"
#include "adept-org-device.h"
#include "adept-org-server.h"
#include "adept-store.h"

G_BEGIN_DECLS

/* The connection of an organisation: nothing secret (the key is in the keyring). */
typedef struct {
  char   *org_id;
  char   *client_id;
  char   *key_id;
  char   *token_url;   /* NULL: Apple's */
  char   *api_url;     /* NULL: Apple's */
  gint64  connected;   /* first token obtained, 0: never */
  gint64  listed;      /* last complete listing, 0: never */
} AdeptStoredOrg;

void            adept_stored_org_free          (AdeptStoredOrg *org);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AdeptStoredOrg, adept_stored_org_free)

/* Who sees the organisation: this console's server (the DEP devices joined in) and its
 * id among the organisation's MDM servers (the DEP server_uuid). Either may be NULL. */
typedef struct {
  const char *org_id;
  const char *dep_server;      /* adept server id of the store's devices table */
  const char *this_server_id;  /* the DEP server_uuid */
} AdeptOrgView;

/* Saves the connection; connected 0 keeps the stored time. */
gboolean        adept_store_save_org           (AdeptStore            *self,
                                                const AdeptStoredOrg  *org,
                                                GError               **error);
/* NULL without an error when the organisation was never connected. */
AdeptStoredOrg *adept_store_get_org            (AdeptStore            *self,
                                                const char            *org_id,
                                                GError               **error);
/* Forgets the organisation's rows (the audit log keeps its entries). */
gboolean        adept_store_delete_org         (AdeptStore            *self,
                                                const char            *org_id,
                                                GError               **error);

/* A listing: begin (returns its generation), servers, pages of devices and of each
 * server's devices in any order, end. Only end marks the devices no page named as
 * released and those no server named as unassigned; a listing that stops half-way
 * leaves what was there. Each call is one transaction. */
gint64          adept_store_org_begin_listing  (AdeptStore            *self,
                                                const char            *org_id,
                                                GError               **error);
gboolean        adept_store_org_save_servers   (AdeptStore            *self,
                                                const char            *org_id,
                                                GPtrArray             *servers,
                                                GError               **error);
/* devices: AdeptOrgDeviceData, server_id not used (server pages say it). */
gboolean        adept_store_org_commit_devices (AdeptStore            *self,
                                                const char            *org_id,
                                                gint64                 gen,
                                                GArray                *devices,
                                                GError               **error);
gboolean        adept_store_org_commit_server_devices (AdeptStore      *self,
                                                const char            *org_id,
                                                gint64                 gen,
                                                const char            *server_id,
                                                GPtrArray             *serials,
                                                GError               **error);
gboolean        adept_store_org_end_listing    (AdeptStore            *self,
                                                const char            *org_id,
                                                gint64                 gen,
                                                GError               **error);

/* The servers with their device counts, sorted by name. */
GPtrArray      *adept_store_org_list_servers   (AdeptStore            *self,
                                                const AdeptOrgView    *view,
                                                GError               **error);
/* Current devices sorted by serial, placement NULL for all. */
GPtrArray      *adept_store_org_list_devices   (AdeptStore            *self,
                                                const AdeptOrgView    *view,
                                                const AdeptOrgPlacement *placement,
                                                GError               **error);
/* NULL without an error when the organisation has no such (current) device. */
AdeptOrgDevice *adept_store_org_get_device     (AdeptStore            *self,
                                                const AdeptOrgView    *view,
                                                const char            *serial,
                                                GError               **error);
/* Bumped by every change of the organisation's devices. */
gint64          adept_store_org_get_change_seq (AdeptStore            *self,
                                                const char            *org_id);

/* Saves an activity (and its per-device results once it has them). */
gboolean        adept_store_org_save_activity  (AdeptStore            *self,
                                                const char            *org_id,
                                                AdeptOrgActivity      *activity,
                                                GError               **error);
/* What a completed activity did to the devices that succeeded (server, migration). */
gboolean        adept_store_org_apply_activity (AdeptStore            *self,
                                                const char            *org_id,
                                                AdeptOrgActivity      *activity,
                                                GError               **error);
/* With its results; NULL without an error when unknown. */
AdeptOrgActivity *adept_store_org_get_activity (AdeptStore            *self,
                                                const char            *org_id,
                                                const char            *id,
                                                GError               **error);
/* Newest first, without results; limit 0 for all. */
GPtrArray      *adept_store_org_list_activities (AdeptStore           *self,
                                                const char            *org_id,
                                                guint                  limit,
                                                GError               **error);

G_END_DECLS
