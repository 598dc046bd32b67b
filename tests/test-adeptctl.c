/* test-adeptctl.c — adeptctl key/token/unlink end to end, as a new user runs them, with
 * tokens made by the openssl CLI; and the proof that no secret leaks
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "adept-credentials.h"
#include "adept-secret.h"
#include "adept-store.h"
#include "adept-test-util.h"

static char *xdg_dir;

/* One test's world: a work folder outside the data directories (tokens, exported files),
 * everything every command printed, and every secret that must never show up. */
typedef struct {
  char      *work;
  GString   *transcript;
  GPtrArray *secrets;
  char      *bus_address;   /* to run a command without a keyring */
} Ctx;

static Ctx *
ctx_new (void)
{
  Ctx *ctx = g_new0 (Ctx, 1);

  ctx->work = adept_test_make_tmpdir ();
  ctx->transcript = g_string_new (NULL);
  ctx->secrets = g_ptr_array_new_null_terminated (16, (GDestroyNotify) adept_secret_free, TRUE);
  return ctx;
}

static void
ctx_free (Ctx *ctx)
{
  adept_test_cleanup_dir (ctx->work);
  g_free (ctx->work);
  g_string_free (ctx->transcript, TRUE);
  g_ptr_array_unref (ctx->secrets);
  g_free (ctx->bus_address);
  g_free (ctx);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Ctx, ctx_free)

static char *
work_path (Ctx        *ctx,
           const char *name)
{
  return g_build_filename (ctx->work, name, NULL);
}

/* Runs adeptctl with G_MESSAGES_DEBUG=all, checks its exit code and returns its stdout.
 * stdout and stderr both go to the transcript. */
static char *
run_ctl (Ctx        *ctx,
         const char *server,
         int         expected_exit,
         const char *first_arg,
         ...)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (gpointer) g_getenv ("ADEPTCTL"));
  if (server != NULL)
    {
      g_ptr_array_add (argv, (gpointer) "--server");
      g_ptr_array_add (argv, (gpointer) server);
    }
  va_start (args, first_arg);
  for (arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "all", TRUE);
  if (ctx->bus_address != NULL)
    g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS", ctx->bus_address, TRUE);
  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);

  g_string_append_printf (ctx->transcript, "$ adeptctl %s…\n%s%s", first_arg, out, err);
  if (!g_subprocess_get_if_exited (proc) ||
      g_subprocess_get_exit_status (proc) != expected_exit)
    g_error ("adeptctl %s: expected exit %d, got %d\nstdout:\n%s\nstderr:\n%s", first_arg,
             expected_exit, g_subprocess_get_exit_status (proc), out, err);
  return g_steal_pointer (&out);
}

static void
run_tool (const char * const *argv)
{
  g_autofree char *err = NULL;
  int status = adept_test_run (argv, NULL, NULL, &err);

  if (status != 0)
    g_error ("%s failed (%d): %s", argv[0], status, err);
}

static char *
random_hex (gsize bytes)
{
  GString *hex = g_string_new (NULL);

  for (gsize i = 0; i < bytes; i++)
    g_string_append_printf (hex, "%02x", g_random_int_range (0, 256));
  return g_string_free (hex, FALSE);
}

/* The whole secret, and overlapping pieces of it, so that any 16 characters of it found
 * in an output count as a leak: a log that prints a secret cut short is caught too. */
#define PIECE 12
#define STEP  4

static void
add_secret (Ctx        *ctx,
            const char *secret)
{
  gsize len = strlen (secret);

  g_ptr_array_add (ctx->secrets, g_strdup (secret));
  for (gsize i = 0; i + PIECE <= len; i += STEP)
    g_ptr_array_add (ctx->secrets, g_strndup (secret + i, PIECE));
}

/* The secret part of an RSA-2048 key in PEM. Its first lines hold the modulus, which the
 * public certificate holds too (and may encode alike), so they are no evidence of a leak:
 * the needles start after them, at the private exponent and primes. */
#define PUBLIC_LINES 7

static void
add_private_key (Ctx        *ctx,
                 const char *pem)
{
  g_auto(GStrv) lines = g_strsplit (pem, "\n", -1);
  g_autoptr(GString) body = g_string_new (NULL);
  guint n = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "-----") || strlen (lines[i]) < PIECE)
        continue;
      if (n++ < PUBLIC_LINES)
        continue;
      add_secret (ctx, lines[i]);
      g_string_append (body, lines[i]);
    }
  g_assert_cmpuint (body->len, >, 1000);
  /* The same without line breaks, as a log might print it. */
  add_secret (ctx, body->str);
  adept_secret_wipe (body->str, body->len);
  for (guint i = 0; lines[i] != NULL; i++)
    adept_secret_wipe (lines[i], strlen (lines[i]));
}

