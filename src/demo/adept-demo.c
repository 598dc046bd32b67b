/* adept-demo.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-demo"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <string.h>

#include "adept-demo-private.h"
#include "adept-server-token.h"
#include "adept-error.h"

/* Each tick switches on a few devices: those among them with an assigned profile become
 * pushed. Every few ticks Apple Business Manager assigns a new device to the server. */
#define ACTIVATION_SAMPLE    40
#define NEW_DEVICE_EVERY     6
#define DEMO_SERVER_NAME     "Adept Simulator MDM"
/* AppleCare replacements and devices migrating in from another MDM, seeded once. */
#define DEMO_REPLACEMENTS    4
#define DEMO_MIGRATIONS      6
#define DEMO_DEADLINE_DAYS   21

struct _AdeptDemo
{
  GObject      parent_instance;

  AdeptDepsim *simulator;
  GRand       *rand;
  guint        n_devices;
  guint        activation_source;
  guint        ticks;
};

G_DEFINE_FINAL_TYPE (AdeptDemo, adept_demo, G_TYPE_OBJECT)

static void
adept_demo_dispose (GObject *object)
{
  AdeptDemo *self = ADEPT_DEMO (object);

  adept_demo_stop (self);
  g_clear_object (&self->simulator);
  g_clear_pointer (&self->rand, g_rand_free);
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
  self->rand = g_rand_new ();
}

/* The simulated ABM remembers the token it issued, so a demo linked yesterday still works
 * today. Its state file lives in the demo's data directory, where no secret may be written:
 * the credentials come back from the keyring instead (adept_demo_adopt_token). */
static AdeptDepsim *
load_simulator (guint       n_devices,
                const char *state_file)
{
  g_autoptr(GError) error = NULL;
  AdeptDepsim *simulator = NULL;

  if (state_file != NULL && g_file_test (state_file, G_FILE_TEST_EXISTS))
    simulator = adept_depsim_new_from_file (state_file, &error);
  if (error != NULL)
    g_warning ("The demo simulator’s saved state was not usable, starting afresh: %s",
               error->message);
  if (simulator == NULL)
    {
      simulator = adept_depsim_new (ADEPT_DEMO_SEED, n_devices);
      /* So replacements and migrations show without setup (the catalog mixes cellular
       * and Wi-Fi devices already). */
      adept_depsim_add_examples (simulator, DEMO_REPLACEMENTS, DEMO_MIGRATIONS, DEMO_DEADLINE_DAYS);
    }
  adept_depsim_set_persist_credentials (simulator, FALSE);
  if (state_file != NULL)
    adept_depsim_set_state_file (simulator, state_file);
  return simulator;
}

AdeptDemo *
adept_demo_new (guint        n_devices,
                const char  *state_file)
{
  AdeptDemo *self;

  self = g_object_new (ADEPT_TYPE_DEMO, NULL);
  self->n_devices = n_devices;
  self->simulator = load_simulator (n_devices, state_file);
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
  g_auto(GStrv) serials = adept_depsim_dup_serials (self->simulator);
  guint n = serials != NULL ? g_strv_length (serials) : 0;
  g_autoptr(GPtrArray) sample = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  guint changed;

  for (guint i = 0; i < MIN (n, ACTIVATION_SAMPLE); i++)
    g_ptr_array_add (sample, serials[g_rand_int_range (self->rand, 0, (gint32) n)]);
  g_ptr_array_add (sample, NULL);
  changed = adept_depsim_activate_devices (self->simulator,
                                           (const char * const *) sample->pdata, &error);
  if (error != NULL)
    g_debug ("Demo activation: %s", error->message);
  else if (changed > 0)
    g_debug ("Demo: %u devices activated", changed);

  if (++self->ticks % NEW_DEVICE_EVERY == 0)
    g_strfreev (adept_demo_add_devices (self, 1));
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

char *
adept_demo_dup_token_file_name (GDateTime *when)
{
  g_autoptr(GDateTime) now = when != NULL ? g_date_time_to_utc (when) : g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%dT%H-%M-%SZ");

  /* As ABM names it: "<server>_Token_<time>_smime.p7m". */
  return g_strdup_printf ("%s_Token_%s_smime.p7m", DEMO_SERVER_NAME, stamp);
}

char **
adept_demo_add_devices (AdeptDemo *self,
                        guint      n)
{
  g_return_val_if_fail (ADEPT_IS_DEMO (self), NULL);

  return adept_depsim_add_devices (self->simulator, n, TRUE);
}

static void
token_saved (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    {
      g_autofree char *path = g_file_get_path (G_FILE (source));

      g_task_return_new_error (task, ADEPT_ERROR, ADEPT_ERROR_FILE,
                               _("The demo token could not be saved as “%s”: %s"),
                               path, error->message);
      return;
    }
  g_task_return_pointer (task, g_object_ref (source), g_object_unref);
}

void
adept_demo_download_token_async (AdeptDemo           *self,
                                 const char          *certificate_pem,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) token = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (ADEPT_IS_DEMO (self));
  g_return_if_fail (certificate_pem != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, adept_demo_download_token_async);

  token = adept_depsim_issue_token (self->simulator, certificate_pem,
                                    strlen (certificate_pem), &error);
  if (token == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  dir = adept_demo_dup_download_dir ();
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_task_return_new_error (task, ADEPT_ERROR, ADEPT_ERROR_FILE,
                               _("The folder “%s” could not be created: %s."),
                               dir, g_strerror (saved));
      return;
    }
  name = adept_demo_dup_token_file_name (NULL);
  path = g_build_filename (dir, name, NULL);
  file = g_file_new_for_path (path);
  g_file_replace_contents_bytes_async (file, token, NULL, FALSE,
                                       G_FILE_CREATE_REPLACE_DESTINATION, cancellable,
                                       token_saved, g_steal_pointer (&task));
}

GFile *
adept_demo_download_token_finish (AdeptDemo     *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
adept_demo_adopt_token (AdeptDemo        *self,
                        AdeptServerToken *token)
{
  g_return_if_fail (ADEPT_IS_DEMO (self));
  g_return_if_fail (ADEPT_IS_SERVER_TOKEN (token));

  adept_depsim_adopt_credentials (self->simulator,
                                  adept_server_token_get_consumer_key (token),
                                  adept_server_token_get_consumer_secret (token),
                                  adept_server_token_get_access_token (token),
                                  adept_server_token_get_access_secret (token),
                                  g_date_time_to_unix (adept_server_token_get_expiry (token)) * 1000);
}
