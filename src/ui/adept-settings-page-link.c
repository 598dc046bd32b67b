/* adept-settings-page-link.c — the key, the token, link, renew and unlink: the page asks and
 * confirms, the session does
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-settings-page"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "adept-error.h"
#include "adept-nanodep-session.h"
#include "adept-settings-page-private.h"
#include "adept-ui-util.h"
#include "adept-util.h"

#define PUBLIC_KEY_FILE_NAME "Adept-DEP-public-key.pem"

/* An answer for the session the page showed when it asked: another server shown since, or
 * a page gone, takes no answer. */
static gboolean
still_showing (AdeptSettingsPage *self,
               GObject           *source)
{
  return self->state_stack != NULL && (GObject *) self->session == source;
}

static void
mark_step (GtkLabel   *number,
           const char *digit,
           gboolean    done)
{
  gtk_label_set_label (number, done ? "✓" : digit);
  if (done)
    gtk_widget_add_css_class (GTK_WIDGET (number), "step-done");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (number), "step-done");
}

/* A public key was made here, or (a NanoDEP server) downloaded from the server that keeps it. */
static gboolean
session_has_key (AdeptSession *session)
{
  g_autofree char *fingerprint = NULL;

  if (adept_server_has_key_pair (adept_session_get_server (session)))
    return TRUE;
  if (!ADEPT_IS_NANODEP_SESSION (session))
    return FALSE;
  fingerprint = adept_nanodep_session_dup_key_fingerprint (ADEPT_NANODEP_SESSION (session));
  return fingerprint != NULL;
}

void
_adept_settings_page_update_steps (AdeptSettingsPage *self)
{
  gboolean has_key = self->session != NULL && session_has_key (self->session);

  mark_step (self->step_key_number, "1", has_key);
  if (self->session != NULL && ADEPT_IS_NANODEP_SESSION (self->session))
    adw_action_row_set_subtitle (self->step_key_row,
                                 _("Save the public key the team’s NanoDEP server makes for this "
                                   "DEP name as a .pem file. Its private half stays there."));
  else
    adw_action_row_set_subtitle (self->step_key_row,
                                 _("Save this console’s public key as a .pem file. Its private "
                                   "half stays in the keyring."));
  mark_step (self->step_token_number, "3", self->pending_file != NULL);

  if (self->pending_file != NULL && self->pending_token == NULL)
    /* Only the server the kind uploads to can decrypt the token. */
    {
      g_autofree char *text = self->pending_name != NULL
                              ? g_strdup_printf (_("Token of “%s”."), self->pending_name)
                              : g_strdup (_("Server token selected."));

      adw_action_row_set_subtitle (self->step_upload_row, text);
    }
  else if (self->pending_token != NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autofree char *expiry =
        adept_format_expiry (adept_server_token_get_expiry (self->pending_token), now);
      g_autofree char *text = NULL;

      if (self->pending_name != NULL)
        /* Translators: the first %s is a server name, the second a date. */
        text = g_strdup_printf (_("Token of “%s”, expires %s."), self->pending_name, expiry);
      else
        text = g_strdup_printf (_("Token expires %s."), expiry);
      adw_action_row_set_subtitle (self->step_upload_row, text);
    }
  else
    adw_action_row_set_subtitle (self->step_upload_row, _("Select a server token first."));
  _adept_settings_page_update_actions (self);
}

static void
set_pending (AdeptSettingsPage *self,
             GFile             *file,
             AdeptServerToken  *token,
             const char        *name)
{
  g_set_object (&self->pending_file, file);
  g_set_object (&self->pending_token, token);
  adept_set_str (&self->pending_name, name);
  _adept_settings_page_update_steps (self);
}

void
_adept_settings_page_forget_pending (AdeptSettingsPage *self)
{
  g_clear_object (&self->pending_file);
  g_clear_object (&self->pending_token);
  g_clear_pointer (&self->pending_name, g_free);
}

