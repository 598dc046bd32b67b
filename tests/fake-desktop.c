/* fake-desktop.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "adept-sync-timer.h"
#include "fake-desktop.h"

/* Waits for a name on the private bus, iterating the default context. */
static void
own_name (GDBusConnection *bus,
          const char      *name)
{
  g_autoptr(GVariant) reply = NULL;
  guint32 result = 0;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "RequestName",
                                       g_variant_new ("(su)", name, 0x4 /* DO_NOT_QUEUE */),
                                       G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL,
                                       NULL);
  g_assert_nonnull (reply);
  g_variant_get (reply, "(u)", &result);
  g_assert_cmpuint (result, ==, 1 /* PRIMARY_OWNER */);
}

static void
release_name (GDBusConnection *bus,
              const char      *name)
{
  g_autoptr(GVariant) reply =
    g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                 "org.freedesktop.DBus", "ReleaseName", g_variant_new ("(s)", name),
                                 NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
}

/* ---- systemd ---- */

#define TIMER_PATH   "/org/freedesktop/systemd1/unit/adept_2dsync_2etimer"
#define SERVICE_PATH "/org/freedesktop/systemd1/unit/adept_2dsync_2eservice"

static const char systemd_xml[] =
  "<node>"
  " <interface name='org.freedesktop.systemd1.Manager'>"
  "  <method name='GetUnitFileState'><arg type='s' direction='in'/><arg type='s' direction='out'/></method>"
  "  <method name='EnableUnitFiles'><arg type='as' direction='in'/><arg type='b' direction='in'/>"
  "   <arg type='b' direction='in'/><arg type='b' direction='out'/><arg type='a(sss)' direction='out'/></method>"
  "  <method name='DisableUnitFiles'><arg type='as' direction='in'/><arg type='b' direction='in'/>"
  "   <arg type='a(sss)' direction='out'/></method>"
  "  <method name='StartUnit'><arg type='s' direction='in'/><arg type='s' direction='in'/><arg type='o' direction='out'/></method>"
  "  <method name='StopUnit'><arg type='s' direction='in'/><arg type='s' direction='in'/><arg type='o' direction='out'/></method>"
  "  <method name='RestartUnit'><arg type='s' direction='in'/><arg type='s' direction='in'/><arg type='o' direction='out'/></method>"
  "  <method name='Reload'/>"
  "  <method name='LoadUnit'><arg type='s' direction='in'/><arg type='o' direction='out'/></method>"
  " </interface>"
  "</node>";

static const char unit_xml[] =
  "<node>"
  " <interface name='org.freedesktop.systemd1.Timer'>"
  "  <property name='NextElapseUSecRealtime' type='t' access='read'/>"
  "  <property name='LastTriggerUSec' type='t' access='read'/>"
  " </interface>"
  " <interface name='org.freedesktop.systemd1.Service'>"
  "  <property name='Result' type='s' access='read'/>"
  "  <property name='ExecMainStatus' type='i' access='read'/>"
  "  <property name='ExecMainExitTimestamp' type='t' access='read'/>"
  " </interface>"
  "</node>";

struct _FakeSystemd
{
  GDBusConnection *bus;
  GDBusNodeInfo   *manager_info;
  GDBusNodeInfo   *unit_info;
  guint            ids[3];
  GPtrArray       *calls;
  gboolean         enabled;
  gboolean         active;
  char            *time;
  char            *last_result;
  int              last_status;
  gint64           last_run;
};

static gboolean
is_our_unit (const char *unit)
{
  return g_str_equal (unit, ADEPT_SYNC_TIMER_UNIT) || g_str_equal (unit, ADEPT_SYNC_SERVICE_UNIT);
}

/* Reload reads the drop-in the way systemd would, for the time of day. */
static void
reload (FakeSystemd *self)
{
  g_autofree char *path = adept_sync_timer_dup_drop_in_path ();
  g_autofree char *contents = NULL;

  g_clear_pointer (&self->time, g_free);
  if (g_file_get_contents (path, &contents, NULL, NULL))
    {
      const char *line = strstr (contents, "OnCalendar=*-*-* ");
      unsigned h, m;

      if (line != NULL && sscanf (line, "OnCalendar=*-*-* %2u:%2u", &h, &m) == 2)
        self->time = g_strdup_printf ("%02u:%02u", h, m);
    }
}

static guint64
next_elapse (FakeSystemd *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) today = NULL;
  g_autoptr(GDateTime) next = NULL;
  unsigned h = 2, m = 0;

  if (!self->active)
    return 0;
  if (self->time != NULL)
    sscanf (self->time, "%2u:%2u", &h, &m);
  today = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                 g_date_time_get_day_of_month (now), h, m, 0);
  next = g_date_time_compare (today, now) > 0 ? g_date_time_ref (today) : g_date_time_add_days (today, 1);
  return (guint64) g_date_time_to_unix (next) * G_USEC_PER_SEC;
}

