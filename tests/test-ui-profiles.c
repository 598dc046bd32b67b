/* test-ui-profiles.c — DEP Profiles under Xvfb: the page, the editor and the device picker
 * against the simulator in-process, with a real store file
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>

#include "adept-depsim.h"
#include "adept-device-picker.h"
#include "adept-profile-compare.h"
#include "adept-profile-editor.h"
#include "adept-profile-fields.h"
#include "adept-sync-engine.h"
#include "adept-test-util.h"
#include "adept-ui-util.h"
#include "sync-test-server.h"
#include "test-ui-helpers.h"

#define SERVER "profiles-test"

static AdeptApplication *app;

typedef struct {
  SyncTestServer   server;
  AdeptWindow     *window;
  AdeptProfilesPage *page;
} Fixture;

/* A sync of the console's session: the page hears of it from the session. */
static void
sync_store (Fixture *f)
{
  g_autoptr(AdeptJournalEntry) entry = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  adept_session_sync_async (f->server.session, ADEPT_SYNC_FLAGS_NONE, NULL,
                            adept_test_store_result, &result);
  adept_test_wait_result (&result);
  entry = adept_session_sync_finish (f->server.session, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (entry);
}

static gboolean
session_idle (gpointer data)
{
  return !adept_session_get_busy (data);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  sync_test_server_start (&f->server, 20261125, GPOINTER_TO_UINT (data), SERVER);
  sync_test_server_link_session (&f->server);
  g_assert_no_error (error);
  sync_store (f);

  f->window = adept_test_ui_window_new (app, 1100, 760);
  f->page = adept_window_get_profiles_page (f->window);
  g_assert_cmpstr (adept_profiles_page_get_state (f->page), ==, "unavailable");
  adept_window_set_session (f->window, f->server.session);
  adept_window_show_page (f->window, "profiles");
  adept_test_ui_flush (GTK_WIDGET (f->window));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  GtkWindow *dialog = adept_profiles_page_get_dialog (f->page);

  if (dialog != NULL)
    gtk_window_destroy (dialog);
  adept_test_ui_window_destroy (f->window);
  /* What the pages asked of the session (syncs after assignments) ends first. */
  adept_test_ui_wait_for (session_idle, f->server.session, "the session's last operation");
  sync_test_server_stop (&f->server);
}

/* Waiting */

static gboolean
dialog_open (gpointer data)
{
  return adept_profiles_page_get_dialog (data) != NULL;
}

static GtkWindow *
wait_for_dialog (Fixture *f,
                 GType    type)
{
  GtkWindow *dialog;

  adept_test_ui_wait_for (dialog_open, f->page, "a dialog of the profiles page");
  dialog = adept_profiles_page_get_dialog (f->page);
  g_assert_true (G_TYPE_CHECK_INSTANCE_TYPE (dialog, type));
  adept_test_ui_flush (GTK_WIDGET (dialog));
  return dialog;
}

static gboolean
editor_idle (gpointer data)
{
  return !adept_profile_editor_get_busy (data);
}

/* The editor */

static AdeptProfileEditor *
open_editor (Fixture *f)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "profiles.add", NULL));
  return ADEPT_PROFILE_EDITOR (wait_for_dialog (f, ADEPT_TYPE_PROFILE_EDITOR));
}

static void
set_text (AdeptProfileEditor *editor,
          const char         *key,
          const char         *text)
{
  GtkWidget *widget = adept_profile_editor_get_widget (editor, key);

  g_assert_true (ADW_IS_ENTRY_ROW (widget));
  gtk_editable_set_text (GTK_EDITABLE (widget), text);
}

static void
set_switch (AdeptProfileEditor *editor,
            const char         *key,
            gboolean            active)
{
  GtkWidget *widget = adept_profile_editor_get_widget (editor, key);

  g_assert_true (GTK_IS_SWITCH (widget));
  gtk_switch_set_active (GTK_SWITCH (widget), active);
}

static gboolean
can_save (AdeptProfileEditor *editor)
{
  return gtk_widget_is_sensitive (adept_profile_editor_get_save_button (editor));
}

static gboolean
is_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static gboolean
editor_gone_or_failed (gpointer data)
{
  AdeptProfileEditor **editor = data;

  return *editor == NULL || adept_profile_editor_get_error (*editor) != NULL;
}

static void
save_and_wait (AdeptProfileEditor *editor)
{
  AdeptProfileEditor *weak = editor;

  g_assert_true (can_save (editor));
  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *) &weak);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  adept_test_ui_wait_for (editor_gone_or_failed, &weak, "the profile to be defined");
  if (weak != NULL)
    g_error ("The editor says: %s", adept_profile_editor_get_error (weak));
}

/* Defines a profile through the editor; returns its UUID. */
static char *
create_profile (Fixture    *f,
                const char *name)
{
  AdeptProfileEditor *editor = open_editor (f);
  guint before = adept_profiles_page_get_n_profiles (f->page);

  set_text (editor, "profile_name", name);
  set_text (editor, "url", "https://mdm.example.com/enroll");
  save_and_wait (editor);
  g_assert_cmpuint (adept_profiles_page_get_n_profiles (f->page), ==, before + 1);
  return g_strdup (adept_profile_row_get_uuid (adept_profiles_page_get_row (f->page, 0)));
}

static AdeptDepProfile *
get_apple_profile (Fixture    *f,
                   const char *uuid)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  AdeptDepProfile *profile;

  adept_dep_client_get_profile_async (f->server.client, uuid, NULL, adept_test_store_result, &result);
  adept_test_wait_result (&result);
  profile = adept_dep_client_get_profile_finish (f->server.client, result, &error);
  g_assert_no_error (error);
  return profile;
}

static gboolean
audit_has (Fixture    *f,
           const char *action,
           const char *needle)
{
  g_autoptr(GPtrArray) entries = adept_store_list_audit (f->server.store, SERVER, 0, NULL);

  for (guint i = 0; entries != NULL && i < entries->len; i++)
    {
      AdeptAuditEntry *entry = g_ptr_array_index (entries, i);

      if (g_strcmp0 (entry->action, action) == 0
          && (needle == NULL || strstr (entry->details, needle) != NULL))
        return TRUE;
    }
  return FALSE;
}

/* A certificate made by OpenSSL (an implementation independent of ours), as PEM and DER;
 * returns the base64 of the DER, which is what Apple must receive. */
static char *
make_certificate (const char  *dir,
                  const char  *name,
                  const char  *subject,
                  char       **pem_path,
                  char       **der_path)
{
  g_autofree char *key = g_build_filename (dir, "key.pem", NULL);
  g_autofree char *der = NULL;
  gsize len = 0;

  *pem_path = g_strdup_printf ("%s/%s.pem", dir, name);
  *der_path = g_strdup_printf ("%s/%s.cer", dir, name);
  {
    const char *req[] = { "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                          "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key,
                          "-out", *pem_path, "-subj", subject, "-days", "30", NULL };
    const char *conv[] = { "openssl", "x509", "-in", *pem_path, "-outform", "DER",
                           "-out", *der_path, NULL };

    g_assert_cmpint (adept_test_run (req, NULL, NULL, NULL), ==, 0);
    g_assert_cmpint (adept_test_run (conv, NULL, NULL, NULL), ==, 0);
  }
  g_assert_true (g_file_get_contents (*der_path, &der, &len, NULL));
  return g_base64_encode ((const guchar *) der, len);
}

typedef struct {
  GtkFileChooserNative *chooser;
  GFile                *file;
} Choice;

