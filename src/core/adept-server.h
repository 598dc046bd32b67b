/* adept-server.h — one linked DEP server: its credentials, its files and its state; the
 * unit that Link and Unlink act on
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "adept-dep-client.h"

#include "adept-key-pair.h"
#include "adept-server-token.h"

G_BEGIN_DECLS


/* Where the keys live. Only LOCAL exists today (keys in this user's keyring, Apple called
 * directly); an MDM backend that keeps them for a team (design.md §7) will be another kind,
 * recorded in the same server.ini. */
typedef enum {
  ADEPT_SERVER_KIND_LOCAL,
} AdeptServerKind;

typedef enum {
  ADEPT_SERVER_KEY_NONE = 0,
  /* Replace an existing key pair (also a half-present one, or while linked). A token
   * issued for the old certificate can then no longer be decrypted: the new public key
   * must be uploaded to Apple Business Manager before the next renewal. */
  ADEPT_SERVER_KEY_REPLACE = 1 << 0,
} AdeptServerKeyFlags;

/* Names of the facts GET /account gives, as adept_server_set_account_facts() keeps them. */
#define ADEPT_ACCOUNT_SERVER_NAME "server_name"
#define ADEPT_ACCOUNT_SERVER_UUID "server_uuid"
#define ADEPT_ACCOUNT_ADMIN_ID    "admin_id"
#define ADEPT_ACCOUNT_ORG_NAME    "org_name"
#define ADEPT_ACCOUNT_ORG_EMAIL   "org_email"
#define ADEPT_ACCOUNT_ORG_PHONE   "org_phone"
#define ADEPT_ACCOUNT_ORG_ADDRESS "org_address"
#define ADEPT_ACCOUNT_ORG_ID      "org_id"
#define ADEPT_ACCOUNT_ORG_TYPE    "org_type"

#define ADEPT_TYPE_SERVER (adept_server_get_type ())
G_DECLARE_FINAL_TYPE (AdeptServer, adept_server, ADEPT, SERVER, GObject)

/* Per-server files live in adept_context_dup_server_dir(): certificate.pem (public) and
 * server.ini (non-secret facts), both 0600, written atomically. Secrets (private key,
 * OAuth credentials) live in the keyring only (adept-credentials.h).
 *
 * Signals:
 *   "changed" ()                 — any stored state changed; re-read the getters.
 *   "admin-action" (action, detail) — an admin action succeeded: "key-generated",
 *     "key-imported", "linked", "renewed", "unlinked", "base-url-changed". The detail is a
 *     short non-secret sentence (fingerprints, dates), for an audit log. */

AdeptServer     *adept_server_new                   (const char       *server_id);
/* Reads server.ini; a server never set up loads as unlinked with defaults. */
gboolean         adept_server_load                  (AdeptServer      *self,
                                                     GError          **error);

const char      *adept_server_get_id                (AdeptServer      *self);
AdeptServerKind  adept_server_get_kind              (AdeptServer      *self);
const char      *adept_server_get_base_url          (AdeptServer      *self);
/* Validates (https, or http to this computer only: ADEPT_ERROR_INSECURE_URL) and saves. */
gboolean         adept_server_set_base_url          (AdeptServer      *self,
                                                     const char       *base_url,
                                                     GError          **error);
gboolean         adept_server_is_linked             (AdeptServer      *self);
/* TRUE when a certificate is stored (the key itself is only checked by the async calls). */
gboolean         adept_server_has_key_pair          (AdeptServer      *self);
GDateTime       *adept_server_get_token_expiry      (AdeptServer      *self);
const char      *adept_server_get_server_fingerprint (AdeptServer     *self);
/* The server name in the token's file name, when ABM's naming was kept. */
const char      *adept_server_get_token_name        (AdeptServer      *self);
GDateTime       *adept_server_get_linked_at         (AdeptServer      *self);
GDateTime       *adept_server_get_renewed_at        (AdeptServer      *self);
/* Certificate facts, kept so they show without the keyring. */
const char      *adept_server_get_certificate_fingerprint (AdeptServer *self);
GDateTime       *adept_server_get_certificate_not_after   (AdeptServer *self);
/* Apple's server name when known, else the token's, else the id. */
const char      *adept_server_get_display_name      (AdeptServer      *self);

/* Replaces the GET /account facts (keys ADEPT_ACCOUNT_*; others are ignored) and saves. */
gboolean         adept_server_set_account_facts     (AdeptServer      *self,
                                                     GHashTable       *facts,
                                                     GError          **error);
const char      *adept_server_get_account_fact      (AdeptServer      *self,
                                                     const char       *key);
