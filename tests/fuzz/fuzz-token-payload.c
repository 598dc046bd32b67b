/* fuzz-token-payload.c — libFuzzer target for the decrypted inner payload
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Mutations of a whole token almost never survive decryption, so the parser behind it
 * (inner MIME headers, BEGIN/END MESSAGE, wrapped JSON) gets its own target, and the
 * keyring form (new_from_json) too.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "adept-error.h"
#include "adept-secret.h"
#include "adept-server-token-private.h"
#include "fuzz-util.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_quiet_logs ();
  return 0;
}

static void
check (AdeptServerToken *token,
       const GError     *error)
{
  if (token == NULL &&
      (error == NULL || error->domain != ADEPT_ERROR ||
       error->code != ADEPT_ERROR_TOKEN_INCOMPLETE))
    abort ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) json_error = NULL;
  g_autoptr(AdeptServerToken) token = NULL;
  g_autoptr(AdeptServerToken) again = NULL;
  g_autoptr(AdeptServerToken) from_json = NULL;
  g_autofree char *text = g_strndup ((const char *) data, size);

  token = _adept_server_token_new_from_payload ((const char *) data, size, &error);
  check (token, error);

  /* What the keyring stores must read back the same. */
  if (token != NULL)
    {
      char *json = adept_server_token_to_json (token);

      again = adept_server_token_new_from_json (json, NULL);
      if (again == NULL ||
          strcmp (adept_server_token_get_access_secret (again),
                  adept_server_token_get_access_secret (token)) != 0 ||
          !g_date_time_equal (adept_server_token_get_expiry (again),
                              adept_server_token_get_expiry (token)))
        abort ();
      adept_secret_free (json);
    }

  from_json = adept_server_token_new_from_json (text, &json_error);
  check (from_json, json_error);
  return 0;
}
