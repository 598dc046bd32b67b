/* adept-device-picker.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-device-picker"

#include "config.h"

#include <glib/gi18n.h>

#include "adept-device-picker.h"
#include "adept-ui-util.h"

struct _AdeptDevicePicker
{
  AdwWindow             parent_instance;

  /* Template widgets */
  AdwWindowTitle       *window_title;
  GtkButton            *close_button;
  GtkSearchEntry       *search_entry;
  GtkDropDown          *status_dropdown;
  GtkWidget            *toolbar;
  GtkColumnView        *column_view;
  GtkColumnViewColumn  *marked_column;
  GtkColumnViewColumn  *serial_column;
  GtkColumnViewColumn  *model_column;
  GtkColumnViewColumn  *description_column;
  GtkColumnViewColumn  *status_column;
  GtkColumnViewColumn  *profile_column;
  GtkStack             *bottom_stack;
  GtkLabel             *marked_label;
  GtkLabel             *progress_label;
  GtkProgressBar       *progress_bar;
  GtkImage             *summary_icon;
  GtkLabel             *summary_label;

  /* Owned */
  AdeptSession         *session;
  char                 *profile_uuid;
  char                 *profile_name;
  GHashTable           *profile_names;
  AdeptDeviceList      *devices;
  GtkMultiSelection    *selection;
  GHashTable           *marked;        /* serial → serial */
  GHashTable           *marked_cells;  /* bound GtkListItem of the Assign column */
  AdeptBatchJob        *job;
  GCancellable         *cancellable;
  char                 *summary;
};

G_DEFINE_FINAL_TYPE (AdeptDevicePicker, adept_device_picker, ADW_TYPE_WINDOW)

enum {
  FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
is_running (AdeptDevicePicker *self)
{
  return self->job != NULL && !adept_batch_job_get_finished (self->job);
}

static void
update_marked_label (AdeptDevicePicker *self)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  guint n = g_hash_table_size (self->marked);
  g_autofree char *shown = adept_format_count (g_list_model_get_n_items (G_LIST_MODEL (self->devices)));
  g_autofree char *chosen = adept_format_count (gtk_bitset_get_size (selected));
  g_autofree char *marked = adept_format_count (n);
  g_autofree char *view = NULL;
  g_autofree char *text = NULL;

  /* Translators: "3 selected of 2,600 shown." */
  view = g_strdup_printf (_("%s selected of %s shown."), chosen, shown);
  if (n == 0)
    text = g_strdup_printf (_("%s Assign marks the selected devices for “%s”; Save sends the "
                              "marked devices to Apple."), view, self->profile_name);
  else
    text = g_strdup_printf (ngettext ("%s %s device marked for “%s”; Save sends it to Apple.",
                                      "%s %s devices marked for “%s”; Save sends them to Apple.", n),
                            view, marked, self->profile_name);
  gtk_label_set_label (self->marked_label, text);
}

static void
update_actions (AdeptDevicePicker *self)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  gboolean idle = self->job == NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "picker.assign",
                                 idle && !gtk_bitset_is_empty (selected));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "picker.select-all",
                                 idle && g_list_model_get_n_items (G_LIST_MODEL (self->devices)) > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "picker.unmark-all",
                                 idle && g_hash_table_size (self->marked) > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "picker.save",
                                 idle && g_hash_table_size (self->marked) > 0);
  update_marked_label (self);
}

static void
refresh_marked_cells (AdeptDevicePicker *self)
{
  GHashTableIter iter;
  gpointer item;

  g_hash_table_iter_init (&iter, self->marked_cells);
  while (g_hash_table_iter_next (&iter, &item, NULL))
    {
      AdeptDevice *device = gtk_list_item_get_item (item);
      GtkWidget *image = gtk_list_item_get_child (item);

      gtk_widget_set_visible (image, device != NULL
                              && g_hash_table_contains (self->marked,
                                                        adept_device_get_serial_number (device)));
    }
}

static void
marks_changed (AdeptDevicePicker *self)
{
  refresh_marked_cells (self);
  update_actions (self);
}

/* Cells */

typedef const char *(*CellText) (AdeptDevicePicker *self,
                                 AdeptDevice       *device);

