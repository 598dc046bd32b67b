/* adept-devices-page-columns.c — the Devices list's columns: cells, order, widths and
 * which ones show
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-devices-page"

#include "config.h"

#include <glib/gi18n.h>

#include "adept-device-format.h"
#include "adept-device-sorter.h"
#include "adept-list-cell.h"
#include "adept-list-pill.h"
#include "adept-devices-page-private.h"

typedef enum {
  CELL_TEXT,
  CELL_MONO,
  CELL_FAMILY,
  CELL_STATUS,
} CellKind;

typedef struct _Column Column;
typedef char *(*CellTextFunc) (Column *column, AdeptDevice *device);

typedef struct {
  const char          *id;
  const char          *title;
  AdeptDeviceListSort  sort;
  int                  width;
  gboolean             expand;
  CellKind             kind;
  CellTextFunc         text;
} ColumnInfo;

struct _Column
{
  AdeptDevicesPage    *page;
  const ColumnInfo    *info;
  GtkColumnViewColumn *column;
  gboolean             shown;
  int                  wanted;    /* the admin's width (or the default), kept in GSettings */
  gboolean             fitting;   /* the width is being narrowed to fit, not chosen */
};

/* Narrowed to fit, the description keeps at least this much. */
#define MIN_FITTED_WIDTH 24

#define DEFINE_TEXT(name, expr)                          \
  static char *                                          \
  name (Column *column, AdeptDevice *d)                  \
  {                                                      \
    return g_strdup (expr);                              \
  }

DEFINE_TEXT (serial_text, adept_device_get_serial_number (d))
DEFINE_TEXT (description_text, adept_device_get_description (d))
DEFINE_TEXT (model_text, adept_device_get_model (d))
DEFINE_TEXT (family_text, adept_family_label (adept_device_get_device_family (d)))
DEFINE_TEXT (os_text, adept_os_label (adept_device_get_os (d)))
DEFINE_TEXT (color_text, adept_device_get_color (d))
DEFINE_TEXT (asset_tag_text, adept_device_get_asset_tag (d))
DEFINE_TEXT (status_text, adept_profile_status_get_label (adept_device_get_profile_status (d)))
DEFINE_TEXT (profile_text, _adept_devices_page_get_profile_name (column->page,
                                                                 adept_device_get_profile_uuid (d)))
DEFINE_TEXT (assigned_by_text, adept_device_get_device_assigned_by (d))

static char *
assigned_date_text (Column      *column,
                    AdeptDevice *d)
{
  return adept_format_short_date (adept_device_get_device_assigned_date (d));
}

/* What protocol 8 and 10 tell: optional columns, off until the admin picks them. */
DEFINE_TEXT (wifi_mac_text, adept_device_get_wifi_mac_address (d))
DEFINE_TEXT (bluetooth_mac_text, adept_device_get_bluetooth_mac_address (d))
DEFINE_TEXT (ethernet_mac_text, adept_device_get_ethernet_mac_address (d))
DEFINE_TEXT (eid_text, adept_device_get_eid (d))

static char *
imei_text (Column      *column,
           AdeptDevice *d)
{
  const char * const *imei = adept_device_get_imei (d);

  return imei != NULL && imei[0] != NULL ? g_strjoinv (", ", (char **) imei) : NULL;
}

static char *
migration_text (Column      *column,
                AdeptDevice *d)
{
  gint64 deadline = adept_device_get_mdm_migration_deadline (d);
  g_autofree char *day = adept_format_short_date (deadline);
  g_autofree char *left = adept_format_days_left (deadline, g_get_real_time () / G_USEC_PER_SEC);

  /* Translators: the migration column: a deadline, then "12 days left". */
  return day != NULL ? g_strdup_printf (_("%s, %s"), day, left) : NULL;
}

static char *
replacement_text (Column      *column,
                  AdeptDevice *d)
{
  return adept_device_get_is_replacement_device (d) ? g_strdup (_("Replacement")) : NULL;
}

/* Columns the list cannot sort by. */
#define NO_SORT ((AdeptDeviceListSort) -1)

/* The status comes early: it is what admins look for. Widths fit a 1280-pixel window with
 * the panel open; the description takes what is left. */
