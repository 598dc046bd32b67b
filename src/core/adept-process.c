/* adept-process.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-process"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <locale.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include "adept-process.h"

void
adept_process_harden (AdeptProcessKind kind)
{
  /* Hard limit too, so nothing later in the process raises it again. */
  struct rlimit none = { 0, 0 };

  if (setrlimit (RLIMIT_CORE, &none) != 0)
    g_warning ("Could not turn core files off: %s", g_strerror (errno));
  if (kind == ADEPT_PROCESS_TOOL && prctl (PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
    g_warning ("Could not make the process non-dumpable: %s", g_strerror (errno));
}

void
adept_process_init_locale (void)
{
  const char *localedir = g_getenv ("ADEPT_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && *localedir != '\0' ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}
