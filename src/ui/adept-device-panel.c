/* adept-device-panel.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-device-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "adept-device-format.h"
#include "adept-device-panel.h"
#include "adept-settings.h"
#include "adept-ui-util.h"

#define N_STATUSES ADEPT_STATUS_CHART_N_STATUSES
/* The chart lists Apple's four statuses; UNKNOWN has no meaning to explain. */
#define N_CHART_ROWS ADEPT_PROFILE_STATUS_UNKNOWN

struct _AdeptDevicePanel
{
  AdwBin               parent_instance;

  /* Template widgets */
  GtkStack            *mode_stack;
  GtkImage            *family_icon;
  GtkLabel            *title_label;
  GtkLabel            *subtitle_label;
  GtkBox              *subtitle_box;
  GtkWidget           *device_close_button;
  GtkStack            *section_stack;
  GtkListBox          *general_list;
  GtkListBox          *management_list;
  GtkListBox          *status_list;
  GtkListBox          *timeline_list;
  GtkListBox          *attempts_list;
  GtkLabel            *selection_title;
  GtkWidget           *selection_close_button;
  AdeptStatusChart    *selection_chart;

  GtkWidget           *status_pill;
  GtkWidget           *header_pill;
  GtkWidget           *status_rows[N_CHART_ROWS];
  GtkWidget           *status_since[N_CHART_ROWS];
  GtkWidget           *status_marks[N_CHART_ROWS];

  /* Owned */
  AdeptStore          *store;
  char                *server_id;
  AdeptDevice         *device;
  GHashTable          *values;       /* field → GtkLabel showing it */
  GPtrArray           *timeline;     /* strings, for tests */
  GPtrArray           *attempts;     /* strings, for tests */
  char                *plan;
  AdeptSettings       *settings;
  int                  highlighted;
};

G_DEFINE_FINAL_TYPE (AdeptDevicePanel, adept_device_panel, ADW_TYPE_BIN)

static const struct {
  const char *field;
  const char *title;
  gboolean    general;
} facts[] = {
  { "serial", N_("Serial Number"), TRUE },
  { "model", N_("Model"), TRUE },
  { "description", N_("Description"), TRUE },
  { "color", N_("Color"), TRUE },
  { "family", N_("Family"), TRUE },
  { "os", N_("OS"), TRUE },
  { "asset-tag", N_("Asset Tag"), TRUE },
  { "server-assigned", N_("Assigned to Server"), TRUE },
  { "assigned-by", N_("Assigned By"), TRUE },
  { "status", N_("DEP Profile Status"), FALSE },
  { "profile", N_("Profile"), FALSE },
  { "profile-uuid", N_("Profile UUID"), FALSE },
};

/* Facts: a name and its value side by side, the value wrapping under itself. */

static GtkWidget *
add_fact (AdeptDevicePanel *self,
          GtkListBox       *list,
          const char       *field,
          const char       *title)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *key = gtk_label_new (title);
  GtkWidget *value;

  gtk_label_set_xalign (GTK_LABEL (key), 0);
  gtk_label_set_yalign (GTK_LABEL (key), 0);
  gtk_label_set_wrap (GTK_LABEL (key), TRUE);
  gtk_label_set_width_chars (GTK_LABEL (key), 13);
  gtk_label_set_max_width_chars (GTK_LABEL (key), 13);
  gtk_widget_add_css_class (key, "fact-key");
  gtk_box_append (GTK_BOX (box), key);

  if (g_str_equal (field, "status"))
    {
      value = self->status_pill;
      gtk_box_append (GTK_BOX (box), value);
    }
  else
    {
      value = gtk_label_new (NULL);
      gtk_label_set_selectable (GTK_LABEL (value), TRUE);
      gtk_label_set_wrap (GTK_LABEL (value), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (value), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_xalign (GTK_LABEL (value), 0);
      gtk_widget_set_hexpand (value, TRUE);
      gtk_widget_add_css_class (value, "fact-value");
      if (g_str_equal (field, "serial") || g_str_equal (field, "profile-uuid") ||
          g_str_equal (field, "asset-tag"))
        gtk_widget_add_css_class (value, "monospace");
      gtk_box_append (GTK_BOX (box), value);
      g_hash_table_insert (self->values, (gpointer) field, value);
    }

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_add_css_class (row, "fact");
  gtk_list_box_append (list, row);
  return row;
}

