/* adept-settings-page-transfer.c — Export Server… and Import Server…: a server moved to a
 * replacement computer without a new token (issue 16, "nothing lost when a laptop dies")
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-settings-page"

#include "config.h"

#include <glib/gi18n.h>

#include "adept-direct-session.h"
#include "adept-passphrase-form.h"
#include "adept-secret.h"
#include "adept-settings-page-private.h"
#include "adept-ui-util.h"
#include "adept-window.h"

gboolean
_adept_settings_page_can_transfer (AdeptSettingsPage *self)
{
  /* A NanoDEP server keeps the key pair and the token: the console has none to move. */
  return self->session != NULL && ADEPT_IS_DIRECT_SESSION (self->session);
}

/* Export */

static void
exported (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(AdeptSettingsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_object_steal_data (G_OBJECT (self), "adept-export-path");
  g_autofree char *name = path != NULL ? g_path_get_basename (path) : NULL;
  g_autofree char *title = NULL;

  if (!adept_session_export_finish (ADEPT_SESSION (source), result, &error))
    {
      if ((GObject *) self->session == source)
        {
          _adept_settings_page_set_busy (self, FALSE);
          _adept_settings_page_show_error (self, error);
        }
      return;
    }
  if ((GObject *) self->session == source)
    _adept_settings_page_set_busy (self, FALSE);
  /* Translators: a toast once Export Server… wrote its file; %s is the file's name. */
  title = g_strdup_printf (_("Server exported to “%s”"), name);
  adept_ui_toast (GTK_WIDGET (self), title);
}

/* The passphrase rides on the chooser: a chooser dropped unanswered takes it along. */
static void
export_file_chosen (AdeptSettingsPage    *self,
                    int                   response,
                    GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  AdeptSecret *passphrase = g_object_get_data (G_OBJECT (chooser), "adept-passphrase");

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  path = file != NULL ? g_file_get_path (file) : NULL;
  if (path != NULL && self->session != NULL && !self->busy)
    {
      _adept_settings_page_clear_error (self);
      _adept_settings_page_set_busy (self, TRUE);
      g_object_set_data_full (G_OBJECT (self), "adept-export-path", g_strdup (path), g_free);
      adept_session_export_async (self->session, path, passphrase, self->cancellable, exported,
                                  g_object_ref (self));
    }
  _adept_settings_page_set_chooser (self, NULL);
}

static void
choose_export_file (AdeptSettingsPage *self,
                    AdeptSecret       *passphrase)
{
  g_autoptr(GtkFileChooserNative) chooser = NULL;
  g_autofree char *name = g_strdup_printf ("%s.p12", adept_session_get_id (self->session));

  chooser = gtk_file_chooser_native_new (_("Export the Server"), _adept_settings_page_get_parent (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_object_set_data_full (G_OBJECT (chooser), "adept-passphrase", passphrase,
                          (GDestroyNotify) adept_secret_free);
  g_signal_connect_object (chooser, "response", G_CALLBACK (export_file_chosen), self,
                           G_CONNECT_SWAPPED);
  _adept_settings_page_set_chooser (self, chooser);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
export_response (AdeptSettingsPage *self,
                 const char        *response,
                 AdwMessageDialog  *dialog)
{
  AdeptPassphraseForm *form = ADEPT_PASSPHRASE_FORM (adw_message_dialog_get_extra_child (dialog));

  if (!g_str_equal (response, "export") || !adept_passphrase_form_get_ready (form) ||
      self->session == NULL)
    return;
  choose_export_file (self, adept_passphrase_form_dup_passphrase (form));
}

static void
on_export_form_changed (AdwMessageDialog    *dialog,
                        GParamSpec          *pspec,
                        AdeptPassphraseForm *form)
{
  adw_message_dialog_set_response_enabled (dialog, "export", adept_passphrase_form_get_ready (form));
}

void
_adept_settings_page_export_server (AdeptSettingsPage *self)
{
  g_autofree char *heading = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *form = adept_passphrase_form_new ();

  if (!_adept_settings_page_can_transfer (self) || !adept_session_get_linked (self->session))
    return;
  heading = g_strdup_printf (_("Export “%s”?"), adept_session_get_display_name (self->session));
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (
    _adept_settings_page_get_parent (self), heading,
    _("One file, encrypted with a passphrase, holds this server’s private key, its server token "
      "and every Activation Lock bypass code kept here: another computer imports it and goes on "
      "without a new token. Whoever has the file and the passphrase can act as this MDM server, "
      "so keep them apart, and the file off this computer.")));
  adw_message_dialog_set_extra_child (dialog, form);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "export", _("_Choose File…"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "export", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (dialog, "export", FALSE);
  adw_message_dialog_set_default_response (dialog, "export");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (form, "notify::ready", G_CALLBACK (on_export_form_changed), dialog,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "response", G_CALLBACK (export_response), self, G_CONNECT_SWAPPED);
  gtk_widget_set_name (GTK_WIDGET (dialog), "export-server");
  _adept_settings_page_set_dialog (self, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Import: into this unlinked server, from the link steps. The window presents the dialog
 * and shows the server's devices once it is linked. */

void
_adept_settings_page_import_server (AdeptSettingsPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (!ADEPT_IS_WINDOW (root) || !_adept_settings_page_can_transfer (self) ||
      adept_session_get_linked (self->session))
    return;
  adept_window_present_import (ADEPT_WINDOW (root), self->session);
}
