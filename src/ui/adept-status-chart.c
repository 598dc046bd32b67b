/* adept-status-chart.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-status-chart"

#include "config.h"

#include <glib/gi18n.h>

#include "adept-device-format.h"
#include "adept-status-chart.h"
#include "adept-ui-util.h"

#define N_STATUSES   ADEPT_STATUS_CHART_N_STATUSES
#define BAR_HEIGHT   14
#define BAR_RADIUS   7
#define BAR_SPACING  8
/* A status with a single device still gets a part one can see and click. */
#define MIN_SEGMENT  6

struct _AdeptStatusChart
{
  GtkWidget       parent_instance;

  GtkWidget      *legend;
  GtkWidget      *buttons[N_STATUSES];
  GtkWidget      *swatches[N_STATUSES];
  GtkWidget      *count_labels[N_STATUSES];
  GtkWidget      *share_labels[N_STATUSES];

  guint           counts[N_STATUSES];
  int             selected;
  gboolean        interactive;
  gboolean        syncing;
};

G_DEFINE_FINAL_TYPE (AdeptStatusChart, adept_status_chart, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SELECTED,
  PROP_INTERACTIVE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Where each part of the bar starts: x[i]..x[i+1] is status i (empty when its count is
 * 0). Small parts are widened to MIN_SEGMENT, taken from the largest. */
static void
layout_segments (AdeptStatusChart *self,
                 int               width,
                 int               x[N_STATUSES + 1])
{
  guint total = adept_status_chart_get_total (self);
  int widths[N_STATUSES] = { 0, };
  int sum = 0;
  int largest = 0;

  for (int i = 0; i < N_STATUSES; i++)
    {
      if (total > 0 && self->counts[i] > 0)
        widths[i] = MAX (MIN_SEGMENT, (int) ((double) width * self->counts[i] / total + 0.5));
      sum += widths[i];
      if (widths[i] > widths[largest])
        largest = i;
    }
  if (total > 0)
    widths[largest] = MAX (0, widths[largest] + width - sum);

  x[0] = 0;
  for (int i = 0; i < N_STATUSES; i++)
    x[i + 1] = x[i] + widths[i];
}

int
adept_status_chart_get_status_at (AdeptStatusChart *self,
                                  double            x,
                                  double            y)
{
  int edges[N_STATUSES + 1];

  g_return_val_if_fail (ADEPT_IS_STATUS_CHART (self), -1);

  if (y < 0 || y >= BAR_HEIGHT)
    return -1;
  layout_segments (self, gtk_widget_get_width (GTK_WIDGET (self)), edges);
  for (int i = 0; i < N_STATUSES; i++)
    if (x >= edges[i] && x < edges[i + 1])
      return i;
  return -1;
}

/* Drawing */

static void
get_status_color (AdeptStatusChart   *self,
                  AdeptProfileStatus  status,
                  GdkRGBA            *color)
{
  /* The swatch carries the status's CSS class, so style.css is the one place colours
   * are defined (gtk_widget_get_color needs GTK 4.10). */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (self->swatches[status]), color);
  G_GNUC_END_IGNORE_DEPRECATIONS
}

static void
adept_status_chart_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  AdeptStatusChart *self = ADEPT_STATUS_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int edges[N_STATUSES + 1];
  GskRoundedRect outline;

  layout_segments (self, width, edges);
  gsk_rounded_rect_init_from_rect (&outline, &GRAPHENE_RECT_INIT (0, 0, width, BAR_HEIGHT),
                                   BAR_RADIUS);
  gtk_snapshot_push_rounded_clip (snapshot, &outline);

  if (adept_status_chart_get_total (self) == 0)
    {
      GdkRGBA empty;

      get_status_color (self, ADEPT_PROFILE_STATUS_EMPTY, &empty);
      empty.alpha *= 0.25f;
      gtk_snapshot_append_color (snapshot, &empty, &GRAPHENE_RECT_INIT (0, 0, width, BAR_HEIGHT));
    }

  for (int i = 0; i < N_STATUSES; i++)
    {
      GdkRGBA color;

      if (edges[i + 1] <= edges[i])
        continue;
      get_status_color (self, i, &color);
      /* The other parts fade while one status filters the list. */
      if (self->selected >= 0 && self->selected != i)
        color.alpha *= 0.3f;
      gtk_snapshot_append_color (snapshot, &color,
                                 &GRAPHENE_RECT_INIT (edges[i], 0, edges[i + 1] - edges[i],
                                                      BAR_HEIGHT));
    }
  gtk_snapshot_pop (snapshot);

  gtk_widget_snapshot_child (widget, self->legend, snapshot);
}

