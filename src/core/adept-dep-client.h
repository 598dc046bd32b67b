/* adept-dep-client.h — async client of Apple's DEP API (dep-api.md §2–§4)
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "adept-authenticator.h"
#include "adept-dep-account.h"
#include "adept-dep-profile.h"
#include "adept-dep-records.h"
#include "adept-fetch-page.h"
#include "adept-device-results.h"

G_BEGIN_DECLS

#define ADEPT_DEP_DEFAULT_BASE_URL "https://mdmenrollment.apple.com"

/* X-Server-Protocol-Version. 10 is the newest Apple documents and what production
 * clients (fleet, apple-mdm-clients) send: from 9 assign answers THROTTLED per device
 * instead of failing the batch, from 10 it adds retry_after_seconds (how long to wait) and
 * the device fields of replacements (released_by_replacement…). Older versions would
 * leave the auto-assigner guessing when to retry. */
#define ADEPT_DEP_PROTOCOL_VERSION "10"

/* Apple's documented ceilings: a page of fetch/sync, serials in one assign request. */
#define ADEPT_DEP_MAX_PAGE_SIZE 1000
#define ADEPT_DEP_MAX_BATCH     1000

#define ADEPT_TYPE_DEP_CLIENT (adept_dep_client_get_type ())
G_DECLARE_FINAL_TYPE (AdeptDepClient, adept_dep_client, ADEPT, DEP_CLIENT, GObject)

/* base_url NULL is Apple's. It may end in a path (a proxy's "/proxy/NAME"). Refused with
 * ADEPT_ERROR_INSECURE_URL unless https://, or http:// to a loopback host. */
AdeptDepClient     *adept_dep_client_new                 (const char          *base_url,
                                                          AdeptAuthenticator  *authenticator,
                                                          GError             **error);

const char         *adept_dep_client_get_base_url        (AdeptDepClient      *self);
AdeptAuthenticator *adept_dep_client_get_authenticator   (AdeptDepClient      *self);

/* Trust certificates of this PEM file (a private CA) besides the system's. */
gboolean            adept_dep_client_set_tls_ca_file     (AdeptDepClient      *self,
                                                          const char          *path,
                                                          GError             **error);
/* Trust only this certificate (PEM) for the server, whatever the system CAs say. There is
 * deliberately no way to turn verification off. */
gboolean            adept_dep_client_set_pinned_certificate (AdeptDepClient   *self,
                                                          const char          *path,
                                                          GError             **error);
/* Trust only the certificate whose DER has this SHA-256 (64 hex digits, colons allowed:
 * what `openssl x509 -noout -fingerprint -sha256` prints), whatever the system CAs say.
 * A malformed pin is ADEPT_ERROR_CERT_INVALID. */
gboolean            adept_dep_client_set_pinned_sha256   (AdeptDepClient      *self,
                                                          const char          *pin,
                                                          GError             **error);
/* Whether path is a CA file adept_dep_client_set_tls_ca_file() would take; if not,
 * ADEPT_ERROR_CERT_INVALID with the sentence that says why. */
gboolean            adept_dep_check_tls_ca_file          (const char          *path,
                                                          GError             **error);
/* Seconds before a silent connection is given up (default 60). */
void                adept_dep_client_set_timeout         (AdeptDepClient      *self,
                                                          guint                seconds);
/* Seconds a whole call may take, retries and waits included (default 120); then it fails
 * with ADEPT_ERROR_NETWORK saying the server stopped answering. */
void                adept_dep_client_set_deadline        (AdeptDepClient      *self,
                                                          guint                seconds);
/* Seconds a TLS handshake may take (default 15); a longer one, or one the other side
 * breaks off, fails with ADEPT_ERROR_TLS saying the server did not answer with TLS. */
void                adept_dep_client_set_handshake_timeout (AdeptDepClient    *self,
                                                          guint                seconds);
/* Answers larger than this fail with ADEPT_ERROR_RESPONSE_TOO_LARGE (default 16 MiB). */
void                adept_dep_client_set_max_response_size (AdeptDepClient    *self,
                                                          gsize                bytes);
/* Retries of 5xx, 429 and connection failures: at most max_retries (default 4), waiting
 * base_delay_ms × 2^n with jitter (default 1000) or the server's Retry-After, and never
 * past max_total_ms from the first attempt (default 60000). */
void                adept_dep_client_set_retry_policy    (AdeptDepClient      *self,
                                                          guint                max_retries,
                                                          guint                base_delay_ms,
                                                          guint                max_total_ms);

/* Every call: results are GObjects, errors ADEPT_ERROR (adept-dep-protocol.h says how
 * Apple's answers map; THROTTLED carries adept_error_get_retry_after(), VALIDATION
 * adept_error_get_apple_code() and adept_error_get_field()), or G_IO_ERROR_CANCELLED. */

