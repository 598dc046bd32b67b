/* adept-organization-page-actions.c — Connect Apple Business API…, and the activities:
 * assign to this server or another, unassign, migrate with a deadline; each confirmed,
 * followed while Apple works, then summed up with Apple's answer for every device
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-organization-page"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "adept-business-account.h"
#include "adept-device-format.h"
#include "adept-error.h"
#include "adept-input.h"
#include "adept-organization-page-private.h"
#include "adept-secret.h"
#include "adept-serial-list.h"
#include "adept-ui-util.h"

static void
present_dialog (AdeptOrganizationPage *self,
                GtkWidget             *dialog)
{
  /* The old one may be finalized later (it may be answering now): it no longer clears
   * the pointer. */
  if (self->dialog != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->dialog), (gpointer *) &self->dialog);
      gtk_window_destroy (GTK_WINDOW (self->dialog));
    }
  self->dialog = ADW_MESSAGE_DIALOG (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
message_dialog_new (AdeptOrganizationPage *self,
                    const char            *heading,
                    const char            *body)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, body);
}

/* ---- Connect Apple Business API… ---- */

/* What the connect dialog holds: the key read from a file (a secret, memory only). */
typedef struct {
  AdeptOrganizationPage *page;
  GtkEditable *client_id;
  GtkEditable *key_id;
  GtkEditable *token_url;
  GtkEditable *api_url;
  AdwActionRow *key_row;
  GtkLabel    *error_label;
  char        *key_pem;
  GtkFileChooserNative *chooser;
  gboolean     connecting;
} ConnectForm;

static void
connect_form_free (ConnectForm *form)
{
  adept_secret_free (form->key_pem);
  g_clear_object (&form->chooser);
  g_free (form);
}

static ConnectForm *
form_of (AdwMessageDialog *dialog)
{
  return g_object_get_data (G_OBJECT (dialog), "adept-connect-form");
}

static char *
entry_text (GtkEditable *editable)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (editable)));
}

static void
show_form_error (ConnectForm *form,
                 const char  *message)
{
  gtk_label_set_label (form->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (form->error_label), message != NULL);
}

static void
update_connect_response (AdwMessageDialog *dialog)
{
  ConnectForm *form = form_of (dialog);
  g_autofree char *client_id = entry_text (form->client_id);
  g_autofree char *key_id = entry_text (form->key_id);

  adw_message_dialog_set_response_enabled (dialog, "connect",
                                           !form->connecting && *client_id != '\0' &&
                                           *key_id != '\0' && form->key_pem != NULL);
}

/* Reads and checks the key at once: a wrong type or curve is said before anything else. */
static gboolean
take_key_file (AdwMessageDialog *dialog,
               GFile            *file)
{
  ConnectForm *form = form_of (dialog);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_basename (file);
  char *pem = adept_business_key_read_file (file, NULL, &error);
  g_autoptr(AdeptBusinessKey) key = NULL;
  g_autofree char *subtitle = NULL;

  if (pem != NULL)
    key = adept_business_key_new_from_pem (pem, strlen (pem), &error);
  if (key == NULL)
    {
      adept_secret_free (pem);
      show_form_error (form, error->message);
      update_connect_response (dialog);
      return FALSE;
    }
  adept_secret_free (form->key_pem);
  form->key_pem = pem;
  /* Translators: the key file's name and the start of its public key's fingerprint. */
  subtitle = g_strdup_printf (_("%s · EC P-256 · %.16s…"), name, adept_business_key_get_fingerprint (key));
  adw_action_row_set_subtitle (form->key_row, subtitle);
  show_form_error (form, NULL);
  update_connect_response (dialog);
  return TRUE;
}

static void
key_file_chosen (GtkNativeDialog  *chooser,
                 int               response,
                 AdwMessageDialog *dialog)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  if (response == GTK_RESPONSE_ACCEPT && file != NULL)
    take_key_file (dialog, file);
}

static void
choose_key_clicked (AdwMessageDialog *dialog)
{
  ConnectForm *form = form_of (dialog);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  g_clear_object (&form->chooser);
  form->chooser = gtk_file_chooser_native_new (_("Choose the API Account’s Private Key"),
                                               GTK_WINDOW (dialog), GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Choose"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Private keys (.pem)"));
  gtk_file_filter_add_pattern (filter, "*.pem");
  gtk_file_filter_add_pattern (filter, "*.p8");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (form->chooser), filter);
  g_signal_connect_object (form->chooser, "response", G_CALLBACK (key_file_chosen), dialog, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (form->chooser));
}

static gboolean
key_dropped (GtkDropTarget    *target,
             const GValue     *value,
             double            x,
             double            y,
             AdwMessageDialog *dialog)
{
  g_autoptr(GFile) file = adept_file_from_drop_value (value);

  return file != NULL && take_key_file (dialog, file);
}

static void
connected (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(AdwMessageDialog) dialog = user_data;
  ConnectForm *form = form_of (dialog);
  AdeptOrganizationPage *self = form->page;
  g_autoptr(GError) error = NULL;

  form->connecting = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (form->client_id), TRUE);
  if (!adept_org_connect_finish (result, &error))
    {
      /* The dialog stays, with what the admin typed, and says what to fix. */
      show_form_error (form, error->message);
      update_connect_response (dialog);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (dialog));
  adept_ui_toast (GTK_WIDGET (self), _("Connected to the Apple Business API: its private key is in the keyring"));
  _adept_organization_page_reload (self);
}

