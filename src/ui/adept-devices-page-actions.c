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

#include "adept-dep-profile.h"
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

void
_adept_devices_page_set_busy (AdeptDevicesPage *self,
                              gboolean          busy)
{
  set_busy (self, busy);
}

void
_adept_devices_page_show_progress (AdeptDevicesPage *self,
                                   const char       *text,
                                   double            fraction)
{
  show_progress (self, text, fraction);
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

static AdwMessageDialog *new_dialog_full (AdeptDevicesPage *self,
                                          const char       *heading,
                                          const char       *body,
                                          gboolean          cancel);

/* A bulk job ends in a dialog that stays until read: it acted on many devices. */
static void
show_summary (AdeptDevicesPage *self,
              AdeptBatchJob    *job,
              const GError     *error,
              const char       *text)
{
  const char *heading;
  AdwMessageDialog *dialog;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    heading = _("Stopped");
  else if (error != NULL)
    heading = _("Not Everything Was Sent");
  else if (adept_batch_job_get_kind (job) == ADEPT_BATCH_ASSIGN)
    heading = _("Profile Assigned");
  else
    heading = _("Profile Removed");
  dialog = new_dialog_full (self, heading, text, FALSE);
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  adw_message_dialog_set_close_response (dialog, "close");
  gtk_window_present (GTK_WINDOW (dialog));
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
  if (self->bulk_job)
    show_summary (self, job, error, text);
  else
    adept_ui_toast_full (GTK_WIDGET (self), text, error ? 0 : 5, NULL, NULL);
  self->bulk_job = FALSE;

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
new_dialog_full (AdeptDevicesPage *self,
                 const char       *heading,
                 const char       *body,
                 gboolean          cancel)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwMessageDialog *dialog;

  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root)
                                                                            : NULL,
                                                       heading, body));
  if (cancel)
    {
      adw_message_dialog_add_response (dialog, "cancel", _("_Cancel"));
      adw_message_dialog_set_close_response (dialog, "cancel");
    }
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (on_dialog_destroy), self,
                           G_CONNECT_SWAPPED);
  self->dialog = dialog;
  return dialog;
}

AdwMessageDialog *
_adept_devices_page_new_dialog (AdeptDevicesPage *self,
                                const char       *heading,
                                const char       *body,
                                gboolean          cancel)
{
  return new_dialog_full (self, heading, body, cancel);
}

static AdwMessageDialog *
new_dialog (AdeptDevicesPage *self,
            const char       *heading,
            const char       *body)
{
  return _adept_devices_page_new_dialog (self, heading, body, TRUE);
}

/* The devices an action is for: the selection, or every device the list shows (bulk). */

typedef struct {
  GPtrArray *serials;       /* those the action sends */
  guint      n_considered;  /* selected, or shown */
  guint      n_iphones;
  guint      n_ipads;
  guint      n_ipods;
  gboolean   bulk;
} Targets;

static void
targets_free (Targets *targets)
{
  g_ptr_array_unref (targets->serials);
  g_free (targets);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Targets, targets_free)

static gboolean
has_profile (AdeptDevice *device)
{
  AdeptProfileStatus status = adept_device_get_profile_status (device);

  return status == ADEPT_PROFILE_STATUS_ASSIGNED || status == ADEPT_PROFILE_STATUS_PUSHED;
}

static void
add_target (Targets     *targets,
            AdeptDevice *device,
            gboolean     with_profile_only)
{
  const char *family = adept_device_get_device_family (device);

  targets->n_considered++;
  if (with_profile_only && !has_profile (device))
    return;
  g_ptr_array_add (targets->serials, g_strdup (adept_device_get_serial_number (device)));
  if (g_strcmp0 (family, "iPhone") == 0)
    targets->n_iphones++;
  else if (g_strcmp0 (family, "iPad") == 0)
    targets->n_ipads++;
  else if (g_strcmp0 (family, "iPod") == 0)
    targets->n_ipods++;
}

