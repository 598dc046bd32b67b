/* adept-ui-util.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-ui-util"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "adept-ui-util.h"

int
adept_days_until (GDateTime *when,
                  GDateTime *now)
{
  GTimeSpan span = g_date_time_difference (when, now);

  if (span < 0)
    return -1 - (int) ((-span - 1) / G_TIME_SPAN_DAY);
  return (int) (span / G_TIME_SPAN_DAY);
}

char *
adept_format_expiry (GDateTime *expiry,
                     GDateTime *now)
{
  g_autofree char *date = adept_format_date (expiry);
  int days = adept_days_until (expiry, now);

  if (g_date_time_compare (expiry, now) <= 0)
    /* Translators: %s is a date. */
    return g_strdup_printf (_("%s (expired)"), date);
  if (days == 0)
    return g_strdup_printf (_("%s (expires today)"), date);
  /* Translators: %s is a date, %d a number of days. */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s (%d day left)", "%s (%d days left)",
                                       days),
                          date, days);
}

GFile *
adept_file_from_drop_value (const GValue *value)
{
  if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    {
      GFile *file = g_value_get_object (value);

      return file != NULL ? g_object_ref (file) : NULL;
    }
  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      GSList *files = gdk_file_list_get_files (g_value_get_boxed (value));
      GFile *first = files != NULL ? g_object_ref (files->data) : NULL;

      g_slist_free (files);
      return first;
    }
  return NULL;
}

static void
hide_when_concealed (GtkRevealer *revealer)
{
  if (!gtk_revealer_get_reveal_child (revealer) && !gtk_revealer_get_child_revealed (revealer))
    gtk_widget_set_visible (GTK_WIDGET (revealer), FALSE);
}

void
adept_revealer_init_hiding (GtkRevealer *revealer)
{
  g_signal_connect (revealer, "notify::child-revealed", G_CALLBACK (hide_when_concealed), NULL);
  hide_when_concealed (revealer);
}

void
adept_revealer_set_shown (GtkRevealer *revealer,
                          gboolean     shown)
{
  if (shown)
    gtk_widget_set_visible (GTK_WIDGET (revealer), TRUE);
  gtk_revealer_set_reveal_child (revealer, shown);
  hide_when_concealed (revealer);
}

void
adept_ui_toast_full (GtkWidget  *from,
                     const char *title,
                     guint       timeout,
                     const char *button_label,
                     const char *detailed_action)
{
  g_return_if_fail (GTK_IS_WIDGET (from));
  g_return_if_fail (title != NULL);

  gtk_widget_activate_action (from, "win.toast", ADEPT_UI_TOAST_PARAM, title, timeout,
                              button_label ? button_label : "",
                              detailed_action ? detailed_action : "");
}

char *
adept_ui_dup_toast_title (const char *text)
{
  g_autofree char *title = g_strstrip (g_strdup (text));
  gsize len = strlen (title);

  g_return_val_if_fail (text != NULL, NULL);

  if (len > 1 && title[len - 1] == '.' && title[len - 2] != '.' && strstr (title, ". ") == NULL)
    title[len - 1] = '\0';
  return g_steal_pointer (&title);
}

AdwToast *
adept_ui_toast_new (const char *text)
{
  g_autofree char *title = adept_ui_dup_toast_title (text);

  return adw_toast_new (title);
}

void
adept_ui_toast (GtkWidget  *from,
                const char *title)
{
  adept_ui_toast_full (from, title, 5, NULL, NULL);
}

/* A dialog asking for one line of text */

typedef struct {
  AdeptUiTextCheck  check;
  char             *accept_id;
} TextDialog;

static void
text_dialog_free (TextDialog *data)
{
  g_free (data->accept_id);
  g_free (data);
}

char *
adept_ui_text_dialog_dup_text (AdwMessageDialog *dialog)
{
  GtkEditable *entry;

  g_return_val_if_fail (ADW_IS_MESSAGE_DIALOG (dialog), NULL);

  entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  return g_strstrip (g_strdup (gtk_editable_get_text (entry)));
}

