/* adept-passphrase-form.h — a new passphrase, typed twice, for a file that travels
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Two password rows in a boxed list and, under them, what keeps the passphrase from being
 * taken (too short, the two differ) in one line, as the admin types: the dialog's button
 * stays insensitive until "ready". The text stays in the entries' (secure) buffers until
 * dup_passphrase copies it to secret memory. */
#define ADEPT_TYPE_PASSPHRASE_FORM (adept_passphrase_form_get_type ())
G_DECLARE_FINAL_TYPE (AdeptPassphraseForm, adept_passphrase_form, ADEPT, PASSPHRASE_FORM, GtkBox)

GtkWidget   *adept_passphrase_form_new            (void);
/* Long enough, and the same twice. */
gboolean     adept_passphrase_form_get_ready      (AdeptPassphraseForm *self);
/* The sentence shown under the rows, or NULL (nothing typed yet, or ready). */
const char  *adept_passphrase_form_get_problem    (AdeptPassphraseForm *self);
/* In secret memory: free with adept_secret_free(). */
char        *adept_passphrase_form_dup_passphrase (AdeptPassphraseForm *self);
/* The two rows (tests type into them as an admin would). */
GtkEditable *adept_passphrase_form_get_entry      (AdeptPassphraseForm *self,
                                                   guint                which);

G_END_DECLS
