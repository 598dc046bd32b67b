/* adept-devices-page-filters.c — saved filters: a status (or another chart category), a
 * family and a search, kept per DEP server
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-devices-page"

#include "config.h"

#include <glib/gi18n.h>

#include "adept-device-format.h"
#include "adept-devices-page-private.h"
#include "adept-ui-util.h"

/* The settings key holds every server's filters (aa{sv}: server, name, category, family,
 * search); a server's are those with its id, so they follow it across windows and runs
 * and leave with nothing else. */

typedef struct {
  char *server;
  char *name;
  char *category;   /* a chart category id, "" for none */
  char *family;     /* Apple's device_family, "" for all */
  char *search;
} SavedFilter;

static void
saved_filter_free (SavedFilter *filter)
{
  g_free (filter->server);
  g_free (filter->name);
  g_free (filter->category);
  g_free (filter->family);
  g_free (filter->search);
  g_free (filter);
}

static char *
lookup_string (GVariantDict *dict,
               const char   *key)
{
  const char *value = NULL;

  if (!g_variant_dict_lookup (dict, key, "&s", &value))
    value = "";
  return g_strdup (value);
}

/* Every server's filters, in the order kept. */
static GPtrArray *
read_filters (AdeptDevicesPage *self)
{
  GPtrArray *filters = g_ptr_array_new_with_free_func ((GDestroyNotify) saved_filter_free);
  g_autoptr(GVariant) value = NULL;
  GVariantIter iter;
  GVariant *child;

  g_object_get (self->settings, "saved-device-filters", &value, NULL);
  if (value == NULL)
    return filters;
  g_variant_iter_init (&iter, value);
  while ((child = g_variant_iter_next_value (&iter)) != NULL)
    {
      g_auto(GVariantDict) dict;
      SavedFilter *filter = g_new0 (SavedFilter, 1);

      g_variant_dict_init (&dict, child);
      filter->server = lookup_string (&dict, "server");
      filter->name = lookup_string (&dict, "name");
      filter->category = lookup_string (&dict, "category");
      filter->family = lookup_string (&dict, "family");
      filter->search = lookup_string (&dict, "search");
      g_variant_unref (child);
      if (*filter->name == '\0')
        saved_filter_free (filter);
      else
        g_ptr_array_add (filters, filter);
    }
  return filters;
}

static void
write_filters (AdeptDevicesPage *self,
               GPtrArray        *filters)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("aa{sv}"));
  for (guint i = 0; i < filters->len; i++)
    {
      SavedFilter *filter = g_ptr_array_index (filters, i);

      g_variant_builder_open (&builder, G_VARIANT_TYPE ("a{sv}"));
      g_variant_builder_add (&builder, "{sv}", "server", g_variant_new_string (filter->server));
      g_variant_builder_add (&builder, "{sv}", "name", g_variant_new_string (filter->name));
      g_variant_builder_add (&builder, "{sv}", "category", g_variant_new_string (filter->category));
      g_variant_builder_add (&builder, "{sv}", "family", g_variant_new_string (filter->family));
      g_variant_builder_add (&builder, "{sv}", "search", g_variant_new_string (filter->search));
      g_variant_builder_close (&builder);
    }
  g_object_set (self->settings, "saved-device-filters", g_variant_builder_end (&builder), NULL);
}

static int
find_filter (AdeptDevicesPage *self,
             GPtrArray        *filters,
             const char       *name)
{
  for (guint i = 0; self->server_id != NULL && i < filters->len; i++)
    {
      SavedFilter *filter = g_ptr_array_index (filters, i);

      if (g_str_equal (filter->server, self->server_id) && g_str_equal (filter->name, name))
        return (int) i;
    }
  return -1;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_utf8_collate (*(const char * const *) a, *(const char * const *) b);
}

GStrv
adept_devices_page_dup_saved_filters (AdeptDevicesPage *self)
{
  g_autoptr(GPtrArray) filters = read_filters (self);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  for (guint i = 0; self->server_id != NULL && i < filters->len; i++)
    {
      SavedFilter *filter = g_ptr_array_index (filters, i);

      if (g_str_equal (filter->server, self->server_id))
        g_ptr_array_add (names, g_strdup (filter->name));
    }
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return (GStrv) g_ptr_array_steal (names, NULL);
}

