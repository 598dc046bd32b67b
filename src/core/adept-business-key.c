/* adept-business-key.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-business-key"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gnutls/abstract.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "adept-business-key.h"
#include "adept-error.h"
#include "adept-input.h"
#include "adept-secret.h"

/* An ES256 signature is r‖s, each a 32-byte big-endian number (RFC 7518 §3.4). */
#define ES256_HALF 32
#define READ_CHUNK 4096

struct _AdeptBusinessKey
{
  GObject           parent_instance;

  gnutls_privkey_t  key;
  char             *fingerprint;
};

G_DEFINE_FINAL_TYPE (AdeptBusinessKey, adept_business_key, G_TYPE_OBJECT)

static void
adept_business_key_finalize (GObject *object)
{
  AdeptBusinessKey *self = ADEPT_BUSINESS_KEY (object);

  g_clear_pointer (&self->key, gnutls_privkey_deinit);
  g_free (self->fingerprint);

  G_OBJECT_CLASS (adept_business_key_parent_class)->finalize (object);
}

static void
adept_business_key_class_init (AdeptBusinessKeyClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = adept_business_key_finalize;
}

static void
adept_business_key_init (AdeptBusinessKey *self)
{
}

static gboolean
key_error (GError     **error,
           const char  *message)
{
  g_set_error_literal (error, ADEPT_ERROR, ADEPT_ERROR_API_KEY_INVALID, message);
  return FALSE;
}

/* ---- Reading ---- */

char *
adept_business_key_read_stream (GInputStream  *stream,
                                const char    *name,
                                GCancellable  *cancellable,
                                GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  GString *text = g_string_sized_new (1024);
  char buffer[READ_CHUNK];
  gssize n;

  /* One byte past the limit is enough to know the file is too large. */
  while ((n = g_input_stream_read (stream, buffer, sizeof buffer, cancellable, &local_error)) > 0)
    {
      if (text->len + n > ADEPT_BUSINESS_KEY_MAX_FILE)
        {
          adept_secret_wipe (buffer, sizeof buffer);
          adept_secret_wipe (text->str, text->len);
          g_string_free (text, TRUE);
          g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_API_KEY_INVALID,
                       _("“%s” is larger than a private key can be. Use the .pem file Apple Business made for the API account."),
                       name);
          return NULL;
        }
      g_string_append_len (text, buffer, n);
    }
  adept_secret_wipe (buffer, sizeof buffer);
  if (n < 0)
    {
      adept_secret_wipe (text->str, text->len);
      g_string_free (text, TRUE);
      g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_FILE,
                   _("The private key “%s” could not be read: %s"), name, local_error->message);
      return NULL;
    }
  return g_string_free (text, FALSE);
}

char *
adept_business_key_read_file (GFile         *file,
                              GCancellable  *cancellable,
                              GError       **error)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  /* The bounded reader: a regular file of at most 64 KiB, into secret memory. */
  bytes = adept_input_read_gfile (file, ADEPT_INPUT_PRIVATE_KEY, cancellable, error);
  if (bytes == NULL)
    return NULL;
  return adept_secret_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

/* ---- Importing ---- */

static gboolean
looks_encrypted (const char *pem,
                 gsize       len)
{
  return g_strstr_len (pem, len, "ENCRYPTED") != NULL;
}

/* NIST names, as people know the curves ("P-384"); others as GnuTLS names them. */
static const char *
curve_name (gnutls_ecc_curve_t curve)
{
  switch ((int) curve)
    {
    case GNUTLS_ECC_CURVE_SECP192R1: return "P-192";
    case GNUTLS_ECC_CURVE_SECP224R1: return "P-224";
    case GNUTLS_ECC_CURVE_SECP384R1: return "P-384";
    case GNUTLS_ECC_CURVE_SECP521R1: return "P-521";
    default:
      return gnutls_ecc_curve_get_name (curve) != NULL ? gnutls_ecc_curve_get_name (curve) : "unknown";
    }
}

