/* adept-sync-timer.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-sync-timer"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "adept-error.h"
#include "adept-sync-timer.h"

#define SYSTEMD_NAME      "org.freedesktop.systemd1"
#define SYSTEMD_PATH      "/org/freedesktop/systemd1"
#define MANAGER_IFACE     "org.freedesktop.systemd1.Manager"
#define TIMER_IFACE       "org.freedesktop.systemd1.Timer"
#define SERVICE_IFACE     "org.freedesktop.systemd1.Service"
#define CALL_TIMEOUT_MS   10000
#define DROP_IN_NAME      "adept-time.conf"
/* adeptctl's exit status when the console (or another adeptctl) was busy with a server:
 * the unit counts it a success (SuccessExitStatus=8), and so does Adept. */
#define EXIT_SYNC_BUSY    8

struct _AdeptSyncTimer
{
  GObject          parent_instance;

  GDBusConnection *bus;
};

G_DEFINE_FINAL_TYPE (AdeptSyncTimer, adept_sync_timer, G_TYPE_OBJECT)

void
adept_sync_timer_state_free (AdeptSyncTimerState *state)
{
  if (state == NULL)
    return;
  g_free (state->unavailable);
  g_free (state->time);
  g_free (state->last_result);
  g_free (state);
}

static void
adept_sync_timer_finalize (GObject *object)
{
  g_clear_object (&ADEPT_SYNC_TIMER (object)->bus);
  G_OBJECT_CLASS (adept_sync_timer_parent_class)->finalize (object);
}

static void
adept_sync_timer_class_init (AdeptSyncTimerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = adept_sync_timer_finalize;
}

static void
adept_sync_timer_init (AdeptSyncTimer *self)
{
}

AdeptSyncTimer *
adept_sync_timer_new (GDBusConnection *bus)
{
  AdeptSyncTimer *self = g_object_new (ADEPT_TYPE_SYNC_TIMER, NULL);

  g_return_val_if_fail (bus == NULL || G_IS_DBUS_CONNECTION (bus), NULL);

  if (bus != NULL)
    self->bus = g_object_ref (bus);
  return self;
}

char *
adept_sync_timer_dup_drop_in_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "systemd", "user",
                           ADEPT_SYNC_TIMER_UNIT ".d", DROP_IN_NAME, NULL);
}

/* The drop-in: Adept's time of day, NULL when there is none (or it is not Adept's). */
static char *
read_drop_in_time (void)
{
  g_autofree char *path = adept_sync_timer_dup_drop_in_path ();
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return NULL;
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      unsigned h, m;

      if (sscanf (lines[i], "OnCalendar=*-*-* %2u:%2u", &h, &m) == 2 && h < 24 && m < 60)
        return g_strdup_printf ("%02u:%02u", h, m);
    }
  return NULL;
}

static gboolean
parse_time (const char *time,
            unsigned   *h,
            unsigned   *m)
{
  char end = 0;

  return time != NULL && sscanf (time, "%2u:%2u%c", h, m, &end) == 2 && *h < 24 && *m < 60;
}

static gboolean
write_drop_in (const char  *time,
               GError     **error)
{
  g_autofree char *path = adept_sync_timer_dup_drop_in_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *contents = NULL;
  unsigned h = 0, m = 0;

  if (!parse_time (time, &h, &m))
    {
      g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_FAILED,
                   _("“%s” is not a time of day. Use hours and minutes, such as 02:00."), time);
      return FALSE;
    }
  contents = g_strdup_printf ("# Written by Adept: the time of the nightly sync (Settings → DEP Setup).\n"
                              "[Timer]\n"
                              "OnCalendar=\n"
                              "OnCalendar=*-*-* %02u:%02u:00\n", h, m);
  if (g_mkdir_with_parents (dir, 0700) != 0 ||
      !g_file_set_contents (path, contents, -1, NULL))
    {
      g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_FILE,
                   _("The time of the nightly sync could not be saved in “%s”. Check that you "
                     "may write to that folder."), path);
      return FALSE;
    }
  return TRUE;
}

static void
remove_drop_in (void)
{
  g_autofree char *path = adept_sync_timer_dup_drop_in_path ();
  g_autofree char *dir = g_path_get_dirname (path);

  g_remove (path);
  g_rmdir (dir);   /* only when empty: another drop-in of the admin's stays */
}

/* D-Bus */

static GVariant *
call (GDBusConnection     *bus,
      const char          *path,
      const char          *iface,
      const char          *method,
      GVariant            *params,
      const GVariantType  *reply_type,
      GCancellable        *cancellable,
      GError             **error)
{
  return g_dbus_connection_call_sync (bus, SYSTEMD_NAME, path, iface, method, params, reply_type,
                                      G_DBUS_CALL_FLAGS_NO_AUTO_START, CALL_TIMEOUT_MS,
                                      cancellable, error);
}

