/* adept-server-token.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The token is a MIME entity around a base64 CMS EnvelopedData (dep-api.md §1.2–1.4).
 * Each layer is peeled in its own function; every failure maps to one error code, and
 * once the data is recognisably a token, any later structural failure is "damaged".
 */
#define G_LOG_DOMAIN "adept-server-token"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <gnutls/abstract.h>
#include <gnutls/crypto.h>
#include <json-glib/json-glib.h>

#include "adept-ber.h"
#include "adept-error.h"
#include "adept-input.h"
#include "adept-json.h"
#include "adept-secret.h"
#include "adept-server-token.h"
#include "adept-server-token-private.h"

/* A real token is about 2.5 KiB; anything this big is decided without parsing. */
#define MAX_TOKEN_SIZE (adept_input_get_limit (ADEPT_INPUT_TOKEN))
#define FINGERPRINT_LEN 16

#define OID_ENVELOPED_DATA "1.2.840.113549.1.7.3"
#define OID_DATA           "1.2.840.113549.1.7.1"
#define OID_RSA_ENCRYPTION "1.2.840.113549.1.1.1"

struct _AdeptServerToken
{
  GObject parent_instance;

  char *consumer_key;
  char *consumer_secret;
  char *access_token;
  char *access_secret;
  GDateTime *expiry;
  char fingerprint[FINGERPRINT_LEN + 1];
};

G_DEFINE_FINAL_TYPE (AdeptServerToken, adept_server_token, G_TYPE_OBJECT)

typedef struct {
  const char *oid;
  gnutls_cipher_algorithm_t algorithm;
  guint key_len;
  guint block_len;
} ContentCipher;

static const ContentCipher content_ciphers[] = {
  { "2.16.840.1.101.3.4.1.2", GNUTLS_CIPHER_AES_128_CBC, 16, 16 },
  { "2.16.840.1.101.3.4.1.22", GNUTLS_CIPHER_AES_192_CBC, 24, 16 },
  { "2.16.840.1.101.3.4.1.42", GNUTLS_CIPHER_AES_256_CBC, 32, 16 },
  { "1.2.840.113549.3.7", GNUTLS_CIPHER_3DES_CBC, 24, 8 },
};

/* The parts of an EnvelopedData that decryption needs, pointing into the DER buffer. */
typedef struct {
  const ContentCipher *cipher;
  const guint8 *iv;
  gsize iv_len;
  GByteArray *ciphertext;
  GByteArray *encrypted_key;
} Envelope;

static void
envelope_clear (Envelope *env)
{
  g_clear_pointer (&env->ciphertext, g_byte_array_unref);
  g_clear_pointer (&env->encrypted_key, g_byte_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Envelope, envelope_clear)

static void
adept_server_token_finalize (GObject *object)
{
  AdeptServerToken *self = ADEPT_SERVER_TOKEN (object);

  g_clear_pointer (&self->consumer_key, adept_secret_free);
  g_clear_pointer (&self->consumer_secret, adept_secret_free);
  g_clear_pointer (&self->access_token, adept_secret_free);
  g_clear_pointer (&self->access_secret, adept_secret_free);
  g_clear_pointer (&self->expiry, g_date_time_unref);

  G_OBJECT_CLASS (adept_server_token_parent_class)->finalize (object);
}

static void
adept_server_token_class_init (AdeptServerTokenClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = adept_server_token_finalize;
}

static void
adept_server_token_init (AdeptServerToken *self)
{
}

static gboolean
set_error_literal (GError       **error,
                   AdeptErrorCode code,
                   const char    *message)
{
  g_set_error_literal (error, ADEPT_ERROR, code, message);
  return FALSE;
}

static gboolean
set_damaged (GError **error)
{
  adept_set_error (error, ADEPT_ERROR_TOKEN_DAMAGED);
  return FALSE;
}

/* Text lines ----------------------------------------------------------------------- */

typedef struct {
  const char *pos;
  gsize left;
} LineReader;

/* Lines end in LF or CRLF; the terminator is not part of the line. */
static gboolean
next_line (LineReader  *reader,
           const char **line,
           gsize       *len)
{
  const char *nl;

  if (reader->left == 0)
    return FALSE;
  *line = reader->pos;
  nl = memchr (reader->pos, '\n', reader->left);
  if (nl == NULL)
    {
      *len = reader->left;
      reader->pos += reader->left;
      reader->left = 0;
    }
  else
    {
      *len = nl - reader->pos;
      reader->left -= *len + 1;
      reader->pos = nl + 1;
    }
  if (*len > 0 && (*line)[*len - 1] == '\r')
    (*len)--;
  return TRUE;
}

static gboolean
has_prefix (const char *line,
            gsize       len,
            const char *prefix)
{
  gsize plen = strlen (prefix);

  return len >= plen && memcmp (line, prefix, plen) == 0;
}

static gboolean
is_header_line (const char *line,
                gsize       len)
{
  gsize i = 0;

  while (i < len && (g_ascii_isalnum (line[i]) || line[i] == '-'))
    i++;
  return i > 0 && i < len && line[i] == ':';
}

/* Reads a MIME header block (with folded lines) up to its blank line. Names are stored
 * in lower case. FALSE when a line is not a header or the block never ends. */
static gboolean
read_mime_headers (LineReader *reader,
                   GHashTable *headers)
{
  GString *current = NULL;
  const char *line;
  gsize len;

  while (next_line (reader, &line, &len))
    {
      const char *colon;
      char *name;

      if (len == 0)
        return TRUE;
      if ((line[0] == ' ' || line[0] == '\t') && current != NULL)
        {
          g_string_append_c (current, ' ');
          g_string_append_len (current, line, len);
          continue;
        }
      if (!is_header_line (line, len))
        return FALSE;
      colon = memchr (line, ':', len);
      name = g_ascii_strdown (line, colon - line);
      current = g_string_new_len (colon + 1, len - (colon + 1 - line));
      g_hash_table_replace (headers, name, current);
    }
  return FALSE;
}

static void
string_free (gpointer string)
{
  g_string_free (string, TRUE);
}

static GHashTable *
new_header_table (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, string_free);
}