/* Four credentials shaped as Apple's (dep-api.md §1.4). Tokens of one MDM server share
 * the consumer key. */
typedef struct {
  char *consumer_key;
  char *consumer_secret;
  char *access_token;
  char *access_secret;
} Creds;

static void
creds_init (Ctx        *ctx,
            Creds      *creds,
            const char *consumer_key)
{
  g_autofree char *cs = random_hex (20);
  g_autofree char *at_mid = random_hex (20);
  g_autofree char *as = random_hex (20);
  g_autofree char *ck = random_hex (48);

  creds->consumer_key = consumer_key ? g_strdup (consumer_key) : g_strconcat ("CK_", ck, NULL);
  creds->consumer_secret = g_strconcat ("CS_", cs, NULL);
  creds->access_token = g_strdup_printf ("AT_O%uO%sO%" G_GINT64_FORMAT,
                                         g_random_int (), at_mid, g_get_real_time () / 1000);
  creds->access_secret = g_strconcat ("AS_", as, NULL);

  add_secret (ctx, creds->consumer_key);
  add_secret (ctx, creds->consumer_secret);
  add_secret (ctx, creds->access_token);
  add_secret (ctx, creds->access_secret);
}

static void
creds_clear (Creds *creds)
{
  g_free (creds->consumer_key);
  g_free (creds->consumer_secret);
  g_free (creds->access_token);
  g_free (creds->access_secret);
}

/* Whole seconds, as Apple writes them, plus an hour so that "in N days" says N. */
static GDateTime *
expiry_in_days (int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) whole = g_date_time_new_utc (g_date_time_get_year (now),
                                                    g_date_time_get_month (now),
                                                    g_date_time_get_day_of_month (now),
                                                    g_date_time_get_hour (now),
                                                    g_date_time_get_minute (now),
                                                    g_date_time_get_second (now));

  return g_date_time_add_full (whole, 0, 0, days, 1, 0, 0);
}

/* A server token as ABM sends it, made by openssl for the certificate: Apple's inner
 * payload, encrypted with the method asked for. */
