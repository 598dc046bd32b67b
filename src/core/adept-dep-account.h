/* adept-dep-account.h — the MDM server and organisation behind a token (GET /account)
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define ADEPT_TYPE_DEP_ACCOUNT (adept_dep_account_get_type ())
G_DECLARE_FINAL_TYPE (AdeptDepAccount, adept_dep_account, ADEPT, DEP_ACCOUNT, GObject)

/* AccountDetail (dep-api.md §3.1). Missing members are NULL; a missing server_uuid is
 * ADEPT_ERROR_MALFORMED_RESPONSE, as nothing could tell servers apart then. */
AdeptDepAccount *adept_dep_account_new_from_json (JsonObject       *object,
                                                  GError          **error);
JsonObject      *adept_dep_account_to_json       (AdeptDepAccount  *self);

const char *adept_dep_account_get_server_name    (AdeptDepAccount *self);
const char *adept_dep_account_get_server_uuid    (AdeptDepAccount *self);
/* The Apple Account that made the token. */
const char *adept_dep_account_get_admin_id       (AdeptDepAccount *self);
const char *adept_dep_account_get_facilitator_id (AdeptDepAccount *self);
const char *adept_dep_account_get_org_name       (AdeptDepAccount *self);
const char *adept_dep_account_get_org_email      (AdeptDepAccount *self);
const char *adept_dep_account_get_org_phone      (AdeptDepAccount *self);
const char *adept_dep_account_get_org_address    (AdeptDepAccount *self);
const char *adept_dep_account_get_org_id         (AdeptDepAccount *self);
const char *adept_dep_account_get_org_id_hash    (AdeptDepAccount *self);
/* "edu", "org" or "tvprovider". */
const char *adept_dep_account_get_org_type       (AdeptDepAccount *self);
/* "v1" (Apple School/Business Manager before 2019) or "v2". */
const char *adept_dep_account_get_org_version    (AdeptDepAccount *self);

/* The URIs of the "urls" list, e.g. "/server/devices"; NULL-terminated, maybe empty. */
char      **adept_dep_account_dup_uris           (AdeptDepAccount *self);
/* TRUE when the account lists the URI with that method ("POST"). */
gboolean    adept_dep_account_supports           (AdeptDepAccount *self,
                                                  const char      *uri,
                                                  const char      *method);
/* The page limits Apple advertises for a URI; FALSE when it gives none. */
gboolean    adept_dep_account_get_limit          (AdeptDepAccount *self,
                                                  const char      *uri,
                                                  guint           *default_limit,
                                                  guint           *maximum_limit);

G_END_DECLS
