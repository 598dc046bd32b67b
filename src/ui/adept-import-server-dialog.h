/* adept-import-server-dialog.h — Import Server…: a server exported on another computer
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "adept-application.h"

G_BEGIN_DECLS

/* The file (chosen in a file chooser), its passphrase and, for a new server, its name
 * here (suggested by the file's name); Import links the server through
 * adept_session_import_async(). Into a given unlinked server (the Settings page's link
 * steps), or into a new one added to the application (the switcher, the main menu): a
 * refusal (wrong passphrase, damaged file, an MDM server linked here already, not a file)
 * stays in the dialog with its sentence, the new server leaves the list again and nothing
 * is stored.
 *
 * Signals:
 *   "server-imported" (AdeptSession *session)  linked from the file; the dialog closes
 *                                              right after. */
#define ADEPT_TYPE_IMPORT_SERVER_DIALOG (adept_import_server_dialog_get_type ())
G_DECLARE_FINAL_TYPE (AdeptImportServerDialog, adept_import_server_dialog, ADEPT, IMPORT_SERVER_DIALOG, AdwWindow)

/* session: the unlinked server to link, or NULL for a new one. */
AdeptImportServerDialog *adept_import_server_dialog_new (GtkWindow        *parent,
                                                         AdeptApplication *application,
                                                         AdeptSession     *session);

/* What Choose…'s file chooser does once a file is selected (tests drive it). */
void                  adept_import_server_dialog_set_file     (AdeptImportServerDialog *self,
                                                               GFile                   *file);
/* For tests and screenshots: the widgets an admin uses, and what the dialog shows. */
GtkFileChooserNative *adept_import_server_dialog_get_chooser  (AdeptImportServerDialog *self);
GtkEditable          *adept_import_server_dialog_get_passphrase_row (AdeptImportServerDialog *self);
GtkEditable          *adept_import_server_dialog_get_id_row   (AdeptImportServerDialog *self);
GtkButton            *adept_import_server_dialog_get_import_button (AdeptImportServerDialog *self);
GtkButton            *adept_import_server_dialog_get_choose_button (AdeptImportServerDialog *self);
/* Whether it asks for a name here (a new server). */
gboolean              adept_import_server_dialog_get_asks_name (AdeptImportServerDialog *self);
gboolean              adept_import_server_dialog_get_busy     (AdeptImportServerDialog *self);
/* The sentence shown, or NULL. */
const char           *adept_import_server_dialog_get_error    (AdeptImportServerDialog *self);

G_END_DECLS