static Targets *
collect_targets (AdeptDevicesPage *self,
                 gboolean          bulk,
                 gboolean          with_profile_only)
{
  Targets *targets = g_new0 (Targets, 1);
  GListModel *model = G_LIST_MODEL (self->list);
  g_autoptr(GtkBitset) rows = NULL;
  GtkBitsetIter iter;
  guint position;

  targets->serials = g_ptr_array_new_with_free_func (g_free);
  targets->bulk = bulk;
  if (self->list == NULL)
    return targets;
  if (bulk)
    {
      rows = gtk_bitset_new_empty ();
      gtk_bitset_add_range (rows, 0, g_list_model_get_n_items (model));
    }
  else if (self->selection != NULL)
    rows = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  else
    return targets;

  for (gboolean ok = gtk_bitset_iter_init_first (&iter, rows, &position); ok;
       ok = gtk_bitset_iter_next (&iter, &position))
    {
      g_autoptr(AdeptDevice) device = g_list_model_get_item (model, position);

      if (device != NULL)
        add_target (targets, device, with_profile_only);
    }
  return targets;
}

/* "3 iPhones and 2 iPads": the iOS devices among the targets. */
static char *
describe_ios (const Targets *targets)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  GString *text = g_string_new (NULL);
  g_autofree char *phones = adept_format_count (targets->n_iphones);
  g_autofree char *pads = adept_format_count (targets->n_ipads);
  g_autofree char *pods = adept_format_count (targets->n_ipods);

  if (targets->n_iphones > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s iPhone", "%s iPhones",
                                                          targets->n_iphones), phones));
  if (targets->n_ipads > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s iPad", "%s iPads",
                                                          targets->n_ipads), pads));
  if (targets->n_ipods > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s iPod touch",
                                                          "%s iPod touch devices", targets->n_ipods),
                                             pods));
  for (guint i = 0; i < parts->len; i++)
    {
      if (i > 0)
        /* Translators: joins "3 iPhones" and "2 iPads". */
        g_string_append (text, i + 1 == parts->len ? _(" and ") : _(", "));
      g_string_append (text, g_ptr_array_index (parts, i));
    }
  return g_string_free (text, FALSE);
}

/* Force Token Authentication: the profile sends the enrolling user to a sign-in page
 * (configuration_web_url). */
static gboolean
forces_token_authentication (const AdeptStoredProfile *stored)
{
  g_autoptr(AdeptDepProfile) profile = NULL;
  const char *url;

  if (stored->json == NULL)
    return FALSE;
  profile = adept_dep_profile_new_from_data (stored->json, strlen (stored->json),
                                             ADEPT_JSON_SOURCE_STORE, NULL);
  url = profile ? adept_dep_profile_get_configuration_web_url (profile) : NULL;
  return url != NULL && *url != '\0';
}

/* Assign Profile… */

typedef struct {
  GPtrArray *profiles;    /* AdeptStoredProfile */
  GArray    *forces;      /* gboolean per profile */
  Targets   *targets;
  GtkWidget *dropdown;
  GtkWidget *caution;
} AssignDialog;

static void
assign_dialog_free (AssignDialog *data)
{
  g_ptr_array_unref (data->profiles);
  g_array_unref (data->forces);
  targets_free (data->targets);
  g_free (data);
}

/* The seed's caution: an iOS device in a profile that forces token authentication is
 * forced too. */
static void
update_caution (AssignDialog *data)
{
  guint chosen = gtk_drop_down_get_selected (GTK_DROP_DOWN (data->dropdown));
  guint n_ios = data->targets->n_iphones + data->targets->n_ipads + data->targets->n_ipods;
  AdeptStoredProfile *profile;
  g_autofree char *ios = NULL;
  g_autofree char *text = NULL;

  if (chosen >= data->profiles->len || n_ios == 0 || !g_array_index (data->forces, gboolean, chosen))
    {
      gtk_widget_set_visible (data->caution, FALSE);
      return;
    }
  profile = g_ptr_array_index (data->profiles, chosen);
  ios = describe_ios (data->targets);
  /* Translators: the first %s is a profile's name, the second "3 iPhones and 2 iPads". */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "“%s” forces token authentication, and iOS devices are forced too: %s will ask for a user name and a deployment token before it enrolls.",
                                       "“%s” forces token authentication, and iOS devices are forced too: %s will ask for a user name and a deployment token before they enroll.",
                                       n_ios),
                          profile->name, ios);
  gtk_label_set_label (GTK_LABEL (data->caution), text);
  gtk_widget_set_visible (data->caution, TRUE);
}

