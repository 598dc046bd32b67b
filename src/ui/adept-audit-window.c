/* adept-audit-window.c — the audit log of a server, searchable, exportable as CSV
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-audit-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "adept-audit-window.h"
#include "adept-error.h"
#include "adept-store.h"
#include "adept-ui-util.h"
#include "adept-util.h"

struct _AdeptAuditWindow
{
  AdwWindow          parent_instance;

  AdwToastOverlay   *toast_overlay;
  AdwWindowTitle    *window_title;
  GtkSearchEntry    *search_entry;
  GtkStack          *stack;
  GtkListBox        *list_box;
  AdwStatusPage     *empty_page;

  AdeptSession      *session;
  GPtrArray         *entries;     /* AdeptAuditEntry, newest first */
  GPtrArray         *rows;        /* one row per entry */
  GtkFileChooserNative *chooser;
  guint              n_shown;
};

G_DEFINE_FINAL_TYPE (AdeptAuditWindow, adept_audit_window, ADW_TYPE_WINDOW)

static const struct {
  const char *action;
  const char *label;
} action_labels[] = {
  { "key-generated", N_("Made a key pair") },
  { "key-imported", N_("Imported a key pair") },
  { "linked", N_("Linked with the MDM server") },
  { "renewed", N_("Renewed the server token") },
  { "unlinked", N_("Unlinked") },
  { "base-url-changed", N_("Changed the server address") },
  { "profile-define", N_("Defined a profile") },
  { "profile-default", N_("Set the default profile") },
  { "profile-adopt", N_("Adopted a profile defined elsewhere") },
  { "profile-assign", N_("Assigned a profile") },
  { "profile-remove", N_("Removed profiles from devices") },
  { "devices-refresh", N_("Refreshed device details") },
  { "business-api-connected", N_("Connected the Apple Business API") },
  { "business-api-disconnected", N_("Disconnected the Apple Business API") },
};

const char *
adept_audit_action_label (const char *action)
{
  for (guint i = 0; action != NULL && i < G_N_ELEMENTS (action_labels); i++)
    if (g_str_equal (action_labels[i].action, action))
      return _(action_labels[i].label);
  return action;
}

/* What the search looks through, folded once. */
static char *
dup_haystack (const AdeptAuditEntry *entry,
              const char            *label)
{
  g_autofree char *text = g_strjoin ("\n", label, entry->action ? entry->action : "",
                                     entry->user ? entry->user : "",
                                     entry->host ? entry->host : "",
                                     entry->details ? entry->details : "", NULL);

  return g_utf8_casefold (text, -1);
}

static GtkWidget *
row_new (const AdeptAuditEntry *entry)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (entry->time);
  g_autofree char *date = adept_format_date_time (when);
  g_autofree char *who = NULL;
  g_autofree char *subtitle = NULL;
  const char *label = adept_audit_action_label (entry->action);
  GtkWidget *row = adw_action_row_new ();

  if (entry->host != NULL)
    /* Translators: a user name and the computer's name. */
    who = g_strdup_printf (_("%s on %s"), entry->user ? entry->user : "?", entry->host);
  else
    who = g_strdup (entry->user ? entry->user : "?");
  /* Translators: a date and time, who did it, then what Adept noted of it. */
  subtitle = entry->details && *entry->details
             ? g_strdup_printf (_("%s · %s\n%s"), date, who, entry->details)
             : g_strdup_printf (_("%s · %s"), date, who);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 4);
  adept_ui_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_add_css_class (row, "property");
  g_object_set_data_full (G_OBJECT (row), "adept-haystack", dup_haystack (entry, label), g_free);
  return row;
}

static gboolean
row_matches (GtkListBoxRow *row,
             const char    *needle)
{
  const char *haystack = g_object_get_data (G_OBJECT (row), "adept-haystack");

  return needle == NULL || *needle == '\0' || strstr (haystack, needle) != NULL;
}

static void
apply_search (AdeptAuditWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *needle = g_utf8_casefold (text, -1);

  g_strstrip (needle);
  self->n_shown = 0;
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);
      gboolean shown = row_matches (GTK_LIST_BOX_ROW (row), needle);

      gtk_widget_set_visible (row, shown);
      self->n_shown += shown;
    }
  if (self->n_shown > 0)
    gtk_stack_set_visible_child_name (self->stack, "list");
  else
    {
      adw_status_page_set_title (self->empty_page,
                                 self->rows->len > 0 ? _("No Matching Entries")
                                                     : _("No Entries"));
      adw_status_page_set_description (self->empty_page,
                                       self->rows->len > 0
                                       ? _("Try another word: an action, a person, a computer, "
                                           "a serial number or a profile name.")
                                       : _("Linking, renewing, defining and assigning profiles "
                                           "are noted here."));
      gtk_stack_set_visible_child_name (self->stack, "empty");
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "audit.export", self->n_shown > 0);
}

static void
on_search_changed (AdeptAuditWindow *self)
{
  apply_search (self);
}

static void
load (AdeptAuditWindow *self)
{
  g_autoptr(GError) error = NULL;
  AdeptStore *store = adept_session_get_store (self->session);

  g_clear_pointer (&self->entries, g_ptr_array_unref);
  self->entries = adept_store_list_audit (store, adept_session_get_id (self->session), 0, &error);
  if (self->entries == NULL)
    {
      self->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) adept_audit_entry_free);
      adw_toast_overlay_add_toast (self->toast_overlay, adept_ui_toast_new (error->message));
    }
  for (guint i = 0; i < self->entries->len; i++)
    {
      GtkWidget *row = row_new (g_ptr_array_index (self->entries, i));

      gtk_list_box_append (self->list_box, row);
      g_ptr_array_add (self->rows, row);
    }
  apply_search (self);
}

