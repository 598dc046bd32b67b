/* adept-depsim.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-depsim"

#include "config.h"

#include <libsoup/soup.h>

#include "adept-depsim.h"

struct _AdeptDepsim
{
  GObject     parent_instance;
  SoupServer *server;
  char       *base_url;
  guint64     seed;
  guint       n_devices;
};

G_DEFINE_FINAL_TYPE (AdeptDepsim, adept_depsim, G_TYPE_OBJECT)

static void
adept_depsim_finalize (GObject *object)
{
  AdeptDepsim *self = ADEPT_DEPSIM (object);

  adept_depsim_stop (self);
  g_clear_pointer (&self->base_url, g_free);

  G_OBJECT_CLASS (adept_depsim_parent_class)->finalize (object);
}

static void
adept_depsim_class_init (AdeptDepsimClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = adept_depsim_finalize;
}

static void
adept_depsim_init (AdeptDepsim *self)
{
}

AdeptDepsim *
adept_depsim_new (guint64 seed,
                  guint   n_devices)
{
  AdeptDepsim *self = g_object_new (ADEPT_TYPE_DEPSIM, NULL);

  self->seed = seed;
  self->n_devices = n_devices;
  return self;
}

gboolean
adept_depsim_start (AdeptDepsim  *self,
                    guint         port,
                    GError      **error)
{
  g_autoslist(GUri) uris = NULL;

  g_return_val_if_fail (self->server == NULL, FALSE);

  self->server = soup_server_new ("server-header", "adept-depsim", NULL);
  if (!soup_server_listen_local (self->server, port, SOUP_SERVER_LISTEN_IPV4_ONLY, error))
    {
      g_clear_object (&self->server);
      return FALSE;
    }
  uris = soup_server_get_uris (self->server);
  self->base_url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  return TRUE;
}

void
adept_depsim_stop (AdeptDepsim *self)
{
  if (self->server != NULL)
    soup_server_disconnect (self->server);
  g_clear_object (&self->server);
}

const char *
adept_depsim_get_base_url (AdeptDepsim *self)
{
  return self->base_url;
}