static const ColumnInfo column_infos[] = {
  { "serial", N_("Serial Number"), ADEPT_DEVICE_LIST_SORT_SERIAL, 130, FALSE, CELL_MONO, serial_text },
  { "description", N_("Description"), ADEPT_DEVICE_LIST_SORT_DESCRIPTION, 200, TRUE, CELL_TEXT, description_text },
  { "status", N_("DEP Profile Status"), ADEPT_DEVICE_LIST_SORT_STATUS, 232, FALSE, CELL_STATUS, status_text },
  { "profile", N_("Profile"), ADEPT_DEVICE_LIST_SORT_PROFILE, 130, FALSE, CELL_TEXT, profile_text },
  { "model", N_("Model"), ADEPT_DEVICE_LIST_SORT_MODEL, 170, FALSE, CELL_TEXT, model_text },
  { "family", N_("Family"), ADEPT_DEVICE_LIST_SORT_FAMILY, 100, FALSE, CELL_FAMILY, family_text },
  { "os", N_("OS"), ADEPT_DEVICE_LIST_SORT_OS, 80, FALSE, CELL_TEXT, os_text },
  { "color", N_("Color"), ADEPT_DEVICE_LIST_SORT_COLOR, 120, FALSE, CELL_TEXT, color_text },
  { "asset-tag", N_("Asset Tag"), ADEPT_DEVICE_LIST_SORT_ASSET_TAG, 110, FALSE, CELL_MONO, asset_tag_text },
  { "assigned-date", N_("Assigned"), ADEPT_DEVICE_LIST_SORT_ASSIGNED_DATE, 100, FALSE, CELL_TEXT, assigned_date_text },
  { "assigned-by", N_("Assigned By"), ADEPT_DEVICE_LIST_SORT_ASSIGNED_BY, 180, FALSE, CELL_TEXT, assigned_by_text },
  { "migration", N_("Migrating In"), NO_SORT, 170, FALSE, CELL_TEXT, migration_text },
  { "replacement", N_("Replacement"), NO_SORT, 110, FALSE, CELL_TEXT, replacement_text },
  { "wifi-mac", N_("Wi-Fi MAC Address"), NO_SORT, 150, FALSE, CELL_MONO, wifi_mac_text },
  { "bluetooth-mac", N_("Bluetooth MAC Address"), NO_SORT, 150, FALSE, CELL_MONO, bluetooth_mac_text },
  { "ethernet-mac", N_("Ethernet MAC Address"), NO_SORT, 150, FALSE, CELL_MONO, ethernet_mac_text },
  { "imei", N_("IMEI"), NO_SORT, 150, FALSE, CELL_MONO, imei_text },
  { "eid", N_("EID"), NO_SORT, 260, FALSE, CELL_MONO, eid_text },
};

/* Cells. Rows are recycled: setup makes a cell's widgets once, bind only sets text. A
 * text is an AdeptListCell: drawn as a GtkInscription would, with no Pango context of its
 * own. */

/* The status pill, and beside it a badge for a device migrating in from another MDM: the
 * deadline is what the admin must act on, so it shows in the default view. */
static GtkWidget *
status_cell_new (void)
{
  GtkWidget *cell = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  GtkWidget *badge = gtk_label_new (NULL);

  gtk_box_append (GTK_BOX (cell), adept_list_pill_new ());
  gtk_widget_add_css_class (badge, "migrating-badge");
  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  gtk_widget_set_visible (badge, FALSE);
  gtk_box_append (GTK_BOX (cell), badge);
  return cell;
}

static void
status_cell_set (GtkWidget   *cell,
                 AdeptDevice *device)
{
  GtkWidget *badge = gtk_widget_get_last_child (cell);
  gint64 deadline = adept_device_get_mdm_migration_deadline (device);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *text = adept_format_migration_badge (deadline, now);

  adept_list_pill_set_status (ADEPT_LIST_PILL (gtk_widget_get_first_child (cell)),
                              adept_device_get_profile_status (device));
  gtk_widget_set_visible (badge, text != NULL);
  if (text == NULL)
    return;
  if (g_strcmp0 (gtk_label_get_label (GTK_LABEL (badge)), text) != 0)
    {
      g_autofree char *day = adept_format_short_date (deadline);
      g_autofree char *left = adept_format_days_left (deadline, now);
      /* Translators: the migration badge's tooltip: a deadline, then "12 days left". */
      g_autofree char *tip = g_strdup_printf (_("Migrating in from another MDM server: it must enroll with this one by %s (%s)."),
                                              day, left);

      gtk_label_set_label (GTK_LABEL (badge), text);
      gtk_widget_set_tooltip_text (badge, tip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (badge), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, tip, -1);
    }
}

