/* adept-settings-page-link.c — the key, the token, link, renew and unlink
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-settings-page"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "adept-context.h"
#include "adept-error.h"
#include "adept-dep-client.h"
#include "adept-oauth-authenticator.h"
#include "adept-server.h"
#include "adept-settings-page-private.h"
#include "adept-ui-util.h"
#include "adept-util.h"

#define PUBLIC_KEY_FILE_NAME "Adept-DEP-public-key.pem"

static void connect_to_apple (AdeptSettingsPage *self);

static GtkWindow *
parent_window (AdeptSettingsPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
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

static void
update_steps (AdeptSettingsPage *self)
{
  mark_step (self->step_key_number, "1", adept_server_has_key_pair (self->server));
  mark_step (self->step_token_number, "3", self->pending_token != NULL);

  if (self->pending_token != NULL)
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
             AdeptServerToken  *token,
             const char        *name)
{
  g_set_object (&self->pending_token, token);
  adept_set_str (&self->pending_name, name);
  update_steps (self);
}

static void
server_changed (AdeptSettingsPage *self)
{
  _adept_settings_page_update_info (self);
  update_steps (self);
}

/* Every admin action on the server goes into the store's audit log. The log is a record,
 * not a gate: what happened stays done, but the admin is told it was not logged. */
static void
audit_admin_action (AdeptSettingsPage *self,
                    const char        *action,
                    const char        *detail)
{
  g_autoptr(GError) error = NULL;

  if (!_adept_settings_page_audit (self, action, detail, &error))
    {
      g_autofree char *title =
        /* Translators: %s is an action such as "linked", then a sentence. */
        g_strdup_printf (_("“%s” was done but not written to the audit log: %s"),
                         action, error->message);

      _adept_settings_page_toast (self, title);
    }
}