static void
connect_response (AdwMessageDialog *dialog,
                  const char       *response)
{
  ConnectForm *form = form_of (dialog);
  AdeptOrganizationPage *self = form->page;
  g_autofree char *client_id = NULL;
  g_autofree char *key_id = NULL;
  g_autofree char *token_url = NULL;
  g_autofree char *api_url = NULL;
  g_autoptr(AdeptBusinessAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "connect"))
    return;
  /* The dialog stays open until Apple has answered. */
  g_signal_stop_emission_by_name (dialog, "response::connect");
  if (form->connecting || self->org_id == NULL)
    return;
  client_id = entry_text (form->client_id);
  key_id = entry_text (form->key_id);
  token_url = entry_text (form->token_url);
  api_url = entry_text (form->api_url);
  account = adept_business_account_new (self->org_id, client_id, key_id, form->key_pem, &error);
  if (account == NULL)
    {
      show_form_error (form, error->message);
      return;
    }
  form->connecting = TRUE;
  show_form_error (form, NULL);
  update_connect_response (dialog);
  adept_org_connect_async (self->store, account, *token_url != '\0' ? token_url : NULL,
                           *api_url != '\0' ? api_url : NULL, self->dep_server, NULL,
                           connected, g_object_ref (dialog));
}

static GtkWidget *
entry_row (AdwPreferencesGroup *group,
           const char          *title)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_group_add (group, row);
  return row;
}

static void
connect_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  AdeptOrganizationPage *self = ADEPT_ORGANIZATION_PAGE (widget);
  GtkWidget *dialog = message_dialog_new (self, _("Connect Apple Business API"),
                                          _("Enter the API account’s Client ID and Key ID as Apple Business shows them, and choose or drop its private key. Each admin uses an API account of their own; the key stays in this computer’s keyring."));
  ConnectForm *form = g_new0 (ConnectForm, 1);
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *choose = gtk_button_new_with_mnemonic (_("C_hoose…"));
  GtkWidget *addresses = adw_expander_row_new ();
  GtkWidget *label = gtk_label_new (NULL);
  GtkDropTarget *drop = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);

  form->page = self;
  g_object_set_data_full (G_OBJECT (dialog), "adept-connect-form", form, (GDestroyNotify) connect_form_free);
  form->client_id = GTK_EDITABLE (entry_row (group, _("Client ID")));
  form->key_id = GTK_EDITABLE (entry_row (group, _("Key ID")));
  form->key_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (form->key_row), _("Private Key"));
  adw_action_row_set_subtitle (form->key_row, _("Choose the .pem file, or drop it here"));
  gtk_widget_set_valign (choose, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (form->key_row, choose);
  adw_preferences_group_add (group, GTK_WIDGET (form->key_row));

  /* Apple's addresses unless told otherwise (a simulator; https except on this computer). */
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (addresses), _("Other Addresses"));
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (addresses), _("Apple’s, unless you test against a simulator"));
  form->token_url = GTK_EDITABLE (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (form->token_url), _("Token Endpoint"));
  form->api_url = GTK_EDITABLE (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (form->api_url), _("API Address"));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (addresses), GTK_WIDGET (form->token_url));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (addresses), GTK_WIDGET (form->api_url));
  adw_preferences_group_add (group, addresses);

  form->error_label = GTK_LABEL (label);
  gtk_label_set_wrap (form->error_label, TRUE);
  gtk_label_set_xalign (form->error_label, 0);
  gtk_widget_add_css_class (label, "error");
  gtk_widget_set_visible (label, FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (group));
  gtk_box_append (GTK_BOX (box), label);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "connect", _("C_onnect"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "connect", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "connect");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (connect_response), NULL);
  g_signal_connect_swapped (choose, "clicked", G_CALLBACK (choose_key_clicked), dialog);
  g_signal_connect_swapped (form->client_id, "changed", G_CALLBACK (update_connect_response), dialog);
  g_signal_connect_swapped (form->key_id, "changed", G_CALLBACK (update_connect_response), dialog);
  gtk_drop_target_set_gtypes (drop, (GType[]) { GDK_TYPE_FILE_LIST, G_TYPE_FILE }, 2);
  g_signal_connect (drop, "drop", G_CALLBACK (key_dropped), dialog);
  gtk_widget_add_controller (dialog, GTK_EVENT_CONTROLLER (drop));
  update_connect_response (ADW_MESSAGE_DIALOG (dialog));
  present_dialog (self, dialog);
}

void
adept_organization_page_fill_connect (AdwMessageDialog *dialog,
                                      const char       *client_id,
                                      const char       *key_id,
                                      const char       *token_url,
                                      const char       *api_url)
{
  ConnectForm *form = form_of (dialog);

  gtk_editable_set_text (form->client_id, client_id);
  gtk_editable_set_text (form->key_id, key_id);
  gtk_editable_set_text (form->token_url, token_url != NULL ? token_url : "");
  gtk_editable_set_text (form->api_url, api_url != NULL ? api_url : "");
}

