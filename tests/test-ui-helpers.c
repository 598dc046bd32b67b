/* test-ui-helpers.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "adept-context.h"
#include "adept-test-util.h"
#include "test-ui-helpers.h"

/* Generous: a loaded 2-core machine may take long for a 2048-bit key and a sync. */
#define DEADLINE_SECONDS 60

void
adept_test_ui_wait_for (AdeptTestPredicate  predicate,
                        gpointer            data,
                        const char         *what)
{
  gint64 deadline = g_get_monotonic_time () + DEADLINE_SECONDS * G_USEC_PER_SEC;

  while (!predicate (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out waiting for %s", what);
      g_main_context_iteration (NULL, TRUE);
    }
}

static gboolean
timeout_done (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

void
adept_test_ui_flush (GtkWidget *widget)
{
  gboolean done = FALSE;

  if (widget != NULL && gtk_widget_get_mapped (widget))
    gtk_test_widget_wait_for_draw (widget);
  /* One idle round at low priority: everything queued before runs first. */
  g_idle_add_full (G_PRIORITY_LOW, timeout_done, &done, NULL);
  adept_test_ui_wait_for (is_true, &done, "the main loop to settle");
  if (widget != NULL)
    gdk_display_sync (gtk_widget_get_display (widget));
}

char *
adept_test_ui_init (int          *argc,
                    char       ***argv,
                    const char   *name_space)
{
  char *dir;

  dir = adept_test_isolate_xdg ();
  g_setenv ("HOME", dir, TRUE);
  gtk_test_init (argc, argv, NULL);
  adw_init ();
  adept_context_set_namespace (name_space);
  return dir;
}

AdeptApplication *
adept_test_ui_app_new (gboolean demo,
                       guint    demo_devices)
{
  g_autoptr(GError) error = NULL;
  AdeptApplication *app;

  app = adept_application_new_for_test (demo ? "io.github.adept.Adept.Test.Demo"
                                             : "io.github.adept.Adept.Test",
                                        demo, demo_devices);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  return app;
}

static gboolean
window_drawn (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

AdeptWindow *
adept_test_ui_window_new (AdeptApplication *app,
                          int               width,
                          int               height)
{
  AdeptWindow *window = adept_window_new (app);

  if (width > 0 && height > 0)
    gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  adept_test_ui_wait_for (window_drawn, window, "the window to be mapped");
  adept_test_ui_flush (GTK_WIDGET (window));
  return window;
}

void
adept_test_ui_window_destroy (AdeptWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  adept_test_ui_flush (NULL);
}

void
adept_test_ui_save_png (GtkWidget  *widget,
                        const char *path)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GtkSnapshot *snapshot;
  GskRenderNode *node;
  GskRenderer *renderer;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  adept_test_ui_flush (widget);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  gsk_render_node_unref (node);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("saved %s (%dx%d)", path, width, height);
}

GtkWindow *
adept_test_ui_find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}
