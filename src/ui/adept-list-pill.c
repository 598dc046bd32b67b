/* adept-list-pill.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-list-pill"

#include "config.h"


#include "adept-device-format.h"
#include "adept-list-pill.h"

struct _AdeptListPill
{
  GtkWidget           parent_instance;

  AdeptProfileStatus  status;
  gboolean            has_status;
};

G_DEFINE_FINAL_TYPE (AdeptListPill, adept_list_pill, GTK_TYPE_WIDGET)

/* Laid-out texts by text, font and resolution: a handful for the life of the program. */
static GHashTable *layouts;

static PangoLayout *
shared_layout (AdeptListPill *self)
{
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self));
  g_autofree char *font = pango_font_description_to_string (pango_context_get_font_description (context));
  const char *text = adept_list_pill_get_text (self);
  g_autofree char *key = g_strdup_printf ("%s\n%s\n%g\n%d", text, font,
                                          pango_cairo_context_get_resolution (context),
                                          (int) pango_context_get_base_dir (context));
  PangoLayout *layout;

  if (layouts == NULL)
    layouts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  layout = g_hash_table_lookup (layouts, key);
  if (layout == NULL)
    {
      layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
      g_hash_table_insert (layouts, g_steal_pointer (&key), layout);
    }
  return layout;
}

static void
adept_list_pill_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  PangoLayout *layout = shared_layout (ADEPT_LIST_PILL (widget));
  PangoRectangle logical;

  pango_layout_get_pixel_extents (layout, NULL, &logical);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = *natural = logical.width;
  else
    {
      *minimum = *natural = logical.height;
      *minimum_baseline = *natural_baseline = pango_layout_get_baseline (layout) / PANGO_SCALE;
    }
}

static void
adept_list_pill_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  PangoLayout *layout = shared_layout (ADEPT_LIST_PILL (widget));
  PangoRectangle logical;
  GdkRGBA color;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  G_GNUC_END_IGNORE_DEPRECATIONS
  pango_layout_get_pixel_extents (layout, NULL, &logical);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT ((gtk_widget_get_width (widget) - logical.width) / 2.f,
                                                          (gtk_widget_get_height (widget) - logical.height) / 2.f));
  gtk_snapshot_append_layout (snapshot, layout, &color);
  gtk_snapshot_restore (snapshot);
}

void
adept_list_pill_set_status (AdeptListPill      *self,
                            AdeptProfileStatus  status)
{
  g_return_if_fail (ADEPT_IS_LIST_PILL (self));

  if (self->has_status && self->status == status)
    return;
  if (self->has_status)
    gtk_widget_remove_css_class (GTK_WIDGET (self), adept_status_css_class (self->status));
  self->status = status;
  self->has_status = TRUE;
  gtk_widget_add_css_class (GTK_WIDGET (self), adept_status_css_class (status));
  adept_status_pill_set_words (GTK_WIDGET (self), status);
  /* Another status is another text: its own size. */
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

AdeptProfileStatus
adept_list_pill_get_status (AdeptListPill *self)
{
  g_return_val_if_fail (ADEPT_IS_LIST_PILL (self), ADEPT_PROFILE_STATUS_UNKNOWN);

  return self->status;
}

const char *
adept_list_pill_get_text (AdeptListPill *self)
{
  g_return_val_if_fail (ADEPT_IS_LIST_PILL (self), NULL);

  return self->has_status ? adept_profile_status_get_label (self->status) : "";
}

GtkWidget *
adept_list_pill_new (void)
{
  return g_object_new (ADEPT_TYPE_LIST_PILL, NULL);
}

static void
adept_list_pill_class_init (AdeptListPillClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->measure = adept_list_pill_measure;
  widget_class->snapshot = adept_list_pill_snapshot;
  gtk_widget_class_set_css_name (widget_class, "label");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
}

static void
adept_list_pill_init (AdeptListPill *self)
{
  gtk_widget_add_css_class (GTK_WIDGET (self), "status-pill");
  gtk_widget_set_halign (GTK_WIDGET (self), GTK_ALIGN_START);
  gtk_widget_set_valign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
}
