/* test-ui-settings.c — Settings as the admin finds it once past the link: errors in view,
 * the public key after linking, a key pair imported in the console, the nightly sync in the
 * background (against a double of systemd on the private bus), and the audit log
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "adept-audit-window.h"
#include "adept-nanodep-session.h"
#include "adept-settings.h"
#include "adept-ui-util.h"
#include "adept-test-util.h"
#include "test-ui-helpers.h"

#define N_DEVICES 40

static AdeptApplication *app;
static char *tmp_dir;

typedef struct {
  AdeptWindow       *window;
  AdeptSettingsPage *page;
} Fixture;

static void
fixture_open (Fixture *f)
{
  f->window = adept_test_ui_window_new (app, 1000, 760);
  f->page = adept_window_get_settings_page (f->window);
  adept_test_ui_wait_for (adept_test_ui_page_idle, f->page, "the settings page to load");
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-page", "s", "settings");
}

static void
fixture_close (Fixture *f)
{
  adept_test_ui_window_destroy (f->window);
}

static AdeptServer *
server_of (Fixture *f)
{
  return adept_session_get_server (adept_settings_page_get_session (f->page));
}

static gboolean
page_has_error (gpointer page)
{
  return adept_settings_page_get_error_message (page) != NULL;
}

/* An RSA key and a self-signed certificate made by the openssl CLI, as another MDM has
 * them; returns the certificate's SHA-256 fingerprint as openssl prints it (upper case). */
static char *
make_openssl_pair (const char *key_path,
                   const char *cert_path)
{
  const char *req[] = { "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                        "-keyout", key_path, "-out", cert_path, "-days", "365",
                        "-subj", "/CN=Other MDM", NULL };
  const char *fp[] = { "openssl", "x509", "-noout", "-fingerprint", "-sha256", "-in",
                       cert_path, NULL };
  g_autofree char *out = NULL;
  char *eq;

  g_assert_cmpint (adept_test_run (req, NULL, NULL, NULL), ==, 0);
  g_assert_cmpint (adept_test_run (fp, NULL, &out, NULL), ==, 0);
  eq = strchr (out, '=');
  g_assert_nonnull (eq);
  return g_strdup (g_strstrip (eq + 1));
}

/* 1. Import Key Pair… before linking: the dialog takes two files, a pair that does not
 * match is refused in the bar with the stored key unchanged, a good pair replaces it. */
static void
test_import_key (void)
{
  Fixture f;
  g_autofree char *key = g_build_filename (tmp_dir, "other-mdm.key", NULL);
  g_autofree char *cert = g_build_filename (tmp_dir, "other-mdm.crt", NULL);
  g_autofree char *key2 = g_build_filename (tmp_dir, "another.key", NULL);
  g_autofree char *cert2 = g_build_filename (tmp_dir, "another.crt", NULL);
  g_autofree char *expected = make_openssl_pair (key, cert);
  g_autofree char *other = make_openssl_pair (key2, cert2);
  g_autofree char *before = NULL;
  g_autofree char *shown = NULL;
  g_autoptr(GFile) key_file = g_file_new_for_path (key);
  g_autoptr(GFile) cert_file = g_file_new_for_path (cert);
  g_autoptr(GFile) cert2_file = g_file_new_for_path (cert2);
  g_autofree char *pem = NULL;
  AdwMessageDialog *dialog;

  fixture_open (&f);
  g_assert_cmpstr (adept_settings_page_get_state (f.page), ==, "unlinked");
  /* A key pair made here first, as Download does. */
  pem = adept_test_ui_download_public_key (f.page, tmp_dir);
  before = g_strdup (adept_server_get_certificate_fingerprint (server_of (&f)));
  g_assert_nonnull (before);

  g_assert_true (gtk_widget_is_sensitive (f.page->import_key_button));
  adept_test_ui_assert_accessible (GTK_WIDGET (f.window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.page), "dep.import-key", NULL));
  adept_test_ui_wait_for (adept_test_ui_page_has_dialog, f.page, "the import dialog");
  dialog = adept_settings_page_get_dialog (f.page);
  /* Nothing to import until both files are chosen. */
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "import"));
  _adept_settings_page_set_import_file (f.page, 0, key_file);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "import"));
  _adept_settings_page_set_import_file (f.page, 1, cert2_file);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "import"));
  adept_test_ui_respond (f.page, "import");
  adept_test_ui_wait_for (page_has_error, f.page, "the refusal of a mismatched pair");
  g_assert_cmpstr (adept_server_get_certificate_fingerprint (server_of (&f)), ==, before);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f.page->error_bar)));

  /* The pair that belongs together. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.page), "dep.import-key", NULL));
  adept_test_ui_wait_for (adept_test_ui_page_has_dialog, f.page, "the import dialog");
  _adept_settings_page_set_import_file (f.page, 0, key_file);
  _adept_settings_page_set_import_file (f.page, 1, cert_file);
  adept_test_ui_respond (f.page, "import");
  adept_test_ui_wait_for (adept_test_ui_page_idle, f.page, "the import");
  g_assert_cmpstr (adept_settings_page_get_error_message (f.page), ==, NULL);
  shown = g_ascii_strup (adept_server_get_certificate_fingerprint (server_of (&f)), -1);
  g_assert_cmpstr (shown, ==, expected);
  g_assert_cmpstr (shown, !=, other);
  fixture_close (&f);
}

/* 2. Linked: the key stays downloadable with its fingerprint; an error shows in the bar
 * above the scrolled page, not under Unlink. */
