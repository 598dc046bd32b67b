/* adept-passphrase-form.c — a new passphrase, typed twice, refused inline while weak or
 * mismatched
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-passphrase-form"

#include "config.h"

#include <glib/gi18n.h>

#include "adept-passphrase-form.h"
#include "adept-secret.h"
#include "adept-secret-bundle.h"

struct _AdeptPassphraseForm
{
  GtkBox     parent_instance;

  GtkWidget *entries[2];
  GtkWidget *problem_label;
  gboolean   ready;
};

G_DEFINE_FINAL_TYPE (AdeptPassphraseForm, adept_passphrase_form, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_READY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
text_of (AdeptPassphraseForm *self,
         guint                which)
{
  return gtk_editable_get_text (GTK_EDITABLE (self->entries[which]));
}

/* Said once the admin has typed: not before, which would scold an empty form. */
static const char *
find_problem (AdeptPassphraseForm *self)
{
  const char *first = text_of (self, 0);
  const char *again = text_of (self, 1);

  if (*first == '\0')
    return NULL;
  if (g_utf8_strlen (first, -1) < ADEPT_SECRET_BUNDLE_MIN_PASSPHRASE)
    return _("Use at least 8 characters: the file holds secrets wherever it is copied.");
  if (*again != '\0' && !g_str_equal (first, again))
    return _("The two passphrases differ. Type the same one twice.");
  return NULL;
}

static void
mark (GtkWidget *entry,
      gboolean   wrong)
{
  if (wrong)
    gtk_widget_add_css_class (entry, "error");
  else
    gtk_widget_remove_css_class (entry, "error");
}

static void
on_changed (AdeptPassphraseForm *self)
{
  const char *problem = find_problem (self);
  gboolean long_enough = g_utf8_strlen (text_of (self, 0), -1) >= ADEPT_SECRET_BUNDLE_MIN_PASSPHRASE;
  gboolean ready = problem == NULL && long_enough && g_str_equal (text_of (self, 0), text_of (self, 1));

  gtk_label_set_label (GTK_LABEL (self->problem_label), problem != NULL ? problem : "");
  gtk_widget_set_visible (self->problem_label, problem != NULL);
  /* The row the sentence is about. */
  mark (self->entries[0], problem != NULL && !long_enough);
  mark (self->entries[1], problem != NULL && long_enough);
  if (self->ready == ready)
    return;
  self->ready = ready;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
}

static GtkWidget *
add_entry (AdeptPassphraseForm *self,
           GtkWidget           *list,
           const char          *title)
{
  GtkWidget *row = adw_password_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  g_signal_connect_object (row, "changed", G_CALLBACK (on_changed), self, G_CONNECT_SWAPPED);
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  return row;
}

static void
adept_passphrase_form_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  AdeptPassphraseForm *self = ADEPT_PASSPHRASE_FORM (object);

  switch (prop_id)
    {
    case PROP_READY:
      g_value_set_boolean (value, self->ready);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
adept_passphrase_form_class_init (AdeptPassphraseFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = adept_passphrase_form_get_property;
  properties[PROP_READY] =
    g_param_spec_boolean ("ready", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
adept_passphrase_form_init (AdeptPassphraseForm *self)
{
  GtkWidget *list = gtk_list_box_new ();

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 6);
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  self->entries[0] = add_entry (self, list, _("Passphrase of the File"));
  self->entries[1] = add_entry (self, list, _("The Same Passphrase Again"));
  gtk_box_append (GTK_BOX (self), list);

  self->problem_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->problem_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->problem_label), 0);
  gtk_widget_add_css_class (self->problem_label, "error");
  gtk_widget_add_css_class (self->problem_label, "caption");
  gtk_widget_set_visible (self->problem_label, FALSE);
  gtk_box_append (GTK_BOX (self), self->problem_label);
}

GtkWidget *
adept_passphrase_form_new (void)
{
  return g_object_new (ADEPT_TYPE_PASSPHRASE_FORM, NULL);
}

gboolean
adept_passphrase_form_get_ready (AdeptPassphraseForm *self)
{
  g_return_val_if_fail (ADEPT_IS_PASSPHRASE_FORM (self), FALSE);
  return self->ready;
}

const char *
adept_passphrase_form_get_problem (AdeptPassphraseForm *self)
{
  g_return_val_if_fail (ADEPT_IS_PASSPHRASE_FORM (self), NULL);
  return find_problem (self);
}

char *
adept_passphrase_form_dup_passphrase (AdeptPassphraseForm *self)
{
  g_return_val_if_fail (ADEPT_IS_PASSPHRASE_FORM (self), NULL);
  return adept_secret_strdup (text_of (self, 0));
}

GtkEditable *
adept_passphrase_form_get_entry (AdeptPassphraseForm *self,
                                 guint                which)
{
  g_return_val_if_fail (ADEPT_IS_PASSPHRASE_FORM (self), NULL);
  g_return_val_if_fail (which < G_N_ELEMENTS (self->entries), NULL);
  return GTK_EDITABLE (self->entries[which]);
}