static void
on_assign_response (AdwMessageDialog *dialog,
                    const char       *response,
                    AdeptDevicesPage *self)
{
  AssignDialog *data = g_object_get_data (G_OBJECT (dialog), "adept-assign");
  guint chosen = gtk_drop_down_get_selected (GTK_DROP_DOWN (data->dropdown));
  AdeptStoredProfile *profile;

  if (!g_str_equal (response, "assign") || chosen >= data->profiles->len || self->busy ||
      self->session == NULL)
    return;
  profile = g_ptr_array_index (data->profiles, chosen);
  self->bulk_job = data->targets->bulk;
  start_job (self, ADEPT_BATCH_ASSIGN, data->targets->serials, profile->uuid, profile->name);
}

/* chosen: the profile selected at first, the default when NULL or not kept. */
static GtkWidget *
profile_dropdown (GPtrArray  *profiles,
                  const char *default_uuid,
                  const char *chosen)
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
  for (guint i = 0; chosen != NULL && i < profiles->len; i++)
    if (g_strcmp0 (((AdeptStoredProfile *) g_ptr_array_index (profiles, i))->uuid, chosen) == 0)
      selected = i;
  dropdown = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&names)), NULL);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), selected);
  gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("DEP profile"), -1);
  return dropdown;
}

static char *
assign_heading (const Targets *targets)
{
  g_autofree char *count = adept_format_count (targets->serials->len);

  if (targets->bulk)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Assign a DEP Profile to the %s Device Shown?",
                                         "Assign a DEP Profile to All %s Devices Shown?",
                                         targets->serials->len), count);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Assign a DEP Profile to %s Device",
                                       "Assign a DEP Profile to %s Devices", targets->serials->len),
                          count);
}

static char *
assign_body (AdeptDevicesPage *self,
             const Targets    *targets)
{
  const char *apple = _("Apple keeps the profile for the devices and delivers it when each one "
                        "is next set up. A device that has a profile gets this one instead.");
  g_autofree char *filter = NULL;

  if (!targets->bulk)
    return g_strdup (apple);
  filter = adept_devices_page_describe_filter (self);
  /* Translators: %s says what narrows the list, "Empty · iPad · “sales”"; then the
   * sentence of Apple. */
  return filter ? g_strdup_printf (_("Every device the list shows now (%s). %s"), filter, apple)
                : g_strdup_printf (_("Every device of this server. %s"), apple);
}

static void
show_assign_dialog (AdeptDevicesPage *self,
                    Targets          *targets,
                    const char       *chosen)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  g_autofree char *default_uuid = NULL;
  AssignDialog *data;
  AdwMessageDialog *dialog;
  GtkWidget *box;

  data = g_new0 (AssignDialog, 1);
  data->targets = targets;
  data->profiles = adept_store_list_profiles (self->store, self->server_id, &error);
  if (data->profiles == NULL)
    {
      data->profiles = g_ptr_array_new ();
      data->forces = g_array_new (FALSE, TRUE, sizeof (gboolean));
      assign_dialog_free (data);
      adept_ui_toast (GTK_WIDGET (self), error->message);
      return;
    }
  data->forces = g_array_sized_new (FALSE, TRUE, sizeof (gboolean), data->profiles->len);
  for (guint i = 0; i < data->profiles->len; i++)
    {
      gboolean forces = forces_token_authentication (g_ptr_array_index (data->profiles, i));

      g_array_append_val (data->forces, forces);
    }
  default_uuid = adept_store_dup_default_profile (self->store, self->server_id);

  heading = assign_heading (targets);
  body = assign_body (self, targets);
  dialog = new_dialog (self, heading, body);
  adw_message_dialog_add_response (dialog, "assign", _("_Assign"));
  adw_message_dialog_set_response_appearance (dialog, "assign", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "assign");

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  data->dropdown = profile_dropdown (data->profiles, default_uuid, chosen);
  data->caution = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (data->caution), TRUE);
  gtk_label_set_xalign (GTK_LABEL (data->caution), 0);
  gtk_widget_add_css_class (data->caution, "warning");
  gtk_widget_add_css_class (data->caution, "fta-caution");
  adept_ui_label_no_hyphens (GTK_LABEL (data->caution));
  gtk_box_append (GTK_BOX (box), data->dropdown);
  gtk_box_append (GTK_BOX (box), data->caution);
  adw_message_dialog_set_extra_child (dialog, box);
  g_object_set_data (G_OBJECT (dialog), "dropdown", data->dropdown);
  g_object_set_data (G_OBJECT (dialog), "caution", data->caution);
  g_object_set_data_full (G_OBJECT (dialog), "adept-assign", data,
                          (GDestroyNotify) assign_dialog_free);
  g_signal_connect_swapped (data->dropdown, "notify::selected", G_CALLBACK (update_caution), data);
  update_caution (data);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_assign_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
