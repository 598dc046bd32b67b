/* adept-device-panel.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-device-panel"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "adept-device-format.h"
#include "adept-device-panel.h"
#include "adept-device-panel-sections.h"
#include "adept-device-timeline.h"
#include "adept-settings.h"
#include "adept-ui-util.h"

struct _AdeptDevicePanel
{
  AdwBin               parent_instance;

  /* Template widgets */
  GtkStack            *mode_stack;
  GtkImage            *family_icon;
  GtkLabel            *title_label;
  GtkLabel            *subtitle_label;
  GtkBox              *subtitle_box;
  GtkWidget           *device_close_button;
  GtkStack            *section_stack;
  GtkBox              *general_page;
  GtkBox              *management_page;
  GtkBox              *timeline_page;
  GtkLabel            *selection_title;
  GtkWidget           *selection_close_button;
  AdeptStatusChart    *selection_chart;

  GtkWidget           *header_pill;

  /* Owned */
  AdeptStore          *store;
  char                *server_id;
  /* The organisation's view (strings owned), org_id NULL while not connected. */
  AdeptOrgView         org_view;
  AdeptDevice         *device;
  GPtrArray           *sections;     /* AdeptPanelSection, in page order */
  AdeptSettings       *settings;
};

G_DEFINE_FINAL_TYPE (AdeptDevicePanel, adept_device_panel, ADW_TYPE_BIN)

static GtkBox *
page_box (AdeptDevicePanel *self,
          const char       *page)
{
  if (g_str_equal (page, ADEPT_DEVICE_PANEL_PAGE_MANAGEMENT))
    return self->management_page;
  if (g_str_equal (page, ADEPT_DEVICE_PANEL_PAGE_TIMELINE))
    return self->timeline_page;
  if (g_str_equal (page, ADEPT_DEVICE_PANEL_PAGE_GENERAL))
    return self->general_page;
  return NULL;
}

/* One device: what every section is told */

static GHashTable *
read_profile_names (AdeptDevicePanel *self)
{
  GHashTable *names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) profiles = NULL;
  g_autoptr(GError) error = NULL;

  if (self->store == NULL)
    return names;
  profiles = adept_store_list_profiles (self->store, self->server_id, &error);
  if (profiles == NULL)
    g_debug ("Could not read the profiles: %s", error->message);
  for (guint i = 0; profiles != NULL && i < profiles->len; i++)
    {
      AdeptStoredProfile *profile = g_ptr_array_index (profiles, i);

      g_hash_table_insert (names, g_strdup (profile->uuid), g_strdup (profile->name));
    }
  return names;
}

static GPtrArray *
read_timeline (AdeptDevicePanel *self)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *timeline = NULL;

  if (self->store != NULL)
    timeline = adept_store_list_device_timeline (self->store, self->server_id,
                                                 adept_device_get_serial_number (self->device),
                                                 &error);
  if (error != NULL)
    g_debug ("Could not read the timeline: %s", error->message);
  return timeline ? timeline : g_ptr_array_new ();
}

static void clear_org_view (AdeptOrgView *view);

static AdeptOrgDevice *
read_org_device (AdeptDevicePanel *self)
{
  g_autoptr(GError) error = NULL;
  AdeptOrgDevice *org_device;

  if (self->store == NULL || self->org_view.org_id == NULL)
    return NULL;
  org_device = adept_store_org_get_device (self->store, &self->org_view,
                                           adept_device_get_serial_number (self->device), &error);
  if (error != NULL)
    g_debug ("Could not read the organisation's device: %s", error->message);
  return org_device;
}

static void
update_device (AdeptDevicePanel *self)
{
  AdeptDevice *d = self->device;
  g_autoptr(GHashTable) names = read_profile_names (self);
  g_autoptr(GPtrArray) timeline = read_timeline (self);
  g_autoptr(AdeptOrgDevice) org_device = read_org_device (self);
  const char *uuid = adept_device_get_profile_uuid (d);
  AdeptDeviceFacts facts = {
    .device = d,
    .store = self->store,
    .server_id = self->server_id,
    .profile_names = names,
    .timeline = timeline,
    .org_device = org_device,
  };

  if (uuid != NULL && *uuid != '\0')
    {
      facts.profile_name = g_hash_table_lookup (names, uuid);
      if (facts.profile_name == NULL)
        facts.profile_name = _("A profile not defined in this console");
    }

  gtk_image_set_from_icon_name (self->family_icon,
                                adept_family_icon_name (adept_device_get_device_family (d)));
  /* Apple's descriptions are SKU strings; the model reads better as a title. */
  gtk_label_set_label (self->title_label, adept_device_get_model (d));
  gtk_label_set_label (self->subtitle_label, adept_device_get_serial_number (d));
  adept_status_pill_set (self->header_pill, adept_device_get_profile_status (d));

  for (guint i = 0; i < self->sections->len; i++)
    adept_panel_section_update (g_ptr_array_index (self->sections, i), &facts);
}

