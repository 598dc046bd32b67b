/* adept-application.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-application"

#include "config.h"

#include <glib/gi18n.h>

#include "adept-application.h"
#include "adept-context.h"
#include "adept-direct-session.h"
#include "adept-ui-util.h"
#include "adept-window-private.h"

/* The token's countdown crosses a day: alerts are looked for now and then too. */
#define ALERT_CHECK_INTERVAL_S (60 * 60)

struct _AdeptApplication
{
  AdwApplication    parent_instance;

  AdeptSettings    *settings;
  AdeptSessionList *sessions;
  GError           *store_error;
  AdeptDemo        *demo;
  gboolean          demo_mode;
  guint             demo_devices;
  guint             alert_source;
};

G_DEFINE_FINAL_TYPE (AdeptApplication, adept_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_DEMO_MODE,
  PROP_DEMO_DEVICES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
adept_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (adept_window_new (ADEPT_APPLICATION (app)));
  gtk_window_present (window);
}

static int
adept_application_handle_local_options (GApplication *app,
                                        GVariantDict *options)
{
  AdeptApplication *self = ADEPT_APPLICATION (app);

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
      return 0;
    }
  /* The demo is a separate instance with its own data and keyring namespace. */
  if (g_variant_dict_contains (options, "demo"))
    {
      self->demo_mode = TRUE;
      adept_context_set_namespace (ADEPT_NAMESPACE_DEMO);
      g_application_set_application_id (app, APP_ID ".Demo");
    }
  return -1;
}

static void
start_demo (AdeptApplication *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *state_file = NULL;
  guint n_devices = self->demo_devices;
  const char *data_dir;

  if (n_devices == 0)
    g_object_get (self->settings, "demo-devices", &n_devices, NULL);

  data_dir = adept_context_get_data_dir (&error);
  if (data_dir == NULL)
    {
      g_warning ("The demo has no data folder: %s", error->message);
      return;
    }
  state_file = g_build_filename (data_dir, "simulator.json", NULL);
  self->demo = adept_demo_new (n_devices, state_file);
  if (!adept_demo_start (self->demo, &error))
    {
      /* Without the simulator the demo has nothing to talk to; say so and go on, so
       * the window can still be looked at. */
      g_warning ("The demo simulator could not start: %s", error->message);
      g_clear_object (&self->demo);
      return;
    }
  {
    guint interval = 0;

    g_object_get (self->settings, "demo-activation-interval", &interval, NULL);
    adept_demo_set_activation_interval (self->demo, interval);
  }
  g_debug ("Demo simulator with %u devices at %s", n_devices,
           adept_demo_get_base_url (self->demo));
}

/* Sessions */

static void
connected (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* The condition and the Settings page show what went wrong. */
  if (!adept_session_connect_finish (ADEPT_SESSION (source), result, &error))
    g_debug ("Server %s not connected: %s", adept_session_get_id (ADEPT_SESSION (source)),
             error->message);
}

/* The demo's simulator does not keep the credentials it issued (its state file lives in
 * the demo's data folder, where no secret may be): they come back from the keyring
 * before the session's first call. */
static void
demo_token_loaded (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(AdeptSession) session = user_data;
  g_autoptr(AdeptServerToken) token = NULL;
  g_autoptr(GError) error = NULL;
  AdeptDemo *demo = g_object_get_data (G_OBJECT (session), "adept-demo");

  token = adept_server_load_token_finish (ADEPT_SERVER (source), result, &error);
  if (token != NULL && demo != NULL)
    adept_demo_adopt_token (demo, token);
  adept_session_connect_async (session, NULL, connected, NULL);
}

/* Desktop notifications: what each server's session says the admin should hear of, once
 * (the store remembers what any Adept program gave). A click runs app.show-server. */

static void
send_alerts (AdeptApplication *self,
             AdeptSession     *session)
{
  g_autoptr(GPtrArray) alerts = NULL;

  if (!g_application_get_is_registered (G_APPLICATION (self)) ||
      g_application_get_is_remote (G_APPLICATION (self)))
    return;
  alerts = adept_session_take_alerts (session);
  for (guint i = 0; i < alerts->len; i++)
    {
      g_autofree char *id = NULL;
      g_autoptr(GNotification) notification =
        adept_alert_new_notification (g_ptr_array_index (alerts, i), adept_session_get_id (session), &id);

      g_application_send_notification (G_APPLICATION (self), id, notification);
    }
}

static void
on_alert_reason (AdeptSession *session,
                 GParamSpec   *pspec,
                 gpointer      user_data)
{
  send_alerts (ADEPT_APPLICATION (user_data), session);
}

