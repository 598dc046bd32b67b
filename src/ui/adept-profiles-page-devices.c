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
                    AdeptProfileJob   *job,
                    AdeptDevicePicker *picker)
{
  job_finished (self);
}

void
_adept_profiles_page_assign (AdeptProfilesPage *self,
                             const char        *uuid)
{
  AdeptDevicePicker *picker;

  if (self->store == NULL)
    return;
  picker = adept_device_picker_new (_adept_profiles_page_get_parent (self), self->client,
                                    self->store, self->server_id, uuid,
                                    g_hash_table_lookup (self->names, uuid), self->names);
  g_signal_connect_object (picker, "finished", G_CALLBACK (on_picker_finished), self,
                           G_CONNECT_SWAPPED);
  _adept_profiles_page_present (self, GTK_WINDOW (picker));
}

/* A job started from the page: a message dialog with a progress bar that becomes the
 * summary of Apple's answers. */

typedef struct {
  AdeptProfilesPage *page;
  AdwMessageDialog  *dialog;
  GtkProgressBar    *bar;
  char              *done_heading;
} JobView;

static void
job_view_free (JobView *view)
{
  g_clear_object (&view->page);
  g_clear_weak_pointer (&view->dialog);
  g_clear_weak_pointer (&view->bar);
  g_free (view->done_heading);
  g_free (view);
}

static void
on_job_progress (AdeptProfileJob *job,
                 GParamSpec      *pspec,
                 JobView         *view)
{
  g_autofree char *sent = adept_format_count (adept_profile_job_get_sent (job));
  g_autofree char *total = adept_format_count (adept_profile_job_get_total (job));
  g_autofree char *text = NULL;

  if (view->bar == NULL)
    return;
  /* Translators: "1,000 of 2,500 devices" */
  text = g_strdup_printf (_("%s of %s devices"), sent, total);
  gtk_progress_bar_set_fraction (view->bar, adept_profile_job_get_fraction (job));
  gtk_progress_bar_set_text (view->bar, text);
}

static void
job_view_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  JobView *view = user_data;
  AdeptProfileJob *job = ADEPT_PROFILE_JOB (source);
  g_autoptr(AdeptDeviceResults) results = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;

  results = adept_profile_job_run_finish (job, result, &error);
  g_signal_handlers_disconnect_by_data (job, view);
  summary = adept_profile_job_dup_summary (job);
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
         AdeptProfileJob   *job,
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
  view->done_heading = g_strdup (done_heading);
  g_set_weak_pointer (&view->dialog, ADW_MESSAGE_DIALOG (dialog));
  g_set_weak_pointer (&view->bar, GTK_PROGRESS_BAR (bar));
  g_signal_connect (job, "notify::sent", G_CALLBACK (on_job_progress), view);
  on_job_progress (job, NULL, view);
  _adept_profiles_page_present (self, GTK_WINDOW (dialog));

  g_signal_connect_object (self, "destroy", G_CALLBACK (g_cancellable_cancel), cancellable,
                           G_CONNECT_SWAPPED);
  adept_profile_job_run_async (job, cancellable, job_view_done, view);
}

/* Remove from Devices */

typedef struct {
  char  *uuid;
  char  *name;
  GStrv  serials;
} Removal;

static void
removal_free (Removal *removal)
{
  g_free (removal->uuid);
  g_free (removal->name);
  g_strfreev (removal->serials);
  g_free (removal);
}

static void
on_remove_response (AdeptProfilesPage *self,
                    const char        *response,
                    AdwMessageDialog  *dialog)
{
  Removal *removal = g_object_get_data (G_OBJECT (dialog), "adept-removal");
  g_autoptr(AdeptProfileJob) job = NULL;
  g_autofree char *heading = NULL;

  if (!g_str_equal (response, "remove"))
    return;
  job = adept_profile_job_new (ADEPT_PROFILE_JOB_REMOVE, self->client, self->store,
                               self->server_id, removal->uuid, removal->name,
                               (const char * const *) removal->serials);
  heading = g_strdup_printf (_("Removing “%s”…"), removal->name);
  run_job (self, job, heading, _("Profile Removed"));
}

