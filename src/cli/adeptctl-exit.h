/* adeptctl-exit.h — adeptctl's exit statuses, each with one meaning, and which error gives
 * which
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit statuses scripts can rely on, documented in `adeptctl --help`, adeptctl(1) and the
 * README (tests check all three). A new one goes at the end, with its row in each. */
typedef enum {
  ADEPTCTL_EXIT_OK = 0,
  ADEPTCTL_EXIT_FAILED = 1,          /* a failure no status below covers */
  ADEPTCTL_EXIT_USAGE = 2,
  ADEPTCTL_EXIT_NOT_LINKED = 3,
  ADEPTCTL_EXIT_BAD_INPUT = 4,       /* a file or value given is refused */
  ADEPTCTL_EXIT_AUTH = 5,            /* refused by Apple or the MDM backend */
  ADEPTCTL_EXIT_NETWORK = 6,
  ADEPTCTL_EXIT_KEYRING = 7,
  ADEPTCTL_EXIT_BUSY = 8,
  ADEPTCTL_EXIT_TOKEN_EXPIRED = 9,   /* renew: a new token from Apple Business Manager */
  ADEPTCTL_EXIT_THROTTLED = 10,      /* Apple asked to wait: try again later */
  ADEPTCTL_EXIT_INTERRUPTED = 11,    /* SIGTERM or SIGINT: stopped at a safe point */
  ADEPTCTL_EXIT_STORE_DAMAGED = 12,  /* the local database cannot be used as it is */
  ADEPTCTL_EXIT_CANNOT_WRITE = 13,   /* the data folder is read-only, or the disk full */
} AdeptctlExit;

typedef struct {
  AdeptctlExit  status;
  const char   *name;     /* untranslated short name, as --help and the README show it */
  const char   *meaning;  /* translatable (N_), for --help */
} AdeptctlExitInfo;

/* Every status, in order; the last element has name NULL. */
extern const AdeptctlExitInfo adeptctl_exit_statuses[];

/* The status an error gives: every ADEPT_ERROR code deliberately (adeptctl-exit.c), a
 * cancelled operation ADEPTCTL_EXIT_INTERRUPTED, anything else ADEPTCTL_EXIT_FAILED. */
int adeptctl_exit_for_error (const GError *error);

G_END_DECLS
