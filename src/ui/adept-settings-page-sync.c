/* adept-settings-page-sync.c — Force Sync, its progress, the schedule, the journal and the
 * local data of the server
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-settings-page"

#include "config.h"

#include <glib/gi18n.h>

#include "adept-context.h"
#include "adept-error.h"
#include "adept-settings-page-private.h"
#include "adept-ui-util.h"
#include "adept-server.h"
#include "adept-sync-scheduler.h"

/* "HH:MM" from GSettings; a malformed value falls back to the default. */
static void
parse_sync_time (const char *text,
                 guint      *hour,
                 guint      *minute)
{
  unsigned h = 2;
  unsigned m = 0;

  if (text == NULL || sscanf (text, "%2u:%2u", &h, &m) != 2 || h > 23 || m > 59)
    {
      h = 2;
      m = 0;
    }
  *hour = h;
  *minute = m;
}

static void
set_schedule_text (AdeptSettingsPage *self,
                   GDateTime         *next)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) local = g_date_time_to_local (next);
  g_autofree char *time = g_date_time_format (local, "%H:%M");
  g_autofree char *text = NULL;

  if (g_date_time_get_day_of_year (local) == g_date_time_get_day_of_year (now))
    /* Translators: %s is a time like 02:00. */
    text = g_strdup_printf (_("Next scheduled sync today at %s, while Adept runs."), time);
  else
    text = g_strdup_printf (_("Next scheduled sync tomorrow at %s, while Adept runs."), time);
  _adept_settings_page_set_sync_text (self, text);
}

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

static const char *
server_id (AdeptSettingsPage *self)
{
  return adept_server_get_id (self->server);
}

/* The store is opened on first use and kept: it is shared by every run and page. */
static gboolean
ensure_store (AdeptSettingsPage  *self,
              GError            **error)
{
  AdeptStore *store;

  if (self->store != NULL)
    return TRUE;
  store = adept_store_open (error);
  if (store == NULL)
    return FALSE;
  self->store = store;
  return TRUE;
}

void
_adept_settings_page_update_schedule (AdeptSettingsPage *self)
{
  g_autofree char *setting = g_settings_get_string (self->settings, "sync-time");
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) next = NULL;
  guint hour;
  guint minute;

  if (self->syncing)
    return;
  if (self->scheduler != NULL && adept_sync_scheduler_get_next_run (self->scheduler) > 0)
    next = g_date_time_new_from_unix_local (adept_sync_scheduler_get_next_run (self->scheduler));
  else
    {
      parse_sync_time (setting, &hour, &minute);
      next = adept_sync_next_occurrence (now, hour, minute);
    }
  set_schedule_text (self, next);
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

void
_adept_settings_page_update_journal (AdeptSettingsPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  if (self->store == NULL || self->state != ADEPT_LINK_STATE_LINKED)
    {
      set_journal_rows (self, NULL);
      return;
    }
  runs = adept_store_list_journal (self->store, server_id (self),
                                   g_settings_get_uint (self->settings, "sync-journal-rows"),
                                   &error);
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
engine_progress (AdeptSettingsPage *self,
                 guint              pages,
                 guint              devices)
{
  g_autofree char *count = adept_format_count (devices);
  g_autofree char *text = NULL;

  _adept_settings_page_set_syncing (self, TRUE);
  /* Translators: the page number, then a number of devices. */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Page %u · %s device",
                                       "Page %u · %s devices", devices),
                          pages, count);
  _adept_settings_page_set_sync_text (self, text);
  gtk_progress_bar_set_text (self->sync_progress, NULL);
  gtk_progress_bar_pulse (self->sync_progress);
}

