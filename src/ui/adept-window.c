/* adept-window.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-window"

#include "config.h"

#include <glib/gi18n.h>

#include "adept-ui-util.h"
#include "adept-window.h"

struct _AdeptWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkRevealer          *drop_revealer;
  GtkLabel             *drop_title;
  GtkLabel             *demo_label;
  AdwViewSwitcherTitle *switcher_title;
  AdeptConditionBar    *condition_bar;
  AdwViewStack         *view_stack;
  AdeptDevicesPage     *devices_page;
  AdeptProfilesPage    *profiles_page;
  AdeptSettingsPage    *settings_page;

  /* Owned */
  GCancellable         *cancellable;
  GtkDropTarget        *drop_target;
  GSettings            *settings;
};

G_DEFINE_FINAL_TYPE (AdeptWindow, adept_window, ADW_TYPE_APPLICATION_WINDOW)

static void
update_condition (AdeptWindow *self)
{
  adept_condition_bar_set_condition (self->condition_bar,
                                     adept_settings_page_get_condition (self->settings_page),
                                     adept_settings_page_get_token_expiry (self->settings_page),
                                     adept_settings_page_get_condition_detail (self->settings_page));
}

static void
on_linked_changed (AdeptWindow *self)
{
  gboolean linked = adept_settings_page_get_linked (self->settings_page);

  adept_devices_page_set_linked (self->devices_page, linked);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.force-sync", linked);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.renew-token", linked);
  gtk_label_set_label (self->drop_title,
                       linked ? _("Drop the New Server Token to Renew It")
                              : _("Drop the Server Token to Link with Apple"));
}

/* The pages that work on the linked server get its client and store from the Settings
 * page, which owns the link; without a client they show that nothing is linked. */
static void
on_client_changed (AdeptWindow *self)
{
  AdeptDepClient *client = adept_settings_page_get_client (self->settings_page);
  g_autoptr(GError) error = NULL;
  AdeptStore *store = NULL;

  if (client != NULL)
    {
      store = adept_settings_page_get_store (self->settings_page, &error);
      if (store == NULL)
        adept_window_add_toast (self, adw_toast_new (error->message));
    }
  if (store == NULL)
    client = NULL;
  adept_profiles_page_set_server (self->profiles_page, store,
                                  adept_settings_page_get_server_id (self->settings_page),
                                  client);
  adept_devices_page_set_client (self->devices_page, client);
}

/* After a sync the store knows Apple's state: the counts on the pages follow. */
static void
on_device_count_changed (AdeptWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (!adept_devices_page_reload (self->devices_page, &error))
    adept_window_add_toast (self, adw_toast_new (error->message));
  adept_profiles_page_reload (self->profiles_page);
}

/* Assigning or removing profiles changes Apple's state, which reaches the store with a sync. */
static void
on_sync_requested (AdeptWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self->settings_page), "dep.force-sync", NULL);
}

/* Drag and drop: the whole window accepts a token file. */

static GdkDragAction
on_drop_enter (AdeptWindow   *self,
               double         x,
               double         y,
               GtkDropTarget *target)
{
  gtk_revealer_set_reveal_child (self->drop_revealer, TRUE);
  return GDK_ACTION_COPY;
}

static void
on_drop_leave (AdeptWindow   *self,
               GtkDropTarget *target)
{
  gtk_revealer_set_reveal_child (self->drop_revealer, FALSE);
}

static gboolean
on_drop (AdeptWindow   *self,
         const GValue  *value,
         double         x,
         double         y,
         GtkDropTarget *target)
{
  g_autoptr(GFile) file = adept_file_from_drop_value (value);

  gtk_revealer_set_reveal_child (self->drop_revealer, FALSE);
  if (file == NULL)
    return FALSE;

  adept_window_show_page (self, "settings");
  adept_settings_page_open_token (self->settings_page, file);
  return TRUE;
}

static void
setup_drop_target (AdeptWindow *self)
{
  GType types[] = { GDK_TYPE_FILE_LIST, G_TYPE_FILE };

  self->drop_target = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (self->drop_target, types, G_N_ELEMENTS (types));
  g_signal_connect_object (self->drop_target, "enter", G_CALLBACK (on_drop_enter), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->drop_target, "leave", G_CALLBACK (on_drop_leave), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->drop_target, "drop", G_CALLBACK (on_drop), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self),
                             GTK_EVENT_CONTROLLER (g_object_ref (self->drop_target)));
}

