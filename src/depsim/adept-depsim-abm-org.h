/* adept-depsim-abm-org.h — the organisation the Apple Business API shows: its MDM servers,
 * every device it owns (shared with the DEP half's state), MDM migration and device
 * activities (abm-api.md §2)
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "adept-depsim-state.h"
#include "adept-depsim-util.h"

G_BEGIN_DECLS

#define ADEPT_DEPSIM_ABM_MAX_LIMIT     1000
#define ADEPT_DEPSIM_ABM_DEFAULT_LIMIT 100
/* Most devices one activity may name. */
#define ADEPT_DEPSIM_ABM_MAX_DEVICES   1000
#define ADEPT_DEPSIM_ABM_MAX_DEADLINE_DAYS 90
/* Activities are kept this long, then answer 404. */
#define ADEPT_DEPSIM_ABM_ACTIVITY_KEEP_MS G_GINT64_CONSTANT (2592000000)

#define ADEPT_TYPE_DEPSIM_ORG (adept_depsim_org_get_type ())
G_DECLARE_FINAL_TYPE (AdeptDepsimOrg, adept_depsim_org, ADEPT, DEPSIM_ORG, GObject)

/* The organisation of the state's devices; its other MDM servers come from the seed. */
AdeptDepsimOrg *adept_depsim_org_new              (AdeptDepsimState  *state,
                                                   guint64            seed);
/* Where links point ("http://127.0.0.1:PORT"), and the context activities complete in. */
void            adept_depsim_org_set_base_url     (AdeptDepsimOrg    *self,
                                                   const char        *api_url,
                                                   GMainContext      *context);
/* Stops completing activities in the background (they complete when next read). */
void            adept_depsim_org_stop             (AdeptDepsimOrg    *self);

/* Servers are numbered as in adept-depsim-state.h: ADEPT_DEPSIM_SERVER_OURS first. */
guint           adept_depsim_org_get_n_servers    (AdeptDepsimOrg    *self);
const char     *adept_depsim_org_get_server_id    (AdeptDepsimOrg    *self,
                                                   guint              server);
const char     *adept_depsim_org_get_server_name  (AdeptDepsimOrg    *self,
                                                   guint              server);
/* By id or name; ADEPT_DEPSIM_SERVER_NONE when unknown. */
guint           adept_depsim_org_find_server      (AdeptDepsimOrg    *self,
                                                   const char        *id_or_name);

/* Real milliseconds an activity stays IN_PROGRESS (default 300). */
void            adept_depsim_org_set_activity_delay (AdeptDepsimOrg  *self,
                                                   guint              ms);
/* The next count activities refuse serial with this reason (Apple's words). */
void            adept_depsim_org_set_device_refusal (AdeptDepsimOrg  *self,
                                                   const char        *serial,
                                                   const char        *reason,
                                                   guint              count);
/* Overrides a hidden fact behind migration eligibility: "os" (major version),
 * "shared_ipad", "return_to_service", "configurator" (added with Apple Configurator;
 * the 30-day provisional period runs from the device's added date). */
gboolean        adept_depsim_org_set_fact         (AdeptDepsimOrg    *self,
                                                   const char        *serial,
                                                   const char        *name,
                                                   gint64             value,
                                                   GError           **error);
/* "REQUESTED", "STARTED", "SUCCESS", "FAILED" or NULL (none), as devices report it. */
gboolean        adept_depsim_org_set_migration_status (AdeptDepsimOrg *self,
                                                   const char        *serial,
                                                   const char        *status,
                                                   GError           **error);

/* The route name of an API path ("/v1/orgDevices/{id}"), for faults and counts; NULL
 * when the API has no such path. */
const char     *adept_depsim_org_route            (const char        *path);
/* One authorised API request. */
void            adept_depsim_org_handle           (AdeptDepsimOrg    *self,
                                                   const char        *method,
                                                   const char        *path,
                                                   GHashTable        *query,
                                                   const char        *body,
                                                   gsize              len,
                                                   AdeptDepsimReply  *reply);
/* The presigned CSV of an activity's results (path below /_downloads/); FALSE if none. */
gboolean        adept_depsim_org_download         (AdeptDepsimOrg    *self,
                                                   const char        *path,
                                                   AdeptDepsimReply  *reply);

/* JSON:API error: {"errors":[{"status","code","title","detail"}]}. */
void            adept_depsim_org_reply_error      (AdeptDepsimReply  *reply,
                                                   guint              status,
                                                   const char        *code,
                                                   const char        *title,
                                                   const char        *detail);

/* For tests: servers with their device counts, migrations, activities. */
void            adept_depsim_org_write_truth      (AdeptDepsimOrg    *self,
                                                   GString           *out);
void            adept_depsim_org_write_json       (AdeptDepsimOrg    *self,
                                                   GString           *out);
void            adept_depsim_org_read_json        (AdeptDepsimOrg    *self,
                                                   JsonObject        *object);

G_END_DECLS
