/* test-json.c — the JSON guard every outside document passes (adept-json.h)
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "adept-error.h"
#include "adept-json.h"

static char *
nested (guint depth,
        char  open,
        char  close)
{
  char *text = g_malloc (2 * depth + 1);

  memset (text, open, depth);
  memset (text + depth, close, depth);
  text[2 * depth] = '\0';
  return text;
}

/* Exactly the limit parses; one more level is refused before json-glib sees it. */
static void
test_depth_limit (void)
{
  g_autofree char *at_limit = nested (ADEPT_JSON_MAX_DEPTH, '[', ']');
  g_autofree char *over = nested (ADEPT_JSON_MAX_DEPTH + 1, '[', ']');
  g_autoptr(JsonNode) ok = NULL;
  g_autoptr(JsonNode) refused = NULL;
  g_autoptr(GError) error = NULL;

  ok = adept_json_parse_data (at_limit, strlen (at_limit), ADEPT_JSON_SOURCE_SERVER, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (ok));

  refused = adept_json_parse_data (over, strlen (over), ADEPT_JSON_SOURCE_SERVER, &error);
  g_assert_null (refused);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_MALFORMED_RESPONSE);
  g_assert_nonnull (strstr (error->message, "The DEP server’s answer is malformed"));
  g_assert_nonnull (strstr (error->message, "deeper than 64 levels"));
}

/* The depth that crashed json-glib (issue #16): refused at once, objects and arrays alike,
 * and also when the document is cut off (no closers at all). */
