/* test-depsim-program.c — server tokens checked by the openssl CLI, and the adept-depsim
 * program: its verbs, its state file and a clean exit on SIGTERM
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <string.h>

#include "adept-depsim.h"
#include "adept-error.h"
#include "adept-secret.h"
#include "adept-test-util.h"
#include "depsim-test-client.h"

static char *tmpdir;

/* A key and self-signed certificate made by openssl, as an MDM vendor might. */
static void
make_cert (const char  *name,
           const char  *serial,
           char       **key_path,
           char       **cert_path)
{
  g_autofree char *key_file = g_strdup_printf ("%s-key.pem", name);
  g_autofree char *cert_file = g_strdup_printf ("%s-cert.pem", name);
  const char *argv[] = {
    "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30",
    "-subj", "/C=US/O=Adept Tests/CN=depsim test", "-set_serial", serial,
    "-keyout", NULL, "-out", NULL, NULL
  };
  g_autofree char *err = NULL;

  *key_path = g_build_filename (tmpdir, key_file, NULL);
  *cert_path = g_build_filename (tmpdir, cert_file, NULL);
  argv[13] = *key_path;
  argv[15] = *cert_path;
  if (adept_test_run (argv, NULL, NULL, &err) != 0)
    g_error ("openssl req failed: %s", err);
}

/* Decrypts with the openssl CLI; NULL when openssl refuses. */
static char *
openssl_decrypt (const char *command,
                 const char *token_path,
                 const char *cert_path,
                 const char *key_path)
{
  const char *smime[] = { "openssl", "smime", "-decrypt", "-in", token_path,
                          "-recip", cert_path, "-inkey", key_path, NULL };
  const char *cms[] = { "openssl", "cms", "-decrypt", "-inform", "SMIME", "-in", token_path,
                        "-recip", cert_path, "-inkey", key_path, NULL };
  char *out = NULL;
  int status;

  status = adept_test_run (g_str_equal (command, "smime") ? smime : cms, NULL, &out, NULL);
  if (status != 0)
    g_clear_pointer (&out, g_free);
  return out;
}

static void
assert_matches (const char *pattern,
                const char *text)
{
  if (!g_regex_match_simple (pattern, text, 0, 0))
    g_error ("“%s” does not match %s", text, pattern);
}

/* dep-api.md §1.4: header lines in CRLF, markers and JSON in LF, the credential shapes. */
static JsonObject *
assert_payload (const char *plaintext)
{
  const char *head = "Content-Type: text/plain;charset=UTF-8\r\n"
                     "Content-Transfer-Encoding: 7bit\r\n"
                     "\r\n"
                     "-----BEGIN MESSAGE-----\n";
  const char *tail = "\n-----END MESSAGE-----\n";
  g_autofree char *json = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *object;

  g_assert_true (g_str_has_prefix (plaintext, head));
  g_assert_true (g_str_has_suffix (plaintext, tail));
  json = g_strndup (plaintext + strlen (head), strlen (plaintext) - strlen (head) - strlen (tail));
  g_assert_null (strchr (json, '\n'));
  assert_matches ("^\\{\"consumer_key\":\"[^\"]+\",\"consumer_secret\":\"[^\"]+\","
                  "\"access_token\":\"[^\"]+\",\"access_secret\":\"[^\"]+\","
                  "\"access_token_expiry\":\"[^\"]+\"\\}$", json);

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  object = json_object_ref (json_node_get_object (json_parser_get_root (parser)));
  assert_matches ("^CK_[0-9a-f]{96}$", json_object_get_string_member (object, "consumer_key"));
  assert_matches ("^CS_[0-9a-f]{40}$", json_object_get_string_member (object, "consumer_secret"));
  assert_matches ("^AT_O[0-9]+O[0-9a-f]{40}O[0-9]{13}$", json_object_get_string_member (object, "access_token"));
  assert_matches ("^AS_[0-9a-f]{40}$", json_object_get_string_member (object, "access_secret"));
  assert_matches ("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$",
                  json_object_get_string_member (object, "access_token_expiry"));
  return object;
}

