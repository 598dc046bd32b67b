/* adept-device-format.h — how the console shows a device's facts
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "adept-device.h"
#include "adept-org-device.h"

G_BEGIN_DECLS

/* "status-empty", "status-assigned", "status-pushed", "status-removed", "status-unknown":
 * the CSS class giving a status its colour (style.css). */
const char *adept_status_css_class      (AdeptProfileStatus  status);
/* A label with the status's pill style, and a way to restyle it for another status. */
GtkWidget  *adept_status_pill_new       (void);
/* What a status pill says to a screen reader: "DEP profile status: Pushed", and the
 * status's meaning as its description. */
void        adept_status_pill_set_words (GtkWidget          *pill,
                                         AdeptProfileStatus  status);
void        adept_status_pill_set       (GtkWidget          *pill,
                                         AdeptProfileStatus  status);

/* A symbolic icon of the Adwaita theme for Apple's device_family ("iPhone", "iPad",
 * "iPod", "Mac", "AppleTV", "Vision"). */
const char *adept_family_icon_name      (const char         *family);
/* "Apple TV" for "AppleTV"…: the family as people write it. NULL stays NULL. */
const char *adept_family_label          (const char         *family);
/* "iOS", "iPadOS", "macOS" (Apple sends "OSX"), "tvOS", "visionOS". */
const char *adept_os_label              (const char         *os);

/* "8 Jan 2024"; NULL for 0. */
char       *adept_format_short_date     (gint64              unix_seconds);
/* "8 January 2024, 09:00"; NULL for 0. */
char       *adept_format_timestamp      (gint64              unix_seconds);

/* The time until a device migrating in must enroll: "12 days left" (or "less than a day
 * left", "the deadline has passed"); NULL for 0. now: Unix seconds. */
char       *adept_format_days_left      (gint64              deadline,
                                         gint64              now);
/* The Devices list's badge beside the status pill: "Migrating In · 12 days" (or "· under
 * a day", "· overdue"); NULL for 0. */
char       *adept_format_migration_badge (gint64             deadline,
                                          gint64             now);
/* Apple Business (issue 14), the same words on the Organization page and in the panel. */
/* "Apple", "Reseller", "Added by Hand" for Apple's purchaseSourceType; others as Apple
 * writes them. */
const char *adept_purchase_source_label (const char         *type);
/* The MDM server a device is on: "This Server", the other server's name, "Not Assigned". */
const char *adept_org_server_label      (const AdeptOrgDeviceData *data);
/* "Requested, deadline 8 Jan 2027", "Can Migrate" (a device on another server Apple says
 * can migrate here)…; NULL when there is nothing to say. */
char       *adept_org_migration_text    (const AdeptOrgDeviceData *data);

G_END_DECLS