static gboolean
chooser_has_file (gpointer data)
{
  Choice *choice = data;
  g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (choice->chooser));

  return file != NULL && g_file_equal (file, choice->file);
}

/* The dialog takes the file once it has read the folder. */
static void
accept_file (GtkFileChooserNative *chooser,
             const char           *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  Choice choice = { chooser, file };

  if (gtk_file_chooser_get_action (GTK_FILE_CHOOSER (chooser)) == GTK_FILE_CHOOSER_ACTION_SAVE)
    {
      g_autoptr(GFile) folder = g_file_get_parent (file);
      g_autofree char *name = g_file_get_basename (file);

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, &error);
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
    }
  else
    gtk_file_chooser_set_file (GTK_FILE_CHOOSER (chooser), file, &error);
  g_assert_no_error (error);
  adept_test_ui_wait_for (chooser_has_file, &choice, "the file to be selected");
  g_signal_emit_by_name (chooser, "response", GTK_RESPONSE_ACCEPT);
}

static gboolean
has_editor_chooser (gpointer data)
{
  return adept_profile_editor_get_file_chooser (data) != NULL;
}

static gboolean
has_certificate (gpointer data)
{
  return adept_profile_editor_get_n_certificates (data, "anchor_certs") > 0;
}

static void
test_empty (Fixture       *f,
            gconstpointer  data)
{
  g_assert_cmpstr (adept_profiles_page_get_state (f->page), ==, "empty");
  g_assert_cmpuint (adept_profiles_page_get_n_profiles (f->page), ==, 0);
  adept_window_set_session (f->window, NULL);
  g_assert_cmpstr (adept_profiles_page_get_state (f->page), ==, "unavailable");
  adept_window_set_session (f->window, f->server.session);
  g_assert_cmpstr (adept_profiles_page_get_state (f->page), ==, "empty");
}

