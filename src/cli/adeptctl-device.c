/* adeptctl-device.c — what Apple added to devices up to 2026, from the command line
 *
 *   adeptctl devices replacements SERIAL…|--from FILE
 *   adeptctl devices activation-lock SERIAL…|--from FILE [--export FILE] [--passphrase-file FILE]
 *                                    [--lost-message TEXT] [--yes-show-secret]
 *   adeptctl devices bypass-code SERIAL --yes-show-secret
 *   adeptctl devices disown --yes-remove-from-organisation SERIAL…|--from FILE
 *   adeptctl account-enrollment set URL | show | delete
 *   adeptctl beta-tokens
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adeptctl"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "adept-activation-lock.h"
#include "adept-credentials.h"
#include "adept-error.h"
#include "adept-secret.h"
#include "adept-secret-bundle.h"
#include "adept-store.h"
#include "adept-input.h"
#include "adept-util.h"
#include "adeptctl.h"

static void
print_object (JsonObject *object)
{
  g_autoptr(JsonNode) root = json_node_init_object (json_node_alloc (), object);

  adeptctl_print_json (root);
}

/* ---- devices show: the protocol 8/10 facts ---- */

static char *
join_list (const char * const *list,
           const char         *separator)
{
  return list != NULL && list[0] != NULL ? g_strjoinv (separator, (char **) list) : NULL;
}

void
adeptctl_report_add_device_ids (AdeptctlReport *report,
                                AdeptDevice    *d)
{
  g_autofree char *imei = join_list (adept_device_get_imei (d), ", ");
  g_autofree char *meid = join_list (adept_device_get_meid (d), ", ");
  gint64 deadline = adept_device_get_mdm_migration_deadline (d);

  adeptctl_report_add (report, NULL, _("Wi-Fi MAC address:"), adept_device_get_wifi_mac_address (d));
  adeptctl_report_add (report, NULL, _("Bluetooth MAC address:"), adept_device_get_bluetooth_mac_address (d));
  adeptctl_report_add (report, NULL, _("Ethernet MAC address:"), adept_device_get_ethernet_mac_address (d));
  adeptctl_report_add (report, NULL, _("IMEI:"), imei);
  adeptctl_report_add (report, NULL, _("MEID:"), meid);
  adeptctl_report_add (report, NULL, _("EID:"), adept_device_get_eid (d));
  if (adept_device_get_is_replacement_device (d))
    adeptctl_report_add (report, NULL, _("Replacement:"),
                         _("yes, AppleCare replaced another device with it (see devices replacements)"));
  if (deadline > 0)
    {
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (deadline);
      g_autofree char *text = adeptctl_format_expiry (when);

      adeptctl_report_add (report, NULL, _("Migrating in, deadline:"), text);
    }
}

/* ---- Opening what a verb needs ---- */

static AdeptStore *
open_store_for (const AdeptctlOptions  *options,
                GError                **error)
{
  return adeptctl_open_store (options, error);
}

static GPtrArray *
serials_or_usage (const char  *from,
                  char       **rest,
                  gboolean     skip_bad,
                  const char  *missing,
                  int         *status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) serials = adeptctl_collect_serials (from, rest, skip_bad, &error);

  if (serials == NULL)
    {
      *status = adeptctl_report_error (error);
      return NULL;
    }
  if (serials->len <= 1)
    {
      *status = adeptctl_usage_error (missing);
      return NULL;
    }
  return g_steal_pointer (&serials);
}

/* ---- devices replacements ---- */

