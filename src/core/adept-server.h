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
 * recorded in the same server.ini. The kind's name in server.ini ("local") picks the
 * AdeptSession class that manages the server (adept-session-list.c). */
typedef enum {
  ADEPT_SERVER_KIND_LOCAL,
} AdeptServerKind;

#define ADEPT_SERVER_KIND_NAME_LOCAL "local"

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
 * OAuth credentials) live in the keyring only (adept-credentials.h). Reading a server
 * that was never set up creates nothing.
 *
 * AdeptServer is the storage of one server for AdeptSession: every kind keeps its link
 * facts here (adept_server_record_link), its own settings in a group of server.ini named
 * after the kind (adept_server_save_settings), and forgets with adept_server_forget().
 * The key pair and the OAuth credentials are the direct kind's (AdeptDirectSession).
 *
 * Signals:
 *   "changed" ()                 — any stored state changed; re-read the getters.
 *   "admin-action" (action, detail) — an admin action succeeded: "key-generated",
 *     "key-imported", "linked", "renewed", "unlinked", "base-url-changed",
 *     "tls-trust-changed". The detail is a
 *     short non-secret sentence (fingerprints, dates), for an audit log. */

AdeptServer     *adept_server_new                   (const char       *server_id);
/* Reads server.ini; a server never set up loads as unlinked with defaults. */
gboolean         adept_server_load                  (AdeptServer      *self,
                                                     GError          **error);

const char      *adept_server_get_id                (AdeptServer      *self);
/* server.ini's kind ("local" by default); set it before the first save of a new server. */
const char      *adept_server_get_kind_name         (AdeptServer      *self);
void             adept_server_set_kind_name         (AdeptServer      *self,
                                                     const char       *kind_name);
/* A kind's own settings: group is the kind's name (not "server", "token", "key" or
 * "account"). save: keys[i] gets values[i] (NULL removes it), in one atomic write. */
char            *adept_server_dup_setting           (AdeptServer      *self,
                                                     const char       *group,
                                                     const char       *key);
gboolean         adept_server_save_settings         (AdeptServer         *self,
                                                     const char          *group,
                                                     const char * const  *keys,
                                                     const char * const  *values,
                                                     GError             **error);
AdeptServerKind  adept_server_get_kind              (AdeptServer      *self);
const char      *adept_server_get_base_url          (AdeptServer      *self);
/* Validates (https, or http to this computer only: ADEPT_ERROR_INSECURE_URL) and saves. */
gboolean         adept_server_set_base_url          (AdeptServer      *self,
                                                     const char       *base_url,
                                                     GError          **error);
/* How the DEP service's certificate is trusted besides (CA file) or instead of (pin) the
 * system's CAs; NULL when not set. */
char            *adept_server_dup_tls_ca_file       (AdeptServer      *self);
char            *adept_server_dup_tls_pin_sha256    (AdeptServer      *self);
/* Checks (a readable PEM CA file, a SHA-256 pin: else ADEPT_ERROR_CERT_INVALID) and saves both at once, NULL clearing one; "tls-trust-changed" goes to "admin-action". */
gboolean         adept_server_set_tls_trust         (AdeptServer      *self,
                                                     const char       *ca_file,
                                                     const char       *pin_sha256,
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
/* The same from Apple's answer. */
gboolean         adept_server_set_account           (AdeptServer      *self,
                                                     AdeptDepAccount  *account,
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

/* Links (or renews): refuses an expired token (ADEPT_ERROR_TOKEN_EXPIRED), a bad base URL
 * (ADEPT_ERROR_INSECURE_URL) and, when already linked, a token of another MDM server
 * (ADEPT_ERROR_TOKEN_OTHER_SERVER), all before anything is stored. The credentials go to
 * the keyring first and server.ini (with base_url, NULL to keep the stored one) is written
 * after in one save, so a failure leaves the previous state as it was. token_name: see
 * adept_server_get_token_name(). */
void             adept_server_link_async             (AdeptServer         *self,
                                                      AdeptServerToken    *token,
                                                      const char          *token_name,
                                                      const char          *base_url,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean         adept_server_link_finish            (AdeptServer         *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);

/* Another server folder here linked to the token's MDM server: its id, or NULL. Apple
 * keeps one token a server, so one MDM server linked under two names would break the
 * first (adept_server_link_async() refuses it). */
char            *adept_server_find_linked_twin      (AdeptServer         *self,
                                                     AdeptServerToken    *token);

/* The server.ini half of a link, for kinds whose credentials live elsewhere (adept_server
 * _link_async() calls it after storing the OAuth credentials): linked, the server's
 * fingerprint, the token's expiry and name, the base URL (NULL: keep), in one save;
 * "linked" or "renewed" (and "base-url-changed") go to "admin-action". */
gboolean         adept_server_record_link            (AdeptServer         *self,
                                                      const char          *server_fingerprint,
                                                      GDateTime           *expiry,
                                                      const char          *token_name,
                                                      const char          *base_url,
                                                      GError             **error);
/* Removes the server's folder and resets it to unlinked ("unlinked" to "admin-action").
 * The keyring is the caller's: adept_server_unlink_async() clears it first. */
gboolean         adept_server_forget                 (AdeptServer         *self,
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
                                                     const char          *base_url,
                                                     GCancellable        *cancellable,
                                                     GError             **error);
AdeptServerToken *adept_server_load_token_sync      (AdeptServer         *self,
                                                     GCancellable        *cancellable,
                                                     GError             **error);
gboolean          adept_server_unlink_sync          (AdeptServer         *self,
                                                     GCancellable        *cancellable,
                                                     GError             **error);

G_END_DECLS
