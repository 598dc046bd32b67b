/* adept-key-pair.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-key-pair"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <gnutls/crypto.h>

#include "adept-ber.h"
#include "adept-error.h"
#include "adept-key-pair.h"
#include "adept-secret.h"

#define KEY_BITS        2048
#define MIN_KEY_BITS    2048
#define VALIDITY_DAYS   365
/* Covers a clock a little ahead of ours at Apple or in a proxy. */
#define BACKDATE_SECONDS (5 * 60)
#define SERIAL_BYTES    16
/* X.520 ub-common-name */
#define MAX_CN_LENGTH   64

struct _AdeptKeyPair
{
  GObject parent_instance;

  gnutls_x509_privkey_t key;
  gnutls_x509_crt_t crt;

  GBytes *issuer_der;
  GBytes *serial_der;
  GBytes *subject_key_id;
  GDateTime *not_after;
};

G_DEFINE_FINAL_TYPE (AdeptKeyPair, adept_key_pair, G_TYPE_OBJECT)

static void
adept_key_pair_finalize (GObject *object)
{
  AdeptKeyPair *self = ADEPT_KEY_PAIR (object);

  /* GnuTLS zeroes the key parameters when it frees them. */
  g_clear_pointer (&self->key, gnutls_x509_privkey_deinit);
  g_clear_pointer (&self->crt, gnutls_x509_crt_deinit);
  g_clear_pointer (&self->issuer_der, g_bytes_unref);
  g_clear_pointer (&self->serial_der, g_bytes_unref);
  g_clear_pointer (&self->subject_key_id, g_bytes_unref);
  g_clear_pointer (&self->not_after, g_date_time_unref);

  G_OBJECT_CLASS (adept_key_pair_parent_class)->finalize (object);
}

static void
adept_key_pair_class_init (AdeptKeyPairClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = adept_key_pair_finalize;
}

static void
adept_key_pair_init (AdeptKeyPair *self)
{
}

static gboolean
gnutls_failed (int            rc,
               const char    *what,
               AdeptErrorCode code,
               GError       **error)
{
  if (rc >= 0)
    return FALSE;
  g_debug ("%s: %s", what, gnutls_strerror (rc));
  adept_set_error (error, code);
  return TRUE;
}

/* The issuer Name and serial exactly as the certificate encodes them, because a CMS
 * recipient is named by these bytes, not by their meaning. */
static gboolean
read_issuer_and_serial (const gnutls_datum_t *der,
                        GBytes              **issuer,
                        GBytes              **serial)
{
  AdeptBerCursor top, cert, tbs;
  AdeptBerElement cert_el, tbs_el, el, serial_el;

  adept_ber_cursor_init (&top, der->data, der->size);
  if (!adept_ber_cursor_expect (&top, ADEPT_BER_UNIVERSAL, ADEPT_BER_TAG_SEQUENCE, &cert_el) ||
      !adept_ber_cursor_enter (&cert, &cert_el) ||
      !adept_ber_cursor_expect (&cert, ADEPT_BER_UNIVERSAL, ADEPT_BER_TAG_SEQUENCE, &tbs_el) ||
      !adept_ber_cursor_enter (&tbs, &tbs_el) ||
      !adept_ber_cursor_next (&tbs, &serial_el))
    return FALSE;

  /* [0] version is optional (absent means v1). */
  if (adept_ber_element_is (&serial_el, ADEPT_BER_CONTEXT, 0) &&
      !adept_ber_cursor_next (&tbs, &serial_el))
    return FALSE;
  if (!adept_ber_element_is (&serial_el, ADEPT_BER_UNIVERSAL, ADEPT_BER_TAG_INTEGER) ||
      serial_el.constructed || serial_el.content_len == 0)
    return FALSE;

  /* signature AlgorithmIdentifier, then issuer */
  if (!adept_ber_cursor_expect (&tbs, ADEPT_BER_UNIVERSAL, ADEPT_BER_TAG_SEQUENCE, &el) ||
      !adept_ber_cursor_expect (&tbs, ADEPT_BER_UNIVERSAL, ADEPT_BER_TAG_SEQUENCE, &el))
    return FALSE;

  *serial = g_bytes_new (serial_el.content, serial_el.content_len);
  *issuer = g_bytes_new (el.start, el.total_len);
  return TRUE;
}

static GBytes *
read_subject_key_id (gnutls_x509_crt_t crt)
{
  guint8 id[64];
  size_t size = sizeof id;

  if (gnutls_x509_crt_get_subject_key_id (crt, id, &size, NULL) >= 0 && size > 0)
    return g_bytes_new (id, size);

  /* Without the extension, senders derive it from the public key (RFC 5280 §4.2.1.2). */
  size = sizeof id;
  if (gnutls_x509_crt_get_key_id (crt, GNUTLS_KEYID_USE_SHA1, id, &size) >= 0)
    return g_bytes_new (id, size);
  return NULL;
}