static void
on_text_changed (AdwMessageDialog *dialog)
{
  TextDialog *data = g_object_get_data (G_OBJECT (dialog), "adept-text-dialog");
  g_autofree char *text = adept_ui_text_dialog_dup_text (dialog);

  adw_message_dialog_set_response_enabled (dialog, data->accept_id,
                                           data->check ? data->check (text) : *text != '\0');
}

AdwMessageDialog *
adept_ui_text_dialog_new (GtkWindow        *parent,
                          const char       *heading,
                          const char       *body,
                          const char       *placeholder,
                          const char       *accept_id,
                          const char       *accept_label,
                          AdeptUiTextCheck  check)
{
  AdwMessageDialog *dialog;
  GtkWidget *entry = gtk_entry_new ();
  TextDialog *data = g_new0 (TextDialog, 1);

  g_return_val_if_fail (accept_id != NULL && accept_label != NULL, NULL);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, heading, body));
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  placeholder, -1);
  adw_message_dialog_set_extra_child (dialog, entry);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), accept_id, accept_label, NULL);
  adw_message_dialog_set_response_appearance (dialog, accept_id, ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, accept_id);
  adw_message_dialog_set_close_response (dialog, "cancel");
  adw_message_dialog_set_response_enabled (dialog, accept_id, FALSE);

  data->check = check;
  data->accept_id = g_strdup (accept_id);
  g_object_set_data_full (G_OBJECT (dialog), "adept-text-dialog", data,
                          (GDestroyNotify) text_dialog_free);
  g_signal_connect_object (entry, "changed", G_CALLBACK (on_text_changed), dialog,
                           G_CONNECT_SWAPPED);
  return dialog;
}

/* Hyphenation. Pango inserts a hyphen where it breaks a word to wrap: "Organiz-ation",
 * and inside identifiers a hyphen that is not part of them (a serial, a UUID, an email).
 * Values and labels wrap where their text allows, or at a character, never with one. */

static PangoAttrList *
without_hyphens (PangoAttrList *attrs)
{
  PangoAttrList *copy = attrs != NULL ? pango_attr_list_copy (attrs) : pango_attr_list_new ();

  pango_attr_list_insert (copy, pango_attr_insert_hyphens_new (FALSE));
  return copy;
}

static gboolean
has_no_hyphens (PangoAttrList *attrs)
{
  g_autoptr(PangoAttrIterator) iter = NULL;
  PangoAttribute *attr;

  if (attrs == NULL)
    return FALSE;
  iter = pango_attr_list_get_iterator (attrs);
  attr = pango_attr_iterator_get (iter, PANGO_ATTR_INSERT_HYPHENS);
  return attr != NULL && !((PangoAttrInt *) attr)->value;
}

void
adept_ui_label_no_hyphens (GtkLabel *label)
{
  g_autoptr(PangoAttrList) attrs = NULL;

  g_return_if_fail (GTK_IS_LABEL (label));

  if (has_no_hyphens (gtk_label_get_attributes (label)))
    return;
  attrs = without_hyphens (gtk_label_get_attributes (label));
  gtk_label_set_attributes (label, attrs);
}

gboolean
adept_ui_label_get_no_hyphens (GtkLabel *label)
{
  g_return_val_if_fail (GTK_IS_LABEL (label), FALSE);

  return has_no_hyphens (gtk_label_get_attributes (label));
}

void
adept_ui_widget_no_hyphens (GtkWidget *widget)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (GTK_IS_LABEL (widget))
    adept_ui_label_no_hyphens (GTK_LABEL (widget));
  else if (GTK_IS_INSCRIPTION (widget) &&
           !has_no_hyphens (gtk_inscription_get_attributes (GTK_INSCRIPTION (widget))))
    {
      g_autoptr(PangoAttrList) attrs =
        without_hyphens (gtk_inscription_get_attributes (GTK_INSCRIPTION (widget)));

      gtk_inscription_set_attributes (GTK_INSCRIPTION (widget), attrs);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    adept_ui_widget_no_hyphens (child);
}

/* Tooltips of cut text */

static gboolean
on_inscription_query_tooltip (GtkWidget  *widget,
                              int         x,
                              int         y,
                              gboolean    keyboard,
                              GtkTooltip *tooltip)
{
  if (!adept_ui_inscription_is_cut (GTK_INSCRIPTION (widget)))
    return FALSE;
  gtk_tooltip_set_text (tooltip, gtk_inscription_get_text (GTK_INSCRIPTION (widget)));
  return TRUE;
}

