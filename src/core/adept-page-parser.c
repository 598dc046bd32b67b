/* adept-page-parser.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-page-parser"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <yajl/yajl_parse.h>

#include "adept-device-record.h"
#include "adept-error.h"
#include "adept-json.h"
#include "adept-page-parser.h"

/* Where an event happens, by nesting depth: 1 is the page object, 2 its "devices" array,
 * 3 a device, 4 a device's array value (IMEI…). Everything else is skipped. */
enum {
  DEPTH_PAGE = 1,
  DEPTH_DEVICES = 2,
  DEPTH_DEVICE = 3,
  DEPTH_LIST = 4,
};

typedef enum {
  KEY_OTHER,
  KEY_CURSOR,
  KEY_DEVICES,
  KEY_FETCHED_UNTIL,
  KEY_MORE_TO_FOLLOW,
} PageKey;

struct _AdeptPageParser
{
  yajl_handle             yajl;
  AdeptJsonGuard          guard;
  GError                 *error;        /* a guard's error, met inside a callback */
  gboolean                failed;
  guint                   depth;
  gboolean                started;
  gboolean                is_object;    /* the answer is an object */

  PageKey                 key;
  char                   *cursor;
  gboolean                more_to_follow;
  gint64                  fetched_until;
  /* The last "devices" member (the last of duplicate keys wins) */
  gboolean                in_devices;
  gboolean                devices_bad;  /* neither an array nor null */
  GError                 *device_error; /* the first device that is wrong */
  GArray                 *records;
  AdeptArena             *arena;

  gboolean                in_device;
  AdeptDeviceRecord       device;
  const AdeptDeviceField *field;        /* NULL: a key Adept does not keep */
  gboolean                in_list;
  GPtrArray              *items;
};

static void
set_malformed_page (GError **error)
{
  g_set_error_literal (error, ADEPT_ERROR, ADEPT_ERROR_MALFORMED_RESPONSE,
                       _("Apple’s list of devices could not be understood. Try again later; if it keeps happening, report it."));
}

static void
reset_devices (AdeptPageParser *parser)
{
  g_array_set_size (parser->records, 0);
  parser->devices_bad = FALSE;
  g_clear_error (&parser->device_error);
}

/* A page member's value that is not what the member takes. */
static void
page_value_mistyped (AdeptPageParser *parser)
{
  switch (parser->key)
    {
    case KEY_CURSOR:
      g_clear_pointer (&parser->cursor, g_free);
      break;
    case KEY_DEVICES:
      reset_devices (parser);
      parser->devices_bad = TRUE;
      break;
    case KEY_FETCHED_UNTIL:
      parser->fetched_until = 0;
      break;
    case KEY_MORE_TO_FOLLOW:
      parser->more_to_follow = FALSE;
      break;
    case KEY_OTHER:
    default:
      break;
    }
}

static void
device_mistyped (AdeptPageParser *parser)
{
  if (parser->device_error == NULL)
    set_malformed_page (&parser->device_error);
}

/* Where a scalar value goes: at the page, a device, or a device's list. */
typedef enum {
  SLOT_NONE,
  SLOT_PAGE,
  SLOT_ELEMENT,
  SLOT_FIELD,
  SLOT_ITEM,
} Slot;

static Slot
slot_of (AdeptPageParser *parser)
{
  switch (parser->depth)
    {
    case 0:
      parser->started = TRUE;
      return SLOT_NONE;
    case DEPTH_PAGE:
      return parser->is_object ? SLOT_PAGE : SLOT_NONE;
    case DEPTH_DEVICES:
      return parser->in_devices ? SLOT_ELEMENT : SLOT_NONE;
    case DEPTH_DEVICE:
      return parser->in_device && parser->field != NULL ? SLOT_FIELD : SLOT_NONE;
    case DEPTH_LIST:
      return parser->in_list ? SLOT_ITEM : SLOT_NONE;
    default:
      return SLOT_NONE;
    }
}

/* null and numbers: nothing Adept keeps is one. */
static int
on_other (void *ctx)
{
  AdeptPageParser *parser = ctx;

  switch (slot_of (parser))
    {
    case SLOT_PAGE:
      if (parser->key == KEY_DEVICES)
        reset_devices (parser);  /* "devices": null is no devices */
      else
        page_value_mistyped (parser);
      break;
    case SLOT_ELEMENT:
      device_mistyped (parser);
      break;
    case SLOT_FIELD:
      adept_device_field_clear (parser->field, &parser->device);
      break;
    case SLOT_ITEM:
    case SLOT_NONE:
    default:
      break;
    }
  return 1;
}

static int
on_number (void       *ctx,
           const char *text,
           size_t      len)
{
  return on_other (ctx);
}

