/* adept-devices-page.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-devices-page"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "adept-device-format.h"
#include "adept-devices-page-private.h"
#include "adept-ui-util.h"

G_DEFINE_FINAL_TYPE (AdeptDevicesPage, adept_devices_page, ADW_TYPE_BIN)

/* Devices read before the window shows: a screenful (GTK 4.8's column view then builds
 * rows for these only, not the 200 it keeps alive; the rest come after the first frame).
 * FIRST_SCREEN when the window's height is not known yet. */
#define FIRST_SCREEN 50
/* What any window shows above and below the list: header bar, search, column titles, the
 * count (the status chart comes on top when it shows). */
#define LIST_CHROME_PX 150
/* Above and below a cell's text in a data table (libadwaita's stylesheet). */
#define CELL_PADDING_PX 2

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Presentation */

gboolean
_adept_devices_page_filters_active (AdeptDevicesPage *self)
{
  const char *search = self->list ? adept_device_list_get_search (self->list) : NULL;

  return (search != NULL && *search != '\0') ||
         adept_status_chart_get_selected (self->chart) >= 0 ||
         gtk_drop_down_get_selected (self->family_dropdown) > 0;
}

static guint
n_visible (AdeptDevicesPage *self)
{
  return self->list ? g_list_model_get_n_items (G_LIST_MODEL (self->list)) : 0;
}

static guint
n_total (AdeptDevicesPage *self)
{
  return self->list ? adept_device_list_get_n_total (self->list) : 0;
}

static guint
n_selected (AdeptDevicesPage *self)
{
  g_autoptr(GtkBitset) selected = NULL;

  if (self->selection == NULL)
    return 0;
  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  return (guint) gtk_bitset_get_size (selected);
}

static void
update_summary (AdeptDevicesPage *self)
{
  g_autofree char *total = adept_format_count (n_total (self));
  g_autofree char *shown = adept_format_count (n_visible (self));
  g_autofree char *selected = adept_format_count (n_selected (self));
  g_autofree char *devices = NULL;
  g_autofree char *text = NULL;

  if (self->list != NULL && adept_device_list_get_loading (self->list))
    devices = g_strdup (_("Reading devices…"));
  else if (n_visible (self) == n_total (self))
    /* Translators: %s is a number, "100,000 devices". */
    devices = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s device", "%s devices",
                                            n_total (self)), total);
  else
    /* Translators: "Showing 1,234 of 100,000 devices". */
    devices = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Showing %s of %s device",
                                            "Showing %s of %s devices", n_total (self)),
                               shown, total);

  if (n_selected (self) > 0)
    /* Translators: "100,000 devices · 3 selected". */
    text = g_strdup_printf (_("%s · %s selected"), devices, selected);
  gtk_label_set_label (self->summary_label, text ? text : devices);
}

void
_adept_devices_page_update_state (AdeptDevicesPage *self)
{
  const char *page = "devices";

  if (!self->linked)
    page = "not-linked";
  else if (n_total (self) == 0)
    page = "no-devices";
  gtk_stack_set_visible_child_name (self->stack, page);
  gtk_widget_set_visible (self->no_match_page, n_visible (self) == 0 && n_total (self) > 0);
  update_summary (self);
  _adept_devices_page_actions_update (self);
}

/* The chart counts what the search and the family filter leave, and says so; its own
 * selection narrows the list, not the chart. */
static void
update_chart (AdeptDevicesPage *self)
{
  gboolean narrowed = FALSE;

  for (guint i = 0; i < adept_status_chart_get_n_categories (self->chart); i++)
    {
      const AdeptDeviceCategory *category = adept_status_chart_get_category (self->chart, i);

      adept_status_chart_set_count (self->chart, i,
                                    adept_device_category_count (category, self->list, self->org_list));
    }
  if (self->list != NULL)
    {
      const char *search = adept_device_list_get_search (self->list);

      narrowed = (search != NULL && *search != '\0') ||
                 adept_device_list_get_family_filter (self->list) != NULL ||
                 adept_device_list_get_model_filter (self->list) != NULL;
    }
  adept_status_chart_set_scope (self->chart, narrowed ? ADEPT_STATUS_CHART_SCOPE_MATCHING
                                                      : ADEPT_STATUS_CHART_SCOPE_ALL);
}

/* The list takes the chart's category filter (also a new list, for another server). */
static void
apply_chart_category (AdeptDevicesPage *self)
{
  const AdeptDeviceCategory *category = adept_status_chart_get_selected_category (self->chart);

  if (self->list == NULL)
    return;
  if (self->chart_category != NULL && self->chart_category != category)
    self->chart_category->filter (self->chart_category, self->list, FALSE);
  self->chart_category = category;
  if (category != NULL)
    category->filter (category, self->list, TRUE);
}