static const char *
serial_text (AdeptDevicePicker *self,
             AdeptDevice       *device)
{
  return adept_device_get_serial_number (device);
}

static const char *
model_text (AdeptDevicePicker *self,
            AdeptDevice       *device)
{
  return adept_device_get_model (device);
}

static const char *
description_text (AdeptDevicePicker *self,
                  AdeptDevice       *device)
{
  return adept_device_get_description (device);
}

static const char *
status_text (AdeptDevicePicker *self,
             AdeptDevice       *device)
{
  return adept_profile_status_get_label (adept_device_get_profile_status (device));
}

static const char *
profile_text (AdeptDevicePicker *self,
              AdeptDevice       *device)
{
  const char *uuid = adept_device_get_profile_uuid (device);
  const char *name;

  if (uuid == NULL || *uuid == '\0'
      || adept_device_get_profile_status (device) == ADEPT_PROFILE_STATUS_EMPTY)
    return NULL;
  name = self->profile_names ? g_hash_table_lookup (self->profile_names, uuid) : NULL;
  return name ? name : uuid;
}

static void
setup_text_cell (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  user_data)
{
  GtkWidget *inscription = gtk_inscription_new (NULL);

  gtk_inscription_set_min_chars (GTK_INSCRIPTION (inscription), 8);
  gtk_inscription_set_nat_chars (GTK_INSCRIPTION (inscription), GPOINTER_TO_UINT (user_data));
  gtk_list_item_set_child (item, inscription);
}

static void
bind_text_cell (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                AdeptDevicePicker        *self)
{
  CellText text = g_object_get_data (G_OBJECT (factory), "adept-cell-text");

  gtk_inscription_set_text (GTK_INSCRIPTION (gtk_list_item_get_child (item)),
                            text (self, gtk_list_item_get_item (item)));
}

static void
setup_marked_cell (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   gpointer                  user_data)
{
  GtkWidget *image = gtk_image_new_from_icon_name ("object-select-symbolic");

  gtk_widget_add_css_class (image, "accent");
  gtk_widget_set_tooltip_text (image, _("Marked for this profile"));
  gtk_list_item_set_child (item, image);
}

static void
bind_marked_cell (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  AdeptDevicePicker        *self)
{
  g_hash_table_add (self->marked_cells, item);
  refresh_marked_cells (self);
}

static void
unbind_marked_cell (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    AdeptDevicePicker        *self)
{
  g_hash_table_remove (self->marked_cells, item);
}

static void
set_text_factory (AdeptDevicePicker   *self,
                  GtkColumnViewColumn *column,
                  CellText             text,
                  guint                nat_chars)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_object_set_data (G_OBJECT (factory), "adept-cell-text", text);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_text_cell), GUINT_TO_POINTER (nat_chars));
  g_signal_connect_object (factory, "bind", G_CALLBACK (bind_text_cell), self, 0);
  gtk_column_view_column_set_factory (column, factory);
}

static void
setup_columns (AdeptDevicePicker *self)
{
  g_autoptr(GtkListItemFactory) marked = gtk_signal_list_item_factory_new ();

  g_signal_connect (marked, "setup", G_CALLBACK (setup_marked_cell), NULL);
  g_signal_connect_object (marked, "bind", G_CALLBACK (bind_marked_cell), self, 0);
  g_signal_connect_object (marked, "unbind", G_CALLBACK (unbind_marked_cell), self, 0);
  gtk_column_view_column_set_factory (self->marked_column, marked);

  set_text_factory (self, self->serial_column, serial_text, 14);
  set_text_factory (self, self->model_column, model_text, 24);
  set_text_factory (self, self->description_column, description_text, 30);
  set_text_factory (self, self->status_column, status_text, 10);
  set_text_factory (self, self->profile_column, profile_text, 16);
}

/* Filters */

static void
on_search_changed (AdeptDevicePicker *self)
{
  adept_device_list_set_search (self->devices, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  update_actions (self);
}

static void
on_status_changed (AdeptDevicePicker *self)
{
  guint selected = gtk_drop_down_get_selected (self->status_dropdown);

  /* Item 0 is every status; the others follow AdeptProfileStatus. */
  adept_device_list_set_status_filter (self->devices, selected == 0 ? -1 : (int) selected - 1);
  update_actions (self);
}

/* Actions */

static void
select_all_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  AdeptDevicePicker *self = ADEPT_DEVICE_PICKER (widget);

  gtk_selection_model_select_all (GTK_SELECTION_MODEL (self->selection));
}

