/* adept-settings-page-beta.c — the organization's OS beta enrollment tokens, in DEP
 * Information (GET /os-beta-enrollment/tokens)
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-settings-page"

#include "config.h"

#include <glib/gi18n.h>

#include "adept-device-format.h"
#include "adept-error.h"
#include "adept-settings-page-private.h"
#include "adept-ui-util.h"

static void
clear_tokens (AdeptSettingsPage *self)
{
  for (guint i = 0; i < self->beta_children->len; i++)
    adw_expander_row_remove (self->beta_row, g_ptr_array_index (self->beta_children, i));
  g_ptr_array_set_size (self->beta_children, 0);
}

static void
set_summary (AdeptSettingsPage *self,
             const char        *text)
{
  adw_expander_row_set_subtitle (self->beta_row, text);
}

static void
on_copy_clicked (GtkButton  *button,
                 const char *token)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (button)), token);
  adept_ui_toast (GTK_WIDGET (button), _("Token copied"));
}

/* A program's row: its title and OS; the token itself only goes to the clipboard, as an
 * MDM server needs it and nobody reads it. */
static GtkWidget *
token_row (const AdeptBetaToken *token)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *copy = gtk_button_new_from_icon_name ("edit-copy-symbolic");
  g_autofree char *name = g_strdup_printf (_("Copy the token of %s"), token->title);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), token->title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), adept_os_label (token->os));
  gtk_widget_set_valign (copy, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (copy, "flat");
  gtk_widget_set_tooltip_text (copy, _("Copy Token"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (copy), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  g_signal_connect_data (copy, "clicked", G_CALLBACK (on_copy_clicked), g_strdup (token->token),
                         (GClosureNotify) G_CALLBACK (g_free), 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), copy);
  adept_ui_widget_no_hyphens (row);
  return row;
}

static void
on_tokens (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(AdeptSettingsPage) self = user_data;
  g_autoptr(GPtrArray) tokens = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *count = NULL;

  tokens = adept_dep_client_get_beta_tokens_finish (ADEPT_DEP_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->beta_row == NULL)
    return;
  clear_tokens (self);
  if (tokens == NULL)
    {
      if (g_error_matches (error, ADEPT_ERROR, ADEPT_ERROR_BETA_TURNED_OFF))
        set_summary (self, _("Turned off: the organization does not allow beta software on its "
                             "devices (Apple Business Manager, Preferences)"));
      else
        set_summary (self, error->message);
      return;
    }
  if (tokens->len == 0)
    {
      set_summary (self, _("None: Apple offers no beta program to this organization now"));
      return;
    }
  count = adept_format_count (tokens->len);
  {
    /* Translators: how many beta programs Apple offers the organization's devices. */
    g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                          "%s program an MDM server can enroll devices in",
                                                          "%s programs an MDM server can enroll devices in",
                                                          tokens->len), count);

    set_summary (self, text);
  }
  for (guint i = 0; i < tokens->len; i++)
    {
      GtkWidget *row = token_row (g_ptr_array_index (tokens, i));

      adw_expander_row_add_row (self->beta_row, row);
      g_ptr_array_add (self->beta_children, row);
    }
}

static gint64
account_read_at (AdeptSession *session)
{
  GDateTime *at = adept_server_get_account_updated_at (adept_session_get_server (session));

  /* Microseconds: two reads in one second are two reads. */
  return at != NULL ? g_date_time_to_unix (at) * G_USEC_PER_SEC + g_date_time_get_microsecond (at) : 0;
}

void
_adept_settings_page_update_beta (AdeptSettingsPage *self)
{
  gboolean ready = self->session != NULL && adept_settings_page_get_linked (self) &&
                   adept_session_get_state (self->session) == ADEPT_SESSION_STATE_READY &&
                   adept_session_get_client (self->session) != NULL;
  gint64 read_at;

  gtk_widget_set_visible (GTK_WIDGET (self->beta_row), ready);
  if (!ready)
    return;
  read_at = account_read_at (self->session);
  if (self->beta_session == (gpointer) self->session && self->beta_asked_for == read_at)
    return;

  g_cancellable_cancel (self->beta_cancellable);
  g_clear_object (&self->beta_cancellable);
  self->beta_cancellable = g_cancellable_new ();
  self->beta_session = self->session;
  self->beta_asked_for = read_at;
  if (self->beta_children->len == 0)
    set_summary (self, _("Asking Apple…"));
  adept_dep_client_get_beta_tokens_async (adept_session_get_client (self->session),
                                          self->beta_cancellable, on_tokens, g_object_ref (self));
}

void
_adept_settings_page_beta_init (AdeptSettingsPage *self)
{
  GtkWidget *group = gtk_widget_get_ancestor (GTK_WIDGET (self->expiry_row),
                                              ADW_TYPE_PREFERENCES_GROUP);

  self->beta_children = g_ptr_array_new ();
  self->beta_row = ADW_EXPANDER_ROW (adw_expander_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->beta_row), _("OS Beta Enrollment Tokens"));
  gtk_widget_set_visible (GTK_WIDGET (self->beta_row), FALSE);
  adept_ui_widget_no_hyphens (GTK_WIDGET (self->beta_row));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->beta_row));
}

void
_adept_settings_page_beta_dispose (AdeptSettingsPage *self)
{
  g_cancellable_cancel (self->beta_cancellable);
  g_clear_object (&self->beta_cancellable);
  g_clear_pointer (&self->beta_children, g_ptr_array_unref);
  self->beta_row = NULL;
}

const char *
adept_settings_page_get_beta_summary (AdeptSettingsPage *self)
{
  g_return_val_if_fail (ADEPT_IS_SETTINGS_PAGE (self), NULL);

  if (self->beta_row == NULL || !gtk_widget_get_visible (GTK_WIDGET (self->beta_row)))
    return NULL;
  return adw_expander_row_get_subtitle (self->beta_row);
}

GStrv
adept_settings_page_dup_beta_titles (AdeptSettingsPage *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (ADEPT_IS_SETTINGS_PAGE (self), NULL);

  for (guint i = 0; self->beta_children != NULL && i < self->beta_children->len; i++)
    g_strv_builder_add (builder, adw_preferences_row_get_title (g_ptr_array_index (self->beta_children, i)));
  return g_strv_builder_end (builder);
}
