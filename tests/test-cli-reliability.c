/* test-cli-reliability.c — adeptctl as an unlucky admin meets it (issue 16, second round):
 * exit statuses that each mean one thing, SIGTERM at a safe point, the journal's counts,
 * against the simulator program and the real keyring
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "adept-store.h"
#include "adept-test-util.h"
#include "sync-test-util.h"

#define N_DEVICES 120

static char *tmpdir;
static SyncTestSimulator sim;

#define PROFILE_JSON \
  "{\"profile_name\": \"Default\", \"url\": \"https://mdm.example.com/enroll\"}"

/* adeptctl [--server SERVER] ARGS…; its exit status, stdout and stderr. */
static gboolean read_only_data;

/* With read_only_data, adeptctl runs in a mount namespace where the data folder is a
 * read-only mount (as on a read-only file system: root's permissions do not help). */
static int
ctl_valist (const char  *server,
            char       **out,
            char       **err,
            const char  *first,
            va_list      args)
{
  g_autofree char *data = g_build_filename (tmpdir, "data", NULL);
  const char *read_only[] = {
    "unshare", "--mount", "sh", "-c",
    "mount --bind \"$0\" \"$0\" && mount -o remount,bind,ro \"$0\" && exec \"$@\"",
    data, NULL
  };

  return adept_test_adeptctl_valist (read_only_data ? read_only : NULL, server, out, err,
                                     first, args);
}

static int
ctl (const char  *server,
     char       **out,
     char       **err,
     const char  *first,
     ...) G_GNUC_NULL_TERMINATED;

static int
ctl (const char  *server,
     char       **out,
     char       **err,
     const char  *first,
     ...)
{
  va_list args;
  int status;

  va_start (args, first);
  status = ctl_valist (server, out, err, first, args);
  va_end (args);
  return status;
}

static char *
work_path (const char *name)
{
  return g_build_filename (tmpdir, name, NULL);
}

static void
admin (SyncTestSimulator *simulator,
       const char        *method,
       const char        *path,
       const char        *json)
{
  g_autofree char *full = g_strconcat ("/_adept/", path, NULL);

  g_free (sync_test_simulator_call (simulator, method, full, json));
}


/* Defines the profile and makes it the default; its UUID. */
static char *
set_default_profile (const char *server)
{
  g_autofree char *path = work_path ("profile.json");
  g_autofree char *out = NULL;
  const char *line;
  char *uuid;

  g_assert_true (g_file_set_contents (path, PROFILE_JSON, -1, NULL));
  g_assert_cmpint (ctl (server, &out, NULL, "profiles", "define", path, NULL), ==, 0);
  line = strstr (out, "Profile UUID: ");
  g_assert_nonnull (line);
  line += strlen ("Profile UUID: ");
  uuid = g_strndup (line, strcspn (line, "\n"));
  g_assert_cmpint (ctl (server, NULL, NULL, "profiles", "default", uuid, NULL), ==, 0);
  return uuid;
}

static JsonNode *
parse (const char *json)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (json, &error);

  g_assert_no_error (error);
  return node;
}

/* How many of the simulator's devices have no profile at all. */
static guint
count_without_profile (SyncTestSimulator *simulator)
{
  g_autofree char *state = sync_test_simulator_call (simulator, "GET", "/_adept/state", NULL);
  g_autoptr(JsonNode) root = parse (state);
  JsonArray *devices = json_object_get_array_member (json_node_get_object (root), "devices");
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (devices); i++)
    {
      JsonObject *d = json_array_get_object_element (devices, i);
      const char *uuid = json_object_get_string_member_with_default (d, "profile_uuid", NULL);

      if (uuid == NULL || *uuid == '\0')
        n++;
    }
  return n;
}

/* ---- Exit statuses ---- */

/* Apple says the linked token expired: 9, not "bad input". */
static void
test_exit_token_expired (void)
{
  g_autofree char *err = NULL;

  sync_test_link_with_adeptctl (&sim, "expiring", tmpdir);
  admin (&sim, "POST", "faults",
         "{\"endpoint\":\"*\",\"kind\":\"status\",\"status\":403,\"body\":\"token_expired\","
         "\"count\":20}");
  g_assert_cmpint (ctl ("expiring", NULL, &err, "sync", NULL), ==, 9);
  adept_test_assert_contains (err, "expired");
  admin (&sim, "DELETE", "faults", NULL);
  g_assert_cmpint (ctl ("expiring", NULL, NULL, "unlink", "--yes", NULL), ==, 0);
}

