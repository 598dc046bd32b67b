/* adept-error.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-error"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "adept-error.h"
#include "adept-util.h"

/* An extended domain so DEP errors can carry details a UI acts on (the wait Apple asked
 * for, Apple's code and the profile field it names) through GTask and g_error_copy(). */
typedef struct {
  gint64  retry_after;
  char   *apple_code;
  char   *field;
} AdeptErrorPrivate;

static void
adept_error_private_init (AdeptErrorPrivate *priv)
{
  priv->retry_after = -1;
  priv->apple_code = NULL;
  priv->field = NULL;
}

static void
adept_error_private_copy (const AdeptErrorPrivate *src,
                          AdeptErrorPrivate       *dest)
{
  dest->retry_after = src->retry_after;
  dest->apple_code = g_strdup (src->apple_code);
  dest->field = g_strdup (src->field);
}

static void
adept_error_private_clear (AdeptErrorPrivate *priv)
{
  g_clear_pointer (&priv->apple_code, g_free);
  g_clear_pointer (&priv->field, g_free);
}

G_DEFINE_EXTENDED_ERROR (AdeptError, adept_error)

typedef struct {
  const char *name;
  const char *message;
} ErrorInfo;

static const ErrorInfo error_info[] = {
  [ADEPT_ERROR_FAILED] = { "failed",
    N_("Something went wrong. Try again; if it keeps happening, run with G_MESSAGES_DEBUG=all and report the log.") },
  [ADEPT_ERROR_TOKEN_NOT_A_TOKEN] = { "token-not-a-token",
    N_("This file is not a server token. In Apple Business Manager, download the server token (a file ending in “_smime.p7m”) and use that file.") },
  [ADEPT_ERROR_TOKEN_DAMAGED] = { "token-damaged",
    N_("This server token is damaged or incomplete. Download it again from Apple Business Manager.") },
  [ADEPT_ERROR_TOKEN_WRONG_KEY] = { "token-wrong-key",
    N_("This server token was issued for a different public key. Upload this console’s public key to the MDM server in Apple Business Manager, then download a new token.") },
  [ADEPT_ERROR_TOKEN_INCOMPLETE] = { "token-incomplete",
    N_("This server token could be decrypted but lacks credentials Apple needs. Download a new token from Apple Business Manager.") },
  [ADEPT_ERROR_TOKEN_EXPIRED] = { "token-expired",
    N_("This server token has expired. Download a new token from Apple Business Manager.") },
  [ADEPT_ERROR_TOKEN_OTHER_SERVER] = { "token-other-server",
    N_("This server token belongs to a different MDM server. Download the token of the server this console is linked to, or unlink first.") },
  [ADEPT_ERROR_KEY_INVALID] = { "key-invalid",
    N_("The private key could not be read. Use an unencrypted RSA key in PEM format (PKCS#1 or PKCS#8).") },
  [ADEPT_ERROR_CERT_INVALID] = { "cert-invalid",
    N_("The certificate could not be read. Use an X.509 certificate in PEM format.") },
  [ADEPT_ERROR_CERT_KEY_MISMATCH] = { "cert-key-mismatch",
    N_("The certificate does not belong to the private key. Pick the certificate that was made for this key.") },
  [ADEPT_ERROR_NO_KEY] = { "no-key",
    N_("This console has no key pair yet. Generate one (Download MDM Public Key) or import one first.") },
  [ADEPT_ERROR_NOT_LINKED] = { "not-linked",
    N_("This console is not linked to an MDM server in Apple Business Manager yet. Upload a server token first.") },
  [ADEPT_ERROR_KEYRING_UNAVAILABLE] = { "keyring-unavailable",
    N_("The keyring (Secret Service) is not available, so no secret can be stored or read. Log in to a desktop session with GNOME Keyring running, then try again.") },
  [ADEPT_ERROR_KEYRING_LOCKED] = { "keyring-locked",
    N_("The keyring is locked. Unlock it when asked, then try again.") },
  [ADEPT_ERROR_TERMS_NOT_SIGNED] = { "terms-not-signed",
    N_("Apple has new terms and conditions. Sign in to Apple Business Manager and accept them, then try again.") },
  [ADEPT_ERROR_ACCESS_DENIED] = { "access-denied",
    N_("Apple denied access to this MDM server. Check in Apple Business Manager that the server still exists and that its token is current.") },
  [ADEPT_ERROR_TOKEN_REJECTED] = { "token-rejected",
    N_("Apple rejected the server token: it was revoked or replaced in Apple Business Manager. Download a new token and renew it here.") },
  [ADEPT_ERROR_AUTH_FAILED] = { "auth-failed",
    N_("Apple did not accept this console’s credentials. Renew the server token from Apple Business Manager.") },
  [ADEPT_ERROR_CURSOR_EXPIRED] = { "cursor-expired",
    N_("The last sync is more than seven days old. A full sync will fetch every device again.") },
  [ADEPT_ERROR_CURSOR_INVALID] = { "cursor-invalid",
    N_("Apple did not recognize the sync position. A full sync will fetch every device again.") },
  [ADEPT_ERROR_CURSOR_EXHAUSTED] = { "cursor-exhausted",
    N_("Every device has already been fetched; only changes will be synced.") },
  [ADEPT_ERROR_THROTTLED] = { "throttled",
    N_("Apple asked to slow down. The request will be retried after the wait Apple gave.") },
  [ADEPT_ERROR_VALIDATION] = { "validation",
    N_("Apple refused a value. Correct the highlighted field and try again.") },
  [ADEPT_ERROR_NOT_FOUND] = { "not-found",
    N_("Apple does not know this item. It may have been removed in Apple Business Manager.") },
  [ADEPT_ERROR_BAD_REQUEST] = { "bad-request",
    N_("Apple refused the request as malformed. Update Adept; if it keeps happening, report it.") },
  [ADEPT_ERROR_NETWORK] = { "network",
    N_("Apple’s servers could not be reached. Check the network connection and try again.") },
  [ADEPT_ERROR_TLS] = { "tls",
    N_("The secure connection to Apple could not be verified. Check the system date and any proxy that intercepts HTTPS, then try again.") },
  [ADEPT_ERROR_SERVER_ERROR] = { "server-error",
    N_("Apple’s service had an error. Try again later.") },
  [ADEPT_ERROR_MALFORMED_RESPONSE] = { "malformed-response",
    N_("Apple’s answer could not be understood. Try again later; if it keeps happening, report it.") },
  [ADEPT_ERROR_RESPONSE_TOO_LARGE] = { "response-too-large",
    N_("Apple’s answer was larger than Adept accepts. Try again later; if it keeps happening, report it.") },
  [ADEPT_ERROR_INSECURE_URL] = { "insecure-url",
    N_("This address is not secure. Use an https:// address (plain http:// is allowed only on this computer).") },
  [ADEPT_ERROR_STORE_LOCKED] = { "store-locked",
    N_("The local database is in use by another Adept program. Wait for it to finish, then try again.") },
  [ADEPT_ERROR_STORE_READ_ONLY] = { "store-read-only",
    N_("The local database cannot be written. Check the permissions of Adept’s data folder.") },
  [ADEPT_ERROR_STORE_FULL] = { "store-full",
    N_("The disk is full, so the local database cannot be written. Free some space, then try again.") },
  [ADEPT_ERROR_STORE_CORRUPT] = { "store-corrupt",
    N_("The local database is damaged. It was left untouched; move it aside to start afresh, then sync again.") },
  [ADEPT_ERROR_STORE_TOO_NEW] = { "store-too-new",
    N_("The local database was written by a newer version of Adept. Update Adept to open it.") },
  [ADEPT_ERROR_SYNC_BUSY] = { "sync-busy",
    N_("Another Adept program is syncing this server right now. Wait for it to finish.") },
  [ADEPT_ERROR_FILE] = { "file",
    N_("The file could not be read or written. Check that it exists and that you may use it.") },
  [ADEPT_ERROR_BACKEND_AUTH] = { "backend-auth",
    N_("The NanoDEP server refused the API key. Ask its administrator for the current key (NANODEP_API on the server) and enter it again.") },
  [ADEPT_ERROR_BACKEND_CONSUMER_KEY] = { "backend-consumer-key",
    N_("The NanoDEP server refused this server token: it is for another MDM server in Apple Business Manager than the token it has, or another administrator renewed it there. NanoDEP has already made the last downloaded public key its current one; its server token is unchanged. If this token is the right one, upload it again and confirm the replacement.") },
  [ADEPT_ERROR_BACKEND_UPSTREAM] = { "backend-upstream",
    N_("The NanoDEP server could not get to Apple for this DEP name: it has no server token for it yet, or Apple did not answer it. Upload a server token, or check the NanoDEP server’s network and log.") },
  [ADEPT_ERROR_BACKEND_ERROR] = { "backend-error",
    N_("The NanoDEP server reported an error. Check its log, then try again.") },
  [ADEPT_ERROR_ORG_NOT_SUPPORTED] = { "org-not-supported",
    N_("Apple does not offer this to your organization. Check the organization’s type and settings in Apple Business Manager.") },
  [ADEPT_ERROR_BETA_TURNED_OFF] = { "beta-turned-off",
    N_("Your organization turned off beta software for its devices. Turn it on in Apple Business Manager (Preferences, AppleSeed for IT) to get beta enrollment tokens.") },
  [ADEPT_ERROR_WRONG_PASSPHRASE] = { "wrong-passphrase",
    N_("The passphrase does not open this file. Type it again, exactly as it was chosen when the file was made.") },
  [ADEPT_ERROR_EXPORT_DAMAGED] = { "export-damaged",
    N_("This file is damaged or is not an Adept export. Use the file exactly as it was written, or export again.") },
  [ADEPT_ERROR_API_NOT_CONNECTED] = { "api-not-connected",
    N_("This organization is not connected to the Apple Business API yet. Create an API account in Apple Business, then connect it here with its Client ID, Key ID and private key.") },
  [ADEPT_ERROR_API_KEY_INVALID] = { "api-key-invalid",
    N_("The private key cannot be used. Use the EC P-256 private key (.pem) that Apple Business made for the API account.") },
  [ADEPT_ERROR_API_ACCOUNT_REJECTED] = { "api-account-rejected",
    N_("Apple did not accept the API account: the Client ID, Key ID and private key do not belong together. Check them against the API account in Apple Business, or generate a new key there.") },
  [ADEPT_ERROR_API_ACCOUNT_REVOKED] = { "api-account-revoked",
    N_("Apple no longer accepts this API account; it was probably revoked or deleted in Apple Business. Create a new API account there and connect it again.") },
  [ADEPT_ERROR_API_SCOPE_MISSING] = { "api-scope-missing",
    N_("The API account may not use this part of the Apple Business API. In Apple Business, give the API account access to devices and MDM servers, then try again.") },
  [ADEPT_ERROR_ACTIVITY_CONFLICT] = { "activity-conflict",
    N_("Some of these devices are part of another Apple Business activity that has not finished. Wait for it to complete, then try again.") },
  [ADEPT_ERROR_ALREADY_LINKED] = { "already-linked",
    N_("This server is linked here already, so nothing was imported. Import the file under another server name, or unlink this one first.") },
};

