/* adept-list-cell.h — a text cell of the Devices list, cheap to make by the hundred
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Shows one line of text as a GtkInscription with no size of its own (min and natural
 * chars and lines 0, sized by the column and CSS), left-aligned and ellipsized at the end,
 * with the same CSS name ("label"), and says its text on hover when cut. It keeps no Pango
 * context or layout of its own: every cell draws with one layout per font, the column
 * view's font (the monospace family for a monospace cell, class "monospace"), since no
 * style of a cell changes the font it inherits. Its accessible label is its text. */
#define ADEPT_TYPE_LIST_CELL (adept_list_cell_get_type ())
G_DECLARE_FINAL_TYPE (AdeptListCell, adept_list_cell, ADEPT, LIST_CELL, GtkWidget)

GtkWidget  *adept_list_cell_new       (gboolean       monospace);
void        adept_list_cell_set_text  (AdeptListCell *self,
                                       const char    *text);
const char *adept_list_cell_get_text  (AdeptListCell *self);
/* The text is wider than the cell (ellipsized). */
gboolean    adept_list_cell_is_cut    (AdeptListCell *self);

G_END_DECLS
