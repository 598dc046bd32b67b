/* adept-add-server-dialog.c — Add DEP Server…: one row per session kind, and for a NanoDEP
 * server the names it already has
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-add-server-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "adept-add-server-dialog.h"
#include "adept-context.h"
#include "adept-error.h"
#include "adept-input.h"
#include "adept-nanodep-session.h"
#include "adept-secret.h"
#include "adept-session-list.h"
#include "adept-ui-util.h"

/* Typing pauses this long before the NanoDEP server is asked for its names. */
#define LOOKUP_DELAY_MS 600

struct _AdeptAddServerDialog
{
  AdwWindow            parent_instance;

  /* Template widgets */
  GtkButton           *add_button;
  AdwPreferencesGroup *kinds_group;
  AdwPreferencesGroup *nanodep_group;
  AdwEntryRow         *url_row;
  AdwEntryRow         *key_row;
  AdwExpanderRow      *trust_row;
  AdwActionRow        *ca_row;
  GtkWidget           *ca_clear_button;
  AdwEntryRow         *pin_row;
  AdwPreferencesGroup *names_group;
  GtkSpinner          *names_spinner;
  AdwEntryRow         *new_name_row;
  GtkCheckButton      *new_name_check;
  AdwEntryRow         *id_row;
  GtkRevealer         *status_revealer;
  GtkLabel            *status_label;

  /* Owned */
  AdeptApplication    *application;
  GHashTable          *kind_checks;     /* kind name → GtkCheckButton (the rows own them) */
  char                *kind_name;
  AdeptNanodepClient  *client;          /* for the URL and key entered, once both are */
  char                *ca_file;         /* the private CA chosen, or NULL */
  GtkFileChooserNative *chooser;
  GPtrArray           *name_rows;       /* AdwActionRow of the names listed */
  int                  n_names;
  GCancellable        *cancellable;
  guint                lookup_source;
  char                *error;
  AdeptSession        *adding;          /* set up under way */
  gboolean             id_edited;       /* the admin typed a server name: keep it */
  gboolean             setting_id;
  gboolean             looking_up;
};

G_DEFINE_FINAL_TYPE (AdeptAddServerDialog, adept_add_server_dialog, ADW_TYPE_WINDOW)

enum {
  SERVER_ADDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
is_nanodep (AdeptAddServerDialog *self)
{
  return g_strcmp0 (self->kind_name, ADEPT_SERVER_KIND_NAME_NANODEP) == 0;
}

static void
show_error (AdeptAddServerDialog *self,
            const char           *sentence)
{
  g_free (self->error);
  self->error = g_strdup (sentence);
  gtk_label_set_label (self->status_label, sentence != NULL ? sentence : "");
  adept_revealer_set_shown (self->status_revealer, sentence != NULL);
}

/* The DEP name chosen: a listed one, or the new one typed. */
static const char *
chosen_name (AdeptAddServerDialog *self)
{
  if (gtk_check_button_get_active (self->new_name_check))
    {
      const char *text = gtk_editable_get_text (GTK_EDITABLE (self->new_name_row));

      return adept_nanodep_is_valid_name (text) ? text : NULL;
    }
  for (guint i = 0; self->name_rows != NULL && i < self->name_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->name_rows, i);
      GtkCheckButton *check = g_object_get_data (G_OBJECT (row), "adept-check");

      if (gtk_check_button_get_active (check))
        return g_object_get_data (G_OBJECT (row), "adept-dep-name");
    }
  return NULL;
}

static gboolean
get_busy (AdeptAddServerDialog *self)
{
  return self->looking_up || self->adding != NULL;
}

static void
update (AdeptAddServerDialog *self)
{
  const char *id = gtk_editable_get_text (GTK_EDITABLE (self->id_row));
  gboolean nanodep = is_nanodep (self);
  gboolean ready = !get_busy (self) && adept_context_is_valid_server_id (id);

  if (nanodep)
    ready = ready && self->client != NULL && self->n_names >= 0 && chosen_name (self) != NULL;
  gtk_widget_set_visible (GTK_WIDGET (self->nanodep_group), nanodep);
  gtk_widget_set_visible (GTK_WIDGET (self->names_group), nanodep && self->n_names >= 0);
  gtk_spinner_set_spinning (self->names_spinner, self->looking_up);
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button), ready);
  gtk_widget_set_sensitive (GTK_WIDGET (self->kinds_group), self->adding == NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->nanodep_group), self->adding == NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->names_group), self->adding == NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->id_row), self->adding == NULL);
}

