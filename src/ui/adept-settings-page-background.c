/* adept-settings-page-background.c — Sync Nightly in the Background: the systemd user
 * timer (through AdeptSyncTimer), the time of day, and how the last background run ended
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-settings-page"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "adept-settings-page-private.h"
#include "adept-ui-util.h"
#include "adept-util.h"

/* A time typed or spun is sent to systemd once the spin buttons settle. */
#define TIME_SETTLE_MS 800

static char *
dup_time (AdeptSettingsPage *self)
{
  return g_strdup_printf ("%02d:%02d", gtk_spin_button_get_value_as_int (self->hour_spin),
                          gtk_spin_button_get_value_as_int (self->minute_spin));
}

static char *
describe_last_run (const AdeptSyncTimerState *state)
{
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *date = NULL;

  if (state == NULL || !state->available)
    return g_strdup (_("Not available"));
  if (state->last_run == 0)
    return g_strdup (_("None yet"));
  when = g_date_time_new_from_unix_local (state->last_run);
  date = adept_format_date_time (when);
  if (state->last_ok)
    /* Translators: %s is a date and time. */
    return g_strdup_printf (_("%s — ended well"), date);
  /* Translators: %s is a date and time, %d the exit status of adeptctl; the journal is
   * systemd's log. */
  return g_strdup_printf (_("%s — failed (exit status %d). Run “journalctl --user -u "
                            "adept-sync” for its messages."), date, state->last_status);
}

static char *
describe_state (const AdeptSyncTimerState *state)
{
  if (state == NULL)
    return g_strdup (_("Asking systemd…"));
  if (!state->available)
    /* Translators: %s says why (no systemd user manager…). */
    return g_strdup_printf (_("%s Adept syncs at the time below while it runs."),
                            state->unavailable ? state->unavailable : "");
  if (state->enabled && state->next_run > 0)
    {
      g_autoptr(GDateTime) next = g_date_time_new_from_unix_local (state->next_run);
      g_autofree char *date = adept_format_date_time (next);

      /* Translators: %s is a date and time. */
      return g_strdup_printf (_("On. Every linked server, also when Adept is closed; next run "
                                "%s."), date);
    }
  if (state->enabled)
    return g_strdup (_("On. Every linked server, also when Adept is closed."));
  return g_strdup (_("Off. Adept syncs at the time below only while it runs."));
}

static void
show_state (AdeptSettingsPage *self)
{
  const AdeptSyncTimerState *state = self->timer_state;
  g_autofree char *text = describe_state (state);
  g_autofree char *last = describe_last_run (state);
  gboolean usable = state != NULL && state->available && !self->timer_pending;

  adept_ui_row_set_subtitle (self->background_row, text);
  adept_ui_row_set_subtitle (self->background_last_row, last);
  gtk_widget_set_sensitive (GTK_WIDGET (self->background_switch), usable);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->background_switch),
                               usable ? NULL
                                      : state == NULL || self->timer_pending
                                        ? _("Waiting for systemd’s answer.")
                                        : state->unavailable);
}

/* The widgets follow systemd's state (or the settings' time) without sending it back. */
static void
load_time (AdeptSettingsPage *self,
           const char        *time)
{
  int hour = 2, minute = 0;

  if (time == NULL || sscanf (time, "%d:%d", &hour, &minute) != 2)
    hour = 2, minute = 0;
  self->timer_loading = TRUE;
  gtk_spin_button_set_value (self->hour_spin, CLAMP (hour, 0, 23));
  gtk_spin_button_set_value (self->minute_spin, CLAMP (minute, 0, 59));
  self->timer_loading = FALSE;
}

static void
take_state (AdeptSettingsPage   *self,
            AdeptSyncTimerState *state)
{
  g_clear_pointer (&self->timer_state, adept_sync_timer_state_free);
  self->timer_state = state;
  self->timer_loading = TRUE;
  gtk_switch_set_active (self->background_switch, state->available && state->enabled);
  gtk_switch_set_state (self->background_switch, state->available && state->enabled);
  self->timer_loading = FALSE;
  if (state->available && state->enabled && state->time != NULL)
    load_time (self, state->time);
  show_state (self);
}

