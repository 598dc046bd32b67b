/* adept-devices-page-actions.c — what the admin does with a selection: assign or remove a
 * profile, refresh from Apple, export as CSV
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-devices-page"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "adept-devices-page-private.h"
#include "adept-error.h"
#include "adept-batch-job.h"
#include "adept-ui-util.h"
#include "adept-util.h"

/* Assign, remove and Refresh from Apple are batch jobs of the session (Apple's batches,
 * the store's assign attempts and refreshed records, the audit log), as on the DEP
 * Profiles page and in adeptctl. The page shows their progress. */

static void
set_busy (AdeptDevicesPage *self,
          gboolean          busy)
{
  self->busy = !!busy;
  gtk_widget_set_visible (GTK_WIDGET (self->progress_revealer), busy);
  gtk_revealer_set_reveal_child (self->progress_revealer, busy);
  if (!busy)
    g_clear_object (&self->cancellable);
  _adept_devices_page_actions_update (self);
}

static void
show_progress (AdeptDevicesPage *self,
               const char       *text,
               double            fraction)
{
  gtk_label_set_label (self->progress_label, text);
  gtk_progress_bar_set_fraction (self->progress_bar, fraction);
}

static char *
stopped_text (guint done,
              guint total)
{
  g_autofree char *done_text = adept_format_count (done);
  g_autofree char *total_text = adept_format_count (total);

  /* Translators: "Stopped after 3,000 of 10,000 devices". */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Stopped after %s of %s device",
                                       "Stopped after %s of %s devices", total),
                          done_text, total_text);
}

/* Assign, remove and refresh */

static void
on_job_progress (AdeptBatchJob    *job,
                 GParamSpec       *pspec,
                 AdeptDevicesPage *self)
{
  g_autofree char *sent = adept_format_count (adept_batch_job_get_sent (job));
  g_autofree char *total = adept_format_count (adept_batch_job_get_total (job));
  g_autofree char *text = NULL;

  switch (adept_batch_job_get_kind (job))
    {
    case ADEPT_BATCH_ASSIGN:
      /* Translators: "Assigning “Staff iPhones”: 3,000 of 10,000". */
      text = g_strdup_printf (_("Assigning “%s”: %s of %s"), adept_batch_job_get_profile_name (job),
                              sent, total);
      break;
    case ADEPT_BATCH_REMOVE:
      text = g_strdup_printf (_("Removing the profile: %s of %s"), sent, total);
      break;
    case ADEPT_BATCH_DETAILS:
    default:
      text = g_strdup_printf (_("Refreshing from Apple: %s of %s"), sent, total);
      break;
    }
  show_progress (self, text, adept_batch_job_get_fraction (job));
}

static char *
job_result_text (AdeptBatchJob *job,
                 const GError  *error)
{
  g_autofree char *summary = adept_batch_job_dup_summary (job);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return stopped_text (adept_batch_job_get_sent (job), adept_batch_job_get_total (job));
  if (error == NULL)
    return g_steal_pointer (&summary);
  /* What stopped the job, then what Apple answered before. */
  return summary && *summary ? g_strdup_printf ("%s %s", error->message, summary)
                             : g_strdup (error->message);
}

static void
synced_in_background (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(AdeptJournalEntry) run = NULL;
  g_autoptr(GError) error = NULL;

  /* The condition says what went wrong, for the admin to act on. */
  run = adept_session_sync_finish (ADEPT_SESSION (source), result, &error);
}

