/* adept-device-format.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-device-format"

#include "config.h"

#include <glib/gi18n.h>

#include "adept-device-format.h"
#include "adept-ui-util.h"

static const char * const status_classes[] = {
  [ADEPT_PROFILE_STATUS_EMPTY] = "status-empty",
  [ADEPT_PROFILE_STATUS_ASSIGNED] = "status-assigned",
  [ADEPT_PROFILE_STATUS_PUSHED] = "status-pushed",
  [ADEPT_PROFILE_STATUS_REMOVED] = "status-removed",
  [ADEPT_PROFILE_STATUS_UNKNOWN] = "status-unknown",
};

const char *
adept_status_css_class (AdeptProfileStatus status)
{
  if ((guint) status >= G_N_ELEMENTS (status_classes))
    status = ADEPT_PROFILE_STATUS_UNKNOWN;
  return status_classes[status];
}

/* A screen reader hears what the colour says, and what the status means. */
void
adept_status_pill_set_words (GtkWidget          *pill,
                             AdeptProfileStatus  status)
{
  /* Translators: a status pill as a screen reader says it, "DEP profile status: Pushed". */
  g_autofree char *label = g_strdup_printf (_("DEP profile status: %s"),
                                            adept_profile_status_get_label (status));

  gtk_accessible_update_property (GTK_ACCESSIBLE (pill),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  adept_profile_status_get_meaning (status),
                                  -1);
}

GtkWidget *
adept_status_pill_new (void)
{
  GtkWidget *pill = gtk_label_new (NULL);

  gtk_widget_add_css_class (pill, "status-pill");
  gtk_widget_set_halign (pill, GTK_ALIGN_START);
  gtk_widget_set_valign (pill, GTK_ALIGN_CENTER);
  return pill;
}

void
adept_status_pill_set (GtkWidget          *pill,
                       AdeptProfileStatus  status)
{
  /* Rebinding a list row to a device of the same status changes nothing. */
  if (g_strcmp0 (gtk_label_get_label (GTK_LABEL (pill)), adept_profile_status_get_label (status)) == 0 &&
      gtk_widget_has_css_class (pill, adept_status_css_class (status)))
    return;
  for (guint i = 0; i < G_N_ELEMENTS (status_classes); i++)
    if (i != (guint) status)
      gtk_widget_remove_css_class (pill, status_classes[i]);
  gtk_widget_add_css_class (pill, adept_status_css_class (status));
  gtk_label_set_label (GTK_LABEL (pill), adept_profile_status_get_label (status));
  adept_status_pill_set_words (pill, status);
}

static const struct {
  const char *family;
  const char *icon;
  const char *label;
} families[] = {
  { "iPhone", "phone-apple-iphone-symbolic", "iPhone" },
  { "iPad", "computer-apple-ipad-symbolic", "iPad" },
  { "iPod", "multimedia-player-apple-ipod-touch-symbolic", "iPod touch" },
  { "Mac", "computer-symbolic", "Mac" },
  { "AppleTV", "tv-symbolic", "Apple TV" },
  { "Vision", "face-glasses-symbolic", "Apple Vision" },
};

static int
find_family (const char *family)
{
  for (guint i = 0; family != NULL && i < G_N_ELEMENTS (families); i++)
    if (g_str_equal (family, families[i].family))
      return (int) i;
  return -1;
}

const char *
adept_family_icon_name (const char *family)
{
  int i = find_family (family);

  return i >= 0 ? families[i].icon : "dialog-question-symbolic";
}

const char *
adept_family_label (const char *family)
{
  int i = find_family (family);

  return i >= 0 ? families[i].label : family;
}

const char *
adept_os_label (const char *os)
{
  return g_strcmp0 (os, "OSX") == 0 ? "macOS" : os;
}

/* g_date_time_new_from_unix_local() reads the time zone file again at each call when TZ
 * is unset (GLib 2.74): a date cell per row of each search. */
static GDateTime *
date_time_local (gint64 unix_seconds)
{
  static GTimeZone *local;
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_seconds);

  if (g_once_init_enter (&local))
    g_once_init_leave (&local, g_time_zone_new_local ());
  return utc ? g_date_time_to_timezone (utc, local) : NULL;
}

