/* test-server-token.c — server tokens made by openssl, damaged ones, and crafted ones
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <gnutls/abstract.h>
#include <gnutls/crypto.h>

#include "adept-ber.h"
#include "adept-error.h"
#include "adept-secret.h"
#include "adept-server-token.h"
#include "adept-server-token-private.h"
#include "adept-test-util.h"

/* The credentials tests/make-token-fixtures.sh encrypts. */
#define CK "CK_3a6b0e5f9c2d4e8f1a7b3c5d9e0f2a4b6c8d0e1f3a5b7c9d1e2f4a6b8c0d2e4f6a8b0c1d3e5f7a9b1c2d4e6f8a0b"
#define CS "CS_5e1d9c3b7a2f6e0d4c8b1a5f9e3d7c2b6a0f4e8d"
#define AT "AT_O2205012345O4f8e2d6c0b9a7e5d3c1b8a6f4e2d0c9b7a5e3d1cO1737111741803"
#define AS "AS_7c3e9a1f5d0b8e2c6a4f9d3b7e1c5a0f8d2b6e4c"
#define FUTURE "2099-01-17T11:02:21Z"

static AdeptKeyPair *ours;
static char *tmpdir;

static void
assert_expected_credentials (AdeptServerToken *token,
                             const char       *expiry)
{
  g_autoptr(GDateTime) want = g_date_time_new_from_iso8601 (expiry, NULL);

  g_assert_nonnull (token);
  g_assert_cmpstr (adept_server_token_get_consumer_key (token), ==, CK);
  g_assert_cmpstr (adept_server_token_get_consumer_secret (token), ==, CS);
  g_assert_cmpstr (adept_server_token_get_access_token (token), ==, AT);
  g_assert_cmpstr (adept_server_token_get_access_secret (token), ==, AS);
  g_assert_true (g_date_time_equal (adept_server_token_get_expiry (token), want));
}

static AdeptServerToken *
decrypt_bytes (const guint8  *data,
               gsize          len,
               AdeptKeyPair  *pair,
               GError       **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, len);

  return adept_server_token_decrypt (bytes, pair, error);
}

static AdeptServerToken *
decrypt_fixture (const char    *name,
                 AdeptKeyPair  *pair,
                 GError       **error)
{
  g_autoptr(GBytes) bytes = adept_test_token_fixture (name);

  return adept_server_token_decrypt (bytes, pair, error);
}

static void
assert_token_error (const GError *error,
                    gboolean      allow_wrong_key_or_incomplete)
{
  g_assert_nonnull (error);
  g_assert_true (error->domain == ADEPT_ERROR);
  if (error->code == ADEPT_ERROR_TOKEN_NOT_A_TOKEN || error->code == ADEPT_ERROR_TOKEN_DAMAGED)
    return;
  g_assert_true (allow_wrong_key_or_incomplete);
  g_assert_true (error->code == ADEPT_ERROR_TOKEN_WRONG_KEY ||
                 error->code == ADEPT_ERROR_TOKEN_INCOMPLETE);
}

/* Every way openssl writes a token ------------------------------------------------------ */

static const char * const good_fixtures[] = {
  "apple.p7m",                /* Apple's wrapper, BER -stream, AES-128 */
  "apple-crlf.p7m",
  "apple-folded.p7m",
  "apple.der",                /* the same CMS as raw BER */
  "bare.b64",
  "wrapped.p7m",              /* no BEGIN/END MESSAGE, JSON over several lines */
  "smime-aes128-stream.p7m",  /* openssl's own MIME wrapper */
  "smime-des3.p7m",
  "cms-aes192.der",
  "cms-aes256.der",           /* DER, definite lengths */
  "cms-stream.der",
  "cms-des3-stream.der",
  "cms-keyid.der",            /* recipient named by subject key identifier */
  "cms.pem",
  "two-recipients.p7m",       /* ours is the second */
};

static void
test_fixtures_decrypt (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (good_fixtures); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(AdeptServerToken) token = NULL;

      g_test_message ("%s", good_fixtures[i]);
      token = decrypt_fixture (good_fixtures[i], ours, &error);
      g_assert_no_error (error);
      assert_expected_credentials (token, FUTURE);
      g_assert_true (adept_server_token_check_expiry (token, NULL, NULL));
    }
}

static void
test_negative_serial (void)
{
  g_autoptr(AdeptKeyPair) negative = adept_test_token_key_pair ("negative.key", "negative.crt");
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptServerToken) token = decrypt_fixture ("negative-serial.p7m", negative, &error);

  g_assert_no_error (error);
  assert_expected_credentials (token, FUTURE);

  /* And our own key is not its recipient. */
  g_clear_object (&token);
  token = decrypt_fixture ("negative-serial.p7m", ours, &error);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_TOKEN_WRONG_KEY);
}

static void
test_wrong_key (void)
{
  g_autoptr(AdeptKeyPair) other = adept_test_token_key_pair ("other.key", "other.crt");
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptServerToken) token = decrypt_fixture ("wrong-key.p7m", ours, &error);

  g_assert_null (token);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_TOKEN_WRONG_KEY);
  g_assert_nonnull (strstr (error->message, "public key"));
  g_clear_error (&error);

  /* The other key reads it, and also reads the two-recipient token (first recipient). */
  token = decrypt_fixture ("wrong-key.p7m", other, &error);
  g_assert_no_error (error);
  assert_expected_credentials (token, FUTURE);
  g_clear_object (&token);
  token = decrypt_fixture ("two-recipients.p7m", other, &error);
  g_assert_no_error (error);
  assert_expected_credentials (token, FUTURE);
}