/* Size: the bar on top of the legend, whose height depends on its width. */

static GtkSizeRequestMode
adept_status_chart_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
adept_status_chart_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  AdeptStatusChart *self = ADEPT_STATUS_CHART (widget);

  gtk_widget_measure (self->legend, orientation, for_size, minimum, natural, NULL, NULL);
  if (orientation == GTK_ORIENTATION_VERTICAL)
    {
      *minimum += BAR_HEIGHT + BAR_SPACING;
      *natural += BAR_HEIGHT + BAR_SPACING;
    }
}

static void
adept_status_chart_size_allocate (GtkWidget *widget,
                                  int        width,
                                  int        height,
                                  int        baseline)
{
  AdeptStatusChart *self = ADEPT_STATUS_CHART (widget);
  int top = BAR_HEIGHT + BAR_SPACING;

  gtk_widget_size_allocate (self->legend,
                            &(GtkAllocation) { 0, top, width, MAX (0, height - top) }, -1);
}

/* Selection */

static void
sync_buttons (AdeptStatusChart *self)
{
  self->syncing = TRUE;
  for (int i = 0; i < N_STATUSES; i++)
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->buttons[i]), self->selected == i);
  self->syncing = FALSE;
}

void
adept_status_chart_set_selected (AdeptStatusChart *self,
                                 int               status)
{
  g_return_if_fail (ADEPT_IS_STATUS_CHART (self));

  if (status < 0 || status >= N_STATUSES)
    status = -1;
  if (self->selected == status)
    return;

  self->selected = status;
  sync_buttons (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

int
adept_status_chart_get_selected (AdeptStatusChart *self)
{
  g_return_val_if_fail (ADEPT_IS_STATUS_CHART (self), -1);

  return self->selected;
}

static void
toggle_status (AdeptStatusChart *self,
               int               status)
{
  if (!self->interactive)
    return;
  adept_status_chart_set_selected (self, self->selected == status ? -1 : status);
}

static void
select_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  toggle_status (ADEPT_STATUS_CHART (widget), g_variant_get_int32 (param));
}

static void
on_button_toggled (GtkToggleButton  *button,
                   AdeptStatusChart *self)
{
  if (self->syncing)
    return;
  toggle_status (self, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "status")));
  /* A button of a non-interactive chart, or one toggled against the selection, snaps
   * back to what the selection says. */
  sync_buttons (self);
}

static void
on_bar_released (GtkGestureClick  *gesture,
                 int               n_press,
                 double            x,
                 double            y,
                 AdeptStatusChart *self)
{
  int status = adept_status_chart_get_status_at (self, x, y);

  if (status >= 0)
    toggle_status (self, status);
}