char *
adept_format_short_date (gint64 unix_seconds)
{
  g_autoptr(GDateTime) when = NULL;

  if (unix_seconds <= 0)
    return NULL;
  when = date_time_local (unix_seconds);
  /* Translators: a short date in a table cell, as in "8 Jan 2024"; see g_date_time_format(). */
  return when ? g_date_time_format (when, _("%-d %b %Y")) : NULL;
}

char *
adept_format_timestamp (gint64 unix_seconds)
{
  g_autoptr(GDateTime) when = NULL;

  if (unix_seconds <= 0)
    return NULL;
  when = g_date_time_new_from_unix_utc (unix_seconds);
  return when ? adept_format_date_time (when) : NULL;
}

const char *
adept_purchase_source_label (const char *type)
{
  if (type == NULL)
    return NULL;
  if (g_str_equal (type, "APPLE"))
    return _("Apple");
  if (g_str_equal (type, "RESELLER"))
    return _("Reseller");
  if (g_str_equal (type, "MANUALLY_ADDED"))
    /* Translators: a device added to the organisation with Apple Configurator. */
    return _("Added by Hand");
  return type;
}

const char *
adept_org_server_label (const AdeptOrgDeviceData *data)
{
  switch (data->placement)
    {
    case ADEPT_ORG_PLACEMENT_THIS_SERVER:
      return _("This Server");
    case ADEPT_ORG_PLACEMENT_OTHER_SERVER:
      return data->server_name != NULL ? data->server_name : data->server_id;
    case ADEPT_ORG_PLACEMENT_UNASSIGNED:
    default:
      return _("Not Assigned");
    }
}

static const char *
migration_status_label (const char *status)
{
  if (g_str_equal (status, "REQUESTED"))
    return _("Requested");
  if (g_str_equal (status, "STARTED"))
    return _("Started");
  if (g_str_equal (status, "SUCCESS"))
    return _("Migrated");
  if (g_str_equal (status, "FAILED"))
    return _("Failed");
  return status;
}

char *
adept_org_migration_text (const AdeptOrgDeviceData *data)
{
  g_autofree char *deadline = adept_format_short_date (data->migration_deadline);

  if (data->migration_status != NULL && deadline != NULL)
    /* Translators: a migration's status and its deadline, "Requested, deadline 8 Jan 2027". */
    return g_strdup_printf (_("%s, deadline %s"), migration_status_label (data->migration_status), deadline);
  if (data->migration_status != NULL)
    return g_strdup (migration_status_label (data->migration_status));
  /* Only a device another MDM manages can migrate here. */
  if (data->migration_capable && data->placement == ADEPT_ORG_PLACEMENT_OTHER_SERVER)
    return g_strdup (_("Can Migrate"));
  return NULL;
}

char *
adept_format_days_left (gint64 deadline,
                        gint64 now)
{
  int days;

  if (deadline <= 0)
    return NULL;
  if (deadline <= now)
    return g_strdup (_("the deadline has passed"));
  if (deadline - now < 24 * 60 * 60)
    return g_strdup (_("less than a day left"));
  days = (int) MIN ((deadline - now) / (24 * 60 * 60), G_MAXINT);
  /* Translators: the whole days until a device's migration deadline. */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day left", "%d days left", days), days);
}

char *
adept_format_migration_badge (gint64 deadline,
                              gint64 now)
{
  int days;

  if (deadline <= 0)
    return NULL;
  if (deadline <= now)
    /* Translators: the Devices list's badge for a device whose migration deadline passed. */
    return g_strdup (_("Migrating In · overdue"));
  if (deadline - now < 24 * 60 * 60)
    return g_strdup (_("Migrating In · under a day"));
  days = (int) MIN ((deadline - now) / (24 * 60 * 60), G_MAXINT);
  /* Translators: the Devices list's badge beside the status pill: whole days until the
   * device must enroll with this server. */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Migrating In · %d day", "Migrating In · %d days", days), days);
}
