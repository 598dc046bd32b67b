/* adept-status-chart.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-status-chart"

#include "config.h"

#include <glib/gi18n.h>

#include "adept-status-chart.h"
#include "adept-ui-util.h"

#define BAR_HEIGHT    14
#define BAR_RADIUS    7
#define SCOPE_SPACING 6
#define BAR_SPACING   8
/* A status with a single device still gets a part one can see and click. */
#define MIN_SEGMENT   6

typedef struct {
  const AdeptDeviceCategory *category;
  guint                      count;
  GtkWidget                 *child;     /* the flow box's child holding the button */
  GtkWidget                 *button;
  GtkWidget                 *swatch;
  GtkWidget                 *count_label;
  GtkWidget                 *share_label;
  GtkWidget                 *check;
  char                      *share;
} Entry;

struct _AdeptStatusChart
{
  GtkWidget              parent_instance;

  GtkWidget             *scope_label;
  GtkWidget             *legend;
  GArray                *entries;     /* Entry */

  AdeptStatusChartScope  scope;
  int                    selected;
  gboolean               interactive;
  gboolean               syncing;
};

G_DEFINE_FINAL_TYPE (AdeptStatusChart, adept_status_chart, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SELECTED,
  PROP_INTERACTIVE,
  PROP_SCOPE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static Entry *
entry_at (AdeptStatusChart *self,
          guint             index)
{
  return &g_array_index (self->entries, Entry, index);
}

static gboolean
is_part (const Entry *entry)
{
  return entry->category->kind == ADEPT_DEVICE_CATEGORY_STATUS;
}

static int
bar_top (AdeptStatusChart *self)
{
  return gtk_widget_get_height (self->scope_label) + SCOPE_SPACING;
}

/* Where each part of the bar starts: x[i]..x[i+1] is entry i (empty for a facet or a
 * count of 0). Small parts are widened to MIN_SEGMENT, taken from the largest. */
static void
layout_segments (AdeptStatusChart *self,
                 int               width,
                 int              *x)
{
  guint n = self->entries->len;
  guint total = adept_status_chart_get_total (self);
  g_autofree int *widths = g_new0 (int, MAX (n, 1));
  int sum = 0;
  guint largest = 0;

  for (guint i = 0; i < n; i++)
    {
      Entry *entry = entry_at (self, i);

      if (total > 0 && is_part (entry) && entry->count > 0)
        widths[i] = MAX (MIN_SEGMENT, (int) ((double) width * entry->count / total + 0.5));
      sum += widths[i];
      if (widths[i] > widths[largest])
        largest = i;
    }
  if (total > 0 && n > 0)
    widths[largest] = MAX (0, widths[largest] + width - sum);

  x[0] = 0;
  for (guint i = 0; i < n; i++)
    x[i + 1] = x[i] + widths[i];
}

int
adept_status_chart_get_status_at (AdeptStatusChart *self,
                                  double            x,
                                  double            y)
{
  g_autofree int *edges = NULL;
  int top;

  g_return_val_if_fail (ADEPT_IS_STATUS_CHART (self), -1);

  top = bar_top (self);
  if (y < top || y >= top + BAR_HEIGHT)
    return -1;
  edges = g_new (int, self->entries->len + 1);
  layout_segments (self, gtk_widget_get_width (GTK_WIDGET (self)), edges);
  for (guint i = 0; i < self->entries->len; i++)
    if (x >= edges[i] && x < edges[i + 1])
      return (int) i;
  return -1;
}

int
adept_status_chart_get_bar_y (AdeptStatusChart *self)
{
  g_return_val_if_fail (ADEPT_IS_STATUS_CHART (self), 0);

  return bar_top (self);
}

/* Drawing */

static void
get_color (Entry   *entry,
           GdkRGBA *color)
{
  /* The swatch carries the category's CSS class, so style.css is the one place colours
   * are defined (gtk_widget_get_color needs GTK 4.10). */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (entry->swatch), color);
  G_GNUC_END_IGNORE_DEPRECATIONS
}