/* A server name suggested by the DEP name, while the admin has typed none. */
static void
suggest_id (AdeptAddServerDialog *self,
            const char           *dep_name)
{
  g_autofree char *id = NULL;

  if (self->id_edited || dep_name == NULL)
    return;
  id = adept_ui_suggest_server_id (dep_name);
  self->setting_id = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->id_row), id);
  self->setting_id = FALSE;
}

/* Names */

static void
clear_names (AdeptAddServerDialog *self)
{
  for (guint i = 0; self->name_rows != NULL && i < self->name_rows->len; i++)
    adw_preferences_group_remove (self->names_group, g_ptr_array_index (self->name_rows, i));
  g_clear_pointer (&self->name_rows, g_ptr_array_unref);
  self->n_names = -1;
}

static void
on_name_toggled (AdeptAddServerDialog *self)
{
  const char *name = chosen_name (self);

  suggest_id (self, name);
  update (self);
}

static char *
describe_name (AdeptNanodepName *name)
{
  AdeptDepAccount *account = adept_nanodep_name_get_account (name);
  const GError *error = adept_nanodep_name_get_error (name);

  if (account != NULL)
    {
      const char *org = adept_dep_account_get_org_name (account);

      /* Translators: Apple's name of the MDM server, then its organization. */
      if (org != NULL)
        return g_strdup_printf (_("Linked with “%s” of %s"),
                                adept_dep_account_get_server_name (account), org);
      return g_strdup_printf (_("Linked with “%s”"), adept_dep_account_get_server_name (account));
    }
  if (g_error_matches (error, ADEPT_ERROR, ADEPT_ERROR_BACKEND_UPSTREAM))
    return g_strdup (_("Not linked yet: its public key was downloaded, no token uploaded"));
  return g_strdup (error != NULL ? error->message : "");
}

static void
add_name_row (AdeptAddServerDialog *self,
              AdeptNanodepName     *name)
{
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());
  GtkWidget *check = gtk_check_button_new ();
  g_autofree char *subtitle = describe_name (name);
  const char *dep_name = adept_nanodep_name_get_name (name);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), dep_name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (row, subtitle);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_check_button_set_group (GTK_CHECK_BUTTON (check), self->new_name_check);
  adw_action_row_add_prefix (row, check);
  adw_action_row_set_activatable_widget (row, check);
  if (adept_nanodep_name_is_linked (name))
    adw_action_row_add_suffix (row, gtk_image_new_from_icon_name ("emblem-ok-symbolic"));
  g_object_set_data_full (G_OBJECT (row), "adept-dep-name", g_strdup (dep_name), g_free);
  g_object_set_data (G_OBJECT (row), "adept-check", check);
  g_signal_connect_object (check, "toggled", G_CALLBACK (on_name_toggled), self,
                           G_CONNECT_SWAPPED);
  adw_preferences_group_add (self->names_group, GTK_WIDGET (row));
  g_ptr_array_add (self->name_rows, row);
}

static void
names_listed (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(AdeptAddServerDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) names = NULL;

  names = adept_nanodep_client_list_name_states_finish (ADEPT_NANODEP_CLIENT (source), result,
                                                        &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      (GObject *) self->client != source)
    return;
  self->looking_up = FALSE;
  if (names == NULL)
    {
      show_error (self, error->message);
      update (self);
      return;
    }
  clear_names (self);
  self->name_rows = g_ptr_array_new ();
  /* The new name's row goes last: out while the names go in. */
  g_object_ref (self->new_name_row);
  adw_preferences_group_remove (self->names_group, GTK_WIDGET (self->new_name_row));
  for (guint i = 0; i < names->len; i++)
    add_name_row (self, g_ptr_array_index (names, i));
  adw_preferences_group_add (self->names_group, GTK_WIDGET (self->new_name_row));
  g_object_unref (self->new_name_row);
  self->n_names = names->len;
  /* With one linked name, joining it is the likely step: it is chosen already. */
  if (names->len == 0)
    gtk_check_button_set_active (self->new_name_check, TRUE);
  else if (names->len == 1 && adept_nanodep_name_is_linked (g_ptr_array_index (names, 0)))
    gtk_check_button_set_active (g_object_get_data (g_ptr_array_index (self->name_rows, 0),
                                                    "adept-check"), TRUE);
  on_name_toggled (self);
}

