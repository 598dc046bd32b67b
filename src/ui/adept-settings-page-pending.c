/* adept-settings-page-pending.c — TEMPORARY: stands in for adept-settings-page-link.c until
 * AdeptServer (branch link) is merged; removed then.
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-settings-page"

#include "config.h"

#include <glib/gi18n.h>

#include "adept-error.h"
#include "adept-settings-page-private.h"

static void
not_yet (AdeptSettingsPage *self)
{
  g_autoptr(GError) error = NULL;

  adept_set_error (&error, ADEPT_ERROR_FAILED);
  _adept_settings_page_show_error (self, error);
}

void _adept_settings_page_link_init (AdeptSettingsPage *self) { }
void _adept_settings_page_load (AdeptSettingsPage *self)
{
  _adept_settings_page_set_state (self, ADEPT_LINK_STATE_UNLINKED);
}
void _adept_settings_page_download_key (AdeptSettingsPage *self) { not_yet (self); }
void _adept_settings_page_select_token (AdeptSettingsPage *self) { not_yet (self); }
void _adept_settings_page_upload_token (AdeptSettingsPage *self) { not_yet (self); }
void _adept_settings_page_inspect_token (AdeptSettingsPage *self, GFile *file) { not_yet (self); }
void _adept_settings_page_unlink (AdeptSettingsPage *self) { not_yet (self); }
void _adept_settings_page_get_demo_token (AdeptSettingsPage *self) { not_yet (self); }
GDateTime *_adept_settings_page_get_expiry (AdeptSettingsPage *self) { return NULL; }
const char *_adept_settings_page_get_fact (AdeptSettingsPage *self, const char *key) { return NULL; }
