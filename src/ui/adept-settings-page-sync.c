/* adept-settings-page-sync.c — Force Sync, its progress, the schedule, the journal and the
 * local data of the server, as the session tells them
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

static void
set_journal_rows (AdeptSettingsPage *self,
                  GPtrArray         *rows)
{
  for (guint i = 0; i < self->journal_children->len; i++)
    adw_expander_row_remove (self->journal_row, g_ptr_array_index (self->journal_children, i));
  g_ptr_array_set_size (self->journal_children, 0);

  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (rows, i);

      adw_expander_row_add_row (self->journal_row, row);
      g_ptr_array_add (self->journal_children, row);
    }
  adw_expander_row_set_enable_expansion (self->journal_row, self->journal_children->len > 0);
  if (self->journal_children->len == 0)
    adw_expander_row_set_subtitle (self->journal_row, _("No sync has run yet."));
}

/* A run the admin stopped is not a failure. */
static gboolean
failed (const AdeptJournalEntry *run)
{
  return run->error_code != NULL && !g_str_equal (run->error_code, "cancelled");
}

static GtkWidget *
journal_row_new (const AdeptJournalEntry *run)
{
  g_autoptr(GDateTime) started = g_date_time_new_from_unix_local (run->started);
  g_autofree char *when = adept_format_date_time (started);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  GtkWidget *row = adw_action_row_new ();
  const char *kind;

  switch (run->kind)
    {
    case ADEPT_SYNC_KIND_FETCH:
      kind = _("Fetch of every device");
      break;
    case ADEPT_SYNC_KIND_FULL:
      kind = _("Full fetch");
      break;
    case ADEPT_SYNC_KIND_RETRY:
      kind = _("Assignments retried");
      break;
    case ADEPT_SYNC_KIND_SYNC:
    default:
      kind = _("Changes");
      break;
    }
  /* Translators: a date and time, then the kind of run. */
  title = g_strdup_printf (_("%s · %s"), when, kind);

  if (run->error_message != NULL)
    subtitle = g_strdup (run->error_message);
  else if (run->ended == 0)
    subtitle = g_strdup (_("Did not finish; what it fetched is kept."));
  else if (run->kind == ADEPT_SYNC_KIND_RETRY)
    {
      g_autofree char *assigned = adept_format_count (run->assigned);

      /* Translators: a number of devices. */
      subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s device given the default profile",
                                               "%s devices given the default profile", run->assigned),
                                  assigned);
    }
  else
    {
      g_autofree char *added = adept_format_count (run->added);
      g_autofree char *modified = adept_format_count (run->modified);
      g_autofree char *deleted = adept_format_count (run->deleted);

      /* Translators: numbers of devices. */
      subtitle = g_strdup_printf (_("%s added, %s changed, %s removed"),
                                  added, modified, deleted);
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name (failed (run)
                                                           ? "dialog-error-symbolic"
                                                           : "emblem-synchronizing-symbolic"));
  return row;
}

static void
set_sync_text (AdeptSettingsPage *self,
               const char        *text)
{
  if (adept_set_str (&self->sync_text, text))
    {
      adw_action_row_set_subtitle (self->sync_row, text ? text : "");
      g_object_notify (G_OBJECT (self), "sync-text");
    }
}

static char *
schedule_text (AdeptSettingsPage *self)
{
  gint64 next_run = adept_session_get_next_sync (self->session);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) next = NULL;
  g_autofree char *time = NULL;

  if (next_run <= 0)
    return NULL;
  next = g_date_time_new_from_unix_local (next_run);
  time = g_date_time_format (next, "%H:%M");
  if (g_date_time_get_day_of_year (next) == g_date_time_get_day_of_year (now))
    /* Translators: %s is a time like 02:00. */
    return g_strdup_printf (_("Next scheduled sync today at %s, while Adept runs."), time);
  return g_strdup_printf (_("Next scheduled sync tomorrow at %s, while Adept runs."), time);
}

void
_adept_settings_page_update_sync (AdeptSettingsPage *self)
{
  gboolean syncing = self->session != NULL && adept_session_get_syncing (self->session);
  g_autofree char *text = NULL;

  gtk_stack_set_visible_child_name (self->sync_stack, syncing ? "running" : "idle");
  if (self->session == NULL || !adept_session_get_linked (self->session))
    text = NULL;
  else if (syncing)
    {
      guint pages = 0, devices = 0;
      g_autofree char *count = NULL;

      g_object_get (self->session, "sync-pages", &pages, "sync-devices", &devices, NULL);
      count = adept_format_count (devices);
      if (pages == 0)
        text = g_strdup (_("Asking Apple for changes…"));
      else
        /* Translators: the page number, then a number of devices. */
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Page %u · %s device",
                                             "Page %u · %s devices", devices),
                                pages, count);
      gtk_progress_bar_pulse (self->sync_progress);
    }
  else
    text = schedule_text (self);
  set_sync_text (self, text);
}