/* The pin typed, or NULL. */
static char *
dup_pin (AdeptAddServerDialog *self)
{
  g_autofree char *pin = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->pin_row))));

  return *pin != '\0' ? g_steal_pointer (&pin) : NULL;
}

/* The certificate trust of the Certificate row: a pin alone, else the private CA. */
static gboolean
apply_trust (AdeptAddServerDialog  *self,
             AdeptNanodepClient    *client,
             GError               **error)
{
  g_autofree char *pin = dup_pin (self);

  if (pin != NULL)
    return adept_nanodep_client_set_pinned_sha256 (client, pin, error);
  if (self->ca_file != NULL)
    return adept_nanodep_client_set_tls_ca_file (client, self->ca_file, error);
  return TRUE;
}

static gboolean
look_up (gpointer user_data)
{
  AdeptAddServerDialog *self = user_data;
  g_autofree char *url = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->url_row))));
  g_autoptr(AdeptSecret) key = adept_secret_strdup (gtk_editable_get_text (GTK_EDITABLE (self->key_row)));
  g_autoptr(GError) error = NULL;

  self->lookup_source = 0;
  g_strstrip (key);
  if (*url == '\0' || *key == '\0')
    return G_SOURCE_REMOVE;
  self->client = adept_nanodep_client_new (url, key, &error);
  if (self->client != NULL && !apply_trust (self, self->client, &error))
    g_clear_object (&self->client);
  if (self->client == NULL)
    {
      show_error (self, error->message);
      update (self);
      return G_SOURCE_REMOVE;
    }
  self->looking_up = TRUE;
  self->cancellable = g_cancellable_new ();
  adept_nanodep_client_list_name_states_async (self->client, self->cancellable, names_listed,
                                               g_object_ref (self));
  update (self);
  return G_SOURCE_REMOVE;
}

/* The URL or the key changed: what was listed is for another server. */
static void
restart_lookup (AdeptAddServerDialog *self,
                guint                 delay_ms)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  g_clear_handle_id (&self->lookup_source, g_source_remove);
  self->looking_up = FALSE;
  clear_names (self);
  show_error (self, NULL);
  if (delay_ms == 0)
    look_up (self);
  else
    self->lookup_source = g_timeout_add (delay_ms, look_up, self);
  update (self);
}

static void
on_backend_changed (AdeptAddServerDialog *self)
{
  restart_lookup (self, LOOKUP_DELAY_MS);
}

/* Enter looks up at once, and again after a failure (the server may be up now). */
static void
on_backend_activated (AdeptAddServerDialog *self)
{
  if (self->lookup_source != 0 || (!self->looking_up && self->n_names < 0))
    restart_lookup (self, 0);
}

static void
on_new_name_changed (AdeptAddServerDialog *self)
{
  if (!gtk_check_button_get_active (self->new_name_check))
    gtk_check_button_set_active (self->new_name_check, TRUE);
  else
    on_name_toggled (self);
}

static void
on_id_changed (AdeptAddServerDialog *self)
{
  if (!self->setting_id)
    self->id_edited = *gtk_editable_get_text (GTK_EDITABLE (self->id_row)) != '\0';
  show_error (self, NULL);
  update (self);
}

/* The API key from a file */

void
adept_add_server_dialog_read_key_file (AdeptAddServerDialog *self,
                                       GFile                *file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) contents = NULL;
  g_autoptr(AdeptSecret) key = NULL;
  g_autofree char *name = g_file_get_parse_name (file);

  g_return_if_fail (ADEPT_IS_ADD_SERVER_DIALOG (self));

  contents = adept_input_read_gfile (file, ADEPT_INPUT_API_KEY, NULL, &error);
  if (contents != NULL)
    key = adept_nanodep_api_key_from_file (contents, name, &error);
  if (key == NULL)
    {
      show_error (self, error->message);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->key_row), key);
  on_backend_activated (self);
}