static void
test_every_field (Fixture       *f,
                  gconstpointer  data)
{
  AdeptProfileEditor *editor = open_editor (f);
  g_autofree char *anchor_pem = NULL;
  g_autofree char *anchor_der = NULL;
  g_autofree char *host_pem = NULL;
  g_autofree char *host_der = NULL;
  /* The certificates last 30 days from when openssl makes them, between these two. */
  g_autoptr(GDateTime) before = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) in_30_days_before = g_date_time_add_days (before, 30);
  g_autofree char *anchor = make_certificate (f->server.dir, "anchor", "/CN=Example MDM CA/O=Example Corp",
                                              &anchor_pem, &anchor_der);
  g_autofree char *host = make_certificate (f->server.dir, "host", "/CN=Configurator Mac",
                                            &host_pem, &host_der);
  g_autoptr(GFile) der_file = g_file_new_for_path (host_der);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(AdeptDepProfile) apple = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *expiry = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) in_30_days = g_date_time_add_days (now, 30);
  GtkFileChooserNative *chooser;
  const char * const *skips;
  guint n_keys = 0;

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (editor)), ==, "New DEP Profile");
  /* Apple's defaults shown as such. */
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (adept_profile_editor_get_widget (editor, "allow_pairing"))));
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (adept_profile_editor_get_widget (editor, "is_mdm_removable"))));
  g_assert_false (can_save (editor));

  set_text (editor, "profile_name", "Staff iPads");
  set_text (editor, "url", "https://mdm.example.com/enroll?site=hq");
  set_text (editor, "department", "IT Services");
  set_text (editor, "support_phone_number", "+1 555 0100");
  set_text (editor, "support_email_address", "help@example.com");
  set_switch (editor, "is_supervised", TRUE);
  set_switch (editor, "is_mandatory", TRUE);
  set_switch (editor, "is_mdm_removable", FALSE);
  set_switch (editor, "await_device_configured", TRUE);
  set_switch (editor, "is_multi_user", TRUE);
  set_switch (editor, "allow_pairing", FALSE);
  set_switch (editor, "auto_advance_setup", TRUE);
  set_switch (editor, "do_not_use_profile_from_backup", TRUE);
  set_switch (editor, "is_return_to_service", TRUE);
  set_switch (editor, "token_auth", TRUE);
  g_assert_false (can_save (editor));  /* the sign-in page is now required */
  /* Not red before the admin had a go at it. */
  g_assert_null (adept_profile_editor_get_message (editor, "configuration_web_url"));
  set_text (editor, "configuration_web_url", "https://mdm.example.com/sign-in");
  set_text (editor, "language", "en");
  set_text (editor, "region", "US");
  set_text (editor, "org_magic", "site-hq-7f3a");
  /* The codes' names come from iso-codes. */
  g_assert_cmpstr (adept_language_get_name ("en"), ==, "English");
  g_assert_cmpstr (adept_language_get_name ("deu"), ==, "German");
  g_assert_cmpstr (adept_region_get_name ("us"), ==, "United States");
  g_assert_null (adept_region_get_name ("QQ"));

  /* Every pane, then two left to the user. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.skip-all", NULL));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (adept_profile_editor_get_widget (editor, "skip:Siri")), FALSE);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (adept_profile_editor_get_widget (editor, "skip:Keyboard")), FALSE);

  /* The anchor certificate through the file chooser, the host's from a DER file. */
  adept_profile_editor_show_page (editor, "certificates");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.add-certificate", "s",
                                             "anchor_certs"));
  adept_test_ui_wait_for (has_editor_chooser, editor, "the certificate chooser");
  chooser = adept_profile_editor_get_file_chooser (editor);
  accept_file (chooser, anchor_pem);
  adept_test_ui_wait_for (has_certificate, editor, "the anchor certificate");
  adept_profile_editor_add_certificates_async (editor, "supervising_host_certs", der_file, NULL,
                                               adept_test_store_result, &result);
  adept_test_wait_result (&result);
  g_assert_true (adept_profile_editor_add_certificates_finish (editor, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);  /* it holds the editor */
  g_assert_cmpuint (adept_profile_editor_get_n_certificates (editor, "supervising_host_certs"), ==, 1);
  {
    g_autofree char *day = adept_format_date (in_30_days);
    g_autofree char *day_before = adept_format_date (in_30_days_before);
    const char *shown = adept_profile_editor_get_certificate_text (editor, "anchor_certs", 0);

    /* Midnight may have passed while openssl ran. */
    expiry = g_strdup_printf ("Expires %s", day);
    if (g_strcmp0 (shown, expiry) != 0)
      {
        g_free (expiry);
        expiry = g_strdup_printf ("Expires %s", day_before);
      }
    g_assert_cmpstr (shown, ==, expiry);
  }

  save_and_wait (editor);
  g_assert_cmpstr (adept_profiles_page_get_state (f->page), ==, "list");
  uuid = g_strdup (adept_profile_row_get_uuid (adept_profiles_page_get_row (f->page, 0)));
  g_assert_true (audit_has (f, "profile-define", uuid));

  /* What Apple holds, field by field. */
  apple = get_apple_profile (f, uuid);
  g_assert_cmpstr (adept_dep_profile_get_profile_name (apple), ==, "Staff iPads");
  g_assert_cmpstr (adept_dep_profile_get_url (apple), ==, "https://mdm.example.com/enroll?site=hq");
  g_assert_cmpstr (adept_dep_profile_get_department (apple), ==, "IT Services");
  g_assert_cmpstr (adept_dep_profile_get_support_phone_number (apple), ==, "+1 555 0100");
  g_assert_cmpstr (adept_dep_profile_get_support_email_address (apple), ==, "help@example.com");
  g_assert_true (adept_dep_profile_get_is_supervised (apple));
  g_assert_true (adept_dep_profile_get_is_mandatory (apple));
  g_assert_false (adept_dep_profile_get_is_mdm_removable (apple));
  g_assert_true (adept_dep_profile_get_await_device_configured (apple));
  g_assert_true (adept_dep_profile_get_is_multi_user (apple));
  g_assert_false (adept_dep_profile_get_allow_pairing (apple));
  g_assert_true (adept_dep_profile_get_auto_advance_setup (apple));
  g_assert_true (adept_dep_profile_get_do_not_use_profile_from_backup (apple));
  g_assert_true (adept_dep_profile_get_is_return_to_service (apple));
  g_assert_cmpstr (adept_dep_profile_get_configuration_web_url (apple), ==,
                   "https://mdm.example.com/sign-in");
  g_assert_cmpstr (adept_dep_profile_get_language (apple), ==, "en");
  g_assert_cmpstr (adept_dep_profile_get_region (apple), ==, "US");
  g_assert_cmpstr (adept_dep_profile_get_org_magic (apple), ==, "site-hq-7f3a");
  g_assert_cmpstr (adept_dep_profile_get_anchor_certs (apple)[0], ==, anchor);
  g_assert_null (adept_dep_profile_get_anchor_certs (apple)[1]);
  g_assert_cmpstr (adept_dep_profile_get_supervising_host_certs (apple)[0], ==, host);
  skips = adept_dep_profile_get_skip_setup_items (apple);
  adept_skip_keys_get (&n_keys);
  g_assert_cmpuint (g_strv_length ((char **) skips), ==, n_keys - 2);
  g_assert_true (g_strv_contains (skips, "AppleID"));
  g_assert_true (g_strv_contains (skips, "Biometric"));
  g_assert_false (g_strv_contains (skips, "Siri"));
  g_assert_false (g_strv_contains (skips, "Keyboard"));

  /* Show on Apple: nothing differs. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "profiles.show-on-apple", "s", uuid));
  {
    AdeptProfileCompare *compare = ADEPT_PROFILE_COMPARE (wait_for_dialog (f, ADEPT_TYPE_PROFILE_COMPARE));

    g_assert_cmpuint (adept_profile_compare_get_n_fields (compare), >=, 20);
    g_assert_cmpuint (adept_profile_compare_get_n_differences (compare), ==, 0);
    gtk_window_destroy (GTK_WINDOW (compare));
  }
}

static void
assert_refused (AdeptProfileEditor *editor,
                const char         *key,
                const char         *text,
                const char         *needle)
{
  const char *message;

  if (g_str_equal (key, "is_mdm_removable"))
    set_switch (editor, key, FALSE);
  else
    set_text (editor, key, text);
  message = adept_profile_editor_get_message (editor, key);
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, needle));
  g_assert_true (gtk_widget_has_css_class (adept_profile_editor_get_row (editor, key), "error"));
  g_assert_false (can_save (editor));
}

static gboolean
focus_within (AdeptProfileEditor *editor,
              const char         *key)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (editor));
  GtkWidget *row = adept_profile_editor_get_widget (editor, key);

  return focus != NULL && (focus == row || gtk_widget_is_ancestor (focus, row));
}

/* Where a field's row sits in the editor window. */
static double
row_y (AdeptProfileEditor *editor,
       const char         *key)
{
  graphene_point_t point;

  g_assert_true (gtk_widget_compute_point (adept_profile_editor_get_row (editor, key), GTK_WIDGET (editor),
                                           &GRAPHENE_POINT_INIT (0, 0), &point));
  return point.y;
}

/* A new form is not red before any input; a field left empty says so once left; Tab goes
 * through every field of the group, in order. */
static void
test_editor_keyboard (Fixture       *f,
                      gconstpointer  data)
{
  AdeptProfileEditor *editor = open_editor (f);
  static const char * const order[] = {
    "profile_name", "url", "department", "support_phone_number", "support_email_address",
  };
  double email_y;

  g_assert_false (can_save (editor));
  g_assert_false (adept_profile_editor_get_valid (editor));
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      g_assert_null (adept_profile_editor_get_message (editor, order[i]));
      g_assert_false (gtk_widget_has_css_class (adept_profile_editor_get_row (editor, order[i]),
                                                "error"));
    }
  adept_test_ui_assert_accessible (GTK_WIDGET (editor));
  /* The Save button says why it is off. */
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (adept_profile_editor_get_save_button (editor)),
                            "name"));

  adept_test_ui_flush (GTK_WIDGET (editor));
  email_y = row_y (editor, "support_email_address");
  g_assert_cmpfloat (email_y, >, row_y (editor, "url"));

  g_assert_true (gtk_widget_grab_focus (adept_profile_editor_get_widget (editor, order[0])));
  for (guint i = 1; i < G_N_ELEMENTS (order); i++)
    {
      g_assert_true (gtk_widget_child_focus (GTK_WIDGET (editor), GTK_DIR_TAB_FORWARD));
      if (!focus_within (editor, order[i]))
        g_error ("Tab from “%s” went to a %s, not to “%s”", order[i - 1],
                 G_OBJECT_TYPE_NAME (gtk_root_get_focus (GTK_ROOT (editor))), order[i]);
    }
  /* The name and the URL were left empty: now they say so, the others do not. */
  g_assert_nonnull (adept_profile_editor_get_message (editor, "profile_name"));
  g_assert_nonnull (adept_profile_editor_get_message (editor, "url"));
  g_assert_null (adept_profile_editor_get_message (editor, "department"));
  /* The errors took no room: the rows below stay where they were. */
  adept_test_ui_flush (GTK_WIDGET (editor));
  g_assert_cmpfloat (row_y (editor, "support_email_address"), ==, email_y);
  gtk_window_destroy (GTK_WINDOW (editor));
}