static void
set_value (AdeptDevicePanel *self,
           const char       *field,
           const char       *text)
{
  GtkLabel *label = g_hash_table_lookup (self->values, field);

  g_return_if_fail (label != NULL);

  if (text == NULL || *text == '\0')
    {
      /* Shown, not hidden: an admin wants to see that Apple has no asset tag. */
      gtk_label_set_label (label, "—");
      gtk_widget_add_css_class (GTK_WIDGET (label), "dim-label");
    }
  else
    {
      gtk_label_set_label (label, text);
      gtk_widget_remove_css_class (GTK_WIDGET (label), "dim-label");
    }
}

static void
list_box_clear (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
add_info_row (GtkListBox *list,
              const char *title,
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
  gtk_list_box_append (list, row);
}

/* The status chart: Apple's four statuses with their meaning, the device's own marked
 * with when it got there. */

static GtkWidget *
make_status_row (AdeptDevicePanel   *self,
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

  gtk_box_append (GTK_BOX (box), pill);
  gtk_box_append (GTK_BOX (box), text);
  gtk_box_append (GTK_BOX (box), mark);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_add_css_class (row, "status-chart-row");
  gtk_widget_add_css_class (row, adept_status_css_class (status));

  self->status_since[status] = since;
  self->status_marks[status] = mark;
  return row;
}

/* When the device's profile was removed, from its history: the last change to removed.
 * The first fetch leaves no history, so a first entry that modified the device counts too;
 * a device that arrived already removed has no known date (0). */
static gint64
removed_time (GPtrArray *history)
{
  gint64 when = 0;

  for (guint i = 0; history != NULL && i < history->len; i++)
    {
      AdeptDeviceChange *change = g_ptr_array_index (history, i);
      AdeptDeviceChange *before = i > 0 ? g_ptr_array_index (history, i - 1) : NULL;

      if (change->profile_status != ADEPT_PROFILE_STATUS_REMOVED)
        continue;
      if (before != NULL ? before->profile_status != ADEPT_PROFILE_STATUS_REMOVED
                         : g_strcmp0 (change->op_type, "modified") == 0)
        when = change->op_date ? change->op_date : change->recorded;
    }
  return when;
}

static gint64
status_since (AdeptDevicePanel *self,
              GPtrArray        *history)
{
  switch (adept_device_get_profile_status (self->device))
    {
    case ADEPT_PROFILE_STATUS_ASSIGNED:
      return adept_device_get_profile_assign_time (self->device);
    case ADEPT_PROFILE_STATUS_PUSHED:
      return adept_device_get_profile_push_time (self->device);
    case ADEPT_PROFILE_STATUS_REMOVED:
      return removed_time (history);
    case ADEPT_PROFILE_STATUS_EMPTY:
      return adept_device_get_device_assigned_date (self->device);
    case ADEPT_PROFILE_STATUS_UNKNOWN:
    default:
      return 0;
    }
}

static void
update_status_chart (AdeptDevicePanel *self,
                     GPtrArray        *history)
{
  AdeptProfileStatus status = adept_device_get_profile_status (self->device);
  g_autofree char *since = adept_format_timestamp (status_since (self, history));

  self->highlighted = status < N_CHART_ROWS ? (int) status : -1;
  for (int i = 0; i < N_CHART_ROWS; i++)
    {
      gboolean current = i == self->highlighted;

      gtk_widget_set_visible (self->status_marks[i], current);
      gtk_widget_set_visible (self->status_since[i], current);
      if (current)
        {
          g_autofree char *text = since
            /* Translators: %s is a date and time. */
            ? g_strdup_printf (_("This device, since %s"), since)
            : g_strdup (_("This device"));
          gtk_label_set_label (GTK_LABEL (self->status_since[i]), text);
          gtk_widget_add_css_class (self->status_rows[i], "current-status");
        }
      else
        gtk_widget_remove_css_class (self->status_rows[i], "current-status");
    }
}

/* The timeline */

typedef struct {
  gint64      when;
  const char *what;
  char       *detail;
  const char *icon;
} Event;

static int
compare_events (gconstpointer a,
                gconstpointer b)
{
  const Event *ea = a;
  const Event *eb = b;

  /* Unknown times (0) go last: they are reported, not dated. */
  if ((ea->when == 0) != (eb->when == 0))
    return ea->when == 0 ? 1 : -1;
  return ea->when < eb->when ? -1 : ea->when > eb->when;
}

static void
update_timeline (AdeptDevicePanel *self,
                 GPtrArray        *history,
                 const char       *profile_name)
{
  AdeptDevice *d = self->device;
  g_autoptr(GArray) events = g_array_new (FALSE, TRUE, sizeof (Event));
  const char *by = adept_device_get_device_assigned_by (d);

  if (adept_device_get_device_assigned_date (d) > 0)
    g_array_append_val (events, ((Event) {
      adept_device_get_device_assigned_date (d), _("Assigned to this server"),
      /* Translators: who assigned the device in Apple Business Manager. */
      by ? g_strdup_printf (_("by %s"), by) : NULL, "document-send-symbolic" }));
  if (adept_device_get_profile_assign_time (d) > 0)
    g_array_append_val (events, ((Event) {
      adept_device_get_profile_assign_time (d), _("Profile assigned"),
      g_strdup (profile_name), "emblem-documents-symbolic" }));
  if (adept_device_get_profile_push_time (d) > 0)
    g_array_append_val (events, ((Event) {
      adept_device_get_profile_push_time (d), _("Profile pushed to the device"),
      NULL, "emblem-ok-symbolic" }));
  if (adept_device_get_profile_status (d) == ADEPT_PROFILE_STATUS_REMOVED)
    g_array_append_val (events, ((Event) {
      removed_time (history), _("Profile removed"), NULL, "edit-delete-symbolic" }));

  g_array_sort (events, compare_events);
  list_box_clear (self->timeline_list);
  g_ptr_array_set_size (self->timeline, 0);

  for (guint i = 0; i < events->len; i++)
    {
      Event *e = &g_array_index (events, Event, i);
      g_autofree char *when = e->when ? adept_format_timestamp (e->when)
                                      : g_strdup (_("Date not known"));
      g_autofree char *subtitle = e->detail ? g_strdup_printf ("%s · %s", when, e->detail)
                                            : g_strdup (when);

      add_info_row (self->timeline_list, e->what, subtitle, e->icon, NULL);
      g_ptr_array_add (self->timeline, g_strdup_printf ("%s — %s", e->what, subtitle));
      g_free (e->detail);
    }
  if (events->len == 0)
    add_info_row (self->timeline_list, _("Nothing recorded yet"), NULL, NULL, NULL);
}

/* Assign attempts and the plan */

static char *
describe_answer (const AdeptAssignAttempt *attempt)
{
  g_autoptr(GDateTime) until = NULL;
  g_autofree char *time = NULL;

  switch (attempt->result)
    {
    case ADEPT_ASSIGN_RESULT_SUCCESS:
      return g_strdup (_("Accepted by Apple"));
    case ADEPT_ASSIGN_RESULT_NOT_ACCESSIBLE:
      return g_strdup (_("Not accessible: the device is not assigned to this server"));
    case ADEPT_ASSIGN_RESULT_FAILED:
      return g_strdup (_("Failed"));
    case ADEPT_ASSIGN_RESULT_THROTTLED:
      if (attempt->retry_after <= 0)
        return g_strdup (_("Throttled by Apple"));
      until = g_date_time_new_from_unix_local (attempt->time + attempt->retry_after);
      time = g_date_time_format (until, "%H:%M");
      /* Translators: %s is a time of day. */
      return g_strdup_printf (_("Throttled until %s"), time);
    case ADEPT_ASSIGN_RESULT_ERROR:
    default:
      return g_strdup (attempt->detail ? attempt->detail : _("Not sent"));
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
answer_icon (AdeptAssignResult result,
             const char      **css_class)
{
  *css_class = result == ADEPT_ASSIGN_RESULT_SUCCESS ? "success"
             : result == ADEPT_ASSIGN_RESULT_THROTTLED ? "warning" : "error";
  return result == ADEPT_ASSIGN_RESULT_SUCCESS ? "emblem-ok-symbolic"
       : result == ADEPT_ASSIGN_RESULT_THROTTLED ? "alarm-symbolic" : "dialog-warning-symbolic";
}

static char *
describe_plan (AdeptDevicePanel *self)
{
  g_autoptr(GError) error = NULL;
  AdeptAssignPlan plan;
  gint64 when = 0;

  plan = adept_store_get_assign_plan (self->store, self->server_id,
                                      adept_device_get_serial_number (self->device), &when,
                                      &error);
  if (error != NULL)
    return g_strdup (error->message);
  if (plan == ADEPT_ASSIGN_PLAN_NOTHING)
    switch (adept_device_get_profile_status (self->device))
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

static const char *
profile_name (AdeptDevicePanel *self,
              const char       *uuid,
              char            **owned)
{
  g_autoptr(AdeptStoredProfile) profile = NULL;

  *owned = NULL;
  if (uuid == NULL || *uuid == '\0' || self->store == NULL)
    return NULL;
  profile = adept_store_get_profile (self->store, self->server_id, uuid, NULL);
  if (profile == NULL)
    return _("A profile not defined in this console");
  *owned = g_strdup (profile->name);
  return *owned;
}

static void
update_attempts (AdeptDevicePanel *self)
{
  g_autoptr(GPtrArray) attempts = NULL;

  list_box_clear (self->attempts_list);
  g_ptr_array_set_size (self->attempts, 0);
  g_clear_pointer (&self->plan, g_free);
  if (self->store == NULL)
    return;

  attempts = adept_store_list_assign_attempts (self->store, self->server_id,
                                               adept_device_get_serial_number (self->device),
                                               NULL);
  for (guint i = 0; attempts != NULL && i < attempts->len; i++)
    {
      AdeptAssignAttempt *attempt = g_ptr_array_index (attempts, i);
      g_autofree char *answer = describe_answer (attempt);
      g_autofree char *when = adept_format_timestamp (attempt->time);
      g_autofree char *owned = NULL;
      const char *name = profile_name (self, attempt->profile_uuid, &owned);
      g_autofree char *subtitle = g_strdup_printf ("%s · %s · %s", when ? when : "—",
                                                   describe_origin (attempt->origin),
                                                   name ? name : "—");
      const char *css_class;
      const char *icon = answer_icon (attempt->result, &css_class);

      add_info_row (self->attempts_list, answer, subtitle, icon, css_class);
      g_ptr_array_add (self->attempts, g_strdup_printf ("%s — %s", answer, subtitle));
    }

  self->plan = describe_plan (self);
  add_info_row (self->attempts_list, _("Next"), self->plan, "media-playlist-consecutive-symbolic",
                NULL);
}

/* One device */

static void
update_device (AdeptDevicePanel *self)
{
  AdeptDevice *d = self->device;
  g_autoptr(GPtrArray) history = NULL;
  g_autofree char *name_owned = NULL;
  g_autofree char *assigned = adept_format_timestamp (adept_device_get_device_assigned_date (d));
  const char *name;

  if (self->store != NULL)
    history = adept_store_list_device_history (self->store, self->server_id,
                                               adept_device_get_serial_number (d), NULL);
  name = profile_name (self, adept_device_get_profile_uuid (d), &name_owned);

  gtk_image_set_from_icon_name (self->family_icon,
                                adept_family_icon_name (adept_device_get_device_family (d)));
  /* Apple's descriptions are SKU strings; the model reads better as a title. */
  gtk_label_set_label (self->title_label, adept_device_get_model (d));
  gtk_label_set_label (self->subtitle_label, adept_device_get_serial_number (d));

  set_value (self, "serial", adept_device_get_serial_number (d));
  set_value (self, "model", adept_device_get_model (d));
  set_value (self, "description", adept_device_get_description (d));
  set_value (self, "color", adept_device_get_color (d));
  set_value (self, "family", adept_family_label (adept_device_get_device_family (d)));
  set_value (self, "os", adept_os_label (adept_device_get_os (d)));
  set_value (self, "asset-tag", adept_device_get_asset_tag (d));
  set_value (self, "server-assigned", assigned);
  set_value (self, "assigned-by", adept_device_get_device_assigned_by (d));
  set_value (self, "profile", name);
  set_value (self, "profile-uuid", adept_device_get_profile_uuid (d));

  adept_status_pill_set (self->status_pill, adept_device_get_profile_status (d));
  adept_status_pill_set (self->header_pill, adept_device_get_profile_status (d));

  update_status_chart (self, history);
  update_timeline (self, history, name);
  update_attempts (self);
}

static void
on_device_notify (AdeptDevicePanel *self)
{
  update_device (self);
}

static void
set_device (AdeptDevicePanel *self,
            AdeptDevice      *device)
{
  if (self->device == device)
    return;
  if (self->device != NULL)
    g_signal_handlers_disconnect_by_data (self->device, self);
  g_set_object (&self->device, device);
  if (device != NULL)
    g_signal_connect_object (device, "notify", G_CALLBACK (on_device_notify), self,
                             G_CONNECT_SWAPPED);
}

void
adept_device_panel_show_device (AdeptDevicePanel *self,
                                AdeptDevice      *device)
{
  g_return_if_fail (ADEPT_IS_DEVICE_PANEL (self));
  g_return_if_fail (ADEPT_IS_DEVICE (device));

  set_device (self, device);
  update_device (self);
  gtk_stack_set_visible_child_name (self->mode_stack, "device");
}

void
adept_device_panel_show_selection (AdeptDevicePanel *self,
                                   guint             n_devices,
                                   const guint      *status_counts)
{
  g_autofree char *count = adept_format_count (n_devices);
  g_autofree char *title = NULL;

  g_return_if_fail (ADEPT_IS_DEVICE_PANEL (self));
  g_return_if_fail (status_counts != NULL);

  set_device (self, NULL);
  self->highlighted = -1;
  /* Translators: "3 Devices Selected"; %s is a number. */
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s Device Selected",
                                        "%s Devices Selected", n_devices), count);
  gtk_label_set_label (self->selection_title, title);
  for (int i = 0; i < N_STATUSES; i++)
    adept_status_chart_set_count (self->selection_chart, i, status_counts[i]);
  gtk_stack_set_visible_child_name (self->mode_stack, "selection");
}

void
adept_device_panel_show_nothing (AdeptDevicePanel *self)
{
  g_return_if_fail (ADEPT_IS_DEVICE_PANEL (self));

  set_device (self, NULL);
  self->highlighted = -1;
  gtk_stack_set_visible_child_name (self->mode_stack, "nothing");
}

void
adept_device_panel_reload (AdeptDevicePanel *self)
{
  g_return_if_fail (ADEPT_IS_DEVICE_PANEL (self));

  if (self->device != NULL)
    update_device (self);
}

void
adept_device_panel_set_store (AdeptDevicePanel *self,
                              AdeptStore       *store,
                              const char       *server_id)
{
  g_return_if_fail (ADEPT_IS_DEVICE_PANEL (self));
  g_return_if_fail (ADEPT_IS_STORE (store));

  g_set_object (&self->store, store);
  g_free (self->server_id);
  self->server_id = g_strdup (server_id);
  adept_device_panel_show_nothing (self);
}

const char *
adept_device_panel_get_section (AdeptDevicePanel *self)
{
  g_return_val_if_fail (ADEPT_IS_DEVICE_PANEL (self), NULL);

  return gtk_stack_get_visible_child_name (self->section_stack);
}

void
adept_device_panel_set_section (AdeptDevicePanel *self,
                                const char       *section)
{
  g_return_if_fail (ADEPT_IS_DEVICE_PANEL (self));

  gtk_stack_set_visible_child_name (self->section_stack, section);
}

void
adept_device_panel_set_closable (AdeptDevicePanel *self,
                                 gboolean          closable)
{
  g_return_if_fail (ADEPT_IS_DEVICE_PANEL (self));

  gtk_widget_set_visible (self->device_close_button, closable);
  gtk_widget_set_visible (self->selection_close_button, closable);
}

const char *
adept_device_panel_get_mode (AdeptDevicePanel *self)
{
  g_return_val_if_fail (ADEPT_IS_DEVICE_PANEL (self), NULL);

  return gtk_stack_get_visible_child_name (self->mode_stack);
}

AdeptDevice *
adept_device_panel_get_device (AdeptDevicePanel *self)
{
  g_return_val_if_fail (ADEPT_IS_DEVICE_PANEL (self), NULL);

  return self->device;
}

const char *
adept_device_panel_get_value (AdeptDevicePanel *self,
                              const char       *field)
{
  GtkLabel *label;

  g_return_val_if_fail (ADEPT_IS_DEVICE_PANEL (self), NULL);

  if (g_str_equal (field, "selection-title"))
    return g_str_equal (adept_device_panel_get_mode (self), "selection")
           ? gtk_label_get_label (self->selection_title) : NULL;
  if (self->device == NULL)
    return NULL;
  if (g_str_equal (field, "status"))
    return gtk_label_get_label (GTK_LABEL (self->status_pill));
  if (g_str_equal (field, "plan"))
    return self->plan;
  label = g_hash_table_lookup (self->values, field);
  return label ? gtk_label_get_label (label) : NULL;
}

int
adept_device_panel_get_highlighted_status (AdeptDevicePanel *self)
{
  g_return_val_if_fail (ADEPT_IS_DEVICE_PANEL (self), -1);

  return self->highlighted;
}

static GStrv
dup_strings (GPtrArray *strings)
{
  GStrv copy = g_new0 (char *, strings->len + 1);

  for (guint i = 0; i < strings->len; i++)
    copy[i] = g_strdup (g_ptr_array_index (strings, i));
  return copy;
}

GStrv
adept_device_panel_dup_timeline (AdeptDevicePanel *self)
{
  g_return_val_if_fail (ADEPT_IS_DEVICE_PANEL (self), NULL);

  return dup_strings (self->timeline);
}

GStrv
adept_device_panel_dup_attempts (AdeptDevicePanel *self)
{
  g_return_val_if_fail (ADEPT_IS_DEVICE_PANEL (self), NULL);

  return dup_strings (self->attempts);
}

AdeptStatusChart *
adept_device_panel_get_selection_chart (AdeptDevicePanel *self)
{
  g_return_val_if_fail (ADEPT_IS_DEVICE_PANEL (self), NULL);

  return self->selection_chart;
}

/* The section the admin chose stays for the next devices, in this window and the next. */
static void
on_section_changed (AdeptDevicePanel *self)
{
  const char *section = gtk_stack_get_visible_child_name (self->section_stack);

  if (self->settings != NULL && section != NULL)
    g_object_set (self->settings, "device-panel-section", section, NULL);
}

/* GObject */

static void
adept_device_panel_dispose (GObject *object)
{
  AdeptDevicePanel *self = ADEPT_DEVICE_PANEL (object);

  set_device (self, NULL);
  /* The bin's child is a bound template child: the bin drops it first, or both would
   * unparent it. */
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), ADEPT_TYPE_DEVICE_PANEL);
  G_OBJECT_CLASS (adept_device_panel_parent_class)->dispose (object);
}

