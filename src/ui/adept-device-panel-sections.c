/* adept-device-panel-sections.c — the device panel's built-in sections: the device, its
 * profile, the DEP Profile Status chart, and its timeline
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-device-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "adept-device-format.h"
#include "adept-device-panel-sections.h"
#include "adept-device-timeline.h"
#include "adept-ui-util.h"

/* The chart lists Apple's four statuses; UNKNOWN has no meaning to explain. */
#define N_CHART_ROWS ADEPT_PROFILE_STATUS_UNKNOWN

/* The device: General */

static gboolean
update_device (AdeptPanelSection      *section,
               const AdeptDeviceFacts *facts,
               gpointer                user_data)
{
  AdeptDevice *d = facts->device;
  g_autofree char *assigned = adept_format_timestamp (adept_device_get_device_assigned_date (d));

  adept_panel_section_set_fact (section, "serial", adept_device_get_serial_number (d));
  adept_panel_section_set_fact (section, "model", adept_device_get_model (d));
  adept_panel_section_set_fact (section, "description", adept_device_get_description (d));
  adept_panel_section_set_fact (section, "color", adept_device_get_color (d));
  adept_panel_section_set_fact (section, "family", adept_family_label (adept_device_get_device_family (d)));
  adept_panel_section_set_fact (section, "os", adept_os_label (adept_device_get_os (d)));
  adept_panel_section_set_fact (section, "asset-tag", adept_device_get_asset_tag (d));
  adept_panel_section_set_fact (section, "server-assigned", assigned);
  adept_panel_section_set_fact (section, "assigned-by", adept_device_get_device_assigned_by (d));
  return TRUE;
}

static AdeptPanelSection *
create_device (void)
{
  AdeptPanelSection *section = adept_panel_section_new ("device", NULL, NULL, update_device,
                                                        NULL, NULL);

  adept_panel_section_add_fact (section, "serial", _("Serial Number"),
                                ADEPT_FACT_IDENTIFIER | ADEPT_FACT_COPYABLE);
  adept_panel_section_add_fact (section, "model", _("Model"), ADEPT_FACT_TEXT);
  adept_panel_section_add_fact (section, "description", _("Description"), ADEPT_FACT_TEXT);
  adept_panel_section_add_fact (section, "color", _("Color"), ADEPT_FACT_TEXT);
  adept_panel_section_add_fact (section, "family", _("Family"), ADEPT_FACT_TEXT);
  adept_panel_section_add_fact (section, "os", _("OS"), ADEPT_FACT_TEXT);
  adept_panel_section_add_fact (section, "asset-tag", _("Asset Tag"),
                                ADEPT_FACT_IDENTIFIER | ADEPT_FACT_COPYABLE);
  adept_panel_section_add_fact (section, "server-assigned", _("Assigned to Server"), ADEPT_FACT_TEXT);
  adept_panel_section_add_fact (section, "assigned-by", _("Assigned By"), ADEPT_FACT_COPYABLE);
  return section;
}

/* The profile: Management */

static gboolean
update_profile (AdeptPanelSection      *section,
                const AdeptDeviceFacts *facts,
                gpointer                user_data)
{
  AdeptDevice *d = facts->device;
  GtkWidget *pill = user_data;

  adept_status_pill_set (pill, adept_device_get_profile_status (d));
  adept_panel_section_set_fact (section, "profile", facts->profile_name);
  adept_panel_section_set_fact (section, "profile-uuid", adept_device_get_profile_uuid (d));
  return TRUE;
}

