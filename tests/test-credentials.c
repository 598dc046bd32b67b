/* test-credentials.c — the keyring, against the real gnome-keyring the runner starts, and
 * with no Secret Service at all
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsecret/secret.h>
#include <string.h>
#include <unistd.h>

#include "adept-context.h"
#include "adept-credentials.h"
#include "adept-error.h"
#include "adept-secret.h"
#include "adept-test-util.h"

#define SECRET_A "s3cret-A-0123456789abcdef"
#define SECRET_B "s3cret-B-fedcba9876543210"

static char *xdg_dir;
static char *test_ns;

static void
assert_lookup (const char      *server_id,
               AdeptSecretKind  kind,
               const char      *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptSecret) secret = adept_credentials_lookup_sync (server_id, kind, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (secret, ==, expected);
}

static void
store (const char      *server_id,
       AdeptSecretKind  kind,
       const char      *secret)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (adept_credentials_store_sync (server_id, kind, NULL, secret, NULL, &error));
  g_assert_no_error (error);
}

static void
clear (const char *server_id,
       int         kind)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (adept_credentials_clear_sync (server_id, kind, NULL, &error));
  g_assert_no_error (error);
}

static void
test_store_lookup_replace_delete (void)
{
  assert_lookup ("rt", ADEPT_SECRET_OAUTH_TOKENS, NULL);

  store ("rt", ADEPT_SECRET_OAUTH_TOKENS, SECRET_A);
  assert_lookup ("rt", ADEPT_SECRET_OAUTH_TOKENS, SECRET_A);

  /* Storing again replaces: one item, the new value. */
  store ("rt", ADEPT_SECRET_OAUTH_TOKENS, SECRET_B);
  assert_lookup ("rt", ADEPT_SECRET_OAUTH_TOKENS, SECRET_B);

  clear ("rt", ADEPT_SECRET_OAUTH_TOKENS);
  assert_lookup ("rt", ADEPT_SECRET_OAUTH_TOKENS, NULL);
  /* Clearing what is not there is not an error. */
  clear ("rt", ADEPT_SECRET_OAUTH_TOKENS);
}

static void
test_separation (void)
{
  g_autofree char *other_ns = g_strconcat (test_ns, "-other", NULL);

  store ("one", ADEPT_SECRET_PRIVATE_KEY, SECRET_A);
  store ("two", ADEPT_SECRET_PRIVATE_KEY, SECRET_B);
  store ("one", ADEPT_SECRET_OAUTH_TOKENS, SECRET_B);

  assert_lookup ("one", ADEPT_SECRET_PRIVATE_KEY, SECRET_A);
  assert_lookup ("two", ADEPT_SECRET_PRIVATE_KEY, SECRET_B);
  assert_lookup ("one", ADEPT_SECRET_OAUTH_TOKENS, SECRET_B);
  assert_lookup ("two", ADEPT_SECRET_OAUTH_TOKENS, NULL);
  assert_lookup ("one", ADEPT_SECRET_MDM_API_KEY, NULL);

  /* Another namespace (the demo's, say) sees none of it and keeps its own. */
  adept_context_set_namespace (other_ns);
  assert_lookup ("one", ADEPT_SECRET_PRIVATE_KEY, NULL);
  store ("one", ADEPT_SECRET_PRIVATE_KEY, SECRET_B);
  assert_lookup ("one", ADEPT_SECRET_PRIVATE_KEY, SECRET_B);
  clear ("one", -1);

  adept_context_set_namespace (test_ns);
  assert_lookup ("one", ADEPT_SECRET_PRIVATE_KEY, SECRET_A);

  /* Clearing every kind of one server leaves the other server alone. */
  clear ("one", -1);
  assert_lookup ("one", ADEPT_SECRET_PRIVATE_KEY, NULL);
  assert_lookup ("one", ADEPT_SECRET_OAUTH_TOKENS, NULL);
  assert_lookup ("two", ADEPT_SECRET_PRIVATE_KEY, SECRET_B);
  clear ("two", -1);
}

static void
test_item_label_and_attributes (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SecretService) service = NULL;
  g_autoptr(GHashTable) query = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  g_autofree char *label = NULL;
  GList *items;
  SecretItem *item;

  store ("labelled", ADEPT_SECRET_OAUTH_TOKENS, SECRET_A);

  /* Read the item back the way Seahorse would: by its schema name, not through Adept. */
  service = secret_service_get_sync (SECRET_SERVICE_NONE, NULL, &error);
  g_assert_no_error (error);
  query = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (query, (gpointer) "xdg:schema", (gpointer) APP_ID);
  g_hash_table_insert (query, (gpointer) "namespace", test_ns);
  g_hash_table_insert (query, (gpointer) "server", (gpointer) "labelled");
  items = secret_service_search_sync (service, NULL, query, SECRET_SEARCH_ALL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_length (items), ==, 1);

  item = items->data;
  label = secret_item_get_label (item);
  g_assert_nonnull (strstr (label, "Adept: DEP server token (server “labelled”)"));
  attributes = secret_item_get_attributes (item);
  g_assert_cmpstr (g_hash_table_lookup (attributes, "kind"), ==, "oauth-tokens");
  g_assert_cmpstr (g_hash_table_lookup (attributes, "generation"), ==, "1");
  g_list_free_full (items, g_object_unref);

  clear ("labelled", -1);
}