GDateTime       *adept_server_get_account_updated_at (AdeptServer     *self);

/* Loads the key pair (private key from the keyring, certificate from its file), or makes
 * and stores one when there is none. When only one half is found it fails with
 * ADEPT_ERROR_NO_KEY rather than silently making a new pair, which would orphan a token
 * issued for the old certificate; ADEPT_SERVER_KEY_REPLACE makes a new pair anyway.
 * common_name is used only for a new pair (NULL: ADEPT_KEY_PAIR_DEFAULT_CN). */
void             adept_server_ensure_key_pair_async  (AdeptServer         *self,
                                                      const char          *common_name,
                                                      AdeptServerKeyFlags  flags,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
AdeptKeyPair    *adept_server_ensure_key_pair_finish (AdeptServer         *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);

/* Migration from another MDM: PEM key (PKCS#1 or PKCS#8) and certificate. Refuses a
 * mismatched pair, and replacing a key pair while linked unless ADEPT_SERVER_KEY_REPLACE. */
void             adept_server_import_key_pair_async  (AdeptServer         *self,
                                                      const char          *key_pem,
                                                      const char          *cert_pem,
                                                      AdeptServerKeyFlags  flags,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
AdeptKeyPair    *adept_server_import_key_pair_finish (AdeptServer         *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);

/* The public certificate, for "Download MDM Public Key". ADEPT_ERROR_NO_KEY if none. */
char            *adept_server_dup_certificate_pem    (AdeptServer         *self,
                                                      GError             **error);

/* Reads and decrypts a token file with this server's key, storing nothing. An expired
 * token is returned too, so its date can be shown: see adept_server_token_check_expiry().
 * ADEPT_ERROR_NO_KEY when there is no key pair yet. */
void             adept_server_inspect_token_async    (AdeptServer         *self,
                                                      GFile               *file,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
AdeptServerToken *adept_server_inspect_token_finish  (AdeptServer         *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);

/* Links (or renews): refuses an expired token (ADEPT_ERROR_TOKEN_EXPIRED) and, when
 * already linked, a token of another MDM server (ADEPT_ERROR_TOKEN_OTHER_SERVER). The
 * credentials go to the keyring first and server.ini is written after, so a failure
 * leaves the previous state as it was. token_name: see adept_server_get_token_name(). */
void             adept_server_link_async             (AdeptServer         *self,
                                                      AdeptServerToken    *token,
                                                      const char          *token_name,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean         adept_server_link_finish            (AdeptServer         *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);

/* The stored credentials, for the DEP client. ADEPT_ERROR_NOT_LINKED if there are none. */
void             adept_server_load_token_async       (AdeptServer         *self,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
AdeptServerToken *adept_server_load_token_finish     (AdeptServer         *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);

/* Forgets the server here: its keyring items (credentials and private key) and its
 * folder. What stays is on Apple's side: the MDM server in Apple Business Manager, its
 * token (revoke it there) and the devices assigned to it, which keep their assignment and
 * profile until they are reassigned in ABM. */
void             adept_server_unlink_async           (AdeptServer         *self,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean         adept_server_unlink_finish          (AdeptServer         *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);

/* Blocking forms for adeptctl and tests: each runs its _async call on a private main
 * context. Not for the UI thread. */
AdeptKeyPair     *adept_server_ensure_key_pair_sync (AdeptServer         *self,
                                                     const char          *common_name,
                                                     AdeptServerKeyFlags  flags,
                                                     GCancellable        *cancellable,
                                                     GError             **error);
AdeptKeyPair     *adept_server_import_key_pair_sync (AdeptServer         *self,
                                                     const char          *key_pem,
                                                     const char          *cert_pem,
                                                     AdeptServerKeyFlags  flags,
                                                     GCancellable        *cancellable,
                                                     GError             **error);
AdeptServerToken *adept_server_inspect_token_sync   (AdeptServer         *self,
                                                     GFile               *file,
                                                     GCancellable        *cancellable,
                                                     GError             **error);
gboolean          adept_server_link_sync            (AdeptServer         *self,
                                                     AdeptServerToken    *token,
                                                     const char          *token_name,
                                                     GCancellable        *cancellable,
                                                     GError             **error);
AdeptServerToken *adept_server_load_token_sync      (AdeptServer         *self,
                                                     GCancellable        *cancellable,
                                                     GError             **error);
gboolean          adept_server_unlink_sync          (AdeptServer         *self,
                                                     GCancellable        *cancellable,
                                                     GError             **error);

G_END_DECLS
