/* test-nanodep-cli.c — two admins share a DEP server through a real NanoDEP v0.7.0 with
 * adeptctl alone: each admin is another desktop (home, data folder, D-Bus and keyring of
 * its own). The first sets up a new DEP name, downloads its key from NanoDEP (and once
 * more, refused without --force), the simulator issues a token for it, uploads it, syncs
 * 5,000 devices, defines a profile and makes it the default (NanoDEP's assigner);
 * depsyncer assigns the devices the simulator adds and the next sync shows them with that
 * profile. The second joins the name with the API key, sees the devices and the default
 * profile (adopted), and an assign made by either shows on the other after a sync. The
 * bad cases say their sentence and change nothing; no secret reaches a file or an output.
 * Run with file storage, and once with PostgreSQL under tests/with-pgsql.sh.
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "adept-depsim-token.h"
#include "adept-depsim.h"
#include "adept-secret.h"
#include "adept-server-token.h"
#include "adept-test-util.h"
#include "nanodep-fixture.h"

#define NAME "Main Campus"
#define N_DEVICES 5000
#define ASSIGN_TIMEOUT_MS 60000

static GPtrArray *secrets;

typedef struct {
  const char       *who;
  AdeptTestDesktop *desktop;
  char             *key_file;   /* the admin's own copy of the API key, outside Adept's folders */
} Admin;

typedef struct {
  AdeptDepsim    *sim;
  NanodepFixture *nanodep;
  char           *files;        /* tokens, keys, profiles the admins hand around */
  Admin           first;
  Admin           second;
} Fixture;

