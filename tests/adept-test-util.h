/* adept-test-util.h — helpers shared by the tests
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "adept-key-pair.h"
#include "adept-session.h"

G_BEGIN_DECLS

/* A fresh temporary directory, removed by adept_test_cleanup_dir(). */
char *adept_test_make_tmpdir   (void);
void  adept_test_cleanup_dir   (const char *path);

/* Points XDG_DATA_HOME/XDG_CONFIG_HOME/XDG_CACHE_HOME of this process at a private
 * temporary directory and returns it. Call before any Adept call that uses paths. */
char *adept_test_isolate_xdg   (void);

/* Path of a file in the test source directory. */
char *adept_test_src_path      (const char *first_element,
                                ...) G_GNUC_NULL_TERMINATED;

/* Runs a program, waits, and returns its exit status; stdout/stderr are returned when
 * the pointers are non-NULL. Asserts the program could be started. */
int   adept_test_run           (const char * const *argv,
                                const char         *stdin_text,
                                char              **out,
                                char              **err);

/* Runs $ADEPTCTL [--server SERVER] FIRST ARGS…, after the words of wrapper when it is not
 * NULL (a program that runs the rest of its arguments); returns the exit status, logs what
 * it printed as a test message, and returns stdout/stderr when the pointers are non-NULL. */
int   adept_test_adeptctl_valist (const char * const *wrapper,
                                  const char         *server,
                                  char              **out,
                                  char              **err,
                                  const char         *first,
                                  va_list             args);

/* Like adept_test_run(), for programs fed hostile input: the program gets 1 GiB of
 * address space and timeout_s seconds. Returns its exit status, or -1 when a signal ended
 * it; a program still running at the deadline is killed and the test fails. */
int   adept_test_run_bounded   (const char * const *argv,
                                const char         *stdin_text,
                                guint               timeout_s,
                                char              **out,
                                char              **err);

/* Core files of crashes. adept_test_core_files_possible() raises this process's soft
 * RLIMIT_CORE to its hard limit and checks, with `cat`, that the machine writes core
 * files at all; FALSE (and the test skipped, saying why) when it cannot.
 * adept_test_abort_dumps_core() starts argv in dir with a pipe as standard input, waits
 * until ready (polled every 20 ms, at most 60 s) says the program got far enough, kills
 * it with SIGABRT and returns TRUE when the kernel wrote a core file for it. */
typedef gboolean (*AdeptTestReadyFunc) (GSubprocess *process);

gboolean adept_test_core_files_possible (const char         *dir);
gboolean adept_test_abort_dumps_core    (const char * const *argv,
                                         const char         *dir,
                                         AdeptTestReadyFunc  ready);
/* A ready function: the process sleeps, so main() runs (the loader and constructors
 * before it never wait), e.g. in a read of its standard input or its main loop. */
gboolean adept_test_process_sleeps      (GSubprocess        *process);

/* A server on 127.0.0.1 that answers every connection with the head of an HTTP 200 and
 * then one byte every interval_ms, never finishing: a server that stopped answering
 * without closing (issue #16 defect 6). Runs on the thread-default main context. */
typedef struct _AdeptTestTrickle AdeptTestTrickle;

AdeptTestTrickle *adept_test_trickle_start       (guint             interval_ms);
/* "http://127.0.0.1:PORT" */
const char       *adept_test_trickle_get_url     (AdeptTestTrickle *trickle);
guint             adept_test_trickle_get_n_bytes (AdeptTestTrickle *trickle);
void              adept_test_trickle_stop        (AdeptTestTrickle *trickle);

/* "http://127.0.0.1:PORT" where every connection is refused for the rest of the process:
 * the port is bound (without SO_REUSEADDR) and never listened on, so no server of a test
 * running beside this one can take it, as it could the port of a server just stopped. */
char *adept_test_refused_url (void);

/* Made by the openssl CLI in dir: a private CA (ca.pem, ca-key.pem), a server certificate
 * it signed for IP 127.0.0.1 only (server.pem, server-key.pem), and an unrelated CA
 * (other.pem, other-key.pem). EC keys keep it fast. */
void  adept_test_make_tls_certificates (const char *dir);

/* Fails the test, showing the haystack, unless needle occurs in it. */
void  adept_test_assert_contains (const char         *haystack,
                                  const char         *needle);

/* Asserts that none of the needles occurs in haystack (secrets must not leak). */
void  adept_test_assert_no_secret (const char         *what,
                                   const char         *haystack,
                                   gsize               len,
                                   const char * const *needles);
/* The same for every regular file below a directory. */
void  adept_test_assert_dir_has_no_secret (const char         *dir,
                                           const char * const *needles);