/* Actions */

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  adept_window_show_page (ADEPT_WINDOW (widget), g_variant_get_string (param, NULL));
}

static void
force_sync_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  AdeptWindow *self = ADEPT_WINDOW (widget);

  adept_window_show_page (self, "settings");
  gtk_widget_activate_action (GTK_WIDGET (self->settings_page), "dep.force-sync", NULL);
}

static void
select_token_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  AdeptWindow *self = ADEPT_WINDOW (widget);
  gboolean linked = adept_settings_page_get_linked (self->settings_page);

  adept_window_show_page (self, "settings");
  gtk_widget_activate_action (GTK_WIDGET (self->settings_page),
                              linked ? "dep.renew-token" : "dep.select-token", NULL);
}

static void
show_folder_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  gtk_show_uri (GTK_WINDOW (widget), g_variant_get_string (param, NULL), GDK_CURRENT_TIME);
}

/* Size and page are remembered between runs. */

static void
restore_state (AdeptWindow *self)
{
  g_autofree char *page = g_settings_get_string (self->settings, "last-page");

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
  adw_view_stack_set_visible_child_name (self->view_stack, page);
}

static void
save_state (AdeptWindow *self)
{
  int width = 0;
  int height = 0;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_delay (self->settings);
  if (!gtk_window_is_maximized (GTK_WINDOW (self)) && width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  g_settings_set_string (self->settings, "last-page", adept_window_get_visible_page (self));
  g_settings_apply (self->settings);
}

static gboolean
adept_window_close_request (GtkWindow *window)
{
  AdeptWindow *self = ADEPT_WINDOW (window);

  g_cancellable_cancel (self->cancellable);
  save_state (self);
  return GTK_WINDOW_CLASS (adept_window_parent_class)->close_request (window);
}

/* The Devices page lists what the store holds at once, before the keyring is read: the
 * client it needs to talk to Apple follows (notify::client). */
static void
open_store (AdeptWindow *self)
{
  g_autoptr(GError) error = NULL;
  AdeptStore *store = adept_settings_page_get_store (self->settings_page, &error);

  if (store == NULL ||
      !adept_devices_page_set_store (self->devices_page, store,
                                     adept_settings_page_get_server_id (self->settings_page),
                                     &error))
    adept_window_add_toast (self, adw_toast_new (error->message));
}

/* "application" is not a construct property, so this runs once it is set. */
static void
setup_for_application (AdeptWindow *self)
{
  AdeptApplication *app = ADEPT_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));

  if (adept_application_get_demo_mode (app))
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Adept — Demo"));
      gtk_widget_set_visible (GTK_WIDGET (self->demo_label), TRUE);
      adw_view_switcher_title_set_subtitle (self->switcher_title, _("Demo"));
      gtk_widget_add_css_class (GTK_WIDGET (self), "demo");
    }
  adept_settings_page_set_application (self->settings_page, app);
  open_store (self);
  restore_state (self);
}

static void
adept_window_dispose (GObject *object)
{
  AdeptWindow *self = ADEPT_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), ADEPT_TYPE_WINDOW);
  G_OBJECT_CLASS (adept_window_parent_class)->dispose (object);
}

static void
adept_window_finalize (GObject *object)
{
  AdeptWindow *self = ADEPT_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->drop_target);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (adept_window_parent_class)->finalize (object);
}

