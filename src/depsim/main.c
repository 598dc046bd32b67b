/* main.c — adept-depsim, the DEP API simulator as a program
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-depsim"

#include "config.h"

#include <glib-unix.h>
#include <stdio.h>

#include "adept-depsim.h"

static gboolean
on_sigterm (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptDepsim) sim = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GOptionContext) context = NULL;
  int port = 0;
  int n_devices = 100;
  gint64 seed = 1;
  GOptionEntry entries[] = {
    { "port", 'p', 0, G_OPTION_ARG_INT, &port, "Port on 127.0.0.1 (0: any free one)", "P" },
    { "devices", 'n', 0, G_OPTION_ARG_INT, &n_devices, "Devices assigned at start", "N" },
    { "seed", 's', 0, G_OPTION_ARG_INT64, &seed, "Seed of the generated devices", "S" },
    { NULL }
  };

  context = g_option_context_new ("- simulator of Apple's DEP API");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("adept-depsim: %s\n", error->message);
      return 2;
    }

  sim = adept_depsim_new ((guint64) seed, (guint) MAX (n_devices, 0));
  if (!adept_depsim_start (sim, (guint) port, &error))
    {
      g_printerr ("adept-depsim: %s\n", error->message);
      return 1;
    }
  printf ("%s\n", adept_depsim_get_base_url (sim));
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGTERM, on_sigterm, loop);
  g_unix_signal_add (SIGINT, on_sigterm, loop);
  g_main_loop_run (loop);
  adept_depsim_stop (sim);
  return 0;
}