static char *
make_token (Ctx         *ctx,
            const char  *cert_path,
            const char  *method,
            Creds       *creds,
            GDateTime   *expiry)
{
  g_autofree char *payload_path = work_path (ctx, "payload.txt");
  g_autofree char *token_path = NULL;
  g_autofree char *expiry_text = g_date_time_format (expiry, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *payload = NULL;
  /* A name of its own for each token: two tokens of one test must never overwrite each
   * other (a random second did, one run in ten). */
  static guint n_made;
  g_autofree char *name = g_strdup_printf ("Test MDM_Token_2026-01-17T11-%02u-%02uZ_smime.p7m",
                                           (n_made / 60) % 60, n_made % 60);

  payload = g_strdup_printf ("Content-Type: text/plain;charset=UTF-8\r\n"
                             "Content-Transfer-Encoding: 7bit\r\n"
                             "\r\n"
                             "-----BEGIN MESSAGE-----\n"
                             "{\"consumer_key\":\"%s\",\"consumer_secret\":\"%s\","
                             "\"access_token\":\"%s\",\"access_secret\":\"%s\","
                             "\"access_token_expiry\":\"%s\"}\n"
                             "-----END MESSAGE-----\n",
                             creds->consumer_key, creds->consumer_secret,
                             creds->access_token, creds->access_secret, expiry_text);
  g_assert_true (g_file_set_contents (payload_path, payload, -1, NULL));
  token_path = work_path (ctx, name);
  n_made++;

  if (g_str_equal (method, "smime-aes128"))
    run_tool ((const char * const[]) { "openssl", "smime", "-encrypt", "-binary", "-aes128",
                                       "-stream", "-in", payload_path, "-out", token_path,
                                       cert_path, NULL });
  else if (g_str_equal (method, "smime-des3"))
    run_tool ((const char * const[]) { "openssl", "smime", "-encrypt", "-binary", "-des3",
                                       "-in", payload_path, "-out", token_path,
                                       cert_path, NULL });
  else if (g_str_equal (method, "cms-aes256"))
    run_tool ((const char * const[]) { "openssl", "cms", "-encrypt", "-binary", "-aes256",
                                       "-in", payload_path, "-out", token_path,
                                       cert_path, NULL });
  else
    g_assert_not_reached ();

  adept_secret_wipe (payload, strlen (payload));
  g_assert_cmpint (g_remove (payload_path), ==, 0);
  return g_steal_pointer (&token_path);
}

static JsonObject *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* key generate → key export → token from ABM → token import → token show. */
static void
new_user_flow (Ctx        *ctx,
               const char *server,
               const char *method)
{
  g_autofree char *cert_path = work_path (ctx, "adept.pem");
  g_autofree char *cert = NULL;
  g_autofree char *token_path = NULL;
  g_autofree char *out = NULL;
  g_autofree char *shown_date = NULL;
  g_autofree char *iso = NULL;
  g_autoptr(GDateTime) expiry = expiry_in_days (200);
  g_autoptr(JsonObject) json = NULL;
  Creds creds;

  out = run_ctl (ctx, server, 0, "key", "generate", NULL);
  adept_test_assert_contains (out, "Generated a new key pair");
  g_clear_pointer (&out, g_free);

  g_free (run_ctl (ctx, server, 0, "key", "export", "--out", cert_path, NULL));
  g_assert_true (g_file_get_contents (cert_path, &cert, NULL, NULL));
  g_assert_true (g_str_has_prefix (cert, "-----BEGIN CERTIFICATE-----\n"));

  creds_init (ctx, &creds, NULL);
  token_path = make_token (ctx, cert_path, method, &creds, expiry);
  creds_clear (&creds);

  out = run_ctl (ctx, server, 0, "token", "inspect", token_path, NULL);
  adept_test_assert_contains (out, "Test MDM");
  adept_test_assert_contains (out, "(in 200 days)");
  g_clear_pointer (&out, g_free);

  out = run_ctl (ctx, server, 0, "token", "import", token_path, NULL);
  adept_test_assert_contains (out, "Linked.");
  g_clear_pointer (&out, g_free);

  out = run_ctl (ctx, server, 0, "token", "show", NULL);
  shown_date = g_date_time_format (expiry, "%Y-%m-%d %H:%M UTC");
  adept_test_assert_contains (out, shown_date);
  adept_test_assert_contains (out, "in 200 days");
  g_clear_pointer (&out, g_free);

  /* --json also after the verb, as scripts tend to write it. */
  out = run_ctl (ctx, server, 0, "token", "show", "--json", NULL);
  json = parse_json (out);
  iso = g_date_time_format_iso8601 (expiry);
  g_assert_cmpstr (json_object_get_string_member (json, "expiry"), ==, iso);
  g_assert_cmpint (json_object_get_int_member (json, "days_left"), ==, 200);
  g_assert_false (json_object_get_boolean_member (json, "expired"));
  g_assert_cmpstr (json_object_get_string_member (json, "name"), ==, "Test MDM");

  adept_test_assert_no_secret ("adeptctl output", ctx->transcript->str, ctx->transcript->len,
                               (const char * const *) ctx->secrets->pdata);
}

static void
unlink_server (Ctx        *ctx,
               const char *server)
{
  g_autofree char *out = run_ctl (ctx, server, 0, "unlink", "--yes", NULL);
  g_autofree char *left = NULL;
  g_autoptr(GError) error = NULL;

  adept_test_assert_contains (out, "Apple Business Manager");
  left = adept_credentials_lookup_sync (server, ADEPT_SECRET_PRIVATE_KEY, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (left);
}

static void
test_new_user_smime_aes128 (void)
{
  g_autoptr(Ctx) ctx = ctx_new ();

  /* The very first run, no options at all: the "default" server. */
  new_user_flow (ctx, NULL, "smime-aes128");
  unlink_server (ctx, "default");
}

static void
test_new_user_smime_des3 (void)
{
  g_autoptr(Ctx) ctx = ctx_new ();

  new_user_flow (ctx, "des3", "smime-des3");
  unlink_server (ctx, "des3");
}

static void
test_new_user_cms_aes256 (void)
{
  g_autoptr(Ctx) ctx = ctx_new ();

  new_user_flow (ctx, "aes256", "cms-aes256");
  unlink_server (ctx, "aes256");
}

/* A key and certificate from another MDM (made here by openssl) keep working. */
static void
test_key_import (void)
{
  g_autoptr(Ctx) ctx = ctx_new ();
  g_autofree char *key_path = work_path (ctx, "mdm.key");
  g_autofree char *cert_path = work_path (ctx, "mdm.crt");
  g_autofree char *other_key = work_path (ctx, "other.key");
  g_autofree char *other_cert = work_path (ctx, "other.crt");
  g_autofree char *exported = NULL;
  g_autofree char *original = NULL;
  g_autofree char *token_path = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GDateTime) expiry = expiry_in_days (30);
  g_autoptr(AdeptSecret) key_pem = NULL;
  Creds creds;

  run_tool ((const char * const[]) { "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                                     "-keyout", key_path, "-out", cert_path, "-days", "30",
                                     "-subj", "/CN=Previous MDM", NULL });
  run_tool ((const char * const[]) { "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                                     "-keyout", other_key, "-out", other_cert, "-days", "30",
                                     "-subj", "/CN=Previous MDM", NULL });
  g_assert_true (g_file_get_contents (key_path, &key_pem, NULL, NULL));
  add_private_key (ctx, key_pem);

  g_free (run_ctl (ctx, "imported", 4, "key", "import", key_path, other_cert, NULL));
  g_free (run_ctl (ctx, "imported", 3, "key", "export", NULL));

  out = run_ctl (ctx, "imported", 0, "key", "import", key_path, cert_path, NULL);
  adept_test_assert_contains (out, "Previous MDM");
  g_clear_pointer (&out, g_free);

  exported = run_ctl (ctx, "imported", 0, "key", "export", NULL);
  g_assert_true (g_file_get_contents (cert_path, &original, NULL, NULL));
  g_assert_cmpstr (exported, ==, original);

  creds_init (ctx, &creds, NULL);
  token_path = make_token (ctx, cert_path, "smime-aes128", &creds, expiry);
  creds_clear (&creds);
  out = run_ctl (ctx, "imported", 0, "token", "import", token_path, NULL);
  adept_test_assert_contains (out, "Linked.");
  g_clear_pointer (&out, g_free);

  /* Replacing the pair of a linked server needs --force. */
  g_free (run_ctl (ctx, "imported", 4, "key", "import", key_path, cert_path, NULL));
  g_free (run_ctl (ctx, "imported", 0, "key", "import", "--force",
                   key_path, cert_path, NULL));

  unlink_server (ctx, "imported");
  adept_test_assert_no_secret ("adeptctl output", ctx->transcript->str, ctx->transcript->len,
                               (const char * const *) ctx->secrets->pdata);
}

static void
test_errors_and_exit_codes (void)
{
  g_autoptr(Ctx) ctx = ctx_new ();
  g_autofree char *cert_path = work_path (ctx, "cert.pem");
  g_autofree char *missing = work_path (ctx, "missing.p7m");
  g_autofree char *token_path = NULL;
  g_autofree char *out = NULL;
  g_autofree char *nokeyring_cert = g_build_filename (xdg_dir, "data", "adept", "servers",
                                                      "nokeyring", "certificate.pem", NULL);
  g_autofree char *nokeyring_ini = g_build_filename (xdg_dir, "data", "adept", "servers",
                                                     "nokeyring", "server.ini", NULL);
  g_autoptr(GDateTime) expiry = expiry_in_days (10);
  Creds creds;

  /* Usage: 2 */
  g_free (run_ctl (ctx, NULL, 2, "no-such-verb", NULL));
  g_free (run_ctl (ctx, "Not/A/Name", 2, "token", "show", NULL));
  g_free (run_ctl (ctx, NULL, 2, "key", "generate", "--no-such-option", NULL));
  g_free (run_ctl (ctx, "errors", 2, "unlink", NULL));

  /* Nothing set up yet: 3 */
  g_free (run_ctl (ctx, "errors", 3, "token", "show", NULL));
  g_free (run_ctl (ctx, "errors", 3, "key", "export", NULL));
  g_free (run_ctl (ctx, "errors", 3, "token", "inspect", missing, NULL));

  /* Bad input: 4 */
  out = run_ctl (ctx, "errors", 0, "key", "generate", "--cn", "Errors MDM", NULL);
  adept_test_assert_contains (out, "Errors MDM");
  g_free (run_ctl (ctx, "errors", 0, "key", "export", "--out", cert_path, NULL));
  g_free (run_ctl (ctx, "errors", 4, "token", "import", missing, NULL));
  /* The certificate dropped where the token belongs. */
  g_free (run_ctl (ctx, "errors", 4, "token", "import", cert_path, NULL));
  creds_init (ctx, &creds, NULL);
  token_path = make_token (ctx, cert_path, "smime-aes128", &creds, expiry);
  creds_clear (&creds);
  g_free (run_ctl (ctx, "errors", 4, "token", "import", "--base-url", "http://dep.example.com",
                   token_path, NULL));
  g_free (run_ctl (ctx, "errors", 3, "token", "show", NULL));
  g_clear_pointer (&out, g_free);
  out = run_ctl (ctx, "errors", 0, "token", "import", "--base-url", "http://127.0.0.1:8080",
                 token_path, NULL);
  adept_test_assert_contains (out, "http://127.0.0.1:8080");

  /* No Secret Service: 7, and no file of the server written. */
  ctx->bus_address = g_strdup ("unix:path=/nonexistent/adept-no-bus");
  g_free (run_ctl (ctx, "nokeyring", 7, "key", "generate", NULL));
  g_free (run_ctl (ctx, "errors", 7, "token", "show", NULL));
  g_clear_pointer (&ctx->bus_address, g_free);
  g_assert_false (g_file_test (nokeyring_cert, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (nokeyring_ini, G_FILE_TEST_EXISTS));
  adept_test_assert_contains (ctx->transcript->str, "The keyring (Secret Service) is not available");

  unlink_server (ctx, "errors");
  adept_test_assert_no_secret ("adeptctl output", ctx->transcript->str, ctx->transcript->len,
                               (const char * const *) ctx->secrets->pdata);
}

/* Issue 16, defect 4: a refused `token import --base-url` stored the new URL (and audited
 * "base-url-changed"), so the next sync went to it. Nothing a refused import carries may
 * be stored. */
static void
test_refused_import_stores_nothing (void)
{
  g_autoptr(Ctx) ctx = ctx_new ();
  g_autofree char *cert_path = work_path (ctx, "refuse.pem");
  g_autofree char *first = NULL;
  g_autofree char *other = NULL;
  g_autofree char *out = NULL;
  g_autofree char *ini = g_build_filename (xdg_dir, "data", "adept", "servers", "refuse",
                                           "server.ini", NULL);
  g_autofree char *ini_before = NULL;
  g_autofree char *ini_after = NULL;
  g_autofree char *fresh_dir = g_build_filename (xdg_dir, "data", "adept", "servers", "fresh",
                                                 NULL);
  g_autoptr(GDateTime) expiry = expiry_in_days (30);
  g_autoptr(JsonObject) json = NULL;
  g_autoptr(AdeptStore) store = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  g_autoptr(GError) error = NULL;
  Creds creds;

  g_free (run_ctl (ctx, "refuse", 0, "key", "generate", NULL));
  g_free (run_ctl (ctx, "refuse", 0, "key", "export", "--out", cert_path, NULL));
  creds_init (ctx, &creds, NULL);
  first = make_token (ctx, cert_path, "smime-aes128", &creds, expiry);
  creds_clear (&creds);
  g_free (run_ctl (ctx, "refuse", 0, "token", "import", "--base-url", "http://127.0.0.1:8080",
                   first, NULL));
  g_assert_true (g_file_get_contents (ini, &ini_before, NULL, NULL));

  /* Another MDM server's token, with another URL: refused (4), and nothing changed. */
  creds_init (ctx, &creds, NULL);
  other = make_token (ctx, cert_path, "smime-aes128", &creds, expiry);
  creds_clear (&creds);
  g_free (run_ctl (ctx, "refuse", 4, "token", "import", "--base-url", "http://127.0.0.1:9999",
                   other, NULL));
  /* An insecure URL with a good token: refused too. */
  g_free (run_ctl (ctx, "refuse", 4, "token", "import", "--base-url", "http://dep.example.com",
                   first, NULL));
  g_assert_true (g_file_get_contents (ini, &ini_after, NULL, NULL));
  g_assert_cmpstr (ini_after, ==, ini_before);
  out = run_ctl (ctx, "refuse", 0, "--json", "token", "show", NULL);
  json = parse_json (out);
  g_assert_cmpstr (json_object_get_string_member (json, "base_url"), ==, "http://127.0.0.1:8080");

  store = adept_store_open (&error);
  g_assert_no_error (error);
  audit = adept_store_list_audit (store, "refuse", 0, &error);
  for (guint i = 0; i < audit->len; i++)
    {
      AdeptAuditEntry *entry = g_ptr_array_index (audit, i);

      g_assert_false (g_str_equal (entry->action, "base-url-changed") &&
                      strstr (entry->details, "9999") != NULL);
      g_assert_false (g_str_equal (entry->action, "renewed"));
    }

  /* A new name and a refused token: no folder left for it. */
  g_free (run_ctl (ctx, "fresh", 3, "token", "import", "--base-url", "http://127.0.0.1:9999",
                   first, NULL));
  g_assert_false (g_file_test (fresh_dir, G_FILE_TEST_EXISTS));

  unlink_server (ctx, "refuse");
  adept_test_assert_no_secret ("adeptctl output", ctx->transcript->str, ctx->transcript->len,
                               (const char * const *) ctx->secrets->pdata);
}

/* The simulator plays ABM: it issues the token for the exported certificate, and the
 * server remembers the simulator's address as its DEP service. */
static void
test_simulator_token (void)
{
  g_autoptr(Ctx) ctx = ctx_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) depsim = NULL;
  g_autoptr(GDataInputStream) depsim_out = NULL;
  g_autofree char *url = NULL;
  g_autofree char *cert_path = work_path (ctx, "sim.pem");
  g_autofree char *token_path = work_path (ctx, "sim_Token_2026-01-17T11-02-21Z_smime.p7m");
  g_autofree char *token = NULL;
  g_autofree char *out = NULL;
  g_autoptr(JsonObject) json = NULL;

  depsim = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                             g_getenv ("ADEPT_DEPSIM"), "--port", "0", NULL);
  g_assert_no_error (error);
  /* It prints its address once it listens. */
  depsim_out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (depsim));
  url = g_data_input_stream_read_line (depsim_out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (url);

  g_free (run_ctl (ctx, "sim", 0, "key", "generate", NULL));
  g_free (run_ctl (ctx, "sim", 0, "key", "export", "--out", cert_path, NULL));
  g_assert_cmpint (adept_test_run ((const char * const[]) { g_getenv ("ADEPT_DEPSIM"), "token",
                                                            "--url", url, "--cert", cert_path,
                                                            NULL },
                                   NULL, &token, NULL), ==, 0);
  g_assert_true (g_file_set_contents (token_path, token, -1, NULL));

  out = run_ctl (ctx, "sim", 0, "token", "import", "--base-url", url, token_path, NULL);
  adept_test_assert_contains (out, "Linked.");
  g_clear_pointer (&out, g_free);
  out = run_ctl (ctx, "sim", 0, "--json", "token", "show", NULL);
  json = parse_json (out);
  g_assert_cmpstr (json_object_get_string_member (json, "base_url"), ==, url);
  g_assert_cmpstr (json_object_get_string_member (json, "name"), ==, "sim");
  g_assert_false (json_object_get_boolean_member (json, "expired"));

  unlink_server (ctx, "sim");
  g_subprocess_send_signal (depsim, SIGTERM);
  g_subprocess_wait (depsim, NULL, NULL);
}