static char *
header_media_type (GHashTable *headers,
                   const char *name)
{
  GString *value = g_hash_table_lookup (headers, name);
  const char *semi;
  g_autofree char *type = NULL;

  if (value == NULL)
    return NULL;
  semi = strchr (value->str, ';');
  type = semi != NULL ? g_strndup (value->str, semi - value->str) : g_strdup (value->str);
  return g_ascii_strdown (g_strstrip (type), -1);
}

/* Base64 ------------------------------------------------------------------------------ */

static int
base64_value (guchar c)
{
  if (c >= 'A' && c <= 'Z')
    return c - 'A';
  if (c >= 'a' && c <= 'z')
    return c - 'a' + 26;
  if (c >= '0' && c <= '9')
    return c - '0' + 52;
  if (c == '+')
    return 62;
  if (c == '/')
    return 63;
  return -1;
}

/* Strict: only the alphabet, white space and final padding; g_base64_decode() would
 * skip anything else silently and hide damage. */
static gboolean
decode_base64 (const char *text,
               gsize       len,
               GByteArray *out)
{
  guint32 acc = 0;
  guint n = 0, pad = 0;

  for (gsize i = 0; i < len; i++)
    {
      guchar c = text[i];
      int v;

      if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
        continue;
      if (c == '=')
        {
          if (n < 2 || ++pad + n > 4)
            return FALSE;
          continue;
        }
      v = base64_value (c);
      if (v < 0 || pad > 0)
        return FALSE;
      acc = (acc << 6) | v;
      if (++n == 4)
        {
          guint8 bytes[3] = { acc >> 16, acc >> 8, acc };

          g_byte_array_append (out, bytes, 3);
          acc = 0;
          n = 0;
        }
    }

  if (n == 1 || (pad > 0 && pad + n != 4))
    return FALSE;
  if (n == 2)
    {
      guint8 b = acc >> 4;
      g_byte_array_append (out, &b, 1);
    }
  else if (n == 3)
    {
      guint8 bytes[2] = { acc >> 10, acc >> 2 };
      g_byte_array_append (out, bytes, 2);
    }
  return out->len > 0;
}

/* Outer layer: MIME, PEM, bare base64 or raw BER ----------------------------------------- */

/* 30 <len> 06 09 <envelopedData>: how every Apple token starts, in BER or DER. */
static gboolean
looks_like_enveloped_data (const guint8 *p,
                           gsize         len)
{
  static const guint8 oid_tlv[] = {
    0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x03
  };
  gsize header = 2;

  if (len < 2 || p[0] != 0x30)
    return FALSE;
  if (p[1] > 0x80)
    header += p[1] & 0x7f;
  return len >= header + sizeof oid_tlv && memcmp (p + header, oid_tlv, sizeof oid_tlv) == 0;
}

static gboolean
not_a_token (GError    **error,
             const char *message)
{
  if (message == NULL)
    adept_set_error (error, ADEPT_ERROR_TOKEN_NOT_A_TOKEN);
  else
    g_set_error_literal (error, ADEPT_ERROR, ADEPT_ERROR_TOKEN_NOT_A_TOKEN, message);
  return FALSE;
}

static gboolean
unwrap_pem (LineReader *reader,
            const char *first_line,
            gsize       first_len,
            GByteArray *der,
            GError    **error)
{
  const char *line;
  gsize len;
  gboolean ended;
  g_autoptr(GString) body = g_string_new (NULL);

  if (!has_prefix (first_line, first_len, "-----BEGIN PKCS7-----") &&
      !has_prefix (first_line, first_len, "-----BEGIN CMS-----"))
    {
      if (has_prefix (first_line, first_len, "-----BEGIN CERTIFICATE-----"))
        return not_a_token (error, _("This file is a certificate, not a server token. Upload it to the MDM server in Apple Business Manager, then download the server token (a file ending in “_smime.p7m”) and use that file."));
      return not_a_token (error, NULL);
    }

  while (!(ended = !next_line (reader, &line, &len)) && !has_prefix (line, len, "-----END "))
    g_string_append_len (body, line, len);
  /* Without its END line the file was cut short, even if the base64 happens to decode. */
  if (ended || !decode_base64 (body->str, body->len, der) ||
      !looks_like_enveloped_data (der->data, der->len))
    return set_damaged (error);
  return TRUE;
}

