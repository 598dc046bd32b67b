/* adept-nanodep-session.h — a DEP server reached through a team's NanoDEP server
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "adept-nanodep-client.h"
#include "adept-session.h"

G_BEGIN_DECLS

#define ADEPT_SERVER_KIND_NAME_NANODEP "nanodep"

/* The kind "nanodep" (design.md §7, dep-api.md §5.2–§6): a DEP name on a NanoDEP server the
 * team shares. NanoDEP keeps the key pair and the server token, proxies Apple's API and
 * its depsyncer gives new devices the team's default profile while every console is
 * closed. This computer keeps the NanoDEP server's API key (keyring), its URL and the DEP
 * name (server.ini, group "nanodep", with the fingerprint of the public key last
 * downloaded here), and its own copy of the devices with its own sync cursor.
 *
 * How the steps map onto NanoDEP:
 *   public key  GET /v1/tokenpki/NAME: each call makes NanoDEP a NEW key pair, so a token
 *               made for an earlier download no longer decrypts (CAUTION_KEY says so once
 *               a key was downloaded here; a "wrong key" upload names the last download).
 *   inspect     reads the envelope only (NanoDEP alone can decrypt): ADEPT_ERROR_FAILED
 *               for a token, the usual errors for anything else.
 *   link/renew  PUT /v1/tokenpki/NAME (ADEPT_SESSION_LINK_FORCE: ?force=1), then the
 *               server's facts from /proxy/NAME/account. NanoDEP answers the token's OAuth
 *               secrets: only the expiry is read, the rest wiped. A refused upload stores
 *               nothing here; what NanoDEP did is in the error's sentence, and after a
 *               success in a notice.
 *   client      Apple's API through /proxy/NAME (X-Server-Protocol-Version sent by Adept).
 *   default     PUT /v1/assigner/NAME (NanoDEP cannot clear it: clearing is refused).
 *   auto-assign ADEPT_AUTO_ASSIGN_NOT_ADDED: depsyncer assigns the devices that arrive as
 *               "added" in its sync phase; this console's sync covers its first fetch and
 *               the "modified" ones.
 *   after sync  the team's default (the assigner) becomes this console's, and profiles
 *               seen on devices or in the assigner that the store lacks are adopted.
 *   unlink      forgets the server on this computer only; NanoDEP keeps everything.
 * Never: NanoDEP's route that answers a token's OAuth secrets. */
#define ADEPT_TYPE_NANODEP_SESSION (adept_nanodep_session_get_type ())
G_DECLARE_FINAL_TYPE (AdeptNanodepSession, adept_nanodep_session, ADEPT, NANODEP_SESSION, AdeptSession)

/* Sets the server up (Add DEP Server…, adeptctl server add --nanodep): checks the API key
 * and the name with NanoDEP, then keeps the key in the keyring and the URL and name in
 * server.ini. A name NanoDEP has linked to Apple is joined: the session links and
 * connects, with Apple's facts for it (a second admin). A new name, or one not linked yet,
 * leaves the session unlinked for the link steps. On a server set up already with the same
 * URL and name it replaces the API key. Nothing is stored unless it succeeds. Queued. */
void          adept_nanodep_session_set_up_async    (AdeptNanodepSession  *self,
                                                     const char           *url,
                                                     const char           *api_key,
                                                     const char           *dep_name,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean      adept_nanodep_session_set_up_finish   (AdeptNanodepSession  *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

/* The API key in what a key file holds (read with ADEPT_INPUT_API_KEY): its one line, without
 * surrounding white space, in secret memory (free with adept_secret_free()).
 * ADEPT_ERROR_FILE naming the file (name) when it holds no line or more than one. */
char         *adept_nanodep_api_key_from_file       (GBytes               *contents,
                                                     const char           *name,
                                                     GError              **error);

/* What server.ini keeps; NULL before set-up (or no key downloaded here). */
char         *adept_nanodep_session_dup_url         (AdeptNanodepSession  *self);
char         *adept_nanodep_session_dup_dep_name    (AdeptNanodepSession  *self);
char         *adept_nanodep_session_dup_key_fingerprint  (AdeptNanodepSession *self);
GDateTime    *adept_nanodep_session_dup_key_downloaded_at (AdeptNanodepSession *self);
gboolean      adept_nanodep_session_is_set_up       (AdeptNanodepSession  *self);

/* What runs after each sync, for a caller that wants it now: the team's default from
 * NanoDEP's assigner, and the unknown profiles adopted. Not queued itself (its adopts
 * and the default are). */
void          adept_nanodep_session_reconcile_async  (AdeptNanodepSession  *self,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
gboolean      adept_nanodep_session_reconcile_finish (AdeptNanodepSession  *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);

G_END_DECLS
