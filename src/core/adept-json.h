/* adept-json.h — the one way JSON from outside enters Adept
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * json-glib parses recursively: a document nested some 80,000 levels deep overflows the
 * stack and the process dies (with whatever secrets it held in a core file). So every
 * JSON that comes from outside — DEP, NanoDEP and Apple Business API answers, a token's
 * decrypted payload, the keyring's copies of credentials, profile files, the store's copies, the simulator's requests and
 * state — is first scanned byte by byte here, bounding its size and its nesting depth,
 * and only then given to json-glib. The streaming parser of device pages feeds
 * the same AdeptJsonGuard chunk by chunk, so both enforce the same limits.
 *
 * Errors are ADEPT_ERROR with one sentence that names the source and says it is
 * malformed; the code depends on the source (adept_json_set_malformed()).
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Nesting depth ([ and { open at once) any Adept JSON may reach. Apple's deepest
 * documents (device details, ABM's JSON:API answers) stay under 8; json-glib 1.6 survives
 * about 50,000 on an 8 MiB stack and far fewer on a thread's. */
#define ADEPT_JSON_MAX_DEPTH 64

typedef enum {
  ADEPT_JSON_SOURCE_SERVER,           /* an answer of the DEP server (ADEPT_ERROR_MALFORMED_RESPONSE) */
  ADEPT_JSON_SOURCE_TOKEN,            /* a server token's decrypted payload (ADEPT_ERROR_TOKEN_INCOMPLETE) */
  ADEPT_JSON_SOURCE_KEYRING,          /* the credentials kept in the keyring (ADEPT_ERROR_TOKEN_INCOMPLETE) */
  ADEPT_JSON_SOURCE_PROFILE,          /* a DEP profile file (ADEPT_ERROR_FILE) */
  ADEPT_JSON_SOURCE_STORE,            /* JSON kept in the local database (ADEPT_ERROR_STORE_CORRUPT) */
  ADEPT_JSON_SOURCE_REQUEST,          /* a request body the simulator received (ADEPT_ERROR_BAD_REQUEST) */
  ADEPT_JSON_SOURCE_SIMULATOR_STATE,  /* adept-depsim's state file (ADEPT_ERROR_FILE) */
  ADEPT_JSON_SOURCE_BUSINESS,         /* an answer of the Apple Business API (ADEPT_ERROR_MALFORMED_RESPONSE) */
} AdeptJsonSource;

#define ADEPT_JSON_N_SOURCES (ADEPT_JSON_SOURCE_BUSINESS + 1)

/* The most bytes a JSON document of this source may have. */
gsize       adept_json_get_max_size   (AdeptJsonSource   source);

/* A scan in progress: strings are skipped (brackets in them do not count), the depth and
 * the size are checked as bytes arrive. Plain data, no cleanup needed. */
typedef struct {
  /*< private >*/
  AdeptJsonSource source;
  gsize           size;
  guint           depth;
  gboolean        in_string;
  gboolean        escaped;
} AdeptJsonGuard;

void        adept_json_guard_init     (AdeptJsonGuard   *guard,
                                       AdeptJsonSource   source);
/* FALSE and the malformed error once the data so far is too large or too deep. */
gboolean    adept_json_guard_feed     (AdeptJsonGuard   *guard,
                                       gconstpointer     data,
                                       gsize             len,
                                       GError          **error);

/* The same guard for a streaming parser (adept-page-parser.c), which sees the structure itself and
 * need not have the bytes scanned twice: it counts the bytes it is given and tells each
 * [ or { that opens and closes. The limits and the sentences are those above. */
gboolean    adept_json_guard_add_size (AdeptJsonGuard   *guard,
                                       gsize             len,
                                       GError          **error);
gboolean    adept_json_guard_enter    (AdeptJsonGuard   *guard,
                                       GError          **error);
void        adept_json_guard_leave    (AdeptJsonGuard   *guard);
/* At the end of the document: FALSE and the error when nothing came at all. */
gboolean    adept_json_guard_finish   (AdeptJsonGuard   *guard,
                                       GError          **error);

/* The whole check at once: size, depth, and not empty. */
gboolean    adept_json_check_bytes    (GBytes           *bytes,
                                       AdeptJsonSource   source,
                                       GError          **error);
/* Checks, then parses with json-glib. The root node, or NULL and the error. */
JsonNode   *adept_json_parse_bytes    (GBytes           *bytes,
                                       AdeptJsonSource   source,
                                       GError          **error);
JsonNode   *adept_json_parse_data     (const char       *data,
                                       gsize             len,
                                       AdeptJsonSource   source,
                                       GError          **error);
/* The same when the document must be one object (all of Apple's are). */
JsonObject *adept_json_parse_object   (const char       *data,
                                       gsize             len,
                                       AdeptJsonSource   source,
                                       GError          **error);

/* The source's error with the reason ("it is not valid JSON"), for parsers that find
 * what the guard cannot (a syntax error). */
void        adept_json_set_malformed  (GError          **error,
                                       AdeptJsonSource   source,
                                       const char       *reason);

/* s as a quoted JSON string appended to out: quote, backslash and control characters
 * escaped, the rest (UTF-8) as it is. For bodies written without a tree. */
void        adept_json_append_string  (GString          *out,
                                       const char       *s);

G_END_DECLS
