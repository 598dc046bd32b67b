/* adept-depsim-state.h — what the simulated Apple knows: devices, the change log, cursors,
 * profiles and the simulated clock
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "adept-depsim.h"

G_BEGIN_DECLS

#define ADEPT_DEPSIM_CURSOR_LIFETIME_MS G_GINT64_CONSTANT (604800000)

/* The organisation's MDM servers, as the Apple Business half numbers them: none
 * (unassigned), the DEP server this simulator serves, then the others from 2 on. */
#define ADEPT_DEPSIM_SERVER_NONE 0
#define ADEPT_DEPSIM_SERVER_OURS 1

/* What the Apple Business half reads of a device; strings belong to the state. */
typedef struct {
  const char *serial;
  const char *model;
  const char *description;
  const char *color;
  const char *os;
  const char *family;
  gint64      assigned_ms;
  guint       server;
  gboolean    released;
} AdeptDepsimDeviceFacts;

#define ADEPT_TYPE_DEPSIM_STATE (adept_depsim_state_get_type ())
G_DECLARE_FINAL_TYPE (AdeptDepsimState, adept_depsim_state, ADEPT, DEPSIM_STATE, GObject)

/* n_devices seeded devices, all assigned to the simulated MDM server, sorted by the date
 * they were assigned. */
AdeptDepsimState *adept_depsim_state_new            (guint64            seed,
                                                     guint              n_devices);
AdeptDepsimState *adept_depsim_state_new_from_json  (JsonObject        *root,
                                                     GError           **error);
/* The save file's form; read back by adept_depsim_state_new_from_json(). */
void              adept_depsim_state_write_json     (AdeptDepsimState  *self,
                                                     GString           *out);
/* Every device on the server and the profiles, for tests ("the truth"). */
void              adept_depsim_state_write_truth    (AdeptDepsimState  *self,
                                                     GString           *out);

guint64           adept_depsim_state_get_seed       (AdeptDepsimState  *self);
const char       *adept_depsim_state_get_org_id     (AdeptDepsimState  *self);
const char       *adept_depsim_state_get_server_uuid (AdeptDepsimState *self);
/* The MDM server's name in GET /account ("Adept Simulator MDM" unless set). */
const char       *adept_depsim_state_get_server_name (AdeptDepsimState *self);
void              adept_depsim_state_set_server_name (AdeptDepsimState *self,
                                                      const char       *name);

/* Simulated time: real time plus what the clock was advanced by, never going back. */
gint64            adept_depsim_state_now_ms         (AdeptDepsimState  *self);
void              adept_depsim_state_advance_clock  (AdeptDepsimState  *self,
                                                     gint64             seconds);

/* Between hold and release (nested), "changed" is emitted once at the release, if
 * anything changed: a request that changes 1000 devices tells the saver once. */
void              adept_depsim_state_hold_changed    (AdeptDepsimState *self);
void              adept_depsim_state_release_changed (AdeptDepsimState *self);

/* ABM's side. Serials are owned by the state. */
GPtrArray        *adept_depsim_state_add_devices    (AdeptDepsimState  *self,
                                                     guint              n,
                                                     gboolean           to_server);
/* The same on any MDM server of the organisation (or none). */
GPtrArray        *adept_depsim_state_add_devices_to (AdeptDepsimState  *self,
                                                     guint              n,
                                                     guint              server);
/* Devices with seeded dates and no change logged, as at start (a large organisation). */
GPtrArray        *adept_depsim_state_add_seeded_devices (AdeptDepsimState *self,
                                                     guint              n,
                                                     guint              server);
gboolean          adept_depsim_state_check_serials  (AdeptDepsimState  *self,
                                                     const char * const *serials,
                                                     GError           **error);
guint             adept_depsim_state_set_on_server  (AdeptDepsimState  *self,
                                                     const char * const *serials,
                                                     gboolean           on_server);
/* Every device the organisation has had, by index (stable: devices are only appended). */
guint             adept_depsim_state_get_n_devices  (AdeptDepsimState  *self);
/* -1 when unknown. */
int               adept_depsim_state_lookup         (AdeptDepsimState  *self,
                                                     const char        *serial);
gboolean          adept_depsim_state_get_facts      (AdeptDepsimState  *self,
                                                     guint              index,
                                                     AdeptDepsimDeviceFacts *facts);
guint             adept_depsim_state_get_server     (AdeptDepsimState  *self,
                                                     guint              index);
/* Moves a device between the organisation's MDM servers; the DEP sync sees what Apple
 * shows (added, or modified with the profile removed, or deleted). FALSE when nothing
 * changed (already there, or released from the organisation). */
gboolean          adept_depsim_state_move           (AdeptDepsimState  *self,
                                                     guint              index,
                                                     guint              server);
