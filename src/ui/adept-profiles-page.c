/* adept-profiles-page.c — the list, defining and editing, the default, Apple's copy, files
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-profiles-page"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "adept-error.h"
#include "adept-input.h"
#include "adept-json.h"
#include "adept-profile-compare.h"
#include "adept-profile-editor.h"
#include "adept-profile-names.h"
#include "adept-profiles-page-private.h"
#include "adept-ui-util.h"
#include "adept-util.h"

G_DEFINE_FINAL_TYPE (AdeptProfilesPage, adept_profiles_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

AdeptStore *
_adept_profiles_page_get_store (AdeptProfilesPage *self)
{
  return self->session ? adept_session_get_store (self->session) : NULL;
}

const char *
_adept_profiles_page_get_server_id (AdeptProfilesPage *self)
{
  return self->session ? adept_session_get_id (self->session) : NULL;
}

/* Helpers shared with adept-profiles-page-devices.c */

GtkWindow *
_adept_profiles_page_get_parent (AdeptProfilesPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

void
_adept_profiles_page_present (AdeptProfilesPage *self,
                              GtkWindow         *window)
{
  if (self->dialog != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->dialog), (gpointer *) &self->dialog);
  self->dialog = window;
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &self->dialog);
  gtk_window_present (window);
}

void
_adept_profiles_page_toast (AdeptProfilesPage *self,
                            const char        *title)
{
  adept_ui_toast (GTK_WIDGET (self), title);
}

void
_adept_profiles_page_show_error (AdeptProfilesPage *self,
                                 const char        *heading,
                                 const GError      *error)
{
  GtkWidget *dialog = adw_message_dialog_new (_adept_profiles_page_get_parent (self), heading,
                                              error->message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  _adept_profiles_page_present (self, GTK_WINDOW (dialog));
}

AdeptStoredProfile *
_adept_profiles_page_get_stored (AdeptProfilesPage *self,
                                 const char        *uuid)
{
  g_autoptr(GError) error = NULL;
  AdeptStoredProfile *stored;

  if (self->session == NULL)
    return NULL;
  stored = adept_store_get_profile (_adept_profiles_page_get_store (self),
                                    _adept_profiles_page_get_server_id (self), uuid, &error);
  if (stored == NULL)
    _adept_profiles_page_show_error (self, _("Profile Not Found"), error);
  return stored;
}

static void
synced_in_background (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(AdeptJournalEntry) run = NULL;
  g_autoptr(GError) error = NULL;

  /* The condition says what went wrong, for the admin to act on. */
  run = adept_session_sync_finish (ADEPT_SESSION (source), result, &error);
}

/* Assignments change Apple's state, which reaches the store with a sync. */
void
_adept_profiles_page_request_sync (AdeptProfilesPage *self)
{
  if (self->session != NULL)
    adept_session_sync_async (self->session, ADEPT_SYNC_FLAGS_NONE, NULL, synced_in_background,
                              NULL);
}

/* A profile as the store keeps it (the JSON Adept sent to Apple). */
static AdeptDepProfile *
profile_from_json (const char  *json,
                   GError     **error)
{
  return adept_dep_profile_new_from_data (json, strlen (json), ADEPT_JSON_SOURCE_STORE, error);
}

/* The list */

GStrv
adept_profiles_page_dup_profile_devices (AdeptProfilesPage *self,
                                         const char        *uuid)
{
  g_autoptr(GError) error = NULL;
  GStrv serials;

  g_return_val_if_fail (ADEPT_IS_PROFILES_PAGE (self), NULL);

  if (self->session == NULL)
    return g_new0 (char *, 1);
  serials = adept_store_dup_profile_serials (_adept_profiles_page_get_store (self),
                                             _adept_profiles_page_get_server_id (self), uuid,
                                             &error);
  if (serials == NULL)
    {
      g_warning ("Could not read the devices of a profile: %s", error->message);
      return g_new0 (char *, 1);
    }
  return serials;
}

static char *
dup_url (const char *json)
{
  g_autoptr(AdeptDepProfile) profile = profile_from_json (json, NULL);

  return profile ? g_strdup (adept_dep_profile_get_url (profile)) : NULL;
}

static void
clear_rows (AdeptProfilesPage *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);

      if (gtk_widget_get_ancestor (row, ADW_TYPE_EXPANDER_ROW) != NULL)
        adw_expander_row_remove (self->replaced_expander, row);
      else
        adw_preferences_group_remove (self->list_group, row);
    }
  g_ptr_array_set_size (self->rows, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->replaced_group), FALSE);
}