assign_profile_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  AdeptDevicesPage *self = ADEPT_DEVICES_PAGE (widget);

  /* devices.assign-like: the profile a replacement's original had, chosen at first. */
  show_assign_dialog (self, collect_targets (self, g_str_equal (action_name, "devices.assign-all"),
                                             FALSE),
                      param != NULL ? g_variant_get_string (param, NULL) : NULL);
}

/* Remove Profile…: only the devices that have one. */

static void
on_remove_response (AdwMessageDialog *dialog,
                    const char       *response,
                    AdeptDevicesPage *self)
{
  Targets *targets = g_object_get_data (G_OBJECT (dialog), "adept-targets");

  if (g_str_equal (response, "remove") && !self->busy && self->session != NULL)
    {
      self->bulk_job = targets->bulk;
      start_job (self, ADEPT_BATCH_REMOVE, targets->serials, NULL, NULL);
    }
}

static char *
remove_body (AdeptDevicesPage *self,
             const Targets    *targets)
{
  const char *apple = _("Apple marks the profile removed. Once a device is erased and set up "
                        "again, this MDM no longer manages it. You can assign a profile again "
                        "later.");
  guint left_out = targets->n_considered - targets->serials->len;
  g_autofree char *count = adept_format_count (left_out);
  g_autofree char *filter = targets->bulk ? adept_devices_page_describe_filter (self) : NULL;
  g_autofree char *scope = NULL;
  g_autofree char *skipped = NULL;

  if (targets->bulk)
    scope = filter ? g_strdup_printf (_("Every device the list shows now (%s) that has a profile."),
                                      filter)
                   : g_strdup (_("Every device of this server that has a profile."));
  if (left_out > 0)
    /* Translators: devices of the selection (or the list) that are Empty or Removed. */
    skipped = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%s device has no profile and is left as it is.",
                                            "%s devices have no profile and are left as they are.",
                                            left_out), count);
  return g_strjoin (" ", scope ? scope : apple, scope ? apple : "", skipped ? skipped : "", NULL);
}

static void
remove_profile_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  AdeptDevicesPage *self = ADEPT_DEVICES_PAGE (widget);
  g_autoptr(Targets) targets = collect_targets (self, g_str_equal (action_name, "devices.remove-all"),
                                                TRUE);
  g_autofree char *heading = NULL;
  g_autofree char *count = NULL;
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  if (targets->serials->len == 0)
    {
      adept_ui_toast (GTK_WIDGET (self), _("None of these devices has a profile to remove"));
      return;
    }
  count = adept_format_count (targets->serials->len);
  heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Remove the DEP Profile from %s Device?",
                                          "Remove the DEP Profile from %s Devices?",
                                          targets->serials->len),
                             count);
  body = remove_body (self, targets);
  g_strstrip (body);
  dialog = new_dialog (self, heading, body);
  adw_message_dialog_add_response (dialog, "remove", _("_Remove Profile"));
  adw_message_dialog_set_response_appearance (dialog, "remove", ADW_RESPONSE_DESTRUCTIVE);
  g_object_set_data_full (G_OBJECT (dialog), "adept-targets", g_steal_pointer (&targets),
                          (GDestroyNotify) targets_free);
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

  self->bulk_job = FALSE;
  start_job (self, ADEPT_BATCH_DETAILS, serials, NULL, NULL);
}

/* Sync with Apple, in place (F5, Ctrl+R): the changes Apple has for this server. The
 * footer shows any sync of the session, whoever started it. */

void
_adept_devices_page_update_sync (AdeptDevicesPage *self)
{
  gboolean syncing = self->session != NULL && adept_session_get_syncing (self->session);
  guint devices = 0;
  g_autofree char *count = NULL;
  g_autofree char *text = NULL;

  gtk_widget_set_visible (self->sync_box, syncing);
  gtk_spinner_set_spinning (self->sync_spinner, syncing);
  if (syncing)
    {
      g_object_get (self->session, "sync-devices", &devices, NULL);
      count = adept_format_count (devices);
      text = devices == 0 ? g_strdup (_("Syncing with Apple…"))
                          /* Translators: %s is a number of devices read so far. */
                          : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                          "Syncing with Apple: %s device read",
                                                          "Syncing with Apple: %s devices read",
                                                          devices), count);
      gtk_label_set_label (self->sync_label, text);
    }
  _adept_devices_page_actions_update (self);
}