static gboolean
check_alerts (gpointer user_data)
{
  AdeptApplication *self = user_data;

  for (guint i = 0; self->sessions && i < g_list_model_get_n_items (G_LIST_MODEL (self->sessions)); i++)
    {
      g_autoptr(AdeptSession) session = g_list_model_get_item (G_LIST_MODEL (self->sessions), i);

      send_alerts (self, session);
    }
  return G_SOURCE_CONTINUE;
}

/* What a session needs to work in the console: the nightly schedule and its preferences,
 * the demo's simulator, a connection, its alerts. */
static void
set_up_session (AdeptApplication *self,
                AdeptSession     *session)
{
  static const char * const alert_reasons[] = {
    "notify::condition", "notify::token-expiry", "notify::last-sync",
  };

  for (guint i = 0; i < G_N_ELEMENTS (alert_reasons); i++)
    g_signal_connect_object (session, alert_reasons[i], G_CALLBACK (on_alert_reason), self, 0);
  send_alerts (self, session);
  g_object_bind_property (self->settings, "sync-time", session, "sync-time",
                          G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->settings, "token-warning-days", session, "token-warning-days",
                          G_BINDING_SYNC_CREATE);
  adept_session_set_auto_sync (session, TRUE);

  /* A NanoDEP server reaches Apple (or its stand-in) at the address it keeps itself. */
  if (self->demo != NULL && ADEPT_IS_DIRECT_SESSION (session))
    {
      /* The simulator listens on a new port each run. */
      adept_session_override_base_url (session, adept_demo_get_base_url (self->demo), NULL);
      if (adept_session_get_linked (session))
        {
          g_object_set_data_full (G_OBJECT (session), "adept-demo", g_object_ref (self->demo),
                                  g_object_unref);
          adept_server_load_token_async (adept_session_get_server (session), NULL,
                                         demo_token_loaded, g_object_ref (session));
          return;
        }
    }
  if (adept_session_get_linked (session))
    adept_session_connect_async (session, NULL, connected, NULL);
}

static void
load_sessions (AdeptApplication *self)
{
  g_clear_error (&self->store_error);
  self->sessions = adept_session_list_new (&self->store_error);
  if (self->sessions == NULL)
    {
      g_warning ("The local database could not be opened: %s", self->store_error->message);
      return;
    }
  /* A first start: one server to link, named as adeptctl names it. */
  if (g_list_model_get_n_items (G_LIST_MODEL (self->sessions)) == 0)
    adept_session_list_add (self->sessions, ADEPT_SERVER_DEFAULT, NULL, NULL);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->sessions)); i++)
    {
      g_autoptr(AdeptSession) session = g_list_model_get_item (G_LIST_MODEL (self->sessions), i);

      set_up_session (self, session);
    }
}

AdeptSession *
adept_application_add_server (AdeptApplication  *self,
                              const char        *server_id,
                              const char        *kind_name,
                              GError           **error)
{
  AdeptSession *session;

  g_return_val_if_fail (ADEPT_IS_APPLICATION (self), NULL);
  g_return_val_if_fail (self->sessions != NULL, NULL);

  session = adept_session_list_add (self->sessions, server_id, kind_name, error);
  if (session != NULL)
    set_up_session (self, session);
  return session;
}

void
adept_application_forget_server (AdeptApplication *self,
                                 AdeptSession     *session)
{
  g_return_if_fail (ADEPT_IS_APPLICATION (self));
  g_return_if_fail (ADEPT_IS_SESSION (session));

  if (self->sessions == NULL || adept_session_get_linked (session) ||
      g_list_model_get_n_items (G_LIST_MODEL (self->sessions)) <= 1)
    return;
  adept_session_list_remove (self->sessions, session);
}