/* Only an EC key on P-256 is an Apple Business key; say what the file holds instead. */
static gboolean
check_p256 (gnutls_x509_privkey_t   x509,
            GError                **error)
{
  gnutls_ecc_curve_t curve = GNUTLS_ECC_CURVE_INVALID;
  gnutls_datum_t x = { NULL, 0 }, y = { NULL, 0 }, k = { NULL, 0 };
  int algorithm = gnutls_x509_privkey_get_pk_algorithm2 (x509, NULL);
  int rc;

  if (algorithm != GNUTLS_PK_ECDSA)
    {
      g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_API_KEY_INVALID,
                   _("This is an %s private key, but Apple Business API keys are EC keys on the P-256 curve. Use the .pem file Apple Business made for the API account."),
                   algorithm == GNUTLS_PK_RSA ? "RSA" : gnutls_pk_algorithm_get_name (algorithm));
      return FALSE;
    }
  rc = gnutls_x509_privkey_export_ecc_raw (x509, &curve, &x, &y, &k);
  if (k.data != NULL)
    adept_secret_wipe (k.data, k.size);
  gnutls_free (x.data);
  gnutls_free (y.data);
  gnutls_free (k.data);
  if (rc < 0)
    return key_error (error, _("The EC private key is damaged. Download the key of the API account again, or generate a new one in Apple Business."));
  if (curve != GNUTLS_ECC_CURVE_SECP256R1)
    {
      g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_API_KEY_INVALID,
                   _("This EC key is on the %s curve, but Apple Business API keys use P-256. Use the .pem file Apple Business made for the API account."),
                   curve_name (curve));
      return FALSE;
    }
  return TRUE;
}

static char *
public_fingerprint (gnutls_privkey_t key)
{
  gnutls_pubkey_t pubkey = NULL;
  guint8 id[32];
  size_t size = sizeof id;
  GString *hex;

  if (gnutls_pubkey_init (&pubkey) < 0)
    return NULL;
  if (gnutls_pubkey_import_privkey (pubkey, key, 0, 0) < 0 ||
      gnutls_pubkey_get_key_id (pubkey, GNUTLS_KEYID_USE_SHA256, id, &size) < 0)
    {
      gnutls_pubkey_deinit (pubkey);
      return NULL;
    }
  gnutls_pubkey_deinit (pubkey);
  hex = g_string_new (NULL);
  for (size_t i = 0; i < size; i++)
    g_string_append_printf (hex, "%02x", id[i]);
  return g_string_free (hex, FALSE);
}

AdeptBusinessKey *
adept_business_key_new_from_pem (const char  *pem,
                                 gsize        len,
                                 GError     **error)
{
  g_autoptr(AdeptBusinessKey) self = NULL;
  gnutls_x509_privkey_t x509 = NULL;
  gnutls_datum_t datum = { (unsigned char *) pem, (unsigned int) len };
  int rc;

  g_return_val_if_fail (pem != NULL, NULL);

  if (len == 0 || len > ADEPT_BUSINESS_KEY_MAX_FILE || g_strstr_len (pem, len, "-----BEGIN ") == NULL)
    {
      key_error (error, _("This is not a private key in PEM form. Use the .pem file Apple Business made when you generated the API account's key."));
      return NULL;
    }
  if (looks_encrypted (pem, len))
    {
      key_error (error, _("This private key is protected by a passphrase. Use the unprotected .pem file Apple Business made for the API account."));
      return NULL;
    }
  if (gnutls_x509_privkey_init (&x509) < 0)
    {
      adept_set_error (error, ADEPT_ERROR_FAILED);
      return NULL;
    }
  rc = gnutls_x509_privkey_import2 (x509, &datum, GNUTLS_X509_FMT_PEM, NULL, GNUTLS_PKCS_PLAIN);
  if (rc < 0)
    {
      g_debug ("Importing the API key: %s", gnutls_strerror (rc));
      gnutls_x509_privkey_deinit (x509);
      key_error (error, _("The private key could not be read: the .pem file is damaged or holds no private key. Download the key of the API account again, or generate a new one in Apple Business."));
      return NULL;
    }
  if (!check_p256 (x509, error))
    {
      gnutls_x509_privkey_deinit (x509);
      return NULL;
    }

  self = g_object_new (ADEPT_TYPE_BUSINESS_KEY, NULL);
  if (gnutls_privkey_init (&self->key) < 0 ||
      gnutls_privkey_import_x509 (self->key, x509, GNUTLS_PRIVKEY_IMPORT_AUTO_RELEASE) < 0)
    {
      gnutls_x509_privkey_deinit (x509);
      adept_set_error (error, ADEPT_ERROR_FAILED);
      return NULL;
    }
  self->fingerprint = public_fingerprint (self->key);
  return g_steal_pointer (&self);
}

const char *
adept_business_key_get_fingerprint (AdeptBusinessKey *self)
{
  g_return_val_if_fail (ADEPT_IS_BUSINESS_KEY (self), NULL);
  return self->fingerprint;
}

/* ---- The assertion ---- */

char *
adept_base64url_encode (const guint8 *data,
                        gsize         len)
{
  char *text = g_base64_encode (data, len);
  char *out = text;

  for (char *p = text; *p != '\0' && *p != '='; p++, out++)
    *out = *p == '+' ? '-' : *p == '/' ? '_' : *p;
  *out = '\0';
  return text;
}

