/* test-org-cli.c — adeptctl org as an admin runs it, against the simulator program: the
 * API account connected from a .pem or standard input (the key in the keyring only),
 * refusals with clear sentences, the organisation listed, devices assigned and migrated,
 * and no secret in any output, log or file (issue 14)
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "adept-credentials.h"
#include "adept-secret.h"
#include "adept-test-util.h"
#include "sync-test-util.h"

#define PIECE 12
#define STEP  4

static char *tmpdir;
static char *server_id;
static SyncTestSimulator sim;
static GString *transcript;
static GPtrArray *secrets;

static void
start_simulator (void)
{
  const char *args[] = { "--port", "0", "--devices", "30", "--org-devices", "60", "--seed", "13", NULL };

  sync_test_simulator_start (&sim, NULL, args);
}

/* argv: adeptctl or the simulator program, and its arguments. */
static int
run (GPtrArray   *argv,
     const char  *input,
     char       **out,
     char       **err)
{
  g_autoptr(GPtrArray) full = g_ptr_array_new ();
  g_autofree char *local_out = NULL;
  g_autofree char *local_err = NULL;
  gboolean is_ctl = g_str_equal (argv->pdata[0], g_getenv ("ADEPTCTL"));
  int status;

  /* adeptctl's debug log is part of what must hold no secret (it goes to stderr); the
   * simulator's would mix with the files it prints. */
  g_ptr_array_add (full, (gpointer) "env");
  g_ptr_array_add (full, (gpointer) (is_ctl ? "G_MESSAGES_DEBUG=all" : "--unset=G_MESSAGES_DEBUG"));
  g_ptr_array_extend (full, argv, NULL, NULL);
  g_ptr_array_add (full, NULL);
  status = adept_test_run ((const char * const *) full->pdata, input, &local_out, &local_err);

  /* What adeptctl printed must hold no secret; the simulator (Apple) may show its own. */
  if (is_ctl)
    g_string_append_printf (transcript, "$ adeptctl %s…\n%s%s", (char *) argv->pdata[3], local_out, local_err);
  g_test_message ("%s %s → %d", (char *) argv->pdata[1], (char *) argv->pdata[2], status);
  if (out != NULL)
    *out = g_steal_pointer (&local_out);
  if (err != NULL)
    *err = g_steal_pointer (&local_err);
  return status;
}

/* adeptctl --server ID ARGS…, with input on standard input when not NULL. */
static int
ctl_in (const char  *input,
        char       **out,
        char       **err,
        const char  *first,
        ...) G_GNUC_NULL_TERMINATED;

static int
ctl_in (const char  *input,
        char       **out,
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
  return run (argv, input, out, err);
}

#define ctl(out, err, ...) ctl_in (NULL, out, err, __VA_ARGS__)

static int
depsim (char       **out,
        const char  *first,
        ...) G_GNUC_NULL_TERMINATED;

static int
depsim (char       **out,
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
  g_ptr_array_add (argv, sim.base);
  return run (argv, NULL, out, NULL);
}

static JsonObject *
simulator_state (void)
{
  g_autofree char *out = NULL;

  g_assert_cmpint (depsim (&out, "state", NULL), ==, 0);
  return adept_test_parse_object (out);
}

/* POST an admin request the program has no verb for. */
static void
admin_post (const char *path,
            const char *json)
{
  g_autofree char *full = g_strconcat ("/_adept/", path, NULL);

  g_free (sync_test_simulator_call (&sim, "POST", full, json));
}

static char *
path_in_tmp (const char *name)
{
  return g_build_filename (tmpdir, name, NULL);
}

static void
add_secret (const char *secret)
{
  gsize len = strlen (secret);

  g_ptr_array_add (secrets, g_strdup (secret));
  for (gsize i = 0; i + PIECE <= len; i += STEP)
    g_ptr_array_add (secrets, g_strndup (secret + i, PIECE));
}

/* The private scalar of the EC key, as openssl prints it, and every line of the PEM. */
static void
add_ec_key (const char *path)
{
  g_autofree char *pem = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) priv = g_string_new (NULL);
  g_autoptr(GString) body = g_string_new (NULL);
  const char *argv[] = { "openssl", "ec", "-in", path, "-noout", "-text", NULL };
  gboolean in_priv = FALSE;

  g_assert_true (g_file_get_contents (path, &pem, NULL, NULL));
  lines = g_strsplit (pem, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (!g_str_has_prefix (lines[i], "-----") && *lines[i] != '\0')
      g_string_append (body, lines[i]);
  add_secret (body->str);
  g_strfreev (lines);

  g_assert_cmpint (adept_test_run (argv, NULL, &text, NULL), ==, 0);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "priv:"))
        in_priv = TRUE;
      else if (in_priv && g_ascii_isspace (lines[i][0]))
        for (const char *p = lines[i]; *p != '\0'; p++)
          {
            if (g_ascii_isxdigit (*p))
              g_string_append_c (priv, *p);
          }
      else if (in_priv)
        break;
    }
  g_assert_cmpuint (priv->len, >=, 60);
  add_secret (priv->str);
}

