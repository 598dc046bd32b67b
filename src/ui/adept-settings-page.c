/* adept-settings-page.c — presentation and actions of Settings → Device Enrollment Program
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-settings-page"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "adept-direct-session.h"
#include "adept-error.h"
#include "adept-settings-page-private.h"
#include "adept-ui-util.h"
#include "adept-util.h"

G_DEFINE_FINAL_TYPE (AdeptSettingsPage, adept_settings_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_SYNC_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GtkWindow *
_adept_settings_page_get_parent (AdeptSettingsPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static gboolean
is_linked (AdeptSettingsPage *self)
{
  return self->session != NULL && adept_session_get_linked (self->session);
}

/* Disabled buttons say why (a grey button alone leaves the admin guessing). */
static void
explain_actions (AdeptSettingsPage *self,
                 gboolean           idle,
                 gboolean           syncing)
{
  GtkWidget *widget = GTK_WIDGET (self);
  const char *busy = idle ? NULL : _("Adept is busy with the server. Wait for it to finish.");
  const char *sync_why = NULL;
  const char *transfer_why;

  adept_ui_explain_action (widget, "dep.upload-token",
                           busy ? busy : self->pending_token == NULL
                                         ? _("Select a server token first.") : NULL);
  adept_ui_explain_action (widget, "dep.import-key",
                           busy ? busy : self->session != NULL &&
                                         !ADEPT_IS_DIRECT_SESSION (self->session)
                                         ? _("This server’s key pair is kept by its server, not "
                                             "on this computer.") : NULL);
  if (!adept_settings_page_get_can_sync (self) && self->session != NULL)
    {
      if (syncing)
        sync_why = _("A sync is running.");
      else if (!idle)
        sync_why = busy;
      else
        sync_why = _("The server cannot be reached now. See the bar at the top of the window.");
    }
  adept_ui_explain_action (widget, "dep.force-sync", sync_why);
  adept_ui_explain_action (widget, "dep.unlink",
                           syncing ? _("Cancel the sync first, or wait for it to end.") : busy);
  adept_ui_explain_action (widget, "dep.renew-token", busy);
  adept_ui_explain_action (widget, "dep.download-key", busy);
  adept_ui_explain_action (widget, "dep.choose-ca-file",
                           syncing ? _("Wait for the sync to end.") : busy);
  transfer_why = busy ? busy : !_adept_settings_page_can_transfer (self) && self->session != NULL
                 ? _("This server’s key pair and token are kept by its server: set it up on the "
                     "other computer with Add DEP Server….") : NULL;
  adept_ui_explain_action (widget, "dep.export-server", transfer_why);
  adept_ui_explain_action (widget, "dep.import-server", transfer_why);
}

void
_adept_settings_page_update_actions (AdeptSettingsPage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean linked = is_linked (self);
  gboolean unlinked = self->session != NULL && !linked;
  gboolean idle = !self->busy;
  /* Running, or asked for here and waiting for the session's operation before it. */
  gboolean syncing = self->session != NULL &&
                     (adept_session_get_syncing (self->session) || self->sync_cancellable != NULL);

  /* The key stays available once linked: Apple Business Manager asks for it again when a
   * server is moved to another MDM, and its fingerprint tells which key a token is for. */
  gtk_widget_action_set_enabled (widget, "dep.download-key", idle && self->session != NULL);
  gtk_widget_action_set_enabled (widget, "dep.import-key",
                                 idle && unlinked && ADEPT_IS_DIRECT_SESSION (self->session));
  gtk_widget_action_set_enabled (widget, "dep.select-token", idle && unlinked);
  gtk_widget_action_set_enabled (widget, "dep.upload-token",
                                 idle && unlinked && self->pending_token != NULL);
  gtk_widget_action_set_enabled (widget, "dep.get-demo-token", idle && unlinked && self->demo != NULL);
  gtk_widget_action_set_enabled (widget, "dep.force-sync",
                                 adept_settings_page_get_can_sync (self));
  gtk_widget_action_set_enabled (widget, "dep.cancel-sync", syncing);
  gtk_widget_action_set_enabled (widget, "dep.renew-token", idle && linked);
  gtk_widget_action_set_enabled (widget, "dep.unlink", idle && linked && !syncing);
  /* The session refuses a trust change during a sync: say so before. */
  gtk_widget_action_set_enabled (widget, "dep.choose-ca-file", idle && linked && !syncing);
  gtk_widget_set_sensitive (GTK_WIDGET (self->pin_row), idle && linked && !syncing);
  gtk_widget_action_set_enabled (widget, "dep.trust-system", idle && linked && !syncing &&
                                 _adept_settings_page_get_trust_set (self));
  gtk_widget_action_set_enabled (widget, "dep.export-server",
                                 idle && linked && _adept_settings_page_can_transfer (self));
  gtk_widget_action_set_enabled (widget, "dep.import-server",
                                 idle && unlinked && _adept_settings_page_can_transfer (self));
  explain_actions (self, idle, syncing);
}