static void
on_device_notify (AdeptDevicePanel *self)
{
  update_device (self);
}

static void
set_device (AdeptDevicePanel *self,
            AdeptDevice      *device)
{
  if (self->device == device)
    return;
  if (self->device != NULL)
    g_signal_handlers_disconnect_by_data (self->device, self);
  g_set_object (&self->device, device);
  if (device != NULL)
    g_signal_connect_object (device, "notify", G_CALLBACK (on_device_notify), self,
                             G_CONNECT_SWAPPED);
}

void
adept_device_panel_show_device (AdeptDevicePanel *self,
                                AdeptDevice      *device)
{
  g_return_if_fail (ADEPT_IS_DEVICE_PANEL (self));
  g_return_if_fail (ADEPT_IS_DEVICE (device));

  set_device (self, device);
  update_device (self);
  gtk_stack_set_visible_child_name (self->mode_stack, "device");
}

void
adept_device_panel_show_selection (AdeptDevicePanel *self,
                                   guint             n_devices,
                                   const guint      *counts)
{
  g_autofree char *count = adept_format_count (n_devices);
  g_autofree char *title = NULL;

  g_return_if_fail (ADEPT_IS_DEVICE_PANEL (self));
  g_return_if_fail (counts != NULL);

  set_device (self, NULL);
  /* Translators: "3 Devices Selected"; %s is a number. */
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s Device Selected",
                                        "%s Devices Selected", n_devices), count);
  gtk_label_set_label (self->selection_title, title);
  for (guint i = 0; i < adept_status_chart_get_n_categories (self->selection_chart); i++)
    adept_status_chart_set_count (self->selection_chart, i, counts[i]);
  gtk_stack_set_visible_child_name (self->mode_stack, "selection");
}

void
adept_device_panel_show_nothing (AdeptDevicePanel *self)
{
  g_return_if_fail (ADEPT_IS_DEVICE_PANEL (self));

  set_device (self, NULL);
  gtk_stack_set_visible_child_name (self->mode_stack, "nothing");
}

void
adept_device_panel_reload (AdeptDevicePanel *self)
{
  g_return_if_fail (ADEPT_IS_DEVICE_PANEL (self));

  if (self->device != NULL)
    update_device (self);
}

void
adept_device_panel_set_store (AdeptDevicePanel *self,
                              AdeptStore       *store,
                              const char       *server_id)
{
  g_return_if_fail (ADEPT_IS_DEVICE_PANEL (self));
  g_return_if_fail (ADEPT_IS_STORE (store));

  g_set_object (&self->store, store);
  g_free (self->server_id);
  self->server_id = g_strdup (server_id);
  adept_device_panel_set_org_view (self, NULL);
  adept_device_panel_show_nothing (self);
}

static void
clear_org_view (AdeptOrgView *view)
{
  g_free ((char *) view->org_id);
  g_free ((char *) view->dep_server);
  g_free ((char *) view->this_server_id);
  memset (view, 0, sizeof *view);
}

void
adept_device_panel_set_org_view (AdeptDevicePanel   *self,
                                 const AdeptOrgView *view)
{
  g_return_if_fail (ADEPT_IS_DEVICE_PANEL (self));

  clear_org_view (&self->org_view);
  if (view != NULL)
    {
      self->org_view.org_id = g_strdup (view->org_id);
      self->org_view.dep_server = g_strdup (view->dep_server);
      self->org_view.this_server_id = g_strdup (view->this_server_id);
    }
  if (self->device != NULL)
    update_device (self);
}

/* Sections */

