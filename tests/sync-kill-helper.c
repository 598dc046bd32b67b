/* sync-kill-helper.c — syncs a store from a simulator and says where it is, so that
 * test-sync-kill can kill it with SIGKILL at chosen points
 *
 *   sync-kill-helper DATA_DIR BASE_URL PAGE_SIZE [--full] < credentials.json
 *
 * Prints "page N" after each committed page, then "done" (or "error: …"). SIGTERM stops
 * the sync as adeptctl does (after the current page): "interrupted", exit status 11.
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib-unix.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

#include "adept-secret.h"
#include "sync-test-util.h"

static void
on_progress (AdeptSyncEngine *engine,
             guint            pages,
             guint            devices)
{
  printf ("page %u\n", pages);
  fflush (stdout);
}

static gboolean
on_sigterm (gpointer engine)
{
  adept_sync_engine_cancel (engine);
  return G_SOURCE_REMOVE;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(AdeptStore) store = NULL;
  g_autoptr(AdeptDepClient) client = NULL;
  g_autoptr(AdeptSyncEngine) engine = NULL;
  g_autoptr(AdeptJournalEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  char credentials[4096];

  if (argc < 4 || fgets (credentials, sizeof credentials, stdin) == NULL)
    {
      fprintf (stderr, "usage: sync-kill-helper DATA_DIR BASE_URL PAGE_SIZE [--full] < credentials\n");
      return 2;
    }

  store = adept_store_open_in (argv[1], &error);
  if (store == NULL)
    {
      printf ("error: %s\n", error->message);
      return 1;
    }
  client = sync_test_client_new (argv[2], credentials);
  adept_secret_wipe (credentials, sizeof credentials);
  engine = adept_sync_engine_new (store, client, "default");
  adept_sync_engine_set_page_size (engine, (guint) atoi (argv[3]));
  g_signal_connect (engine, "progress", G_CALLBACK (on_progress), NULL);
  g_unix_signal_add (SIGTERM, on_sigterm, engine);

  entry = sync_test_run (engine, argc > 4 && g_str_equal (argv[4], "--full")
                                   ? ADEPT_SYNC_FLAGS_FULL : ADEPT_SYNC_FLAGS_NONE, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      printf ("interrupted\n");
      return 11;
    }
  if (entry == NULL)
    {
      printf ("error: %s\n", error->message);
      return 1;
    }
  printf ("done\n");
  return 0;
}