static void
adept_status_chart_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  AdeptStatusChart *self = ADEPT_STATUS_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int top = bar_top (self);
  g_autofree int *edges = g_new (int, self->entries->len + 1);
  GskRoundedRect outline;

  gtk_widget_snapshot_child (widget, self->scope_label, snapshot);

  layout_segments (self, width, edges);
  gsk_rounded_rect_init_from_rect (&outline, &GRAPHENE_RECT_INIT (0, top, width, BAR_HEIGHT),
                                   BAR_RADIUS);
  gtk_snapshot_push_rounded_clip (snapshot, &outline);

  if (adept_status_chart_get_total (self) == 0 && self->entries->len > 0)
    {
      GdkRGBA empty;

      get_color (entry_at (self, 0), &empty);
      empty.alpha *= 0.25f;
      gtk_snapshot_append_color (snapshot, &empty, &GRAPHENE_RECT_INIT (0, top, width, BAR_HEIGHT));
    }

  for (guint i = 0; i < self->entries->len; i++)
    {
      GdkRGBA color;

      if (edges[i + 1] <= edges[i])
        continue;
      get_color (entry_at (self, i), &color);
      /* The other parts fade while one category filters the list. */
      if (self->selected >= 0 && self->selected != (int) i)
        color.alpha *= 0.3f;
      gtk_snapshot_append_color (snapshot, &color,
                                 &GRAPHENE_RECT_INIT (edges[i], top, edges[i + 1] - edges[i],
                                                      BAR_HEIGHT));
    }
  gtk_snapshot_pop (snapshot);

  gtk_widget_snapshot_child (widget, self->legend, snapshot);
}

/* Size: the scope sentence, the bar, then the legend, whose height depends on its width. */

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
  int scope_min, scope_nat;

  gtk_widget_measure (self->legend, orientation, for_size, minimum, natural, NULL, NULL);
  gtk_widget_measure (self->scope_label, orientation, for_size, &scope_min, &scope_nat, NULL, NULL);
  if (orientation == GTK_ORIENTATION_VERTICAL)
    {
      *minimum += scope_min + SCOPE_SPACING + BAR_HEIGHT + BAR_SPACING;
      *natural += scope_nat + SCOPE_SPACING + BAR_HEIGHT + BAR_SPACING;
    }
  else
    {
      *minimum = MAX (*minimum, scope_min);
      *natural = MAX (*natural, scope_nat);
    }
}

static void
adept_status_chart_size_allocate (GtkWidget *widget,
                                  int        width,
                                  int        height,
                                  int        baseline)
{
  AdeptStatusChart *self = ADEPT_STATUS_CHART (widget);
  int scope_height;
  int top;

  gtk_widget_measure (self->scope_label, GTK_ORIENTATION_VERTICAL, width, NULL, &scope_height,
                      NULL, NULL);
  gtk_widget_size_allocate (self->scope_label, &(GtkAllocation) { 0, 0, width, scope_height }, -1);
  top = scope_height + SCOPE_SPACING + BAR_HEIGHT + BAR_SPACING;
  gtk_widget_size_allocate (self->legend,
                            &(GtkAllocation) { 0, top, width, MAX (0, height - top) }, -1);
}

/* Words: what the chart and each entry say, on screen and to assistive technologies */

static void
update_scope (AdeptStatusChart *self)
{
  guint total = adept_status_chart_get_total (self);
  g_autofree char *count = adept_format_count (total);
  g_autofree char *text = NULL;
  GString *summary = g_string_new (NULL);

  switch (self->scope)
    {
    case ADEPT_STATUS_CHART_SCOPE_MATCHING:
      /* Translators: above the status chart while a search or a filter narrows the list. */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "DEP profile status of the %s device matching the search and filters",
                                           "DEP profile status of the %s devices matching the search and filters",
                                           total), count);
      break;
    case ADEPT_STATUS_CHART_SCOPE_SELECTED:
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "DEP profile status of the %s selected device",
                                           "DEP profile status of the %s selected devices",
                                           total), count);
      break;
    case ADEPT_STATUS_CHART_SCOPE_ALL:
    default:
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "DEP profile status of all %s device",
                                           "DEP profile status of all %s devices",
                                           total), count);
      break;
    }
  gtk_label_set_label (GTK_LABEL (self->scope_label), text);

  /* "Empty 2,993, Assigned 8, Pushed 4." for a screen reader, which cannot see the bar. */
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = entry_at (self, i);
      g_autofree char *n = adept_format_count (entry->count);

      if (entry->category->hide_if_none && entry->count == 0)
        continue;
      if (summary->len > 0)
        g_string_append (summary, ", ");
      /* Translators: one category in the chart's spoken summary, "Empty 2,993". */
      g_string_append_printf (summary, _("%s %s"), adept_device_category_get_label (entry->category), n);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, summary->str,
                                  -1);
  g_string_free (summary, TRUE);
}