static void
test_linked_key_and_errors (void)
{
  Fixture f;
  g_autofree char *pem = NULL;
  g_autofree char *upper = NULL;
  GtkWidget *label;

  fixture_open (&f);
  adept_test_ui_link_demo (f.window, tmp_dir);
  g_assert_true (adept_settings_page_get_linked (f.page));

  label = g_object_get_data (G_OBJECT (f.page->fingerprint_row), "value-label");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (label)), ==,
                   adept_server_get_certificate_fingerprint (server_of (&f)));
  g_assert_false (adept_ui_label_get_hyphens (GTK_LABEL (label)));
  pem = adept_test_ui_download_public_key (f.page, tmp_dir);
  g_assert_true (g_str_has_prefix (pem, "-----BEGIN CERTIFICATE-----"));
  adept_test_ui_assert_accessible (GTK_WIDGET (f.window));
  /* Import is for before the link only, and says so. */
  g_assert_false (gtk_widget_is_sensitive (f.page->import_key_button) &&
                  gtk_widget_get_mapped (f.page->import_key_button));

  /* A renewal with the wrong file: the sentence is in the bar at the top. */
  {
    g_autofree char *path = g_build_filename (tmp_dir, "not-a-token.p7m", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (path);

    g_assert_true (g_file_set_contents (path, "hello", -1, NULL));
    adept_settings_page_open_token (f.page, file);
    adept_test_ui_wait_for (page_has_error, f.page, "the renewal's error");
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f.page->error_bar)));
    g_assert_null (gtk_widget_get_ancestor (GTK_WIDGET (f.page->error_bar),
                                            GTK_TYPE_SCROLLED_WINDOW));
    gtk_info_bar_response (f.page->error_bar, GTK_RESPONSE_CLOSE);
    g_assert_null (adept_settings_page_get_error_message (f.page));
  }
  fixture_close (&f);
}