gboolean
adept_organization_page_drop_key (AdwMessageDialog *dialog,
                                  GFile            *file)
{
  GtkDropTarget *target = NULL;
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (dialog));
  g_auto(GValue) value = G_VALUE_INIT;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && target == NULL; i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        target = GTK_DROP_TARGET (controller);
    }
  g_return_val_if_fail (target != NULL, FALSE);
  /* As a file manager drops it: a GdkFileList, through the target's own handler. */
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_array ((GFile *[]) { file }, 1));
  return key_dropped (target, &value, 0, 0, dialog);
}

const char *
adept_organization_page_get_dialog_error (AdwMessageDialog *dialog)
{
  ConnectForm *form = form_of (dialog);

  return form != NULL && gtk_widget_get_visible (GTK_WIDGET (form->error_label))
    ? gtk_label_get_label (form->error_label) : NULL;
}

/* ---- Disconnect, Refresh ---- */

static void
disconnected (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(AdeptOrganizationPage) self = user_data;
  g_autoptr(GError) error = NULL;

  self->busy = FALSE;
  if (!adept_org_disconnect_finish (result, &error))
    adept_ui_toast (GTK_WIDGET (self), error->message);
  else
    adept_ui_toast (GTK_WIDGET (self), _("Disconnected: revoke the API account in Apple Business if it is no longer needed"));
  _adept_organization_page_reload (self);
}

static void
disconnect_response (AdeptOrganizationPage *self,
                     const char            *response)
{
  if (!g_str_equal (response, "disconnect") || self->org_id == NULL)
    return;
  self->busy = TRUE;
  _adept_organization_page_actions_update (self);
  adept_org_disconnect_async (self->store, self->org_id, self->dep_server, NULL, disconnected,
                              g_object_ref (self));
}

static void
disconnect_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  AdeptOrganizationPage *self = ADEPT_ORGANIZATION_PAGE (widget);
  GtkWidget *dialog = message_dialog_new (self, _("Disconnect Apple Business API?"),
                                          _("The API account’s key leaves this computer’s keyring and the organization’s devices leave this console. Devices stay on the MDM servers they are on."));

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "disconnect", _("_Disconnect"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "disconnect", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (disconnect_response), self, G_CONNECT_SWAPPED);
  present_dialog (self, dialog);
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  _adept_organization_page_list (ADEPT_ORGANIZATION_PAGE (widget));
}

/* ---- Running an activity ---- */

static void
on_job_progress (AdeptOrganizationPage *self)
{
  const char *text = adept_org_job_phase_describe (adept_org_job_get_phase (self->job));

  if (text != NULL)
    gtk_label_set_label (self->progress_label, text);
  gtk_progress_bar_set_fraction (self->progress_bar, adept_org_job_get_fraction (self->job));
}

static const char *
done_heading (AdeptOrgActivityType type,
              gboolean             refusals)
{
  switch (type)
    {
    case ADEPT_ORG_ACTIVITY_ASSIGN:
      return refusals ? _("Assignment Finished with Refusals") : _("Assignment Complete");
    case ADEPT_ORG_ACTIVITY_UNASSIGN:
      return refusals ? _("Unassignment Finished with Refusals") : _("Unassignment Complete");
    case ADEPT_ORG_ACTIVITY_ASSIGN_WITH_DEADLINE:
      return refusals ? _("Migration Requested with Refusals") : _("Migration Requested");
    case ADEPT_ORG_ACTIVITY_UPDATE_DEADLINE:
      return refusals ? _("Deadline Changed with Refusals") : _("Migration Deadline Changed");
    case ADEPT_ORG_ACTIVITY_CANCEL_MIGRATION:
    default:
      return refusals ? _("Migration Cancelled with Refusals") : _("Migration Cancelled");
    }
}

/* Apple's answer for each device that did not take the activity. */
static GtkWidget *
refusals_list (GPtrArray *results)
{
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  for (guint i = 0; i < results->len; i++)
    {
      AdeptOrgDeviceResult *r = g_ptr_array_index (results, i);
      GtkWidget *row;
      g_autofree char *subtitle = NULL;

      if (r->ok)
        continue;
      row = adw_action_row_new ();
      subtitle = g_strdup_printf ("%s (%s)", r->detail != NULL ? r->detail : "", r->code != NULL ? r->code : "");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), r->serial);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 240);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  return scrolled;
}

static void
show_summary (AdeptOrganizationPage *self,
              AdeptOrgJob           *job)
{
  g_autofree char *summary = adept_org_job_dup_summary (job);
  gboolean refusals = adept_org_job_get_n_failed (job) > 0;
  GtkWidget *dialog = message_dialog_new (self, done_heading (adept_org_job_get_activity_type (job), refusals),
                                          summary);

  /* A device Adept did not send says Apple's rule in its detail. */
  if (refusals)
    adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog),
                                        refusals_list (adept_org_job_get_results (job)));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  present_dialog (self, dialog);
}

static void
synced (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(AdeptJournalEntry) entry = NULL;
  g_autoptr(GError) error = NULL;

  entry = adept_session_sync_finish (ADEPT_SESSION (source), result, &error);
  /* The Devices page and the condition bar say a failed sync. */
  if (entry == NULL)
    g_debug ("The sync after an assignment failed: %s", error->message);
}