/* Profiles: their names for the Profile column. */

/* With no profile of its own, the console says why Assign is off: none defined, or only
 * ones defined elsewhere (the devices carry them) that can be adopted. */
static void
check_foreign_profiles (AdeptDevicesPage *self)
{
  g_autoptr(GHashTable) by_profile = NULL;

  self->foreign_profiles = FALSE;
  if (self->store == NULL || g_hash_table_size (self->profile_names) > 0)
    return;
  by_profile = adept_store_count_devices_by_profile (self->store, self->server_id, NULL);
  self->foreign_profiles = by_profile != NULL && g_hash_table_size (by_profile) > 0;
}

static void
load_profile_names (AdeptDevicesPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) profiles = NULL;

  g_hash_table_remove_all (self->profile_names);
  self->foreign_profiles = FALSE;
  if (self->store == NULL)
    return;
  profiles = adept_store_list_profiles (self->store, self->server_id, &error);
  if (profiles == NULL)
    {
      g_debug ("Could not read profiles: %s", error->message);
      return;
    }
  for (guint i = 0; i < profiles->len; i++)
    {
      AdeptStoredProfile *profile = g_ptr_array_index (profiles, i);

      g_hash_table_insert (self->profile_names, g_strdup (profile->uuid),
                           g_strdup (profile->name));
    }
  check_foreign_profiles (self);
}

const char *
_adept_devices_page_get_profile_name (AdeptDevicesPage *self,
                                      const char       *uuid)
{
  const char *name;

  if (uuid == NULL || *uuid == '\0')
    return NULL;
  name = g_hash_table_lookup (self->profile_names, uuid);
  /* A profile another MDM defined: its UUID is all we know. */
  return name ? name : uuid;
}

/* Family filter */

static void
load_families (AdeptDevicesPage *self)
{
  g_auto(GStrv) families = self->list ? adept_device_list_dup_families (self->list) : NULL;
  const char *current = self->list ? adept_device_list_get_family_filter (self->list) : NULL;
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  guint selected = 0;

  if (families != NULL && self->families != NULL && g_strv_equal ((const char * const *) families,
                                                                  (const char * const *) self->families))
    return;

  gtk_string_list_append (labels, _("All Families"));
  for (guint i = 0; families != NULL && families[i] != NULL; i++)
    {
      gtk_string_list_append (labels, adept_family_label (families[i]));
      if (g_strcmp0 (families[i], current) == 0)
        selected = i + 1;
    }

  g_strfreev (self->families);
  self->families = g_steal_pointer (&families);
  self->syncing_family = TRUE;
  gtk_drop_down_set_model (self->family_dropdown, G_LIST_MODEL (labels));
  gtk_drop_down_set_selected (self->family_dropdown, selected);
  self->syncing_family = FALSE;
  if (selected == 0 && current != NULL && self->list != NULL)
    adept_device_list_set_family_filter (self->list, NULL);
}

static void
on_family_selected (AdeptDevicesPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->family_dropdown);
  const char *family = NULL;

  if (self->syncing_family || self->list == NULL)
    return;
  if (selected != GTK_INVALID_LIST_POSITION && selected > 0 && self->families != NULL &&
      selected <= g_strv_length (self->families))
    family = self->families[selected - 1];
  adept_device_list_set_family_filter (self->list, family);
  update_chart (self);
  _adept_devices_page_update_state (self);
}

const char *
_adept_devices_page_get_family (AdeptDevicesPage *self)
{
  return self->list ? adept_device_list_get_family_filter (self->list) : NULL;
}

void
adept_devices_page_set_family_filter (AdeptDevicesPage *self,
                                      const char       *family)
{
  guint position = 0;

  g_return_if_fail (ADEPT_IS_DEVICES_PAGE (self));

  for (guint i = 0; family != NULL && self->families != NULL && self->families[i] != NULL; i++)
    if (g_str_equal (self->families[i], family))
      position = i + 1;
  gtk_drop_down_set_selected (self->family_dropdown, position);
}

/* Search and status filter */

