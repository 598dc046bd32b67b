/* adept-window.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-window"

#include "config.h"

#include <glib/gi18n.h>

#include "adept-context.h"
#include "adept-direct-session.h"
#include "adept-devices-page-private.h"
#include "adept-settings-page-private.h"
#include "adept-ui-util.h"
#include "adept-window-private.h"

struct _AdeptWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkRevealer          *drop_revealer;
  GtkLabel             *drop_title;
  GtkLabel             *demo_label;
  AdwViewSwitcherTitle *switcher_title;
  AdeptServerSwitcher  *server_switcher;
  AdeptConditionBar    *condition_bar;
  AdwViewStack         *view_stack;
  AdeptDevicesPage     *devices_page;
  AdwBin               *organization_bin;
  AdwBin               *profiles_bin;
  AdwBin               *settings_bin;

  /* Built into their bins after the first frame, or when shown or asked for first
   * (ensure_pages); owned by the bins. */
  AdeptOrganizationPage *organization_page;
  AdeptProfilesPage    *profiles_page;
  AdeptSettingsPage    *settings_page;
  guint                 pages_source;

  /* Owned */
  AdeptSession         *session;
  AdeptSettings        *settings;
  GCancellable         *cancellable;
  GtkDropTarget        *drop_target;

  /* Weak */
  AdeptAddServerDialog *dialog;
  AdeptImportServerDialog *import_dialog;
  GtkWindow            *audit_window;   /* weak */
};