typedef struct {
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* adeptctl as the admin, on their desktop; this process's main context keeps running, as
 * the in-process simulator answers NanoDEP's proxy from it. Every output is checked for
 * every secret met so far. */
static void
ctl_v (Admin              *admin,
       Run                *run,
       const char         *stdin_text,
       const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (argv, (gpointer) g_getenv ("ADEPTCTL"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_environ (launcher, (char **) adept_test_desktop_get_environ (admin->desktop));
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, stdin_text, NULL, adept_test_store_result, &result);
  adept_test_wait_result (&result);
  g_subprocess_communicate_utf8_finish (process, result, &run->out, &run->err, &error);
  g_assert_no_error (error);
  run->status = g_subprocess_get_exit_status (process);
  adept_test_assert_no_secret ("adeptctl's output", run->out, strlen (run->out),
                               (const char * const *) secrets->pdata);
  adept_test_assert_no_secret ("adeptctl's errors", run->err, strlen (run->err),
                               (const char * const *) secrets->pdata);
}

#define ctl(admin, run, stdin_text, ...)                                              \
  G_STMT_START {                                                                      \
    const char *ctl_args[] = { __VA_ARGS__, NULL };                                   \
    ctl_v ((admin), (run), (stdin_text), ctl_args);                                   \
  } G_STMT_END

/* adeptctl that must succeed; returns its standard output. */
static char *
ok_v (Admin              *admin,
      const char * const *args)
{
  g_auto(Run) run = { 0 };

  ctl_v (admin, &run, NULL, args);
  if (run.status != 0)
    g_error ("adeptctl %s %s exited %d: %s", args[0], args[1] ? args[1] : "", run.status, run.err);
  return g_steal_pointer (&run.out);
}

#define ok(admin, ...)                                                                \
  ({ const char *ok_args[] = { __VA_ARGS__, NULL }; ok_v ((admin), ok_args); })

static void
admin_init (Fixture    *f,
            Admin      *admin,
            const char *who)
{
  g_autofree char *name = g_strdup_printf ("%s-api-key", who);
  g_autofree char *line = g_strconcat (nanodep_fixture_get_api_key (f->nanodep), "\n", NULL);
  g_autoptr(GError) error = NULL;

  admin->who = who;
  admin->desktop = adept_test_desktop_new ();
  admin->key_file = g_build_filename (f->files, name, NULL);
  g_file_set_contents_full (admin->key_file, line, -1, G_FILE_SET_CONTENTS_NONE, 0600, &error);
  g_assert_no_error (error);
}

static void
admin_clear (Admin *admin)
{
  g_autofree char *data = g_build_filename (adept_test_desktop_get_home (admin->desktop), "data", NULL);

  /* Neither the API key nor a token's OAuth values reached the admin's Adept files. */
  adept_test_assert_dir_has_no_secret (data, (const char * const *) secrets->pdata);
  adept_test_desktop_free (admin->desktop);
  g_free (admin->key_file);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->sim = adept_depsim_new (31, N_DEVICES);
  adept_depsim_start (f->sim, 0, &error);
  g_assert_no_error (error);
  f->nanodep = nanodep_fixture_new (nanodep_fixture_storage_from_env ());
  g_ptr_array_add (secrets, g_strdup (nanodep_fixture_get_api_key (f->nanodep)));
  nanodep_fixture_point_name (f->nanodep, NAME, adept_depsim_get_base_url (f->sim));
  f->files = adept_test_make_tmpdir ();
  admin_init (f, &f->first, "first");
  admin_init (f, &f->second, "second");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *log = nanodep_fixture_dup_server_log (f->nanodep);

  /* No call ever asked NanoDEP for a token's OAuth secrets. */
  g_assert_null (strstr (log, "/v1/tokens"));
  admin_clear (&f->first);
  admin_clear (&f->second);
  nanodep_fixture_free (f->nanodep);
  adept_depsim_stop (f->sim);
  g_clear_object (&f->sim);
  adept_test_cleanup_dir (f->files);
  g_free (f->files);
}

/* ---- What the simulator, NanoDEP and adeptctl say ---- */

/* A token of sim for the certificate in pem_path, as ABM's file; its values join the
 * secrets. */
static char *
issue_token (Fixture     *f,
             AdeptDepsim *sim,
             const char  *pem_path,
             const char  *file_name)
{
  g_autoptr(AdeptSecret) payload = adept_depsim_issue_credentials (sim);
  g_autoptr(AdeptServerToken) token = adept_server_token_new_from_json (payload, NULL);
  g_autofree char *pem = NULL;
  g_autoptr(GBytes) p7m = NULL;
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (f->files, file_name, NULL);

  g_ptr_array_add (secrets, g_strdup (adept_server_token_get_consumer_key (token)));
  g_ptr_array_add (secrets, g_strdup (adept_server_token_get_consumer_secret (token)));
  g_ptr_array_add (secrets, g_strdup (adept_server_token_get_access_token (token)));
  g_ptr_array_add (secrets, g_strdup (adept_server_token_get_access_secret (token)));
  g_file_get_contents (pem_path, &pem, NULL, &error);
  g_assert_no_error (error);
  p7m = adept_depsim_token_build (pem, strlen (pem), payload, &error);
  g_assert_no_error (error);
  g_file_set_contents (path, g_bytes_get_data (p7m, NULL), g_bytes_get_size (p7m), &error);
  g_assert_no_error (error);
  return path;
}

static char *
file_path (Fixture    *f,
           const char *name)
{
  return g_build_filename (f->files, name, NULL);
}

/* serial → "status uuid" of the admin's local store. */
static GHashTable *
local_devices (Admin *admin)
{
  g_autofree char *out = ok (admin, "--server", "team", "--json", "devices", "list");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  GHashTable *devices = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  JsonArray *array;

  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  array = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *d = json_array_get_object_element (array, i);

      g_hash_table_insert (devices, g_strdup (json_object_get_string_member (d, "serial_number")),
                           g_strdup_printf ("%s %s",
                                            json_object_get_string_member_with_default (d, "profile_status", ""),
                                            json_object_get_string_member_with_default (d, "profile_uuid", "")));
    }
  return devices;
}

static void
assert_local_profile (Admin      *admin,
                      const char *serial,
                      const char *uuid)
{
  g_autoptr(GHashTable) devices = local_devices (admin);
  g_autofree char *want = g_strdup_printf ("assigned %s", uuid);

  g_assert_cmpstr (g_hash_table_lookup (devices, serial), ==, want);
}

/* The admin's profiles: uuid → "name" (with " default" for the default, " adopted"). */
static GHashTable *
local_profiles (Admin *admin)
{
  g_autofree char *out = ok (admin, "--server", "team", "--json", "profiles", "list");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  GHashTable *profiles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  JsonArray *array;

  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  array = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *p = json_array_get_object_element (array, i);

      g_hash_table_insert (profiles, g_strdup (json_object_get_string_member (p, "uuid")),
                           g_strdup_printf ("%s%s%s", json_object_get_string_member (p, "name"),
                                            json_object_get_boolean_member (p, "default") ? " default" : "",
                                            g_str_equal (json_object_get_string_member (p, "origin"), "adopted")
                                            ? " adopted" : ""));
    }
  return profiles;
}