/* HTTP 429 with a wait longer than the client's retry budget: 10, "throttled". */
static void
test_exit_throttled (void)
{
  g_autofree char *err = NULL;

  sync_test_link_with_adeptctl (&sim, "throttled", tmpdir);
  admin (&sim, "POST", "faults",
         "{\"endpoint\":\"/server/devices\",\"kind\":\"status\",\"status\":429,"
         "\"retry_after\":3600,\"count\":20}");
  g_assert_cmpint (ctl ("throttled", NULL, &err, "sync", NULL), ==, 10);
  admin (&sim, "DELETE", "faults", NULL);
  g_assert_cmpint (ctl ("throttled", NULL, NULL, "unlink", "--yes", NULL), ==, 0);
}

/* A damaged store: 12, saying so, the file untouched. */
static void
test_exit_store_damaged (void)
{
  g_autofree char *db = g_build_filename (tmpdir, "data", "adept", "adept.db", NULL);
  g_autofree char *saved = g_strconcat (db, ".saved", NULL);
  g_autofree char *err = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len = 0, after_len = 0;
  int fd;

  g_assert_cmpint (ctl (NULL, NULL, NULL, "server", "list", NULL), ==, 0);
  g_assert_true (g_file_test (db, G_FILE_TEST_EXISTS));
  g_assert_cmpint (g_rename (db, saved), ==, 0);
  g_assert_true (g_file_set_contents (db, "SQLite format 3", -1, NULL));
  fd = g_open (db, O_WRONLY | O_APPEND, 0);
  g_assert_cmpint (fd, >=, 0);
  for (guint i = 0; i < 64; i++)
    g_assert_cmpint (write (fd, "garbage-garbage-", 16), ==, 16);
  close (fd);
  g_assert_true (g_file_get_contents (db, &before, &before_len, NULL));

  g_assert_cmpint (ctl (NULL, NULL, &err, "devices", "list", NULL), ==, 12);
  adept_test_assert_contains (err, "damaged");
  g_assert_true (g_file_get_contents (db, &after, &after_len, NULL));
  g_assert_cmpmem (before, before_len, after, after_len);

  g_assert_cmpint (g_unlink (db), ==, 0);
  g_assert_cmpint (g_rename (saved, db), ==, 0);
}

/* Reads adeptctl's stdout line by line until a line starts with prefix. */
static void
read_until (GDataInputStream *out,
            const char       *prefix)
{
  char *line;

  while ((line = g_data_input_stream_read_line (out, NULL, NULL, NULL)) != NULL)
    {
      gboolean found = g_str_has_prefix (line, prefix);

      g_test_message ("adeptctl: %s", line);
      g_free (line);
      if (found)
        return;
    }
  g_error ("adeptctl ended before printing “%s”", prefix);
}

/* Issue 16: SIGTERM (systemd stopping the timer's service) right after a page was stored
 * gave 1 and GLib's "Operation was cancelled", and left the page's devices without the
 * default profile for good. Now: 11, a sentence, and the next sync gives it to them. */
