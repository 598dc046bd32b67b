/* adept-tls-pin-database.h — trust exactly one server certificate, named by the SHA-256
 * of its DER encoding (what `openssl x509 -noout -fingerprint -sha256` prints)
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define ADEPT_TYPE_TLS_PIN_DATABASE (adept_tls_pin_database_get_type ())
G_DECLARE_FINAL_TYPE (AdeptTlsPinDatabase, adept_tls_pin_database, ADEPT, TLS_PIN_DATABASE, GTlsDatabase)

/* The pin in one form: 64 lowercase hex digits. Colons, spaces and either case are
 * accepted; anything else is ADEPT_ERROR_CERT_INVALID with a sentence saying what to give. */
char         *adept_tls_pin_normalize          (const char  *text,
                                                GError     **error);

/* A database that verifies a chain when its first certificate has this SHA-256 (whatever
 * the system CAs, names or dates say: the admin pinned it) and refuses every other. */
GTlsDatabase *adept_tls_pin_database_new       (const char  *pin,
                                                GError     **error);
const char   *adept_tls_pin_database_get_pin   (AdeptTlsPinDatabase *self);

G_END_DECLS
