/* adept-fact-row.h — one fact of a device in the panel: its name, and its value to read,
 * select and copy
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum {
  ADEPT_FACT_TEXT       = 0,       /* words: wraps between words, at a character if it must */
  ADEPT_FACT_IDENTIFIER = 1 << 0,  /* serial, UUID, MAC, IMEI: monospace, wraps at any character */
  ADEPT_FACT_COPYABLE   = 1 << 1,  /* a Copy button (identifiers, emails) */
} AdeptFactFlags;

/* A list box row: the fact's name on the left (its own width, wrapping), the value on the
 * right, selectable and never hyphenated; an empty value shows a dimmed "—" (an admin
 * wants to see that Apple sent none). A copyable value has a Copy button, named for the
 * fact ("Copy Serial Number"), that puts the value on the clipboard and says so with a
 * toast. A value may also be a widget of its own (a status pill). */
#define ADEPT_TYPE_FACT_ROW (adept_fact_row_get_type ())
G_DECLARE_FINAL_TYPE (AdeptFactRow, adept_fact_row, ADEPT, FACT_ROW, GtkListBoxRow)

GtkWidget  *adept_fact_row_new              (const char     *field,
                                             const char     *title,
                                             AdeptFactFlags  flags);
const char *adept_fact_row_get_field        (AdeptFactRow   *self);
const char *adept_fact_row_get_title        (AdeptFactRow   *self);
/* NULL or "" shows "—". */
void        adept_fact_row_set_value        (AdeptFactRow   *self,
                                             const char     *value);
/* What shows: the value, "—", or the value widget's label. */
const char *adept_fact_row_get_value        (AdeptFactRow   *self);
/* Shows widget (a GtkLabel, whose text is the value) in place of the text. */
void        adept_fact_row_set_value_widget (AdeptFactRow   *self,
                                             GtkWidget      *widget);
GtkWidget  *adept_fact_row_get_value_label  (AdeptFactRow   *self);
/* The Copy button, NULL for a fact that is not copyable. */
GtkWidget  *adept_fact_row_get_copy_button  (AdeptFactRow   *self);

G_END_DECLS
