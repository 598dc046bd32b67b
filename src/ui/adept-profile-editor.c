/* adept-profile-editor.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-profile-editor"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "adept-dep-protocol.h"
#include "adept-error.h"
#include "adept-input.h"
#include "adept-profile-cert.h"
#include "adept-profile-editor.h"
#include "adept-profile-fields.h"
#include "adept-profile-names.h"
#include "adept-profile-rules.h"
#include "adept-ui-util.h"

typedef char *(*CheckFunc) (const char *value);

/* The fields edited by a widget of the template, with the check of Apple's rules. */
typedef struct {
  const char *key;
  const char *widget;
  CheckFunc   check;
} Field;

static const Field fields[] = {
  { "profile_name", "name_row", adept_profile_check_name },
  { "url", "url_row", adept_profile_check_url },
  { "department", "department_row", adept_profile_check_department },
  { "support_phone_number", "phone_row", adept_profile_check_phone },
  { "support_email_address", "email_row", adept_profile_check_email },
  { "is_supervised", "supervised_switch", NULL },
  { "is_mandatory", "mandatory_switch", NULL },
  { "is_mdm_removable", "removable_switch", NULL },
  { "await_device_configured", "await_switch", NULL },
  { "is_multi_user", "multi_user_switch", NULL },
  { "allow_pairing", "pairing_switch", NULL },
  { "auto_advance_setup", "auto_advance_switch", NULL },
  { "do_not_use_profile_from_backup", "no_backup_switch", NULL },
  { "is_return_to_service", "return_to_service_switch", NULL },
  { "configuration_web_url", "web_url_row", adept_profile_check_web_url },
  { "language", "language_row", adept_profile_check_language },
  { "region", "region_row", adept_profile_check_region },
  { "org_magic", "magic_row", adept_profile_check_magic },
};

static const char * const cert_keys[] = { "anchor_certs", "supervising_host_certs" };

struct _AdeptProfileEditor
{
  AdwWindow             parent_instance;

  /* Template widgets */
  AdwViewSwitcherTitle *switcher_title;
  GtkSpinner           *spinner;
  GtkInfoBar           *note_bar;
  GtkLabel             *note_label;
  GtkInfoBar           *error_bar;
  GtkLabel             *error_label;
  AdwViewStack         *view_stack;
  AdwViewStackPage     *profile_stack_page;
  AdwViewStackPage     *setup_stack_page;
  AdwViewStackPage     *certificates_stack_page;
  AdwPreferencesGroup  *skip_group;
  AdwPreferencesGroup  *anchor_group;
  AdwPreferencesGroup  *supervising_group;
  GtkSwitch            *token_auth_switch;
  GtkLabel             *language_name;
  GtkLabel             *region_name;

  /* Owned */
  AdeptSession         *session;
  char                 *replaces;
  char                 *original;       /* the loaded profile as JSON: Save needs a change */
  GHashTable           *touched;        /* keys typed into, left, or loaded with a value */
  GHashTable           *messages;       /* key → the error icon in its row */
  GHashTable           *apple_errors;   /* key → Apple's refusal, until the field changes */
  GHashTable           *skip_checks;    /* skip key → GtkCheckButton */
  GStrv                 extra_skip_keys;/* loaded keys this version does not know */
  GPtrArray            *certs[2];       /* base64 DER, per cert_keys */
  GPtrArray            *cert_rows[2];
  GtkFileChooserNative *chooser;
  char                 *chooser_key;

  gboolean              loading;
  gboolean              gone;      /* disposed: the template widgets are no more */
  gboolean              valid;
  gboolean              busy;
};

G_DEFINE_FINAL_TYPE (AdeptProfileEditor, adept_profile_editor, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GObject *
field_widget (AdeptProfileEditor *self,
              const Field        *field)
{
  return gtk_widget_get_template_child (GTK_WIDGET (self), ADEPT_TYPE_PROFILE_EDITOR,
                                        field->widget);
}

static const Field *
find_field (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (g_strcmp0 (fields[i].key, key) == 0)
      return &fields[i];
  return NULL;
}

static int
cert_index (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (cert_keys); i++)
    if (g_strcmp0 (cert_keys[i], key) == 0)
      return i;
  return -1;
}

/* The row the admin sees for a field: the entry row, or the row holding the switch. */
static GtkWidget *
field_row (AdeptProfileEditor *self,
           const Field        *field)
{
  GtkWidget *widget = GTK_WIDGET (field_widget (self, field));

  return ADW_IS_PREFERENCES_ROW (widget) ? widget
                                         : gtk_widget_get_ancestor (widget, ADW_TYPE_PREFERENCES_ROW);
}

static char *
dup_text (AdeptProfileEditor *self,
          const Field        *field)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (field_widget (self, field)));
  char *trimmed = g_strstrip (g_strdup (text));

  if (*trimmed == '\0')
    g_clear_pointer (&trimmed, g_free);
  return trimmed;
}

static gboolean
get_active (AdeptProfileEditor *self,
            const char         *key)
{
  return gtk_switch_get_active (GTK_SWITCH (field_widget (self, find_field (key))));
}