static void
on_job_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(AdeptDevicesPage) self = user_data;
  AdeptSession *session = ADEPT_SESSION (source);
  g_autoptr(AdeptBatchJob) job = g_object_ref (g_object_get_data (G_OBJECT (self), "adept-running-job"));
  g_autoptr(AdeptDeviceResults) results = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) reload_error = NULL;
  g_autofree char *text = NULL;

  results = adept_session_run_job_finish (session, result, &error);
  g_object_set_data (G_OBJECT (self), "adept-running-job", NULL);
  /* Cancelled as the page went away, or replaced. */
  if (self->job != job)
    return;

  g_signal_handlers_disconnect_by_data (job, self);
  g_clear_object (&self->job);
  set_busy (self, FALSE);

  text = job_result_text (job, error);
  adept_ui_toast_full (GTK_WIDGET (self), text, error ? 0 : 5, NULL, NULL);

  if (!adept_devices_page_reload (self, &reload_error))
    g_debug ("Could not reload the devices: %s", reload_error->message);
  /* Apple has taken the change; the devices' new status comes with a sync. */
  if (adept_batch_job_get_kind (job) != ADEPT_BATCH_DETAILS &&
      adept_device_results_count (adept_batch_job_get_results (job), ADEPT_DEVICE_RESULT_SUCCESS) > 0)
    adept_session_sync_async (session, ADEPT_SYNC_FLAGS_NONE, NULL, synced_in_background, NULL);
}

static void
start_job (AdeptDevicesPage *self,
           AdeptBatchKind    kind,
           GPtrArray        *serials,
           const char       *profile_uuid,
           const char       *profile_name)
{
  /* Borrowed strings; a copy of the array would also take their free function. */
  g_autoptr(GPtrArray) strv = g_ptr_array_sized_new (serials->len + 1);
  g_autoptr(GError) error = NULL;

  g_return_if_fail (!self->busy);
  g_return_if_fail (self->session != NULL);

  for (guint i = 0; i < serials->len; i++)
    g_ptr_array_add (strv, g_ptr_array_index (serials, i));
  g_ptr_array_add (strv, NULL);
  self->job = adept_session_create_job (self->session, kind, profile_uuid,
                                        (const char * const *) strv->pdata, &error);
  if (self->job == NULL)
    {
      adept_ui_toast_full (GTK_WIDGET (self), error->message, 0, NULL, NULL);
      return;
    }
  adept_batch_job_set_profile_name (self->job, profile_name);
  self->cancellable = g_cancellable_new ();
  g_signal_connect_object (self->job, "notify::sent", G_CALLBACK (on_job_progress), self, 0);
  g_object_set_data_full (G_OBJECT (self), "adept-running-job", g_object_ref (self->job),
                          g_object_unref);
  set_busy (self, TRUE);
  on_job_progress (self->job, NULL, self);
  adept_session_run_job_async (self->session, self->job, self->cancellable, on_job_done,
                               g_object_ref (self));
}

void
_adept_devices_page_detach_operation (AdeptDevicesPage *self,
                                      gboolean          stop)
{
  /* The job's callback still comes, and finds the page moved on. */
  if (self->job != NULL)
    g_signal_handlers_disconnect_by_data (self->job, self);
  g_clear_object (&self->job);
  if (self->cancellable != NULL && stop)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->busy = FALSE;
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  AdeptDevicesPage *self = ADEPT_DEVICES_PAGE (widget);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

/* Dialogs */

static void
on_dialog_destroy (AdeptDevicesPage *self)
{
  self->dialog = NULL;
}

static AdwMessageDialog *
new_dialog (AdeptDevicesPage *self,
            const char       *heading,
            const char       *body)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwMessageDialog *dialog;

  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root)
                                                                            : NULL,
                                                       heading, body));
  adw_message_dialog_add_response (dialog, "cancel", _("_Cancel"));
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (on_dialog_destroy), self,
                           G_CONNECT_SWAPPED);
  self->dialog = dialog;
  return dialog;
}

static void
on_assign_response (AdwMessageDialog *dialog,
                    const char       *response,
                    AdeptDevicesPage *self)
{
  GPtrArray *profiles = g_object_get_data (G_OBJECT (dialog), "profiles");
  GPtrArray *serials = g_object_get_data (G_OBJECT (dialog), "serials");
  GtkDropDown *dropdown = g_object_get_data (G_OBJECT (dialog), "dropdown");
  guint chosen = gtk_drop_down_get_selected (dropdown);
  AdeptStoredProfile *profile;

  if (!g_str_equal (response, "assign") || chosen >= profiles->len || self->busy ||
      self->session == NULL)
    return;
  profile = g_ptr_array_index (profiles, chosen);
  start_job (self, ADEPT_BATCH_ASSIGN, serials, profile->uuid, profile->name);
}

