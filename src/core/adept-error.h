/* adept-error.h — the one error domain of Adept
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define ADEPT_ERROR (adept_error_quark ())

/* Codes a UI can act on. Each has a default sentence (adept_error_default_message)
 * saying what happened and what to do; callers may set a more precise sentence. */
typedef enum {
  ADEPT_ERROR_FAILED,

  /* Server token (.p7m) */
  ADEPT_ERROR_TOKEN_NOT_A_TOKEN,
  ADEPT_ERROR_TOKEN_DAMAGED,
  ADEPT_ERROR_TOKEN_WRONG_KEY,
  ADEPT_ERROR_TOKEN_INCOMPLETE,
  ADEPT_ERROR_TOKEN_EXPIRED,
  ADEPT_ERROR_TOKEN_OTHER_SERVER,

  /* Key pair and certificate */
  ADEPT_ERROR_KEY_INVALID,
  ADEPT_ERROR_CERT_INVALID,
  ADEPT_ERROR_CERT_KEY_MISMATCH,
  ADEPT_ERROR_NO_KEY,
  ADEPT_ERROR_NOT_LINKED,

  /* Keyring */
  ADEPT_ERROR_KEYRING_UNAVAILABLE,
  ADEPT_ERROR_KEYRING_LOCKED,

  /* DEP API */
  ADEPT_ERROR_TERMS_NOT_SIGNED,
  ADEPT_ERROR_ACCESS_DENIED,
  ADEPT_ERROR_TOKEN_REJECTED,
  ADEPT_ERROR_AUTH_FAILED,
  ADEPT_ERROR_CURSOR_EXPIRED,
  ADEPT_ERROR_CURSOR_INVALID,
  ADEPT_ERROR_CURSOR_EXHAUSTED,
  ADEPT_ERROR_THROTTLED,
  ADEPT_ERROR_VALIDATION,
  ADEPT_ERROR_NOT_FOUND,
  ADEPT_ERROR_BAD_REQUEST,
  ADEPT_ERROR_NETWORK,
  ADEPT_ERROR_TLS,
  ADEPT_ERROR_SERVER_ERROR,
  ADEPT_ERROR_MALFORMED_RESPONSE,
  ADEPT_ERROR_RESPONSE_TOO_LARGE,
  ADEPT_ERROR_INSECURE_URL,

  /* Local store and sync */
  ADEPT_ERROR_STORE_LOCKED,
  ADEPT_ERROR_STORE_READ_ONLY,
  ADEPT_ERROR_STORE_FULL,
  ADEPT_ERROR_STORE_CORRUPT,
  ADEPT_ERROR_STORE_TOO_NEW,
  ADEPT_ERROR_SYNC_BUSY,

  /* Files the admin picked */
  ADEPT_ERROR_FILE,

  /* An MDM backend (NanoDEP) in front of Apple: adept-nanodep-client.h */
  ADEPT_ERROR_BACKEND_AUTH,
  ADEPT_ERROR_BACKEND_CONSUMER_KEY,
  ADEPT_ERROR_BACKEND_UPSTREAM,
  ADEPT_ERROR_BACKEND_ERROR,

  /* DEP API as of 2026 (issue 13) */
  ADEPT_ERROR_ORG_NOT_SUPPORTED,
  ADEPT_ERROR_BETA_TURNED_OFF,

  /* Passphrase-encrypted exports */
  ADEPT_ERROR_WRONG_PASSPHRASE,
  ADEPT_ERROR_EXPORT_DAMAGED,

  /* Apple Business API (abm-api.md) */
  ADEPT_ERROR_API_NOT_CONNECTED,
  ADEPT_ERROR_API_KEY_INVALID,
  ADEPT_ERROR_API_ACCOUNT_REJECTED,
  ADEPT_ERROR_API_ACCOUNT_REVOKED,
  ADEPT_ERROR_API_SCOPE_MISSING,
  ADEPT_ERROR_ACTIVITY_CONFLICT,

  /* Export and import */
  ADEPT_ERROR_ALREADY_LINKED,
} AdeptErrorCode;

#define ADEPT_ERROR_N_CODES (ADEPT_ERROR_ALREADY_LINKED + 1)

GQuark       adept_error_quark           (void);
const char  *adept_error_default_message (AdeptErrorCode code);
const char  *adept_error_code_name       (AdeptErrorCode code);
void         adept_set_error             (GError       **error,
                                          AdeptErrorCode code);

/* Details an ADEPT_ERROR may carry; they survive g_error_copy() and GTask. apple_code is
 * the code from Apple's answer ("CONFIG_URL_INVALID"), field the profile key it concerns
 * ("url"), retry_after the seconds Apple asked to wait (-1: none). NULL/-1 for other
 * errors and domains. */
void         adept_error_set_details     (GError        *error,
                                          const char    *apple_code,
                                          const char    *field,
                                          gint64         retry_after);
const char  *adept_error_get_apple_code  (const GError  *error);
const char  *adept_error_get_field       (const GError  *error);
gint64       adept_error_get_retry_after (const GError  *error);

G_END_DECLS
