/* adept-deadline.h — the time a whole API call may take, retries and waits included: the
 * mechanism every HTTP client of Adept shares (issue 16 defect 6)
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* What a call may take unless its client was told otherwise. A server that trickles a byte
 * now and then never trips the I/O timeout, and held a sync (and its lock) for ten minutes. */
#define ADEPT_DEADLINE_DEFAULT_SECONDS 120

/* The call runs with cancellable: the caller's cancellable cancels it, so does the deadline
 * passing (passed is then TRUE), and so may the client for reasons of its own. */
typedef struct {
  GCancellable *cancellable;
  GCancellable *caller;
  gulong        caller_handler;
  GSource      *source;
  guint         seconds;
  gboolean      passed;
} AdeptDeadline;

/* Starts the clock in the thread-default main context (where the call's task runs). */
void     adept_deadline_start   (AdeptDeadline  *deadline,
                                 guint           seconds,
                                 GCancellable   *caller);
/* Stops the clock and lets go of both cancellables. */
void     adept_deadline_clear   (AdeptDeadline  *deadline);
/* A cancellation the deadline caused (not the caller) becomes ADEPT_ERROR_NETWORK saying
 * the server at url stopped answering; any other error stays as it is. */
void     adept_deadline_explain (AdeptDeadline  *deadline,
                                 const char     *url,
                                 GError        **error);

G_END_DECLS
