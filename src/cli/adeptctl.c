/* adeptctl.c — Adept's command line: the console's operations, headless
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adeptctl"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>

#include "adept-context.h"
#include "adept-error.h"
#include "adeptctl.h"

static const AdeptctlVerb verbs[] = {
  { NULL, NULL, NULL, NULL },
};

int
adeptctl_report_error (const GError *error)
{
  g_printerr ("adeptctl: %s\n", error->message);

  if (error->domain != ADEPT_ERROR)
    return ADEPTCTL_EXIT_FAILED;

  switch ((AdeptErrorCode) error->code)
    {
    case ADEPT_ERROR_NOT_LINKED:
    case ADEPT_ERROR_NO_KEY:
      return ADEPTCTL_EXIT_NOT_LINKED;
    case ADEPT_ERROR_TOKEN_NOT_A_TOKEN:
    case ADEPT_ERROR_TOKEN_DAMAGED:
    case ADEPT_ERROR_TOKEN_WRONG_KEY:
    case ADEPT_ERROR_TOKEN_INCOMPLETE:
    case ADEPT_ERROR_TOKEN_EXPIRED:
    case ADEPT_ERROR_TOKEN_OTHER_SERVER:
    case ADEPT_ERROR_KEY_INVALID:
    case ADEPT_ERROR_CERT_INVALID:
    case ADEPT_ERROR_CERT_KEY_MISMATCH:
    case ADEPT_ERROR_VALIDATION:
    case ADEPT_ERROR_FILE:
      return ADEPTCTL_EXIT_BAD_INPUT;
    case ADEPT_ERROR_TERMS_NOT_SIGNED:
    case ADEPT_ERROR_ACCESS_DENIED:
    case ADEPT_ERROR_TOKEN_REJECTED:
    case ADEPT_ERROR_AUTH_FAILED:
      return ADEPTCTL_EXIT_AUTH;
    case ADEPT_ERROR_NETWORK:
    case ADEPT_ERROR_TLS:
    case ADEPT_ERROR_SERVER_ERROR:
      return ADEPTCTL_EXIT_NETWORK;
    case ADEPT_ERROR_KEYRING_UNAVAILABLE:
    case ADEPT_ERROR_KEYRING_LOCKED:
      return ADEPTCTL_EXIT_KEYRING;
    case ADEPT_ERROR_SYNC_BUSY:
    case ADEPT_ERROR_STORE_LOCKED:
      return ADEPTCTL_EXIT_BUSY;
    default:
      return ADEPTCTL_EXIT_FAILED;
    }
}

static void
print_usage (FILE *out)
{
  fprintf (out, "%s\n\n", _("Usage: adeptctl [--server NAME] [--base-url URL] [--json] VERB [ARGS…]"));
  fprintf (out, "%s\n", _("Verbs:"));
  for (guint i = 0; verbs[i].name != NULL; i++)
    {
      g_autofree char *full = verbs[i].group
        ? g_strdup_printf ("%s %s", verbs[i].group, verbs[i].name)
        : g_strdup (verbs[i].name);
      fprintf (out, "  %-22s %s\n", full, _(verbs[i].summary));
    }
  fprintf (out, "\n%s\n", _("Exit codes: 0 success, 1 failure, 2 usage, 3 not linked, 4 bad input,\n"
                            "5 refused by Apple, 6 network, 7 keyring, 8 busy."));
}

static const AdeptctlVerb *
find_verb (int    argc,
           char **argv,
           int   *consumed)
{
  for (guint i = 0; verbs[i].name != NULL; i++)
    {
      if (verbs[i].group == NULL)
        {
          if (argc >= 1 && g_str_equal (argv[0], verbs[i].name))
            {
              *consumed = 1;
              return &verbs[i];
            }
        }
      else if (argc >= 2 && g_str_equal (argv[0], verbs[i].group) &&
               g_str_equal (argv[1], verbs[i].name))
        {
          *consumed = 2;
          return &verbs[i];
        }
    }
  return NULL;
}

int
main (int    argc,
      char **argv)
{
  AdeptctlOptions options = { ADEPT_SERVER_DEFAULT, NULL, FALSE };
  const AdeptctlVerb *verb;
  int i = 1;
  int consumed = 0;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Global options come before the verb so verbs can parse their own freely. */
  while (i < argc && argv[i][0] == '-')
    {
      if (g_str_equal (argv[i], "--help") || g_str_equal (argv[i], "-h"))
        {
          print_usage (stdout);
          return ADEPTCTL_EXIT_OK;
        }
      else if (g_str_equal (argv[i], "--version"))
        {
          printf ("adeptctl %s\n", PACKAGE_VERSION);
          return ADEPTCTL_EXIT_OK;
        }
      else if (g_str_equal (argv[i], "--json"))
        options.json = TRUE;
      else if (g_str_equal (argv[i], "--server") && i + 1 < argc)
        options.server_id = argv[++i];
      else if (g_str_equal (argv[i], "--base-url") && i + 1 < argc)
        options.base_url = argv[++i];
      else if (g_str_equal (argv[i], "--demo"))
        adept_context_set_namespace (ADEPT_NAMESPACE_DEMO);
      else
        {
          g_printerr ("adeptctl: %s\n", _("Unknown option. See “adeptctl --help”."));
          return ADEPTCTL_EXIT_USAGE;
        }
      i++;
    }

  if (!adept_context_is_valid_server_id (options.server_id))
    {
      g_printerr ("adeptctl: %s\n", _("A server name uses lowercase letters, digits, “.”, “_” and “-”."));
      return ADEPTCTL_EXIT_USAGE;
    }

  verb = find_verb (argc - i, argv + i, &consumed);
  if (verb == NULL)
    {
      print_usage (stderr);
      return ADEPTCTL_EXIT_USAGE;
    }

  return verb->func (&options, argc - i - consumed, argv + i + consumed);
}
