/* adept-key-pair.h — the MDM's RSA key pair and its self-signed certificate
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

G_BEGIN_DECLS

#define ADEPT_KEY_PAIR_DEFAULT_CN "Adept DEP"

#define ADEPT_TYPE_KEY_PAIR (adept_key_pair_get_type ())
G_DECLARE_FINAL_TYPE (AdeptKeyPair, adept_key_pair, ADEPT, KEY_PAIR, GObject)

/* RSA-2048, random positive serial, one year, keyEncipherment + digitalSignature. */
AdeptKeyPair *adept_key_pair_generate              (const char          *common_name,
                                                    GError             **error);
void          adept_key_pair_generate_async        (const char          *common_name,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
AdeptKeyPair *adept_key_pair_generate_finish       (GAsyncResult        *result,
                                                    GError             **error);

/* Key in PKCS#1 or PKCS#8 PEM (unencrypted), certificate in PEM. Refuses a certificate
 * whose public key is not the key's (ADEPT_ERROR_CERT_KEY_MISMATCH). */
AdeptKeyPair *adept_key_pair_new_from_pem          (const char          *key_pem,
                                                    gsize                key_len,
                                                    const char          *cert_pem,
                                                    gsize                cert_len,
                                                    GError             **error);

char         *adept_key_pair_export_certificate_pem (AdeptKeyPair       *self);
/* For the keyring only. Free with adept_secret_free(). */
char         *adept_key_pair_export_private_key_pem (AdeptKeyPair       *self);

char         *adept_key_pair_dup_common_name       (AdeptKeyPair        *self);
/* The get_ functions return data owned by the key pair. */
GDateTime    *adept_key_pair_get_not_after         (AdeptKeyPair        *self);
/* SHA-256 of the certificate's DER, lowercase hex with colons. */
char         *adept_key_pair_dup_fingerprint       (AdeptKeyPair        *self);
/* Raw DER of the issuer Name and of the serial INTEGER's content octets, as a CMS
 * IssuerAndSerialNumber names them. */
GBytes       *adept_key_pair_get_issuer_der        (AdeptKeyPair        *self);
GBytes       *adept_key_pair_get_serial_der        (AdeptKeyPair        *self);
/* The certificate's subjectKeyIdentifier, or the SHA-1 of its public key when it has none:
 * what a CMS recipient named by key identifier carries. */
GBytes       *adept_key_pair_get_subject_key_id    (AdeptKeyPair        *self);

gnutls_x509_privkey_t adept_key_pair_get_x509_privkey (AdeptKeyPair     *self);
gnutls_x509_crt_t     adept_key_pair_get_x509_crt     (AdeptKeyPair     *self);

G_END_DECLS
