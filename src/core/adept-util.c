/* adept-util.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-util"

#include "config.h"

#include "adept-util.h"

gboolean
adept_set_str (char       **str,
               const char  *new_str)
{
  if (g_strcmp0 (*str, new_str) == 0)
    return FALSE;
  g_free (*str);
  *str = g_strdup (new_str);
  return TRUE;
}

void
adept_sync_begin (AdeptSync *sync)
{
  sync->context = g_main_context_new ();
  sync->result = NULL;
  /* GTask and GDBus deliver to the thread-default context current when the call starts. */
  g_main_context_push_thread_default (sync->context);
}

void
adept_sync_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  AdeptSync *sync = user_data;

  sync->result = g_object_ref (result);
}

GAsyncResult *
adept_sync_wait (AdeptSync *sync)
{
  while (sync->result == NULL)
    g_main_context_iteration (sync->context, TRUE);
  return sync->result;
}

void
adept_sync_end (AdeptSync *sync)
{
  g_clear_object (&sync->result);
  g_main_context_pop_thread_default (sync->context);
  g_clear_pointer (&sync->context, g_main_context_unref);
}