static void
manager_method (GDBusConnection       *bus,
                const char            *sender,
                const char            *path,
                const char            *iface,
                const char            *method,
                GVariant              *params,
                GDBusMethodInvocation *invocation,
                gpointer               user_data)
{
  FakeSystemd *self = user_data;
  g_autofree char *args = g_variant_print (params, FALSE);

  g_ptr_array_add (self->calls, g_strdup_printf ("%s %s", method, args));
  if (g_str_equal (method, "GetUnitFileState") || g_str_equal (method, "LoadUnit"))
    {
      const char *unit = NULL;

      g_variant_get (params, "(&s)", &unit);
      if (!is_our_unit (unit))
        {
          g_dbus_method_invocation_return_dbus_error (invocation, "org.freedesktop.systemd1.NoSuchUnit",
                                                      "No such unit");
          return;
        }
      if (g_str_equal (method, "LoadUnit"))
        g_dbus_method_invocation_return_value (invocation, g_variant_new ("(o)",
          g_str_equal (unit, ADEPT_SYNC_TIMER_UNIT) ? TIMER_PATH : SERVICE_PATH));
      else
        g_dbus_method_invocation_return_value (invocation, g_variant_new ("(s)",
          self->enabled ? "enabled" : "disabled"));
      return;
    }
  if (g_str_equal (method, "EnableUnitFiles") || g_str_equal (method, "DisableUnitFiles"))
    {
      g_autoptr(GVariant) files = g_variant_get_child_value (params, 0);
      g_autofree const char **names = g_variant_get_strv (files, NULL);
      GVariantBuilder changes;

      g_variant_builder_init (&changes, G_VARIANT_TYPE ("a(sss)"));
      for (guint i = 0; names[i] != NULL; i++)
        if (g_str_equal (names[i], ADEPT_SYNC_TIMER_UNIT))
          {
            self->enabled = g_str_equal (method, "EnableUnitFiles");
            g_variant_builder_add (&changes, "(sss)", self->enabled ? "symlink" : "unlink",
                                   "/fake/timers.target.wants/" ADEPT_SYNC_TIMER_UNIT, "");
          }
      if (g_str_equal (method, "EnableUnitFiles"))
        g_dbus_method_invocation_return_value (invocation,
                                               g_variant_new ("(ba(sss))", TRUE, &changes));
      else
        g_dbus_method_invocation_return_value (invocation, g_variant_new ("(a(sss))", &changes));
      return;
    }
  if (g_str_equal (method, "StartUnit") || g_str_equal (method, "StopUnit") ||
      g_str_equal (method, "RestartUnit"))
    {
      const char *unit = NULL, *mode = NULL;

      g_variant_get (params, "(&s&s)", &unit, &mode);
      if (g_str_equal (unit, ADEPT_SYNC_TIMER_UNIT))
        self->active = !g_str_equal (method, "StopUnit");
      g_dbus_method_invocation_return_value (invocation,
                                             g_variant_new ("(o)", "/org/freedesktop/systemd1/job/1"));
      return;
    }
  if (g_str_equal (method, "Reload"))
    reload (self);
  g_dbus_method_invocation_return_value (invocation, NULL);
}

static GVariant *
unit_get_property (GDBusConnection  *bus,
                   const char       *sender,
                   const char       *path,
                   const char       *iface,
                   const char       *name,
                   GError          **error,
                   gpointer          user_data)
{
  FakeSystemd *self = user_data;

  if (g_str_equal (name, "NextElapseUSecRealtime"))
    return g_variant_new_uint64 (next_elapse (self));
  if (g_str_equal (name, "LastTriggerUSec"))
    return g_variant_new_uint64 ((guint64) self->last_run * G_USEC_PER_SEC);
  if (g_str_equal (name, "Result"))
    return g_variant_new_string (self->last_result ? self->last_result : "success");
  if (g_str_equal (name, "ExecMainStatus"))
    return g_variant_new_int32 (self->last_status);
  if (g_str_equal (name, "ExecMainExitTimestamp"))
    return g_variant_new_uint64 ((guint64) self->last_run * G_USEC_PER_SEC);
  g_set_error (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_PROPERTY, "No property %s", name);
  return NULL;
}