static GtkWidget *
profile_dropdown (GPtrArray  *profiles,
                  const char *default_uuid)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  GtkWidget *dropdown;
  guint selected = 0;

  for (guint i = 0; i < profiles->len; i++)
    {
      AdeptStoredProfile *profile = g_ptr_array_index (profiles, i);
      g_autofree char *name = NULL;

      if (g_strcmp0 (profile->uuid, default_uuid) == 0)
        {
          /* Translators: a profile's name in a list, marked as the server's default. */
          name = g_strdup_printf (_("%s (default)"), profile->name);
          selected = i;
        }
      gtk_string_list_append (names, name ? name : profile->name);
    }
  dropdown = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&names)), NULL);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), selected);
  gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("DEP profile"), -1);
  return dropdown;
}

static void
assign_profile_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  AdeptDevicesPage *self = ADEPT_DEVICES_PAGE (widget);
  g_autoptr(GPtrArray) serials = _adept_devices_page_dup_selected_serials (self);
  g_autoptr(GPtrArray) profiles = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *count = NULL;
  g_autofree char *default_uuid = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *dropdown;

  profiles = adept_store_list_profiles (self->store, self->server_id, &error);
  if (profiles == NULL)
    {
      adept_ui_toast (GTK_WIDGET (self), error->message);
      return;
    }
  default_uuid = adept_store_dup_default_profile (self->store, self->server_id);

  count = adept_format_count (serials->len);
  heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Assign a DEP Profile to %s Device",
                                          "Assign a DEP Profile to %s Devices", serials->len),
                             count);
  dialog = new_dialog (self, heading,
                       _("Apple keeps the profile for the devices and delivers it when each one "
                         "is next set up. A device that has a profile gets this one instead."));
  adw_message_dialog_add_response (dialog, "assign", _("_Assign"));
  adw_message_dialog_set_response_appearance (dialog, "assign", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "assign");

  dropdown = profile_dropdown (profiles, default_uuid);
  adw_message_dialog_set_extra_child (dialog, dropdown);
  g_object_set_data (G_OBJECT (dialog), "dropdown", dropdown);
  g_object_set_data_full (G_OBJECT (dialog), "profiles", g_steal_pointer (&profiles),
                          (GDestroyNotify) g_ptr_array_unref);
  g_object_set_data_full (G_OBJECT (dialog), "serials", g_steal_pointer (&serials),
                          (GDestroyNotify) g_ptr_array_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_assign_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_remove_response (AdwMessageDialog *dialog,
                    const char       *response,
                    AdeptDevicesPage *self)
{
  GPtrArray *serials = g_object_get_data (G_OBJECT (dialog), "serials");

  if (g_str_equal (response, "remove") && !self->busy && self->session != NULL)
    start_job (self, ADEPT_BATCH_REMOVE, serials, NULL, NULL);
}

static void
remove_profile_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  AdeptDevicesPage *self = ADEPT_DEVICES_PAGE (widget);
  g_autoptr(GPtrArray) serials = _adept_devices_page_dup_selected_serials (self);
  g_autofree char *heading = NULL;
  g_autofree char *count = NULL;
  AdwMessageDialog *dialog;

  count = adept_format_count (serials->len);
  heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Remove the DEP Profile from %s Device?",
                                          "Remove the DEP Profile from %s Devices?", serials->len),
                             count);
  dialog = new_dialog (self, heading,
                       _("Apple marks the profile removed. Once a device is erased and set up "
                         "again, this MDM no longer manages it. You can assign a profile again "
                         "later."));
  adw_message_dialog_add_response (dialog, "remove", _("_Remove Profile"));
  adw_message_dialog_set_response_appearance (dialog, "remove", ADW_RESPONSE_DESTRUCTIVE);
  g_object_set_data_full (G_OBJECT (dialog), "serials", g_steal_pointer (&serials),
                          (GDestroyNotify) g_ptr_array_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_remove_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  AdeptDevicesPage *self = ADEPT_DEVICES_PAGE (widget);
  g_autoptr(GPtrArray) serials = _adept_devices_page_dup_selected_serials (self);

  start_job (self, ADEPT_BATCH_DETAILS, serials, NULL, NULL);
}