/* A question with Cancel and one answer (accept_id): a suggested one is the default, a
 * destructive one leaves Cancel the default. response gets the answer. */
static void
ask (AdeptSettingsPage      *self,
     const char             *heading,
     const char             *body,
     const char             *accept_id,
     const char             *accept_label,
     AdwResponseAppearance   appearance,
     GCallback               response)
{
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (_adept_settings_page_get_parent (self),
                                                       heading, body));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), accept_id, accept_label, NULL);
  adw_message_dialog_set_response_appearance (dialog, accept_id, appearance);
  adw_message_dialog_set_default_response (dialog, appearance == ADW_RESPONSE_DESTRUCTIVE
                                                   ? "cancel" : accept_id);
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", response, self, G_CONNECT_SWAPPED);
  _adept_settings_page_set_dialog (self, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Step 1: Download MDM Public Key */

static void
key_saved (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(AdeptSettingsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_basename (G_FILE (source));

  if (self->state_stack == NULL)
    return;
  _adept_settings_page_set_busy (self, FALSE);
  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    {
      g_autoptr(GError) file_error =
        g_error_new (ADEPT_ERROR, ADEPT_ERROR_FILE,
                     _("The public key could not be saved as “%s”: %s"), name, error->message);

      _adept_settings_page_show_error (self, file_error);
    }
  else
    {
      g_autofree char *title = g_strdup_printf (_("Public key saved as “%s”: upload it in Apple "
                                                  "Business Manager"), name);

      adept_ui_toast (GTK_WIDGET (self), title);
    }
  _adept_settings_page_update_steps (self);
}

static void
key_ready_for_save (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(AdeptSettingsPage) self = user_data;
  GFile *file = g_object_get_data (G_OBJECT (self), "adept-key-file");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  char *pem;

  pem = adept_session_dup_public_key_finish (ADEPT_SESSION (source), result, &error);
  if (!still_showing (self, source))
    {
      g_free (pem);
      return;
    }
  if (pem == NULL)
    {
      _adept_settings_page_set_busy (self, FALSE);
      _adept_settings_page_show_error (self, error);
      _adept_settings_page_update_steps (self);
      return;
    }
  bytes = g_bytes_new_take (pem, strlen (pem));
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       self->cancellable, key_saved, g_object_ref (self));
}

static void
key_file_chosen (AdeptSettingsPage    *self,
                 int                   response,
                 GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  _adept_settings_page_set_chooser (self, NULL);
  if (response != GTK_RESPONSE_ACCEPT || file == NULL || self->session == NULL)
    return;

  _adept_settings_page_clear_error (self);
  _adept_settings_page_set_busy (self, TRUE);
  g_object_set_data_full (G_OBJECT (self), "adept-key-file", g_steal_pointer (&file),
                          g_object_unref);
  /* The key pair is made on first use; its private half goes to the keyring. */
  adept_session_dup_public_key_async (self->session, self->cancellable, key_ready_for_save,
                                      g_object_ref (self));
}

GtkFileFilter *
_adept_settings_page_pattern_filter (const char *name,
                                     const char *pattern)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  gtk_file_filter_add_pattern (filter, pattern);
  return filter;
}

static void show_key_chooser (AdeptSettingsPage *self);

static void
key_caution_response (AdeptSettingsPage *self,
                      const char        *response,
                      AdwMessageDialog  *dialog)
{
  if (g_str_equal (response, "download"))
    show_key_chooser (self);
}

/* Where a download undoes something (a key the server replaces), the admin confirms it. */
void
_adept_settings_page_download_key (AdeptSettingsPage *self)
{
  gboolean confirm = FALSE;
  g_autofree char *caution = adept_session_dup_caution (self->session, ADEPT_SESSION_CAUTION_KEY,
                                                        &confirm);

  if (!confirm)
    {
      show_key_chooser (self);
      return;
    }
  ask (self, _("Download a New Public Key?"), caution, "download", _("_Download New Key"),
       ADW_RESPONSE_DESTRUCTIVE, G_CALLBACK (key_caution_response));
}