static void
key_file_chosen (AdeptAddServerDialog *self,
                 int                   response,
                 GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  if (response == GTK_RESPONSE_ACCEPT && file != NULL)
    adept_add_server_dialog_read_key_file (self, file);
  g_object_unref (chooser);
}

static void
on_key_file_clicked (AdeptAddServerDialog *self)
{
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Select the API Key File"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Select"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (key_file_chosen), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* The private CA */

static void
update_ca_row (AdeptAddServerDialog *self)
{
  adw_action_row_set_subtitle (self->ca_row, self->ca_file != NULL ? self->ca_file
                                                                   : _("The system’s certificate authorities"));
  gtk_widget_set_visible (self->ca_clear_button, self->ca_file != NULL);
}

void
adept_add_server_dialog_set_ca_file (AdeptAddServerDialog *self,
                                     GFile                *file)
{
  g_return_if_fail (ADEPT_IS_ADD_SERVER_DIALOG (self));

  g_free (self->ca_file);
  self->ca_file = file != NULL ? g_file_get_path (file) : NULL;
  update_ca_row (self);
  restart_lookup (self, 0);
}

static void
ca_file_chosen (gpointer  owner,
                GFile    *file)
{
  if (file != NULL)
    adept_add_server_dialog_set_ca_file (owner, file);
}

static void
on_ca_clicked (AdeptAddServerDialog *self)
{
  adept_ui_choose_file (GTK_WINDOW (self), _("Choose the Private CA File"),
                        _("Certificates (.pem, .crt)"), ADEPT_UI_CERTIFICATE_PATTERNS,
                        self, &self->chooser, ca_file_chosen);
}

static void
on_ca_clear_clicked (AdeptAddServerDialog *self)
{
  adept_add_server_dialog_set_ca_file (self, NULL);
}

/* Kinds */

static void
on_kind_toggled (AdeptAddServerDialog *self,
                 GtkCheckButton       *check)
{
  if (!gtk_check_button_get_active (check))
    return;
  g_free (self->kind_name);
  self->kind_name = g_strdup (g_object_get_data (G_OBJECT (check), "adept-kind"));
  show_error (self, NULL);
  update (self);
}

/* One row per kind this build knows, in the session table's order, labelled by its class. */
static void
add_kind_rows (AdeptAddServerDialog *self)
{
  const char * const *names = adept_session_get_kind_names ();
  GtkCheckButton *first = NULL;

  for (guint i = 0; names[i] != NULL; i++)
    {
      AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());
      GtkWidget *check = gtk_check_button_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     adept_session_kind_get_label (names[i]));
      adw_action_row_set_subtitle (row, adept_session_kind_get_description (names[i]));
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      if (first != NULL)
        gtk_check_button_set_group (GTK_CHECK_BUTTON (check), first);
      else
        first = GTK_CHECK_BUTTON (check);
      g_object_set_data_full (G_OBJECT (check), "adept-kind", g_strdup (names[i]), g_free);
      g_signal_connect_object (check, "toggled", G_CALLBACK (on_kind_toggled), self,
                               G_CONNECT_SWAPPED);
      adw_action_row_add_prefix (row, check);
      adw_action_row_set_activatable_widget (row, check);
      adw_preferences_group_add (self->kinds_group, GTK_WIDGET (row));
      g_hash_table_insert (self->kind_checks, g_strdup (names[i]), check);
    }
  if (first != NULL)
    gtk_check_button_set_active (first, TRUE);
}

/* Add */

