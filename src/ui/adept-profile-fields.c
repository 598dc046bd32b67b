/* adept-profile-fields.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-profile-fields"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "adept-profile-fields.h"

#define IOS    ADEPT_PLATFORM_IOS
#define IPADOS ADEPT_PLATFORM_IPADOS
#define MACOS  ADEPT_PLATFORM_MACOS
#define TVOS   ADEPT_PLATFORM_TVOS
#define VISION ADEPT_PLATFORM_VISIONOS
#define MOBILE (IOS | IPADOS)
#define ALL    (MOBILE | MACOS | TVOS | VISION)

/* Platforms from apple/device-management other/skipkeys.yaml (a platform it does not
 * name inherits the payload's: all of them); iPadOS follows iOS except where the pane
 * exists on iPhone only. AccessibilityAppearance and LiquidGlass (26) and Registration
 * (legacy macOS) are not in that file; their platforms come from Apple's pane names. */
static const AdeptSkipKey skip_keys[] = {
  { "Accessibility",           N_("Accessibility"),                 MACOS, 0, 0 },
  { "AccessibilityAppearance", N_("Accessibility Appearance"),      MOBILE, 0, 0 },
  { "ActionButton",            N_("Action Button"),                 IOS, 0, 0 },
  { "AdditionalPrivacySettings", N_("Additional Privacy Settings"), MACOS, 0, 0 },
  { "Intelligence",            N_("Apple Intelligence"),            MOBILE | MACOS | VISION, 0, 0 },
  { "AppleID",                 N_("Apple Account"),                 ALL, 0, 0 },
  { "Diagnostics",             N_("App Analytics"),                 ALL, 0, 0 },
  { "Payment",                 N_("Apple Pay"),                     MOBILE | MACOS | VISION, 0, 0 },
  { "WatchMigration",          N_("Apple Watch Migration"),         IOS, 0, 0 },
  { "AppStore",                N_("App Store"),                     MOBILE | MACOS, 0, 0 },
  { "Appearance",              N_("Appearance (Choose Your Look)"), MOBILE | MACOS, 0, 0 },
  { "CameraButton",            N_("Camera Control"),                IOS, 0, 0 },
  { "SIMSetup",                N_("Cellular Plan (SIM Setup)"),     MOBILE, 0, 0 },
  { "Privacy",                 N_("Data & Privacy"),                ALL, 0, 0 },
  { "SpokenLanguage",          N_("Dictation (Spoken Language)"),   MOBILE, 0, 1 },
  { "Zoom",                    N_("Display Zoom"),                  MOBILE, 1, 0 },
  { "FileVault",               N_("FileVault"),                     MACOS, 0, 0 },
  { "Welcome",                 N_("Get Started"),                   MOBILE | MACOS | VISION, 0, 0 },
  { "HomeButtonSensitivity",   N_("Home Button"),                   IOS, 1, 0 },
  { "iCloudDiagnostics",       N_("iCloud Analytics"),              MACOS, 0, 0 },
  { "iCloudStorage",           N_("iCloud Documents and Desktop"),  MACOS, 0, 0 },
  { "MessagingActivationUsingPhoneNumber", N_("iMessage Activation with a Phone Number"), IOS, 0, 0 },
  { "iMessageAndFaceTime",     N_("iMessage and FaceTime"),         MOBILE, 0, 0 },
  { "Keyboard",                N_("Keyboard"),                      MOBILE, 0, 1 },
  { "LiquidGlass",             N_("Liquid Glass"),                  MOBILE | MACOS, 0, 0 },
  { "Location",                N_("Location Services"),             ALL, 0, 0 },
  { "EnableLockdownMode",      N_("Lockdown Mode"),                 MOBILE | MACOS, 0, 0 },
  { "Android",                 N_("Move from Android"),             MOBILE, 0, 0 },
  { "Multitasking",            N_("Multitasking"),                  MOBILE, 0, 0 },
  { "OnBoarding",              N_("Onboarding Tips"),               MOBILE, 1, 0 },
  { "OSShowcase",              N_("OS Showcase"),                   MOBILE, 0, 0 },
  { "Passcode",                N_("Passcode"),                      MOBILE | VISION, 0, 0 },
  { "Registration",            N_("Registration"),                  MACOS, 1, 0 },
  { "Restore",                 N_("Restore from Backup"),           MOBILE | MACOS, 0, 0 },
  { "RestoreCompleted",        N_("Restore Completed"),             MOBILE, 0, 0 },
  { "Safety",                  N_("Safety"),                        MOBILE, 0, 0 },
  { "SafetyAndHandling",       N_("Safety and Handling"),           IOS, 0, 1 },
  { "ScreenSaver",             N_("Screen Saver"),                  TVOS, 0, 0 },
  { "ScreenTime",              N_("Screen Time"),                   MOBILE | MACOS | VISION, 0, 0 },
  { "Siri",                    N_("Siri"),                          ALL, 0, 0 },
  { "SoftwareUpdate",          N_("Software Update"),               MOBILE | MACOS | VISION, 0, 0 },
  { "UpdateCompleted",         N_("Software Update Complete"),      MOBILE, 0, 0 },
  { "TapToSetup",              N_("Tap to Set Up"),                 TVOS, 0, 1 },
  { "TermsOfAddress",          N_("Terms of Address"),              MOBILE | MACOS, 0, 1 },
  { "TOS",                     N_("Terms and Conditions"),          ALL, 0, 0 },
  { "Tips",                    N_("Tips"),                          VISION, 0, 0 },
  { "Biometric",               N_("Touch ID / Face ID"),            MOBILE | MACOS | VISION, 0, 0 },
  { "DeviceToDeviceMigration", N_("Transfer from Another Device"),  MOBILE, 0, 0 },
  { "DisplayTone",             N_("True Tone Display"),             MOBILE | MACOS, 1, 0 },
  { "TVHomeScreenSync",        N_("TV Home Screen Sync"),           TVOS, 0, 0 },
  { "TVProviderSignIn",        N_("TV Provider Sign-In"),           TVOS, 0, 0 },
  { "UnlockWithWatch",         N_("Unlock with Apple Watch"),       MACOS, 0, 0 },
  { "Wallpaper",               N_("Wallpaper"),                     MACOS, 1, 0 },
  { "WebContentFiltering",     N_("Web Content Filtering"),         MOBILE, 0, 0 },
  { "TVRoom",                  N_("Where Is This Apple TV?"),       TVOS, 0, 0 },
};