void
_adept_settings_page_set_busy (AdeptSettingsPage *self,
                               gboolean           busy)
{
  if (self->busy == !!busy)
    return;
  self->busy = !!busy;
  _adept_settings_page_update_actions (self);
}

/* Errors show in a bar above the page, where the admin looks whatever part of the page is
 * in view (under Unlink it was below the fold). */
void
_adept_settings_page_show_error (AdeptSettingsPage *self,
                                 const GError      *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_label_set_label (self->error_label, error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_bar), TRUE);
  }

void
_adept_settings_page_clear_error (AdeptSettingsPage *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->error_bar), FALSE);
  gtk_label_set_label (self->error_label, "");
}

static void
on_error_bar_response (AdeptSettingsPage *self,
                       int                response)
{
  if (response == GTK_RESPONSE_CLOSE)
    _adept_settings_page_clear_error (self);
}

/* DEP Information */

static void
set_info_value (AdwActionRow *row,
                const char   *value)
{
  GtkWidget *label = g_object_get_data (G_OBJECT (row), "value-label");
  gboolean known = value != NULL && *value != '\0';

  gtk_label_set_label (GTK_LABEL (label), known ? value : _("Not known yet"));
  if (known)
    gtk_widget_remove_css_class (label, "dim-label");
  else
    gtk_widget_add_css_class (label, "dim-label");
}

static void
add_value_label (AdwActionRow *row)
{
  GtkLabel *title = adept_ui_row_get_title_label (ADW_PREFERENCES_ROW (row));

  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 1.0);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_RIGHT);
  /* UUIDs and e-mail addresses stay on one line when there is room (up to max-width-chars);
   * in a narrow window they wrap at characters. The natural width is the unwrapped text's:
   * otherwise the row, measuring it for its own height, finds it fits three narrow lines. */
  gtk_label_set_max_width_chars (GTK_LABEL (label), 48);
  gtk_label_set_natural_wrap_mode (GTK_LABEL (label), GTK_NATURAL_WRAP_NONE);
  /* The title, measured the same way, keeps its words whole ("Address", not "Add|ress"). */
  if (title != NULL)
    gtk_label_set_natural_wrap_mode (title, GTK_NATURAL_WRAP_WORD);
  gtk_widget_set_halign (label, GTK_ALIGN_END);
  gtk_widget_add_css_class (label, "info-value");
  adw_action_row_add_suffix (row, label);
  g_object_set_data (G_OBJECT (row), "value-label", label);
}

static const struct {
  const char *field;
  const char *fact;    /* ADEPT_ACCOUNT_*, NULL for the computed ones */
  gsize       offset;
} info_rows[] = {
  { "server-name", NULL, G_STRUCT_OFFSET (AdeptSettingsPage, server_name_row) },
  { "server-uuid", ADEPT_ACCOUNT_SERVER_UUID, G_STRUCT_OFFSET (AdeptSettingsPage, server_uuid_row) },
  { "org-name", ADEPT_ACCOUNT_ORG_NAME, G_STRUCT_OFFSET (AdeptSettingsPage, org_name_row) },
  { "org-email", ADEPT_ACCOUNT_ORG_EMAIL, G_STRUCT_OFFSET (AdeptSettingsPage, org_email_row) },
  { "org-phone", ADEPT_ACCOUNT_ORG_PHONE, G_STRUCT_OFFSET (AdeptSettingsPage, org_phone_row) },
  { "org-address", ADEPT_ACCOUNT_ORG_ADDRESS, G_STRUCT_OFFSET (AdeptSettingsPage, org_address_row) },
  { "org-id", ADEPT_ACCOUNT_ORG_ID, G_STRUCT_OFFSET (AdeptSettingsPage, org_id_row) },
  { "admin-id", ADEPT_ACCOUNT_ADMIN_ID, G_STRUCT_OFFSET (AdeptSettingsPage, admin_row) },
  { "expiry", NULL, G_STRUCT_OFFSET (AdeptSettingsPage, expiry_row) },
};

