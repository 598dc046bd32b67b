/* test-dep-cli.c — adeptctl as a new user runs it, with only the command line: key,
 * token from the simulator program, account, devices, profiles, assign (issue 3)
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "adept-depsim-catalog.h"
#include "adept-test-util.h"

#define N_DEVICES 250

static char *tmpdir;
static char *server_id;
static char *sim_url;
static GSubprocess *sim;

static void
start_simulator (void)
{
  const char *argv[] = { g_getenv ("ADEPT_DEPSIM"), "--port", "0", "--devices", G_STRINGIFY (N_DEVICES),
                         "--seed", "11", NULL };
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;

  sim = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (sim));
  sim_url = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (sim_url, "http://127.0.0.1:"));
}

static void
stop_simulator (void)
{
  g_subprocess_send_signal (sim, SIGTERM);
  g_subprocess_wait (sim, NULL, NULL);
  g_clear_object (&sim);
}

static int
run_argv (GPtrArray  *argv,
          char      **out,
          char      **err)
{
  g_autofree char *local_err = NULL;
  int status;

  g_ptr_array_add (argv, NULL);
  status = adept_test_run ((const char * const *) argv->pdata, NULL, out, &local_err);
  g_test_message ("%s → %d %s", (char *) argv->pdata[1], status, local_err);
  if (err != NULL)
    *err = g_steal_pointer (&local_err);
  return status;
}

/* adeptctl --server ID ARGS…; stdout and stderr returned when wanted. */
static int
ctl (char       **out,
     char       **err,
     const char  *first,
     ...) G_GNUC_NULL_TERMINATED;

static int
ctl (char       **out,
     char       **err,
     const char  *first,
     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  va_list args;

  g_ptr_array_add (argv, (gpointer) g_getenv ("ADEPTCTL"));
  g_ptr_array_add (argv, (gpointer) "--server");
  g_ptr_array_add (argv, server_id);
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  return run_argv (argv, out, err);
}

/* What the simulator holds, read through its own admin verb. */
static JsonObject *
simulator_state (void)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL;

  g_ptr_array_add (argv, (gpointer) g_getenv ("ADEPT_DEPSIM"));
  g_ptr_array_add (argv, (gpointer) "state");
  g_ptr_array_add (argv, (gpointer) "--url");
  g_ptr_array_add (argv, sim_url);
  g_assert_cmpint (run_argv (argv, &out, NULL), ==, 0);
  return adept_test_parse_object (out);
}

static JsonObject *
simulator_device (const char *serial)
{
  g_autoptr(JsonObject) state = simulator_state ();
  JsonArray *devices = json_object_get_array_member (state, "devices");

  for (guint i = 0; i < json_array_get_length (devices); i++)
    {
      JsonObject *device = json_array_get_object_element (devices, i);

      if (g_str_equal (json_object_get_string_member (device, "serial_number"), serial))
        return json_object_ref (device);
    }
  g_error ("no device %s in the simulator", serial);
}

static char *
path_in_tmp (const char *name)
{
  return g_build_filename (tmpdir, name, NULL);
}

/* key generate → key export → ABM (the simulator) issues a token → token import. */
static void
link_with_simulator (void)
{
  g_autofree char *cert = path_in_tmp ("adept.pem");
  g_autofree char *token_file = path_in_tmp ("Simulator_Token_2026-01-01T00-00-00Z_smime.p7m");
  g_autofree char *token = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();

  g_assert_cmpint (ctl (NULL, NULL, "key", "generate", NULL), ==, 0);
  g_assert_cmpint (ctl (NULL, NULL, "key", "export", "--out", cert, NULL), ==, 0);

  g_ptr_array_add (argv, (gpointer) g_getenv ("ADEPT_DEPSIM"));
  g_ptr_array_add (argv, (gpointer) "token");
  g_ptr_array_add (argv, (gpointer) "--url");
  g_ptr_array_add (argv, sim_url);
  g_ptr_array_add (argv, (gpointer) "--cert");
  g_ptr_array_add (argv, cert);
  g_assert_cmpint (run_argv (argv, &token, NULL), ==, 0);
  g_assert_true (g_file_set_contents (token_file, token, -1, NULL));

  g_assert_cmpint (ctl (&out, NULL, "token", "import", token_file, "--base-url", sim_url, NULL), ==, 0);
  g_assert_nonnull (strstr (out, sim_url));
}