static AdeptPanelSection *
create_profile (void)
{
  GtkWidget *pill = adept_status_pill_new ();
  AdeptPanelSection *section = adept_panel_section_new ("profile", NULL, NULL, update_profile,
                                                        g_object_ref_sink (pill), g_object_unref);
  AdeptFactRow *status = adept_panel_section_add_fact (section, "status", _("DEP Profile Status"),
                                                       ADEPT_FACT_TEXT);

  adept_fact_row_set_value_widget (status, pill);
  g_object_set_data (G_OBJECT (section), "adept-pill", pill);
  adept_panel_section_add_fact (section, "profile", _("Profile"), ADEPT_FACT_TEXT);
  adept_panel_section_add_fact (section, "profile-uuid", _("Profile UUID"),
                                ADEPT_FACT_IDENTIFIER | ADEPT_FACT_COPYABLE);
  return section;
}

GtkWidget *
_adept_device_panel_sections_get_pill (AdeptPanelSection *profile)
{
  return g_object_get_data (G_OBJECT (profile), "adept-pill");
}

/* The DEP Profile Status chart: Apple's four statuses with their meaning, the device's
 * own marked with when it got there. */

typedef struct {
  GtkWidget *rows[N_CHART_ROWS];
  GtkWidget *since[N_CHART_ROWS];
  GtkWidget *marks[N_CHART_ROWS];
  int        highlighted;
} StatusChart;

static GtkWidget *
make_status_row (StatusChart        *chart,
                 AdeptProfileStatus  status)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *pill = adept_status_pill_new ();
  GtkWidget *meaning = gtk_label_new (adept_profile_status_get_meaning (status));
  GtkWidget *since = gtk_label_new (NULL);
  GtkWidget *mark = gtk_image_new_from_icon_name ("object-select-symbolic");

  adept_status_pill_set (pill, status);
  gtk_widget_set_size_request (pill, 84, -1);
  gtk_widget_set_valign (pill, GTK_ALIGN_START);
  gtk_label_set_wrap (GTK_LABEL (meaning), TRUE);
  gtk_label_set_xalign (GTK_LABEL (meaning), 0);
  gtk_label_set_xalign (GTK_LABEL (since), 0);
  gtk_label_set_wrap (GTK_LABEL (since), TRUE);
  gtk_widget_add_css_class (since, "caption-heading");
  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (text), meaning);
  gtk_box_append (GTK_BOX (text), since);
  gtk_widget_set_valign (mark, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (mark, "accent");
  gtk_accessible_update_property (GTK_ACCESSIBLE (mark), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("This device’s status"), -1);

  gtk_box_append (GTK_BOX (box), pill);
  gtk_box_append (GTK_BOX (box), text);
  gtk_box_append (GTK_BOX (box), mark);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_add_css_class (row, "status-chart-row");
  gtk_widget_add_css_class (row, adept_status_css_class (status));

  chart->rows[status] = row;
  chart->since[status] = since;
  chart->marks[status] = mark;
  return row;
}

static gint64
last_time (GPtrArray         *timeline,
           AdeptTimelineKind  kind)
{
  for (guint i = timeline ? timeline->len : 0; i > 0; i--)
    {
      AdeptTimelineEvent *event = g_ptr_array_index (timeline, i - 1);

      if (event->kind == kind)
        return event->time;
    }
  return 0;
}

static gint64
status_since (const AdeptDeviceFacts *facts)
{
  AdeptDevice *d = facts->device;

  switch (adept_device_get_profile_status (d))
    {
    case ADEPT_PROFILE_STATUS_ASSIGNED:
      return adept_device_get_profile_assign_time (d);
    case ADEPT_PROFILE_STATUS_PUSHED:
      return adept_device_get_profile_push_time (d);
    case ADEPT_PROFILE_STATUS_REMOVED:
      /* 0 when the profile was removed before Adept first looked. */
      return last_time (facts->timeline, ADEPT_TIMELINE_PROFILE_REMOVED);
    case ADEPT_PROFILE_STATUS_EMPTY:
      return adept_device_get_device_assigned_date (d);
    case ADEPT_PROFILE_STATUS_UNKNOWN:
    default:
      return 0;
    }
}

