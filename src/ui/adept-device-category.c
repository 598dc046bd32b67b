/* adept-device-category.c — the table of categories
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-device-category"

#include "config.h"

#include <glib/gi18n.h>

#include "adept-device-category.h"

/* Apple's four statuses (the seed's DEP Profile Status chart), and "Other" for a status
 * Apple may add. */

static guint
count_status (const AdeptDeviceCategory *category,
              AdeptDeviceList           *list)
{
  return adept_device_list_get_matching_count (list, category->status);
}

static gboolean
match_status (const AdeptDeviceCategory *category,
              AdeptDevice               *device)
{
  return MIN (adept_device_get_profile_status (device), ADEPT_PROFILE_STATUS_UNKNOWN) ==
         (AdeptProfileStatus) category->status;
}

static void
filter_status (const AdeptDeviceCategory *category,
               AdeptDeviceList           *list,
               gboolean                   on)
{
  if (on)
    adept_device_list_set_status_filter (list, category->status);
  else if (adept_device_list_get_status_filter (list) == category->status)
    adept_device_list_set_status_filter (list, -1);
}

#define STATUS(name, s, hide)                                                             \
  static const AdeptDeviceCategory status_##name = {                                     \
    .id = #name, .kind = ADEPT_DEVICE_CATEGORY_STATUS,                                    \
    .style_class = "status-" #name, .status = s, .hide_if_none = hide,                    \
    .count = count_status, .match = match_status, .filter = filter_status,               \
  }

STATUS (empty, ADEPT_PROFILE_STATUS_EMPTY, FALSE);
STATUS (assigned, ADEPT_PROFILE_STATUS_ASSIGNED, FALSE);
STATUS (pushed, ADEPT_PROFILE_STATUS_PUSHED, FALSE);
STATUS (removed, ADEPT_PROFILE_STATUS_REMOVED, FALSE);
STATUS (unknown, ADEPT_PROFILE_STATUS_UNKNOWN, TRUE);

/* Facts some devices have (protocol 8 and 10), as flags of the device list. */

static AdeptDeviceListFlags
flag_of (const AdeptDeviceCategory *category)
{
  return (AdeptDeviceListFlags) category->status;
}

static guint
count_flag (const AdeptDeviceCategory *category,
            AdeptDeviceList           *list)
{
  return adept_device_list_get_flag_count (list, flag_of (category));
}

static gboolean
match_flag (const AdeptDeviceCategory *category,
            AdeptDevice               *device)
{
  switch (flag_of (category))
    {
    case ADEPT_DEVICE_LIST_FLAG_MIGRATING:
      return adept_device_get_mdm_migration_deadline (device) > 0;
    case ADEPT_DEVICE_LIST_FLAG_REPLACEMENT:
      return adept_device_get_is_replacement_device (device);
    default:
      return FALSE;
    }
}

static void
filter_flag (const AdeptDeviceCategory *category,
             AdeptDeviceList           *list,
             gboolean                   on)
{
  AdeptDeviceListFlags flags = adept_device_list_get_flag_filter (list);

  adept_device_list_set_flag_filter (list, on ? flags | flag_of (category)
                                              : flags & ~flag_of (category));
}

/* A facet keeps its flag in .status; it shows only when some device has it. */
static const AdeptDeviceCategory facet_migrating = {
  .id = "migrating", .kind = ADEPT_DEVICE_CATEGORY_FACET,
  .label = N_("Migrating In"),
  .meaning = N_("Devices coming from another MDM server: each needs a profile before its deadline, when the device migrates here."),
  .style_class = "facet-migrating", .status = ADEPT_DEVICE_LIST_FLAG_MIGRATING, .hide_if_none = TRUE,
  .count = count_flag, .match = match_flag, .filter = filter_flag,
};

static const AdeptDeviceCategory facet_replacement = {
  .id = "replacement", .kind = ADEPT_DEVICE_CATEGORY_FACET,
  .label = N_("Replacements"),
  .meaning = N_("Devices Apple gave in exchange for another one, such as after a repair."),
  .style_class = "facet-replacement", .status = ADEPT_DEVICE_LIST_FLAG_REPLACEMENT, .hide_if_none = TRUE,
  .count = count_flag, .match = match_flag, .filter = filter_flag,
};

/* Issue 14: assigned to this server in Apple Business, not yet brought in by the sync. No
 * device of the list is one: they come in as "added" with the next sync. */
static guint
count_waiting (const AdeptDeviceCategory *category,
               AdeptOrgDeviceList        *org)
{
  return adept_org_device_list_get_n_waiting (org);
}

static gboolean
match_none (const AdeptDeviceCategory *category,
            AdeptDevice               *device)
{
  return FALSE;
}

static void
filter_none (const AdeptDeviceCategory *category,
             AdeptDeviceList           *list,
             gboolean                   on)
{
}

static const AdeptDeviceCategory facet_waiting = {
  .id = "waiting", .kind = ADEPT_DEVICE_CATEGORY_FACET,
  .label = N_("Not Yet on This Server"),
  .meaning = N_("Assigned to this server in Apple Business; the next sync brings them in and gives them the default profile."),
  .style_class = "facet-waiting", .hide_if_none = TRUE,
  .count = NULL, .match = match_none, .filter = filter_none,
  .count_org = count_waiting, .org_filter = "waiting",
};

/* Facets go after the statuses. */
static const AdeptDeviceCategory * const categories[] = {
  &status_empty,
  &status_assigned,
  &status_pushed,
  &status_removed,
  &status_unknown,
  &facet_migrating,
  &facet_replacement,
  &facet_waiting,
  NULL,
};

const AdeptDeviceCategory * const *
adept_device_categories_get (guint *n)
{
  if (n != NULL)
    *n = G_N_ELEMENTS (categories) - 1;
  return categories;
}

const AdeptDeviceCategory *
adept_device_category_find (const char *id)
{
  for (guint i = 0; id != NULL && categories[i] != NULL; i++)
    if (g_str_equal (categories[i]->id, id))
      return categories[i];
  return NULL;
}

const AdeptDeviceCategory *
adept_device_category_for_status (AdeptProfileStatus status)
{
  status = MIN (status, ADEPT_PROFILE_STATUS_UNKNOWN);
  for (guint i = 0; categories[i] != NULL; i++)
    if (categories[i]->kind == ADEPT_DEVICE_CATEGORY_STATUS && categories[i]->status == (int) status)
      return categories[i];
  g_return_val_if_reached (NULL);
}

/* The statuses' words are the device's (adept_profile_status_get_label), so the chart,
 * the pills and adeptctl say the same. */
const char *
adept_device_category_get_label (const AdeptDeviceCategory *category)
{
  g_return_val_if_fail (category != NULL, NULL);

  if (category->label == NULL && category->kind == ADEPT_DEVICE_CATEGORY_STATUS)
    return adept_profile_status_get_label (category->status);
  return _(category->label);
}

guint
adept_device_category_count (const AdeptDeviceCategory *category,
                             AdeptDeviceList           *list,
                             AdeptOrgDeviceList        *org)
{
  g_return_val_if_fail (category != NULL, 0);

  if (category->count_org != NULL)
    return org != NULL ? category->count_org (category, org) : 0;
  return list != NULL ? category->count (category, list) : 0;
}

const char *
adept_device_category_get_meaning (const AdeptDeviceCategory *category)
{
  g_return_val_if_fail (category != NULL, NULL);

  if (category->meaning == NULL && category->kind == ADEPT_DEVICE_CATEGORY_STATUS)
    return adept_profile_status_get_meaning (category->status);
  return _(category->meaning);
}
