/* adept-settings-page-key.c — the MDM public key once linked (download again, fingerprint),
 * and Import Key Pair…: a key and certificate another MDM or computer used
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-settings-page"

#include "config.h"

#include <glib/gi18n.h>

#include "adept-direct-session.h"
#include "adept-error.h"
#include "adept-input.h"
#include "adept-secret.h"
#include "adept-settings-page-private.h"
#include "adept-ui-util.h"
#include "adept-util.h"

/* The linked page's MDM Public Key group */

void
_adept_settings_page_update_key (AdeptSettingsPage *self)
{
  AdeptServer *server = self->session ? adept_session_get_server (self->session) : NULL;
  const char *fingerprint = server ? adept_server_get_certificate_fingerprint (server) : NULL;
  GtkWidget *label = g_object_get_data (G_OBJECT (self->fingerprint_row), "value-label");
  GDateTime *not_after = server ? adept_server_get_certificate_not_after (server) : NULL;
  g_autofree char *subtitle = NULL;

  if (not_after != NULL)
    {
      g_autofree char *date = adept_format_date (not_after);

      /* Translators: %s is a date. */
      subtitle = g_strdup_printf (_("The key the server token is made for. Its certificate is "
                                    "valid until %s."), date);
    }
  else
    subtitle = g_strdup (_("The key the server token is made for."));
  adept_ui_row_set_subtitle (self->public_key_row, subtitle);

  adept_ui_value_label_set (GTK_LABEL (label),
                            fingerprint && *fingerprint ? fingerprint : _("Not known yet"));
  if (fingerprint && *fingerprint)
    gtk_widget_remove_css_class (label, "dim-label");
  else
    gtk_widget_add_css_class (label, "dim-label");
}

/* Import Key Pair… */

typedef struct {
  char        *key_pem;   /* secret memory */
  char        *cert_pem;
} ImportData;

static void
import_data_free (ImportData *data)
{
  adept_secret_free (data->key_pem);
  g_free (data->cert_pem);
  g_free (data);
}

static void
key_imported (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(AdeptSettingsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptKeyPair) key_pair = NULL;

  key_pair = adept_direct_session_import_key_pair_finish (ADEPT_DIRECT_SESSION (source), result,
                                                          &error);
  if (self->state_stack == NULL || (GObject *) self->session != source)
    return;
  _adept_settings_page_set_busy (self, FALSE);
  if (key_pair == NULL)
    _adept_settings_page_show_error (self, error);
  else
    adept_ui_toast (GTK_WIDGET (self), _("Key pair imported: now select the server token made for it"));
  _adept_settings_page_update_steps (self);
  _adept_settings_page_update_key (self);
}

static gboolean
read_import_files (AdeptSettingsPage  *self,
                   ImportData         *data,
                   GError            **error)
{
  g_autoptr(GBytes) key = NULL;
  g_autoptr(GBytes) cert = NULL;

  /* The one bounded reader of outside input; the key goes to secret memory at once. */
  key = adept_input_read_gfile (self->import_files[0], ADEPT_INPUT_PRIVATE_KEY, NULL, error);
  if (key == NULL)
    return FALSE;
  cert = adept_input_read_gfile (self->import_files[1], ADEPT_INPUT_CERTIFICATE, NULL, error);
  if (cert == NULL)
    return FALSE;
  data->key_pem = adept_secret_strndup (g_bytes_get_data (key, NULL), g_bytes_get_size (key));
  data->cert_pem = g_strndup (g_bytes_get_data (cert, NULL), g_bytes_get_size (cert));
  return TRUE;
}

static void
run_import (AdeptSettingsPage *self)
{
  g_autoptr(GError) error = NULL;
  ImportData *data = g_new0 (ImportData, 1);

  if (!ADEPT_IS_DIRECT_SESSION (self->session) || !read_import_files (self, data, &error))
    {
      import_data_free (data);
      if (error != NULL)
        _adept_settings_page_show_error (self, error);
      return;
    }
  _adept_settings_page_clear_error (self);
  _adept_settings_page_set_busy (self, TRUE);
  /* Unlinked only (the action is off once linked): a key pair made for Download replaced by
   * the one the token was made for is what the admin asks for. */
  adept_direct_session_import_key_pair_async (ADEPT_DIRECT_SESSION (self->session),
                                              data->key_pem, data->cert_pem,
                                              ADEPT_SERVER_KEY_REPLACE, self->cancellable,
                                              key_imported, g_object_ref (self));
  import_data_free (data);
}