/* Messages on fields: an error icon at the end of the field's row, the sentence as its
 * tooltip and the row's accessible description. A row of its own under the field pushed the
 * rows below down as the admin typed. */

static GtkWidget *
add_message_icon (GtkWidget *row)
{
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

  gtk_widget_add_css_class (icon, "error");
  gtk_widget_set_valign (icon, GTK_ALIGN_CENTER);
  gtk_widget_set_visible (icon, FALSE);
  if (ADW_IS_ENTRY_ROW (row))
    adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), icon);
  else if (ADW_IS_ACTION_ROW (row))
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon);
  else
    g_return_val_if_reached (icon);
  return icon;
}

/* A field says what is wrong once the admin had a go at it (typed, left it, or pressed
 * Save): an empty form is not red before any input. */
static gboolean
show_message (AdeptProfileEditor *self,
              const Field        *field,
              const char         *message)
{
  GtkWidget *icon = g_hash_table_lookup (self->messages, field->key);
  GtkWidget *row = field_row (self, field);
  gboolean shown = message != NULL && gtk_widget_get_visible (row) &&
                   g_hash_table_contains (self->touched, field->key);

  gtk_widget_set_tooltip_text (icon, shown ? message : NULL);
  gtk_widget_set_visible (icon, shown);
  if (shown)
    {
      gtk_widget_add_css_class (row, "error");
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      message, -1);
      gtk_accessible_update_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_INVALID,
                                   GTK_ACCESSIBLE_INVALID_TRUE, -1);
    }
  else
    {
      gtk_widget_remove_css_class (row, "error");
      gtk_accessible_reset_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      gtk_accessible_reset_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_INVALID);
    }
  return shown;
}

static char *
check_field (AdeptProfileEditor *self,
             const Field        *field)
{
  g_autofree char *text = NULL;

  if (g_str_equal (field->key, "is_mdm_removable"))
    return adept_profile_check_flags (get_active (self, "is_supervised"),
                                      get_active (self, "is_mdm_removable"));
  if (field->check == NULL)
    return NULL;
  if (g_str_equal (field->key, "configuration_web_url")
      && !gtk_switch_get_active (self->token_auth_switch))
    return NULL;
  text = dup_text (self, field);
  if (g_str_equal (field->key, "configuration_web_url"))
    {
      g_autofree char *url = dup_text (self, find_field ("url"));
      char *problem = field->check (text);

      /* Apple takes the sign-in page only from the MDM server's host. */
      return problem ? problem : adept_profile_check_web_url_host (text, url);
    }
  return field->check (text);
}

static void
update_code_name (GtkLabel   *label,
                  const char *name)
{
  gtk_label_set_label (label, name ? name : "");
  gtk_widget_set_visible (GTK_WIDGET (label), name != NULL);
}

static char *
dup_profile_json (AdeptProfileEditor *self)
{
  g_autoptr(AdeptDepProfile) profile = adept_profile_editor_dup_profile (self);
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (),
                                                    adept_dep_profile_to_json (profile));

  return json_to_string (node, FALSE);
}

/* An edit that changes nothing would define a twin at Apple. */
static gboolean
is_changed (AdeptProfileEditor *self)
{
  g_autofree char *now = NULL;

  if (self->original == NULL)
    return TRUE;
  now = dup_profile_json (self);
  return g_strcmp0 (now, self->original) != 0;
}

static void
update_actions (AdeptProfileEditor *self)
{
  gboolean changed = is_changed (self);
  gboolean can_save = self->valid && !self->busy && changed;
  const char *tooltip = _("Define the profile at Apple");

  if (!changed)
    tooltip = _("Nothing changed yet: change a field to define a new version");
  else if (!self->valid)
    tooltip = _("Fill in the name and the MDM server URL, and correct any highlighted field");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save", can_save);
  gtk_widget_set_tooltip_text (adept_profile_editor_get_save_button (self), tooltip);
}

static void
validate (AdeptProfileEditor *self)
{
  gboolean valid = TRUE;
  gboolean attention = FALSE;
  g_autofree char *language = NULL;
  g_autofree char *region = NULL;

  if (self->loading)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autofree char *problem = check_field (self, &fields[i]);
      const char *apple = g_hash_table_lookup (self->apple_errors, fields[i].key);

      if (problem != NULL)
        valid = FALSE;
      attention |= show_message (self, &fields[i], problem ? problem : apple);
    }

  language = dup_text (self, find_field ("language"));
  region = dup_text (self, find_field ("region"));
  update_code_name (self->language_name, adept_language_get_name (language));
  update_code_name (self->region_name, adept_region_get_name (region));

  adw_view_stack_page_set_needs_attention (self->profile_stack_page, attention);
  self->valid = valid;
  update_actions (self);
}

static void
on_field_changed (AdeptProfileEditor *self,
                  GObject            *widget)
{
  const char *key = g_object_get_data (widget, "adept-profile-key");

  if (key != NULL)
    {
      g_hash_table_remove (self->apple_errors, key);
      g_hash_table_add (self->touched, (gpointer) key);
    }
  /* Apple judges language and region together (OBSE_INVALID names the language). */
  if (g_strcmp0 (key, "region") == 0)
    g_hash_table_remove (self->apple_errors, "language");
  /* FLAGS_INVALID names removal; supervision is the other half. */
  if (g_strcmp0 (key, "is_supervised") == 0)
    g_hash_table_remove (self->apple_errors, "is_mdm_removable");
  validate (self);
}

