/* adept-tls-pin-database.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-tls-pin"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "adept-error.h"
#include "adept-tls-pin-database.h"

#define PIN_DIGITS 64

struct _AdeptTlsPinDatabase {
  GTlsDatabase parent_instance;
  char        *pin;
};

G_DEFINE_FINAL_TYPE (AdeptTlsPinDatabase, adept_tls_pin_database, G_TYPE_TLS_DATABASE)

char *
adept_tls_pin_normalize (const char  *text,
                         GError     **error)
{
  g_autoptr(GString) pin = g_string_new (NULL);
  gboolean valid = TRUE;

  for (const char *p = text != NULL ? text : ""; *p != '\0' && valid; p++)
    {
      if (g_ascii_isxdigit (*p))
        g_string_append_c (pin, g_ascii_tolower (*p));
      else
        valid = *p == ':' || *p == ' ';
    }
  if (valid && pin->len == PIN_DIGITS)
    return g_string_free (g_steal_pointer (&pin), FALSE);
  g_set_error_literal (error, ADEPT_ERROR, ADEPT_ERROR_CERT_INVALID,
                       _("The pin is not a SHA-256 fingerprint. Give the 64 hexadecimal digits (colons allowed) that “openssl x509 -noout -fingerprint -sha256” prints for the server’s certificate."));
  return NULL;
}

static GTlsCertificateFlags
verify_chain (GTlsDatabase             *database,
              GTlsCertificate          *chain,
              const char               *purpose,
              GSocketConnectable       *identity,
              GTlsInteraction          *interaction,
              GTlsDatabaseVerifyFlags   flags,
              GCancellable             *cancellable,
              GError                  **error)
{
  AdeptTlsPinDatabase *self = ADEPT_TLS_PIN_DATABASE (database);
  g_autoptr(GByteArray) der = NULL;
  g_autofree char *digest = NULL;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return G_TLS_CERTIFICATE_GENERIC_ERROR;
  g_object_get (chain, "certificate", &der, NULL);
  if (der == NULL)
    return G_TLS_CERTIFICATE_GENERIC_ERROR;
  digest = g_compute_checksum_for_data (G_CHECKSUM_SHA256, der->data, der->len);
  if (g_str_equal (digest, self->pin))
    return 0;
  g_debug ("The server's certificate has SHA-256 %s, not the pinned one", digest);
  return G_TLS_CERTIFICATE_UNKNOWN_CA;
}

static void
adept_tls_pin_database_finalize (GObject *object)
{
  g_free (ADEPT_TLS_PIN_DATABASE (object)->pin);
  G_OBJECT_CLASS (adept_tls_pin_database_parent_class)->finalize (object);
}

static void
adept_tls_pin_database_class_init (AdeptTlsPinDatabaseClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = adept_tls_pin_database_finalize;
  G_TLS_DATABASE_CLASS (klass)->verify_chain = verify_chain;
}

static void
adept_tls_pin_database_init (AdeptTlsPinDatabase *self)
{
}

GTlsDatabase *
adept_tls_pin_database_new (const char  *pin,
                            GError     **error)
{
  g_autofree char *normal = adept_tls_pin_normalize (pin, error);
  AdeptTlsPinDatabase *self;

  if (normal == NULL)
    return NULL;
  self = g_object_new (ADEPT_TYPE_TLS_PIN_DATABASE, NULL);
  self->pin = g_steal_pointer (&normal);
  return G_TLS_DATABASE (self);
}

const char *
adept_tls_pin_database_get_pin (AdeptTlsPinDatabase *self)
{
  g_return_val_if_fail (ADEPT_IS_TLS_PIN_DATABASE (self), NULL);
  return self->pin;
}
