/* adept-settings-page-trust.c — Connection: how the DEP service's certificate is trusted
 * (the system's CAs, a private CA file besides them, or one pinned certificate), for sites
 * behind a TLS-inspecting proxy or with a private deployment (issue 16)
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

static gboolean
pin_row_has_focus (AdeptSettingsPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self->pin_row));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && (focus == GTK_WIDGET (self->pin_row) ||
                           gtk_widget_is_ancestor (focus, GTK_WIDGET (self->pin_row)));
}

void
_adept_settings_page_update_trust (AdeptSettingsPage *self)
{
  AdeptServer *server = self->session != NULL ? adept_session_get_server (self->session) : NULL;
  g_autofree char *ca_file = server != NULL ? adept_server_dup_tls_ca_file (server) : NULL;
  g_autofree char *pin = server != NULL ? adept_server_dup_tls_pin_sha256 (server) : NULL;
  g_autofree char *text = NULL;

  if (pin != NULL)
    text = g_strdup (_("Only the certificate with the pinned SHA-256 fingerprint below, "
                       "whatever the system’s certificate authorities say."));
  else if (ca_file != NULL)
    text = g_strdup_printf (_("The system’s certificate authorities and the private CA in “%s”."),
                            ca_file);
  else
    text = g_strdup (_("The system’s certificate authorities, as a web browser trusts them."));
  adw_action_row_set_subtitle (self->trust_row, text);
  adw_action_row_set_subtitle (self->ca_file_row,
                               ca_file != NULL ? ca_file
                                               : _("None. Choose the PEM file of your "
                                                   "organization’s certificate authority."));
  /* What is stored, unless the admin is typing there (a refused pin stays to correct). */
  if (!pin_row_has_focus (self))
    gtk_editable_set_text (GTK_EDITABLE (self->pin_row), pin != NULL ? pin : "");
}

gboolean
_adept_settings_page_get_trust_set (AdeptSettingsPage *self)
{
  AdeptServer *server = self->session != NULL ? adept_session_get_server (self->session) : NULL;
  g_autofree char *ca_file = server != NULL ? adept_server_dup_tls_ca_file (server) : NULL;
  g_autofree char *pin = server != NULL ? adept_server_dup_tls_pin_sha256 (server) : NULL;

  return ca_file != NULL || pin != NULL;
}

/* The core call checks the file or the pin, stores both at once and audits it; a refusal
 * leaves the stored setting as it was. */
static gboolean
set_trust (AdeptSettingsPage *self,
           const char        *ca_file,
           const char        *pin)
{
  g_autoptr(GError) error = NULL;

  if (!adept_session_set_tls_trust (self->session, ca_file, pin, &error))
    {
      _adept_settings_page_show_error (self, error);
      return FALSE;
    }
  _adept_settings_page_clear_error (self);
  _adept_settings_page_update_trust (self);
  _adept_settings_page_update_actions (self);
  return TRUE;
}

void
_adept_settings_page_set_ca_file (AdeptSettingsPage *self,
                                  GFile             *file)
{
  g_autofree char *path = g_file_get_path (file);

  if (path == NULL)
    {
      g_autoptr(GError) error = NULL;

      g_set_error (&error, ADEPT_ERROR, ADEPT_ERROR_CERT_INVALID,
                   _("The CA file must be on this computer. Copy it to a local folder and choose it there."));
      _adept_settings_page_show_error (self, error);
      return;
    }
  /* A CA file replaces a pin: the pin would make it pointless. */
  set_trust (self, path, NULL);
}

static void
ca_file_chosen (gpointer  owner,
                GFile    *file)
{
  if (file != NULL)
    _adept_settings_page_set_ca_file (owner, file);
}

void
_adept_settings_page_choose_ca_file (AdeptSettingsPage *self)
{
  adept_ui_choose_file (_adept_settings_page_get_parent (self), _("Choose the Private CA File"),
                        _("Certificates (.pem, .crt)"), ADEPT_UI_CERTIFICATE_PATTERNS,
                        self, &self->chooser, ca_file_chosen);
}

void
_adept_settings_page_apply_pin (AdeptSettingsPage *self)
{
  g_autofree char *pin = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->pin_row))));

  if (self->session == NULL || self->busy)
    return;
  /* An empty pin is the system's CAs again. */
  set_trust (self, NULL, *pin != '\0' ? pin : NULL);
}

void
_adept_settings_page_trust_system (AdeptSettingsPage *self)
{
  set_trust (self, NULL, NULL);
}

static void
on_pin_apply (AdeptSettingsPage *self)
{
  _adept_settings_page_apply_pin (self);
}

void
_adept_settings_page_class_init_trust (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_child (widget_class, AdeptSettingsPage, trust_row);
  gtk_widget_class_bind_template_child (widget_class, AdeptSettingsPage, ca_file_row);
  gtk_widget_class_bind_template_child (widget_class, AdeptSettingsPage, pin_row);
  gtk_widget_class_bind_template_callback (widget_class, on_pin_apply);
}

const char *
adept_settings_page_get_trust_text (AdeptSettingsPage *self)
{
  g_return_val_if_fail (ADEPT_IS_SETTINGS_PAGE (self), NULL);

  return adw_action_row_get_subtitle (self->trust_row);
}
