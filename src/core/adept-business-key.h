/* adept-business-key.h — the EC P-256 private key of an Apple Business API account and
 * the ES256 client assertion made with it (abm-api.md §1)
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The audience Apple requires, whatever token URL is used. */
#define ADEPT_BUSINESS_AUDIENCE "https://account.apple.com/auth/oauth2/v2/token"
/* Apple refuses an assertion that lives longer (exp - iat). */
#define ADEPT_BUSINESS_MAX_ASSERTION_S (180 * 24 * 3600)
/* A key file is a few hundred bytes; anything past this is not one. */
#define ADEPT_BUSINESS_KEY_MAX_FILE (64 * 1024)

#define ADEPT_TYPE_BUSINESS_KEY (adept_business_key_get_type ())
G_DECLARE_FINAL_TYPE (AdeptBusinessKey, adept_business_key, ADEPT, BUSINESS_KEY, GObject)

/* The key Apple Business downloads: PEM, PKCS#8 ("PRIVATE KEY") or SEC1 ("EC PRIVATE
 * KEY"), unencrypted, on the P-256 curve. Anything else is ADEPT_ERROR_API_KEY_INVALID
 * with a sentence that names what the file holds instead (an RSA key, the P-384 curve, a
 * passphrase…). */
AdeptBusinessKey *adept_business_key_new_from_pem      (const char        *pem,
                                                        gsize              len,
                                                        GError           **error);

/* Every .pem is read here: a file through the bounded reader (adept-input.h: a regular
 * file only, within its limit), a stream (standard input) up to
 * ADEPT_BUSINESS_KEY_MAX_FILE bytes. Returns the text, a secret: free with
 * adept_secret_free(). ADEPT_ERROR_FILE when it cannot be read (or is no regular file, or
 * too large), ADEPT_ERROR_API_KEY_INVALID when a stream is too large to be a key. name
 * is for messages. */
char             *adept_business_key_read_stream       (GInputStream      *stream,
                                                        const char        *name,
                                                        GCancellable      *cancellable,
                                                        GError           **error);
char             *adept_business_key_read_file         (GFile             *file,
                                                        GCancellable      *cancellable,
                                                        GError           **error);

/* SHA-256 of the public key, in hex: tells keys apart without showing a secret. */
const char       *adept_business_key_get_fingerprint   (AdeptBusinessKey  *self);

/* The client assertion: a JWT signed ES256, header {"alg":"ES256","kid":key_id,
 * "typ":"JWT"}, claims iss = sub = client_id, aud ADEPT_BUSINESS_AUDIENCE, iat now, exp
 * now + lifetime (at most ADEPT_BUSINESS_MAX_ASSERTION_S) and a random jti. The result
 * is a secret while it lives: free with adept_secret_free(). */
char             *adept_business_key_make_assertion    (AdeptBusinessKey  *self,
                                                        const char        *client_id,
                                                        const char        *key_id,
                                                        gint64             now,
                                                        guint              lifetime,
                                                        GError           **error);

/* Base64url without padding, as JWS writes it. */
char             *adept_base64url_encode               (const guint8      *data,
                                                        gsize              len);

G_END_DECLS