/* GET /account */
void                adept_dep_client_get_account_async   (AdeptDepClient      *self,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
AdeptDepAccount    *adept_dep_client_get_account_finish  (AdeptDepClient      *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);

/* POST /server/devices. cursor NULL for the first page; limit 0 for Apple's default,
 * at most ADEPT_DEP_MAX_PAGE_SIZE. EXHAUSTED_CURSOR is ADEPT_ERROR_CURSOR_EXHAUSTED. */
void                adept_dep_client_fetch_devices_async (AdeptDepClient      *self,
                                                          const char          *cursor,
                                                          guint                limit,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
AdeptFetchPage    *adept_dep_client_fetch_devices_finish (AdeptDepClient     *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);

/* POST /devices/sync; cursor from the last page. ADEPT_ERROR_CURSOR_EXPIRED/_INVALID mean
 * a full fetch again. */
void                adept_dep_client_sync_devices_async  (AdeptDepClient      *self,
                                                          const char          *cursor,
                                                          guint                limit,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
AdeptFetchPage    *adept_dep_client_sync_devices_finish (AdeptDepClient      *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);

/* POST /devices: the record of each serial (adept_device_results_get_device()) or its
 * status (NOT_ACCESSIBLE, NOT_FOUND). */
void                adept_dep_client_get_device_details_async  (AdeptDepClient      *self,
                                                                const char * const  *serials,
                                                                GCancellable        *cancellable,
                                                                GAsyncReadyCallback  callback,
                                                                gpointer             user_data);
AdeptDeviceResults *adept_dep_client_get_device_details_finish (AdeptDepClient      *self,
                                                                GAsyncResult        *result,
                                                                GError             **error);

/* POST /devices/disown: removes the devices from the organisation for good. */
void                adept_dep_client_disown_devices_async  (AdeptDepClient      *self,
                                                            const char * const  *serials,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
AdeptDeviceResults *adept_dep_client_disown_devices_finish (AdeptDepClient      *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);

/* POST /profile. The result holds the new profile UUID and the answers for the
 * profile's devices. Apple's refusal of a value is ADEPT_ERROR_VALIDATION. */
void                adept_dep_client_define_profile_async  (AdeptDepClient      *self,
                                                            AdeptDepProfile     *profile,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
AdeptDeviceResults *adept_dep_client_define_profile_finish (AdeptDepClient      *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);

/* GET /profile?profile_uuid= */
void                adept_dep_client_get_profile_async   (AdeptDepClient      *self,
                                                          const char          *profile_uuid,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
AdeptDepProfile    *adept_dep_client_get_profile_finish  (AdeptDepClient      *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);

/* PUT /profile/devices with 1 to ADEPT_DEP_MAX_BATCH serials (more: ADEPT_ERROR_BAD_REQUEST
 * before anything is sent). THROTTLED serials and retry_after_seconds are in the result. */
void                adept_dep_client_assign_profile_async  (AdeptDepClient      *self,
                                                            const char          *profile_uuid,
                                                            const char * const  *serials,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
AdeptDeviceResults *adept_dep_client_assign_profile_finish (AdeptDepClient      *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);

/* DELETE /profile/devices (the profile status of the devices becomes "removed"). Same
 * batch limit as assign. */
void                adept_dep_client_remove_profile_async  (AdeptDepClient      *self,
                                                            const char * const  *serials,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
AdeptDeviceResults *adept_dep_client_remove_profile_finish (AdeptDepClient      *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);

/* A backend in front of Apple (NanoDEP's /proxy/NAME, or NanoDEP's own API) answers some
 * failures itself, and a failure to connect concerns it, not Apple. The translator sees
 * each failed answer (message and body set) and each final connection failure
 * (transport_error set, message and body possibly NULL) before Adept's reading of Apple's
 * answers; it returns TRUE when it set error, which then ends the call. may_retry is TRUE
 * when the client would otherwise try again (5xx, 429): returning FALSE lets it. */
typedef gboolean (*AdeptDepErrorTranslateFunc) (SoupMessage   *message,
                                                GBytes        *body,
                                                const GError  *transport_error,
                                                gboolean       may_retry,
                                                GError       **error,
                                                gpointer       user_data);

void                adept_dep_client_set_error_translator (AdeptDepClient          *self,
                                                          AdeptDepErrorTranslateFunc translate,
                                                          gpointer                 user_data,
                                                          GDestroyNotify           destroy);

typedef enum {
  ADEPT_DEP_SEND_NONE = 0,
  /* Sending twice could do the work twice: only failures to connect are retried. */
  ADEPT_DEP_SEND_NOT_IDEMPOTENT = 1 << 0,
  /* The answer holds secrets: it must fit one read buffer (64 KiB, never reallocated) and
   * every buffer it passed through is wiped; the caller wipes the returned bytes. */
  ADEPT_DEP_SEND_SECRET_ANSWER = 1 << 1,
} AdeptDepSendFlags;

/* An authorized call with any body (content_type NULL: JSON) to path, relative to the base
 * URL, for a backend's own API: the body of a 2xx answer, or the error its status maps to
 * (through the translator when one is set). */
void                adept_dep_client_send_async          (AdeptDepClient      *self,
                                                          const char          *method,
                                                          const char          *path,
                                                          const char          *content_type,
                                                          GBytes              *body,
                                                          AdeptDepSendFlags    flags,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
GBytes             *adept_dep_client_send_finish         (AdeptDepClient      *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);

/* POST /device/activationlock for one device (Apple takes one a request). escrow_key:
 * the hash of a bypass code (adept_bypass_code_dup_escrow_key()); NULL locks the device to
 * the person who made the MDM server in ABM. lost_message NULL or "" for none. Not
 * retried once it may have reached Apple. */
void                adept_dep_client_activation_lock_async  (AdeptDepClient      *self,
                                                             const char          *serial,
                                                             const char          *escrow_key,
                                                             const char          *lost_message,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
AdeptLockAnswer    *adept_dep_client_activation_lock_finish (AdeptDepClient      *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);

/* GET /device/replacementDetails (protocol 10). A device that is no replacement:
 * ADEPT_ERROR_NOT_FOUND (Apple answers 400 or 404 DEVICE_NOT_FOUND). */
void                adept_dep_client_get_replacement_details_async  (AdeptDepClient      *self,
                                                                     const char          *serial,
                                                                     GCancellable        *cancellable,
                                                                     GAsyncReadyCallback  callback,
                                                                     gpointer             user_data);
AdeptReplacementDetails *adept_dep_client_get_replacement_details_finish (AdeptDepClient *self,
                                                                     GAsyncResult        *result,
                                                                     GError             **error);

/* Account-driven enrollment's service discovery URL (/account-driven-enrollment/profile).
 * get: NULL without an error when none is set. set: Apple's refusal of the URL is
 * ADEPT_ERROR_VALIDATION (field "mdm_service_discovery_url"); ORG_NOT_SUPPORTED is
 * ADEPT_ERROR_ORG_NOT_SUPPORTED. delete: TRUE also when none was set. */
void                adept_dep_client_get_account_enrollment_async  (AdeptDepClient      *self,
                                                                    GCancellable        *cancellable,
                                                                    GAsyncReadyCallback  callback,
                                                                    gpointer             user_data);
AdeptAccountEnrollment *adept_dep_client_get_account_enrollment_finish (AdeptDepClient  *self,
                                                                    GAsyncResult        *result,
                                                                    GError             **error);
void                adept_dep_client_set_account_enrollment_async  (AdeptDepClient      *self,
                                                                    const char          *mdm_service_discovery_url,
                                                                    GCancellable        *cancellable,
                                                                    GAsyncReadyCallback  callback,
                                                                    gpointer             user_data);
gboolean            adept_dep_client_set_account_enrollment_finish (AdeptDepClient      *self,
                                                                    GAsyncResult        *result,
                                                                    GError             **error);
void                adept_dep_client_delete_account_enrollment_async  (AdeptDepClient   *self,
                                                                       GCancellable     *cancellable,
                                                                       GAsyncReadyCallback callback,
                                                                       gpointer          user_data);
gboolean            adept_dep_client_delete_account_enrollment_finish (AdeptDepClient   *self,
                                                                       GAsyncResult     *result,
                                                                       GError          **error);

/* GET /os-beta-enrollment/tokens: a GPtrArray of AdeptBetaToken (empty when there are
 * none). An organisation that turned beta software off: ADEPT_ERROR_BETA_TURNED_OFF. */
void                adept_dep_client_get_beta_tokens_async  (AdeptDepClient      *self,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
GPtrArray          *adept_dep_client_get_beta_tokens_finish (AdeptDepClient      *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);

/* For authenticators: sends method + path (relative to the base URL) with Adept's
 * headers, the retry policy, the size cap and TLS rules, but no authorization. prepare is
 * called on each attempt's message (fresh OAuth nonce). Returns the body of a 2xx answer;
 * other answers are mapped to ADEPT_ERROR like any call. The body is never logged. */
typedef void (*AdeptDepPrepareFunc) (SoupMessage *message,
                                     gpointer     user_data);

void                adept_dep_client_send_unauthorized_async  (AdeptDepClient      *self,
                                                               const char          *method,
                                                               const char          *path,
                                                               AdeptDepPrepareFunc  prepare,
                                                               gpointer             prepare_data,
                                                               GCancellable        *cancellable,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);
GBytes             *adept_dep_client_send_unauthorized_finish (AdeptDepClient      *self,
                                                               GAsyncResult        *result,
                                                               GError             **error);

G_END_DECLS
