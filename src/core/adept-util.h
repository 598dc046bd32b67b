/* adept-util.h — small helpers GLib 2.74 lacks
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Like g_set_str() of GLib 2.76: replaces *str by a copy of new_str, TRUE if it changed. */
gboolean adept_set_str (char       **str,
                        const char  *new_str);

G_END_DECLS