static void
job_done (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(AdeptOrganizationPage) self = user_data;
  g_autoptr(AdeptOrgJob) job = g_object_ref (ADEPT_ORG_JOB (source));
  g_autoptr(GError) error = NULL;
  gboolean ok = adept_org_job_run_finish (job, result, &error);

  g_signal_handlers_disconnect_by_data (job, self);
  g_clear_object (&self->job);
  self->busy = FALSE;
  gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);
  _adept_organization_page_reload (self);
  if (!ok && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (!ok)
    adept_ui_toast (GTK_WIDGET (self), error->message);
  if (ok || adept_org_job_get_activities (job)->len > 0)
    show_summary (self, job);
  /* The seed's step 3 follows step 2: the sync brings the devices in and gives them the
   * default profile. */
  if (adept_org_job_get_activity_type (job) != ADEPT_ORG_ACTIVITY_UNASSIGN &&
      adept_org_job_get_n_succeeded (job) > 0 && self->session != NULL &&
      adept_session_get_state (self->session) == ADEPT_SESSION_STATE_READY &&
      g_strcmp0 (adept_org_job_get_server_id (job), self->this_server_id) == 0)
    adept_session_sync_async (self->session, ADEPT_SYNC_FLAGS_NONE, NULL, synced, NULL);
}

void
_adept_organization_page_run_job (AdeptOrganizationPage *self,
                                  AdeptOrgActivityType   type,
                                  const char * const    *serials,
                                  const char            *server_id,
                                  gint64                 deadline)
{
  if (self->org == NULL || self->busy)
    return;
  self->job = adept_org_job_new (self->org, type, serials, server_id, deadline);
  self->busy = TRUE;
  gtk_label_set_label (self->progress_label, adept_org_job_phase_describe (ADEPT_ORG_JOB_CHECKING));
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_revealer_set_reveal_child (self->progress_revealer, TRUE);
  g_signal_connect_object (self->job, "notify::phase", G_CALLBACK (on_job_progress), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->job, "notify::fraction", G_CALLBACK (on_job_progress), self, G_CONNECT_SWAPPED);
  adept_org_job_run_async (self->job, self->cancellable, job_done, g_object_ref (self));
  _adept_organization_page_actions_update (self);
}

/* ---- Confirmations ---- */

/* The selected devices' serials, NULL-terminated. */
static GStrv
selected_serials (GPtrArray *devices)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < devices->len; i++)
    g_strv_builder_add (builder, adept_org_device_get_serial_number (g_ptr_array_index (devices, i)));
  return g_strv_builder_end (builder);
}

/* "3 leave “Jamf Pro”, 1 leaves this server": the servers devices leave for target (NULL:
 * none). NULL when no device leaves one. */
static char *
describe_leaving (GPtrArray  *devices,
                  const char *target)
{
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GList) names = NULL;

  for (guint i = 0; i < devices->len; i++)
    {
      const AdeptOrgDeviceData *d = adept_org_device_get_data (g_ptr_array_index (devices, i));

      if (d->placement == ADEPT_ORG_PLACEMENT_UNASSIGNED || g_strcmp0 (d->server_id, target) == 0)
        continue;
      g_hash_table_insert (counts, g_strdup (adept_org_server_label (d)),
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, adept_org_server_label (d))) + 1));
    }
  names = g_list_sort (g_hash_table_get_keys (counts), (GCompareFunc) g_utf8_collate);
  for (GList *l = names; l != NULL; l = l->next)
    {
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, l->data));

      if (text->len > 0)
        g_string_append (text, ", ");
      /* Translators: "3 leave “Jamf Pro”", a part of a list. */
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u leaves “%s”", "%u leave “%s”", n),
                              n, (char *) l->data);
    }
  return text->len > 0 ? g_strdup (text->str) : NULL;
}

typedef struct {
  AdeptOrganizationPage *page;
  AdeptOrgActivityType   type;
  GStrv                  serials;
  char                  *server_id;
  GtkDropDown           *servers;     /* Assign to Another Server: the choice */
  GPtrArray             *server_ids;
  GtkCalendar           *calendar;    /* migration deadlines */
} Confirm;

static void
confirm_free (Confirm *confirm)
{
  g_strfreev (confirm->serials);
  g_free (confirm->server_id);
  g_clear_pointer (&confirm->server_ids, g_ptr_array_unref);
  g_free (confirm);
}

/* The end of the chosen day, local time, as adeptctl reads "YYYY-MM-DD". */
static gint64
chosen_deadline (GtkCalendar *calendar)
{
  g_autoptr(GDateTime) day = gtk_calendar_get_date (calendar);
  g_autoptr(GDateTime) end = g_date_time_new_local (g_date_time_get_year (day), g_date_time_get_month (day),
                                                    g_date_time_get_day_of_month (day), 23, 59, 0);

  return g_date_time_to_unix (end);
}

static gboolean
deadline_ok (gint64 deadline)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  return deadline > now && deadline <= now + (gint64) ADEPT_BUSINESS_MAX_DEADLINE_DAYS * 86400;
}

static void
on_day_selected (AdwMessageDialog *dialog)
{
  Confirm *confirm = g_object_get_data (G_OBJECT (dialog), "adept-confirm");

  adw_message_dialog_set_response_enabled (dialog, "confirm", deadline_ok (chosen_deadline (confirm->calendar)));
}

