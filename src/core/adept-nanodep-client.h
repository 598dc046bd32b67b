/* adept-nanodep-client.h — the API of a NanoDEP depserver, the MDM backend a team shares
 * (design.md §7; dep-api.md §5.2–§6)
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * NanoDEP (github.com/micromdm/nanodep, v0.7) keeps each DEP name's key pair and server
 * token, proxies Apple's DEP API at /proxy/NAME, and its depsyncer assigns new devices the
 * name's "assigner" profile. Every call logs in with HTTP Basic, user "depserver", the API
 * key as password. There is deliberately no call for NanoDEP's route that answers the
 * four OAuth secrets of a name (its v1 "tokens" route): no console needs them, and
 * test-nanodep-errors checks that nothing in src/ names that route.
 *
 * Errors are ADEPT_ERROR, each naming the NanoDEP server, never Apple, when the server is
 * what failed:
 *   BACKEND_AUTH           401: the API key is wrong.
 *   NETWORK, TLS           the server could not be reached or verified.
 *   BACKEND_ERROR          NanoDEP answered {"error": …} (its text is in the sentence),
 *                          or something that is not NanoDEP's API.
 *   TOKEN_WRONG_KEY        upload: the token was made for another public key than the
 *                          one NanoDEP keeps for the name (most often: a newer one was
 *                          downloaded since). NanoDEP changed nothing.
 *   BACKEND_CONSUMER_KEY   upload: the token is for another MDM server in ABM than the
 *                          token NanoDEP has ("mismatched consumer key"). NanoDEP has
 *                          ALREADY made the downloaded key its current one (it promotes the
 *                          key before this check); its token is unchanged. Uploading again
 *                          with force replaces the token.
 *   TOKEN_NOT_A_TOKEN, TOKEN_INCOMPLETE, NO_KEY
 *                          upload: NanoDEP could not read the file, found no credentials
 *                          in it, or has no downloaded key for the name.
 *   BACKEND_UPSTREAM       proxy: NanoDEP could not get to Apple for the name (no server
 *                          token for it yet, or Apple did not answer NanoDEP).
 *   Apple's errors         proxy: Apple's answers come through as from Apple itself;
 *                          Apple's refusal of NanoDEP's token (502 + Apple's body) maps to
 *                          TOKEN_REJECTED, TERMS_NOT_SIGNED… with a sentence naming NanoDEP.
 */
#pragma once

#include <gio/gio.h>

#include "adept-dep-client.h"
#include "adept-nanodep-name.h"

G_BEGIN_DECLS

/* The user name NanoDEP's depserver expects with its API key. */
#define ADEPT_NANODEP_USER "depserver"
/* The NanoDEP version whose API and texts this client was checked against. */
#define ADEPT_NANODEP_VERSION "v0.7.0"

#define ADEPT_TYPE_NANODEP_CLIENT (adept_nanodep_client_get_type ())
G_DECLARE_FINAL_TYPE (AdeptNanodepClient, adept_nanodep_client, ADEPT, NANODEP_CLIENT, GObject)

/* url: the depserver's root ("https://dep.example.com", or http:// to a loopback host:
 * else ADEPT_ERROR_INSECURE_URL). The API key is kept in memory only, wiped at
 * finalization; it must be printable ASCII (else ADEPT_ERROR_BAD_REQUEST). */
AdeptNanodepClient *adept_nanodep_client_new          (const char          *url,
                                                       const char          *api_key,
                                                       GError             **error);
/* The root URL, without a trailing slash. */
const char         *adept_nanodep_client_get_url      (AdeptNanodepClient  *self);
/* "host[:port]", as error sentences name the server ("The NanoDEP server at …"). */
const char         *adept_nanodep_client_get_address  (AdeptNanodepClient  *self);
/* Trust certificates of this PEM file (a private CA) besides the system's, for the API and
 * every proxy client made afterwards. */
gboolean            adept_nanodep_client_set_tls_ca_file (AdeptNanodepClient *self,
                                                       const char          *path,
                                                       GError             **error);
/* Trust only the certificate with this SHA-256 (as adept_dep_client_set_pinned_sha256()),
 * for the API and every proxy client made afterwards. */
gboolean            adept_nanodep_client_set_pinned_sha256 (AdeptNanodepClient *self,
                                                       const char          *pin,
                                                       GError             **error);
/* Seconds one call may take, retries included, for the API and every proxy client made
 * afterwards (see adept_dep_client_set_deadline(); default 120). */
void                adept_nanodep_client_set_deadline   (AdeptNanodepClient *self,
                                                       guint                seconds);
/* Retries of 5xx and connection failures (see adept_dep_client_set_retry_policy()). */
void                adept_nanodep_client_set_retry_policy (AdeptNanodepClient *self,
                                                       guint                max_retries,
                                                       guint                base_delay_ms,
                                                       guint                max_total_ms);

/* TRUE for a name NanoDEP can keep and route: 1 to 255 characters, no “/”, no control
 * characters, not “.” or “..”. */
gboolean            adept_nanodep_is_valid_name       (const char          *name);

/* GET /version (no login): NanoDEP's version string ("v0.7.0"; "unknown" for a build
 * without one). Also tells that the URL is a depserver at all. */