static guint
count_files (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;
  guint n = 0;

  if (dir == NULL)
    return g_file_test (path, G_FILE_TEST_IS_REGULAR) ? 1 : 0;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      n += count_files (child);
    }
  return n;
}

/* Run in a child whose session bus has no Secret Service (or does not exist), and whose
 * environment asks libsecret for its file backend: every call must fail with our error,
 * and not one file may appear. */
static void
no_service_child (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptSecret) secret = NULL;

  /* As with G_MESSAGES_DEBUG=all: the debug log must not leak either. */
  g_log_set_debug_enabled (TRUE);
  g_assert_false (adept_credentials_store_sync ("nosvc", ADEPT_SECRET_PRIVATE_KEY, NULL,
                                                SECRET_A, NULL, &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_KEYRING_UNAVAILABLE);
  g_assert_cmpstr (error->message, ==,
                   adept_error_default_message (ADEPT_ERROR_KEYRING_UNAVAILABLE));
  g_clear_error (&error);

  secret = adept_credentials_lookup_sync ("nosvc", ADEPT_SECRET_PRIVATE_KEY, NULL, &error);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_KEYRING_UNAVAILABLE);
  g_assert_null (secret);
  g_clear_error (&error);

  g_assert_false (adept_credentials_clear_sync ("nosvc", -1, NULL, &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_KEYRING_UNAVAILABLE);

  g_assert_cmpuint (count_files (xdg_dir), ==, 0);
  adept_test_assert_dir_has_no_secret (xdg_dir, (const char * const[]) { SECRET_A, NULL });
}

static void
run_child_with_bus (const char *bus_address,
                    const char *test_path)
{
  g_autofree char *saved = g_strdup (g_getenv ("DBUS_SESSION_BUS_ADDRESS"));

  g_setenv ("DBUS_SESSION_BUS_ADDRESS", bus_address, TRUE);
  g_setenv ("SECRET_BACKEND", "file", TRUE);
  g_setenv ("SECRET_FILE_TEST_PASSWORD", "adept-test", TRUE);
  g_test_trap_subprocess (test_path, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_unsetenv ("SECRET_FILE_TEST_PASSWORD");
  g_unsetenv ("SECRET_BACKEND");
  if (saved != NULL)
    g_setenv ("DBUS_SESSION_BUS_ADDRESS", saved, TRUE);
  else
    g_unsetenv ("DBUS_SESSION_BUS_ADDRESS");

  g_test_trap_assert_passed ();
  /* The library's reason is in the debug log, the secret is nowhere. */
  g_test_trap_assert_stdout ("*Secret Service call failed*");
  g_test_trap_assert_stdout_unmatched ("*" SECRET_A "*");
  g_test_trap_assert_stderr_unmatched ("*" SECRET_A "*");
}

static void
test_no_bus (void)
{
  if (g_test_subprocess ())
    {
      no_service_child ();
      return;
    }
  run_child_with_bus ("unix:path=/nonexistent/adept-no-bus", NULL);
}

/* A session bus of our own that knows no services, so org.freedesktop.secrets cannot be
 * activated: the "not provided by any .service files" case of a desktop without a keyring. */
static GSubprocess *
start_bare_bus (const char  *dir,
                char       **address)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *conf_path = g_build_filename (dir, "bare-bus.conf", NULL);
  g_autofree char *conf = g_strdup_printf (
    "<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\"\n"
    " \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
    "<busconfig>\n"
    "  <type>session</type>\n"
    "  <listen>unix:dir=%s</listen>\n"
    "  <auth>EXTERNAL</auth>\n"
    "  <policy context=\"default\">\n"
    "    <allow send_destination=\"*\" eavesdrop=\"true\"/>\n"
    "    <allow eavesdrop=\"true\"/>\n"
    "    <allow own=\"*\"/>\n"
    "  </policy>\n"
    "</busconfig>\n", dir);
  g_autofree char *config_arg = g_strconcat ("--config-file=", conf_path, NULL);
  g_autoptr(GDataInputStream) out = NULL;
  GSubprocess *bus;

  g_assert_true (g_file_set_contents (conf_path, conf, -1, &error));
  bus = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                          &error, "dbus-daemon", config_arg, "--print-address=1", "--nofork",
                          NULL);
  g_assert_no_error (error);

  /* The daemon prints its address once it listens: reading it is the synchronisation. */
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (bus));
  *address = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (*address);
  return bus;
}