static void
test_invalid_before_sending (Fixture       *f,
                             gconstpointer  data)
{
  AdeptProfileEditor *editor = open_editor (f);
  g_autofree char *long_name = g_strnfill (126, 'n');
  g_autofree char *long_department = g_strnfill (126, 'd');
  g_autofree char *long_phone = g_strnfill (51, '5');
  g_autofree char *long_magic = g_strnfill (257, 'm');
  g_autofree char *long_path = g_strnfill (2000, 'p');
  g_autofree char *long_url = g_strconcat ("https://mdm.example.com/", long_path, NULL);
  g_autofree char *long_email = g_strconcat (long_path + 1760, "@example.com", NULL);
  guint defines = adept_depsim_get_request_count (f->server.sim, "/profile");
  /* Each value is the only fault of the form; the last column puts the field right. */
  const struct {
    const char *key;
    const char *bad;
    const char *needle;
    const char *good;
  } cases[] = {
    { "profile_name", "", "Enter a name", NULL },
    { "profile_name", long_name, "At most 125 characters (this has 126)", "Lab Macs" },
    { "url", "", "Enter the enrollment URL", NULL },
    { "url", "ftp://mdm.example.com/enroll", "https://", NULL },
    { "url", "mdm.example.com", "https://", NULL },
    { "url", long_url, "At most 2000 characters", "https://mdm.example.com/enroll" },
    { "department", long_department, "At most 125 characters", "" },
    { "support_phone_number", long_phone, "At most 50 characters", "" },
    { "support_email_address", "help.example.com", "help@example.com", NULL },
    { "support_email_address", "help@example", "help@example.com", NULL },
    { "support_email_address", long_email, "At most 250 characters", "" },
    { "org_magic", long_magic, "At most 256 characters", "" },
    { "language", "e1", "ISO 639", NULL },
    { "language", "engl", "ISO 639", "" },
    { "region", "USA", "ISO 3166", "" },
  };

  set_text (editor, "profile_name", "Lab Macs");
  set_text (editor, "url", "https://mdm.example.com/enroll");
  g_assert_true (can_save (editor));
  g_assert_null (adept_profile_editor_get_message (editor, "profile_name"));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      assert_refused (editor, cases[i].key, cases[i].bad, cases[i].needle);
      if (cases[i].good != NULL)
        {
          set_text (editor, cases[i].key, cases[i].good);
          g_assert_null (adept_profile_editor_get_message (editor, cases[i].key));
          g_assert_true (can_save (editor));
        }
    }

  assert_refused (editor, "is_mdm_removable", NULL, "Turn on Supervised");
  set_switch (editor, "is_supervised", TRUE);
  g_assert_null (adept_profile_editor_get_message (editor, "is_mdm_removable"));
  set_switch (editor, "token_auth", TRUE);
  assert_refused (editor, "configuration_web_url", "sign-in", "https://");
  /* Apple takes the sign-in page only from the MDM server's host. */
  assert_refused (editor, "configuration_web_url", "https://elsewhere.example.net/sign-in",
                  "mdm.example.com");

  /* The save action does nothing while a field is wrong: Apple never saw a request. */
  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL);
  adept_test_ui_flush (GTK_WIDGET (editor));
  g_assert_false (adept_profile_editor_get_busy (editor));
  g_assert_cmpuint (adept_depsim_get_request_count (f->server.sim, "/profile"), ==, defines);

  set_text (editor, "configuration_web_url", "https://mdm.example.com/sign-in");
  g_assert_true (adept_profile_editor_get_valid (editor));
  g_assert_true (can_save (editor));
  g_assert_false (gtk_widget_has_css_class (adept_profile_editor_get_row (editor, "url"), "error"));
}

static void
test_apple_refuses (Fixture       *f,
                    gconstpointer  data)
{
  AdeptDepsimFault fault = { "/profile", ADEPT_DEPSIM_FAULT_STATUS, 400, "OBSE_INVALID", 0, 0, 1 };
  AdeptProfileEditor *editor = open_editor (f);
  const char *message;

  adept_depsim_add_fault (f->server.sim, &fault);
  set_text (editor, "profile_name", "Front Desk");
  set_text (editor, "url", "https://mdm.example.com/enroll");
  set_text (editor, "language", "fr");
  set_text (editor, "region", "JP");
  adept_profile_editor_show_page (editor, "setup");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  g_assert_true (adept_profile_editor_get_busy (editor));
  adept_test_ui_wait_for (editor_idle, editor, "Apple's answer");

  /* The refusal is on its field, and that field is in view. */
  message = adept_profile_editor_get_message (editor, "language");
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "language and region do not go together"));
  g_assert_true (gtk_widget_has_css_class (adept_profile_editor_get_row (editor, "language"), "error"));
  g_assert_cmpstr (adept_profile_editor_get_visible_page (editor), ==, "profile");
  g_assert_nonnull (adept_profile_editor_get_error (editor));
  g_assert_cmpuint (adept_profiles_page_get_n_profiles (f->page), ==, 0);
  /* Apple's word does not block another try. */
  g_assert_true (can_save (editor));

  /* Changing the field clears Apple's message; the next try goes through. */
  set_text (editor, "region", "FR");
  g_assert_null (adept_profile_editor_get_message (editor, "language"));
  save_and_wait (editor);
  g_assert_cmpuint (adept_profiles_page_get_n_profiles (f->page), ==, 1);
}

static gboolean
store_has_profiles (gpointer data)
{
  Fixture *f = data;
  g_autoptr(GPtrArray) profiles = adept_store_list_profiles (f->server.store, SERVER, NULL);

  return profiles != NULL && profiles->len > 0;
}

/* A definition cannot be taken back once sent: the editor stays open until Apple answers,
 * and a profile Apple defined is kept even if the window was destroyed meanwhile. */
static void
test_closed_while_sending (Fixture       *f,
                           gconstpointer  data)
{
  /* Long enough to outlast the flush below on a loaded machine: the answer arriving
   * during it would close the editor there. */
  AdeptDepsimFault slow = { "/profile", ADEPT_DEPSIM_FAULT_DELAY, 0, NULL, 0, 3000, 1 };
  AdeptProfileEditor *editor = open_editor (f);
  AdeptProfileEditor *weak = editor;

  adept_depsim_add_fault (f->server.sim, &slow);
  set_text (editor, "profile_name", "Night Shift");
  set_text (editor, "url", "https://mdm.example.com/enroll");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  g_assert_true (adept_profile_editor_get_busy (editor));
  g_assert_false (can_save (editor));

  gtk_window_close (GTK_WINDOW (editor));
  g_object_ref (editor);
  adept_test_ui_flush (GTK_WIDGET (editor));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (editor)));
  g_object_unref (editor);

  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *) &weak);
  gtk_window_destroy (GTK_WINDOW (editor));
  adept_test_ui_wait_for (store_has_profiles, f, "the profile to be kept");
  adept_test_ui_wait_for (is_gone, &weak, "the editor to go");
  g_assert_true (audit_has (f, "profile-define", "Night Shift"));
  adept_profiles_page_reload (f->page);
  g_assert_cmpuint (adept_profiles_page_get_n_profiles (f->page), ==, 1);
}

static gboolean
device_has_profile (AdeptStore *store,
                    const char *serial,
                    const char *uuid)
{
  g_autoptr(AdeptDevice) device = adept_store_get_device (store, SERVER, serial, NULL, NULL);

  return device != NULL && g_strcmp0 (adept_device_get_profile_uuid (device), uuid) == 0
         && adept_device_get_profile_status (device) == ADEPT_PROFILE_STATUS_ASSIGNED;
}

static void
test_default_profile (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *uuid = create_profile (f, "Everyone");
  g_autofree char *stored_default = NULL;
  g_auto(GStrv) added = NULL;
  AdeptProfileRow *row;

  row = adept_profiles_page_find_row (f->page, uuid);
  g_assert_false (adept_profile_row_get_is_default (row));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "profiles.make-default", "s", uuid));
  /* The session's operation, queued like any other. */
  adept_test_ui_wait_for (session_idle, f->server.session, "the default to be set");
  row = adept_profiles_page_find_row (f->page, uuid);
  g_assert_true (adept_profile_row_get_is_default (row));
  stored_default = adept_store_dup_default_profile (f->server.store, SERVER);
  g_assert_cmpstr (stored_default, ==, uuid);
  g_assert_true (audit_has (f, "profile-default", uuid));

  /* ABM assigns a new device to the server: the next sync gives it the default. */
  added = adept_depsim_add_devices (f->server.sim, 1, TRUE);
  sync_store (f);
  g_assert_cmpuint (adept_depsim_get_request_count (f->server.sim, "/profile/devices"), ==, 1);
  sync_store (f);
  g_assert_true (device_has_profile (f->server.store, added[0], uuid));
  g_assert_cmpuint (adept_profile_row_get_n_devices (adept_profiles_page_find_row (f->page, uuid)), ==, 1);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "profiles.clear-default", "s", uuid));
  adept_test_ui_wait_for (session_idle, f->server.session, "the default to be cleared");
  g_assert_false (adept_profile_row_get_is_default (adept_profiles_page_find_row (f->page, uuid)));
  g_clear_pointer (&stored_default, g_free);
  stored_default = adept_store_dup_default_profile (f->server.store, SERVER);
  g_assert_null (stored_default);
  g_assert_true (audit_has (f, "profile-default", "cleared"));
}