void
_adept_settings_page_update_journal (AdeptSettingsPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  guint limit = 5;

  if (self->session == NULL || !adept_session_get_linked (self->session))
    {
      set_journal_rows (self, NULL);
      return;
    }
  g_object_get (self->settings, "sync-journal-rows", &limit, NULL);
  runs = adept_session_list_journal (self->session, limit, &error);
  if (runs == NULL)
    {
      g_debug ("The sync journal could not be read: %s", error->message);
      set_journal_rows (self, NULL);
      return;
    }
  for (guint i = 0; i < runs->len; i++)
    g_ptr_array_add (rows, journal_row_new (g_ptr_array_index (runs, i)));
  set_journal_rows (self, rows);

  if (runs->len > 0)
    {
      const AdeptJournalEntry *last = g_ptr_array_index (runs, 0);
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (last->ended ? last->ended
                                                                              : last->started);
      g_autofree char *date = adept_format_date_time (when);
      g_autofree char *subtitle = NULL;

      if (failed (last))
        /* Translators: %s is a date and time. */
        subtitle = g_strdup_printf (_("Last sync failed on %s."), date);
      else
        subtitle = g_strdup_printf (_("Last sync on %s."), date);
      adw_expander_row_set_subtitle (self->journal_row, subtitle);
    }
}

static void
sync_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(AdeptSettingsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptJournalEntry) run = NULL;
  AdeptSession *session = ADEPT_SESSION (source);
  int n_devices;
  g_autofree char *added = NULL;
  g_autofree char *devices = NULL;
  g_autofree char *title = NULL;

  run = adept_session_sync_finish (session, result, &error);
  /* Another server is shown now, or the page is gone. */
  if (session != self->session)
    return;
  g_clear_object (&self->sync_cancellable);
  _adept_settings_page_update_actions (self);
  if (run == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        adept_ui_toast (GTK_WIDGET (self), _("Sync canceled. What it fetched is kept."));
      else
        _adept_settings_page_show_error (self, error);
      return;
    }

  n_devices = MAX (adept_session_get_device_count (session), 0);
  added = adept_format_count (run->added);
  devices = adept_format_count (n_devices);
  /* Translators: numbers of devices. */
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Sync finished: %s device, %s new.",
                                        "Sync finished: %s devices, %s new.", n_devices),
                          devices, added);
  adept_ui_toast (GTK_WIDGET (self), title);
}

void
_adept_settings_page_force_sync (AdeptSettingsPage *self)
{
  if (!adept_settings_page_get_can_sync (self))
    return;

  _adept_settings_page_clear_error (self);
  g_clear_object (&self->sync_cancellable);
  self->sync_cancellable = g_cancellable_new ();
  adept_session_sync_async (self->session, ADEPT_SYNC_FLAGS_NONE, self->sync_cancellable,
                            sync_done, g_object_ref (self));
  _adept_settings_page_update_sync (self);
  _adept_settings_page_update_actions (self);
}

void
_adept_settings_page_cancel_sync (AdeptSettingsPage *self)
{
  /* Scheduled runs too: Cancel stops what the page shows; a Sync Now still waiting is
   * dropped. */
  g_cancellable_cancel (self->sync_cancellable);
  adept_session_cancel_sync (self->session);
}

char *
_adept_settings_page_dup_local_summary (AdeptSettingsPage *self)
{
  g_autoptr(GPtrArray) profiles = NULL;
  int n_devices;
  guint n;
  char *count;
  g_autofree char *devices = NULL;
  g_autofree char *n_profiles = NULL;

  profiles = adept_store_list_profiles (adept_session_get_store (self->session),
                                        adept_session_get_id (self->session), NULL);
  n_devices = MAX (adept_session_get_device_count (self->session), 0);
  n = profiles != NULL ? profiles->len : 0;
  count = adept_format_count (n_devices);
  devices = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s device", "%s devices", n_devices),
                             count);
  g_free (count);
  count = adept_format_count (n);
  n_profiles = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s DEP profile", "%s DEP profiles", n),
                                count);
  g_free (count);
  /* Translators: “the 3,000 devices and 2 DEP profiles stored for this server”. */
  return g_strdup_printf (_("the %s and %s stored for this server"), devices, n_profiles);
}
