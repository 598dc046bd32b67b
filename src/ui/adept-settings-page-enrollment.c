/* adept-settings-page-enrollment.c — account-driven enrollment's service discovery URL, a
 * setting per server in DEP Information (/account-driven-enrollment/profile)
 *
 * Apple holds the setting, not this computer: the row shows what Apple answered, with the
 * time Apple last changed it, and sets or clears it through the session (audited).
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-settings-page"

#include "config.h"

#include <glib/gi18n.h>

#include "adept-device-format.h"
#include "adept-error.h"
#include "adept-settings-page-private.h"
#include "adept-ui-util.h"

static void
set_summary (AdeptSettingsPage *self,
             const char        *text)
{
  adw_expander_row_set_subtitle (self->enrollment_row, text);
}

static void
set_busy (AdeptSettingsPage *self,
          gboolean           busy)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->enrollment_entry), !busy);
  gtk_widget_set_sensitive (self->enrollment_clear, !busy && self->enrollment_set);
}

/* What Apple holds: the summary, and the entry's text unless the admin is typing. */
static void
show_enrollment (AdeptSettingsPage            *self,
                 const AdeptAccountEnrollment *enrollment)
{
  self->enrollment_set = enrollment != NULL;
  if (enrollment == NULL)
    {
      set_summary (self, _("Off: no service discovery address is set for this MDM server"));
      gtk_editable_set_text (GTK_EDITABLE (self->enrollment_entry), "");
    }
  else
    {
      g_autofree char *when = adept_format_timestamp (enrollment->last_updated);
      g_autofree char *text = when != NULL
        /* Translators: account-driven enrollment's summary: when Apple last changed it. */
        ? g_strdup_printf (_("On, changed at Apple on %s"), when)
        : g_strdup (_("On"));

      set_summary (self, text);
      gtk_editable_set_text (GTK_EDITABLE (self->enrollment_entry), enrollment->mdm_service_discovery_url);
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->enrollment_entry), "error");
  set_busy (self, FALSE);
}

/* An error in one sentence; what Apple holds stays as it was (the entry keeps the typing,
 * so it can be corrected). */
static void
show_error (AdeptSettingsPage *self,
            const GError      *error)
{
  const char *text = error->message;

  if (g_error_matches (error, ADEPT_ERROR, ADEPT_ERROR_VALIDATION))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->enrollment_entry), "error");
      text = _("Apple refused the address: give the https:// address of your MDM server’s service discovery, and apply again.");
    }
  else if (g_error_matches (error, ADEPT_ERROR, ADEPT_ERROR_ORG_NOT_SUPPORTED))
    text = _("The organization cannot use account-driven enrollment: turn it on in Apple Business Manager, then try again.");
  set_summary (self, text);
  set_busy (self, FALSE);
}

static void
on_enrollment (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(AdeptSettingsPage) self = user_data;
  g_autoptr(AdeptAccountEnrollment) enrollment = NULL;
  g_autoptr(GError) error = NULL;
  gboolean changed = g_task_get_source_tag (G_TASK (result)) == adept_session_set_account_enrollment_async;

  if (changed)
    enrollment = adept_session_set_account_enrollment_finish (ADEPT_SESSION (source), result, &error);
  else
    enrollment = adept_session_get_account_enrollment_finish (ADEPT_SESSION (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->enrollment_row == NULL)
    return;
  if (error != NULL)
    {
      show_error (self, error);
      return;
    }
  show_enrollment (self, enrollment);
  if (changed)
    adept_ui_toast (GTK_WIDGET (self), enrollment != NULL ? _("Service discovery address saved at Apple")
                                                          : _("Account-driven enrollment turned off"));
}

static GCancellable *
restart (AdeptSettingsPage *self)
{
  g_cancellable_cancel (self->enrollment_cancellable);
  g_clear_object (&self->enrollment_cancellable);
  self->enrollment_cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  return self->enrollment_cancellable;
}

static void
change (AdeptSettingsPage *self,
        const char        *url)
{
  if (self->session == NULL)
    return;
  set_summary (self, url != NULL ? _("Saving at Apple…") : _("Clearing at Apple…"));
  adept_session_set_account_enrollment_async (self->session, url, restart (self), on_enrollment,
                                              g_object_ref (self));
}

static void
on_apply (AdwEntryRow       *entry,
          AdeptSettingsPage *self)
{
  g_autofree char *url = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));

  /* An empty address is no address: the same as Clear. */
  change (self, url[0] != '\0' ? url : NULL);
}