static gboolean
unwrap_mime (LineReader *reader,
             GByteArray *der,
             GError    **error)
{
  g_autoptr(GHashTable) headers = new_header_table ();
  g_autofree char *type = NULL;
  g_autofree char *encoding = NULL;
  gboolean complete = read_mime_headers (reader, headers);

  type = header_media_type (headers, "content-type");
  encoding = header_media_type (headers, "content-transfer-encoding");
  if (g_strcmp0 (type, "application/pkcs7-mime") != 0 &&
      g_strcmp0 (type, "application/x-pkcs7-mime") != 0)
    return not_a_token (error, NULL);
  if (!complete || (encoding != NULL && strcmp (encoding, "base64") != 0))
    return set_damaged (error);

  if (!decode_base64 (reader->pos, reader->left, der) ||
      !looks_like_enveloped_data (der->data, der->len))
    return set_damaged (error);
  return TRUE;
}

static gboolean
only_white_space (const char *line,
                  gsize       len)
{
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isspace (line[i]))
      return FALSE;
  return TRUE;
}

static gboolean
unwrap_text (const char *text,
             gsize       len,
             GByteArray *der,
             GError    **error)
{
  LineReader reader = { text, len };
  LineReader peek;
  const char *line = NULL;
  gsize line_len = 0;

  if (memchr (text, '\0', len) != NULL)
    return not_a_token (error, NULL);

  /* A byte order mark or blank lines before the content are harmless. */
  if (has_prefix (text, len, "\xef\xbb\xbf"))
    {
      reader.pos += 3;
      reader.left -= 3;
    }
  do
    {
      peek = reader;
      if (!next_line (&reader, &line, &line_len))
        return not_a_token (error, NULL);
    }
  while (only_white_space (line, line_len));

  if (has_prefix (line, line_len, "-----BEGIN "))
    return unwrap_pem (&reader, line, line_len, der, error);
  if (is_header_line (line, line_len))
    return unwrap_mime (&peek, der, error);

  /* Bare base64: only a token if what it decodes to looks like one. */
  if (!decode_base64 (peek.pos, peek.left, der) ||
      !looks_like_enveloped_data (der->data, der->len))
    return not_a_token (error, NULL);
  return TRUE;
}

static void
set_too_large (GError **error)
{
  not_a_token (error, _("This file is too large to be a server token. In Apple Business Manager, download the server token (a file ending in “_smime.p7m”) and use that file."));
}

static GByteArray *
unwrap_outer (GBytes  *data,
              GError **error)
{
  gsize len;
  const guint8 *p = g_bytes_get_data (data, &len);
  g_autoptr(GByteArray) der = g_byte_array_new ();

  if (len == 0)
    {
      not_a_token (error, _("This file is empty, so it is not a server token. In Apple Business Manager, download the server token (a file ending in “_smime.p7m”) and use that file."));
      return NULL;
    }
  if (len > MAX_TOKEN_SIZE)
    {
      set_too_large (error);
      return NULL;
    }

  if (looks_like_enveloped_data (p, len))
    g_byte_array_append (der, p, len);
  else if (!unwrap_text ((const char *) p, len, der, error))
    return NULL;
  return g_steal_pointer (&der);
}

/* CMS EnvelopedData (RFC 5652 §6) ------------------------------------------------------ */

static gboolean
bytes_equal (GBytes       *bytes,
             const guint8 *data,
             gsize         len)
{
  gsize blen;
  const guint8 *bdata;

  if (bytes == NULL)
    return FALSE;
  bdata = g_bytes_get_data (bytes, &blen);
  return blen == len && memcmp (bdata, data, len) == 0;
}

/* rid is IssuerAndSerialNumber (compared as raw DER, so negative serials work) or
 * [0] SubjectKeyIdentifier. */
static gboolean
recipient_is_us (const AdeptBerElement *rid,
                 AdeptKeyPair          *key_pair,
                 gboolean              *ours,
                 gboolean              *by_key_id)
{
  AdeptBerCursor cursor;
  AdeptBerElement issuer, serial;

  if (adept_ber_element_is (rid, ADEPT_BER_CONTEXT, 0) && !rid->constructed)
    {
      *ours = key_pair != NULL &&
              bytes_equal (adept_key_pair_get_subject_key_id (key_pair),
                           rid->content, rid->content_len);
      *by_key_id = TRUE;
      return TRUE;
    }
  *by_key_id = FALSE;
  if (!adept_ber_element_is (rid, ADEPT_BER_UNIVERSAL, ADEPT_BER_TAG_SEQUENCE) ||
      !adept_ber_cursor_enter (&cursor, rid) ||
      !adept_ber_cursor_expect (&cursor, ADEPT_BER_UNIVERSAL, ADEPT_BER_TAG_SEQUENCE, &issuer) ||
      !adept_ber_cursor_expect (&cursor, ADEPT_BER_UNIVERSAL, ADEPT_BER_TAG_INTEGER, &serial) ||
      serial.constructed)
    return FALSE;

  *ours = key_pair != NULL &&
          bytes_equal (adept_key_pair_get_issuer_der (key_pair), issuer.start, issuer.total_len) &&
          bytes_equal (adept_key_pair_get_serial_der (key_pair), serial.content, serial.content_len);
  return TRUE;
}

