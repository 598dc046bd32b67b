/* fuzz-token.c — libFuzzer target for the whole server token parser
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every input must end in a token or in one of the token errors; anything else
 * (a crash, a sanitizer report, another error) is a finding.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "adept-error.h"
#include "adept-server-token.h"
#include "fuzz-util.h"

static AdeptKeyPair *key_pair;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autofree char *key = NULL;
  g_autofree char *cert = NULL;
  gsize key_len, cert_len;

  fuzz_quiet_logs ();
  if (!g_file_get_contents (FUZZ_FIXTURES_DIR "/ours.key", &key, &key_len, NULL) ||
      !g_file_get_contents (FUZZ_FIXTURES_DIR "/ours.crt", &cert, &cert_len, NULL))
    abort ();
  key_pair = adept_key_pair_new_from_pem (key, key_len, cert, cert_len, NULL);
  if (key_pair == NULL)
    abort ();
  return 0;
}

static gboolean
is_token_error (const GError *error)
{
  return error != NULL && error->domain == ADEPT_ERROR &&
         (error->code == ADEPT_ERROR_TOKEN_NOT_A_TOKEN ||
          error->code == ADEPT_ERROR_TOKEN_DAMAGED ||
          error->code == ADEPT_ERROR_TOKEN_WRONG_KEY ||
          error->code == ADEPT_ERROR_TOKEN_INCOMPLETE) &&
         error->message != NULL && error->message[0] != '\0';
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptServerToken) token = NULL;

  token = adept_server_token_decrypt (bytes, key_pair, &error);
  if (token == NULL && !is_token_error (error))
    abort ();
  if (token != NULL &&
      (adept_server_token_get_consumer_key (token)[0] == '\0' ||
       adept_server_token_get_expiry (token) == NULL))
    abort ();
  return 0;
}
