/* adeptctl-exit.c — which error gives which exit status
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adeptctl"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "adept-error.h"
#include "adeptctl-exit.h"

const AdeptctlExitInfo adeptctl_exit_statuses[] = {
  { ADEPTCTL_EXIT_OK, "success", N_("done") },
  { ADEPTCTL_EXIT_FAILED, "failure", N_("a failure none of the codes below covers") },
  { ADEPTCTL_EXIT_USAGE, "usage", N_("an unknown verb or option, a missing argument") },
  { ADEPTCTL_EXIT_NOT_LINKED, "not linked", N_("no key pair or token yet, or the backend is not linked") },
  { ADEPTCTL_EXIT_BAD_INPUT, "bad input", N_("a file or value given was refused") },
  { ADEPTCTL_EXIT_AUTH, "refused", N_("Apple or the MDM backend refused the credentials or the request") },
  { ADEPTCTL_EXIT_NETWORK, "network", N_("the service could not be reached, or answered with an error") },
  { ADEPTCTL_EXIT_KEYRING, "keyring", N_("no Secret Service, or the keyring is locked") },
  { ADEPTCTL_EXIT_BUSY, "busy", N_("another Adept program is working on the server or the store") },
  { ADEPTCTL_EXIT_TOKEN_EXPIRED, "token expired", N_("the server token expired: import a new one") },
  { ADEPTCTL_EXIT_THROTTLED, "throttled", N_("Apple asked to wait: try again later") },
  { ADEPTCTL_EXIT_INTERRUPTED, "interrupted", N_("stopped by SIGTERM or SIGINT at a safe point") },
  { ADEPTCTL_EXIT_STORE_DAMAGED, "store damaged", N_("the local database cannot be used; it was left untouched") },
  { ADEPTCTL_EXIT_CANNOT_WRITE, "cannot write", N_("the data folder is read-only, or the disk is full") },
  { 0, NULL, NULL },
};

/* Every code, on purpose: a code added to adept-error.h without a line here gives 0 and
 * fails test-adeptctl-exit. */