const AdeptSkipKey *
adept_skip_keys_get (guint *n_keys)
{
  *n_keys = G_N_ELEMENTS (skip_keys);
  return skip_keys;
}

const AdeptSkipKey *
adept_skip_keys_lookup (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (skip_keys); i++)
    if (g_strcmp0 (skip_keys[i].key, key) == 0)
      return &skip_keys[i];
  return NULL;
}

char *
adept_platforms_to_string (AdeptPlatforms platforms)
{
  static const struct { AdeptPlatforms flag; const char *name; } names[] = {
    { ADEPT_PLATFORM_IOS, "iOS" },
    { ADEPT_PLATFORM_IPADOS, "iPadOS" },
    { ADEPT_PLATFORM_MACOS, "macOS" },
    { ADEPT_PLATFORM_TVOS, "tvOS" },
    { ADEPT_PLATFORM_VISIONOS, "visionOS" },
  };
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (platforms & names[i].flag)
      g_string_append_printf (out, "%s%s", out->len ? ", " : "", names[i].name);
  return g_string_free (out, FALSE);
}

static const struct {
  const char *key;
  const char *label;
} field_labels[] = {
  { "profile_name", N_("Name") },
  { "url", N_("MDM Server URL") },
  { "department", N_("Department") },
  { "support_phone_number", N_("Support Phone") },
  { "support_email_address", N_("Support Email") },
  { "is_supervised", N_("Supervised") },
  { "is_mandatory", N_("Mandatory") },
  { "is_mdm_removable", N_("Allow Removing the MDM Profile") },
  { "await_device_configured", N_("Await Device Configured") },
  { "is_multi_user", N_("Shared iPad") },
  { "allow_pairing", N_("Allow Pairing") },
  { "auto_advance_setup", N_("Auto Advance") },
  { "do_not_use_profile_from_backup", N_("Ignore the Profile in Backups") },
  { "is_return_to_service", N_("Return to Service") },
  { "configuration_web_url", N_("Sign-In Page URL") },
  { "skip_setup_items", N_("Setup Assistant Panes to Skip") },
  { "language", N_("Language") },
  { "region", N_("Region") },
  { "anchor_certs", N_("Anchor Certificates") },
  { "supervising_host_certs", N_("Supervising Host Certificates") },
  { "org_magic", N_("Organization Magic") },
  { "devices", N_("Devices") },
  { "profile_uuid", N_("Profile UUID") },
};