static void
on_switch_changed (AdeptProfileEditor *self,
                   GParamSpec         *pspec,
                   GObject            *widget)
{
  on_field_changed (self, widget);
}

static void
on_field_left (GtkEventControllerFocus *controller,
               AdeptProfileEditor      *self)
{
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  const char *key = g_object_get_data (G_OBJECT (widget), "adept-profile-key");

  /* Focus leaves every field when the window goes. */
  if (key == NULL || self->loading || self->gone || g_hash_table_contains (self->touched, key))
    return;
  g_hash_table_add (self->touched, (gpointer) key);
  validate (self);
}

static void
connect_fields (AdeptProfileEditor *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      GObject *widget = field_widget (self, &fields[i]);

      g_object_set_data (widget, "adept-profile-key", (gpointer) fields[i].key);
      g_hash_table_insert (self->messages, (gpointer) fields[i].key,
                           add_message_icon (field_row (self, &fields[i])));
      if (GTK_IS_SWITCH (widget))
        g_signal_connect_object (widget, "notify::active", G_CALLBACK (on_switch_changed), self,
                                 G_CONNECT_SWAPPED);
      else
        {
          GtkEventController *focus = gtk_event_controller_focus_new ();

          g_signal_connect_object (widget, "changed", G_CALLBACK (on_field_changed), self,
                                   G_CONNECT_SWAPPED);
          g_signal_connect_object (focus, "leave", G_CALLBACK (on_field_left), self, 0);
          gtk_widget_add_controller (GTK_WIDGET (widget), focus);
        }
    }
  g_signal_connect_object (self->token_auth_switch, "notify::active",
                           G_CALLBACK (validate), self, G_CONNECT_SWAPPED);
}

/* Setup Assistant panes */

static int
compare_titles (gconstpointer a,
                gconstpointer b)
{
  const AdeptSkipKey *x = *(const AdeptSkipKey * const *) a;
  const AdeptSkipKey *y = *(const AdeptSkipKey * const *) b;

  return g_utf8_collate (_(x->title), _(y->title));
}

static void
update_skip_count (AdeptProfileEditor *self)
{
  GHashTableIter iter;
  gpointer check;
  guint n = 0;
  g_autofree char *title = NULL;

  g_hash_table_iter_init (&iter, self->skip_checks);
  while (g_hash_table_iter_next (&iter, NULL, &check))
    n += gtk_check_button_get_active (check);
  /* Translators: "Panes to Skip (4 of 57)" */
  title = g_strdup_printf (_("Panes to Skip (%u of %u)"), n, g_hash_table_size (self->skip_checks));
  adw_preferences_group_set_title (self->skip_group, title);
}

/* In the order of the names people read, which translations change. */
static void
build_skip_rows (AdeptProfileEditor *self)
{
  guint n = 0;
  const AdeptSkipKey *keys = adept_skip_keys_get (&n);
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (sorted, (gpointer) &keys[i]);
  g_ptr_array_sort (sorted, compare_titles);

  for (guint i = 0; i < sorted->len; i++)
    {
      const AdeptSkipKey *key = g_ptr_array_index (sorted, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();
      g_autofree char *platforms = adept_platforms_to_string (key->platforms);
      g_autofree char *tooltip = g_strdup_printf (_("Apple’s key: %s"), key->key);
      GString *subtitle = g_string_new (platforms);

      if (key->deprecated)
        g_string_append_printf (subtitle, " · %s", _("Deprecated"));
      if (key->not_always)
        g_string_append_printf (subtitle, " · %s", _("Not always skippable"));
      /* The seed's caution: skipping this pane turns the feature off, not only the pane. */
      if (g_str_equal (key->key, "AppleID"))
        g_string_append_printf (subtitle, "\n%s",
                                _("Skipped, no one can sign in with an Apple Account on the "
                                  "device."));

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(key->title));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
      gtk_widget_set_tooltip_text (row, tooltip);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      adw_preferences_group_add (self->skip_group, row);
      g_hash_table_insert (self->skip_checks, (gpointer) key->key, check);
      g_signal_connect_object (check, "toggled", G_CALLBACK (update_skip_count), self,
                               G_CONNECT_SWAPPED);
      g_string_free (subtitle, TRUE);
    }
  update_skip_count (self);
}

static void
set_all_skips (AdeptProfileEditor *self,
               gboolean            active)
{
  GHashTableIter iter;
  gpointer check;

  g_hash_table_iter_init (&iter, self->skip_checks);
  while (g_hash_table_iter_next (&iter, NULL, &check))
    gtk_check_button_set_active (check, active);
}

static void
skip_all_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  set_all_skips (ADEPT_PROFILE_EDITOR (widget), TRUE);
}

static void
skip_none_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  set_all_skips (ADEPT_PROFILE_EDITOR (widget), FALSE);
}