static char *
encode_json (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;
  gsize len;

  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &len);
  return adept_base64url_encode ((const guint8 *) text, len);
}

static char *
encode_header (const char *key_id)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "alg");
  json_builder_add_string_value (builder, "ES256");
  json_builder_set_member_name (builder, "kid");
  json_builder_add_string_value (builder, key_id);
  json_builder_set_member_name (builder, "typ");
  json_builder_add_string_value (builder, "JWT");
  json_builder_end_object (builder);
  return encode_json (builder);
}

static char *
random_jti (void)
{
  guint8 bytes[16];
  GString *hex = g_string_new (NULL);

  if (gnutls_rnd (GNUTLS_RND_NONCE, bytes, sizeof bytes) != 0)
    g_error ("The system's random number generator failed");
  for (guint i = 0; i < sizeof bytes; i++)
    g_string_append_printf (hex, "%02x", bytes[i]);
  return g_string_free (hex, FALSE);
}

static char *
encode_claims (const char *client_id,
               gint64      now,
               guint       lifetime)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *jti = random_jti ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "sub");
  json_builder_add_string_value (builder, client_id);
  json_builder_set_member_name (builder, "aud");
  json_builder_add_string_value (builder, ADEPT_BUSINESS_AUDIENCE);
  json_builder_set_member_name (builder, "iat");
  json_builder_add_int_value (builder, now);
  json_builder_set_member_name (builder, "exp");
  json_builder_add_int_value (builder, now + lifetime);
  json_builder_set_member_name (builder, "jti");
  json_builder_add_string_value (builder, jti);
  json_builder_set_member_name (builder, "iss");
  json_builder_add_string_value (builder, client_id);
  json_builder_end_object (builder);
  return encode_json (builder);
}

/* A DER INTEGER's magnitude as exactly 32 bytes: its sign byte dropped, short values
 * left-padded with zeros. FALSE when it does not fit. */
static gboolean
fixed_half (const gnutls_datum_t *value,
            guint8                out[ES256_HALF])
{
  const guint8 *data = value->data;
  gsize len = value->size;

  while (len > ES256_HALF && data[0] == 0)
    {
      data++;
      len--;
    }
  if (len > ES256_HALF)
    return FALSE;
  memset (out, 0, ES256_HALF - len);
  memcpy (out + ES256_HALF - len, data, len);
  return TRUE;
}

static char *
sign_es256 (AdeptBusinessKey  *self,
            const char        *input,
            GError           **error)
{
  gnutls_datum_t data = { (unsigned char *) input, (unsigned int) strlen (input) };
  gnutls_datum_t der = { NULL, 0 }, r = { NULL, 0 }, s = { NULL, 0 };
  guint8 raw[2 * ES256_HALF];
  gboolean ok;
  int rc;

  rc = gnutls_privkey_sign_data2 (self->key, GNUTLS_SIGN_ECDSA_SHA256, 0, &data, &der);
  if (rc >= 0)
    rc = gnutls_decode_rs_value (&der, &r, &s);
  ok = rc >= 0 && fixed_half (&r, raw) && fixed_half (&s, raw + ES256_HALF);
  gnutls_free (der.data);
  gnutls_free (r.data);
  gnutls_free (s.data);
  if (!ok)
    {
      g_debug ("ES256 signing: %s", rc < 0 ? gnutls_strerror (rc) : "value too long");
      key_error (error, _("The client assertion could not be signed with the private key. Connect the API account again with its key."));
      return NULL;
    }
  return adept_base64url_encode (raw, sizeof raw);
}

char *
adept_business_key_make_assertion (AdeptBusinessKey  *self,
                                   const char        *client_id,
                                   const char        *key_id,
                                   gint64             now,
                                   guint              lifetime,
                                   GError           **error)
{
  g_autofree char *header = NULL;
  g_autofree char *claims = NULL;
  g_autofree char *input = NULL;
  g_autofree char *signature = NULL;

  g_return_val_if_fail (ADEPT_IS_BUSINESS_KEY (self), NULL);
  g_return_val_if_fail (client_id != NULL && key_id != NULL, NULL);
  g_return_val_if_fail (lifetime > 0 && lifetime <= ADEPT_BUSINESS_MAX_ASSERTION_S, NULL);

  header = encode_header (key_id);
  claims = encode_claims (client_id, now, lifetime);
  input = g_strconcat (header, ".", claims, NULL);
  signature = sign_es256 (self, input, error);
  if (signature == NULL)
    return NULL;
  return g_strconcat (input, ".", signature, NULL);
}