static void
timer_read (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(AdeptSettingsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  AdeptSyncTimerState *state;

  state = adept_sync_timer_read_finish (ADEPT_SYNC_TIMER (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->state_stack == NULL)
    return;
  if (state == NULL)
    {
      state = g_new0 (AdeptSyncTimerState, 1);
      state->unavailable = g_strdup (error->message);
    }
  take_state (self, state);
}

static void
timer_set (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(AdeptSettingsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  AdeptSyncTimerState *state;

  state = adept_sync_timer_set_finish (ADEPT_SYNC_TIMER (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->state_stack == NULL)
    return;
  self->timer_pending = FALSE;
  if (state == NULL)
    {
      _adept_settings_page_show_error (self, error);
      /* What systemd has, not what was asked for. */
      _adept_settings_page_read_background (self);
      return;
    }
  take_state (self, state);
}

void
_adept_settings_page_read_background (AdeptSettingsPage *self)
{
  g_cancellable_cancel (self->timer_cancellable);
  g_clear_object (&self->timer_cancellable);
  self->timer_cancellable = g_cancellable_new ();
  self->timer_pending = FALSE;
  adept_sync_timer_read_async (self->timer, self->timer_cancellable, timer_read,
                               g_object_ref (self));
}

static void
send_state (AdeptSettingsPage *self,
            gboolean           enabled)
{
  g_autofree char *time = dup_time (self);

  g_cancellable_cancel (self->timer_cancellable);
  g_clear_object (&self->timer_cancellable);
  self->timer_cancellable = g_cancellable_new ();
  self->timer_pending = TRUE;
  show_state (self);
  adept_sync_timer_set_async (self->timer, enabled, time, self->timer_cancellable,
                              timer_set, g_object_ref (self));
}

static gboolean
on_background_state_set (AdeptSettingsPage *self,
                         gboolean           state,
                         GtkSwitch         *toggle)
{
  if (self->timer_loading)
    return FALSE;
  send_state (self, state);
  return FALSE;
}

static gboolean
time_settled (gpointer user_data)
{
  AdeptSettingsPage *self = user_data;

  self->time_source = 0;
  if (gtk_switch_get_active (self->background_switch) && self->timer_state != NULL &&
      self->timer_state->available)
    send_state (self, TRUE);
  return G_SOURCE_REMOVE;
}

static void
on_time_changed (AdeptSettingsPage *self,
                 GtkSpinButton     *spin)
{
  g_autofree char *time = NULL;

  if (self->timer_loading)
    return;
  /* The console's own schedule runs at the same time. */
  time = dup_time (self);
  g_object_set (self->settings, "sync-time", time, NULL);
  g_clear_handle_id (&self->time_source, g_source_remove);
  self->time_source = g_timeout_add (TIME_SETTLE_MS, time_settled, self);
}

/* Two digits: "02", "05". */
static gboolean
on_time_output (GtkSpinButton *spin,
                gpointer       user_data)
{
  g_autofree char *text = g_strdup_printf ("%02d", gtk_spin_button_get_value_as_int (spin));

  if (!g_str_equal (text, gtk_editable_get_text (GTK_EDITABLE (spin))))
    gtk_editable_set_text (GTK_EDITABLE (spin), text);
  return TRUE;
}

void
_adept_settings_page_init_background (AdeptSettingsPage *self)
{
  g_autofree char *time = NULL;

  g_object_get (self->settings, "sync-time", &time, NULL);
  load_time (self, time);
  self->timer = adept_sync_timer_new (NULL);
  show_state (self);
  _adept_settings_page_read_background (self);
}

void
_adept_settings_page_dispose_background (AdeptSettingsPage *self)
{
  g_clear_handle_id (&self->time_source, g_source_remove);
  g_cancellable_cancel (self->timer_cancellable);
  g_clear_object (&self->timer_cancellable);
  g_clear_object (&self->timer);
  g_clear_pointer (&self->timer_state, adept_sync_timer_state_free);
}

void
_adept_settings_page_class_init_background (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_child (widget_class, AdeptSettingsPage, background_row);
  gtk_widget_class_bind_template_child (widget_class, AdeptSettingsPage, background_switch);
  gtk_widget_class_bind_template_child (widget_class, AdeptSettingsPage, time_row);
  gtk_widget_class_bind_template_child (widget_class, AdeptSettingsPage, hour_spin);
  gtk_widget_class_bind_template_child (widget_class, AdeptSettingsPage, minute_spin);
  gtk_widget_class_bind_template_child (widget_class, AdeptSettingsPage, background_last_row);
  gtk_widget_class_bind_template_callback (widget_class, on_background_state_set);
  gtk_widget_class_bind_template_callback (widget_class, on_time_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_time_output);
}

/* What the admin sees */

const char *
adept_settings_page_get_background_text (AdeptSettingsPage *self)
{
  g_return_val_if_fail (ADEPT_IS_SETTINGS_PAGE (self), NULL);

  return adw_action_row_get_subtitle (self->background_row);
}

const char *
adept_settings_page_get_background_last (AdeptSettingsPage *self)
{
  g_return_val_if_fail (ADEPT_IS_SETTINGS_PAGE (self), NULL);

  return adw_action_row_get_subtitle (self->background_last_row);
}

const AdeptSyncTimerState *
adept_settings_page_get_timer_state (AdeptSettingsPage *self)
{
  g_return_val_if_fail (ADEPT_IS_SETTINGS_PAGE (self), NULL);

  return self->timer_state;
}

GtkSwitch *
adept_settings_page_get_background_switch (AdeptSettingsPage *self)
{
  g_return_val_if_fail (ADEPT_IS_SETTINGS_PAGE (self), NULL);

  return self->background_switch;
}

void
adept_settings_page_get_time_spins (AdeptSettingsPage  *self,
                                    GtkSpinButton     **hour,
                                    GtkSpinButton     **minute)
{
  g_return_if_fail (ADEPT_IS_SETTINGS_PAGE (self));

  *hour = self->hour_spin;
  *minute = self->minute_spin;
}

gboolean
adept_settings_page_get_timer_pending (AdeptSettingsPage *self)
{
  g_return_val_if_fail (ADEPT_IS_SETTINGS_PAGE (self), FALSE);

  return self->timer_pending;
}