static void
test_new_user_flow (void)
{
  g_autofree char *out = NULL;
  g_autofree char *json = NULL;
  g_autoptr(JsonObject) account = NULL;
  g_autoptr(JsonObject) state = NULL;
  g_autoptr(JsonObject) page = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GHashTable) listed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonArray *devices;

  link_with_simulator ();

  /* account prints the simulated organisation, and remembers it for the console. */
  g_assert_cmpint (ctl (&out, NULL, "account", NULL), ==, 0);
  g_assert_nonnull (strstr (out, adept_depsim_catalog_org_name ()));
  g_assert_cmpint (ctl (&json, NULL, "--json", "account", NULL), ==, 0);
  account = adept_test_parse_object (json);
  g_assert_cmpstr (json_object_get_string_member (account, "org_name"), ==, adept_depsim_catalog_org_name ());
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (ctl (&out, NULL, "token", "show", NULL), ==, 0);
  g_assert_nonnull (strstr (out, json_object_get_string_member (account, "server_uuid")));

  /* devices fetch --all lists every simulated device. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (ctl (&out, NULL, "devices", "fetch", "--all", "--limit", "100", NULL), ==, 0);
  lines = g_strsplit (out, "\n", -1);
  g_assert_true (g_str_has_prefix (lines[0], "SERIAL"));
  for (guint i = 1; lines[i] != NULL && *lines[i] != '\0'; i++)
    {
      g_auto(GStrv) cells = g_strsplit (lines[i], " ", 2);

      g_assert_true (g_hash_table_add (listed, g_strdup (cells[0])));
    }
  g_assert_nonnull (strstr (out, "250 devices."));
  state = simulator_state ();
  devices = json_object_get_array_member (state, "devices");
  g_assert_cmpuint (json_array_get_length (devices), ==, N_DEVICES);
  g_assert_cmpuint (g_hash_table_size (listed), ==, N_DEVICES);
  for (guint i = 0; i < N_DEVICES; i++)
    g_assert_true (g_hash_table_contains (listed, json_object_get_string_member (
                     json_array_get_object_element (devices, i), "serial_number")));

  /* One page for scripts: the cursor to go on with. */
  g_clear_pointer (&json, g_free);
  g_assert_cmpint (ctl (&json, NULL, "devices", "fetch", "--limit", "7", "--json", NULL), ==, 0);
  page = adept_test_parse_object (json);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (page, "devices")), ==, 7);
  g_assert_true (json_object_get_boolean_member (page, "more_to_follow"));
  g_assert_cmpstr (json_object_get_string_member (page, "cursor"), !=, "");
}