void
adept_device_panel_add_section (AdeptDevicePanel  *self,
                                const char        *page,
                                AdeptPanelSection *section)
{
  GtkBox *box;

  g_return_if_fail (ADEPT_IS_DEVICE_PANEL (self));
  g_return_if_fail (ADEPT_IS_PANEL_SECTION (section));
  g_return_if_fail (adept_device_panel_find_section (self, adept_panel_section_get_id (section)) == NULL);

  box = page_box (self, page);
  g_return_if_fail (box != NULL);
  gtk_box_append (box, GTK_WIDGET (section));
  g_ptr_array_add (self->sections, section);
  if (self->device != NULL)
    update_device (self);
}

AdeptPanelSection *
adept_device_panel_find_section (AdeptDevicePanel *self,
                                 const char       *id)
{
  g_return_val_if_fail (ADEPT_IS_DEVICE_PANEL (self), NULL);

  for (guint i = 0; i < self->sections->len; i++)
    {
      AdeptPanelSection *section = g_ptr_array_index (self->sections, i);

      if (g_strcmp0 (adept_panel_section_get_id (section), id) == 0)
        return section;
    }
  return NULL;
}

const char *
adept_device_panel_get_page (AdeptDevicePanel *self)
{
  g_return_val_if_fail (ADEPT_IS_DEVICE_PANEL (self), NULL);

  return gtk_stack_get_visible_child_name (self->section_stack);
}

void
adept_device_panel_set_page (AdeptDevicePanel *self,
                             const char       *page)
{
  g_return_if_fail (ADEPT_IS_DEVICE_PANEL (self));

  gtk_stack_set_visible_child_name (self->section_stack, page);
}

void
adept_device_panel_set_closable (AdeptDevicePanel *self,
                                 gboolean          closable)
{
  g_return_if_fail (ADEPT_IS_DEVICE_PANEL (self));

  gtk_widget_set_visible (self->device_close_button, closable);
  gtk_widget_set_visible (self->selection_close_button, closable);
}

/* For tests */

const char *
adept_device_panel_get_mode (AdeptDevicePanel *self)
{
  g_return_val_if_fail (ADEPT_IS_DEVICE_PANEL (self), NULL);

  return gtk_stack_get_visible_child_name (self->mode_stack);
}

AdeptDevice *
adept_device_panel_get_device (AdeptDevicePanel *self)
{
  g_return_val_if_fail (ADEPT_IS_DEVICE_PANEL (self), NULL);

  return self->device;
}

AdeptFactRow *
adept_device_panel_get_fact (AdeptDevicePanel *self,
                             const char       *field)
{
  g_return_val_if_fail (ADEPT_IS_DEVICE_PANEL (self), NULL);

  for (guint i = 0; i < self->sections->len; i++)
    {
      AdeptFactRow *row = adept_panel_section_get_fact (g_ptr_array_index (self->sections, i),
                                                        field);

      if (row != NULL)
        return row;
    }
  return NULL;
}

const char *
adept_device_panel_get_value (AdeptDevicePanel *self,
                              const char       *field)
{
  AdeptFactRow *row;

  g_return_val_if_fail (ADEPT_IS_DEVICE_PANEL (self), NULL);

  if (g_str_equal (field, "selection-title"))
    return g_str_equal (adept_device_panel_get_mode (self), "selection")
           ? gtk_label_get_label (self->selection_title) : NULL;
  if (self->device == NULL)
    return NULL;
  if (g_str_equal (field, "plan"))
    return _adept_device_panel_sections_get_plan (adept_device_panel_find_section (self, "timeline"));
  row = adept_device_panel_get_fact (self, field);
  return row ? adept_fact_row_get_value (row) : NULL;
}

int
adept_device_panel_get_highlighted_status (AdeptDevicePanel *self)
{
  g_return_val_if_fail (ADEPT_IS_DEVICE_PANEL (self), -1);

  if (self->device == NULL)
    return -1;
  return _adept_device_panel_sections_get_highlighted (adept_device_panel_find_section (self,
                                                                                       "status-chart"));
}

GStrv
adept_device_panel_dup_timeline (AdeptDevicePanel *self)
{
  g_return_val_if_fail (ADEPT_IS_DEVICE_PANEL (self), NULL);

  return _adept_device_panel_sections_dup_timeline (adept_device_panel_find_section (self, "timeline"),
                                                    FALSE);
}

