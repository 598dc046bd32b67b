/* adept-devices-page-replacement.c — the original of a replacement device, asked of Apple
 * when the panel first shows the replacement
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-devices-page"

#include "config.h"

#include "adept-devices-page-private.h"

typedef struct {
  AdeptDevicesPage *page;
  char             *serial;
} Lookup;

static void
lookup_free (Lookup *lookup)
{
  g_clear_object (&lookup->page);
  g_free (lookup->serial);
  g_free (lookup);
}

static void
on_details (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Lookup *lookup = user_data;
  AdeptDevicesPage *self = lookup->page;
  g_autoptr(AdeptReplacementDetails) details = NULL;
  g_autoptr(GError) error = NULL;
  AdeptDevice *shown;

  details = adept_dep_client_get_replacement_details_finish (ADEPT_DEP_CLIENT (source), result, &error);
  /* The page went away meanwhile. */
  if (g_cancellable_is_cancelled (self->lookups))
    {
      lookup_free (lookup);
      return;
    }
  if (details == NULL)
    {
      /* The panel says the original is not known; another showing asks again. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_debug ("No replacement details for %s: %s", lookup->serial, error->message);
          g_hash_table_remove (self->replacements_asked, lookup->serial);
        }
      lookup_free (lookup);
      return;
    }
  if (details->serial_number == NULL)
    details->serial_number = g_strdup (lookup->serial);
  if (self->store != NULL &&
      !adept_store_save_replacement (self->store, self->server_id, details, &error))
    g_warning ("The replacement details of %s were not kept: %s", lookup->serial, error->message);
  shown = self->panel != NULL ? adept_device_panel_get_device (self->panel) : NULL;
  if (shown != NULL && g_strcmp0 (adept_device_get_serial_number (shown), lookup->serial) == 0)
    adept_device_panel_reload (self->panel);
  lookup_free (lookup);
}

void
_adept_devices_page_ask_replacement (AdeptDevicesPage *self,
                                     AdeptDevice      *device)
{
  const char *serial = adept_device_get_serial_number (device);
  g_autoptr(AdeptReplacementDetails) kept = NULL;
  AdeptDepClient *client;
  Lookup *lookup;

  if (!adept_device_get_is_replacement_device (device) || self->store == NULL ||
      self->session == NULL || adept_session_get_state (self->session) != ADEPT_SESSION_STATE_READY)
    return;
  if (self->replacements_asked == NULL)
    self->replacements_asked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (g_hash_table_contains (self->replacements_asked, serial))
    return;
  kept = adept_store_get_replacement (self->store, self->server_id, serial, NULL);
  client = adept_session_get_client (self->session);
  if (kept != NULL || client == NULL)
    return;

  g_hash_table_add (self->replacements_asked, g_strdup (serial));
  if (self->lookups == NULL)
    self->lookups = g_cancellable_new ();
  lookup = g_new0 (Lookup, 1);
  lookup->page = g_object_ref (self);
  lookup->serial = g_strdup (serial);
  adept_dep_client_get_replacement_details_async (client, serial, self->lookups, on_details, lookup);
}
