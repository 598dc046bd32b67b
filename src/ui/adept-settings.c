/* adept-settings.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-settings"

#include "config.h"

#include "adept-settings.h"

struct _AdeptSettings
{
  GObject    parent_instance;

  GSettings *settings;

  int        window_width;
  int        window_height;
  gboolean   window_maximized;
  char      *last_page;
  char      *last_server;
  GStrv      device_columns;
  GVariant  *device_column_widths;
  char      *device_panel_section;
  GVariant  *saved_device_filters;
  gboolean   sync_after_link;
  char      *sync_time;
  guint      sync_journal_rows;
  guint      token_warning_days;
  guint      demo_devices;
  guint      demo_activation_interval;
};

G_DEFINE_FINAL_TYPE (AdeptSettings, adept_settings, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_WINDOW_WIDTH,
  PROP_WINDOW_HEIGHT,
  PROP_WINDOW_MAXIMIZED,
  PROP_LAST_PAGE,
  PROP_LAST_SERVER,
  PROP_DEVICE_COLUMNS,
  PROP_DEVICE_COLUMN_WIDTHS,
  PROP_DEVICE_PANEL_SECTION,
  PROP_SAVED_DEVICE_FILTERS,
  PROP_SYNC_AFTER_LINK,
  PROP_SYNC_TIME,
  PROP_SYNC_JOURNAL_ROWS,
  PROP_TOKEN_WARNING_DAYS,
  PROP_DEMO_DEVICES,
  PROP_DEMO_ACTIVATION_INTERVAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];
static AdeptSettings *default_settings;

static void
set_string (char       **field,
            const GValue *value)
{
  g_free (*field);
  *field = g_value_dup_string (value);
}

static void
adept_settings_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  AdeptSettings *self = ADEPT_SETTINGS (object);

  switch (prop_id)
    {
    case PROP_WINDOW_WIDTH: self->window_width = g_value_get_int (value); break;
    case PROP_WINDOW_HEIGHT: self->window_height = g_value_get_int (value); break;
    case PROP_WINDOW_MAXIMIZED: self->window_maximized = g_value_get_boolean (value); break;
    case PROP_LAST_PAGE: set_string (&self->last_page, value); break;
    case PROP_LAST_SERVER: set_string (&self->last_server, value); break;
    case PROP_DEVICE_COLUMNS:
      g_strfreev (self->device_columns);
      self->device_columns = g_value_dup_boxed (value);
      break;
    case PROP_DEVICE_COLUMN_WIDTHS:
      g_clear_pointer (&self->device_column_widths, g_variant_unref);
      self->device_column_widths = g_value_dup_variant (value);
      break;
    case PROP_DEVICE_PANEL_SECTION: set_string (&self->device_panel_section, value); break;
    case PROP_SAVED_DEVICE_FILTERS:
      g_clear_pointer (&self->saved_device_filters, g_variant_unref);
      self->saved_device_filters = g_value_dup_variant (value);
      break;
    case PROP_SYNC_AFTER_LINK: self->sync_after_link = g_value_get_boolean (value); break;
    case PROP_SYNC_TIME: set_string (&self->sync_time, value); break;
    case PROP_SYNC_JOURNAL_ROWS: self->sync_journal_rows = g_value_get_uint (value); break;
    case PROP_TOKEN_WARNING_DAYS: self->token_warning_days = g_value_get_uint (value); break;
    case PROP_DEMO_DEVICES: self->demo_devices = g_value_get_uint (value); break;
    case PROP_DEMO_ACTIVATION_INTERVAL: self->demo_activation_interval = g_value_get_uint (value); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }
  g_object_notify_by_pspec (object, pspec);
}

static void
adept_settings_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  AdeptSettings *self = ADEPT_SETTINGS (object);

  switch (prop_id)
    {
    case PROP_WINDOW_WIDTH: g_value_set_int (value, self->window_width); break;
    case PROP_WINDOW_HEIGHT: g_value_set_int (value, self->window_height); break;
    case PROP_WINDOW_MAXIMIZED: g_value_set_boolean (value, self->window_maximized); break;
    case PROP_LAST_PAGE: g_value_set_string (value, self->last_page); break;
    case PROP_LAST_SERVER: g_value_set_string (value, self->last_server); break;
    case PROP_DEVICE_COLUMNS: g_value_set_boxed (value, self->device_columns); break;
    case PROP_DEVICE_COLUMN_WIDTHS: g_value_set_variant (value, self->device_column_widths); break;
    case PROP_DEVICE_PANEL_SECTION: g_value_set_string (value, self->device_panel_section); break;
    case PROP_SAVED_DEVICE_FILTERS: g_value_set_variant (value, self->saved_device_filters); break;
    case PROP_SYNC_AFTER_LINK: g_value_set_boolean (value, self->sync_after_link); break;
    case PROP_SYNC_TIME: g_value_set_string (value, self->sync_time); break;
    case PROP_SYNC_JOURNAL_ROWS: g_value_set_uint (value, self->sync_journal_rows); break;
    case PROP_TOKEN_WARNING_DAYS: g_value_set_uint (value, self->token_warning_days); break;
    case PROP_DEMO_DEVICES: g_value_set_uint (value, self->demo_devices); break;
    case PROP_DEMO_ACTIVATION_INTERVAL: g_value_set_uint (value, self->demo_activation_interval); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static gboolean
variant_get_mapping (GValue   *value,
                     GVariant *variant,
                     gpointer  user_data)
{
  g_value_set_variant (value, variant);
  return TRUE;
}

static GVariant *
variant_set_mapping (const GValue       *value,
                     const GVariantType *expected_type,
                     gpointer            user_data)
{
  GVariant *variant = g_value_get_variant (value);

  return variant != NULL ? g_variant_ref (variant) : NULL;
}

static void
adept_settings_constructed (GObject *object)
{
  AdeptSettings *self = ADEPT_SETTINGS (object);

  G_OBJECT_CLASS (adept_settings_parent_class)->constructed (object);

  for (guint i = 1; i < N_PROPS; i++)
    {
      const char *name = g_param_spec_get_name (properties[i]);

      /* GLib 2.74 binds no GVariant property by itself; the value is the key's, as is. */
      if (G_PARAM_SPEC_VALUE_TYPE (properties[i]) == G_TYPE_VARIANT)
        g_settings_bind_with_mapping (self->settings, name, self, name, G_SETTINGS_BIND_DEFAULT,
                                      variant_get_mapping, variant_set_mapping, NULL, NULL);
      else
        g_settings_bind (self->settings, name, self, name, G_SETTINGS_BIND_DEFAULT);
    }
}

