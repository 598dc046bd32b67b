/* adept-business-client.h — async client of the Apple Business API (abm-api.md §1–§2)
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "adept-business-account.h"
#include "adept-org-activity.h"
#include "adept-org-device.h"
#include "adept-org-server.h"

G_BEGIN_DECLS

/* Requests in flight at once (real clients keep about four, abm-api.md §2). */
#define ADEPT_BUSINESS_MAX_IN_FLIGHT 4
/* Apple's ceiling for limit, and for the devices of one activity. */
#define ADEPT_BUSINESS_MAX_PAGE_SIZE 1000
#define ADEPT_BUSINESS_MAX_ACTIVITY_DEVICES 1000
/* How far ahead a migration deadline may be. */
#define ADEPT_BUSINESS_MAX_DEADLINE_DAYS 90

/* One page of a JSON:API list: the resources of "data" (JsonObject each), the link to
 * the next page (NULL on the last), and meta.paging.total (-1 when Apple gave none). */
typedef struct {
  GPtrArray *resources;
  char      *next;
  gint64     total;
} AdeptBusinessPage;

void adept_business_page_free (AdeptBusinessPage *page);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AdeptBusinessPage, adept_business_page_free)

#define ADEPT_TYPE_BUSINESS_CLIENT (adept_business_client_get_type ())
G_DECLARE_FINAL_TYPE (AdeptBusinessClient, adept_business_client, ADEPT, BUSINESS_CLIENT, GObject)

/* token_url NULL: Apple's; api_url NULL: Apple's for the account (Business or School).
 * Both must be https://, or http:// to this computer (ADEPT_ERROR_INSECURE_URL). */
AdeptBusinessClient *adept_business_client_new         (AdeptBusinessAccount *account,
                                                        const char           *token_url,
                                                        const char           *api_url,
                                                        GError              **error);

AdeptBusinessAccount *adept_business_client_get_account (AdeptBusinessClient *self);
const char          *adept_business_client_get_token_url (AdeptBusinessClient *self);
const char          *adept_business_client_get_api_url  (AdeptBusinessClient *self);

/* The account worked before (the store remembers a connection): Apple's invalid_client
 * then means the account was revoked rather than that the key does not match. */
void                 adept_business_client_set_known_good (AdeptBusinessClient *self,
                                                        gboolean              known_good);
/* Seconds before a silent connection is given up (default 60). */
void                 adept_business_client_set_timeout  (AdeptBusinessClient *self,
                                                        guint                 seconds);
/* Seconds one exchange may take, waits for a slot and retries included (default 120), as
 * the DEP client's; then it fails with ADEPT_ERROR_NETWORK saying the server stopped
 * answering. A token request has its own. */
void                 adept_business_client_set_deadline (AdeptBusinessClient *self,
                                                        guint                 seconds);
/* Retries of 5xx, 429 and failed connections, as the DEP client (default 4, 1000 ms,
 * 60000 ms): 429 waits for Retry-After. */
void                 adept_business_client_set_retry_policy (AdeptBusinessClient *self,
                                                        guint                 max_retries,
                                                        guint                 base_delay_ms,
                                                        guint                 max_total_ms);
/* HTTP requests sent (every attempt, tokens and downloads too), and tokens obtained. */
guint                adept_business_client_get_requests_sent (AdeptBusinessClient *self);
guint                adept_business_client_get_tokens_minted (AdeptBusinessClient *self);

/* Every call: errors are ADEPT_ERROR with Apple's detail in the message and its code in
 * adept_error_get_apple_code(); 429 is ADEPT_ERROR_THROTTLED with
 * adept_error_get_retry_after() once retries are spent. An access token is obtained on
 * the first call, reused until it expires, and obtained again once when a call answers
 * 401. */

