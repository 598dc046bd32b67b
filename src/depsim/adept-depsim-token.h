/* adept-depsim-token.h — server tokens (.p7m) in Apple's exact format
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The S/MIME file ABM hands out (dep-api.md §1.2–1.4): a MIME wrapper around base64 in
 * 76-character lines of a BER (indefinite-length) CMS EnvelopedData with one
 * KeyTransRecipientInfo naming the certificate's issuer and serial, the content key
 * wrapped with RSA PKCS#1 v1.5, and the payload encrypted with AES-128-CBC.
 * ADEPT_ERROR_CERT_INVALID when the PEM is not an RSA certificate. */
GBytes *adept_depsim_token_build (const char  *cert_pem,
                                  gsize        cert_len,
                                  const char  *payload_json,
                                  GError     **error);

/* The decrypted content: inner MIME header lines (CRLF), then the JSON between the
 * BEGIN/END MESSAGE markers (LF). Free with adept_secret_free(). */
char   *adept_depsim_token_plaintext (const char *payload_json);

G_END_DECLS