/* What is known of a device that is not a replacement: whether it left because of one. */
static void
describe_original (AdeptStore   *store,
                   const char   *server_id,
                   const char   *serial,
                   const char  **replaced_by,
                   gboolean     *released)
{
  g_autoptr(AdeptDevice) device = NULL;
  static char by[64];
  gboolean deleted = FALSE;

  *replaced_by = NULL;
  *released = FALSE;
  device = adept_store_get_device (store, server_id, serial, &deleted, NULL);
  if (device != NULL && deleted && adept_device_get_released_by_replacement (device))
    {
      g_autoptr(AdeptReplacementDetails) details = adept_store_find_replacement_of (store, server_id, serial, NULL);

      *released = TRUE;
      if (details != NULL)
        {
          g_strlcpy (by, details->serial_number, sizeof by);
          *replaced_by = by;
        }
    }
}

int
adeptctl_devices_replacements (const AdeptctlOptions *global,
                               int                    argc,
                               char                 **argv)
{
  AdeptctlOptions options = *global;
  g_autofree char *from = NULL;
  gboolean skip_bad = FALSE;
  const GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_FILENAME, &from, N_("Serial numbers from this file, one a line (- for standard input)"), N_("FILE") },
    ADEPTCTL_SKIP_BAD_ENTRY (skip_bad),
    { NULL }
  };
  g_auto(GStrv) rest = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) serials = NULL;
  g_autoptr(AdeptDepClient) client = NULL;
  g_autoptr(AdeptStore) store = NULL;
  g_autoptr(JsonArray) json = json_array_new ();
  AdeptctlTable *table = NULL;
  int status = ADEPTCTL_EXIT_OK;

  if (!adeptctl_parse_args (&options, "devices replacements SERIAL…|--from FILE", entries, argc, argv, &rest))
    return ADEPTCTL_EXIT_USAGE;
  serials = serials_or_usage (from, rest, skip_bad, _("“devices replacements” needs serial numbers or --from FILE."), &status);
  if (serials == NULL)
    return status;
  client = adeptctl_open_client (&options, NULL, &error);
  if (client == NULL)
    return adeptctl_report_dep_error (error);
  store = open_store_for (&options, &error);
  if (store == NULL)
    return adeptctl_report_error (error);

  if (!options.json)
    {
      table = adeptctl_table_new (3);
      adeptctl_table_add_row (table, (const char * const []) { _("SERIAL"), _("REPLACES"), _("REPLACED ON") });
    }
  for (guint i = 0; i + 1 < serials->len; i++)
    {
      const char *serial = g_ptr_array_index (serials, i);
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(AdeptReplacementDetails) details = NULL;
      const char *replaced_by;
      gboolean released;
      JsonObject *object;

      adept_dep_client_get_replacement_details_async (client, serial, adeptctl_get_cancellable (),
                                                      adeptctl_store_result, &result);
      details = adept_dep_client_get_replacement_details_finish (client, adeptctl_wait_for (&result), &error);
      if (details != NULL)
        {
          /* Apple will not tell twice what an original left for: keep it. */
          if (details->serial_number == NULL)
            details->serial_number = g_strdup (serial);
          if (!adept_store_save_replacement (store, options.server_id, details, &error))
            g_printerr ("adeptctl: %s\n", error->message);
          g_clear_error (&error);
          if (table != NULL)
            adeptctl_table_add_row (table, (const char * const []) {
              serial, details->original_device_serial_number, details->replacement_date });
          else
            json_array_add_object_element (json, adept_replacement_details_to_json (details));
          continue;
        }
      if (!g_error_matches (error, ADEPT_ERROR, ADEPT_ERROR_NOT_FOUND))
        {
          if (table != NULL)
            adeptctl_table_print (table);
          return adeptctl_report_dep_error (error);
        }
      g_clear_error (&error);

      /* Not a replacement: perhaps an original that left because of one. */
      describe_original (store, options.server_id, serial, &replaced_by, &released);
      if (table != NULL)
        {
          g_autofree char *note = released
            ? (replaced_by != NULL ? g_strdup_printf (_("left the server, replaced by %s"), replaced_by)
                                   : g_strdup (_("left the server, replaced by AppleCare")))
            : g_strdup (_("not a replacement"));

          adeptctl_table_add_row (table, (const char * const []) { serial, note, "" });
          continue;
        }
      object = json_object_new ();
      json_object_set_string_member (object, "serial_number", serial);
      json_object_set_string_member (object, "error", "DEVICE_NOT_FOUND");
      if (released)
        json_object_set_boolean_member (object, "released_by_replacement", TRUE);
      if (replaced_by != NULL)
        json_object_set_string_member (object, "replaced_by", replaced_by);
      json_array_add_object_element (json, object);
    }

  if (table != NULL)
    adeptctl_table_print (table);
  else
    {
      g_autoptr(JsonObject) out = json_object_new ();

      json_object_set_array_member (out, "devices", json_array_ref (json));
      print_object (out);
    }
  return ADEPTCTL_EXIT_OK;
}