/* "Empty · iPad · “sales”" */
static char *
describe (const char *category_id,
          const char *family,
          const char *search)
{
  const AdeptDeviceCategory *category = adept_device_category_find (category_id);
  g_autoptr(GStrvBuilder) parts = g_strv_builder_new ();
  g_auto(GStrv) strv = NULL;

  if (category != NULL)
    g_strv_builder_add (parts, adept_device_category_get_label (category));
  if (family != NULL && *family != '\0')
    g_strv_builder_add (parts, adept_family_label (family));
  if (search != NULL && *search != '\0')
    {
      /* Translators: the search text in a filter's description. */
      g_autofree char *quoted = g_strdup_printf (_("“%s”"), search);

      g_strv_builder_add (parts, quoted);
    }
  strv = g_strv_builder_end (parts);
  return strv[0] != NULL ? g_strjoinv (" · ", strv) : NULL;
}

static const char *
current_search (AdeptDevicesPage *self)
{
  const char *search = self->list ? adept_device_list_get_search (self->list) : NULL;

  /* The list keeps a folded copy of non-ASCII text; the entry has it as typed. */
  if (search == NULL)
    return NULL;
  return gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
}

char *
adept_devices_page_describe_filter (AdeptDevicesPage *self)
{
  const AdeptDeviceCategory *category = adept_status_chart_get_selected_category (self->chart);
  g_autofree char *search = g_strdup (current_search (self));

  return describe (category ? category->id : NULL, _adept_devices_page_get_family (self),
                   search ? g_strstrip (search) : NULL);
}

gboolean
adept_devices_page_save_filter (AdeptDevicesPage *self,
                                const char       *name)
{
  g_autoptr(GPtrArray) filters = NULL;
  const AdeptDeviceCategory *category;
  g_autofree char *clean = NULL;
  g_autofree char *search = NULL;
  SavedFilter *filter;
  int found;

  g_return_val_if_fail (ADEPT_IS_DEVICES_PAGE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  clean = g_strstrip (g_strdup (name));
  if (*clean == '\0' || self->server_id == NULL || !_adept_devices_page_filters_active (self))
    return FALSE;

  category = adept_status_chart_get_selected_category (self->chart);
  search = g_strdup (current_search (self));
  filter = g_new0 (SavedFilter, 1);
  filter->server = g_strdup (self->server_id);
  filter->name = g_steal_pointer (&clean);
  filter->category = g_strdup (category ? category->id : "");
  filter->family = g_strdup (_adept_devices_page_get_family (self) ? _adept_devices_page_get_family (self) : "");
  filter->search = search ? g_strstrip (g_steal_pointer (&search)) : g_strdup ("");

  filters = read_filters (self);
  found = find_filter (self, filters, filter->name);
  if (found >= 0)
    {
      saved_filter_free (g_ptr_array_index (filters, found));
      g_ptr_array_index (filters, found) = filter;
    }
  else
    g_ptr_array_add (filters, filter);
  write_filters (self, filters);
  return TRUE;
}

gboolean
adept_devices_page_apply_filter (AdeptDevicesPage *self,
                                 const char       *name)
{
  g_autoptr(GPtrArray) filters = NULL;
  SavedFilter *filter;
  int found;

  g_return_val_if_fail (ADEPT_IS_DEVICES_PAGE (self), FALSE);

  filters = read_filters (self);
  found = find_filter (self, filters, name);
  if (found < 0)
    return FALSE;
  filter = g_ptr_array_index (filters, found);

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), filter->search);
  /* At once, not after the entry's search delay. */
  if (self->list != NULL)
    adept_device_list_set_search (self->list, filter->search);
  adept_devices_page_set_family_filter (self, *filter->family ? filter->family : NULL);
  /* A category this build does not know (saved by a newer one) narrows nothing. */
  adept_status_chart_set_selected (self->chart, adept_status_chart_find (self->chart, filter->category));
  _adept_devices_page_update_state (self);
  return TRUE;
}