/* Obtains an access token now: proves the Client ID, Key ID and key belong together. */
void                 adept_business_client_connect_async  (AdeptBusinessClient *self,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
gboolean             adept_business_client_connect_finish (AdeptBusinessClient *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

/* One page of a list: path ("/v1/orgDevices?limit=1000") below the API URL, or the
 * absolute links.next of the page before (refused unless it is on the API URL's host). */
void                 adept_business_client_get_page_async  (AdeptBusinessClient *self,
                                                        const char           *path_or_url,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
AdeptBusinessPage   *adept_business_client_get_page_finish (AdeptBusinessClient *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);
/* The first page's path of GET /v1/orgDevices with limit and fields[orgDevices] (NULL:
 * adept_org_device_fields). */
char                *adept_business_client_org_devices_path (guint               limit,
                                                        const char * const   *fields);

/* Every device of the organisation, all pages (AdeptOrgDevice each). */
void                 adept_business_client_list_org_devices_async  (AdeptBusinessClient *self,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
GPtrArray           *adept_business_client_list_org_devices_finish (AdeptBusinessClient *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);
/* GET /v1/orgDevices/{serial}. ADEPT_ERROR_NOT_FOUND for a device not in the organisation. */
void                 adept_business_client_get_org_device_async  (AdeptBusinessClient *self,
                                                        const char           *serial,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
AdeptOrgDevice      *adept_business_client_get_org_device_finish (AdeptBusinessClient *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);
/* GET /v1/orgDevices/{serial}/assignedServer: NULL without an error when unassigned. */
void                 adept_business_client_get_assigned_server_async  (AdeptBusinessClient *self,
                                                        const char           *serial,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
AdeptOrgServer      *adept_business_client_get_assigned_server_finish (AdeptBusinessClient *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);
/* GET /v1/orgDevices/{serial}/relationships/assignedServer: the id, NULL when unassigned. */
void                 adept_business_client_get_assigned_server_id_async  (AdeptBusinessClient *self,
                                                        const char           *serial,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
char                *adept_business_client_get_assigned_server_id_finish (AdeptBusinessClient *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);
/* GET /v1/mdmServers, all pages (AdeptOrgServer each). */
void                 adept_business_client_list_servers_async  (AdeptBusinessClient *self,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
GPtrArray           *adept_business_client_list_servers_finish (AdeptBusinessClient *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);
/* The first page's path of GET /v1/mdmServers/{id}/relationships/devices. */
char                *adept_business_client_server_devices_path (const char    *server_id,
                                                        guint                 limit);
/* Every serial on the server, all pages. */
void                 adept_business_client_list_server_devices_async  (AdeptBusinessClient *self,
                                                        const char           *server_id,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
GStrv                adept_business_client_list_server_devices_finish (AdeptBusinessClient *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

/* POST /v1/orgDeviceActivities with 1 to ADEPT_BUSINESS_MAX_ACTIVITY_DEVICES serials;
 * server_id for the types that need one, deadline (Unix seconds) for those that need
 * one. Checked before sending (ADEPT_ERROR_BAD_REQUEST / _VALIDATION). Sent once: an
 * activity is not replayed after an answer was lost. 409 is ADEPT_ERROR_ACTIVITY_CONFLICT. */
void                 adept_business_client_create_activity_async  (AdeptBusinessClient  *self,
                                                        AdeptOrgActivityType  type,
                                                        const char           *server_id,
                                                        const char * const   *serials,
                                                        gint64                deadline,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
AdeptOrgActivity    *adept_business_client_create_activity_finish (AdeptBusinessClient *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);
/* GET /v1/orgDeviceActivities/{id}, updating the activity in place. */
void                 adept_business_client_poll_activity_async  (AdeptBusinessClient *self,
                                                        AdeptOrgActivity     *activity,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
gboolean             adept_business_client_poll_activity_finish (AdeptBusinessClient *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);
/* GET /v1/orgDeviceActivities/{id}: an activity started elsewhere. */
void                 adept_business_client_get_activity_async  (AdeptBusinessClient *self,
                                                        const char           *id,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
AdeptOrgActivity    *adept_business_client_get_activity_finish (AdeptBusinessClient *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);
/* Downloads the log of a completed activity (its presigned downloadUrl, fetched without
 * the access token) and sets its per-device results. */
void                 adept_business_client_fetch_results_async  (AdeptBusinessClient *self,
                                                        AdeptOrgActivity     *activity,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
gboolean             adept_business_client_fetch_results_finish (AdeptBusinessClient *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

G_END_DECLS