static void
on_setup (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          Column                   *column)
{
  GtkWidget *cell;

  switch (column->info->kind)
    {
    case CELL_FAMILY:
      cell = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      gtk_box_append (GTK_BOX (cell), gtk_image_new ());
      gtk_box_append (GTK_BOX (cell), adept_list_cell_new (FALSE));
      break;
    case CELL_STATUS:
      cell = status_cell_new ();
      break;
    case CELL_MONO:
      cell = adept_list_cell_new (TRUE);
      break;
    case CELL_TEXT:
    default:
      cell = adept_list_cell_new (FALSE);
      break;
    }
  g_object_set_data (G_OBJECT (item), "adept-column", column);
  gtk_list_item_set_child (item, cell);
}

static void
fill_cell (Column      *column,
           GtkListItem *item)
{
  AdeptListSlot *slot = gtk_list_item_get_item (item);
  AdeptDevice *device = slot != NULL ? adept_list_slot_get_item (slot) : NULL;
  GtkWidget *cell = gtk_list_item_get_child (item);
  g_autofree char *text = NULL;

  if (device == NULL)
    return;

  switch (column->info->kind)
    {
    case CELL_FAMILY:
      gtk_image_set_from_icon_name (GTK_IMAGE (gtk_widget_get_first_child (cell)),
                                    adept_family_icon_name (adept_device_get_device_family (device)));
      cell = gtk_widget_get_last_child (cell);
      break;
    case CELL_STATUS:
      status_cell_set (cell, device);
      return;
    case CELL_TEXT:
    case CELL_MONO:
    default:
      break;
    }

  text = column->info->text (column, device);
  adept_list_cell_set_text (ADEPT_LIST_CELL (cell), text);
}

/* A row's slot says when a filter puts another device there, and when its device is
 * updated in place (the store changed): the bound cell follows. */
static void
on_item_notify (AdeptListSlot *slot,
                GParamSpec    *pspec,
                GtkListItem   *item)
{
  fill_cell (g_object_get_data (G_OBJECT (item), "adept-column"), item);
}

static void
on_bind (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         Column                   *column)
{
  gulong id;

  fill_cell (column, item);
  id = g_signal_connect_object (gtk_list_item_get_item (item), "notify::item",
                                G_CALLBACK (on_item_notify), item, 0);
  g_object_set_data (G_OBJECT (item), "adept-notify", GSIZE_TO_POINTER (id));
}

static void
on_unbind (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           Column                   *column)
{
  gulong id = GPOINTER_TO_SIZE (g_object_steal_data (G_OBJECT (item), "adept-notify"));
  gpointer slot = gtk_list_item_get_item (item);

  if (id != 0 && slot != NULL)
    g_signal_handler_disconnect (slot, id);
}

/* Order: the column headers say it, the device list does it. */

void
_adept_devices_page_columns_apply_sort (AdeptDevicesPage *self)
{
  AdeptDeviceListSort key = ADEPT_DEVICE_LIST_SORT_SERIAL;
  gboolean descending = FALSE;

  /* Columns leave the view while it is disposed. */
  if (self->list == NULL || self->column_view == NULL)
    return;
  if (!adept_device_sorter_get_primary (gtk_column_view_get_sorter (self->column_view),
                                        &key, &descending))
    key = ADEPT_DEVICE_LIST_SORT_SERIAL;
  adept_device_list_set_sort (self->list, key, descending);
}

static void
on_sorter_changed (GtkSorter        *sorter,
                   GtkSorterChange   change,
                   AdeptDevicesPage *self)
{
  _adept_devices_page_columns_apply_sort (self);
}

/* Widths and visibility are kept in GSettings. */

static void
save_widths (AdeptDevicesPage *self)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{si}"));
  for (guint i = 0; i < self->columns->len; i++)
    {
      Column *column = g_ptr_array_index (self->columns, i);
      int width = column->wanted;

      if (width > 0 && width != column->info->width)
        g_variant_builder_add (&builder, "{si}", column->info->id, width);
    }
  g_object_set (self->settings, "device-column-widths", g_variant_builder_end (&builder), NULL);
}