/* Export */

static GPtrArray *
dup_shown_entries (AdeptAuditWindow *self)
{
  GPtrArray *shown = g_ptr_array_new ();

  for (guint i = 0; i < self->rows->len; i++)
    if (gtk_widget_get_visible (g_ptr_array_index (self->rows, i)))
      g_ptr_array_add (shown, g_ptr_array_index (self->entries, i));
  return shown;
}

static void
csv_written (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    {
      g_autofree char *name = g_file_get_basename (G_FILE (source));
      GError *file_error = g_error_new (ADEPT_ERROR, ADEPT_ERROR_FILE,
                                        _("The audit log could not be saved as “%s”: %s"),
                                        name, error->message);

      g_error_free (error);
      g_task_return_error (task, file_error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

void
adept_audit_window_export_async (AdeptAuditWindow    *self,
                                 GFile               *file,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GPtrArray) shown = NULL;
  g_autoptr(GBytes) bytes = NULL;
  char *csv;

  g_return_if_fail (ADEPT_IS_AUDIT_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, adept_audit_window_export_async);
  shown = dup_shown_entries (self);
  csv = adept_audit_entries_to_csv (shown);
  bytes = g_bytes_new_take (csv, strlen (csv));
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE,
                                       G_FILE_CREATE_REPLACE_DESTINATION, cancellable,
                                       csv_written, g_steal_pointer (&task));
}

gboolean
adept_audit_window_export_finish (AdeptAuditWindow  *self,
                                  GAsyncResult      *result,
                                  GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
exported (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  AdeptAuditWindow *self = ADEPT_AUDIT_WINDOW (source);
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;

  if (!adept_audit_window_export_finish (self, result, &error))
    title = g_strdup (error->message);
  else
    title = g_strdup (_("Audit log saved"));
  adw_toast_overlay_add_toast (self->toast_overlay, adept_ui_toast_new (title));
}

static void
export_file_chosen (AdeptAuditWindow     *self,
                    int                   response,
                    GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  if (response == GTK_RESPONSE_ACCEPT && file != NULL)
    adept_audit_window_export_async (self, file, NULL, exported, NULL);
  g_clear_object (&self->chooser);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  AdeptAuditWindow *self = ADEPT_AUDIT_WINDOW (widget);
  g_autoptr(GFile) downloads = adept_ui_dup_downloads_folder ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *day = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *name = g_strdup_printf ("Adept-audit-log-%s.csv", day);

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Export the Audit Log"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"),
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser), downloads, NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (export_file_chosen), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
focus_search (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  gtk_widget_grab_focus (GTK_WIDGET (ADEPT_AUDIT_WINDOW (widget)->search_entry));
}

static void
adept_audit_window_dispose (GObject *object)
{
  AdeptAuditWindow *self = ADEPT_AUDIT_WINDOW (object);

  adept_ui_chooser_clear (&self->chooser);
  g_clear_object (&self->session);
  /* The content is a bound template child: the window drops it first, or both would
   * unparent it. */
  adw_window_set_content (ADW_WINDOW (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), ADEPT_TYPE_AUDIT_WINDOW);
  G_OBJECT_CLASS (adept_audit_window_parent_class)->dispose (object);
}

static void
adept_audit_window_finalize (GObject *object)
{
  AdeptAuditWindow *self = ADEPT_AUDIT_WINDOW (object);

  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  G_OBJECT_CLASS (adept_audit_window_parent_class)->finalize (object);
}

static void
adept_audit_window_class_init (AdeptAuditWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = adept_audit_window_dispose;
  object_class->finalize = adept_audit_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/adept-audit-window.ui");
  gtk_widget_class_bind_template_child (widget_class, AdeptAuditWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, AdeptAuditWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, AdeptAuditWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, AdeptAuditWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, AdeptAuditWindow, list_box);
  gtk_widget_class_bind_template_child (widget_class, AdeptAuditWindow, empty_page);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);

  gtk_widget_class_install_action (widget_class, "audit.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "audit.search", NULL, focus_search);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "audit.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
adept_audit_window_init (AdeptAuditWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new ();
}

AdeptAuditWindow *
adept_audit_window_new (GtkWindow    *parent,
                        AdeptSession *session)
{
  AdeptAuditWindow *self;

  g_return_val_if_fail (ADEPT_IS_SESSION (session), NULL);

  self = g_object_new (ADEPT_TYPE_AUDIT_WINDOW, "transient-for", parent, NULL);
  self->session = g_object_ref (session);
  adw_window_title_set_subtitle (self->window_title, adept_session_get_display_name (session));
  load (self);
  return self;
}

guint
adept_audit_window_get_n_entries (AdeptAuditWindow *self)
{
  g_return_val_if_fail (ADEPT_IS_AUDIT_WINDOW (self), 0);

  return self->rows->len;
}

guint
adept_audit_window_get_n_shown (AdeptAuditWindow *self)
{
  g_return_val_if_fail (ADEPT_IS_AUDIT_WINDOW (self), 0);

  return self->n_shown;
}

GtkEditable *
adept_audit_window_get_search (AdeptAuditWindow *self)
{
  g_return_val_if_fail (ADEPT_IS_AUDIT_WINDOW (self), NULL);

  return GTK_EDITABLE (self->search_entry);
}
