/* adept-settings-page.c — presentation and actions of Settings → Device Enrollment Program
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-settings-page"

#include "config.h"

#include <glib/gi18n.h>

#include "adept-error.h"
#include "adept-settings-page-private.h"
#include "adept-ui-util.h"
#include "adept-util.h"
#include "adept-window.h"

G_DEFINE_FINAL_TYPE (AdeptSettingsPage, adept_settings_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_LINKED,
  PROP_BUSY,
  PROP_CONDITION,
  PROP_SYNC_TEXT,
  PROP_DEVICE_COUNT,
  PROP_CLIENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const state_names[] = { "loading", "unlinked", "linked" };

gboolean
_adept_settings_page_is_disposed (AdeptSettingsPage *self)
{
  return self->state_stack == NULL;
}

GCancellable *
_adept_settings_page_get_cancellable (AdeptSettingsPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (ADEPT_IS_WINDOW (root))
    return adept_window_get_cancellable (ADEPT_WINDOW (root));
  return NULL;
}

void
_adept_settings_page_add_toast (AdeptSettingsPage *self,
                                AdwToast          *toast)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (ADEPT_IS_WINDOW (root))
    adept_window_add_toast (ADEPT_WINDOW (root), toast);
  else
    g_object_unref (toast);
}

void
_adept_settings_page_toast (AdeptSettingsPage *self,
                            const char        *title)
{
  _adept_settings_page_add_toast (self, adw_toast_new (title));
}

void
_adept_settings_page_update_actions (AdeptSettingsPage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean linked = self->state == ADEPT_LINK_STATE_LINKED;
  gboolean unlinked = self->state == ADEPT_LINK_STATE_UNLINKED;
  gboolean idle = !self->busy;

  gtk_widget_action_set_enabled (widget, "dep.download-key", idle && unlinked);
  gtk_widget_action_set_enabled (widget, "dep.select-token", idle && unlinked);
  gtk_widget_action_set_enabled (widget, "dep.upload-token",
                                 idle && unlinked && self->pending_token != NULL);
  gtk_widget_action_set_enabled (widget, "dep.get-demo-token",
                                 idle && unlinked && self->application != NULL
                                 && adept_application_get_demo (self->application) != NULL);
  gtk_widget_action_set_enabled (widget, "dep.force-sync",
                                 idle && linked && !self->syncing && self->engine != NULL);
  gtk_widget_action_set_enabled (widget, "dep.cancel-sync", self->syncing);
  gtk_widget_action_set_enabled (widget, "dep.renew-token", idle && linked);
  gtk_widget_action_set_enabled (widget, "dep.unlink", idle && linked && !self->syncing);
}

void
_adept_settings_page_set_state (AdeptSettingsPage *self,
                                AdeptLinkState     state)
{
  gboolean was_linked = self->state == ADEPT_LINK_STATE_LINKED;

  self->state = state;
  gtk_stack_set_visible_child_name (self->state_stack, state_names[state]);
  _adept_settings_page_clear_error (self);
  if (state != ADEPT_LINK_STATE_LINKED)
    _adept_settings_page_set_condition (self, ADEPT_CONDITION_NONE, NULL);
  _adept_settings_page_update_info (self);
  _adept_settings_page_update_actions (self);
  if (was_linked != (state == ADEPT_LINK_STATE_LINKED))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LINKED]);
}

void
_adept_settings_page_set_busy (AdeptSettingsPage *self,
                               gboolean           busy)
{
  if (self->busy == !!busy)
    return;
  self->busy = !!busy;
  _adept_settings_page_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

void
_adept_settings_page_set_syncing (AdeptSettingsPage *self,
                                  gboolean           syncing)
{
  self->syncing = !!syncing;
  gtk_stack_set_visible_child_name (self->sync_stack, syncing ? "running" : "idle");
  if (syncing)
    gtk_progress_bar_set_fraction (self->sync_progress, 0.0);
  _adept_settings_page_update_actions (self);
}

void
_adept_settings_page_set_sync_text (AdeptSettingsPage *self,
                                    const char        *text)
{
  if (!adept_set_str (&self->sync_text, text))
    return;
  adw_action_row_set_subtitle (self->sync_row, text != NULL ? text : "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNC_TEXT]);
}

void
_adept_settings_page_show_error (AdeptSettingsPage *self,
                                 const GError      *error)
{
  gboolean linked = self->state == ADEPT_LINK_STATE_LINKED;
  GtkLabel *label = linked ? self->linked_error_label : self->token_error_label;
  GtkRevealer *revealer = linked ? self->linked_error_revealer : self->token_error_revealer;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_label_set_label (label, error->message);
  adept_revealer_set_shown (revealer, TRUE);
}

void
_adept_settings_page_clear_error (AdeptSettingsPage *self)
{
  adept_revealer_set_shown (self->token_error_revealer, FALSE);
  adept_revealer_set_shown (self->linked_error_revealer, FALSE);
  gtk_label_set_label (self->token_error_label, "");
  gtk_label_set_label (self->linked_error_label, "");
}

void
_adept_settings_page_set_condition (AdeptSettingsPage *self,
                                    AdeptCondition     condition,
                                    const char        *detail)
{
  gboolean changed = adept_set_str (&self->condition_detail, detail);

  if (self->condition == condition && !changed)
    return;
  self->condition = condition;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONDITION]);
}

/* The token's expiry decides unless Apple said something worse. */
static AdeptCondition
expiry_condition (AdeptSettingsPage *self)
{
  GDateTime *expiry = _adept_settings_page_get_expiry (self);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  guint warning_days = g_settings_get_uint (self->settings, "token-warning-days");

  if (self->state != ADEPT_LINK_STATE_LINKED || expiry == NULL)
    return ADEPT_CONDITION_NONE;
  if (g_date_time_compare (expiry, now) <= 0)
    return ADEPT_CONDITION_TOKEN_EXPIRED;
  if (adept_days_until (expiry, now) < (int) warning_days)
    return ADEPT_CONDITION_TOKEN_EXPIRES_SOON;
  return ADEPT_CONDITION_NONE;
}