static void
test_crash_depth (void)
{
  g_autofree char *arrays = nested (80000, '[', ']');
  g_autofree char *open_only = g_strnfill (200000, '[');
  g_autoptr(GString) objects = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 80000; i++)
    g_string_append (objects, "{\"a\":");
  g_string_append (objects, "1");
  for (guint i = 0; i < 80000; i++)
    g_string_append_c (objects, '}');

  g_assert_null (adept_json_parse_data (arrays, strlen (arrays), ADEPT_JSON_SOURCE_PROFILE, &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_FILE);
  g_clear_error (&error);
  g_assert_null (adept_json_parse_data (objects->str, objects->len, ADEPT_JSON_SOURCE_TOKEN, &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_TOKEN_INCOMPLETE);
  g_assert_nonnull (strstr (error->message, "token"));
  g_clear_error (&error);
  g_assert_null (adept_json_parse_data (open_only, strlen (open_only), ADEPT_JSON_SOURCE_KEYRING, &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_TOKEN_INCOMPLETE);
}

/* Brackets and quotes inside strings do not count, escaped quotes do not end them. */
static void
test_strings_skipped (void)
{
  g_autoptr(GString) text = g_string_new ("{\"a\":\"");
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 1000; i++)
    g_string_append (text, "[{\\\"\\\\");
  g_string_append (text, "\",\"b\":[[[1]]]}");
  node = adept_json_parse_data (text->str, text->len, ADEPT_JSON_SOURCE_SERVER, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  g_assert_true (g_str_has_prefix (json_object_get_string_member (json_node_get_object (node), "a"),
                                   "[{\"\\[{"));
}

/* Fed in pieces of every size, the guard decides exactly as in one piece: what a
 * streaming parser gets from the network. */
static void
test_chunked_feed (void)
{
  g_autofree char *deep = nested (ADEPT_JSON_MAX_DEPTH + 1, '{', '}');
  const char *inside_string = "{\"x\":\"[[[[[[[[[[[[[[[[\\\"]]]]\"}";

  for (gsize chunk = 1; chunk <= 7; chunk++)
    {
      AdeptJsonGuard guard;
      g_autoptr(GError) error = NULL;
      gboolean ok = TRUE;
      gsize len = strlen (deep);

      adept_json_guard_init (&guard, ADEPT_JSON_SOURCE_SERVER);
      for (gsize pos = 0; ok && pos < len; pos += chunk)
        ok = adept_json_guard_feed (&guard, deep + pos, MIN (chunk, len - pos), &error);
      g_assert_false (ok);
      g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_MALFORMED_RESPONSE);

      adept_json_guard_init (&guard, ADEPT_JSON_SOURCE_SERVER);
      len = strlen (inside_string);
      for (gsize pos = 0; pos < len; pos += chunk)
        g_assert_true (adept_json_guard_feed (&guard, inside_string + pos, MIN (chunk, len - pos), NULL));
    }
}

/* The size is checked before anything is scanned, per source. */
static void
test_size_limit (void)
{
  gsize max = adept_json_get_max_size (ADEPT_JSON_SOURCE_PROFILE);
  g_autofree char *big = g_malloc (max + 1);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  AdeptJsonGuard guard;

  memset (big, ' ', max + 1);
  big[0] = '1';
  bytes = g_bytes_new_static (big, max + 1);
  g_assert_false (adept_json_check_bytes (bytes, ADEPT_JSON_SOURCE_PROFILE, &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_FILE);
  g_assert_nonnull (strstr (error->message, "larger than"));
  g_clear_error (&error);

  /* Across pieces too: the sum counts. */
  adept_json_guard_init (&guard, ADEPT_JSON_SOURCE_PROFILE);
  g_assert_true (adept_json_guard_feed (&guard, big, max, NULL));
  g_assert_false (adept_json_guard_feed (&guard, big, 1, &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_FILE);

  /* One byte under passes the guard (and parses: a number among spaces). */
  g_clear_pointer (&bytes, g_bytes_unref);
  bytes = g_bytes_new_static (big, max);
  g_assert_true (adept_json_check_bytes (bytes, ADEPT_JSON_SOURCE_PROFILE, NULL));
  g_assert_cmpuint (adept_json_get_max_size (ADEPT_JSON_SOURCE_SERVER), >=, 16 * 1024 * 1024);
}

/* Each source says its name and gets its own code; syntax errors and other roots too. */
static void
test_sources_and_errors (void)
{
  static const struct {
    AdeptJsonSource  source;
    AdeptErrorCode   code;
    const char      *name;
  } sources[] = {
    { ADEPT_JSON_SOURCE_SERVER, ADEPT_ERROR_MALFORMED_RESPONSE, "DEP server’s answer" },
    { ADEPT_JSON_SOURCE_TOKEN, ADEPT_ERROR_TOKEN_INCOMPLETE, "server token" },
    { ADEPT_JSON_SOURCE_KEYRING, ADEPT_ERROR_TOKEN_INCOMPLETE, "keyring" },
    { ADEPT_JSON_SOURCE_PROFILE, ADEPT_ERROR_FILE, "profile file" },
    { ADEPT_JSON_SOURCE_STORE, ADEPT_ERROR_STORE_CORRUPT, "local database" },
    { ADEPT_JSON_SOURCE_REQUEST, ADEPT_ERROR_BAD_REQUEST, "request body" },
    { ADEPT_JSON_SOURCE_SIMULATOR_STATE, ADEPT_ERROR_FILE, "state file" },
    { ADEPT_JSON_SOURCE_BUSINESS, ADEPT_ERROR_MALFORMED_RESPONSE, "Apple Business Manager’s answer" },
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (sources) == ADEPT_JSON_N_SOURCES);
  for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) object = NULL;

      g_assert_null (adept_json_parse_data ("{\"a\":", 5, sources[i].source, &error));
      g_assert_error (error, ADEPT_ERROR, (gint) sources[i].code);
      g_assert_nonnull (strstr (error->message, sources[i].name));
      g_assert_nonnull (strstr (error->message, "malformed: it is not valid JSON"));
      g_clear_error (&error);

      g_assert_null (adept_json_parse_object ("[1]", 3, sources[i].source, &error));
      g_assert_nonnull (strstr (error->message, "it is not a JSON object"));
      g_clear_error (&error);

      g_assert_null (adept_json_parse_object ("", 0, sources[i].source, &error));
      g_assert_nonnull (strstr (error->message, "it is empty"));
      g_clear_error (&error);

      object = adept_json_parse_object ("{\"a\":[1,{\"b\":null}]}", 20, sources[i].source, &error);
      g_assert_no_error (error);
      g_assert_true (json_object_has_member (object, "a"));
    }
}

/* A token's payload is secret: json-glib's words (which quote the text near the error)
 * are never added to its sentence; a profile file's are, to help fix it. */
static void
test_no_detail_for_secrets (void)
{
  g_autoptr(GError) error = NULL;
  const char *bad = "{\"consumer_secret\":\"CS_SECRET\" \"x\"}";

  g_assert_null (adept_json_parse_data (bad, strlen (bad), ADEPT_JSON_SOURCE_TOKEN, &error));
  g_assert_nonnull (strstr (error->message, "it is not valid JSON."));
  g_assert_null (strstr (error->message, "CS_SECRET"));
  g_clear_error (&error);
  g_assert_null (adept_json_parse_data (bad, strlen (bad), ADEPT_JSON_SOURCE_PROFILE, &error));
  g_assert_nonnull (strstr (error->message, "it is not valid JSON ("));
}

/* The event side of the guard (streaming parsers): the same limits and sentences as the
 * byte scan. */
static void
test_guard_events (void)
{
  AdeptJsonGuard bytes, events;
  g_autoptr(GError) byte_error = NULL;
  g_autoptr(GError) event_error = NULL;
  gboolean bytes_ok = TRUE;
  gboolean events_ok = TRUE;

  adept_json_guard_init (&bytes, ADEPT_JSON_SOURCE_BUSINESS);
  adept_json_guard_init (&events, ADEPT_JSON_SOURCE_BUSINESS);
  g_assert_false (adept_json_guard_finish (&events, &event_error));
  g_assert_nonnull (strstr (event_error->message, "empty"));
  g_clear_error (&event_error);

  for (guint i = 0; i <= ADEPT_JSON_MAX_DEPTH && bytes_ok; i++)
    bytes_ok = adept_json_guard_feed (&bytes, "[", 1, &byte_error);
  for (guint i = 0; i <= ADEPT_JSON_MAX_DEPTH && events_ok; i++)
    events_ok = adept_json_guard_add_size (&events, 1, &event_error) &&
                adept_json_guard_enter (&events, &event_error);
  g_assert_false (bytes_ok);
  g_assert_false (events_ok);
  g_assert_error (event_error, ADEPT_ERROR, ADEPT_ERROR_MALFORMED_RESPONSE);
  g_assert_cmpstr (event_error->message, ==, byte_error->message);

  /* Leaving opens room again; the size counts across calls. */
  adept_json_guard_init (&events, ADEPT_JSON_SOURCE_BUSINESS);
  for (guint i = 0; i < 10 * ADEPT_JSON_MAX_DEPTH; i++)
    {
      g_assert_true (adept_json_guard_enter (&events, NULL));
      adept_json_guard_leave (&events);
    }
  g_assert_true (adept_json_guard_add_size (&events, adept_json_get_max_size (ADEPT_JSON_SOURCE_BUSINESS) - 1, NULL));
  g_assert_true (adept_json_guard_add_size (&events, 1, NULL));
  g_clear_error (&event_error);
  g_assert_false (adept_json_guard_add_size (&events, 1, &event_error));
  g_assert_nonnull (strstr (event_error->message, "larger than"));
  g_assert_true (adept_json_guard_finish (&events, NULL));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json/depth-limit", test_depth_limit);
  g_test_add_func ("/json/crash-depth", test_crash_depth);
  g_test_add_func ("/json/strings-skipped", test_strings_skipped);
  g_test_add_func ("/json/chunked-feed", test_chunked_feed);
  g_test_add_func ("/json/size-limit", test_size_limit);
  g_test_add_func ("/json/sources-and-errors", test_sources_and_errors);
  g_test_add_func ("/json/no-detail-for-secrets", test_no_detail_for_secrets);
  g_test_add_func ("/json/guard-events", test_guard_events);

  return g_test_run ();
}