static void
test_expired (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptServerToken) token = decrypt_fixture ("expired.p7m", ours, &error);
  g_autoptr(AdeptServerToken) current = decrypt_fixture ("apple.p7m", ours, NULL);
  g_autoptr(GDateTime) later = g_date_time_new_utc (2100, 1, 1, 0, 0, 0);

  /* Still decrypted, so the admin learns which token it was. */
  g_assert_no_error (error);
  assert_expected_credentials (token, "2025-01-17T11:02:21Z");

  g_assert_false (adept_server_token_check_expiry (token, NULL, &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_TOKEN_EXPIRED);
  g_assert_nonnull (strstr (error->message, "expired on 17 January 2025."));
  g_assert_nonnull (strstr (error->message, "Download a new token"));
  g_clear_error (&error);

  g_assert_true (adept_server_token_check_expiry (current, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (adept_server_token_check_expiry (current, later, &error));
  g_assert_nonnull (strstr (error->message, "17 January 2099"));
}

static void
test_incomplete (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptServerToken) token = decrypt_fixture ("incomplete.p7m", ours, &error);

  g_assert_null (token);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_TOKEN_INCOMPLETE);
  g_assert_nonnull (strstr (error->message, "access_secret"));
}

/* Damage ------------------------------------------------------------------------------ */

static const char * const damage_fixtures[] = {
  "apple.p7m", "apple-crlf.p7m", "smime-des3.p7m", "cms-stream.der", "cms-aes256.der",
  "bare.b64", "cms.pem", "two-recipients.p7m",
};

static gboolean
only_white_space (const guint8 *p,
                  gsize         len)
{
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isspace (p[i]))
      return FALSE;
  return TRUE;
}

static void
test_truncated (void)
{
  for (guint f = 0; f < G_N_ELEMENTS (damage_fixtures); f++)
    {
      g_autoptr(GBytes) bytes = adept_test_token_fixture (damage_fixtures[f]);
      gsize len;
      const guint8 *data = g_bytes_get_data (bytes, &len);
      guint n_cuts = 0;

      for (gsize cut = 0; cut < len; cut += 64)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(AdeptServerToken) token = decrypt_bytes (data, cut, ours, &error);

          if (only_white_space (data + cut, len - cut))
            {
              g_assert_no_error (error);
              continue;
            }
          g_assert_null (token);
          assert_token_error (error, FALSE);
          n_cuts++;
        }
      g_assert_cmpuint (n_cuts, >=, len / 64);
    }
}

static void
test_flipped_bytes (void)
{
  static const struct {
    const char *name;
    guint8 mask;
  } runs[] = {
    { "apple.p7m", 0x01 }, { "apple.p7m", 0x80 }, { "cms-stream.der", 0x01 },
    { "cms-aes256.der", 0x10 },
  };

  for (guint r = 0; r < G_N_ELEMENTS (runs); r++)
    {
      g_autoptr(GBytes) bytes = adept_test_token_fixture (runs[r].name);
      gsize len;
      g_autofree guint8 *copy = g_memdup2 (g_bytes_get_data (bytes, &len), g_bytes_get_size (bytes));
      guint n_ok = 0;

      for (gsize i = 0; i < len; i++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(AdeptServerToken) token = NULL;

          copy[i] ^= runs[r].mask;
          token = decrypt_bytes (copy, len, ours, &error);
          copy[i] ^= runs[r].mask;

          /* Success only when the flip hit something that does not carry meaning
           * (a header's letter case, the first block's IV, unchecked fields). */
          if (token != NULL)
            {
              assert_expected_credentials (token, FUTURE);
              n_ok++;
            }
          else
            assert_token_error (error, TRUE);
        }
      g_test_message ("%s ^ 0x%02x: %u of %zu flips still decrypt", runs[r].name,
                      runs[r].mask, n_ok, len);
      g_assert_cmpuint (n_ok, <, len / 2);
    }
}