/* 3. The audit log: entries with user and host, search, CSV. */
static gboolean
audit_exported (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

typedef struct {
  AdeptAuditWindow *audit;
  guint             shown;
} SearchWait;

static gboolean
search_shows (gpointer data)
{
  SearchWait *wait = data;

  return adept_audit_window_get_n_shown (wait->audit) == wait->shown;
}

/* The search entry waits for typing to pause before it searches. */
static void
search (AdeptAuditWindow *audit,
        const char       *text,
        guint             shown)
{
  SearchWait wait = { audit, shown };
  g_autofree char *what = g_strdup_printf ("%u entries for “%s”", shown, text);

  gtk_editable_set_text (adept_audit_window_get_search (audit), text);
  adept_test_ui_wait_for (search_shows, &wait, what);
}

static void
test_audit_log (void)
{
  Fixture f;
  AdeptAuditWindow *audit;
  g_autofree char *path = g_build_filename (tmp_dir, "audit.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;
  guint all;

  fixture_open (&f);
  g_assert_true (adept_settings_page_get_linked (f.page));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.window), "win.show-audit-log", NULL));
  audit = adept_window_get_audit_window (f.window);
  g_assert_nonnull (audit);
  all = adept_audit_window_get_n_entries (audit);
  /* Key made, key imported, linked at least. */
  g_assert_cmpuint (all, >=, 3);
  g_assert_cmpuint (adept_audit_window_get_n_shown (audit), ==, all);
  adept_test_ui_assert_accessible (GTK_WIDGET (audit));

  search (audit, "imported a key", 1);
  search (audit, g_get_host_name (), all);
  search (audit, "no such thing here", 0);

  search (audit, "linked with", 1);
  adept_audit_window_export_async (audit, file, NULL, store_result, &result);
  adept_test_ui_wait_for (audit_exported, &result, "the CSV");
  g_assert_true (adept_audit_window_export_finish (audit, result, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &csv, NULL, NULL));
  g_assert_true (g_str_has_prefix (csv, "time,user,host,server,action,details\r\n"));
  g_assert_nonnull (strstr (csv, ",linked,"));
  g_assert_nonnull (strstr (csv, g_get_host_name ()));
  g_assert_null (strstr (csv, "key-imported"));
  /* The result holds the window. */
  g_clear_object (&result);
  fixture_close (&f);
}

/* 4. Sync Nightly in the Background, against systemd's double. */
static gboolean
timer_known (gpointer page)
{
  return adept_settings_page_get_timer_state (page) != NULL &&
         !adept_settings_page_get_timer_pending (page);
}

typedef struct {
  FakeSystemd *systemd;
  const char  *time;
} TimeWait;

static gboolean
systemd_has_time (gpointer data)
{
  TimeWait *wait = data;

  return g_strcmp0 (fake_systemd_get_time (wait->systemd), wait->time) == 0;
}

static void
test_background_sync (void)
{
  Fixture f;
  g_autoptr(FakeSystemd) systemd = fake_systemd_new ();
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GDateTime) when = g_date_time_new_now_utc ();
  g_autofree char *sync_time = NULL;
  GtkSpinButton *hour, *minute;
  TimeWait wait = { systemd, "04:15" };

  fixture_open (&f);
  adept_test_ui_wait_for (timer_known, f.page, "systemd's answer");
  g_assert_true (adept_settings_page_get_timer_state (f.page)->available);
  g_assert_true (g_str_has_prefix (adept_settings_page_get_background_text (f.page), "Off."));
  g_assert_cmpstr (adept_settings_page_get_background_last (f.page), ==, "None yet");

  /* On, as the admin flips it. */
  gtk_switch_set_active (adept_settings_page_get_background_switch (f.page), TRUE);
  adept_test_ui_wait_for (timer_known, f.page, "the timer to be enabled");
  g_assert_true (fake_systemd_get_enabled (systemd));
  g_assert_true (fake_systemd_get_active (systemd));
  g_assert_true (g_str_has_prefix (adept_settings_page_get_background_text (f.page), "On."));

  /* Another time: the drop-in and the console's own schedule follow. */
  adept_settings_page_get_time_spins (f.page, &hour, &minute);
  gtk_spin_button_set_value (hour, 4);
  gtk_spin_button_set_value (minute, 15);
  adept_test_ui_wait_for (systemd_has_time, &wait, "the new time at systemd");
  g_object_get (adept_settings_get_default (), "sync-time", &sync_time, NULL);
  g_assert_cmpstr (sync_time, ==, "04:15");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (minute)), ==, "15");
  fixture_close (&f);

  /* A background run that failed is shown with its exit status. */
  fake_systemd_set_last_run (systemd, "exit-code", 4, g_date_time_to_unix (when));
  fixture_open (&f);
  adept_test_ui_wait_for (timer_known, f.page, "systemd's answer");
  g_assert_nonnull (strstr (adept_settings_page_get_background_last (f.page),
                            "failed (exit status 4)"));
  adept_settings_page_get_time_spins (f.page, &hour, &minute);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (hour), ==, 4);

  gtk_switch_set_active (adept_settings_page_get_background_switch (f.page), FALSE);
  adept_test_ui_wait_for (timer_known, f.page, "the timer to be disabled");
  g_assert_false (fake_systemd_get_enabled (systemd));
  fixture_close (&f);

  /* No user manager: said so, the switch off and insensitive, the in-app time kept. */
  g_clear_pointer (&systemd, fake_systemd_free);
  fixture_open (&f);
  adept_test_ui_wait_for (timer_known, f.page, "the missing systemd");
  g_assert_false (adept_settings_page_get_timer_state (f.page)->available);
  g_assert_nonnull (strstr (adept_settings_page_get_background_text (f.page),
                            "while it runs"));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (adept_settings_page_get_background_switch (f.page))));
  g_assert_nonnull (gtk_widget_get_tooltip_text (GTK_WIDGET (adept_settings_page_get_background_switch (f.page))));
  fixture_close (&f);
  (void) settings;
}