static void
update_entry (AdeptStatusChart *self,
              Entry            *entry)
{
  g_autofree char *count = adept_format_count (entry->count);
  g_autofree char *label = NULL;
  gboolean pressed = self->selected >= 0 && entry_at (self, self->selected) == entry;

  g_free (entry->share);
  entry->share = adept_format_share (entry->count, adept_status_chart_get_total (self));
  gtk_label_set_label (GTK_LABEL (entry->count_label), count);
  gtk_label_set_label (GTK_LABEL (entry->share_label), entry->share);
  gtk_widget_set_visible (entry->check, pressed);
  /* A pressed entry stays, so the filter it sets can be lifted where it was set. */
  gtk_widget_set_visible (entry->child, !entry->category->hide_if_none || entry->count > 0 || pressed);

  /* Translators: a legend entry of the status chart as a screen reader says it:
   * "Empty: 2,993 devices, >99%". */
  label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s: %s device, %s", "%s: %s devices, %s",
                                        entry->count),
                           adept_device_category_get_label (entry->category), count, entry->share);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

static void
update_all (AdeptStatusChart *self)
{
  for (guint i = 0; i < self->entries->len; i++)
    update_entry (self, entry_at (self, i));
  update_scope (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Selection */

static void
sync_buttons (AdeptStatusChart *self)
{
  self->syncing = TRUE;
  for (guint i = 0; i < self->entries->len; i++)
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (entry_at (self, i)->button),
                                  self->selected == (int) i);
  self->syncing = FALSE;
}

void
adept_status_chart_set_selected (AdeptStatusChart *self,
                                 int               index)
{
  g_return_if_fail (ADEPT_IS_STATUS_CHART (self));

  if (index < 0 || index >= (int) self->entries->len)
    index = -1;
  if (self->selected == index)
    return;

  self->selected = index;
  sync_buttons (self);
  update_all (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

int
adept_status_chart_get_selected (AdeptStatusChart *self)
{
  g_return_val_if_fail (ADEPT_IS_STATUS_CHART (self), -1);

  return self->selected;
}

const AdeptDeviceCategory *
adept_status_chart_get_selected_category (AdeptStatusChart *self)
{
  g_return_val_if_fail (ADEPT_IS_STATUS_CHART (self), NULL);

  return self->selected >= 0 ? entry_at (self, self->selected)->category : NULL;
}

static void
toggle (AdeptStatusChart *self,
        int               index)
{
  if (!self->interactive)
    return;
  adept_status_chart_set_selected (self, self->selected == index ? -1 : index);
}

static void
select_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  toggle (ADEPT_STATUS_CHART (widget), g_variant_get_int32 (param));
}

static void
on_button_toggled (GtkToggleButton  *button,
                   AdeptStatusChart *self)
{
  if (self->syncing)
    return;
  toggle (self, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "index")));
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
  int index = adept_status_chart_get_status_at (self, x, y);

  if (index >= 0)
    toggle (self, index);
}

static gboolean
on_query_tooltip (AdeptStatusChart *self,
                  int               x,
                  int               y,
                  gboolean          keyboard,
                  GtkTooltip       *tooltip)
{
  int index = keyboard ? -1 : adept_status_chart_get_status_at (self, x, y);
  g_autofree char *count = NULL;
  g_autofree char *text = NULL;
  Entry *entry;

  if (index < 0)
    return FALSE;
  entry = entry_at (self, index);
  count = adept_format_count (entry->count);
  /* Translators: "Pushed: 60,123 devices (60%)". */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s: %s device (%s)", "%s: %s devices (%s)",
                                       entry->count),
                          adept_device_category_get_label (entry->category), count, entry->share);
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* Counts */