static void
add_row (AdeptProfilesPage  *self,
         AdeptStoredProfile *p,
         AdeptProfileNames  *names,
         GHashTable         *counts)
{
  AdeptProfileRow *row = adept_profile_row_new (p->uuid);
  g_autofree char *url = dup_url (p->json);
  const char *successor = adept_profile_names_get_replaced_by (names, p->uuid);

  adept_profile_row_update (row, adept_profile_names_get_display_name (names, p->uuid), url,
                            GPOINTER_TO_UINT (g_hash_table_lookup (counts, p->uuid)),
                            p->created, g_strcmp0 (p->uuid, self->default_uuid) == 0,
                            successor ? adept_profile_names_get_display_name (names, successor)
                                      : NULL,
                            p->origin == ADEPT_PROFILE_ORIGIN_ADOPTED);
  if (successor != NULL)
    adw_expander_row_add_row (self->replaced_expander, GTK_WIDGET (row));
  else
    adw_preferences_group_add (self->list_group, GTK_WIDGET (row));
  g_ptr_array_add (self->rows, row);
}

/* The current profiles first, then the replaced ones folded away with a count. */
static void
add_rows (AdeptProfilesPage *self,
          GPtrArray         *profiles,
          AdeptProfileNames *names,
          GHashTable        *counts)
{
  guint n_replaced = 0;
  g_autofree char *subtitle = NULL;

  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < profiles->len; i++)
      {
        AdeptStoredProfile *p = g_ptr_array_index (profiles, i);
        gboolean replaced = adept_profile_names_get_replaced_by (names, p->uuid) != NULL;

        if (replaced != (pass == 1))
          continue;
        add_row (self, p, names, counts);
        n_replaced += replaced;
      }

  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%u earlier version of an edited profile",
                                           "%u earlier versions of edited profiles", n_replaced),
                              n_replaced);
  adw_expander_row_set_subtitle (self->replaced_expander, subtitle);
  gtk_widget_set_visible (GTK_WIDGET (self->replaced_group), n_replaced > 0);
}

/* Names as AdeptProfileNames gives them: where two profiles share a name (an edit keeps the
 * old one), the current keeps it and the other reads "Name (UUID prefix)", so the list, its
 * "Replaced by" and the reassign dialog never show two identical names. */
static void
show_profiles (AdeptProfilesPage *self,
               GPtrArray         *profiles,
               GHashTable        *counts)
{
  g_autoptr(AdeptProfileNames) names = adept_profile_names_new (profiles);

  g_hash_table_remove_all (self->names);
  for (guint i = 0; i < profiles->len; i++)
    {
      AdeptStoredProfile *p = g_ptr_array_index (profiles, i);

      g_hash_table_insert (self->names, g_strdup (p->uuid),
                           g_strdup (adept_profile_names_get_display_name (names, p->uuid)));
    }

  clear_rows (self);
  add_rows (self, profiles, names, counts);
}

