/* adept-authenticator.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-authenticator"

#include "config.h"

#include "adept-authenticator.h"

G_DEFINE_INTERFACE (AdeptAuthenticator, adept_authenticator, G_TYPE_OBJECT)

static void
adept_authenticator_default_init (AdeptAuthenticatorInterface *iface)
{
}

void
adept_authenticator_authorize_async (AdeptAuthenticator  *self,
                                     AdeptDepClient      *client,
                                     SoupMessage         *message,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (ADEPT_IS_AUTHENTICATOR (self));
  g_return_if_fail (SOUP_IS_MESSAGE (message));

  ADEPT_AUTHENTICATOR_GET_IFACE (self)->authorize_async (self, client, message, cancellable,
                                                         callback, user_data);
}

gboolean
adept_authenticator_authorize_finish (AdeptAuthenticator  *self,
                                      GAsyncResult        *result,
                                      GError             **error)
{
  g_return_val_if_fail (ADEPT_IS_AUTHENTICATOR (self), FALSE);

  return ADEPT_AUTHENTICATOR_GET_IFACE (self)->authorize_finish (self, result, error);
}

void
adept_authenticator_response_received (AdeptAuthenticator *self,
                                       SoupMessage        *message)
{
  AdeptAuthenticatorInterface *iface;

  g_return_if_fail (ADEPT_IS_AUTHENTICATOR (self));

  iface = ADEPT_AUTHENTICATOR_GET_IFACE (self);
  if (iface->response_received != NULL)
    iface->response_received (self, message);
}

gboolean
adept_authenticator_handle_rejection (AdeptAuthenticator *self,
                                      SoupMessage        *message,
                                      GBytes             *body)
{
  AdeptAuthenticatorInterface *iface;

  g_return_val_if_fail (ADEPT_IS_AUTHENTICATOR (self), FALSE);

  iface = ADEPT_AUTHENTICATOR_GET_IFACE (self);
  return iface->handle_rejection != NULL && iface->handle_rejection (self, message, body);
}