static const AdeptctlExit exit_for_code[ADEPT_ERROR_N_CODES] = {
  [ADEPT_ERROR_FAILED] = ADEPTCTL_EXIT_FAILED,

  [ADEPT_ERROR_TOKEN_NOT_A_TOKEN] = ADEPTCTL_EXIT_BAD_INPUT,
  [ADEPT_ERROR_TOKEN_DAMAGED] = ADEPTCTL_EXIT_BAD_INPUT,
  [ADEPT_ERROR_TOKEN_WRONG_KEY] = ADEPTCTL_EXIT_BAD_INPUT,
  [ADEPT_ERROR_TOKEN_INCOMPLETE] = ADEPTCTL_EXIT_BAD_INPUT,
  /* A token file given, or Apple's verdict on the linked one: either way a new token. */
  [ADEPT_ERROR_TOKEN_EXPIRED] = ADEPTCTL_EXIT_TOKEN_EXPIRED,
  [ADEPT_ERROR_TOKEN_OTHER_SERVER] = ADEPTCTL_EXIT_BAD_INPUT,

  [ADEPT_ERROR_KEY_INVALID] = ADEPTCTL_EXIT_BAD_INPUT,
  [ADEPT_ERROR_CERT_INVALID] = ADEPTCTL_EXIT_BAD_INPUT,
  [ADEPT_ERROR_CERT_KEY_MISMATCH] = ADEPTCTL_EXIT_BAD_INPUT,
  [ADEPT_ERROR_NO_KEY] = ADEPTCTL_EXIT_NOT_LINKED,
  [ADEPT_ERROR_NOT_LINKED] = ADEPTCTL_EXIT_NOT_LINKED,

  [ADEPT_ERROR_KEYRING_UNAVAILABLE] = ADEPTCTL_EXIT_KEYRING,
  [ADEPT_ERROR_KEYRING_LOCKED] = ADEPTCTL_EXIT_KEYRING,

  [ADEPT_ERROR_TERMS_NOT_SIGNED] = ADEPTCTL_EXIT_AUTH,
  [ADEPT_ERROR_ACCESS_DENIED] = ADEPTCTL_EXIT_AUTH,
  [ADEPT_ERROR_TOKEN_REJECTED] = ADEPTCTL_EXIT_AUTH,
  [ADEPT_ERROR_AUTH_FAILED] = ADEPTCTL_EXIT_AUTH,
  /* The sync engine handles cursors; one that reaches a verb is a failure of Adept's. */
  [ADEPT_ERROR_CURSOR_EXPIRED] = ADEPTCTL_EXIT_FAILED,
  [ADEPT_ERROR_CURSOR_INVALID] = ADEPTCTL_EXIT_FAILED,
  [ADEPT_ERROR_CURSOR_EXHAUSTED] = ADEPTCTL_EXIT_FAILED,
  [ADEPT_ERROR_THROTTLED] = ADEPTCTL_EXIT_THROTTLED,
  [ADEPT_ERROR_VALIDATION] = ADEPTCTL_EXIT_BAD_INPUT,
  /* A profile or device named on the command line that Apple does not know. */
  [ADEPT_ERROR_NOT_FOUND] = ADEPTCTL_EXIT_BAD_INPUT,
  /* Apple refused a request Adept made: Adept's fault, not the admin's input. */
  [ADEPT_ERROR_BAD_REQUEST] = ADEPTCTL_EXIT_FAILED,
  [ADEPT_ERROR_NETWORK] = ADEPTCTL_EXIT_NETWORK,
  [ADEPT_ERROR_TLS] = ADEPTCTL_EXIT_NETWORK,
  [ADEPT_ERROR_SERVER_ERROR] = ADEPTCTL_EXIT_NETWORK,
  [ADEPT_ERROR_MALFORMED_RESPONSE] = ADEPTCTL_EXIT_NETWORK,
  [ADEPT_ERROR_RESPONSE_TOO_LARGE] = ADEPTCTL_EXIT_NETWORK,
  [ADEPT_ERROR_INSECURE_URL] = ADEPTCTL_EXIT_BAD_INPUT,

  [ADEPT_ERROR_STORE_LOCKED] = ADEPTCTL_EXIT_BUSY,
  [ADEPT_ERROR_STORE_READ_ONLY] = ADEPTCTL_EXIT_CANNOT_WRITE,
  [ADEPT_ERROR_STORE_FULL] = ADEPTCTL_EXIT_CANNOT_WRITE,
  [ADEPT_ERROR_STORE_CORRUPT] = ADEPTCTL_EXIT_STORE_DAMAGED,
  /* Left untouched either way: this Adept cannot use the file as it is. */
  [ADEPT_ERROR_STORE_TOO_NEW] = ADEPTCTL_EXIT_STORE_DAMAGED,
  [ADEPT_ERROR_SYNC_BUSY] = ADEPTCTL_EXIT_BUSY,

  [ADEPT_ERROR_FILE] = ADEPTCTL_EXIT_BAD_INPUT,

  [ADEPT_ERROR_BACKEND_AUTH] = ADEPTCTL_EXIT_AUTH,
  [ADEPT_ERROR_BACKEND_CONSUMER_KEY] = ADEPTCTL_EXIT_BAD_INPUT,
  [ADEPT_ERROR_BACKEND_UPSTREAM] = ADEPTCTL_EXIT_NOT_LINKED,
  [ADEPT_ERROR_BACKEND_ERROR] = ADEPTCTL_EXIT_NETWORK,

  [ADEPT_ERROR_ORG_NOT_SUPPORTED] = ADEPTCTL_EXIT_AUTH,
  [ADEPT_ERROR_BETA_TURNED_OFF] = ADEPTCTL_EXIT_AUTH,

  [ADEPT_ERROR_WRONG_PASSPHRASE] = ADEPTCTL_EXIT_BAD_INPUT,
  [ADEPT_ERROR_EXPORT_DAMAGED] = ADEPTCTL_EXIT_BAD_INPUT,

  [ADEPT_ERROR_API_NOT_CONNECTED] = ADEPTCTL_EXIT_NOT_LINKED,
  [ADEPT_ERROR_API_KEY_INVALID] = ADEPTCTL_EXIT_BAD_INPUT,
  [ADEPT_ERROR_API_ACCOUNT_REJECTED] = ADEPTCTL_EXIT_AUTH,
  [ADEPT_ERROR_API_ACCOUNT_REVOKED] = ADEPTCTL_EXIT_AUTH,
  [ADEPT_ERROR_API_SCOPE_MISSING] = ADEPTCTL_EXIT_AUTH,
  [ADEPT_ERROR_ACTIVITY_CONFLICT] = ADEPTCTL_EXIT_BUSY,

  [ADEPT_ERROR_ALREADY_LINKED] = ADEPTCTL_EXIT_BAD_INPUT,
};

int
adeptctl_exit_for_error (const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return ADEPTCTL_EXIT_INTERRUPTED;
  if (error->domain != ADEPT_ERROR || error->code < 0 || error->code >= ADEPT_ERROR_N_CODES)
    return ADEPTCTL_EXIT_FAILED;
  return exit_for_code[error->code];
}