/* The device's side: an activated device receives its assigned profile. */
guint             adept_depsim_state_activate       (AdeptDepsimState  *self,
                                                     const char * const *serials);
gboolean          adept_depsim_state_edit           (AdeptDepsimState  *self,
                                                     const char        *serial,
                                                     const char        *field,
                                                     const char        *value,
                                                     GError           **error);
char            **adept_depsim_state_dup_serials    (AdeptDepsimState  *self);

/* Answers of the DEP API. The error codes are Apple's, for a 400. */
gboolean          adept_depsim_state_fetch          (AdeptDepsimState  *self,
                                                     const char        *cursor,
                                                     guint              limit,
                                                     int                version,
                                                     GString           *out,
                                                     const char       **error_code);
gboolean          adept_depsim_state_sync           (AdeptDepsimState  *self,
                                                     const char        *cursor,
                                                     guint              limit,
                                                     int                version,
                                                     GString           *out,
                                                     const char       **error_code);
/* Appends the device object without its closing brace, or returns FALSE when the serial
 * is not on the server. */
gboolean          adept_depsim_state_append_device  (AdeptDepsimState  *self,
                                                     GString           *out,
                                                     const char        *serial,
                                                     int                version);
const char       *adept_depsim_state_disown         (AdeptDepsimState  *self,
                                                     const char        *serial);
/* position counts the devices of one request, for the per-request throttle. */
const char       *adept_depsim_state_assign_profile (AdeptDepsimState  *self,
                                                     const char        *serial,
                                                     const char        *profile_uuid,
                                                     guint              position,
                                                     guint             *retry_after);
const char       *adept_depsim_state_remove_profile (AdeptDepsimState  *self,
                                                     const char        *serial);

/* Stores a copy without "devices" and returns its new UUID. */
const char       *adept_depsim_state_add_profile    (AdeptDepsimState  *self,
                                                     JsonObject        *profile);
JsonObject       *adept_depsim_state_get_profile    (AdeptDepsimState  *self,
                                                     const char        *profile_uuid);

/* The next count assign answers for serial are result (FAILED or THROTTLED). */
void              adept_depsim_state_set_assign_result   (AdeptDepsimState *self,
                                                          const char       *serial,
                                                          const char       *result,
                                                          guint             count,
                                                          guint             retry_after);
/* Devices after the first max_per_request of one assign request are THROTTLED; 0: off. */
void              adept_depsim_state_set_assign_throttle (AdeptDepsimState *self,
                                                          guint             max_per_request,
                                                          guint             retry_after);

/* Replacements (AppleCare): old leaves the server (deleted, released_by_replacement), the
 * replacement arrives (added, is_replacement_device). new_serial NULL makes a new device
 * of old's model; *replacement is its serial, owned by the state. */
gboolean          adept_depsim_state_replace        (AdeptDepsimState  *self,
                                                     const char        *old_serial,
                                                     const char        *new_serial,
                                                     const char       **replacement,
                                                     GError           **error);
/* TRUE when serial is a replacement on the server: the original and when (Unix ms). */
gboolean          adept_depsim_state_get_replacement (AdeptDepsimState *self,
                                                     const char        *serial,
                                                     const char       **original,
                                                     gint64            *ms);
/* Device management migration: the devices come to the server (modified, or added when
 * as_added) with mdm_migration_deadline; it ends when a profile is pushed. Unknown
 * serials are skipped. Returns how many changed. */
guint             adept_depsim_state_migrate_in     (AdeptDepsimState  *self,
                                                     const char * const *serials,
                                                     gint64             deadline_ms,
                                                     gboolean           as_added);

/* POST /device/activationlock for one device: Apple's response_status. */
const char       *adept_depsim_state_lock           (AdeptDepsimState  *self,
                                                     const char        *serial,
                                                     const char        *escrow_key,
                                                     const char        *lost_message);
/* The next count lock answers for serial are result. */
void              adept_depsim_state_set_lock_result (AdeptDepsimState *self,
                                                     const char        *serial,
                                                     const char        *result,
                                                     guint              count);

void              adept_depsim_state_set_org_feature (AdeptDepsimState     *self,
                                                      AdeptDepsimOrgFeature feature,
                                                      gboolean              enabled);
gboolean          adept_depsim_state_get_org_feature (AdeptDepsimState     *self,
                                                      AdeptDepsimOrgFeature feature);
/* Account-driven enrollment's service discovery URL; NULL removes it. */
void              adept_depsim_state_set_ade_url    (AdeptDepsimState  *self,
                                                     const char        *url);
const char       *adept_depsim_state_get_ade_url    (AdeptDepsimState  *self,
                                                     gint64            *updated_ms);
/* The organisation's beta enrollment tokens as a JSON array. */
void              adept_depsim_state_append_beta_tokens (AdeptDepsimState *self,
                                                         GString          *out);

G_END_DECLS