static void
on_clear_clicked (GtkButton         *button,
                  AdeptSettingsPage *self)
{
  change (self, NULL);
}

void
_adept_settings_page_update_enrollment (AdeptSettingsPage *self)
{
  gboolean ready = self->session != NULL && adept_settings_page_get_linked (self) &&
                   adept_session_get_state (self->session) == ADEPT_SESSION_STATE_READY &&
                   adept_session_get_client (self->session) != NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->enrollment_row), ready);
  if (!ready || self->enrollment_session == (gpointer) self->session)
    return;
  self->enrollment_session = self->session;
  set_summary (self, _("Asking Apple…"));
  adept_session_get_account_enrollment_async (self->session, restart (self), on_enrollment,
                                              g_object_ref (self));
}

void
_adept_settings_page_enrollment_init (AdeptSettingsPage *self)
{
  GtkWidget *group = gtk_widget_get_ancestor (GTK_WIDGET (self->expiry_row),
                                              ADW_TYPE_PREFERENCES_GROUP);
  GtkWidget *clear_row = adw_action_row_new ();

  self->enrollment_row = ADW_EXPANDER_ROW (adw_expander_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->enrollment_row), _("Account-Driven Enrollment"));
  gtk_widget_set_visible (GTK_WIDGET (self->enrollment_row), FALSE);
  adept_ui_widget_no_hyphens (GTK_WIDGET (self->enrollment_row));

  self->enrollment_entry = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->enrollment_entry), _("Service Discovery Address"));
  adw_entry_row_set_show_apply_button (self->enrollment_entry, TRUE);
  gtk_editable_set_enable_undo (GTK_EDITABLE (self->enrollment_entry), TRUE);
  g_signal_connect (self->enrollment_entry, "apply", G_CALLBACK (on_apply), self);
  adw_expander_row_add_row (self->enrollment_row, GTK_WIDGET (self->enrollment_entry));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (clear_row), _("Turn Off"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (clear_row),
                               _("Devices can no longer enroll by signing in with a Managed Apple Account"));
  self->enrollment_clear = gtk_button_new_with_mnemonic (_("_Clear"));
  gtk_widget_set_valign (self->enrollment_clear, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->enrollment_clear, "destructive-action");
  g_signal_connect (self->enrollment_clear, "clicked", G_CALLBACK (on_clear_clicked), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (clear_row), self->enrollment_clear);
  adept_ui_widget_no_hyphens (clear_row);
  adw_expander_row_add_row (self->enrollment_row, clear_row);

  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->enrollment_row));
}

void
_adept_settings_page_enrollment_dispose (AdeptSettingsPage *self)
{
  g_cancellable_cancel (self->enrollment_cancellable);
  g_clear_object (&self->enrollment_cancellable);
  self->enrollment_row = NULL;
}

const char *
adept_settings_page_get_enrollment_summary (AdeptSettingsPage *self)
{
  g_return_val_if_fail (ADEPT_IS_SETTINGS_PAGE (self), NULL);

  if (self->enrollment_row == NULL || !gtk_widget_get_visible (GTK_WIDGET (self->enrollment_row)))
    return NULL;
  return adw_expander_row_get_subtitle (self->enrollment_row);
}

AdwEntryRow *
adept_settings_page_get_enrollment_entry (AdeptSettingsPage *self)
{
  g_return_val_if_fail (ADEPT_IS_SETTINGS_PAGE (self), NULL);
  return self->enrollment_entry;
}

GtkWidget *
adept_settings_page_get_enrollment_clear (AdeptSettingsPage *self)
{
  g_return_val_if_fail (ADEPT_IS_SETTINGS_PAGE (self), NULL);
  return self->enrollment_clear;
}