static char *
sync_result_text (const AdeptJournalEntry *run)
{
  g_autofree char *added = adept_format_count (run->added);
  g_autofree char *modified = adept_format_count (run->modified);
  g_autofree char *deleted = adept_format_count (run->deleted);

  if (run->added == 0 && run->modified == 0 && run->deleted == 0)
    return g_strdup (_("Up to date with Apple: nothing changed"));
  /* Translators: numbers of devices. */
  return g_strdup_printf (_("Synced with Apple: %s added, %s changed, %s removed"),
                          added, modified, deleted);
}

static void
on_synced (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(AdeptDevicesPage) self = user_data;
  g_autoptr(AdeptJournalEntry) run = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  run = adept_session_sync_finish (ADEPT_SESSION (source), result, &error);
  if (!self->sync_asked || ADEPT_SESSION (source) != self->session)
    return;
  self->sync_asked = FALSE;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    text = g_strdup (_("Sync canceled: what it fetched is kept"));
  else if (error != NULL)
    text = g_strdup (error->message);
  else
    text = sync_result_text (run);
  adept_ui_toast_full (GTK_WIDGET (self), text, error ? 0 : 5, NULL, NULL);
  _adept_devices_page_actions_update (self);
}

static void
sync_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  AdeptDevicesPage *self = ADEPT_DEVICES_PAGE (widget);

  if (self->session == NULL || self->sync_asked)
    return;
  self->sync_asked = TRUE;
  adept_session_sync_async (self->session, ADEPT_SYNC_FLAGS_NONE, NULL, on_synced,
                            g_object_ref (self));
  _adept_devices_page_update_sync (self);
}

static void
stop_sync_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  AdeptDevicesPage *self = ADEPT_DEVICES_PAGE (widget);

  if (self->session != NULL)
    adept_session_cancel_sync (self->session);
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
  adept_device_append_csv_ids (d, out);
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
  /* What protocol 8 and 10 tell, under Apple's names as adeptctl writes them. */
  for (guint i = 0; adept_device_csv_id_columns[i] != NULL; i++)
    csv_field (out, adept_device_csv_id_columns[i], FALSE);
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

/* Enablement, in one place; what is off says why in its tooltip. */

/* Why no action that talks to Apple can run now, or NULL. */
static const char *
why_not_apple (AdeptDevicesPage *self)
{
  if (!self->linked || self->session == NULL)
    return _("Link with Apple first, on the Settings page");
  if (adept_session_get_state (self->session) != ADEPT_SESSION_STATE_READY)
    return _("Not connected to Apple yet: see the message at the top of the window");
  if (self->busy)
    return _("Wait for the running assignment, removal or refresh to finish");
  return NULL;
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

static const char *
why_no_profile (AdeptDevicesPage *self)
{
  if (g_hash_table_size (self->profile_names) > 0)
    return NULL;
  if (self->foreign_profiles)
    return _("This console keeps no DEP profile yet. The devices’ profiles were defined "
             "elsewhere: adopt them on the DEP Profiles page to assign them here");
  return _("No DEP profile yet: define one on the DEP Profiles page");
}

static void
set_action (AdeptDevicesPage *self,
            const char       *action,
            const char       *why_not,
            const char       *what)
{
  const char *tip = why_not ? why_not : what;
  gpointer given;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), action, why_not == NULL);
  if (self->panel == NULL)
    return;
  /* Each keystroke that changes the devices shown updates the actions: walking the whole
   * panel eight times took ~12 million instructions of the keystroke's frame, for
   * tooltips that had not changed. The panel's action buttons are made with it. */
  if (g_hash_table_lookup_extended (self->panel_tips, action, NULL, &given) &&
      g_strcmp0 (given, tip) == 0)
    return;
  adept_ui_set_action_tooltip (GTK_WIDGET (self->panel), action, tip);
  /* Action names are the literals below: not copied. */
  g_hash_table_insert (self->panel_tips, (gpointer) action, g_strdup (tip));
}

