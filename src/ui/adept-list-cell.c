/* adept-list-cell.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-list-cell"

#include "config.h"

#include <math.h>

#include "adept-list-cell.h"

struct _AdeptListCell
{
  GtkWidget  parent_instance;

  char      *text;
  gboolean   monospace;
};

G_DEFINE_FINAL_TYPE (AdeptListCell, adept_list_cell, GTK_TYPE_WIDGET)

/* Fonts. A GtkInscription makes a Pango context and layout of its own (~95,000
 * instructions, for each of the ~1,500 cells a list keeps alive); the cells share the
 * column view's context instead, which GTK keeps up to date with the font settings. */

#define MONO_CONTEXT "adept-list-cell-mono"
#define MONO_SERIAL  "adept-list-cell-mono-serial"
#define LAYOUT       "adept-list-cell-layout"

/* The monospace context beside a context: the same but the family, as CSS's
 * "font-family: monospace" (.monospace) gives it. Made again when the context changes. */
static PangoContext *
mono_context (PangoContext *base)
{
  PangoContext *mono = g_object_get_data (G_OBJECT (base), MONO_CONTEXT);
  guint serial = pango_context_get_serial (base);
  g_autoptr(PangoFontDescription) font = NULL;

  if (mono != NULL && GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (base), MONO_SERIAL)) == serial)
    return mono;
  mono = pango_font_map_create_context (pango_context_get_font_map (base));
  font = pango_font_description_copy (pango_context_get_font_description (base));
  pango_font_description_set_family (font, "monospace");
  pango_context_set_font_description (mono, font);
  pango_context_set_language (mono, pango_context_get_language (base));
  pango_context_set_base_dir (mono, pango_context_get_base_dir (base));
  pango_context_set_round_glyph_positions (mono, pango_context_get_round_glyph_positions (base));
  pango_cairo_context_set_resolution (mono, pango_cairo_context_get_resolution (base));
  pango_cairo_context_set_font_options (mono, pango_cairo_context_get_font_options (base));
  g_object_set_data_full (G_OBJECT (base), MONO_CONTEXT, mono, g_object_unref);
  g_object_set_data (G_OBJECT (base), MONO_SERIAL, GUINT_TO_POINTER (serial));
  return mono;
}

/* The layout of the cell's font, its text set. */
static PangoLayout *
shared_layout (AdeptListCell *self)
{
  GtkWidget *view = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_COLUMN_VIEW);
  PangoContext *context = gtk_widget_get_pango_context (view != NULL ? view : GTK_WIDGET (self));
  PangoLayout *layout;

  if (self->monospace)
    context = mono_context (context);
  layout = g_object_get_data (G_OBJECT (context), LAYOUT);
  if (layout == NULL)
    {
      layout = pango_layout_new (context);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      g_object_set_data_full (G_OBJECT (context), LAYOUT, layout, g_object_unref);
    }
  pango_layout_set_text (layout, self->text != NULL ? self->text : "", -1);
  return layout;
}

gboolean
adept_list_cell_is_cut (AdeptListCell *self)
{
  PangoLayout *layout;
  int width;

  g_return_val_if_fail (ADEPT_IS_LIST_CELL (self), FALSE);

  if (self->text == NULL || *self->text == '\0')
    return FALSE;
  layout = shared_layout (self);
  pango_layout_set_width (layout, -1);
  pango_layout_set_height (layout, -1);
  pango_layout_get_pixel_size (layout, &width, NULL);
  return width > gtk_widget_get_width (GTK_WIDGET (self));
}

/* A value cut short says all of itself on hover: asked only when the pointer rests. */
static gboolean
adept_list_cell_query_tooltip (GtkWidget  *widget,
                               int         x,
                               int         y,
                               gboolean    keyboard,
                               GtkTooltip *tooltip)
{
  AdeptListCell *self = ADEPT_LIST_CELL (widget);

  if (!adept_list_cell_is_cut (self))
    return FALSE;
  gtk_tooltip_set_text (tooltip, self->text);
  return TRUE;
}

/* Drawn where GtkInscription draws (xalign 0, yalign 0.5): at the top when ellipsized,
 * else centred in the cell's height. */
static void
adept_list_cell_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  AdeptListCell *self = ADEPT_LIST_CELL (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  PangoLayout *layout;
  PangoRectangle logical;
  GdkRGBA color;
  float y = 0.f;

  if (self->text == NULL || *self->text == '\0')
    return;
  layout = shared_layout (self);
  pango_layout_set_alignment (layout, gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL
                                      ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
  pango_layout_set_width (layout, width * PANGO_SCALE);
  pango_layout_set_height (layout, height * PANGO_SCALE);
  if (!pango_layout_is_ellipsized (layout))
    {
      pango_layout_get_pixel_extents (layout, NULL, &logical);
      y = MAX (floorf ((height - logical.height) * 0.5f), 0.f);
    }
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  G_GNUC_END_IGNORE_DEPRECATIONS
  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (0, y));
  gtk_snapshot_append_layout (snapshot, layout, &color);
  gtk_snapshot_restore (snapshot);
  gtk_snapshot_pop (snapshot);
}

void
adept_list_cell_set_text (AdeptListCell *self,
                          const char    *text)
{
  g_return_if_fail (ADEPT_IS_LIST_CELL (self));

  if (g_strcmp0 (self->text, text) == 0)
    return;
  g_free (self->text);
  self->text = g_strdup (text);
  if (text != NULL && *text != '\0')
    gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const char *
adept_list_cell_get_text (AdeptListCell *self)
{
  g_return_val_if_fail (ADEPT_IS_LIST_CELL (self), NULL);

  return self->text;
}

GtkWidget *
adept_list_cell_new (gboolean monospace)
{
  AdeptListCell *self = g_object_new (ADEPT_TYPE_LIST_CELL, NULL);

  self->monospace = monospace;
  if (monospace)
    gtk_widget_add_css_class (GTK_WIDGET (self), "monospace");
  return GTK_WIDGET (self);
}

static void
adept_list_cell_finalize (GObject *object)
{
  g_free (ADEPT_LIST_CELL (object)->text);
  G_OBJECT_CLASS (adept_list_cell_parent_class)->finalize (object);
}

static void
adept_list_cell_class_init (AdeptListCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = adept_list_cell_finalize;
  widget_class->snapshot = adept_list_cell_snapshot;
  widget_class->query_tooltip = adept_list_cell_query_tooltip;
  gtk_widget_class_set_css_name (widget_class, "label");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
}

static void
adept_list_cell_init (AdeptListCell *self)
{
  /* Sized by the column and by CSS (.cell-text, one line high), not by its text. */
  gtk_widget_add_css_class (GTK_WIDGET (self), "cell-text");
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
}
