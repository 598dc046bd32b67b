/* adept-profiles-page-devices.c — assigning a profile, removing it, and moving the devices
 * of an edited profile to its replacement
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-profiles-page"

#include "config.h"

#include <glib/gi18n.h>

#include "adept-device-picker.h"
#include "adept-profiles-page-private.h"
#include "adept-ui-util.h"

static void
job_finished (AdeptProfilesPage *self)
{
  adept_profiles_page_reload (self);
  _adept_profiles_page_request_sync (self);
}

/* Select Devices to Assign to Profile */

static void
on_picker_finished (AdeptProfilesPage *self,
                    AdeptBatchJob     *job,
                    AdeptDevicePicker *picker)
{
  job_finished (self);
}

void
_adept_profiles_page_assign (AdeptProfilesPage *self,
                             const char        *uuid)
{
  AdeptDevicePicker *picker;

  if (self->session == NULL)
    return;
  picker = adept_device_picker_new (_adept_profiles_page_get_parent (self), self->session, uuid,
                                    g_hash_table_lookup (self->names, uuid), self->names);
  g_signal_connect_object (picker, "finished", G_CALLBACK (on_picker_finished), self,
                           G_CONNECT_SWAPPED);
  _adept_profiles_page_present (self, GTK_WINDOW (picker));
}

/* A job started from the page: a message dialog with a progress bar that becomes the
 * summary of Apple's answers. */

typedef struct {
  AdeptProfilesPage *page;
  AdeptBatchJob     *job;
  AdwMessageDialog  *dialog;
  GtkProgressBar    *bar;
  char              *done_heading;
} JobView;

static void
job_view_free (JobView *view)
{
  g_clear_object (&view->page);
  g_clear_object (&view->job);
  g_clear_weak_pointer (&view->dialog);
  g_clear_weak_pointer (&view->bar);
  g_free (view->done_heading);
  g_free (view);
}

static void
on_job_progress (AdeptBatchJob *job,
                 GParamSpec      *pspec,
                 JobView         *view)
{
  g_autofree char *sent = adept_format_count (adept_batch_job_get_sent (job));
  g_autofree char *total = adept_format_count (adept_batch_job_get_total (job));
  g_autofree char *text = NULL;

  if (view->bar == NULL)
    return;
  /* Translators: "1,000 of 2,500 devices" */
  text = g_strdup_printf (ngettext ("%s of %s device", "%s of %s devices",
                                    adept_batch_job_get_total (job)), sent, total);
  gtk_progress_bar_set_fraction (view->bar, adept_batch_job_get_fraction (job));
  gtk_progress_bar_set_text (view->bar, text);
}

static void
job_view_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  JobView *view = user_data;
  AdeptBatchJob *job = view->job;
  g_autoptr(AdeptDeviceResults) results = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;

  results = adept_session_run_job_finish (ADEPT_SESSION (source), result, &error);
  g_signal_handlers_disconnect_by_data (job, view);
  summary = adept_batch_job_dup_summary (job);
  if (view->dialog != NULL)
    {
      adw_message_dialog_set_heading (view->dialog, error ? _("Stopped") : view->done_heading);
      adw_message_dialog_set_body (view->dialog, summary);
      adw_message_dialog_set_response_enabled (view->dialog, "close", TRUE);
      adw_message_dialog_set_response_enabled (view->dialog, "stop", FALSE);
    }
  else
    _adept_profiles_page_toast (view->page, summary);
  job_finished (view->page);
  job_view_free (view);
}

static void
on_job_dialog_response (AdwMessageDialog *dialog,
                        const char       *response,
                        GCancellable     *cancellable)
{
  if (g_str_equal (response, "stop"))
    g_cancellable_cancel (cancellable);
}

static void
run_job (AdeptProfilesPage *self,
         AdeptBatchJob   *job,
         const char        *heading,
         const char        *done_heading)
{
  JobView *view = g_new0 (JobView, 1);
  GtkWidget *dialog = adw_message_dialog_new (_adept_profiles_page_get_parent (self), heading,
                                              _("Apple answers for each device. Keep Adept open "
                                                "until all requests are sent."));
  GtkWidget *bar = gtk_progress_bar_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  g_set_object (&self->job, job);
  gtk_progress_bar_set_show_text (GTK_PROGRESS_BAR (bar), TRUE);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), bar);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "stop", _("_Stop"),
                                    "close", _("_Close"),
                                    NULL);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "close", FALSE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "stop");
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_job_dialog_response),
                         g_object_ref (cancellable), (GClosureNotify) (void (*) (void)) g_object_unref, 0);

  view->page = g_object_ref (self);
  view->job = g_object_ref (job);
  view->done_heading = g_strdup (done_heading);
  g_set_weak_pointer (&view->dialog, ADW_MESSAGE_DIALOG (dialog));
  g_set_weak_pointer (&view->bar, GTK_PROGRESS_BAR (bar));
  g_signal_connect (job, "notify::sent", G_CALLBACK (on_job_progress), view);
  on_job_progress (job, NULL, view);
  _adept_profiles_page_present (self, GTK_WINDOW (dialog));

  g_signal_connect_object (self, "destroy", G_CALLBACK (g_cancellable_cancel), cancellable,
                           G_CONNECT_SWAPPED);
  adept_session_run_job_async (self->session, job, cancellable, job_view_done, view);
}

/* Jobs the admin confirms first: removal, and reassignment after an edit */

typedef struct {
  AdeptBatchKind  kind;
  char                *uuid;
  char                *name;
  GStrv                serials;
  const char          *confirm;       /* the response that starts it */
  const char          *done_heading;
} PendingJob;

