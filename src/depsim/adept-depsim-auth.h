/* adept-depsim-auth.h — the simulated server token's credentials, OAuth checks of
 * GET /session, sessions, and the terms and conditions
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "adept-depsim-util.h"

G_BEGIN_DECLS

#define ADEPT_DEPSIM_DEFAULT_IDLE_TIMEOUT_MS (5 * 60 * 1000)
/* Accepted distance of oauth_timestamp from the real clock. */
#define ADEPT_DEPSIM_TIMESTAMP_WINDOW_S 300

#define ADEPT_TYPE_DEPSIM_AUTH (adept_depsim_auth_get_type ())
G_DECLARE_FINAL_TYPE (AdeptDepsimAuth, adept_depsim_auth, ADEPT, DEPSIM_AUTH, GObject)

AdeptDepsimAuth *adept_depsim_auth_new                 (void);

/* New access token and secret (the consumer key and secret stay those of the server, as
 * in ABM), expiring one year after now_ms. Every earlier token stops working. Returns
 * the token's JSON payload; free it with adept_secret_free(). */
char            *adept_depsim_auth_issue               (AdeptDepsimAuth  *self,
                                                        const char       *org_id,
                                                        gint64            now_ms);
void             adept_depsim_auth_revoke              (AdeptDepsimAuth  *self);
void             adept_depsim_auth_set_terms_required  (AdeptDepsimAuth  *self,
                                                        gboolean          required);
gboolean         adept_depsim_auth_get_terms_required  (AdeptDepsimAuth  *self);
/* Also accept the fixed credentials of Apple's depsim (dep-api.md §5.1). */
void             adept_depsim_auth_set_accept_depsim_credentials (AdeptDepsimAuth *self,
                                                                  gboolean         accept);
gboolean         adept_depsim_auth_get_accept_depsim_credentials (AdeptDepsimAuth *self);
/* The JSON of GET /token: the fixed depsim credentials. */
char            *adept_depsim_auth_dup_depsim_credentials_json   (void);

void             adept_depsim_auth_set_idle_timeout    (AdeptDepsimAuth  *self,
                                                        guint             ms);
/* Every n-th call on a session answers with a new X-ADM-Auth-Session; 0: never. */
void             adept_depsim_auth_set_rotate_every    (AdeptDepsimAuth  *self,
                                                        guint             n);
void             adept_depsim_auth_expire_sessions     (AdeptDepsimAuth  *self);
guint            adept_depsim_auth_get_sessions_opened (AdeptDepsimAuth  *self);

/* GET /session: checks the OAuth header against url and fills the reply. */
void             adept_depsim_auth_open_session        (AdeptDepsimAuth  *self,
                                                        const char       *authorization,
                                                        const char       *method,
                                                        const char       *url,
                                                        gint64            now_ms,
                                                        AdeptDepsimReply *reply);
/* Every other call. FALSE with the reply filled when the session is not usable; a
 * rotated session token to send back lands in rotated. */
gboolean         adept_depsim_auth_use_session         (AdeptDepsimAuth  *self,
                                                        const char       *token,
                                                        gint64            now_ms,
                                                        char            **rotated,
                                                        AdeptDepsimReply *reply);

/* with_credentials FALSE: the four credentials are left out (see
 * adept_depsim_set_persist_credentials). */
void             adept_depsim_auth_write_json          (AdeptDepsimAuth  *self,
                                                        gboolean          with_credentials,
                                                        GString          *out);
/* Gives the current token these credentials again (after a state file without them). */
void             adept_depsim_auth_adopt               (AdeptDepsimAuth  *self,
                                                        const char       *consumer_key,
                                                        const char       *consumer_secret,
                                                        const char       *access_token,
                                                        const char       *access_secret,
                                                        gint64            expiry_ms);
void             adept_depsim_auth_read_json           (AdeptDepsimAuth  *self,
                                                        JsonObject       *object);

G_END_DECLS
