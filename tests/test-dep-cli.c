/* test-dep-cli.c — adeptctl as a new user runs it, with only the command line: key,
 * token from the simulator program, account, devices, profiles, assign (issue 3)
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "adept-bypass-code.h"
#include "adept-credentials.h"
#include "adept-depsim-catalog.h"
#include "adept-secret.h"
#include "adept-secret-bundle.h"
#include "adept-test-util.h"

#define N_DEVICES 250

static char *tmpdir;
static char *xdg_dir;
/* adeptctl runs with every debug log on (its environment only). */
static gboolean debug_logs;
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

  if (debug_logs)
    {
      g_ptr_array_add (argv, (gpointer) "env");
      g_ptr_array_add (argv, (gpointer) "G_MESSAGES_DEBUG=all");
    }
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

  /* Every page for scripts, printed as the pages come: one document, every device once,
   * and the last page's cursor after them. */
  g_clear_pointer (&json, g_free);
  g_clear_pointer (&page, json_object_unref);
  g_hash_table_remove_all (listed);
  g_assert_cmpint (ctl (&json, NULL, "devices", "fetch", "--all", "--limit", "100", "--json", NULL), ==, 0);
  page = adept_test_parse_object (json);
  devices = json_object_get_array_member (page, "devices");
  g_assert_cmpuint (json_array_get_length (devices), ==, N_DEVICES);
  for (guint i = 0; i < json_array_get_length (devices); i++)
    g_assert_true (g_hash_table_add (listed, g_strdup (json_object_get_string_member (
                     json_array_get_object_element (devices, i), "serial_number"))));
  g_assert_false (json_object_get_boolean_member (page, "more_to_follow"));
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

/* ---- What Apple added up to 2026 (issue 13) ---- */

/* adept-depsim VERB --url SIM ARGS… */
static int
sim_verb (char       **out,
          const char  *first,
          ...) G_GNUC_NULL_TERMINATED;

static int
sim_verb (char       **out,
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
  g_ptr_array_add (argv, (gpointer) "--url");
  g_ptr_array_add (argv, sim_url);
  return run_argv (argv, out, NULL);
}

/* The first device of a family the simulator has on the server. */
static char *
simulator_serial_of (const char *family,
                     guint       skip)
{
  g_autoptr(JsonObject) state = simulator_state ();
  JsonArray *devices = json_object_get_array_member (state, "devices");

  for (guint i = 0; i < json_array_get_length (devices); i++)
    {
      JsonObject *d = json_array_get_object_element (devices, i);

      if (g_str_equal (json_object_get_string_member (d, "device_family"), family) && skip-- == 0)
        return g_strdup (json_object_get_string_member (d, "serial_number"));
    }
  g_error ("no %s in the simulator", family);
}

static JsonObject *
find_by_serial (JsonArray  *array,
                const char *serial)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *o = json_array_get_object_element (array, i);

      if (g_str_equal (json_object_get_string_member (o, "serial_number"), serial))
        return o;
    }
  g_error ("%s not in the answer", serial);
}

static void
test_device_facts (void)
{
  g_autofree char *phone = simulator_serial_of ("iPhone", 0);
  g_autofree char *json = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *out = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonObject) shown = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  JsonObject *listed;

  g_assert_cmpint (ctl (NULL, NULL, "sync", NULL), ==, 0);

  /* devices list --json: Apple's names. */
  g_assert_cmpint (ctl (&json, NULL, "devices", "list", "--json", NULL), ==, 0);
  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  listed = find_by_serial (json_node_get_array (json_parser_get_root (parser)), phone);
  g_assert_true (g_regex_match_simple ("^[0-9A-F]{2}(:[0-9A-F]{2}){5}$",
                                       json_object_get_string_member (listed, "wifi_mac_address"), 0, 0));
  g_assert_nonnull (json_object_get_string_member (listed, "bluetooth_mac_address"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (listed, "imei")), ==, 2);
  g_assert_cmpuint (strlen (json_object_get_string_member (listed, "eid")), ==, 32);

  /* devices list --csv: the same as columns. */
  g_assert_cmpint (ctl (&csv, NULL, "devices", "list", "--csv", NULL), ==, 0);
  lines = g_strsplit (csv, "\r\n", -1);
  g_assert_true (g_str_has_suffix (lines[0], ",wifi_mac_address,bluetooth_mac_address,ethernet_mac_address,"
                                             "imei,meid,eid,is_replacement_device,mdm_migration_deadline"));
  {
    gboolean found = FALSE;

    for (guint i = 1; lines[i] != NULL; i++)
      if (g_str_has_prefix (lines[i], phone))
        {
          g_assert_nonnull (strstr (lines[i], json_array_get_string_element (json_object_get_array_member (listed, "imei"), 0)));
          g_assert_nonnull (strstr (lines[i], ";"));
          found = TRUE;
        }
    g_assert_true (found);
  }

  /* devices show, for people and for scripts. */
  g_assert_cmpint (ctl (&out, NULL, "devices", "show", phone, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Wi-Fi MAC address:"));
  g_assert_nonnull (strstr (out, json_object_get_string_member (listed, "eid")));
  g_clear_pointer (&json, g_free);
  g_assert_cmpint (ctl (&json, NULL, "devices", "show", phone, "--json", NULL), ==, 0);
  shown = adept_test_parse_object (json);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_object_get_object_member (json_object_get_object_member (shown, "devices"), phone),
                      "imei")), ==, 2);
}