static gboolean
picker_done (gpointer data)
{
  return g_strcmp0 (adept_device_picker_get_state (data), "summary") == 0;
}

static const char *
serial_at (AdeptDevicePicker *picker,
           guint              position)
{
  g_autoptr(AdeptDevice) device = g_list_model_get_item (G_LIST_MODEL (adept_device_picker_get_list (picker)),
                                                         position);

  /* The list keeps the item while it is alive; the serial is interned in the list. */
  return g_intern_string (adept_device_get_serial_number (device));
}

static void
test_assign_2500 (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *uuid = create_profile (f, "Classroom iPads");
  AdeptDevicePicker *picker;
  GtkSelectionModel *selection;
  AdeptBatchJob *job;
  AdeptDeviceResults *results;
  const char *failed[2], *throttled, *away;
  g_autoptr(AdeptAssignAttempt) failed_attempt = NULL;
  g_autoptr(AdeptAssignAttempt) throttled_attempt = NULL;
  g_autofree char *assigned_line = NULL;
  g_autofree char *count = adept_format_count (2496);
  guint requests;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "profiles.assign", "s", uuid));
  picker = ADEPT_DEVICE_PICKER (wait_for_dialog (f, ADEPT_TYPE_DEVICE_PICKER));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (adept_device_picker_get_list (picker))), ==, 2600);

  /* Search and status filter narrow the list; marks are by serial and survive them. */
  adept_device_picker_set_search (picker, serial_at (picker, 5));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (adept_device_picker_get_list (picker))), ==, 1);
  adept_device_picker_set_search (picker, "");
  adept_device_picker_set_status (picker, ADEPT_PROFILE_STATUS_ASSIGNED);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (adept_device_picker_get_list (picker))), ==, 0);
  adept_device_picker_set_status (picker, ADEPT_PROFILE_STATUS_EMPTY);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (adept_device_picker_get_list (picker))), ==, 2600);

  /* Apple's varied answers for a few of them. */
  failed[0] = serial_at (picker, 10);
  failed[1] = serial_at (picker, 1500);
  throttled = serial_at (picker, 2400);
  away = serial_at (picker, 20);
  adept_depsim_set_assign_result (f->server.sim, failed[0], "FAILED", 1, 0);
  adept_depsim_set_assign_result (f->server.sim, failed[1], "FAILED", 1, 0);
  adept_depsim_set_assign_result (f->server.sim, throttled, "THROTTLED", 1, 600);
  g_assert_cmpuint (adept_depsim_unassign_devices (f->server.sim, (const char *[]) { away, NULL }, NULL), ==, 1);

  /* Shift-click from the first to the 2,500th row, then Assign. */
  selection = adept_device_picker_get_selection (picker);
  gtk_selection_model_select_range (selection, 0, 2500, TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (picker), "picker.assign", NULL));
  g_assert_cmpuint (adept_device_picker_get_n_marked (picker), ==, 2500);
  g_assert_true (adept_device_picker_is_marked (picker, throttled));
  g_assert_false (adept_device_picker_is_marked (picker, serial_at (picker, 2500)));

  requests = adept_depsim_get_request_count (f->server.sim, "/profile/devices");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (picker), "picker.save", NULL));
  g_assert_cmpstr (adept_device_picker_get_state (picker), ==, "progress");
  adept_test_ui_wait_for (picker_done, picker, "the assignment to finish");

  job = adept_device_picker_get_job (picker);
  results = adept_batch_job_get_results (job);
  g_assert_null (adept_batch_job_get_error (job));
  g_assert_cmpuint (adept_batch_job_get_n_batches (job), ==, 3);
  g_assert_cmpuint (adept_batch_job_get_batches_done (job), ==, 3);
  g_assert_cmpuint (adept_depsim_get_request_count (f->server.sim, "/profile/devices") - requests, ==, 3);
  g_assert_cmpuint (adept_device_results_count (results, ADEPT_DEVICE_RESULT_SUCCESS), ==, 2496);
  g_assert_cmpuint (adept_device_results_count (results, ADEPT_DEVICE_RESULT_FAILED), ==, 2);
  g_assert_cmpuint (adept_device_results_count (results, ADEPT_DEVICE_RESULT_THROTTLED), ==, 1);
  g_assert_cmpuint (adept_device_results_count (results, ADEPT_DEVICE_RESULT_NOT_ACCESSIBLE), ==, 1);

  assigned_line = g_strdup_printf ("%s devices assigned.", count);
  g_assert_nonnull (strstr (adept_device_picker_get_summary (picker), assigned_line));
  g_assert_nonnull (strstr (adept_device_picker_get_summary (picker), "2 failed"));
  g_assert_nonnull (strstr (adept_device_picker_get_summary (picker), "1 not accessible"));
  g_assert_nonnull (strstr (adept_device_picker_get_summary (picker), "1 throttled by Apple until"));
  g_assert_cmpuint (adept_device_picker_get_n_marked (picker), ==, 0);

  /* Each answer is kept per device, with the retries it calls for. */
  failed_attempt = sync_test_last_attempt (f->server.store, SERVER, failed[0]);
  g_assert_cmpint (failed_attempt->result, ==, ADEPT_ASSIGN_RESULT_FAILED);
  g_assert_cmpint (failed_attempt->origin, ==, ADEPT_ASSIGN_ORIGIN_MANUAL);
  g_assert_cmpint (failed_attempt->next_attempt, >, 0);
  throttled_attempt = sync_test_last_attempt (f->server.store, SERVER, throttled);
  g_assert_cmpint (throttled_attempt->result, ==, ADEPT_ASSIGN_RESULT_THROTTLED);
  g_assert_cmpint (throttled_attempt->retry_after, ==, 600);
  g_assert_true (audit_has (f, "profile-assign", "2500 of 2500 devices answered"));

  gtk_window_destroy (GTK_WINDOW (picker));
  sync_store (f);
  g_assert_cmpuint (adept_profile_row_get_n_devices (adept_profiles_page_find_row (f->page, uuid)), ==, 2496);
}

/* Closing the picker while it sends stops after the request in flight and says so. */
static void
test_stop_assign (Fixture       *f,
                  gconstpointer  data)
{
  AdeptDepsimFault slow = { "/profile/devices", ADEPT_DEPSIM_FAULT_DELAY, 0, NULL, 0, 300, 1 };
  g_autofree char *uuid = create_profile (f, "Night Shift");
  AdeptDevicePicker *picker;
  AdeptDevicePicker *weak;
  AdeptBatchJob *job;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "profiles.assign", "s", uuid));
  picker = ADEPT_DEVICE_PICKER (wait_for_dialog (f, ADEPT_TYPE_DEVICE_PICKER));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (picker), "picker.select-all", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (picker), "picker.assign", NULL));
  g_assert_cmpuint (adept_device_picker_get_n_marked (picker), ==, 1500);

  adept_depsim_add_fault (f->server.sim, &slow);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (picker), "picker.save", NULL));
  gtk_window_close (GTK_WINDOW (picker));
  adept_test_ui_wait_for (picker_done, picker, "the assignment to stop");

  job = adept_device_picker_get_job (picker);
  g_assert_error (adept_batch_job_get_error (job), G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (adept_batch_job_get_sent (job), ==, 0);
  g_assert_nonnull (strstr (adept_device_picker_get_summary (picker), "Stopped on request after 0 of 1,500 devices"));
  g_assert_true (audit_has (f, "profile-assign", "0 of 1500 devices answered"));

  /* Once stopped, Close closes. */
  weak = picker;
  g_object_add_weak_pointer (G_OBJECT (picker), (gpointer *) &weak);
  gtk_window_close (GTK_WINDOW (picker));
  adept_test_ui_wait_for (is_gone, &weak, "the picker to close");
}