/* Forced and scheduled runs alike end here. */
static void
engine_finished (AdeptSettingsPage       *self,
                 const AdeptJournalEntry *run)
{
  g_autoptr(GError) error = NULL;

  _adept_settings_page_set_syncing (self, FALSE);
  _adept_settings_page_set_sync_text (self, NULL);
  _adept_settings_page_update_schedule (self);
  _adept_settings_page_update_journal (self);

  if (run == NULL || run->error_code == NULL)
    {
      _adept_settings_page_report_dep_error (self, NULL);
      return;
    }
  if (!failed (run))
    return;
  for (int code = 0; code < ADEPT_ERROR_N_CODES; code++)
    if (g_strcmp0 (adept_error_code_name (code), run->error_code) == 0)
      error = g_error_new_literal (ADEPT_ERROR, code, run->error_message
                                                      ? run->error_message
                                                      : adept_error_default_message (code));
  if (error == NULL)
    error = g_error_new_literal (ADEPT_ERROR, ADEPT_ERROR_FAILED,
                                 run->error_message ? run->error_message
                                                    : adept_error_default_message (ADEPT_ERROR_FAILED));
  _adept_settings_page_report_dep_error (self, error);
}

static void
sync_time_changed (AdeptSettingsPage *self)
{
  g_autofree char *setting = g_settings_get_string (self->settings, "sync-time");
  guint hour;
  guint minute;

  parse_sync_time (setting, &hour, &minute);
  if (self->scheduler != NULL)
    adept_sync_scheduler_set_time (self->scheduler, hour, minute);
  _adept_settings_page_update_schedule (self);
}

void
_adept_settings_page_sync_setup (AdeptSettingsPage *self)
{
  g_autoptr(GError) error = NULL;
  AdeptSyncEngine *engine;

  _adept_settings_page_sync_teardown (self);
  if (self->client == NULL)
    return;
  if (!ensure_store (self, &error)
      || !adept_store_ensure_server (self->store, server_id (self),
                                     ADEPT_STORE_KIND_LOCAL, &error))
    {
      _adept_settings_page_show_error (self, error);
      return;
    }

  engine = adept_sync_engine_new (self->store, self->client, server_id (self));
  self->engine = engine;
  adept_sync_engine_set_retry_timer (engine, TRUE);
  g_signal_connect_object (engine, "progress", G_CALLBACK (engine_progress), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (engine, "finished", G_CALLBACK (engine_finished), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (engine, "changed", G_CALLBACK (_adept_settings_page_devices_changed),
                           self, G_CONNECT_SWAPPED);

  self->scheduler = adept_sync_scheduler_new (engine);
  g_signal_connect_object (self->settings, "changed::sync-time",
                           G_CALLBACK (sync_time_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->scheduler, "notify::next-run",
                           G_CALLBACK (_adept_settings_page_update_schedule), self,
                           G_CONNECT_SWAPPED);
  sync_time_changed (self);
  adept_sync_scheduler_set_enabled (self->scheduler, TRUE);
  _adept_settings_page_update_journal (self);
  _adept_settings_page_update_actions (self);
  _adept_settings_page_devices_changed (self);
  if (self->sync_when_connected)
    {
      self->sync_when_connected = FALSE;
      _adept_settings_page_force_sync (self);
    }
}

void
_adept_settings_page_sync_teardown (AdeptSettingsPage *self)
{
  if (self->sync_cancellable != NULL)
    g_cancellable_cancel (self->sync_cancellable);
  if (self->scheduler != NULL)
    {
      adept_sync_scheduler_set_enabled (self->scheduler, FALSE);
      g_signal_handlers_disconnect_by_data (self->settings, self);
    }
  if (self->engine != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->engine, self);
      adept_sync_engine_cancel (self->engine);
    }
  g_clear_object (&self->scheduler);
  g_clear_object (&self->engine);
  if (self->state_stack != NULL && self->syncing)
    _adept_settings_page_set_syncing (self, FALSE);
}

static void
sync_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(AdeptSettingsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptJournalEntry) run = NULL;
  g_autofree char *added = NULL;
  g_autofree char *devices = NULL;
  g_autofree char *title = NULL;

  run = adept_sync_engine_sync_finish (ADEPT_SYNC_ENGINE (source), result, &error);
  if (self->sync_parent != NULL)
    g_cancellable_disconnect (self->sync_parent, self->sync_parent_handler);
  self->sync_parent_handler = 0;
  g_clear_object (&self->sync_parent);
  g_clear_object (&self->sync_cancellable);
  if (_adept_settings_page_is_disposed (self))
    return;
  _adept_settings_page_set_syncing (self, FALSE);
  _adept_settings_page_update_actions (self);
  if (run == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _adept_settings_page_toast (self, _("Sync cancelled. What it fetched is kept."));
      else
        _adept_settings_page_show_error (self, error);
      return;
    }

  added = adept_format_count (run->added);
  devices = adept_format_count (adept_store_count_devices (self->store, server_id (self), NULL));
  /* Translators: numbers of devices. */
  title = g_strdup_printf (_("Sync finished: %s devices, %s new."), devices, added);
  _adept_settings_page_toast (self, title);
}

void
_adept_settings_page_force_sync (AdeptSettingsPage *self)
{
  if (self->engine == NULL || self->syncing || self->state != ADEPT_LINK_STATE_LINKED)
    return;

  _adept_settings_page_clear_error (self);
  g_clear_object (&self->sync_cancellable);
  self->sync_cancellable = g_cancellable_new ();
  _adept_settings_page_set_syncing (self, TRUE);
  _adept_settings_page_set_sync_text (self, _("Asking Apple for changes…"));
  adept_sync_engine_sync_async (self->engine, ADEPT_SYNC_FLAGS_NONE, self->sync_cancellable,
                                sync_done, g_object_ref (self));
  /* Closing the window stops the run too. */
  g_set_object (&self->sync_parent, _adept_settings_page_get_cancellable (self));
  if (self->sync_parent != NULL)
    self->sync_parent_handler = g_cancellable_connect (self->sync_parent,
                                                       G_CALLBACK (g_cancellable_cancel),
                                                       g_object_ref (self->sync_cancellable),
                                                       g_object_unref);
}

void
_adept_settings_page_cancel_sync (AdeptSettingsPage *self)
{
  if (self->sync_cancellable != NULL)
    g_cancellable_cancel (self->sync_cancellable);
}

char *
_adept_settings_page_dup_local_summary (AdeptSettingsPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) profiles = NULL;
  g_autofree char *devices = NULL;
  g_autofree char *n_profiles = NULL;
  guint n_devices;

  if (!ensure_store (self, &error))
    return g_strdup (_("the devices and DEP profiles stored for this server"));
  n_devices = adept_store_count_devices (self->store, server_id (self), NULL);
  profiles = adept_store_list_profiles (self->store, server_id (self), NULL);
  devices = adept_format_count (n_devices);
  n_profiles = adept_format_count (profiles != NULL ? profiles->len : 0);
  /* Translators: numbers of devices and of profiles. */
  return g_strdup_printf (_("the %s devices and %s DEP profiles stored for this server"),
                          devices, n_profiles);
}