/* Certificates */

static char *
describe_certificate (AdeptProfileCert *cert)
{
  GDateTime *not_after = adept_profile_cert_get_not_after (cert);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *date = NULL;

  if (not_after == NULL)
    return g_strdup (_("No expiry date"));
  date = adept_format_date (not_after);
  if (g_date_time_compare (not_after, now) <= 0)
    /* Translators: %s is a date. */
    return g_strdup_printf (_("Expired on %s"), date);
  return g_strdup_printf (_("Expires %s"), date);
}

static void rebuild_cert_rows (AdeptProfileEditor *self,
                               int                 index);

static void
on_remove_cert_clicked (GtkButton *button,
                        gpointer   user_data)
{
  AdeptProfileEditor *self = ADEPT_PROFILE_EDITOR (gtk_widget_get_root (GTK_WIDGET (button)));
  int index = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "adept-cert-index"));
  const char *base64 = g_object_get_data (G_OBJECT (button), "adept-cert");
  guint position;

  if (g_ptr_array_find_with_equal_func (self->certs[index], base64, g_str_equal, &position))
    g_ptr_array_remove_index (self->certs[index], position);
  rebuild_cert_rows (self, index);
}

static GtkWidget *
make_cert_row (int         index,
               const char *base64)
{
  g_autoptr(AdeptProfileCert) cert = adept_profile_cert_new_from_base64 (base64, NULL);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  g_autofree char *subtitle = cert ? describe_certificate (cert) : NULL;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 cert ? adept_profile_cert_get_name (cert)
                                      : _("Unreadable certificate"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               subtitle ? subtitle : _("Apple may refuse it. Remove it and add it again from its file."));
  if (cert != NULL)
    {
      g_autofree char *tooltip = g_strdup_printf (_("%s\nSHA-256: %s"),
                                                  adept_profile_cert_get_subject (cert),
                                                  adept_profile_cert_get_fingerprint (cert));
      gtk_widget_set_tooltip_text (row, tooltip);
    }
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _("Remove"));
  g_object_set_data (G_OBJECT (remove), "adept-cert-index", GINT_TO_POINTER (index));
  g_object_set_data_full (G_OBJECT (remove), "adept-cert", g_strdup (base64), g_free);
  g_signal_connect (remove, "clicked", G_CALLBACK (on_remove_cert_clicked), NULL);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
  return row;
}

static void
rebuild_cert_rows (AdeptProfileEditor *self,
                   int                 index)
{
  AdwPreferencesGroup *group = index == 0 ? self->anchor_group : self->supervising_group;
  GtkWidget *row;

  for (guint i = 0; i < self->cert_rows[index]->len; i++)
    adw_preferences_group_remove (group, g_ptr_array_index (self->cert_rows[index], i));
  g_ptr_array_set_size (self->cert_rows[index], 0);

  for (guint i = 0; i < self->certs[index]->len; i++)
    {
      row = make_cert_row (index, g_ptr_array_index (self->certs[index], i));
      adw_preferences_group_add (group, row);
      g_ptr_array_add (self->cert_rows[index], row);
    }
  if (self->certs[index]->len == 0)
    {
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No certificates"));
      gtk_widget_add_css_class (row, "dim-label");
      adw_preferences_group_add (group, row);
      g_ptr_array_add (self->cert_rows[index], row);
    }
}