G_DEFINE_FINAL_TYPE (AdeptWindow, adept_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static AdeptApplication *
app_of (AdeptWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  return ADEPT_IS_APPLICATION (app) ? ADEPT_APPLICATION (app) : NULL;
}

/* The session */

static void
update_for_session (AdeptWindow *self)
{
  gboolean linked = self->session != NULL && adept_session_get_linked (self->session);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.force-sync", linked);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.renew-token", linked);
  /* A NanoDEP server's keys and token are NanoDEP's: nothing to export. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-server",
                                 linked && ADEPT_IS_DIRECT_SESSION (self->session));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.select-token", self->session != NULL);
  gtk_label_set_label (self->drop_title,
                       linked ? _("Drop the New Server Token to Renew It")
                              : _("Drop the Server Token to Link with Apple"));
}

/* An unlinked server leaves the switcher, unless it is the last (the link steps show). */
static void
on_linked_changed (AdeptWindow  *self,
                   GParamSpec   *pspec,
                   AdeptSession *session)
{
  AdeptApplication *app = app_of (self);

  update_for_session (self);
  if (!adept_session_get_linked (session) && app != NULL)
    adept_application_forget_server (app, session);
}

static void
account_refreshed (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(AdeptDepAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  /* The condition and DEP Information show the outcome. */
  account = adept_session_refresh_account_finish (ADEPT_SESSION (source), result, &error);
}

static void
on_notice (AdeptWindow  *self,
           const char   *message)
{
  AdwToast *toast = adept_ui_toast_new (message);

  adw_toast_set_timeout (toast, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
adept_window_set_session (AdeptWindow  *self,
                          AdeptSession *session)
{
  g_return_if_fail (ADEPT_IS_WINDOW (self));
  g_return_if_fail (session == NULL || ADEPT_IS_SESSION (session));

  if (self->session == session)
    return;
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  if (session != NULL)
    {
      g_signal_connect_object (session, "notify::linked", G_CALLBACK (on_linked_changed), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notice", G_CALLBACK (on_notice), self,
                               G_CONNECT_SWAPPED);
      /* The server shown when the window opens next. */
      g_object_set (self->settings, "last-server", adept_session_get_id (session), NULL);
      /* What Apple says of the server now: DEP Information, and the token's standing. */
      if (adept_session_get_state (session) == ADEPT_SESSION_STATE_READY)
        adept_session_refresh_account_async (session, self->cancellable, account_refreshed, NULL);
    }
  adept_condition_bar_set_session (self->condition_bar, session);
  update_for_session (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

AdeptSession *
adept_window_get_session (AdeptWindow *self)
{
  g_return_val_if_fail (ADEPT_IS_WINDOW (self), NULL);

  return self->session;
}

/* The last server shown, else the first linked one, else the first. */
static AdeptSession *
initial_session (AdeptWindow *self,
                 GListModel  *sessions)
{
  g_autofree char *last = NULL;
  guint n = g_list_model_get_n_items (sessions);

  g_object_get (self->settings, "last-server", &last, NULL);
  for (guint pass = 0; pass < 3; pass++)
    for (guint i = 0; i < n; i++)
      {
        g_autoptr(AdeptSession) session = g_list_model_get_item (sessions, i);

        if ((pass == 0 && g_strcmp0 (adept_session_get_id (session), last) == 0) ||
            (pass == 1 && adept_session_get_linked (session)) || pass == 2)
          return session;
      }
  return NULL;
}

/* A server gone from the list (unlinked): show another. */
static void
on_sessions_changed (AdeptWindow *self,
                     guint        position,
                     guint        removed,
                     guint        added,
                     GListModel  *sessions)
{
  for (guint i = 0; i < g_list_model_get_n_items (sessions); i++)
    {
      g_autoptr(AdeptSession) session = g_list_model_get_item (sessions, i);

      if (session == self->session)
        return;
    }
  adept_window_set_session (self, initial_session (self, sessions));
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
  if (file == NULL || self->session == NULL)
    return FALSE;

  adept_window_show_page (self, "settings");
  adept_settings_page_open_token (adept_window_get_settings_page (self), file);
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

/* The Devices page counts and shows what Apple Business knows while the API is connected. */
static void
on_org_changed (AdeptWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (!adept_devices_page_set_org_view (self->devices_page,
                                        adept_organization_page_get_view (self->organization_page),
                                        &error))
    g_debug ("Could not read the organisation's devices: %s", error->message);
}

/* The hidden pages: built after the first frame rather than in the template, each
 * (~10–50 million instructions to build and style) before it shows or is asked for. */

/* A page into its bin and its field (before it has a server, which may emit), on the
 * window's server from now on. */
static void
add_page (AdeptWindow *self,
          AdwBin      *bin,
          gpointer    *field,
          GtkWidget   *page)
{
  *field = page;
  adw_bin_set_child (bin, page);
  g_object_bind_property (self, "session", page, "session", G_BINDING_SYNC_CREATE);
}

static AdeptOrganizationPage *
ensure_organization_page (AdeptWindow *self)
{
  GtkWidget *page;

  if (self->organization_page != NULL || self->organization_bin == NULL)
    return self->organization_page;
  page = g_object_new (ADEPT_TYPE_ORGANIZATION_PAGE, NULL);
  /* After the Devices page: what it says of the organisation follows its server. */
  g_signal_connect_object (page, "org-changed", G_CALLBACK (on_org_changed), self, G_CONNECT_SWAPPED);
  add_page (self, self->organization_bin, (gpointer *) &self->organization_page, page);
  return self->organization_page;
}

static AdeptProfilesPage *
ensure_profiles_page (AdeptWindow *self)
{
  if (self->profiles_page == NULL && self->profiles_bin != NULL)
    add_page (self, self->profiles_bin, (gpointer *) &self->profiles_page,
              g_object_new (ADEPT_TYPE_PROFILES_PAGE, NULL));
  return self->profiles_page;
}

static AdeptSettingsPage *
ensure_settings_page (AdeptWindow *self)
{
  GtkWidget *page;

  if (self->settings_page != NULL || self->settings_bin == NULL)
    return self->settings_page;
  page = g_object_new (ADEPT_TYPE_SETTINGS_PAGE, NULL);
  if (app_of (self) != NULL)
    adept_settings_page_set_demo (ADEPT_SETTINGS_PAGE (page), adept_application_get_demo (app_of (self)));
  add_page (self, self->settings_bin, (gpointer *) &self->settings_page, page);
  return self->settings_page;
}

static void
ensure_pages (AdeptWindow *self)
{
  ensure_organization_page (self);
  ensure_profiles_page (self);
  ensure_settings_page (self);
}

static void
on_visible_page_changed (AdeptWindow *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->view_stack);

  if (g_strcmp0 (name, "organization") == 0)
    ensure_organization_page (self);
  else if (g_strcmp0 (name, "profiles") == 0)
    ensure_profiles_page (self);
  else if (g_strcmp0 (name, "settings") == 0)
    ensure_settings_page (self);
}

static gboolean
build_pages_cb (gpointer data)
{
  AdeptWindow *self = data;

  self->pages_source = 0;
  ensure_pages (self);
  adept_devices_page_get_panel (self->devices_page);
  return G_SOURCE_REMOVE;
}

/* The first frame's tick: the other pages once it is drawn, so they are there before
 * anyone looks (and the Devices page learns of the organisation, which the Organization
 * page reads). An idle added now runs after this frame's layout and paint. */
static gboolean
on_first_tick (GtkWidget     *widget,
               GdkFrameClock *clock,
               gpointer       user_data)
{
  AdeptWindow *self = ADEPT_WINDOW (widget);

  if (self->pages_source == 0)
    self->pages_source = g_idle_add (build_pages_cb, self);
  return G_SOURCE_REMOVE;
}

/* Actions */

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  adept_window_show_page (ADEPT_WINDOW (widget), g_variant_get_string (param, NULL));
}

/* The Organization page, on one of its filters (the status chart's "not yet on this
 * server"). */
static void
show_organization_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  AdeptWindow *self = ADEPT_WINDOW (widget);

  adept_organization_page_set_filter (adept_window_get_organization_page (self),
                                      g_variant_get_string (param, NULL));
  adept_window_show_page (self, "organization");
}

/* The main menu's Connect Apple Business API…: the Organization page's own dialog. */
static void
connect_business_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  AdeptWindow *self = ADEPT_WINDOW (widget);

  adept_window_show_page (self, "organization");
  gtk_widget_activate_action (GTK_WIDGET (adept_window_get_organization_page (self)),
                              "org.connect", NULL);
}

/* Force Sync, Renew and Select Token are the Settings page's, where their progress shows;
 * but on the Devices page Force Sync (F5, Ctrl+R) stays there. */
static void
settings_page_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  AdeptWindow *self = ADEPT_WINDOW (widget);
  const char *page_action = "dep.force-sync";

  if (self->session == NULL)
    return;
  /* F5 on the Devices page syncs in place; the page shows the progress (uxb). */
  if (g_str_equal (action_name, "win.force-sync") &&
      g_strcmp0 (adept_window_get_visible_page (self), "devices") == 0 &&
      gtk_widget_activate_action (GTK_WIDGET (self->devices_page), "devices.sync", NULL))
    return;
  if (!g_str_equal (action_name, "win.force-sync"))
    page_action = adept_session_get_linked (self->session) ? "dep.renew-token" : "dep.select-token";
  adept_window_show_page (self, "settings");
  gtk_widget_activate_action (GTK_WIDGET (adept_window_get_settings_page (self)), page_action, NULL);
}

static void
show_audit_log_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  AdeptWindow *self = ADEPT_WINDOW (widget);

  if (self->session == NULL)
    return;
  if (self->audit_window != NULL)
    gtk_window_destroy (self->audit_window);
  self->audit_window = GTK_WINDOW (adept_audit_window_new (GTK_WINDOW (self), self->session));
  g_object_add_weak_pointer (G_OBJECT (self->audit_window), (gpointer *) &self->audit_window);
  gtk_window_present (self->audit_window);
}

static void
show_folder_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  gtk_show_uri (GTK_WINDOW (widget), g_variant_get_string (param, NULL), GDK_CURRENT_TIME);
}