static void
save_visible (AdeptDevicesPage *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) ids = NULL;

  for (guint i = 0; i < self->columns->len; i++)
    {
      Column *column = g_ptr_array_index (self->columns, i);

      if (column->shown)
        g_strv_builder_add (builder, column->info->id);
    }
  ids = g_strv_builder_end (builder);
  g_object_set (self->settings, "device-columns", ids, NULL);
}

void
_adept_devices_page_columns_save (AdeptDevicesPage *self)
{
  if (self->columns == NULL)
    return;
  save_widths (self);
  save_visible (self);
}

static void
on_width_changed (GtkColumnViewColumn *view_column,
                  GParamSpec          *pspec,
                  Column              *column)
{
  if (column->fitting)
    return;
  column->wanted = gtk_column_view_column_get_fixed_width (view_column);
  save_widths (column->page);
}

static Column *
find_column (AdeptDevicesPage *self,
             const char       *id)
{
  for (guint i = 0; i < self->columns->len; i++)
    {
      Column *column = g_ptr_array_index (self->columns, i);

      if (g_str_equal (column->info->id, id))
        return column;
    }
  return NULL;
}

/* In a narrow window the status stays whole: the expanding column (the description) gives
 * way down to MIN_FITTED_WIDTH so the columns up to the status fit the view; the columns
 * after it scroll. The admin's own width comes back when there is room again. */
static void
fit_columns (AdeptDevicesPage *self)
{
  GtkAdjustment *hadjustment = gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (self->column_view));
  Column *status = find_column (self, "status");
  Column *giving = NULL;
  int view_width, before = 0, width;

  if (hadjustment == NULL || status == NULL || !status->shown)
    return;
  view_width = (int) gtk_adjustment_get_page_size (hadjustment);
  if (view_width <= 0)
    return;
  for (guint i = 0; i < self->columns->len; i++)
    {
      Column *column = g_ptr_array_index (self->columns, i);

      if (!column->shown)
        continue;
      if (column->info->expand && giving == NULL && column != status)
        giving = column;
      else
        before += column->wanted;
      if (column == status)
        break;
    }
  if (giving == NULL)
    return;
  width = CLAMP (view_width - before, MIN_FITTED_WIDTH, giving->wanted);
  if (width == gtk_column_view_column_get_fixed_width (giving->column))
    return;
  giving->fitting = TRUE;
  gtk_column_view_column_set_fixed_width (giving->column, width);
  giving->fitting = FALSE;
}

static gboolean
fit_columns_later_cb (gpointer data)
{
  AdeptDevicesPage *self = data;

  g_object_steal_data (G_OBJECT (self), "adept-fit-source");
  fit_columns (self);
  return G_SOURCE_REMOVE;
}

static void
remove_source (gpointer id)
{
  g_source_remove (GPOINTER_TO_UINT (id));
}

/* The view's width changes while it is being laid out, when no width may change: the
 * columns fit before the next frame. */
static void
on_view_width_changed (GtkAdjustment    *hadjustment,
                       GParamSpec       *pspec,
                       AdeptDevicesPage *self)
{
  guint id;

  if (g_object_get_data (G_OBJECT (self), "adept-fit-source") != NULL)
    return;
  id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, fit_columns_later_cb, self, NULL);
  g_object_set_data_full (G_OBJECT (self), "adept-fit-source", GUINT_TO_POINTER (id), remove_source);
}

static void
watch_view_width (AdeptDevicesPage *self)
{
  GtkAdjustment *hadjustment = gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (self->column_view));

  if (hadjustment != NULL)
    g_signal_connect_object (hadjustment, "notify::page-size",
                             G_CALLBACK (on_view_width_changed), self, 0);
}

static void
on_hadjustment_changed (GtkColumnView    *view,
                        GParamSpec       *pspec,
                        AdeptDevicesPage *self)
{
  watch_view_width (self);
  on_view_width_changed (NULL, NULL, self);
}

/* A hidden column leaves the view rather than hiding: GTK 4.8 keeps about 200 rows alive,
 * and each row would still make a cell for it. */