static GVariant *
manager_call (GDBusConnection     *bus,
              const char          *method,
              GVariant            *params,
              const GVariantType  *reply_type,
              GCancellable        *cancellable,
              GError             **error)
{
  return call (bus, SYSTEMD_PATH, MANAGER_IFACE, method, params, reply_type, cancellable, error);
}

static GVariant *
unit_property (GDBusConnection  *bus,
               const char       *unit_path,
               const char       *iface,
               const char       *name,
               GCancellable     *cancellable)
{
  g_autoptr(GVariant) reply = NULL;
  GVariant *value = NULL;

  reply = call (bus, unit_path, "org.freedesktop.DBus.Properties", "Get",
                g_variant_new ("(ss)", iface, name), G_VARIANT_TYPE ("(v)"), cancellable, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(v)", &value);
  return value;
}

static char *
load_unit (GDBusConnection  *bus,
           const char       *unit,
           GCancellable     *cancellable,
           GError          **error)
{
  g_autoptr(GVariant) reply = manager_call (bus, "LoadUnit", g_variant_new ("(s)", unit),
                                            G_VARIANT_TYPE ("(o)"), cancellable, error);
  char *path = NULL;

  if (reply != NULL)
    g_variant_get (reply, "(o)", &path);
  return path;
}

static gint64
usec_property (GDBusConnection *bus,
               const char      *path,
               const char      *iface,
               const char      *name,
               GCancellable    *cancellable)
{
  g_autoptr(GVariant) value = unit_property (bus, path, iface, name, cancellable);

  if (value == NULL || !g_variant_is_of_type (value, G_VARIANT_TYPE_UINT64))
    return 0;
  return (gint64) (g_variant_get_uint64 (value) / G_USEC_PER_SEC);
}

/* No user manager on the bus: a sentence the Settings page shows as it is. */
static gboolean
is_no_systemd (const GError *error)
{
  g_autofree char *remote = g_dbus_error_get_remote_error (error);

  return g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN) ||
         g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER) ||
         g_strcmp0 (remote, "org.freedesktop.DBus.Error.ServiceUnknown") == 0 ||
         g_strcmp0 (remote, "org.freedesktop.DBus.Error.NameHasNoOwner") == 0;
}

static AdeptSyncTimerState *
read_state (GDBusConnection  *bus,
            GCancellable     *cancellable,
            GError          **error)
{
  g_autoptr(AdeptSyncTimerState) state = g_new0 (AdeptSyncTimerState, 1);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) result = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *timer_path = NULL;
  g_autofree char *service_path = NULL;
  const char *file_state = NULL;

  state->time = read_drop_in_time ();
  if (bus == NULL)
    {
      state->unavailable = g_strdup (_("This session has no D-Bus session bus, so Adept cannot "
                                       "reach systemd."));
      return g_steal_pointer (&state);
    }
  reply = manager_call (bus, "GetUnitFileState", g_variant_new ("(s)", ADEPT_SYNC_TIMER_UNIT),
                        G_VARIANT_TYPE ("(s)"), cancellable, &local_error);
  if (reply == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      g_debug ("GetUnitFileState: %s", local_error->message);
      state->unavailable = g_strdup (is_no_systemd (local_error)
                                     ? _("This computer runs no systemd user manager, so the "
                                         "nightly sync runs only while Adept is open.")
                                     : _("systemd does not know Adept’s timer (adept-sync.timer): "
                                         "install Adept with its systemd units to sync while "
                                         "Adept is closed."));
      return g_steal_pointer (&state);
    }
  state->available = TRUE;
  g_variant_get (reply, "(&s)", &file_state);
  state->enabled = g_str_equal (file_state, "enabled") || g_str_equal (file_state, "enabled-runtime");

  timer_path = load_unit (bus, ADEPT_SYNC_TIMER_UNIT, cancellable, NULL);
  if (timer_path != NULL)
    state->next_run = state->enabled ? usec_property (bus, timer_path, TIMER_IFACE,
                                                      "NextElapseUSecRealtime", cancellable) : 0;
  service_path = load_unit (bus, ADEPT_SYNC_SERVICE_UNIT, cancellable, NULL);
  if (service_path != NULL)
    {
      g_autoptr(GVariant) status = unit_property (bus, service_path, SERVICE_IFACE,
                                                  "ExecMainStatus", cancellable);

      state->last_run = usec_property (bus, service_path, SERVICE_IFACE,
                                       "ExecMainExitTimestamp", cancellable);
      result = unit_property (bus, service_path, SERVICE_IFACE, "Result", cancellable);
      if (result != NULL && g_variant_is_of_type (result, G_VARIANT_TYPE_STRING))
        state->last_result = g_variant_dup_string (result, NULL);
      if (status != NULL && g_variant_is_of_type (status, G_VARIANT_TYPE_INT32))
        state->last_status = g_variant_get_int32 (status);
      state->last_ok = g_strcmp0 (state->last_result, "success") == 0 ||
                       state->last_status == EXIT_SYNC_BUSY;
    }
  return g_steal_pointer (&state);
}

