/* adept-device-panel-apple.c — the device panel's sections for what Apple tells since
 * protocol 8 and 10: identifiers, replacement, migration in, Activation Lock
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-device-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "adept-dep-records.h"
#include "adept-device-format.h"
#include "adept-device-panel-sections.h"
#include "adept-ui-util.h"

/* Identifiers: General. Apple sends only those the device has (cellular devices their
 * IMEI and EID, Macs their Ethernet address), so the section shows the ones it got. */

static const struct {
  const char *field;
  const char *title;
} identifiers[] = {
  { "wifi-mac", N_("Wi-Fi MAC Address") },
  { "bluetooth-mac", N_("Bluetooth MAC Address") },
  { "ethernet-mac", N_("Ethernet MAC Address") },
  { "imei", N_("IMEI") },
  { "meid", N_("MEID") },
  { "eid", N_("EID") },
};

/* Several IMEIs (dual SIM) or addresses: one a line. */
static char *
one_per_line (const char * const *values)
{
  return values != NULL && values[0] != NULL ? g_strjoinv ("\n", (char **) values) : NULL;
}

static char *
identifier_value (AdeptDevice *d,
                  guint        i)
{
  g_auto(GStrv) macs = NULL;
  const char *mac;

  switch (i)
    {
    case 0: mac = adept_device_get_wifi_mac_address (d); break;
    case 1: mac = adept_device_get_bluetooth_mac_address (d); break;
    case 2: mac = adept_device_get_ethernet_mac_address (d); break;
    case 3: return one_per_line (adept_device_get_imei (d));
    case 4: return one_per_line (adept_device_get_meid (d));
    default: return g_strdup (adept_device_get_eid (d));
    }
  if (mac == NULL || *mac == '\0')
    return NULL;
  /* Apple lists a Mac's several Ethernet ports in one string. */
  macs = g_strsplit (mac, ",", -1);
  for (guint k = 0; macs[k] != NULL; k++)
    g_strstrip (macs[k]);
  return one_per_line ((const char * const *) macs);
}

static gboolean
update_identifiers (AdeptPanelSection      *section,
                    const AdeptDeviceFacts *facts,
                    gpointer                user_data)
{
  gboolean any = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (identifiers); i++)
    {
      g_autofree char *value = identifier_value (facts->device, i);

      adept_panel_section_set_fact (section, identifiers[i].field, value);
      gtk_widget_set_visible (GTK_WIDGET (adept_panel_section_get_fact (section, identifiers[i].field)),
                              value != NULL);
      any |= value != NULL;
    }
  return any;
}

AdeptPanelSection *
_adept_device_panel_create_identifiers (void)
{
  AdeptPanelSection *section =
    adept_panel_section_new ("identifiers", _("Identifiers"),
                             _("Hardware addresses and cellular numbers, as Apple knows them."),
                             update_identifiers, NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (identifiers); i++)
    adept_panel_section_add_fact (section, identifiers[i].field, _(identifiers[i].title),
                                  ADEPT_FACT_IDENTIFIER | ADEPT_FACT_COPYABLE);
  return section;
}

/* Replacement: General. A replacement names its original; an original released by a
 * replacement says why it left. Apple gives the details on request (the Devices page
 * asks when it shows a replacement it has none for). */

static char *
replacement_day (const AdeptReplacementDetails *details)
{
  g_autoptr(GDateTime) day = NULL;
  g_autofree char *iso = NULL;

  if (details == NULL || details->replacement_date == NULL)
    return NULL;
  iso = g_strdup_printf ("%sT00:00:00Z", details->replacement_date);
  day = g_date_time_new_from_iso8601 (iso, NULL);
  return day ? adept_format_date (day) : g_strdup (details->replacement_date);
}

/* A row with a button for a page action that takes a string (a serial, a profile UUID),
 * its target set for each device. */
typedef struct {
  GtkWidget *row;
  GtkWidget *button;
} ActionRow;

static void
action_row_init (ActionRow  *self,
                 const char *title,
                 const char *subtitle,
                 const char *button_label,
                 const char *action)
{
  self->row = adw_action_row_new ();
  self->button = gtk_button_new_with_mnemonic (button_label);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->row), FALSE);
  if (title != NULL)
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->row), subtitle);
  gtk_widget_set_valign (self->button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->button), "s", "");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->button), action);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self->row), self->button);
}

/* "The original had …", with Assign It… */
typedef ActionRow Replacement;

/* The original's profile, when the replacement lacks it: the console offers it (Apple
 * does not carry a profile over to a replacement). NULL otherwise. */