void
adept_profiles_page_reload (AdeptProfilesPage *self)
{
  g_autoptr(GPtrArray) profiles = NULL;
  g_autoptr(GHashTable) counts = NULL;
  g_autoptr(GError) error = NULL;
  AdeptStore *store;
  const char *server_id;

  g_return_if_fail (ADEPT_IS_PROFILES_PAGE (self));

  if (self->session == NULL || adept_session_get_state (self->session) != ADEPT_SESSION_STATE_READY)
    {
      clear_rows (self);
      gtk_stack_set_visible_child_name (self->state_stack, "unavailable");
      return;
    }

  store = _adept_profiles_page_get_store (self);
  server_id = _adept_profiles_page_get_server_id (self);
  adept_set_str (&self->default_uuid, adept_session_get_default_profile (self->session));
  profiles = adept_store_list_profiles (store, server_id, &error);
  if (profiles != NULL)
    counts = adept_store_count_devices_by_profile (store, server_id, &error);
  if (counts == NULL)
    {
      g_warning ("Could not read the profiles: %s", error->message);
      g_clear_pointer (&profiles, g_ptr_array_unref);
      profiles = g_ptr_array_new ();
      counts = g_hash_table_new (g_str_hash, g_str_equal);
    }
  show_profiles (self, profiles, counts);
  gtk_stack_set_visible_child_name (self->state_stack, profiles->len ? "list" : "empty");
}

void
adept_profiles_page_set_session (AdeptProfilesPage *self,
                                 AdeptSession      *session)
{
  static const char * const reloads[] = {
    "profiles-changed", "devices-changed", "notify::state",
  };

  g_return_if_fail (ADEPT_IS_PROFILES_PAGE (self));
  g_return_if_fail (session == NULL || ADEPT_IS_SESSION (session));

  if (self->session == session)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  for (guint i = 0; session != NULL && i < G_N_ELEMENTS (reloads); i++)
    g_signal_connect_object (session, reloads[i], G_CALLBACK (adept_profiles_page_reload), self,
                             G_CONNECT_SWAPPED);
  adept_profiles_page_reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

AdeptSession *
adept_profiles_page_get_session (AdeptProfilesPage *self)
{
  g_return_val_if_fail (ADEPT_IS_PROFILES_PAGE (self), NULL);

  return self->session;
}

/* Defining and editing */

static void
on_profile_saved (AdeptProfilesPage  *self,
                  AdeptDepProfile    *profile,
                  AdeptProfileEditor *editor)
{
  const char *uuid = adept_dep_profile_get_profile_uuid (profile);
  const char *replaces = adept_profile_editor_get_replaces (editor);
  g_autofree char *toast = NULL;

  /* The session moved the default to the new profile when it replaced the default. */
  g_assert (uuid != NULL);
  adept_profiles_page_reload (self);

  toast = g_strdup_printf (_("“%s” defined at Apple"), adept_dep_profile_get_profile_name (profile));
  _adept_profiles_page_toast (self, toast);
  if (replaces != NULL)
    _adept_profiles_page_offer_reassign (self, replaces, profile);
}

static AdeptProfileEditor *
open_editor (AdeptProfilesPage *self)
{
  AdeptProfileEditor *editor = adept_profile_editor_new (_adept_profiles_page_get_parent (self),
                                                         self->session);

  g_signal_connect_object (editor, "saved", G_CALLBACK (on_profile_saved), self,
                           G_CONNECT_SWAPPED);
  return editor;
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  AdeptProfilesPage *self = ADEPT_PROFILES_PAGE (widget);

  _adept_profiles_page_present (self, GTK_WINDOW (open_editor (self)));
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  AdeptProfilesPage *self = ADEPT_PROFILES_PAGE (widget);
  const char *uuid = g_variant_get_string (param, NULL);
  g_autoptr(AdeptStoredProfile) stored = _adept_profiles_page_get_stored (self, uuid);
  g_autoptr(AdeptDepProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  AdeptProfileEditor *editor;

  if (stored == NULL)
    return;
  profile = profile_from_json (stored->json, &error);
  if (profile == NULL)
    {
      _adept_profiles_page_show_error (self, _("Cannot Edit the Profile"), error);
      return;
    }
  editor = open_editor (self);
  adept_profile_editor_load (editor, profile, uuid);
  _adept_profiles_page_present (self, GTK_WINDOW (editor));
}

/* The default profile */

static void
default_set (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(AdeptProfilesPage) self = user_data;
  g_autofree char *name = g_object_steal_data (G_OBJECT (self), "adept-default-name");
  g_autoptr(GError) error = NULL;
  g_autofree char *toast = NULL;

  if (!adept_session_set_default_profile_finish (ADEPT_SESSION (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _adept_profiles_page_show_error (self, _("Cannot Change the Default Profile"), error);
      return;
    }
  if (name != NULL)
    toast = g_strdup_printf (_("New devices get “%s”"), name);
  else
    toast = g_strdup (_("New devices get no profile automatically"));
  _adept_profiles_page_toast (self, toast);
}

static void
set_default (AdeptProfilesPage *self,
             const char        *uuid,
             gboolean           make_default)
{
  g_autoptr(AdeptStoredProfile) stored = _adept_profiles_page_get_stored (self, uuid);

  if (stored == NULL)
    return;
  if (!make_default && g_strcmp0 (uuid, self->default_uuid) != 0)
    return;
  g_object_set_data_full (G_OBJECT (self), "adept-default-name",
                          make_default ? g_strdup (stored->name) : NULL, g_free);
  /* A change the admin asked for runs to its end, even if another server is shown. */
  adept_session_set_default_profile_async (self->session, make_default ? uuid : NULL,
                                           NULL, default_set, g_object_ref (self));
}

static void
make_default_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  set_default (ADEPT_PROFILES_PAGE (widget), g_variant_get_string (param, NULL), TRUE);
}

static void
clear_default_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  set_default (ADEPT_PROFILES_PAGE (widget), g_variant_get_string (param, NULL), FALSE);
}

static void
assign_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  _adept_profiles_page_assign (ADEPT_PROFILES_PAGE (widget), g_variant_get_string (param, NULL));
}

static void
remove_devices_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  _adept_profiles_page_remove (ADEPT_PROFILES_PAGE (widget), g_variant_get_string (param, NULL));
}