static void
test_sigterm_after_page (void)
{
  const char *server = "stopped";
  g_autofree char *profile = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  g_autofree char *synced = NULL;
  g_autofree char *stderr_text = NULL;

  g_autofree char *given = NULL;
  guint n;

  sync_test_link_with_adeptctl (&sim, server, tmpdir);
  profile = set_default_profile (server);
  n = count_without_profile (&sim);
  g_assert_cmpuint (n, >=, N_DEVICES);
  given = g_strdup_printf (" %u given the default profile", n);

  /* The first page's assignment is held at "Apple" until well after the test. */
  admin (&sim, "POST", "faults",
         "{\"endpoint\":\"/profile/devices\",\"kind\":\"delay\",\"delay_ms\":600000,\"count\":10}");
  child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                            g_getenv ("ADEPTCTL"), "--server", server, "sync", NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));
  read_until (out, "Page 1:");
  g_subprocess_send_signal (child, SIGTERM);
  g_subprocess_communicate_utf8 (child, NULL, NULL, NULL, &stderr_text, &error);
  g_assert_no_error (error);
  g_test_message ("stderr: %s", stderr_text);
  g_assert_true (g_subprocess_get_if_exited (child));
  g_assert_cmpint (g_subprocess_get_exit_status (child), ==, 11);
  adept_test_assert_contains (stderr_text, "Interrupted");
  g_assert_null (strstr (stderr_text, "Operation was cancelled"));
  g_assert_cmpuint (count_without_profile (&sim), ==, n);
  admin (&sim, "DELETE", "faults", NULL);

  /* The next sync pays what the stopped one owed, and counts it. */
  g_assert_cmpint (ctl (server, &synced, &err, "sync", NULL), ==, 0);
  adept_test_assert_contains (synced, given);
  g_assert_cmpuint (count_without_profile (&sim), ==, 0);

  g_assert_cmpint (ctl (server, NULL, NULL, "unlink", "--yes", NULL), ==, 0);
}

/* Issue 16: "given the default profile" counted the first pass only (100 shown, 500
 * assigned after throttled retries). adeptctl sync waits for the retries Apple allows
 * soon; they count into its run, in the output and in the journal. */
static void
test_journal_counts_retries (void)
{
  const char *server = "counted";
  g_autofree char *profile = NULL;
  g_autofree char *out = NULL;
  g_autofree char *journal = NULL;
  g_autoptr(JsonNode) runs = NULL;
  JsonObject *last;

  sync_test_link_with_adeptctl (&sim, server, tmpdir);
  g_assert_cmpint (ctl (server, NULL, NULL, "sync", NULL), ==, 0);
  profile = set_default_profile (server);
  /* Two devices a request, the others wait a second. */
  admin (&sim, "POST", "assign-throttle", "{\"max_per_request\":2,\"retry_after\":1}");
  admin (&sim, "POST", "devices", "{\"count\":7,\"on_server\":true}");

  g_assert_cmpint (ctl (server, &out, NULL, "sync", NULL), ==, 0);
  adept_test_assert_contains (out, "Retried the assignment");
  adept_test_assert_contains (out, " 7 given the default profile");
  g_assert_cmpint (ctl (server, &journal, NULL, "--json", "journal", NULL), ==, 0);
  runs = parse (journal);
  last = json_array_get_object_element (json_node_get_array (runs), 0);
  g_assert_cmpstr (json_object_get_string_member (last, "kind"), ==, "sync");
  g_assert_cmpint (json_object_get_int_member (last, "assigned"), ==, 7);

  admin (&sim, "POST", "assign-throttle", "{\"max_per_request\":0}");
  g_assert_cmpint (ctl (server, NULL, NULL, "unlink", "--yes", NULL), ==, 0);
}

static JsonObject *
trust_of (const char *server)
{
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) node = NULL;

  g_assert_cmpint (ctl (server, &out, NULL, "--json", "server", "trust", NULL), ==, 0);
  node = parse (out);
  return json_object_ref (json_node_get_object (node));
}

/* Issue 16: a private CA file or a pinned certificate, from adeptctl: stored with the
 * server (and audited) by "server trust", for one run with --ca-file / --pin-sha256;
 * a bad pin or CA file is bad input (4) and leaves the setting as it was. */
