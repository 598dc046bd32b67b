/* adept-profile-row.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-profile-row"

#include "config.h"

#include <glib/gi18n.h>

#include "adept-profile-row.h"
#include "adept-ui-util.h"

struct _AdeptProfileRow
{
  AdwActionRow   parent_instance;

  GtkLabel      *default_label;
  GtkButton     *assign_button;
  GtkMenuButton *menu_button;

  char          *uuid;
  guint          n_devices;
  gboolean       is_default;
};

G_DEFINE_FINAL_TYPE (AdeptProfileRow, adept_profile_row, ADW_TYPE_ACTION_ROW)

static void
adept_profile_row_finalize (GObject *object)
{
  AdeptProfileRow *self = ADEPT_PROFILE_ROW (object);

  g_free (self->uuid);
  G_OBJECT_CLASS (adept_profile_row_parent_class)->finalize (object);
}

static void
adept_profile_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), ADEPT_TYPE_PROFILE_ROW);
  G_OBJECT_CLASS (adept_profile_row_parent_class)->dispose (object);
}

static void
adept_profile_row_class_init (AdeptProfileRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = adept_profile_row_dispose;
  object_class->finalize = adept_profile_row_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/adept-profile-row.ui");
  gtk_widget_class_bind_template_child (widget_class, AdeptProfileRow, default_label);
  gtk_widget_class_bind_template_child (widget_class, AdeptProfileRow, assign_button);
  gtk_widget_class_bind_template_child (widget_class, AdeptProfileRow, menu_button);
}

static void
adept_profile_row_init (AdeptProfileRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

static void
add_item (GMenu      *section,
          const char *label,
          const char *action,
          const char *uuid)
{
  g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

  g_menu_item_set_action_and_target_value (item, action, g_variant_new_string (uuid));
  g_menu_append_item (section, item);
}

static void
update_menu (AdeptProfileRow *self)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) change = g_menu_new ();
  g_autoptr(GMenu) devices = g_menu_new ();
  g_autoptr(GMenu) files = g_menu_new ();

  add_item (change, _("_Edit…"), "profiles.edit", self->uuid);
  if (self->is_default)
    add_item (change, _("_Clear Default"), "profiles.clear-default", self->uuid);
  else
    add_item (change, _("Make _Default"), "profiles.make-default", self->uuid);
  add_item (devices, _("_Select Devices to Assign to Profile…"), "profiles.assign", self->uuid);
  add_item (devices, _("_Remove from Devices…"), "profiles.remove-devices", self->uuid);
  add_item (files, _("Show on _Apple…"), "profiles.show-on-apple", self->uuid);
  add_item (files, _("E_xport…"), "profiles.export", self->uuid);
  g_menu_append_section (menu, NULL, G_MENU_MODEL (change));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (devices));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (files));
  gtk_menu_button_set_menu_model (self->menu_button, G_MENU_MODEL (menu));
}

AdeptProfileRow *
adept_profile_row_new (const char *uuid)
{
  AdeptProfileRow *self;

  g_return_val_if_fail (uuid != NULL, NULL);

  self = g_object_new (ADEPT_TYPE_PROFILE_ROW, NULL);
  self->uuid = g_strdup (uuid);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self), g_variant_new_string (uuid));
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->assign_button),
                                          g_variant_new_string (uuid));
  update_menu (self);
  return self;
}

void
adept_profile_row_update (AdeptProfileRow *self,
                          const char      *name,
                          const char      *url,
                          guint            n_devices,
                          gint64           created,
                          gboolean         is_default,
                          const char      *replaced_by,
                          gboolean         adopted)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (created);
  g_autofree char *date = adept_format_date (when);
  g_autofree char *count = adept_format_count (n_devices);
  g_autofree char *devices = NULL;
  g_autofree char *facts = NULL;
  g_autofree char *subtitle = NULL;

  g_return_if_fail (ADEPT_IS_PROFILE_ROW (self));

  self->n_devices = n_devices;
  if (self->is_default != is_default)
    {
      self->is_default = is_default;
      update_menu (self);
    }

  devices = g_strdup_printf (ngettext ("%s device", "%s devices", n_devices), count);
  if (replaced_by != NULL)
    /* Translators: "2,500 devices · Created 25 November 2026 · Replaced by “Staff”" */
    facts = g_strdup_printf (_("%s · Created %s · Replaced by “%s”"), devices, date, replaced_by);
  else if (adopted)
    /* Translators: "2,500 devices · Added from Apple 25 November 2026" */
    facts = g_strdup_printf (_("%s · Added from Apple %s"), devices, date);
  else
    facts = g_strdup_printf (_("%s · Created %s"), devices, date);
  subtitle = g_strdup_printf ("%s\n%s", url ? url : _("No MDM server URL"), facts);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle);
  gtk_widget_set_visible (GTK_WIDGET (self->default_label), is_default);
}

const char *
adept_profile_row_get_uuid (AdeptProfileRow *self)
{
  g_return_val_if_fail (ADEPT_IS_PROFILE_ROW (self), NULL);
  return self->uuid;
}

gboolean
adept_profile_row_get_is_default (AdeptProfileRow *self)
{
  g_return_val_if_fail (ADEPT_IS_PROFILE_ROW (self), FALSE);
  return self->is_default;
}

guint
adept_profile_row_get_n_devices (AdeptProfileRow *self)
{
  g_return_val_if_fail (ADEPT_IS_PROFILE_ROW (self), 0);
  return self->n_devices;
}