static void
test_profiles_and_assign (void)
{
  g_autoptr(JsonObject) state = simulator_state ();
  JsonArray *devices = json_object_get_array_member (state, "devices");
  const char *s1 = json_object_get_string_member (json_array_get_object_element (devices, 0), "serial_number");
  const char *s2 = json_object_get_string_member (json_array_get_object_element (devices, 1), "serial_number");
  const char *s3 = json_object_get_string_member (json_array_get_object_element (devices, 2), "serial_number");
  g_autofree char *profile_file = path_in_tmp ("profile.json");
  g_autofree char *bad_file = path_in_tmp ("bad.json");
  g_autofree char *list_file = path_in_tmp ("serials.txt");
  g_autofree char *profile_json = g_strdup_printf (
    "{\"profile_name\":\"Lab Macs\",\"url\":\"https://mdm.example.com/enroll\",\"is_supervised\":true,"
    "\"is_mdm_removable\":false,\"allow_pairing\":false,\"skip_setup_items\":[\"Siri\",\"Location\"],"
    "\"department\":\"IT\",\"devices\":[\"%s\"],\"is_superviced\":true}", s1);
  g_autofree char *list = g_strdup_printf ("# lab\n%s\n\n%s\nNOTASERIAL42\n", s2, s3);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *uuid = NULL;
  g_autoptr(JsonObject) defined = NULL;
  g_autoptr(JsonObject) shown = NULL;
  g_autoptr(JsonObject) assigned = NULL;
  g_autoptr(JsonObject) device = NULL;
  JsonObject *answers;

  g_assert_true (g_file_set_contents (profile_file, profile_json, -1, NULL));
  g_assert_true (g_file_set_contents (bad_file, "{\"profile_name\":\"x\",\"url\":\"not a url\"}", -1, NULL));
  g_assert_true (g_file_set_contents (list_file, list, -1, NULL));

  /* define: the UUID, the answer for the profile's device, a warning for the typo. */
  g_assert_cmpint (ctl (&out, &err, "--json", "profiles", "define", profile_file, NULL), ==, 0);
  g_assert_nonnull (strstr (err, "is_superviced"));
  defined = adept_test_parse_object (out);
  uuid = g_strdup (json_object_get_string_member (defined, "profile_uuid"));
  g_assert_cmpuint (strlen (uuid), >, 8);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (defined, "devices"), s1),
                   ==, "SUCCESS");

  g_clear_pointer (&out, g_free);
  g_assert_cmpint (ctl (&out, NULL, "profiles", "show", uuid, "--json", NULL), ==, 0);
  shown = adept_test_parse_object (out);
  g_assert_cmpstr (json_object_get_string_member (shown, "profile_name"), ==, "Lab Macs");
  g_assert_false (json_object_get_boolean_member (shown, "allow_pairing"));
  g_assert_false (json_object_get_boolean_member (shown, "is_mdm_removable"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (ctl (&out, NULL, "profiles", "show", uuid, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Siri, Location"));

  /* A refused value names the field and exits 4 (bad input). */
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ctl (NULL, &err, "profiles", "define", bad_file, NULL), ==, 4);
  g_assert_nonnull (strstr (err, "“url”"));
  g_assert_nonnull (strstr (err, "CONFIG_URL_INVALID"));

  /* assign from a file: per-device answers, exit 1 as one device was refused. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (ctl (&out, NULL, "--json", "assign", uuid, "--from", list_file, NULL), ==, 1);
  assigned = adept_test_parse_object (out);
  answers = json_object_get_object_member (assigned, "devices");
  g_assert_cmpstr (json_object_get_string_member (answers, s2), ==, "SUCCESS");
  g_assert_cmpstr (json_object_get_string_member (answers, s3), ==, "SUCCESS");
  g_assert_cmpstr (json_object_get_string_member (answers, "NOTASERIAL42"), ==, "NOT_ACCESSIBLE");
  device = simulator_device (s3);
  g_assert_cmpstr (json_object_get_string_member (device, "profile_status"), ==, "assigned");
  g_assert_cmpstr (json_object_get_string_member (device, "profile_uuid"), ==, uuid);
  g_clear_pointer (&device, json_object_unref);

  /* devices show reads the same state back. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (ctl (&out, NULL, "devices", "show", s2, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Assigned"));
  g_assert_nonnull (strstr (out, uuid));
  g_assert_cmpint (ctl (NULL, NULL, "devices", "show", s2, "NOTASERIAL42", NULL), ==, 1);

  g_clear_pointer (&out, g_free);
  g_assert_cmpint (ctl (&out, NULL, "unassign", s2, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "1 of 1"));
  device = simulator_device (s2);
  g_assert_cmpstr (json_object_get_string_member (device, "profile_status"), ==, "removed");
}

static void
test_errors_and_overrides (void)
{
  g_autofree char *err = NULL;
  g_autofree char *linked = server_id;

  /* --base-url overrides the stored address for one run: nothing listens there. */
  g_assert_cmpint (ctl (NULL, &err, "--base-url", "http://127.0.0.1:1", "account", NULL), ==, 6);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ctl (NULL, &err, "--base-url", "http://mdmenrollment.apple.com", "account", NULL), !=, 0);
  g_assert_nonnull (strstr (err, "https://"));
  /* …and did not replace it. */
  g_assert_cmpint (ctl (NULL, NULL, "account", NULL), ==, 0);

  /* Usage errors, and a server never linked. */
  g_assert_cmpint (ctl (NULL, NULL, "assign", NULL), ==, 2);
  g_assert_cmpint (ctl (NULL, NULL, "devices", "fetch", "--limit", "5000", NULL), ==, 2);
  server_id = (char *) "never-linked";
  g_assert_cmpint (ctl (NULL, NULL, "account", NULL), ==, 3);
  server_id = g_steal_pointer (&linked);
}

/* Issue #16: server-supplied text was printed raw. A device whose model and description
 * (anyone in the organisation may type them in ABM) hold terminal escape sequences is
 * shown with the sequences made visible, in every text printer. */
static void
test_control_characters (void)
{
  g_autoptr(JsonObject) state = simulator_state ();
  const char *serial = json_object_get_string_member (
    json_array_get_object_element (json_object_get_array_member (state, "devices"), 5), "serial_number");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *listed = NULL;
  g_autofree char *json = NULL;
  g_autoptr(JsonObject) page = NULL;

  g_ptr_array_add (argv, (gpointer) g_getenv ("ADEPT_DEPSIM"));
  g_ptr_array_add (argv, (gpointer) "edit");
  g_ptr_array_add (argv, (gpointer) serial);
  g_ptr_array_add (argv, (gpointer) "model=\x1b]0;owned\x07\x1b[2JEvil\xc2\x9b" "31m");
  g_ptr_array_add (argv, (gpointer) "--url");
  g_ptr_array_add (argv, sim_url);
  g_assert_cmpint (run_argv (argv, NULL, NULL), ==, 0);

  g_assert_cmpint (ctl (&out, NULL, "devices", "fetch", "--all", NULL), ==, 0);
  g_assert_cmpint (ctl (&shown, NULL, "devices", "show", serial, NULL), ==, 0);
  g_assert_cmpint (ctl (NULL, NULL, "sync", NULL), ==, 0);
  g_assert_cmpint (ctl (&listed, NULL, "devices", "list", NULL), ==, 0);
  for (const char *text = out; text != NULL; text = text == out ? shown : text == shown ? listed : NULL)
    {
      g_assert_null (strchr (text, '\x1b'));
      g_assert_null (strchr (text, '\x07'));
      g_assert_null (strstr (text, "\xc2\x9b"));
      g_assert_nonnull (strstr (text, "\\x1b]0;owned\\x07\\x1b[2JEvil\\u009b31m"));
    }

  /* --json keeps the value itself, as JSON escapes it. */
  g_assert_cmpint (ctl (&json, NULL, "devices", "show", serial, "--json", NULL), ==, 0);
  g_assert_nonnull (strstr (json, "\\u001b]0;owned"));
}

int
main (int    argc,
      char **argv)
{
  int status;

  tmpdir = adept_test_isolate_xdg ();
  /* Its own server name, so keyring items never meet another test's. */
  server_id = g_strdup_printf ("dep-cli-%d", (int) getpid ());

  g_test_init (&argc, &argv, NULL);
  start_simulator ();

  g_test_add_func ("/dep-cli/new-user-flow", test_new_user_flow);
  g_test_add_func ("/dep-cli/profiles-and-assign", test_profiles_and_assign);
  g_test_add_func ("/dep-cli/errors-and-overrides", test_errors_and_overrides);
  g_test_add_func ("/dep-cli/control-characters", test_control_characters);

  status = g_test_run ();
  ctl (NULL, NULL, "unlink", "--yes", NULL);
  stop_simulator ();
  g_free (sim_url);
  g_free (server_id);
  adept_test_cleanup_dir (tmpdir);
  g_free (tmpdir);
  return status;
}