static gboolean
read_algorithm (const AdeptBerElement *algorithm_id,
                AdeptBerElement       *oid,
                AdeptBerElement       *params,
                gboolean              *has_params)
{
  AdeptBerCursor cursor;

  if (!adept_ber_element_is (algorithm_id, ADEPT_BER_UNIVERSAL, ADEPT_BER_TAG_SEQUENCE) ||
      !adept_ber_cursor_enter (&cursor, algorithm_id) ||
      !adept_ber_cursor_expect (&cursor, ADEPT_BER_UNIVERSAL, ADEPT_BER_TAG_OID, oid))
    return FALSE;
  *has_params = adept_ber_cursor_next (&cursor, params);
  return !cursor.failed;
}

/* KeyTransRecipientInfo ::= SEQUENCE { version, rid, keyEncryptionAlgorithm, encryptedKey }.
 * Other kinds of RecipientInfo are tagged [1]..[4] and skipped. The version says how the
 * recipient is named (RFC 5652 §6.2.1): 0 for issuer and serial, 2 for a key identifier. */
static gboolean
read_recipient (const AdeptBerElement *info,
                AdeptKeyPair          *key_pair,
                Envelope              *env,
                GError               **error)
{
  AdeptBerCursor cursor;
  AdeptBerElement version, rid, algorithm, oid, params, key;
  gboolean ours = FALSE, by_key_id = FALSE, has_params;
  guint version_number;

  if (!adept_ber_element_is (info, ADEPT_BER_UNIVERSAL, ADEPT_BER_TAG_SEQUENCE))
    return info->cls == ADEPT_BER_CONTEXT || set_damaged (error);

  if (!adept_ber_cursor_enter (&cursor, info) ||
      !adept_ber_cursor_expect (&cursor, ADEPT_BER_UNIVERSAL, ADEPT_BER_TAG_INTEGER, &version) ||
      !adept_ber_element_get_uint (&version, &version_number) ||
      !adept_ber_cursor_next (&cursor, &rid) ||
      !recipient_is_us (&rid, key_pair, &ours, &by_key_id) ||
      version_number != (by_key_id ? 2u : 0u) ||
      !adept_ber_cursor_next (&cursor, &algorithm) ||
      !read_algorithm (&algorithm, &oid, &params, &has_params) ||
      !adept_ber_cursor_expect (&cursor, ADEPT_BER_UNIVERSAL, ADEPT_BER_TAG_OCTET_STRING, &key))
    return set_damaged (error);

  if (!ours || env->encrypted_key != NULL)
    return TRUE;
  if (!adept_ber_element_is_oid (&oid, OID_RSA_ENCRYPTION))
    return set_error_literal (error, ADEPT_ERROR_TOKEN_DAMAGED,
                              _("This server token uses a key encryption method Adept does not support. Download a new token from Apple Business Manager."));

  env->encrypted_key = g_byte_array_new ();
  if (!adept_ber_element_append_octets (&key, env->encrypted_key))
    return set_damaged (error);
  return TRUE;
}

static gboolean
read_recipients (const AdeptBerElement *set,
                 AdeptKeyPair          *key_pair,
                 Envelope              *env,
                 GError               **error)
{
  AdeptBerCursor cursor;
  AdeptBerElement info;

  if (!adept_ber_element_is (set, ADEPT_BER_UNIVERSAL, ADEPT_BER_TAG_SET) ||
      !adept_ber_cursor_enter (&cursor, set))
    return set_damaged (error);
  while (adept_ber_cursor_next (&cursor, &info))
    if (!read_recipient (&info, key_pair, env, error))
      return FALSE;
  return !cursor.failed || set_damaged (error);
}

static gboolean
read_content_algorithm (const AdeptBerElement *algorithm,
                        Envelope              *env,
                        GError               **error)
{
  AdeptBerElement oid, params;
  gboolean has_params;

  if (!read_algorithm (algorithm, &oid, &params, &has_params))
    return set_damaged (error);

  for (guint i = 0; i < G_N_ELEMENTS (content_ciphers); i++)
    if (adept_ber_element_is_oid (&oid, content_ciphers[i].oid))
      env->cipher = &content_ciphers[i];
  if (env->cipher == NULL)
    return set_error_literal (error, ADEPT_ERROR_TOKEN_DAMAGED,
                              _("This server token uses an encryption method Adept does not support. Download a new token from Apple Business Manager."));

  /* The parameter is the IV, one cipher block. */
  if (!has_params || params.constructed ||
      !adept_ber_element_is (&params, ADEPT_BER_UNIVERSAL, ADEPT_BER_TAG_OCTET_STRING) ||
      params.content_len != env->cipher->block_len)
    return set_damaged (error);
  env->iv = params.content;
  env->iv_len = params.content_len;
  return TRUE;
}

/* EncryptedContentInfo ::= SEQUENCE { contentType, contentEncryptionAlgorithm,
 *                                     encryptedContent [0] IMPLICIT OCTET STRING } */
