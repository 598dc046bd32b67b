/* adept-status-chart.h — device counts per DEP Profile Status: a stacked bar with a legend
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "adept-device.h"

G_BEGIN_DECLS

/* Statuses the chart knows: the four of Apple plus UNKNOWN ("Other"). */
#define ADEPT_STATUS_CHART_N_STATUSES (ADEPT_PROFILE_STATUS_UNKNOWN + 1)

/* The bar shows each status's share in its colour (CSS classes .status-empty,
 * .status-assigned…), the legend names each status with its count. When interactive,
 * clicking a part of the bar or a legend entry selects that status, and clicking it
 * again clears the selection; the legend entries are toggle buttons, so the chart works
 * from the keyboard. The action "chart.select" (int32 status) does the same. */
#define ADEPT_TYPE_STATUS_CHART (adept_status_chart_get_type ())
G_DECLARE_FINAL_TYPE (AdeptStatusChart, adept_status_chart, ADEPT, STATUS_CHART, GtkWidget)

GtkWidget *adept_status_chart_new             (void);

void       adept_status_chart_set_count       (AdeptStatusChart   *self,
                                               AdeptProfileStatus  status,
                                               guint               count);
guint      adept_status_chart_get_count       (AdeptStatusChart   *self,
                                               AdeptProfileStatus  status);
guint      adept_status_chart_get_total       (AdeptStatusChart   *self);

/* The selected status, or -1 for none. */
int        adept_status_chart_get_selected    (AdeptStatusChart   *self);
void       adept_status_chart_set_selected    (AdeptStatusChart   *self,
                                               int                 status);

gboolean   adept_status_chart_get_interactive (AdeptStatusChart   *self);
void       adept_status_chart_set_interactive (AdeptStatusChart   *self,
                                               gboolean            interactive);

/* The part of the bar at x (widget coordinates), or -1; for tests and tooltips. */
int        adept_status_chart_get_status_at   (AdeptStatusChart   *self,
                                               double              x,
                                               double              y);

G_END_DECLS