/* CSV export */

static const char * const csv_header[] = {
  "serial_number", "description", "model", "device_family", "os", "color", "asset_tag",
  "profile_status", "profile_uuid", "profile_name", "profile_assign_time",
  "profile_push_time", "device_assigned_date", "device_assigned_by",
};

static void
csv_field (GString    *out,
           const char *value,
           gboolean    first)
{
  if (!first)
    g_string_append_c (out, ',');
  adept_csv_append_field (out, value);
}

static void
csv_time (GString *out,
          gint64   when)
{
  g_autofree char *text = when > 0 ? adept_timestamp_format (when) : NULL;

  csv_field (out, text, FALSE);
}

static void
csv_row (AdeptDevicesPage *self,
         GString          *out,
         AdeptDevice      *d)
{
  const char *uuid = adept_device_get_profile_uuid (d);

  csv_field (out, adept_device_get_serial_number (d), TRUE);
  csv_field (out, adept_device_get_description (d), FALSE);
  csv_field (out, adept_device_get_model (d), FALSE);
  csv_field (out, adept_device_get_device_family (d), FALSE);
  csv_field (out, adept_device_get_os (d), FALSE);
  csv_field (out, adept_device_get_color (d), FALSE);
  csv_field (out, adept_device_get_asset_tag (d), FALSE);
  csv_field (out, adept_profile_status_to_string (adept_device_get_profile_status (d)), FALSE);
  csv_field (out, uuid, FALSE);
  csv_field (out, uuid ? g_hash_table_lookup (self->profile_names, uuid) : NULL, FALSE);
  csv_time (out, adept_device_get_profile_assign_time (d));
  csv_time (out, adept_device_get_profile_push_time (d));
  csv_time (out, adept_device_get_device_assigned_date (d));
  csv_field (out, adept_device_get_device_assigned_by (d), FALSE);
  g_string_append (out, "\r\n");
}

static GBytes *
build_csv (AdeptDevicesPage *self,
           gboolean          selection_only,
           guint            *n_rows)
{
  GListModel *model = G_LIST_MODEL (self->list);
  g_autoptr(GtkBitset) rows = NULL;
  GString *out = g_string_sized_new (4096);
  GtkBitsetIter iter;
  guint position;

  if (selection_only)
    rows = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  else
    {
      rows = gtk_bitset_new_empty ();
      gtk_bitset_add_range (rows, 0, g_list_model_get_n_items (model));
    }

  for (guint i = 0; i < G_N_ELEMENTS (csv_header); i++)
    csv_field (out, csv_header[i], i == 0);
  g_string_append (out, "\r\n");

  *n_rows = 0;
  for (gboolean ok = gtk_bitset_iter_init_first (&iter, rows, &position); ok;
       ok = gtk_bitset_iter_next (&iter, &position))
    {
      g_autoptr(AdeptDevice) device = g_list_model_get_item (model, position);

      if (device == NULL)
        continue;
      csv_row (self, out, device);
      (*n_rows)++;
    }
  return g_string_free_to_bytes (out);
}