static void
on_search_changed (AdeptDevicesPage *self)
{
  if (self->list == NULL)
    return;
  adept_device_list_set_search (self->list, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  update_chart (self);
  _adept_devices_page_update_state (self);
}

static void
on_stop_search (AdeptDevicesPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static void
on_chart_selected (AdeptDevicesPage *self)
{
  const AdeptDeviceCategory *category = adept_status_chart_get_selected_category (self->chart);

  if (self->list == NULL)
    return;
  /* Devices the list cannot hold: the Organization page shows them. */
  if (category != NULL && category->org_filter != NULL)
    {
      adept_status_chart_set_selected (self->chart, -1);
      gtk_widget_activate_action (GTK_WIDGET (self), "win.show-organization", "s", category->org_filter);
      return;
    }
  apply_chart_category (self);
  _adept_devices_page_update_state (self);
}

static void
clear_filters_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  AdeptDevicesPage *self = ADEPT_DEVICES_PAGE (widget);

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  /* Applied now rather than after the entry's search delay. */
  on_search_changed (self);
  adept_status_chart_set_selected (self->chart, -1);
  gtk_drop_down_set_selected (self->family_dropdown, 0);
}

static void
focus_search_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  AdeptDevicesPage *self = ADEPT_DEVICES_PAGE (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* Selection: the panel shows one device, or what several have in common. */

GPtrArray *
_adept_devices_page_dup_selected_serials (AdeptDevicesPage *self)
{
  g_autoptr(GtkBitset) selected = NULL;
  GPtrArray *serials = g_ptr_array_new_with_free_func (g_free);
  GtkBitsetIter iter;
  guint position;

  if (self->selection == NULL)
    return serials;
  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  for (gboolean ok = gtk_bitset_iter_init_first (&iter, selected, &position); ok;
       ok = gtk_bitset_iter_next (&iter, &position))
    {
      g_autoptr(AdeptDevice) device = g_list_model_get_item (G_LIST_MODEL (self->list), position);

      if (device != NULL)
        g_ptr_array_add (serials, g_strdup (adept_device_get_serial_number (device)));
    }
  return serials;
}

static gboolean
has_profile (AdeptProfileStatus status)
{
  return status == ADEPT_PROFILE_STATUS_ASSIGNED || status == ADEPT_PROFILE_STATUS_PUSHED;
}

/* Select All with nothing but a status narrowing the list: the list's own counts, without
 * making an object per device. FALSE when they cannot tell (a search, a facet). */
static gboolean
count_all_shown (AdeptDevicesPage *self,
                 guint             n)
{
  const AdeptDeviceCategory *only = self->chart_category;
  const char *search = adept_device_list_get_search (self->list);

  if ((search != NULL && *search != '\0') || adept_device_list_get_family_filter (self->list) != NULL ||
      adept_device_list_get_model_filter (self->list) != NULL)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      const AdeptDeviceCategory *category = adept_status_chart_get_category (self->chart, i);

      if (category->kind != ADEPT_DEVICE_CATEGORY_STATUS && only != NULL)
        return FALSE;
    }
  if (only != NULL && only->kind != ADEPT_DEVICE_CATEGORY_STATUS)
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      const AdeptDeviceCategory *category = adept_status_chart_get_category (self->chart, i);

      if (only == NULL || only == category)
        /* No device of the list is outside it: those facets count 0 here. */
        self->selected_counts[i] = adept_device_category_count (category, self->list, NULL);
      if ((only == NULL || only == category) && category->kind == ADEPT_DEVICE_CATEGORY_STATUS &&
          has_profile (category->status))
        self->n_selected_with_profile += self->selected_counts[i];
    }
  return TRUE;
}

/* The selection per chart category, and how many have a profile to remove. */
static void
count_selected (AdeptDevicesPage *self,
                GtkBitset        *selected)
{
  guint n = adept_status_chart_get_n_categories (self->chart);
  GtkBitsetIter iter;
  guint position;

  g_free (self->selected_counts);
  self->selected_counts = g_new0 (guint, n);
  self->n_selected_with_profile = 0;
  if (gtk_bitset_get_size (selected) == n_visible (self) && n_visible (self) > 0 &&
      count_all_shown (self, n))
    return;

  for (gboolean ok = gtk_bitset_iter_init_first (&iter, selected, &position); ok;
       ok = gtk_bitset_iter_next (&iter, &position))
    {
      g_autoptr(AdeptDevice) device = g_list_model_get_item (G_LIST_MODEL (self->list), position);

      if (device == NULL)
        continue;
      for (guint i = 0; i < n; i++)
        {
          const AdeptDeviceCategory *category = adept_status_chart_get_category (self->chart, i);

          if (category->match (category, device))
            self->selected_counts[i]++;
        }
      if (has_profile (adept_device_get_profile_status (device)))
        self->n_selected_with_profile++;
    }
}

