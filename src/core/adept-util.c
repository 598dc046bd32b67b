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
