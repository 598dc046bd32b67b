/* adeptctl-token.c — token inspect, token import, token show, unlink
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adeptctl"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "adept-secret.h"
#include "adept-secret-bundle.h"
#include "adept-error.h"
#include "adeptctl.h"

/* Only what identifies the server and the date: never a credential. */
static void
report_token (AdeptctlReport   *report,
              AdeptServerToken *token,
              const char       *token_name)
{
  adeptctl_report_add (report, "token_name", _("Server name (file name):"), token_name);
  adeptctl_report_add (report, "server_fingerprint", _("Server fingerprint:"),
                       adept_server_token_get_server_fingerprint (token));
  adeptctl_report_add_expiry (report, adept_server_token_get_expiry (token));
}

static char *
guess_name (GFile *file)
{
  g_autofree char *basename = g_file_get_basename (file);

  return basename ? adept_server_token_guess_server_name (basename) : NULL;
}

int
adeptctl_token_inspect (const AdeptctlOptions *global,
                        int                    argc,
                        char                 **argv)
{
  AdeptctlOptions options = *global;
  g_auto(GStrv) rest = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptSession) session = NULL;
  g_autoptr(AdeptServerToken) token = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *token_name = NULL;
  AdeptctlReport *report;

  if (!adeptctl_parse_args (&options, "token inspect FILE", NULL, argc, argv, &rest))
    return ADEPTCTL_EXIT_USAGE;
  if (g_strv_length (rest) != 1)
    return adeptctl_usage_error (_("“token inspect” needs one token file."));

  session = adeptctl_open_session (&options, &error);
  if (session == NULL)
    return adeptctl_report_error (error);
  file = g_file_new_for_commandline_arg (rest[0]);
  adept_session_inspect_token_async (session, file,
                                     adeptctl_get_cancellable (), adeptctl_store_result, &result);
  token = adept_session_inspect_token_finish (session, adeptctl_wait_for (&result), &error);
  if (token == NULL)
    return adeptctl_report_error (error);

  token_name = guess_name (file);
  report = adeptctl_report_new (&options);
  adeptctl_report_add (report, "server", _("Decrypted with the key of:"),
                       adept_session_get_id (session));
  report_token (report, token, token_name);
  adeptctl_report_print (report);
  return ADEPTCTL_EXIT_OK;
}