/* Show on Apple */

static void
got_apple_profile (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AdeptProfilesPage *self = g_task_get_source_object (task);
  AdeptDepProfile *sent = g_task_get_task_data (task);
  g_autoptr(AdeptDepProfile) apple = NULL;
  g_autoptr(GError) error = NULL;

  apple = adept_session_fetch_profile_finish (ADEPT_SESSION (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (apple == NULL)
    {
      _adept_profiles_page_show_error (self, _("Apple Did Not Return the Profile"), error);
      return;
    }
  _adept_profiles_page_present (self,
                                GTK_WINDOW (adept_profile_compare_new (_adept_profiles_page_get_parent (self),
                                                                       sent, apple)));
}

static void
show_on_apple_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  AdeptProfilesPage *self = ADEPT_PROFILES_PAGE (widget);
  const char *uuid = g_variant_get_string (param, NULL);
  g_autoptr(AdeptStoredProfile) stored = _adept_profiles_page_get_stored (self, uuid);
  g_autoptr(GError) error = NULL;
  AdeptDepProfile *sent;
  GTask *task;

  if (stored == NULL)
    return;
  sent = profile_from_json (stored->json, &error);
  if (sent == NULL)
    {
      _adept_profiles_page_show_error (self, _("Cannot Read the Stored Profile"), error);
      return;
    }
  task = g_task_new (self, self->cancellable, NULL, NULL);
  g_task_set_task_data (task, sent, g_object_unref);
  adept_session_fetch_profile_async (self->session, uuid, self->cancellable, got_apple_profile,
                                     task);
}

/* Add from Apple: a profile defined elsewhere, by its UUID */

static void
adopted (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(AdeptProfilesPage) self = user_data;
  g_autoptr(AdeptDepProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *toast = NULL;

  profile = adept_session_adopt_profile_finish (ADEPT_SESSION (source), result, &error);
  if (profile == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _adept_profiles_page_show_error (self, _("Profile Not Added"), error);
      return;
    }
  toast = g_strdup_printf (_("“%s” added from Apple"), adept_dep_profile_get_profile_name (profile));
  _adept_profiles_page_toast (self, toast);
}

static void
on_adopt_response (AdeptProfilesPage *self,
                   const char        *response,
                   AdwMessageDialog  *dialog)
{
  g_autofree char *uuid = adept_ui_text_dialog_dup_text (dialog);

  if (!g_str_equal (response, "add") || self->session == NULL)
    return;
  /* A change the admin asked for runs to its end, even if another server is shown. */
  adept_session_adopt_profile_async (self->session, uuid, NULL, adopted, g_object_ref (self));
}

static void
adopt_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  AdeptProfilesPage *self = ADEPT_PROFILES_PAGE (widget);
  AdwMessageDialog *dialog;

  dialog = adept_ui_text_dialog_new (_adept_profiles_page_get_parent (self),
                                     _("Add a Profile from Apple"),
                                     _("Apple keeps every profile defined for this MDM server, but "
                                       "cannot list them. Enter the UUID of one defined elsewhere "
                                       "(another MDM, an earlier install): Adept reads it from "
                                       "Apple and keeps it here, to assign or make the default."),
                                     _("Profile UUID"), "add", _("_Add"), NULL);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_adopt_response), self,
                           G_CONNECT_SWAPPED);
  _adept_profiles_page_present (self, GTK_WINDOW (dialog));
}