static void
test_not_a_token (void)
{
  static const guint8 png[] = {
    0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
    0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89,
  };
  static const char text[] = "Dear admin,\nplease find the token attached.\n";
  static const char mail[] = "Content-Type: text/plain\r\nSubject: token\r\n\r\nHello\r\n";
  static const char json[] = "{\"consumer_key\":\"CK_x\"}";
  g_autoptr(GBytes) cert = adept_test_token_fixture ("ours.crt");
  g_autoptr(GBytes) key = adept_test_token_fixture ("ours.key");
  g_autoptr(GBytes) payload = adept_test_token_fixture ("payload.txt");
  gnutls_datum_t der_cert = { NULL, 0 };
  struct {
    const char *what;
    const guint8 *data;
    gsize len;
  } cases[] = {
    { "empty", (const guint8 *) "", 0 },
    { "image", png, sizeof png },
    { "text", (const guint8 *) text, strlen (text) },
    { "e-mail", (const guint8 *) mail, strlen (mail) },
    { "json", (const guint8 *) json, strlen (json) },
    { "private key", g_bytes_get_data (key, NULL), g_bytes_get_size (key) },
    { "plain payload", g_bytes_get_data (payload, NULL), g_bytes_get_size (payload) },
    { "DER certificate", NULL, 0 },
  };

  g_assert_cmpint (gnutls_x509_crt_export2 (adept_key_pair_get_x509_crt (ours),
                                            GNUTLS_X509_FMT_DER, &der_cert), >=, 0);
  cases[G_N_ELEMENTS (cases) - 1].data = der_cert.data;
  cases[G_N_ELEMENTS (cases) - 1].len = der_cert.size;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(AdeptServerToken) token = NULL;

      g_test_message ("%s", cases[i].what);
      token = decrypt_bytes (cases[i].data, cases[i].len, ours, &error);
      g_assert_null (token);
      g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_TOKEN_NOT_A_TOKEN);
    }
  gnutls_free (der_cert.data);

  /* A .pem dropped by mistake is named as such. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(AdeptServerToken) token = adept_server_token_decrypt (cert, ours, &error);

    g_assert_null (token);
    g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_TOKEN_NOT_A_TOKEN);
    g_assert_nonnull (strstr (error->message, "certificate"));
  }
}

static void
test_huge_input_is_fast (void)
{
  gsize size = 10 * 1024 * 1024;
  g_autoptr(GBytes) big = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) file_error = NULL;
  g_autoptr(AdeptServerToken) token = NULL;
  g_autoptr(AdeptServerToken) from_file = NULL;
  g_autofree char *path = g_build_filename (tmpdir, "huge.p7m", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GBytes) head = adept_test_token_fixture ("apple.p7m");
  guint8 *data = g_malloc0 (size);
  gint64 start;
  FILE *fp;

  /* A real token's beginning, so only the size can refuse it. */
  memcpy (data, g_bytes_get_data (head, NULL), g_bytes_get_size (head));
  big = g_bytes_new_take (data, size);
  start = g_get_monotonic_time ();
  token = adept_server_token_decrypt (big, ours, &error);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC / 10);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_TOKEN_NOT_A_TOKEN);
  g_assert_nonnull (strstr (error->message, "too large"));

  /* From a file, the size decides before anything is read. */
  fp = g_fopen (path, "wb");
  g_assert_nonnull (fp);
  g_assert_cmpint (fseek (fp, size - 1, SEEK_SET), ==, 0);
  g_assert_cmpint (fputc ('x', fp), ==, 'x');
  fclose (fp);
  start = g_get_monotonic_time ();
  from_file = adept_server_token_decrypt_file (file, ours, NULL, &file_error);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC / 10);
  g_assert_error (file_error, ADEPT_ERROR, ADEPT_ERROR_TOKEN_NOT_A_TOKEN);
  g_unlink (path);
}

static void
test_missing_file (void)
{
  g_autoptr(GFile) file = g_file_new_for_path ("/nonexistent/Server_Token_smime.p7m");
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptServerToken) token = adept_server_token_decrypt_file (file, ours, NULL, &error);

  g_assert_null (token);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_FILE);
}

static void
decrypted_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  AdeptServerToken **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = adept_server_token_decrypt_file_finish (result, &error);
  g_assert_no_error (error);
}

static void
test_decrypt_file_async (void)
{
  g_autofree char *path = adept_test_src_path ("fixtures", "tokens", "apple.p7m", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(AdeptServerToken) token = NULL;

  adept_server_token_decrypt_file_async (file, ours, NULL, decrypted_cb, &token);
  while (token == NULL)
    g_main_context_iteration (NULL, TRUE);
  assert_expected_credentials (token, FUTURE);
}

static void
test_nesting_bomb (void)
{
  static const guint8 head[] = {
    0x30, 0x80, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x03, 0xa0, 0x80,
  };
  g_autoptr(GByteArray) bomb = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptServerToken) token = NULL;

  g_byte_array_append (bomb, head, sizeof head);
  for (guint i = 0; i < 200000; i++)
    g_byte_array_append (bomb, (const guint8 *) "\x30\x80", 2);
  token = decrypt_bytes (bomb->data, bomb->len, ours, &error);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_TOKEN_DAMAGED);
}

/* Tokens built here, to reach what openssl will not write ------------------------------- */

static void
append_tlv (GByteArray   *out,
            guint8        tag,
            const guint8 *content,
            gsize         len)
{
  guint8 header[4] = { tag };
  guint n = 1;

  if (len < 0x80)
    header[n++] = len;
  else if (len < 0x100)
    {
      header[n++] = 0x81;
      header[n++] = len;
    }
  else
    {
      g_assert_cmpuint (len, <, 0x10000);
      header[n++] = 0x82;
      header[n++] = len >> 8;
      header[n++] = len & 0xff;
    }
  g_byte_array_append (out, header, n);
  g_byte_array_append (out, content, len);
}

/* Concatenates the parts (each freed) inside one TLV. */
static GByteArray *
tlv (guint8      tag,
     GByteArray *first,
     ...)
{
  g_autoptr(GByteArray) content = g_byte_array_new ();
  GByteArray *out = g_byte_array_new ();
  va_list args;

  va_start (args, first);
  for (GByteArray *part = first; part != NULL; part = va_arg (args, GByteArray *))
    {
      g_byte_array_append (content, part->data, part->len);
      g_byte_array_unref (part);
    }
  va_end (args);
  append_tlv (out, tag, content->data, content->len);
  return out;
}