/* Takes ownership of key and crt, also on failure. */
static AdeptKeyPair *
key_pair_new_take (gnutls_x509_privkey_t key,
                   gnutls_x509_crt_t     crt,
                   GError              **error)
{
  g_autoptr(AdeptKeyPair) self = g_object_new (ADEPT_TYPE_KEY_PAIR, NULL);
  gnutls_datum_t der = { NULL, 0 };
  gboolean ok;
  int rc;

  self->key = key;
  self->crt = crt;

  rc = gnutls_x509_crt_export2 (crt, GNUTLS_X509_FMT_DER, &der);
  if (gnutls_failed (rc, "export certificate", ADEPT_ERROR_CERT_INVALID, error))
    return NULL;
  ok = read_issuer_and_serial (&der, &self->issuer_der, &self->serial_der);
  gnutls_free (der.data);
  if (!ok)
    {
      adept_set_error (error, ADEPT_ERROR_CERT_INVALID);
      return NULL;
    }

  self->subject_key_id = read_subject_key_id (crt);
  self->not_after = g_date_time_new_from_unix_utc (gnutls_x509_crt_get_expiration_time (crt));
  if (self->not_after == NULL)
    {
      adept_set_error (error, ADEPT_ERROR_CERT_INVALID);
      return NULL;
    }
  return g_steal_pointer (&self);
}

static void
make_serial (guint8 serial[SERIAL_BYTES])
{
  gnutls_rnd (GNUTLS_RND_NONCE, serial, SERIAL_BYTES);
  /* Positive, and no leading zero octet so the DER stays exactly SERIAL_BYTES long. */
  serial[0] &= 0x7f;
  if (serial[0] == 0)
    serial[0] = 0x01;
}

static int
fill_certificate (gnutls_x509_crt_t     crt,
                  gnutls_x509_privkey_t key,
                  const char           *common_name)
{
  guint8 serial[SERIAL_BYTES];
  guint8 key_id[64];
  size_t key_id_size = sizeof key_id;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  int rc;

  make_serial (serial);
  if ((rc = gnutls_x509_crt_set_version (crt, 3)) < 0 ||
      (rc = gnutls_x509_crt_set_serial (crt, serial, sizeof serial)) < 0 ||
      (rc = gnutls_x509_crt_set_dn_by_oid (crt, GNUTLS_OID_X520_COMMON_NAME, 0,
                                           common_name, strlen (common_name))) < 0 ||
      (rc = gnutls_x509_crt_set_activation_time (crt, now - BACKDATE_SECONDS)) < 0 ||
      (rc = gnutls_x509_crt_set_expiration_time (crt, now + VALIDITY_DAYS * 24 * 3600)) < 0 ||
      (rc = gnutls_x509_crt_set_key (crt, key)) < 0 ||
      (rc = gnutls_x509_crt_set_basic_constraints (crt, 0, -1)) < 0 ||
      (rc = gnutls_x509_crt_set_key_usage (crt, GNUTLS_KEY_KEY_ENCIPHERMENT |
                                                GNUTLS_KEY_DIGITAL_SIGNATURE)) < 0 ||
      (rc = gnutls_x509_crt_get_key_id (crt, GNUTLS_KEYID_USE_SHA1, key_id, &key_id_size)) < 0 ||
      (rc = gnutls_x509_crt_set_subject_key_id (crt, key_id, key_id_size)) < 0)
    return rc;

  /* Self-signed: the issuer Name is copied from the subject. */
  return gnutls_x509_crt_sign2 (crt, crt, key, GNUTLS_DIG_SHA256, 0);
}

AdeptKeyPair *
adept_key_pair_generate (const char  *common_name,
                         GError     **error)
{
  gnutls_x509_privkey_t key = NULL;
  gnutls_x509_crt_t crt = NULL;
  int rc;

  if (common_name == NULL || *common_name == '\0')
    common_name = ADEPT_KEY_PAIR_DEFAULT_CN;
  if (!g_utf8_validate (common_name, -1, NULL) || g_utf8_strlen (common_name, -1) > MAX_CN_LENGTH)
    {
      g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_FAILED,
                   _("The certificate name must be valid text of at most %d characters. Choose a shorter name."),
                   MAX_CN_LENGTH);
      return NULL;
    }

  if ((rc = gnutls_x509_privkey_init (&key)) < 0 ||
      (rc = gnutls_x509_privkey_generate (key, GNUTLS_PK_RSA, KEY_BITS, 0)) < 0 ||
      (rc = gnutls_x509_crt_init (&crt)) < 0 ||
      (rc = fill_certificate (crt, key, common_name)) < 0)
    {
      g_clear_pointer (&key, gnutls_x509_privkey_deinit);
      g_clear_pointer (&crt, gnutls_x509_crt_deinit);
      gnutls_failed (rc, "generate key pair", ADEPT_ERROR_FAILED, error);
      return NULL;
    }

  return key_pair_new_take (key, crt, error);
}