static gboolean
read_encrypted_content (const AdeptBerElement *info,
                        Envelope              *env,
                        GError               **error)
{
  AdeptBerCursor cursor;
  AdeptBerElement type, algorithm, content;

  /* A token's content is plain data (id-data); anything else is not what Apple makes. */
  if (!adept_ber_element_is (info, ADEPT_BER_UNIVERSAL, ADEPT_BER_TAG_SEQUENCE) ||
      !adept_ber_cursor_enter (&cursor, info) ||
      !adept_ber_cursor_expect (&cursor, ADEPT_BER_UNIVERSAL, ADEPT_BER_TAG_OID, &type) ||
      !adept_ber_element_is_oid (&type, OID_DATA) ||
      !adept_ber_cursor_next (&cursor, &algorithm))
    return set_damaged (error);
  if (!read_content_algorithm (&algorithm, env, error))
    return FALSE;

  env->ciphertext = g_byte_array_new ();
  if (!adept_ber_cursor_expect (&cursor, ADEPT_BER_CONTEXT, 0, &content) ||
      !adept_ber_element_append_octets (&content, env->ciphertext) ||
      env->ciphertext->len == 0 ||
      env->ciphertext->len % env->cipher->block_len != 0)
    return set_damaged (error);
  return TRUE;
}

/* RFC 5652 §6.1 defines 0, 2, 3 and 4 (which one depends on the recipients and
 * attributes; the decryption does not need to know). */
static gboolean
is_enveloped_data_version (guint version)
{
  return version == 0 || (version >= 2 && version <= 4);
}

static gboolean
read_enveloped_data (const GByteArray *der,
                     AdeptKeyPair     *key_pair,
                     Envelope         *env,
                     GError          **error)
{
  AdeptBerCursor top, info, explicit, enveloped;
  AdeptBerElement el;
  guint version;

  adept_ber_cursor_init (&top, der->data, der->len);
  if (!adept_ber_cursor_expect (&top, ADEPT_BER_UNIVERSAL, ADEPT_BER_TAG_SEQUENCE, &el) ||
      !adept_ber_cursor_enter (&info, &el) ||
      !adept_ber_cursor_next (&info, &el) ||
      !adept_ber_element_is_oid (&el, OID_ENVELOPED_DATA) ||
      !adept_ber_cursor_expect (&info, ADEPT_BER_CONTEXT, 0, &el) ||
      !adept_ber_cursor_enter (&explicit, &el) ||
      !adept_ber_cursor_expect (&explicit, ADEPT_BER_UNIVERSAL, ADEPT_BER_TAG_SEQUENCE, &el) ||
      !adept_ber_cursor_enter (&enveloped, &el) ||
      !adept_ber_cursor_expect (&enveloped, ADEPT_BER_UNIVERSAL, ADEPT_BER_TAG_INTEGER, &el) ||
      !adept_ber_element_get_uint (&el, &version) ||
      !is_enveloped_data_version (version) ||
      !adept_ber_cursor_next (&enveloped, &el))
    return set_damaged (error);

  /* [0] originatorInfo is optional. */
  if (adept_ber_element_is (&el, ADEPT_BER_CONTEXT, 0) &&
      !adept_ber_cursor_next (&enveloped, &el))
    return set_damaged (error);
  if (!read_recipients (&el, key_pair, env, error))
    return FALSE;

  if (!adept_ber_cursor_next (&enveloped, &el))
    return set_damaged (error);
  if (!read_encrypted_content (&el, env, error))
    return FALSE;

  /* Only after the whole structure proved sound, so that damage is not blamed on the key. */
  if (key_pair != NULL && env->encrypted_key == NULL)
    {
      adept_set_error (error, ADEPT_ERROR_TOKEN_WRONG_KEY);
      return FALSE;
    }
  return TRUE;
}

/* Decryption ---------------------------------------------------------------------------- */

/* RSA PKCS#1 v1.5 with the length we expect, in GnuTLS's constant-time variant: every
 * way the key transport can fail gives the same answer, so there is no padding oracle. */
static gboolean
unwrap_content_key (const Envelope *env,
                    AdeptKeyPair   *key_pair,
                    guint8         *cek,
                    GError        **error)
{
  gnutls_privkey_t privkey = NULL;
  gnutls_datum_t ciphertext = { env->encrypted_key->data, env->encrypted_key->len };
  int rc;

  if (gnutls_privkey_init (&privkey) < 0)
    {
      adept_set_error (error, ADEPT_ERROR_FAILED);
      return FALSE;
    }
  rc = gnutls_privkey_import_x509 (privkey, adept_key_pair_get_x509_privkey (key_pair), 0);
  if (rc >= 0)
    rc = gnutls_privkey_decrypt_data2 (privkey, 0, &ciphertext, cek, env->cipher->key_len);
  gnutls_privkey_deinit (privkey);

  if (rc < 0)
    {
      adept_set_error (error, ADEPT_ERROR_TOKEN_WRONG_KEY);
      return FALSE;
    }
  return TRUE;
}

static gboolean
strip_padding (const guint8 *plain,
               gsize        *len,
               guint         block_len)
{
  guint8 pad;

  if (*len == 0)
    return FALSE;
  pad = plain[*len - 1];
  if (pad == 0 || pad > block_len || pad > *len)
    return FALSE;
  for (gsize i = *len - pad; i < *len; i++)
    if (plain[i] != pad)
      return FALSE;
  *len -= pad;
  return TRUE;
}

