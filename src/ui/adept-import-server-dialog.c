/* adept-import-server-dialog.c — Import Server…: the file, its passphrase, the name here
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-import-server-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "adept-context.h"
#include "adept-direct-session.h"
#include "adept-import-server-dialog.h"
#include "adept-secret.h"
#include "adept-session-list.h"
#include "adept-ui-util.h"

struct _AdeptImportServerDialog
{
  AdwWindow             parent_instance;

  /* Template widgets */
  GtkButton            *import_button;
  AdwActionRow         *file_row;
  GtkButton            *choose_button;
  AdwEntryRow          *passphrase_row;
  AdwPreferencesGroup  *id_group;
  AdwEntryRow          *id_row;
  GtkRevealer          *status_revealer;
  GtkLabel             *status_label;

  /* Owned */
  AdeptApplication     *application;    /* weak */
  AdeptSession         *session;        /* the unlinked server to link, or NULL: a new one */
  AdeptSession         *importing;      /* under way */
  GFile                *file;
  GtkFileChooserNative *chooser;
  GCancellable         *cancellable;
  char                 *error;
  gboolean              id_edited;
  gboolean              setting_id;
};

G_DEFINE_FINAL_TYPE (AdeptImportServerDialog, adept_import_server_dialog, ADW_TYPE_WINDOW)

enum {
  SERVER_IMPORTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_error (AdeptImportServerDialog *self,
            const char              *sentence)
{
  g_free (self->error);
  self->error = g_strdup (sentence);
  gtk_label_set_label (self->status_label, sentence != NULL ? sentence : "");
  adept_revealer_set_shown (self->status_revealer, sentence != NULL);
}

static void
update (AdeptImportServerDialog *self)
{
  const char *id = gtk_editable_get_text (GTK_EDITABLE (self->id_row));
  gboolean idle = self->importing == NULL;
  gboolean ready = idle && self->file != NULL &&
                   *gtk_editable_get_text (GTK_EDITABLE (self->passphrase_row)) != '\0' &&
                   (self->session != NULL || adept_context_is_valid_server_id (id));

  gtk_widget_set_visible (GTK_WIDGET (self->id_group), self->session == NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->import_button), ready);
  gtk_widget_set_sensitive (GTK_WIDGET (self->file_row), idle);
  gtk_widget_set_sensitive (GTK_WIDGET (self->passphrase_row), idle);
  gtk_widget_set_sensitive (GTK_WIDGET (self->id_row), idle);
}

static void
on_input_changed (AdeptImportServerDialog *self)
{
  show_error (self, NULL);
  update (self);
}

static void
on_id_changed (AdeptImportServerDialog *self)
{
  if (!self->setting_id)
    self->id_edited = *gtk_editable_get_text (GTK_EDITABLE (self->id_row)) != '\0';
  on_input_changed (self);
}

/* The file */

void
adept_import_server_dialog_set_file (AdeptImportServerDialog *self,
                                     GFile                   *file)
{
  g_autofree char *name = NULL;
  g_autofree char *shown = NULL;

  g_return_if_fail (ADEPT_IS_IMPORT_SERVER_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));

  g_set_object (&self->file, file);
  shown = g_file_get_parse_name (file);
  adw_action_row_set_subtitle (self->file_row, shown);
  /* "main-campus.p12", as Export Server… proposes it, names the server again. */
  name = g_file_get_basename (file);
  if (!self->id_edited && name != NULL)
    {
      g_autofree char *id = NULL;

      if (g_str_has_suffix (name, ".p12"))
        name[strlen (name) - 4] = '\0';
      id = adept_ui_suggest_server_id (name);
      self->setting_id = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->id_row), id);
      self->setting_id = FALSE;
    }
  on_input_changed (self);
}

static void
file_chosen (gpointer  owner,
             GFile    *file)
{
  if (file != NULL)
    adept_import_server_dialog_set_file (owner, file);
}

static void
on_choose_clicked (AdeptImportServerDialog *self)
{
  adept_ui_choose_file (GTK_WINDOW (self), _("Choose the Exported Server"),
                        _("Exported servers (.p12)"), (const char * const []) { "*.p12", NULL },
                        self, &self->chooser, file_chosen);
}

/* Import */

static void
imported (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(AdeptImportServerDialog) self = user_data;
  g_autoptr(AdeptSession) session = g_steal_pointer (&self->importing);
  g_autoptr(GError) error = NULL;

  if (adept_session_import_finish (session, result, &error))
    {
      g_signal_emit (self, signals[SERVER_IMPORTED], 0, session);
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }
  /* Refused before anything was stored: a server added for it leaves the list again. */
  if (self->session == NULL && self->application != NULL)
    adept_application_forget_server (self->application, session);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  show_error (self, error->message);
  update (self);
}

static void
on_import_clicked (AdeptImportServerDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptSecret) passphrase = NULL;
  g_autofree char *path = NULL;
  AdeptSession *session = self->session;

  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->import_button)))
    return;
  path = g_file_get_path (self->file);
  if (path == NULL)
    {
      show_error (self, _("The file must be on this computer. Copy it to a local folder and choose it there."));
      return;
    }
  show_error (self, NULL);
  if (session == NULL)
    {
      if (self->application == NULL)
        return;
      session = adept_application_add_server (self->application,
                                              gtk_editable_get_text (GTK_EDITABLE (self->id_row)),
                                              ADEPT_SERVER_KIND_NAME_LOCAL, &error);
      if (session == NULL)
        {
          show_error (self, error->message);
          return;
        }
    }
  passphrase = adept_secret_strdup (gtk_editable_get_text (GTK_EDITABLE (self->passphrase_row)));
  self->importing = g_object_ref (session);
  g_set_object (&self->cancellable, g_cancellable_new ());
  adept_session_import_async (session, path, passphrase, self->cancellable, imported,
                              g_object_ref (self));
  update (self);
}