static void
show_column (Column   *column,
             gboolean  shown)
{
  AdeptDevicesPage *self = column->page;
  guint position = 0;

  if (column->shown == shown)
    return;
  column->shown = shown;
  if (!shown)
    {
      gtk_column_view_remove_column (self->column_view, column->column);
      fit_columns (self);
      return;
    }
  for (guint i = 0; i < self->columns->len && g_ptr_array_index (self->columns, i) != column; i++)
    if (((Column *) g_ptr_array_index (self->columns, i))->shown)
      position++;
  gtk_column_view_insert_column (self->column_view, position, column->column);
  fit_columns (self);
}

static void
on_column_toggled (GSimpleAction *action,
                   GVariant      *state,
                   Column        *column)
{
  g_simple_action_set_state (action, state);
  show_column (column, g_variant_get_boolean (state));
  save_visible (column->page);
}

static void
add_column (AdeptDevicesPage *self,
            const ColumnInfo *info,
            const char * const *visible,
            GVariant         *widths)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkSorter) sorter = info->sort != NO_SORT ? adept_device_sorter_new (info->sort) : NULL;
  g_autoptr(GSimpleAction) action = NULL;
  g_autofree char *action_name = g_strconcat ("columns.", info->id, NULL);
  g_autoptr(GMenuItem) item = NULL;
  Column *column = g_new0 (Column, 1);
  gboolean shown = g_strv_contains (visible, info->id);
  int width = info->width;

  g_variant_lookup (widths, info->id, "i", &width);

  column->page = self;
  column->info = info;
  column->wanted = MAX (40, width);
  g_signal_connect (factory, "setup", G_CALLBACK (on_setup), column);
  g_signal_connect (factory, "bind", G_CALLBACK (on_bind), column);
  g_signal_connect (factory, "unbind", G_CALLBACK (on_unbind), column);

  column->column = gtk_column_view_column_new (_(info->title), g_object_ref (factory));
  gtk_column_view_column_set_sorter (column->column, sorter);
  gtk_column_view_column_set_resizable (column->column, TRUE);
  gtk_column_view_column_set_expand (column->column, info->expand);
  gtk_column_view_column_set_fixed_width (column->column, MAX (40, width));
  gtk_column_view_column_set_header_menu (column->column, G_MENU_MODEL (self->columns_submenu));
  g_signal_connect (column->column, "notify::fixed-width", G_CALLBACK (on_width_changed), column);
  g_ptr_array_add (self->columns, column);
  show_column (column, shown);

  action = g_simple_action_new_stateful (info->id, NULL, g_variant_new_boolean (shown));
  g_signal_connect (action, "change-state", G_CALLBACK (on_column_toggled), column);
  g_action_map_add_action (G_ACTION_MAP (self->column_actions), G_ACTION (action));
  item = g_menu_item_new (_(info->title), action_name);
  g_menu_append_item (self->columns_submenu, item);
}

static void
column_free (gpointer data)
{
  Column *column = data;

  g_signal_handlers_disconnect_by_data (column->column, column);
  g_clear_object (&column->column);
  g_free (column);
}

void
_adept_devices_page_columns_init (AdeptDevicesPage *self)
{
  g_auto(GStrv) visible = NULL;
  g_autoptr(GVariant) widths = NULL;

  g_object_get (self->settings, "device-columns", &visible, "device-column-widths", &widths, NULL);

  self->columns = g_ptr_array_new_with_free_func (column_free);
  self->column_actions = g_simple_action_group_new ();
  gtk_widget_insert_action_group (GTK_WIDGET (self), "columns",
                                  G_ACTION_GROUP (self->column_actions));

  for (guint i = 0; i < G_N_ELEMENTS (column_infos); i++)
    add_column (self, &column_infos[i], (const char * const *) visible, widths);

  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (on_sorter_changed), self, 0);
  /* The scrolled window gives the view its adjustment when it takes it as its child. */
  watch_view_width (self);
  g_signal_connect_object (self->column_view, "notify::hadjustment",
                           G_CALLBACK (on_hadjustment_changed), self, 0);
  /* The header says what the list starts with: by serial (unless that column is hidden). */
  {
    Column *serial = g_ptr_array_index (self->columns, 0);

    if (serial->shown)
      gtk_column_view_sort_by_column (self->column_view, serial->column, GTK_SORT_ASCENDING);
  }
}
