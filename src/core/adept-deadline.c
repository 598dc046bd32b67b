/* adept-deadline.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-deadline"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "adept-deadline.h"
#include "adept-error.h"

static gboolean
deadline_passed (gpointer user_data)
{
  AdeptDeadline *deadline = user_data;

  g_debug ("no whole answer within %u s", deadline->seconds);
  deadline->passed = TRUE;
  g_clear_pointer (&deadline->source, g_source_unref);
  g_cancellable_cancel (deadline->cancellable);
  return G_SOURCE_REMOVE;
}

static void
caller_cancelled (GCancellable *caller,
                  GCancellable *own)
{
  g_cancellable_cancel (own);
}

void
adept_deadline_start (AdeptDeadline *deadline,
                      guint          seconds,
                      GCancellable  *caller)
{
  g_autoptr(GMainContext) context = g_main_context_ref_thread_default ();

  g_return_if_fail (seconds > 0);

  deadline->seconds = seconds;
  deadline->passed = FALSE;
  deadline->cancellable = g_cancellable_new ();
  if (caller != NULL)
    {
      deadline->caller = g_object_ref (caller);
      deadline->caller_handler = g_cancellable_connect (caller, G_CALLBACK (caller_cancelled),
                                                        deadline->cancellable, NULL);
    }
  deadline->source = g_timeout_source_new_seconds (seconds);
  g_source_set_callback (deadline->source, deadline_passed, deadline, NULL);
  g_source_attach (deadline->source, context);
}

void
adept_deadline_clear (AdeptDeadline *deadline)
{
  if (deadline->source != NULL)
    {
      g_source_destroy (deadline->source);
      g_clear_pointer (&deadline->source, g_source_unref);
    }
  if (deadline->caller != NULL)
    {
      g_cancellable_disconnect (deadline->caller, deadline->caller_handler);
      deadline->caller_handler = 0;
      g_clear_object (&deadline->caller);
    }
  g_clear_object (&deadline->cancellable);
}

void
adept_deadline_explain (AdeptDeadline  *deadline,
                        const char     *url,
                        GError        **error)
{
  if (error == NULL || *error == NULL || !deadline->passed ||
      !g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_cancellable_is_cancelled (deadline->caller))
    return;
  g_clear_error (error);
  g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_NETWORK,
               g_dngettext (GETTEXT_PACKAGE,
                            "The server at %s stopped answering: no whole answer came within %u second. Try again later; if it keeps happening, check the network and the server.",
                            "The server at %s stopped answering: no whole answer came within %u seconds. Try again later; if it keeps happening, check the network and the server.",
                            deadline->seconds),
               url, deadline->seconds);
}