gboolean
_adept_settings_page_audit (AdeptSettingsPage  *self,
                            const char         *action,
                            const char         *detail,
                            GError            **error)
{
  if (!ensure_store (self, error))
    return FALSE;
  return adept_store_audit (self->store, server_id (self), action, detail, error);
}

int
_adept_settings_page_count_devices (AdeptSettingsPage *self)
{
  g_autoptr(GError) error = NULL;
  guint n;

  if (self->store == NULL)
    return -1;
  n = adept_store_count_devices (self->store, server_id (self), &error);
  if (error != NULL)
    return -1;
  return (int) MIN (n, (guint) G_MAXINT);
}

gboolean
_adept_settings_page_forget_local_data (AdeptSettingsPage  *self,
                                        GError            **error)
{
  _adept_settings_page_sync_teardown (self);
  if (!ensure_store (self, error))
    return FALSE;
  if (!adept_store_has_server (self->store, server_id (self)))
    return TRUE;
  return adept_store_delete_server (self->store, server_id (self), error);
}

AdeptStore *
adept_settings_page_get_store (AdeptSettingsPage  *self,
                               GError            **error)
{
  g_return_val_if_fail (ADEPT_IS_SETTINGS_PAGE (self), NULL);

  if (!ensure_store (self, error))
    return NULL;
  return self->store;
}
