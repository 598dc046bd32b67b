/* main.c — the Adept console
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept"

#include "config.h"

#include "adept-application.h"
#include "adept-process.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(AdeptApplication) app = NULL;

  adept_process_harden (ADEPT_PROCESS_CONSOLE);
  adept_process_init_locale ();

  adept_application_prepare_display ();
  app = adept_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