void
adept_ui_inscription_tooltip_when_cut (GtkInscription *inscription)
{
  g_return_if_fail (GTK_IS_INSCRIPTION (inscription));

  gtk_widget_set_has_tooltip (GTK_WIDGET (inscription), TRUE);
  g_signal_connect (inscription, "query-tooltip", G_CALLBACK (on_inscription_query_tooltip), NULL);
}

gboolean
adept_ui_inscription_is_cut (GtkInscription *inscription)
{
  const char *text;
  g_autoptr(PangoLayout) layout = NULL;
  int width;

  g_return_val_if_fail (GTK_IS_INSCRIPTION (inscription), FALSE);

  text = gtk_inscription_get_text (inscription);
  if (text == NULL || *text == '\0')
    return FALSE;
  layout = gtk_widget_create_pango_layout (GTK_WIDGET (inscription), text);
  pango_layout_get_pixel_size (layout, &width, NULL);
  return width > gtk_widget_get_width (GTK_WIDGET (inscription));
}

void
adept_ui_set_action_tooltip (GtkWidget  *root,
                             const char *action_name,
                             const char *tooltip)
{
  g_return_if_fail (GTK_IS_WIDGET (root));

  if (GTK_IS_ACTIONABLE (root) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (root)), action_name) == 0 &&
      g_strcmp0 (gtk_widget_get_tooltip_text (root), tooltip) != 0)
    gtk_widget_set_tooltip_text (root, tooltip);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    adept_ui_set_action_tooltip (child, action_name, tooltip);
}

gboolean
adept_ui_label_get_hyphens (GtkLabel *label)
{
  return !adept_ui_label_get_no_hyphens (label);
}

static GtkLabel *
find_title_label (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "title"))
    return GTK_LABEL (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = find_title_label (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkLabel *
adept_ui_row_get_title_label (AdwPreferencesRow *row)
{
  g_return_val_if_fail (ADW_IS_PREFERENCES_ROW (row), NULL);

  return find_title_label (GTK_WIDGET (row));
}

/* Every label is seen when it is mapped (it may be made to wrap after it was built). */
static gboolean
on_widget_map (GSignalInvocationHint *hint,
               guint                  n_values,
               const GValue          *values,
               gpointer               user_data)
{
  GObject *object = g_value_get_object (&values[0]);

  if (GTK_IS_LABEL (object) && gtk_label_get_wrap (GTK_LABEL (object)))
    adept_ui_label_no_hyphens (GTK_LABEL (object));
  return TRUE;
}

void
adept_ui_install_no_hyphens (void)
{
  static gsize installed;

  if (g_once_init_enter (&installed))
    {
      /* The signal exists once the class is made; it stays made for the process. */
      g_type_class_ref (GTK_TYPE_LABEL);
      g_signal_add_emission_hook (g_signal_lookup ("map", GTK_TYPE_WIDGET), 0, on_widget_map,
                                  NULL, NULL);
      g_once_init_leave (&installed, 1);
    }
}

/* Values */

void
adept_ui_value_label_set (GtkLabel   *label,
                          const char *value)
{
  g_return_if_fail (GTK_IS_LABEL (label));

  gtk_label_set_label (label, value ? value : "");
  if (gtk_label_get_ellipsize (label) != PANGO_ELLIPSIZE_NONE)
    gtk_widget_set_tooltip_text (GTK_WIDGET (label), value && *value ? value : NULL);
}

GtkWidget *
adept_ui_value_label_new (const char *value,
                          gboolean    ellipsize)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  if (ellipsize)
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  else
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
    }
  adept_ui_label_no_hyphens (GTK_LABEL (label));
  adept_ui_value_label_set (GTK_LABEL (label), value);
  return label;
}

/* Disabled actions say why */