/* ---- Passphrases and the export file ---- */

/* One line from the terminal without echo. */
static char *
read_hidden_line (const char *prompt)
{
  struct termios before, quiet;
  char buffer[1024];
  char *line = NULL;
  gboolean restore = tcgetattr (STDIN_FILENO, &before) == 0;

  fputs (prompt, stderr);
  fflush (stderr);
  if (restore)
    {
      quiet = before;
      quiet.c_lflag &= ~(tcflag_t) ECHO;
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
    }
  if (fgets (buffer, sizeof buffer, stdin) != NULL)
    {
      buffer[strcspn (buffer, "\r\n")] = '\0';
      line = g_strdup (buffer);
    }
  adept_secret_wipe (buffer, sizeof buffer);
  if (restore)
    tcsetattr (STDIN_FILENO, TCSAFLUSH, &before);
  fputc ('\n', stderr);
  return line;
}

/* The one place a passphrase file is read: its first line. */
static char *
read_passphrase_file (const char  *path,
                      GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) bytes = adept_input_read_file (path, ADEPT_INPUT_PASSPHRASE, &local_error);
  g_autoptr(AdeptSecret) contents = NULL;

  if (bytes == NULL)
    {
      g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_FILE,
                   _("The passphrase file “%s” could not be read (%s) Give a small file whose first line is the passphrase."),
                   path, local_error->message);
      return NULL;
    }
  contents = adept_secret_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  contents[strcspn (contents, "\r\n")] = '\0';
  return adept_secret_strdup (contents);
}

char *
adeptctl_get_passphrase (const char *path,
                gboolean    twice,
                int        *status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptSecret) first = NULL;
  g_autoptr(AdeptSecret) second = NULL;

  if (path != NULL)
    {
      char *passphrase = read_passphrase_file (path, &error);

      if (passphrase == NULL)
        *status = adeptctl_report_error (error);
      return passphrase;
    }
  if (!isatty (STDIN_FILENO))
    {
      *status = adeptctl_usage_error (_("Give the export's passphrase with --passphrase-file FILE (no terminal to ask on)."));
      return NULL;
    }
  first = read_hidden_line (_("Passphrase of the export file: "));
  if (twice && first != NULL)
    second = read_hidden_line (_("The same passphrase again: "));
  if (first == NULL || (twice && g_strcmp0 (first, second) != 0))
    {
      *status = adeptctl_usage_error (_("The two passphrases differ. Nothing was done."));
      return NULL;
    }
  return g_steal_pointer (&first);
}

/* --export, or asked on the terminal: a lost code locks a device for good. */
static char *
get_export_path (const char *given,
                 const char *server_id,
                 int        *status)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *name = g_strdup_printf ("adept-bypass-codes-%s-%s.p12", server_id, stamp);
  g_autofree char *suggested = g_build_filename (g_get_home_dir (), name, NULL);
  char line[4096];

  if (given != NULL)
    return g_strdup (given);
  if (!isatty (STDIN_FILENO))
    {
      *status = adeptctl_usage_error (_("Give --export FILE: the bypass codes are also written, encrypted, to a file to keep off this computer, since a lost code locks a device for good."));
      return NULL;
    }
  fprintf (stderr, "%s\n", _("The bypass codes are kept in this computer’s keyring. A code lost with this computer locks its device for good, so they are also written to an encrypted file to keep elsewhere."));
  fprintf (stderr, _("File [%s]: "), suggested);
  fflush (stderr);
  if (fgets (line, sizeof line, stdin) == NULL)
    {
      *status = adeptctl_usage_error (_("No file was given. Nothing was done."));
      return NULL;
    }
  line[strcspn (line, "\r\n")] = '\0';
  return g_strdup (*g_strstrip (line) != '\0' ? line : suggested);
}