static void
adept_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };
  static const char *devices_accels[] = { "<Alt>1", NULL };
  static const char *profiles_accels[] = { "<Alt>2", NULL };
  static const char *settings_accels[] = { "<Alt>3", "<Control>comma", NULL };
  static const char *sync_accels[] = { "<Control>r", "F5", NULL };
  static const char *token_accels[] = { "<Control>o", NULL };
  static const char *add_server_accels[] = { "<Control>n", NULL };
  static const char *help_accels[] = { "F1", NULL };
  AdeptApplication *self = ADEPT_APPLICATION (app);
  GtkApplication *gtk_app = GTK_APPLICATION (app);

  G_APPLICATION_CLASS (adept_application_parent_class)->startup (app);
  /* GTK has opened the display: programs started from here get the caller's flags. */
  adept_application_display_opened ();

  adept_ui_install_no_hyphens ();
  gtk_window_set_default_icon_name (APP_ID);
  gtk_application_set_accels_for_action (gtk_app, "app.quit", quit_accels);
  gtk_application_set_accels_for_action (gtk_app, "app.help", help_accels);
  gtk_application_set_accels_for_action (gtk_app, "window.close", close_accels);
  gtk_application_set_accels_for_action (gtk_app, "win.show-page::devices", devices_accels);
  gtk_application_set_accels_for_action (gtk_app, "win.show-page::profiles", profiles_accels);
  gtk_application_set_accels_for_action (gtk_app, "win.show-page::settings", settings_accels);
  gtk_application_set_accels_for_action (gtk_app, "win.force-sync", sync_accels);
  gtk_application_set_accels_for_action (gtk_app, "win.select-token", token_accels);
  gtk_application_set_accels_for_action (gtk_app, "win.add-server", add_server_accels);

  if (self->demo_mode)
    start_demo (self);
  load_sessions (self);
  self->alert_source = g_timeout_add_seconds (ALERT_CHECK_INTERVAL_S, check_alerts, self);
}

static void
adept_application_shutdown (GApplication *app)
{
  AdeptApplication *self = ADEPT_APPLICATION (app);

  if (self->demo != NULL)
    adept_demo_stop (self->demo);
  g_clear_handle_id (&self->alert_source, g_source_remove);
  /* The sessions stop their schedules and runs with the list. */
  g_clear_object (&self->sessions);
  G_APPLICATION_CLASS (adept_application_parent_class)->shutdown (app);
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *param,
                gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  GList *windows = gtk_application_get_windows (app);

  /* Closing the windows first lets each cancel its work and save its size. */
  while (windows != NULL)
    {
      GList *next = windows->next;

      gtk_window_close (GTK_WINDOW (windows->data));
      windows = next;
    }
  g_application_quit (G_APPLICATION (app));
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       user_data)
{
  static const char *developers[] = { "The Adept authors", NULL };
  GtkApplication *app = GTK_APPLICATION (user_data);
  GtkWindow *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (app),
                        "modal", TRUE,
                        "application-name", _("Adept"),
                        "application-icon", APP_ID,
                        "developer-name", _("The Adept authors"),
                        "version", PACKAGE_VERSION,
                        "website", "https://github.com/adept/adept",
                        "issue-url", "https://github.com/adept/adept/issues",
                        "comments", _("Link your MDM with Apple Business Manager, sync the devices "
                                      "Apple assigns to it, and follow each device’s DEP profile "
                                      "status."),
                        "copyright", "© 2026 The Adept authors",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (about);
}

static void
open_abm_activated (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);

  gtk_show_uri (gtk_application_get_active_window (app), ADEPT_ABM_URL, GDK_CURRENT_TIME);
}

/* The window to show something in: the active one, else a new one (D-Bus activation of
 * an action starts the console without a window). */
static AdeptWindow *
ensure_window (AdeptApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (!ADEPT_IS_WINDOW (window))
    window = GTK_WINDOW (adept_window_new (self));
  return ADEPT_WINDOW (window);
}

AdeptSession *
adept_application_find_session (AdeptApplication *self,
                                const char       *server_id)
{
  g_return_val_if_fail (ADEPT_IS_APPLICATION (self), NULL);

  for (guint i = 0; self->sessions && i < g_list_model_get_n_items (G_LIST_MODEL (self->sessions)); i++)
    {
      g_autoptr(AdeptSession) session = g_list_model_get_item (G_LIST_MODEL (self->sessions), i);

      if (g_strcmp0 (adept_session_get_id (session), server_id) == 0)
        return session;
    }
  return NULL;
}

/* A notification's click: the server's page ("settings", "devices", "profiles"), or
 * "renew" (Settings, then Renew Server Token). A server gone since shows the window. */
static void
show_server_activated (GSimpleAction *action,
                       GVariant      *param,
                       gpointer       user_data)
{
  AdeptApplication *self = ADEPT_APPLICATION (user_data);
  const char *server_id = NULL, *place = NULL;
  AdeptWindow *window = ensure_window (self);
  AdeptSession *session;

  g_variant_get (param, "(&s&s)", &server_id, &place);
  session = adept_application_find_session (self, server_id);
  if (session != NULL)
    adept_window_set_session (window, session);
  gtk_window_present (GTK_WINDOW (window));
  if (session == NULL)
    return;
  if (g_str_equal (place, "renew"))
    gtk_widget_activate_action (GTK_WIDGET (window), "win.renew-token", NULL);
  else
    adept_window_show_page (window, place);
}