/* Export and import: the JSON Apple's POST /profile takes */

static void
export_chosen (AdeptProfilesPage    *self,
               int                   response,
               GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_autofree char *uuid = g_strdup (g_object_get_data (G_OBJECT (chooser), "adept-uuid"));
  g_autoptr(AdeptStoredProfile) stored = NULL;
  g_autoptr(AdeptDepProfile) profile = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;
  g_autofree char *toast = NULL;
  g_autoptr(GError) error = NULL;

  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  g_clear_object (&self->chooser);
  if (response != GTK_RESPONSE_ACCEPT || file == NULL
      || (stored = _adept_profiles_page_get_stored (self, uuid)) == NULL)
    return;

  profile = profile_from_json (stored->json, NULL);
  if (profile == NULL)
    return;
  adept_dep_profile_set_profile_uuid (profile, NULL);
  adept_dep_profile_set_devices (profile, NULL);
  object = adept_dep_profile_to_json (profile);
  node = json_node_init_object (json_node_alloc (), object);
  text = json_to_string (node, TRUE);
  if (!g_file_replace_contents (file, text, strlen (text), NULL, FALSE, G_FILE_CREATE_NONE,
                                NULL, NULL, &error))
    {
      g_autoptr(GError) file_error = g_error_new (ADEPT_ERROR, ADEPT_ERROR_FILE, "%s",
                                                  adept_error_default_message (ADEPT_ERROR_FILE));

      g_debug ("Exporting a profile: %s", error->message);
      _adept_profiles_page_show_error (self, _("Profile Not Exported"), file_error);
      return;
    }
  toast = g_strdup_printf (_("“%s” exported"), stored->name);
  _adept_profiles_page_toast (self, toast);
}

static GtkFileFilter *
json_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("DEP profiles (.json)"));
  gtk_file_filter_add_pattern (filter, "*.json");
  return filter;
}

static void
set_chooser (AdeptProfilesPage    *self,
             GtkFileChooserNative *chooser,
             GCallback             response)
{
  g_autoptr(GtkFileFilter) filter = json_filter ();

  g_clear_object (&self->chooser);
  self->chooser = chooser;
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_signal_connect_object (chooser, "response", response, self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  AdeptProfilesPage *self = ADEPT_PROFILES_PAGE (widget);
  const char *uuid = g_variant_get_string (param, NULL);
  const char *name = g_hash_table_lookup (self->names, uuid);
  g_autofree char *file_name = NULL;
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Export DEP Profile"),
                                         _adept_profiles_page_get_parent (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  file_name = g_strdup_printf ("%s.json", name ? name : uuid);
  g_strdelimit (file_name, "/\\", '-');
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), file_name);
  g_object_set_data_full (G_OBJECT (chooser), "adept-uuid", g_strdup (uuid), g_free);
  set_chooser (self, chooser, G_CALLBACK (export_chosen));
}

/* Keys Apple would take that Adept does not edit, or that make no sense in a new profile,
 * are named so the admin knows they were dropped. */