static GByteArray *
prim (guint8        tag,
      const guint8 *data,
      gsize         len)
{
  GByteArray *out = g_byte_array_new ();

  append_tlv (out, tag, data, len);
  return out;
}

static GByteArray *
raw (GBytes *bytes)
{
  GByteArray *out = g_byte_array_new ();

  g_byte_array_append (out, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  return out;
}

static GByteArray *
oid (const char *dotted)
{
  guint8 buf[32];
  gsize len;

  g_assert_true (adept_ber_encode_oid (dotted, buf, sizeof buf, &len));
  return prim (0x06, buf, len);
}

typedef struct {
  const char *plain;           /* payload before padding; the fixture's when NULL */
  const guint8 *padding;       /* proper PKCS#7 when NULL */
  gsize padding_len;
  const char *cipher_oid;      /* AES-128-CBC when NULL (the content is always AES-128) */
  gsize cek_len;               /* 16 when 0 */
  const char *transport_oid;   /* rsaEncryption when NULL */
  AdeptKeyPair *encrypt_to;    /* ours when NULL: whose public key wraps the CEK */
} Craft;

static GByteArray *
aes128_encrypt (const guint8 *cek,
                const guint8 *iv,
                const Craft  *craft)
{
  g_autoptr(GBytes) fixture = adept_test_token_fixture ("payload.txt");
  GByteArray *plain = g_byte_array_new ();
  gnutls_cipher_hd_t handle;
  gnutls_datum_t key = { (guint8 *) cek, 16 };
  gnutls_datum_t ivd = { (guint8 *) iv, 16 };

  if (craft->plain != NULL)
    g_byte_array_append (plain, (const guint8 *) craft->plain, strlen (craft->plain));
  else
    g_byte_array_append (plain, g_bytes_get_data (fixture, NULL), g_bytes_get_size (fixture));
  if (craft->padding != NULL)
    g_byte_array_append (plain, craft->padding, craft->padding_len);
  else
    {
      guint8 pad = 16 - plain->len % 16;

      for (guint i = 0; i < pad; i++)
        g_byte_array_append (plain, &pad, 1);
    }
  g_assert_cmpuint (plain->len % 16, ==, 0);

  g_assert_cmpint (gnutls_cipher_init (&handle, GNUTLS_CIPHER_AES_128_CBC, &key, &ivd), >=, 0);
  g_assert_cmpint (gnutls_cipher_encrypt (handle, plain->data, plain->len), >=, 0);
  gnutls_cipher_deinit (handle);
  return plain;
}

static GByteArray *
rsa_encrypt (AdeptKeyPair *pair,
             const guint8 *cek,
             gsize         len)
{
  gnutls_pubkey_t pub;
  gnutls_datum_t in = { (guint8 *) cek, len };
  gnutls_datum_t out = { NULL, 0 };
  GByteArray *octets;

  g_assert_cmpint (gnutls_pubkey_init (&pub), >=, 0);
  g_assert_cmpint (gnutls_pubkey_import_x509 (pub, adept_key_pair_get_x509_crt (pair), 0), >=, 0);
  g_assert_cmpint (gnutls_pubkey_encrypt_data (pub, 0, &in, &out), >=, 0);
  octets = prim (0x04, out.data, out.size);
  gnutls_free (out.data);
  gnutls_pubkey_deinit (pub);
  return octets;
}

/* DER ContentInfo { envelopedData, EnvelopedData { 0, { KTRI to ours }, content } } */
static GBytes *
craft_token (const Craft *craft)
{
  static const guint8 zero = 0;
  guint8 cek[32], iv[16];
  gsize cek_len = craft->cek_len != 0 ? craft->cek_len : 16;
  g_autoptr(GByteArray) ciphertext = NULL;
  GByteArray *ktri, *content, *token;

  gnutls_rnd (GNUTLS_RND_NONCE, cek, sizeof cek);
  gnutls_rnd (GNUTLS_RND_NONCE, iv, sizeof iv);
  ciphertext = aes128_encrypt (cek, iv, craft);

  ktri = tlv (0x30,
              prim (0x02, &zero, 1),
              tlv (0x30, raw (adept_key_pair_get_issuer_der (ours)),
                   prim (0x02, g_bytes_get_data (adept_key_pair_get_serial_der (ours), NULL),
                         g_bytes_get_size (adept_key_pair_get_serial_der (ours))),
                   NULL),
              tlv (0x30, oid (craft->transport_oid ? craft->transport_oid : "1.2.840.113549.1.1.1"),
                   prim (0x05, NULL, 0), NULL),
              rsa_encrypt (craft->encrypt_to ? craft->encrypt_to : ours, cek, cek_len),
              NULL);
  content = tlv (0x30,
                 oid ("1.2.840.113549.1.7.1"),
                 tlv (0x30, oid (craft->cipher_oid ? craft->cipher_oid : "2.16.840.1.101.3.4.1.2"),
                      prim (0x04, iv, sizeof iv), NULL),
                 prim (0x80, ciphertext->data, ciphertext->len),
                 NULL);
  token = tlv (0x30,
               oid ("1.2.840.113549.1.7.3"),
               tlv (0xa0, tlv (0x30, prim (0x02, &zero, 1), tlv (0x31, ktri, NULL), content, NULL),
                    NULL),
               NULL);
  return g_byte_array_free_to_bytes (token);
}

static AdeptServerToken *
decrypt_crafted (const Craft  *craft,
                 GError      **error)
{
  g_autoptr(GBytes) bytes = craft_token (craft);

  return adept_server_token_decrypt (bytes, ours, error);
}

static void
test_crafted_valid (void)
{
  /* The builder itself is right: a proper token made here decrypts, also with
   * explicit correct padding (the fixture payload is 494 bytes: 2 pad bytes). */
  static const guint8 pad[] = { 0x02, 0x02 };
  Craft plain = { 0 };
  Craft padded = { .padding = pad, .padding_len = sizeof pad };
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptServerToken) a = decrypt_crafted (&plain, &error);
  g_autoptr(AdeptServerToken) b = NULL;

  g_assert_no_error (error);
  assert_expected_credentials (a, FUTURE);
  b = decrypt_crafted (&padded, &error);
  g_assert_no_error (error);
  assert_expected_credentials (b, FUTURE);
}