static void
update_panel (AdeptDevicesPage *self)
{
  g_autoptr(GtkBitset) selected = NULL;
  guint n;

  if (self->selection == NULL)
    {
      self->n_selected_with_profile = 0;
      if (self->panel != NULL)
        adept_device_panel_show_nothing (self->panel);
      return;
    }

  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  n = (guint) gtk_bitset_get_size (selected);
  count_selected (self, selected);
  if (n == 0)
    {
      if (self->panel != NULL)
        adept_device_panel_show_nothing (self->panel);
    }
  else if (n == 1)
    {
      g_autoptr(AdeptDevice) device = g_list_model_get_item (G_LIST_MODEL (self->list),
                                                             gtk_bitset_get_minimum (selected));
      adept_device_panel_show_device (adept_devices_page_get_panel (self), device);
      _adept_devices_page_ask_replacement (self, device);
    }
  else
    adept_device_panel_show_selection (adept_devices_page_get_panel (self), n, self->selected_counts);

  /* A new selection opens the panel; a panel the admin closed stays closed while the list
   * merely changes under the selection. */
  if (n == 0 || self->selection_changed)
    adw_flap_set_reveal_flap (self->flap, n > 0);
  self->selection_changed = FALSE;
}

static gboolean
update_cb (gpointer data)
{
  AdeptDevicesPage *self = data;

  self->update_source = 0;
  update_panel (self);
  _adept_devices_page_update_state (self);
  return G_SOURCE_REMOVE;
}

/* A filter may change the list in many ranges, and rubber-banding the selection in many
 * steps: the panel and the summary catch up once, before the next frame. */
static void
queue_update (AdeptDevicesPage *self)
{
  if (self->update_source == 0)
    self->update_source = g_idle_add_full (GDK_PRIORITY_REDRAW - 10, update_cb, self, NULL);
}

static void
on_selection_changed (AdeptDevicesPage *self)
{
  /* With nothing selected, a filter need not keep rows' identity: the fast way. */
  adept_slot_model_set_keep_identity (self->slots, n_selected (self) > 0);
  self->selection_changed = TRUE;
  queue_update (self);
}

/* Filtering also drops devices from the selection, without selection-changed. */
static void
on_items_changed (AdeptDevicesPage *self)
{
  queue_update (self);
}

static void
on_counts_changed (AdeptDevicesPage *self)
{
  update_chart (self);
  load_families (self);
  _adept_devices_page_update_state (self);
}

/* Beside the list, the panel is wide enough for its three tabs and a MAC address on one
 * line; over a folded list it keeps to what a 360-pixel window leaves. */
#define PANEL_WIDTH_BESIDE 380
#define PANEL_WIDTH_OVER   340

static void
on_folded_changed (AdeptDevicesPage *self)
{
  gboolean folded = adw_flap_get_folded (self->flap);

  if (self->panel == NULL)
    return;
  adept_device_panel_set_closable (self->panel, folded);
  gtk_widget_set_size_request (GTK_WIDGET (self->panel),
                               folded ? PANEL_WIDTH_OVER : PANEL_WIDTH_BESIDE, -1);
}

static void
close_panel_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  AdeptDevicesPage *self = ADEPT_DEVICES_PAGE (widget);

  adw_flap_set_reveal_flap (self->flap, FALSE);
}

/* Which rows the view shows, for the slots: a search rebinds those before its frame and
 * the ~170 others GTK keeps alive off screen after it. The rows are of one height, so the
 * vertical adjustment says which they are. */
static void
update_rows_shown (AdeptDevicesPage *self)
{
  GtkAdjustment *vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->column_view));
  guint n = self->slots != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->slots)) : 0;
  double upper, row_height;

  if (self->slots == NULL)
    return;
  upper = vadjustment != NULL ? gtk_adjustment_get_upper (vadjustment) : 0;
  if (n == 0 || upper <= 0 || gtk_adjustment_get_page_size (vadjustment) <= 0)
    {
      /* Not laid out yet: every row at once. */
      adept_slot_model_set_visible (self->slots, 0, G_MAXUINT);
      return;
    }
  row_height = MAX (upper / n, 1.0);
  adept_slot_model_set_visible (self->slots,
                                (guint) (gtk_adjustment_get_value (vadjustment) / row_height),
                                (guint) (gtk_adjustment_get_page_size (vadjustment) / row_height) + 2);
}

static void
watch_rows_shown (AdeptDevicesPage *self)
{
  GtkAdjustment *vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->column_view));

  if (vadjustment != NULL)
    {
      g_signal_connect_object (vadjustment, "value-changed",
                               G_CALLBACK (update_rows_shown), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (vadjustment, "changed",
                               G_CALLBACK (update_rows_shown), self, G_CONNECT_SWAPPED);
    }
  update_rows_shown (self);
}

