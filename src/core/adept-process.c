/* adept-process.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-process"

#include "config.h"

#include <errno.h>
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
