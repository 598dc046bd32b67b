/* adept-secret-bundle.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-secret-bundle"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gnutls/gnutls.h>
#include <gnutls/pkcs12.h>
#include <gnutls/x509.h>
#include <string.h>

#include "adept-error.h"
#include "adept-secret.h"
#include "adept-secret-bundle.h"

/* Every bag is encrypted with this; keys are shrouded with it too. */
#define BAG_CIPHER GNUTLS_PKCS_PBES2_AES_256

/* A small bag of its own, encrypted like the others: when the integrity check fails, it
 * tells a wrong passphrase (it does not open) from damage elsewhere (it opens). */
#define MARKER_NAME  "adept-export"
#define MARKER_VALUE "1"

typedef struct {
  char *name;
  char *secret;
} Entry;

struct _AdeptSecretBundle
{
  GObject       parent_instance;

  GPtrArray    *entries;
  GHashTable   *by_name;
  AdeptKeyPair *key_pair;
};

G_DEFINE_FINAL_TYPE (AdeptSecretBundle, adept_secret_bundle, G_TYPE_OBJECT)

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  g_free (entry->name);
  adept_secret_free (entry->secret);
  g_free (entry);
}

static void
adept_secret_bundle_finalize (GObject *object)
{
  AdeptSecretBundle *self = ADEPT_SECRET_BUNDLE (object);

  g_hash_table_unref (self->by_name);
  g_ptr_array_unref (self->entries);
  g_clear_object (&self->key_pair);

  G_OBJECT_CLASS (adept_secret_bundle_parent_class)->finalize (object);
}

static void
adept_secret_bundle_class_init (AdeptSecretBundleClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = adept_secret_bundle_finalize;
}

static void
adept_secret_bundle_init (AdeptSecretBundle *self)
{
  self->entries = g_ptr_array_new_with_free_func (entry_free);
  self->by_name = g_hash_table_new (g_str_hash, g_str_equal);
}

AdeptSecretBundle *
adept_secret_bundle_new (void)
{
  return g_object_new (ADEPT_TYPE_SECRET_BUNDLE, NULL);
}

void
adept_secret_bundle_add (AdeptSecretBundle *self,
                         const char        *name,
                         const char        *secret)
{
  Entry *entry;

  g_return_if_fail (ADEPT_IS_SECRET_BUNDLE (self));
  g_return_if_fail (name != NULL && *name != '\0' && !g_str_equal (name, MARKER_NAME));
  g_return_if_fail (secret != NULL);

  entry = g_hash_table_lookup (self->by_name, name);
  if (entry != NULL)
    {
      adept_secret_free (entry->secret);
      entry->secret = g_strdup (secret);
      return;
    }
  entry = g_new0 (Entry, 1);
  entry->name = g_strdup (name);
  entry->secret = g_strdup (secret);
  g_ptr_array_add (self->entries, entry);
  g_hash_table_insert (self->by_name, entry->name, entry);
}

const char *
adept_secret_bundle_lookup (AdeptSecretBundle *self,
                            const char        *name)
{
  Entry *entry;

  g_return_val_if_fail (ADEPT_IS_SECRET_BUNDLE (self), NULL);

  entry = g_hash_table_lookup (self->by_name, name);
  return entry != NULL ? entry->secret : NULL;
}

GStrv
adept_secret_bundle_dup_names (AdeptSecretBundle *self)
{
  GStrvBuilder *builder;
  GStrv names;

  g_return_val_if_fail (ADEPT_IS_SECRET_BUNDLE (self), NULL);

  builder = g_strv_builder_new ();
  for (guint i = 0; i < self->entries->len; i++)
    g_strv_builder_add (builder, ((Entry *) g_ptr_array_index (self->entries, i))->name);
  names = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return names;
}

guint
adept_secret_bundle_get_n_secrets (AdeptSecretBundle *self)
{
  g_return_val_if_fail (ADEPT_IS_SECRET_BUNDLE (self), 0);

  return self->entries->len;
}

void
adept_secret_bundle_set_key_pair (AdeptSecretBundle *self,
                                  AdeptKeyPair      *key_pair)
{
  g_return_if_fail (ADEPT_IS_SECRET_BUNDLE (self));
  g_return_if_fail (key_pair == NULL || ADEPT_IS_KEY_PAIR (key_pair));

  g_set_object (&self->key_pair, key_pair);
}

