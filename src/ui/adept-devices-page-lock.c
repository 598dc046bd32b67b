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

#include "adept-activation-lock.h"
#include "adept-credentials.h"
#include "adept-device-format.h"
#include "adept-secret-bundle.h"
#include "adept-devices-page-private.h"
#include "adept-passphrase-form.h"
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

/* ---- Lock with Activation Lock… ----
 *
 * Where the bypass codes live is settled before anything is sent: this computer's keyring,
 * and a passphrase-encrypted file the admin saves (importable on another computer). Then
 * the session locks the devices one by one, and a summary gives Apple's answer for each. */

/* The summary shows this many answers without a scroll bar. */
#define SUMMARY_ROWS_WHOLE 4

typedef struct {
  AdeptDevicesPage *page;
  GPtrArray        *serials;      /* NULL-terminated */
  AdeptSecret      *passphrase;
} LockRun;

static void
lock_run_free (LockRun *run)
{
  g_clear_object (&run->page);
  g_clear_pointer (&run->serials, g_ptr_array_unref);
  adept_secret_free (run->passphrase);
  g_free (run);
}

static GtkWidget *
answer_row (const AdeptLockOutcome *outcome)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *word = gtk_label_new (adept_lock_outcome_word (outcome));
  const char *why = outcome->skipped ? outcome->skipped
                  : outcome->error ? outcome->error->message
                  : adept_lock_status_describe (outcome->answer->status);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), outcome->serial);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), why);
  gtk_widget_add_css_class (word, "monospace");
  gtk_widget_add_css_class (word, adept_lock_outcome_is_done (outcome) ? "success" : "warning");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), word);
  adept_ui_widget_no_hyphens (row);
  return row;
}

static void
show_summary (AdeptDevicesPage *self,
              GPtrArray        *outcomes,
              const char       *export_path)
{
  guint locked = 0;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  g_autofree char *count = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *list = gtk_list_box_new ();

  for (guint i = 0; i < outcomes->len; i++)
    {
      AdeptLockOutcome *outcome = g_ptr_array_index (outcomes, i);

      locked += outcome->answer != NULL && outcome->answer->status == ADEPT_LOCK_STATUS_SUCCESS;
      gtk_list_box_append (GTK_LIST_BOX (list), answer_row (outcome));
    }
  count = adept_format_count (outcomes->len);
  /* Translators: the Activation Lock summary's heading: "3 of 5 Devices Locked". */
  heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %s Device Locked", "%u of %s Devices Locked",
                                          outcomes->len), locked, count);
  body = g_strdup_printf (_("Each bypass code is in this computer’s keyring and in the encrypted file %s. "
                            "Keep that file off this computer. A device that migrates to another MDM "
                            "server loses the code kept here: its new MDM sets its own."), export_path);
  dialog = telling_dialog (self, heading, body);
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  /* A few answers show whole; many scroll in a list of a fixed height. */
  if (outcomes->len <= SUMMARY_ROWS_WHOLE)
    adw_message_dialog_set_extra_child (dialog, list);
  else
    {
      GtkWidget *scrolled = gtk_scrolled_window_new ();

      gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
      gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 320);
      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);
      adw_message_dialog_set_extra_child (dialog, scrolled);
    }
  gtk_widget_set_name (GTK_WIDGET (dialog), "activation-lock-summary");
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_lock_progress (guint    done,
                  guint    total,
                  gpointer user_data)
{
  AdeptDevicesPage *self = user_data;
  g_autofree char *text = g_strdup_printf (_("Locking with Activation Lock: %u of %u"), done, total);

  _adept_devices_page_show_progress (self, text, total > 0 ? (double) done / total : 1);
}

static void
on_locked (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  LockRun *run = user_data;
  AdeptDevicesPage *self = run->page;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) outcomes = adept_session_activation_lock_finish (ADEPT_SESSION (source), result, NULL, &error);
  const char *export_path = g_object_get_data (G_OBJECT (self), "adept-lock-export");

  _adept_devices_page_set_busy (self, FALSE);
  if (outcomes == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *text = g_strdup_printf (_("No device was locked: %s"), error->message);

          gtk_window_present (GTK_WINDOW (telling_dialog (self, _("Activation Lock Failed"), text)));
        }
      lock_run_free (run);
      return;
    }
  g_clear_pointer (&self->lock_outcomes, g_ptr_array_unref);
  self->lock_outcomes = g_ptr_array_ref (outcomes);
  adept_devices_page_reload (self, NULL);
  show_summary (self, outcomes, export_path);
  lock_run_free (run);
}

static void
start_lock (LockRun *run,
            GFile   *file)
{
  AdeptDevicesPage *self = run->page;
  g_autofree char *path = g_file_get_path (file);

  if (self->session == NULL || self->busy || path == NULL)
    {
      lock_run_free (run);
      return;
    }
  g_object_set_data_full (G_OBJECT (self), "adept-lock-export", g_strdup (path), g_free);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  _adept_devices_page_set_busy (self, TRUE);
  on_lock_progress (0, run->serials->len - 1, self);
  adept_session_activation_lock_async (self->session, (const char * const *) run->serials->pdata, path,
                                       run->passphrase, NULL, on_lock_progress, self,
                                       self->cancellable, on_locked, run);
}

