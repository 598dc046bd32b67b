/* adept-dep-profile.h — a DEP (enrollment) profile as Apple's POST/GET /profile carry it
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "adept-json.h"

G_BEGIN_DECLS

/* Every key of dep-api.md §3.6 is a property of the same name with "-" for "_"
 * ("profile-name", "is-mdm-removable", "skip-setup-items"…), so an editor can bind them. */
#define ADEPT_TYPE_DEP_PROFILE (adept_dep_profile_get_type ())
G_DECLARE_FINAL_TYPE (AdeptDepProfile, adept_dep_profile, ADEPT, DEP_PROFILE, GObject)

/* Apple's defaults: allow_pairing and is_mdm_removable TRUE, the other flags FALSE. */
AdeptDepProfile *adept_dep_profile_new            (void);
/* Unknown members are ignored (Apple may add keys); absent and null ones keep Apple's
 * default. A known member of the wrong type is ADEPT_ERROR_VALIDATION naming the key and
 * the type it must have (adept_error_get_field() gives the key). */
AdeptDepProfile *adept_dep_profile_new_from_json  (JsonObject       *object,
                                                   GError          **error);
/* The same from JSON text that passed the guard of adept-json.h for its source (a
 * profile file, the store's copy): a malformed document is the source's error. */
AdeptDepProfile *adept_dep_profile_new_from_data  (const char       *data,
                                                   gsize             len,
                                                   AdeptJsonSource   source,
                                                   GError          **error);
/* Booleans are always written, even FALSE (some clients can never send allow_pairing
 * false); strings and lists only when set and not empty; profile_uuid when known. */
JsonObject      *adept_dep_profile_to_json        (AdeptDepProfile  *self);
/* TRUE for the keys above (to warn about typos in a profile file). */
gboolean         adept_dep_profile_is_known_key   (const char       *key);

/* Apple's validation code for the first value Apple is documented to refuse (length
 * limits, required name and URL, FLAGS_INVALID), or NULL. Apple stays the judge; this lets
 * an editor flag a field before sending. */
const char      *adept_dep_profile_check          (AdeptDepProfile  *self);

#define ADEPT_DEP_PROFILE_STRING(name)                                                   \
  const char *adept_dep_profile_get_##name (AdeptDepProfile *self);                      \
  void        adept_dep_profile_set_##name (AdeptDepProfile *self, const char *value);
#define ADEPT_DEP_PROFILE_BOOLEAN(name)                                                  \
  gboolean    adept_dep_profile_get_##name (AdeptDepProfile *self);                      \
  void        adept_dep_profile_set_##name (AdeptDepProfile *self, gboolean value);
#define ADEPT_DEP_PROFILE_STRV(name)                                                     \
  const char * const *adept_dep_profile_get_##name (AdeptDepProfile *self);              \
  void        adept_dep_profile_set_##name (AdeptDepProfile *self, const char * const *value);

ADEPT_DEP_PROFILE_STRING (profile_name)
ADEPT_DEP_PROFILE_STRING (url)
ADEPT_DEP_PROFILE_STRING (support_phone_number)
ADEPT_DEP_PROFILE_STRING (support_email_address)
ADEPT_DEP_PROFILE_STRING (org_magic)
ADEPT_DEP_PROFILE_STRING (department)
ADEPT_DEP_PROFILE_STRING (language)
ADEPT_DEP_PROFILE_STRING (region)
ADEPT_DEP_PROFILE_STRING (configuration_web_url)
ADEPT_DEP_PROFILE_STRING (profile_uuid)
ADEPT_DEP_PROFILE_BOOLEAN (allow_pairing)
ADEPT_DEP_PROFILE_BOOLEAN (is_supervised)
ADEPT_DEP_PROFILE_BOOLEAN (is_multi_user)
ADEPT_DEP_PROFILE_BOOLEAN (is_mandatory)
ADEPT_DEP_PROFILE_BOOLEAN (await_device_configured)
ADEPT_DEP_PROFILE_BOOLEAN (is_mdm_removable)
ADEPT_DEP_PROFILE_BOOLEAN (auto_advance_setup)
ADEPT_DEP_PROFILE_BOOLEAN (do_not_use_profile_from_backup)
ADEPT_DEP_PROFILE_BOOLEAN (is_return_to_service)
ADEPT_DEP_PROFILE_STRV (anchor_certs)
ADEPT_DEP_PROFILE_STRV (supervising_host_certs)
ADEPT_DEP_PROFILE_STRV (skip_setup_items)
ADEPT_DEP_PROFILE_STRV (devices)

#undef ADEPT_DEP_PROFILE_STRING
#undef ADEPT_DEP_PROFILE_BOOLEAN
#undef ADEPT_DEP_PROFILE_STRV

G_END_DECLS