void
_adept_settings_page_report_dep_error (AdeptSettingsPage *self,
                                       const GError      *error)
{
  if (error == NULL)
    {
      _adept_settings_page_set_condition (self, expiry_condition (self), NULL);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (g_error_matches (error, ADEPT_ERROR, ADEPT_ERROR_TERMS_NOT_SIGNED))
    _adept_settings_page_set_condition (self, ADEPT_CONDITION_TERMS_NOT_SIGNED, NULL);
  else if (g_error_matches (error, ADEPT_ERROR, ADEPT_ERROR_TOKEN_REJECTED)
           || g_error_matches (error, ADEPT_ERROR, ADEPT_ERROR_ACCESS_DENIED)
           || g_error_matches (error, ADEPT_ERROR, ADEPT_ERROR_AUTH_FAILED))
    _adept_settings_page_set_condition (self, ADEPT_CONDITION_TOKEN_REJECTED, NULL);
  else if (g_error_matches (error, ADEPT_ERROR, ADEPT_ERROR_TOKEN_EXPIRED))
    _adept_settings_page_set_condition (self, ADEPT_CONDITION_TOKEN_EXPIRED, NULL);
  else
    _adept_settings_page_set_condition (self, ADEPT_CONDITION_SYNC_FAILED, error->message);
}

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
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 1.0);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_RIGHT);
  /* Wide enough that UUIDs and e-mail addresses stay on one line; long addresses wrap. */
  gtk_label_set_width_chars (GTK_LABEL (label), 34);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 48);
  gtk_widget_set_halign (label, GTK_ALIGN_END);
  gtk_widget_add_css_class (label, "info-value");
  adw_action_row_add_suffix (row, label);
  g_object_set_data (G_OBJECT (row), "value-label", label);
}

