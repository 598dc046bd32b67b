/* adept-secret-bundle.h — named secrets (and a key pair) in one passphrase-encrypted file
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The file is PKCS#12 (RFC 7292), made and read by GnuTLS and readable by OpenSSL: each
 * secret a secret bag named by its friendlyName, the key a shrouded key bag, the
 * certificate a certificate bag; every bag encrypted with PBES2 (PBKDF2-HMAC-SHA256,
 * AES-256-CBC) and the whole under an HMAC-SHA256 integrity check, all from the one
 * passphrase. It is the only file a secret of Adept may be written to: a bypass code
 * lost with one computer locks a device for good, so the admin keeps a copy elsewhere.
 */
#pragma once

#include <gio/gio.h>

#include "adept-key-pair.h"

G_BEGIN_DECLS

/* Passphrases shorter than this are refused: the file travels. */
#define ADEPT_SECRET_BUNDLE_MIN_PASSPHRASE 8
/* Larger files are not an export of Adept. */
#define ADEPT_SECRET_BUNDLE_MAX_FILE (4 * 1024 * 1024)

#define ADEPT_TYPE_SECRET_BUNDLE (adept_secret_bundle_get_type ())
G_DECLARE_FINAL_TYPE (AdeptSecretBundle, adept_secret_bundle, ADEPT, SECRET_BUNDLE, GObject)

AdeptSecretBundle *adept_secret_bundle_new           (void);

/* A secret under a name ("bypass-code/C02XK1ABJG5H"); a second one of the same name
 * replaces the first. The bundle keeps a copy, wiped when it goes. */
void               adept_secret_bundle_add           (AdeptSecretBundle  *self,
                                                      const char         *name,
                                                      const char         *secret);
/* NULL when there is none of that name. */
const char        *adept_secret_bundle_lookup        (AdeptSecretBundle  *self,
                                                      const char         *name);
/* The names, in the order they were added (or read). */
GStrv              adept_secret_bundle_dup_names     (AdeptSecretBundle  *self);
guint              adept_secret_bundle_get_n_secrets (AdeptSecretBundle  *self);

/* Optional: the MDM's key pair (private key and certificate); NULL removes it. */
void               adept_secret_bundle_set_key_pair  (AdeptSecretBundle  *self,
                                                      AdeptKeyPair       *key_pair);
/* NULL without one. */
AdeptKeyPair      *adept_secret_bundle_get_key_pair  (AdeptSecretBundle  *self);

/* The PKCS#12 file (DER). ADEPT_ERROR_BAD_REQUEST for a passphrase shorter than
 * ADEPT_SECRET_BUNDLE_MIN_PASSPHRASE. */
GBytes            *adept_secret_bundle_export        (AdeptSecretBundle  *self,
                                                      const char         *passphrase,
                                                      GError            **error);
/* ADEPT_ERROR_WRONG_PASSPHRASE, or ADEPT_ERROR_EXPORT_DAMAGED for a file that is damaged
 * or not PKCS#12. */
AdeptSecretBundle *adept_secret_bundle_new_from_data (GBytes             *data,
                                                      const char         *passphrase,
                                                      GError            **error);

/* Written whole or not at all, mode 0600; an existing file is replaced. */
gboolean           adept_secret_bundle_write_file    (AdeptSecretBundle  *self,
                                                      const char         *path,
                                                      const char         *passphrase,
                                                      GError            **error);
/* ADEPT_ERROR_FILE when it cannot be read; else as adept_secret_bundle_new_from_data(). */
AdeptSecretBundle *adept_secret_bundle_new_from_file (const char         *path,
                                                      const char         *passphrase,
                                                      GError            **error);

G_END_DECLS
