/* adept-device-category.h — the ways the Devices page counts and filters devices: Apple's
 * DEP profile statuses, and facts some devices have
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "adept-device-list.h"
#include "adept-org-device-list.h"

G_BEGIN_DECLS

typedef enum {
  /* A DEP profile status: every device is in exactly one, so they are the parts of the
   * status chart's bar and their counts add up to the devices counted. */
  ADEPT_DEVICE_CATEGORY_STATUS,
  /* A fact some devices have ("migrating in", "replacement"): counted apart, a toggle
   * after the statuses, not a part of the bar. */
  ADEPT_DEVICE_CATEGORY_FACET,
} AdeptDeviceCategoryKind;

typedef struct _AdeptDeviceCategory AdeptDeviceCategory;

/* How many of the devices the list's search and family/model filters pass (whatever the
 * status and facet filters) belong to the category. */
typedef guint    (*AdeptDeviceCategoryCount)  (const AdeptDeviceCategory *category,
                                               AdeptDeviceList           *list);
/* Whether one device belongs (a selection's counts, a saved filter's bulk action). */
typedef gboolean (*AdeptDeviceCategoryMatch)  (const AdeptDeviceCategory *category,
                                               AdeptDevice               *device);
/* Narrows the list to the category (on), or lifts that narrowing (off). */
typedef void     (*AdeptDeviceCategoryFilter) (const AdeptDeviceCategory *category,
                                               AdeptDeviceList           *list,
                                               gboolean                   on);

/* A facet of devices that are not in the list (issue 14: "not yet on this server", assigned
 * to this server in Apple Business but not yet brought in by the DEP sync) counts them in
 * the organisation's devices instead: org is NULL while the Apple Business API is not
 * connected (the facet then counts 0, and with hide_if_none is not shown). Choosing such a
 * facet opens the Organization page on the devices it counts (org_filter, the page's
 * filter id) rather than narrowing the list, which cannot hold them. */
typedef guint    (*AdeptDeviceCategoryCountOrg) (const AdeptDeviceCategory *category,
                                                 AdeptOrgDeviceList        *org);

/* One category, as a static descriptor: the status chart draws it, the page filters and
 * counts with it, saved filters name it by id.
 *
 * Extension point (issues 13 and 14: "migrating in", "replacement", "not yet on this
 * server"): add a descriptor to the table in adept-device-category.c, of kind FACET, with
 * its label, meaning, style class (a colour in style.css) and the three functions over
 * the device list's API; the chart and the page take it from there:
 *
 *   static guint
 *   count_migrating (const AdeptDeviceCategory *c, AdeptDeviceList *list)
 *   {
 *     return adept_device_list_count_flag (list, ADEPT_DEVICE_LIST_FLAG_MIGRATING);
 *   }
 *   …
 *   { .id = "migrating", .kind = ADEPT_DEVICE_CATEGORY_FACET,
 *     .label = N_("Migrating In"),
 *     .meaning = N_("Another MDM server's device coming here; it must get a profile before its deadline."),
 *     .style_class = "facet-migrating",
 *     .count = count_migrating, .match = match_migrating, .filter = filter_migrating },
 */
struct _AdeptDeviceCategory
{
  const char               *id;           /* stable: saved filters, tests ("empty", "migrating") */
  AdeptDeviceCategoryKind   kind;
  const char               *label;        /* untranslated (N_): "Empty" */
  const char               *meaning;      /* untranslated sentence: tooltips, accessible descriptions */
  const char               *style_class;  /* CSS class whose color is the category's ("status-empty") */
  int                       status;       /* STATUS: its AdeptProfileStatus; a facet: its AdeptDeviceListFlags */
  gboolean                  hide_if_none; /* shown only when some device belongs ("Other") */
  AdeptDeviceCategoryCount  count;
  AdeptDeviceCategoryMatch  match;
  AdeptDeviceCategoryFilter filter;
  /* Devices outside the list (see AdeptDeviceCategoryCountOrg); NULL for the others. */
  AdeptDeviceCategoryCountOrg count_org;
  const char               *org_filter;
};

/* The category's count: count_org over org for a facet of devices outside the list, else
 * count over list (0 without one). */
guint       adept_device_category_count       (const AdeptDeviceCategory *category,
                                               AdeptDeviceList           *list,
                                               AdeptOrgDeviceList        *org);

/* Every category of the Devices page, statuses first, NULL-terminated; *n (may be NULL)
 * gets how many. */
const AdeptDeviceCategory * const *adept_device_categories_get     (guint      *n);
/* By id, or NULL. */
const AdeptDeviceCategory         *adept_device_category_find      (const char *id);
/* The status's category (UNKNOWN: "Other"). */
const AdeptDeviceCategory         *adept_device_category_for_status (AdeptProfileStatus status);

/* Translated label and meaning. */
const char *adept_device_category_get_label   (const AdeptDeviceCategory *category);
const char *adept_device_category_get_meaning (const AdeptDeviceCategory *category);

G_END_DECLS
