/* adeptctl-token.c — token inspect, token import, token show, unlink
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adeptctl"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "adept-store.h"
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
  g_autoptr(AdeptServer) server = NULL;
  g_autoptr(AdeptServerToken) token = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *token_name = NULL;
  AdeptctlReport *report;

  if (!adeptctl_parse_args (&options, "token inspect FILE", NULL, argc, argv, &rest))
    return ADEPTCTL_EXIT_USAGE;
  if (g_strv_length (rest) != 1)
    return adeptctl_usage_error (_("“token inspect” needs one token file."));

  server = adeptctl_open_server (&options, &error);
  if (server == NULL)
    return adeptctl_report_error (error);
  file = g_file_new_for_commandline_arg (rest[0]);
  token = adept_server_inspect_token_sync (server, file, NULL, &error);
  if (token == NULL)
    return adeptctl_report_error (error);

  token_name = guess_name (file);
  report = adeptctl_report_new (&options);
  adeptctl_report_add (report, "server", _("Decrypted with the key of:"),
                       adept_server_get_id (server));
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
  const GOptionEntry entries[] = {
    { "base-url", 0, 0, G_OPTION_ARG_STRING, &base_url,
      N_("The DEP service to use with this server (default " ADEPT_DEP_DEFAULT_BASE_URL ")"), N_("URL") },
    { NULL }
  };
  g_auto(GStrv) rest = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptServer) server = NULL;
  g_autoptr(AdeptServerToken) token = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *token_name = NULL;
  AdeptctlReport *report;
  gboolean renewal;

  if (!adeptctl_parse_args (&options, "token import FILE [--base-url URL]", entries,
                            argc, argv, &rest))
    return ADEPTCTL_EXIT_USAGE;
  if (g_strv_length (rest) != 1)
    return adeptctl_usage_error (_("“token import” needs one token file."));
  if (base_url == NULL && options.base_url != NULL)
    base_url = g_strdup (options.base_url);

  server = adeptctl_open_server (&options, &error);
  if (server == NULL)
    return adeptctl_report_error (error);
  file = g_file_new_for_commandline_arg (rest[0]);
  token = adept_server_inspect_token_sync (server, file, NULL, &error);
  /* Checked here too, so a bad token never changes the stored base URL. */
  if (token == NULL || !adept_server_token_check_expiry (token, now, &error))
    return adeptctl_report_error (error);
  if (base_url != NULL && !adept_server_set_base_url (server, base_url, &error))
    return adeptctl_report_error (error);

  renewal = adept_server_is_linked (server);
  token_name = guess_name (file);
  if (!adept_server_link_sync (server, token, token_name, NULL, NULL, &error))
    return adeptctl_report_error (error);

  if (!options.json)
    printf ("%s\n\n", renewal ? _("Renewed the server token. The credentials are in the keyring.")
                              : _("Linked. The credentials are in the keyring."));
  report = adeptctl_report_new (&options);
  adeptctl_report_add (report, "server", _("Server:"), adept_server_get_id (server));
  adeptctl_report_add_bool (report, "renewed", renewal);
  report_token (report, token, token_name);
  adeptctl_report_add (report, "base_url", _("DEP service:"), adept_server_get_base_url (server));
  adeptctl_report_print (report);
  return ADEPTCTL_EXIT_OK;
}

int
adeptctl_token_show (const AdeptctlOptions *global,
                     int                    argc,
                     char                 **argv)
{
  AdeptctlOptions options = *global;
  g_auto(GStrv) rest = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptServer) server = NULL;
  g_autoptr(AdeptServerToken) token = NULL;
  AdeptctlReport *report;

  if (!adeptctl_parse_args (&options, "token show", NULL, argc, argv, &rest))
    return ADEPTCTL_EXIT_USAGE;
  if (rest[0] != NULL)
    return adeptctl_usage_error (_("“token show” takes no file names."));

  server = adeptctl_open_server (&options, &error);
  if (server == NULL)
    return adeptctl_report_error (error);

  /* The facts come from server.ini, but a server whose credentials left the keyring is
   * not linked in any useful sense: say so. */
  token = adept_server_load_token_sync (server, NULL, &error);
  if (token == NULL)
    return adeptctl_report_error (error);

  report = adeptctl_report_new (&options);
  adeptctl_report_add (report, "server", _("Server:"), adept_server_get_id (server));
  adeptctl_report_add (report, "name", _("Name:"), adept_server_get_display_name (server));
  adeptctl_report_add (report, "server_uuid", _("Server UUID:"),
                       adept_server_get_account_fact (server, ADEPT_ACCOUNT_SERVER_UUID));
  adeptctl_report_add (report, "org_name", _("Organisation:"),
                       adept_server_get_account_fact (server, ADEPT_ACCOUNT_ORG_NAME));
  adeptctl_report_add (report, "server_fingerprint", _("Server fingerprint:"),
                       adept_server_get_server_fingerprint (server));
  adeptctl_report_add_expiry (report, adept_server_token_get_expiry (token));
  adeptctl_report_add_time (report, "linked_at", _("Linked:"),
                            adept_server_get_linked_at (server));
  adeptctl_report_add_time (report, "renewed_at", _("Renewed:"),
                            adept_server_get_renewed_at (server));
  adeptctl_report_add (report, "base_url", _("DEP service:"), adept_server_get_base_url (server));
  adeptctl_report_add (report, "certificate_fingerprint", _("Certificate SHA-256:"),
                       adept_server_get_certificate_fingerprint (server));
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
  g_autoptr(AdeptServer) server = NULL;
  g_autoptr(AdeptStore) store = NULL;

  if (!adeptctl_parse_args (&options, "unlink --yes", entries, argc, argv, &rest))
    return ADEPTCTL_EXIT_USAGE;
  if (rest[0] != NULL)
    return adeptctl_usage_error (_("“unlink” takes no file names."));
  if (!yes)
    return adeptctl_usage_error (_("Unlinking deletes this server’s private key and credentials here. Add --yes to confirm."));

  server = adeptctl_open_server (&options, &error);
  if (server == NULL)
    return adeptctl_report_error (error);

  if (!adept_server_unlink_sync (server, NULL, &error))
    return adeptctl_report_error (error);
  /* The secrets go first: local rows without credentials are harmless, and a second
   * "unlink" clears them if this step fails. */
  store = adept_store_open (&error);
  if (store == NULL || !adept_store_delete_server (store, adept_server_get_id (server), &error))
    return adeptctl_report_error (error);

  if (!options.json)
    printf ("%s\n", _("Unlinked: the keys, credentials, settings, devices and profiles of this server are gone from this computer; the audit log stays. In Apple Business Manager the MDM server still exists and its devices stay assigned to it; delete it or reassign the devices there."));
  else
    {
      AdeptctlReport *report = adeptctl_report_new (&options);

      adeptctl_report_add (report, "server", NULL, adept_server_get_id (server));
      adeptctl_report_add_bool (report, "unlinked", TRUE);
      adeptctl_report_print (report);
    }
  return ADEPTCTL_EXIT_OK;
}
