/* fuzz-util.h — what every libFuzzer target of Adept shares
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

int LLVMFuzzerInitialize   (int           *argc,
                            char        ***argv);
int LLVMFuzzerTestOneInput (const guint8  *data,
                            size_t         size);

static void
fuzz_drop_log (const char     *log_domain,
               GLogLevelFlags  log_level,
               const char     *message,
               gpointer        user_data)
{
}

/* Millions of inputs each log a debug line or a warning about bad data: silence them
 * (a crash or a sanitizer report is what a finding is). */
static inline void
fuzz_quiet_logs (void)
{
  g_log_set_default_handler (fuzz_drop_log, NULL);
}
