/* adeptctl-key.c — key generate, key export, key import
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adeptctl"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "adept-error.h"
#include "adept-input.h"
#include "adept-secret.h"
#include "adeptctl.h"

static void
report_key_pair (const AdeptctlOptions *options,
                 AdeptServer           *server,
                 AdeptKeyPair          *key_pair,
                 const char            *what)
{
  AdeptctlReport *report = adeptctl_report_new (options);
  g_autofree char *fingerprint = adept_key_pair_dup_fingerprint (key_pair);
  g_autofree char *common_name = adept_key_pair_dup_common_name (key_pair);

  if (!options->json)
    printf ("%s\n\n", what);
  adeptctl_report_add (report, "server", _("Server:"), adept_server_get_id (server));
  adeptctl_report_add (report, "common_name", _("Common name:"), common_name);
  adeptctl_report_add (report, "certificate_fingerprint", _("Certificate SHA-256:"), fingerprint);
  adeptctl_report_add_time (report, "not_after", _("Certificate valid until:"),
                            adept_key_pair_get_not_after (key_pair));
  adeptctl_report_add_bool (report, "linked", adept_server_is_linked (server));
  adeptctl_report_print (report);
}

static void
print_next_step (const AdeptctlOptions *options)
{
  if (options->json)
    return;
  printf ("\n%s\n", _("Next: “adeptctl key export --out adept.pem”, then upload adept.pem to the MDM server in Apple Business Manager and download its server token."));
}

static void
warn_if_linked (AdeptServer *server)
{
  if (adept_server_is_linked (server))
    g_printerr ("adeptctl: %s\n",
                _("This server is linked: upload the new public key to the MDM server in Apple Business Manager before you renew its token, or the new token cannot be decrypted."));
}

int
adeptctl_key_generate (const AdeptctlOptions *global,
                       int                    argc,
                       char                 **argv)
{
  AdeptctlOptions options = *global;
  g_autofree char *common_name = NULL;
  gboolean force = FALSE;
  const GOptionEntry entries[] = {
    /* The default is spelled out: a macro inside the string would hide it from xgettext. */
    { "cn", 0, 0, G_OPTION_ARG_STRING, &common_name,
      N_("Common name of the certificate (default “Adept DEP”)"), N_("NAME") },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force,
      N_("Replace an existing key pair"), NULL },
    { NULL }
  };
  g_auto(GStrv) rest = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptDirectSession) session = NULL;
  g_autoptr(AdeptKeyPair) key_pair = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  AdeptServer *server;
  gboolean existed;

  if (!adeptctl_parse_args (&options, "key generate [--cn NAME] [--force]", entries,
                            argc, argv, &rest))
    return ADEPTCTL_EXIT_USAGE;
  if (rest[0] != NULL)
    return adeptctl_usage_error (_("“key generate” takes no file names."));

  session = adeptctl_open_direct_session (&options, &error);
  if (session == NULL)
    return adeptctl_report_error (error);
  server = adept_session_get_server (ADEPT_SESSION (session));
  existed = adept_server_has_key_pair (server);

  adept_direct_session_ensure_key_pair_async (session, common_name,
                                              force ? ADEPT_SERVER_KEY_REPLACE
                                                    : ADEPT_SERVER_KEY_NONE,
                                              NULL, adeptctl_store_result, &result);
  key_pair = adept_direct_session_ensure_key_pair_finish (session, adeptctl_wait_for (&result),
                                                          &error);
  if (key_pair == NULL)
    return adeptctl_report_error (error);

  if (existed && !force)
    {
      g_printerr ("adeptctl: %s\n",
                  _("This server already has a key pair; it was kept. Use --force to replace it."));
      report_key_pair (&options, server, key_pair, _("Existing key pair:"));
      return ADEPTCTL_EXIT_OK;
    }

  report_key_pair (&options, server, key_pair,
                   _("Generated a new key pair. The private key is in the keyring."));
  if (force)
    warn_if_linked (server);
  print_next_step (&options);
  return ADEPTCTL_EXIT_OK;
}

/* A kind whose server keeps the key (NanoDEP): each export is a new key there, so what it
 * undoes is said first, and a download not used yet is replaced only with --force. */
static char *
download_public_key (AdeptSession  *session,
                     gboolean       force,
                     GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *caution = NULL;
  gboolean confirm = FALSE;

  caution = adept_session_dup_caution (session, ADEPT_SESSION_CAUTION_KEY, &confirm);
  if (caution != NULL)
    adeptctl_print_notice (caution);
  if (confirm && !force)
    {
      g_set_error_literal (error, ADEPT_ERROR, ADEPT_ERROR_FAILED,
                           _("Nothing was downloaded. Add --force to download a new public key anyway."));
      return NULL;
    }
  adept_session_dup_public_key_async (session, NULL, adeptctl_store_result, &result);
  return adept_session_dup_public_key_finish (session, adeptctl_wait_for (&result), error);
}