static gboolean
on_query_tooltip (AdeptStatusChart *self,
                  int               x,
                  int               y,
                  gboolean          keyboard,
                  GtkTooltip       *tooltip)
{
  int status = keyboard ? -1 : adept_status_chart_get_status_at (self, x, y);
  g_autofree char *count = NULL;
  g_autofree char *text = NULL;
  guint total;

  if (status < 0)
    return FALSE;
  total = adept_status_chart_get_total (self);
  count = adept_format_count (self->counts[status]);
  /* Translators: "Pushed: 60,123 devices (60 %)". */
  text = g_strdup_printf (_("%s: %s devices (%.0f%%)"), adept_profile_status_get_label (status),
                          count, total ? 100.0 * self->counts[status] / total : 0.0);
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* Counts */

static void
update_legend (AdeptStatusChart   *self,
               AdeptProfileStatus  status)
{
  g_autofree char *count = adept_format_count (self->counts[status]);
  guint total = adept_status_chart_get_total (self);
  g_autofree char *share = NULL;

  gtk_label_set_label (GTK_LABEL (self->count_labels[status]), count);
  /* Translators: a status's share of all devices, "60%". */
  share = total ? g_strdup_printf (_("%.0f%%"), 100.0 * self->counts[status] / total)
                : g_strdup ("");
  gtk_label_set_label (GTK_LABEL (self->share_labels[status]), share);
  /* "Other" appears only when Apple sends a status we do not know. */
  if (status == ADEPT_PROFILE_STATUS_UNKNOWN && gtk_widget_get_parent (self->buttons[status]))
    gtk_widget_set_visible (gtk_widget_get_parent (self->buttons[status]), self->counts[status] > 0);
}

void
adept_status_chart_set_count (AdeptStatusChart   *self,
                              AdeptProfileStatus  status,
                              guint               count)
{
  g_return_if_fail (ADEPT_IS_STATUS_CHART (self));
  g_return_if_fail (status < N_STATUSES);

  if (self->counts[status] == count)
    return;
  self->counts[status] = count;
  /* Every share changes with the total. */
  for (int i = 0; i < N_STATUSES; i++)
    update_legend (self, i);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
adept_status_chart_get_count (AdeptStatusChart   *self,
                              AdeptProfileStatus  status)
{
  g_return_val_if_fail (ADEPT_IS_STATUS_CHART (self), 0);
  g_return_val_if_fail (status < N_STATUSES, 0);

  return self->counts[status];
}

guint
adept_status_chart_get_total (AdeptStatusChart *self)
{
  guint total = 0;

  g_return_val_if_fail (ADEPT_IS_STATUS_CHART (self), 0);

  for (int i = 0; i < N_STATUSES; i++)
    total += self->counts[i];
  return total;
}

gboolean
adept_status_chart_get_interactive (AdeptStatusChart *self)
{
  g_return_val_if_fail (ADEPT_IS_STATUS_CHART (self), FALSE);

  return self->interactive;
}

void
adept_status_chart_set_interactive (AdeptStatusChart *self,
                                    gboolean          interactive)
{
  g_return_if_fail (ADEPT_IS_STATUS_CHART (self));

  interactive = !!interactive;
  if (self->interactive == interactive)
    return;

  self->interactive = interactive;
  for (int i = 0; i < N_STATUSES; i++)
    {
      gtk_widget_set_can_target (self->buttons[i], interactive);
      gtk_widget_set_focusable (self->buttons[i], interactive);
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chart.select", interactive);
  if (!interactive)
    adept_status_chart_set_selected (self, -1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INTERACTIVE]);
}

/* Construction */

static GtkWidget *
make_legend_entry (AdeptStatusChart   *self,
                   AdeptProfileStatus  status)
{
  GtkWidget *button = gtk_toggle_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *name = gtk_label_new (adept_profile_status_get_label (status));
  GtkWidget *swatch = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *count = gtk_label_new ("0");
  GtkWidget *share = gtk_label_new (NULL);

  gtk_widget_add_css_class (swatch, "status-swatch");
  gtk_widget_add_css_class (swatch, adept_status_css_class (status));
  gtk_widget_set_valign (swatch, GTK_ALIGN_CENTER);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (name, "caption-heading");
  gtk_box_append (GTK_BOX (top), swatch);
  gtk_box_append (GTK_BOX (top), name);
  gtk_box_append (GTK_BOX (top), share);

  gtk_label_set_xalign (GTK_LABEL (count), 0);
  gtk_widget_add_css_class (count, "status-count");
  gtk_widget_add_css_class (count, "numeric");

  gtk_widget_add_css_class (share, "status-share");
  gtk_widget_add_css_class (share, "numeric");

  gtk_box_append (GTK_BOX (box), top);
  gtk_box_append (GTK_BOX (box), count);
  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "status-chart-entry");
  gtk_widget_set_tooltip_text (button, adept_profile_status_get_meaning (status));
  g_object_set_data (G_OBJECT (button), "status", GINT_TO_POINTER (status));
  g_signal_connect_object (button, "toggled", G_CALLBACK (on_button_toggled), self, 0);

  self->swatches[status] = swatch;
  self->count_labels[status] = count;
  self->share_labels[status] = share;
  return button;
}

static void
adept_status_chart_dispose (GObject *object)
{
  AdeptStatusChart *self = ADEPT_STATUS_CHART (object);

  g_clear_pointer (&self->legend, gtk_widget_unparent);
  G_OBJECT_CLASS (adept_status_chart_parent_class)->dispose (object);
}

static void
adept_status_chart_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  AdeptStatusChart *self = ADEPT_STATUS_CHART (object);

  switch (prop_id)
    {
    case PROP_SELECTED:
      g_value_set_int (value, self->selected);
      break;
    case PROP_INTERACTIVE:
      g_value_set_boolean (value, self->interactive);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
adept_status_chart_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  AdeptStatusChart *self = ADEPT_STATUS_CHART (object);

  switch (prop_id)
    {
    case PROP_SELECTED:
      adept_status_chart_set_selected (self, g_value_get_int (value));
      break;
    case PROP_INTERACTIVE:
      adept_status_chart_set_interactive (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
adept_status_chart_class_init (AdeptStatusChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = adept_status_chart_dispose;
  object_class->get_property = adept_status_chart_get_property;
  object_class->set_property = adept_status_chart_set_property;

  widget_class->snapshot = adept_status_chart_snapshot;
  widget_class->measure = adept_status_chart_measure;
  widget_class->get_request_mode = adept_status_chart_get_request_mode;
  widget_class->size_allocate = adept_status_chart_size_allocate;

  properties[PROP_SELECTED] =
    g_param_spec_int ("selected", NULL, NULL, -1, N_STATUSES - 1, -1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INTERACTIVE] =
    g_param_spec_boolean ("interactive", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "chart.select", "i", select_action);

  gtk_widget_class_set_css_name (widget_class, "statuschart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
adept_status_chart_init (AdeptStatusChart *self)
{
  GtkGesture *click = gtk_gesture_click_new ();

  self->selected = -1;
  self->interactive = TRUE;

  /* A row of entries that wraps two by two in narrow windows. */
  self->legend = gtk_flow_box_new ();
  gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (self->legend), TRUE);
  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (self->legend), GTK_SELECTION_NONE);
  gtk_flow_box_set_min_children_per_line (GTK_FLOW_BOX (self->legend), 2);
  /* Four a line: "Other" wraps under them when Apple sends an unknown status. */
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (self->legend), ADEPT_PROFILE_STATUS_UNKNOWN);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (self->legend), 6);
  gtk_widget_set_parent (self->legend, GTK_WIDGET (self));
  for (int i = 0; i < N_STATUSES; i++)
    {
      self->buttons[i] = make_legend_entry (self, i);
      gtk_flow_box_append (GTK_FLOW_BOX (self->legend), self->buttons[i]);
      /* The button takes the focus, not the box's child around it. */
      gtk_widget_set_focusable (gtk_widget_get_parent (self->buttons[i]), FALSE);
      update_legend (self, i);
    }

  g_signal_connect_object (click, "released", G_CALLBACK (on_bar_released), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (on_query_tooltip), NULL);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Devices per DEP Profile Status"), -1);
}

GtkWidget *
adept_status_chart_new (void)
{
  return g_object_new (ADEPT_TYPE_STATUS_CHART, NULL);
}