/* ---- devices activation-lock ---- */

/* The loop's wait: adeptctl runs the core's call to its end. */
static void
on_progress (guint    done,
             guint    total,
             gpointer user_data)
{
  const AdeptctlOptions *options = user_data;

  if (!options->json && isatty (STDERR_FILENO))
    fprintf (stderr, "\r%u/%u", done, total);
}

static int
print_locks (const AdeptctlOptions *options,
             GPtrArray             *locks,
             const char            *export_path,
             gboolean               show_codes)
{
  guint locked = 0;
  guint skipped = 0;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < locks->len; i++)
    {
      AdeptLockOutcome *lock = g_ptr_array_index (locks, i);

      locked += lock->answer != NULL && lock->answer->status == ADEPT_LOCK_STATUS_SUCCESS;
      skipped += lock->skipped != NULL;
    }

  if (options->json)
    {
      g_autoptr(JsonObject) out = json_object_new ();
      JsonArray *devices = json_array_new ();

      for (guint i = 0; i < locks->len; i++)
        {
          AdeptLockOutcome *lock = g_ptr_array_index (locks, i);
          JsonObject *o = lock->answer != NULL ? adept_lock_answer_to_json (lock->answer) : json_object_new ();

          json_object_set_string_member (o, "serial_number", lock->serial);
          if (lock->answer == NULL)
            json_object_set_string_member (o, "response_status", adept_lock_outcome_word (lock));
          if (lock->error != NULL)
            json_object_set_string_member (o, "error", lock->error->message);
          if (lock->skipped != NULL)
            json_object_set_string_member (o, "note", lock->skipped);
          json_object_set_boolean_member (o, "escrowed", lock->skipped == NULL && lock->code != NULL);
          if (show_codes && lock->code != NULL && lock->skipped == NULL)
            json_object_set_string_member (o, "bypass_code", lock->code);
          json_array_add_object_element (devices, o);
        }
      json_object_set_array_member (out, "devices", devices);
      json_object_set_string_member (out, "export", export_path);
      print_object (out);
      return locked + skipped == locks->len ? ADEPTCTL_EXIT_OK : ADEPTCTL_EXIT_FAILED;
    }

  {
    AdeptctlTable *table = adeptctl_table_new (show_codes ? 3 : 2);

    adeptctl_table_add_row (table, (const char * const []) { _("SERIAL"), _("ANSWER"), _("BYPASS CODE") });
    for (guint i = 0; i < locks->len; i++)
      {
        AdeptLockOutcome *lock = g_ptr_array_index (locks, i);

        adeptctl_table_add_row (table, (const char * const []) {
          lock->serial, lock->skipped ? lock->skipped : adept_lock_outcome_word (lock),
          show_codes && lock->skipped == NULL ? lock->code : "" });
      }
    adeptctl_table_print (table);
  }
  printf ("\n");
  printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u device locked.\n", "%u of %u devices locked.\n", locks->len),
          locked, locks->len);
  for (guint i = 0; i < locks->len; i++)
    {
      AdeptLockOutcome *lock = g_ptr_array_index (locks, i);
      const char *word = adept_lock_outcome_word (lock);

      if (lock->skipped != NULL || g_hash_table_contains (seen, word))
        continue;
      g_hash_table_add (seen, (gpointer) word);
      printf ("%s: %s\n", word, lock->error != NULL ? lock->error->message
                                                     : adept_lock_status_describe (lock->answer->status));
    }
  printf ("%s\n", _("Each code is kept in this computer’s keyring (adeptctl devices bypass-code SERIAL "
                    "--yes-show-secret shows one) and in the encrypted export:"));
  printf ("  %s\n", export_path);
  printf ("%s\n", _("A device that migrates to another MDM loses the code kept here: its new MDM sets its own."));
  return locked + skipped == locks->len ? ADEPTCTL_EXIT_OK : ADEPTCTL_EXIT_FAILED;
}