/* The desktop file's "Start the Demo": the demo is a process of its own (its own data,
 * keyring namespace and application id), started from this program. */
static void
demo_activated (GSimpleAction *action,
                GVariant      *param,
                gpointer       user_data)
{
  AdeptApplication *self = ADEPT_APPLICATION (user_data);
  g_autoptr(GError) error = NULL;
  g_autofree char *program = NULL;

  if (self->demo_mode)
    {
      gtk_window_present (GTK_WINDOW (ensure_window (self)));
      return;
    }
  program = g_file_read_link ("/proc/self/exe", &error);
  if (program == NULL ||
      !g_spawn_async (NULL, (char *[]) { program, (char *) "--demo", NULL }, NULL,
                      G_SPAWN_DEFAULT, NULL, NULL, NULL, &error))
    g_warning ("The demo could not start: %s", error->message);
}

/* Help (F1): the seed's steps and cautions; one window, brought back when asked again. */
static void
help_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (app);
  g_autoptr(GtkBuilder) builder = NULL;
  GtkWindow *help;

  for (GList *l = gtk_application_get_windows (app); l != NULL; l = l->next)
    if (g_strcmp0 (gtk_widget_get_name (l->data), "adept-help") == 0)
      {
        gtk_window_present (l->data);
        return;
      }
  builder = gtk_builder_new_from_resource (RESOURCE_PREFIX "/ui/adept-help-window.ui");
  help = GTK_WINDOW (gtk_builder_get_object (builder, "help_window"));
  gtk_widget_set_name (GTK_WIDGET (help), "adept-help");
  gtk_window_set_transient_for (help, parent);
  gtk_window_set_application (help, app);
  gtk_window_present (help);
}

static const GActionEntry app_actions[] = {
  { .name = "help", .activate = help_activated },
  { .name = "quit", .activate = quit_activated },
  { .name = "about", .activate = about_activated },
  { .name = "open-abm", .activate = open_abm_activated },
  { .name = "show-server", .activate = show_server_activated, .parameter_type = "(ss)" },
  { .name = "demo", .activate = demo_activated },
};

static void
adept_application_finalize (GObject *object)
{
  AdeptApplication *self = ADEPT_APPLICATION (object);

  g_clear_object (&self->demo);
  g_clear_object (&self->sessions);
  g_clear_object (&self->settings);
  g_clear_error (&self->store_error);
  G_OBJECT_CLASS (adept_application_parent_class)->finalize (object);
}

static void
adept_application_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  AdeptApplication *self = ADEPT_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_DEMO_MODE:
      g_value_set_boolean (value, self->demo_mode);
      break;
    case PROP_DEMO_DEVICES:
      g_value_set_uint (value, self->demo_devices);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
adept_application_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  AdeptApplication *self = ADEPT_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_DEMO_MODE:
      self->demo_mode = g_value_get_boolean (value);
      break;
    case PROP_DEMO_DEVICES:
      self->demo_devices = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