static void
confirm_response (AdwMessageDialog *dialog,
                  const char       *response)
{
  Confirm *confirm = g_object_get_data (G_OBJECT (dialog), "adept-confirm");
  const char *server_id = confirm->server_id;
  gint64 deadline = 0;

  if (!g_str_equal (response, "confirm"))
    return;
  if (confirm->servers != NULL)
    server_id = g_ptr_array_index (confirm->server_ids, gtk_drop_down_get_selected (confirm->servers));
  if (confirm->calendar != NULL)
    deadline = chosen_deadline (confirm->calendar);
  _adept_organization_page_run_job (confirm->page, confirm->type, (const char * const *) confirm->serials,
                                    server_id, deadline);
}

static void
update_leaving (AdwMessageDialog *dialog);

/* The confirmation of an activity on devices: what happens, and which servers they leave. */
static void
confirm_activity (AdeptOrganizationPage *self,
                  AdeptOrgActivityType   type,
                  GPtrArray             *devices,
                  const char            *server_id,
                  gboolean               choose_server)
{
  Confirm *confirm = g_new0 (Confirm, 1);
  GtkWidget *dialog;
  const char *heading;
  const char *accept;

  switch (type)
    {
    case ADEPT_ORG_ACTIVITY_ASSIGN:
      heading = choose_server ? _("Assign to Another Server?") : _("Assign to This Server?");
      accept = _("_Assign");
      break;
    case ADEPT_ORG_ACTIVITY_UNASSIGN:
      heading = _("Unassign Devices?");
      accept = _("_Unassign");
      break;
    case ADEPT_ORG_ACTIVITY_ASSIGN_WITH_DEADLINE:
      heading = _("Migrate to This Server?");
      accept = _("_Migrate");
      break;
    case ADEPT_ORG_ACTIVITY_UPDATE_DEADLINE:
      heading = _("Change the Migration Deadline?");
      accept = _("_Change Deadline");
      break;
    case ADEPT_ORG_ACTIVITY_CANCEL_MIGRATION:
    default:
      heading = _("Cancel the Migration?");
      accept = _("Cancel _Migration");
      break;
    }
  dialog = message_dialog_new (self, heading, NULL);
  confirm->page = self;
  confirm->type = type;
  confirm->serials = selected_serials (devices);
  confirm->server_id = g_strdup (server_id);
  g_object_set_data_full (G_OBJECT (dialog), "adept-confirm", confirm, (GDestroyNotify) confirm_free);
  g_object_set_data_full (G_OBJECT (dialog), "adept-devices", g_ptr_array_ref (devices),
                          (GDestroyNotify) g_ptr_array_unref);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "confirm", accept, NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "confirm",
                                              type == ADEPT_ORG_ACTIVITY_UNASSIGN ||
                                              type == ADEPT_ORG_ACTIVITY_CANCEL_MIGRATION
                                              ? ADW_RESPONSE_DESTRUCTIVE : ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  if (choose_server)
    {
      g_autoptr(GPtrArray) servers = adept_store_org_list_servers (self->store, &self->view, NULL);
      g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

      confirm->server_ids = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; servers != NULL && i < servers->len; i++)
        {
          AdeptOrgServer *server = g_ptr_array_index (servers, i);

          if (adept_org_server_get_is_this_server (server))
            continue;
          gtk_string_list_append (names, adept_org_server_get_name (server));
          g_ptr_array_add (confirm->server_ids, g_strdup (adept_org_server_get_id (server)));
        }
      confirm->servers = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&names)), NULL));
      adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), GTK_WIDGET (confirm->servers));
      adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "confirm", confirm->server_ids->len > 0);
      g_signal_connect_swapped (confirm->servers, "notify::selected", G_CALLBACK (update_leaving), dialog);
    }
  if (type == ADEPT_ORG_ACTIVITY_ASSIGN_WITH_DEADLINE || type == ADEPT_ORG_ACTIVITY_UPDATE_DEADLINE)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autoptr(GDateTime) month = g_date_time_add_days (now, 30);

      confirm->calendar = GTK_CALENDAR (gtk_calendar_new ());
      gtk_calendar_select_day (confirm->calendar, month);
      gtk_accessible_update_property (GTK_ACCESSIBLE (confirm->calendar), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Migration deadline"), -1);
      adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), GTK_WIDGET (confirm->calendar));
      g_signal_connect_swapped (confirm->calendar, "day-selected", G_CALLBACK (on_day_selected), dialog);
    }
  update_leaving (ADW_MESSAGE_DIALOG (dialog));
  g_signal_connect (dialog, "response", G_CALLBACK (confirm_response), NULL);
  present_dialog (self, dialog);
}