static void
test_tls_trust (void)
{
  const char *server = "trusty";
  g_autofree char *ca = work_path ("private-ca.pem");
  g_autofree char *ca_key = work_path ("private-ca-key.pem");
  g_autofree char *missing = work_path ("missing.pem");
  g_autofree char *ini = g_build_filename (tmpdir, "data", "adept", "servers", server, "server.ini", NULL);
  g_autofree char *fingerprint = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(JsonObject) trust = NULL;
  const char *pin;
  const char *openssl_ca[] = { "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                               "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", ca_key,
                               "-out", ca, "-days", "30", "-subj", "/CN=Private CA", NULL };
  const char *openssl_fp[] = { "openssl", "x509", "-noout", "-fingerprint", "-sha256", "-in", ca, NULL };

  sync_test_link_with_adeptctl (&sim, server, tmpdir);
  g_assert_cmpint (adept_test_run (openssl_ca, NULL, NULL, NULL), ==, 0);
  g_assert_cmpint (adept_test_run (openssl_fp, NULL, &fingerprint, NULL), ==, 0);
  pin = strchr (fingerprint, '=') + 1;
  g_strstrip ((char *) pin);

  trust = trust_of (server);
  g_assert_cmpstr (json_object_get_string_member (trust, "tls_trust"), ==, "system");
  g_clear_pointer (&trust, json_object_unref);
  g_assert_true (g_file_get_contents (ini, &before, NULL, NULL));

  /* Refused before anything is stored. */
  g_assert_cmpint (ctl (server, NULL, &err, "server", "trust", "--pin-sha256", "12:34", NULL), ==, 4);
  adept_test_assert_contains (err, "SHA-256");
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ctl (server, NULL, &err, "server", "trust", "--ca-file", missing, NULL), ==, 4);
  adept_test_assert_contains (err, "missing.pem");
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ctl (server, NULL, &err, "server", "trust", "--ca-file", ini, NULL), ==, 4);
  g_clear_pointer (&err, g_free);
  g_assert_true (g_file_get_contents (ini, &after, NULL, NULL));
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (ctl (server, NULL, NULL, "server", "trust", "--system", "--pin-sha256", pin, NULL), ==, 2);

  /* A CA file besides the system's: the plain-HTTP simulator still answers. */
  g_assert_cmpint (ctl (server, NULL, NULL, "server", "trust", "--ca-file", ca, NULL), ==, 0);
  trust = trust_of (server);
  g_assert_cmpstr (json_object_get_string_member (trust, "tls_trust"), ==, "ca-file");
  g_assert_cmpstr (json_object_get_string_member (trust, "tls_ca_file"), ==, ca);
  g_clear_pointer (&trust, json_object_unref);
  g_assert_cmpint (ctl (server, NULL, NULL, "sync", NULL), ==, 0);

  /* The pin as openssl prints it; token show says it too. */
  g_assert_cmpint (ctl (server, NULL, NULL, "server", "trust", "--pin-sha256", pin, NULL), ==, 0);
  g_assert_cmpint (ctl (server, &out, NULL, "token", "show", NULL), ==, 0);
  adept_test_assert_contains (out, "Pinned SHA-256:");
  trust = trust_of (server);
  g_assert_cmpstr (json_object_get_string_member (trust, "tls_trust"), ==, "pin");
  g_assert_false (json_object_has_member (trust, "tls_ca_file"));
  g_assert_cmpuint (strlen (json_object_get_string_member (trust, "tls_pin_sha256")), ==, 64);
  g_clear_pointer (&trust, json_object_unref);

  /* For one run: checked the same, stored never. */
  g_assert_cmpint (ctl (server, NULL, &err, "--pin-sha256", "nope", "devices", "list", NULL), ==, 4);
  g_assert_cmpint (ctl (server, NULL, NULL, "--ca-file", ca, "devices", "list", NULL), ==, 0);
  trust = trust_of (server);
  g_assert_cmpstr (json_object_get_string_member (trust, "tls_trust"), ==, "pin");
  g_clear_pointer (&trust, json_object_unref);

  g_assert_cmpint (ctl (server, NULL, NULL, "server", "trust", "--system", NULL), ==, 0);
  trust = trust_of (server);
  g_assert_cmpstr (json_object_get_string_member (trust, "tls_trust"), ==, "system");
  g_clear_pointer (&trust, json_object_unref);
  g_assert_cmpint (ctl (server, NULL, NULL, "unlink", "--yes", NULL), ==, 0);
}

static void
assert_says_read_only (const char *err)
{
  g_autofree char *lower = g_ascii_strdown (err, -1);

  adept_test_assert_contains (lower, "read-only");
}

/* Issue 16: a read-only data folder let no verb work (exit 4, an unconditional chmod at
 * start). Verbs that only read work; those that must write say the folder is read-only
 * (exit 13, "cannot write") and change nothing. */