void
_adept_settings_page_link_init (AdeptSettingsPage *self)
{
  self->server = adept_server_new (ADEPT_SERVER_DEFAULT);
  g_signal_connect_object (self->server, "changed", G_CALLBACK (server_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->server, "admin-action", G_CALLBACK (audit_admin_action), self,
                           G_CONNECT_SWAPPED);
}

GDateTime *
_adept_settings_page_get_expiry (AdeptSettingsPage *self)
{
  if (self->server == NULL || !adept_server_is_linked (self->server))
    return NULL;
  return adept_server_get_token_expiry (self->server);
}

const char *
_adept_settings_page_get_fact (AdeptSettingsPage *self,
                               const char        *field)
{
  static const struct {
    const char *field;
    const char *fact;
  } facts[] = {
    { "server-uuid", ADEPT_ACCOUNT_SERVER_UUID },
    { "org-name", ADEPT_ACCOUNT_ORG_NAME },
    { "org-email", ADEPT_ACCOUNT_ORG_EMAIL },
    { "org-phone", ADEPT_ACCOUNT_ORG_PHONE },
    { "org-address", ADEPT_ACCOUNT_ORG_ADDRESS },
    { "org-id", ADEPT_ACCOUNT_ORG_ID },
    { "admin-id", ADEPT_ACCOUNT_ADMIN_ID },
  };

  if (self->server == NULL || !adept_server_is_linked (self->server))
    return NULL;
  if (g_str_equal (field, "server-name"))
    return adept_server_get_display_name (self->server);
  for (guint i = 0; i < G_N_ELEMENTS (facts); i++)
    if (g_str_equal (field, facts[i].field))
      return adept_server_get_account_fact (self->server, facts[i].fact);
  return NULL;
}

/* In the demo the simulator listens on a new port each run. */
static gboolean
apply_demo_base_url (AdeptSettingsPage  *self,
                     GError            **error)
{
  const char *base_url;

  if (self->application == NULL)
    return TRUE;
  base_url = adept_application_get_dep_base_url (self->application);
  if (base_url == NULL || g_strcmp0 (base_url, adept_server_get_base_url (self->server)) == 0)
    return TRUE;
  return adept_server_set_base_url (self->server, base_url, error);
}

void
_adept_settings_page_load (AdeptSettingsPage *self)
{
  g_autoptr(GError) error = NULL;

  if (!adept_server_load (self->server, &error))
    {
      _adept_settings_page_set_state (self, ADEPT_LINK_STATE_UNLINKED);
      _adept_settings_page_show_error (self, error);
      return;
    }
  if (adept_server_is_linked (self->server) && !apply_demo_base_url (self, &error))
    g_warning ("The demo server address could not be set: %s", error->message);

  _adept_settings_page_set_state (self, adept_server_is_linked (self->server)
                                        ? ADEPT_LINK_STATE_LINKED
                                        : ADEPT_LINK_STATE_UNLINKED);
  update_steps (self);
  if (adept_server_is_linked (self->server))
    connect_to_apple (self);
}

/* GET /account: the DEP Information section, and Apple's word on the token. */

static void
account_received (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(AdeptSettingsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptDepAccount) account = NULL;
  g_autoptr(GHashTable) facts = NULL;

  /* The window closed meanwhile: nothing left to show it in. */
  if (_adept_settings_page_is_disposed (self))
    return;

  account = adept_dep_client_get_account_finish (ADEPT_DEP_CLIENT (source), result, &error);
  if (account == NULL)
    {
      _adept_settings_page_report_dep_error (self, error);
      return;
    }
  /* Unlinked meanwhile: nothing to keep. */
  if (!adept_server_is_linked (self->server))
    return;

  facts = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (facts, (gpointer) ADEPT_ACCOUNT_SERVER_NAME,
                       (gpointer) adept_dep_account_get_server_name (account));
  g_hash_table_insert (facts, (gpointer) ADEPT_ACCOUNT_SERVER_UUID,
                       (gpointer) adept_dep_account_get_server_uuid (account));
  g_hash_table_insert (facts, (gpointer) ADEPT_ACCOUNT_ADMIN_ID,
                       (gpointer) adept_dep_account_get_admin_id (account));
  g_hash_table_insert (facts, (gpointer) ADEPT_ACCOUNT_ORG_NAME,
                       (gpointer) adept_dep_account_get_org_name (account));
  g_hash_table_insert (facts, (gpointer) ADEPT_ACCOUNT_ORG_EMAIL,
                       (gpointer) adept_dep_account_get_org_email (account));
  g_hash_table_insert (facts, (gpointer) ADEPT_ACCOUNT_ORG_PHONE,
                       (gpointer) adept_dep_account_get_org_phone (account));
  g_hash_table_insert (facts, (gpointer) ADEPT_ACCOUNT_ORG_ADDRESS,
                       (gpointer) adept_dep_account_get_org_address (account));
  g_hash_table_insert (facts, (gpointer) ADEPT_ACCOUNT_ORG_ID,
                       (gpointer) adept_dep_account_get_org_id (account));
  g_hash_table_insert (facts, (gpointer) ADEPT_ACCOUNT_ORG_TYPE,
                       (gpointer) adept_dep_account_get_org_type (account));
  if (!adept_server_set_account_facts (self->server, facts, &error))
    _adept_settings_page_show_error (self, error);
  _adept_settings_page_report_dep_error (self, NULL);
  _adept_settings_page_update_info (self);
}

static void
refresh_account (AdeptSettingsPage *self)
{
  adept_dep_client_get_account_async (self->client,
                                      _adept_settings_page_get_cancellable (self),
                                      account_received, g_object_ref (self));
}

static void
token_loaded (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(AdeptSettingsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptServerToken) token = NULL;
  g_autoptr(AdeptOAuthAuthenticator) authenticator = NULL;
  g_autoptr(AdeptDepClient) client = NULL;

  if (_adept_settings_page_is_disposed (self))
    return;

  token = adept_server_load_token_finish (self->server, result, &error);
  if (token == NULL)
    {
      _adept_settings_page_show_error (self, error);
      return;
    }
  if (self->application != NULL && adept_application_get_demo (self->application) != NULL)
    adept_demo_adopt_token (adept_application_get_demo (self->application), token);
  authenticator = adept_oauth_authenticator_new_for_token (token);
  client = adept_dep_client_new (adept_server_get_base_url (self->server),
                                 ADEPT_AUTHENTICATOR (authenticator), &error);
  if (client == NULL)
    {
      _adept_settings_page_show_error (self, error);
      return;
    }

  _adept_settings_page_set_client (self, client);
  refresh_account (self);
  _adept_settings_page_sync_setup (self);
}

/* A client for Apple with the stored credentials: DEP Information and sync use it. */
static void
connect_to_apple (AdeptSettingsPage *self)
{
  _adept_settings_page_sync_teardown (self);
  _adept_settings_page_set_client (self, NULL);
  /* The credentials come from the keyring, which may first ask to be unlocked. */
  adept_server_load_token_async (self->server, _adept_settings_page_get_cancellable (self),
                                 token_loaded, g_object_ref (self));
}

/* Step 1: Download MDM Public Key */

typedef struct {
  AdeptSettingsPage *self;
  GFile             *file;
} SaveKey;

static void
save_key_free (SaveKey *save)
{
  g_clear_object (&save->self);
  g_clear_object (&save->file);
  g_free (save);
}

static void
key_saved (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  SaveKey *save = user_data;
  AdeptSettingsPage *self = save->self;
  g_autoptr(GError) error = NULL;

  if (_adept_settings_page_is_disposed (self))
    {
      save_key_free (save);
      return;
    }
  _adept_settings_page_set_busy (self, FALSE);
  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    {
      g_autofree char *name = g_file_get_basename (save->file);
      g_autoptr(GError) file_error =
        g_error_new (ADEPT_ERROR, ADEPT_ERROR_FILE,
                     _("The public key could not be saved as “%s”: %s"), name, error->message);

      _adept_settings_page_show_error (self, file_error);
    }
  else
    {
      g_autofree char *name = g_file_get_basename (save->file);
      g_autofree char *title = g_strdup_printf (_("Public key saved as “%s”. Upload it in Apple "
                                                  "Business Manager."), name);

      _adept_settings_page_toast (self, title);
    }
  update_steps (self);
  save_key_free (save);
}

static void
key_ready_for_save (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  SaveKey *save = user_data;
  AdeptSettingsPage *self = save->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptKeyPair) key_pair = NULL;
  g_autoptr(GBytes) bytes = NULL;
  char *pem = NULL;

  if (_adept_settings_page_is_disposed (self))
    {
      save_key_free (save);
      return;
    }
  key_pair = adept_server_ensure_key_pair_finish (self->server, result, &error);
  if (key_pair != NULL)
    pem = adept_server_dup_certificate_pem (self->server, &error);
  if (pem == NULL)
    {
      _adept_settings_page_set_busy (self, FALSE);
      _adept_settings_page_show_error (self, error);
      update_steps (self);
      save_key_free (save);
      return;
    }

  bytes = g_bytes_new_take (pem, strlen (pem));
  g_file_replace_contents_bytes_async (save->file, bytes, NULL, FALSE,
                                       G_FILE_CREATE_REPLACE_DESTINATION,
                                       _adept_settings_page_get_cancellable (self),
                                       key_saved, save);
}

