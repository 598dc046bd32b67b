/* adept-org-server.h — an MDM server of the organisation (abm-api.md §2, MdmServer)
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Properties (read-only): "id", "name", "server-type" (MDM, APPLE_CONFIGURATOR,
 * APPLE_MDM), "created" and "updated" (Unix seconds), "is-this-server" (the server this
 * console is linked to: its id is the DEP server_uuid), "n-devices" (as last listed). */
#define ADEPT_TYPE_ORG_SERVER (adept_org_server_get_type ())
G_DECLARE_FINAL_TYPE (AdeptOrgServer, adept_org_server, ADEPT, ORG_SERVER, GObject)

AdeptOrgServer *adept_org_server_new            (const char     *id,
                                                 const char     *name,
                                                 const char     *server_type,
                                                 gint64          created,
                                                 gint64          updated);
/* A JSON:API mdmServers resource; NULL when it has no id. */
AdeptOrgServer *adept_org_server_new_from_json  (JsonObject     *resource);

const char     *adept_org_server_get_id         (AdeptOrgServer *self);
const char     *adept_org_server_get_name       (AdeptOrgServer *self);
const char     *adept_org_server_get_server_type (AdeptOrgServer *self);
gint64          adept_org_server_get_created    (AdeptOrgServer *self);
gint64          adept_org_server_get_updated    (AdeptOrgServer *self);
gboolean        adept_org_server_get_is_this_server (AdeptOrgServer *self);
void            adept_org_server_set_is_this_server (AdeptOrgServer *self,
                                                 gboolean        is_this);
guint           adept_org_server_get_n_devices  (AdeptOrgServer *self);
void            adept_org_server_set_n_devices  (AdeptOrgServer *self,
                                                 guint           n);

JsonObject     *adept_org_server_to_json        (AdeptOrgServer *self);

G_END_DECLS