static char *
define (Fixture    *f,
        Admin      *admin,
        const char *name)
{
  g_autofree char *path = file_path (f, "profile.json");
  g_autofree char *json = g_strdup_printf ("{\"profile_name\":\"%s\",\"url\":\"https://mdm.example.com/enroll\","
                                           "\"is_supervised\":true}", name);
  g_autofree char *out = NULL;
  g_autoptr(JsonObject) defined = NULL;

  g_assert_true (g_file_set_contents (path, json, -1, NULL));
  out = ok (admin, "--server", "team", "--json", "profiles", "define", path);
  defined = adept_test_parse_object (out);
  return g_strdup (json_object_get_string_member (defined, "profile_uuid"));
}

/* ---- The flow ---- */

static void
first_admin_links (Fixture *f)
{
  Admin *a = &f->first;
  g_autofree char *older = file_path (f, "older.pem");
  g_autofree char *pem = file_path (f, "team.pem");
  g_autofree char *stale = NULL;
  g_autofree char *token = NULL;
  g_autofree char *key_line = g_strconcat (nanodep_fixture_get_api_key (f->nanodep), "\n", NULL);
  g_autofree char *out = NULL;
  g_autofree char *server_ini = NULL;
  g_autoptr(JsonObject) account = NULL;

  {
    /* A new name, the key on standard input: set up, not linked yet. */
    g_auto(Run) run = { 0 };

    ctl (a, &run, key_line, "--server", "team", "server", "add", "--nanodep", nanodep_fixture_get_url (f->nanodep),
         "--dep-name", NAME, "--api-key-file", "-");
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "has not linked “Main Campus” yet"));
    g_assert_nonnull (strstr (run.out, "key export"));
  }
  {
    /* The key from NanoDEP; a second download is refused while the first is unused. */
    g_auto(Run) run = { 0 };

    g_free (ok (a, "--server", "team", "key", "export", "--out", older));
    ctl (a, &run, NULL, "--server", "team", "key", "export", "--out", pem);
    g_assert_cmpint (run.status, !=, 0);
    g_assert_nonnull (strstr (run.err, "will no longer decrypt"));
    g_assert_nonnull (strstr (run.err, "--force"));
    g_assert_false (g_file_test (pem, G_FILE_TEST_EXISTS));
    g_free (ok (a, "--server", "team", "key", "export", "--out", pem, "--force"));
  }
  {
    /* A token for the older download: "wrong key", and nothing stored here. */
    g_auto(Run) run = { 0 };
    g_autofree char *dir = g_build_filename (adept_test_desktop_get_home (a->desktop), "data", "adept",
                                             "servers", "team", "server.ini", NULL);
    g_autofree char *before = NULL;
    g_autofree char *after = NULL;

    g_file_get_contents (dir, &before, NULL, NULL);
    stale = issue_token (f, f->sim, older, "stale_smime.p7m");
    ctl (a, &run, NULL, "--server", "team", "token", "import", stale);
    g_assert_cmpint (run.status, ==, 4);
    g_assert_nonnull (strstr (run.err, "another public key"));
    g_assert_nonnull (strstr (run.err, "last public key downloaded from this computer"));
    g_file_get_contents (dir, &after, NULL, NULL);
    g_assert_cmpstr (after, ==, before);
  }

  token = issue_token (f, f->sim, pem, "Main Campus_Token_2026-03-01T10-00-00Z_smime.p7m");
  out = ok (a, "--server", "team", "token", "import", token);
  g_assert_nonnull (strstr (out, "Linked."));
  g_assert_nonnull (strstr (out, "Through a NanoDEP server"));
  g_free (out);
  out = ok (a, "--server", "team", "--json", "account");
  account = adept_test_parse_object (out);
  g_assert_nonnull (json_object_get_string_member (account, "server_uuid"));
}

