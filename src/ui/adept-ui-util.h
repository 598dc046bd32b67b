/* adept-ui-util.h — small formatting helpers shared by the console's widgets
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "adept-util.h"

G_BEGIN_DECLS

/* Whole days from now until when, rounded down; negative once past. */
int   adept_days_until         (GDateTime *when,
                                GDateTime *now);
/* "25 November 2026 (362 days left)", "… (expires today)", "… (expired)". */
char *adept_format_expiry      (GDateTime *expiry,
                                GDateTime *now);

/* The first file of a drop value (a GFile or a GdkFileList), or NULL. */
GFile *adept_file_from_drop_value (const GValue *value);

/* Revealers holding wrapping labels are kept invisible while concealed: GTK 4.8 otherwise
 * allocates their child at width 0 in narrow windows. */
void   adept_revealer_init_hiding (GtkRevealer *revealer);
void   adept_revealer_set_shown   (GtkRevealer *revealer,
                                   gboolean     shown);

/* A server id (adept_context_is_valid_server_id()) made from a name the admin knows (a
 * DEP name, a file's name): lowercase, other characters "-", at most 64. */
char  *adept_ui_suggest_server_id (const char *name);

/* A modal file chooser to open one file: its first filter (chosen) is filter_name with the
 * patterns (NULL-terminated), then All files. */
GtkFileChooserNative *adept_ui_open_chooser_new (GtkWindow          *parent,
                                                 const char         *title,
                                                 const char         *filter_name,
                                                 const char * const *patterns);
/* Destroys the chooser in *slot, if any, and clears it: a chooser holds its parent until
 * destroyed. */
void adept_ui_chooser_clear (GtkFileChooserNative **slot);
/* What an owner does with the file the admin chose in adept_ui_choose_file() (NULL:
 * cancelled). */
typedef void (*AdeptUiFileChosen) (gpointer owner,
                                   GFile   *file);
/* Shows an open chooser (adept_ui_open_chooser_new()) kept in *slot, the owner's own field,
 * so its dispose and the tests reach it; a chooser already there is destroyed. When the
 * admin answers, *slot is cleared and chosen (owner, file) runs, unless owner is gone. */
void adept_ui_choose_file (GtkWindow             *parent,
                           const char            *title,
                           const char            *filter_name,
                           const char * const    *patterns,
                           gpointer               owner,
                           GtkFileChooserNative **slot,
                           AdeptUiFileChosen      chosen);
/* The patterns of a private CA's file. */
#define ADEPT_UI_CERTIFICATE_PATTERNS ((const char * const []) { "*.pem", "*.crt", NULL })

/* The one way the console's pages show a toast: they activate the window's "win.toast"
 * action (title, timeout in seconds (0: until dismissed), button label, the button's
 * detailed action name; the last two may be empty). Nothing happens outside a window. */
void   adept_ui_toast             (GtkWidget   *from,
                                   const char  *title);
void   adept_ui_toast_full        (GtkWidget   *from,
                                   const char  *title,
                                   guint        timeout,
                                   const char  *button_label,
                                   const char  *detailed_action);
#define ADEPT_UI_TOAST_PARAM "(suss)"
/* A toast reads as one short phrase without a final period (GNOME HIG): the period of a
 * single sentence is dropped; text of several sentences (an error's two parts) is kept. */
char     *adept_ui_dup_toast_title (const char *text);
AdwToast *adept_ui_toast_new       (const char *text);

/* Pango hyphenates the words it has to break when a label wraps: it prints
 * "device.enrollment@appl-eseed.example", UUIDs with hyphens that are not in them, and
 * "Organiz-ation". Values must never hyphenate, nor labels. adept_ui_install_no_hyphens()
 * (the application and the UI tests call it once, before any window) makes every wrapping
 * GtkLabel of the process break without inserting hyphens, labels made later included;
 * adept_ui_label_no_hyphens() does it for one label; adept_ui_label_get_hyphens() says
 * whether a label would still hyphenate. */
void        adept_ui_install_no_hyphens   (void);
gboolean    adept_ui_label_get_hyphens    (GtkLabel    *label);

/* A value (UUID, email address, URL, identifier): selectable, wrapped at any character
 * without hyphens, or with ellipsize one line ending in "…" with the whole value as its
 * tooltip. */
GtkWidget  *adept_ui_value_label_new      (const char  *value,
                                           gboolean     ellipsize);
void        adept_ui_value_label_set      (GtkLabel    *label,
                                           const char  *value);

/* Disabled controls say why. Every actionable widget under root bound to action_name gets
 * why as its tooltip while the action is disabled, and its own tooltip back once enabled
 * (why NULL: enabled). */
void        adept_ui_explain_action       (GtkWidget   *root,
                                           const char  *action_name,
                                           const char  *why);

/* An action row's subtitle that does not fit is ellipsized; the whole text is the row's
 * tooltip then (and always its accessible description). */
void        adept_ui_row_set_subtitle     (AdwActionRow *row,
                                           const char   *subtitle);

/* The Downloads folder (where browsers put the tokens and keys of Apple Business Manager),
 * else the home folder: the folder file choosers start in. */
GFile      *adept_ui_dup_downloads_folder (void);

/* Whether a line of text (stripped) is acceptable. */
typedef gboolean (*AdeptUiTextCheck) (const char *text);

/* A message dialog asking for one line of text (Add DEP Server…, From Apple…): an entry
 * (placeholder, also its accessible name), Cancel and accept_label as response accept_id,
 * the default, enabled while check holds (NULL: while not empty). Not yet presented. */
AdwMessageDialog *adept_ui_text_dialog_new  (GtkWindow        *parent,
                                             const char       *heading,
                                             const char       *body,
                                             const char       *placeholder,
                                             const char       *accept_id,
                                             const char       *accept_label,
                                             AdeptUiTextCheck  check);
/* The text entered, stripped; free it. */
char             *adept_ui_text_dialog_dup_text (AdwMessageDialog *dialog);

/* Hyphenation off (Pango's insert-hyphens attribute, kept across new text): values such
 * as serials, UUIDs and emails, and labels, wrap without a hyphen that is not theirs.
 * _widget_ does it for every label and inscription under widget (templates, rows). */
void     adept_ui_label_no_hyphens      (GtkLabel       *label);
gboolean adept_ui_label_get_no_hyphens  (GtkLabel       *label);
void     adept_ui_widget_no_hyphens     (GtkWidget      *widget);
/* The label showing a row's title (libadwaita 1.2 has no getter for it), or NULL. */
GtkLabel *adept_ui_row_get_title_label  (AdwPreferencesRow *row);

/* The inscription's whole text as its tooltip while it is cut short (only then). */
void     adept_ui_inscription_tooltip_when_cut (GtkInscription *inscription);
gboolean adept_ui_inscription_is_cut    (GtkInscription *inscription);

/* Sets the tooltip of every actionable widget under root bound to action_name (the
 * buttons of an action): what it does, or why it is off. */
void     adept_ui_set_action_tooltip    (GtkWidget      *root,
                                         const char     *action_name,
                                         const char     *tooltip);

G_END_DECLS
