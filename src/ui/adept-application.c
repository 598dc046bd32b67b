/* adept-application.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-application"

#include "config.h"

#include <glib/gi18n.h>

#include "adept-application.h"
#include "adept-context.h"
#include "adept-window.h"

struct _AdeptApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (AdeptApplication, adept_application, ADW_TYPE_APPLICATION)

static void
adept_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (adept_window_new (ADEPT_APPLICATION (app)));
  gtk_window_present (window);
}

static int
adept_application_handle_local_options (GApplication *app,
                                        GVariantDict *options)
{
  /* The demo is a separate instance with its own data and keyring namespace. */
  if (g_variant_dict_contains (options, "demo"))
    {
      adept_context_set_namespace (ADEPT_NAMESPACE_DEMO);
      g_application_set_application_id (app, APP_ID ".Demo");
    }
  return -1;
}

static void
adept_application_class_init (AdeptApplicationClass *klass)
{
  G_APPLICATION_CLASS (klass)->activate = adept_application_activate;
  G_APPLICATION_CLASS (klass)->handle_local_options = adept_application_handle_local_options;
}

static void
adept_application_init (AdeptApplication *self)
{
  g_application_add_main_option (G_APPLICATION (self), "demo", 0, G_OPTION_FLAG_NONE,
                                 G_OPTION_ARG_NONE,
                                 _("Run on a built-in simulator of Apple’s service, with sample devices"),
                                 NULL);
}

AdeptApplication *
adept_application_new (void)
{
  return g_object_new (ADEPT_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", RESOURCE_PREFIX,
                       NULL);
}