static void
generate_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  GError *error = NULL;
  AdeptKeyPair *self = adept_key_pair_generate (task_data, &error);

  if (self == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, self, g_object_unref);
}

void
adept_key_pair_generate_async (const char          *common_name,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, adept_key_pair_generate_async);
  g_task_set_task_data (task, g_strdup (common_name), g_free);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, generate_thread);
}

AdeptKeyPair *
adept_key_pair_generate_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == adept_key_pair_generate_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
looks_encrypted (const char *pem,
                 gsize       len)
{
  return g_strstr_len (pem, len, "ENCRYPTED") != NULL;
}

static gnutls_x509_privkey_t
import_private_key (const char  *pem,
                    gsize        len,
                    GError     **error)
{
  gnutls_x509_privkey_t key = NULL;
  gnutls_datum_t datum = { (unsigned char *) pem, len };
  unsigned int bits = 0;
  int rc;

  if (gnutls_x509_privkey_init (&key) < 0)
    {
      adept_set_error (error, ADEPT_ERROR_FAILED);
      return NULL;
    }

  rc = gnutls_x509_privkey_import2 (key, &datum, GNUTLS_X509_FMT_PEM, NULL, GNUTLS_PKCS_PLAIN);
  if (rc < 0)
    rc = gnutls_x509_privkey_import2 (key, &datum, GNUTLS_X509_FMT_DER, NULL, GNUTLS_PKCS_PLAIN);
  if (rc < 0 && looks_encrypted (pem, len))
    {
      g_set_error_literal (error, ADEPT_ERROR, ADEPT_ERROR_KEY_INVALID,
                           _("The private key is protected by a passphrase. Remove the passphrase (for example with “openssl pkey”), then import it again."));
      goto fail;
    }
  if (gnutls_failed (rc, "import private key", ADEPT_ERROR_KEY_INVALID, error))
    goto fail;

  if (gnutls_x509_privkey_get_pk_algorithm2 (key, &bits) != GNUTLS_PK_RSA ||
      gnutls_x509_privkey_verify_params (key) < 0)
    {
      adept_set_error (error, ADEPT_ERROR_KEY_INVALID);
      goto fail;
    }
  if (bits < MIN_KEY_BITS)
    {
      g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_KEY_INVALID,
                   _("The private key is too short (%u bits). Use an RSA key of at least %d bits."),
                   bits, MIN_KEY_BITS);
      goto fail;
    }
  return key;

fail:
  gnutls_x509_privkey_deinit (key);
  return NULL;
}

static gnutls_x509_crt_t
import_certificate (const char  *pem,
                    gsize        len,
                    GError     **error)
{
  gnutls_x509_crt_t crt = NULL;
  gnutls_datum_t datum = { (unsigned char *) pem, len };
  int rc;

  if (gnutls_x509_crt_init (&crt) < 0)
    {
      adept_set_error (error, ADEPT_ERROR_FAILED);
      return NULL;
    }
  rc = gnutls_x509_crt_import (crt, &datum, GNUTLS_X509_FMT_PEM);
  if (rc < 0)
    rc = gnutls_x509_crt_import (crt, &datum, GNUTLS_X509_FMT_DER);
  if (gnutls_failed (rc, "import certificate", ADEPT_ERROR_CERT_INVALID, error))
    {
      gnutls_x509_crt_deinit (crt);
      return NULL;
    }
  return crt;
}

static gboolean
certificate_matches_key (gnutls_x509_crt_t     crt,
                         gnutls_x509_privkey_t key)
{
  guint8 crt_id[32], key_id[32];
  size_t crt_size = sizeof crt_id, key_size = sizeof key_id;

  if (gnutls_x509_crt_get_pk_algorithm (crt, NULL) != GNUTLS_PK_RSA ||
      gnutls_x509_crt_get_key_id (crt, GNUTLS_KEYID_USE_SHA256, crt_id, &crt_size) < 0 ||
      gnutls_x509_privkey_get_key_id (key, GNUTLS_KEYID_USE_SHA256, key_id, &key_size) < 0)
    return FALSE;
  return crt_size == key_size && memcmp (crt_id, key_id, crt_size) == 0;
}