int
adeptctl_devices_activation_lock (const AdeptctlOptions *global,
                                  int                    argc,
                                  char                 **argv)
{
  AdeptctlOptions options = *global;
  g_autofree char *from = NULL;
  gboolean skip_bad = FALSE;
  g_autofree char *export_arg = NULL;
  g_autofree char *passphrase_file = NULL;
  g_autofree char *lost_message = NULL;
  gboolean show_codes = FALSE;
  const GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_FILENAME, &from, N_("Serial numbers from this file, one a line (- for standard input)"), N_("FILE") },
    ADEPTCTL_SKIP_BAD_ENTRY (skip_bad),
    { "export", 0, 0, G_OPTION_ARG_FILENAME, &export_arg, N_("Also write every bypass code, encrypted, to this file (asked for when not given)"), N_("FILE") },
    { "passphrase-file", 0, 0, G_OPTION_ARG_FILENAME, &passphrase_file, N_("The export's passphrase is the first line of this file (asked for when not given)"), N_("FILE") },
    { "lost-message", 0, 0, G_OPTION_ARG_STRING, &lost_message, N_("Message the locked device shows"), N_("TEXT") },
    { "yes-show-secret", 0, 0, G_OPTION_ARG_NONE, &show_codes, N_("Also print the bypass codes (they unlock the devices)"), NULL },
    { NULL }
  };
  g_auto(GStrv) rest = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) serials = NULL;
  g_autoptr(GPtrArray) locks = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(AdeptSession) session = NULL;
  g_autoptr(AdeptSecret) passphrase = NULL;
  g_autofree char *export_path = NULL;
  int status = ADEPTCTL_EXIT_OK;
  guint n_codes = 0;

  if (!adeptctl_parse_args (&options, "devices activation-lock SERIAL…|--from FILE [--export FILE]",
                            entries, argc, argv, &rest))
    return ADEPTCTL_EXIT_USAGE;
  serials = serials_or_usage (from, rest, skip_bad, _("“devices activation-lock” needs serial numbers or --from FILE."), &status);
  if (serials == NULL)
    return status;
  /* Where the codes go is settled before anything is done. */
  export_path = get_export_path (export_arg, options.server_id, &status);
  if (export_path == NULL)
    return status;
  passphrase = adeptctl_get_passphrase (passphrase_file, passphrase_file == NULL, &status);
  if (passphrase == NULL)
    return status;
  if (g_utf8_strlen (passphrase, -1) < ADEPT_SECRET_BUNDLE_MIN_PASSPHRASE)
    return adeptctl_usage_error (_("Choose a passphrase of at least 8 characters: the file protects the codes wherever it is copied."));

  /* The session's call, as the console's: the same escrow, answers and audit entry. */
  session = adeptctl_connect_session (&options, &error);
  if (session == NULL)
    return adeptctl_report_dep_error (error);

  /* Keyring first, then the file, then Apple: a code Apple escrows is never only in
   * memory. */
  adept_session_activation_lock_async (session, (const char * const *) serials->pdata,
                                       export_path, passphrase, lost_message, on_progress, &options,
                                       adeptctl_get_cancellable (), adeptctl_store_result, &result);
  locks = adept_session_activation_lock_finish (session, adeptctl_wait_for (&result), &n_codes, &error);
  if (!options.json && isatty (STDERR_FILENO))
    fprintf (stderr, "\r");
  if (locks == NULL)
    {
      g_printerr ("%s\n", _("adeptctl: no device was locked."));
      return adeptctl_report_error (error);
    }
  return print_locks (&options, locks, export_path, show_codes);
}