static AdwActionRow *
info_row (AdeptSettingsPage *self,
          const char        *field)
{
  for (guint i = 0; i < G_N_ELEMENTS (info_rows); i++)
    if (g_str_equal (info_rows[i].field, field))
      return G_STRUCT_MEMBER (AdwActionRow *, self, info_rows[i].offset);
  return NULL;
}

/* The kind's facts (a NanoDEP server: its URL, the DEP name, the key downloaded here), and
 * who assigns new devices where the kind's server takes some of them. */
static void
add_fact_row (AdeptSettingsPage *self,
              const char        *name,
              const char        *label,
              const char        *value)
{
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());
  g_autofree char *title = g_strdup (label);
  gsize len = strlen (title);

  /* adeptctl's labels end with a colon; rows have none. */
  if (len > 0 && title[len - 1] == ':')
    title[len - 1] = '\0';
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  add_value_label (row);
  set_info_value (row, value);
  g_object_set_data_full (G_OBJECT (row), "adept-fact", g_strdup (name), g_free);
  adw_preferences_group_add (self->info_group, GTK_WIDGET (row));
  g_ptr_array_add (self->fact_rows, row);
}

static void
update_facts (AdeptSettingsPage *self)
{
  g_autoptr(GPtrArray) facts = NULL;

  for (guint i = 0; i < self->fact_rows->len; i++)
    adw_preferences_group_remove (self->info_group, g_ptr_array_index (self->fact_rows, i));
  g_ptr_array_set_size (self->fact_rows, 0);
  if (self->session == NULL)
    return;

  facts = adept_session_dup_facts (self->session);
  for (guint i = 0; i < facts->len; i++)
    {
      AdeptSessionFact *fact = g_ptr_array_index (facts, i);

      add_fact_row (self, fact->name, fact->label, fact->value);
    }
  if (adept_session_get_auto_assign (self->session) == ADEPT_AUTO_ASSIGN_NOT_ADDED)
    add_fact_row (self, "auto_assign", _("New Devices"),
                  _("The server’s own syncer gives the default profile to devices Apple adds; "
                    "this console’s sync gives it to those of its first fetch and to devices "
                    "moved in from another MDM server."));
}

static void
update_info (AdeptSettingsPage *self)
{
  GDateTime *expiry = self->session ? adept_session_get_token_expiry (self->session) : NULL;
  gboolean linked = is_linked (self);

  for (guint i = 0; i < G_N_ELEMENTS (info_rows); i++)
    if (info_rows[i].fact != NULL)
      set_info_value (G_STRUCT_MEMBER (AdwActionRow *, self, info_rows[i].offset),
                      linked ? adept_session_get_account_fact (self->session, info_rows[i].fact)
                             : NULL);
  set_info_value (self->server_name_row,
                  linked ? adept_session_get_display_name (self->session) : NULL);

  if (linked && expiry != NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autofree char *text = adept_format_expiry (expiry, now);

      set_info_value (self->expiry_row, text);
    }
  else
    set_info_value (self->expiry_row, NULL);
  _adept_settings_page_update_beta (self);
  _adept_settings_page_update_enrollment (self);
  update_facts (self);
}

/* The session */

static void
update_state (AdeptSettingsPage *self)
{
  const char *state = adept_settings_page_get_state (self);

  if (!g_str_equal (state, "loading"))
    gtk_stack_set_visible_child_name (self->state_stack, state);
  _adept_settings_page_clear_error (self);
  update_info (self);
  _adept_settings_page_update_trust (self);
  _adept_settings_page_update_steps (self);
  _adept_settings_page_update_key (self);
  _adept_settings_page_update_sync (self);
  _adept_settings_page_update_journal (self);
  _adept_settings_page_update_actions (self);
}

static void
on_session_changed (AdeptSettingsPage *self)
{
  update_info (self);
  _adept_settings_page_update_trust (self);
  _adept_settings_page_update_sync (self);
  _adept_settings_page_update_actions (self);
}

