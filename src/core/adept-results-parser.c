/* adept-results-parser.c
 *
 * An assign answer of 1000 devices took json-glib some 5,700 instructions a device (a
 * node, a member and their strings each), more than storing the answer. The fast path
 * below knows one shape and gives up — nothing lost but the time — on anything else.
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-results-parser"

#include "config.h"

#include <string.h>
#include <yajl/yajl_parse.h>

#include "adept-json.h"
#include "adept-results-parser.h"

typedef enum {
  KEY_OTHER,
  KEY_PROFILE_UUID,
  KEY_DEVICES,
} AnswerKey;

typedef struct {
  AdeptJsonGuard      guard;
  AdeptDeviceResults *results;
  guint               depth;      /* 1: the answer, 2: its "devices" */
  AnswerKey           key;        /* the answer's member being read */
  gboolean            seen_devices;
  gboolean            in_devices;
  GString            *serial;     /* the "devices" member being read */
  GString            *raw;        /* its answer (buffers reused from device to device) */
  gboolean            is_object;  /* the answer is an object */
  gboolean            unusual;    /* leave it to json-glib */
} Answer;

static int
give_up (Answer *answer)
{
  answer->unusual = TRUE;
  return 0;
}

static gboolean
has_nul (const unsigned char *s,
         size_t               len)
{
  return memchr (s, '\0', len) != NULL;
}

static int
on_scalar (void *ctx)
{
  Answer *answer = ctx;

  /* A member of the answer that is not read here may hold anything; one that is, or a
   * device's answer, is a string. */
  if (answer->in_devices || (answer->depth == 1 && answer->key != KEY_OTHER) || answer->depth == 0)
    return give_up (answer);
  return 1;
}

static int
on_boolean (void *ctx,
            int   value)
{
  return on_scalar (ctx);
}

static int
on_number (void       *ctx,
           const char *text,
           size_t      len)
{
  return on_scalar (ctx);
}

static int
on_string (void                *ctx,
           const unsigned char *s,
           size_t               len)
{
  Answer *answer = ctx;

  if (has_nul (s, len))
    return give_up (answer);
  if (answer->depth == 2 && answer->in_devices)
    {
      const char *raw = g_string_append_len (g_string_truncate (answer->raw, 0),
                                             (const char *) s, len)->str;

      /* Which of two equal keys json-glib keeps is its business. */
      if (!adept_device_results_add_new (answer->results, answer->serial->str,
                                         adept_device_result_from_string (raw), raw))
        return give_up (answer);
      return 1;
    }
  if (answer->depth == 1 && answer->key == KEY_PROFILE_UUID)
    {
      g_autofree char *uuid = g_strndup ((const char *) s, len);

      adept_device_results_set_profile_uuid (answer->results, uuid);
      return 1;
    }
  return on_scalar (ctx);
}

static int
on_map_key (void                *ctx,
            const unsigned char *key,
            size_t               len)
{
  Answer *answer = ctx;

  if (has_nul (key, len))
    return give_up (answer);
  if (answer->depth == 2 && answer->in_devices)
    {
      g_string_append_len (g_string_truncate (answer->serial, 0), (const char *) key, len);
      return 1;
    }
  if (answer->depth != 1)
    return 1;
  if (len == strlen ("profile_uuid") && memcmp (key, "profile_uuid", len) == 0)
    answer->key = KEY_PROFILE_UUID;
  else if (len == strlen ("devices") && memcmp (key, "devices", len) == 0)
    answer->key = KEY_DEVICES;
  /* A number json-glib reads its own way (and a THROTTLED answer is rare). */
  else if (len == strlen ("retry_after_seconds") && memcmp (key, "retry_after_seconds", len) == 0)
    return give_up (answer);
  else
    answer->key = KEY_OTHER;
  return 1;
}

static int
enter (Answer *answer)
{
  if (!adept_json_guard_enter (&answer->guard, NULL))
    return give_up (answer);
  answer->depth++;
  return 1;
}

static int
on_start_map (void *ctx)
{
  Answer *answer = ctx;

  if (answer->depth == 1 && answer->key == KEY_DEVICES)
    {
      if (answer->seen_devices)
        return give_up (answer);
      answer->seen_devices = TRUE;
      answer->in_devices = TRUE;
    }
  else if (answer->depth == 2 && answer->in_devices)
    return give_up (answer);   /* a device's details */
  else if (answer->depth == 1 && answer->key != KEY_OTHER)
    return give_up (answer);
  else if (answer->depth == 0)
    answer->is_object = TRUE;
  return enter (answer);
}

static int
on_start_array (void *ctx)
{
  Answer *answer = ctx;

  /* The answer itself, a member read here, or a device's answer. */
  if (answer->depth == 0 || (answer->depth == 1 && answer->key != KEY_OTHER) ||
      (answer->depth == 2 && answer->in_devices))
    return give_up (answer);
  return enter (answer);
}

static int
on_end (void *ctx)
{
  Answer *answer = ctx;

  adept_json_guard_leave (&answer->guard);
  answer->depth--;
  if (answer->depth == 1)
    answer->in_devices = FALSE;
  return 1;
}

static int
on_null (void *ctx)
{
  Answer *answer = ctx;

  /* "devices": null is no devices, as json-glib's path reads it. */
  if (answer->depth == 1 && answer->key == KEY_DEVICES && !answer->seen_devices)
    {
      answer->seen_devices = TRUE;
      return 1;
    }
  return on_scalar (ctx);
}

static const yajl_callbacks callbacks = {
  .yajl_null = on_null,
  .yajl_boolean = on_boolean,
  .yajl_number = on_number,
  .yajl_string = on_string,
  .yajl_start_map = on_start_map,
  .yajl_map_key = on_map_key,
  .yajl_end_map = on_end,
  .yajl_start_array = on_start_array,
  .yajl_end_array = on_end,
};

static AdeptDeviceResults *
parse_fast (const char *data,
            gsize       len)
{
  Answer answer = { 0, };
  yajl_handle yajl;
  gboolean ok;

  adept_json_guard_init (&answer.guard, ADEPT_JSON_SOURCE_SERVER);
  if (!adept_json_guard_add_size (&answer.guard, len, NULL))
    return NULL;
  answer.serial = g_string_sized_new (32);
  answer.raw = g_string_sized_new (32);
  answer.results = adept_device_results_new ();
  yajl = yajl_alloc (&callbacks, NULL, &answer);
  ok = yajl_parse (yajl, (const unsigned char *) data, len) == yajl_status_ok &&
       yajl_complete_parse (yajl) == yajl_status_ok &&
       !answer.unusual && answer.is_object && answer.depth == 0;
  yajl_free (yajl);
  g_string_free (answer.serial, TRUE);
  g_string_free (answer.raw, TRUE);
  if (!ok)
    g_clear_object (&answer.results);
  return answer.results;
}

AdeptDeviceResults *
adept_results_parse_answer (const char  *data,
                            gsize        len,
                            GError     **error)
{
  g_autoptr(JsonObject) object = NULL;
  AdeptDeviceResults *results = parse_fast (data, len);

  if (results != NULL)
    return results;
  object = adept_json_parse_object (data, len, ADEPT_JSON_SOURCE_SERVER, error);
  return object != NULL ? adept_device_results_new_from_json (object, error) : NULL;
}