void
adept_status_chart_set_count (AdeptStatusChart *self,
                              guint             index,
                              guint             count)
{
  Entry *entry;

  g_return_if_fail (ADEPT_IS_STATUS_CHART (self));
  g_return_if_fail (index < self->entries->len);

  entry = entry_at (self, index);
  if (entry->count == count)
    return;
  entry->count = count;
  /* Every share changes with the total. */
  update_all (self);
}

guint
adept_status_chart_get_count (AdeptStatusChart *self,
                              guint             index)
{
  g_return_val_if_fail (ADEPT_IS_STATUS_CHART (self), 0);
  g_return_val_if_fail (index < self->entries->len, 0);

  return entry_at (self, index)->count;
}

guint
adept_status_chart_get_total (AdeptStatusChart *self)
{
  guint total = 0;

  g_return_val_if_fail (ADEPT_IS_STATUS_CHART (self), 0);

  for (guint i = 0; i < self->entries->len; i++)
    if (is_part (entry_at (self, i)))
      total += entry_at (self, i)->count;
  return total;
}

void
adept_status_chart_set_scope (AdeptStatusChart      *self,
                              AdeptStatusChartScope  scope)
{
  g_return_if_fail (ADEPT_IS_STATUS_CHART (self));

  if (self->scope == scope)
    return;
  self->scope = scope;
  update_scope (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCOPE]);
}

AdeptStatusChartScope
adept_status_chart_get_scope (AdeptStatusChart *self)
{
  g_return_val_if_fail (ADEPT_IS_STATUS_CHART (self), ADEPT_STATUS_CHART_SCOPE_ALL);

  return self->scope;
}

const char *
adept_status_chart_get_share_text (AdeptStatusChart *self,
                                   guint             index)
{
  g_return_val_if_fail (ADEPT_IS_STATUS_CHART (self), NULL);
  g_return_val_if_fail (index < self->entries->len, NULL);

  return entry_at (self, index)->share;
}

const char *
adept_status_chart_get_scope_text (AdeptStatusChart *self)
{
  g_return_val_if_fail (ADEPT_IS_STATUS_CHART (self), NULL);

  return gtk_label_get_label (GTK_LABEL (self->scope_label));
}

GtkWidget *
adept_status_chart_get_entry (AdeptStatusChart *self,
                              guint             index)
{
  g_return_val_if_fail (ADEPT_IS_STATUS_CHART (self), NULL);
  g_return_val_if_fail (index < self->entries->len, NULL);

  return entry_at (self, index)->button;
}

gboolean
adept_status_chart_get_interactive (AdeptStatusChart *self)
{
  g_return_val_if_fail (ADEPT_IS_STATUS_CHART (self), FALSE);

  return self->interactive;
}

static void
apply_interactive (AdeptStatusChart *self,
                   Entry            *entry)
{
  gtk_widget_set_can_target (entry->button, self->interactive);
  gtk_widget_set_focusable (entry->button, self->interactive);
  /* A chart that only shows is no row of buttons. */
  if (self->interactive)
    gtk_widget_remove_css_class (entry->button, "static");
  else
    gtk_widget_add_css_class (entry->button, "static");
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
  for (guint i = 0; i < self->entries->len; i++)
    apply_interactive (self, entry_at (self, i));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chart.select", interactive);
  if (!interactive)
    adept_status_chart_set_selected (self, -1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INTERACTIVE]);
}

/* Construction */