static char *
describe_ignored_keys (JsonObject *object)
{
  g_autoptr(GStrvBuilder) ignored = g_strv_builder_new ();
  g_autoptr(GList) members = json_object_get_members (object);
  g_auto(GStrv) keys = NULL;
  g_autofree char *joined = NULL;

  for (GList *l = members; l != NULL; l = l->next)
    if (!adept_dep_profile_is_known_key (l->data)
        || g_str_equal (l->data, "profile_uuid") || g_str_equal (l->data, "devices"))
      g_strv_builder_add (ignored, l->data);
  keys = g_strv_builder_end (ignored);
  if (keys[0] == NULL)
    return NULL;
  joined = g_strjoinv (", ", keys);
  return g_strdup_printf (_("Adept left out what it cannot define: %s."), joined);
}

static void
import_loaded (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(AdeptProfilesPage) self = user_data;
  g_autoptr(GBytes) contents = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(AdeptDepProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *base = NULL;
  g_autofree char *ignored = NULL;
  g_autofree char *note = NULL;
  AdeptProfileEditor *editor;

  contents = adept_input_read_gfile_finish (result, &error);
  if (contents != NULL)
    object = adept_json_parse_object (g_bytes_get_data (contents, NULL), g_bytes_get_size (contents),
                                      ADEPT_JSON_SOURCE_PROFILE, &error);
  if (object != NULL)
    profile = adept_dep_profile_new_from_json (object, &error);
  if (profile == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _adept_profiles_page_show_error (self, _("Profile Not Imported"), error);
      return;
    }
  ignored = describe_ignored_keys (object);
  adept_dep_profile_set_profile_uuid (profile, NULL);
  adept_dep_profile_set_devices (profile, NULL);

  base = g_file_get_basename (G_FILE (source));
  /* Translators: %s is a file name; the optional second sentence lists left-out keys. */
  note = g_strdup_printf (_("Imported from “%s”. Check the fields, then Save to define the "
                            "profile at Apple.%s%s"), base, ignored ? " " : "", ignored ? ignored : "");
  editor = open_editor (self);
  gtk_window_set_title (GTK_WINDOW (editor), _("Import DEP Profile"));
  adept_profile_editor_load (editor, profile, NULL);
  adept_profile_editor_set_note (editor, note);
  _adept_profiles_page_present (self, GTK_WINDOW (editor));
}

static void
import_chosen (AdeptProfilesPage    *self,
               int                   response,
               GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  g_clear_object (&self->chooser);
  if (response == GTK_RESPONSE_ACCEPT && file != NULL)
    adept_input_read_gfile_async (file, ADEPT_INPUT_PROFILE, self->cancellable, import_loaded,
                                  g_object_ref (self));
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  AdeptProfilesPage *self = ADEPT_PROFILES_PAGE (widget);

  set_chooser (self,
               gtk_file_chooser_native_new (_("Import DEP Profile"),
                                            _adept_profiles_page_get_parent (self),
                                            GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"),
                                            _("_Cancel")),
               G_CALLBACK (import_chosen));
}

/* The object */

static void
adept_profiles_page_dispose (GObject *object)
{
  AdeptProfilesPage *self = ADEPT_PROFILES_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  if (self->dialog != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->dialog), (gpointer *) &self->dialog);
  self->dialog = NULL;
  adept_ui_chooser_clear (&self->chooser);
  /* The bin's child is a bound template child: let the bin drop it first, or both would
   * unparent it. */
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), ADEPT_TYPE_PROFILES_PAGE);
  G_OBJECT_CLASS (adept_profiles_page_parent_class)->dispose (object);
}

static void
adept_profiles_page_finalize (GObject *object)
{
  AdeptProfilesPage *self = ADEPT_PROFILES_PAGE (object);

  g_clear_object (&self->job);
  g_clear_object (&self->cancellable);
  g_ptr_array_unref (self->rows);
  g_hash_table_unref (self->names);
  g_free (self->default_uuid);
  G_OBJECT_CLASS (adept_profiles_page_parent_class)->finalize (object);
}