static char *
remove_tooltip (AdeptDevicesPage *self,
                guint             selected,
                const char      **why_not)
{
  g_autofree char *count = adept_format_count (self->n_selected_with_profile);

  *why_not = NULL;
  if (selected > 0 && self->n_selected_with_profile == 0)
    {
      *why_not = selected == 1 ? _("This device has no profile to remove: it is Empty or Removed")
                               : _("None of the selected devices has a profile to remove: they are Empty or Removed");
      return NULL;
    }
  if (selected == 1)
    return g_strdup (_("Remove the DEP profile from the device"));
  if (self->n_selected_with_profile < selected)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Remove the DEP profile from the %s selected device that has one",
                                         "Remove the DEP profile from the %s selected devices that have one",
                                         self->n_selected_with_profile), count);
  return g_strdup (_("Remove the DEP profile from the selected devices"));
}

void
_adept_devices_page_actions_update (AdeptDevicesPage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  guint selected = n_selected (self);
  const char *apple = why_not_apple (self);
  const char *nothing = selected == 0 ? _("Select one or more devices first") : NULL;
  const char *no_profile = why_no_profile (self);
  const char *remove_why = NULL;
  g_autofree char *remove_what = remove_tooltip (self, selected, &remove_why);
  gboolean any_shown = self->list != NULL && g_list_model_get_n_items (G_LIST_MODEL (self->list)) > 0;
  gboolean reading = self->list != NULL && adept_device_list_get_loading (self->list);
  /* The first screen of rows shows before the rest is read: "every device shown" would be
   * those few. */
  const char *none_shown = reading ? _("Still reading the devices: a moment, please")
                           : any_shown ? NULL : _("No device is shown");
  gboolean syncing = self->session != NULL && adept_session_get_syncing (self->session);

  set_action (self, "devices.assign-profile", apple ? apple : nothing ? nothing : no_profile,
              _("Choose a DEP profile for the selected devices"));
  set_action (self, "devices.assign-like", apple ? apple : nothing ? nothing : no_profile,
              _("Give this device the profile its original had"));
  set_action (self, "devices.remove-profile",
              apple ? apple : nothing ? nothing : remove_why, remove_what);
  set_action (self, "devices.refresh", apple ? apple : nothing,
              _("Read the selected devices’ records from Apple again"));
  set_action (self, "devices.assign-all", apple ? apple : none_shown ? none_shown : no_profile,
              _("Choose a DEP profile for every device the list shows"));
  set_action (self, "devices.remove-all", apple ? apple : none_shown,
              _("Remove the DEP profile from every device the list shows that has one"));
  set_action (self, "devices.export-selection", nothing, _("Save the selected devices as CSV"));
  set_action (self, "devices.activation-lock", apple ? apple : nothing,
              _("Lock the selected supervised devices with Activation Lock, their bypass codes kept first"));
  gtk_widget_action_set_enabled (widget, "devices.export-all", none_shown == NULL);
  gtk_widget_action_set_enabled (widget, "devices.cancel", self->busy);
  gtk_widget_action_set_enabled (widget, "devices.sync",
                                 self->linked && self->session != NULL &&
                                 adept_session_get_state (self->session) == ADEPT_SESSION_STATE_READY &&
                                 !syncing);
  gtk_widget_action_set_enabled (widget, "devices.stop-sync", syncing);
  gtk_widget_action_set_enabled (widget, "devices.clear-filters",
                                 _adept_devices_page_filters_active (self));
  gtk_widget_action_set_enabled (widget, "devices.save-filter",
                                 _adept_devices_page_filters_active (self) && self->server_id != NULL);
}

void
_adept_devices_page_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "devices.assign-profile", NULL,
                                   assign_profile_action);
  gtk_widget_class_install_action (widget_class, "devices.assign-like", "s", assign_profile_action);
  gtk_widget_class_install_action (widget_class, "devices.remove-profile", NULL,
                                   remove_profile_action);
  gtk_widget_class_install_action (widget_class, "devices.assign-all", NULL, assign_profile_action);
  gtk_widget_class_install_action (widget_class, "devices.remove-all", NULL, remove_profile_action);
  gtk_widget_class_install_action (widget_class, "devices.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "devices.sync", NULL, sync_action);
  gtk_widget_class_install_action (widget_class, "devices.stop-sync", NULL, stop_sync_action);
  gtk_widget_class_install_action (widget_class, "devices.export-selection", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "devices.export-all", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "devices.cancel", NULL, cancel_action);
}