static void
assign_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  AdeptDevicePicker *self = ADEPT_DEVICE_PICKER (widget);
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  GtkBitsetIter iter;
  guint position;

  for (gboolean more = gtk_bitset_iter_init_first (&iter, selected, &position);
       more;
       more = gtk_bitset_iter_next (&iter, &position))
    {
      g_autoptr(AdeptDevice) device = g_list_model_get_item (G_LIST_MODEL (self->devices), position);
      char *serial;

      if (device == NULL)
        continue;
      serial = g_strdup (adept_device_get_serial_number (device));
      g_hash_table_replace (self->marked, serial, serial);
    }
  gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->selection));
  marks_changed (self);
}

static void
unmark_all_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  AdeptDevicePicker *self = ADEPT_DEVICE_PICKER (widget);

  g_hash_table_remove_all (self->marked);
  marks_changed (self);
}

static void
update_progress (AdeptDevicePicker *self)
{
  g_autofree char *sent = adept_format_count (adept_batch_job_get_sent (self->job));
  g_autofree char *total = adept_format_count (adept_batch_job_get_total (self->job));
  g_autofree char *text = NULL;

  /* Translators: "Sending to Apple: 1,000 of 2,500 devices (request 2 of 3)" */
  text = g_strdup_printf (ngettext ("Sending to Apple: %s of %s device (request %u of %u)",
                                    "Sending to Apple: %s of %s devices (request %u of %u)",
                                    adept_batch_job_get_total (self->job)), sent, total,
                          MIN (adept_batch_job_get_batches_done (self->job) + 1,
                               adept_batch_job_get_n_batches (self->job)),
                          adept_batch_job_get_n_batches (self->job));
  gtk_label_set_label (self->progress_label, text);
  gtk_progress_bar_set_fraction (self->progress_bar, adept_batch_job_get_fraction (self->job));
}

static gboolean
job_went_well (AdeptBatchJob *job)
{
  AdeptDeviceResults *results = adept_batch_job_get_results (job);

  return adept_batch_job_get_error (job) == NULL
         && adept_device_results_count (results, ADEPT_DEVICE_RESULT_SUCCESS)
            == adept_device_results_get_n_results (results);
}

static void
job_done (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(AdeptDevicePicker) self = user_data;
  g_autoptr(AdeptDeviceResults) results = NULL;
  g_autoptr(GError) error = NULL;
  gboolean well;

  results = adept_session_run_job_finish (ADEPT_SESSION (source), result, &error);
  g_free (self->summary);
  self->summary = adept_batch_job_dup_summary (self->job);
  if (self->summary_label == NULL)  /* the window is gone */
    return;

  well = job_went_well (self->job);
  gtk_label_set_label (self->summary_label, self->summary);
  gtk_image_set_from_icon_name (self->summary_icon, well ? "emblem-ok-symbolic"
                                                         : "dialog-warning-symbolic");
  gtk_widget_remove_css_class (GTK_WIDGET (self->summary_icon), well ? "warning" : "success");
  gtk_widget_add_css_class (GTK_WIDGET (self->summary_icon), well ? "success" : "warning");
  gtk_stack_set_visible_child_name (self->bottom_stack, "summary");
  gtk_button_set_label (self->close_button, _("_Close"));
  g_hash_table_remove_all (self->marked);
  refresh_marked_cells (self);
  g_signal_emit (self, signals[FINISHED], 0, self->job);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  AdeptDevicePicker *self = ADEPT_DEVICE_PICKER (widget);
  g_autoptr(GError) error = NULL;
  guint n = 0;
  g_autofree const char **serials = NULL;

  if (self->job != NULL || g_hash_table_size (self->marked) == 0)
    return;

  serials = (const char **) g_hash_table_get_keys_as_array (self->marked, &n);
  qsort (serials, n, sizeof (char *), compare_strings);
  self->job = adept_session_create_job (self->session, ADEPT_BATCH_ASSIGN, self->profile_uuid,
                                        serials, &error);
  if (self->job == NULL)
    {
      gtk_label_set_label (self->summary_label, error->message);
      gtk_stack_set_visible_child_name (self->bottom_stack, "summary");
      return;
    }
  adept_batch_job_set_profile_name (self->job, self->profile_name);
  g_signal_connect_object (self->job, "notify::sent", G_CALLBACK (update_progress), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_set_sensitive (self->toolbar, FALSE);
  gtk_button_set_label (self->close_button, _("_Stop"));
  gtk_stack_set_visible_child_name (self->bottom_stack, "progress");
  update_progress (self);
  update_actions (self);
  adept_session_run_job_async (self->session, self->job, self->cancellable, job_done,
                               g_object_ref (self));
}

/* Closing while Apple is being asked stops after the request in flight. */
static gboolean
adept_device_picker_close_request (GtkWindow *window)
{
  AdeptDevicePicker *self = ADEPT_DEVICE_PICKER (window);

  if (is_running (self))
    {
      g_cancellable_cancel (self->cancellable);
      return TRUE;
    }
  return GTK_WINDOW_CLASS (adept_device_picker_parent_class)->close_request (window);
}

static void
adept_device_picker_dispose (GObject *object)
{
  AdeptDevicePicker *self = ADEPT_DEVICE_PICKER (object);

  g_cancellable_cancel (self->cancellable);
  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), ADEPT_TYPE_DEVICE_PICKER);
  G_OBJECT_CLASS (adept_device_picker_parent_class)->dispose (object);
}

