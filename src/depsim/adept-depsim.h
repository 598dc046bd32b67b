/* adept-depsim.h — a simulator of Apple's DEP API, embeddable in tests and the demo
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The simulator serves the DEP API (dep-api.md §2–§5) on 127.0.0.1 from the thread-default
 * main context of the thread that calls adept_depsim_start(); every function here must be
 * called from that thread. The same operations are offered over HTTP below /_adept/ (see
 * adept-depsim-admin.c) for scripts and the adept-depsim program.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum {
  /* Answer status (and body, and Retry-After) instead of the real answer. */
  ADEPT_DEPSIM_FAULT_STATUS,
  /* Answer normally after delay_ms. */
  ADEPT_DEPSIM_FAULT_DELAY,
  /* Close the connection without any answer. */
  ADEPT_DEPSIM_FAULT_DROP,
  /* Answer 200 with body, or with a body that is not valid JSON (a page cut off). */
  ADEPT_DEPSIM_FAULT_GARBAGE,
} AdeptDepsimFaultKind;

typedef struct {
  /* A DEP path such as "/devices/sync", or "*" for every DEP endpoint; an Apple Business
   * route such as "/v1/orgDevices" or "/auth/oauth2/token", or "/v1/" followed by "*" for all of them. */
  const char           *endpoint;
  AdeptDepsimFaultKind  kind;
  guint                 status;
  /* Plain-text body of a STATUS fault (NULL: empty), or what a GARBAGE fault answers. */
  const char           *body;
  /* Retry-After header of a STATUS fault, in seconds; 0: none. */
  guint                 retry_after;
  guint                 delay_ms;
  /* How many requests it hits; 0 counts as 1. */
  guint                 count;
} AdeptDepsimFault;

/* What an organisation may have turned off, or not have (Apple's ORG_NOT_SUPPORTED,
 * APPLE_SEED_FOR_IT_TURNED_OFF). */
typedef enum {
  ADEPT_DEPSIM_ORG_ACTIVATION_LOCK,
  ADEPT_DEPSIM_ORG_ACCOUNT_DRIVEN_ENROLLMENT,
  ADEPT_DEPSIM_ORG_BETA_ENROLLMENT,
} AdeptDepsimOrgFeature;

#define ADEPT_TYPE_DEPSIM (adept_depsim_get_type ())
G_DECLARE_FINAL_TYPE (AdeptDepsim, adept_depsim, ADEPT, DEPSIM, GObject)

/* n_devices seeded devices on the simulated MDM server; the same seed gives the same
 * devices. No token exists until one is issued. */
AdeptDepsim *adept_depsim_new                     (guint64              seed,
                                                   guint                n_devices);
/* A simulator with the state saved by adept_depsim_save(). */
AdeptDepsim *adept_depsim_new_from_file           (const char          *path,
                                                   GError             **error);
/* Listens on 127.0.0.1; port 0 picks a free one. */
gboolean     adept_depsim_start                   (AdeptDepsim         *self,
                                                   guint                port,
                                                   GError             **error);
/* Stops listening and writes the state file if one is set. */
void         adept_depsim_stop                    (AdeptDepsim         *self);
/* "http://127.0.0.1:PORT" once started. */
const char  *adept_depsim_get_base_url            (AdeptDepsim         *self);

/* State saved as JSON (mode 0600: it holds the simulated token's credentials). */
gboolean     adept_depsim_save                    (AdeptDepsim         *self,
                                                   const char          *path,
                                                   GError             **error);
/* Saves there shortly after every change and at stop. NULL: never. */
void         adept_depsim_set_state_file          (AdeptDepsim         *self,
                                                   const char          *path);

/* ABM: a server token for the MDM's certificate (PEM), in Apple's format. New
 * credentials replace the previous token's, which then gets 401 "token_rejected". */
GBytes      *adept_depsim_issue_token             (AdeptDepsim         *self,
                                                   const char          *cert_pem,
                                                   gsize                cert_len,
                                                   GError             **error);
/* The same without the encryption: the token's JSON payload (four credentials and
 * access_token_expiry). Free with adept_secret_free(). */
char        *adept_depsim_issue_credentials       (AdeptDepsim         *self);
void         adept_depsim_revoke_token            (AdeptDepsim         *self);
/* TRUE (the default): the state file holds the token's credentials, as Apple's side keeps
 * them. FALSE: it holds none, and adept_depsim_adopt_credentials() gives them back after a
 * reload — for the demo, whose state file lives in the console's own data directory,
 * where no secret may be written. */
void         adept_depsim_set_persist_credentials (AdeptDepsim         *self,
                                                   gboolean             persist);
void         adept_depsim_adopt_credentials       (AdeptDepsim         *self,
                                                   const char          *consumer_key,
                                                   const char          *consumer_secret,
                                                   const char          *access_token,
                                                   const char          *access_secret,
                                                   gint64               expiry_ms);
/* While required, every call (GET /session too) answers 403 T_C_NOT_SIGNED. */
void         adept_depsim_set_terms_required      (AdeptDepsim         *self,
                                                   gboolean             required);