static char *
original_profile (const AdeptDeviceFacts        *facts,
                  const AdeptReplacementDetails *details)
{
  g_autoptr(AdeptDevice) original = NULL;
  const char *uuid;

  if (facts->store == NULL || details == NULL || details->original_device_serial_number == NULL)
    return NULL;
  original = adept_store_get_device (facts->store, facts->server_id,
                                     details->original_device_serial_number, NULL, NULL);
  uuid = original ? adept_device_get_profile_uuid (original) : NULL;
  if (uuid == NULL || g_strcmp0 (uuid, adept_device_get_profile_uuid (facts->device)) == 0 ||
      facts->profile_names == NULL || !g_hash_table_contains (facts->profile_names, uuid))
    return NULL;
  return g_strdup (uuid);
}

static void
update_offer (Replacement            *replacement,
              const AdeptDeviceFacts *facts,
              const char             *uuid)
{
  g_autofree char *title = NULL;

  gtk_widget_set_visible (replacement->row, uuid != NULL);
  if (uuid == NULL)
    return;
  /* Translators: %s is a DEP profile's name. */
  title = g_strdup_printf (_("The original had “%s”"), (char *) g_hash_table_lookup (facts->profile_names, uuid));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (replacement->row), title);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (replacement->button), "s", uuid);
}

static gboolean
update_replacement (AdeptPanelSection      *section,
                    const AdeptDeviceFacts *facts,
                    gpointer                user_data)
{
  Replacement *offer = user_data;
  g_autofree char *uuid = NULL;
  AdeptDevice *d = facts->device;
  const char *serial = adept_device_get_serial_number (d);
  gboolean replacement = adept_device_get_is_replacement_device (d);
  gboolean released = adept_device_get_released_by_replacement (d);
  g_autoptr(AdeptReplacementDetails) details = NULL;
  g_autofree char *day = NULL;
  const char *other = NULL;

  if (!replacement && !released)
    return FALSE;
  if (facts->store != NULL)
    details = replacement ? adept_store_get_replacement (facts->store, facts->server_id, serial, NULL)
                          : adept_store_find_replacement_of (facts->store, facts->server_id, serial, NULL);
  day = replacement_day (details);
  if (details != NULL)
    other = replacement ? details->original_device_serial_number : details->serial_number;

  adept_panel_section_set_fact (section, "replacement-role",
                                replacement ? _("This device replaces another one")
                                            : _("Released: Apple replaced this device with another one"));
  adept_panel_section_set_fact (section, "replacement-original", replacement ? other : NULL);
  adept_panel_section_set_fact (section, "replacement-by", replacement ? NULL : other);
  adept_panel_section_set_fact (section, "replacement-date", day);
  gtk_widget_set_visible (GTK_WIDGET (adept_panel_section_get_fact (section, "replacement-original")),
                          replacement);
  gtk_widget_set_visible (GTK_WIDGET (adept_panel_section_get_fact (section, "replacement-by")),
                          !replacement);
  uuid = replacement ? original_profile (facts, details) : NULL;
  update_offer (offer, facts, uuid);
  return TRUE;
}

AdeptPanelSection *
_adept_device_panel_create_replacement (void)
{
  Replacement *replacement = g_new0 (Replacement, 1);
  AdeptPanelSection *section =
    adept_panel_section_new ("replacement", _("Replacement"),
                             _("Apple exchanged a device, after a repair or under warranty."),
                             update_replacement, replacement, g_free);

  adept_panel_section_add_fact (section, "replacement-role", _("Status"), ADEPT_FACT_TEXT);
  adept_panel_section_add_fact (section, "replacement-original", _("Original Device"),
                                ADEPT_FACT_IDENTIFIER | ADEPT_FACT_COPYABLE);
  adept_panel_section_add_fact (section, "replacement-by", _("Replaced By"),
                                ADEPT_FACT_IDENTIFIER | ADEPT_FACT_COPYABLE);
  adept_panel_section_add_fact (section, "replacement-date", _("Replaced On"), ADEPT_FACT_TEXT);
  action_row_init (replacement, NULL, _("Apple does not carry a profile over to a replacement."),
                   _("Assign _It…"), "devices.assign-like");
  adept_panel_section_append (section, replacement->row);
  g_object_set_data (G_OBJECT (section), "adept-offer", replacement->row);
  return section;
}

GtkWidget *
_adept_device_panel_sections_get_replacement_offer (AdeptPanelSection *replacement)
{
  return g_object_get_data (G_OBJECT (replacement), "adept-offer");
}

/* Migration in: Management. A device another MDM server hands over must enroll here by
 * its deadline, with a profile that makes Setup Assistant wait (Await Device Configured). */

typedef struct {
  GtkWidget *warning;
} Migration;

