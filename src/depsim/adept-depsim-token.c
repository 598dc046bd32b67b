/* adept-depsim-token.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-depsim"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gnutls/abstract.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <string.h>

#include "adept-depsim-token.h"
#include "adept-error.h"
#include "adept-secret.h"

#define TAG_INTEGER      0x02
#define TAG_OCTET_STRING 0x04
#define TAG_NULL         0x05
#define TAG_OID          0x06
#define TAG_SEQUENCE     0x30
#define TAG_SET          0x31
#define TAG_CONTEXT_0    0xA0

/* 1.2.840.113549.1.7.3, 1.2.840.113549.1.7.1, 1.2.840.113549.1.1.1, 2.16.840.1.101.3.4.1.2 */
static const guint8 oid_enveloped_data[] = { 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x03 };
static const guint8 oid_data[] = { 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x01 };
static const guint8 oid_rsa_encryption[] = { 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01 };
static const guint8 oid_aes128_cbc[] = { 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x01, 0x02 };

static const guint8 end_of_contents[] = { 0x00, 0x00 };

/* Apple's observed tokens carry the ciphertext in 512-byte chunks or fewer. */
#define CHUNK_SIZE 512

/* DER length: short form below 128, else 0x80 | n followed by n big-endian bytes. */
static void
put_length (GByteArray *out,
            gsize       len)
{
  guint8 bytes[9];
  guint n = 0;

  if (len < 0x80)
    {
      bytes[0] = (guint8) len;
      g_byte_array_append (out, bytes, 1);
      return;
    }
  for (gsize rest = len; rest > 0; rest >>= 8)
    n++;
  bytes[0] = 0x80 | n;
  for (guint i = 0; i < n; i++)
    bytes[n - i] = (len >> (8 * i)) & 0xff;
  g_byte_array_append (out, bytes, n + 1);
}

static void
put_tlv (GByteArray   *out,
         guint8        tag,
         const guint8 *content,
         gsize         len)
{
  g_byte_array_append (out, &tag, 1);
  put_length (out, len);
  g_byte_array_append (out, content, len);
}

/* Wraps what was written into inner as one definite-length element. */
static void
put_wrapped (GByteArray *out,
             guint8      tag,
             GByteArray *inner)
{
  put_tlv (out, tag, inner->data, inner->len);
}

static void
open_indefinite (GByteArray *out,
                 guint8      tag)
{
  guint8 header[] = { tag, 0x80 };

  g_byte_array_append (out, header, sizeof header);
}

static void
close_indefinite (GByteArray *out)
{
  g_byte_array_append (out, end_of_contents, sizeof end_of_contents);
}

/* One element of DER at data; its whole encoding is data[0 .. *total). */
static gboolean
read_element (const guint8 *data,
              gsize         len,
              guint8       *tag,
              gsize        *header,
              gsize        *total)
{
  gsize content = 0;
  gsize pos = 2;

  if (len < 2)
    return FALSE;
  *tag = data[0];
  if (data[1] < 0x80)
    content = data[1];
  else
    {
      guint n = data[1] & 0x7f;

      if (n == 0 || n > 4 || len < 2 + n)
        return FALSE;
      for (guint i = 0; i < n; i++)
        content = (content << 8) | data[pos++];
    }
  if (content > len - pos)
    return FALSE;
  *header = pos;
  *total = pos + content;
  return TRUE;
}

/* Copies the serial INTEGER and the issuer Name of a certificate exactly as encoded, so
 * the recipient matches whatever string types and sign the certificate uses. */
static gboolean
extract_issuer_and_serial (const guint8 *cert,
                           gsize         len,
                           GByteArray   *serial,
                           GByteArray   *issuer)
{
  guint8 tag;
  gsize header, total;
  const guint8 *p;
  gsize left;

  /* Certificate, then TBSCertificate: step inside both. */
  if (!read_element (cert, len, &tag, &header, &total) || tag != TAG_SEQUENCE)
    return FALSE;
  p = cert + header;
  left = total - header;
  if (!read_element (p, left, &tag, &header, &total) || tag != TAG_SEQUENCE)
    return FALSE;
  p += header;
  left = total - header;

  if (!read_element (p, left, &tag, &header, &total))
    return FALSE;
  if (tag == TAG_CONTEXT_0)
    {
      p += total;
      left -= total;
      if (!read_element (p, left, &tag, &header, &total))
        return FALSE;
    }
  if (tag != TAG_INTEGER)
    return FALSE;
  g_byte_array_append (serial, p, total);
  p += total;
  left -= total;

  /* The signature AlgorithmIdentifier, then the issuer. */
  if (!read_element (p, left, &tag, &header, &total) || tag != TAG_SEQUENCE)
    return FALSE;
  p += total;
  left -= total;
  if (!read_element (p, left, &tag, &header, &total) || tag != TAG_SEQUENCE)
    return FALSE;
  g_byte_array_append (issuer, p, total);
  return TRUE;
}