static void
adept_profiles_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, ADEPT_PROFILES_PAGE (object)->session);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
adept_profiles_page_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_SESSION:
      adept_profiles_page_set_session (ADEPT_PROFILES_PAGE (object), g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
adept_profiles_page_class_init (AdeptProfilesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = adept_profiles_page_dispose;
  object_class->finalize = adept_profiles_page_finalize;
  object_class->get_property = adept_profiles_page_get_property;
  object_class->set_property = adept_profiles_page_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, ADEPT_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/adept-profiles-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AdeptProfilesPage, state_stack);
  gtk_widget_class_bind_template_child (widget_class, AdeptProfilesPage, list_group);
  gtk_widget_class_bind_template_child (widget_class, AdeptProfilesPage, replaced_group);
  gtk_widget_class_bind_template_child (widget_class, AdeptProfilesPage, replaced_expander);

  gtk_widget_class_install_action (widget_class, "profiles.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "profiles.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "profiles.adopt", NULL, adopt_action);
  gtk_widget_class_install_action (widget_class, "profiles.edit", "s", edit_action);
  gtk_widget_class_install_action (widget_class, "profiles.make-default", "s", make_default_action);
  gtk_widget_class_install_action (widget_class, "profiles.clear-default", "s", clear_default_action);
  gtk_widget_class_install_action (widget_class, "profiles.assign", "s", assign_action);
  gtk_widget_class_install_action (widget_class, "profiles.remove-devices", "s", remove_devices_action);
  gtk_widget_class_install_action (widget_class, "profiles.show-on-apple", "s", show_on_apple_action);
  gtk_widget_class_install_action (widget_class, "profiles.export", "s", export_action);

  g_type_ensure (ADEPT_TYPE_PROFILE_ROW);
}

static void
adept_profiles_page_init (AdeptProfilesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->rows = g_ptr_array_new ();
  self->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->cancellable = g_cancellable_new ();
  adept_profiles_page_reload (self);
}

const char *
adept_profiles_page_get_state (AdeptProfilesPage *self)
{
  g_return_val_if_fail (ADEPT_IS_PROFILES_PAGE (self), NULL);
  return gtk_stack_get_visible_child_name (self->state_stack);
}

guint
adept_profiles_page_get_n_profiles (AdeptProfilesPage *self)
{
  g_return_val_if_fail (ADEPT_IS_PROFILES_PAGE (self), 0);
  return self->rows->len;
}

AdeptProfileRow *
adept_profiles_page_get_row (AdeptProfilesPage *self,
                             guint              position)
{
  g_return_val_if_fail (ADEPT_IS_PROFILES_PAGE (self), NULL);
  g_return_val_if_fail (position < self->rows->len, NULL);
  return g_ptr_array_index (self->rows, position);
}

AdeptProfileRow *
adept_profiles_page_find_row (AdeptProfilesPage *self,
                              const char        *uuid)
{
  g_return_val_if_fail (ADEPT_IS_PROFILES_PAGE (self), NULL);

  for (guint i = 0; i < self->rows->len; i++)
    if (g_strcmp0 (adept_profile_row_get_uuid (g_ptr_array_index (self->rows, i)), uuid) == 0)
      return g_ptr_array_index (self->rows, i);
  return NULL;
}

GtkWindow *
adept_profiles_page_get_dialog (AdeptProfilesPage *self)
{
  g_return_val_if_fail (ADEPT_IS_PROFILES_PAGE (self), NULL);
  return self->dialog;
}

GtkFileChooserNative *
adept_profiles_page_get_file_chooser (AdeptProfilesPage *self)
{
  g_return_val_if_fail (ADEPT_IS_PROFILES_PAGE (self), NULL);
  return self->chooser;
}

AdeptBatchJob *
adept_profiles_page_get_job (AdeptProfilesPage *self)
{
  g_return_val_if_fail (ADEPT_IS_PROFILES_PAGE (self), NULL);
  return self->job;
}

GHashTable *
adept_profiles_page_get_names (AdeptProfilesPage *self)
{
  g_return_val_if_fail (ADEPT_IS_PROFILES_PAGE (self), NULL);
  return self->names;
}