static gboolean
apply (GDBusConnection  *bus,
       gboolean          enabled,
       const char       *time,
       GCancellable     *cancellable,
       GError          **error)
{
  g_autoptr(GVariant) reply = NULL;
  const char *units[] = { ADEPT_SYNC_TIMER_UNIT, NULL };

  if (enabled)
    {
      if (!write_drop_in (time, error))
        return FALSE;
      if ((reply = manager_call (bus, "Reload", NULL, NULL, cancellable, error)) == NULL)
        return FALSE;
      g_clear_pointer (&reply, g_variant_unref);
      if ((reply = manager_call (bus, "EnableUnitFiles",
                                 g_variant_new ("(^asbb)", units, FALSE, TRUE), NULL,
                                 cancellable, error)) == NULL)
        return FALSE;
      g_clear_pointer (&reply, g_variant_unref);
      if ((reply = manager_call (bus, "Reload", NULL, NULL, cancellable, error)) == NULL)
        return FALSE;
      g_clear_pointer (&reply, g_variant_unref);
      /* Restart: a running timer takes the new time of day. */
      reply = manager_call (bus, "RestartUnit", g_variant_new ("(ss)", ADEPT_SYNC_TIMER_UNIT, "replace"),
                            NULL, cancellable, error);
      return reply != NULL;
    }

  if ((reply = manager_call (bus, "StopUnit", g_variant_new ("(ss)", ADEPT_SYNC_TIMER_UNIT, "replace"),
                             NULL, cancellable, error)) == NULL)
    return FALSE;
  g_clear_pointer (&reply, g_variant_unref);
  if ((reply = manager_call (bus, "DisableUnitFiles", g_variant_new ("(^asb)", units, FALSE), NULL,
                             cancellable, error)) == NULL)
    return FALSE;
  g_clear_pointer (&reply, g_variant_unref);
  remove_drop_in ();
  reply = manager_call (bus, "Reload", NULL, NULL, cancellable, error);
  return reply != NULL;
}

/* The calls are few and short: a worker thread with blocking calls keeps them in order. */

typedef struct {
  gboolean  set;
  gboolean  enabled;
  char     *time;
} Request;

static void
request_free (Request *request)
{
  g_free (request->time);
  g_free (request);
}

static void
run_in_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  AdeptSyncTimer *self = source;
  Request *request = task_data;
  g_autoptr(GDBusConnection) bus = self->bus ? g_object_ref (self->bus) : NULL;
  g_autoptr(GError) error = NULL;
  AdeptSyncTimerState *state;

  if (bus == NULL)
    bus = g_bus_get_sync (G_BUS_TYPE_SESSION, cancellable, NULL);
  if (request->set)
    {
      if (bus == NULL)
        {
          g_task_return_new_error (task, ADEPT_ERROR, ADEPT_ERROR_FAILED, "%s",
                                   _("This session has no D-Bus session bus, so Adept cannot "
                                     "reach systemd."));
          return;
        }
      if (!apply (bus, request->enabled, request->time, cancellable, &error))
        {
          if (error->domain != ADEPT_ERROR && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              g_autoptr(GError) sentence = NULL;

              g_debug ("systemd refused: %s", error->message);
              g_dbus_error_strip_remote_error (error);
              sentence = g_error_new (ADEPT_ERROR, ADEPT_ERROR_FAILED,
                                      is_no_systemd (error)
                                      ? _("This computer runs no systemd user manager, so the nightly sync runs only while Adept is open.")
                                      : _("systemd did not change Adept’s timer: %s"),
                                      error->message);
              g_task_return_error (task, g_steal_pointer (&sentence));
              return;
            }
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }
  state = read_state (bus, cancellable, &error);
  if (state == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, state, (GDestroyNotify) adept_sync_timer_state_free);
}

static void
start (AdeptSyncTimer      *self,
       Request             *request,
       gpointer             source_tag,
       GCancellable        *cancellable,
       GAsyncReadyCallback  callback,
       gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);
  g_task_run_in_thread (task, run_in_thread);
}

void
adept_sync_timer_read_async (AdeptSyncTimer      *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (ADEPT_IS_SYNC_TIMER (self));

  start (self, g_new0 (Request, 1), adept_sync_timer_read_async, cancellable, callback, user_data);
}

AdeptSyncTimerState *
adept_sync_timer_read_finish (AdeptSyncTimer  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
adept_sync_timer_set_async (AdeptSyncTimer      *self,
                            gboolean             enabled,
                            const char          *time,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  Request *request;

  g_return_if_fail (ADEPT_IS_SYNC_TIMER (self));

  request = g_new0 (Request, 1);
  request->set = TRUE;
  request->enabled = enabled;
  request->time = g_strdup (time ? time : "02:00");
  start (self, request, adept_sync_timer_set_async, cancellable, callback, user_data);
}

AdeptSyncTimerState *
adept_sync_timer_set_finish (AdeptSyncTimer  *self,
                             GAsyncResult    *result,
                             GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