static void
test_bad_padding (void)
{
  static const guint8 zero[] = { 0x00, 0x00 };
  static const guint8 inconsistent[] = { 0x01, 0x03 };
  static const guint8 too_long[18] = {
    18, 18, 18, 18, 18, 18, 18, 18, 18, 18, 18, 18, 18, 18, 18, 18, 18, 18
  };
  const Craft crafts[] = {
    { .padding = zero, .padding_len = sizeof zero },
    { .padding = inconsistent, .padding_len = sizeof inconsistent },
    { .padding = too_long, .padding_len = sizeof too_long },
  };

  for (guint i = 0; i < G_N_ELEMENTS (crafts); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(AdeptServerToken) token = decrypt_crafted (&crafts[i], &error);

      g_assert_null (token);
      g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_TOKEN_DAMAGED);
    }
}

static void
test_key_transport_failures (void)
{
  g_autoptr(AdeptKeyPair) other = adept_test_token_key_pair ("other.key", "other.crt");
  /* Our issuer and serial, but the CEK wrapped for another key (a regenerated key
   * whose certificate reuses serial and name, as NanoDEP's serial 1 does); and a CEK
   * of the wrong length for the cipher. Both are one answer: another key. */
  const Craft crafts[] = {
    { .encrypt_to = other },
    { .cek_len = 24 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (crafts); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(AdeptServerToken) token = decrypt_crafted (&crafts[i], &error);

      g_assert_null (token);
      g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_TOKEN_WRONG_KEY);
    }
}

static void
test_unsupported_algorithms (void)
{
  const Craft gcm = { .cipher_oid = "2.16.840.1.101.3.4.1.6" };
  const Craft oaep = { .transport_oid = "1.2.840.113549.1.1.7" };
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptServerToken) token = decrypt_crafted (&gcm, &error);

  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_TOKEN_DAMAGED);
  g_assert_nonnull (strstr (error->message, "does not support"));
  g_clear_error (&error);
  token = decrypt_crafted (&oaep, &error);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_TOKEN_DAMAGED);
  g_assert_nonnull (strstr (error->message, "does not support"));
}

static void
test_crafted_incomplete (void)
{
  const Craft crafts[] = {
    { .plain = "Content-Type: text/plain\r\n\r\nthis is not JSON\n" },
    { .plain = "{\"consumer_key\":\"" CK "\",\"consumer_secret\":\"" CS "\",\"access_token\":\""
               AT "\",\"access_secret\":\"" AS "\",\"access_token_expiry\":\"next year\"}" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (crafts); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(AdeptServerToken) token = decrypt_crafted (&crafts[i], &error);

      g_assert_null (token);
      g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_TOKEN_INCOMPLETE);
    }
}

/* CMS fields only checked for their value (issue #16) ----------------------------------- */

/* The offset of the first occurrence of needle in the DER, after from. */
static gsize
find_bytes (GBytes       *der,
            gsize         from,
            const guint8 *needle,
            gsize         len)
{
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (der, &size);

  for (gsize i = from; i + len <= size; i++)
    if (memcmp (data + i, needle, len) == 0)
      return i;
  g_error ("pattern not found in the fixture");
  return 0;
}

/* The fixture with one byte replaced. */
static GBytes *
edit_byte (GBytes *der,
           gsize   offset,
           guint8  value)
{
  gsize size = 0;
  guint8 *copy = g_memdup2 (g_bytes_get_data (der, &size), g_bytes_get_size (der));

  g_assert_cmpuint (offset, <, size);
  g_assert_cmpuint (copy[offset], !=, value);
  copy[offset] = value;
  return g_bytes_new_take (copy, size);
}

static void
assert_damaged (GBytes     *der,
                const char *what)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptServerToken) token = adept_server_token_decrypt (der, ours, &error);

  g_test_message ("%s", what);
  g_assert_null (token);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_TOKEN_DAMAGED);
}

/* openssl's DER tokens with one field changed: the content type of the encrypted content
 * (id-data), the version of EnvelopedData, and the version of the recipient, which must
 * match how the recipient is named (0: issuer and serial, 2: key identifier). Each used to
 * be read past; a token with a wrong one is refused as damaged. */