void                adept_nanodep_client_get_version_async  (AdeptNanodepClient  *self,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
char               *adept_nanodep_client_get_version_finish (AdeptNanodepClient  *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);

/* GET /v1/dep_names, every page: the names NanoDEP knows (a public key was downloaded
 * for them, linked or not), sorted. */
void                adept_nanodep_client_list_names_async   (AdeptNanodepClient  *self,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
GStrv               adept_nanodep_client_list_names_finish  (AdeptNanodepClient  *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);

/* The names with what /proxy/NAME/account says of each: a GPtrArray of AdeptNanodepName,
 * sorted by name. A failure for one name is kept in it (adept_nanodep_name_get_error());
 * only a failure of the list itself fails the call. Note NanoDEP's proxy remembers each
 * name's DEP address from its first proxied call: point test names elsewhere first. */
void                adept_nanodep_client_list_name_states_async  (AdeptNanodepClient  *self,
                                                                  GCancellable        *cancellable,
                                                                  GAsyncReadyCallback  callback,
                                                                  gpointer             user_data);
GPtrArray          *adept_nanodep_client_list_name_states_finish (AdeptNanodepClient  *self,
                                                                  GAsyncResult        *result,
                                                                  GError             **error);

/* GET /v1/tokenpki/NAME: NanoDEP makes a NEW key pair for the name and answers its
 * certificate (PEM), the one to upload in ABM. A token made for an earlier download no
 * longer decrypts there. fingerprint (optional): SHA-256 of the certificate, lowercase
 * hex with colons, for the caller to keep and compare. */
void                adept_nanodep_client_download_certificate_async  (AdeptNanodepClient  *self,
                                                                      const char          *name,
                                                                      GCancellable        *cancellable,
                                                                      GAsyncReadyCallback  callback,
                                                                      gpointer             user_data);
char               *adept_nanodep_client_download_certificate_finish (AdeptNanodepClient  *self,
                                                                      GAsyncResult        *result,
                                                                      char               **fingerprint,
                                                                      GError             **error);

/* PUT /v1/tokenpki/NAME[?force=1]: NanoDEP decrypts the server token (.p7m) with the key
 * it made for the name, and keeps it. force replaces a token of another MDM server
 * (ADEPT_ERROR_BACKEND_CONSUMER_KEY otherwise): only after the admin confirmed. NanoDEP
 * answers the four OAuth secrets; they are wiped at once and never logged: the result is
 * the token's expiry and its server fingerprint (adept_server_token_get_server_fingerprint()
 * of the same token). */
void                adept_nanodep_client_upload_token_async  (AdeptNanodepClient  *self,
                                                              const char          *name,
                                                              GBytes              *token,
                                                              gboolean             force,
                                                              GCancellable        *cancellable,
                                                              GAsyncReadyCallback  callback,
                                                              gpointer             user_data);
gboolean            adept_nanodep_client_upload_token_finish (AdeptNanodepClient  *self,
                                                              GAsyncResult        *result,
                                                              GDateTime          **expiry,
                                                              char               **server_fingerprint,
                                                              GError             **error);

/* PUT /v1/config/NAME: the DEP address NanoDEP uses for the name (Apple's by default; a
 * simulator in tests). NanoDEP's proxy keeps the address it first used for a name until
 * it restarts. GET: the address set, or NULL for Apple's default. */
void                adept_nanodep_client_set_dep_url_async   (AdeptNanodepClient  *self,
                                                              const char          *name,
                                                              const char          *dep_url,
                                                              GCancellable        *cancellable,
                                                              GAsyncReadyCallback  callback,
                                                              gpointer             user_data);
gboolean            adept_nanodep_client_set_dep_url_finish  (AdeptNanodepClient  *self,
                                                              GAsyncResult        *result,
                                                              GError             **error);
void                adept_nanodep_client_get_dep_url_async   (AdeptNanodepClient  *self,
                                                              const char          *name,
                                                              GCancellable        *cancellable,
                                                              GAsyncReadyCallback  callback,
                                                              gpointer             user_data);
char               *adept_nanodep_client_get_dep_url_finish  (AdeptNanodepClient  *self,
                                                              GAsyncResult        *result,
                                                              GError             **error);

/* GET /v1/assigner/NAME: the profile UUID depsyncer gives devices that arrive as "added",
 * or NULL (none set). PUT sets it; NanoDEP v0.7 offers no way to clear it. */
void                adept_nanodep_client_get_assigner_async  (AdeptNanodepClient  *self,
                                                              const char          *name,
                                                              GCancellable        *cancellable,
                                                              GAsyncReadyCallback  callback,
                                                              gpointer             user_data);
char               *adept_nanodep_client_get_assigner_finish (AdeptNanodepClient  *self,
                                                              GAsyncResult        *result,
                                                              GError             **error);
void                adept_nanodep_client_set_assigner_async  (AdeptNanodepClient  *self,
                                                              const char          *name,
                                                              const char          *profile_uuid,
                                                              GCancellable        *cancellable,
                                                              GAsyncReadyCallback  callback,
                                                              gpointer             user_data);
gboolean            adept_nanodep_client_set_assigner_finish (AdeptNanodepClient  *self,
                                                              GAsyncResult        *result,
                                                              GError             **error);

/* "URL/proxy/NAME": the base URL of Apple's DEP API through NanoDEP. */
char               *adept_nanodep_client_dup_proxy_url (AdeptNanodepClient  *self,
                                                        const char          *name);
/* A DEP client for the name through NanoDEP's proxy: the same login, TLS settings and
 * errors naming NanoDEP; it sends X-Server-Protocol-Version itself (NanoDEP's default is
 * older). */
AdeptDepClient     *adept_nanodep_client_new_dep_client (AdeptNanodepClient *self,
                                                         const char          *name,
                                                         GError             **error);

/* How NanoDEP's answers map to errors (exposed for tests): status, the response headers
 * and body of a failed answer to method on path (relative to the depserver's root),
 * address as adept_nanodep_client_get_address(). */
void                adept_nanodep_set_error_from_response (GError            **error,
                                                           const char         *address,
                                                           const char         *method,
                                                           const char         *path,
                                                           guint               status,
                                                           SoupMessageHeaders *headers,
                                                           const char         *body,
                                                           gsize               len);

G_END_DECLS
