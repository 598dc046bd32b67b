/* adept-profile-cert.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-profile-cert"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "adept-error.h"
#include "adept-profile-cert.h"

struct _AdeptProfileCert
{
  GObject    parent_instance;

  char      *name;
  char      *subject;
  char      *base64;
  char      *fingerprint;
  GDateTime *not_after;
};

G_DEFINE_FINAL_TYPE (AdeptProfileCert, adept_profile_cert, G_TYPE_OBJECT)

static void
adept_profile_cert_finalize (GObject *object)
{
  AdeptProfileCert *self = ADEPT_PROFILE_CERT (object);

  g_free (self->name);
  g_free (self->subject);
  g_free (self->base64);
  g_free (self->fingerprint);
  g_clear_pointer (&self->not_after, g_date_time_unref);
  G_OBJECT_CLASS (adept_profile_cert_parent_class)->finalize (object);
}

static void
adept_profile_cert_class_init (AdeptProfileCertClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = adept_profile_cert_finalize;
}

static void
adept_profile_cert_init (AdeptProfileCert *self)
{
}

static void
set_invalid (GError **error)
{
  g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_CERT_INVALID,
               _("The file holds no certificate Adept can read. Pick an X.509 certificate "
                 "in PEM (.pem) or DER (.cer) form."));
}

static char *
dup_common_name (gnutls_x509_crt_t crt)
{
  char buf[256];
  size_t size = sizeof buf;

  if (gnutls_x509_crt_get_dn_by_oid (crt, GNUTLS_OID_X520_COMMON_NAME, 0, 0, buf, &size) < 0)
    return NULL;
  return g_utf8_make_valid (buf, size);
}

static AdeptProfileCert *
cert_from_crt (gnutls_x509_crt_t crt)
{
  g_autoptr(AdeptProfileCert) self = g_object_new (ADEPT_TYPE_PROFILE_CERT, NULL);
  gnutls_datum_t der = { NULL, 0 };
  gnutls_datum_t dn = { NULL, 0 };
  time_t expires;

  if (gnutls_x509_crt_export2 (crt, GNUTLS_X509_FMT_DER, &der) < 0)
    return NULL;
  self->base64 = g_base64_encode (der.data, der.size);
  self->fingerprint = g_compute_checksum_for_data (G_CHECKSUM_SHA256, der.data, der.size);
  gnutls_free (der.data);

  if (gnutls_x509_crt_get_dn3 (crt, &dn, 0) >= 0)
    {
      self->subject = g_utf8_make_valid ((const char *) dn.data, dn.size);
      gnutls_free (dn.data);
    }
  else
    self->subject = g_strdup ("");
  self->name = dup_common_name (crt);
  if (self->name == NULL || *self->name == '\0')
    {
      g_free (self->name);
      self->name = g_strdup (*self->subject ? self->subject : _("Certificate without a name"));
    }

  expires = gnutls_x509_crt_get_expiration_time (crt);
  if (expires != (time_t) -1)
    self->not_after = g_date_time_new_from_unix_utc (expires);
  return g_steal_pointer (&self);
}

static GPtrArray *
list_from_datum (const gnutls_datum_t *datum,
                 gnutls_x509_crt_fmt_t format)
{
  gnutls_x509_crt_t *crts = NULL;
  unsigned int n = 0;
  GPtrArray *list;

  if (gnutls_x509_crt_list_import2 (&crts, &n, datum, format, 0) < 0)
    return NULL;
  list = g_ptr_array_new_with_free_func (g_object_unref);
  for (unsigned int i = 0; i < n; i++)
    {
      AdeptProfileCert *cert = cert_from_crt (crts[i]);

      if (cert != NULL)
        g_ptr_array_add (list, cert);
      gnutls_x509_crt_deinit (crts[i]);
    }
  gnutls_free (crts);
  return list;
}

GPtrArray *
adept_profile_cert_list_from_bytes (GBytes  *data,
                                    GError **error)
{
  gsize size = 0;
  gconstpointer bytes = g_bytes_get_data (data, &size);
  gnutls_datum_t datum = { (unsigned char *) bytes, size };
  g_autoptr(GPtrArray) list = NULL;

  g_return_val_if_fail (data != NULL, NULL);

  if (size > 0 && g_strstr_len (bytes, size, "-----BEGIN") != NULL)
    list = list_from_datum (&datum, GNUTLS_X509_FMT_PEM);
  else if (size > 0)
    list = list_from_datum (&datum, GNUTLS_X509_FMT_DER);

  if (list == NULL || list->len == 0)
    {
      set_invalid (error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

AdeptProfileCert *
adept_profile_cert_new_from_base64 (const char  *base64,
                                    GError     **error)
{
  g_autofree guchar *der = NULL;
  gsize len = 0;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) list = NULL;

  g_return_val_if_fail (base64 != NULL, NULL);

  der = g_base64_decode (base64, &len);
  bytes = g_bytes_new (der, len);
  list = adept_profile_cert_list_from_bytes (bytes, error);
  if (list == NULL)
    return NULL;
  return g_object_ref (g_ptr_array_index (list, 0));
}

const char *
adept_profile_cert_get_name (AdeptProfileCert *self)
{
  g_return_val_if_fail (ADEPT_IS_PROFILE_CERT (self), NULL);
  return self->name;
}

const char *
adept_profile_cert_get_subject (AdeptProfileCert *self)
{
  g_return_val_if_fail (ADEPT_IS_PROFILE_CERT (self), NULL);
  return self->subject;
}

GDateTime *
adept_profile_cert_get_not_after (AdeptProfileCert *self)
{
  g_return_val_if_fail (ADEPT_IS_PROFILE_CERT (self), NULL);
  return self->not_after;
}

const char *
adept_profile_cert_get_base64 (AdeptProfileCert *self)
{
  g_return_val_if_fail (ADEPT_IS_PROFILE_CERT (self), NULL);
  return self->base64;
}

const char *
adept_profile_cert_get_fingerprint (AdeptProfileCert *self)
{
  g_return_val_if_fail (ADEPT_IS_PROFILE_CERT (self), NULL);
  return self->fingerprint;
}