/* Returns the plaintext, NUL-terminated, in secret memory: adept_secret_release() it. */
static guint8 *
decrypt_content (const Envelope *env,
                 AdeptKeyPair   *key_pair,
                 gsize          *out_len,
                 GError        **error)
{
  guint8 cek[32];
  gnutls_cipher_hd_t handle = NULL;
  gnutls_datum_t key = { cek, env->cipher->key_len };
  gnutls_datum_t iv = { (guint8 *) env->iv, env->iv_len };
  gsize len = env->ciphertext->len;
  guint8 *plain;
  int rc;

  if (!unwrap_content_key (env, key_pair, cek, error))
    return NULL;

  plain = adept_secret_alloc (len + 1);
  rc = gnutls_cipher_init (&handle, env->cipher->algorithm, &key, &iv);
  if (rc >= 0)
    {
      rc = gnutls_cipher_decrypt2 (handle, env->ciphertext->data, len, plain, len);
      gnutls_cipher_deinit (handle);
    }
  adept_secret_wipe (cek, sizeof cek);

  if (rc < 0 || !strip_padding (plain, &len, env->cipher->block_len))
    {
      g_debug ("content decryption failed: %s", rc < 0 ? gnutls_strerror (rc) : "bad padding");
      adept_secret_release (plain);
      set_damaged (error);
      return NULL;
    }
  plain[len] = '\0';
  *out_len = len;
  return plain;
}

/* Credentials ---------------------------------------------------------------------------- */

/* OAuth values go into HTTP headers: printable ASCII only. */
static gboolean
is_credential_text (const char *s)
{
  if (s == NULL || *s == '\0')
    return FALSE;
  for (; *s != '\0'; s++)
    if (*s < 0x21 || *s > 0x7e)
      return FALSE;
  return TRUE;
}

static gboolean
set_incomplete (GError    **error,
                const char *field)
{
  if (field == NULL)
    adept_set_error (error, ADEPT_ERROR_TOKEN_INCOMPLETE);
  else
    g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_TOKEN_INCOMPLETE,
                 _("This server token could be decrypted but its “%s” is missing or unreadable. Download a new token from Apple Business Manager."),
                 field);
  return FALSE;
}

/* Copies a string member and wipes json-glib's copy, which would otherwise linger in
 * freed memory. */
static char *
take_member (JsonObject *object,
             const char *name)
{
  JsonNode *node = json_object_get_member (object, name);
  char *inner;
  char *value;

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  inner = (char *) json_node_get_string (node);
  if (inner == NULL)
    return NULL;
  value = adept_secret_strdup (inner);
  adept_secret_wipe (inner, strlen (inner));
  return value;
}

static GDateTime *
parse_expiry (const char *text)
{
  g_autoptr(GDateTime) parsed = NULL;
  g_autoptr(GDateTime) utc = NULL;
  int year;

  /* RFC 3339 needs a full date, a time and an offset. */
  if (text == NULL || strlen (text) < 20 || text[4] != '-' || text[10] != 'T')
    return NULL;
  parsed = g_date_time_new_from_iso8601 (text, NULL);
  if (parsed == NULL)
    return NULL;

  /* Whole seconds in UTC, as the keyring form writes it back; a year outside
   * 2000–9999 is no real expiry and would not survive that round trip. */
  utc = g_date_time_to_utc (parsed);
  year = g_date_time_get_year (utc);
  if (year < 2000 || year > 9999)
    return NULL;
  return g_date_time_new_utc (year, g_date_time_get_month (utc),
                              g_date_time_get_day_of_month (utc), g_date_time_get_hour (utc),
                              g_date_time_get_minute (utc), g_date_time_get_second (utc));
}

static void
set_fingerprint (AdeptServerToken *self)
{
  guint8 digest[32];

  gnutls_hash_fast (GNUTLS_DIG_SHA256, self->consumer_key, strlen (self->consumer_key), digest);
  for (guint i = 0; i < FINGERPRINT_LEN / 2; i++)
    g_snprintf (self->fingerprint + 2 * i, 3, "%02x", digest[i]);
}

static AdeptServerToken *
token_from_json (const char      *json,
                 gsize            len,
                 AdeptJsonSource  source,
                 GError         **error)
{
  static const char * const fields[] = {
    "consumer_key", "consumer_secret", "access_token", "access_secret"
  };
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(AdeptServerToken) self = NULL;
  g_autoptr(AdeptSecret) expiry = NULL;
  char **slots[4];

  object = adept_json_parse_object (json, len, source, error);
  if (object == NULL)
    return NULL;

  self = g_object_new (ADEPT_TYPE_SERVER_TOKEN, NULL);
  slots[0] = &self->consumer_key;
  slots[1] = &self->consumer_secret;
  slots[2] = &self->access_token;
  slots[3] = &self->access_secret;
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      *slots[i] = take_member (object, fields[i]);
      if (!is_credential_text (*slots[i]))
        {
          set_incomplete (error, fields[i]);
          return NULL;
        }
    }

  expiry = take_member (object, "access_token_expiry");
  self->expiry = parse_expiry (expiry);
  if (self->expiry == NULL)
    {
      set_incomplete (error, "access_token_expiry");
      return NULL;
    }

  set_fingerprint (self);
  return g_steal_pointer (&self);
}

static gboolean
is_marker_line (const char *line,
                gsize       len)
{
  return has_prefix (line, len, "-----BEGIN MESSAGE-----") ||
         has_prefix (line, len, "-----END MESSAGE-----");
}