static void
certificates_loaded (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AdeptProfileEditor *self = g_task_get_source_object (task);
  int index = GPOINTER_TO_INT (g_task_get_task_data (task));
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;

  bytes = adept_input_read_gfile_finish (result, &error);
  if (bytes == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  list = adept_profile_cert_list_from_bytes (bytes, &error);
  if (list == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  for (guint i = 0; i < list->len; i++)
    {
      const char *base64 = adept_profile_cert_get_base64 (g_ptr_array_index (list, i));

      if (!g_ptr_array_find_with_equal_func (self->certs[index], base64, g_str_equal, NULL))
        g_ptr_array_add (self->certs[index], g_strdup (base64));
    }
  g_hash_table_remove (self->apple_errors, cert_keys[index]);
  rebuild_cert_rows (self, index);
  g_task_return_boolean (task, TRUE);
}

void
adept_profile_editor_add_certificates_async (AdeptProfileEditor  *self,
                                             const char          *key,
                                             GFile               *file,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  GTask *task;
  int index = cert_index (key);

  g_return_if_fail (ADEPT_IS_PROFILE_EDITOR (self));
  g_return_if_fail (index >= 0);
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, adept_profile_editor_add_certificates_async);
  g_task_set_task_data (task, GINT_TO_POINTER (index), NULL);
  adept_input_read_gfile_async (file, ADEPT_INPUT_CERTIFICATE, cancellable, certificates_loaded, task);
}

gboolean
adept_profile_editor_add_certificates_finish (AdeptProfileEditor  *self,
                                              GAsyncResult        *result,
                                              GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
show_error (AdeptProfileEditor *self,
            const char         *message)
{
  gtk_label_set_label (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_bar), message != NULL);
}

static void
on_error_bar_response (AdeptProfileEditor *self)
{
  show_error (self, NULL);
}

static void
certificate_added (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  AdeptProfileEditor *self = ADEPT_PROFILE_EDITOR (source);
  g_autoptr(GError) error = NULL;

  if (!adept_profile_editor_add_certificates_finish (self, result, &error))
    show_error (self, error->message);
}

static void
on_certificate_chosen (AdeptProfileEditor   *self,
                       int                   response,
                       GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_autofree char *key = g_steal_pointer (&self->chooser_key);

  /* It holds its parent until destroyed. */
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  g_clear_object (&self->chooser);
  if (response == GTK_RESPONSE_ACCEPT && file != NULL)
    adept_profile_editor_add_certificates_async (self, key, file, NULL, certificate_added, NULL);
}

static void
add_certificate_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  AdeptProfileEditor *self = ADEPT_PROFILE_EDITOR (widget);
  g_autoptr(GtkFileFilter) certs = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();
  const char *key = g_variant_get_string (param, NULL);

  if (cert_index (key) < 0)
    return;
  gtk_file_filter_set_name (certs, _("Certificates (.pem, .cer, .crt, .der)"));
  gtk_file_filter_add_pattern (certs, "*.pem");
  gtk_file_filter_add_pattern (certs, "*.cer");
  gtk_file_filter_add_pattern (certs, "*.crt");
  gtk_file_filter_add_pattern (certs, "*.der");
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (cert_index (key) == 0
                                                 ? _("Add Anchor Certificate")
                                                 : _("Add Supervising Host Certificate"),
                                               GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Add"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), certs);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);
  g_free (self->chooser_key);
  self->chooser_key = g_strdup (key);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (on_certificate_chosen), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* Loading and reading the form */

static void
load_skip_keys (AdeptProfileEditor *self,
                const char * const *keys)
{
  g_autoptr(GStrvBuilder) extra = g_strv_builder_new ();

  set_all_skips (self, FALSE);
  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    {
      GtkCheckButton *check = g_hash_table_lookup (self->skip_checks, keys[i]);

      if (check != NULL)
        gtk_check_button_set_active (check, TRUE);
      else
        g_strv_builder_add (extra, keys[i]);
    }
  g_strfreev (self->extra_skip_keys);
  self->extra_skip_keys = g_strv_builder_end (extra);
}

void
adept_profile_editor_load (AdeptProfileEditor *self,
                           AdeptDepProfile    *profile,
                           const char         *replaces)
{
  g_autofree char *web_url = NULL;

  g_return_if_fail (ADEPT_IS_PROFILE_EDITOR (self));
  g_return_if_fail (ADEPT_IS_DEP_PROFILE (profile));

  self->loading = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      GObject *widget = field_widget (self, &fields[i]);

      if (GTK_IS_SWITCH (widget))
        {
          gboolean active = FALSE;

          g_object_get (profile, fields[i].key, &active, NULL);
          gtk_switch_set_active (GTK_SWITCH (widget), active);
        }
      else
        {
          g_autofree char *text = NULL;

          g_object_get (profile, fields[i].key, &text, NULL);
          gtk_editable_set_text (GTK_EDITABLE (widget), text ? text : "");
          /* What a file or Apple brought is judged at once. */
          if (text != NULL && *text != '\0')
            g_hash_table_add (self->touched, (gpointer) fields[i].key);
        }
    }
  web_url = g_strdup (adept_dep_profile_get_configuration_web_url (profile));
  gtk_switch_set_active (self->token_auth_switch, web_url != NULL && *web_url != '\0');
  load_skip_keys (self, adept_dep_profile_get_skip_setup_items (profile));

  for (guint i = 0; i < G_N_ELEMENTS (cert_keys); i++)
    {
      g_auto(GStrv) certs = NULL;

      g_object_get (profile, cert_keys[i], &certs, NULL);
      g_ptr_array_set_size (self->certs[i], 0);
      for (guint j = 0; certs != NULL && certs[j] != NULL; j++)
        g_ptr_array_add (self->certs[i], g_strdup (certs[j]));
      rebuild_cert_rows (self, i);
    }

  g_free (self->replaces);
  self->replaces = g_strdup (replaces);
  g_clear_pointer (&self->original, g_free);
  if (replaces != NULL)
    {
      AdeptProfileNames *names = adept_session_get_profile_names (self->session);
      const char *name = adept_dep_profile_get_profile_name (profile);
      g_autofree char *version = names && name ? adept_profile_names_propose_version_name (names, name)
                                               : NULL;

      /* The new version is told apart from the one it replaces; the admin may rename it.
       * Only a change beyond that makes Save worth it. */
      if (version != NULL)
        gtk_editable_set_text (GTK_EDITABLE (field_widget (self, find_field ("profile_name"))),
                               version);
      self->original = dup_profile_json (self);
      gtk_window_set_title (GTK_WINDOW (self), _("Edit DEP Profile"));
      adept_profile_editor_set_note (self,
        _("Apple cannot change a profile. Saving defines a new profile at Apple; Adept then "
          "offers to move the devices of the old profile to it."));
    }
  g_hash_table_remove_all (self->apple_errors);
  self->loading = FALSE;
  validate (self);
}

static char **
dup_skip_keys (AdeptProfileEditor *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  guint n = 0;
  const AdeptSkipKey *keys = adept_skip_keys_get (&n);

  for (guint i = 0; i < n; i++)
    if (gtk_check_button_get_active (g_hash_table_lookup (self->skip_checks, keys[i].key)))
      g_strv_builder_add (builder, keys[i].key);
  if (self->extra_skip_keys != NULL)
    g_strv_builder_addv (builder, (const char **) self->extra_skip_keys);
  return g_strv_builder_end (builder);
}

AdeptDepProfile *
adept_profile_editor_dup_profile (AdeptProfileEditor *self)
{
  AdeptDepProfile *profile;
  g_auto(GStrv) skips = NULL;

  g_return_val_if_fail (ADEPT_IS_PROFILE_EDITOR (self), NULL);

  profile = adept_dep_profile_new ();
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      GObject *widget = field_widget (self, &fields[i]);

      if (GTK_IS_SWITCH (widget))
        g_object_set (profile, fields[i].key, gtk_switch_get_active (GTK_SWITCH (widget)), NULL);
      else
        {
          g_autofree char *text = dup_text (self, &fields[i]);

          g_object_set (profile, fields[i].key, text, NULL);
        }
    }
  if (!gtk_switch_get_active (self->token_auth_switch))
    adept_dep_profile_set_configuration_web_url (profile, NULL);

  skips = dup_skip_keys (self);
  adept_dep_profile_set_skip_setup_items (profile, (const char * const *) skips);
  for (guint i = 0; i < G_N_ELEMENTS (cert_keys); i++)
    {
      g_ptr_array_add (self->certs[i], NULL);
      g_object_set (profile, cert_keys[i], self->certs[i]->pdata, NULL);
      g_ptr_array_remove_index (self->certs[i], self->certs[i]->len - 1);
    }
  return profile;
}

