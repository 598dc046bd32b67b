/* adept-demo.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-demo"

#include "config.h"

#include <glib/gi18n.h>

#include "adept-demo.h"
#include "adept-error.h"

/* A few devices every tick, so statuses move without the list churning. */
#define ACTIVATIONS_PER_TICK 3

struct _AdeptDemo
{
  GObject      parent_instance;

  AdeptDepsim *simulator;
  guint        n_devices;
  guint        activation_source;
};

G_DEFINE_FINAL_TYPE (AdeptDemo, adept_demo, G_TYPE_OBJECT)

static void
adept_demo_dispose (GObject *object)
{
  AdeptDemo *self = ADEPT_DEMO (object);

  adept_demo_stop (self);
  g_clear_object (&self->simulator);
  G_OBJECT_CLASS (adept_demo_parent_class)->dispose (object);
}

static void
adept_demo_class_init (AdeptDemoClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = adept_demo_dispose;
}

static void
adept_demo_init (AdeptDemo *self)
{
}

AdeptDemo *
adept_demo_new (guint n_devices)
{
  AdeptDemo *self = g_object_new (ADEPT_TYPE_DEMO, NULL);

  self->n_devices = n_devices;
  self->simulator = adept_depsim_new (ADEPT_DEMO_SEED, n_devices);
  return self;
}

gboolean
adept_demo_start (AdeptDemo  *self,
                  GError    **error)
{
  g_return_val_if_fail (ADEPT_IS_DEMO (self), FALSE);

  return adept_depsim_start (self->simulator, 0, error);
}

void
adept_demo_stop (AdeptDemo *self)
{
  g_return_if_fail (ADEPT_IS_DEMO (self));

  g_clear_handle_id (&self->activation_source, g_source_remove);
  if (self->simulator != NULL)
    adept_depsim_stop (self->simulator);
}

const char *
adept_demo_get_base_url (AdeptDemo *self)
{
  g_return_val_if_fail (ADEPT_IS_DEMO (self), NULL);

  return adept_depsim_get_base_url (self->simulator);
}

AdeptDepsim *
adept_demo_get_simulator (AdeptDemo *self)
{
  g_return_val_if_fail (ADEPT_IS_DEMO (self), NULL);

  return self->simulator;
}

static gboolean
activate_some (gpointer user_data)
{
  AdeptDemo *self = user_data;

  /* TODO(depsim): call the simulator's activation API for ACTIVATIONS_PER_TICK devices
   * once branch depsim provides it. */
  (void) self;
  return G_SOURCE_CONTINUE;
}

void
adept_demo_set_activation_interval (AdeptDemo *self,
                                    guint      seconds)
{
  g_return_if_fail (ADEPT_IS_DEMO (self));

  g_clear_handle_id (&self->activation_source, g_source_remove);
  if (seconds > 0)
    self->activation_source = g_timeout_add_seconds (seconds, activate_some, self);
}

char *
adept_demo_dup_download_dir (void)
{
  const char *dir = g_get_user_special_dir (G_USER_DIRECTORY_DOWNLOAD);

  if (dir != NULL)
    return g_strdup (dir);
  return g_build_filename (g_get_home_dir (), "Downloads", NULL);
}

void
adept_demo_download_token_async (AdeptDemo           *self,
                                 const char          *certificate_pem,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (ADEPT_IS_DEMO (self));
  g_return_if_fail (certificate_pem != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, adept_demo_download_token_async);
  /* TODO(depsim): ask the simulator for a token once its admin API exists. */
  g_task_return_new_error (task, ADEPT_ERROR, ADEPT_ERROR_FAILED, "%s",
                           _("The demo simulator cannot issue server tokens yet."));
}

GFile *
adept_demo_download_token_finish (AdeptDemo     *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