static void
toast_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  AdeptWindow *self = ADEPT_WINDOW (widget);
  const char *title, *button, *action;
  guint timeout;
  AdwToast *toast;

  g_variant_get (param, ADEPT_UI_TOAST_PARAM, &title, &timeout, &button, &action);
  toast = adept_ui_toast_new (title);
  adw_toast_set_timeout (toast, timeout);
  if (*button != '\0' && *action != '\0')
    {
      adw_toast_set_button_label (toast, button);
      adw_toast_set_detailed_action_name (toast, action);
    }
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* Add DEP Server… */

static void
on_server_added (AdeptWindow  *self,
                 AdeptSession *session)
{
  adept_window_set_session (self, session);
  /* A server joined through its NanoDEP server is linked already: its devices come next. */
  adept_window_show_page (self, adept_session_get_linked (session) ? "devices" : "settings");
}

static void
add_server_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  AdeptWindow *self = ADEPT_WINDOW (widget);
  AdeptAddServerDialog *dialog;

  if (app_of (self) == NULL || adept_application_get_sessions (app_of (self)) == NULL)
    return;
  if (self->dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->dialog));
      return;
    }
  dialog = adept_add_server_dialog_new (GTK_WINDOW (self), app_of (self));
  g_signal_connect_object (dialog, "server-added", G_CALLBACK (on_server_added), self,
                           G_CONNECT_SWAPPED);
  g_set_weak_pointer (&self->dialog, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Import Server… */

static void
on_server_imported (AdeptWindow  *self,
                    AdeptSession *session)
{
  g_autofree char *title = g_strdup_printf (_("Linked with “%s”"), adept_session_get_display_name (session));
  gboolean sync_after_link = FALSE;

  adept_window_set_session (self, session);
  adept_window_show_page (self, "devices");
  adept_ui_toast (GTK_WIDGET (self), title);
  /* As after a token upload: the devices come at once. */
  g_object_get (self->settings, "sync-after-link", &sync_after_link, NULL);
  if (sync_after_link)
    gtk_widget_activate_action (GTK_WIDGET (adept_window_get_settings_page (self)),
                                "dep.force-sync", NULL);
}

void
adept_window_present_import (AdeptWindow  *self,
                             AdeptSession *into)
{
  AdeptImportServerDialog *dialog;

  g_return_if_fail (ADEPT_IS_WINDOW (self));
  g_return_if_fail (into == NULL || ADEPT_IS_SESSION (into));

  if (app_of (self) == NULL || adept_application_get_sessions (app_of (self)) == NULL)
    return;
  if (self->import_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->import_dialog));
  dialog = adept_import_server_dialog_new (GTK_WINDOW (self), app_of (self), into);
  g_signal_connect_object (dialog, "server-imported", G_CALLBACK (on_server_imported), self,
                           G_CONNECT_SWAPPED);
  g_set_weak_pointer (&self->import_dialog, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
import_server_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  adept_window_present_import (ADEPT_WINDOW (widget), NULL);
}

static void
export_server_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  AdeptWindow *self = ADEPT_WINDOW (widget);

  adept_window_show_page (self, "settings");
  gtk_widget_activate_action (GTK_WIDGET (adept_window_get_settings_page (self)),
                              "dep.export-server", NULL);
}