/* ---- devices bypass-code ---- */

int
adeptctl_devices_bypass_code (const AdeptctlOptions *global,
                              int                    argc,
                              char                 **argv)
{
  AdeptctlOptions options = *global;
  gboolean show = FALSE;
  const GOptionEntry entries[] = {
    { "yes-show-secret", 0, 0, G_OPTION_ARG_NONE, &show, N_("Print the code (it unlocks the device)"), NULL },
    { NULL }
  };
  g_auto(GStrv) rest = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptSecret) code = NULL;
  g_autoptr(AdeptStore) store = NULL;
  g_autoptr(AdeptLockRecord) record = NULL;
  g_autoptr(GDateTime) when = NULL;
  AdeptctlReport *report;

  if (!adeptctl_parse_args (&options, "devices bypass-code SERIAL --yes-show-secret", entries, argc, argv, &rest))
    return ADEPTCTL_EXIT_USAGE;
  if (g_strv_length (rest) != 1)
    return adeptctl_usage_error (_("“devices bypass-code” needs one serial number."));
  if (!show)
    return adeptctl_usage_error (_("A bypass code unlocks its device. Add --yes-show-secret to print it."));

  code = adept_credentials_lookup_bypass_code_sync (rest[0], NULL, &error);
  if (code == NULL && error != NULL)
    return adeptctl_report_error (error);
  if (code == NULL)
    {
      g_printerr (_("adeptctl: this computer keeps no bypass code for %s. Look in the export written when it was locked.\n"),
                  rest[0]);
      return ADEPTCTL_EXIT_FAILED;
    }
  store = adeptctl_open_store (&options, NULL);
  if (store != NULL)
    record = adept_store_get_activation_lock (store, options.server_id, rest[0], NULL);
  if (record != NULL && record->time > 0)
    when = g_date_time_new_from_unix_utc (record->time);

  report = adeptctl_report_new (&options);
  adeptctl_report_add (report, "serial_number", _("Serial number:"), rest[0]);
  adeptctl_report_add (report, "bypass_code", _("Bypass code:"), code);
  adeptctl_report_add (report, "response_status", _("Apple’s last answer:"), record ? record->status : NULL);
  adeptctl_report_add_time (report, "locked", _("Asked on:"), when);
  adeptctl_report_print (report);
  return ADEPTCTL_EXIT_OK;
}

/* ---- devices disown ---- */