static void
update_leaving (AdwMessageDialog *dialog)
{
  Confirm *confirm = g_object_get_data (G_OBJECT (dialog), "adept-confirm");
  GPtrArray *devices = g_object_get_data (G_OBJECT (dialog), "adept-devices");
  AdeptOrganizationPage *self = confirm->page;
  guint n = devices->len;
  const char *target = confirm->server_id;
  g_autofree char *what = NULL;
  g_autofree char *leaving = NULL;
  g_autofree char *count = adept_format_count (n);
  g_autoptr(GString) body = g_string_new (NULL);

  if (confirm->servers != NULL && confirm->server_ids->len > 0)
    target = g_ptr_array_index (confirm->server_ids, gtk_drop_down_get_selected (confirm->servers));
  switch (confirm->type)
    {
    case ADEPT_ORG_ACTIVITY_ASSIGN:
      what = confirm->servers != NULL
        /* Translators: "%s devices" is a count. */
        ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s device is assigned to the server chosen below.",
                                        "%s devices are assigned to the server chosen below.", n), count)
        : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s device is assigned to this server; the next sync brings it in and gives it the default profile.",
                                        "%s devices are assigned to this server; the next sync brings them in and gives them the default profile.", n), count);
      leaving = describe_leaving (devices, target);
      break;
    case ADEPT_ORG_ACTIVITY_UNASSIGN:
      what = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s device leaves its MDM server and is on none until assigned again.",
                                           "%s devices leave their MDM servers and are on none until assigned again.", n), count);
      leaving = describe_leaving (devices, NULL);
      break;
    case ADEPT_ORG_ACTIVITY_ASSIGN_WITH_DEADLINE:
      what = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s device migrates to this server without being erased; it must enroll here by the deadline chosen below (at most 90 days ahead).",
                                           "%s devices migrate to this server without being erased; they must enroll here by the deadline chosen below (at most 90 days ahead).", n), count);
      leaving = describe_leaving (devices, self->this_server_id);
      break;
    case ADEPT_ORG_ACTIVITY_UPDATE_DEADLINE:
      what = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s device’s migration gets the deadline chosen below (at most 90 days ahead).",
                                           "%s devices’ migrations get the deadline chosen below (at most 90 days ahead).", n), count);
      break;
    case ADEPT_ORG_ACTIVITY_CANCEL_MIGRATION:
    default:
      what = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s device’s pending migration is cancelled; it stays with its current MDM.",
                                           "%s devices’ pending migrations are cancelled; they stay with their current MDM.", n), count);
      break;
    }
  g_string_append (body, what);
  if (leaving != NULL)
    /* Translators: %s lists the servers devices leave, "3 leave “Jamf Pro”, 1 leaves “Intune”". */
    {
      g_string_append (body, "\n\n");
      g_string_append_printf (body, _("Their current MDM loses them: %s."), leaving);
    }
  if (confirm->type == ADEPT_ORG_ACTIVITY_ASSIGN_WITH_DEADLINE)
    {
      guint cannot = 0;

      /* Apple's isMdmMigrationCapable, known before anything is sent. */
      for (guint i = 0; i < devices->len; i++)
        if (!adept_org_device_get_data (g_ptr_array_index (devices, i))->migration_capable)
          cannot++;
      g_string_append (body, "\n\n");
      if (cannot > 0)
        {
          g_string_append_printf (body, g_dngettext (GETTEXT_PACKAGE, "Apple says %u of them cannot migrate; it is not sent.",
                                                     "Apple says %u of them cannot migrate; they are not sent.", cannot),
                                  cannot);
          g_string_append_c (body, ' ');
        }
      g_string_append (body, adept_org_migration_rules ());
    }
  adw_message_dialog_set_body (dialog, body->str);
}

/* ---- The actions ---- */

static void
activity_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  AdeptOrganizationPage *self = ADEPT_ORGANIZATION_PAGE (widget);
  g_autoptr(GPtrArray) devices = _adept_organization_page_dup_selected (self);

  if (devices->len == 0)
    return;
  if (g_str_equal (action_name, "org.assign-here"))
    confirm_activity (self, ADEPT_ORG_ACTIVITY_ASSIGN, devices, self->this_server_id, FALSE);
  else if (g_str_equal (action_name, "org.assign-other"))
    confirm_activity (self, ADEPT_ORG_ACTIVITY_ASSIGN, devices, NULL, TRUE);
  else if (g_str_equal (action_name, "org.unassign"))
    confirm_activity (self, ADEPT_ORG_ACTIVITY_UNASSIGN, devices, NULL, FALSE);
  else if (g_str_equal (action_name, "org.migrate"))
    confirm_activity (self, ADEPT_ORG_ACTIVITY_ASSIGN_WITH_DEADLINE, devices, self->this_server_id, FALSE);
  else if (g_str_equal (action_name, "org.update-deadline"))
    confirm_activity (self, ADEPT_ORG_ACTIVITY_UPDATE_DEADLINE, devices, NULL, FALSE);
  else
    confirm_activity (self, ADEPT_ORG_ACTIVITY_CANCEL_MIGRATION, devices, NULL, FALSE);
}

/* Assign Serial Numbers…: a pasted list, or one imported from a file. */

static void
list_response (AdwMessageDialog *dialog,
               const char       *response)
{
  AdeptOrganizationPage *self = g_object_get_data (G_OBJECT (dialog), "adept-page");
  GtkTextView *view = g_object_get_data (G_OBJECT (dialog), "adept-text");
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(AdeptSerialList) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) devices = NULL;
  const char * const *serials;

  if (!g_str_equal (response, "confirm"))
    return;
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  bytes = g_bytes_new (text, strlen (text));
  list = adept_serial_list_parse (bytes, _("the pasted list"), &error);
  if (list == NULL || !adept_serial_list_check (list, &error))
    {
      adept_ui_toast (GTK_WIDGET (self), error->message);
      return;
    }
  /* The confirmation names the servers the devices leave, as for a selection. */
  devices = g_ptr_array_new_with_free_func (g_object_unref);
  serials = adept_serial_list_get_serials (list);
  for (guint i = 0; serials[i] != NULL; i++)
    {
      AdeptOrgDevice *device = adept_org_device_list_lookup (self->list, serials[i]);

      if (device != NULL)
        g_ptr_array_add (devices, device);
      else
        {
          g_autofree char *message = g_strdup_printf (_("The organization has no device %s: check the serial number or refresh from Apple"), serials[i]);

          adept_ui_toast (GTK_WIDGET (self), message);
          return;
        }
    }
  confirm_activity (self, ADEPT_ORG_ACTIVITY_ASSIGN, devices, self->this_server_id, FALSE);
}

