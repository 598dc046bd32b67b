/* adept-direct-session.h — a DEP server reached directly: Apple's API with keys in this
 * user's keyring
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "adept-session.h"

G_BEGIN_DECLS

/* The kind "local": the key pair is made here (its private half in the keyring, the
 * certificate in the server's folder), the token is decrypted here and its OAuth
 * credentials kept in the keyring, and the DEP client signs /session with OAuth 1.0a
 * itself (AdeptServer does the storing). One admin, one workstation. */
#define ADEPT_TYPE_DIRECT_SESSION (adept_direct_session_get_type ())
G_DECLARE_FINAL_TYPE (AdeptDirectSession, adept_direct_session, ADEPT, DIRECT_SESSION, AdeptSession)

/* Migration from another MDM: an existing PEM key and certificate (see
 * adept_server_import_key_pair_async()). Queued like every operation ("key-imported" in the
 * audit log). */
void          adept_direct_session_import_key_pair_async  (AdeptDirectSession   *self,
                                                           const char           *key_pem,
                                                           const char           *cert_pem,
                                                           AdeptServerKeyFlags   flags,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
AdeptKeyPair *adept_direct_session_import_key_pair_finish (AdeptDirectSession   *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);
/* The key pair, made when there is none (common_name NULL: the default), or replaced with
 * ADEPT_SERVER_KEY_REPLACE (see adept_server_ensure_key_pair_async()). Queued. */
void          adept_direct_session_ensure_key_pair_async  (AdeptDirectSession   *self,
                                                           const char           *common_name,
                                                           AdeptServerKeyFlags   flags,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
AdeptKeyPair *adept_direct_session_ensure_key_pair_finish (AdeptDirectSession   *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);

G_END_DECLS