/* The size the window opens with: maximized or full screen, its tallest monitor's. */
static void
window_size (GtkWindow *window,
             int       *width,
             int       *height)
{
  GListModel *monitors;

  *width = *height = 0;
  if (!gtk_window_is_maximized (window) && !gtk_window_is_fullscreen (window))
    {
      /* GTK 4.8 writes both. */
      gtk_window_get_default_size (window, width, height);
      return;
    }
  monitors = gdk_display_get_monitors (gtk_widget_get_display (GTK_WIDGET (window)));
  for (guint i = 0; i < g_list_model_get_n_items (monitors); i++)
    {
      g_autoptr(GdkMonitor) monitor = g_list_model_get_item (monitors, i);
      GdkRectangle geometry;

      gdk_monitor_get_geometry (monitor, &geometry);
      if (geometry.height > *height)
        {
          *width = geometry.width;
          *height = geometry.height;
        }
    }
}

/* The status chart above the list, as tall as it will be at least: measured for the
 * window's width (its cards wrap in a narrower one) with the categories it has now (more
 * may come with the devices, never fewer). */
static int
chart_height (AdeptDevicesPage *self,
              int               window_width)
{
  GtkWidget *chart = GTK_WIDGET (self->chart);
  int margins = gtk_widget_get_margin_top (chart) + gtk_widget_get_margin_bottom (chart);
  int width = window_width - gtk_widget_get_margin_start (chart) - gtk_widget_get_margin_end (chart);
  int height = 0;

  if (!gtk_widget_get_visible (chart) || width <= 0)
    return 0;
  gtk_widget_measure (chart, GTK_ORIENTATION_VERTICAL, width, &height, NULL, NULL, NULL);
  return height + margins;
}

/* The rows the window can show as it opens. A row is at least its cells' text, one line
 * high (.cell-text: 1.2em), and the 2 px above and below libadwaita gives a data table's
 * cell; the list has at most the window's height less what is always above and below it,
 * and the chart. Each row read before the first frame is a row of widgets GTK builds,
 * measures and draws before it (~2 million instructions); two rows more than fit cost
 * less than a blank strip until the rest is read. */
guint
_adept_devices_page_first_screen_rows (AdeptDevicesPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  PangoContext *context;
  const PangoFontDescription *font;
  double line_px, dpi;
  int width, height;

  if (!GTK_IS_WINDOW (root))
    return FIRST_SCREEN;
  window_size (GTK_WINDOW (root), &width, &height);
  if (height <= 0)
    return FIRST_SCREEN;
  context = gtk_widget_get_pango_context (GTK_WIDGET (self));
  font = pango_context_get_font_description (context);
  if (font == NULL || pango_font_description_get_size (font) <= 0)
    return FIRST_SCREEN;
  line_px = (double) pango_font_description_get_size (font) / PANGO_SCALE;
  /* Points to pixels, as the context resolves them (96 dots an inch unless set). */
  dpi = pango_cairo_context_get_resolution (context);
  if (!pango_font_description_get_size_is_absolute (font))
    line_px *= (dpi > 0 ? dpi : 96.0) / 72.0;
  height -= LIST_CHROME_PX + chart_height (self, width);
  return (guint) (MAX (height, 0) / (1.2 * line_px + 2 * CELL_PADDING_PX)) + 2;
}

/* Public API */

