/* adept-oauth1.h — OAuth 1.0a HMAC-SHA1 signing (RFC 5849) for GET /session
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  const char *consumer_key;
  const char *consumer_secret;
  const char *token;
  const char *token_secret;
} AdeptOAuth1Credentials;

/* RFC 3986 encoding: unreserved A-Z a-z 0-9 - . _ ~, the rest %XX in uppercase. */
char *adept_oauth1_percent_encode (const char *s);

/* Base string of RFC 5849 §3.4.1. params holds the protocol, query and form parameters as
 * alternating unencoded names and values, NULL-terminated. The URL's query is added too. */
char *adept_oauth1_signature_base_string (const char         *method,
                                          const char         *url,
                                          const char * const *params);

/* base64 (HMAC-SHA1 (enc(consumer_secret) & enc(token_secret), base_string)) */
char *adept_oauth1_hmac_sha1 (const char *base_string,
                              const char *consumer_secret,
                              const char *token_secret);

/* 32 hex characters from gnutls_rnd. */
char *adept_oauth1_make_nonce (void);

/* The value of the Authorization header ("OAuth oauth_consumer_key=…, …").
 * timestamp and nonce NULL: now and a fresh nonce. realm NULL: none. */
char *adept_oauth1_authorization_header (const AdeptOAuth1Credentials *credentials,
                                         const char                   *method,
                                         const char                   *url,
                                         const char                   *realm,
                                         const char                   *timestamp,
                                         const char                   *nonce);

/* Splits an "OAuth k="v", …" header value into decoded names and values (realm included).
 * NULL with ADEPT_ERROR_BAD_REQUEST when the scheme is not OAuth, a pair is malformed or
 * a parameter occurs twice. */
GHashTable *adept_oauth1_parse_authorization_header (const char  *value,
                                                     GError     **error);

/* Recomputes the signature of parsed header parameters (without realm and
 * oauth_signature) and compares it with oauth_signature in constant time. */
gboolean adept_oauth1_verify_signature (GHashTable *params,
                                        const char *method,
                                        const char *url,
                                        const char *consumer_secret,
                                        const char *token_secret);

G_END_DECLS
