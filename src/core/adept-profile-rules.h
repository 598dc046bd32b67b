/* adept-profile-rules.h — Apple's rules for the fields of a DEP profile, in one place: the
 * profile editor checks each field while the admin types, and AdeptSession checks the whole
 * profile before it is sent
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "adept-dep-profile.h"

G_BEGIN_DECLS

/* Apple's limits (dep-api.md §3.6), in characters. The URL limit counts the URL-encoded
 * form, as Apple's documentation says ("≤2000 URL-encoded chars"): a non-ASCII path
 * counts three characters a byte. */
#define ADEPT_PROFILE_MAX_NAME       125
#define ADEPT_PROFILE_MAX_URL        2000
#define ADEPT_PROFILE_MAX_DEPARTMENT 125
#define ADEPT_PROFILE_MAX_PHONE      50
#define ADEPT_PROFILE_MAX_EMAIL      250
#define ADEPT_PROFILE_MAX_MAGIC      256

/* Each returns NULL when the value is acceptable, else a translated sentence for the
 * field. Empty optional values are acceptable. */
char     *adept_profile_check_name       (const char *value);
char     *adept_profile_check_url        (const char *value);
char     *adept_profile_check_web_url    (const char *value);
/* Apple takes the sign-in page (configuration_web_url) only from the host that serves the
 * MDM server URL (dep-api.md §3.6). NULL also when either URL is malformed (their own
 * checks say so). */
char     *adept_profile_check_web_url_host (const char *web_url,
                                            const char *url);
char     *adept_profile_check_department (const char *value);
char     *adept_profile_check_phone      (const char *value);
char     *adept_profile_check_email      (const char *value);
char     *adept_profile_check_magic      (const char *value);
char     *adept_profile_check_language   (const char *value);
char     *adept_profile_check_region     (const char *value);
char     *adept_profile_check_flags      (gboolean    supervised,
                                          gboolean    removable);

/* TRUE for an http(s) URL with a host and no blanks. */
gboolean  adept_profile_url_is_valid     (const char *value);
/* The host of an http(s) URL, lower-cased, or NULL. */
char     *adept_profile_url_dup_host     (const char *value);
/* The length Apple counts: the URL-encoded form. */
gsize     adept_profile_url_encoded_length (const char *value);

/* The whole profile against the same rules. FALSE with ADEPT_ERROR_VALIDATION for the
 * first field that breaks one: the error's message is the field's sentence, and its
 * details (adept_error_get_apple_code/_get_field) the code Apple would answer and the
 * profile key. */
gboolean  adept_profile_validate         (AdeptDepProfile  *profile,
                                          GError          **error);

G_END_DECLS
