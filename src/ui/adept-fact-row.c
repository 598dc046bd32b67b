/* adept-fact-row.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-fact-row"

#include "config.h"

#include <glib/gi18n.h>

#include "adept-fact-row.h"
#include "adept-ui-util.h"

#define NONE "—"

struct _AdeptFactRow
{
  GtkListBoxRow   parent_instance;

  GtkWidget      *box;
  GtkWidget      *key;
  GtkWidget      *value;
  GtkWidget      *value_widget;
  GtkWidget      *copy_button;
  char           *field;
  char           *title;
  AdeptFactFlags  flags;
};

G_DEFINE_FINAL_TYPE (AdeptFactRow, adept_fact_row, GTK_TYPE_LIST_BOX_ROW)

static void
on_copy_clicked (AdeptFactRow *self)
{
  const char *value = gtk_label_get_label (GTK_LABEL (self->value));
  g_autofree char *text = NULL;

  if (gtk_widget_has_css_class (self->value, "dim-label"))
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), value);
  /* Translators: a toast, "Serial Number copied". */
  text = g_strdup_printf (_("%s copied"), self->title);
  adept_ui_toast (GTK_WIDGET (self), text);
}

static void
build (AdeptFactRow *self)
{
  self->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  self->key = gtk_label_new (self->title);
  gtk_label_set_xalign (GTK_LABEL (self->key), 0);
  gtk_label_set_yalign (GTK_LABEL (self->key), 0);
  gtk_label_set_wrap (GTK_LABEL (self->key), TRUE);
  gtk_label_set_width_chars (GTK_LABEL (self->key), 13);
  gtk_label_set_max_width_chars (GTK_LABEL (self->key), 13);
  gtk_widget_add_css_class (self->key, "fact-key");
  adept_ui_label_no_hyphens (GTK_LABEL (self->key));
  gtk_box_append (GTK_BOX (self->box), self->key);

  self->value = gtk_label_new (NULL);
  gtk_label_set_selectable (GTK_LABEL (self->value), TRUE);
  gtk_label_set_wrap (GTK_LABEL (self->value), TRUE);
  /* An identifier breaks anywhere rather than keep a line for a fragment of it. */
  gtk_label_set_wrap_mode (GTK_LABEL (self->value),
                           self->flags & ADEPT_FACT_IDENTIFIER ? PANGO_WRAP_CHAR : PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (self->value), 0);
  gtk_widget_set_hexpand (self->value, TRUE);
  gtk_widget_add_css_class (self->value, "fact-value");
  if (self->flags & ADEPT_FACT_IDENTIFIER)
    gtk_widget_add_css_class (self->value, "monospace");
  adept_ui_label_no_hyphens (GTK_LABEL (self->value));
  /* Read as "Serial Number, C02EMPTY0001". */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->value),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, self->key, NULL, -1);
  gtk_box_append (GTK_BOX (self->box), self->value);

  if (self->flags & ADEPT_FACT_COPYABLE)
    {
      /* Translators: the tooltip and name of a Copy button, "Copy Serial Number". */
      g_autofree char *tip = g_strdup_printf (_("Copy %s"), self->title);

      self->copy_button = gtk_button_new_from_icon_name ("edit-copy-symbolic");
      gtk_widget_set_valign (self->copy_button, GTK_ALIGN_START);
      gtk_widget_set_tooltip_text (self->copy_button, tip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->copy_button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, tip, -1);
      gtk_widget_add_css_class (self->copy_button, "flat");
      gtk_widget_add_css_class (self->copy_button, "circular");
      gtk_widget_add_css_class (self->copy_button, "fact-copy");
      g_signal_connect_object (self->copy_button, "clicked", G_CALLBACK (on_copy_clicked), self,
                               G_CONNECT_SWAPPED);
      gtk_box_append (GTK_BOX (self->box), self->copy_button);
    }

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (self), self->box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self), FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self), "fact");
  adept_fact_row_set_value (self, NULL);
}

GtkWidget *
adept_fact_row_new (const char     *field,
                    const char     *title,
                    AdeptFactFlags  flags)
{
  AdeptFactRow *self;

  g_return_val_if_fail (field != NULL, NULL);
  g_return_val_if_fail (title != NULL, NULL);

  self = g_object_new (ADEPT_TYPE_FACT_ROW, NULL);
  self->field = g_strdup (field);
  self->title = g_strdup (title);
  self->flags = flags;
  build (self);
  return GTK_WIDGET (self);
}

const char *
adept_fact_row_get_field (AdeptFactRow *self)
{
  g_return_val_if_fail (ADEPT_IS_FACT_ROW (self), NULL);

  return self->field;
}

const char *
adept_fact_row_get_title (AdeptFactRow *self)
{
  g_return_val_if_fail (ADEPT_IS_FACT_ROW (self), NULL);

  return self->title;
}

void
adept_fact_row_set_value (AdeptFactRow *self,
                          const char   *value)
{
  gboolean none = value == NULL || *value == '\0';

  g_return_if_fail (ADEPT_IS_FACT_ROW (self));

  gtk_label_set_label (GTK_LABEL (self->value), none ? NONE : value);
  if (none)
    gtk_widget_add_css_class (self->value, "dim-label");
  else
    gtk_widget_remove_css_class (self->value, "dim-label");
  if (self->copy_button != NULL)
    gtk_widget_set_sensitive (self->copy_button, !none);
}

const char *
adept_fact_row_get_value (AdeptFactRow *self)
{
  g_return_val_if_fail (ADEPT_IS_FACT_ROW (self), NULL);

  if (self->value_widget != NULL && GTK_IS_LABEL (self->value_widget))
    return gtk_label_get_label (GTK_LABEL (self->value_widget));
  return gtk_label_get_label (GTK_LABEL (self->value));
}

void
adept_fact_row_set_value_widget (AdeptFactRow *self,
                                 GtkWidget    *widget)
{
  g_return_if_fail (ADEPT_IS_FACT_ROW (self));
  g_return_if_fail (GTK_IS_WIDGET (widget));

  gtk_widget_set_visible (self->value, FALSE);
  self->value_widget = widget;
  gtk_box_insert_child_after (GTK_BOX (self->box), widget, self->value);
}

GtkWidget *
adept_fact_row_get_value_label (AdeptFactRow *self)
{
  g_return_val_if_fail (ADEPT_IS_FACT_ROW (self), NULL);

  return self->value;
}

GtkWidget *
adept_fact_row_get_copy_button (AdeptFactRow *self)
{
  g_return_val_if_fail (ADEPT_IS_FACT_ROW (self), NULL);

  return self->copy_button;
}

static void
adept_fact_row_finalize (GObject *object)
{
  AdeptFactRow *self = ADEPT_FACT_ROW (object);

  g_free (self->field);
  g_free (self->title);
  G_OBJECT_CLASS (adept_fact_row_parent_class)->finalize (object);
}

static void
adept_fact_row_class_init (AdeptFactRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = adept_fact_row_finalize;
}

static void
adept_fact_row_init (AdeptFactRow *self)
{
}
