/* main.c — adept-depsim, the DEP API simulator as a program
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-depsim"

#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n-lib.h>
#include <stdio.h>

#include "adept-depsim.h"
#include "adept-depsim-client.h"
#include "adept-process.h"

typedef struct {
  int       port;
  int       n_devices;
  gint64    seed;
  char     *state_file;
  double    idle_timeout;
  int       rotate_every;
  int       latency_ms;
  int       org_devices;
  gboolean  accept_depsim;
} ServeOptions;

static gboolean
on_signal (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

static AdeptDepsim *
create_simulator (ServeOptions  *options,
                  GError       **error)
{
  AdeptDepsim *sim;

  if (options->state_file != NULL && g_file_test (options->state_file, G_FILE_TEST_EXISTS))
    sim = adept_depsim_new_from_file (options->state_file, error);
  else
    {
      sim = adept_depsim_new ((guint64) options->seed, (guint) options->n_devices);
      adept_depsim_seed_org_devices (sim, (guint) options->org_devices);
    }
  if (sim == NULL)
    return NULL;

  adept_depsim_set_state_file (sim, options->state_file);
  adept_depsim_set_session_idle_timeout (sim, (guint) (options->idle_timeout * 1000));
  adept_depsim_set_session_rotation (sim, (guint) options->rotate_every);
  adept_depsim_set_latency (sim, (guint) options->latency_ms);
  if (options->accept_depsim)
    adept_depsim_set_accept_depsim_credentials (sim, TRUE);
  return sim;
}

static int
serve (int    argc,
       char **argv)
{
  /* Like Apple, the program hands out new sessions now and then; the library does not
   * unless asked, so tests stay predictable. */
  ServeOptions options = { .port = 0, .n_devices = 100, .seed = 1, .idle_timeout = 300, .rotate_every = 25 };
  GOptionEntry entries[] = {
    { "port", 'p', 0, G_OPTION_ARG_INT, &options.port, N_("Port on 127.0.0.1 (0: any free one)"), N_("P") },
    { "devices", 'n', 0, G_OPTION_ARG_INT, &options.n_devices, N_("Devices on the MDM server at start"), N_("N") },
    { "org-devices", 0, 0, G_OPTION_ARG_INT, &options.org_devices, N_("More devices of the organization at start: unassigned or on its other MDM servers"), N_("N") },
    { "seed", 's', 0, G_OPTION_ARG_INT64, &options.seed, N_("Seed of the generated devices"), "S" },
    { "state", 0, 0, G_OPTION_ARG_FILENAME, &options.state_file, N_("Keep the state in this JSON file (loaded when it exists)"), N_("FILE") },
    { "session-idle", 0, 0, G_OPTION_ARG_DOUBLE, &options.idle_timeout, N_("Seconds without a call before a session expires (default 300)"), N_("SECONDS") },
    { "rotate-every", 0, 0, G_OPTION_ARG_INT, &options.rotate_every, N_("Send a new session every N calls of a session (default 25; 0: never)"), N_("N") },
    { "latency", 0, 0, G_OPTION_ARG_INT, &options.latency_ms, N_("Milliseconds added to every answer"), N_("MS") },
    { "accept-depsim-credentials", 0, 0, G_OPTION_ARG_NONE, &options.accept_depsim, N_("Also accept the fixed credentials of Apple's depsim"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptDepsim) sim = NULL;
  g_autoptr(GMainLoop) loop = NULL;

  context = g_option_context_new (_("[VERB …] — simulator of Apple's DEP API"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("Without a verb, serves the DEP API on 127.0.0.1 and prints its address on the first line.\n"
      "It also serves the Apple Business API: the token endpoint at /auth/oauth2/token there,\n"
      "the /v1 API at its own address (see “state” or “api-account”).\n"
      "Verbs drive a running simulator: token, devices add, assign, unassign, activate, edit,\n"
      "terms require|accept, revoke, fault, faults clear, clock advance, sessions, latency,\n"
      "throttle, state, replace, migrate, lock-result, org, api-account, business, refuse.\n"
      "Run “adept-depsim VERB --help” for each."));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("adept-depsim: %s\n", error->message);
      return 2;
    }
  if (options.port < 0 || options.port > 65535 || options.n_devices < 0 ||
      options.idle_timeout < 0 || options.rotate_every < 0 || options.latency_ms < 0 || options.org_devices < 0)
    {
      g_printerr ("adept-depsim: %s\n", _("Numbers must be zero or more (and a port at most 65535)."));
      return 2;
    }

  sim = create_simulator (&options, &error);
  if (sim == NULL || !adept_depsim_start (sim, (guint) options.port, &error))
    {
      g_printerr ("adept-depsim: %s\n", error->message);
      g_free (options.state_file);
      return 1;
    }
  printf ("%s\n", adept_depsim_get_base_url (sim));
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGTERM, on_signal, loop);
  g_unix_signal_add (SIGINT, on_signal, loop);
  g_main_loop_run (loop);

  adept_depsim_stop (sim);
  g_free (options.state_file);
  return 0;
}

int
main (int    argc,
      char **argv)
{
  /* It holds the simulated token's credentials: no core file, no ptrace by others. */
  adept_process_harden (ADEPT_PROCESS_TOOL);
  /* stdout carries what scripts keep (the URL, a token, JSON): every log line goes to
   * stderr, G_MESSAGES_DEBUG or not. */
  g_log_writer_default_set_use_stderr (TRUE);
  adept_process_init_locale ();

  /* Not in --help: for the shell completion and the manual page's test. */
  if (argc == 2 && g_str_equal (argv[1], "--list-verbs"))
    {
      adept_depsim_client_print_verbs ();
      return 0;
    }
  if (argc > 1 && adept_depsim_client_is_verb (argv[1]))
    return adept_depsim_client_run (argc, argv);
  return serve (argc, argv);
}