G_STATIC_ASSERT (G_N_ELEMENTS (error_info) == ADEPT_ERROR_N_CODES);

const char *
adept_error_default_message (AdeptErrorCode code)
{
  if ((guint) code >= G_N_ELEMENTS (error_info))
    code = ADEPT_ERROR_FAILED;
  return g_dgettext (GETTEXT_PACKAGE, error_info[code].message);
}

const char *
adept_error_code_name (AdeptErrorCode code)
{
  if ((guint) code >= G_N_ELEMENTS (error_info))
    code = ADEPT_ERROR_FAILED;
  return error_info[code].name;
}

void
adept_set_error (GError       **error,
                 AdeptErrorCode code)
{
  g_set_error_literal (error, ADEPT_ERROR, code, adept_error_default_message (code));
}

void
adept_error_set_details (GError     *error,
                         const char *apple_code,
                         const char *field,
                         gint64      retry_after)
{
  AdeptErrorPrivate *priv;

  g_return_if_fail (error != NULL && error->domain == ADEPT_ERROR);
  priv = adept_error_get_private (error);
  adept_set_str (&priv->apple_code, apple_code);
  adept_set_str (&priv->field, field);
  priv->retry_after = retry_after;
}

const char *
adept_error_get_apple_code (const GError *error)
{
  if (error == NULL || error->domain != ADEPT_ERROR)
    return NULL;
  return adept_error_get_private (error)->apple_code;
}

const char *
adept_error_get_field (const GError *error)
{
  if (error == NULL || error->domain != ADEPT_ERROR)
    return NULL;
  return adept_error_get_private (error)->field;
}

gint64
adept_error_get_retry_after (const GError *error)
{
  if (error == NULL || error->domain != ADEPT_ERROR)
    return -1;
  return adept_error_get_private (error)->retry_after;
}