static void
show_key_chooser (AdeptSettingsPage *self)
{
  g_autoptr(GtkFileChooserNative) chooser = NULL;
  g_autoptr(GtkFileFilter) filter = _adept_settings_page_pattern_filter (_("Public keys (.pem)"), "*.pem");
  g_autoptr(GFile) downloads = adept_ui_dup_downloads_folder ();

  chooser = gtk_file_chooser_native_new (_("Save MDM Public Key"),
                                         _adept_settings_page_get_parent (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  /* Where a browser would put it, not the folder the console happened to start in (GTK's
   * own choice, made once the dialog shows, overriding a folder chosen meanwhile). */
  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), downloads, NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), PUBLIC_KEY_FILE_NAME);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_signal_connect_object (chooser, "response", G_CALLBACK (key_file_chosen), self,
                           G_CONNECT_SWAPPED);
  _adept_settings_page_set_chooser (self, chooser);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Step 3: Select Server Token (or a drop), then the confirmation */

static void link_token (AdeptSettingsPage     *self,
                        AdeptSessionLinkFlags  flags);

static void
confirm_response (AdeptSettingsPage *self,
                  const char        *response,
                  AdwMessageDialog  *dialog)
{
  if (g_str_equal (response, "link"))
    link_token (self, ADEPT_SESSION_LINK_NONE);
  else if (g_str_equal (response, "replace"))
    link_token (self, ADEPT_SESSION_LINK_FORCE);
}

/* The token is for another MDM server than the one the kind's server has: maybe a
 * colleague's renewal. Replacing it is offered, behind its own confirmation. */
static void
confirm_force (AdeptSettingsPage *self,
               const GError      *error)
{
  g_autofree char *body = g_strdup_printf (_("%s\n\nReplace the server token only if this "
                                             "token is meant to take over from the one the "
                                             "team’s server uses."), error->message);

  ask (self, _("Replace the Team’s Server Token?"), body, "replace", _("_Replace Token"),
       ADW_RESPONSE_DESTRUCTIVE, G_CALLBACK (confirm_response));
}

static char *
describe_token (AdeptSettingsPage *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *expiry = NULL;
  GString *text = g_string_new (NULL);
  gboolean linked = adept_session_get_linked (self->session);
  const char *org = adept_session_get_account_fact (self->session, ADEPT_ACCOUNT_ORG_NAME);
  gboolean confirm = FALSE;
  g_autofree char *caution = adept_session_dup_caution (self->session,
                                                        ADEPT_SESSION_CAUTION_LINK, &confirm);

  /* A token renamed after download names no server: then the line is left out. */
  if (self->pending_name != NULL)
    {
      g_string_append_printf (text, _("MDM server: %s"), self->pending_name);
      g_string_append_c (text, '\n');
    }
  if (org != NULL)
    {
      g_string_append_printf (text, _("Organization: %s"), org);
      g_string_append_c (text, '\n');
    }
  if (self->pending_token != NULL)
    {
      expiry = adept_format_expiry (adept_server_token_get_expiry (self->pending_token), now);
      g_string_append_printf (text, _("Token expires: %s"), expiry);
      g_string_append_c (text, '\n');
    }
  g_string_append_c (text, '\n');
  if (caution != NULL)
    g_string_append (text, caution);
  else if (linked)
    g_string_append (text, _("The new token replaces the stored one in the keyring. Devices and "
                             "profiles stay as they are."));
  else
    g_string_append (text, _("Adept stores the token’s credentials in the keyring and asks Apple "
                             "for the server’s details."));
  return g_string_free (text, FALSE);
}

static void
confirm_token (AdeptSettingsPage *self)
{
  gboolean linked = adept_session_get_linked (self->session);
  g_autofree char *body = describe_token (self);
  g_autofree char *heading = NULL;

  if (linked)
    heading = g_strdup (_("Renew the Server Token?"));
  else if (self->pending_name != NULL)
    heading = g_strdup_printf (_("Link with “%s”?"), self->pending_name);
  else
    heading = g_strdup (_("Link with This MDM Server?"));

  ask (self, heading, body, "link", linked ? _("_Renew") : _("_Link"), ADW_RESPONSE_SUGGESTED,
       G_CALLBACK (confirm_response));
}