FakeSystemd *
fake_systemd_new (void)
{
  static const GDBusInterfaceVTable manager_vtable = { manager_method, NULL, NULL };
  static const GDBusInterfaceVTable unit_vtable = { NULL, unit_get_property, NULL };
  FakeSystemd *self = g_new0 (FakeSystemd, 1);
  g_autoptr(GError) error = NULL;

  self->bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  self->calls = g_ptr_array_new_with_free_func (g_free);
  self->manager_info = g_dbus_node_info_new_for_xml (systemd_xml, &error);
  g_assert_no_error (error);
  self->unit_info = g_dbus_node_info_new_for_xml (unit_xml, &error);
  g_assert_no_error (error);
  self->ids[0] = g_dbus_connection_register_object (self->bus, "/org/freedesktop/systemd1",
                                                    self->manager_info->interfaces[0],
                                                    &manager_vtable, self, NULL, &error);
  g_assert_no_error (error);
  self->ids[1] = g_dbus_connection_register_object (self->bus, TIMER_PATH,
                                                    self->unit_info->interfaces[0],
                                                    &unit_vtable, self, NULL, &error);
  g_assert_no_error (error);
  self->ids[2] = g_dbus_connection_register_object (self->bus, SERVICE_PATH,
                                                    self->unit_info->interfaces[1],
                                                    &unit_vtable, self, NULL, &error);
  g_assert_no_error (error);
  own_name (self->bus, "org.freedesktop.systemd1");
  return self;
}

void
fake_systemd_free (FakeSystemd *self)
{
  if (self == NULL)
    return;
  release_name (self->bus, "org.freedesktop.systemd1");
  for (guint i = 0; i < G_N_ELEMENTS (self->ids); i++)
    g_dbus_connection_unregister_object (self->bus, self->ids[i]);
  g_dbus_node_info_unref (self->manager_info);
  g_dbus_node_info_unref (self->unit_info);
  g_ptr_array_unref (self->calls);
  g_free (self->time);
  g_free (self->last_result);
  g_object_unref (self->bus);
  g_free (self);
}

GPtrArray *
fake_systemd_get_calls (FakeSystemd *self)
{
  return self->calls;
}

gboolean
fake_systemd_get_enabled (FakeSystemd *self)
{
  return self->enabled;
}

gboolean
fake_systemd_get_active (FakeSystemd *self)
{
  return self->active;
}

const char *
fake_systemd_get_time (FakeSystemd *self)
{
  return self->time;
}

void
fake_systemd_set_last_run (FakeSystemd *self,
                           const char  *result,
                           int          status,
                           gint64       when)
{
  g_free (self->last_result);
  self->last_result = g_strdup (result);
  self->last_status = status;
  self->last_run = when;
}

/* ---- org.gtk.Notifications ---- */

static const char notifications_xml[] =
  "<node>"
  " <interface name='org.gtk.Notifications'>"
  "  <method name='AddNotification'><arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "   <arg type='a{sv}' direction='in'/></method>"
  "  <method name='RemoveNotification'><arg type='s' direction='in'/><arg type='s' direction='in'/></method>"
  " </interface>"
  "</node>";

struct _FakeNotifications
{
  GDBusConnection *bus;
  GDBusNodeInfo   *info;
  guint            id;
  GPtrArray       *added;
};

static void
notification_free (FakeNotification *n)
{
  g_free (n->app_id);
  g_free (n->id);
  g_variant_unref (n->data);
  g_free (n);
}

static void
notifications_method (GDBusConnection       *bus,
                      const char            *sender,
                      const char            *path,
                      const char            *iface,
                      const char            *method,
                      GVariant              *params,
                      GDBusMethodInvocation *invocation,
                      gpointer               user_data)
{
  FakeNotifications *self = user_data;

  if (g_str_equal (method, "AddNotification"))
    {
      FakeNotification *n = g_new0 (FakeNotification, 1);

      g_variant_get (params, "(ss@a{sv})", &n->app_id, &n->id, &n->data);
      g_ptr_array_add (self->added, n);
    }
  g_dbus_method_invocation_return_value (invocation, NULL);
}

FakeNotifications *
fake_notifications_new (void)
{
  static const GDBusInterfaceVTable vtable = { notifications_method, NULL, NULL };
  FakeNotifications *self = g_new0 (FakeNotifications, 1);
  g_autoptr(GError) error = NULL;

  self->bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  self->added = g_ptr_array_new_with_free_func ((GDestroyNotify) notification_free);
  self->info = g_dbus_node_info_new_for_xml (notifications_xml, &error);
  g_assert_no_error (error);
  self->id = g_dbus_connection_register_object (self->bus, "/org/gtk/Notifications",
                                                self->info->interfaces[0], &vtable, self, NULL,
                                                &error);
  g_assert_no_error (error);
  own_name (self->bus, "org.gtk.Notifications");
  return self;
}

void
fake_notifications_free (FakeNotifications *self)
{
  if (self == NULL)
    return;
  release_name (self->bus, "org.gtk.Notifications");
  g_dbus_connection_unregister_object (self->bus, self->id);
  g_dbus_node_info_unref (self->info);
  g_ptr_array_unref (self->added);
  g_object_unref (self->bus);
  g_free (self);
}

GPtrArray *
fake_notifications_get (FakeNotifications *self)
{
  return self->added;
}

const char *
fake_notification_get_string (const FakeNotification *notification,
                              const char             *key)
{
  const char *value = NULL;

  if (!g_variant_lookup (notification->data, key, "&s", &value))
    return NULL;
  return value;
}