static void
test_bus_without_secret_service (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *address = NULL;
  g_autoptr(GSubprocess) bus = NULL;

  if (g_test_subprocess ())
    {
      no_service_child ();
      return;
    }

  dir = adept_test_make_tmpdir ();
  bus = start_bare_bus (dir, &address);
  run_child_with_bus (address, NULL);
  g_test_trap_assert_stdout ("*org.freedesktop.secrets*");

  g_subprocess_force_exit (bus);
  g_subprocess_wait (bus, NULL, NULL);
  adept_test_cleanup_dir (dir);
}

/* With a working keyring, SECRET_BACKEND=file must change nothing: the item lands in the
 * Secret Service (the parent finds it there) and no keyring file appears. */
static void
test_file_backend_ignored (void)
{
  if (g_test_subprocess ())
    {
      store ("backend", ADEPT_SECRET_PRIVATE_KEY, SECRET_B);
      g_assert_cmpuint (count_files (xdg_dir), ==, 0);
      return;
    }

  g_setenv ("SECRET_BACKEND", "file", TRUE);
  g_setenv ("SECRET_FILE_TEST_PASSWORD", "adept-test", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_unsetenv ("SECRET_BACKEND");
  g_unsetenv ("SECRET_FILE_TEST_PASSWORD");
  g_test_trap_assert_passed ();

  assert_lookup ("backend", ADEPT_SECRET_PRIVATE_KEY, SECRET_B);
  clear ("backend", -1);
}

/* Bypass codes: one item per device, listed together, and kept when a server's link is
 * cleared (a lost code locks a device for good). */
static void
test_bypass_codes (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) codes = NULL;
  g_autoptr(AdeptSecret) code = NULL;

  g_assert_true (adept_credentials_store_bypass_code_sync ("C02BYPASS001", "3UM43-PUYVY-QYD1-UVCC-HEHJ-FKA4", NULL, &error));
  g_assert_true (adept_credentials_store_bypass_code_sync ("C02BYPASS002", "TF27L-31WN1-E6FH-DMAM-52X5-NFV0", NULL, &error));
  g_assert_no_error (error);
  store ("bypass-test", ADEPT_SECRET_OAUTH_TOKENS, SECRET_A);

  codes = adept_credentials_list_bypass_codes_sync (NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (codes), ==, 2);
  g_assert_cmpstr (g_hash_table_lookup (codes, "C02BYPASS002"), ==, "TF27L-31WN1-E6FH-DMAM-52X5-NFV0");

  /* Unlinking clears the link's credentials, not the codes. */
  clear ("bypass-test", -1);
  assert_lookup ("bypass-test", ADEPT_SECRET_OAUTH_TOKENS, NULL);
  code = adept_credentials_lookup_bypass_code_sync ("C02BYPASS001", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (code, ==, "3UM43-PUYVY-QYD1-UVCC-HEHJ-FKA4");

  /* Deleting one leaves the other; the codes never touch a file. */
  g_assert_true (adept_credentials_delete_bypass_code_sync ("C02BYPASS001", NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&code, adept_secret_free);
  code = adept_credentials_lookup_bypass_code_sync ("C02BYPASS001", NULL, &error);
  g_assert_null (code);
  g_clear_pointer (&codes, g_hash_table_unref);
  codes = adept_credentials_list_bypass_codes_sync (NULL, &error);
  g_assert_cmpuint (g_hash_table_size (codes), ==, 1);
  adept_test_assert_dir_has_no_secret (xdg_dir, (const char * const []) { "TF27L-31WN1-E6FH", NULL });
  g_assert_true (adept_credentials_delete_bypass_code_sync ("C02BYPASS002", NULL, &error));
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  xdg_dir = adept_test_isolate_xdg ();

  /* One namespace per run (children inherit it), so parallel tests never share items. */
  if (g_getenv ("ADEPT_TEST_NAMESPACE") == NULL)
    {
      g_autofree char *ns = g_strdup_printf ("test-cred-%d-%08x", (int) getpid (),
                                             g_random_int ());
      g_setenv ("ADEPT_TEST_NAMESPACE", ns, TRUE);
    }
  test_ns = g_strdup (g_getenv ("ADEPT_TEST_NAMESPACE"));
  adept_context_set_namespace (test_ns);

  g_test_add_func ("/credentials/store-lookup-replace-delete", test_store_lookup_replace_delete);
  g_test_add_func ("/credentials/separation", test_separation);
  g_test_add_func ("/credentials/bypass-codes", test_bypass_codes);
  g_test_add_func ("/credentials/label-and-attributes", test_item_label_and_attributes);
  g_test_add_func ("/credentials/no-bus", test_no_bus);
  g_test_add_func ("/credentials/bus-without-secret-service", test_bus_without_secret_service);
  g_test_add_func ("/credentials/file-backend-ignored", test_file_backend_ignored);
  status = g_test_run ();

  adept_test_cleanup_dir (xdg_dir);
  g_free (xdg_dir);
  g_free (test_ns);
  return status;
}