/* dep-api.md §1.2–1.3: the MIME wrapper, 76-character base64 lines, BER indefinite form. */
static void
assert_wrapper (GBytes *token)
{
  g_autofree char *text = g_strndup (g_bytes_get_data (token, NULL), g_bytes_get_size (token));
  const char *head = "Content-Type: application/pkcs7-mime; name=\"smime.p7m\"; smime-type=enveloped-data\n"
                     "Content-Transfer-Encoding: base64\n"
                     "Content-Disposition: attachment; filename=\"smime.p7m\"\n"
                     "Content-Description: S/MIME Encrypted Message\n"
                     "\n";
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) b64 = g_string_new (NULL);
  g_autofree guchar *der = NULL;
  gsize der_len;
  guint n;
  static const guint8 start[] = { 0x30, 0x80, 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D,
                                  0x01, 0x07, 0x03, 0xA0, 0x80, 0x30, 0x80, 0x02, 0x01, 0x00, 0x31 };
  static const guint8 end[] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };

  g_assert_true (g_str_has_prefix (text, head));
  g_assert_true (g_str_has_prefix (text + strlen (head), "MIAGCSqGSIb3DQEHA6CAMIACAQAx"));
  lines = g_strsplit (text + strlen (head), "\n", -1);
  n = g_strv_length (lines);
  g_assert_cmpuint (n, >=, 3);
  g_assert_cmpstr (lines[n - 1], ==, "");
  for (guint i = 0; i + 1 < n; i++)
    {
      if (i + 2 < n)
        g_assert_cmpuint (strlen (lines[i]), ==, 76);
      else
        g_assert_cmpuint (strlen (lines[i]), <=, 76);
      g_string_append (b64, lines[i]);
    }
  der = g_base64_decode (b64->str, &der_len);
  g_assert_cmpuint (der_len, >, sizeof start + sizeof end);
  g_assert_cmpmem (der, sizeof start, start, sizeof start);
  /* five end-of-contents pairs */
  g_assert_cmpmem (der + der_len - sizeof end, sizeof end, end, sizeof end);
}

static void
test_token_openssl (void)
{
  g_autoptr(AdeptDepsim) sim = adept_depsim_new (3, 5);
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL, *cert = NULL, *other_key = NULL, *other_cert = NULL;
  g_autofree char *pem = NULL;
  g_autofree char *token_path = g_build_filename (tmpdir, "token_smime.p7m", NULL);
  g_autofree char *plain_smime = NULL;
  g_autofree char *plain_cms = NULL;
  g_autoptr(GBytes) token = NULL;
  g_autoptr(JsonObject) payload = NULL;
  g_autoptr(GDateTime) expiry = NULL;
  g_autoptr(GDateTime) issued = NULL;
  g_autoptr(GDateTime) expected = NULL;
  const char *access_token;
  gint64 issued_ms;
  gsize len;

  /* A negative serial, like Apple's own example: the recipient must copy its DER. */
  make_cert ("negative", "-0x7CB4A13342F086E4", &key, &cert);
  make_cert ("other", "0x1234", &other_key, &other_cert);
  g_assert_true (g_file_get_contents (cert, &pem, &len, NULL));

  adept_depsim_start (sim, 0, &error);
  g_assert_no_error (error);
  issued_ms = adept_depsim_get_now_ms (sim);
  token = adept_depsim_issue_token (sim, pem, len, &error);
  g_assert_no_error (error);
  assert_wrapper (token);
  g_assert_true (g_file_set_contents (token_path, g_bytes_get_data (token, NULL), g_bytes_get_size (token), NULL));

  plain_smime = openssl_decrypt ("smime", token_path, cert, key);
  plain_cms = openssl_decrypt ("cms", token_path, cert, key);
  g_assert_nonnull (plain_smime);
  g_assert_cmpstr (plain_smime, ==, plain_cms);
  g_assert_null (openssl_decrypt ("smime", token_path, other_cert, other_key));

  payload = assert_payload (plain_smime);
  /* Expiry one year after the issue time, which ends the access token. */
  access_token = json_object_get_string_member (payload, "access_token");
  issued = g_date_time_new_from_unix_utc (g_ascii_strtoll (strrchr (access_token, 'O') + 1, NULL, 10) / 1000);
  g_assert_cmpint (g_ascii_strtoll (strrchr (access_token, 'O') + 1, NULL, 10), >=, issued_ms);
  g_assert_cmpint (g_ascii_strtoll (strrchr (access_token, 'O') + 1, NULL, 10), <, issued_ms + 5000);
  expected = g_date_time_add_years (issued, 1);
  expiry = g_date_time_new_from_iso8601 (json_object_get_string_member (payload, "access_token_expiry"), NULL);
  g_assert_cmpint (g_date_time_to_unix (expiry), ==, g_date_time_to_unix (expected));

  /* The decrypted credentials are the ones the simulator accepts. */
  {
    DepTestClient client;
    g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), payload);
    g_autofree char *json = json_to_string (node, FALSE);

    dep_test_client_init (&client, adept_depsim_get_base_url (sim));
    dep_test_client_set_credentials (&client, json);
    dep_test_open_session (&client);
    dep_test_client_clear (&client);
  }

  /* Not a certificate: an error, and the current token keeps working. */
  g_assert_null (adept_depsim_issue_token (sim, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
                                           60, &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_CERT_INVALID);
}