gboolean
adept_devices_page_set_store (AdeptDevicesPage  *self,
                              AdeptStore        *store,
                              const char        *server_id,
                              GError           **error)
{
  g_autoptr(AdeptDeviceList) list = NULL;

  g_return_val_if_fail (ADEPT_IS_DEVICES_PAGE (self), FALSE);
  g_return_val_if_fail (ADEPT_IS_STORE (store), FALSE);
  g_return_val_if_fail (server_id != NULL, FALSE);

  list = adept_device_list_new (store, server_id);
  /* The first screen now, the rest in the background: the window shows at once. */
  if (!adept_device_list_load (list, _adept_devices_page_first_screen_rows (self), error))
    return FALSE;

  _adept_devices_page_detach_operation (self, FALSE);
  if (self->list != NULL)
    g_signal_handlers_disconnect_by_data (self->list, self);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);

  g_set_object (&self->store, store);
  g_free (self->server_id);
  self->server_id = g_strdup (server_id);
  g_set_object (&self->list, list);
  /* Another server: the window says which organisation it is in once it knows. */
  g_clear_object (&self->org_list);
  g_clear_object (&self->selection);
  g_clear_object (&self->slots);
  self->slots = adept_slot_model_new (G_LIST_MODEL (list));
  self->selection = gtk_multi_selection_new (G_LIST_MODEL (g_object_ref (self->slots)));

  adept_device_list_set_search (list, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  self->chart_category = NULL;
  apply_chart_category (self);
  _adept_devices_page_columns_apply_sort (self);
  load_profile_names (self);
  g_clear_pointer (&self->families, g_strfreev);
  load_families (self);
  update_chart (self);
  if (self->panel != NULL)
    adept_device_panel_set_store (self->panel, store, server_id);
  _adept_devices_page_filters_update (self);

  g_signal_connect_object (list, "items-changed", G_CALLBACK (on_items_changed), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_signal_connect_object (list, "counts-changed", G_CALLBACK (on_counts_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "selection-changed",
                           G_CALLBACK (on_selection_changed), self, G_CONNECT_SWAPPED);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  update_rows_shown (self);

  update_panel (self);
  _adept_devices_page_update_state (self);
  return TRUE;
}

gboolean
adept_devices_page_reload (AdeptDevicesPage  *self,
                           GError           **error)
{
  g_return_val_if_fail (ADEPT_IS_DEVICES_PAGE (self), FALSE);

  if (self->list == NULL)
    return TRUE;
  load_profile_names (self);
  if (!adept_device_list_refresh (self->list, error) ||
      (self->org_list != NULL && !adept_org_device_list_refresh (self->org_list, error)))
    return FALSE;
  update_chart (self);
  if (self->panel != NULL)
    adept_device_panel_reload (self->panel);
  _adept_devices_page_update_state (self);
  return TRUE;
}

gboolean
adept_devices_page_set_org_view (AdeptDevicesPage   *self,
                                 const AdeptOrgView *view,
                                 GError            **error)
{
  g_autoptr(AdeptOrgDeviceList) org_list = NULL;

  g_return_val_if_fail (ADEPT_IS_DEVICES_PAGE (self), FALSE);

  if (view != NULL && self->store != NULL)
    {
      org_list = adept_org_device_list_new (self->store, view);
      if (!adept_org_device_list_refresh (org_list, error))
        return FALSE;
    }
  g_set_object (&self->org_list, org_list);
  if (self->panel != NULL)
    adept_device_panel_set_org_view (self->panel, org_list != NULL ? view : NULL);
  update_chart (self);
  return TRUE;
}

AdeptOrgDeviceList *
adept_devices_page_get_org_list (AdeptDevicesPage *self)
{
  g_return_val_if_fail (ADEPT_IS_DEVICES_PAGE (self), NULL);

  return self->org_list;
}

static void
update_linked (AdeptDevicesPage *self)
{
  self->linked = self->shown_linked ||
                 (self->session != NULL && adept_session_get_linked (self->session));
  _adept_devices_page_update_state (self);
}

void
adept_devices_page_set_linked (AdeptDevicesPage *self,
                               gboolean          linked)
{
  g_return_if_fail (ADEPT_IS_DEVICES_PAGE (self));

  self->shown_linked = !!linked;
  update_linked (self);
}

static void
on_devices_changed (AdeptDevicesPage *self)
{
  g_autoptr(GError) error = NULL;

  if (!adept_devices_page_reload (self, &error))
    adept_ui_toast (GTK_WIDGET (self), error->message);
}

static void
on_profiles_changed (AdeptDevicesPage *self)
{
  load_profile_names (self);
  _adept_devices_page_actions_update (self);
}

void
adept_devices_page_set_session (AdeptDevicesPage *self,
                                AdeptSession     *session)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (ADEPT_IS_DEVICES_PAGE (self));
  g_return_if_fail (session == NULL || ADEPT_IS_SESSION (session));

  if (self->session == session)
    return;
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  _adept_devices_page_detach_operation (self, FALSE);
  g_set_object (&self->session, session);
  if (session != NULL)
    {
      g_signal_connect_object (session, "devices-changed", G_CALLBACK (on_devices_changed), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "profiles-changed", G_CALLBACK (on_profiles_changed), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::linked", G_CALLBACK (update_linked), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::state",
                               G_CALLBACK (_adept_devices_page_actions_update), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::busy",
                               G_CALLBACK (_adept_devices_page_actions_update), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::syncing",
                               G_CALLBACK (_adept_devices_page_update_sync), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::sync-devices",
                               G_CALLBACK (_adept_devices_page_update_sync), self,
                               G_CONNECT_SWAPPED);
      if (!adept_devices_page_set_store (self, adept_session_get_store (session),
                                         adept_session_get_id (session), &error))
        adept_ui_toast (GTK_WIDGET (self), error->message);
    }
  update_linked (self);
  _adept_devices_page_update_sync (self);
  _adept_devices_page_filters_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

AdeptSession *
adept_devices_page_get_session (AdeptDevicesPage *self)
{
  g_return_val_if_fail (ADEPT_IS_DEVICES_PAGE (self), NULL);

  return self->session;
}

gboolean
adept_devices_page_get_linked (AdeptDevicesPage *self)
{
  g_return_val_if_fail (ADEPT_IS_DEVICES_PAGE (self), FALSE);

  return self->linked;
}

const char *
adept_devices_page_get_state (AdeptDevicesPage *self)
{
  const char *page;

  g_return_val_if_fail (ADEPT_IS_DEVICES_PAGE (self), NULL);

  page = gtk_stack_get_visible_child_name (self->stack);
  if (g_str_equal (page, "devices") && gtk_widget_get_visible (self->no_match_page))
    return "no-match";
  return page;
}

AdeptDeviceList *
adept_devices_page_get_list (AdeptDevicesPage *self)
{
  g_return_val_if_fail (ADEPT_IS_DEVICES_PAGE (self), NULL);

  return self->list;
}

GtkSelectionModel *
adept_devices_page_get_selection (AdeptDevicesPage *self)
{
  g_return_val_if_fail (ADEPT_IS_DEVICES_PAGE (self), NULL);

  return GTK_SELECTION_MODEL (self->selection);
}

GtkColumnView *
adept_devices_page_get_column_view (AdeptDevicesPage *self)
{
  g_return_val_if_fail (ADEPT_IS_DEVICES_PAGE (self), NULL);

  return self->column_view;
}

GtkEditable *
adept_devices_page_get_search_entry (AdeptDevicesPage *self)
{
  g_return_val_if_fail (ADEPT_IS_DEVICES_PAGE (self), NULL);

  return GTK_EDITABLE (self->search_entry);
}

AdeptStatusChart *
adept_devices_page_get_chart (AdeptDevicesPage *self)
{
  g_return_val_if_fail (ADEPT_IS_DEVICES_PAGE (self), NULL);

  return self->chart;
}

/* The panel is built when first needed (a selection, its caller) or after the first
 * frame (the window asks): ~30 million instructions and a hidden subtree to style that
 * the first frame need not wait for. It takes on what the page knows. */
AdeptDevicePanel *
adept_devices_page_get_panel (AdeptDevicesPage *self)
{
  g_return_val_if_fail (ADEPT_IS_DEVICES_PAGE (self), NULL);

  if (self->panel != NULL || self->flap == NULL)
    return self->panel;
  self->panel = g_object_new (ADEPT_TYPE_DEVICE_PANEL,
                              /* Its wrapping values must not claim half of a wide window. */
                              "hexpand", FALSE,
                              NULL);
  adw_flap_set_flap (self->flap, GTK_WIDGET (self->panel));
  /* As the page's own labels (adept_devices_page_init). */
  adept_ui_widget_no_hyphens (GTK_WIDGET (self->panel));
  if (self->store != NULL)
    adept_device_panel_set_store (self->panel, self->store, self->server_id);
  if (self->org_list != NULL)
    {
      AdeptOrgView view;

      adept_org_device_list_get_view (self->org_list, &view);
      adept_device_panel_set_org_view (self->panel, &view);
    }
  on_folded_changed (self);
  /* Its buttons' tooltips say why an action is off. */
  g_hash_table_remove_all (self->panel_tips);
  _adept_devices_page_actions_update (self);
  return self->panel;
}

gboolean
adept_devices_page_get_panel_revealed (AdeptDevicesPage *self)
{
  g_return_val_if_fail (ADEPT_IS_DEVICES_PAGE (self), FALSE);

  return adw_flap_get_reveal_flap (self->flap) && adw_flap_get_reveal_progress (self->flap) >= 1.0;
}

gboolean
adept_devices_page_get_panel_hidden (AdeptDevicesPage *self)
{
  g_return_val_if_fail (ADEPT_IS_DEVICES_PAGE (self), FALSE);

  return !adw_flap_get_reveal_flap (self->flap) && adw_flap_get_reveal_progress (self->flap) <= 0.0;
}

gboolean
adept_devices_page_get_busy (AdeptDevicesPage *self)
{
  g_return_val_if_fail (ADEPT_IS_DEVICES_PAGE (self), FALSE);

  return self->busy;
}

AdwMessageDialog *
adept_devices_page_get_dialog (AdeptDevicesPage *self)
{
  g_return_val_if_fail (ADEPT_IS_DEVICES_PAGE (self), NULL);

  return self->dialog;
}

/* GObject */

static void
adept_devices_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, ADEPT_DEVICES_PAGE (object)->session);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
adept_devices_page_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_SESSION:
      adept_devices_page_set_session (ADEPT_DEVICES_PAGE (object), g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
adept_devices_page_dispose (GObject *object)
{
  AdeptDevicesPage *self = ADEPT_DEVICES_PAGE (object);

  _adept_devices_page_detach_operation (self, TRUE);
  g_cancellable_cancel (self->lookups);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  g_clear_handle_id (&self->update_source, g_source_remove);
  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));
  g_clear_object (&self->chooser);
  g_clear_pointer (&self->lock_outcomes, g_ptr_array_unref);
  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);
  /* The bin's child is a bound template child: the bin drops it first, or both would
   * unparent it. */
  adw_bin_set_child (ADW_BIN (object), NULL);
  /* The flap owns the panel. */
  self->panel = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (object), ADEPT_TYPE_DEVICES_PAGE);
  G_OBJECT_CLASS (adept_devices_page_parent_class)->dispose (object);
}