/* 5. Help (F1): the seed's steps and cautions, devices bought elsewhere. */
static void
collect_texts (GtkWidget *widget,
               GString   *out)
{
  if (ADW_IS_PREFERENCES_ROW (widget))
    g_string_append_printf (out, "%s\n", adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)));
  if (ADW_IS_ACTION_ROW (widget))
    g_string_append_printf (out, "%s\n", adw_action_row_get_subtitle (ADW_ACTION_ROW (widget)));
  if (ADW_IS_PREFERENCES_GROUP (widget))
    g_string_append_printf (out, "%s\n%s\n",
                            adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (widget)),
                            adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (widget))
                              ? adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (widget)) : "");
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_texts (child, out);
}

static GtkWindow *
find_help (void)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (g_strcmp0 (gtk_widget_get_name (l->data), "adept-help") == 0)
      return l->data;
  return NULL;
}

static gboolean
help_shown (gpointer data)
{
  GtkWindow *help = find_help ();

  return help != NULL && gtk_widget_get_mapped (GTK_WIDGET (help));
}

static void
test_help (void)
{
  Fixture f;
  g_autoptr(GString) text = g_string_new (NULL);
  GtkWindow *help;

  fixture_open (&f);
  g_action_group_activate_action (G_ACTION_GROUP (app), "help", NULL);
  adept_test_ui_wait_for (help_shown, NULL, "the help window");
  help = find_help ();
  collect_texts (GTK_WIDGET (help), text);
  g_assert_nonnull (strstr (text->str, "Automatically Assign New Devices"));
  g_assert_nonnull (strstr (text->str, "Apple Configurator"));
  g_assert_nonnull (strstr (text->str, "iOS 11"));
  g_assert_nonnull (strstr (text->str, "30-day provisional period"));
  g_assert_nonnull (strstr (text->str, "iPhones and iPads"));
  g_assert_nonnull (strstr (text->str, "Apple Account"));
  adept_test_ui_assert_accessible (GTK_WIDGET (help));
  /* Asked again, the same window comes forward. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "help", NULL);
  g_assert_true (find_help () == help);
  gtk_window_destroy (help);
  fixture_close (&f);
}

/* 6. Connection: the DEP service's certificate trusted through the system's CAs, a private
 * CA file chosen in the file chooser, or a pasted pin; a bad file or pin is refused in the
 * bar with the stored setting as it was; each change is in the audit log. */
static gboolean
page_has_chooser (gpointer page)
{
  return adept_settings_page_get_file_chooser (page) != NULL;
}

static void
clear_error (Fixture *f)
{
  gtk_info_bar_response (f->page->error_bar, GTK_RESPONSE_CLOSE);
  g_assert_null (adept_settings_page_get_error_message (f->page));
}

static void
choose_ca_file (Fixture    *f,
                const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GtkFileChooserNative *chooser;
  g_autoptr(GError) error = NULL;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "dep.choose-ca-file", NULL));
  adept_test_ui_wait_for (page_has_chooser, f->page, "the CA file chooser");
  chooser = adept_settings_page_get_file_chooser (f->page);
  g_assert_cmpint (gtk_file_chooser_get_action (GTK_FILE_CHOOSER (chooser)), ==,
                   GTK_FILE_CHOOSER_ACTION_OPEN);
  /* The chooser loads the folder in the background before it selects the file. */
  gtk_file_chooser_set_file (GTK_FILE_CHOOSER (chooser), file, &error);
  g_assert_no_error (error);
  g_object_set_data_full (G_OBJECT (chooser), "expected", g_strdup (path), g_free);
  adept_test_ui_wait_for (adept_test_ui_chooser_has_expected_file, chooser, "the CA file to be selected");
  g_signal_emit_by_name (chooser, "response", GTK_RESPONSE_ACCEPT);
  g_assert_null (adept_settings_page_get_file_chooser (f->page));
}

