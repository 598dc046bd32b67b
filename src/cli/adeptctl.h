/* adeptctl.h — shared bits of the command-line verbs
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit codes scripts can rely on (documented in `adeptctl --help`). */
typedef enum {
  ADEPTCTL_EXIT_OK = 0,
  ADEPTCTL_EXIT_FAILED = 1,
  ADEPTCTL_EXIT_USAGE = 2,
  ADEPTCTL_EXIT_NOT_LINKED = 3,
  ADEPTCTL_EXIT_BAD_INPUT = 4,
  ADEPTCTL_EXIT_AUTH = 5,
  ADEPTCTL_EXIT_NETWORK = 6,
  ADEPTCTL_EXIT_KEYRING = 7,
  ADEPTCTL_EXIT_BUSY = 8,
} AdeptctlExit;

/* Global options, parsed before the verb. */
typedef struct {
  const char *server_id;
  const char *base_url;
  gboolean    json;
} AdeptctlOptions;

typedef int (*AdeptctlVerbFunc) (const AdeptctlOptions *options,
                                 int                    argc,
                                 char                 **argv);

typedef struct {
  const char       *group;   /* "key", "token"… or NULL for a one-word verb */
  const char       *name;
  const char       *summary;
  AdeptctlVerbFunc  func;
} AdeptctlVerb;

/* Prints "adeptctl: <message>" on stderr and returns the exit code that fits the error. */
int adeptctl_report_error (const GError *error);

G_END_DECLS