static AdwActionRow *
info_row (AdeptSettingsPage *self,
          const char        *field)
{
  static const struct {
    const char *field;
    gsize       offset;
  } rows[] = {
    { "server-name", G_STRUCT_OFFSET (AdeptSettingsPage, server_name_row) },
    { "server-uuid", G_STRUCT_OFFSET (AdeptSettingsPage, server_uuid_row) },
    { "org-name", G_STRUCT_OFFSET (AdeptSettingsPage, org_name_row) },
    { "org-email", G_STRUCT_OFFSET (AdeptSettingsPage, org_email_row) },
    { "org-phone", G_STRUCT_OFFSET (AdeptSettingsPage, org_phone_row) },
    { "org-address", G_STRUCT_OFFSET (AdeptSettingsPage, org_address_row) },
    { "org-id", G_STRUCT_OFFSET (AdeptSettingsPage, org_id_row) },
    { "admin-id", G_STRUCT_OFFSET (AdeptSettingsPage, admin_row) },
    { "expiry", G_STRUCT_OFFSET (AdeptSettingsPage, expiry_row) },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    if (g_str_equal (rows[i].field, field))
      return G_STRUCT_MEMBER (AdwActionRow *, self, rows[i].offset);
  return NULL;
}

void
_adept_settings_page_update_info (AdeptSettingsPage *self)
{
  static const char * const fields[] = {
    "server-name", "server-uuid", "org-name", "org-email", "org-phone", "org-address",
    "org-id", "admin-id",
  };
  GDateTime *expiry;

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    set_info_value (info_row (self, fields[i]), _adept_settings_page_get_fact (self, fields[i]));

  expiry = _adept_settings_page_get_expiry (self);
  if (expiry != NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autofree char *text = adept_format_expiry (expiry, now);

      set_info_value (self->expiry_row, text);
    }
  else
    set_info_value (self->expiry_row, NULL);

  if (self->state == ADEPT_LINK_STATE_LINKED && self->condition != ADEPT_CONDITION_SYNC_FAILED
      && self->condition != ADEPT_CONDITION_TERMS_NOT_SIGNED
      && self->condition != ADEPT_CONDITION_TOKEN_REJECTED)
    _adept_settings_page_set_condition (self, expiry_condition (self), NULL);
  _adept_settings_page_update_schedule (self);
}

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
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_set_object (&self->chooser, chooser);
}

/* Actions */

static const struct {
  const char *name;
  void      (*run) (AdeptSettingsPage *self);
} page_actions[] = {
  { "dep.download-key", _adept_settings_page_download_key },
  { "dep.select-token", _adept_settings_page_select_token },
  { "dep.upload-token", _adept_settings_page_upload_token },
  { "dep.get-demo-token", _adept_settings_page_get_demo_token },
  { "dep.force-sync", _adept_settings_page_force_sync },
  { "dep.cancel-sync", _adept_settings_page_cancel_sync },
  /* Renewing is selecting a token while linked. */
  { "dep.renew-token", _adept_settings_page_select_token },
  { "dep.unlink", _adept_settings_page_unlink },
};

static void
run_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  for (guint i = 0; i < G_N_ELEMENTS (page_actions); i++)
    if (g_str_equal (page_actions[i].name, action_name))
      page_actions[i].run (ADEPT_SETTINGS_PAGE (widget));
}

/* The countdown and the next sync time move with the clock. */
static gboolean
clock_tick (gpointer user_data)
{
  _adept_settings_page_update_info (ADEPT_SETTINGS_PAGE (user_data));
  return G_SOURCE_CONTINUE;
}