static void
make_entry (AdeptStatusChart *self,
            Entry            *entry,
            guint             index)
{
  const AdeptDeviceCategory *category = entry->category;
  GtkWidget *button = gtk_toggle_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *bottom = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *name = gtk_label_new (adept_device_category_get_label (category));
  GtkWidget *swatch = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *count = gtk_label_new ("0");
  GtkWidget *share = gtk_label_new (NULL);
  GtkWidget *check = gtk_image_new_from_icon_name ("object-select-symbolic");
  g_autofree char *description = NULL;

  gtk_widget_add_css_class (swatch, "status-swatch");
  gtk_widget_add_css_class (swatch, category->style_class);
  if (category->kind == ADEPT_DEVICE_CATEGORY_FACET)
    gtk_widget_add_css_class (swatch, "facet");
  gtk_widget_set_valign (swatch, GTK_ALIGN_CENTER);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_widget_add_css_class (name, "caption-heading");
  gtk_widget_set_visible (check, FALSE);
  gtk_widget_add_css_class (check, "status-check");
  gtk_box_append (GTK_BOX (top), swatch);
  gtk_box_append (GTK_BOX (top), name);
  gtk_box_append (GTK_BOX (top), check);

  gtk_label_set_xalign (GTK_LABEL (count), 0);
  gtk_widget_set_hexpand (count, TRUE);
  gtk_widget_add_css_class (count, "status-count");
  gtk_widget_add_css_class (count, "numeric");
  gtk_widget_set_valign (share, GTK_ALIGN_BASELINE);
  gtk_widget_set_valign (count, GTK_ALIGN_BASELINE);
  gtk_widget_add_css_class (share, "status-share");
  gtk_widget_add_css_class (share, "numeric");
  gtk_box_append (GTK_BOX (bottom), count);
  gtk_box_append (GTK_BOX (bottom), share);

  gtk_box_append (GTK_BOX (box), top);
  gtk_box_append (GTK_BOX (box), bottom);
  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_add_css_class (button, "status-chart-entry");
  gtk_widget_add_css_class (button, category->style_class);
  /* Translators: the tooltip of a legend entry: the status's meaning, then what a click
   * does. */
  description = g_strdup_printf (_("%s Shows only these devices; press again to show all."),
                                 adept_device_category_get_meaning (category));
  gtk_widget_set_tooltip_text (button, description);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  adept_device_category_get_meaning (category), -1);
  g_object_set_data (G_OBJECT (button), "index", GUINT_TO_POINTER (index));
  g_signal_connect_object (button, "toggled", G_CALLBACK (on_button_toggled), self, 0);
  adept_ui_widget_no_hyphens (button);

  entry->button = button;
  entry->swatch = swatch;
  entry->count_label = count;
  entry->share_label = share;
  entry->check = check;
  gtk_flow_box_append (GTK_FLOW_BOX (self->legend), button);
  entry->child = gtk_widget_get_parent (button);
  /* The button takes the focus, not the box's child around it. */
  gtk_widget_set_focusable (entry->child, FALSE);
  apply_interactive (self, entry);
}

static void
clear_entry (Entry *entry)
{
  g_clear_pointer (&entry->share, g_free);
}

void
adept_status_chart_set_categories (AdeptStatusChart                  *self,
                                   const AdeptDeviceCategory * const *categories)
{
  guint n_statuses = 0;
  GtkWidget *child;

  g_return_if_fail (ADEPT_IS_STATUS_CHART (self));
  g_return_if_fail (categories != NULL);

  adept_status_chart_set_selected (self, -1);
  while ((child = gtk_widget_get_first_child (self->legend)) != NULL)
    gtk_flow_box_remove (GTK_FLOW_BOX (self->legend), child);
  g_array_set_size (self->entries, 0);

  for (guint i = 0; categories[i] != NULL; i++)
    {
      Entry entry = { .category = categories[i] };

      g_array_append_val (self->entries, entry);
      if (categories[i]->kind == ADEPT_DEVICE_CATEGORY_STATUS && !categories[i]->hide_if_none)
        n_statuses++;
    }
  for (guint i = 0; i < self->entries->len; i++)
    make_entry (self, entry_at (self, i), i);
  /* The statuses on one line when there is room; what is seldom there ("Other") and the
   * facets wrap under them. */
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (self->legend), MAX (n_statuses, 2));
  update_all (self);
}