static void
add_access_tokens (void)
{
  g_autoptr(JsonObject) state = simulator_state ();
  JsonArray *tokens = json_object_get_array_member (json_object_get_object_member (state, "business"),
                                                    "access_tokens");

  for (guint i = 0; i < json_array_get_length (tokens); i++)
    add_secret (json_array_get_string_element (tokens, i));
}

/* key generate → key export → a token from the simulated ABM → token import. */
static void
link_with_simulator (void)
{
  g_autofree char *cert = path_in_tmp ("adept.pem");
  g_autofree char *token_file = path_in_tmp ("Simulator_Token_2026-01-01T00-00-00Z_smime.p7m");
  g_autofree char *token = NULL;

  g_assert_cmpint (ctl (NULL, NULL, "key", "generate", NULL), ==, 0);
  g_assert_cmpint (ctl (NULL, NULL, "key", "export", "--out", cert, NULL), ==, 0);
  g_assert_cmpint (depsim (&token, "token", "--cert", cert, NULL), ==, 0);
  g_assert_true (g_file_set_contents (token_file, token, -1, NULL));
  g_assert_cmpint (ctl (NULL, NULL, "token", "import", token_file, "--base-url", sim.base, NULL), ==, 0);
}

typedef struct {
  char *client_id;
  char *key_id;
  char *token_url;
  char *api_url;
  char *key_path;
} Account;

static void
account_clear (Account *account)
{
  g_free (account->client_id);
  g_free (account->key_id);
  g_free (account->token_url);
  g_free (account->api_url);
  g_free (account->key_path);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Account, account_clear)

static const char *
value_of (char      **lines,
          const char *name)
{
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], name) && lines[i][strlen (name)] == '=')
      return lines[i] + strlen (name) + 1;
  g_error ("no %s= line", name);
}

/* adept-depsim api-account, as the admin creates an API account in Apple Business. */
static void
make_account (Account    *account,
              const char *file,
              gboolean    sec1)
{
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;

  account->key_path = path_in_tmp (file);
  if (sec1)
    g_assert_cmpint (depsim (&out, "api-account", "--out", account->key_path, "--sec1", NULL), ==, 0);
  else
    g_assert_cmpint (depsim (&out, "api-account", "--out", account->key_path, NULL), ==, 0);
  lines = g_strsplit (out, "\n", -1);
  account->client_id = g_strdup (value_of (lines, "client_id"));
  account->key_id = g_strdup (value_of (lines, "key_id"));
  account->token_url = g_strdup (value_of (lines, "token_url"));
  account->api_url = g_strdup (value_of (lines, "api_url"));
  g_assert_true (g_str_has_prefix (account->client_id, "BUSINESSAPI."));
  add_ec_key (account->key_path);
}

static char *
org_owner (void)
{
  g_autofree char *out = NULL;
  g_autoptr(JsonObject) account = NULL;

  g_assert_cmpint (ctl (&out, NULL, "--json", "account", NULL), ==, 0);
  account = adept_test_parse_object (out);
  return adept_credentials_org_owner (json_object_get_string_member (account, "org_id"));
}

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p != '\0'; p++)
    if (*p == '\n')
      n++;
  return n;
}