/* Saving */

static void
set_busy (AdeptProfileEditor *self,
          gboolean            busy)
{
  /* A text field made insensitive while it has the focus never gets its focus-out
   * (GTK 4.8 warns): let go of the focus first. */
  if (busy)
    gtk_root_set_focus (GTK_ROOT (self), NULL);
  self->busy = busy;
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->view_stack), !busy);
  update_actions (self);
}

static const char *
page_of (const char *key)
{
  if (g_strcmp0 (key, "skip_setup_items") == 0)
    return "setup";
  if (cert_index (key) >= 0)
    return "certificates";
  return "profile";
}

/* Apple refused a value: the sentence goes on the field and the field is shown. */
static void
show_apple_refusal (AdeptProfileEditor *self,
                    const GError       *error)
{
  const char *key = adept_error_get_field (error);
  const Field *field = find_field (key);

  if (key == NULL)
    {
      show_error (self, error->message);
      return;
    }
  show_error (self, adept_error_default_message (ADEPT_ERROR_VALIDATION));
  g_hash_table_insert (self->apple_errors, g_strdup (key), g_strdup (error->message));
  adw_view_stack_set_visible_child_name (self->view_stack, page_of (key));
  if (field == NULL)
    {
      g_autofree char *text = g_strdup_printf ("%s: %s", adept_profile_field_get_label (key),
                                               error->message);
      show_error (self, text);
      return;
    }
  validate (self);
  gtk_widget_grab_focus (GTK_WIDGET (field_widget (self, field)));
}

static void
define_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(AdeptProfileEditor) self = user_data;
  g_autoptr(AdeptDeviceResults) results = NULL;
  g_autoptr(AdeptDepProfile) profile = g_object_steal_data (G_OBJECT (self), "adept-sending");
  g_autoptr(GError) error = NULL;

  /* The session keeps and audits a profile Apple defined, whether the window is still
   * there or not. */
  results = adept_session_define_profile_finish (ADEPT_SESSION (source), result, &error);
  if (results != NULL)
    {
      adept_dep_profile_set_profile_uuid (profile, adept_device_results_get_profile_uuid (results));
      g_signal_emit (self, signals[SAVED], 0, profile);
    }
  if (self->gone)
    {
      if (error != NULL)
        g_message ("Defining a profile after its window closed: %s", error->message);
      return;
    }

  set_busy (self, FALSE);
  if (error == NULL)
    gtk_window_destroy (GTK_WINDOW (self));
  else if (g_error_matches (error, ADEPT_ERROR, ADEPT_ERROR_VALIDATION))
    show_apple_refusal (self, error);
  else
    show_error (self, error->message);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  AdeptProfileEditor *self = ADEPT_PROFILE_EDITOR (widget);
  g_autoptr(AdeptDepProfile) profile = NULL;

  /* Every field says what is wrong now, also those not yet touched. */
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    g_hash_table_add (self->touched, (gpointer) fields[i].key);
  validate (self);
  if (!self->valid || self->busy || !is_changed (self))
    return;

  /* The session checks the profile against the same rules before sending; a field the
   * form missed comes back as ADEPT_ERROR_VALIDATION on its field. */
  profile = adept_profile_editor_dup_profile (self);
  show_error (self, NULL);
  set_busy (self, TRUE);
  g_object_set_data_full (G_OBJECT (self), "adept-sending", g_object_ref (profile), g_object_unref);
  adept_session_define_profile_async (self->session, profile, self->replaces, NULL, define_done,
                                      g_object_ref (self));
}