void
adept_settings_page_set_session (AdeptSettingsPage *self,
                                 AdeptSession      *session)
{
  static const char * const info_notifies[] = {
    "notify::display-name", "notify::token-expiry", "notify::account-updated-at",
  };
  static const char * const sync_notifies[] = {
    "notify::syncing", "notify::sync-pages", "notify::next-sync", "notify::state",
  };

  g_return_if_fail (ADEPT_IS_SETTINGS_PAGE (self));
  g_return_if_fail (session == NULL || ADEPT_IS_SESSION (session));

  if (self->session == session)
    return;

  /* What the page started for the previous server runs on as that session's business (a
   * link or an unlink half done would leave the server half linked); its answer is no
   * longer shown here. */
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_clear_object (&self->sync_cancellable);
  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));
  _adept_settings_page_set_chooser (self, NULL);
  _adept_settings_page_forget_pending (self);
  self->busy = FALSE;

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  if (session != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (info_notifies); i++)
        g_signal_connect_object (session, info_notifies[i], G_CALLBACK (on_session_changed), self,
                                 G_CONNECT_SWAPPED);
      for (guint i = 0; i < G_N_ELEMENTS (sync_notifies); i++)
        g_signal_connect_object (session, sync_notifies[i], G_CALLBACK (on_session_changed), self,
                                 G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::linked", G_CALLBACK (update_state), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::last-sync",
                               G_CALLBACK (_adept_settings_page_update_journal), self,
                               G_CONNECT_SWAPPED);
    }
  update_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

AdeptSession *
adept_settings_page_get_session (AdeptSettingsPage *self)
{
  g_return_val_if_fail (ADEPT_IS_SETTINGS_PAGE (self), NULL);

  return self->session;
}

void
adept_settings_page_set_demo (AdeptSettingsPage *self,
                              AdeptDemo         *demo)
{
  g_return_if_fail (ADEPT_IS_SETTINGS_PAGE (self));

  g_set_object (&self->demo, demo);
  gtk_widget_set_visible (GTK_WIDGET (self->demo_group), demo != NULL);
  _adept_settings_page_update_actions (self);
}

void
adept_settings_page_open_token (AdeptSettingsPage *self,
                                GFile             *file)
{
  g_return_if_fail (ADEPT_IS_SETTINGS_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  _adept_settings_page_inspect_token (self, file);
}

/* Dialogs */

static void
dialog_destroyed (AdeptSettingsPage *self,
                  GtkWidget         *dialog)
{
  if ((GtkWidget *) self->dialog == dialog)
    self->dialog = NULL;
}

void
_adept_settings_page_set_dialog (AdeptSettingsPage *self,
                                 AdwMessageDialog  *dialog)
{
  self->dialog = dialog;
  if (dialog != NULL)
    g_signal_connect_object (dialog, "destroy", G_CALLBACK (dialog_destroyed), self,
                             G_CONNECT_SWAPPED);
}

void
_adept_settings_page_set_chooser (AdeptSettingsPage    *self,
                                  GtkFileChooserNative *chooser)
{
  adept_ui_chooser_clear (&self->chooser);
  g_set_object (&self->chooser, chooser);
}

/* Actions */

static const struct {
  const char *name;
  void      (*run) (AdeptSettingsPage *self);
} page_actions[] = {
  { "dep.download-key", _adept_settings_page_download_key },
  { "dep.import-key", _adept_settings_page_import_key },
  { "dep.select-token", _adept_settings_page_select_token },
  { "dep.upload-token", _adept_settings_page_upload_token },
  { "dep.get-demo-token", _adept_settings_page_get_demo_token },
  { "dep.force-sync", _adept_settings_page_force_sync },
  { "dep.cancel-sync", _adept_settings_page_cancel_sync },
  /* Renewing is selecting a token while linked. */
  { "dep.renew-token", _adept_settings_page_select_token },
  { "dep.unlink", _adept_settings_page_unlink },
  { "dep.choose-ca-file", _adept_settings_page_choose_ca_file },
  { "dep.trust-system", _adept_settings_page_trust_system },
  { "dep.export-server", _adept_settings_page_export_server },
  { "dep.import-server", _adept_settings_page_import_server },
};

static void
run_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  AdeptSettingsPage *self = ADEPT_SETTINGS_PAGE (widget);

  if (self->session == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (page_actions); i++)
    if (g_str_equal (page_actions[i].name, action_name))
      page_actions[i].run (self);
}

/* The countdown and the next sync time move with the clock. */
static gboolean
clock_tick (gpointer user_data)
{
  on_session_changed (ADEPT_SETTINGS_PAGE (user_data));
  return G_SOURCE_CONTINUE;
}