static void
adept_devices_page_finalize (GObject *object)
{
  AdeptDevicesPage *self = ADEPT_DEVICES_PAGE (object);

  g_clear_pointer (&self->columns, g_ptr_array_unref);
  g_clear_object (&self->column_actions);
  g_clear_object (&self->selection);
  g_clear_object (&self->slots);
  g_clear_object (&self->list);
  g_clear_object (&self->org_list);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->lookups);
  g_clear_pointer (&self->replacements_asked, g_hash_table_unref);
  g_clear_pointer (&self->profile_names, g_hash_table_unref);
  g_clear_pointer (&self->panel_tips, g_hash_table_unref);
  g_clear_pointer (&self->families, g_strfreev);
  g_free (self->selected_counts);
  g_free (self->job_profile_name);
  g_free (self->server_id);
  G_OBJECT_CLASS (adept_devices_page_parent_class)->finalize (object);
}

static void
adept_devices_page_class_init (AdeptDevicesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = adept_devices_page_dispose;
  object_class->finalize = adept_devices_page_finalize;
  object_class->get_property = adept_devices_page_get_property;
  object_class->set_property = adept_devices_page_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, ADEPT_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/adept-devices-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AdeptDevicesPage, stack);
  gtk_widget_class_bind_template_child (widget_class, AdeptDevicesPage, flap);
  gtk_widget_class_bind_template_child (widget_class, AdeptDevicesPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, AdeptDevicesPage, family_dropdown);
  gtk_widget_class_bind_template_child (widget_class, AdeptDevicesPage, chart);
  gtk_widget_class_bind_template_child (widget_class, AdeptDevicesPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, AdeptDevicesPage, no_match_page);
  gtk_widget_class_bind_template_child (widget_class, AdeptDevicesPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, AdeptDevicesPage, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, AdeptDevicesPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, AdeptDevicesPage, progress_label);
  gtk_widget_class_bind_template_child (widget_class, AdeptDevicesPage, columns_submenu);
  gtk_widget_class_bind_template_child (widget_class, AdeptDevicesPage, filters_button);
  gtk_widget_class_bind_template_child (widget_class, AdeptDevicesPage, saved_filters_section);
  gtk_widget_class_bind_template_child (widget_class, AdeptDevicesPage, delete_filters_submenu);
  gtk_widget_class_bind_template_child (widget_class, AdeptDevicesPage, sync_box);
  gtk_widget_class_bind_template_child (widget_class, AdeptDevicesPage, sync_spinner);
  gtk_widget_class_bind_template_child (widget_class, AdeptDevicesPage, sync_label);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);
  gtk_widget_class_bind_template_callback (widget_class, on_family_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_chart_selected);

  gtk_widget_class_install_action (widget_class, "devices.clear-filters", NULL,
                                   clear_filters_action);
  gtk_widget_class_install_action (widget_class, "devices.focus-search", NULL,
                                   focus_search_action);
  gtk_widget_class_install_action (widget_class, "devices.close-panel", NULL,
                                   close_panel_action);
  _adept_devices_page_actions_init (widget_class);
  _adept_devices_page_filters_init (widget_class);
  _adept_devices_page_lock_init (widget_class);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "devices.focus-search", NULL);

  g_type_ensure (ADEPT_TYPE_STATUS_CHART);
  g_type_ensure (ADEPT_TYPE_DEVICE_PANEL);
}

static void
adept_devices_page_init (AdeptDevicesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_object_ref (adept_settings_get_default ());
  self->profile_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->panel_tips = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  _adept_devices_page_columns_init (self);
  /* The scrolled window gives the view its adjustment when it takes it as its child. */
  watch_rows_shown (self);
  g_signal_connect_object (self->column_view, "notify::vadjustment",
                           G_CALLBACK (watch_rows_shown), self, G_CONNECT_SWAPPED);
  load_families (self);
  adept_ui_widget_no_hyphens (GTK_WIDGET (self->stack));
  g_signal_connect_object (self->settings, "notify::saved-device-filters",
                           G_CALLBACK (_adept_devices_page_filters_update), self,
                           G_CONNECT_SWAPPED);

  /* Typing anywhere on the page searches; the list still gets Space and arrows first. */
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));
  g_signal_connect_object (self->flap, "notify::folded", G_CALLBACK (on_folded_changed), self,
                           G_CONNECT_SWAPPED);
  on_folded_changed (self);
  _adept_devices_page_update_state (self);
}