static void
test_read_only_data (void)
{
  const char *server = "readonly";
  const char *readers[][3] = {
    { "server", "list", NULL }, { "devices", "list", NULL }, { "journal", NULL, NULL },
    { "token", "show", NULL }, { "profiles", "list", NULL },
  };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *db = g_build_filename (tmpdir, "data", "adept", "adept.db", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len = 0, after_len = 0;

  if (adept_test_run ((const char * const []) { "unshare", "--mount", "true", NULL }, NULL, NULL, NULL) != 0)
    {
      g_test_skip ("No mount namespaces here (needs root or user namespaces)");
      return;
    }
  /* No default profile: the other tests want the simulator's devices without one. */
  sync_test_link_with_adeptctl (&sim, server, tmpdir);
  g_assert_cmpint (ctl (server, NULL, NULL, "sync", NULL), ==, 0);
  g_assert_true (g_file_get_contents (db, &before, &before_len, NULL));

  read_only_data = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (readers); i++)
    {
      g_clear_pointer (&err, g_free);
      g_assert_cmpint (ctl (server, NULL, &err, readers[i][0], readers[i][1], NULL), ==, 0);
      g_assert_true (err == NULL || *err == '\0');
    }
  g_assert_cmpint (ctl (server, &out, NULL, "--json", "devices", "list", NULL), ==, 0);
  adept_test_assert_contains (out, "serial_number");

  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ctl (server, NULL, &err, "sync", NULL), ==, 13);
  assert_says_read_only (err);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ctl (server, NULL, &err, "profiles", "default", "--clear", NULL), ==, 13);
  assert_says_read_only (err);
  read_only_data = FALSE;

  g_assert_true (g_file_get_contents (db, &after, &after_len, NULL));
  g_assert_cmpmem (before, before_len, after, after_len);
  g_assert_cmpint (ctl (server, NULL, NULL, "unlink", "--yes", NULL), ==, 0);
}

/* Issue 16: a serial list with bad lines is refused by line number and nothing is sent;
 * --skip-bad names them on stderr and goes on with the others. */
static void
test_skip_bad (void)
{
  const char *server = "skipping";
  g_autofree char *list = work_path ("serials.txt");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) devices = NULL;
  const char *good[2];
  int alone;

  sync_test_link_with_adeptctl (&sim, server, tmpdir);
  g_assert_cmpint (ctl (server, NULL, NULL, "sync", NULL), ==, 0);
  g_assert_cmpint (ctl (server, &out, NULL, "--json", "devices", "list", NULL), ==, 0);
  devices = parse (out);
  for (guint i = 0; i < 2; i++)
    good[i] = json_object_get_string_member (json_array_get_object_element (json_node_get_array (devices), i),
                                             "serial_number");
  text = g_strdup_printf ("%s\nC02-BAD!\n%s\n\x1b[31mred\n", good[0], good[1]);
  g_assert_true (g_file_set_contents (list, text, -1, NULL));

  g_assert_cmpint (ctl (server, NULL, &err, "unassign", "--from", list, NULL), ==, 4);
  adept_test_assert_contains (err, "line 2");
  adept_test_assert_contains (err, "line 4");
  adept_test_assert_contains (err, "Nothing was sent");
  g_assert_null (strchr (err, '\x1b'));
  g_clear_pointer (&err, g_free);

  alone = ctl (server, NULL, NULL, "unassign", good[0], good[1], NULL);
  g_assert_cmpint (ctl (server, NULL, &err, "unassign", "--from", list, "--skip-bad", NULL), ==, alone);
  adept_test_assert_contains (err, "Skipped 2 entries");
  adept_test_assert_contains (err, "line 2 (“C02-BAD!”)");
  g_assert_null (strchr (err, '\x1b'));
  g_clear_pointer (&err, g_free);

  /* Nothing good left: no serial numbers, a usage error. */
  g_assert_true (g_file_set_contents (list, "C02-BAD!\n", -1, NULL));
  g_assert_cmpint (ctl (server, NULL, &err, "unassign", "--from", list, "--skip-bad", NULL), ==, 2);
  g_assert_cmpint (ctl (server, NULL, NULL, "unlink", "--yes", NULL), ==, 0);
}

/* Issue 16, "nothing lost when a laptop dies": the key pair and token in one
 * passphrase-encrypted file; another computer (here: the server gone, then imported under
 * another name) syncs with it without a new token. Each refusal has its sentence. */
