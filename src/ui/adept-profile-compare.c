/* adept-profile-compare.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-profile-compare"

#include "config.h"

#include <glib/gi18n.h>

#include "adept-dep-protocol.h"
#include "adept-profile-compare.h"
#include "adept-profile-fields.h"

/* In the editor's order. */
static const char * const compared_keys[] = {
  "profile_name", "url", "department", "support_phone_number", "support_email_address",
  "is_supervised", "is_mandatory", "is_mdm_removable", "await_device_configured",
  "is_multi_user", "allow_pairing", "auto_advance_setup", "do_not_use_profile_from_backup",
  "is_return_to_service", "configuration_web_url", "language", "region", "org_magic",
  "skip_setup_items", "anchor_certs", "supervising_host_certs",
};

struct _AdeptProfileCompare
{
  AdwWindow            parent_instance;

  AdwWindowTitle      *window_title;
  AdwActionRow        *summary_row;
  GtkImage            *summary_icon;
  AdwPreferencesGroup *fields_group;

  GPtrArray           *differences;
  guint                n_fields;
};

G_DEFINE_FINAL_TYPE (AdeptProfileCompare, adept_profile_compare, ADW_TYPE_WINDOW)

static void
adept_profile_compare_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), ADEPT_TYPE_PROFILE_COMPARE);
  G_OBJECT_CLASS (adept_profile_compare_parent_class)->dispose (object);
}

static void
adept_profile_compare_finalize (GObject *object)
{
  AdeptProfileCompare *self = ADEPT_PROFILE_COMPARE (object);

  g_ptr_array_unref (self->differences);
  G_OBJECT_CLASS (adept_profile_compare_parent_class)->finalize (object);
}

static void
adept_profile_compare_class_init (AdeptProfileCompareClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = adept_profile_compare_dispose;
  object_class->finalize = adept_profile_compare_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/adept-profile-compare.ui");
  gtk_widget_class_bind_template_child (widget_class, AdeptProfileCompare, window_title);
  gtk_widget_class_bind_template_child (widget_class, AdeptProfileCompare, summary_row);
  gtk_widget_class_bind_template_child (widget_class, AdeptProfileCompare, summary_icon);
  gtk_widget_class_bind_template_child (widget_class, AdeptProfileCompare, fields_group);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
adept_profile_compare_init (AdeptProfileCompare *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->differences = g_ptr_array_new_with_free_func (g_free);
}

/* Lists are compared as sets: Apple need not keep the order. */
static gboolean
lists_equal (JsonNode *a,
             JsonNode *b)
{
  JsonArray *x = json_node_get_array (a);
  JsonArray *y = json_node_get_array (b);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  if (json_array_get_length (x) != json_array_get_length (y))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (x); i++)
    g_hash_table_add (seen, (gpointer) json_array_get_string_element (x, i));
  for (guint i = 0; i < json_array_get_length (y); i++)
    if (!g_hash_table_contains (seen, json_array_get_string_element (y, i)))
      return FALSE;
  return TRUE;
}

static gboolean
values_equal (JsonNode *a,
              JsonNode *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  if (JSON_NODE_HOLDS_ARRAY (a) && JSON_NODE_HOLDS_ARRAY (b))
    return lists_equal (a, b);
  return json_node_equal (a, b);
}

static char *
format_value (const char *key,
              JsonNode   *node)
{
  JsonArray *array;
  guint n;

  if (node == NULL)
    return g_strdup (_("Not set"));
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return g_strdup (json_node_get_boolean (node) ? _("On") : _("Off"));
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return g_strdup (json_node_get_string (node));

  array = json_node_get_array (node);
  n = json_array_get_length (array);
  if (g_str_equal (key, "skip_setup_items"))
    {
      g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
      g_auto(GStrv) list = NULL;
      g_autofree char *joined = NULL;

      for (guint i = 0; i < n; i++)
        g_strv_builder_add (names, json_array_get_string_element (array, i));
      list = g_strv_builder_end (names);
      joined = g_strjoinv (", ", list);
      return g_strdup_printf (ngettext ("%u pane: %s", "%u panes: %s", n), n, joined);
    }
  return g_strdup_printf (ngettext ("%u certificate", "%u certificates", n), n);
}