const char *
adept_profile_field_get_label (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (field_labels); i++)
    if (g_strcmp0 (field_labels[i].key, key) == 0)
      return _(field_labels[i].label);
  return key;
}

/* Names from iso-codes */

static gboolean
is_blank (const char *value)
{
  return value == NULL || *value == '\0';
}

typedef struct {
  GHashTable *names;    /* code → untranslated name */
  const char *domain;
} IsoTable;

static void
load_iso_table (IsoTable   *table,
                const char *file,
                const char *list,
                const char *domain,
                gboolean    lower)
{
  const char * const *dirs = g_get_system_data_dirs ();

  table->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  table->domain = domain;
  for (guint i = 0; dirs[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (dirs[i], "iso-codes", "json", file, NULL);
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonNode *root;
      JsonArray *entries;

      if (!json_parser_load_from_file (parser, path, NULL))
        continue;
      root = json_parser_get_root (parser);
      if (!JSON_NODE_HOLDS_OBJECT (root)
          || !json_object_has_member (json_node_get_object (root), list))
        continue;
      entries = json_object_get_array_member (json_node_get_object (root), list);
      for (guint j = 0; entries != NULL && j < json_array_get_length (entries); j++)
        {
          JsonObject *entry = json_array_get_object_element (entries, j);
          const char *name = json_object_get_string_member_with_default (entry, "name", NULL);
          const char *keys[] = { "alpha_2", "alpha_3", "bibliographic" };

          if (name == NULL)
            continue;
          for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
            {
              const char *code = json_object_get_string_member_with_default (entry, keys[k], NULL);

              if (code != NULL)
                g_hash_table_insert (table->names,
                                     lower ? g_ascii_strdown (code, -1) : g_ascii_strup (code, -1),
                                     g_strdup (name));
            }
        }
      return;
    }
  g_debug ("iso-codes %s not found: no names for codes", file);
}

static const char *
iso_lookup (IsoTable   *table,
            const char *code,
            gboolean    lower)
{
  g_autofree char *key = NULL;
  const char *name;

  if (is_blank (code))
    return NULL;
  key = lower ? g_ascii_strdown (code, -1) : g_ascii_strup (code, -1);
  name = g_hash_table_lookup (table->names, key);
  return name ? g_dgettext (table->domain, name) : NULL;
}

/* Loaded once, on first use. */
static IsoTable *
ensure_table (IsoTable  **slot,
              const char *file,
              const char *list,
              const char *domain,
              gboolean    lower)
{
  if (g_once_init_enter (slot))
    {
      IsoTable *table = g_new0 (IsoTable, 1);

      load_iso_table (table, file, list, domain, lower);
      g_once_init_leave (slot, table);
    }
  return *slot;
}

const char *
adept_language_get_name (const char *code)
{
  static IsoTable *table;

  return iso_lookup (ensure_table (&table, "iso_639-2.json", "639-2", "iso_639-2", TRUE), code, TRUE);
}

const char *
adept_region_get_name (const char *code)
{
  static IsoTable *table;

  return iso_lookup (ensure_table (&table, "iso_3166-1.json", "3166-1", "iso_3166-1", FALSE), code,
                     FALSE);
}
