/* adept-list-pill.h — the status pill of a Devices list row, cheap to show by the hundred
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "adept-device.h"

G_BEGIN_DECLS

/* Looks and speaks like adept_status_pill_new()'s label (CSS class status-pill and the
 * status's class; accessible label "DEP profile status: Pushed" and the status's
 * meaning), but every pill of one status and font shares one laid-out text: the ~200
 * rows a list keeps alive neither lay out their pill when made nor again when a search
 * gives the row another device. */
#define ADEPT_TYPE_LIST_PILL (adept_list_pill_get_type ())
G_DECLARE_FINAL_TYPE (AdeptListPill, adept_list_pill, ADEPT, LIST_PILL, GtkWidget)

GtkWidget          *adept_list_pill_new        (void);
void                adept_list_pill_set_status (AdeptListPill      *self,
                                                AdeptProfileStatus  status);
AdeptProfileStatus  adept_list_pill_get_status (AdeptListPill      *self);
/* What the pill shows ("Pushed"). */
const char         *adept_list_pill_get_text   (AdeptListPill      *self);

G_END_DECLS