static GtkWidget *
make_row (const char *key,
          JsonNode   *sent,
          JsonNode   *apple,
          gboolean    same)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (same ? "emblem-ok-symbolic"
                                                       : "dialog-warning-symbolic");
  g_autofree char *sent_text = format_value (key, sent);
  g_autofree char *apple_text = format_value (key, apple);
  g_autofree char *subtitle = NULL;

  if (same)
    subtitle = g_strdup (sent_text);
  else
    /* Translators: what Adept sent, then what Apple holds, one per line. */
    subtitle = g_strdup_printf (_("Sent: %s\nApple: %s"), sent_text, apple_text);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), adept_profile_field_get_label (key));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_widget_add_css_class (icon, same ? "success" : "warning");
  gtk_widget_set_tooltip_text (icon, same ? _("Apple holds what Adept sent")
                                          : _("Apple holds something else"));
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  return row;
}

static void
compare (AdeptProfileCompare *self,
         AdeptDepProfile     *sent,
         AdeptDepProfile     *apple)
{
  g_autoptr(JsonObject) a = adept_dep_profile_to_json (sent);
  g_autoptr(JsonObject) b = adept_dep_profile_to_json (apple);

  for (guint i = 0; i < G_N_ELEMENTS (compared_keys); i++)
    {
      const char *key = compared_keys[i];
      JsonNode *x = json_object_get_member (a, key);
      JsonNode *y = json_object_get_member (b, key);
      gboolean same = values_equal (x, y);

      if (x == NULL && y == NULL)
        continue;
      self->n_fields++;
      if (!same)
        g_ptr_array_add (self->differences, g_strdup (key));
      adw_preferences_group_add (self->fields_group, make_row (key, x, y, same));
    }
}

static void
show_summary (AdeptProfileCompare *self)
{
  guint n = self->differences->len;

  if (n == 0)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->summary_row),
                                     _("Apple Holds the Profile as Sent"));
      adw_action_row_set_subtitle (self->summary_row,
                                   _("Every field Adept sent has the same value at Apple."));
      gtk_image_set_from_icon_name (self->summary_icon, "emblem-ok-symbolic");
      gtk_widget_add_css_class (GTK_WIDGET (self->summary_icon), "success");
    }
  else
    {
      g_autofree char *title = g_strdup_printf (ngettext ("%u Field Differs", "%u Fields Differ", n), n);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->summary_row), title);
      adw_action_row_set_subtitle (self->summary_row,
                                   _("Apple may have changed or dropped a value. Devices get "
                                     "what Apple holds; define a new profile to change it."));
      gtk_image_set_from_icon_name (self->summary_icon, "dialog-warning-symbolic");
      gtk_widget_add_css_class (GTK_WIDGET (self->summary_icon), "warning");
    }
}

AdeptProfileCompare *
adept_profile_compare_new (GtkWindow       *parent,
                           AdeptDepProfile *sent,
                           AdeptDepProfile *apple)
{
  AdeptProfileCompare *self;

  g_return_val_if_fail (ADEPT_IS_DEP_PROFILE (sent), NULL);
  g_return_val_if_fail (ADEPT_IS_DEP_PROFILE (apple), NULL);

  self = g_object_new (ADEPT_TYPE_PROFILE_COMPARE, "transient-for", parent, NULL);
  adw_window_title_set_subtitle (self->window_title, adept_dep_profile_get_profile_name (sent));
  compare (self, sent, apple);
  show_summary (self);
  return self;
}

guint
adept_profile_compare_get_n_fields (AdeptProfileCompare *self)
{
  g_return_val_if_fail (ADEPT_IS_PROFILE_COMPARE (self), 0);
  return self->n_fields;
}

guint
adept_profile_compare_get_n_differences (AdeptProfileCompare *self)
{
  g_return_val_if_fail (ADEPT_IS_PROFILE_COMPARE (self), 0);
  return self->differences->len;
}

GStrv
adept_profile_compare_dup_differences (AdeptProfileCompare *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (ADEPT_IS_PROFILE_COMPARE (self), NULL);

  for (guint i = 0; i < self->differences->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (self->differences, i));
  return g_strv_builder_end (builder);
}