static void
adept_device_picker_finalize (GObject *object)
{
  AdeptDevicePicker *self = ADEPT_DEVICE_PICKER (object);

  g_clear_object (&self->session);
  g_clear_object (&self->devices);
  g_clear_object (&self->selection);
  g_clear_object (&self->job);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->profile_names, g_hash_table_unref);
  g_hash_table_unref (self->marked);
  g_hash_table_unref (self->marked_cells);
  g_free (self->profile_uuid);
  g_free (self->profile_name);
  g_free (self->summary);
  G_OBJECT_CLASS (adept_device_picker_parent_class)->finalize (object);
}

static void
adept_device_picker_class_init (AdeptDevicePickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = adept_device_picker_dispose;
  object_class->finalize = adept_device_picker_finalize;
  GTK_WINDOW_CLASS (klass)->close_request = adept_device_picker_close_request;

  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1, ADEPT_TYPE_BATCH_JOB);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/adept-device-picker.ui");
  gtk_widget_class_bind_template_child (widget_class, AdeptDevicePicker, window_title);
  gtk_widget_class_bind_template_child (widget_class, AdeptDevicePicker, close_button);
  gtk_widget_class_bind_template_child (widget_class, AdeptDevicePicker, search_entry);
  gtk_widget_class_bind_template_child (widget_class, AdeptDevicePicker, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, AdeptDevicePicker, toolbar);
  gtk_widget_class_bind_template_child (widget_class, AdeptDevicePicker, column_view);
  gtk_widget_class_bind_template_child (widget_class, AdeptDevicePicker, marked_column);
  gtk_widget_class_bind_template_child (widget_class, AdeptDevicePicker, serial_column);
  gtk_widget_class_bind_template_child (widget_class, AdeptDevicePicker, model_column);
  gtk_widget_class_bind_template_child (widget_class, AdeptDevicePicker, description_column);
  gtk_widget_class_bind_template_child (widget_class, AdeptDevicePicker, status_column);
  gtk_widget_class_bind_template_child (widget_class, AdeptDevicePicker, profile_column);
  gtk_widget_class_bind_template_child (widget_class, AdeptDevicePicker, bottom_stack);
  gtk_widget_class_bind_template_child (widget_class, AdeptDevicePicker, marked_label);
  gtk_widget_class_bind_template_child (widget_class, AdeptDevicePicker, progress_label);
  gtk_widget_class_bind_template_child (widget_class, AdeptDevicePicker, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, AdeptDevicePicker, summary_icon);
  gtk_widget_class_bind_template_child (widget_class, AdeptDevicePicker, summary_label);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_status_changed);

  gtk_widget_class_install_action (widget_class, "picker.select-all", NULL, select_all_action);
  gtk_widget_class_install_action (widget_class, "picker.assign", NULL, assign_action);
  gtk_widget_class_install_action (widget_class, "picker.unmark-all", NULL, unmark_all_action);
  gtk_widget_class_install_action (widget_class, "picker.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
adept_device_picker_init (AdeptDevicePicker *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->marked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->marked_cells = g_hash_table_new (NULL, NULL);
  self->cancellable = g_cancellable_new ();
  setup_columns (self);
}

AdeptDevicePicker *
adept_device_picker_new (GtkWindow    *parent,
                         AdeptSession *session,
                         const char   *profile_uuid,
                         const char   *profile_name,
                         GHashTable   *profile_names)
{
  AdeptDevicePicker *self;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;

  g_return_val_if_fail (ADEPT_IS_SESSION (session), NULL);
  g_return_val_if_fail (profile_uuid != NULL, NULL);

  self = g_object_new (ADEPT_TYPE_DEVICE_PICKER, "transient-for", parent, NULL);
  self->session = g_object_ref (session);
  self->profile_uuid = g_strdup (profile_uuid);
  self->profile_name = g_strdup (profile_name ? profile_name : profile_uuid);
  self->profile_names = profile_names ? g_hash_table_ref (profile_names) : NULL;

  self->devices = adept_device_list_new (adept_session_get_store (session),
                                         adept_session_get_id (session));
  if (!adept_device_list_refresh (self->devices, &error))
    g_warning ("Could not read the devices: %s", error->message);
  self->selection = gtk_multi_selection_new (G_LIST_MODEL (g_object_ref (self->devices)));
  g_signal_connect_object (self->selection, "selection-changed", G_CALLBACK (update_actions),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "items-changed", G_CALLBACK (update_actions),
                           self, G_CONNECT_SWAPPED);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  /* Translators: the subtitle of the device picker, with the profile's name. */
  title = g_strdup_printf (_("For “%s”"), self->profile_name);
  adw_window_title_set_subtitle (self->window_title, title);
  marks_changed (self);
  return self;
}

AdeptDeviceList *
adept_device_picker_get_list (AdeptDevicePicker *self)
{
  g_return_val_if_fail (ADEPT_IS_DEVICE_PICKER (self), NULL);
  return self->devices;
}

GtkSelectionModel *
adept_device_picker_get_selection (AdeptDevicePicker *self)
{
  g_return_val_if_fail (ADEPT_IS_DEVICE_PICKER (self), NULL);
  return GTK_SELECTION_MODEL (self->selection);
}

void
adept_device_picker_set_search (AdeptDevicePicker *self,
                                const char        *text)
{
  g_return_if_fail (ADEPT_IS_DEVICE_PICKER (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text ? text : "");
  on_search_changed (self);
}

void
adept_device_picker_set_status (AdeptDevicePicker *self,
                                int                status)
{
  g_return_if_fail (ADEPT_IS_DEVICE_PICKER (self));

  gtk_drop_down_set_selected (self->status_dropdown, status < 0 ? 0 : (guint) status + 1);
}

guint
adept_device_picker_get_n_marked (AdeptDevicePicker *self)
{
  g_return_val_if_fail (ADEPT_IS_DEVICE_PICKER (self), 0);
  return g_hash_table_size (self->marked);
}

gboolean
adept_device_picker_is_marked (AdeptDevicePicker *self,
                               const char        *serial)
{
  g_return_val_if_fail (ADEPT_IS_DEVICE_PICKER (self), FALSE);
  return g_hash_table_contains (self->marked, serial);
}

const char *
adept_device_picker_get_state (AdeptDevicePicker *self)
{
  g_return_val_if_fail (ADEPT_IS_DEVICE_PICKER (self), NULL);
  return gtk_stack_get_visible_child_name (self->bottom_stack);
}

AdeptBatchJob *
adept_device_picker_get_job (AdeptDevicePicker *self)
{
  g_return_val_if_fail (ADEPT_IS_DEVICE_PICKER (self), NULL);
  return self->job;
}

const char *
adept_device_picker_get_summary (AdeptDevicePicker *self)
{
  g_return_val_if_fail (ADEPT_IS_DEVICE_PICKER (self), NULL);
  return self->summary;
}
