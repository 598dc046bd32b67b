/* adept-bypass-code.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-bypass-code"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <string.h>

#include "adept-bypass-code.h"
#include "adept-error.h"
#include "adept-secret.h"

static const char alphabet[] = "0123456789ACDEFGHJKLMNPQRTUVWXYZ";

/* 25 groups of 5 bits hold 125 of the 128 bits; the 26th character carries the last 3
 * bits as a value of 0–7 (not shifted left as base32 would: Apple's form). */
#define N_CHARACTERS 26
#define ESCROW_ROUNDS 50000

/* A dash goes before these characters. */
static gboolean
dash_before (guint i)
{
  return i == 5 || i == 10 || i == 14 || i == 18 || i == 22;
}

char *
adept_bypass_code_from_bytes (const guint8 bytes[ADEPT_BYPASS_CODE_BYTES])
{
  char *code = g_malloc0 (ADEPT_BYPASS_CODE_LENGTH + 1);
  guint32 acc = 0;
  guint bits = 0;
  guint n = 0;
  guint out = 0;

  for (guint i = 0; i < ADEPT_BYPASS_CODE_BYTES; i++)
    {
      acc = (acc << 8) | bytes[i];
      bits += 8;
      while (bits >= 5)
        {
          bits -= 5;
          if (dash_before (n))
            code[out++] = '-';
          code[out++] = alphabet[(acc >> bits) & 0x1f];
          n++;
        }
    }
  /* The 3 bits left over, as a value of their own. */
  code[out] = alphabet[acc & ((1u << bits) - 1)];
  adept_secret_wipe (&acc, sizeof acc);
  return code;
}

static int
value_of (char c)
{
  const char *p = strchr (alphabet, g_ascii_toupper (c));

  return c != '\0' && p != NULL ? (int) (p - alphabet) : -1;
}

gboolean
adept_bypass_code_to_bytes (const char *code,
                            guint8      bytes[ADEPT_BYPASS_CODE_BYTES])
{
  int values[N_CHARACTERS];
  guint n = 0;
  guint32 acc = 0;
  guint bits = 0;
  guint out = 0;

  for (const char *p = code; p != NULL && *p != '\0'; p++)
    {
      int v;

      if (*p == '-')
        continue;
      if (n == N_CHARACTERS || (v = value_of (*p)) < 0)
        return FALSE;
      values[n++] = v;
    }
  if (n != N_CHARACTERS || values[N_CHARACTERS - 1] > 7)
    return FALSE;

  for (guint i = 0; i < N_CHARACTERS; i++)
    {
      guint width = i + 1 < N_CHARACTERS ? 5 : 3;

      acc = (acc << width) | (guint32) values[i];
      bits += width;
      while (bits >= 8)
        {
          bits -= 8;
          bytes[out++] = (guint8) (acc >> bits);
        }
    }
  adept_secret_wipe (values, sizeof values);
  return out == ADEPT_BYPASS_CODE_BYTES;
}

gboolean
adept_bypass_code_is_valid (const char *code)
{
  guint8 bytes[ADEPT_BYPASS_CODE_BYTES];
  gboolean valid = adept_bypass_code_to_bytes (code, bytes);

  adept_secret_wipe (bytes, sizeof bytes);
  return valid;
}

char *
adept_bypass_code_generate (void)
{
  guint8 bytes[ADEPT_BYPASS_CODE_BYTES];
  char *code;

  /* The code unlocks a device: key-grade randomness. */
  if (gnutls_rnd (GNUTLS_RND_KEY, bytes, sizeof bytes) != 0)
    g_error ("The system's random number generator failed");
  code = adept_bypass_code_from_bytes (bytes);
  adept_secret_wipe (bytes, sizeof bytes);
  return code;
}

char *
adept_bypass_code_dup_escrow_key (const char  *code,
                                  GError     **error)
{
  static const guint8 salt[4] = { 0, 0, 0, 0 };
  guint8 bytes[ADEPT_BYPASS_CODE_BYTES];
  guint8 key[32];
  gnutls_datum_t password = { bytes, sizeof bytes };
  gnutls_datum_t salt_datum = { (guint8 *) salt, sizeof salt };
  GString *hex;
  int rc;

  if (!adept_bypass_code_to_bytes (code, bytes))
    {
      g_set_error_literal (error, ADEPT_ERROR, ADEPT_ERROR_BAD_REQUEST,
                           _("This is not an Activation Lock bypass code. A code has 26 letters and digits in six groups, such as XXXXX-XXXXX-XXXX-XXXX-XXXX-XXXX."));
      return NULL;
    }
  rc = gnutls_pbkdf2 (GNUTLS_MAC_SHA256, &password, &salt_datum, ESCROW_ROUNDS, key, sizeof key);
  adept_secret_wipe (bytes, sizeof bytes);
  if (rc != 0)
    {
      g_debug ("gnutls_pbkdf2: %s", gnutls_strerror (rc));
      adept_set_error (error, ADEPT_ERROR_FAILED);
      return NULL;
    }
  hex = g_string_sized_new (2 * sizeof key);
  for (guint i = 0; i < sizeof key; i++)
    g_string_append_printf (hex, "%02x", key[i]);
  return g_string_free (hex, FALSE);
}