AdeptKeyPair *
adept_secret_bundle_get_key_pair (AdeptSecretBundle *self)
{
  g_return_val_if_fail (ADEPT_IS_SECRET_BUNDLE (self), NULL);

  return self->key_pair;
}

/* ---- Writing ---- */

static gboolean
gnutls_failed (int          rc,
               const char  *what,
               GError     **error)
{
  if (rc >= 0)
    return FALSE;
  g_debug ("%s: %s", what, gnutls_strerror (rc));
  adept_set_error (error, ADEPT_ERROR_FAILED);
  return TRUE;
}

/* One encrypted bag holding every secret. */
static gboolean
add_secrets (AdeptSecretBundle  *self,
             gnutls_pkcs12_t     p12,
             const char         *passphrase,
             GError            **error)
{
  gnutls_pkcs12_bag_t bag = NULL;
  gboolean ok;

  ok = !gnutls_failed (gnutls_pkcs12_bag_init (&bag), "bag_init", error);
  for (guint i = 0; ok && i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);
      gnutls_datum_t data = { (unsigned char *) entry->secret, (unsigned int) strlen (entry->secret) };
      int index;

      ok = !gnutls_failed (index = gnutls_pkcs12_bag_set_data (bag, GNUTLS_BAG_SECRET, &data), "set_data", error) &&
           !gnutls_failed (gnutls_pkcs12_bag_set_friendly_name (bag, index, entry->name), "friendly_name", error);
    }
  ok = ok && !gnutls_failed (gnutls_pkcs12_bag_encrypt (bag, passphrase, BAG_CIPHER), "encrypt", error) &&
       !gnutls_failed (gnutls_pkcs12_set_bag (p12, bag), "set_bag", error);
  gnutls_pkcs12_bag_deinit (bag);
  return ok;
}

static gboolean
add_marker (gnutls_pkcs12_t   p12,
            const char       *passphrase,
            GError          **error)
{
  gnutls_pkcs12_bag_t bag = NULL;
  gnutls_datum_t data = { (unsigned char *) MARKER_VALUE, strlen (MARKER_VALUE) };
  int index;
  gboolean ok;

  ok = !gnutls_failed (gnutls_pkcs12_bag_init (&bag), "bag_init", error) &&
       !gnutls_failed (index = gnutls_pkcs12_bag_set_data (bag, GNUTLS_BAG_SECRET, &data), "set_data", error) &&
       !gnutls_failed (gnutls_pkcs12_bag_set_friendly_name (bag, index, MARKER_NAME), "friendly_name", error) &&
       !gnutls_failed (gnutls_pkcs12_bag_encrypt (bag, passphrase, BAG_CIPHER), "encrypt", error) &&
       !gnutls_failed (gnutls_pkcs12_set_bag (p12, bag), "set_bag", error);
  gnutls_pkcs12_bag_deinit (bag);
  return ok;
}

/* The certificate in an encrypted bag, the key shrouded in a bag of its own, both with the
 * certificate's key id so readers pair them. */
static gboolean
add_key_pair (AdeptKeyPair     *key_pair,
              gnutls_pkcs12_t   p12,
              const char       *passphrase,
              GError          **error)
{
  gnutls_pkcs12_bag_t cert_bag = NULL;
  gnutls_pkcs12_bag_t key_bag = NULL;
  unsigned char id[64];
  size_t id_size = sizeof id;
  gnutls_datum_t key_id;
  int cert_index = 0, key_index = 0;
  gboolean ok;

  ok = !gnutls_failed (gnutls_x509_crt_get_key_id (adept_key_pair_get_x509_crt (key_pair), 0, id, &id_size), "key_id", error) &&
       !gnutls_failed (gnutls_pkcs12_bag_init (&cert_bag), "bag_init", error) &&
       !gnutls_failed (gnutls_pkcs12_bag_init (&key_bag), "bag_init", error) &&
       !gnutls_failed (cert_index = gnutls_pkcs12_bag_set_crt (cert_bag, adept_key_pair_get_x509_crt (key_pair)), "set_crt", error) &&
       !gnutls_failed (key_index = gnutls_pkcs12_bag_set_privkey (key_bag, adept_key_pair_get_x509_privkey (key_pair),
                                                                  passphrase, BAG_CIPHER), "set_privkey", error);
  key_id.data = id;
  key_id.size = (unsigned int) id_size;
  ok = ok &&
       !gnutls_failed (gnutls_pkcs12_bag_set_key_id (cert_bag, cert_index, &key_id), "set_key_id", error) &&
       !gnutls_failed (gnutls_pkcs12_bag_set_key_id (key_bag, key_index, &key_id), "set_key_id", error) &&
       !gnutls_failed (gnutls_pkcs12_bag_encrypt (cert_bag, passphrase, BAG_CIPHER), "encrypt", error) &&
       !gnutls_failed (gnutls_pkcs12_set_bag (p12, cert_bag), "set_bag", error) &&
       !gnutls_failed (gnutls_pkcs12_set_bag (p12, key_bag), "set_bag", error);
  gnutls_pkcs12_bag_deinit (cert_bag);
  gnutls_pkcs12_bag_deinit (key_bag);
  return ok;
}