static void
adept_settings_finalize (GObject *object)
{
  AdeptSettings *self = ADEPT_SETTINGS (object);

  g_clear_object (&self->settings);
  g_free (self->last_page);
  g_free (self->last_server);
  g_strfreev (self->device_columns);
  g_clear_pointer (&self->device_column_widths, g_variant_unref);
  g_free (self->device_panel_section);
  g_clear_pointer (&self->saved_device_filters, g_variant_unref);
  g_free (self->sync_time);
  if (default_settings == self)
    default_settings = NULL;
  G_OBJECT_CLASS (adept_settings_parent_class)->finalize (object);
}

static void
adept_settings_class_init (AdeptSettingsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS;

  object_class->constructed = adept_settings_constructed;
  object_class->finalize = adept_settings_finalize;
  object_class->get_property = adept_settings_get_property;
  object_class->set_property = adept_settings_set_property;

  properties[PROP_WINDOW_WIDTH] = g_param_spec_int ("window-width", NULL, NULL, 0, G_MAXINT, 1100, flags);
  properties[PROP_WINDOW_HEIGHT] = g_param_spec_int ("window-height", NULL, NULL, 0, G_MAXINT, 760, flags);
  properties[PROP_WINDOW_MAXIMIZED] = g_param_spec_boolean ("window-maximized", NULL, NULL, FALSE, flags);
  properties[PROP_LAST_PAGE] = g_param_spec_string ("last-page", NULL, NULL, "devices", flags);
  properties[PROP_LAST_SERVER] = g_param_spec_string ("last-server", NULL, NULL, "", flags);
  properties[PROP_DEVICE_COLUMNS] = g_param_spec_boxed ("device-columns", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_DEVICE_COLUMN_WIDTHS] = g_param_spec_variant ("device-column-widths", NULL, NULL,
                                                                G_VARIANT_TYPE ("a{si}"), NULL, flags);
  properties[PROP_DEVICE_PANEL_SECTION] = g_param_spec_string ("device-panel-section", NULL, NULL,
                                                               "general", flags);
  properties[PROP_SAVED_DEVICE_FILTERS] = g_param_spec_variant ("saved-device-filters", NULL, NULL,
                                                                G_VARIANT_TYPE ("aa{sv}"), NULL, flags);
  properties[PROP_SYNC_AFTER_LINK] = g_param_spec_boolean ("sync-after-link", NULL, NULL, TRUE, flags);
  properties[PROP_SYNC_TIME] = g_param_spec_string ("sync-time", NULL, NULL, "02:00", flags);
  properties[PROP_SYNC_JOURNAL_ROWS] = g_param_spec_uint ("sync-journal-rows", NULL, NULL, 1, 50, 5, flags);
  properties[PROP_TOKEN_WARNING_DAYS] = g_param_spec_uint ("token-warning-days", NULL, NULL, 1, 365, 30, flags);
  properties[PROP_DEMO_DEVICES] = g_param_spec_uint ("demo-devices", NULL, NULL, 1, 100000, 3000, flags);
  properties[PROP_DEMO_ACTIVATION_INTERVAL] = g_param_spec_uint ("demo-activation-interval", NULL, NULL,
                                                                 1, 3600, 20, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
adept_settings_init (AdeptSettings *self)
{
  self->settings = g_settings_new (APP_ID);
}

AdeptSettings *
adept_settings_new (void)
{
  return g_object_new (ADEPT_TYPE_SETTINGS, NULL);
}

AdeptSettings *
adept_settings_get_default (void)
{
  /* Kept for the life of the process once made (a bare page in a test, say). */
  if (default_settings == NULL)
    default_settings = adept_settings_new ();
  return default_settings;
}

void
adept_settings_set_default (AdeptSettings *settings)
{
  g_return_if_fail (ADEPT_IS_SETTINGS (settings));

  if (default_settings != NULL && default_settings != settings)
    g_object_unref (default_settings);
  default_settings = g_object_ref (settings);
}

void
adept_settings_delay (AdeptSettings *self)
{
  g_return_if_fail (ADEPT_IS_SETTINGS (self));
  g_settings_delay (self->settings);
}

void
adept_settings_apply (AdeptSettings *self)
{
  g_return_if_fail (ADEPT_IS_SETTINGS (self));
  g_settings_apply (self->settings);
}