static gboolean
update_migration (AdeptPanelSection      *section,
                  const AdeptDeviceFacts *facts,
                  gpointer                user_data)
{
  Migration *migration = user_data;
  gint64 deadline = adept_device_get_mdm_migration_deadline (facts->device);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *when = adept_format_timestamp (deadline);
  g_autofree char *left = adept_format_days_left (deadline, now);
  gboolean lacks;

  if (deadline <= 0)
    return FALSE;
  adept_panel_section_set_fact (section, "migration-deadline", when);
  adept_panel_section_set_fact (section, "migration-left", left);
  lacks = facts->store != NULL && adept_store_default_profile_lacks_await (facts->store, facts->server_id);
  gtk_widget_set_visible (migration->warning, lacks);
  return TRUE;
}

static GtkWidget *
warning_row (void)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 _("The default profile does not wait for configuration"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               _("Migration needs Setup Assistant to wait until the MDM server has "
                                 "configured the device. Turn on Await Device Configured in the "
                                 "default profile (edit it on the Profiles page), or the device "
                                 "may finish setting up unmanaged."));
  gtk_widget_add_css_class (icon, "warning");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  gtk_widget_add_css_class (row, "migration-warning");
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Warning"), -1);
  return row;
}

AdeptPanelSection *
_adept_device_panel_create_migration (void)
{
  Migration *migration = g_new0 (Migration, 1);
  AdeptPanelSection *section =
    adept_panel_section_new ("migration", _("Migrating In"),
                             _("Another MDM server hands this device over. It enrolls here by its "
                               "deadline with the profile it has then; the auto-assigner gives it "
                               "the default profile at once."),
                             update_migration, migration, g_free);

  adept_panel_section_add_fact (section, "migration-deadline", _("Deadline"), ADEPT_FACT_TEXT);
  adept_panel_section_add_fact (section, "migration-left", _("Time Left"), ADEPT_FACT_TEXT);
  migration->warning = warning_row ();
  adept_panel_section_append (section, migration->warning);
  g_object_set_data (G_OBJECT (section), "adept-warning", migration->warning);
  return section;
}

GtkWidget *
_adept_device_panel_sections_get_migration_warning (AdeptPanelSection *migration)
{
  return g_object_get_data (G_OBJECT (migration), "adept-warning");
}

/* Activation Lock: Management. What Apple answered when this computer (adeptctl or the
 * console) locked the device; the bypass code stays in the keyring, out of the panel. */

typedef ActionRow ShowCode;

static gboolean
update_activation_lock (AdeptPanelSection      *section,
                        const AdeptDeviceFacts *facts,
                        gpointer                user_data)
{
  ShowCode *show = user_data;
  g_autoptr(AdeptLockRecord) record = NULL;
  g_autofree char *when = NULL;
  const char *answer;
  gboolean locked;

  if (facts->store == NULL)
    return FALSE;
  record = adept_store_get_activation_lock (facts->store, facts->server_id,
                                            adept_device_get_serial_number (facts->device), NULL);
  if (record == NULL)
    return FALSE;
  when = adept_format_timestamp (record->time);
  answer = g_strcmp0 (record->status, "ERROR") == 0
           ? record->detail
           : adept_lock_status_describe (adept_lock_status_from_string (record->status));
  adept_panel_section_set_fact (section, "lock-answer", answer);
  adept_panel_section_set_fact (section, "lock-time", when);
  locked = g_strcmp0 (record->status, "SUCCESS") == 0 ||
           g_strcmp0 (record->status, "DEVICE_ALREADY_LOCKED") == 0;
  adept_panel_section_set_fact (section, "lock-code",
                                record->escrowed ? _("Kept in the keyring of the computer that locked it, "
                                                     "and in the file exported then")
                                                 : _("None: the device was locked without one"));
  gtk_widget_set_visible (GTK_WIDGET (adept_panel_section_get_fact (section, "lock-code")), locked);
  gtk_widget_set_visible (show->row, locked && record->escrowed);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (show->button), "s",
                                    adept_device_get_serial_number (facts->device));
  return TRUE;
}

AdeptPanelSection *
_adept_device_panel_create_activation_lock (void)
{
  ShowCode *show = g_new0 (ShowCode, 1);
  AdeptPanelSection *section =
    adept_panel_section_new ("activation-lock", _("Activation Lock"),
                             _("A device migrated to another MDM server loses its bypass code."),
                             update_activation_lock, show, g_free);

  adept_panel_section_add_fact (section, "lock-answer", _("Apple’s Answer"), ADEPT_FACT_TEXT);
  adept_panel_section_add_fact (section, "lock-time", _("Requested"), ADEPT_FACT_TEXT);
  adept_panel_section_add_fact (section, "lock-code", _("Bypass Code"), ADEPT_FACT_TEXT);
  action_row_init (show, _("Show Bypass Code"), _("From this computer’s keyring, after a confirmation"),
                   _("_Show…"), "devices.show-bypass-code");
  adept_panel_section_append (section, show->row);
  return section;
}
