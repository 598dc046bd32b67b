/* adept-server-token.h — Apple's server token (.p7m): parse, decrypt, hold the credentials
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "adept-key-pair.h"

G_BEGIN_DECLS

#define ADEPT_TYPE_SERVER_TOKEN (adept_server_token_get_type ())
G_DECLARE_FINAL_TYPE (AdeptServerToken, adept_server_token, ADEPT, SERVER_TOKEN, GObject)

/* Decrypts a token file (MIME-wrapped, bare base64 or raw DER/BER CMS) with the key pair.
 * Errors: ADEPT_ERROR_TOKEN_NOT_A_TOKEN, _DAMAGED, _WRONG_KEY, _INCOMPLETE.
 * An expired token is returned like any other: see adept_server_token_check_expiry(). */
AdeptServerToken *adept_server_token_decrypt        (GBytes            *data,
                                                     AdeptKeyPair      *key_pair,
                                                     GError           **error);

/* The same for a file; a file too large to be a token is refused before it is read.
 * Read errors are ADEPT_ERROR_FILE. */
AdeptServerToken *adept_server_token_decrypt_file   (GFile             *file,
                                                     AdeptKeyPair      *key_pair,
                                                     GCancellable      *cancellable,
                                                     GError           **error);
void              adept_server_token_decrypt_file_async  (GFile               *file,
                                                          AdeptKeyPair        *key_pair,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
AdeptServerToken *adept_server_token_decrypt_file_finish (GAsyncResult        *result,
                                                          GError             **error);

/* Reads a token file and checks its envelope (MIME or base64 around CMS EnvelopedData)
 * without decrypting it, for a server that decrypts it itself (NanoDEP): the file's bytes.
 * Errors as adept_server_token_decrypt_file(), never _WRONG_KEY or _INCOMPLETE. */
GBytes           *adept_server_token_read_envelope  (GFile             *file,
                                                     GCancellable      *cancellable,
                                                     GError           **error);

/* A token from known credentials (the simulator, tests). Values must be non-empty
 * printable ASCII. */
AdeptServerToken *adept_server_token_new            (const char        *consumer_key,
                                                     const char        *consumer_secret,
                                                     const char        *access_token,
                                                     const char        *access_secret,
                                                     GDateTime         *expiry);

/* The keyring form (JSON with the four credentials and the expiry) and back. */
AdeptServerToken *adept_server_token_new_from_json  (const char        *json,
                                                     GError           **error);
/* Free with adept_secret_free(). */
char             *adept_server_token_to_json        (AdeptServerToken  *self);

/* ADEPT_ERROR_TOKEN_EXPIRED, naming the date, when expiry <= now (NULL: the current time). */
gboolean          adept_server_token_check_expiry   (AdeptServerToken  *self,
                                                     GDateTime         *now,
                                                     GError           **error);

const char       *adept_server_token_get_consumer_key    (AdeptServerToken *self);
const char       *adept_server_token_get_consumer_secret (AdeptServerToken *self);
const char       *adept_server_token_get_access_token    (AdeptServerToken *self);
const char       *adept_server_token_get_access_secret   (AdeptServerToken *self);
/* Owned by the token. */
GDateTime        *adept_server_token_get_expiry          (AdeptServerToken *self);

/* A short non-secret identity of the MDM server the token is for (a hash of the consumer
 * key): equal for every token of one server, so a renewal can be checked. */
const char       *adept_server_token_get_server_fingerprint (AdeptServerToken *self);

/* ABM names files "<server>_Token_<YYYY-MM-DDTHH-MM-SSZ>_smime.p7m"; returns the server part
 * or NULL. */
char             *adept_server_token_guess_server_name (const char     *filename);

G_END_DECLS