static void
adept_settings_page_dispose (GObject *object)
{
  AdeptSettingsPage *self = ADEPT_SETTINGS_PAGE (object);

  g_clear_handle_id (&self->clock_source, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  _adept_settings_page_beta_dispose (self);
  _adept_settings_page_enrollment_dispose (self);
  _adept_settings_page_dispose_background (self);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));
  _adept_settings_page_set_chooser (self, NULL);
  /* The bin's child is a bound template child: let the bin drop it first, or both would
   * unparent it. */
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), ADEPT_TYPE_SETTINGS_PAGE);
  G_OBJECT_CLASS (adept_settings_page_parent_class)->dispose (object);
}

static void
adept_settings_page_finalize (GObject *object)
{
  AdeptSettingsPage *self = ADEPT_SETTINGS_PAGE (object);

  g_clear_object (&self->demo);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->sync_cancellable);
  g_clear_object (&self->pending_token);
  g_clear_object (&self->pending_file);
  g_clear_pointer (&self->pending_name, g_free);
  g_clear_pointer (&self->journal_children, g_ptr_array_unref);
  g_clear_pointer (&self->fact_rows, g_ptr_array_unref);
  g_clear_pointer (&self->sync_text, g_free);
  for (guint i = 0; i < G_N_ELEMENTS (self->import_files); i++)
    g_clear_object (&self->import_files[i]);
  G_OBJECT_CLASS (adept_settings_page_parent_class)->finalize (object);
}

static void
adept_settings_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  AdeptSettingsPage *self = ADEPT_SETTINGS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_SYNC_TEXT:
      g_value_set_string (value, self->sync_text);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
adept_settings_page_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  AdeptSettingsPage *self = ADEPT_SETTINGS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      adept_settings_page_set_session (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
adept_settings_page_class_init (AdeptSettingsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = adept_settings_page_dispose;
  object_class->finalize = adept_settings_page_finalize;
  object_class->get_property = adept_settings_page_get_property;
  object_class->set_property = adept_settings_page_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, ADEPT_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* What the Sync row says: the schedule, or the running sync's progress. */
  properties[PROP_SYNC_TEXT] =
    g_param_spec_string ("sync-text", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/adept-settings-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AdeptSettingsPage, error_bar);
  gtk_widget_class_bind_template_child (widget_class, AdeptSettingsPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, AdeptSettingsPage, state_stack);
  gtk_widget_class_bind_template_child (widget_class, AdeptSettingsPage, info_group);
  gtk_widget_class_bind_template_child (widget_class, AdeptSettingsPage, step_key_row);
  gtk_widget_class_bind_template_child (widget_class, AdeptSettingsPage, step_key_number);
  gtk_widget_class_bind_template_child (widget_class, AdeptSettingsPage, step_token_row);
  gtk_widget_class_bind_template_child (widget_class, AdeptSettingsPage, step_token_number);
  gtk_widget_class_bind_template_child (widget_class, AdeptSettingsPage, step_upload_row);
  gtk_widget_class_bind_template_child (widget_class, AdeptSettingsPage, import_key_button);
  gtk_widget_class_bind_template_child (widget_class, AdeptSettingsPage, demo_group);
  gtk_widget_class_bind_template_child (widget_class, AdeptSettingsPage, server_name_row);
  gtk_widget_class_bind_template_child (widget_class, AdeptSettingsPage, server_uuid_row);
  gtk_widget_class_bind_template_child (widget_class, AdeptSettingsPage, org_name_row);
  gtk_widget_class_bind_template_child (widget_class, AdeptSettingsPage, org_email_row);
  gtk_widget_class_bind_template_child (widget_class, AdeptSettingsPage, org_phone_row);
  gtk_widget_class_bind_template_child (widget_class, AdeptSettingsPage, org_address_row);
  gtk_widget_class_bind_template_child (widget_class, AdeptSettingsPage, org_id_row);
  gtk_widget_class_bind_template_child (widget_class, AdeptSettingsPage, admin_row);
  gtk_widget_class_bind_template_child (widget_class, AdeptSettingsPage, expiry_row);
  gtk_widget_class_bind_template_child (widget_class, AdeptSettingsPage, sync_row);
  gtk_widget_class_bind_template_child (widget_class, AdeptSettingsPage, sync_stack);
  gtk_widget_class_bind_template_child (widget_class, AdeptSettingsPage, sync_progress);
  gtk_widget_class_bind_template_child (widget_class, AdeptSettingsPage, journal_row);
  gtk_widget_class_bind_template_child (widget_class, AdeptSettingsPage, public_key_row);
  gtk_widget_class_bind_template_child (widget_class, AdeptSettingsPage, fingerprint_row);
  gtk_widget_class_bind_template_child (widget_class, AdeptSettingsPage, audit_button);
  gtk_widget_class_bind_template_callback (widget_class, on_error_bar_response);
  _adept_settings_page_class_init_background (widget_class);
  _adept_settings_page_class_init_trust (widget_class);

  for (guint i = 0; i < G_N_ELEMENTS (page_actions); i++)
    gtk_widget_class_install_action (widget_class, page_actions[i].name, NULL, run_action);
}

static void
adept_settings_page_init (AdeptSettingsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_object_ref (adept_settings_get_default ());
  self->cancellable = g_cancellable_new ();
  self->journal_children = g_ptr_array_new ();
  _adept_settings_page_beta_init (self);
  _adept_settings_page_enrollment_init (self);
  self->fact_rows = g_ptr_array_new ();
  for (guint i = 0; i < G_N_ELEMENTS (info_rows); i++)
    add_value_label (G_STRUCT_MEMBER (AdwActionRow *, self, info_rows[i].offset));
  add_value_label (self->fingerprint_row);
  _adept_settings_page_init_background (self);

  self->clock_source = g_timeout_add_seconds (60, clock_tick, self);
  update_state (self);
}

/* What the admin sees */

gboolean
adept_settings_page_get_linked (AdeptSettingsPage *self)
{
  g_return_val_if_fail (ADEPT_IS_SETTINGS_PAGE (self), FALSE);

  return is_linked (self);
}

gboolean
adept_settings_page_get_busy (AdeptSettingsPage *self)
{
  g_return_val_if_fail (ADEPT_IS_SETTINGS_PAGE (self), FALSE);

  return self->busy;
}

const char *
adept_settings_page_get_state (AdeptSettingsPage *self)
{
  g_return_val_if_fail (ADEPT_IS_SETTINGS_PAGE (self), NULL);

  if (self->session == NULL)
    return "loading";
  return is_linked (self) ? "linked" : "unlinked";
}

const char *
adept_settings_page_get_error_message (AdeptSettingsPage *self)
{
  g_return_val_if_fail (ADEPT_IS_SETTINGS_PAGE (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->error_bar)) ||
      *gtk_label_get_label (self->error_label) == '\0')
    return NULL;
  return gtk_label_get_label (self->error_label);
}