int
adeptctl_token_import (const AdeptctlOptions *global,
                       int                    argc,
                       char                 **argv)
{
  AdeptctlOptions options = *global;
  g_autofree char *base_url = NULL;
  gboolean force = FALSE;
  gboolean confirmed = FALSE;
  const GOptionEntry entries[] = {
    /* The default is spelled out: a macro inside the string would hide it from xgettext. */
    { "base-url", 0, 0, G_OPTION_ARG_STRING, &base_url,
      N_("The DEP service to use with this server (default https://mdmenrollment.apple.com)"), N_("URL") },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force,
      N_("Through NanoDEP: replace the token it has although it is another MDM server’s (with --yes-replace-token)"), NULL },
    { "yes-replace-token", 0, 0, G_OPTION_ARG_NONE, &confirmed,
      N_("Confirm --force: the token NanoDEP has may be a colleague’s renewal"), NULL },
    { NULL }
  };
  g_auto(GStrv) rest = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptSession) session = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) facts = NULL;
  g_autofree char *caution = NULL;
  AdeptServer *server;
  AdeptctlReport *report;
  gboolean renewal;

  if (!adeptctl_parse_args (&options, "token import FILE [--base-url URL] [--force --yes-replace-token]",
                            entries, argc, argv, &rest))
    return ADEPTCTL_EXIT_USAGE;
  if (g_strv_length (rest) != 1)
    return adeptctl_usage_error (_("“token import” needs one token file."));
  if (force && !confirmed)
    return adeptctl_usage_error (_("--force replaces the token the NanoDEP server has with this one, although it is for another MDM server in Apple Business Manager. That may be a legitimate renewal by another ABM administrator: check with your colleagues, then add --yes-replace-token to confirm."));
  if (base_url == NULL && options.base_url != NULL)
    base_url = g_strdup (options.base_url);
  /* The URL is the link's to keep, not an override of this run. */
  options.base_url = NULL;

  session = adeptctl_open_session (&options, &error);
  if (session == NULL)
    return adeptctl_report_error (error);
  server = adept_session_get_server (session);
  renewal = adept_session_get_linked (session);
  /* What the kind does first (NanoDEP changes its key before it checks the token). */
  caution = adept_session_dup_caution (session, ADEPT_SESSION_CAUTION_LINK, NULL);
  if (caution != NULL)
    adeptctl_print_notice (caution);
  file = g_file_new_for_commandline_arg (rest[0]);
  /* Everything the import carries is stored only if the link succeeds. */
  adept_session_link_full_async (session, file, base_url,
                                 force ? ADEPT_SESSION_LINK_FORCE : ADEPT_SESSION_LINK_NONE,
                                 NULL, adeptctl_store_result, &result);
  if (!adept_session_link_finish (session, adeptctl_wait_for (&result), &error))
    {
      int status = adeptctl_report_error (error);

      if (g_error_matches (error, ADEPT_ERROR, ADEPT_ERROR_BACKEND_CONSUMER_KEY))
        g_printerr ("adeptctl: %s\n", _("To replace it after all: token import FILE --force --yes-replace-token."));
      return status;
    }

  if (!options.json)
    printf ("%s\n\n", renewal ? _("Renewed the server token.") : _("Linked."));
  report = adeptctl_report_new (&options);
  adeptctl_report_add (report, "server", _("Server:"), adept_session_get_id (session));
  adeptctl_report_add (report, "kind", _("Kind:"), adept_session_get_kind_label (session));
  facts = adept_session_dup_facts (session);
  for (guint i = 0; i < facts->len; i++)
    {
      AdeptSessionFact *fact = g_ptr_array_index (facts, i);

      adeptctl_report_add (report, fact->name, fact->label, fact->value);
    }
  adeptctl_report_add_bool (report, "renewed", renewal);
  adeptctl_report_add (report, "token_name", _("Server name (file name):"),
                       adept_server_get_token_name (server));
  adeptctl_report_add (report, "server_fingerprint", _("Server fingerprint:"),
                       adept_server_get_server_fingerprint (server));
  adeptctl_report_add_expiry (report, adept_session_get_token_expiry (session));
  adeptctl_report_add (report, "base_url", _("DEP service:"), adept_session_get_base_url (session));
  adeptctl_report_print (report);
  return ADEPTCTL_EXIT_OK;
}

/* How the DEP service's certificate is checked: a pin, a CA file, or the system's CAs. */
static void
add_tls_trust (AdeptctlReport *report,
               AdeptServer    *server)
{
  g_autofree char *ca_file = adept_server_dup_tls_ca_file (server);
  g_autofree char *pin = adept_server_dup_tls_pin_sha256 (server);

  /* One word scripts can test: "pin", "ca-file" (and the system's) or "system". */
  adeptctl_report_add (report, "tls_trust", _("Certificate trust:"),
                       pin != NULL ? "pin" : ca_file != NULL ? "ca-file" : "system");
  adeptctl_report_add (report, "tls_pin_sha256", _("Pinned SHA-256:"), pin);
  adeptctl_report_add (report, "tls_ca_file", _("CA file:"), ca_file);
}

int
adeptctl_token_show (const AdeptctlOptions *global,
                     int                    argc,
                     char                 **argv)
{
  AdeptctlOptions options = *global;
  g_auto(GStrv) rest = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptSession) session = NULL;
  g_autoptr(GPtrArray) facts = NULL;
  AdeptServer *server;
  AdeptctlReport *report;

  if (!adeptctl_parse_args (&options, "token show", NULL, argc, argv, &rest))
    return ADEPTCTL_EXIT_USAGE;
  if (rest[0] != NULL)
    return adeptctl_usage_error (_("“token show” takes no file names."));

  /* The facts come from server.ini, but a server whose credentials left the keyring is
   * not linked in any useful sense: connecting loads them, or says so. */
  session = adeptctl_connect_session (&options, &error);
  if (session == NULL)
    return adeptctl_report_error (error);
  server = adept_session_get_server (session);

  report = adeptctl_report_new (&options);
  adeptctl_report_add (report, "server", _("Server:"), adept_session_get_id (session));
  adeptctl_report_add (report, "kind", _("Kind:"), adept_session_get_kind_label (session));
  facts = adept_session_dup_facts (session);
  for (guint i = 0; i < facts->len; i++)
    {
      AdeptSessionFact *fact = g_ptr_array_index (facts, i);

      adeptctl_report_add (report, fact->name, fact->label, fact->value);
    }
  adeptctl_report_add (report, "name", _("Name:"), adept_server_get_display_name (server));
  adeptctl_report_add (report, "server_uuid", _("Server UUID:"),
                       adept_server_get_account_fact (server, ADEPT_ACCOUNT_SERVER_UUID));
  adeptctl_report_add (report, "org_name", _("Organization:"),
                       adept_server_get_account_fact (server, ADEPT_ACCOUNT_ORG_NAME));
  adeptctl_report_add (report, "server_fingerprint", _("Server fingerprint:"),
                       adept_server_get_server_fingerprint (server));
  adeptctl_report_add_expiry (report, adept_session_get_token_expiry (session));
  adeptctl_report_add_time (report, "linked_at", _("Linked:"),
                            adept_server_get_linked_at (server));
  adeptctl_report_add_time (report, "renewed_at", _("Renewed:"),
                            adept_server_get_renewed_at (server));
  adeptctl_report_add (report, "base_url", _("DEP service:"), adept_session_get_base_url (session));
  adeptctl_report_add (report, "certificate_fingerprint", _("Certificate SHA-256:"),
                       adept_server_get_certificate_fingerprint (server));
  add_tls_trust (report, server);
  adeptctl_report_print (report);
  return ADEPTCTL_EXIT_OK;
}