static int
on_boolean (void *ctx,
            int   value)
{
  AdeptPageParser *parser = ctx;

  switch (slot_of (parser))
    {
    case SLOT_PAGE:
      if (parser->key == KEY_MORE_TO_FOLLOW)
        parser->more_to_follow = value != 0;
      else
        page_value_mistyped (parser);
      break;
    case SLOT_ELEMENT:
      device_mistyped (parser);
      break;
    case SLOT_FIELD:
      adept_device_field_set_boolean (parser->field, &parser->device, value != 0);
      break;
    case SLOT_ITEM:
    case SLOT_NONE:
    default:
      break;
    }
  return 1;
}

static int
on_string (void                *ctx,
           const unsigned char *value,
           size_t               len)
{
  AdeptPageParser *parser = ctx;
  const char *text = (const char *) value;

  switch (slot_of (parser))
    {
    case SLOT_PAGE:
      if (parser->key == KEY_CURSOR)
        {
          g_free (parser->cursor);
          parser->cursor = g_strndup (text, len);
        }
      else if (parser->key == KEY_FETCHED_UNTIL)
        {
          g_autofree char *when = g_strndup (text, len);

          parser->fetched_until = adept_timestamp_parse (when);
        }
      else
        page_value_mistyped (parser);
      break;
    case SLOT_ELEMENT:
      device_mistyped (parser);
      break;
    case SLOT_FIELD:
      adept_device_field_set_string (parser->field, &parser->device, text, len, parser->arena);
      break;
    case SLOT_ITEM:
      g_ptr_array_add (parser->items, adept_arena_strndup (parser->arena, text, len));
      break;
    case SLOT_NONE:
    default:
      break;
    }
  return 1;
}

static gboolean
key_is (const unsigned char *key,
        size_t               len,
        const char          *name)
{
  return len == strlen (name) && memcmp (key, name, len) == 0;
}

static int
on_map_key (void                *ctx,
            const unsigned char *key,
            size_t               len)
{
  AdeptPageParser *parser = ctx;

  if (parser->depth == DEPTH_DEVICE && parser->in_device)
    parser->field = adept_device_field_lookup ((const char *) key, len);
  else if (parser->depth == DEPTH_PAGE && parser->is_object)
    {
      if (key_is (key, len, "devices"))
        parser->key = KEY_DEVICES;
      else if (key_is (key, len, "cursor"))
        parser->key = KEY_CURSOR;
      else if (key_is (key, len, "more_to_follow"))
        parser->key = KEY_MORE_TO_FOLLOW;
      else if (key_is (key, len, "fetched_until"))
        parser->key = KEY_FETCHED_UNTIL;
      else
        parser->key = KEY_OTHER;
    }
  return 1;
}

/* Every [ and { passes the guard, which bounds the depth. */
static int
enter (AdeptPageParser *parser)
{
  if (!adept_json_guard_enter (&parser->guard, &parser->error))
    return 0;
  parser->depth++;
  return 1;
}

static int
on_start_map (void *ctx)
{
  AdeptPageParser *parser = ctx;

  switch (slot_of (parser))
    {
    case SLOT_PAGE:
      page_value_mistyped (parser);
      break;
    case SLOT_ELEMENT:
      memset (&parser->device, 0, sizeof parser->device);
      parser->field = NULL;
      parser->in_device = TRUE;
      break;
    case SLOT_FIELD:
      adept_device_field_clear (parser->field, &parser->device);
      break;
    case SLOT_ITEM:
    case SLOT_NONE:
    default:
      if (parser->depth == 0)
        parser->is_object = TRUE;
      break;
    }
  return enter (parser);
}

static int
on_start_array (void *ctx)
{
  AdeptPageParser *parser = ctx;

  switch (slot_of (parser))
    {
    case SLOT_PAGE:
      if (parser->key == KEY_DEVICES)
        {
          reset_devices (parser);
          parser->in_devices = TRUE;
        }
      else
        page_value_mistyped (parser);
      break;
    case SLOT_ELEMENT:
      device_mistyped (parser);
      break;
    case SLOT_FIELD:
      if (adept_device_field_takes_list (parser->field))
        {
          g_ptr_array_set_size (parser->items, 0);
          parser->in_list = TRUE;
        }
      else
        adept_device_field_clear (parser->field, &parser->device);
      break;
    case SLOT_ITEM:
    case SLOT_NONE:
    default:
      break;
    }
  return enter (parser);
}

static void
end_device (AdeptPageParser *parser)
{
  parser->in_device = FALSE;
  if (parser->device_error != NULL)
    return;
  if (adept_device_record_check (&parser->device, &parser->device_error))
    g_array_append_val (parser->records, parser->device);
}

static int
on_end_map (void *ctx)
{
  AdeptPageParser *parser = ctx;

  adept_json_guard_leave (&parser->guard);
  parser->depth--;
  if (parser->depth == DEPTH_DEVICES && parser->in_device)
    end_device (parser);
  return 1;
}

