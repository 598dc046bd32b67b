/* adept-org.h — an organisation as this console sees it through the Apple Business API:
 * its connection, its devices and servers listed into the store (abm-api.md)
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "adept-business-client.h"
#include "adept-store-org.h"

G_BEGIN_DECLS

/* Signal "listing-progress" (guint listed, guint total): devices listed so far of the
 * total Apple announced (0 until known). */
#define ADEPT_TYPE_ORG (adept_org_get_type ())
G_DECLARE_FINAL_TYPE (AdeptOrg, adept_org, ADEPT, ORG, GObject)

/* view: the organisation and this console's server in it (see AdeptOrgView). */
AdeptOrg            *adept_org_new                (AdeptStore            *store,
                                                   AdeptBusinessClient   *client,
                                                   const AdeptOrgView    *view);
AdeptStore          *adept_org_get_store          (AdeptOrg              *self);
AdeptBusinessClient *adept_org_get_client         (AdeptOrg              *self);
const AdeptOrgView  *adept_org_get_view           (AdeptOrg              *self);
const char          *adept_org_get_org_id         (AdeptOrg              *self);

/* Connect Apple Business API: obtains a token with the account (refusals name what is
 * wrong: ADEPT_ERROR_API_ACCOUNT_REJECTED, _REVOKED, _SCOPE_MISSING), then keeps the
 * account in the keyring and its ids and URLs in the store, and writes the audit log.
 * Nothing is kept when Apple refuses. dep_server (may be NULL) names the console's
 * server in the audit entry. URLs NULL: Apple's. */
void                 adept_org_connect_async      (AdeptStore            *store,
                                                   AdeptBusinessAccount  *account,
                                                   const char            *token_url,
                                                   const char            *api_url,
                                                   const char            *dep_server,
                                                   GCancellable          *cancellable,
                                                   GAsyncReadyCallback    callback,
                                                   gpointer               user_data);
gboolean             adept_org_connect_finish     (GAsyncResult          *result,
                                                   GError               **error);
/* The connected organisation of view: the account from the keyring, the URLs from the
 * store. ADEPT_ERROR_API_NOT_CONNECTED when it never was. */
void                 adept_org_open_async         (AdeptStore            *store,
                                                   const AdeptOrgView    *view,
                                                   GCancellable          *cancellable,
                                                   GAsyncReadyCallback    callback,
                                                   gpointer               user_data);
AdeptOrg            *adept_org_open_finish        (GAsyncResult          *result,
                                                   GError               **error);
/* Forgets the account (keyring) and the organisation's rows (store); audited. */
void                 adept_org_disconnect_async   (AdeptStore            *store,
                                                   const char            *org_id,
                                                   const char            *dep_server,
                                                   GCancellable          *cancellable,
                                                   GAsyncReadyCallback    callback,
                                                   gpointer               user_data);
gboolean             adept_org_disconnect_finish  (GAsyncResult          *result,
                                                   GError               **error);

/* Lists the MDM servers, every device and each server's devices into the store (at most
 * ADEPT_BUSINESS_MAX_IN_FLIGHT requests at once, each page committed as it comes). A
 * listing that fails keeps what it stored and marks nothing released. */
void                 adept_org_refresh_async      (AdeptOrg              *self,
                                                   GCancellable          *cancellable,
                                                   GAsyncReadyCallback    callback,
                                                   gpointer               user_data);
gboolean             adept_org_refresh_finish     (AdeptOrg              *self,
                                                   GAsyncResult          *result,
                                                   GError               **error);

/* An MDM server of the organisation by id or name (case-insensitive), from the store;
 * NULL when none is. */
AdeptOrgServer      *adept_org_find_server        (AdeptOrg              *self,
                                                   const char            *id_or_name,
                                                   GError               **error);

/* An admin action, for the store's audit log. */
void                 adept_org_audit              (AdeptOrg              *self,
                                                   const char            *action,
                                                   const char            *details);

/* Blocking forms for adeptctl and tests. */
gboolean             adept_org_connect_sync       (AdeptStore            *store,
                                                   AdeptBusinessAccount  *account,
                                                   const char            *token_url,
                                                   const char            *api_url,
                                                   const char            *dep_server,
                                                   GCancellable          *cancellable,
                                                   GError               **error);
AdeptOrg            *adept_org_open_sync          (AdeptStore            *store,
                                                   const AdeptOrgView    *view,
                                                   GCancellable          *cancellable,
                                                   GError               **error);
gboolean             adept_org_refresh_sync       (AdeptOrg              *self,
                                                   GCancellable          *cancellable,
                                                   GError               **error);

G_END_DECLS