static void
put_oid (GByteArray   *out,
         const guint8 *oid,
         gsize         len)
{
  put_tlv (out, TAG_OID, oid, len);
}

static void
put_recipient_infos (GByteArray         *out,
                     GByteArray         *serial,
                     GByteArray         *issuer,
                     const gnutls_datum_t *wrapped_key)
{
  g_autoptr(GByteArray) ktri = g_byte_array_new ();
  g_autoptr(GByteArray) ias = g_byte_array_new ();
  g_autoptr(GByteArray) alg = g_byte_array_new ();
  g_autoptr(GByteArray) set = g_byte_array_new ();
  static const guint8 zero = 0;

  g_byte_array_append (ias, issuer->data, issuer->len);
  g_byte_array_append (ias, serial->data, serial->len);

  put_oid (alg, oid_rsa_encryption, sizeof oid_rsa_encryption);
  put_tlv (alg, TAG_NULL, NULL, 0);

  put_tlv (ktri, TAG_INTEGER, &zero, 1);
  put_wrapped (ktri, TAG_SEQUENCE, ias);
  put_wrapped (ktri, TAG_SEQUENCE, alg);
  put_tlv (ktri, TAG_OCTET_STRING, wrapped_key->data, wrapped_key->size);

  put_wrapped (set, TAG_SEQUENCE, ktri);
  put_wrapped (out, TAG_SET, set);
}

static void
put_encrypted_content_info (GByteArray   *out,
                            const guint8  iv[16],
                            const guint8 *ciphertext,
                            gsize         len)
{
  g_autoptr(GByteArray) alg = g_byte_array_new ();

  open_indefinite (out, TAG_SEQUENCE);
  put_oid (out, oid_data, sizeof oid_data);

  put_oid (alg, oid_aes128_cbc, sizeof oid_aes128_cbc);
  put_tlv (alg, TAG_OCTET_STRING, iv, 16);
  put_wrapped (out, TAG_SEQUENCE, alg);

  /* [0] IMPLICIT, constructed, indefinite, holding OCTET STRING chunks. */
  open_indefinite (out, TAG_CONTEXT_0);
  for (gsize off = 0; off < len; off += CHUNK_SIZE)
    put_tlv (out, TAG_OCTET_STRING, ciphertext + off, MIN (CHUNK_SIZE, len - off));
  close_indefinite (out);

  close_indefinite (out);
}

static GBytes *
mime_wrap (const guint8 *der,
           gsize         len)
{
  g_autofree char *b64 = g_base64_encode (der, len);
  /* LF line ends, as in every copy of a real token that was examined. */
  GString *out = g_string_new ("Content-Type: application/pkcs7-mime; name=\"smime.p7m\"; "
                               "smime-type=enveloped-data\n"
                               "Content-Transfer-Encoding: base64\n"
                               "Content-Disposition: attachment; filename=\"smime.p7m\"\n"
                               "Content-Description: S/MIME Encrypted Message\n"
                               "\n");
  gsize b64_len = strlen (b64);

  for (gsize off = 0; off < b64_len; off += 76)
    {
      g_string_append_len (out, b64 + off, MIN (76, b64_len - off));
      g_string_append_c (out, '\n');
    }
  return g_string_free_to_bytes (out);
}

char *
adept_depsim_token_plaintext (const char *payload_json)
{
  return g_strconcat ("Content-Type: text/plain;charset=UTF-8\r\n"
                      "Content-Transfer-Encoding: 7bit\r\n"
                      "\r\n"
                      "-----BEGIN MESSAGE-----\n",
                      payload_json,
                      "\n-----END MESSAGE-----\n",
                      NULL);
}