static gboolean
update_status_chart (AdeptPanelSection      *section,
                     const AdeptDeviceFacts *facts,
                     gpointer                user_data)
{
  StatusChart *chart = user_data;
  AdeptProfileStatus status = adept_device_get_profile_status (facts->device);
  g_autofree char *since = adept_format_timestamp (status_since (facts));

  chart->highlighted = status < N_CHART_ROWS ? (int) status : -1;
  for (int i = 0; i < N_CHART_ROWS; i++)
    {
      gboolean current = i == chart->highlighted;

      gtk_widget_set_visible (chart->marks[i], current);
      gtk_widget_set_visible (chart->since[i], current);
      if (current)
        {
          g_autofree char *text = since
            /* Translators: %s is a date and time. */
            ? g_strdup_printf (_("This device, since %s"), since)
            : g_strdup (_("This device"));

          gtk_label_set_label (GTK_LABEL (chart->since[i]), text);
          gtk_widget_add_css_class (chart->rows[i], "current-status");
          gtk_accessible_update_state (GTK_ACCESSIBLE (chart->rows[i]),
                                       GTK_ACCESSIBLE_STATE_SELECTED, TRUE, -1);
        }
      else
        {
          gtk_widget_remove_css_class (chart->rows[i], "current-status");
          gtk_accessible_update_state (GTK_ACCESSIBLE (chart->rows[i]),
                                       GTK_ACCESSIBLE_STATE_SELECTED, FALSE, -1);
        }
    }
  return TRUE;
}

static AdeptPanelSection *
create_status_chart (void)
{
  StatusChart *chart = g_new0 (StatusChart, 1);
  AdeptPanelSection *section =
    adept_panel_section_new ("status-chart", _("DEP Profile Status Chart"),
                             _("Where the device is on its way to enrollment, and since when."),
                             update_status_chart, chart, g_free);

  chart->highlighted = -1;
  g_object_set_data (G_OBJECT (section), "adept-status-chart", chart);
  gtk_widget_add_css_class (GTK_WIDGET (adept_panel_section_get_list (section)), "status-list");
  for (int i = 0; i < N_CHART_ROWS; i++)
    adept_panel_section_append (section, make_status_row (chart, i));
  return section;
}

int
_adept_device_panel_sections_get_highlighted (AdeptPanelSection *status_chart)
{
  StatusChart *chart = g_object_get_data (G_OBJECT (status_chart), "adept-status-chart");

  return chart != NULL ? chart->highlighted : -1;
}

/* The timeline: Apple's events and Adept's assign attempts, then what comes next */

typedef struct {
  GPtrArray *lines;      /* "what — when · detail", for tests */
  GPtrArray *attempts;   /* the attempts' lines alone */
  char      *plan;
} Timeline;

static void
timeline_free (Timeline *timeline)
{
  g_ptr_array_unref (timeline->lines);
  g_ptr_array_unref (timeline->attempts);
  g_free (timeline->plan);
  g_free (timeline);
}

static char *
describe_answer (const AdeptTimelineEvent *event)
{
  g_autoptr(GDateTime) until = NULL;
  g_autofree char *time = NULL;

  switch (event->result)
    {
    case ADEPT_ASSIGN_RESULT_SUCCESS:
      return g_strdup (_("Accepted by Apple"));
    case ADEPT_ASSIGN_RESULT_NOT_ACCESSIBLE:
      return g_strdup (_("Not accessible: the device is not assigned to this server"));
    case ADEPT_ASSIGN_RESULT_FAILED:
      return g_strdup (_("Failed"));
    case ADEPT_ASSIGN_RESULT_THROTTLED:
      if (event->retry_after <= 0)
        return g_strdup (_("Throttled by Apple"));
      until = g_date_time_new_from_unix_local (event->time + event->retry_after);
      time = g_date_time_format (until, "%H:%M");
      /* Translators: %s is a time of day. */
      return g_strdup_printf (_("Throttled until %s"), time);
    case ADEPT_ASSIGN_RESULT_ERROR:
    default:
      return g_strdup (event->detail ? event->detail : _("Not sent"));
    }
}