/* From Apple…: a profile defined elsewhere, added by its UUID, kept as not defined here. */
static gboolean
page_has_dialog_of_heading (gpointer data)
{
  Fixture *f = data;
  GtkWindow *dialog = adept_profiles_page_get_dialog (f->page);

  return ADW_IS_MESSAGE_DIALOG (dialog) &&
         g_strcmp0 (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)),
                    g_object_get_data (G_OBJECT (f->page), "want-heading")) == 0;
}

static AdwMessageDialog *
ask_adopt (Fixture    *f,
           const char *uuid)
{
  AdwMessageDialog *dialog;
  GtkEditable *entry;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "profiles.adopt", NULL));
  dialog = ADW_MESSAGE_DIALOG (wait_for_dialog (f, ADW_TYPE_MESSAGE_DIALOG));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Add a Profile from Apple");
  entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  gtk_editable_set_text (entry, "   ");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "add"));
  gtk_editable_set_text (entry, uuid);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "add"));
  adw_message_dialog_response (dialog, "add");
  gtk_window_close (GTK_WINDOW (dialog));
  adept_test_ui_wait_for (session_idle, f->server.session, "the profile from Apple");
  return dialog;
}

static void
test_adopt (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *uuid = sync_test_define_profile (f->server.client, "Defined Elsewhere");
  g_autoptr(AdeptStoredProfile) stored = NULL;
  g_autoptr(GError) error = NULL;
  AdeptProfileRow *row;

  g_assert_cmpstr (adept_profiles_page_get_state (f->page), ==, "empty");
  ask_adopt (f, uuid);

  /* Listed and kept, marked as added from Apple rather than defined here. */
  g_assert_cmpuint (adept_profiles_page_get_n_profiles (f->page), ==, 1);
  row = adept_profiles_page_find_row (f->page, uuid);
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Defined Elsewhere");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "Added from Apple"));
  stored = adept_store_get_profile (f->server.store, SERVER, uuid, &error);
  g_assert_no_error (error);
  g_assert_nonnull (stored);
  g_assert_cmpint (stored->origin, ==, ADEPT_PROFILE_ORIGIN_ADOPTED);
  g_assert_true (audit_has (f, "profile-adopt", uuid));

  /* A UUID Apple does not know: said, and nothing kept. */
  g_object_set_data (G_OBJECT (f->page), "want-heading", (gpointer) "Profile Not Added");
  ask_adopt (f, "00000000-0000-4000-8000-000000000000");
  adept_test_ui_wait_for (page_has_dialog_of_heading, f, "the refusal");
  gtk_window_destroy (adept_profiles_page_get_dialog (f->page));
  g_assert_cmpuint (adept_profiles_page_get_n_profiles (f->page), ==, 1);
}

static gboolean
job_finished (gpointer data)
{
  AdeptProfilesPage *page = data;

  return adept_profiles_page_get_job (page) != NULL
         && adept_batch_job_get_finished (adept_profiles_page_get_job (page));
}

static gboolean
widget_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

static void
test_edit_and_reassign (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *old_uuid = create_profile (f, "Loaners");
  g_auto(GStrv) serials = sync_test_server_dup_serials (&f->server, 0, 30);
  g_auto(GStrv) moved = NULL;
  g_autofree char *new_uuid = NULL;
  g_autofree char *stored_default = NULL;
  g_autoptr(AdeptStoredProfile) stored = NULL;
  g_autoptr(AdeptDepProfile) apple = NULL;
  AdeptProfileEditor *editor;
  AdwMessageDialog *dialog;
  AdwExpanderRow *expander;
  const char *body;

  /* 30 devices have the old profile, per Apple and, after a sync, per the store. */
  sync_test_set_profile (f->server.client, old_uuid, (const char * const *) serials);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "profiles.make-default", "s", old_uuid));
  sync_store (f);
  g_assert_cmpuint (adept_profile_row_get_n_devices (adept_profiles_page_find_row (f->page, old_uuid)), ==, 30);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "profiles.edit", "s", old_uuid));
  editor = ADEPT_PROFILE_EDITOR (wait_for_dialog (f, ADEPT_TYPE_PROFILE_EDITOR));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (adept_profile_editor_get_widget (editor, "profile_name"))),
                   ==, "Loaners (v2)");
  g_assert_cmpstr (adept_profile_editor_get_replaces (editor), ==, old_uuid);
  /* Untouched, it would define a twin: Save waits for a change. */
  g_assert_false (can_save (editor));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (adept_profile_editor_get_save_button (editor)),
                            "Nothing changed"));
  set_text (editor, "profile_name", "Loaners 2");
  set_text (editor, "department", "Library");
  save_and_wait (editor);

  new_uuid = g_strdup (adept_profile_row_get_uuid (adept_profiles_page_get_row (f->page, 0)));
  g_assert_cmpstr (new_uuid, !=, old_uuid);
  /* The old one stays, marked as replaced by its successor, under a name of its own. */
  {
    AdwPreferencesRow *old_row = ADW_PREFERENCES_ROW (adept_profiles_page_find_row (f->page, old_uuid));
    AdwPreferencesRow *new_row = ADW_PREFERENCES_ROW (adept_profiles_page_find_row (f->page, new_uuid));

    g_assert_cmpstr (adw_preferences_row_get_title (old_row), !=,
                     adw_preferences_row_get_title (new_row));
    g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (old_row)),
                              "Replaced by “Loaners 2”"));
    /* Folded away at the end, not deleted: listed, unseen until the admin unfolds it. */
    g_assert_true (adept_profiles_page_get_row (f->page, 1) == ADEPT_PROFILE_ROW (old_row));
    g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (new_row)));
    g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (old_row)));
    expander = ADW_EXPANDER_ROW (gtk_widget_get_ancestor (GTK_WIDGET (old_row), ADW_TYPE_EXPANDER_ROW));
    g_assert_nonnull (expander);
    g_assert_null (gtk_widget_get_ancestor (GTK_WIDGET (new_row), ADW_TYPE_EXPANDER_ROW));
    g_assert_cmpstr (adw_expander_row_get_subtitle (expander), ==, "1 earlier version of an edited profile");
    g_assert_false (adw_expander_row_get_expanded (expander));
    adw_expander_row_set_expanded (expander, TRUE);
    adept_test_ui_wait_for (widget_mapped, old_row, "the replaced profile to unfold");
  }
  stored = adept_store_get_profile (f->server.store, SERVER, new_uuid, NULL);
  g_assert_cmpstr (stored->replaces, ==, old_uuid);
  apple = get_apple_profile (f, new_uuid);
  g_assert_cmpstr (adept_dep_profile_get_department (apple), ==, "Library");
  /* The default follows the edit. */
  stored_default = adept_store_dup_default_profile (f->server.store, SERVER);
  g_assert_cmpstr (stored_default, ==, new_uuid);

  /* The preview names the count; the admin agrees. */
  dialog = ADW_MESSAGE_DIALOG (wait_for_dialog (f, ADW_TYPE_MESSAGE_DIALOG));
  body = adw_message_dialog_get_body (dialog);
  g_assert_nonnull (strstr (body, "30 devices will be reassigned from “Loaners” to “Loaners 2”"));
  adw_message_dialog_response (dialog, "reassign");
  adept_test_ui_wait_for (job_finished, f->page, "the reassignment");
  g_assert_null (adept_batch_job_get_error (adept_profiles_page_get_job (f->page)));
  g_assert_cmpuint (adept_device_results_count (adept_batch_job_get_results (adept_profiles_page_get_job (f->page)),
                                                ADEPT_DEVICE_RESULT_SUCCESS), ==, 30);
  dialog = ADW_MESSAGE_DIALOG (adept_profiles_page_get_dialog (f->page));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Devices Reassigned");
  adw_message_dialog_response (dialog, "close");

  sync_store (f);
  g_assert_cmpuint (adept_profile_row_get_n_devices (adept_profiles_page_find_row (f->page, new_uuid)), ==, 30);
  g_assert_cmpuint (adept_profile_row_get_n_devices (adept_profiles_page_find_row (f->page, old_uuid)), ==, 0);
  g_assert_true (device_has_profile (f->server.store, serials[0], new_uuid));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (adept_profiles_page_find_row (f->page, old_uuid))),
                            "Replaced by “Loaners 2”"));
  moved = adept_profiles_page_dup_profile_devices (f->page, new_uuid);
  g_assert_cmpuint (g_strv_length (moved), ==, 30);
}