GStrv
adept_device_panel_dup_attempts (AdeptDevicePanel *self)
{
  g_return_val_if_fail (ADEPT_IS_DEVICE_PANEL (self), NULL);

  return _adept_device_panel_sections_dup_timeline (adept_device_panel_find_section (self, "timeline"),
                                                    TRUE);
}

AdeptStatusChart *
adept_device_panel_get_selection_chart (AdeptDevicePanel *self)
{
  g_return_val_if_fail (ADEPT_IS_DEVICE_PANEL (self), NULL);

  return self->selection_chart;
}

/* The page the admin chose stays for the next devices, in this window and the next. */
static void
on_section_changed (AdeptDevicePanel *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->section_stack);

  if (self->settings != NULL && page != NULL)
    g_object_set (self->settings, "device-panel-section", page, NULL);
}

/* GObject */

static void
adept_device_panel_dispose (GObject *object)
{
  AdeptDevicePanel *self = ADEPT_DEVICE_PANEL (object);

  set_device (self, NULL);
  g_ptr_array_set_size (self->sections, 0);
  /* The bin's child is a bound template child: the bin drops it first, or both would
   * unparent it. */
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), ADEPT_TYPE_DEVICE_PANEL);
  G_OBJECT_CLASS (adept_device_panel_parent_class)->dispose (object);
}

static void
adept_device_panel_finalize (GObject *object)
{
  AdeptDevicePanel *self = ADEPT_DEVICE_PANEL (object);

  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_ptr_array_unref (self->sections);
  g_free (self->server_id);
  clear_org_view (&self->org_view);
  G_OBJECT_CLASS (adept_device_panel_parent_class)->finalize (object);
}

static void
adept_device_panel_class_init (AdeptDevicePanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = adept_device_panel_dispose;
  object_class->finalize = adept_device_panel_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/adept-device-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, AdeptDevicePanel, mode_stack);
  gtk_widget_class_bind_template_child (widget_class, AdeptDevicePanel, family_icon);
  gtk_widget_class_bind_template_child (widget_class, AdeptDevicePanel, title_label);
  gtk_widget_class_bind_template_child (widget_class, AdeptDevicePanel, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, AdeptDevicePanel, device_close_button);
  gtk_widget_class_bind_template_child (widget_class, AdeptDevicePanel, subtitle_box);
  gtk_widget_class_bind_template_child (widget_class, AdeptDevicePanel, section_stack);
  gtk_widget_class_bind_template_child (widget_class, AdeptDevicePanel, general_page);
  gtk_widget_class_bind_template_child (widget_class, AdeptDevicePanel, management_page);
  gtk_widget_class_bind_template_child (widget_class, AdeptDevicePanel, timeline_page);
  gtk_widget_class_bind_template_child (widget_class, AdeptDevicePanel, selection_title);
  gtk_widget_class_bind_template_child (widget_class, AdeptDevicePanel, selection_close_button);
  gtk_widget_class_bind_template_child (widget_class, AdeptDevicePanel, selection_chart);
  gtk_widget_class_bind_template_callback (widget_class, on_section_changed);

  g_type_ensure (ADEPT_TYPE_STATUS_CHART);
}

static void
adept_device_panel_init (AdeptDevicePanel *self)
{
  g_autofree char *page = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->sections = g_ptr_array_new ();
  self->header_pill = adept_status_pill_new ();
  gtk_box_append (self->subtitle_box, self->header_pill);
  adept_ui_label_no_hyphens (self->title_label);
  adept_ui_label_no_hyphens (self->subtitle_label);
  adept_ui_label_no_hyphens (self->selection_title);
  gtk_label_set_wrap (self->subtitle_label, TRUE);
  gtk_label_set_wrap_mode (self->subtitle_label, PANGO_WRAP_CHAR);
  adept_ui_widget_no_hyphens (GTK_WIDGET (self->mode_stack));

  for (guint i = 0; adept_device_panel_sections[i].page != NULL; i++)
    adept_device_panel_add_section (self, adept_device_panel_sections[i].page,
                                    adept_device_panel_sections[i].create ());

  self->settings = g_object_ref (adept_settings_get_default ());
  g_object_get (self->settings, "device-panel-section", &page, NULL);
  gtk_stack_set_visible_child_name (self->section_stack, page);
}