static void
test_replacements (void)
{
  g_autofree char *old = simulator_serial_of ("Mac", 0);
  g_autofree char *replacement = NULL;
  g_autofree char *out = NULL;
  g_autofree char *json = NULL;
  g_autoptr(JsonObject) answer = NULL;
  JsonArray *devices;
  JsonObject *o;

  g_assert_cmpint (sim_verb (&replacement, "replace", old, NULL), ==, 0);
  g_strstrip (replacement);
  g_assert_cmpint (ctl (NULL, NULL, "sync", NULL), ==, 0);

  g_assert_cmpint (ctl (&out, NULL, "devices", "replacements", replacement, old, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "REPLACES"));
  g_assert_nonnull (strstr (out, old));
  g_assert_nonnull (strstr (out, "replaced by"));

  g_assert_cmpint (ctl (&json, NULL, "devices", "replacements", replacement, old, "--json", NULL), ==, 0);
  answer = adept_test_parse_object (json);
  devices = json_object_get_array_member (answer, "devices");
  o = find_by_serial (devices, replacement);
  g_assert_cmpstr (json_object_get_string_member (o, "original_device_serial_number"), ==, old);
  g_assert_true (g_regex_match_simple ("^\\d{4}-\\d{2}-\\d{2}$", json_object_get_string_member (o, "replacement_date"), 0, 0));
  o = find_by_serial (devices, old);
  g_assert_cmpstr (json_object_get_string_member (o, "error"), ==, "DEVICE_NOT_FOUND");
  g_assert_true (json_object_get_boolean_member (o, "released_by_replacement"));
  g_assert_cmpstr (json_object_get_string_member (o, "replaced_by"), ==, replacement);

  /* The replacement shows as one in the store. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (ctl (&out, NULL, "devices", "show", replacement, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Replacement:"));
  g_assert_cmpint (ctl (NULL, NULL, "devices", "replacements", NULL), ==, 2);
}

/* Assigned a profile by adeptctl, then switched on: enrolled and supervised. */
static void
enrol (const char *serial)
{
  g_autofree char *profile_file = path_in_tmp ("enrol.json");
  g_autofree char *out = NULL;
  g_autoptr(JsonObject) defined = NULL;

  g_assert_true (g_file_set_contents (profile_file, "{\"profile_name\":\"Lock\",\"url\":\"https://mdm.example.com/e\"}",
                                      -1, NULL));
  g_assert_cmpint (ctl (&out, NULL, "--json", "profiles", "define", profile_file, NULL), ==, 0);
  defined = adept_test_parse_object (out);
  g_assert_cmpint (ctl (NULL, NULL, "assign", json_object_get_string_member (defined, "profile_uuid"), serial, NULL), ==, 0);
  g_assert_cmpint (sim_verb (NULL, "activate", serial, NULL), ==, 0);
}

static char *
lock_escrow_key (const char *serial)
{
  g_autoptr(JsonObject) state = simulator_state ();
  JsonObject *locks = json_object_get_object_member (state, "activation_locks");

  if (!json_object_has_member (locks, serial))
    return NULL;
  return g_strdup (json_object_get_string_member (json_object_get_object_member (locks, serial), "escrow_key"));
}

static void
test_activation_lock (void)
{
  g_autofree char *phone = simulator_serial_of ("iPhone", 1);
  g_autofree char *ipad = simulator_serial_of ("iPad", 1);
  g_autofree char *other = simulator_serial_of ("iPad", 2);
  g_autofree char *export_file = path_in_tmp ("codes.p12");
  g_autofree char *pass_file = path_in_tmp ("pass.txt");
  g_autofree char *short_file = path_in_tmp ("short.txt");
  g_autofree char *json = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;
  g_autofree char *escrow = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(AdeptSecret) code = NULL;
  g_autoptr(AdeptSecret) refused_code = NULL;
  g_autoptr(AdeptSecretBundle) bundle = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) transcript = g_string_new (NULL);
  JsonArray *devices;
  GStatBuf st;

  g_assert_true (g_file_set_contents (pass_file, "lock it up tight\n", -1, NULL));
  g_assert_true (g_file_set_contents (short_file, "short\n", -1, NULL));
  enrol (phone);

  /* No export file, no terminal to ask on: nothing is done. */
  g_assert_cmpint (ctl (NULL, &err, "devices", "activation-lock", phone, "--passphrase-file", pass_file, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--export"));
  g_assert_cmpint (ctl (NULL, NULL, "devices", "activation-lock", phone, "--export", export_file,
                        "--passphrase-file", short_file, NULL), ==, 2);
  g_assert_null (adept_credentials_lookup_bypass_code_sync (phone, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (export_file, G_FILE_TEST_EXISTS));

  /* With debug logs on: the codes must show nowhere but in the keyring and the export. */
  debug_logs = TRUE;
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ctl (&json, &err, "devices", "activation-lock", phone, ipad, "--export", export_file,
                        "--passphrase-file", pass_file, "--lost-message", "Call IT", "--json", NULL), ==, 1);
  g_string_append_printf (transcript, "%s%s", json, err);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ctl (&out, &err, "devices", "activation-lock", other, "--export", export_file,
                        "--passphrase-file", pass_file, NULL), ==, 1);
  g_string_append_printf (transcript, "%s%s", out, err);
  debug_logs = FALSE;

  answer = adept_test_parse_object (json);
  devices = json_object_get_array_member (answer, "devices");
  g_assert_cmpstr (json_object_get_string_member (find_by_serial (devices, phone), "response_status"), ==, "SUCCESS");
  g_assert_cmpstr (json_object_get_string_member (find_by_serial (devices, ipad), "response_status"), ==,
                   "DEVICE_NOT_SUPPORTED");
  g_assert_false (json_object_has_member (find_by_serial (devices, phone), "bypass_code"));
  g_assert_cmpstr (json_object_get_string_member (answer, "export"), ==, export_file);
  g_assert_nonnull (strstr (out, "DEVICE_NOT_SUPPORTED"));
  g_assert_nonnull (strstr (out, "loses the code"));

  /* The keyring holds the code whose hash Apple escrowed; a refused device keeps none. */
  code = adept_credentials_lookup_bypass_code_sync (phone, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (adept_bypass_code_is_valid (code));
  escrow = lock_escrow_key (phone);
  expected = adept_bypass_code_dup_escrow_key (code, NULL);
  g_assert_cmpstr (escrow, ==, expected);
  refused_code = adept_credentials_lookup_bypass_code_sync (ipad, NULL, &error);
  g_assert_null (refused_code);

  /* The export: private, opened with the passphrase, holding the code. */
  g_assert_cmpint (g_stat (export_file, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  bundle = adept_secret_bundle_new_from_file (export_file, "lock it up tight", &error);
  g_assert_no_error (error);
  {
    g_autofree char *name = g_strconcat ("bypass-code/", phone, NULL);

    g_assert_cmpstr (adept_secret_bundle_lookup (bundle, name), ==, code);
  }

  adept_test_assert_no_secret ("adeptctl output", transcript->str, transcript->len,
                               (const char * const []) { code, NULL });
  g_assert_nonnull (strstr (transcript->str, "adept-dep-client-DEBUG"));
  adept_test_assert_dir_has_no_secret (xdg_dir, (const char * const []) { code, NULL });

  /* Locked from here already: skipped, nothing asked again. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (ctl (&out, NULL, "devices", "activation-lock", phone, "--export", export_file,
                        "--passphrase-file", pass_file, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "already locked"));

  /* Shown only when asked plainly. */
  g_assert_cmpint (ctl (NULL, NULL, "devices", "bypass-code", phone, NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (ctl (&out, NULL, "devices", "bypass-code", phone, "--yes-show-secret", NULL), ==, 0);
  g_assert_nonnull (strstr (out, code));
  g_assert_nonnull (strstr (out, "SUCCESS"));
  g_assert_cmpint (ctl (NULL, NULL, "devices", "bypass-code", ipad, "--yes-show-secret", NULL), ==, 1);

  g_assert_true (adept_credentials_delete_bypass_code_sync (phone, NULL, NULL));
}

static void
test_account_enrollment (void)
{
  g_autofree char *out = NULL;
  g_autofree char *json = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonObject) shown = NULL;

  g_assert_cmpint (ctl (&out, NULL, "account-enrollment", "show", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "off"));
  g_assert_cmpint (ctl (&json, NULL, "--json", "account-enrollment", "set",
                        "https://mdm.example.com/.well-known/com.apple.remotemanagement", NULL), ==, 0);
  shown = adept_test_parse_object (json);
  g_assert_cmpstr (json_object_get_string_member (shown, "mdm_service_discovery_url"), ==,
                   "https://mdm.example.com/.well-known/com.apple.remotemanagement");
  g_assert_nonnull (json_object_get_string_member (shown, "last_updated_timestamp"));
  g_assert_cmpint (ctl (NULL, &err, "account-enrollment", "set", "http://mdm.example.com/sd", NULL), ==, 4);
  g_assert_nonnull (strstr (err, "https://"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (ctl (&out, NULL, "account-enrollment", "delete", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "off"));
  g_assert_cmpint (ctl (NULL, NULL, "account-enrollment", "set", NULL), ==, 2);
}

static void
test_beta_tokens (void)
{
  g_autofree char *json = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonObject) answer = NULL;

  g_assert_cmpint (ctl (&json, NULL, "beta-tokens", "--json", NULL), ==, 0);
  answer = adept_test_parse_object (json);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (answer, "betaEnrollmentTokens")), >=, 4);
  g_assert_cmpint (ctl (&out, NULL, "beta-tokens", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "PROGRAM"));

  g_assert_cmpint (sim_verb (NULL, "org", "beta-enrollment", "off", NULL), ==, 0);
  g_assert_cmpint (ctl (NULL, &err, "beta-tokens", NULL), ==, 5);
  g_assert_nonnull (strstr (err, "AppleSeed for IT"));
  g_assert_cmpint (sim_verb (NULL, "org", "beta-enrollment", "on", NULL), ==, 0);
}

static void
test_disown (void)
{
  g_autofree char *serial = simulator_serial_of ("AppleTV", 0);
  g_autofree char *err = NULL;
  g_autofree char *json = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(JsonObject) state = NULL;
  JsonArray *elsewhere;
  gboolean gone = FALSE;

  g_assert_cmpint (ctl (NULL, &err, "devices", "disown", serial, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "for good"));
  g_assert_cmpint (ctl (&json, NULL, "devices", "disown", "--yes-remove-from-organization", serial,
                        "NOTASERIAL42", "--json", NULL), ==, 1);
  answer = adept_test_parse_object (json);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (answer, "devices"), serial),
                   ==, "SUCCESS");
  state = simulator_state ();
  elsewhere = json_object_get_array_member (state, "elsewhere");
  for (guint i = 0; i < json_array_get_length (elsewhere); i++)
    gone |= g_str_equal (json_array_get_string_element (elsewhere, i), serial);
  g_assert_true (gone);
}

int
main (int    argc,
      char **argv)
{
  int status;

  tmpdir = adept_test_isolate_xdg ();
  xdg_dir = tmpdir;
  /* Its own server name, so keyring items never meet another test's. */
  server_id = g_strdup_printf ("dep-cli-%d", (int) getpid ());

  g_test_init (&argc, &argv, NULL);
  start_simulator ();

  g_test_add_func ("/dep-cli/new-user-flow", test_new_user_flow);
  g_test_add_func ("/dep-cli/profiles-and-assign", test_profiles_and_assign);
  g_test_add_func ("/dep-cli/errors-and-overrides", test_errors_and_overrides);
  g_test_add_func ("/dep-cli/control-characters", test_control_characters);
  g_test_add_func ("/dep-cli/device-facts", test_device_facts);
  g_test_add_func ("/dep-cli/replacements", test_replacements);
  g_test_add_func ("/dep-cli/activation-lock", test_activation_lock);
  g_test_add_func ("/dep-cli/account-enrollment", test_account_enrollment);
  g_test_add_func ("/dep-cli/beta-tokens", test_beta_tokens);
  g_test_add_func ("/dep-cli/disown", test_disown);

  status = g_test_run ();
  ctl (NULL, NULL, "unlink", "--yes", NULL);
  stop_simulator ();
  g_free (sim_url);
  g_free (server_id);
  adept_test_cleanup_dir (tmpdir);
  g_free (tmpdir);
  return status;
}