static void
pending_job_free (PendingJob *pending)
{
  g_free (pending->uuid);
  g_free (pending->name);
  g_strfreev (pending->serials);
  g_free (pending);
}

static void
on_confirm_response (AdeptProfilesPage *self,
                     const char        *response,
                     AdwMessageDialog  *dialog)
{
  PendingJob *pending = g_object_get_data (G_OBJECT (dialog), "adept-pending-job");
  g_autoptr(AdeptBatchJob) job = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *heading = NULL;

  if (!g_str_equal (response, pending->confirm) || self->session == NULL)
    return;
  job = adept_session_create_job (self->session, pending->kind, pending->uuid,
                                  (const char * const *) pending->serials, &error);
  if (job == NULL)
    {
      _adept_profiles_page_show_error (self, _("Not Sent to Apple"), error);
      return;
    }
  adept_batch_job_set_profile_name (job, pending->name);
  if (pending->kind == ADEPT_BATCH_REMOVE)
    heading = g_strdup_printf (_("Removing “%s”…"), pending->name);
  else
    heading = g_strdup_printf (_("Reassigning to “%s”…"), pending->name);
  run_job (self, job, heading, pending->done_heading);
}

/* A question whose confirm response (suggested or destructive) starts the job. */
static void
ask (AdeptProfilesPage      *self,
     PendingJob             *pending,
     const char             *heading,
     const char             *body,
     const char             *cancel_label,
     const char             *confirm_label,
     AdwResponseAppearance   appearance)
{
  GtkWidget *dialog = adw_message_dialog_new (_adept_profiles_page_get_parent (self), heading, body);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", cancel_label,
                                    pending->confirm, confirm_label,
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), pending->confirm,
                                              appearance);
  /* Enter removes nothing by accident; it does accept a suggested move. */
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog),
                                           appearance == ADW_RESPONSE_DESTRUCTIVE ? "cancel"
                                                                                  : pending->confirm);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "adept-pending-job", pending,
                          (GDestroyNotify) pending_job_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_confirm_response), self,
                           G_CONNECT_SWAPPED);
  _adept_profiles_page_present (self, GTK_WINDOW (dialog));
}

/* Remove from Devices */

void
_adept_profiles_page_remove (AdeptProfilesPage *self,
                             const char        *uuid)
{
  PendingJob *pending;
  const char *name = g_hash_table_lookup (self->names, uuid);
  g_autofree char *count = NULL;
  g_autofree char *heading = NULL;
  guint n;

  if (self->session == NULL)
    return;
  pending = g_new0 (PendingJob, 1);
  pending->kind = ADEPT_BATCH_REMOVE;
  pending->uuid = g_strdup (uuid);
  pending->name = g_strdup (name ? name : uuid);
  pending->serials = adept_profiles_page_dup_profile_devices (self, uuid);
  pending->confirm = "remove";
  pending->done_heading = _("Profile Removed");
  n = g_strv_length (pending->serials);

  if (n == 0)
    {
      GtkWidget *dialog;

      heading = g_strdup_printf (_("No Device Has “%s”"), pending->name);
      dialog = adw_message_dialog_new (_adept_profiles_page_get_parent (self), heading,
                                       _("Adept knows of no device with this profile after the "
                                         "last sync. Sync first if you assigned it elsewhere."));
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      pending_job_free (pending);
      _adept_profiles_page_present (self, GTK_WINDOW (dialog));
      return;
    }

  count = adept_format_count (n);
  heading = g_strdup_printf (ngettext ("Remove “%s” from %s Device?",
                                       "Remove “%s” from %s Devices?", n), pending->name, count);
  ask (self, pending, heading,
       _("Apple takes the profile back. Devices that already received it keep it until they "
         "are erased and set up again; the others enroll with no MDM server until they get a "
         "profile."),
       _("_Cancel"), _("_Remove"), ADW_RESPONSE_DESTRUCTIVE);
}

/* After an edit: the devices of the old profile move to the new one if the admin agrees */

void
_adept_profiles_page_offer_reassign (AdeptProfilesPage *self,
                                     const char        *old_uuid,
                                     AdeptDepProfile   *profile)
{
  PendingJob *pending;
  const char *old_name = g_hash_table_lookup (self->names, old_uuid);
  g_autofree char *count = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  guint n;

  pending = g_new0 (PendingJob, 1);
  pending->kind = ADEPT_BATCH_ASSIGN;
  pending->uuid = g_strdup (adept_dep_profile_get_profile_uuid (profile));
  pending->name = g_strdup (adept_dep_profile_get_profile_name (profile));
  pending->serials = adept_profiles_page_dup_profile_devices (self, old_uuid);
  pending->confirm = "reassign";
  pending->done_heading = _("Devices Reassigned");
  n = g_strv_length (pending->serials);
  if (n == 0)
    {
      pending_job_free (pending);
      return;
    }

  count = adept_format_count (n);
  heading = g_strdup_printf (_("Move Devices to “%s”?"), pending->name);
  body = g_strdup_printf (ngettext ("%s device will be reassigned from “%s” to “%s”. Devices that "
                                    "already enrolled keep the old settings until they are erased "
                                    "and set up again.",
                                    "%s devices will be reassigned from “%s” to “%s”. Devices that "
                                    "already enrolled keep the old settings until they are erased "
                                    "and set up again.", n),
                          count, old_name ? old_name : old_uuid, pending->name);
  ask (self, pending, heading, body, _("_Not Now"), _("_Reassign"), ADW_RESPONSE_SUGGESTED);
}