void
adept_devices_page_delete_filter (AdeptDevicesPage *self,
                                  const char       *name)
{
  g_autoptr(GPtrArray) filters = NULL;
  int found;

  g_return_if_fail (ADEPT_IS_DEVICES_PAGE (self));

  filters = read_filters (self);
  found = find_filter (self, filters, name);
  if (found < 0)
    return;
  g_ptr_array_remove_index (filters, found);
  write_filters (self, filters);
}

/* The menu */

void
_adept_devices_page_filters_update (AdeptDevicesPage *self)
{
  g_auto(GStrv) names = adept_devices_page_dup_saved_filters (self);

  g_menu_remove_all (self->saved_filters_section);
  g_menu_remove_all (self->delete_filters_submenu);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(GMenuItem) apply = g_menu_item_new (names[i], NULL);
      g_autoptr(GMenuItem) remove = g_menu_item_new (names[i], NULL);

      g_menu_item_set_action_and_target_value (apply, "devices.apply-filter",
                                               g_variant_new_string (names[i]));
      g_menu_item_set_action_and_target_value (remove, "devices.delete-filter",
                                               g_variant_new_string (names[i]));
      g_menu_append_item (self->saved_filters_section, apply);
      g_menu_append_item (self->delete_filters_submenu, remove);
    }
  if (names[0] == NULL)
    /* No action: shown greyed, as a note. */
    g_menu_append (self->saved_filters_section, _("No Saved Filters Yet"), "devices.no-saved-filters");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "devices.delete-filter", names[0] != NULL);
}

static void
apply_filter_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  adept_devices_page_apply_filter (ADEPT_DEVICES_PAGE (widget), g_variant_get_string (param, NULL));
}

static void
delete_filter_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  AdeptDevicesPage *self = ADEPT_DEVICES_PAGE (widget);
  g_autofree char *text = NULL;
  const char *name = g_variant_get_string (param, NULL);

  adept_devices_page_delete_filter (self, name);
  /* Translators: a toast; %s is a saved filter's name. */
  text = g_strdup_printf (_("Saved filter “%s” deleted"), name);
  adept_ui_toast (widget, text);
}

static void
on_save_dialog_destroy (AdeptDevicesPage *self,
                        GtkWidget        *dialog)
{
  if (self->dialog == ADW_MESSAGE_DIALOG (dialog))
    self->dialog = NULL;
}

static void
on_save_response (AdeptDevicesPage *self,
                  const char       *response,
                  AdwMessageDialog *dialog)
{
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;

  if (!g_str_equal (response, "save"))
    return;
  name = adept_ui_text_dialog_dup_text (dialog);
  if (!adept_devices_page_save_filter (self, name))
    return;
  /* Translators: a toast; %s is the filter's name. */
  text = g_strdup_printf (_("Filter saved as “%s”"), name);
  adept_ui_toast (GTK_WIDGET (self), text);
}

static void
save_filter_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  AdeptDevicesPage *self = ADEPT_DEVICES_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *filter = adept_devices_page_describe_filter (self);
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  if (filter == NULL)
    return;
  /* Translators: %s says what narrows the list, "Empty · iPad · “sales”". */
  body = g_strdup_printf (_("The list shows %s. Save it to show the same devices again from "
                            "the Saved Filters menu; the same name replaces a filter."), filter);
  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));
  dialog = adept_ui_text_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                     _("Save Filter"), body, _("Filter name, like Empty iPads"),
                                     "save", _("_Save"), NULL);
  self->dialog = dialog;
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (on_save_dialog_destroy), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_save_response), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_adept_devices_page_filters_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "devices.save-filter", NULL, save_filter_action);
  gtk_widget_class_install_action (widget_class, "devices.apply-filter", "s", apply_filter_action);
  gtk_widget_class_install_action (widget_class, "devices.delete-filter", "s", delete_filter_action);
}
