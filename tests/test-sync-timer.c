/* test-sync-timer.c — the nightly sync through systemd's user manager, against a test
 * double of its D-Bus API on the private session bus (CI has no user manager)
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "adept-error.h"
#include "adept-sync-timer.h"
#include "adept-test-util.h"
#include "fake-desktop.h"

static AdeptSyncTimerState *
wait_state (AdeptSyncTimer  *timer,
            GAsyncResult   **result,
            gboolean         set,
            GError         **error)
{
  adept_test_wait_result (result);
  return set ? adept_sync_timer_set_finish (timer, *result, error)
             : adept_sync_timer_read_finish (timer, *result, error);
}

static AdeptSyncTimerState *
read_state (AdeptSyncTimer *timer)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  AdeptSyncTimerState *state;

  adept_sync_timer_read_async (timer, NULL, adept_test_store_result, &result);
  state = wait_state (timer, &result, FALSE, &error);
  g_assert_no_error (error);
  return state;
}

static AdeptSyncTimerState *
set_state (AdeptSyncTimer  *timer,
           gboolean         enabled,
           const char      *time,
           GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  adept_sync_timer_set_async (timer, enabled, time, NULL, adept_test_store_result, &result);
  return wait_state (timer, &result, TRUE, error);
}

static gboolean
called (FakeSystemd *systemd,
        const char  *prefix)
{
  GPtrArray *calls = fake_systemd_get_calls (systemd);

  for (guint i = 0; i < calls->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (calls, i), prefix))
      return TRUE;
  return FALSE;
}

/* No user manager: said in a sentence, nothing written. */
static void
test_no_systemd (void)
{
  g_autoptr(AdeptSyncTimer) timer = adept_sync_timer_new (NULL);
  g_autoptr(AdeptSyncTimerState) state = read_state (timer);
  g_autoptr(AdeptSyncTimerState) set = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *drop_in = adept_sync_timer_dup_drop_in_path ();

  g_assert_false (state->available);
  g_assert_nonnull (strstr (state->unavailable, "no systemd user manager"));
  g_assert_false (state->enabled);

  set = set_state (timer, TRUE, "03:30", &error);
  g_assert_null (set);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "no systemd user manager"));
}

/* Enable at a time: the drop-in, Reload, enable and (re)start; the state read back. */
static void
test_enable_disable (void)
{
  g_autoptr(FakeSystemd) systemd = fake_systemd_new ();
  g_autoptr(AdeptSyncTimer) timer = adept_sync_timer_new (NULL);
  g_autoptr(AdeptSyncTimerState) before = NULL;
  g_autoptr(AdeptSyncTimerState) on = NULL;
  g_autoptr(AdeptSyncTimerState) moved = NULL;
  g_autoptr(AdeptSyncTimerState) off = NULL;
  g_autoptr(AdeptSyncTimerState) bad = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) next = NULL;
  g_autofree char *drop_in = adept_sync_timer_dup_drop_in_path ();
  g_autofree char *contents = NULL;

  before = read_state (timer);
  g_assert_true (before->available);
  g_assert_false (before->enabled);
  g_assert_cmpint (before->next_run, ==, 0);

  on = set_state (timer, TRUE, "03:30", &error);
  g_assert_no_error (error);
  g_assert_true (on->enabled);
  g_assert_cmpstr (on->time, ==, "03:30");
  g_assert_true (fake_systemd_get_enabled (systemd));
  g_assert_true (fake_systemd_get_active (systemd));
  /* systemd read the time from the drop-in at Reload. */
  g_assert_cmpstr (fake_systemd_get_time (systemd), ==, "03:30");
  g_assert_true (called (systemd, "EnableUnitFiles (['adept-sync.timer'], false, true)"));
  g_assert_true (called (systemd, "Reload"));
  g_assert_true (called (systemd, "RestartUnit ('adept-sync.timer', 'replace')"));
  g_assert_true (g_file_get_contents (drop_in, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "OnCalendar=\nOnCalendar=*-*-* 03:30:00\n"));
  next = g_date_time_new_from_unix_local (on->next_run);
  g_assert_cmpint (g_date_time_get_hour (next), ==, 3);
  g_assert_cmpint (g_date_time_get_minute (next), ==, 30);

  /* Another time moves the timer. */
  moved = set_state (timer, TRUE, "22:05", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fake_systemd_get_time (systemd), ==, "22:05");
  g_assert_cmpstr (moved->time, ==, "22:05");

  /* A time that is none is refused before systemd hears of it. */
  g_ptr_array_set_size (fake_systemd_get_calls (systemd), 0);
  bad = set_state (timer, TRUE, "25:99", &error);
  g_assert_null (bad);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "25:99"));
  g_assert_cmpuint (fake_systemd_get_calls (systemd)->len, ==, 0);
  g_clear_error (&error);

  off = set_state (timer, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (off->enabled);
  g_assert_null (off->time);
  g_assert_false (fake_systemd_get_enabled (systemd));
  g_assert_false (fake_systemd_get_active (systemd));
  g_assert_true (called (systemd, "StopUnit ('adept-sync.timer', 'replace')"));
  g_assert_true (called (systemd, "DisableUnitFiles (['adept-sync.timer'], false)"));
  g_assert_false (g_file_test (drop_in, G_FILE_TEST_EXISTS));
}

/* How the last background run ended: the service's Result and exit status. */
static void
test_last_run (void)
{
  g_autoptr(FakeSystemd) systemd = fake_systemd_new ();
  g_autoptr(AdeptSyncTimer) timer = adept_sync_timer_new (NULL);
  g_autoptr(AdeptSyncTimerState) never = read_state (timer);
  g_autoptr(AdeptSyncTimerState) failed = NULL;
  g_autoptr(AdeptSyncTimerState) busy = NULL;
  gint64 when = g_get_real_time () / G_USEC_PER_SEC - 3600;

  g_assert_cmpint (never->last_run, ==, 0);
  fake_systemd_set_last_run (systemd, "exit-code", 4, when);
  failed = read_state (timer);
  g_assert_cmpint (failed->last_run, ==, when);
  g_assert_false (failed->last_ok);
  g_assert_cmpstr (failed->last_result, ==, "exit-code");
  g_assert_cmpint (failed->last_status, ==, 4);
  /* 8: the console was busy with a server; the unit counts it a success. */
  fake_systemd_set_last_run (systemd, "exit-code", 8, when);
  busy = read_state (timer);
  g_assert_true (busy->last_ok);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  dir = adept_test_make_tmpdir ();
  /* The drop-in goes under a private XDG_CONFIG_HOME. */
  g_setenv ("XDG_CONFIG_HOME", dir, TRUE);

  g_test_add_func ("/sync-timer/no-systemd", test_no_systemd);
  g_test_add_func ("/sync-timer/enable-disable", test_enable_disable);
  g_test_add_func ("/sync-timer/last-run", test_last_run);
  status = g_test_run ();
  adept_test_cleanup_dir (dir);
  return status;
}