/* AES-128-CBC with PKCS#7 padding. */
static guint8 *
encrypt_content (const char   *plaintext,
                 const guint8  key[16],
                 const guint8  iv[16],
                 gsize        *out_len)
{
  gsize len = strlen (plaintext);
  gsize padded = (len / 16 + 1) * 16;
  guint8 *buf = g_malloc (padded);
  gnutls_cipher_hd_t cipher;
  gnutls_datum_t key_datum = { (guint8 *) key, 16 };
  gnutls_datum_t iv_datum = { (guint8 *) iv, 16 };

  memcpy (buf, plaintext, len);
  memset (buf + len, (int) (padded - len), padded - len);

  if (gnutls_cipher_init (&cipher, GNUTLS_CIPHER_AES_128_CBC, &key_datum, &iv_datum) != 0)
    g_error ("AES-128-CBC is not available in GnuTLS");
  if (gnutls_cipher_encrypt (cipher, buf, padded) != 0)
    g_error ("AES-128-CBC encryption failed");
  gnutls_cipher_deinit (cipher);

  *out_len = padded;
  return buf;
}

static gboolean
fail_cert (GError **error)
{
  g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_CERT_INVALID,
               _("The certificate could not be used for a server token. Upload an X.509 certificate in PEM format that holds an RSA public key."));
  return FALSE;
}

GBytes *
adept_depsim_token_build (const char  *cert_pem,
                          gsize        cert_len,
                          const char  *payload_json,
                          GError     **error)
{
  gnutls_x509_crt_t crt = NULL;
  gnutls_pubkey_t pubkey = NULL;
  gnutls_datum_t pem = { (guint8 *) cert_pem, (guint) cert_len };
  gnutls_datum_t der = { NULL, 0 };
  gnutls_datum_t wrapped = { NULL, 0 };
  g_autoptr(GByteArray) serial = g_byte_array_new ();
  g_autoptr(GByteArray) issuer = g_byte_array_new ();
  g_autoptr(GByteArray) cms = g_byte_array_new ();
  g_autofree guint8 *ciphertext = NULL;
  char *plaintext = NULL;
  guint8 key[16];
  guint8 iv[16];
  gnutls_datum_t key_datum = { key, sizeof key };
  static const guint8 zero = 0;
  gsize ciphertext_len = 0;
  GBytes *result = NULL;

  if (gnutls_x509_crt_init (&crt) != 0 ||
      gnutls_x509_crt_import (crt, &pem, GNUTLS_X509_FMT_PEM) != 0 ||
      gnutls_x509_crt_export2 (crt, GNUTLS_X509_FMT_DER, &der) != 0 ||
      !extract_issuer_and_serial (der.data, der.size, serial, issuer) ||
      gnutls_pubkey_init (&pubkey) != 0 ||
      gnutls_pubkey_import_x509 (pubkey, crt, 0) != 0 ||
      gnutls_pubkey_get_pk_algorithm (pubkey, NULL) != GNUTLS_PK_RSA)
    {
      fail_cert (error);
      goto out;
    }

  if (gnutls_rnd (GNUTLS_RND_KEY, key, sizeof key) != 0 ||
      gnutls_rnd (GNUTLS_RND_NONCE, iv, sizeof iv) != 0)
    g_error ("The system's random number generator failed");
  if (gnutls_pubkey_encrypt_data (pubkey, 0, &key_datum, &wrapped) != 0)
    {
      fail_cert (error);
      goto out;
    }

  plaintext = adept_depsim_token_plaintext (payload_json);
  ciphertext = encrypt_content (plaintext, key, iv, &ciphertext_len);

  /* ContentInfo { envelopedData, [0] EnvelopedData { 0, recipientInfos, encrypted } } */
  open_indefinite (cms, TAG_SEQUENCE);
  put_oid (cms, oid_enveloped_data, sizeof oid_enveloped_data);
  open_indefinite (cms, TAG_CONTEXT_0);
  open_indefinite (cms, TAG_SEQUENCE);
  put_tlv (cms, TAG_INTEGER, &zero, 1);
  put_recipient_infos (cms, serial, issuer, &wrapped);
  put_encrypted_content_info (cms, iv, ciphertext, ciphertext_len);
  close_indefinite (cms);
  close_indefinite (cms);
  close_indefinite (cms);

  result = mime_wrap (cms->data, cms->len);

out:
  adept_secret_wipe (key, sizeof key);
  adept_secret_free (plaintext);
  gnutls_free (der.data);
  gnutls_free (wrapped.data);
  if (pubkey != NULL)
    gnutls_pubkey_deinit (pubkey);
  if (crt != NULL)
    gnutls_x509_crt_deinit (crt);
  return result;
}