static void
test_remove (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *uuid = create_profile (f, "Retired");
  g_auto(GStrv) serials = sync_test_server_dup_serials (&f->server, 0, 12);
  g_autoptr(AdeptDevice) device = NULL;
  AdwMessageDialog *dialog;

  sync_test_set_profile (f->server.client, uuid, (const char * const *) serials);
  sync_store (f);
  g_assert_cmpuint (adept_profile_row_get_n_devices (adept_profiles_page_find_row (f->page, uuid)), ==, 12);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "profiles.remove-devices", "s", uuid));
  dialog = ADW_MESSAGE_DIALOG (wait_for_dialog (f, ADW_TYPE_MESSAGE_DIALOG));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Remove “Retired” from 12 Devices?");
  adw_message_dialog_response (dialog, "remove");
  adept_test_ui_wait_for (job_finished, f->page, "the removal");
  g_assert_cmpuint (adept_device_results_count (adept_batch_job_get_results (adept_profiles_page_get_job (f->page)),
                                                ADEPT_DEVICE_RESULT_SUCCESS), ==, 12);
  g_assert_true (audit_has (f, "profile-remove", uuid));

  sync_store (f);
  device = adept_store_get_device (f->server.store, SERVER, serials[0], NULL, NULL);
  g_assert_cmpint (adept_device_get_profile_status (device), ==, ADEPT_PROFILE_STATUS_REMOVED);
  g_assert_cmpuint (adept_profile_row_get_n_devices (adept_profiles_page_find_row (f->page, uuid)), ==, 0);

  /* Nothing left to remove: said so, nothing sent. */
  gtk_window_destroy (adept_profiles_page_get_dialog (f->page));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "profiles.remove-devices", "s", uuid));
  dialog = ADW_MESSAGE_DIALOG (wait_for_dialog (f, ADW_TYPE_MESSAGE_DIALOG));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "No Device Has “Retired”");
}

static gboolean
has_page_chooser (gpointer data)
{
  return adept_profiles_page_get_file_chooser (data) != NULL;
}

static gboolean
file_exists (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_EXISTS);
}

static void
choose_file (Fixture    *f,
             const char *path)
{
  adept_test_ui_wait_for (has_page_chooser, f->page, "the file chooser");
  accept_file (adept_profiles_page_get_file_chooser (f->page), path);
}

static void
test_export_import (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *uuid = create_profile (f, "Kiosks");
  g_autofree char *path = g_build_filename (f->server.dir, "kiosks.json", NULL);
  g_autofree char *bad_path = g_build_filename (f->server.dir, "bad.json", NULL);
  g_autofree char *text = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;
  AdeptProfileEditor *editor;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "profiles.export", "s", uuid));
  choose_file (f, path);
  adept_test_ui_wait_for (file_exists, path, "the exported profile");

  /* Apple's JSON, without what only Apple sets. */
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_true (json_parser_load_from_data (parser, text, -1, NULL));
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (object, "profile_name"), ==, "Kiosks");
  g_assert_true (json_object_has_member (object, "is_mdm_removable"));
  g_assert_false (json_object_has_member (object, "profile_uuid"));

  /* An imported profile is checked like a typed one: a broken value keeps Save off. */
  json_object_set_string_member (object, "support_email_address", "not an address");
  json_object_set_string_member (object, "profile_uuid", "0123456789ABCDEF");
  json_object_set_string_member (object, "colour", "blue");
  {
    g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);
    g_autofree char *changed = json_to_string (node, TRUE);

    g_assert_true (g_file_set_contents (bad_path, changed, -1, NULL));
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "profiles.import", NULL));
  choose_file (f, bad_path);
  editor = ADEPT_PROFILE_EDITOR (wait_for_dialog (f, ADEPT_TYPE_PROFILE_EDITOR));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (adept_profile_editor_get_widget (editor, "profile_name"))),
                   ==, "Kiosks");
  g_assert_null (adept_profile_editor_get_replaces (editor));
  g_assert_nonnull (adept_profile_editor_get_message (editor, "support_email_address"));
  g_assert_false (can_save (editor));
  set_text (editor, "support_email_address", "kiosk@example.com");
  save_and_wait (editor);
  g_assert_cmpuint (adept_profiles_page_get_n_profiles (f->page), ==, 2);
}

/* Screenshots for AppStream and review: a server with a few profiles in use, the editor
 * of one, its Setup Assistant panes and the device picker. Written to
 * $ADEPT_SCREENSHOT_DIR, else to screenshots/ in the build directory. */

static char *
screenshot_path (const char *name)
{
  const char *env_dir = g_getenv ("ADEPT_SCREENSHOT_DIR");
  g_autofree char *dir = env_dir != NULL ? g_strdup (env_dir)
                                         : g_build_filename (g_getenv ("G_TEST_BUILDDIR"),
                                                             "screenshots", NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  return g_build_filename (dir, name, NULL);
}

static void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  g_autofree char *path = screenshot_path (name);
  g_autoptr(GdkTexture) texture = NULL;

  adept_test_ui_save_png (widget, path);
  texture = gdk_texture_new_from_filename (path, NULL);
  g_assert_nonnull (texture);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, gtk_widget_get_width (widget));
}

/* Defined at Apple and kept in the store as the editor does, without the editor's toasts
 * in the picture. */
static char *
define_profile (Fixture    *f,
                const char *name,
                const char *url,
                const char *replaces)
{
  g_autoptr(AdeptDepProfile) profile = adept_dep_profile_new ();
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *json = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(AdeptDeviceResults) results = NULL;
  g_autoptr(GError) error = NULL;
  char *uuid;

  adept_dep_profile_set_profile_name (profile, name);
  adept_dep_profile_set_url (profile, url);
  object = adept_dep_profile_to_json (profile);
  node = json_node_init_object (json_node_alloc (), object);
  json = json_to_string (node, FALSE);
  adept_dep_client_define_profile_async (f->server.client, profile, NULL, adept_test_store_result, &result);
  adept_test_wait_result (&result);
  results = adept_dep_client_define_profile_finish (f->server.client, result, &error);
  g_assert_no_error (error);
  uuid = g_strdup (adept_device_results_get_profile_uuid (results));
  g_assert_true (adept_store_save_profile (f->server.store, SERVER, uuid, name, json, replaces, &error));
  g_assert_no_error (error);
  return uuid;
}