static void
list_file_chosen (GtkNativeDialog  *chooser,
                  int               response,
                  AdwMessageDialog *dialog)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  GtkTextView *view = g_object_get_data (G_OBJECT (dialog), "adept-text");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  if (response != GTK_RESPONSE_ACCEPT || file == NULL)
    return;
  bytes = adept_input_read_gfile (file, ADEPT_INPUT_SERIAL_LIST, NULL, &error);
  if (bytes == NULL)
    {
      adept_ui_toast (GTK_WIDGET (g_object_get_data (G_OBJECT (dialog), "adept-page")), error->message);
      return;
    }
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), g_bytes_get_data (bytes, NULL),
                            (int) g_bytes_get_size (bytes));
}

static void
import_clicked (AdwMessageDialog *dialog)
{
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (_("Import Serial Numbers"), GTK_WINDOW (dialog),
                                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"),
                                                               _("_Cancel"));

  g_object_set_data_full (G_OBJECT (dialog), "adept-chooser", chooser, g_object_unref);
  g_signal_connect_object (chooser, "response", G_CALLBACK (list_file_chosen), dialog, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
assign_list_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  AdeptOrganizationPage *self = ADEPT_ORGANIZATION_PAGE (widget);
  GtkWidget *dialog = message_dialog_new (self, _("Assign Serial Numbers to This Server"),
                                          _("Paste serial numbers, one a line (a CSV’s first column will do), or import a file."));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *text = gtk_text_view_new ();
  GtkWidget *import = gtk_button_new_with_mnemonic (_("_Import File…"));

  gtk_text_view_set_monospace (GTK_TEXT_VIEW (text), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (text), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Serial numbers"), -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), text);
  gtk_widget_set_size_request (scrolled, -1, 160);
  gtk_widget_add_css_class (scrolled, "card");
  gtk_widget_set_halign (import, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (box), scrolled);
  gtk_box_append (GTK_BOX (box), import);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  g_object_set_data (G_OBJECT (dialog), "adept-page", self);
  g_object_set_data (G_OBJECT (dialog), "adept-text", text);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "confirm", _("_Continue"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "confirm", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_swapped (import, "clicked", G_CALLBACK (import_clicked), dialog);
  g_signal_connect (dialog, "response", G_CALLBACK (list_response), NULL);
  present_dialog (self, dialog);
}

/* ---- Recent Activities ---- */

static const char *
activity_type_label (AdeptOrgActivityType type)
{
  switch (type)
    {
    case ADEPT_ORG_ACTIVITY_ASSIGN: return _("Assign");
    case ADEPT_ORG_ACTIVITY_UNASSIGN: return _("Unassign");
    case ADEPT_ORG_ACTIVITY_ASSIGN_WITH_DEADLINE: return _("Migrate with a Deadline");
    case ADEPT_ORG_ACTIVITY_UPDATE_DEADLINE: return _("Change Migration Deadline");
    case ADEPT_ORG_ACTIVITY_CANCEL_MIGRATION:
    default:
      return _("Cancel Migration");
    }
}

/* One activity: what, to which server, when, Apple's counts; its refused devices inside. */
static GtkWidget *
activity_row (AdeptOrganizationPage *self,
              AdeptOrgActivity      *listed,
              GHashTable            *server_names)
{
  /* The listing leaves the per-device results out: Apple's counts come with them. */
  g_autoptr(AdeptOrgActivity) full = adept_store_org_get_activity (self->store, self->org_id,
                                                                   adept_org_activity_get_id (listed), NULL);
  AdeptOrgActivity *activity = full != NULL ? full : listed;
  GtkWidget *row = adw_expander_row_new ();
  const char *server_id = adept_org_activity_get_server_id (activity);
  const char *server = server_id == NULL ? NULL
    : g_strcmp0 (server_id, self->this_server_id) == 0 ? _("This Server")
    : g_hash_table_lookup (server_names, server_id);
  g_autofree char *when = adept_format_timestamp (adept_org_activity_get_created (activity));
  g_autofree char *title = server != NULL
    /* Translators: an activity and its server, "Assign · Legacy MDM". */
    ? g_strdup_printf (_("%s · %s"), activity_type_label (adept_org_activity_get_activity_type (activity)), server)
    : g_strdup (activity_type_label (adept_org_activity_get_activity_type (activity)));
  guint n = adept_org_activity_get_n_devices (activity);
  g_autofree char *counts = !adept_org_activity_get_done (activity)
    ? g_strdup (_("Apple is still working on it"))
    /* Translators: "7 December 2026, 13:20 · 5 devices, 1 refused". */
    : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %u device, %u refused", "%s · %u devices, %u refused", n),
                       when, n, adept_org_activity_get_n_failed (activity));
  GPtrArray *results = adept_org_activity_get_results (activity);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), counts);
  for (guint i = 0; results != NULL && i < results->len; i++)
    {
      AdeptOrgDeviceResult *r = g_ptr_array_index (results, i);
      GtkWidget *child;

      if (r->ok)
        continue;
      child = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (child), r->serial);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (child), r->detail != NULL ? r->detail : r->code);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), child);
    }
  adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (row), adept_org_activity_get_n_failed (activity) > 0);
  return row;
}

