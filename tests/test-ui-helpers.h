/* test-ui-helpers.h — helpers for the console's tests under Xvfb
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "adept-application.h"
#include "adept-window.h"

G_BEGIN_DECLS

typedef gboolean (*AdeptTestPredicate) (gpointer data);

/* Iterates the default main context until predicate holds; fails the test with what after
 * a generous deadline (nothing sleeps). */
void         adept_test_ui_wait_for   (AdeptTestPredicate  predicate,
                                       gpointer            data,
                                       const char         *what);
/* Lets pending idles, timeouts already due and redraws run. */
void         adept_test_ui_flush      (GtkWidget          *widget);

/* gtk_test_init, libadwaita, and private XDG folders; returns the temporary folder. Sets
 * the Adept namespace so keyring items of parallel test programs never meet. */
char        *adept_test_ui_init       (int                *argc,
                                       char             ***argv,
                                       const char         *name_space);

/* A registered application (no bus name needed) and a presented window. */
AdeptApplication *adept_test_ui_app_new (gboolean         demo,
                                         guint            demo_devices);
AdeptWindow *adept_test_ui_window_new (AdeptApplication   *app,
                                       int                 width,
                                       int                 height);
void         adept_test_ui_window_destroy (AdeptWindow    *window);

/* Renders a widget (a window, usually) into a PNG file. */
void         adept_test_ui_save_png   (GtkWidget          *widget,
                                       const char         *path);

/* The first toplevel of a type other than the main window, or NULL. */
GtkWindow   *adept_test_ui_find_toplevel (GType            type);

G_END_DECLS