AdeptServerToken *
_adept_server_token_new_from_payload (const char  *payload,
                                      gsize        len,
                                      GError     **error)
{
  LineReader reader = { payload, len };
  LineReader body;
  g_autoptr(GHashTable) headers = new_header_table ();
  char *json;
  gsize json_len = 0;
  AdeptServerToken *self;
  const char *line;
  gsize line_len;

  /* Inner MIME headers (CRLF or LF) are optional; Apple's doc sample has none. */
  body = reader;
  if (next_line (&body, &line, &line_len) && is_header_line (line, line_len))
    {
      if (!read_mime_headers (&reader, headers))
        {
          set_incomplete (error, NULL);
          return NULL;
        }
    }

  /* The JSON may be wrapped over lines and framed by BEGIN/END MESSAGE markers. */
  json = adept_secret_alloc (len + 1);
  while (next_line (&reader, &line, &line_len))
    if (!is_marker_line (line, line_len))
      {
        memcpy (json + json_len, line, line_len);
        json_len += line_len;
      }

  self = token_from_json (json, json_len, ADEPT_JSON_SOURCE_TOKEN, error);
  adept_secret_release (json);
  return self;
}

/* Public API ----------------------------------------------------------------------------- */

AdeptServerToken *
adept_server_token_decrypt (GBytes        *data,
                            AdeptKeyPair  *key_pair,
                            GError       **error)
{
  g_auto(Envelope) env = { 0 };
  g_autoptr(GByteArray) der = NULL;
  AdeptServerToken *self;
  guint8 *plain;
  gsize plain_len = 0;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (ADEPT_IS_KEY_PAIR (key_pair), NULL);

  der = unwrap_outer (data, error);
  if (der == NULL || !read_enveloped_data (der, key_pair, &env, error))
    return NULL;

  plain = decrypt_content (&env, key_pair, &plain_len, error);
  if (plain == NULL)
    return NULL;
  self = _adept_server_token_new_from_payload ((const char *) plain, plain_len, error);
  adept_secret_release (plain);
  return self;
}

static GBytes *
load_file (GFile         *file,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GFileInfo) info = NULL;

  /* Only a stat, which never blocks: a regular file too large to be a token is told as
   * such; everything else (FIFOs, devices, read errors) is for the bounded reader. */
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                            G_FILE_QUERY_INFO_NONE, cancellable, NULL);
  if (info != NULL && g_file_info_get_file_type (info) == G_FILE_TYPE_REGULAR &&
      (guint64) g_file_info_get_size (info) > MAX_TOKEN_SIZE)
    {
      set_too_large (error);
      return NULL;
    }
  return adept_input_read_gfile (file, ADEPT_INPUT_TOKEN, cancellable, error);
}

AdeptServerToken *
adept_server_token_decrypt_file (GFile         *file,
                                 AdeptKeyPair  *key_pair,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  g_autoptr(GBytes) data = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (ADEPT_IS_KEY_PAIR (key_pair), NULL);

  data = load_file (file, cancellable, error);
  if (data == NULL)
    return NULL;
  return adept_server_token_decrypt (data, key_pair, error);
}

GBytes *
adept_server_token_read_envelope (GFile         *file,
                                  GCancellable  *cancellable,
                                  GError       **error)
{
  g_auto(Envelope) env = { 0 };
  g_autoptr(GByteArray) der = NULL;
  g_autoptr(GBytes) data = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  data = load_file (file, cancellable, error);
  if (data == NULL)
    return NULL;
  der = unwrap_outer (data, error);
  if (der == NULL || !read_enveloped_data (der, NULL, &env, error))
    return NULL;
  return g_steal_pointer (&data);
}

typedef struct {
  GFile *file;
  AdeptKeyPair *key_pair;
} DecryptFileData;

static void
decrypt_file_data_free (gpointer data)
{
  DecryptFileData *d = data;

  g_object_unref (d->file);
  g_object_unref (d->key_pair);
  g_free (d);
}

static void
decrypt_file_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  DecryptFileData *d = task_data;
  GError *error = NULL;
  AdeptServerToken *self;

  self = adept_server_token_decrypt_file (d->file, d->key_pair, cancellable, &error);
  if (self == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, self, g_object_unref);
}

void
adept_server_token_decrypt_file_async (GFile               *file,
                                       AdeptKeyPair        *key_pair,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  DecryptFileData *d;

  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (ADEPT_IS_KEY_PAIR (key_pair));

  d = g_new0 (DecryptFileData, 1);
  d->file = g_object_ref (file);
  d->key_pair = g_object_ref (key_pair);
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, adept_server_token_decrypt_file_async);
  g_task_set_task_data (task, d, decrypt_file_data_free);
  g_task_run_in_thread (task, decrypt_file_thread);
}