static void
key_file_chosen (AdeptSettingsPage    *self,
                 int                   response,
                 GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  SaveKey *save;

  _adept_settings_page_set_chooser (self, NULL);
  if (response != GTK_RESPONSE_ACCEPT || file == NULL)
    return;

  _adept_settings_page_clear_error (self);
  _adept_settings_page_set_busy (self, TRUE);
  save = g_new0 (SaveKey, 1);
  save->self = g_object_ref (self);
  save->file = g_steal_pointer (&file);
  /* The key pair is made on first use; its private half goes to the keyring. */
  adept_server_ensure_key_pair_async (self->server, NULL, ADEPT_SERVER_KEY_NONE,
                                      _adept_settings_page_get_cancellable (self),
                                      key_ready_for_save, save);
}

static GtkFileFilter *
pattern_filter (const char *name,
                const char *pattern)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  gtk_file_filter_add_pattern (filter, pattern);
  return filter;
}

void
_adept_settings_page_download_key (AdeptSettingsPage *self)
{
  g_autoptr(GtkFileChooserNative) chooser = NULL;
  g_autoptr(GtkFileFilter) filter = pattern_filter (_("Public keys (.pem)"), "*.pem");

  chooser = gtk_file_chooser_native_new (_("Save MDM Public Key"), parent_window (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), PUBLIC_KEY_FILE_NAME);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_signal_connect_object (chooser, "response", G_CALLBACK (key_file_chosen), self,
                           G_CONNECT_SWAPPED);
  _adept_settings_page_set_chooser (self, chooser);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Step 3: Select Server Token (or a drop), then the confirmation */

static void link_token (AdeptSettingsPage *self);

static void
confirm_response (AdeptSettingsPage *self,
                  const char        *response,
                  AdwMessageDialog  *dialog)
{
  if (g_str_equal (response, "link"))
    link_token (self);
}

static char *
describe_token (AdeptSettingsPage *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *expiry =
    adept_format_expiry (adept_server_token_get_expiry (self->pending_token), now);
  GString *text = g_string_new (NULL);
  gboolean linked = self->state == ADEPT_LINK_STATE_LINKED;
  const char *org = linked ? adept_server_get_account_fact (self->server, ADEPT_ACCOUNT_ORG_NAME)
                           : NULL;

  if (self->pending_name != NULL)
    g_string_append_printf (text, _("MDM server: %s"), self->pending_name);
  else
    g_string_append (text, _("MDM server: not named in the file name"));
  g_string_append_c (text, '\n');
  if (org != NULL)
    {
      g_string_append_printf (text, _("Organization: %s"), org);
      g_string_append_c (text, '\n');
    }
  g_string_append_printf (text, _("Token expires: %s"), expiry);
  g_string_append (text, "\n\n");
  if (linked)
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
  gboolean linked = self->state == ADEPT_LINK_STATE_LINKED;
  g_autofree char *body = describe_token (self);
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  if (linked)
    heading = g_strdup (_("Renew the Server Token?"));
  else if (self->pending_name != NULL)
    heading = g_strdup_printf (_("Link with “%s”?"), self->pending_name);
  else
    heading = g_strdup (_("Link with This MDM Server?"));

  dialog = adw_message_dialog_new (parent_window (self), heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "link", linked ? _("_Renew") : _("_Link"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "link",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "link");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_response), self,
                           G_CONNECT_SWAPPED);
  _adept_settings_page_set_dialog (self, ADW_MESSAGE_DIALOG (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* A token of another MDM server is refused before anything is asked. */
static gboolean
check_same_server (AdeptSettingsPage  *self,
                   AdeptServerToken   *token,
                   const char         *name,
                   GError            **error)
{
  const char *linked_fp = adept_server_get_server_fingerprint (self->server);
  const char *linked_name = adept_server_get_display_name (self->server);

  if (self->state != ADEPT_LINK_STATE_LINKED || linked_fp == NULL
      || g_strcmp0 (linked_fp, adept_server_token_get_server_fingerprint (token)) == 0)
    return TRUE;

  if (name != NULL && g_strcmp0 (name, linked_name) != 0)
    g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_TOKEN_OTHER_SERVER,
                 _("This token belongs to the MDM server “%s”, but Adept is linked to “%s”. "
                   "Download the token of “%s” in Apple Business Manager, or unlink first."),
                 name, linked_name, linked_name);
  else
    g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_TOKEN_OTHER_SERVER,
                 _("This token belongs to a different MDM server than “%s”. Download the token "
                   "of “%s” in Apple Business Manager, or unlink first."),
                 linked_name, linked_name);
  return FALSE;
}

typedef struct {
  AdeptSettingsPage *self;
  char              *name;
} Inspect;

static void
inspect_free (Inspect *inspect)
{
  g_clear_object (&inspect->self);
  g_free (inspect->name);
  g_free (inspect);
}

static void
token_inspected (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Inspect *inspect = user_data;
  AdeptSettingsPage *self = inspect->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptServerToken) token = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  if (_adept_settings_page_is_disposed (self))
    {
      inspect_free (inspect);
      return;
    }
  _adept_settings_page_set_busy (self, FALSE);
  token = adept_server_inspect_token_finish (self->server, result, &error);
  if (token != NULL
      && adept_server_token_check_expiry (token, now, &error)
      && check_same_server (self, token, inspect->name, &error))
    {
      set_pending (self, token, inspect->name);
      confirm_token (self);
    }
  else if (error != NULL)
    _adept_settings_page_show_error (self, error);
  inspect_free (inspect);
}