/* The MDM server's name GET /account answers, for tests with several servers. */
void         adept_depsim_set_server_name         (AdeptDepsim         *self,
                                                   const char          *name);
/* Also accept the fixed credentials of Apple's depsim (and serve them at GET /token). */
void         adept_depsim_set_accept_depsim_credentials (AdeptDepsim   *self,
                                                         gboolean       accept);

/* ABM: new devices, on the MDM server (sync: added) or only in the organisation.
 * Returns their serial numbers. */
char       **adept_depsim_add_devices             (AdeptDepsim         *self,
                                                   guint                n,
                                                   gboolean             on_server);
/* ABM: move devices to the MDM server (added) or away from it (deleted). Returns how
 * many changed; ADEPT_ERROR_NOT_FOUND, and no change, for an unknown serial. */
guint        adept_depsim_assign_devices          (AdeptDepsim         *self,
                                                   const char * const  *serials,
                                                   GError             **error);
guint        adept_depsim_unassign_devices        (AdeptDepsim         *self,
                                                   const char * const  *serials,
                                                   GError             **error);
/* ABM: changes model, description, color, asset_tag, os or device_family (modified). */
gboolean     adept_depsim_edit_device             (AdeptDepsim         *self,
                                                   const char          *serial,
                                                   const char          *field,
                                                   const char          *value,
                                                   GError             **error);
/* Devices: activation delivers an assigned profile (pushed). Devices without an
 * assigned profile do not change. Returns how many changed. */
guint        adept_depsim_activate_devices        (AdeptDepsim         *self,
                                                   const char * const  *serials,
                                                   GError             **error);

/* AppleCare replaces a device: old leaves the server (a deleted sync record with
 * released_by_replacement), the replacement arrives (added, is_replacement_device, and
 * GET /device/replacementDetails names old). new_serial: a device elsewhere in the
 * organisation or a new serial; NULL makes a new device of old's model. Returns the
 * replacement's serial. */
char        *adept_depsim_replace_device          (AdeptDepsim         *self,
                                                   const char          *old_serial,
                                                   const char          *new_serial,
                                                   GError             **error);
/* Device management migration: the devices come from another MDM server with
 * mdm_migration_deadline (Unix seconds). Devices not on the server arrive as modified (as
 * Apple reports a move between servers), or as added when as_added; a pushed profile
 * ends the migration. */
guint        adept_depsim_migrate_devices         (AdeptDepsim         *self,
                                                   const char * const  *serials,
                                                   gint64               deadline,
                                                   gboolean             as_added,
                                                   GError             **error);
/* All on by default. */
void         adept_depsim_set_org_feature         (AdeptDepsim         *self,
                                                   AdeptDepsimOrgFeature feature,
                                                   gboolean             enabled);
/* The next count Activation Lock requests for serial answer result (FAILED…). */
void         adept_depsim_set_activation_lock_result (AdeptDepsim      *self,
                                                   const char          *serial,
                                                   const char          *result,
                                                   guint                count);
/* For the demo: n_replaced devices replaced by AppleCare and n_migrating migrating in
 * with a deadline deadline_days ahead, chosen the same way for a seed. */
void         adept_depsim_add_examples            (AdeptDepsim         *self,
                                                   guint                n_replaced,
                                                   guint                n_migrating,
                                                   guint                deadline_days);

/* The simulated clock starts at real time. */
void         adept_depsim_advance_clock           (AdeptDepsim         *self,
                                                   gint64               seconds);
gint64       adept_depsim_get_now_ms              (AdeptDepsim         *self);

/* Sessions expire after this much real time without a call (default 5 minutes). */
void         adept_depsim_set_session_idle_timeout (AdeptDepsim        *self,
                                                    guint               ms);
/* Every n-th call on a session returns a new X-ADM-Auth-Session; the old session ends
 * when the new one is first used. 0 (the default): never. */
void         adept_depsim_set_session_rotation    (AdeptDepsim         *self,
                                                   guint                every_n_calls);
void         adept_depsim_expire_sessions         (AdeptDepsim         *self);

void         adept_depsim_add_fault               (AdeptDepsim         *self,
                                                   const AdeptDepsimFault *fault);
void         adept_depsim_clear_faults            (AdeptDepsim         *self);
/* Added to every DEP answer. */
void         adept_depsim_set_latency             (AdeptDepsim         *self,
                                                   guint                ms);
/* The next count assignments of serial answer result ("FAILED" or "THROTTLED"). */
void         adept_depsim_set_assign_result       (AdeptDepsim         *self,
                                                   const char          *serial,
                                                   const char          *result,
                                                   guint                count,
                                                   guint                retry_after);
/* Devices after the first max_per_request of an assign request are THROTTLED with
 * retry_after seconds; 0: off. */
void         adept_depsim_set_assign_throttle     (AdeptDepsim         *self,
                                                   guint                max_per_request,
                                                   guint                retry_after);