/* The request cannot be taken back once sent: keep the window until Apple answers. */
static gboolean
adept_profile_editor_close_request (GtkWindow *window)
{
  AdeptProfileEditor *self = ADEPT_PROFILE_EDITOR (window);

  if (self->busy)
    return TRUE;
  return GTK_WINDOW_CLASS (adept_profile_editor_parent_class)->close_request (window);
}

static void
adept_profile_editor_dispose (GObject *object)
{
  AdeptProfileEditor *self = ADEPT_PROFILE_EDITOR (object);

  self->gone = TRUE;
  adept_ui_chooser_clear (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (object), ADEPT_TYPE_PROFILE_EDITOR);
  G_OBJECT_CLASS (adept_profile_editor_parent_class)->dispose (object);
}

static void
adept_profile_editor_finalize (GObject *object)
{
  AdeptProfileEditor *self = ADEPT_PROFILE_EDITOR (object);

  g_clear_object (&self->session);
  g_free (self->replaces);
  g_free (self->original);
  g_clear_pointer (&self->touched, g_hash_table_unref);
  g_free (self->chooser_key);
  g_hash_table_unref (self->messages);
  g_hash_table_unref (self->apple_errors);
  g_hash_table_unref (self->skip_checks);
  g_strfreev (self->extra_skip_keys);
  for (guint i = 0; i < G_N_ELEMENTS (cert_keys); i++)
    {
      g_ptr_array_unref (self->certs[i]);
      g_ptr_array_unref (self->cert_rows[i]);
    }
  G_OBJECT_CLASS (adept_profile_editor_parent_class)->finalize (object);
}

static void
adept_profile_editor_class_init (AdeptProfileEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = adept_profile_editor_dispose;
  object_class->finalize = adept_profile_editor_finalize;
  GTK_WINDOW_CLASS (klass)->close_request = adept_profile_editor_close_request;

  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, ADEPT_TYPE_DEP_PROFILE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/adept-profile-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, AdeptProfileEditor, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, AdeptProfileEditor, spinner);
  gtk_widget_class_bind_template_child (widget_class, AdeptProfileEditor, note_bar);
  gtk_widget_class_bind_template_child (widget_class, AdeptProfileEditor, note_label);
  gtk_widget_class_bind_template_child (widget_class, AdeptProfileEditor, error_bar);
  gtk_widget_class_bind_template_child (widget_class, AdeptProfileEditor, error_label);
  gtk_widget_class_bind_template_child (widget_class, AdeptProfileEditor, view_stack);
  gtk_widget_class_bind_template_child (widget_class, AdeptProfileEditor, profile_stack_page);
  gtk_widget_class_bind_template_child (widget_class, AdeptProfileEditor, setup_stack_page);
  gtk_widget_class_bind_template_child (widget_class, AdeptProfileEditor, certificates_stack_page);
  gtk_widget_class_bind_template_child (widget_class, AdeptProfileEditor, skip_group);
  gtk_widget_class_bind_template_child (widget_class, AdeptProfileEditor, anchor_group);
  gtk_widget_class_bind_template_child (widget_class, AdeptProfileEditor, supervising_group);
  gtk_widget_class_bind_template_child (widget_class, AdeptProfileEditor, token_auth_switch);
  gtk_widget_class_bind_template_child (widget_class, AdeptProfileEditor, language_name);
  gtk_widget_class_bind_template_child (widget_class, AdeptProfileEditor, region_name);
  /* Field widgets are found by name (gtk_widget_get_template_child). */
  gtk_widget_class_bind_template_child_full (widget_class, "save_button", FALSE, 0);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    gtk_widget_class_bind_template_child_full (widget_class, fields[i].widget, FALSE, 0);
  gtk_widget_class_bind_template_callback (widget_class, on_error_bar_response);

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "editor.skip-all", NULL, skip_all_action);
  gtk_widget_class_install_action (widget_class, "editor.skip-none", NULL, skip_none_action);
  gtk_widget_class_install_action (widget_class, "editor.add-certificate", "s",
                                   add_certificate_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "editor.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
adept_profile_editor_init (AdeptProfileEditor *self)
{
  g_autoptr(AdeptDepProfile) defaults = adept_dep_profile_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->messages = g_hash_table_new (g_str_hash, g_str_equal);
  self->touched = g_hash_table_new (g_str_hash, g_str_equal);
  self->apple_errors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->skip_checks = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < G_N_ELEMENTS (cert_keys); i++)
    {
      self->certs[i] = g_ptr_array_new_with_free_func (g_free);
      self->cert_rows[i] = g_ptr_array_new ();
    }

  connect_fields (self);
  build_skip_rows (self);
  adw_view_switcher_title_set_title (self->switcher_title, gtk_window_get_title (GTK_WINDOW (self)));
  g_object_bind_property (self, "title", self->switcher_title, "title", G_BINDING_DEFAULT);
  /* Apple's defaults, shown as such. */
  adept_profile_editor_load (self, defaults, NULL);
}