static void
import_response (AdeptSettingsPage *self,
                 const char        *response,
                 AdwMessageDialog  *dialog)
{
  if (g_str_equal (response, "import"))
    run_import (self);
  for (guint i = 0; i < G_N_ELEMENTS (self->import_rows); i++)
    self->import_rows[i] = NULL;
}

static void
update_import_dialog (AdeptSettingsPage *self)
{
  gboolean ready = self->import_files[0] != NULL && self->import_files[1] != NULL;

  for (guint i = 0; i < G_N_ELEMENTS (self->import_rows); i++)
    if (self->import_rows[i] != NULL)
      {
        g_autofree char *name =
          self->import_files[i] ? g_file_get_basename (self->import_files[i]) : NULL;

        adept_ui_row_set_subtitle (ADW_ACTION_ROW (self->import_rows[i]),
                                   name ? name : _("No file chosen"));
      }
  if (self->dialog != NULL && self->import_rows[0] != NULL)
    adw_message_dialog_set_response_enabled (self->dialog, "import", ready);
}

void
_adept_settings_page_set_import_file (AdeptSettingsPage *self,
                                      guint              which,
                                      GFile             *file)
{
  g_return_if_fail (which < G_N_ELEMENTS (self->import_files));

  g_set_object (&self->import_files[which], file);
  update_import_dialog (self);
}

static void
import_file_chosen (GtkFileChooserNative *chooser,
                    int                   response,
                    AdeptSettingsPage    *self)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  guint which = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (chooser), "adept-which"));

  if (response == GTK_RESPONSE_ACCEPT && file != NULL)
    _adept_settings_page_set_import_file (self, which, file);
  _adept_settings_page_set_chooser (self, NULL);
}

static void
choose_import_file (GtkButton *button,
                    gpointer   user_data)
{
  AdeptSettingsPage *self = ADEPT_SETTINGS_PAGE (user_data);
  guint which = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "adept-which"));
  g_autoptr(GtkFileChooserNative) chooser = NULL;
  g_autoptr(GtkFileFilter) pem = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();
  g_autoptr(GFile) downloads = adept_ui_dup_downloads_folder ();

  chooser = gtk_file_chooser_native_new (which == 0 ? _("Select the Private Key")
                                                    : _("Select the Certificate"),
                                         GTK_WINDOW (self->dialog),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Select"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (pem, _("PEM files (.pem, .key, .crt)"));
  gtk_file_filter_add_pattern (pem, "*.pem");
  gtk_file_filter_add_pattern (pem, "*.key");
  gtk_file_filter_add_pattern (pem, "*.crt");
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), pem);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), downloads, NULL);
  g_object_set_data (G_OBJECT (chooser), "adept-which", GUINT_TO_POINTER (which));
  g_signal_connect_object (chooser, "response", G_CALLBACK (import_file_chosen), self, 0);
  _adept_settings_page_set_chooser (self, chooser);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static GtkWidget *
import_row_new (AdeptSettingsPage *self,
                guint              which)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Choose…"));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 which == 0 ? _("Private Key") : _("Certificate"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  which == 0 ? _("Choose the private key file")
                                             : _("Choose the certificate file"), -1);
  g_object_set_data (G_OBJECT (button), "adept-which", GUINT_TO_POINTER (which));
  g_signal_connect (button, "clicked", G_CALLBACK (choose_import_file), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), button);
  self->import_rows[which] = row;
  return row;
}

void
_adept_settings_page_import_key (AdeptSettingsPage *self)
{
  GtkWidget *dialog;
  GtkWidget *list = gtk_list_box_new ();

  for (guint i = 0; i < G_N_ELEMENTS (self->import_files); i++)
    g_clear_object (&self->import_files[i]);
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_append (GTK_LIST_BOX (list), import_row_new (self, 0));
  gtk_list_box_append (GTK_LIST_BOX (list), import_row_new (self, 1));

  dialog = adw_message_dialog_new (_adept_settings_page_get_parent (self),
                                   _("Import a Key Pair?"),
                                   _("Use the private key and certificate (PEM files) the server "
                                     "token was made for, as another MDM or another computer "
                                     "used them. They replace the key pair made here; the "
                                     "private key goes to the keyring."));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "import", _("_Import"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "import",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (import_response), self,
                           G_CONNECT_SWAPPED);
  _adept_settings_page_set_dialog (self, ADW_MESSAGE_DIALOG (dialog));
  update_import_dialog (self);
  gtk_window_present (GTK_WINDOW (dialog));
}
