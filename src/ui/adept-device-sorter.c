/* adept-device-sorter.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-device-sorter"

#include "config.h"

#include <string.h>

#include "adept-device-sorter.h"

struct _AdeptDeviceSorter
{
  GtkSorter           parent_instance;

  AdeptDeviceListSort key;
  /* A column of the Organization page: org_key is the key, items AdeptOrgDevice. */
  gboolean            org;
  AdeptOrgDeviceListSort org_key;
};

G_DEFINE_FINAL_TYPE (AdeptDeviceSorter, adept_device_sorter, GTK_TYPE_SORTER)

/* While adept_device_sorter_get_primary() probes: the two probe items, and the first
 * column sorter the column view's sorter asked about them. */
static GObject *probe_first;
static GObject *probe_second;
static AdeptDeviceSorter *probe_hit;
/* The column the last adept_device_sorter_get_primary() found (the column view holds it). */
static AdeptDeviceSorter *last_primary;

static int
compare_text (const char *a,
              const char *b)
{
  return g_ascii_strcasecmp (a ? a : "", b ? b : "");
}

#define CMP(a, b) ((a) < (b) ? -1 : (a) > (b) ? 1 : 0)

static int
compare_devices (AdeptDeviceListSort  key,
                 AdeptDevice         *a,
                 AdeptDevice         *b)
{
  switch (key)
    {
    case ADEPT_DEVICE_LIST_SORT_MODEL:
      return compare_text (adept_device_get_model (a), adept_device_get_model (b));
    case ADEPT_DEVICE_LIST_SORT_DESCRIPTION:
      return compare_text (adept_device_get_description (a), adept_device_get_description (b));
    case ADEPT_DEVICE_LIST_SORT_COLOR:
      return compare_text (adept_device_get_color (a), adept_device_get_color (b));
    case ADEPT_DEVICE_LIST_SORT_ASSET_TAG:
      return compare_text (adept_device_get_asset_tag (a), adept_device_get_asset_tag (b));
    case ADEPT_DEVICE_LIST_SORT_OS:
      return compare_text (adept_device_get_os (a), adept_device_get_os (b));
    case ADEPT_DEVICE_LIST_SORT_FAMILY:
      return compare_text (adept_device_get_device_family (a), adept_device_get_device_family (b));
    case ADEPT_DEVICE_LIST_SORT_STATUS:
      return CMP (adept_device_get_profile_status (a), adept_device_get_profile_status (b));
    case ADEPT_DEVICE_LIST_SORT_PROFILE:
      return compare_text (adept_device_get_profile_uuid (a), adept_device_get_profile_uuid (b));
    case ADEPT_DEVICE_LIST_SORT_ASSIGNED_DATE:
      return CMP (adept_device_get_device_assigned_date (a),
                  adept_device_get_device_assigned_date (b));
    case ADEPT_DEVICE_LIST_SORT_ASSIGNED_BY:
      return compare_text (adept_device_get_device_assigned_by (a),
                           adept_device_get_device_assigned_by (b));
    case ADEPT_DEVICE_LIST_SORT_SERIAL:
    default:
      return 0;
    }
}

static GtkOrdering
adept_device_sorter_compare (GtkSorter *sorter,
                             gpointer   item1,
                             gpointer   item2)
{
  AdeptDeviceSorter *self = ADEPT_DEVICE_SORTER (sorter);
  int c;

  if (item1 == (gpointer) probe_first && item2 == (gpointer) probe_second)
    {
      if (probe_hit != NULL)
        return GTK_ORDERING_EQUAL;
      probe_hit = self;
      return GTK_ORDERING_SMALLER;
    }

  if (self->org)
    return gtk_ordering_from_cmpfunc (strcmp (adept_org_device_get_serial_number (item1),
                                              adept_org_device_get_serial_number (item2)));
  c = compare_devices (self->key, item1, item2);
  if (c == 0)
    c = strcmp (adept_device_get_serial_number (item1), adept_device_get_serial_number (item2));
  return gtk_ordering_from_cmpfunc (c);
}

static GtkSorterOrder
adept_device_sorter_get_order (GtkSorter *sorter)
{
  return GTK_SORTER_ORDER_TOTAL;
}

static void
adept_device_sorter_class_init (AdeptDeviceSorterClass *klass)
{
  GtkSorterClass *sorter_class = GTK_SORTER_CLASS (klass);

  sorter_class->compare = adept_device_sorter_compare;
  sorter_class->get_order = adept_device_sorter_get_order;
}

static void
adept_device_sorter_init (AdeptDeviceSorter *self)
{
}

GtkSorter *
adept_device_sorter_new (AdeptDeviceListSort key)
{
  AdeptDeviceSorter *self = g_object_new (ADEPT_TYPE_DEVICE_SORTER, NULL);

  self->key = key;
  return GTK_SORTER (self);
}

AdeptDeviceListSort
adept_device_sorter_get_key (AdeptDeviceSorter *self)
{
  g_return_val_if_fail (ADEPT_IS_DEVICE_SORTER (self), ADEPT_DEVICE_LIST_SORT_SERIAL);

  return self->key;
}

/* The column view's sorter asks its columns' sorters in order, primary first, and
 * inverts the answer of a descending one. Our sorters answer "smaller" for the probe
 * pair the first time and "equal" after, so the first one asked is the primary column
 * and the sign of the overall answer is its direction. */
gboolean
adept_device_sorter_get_primary (GtkSorter           *column_view_sorter,
                                 AdeptDeviceListSort *key,
                                 gboolean            *descending)
{
  AdeptDeviceSorter *hit;
  GtkOrdering order;

  g_return_val_if_fail (GTK_IS_SORTER (column_view_sorter), FALSE);

  if (probe_first == NULL)
    {
      probe_first = g_object_new (G_TYPE_OBJECT, NULL);
      probe_second = g_object_new (G_TYPE_OBJECT, NULL);
    }

  probe_hit = NULL;
  order = gtk_sorter_compare (column_view_sorter, probe_first, probe_second);
  hit = g_steal_pointer (&probe_hit);
  if (hit == NULL || order == GTK_ORDERING_EQUAL)
    return FALSE;

  *key = hit->key;
  *descending = order == GTK_ORDERING_LARGER;
  last_primary = hit;
  return TRUE;
}

GtkSorter *
adept_device_sorter_new_for_org (AdeptOrgDeviceListSort key)
{
  AdeptDeviceSorter *self = g_object_new (ADEPT_TYPE_DEVICE_SORTER, NULL);

  self->org = TRUE;
  self->org_key = key;
  return GTK_SORTER (self);
}

/* The probe of adept_device_sorter_get_primary() finds the column; its key is read here. */
gboolean
adept_device_sorter_get_org_primary (GtkSorter              *column_view_sorter,
                                     AdeptOrgDeviceListSort *key,
                                     gboolean               *descending)
{
  AdeptDeviceListSort unused;
  AdeptDeviceSorter *hit;

  if (!adept_device_sorter_get_primary (column_view_sorter, &unused, descending))
    return FALSE;
  hit = last_primary;
  if (hit == NULL || !hit->org)
    return FALSE;
  *key = hit->org_key;
  return TRUE;
}