int
adeptctl_key_export (const AdeptctlOptions *global,
                     int                    argc,
                     char                 **argv)
{
  AdeptctlOptions options = *global;
  g_autofree char *out = NULL;
  gboolean force = FALSE;
  const GOptionEntry entries[] = {
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out,
      N_("Write the certificate to FILE instead of standard output"), N_("FILE") },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force,
      N_("Through NanoDEP: download a new key even though the last one downloaded here was not used yet"), NULL },
    { NULL }
  };
  g_auto(GStrv) rest = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptSession) session = NULL;
  g_autofree char *pem = NULL;
  g_autofree char *fingerprint = NULL;
  AdeptServer *server;

  if (!adeptctl_parse_args (&options, "key export [--out FILE] [--force]", entries, argc, argv, &rest))
    return ADEPTCTL_EXIT_USAGE;
  if (rest[0] != NULL)
    return adeptctl_usage_error (_("“key export” takes no file names; use --out FILE."));

  session = adeptctl_open_session (&options, &error);
  if (session == NULL)
    return adeptctl_report_error (error);
  server = adept_session_get_server (session);
  /* Exporting makes no key here: "key generate" does, on purpose. A server that keeps the
   * key itself makes one for each download. */
  if (ADEPT_IS_DIRECT_SESSION (session))
    {
      pem = adept_server_dup_certificate_pem (server, &error);
      fingerprint = g_strdup (adept_server_get_certificate_fingerprint (server));
    }
  else if ((pem = download_public_key (session, force, &error)) != NULL)
    {
      g_autoptr(GPtrArray) facts = adept_session_dup_facts (session);

      for (guint i = 0; i < facts->len; i++)
        if (g_str_equal (((AdeptSessionFact *) g_ptr_array_index (facts, i))->name, "key_fingerprint"))
          fingerprint = g_strdup (((AdeptSessionFact *) g_ptr_array_index (facts, i))->value);
    }
  if (pem == NULL)
    return adeptctl_report_error (error);

  if (out != NULL)
    {
      g_autoptr(GError) local_error = NULL;

      /* A public certificate: ordinary permissions are right. */
      if (!g_file_set_contents (out, pem, -1, &local_error))
        {
          g_set_error (&error, ADEPT_ERROR, ADEPT_ERROR_FILE,
                       _("The public key could not be written: %s."), local_error->message);
          return adeptctl_report_error (error);
        }
    }

  if (options.json)
    {
      AdeptctlReport *report = adeptctl_report_new (&options);

      adeptctl_report_add (report, "server", NULL, adept_server_get_id (server));
      adeptctl_report_add (report, "certificate_fingerprint", NULL, fingerprint);
      adeptctl_report_add (report, "path", NULL, out);
      if (out == NULL)
        adeptctl_report_add (report, "certificate_pem", NULL, pem);
      adeptctl_report_print (report);
    }
  else if (out == NULL)
    fputs (pem, stdout);
  else
    g_printerr (_("Wrote the public key to %s. Upload it to the MDM server in Apple Business Manager.\n"), out);
  return ADEPTCTL_EXIT_OK;
}

/* The file's text, NUL-terminated: private keys in secret memory, freed alike by
 * adept_secret_free(). */
static char *
read_input_file (const char      *path,
                 AdeptInputKind   kind,
                 GError         **error)
{
  g_autoptr(GBytes) bytes = adept_input_read_file (path, kind, error);

  if (bytes == NULL)
    return NULL;
  if (kind == ADEPT_INPUT_PRIVATE_KEY)
    return adept_secret_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

int
adeptctl_key_import (const AdeptctlOptions *global,
                     int                    argc,
                     char                 **argv)
{
  AdeptctlOptions options = *global;
  gboolean force = FALSE;
  const GOptionEntry entries[] = {
    { "force", 0, 0, G_OPTION_ARG_NONE, &force,
      N_("Replace the key pair of a linked server"), NULL },
    { NULL }
  };
  g_auto(GStrv) rest = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptDirectSession) session = NULL;
  g_autoptr(AdeptKeyPair) key_pair = NULL;
  g_autoptr(AdeptSecret) key_pem = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *cert_pem = NULL;
  AdeptServer *server;

  if (!adeptctl_parse_args (&options, "key import KEY.pem CERT.pem [--force]", entries,
                            argc, argv, &rest))
    return ADEPTCTL_EXIT_USAGE;
  if (g_strv_length (rest) != 2)
    return adeptctl_usage_error (_("“key import” needs the key file and the certificate file."));

  session = adeptctl_open_direct_session (&options, &error);
  if (session == NULL)
    return adeptctl_report_error (error);
  server = adept_session_get_server (ADEPT_SESSION (session));
  if (!force && adept_server_is_linked (server) && adept_server_has_key_pair (server))
    {
      g_printerr ("adeptctl: %s\n",
                  _("This server is linked and already has a key pair. Use --force to replace it, then upload the new public key to Apple Business Manager before you renew the token."));
      return ADEPTCTL_EXIT_BAD_INPUT;
    }
  key_pem = read_input_file (rest[0], ADEPT_INPUT_PRIVATE_KEY, &error);
  if (key_pem != NULL)
    cert_pem = read_input_file (rest[1], ADEPT_INPUT_CERTIFICATE, &error);
  if (error != NULL)
    return adeptctl_report_error (error);

  adept_direct_session_import_key_pair_async (session, key_pem, cert_pem,
                                              force ? ADEPT_SERVER_KEY_REPLACE
                                                    : ADEPT_SERVER_KEY_NONE,
                                              NULL, adeptctl_store_result, &result);
  key_pair = adept_direct_session_import_key_pair_finish (session, adeptctl_wait_for (&result),
                                                          &error);
  if (key_pair == NULL)
    return adeptctl_report_error (error);

  report_key_pair (&options, server, key_pair,
                   _("Imported the key pair. The private key is in the keyring."));
  if (force)
    warn_if_linked (server);
  return ADEPTCTL_EXIT_OK;
}
