/* adept-test-util.h — helpers shared by the tests
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "adept-key-pair.h"

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

/* The JSON object in text (asserted to be one); unref it. */
JsonObject *adept_test_parse_object (const char *json);

/* A file under tests/fixtures/tokens/ (made by tests/make-token-fixtures.sh). */
GBytes       *adept_test_token_fixture    (const char *name);
/* A key pair from two files there; asserts it loads. */
AdeptKeyPair *adept_test_token_key_pair   (const char *key_name,
                                           const char *cert_name);

G_END_DECLS