static void
finish_adding (AdeptAddServerDialog *self,
               AdeptSession         *session)
{
  g_signal_emit (self, signals[SERVER_ADDED], 0, session);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
set_up_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(AdeptAddServerDialog) self = user_data;
  g_autoptr(AdeptSession) session = g_steal_pointer (&self->adding);
  g_autoptr(GError) error = NULL;

  /* Set up, it is stored: added, even when the dialog was closed meanwhile. */
  if (adept_nanodep_session_set_up_finish (ADEPT_NANODEP_SESSION (source), result, &error))
    {
      finish_adding (self, session);
      return;
    }
  /* Refused or cancelled: nothing was stored, and the server leaves the list again. */
  if (self->application != NULL)
    adept_application_forget_server (self->application, session);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  show_error (self, error->message);
  update (self);
}

static void
on_add_clicked (AdeptAddServerDialog *self)
{
  g_autofree char *id = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->id_row)));
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *pin = NULL;
  g_autoptr(AdeptSecret) key = NULL;
  AdeptSession *session;

  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->add_button)) || self->application == NULL)
    return;
  show_error (self, NULL);
  session = adept_application_add_server (self->application, id, self->kind_name, &error);
  if (session == NULL)
    {
      show_error (self, error->message);
      return;
    }
  if (!is_nanodep (self))
    {
      finish_adding (self, session);
      return;
    }

  /* The set-up talks with the trust the names were listed with, and keeps it. */
  pin = dup_pin (self);
  if (!adept_session_override_tls_trust (session, pin == NULL ? self->ca_file : NULL, pin, &error))
    {
      adept_application_forget_server (self->application, session);
      show_error (self, error->message);
      return;
    }
  url = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->url_row))));
  key = g_strstrip (adept_secret_strdup (gtk_editable_get_text (GTK_EDITABLE (self->key_row))));
  self->adding = g_object_ref (session);
  g_set_object (&self->cancellable, g_cancellable_new ());
  adept_nanodep_session_set_up_async (ADEPT_NANODEP_SESSION (session), url, key,
                                      chosen_name (self), self->cancellable, set_up_done,
                                      g_object_ref (self));
  update (self);
}

static void
on_cancel_clicked (AdeptAddServerDialog *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

static gboolean
adept_add_server_dialog_close_request (GtkWindow *window)
{
  AdeptAddServerDialog *self = ADEPT_ADD_SERVER_DIALOG (window);

  /* A set-up under way is taken back when it answers (set_up_done). */
  g_cancellable_cancel (self->cancellable);
  return GTK_WINDOW_CLASS (adept_add_server_dialog_parent_class)->close_request (window);
}

static void
adept_add_server_dialog_dispose (GObject *object)
{
  AdeptAddServerDialog *self = ADEPT_ADD_SERVER_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->lookup_source, g_source_remove);
  g_clear_object (&self->client);
  adept_ui_chooser_clear (&self->chooser);
  g_clear_weak_pointer (&self->application);
  g_clear_pointer (&self->name_rows, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (object), ADEPT_TYPE_ADD_SERVER_DIALOG);
  G_OBJECT_CLASS (adept_add_server_dialog_parent_class)->dispose (object);
}

static void
adept_add_server_dialog_finalize (GObject *object)
{
  AdeptAddServerDialog *self = ADEPT_ADD_SERVER_DIALOG (object);

  g_clear_pointer (&self->kind_checks, g_hash_table_unref);
  g_free (self->kind_name);
  g_free (self->ca_file);
  g_free (self->error);
  G_OBJECT_CLASS (adept_add_server_dialog_parent_class)->finalize (object);
}

