/* fuzz-json-guard.c — libFuzzer target for the JSON guard every outside JSON passes
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Whatever the bytes (up to 1 MiB, nested as deep as they like), adept_json_parse_data
 * returns a node or the source's malformed error, never crashes json-glib; the guard gives
 * the same verdict fed in one piece or in chunks (as a streaming parser feeds it); a
 * document it lets through parses to a depth within the limit.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "adept-error.h"
#include "adept-json.h"
#include "fuzz-util.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_quiet_logs ();
  return 0;
}

static guint
depth_of (JsonNode *node)
{
  guint deepest = 0;

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          guint depth = depth_of (json_array_get_element (array, i));

          deepest = MAX (deepest, depth);
        }
      return deepest + 1;
    }
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      JsonNode *member;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, NULL, &member))
        {
          guint depth = depth_of (member);

          deepest = MAX (deepest, depth);
        }
      return deepest + 1;
    }
  return 0;
}

static gboolean
feed_in_chunks (const uint8_t *data,
                size_t         size,
                size_t         chunk)
{
  AdeptJsonGuard guard;
  gboolean ok = TRUE;

  adept_json_guard_init (&guard, ADEPT_JSON_SOURCE_SERVER);
  for (size_t pos = 0; ok && pos < size; pos += chunk)
    ok = adept_json_guard_feed (&guard, data + pos, MIN (chunk, size - pos), NULL);
  return ok;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  gboolean whole;
  /* The source changes the size limit and the error code: vary it with the input. */
  AdeptJsonSource source = size > 0 ? data[size - 1] % ADEPT_JSON_N_SOURCES : ADEPT_JSON_SOURCE_SERVER;

  node = adept_json_parse_data ((const char *) data, size, source, &error);
  if (node == NULL &&
      (error == NULL || error->domain != ADEPT_ERROR || error->message[0] == '\0'))
    abort ();
  if (node != NULL && depth_of (node) > ADEPT_JSON_MAX_DEPTH)
    abort ();

  whole = feed_in_chunks (data, size, size > 0 ? size : 1);
  if (whole != feed_in_chunks (data, size, 1) || whole != feed_in_chunks (data, size, 7))
    abort ();
  return 0;
}