static const char *
describe_origin (AdeptAssignOrigin origin)
{
  switch (origin)
    {
    case ADEPT_ASSIGN_ORIGIN_AUTO: return _("by the auto-assigner");
    case ADEPT_ASSIGN_ORIGIN_RETRY: return _("scheduled retry");
    case ADEPT_ASSIGN_ORIGIN_MANUAL:
    default: return _("by an admin");
    }
}

static const char *
answer_icon (AdeptAssignResult   result,
             const char        **css_class)
{
  *css_class = result == ADEPT_ASSIGN_RESULT_SUCCESS ? "success"
             : result == ADEPT_ASSIGN_RESULT_THROTTLED ? "warning" : "error";
  return result == ADEPT_ASSIGN_RESULT_SUCCESS ? "emblem-ok-symbolic"
       : result == ADEPT_ASSIGN_RESULT_THROTTLED ? "alarm-symbolic" : "dialog-warning-symbolic";
}

static const char *
name_of (const AdeptDeviceFacts *facts,
         const char             *uuid)
{
  const char *name;

  if (uuid == NULL)
    return NULL;
  name = facts->profile_names ? g_hash_table_lookup (facts->profile_names, uuid) : NULL;
  return name ? name : _("A profile not defined in this console");
}

/* What happened, as a row's title, its detail and its icon. */
static char *
describe_event (const AdeptTimelineEvent  *event,
                const AdeptDeviceFacts    *facts,
                char                     **detail,
                const char               **icon,
                const char               **css_class)
{
  *css_class = NULL;
  *detail = NULL;
  switch (event->kind)
    {
    case ADEPT_TIMELINE_ADDED:
      *icon = "document-send-symbolic";
      /* Translators: who assigned the device in Apple Business Manager. */
      *detail = event->actor ? g_strdup_printf (_("by %s"), event->actor) : NULL;
      return g_strdup (_("Assigned to this server"));
    case ADEPT_TIMELINE_MODIFIED:
      *icon = "document-edit-symbolic";
      return g_strdup (_("Details changed in Apple Business Manager"));
    case ADEPT_TIMELINE_PROFILE_ASSIGNED:
      *icon = "emblem-documents-symbolic";
      *detail = g_strdup (name_of (facts, event->profile_uuid));
      return g_strdup (_("Profile assigned"));
    case ADEPT_TIMELINE_PROFILE_PUSHED:
      *icon = "emblem-ok-symbolic";
      return g_strdup (_("Profile pushed to the device"));
    case ADEPT_TIMELINE_PROFILE_REMOVED:
      *icon = "edit-delete-symbolic";
      *detail = g_strdup (name_of (facts, event->profile_uuid));
      return g_strdup (_("Profile removed"));
    case ADEPT_TIMELINE_DELETED:
      *icon = "edit-clear-all-symbolic";
      return g_strdup (_("Left this server"));
    case ADEPT_TIMELINE_ASSIGN_ATTEMPT:
    default:
      *icon = answer_icon (event->result, css_class);
      *detail = g_strdup_printf ("%s · %s", describe_origin (event->origin),
                                 event->profile_uuid ? name_of (facts, event->profile_uuid) : "—");
      return describe_answer (event);
    }
}

static GtkWidget *
info_row (const char *title,
          const char *subtitle,
          const char *icon_name,
          const char *css_class)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (icon_name != NULL)
    {
      GtkWidget *icon = gtk_image_new_from_icon_name (icon_name);

      if (css_class != NULL)
        gtk_widget_add_css_class (icon, css_class);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
    }
  return row;
}

