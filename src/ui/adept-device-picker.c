/* adept-device-picker.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-device-picker"

#include "config.h"

#include <glib/gi18n.h>

#include "adept-device-picker.h"
#include "adept-input.h"
#include "adept-serial-list.h"
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
  GtkLabel             *report_label;
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
  GHashTable           *text_cells;    /* bound GtkListItem of the text columns */
  GHashTable           *accepted;      /* serials Apple took for this profile, until a sync says so */
  GtkFileChooserNative *chooser;
  char                 *report;
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
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "picker.from-file", idle);
  /* What is off says why. */
  adept_ui_set_action_tooltip (GTK_WIDGET (self), "picker.assign",
                               !idle ? _("Wait until Apple has answered")
                               : gtk_bitset_is_empty (selected) ? _("Select devices in the list first")
                               : _("Mark the selected devices for this profile"));
  adept_ui_set_action_tooltip (GTK_WIDGET (self), "picker.save",
                               !idle ? _("Apple is being asked")
                               : g_hash_table_size (self->marked) == 0
                                 ? _("Mark devices first: select them, then Assign, or add them from a file")
                                 : _("Send the marked devices to Apple"));
  adept_ui_set_action_tooltip (GTK_WIDGET (self), "picker.unmark-all",
                               g_hash_table_size (self->marked) == 0 ? _("No device is marked")
                                                                     : _("Unmark every device"));
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

/* Apple took the profile for the device, and the store does not know yet (until the sync
 * the assignment asks for). */
static gboolean
is_accepted (AdeptDevicePicker *self,
             AdeptDevice       *device)
{
  AdeptProfileStatus status = adept_device_get_profile_status (device);

  if (!g_hash_table_contains (self->accepted, adept_device_get_serial_number (device)))
    return FALSE;
  return !((status == ADEPT_PROFILE_STATUS_ASSIGNED || status == ADEPT_PROFILE_STATUS_PUSHED) &&
           g_strcmp0 (adept_device_get_profile_uuid (device), self->profile_uuid) == 0);
}

static const char *
status_text (AdeptDevicePicker *self,
             AdeptDevice       *device)
{
  if (is_accepted (self, device))
    return adept_profile_status_get_label (ADEPT_PROFILE_STATUS_ASSIGNED);
  return adept_profile_status_get_label (adept_device_get_profile_status (device));
}

static const char *
profile_text (AdeptDevicePicker *self,
              AdeptDevice       *device)
{
  const char *uuid = adept_device_get_profile_uuid (device);
  const char *name;

  if (is_accepted (self, device))
    return self->profile_name;
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
  adept_ui_widget_no_hyphens (inscription);
  /* A description cut short shows whole in its tooltip. */
  adept_ui_inscription_tooltip_when_cut (GTK_INSCRIPTION (inscription));
  gtk_list_item_set_child (item, inscription);
}

static void
apply_text (AdeptDevicePicker *self,
            GtkListItem       *item)
{
  CellText text = g_object_get_data (G_OBJECT (item), "adept-cell-text");
  AdeptDevice *device = gtk_list_item_get_item (item);

  if (device != NULL)
    gtk_inscription_set_text (GTK_INSCRIPTION (gtk_list_item_get_child (item)), text (self, device));
}

static void
bind_text_cell (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                AdeptDevicePicker        *self)
{
  g_object_set_data (G_OBJECT (item), "adept-cell-text",
                     g_object_get_data (G_OBJECT (factory), "adept-cell-text"));
  g_hash_table_add (self->text_cells, item);
  apply_text (self, item);
}

static void
unbind_text_cell (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  AdeptDevicePicker        *self)
{
  g_hash_table_remove (self->text_cells, item);
}

/* The rows on screen show what changed (Apple's answers, a sync). */
static void
refresh_text_cells (AdeptDevicePicker *self)
{
  GHashTableIter iter;
  gpointer item;

  g_hash_table_iter_init (&iter, self->text_cells);
  while (g_hash_table_iter_next (&iter, &item, NULL))
    apply_text (self, item);
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
  g_signal_connect_object (factory, "unbind", G_CALLBACK (unbind_text_cell), self, 0);
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
  {
    g_auto(GStrv) taken = adept_device_results_dup_serials (adept_batch_job_get_results (self->job),
                                                            ADEPT_DEVICE_RESULT_SUCCESS);

    for (guint i = 0; taken != NULL && taken[i] != NULL; i++)
      g_hash_table_add (self->accepted, g_strdup (taken[i]));
  }
  refresh_text_cells (self);
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

/* Assign from a file: serial numbers, one a line or a CSV's first column, as Apple
 * Business Manager takes them. */

static void
set_report (AdeptDevicePicker *self,
            const char        *text)
{
  adept_set_str (&self->report, text);
  gtk_label_set_label (self->report_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->report_label), text != NULL);
}