/* From now on every log message of the process, debug ones too, is produced and kept
 * (debug and info are not printed), to check that none carries a secret. Call once,
 * before g_test_init(). */
void  adept_test_capture_log      (void);
/* What was captured so far. */
char *adept_test_dup_captured_log (void);

/* For async calls in tests: pass adept_test_store_result as the callback with a
 * GAsyncResult* (NULL) as user data, then adept_test_wait_result() iterates the
 * thread-default main context until it is set (a reference: unref it). */
void  adept_test_store_result  (GObject       *source,
                                GAsyncResult  *result,
                                gpointer       user_data);
void  adept_test_wait_result   (GAsyncResult **result);

/* Counts the notifications of one property of an object (Console's kgx-test-utils does
 * the same), so a test can assert that a page bound to it would have heard:
 *
 *   AdeptTestNotify *n = adept_test_notify_watch (session, "state");
 *   … adept_test_assert_notified (n);   // at least once since the watch (or last assert)
 *   adept_test_notify_free (n);
 */
typedef struct _AdeptTestNotify AdeptTestNotify;

AdeptTestNotify *adept_test_notify_watch  (gpointer          object,
                                           const char       *property);
guint            adept_test_notify_count  (AdeptTestNotify  *watch);
/* Asserts at least one notification since the watch began or the last assert, and resets
 * the count. */
#define adept_test_assert_notified(watch)                                            \
  G_STMT_START {                                                                     \
    if (adept_test_notify_count (watch) == 0)                                        \
      g_assertion_message (G_LOG_DOMAIN, __FILE__, __LINE__, G_STRFUNC,              \
                           adept_test_notify_describe (watch));                      \
    adept_test_notify_reset (watch);                                                 \
  } G_STMT_END
#define adept_test_assert_not_notified(watch)                                        \
  G_STMT_START {                                                                     \
    if (adept_test_notify_count (watch) != 0)                                        \
      g_assertion_message (G_LOG_DOMAIN, __FILE__, __LINE__, G_STRFUNC,              \
                           adept_test_notify_describe (watch));                      \
  } G_STMT_END
void             adept_test_notify_reset  (AdeptTestNotify  *watch);
/* "property “state” of AdeptDirectSession notified 0 times" */
const char      *adept_test_notify_describe (AdeptTestNotify *watch);
void             adept_test_notify_free   (AdeptTestNotify  *watch);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AdeptTestNotify, adept_test_notify_free)

/* A direct session of server_id on store, linked with the credentials of a token payload
 * (credentials_json: {"consumer_key"…}, as adept_depsim_issue_credentials() gives) to
 * base_url, and connected: what a console's session is after a link, without the key pair
 * and the .p7m. The credentials go to the (test) keyring; unlink it when done. */
AdeptSession *adept_test_link_session (AdeptStore *store,
                                       const char *server_id,
                                       const char *base_url,
                                       const char *credentials_json);
/* Unlinks it (keyring, folder, store rows), waiting. */
void          adept_test_unlink_session (AdeptSession *session);

/* Another user's desktop for a second admin in the same test: a home and XDG folders of
 * its own, and a private D-Bus session with its own unlocked gnome-keyring (started by
 * build-aux/with-keyring.sh, which stays up until the desktop is freed). Programs started
 * with its environment share nothing with this process but the display. */
typedef struct _AdeptTestDesktop AdeptTestDesktop;

AdeptTestDesktop   *adept_test_desktop_new     (void);
/* The home folder (its data folder is home/data, as XDG_DATA_HOME says). */
const char         *adept_test_desktop_get_home (AdeptTestDesktop *desktop);
/* This process's environment with the desktop's HOME, XDG_* and DBUS_SESSION_BUS_ADDRESS. */
const char * const *adept_test_desktop_get_environ (AdeptTestDesktop *desktop);
/* Stops its keyring and bus, removes its folders. */
void                adept_test_desktop_free    (AdeptTestDesktop *desktop);

/* The JSON object in text (asserted to be one); unref it. */
JsonObject *adept_test_parse_object (const char *json);

/* A file under tests/fixtures/tokens/ (made by tests/make-token-fixtures.sh). */
GBytes       *adept_test_token_fixture    (const char *name);
/* A key pair from two files there; asserts it loads. */
AdeptKeyPair *adept_test_token_key_pair   (const char *key_name,
                                           const char *cert_name);

/* Whether haystack (may be NULL) holds needle, ASCII letters in any case: what a search
 * of the device list finds in a field. */
gboolean      adept_test_ascii_contains   (const char *haystack,
                                           const char *needle);

G_END_DECLS