static void
second_admin_joins (Fixture    *f,
                    const char *uuid)
{
  Admin *b = &f->second;
  g_autofree char *out = NULL;
  g_autoptr(GHashTable) profiles = NULL;
  g_autofree char *want = g_strdup ("Team default default adopted");

  out = ok (b, "--server", "team", "server", "add", "--nanodep", nanodep_fixture_get_url (f->nanodep),
            "--dep-name", NAME, "--api-key-file", b->key_file);
  g_assert_nonnull (strstr (out, "Joined"));
  g_free (out);
  out = ok (b, "--server", "team", "sync");
  profiles = local_profiles (b);
  g_assert_cmpstr (g_hash_table_lookup (profiles, uuid), ==, want);
}

static void
test_two_admins (Fixture       *f,
                 gconstpointer  data)
{
  Admin *a = &f->first;
  Admin *b = &f->second;
  g_autofree char *uuid = NULL;
  g_autofree char *lab = NULL;
  g_autofree char *at_nanodep = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) serials = adept_depsim_dup_serials (f->sim);
  g_auto(GStrv) added = NULL;
  g_autoptr(GHashTable) devices = NULL;
  g_autoptr(GHashTable) profiles = NULL;
  guint syncs;

  first_admin_links (f);
  g_free (ok (a, "--server", "team", "sync"));
  devices = local_devices (a);
  g_assert_cmpuint (g_hash_table_size (devices), ==, N_DEVICES);
  g_clear_pointer (&devices, g_hash_table_unref);

  /* The default is NanoDEP's assigner. */
  uuid = define (f, a, "Team default");
  g_free (ok (a, "--server", "team", "profiles", "default", uuid));
  at_nanodep = nanodep_fixture_dup_assigner (f->nanodep, NAME);
  g_assert_cmpstr (at_nanodep, ==, uuid);

  /* depsyncer (started after the default: with file storage it reads it once) assigns
   * the devices the simulator adds; the next sync shows them with that profile. */
  syncs = adept_depsim_get_request_count (f->sim, "/devices/sync");
  nanodep_fixture_start_syncer (f->nanodep, NAME);
  nanodep_fixture_wait_for_sync (f->nanodep, f->sim, syncs + 1);
  added = adept_depsim_add_devices (f->sim, 3, TRUE);
  nanodep_fixture_sync_now (f->nanodep);
  nanodep_fixture_wait_assigned (f->sim, added, uuid, ASSIGN_TIMEOUT_MS,
                                 "depsyncer to assign the added devices");
  g_free (ok (a, "--server", "team", "sync"));
  for (guint i = 0; added[i] != NULL; i++)
    assert_local_profile (a, added[i], uuid);

  /* The second admin: the same server, devices and default. */
  second_admin_joins (f, uuid);
  devices = local_devices (b);
  g_assert_cmpuint (g_hash_table_size (devices), ==, N_DEVICES + 3);
  g_clear_pointer (&devices, g_hash_table_unref);
  assert_local_profile (b, added[0], uuid);

  /* An assign by either shows on the other after a sync, the profile adopted. */
  lab = define (f, a, "Lab");
  g_free (ok (a, "--server", "team", "assign", lab, serials[0]));
  g_free (ok (b, "--server", "team", "sync"));
  assert_local_profile (b, serials[0], lab);
  profiles = local_profiles (b);
  g_assert_cmpstr (g_hash_table_lookup (profiles, lab), ==, "Lab adopted");
  g_free (ok (b, "--server", "team", "assign", uuid, serials[1]));
  g_free (ok (a, "--server", "team", "sync"));
  assert_local_profile (a, serials[1], uuid);

  /* The second admin leaves: this computer only; the first goes on. */
  out = ok (b, "--server", "team", "unlink", "--yes");
  g_assert_nonnull (strstr (out, "on this computer only"));
  g_free (out);
  out = ok (a, "--server", "team", "account");
  g_assert_nonnull (strstr (out, "Server"));
}

