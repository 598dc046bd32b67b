/* adept-authenticator.h — how a DEP client proves who it is (design.md §7)
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/* The client passes itself so an authenticator can make its own calls (GET /session). */
typedef struct _AdeptDepClient AdeptDepClient;

#define ADEPT_TYPE_AUTHENTICATOR (adept_authenticator_get_type ())
G_DECLARE_INTERFACE (AdeptAuthenticator, adept_authenticator, ADEPT, AUTHENTICATOR, GObject)

/* The seam between the DEP client and the backend it talks to. Today:
 * AdeptOAuthAuthenticator, Apple's OAuth 1.0a session (dep-api.md §2). Next:
 * AdeptBasicAuthenticator, HTTP Basic with an API key to a NanoDEP depserver whose
 * /proxy/{name} does the OAuth part (dep-api.md §6); the client's base URL then is
 * "https://host/proxy/NAME". Either is handed to adept_dep_client_new(). */
struct _AdeptAuthenticatorInterface
{
  GTypeInterface parent_iface;

  /* Adds credentials to one request before each send (also the replay), fetching them
   * first if needed. */
  void     (*authorize_async)   (AdeptAuthenticator   *self,
                                 AdeptDepClient       *client,
                                 SoupMessage          *message,
                                 GCancellable         *cancellable,
                                 GAsyncReadyCallback   callback,
                                 gpointer              user_data);
  gboolean (*authorize_finish)  (AdeptAuthenticator   *self,
                                 GAsyncResult         *result,
                                 GError              **error);
  /* Sees every response of an authorized request, failed or not (session rotation). */
  void     (*response_received) (AdeptAuthenticator   *self,
                                 SoupMessage          *message);
  /* Called for a 401 or 403 answer. TRUE when fresh credentials may cure it: the client
   * then authorizes and sends the request once more. It never asks twice for one call. */
  gboolean (*handle_rejection)  (AdeptAuthenticator   *self,
                                 SoupMessage          *message,
                                 GBytes               *body);
};

void     adept_authenticator_authorize_async   (AdeptAuthenticator   *self,
                                                AdeptDepClient       *client,
                                                SoupMessage          *message,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
gboolean adept_authenticator_authorize_finish  (AdeptAuthenticator   *self,
                                                GAsyncResult         *result,
                                                GError              **error);
void     adept_authenticator_response_received (AdeptAuthenticator   *self,
                                                SoupMessage          *message);
gboolean adept_authenticator_handle_rejection  (AdeptAuthenticator   *self,
                                                SoupMessage          *message,
                                                GBytes               *body);

G_END_DECLS