static void
apply_pin (Fixture    *f,
           const char *pin)
{
  gtk_editable_set_text (GTK_EDITABLE (f->page->pin_row), pin);
  g_signal_emit_by_name (f->page->pin_row, "apply");
}

static void
assert_trust (Fixture    *f,
              const char *ca_file,
              const char *pin)
{
  g_autofree char *stored_ca = adept_server_dup_tls_ca_file (server_of (f));
  g_autofree char *stored_pin = adept_server_dup_tls_pin_sha256 (server_of (f));

  g_assert_cmpstr (stored_ca, ==, ca_file);
  if (pin == NULL)
    g_assert_null (stored_pin);
  else
    g_assert_cmpuint (strlen (stored_pin), ==, strlen (pin));
}

static guint
count_audit (Fixture    *f,
             const char *action)
{
  AdeptSession *session = adept_settings_page_get_session (f->page);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  guint n = 0;

  entries = adept_store_list_audit (adept_session_get_store (session),
                                    adept_session_get_id (session), 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    n += g_strcmp0 (((AdeptAuditEntry *) entries->pdata[i])->action, action) == 0;
  return n;
}

static void
test_tls_trust (void)
{
  Fixture f;
  g_autofree char *ca = g_build_filename (tmp_dir, "private-ca.pem", NULL);
  g_autofree char *ca_key = g_build_filename (tmp_dir, "private-ca-key.pem", NULL);
  g_autofree char *not_ca = g_build_filename (tmp_dir, "not-a-ca.pem", NULL);
  /* A self-signed certificate is its own CA; its fingerprint as openssl prints it. */
  g_autofree char *pin = make_openssl_pair (ca_key, ca);
  guint audited;

  g_assert_true (g_file_set_contents (not_ca, "-----BEGIN CERTIFICATE-----\nnope\n", -1, NULL));

  fixture_open (&f);
  g_assert_true (adept_settings_page_get_linked (f.page));
  assert_trust (&f, NULL, NULL);
  adept_test_assert_contains (adept_settings_page_get_trust_text (f.page), "system");
  audited = count_audit (&f, "tls-trust-changed");

  /* Refused, with nothing stored. */
  apply_pin (&f, "12:34");
  g_assert_nonnull (adept_settings_page_get_error_message (f.page));
  adept_test_assert_contains (adept_settings_page_get_error_message (f.page), "SHA-256");
  assert_trust (&f, NULL, NULL);
  clear_error (&f);
  choose_ca_file (&f, not_ca);
  g_assert_nonnull (adept_settings_page_get_error_message (f.page));
  assert_trust (&f, NULL, NULL);
  adept_test_assert_contains (adept_settings_page_get_error_message (f.page), "not-a-ca.pem");
  g_assert_cmpuint (count_audit (&f, "tls-trust-changed"), ==, audited);
  adept_test_assert_contains (adept_settings_page_get_trust_text (f.page), "system");
  clear_error (&f);

  /* A private CA file besides the system's. */
  choose_ca_file (&f, ca);
  g_assert_cmpstr (adept_settings_page_get_error_message (f.page), ==, NULL);
  assert_trust (&f, ca, NULL);
  adept_test_assert_contains (adept_settings_page_get_trust_text (f.page), ca);
  g_assert_cmpstr (adw_action_row_get_subtitle (f.page->ca_file_row), ==, ca);
  g_assert_cmpuint (count_audit (&f, "tls-trust-changed"), ==, audited + 1);

  /* The pin as openssl prints it replaces the CA file. */
  apply_pin (&f, pin);
  g_assert_null (adept_settings_page_get_error_message (f.page));
  assert_trust (&f, NULL, "0123456789012345678901234567890123456789012345678901234567890123");
  adept_test_assert_contains (adept_settings_page_get_trust_text (f.page), "pinned");
  g_assert_cmpuint (strlen (gtk_editable_get_text (GTK_EDITABLE (f.page->pin_row))), ==, 64);
  adept_test_ui_assert_accessible (GTK_WIDGET (f.window));

  /* Back to the system's CAs. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.page), "dep.trust-system", NULL));
  assert_trust (&f, NULL, NULL);
  adept_test_assert_contains (adept_settings_page_get_trust_text (f.page), "system");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (f.page->pin_row)), ==, "");
  g_assert_cmpuint (count_audit (&f, "tls-trust-changed"), ==, audited + 3);
  fixture_close (&f);
}

/* A NanoDEP server behind a private CA: a TLS server on 127.0.0.1 whose certificate the
 * test's own CA signed, answering the names list (none yet). */
static void
nanodep_names (SoupServer        *server,
               SoupServerMessage *message,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  static const char none[] = "{\"dep_names\":null}";

  (*(guint *) user_data)++;
  if (!g_str_equal (path, "/v1/dep_names"))
    {
      soup_server_message_set_status (message, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }
  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (message, "application/json", SOUP_MEMORY_STATIC, none,
                                    sizeof none - 1);
}

static gboolean
add_dialog_idle (gpointer dialog)
{
  return !adept_add_server_dialog_get_busy (dialog);
}

static gboolean
add_dialog_gone (gpointer window)
{
  return adept_window_get_dialog (window) == NULL;
}

/* Add DEP Server… through a NanoDEP server behind a private CA: a wrong pin is refused
 * with core's TLS sentence in the dialog before any request arrives; the CA file lists the
 * names; the set-up keeps the CA with the server, and Settings shows it. */
static void
test_nanodep_private_ca (void)
{
  g_autofree char *dir = g_build_filename (tmp_dir, "nanodep-tls-XXXXXX", NULL);
  g_autofree char *ca = NULL;
  g_autofree char *server_pem = NULL;
  g_autofree char *server_key = NULL;
  g_autofree char *url = NULL;
  g_autofree char *stored_ca = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GFile) ca_file = NULL;
  g_autoptr(GError) error = NULL;
  AdeptAddServerDialog *dialog;
  AdeptSession *session;
  GSList *uris;
  guint requests = 0;
  Fixture f;

  g_assert_nonnull (g_mkdtemp (dir));
  adept_test_make_tls_certificates (dir);
  ca = g_build_filename (dir, "ca.pem", NULL);
  server_pem = g_build_filename (dir, "server.pem", NULL);
  server_key = g_build_filename (dir, "server-key.pem", NULL);
  certificate = g_tls_certificate_new_from_files (server_pem, server_key, &error);
  g_assert_no_error (error);
  server = soup_server_new ("tls-certificate", certificate, NULL);
  soup_server_add_handler (server, NULL, nanodep_names, &requests, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_HTTPS | SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  url = g_strdup_printf ("https://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  fixture_open (&f);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.window), "win.add-server", NULL));
  dialog = adept_window_get_dialog (f.window);
  gtk_check_button_set_active (adept_add_server_dialog_get_kind_check (dialog, ADEPT_SERVER_KIND_NAME_NANODEP), TRUE);

  /* A pin of another certificate: the handshake is refused, with TLS's sentence. */
  gtk_editable_set_text (GTK_EDITABLE (adept_add_server_dialog_get_pin_row (dialog)),
                         "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF");
  gtk_editable_set_text (GTK_EDITABLE (adept_add_server_dialog_get_url_row (dialog)), url);
  gtk_editable_set_text (GTK_EDITABLE (adept_add_server_dialog_get_key_row (dialog)), "team-api-key");
  g_signal_emit_by_name (adept_add_server_dialog_get_key_row (dialog), "entry-activated");
  adept_test_ui_wait_for (add_dialog_idle, dialog, "the names lookup with the wrong pin");
  g_assert_nonnull (adept_add_server_dialog_get_error (dialog));
  g_test_message ("wrong pin: %s", adept_add_server_dialog_get_error (dialog));
  adept_test_assert_contains (adept_add_server_dialog_get_error (dialog), "certificate");
  g_assert_cmpint (adept_add_server_dialog_get_n_names (dialog), ==, -1);
  g_assert_cmpuint (requests, ==, 0);

  /* The private CA instead: the names come. */
  gtk_editable_set_text (GTK_EDITABLE (adept_add_server_dialog_get_pin_row (dialog)), "");
  ca_file = g_file_new_for_path (ca);
  adept_add_server_dialog_set_ca_file (dialog, ca_file);
  adept_test_ui_wait_for (add_dialog_idle, dialog, "the names lookup with the CA");
  g_assert_null (adept_add_server_dialog_get_error (dialog));
  g_assert_cmpint (adept_add_server_dialog_get_n_names (dialog), ==, 0);
  g_assert_cmpuint (requests, >, 0);

  gtk_editable_set_text (GTK_EDITABLE (adept_add_server_dialog_get_new_name_row (dialog)), "Private Campus");
  adept_test_ui_wait_for (add_dialog_idle, dialog, "the name");
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (adept_add_server_dialog_get_add_button (dialog))));
  g_signal_emit_by_name (adept_add_server_dialog_get_add_button (dialog), "clicked");
  adept_test_ui_wait_for (add_dialog_gone, f.window, "the set-up");

  /* Set up through the CA, and the CA kept with the server. */
  session = adept_window_get_session (f.window);
  g_assert_true (ADEPT_IS_NANODEP_SESSION (session));
  g_assert_cmpstr (adept_session_get_id (session), ==, "private-campus");
  stored_ca = adept_server_dup_tls_ca_file (adept_session_get_server (session));
  g_assert_cmpstr (stored_ca, ==, ca);
  fixture_close (&f);
  soup_server_disconnect (server);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  int status;

  /* GTK's test accessibility backend, for adept_test_ui_assert_accessible(). */
  g_setenv ("GTK_A11Y", "test", TRUE);
  dir = adept_test_ui_init (&argc, &argv, "test-ui-settings");
  tmp_dir = dir;
  app = adept_test_ui_app_new (TRUE, N_DEVICES);

  g_test_add_func ("/ui/settings/import-key", test_import_key);
  g_test_add_func ("/ui/settings/linked-key-and-errors", test_linked_key_and_errors);
  g_test_add_func ("/ui/settings/audit-log", test_audit_log);
  g_test_add_func ("/ui/settings/background-sync", test_background_sync);
  g_test_add_func ("/ui/settings/help", test_help);
  g_test_add_func ("/ui/settings/tls-trust", test_tls_trust);
  g_test_add_func ("/ui/settings/nanodep-private-ca", test_nanodep_private_ca);
  status = g_test_run ();

  g_application_quit (G_APPLICATION (app));
  g_clear_object (&app);
  adept_test_cleanup_dir (dir);
  return status;
}
