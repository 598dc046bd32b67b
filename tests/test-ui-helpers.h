/* test-ui-helpers.h — helpers for the console's tests under Xvfb
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "adept-application.h"
#include "adept-demo-private.h"
#include "adept-devices-page-private.h"
#include "adept-passphrase-form.h"
#include "adept-profiles-page-private.h"
#include "adept-server-switcher-private.h"
#include "adept-settings-page-private.h"
#include "adept-window-private.h"
#include "fake-desktop.h"

G_BEGIN_DECLS

typedef gboolean (*AdeptTestPredicate) (gpointer data);

/* Iterates the default main context until predicate holds; fails the test with what after
 * a generous deadline (nothing sleeps). */
void         adept_test_ui_wait_for   (AdeptTestPredicate  predicate,
                                       gpointer            data,
                                       const char         *what);
/* Lets pending idles, timeouts already due and redraws run. */
void         adept_test_ui_flush      (GtkWidget          *widget);
/* Every control under root that is mapped (buttons, switches, check buttons, spin buttons,
 * text fields, drop-downs) has an accessible name as GTK exposes it: a label property, a
 * labelled-by relation, or text of its own (a button's label). Fails naming each one that
 * has none (its type, its tooltip, the row it sits in). Needs GTK's test accessibility
 * backend: the test sets GTK_A11Y=test before adept_test_ui_init() (with "none", the
 * default of the suite, widgets keep nothing). */
void         adept_test_ui_assert_accessible (GtkWidget *root);

/* The fake org.gtk.Notifications adept_test_ui_init() put on the private bus. */
FakeNotifications *adept_test_ui_get_notifications (void);

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

/* Where screenshot tests write: $ADEPT_SCREENSHOT_DIR (data/screenshots from the
 * screenshots targets), else screenshots/ in the build directory; made if missing. */
char        *adept_test_ui_dup_screenshot_dir (void);

/* Saves path through a save dialog that proposes the name proposed, as the admin would. */
void         adept_test_ui_save_in_chooser (GtkFileChooserNative *chooser,
                                            const char           *proposed,
                                            const char           *path);

/* Renders a widget (a window, usually) into a PNG file. */
void         adept_test_ui_save_png   (GtkWidget          *widget,
                                       const char         *path);
/* The same on the window's background color (light or dark), for pictures of a widget
 * that paints none of its own. */
void         adept_test_ui_save_png_opaque (GtkWidget          *widget,
                                            const char         *path);

/* The first descendant of a type, depth first, or NULL. */
GtkWidget   *adept_test_ui_find_descendant (GtkWidget       *root,
                                            GType            type);

/* The first widget, root included, depth first, that predicate accepts; or NULL. */
typedef gboolean (*AdeptTestWidgetPredicate) (GtkWidget *widget, gconstpointer data);
GtkWidget   *adept_test_ui_find_widget     (GtkWidget                *root,
                                            AdeptTestWidgetPredicate  predicate,
                                            gconstpointer             data);
/* A predicate: an actionable widget on screen whose action is data ("devices.sync"). */
gboolean     adept_test_ui_has_action      (GtkWidget                *widget,
                                            gconstpointer             action);

/* The first toplevel of a type other than the main window, or NULL. */
GtkWindow   *adept_test_ui_find_toplevel (GType            type);

/* Settings → Device Enrollment Program, as an admin drives it. */
gboolean     adept_test_ui_page_idle          (gpointer page);
gboolean     adept_test_ui_page_has_dialog    (gpointer page);
gboolean     adept_test_ui_page_linked        (gpointer page);
gboolean     adept_test_ui_page_knows_account (gpointer page);
gboolean     adept_test_ui_page_can_sync      (gpointer page);
/* A sync has run (the journal shows it) and another can start. */
gboolean     adept_test_ui_page_synced        (gpointer page);

/* Drops a file on the window's drop target as a file manager does (a GdkFileList). */
void         adept_test_ui_drop_file          (AdeptWindow       *window,
                                               const char        *path);
/* Whether a file chooser has selected the path set as its "expected" data (GTK's chooser
 * loads the folder in the background before it selects a file). */
gboolean     adept_test_ui_chooser_has_expected_file (gpointer chooser);
/* Waits for the page's message dialog and answers it. */
void         adept_test_ui_respond            (AdeptSettingsPage *page,
                                               const char        *response);
/* Download MDM Public Key through its action and save dialog, into dir; returns the PEM. */
char        *adept_test_ui_download_public_key (AdeptSettingsPage *page,
                                                const char        *dir);
/* The same once the action ran (and any caution was answered): the save dialog, into dir. */
char        *adept_test_ui_save_public_key    (AdeptSettingsPage *page,
                                               const char        *dir);
/* The token "Get Demo Server Token" saved in Downloads, or NULL. */
char        *adept_test_ui_find_demo_token    (void);
/* The demo's whole link: key, demo token into Downloads, drop, confirm; returns once
 * DEP Information is filled. */
void         adept_test_ui_link_demo          (AdeptWindow       *window,
                                               const char        *dir);

G_END_DECLS
