/* adept-change-splitter.h — passes a list model on, splitting each replacement into a
 * removal and an insertion
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* GTK 4.8's list views, when an items-changed both removes a row they track (the first
 * visible one, the focused one) and adds rows, look up every added item to find where the
 * tracked row went: a filter that swaps 90,000 rows then makes 90,000 items, about 100 ms
 * over the Devices list. The same change told as a removal and then an insertion costs
 * them only the rows on screen. The model in between shows the source without the rows
 * about to be inserted.
 *
 * A replacement that adds few rows is passed on whole: the search is short, and the list
 * view keeps the widgets of rows it removes and finds again, rather than building ~200
 * rows anew. The identity search has a use, too: GtkMultiSelection keeps the selection of
 * rows that a replacement removes and adds again. So splitting can be turned off while
 * something is selected. */
#define ADEPT_CHANGE_SPLITTER_MAX_ADDED 1024

#define ADEPT_TYPE_CHANGE_SPLITTER (adept_change_splitter_get_type ())
G_DECLARE_FINAL_TYPE (AdeptChangeSplitter, adept_change_splitter, ADEPT, CHANGE_SPLITTER, GObject)

AdeptChangeSplitter *adept_change_splitter_new       (GListModel          *source);
/* TRUE (the default) splits replacements adding more than
 * ADEPT_CHANGE_SPLITTER_MAX_ADDED rows; FALSE passes every change on as it comes. */
void                 adept_change_splitter_set_split (AdeptChangeSplitter *self,
                                                      gboolean             split);
gboolean             adept_change_splitter_get_split (AdeptChangeSplitter *self);

G_END_DECLS