static void
test_cms_fields_checked (void)
{
  static const guint8 id_data[] = { 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01 };
  static const guint8 enveloped_oid[] = { 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x03 };
  static const guint8 version_0[] = { 0x02, 0x01, 0x00 };
  static const guint8 version_2[] = { 0x02, 0x01, 0x02 };
  g_autoptr(GBytes) serial = adept_test_token_fixture ("cms-aes256.der");
  g_autoptr(GBytes) keyid = adept_test_token_fixture ("cms-keyid.der");
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptServerToken) token = NULL;
  gsize enveloped, recipient;

  /* Both decrypt as they are. */
  token = adept_server_token_decrypt (serial, ours, &error);
  g_assert_no_error (error);
  g_clear_object (&token);
  token = adept_server_token_decrypt (keyid, ours, &error);
  g_assert_no_error (error);

  /* id-data → 1.2.840.113549.1.7.2 (signedData): decrypts fine, still not a token. */
  {
    gsize at = find_bytes (serial, 0, id_data, sizeof id_data);
    g_autoptr(GBytes) edited = edit_byte (serial, at + sizeof id_data - 1, 0x02);

    assert_damaged (edited, "content type");
  }

  /* EnvelopedData's version is the first INTEGER after its OID: 0 → 1 (no such version)
   * and → 5; the recipient's the next one: 0 → 2 while it is named by issuer and serial. */
  enveloped = find_bytes (serial, find_bytes (serial, 0, enveloped_oid, sizeof enveloped_oid),
                          version_0, sizeof version_0);
  recipient = find_bytes (serial, enveloped + sizeof version_0, version_0, sizeof version_0);
  {
    g_autoptr(GBytes) one = edit_byte (serial, enveloped + 2, 0x01);
    g_autoptr(GBytes) five = edit_byte (serial, enveloped + 2, 0x05);
    g_autoptr(GBytes) mismatch = edit_byte (serial, recipient + 2, 0x02);

    assert_damaged (one, "EnvelopedData version 1");
    assert_damaged (five, "EnvelopedData version 5");
    assert_damaged (mismatch, "recipient version 2 with issuer and serial");
  }

  /* Named by key identifier the recipient is version 2 (EnvelopedData too): 0 is wrong. */
  enveloped = find_bytes (keyid, find_bytes (keyid, 0, enveloped_oid, sizeof enveloped_oid),
                          version_2, sizeof version_2);
  recipient = find_bytes (keyid, enveloped + sizeof version_2, version_2, sizeof version_2);
  {
    g_autoptr(GBytes) mismatch = edit_byte (keyid, recipient + 2, 0x00);

    assert_damaged (mismatch, "recipient version 0 with a key identifier");
  }
}

/* Inner payload ------------------------------------------------------------------------- */

#define JSON_OK "{\"consumer_key\":\"" CK "\",\"consumer_secret\":\"" CS "\",\"access_token\":\"" \
                AT "\",\"access_secret\":\"" AS "\",\"access_token_expiry\":\"" FUTURE "\"}"

static void
test_payload_forms (void)
{
  static const char * const forms[] = {
    "Content-Type: text/plain;charset=UTF-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\n"
    "-----BEGIN MESSAGE-----\n" JSON_OK "\n-----END MESSAGE-----\n",
    "Content-Type: text/plain\n\n-----BEGIN MESSAGE-----\r\n" JSON_OK "\r\n-----END MESSAGE-----\r\n",
    "Content-Type: text/plain;\n charset=UTF-8\n\n" JSON_OK,
    "-----BEGIN MESSAGE-----\n" JSON_OK "\n-----END MESSAGE-----",
    JSON_OK,
    "{\"consumer_key\":\"" CK "\",\"consumer_sec\nret\":\"" CS "\",\"access_token\":\"AT_O2205\r\n"
    "012345O4f8e2d6c0b9a7e5d3c1b8a6f4e2d0c9b7a5e3d1cO1737111741803\",\"access_secret\":\"" AS
    "\",\"access_token_expiry\":\"" FUTURE "\",\"extra\":[1,2,{\"x\":null}]}\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(AdeptServerToken) token = NULL;

      token = _adept_server_token_new_from_payload (forms[i], strlen (forms[i]), &error);
      g_assert_no_error (error);
      assert_expected_credentials (token, FUTURE);
    }
}

static void
test_payload_expiry_normalised (void)
{
  static const char payload[] =
    "{\"consumer_key\":\"" CK "\",\"consumer_secret\":\"" CS "\",\"access_token\":\"" AT
    "\",\"access_secret\":\"" AS "\",\"access_token_expiry\":\"2099-01-17T12:02:21.803+01:00\"}";
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptServerToken) token = NULL;
  g_autoptr(AdeptSecret) json = NULL;

  /* Whole seconds in UTC, so the keyring form reads back the same instant. */
  token = _adept_server_token_new_from_payload (payload, strlen (payload), &error);
  g_assert_no_error (error);
  assert_expected_credentials (token, FUTURE);
  json = adept_server_token_to_json (token);
  g_assert_nonnull (strstr (json, "\"access_token_expiry\":\"" FUTURE "\""));
}