/* ---- Apple Business API (abm-api.md) ----
 * The token endpoint is <base URL>/auth/oauth2/token; the API answers at its own address.
 * The organisation's MDM servers are numbered from 0: this DEP server first (its id is
 * the server_uuid of GET /account), then the organisation's others. */

/* "http://127.0.0.1:PORT" of the /v1 API once started. */
const char  *adept_depsim_get_business_url        (AdeptDepsim         *self);
/* <base URL>/auth/oauth2/token once started. */
char        *adept_depsim_dup_token_url           (AdeptDepsim         *self);
/* Mints an API account (EC P-256). Returns the private key in PEM (PKCS#8, or SEC1 when
 * sec1), a secret: free it with adept_secret_free(). scope NULL: business.api; "": none. */
char        *adept_depsim_create_api_account      (AdeptDepsim         *self,
                                                   const char          *scope,
                                                   gboolean             sec1,
                                                   char               **client_id,
                                                   char               **key_id,
                                                   GError             **error);
gboolean     adept_depsim_revoke_api_account      (AdeptDepsim         *self,
                                                   const char          *client_id);
/* "" takes every scope away: tokens get 403 on the API, new ones invalid_scope. */
gboolean     adept_depsim_set_api_account_scope   (AdeptDepsim         *self,
                                                   const char          *client_id,
                                                   const char          *scope);
/* Simulated seconds an access token lives (default 3600). */
void         adept_depsim_set_business_token_lifetime (AdeptDepsim     *self,
                                                   guint                seconds);
guint        adept_depsim_get_business_tokens_issued (AdeptDepsim      *self);
/* Real milliseconds an activity stays IN_PROGRESS (default 300). */
void         adept_depsim_set_activity_delay      (AdeptDepsim         *self,
                                                   guint                ms);
guint        adept_depsim_get_n_org_servers       (AdeptDepsim         *self);
const char  *adept_depsim_get_org_server_id       (AdeptDepsim         *self,
                                                   guint                index);
const char  *adept_depsim_get_org_server_name     (AdeptDepsim         *self,
                                                   guint                index);
/* The id of the MDM server a device is on, NULL when unassigned or unknown. */
const char  *adept_depsim_get_device_server       (AdeptDepsim         *self,
                                                   const char          *serial);
/* ABM: n new devices of the organisation on the server with this id or name (NULL:
 * unassigned). NULL with ADEPT_ERROR_NOT_FOUND for an unknown server. */
char       **adept_depsim_add_org_devices         (AdeptDepsim         *self,
                                                   guint                n,
                                                   const char          *server,
                                                   GError             **error);
/* A large organisation at once: n devices with seeded dates, 40 % unassigned and the
 * rest spread over the other servers. */
void         adept_depsim_seed_org_devices        (AdeptDepsim         *self,
                                                   guint                n);
/* The next count activities refuse the device with this reason. */
void         adept_depsim_set_activity_refusal    (AdeptDepsim         *self,
                                                   const char          *serial,
                                                   const char          *reason,
                                                   guint                count);
/* A hidden fact behind migration eligibility: "os", "shared_ipad", "return_to_service",
 * "configurator". */
gboolean     adept_depsim_set_org_device_fact     (AdeptDepsim         *self,
                                                   const char          *serial,
                                                   const char          *name,
                                                   gint64               value,
                                                   GError             **error);
gboolean     adept_depsim_set_migration_status    (AdeptDepsim         *self,
                                                   const char          *serial,
                                                   const char          *status,
                                                   GError             **error);
/* Requests of the Apple Business half by route ("/v1/orgDevices",
 * "/v1/mdmServers/{id}/relationships/devices", "/auth/oauth2/token"…). */
guint        adept_depsim_get_business_request_count (AdeptDepsim      *self,
                                                   const char          *route);
/* The most API requests one delay fault held at once: a client's requests in flight. */
guint        adept_depsim_get_business_max_concurrent (AdeptDepsim     *self);

/* For tests: {"now", "now_ms", "log_length", "devices": [every device on the server],
 * "elsewhere": [serials], "profiles": […], "replacements": {serial: {…}},
 * "activation_locks": {serial: {"escrow_key", "lost_message", "locked"}},
 * "account_driven_enrollment": {…}, "requests": {path: count}, "sessions_opened",
 * "business": {"url", "unassigned", "servers": [{id, name, type, devices}], "migrations":
 * {serial: {status, deadline}}, "activities", "requests", "tokens_issued",
 * "max_concurrent", "access_tokens": [every live token: secrets of the simulated Apple,
 * for tests that prove they never leak]}}. */
char        *adept_depsim_dup_truth_json          (AdeptDepsim         *self);
/* Serial numbers of the devices on the server, NULL-terminated. */
char       **adept_depsim_dup_serials             (AdeptDepsim         *self);
guint        adept_depsim_get_request_count       (AdeptDepsim         *self,
                                                   const char          *endpoint);
guint        adept_depsim_get_sessions_opened     (AdeptDepsim         *self);

G_END_DECLS