static void
on_csv_written (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    {
      g_autofree char *name = g_file_get_parse_name (G_FILE (source));

      g_task_return_new_error (task, ADEPT_ERROR, ADEPT_ERROR_FILE,
                               _("Could not save “%s”: %s. Choose another folder and try again."),
                               name, error->message);
      g_error_free (error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

void
adept_devices_page_export_csv_async (AdeptDevicesPage    *self,
                                     GFile               *file,
                                     gboolean             selection_only,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GBytes) csv = NULL;
  guint n_rows = 0;

  g_return_if_fail (ADEPT_IS_DEVICES_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (self->list != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, adept_devices_page_export_csv_async);
  /* The list model lives on this thread, so rows are read here; the writing is async. */
  csv = build_csv (self, selection_only, &n_rows);
  g_task_set_task_data (task, GUINT_TO_POINTER (n_rows), NULL);
  g_file_replace_contents_bytes_async (file, csv, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       cancellable, on_csv_written, g_steal_pointer (&task));
}

gboolean
adept_devices_page_export_csv_finish (AdeptDevicesPage  *self,
                                      GAsyncResult      *result,
                                      GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_exported (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  AdeptDevicesPage *self = ADEPT_DEVICES_PAGE (source);
  g_autoptr(GError) error = NULL;
  g_autofree char *count = NULL;
  g_autofree char *text = NULL;
  guint n_rows = GPOINTER_TO_UINT (g_task_get_task_data (G_TASK (result)));

  if (!adept_devices_page_export_csv_finish (self, result, &error))
    {
      adept_ui_toast (GTK_WIDGET (self), error->message);
      return;
    }
  count = adept_format_count (n_rows);
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s device exported",
                                       "%s devices exported", n_rows), count);
  adept_ui_toast (GTK_WIDGET (self), text);
}

static void
on_chooser_response (GtkNativeDialog  *chooser,
                     int               response,
                     AdeptDevicesPage *self)
{
  gboolean selection_only = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "selection"));
  g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  if (response == GTK_RESPONSE_ACCEPT && file != NULL)
    adept_devices_page_export_csv_async (self, file, selection_only, NULL, on_exported, NULL);
  if (self->chooser == GTK_FILE_CHOOSER_NATIVE (chooser))
    g_clear_object (&self->chooser);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  AdeptDevicesPage *self = ADEPT_DEVICES_PAGE (widget);
  gboolean selection_only = g_str_equal (action_name, "devices.export-selection");
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *name = g_strdup_printf ("devices-%s.csv", date);

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Export Devices as CSV"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_object_set_data (G_OBJECT (self->chooser), "selection", GINT_TO_POINTER (selection_only));
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (on_chooser_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* Enablement, in one place */

void
_adept_devices_page_actions_update (AdeptDevicesPage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  g_autoptr(GtkBitset) selected = NULL;
  gboolean any_selected = FALSE;
  gboolean can_talk = self->session != NULL &&
                      adept_session_get_state (self->session) == ADEPT_SESSION_STATE_READY &&
                      self->linked && !self->busy;
  gboolean any_shown = self->list != NULL && g_list_model_get_n_items (G_LIST_MODEL (self->list)) > 0;

  if (self->selection != NULL)
    {
      selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
      any_selected = !gtk_bitset_is_empty (selected);
    }

  gtk_widget_action_set_enabled (widget, "devices.assign-profile",
                                 any_selected && can_talk &&
                                 g_hash_table_size (self->profile_names) > 0);
  gtk_widget_action_set_enabled (widget, "devices.remove-profile", any_selected && can_talk);
  gtk_widget_action_set_enabled (widget, "devices.refresh", any_selected && can_talk);
  gtk_widget_action_set_enabled (widget, "devices.export-selection", any_selected);
  gtk_widget_action_set_enabled (widget, "devices.export-all", any_shown);
  gtk_widget_action_set_enabled (widget, "devices.cancel", self->busy);
  gtk_widget_action_set_enabled (widget, "devices.clear-filters",
                                 _adept_devices_page_filters_active (self));
}

void
_adept_devices_page_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "devices.assign-profile", NULL,
                                   assign_profile_action);
  gtk_widget_class_install_action (widget_class, "devices.remove-profile", NULL,
                                   remove_profile_action);
  gtk_widget_class_install_action (widget_class, "devices.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "devices.export-selection", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "devices.export-all", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "devices.cancel", NULL, cancel_action);
}