int
adeptctl_server_trust (const AdeptctlOptions *global,
                       int                    argc,
                       char                 **argv)
{
  AdeptctlOptions options = *global;
  g_autofree char *ca_file = NULL;
  g_autofree char *pin = NULL;
  gboolean system = FALSE;
  const GOptionEntry entries[] = {
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &ca_file,
      N_("Trust the authorities in this PEM file besides the system’s"), N_("FILE") },
    { "pin-sha256", 0, 0, G_OPTION_ARG_STRING, &pin,
      N_("Trust only the certificate with this SHA-256 fingerprint"), N_("HASH") },
    { "system", 0, 0, G_OPTION_ARG_NONE, &system,
      N_("Trust the system’s authorities only (clears both)"), NULL },
    { NULL }
  };
  g_auto(GStrv) rest = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptSession) session = NULL;
  AdeptctlReport *report;

  if (!adeptctl_parse_args (&options, "server trust [--ca-file FILE] [--pin-sha256 HASH] [--system]",
                            entries, argc, argv, &rest))
    return ADEPTCTL_EXIT_USAGE;
  if (rest[0] != NULL)
    return adeptctl_usage_error (_("“server trust” takes no arguments besides its options."));
  if (system && (ca_file != NULL || pin != NULL))
    return adeptctl_usage_error (_("“--system” clears the CA file and the pin: give it alone."));

  session = adeptctl_open_session (&options, &error);
  if (session == NULL)
    return adeptctl_report_error (error);
  /* Without an option it shows what is set. */
  if ((system || ca_file != NULL || pin != NULL) &&
      !adept_session_set_tls_trust (session, ca_file, pin, &error))
    return adeptctl_report_error (error);

  report = adeptctl_report_new (&options);
  adeptctl_report_add (report, "server", _("Server:"), adept_session_get_id (session));
  adeptctl_report_add (report, "base_url", _("DEP service:"), adept_session_get_base_url (session));
  add_tls_trust (report, adept_session_get_server (session));
  adeptctl_report_print (report);
  return ADEPTCTL_EXIT_OK;
}

int
adeptctl_unlink (const AdeptctlOptions *global,
                 int                    argc,
                 char                 **argv)
{
  AdeptctlOptions options = *global;
  gboolean yes = FALSE;
  const GOptionEntry entries[] = {
    { "yes", 0, 0, G_OPTION_ARG_NONE, &yes,
      N_("Confirm: the private key and the credentials are deleted"), NULL },
    { NULL }
  };
  g_auto(GStrv) rest = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptSession) session = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *caution = NULL;

  if (!adeptctl_parse_args (&options, "unlink --yes", entries, argc, argv, &rest))
    return ADEPTCTL_EXIT_USAGE;
  if (rest[0] != NULL)
    return adeptctl_usage_error (_("“unlink” takes no file names."));
  if (!yes)
    return adeptctl_usage_error (_("Unlinking deletes this server’s private key and credentials here. Add --yes to confirm."));

  session = adeptctl_open_session (&options, &error);
  if (session == NULL)
    return adeptctl_report_error (error);
  /* Said before: the unlink takes the settings it is made from. */
  caution = adept_session_dup_caution (session, ADEPT_SESSION_CAUTION_UNLINK, NULL);
  adept_session_unlink_async (session, NULL, adeptctl_store_result, &result);
  if (!adept_session_unlink_finish (session, adeptctl_wait_for (&result), &error))
    return adeptctl_report_error (error);

  if (!options.json && caution != NULL)
    printf ("%s %s\n", _("Unlinked."), caution);
  else if (!options.json)
    printf ("%s\n", _("Unlinked: the keys, credentials, settings, devices and profiles of this server are gone from this computer; the audit log stays. In Apple Business Manager the MDM server still exists and its devices stay assigned to it; delete it or reassign the devices there."));
  else
    {
      AdeptctlReport *report = adeptctl_report_new (&options);

      adeptctl_report_add (report, "server", NULL, adept_session_get_id (session));
      adeptctl_report_add_bool (report, "unlinked", TRUE);
      adeptctl_report_print (report);
    }
  return ADEPTCTL_EXIT_OK;
}