void
_adept_profiles_page_remove (AdeptProfilesPage *self,
                             const char        *uuid)
{
  Removal *removal;
  const char *name = g_hash_table_lookup (self->names, uuid);
  g_autofree char *count = NULL;
  g_autofree char *heading = NULL;
  GtkWidget *dialog;
  guint n;

  if (self->store == NULL)
    return;
  removal = g_new0 (Removal, 1);
  removal->uuid = g_strdup (uuid);
  removal->name = g_strdup (name ? name : uuid);
  removal->serials = adept_profiles_page_dup_profile_devices (self, uuid);
  n = g_strv_length (removal->serials);
  count = adept_format_count (n);

  if (n == 0)
    {
      heading = g_strdup_printf (_("No Device Has “%s”"), removal->name);
      dialog = adw_message_dialog_new (_adept_profiles_page_get_parent (self), heading,
                                       _("Adept knows of no device with this profile after the "
                                         "last sync. Sync first if you assigned it elsewhere."));
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      removal_free (removal);
      _adept_profiles_page_present (self, GTK_WINDOW (dialog));
      return;
    }

  heading = g_strdup_printf (ngettext ("Remove “%s” from %s Device?",
                                       "Remove “%s” from %s Devices?", n), removal->name, count);
  dialog = adw_message_dialog_new (_adept_profiles_page_get_parent (self), heading,
                                   _("Apple takes the profile back. Devices that already received "
                                     "it keep it until they are erased and set up again; the "
                                     "others enroll with no MDM server until they get a profile."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "adept-removal", removal,
                          (GDestroyNotify) removal_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_remove_response), self,
                           G_CONNECT_SWAPPED);
  _adept_profiles_page_present (self, GTK_WINDOW (dialog));
}

/* After an edit: the devices of the old profile move to the new one if the admin agrees */

static void
on_reassign_response (AdeptProfilesPage *self,
                      const char        *response,
                      AdwMessageDialog  *dialog)
{
  Removal *move = g_object_get_data (G_OBJECT (dialog), "adept-move");
  g_autoptr(AdeptProfileJob) job = NULL;
  g_autofree char *heading = NULL;

  if (!g_str_equal (response, "reassign"))
    return;
  job = adept_profile_job_new (ADEPT_PROFILE_JOB_ASSIGN, self->client, self->store,
                               self->server_id, move->uuid, move->name,
                               (const char * const *) move->serials);
  heading = g_strdup_printf (_("Reassigning to “%s”…"), move->name);
  run_job (self, job, heading, _("Devices Reassigned"));
}

void
_adept_profiles_page_offer_reassign (AdeptProfilesPage *self,
                                     const char        *old_uuid,
                                     AdeptDepProfile   *profile)
{
  Removal *move;
  const char *old_name = g_hash_table_lookup (self->names, old_uuid);
  g_autofree char *count = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;
  guint n;

  move = g_new0 (Removal, 1);
  move->uuid = g_strdup (adept_dep_profile_get_profile_uuid (profile));
  move->name = g_strdup (adept_dep_profile_get_profile_name (profile));
  move->serials = adept_profiles_page_dup_profile_devices (self, old_uuid);
  n = g_strv_length (move->serials);
  if (n == 0)
    {
      removal_free (move);
      return;
    }

  count = adept_format_count (n);
  heading = g_strdup_printf (_("Move Devices to “%s”?"), move->name);
  body = g_strdup_printf (ngettext ("%s device will be reassigned from “%s” to “%s”. Devices that "
                                    "already enrolled keep the old settings until they are erased "
                                    "and set up again.",
                                    "%s devices will be reassigned from “%s” to “%s”. Devices that "
                                    "already enrolled keep the old settings until they are erased "
                                    "and set up again.", n),
                          count, old_name ? old_name : old_uuid, move->name);
  dialog = adw_message_dialog_new (_adept_profiles_page_get_parent (self), heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "later", _("_Not Now"),
                                    "reassign", _("_Reassign"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "reassign",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "reassign");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "later");
  g_object_set_data_full (G_OBJECT (dialog), "adept-move", move, (GDestroyNotify) removal_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_reassign_response), self,
                           G_CONNECT_SWAPPED);
  _adept_profiles_page_present (self, GTK_WINDOW (dialog));
}