static int
on_end_array (void *ctx)
{
  AdeptPageParser *parser = ctx;

  adept_json_guard_leave (&parser->guard);
  parser->depth--;
  if (parser->depth == DEPTH_PAGE && parser->in_devices)
    parser->in_devices = FALSE;
  else if (parser->depth == DEPTH_DEVICE && parser->in_list)
    {
      parser->in_list = FALSE;
      adept_device_field_set_list (parser->field, &parser->device,
                                   (const char * const *) parser->items->pdata,
                                   parser->items->len, parser->arena);
    }
  return 1;
}

static const yajl_callbacks callbacks = {
  .yajl_null = on_other,
  .yajl_boolean = on_boolean,
  .yajl_number = on_number,
  .yajl_string = on_string,
  .yajl_start_map = on_start_map,
  .yajl_map_key = on_map_key,
  .yajl_end_map = on_end_map,
  .yajl_start_array = on_start_array,
  .yajl_end_array = on_end_array,
};

AdeptPageParser *
adept_page_parser_new (void)
{
  AdeptPageParser *parser = g_new0 (AdeptPageParser, 1);

  parser->yajl = yajl_alloc (&callbacks, NULL, parser);
  adept_json_guard_init (&parser->guard, ADEPT_JSON_SOURCE_SERVER);
  parser->records = g_array_sized_new (FALSE, FALSE, sizeof (AdeptDeviceRecord), 1000);
  parser->arena = adept_arena_new ();
  parser->items = g_ptr_array_new ();
  return parser;
}

void
adept_page_parser_free (AdeptPageParser *parser)
{
  if (parser == NULL)
    return;
  yajl_free (parser->yajl);
  g_clear_error (&parser->error);
  g_clear_error (&parser->device_error);
  g_free (parser->cursor);
  g_clear_pointer (&parser->records, g_array_unref);
  g_clear_pointer (&parser->arena, adept_arena_free);
  g_ptr_array_unref (parser->items);
  g_free (parser);
}

static gboolean
fail (AdeptPageParser  *parser,
      yajl_status       status,
      GError          **error)
{
  parser->failed = TRUE;
  if (status == yajl_status_client_canceled && parser->error != NULL)
    g_propagate_error (error, g_steal_pointer (&parser->error));
  else
    adept_json_set_malformed (error, ADEPT_JSON_SOURCE_SERVER, _("it is not valid JSON"));
  return FALSE;
}

gboolean
adept_page_parser_feed (AdeptPageParser  *parser,
                        gconstpointer     data,
                        gsize             len,
                        GError          **error)
{
  yajl_status status;

  g_return_val_if_fail (parser != NULL, FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  if (parser->failed)
    {
      adept_json_set_malformed (error, ADEPT_JSON_SOURCE_SERVER, _("it is not valid JSON"));
      return FALSE;
    }
  if (!adept_json_guard_add_size (&parser->guard, len, error))
    {
      parser->failed = TRUE;
      return FALSE;
    }
  status = yajl_parse (parser->yajl, data, len);
  return status == yajl_status_ok ? TRUE : fail (parser, status, error);
}

AdeptFetchPage *
adept_page_parser_finish (AdeptPageParser  *parser,
                          GError          **error)
{
  yajl_status status;

  g_return_val_if_fail (parser != NULL, NULL);

  if (parser->failed)
    {
      adept_json_set_malformed (error, ADEPT_JSON_SOURCE_SERVER, _("it is not valid JSON"));
      return NULL;
    }
  if (!adept_json_guard_finish (&parser->guard, error))
    return NULL;
  status = yajl_complete_parse (parser->yajl);
  if (status != yajl_status_ok)
    {
      fail (parser, status, error);
      return NULL;
    }
  if (!parser->is_object)
    {
      adept_json_set_malformed (error, ADEPT_JSON_SOURCE_SERVER, _("it is not a JSON object"));
      return NULL;
    }
  /* Without a cursor the next sync could not continue where this page ends. */
  if (parser->cursor == NULL || parser->devices_bad)
    {
      set_malformed_page (error);
      return NULL;
    }
  if (parser->device_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&parser->device_error));
      return NULL;
    }
  return adept_fetch_page_new_take (g_steal_pointer (&parser->cursor), parser->more_to_follow,
                                     parser->fetched_until, g_steal_pointer (&parser->records),
                                     g_steal_pointer (&parser->arena));
}

AdeptFetchPage *
adept_page_parse (gconstpointer   data,
                  gsize           len,
                  GError        **error)
{
  g_autoptr(AdeptPageParser) parser = adept_page_parser_new ();

  if (!adept_page_parser_feed (parser, data, len, error))
    return NULL;
  return adept_page_parser_finish (parser, error);
}