guint
adept_status_chart_get_n_categories (AdeptStatusChart *self)
{
  g_return_val_if_fail (ADEPT_IS_STATUS_CHART (self), 0);

  return self->entries->len;
}

const AdeptDeviceCategory *
adept_status_chart_get_category (AdeptStatusChart *self,
                                 guint             index)
{
  g_return_val_if_fail (ADEPT_IS_STATUS_CHART (self), NULL);
  g_return_val_if_fail (index < self->entries->len, NULL);

  return entry_at (self, index)->category;
}

int
adept_status_chart_find (AdeptStatusChart *self,
                         const char       *id)
{
  g_return_val_if_fail (ADEPT_IS_STATUS_CHART (self), -1);

  for (guint i = 0; id != NULL && i < self->entries->len; i++)
    if (g_str_equal (entry_at (self, i)->category->id, id))
      return (int) i;
  return -1;
}

static void
adept_status_chart_dispose (GObject *object)
{
  AdeptStatusChart *self = ADEPT_STATUS_CHART (object);

  g_clear_pointer (&self->scope_label, gtk_widget_unparent);
  g_clear_pointer (&self->legend, gtk_widget_unparent);
  G_OBJECT_CLASS (adept_status_chart_parent_class)->dispose (object);
}

static void
adept_status_chart_finalize (GObject *object)
{
  AdeptStatusChart *self = ADEPT_STATUS_CHART (object);

  g_array_unref (self->entries);
  G_OBJECT_CLASS (adept_status_chart_parent_class)->finalize (object);
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
    case PROP_SCOPE:
      g_value_set_int (value, self->scope);
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
    case PROP_SCOPE:
      adept_status_chart_set_scope (self, g_value_get_int (value));
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
  object_class->finalize = adept_status_chart_finalize;
  object_class->get_property = adept_status_chart_get_property;
  object_class->set_property = adept_status_chart_set_property;

  widget_class->snapshot = adept_status_chart_snapshot;
  widget_class->measure = adept_status_chart_measure;
  widget_class->get_request_mode = adept_status_chart_get_request_mode;
  widget_class->size_allocate = adept_status_chart_size_allocate;

  properties[PROP_SELECTED] =
    g_param_spec_int ("selected", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INTERACTIVE] =
    g_param_spec_boolean ("interactive", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* AdeptStatusChartScope, as an int: the builder files set it by number. */
  properties[PROP_SCOPE] =
    g_param_spec_int ("scope", NULL, NULL, ADEPT_STATUS_CHART_SCOPE_ALL,
                      ADEPT_STATUS_CHART_SCOPE_SELECTED, ADEPT_STATUS_CHART_SCOPE_ALL,
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
  self->scope = ADEPT_STATUS_CHART_SCOPE_ALL;
  self->entries = g_array_new (FALSE, TRUE, sizeof (Entry));
  g_array_set_clear_func (self->entries, (GDestroyNotify) clear_entry);

  self->scope_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->scope_label), 0);
  gtk_label_set_wrap (GTK_LABEL (self->scope_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (self->scope_label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (self->scope_label, "status-scope");
  gtk_widget_add_css_class (self->scope_label, "caption");
  adept_ui_label_no_hyphens (GTK_LABEL (self->scope_label));
  gtk_widget_set_parent (self->scope_label, GTK_WIDGET (self));

  /* A row of entries that wraps two by two in narrow windows. */
  self->legend = gtk_flow_box_new ();
  gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (self->legend), TRUE);
  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (self->legend), GTK_SELECTION_NONE);
  gtk_flow_box_set_min_children_per_line (GTK_FLOW_BOX (self->legend), 2);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (self->legend), 6);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (self->legend), 6);
  gtk_widget_set_parent (self->legend, GTK_WIDGET (self));
  adept_status_chart_set_categories (self, adept_device_categories_get (NULL));

  g_signal_connect_object (click, "released", G_CALLBACK (on_bar_released), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (on_query_tooltip), NULL);
}

GtkWidget *
adept_status_chart_new (void)
{
  return g_object_new (ADEPT_TYPE_STATUS_CHART, NULL);
}