void
_adept_settings_page_inspect_token (AdeptSettingsPage *self,
                                    GFile             *file)
{
  g_autofree char *basename = g_file_get_basename (file);
  Inspect *inspect;

  if (self->busy || self->state == ADEPT_LINK_STATE_LOADING)
    {
      _adept_settings_page_toast (self, _("Adept is busy. Drop the token again in a moment."));
      return;
    }

  _adept_settings_page_clear_error (self);
  _adept_settings_page_set_busy (self, TRUE);
  inspect = g_new0 (Inspect, 1);
  inspect->self = g_object_ref (self);
  inspect->name = basename != NULL ? adept_server_token_guess_server_name (basename) : NULL;
  adept_server_inspect_token_async (self->server, file,
                                    _adept_settings_page_get_cancellable (self),
                                    token_inspected, inspect);
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
  g_autoptr(GtkFileFilter) tokens = pattern_filter (_("Server tokens (.p7m)"), "*.p7m");
  g_autoptr(GtkFileFilter) all = pattern_filter (_("All files"), "*");
  gboolean linked = self->state == ADEPT_LINK_STATE_LINKED;

  chooser = gtk_file_chooser_native_new (linked ? _("Select the New Server Token")
                                                : _("Select Server Token"),
                                         parent_window (self), GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Select"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), tokens);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (chooser), tokens);
  g_signal_connect_object (chooser, "response", G_CALLBACK (token_file_chosen), self,
                           G_CONNECT_SWAPPED);
  _adept_settings_page_set_chooser (self, chooser);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Step 4: Upload Server Token */

void
_adept_settings_page_upload_token (AdeptSettingsPage *self)
{
  if (self->pending_token != NULL && !self->busy)
    confirm_token (self);
}

static void
token_linked (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(AdeptSettingsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean renewal = self->state == ADEPT_LINK_STATE_LINKED;
  g_autofree char *title = NULL;

  /* The window closed meanwhile: nothing left to show it in. */
  if (_adept_settings_page_is_disposed (self))
    return;

  _adept_settings_page_set_busy (self, FALSE);
  if (!adept_server_link_finish (self->server, result, &error))
    {
      _adept_settings_page_show_error (self, error);
      return;
    }

  set_pending (self, NULL, NULL);
  _adept_settings_page_set_state (self, ADEPT_LINK_STATE_LINKED);
  self->sync_when_connected = !renewal && g_settings_get_boolean (self->settings,
                                                                  "sync-after-link");
  if (renewal)
    title = g_strdup (_("Server token renewed."));
  else
    title = g_strdup_printf (_("Linked with “%s”."), adept_server_get_display_name (self->server));
  _adept_settings_page_toast (self, title);
  /* A renewal clears what Apple said about the old token. */
  _adept_settings_page_set_condition (self, ADEPT_CONDITION_NONE, NULL);
  connect_to_apple (self);
}

static void
link_token (AdeptSettingsPage *self)
{
  g_autoptr(GError) error = NULL;

  if (self->pending_token == NULL)
    return;
  if (!apply_demo_base_url (self, &error))
    {
      _adept_settings_page_show_error (self, error);
      return;
    }
  _adept_settings_page_clear_error (self);
  _adept_settings_page_set_busy (self, TRUE);
  adept_server_link_async (self->server, self->pending_token, self->pending_name, NULL,
                           _adept_settings_page_get_cancellable (self),
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

  /* The window closed meanwhile: nothing left to show it in. */
  if (_adept_settings_page_is_disposed (self))
    return;

  _adept_settings_page_set_busy (self, FALSE);
  if (!adept_server_unlink_finish (self->server, result, &error))
    {
      _adept_settings_page_show_error (self, error);
      return;
    }
  _adept_settings_page_set_client (self, NULL);
  set_pending (self, NULL, NULL);
  _adept_settings_page_set_state (self, ADEPT_LINK_STATE_UNLINKED);
  if (!_adept_settings_page_forget_local_data (self, &error))
    _adept_settings_page_show_error (self, error);
  _adept_settings_page_toast (self, _("Unlinked. The devices stay assigned in Apple Business "
                                      "Manager."));
}

static void
unlink_response (AdeptSettingsPage *self,
                 const char        *response,
                 AdwMessageDialog  *dialog)
{
  if (!g_str_equal (response, "unlink"))
    return;
  _adept_settings_page_sync_teardown (self);
  _adept_settings_page_clear_error (self);
  _adept_settings_page_set_busy (self, TRUE);
  adept_server_unlink_async (self->server, _adept_settings_page_get_cancellable (self),
                             unlinked, g_object_ref (self));
}

void
_adept_settings_page_unlink (AdeptSettingsPage *self)
{
  const char *name = adept_server_get_display_name (self->server);
  g_autofree char *heading = g_strdup_printf (_("Unlink from “%s”?"), name);
  g_autofree char *local = _adept_settings_page_dup_local_summary (self);
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  /* Translators: the first %s is a server name, the second says what is stored locally,
   * e.g. "the 3,000 devices and 2 DEP profiles stored for this server". */
  body = g_strdup_printf (_("Adept deletes from this computer:\n"
                            "• the private key and the server token of “%s” in the keyring\n"
                            "• %s\n\n"
                            "Apple Business Manager keeps the MDM server and the devices "
                            "assigned to it, with their profiles. To link again, upload a new "
                            "public key there and download a new token."), name, local);
  dialog = adw_message_dialog_new (parent_window (self), heading, body);
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
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  g_autofree char *folder_uri = NULL;
  AdwToast *toast;

  /* The window closed meanwhile: nothing left to show it in. */
  if (_adept_settings_page_is_disposed (self))
    return;

  _adept_settings_page_set_busy (self, FALSE);
  file = adept_demo_download_token_finish (ADEPT_DEMO (source), result, &error);
  update_steps (self);
  if (file == NULL)
    {
      _adept_settings_page_show_error (self, error);
      return;
    }

  name = g_file_get_basename (file);
  folder = g_file_get_parent (file);
  folder_uri = g_file_get_uri (folder);
  title = g_strdup_printf (_("Saved “%s” in Downloads. Drop it on this window to link."), name);
  toast = adw_toast_new (title);
  adw_toast_set_timeout (toast, 10);
  adw_toast_set_button_label (toast, _("Show in Folder"));
  adw_toast_set_action_name (toast, "win.show-folder");
  adw_toast_set_action_target_value (toast, g_variant_new_string (folder_uri));
  _adept_settings_page_add_toast (self, toast);
}

static void
demo_key_ready (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(AdeptSettingsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptKeyPair) key_pair = NULL;
  g_autofree char *pem = NULL;
  AdeptDemo *demo = adept_application_get_demo (self->application);

  /* The window closed meanwhile: nothing left to show it in. */
  if (_adept_settings_page_is_disposed (self))
    return;

  key_pair = adept_server_ensure_key_pair_finish (self->server, result, &error);
  if (key_pair != NULL)
    pem = adept_server_dup_certificate_pem (self->server, &error);
  if (pem == NULL || demo == NULL)
    {
      _adept_settings_page_set_busy (self, FALSE);
      if (error != NULL)
        _adept_settings_page_show_error (self, error);
      update_steps (self);
      return;
    }
  adept_demo_download_token_async (demo, pem, _adept_settings_page_get_cancellable (self),
                                   demo_token_saved, g_object_ref (self));
}

void
_adept_settings_page_get_demo_token (AdeptSettingsPage *self)
{
  if (self->application == NULL || adept_application_get_demo (self->application) == NULL)
    return;

  _adept_settings_page_clear_error (self);
  _adept_settings_page_set_busy (self, TRUE);
  adept_server_ensure_key_pair_async (self->server, NULL, ADEPT_SERVER_KEY_NONE,
                                      _adept_settings_page_get_cancellable (self),
                                      demo_key_ready, g_object_ref (self));
}