static void
adept_settings_page_dispose (GObject *object)
{
  AdeptSettingsPage *self = ADEPT_SETTINGS_PAGE (object);

  g_clear_handle_id (&self->clock_source, g_source_remove);
  _adept_settings_page_sync_teardown (self);
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

  g_clear_object (&self->settings);
  g_clear_object (&self->scheduler);
  g_clear_object (&self->engine);
  g_clear_object (&self->client);
  g_clear_object (&self->store);
  g_clear_object (&self->server);
  g_clear_object (&self->pending_token);
  g_clear_object (&self->sync_cancellable);
  g_clear_object (&self->sync_parent);
  g_clear_pointer (&self->pending_name, g_free);
  g_clear_pointer (&self->journal_children, g_ptr_array_unref);
  g_clear_pointer (&self->condition_detail, g_free);
  g_clear_pointer (&self->sync_text, g_free);
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
    case PROP_LINKED:
      g_value_set_boolean (value, adept_settings_page_get_linked (self));
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    case PROP_CONDITION:
      g_value_set_int (value, self->condition);
      break;
    case PROP_SYNC_TEXT:
      g_value_set_string (value, self->sync_text);
      break;
    case PROP_DEVICE_COUNT:
      g_value_set_int (value, adept_settings_page_get_device_count (self));
      break;
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
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

  properties[PROP_LINKED] =
    g_param_spec_boolean ("linked", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONDITION] =
    g_param_spec_int ("condition", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Under Force Sync: the next scheduled run, or the progress of the running one. */
  properties[PROP_SYNC_TEXT] =
    g_param_spec_string ("sync-text", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Devices of the linked server in the local store; -1 when not known. */
  properties[PROP_DEVICE_COUNT] =
    g_param_spec_int ("device-count", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The DEP client of the linked server once its credentials are loaded; NULL otherwise.
   * The other pages work through it. */
  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, ADEPT_TYPE_DEP_CLIENT,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/adept-settings-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AdeptSettingsPage, state_stack);
  gtk_widget_class_bind_template_child (widget_class, AdeptSettingsPage, step_key_row);
  gtk_widget_class_bind_template_child (widget_class, AdeptSettingsPage, step_key_number);
  gtk_widget_class_bind_template_child (widget_class, AdeptSettingsPage, step_token_row);
  gtk_widget_class_bind_template_child (widget_class, AdeptSettingsPage, step_token_number);
  gtk_widget_class_bind_template_child (widget_class, AdeptSettingsPage, step_upload_row);
  gtk_widget_class_bind_template_child (widget_class, AdeptSettingsPage, token_error_revealer);
  gtk_widget_class_bind_template_child (widget_class, AdeptSettingsPage, token_error_label);
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
  gtk_widget_class_bind_template_child (widget_class, AdeptSettingsPage, linked_error_revealer);
  gtk_widget_class_bind_template_child (widget_class, AdeptSettingsPage, linked_error_label);

  for (guint i = 0; i < G_N_ELEMENTS (page_actions); i++)
    gtk_widget_class_install_action (widget_class, page_actions[i].name, NULL, run_action);
}

static void
adept_settings_page_init (AdeptSettingsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  adept_revealer_init_hiding (self->token_error_revealer);
  adept_revealer_init_hiding (self->linked_error_revealer);
  self->settings = g_settings_new (APP_ID);
  self->journal_children = g_ptr_array_new ();
  add_value_label (self->server_name_row);
  add_value_label (self->server_uuid_row);
  add_value_label (self->org_name_row);
  add_value_label (self->org_email_row);
  add_value_label (self->org_phone_row);
  add_value_label (self->org_address_row);
  add_value_label (self->org_id_row);
  add_value_label (self->admin_row);
  add_value_label (self->expiry_row);

  self->clock_source = g_timeout_add_seconds (60, clock_tick, self);
  _adept_settings_page_link_init (self);
  _adept_settings_page_set_state (self, ADEPT_LINK_STATE_LOADING);
}

void
adept_settings_page_set_application (AdeptSettingsPage *self,
                                     AdeptApplication  *application)
{
  g_return_if_fail (ADEPT_IS_SETTINGS_PAGE (self));
  g_return_if_fail (ADEPT_IS_APPLICATION (application));

  self->application = application;
  gtk_widget_set_visible (GTK_WIDGET (self->demo_group),
                          adept_application_get_demo_mode (application));
  _adept_settings_page_load (self);
}

void
adept_settings_page_open_token (AdeptSettingsPage *self,
                                GFile             *file)
{
  g_return_if_fail (ADEPT_IS_SETTINGS_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  _adept_settings_page_inspect_token (self, file);
}

gboolean
adept_settings_page_get_linked (AdeptSettingsPage *self)
{
  g_return_val_if_fail (ADEPT_IS_SETTINGS_PAGE (self), FALSE);

  return self->state == ADEPT_LINK_STATE_LINKED;
}

gboolean
adept_settings_page_get_busy (AdeptSettingsPage *self)
{
  g_return_val_if_fail (ADEPT_IS_SETTINGS_PAGE (self), FALSE);

  return self->busy;
}

AdeptCondition
adept_settings_page_get_condition (AdeptSettingsPage *self)
{
  g_return_val_if_fail (ADEPT_IS_SETTINGS_PAGE (self), ADEPT_CONDITION_NONE);

  return self->condition;
}

GDateTime *
adept_settings_page_get_token_expiry (AdeptSettingsPage *self)
{
  g_return_val_if_fail (ADEPT_IS_SETTINGS_PAGE (self), NULL);

  return _adept_settings_page_get_expiry (self);
}

const char *
adept_settings_page_get_condition_detail (AdeptSettingsPage *self)
{
  g_return_val_if_fail (ADEPT_IS_SETTINGS_PAGE (self), NULL);

  return self->condition_detail;
}

const char *
adept_settings_page_get_state (AdeptSettingsPage *self)
{
  g_return_val_if_fail (ADEPT_IS_SETTINGS_PAGE (self), NULL);

  return state_names[self->state];
}

const char *
adept_settings_page_get_error_message (AdeptSettingsPage *self)
{
  GtkLabel *label;

  g_return_val_if_fail (ADEPT_IS_SETTINGS_PAGE (self), NULL);

  label = self->state == ADEPT_LINK_STATE_LINKED ? self->linked_error_label
                                                 : self->token_error_label;
  if (*gtk_label_get_label (label) == '\0')
    return NULL;
  return gtk_label_get_label (label);
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
  g_return_val_if_fail (row != NULL, NULL);
  label = g_object_get_data (G_OBJECT (row), "value-label");
  if (gtk_widget_has_css_class (label, "dim-label"))
    return NULL;
  return gtk_label_get_label (GTK_LABEL (label));
}

void
_adept_settings_page_devices_changed (AdeptSettingsPage *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEVICE_COUNT]);
}

int
adept_settings_page_get_device_count (AdeptSettingsPage *self)
{
  g_return_val_if_fail (ADEPT_IS_SETTINGS_PAGE (self), -1);

  if (self->state != ADEPT_LINK_STATE_LINKED)
    return -1;
  return _adept_settings_page_count_devices (self);
}

gboolean
adept_settings_page_get_can_sync (AdeptSettingsPage *self)
{
  g_return_val_if_fail (ADEPT_IS_SETTINGS_PAGE (self), FALSE);

  return self->state == ADEPT_LINK_STATE_LINKED && self->engine != NULL && !self->syncing;
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

void
_adept_settings_page_set_client (AdeptSettingsPage *self,
                                 AdeptDepClient    *client)
{
  if (g_set_object (&self->client, client))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);
}

AdeptDepClient *
adept_settings_page_get_client (AdeptSettingsPage *self)
{
  g_return_val_if_fail (ADEPT_IS_SETTINGS_PAGE (self), NULL);

  return self->client;
}

const char *
adept_settings_page_get_server_id (AdeptSettingsPage *self)
{
  g_return_val_if_fail (ADEPT_IS_SETTINGS_PAGE (self), NULL);

  return adept_server_get_id (self->server);
}
