/* adept-server-switcher-private.h — what tests and screenshots reach in the switcher
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "adept-server-switcher.h"

G_BEGIN_DECLS

GtkMenuButton *adept_server_switcher_get_button  (AdeptServerSwitcher *self);
/* The button's label: the shown server's name. */
const char    *adept_server_switcher_get_label   (AdeptServerSwitcher *self);
/* How many servers the popover lists. */
guint          adept_server_switcher_get_n_rows  (AdeptServerSwitcher *self);
/* The row of a server, by id, or NULL; its title and subtitle as the popover shows them. */
GtkListBoxRow *adept_server_switcher_find_row    (AdeptServerSwitcher *self,
                                                  const char          *server_id);

G_END_DECLS