static void
give_profile (Fixture    *f,
              const char *uuid,
              GStrv       all,
              guint       from,
              guint       n)
{
  /* Apple takes 1000 a request. */
  for (guint start = 0; start < n; start += 1000)
    {
      guint count = MIN (n - start, 1000);
      g_auto(GStrv) some = g_new0 (char *, count + 1);

      for (guint i = 0; i < count; i++)
        some[i] = g_strdup (all[from + start + i]);
      sync_test_set_profile (f->server.client, uuid, (const char * const *) some);
    }
}

static void
test_screenshots (Fixture       *f,
                  gconstpointer  data)
{
  g_auto(GStrv) all = adept_depsim_dup_serials (f->server.sim);
  g_autofree char *loaners = NULL;
  g_autofree char *lab = NULL;
  g_autofree char *kiosks = NULL;
  g_autofree char *staff = NULL;
  AdeptProfileEditor *editor;
  AdeptDevicePicker *picker;

  loaners = define_profile (f, "Loaner iPads", "https://mdm.example.com/enroll/loaners", NULL);
  lab = define_profile (f, "Science Lab Macs", "https://mdm.example.com/enroll/lab", NULL);
  kiosks = define_profile (f, "Front Desk Kiosks", "https://mdm.example.com/enroll/kiosk", NULL);
  staff = define_profile (f, "Staff iPads", "https://mdm.example.com/enroll/staff", loaners);
  g_assert_true (adept_store_set_default_profile (f->server.store, SERVER, staff, NULL));

  give_profile (f, staff, all, 0, 1240);
  give_profile (f, lab, all, 1240, 312);
  give_profile (f, kiosks, all, 1552, 40);
  sync_store (f);
  g_assert_cmpuint (adept_profile_row_get_n_devices (adept_profiles_page_find_row (f->page, staff)), ==, 1240);
  save_screenshot (GTK_WIDGET (f->window), "profiles-list.png");

  /* The editor of the default profile, filled as an admin would. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "profiles.edit", "s", staff));
  editor = ADEPT_PROFILE_EDITOR (wait_for_dialog (f, ADEPT_TYPE_PROFILE_EDITOR));
  set_text (editor, "department", "IT Services");
  set_text (editor, "support_phone_number", "+1 555 0100");
  set_text (editor, "support_email_address", "help@example");
  set_switch (editor, "is_supervised", TRUE);
  set_switch (editor, "is_mandatory", TRUE);
  set_switch (editor, "is_mdm_removable", FALSE);
  set_switch (editor, "await_device_configured", TRUE);
  set_text (editor, "language", "en");
  set_text (editor, "region", "US");
  gtk_window_set_default_size (GTK_WINDOW (editor), 700, 900);
  adept_test_ui_flush (GTK_WIDGET (editor));
  save_screenshot (GTK_WIDGET (editor), "profile-editor.png");

  gtk_check_button_set_active (GTK_CHECK_BUTTON (adept_profile_editor_get_widget (editor, "skip:AppleID")), TRUE);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (adept_profile_editor_get_widget (editor, "skip:Diagnostics")), TRUE);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (adept_profile_editor_get_widget (editor, "skip:Siri")), TRUE);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (adept_profile_editor_get_widget (editor, "skip:Android")), TRUE);
  adept_profile_editor_show_page (editor, "setup");
  save_screenshot (GTK_WIDGET (editor), "profile-editor-setup.png");
  gtk_window_destroy (GTK_WINDOW (editor));

  /* The device picker with a search and a few devices marked. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "profiles.assign", "s", kiosks));
  picker = ADEPT_DEVICE_PICKER (wait_for_dialog (f, ADEPT_TYPE_DEVICE_PICKER));
  adept_device_picker_set_status (picker, ADEPT_PROFILE_STATUS_EMPTY);
  gtk_selection_model_select_range (adept_device_picker_get_selection (picker), 0, 6, TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (picker), "picker.assign", NULL));
  gtk_selection_model_select_range (adept_device_picker_get_selection (picker), 8, 3, TRUE);
  save_screenshot (GTK_WIDGET (picker), "profile-device-picker.png");
}

/* Only real differences count: lists as sets, Apple's defaults for booleans it leaves out. */
static void
test_compare (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(AdeptDepProfile) sent = adept_dep_profile_new ();
  g_autoptr(AdeptDepProfile) apple = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  AdeptProfileCompare *compare;
  g_auto(GStrv) differences = NULL;

  adept_dep_profile_set_profile_name (sent, "Lab Macs");
  adept_dep_profile_set_url (sent, "https://mdm.example.com/enroll");
  adept_dep_profile_set_department (sent, "Science");
  adept_dep_profile_set_skip_setup_items (sent, (const char *[]) { "AppleID", "Siri", NULL });
  g_assert_true (json_parser_load_from_data (parser,
    "{\"profile_name\": \"Lab Macs\", \"url\": \"https://mdm.example.com/enroll\","
    " \"skip_setup_items\": [\"Siri\", \"AppleID\"], \"is_supervised\": false,"
    " \"profile_uuid\": \"ABC\"}", -1, NULL));
  apple = adept_dep_profile_new_from_json (json_node_get_object (json_parser_get_root (parser)), NULL);

  compare = adept_profile_compare_new (GTK_WINDOW (f->window), sent, apple);
  gtk_window_present (GTK_WINDOW (compare));
  differences = adept_profile_compare_dup_differences (compare);
  g_assert_cmpuint (g_strv_length (differences), ==, 1);
  g_assert_cmpstr (differences[0], ==, "department");
  g_assert_cmpuint (adept_profile_compare_get_n_fields (compare), >=, 12);
  gtk_window_destroy (GTK_WINDOW (compare));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  int status;

  /* GTK's test accessibility backend, for adept_test_ui_assert_accessible(). */
  g_setenv ("GTK_A11Y", "test", TRUE);
  dir = adept_test_ui_init (&argc, &argv, "test-ui-profiles");
  app = adept_test_ui_app_new (FALSE, 0);
  /* One Xvfb is shared by parallel tests: a blinking cursor of a window that lost the X
   * focus to another test makes GTK warn. */
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);
  /* Screenshots show the end of a transition, not its middle. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

#define ADD(path, devices, func) \
  g_test_add ("/ui/profiles/" path, Fixture, GUINT_TO_POINTER (devices), fixture_set_up, func, \
              fixture_tear_down)
  ADD ("empty", 20, test_empty);
  ADD ("every-field", 20, test_every_field);
  ADD ("invalid-before-sending", 20, test_invalid_before_sending);
  ADD ("editor-keyboard", 20, test_editor_keyboard);
  ADD ("apple-refuses", 20, test_apple_refuses);
  ADD ("closed-while-sending", 20, test_closed_while_sending);
  ADD ("default-profile", 20, test_default_profile);
  ADD ("adopt", 20, test_adopt);
  ADD ("assign-2500", 2600, test_assign_2500);
  ADD ("stop-assign", 1500, test_stop_assign);
  ADD ("edit-and-reassign", 60, test_edit_and_reassign);
  ADD ("remove", 20, test_remove);
  ADD ("export-import", 20, test_export_import);
  ADD ("compare", 0, test_compare);
  ADD ("screenshots", 1800, test_screenshots);
#undef ADD

  status = g_test_run ();
  g_clear_object (&app);
  adept_test_cleanup_dir (dir);
  return status;
}