static gboolean
check_passphrase (const char  *passphrase,
                  GError     **error)
{
  if (passphrase != NULL && g_utf8_strlen (passphrase, -1) >= ADEPT_SECRET_BUNDLE_MIN_PASSPHRASE &&
      g_utf8_validate (passphrase, -1, NULL))
    return TRUE;
  g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_BAD_REQUEST,
               g_dngettext (GETTEXT_PACKAGE,
                            "Choose a passphrase of at least %d character: the file protects secrets wherever it is copied.",
                            "Choose a passphrase of at least %d characters: the file protects secrets wherever it is copied.",
                            ADEPT_SECRET_BUNDLE_MIN_PASSPHRASE),
               ADEPT_SECRET_BUNDLE_MIN_PASSPHRASE);
  return FALSE;
}

GBytes *
adept_secret_bundle_export (AdeptSecretBundle  *self,
                            const char         *passphrase,
                            GError            **error)
{
  gnutls_pkcs12_t p12 = NULL;
  gnutls_datum_t out = { NULL, 0 };
  GBytes *bytes = NULL;
  gboolean ok;

  g_return_val_if_fail (ADEPT_IS_SECRET_BUNDLE (self), NULL);

  if (!check_passphrase (passphrase, error))
    return NULL;

  ok = !gnutls_failed (gnutls_pkcs12_init (&p12), "pkcs12_init", error) &&
       add_marker (p12, passphrase, error) &&
       (self->entries->len == 0 || add_secrets (self, p12, passphrase, error)) &&
       (self->key_pair == NULL || add_key_pair (self->key_pair, p12, passphrase, error)) &&
       !gnutls_failed (gnutls_pkcs12_generate_mac2 (p12, GNUTLS_MAC_SHA256, passphrase), "mac", error) &&
       !gnutls_failed (gnutls_pkcs12_export2 (p12, GNUTLS_X509_FMT_DER, &out), "export", error);
  if (ok)
    bytes = g_bytes_new (out.data, out.size);
  gnutls_free (out.data);
  if (p12 != NULL)
    gnutls_pkcs12_deinit (p12);
  return bytes;
}

gboolean
adept_secret_bundle_write_file (AdeptSecretBundle  *self,
                                const char         *path,
                                const char         *passphrase,
                                GError            **error)
{
  g_autoptr(GBytes) data = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (ADEPT_IS_SECRET_BUNDLE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  data = adept_secret_bundle_export (self, passphrase, error);
  if (data == NULL)
    return FALSE;
  if (!g_file_set_contents_full (path, g_bytes_get_data (data, NULL), g_bytes_get_size (data),
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, &local_error))
    {
      g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_FILE,
                   _("The export could not be written to “%s”: %s"), path, local_error->message);
      return FALSE;
    }
  return TRUE;
}

/* ---- Reading ---- */

typedef struct {
  AdeptSecretBundle *bundle;
  const char        *passphrase;
  gboolean           marker_opened;
  gboolean           any_opened;
  gboolean           bag_failed;
  GBytes            *cert_der;
  char              *key_pem;
} Reader;

static gboolean
read_secret (Reader              *reader,
             gnutls_pkcs12_bag_t  bag,
             unsigned             index)
{
  gnutls_datum_t data;
  char *name = NULL;
  g_autoptr(AdeptSecret) secret = NULL;

  if (gnutls_pkcs12_bag_get_data (bag, index, &data) < 0 ||
      gnutls_pkcs12_bag_get_friendly_name (bag, index, &name) < 0 || name == NULL)
    return FALSE;
  secret = g_strndup ((const char *) data.data, data.size);
  if (g_str_equal (name, MARKER_NAME))
    reader->marker_opened = TRUE;
  else if (*name != '\0' && g_utf8_validate (secret, -1, NULL))
    adept_secret_bundle_add (reader->bundle, name, secret);
  /* name and data belong to the bag. */
  return TRUE;
}