static void
adept_device_panel_finalize (GObject *object)
{
  AdeptDevicePanel *self = ADEPT_DEVICE_PANEL (object);

  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->values, g_hash_table_unref);
  g_clear_pointer (&self->timeline, g_ptr_array_unref);
  g_clear_pointer (&self->attempts, g_ptr_array_unref);
  g_free (self->plan);
  g_free (self->server_id);
  G_OBJECT_CLASS (adept_device_panel_parent_class)->finalize (object);
}

static void
adept_device_panel_class_init (AdeptDevicePanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = adept_device_panel_dispose;
  object_class->finalize = adept_device_panel_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/adept-device-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, AdeptDevicePanel, mode_stack);
  gtk_widget_class_bind_template_child (widget_class, AdeptDevicePanel, family_icon);
  gtk_widget_class_bind_template_child (widget_class, AdeptDevicePanel, title_label);
  gtk_widget_class_bind_template_child (widget_class, AdeptDevicePanel, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, AdeptDevicePanel, device_close_button);
  gtk_widget_class_bind_template_child (widget_class, AdeptDevicePanel, subtitle_box);
  gtk_widget_class_bind_template_child (widget_class, AdeptDevicePanel, section_stack);
  gtk_widget_class_bind_template_child (widget_class, AdeptDevicePanel, general_list);
  gtk_widget_class_bind_template_callback (widget_class, on_section_changed);
  gtk_widget_class_bind_template_child (widget_class, AdeptDevicePanel, management_list);
  gtk_widget_class_bind_template_child (widget_class, AdeptDevicePanel, status_list);
  gtk_widget_class_bind_template_child (widget_class, AdeptDevicePanel, timeline_list);
  gtk_widget_class_bind_template_child (widget_class, AdeptDevicePanel, attempts_list);
  gtk_widget_class_bind_template_child (widget_class, AdeptDevicePanel, selection_title);
  gtk_widget_class_bind_template_child (widget_class, AdeptDevicePanel, selection_close_button);
  gtk_widget_class_bind_template_child (widget_class, AdeptDevicePanel, selection_chart);

  g_type_ensure (ADEPT_TYPE_STATUS_CHART);
}

static void
adept_device_panel_init (AdeptDevicePanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->values = g_hash_table_new (g_str_hash, g_str_equal);
  self->timeline = g_ptr_array_new_with_free_func (g_free);
  self->attempts = g_ptr_array_new_with_free_func (g_free);
  self->highlighted = -1;

  self->status_pill = adept_status_pill_new ();
  self->header_pill = adept_status_pill_new ();
  gtk_box_append (self->subtitle_box, self->header_pill);
  for (guint i = 0; i < G_N_ELEMENTS (facts); i++)
    add_fact (self, facts[i].general ? self->general_list : self->management_list,
              facts[i].field, _(facts[i].title));

  for (int i = 0; i < N_CHART_ROWS; i++)
    {
      self->status_rows[i] = make_status_row (self, i);
      gtk_list_box_append (self->status_list, self->status_rows[i]);
    }

  self->settings = g_object_ref (adept_settings_get_default ());
  {
    g_autofree char *section = NULL;

    g_object_get (self->settings, "device-panel-section", &section, NULL);
    gtk_stack_set_visible_child_name (self->section_stack, section);
  }
}