static void
token_inspected (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(AdeptSettingsPage) self = user_data;
  g_autoptr(GFile) file = g_object_steal_data (G_OBJECT (self), "adept-token-file");
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptServerToken) token = NULL;
  g_autofree char *basename = file ? g_file_get_basename (file) : NULL;
  g_autofree char *name = basename ? adept_server_token_guess_server_name (basename) : NULL;

  token = adept_session_inspect_token_finish (ADEPT_SESSION (source), result, &error);
  if (!still_showing (self, source))
    return;
  _adept_settings_page_set_busy (self, FALSE);
  /* Expired, or another server's: refused before anything is asked. */
  if (token != NULL && adept_session_check_token (self->session, token, name, &error))
    {
      set_pending (self, file, token, name);
      confirm_token (self);
    }
  else if (token == NULL && g_error_matches (error, ADEPT_ERROR, ADEPT_ERROR_FAILED))
    {
      /* A token only the kind's server decrypts: confirmed without its facts. */
      set_pending (self, file, NULL, name);
      confirm_token (self);
    }
  else if (error != NULL)
    _adept_settings_page_show_error (self, error);
}

void
_adept_settings_page_inspect_token (AdeptSettingsPage *self,
                                    GFile             *file)
{
  if (self->session == NULL)
    return;
  if (self->busy)
    {
      adept_ui_toast (GTK_WIDGET (self), _("Adept is busy: drop the token again in a moment"));
      return;
    }

  _adept_settings_page_clear_error (self);
  _adept_settings_page_set_busy (self, TRUE);
  g_object_set_data_full (G_OBJECT (self), "adept-token-file", g_object_ref (file), g_object_unref);
  adept_session_inspect_token_async (self->session, file, self->cancellable, token_inspected,
                                     g_object_ref (self));
}

static void
token_file_chosen (AdeptSettingsPage    *self,
                   int                   response,
                   GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  _adept_settings_page_set_chooser (self, NULL);
  if (response == GTK_RESPONSE_ACCEPT && file != NULL)
    _adept_settings_page_inspect_token (self, file);
}