/* ---- the program ---- */

typedef struct {
  GSubprocess *process;
  char        *url;
} Program;

static void
program_start (Program            *program,
               const char * const *extra)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  gsize len;

  g_ptr_array_add (argv, (gpointer) g_getenv ("ADEPT_DEPSIM"));
  g_ptr_array_add (argv, (gpointer) "--port");
  g_ptr_array_add (argv, (gpointer) "0");
  for (guint i = 0; extra[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) extra[i]);
  g_ptr_array_add (argv, NULL);

  program->process = g_subprocess_newv ((const char * const *) argv->pdata, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (program->process));
  program->url = g_data_input_stream_read_line (out, &len, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (program->url);
  g_assert_true (g_str_has_prefix (program->url, "http://127.0.0.1:"));
}

static void
program_stop (Program *program,
              int      signal_number)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (program->process, signal_number);
  g_subprocess_wait (program->process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (program->process));
  g_assert_cmpint (g_subprocess_get_exit_status (program->process), ==, 0);
  g_clear_object (&program->process);
  g_clear_pointer (&program->url, g_free);
}

static int
verb (Program             *program,
      char               **out,
      const char          *first,
      ...) G_GNUC_NULL_TERMINATED;

static int
verb (Program     *program,
      char       **out,
      const char  *first,
      ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  va_list args;

  g_ptr_array_add (argv, (gpointer) g_getenv ("ADEPT_DEPSIM"));
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  if (program != NULL)
    {
      g_ptr_array_add (argv, (gpointer) "--url");
      g_ptr_array_add (argv, program->url);
    }
  g_ptr_array_add (argv, NULL);
  return adept_test_run ((const char * const *) argv->pdata, NULL, out, NULL);
}

