/* sync-test-server.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "adept-secret.h"
#include "adept-test-util.h"
#include "sync-test-server.h"

void
sync_test_server_start (SyncTestServer *server,
                        guint64         seed,
                        guint           n_devices,
                        const char     *server_id)
{
  g_autoptr(GError) error = NULL;

  server->dir = adept_test_make_tmpdir ();
  server->sim = adept_depsim_new (seed, n_devices);
  g_assert_true (adept_depsim_start (server->sim, 0, &error));
  g_assert_no_error (error);
  server->credentials = adept_depsim_issue_credentials (server->sim);
  server->client = sync_test_client_new (adept_depsim_get_base_url (server->sim),
                                         server->credentials);
  server->store = adept_store_open_in (server->dir, &error);
  g_assert_no_error (error);
  server->engine = adept_sync_engine_new (server->store, server->client, server_id);
}

AdeptSession *
sync_test_server_link_session (SyncTestServer *server)
{
  g_assert_null (server->session);
  server->session = adept_test_link_session (server->store,
                                             adept_sync_engine_get_server_id (server->engine),
                                             adept_depsim_get_base_url (server->sim),
                                             server->credentials);
  return server->session;
}

void
sync_test_server_stop (SyncTestServer *server)
{
  if (server->session != NULL)
    {
      adept_test_unlink_session (server->session);
      g_clear_object (&server->session);
    }
  g_clear_pointer (&server->credentials, adept_secret_free);
  g_clear_object (&server->engine);
  g_clear_object (&server->client);
  g_clear_object (&server->store);
  adept_depsim_stop (server->sim);
  g_clear_object (&server->sim);
  adept_test_cleanup_dir (server->dir);
  g_clear_pointer (&server->dir, g_free);
}

GStrv
sync_test_server_dup_serials (SyncTestServer *server,
                              guint           first,
                              guint           n)
{
  g_auto(GStrv) all = adept_depsim_dup_serials (server->sim);
  GStrv chosen = g_new0 (char *, n + 1);

  g_assert_cmpuint (g_strv_length (all), >=, first + n);
  for (guint i = 0; i < n; i++)
    chosen[i] = g_strdup (all[first + i]);
  return chosen;
}