static void
test_export_import (void)
{
  g_autofree char *file = work_path ("server.p12");
  g_autofree char *damaged = work_path ("damaged.p12");
  g_autofree char *pass = work_path ("pass.txt");
  g_autofree char *wrong = work_path ("wrong.txt");
  g_autofree char *contents = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;
  gsize len = 0;

  sync_test_link_with_adeptctl (&sim, "laptop", tmpdir);
  g_assert_true (g_file_set_contents (pass, "correct horse battery\n", -1, NULL));
  g_assert_true (g_file_set_contents (wrong, "incorrect horse\n", -1, NULL));

  g_assert_cmpint (ctl ("laptop", NULL, &err, "server", "export", "--out", file,
                        "--passphrase-file", pass, NULL), ==, 0);
  g_assert_true (g_file_get_contents (file, &contents, &len, NULL));
  g_assert_cmpuint (len, >, 0);
  /* Encrypted: neither the key nor the token is readable in it. */
  g_assert_null (g_strstr_len (contents, len, "PRIVATE KEY"));
  g_assert_null (g_strstr_len (contents, len, "consumer_key"));
  g_clear_pointer (&err, g_free);

  /* One MDM server is not linked under two names on one computer. */
  g_assert_cmpint (ctl ("twin", NULL, &err, "server", "import", file, "--passphrase-file", pass, NULL), ==, 4);
  adept_test_assert_contains (err, "laptop");
  g_clear_pointer (&err, g_free);
  /* A linked server is not overwritten. */
  g_assert_cmpint (ctl ("laptop", NULL, &err, "server", "import", file, "--passphrase-file", pass, NULL), ==, 4);
  adept_test_assert_contains (err, "linked here already");
  g_clear_pointer (&err, g_free);

  /* The laptop dies. */
  g_assert_cmpint (ctl ("laptop", NULL, NULL, "unlink", "--yes", NULL), ==, 0);

  g_assert_cmpint (ctl ("replacement", NULL, &err, "server", "import", file, "--passphrase-file", wrong, NULL), ==, 4);
  adept_test_assert_contains (err, "passphrase");
  g_clear_pointer (&err, g_free);
  g_assert_true (g_file_set_contents (damaged, contents, len / 2, NULL));
  g_assert_cmpint (ctl ("replacement", NULL, &err, "server", "import", damaged, "--passphrase-file", pass, NULL), ==, 4);
  adept_test_assert_contains (err, "damaged");
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ctl ("replacement", &out, NULL, "--json", "token", "show", NULL), ==, 3);
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (ctl ("replacement", NULL, NULL, "server", "import", file, "--passphrase-file", pass, NULL), ==, 0);
  g_assert_cmpint (ctl ("replacement", NULL, NULL, "sync", NULL), ==, 0);
  g_assert_cmpint (ctl ("replacement", &out, NULL, "--json", "devices", "list", NULL), ==, 0);
  {
    g_autoptr(JsonNode) devices = parse (out);

    g_assert_cmpuint (json_array_get_length (json_node_get_array (devices)), >=, N_DEVICES);
  }
  g_assert_cmpint (ctl ("replacement", NULL, NULL, "unlink", "--yes", NULL), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  const char * const args[] = { "--devices", G_STRINGIFY (N_DEVICES), "--seed", "16", NULL };
  int ret;

  g_test_init (&argc, &argv, NULL);
  tmpdir = adept_test_isolate_xdg ();
  sync_test_simulator_start (&sim, NULL, args);

  g_test_add_func ("/cli-reliability/exit/token-expired", test_exit_token_expired);
  g_test_add_func ("/cli-reliability/exit/throttled", test_exit_throttled);
  g_test_add_func ("/cli-reliability/exit/store-damaged", test_exit_store_damaged);
  g_test_add_func ("/cli-reliability/exit/sigterm-after-page", test_sigterm_after_page);
  g_test_add_func ("/cli-reliability/journal-counts-retries", test_journal_counts_retries);
  g_test_add_func ("/cli-reliability/tls-trust", test_tls_trust);
  g_test_add_func ("/cli-reliability/read-only-data", test_read_only_data);
  g_test_add_func ("/cli-reliability/skip-bad", test_skip_bad);
  g_test_add_func ("/cli-reliability/export-import", test_export_import);
  ret = g_test_run ();

  sync_test_simulator_stop (&sim);
  adept_test_cleanup_dir (tmpdir);
  g_free (tmpdir);
  return ret;
}
