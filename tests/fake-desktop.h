/* fake-desktop.h — test doubles of the desktop's D-Bus services, on the tests' private
 * session bus: systemd's user manager (CI has none) and GNOME Shell's notification server
 * (org.gtk.Notifications, the interface GNotification talks to when its owner is there)
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A user manager with adept-sync.timer installed: unit file state, enable/disable,
 * start/stop/restart, Reload (which reads Adept's drop-in for the time of day, as systemd
 * would), LoadUnit, and the Timer and Service properties Adept reads. Owns
 * org.freedesktop.systemd1 until freed. */
typedef struct _FakeSystemd FakeSystemd;

FakeSystemd *fake_systemd_new          (void);
void         fake_systemd_free         (FakeSystemd *self);
/* The calls received, as "Method" or "Method arg", oldest first. */
GPtrArray   *fake_systemd_get_calls    (FakeSystemd *self);
gboolean     fake_systemd_get_enabled  (FakeSystemd *self);
gboolean     fake_systemd_get_active   (FakeSystemd *self);
/* "HH:MM" the last Reload read from the drop-in, NULL for the unit's own. */
const char  *fake_systemd_get_time     (FakeSystemd *self);
/* How adept-sync.service ended last: Result, exit status, when (Unix seconds). */
void         fake_systemd_set_last_run (FakeSystemd *self,
                                        const char  *result,
                                        int          status,
                                        gint64       when);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FakeSystemd, fake_systemd_free)

/* org.gtk.Notifications: keeps what AddNotification brings (the application id, the
 * notification's id and its a{sv}) and what RemoveNotification takes away. */
typedef struct _FakeNotifications FakeNotifications;

typedef struct {
  char     *app_id;
  char     *id;
  GVariant *data;     /* a{sv}: "title", "body", "default-action", "default-action-target"… */
} FakeNotification;

FakeNotifications *fake_notifications_new   (void);
void               fake_notifications_free  (FakeNotifications *self);
/* Every notification added, oldest first (FakeNotification). */
GPtrArray         *fake_notifications_get   (FakeNotifications *self);
/* The notification's string field ("title", "body", "default-action"), or NULL. */
const char        *fake_notification_get_string (const FakeNotification *notification,
                                                 const char             *key);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FakeNotifications, fake_notifications_free)

G_END_DECLS