static JsonObject *
program_state (Program *program)
{
  g_autofree char *out = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (verb (program, &out, "state", NULL), ==, 0);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
test_program (void)
{
  g_autofree char *state = g_build_filename (tmpdir, "sim-state.json", NULL);
  g_autofree char *key = NULL, *cert = NULL;
  g_autofree char *token_path = g_build_filename (tmpdir, "program_smime.p7m", NULL);
  g_autofree char *token = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *added = NULL;
  g_auto(GStrv) serials = NULL;
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(JsonObject) payload = NULL;
  g_autoptr(AdeptDepsim) loaded = NULL;
  g_autoptr(GError) error = NULL;
  Program program = { NULL, };
  const char *extra[] = { "--devices", "20", "--seed", "7", "--state", state, NULL };
  const char *restart[] = { "--devices", "5", "--state", state, NULL };

  make_cert ("program", "1", &key, &cert);
  program_start (&program, extra);

  /* As ABM would: a token for our certificate, more devices, new terms. */
  g_assert_cmpint (verb (&program, &token, "token", "--cert", cert, NULL), ==, 0);
  g_assert_true (g_file_set_contents (token_path, token, -1, NULL));
  plain = openssl_decrypt ("smime", token_path, cert, key);
  g_assert_nonnull (plain);
  payload = assert_payload (plain);

  g_assert_cmpint (verb (&program, &added, "devices", "add", "2", NULL), ==, 0);
  serials = g_strsplit (g_strstrip (added), "\n", -1);
  g_assert_cmpuint (g_strv_length (serials), ==, 2);
  g_assert_cmpint (verb (&program, NULL, "activate", serials[0], NULL), ==, 0);
  g_assert_cmpint (verb (&program, NULL, "edit", serials[0], "asset_tag=CLI-7", NULL), ==, 0);
  g_assert_cmpint (verb (&program, NULL, "terms", "require", NULL), ==, 0);
  g_assert_cmpint (verb (&program, NULL, "clock", "advance", "3", NULL), ==, 0);
  g_assert_cmpint (verb (&program, NULL, "fault", "--endpoint", "/account", "--status", "503",
                         "--body", "BUSY", "--count", "2", "--retry-after", "9", NULL), ==, 0);
  g_assert_cmpint (verb (&program, NULL, "sessions", "--idle-timeout", "30", "--rotate-every", "4", NULL), ==, 0);
  g_assert_cmpint (verb (&program, NULL, "throttle", "--max-per-request", "10", NULL), ==, 0);
  g_assert_cmpint (verb (&program, NULL, "latency", "0", NULL), ==, 0);

  /* Refusals and usage errors have their own exit statuses. */
  g_assert_cmpint (verb (&program, NULL, "activate", "NO_SUCH_SERIAL", NULL), ==, 1);
  g_assert_cmpint (verb (&program, NULL, "terms", "maybe", NULL), ==, 2);
  g_assert_cmpint (verb (NULL, NULL, "state", "--url", "http://127.0.0.1:1", NULL), ==, 1);

  before = program_state (&program);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (before, "devices")), ==, 22);
  g_assert_cmpint (json_object_get_int_member (before, "now_ms"), >=,
                   g_get_real_time () / 1000 + 3 * 86400 * 1000 - 60000);
  program_stop (&program, SIGTERM);

  /* The state file holds it all, terms and token included. */
  loaded = adept_depsim_new_from_file (state, &error);
  g_assert_no_error (error);
  {
    g_autofree char *truth = adept_depsim_dup_truth_json (loaded);
    g_assert_nonnull (strstr (truth, "CLI-7"));
  }
  adept_depsim_start (loaded, 0, &error);
  g_assert_no_error (error);
  {
    DepTestClient client;
    g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), payload);
    g_autofree char *json = json_to_string (node, FALSE);
    g_autoptr(DepTestReply) reply = NULL;

    dep_test_client_init (&client, adept_depsim_get_base_url (loaded));
    dep_test_client_set_credentials (&client, json);
    reply = dep_test_send (&client, dep_test_session_message (&client, NULL, NULL, NULL));
    dep_test_assert_code (reply, 403, "T_C_NOT_SIGNED");
    dep_test_client_clear (&client);
  }

  /* Restarted on the same file, the program continues where it stopped. */
  program_start (&program, restart);
  g_assert_cmpint (verb (&program, NULL, "terms", "accept", NULL), ==, 0);
  after = program_state (&program);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (after, "devices")), ==, 22);
  {
    g_autoptr(JsonNode) n1 = json_node_init_array (json_node_alloc (), json_object_get_array_member (before, "devices"));
    g_autoptr(JsonNode) n2 = json_node_init_array (json_node_alloc (), json_object_get_array_member (after, "devices"));
    g_assert_true (json_node_equal (n1, n2));
  }
  program_stop (&program, SIGINT);
}

/* Issue #16: with G_MESSAGES_DEBUG set, debug lines went to stdout and into
 * `adept-depsim token > t.p7m`. Logs go to stderr: the URL line and the token stay clean. */
static void
test_debug_on_stderr (void)
{
  g_autofree char *key = NULL, *cert = NULL;
  g_autofree char *token_path = g_build_filename (tmpdir, "debug_smime.p7m", NULL);
  g_autofree char *token = NULL;
  g_autofree char *plain = NULL;
  g_autoptr(JsonObject) payload = NULL;
  Program program = { NULL, };
  const char *extra[] = { "--devices", "3", NULL };

  /* For the programs started here (main() keeps this process's own off stdout). */
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  make_cert ("debug", "2", &key, &cert);
  /* program_start asserts the first line of stdout is the URL. */
  program_start (&program, extra);
  g_assert_cmpint (verb (&program, &token, "token", "--cert", cert, NULL), ==, 0);
  g_unsetenv ("G_MESSAGES_DEBUG");

  g_assert_true (g_str_has_prefix (token, "Content-Type: application/pkcs7-mime"));
  g_assert_null (strstr (token, "DEBUG"));
  g_assert_true (g_file_set_contents (token_path, token, -1, NULL));
  plain = openssl_decrypt ("smime", token_path, cert, key);
  g_assert_nonnull (plain);
  payload = assert_payload (plain);
  program_stop (&program, SIGTERM);
}

