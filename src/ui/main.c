/* main.c — the Adept console
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "adept-application.h"
#include "adept-process.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(AdeptApplication) app = NULL;

  adept_process_harden (ADEPT_PROCESS_CONSOLE);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = adept_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