/* Refusals through adeptctl: each its sentence, nothing changed on this computer. */
static void
test_refusals (Fixture       *f,
               gconstpointer  data)
{
  Admin *a = &f->first;
  g_autoptr(AdeptDepsim) other = adept_depsim_new (32, 3);
  g_autofree char *wrong = file_path (f, "wrong-key");
  g_autofree char *garbage = file_path (f, "notes_smime.p7m");
  g_autofree char *renewal_pem = file_path (f, "renewal.pem");
  g_autofree char *foreign = NULL;
  g_autoptr(GError) error = NULL;

  adept_depsim_start (other, 0, &error);
  g_assert_no_error (error);
  g_file_set_contents_full (wrong, "not-the-team-api-key\n", -1, G_FILE_SET_CONTENTS_NONE, 0600, &error);
  g_ptr_array_add (secrets, g_strdup ("not-the-team-api-key"));
  {
    g_auto(Run) run = { 0 };
    g_auto(Run) list = { 0 };

    ctl (a, &run, NULL, "--server", "team", "server", "add", "--nanodep", nanodep_fixture_get_url (f->nanodep),
         "--dep-name", NAME, "--api-key-file", wrong);
    g_assert_cmpint (run.status, ==, 5);
    g_assert_nonnull (strstr (run.err, "refused the API key"));
    ctl (a, &list, NULL, "server", "list");
    g_assert_null (strstr (list.out, "team"));
  }
  {
    /* The key is never an argument. */
    g_auto(Run) run = { 0 };

    ctl (a, &run, NULL, "--server", "team", "server", "add", "--nanodep", nanodep_fixture_get_url (f->nanodep),
         "--dep-name", NAME, "--api-key", nanodep_fixture_get_api_key (f->nanodep));
    g_assert_cmpint (run.status, ==, 2);
  }

  first_admin_links (f);
  {
    /* Not a token: refused here, nothing sent. */
    g_auto(Run) run = { 0 };

    g_assert_true (g_file_set_contents (garbage, "Dear admin, this is no token.\n", -1, NULL));
    ctl (a, &run, NULL, "--server", "team", "token", "import", garbage);
    g_assert_cmpint (run.status, ==, 4);
    g_assert_nonnull (strstr (run.err, "server token"));
  }
  {
    /* Another MDM server's token: NanoDEP's refusal, with what it did and how to force;
     * --force alone asks for the confirmation. */
    g_auto(Run) run = { 0 };
    g_auto(Run) unconfirmed = { 0 };

    g_free (ok (a, "--server", "team", "key", "export", "--out", renewal_pem));
    foreign = issue_token (f, other, renewal_pem, "other_smime.p7m");
    ctl (a, &run, NULL, "--server", "team", "token", "import", foreign);
    g_assert_cmpint (run.status, ==, 4);
    g_assert_nonnull (strstr (run.err, "before it checks"));
    g_assert_nonnull (strstr (run.err, "another administrator renewed"));
    g_assert_nonnull (strstr (run.err, "--yes-replace-token"));
    ctl (a, &unconfirmed, NULL, "--server", "team", "token", "import", foreign, "--force");
    g_assert_cmpint (unconfirmed.status, ==, 2);
    g_assert_nonnull (strstr (unconfirmed.err, "legitimate renewal by another ABM administrator"));
    g_free (ok (a, "--server", "team", "token", "import", foreign, "--force", "--yes-replace-token"));
  }
  adept_depsim_stop (other);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *prefix = NULL;

  nanodep_fixture_require ();
  secrets = g_ptr_array_new_null_terminated (8, g_free, TRUE);
  g_test_init (&argc, &argv, NULL);
  prefix = g_strdup_printf ("/nanodep-cli/%s/",
                            nanodep_fixture_storage_name (nanodep_fixture_storage_from_env ()));

#define ADD(path, func)                                                                  \
  do {                                                                                   \
    g_autofree char *full = g_strconcat (prefix, path, NULL);                            \
    g_test_add (full, Fixture, NULL, fixture_set_up, func, fixture_tear_down);           \
  } while (0)

  ADD ("two-admins", test_two_admins);
  if (nanodep_fixture_storage_from_env () == NANODEP_FIXTURE_FILEKV)
    ADD ("refusals", test_refusals);
#undef ADD
  return g_test_run ();
}