AdeptServerToken *
adept_server_token_decrypt_file_finish (GAsyncResult  *result,
                                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        adept_server_token_decrypt_file_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

AdeptServerToken *
adept_server_token_new (const char  *consumer_key,
                        const char  *consumer_secret,
                        const char  *access_token,
                        const char  *access_secret,
                        GDateTime   *expiry)
{
  AdeptServerToken *self;

  g_return_val_if_fail (is_credential_text (consumer_key), NULL);
  g_return_val_if_fail (is_credential_text (consumer_secret), NULL);
  g_return_val_if_fail (is_credential_text (access_token), NULL);
  g_return_val_if_fail (is_credential_text (access_secret), NULL);
  g_return_val_if_fail (expiry != NULL, NULL);

  self = g_object_new (ADEPT_TYPE_SERVER_TOKEN, NULL);
  self->consumer_key = adept_secret_strdup (consumer_key);
  self->consumer_secret = adept_secret_strdup (consumer_secret);
  self->access_token = adept_secret_strdup (access_token);
  self->access_secret = adept_secret_strdup (access_secret);
  self->expiry = g_date_time_to_utc (expiry);
  set_fingerprint (self);
  return self;
}

AdeptServerToken *
adept_server_token_new_from_json (const char  *json,
                                  GError     **error)
{
  g_return_val_if_fail (json != NULL, NULL);

  return token_from_json (json, strlen (json), ADEPT_JSON_SOURCE_KEYRING, error);
}

static void
append_text (char       *out,
             gsize      *len,
             const char *text)
{
  gsize n = strlen (text);

  memcpy (out + *len, text, n);
  *len += n;
}

static void
append_json_member (char       *out,
                    gsize      *len,
                    const char *name,
                    const char *value)
{
  append_text (out, len, *len > 1 ? ",\"" : "\"");
  append_text (out, len, name);
  append_text (out, len, "\":\"");
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        out[(*len)++] = '\\';
      out[(*len)++] = *p;
    }
  out[(*len)++] = '"';
}

char *
adept_server_token_to_json (AdeptServerToken *self)
{
  g_autofree char *expiry = NULL;
  char *out;
  gsize size, len = 0;

  g_return_val_if_fail (ADEPT_IS_SERVER_TOKEN (self), NULL);

  /* Escaping at most doubles a value; the names, quotes and the date fit in 256. Secret
   * memory, so the keyring's copy never sits in an ordinary heap block. */
  size = 2 * (strlen (self->consumer_key) + strlen (self->consumer_secret) +
              strlen (self->access_token) + strlen (self->access_secret)) + 256;
  out = adept_secret_alloc (size);
  out[len++] = '{';
  append_json_member (out, &len, "consumer_key", self->consumer_key);
  append_json_member (out, &len, "consumer_secret", self->consumer_secret);
  append_json_member (out, &len, "access_token", self->access_token);
  append_json_member (out, &len, "access_secret", self->access_secret);
  expiry = g_date_time_format (self->expiry, "%Y-%m-%dT%H:%M:%SZ");
  append_json_member (out, &len, "access_token_expiry", expiry);
  out[len++] = '}';
  out[len] = '\0';
  return out;
}

gboolean
adept_server_token_check_expiry (AdeptServerToken  *self,
                                 GDateTime         *now,
                                 GError           **error)
{
  g_autoptr(GDateTime) current = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *date = NULL;

  g_return_val_if_fail (ADEPT_IS_SERVER_TOKEN (self), FALSE);

  current = now != NULL ? g_date_time_ref (now) : g_date_time_new_now_utc ();
  if (g_date_time_compare (self->expiry, current) > 0)
    return TRUE;

  local = g_date_time_to_local (self->expiry);
  /* TRANSLATORS: a date such as “17 January 2026” */
  date = g_date_time_format (local, _("%-d %B %Y"));
  g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_TOKEN_EXPIRED,
               _("This server token expired on %s. Download a new token from Apple Business Manager."),
               date);
  return FALSE;
}

const char *
adept_server_token_get_consumer_key (AdeptServerToken *self)
{
  g_return_val_if_fail (ADEPT_IS_SERVER_TOKEN (self), NULL);

  return self->consumer_key;
}

const char *
adept_server_token_get_consumer_secret (AdeptServerToken *self)
{
  g_return_val_if_fail (ADEPT_IS_SERVER_TOKEN (self), NULL);

  return self->consumer_secret;
}

const char *
adept_server_token_get_access_token (AdeptServerToken *self)
{
  g_return_val_if_fail (ADEPT_IS_SERVER_TOKEN (self), NULL);

  return self->access_token;
}

const char *
adept_server_token_get_access_secret (AdeptServerToken *self)
{
  g_return_val_if_fail (ADEPT_IS_SERVER_TOKEN (self), NULL);

  return self->access_secret;
}

GDateTime *
adept_server_token_get_expiry (AdeptServerToken *self)
{
  g_return_val_if_fail (ADEPT_IS_SERVER_TOKEN (self), NULL);

  return self->expiry;
}

const char *
adept_server_token_get_server_fingerprint (AdeptServerToken *self)
{
  g_return_val_if_fail (ADEPT_IS_SERVER_TOKEN (self), NULL);

  return self->fingerprint;
}

char *
adept_server_token_guess_server_name (const char *filename)
{
  g_autoptr(GRegex) regex = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *base = NULL;

  g_return_val_if_fail (filename != NULL, NULL);

  /* Browsers add " (1)" or "-1" when the name is taken. */
  regex = g_regex_new ("^(.+)_Token_\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}Z_smime"
                       "(?: \\(\\d+\\)|-\\d+)?\\.p7m$",
                       G_REGEX_OPTIMIZE, 0, NULL);
  base = g_path_get_basename (filename);
  if (!g_regex_match (regex, base, 0, &match))
    return NULL;
  return g_match_info_fetch (match, 1);
}