static char *
describe_plan (const AdeptDeviceFacts *facts)
{
  g_autoptr(GError) error = NULL;
  AdeptAssignPlan plan;
  gint64 when = 0;

  plan = adept_store_get_assign_plan (facts->store, facts->server_id,
                                      adept_device_get_serial_number (facts->device), &when,
                                      &error);
  if (error != NULL)
    return g_strdup (error->message);
  if (plan == ADEPT_ASSIGN_PLAN_NOTHING)
    switch (adept_device_get_profile_status (facts->device))
      {
      case ADEPT_PROFILE_STATUS_ASSIGNED:
      case ADEPT_PROFILE_STATUS_PUSHED:
        return g_strdup (_("Nothing to do: the device has a profile."));
      case ADEPT_PROFILE_STATUS_REMOVED:
        return g_strdup (_("Nothing: a removed profile is left alone. Assign one by hand to "
                           "manage the device again."));
      case ADEPT_PROFILE_STATUS_EMPTY:
      case ADEPT_PROFILE_STATUS_UNKNOWN:
      default:
        break;
      }
  return adept_assign_plan_describe (plan, when);
}

static gboolean
update_timeline (AdeptPanelSection      *section,
                 const AdeptDeviceFacts *facts,
                 gpointer                user_data)
{
  Timeline *timeline = user_data;

  adept_panel_section_remove_rows (section);
  g_ptr_array_set_size (timeline->lines, 0);
  g_ptr_array_set_size (timeline->attempts, 0);
  g_clear_pointer (&timeline->plan, g_free);

  for (guint i = 0; facts->timeline != NULL && i < facts->timeline->len; i++)
    {
      AdeptTimelineEvent *event = g_ptr_array_index (facts->timeline, i);
      g_autofree char *detail = NULL;
      const char *icon, *css_class;
      g_autofree char *what = describe_event (event, facts, &detail, &icon, &css_class);
      g_autofree char *when = event->time ? adept_format_timestamp (event->time)
                                          : g_strdup (_("Date not known"));
      g_autofree char *subtitle = detail ? g_strdup_printf ("%s · %s", when, detail)
                                         : g_strdup (when);
      char *line = g_strdup_printf ("%s — %s", what, subtitle);

      adept_panel_section_append (section, info_row (what, subtitle, icon, css_class));
      g_ptr_array_add (timeline->lines, line);
      if (event->kind == ADEPT_TIMELINE_ASSIGN_ATTEMPT)
        g_ptr_array_add (timeline->attempts, g_strdup (line));
    }
  if (facts->timeline == NULL || facts->timeline->len == 0)
    adept_panel_section_append (section, info_row (_("Nothing recorded yet"), NULL, NULL, NULL));

  if (facts->store != NULL)
    {
      timeline->plan = describe_plan (facts);
      adept_panel_section_append (section, info_row (_("Next"), timeline->plan,
                                                     "media-playlist-consecutive-symbolic", NULL));
    }
  return TRUE;
}

static AdeptPanelSection *
create_timeline (void)
{
  Timeline *timeline = g_new0 (Timeline, 1);
  AdeptPanelSection *section =
    adept_panel_section_new ("timeline", _("Timeline"),
                             _("Apple’s events for this device and the assignments Adept asked "
                               "for, with Apple’s answers; then what the auto-assigner does next."),
                             update_timeline, timeline, (GDestroyNotify) timeline_free);

  timeline->lines = g_ptr_array_new_with_free_func (g_free);
  timeline->attempts = g_ptr_array_new_with_free_func (g_free);
  g_object_set_data (G_OBJECT (section), "adept-timeline", timeline);
  return section;
}

const char *
_adept_device_panel_sections_get_plan (AdeptPanelSection *section)
{
  Timeline *timeline = g_object_get_data (G_OBJECT (section), "adept-timeline");

  return timeline != NULL ? timeline->plan : NULL;
}

