/* adept-depsim-abm-accounts.h — Apple Business API accounts, the OAuth 2 token endpoint
 * with its ES256 client assertion, and bearer tokens (abm-api.md §1)
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "adept-depsim-util.h"

G_BEGIN_DECLS

#define ADEPT_DEPSIM_ABM_AUDIENCE "https://account.apple.com/auth/oauth2/v2/token"
#define ADEPT_DEPSIM_ABM_SCOPE "business.api"
#define ADEPT_DEPSIM_ABM_ASSERTION_TYPE "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
/* The longest an assertion may live, from iat to exp. */
#define ADEPT_DEPSIM_ABM_MAX_ASSERTION_S (180 * 24 * 3600)
#define ADEPT_DEPSIM_ABM_TOKEN_LIFETIME_S 3600

#define ADEPT_TYPE_DEPSIM_ACCOUNTS (adept_depsim_accounts_get_type ())
G_DECLARE_FINAL_TYPE (AdeptDepsimAccounts, adept_depsim_accounts, ADEPT, DEPSIM_ACCOUNTS, GObject)

AdeptDepsimAccounts *adept_depsim_accounts_new            (void);

/* A new API account with an EC P-256 key; Apple keeps only the public half. Returns the
 * private key as PEM (PKCS#8, or SEC1 "EC PRIVATE KEY" when sec1), for the admin to
 * download; free it with adept_secret_free(). scope NULL: business.api; "": none. */
char                *adept_depsim_accounts_create         (AdeptDepsimAccounts  *self,
                                                           const char           *scope,
                                                           gboolean              sec1,
                                                           char                **client_id,
                                                           char                **key_id,
                                                           GError              **error);
/* FALSE for an unknown client id. */
gboolean             adept_depsim_accounts_revoke         (AdeptDepsimAccounts  *self,
                                                           const char           *client_id);
/* Space-separated scopes; "" takes every scope away (tokens already issued then get
 * 403 on the API). */
gboolean             adept_depsim_accounts_set_scope      (AdeptDepsimAccounts  *self,
                                                           const char           *client_id,
                                                           const char           *scope);
void                 adept_depsim_accounts_set_token_lifetime (AdeptDepsimAccounts *self,
                                                           guint                 seconds);
guint                adept_depsim_accounts_get_tokens_issued (AdeptDepsimAccounts *self);

/* POST /auth/oauth2/token: the form body in, the answer (JSON, or an OAuth error) out. */
void                 adept_depsim_accounts_token          (AdeptDepsimAccounts  *self,
                                                           const char           *body,
                                                           gsize                 len,
                                                           gint64                now_ms,
                                                           AdeptDepsimReply     *reply);

typedef enum {
  ADEPT_DEPSIM_BEARER_OK,
  ADEPT_DEPSIM_BEARER_MISSING,
  ADEPT_DEPSIM_BEARER_UNKNOWN,
  ADEPT_DEPSIM_BEARER_EXPIRED,
  ADEPT_DEPSIM_BEARER_REVOKED,
  ADEPT_DEPSIM_BEARER_NO_SCOPE,
} AdeptDepsimBearer;

/* Checks an Authorization header of the API. */
AdeptDepsimBearer    adept_depsim_accounts_check_bearer   (AdeptDepsimAccounts  *self,
                                                           const char           *authorization,
                                                           gint64                now_ms);

/* The live access tokens as a JSON array (for tests' leak checks). */
void                 adept_depsim_accounts_write_tokens   (AdeptDepsimAccounts  *self,
                                                           GString              *out);
/* The accounts' public halves (no secret: tokens are not saved, clients mint new ones). */
void                 adept_depsim_accounts_write_json     (AdeptDepsimAccounts  *self,
                                                           GString              *out);
void                 adept_depsim_accounts_read_json      (AdeptDepsimAccounts  *self,
                                                           JsonArray            *accounts);

G_END_DECLS
