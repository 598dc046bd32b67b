/* adept-status-chart.h — device counts per category (DEP Profile Status, facets): a
 * stacked bar with a legend of toggles
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "adept-device-category.h"
#include "adept-device.h"

G_BEGIN_DECLS

/* Statuses the chart knows: the four of Apple plus UNKNOWN ("Other"). */
#define ADEPT_STATUS_CHART_N_STATUSES (ADEPT_PROFILE_STATUS_UNKNOWN + 1)

/* What the counts are of, said above the bar. */
typedef enum {
  ADEPT_STATUS_CHART_SCOPE_ALL,        /* "Of all 3,005 devices" */
  ADEPT_STATUS_CHART_SCOPE_MATCHING,   /* "Of 1,204 devices matching the search and filters" */
  ADEPT_STATUS_CHART_SCOPE_SELECTED,   /* "Of 25 selected devices" */
} AdeptStatusChartScope;

/* The chart draws categories (adept-device-category.h), by default every category of the
 * Devices page (adept_device_categories_get()): the statuses are the parts of the bar,
 * each in its colour (the category's CSS class) and adding up to the total; facets are
 * counted apart, after them in the legend. Positions ("index") are the order of the
 * categories, so with the default ones a status's index is its AdeptProfileStatus.
 *
 * The legend names each category with its count and its share of the total ("<1%" and
 * ">99%" rather than 0 % or 100 % for a count that is not). When interactive, each legend
 * entry is a toggle button (pressed while it filters; keyboard: Tab, Space), a click on a
 * part of the bar toggles that status, and the action "chart.select" (int32 index) does
 * the same; one category at a time, a second press clears. The chart and each entry say
 * their state in words to assistive technologies. */
#define ADEPT_TYPE_STATUS_CHART (adept_status_chart_get_type ())
G_DECLARE_FINAL_TYPE (AdeptStatusChart, adept_status_chart, ADEPT, STATUS_CHART, GtkWidget)

GtkWidget *adept_status_chart_new             (void);

/* Replaces the categories (NULL-terminated; the chart keeps the pointers, which are
 * static descriptors); counts return to 0 and the selection is cleared. */
void       adept_status_chart_set_categories  (AdeptStatusChart                  *self,
                                               const AdeptDeviceCategory * const *categories);
guint      adept_status_chart_get_n_categories (AdeptStatusChart   *self);
const AdeptDeviceCategory *adept_status_chart_get_category (AdeptStatusChart *self,
                                                            guint             index);
/* The index of a category id, or -1. */
int        adept_status_chart_find            (AdeptStatusChart   *self,
                                               const char         *id);

void       adept_status_chart_set_count       (AdeptStatusChart   *self,
                                               guint               index,
                                               guint               count);
guint      adept_status_chart_get_count       (AdeptStatusChart   *self,
                                               guint               index);
/* The sum of the statuses' counts. */
guint      adept_status_chart_get_total       (AdeptStatusChart   *self);

void       adept_status_chart_set_scope       (AdeptStatusChart      *self,
                                               AdeptStatusChartScope  scope);
AdeptStatusChartScope adept_status_chart_get_scope (AdeptStatusChart *self);

/* The selected index, or -1 for none. */
int        adept_status_chart_get_selected    (AdeptStatusChart   *self);
void       adept_status_chart_set_selected    (AdeptStatusChart   *self,
                                               int                 index);
const AdeptDeviceCategory *adept_status_chart_get_selected_category (AdeptStatusChart *self);

gboolean   adept_status_chart_get_interactive (AdeptStatusChart   *self);
void       adept_status_chart_set_interactive (AdeptStatusChart   *self,
                                               gboolean            interactive);

/* What the admin sees, for tests: the part of the bar at x (widget coordinates) or -1;
 * the legend's share text ("<1%"); the sentence above the bar; the legend entry. */
int        adept_status_chart_get_status_at   (AdeptStatusChart   *self,
                                               double              x,
                                               double              y);
/* The bar's top edge, in widget coordinates (its height is 14). */
int        adept_status_chart_get_bar_y       (AdeptStatusChart   *self);
const char *adept_status_chart_get_share_text (AdeptStatusChart   *self,
                                               guint               index);
const char *adept_status_chart_get_scope_text (AdeptStatusChart   *self);
GtkWidget  *adept_status_chart_get_entry      (AdeptStatusChart   *self,
                                               guint               index);

G_END_DECLS