/* Marks the serials this server has; says how many, and names those it has not. */
static char *
mark_serials (AdeptDevicePicker  *self,
              const char * const *serials,
              const char         *file_name)
{
  g_autoptr(GPtrArray) unknown = g_ptr_array_new ();
  guint n_marked = 0;
  g_autofree char *marked = NULL;
  g_autofree char *text = NULL;

  for (guint i = 0; serials[i] != NULL; i++)
    {
      g_autoptr(AdeptDevice) device = adept_device_list_lookup (self->devices, serials[i]);
      char *serial;

      if (device == NULL)
        {
          g_ptr_array_add (unknown, (gpointer) serials[i]);
          continue;
        }
      serial = g_strdup (serials[i]);
      g_hash_table_replace (self->marked, serial, serial);
      n_marked++;
    }
  marks_changed (self);

  marked = adept_format_count (n_marked);
  /* Translators: "12 devices marked from “serials.csv”." */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s device marked from “%s”.",
                                       "%s devices marked from “%s”.", n_marked),
                          marked, file_name);
  if (unknown->len > 0)
    {
      guint n_unknown = unknown->len;
      g_autofree char *count = adept_format_count (n_unknown);
      g_autofree char *list = NULL;

      /* Ten name the problem; the count says how many more. */
      g_ptr_array_set_size (unknown, MIN (n_unknown, 10));
      g_ptr_array_add (unknown, NULL);
      list = g_strjoinv (", ", (char **) unknown->pdata);
      /* Translators: the first %s says how many were marked; then the number and the
       * serial numbers of the file that are no devices of this server. */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%s %s serial number is not a device of this server, so it is left out: %s%s. In Apple Business Manager, assign it to this MDM server, then sync.",
                                           "%s %s serial numbers are not devices of this server, so they are left out: %s%s. In Apple Business Manager, assign them to this MDM server, then sync.",
                                           n_unknown),
                              text, count, list, n_unknown > 10 ? "…" : "");
    }
  return g_steal_pointer (&text);
}

static void
on_file_read (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AdeptDevicePicker *self = g_task_get_source_object (task);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(AdeptSerialList) list = NULL;
  g_autofree char *name = g_file_get_basename (G_FILE (source));
  g_autofree char *text = NULL;
  GError *error = NULL;

  bytes = adept_input_read_gfile_finish (result, &error);
  if (bytes != NULL)
    list = adept_serial_list_parse (bytes, name, &error);
  /* A bad line marks nothing: the file is corrected first, as for adeptctl. */
  if (list != NULL && adept_serial_list_check (list, &error))
    text = mark_serials (self, adept_serial_list_get_serials (list), name);
  set_report (self, text ? text : error->message);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
adept_device_picker_mark_file_async (AdeptDevicePicker   *self,
                                     GFile               *file,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (ADEPT_IS_DEVICE_PICKER (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, adept_device_picker_mark_file_async);
  adept_input_read_gfile_async (file, ADEPT_INPUT_SERIAL_LIST, cancellable, on_file_read,
                                g_steal_pointer (&task));
}

gboolean
adept_device_picker_mark_file_finish (AdeptDevicePicker  *self,
                                      GAsyncResult       *result,
                                      GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_marked_from_file (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* The report says how it went. */
  adept_device_picker_mark_file_finish (ADEPT_DEVICE_PICKER (source), result, &error);
}

static void
on_chooser_response (GtkNativeDialog   *chooser,
                     int                response,
                     AdeptDevicePicker *self)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  if (response == GTK_RESPONSE_ACCEPT && file != NULL)
    adept_device_picker_mark_file_async (self, file, self->cancellable, on_marked_from_file, NULL);
  g_clear_object (&self->chooser);
}

static void
from_file_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  AdeptDevicePicker *self = ADEPT_DEVICE_PICKER (widget);
  g_autoptr(GtkFileFilter) lists = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();
  const char *downloads = g_get_user_special_dir (G_USER_DIRECTORY_DOWNLOAD);

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Mark Devices from a File"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"),
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_filter_set_name (lists, _("Serial number lists (CSV or text)"));
  gtk_file_filter_add_suffix (lists, "csv");
  gtk_file_filter_add_suffix (lists, "txt");
  gtk_file_filter_add_mime_type (lists, "text/csv");
  gtk_file_filter_add_mime_type (lists, "text/plain");
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), lists);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);
  /* Where a browser saves the export of Apple Business Manager. */
  if (downloads != NULL)
    {
      g_autoptr(GFile) folder = g_file_new_for_path (downloads);

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser), folder, NULL);
    }
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (on_chooser_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* The store changed (the sync the assignment asked for): the rows show Apple's word. */
static void
on_devices_changed (AdeptDevicePicker *self)
{
  g_autoptr(GError) error = NULL;

  if (!adept_device_list_refresh (self->devices, &error))
    g_debug ("Could not read the devices: %s", error->message);
  refresh_text_cells (self);
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
  g_clear_object (&self->chooser);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
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
  g_hash_table_unref (self->text_cells);
  g_hash_table_unref (self->accepted);
  g_free (self->report);
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
  gtk_widget_class_bind_template_child (widget_class, AdeptDevicePicker, report_label);
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
  gtk_widget_class_install_action (widget_class, "picker.from-file", NULL, from_file_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
adept_device_picker_init (AdeptDevicePicker *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->marked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->marked_cells = g_hash_table_new (NULL, NULL);
  self->text_cells = g_hash_table_new (NULL, NULL);
  self->accepted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->cancellable = g_cancellable_new ();
  setup_columns (self);
  adept_ui_widget_no_hyphens (GTK_WIDGET (self));
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
  g_signal_connect_object (session, "devices-changed", G_CALLBACK (on_devices_changed), self,
                           G_CONNECT_SWAPPED);
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

const char *
adept_device_picker_get_report (AdeptDevicePicker *self)
{
  g_return_val_if_fail (ADEPT_IS_DEVICE_PICKER (self), NULL);
  return self->report;
}

const char *
adept_device_picker_get_shown_status (AdeptDevicePicker *self,
                                      const char        *serial)
{
  g_autoptr(AdeptDevice) device = NULL;

  g_return_val_if_fail (ADEPT_IS_DEVICE_PICKER (self), NULL);
  device = adept_device_list_lookup (self->devices, serial);
  return device ? status_text (self, device) : NULL;
}
