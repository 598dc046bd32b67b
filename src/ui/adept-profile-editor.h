/* adept-profile-editor.h — the window that defines a DEP profile at Apple
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "adept-session.h"
#include "adept-types.h"

G_BEGIN_DECLS

/* Every field of a DEP profile, checked against Apple's rules (adept-profile-rules.h) while
 * the admin types. Save is the session's define (POST /profile, the store's row with the
 * profile it replaces, the audit log); Apple's refusal of a value is shown on its field.
 *
 * Signals:
 *   "saved" (AdeptDepProfile *profile) — defined at Apple and stored; profile holds the
 *     new UUID. The window closes itself afterwards. */
#define ADEPT_TYPE_PROFILE_EDITOR (adept_profile_editor_get_type ())
G_DECLARE_FINAL_TYPE (AdeptProfileEditor, adept_profile_editor, ADEPT, PROFILE_EDITOR, AdwWindow)

AdeptProfileEditor *adept_profile_editor_new          (GtkWindow          *parent,
                                                       AdeptSession       *session);
/* Fills the form. replaces: the UUID of the stored profile being edited (Apple cannot
 * change a profile, so saving defines a new one that replaces it), or NULL. */
void                adept_profile_editor_load         (AdeptProfileEditor *self,
                                                       AdeptDepProfile    *profile,
                                                       const char         *replaces);
/* A line shown above the form (e.g. the keys an imported file had that Adept ignored). */
void                adept_profile_editor_set_note     (AdeptProfileEditor *self,
                                                       const char         *note);
const char         *adept_profile_editor_get_replaces (AdeptProfileEditor *self);

/* The profile as the form stands. */
AdeptDepProfile    *adept_profile_editor_dup_profile  (AdeptProfileEditor *self);
/* No field breaks one of Apple's rules. */
gboolean            adept_profile_editor_get_valid    (AdeptProfileEditor *self);
gboolean            adept_profile_editor_get_busy     (AdeptProfileEditor *self);

/* Adds the certificates of a .pem/.cer file to "anchor_certs" or
 * "supervising_host_certs". */
void                adept_profile_editor_add_certificates_async  (AdeptProfileEditor  *self,
                                                                  const char          *key,
                                                                  GFile               *file,
                                                                  GCancellable        *cancellable,
                                                                  GAsyncReadyCallback  callback,
                                                                  gpointer             user_data);
gboolean            adept_profile_editor_add_certificates_finish (AdeptProfileEditor  *self,
                                                                  GAsyncResult        *result,
                                                                  GError             **error);

/* For tests and screenshots. key is a profile key (dep-api.md §3.6): the widget that edits
 * it (an AdwEntryRow, a GtkSwitch, "skip:<Key>" a GtkCheckButton), the row that shows its
 * message, and the message shown (NULL when none). */
GtkWidget          *adept_profile_editor_get_widget   (AdeptProfileEditor *self,
                                                       const char         *key);
GtkWidget          *adept_profile_editor_get_row      (AdeptProfileEditor *self,
                                                       const char         *key);
const char         *adept_profile_editor_get_message  (AdeptProfileEditor *self,
                                                       const char         *key);
GtkWidget          *adept_profile_editor_get_save_button (AdeptProfileEditor *self);
/* The message above the form, or NULL. */
const char         *adept_profile_editor_get_error    (AdeptProfileEditor *self);
/* The name of the visible page: "profile", "setup", "certificates". */
void                adept_profile_editor_show_page    (AdeptProfileEditor *self,
                                                       const char         *name);
const char         *adept_profile_editor_get_visible_page (AdeptProfileEditor *self);
GtkFileChooserNative *adept_profile_editor_get_file_chooser (AdeptProfileEditor *self);
/* The number of certificate rows of "anchor_certs" or "supervising_host_certs", and the
 * subtitle of one. */
guint               adept_profile_editor_get_n_certificates (AdeptProfileEditor *self,
                                                             const char         *key);
const char         *adept_profile_editor_get_certificate_text (AdeptProfileEditor *self,
                                                               const char         *key,
                                                               guint               position);

G_END_DECLS
