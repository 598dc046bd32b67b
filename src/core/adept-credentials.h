/* adept-credentials.h — secrets in the keyring (libsecret), nowhere else
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum {
  ADEPT_SECRET_PRIVATE_KEY,   /* PKCS#8 PEM of the MDM key pair */
  ADEPT_SECRET_OAUTH_TOKENS,  /* JSON of the server token's four credentials + expiry */
  ADEPT_SECRET_MDM_API_KEY,   /* API key of an MDM backend (design.md §7) */
  ADEPT_SECRET_BYPASS_CODE,   /* Activation Lock bypass code of one device */
  ADEPT_SECRET_BUSINESS_API,  /* JSON of an Apple Business API account: ids and EC key PEM */
} AdeptSecretKind;

const char *adept_secret_kind_to_string (AdeptSecretKind kind);

/* Secrets of an organisation (its Apple Business API account, shared by the
 * organisation's servers) are kept under this owner in place of a server id:
 * "org:<org_id>", which no server id can be. NULL for an org id that is not
 * [A-Za-z0-9._-]{1,64}. */
char       *adept_credentials_org_owner (const char *org_id);

/* server_id is a server id or an organisation's owner (adept_credentials_org_owner()).
 * Items carry the attributes namespace (adept_context_get_namespace()), server, kind and
 * generation (the stored format), under one schema named APP_ID, in the default collection.
 * With no Secret Service the calls fail with ADEPT_ERROR_KEYRING_UNAVAILABLE; a locked
 * keyring the user does not unlock gives ADEPT_ERROR_KEYRING_LOCKED. There is no fallback:
 * the calls speak to the Secret Service over D-Bus only, whatever SECRET_BACKEND says. */
void      adept_credentials_store_async  (const char          *server_id,
                                          AdeptSecretKind      kind,
                                          const char          *label,
                                          const char          *secret,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean  adept_credentials_store_finish (GAsyncResult        *result,
                                          GError             **error);

/* Returns NULL without error when there is no such item. Free with adept_secret_free(). */
void      adept_credentials_lookup_async  (const char          *server_id,
                                           AdeptSecretKind      kind,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
char     *adept_credentials_lookup_finish (GAsyncResult        *result,
                                           GError             **error);

/* Removes every credential of the server's link (key, token, API key) when kind is -1;
 * bypass codes stay (see below). */
void      adept_credentials_clear_async  (const char          *server_id,
                                          int                  kind,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean  adept_credentials_clear_finish (GAsyncResult        *result,
                                          GError             **error);

/* Blocking forms for adeptctl. */
gboolean  adept_credentials_store_sync  (const char      *server_id,
                                         AdeptSecretKind  kind,
                                         const char      *label,
                                         const char      *secret,
                                         GCancellable    *cancellable,
                                         GError         **error);
char     *adept_credentials_lookup_sync (const char      *server_id,
                                         AdeptSecretKind  kind,
                                         GCancellable    *cancellable,
                                         GError         **error);
gboolean  adept_credentials_clear_sync  (const char      *server_id,
                                         int              kind,
                                         GCancellable    *cancellable,
                                         GError         **error);

/* Activation Lock bypass codes: one item per device, found by serial number alone (a
 * serial is unique, and the code belongs to the device, not to the link). Unlinking a
 * server keeps them: a lost code locks a device for good. Codes are given as
 * adept-bypass-code.h writes them. The finish functions are the ones above. */
void        adept_credentials_store_bypass_code_async  (const char          *serial,
                                                        const char          *code,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
/* NULL without error when the keyring holds none for the device. */
void        adept_credentials_lookup_bypass_code_async (const char          *serial,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
void        adept_credentials_delete_bypass_code_async (const char          *serial,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
/* Every code this keyring holds: serial → code (values wiped when the table goes). */
void        adept_credentials_list_bypass_codes_async  (GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
GHashTable *adept_credentials_list_bypass_codes_finish (GAsyncResult        *result,
                                                        GError             **error);

gboolean    adept_credentials_store_bypass_code_sync   (const char      *serial,
                                                        const char      *code,
                                                        GCancellable    *cancellable,
                                                        GError         **error);
char       *adept_credentials_lookup_bypass_code_sync  (const char      *serial,
                                                        GCancellable    *cancellable,
                                                        GError         **error);
gboolean    adept_credentials_delete_bypass_code_sync  (const char      *serial,
                                                        GCancellable    *cancellable,
                                                        GError         **error);
GHashTable *adept_credentials_list_bypass_codes_sync   (GCancellable    *cancellable,
                                                        GError         **error);

G_END_DECLS