static void
on_cancel_clicked (AdeptImportServerDialog *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

/* GObject */

static gboolean
adept_import_server_dialog_close_request (GtkWindow *window)
{
  AdeptImportServerDialog *self = ADEPT_IMPORT_SERVER_DIALOG (window);

  /* An import under way is taken back when it answers (imported()). */
  g_cancellable_cancel (self->cancellable);
  return GTK_WINDOW_CLASS (adept_import_server_dialog_parent_class)->close_request (window);
}

static void
adept_import_server_dialog_dispose (GObject *object)
{
  AdeptImportServerDialog *self = ADEPT_IMPORT_SERVER_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  adept_ui_chooser_clear (&self->chooser);
  g_clear_weak_pointer (&self->application);
  g_clear_object (&self->session);
  g_clear_object (&self->file);
  gtk_widget_dispose_template (GTK_WIDGET (object), ADEPT_TYPE_IMPORT_SERVER_DIALOG);
  G_OBJECT_CLASS (adept_import_server_dialog_parent_class)->dispose (object);
}

static void
adept_import_server_dialog_finalize (GObject *object)
{
  AdeptImportServerDialog *self = ADEPT_IMPORT_SERVER_DIALOG (object);

  g_free (self->error);
  G_OBJECT_CLASS (adept_import_server_dialog_parent_class)->finalize (object);
}

static void
adept_import_server_dialog_class_init (AdeptImportServerDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = adept_import_server_dialog_dispose;
  object_class->finalize = adept_import_server_dialog_finalize;
  window_class->close_request = adept_import_server_dialog_close_request;

  signals[SERVER_IMPORTED] = g_signal_new ("server-imported", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 1, ADEPT_TYPE_SESSION);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/adept/Adept/ui/adept-import-server-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, AdeptImportServerDialog, import_button);
  gtk_widget_class_bind_template_child (widget_class, AdeptImportServerDialog, file_row);
  gtk_widget_class_bind_template_child (widget_class, AdeptImportServerDialog, choose_button);
  gtk_widget_class_bind_template_child (widget_class, AdeptImportServerDialog, passphrase_row);
  gtk_widget_class_bind_template_child (widget_class, AdeptImportServerDialog, id_group);
  gtk_widget_class_bind_template_child (widget_class, AdeptImportServerDialog, id_row);
  gtk_widget_class_bind_template_child (widget_class, AdeptImportServerDialog, status_revealer);
  gtk_widget_class_bind_template_child (widget_class, AdeptImportServerDialog, status_label);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_import_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_choose_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_input_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_id_changed);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
adept_import_server_dialog_init (AdeptImportServerDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  adept_revealer_init_hiding (self->status_revealer);
  adw_action_row_set_subtitle (self->file_row, _("None chosen"));
}

AdeptImportServerDialog *
adept_import_server_dialog_new (GtkWindow        *parent,
                                AdeptApplication *application,
                                AdeptSession     *session)
{
  AdeptImportServerDialog *self;

  g_return_val_if_fail (ADEPT_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (session == NULL || ADEPT_IS_SESSION (session), NULL);

  self = g_object_new (ADEPT_TYPE_IMPORT_SERVER_DIALOG, "transient-for", parent, NULL);
  g_set_weak_pointer (&self->application, application);
  g_set_object (&self->session, session);
  if (session != NULL)
    {
      g_autofree char *title = g_strdup_printf (_("Import into “%s”"), adept_session_get_display_name (session));

      gtk_window_set_title (GTK_WINDOW (self), title);
    }
  update (self);
  return self;
}

GtkFileChooserNative *
adept_import_server_dialog_get_chooser (AdeptImportServerDialog *self)
{
  g_return_val_if_fail (ADEPT_IS_IMPORT_SERVER_DIALOG (self), NULL);
  return self->chooser;
}

GtkEditable *
adept_import_server_dialog_get_passphrase_row (AdeptImportServerDialog *self)
{
  g_return_val_if_fail (ADEPT_IS_IMPORT_SERVER_DIALOG (self), NULL);
  return GTK_EDITABLE (self->passphrase_row);
}

GtkEditable *
adept_import_server_dialog_get_id_row (AdeptImportServerDialog *self)
{
  g_return_val_if_fail (ADEPT_IS_IMPORT_SERVER_DIALOG (self), NULL);
  return GTK_EDITABLE (self->id_row);
}

GtkButton *
adept_import_server_dialog_get_import_button (AdeptImportServerDialog *self)
{
  g_return_val_if_fail (ADEPT_IS_IMPORT_SERVER_DIALOG (self), NULL);
  return self->import_button;
}

gboolean
adept_import_server_dialog_get_busy (AdeptImportServerDialog *self)
{
  g_return_val_if_fail (ADEPT_IS_IMPORT_SERVER_DIALOG (self), FALSE);
  return self->importing != NULL;
}

const char *
adept_import_server_dialog_get_error (AdeptImportServerDialog *self)
{
  g_return_val_if_fail (ADEPT_IS_IMPORT_SERVER_DIALOG (self), NULL);
  return self->error;
}

GtkButton *
adept_import_server_dialog_get_choose_button (AdeptImportServerDialog *self)
{
  g_return_val_if_fail (ADEPT_IS_IMPORT_SERVER_DIALOG (self), NULL);
  return self->choose_button;
}

gboolean
adept_import_server_dialog_get_asks_name (AdeptImportServerDialog *self)
{
  g_return_val_if_fail (ADEPT_IS_IMPORT_SERVER_DIALOG (self), FALSE);
  return gtk_widget_get_visible (GTK_WIDGET (self->id_group));
}