int
adeptctl_server_export (const AdeptctlOptions *global,
                        int                    argc,
                        char                 **argv)
{
  AdeptctlOptions options = *global;
  g_autofree char *out = NULL;
  g_autofree char *passphrase_file = NULL;
  const GOptionEntry entries[] = {
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, N_("The file to write (PKCS#12)"), N_("FILE") },
    { "passphrase-file", 0, 0, G_OPTION_ARG_FILENAME, &passphrase_file, N_("The passphrase is the first line of this file (asked for when not given)"), N_("FILE") },
    { NULL }
  };
  g_auto(GStrv) rest = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptSession) session = NULL;
  g_autoptr(AdeptSecret) passphrase = NULL;
  int status = ADEPTCTL_EXIT_OK;

  if (!adeptctl_parse_args (&options, "server export --out FILE [--passphrase-file FILE]", entries, argc, argv, &rest))
    return ADEPTCTL_EXIT_USAGE;
  if (out == NULL || rest[0] != NULL)
    return adeptctl_usage_error (_("“server export” needs --out FILE and nothing else."));
  passphrase = adeptctl_get_passphrase (passphrase_file, passphrase_file == NULL, &status);
  if (passphrase == NULL)
    return status;
  if (g_utf8_strlen (passphrase, -1) < ADEPT_SECRET_BUNDLE_MIN_PASSPHRASE)
    return adeptctl_usage_error (adept_session_describe_weak_passphrase ());

  session = adeptctl_open_session (&options, &error);
  if (session == NULL || !adept_session_export_sync (session, out, passphrase, adeptctl_get_cancellable (), &error))
    return adeptctl_report_error (error);
  g_print (_("Wrote the key pair, the token and the bypass codes of “%s” to %s. Keep it and its passphrase apart; “adeptctl server import” on another computer continues with it.\n"),
           adept_session_get_id (session), out);
  return ADEPTCTL_EXIT_OK;
}

int
adeptctl_server_import (const AdeptctlOptions *global,
                        int                    argc,
                        char                 **argv)
{
  AdeptctlOptions options = *global;
  g_autofree char *passphrase_file = NULL;
  const GOptionEntry entries[] = {
    { "passphrase-file", 0, 0, G_OPTION_ARG_FILENAME, &passphrase_file, N_("The passphrase is the first line of this file (asked for when not given)"), N_("FILE") },
    { NULL }
  };
  g_auto(GStrv) rest = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptSession) session = NULL;
  g_autoptr(AdeptSecret) passphrase = NULL;
  int status = ADEPTCTL_EXIT_OK;

  if (!adeptctl_parse_args (&options, "server import FILE [--passphrase-file FILE]", entries, argc, argv, &rest))
    return ADEPTCTL_EXIT_USAGE;
  if (rest[0] == NULL || rest[1] != NULL)
    return adeptctl_usage_error (_("“server import” needs one file, made by “adeptctl server export”."));
  passphrase = adeptctl_get_passphrase (passphrase_file, FALSE, &status);
  if (passphrase == NULL)
    return status;

  session = adeptctl_open_session (&options, &error);
  if (session == NULL || !adept_session_import_sync (session, rest[0], passphrase, adeptctl_get_cancellable (), &error))
    return adeptctl_report_error (error);
  g_print (_("Linked “%s” from %s, with the key pair and token of the computer it came from.\n"),
           adept_session_get_id (session), rest[0]);
  return ADEPTCTL_EXIT_OK;
}