/* The verbs for AppleCare replacements, migrations, Activation Lock answers and the
 * organisation's settings, against the program. */
static void
test_lifecycle_verbs (void)
{
  g_autofree char *added = NULL;
  g_autofree char *replacement = NULL;
  g_autoptr(JsonObject) state = NULL;
  g_auto(GStrv) serials = NULL;
  Program program = { NULL, };
  const char *extra[] = { "--devices", "12", "--seed", "9", NULL };
  JsonArray *devices;
  guint migrating = 0;

  program_start (&program, extra);
  g_assert_cmpint (verb (&program, &added, "devices", "add", "2", "--elsewhere", NULL), ==, 0);
  serials = g_strsplit (g_strstrip (added), "\n", -1);

  g_assert_cmpint (verb (&program, NULL, "migrate", serials[0], "--days", "14", NULL), ==, 0);
  g_assert_cmpint (verb (&program, NULL, "migrate", serials[1], "--deadline", "2026-12-01T00:00:00Z", "--added", NULL), ==, 0);
  g_assert_cmpint (verb (&program, &replacement, "replace", serials[0], NULL), ==, 0);
  g_strstrip (replacement);
  g_assert_cmpuint (strlen (replacement), >=, 8);
  g_assert_cmpint (verb (&program, NULL, "lock-result", serials[1], "--result", "FAILED", NULL), ==, 0);
  g_assert_cmpint (verb (&program, NULL, "org", "beta-enrollment", "off", NULL), ==, 0);

  /* Refusals: usage (2), and what the simulator refuses (1). */
  g_assert_cmpint (verb (&program, NULL, "replace", NULL), ==, 2);
  g_assert_cmpint (verb (&program, NULL, "org", "beta-enrollment", "maybe", NULL), ==, 2);
  g_assert_cmpint (verb (&program, NULL, "lock-result", serials[1], "--result", "SUCCESS", NULL), ==, 1);
  g_assert_cmpint (verb (&program, NULL, "replace", "NOSUCHSERIAL1", NULL), ==, 1);
  g_assert_cmpint (verb (&program, NULL, "migrate", "NOSUCHSERIAL1", NULL), ==, 1);

  state = program_state (&program);
  devices = json_object_get_array_member (state, "devices");
  /* 12 seeded + 2 migrated in − 1 replaced + its replacement */
  g_assert_cmpuint (json_array_get_length (devices), ==, 14);
  for (guint i = 0; i < json_array_get_length (devices); i++)
    migrating += json_object_has_member (json_array_get_object_element (devices, i), "mdm_migration_deadline");
  g_assert_cmpuint (migrating, ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (
                     json_object_get_object_member (state, "replacements"), replacement),
                     "original_device_serial_number"), ==, serials[0]);
  program_stop (&program, SIGTERM);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *xdg = NULL;
  int status;

  /* Before any thread: test_debug_on_stderr turns debug output on, which must not garble
   * TAP on stdout. */
  g_log_writer_default_set_use_stderr (TRUE);
  g_test_init (&argc, &argv, NULL);
  xdg = adept_test_isolate_xdg ();
  tmpdir = adept_test_make_tmpdir ();
  g_assert_nonnull (g_getenv ("ADEPT_DEPSIM"));

  g_test_add_func ("/depsim-program/token-openssl", test_token_openssl);
  g_test_add_func ("/depsim-program/program", test_program);
  g_test_add_func ("/depsim-program/debug-on-stderr", test_debug_on_stderr);
  g_test_add_func ("/depsim-program/lifecycle-verbs", test_lifecycle_verbs);

  status = g_test_run ();
  adept_test_cleanup_dir (tmpdir);
  adept_test_cleanup_dir (xdg);
  g_free (tmpdir);
  return status;
}
