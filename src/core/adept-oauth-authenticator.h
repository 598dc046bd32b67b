/* adept-oauth-authenticator.h — Apple's DEP session: OAuth 1.0a GET /session, then
 * X-ADM-Auth-Session on every call (dep-api.md §2)
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "adept-authenticator.h"
#include "adept-oauth1.h"
#include "adept-server-token.h"

G_BEGIN_DECLS

#define ADEPT_TYPE_OAUTH_AUTHENTICATOR (adept_oauth_authenticator_get_type ())
G_DECLARE_FINAL_TYPE (AdeptOAuthAuthenticator, adept_oauth_authenticator, ADEPT, OAUTH_AUTHENTICATOR, GObject)

/* Copies the four credentials of a server token (adept_server_token_get_*()); the copies
 * and the session are wiped when the authenticator is finalized. The session lives in
 * memory only. */
AdeptOAuthAuthenticator *adept_oauth_authenticator_new         (const AdeptOAuth1Credentials *credentials);
/* The same with the credentials of a server token (adept_server_load_token_finish()). */
AdeptOAuthAuthenticator *adept_oauth_authenticator_new_for_token (AdeptServerToken           *token);

/* Whether a session is held now (it is fetched on the first call). */
gboolean                 adept_oauth_authenticator_has_session (AdeptOAuthAuthenticator      *self);
/* Drops the session: the next call starts a new one. */
void                     adept_oauth_authenticator_forget_session (AdeptOAuthAuthenticator   *self);

G_END_DECLS