/* Issue 2's proof: the whole life of a server, every command with G_MESSAGES_DEBUG=all,
 * error paths included; then neither any output nor any file in the data, config and cache
 * directories holds one of the four secrets or the private key. */
static void
test_no_secret_leaks (void)
{
  g_autoptr(Ctx) ctx = ctx_new ();
  g_autofree char *cert_path = work_path (ctx, "leak.pem");
  g_autofree char *key_path = work_path (ctx, "leak.key");
  g_autofree char *token_path = NULL;
  g_autofree char *renewal_path = NULL;
  g_autofree char *expired_path = NULL;
  g_autofree char *other_path = NULL;
  g_autoptr(AdeptSecret) private_pem = NULL;
  g_autoptr(AdeptSecret) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) expiry = expiry_in_days (300);
  g_autoptr(GDateTime) later = expiry_in_days (365);
  g_autoptr(GDateTime) past = expiry_in_days (-3);
  Creds first, renewal, expired, other;
  const char *id = "leak";

  g_free (run_ctl (ctx, id, 0, "key", "generate", NULL));
  g_free (run_ctl (ctx, id, 0, "key", "generate", NULL));
  g_free (run_ctl (ctx, id, 0, "--json", "key", "generate", NULL));
  g_free (run_ctl (ctx, id, 0, "key", "export", NULL));
  g_free (run_ctl (ctx, id, 0, "key", "export", "--json", NULL));
  g_free (run_ctl (ctx, id, 0, "key", "export", "--out", cert_path, NULL));

  creds_init (ctx, &first, NULL);
  creds_init (ctx, &renewal, first.consumer_key);
  creds_init (ctx, &expired, first.consumer_key);
  creds_init (ctx, &other, NULL);
  token_path = make_token (ctx, cert_path, "smime-aes128", &first, expiry);
  renewal_path = make_token (ctx, cert_path, "cms-aes256", &renewal, later);
  expired_path = make_token (ctx, cert_path, "smime-des3", &expired, past);
  other_path = make_token (ctx, cert_path, "smime-aes128", &other, later);

  g_free (run_ctl (ctx, id, 0, "token", "inspect", token_path, NULL));
  g_free (run_ctl (ctx, id, 0, "token", "inspect", "--json", expired_path, NULL));
  g_free (run_ctl (ctx, id, 3, "token", "show", NULL));
  /* Expired has its own status (issue 16: it gave 4, "bad input"). */
  g_free (run_ctl (ctx, id, 9, "token", "import", expired_path, NULL));
  g_free (run_ctl (ctx, id, 0, "token", "import", token_path, NULL));
  g_free (run_ctl (ctx, id, 0, "token", "show", NULL));

  /* The positive control: the keyring really holds what the needles are. */
  stored = adept_credentials_lookup_sync (id, ADEPT_SECRET_OAUTH_TOKENS, NULL, &error);
  g_assert_no_error (error);
  adept_test_assert_contains (stored, first.consumer_secret);
  adept_test_assert_contains (stored, first.access_secret);

  g_free (run_ctl (ctx, id, 4, "token", "import", other_path, NULL));
  g_free (run_ctl (ctx, id, 0, "--json", "token", "import", renewal_path, NULL));
  g_free (run_ctl (ctx, id, 0, "--json", "token", "show", NULL));

  /* The private key, taken from the keyring, and round-tripped through key import. */
  private_pem = adept_credentials_lookup_sync (id, ADEPT_SECRET_PRIVATE_KEY, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (private_pem, "-----BEGIN PRIVATE KEY-----\n"));
  g_assert_true (g_file_set_contents (key_path, private_pem, -1, NULL));
  g_free (run_ctl (ctx, id, 4, "key", "import", key_path, cert_path, NULL));
  g_free (run_ctl (ctx, id, 0, "key", "import", "--force", key_path, cert_path, NULL));
  g_assert_cmpint (g_remove (key_path), ==, 0);

  add_private_key (ctx, private_pem);

  g_free (run_ctl (ctx, id, 0, "unlink", "--yes", NULL));

  /* Debug logging was on: the check below looked at real logs. */
  adept_test_assert_contains (ctx->transcript->str, "adept-server-DEBUG");

  adept_test_assert_no_secret ("adeptctl output", ctx->transcript->str, ctx->transcript->len,
                               (const char * const *) ctx->secrets->pdata);
  adept_test_assert_dir_has_no_secret (xdg_dir, (const char * const *) ctx->secrets->pdata);

  creds_clear (&first);
  creds_clear (&renewal);
  creds_clear (&expired);
  creds_clear (&other);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  /* adeptctl inherits these: its data, config and cache live in this test's folder. */
  xdg_dir = adept_test_isolate_xdg ();

  g_test_add_func ("/adeptctl/new-user/smime-aes128", test_new_user_smime_aes128);
  g_test_add_func ("/adeptctl/new-user/smime-des3", test_new_user_smime_des3);
  g_test_add_func ("/adeptctl/new-user/cms-aes256", test_new_user_cms_aes256);
  g_test_add_func ("/adeptctl/key-import", test_key_import);
  g_test_add_func ("/adeptctl/errors-and-exit-codes", test_errors_and_exit_codes);
  g_test_add_func ("/adeptctl/simulator-token", test_simulator_token);
  g_test_add_func ("/adeptctl/refused-import-stores-nothing", test_refused_import_stores_nothing);
  g_test_add_func ("/adeptctl/no-secret-leaks", test_no_secret_leaks);
  status = g_test_run ();

  adept_test_cleanup_dir (xdg_dir);
  g_free (xdg_dir);
  return status;
}