/* Size and page are remembered between runs. */

static void
restore_state (AdeptWindow *self)
{
  g_autofree char *page = NULL;
  int width = 0, height = 0;
  gboolean maximized = FALSE;

  g_object_get (self->settings, "last-page", &page, "window-width", &width,
                "window-height", &height, "window-maximized", &maximized, NULL);
  gtk_window_set_default_size (GTK_WINDOW (self), width, height);
  if (maximized)
    gtk_window_maximize (GTK_WINDOW (self));
  adw_view_stack_set_visible_child_name (self->view_stack, page);
}

static void
save_state (AdeptWindow *self)
{
  int width = 0;
  int height = 0;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  adept_settings_delay (self->settings);
  if (!gtk_window_is_maximized (GTK_WINDOW (self)) && width > 0 && height > 0)
    g_object_set (self->settings, "window-width", width, "window-height", height, NULL);
  g_object_set (self->settings,
                "window-maximized", gtk_window_is_maximized (GTK_WINDOW (self)),
                "last-page", adept_window_get_visible_page (self),
                NULL);
  adept_settings_apply (self->settings);
}

static gboolean
adept_window_close_request (GtkWindow *window)
{
  AdeptWindow *self = ADEPT_WINDOW (window);

  g_cancellable_cancel (self->cancellable);
  save_state (self);
  return GTK_WINDOW_CLASS (adept_window_parent_class)->close_request (window);
}