int
adeptctl_devices_disown (const AdeptctlOptions *global,
                         int                    argc,
                         char                 **argv)
{
  AdeptctlOptions options = *global;
  g_autofree char *from = NULL;
  gboolean skip_bad = FALSE;
  gboolean sure = FALSE;
  const GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_FILENAME, &from, N_("Serial numbers from this file, one a line (- for standard input)"), N_("FILE") },
    ADEPTCTL_SKIP_BAD_ENTRY (skip_bad),
    { "yes-remove-from-organization", 0, 0, G_OPTION_ARG_NONE, &sure, N_("Confirm: Apple removes the devices from the organization for good"), NULL },
    /* The spelling of earlier releases, still taken. */
    { "yes-remove-from-organisation", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &sure, NULL, NULL },
    { NULL }
  };
  g_auto(GStrv) rest = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) serials = NULL;
  g_autoptr(AdeptDepClient) client = NULL;
  g_autoptr(AdeptDeviceResults) all = adept_device_results_new ();
  int status = ADEPTCTL_EXIT_OK;
  guint n;

  if (!adeptctl_parse_args (&options, "devices disown --yes-remove-from-organization SERIAL…|--from FILE",
                            entries, argc, argv, &rest))
    return ADEPTCTL_EXIT_USAGE;
  serials = serials_or_usage (from, rest, skip_bad, _("“devices disown” needs serial numbers or --from FILE."), &status);
  if (serials == NULL)
    return status;
  if (!sure)
    return adeptctl_usage_error (_("Disowning removes the devices from your organization for good: only their "
                                   "reseller or Apple can add them back. Apple deprecated it; to release devices, "
                                   "use Apple Business Manager. Add --yes-remove-from-organization if you mean it."));

  client = adeptctl_open_client (&options, NULL, &error);
  if (client == NULL)
    return adeptctl_report_dep_error (error);
  n = serials->len - 1;
  for (guint start = 0; start < n; start += ADEPT_DEP_MAX_BATCH)
    {
      guint count = MIN (ADEPT_DEP_MAX_BATCH, n - start);
      g_autofree const char **batch = g_new0 (const char *, count + 1);
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(AdeptDeviceResults) results = NULL;

      memcpy (batch, serials->pdata + start, count * sizeof (char *));
      adept_dep_client_disown_devices_async (client, batch, adeptctl_get_cancellable (),
                                             adeptctl_store_result, &result);
      results = adept_dep_client_disown_devices_finish (client, adeptctl_wait_for (&result), &error);
      if (results == NULL)
        return adeptctl_report_dep_error (error);
      adept_device_results_merge_take (all, results);
    }
  return adeptctl_print_device_results (&options, all);
}

/* ---- account-enrollment ---- */

/* Parses a verb that takes n_args arguments and opens the DEP client; NULL with *status
 * set. */
static AdeptDepClient *
start_verb (AdeptctlOptions  *options,
            const char       *usage,
            guint             n_args,
            const char       *wrong_args,
            int               argc,
            char            **argv,
            GStrv            *rest,
            int              *status)
{
  g_autoptr(GError) error = NULL;
  AdeptDepClient *client;

  if (!adeptctl_parse_args (options, usage, NULL, argc, argv, rest))
    {
      *status = ADEPTCTL_EXIT_USAGE;
      return NULL;
    }
  if (g_strv_length (*rest) != n_args)
    {
      *status = adeptctl_usage_error (wrong_args);
      return NULL;
    }
  client = adeptctl_open_client (options, NULL, &error);
  if (client == NULL)
    *status = adeptctl_report_dep_error (error);
  return client;
}

/* Asks Apple what it holds now and prints it. */
static int
show_enrollment (const AdeptctlOptions *options,
                 AdeptDepClient        *client)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptAccountEnrollment) enrollment = NULL;
  g_autoptr(GDateTime) updated = NULL;
  AdeptctlReport *report;

  adept_dep_client_get_account_enrollment_async (client, adeptctl_get_cancellable (),
                                                 adeptctl_store_result, &result);
  enrollment = adept_dep_client_get_account_enrollment_finish (client, adeptctl_wait_for (&result), &error);
  if (error != NULL)
    return adeptctl_report_dep_error (error);

  if (options->json)
    {
      g_autoptr(JsonObject) out = enrollment ? adept_account_enrollment_to_json (enrollment) : json_object_new ();

      print_object (out);
      return ADEPTCTL_EXIT_OK;
    }
  if (enrollment == NULL)
    {
      printf ("%s\n", _("No service discovery address is set: account-driven enrollment is off for this MDM server."));
      return ADEPTCTL_EXIT_OK;
    }
  if (enrollment->last_updated > 0)
    updated = g_date_time_new_from_unix_utc (enrollment->last_updated);
  report = adeptctl_report_new (options);
  adeptctl_report_add (report, NULL, _("Service discovery:"), enrollment->mdm_service_discovery_url);
  adeptctl_report_add_time (report, NULL, _("Last changed at Apple:"), updated);
  adeptctl_report_print (report);
  return ADEPTCTL_EXIT_OK;
}

