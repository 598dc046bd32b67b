/* adept-dep-protocol.h — reading Apple's DEP wire format: error bodies, headers, base URLs
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* libsoup 3.2 names no constant for it. */
#define ADEPT_DEP_STATUS_TOO_MANY_REQUESTS 429

/* TRUE when the body holds the code, plain (UNAUTHORIZED) or JSON-quoted
 * ("EXHAUSTED_CURSOR") or inside longer text: Apple, depsim and proxies differ, so codes
 * are matched as case-insensitive substrings (dep-api.md §2.4). */
gboolean    adept_dep_body_contains            (const char  *body,
                                                gsize        len,
                                                const char  *code);

/* The body as a bare code when it is one (quotes and white space removed, letters, digits
 * and “_.-” only, at most 64 characters), else NULL. Safe to show and log. */
char       *adept_dep_body_dup_code            (const char  *body,
                                                gsize        len);

/* The profile key (dep-api.md §3.6) an Apple validation code of POST /profile concerns,
 * e.g. "CONFIG_URL_INVALID" → "url"; NULL for codes that name no field or are unknown. */
const char *adept_dep_validation_code_to_field (const char  *code);

/* TRUE when the code is one of Apple's profile validation codes. */
gboolean    adept_dep_is_validation_code       (const char  *code);

/* Seconds to wait from a Retry-After value: delta-seconds or an HTTP date (relative to
 * now, or the current time when now is NULL). -1 when absent or unreadable. */
gint64      adept_dep_parse_retry_after        (const char  *value,
                                                GDateTime   *now);

/* Sets an ADEPT_ERROR for a non-2xx answer: the code follows the status and Apple's code in
 * the body; the error carries Apple's code, the profile field of a validation code and
 * retry_after (adept_error_get_*()). */
void        adept_dep_set_error_from_response  (GError     **error,
                                                guint        status,
                                                const char  *body,
                                                gsize        len,
                                                gint64       retry_after);

/* https:// anywhere; http:// only to a loopback host (127.0.0.0/8, ::1, localhost); no user
 * name or password in the URL. Else ADEPT_ERROR_INSECURE_URL. */
gboolean    adept_dep_check_base_url           (const char  *url,
                                                GError     **error);
gboolean    adept_dep_host_is_loopback         (const char  *host);

/* Type-safe readers of Apple's JSON: a missing member, null or a value of another type
 * gives the default, never a warning. */
const char *adept_dep_json_get_string          (JsonObject  *object,
                                                const char  *name);
gint64      adept_dep_json_get_int             (JsonObject  *object,
                                                const char  *name,
                                                gint64       default_value);
gboolean    adept_dep_json_get_boolean         (JsonObject  *object,
                                                const char  *name,
                                                gboolean     default_value);
/* The strings of an array member (other elements skipped); NULL when absent. */
char      **adept_dep_json_dup_strv            (JsonObject  *object,
                                                const char  *name);
JsonArray  *adept_dep_json_array_from_strv     (const char * const *strv);

G_END_DECLS