static void
test_org_flow (void)
{
  g_auto(Account) account = { 0, };
  g_auto(Account) other = { 0, };
  g_autofree char *owner = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *key = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) state = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonObject) job = NULL;
  g_autofree char *this_id = NULL;
  g_autofree char *activity_id = NULL;
  JsonArray *array;
  guint unassigned_count;
  const char *serials[4];

  link_with_simulator ();
  owner = org_owner ();
  make_account (&account, "business.pem", FALSE);
  make_account (&other, "other.pem", TRUE);

  /* The other account's key with this account's ids: Apple says they do not belong
   * together, and nothing is kept. */
  g_assert_cmpint (ctl (NULL, &err, "org", "connect", "--client-id", account.client_id, "--key-id", account.key_id,
                        "--key", other.key_path, "--token-url", account.token_url, "--api-url", account.api_url,
                        NULL), ==, 5);
  adept_test_assert_contains (err, "do not belong together");
  g_assert_null (adept_credentials_lookup_sync (owner, ADEPT_SECRET_BUSINESS_API, NULL, &error));
  g_assert_no_error (error);

  /* A key that is not EC P-256 says so. */
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ctl (NULL, &err, "org", "connect", "--client-id", account.client_id, "--key-id", account.key_id,
                        "--key", "/dev/zero", NULL), ==, 4);
  adept_test_assert_contains (err, "is not a regular file");

  /* From standard input, as a password manager pipes it. */
  g_assert_true (g_file_get_contents (account.key_path, &key, NULL, NULL));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (ctl_in (key, &out, NULL, "org", "connect", "--client-id", account.client_id,
                           "--key-id", account.key_id, "--key", "-", "--token-url", account.token_url,
                           "--api-url", account.api_url, NULL), ==, 0);
  adept_test_assert_contains (out, "Connected organization");
  stored = adept_credentials_lookup_sync (owner, ADEPT_SECRET_BUSINESS_API, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (stored);
  adept_test_assert_contains (stored, account.client_id);
  /* The key itself, in the keyring (JSON escapes its line breaks). */
  {
    g_auto(GStrv) lines = g_strsplit (key, "\n", -1);

    adept_test_assert_contains (stored, lines[1]);
  }

  /* Devices: listed at first use; unassigned ones as the simulator has them. */
  state = simulator_state ();
  unassigned_count = json_object_get_int_member (json_object_get_object_member (state, "business"), "unassigned");
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (ctl (&out, NULL, "org", "devices", "--filter", "unassigned", "--json", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (array), ==, unassigned_count);
  for (guint i = 0; i < 3; i++)
    serials[i] = g_strdup (json_object_get_string_member (json_array_get_object_element (array, i), "serialNumber"));
  serials[3] = NULL;

  g_clear_pointer (&out, g_free);
  g_assert_cmpint (ctl (&out, NULL, "org", "devices", "--csv", NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, "serialNumber,deviceModel,"));
  g_assert_cmpuint (count_lines (out), ==, 1 + 90);
  {
    const char *order = json_object_get_string_member_with_default (json_array_get_object_element (array, 0),
                                                                    "orderNumber", NULL);
    if (order != NULL)
      {
        g_clear_pointer (&out, g_free);
        g_assert_cmpint (ctl (&out, NULL, "org", "devices", "--search", order, NULL), ==, 0);
        adept_test_assert_contains (out, serials[0]);
      }
  }

  g_clear_pointer (&out, g_free);
  g_assert_cmpint (ctl (&out, NULL, "org", "servers", "--json", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (array), ==, 4);
  for (guint i = 0; i < 4; i++)
    if (json_object_get_boolean_member (json_array_get_object_element (array, i), "thisServer"))
      this_id = g_strdup (json_object_get_string_member (json_array_get_object_element (array, i), "id"));
  {
    g_autofree char *acct = NULL;
    g_autoptr(JsonObject) dep = NULL;

    g_assert_cmpint (ctl (&acct, NULL, "--json", "account", NULL), ==, 0);
    dep = adept_test_parse_object (acct);
    g_assert_cmpstr (this_id, ==, json_object_get_string_member (dep, "server_uuid"));
  }

  /* Assign three and one that is not the organisation's: exit 1, the refusal shown. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (ctl (&out, NULL, "org", "assign", serials[0], serials[1], serials[2], "NOTINTHEORG", NULL), ==, 1);
  adept_test_assert_contains (out, "3 devices assigned to “Adept Simulator MDM”. 1 device was refused.");
  adept_test_assert_contains (out, "DEVICE_NOT_FOUND");
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (ctl (&out, NULL, "sync", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (ctl (&out, NULL, "devices", "list", "--csv", NULL), ==, 0);
  adept_test_assert_contains (out, serials[1]);

  /* One moves to another server of the organisation, by name. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (ctl (&out, NULL, "--json", "org", "assign", serials[2], "--to", "Legacy MDM", NULL), ==, 0);
  job = adept_test_parse_object (out);
  g_assert_cmpint (json_object_get_int_member (job, "succeeded"), ==, 1);
  activity_id = g_strdup (json_array_get_string_element (json_object_get_array_member (job, "activities"), 0));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (ctl (&out, NULL, "org", "activity", activity_id, NULL), ==, 0);
  adept_test_assert_contains (out, "COMPLETED_WITH_SUCCESS");
  adept_test_assert_contains (out, "1 device, 1 succeeded, 0 failed");
  g_assert_cmpint (ctl (NULL, NULL, "org", "assign", serials[2], "--to", "No Such MDM", NULL), ==, 4);

  /* Migration: a deadline for a device on another server that Apple says can migrate. */
  {
    g_autofree char *facts = g_strdup_printf ("{\"serial\":\"%s\",\"fields\":{\"os\":26,\"shared_ipad\":0,"
                                              "\"return_to_service\":0,\"configurator\":0}}", serials[2]);
    g_autoptr(JsonObject) migrations = NULL;
    g_autoptr(JsonObject) set = NULL;

    admin_post ("business/facts", facts);
    g_assert_cmpint (ctl (NULL, NULL, "org", "refresh", "--quiet", NULL), ==, 0);
    g_clear_pointer (&out, g_free);
    g_assert_cmpint (ctl (&out, NULL, "--json", "org", "assign", serials[2], "--deadline", "30d", NULL), ==, 0);
    set = adept_test_parse_object (out);
    g_assert_cmpstr (json_object_get_string_member (set, "activityType"), ==,
                     "ASSIGN_DEVICES_WITH_MDM_MIGRATION_DEADLINE");
    g_clear_pointer (&state, json_object_unref);
    state = simulator_state ();
    migrations = json_object_ref (json_object_get_object_member (json_object_get_object_member (state, "business"),
                                                                 "migrations"));
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (migrations, serials[2]), "status"),
                     ==, "REQUESTED");
  }
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ctl (NULL, &err, "org", "deadline", serials[2], "--deadline", "100d", NULL), ==, 4);
  adept_test_assert_contains (err, "90 days");
  g_assert_cmpint (ctl (NULL, NULL, "org", "deadline", serials[2], "--deadline", "60d", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (ctl (&out, NULL, "org", "devices", "--search", serials[2], NULL), ==, 0);
  adept_test_assert_contains (out, "REQUESTED");
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (ctl (&out, NULL, "org", "deadline", serials[2], "--cancel", NULL), ==, 0);
  adept_test_assert_contains (out, "Migration canceled for 1 device.");
  g_clear_pointer (&state, json_object_unref);
  state = simulator_state ();
  g_assert_false (json_object_has_member (json_object_get_object_member (json_object_get_object_member (state, "business"),
                                                                         "migrations"), serials[2]));

  /* Every token Apple issued so far, and the key, never left the keyring and memory. */
  add_access_tokens ();
  /* The debug logs were on, so they were checked too. */
  g_assert_nonnull (strstr (transcript->str, "adept-business-client-DEBUG"));
  adept_test_assert_no_secret ("adeptctl output", transcript->str, transcript->len,
                               (const char * const *) secrets->pdata);
  {
    g_autofree char *data = g_build_filename (g_get_user_data_dir (), NULL);
    g_autofree char *config = g_build_filename (g_get_user_config_dir (), NULL);

    adept_test_assert_dir_has_no_secret (data, (const char * const *) secrets->pdata);
    adept_test_assert_dir_has_no_secret (config, (const char * const *) secrets->pdata);
  }

  /* Revoked in Apple Business: a sentence that says so. */
  g_assert_cmpint (depsim (NULL, "api-account", "revoke", account.client_id, NULL), ==, 0);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ctl (NULL, &err, "org", "refresh", NULL), ==, 5);
  adept_test_assert_contains (err, "revoked");

  /* Disconnect: the keyring item and the listed devices go. */
  g_assert_cmpint (ctl (NULL, NULL, "org", "disconnect", NULL), ==, 0);
  g_clear_pointer (&stored, adept_secret_free);
  stored = adept_credentials_lookup_sync (owner, ADEPT_SECRET_BUSINESS_API, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (stored);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ctl (NULL, &err, "org", "devices", NULL), ==, 3);
  adept_test_assert_contains (err, "not connected");
  for (guint i = 0; i < 3; i++)
    g_free ((char *) serials[i]);
}

int
main (int    argc,
      char **argv)
{
  int status;

  tmpdir = adept_test_isolate_xdg ();
  /* Its own server name, so keyring items never meet another test's. */
  server_id = g_strdup_printf ("org-cli-%d", (int) getpid ());
  transcript = g_string_new (NULL);
  secrets = g_ptr_array_new_null_terminated (64, g_free, TRUE);

  g_test_init (&argc, &argv, NULL);
  start_simulator ();

  g_test_add_func ("/org-cli/flow", test_org_flow);

  status = g_test_run ();
  sync_test_simulator_stop (&sim);
  adept_test_cleanup_dir (tmpdir);
  g_free (server_id);
  g_string_free (transcript, TRUE);
  g_ptr_array_unref (secrets);
  return status;
}