adept_application_class_init (AdeptApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = adept_application_finalize;
  object_class->get_property = adept_application_get_property;
  object_class->set_property = adept_application_set_property;

  app_class->activate = adept_application_activate;
  app_class->startup = adept_application_startup;
  app_class->shutdown = adept_application_shutdown;
  app_class->handle_local_options = adept_application_handle_local_options;

  properties[PROP_DEMO_MODE] =
    g_param_spec_boolean ("demo-mode", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* 0 takes the number from GSettings. */
  properties[PROP_DEMO_DEVICES] =
    g_param_spec_uint ("demo-devices", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
adept_application_init (AdeptApplication *self)
{
  self->settings = adept_settings_new ();
  adept_settings_set_default (self->settings);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  g_application_add_main_option (G_APPLICATION (self), "demo", 0, G_OPTION_FLAG_NONE,
                                 G_OPTION_ARG_NONE,
                                 _("Run on a built-in simulator of Apple’s service, with sample devices"),
                                 NULL);
  g_application_add_main_option (G_APPLICATION (self), "version", 0, G_OPTION_FLAG_NONE,
                                 G_OPTION_ARG_NONE, _("Show the version and quit"), NULL);
}

/* GDK_DEBUG as it was before adept_application_prepare_display(), while changed. */
static char *saved_gdk_debug;
static gboolean gdk_debug_changed;
/* GTK_THEME set by prepare_display() until GTK's settings exist. */
static gboolean gtk_theme_set;

static void
unset_gtk_theme (void)
{
  if (!gtk_theme_set)
    return;
  g_unsetenv ("GTK_THEME");
  gtk_theme_set = FALSE;
}

/* The display is open and GTK's settings not made yet: made now, with the empty theme
 * libadwaita would switch to. GTK_THEME goes before libadwaita looks at it (adw_init()),
 * so it still sets its own stylesheet and the settings' theme name as it always does. */
static void
on_default_display (GdkDisplayManager *manager,
                    GParamSpec        *pspec,
                    gpointer           user_data)
{
  GdkDisplay *display = gdk_display_manager_get_default_display (manager);

  if (display == NULL)
    return;
  g_signal_handlers_disconnect_by_func (manager, on_default_display, user_data);
  gtk_settings_get_for_display (display);
  unset_gtk_theme ();
}

/* GTK makes its settings with its default theme (GTK_THEME, else the theme name the
 * desktop gives) and libadwaita then replaces that theme with an empty one
 * ("Adwaita-empty", libadwaita's own stylesheet doing the work): parsing GTK's 140 KB
 * theme first was ~80 million instructions of every start, for nothing on screen. Naming
 * the empty theme while the settings are made spares it; what shows is the same, since
 * libadwaita would choose it anyway. A GTK_THEME of the admin's own is left alone. */
static void
prepare_theme (void)
{
  const char *theme = g_getenv ("GTK_THEME");

  if (gtk_theme_set || (theme != NULL && *theme != '\0'))
    return;
  g_setenv ("GTK_THEME", "Adwaita-empty", TRUE);
  gtk_theme_set = TRUE;
  g_signal_connect_after (gdk_display_manager_get (), "notify::default-display",
                          G_CALLBACK (on_default_display), NULL);
}

void
adept_application_prepare_display (void)
{
  const char *renderer = g_getenv ("GSK_RENDERER");
  const char *debug = g_getenv ("GDK_DEBUG");
  g_autofree char *flags = NULL;

  prepare_theme ();
  if (g_strcmp0 (renderer, "cairo") != 0 || gdk_debug_changed)
    return;
  saved_gdk_debug = g_strdup (debug);
  gdk_debug_changed = TRUE;
  flags = debug != NULL && *debug != '\0' ? g_strconcat (debug, ",gl-disable", NULL)
                                          : g_strdup ("gl-disable");
  g_setenv ("GDK_DEBUG", flags, TRUE);
}

void
adept_application_display_opened (void)
{
  /* No display was opened (the handler never ran): the environment as it was. */
  if (gtk_theme_set)
    {
      g_signal_handlers_disconnect_by_func (gdk_display_manager_get (), on_default_display, NULL);
      unset_gtk_theme ();
    }
  if (!gdk_debug_changed)
    return;
  if (saved_gdk_debug != NULL)
    g_setenv ("GDK_DEBUG", saved_gdk_debug, TRUE);
  else
    g_unsetenv ("GDK_DEBUG");
  g_clear_pointer (&saved_gdk_debug, g_free);
  gdk_debug_changed = FALSE;
}

AdeptApplication *
adept_application_new (void)
{
  return g_object_new (ADEPT_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", RESOURCE_PREFIX,
                       NULL);
}

AdeptApplication *
adept_application_new_for_test (const char *application_id,
                                gboolean    demo,
                                guint       demo_devices)
{
  return g_object_new (ADEPT_TYPE_APPLICATION,
                       "application-id", application_id,
                       "flags", G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", RESOURCE_PREFIX,
                       "demo-mode", demo,
                       "demo-devices", demo_devices,
                       NULL);
}

gboolean
adept_application_get_demo_mode (AdeptApplication *self)
{
  g_return_val_if_fail (ADEPT_IS_APPLICATION (self), FALSE);

  return self->demo_mode;
}

AdeptDemo *
adept_application_get_demo (AdeptApplication *self)
{
  g_return_val_if_fail (ADEPT_IS_APPLICATION (self), NULL);

  return self->demo;
}

const char *
adept_application_get_dep_base_url (AdeptApplication *self)
{
  g_return_val_if_fail (ADEPT_IS_APPLICATION (self), NULL);

  return self->demo != NULL ? adept_demo_get_base_url (self->demo) : NULL;
}

AdeptSettings *
adept_application_get_settings (AdeptApplication *self)
{
  g_return_val_if_fail (ADEPT_IS_APPLICATION (self), NULL);

  return self->settings;
}

AdeptSessionList *
adept_application_get_sessions (AdeptApplication *self)
{
  g_return_val_if_fail (ADEPT_IS_APPLICATION (self), NULL);

  return self->sessions;
}

const GError *
adept_application_get_store_error (AdeptApplication *self)
{
  g_return_val_if_fail (ADEPT_IS_APPLICATION (self), NULL);

  return self->store_error;
}
