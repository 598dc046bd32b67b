/* adept-ui-util.h — small formatting helpers shared by the console's widgets
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "adept-util.h"

G_BEGIN_DECLS

/* Whole days from now until when, rounded down; negative once past. */
int   adept_days_until         (GDateTime *when,
                                GDateTime *now);
/* "25 November 2026 (362 days left)", "… (expires today)", "… (expired)". */
char *adept_format_expiry      (GDateTime *expiry,
                                GDateTime *now);

/* The first file of a drop value (a GFile or a GdkFileList), or NULL. */
GFile *adept_file_from_drop_value (const GValue *value);

/* Revealers holding wrapping labels are kept invisible while concealed: GTK 4.8 otherwise
 * allocates their child at width 0 in narrow windows. */
void   adept_revealer_init_hiding (GtkRevealer *revealer);
void   adept_revealer_set_shown   (GtkRevealer *revealer,
                                   gboolean     shown);

G_END_DECLS
