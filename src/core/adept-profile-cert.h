/* adept-profile-cert.h — a certificate of a DEP profile (anchor or supervising host)
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define ADEPT_TYPE_PROFILE_CERT (adept_profile_cert_get_type ())
G_DECLARE_FINAL_TYPE (AdeptProfileCert, adept_profile_cert, ADEPT, PROFILE_CERT, GObject)

/* Every certificate of a .pem (one or more PEM blocks) or .cer/.der (DER) file, in file
 * order. ADEPT_ERROR_CERT_INVALID when there is none. */
GPtrArray        *adept_profile_cert_list_from_bytes (GBytes           *data,
                                                      GError          **error);
/* A certificate as the profile carries it: base64 of the DER. */
AdeptProfileCert *adept_profile_cert_new_from_base64 (const char       *base64,
                                                      GError          **error);

/* The subject's common name, else the whole subject. */
const char       *adept_profile_cert_get_name        (AdeptProfileCert *self);
/* RFC 4514 form: "CN=MDM CA,O=Example". */
const char       *adept_profile_cert_get_subject     (AdeptProfileCert *self);
GDateTime        *adept_profile_cert_get_not_after   (AdeptProfileCert *self);
/* Base64 of the DER, the value Apple takes. */
const char       *adept_profile_cert_get_base64      (AdeptProfileCert *self);
/* SHA-256 of the DER in hex, to spot the same certificate twice. */
const char       *adept_profile_cert_get_fingerprint (AdeptProfileCert *self);

G_END_DECLS
