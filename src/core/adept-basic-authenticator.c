/* adept-basic-authenticator.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-basic-authenticator"

#include "config.h"

#include <string.h>

#include "adept-basic-authenticator.h"
#include "adept-secret.h"

struct _AdeptBasicAuthenticator
{
  GObject  parent_instance;

  /* "Basic base64(user:password)", ready for every request. */
  char    *authorization;
};

static void authenticator_iface_init (AdeptAuthenticatorInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (AdeptBasicAuthenticator, adept_basic_authenticator, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (ADEPT_TYPE_AUTHENTICATOR, authenticator_iface_init))

static void
adept_basic_authenticator_authorize_async (AdeptAuthenticator  *authenticator,
                                           AdeptDepClient      *client,
                                           SoupMessage         *message,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  AdeptBasicAuthenticator *self = ADEPT_BASIC_AUTHENTICATOR (authenticator);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, adept_basic_authenticator_authorize_async);
  soup_message_headers_replace (soup_message_get_request_headers (message),
                                "Authorization", self->authorization);
  g_task_return_boolean (task, TRUE);
}

static gboolean
adept_basic_authenticator_authorize_finish (AdeptAuthenticator  *authenticator,
                                            GAsyncResult        *result,
                                            GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, authenticator), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
authenticator_iface_init (AdeptAuthenticatorInterface *iface)
{
  iface->authorize_async = adept_basic_authenticator_authorize_async;
  iface->authorize_finish = adept_basic_authenticator_authorize_finish;
}

static void
adept_basic_authenticator_finalize (GObject *object)
{
  AdeptBasicAuthenticator *self = ADEPT_BASIC_AUTHENTICATOR (object);

  adept_secret_free (self->authorization);

  G_OBJECT_CLASS (adept_basic_authenticator_parent_class)->finalize (object);
}

static void
adept_basic_authenticator_class_init (AdeptBasicAuthenticatorClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = adept_basic_authenticator_finalize;
}

static void
adept_basic_authenticator_init (AdeptBasicAuthenticator *self)
{
}

AdeptBasicAuthenticator *
adept_basic_authenticator_new (const char *username,
                               const char *password)
{
  AdeptBasicAuthenticator *self;
  g_autoptr(AdeptSecret) pair = NULL;
  g_autoptr(AdeptSecret) encoded = NULL;
  g_autoptr(AdeptSecret) header = NULL;

  g_return_val_if_fail (username != NULL && password != NULL, NULL);

  self = g_object_new (ADEPT_TYPE_BASIC_AUTHENTICATOR, NULL);
  pair = g_strconcat (username, ":", password, NULL);
  encoded = g_base64_encode ((const guchar *) pair, strlen (pair));
  header = g_strconcat ("Basic ", encoded, NULL);
  self->authorization = adept_secret_strdup (header);
  return self;
}