static void
adept_window_class_init (AdeptWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = adept_window_dispose;
  object_class->finalize = adept_window_finalize;
  GTK_WINDOW_CLASS (klass)->close_request = adept_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/adept-window.ui");
  gtk_widget_class_bind_template_child (widget_class, AdeptWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, AdeptWindow, drop_revealer);
  gtk_widget_class_bind_template_child (widget_class, AdeptWindow, drop_title);
  gtk_widget_class_bind_template_child (widget_class, AdeptWindow, demo_label);
  gtk_widget_class_bind_template_child (widget_class, AdeptWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, AdeptWindow, condition_bar);
  gtk_widget_class_bind_template_child (widget_class, AdeptWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, AdeptWindow, devices_page);
  gtk_widget_class_bind_template_child (widget_class, AdeptWindow, settings_page);
  gtk_widget_class_bind_template_child (widget_class, AdeptWindow, profiles_page);

  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
  gtk_widget_class_install_action (widget_class, "win.force-sync", NULL, force_sync_action);
  gtk_widget_class_install_action (widget_class, "win.renew-token", NULL, select_token_action);
  gtk_widget_class_install_action (widget_class, "win.select-token", NULL, select_token_action);
  gtk_widget_class_install_action (widget_class, "win.show-folder", "s", show_folder_action);

  g_type_ensure (ADEPT_TYPE_CONDITION_BAR);
  g_type_ensure (ADEPT_TYPE_DEVICES_PAGE);
  g_type_ensure (ADEPT_TYPE_SETTINGS_PAGE);
  g_type_ensure (ADEPT_TYPE_PROFILES_PAGE);
}

static void
adept_window_init (AdeptWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->settings = g_settings_new (APP_ID);
  setup_drop_target (self);

  g_signal_connect_object (self->settings_page, "notify::linked",
                           G_CALLBACK (on_linked_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings_page, "notify::device-count",
                           G_CALLBACK (on_device_count_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings_page, "notify::client",
                           G_CALLBACK (on_client_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->profiles_page, "sync-requested",
                           G_CALLBACK (on_sync_requested), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->devices_page, "sync-requested",
                           G_CALLBACK (on_sync_requested), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings_page, "notify::condition",
                           G_CALLBACK (update_condition), self, G_CONNECT_SWAPPED);
  on_linked_changed (self);
  update_condition (self);
}

AdeptWindow *
adept_window_new (AdeptApplication *application)
{
  AdeptWindow *self;

  g_return_val_if_fail (ADEPT_IS_APPLICATION (application), NULL);

  self = g_object_new (ADEPT_TYPE_WINDOW, "application", application, NULL);
  setup_for_application (self);
  return self;
}

GCancellable *
adept_window_get_cancellable (AdeptWindow *self)
{
  g_return_val_if_fail (ADEPT_IS_WINDOW (self), NULL);

  return self->cancellable;
}

void
adept_window_add_toast (AdeptWindow *self,
                        AdwToast    *toast)
{
  g_return_if_fail (ADEPT_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
adept_window_show_page (AdeptWindow *self,
                        const char  *name)
{
  g_return_if_fail (ADEPT_IS_WINDOW (self));

  if (adw_view_stack_get_child_by_name (self->view_stack, name) != NULL)
    adw_view_stack_set_visible_child_name (self->view_stack, name);
}

AdeptSettingsPage *
adept_window_get_settings_page (AdeptWindow *self)
{
  g_return_val_if_fail (ADEPT_IS_WINDOW (self), NULL);

  return self->settings_page;
}

AdeptDevicesPage *
adept_window_get_devices_page (AdeptWindow *self)
{
  g_return_val_if_fail (ADEPT_IS_WINDOW (self), NULL);

  return self->devices_page;
}

AdeptProfilesPage *
adept_window_get_profiles_page (AdeptWindow *self)
{
  g_return_val_if_fail (ADEPT_IS_WINDOW (self), NULL);

  return self->profiles_page;
}

AdeptConditionBar *
adept_window_get_condition_bar (AdeptWindow *self)
{
  g_return_val_if_fail (ADEPT_IS_WINDOW (self), NULL);

  return self->condition_bar;
}

GtkDropTarget *
adept_window_get_drop_target (AdeptWindow *self)
{
  g_return_val_if_fail (ADEPT_IS_WINDOW (self), NULL);

  return self->drop_target;
}

gboolean
adept_window_get_drop_zone_visible (AdeptWindow *self)
{
  g_return_val_if_fail (ADEPT_IS_WINDOW (self), FALSE);

  /* Fully shown: the fade-in is over. */
  return gtk_revealer_get_reveal_child (self->drop_revealer)
         && gtk_revealer_get_child_revealed (self->drop_revealer);
}

const char *
adept_window_get_visible_page (AdeptWindow *self)
{
  g_return_val_if_fail (ADEPT_IS_WINDOW (self), NULL);

  return adw_view_stack_get_visible_child_name (self->view_stack);
}