static void
explain (GtkWidget  *widget,
         const char *action_name,
         const char *why)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_ACTIONABLE (child) &&
          g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (child)), action_name) == 0)
        {
          if (g_object_get_data (G_OBJECT (child), "adept-tooltip") == NULL)
            g_object_set_data_full (G_OBJECT (child), "adept-tooltip",
                                    g_strdup (gtk_widget_get_tooltip_text (child)
                                              ? gtk_widget_get_tooltip_text (child) : ""),
                                    g_free);
          if (why != NULL)
            gtk_widget_set_tooltip_text (child, why);
          else
            {
              const char *own = g_object_get_data (G_OBJECT (child), "adept-tooltip");

              gtk_widget_set_tooltip_text (child, *own ? own : NULL);
            }
        }
      explain (child, action_name, why);
    }
}

void
adept_ui_explain_action (GtkWidget  *root,
                         const char *action_name,
                         const char *why)
{
  g_return_if_fail (GTK_IS_WIDGET (root));
  g_return_if_fail (action_name != NULL);

  explain (root, action_name, why);
}

void
adept_ui_row_set_subtitle (AdwActionRow *row,
                           const char   *subtitle)
{
  g_return_if_fail (ADW_IS_ACTION_ROW (row));

  adw_action_row_set_subtitle (row, subtitle ? subtitle : "");
  /* Rows show a few lines at most: the whole text is a hover (and a screen reader) away. */
  gtk_widget_set_tooltip_text (GTK_WIDGET (row), subtitle && *subtitle ? subtitle : NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  subtitle ? subtitle : "", -1);
}

GFile *
adept_ui_dup_downloads_folder (void)
{
  const char *downloads = g_get_user_special_dir (G_USER_DIRECTORY_DOWNLOAD);

  if (downloads == NULL || !g_file_test (downloads, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *fallback = g_build_filename (g_get_home_dir (), "Downloads", NULL);

      if (g_file_test (fallback, G_FILE_TEST_IS_DIR))
        return g_file_new_for_path (fallback);
      downloads = g_get_home_dir ();
    }
  return g_file_new_for_path (downloads);
}

char *
adept_ui_suggest_server_id (const char *name)
{
  char *id;

  g_return_val_if_fail (name != NULL, NULL);

  id = g_ascii_strdown (name, -1);
  g_strcanon (id, "abcdefghijklmnopqrstuvwxyz0123456789._-", '-');
  if (strlen (id) > 64)
    id[64] = '\0';
  return id;
}

GtkFileChooserNative *
adept_ui_open_chooser_new (GtkWindow          *parent,
                           const char         *title,
                           const char         *filter_name,
                           const char * const *patterns)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (title, parent, GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Choose"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (filter, filter_name);
  for (guint i = 0; patterns[i] != NULL; i++)
    gtk_file_filter_add_pattern (filter, patterns[i]);
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (chooser), filter);
  return chooser;
}

void
adept_ui_chooser_clear (GtkFileChooserNative **slot)
{
  if (*slot != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (*slot));
  g_clear_object (slot);
}

typedef struct {
  GtkFileChooserNative **slot;
  AdeptUiFileChosen      chosen;
} ChooserTarget;

static void
chooser_answered (GtkFileChooserNative *chooser,
                  int                   response,
                  gpointer              owner)
{
  ChooserTarget *target = g_object_get_data (G_OBJECT (chooser), "adept-ui-chooser-target");
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (*target->slot == chooser)
    adept_ui_chooser_clear (target->slot);
  target->chosen (owner, file);
}

void
adept_ui_choose_file (GtkWindow             *parent,
                      const char            *title,
                      const char            *filter_name,
                      const char * const    *patterns,
                      gpointer               owner,
                      GtkFileChooserNative **slot,
                      AdeptUiFileChosen      chosen)
{
  GtkFileChooserNative *chooser = adept_ui_open_chooser_new (parent, title, filter_name, patterns);
  ChooserTarget *target = g_new (ChooserTarget, 1);

  target->slot = slot;
  target->chosen = chosen;
  g_object_set_data_full (G_OBJECT (chooser), "adept-ui-chooser-target", target, g_free);
  /* Connected to the owner: a chooser that outlives it calls nothing. */
  g_signal_connect_object (chooser, "response", G_CALLBACK (chooser_answered), owner, 0);
  adept_ui_chooser_clear (slot);
  *slot = chooser;
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