GStrv
_adept_device_panel_sections_dup_timeline (AdeptPanelSection *section,
                                           gboolean           attempts_only)
{
  Timeline *timeline = g_object_get_data (G_OBJECT (section), "adept-timeline");
  GPtrArray *lines = attempts_only ? timeline->attempts : timeline->lines;
  GStrv copy = g_new0 (char *, lines->len + 1);

  for (guint i = 0; i < lines->len; i++)
    copy[i] = g_strdup (g_ptr_array_index (lines, i));
  return copy;
}

/* Apple Business: what the organisation knows of the device (issue 14), while the API is
 * connected. */

static gboolean
update_organization (AdeptPanelSection      *section,
                     const AdeptDeviceFacts *facts,
                     gpointer                user_data)
{
  const AdeptOrgDeviceData *d;
  g_autofree char *ordered = NULL;
  g_autofree char *added = NULL;
  g_autofree char *migration = NULL;
  g_autofree char *source = NULL;

  if (facts->org_device == NULL)
    return FALSE;
  d = adept_org_device_get_data (facts->org_device);
  ordered = adept_format_short_date (d->order_date);
  added = adept_format_short_date (d->added_date);
  migration = adept_org_migration_text (d);
  source = d->purchase_source_id != NULL
    /* Translators: the purchase source and its id, "Reseller (1A2B3C)". */
    ? g_strdup_printf (_("%s (%s)"), adept_purchase_source_label (d->purchase_source_type), d->purchase_source_id)
    : g_strdup (adept_purchase_source_label (d->purchase_source_type));
  adept_panel_section_set_fact (section, "org-server", adept_org_server_label (d));
  adept_panel_section_set_fact (section, "order-number", d->order_number);
  adept_panel_section_set_fact (section, "order-date", ordered);
  adept_panel_section_set_fact (section, "purchase-source", source);
  adept_panel_section_set_fact (section, "added-to-org", added);
  adept_panel_section_set_fact (section, "migration", migration);
  return TRUE;
}

static AdeptPanelSection *
create_organization (void)
{
  AdeptPanelSection *section = adept_panel_section_new ("organization", _("Apple Business"), NULL,
                                                        update_organization, NULL, NULL);

  adept_panel_section_add_fact (section, "org-server", _("MDM Server"), ADEPT_FACT_TEXT);
  adept_panel_section_add_fact (section, "order-number", _("Order Number"),
                                ADEPT_FACT_IDENTIFIER | ADEPT_FACT_COPYABLE);
  adept_panel_section_add_fact (section, "order-date", _("Ordered"), ADEPT_FACT_TEXT);
  adept_panel_section_add_fact (section, "purchase-source", _("Purchased From"), ADEPT_FACT_COPYABLE);
  adept_panel_section_add_fact (section, "added-to-org", _("Added to Organization"), ADEPT_FACT_TEXT);
  adept_panel_section_add_fact (section, "migration", _("MDM Migration"), ADEPT_FACT_TEXT);
  return section;
}

const AdeptPanelSectionInfo adept_device_panel_sections[] = {
  { ADEPT_DEVICE_PANEL_PAGE_GENERAL, create_device },
  { ADEPT_DEVICE_PANEL_PAGE_GENERAL, _adept_device_panel_create_replacement },
  { ADEPT_DEVICE_PANEL_PAGE_GENERAL, _adept_device_panel_create_identifiers },
  { ADEPT_DEVICE_PANEL_PAGE_GENERAL, create_organization },
  { ADEPT_DEVICE_PANEL_PAGE_MANAGEMENT, create_profile },
  { ADEPT_DEVICE_PANEL_PAGE_MANAGEMENT, _adept_device_panel_create_migration },
  { ADEPT_DEVICE_PANEL_PAGE_MANAGEMENT, _adept_device_panel_create_activation_lock },
  { ADEPT_DEVICE_PANEL_PAGE_MANAGEMENT, create_status_chart },
  { ADEPT_DEVICE_PANEL_PAGE_TIMELINE, create_timeline },
  { NULL, NULL },
};