static gboolean
read_key (Reader              *reader,
          gnutls_pkcs12_bag_t  bag,
          unsigned             index)
{
  gnutls_x509_privkey_t key = NULL;
  gnutls_datum_t data;
  gnutls_datum_t pem = { NULL, 0 };
  gboolean ok;

  ok = gnutls_pkcs12_bag_get_data (bag, index, &data) >= 0 &&
       gnutls_x509_privkey_init (&key) >= 0 &&
       gnutls_x509_privkey_import_pkcs8 (key, &data, GNUTLS_X509_FMT_DER, reader->passphrase, 0) >= 0 &&
       gnutls_x509_privkey_export2_pkcs8 (key, GNUTLS_X509_FMT_PEM, NULL, GNUTLS_PKCS_PLAIN, &pem) >= 0;
  if (ok)
    {
      adept_secret_free (reader->key_pem);
      reader->key_pem = g_strndup ((const char *) pem.data, pem.size);
    }
  if (pem.data != NULL)
    {
      adept_secret_wipe (pem.data, pem.size);
      gnutls_free (pem.data);
    }
  if (key != NULL)
    gnutls_x509_privkey_deinit (key);
  return ok;
}

static gboolean
read_elements (Reader              *reader,
               gnutls_pkcs12_bag_t  bag)
{
  int n = gnutls_pkcs12_bag_get_count (bag);

  for (int i = 0; i < n; i++)
    {
      gnutls_datum_t data;
      gboolean ok = TRUE;

      switch (gnutls_pkcs12_bag_get_type (bag, i))
        {
        case GNUTLS_BAG_SECRET:
          ok = read_secret (reader, bag, i);
          break;
        case GNUTLS_BAG_CERTIFICATE:
          ok = gnutls_pkcs12_bag_get_data (bag, i, &data) >= 0;
          if (ok && reader->cert_der == NULL)
            reader->cert_der = g_bytes_new (data.data, data.size);
          break;
        case GNUTLS_BAG_PKCS8_ENCRYPTED_KEY:
        case GNUTLS_BAG_PKCS8_KEY:
          ok = read_key (reader, bag, i);
          break;
        default:
          /* CRLs and the like: not ours, not an error. */
          break;
        }
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

/* FALSE when the file's structure is broken; a bag that does not open is noted. */
static gboolean
read_bags (Reader          *reader,
           gnutls_pkcs12_t  p12)
{
  for (int i = 0;; i++)
    {
      gnutls_pkcs12_bag_t bag = NULL;
      int rc;
      gboolean ok = TRUE;

      if (gnutls_pkcs12_bag_init (&bag) < 0)
        return FALSE;
      rc = gnutls_pkcs12_get_bag (p12, i, bag);
      if (rc == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
        {
          gnutls_pkcs12_bag_deinit (bag);
          return TRUE;
        }
      if (rc < 0)
        ok = FALSE;
      else if (gnutls_pkcs12_bag_get_type (bag, 0) == GNUTLS_BAG_ENCRYPTED &&
               gnutls_pkcs12_bag_decrypt (bag, reader->passphrase) < 0)
        reader->bag_failed = TRUE;
      else if (!read_elements (reader, bag))
        reader->bag_failed = TRUE;
      else
        reader->any_opened = TRUE;
      gnutls_pkcs12_bag_deinit (bag);
      if (!ok)
        return FALSE;
    }
}

static AdeptSecretBundle *
fail_reading (Reader         *reader,
              AdeptErrorCode  code,
              GError        **error)
{
  adept_set_error (error, code);
  g_clear_object (&reader->bundle);
  return NULL;
}

static AdeptSecretBundle *
finish_reading (Reader     *reader,
                gboolean    mac_ok,
                GError    **error)
{
  g_autoptr(AdeptKeyPair) key_pair = NULL;

  /* The marker opened: the passphrase is right and something else is damaged. */
  if (!mac_ok || reader->bag_failed)
    return fail_reading (reader, reader->marker_opened || (mac_ok && reader->any_opened)
                                 ? ADEPT_ERROR_EXPORT_DAMAGED : ADEPT_ERROR_WRONG_PASSPHRASE, error);
  if (reader->key_pem != NULL || reader->cert_der != NULL)
    {
      g_autofree char *cert_pem = NULL;
      gnutls_x509_crt_t crt = NULL;
      gnutls_datum_t der = { (unsigned char *) g_bytes_get_data (reader->cert_der, NULL),
                             reader->cert_der ? (unsigned int) g_bytes_get_size (reader->cert_der) : 0 };
      gnutls_datum_t pem = { NULL, 0 };

      if (reader->key_pem == NULL || reader->cert_der == NULL ||
          gnutls_x509_crt_init (&crt) < 0 ||
          gnutls_x509_crt_import (crt, &der, GNUTLS_X509_FMT_DER) < 0 ||
          gnutls_x509_crt_export2 (crt, GNUTLS_X509_FMT_PEM, &pem) < 0)
        {
          if (crt != NULL)
            gnutls_x509_crt_deinit (crt);
          return fail_reading (reader, ADEPT_ERROR_EXPORT_DAMAGED, error);
        }
      cert_pem = g_strndup ((const char *) pem.data, pem.size);
      gnutls_free (pem.data);
      gnutls_x509_crt_deinit (crt);
      key_pair = adept_key_pair_new_from_pem (reader->key_pem, strlen (reader->key_pem),
                                              cert_pem, strlen (cert_pem), NULL);
      if (key_pair == NULL)
        return fail_reading (reader, ADEPT_ERROR_EXPORT_DAMAGED, error);
      adept_secret_bundle_set_key_pair (reader->bundle, key_pair);
    }
  return g_steal_pointer (&reader->bundle);
}

AdeptSecretBundle *
adept_secret_bundle_new_from_data (GBytes      *data,
                                   const char  *passphrase,
                                   GError     **error)
{
  Reader reader = { NULL, passphrase, FALSE, FALSE, FALSE, NULL, NULL };
  gnutls_pkcs12_t p12 = NULL;
  gnutls_datum_t der;
  AdeptSecretBundle *bundle = NULL;
  gboolean mac_ok;
  gsize size;

  g_return_val_if_fail (data != NULL, NULL);

  der.data = (unsigned char *) g_bytes_get_data (data, &size);
  der.size = (unsigned int) size;
  reader.bundle = adept_secret_bundle_new ();
  if (passphrase == NULL || size == 0 || size > ADEPT_SECRET_BUNDLE_MAX_FILE ||
      gnutls_pkcs12_init (&p12) < 0)
    bundle = fail_reading (&reader, ADEPT_ERROR_EXPORT_DAMAGED, error);
  else if (gnutls_pkcs12_import (p12, &der, GNUTLS_X509_FMT_DER, 0) < 0)
    bundle = fail_reading (&reader, ADEPT_ERROR_EXPORT_DAMAGED, error);
  else
    {
      mac_ok = gnutls_pkcs12_verify_mac (p12, passphrase) >= 0;
      if (!read_bags (&reader, p12))
        bundle = fail_reading (&reader, ADEPT_ERROR_EXPORT_DAMAGED, error);
      else
        bundle = finish_reading (&reader, mac_ok, error);
    }

  if (p12 != NULL)
    gnutls_pkcs12_deinit (p12);
  g_clear_pointer (&reader.cert_der, g_bytes_unref);
  adept_secret_free (reader.key_pem);
  g_clear_object (&reader.bundle);
  return bundle;
}

/* The one place this kind of file is read (a bounded read: see harden's reader). */
AdeptSecretBundle *
adept_secret_bundle_new_from_file (const char  *path,
                                   const char  *passphrase,
                                   GError     **error)
{
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GBytes) data = NULL;
  g_autoptr(GError) local_error = NULL;
  GStatBuf st;

  g_return_val_if_fail (path != NULL, NULL);

  if (g_stat (path, &st) != 0 || !S_ISREG (st.st_mode))
    {
      int saved = errno;
      g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_FILE,
                   _("The export “%s” could not be read: %s."), path,
                   g_stat (path, &st) == 0 ? _("it is not a regular file") : g_strerror (saved));
      return NULL;
    }
  if (st.st_size > ADEPT_SECRET_BUNDLE_MAX_FILE)
    {
      adept_set_error (error, ADEPT_ERROR_EXPORT_DAMAGED);
      return NULL;
    }
  mapped = g_mapped_file_new (path, FALSE, &local_error);
  if (mapped == NULL)
    {
      g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_FILE,
                   _("The export “%s” could not be read: %s"), path, local_error->message);
      return NULL;
    }
  data = g_mapped_file_get_bytes (mapped);
  return adept_secret_bundle_new_from_data (data, passphrase, error);
}