int
adeptctl_account_enrollment_show (const AdeptctlOptions *global,
                                  int                    argc,
                                  char                 **argv)
{
  AdeptctlOptions options = *global;
  g_auto(GStrv) rest = NULL;
  g_autoptr(AdeptDepClient) client = NULL;
  int status = ADEPTCTL_EXIT_OK;

  client = start_verb (&options, "account-enrollment show", 0,
                       _("“account-enrollment show” takes no arguments."), argc, argv, &rest, &status);
  return client != NULL ? show_enrollment (&options, client) : status;
}

int
adeptctl_account_enrollment_set (const AdeptctlOptions *global,
                                 int                    argc,
                                 char                 **argv)
{
  AdeptctlOptions options = *global;
  g_auto(GStrv) rest = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptDepClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  int status = ADEPTCTL_EXIT_OK;

  client = start_verb (&options, "account-enrollment set URL", 1,
                       _("“account-enrollment set” needs the https:// address of the MDM service discovery."),
                       argc, argv, &rest, &status);
  if (client == NULL)
    return status;
  adept_dep_client_set_account_enrollment_async (client, rest[0], adeptctl_get_cancellable (),
                                                 adeptctl_store_result, &result);
  if (!adept_dep_client_set_account_enrollment_finish (client, adeptctl_wait_for (&result), &error))
    return adeptctl_report_dep_error (error);
  /* What Apple now holds, with its time. */
  return show_enrollment (&options, client);
}

int
adeptctl_account_enrollment_delete (const AdeptctlOptions *global,
                                    int                    argc,
                                    char                 **argv)
{
  AdeptctlOptions options = *global;
  g_auto(GStrv) rest = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptDepClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  int status = ADEPTCTL_EXIT_OK;

  client = start_verb (&options, "account-enrollment delete", 0,
                       _("“account-enrollment delete” takes no arguments."), argc, argv, &rest, &status);
  if (client == NULL)
    return status;
  adept_dep_client_delete_account_enrollment_async (client, adeptctl_get_cancellable (),
                                                    adeptctl_store_result, &result);
  if (!adept_dep_client_delete_account_enrollment_finish (client, adeptctl_wait_for (&result), &error))
    return adeptctl_report_dep_error (error);
  return show_enrollment (&options, client);
}

/* ---- beta-tokens ---- */

int
adeptctl_beta_tokens (const AdeptctlOptions *global,
                      int                    argc,
                      char                 **argv)
{
  AdeptctlOptions options = *global;
  g_auto(GStrv) rest = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptDepClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) tokens = NULL;
  AdeptctlTable *table;
  int status = ADEPTCTL_EXIT_OK;

  client = start_verb (&options, "beta-tokens", 0, _("“beta-tokens” takes no arguments."),
                       argc, argv, &rest, &status);
  if (client == NULL)
    return status;
  adept_dep_client_get_beta_tokens_async (client, adeptctl_get_cancellable (),
                                          adeptctl_store_result, &result);
  tokens = adept_dep_client_get_beta_tokens_finish (client, adeptctl_wait_for (&result), &error);
  if (tokens == NULL)
    return adeptctl_report_dep_error (error);

  if (options.json)
    {
      g_autoptr(JsonObject) out = adept_beta_tokens_to_json (tokens);

      print_object (out);
      return ADEPTCTL_EXIT_OK;
    }
  if (tokens->len == 0)
    {
      printf ("%s\n", _("Apple offers no beta program to this organization now."));
      return ADEPTCTL_EXIT_OK;
    }
  table = adeptctl_table_new (3);
  adeptctl_table_add_row (table, (const char * const []) { _("PROGRAM"), _("OS"), _("TOKEN") });
  for (guint i = 0; i < tokens->len; i++)
    {
      AdeptBetaToken *t = g_ptr_array_index (tokens, i);

      adeptctl_table_add_row (table, (const char * const []) { t->title, t->os, t->token });
    }
  adeptctl_table_print (table);
  return ADEPTCTL_EXIT_OK;
}