static void
activities_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  AdeptOrganizationPage *self = ADEPT_ORGANIZATION_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) activities = adept_store_org_list_activities (self->store, self->org_id, 50, &error);
  g_autoptr(GPtrArray) servers = adept_store_org_list_servers (self->store, &self->view, NULL);
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  GtkWidget *dialog;
  GtkWidget *list;
  GtkWidget *scrolled;

  if (activities == NULL)
    {
      adept_ui_toast (widget, error->message);
      return;
    }
  for (guint i = 0; servers != NULL && i < servers->len; i++)
    g_hash_table_insert (names, (gpointer) adept_org_server_get_id (g_ptr_array_index (servers, i)),
                         (gpointer) adept_org_server_get_name (g_ptr_array_index (servers, i)));
  dialog = message_dialog_new (self, _("Recent Activities"),
                               activities->len > 0
                               ? _("What this console asked of Apple Business, newest first, with the devices Apple refused. Apple keeps an activity for 30 days.")
                               : _("No activity yet: assignments, unassignments and migrations appear here."));
  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  for (guint i = 0; i < activities->len; i++)
    gtk_list_box_append (GTK_LIST_BOX (list), activity_row (self, g_ptr_array_index (activities, i), names));
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 360);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_visible (scrolled, activities->len > 0);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scrolled);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  present_dialog (self, dialog);
}

/* ---- Enabled, and why not ---- */

/* Beyond this many selected devices the migration actions stay on without looking at each
 * (the job checks every device before it sends anything): a selection of 100,000 would
 * otherwise make an object per device at every change. */
#define MAX_EXAMINED 2000

void
_adept_organization_page_actions_update (AdeptOrganizationPage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  g_autoptr(GtkBitset) selected = self->selection != NULL
    ? gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection)) : gtk_bitset_new_empty ();
  gboolean many = gtk_bitset_get_size (selected) > MAX_EXAMINED;
  g_autoptr(GPtrArray) devices = many ? g_ptr_array_new () : _adept_organization_page_dup_selected (self);
  gboolean ready = self->org != NULL && !self->busy;
  gboolean any = ready && gtk_bitset_get_size (selected) > 0;
  gboolean migrating = many;
  gboolean elsewhere = many;
  const char *why = NULL;

  for (guint i = 0; i < devices->len; i++)
    {
      const AdeptOrgDeviceData *d = adept_org_device_get_data (g_ptr_array_index (devices, i));

      migrating |= d->migration_status != NULL && g_str_equal (d->migration_status, "REQUESTED");
      elsewhere |= d->placement == ADEPT_ORG_PLACEMENT_OTHER_SERVER;
    }
  gtk_widget_action_set_enabled (widget, "org.connect", self->org_id != NULL && !self->busy);
  gtk_widget_action_set_enabled (widget, "org.disconnect", self->connected && !self->busy);
  gtk_widget_action_set_enabled (widget, "org.refresh", ready);
  gtk_widget_action_set_enabled (widget, "org.activities", self->connected);
  gtk_widget_action_set_enabled (widget, "org.assign-list", ready);
  gtk_widget_action_set_enabled (widget, "org.assign-here", any);
  gtk_widget_action_set_enabled (widget, "org.assign-other", any);
  gtk_widget_action_set_enabled (widget, "org.unassign", any);
  gtk_widget_action_set_enabled (widget, "org.migrate", any && elsewhere);
  gtk_widget_action_set_enabled (widget, "org.update-deadline", any && migrating);
  gtk_widget_action_set_enabled (widget, "org.cancel-migration", any && migrating);

  if (self->busy)
    why = _("Wait for the activity under way to finish.");
  else if (self->org == NULL)
    why = _("The organization is not open yet.");
  else if (!any)
    why = _("Select devices first.");
  adept_ui_set_action_tooltip (widget, "org.assign-here",
                               why != NULL ? why : _("Assign the selected devices to this server in Apple Business"));
}

static void
focus_search_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  AdeptOrganizationPage *self = ADEPT_ORGANIZATION_PAGE (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

void
_adept_organization_page_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "org.focus-search", NULL, focus_search_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "org.focus-search", NULL);
  gtk_widget_class_install_action (widget_class, "org.connect", NULL, connect_action);
  gtk_widget_class_install_action (widget_class, "org.disconnect", NULL, disconnect_action);
  gtk_widget_class_install_action (widget_class, "org.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "org.assign-here", NULL, activity_action);
  gtk_widget_class_install_action (widget_class, "org.assign-other", NULL, activity_action);
  gtk_widget_class_install_action (widget_class, "org.unassign", NULL, activity_action);
  gtk_widget_class_install_action (widget_class, "org.migrate", NULL, activity_action);
  gtk_widget_class_install_action (widget_class, "org.update-deadline", NULL, activity_action);
  gtk_widget_class_install_action (widget_class, "org.cancel-migration", NULL, activity_action);
  gtk_widget_class_install_action (widget_class, "org.assign-list", NULL, assign_list_action);
  gtk_widget_class_install_action (widget_class, "org.activities", NULL, activities_action);
}