void
_adept_settings_page_select_token (AdeptSettingsPage *self)
{
  g_autoptr(GtkFileChooserNative) chooser = NULL;
  g_autoptr(GtkFileFilter) tokens = _adept_settings_page_pattern_filter (_("Server tokens (.p7m)"), "*.p7m");
  g_autoptr(GtkFileFilter) all = _adept_settings_page_pattern_filter (_("All files"), "*");
  gboolean linked = adept_session_get_linked (self->session);
  g_autoptr(GFile) downloads = adept_ui_dup_downloads_folder ();

  chooser = gtk_file_chooser_native_new (linked ? _("Select the New Server Token")
                                                : _("Select Server Token"),
                                         _adept_settings_page_get_parent (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Select"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), tokens);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (chooser), tokens);
  /* Apple Business Manager's tokens arrive through the browser. */
  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), downloads, NULL);
  g_signal_connect_object (chooser, "response", G_CALLBACK (token_file_chosen), self,
                           G_CONNECT_SWAPPED);
  _adept_settings_page_set_chooser (self, chooser);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Step 4: Upload Server Token */

void
_adept_settings_page_upload_token (AdeptSettingsPage *self)
{
  if (self->pending_file != NULL && !self->busy)
    confirm_token (self);
}

static void
token_linked (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(AdeptSettingsPage) self = user_data;
  AdeptSession *session = ADEPT_SESSION (source);
  gboolean renewal = GPOINTER_TO_INT (g_object_steal_data (G_OBJECT (self), "adept-renewal"));
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  gboolean sync_after_link = FALSE;

  if (!adept_session_link_finish (session, result, &error))
    {
      if (still_showing (self, source))
        {
          _adept_settings_page_set_busy (self, FALSE);
          _adept_settings_page_show_error (self, error);
          if (g_error_matches (error, ADEPT_ERROR, ADEPT_ERROR_BACKEND_CONSUMER_KEY) &&
              !(GPOINTER_TO_INT (g_object_get_data (G_OBJECT (self), "adept-forced"))))
            confirm_force (self, error);
        }
      return;
    }
  if (!still_showing (self, source))
    return;

  _adept_settings_page_set_busy (self, FALSE);
  _adept_settings_page_forget_pending (self);
  _adept_settings_page_update_steps (self);
  if (renewal)
    title = g_strdup (_("Server token renewed"));
  else
    title = g_strdup_printf (_("Linked with “%s”"), adept_session_get_display_name (session));
  adept_ui_toast (GTK_WIDGET (self), title);

  /* A new link fetches the devices at once; a renewal changes no device. */
  g_object_get (self->settings, "sync-after-link", &sync_after_link, NULL);
  if (!renewal && sync_after_link)
    _adept_settings_page_force_sync (self);
}

static void
link_token (AdeptSettingsPage     *self,
            AdeptSessionLinkFlags  flags)
{
  /* In the demo the simulator stands in for Apple; its address is the one to keep. */
  const char *base_url = self->demo != NULL ? adept_demo_get_base_url (self->demo) : NULL;

  if (self->pending_file == NULL)
    return;
  _adept_settings_page_clear_error (self);
  _adept_settings_page_set_busy (self, TRUE);
  g_object_set_data (G_OBJECT (self), "adept-renewal",
                     GINT_TO_POINTER (adept_session_get_linked (self->session)));
  g_object_set_data (G_OBJECT (self), "adept-forced",
                     GINT_TO_POINTER ((flags & ADEPT_SESSION_LINK_FORCE) != 0));
  /* Once confirmed it runs to its end, whatever the page does meanwhile. */
  adept_session_link_full_async (self->session, self->pending_file, base_url, flags, NULL,
                                 token_linked, g_object_ref (self));
}

/* Unlink */

static void
unlinked (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(AdeptSettingsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = adept_session_unlink_finish (ADEPT_SESSION (source), result, &error);

  if (!still_showing (self, source))
    return;
  _adept_settings_page_set_busy (self, FALSE);
  if (!ok)
    {
      _adept_settings_page_show_error (self, error);
      return;
    }
  _adept_settings_page_forget_pending (self);
  _adept_settings_page_update_steps (self);
  if (ADEPT_IS_NANODEP_SESSION (source))
    adept_ui_toast (GTK_WIDGET (self), _("Forgotten on this computer: the team’s NanoDEP server "
                                         "keeps it"));
  else
    adept_ui_toast (GTK_WIDGET (self), _("Unlinked: the devices stay assigned in Apple Business "
                                         "Manager"));
}

static void
unlink_response (AdeptSettingsPage *self,
                 const char        *response,
                 AdwMessageDialog  *dialog)
{
  if (!g_str_equal (response, "unlink"))
    return;
  _adept_settings_page_clear_error (self);
  _adept_settings_page_set_busy (self, TRUE);
  /* Once confirmed it runs to its end, whatever the page does meanwhile. */
  adept_session_unlink_async (self->session, NULL, unlinked, g_object_ref (self));
}

void
_adept_settings_page_unlink (AdeptSettingsPage *self)
{
  const char *name = adept_session_get_display_name (self->session);
  g_autofree char *heading = g_strdup_printf (_("Unlink from “%s”?"), name);
  g_autofree char *local = _adept_settings_page_dup_local_summary (self);
  g_autofree char *body = NULL;
  g_autofree char *items = NULL;
  gboolean confirm = FALSE;
  g_autofree char *caution = adept_session_dup_caution (self->session,
                                                        ADEPT_SESSION_CAUTION_UNLINK, &confirm);
  GtkWidget *dialog;
  GtkWidget *box;
  GtkWidget *list;
  GtkWidget *after;

  if (caution != NULL)
    {
      /* Translators: the first %s says what is stored locally (see below), the second is
       * what the server's kind keeps elsewhere. */
      body = g_strdup_printf (_("Adept deletes %s from this computer.\n\n%s"), local, caution);
      ask (self, heading, body, "unlink", _("_Unlink"), ADW_RESPONSE_DESTRUCTIVE,
           G_CALLBACK (unlink_response));
      return;
    }
  /* Translators: the first %s is a server name, the second says what is stored locally,
   * e.g. "the 3,000 devices and 2 DEP profiles stored for this server". */
  items = g_strdup_printf (_("• the private key and the server token of “%s” in the keyring\n"
                             "• %s"), name, local);
  body = g_strdup (_("Adept deletes from this computer:"));
  /* A list reads from the left, in a body that is centered. */
  list = gtk_label_new (items);
  gtk_label_set_xalign (GTK_LABEL (list), 0.0);
  gtk_label_set_wrap (GTK_LABEL (list), TRUE);
  gtk_widget_set_halign (list, GTK_ALIGN_CENTER);
  after = gtk_label_new (_("Apple Business Manager keeps the MDM server and the devices "
                           "assigned to it, with their profiles. To link again, upload a new "
                           "public key there and download a new token."));
  gtk_label_set_wrap (GTK_LABEL (after), TRUE);
  gtk_label_set_justify (GTK_LABEL (after), GTK_JUSTIFY_CENTER);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_box_append (GTK_BOX (box), list);
  gtk_box_append (GTK_BOX (box), after);

  dialog = adw_message_dialog_new (_adept_settings_page_get_parent (self), heading, body);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "unlink", _("_Unlink"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "unlink",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (unlink_response), self,
                           G_CONNECT_SWAPPED);
  _adept_settings_page_set_dialog (self, ADW_MESSAGE_DIALOG (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Demo: the simulator stands in for Apple Business Manager */

static void
demo_token_saved (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(AdeptSettingsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autofree char *title = NULL;
  g_autofree char *folder_uri = NULL;
  g_autofree char *action = NULL;

  file = adept_demo_download_token_finish (ADEPT_DEMO (source), result, &error);
  if (self->state_stack == NULL)
    return;
  _adept_settings_page_set_busy (self, FALSE);
  _adept_settings_page_update_steps (self);
  if (file == NULL)
    {
      _adept_settings_page_show_error (self, error);
      return;
    }

  folder = g_file_get_parent (file);
  folder_uri = g_file_get_uri (folder);
  /* The token's file name is long (ABM's own naming): a toast cut it off. The folder
   * button shows it; the toast says what to do. */
  title = g_strdup (_("Demo token saved in Downloads: drop it here"));
  action = g_action_print_detailed_name ("win.show-folder", g_variant_new_string (folder_uri));
  adept_ui_toast_full (GTK_WIDGET (self), title, 10, _("Show in Folder"), action);
}

static void
demo_key_ready (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(AdeptSettingsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *pem = NULL;

  pem = adept_session_dup_public_key_finish (ADEPT_SESSION (source), result, &error);
  if (!still_showing (self, source))
    return;
  if (pem == NULL || self->demo == NULL)
    {
      _adept_settings_page_set_busy (self, FALSE);
      if (error != NULL)
        _adept_settings_page_show_error (self, error);
      _adept_settings_page_update_steps (self);
      return;
    }
  adept_demo_download_token_async (self->demo, pem, self->cancellable, demo_token_saved,
                                   g_object_ref (self));
}

void
_adept_settings_page_get_demo_token (AdeptSettingsPage *self)
{
  if (self->demo == NULL)
    return;

  _adept_settings_page_clear_error (self);
  _adept_settings_page_set_busy (self, TRUE);
  adept_session_dup_public_key_async (self->session, self->cancellable, demo_key_ready,
                                      g_object_ref (self));
}
