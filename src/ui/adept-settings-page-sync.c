/* adept-settings-page-sync.c — Force Sync, its progress, the schedule and the journal
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-settings-page"

#include "config.h"

#include <glib/gi18n.h>

#include "adept-error.h"
#include "adept-settings-page-private.h"
#include "adept-ui-util.h"

/* "HH:MM" from GSettings; a malformed value falls back to the default. */
static void
parse_sync_time (const char *text,
                 int        *hour,
                 int        *minute)
{
  unsigned h = 2;
  unsigned m = 0;

  if (text == NULL || sscanf (text, "%2u:%2u", &h, &m) != 2 || h > 23 || m > 59)
    {
      h = 2;
      m = 0;
    }
  *hour = (int) h;
  *minute = (int) m;
}

static GDateTime *
next_sync_time (const char *setting,
                GDateTime  *now)
{
  int hour;
  int minute;
  g_autoptr(GDateTime) today = NULL;

  parse_sync_time (setting, &hour, &minute);
  today = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                 g_date_time_get_day_of_month (now), hour, minute, 0);
  if (g_date_time_compare (today, now) > 0)
    return g_steal_pointer (&today);
  return g_date_time_add_days (today, 1);
}

void
_adept_settings_page_update_schedule (AdeptSettingsPage *self)
{
  g_autofree char *setting = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) next = NULL;
  g_autofree char *time = NULL;
  g_autofree char *text = NULL;

  if (self->syncing)
    return;

  setting = g_settings_get_string (self->settings, "sync-time");
  now = g_date_time_new_now_local ();
  next = next_sync_time (setting, now);
  time = g_date_time_format (next, "%H:%M");
  if (g_date_time_get_day_of_month (next) == g_date_time_get_day_of_month (now))
    /* Translators: %s is a time like 02:00. */
    text = g_strdup_printf (_("Next scheduled sync today at %s, while Adept runs."), time);
  else
    text = g_strdup_printf (_("Next scheduled sync tomorrow at %s, while Adept runs."), time);
  _adept_settings_page_set_sync_text (self, text);
}

void
_adept_settings_page_force_sync (AdeptSettingsPage *self)
{
  g_autoptr(GError) error = NULL;

  if (self->state != ADEPT_LINK_STATE_LINKED || self->syncing)
    return;
  /* TODO(store): run the sync engine with progress once branch store lands. */
  g_set_error (&error, ADEPT_ERROR, ADEPT_ERROR_FAILED, "%s",
               _("Syncing is not available in this build yet."));
  _adept_settings_page_show_error (self, error);
}

void
_adept_settings_page_cancel_sync (AdeptSettingsPage *self)
{
  if (self->sync_cancellable != NULL)
    g_cancellable_cancel (self->sync_cancellable);
}

void
_adept_settings_page_update_journal (AdeptSettingsPage *self)
{
  for (guint i = 0; i < self->journal_children->len; i++)
    adw_expander_row_remove (self->journal_row, g_ptr_array_index (self->journal_children, i));
  g_ptr_array_set_size (self->journal_children, 0);
  adw_expander_row_set_subtitle (self->journal_row, _("No sync has run yet."));
  adw_expander_row_set_enable_expansion (self->journal_row, FALSE);
}