static void
test_payload_incomplete (void)
{
  static const struct {
    const char *payload;
    const char *names;
  } cases[] = {
    { "", NULL },
    { "Content-Type: text/plain\r\n", NULL },
    { "[1,2]", NULL },
    { "{\"consumer_key\":\"" CK "\"", NULL },
    { "{\"consumer_key\":\"\",\"consumer_secret\":\"" CS "\",\"access_token\":\"" AT
      "\",\"access_secret\":\"" AS "\",\"access_token_expiry\":\"" FUTURE "\"}", "consumer_key" },
    { "{\"consumer_key\":\"" CK "\",\"consumer_secret\":42,\"access_token\":\"" AT
      "\",\"access_secret\":\"" AS "\",\"access_token_expiry\":\"" FUTURE "\"}", "consumer_secret" },
    { "{\"consumer_key\":\"" CK "\",\"consumer_secret\":\"" CS "\",\"access_token\":\"A T\""
      ",\"access_secret\":\"" AS "\",\"access_token_expiry\":\"" FUTURE "\"}", "access_token" },
    { "{\"consumer_key\":\"" CK "\",\"consumer_secret\":\"" CS "\",\"access_token\":\"" AT
      "\",\"access_secret\":\"" AS "\"}", "access_token_expiry" },
    { "{\"consumer_key\":\"" CK "\",\"consumer_secret\":\"" CS "\",\"access_token\":\"" AT
      "\",\"access_secret\":\"" AS "\",\"access_token_expiry\":\"2099-01-17\"}", "access_token_expiry" },
    { "{\"consumer_key\":\"" CK "\",\"consumer_secret\":\"" CS "\",\"access_token\":\"" AT
      "\",\"access_secret\":\"" AS "\",\"access_token_expiry\":\"0620-01-17T11:02:21Z\"}", "access_token_expiry" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(AdeptServerToken) token = NULL;

      token = _adept_server_token_new_from_payload (cases[i].payload, strlen (cases[i].payload),
                                                    &error);
      g_assert_null (token);
      g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_TOKEN_INCOMPLETE);
      if (cases[i].names != NULL)
        g_assert_nonnull (strstr (error->message, cases[i].names));
      /* Never a secret in the sentence. */
      g_assert_null (strstr (error->message, CS));
    }
}

/* Keyring form, identity, file names ----------------------------------------------------- */

static void
test_json_round_trip (void)
{
  g_autoptr(AdeptServerToken) token = decrypt_fixture ("apple.p7m", ours, NULL);
  g_autoptr(AdeptSecret) json = adept_server_token_to_json (token);
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptServerToken) back = adept_server_token_new_from_json (json, &error);
  g_autoptr(GDateTime) expiry = g_date_time_new_from_iso8601 (FUTURE, NULL);
  g_autoptr(AdeptServerToken) odd = adept_server_token_new ("CK_\"quoted\"", "CS_back\\slash",
                                                            "AT_1", "AS_1", expiry);
  g_autoptr(AdeptSecret) odd_json = adept_server_token_to_json (odd);
  g_autoptr(AdeptServerToken) odd_back = adept_server_token_new_from_json (odd_json, &error);
  g_autoptr(AdeptServerToken) garbage = NULL;

  g_assert_no_error (error);
  assert_expected_credentials (back, FUTURE);
  g_assert_cmpstr (adept_server_token_get_server_fingerprint (back), ==,
                   adept_server_token_get_server_fingerprint (token));
  g_assert_nonnull (strstr (json, "\"access_token_expiry\":\"" FUTURE "\""));

  g_assert_nonnull (odd_back);
  g_assert_cmpstr (adept_server_token_get_consumer_key (odd_back), ==, "CK_\"quoted\"");
  g_assert_cmpstr (adept_server_token_get_consumer_secret (odd_back), ==, "CS_back\\slash");

  garbage = adept_server_token_new_from_json ("{]", &error);
  g_assert_null (garbage);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_TOKEN_INCOMPLETE);
}

static void
test_server_fingerprint (void)
{
  g_autoptr(AdeptServerToken) token = decrypt_fixture ("apple.p7m", ours, NULL);
  g_autoptr(AdeptServerToken) expired = decrypt_fixture ("expired.p7m", ours, NULL);
  g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, CK, -1);
  const char *fingerprint = adept_server_token_get_server_fingerprint (token);

  /* A renewal (same consumer key) has the same identity; the key itself is not shown. */
  g_assert_cmpuint (strlen (fingerprint), ==, 16);
  g_assert_true (strncmp (fingerprint, sha, 16) == 0);
  g_assert_cmpstr (fingerprint, ==, adept_server_token_get_server_fingerprint (expired));
  g_assert_null (strstr (CK, fingerprint));
}