AdwMessageDialog *
adept_settings_page_get_dialog (AdeptSettingsPage *self)
{
  g_return_val_if_fail (ADEPT_IS_SETTINGS_PAGE (self), NULL);

  return self->dialog;
}

GtkFileChooserNative *
adept_settings_page_get_file_chooser (AdeptSettingsPage *self)
{
  g_return_val_if_fail (ADEPT_IS_SETTINGS_PAGE (self), NULL);

  return self->chooser;
}

const char *
adept_settings_page_get_info (AdeptSettingsPage *self,
                              const char        *field)
{
  AdwActionRow *row;
  GtkWidget *label;

  g_return_val_if_fail (ADEPT_IS_SETTINGS_PAGE (self), NULL);

  row = info_row (self, field);
  for (guint i = 0; row == NULL && i < self->fact_rows->len; i++)
    if (g_strcmp0 (g_object_get_data (g_ptr_array_index (self->fact_rows, i), "adept-fact"),
                   field) == 0)
      row = g_ptr_array_index (self->fact_rows, i);
  if (row == NULL)
    return NULL;
  label = g_object_get_data (G_OBJECT (row), "value-label");
  if (gtk_widget_has_css_class (label, "dim-label"))
    return NULL;
  return gtk_label_get_label (GTK_LABEL (label));
}

gboolean
adept_settings_page_get_can_sync (AdeptSettingsPage *self)
{
  g_return_val_if_fail (ADEPT_IS_SETTINGS_PAGE (self), FALSE);

  return self->session != NULL && !self->busy && self->sync_cancellable == NULL &&
         adept_session_get_state (self->session) == ADEPT_SESSION_STATE_READY &&
         !adept_session_get_syncing (self->session);
}

const char *
adept_settings_page_get_sync_text (AdeptSettingsPage *self)
{
  g_return_val_if_fail (ADEPT_IS_SETTINGS_PAGE (self), NULL);

  return self->sync_text;
}

guint
adept_settings_page_get_journal_rows (AdeptSettingsPage *self)
{
  g_return_val_if_fail (ADEPT_IS_SETTINGS_PAGE (self), 0);

  return self->journal_children->len;
}
