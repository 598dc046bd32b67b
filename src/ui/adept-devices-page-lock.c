/* adept-devices-page-lock.c — an Activation Lock bypass code, shown on request
 *
 * The code is a secret: it leaves the keyring only into this dialog's label (and the
 * clipboard when the admin copies it), never into logs.
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-devices-page"

#include "config.h"

#include <glib/gi18n.h>

#include "adept-credentials.h"
#include "adept-devices-page-private.h"
#include "adept-secret.h"
#include "adept-ui-util.h"

typedef struct {
  AdeptDevicesPage *page;
  char             *serial;
} Request;

static void
request_free (Request *request)
{
  g_clear_object (&request->page);
  g_free (request->serial);
  g_free (request);
}

static void
on_code_response (AdwMessageDialog *dialog,
                  const char       *response,
                  gpointer          user_data)
{
  GtkWidget *label = adw_message_dialog_get_extra_child (dialog);

  if (g_str_equal (response, "copy") && GTK_IS_LABEL (label))
    {
      gdk_clipboard_set_text (gtk_widget_get_clipboard (label), gtk_label_get_label (GTK_LABEL (label)));
      adept_ui_toast (GTK_WIDGET (user_data), _("Bypass code copied"));
    }
}

/* A dialog that tells, closed with Close. */
static AdwMessageDialog *
telling_dialog (AdeptDevicesPage *self,
                const char       *heading,
                const char       *body)
{
  AdwMessageDialog *dialog = _adept_devices_page_new_dialog (self, heading, body, FALSE);

  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  adw_message_dialog_set_close_response (dialog, "close");
  return dialog;
}

static void
show_code (AdeptDevicesPage *self,
           const char       *serial,
           const char       *code)
{
  g_autofree char *heading = g_strdup_printf (_("Bypass Code of %s"), serial);
  AdwMessageDialog *dialog;
  GtkWidget *label;

  if (code == NULL)
    {
      dialog = telling_dialog (
        self, heading,
        _("This computer’s keyring keeps no bypass code for the device. It is in the file "
          "exported when the device was locked, or in the keyring of the computer that "
          "locked it."));
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }
  dialog = telling_dialog (
    self, heading, _("Enter it on the device, or give it to Apple Support, to remove Activation Lock."));
  adw_message_dialog_add_response (dialog, "copy", _("C_opy"));
  adw_message_dialog_set_default_response (dialog, "copy");
  label = gtk_label_new (code);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "monospace");
  gtk_widget_add_css_class (label, "title-3");
  gtk_widget_add_css_class (label, "bypass-code");
  adept_ui_label_no_hyphens (GTK_LABEL (label));
  adw_message_dialog_set_extra_child (dialog, label);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_code_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_looked_up (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Request *request = user_data;
  g_autoptr(GError) error = NULL;
  char *code = adept_credentials_lookup_finish (result, &error);

  if (error != NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        adept_ui_toast (GTK_WIDGET (request->page), error->message);
    }
  else
    show_code (request->page, request->serial, code);
  adept_secret_free (code);
  request_free (request);
}

static void
on_confirm_response (AdwMessageDialog *dialog,
                     const char       *response,
                     AdeptDevicesPage *self)
{
  Request *request;

  if (!g_str_equal (response, "show"))
    return;
  request = g_new0 (Request, 1);
  request->page = g_object_ref (self);
  request->serial = g_strdup (g_object_get_data (G_OBJECT (dialog), "adept-serial"));
  adept_credentials_lookup_bypass_code_async (request->serial, NULL, on_looked_up, request);
}

static void
show_bypass_code_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  AdeptDevicesPage *self = ADEPT_DEVICES_PAGE (widget);
  const char *serial = g_variant_get_string (param, NULL);
  g_autofree char *heading = g_strdup_printf (_("Show the Bypass Code of %s?"), serial);
  AdwMessageDialog *dialog;

  if (*serial == '\0')
    return;
  dialog = _adept_devices_page_new_dialog (
    self, heading,
    _("Whoever sees it can remove Activation Lock from the device. Show it only where nobody "
      "else can read the screen."), TRUE);
  adw_message_dialog_add_response (dialog, "show", _("_Show Code"));
  adw_message_dialog_set_response_appearance (dialog, "show", ADW_RESPONSE_DESTRUCTIVE);
  /* Enter cancels: showing a secret takes a choice. */
  adw_message_dialog_set_default_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "adept-serial", g_strdup (serial), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_confirm_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_adept_devices_page_lock_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "devices.show-bypass-code", "s",
                                   show_bypass_code_action);
}