/* "application" is not a construct property, so this runs once it is set. */
static void
setup_for_application (AdeptWindow *self)
{
  AdeptApplication *app = app_of (self);
  AdeptSessionList *sessions = adept_application_get_sessions (app);

  if (adept_application_get_demo_mode (app))
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Adept — Demo"));
      gtk_widget_set_visible (GTK_WIDGET (self->demo_label), TRUE);
      adw_view_switcher_title_set_subtitle (self->switcher_title, _("Demo"));
      gtk_widget_add_css_class (GTK_WIDGET (self), "demo");
    }
  restore_state (self);

  if (sessions == NULL)
    {
      const GError *error = adept_application_get_store_error (app);

      adept_ui_toast_full (GTK_WIDGET (self), error ? error->message : "", 0, NULL, NULL);
      return;
    }
  adept_server_switcher_set_sessions (self->server_switcher, G_LIST_MODEL (sessions));
  g_signal_connect_object (sessions, "items-changed", G_CALLBACK (on_sessions_changed), self,
                           G_CONNECT_SWAPPED);
  adept_window_set_session (self, initial_session (self, G_LIST_MODEL (sessions)));
}

static void
adept_window_dispose (GObject *object)
{
  AdeptWindow *self = ADEPT_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));
  g_clear_weak_pointer (&self->dialog);
  if (self->import_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->import_dialog));
  g_clear_weak_pointer (&self->import_dialog);
  if (self->audit_window != NULL)
    gtk_window_destroy (self->audit_window);
  g_clear_weak_pointer (&self->audit_window);
  g_clear_handle_id (&self->pages_source, g_source_remove);
  /* Its pages leave as the template goes: none is built then. */
  if (self->view_stack != NULL)
    g_signal_handlers_disconnect_by_data (self->view_stack, self);
  /* The bins own the pages; they go with the template. */
  self->organization_page = NULL;
  self->profiles_page = NULL;
  self->settings_page = NULL;
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
adept_window_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  AdeptWindow *self = ADEPT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SESSION: g_value_set_object (value, self->session); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
adept_window_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  AdeptWindow *self = ADEPT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SESSION: adept_window_set_session (self, g_value_get_object (value)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
adept_window_class_init (AdeptWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = adept_window_dispose;
  object_class->finalize = adept_window_finalize;
  object_class->get_property = adept_window_get_property;
  object_class->set_property = adept_window_set_property;
  GTK_WINDOW_CLASS (klass)->close_request = adept_window_close_request;

  /* The server the window shows; the pages follow it. */
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, ADEPT_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/adept-window.ui");
  gtk_widget_class_bind_template_child (widget_class, AdeptWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, AdeptWindow, drop_revealer);
  gtk_widget_class_bind_template_child (widget_class, AdeptWindow, drop_title);
  gtk_widget_class_bind_template_child (widget_class, AdeptWindow, demo_label);
  gtk_widget_class_bind_template_child (widget_class, AdeptWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, AdeptWindow, server_switcher);
  gtk_widget_class_bind_template_child (widget_class, AdeptWindow, condition_bar);
  gtk_widget_class_bind_template_child (widget_class, AdeptWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, AdeptWindow, devices_page);
  gtk_widget_class_bind_template_child (widget_class, AdeptWindow, organization_bin);
  gtk_widget_class_bind_template_child (widget_class, AdeptWindow, settings_bin);
  gtk_widget_class_bind_template_child (widget_class, AdeptWindow, profiles_bin);

  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
  gtk_widget_class_install_action (widget_class, "win.show-organization", "s", show_organization_action);
  gtk_widget_class_install_action (widget_class, "win.connect-business", NULL, connect_business_action);
  gtk_widget_class_install_action (widget_class, "win.force-sync", NULL, settings_page_action);
  gtk_widget_class_install_action (widget_class, "win.renew-token", NULL, settings_page_action);
  gtk_widget_class_install_action (widget_class, "win.select-token", NULL, settings_page_action);
  gtk_widget_class_install_action (widget_class, "win.add-server", NULL, add_server_action);
  gtk_widget_class_install_action (widget_class, "win.import-server", NULL, import_server_action);
  gtk_widget_class_install_action (widget_class, "win.export-server", NULL, export_server_action);
  gtk_widget_class_install_action (widget_class, "win.show-folder", "s", show_folder_action);
  gtk_widget_class_install_action (widget_class, "win.show-audit-log", NULL,
                                   show_audit_log_action);
  gtk_widget_class_install_action (widget_class, "win.toast", ADEPT_UI_TOAST_PARAM, toast_action);

  g_type_ensure (ADEPT_TYPE_CONDITION_BAR);
  g_type_ensure (ADEPT_TYPE_DEVICES_PAGE);
  g_type_ensure (ADEPT_TYPE_ORGANIZATION_PAGE);
  g_type_ensure (ADEPT_TYPE_SETTINGS_PAGE);
  g_type_ensure (ADEPT_TYPE_PROFILES_PAGE);
  g_type_ensure (ADEPT_TYPE_SERVER_SWITCHER);
}

static void
adept_window_init (AdeptWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->settings = g_object_ref (adept_settings_get_default ());
  setup_drop_target (self);

  /* The window's server is the switcher's and every page's. */
  g_object_bind_property (self, "session", self->server_switcher, "session",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_object_bind_property (self, "session", self->devices_page, "session", G_BINDING_SYNC_CREATE);
  /* The page shown is built before it shows (restore_state, a switcher, an action). */
  g_signal_connect_object (self->view_stack, "notify::visible-child",
                           G_CALLBACK (on_visible_page_changed), self, G_CONNECT_SWAPPED);
  gtk_widget_add_tick_callback (GTK_WIDGET (self), on_first_tick, NULL, NULL);
  update_for_session (self);
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

  return ensure_settings_page (self);
}

AdeptDevicesPage *
adept_window_get_devices_page (AdeptWindow *self)
{
  g_return_val_if_fail (ADEPT_IS_WINDOW (self), NULL);

  return self->devices_page;
}

AdeptOrganizationPage *
adept_window_get_organization_page (AdeptWindow *self)
{
  g_return_val_if_fail (ADEPT_IS_WINDOW (self), NULL);

  return ensure_organization_page (self);
}

AdeptProfilesPage *
adept_window_get_profiles_page (AdeptWindow *self)
{
  g_return_val_if_fail (ADEPT_IS_WINDOW (self), NULL);

  return ensure_profiles_page (self);
}

AdeptConditionBar *
adept_window_get_condition_bar (AdeptWindow *self)
{
  g_return_val_if_fail (ADEPT_IS_WINDOW (self), NULL);

  return self->condition_bar;
}

AdeptServerSwitcher *
adept_window_get_server_switcher (AdeptWindow *self)
{
  g_return_val_if_fail (ADEPT_IS_WINDOW (self), NULL);

  return self->server_switcher;
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

AdeptAuditWindow *
adept_window_get_audit_window (AdeptWindow *self)
{
  g_return_val_if_fail (ADEPT_IS_WINDOW (self), NULL);

  return self->audit_window ? ADEPT_AUDIT_WINDOW (self->audit_window) : NULL;
}

AdeptAddServerDialog *
adept_window_get_dialog (AdeptWindow *self)
{
  g_return_val_if_fail (ADEPT_IS_WINDOW (self), NULL);

  return self->dialog;
}

AdeptImportServerDialog *
adept_window_get_import_dialog (AdeptWindow *self)
{
  g_return_val_if_fail (ADEPT_IS_WINDOW (self), NULL);

  return self->import_dialog;
}