static void
adept_add_server_dialog_class_init (AdeptAddServerDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = adept_add_server_dialog_dispose;
  object_class->finalize = adept_add_server_dialog_finalize;
  window_class->close_request = adept_add_server_dialog_close_request;

  signals[SERVER_ADDED] = g_signal_new ("server-added", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 1, ADEPT_TYPE_SESSION);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/adept/Adept/ui/adept-add-server-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, AdeptAddServerDialog, add_button);
  gtk_widget_class_bind_template_child (widget_class, AdeptAddServerDialog, kinds_group);
  gtk_widget_class_bind_template_child (widget_class, AdeptAddServerDialog, nanodep_group);
  gtk_widget_class_bind_template_child (widget_class, AdeptAddServerDialog, url_row);
  gtk_widget_class_bind_template_child (widget_class, AdeptAddServerDialog, key_row);
  gtk_widget_class_bind_template_child (widget_class, AdeptAddServerDialog, trust_row);
  gtk_widget_class_bind_template_child (widget_class, AdeptAddServerDialog, ca_row);
  gtk_widget_class_bind_template_child (widget_class, AdeptAddServerDialog, ca_clear_button);
  gtk_widget_class_bind_template_child (widget_class, AdeptAddServerDialog, pin_row);
  gtk_widget_class_bind_template_child (widget_class, AdeptAddServerDialog, names_group);
  gtk_widget_class_bind_template_child (widget_class, AdeptAddServerDialog, names_spinner);
  gtk_widget_class_bind_template_child (widget_class, AdeptAddServerDialog, new_name_row);
  gtk_widget_class_bind_template_child (widget_class, AdeptAddServerDialog, new_name_check);
  gtk_widget_class_bind_template_child (widget_class, AdeptAddServerDialog, id_row);
  gtk_widget_class_bind_template_child (widget_class, AdeptAddServerDialog, status_revealer);
  gtk_widget_class_bind_template_child (widget_class, AdeptAddServerDialog, status_label);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_add_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_backend_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_backend_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_key_file_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_ca_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_ca_clear_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_new_name_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_name_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_id_changed);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
adept_add_server_dialog_init (AdeptAddServerDialog *self)
{
  self->n_names = -1;
  self->kind_checks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gtk_widget_init_template (GTK_WIDGET (self));
  adept_revealer_init_hiding (self->status_revealer);
  add_kind_rows (self);
  update_ca_row (self);
  update (self);
}

AdeptAddServerDialog *
adept_add_server_dialog_new (GtkWindow        *parent,
                             AdeptApplication *application)
{
  AdeptAddServerDialog *self;

  g_return_val_if_fail (ADEPT_IS_APPLICATION (application), NULL);

  self = g_object_new (ADEPT_TYPE_ADD_SERVER_DIALOG, "transient-for", parent, NULL);
  g_set_weak_pointer (&self->application, application);
  return self;
}

GtkCheckButton *
adept_add_server_dialog_get_kind_check (AdeptAddServerDialog *self,
                                        const char           *kind_name)
{
  g_return_val_if_fail (ADEPT_IS_ADD_SERVER_DIALOG (self), NULL);
  return g_hash_table_lookup (self->kind_checks, kind_name);
}

AdwEntryRow *
adept_add_server_dialog_get_url_row (AdeptAddServerDialog *self)
{
  return self->url_row;
}

AdwEntryRow *
adept_add_server_dialog_get_key_row (AdeptAddServerDialog *self)
{
  return self->key_row;
}

AdwEntryRow *
adept_add_server_dialog_get_id_row (AdeptAddServerDialog *self)
{
  return self->id_row;
}

AdwEntryRow *
adept_add_server_dialog_get_new_name_row (AdeptAddServerDialog *self)
{
  return self->new_name_row;
}

GtkButton *
adept_add_server_dialog_get_add_button (AdeptAddServerDialog *self)
{
  return self->add_button;
}

AdwActionRow *
adept_add_server_dialog_find_name_row (AdeptAddServerDialog *self,
                                       const char           *dep_name)
{
  g_return_val_if_fail (ADEPT_IS_ADD_SERVER_DIALOG (self), NULL);

  for (guint i = 0; self->name_rows != NULL && i < self->name_rows->len; i++)
    {
      GObject *row = g_ptr_array_index (self->name_rows, i);

      if (g_strcmp0 (g_object_get_data (row, "adept-dep-name"), dep_name) == 0)
        return ADW_ACTION_ROW (row);
    }
  return NULL;
}

int
adept_add_server_dialog_get_n_names (AdeptAddServerDialog *self)
{
  return self->n_names;
}

gboolean
adept_add_server_dialog_get_busy (AdeptAddServerDialog *self)
{
  return get_busy (self) || self->lookup_source != 0;
}

const char *
adept_add_server_dialog_get_error (AdeptAddServerDialog *self)
{
  return self->error;
}

AdwEntryRow *
adept_add_server_dialog_get_pin_row (AdeptAddServerDialog *self)
{
  return self->pin_row;
}
