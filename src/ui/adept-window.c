/* adept-window.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-window"

#include "config.h"

#include <glib/gi18n.h>

#include "adept-window.h"

struct _AdeptWindow
{
  AdwApplicationWindow parent_instance;
};

G_DEFINE_FINAL_TYPE (AdeptWindow, adept_window, ADW_TYPE_APPLICATION_WINDOW)

static void
adept_window_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), ADEPT_TYPE_WINDOW);
  G_OBJECT_CLASS (adept_window_parent_class)->dispose (object);
}

static void
adept_window_class_init (AdeptWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = adept_window_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/adept-window.ui");
}

static void
adept_window_init (AdeptWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

AdeptWindow *
adept_window_new (AdeptApplication *application)
{
  return g_object_new (ADEPT_TYPE_WINDOW, "application", application, NULL);
}
