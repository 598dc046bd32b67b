/* adept-process.h — what each Adept program does first to keep secrets out of core files
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  /* adeptctl and adept-depsim: not dumpable at all (no core file, no ptrace by others of
   * the same user, /proc/PID private). */
  ADEPT_PROCESS_TOOL,
  /* The console: a non-dumpable process is refused by the desktop portal (it cannot
   * check who is calling), so only core files are turned off (RLIMIT_CORE 0), and secret
   * buffers are kept out of dumps (adept-secret.h) for the tools that ignore the limit. */
  ADEPT_PROCESS_CONSOLE,
} AdeptProcessKind;

/* Call first thing in main(). Failures are logged, never fatal. */
void adept_process_harden (AdeptProcessKind kind);

/* Sets the locale from the environment and binds Adept's messages (UTF-8): those installed
 * in LOCALEDIR, or those under $ADEPT_LOCALEDIR when it is set (`meson devenv` and the tests
 * point it at the build tree's po folder). */
void adept_process_init_locale (void);

G_END_DECLS
