/* adept-panel-section.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-panel-section"

#include "config.h"

#include "adept-panel-section.h"
#include "adept-ui-util.h"

struct _AdeptPanelSection
{
  AdwBin                   parent_instance;

  GtkWidget               *group;
  GtkListBox              *list;
  GHashTable              *facts;   /* field → AdeptFactRow */
  GPtrArray               *rows;    /* the section's own rows */
  char                    *id;
  AdeptPanelSectionUpdate  update;
  gpointer                 user_data;
  GDestroyNotify           destroy;
};

G_DEFINE_FINAL_TYPE (AdeptPanelSection, adept_panel_section, ADW_TYPE_BIN)

AdeptPanelSection *
adept_panel_section_new (const char              *id,
                         const char              *title,
                         const char              *description,
                         AdeptPanelSectionUpdate  update,
                         gpointer                 user_data,
                         GDestroyNotify           destroy)
{
  AdeptPanelSection *self;

  g_return_val_if_fail (id != NULL, NULL);

  self = g_object_new (ADEPT_TYPE_PANEL_SECTION, NULL);
  self->id = g_strdup (id);
  self->update = update;
  self->user_data = user_data;
  self->destroy = destroy;
  if (title != NULL)
    adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->group), title);
  if (description != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->group), description);
  adept_ui_widget_no_hyphens (self->group);
  if (title != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    title, -1);
  gtk_widget_add_css_class (GTK_WIDGET (self), id);
  return self;
}

const char *
adept_panel_section_get_id (AdeptPanelSection *self)
{
  g_return_val_if_fail (ADEPT_IS_PANEL_SECTION (self), NULL);

  return self->id;
}

GtkListBox *
adept_panel_section_get_list (AdeptPanelSection *self)
{
  g_return_val_if_fail (ADEPT_IS_PANEL_SECTION (self), NULL);

  return self->list;
}

AdeptFactRow *
adept_panel_section_add_fact (AdeptPanelSection *self,
                              const char        *field,
                              const char        *title,
                              AdeptFactFlags     flags)
{
  GtkWidget *row;

  g_return_val_if_fail (ADEPT_IS_PANEL_SECTION (self), NULL);
  g_return_val_if_fail (!g_hash_table_contains (self->facts, field), NULL);
  g_return_val_if_fail (self->rows->len == 0, NULL);

  row = adept_fact_row_new (field, title, flags);
  gtk_list_box_append (self->list, row);
  g_hash_table_insert (self->facts, (gpointer) adept_fact_row_get_field (ADEPT_FACT_ROW (row)), row);
  return ADEPT_FACT_ROW (row);
}

AdeptFactRow *
adept_panel_section_get_fact (AdeptPanelSection *self,
                              const char        *field)
{
  g_return_val_if_fail (ADEPT_IS_PANEL_SECTION (self), NULL);

  return g_hash_table_lookup (self->facts, field);
}

void
adept_panel_section_set_fact (AdeptPanelSection *self,
                              const char        *field,
                              const char        *value)
{
  AdeptFactRow *row;

  g_return_if_fail (ADEPT_IS_PANEL_SECTION (self));

  row = g_hash_table_lookup (self->facts, field);
  g_return_if_fail (row != NULL);
  adept_fact_row_set_value (row, value);
}

void
adept_panel_section_append (AdeptPanelSection *self,
                            GtkWidget         *row)
{
  g_return_if_fail (ADEPT_IS_PANEL_SECTION (self));
  g_return_if_fail (GTK_IS_WIDGET (row));

  adept_ui_widget_no_hyphens (row);
  gtk_list_box_append (self->list, row);
  g_ptr_array_add (self->rows, row);
}

void
adept_panel_section_remove_rows (AdeptPanelSection *self)
{
  g_return_if_fail (ADEPT_IS_PANEL_SECTION (self));

  for (guint i = 0; i < self->rows->len; i++)
    gtk_list_box_remove (self->list, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
}

gboolean
adept_panel_section_update (AdeptPanelSection      *self,
                            const AdeptDeviceFacts *facts)
{
  gboolean shown = TRUE;

  g_return_val_if_fail (ADEPT_IS_PANEL_SECTION (self), FALSE);

  if (self->update != NULL)
    shown = self->update (self, facts, self->user_data);
  gtk_widget_set_visible (GTK_WIDGET (self), shown);
  return shown;
}

static void
adept_panel_section_dispose (GObject *object)
{
  AdeptPanelSection *self = ADEPT_PANEL_SECTION (object);

  if (self->destroy != NULL)
    g_clear_pointer (&self->user_data, self->destroy);
  g_ptr_array_set_size (self->rows, 0);
  g_hash_table_remove_all (self->facts);
  G_OBJECT_CLASS (adept_panel_section_parent_class)->dispose (object);
}

static void
adept_panel_section_finalize (GObject *object)
{
  AdeptPanelSection *self = ADEPT_PANEL_SECTION (object);

  g_hash_table_unref (self->facts);
  g_ptr_array_unref (self->rows);
  g_free (self->id);
  G_OBJECT_CLASS (adept_panel_section_parent_class)->finalize (object);
}

static void
adept_panel_section_class_init (AdeptPanelSectionClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = adept_panel_section_dispose;
  G_OBJECT_CLASS (klass)->finalize = adept_panel_section_finalize;
}

static void
adept_panel_section_init (AdeptPanelSection *self)
{
  self->facts = g_hash_table_new (g_str_hash, g_str_equal);
  self->rows = g_ptr_array_new ();
  self->group = adw_preferences_group_new ();
  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "facts");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->group), GTK_WIDGET (self->list));
  adw_bin_set_child (ADW_BIN (self), self->group);
}