static void
test_guess_server_name (void)
{
  static const struct {
    const char *file;
    const char *server;
  } cases[] = {
    { "Adept Test_Token_2026-01-17T11-02-21Z_smime.p7m", "Adept Test" },
    { "/home/admin/Downloads/mdm_one_Token_2025-12-01T08-00-00Z_smime.p7m", "mdm_one" },
    { "My_Token_Server_Token_2025-12-01T08-00-00Z_smime (1).p7m", "My_Token_Server" },
    { "MDM_Token_2025-12-01T08-00-00Z_smime-2.p7m", "MDM" },
    { "smime.p7m", NULL },
    { "_Token_2025-12-01T08-00-00Z_smime.p7m", NULL },
    { "MDM_Token_2025-12-01_smime.p7m", NULL },
    { "MDM_Token_2025-12-01T08-00-00Z_smime.p7m.pem", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *server = adept_server_token_guess_server_name (cases[i].file);

      g_assert_cmpstr (server, ==, cases[i].server);
    }
}

static GString *debug_log;

static GLogWriterOutput
record_log (GLogLevelFlags   level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    if (fields[i].length < 0)
      g_string_append_printf (debug_log, "%s=%s\n", fields[i].key, (const char *) fields[i].value);
  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    return g_log_writer_default (level, fields, n_fields, user_data);
  return G_LOG_WRITER_HANDLED;
}

static void
test_no_secret_in_debug_log (void)
{
  static const char * const names[] = {
    "apple.p7m", "expired.p7m", "incomplete.p7m", "wrong-key.p7m", "smime-des3.p7m",
  };
  static const guint8 bad_pad[] = { 0x01, 0x03 };
  const Craft crafted = { .padding = bad_pad, .padding_len = sizeof bad_pad };
  static const char * const secrets[] = { CK, CS, AT, AS, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptServerToken) bad = NULL;

  g_string_truncate (debug_log, 0);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(AdeptServerToken) token = decrypt_fixture (names[i], ours, &local_error);

      if (local_error != NULL)
        g_string_append_printf (debug_log, "error=%s\n", local_error->message);
    }
  bad = decrypt_crafted (&crafted, &error);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_TOKEN_DAMAGED);

  /* The padding failure was logged, and no secret with it or anywhere else. */
  g_assert_nonnull (strstr (debug_log->str, "bad padding"));
  adept_test_assert_no_secret ("debug log", debug_log->str, debug_log->len, secrets);
}

static void
test_decrypt_is_fast (void)
{
  g_autoptr(GBytes) bytes = adept_test_token_fixture ("apple.p7m");
  gint64 start = g_get_monotonic_time ();
  gint64 elapsed;

  for (guint i = 0; i < 20; i++)
    {
      g_autoptr(AdeptServerToken) token = adept_server_token_decrypt (bytes, ours, NULL);
      g_assert_nonnull (token);
    }
  elapsed = (g_get_monotonic_time () - start) / 20;
  g_test_message ("one token decrypts in %" G_GINT64_FORMAT " µs", elapsed);
  g_assert_cmpint (elapsed, <, 50 * 1000);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *xdg = NULL;
  int ret;

  /* Dates in error sentences are local; pin the zone so the sentence is known. */
  g_setenv ("TZ", "UTC", TRUE);
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  debug_log = g_string_new (NULL);
  g_log_set_writer_func (record_log, NULL, NULL);
  g_test_init (&argc, &argv, NULL);
  xdg = adept_test_isolate_xdg ();
  tmpdir = adept_test_make_tmpdir ();
  ours = adept_test_token_key_pair ("ours.key", "ours.crt");

  g_test_add_func ("/server-token/fixtures-decrypt", test_fixtures_decrypt);
  g_test_add_func ("/server-token/negative-serial", test_negative_serial);
  g_test_add_func ("/server-token/wrong-key", test_wrong_key);
  g_test_add_func ("/server-token/expired", test_expired);
  g_test_add_func ("/server-token/incomplete", test_incomplete);
  g_test_add_func ("/server-token/truncated", test_truncated);
  g_test_add_func ("/server-token/flipped-bytes", test_flipped_bytes);
  g_test_add_func ("/server-token/not-a-token", test_not_a_token);
  g_test_add_func ("/server-token/huge-input-is-fast", test_huge_input_is_fast);
  g_test_add_func ("/server-token/missing-file", test_missing_file);
  g_test_add_func ("/server-token/decrypt-file-async", test_decrypt_file_async);
  g_test_add_func ("/server-token/nesting-bomb", test_nesting_bomb);
  g_test_add_func ("/server-token/crafted-valid", test_crafted_valid);
  g_test_add_func ("/server-token/bad-padding", test_bad_padding);
  g_test_add_func ("/server-token/key-transport-failures", test_key_transport_failures);
  g_test_add_func ("/server-token/unsupported-algorithms", test_unsupported_algorithms);
  g_test_add_func ("/server-token/crafted-incomplete", test_crafted_incomplete);
  g_test_add_func ("/server-token/cms-fields-checked", test_cms_fields_checked);
  g_test_add_func ("/server-token/payload-forms", test_payload_forms);
  g_test_add_func ("/server-token/payload-expiry-normalised", test_payload_expiry_normalised);
  g_test_add_func ("/server-token/payload-incomplete", test_payload_incomplete);
  g_test_add_func ("/server-token/json-round-trip", test_json_round_trip);
  g_test_add_func ("/server-token/server-fingerprint", test_server_fingerprint);
  g_test_add_func ("/server-token/guess-server-name", test_guess_server_name);
  g_test_add_func ("/server-token/no-secret-in-debug-log", test_no_secret_in_debug_log);
  g_test_add_func ("/server-token/decrypt-is-fast", test_decrypt_is_fast);
  ret = g_test_run ();

  g_object_unref (ours);
  g_string_free (debug_log, TRUE);
  adept_test_cleanup_dir (tmpdir);
  adept_test_cleanup_dir (xdg);
  g_free (tmpdir);
  return ret;
}