AdeptProfileEditor *
adept_profile_editor_new (GtkWindow    *parent,
                          AdeptSession *session)
{
  AdeptProfileEditor *self;

  g_return_val_if_fail (ADEPT_IS_SESSION (session), NULL);

  self = g_object_new (ADEPT_TYPE_PROFILE_EDITOR, "transient-for", parent, NULL);
  self->session = g_object_ref (session);
  return self;
}

void
adept_profile_editor_set_note (AdeptProfileEditor *self,
                               const char         *note)
{
  g_return_if_fail (ADEPT_IS_PROFILE_EDITOR (self));

  gtk_label_set_label (self->note_label, note ? note : "");
  gtk_widget_set_visible (GTK_WIDGET (self->note_bar), note != NULL);
}

const char *
adept_profile_editor_get_replaces (AdeptProfileEditor *self)
{
  g_return_val_if_fail (ADEPT_IS_PROFILE_EDITOR (self), NULL);
  return self->replaces;
}

gboolean
adept_profile_editor_get_valid (AdeptProfileEditor *self)
{
  g_return_val_if_fail (ADEPT_IS_PROFILE_EDITOR (self), FALSE);
  return self->valid;
}

gboolean
adept_profile_editor_get_busy (AdeptProfileEditor *self)
{
  g_return_val_if_fail (ADEPT_IS_PROFILE_EDITOR (self), FALSE);
  return self->busy;
}

GtkWidget *
adept_profile_editor_get_widget (AdeptProfileEditor *self,
                                 const char         *key)
{
  const Field *field;

  g_return_val_if_fail (ADEPT_IS_PROFILE_EDITOR (self), NULL);

  if (g_str_has_prefix (key, "skip:"))
    return g_hash_table_lookup (self->skip_checks, key + strlen ("skip:"));
  if (g_str_equal (key, "token_auth"))
    return GTK_WIDGET (self->token_auth_switch);
  field = find_field (key);
  return field ? GTK_WIDGET (field_widget (self, field)) : NULL;
}

GtkWidget *
adept_profile_editor_get_row (AdeptProfileEditor *self,
                              const char         *key)
{
  const Field *field = find_field (key);

  g_return_val_if_fail (ADEPT_IS_PROFILE_EDITOR (self), NULL);
  return field ? field_row (self, field) : NULL;
}

const char *
adept_profile_editor_get_message (AdeptProfileEditor *self,
                                  const char         *key)
{
  GtkWidget *icon;

  g_return_val_if_fail (ADEPT_IS_PROFILE_EDITOR (self), NULL);

  icon = g_hash_table_lookup (self->messages, key);
  if (icon == NULL || !gtk_widget_get_visible (icon))
    return NULL;
  return gtk_widget_get_tooltip_text (icon);
}

GtkWidget *
adept_profile_editor_get_save_button (AdeptProfileEditor *self)
{
  g_return_val_if_fail (ADEPT_IS_PROFILE_EDITOR (self), NULL);
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (self), ADEPT_TYPE_PROFILE_EDITOR,
                                                    "save_button"));
}

const char *
adept_profile_editor_get_error (AdeptProfileEditor *self)
{
  g_return_val_if_fail (ADEPT_IS_PROFILE_EDITOR (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->error_bar)))
    return NULL;
  return gtk_label_get_label (self->error_label);
}

void
adept_profile_editor_show_page (AdeptProfileEditor *self,
                                const char         *name)
{
  g_return_if_fail (ADEPT_IS_PROFILE_EDITOR (self));
  adw_view_stack_set_visible_child_name (self->view_stack, name);
}

const char *
adept_profile_editor_get_visible_page (AdeptProfileEditor *self)
{
  g_return_val_if_fail (ADEPT_IS_PROFILE_EDITOR (self), NULL);
  return adw_view_stack_get_visible_child_name (self->view_stack);
}

GtkFileChooserNative *
adept_profile_editor_get_file_chooser (AdeptProfileEditor *self)
{
  g_return_val_if_fail (ADEPT_IS_PROFILE_EDITOR (self), NULL);
  return self->chooser;
}

guint
adept_profile_editor_get_n_certificates (AdeptProfileEditor *self,
                                         const char         *key)
{
  int index = cert_index (key);

  g_return_val_if_fail (ADEPT_IS_PROFILE_EDITOR (self), 0);
  g_return_val_if_fail (index >= 0, 0);
  return self->certs[index]->len;
}

const char *
adept_profile_editor_get_certificate_text (AdeptProfileEditor *self,
                                           const char         *key,
                                           guint               position)
{
  int index = cert_index (key);

  g_return_val_if_fail (ADEPT_IS_PROFILE_EDITOR (self), NULL);
  g_return_val_if_fail (index >= 0 && position < self->certs[index]->len, NULL);
  return adw_action_row_get_subtitle (g_ptr_array_index (self->cert_rows[index], position));
}
