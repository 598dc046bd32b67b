/* adept-add-server-dialog.h — Add DEP Server…: directly to Apple, or through a NanoDEP
 * server
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "adept-application.h"

G_BEGIN_DECLS

/* The two kinds of server side by side. Directly to Apple: a name, then the Settings
 * page's link steps. Through a NanoDEP server: its URL and API key (typed, or read from a
 * file), then the DEP names it has, linked or not (looked up as soon as both are given),
 * so a second admin joins a linked one by choosing it and Add (with, under Certificate, a
 * private CA file or a pinned SHA-256 for a NanoDEP server behind a private CA: checked by
 * the lookup, kept with the server once it is set up); a new name goes through
 * the link steps with NanoDEP. The server is added to the application and set up
 * (adept_nanodep_session_set_up_async()) before the dialog closes; a refusal stays in the
 * dialog with its sentence, and the server is not kept.
 *
 * Signals:
 *   "server-added" (AdeptSession *session)  the server was added (and, through NanoDEP, set
 *                                           up: linked when the name was); the dialog
 *                                           closes right after. */
#define ADEPT_TYPE_ADD_SERVER_DIALOG (adept_add_server_dialog_get_type ())
G_DECLARE_FINAL_TYPE (AdeptAddServerDialog, adept_add_server_dialog, ADEPT, ADD_SERVER_DIALOG, AdwWindow)

AdeptAddServerDialog *adept_add_server_dialog_new (GtkWindow        *parent,
                                                   AdeptApplication *application);

/* For tests and screenshots: the widgets an admin uses, and what the dialog shows. */
GtkCheckButton *adept_add_server_dialog_get_kind_check (AdeptAddServerDialog *self,
                                                        const char           *kind_name);
AdwEntryRow    *adept_add_server_dialog_get_url_row    (AdeptAddServerDialog *self);
AdwEntryRow    *adept_add_server_dialog_get_key_row    (AdeptAddServerDialog *self);
AdwEntryRow    *adept_add_server_dialog_get_id_row     (AdeptAddServerDialog *self);
AdwEntryRow    *adept_add_server_dialog_get_new_name_row (AdeptAddServerDialog *self);
GtkButton      *adept_add_server_dialog_get_add_button (AdeptAddServerDialog *self);
/* The row of a DEP name the NanoDEP server listed, or NULL. */
AdwActionRow   *adept_add_server_dialog_find_name_row  (AdeptAddServerDialog *self,
                                                        const char           *dep_name);
/* Names listed; -1 while none is (nothing looked up yet, or the lookup failed). */
int             adept_add_server_dialog_get_n_names    (AdeptAddServerDialog *self);
/* Looking names up, or setting the server up. */
gboolean        adept_add_server_dialog_get_busy       (AdeptAddServerDialog *self);
/* The sentence shown, or NULL. */
const char     *adept_add_server_dialog_get_error      (AdeptAddServerDialog *self);
AdwEntryRow    *adept_add_server_dialog_get_pin_row    (AdeptAddServerDialog *self);
/* What the Certificate Authority's chooser does once a file is chosen (NULL: Clear). */
void            adept_add_server_dialog_set_ca_file    (AdeptAddServerDialog *self,
                                                        GFile                *file);
/* Reads the API key from a file, as Key File… does after its chooser. */
void            adept_add_server_dialog_read_key_file  (AdeptAddServerDialog *self,
                                                        GFile                *file);

G_END_DECLS