AdeptKeyPair *
adept_key_pair_new_from_pem (const char  *key_pem,
                             gsize        key_len,
                             const char  *cert_pem,
                             gsize        cert_len,
                             GError     **error)
{
  gnutls_x509_privkey_t key;
  gnutls_x509_crt_t crt;

  g_return_val_if_fail (key_pem != NULL, NULL);
  g_return_val_if_fail (cert_pem != NULL, NULL);

  key = import_private_key (key_pem, key_len, error);
  if (key == NULL)
    return NULL;
  crt = import_certificate (cert_pem, cert_len, error);
  if (crt == NULL)
    {
      gnutls_x509_privkey_deinit (key);
      return NULL;
    }
  if (!certificate_matches_key (crt, key))
    {
      gnutls_x509_privkey_deinit (key);
      gnutls_x509_crt_deinit (crt);
      adept_set_error (error, ADEPT_ERROR_CERT_KEY_MISMATCH);
      return NULL;
    }
  return key_pair_new_take (key, crt, error);
}

char *
adept_key_pair_export_certificate_pem (AdeptKeyPair *self)
{
  gnutls_datum_t out = { NULL, 0 };
  char *pem;

  g_return_val_if_fail (ADEPT_IS_KEY_PAIR (self), NULL);

  if (gnutls_x509_crt_export2 (self->crt, GNUTLS_X509_FMT_PEM, &out) < 0)
    return NULL;
  pem = g_strndup ((const char *) out.data, out.size);
  gnutls_free (out.data);
  return pem;
}

char *
adept_key_pair_export_private_key_pem (AdeptKeyPair *self)
{
  gnutls_datum_t out = { NULL, 0 };
  char *pem;

  g_return_val_if_fail (ADEPT_IS_KEY_PAIR (self), NULL);

  if (gnutls_x509_privkey_export2_pkcs8 (self->key, GNUTLS_X509_FMT_PEM, NULL,
                                         GNUTLS_PKCS_PLAIN, &out) < 0)
    return NULL;
  pem = adept_secret_strndup ((const char *) out.data, out.size);
  adept_secret_wipe (out.data, out.size);
  gnutls_free (out.data);
  return pem;
}

char *
adept_key_pair_dup_common_name (AdeptKeyPair *self)
{
  char buf[256];
  size_t size = sizeof buf;

  g_return_val_if_fail (ADEPT_IS_KEY_PAIR (self), NULL);

  if (gnutls_x509_crt_get_dn_by_oid (self->crt, GNUTLS_OID_X520_COMMON_NAME, 0, 0,
                                     buf, &size) < 0)
    return NULL;
  return g_strndup (buf, size);
}

GDateTime *
adept_key_pair_get_not_after (AdeptKeyPair *self)
{
  g_return_val_if_fail (ADEPT_IS_KEY_PAIR (self), NULL);

  return self->not_after;
}

char *
adept_key_pair_dup_fingerprint (AdeptKeyPair *self)
{
  guint8 digest[32];
  size_t size = sizeof digest;
  GString *hex;

  g_return_val_if_fail (ADEPT_IS_KEY_PAIR (self), NULL);

  if (gnutls_x509_crt_get_fingerprint (self->crt, GNUTLS_DIG_SHA256, digest, &size) < 0)
    return NULL;
  hex = g_string_sized_new (size * 3);
  for (size_t i = 0; i < size; i++)
    g_string_append_printf (hex, i == 0 ? "%02x" : ":%02x", digest[i]);
  return g_string_free (hex, FALSE);
}

GBytes *
adept_key_pair_get_issuer_der (AdeptKeyPair *self)
{
  g_return_val_if_fail (ADEPT_IS_KEY_PAIR (self), NULL);

  return self->issuer_der;
}

GBytes *
adept_key_pair_get_serial_der (AdeptKeyPair *self)
{
  g_return_val_if_fail (ADEPT_IS_KEY_PAIR (self), NULL);

  return self->serial_der;
}

GBytes *
adept_key_pair_get_subject_key_id (AdeptKeyPair *self)
{
  g_return_val_if_fail (ADEPT_IS_KEY_PAIR (self), NULL);

  return self->subject_key_id;
}

gnutls_x509_privkey_t
adept_key_pair_get_x509_privkey (AdeptKeyPair *self)
{
  g_return_val_if_fail (ADEPT_IS_KEY_PAIR (self), NULL);

  return self->key;
}

gnutls_x509_crt_t
adept_key_pair_get_x509_crt (AdeptKeyPair *self)
{
  g_return_val_if_fail (ADEPT_IS_KEY_PAIR (self), NULL);

  return self->crt;
}