/* The run rides on the chooser: a chooser dropped unanswered (another server shown) takes
 * it along. */
static void
on_export_chosen (GtkNativeDialog *chooser,
                  int              response,
                  gpointer         user_data)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  LockRun *run = g_object_steal_data (G_OBJECT (chooser), "adept-run");
  AdeptDevicesPage *self;

  if (run == NULL)
    return;
  self = run->page;
  if (self->chooser == GTK_FILE_CHOOSER_NATIVE (chooser))
    g_clear_object (&self->chooser);
  if (response == GTK_RESPONSE_ACCEPT && file != NULL)
    start_lock (run, file);
  else
    lock_run_free (run);
}

static void
choose_export (LockRun *run)
{
  AdeptDevicesPage *self = run->page;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *name = g_strdup_printf ("adept-bypass-codes-%s-%s.p12", self->server_id, date);

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Save the Bypass Codes"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save and Lock"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_object_set_data_full (G_OBJECT (self->chooser), "adept-run", run, (GDestroyNotify) lock_run_free);
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_export_chosen), NULL);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* The confirmation's form: the passphrase twice, and the admin's word on the file. */
static gboolean
form_ready (AdwMessageDialog *dialog)
{
  AdeptPassphraseForm *form = g_object_get_data (G_OBJECT (dialog), "adept-passphrase");
  GtkCheckButton *keep = g_object_get_data (G_OBJECT (dialog), "adept-keep");

  return adept_passphrase_form_get_ready (form) && gtk_check_button_get_active (keep);
}

static void
on_form_changed (GObject          *object,
                 GParamSpec       *pspec,
                 AdwMessageDialog *dialog)
{
  adw_message_dialog_set_response_enabled (dialog, "lock", form_ready (dialog));
}

static void
on_lock_response (AdwMessageDialog *dialog,
                  const char       *response,
                  AdeptDevicesPage *self)
{
  LockRun *run;

  if (!g_str_equal (response, "lock") || !form_ready (dialog) || self->busy)
    return;
  run = g_new0 (LockRun, 1);
  run->page = g_object_ref (self);
  run->serials = g_ptr_array_ref (g_object_get_data (G_OBJECT (dialog), "adept-serials"));
  run->passphrase = adept_passphrase_form_dup_passphrase (g_object_get_data (G_OBJECT (dialog), "adept-passphrase"));
  choose_export (run);
}

static void
activation_lock_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  AdeptDevicesPage *self = ADEPT_DEVICES_PAGE (widget);
  g_autoptr(GPtrArray) serials = _adept_devices_page_dup_selected_serials (self);
  g_autofree char *heading = NULL;
  g_autofree char *count = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *box, *form, *keep;

  if (serials == NULL || serials->len == 0 || self->session == NULL)
    return;
  g_ptr_array_set_free_func (serials, g_free);
  count = adept_format_count (serials->len);
  heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Lock %s Device with Activation Lock?",
                                          "Lock %s Devices with Activation Lock?", serials->len), count);
  g_ptr_array_add (serials, NULL);
  dialog = _adept_devices_page_new_dialog (
    self, heading,
    _("Each device gets a bypass code: with it, the lock comes off without the user’s Apple "
      "Account. The codes are kept in this computer’s keyring and in an encrypted file you "
      "save next, to keep off this computer: a code lost with this computer locks its device "
      "for good. Only supervised devices can be locked; Apple answers for each. A device that "
      "migrates to another MDM server loses its code: its new MDM sets its own."), TRUE);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  form = adept_passphrase_form_new ();
  g_object_set_data (G_OBJECT (dialog), "adept-passphrase", form);
  g_signal_connect_object (form, "notify::ready", G_CALLBACK (on_form_changed), dialog, 0);
  gtk_box_append (GTK_BOX (box), form);
  keep = gtk_check_button_new_with_mnemonic (_("I will _keep the file somewhere other than this computer"));
  g_object_set_data (G_OBJECT (dialog), "adept-keep", keep);
  g_signal_connect_object (keep, "notify::active", G_CALLBACK (on_form_changed), dialog, 0);
  gtk_box_append (GTK_BOX (box), keep);
  adw_message_dialog_set_extra_child (dialog, box);
  adw_message_dialog_add_response (dialog, "lock", _("_Save Codes and Lock…"));
  adw_message_dialog_set_response_appearance (dialog, "lock", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_enabled (dialog, "lock", FALSE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "adept-serials", g_steal_pointer (&serials),
                          (GDestroyNotify) g_ptr_array_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_lock_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

GPtrArray *
adept_devices_page_get_lock_outcomes (AdeptDevicesPage *self)
{
  g_return_val_if_fail (ADEPT_IS_DEVICES_PAGE (self), NULL);
  return self->lock_outcomes;
}

GtkFileChooserNative *
adept_devices_page_get_file_chooser (AdeptDevicesPage *self)
{
  g_return_val_if_fail (ADEPT_IS_DEVICES_PAGE (self), NULL);
  return self->chooser;
}

void
_adept_devices_page_lock_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "devices.show-bypass-code", "s",
                                   show_bypass_code_action);
  gtk_widget_class_install_action (widget_class, "devices.activation-lock", NULL,
                                   activation_lock_action);
}
