/* adept-page-parser.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A scanner for one shape of document, written by hand: libyajl spent some 20
 * instructions a byte on a page (13 million for 443 KB), a generic lexer's callbacks and
 * copies included; this one reads most bytes in a tight loop over a table of byte
 * classes and touches the rest once.
 *
 * Bytes are kept until the token they end is whole, so an answer may be cut anywhere
 * (the client feeds what each read returns). Containers open and close on an explicit
 * stack, bounded by the JSON guard's depth; each frame knows its role (the page, its
 * "devices", a device, a device's list, or a value nobody reads). Values act on the
 * page as libyajl's callbacks did before, so a page means what it meant then.
 */
#define G_LOG_DOMAIN "adept-page-parser"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "adept-device-record.h"
#include "adept-error.h"
#include "adept-json.h"
#include "adept-page-parser.h"

typedef enum {
  KEY_OTHER,
  KEY_CURSOR,
  KEY_DEVICES,
  KEY_FETCHED_UNTIL,
  KEY_MORE_TO_FOLLOW,
} PageKey;

typedef enum {
  ROLE_SKIP,      /* read for its syntax only */
  ROLE_PAGE,
  ROLE_DEVICES,
  ROLE_DEVICE,
  ROLE_LIST,      /* a device's array of strings (IMEI…) */
} Role;

/* What a container expects next. */
typedef enum {
  EXPECT_FIRST_KEY,     /* after { : a key or } */
  EXPECT_KEY,           /* after , in an object */
  EXPECT_COLON,
  EXPECT_FIRST_VALUE,   /* after [ : a value or ] */
  EXPECT_VALUE,
  EXPECT_NEXT,          /* after a value: , or the closing bracket */
} Expect;

typedef struct {
  guint8 is_object;
  guint8 role;
  guint8 expect;
} Frame;

/* A scalar value, as the page's roles see it. */
typedef enum {
  VALUE_STRING,
  VALUE_TRUE,
  VALUE_FALSE,
  VALUE_OTHER,    /* null or a number: nothing Adept keeps is one */
} ValueKind;

typedef enum {
  SCAN_OK,
  SCAN_MORE,      /* the token goes on in bytes not fed yet */
  SCAN_BAD,
} Scan;

/* Every device repeats the same keys: each seen is kept with what it means. */
#define KEY_CACHE_SIZE 64
#define KEY_CACHE_MAX 31

typedef struct {
  char                    name[KEY_CACHE_MAX + 1];  /* room for two 16-byte loads */
  guint8                  len;          /* 0: empty */
  const AdeptDeviceField *field;
} KeyCache;

struct _AdeptPageParser
{
  AdeptJsonGuard          guard;
  GError                 *error;        /* the guard's error (too deep) */
  gboolean                failed;

  /* The bytes being read: those fed now, after what the last feed left unread (part of
   * a token), which waits in buffer */
  const guint8           *data;
  gsize                   len;
  gsize                   pos;
  GByteArray             *buffer;
  /* An unfinished string or number: how far it was scanned, and what it holds so far */
  gsize                   scanned;
  gboolean                has_escape;
  gboolean                has_high;

  Frame                   stack[ADEPT_JSON_MAX_DEPTH + 1];
  guint                   depth;
  gboolean                root_done;
  gboolean                is_object;    /* the answer is an object */
  GString                *scratch;      /* a string with its escapes decoded */

  PageKey                 key;
  char                   *cursor;
  gboolean                more_to_follow;
  gint64                  fetched_until;
  gboolean                devices_bad;  /* neither an array nor null */
  GError                 *device_error; /* the first device that is wrong */
  GArray                 *records;
  AdeptArena             *arena;

  AdeptDeviceRecord       device;
  const AdeptDeviceField *field;        /* NULL: a key Adept does not keep */
  GPtrArray              *items;
  KeyCache                keys[KEY_CACHE_SIZE];
};

/* Byte classes inside a string: 0 goes on, the rest need a look. */
enum {
  CLASS_PLAIN,
  CLASS_QUOTE,
  CLASS_BACKSLASH,
  CLASS_CONTROL,
  CLASS_HIGH,
};

static guint8 string_class[256];

static void
init_classes (void)
{
  static gsize done = 0;

  if (!g_once_init_enter (&done))
    return;
  for (guint c = 0; c < 0x20; c++)
    string_class[c] = CLASS_CONTROL;
  for (guint c = 0x80; c < 0x100; c++)
    string_class[c] = CLASS_HIGH;
  string_class['"'] = CLASS_QUOTE;
  string_class['\\'] = CLASS_BACKSLASH;
  g_once_init_leave (&done, 1);
}

static void
set_malformed_page (GError **error)
{
  g_set_error_literal (error, ADEPT_ERROR, ADEPT_ERROR_MALFORMED_RESPONSE,
                       _("Apple’s list of devices could not be understood. Try again later; if it keeps happening, report it."));
}

static void
set_not_json (GError **error)
{
  adept_json_set_malformed (error, ADEPT_JSON_SOURCE_SERVER, _("it is not valid JSON"));
}

/* The page */

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

static PageKey
page_key (const char *key,
          gsize       len)
{
#define IS(name) (len == sizeof name - 1 && memcmp (key, name, len) == 0)
  if (IS ("devices"))
    return KEY_DEVICES;
  if (IS ("cursor"))
    return KEY_CURSOR;
  if (IS ("more_to_follow"))
    return KEY_MORE_TO_FOLLOW;
  if (IS ("fetched_until"))
    return KEY_FETCHED_UNTIL;
  return KEY_OTHER;
#undef IS
}

static void
page_scalar (AdeptPageParser *parser,
             ValueKind        kind,
             const char      *text,
             gsize            len)
{
  switch (kind)
    {
    case VALUE_STRING:
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
    case VALUE_TRUE:
    case VALUE_FALSE:
      if (parser->key == KEY_MORE_TO_FOLLOW)
        parser->more_to_follow = kind == VALUE_TRUE;
      else
        page_value_mistyped (parser);
      break;
    case VALUE_OTHER:
    default:
      if (parser->key == KEY_DEVICES)
        reset_devices (parser);  /* "devices": null is no devices */
      else
        page_value_mistyped (parser);
      break;
    }
}

static void
device_scalar (AdeptPageParser *parser,
               ValueKind        kind,
               const char      *text,
               gsize            len)
{
  const AdeptDeviceField *field = parser->field;

  if (field == NULL)
    return;
  switch (kind)
    {
    case VALUE_STRING:
      adept_device_field_set_string (field, &parser->device, text, len, parser->arena);
      break;
    case VALUE_TRUE:
    case VALUE_FALSE:
      adept_device_field_set_boolean (field, &parser->device, kind == VALUE_TRUE);
      break;
    case VALUE_OTHER:
    default:
      adept_device_field_clear (field, &parser->device);
      break;
    }
}

/* A scalar where the top frame (or the root) is. */
static void
on_scalar (AdeptPageParser *parser,
           ValueKind        kind,
           const char      *text,
           gsize            len)
{
  if (parser->depth == 0)
    return;
  switch (parser->stack[parser->depth - 1].role)
    {
    case ROLE_PAGE:
      page_scalar (parser, kind, text, len);
      break;
    case ROLE_DEVICES:
      device_mistyped (parser);
      break;
    case ROLE_DEVICE:
      device_scalar (parser, kind, text, len);
      break;
    case ROLE_LIST:
      if (kind == VALUE_STRING)
        g_ptr_array_add (parser->items, adept_arena_strndup (parser->arena, text, len));
      break;
    case ROLE_SKIP:
    default:
      break;
    }
}

/* The role of a container that opens where the top frame is. */
static Role
on_open (AdeptPageParser *parser,
         gboolean         is_object)
{
  if (parser->depth == 0)
    {
      parser->is_object = is_object;
      return is_object ? ROLE_PAGE : ROLE_SKIP;
    }
  switch (parser->stack[parser->depth - 1].role)
    {
    case ROLE_PAGE:
      if (!is_object && parser->key == KEY_DEVICES)
        {
          reset_devices (parser);
          return ROLE_DEVICES;
        }
      page_value_mistyped (parser);
      return ROLE_SKIP;
    case ROLE_DEVICES:
      if (!is_object)
        {
          device_mistyped (parser);
          return ROLE_SKIP;
        }
      memset (&parser->device, 0, sizeof parser->device);
      parser->field = NULL;
      return ROLE_DEVICE;
    case ROLE_DEVICE:
      if (parser->field == NULL)
        return ROLE_SKIP;
      if (!is_object && adept_device_field_takes_list (parser->field))
        {
          g_ptr_array_set_size (parser->items, 0);
          return ROLE_LIST;
        }
      adept_device_field_clear (parser->field, &parser->device);
      return ROLE_SKIP;
    case ROLE_LIST:
    case ROLE_SKIP:
    default:
      return ROLE_SKIP;
    }
}

static void
on_close (AdeptPageParser *parser,
          Role             role)
{
  switch (role)
    {
    case ROLE_DEVICE:
      if (parser->device_error == NULL &&
          adept_device_record_check (&parser->device, &parser->device_error))
        g_array_append_val (parser->records, parser->device);
      break;
    case ROLE_LIST:
      adept_device_field_set_list (parser->field, &parser->device,
                                   (const char * const *) parser->items->pdata,
                                   parser->items->len, parser->arena);
      break;
    case ROLE_PAGE:
    case ROLE_DEVICES:
    case ROLE_SKIP:
    default:
      break;
    }
}

/* Whether the cached key is key[0..len), where readable bytes may be read from key. */
static inline gboolean
same_key (const KeyCache *entry,
          const char     *key,
          gsize           len,
          gsize           readable)
{
  if (entry->len != len)
    return FALSE;
#ifdef __SSE2__
  /* Compare all 32 bytes and keep the first len answers, instead of calling memcmp
   * for some 13,000 keys a page. */
  if (readable >= 32)
    {
      const void *p = key, *p16 = key + 16, *q = entry->name, *q16 = entry->name + 16;
      guint32 equal = (guint32) _mm_movemask_epi8 (_mm_cmpeq_epi8 (_mm_loadu_si128 (p), _mm_loadu_si128 (q))) |
                      (guint32) _mm_movemask_epi8 (_mm_cmpeq_epi8 (_mm_loadu_si128 (p16), _mm_loadu_si128 (q16))) << 16;
      guint32 wanted = (guint32) ((G_GUINT64_CONSTANT (1) << len) - 1);

      return (equal & wanted) == wanted;
    }
#endif
  return memcmp (entry->name, key, len) == 0;
}

/* The field of a device's key; readable: how many bytes may be read from key, len or
 * more. */
G_ALWAYS_INLINE static inline const AdeptDeviceField *
device_field (AdeptPageParser *parser,
              const char      *key,
              gsize            len,
              gsize            readable)
{
  KeyCache *entry;

  if (len == 0 || len > KEY_CACHE_MAX)
    return adept_device_field_lookup (key, len);
  /* No two of the keys Apple sends share a slot. */
  entry = &parser->keys[(len ^ (guint8) key[0] << 2 ^ (guint8) key[len / 2] << 1) % KEY_CACHE_SIZE];
  if (!same_key (entry, key, len, readable))
    {
      entry->len = len;
      memset (entry->name, 0, sizeof entry->name);
      memcpy (entry->name, key, len);
      entry->field = adept_device_field_lookup (key, len);
    }
  return entry->field;
}

static void
on_key (AdeptPageParser *parser,
        const char      *key,
        gsize            len)
{
  Role role = parser->stack[parser->depth - 1].role;

  if (role == ROLE_DEVICE)
    parser->field = device_field (parser, key, len, len);
  else if (role == ROLE_PAGE)
    parser->key = page_key (key, len);
}

/* Tokens. Each starts at parser->pos and, when whole, moves it past its end. */

static const guint8 *
data_at (AdeptPageParser *parser,
         gsize            offset)
{
  return parser->data + offset;
}

static gsize
data_end (AdeptPageParser *parser)
{
  return parser->len;
}

#ifdef __SSE2__
/* The bytes of the 16 at p that need a look (a quote, a backslash, a control or non-ASCII
 * byte), one bit a byte, the first lowest: a signed compare with 0x20 finds the controls
 * and the non-ASCII bytes (0x80 and up are negative) at once. */
static inline guint
special_mask16 (const guint8 *p)
{
  __m128i x = _mm_loadu_si128 ((const void *) p);
  __m128i quote = _mm_cmpeq_epi8 (x, _mm_set1_epi8 ('"'));
  __m128i backslash = _mm_cmpeq_epi8 (x, _mm_set1_epi8 ('\\'));
  __m128i low_or_high = _mm_cmplt_epi8 (x, _mm_set1_epi8 (0x20));

  return (guint) _mm_movemask_epi8 (_mm_or_si128 (_mm_or_si128 (quote, backslash), low_or_high));
}
#else
/* The bytes of x (8 from the string, the first lowest) that need a look: a quote, a
 * backslash, a control or non-ASCII byte each set their high bit (the usual bit tricks
 * for "has a byte equal to / less than"; bits above the first may be false alarms, the
 * lowest is exact). */
static inline guint64
special_bytes (guint64 x)
{
  const guint64 ones = G_GUINT64_CONSTANT (0x0101010101010101);
  const guint64 highs = G_GUINT64_CONSTANT (0x8080808080808080);
  guint64 quote = x ^ (ones * '"');
  guint64 backslash = x ^ (ones * '\\');

  return (((quote - ones) & ~quote) | ((backslash - ones) & ~backslash) |
          ((x - ones * 0x20) & ~x) | x) & highs;
}
#endif

static gboolean
is_hex (guint8 c)
{
  return g_ascii_isxdigit (c);
}

/* The closing quote of the string at pos, checking its escapes and bytes on the way. */
static Scan
scan_string (AdeptPageParser *parser,
             gsize           *close,
             gboolean         final)
{
  const guint8 *data = parser->data;
  gsize end = data_end (parser);
  gsize i = parser->pos + 1 + parser->scanned;

  for (;;)
    {
      guint64 special = 0;

#ifdef __SSE2__
      /* 16 bytes at a time: the bit of each byte that needs a look, the first lowest */
      while (i + 16 <= end)
        {
          special = special_mask16 (data + i);
          if (special != 0)
            break;
          i += 16;
        }
      if (special != 0)
        i += (guint) __builtin_ctzll (special);
      else
#else
      /* 8 bytes at a time (little-endian: the lowest bit is the first byte) */
      while (G_BYTE_ORDER == G_LITTLE_ENDIAN && i + sizeof (guint64) <= end)
        {
          guint64 word;

          memcpy (&word, data + i, sizeof word);
          special = special_bytes (word);
          if (special != 0)
            break;
          i += sizeof word;
        }
      if (special != 0)
        i += (guint) __builtin_ctzll (special) / 8;
      else
#endif
        {
          while (i < end && string_class[data[i]] == CLASS_PLAIN)
            i++;
          if (i == end)
            break;
        }
      switch (string_class[data[i]])
        {
        case CLASS_QUOTE:
          *close = i;
          return SCAN_OK;
        case CLASS_HIGH:
          parser->has_high = TRUE;
          i++;
          break;
        case CLASS_BACKSLASH:
          if (i + 1 >= end)
            goto more;
          parser->has_escape = TRUE;
          if (data[i + 1] == 'u')
            {
              if (i + 6 > end)
                goto more;
              for (guint k = 2; k < 6; k++)
                if (!is_hex (data[i + k]))
                  return SCAN_BAD;
              i += 6;
            }
          else if (strchr ("\"\\/bfnrt", data[i + 1]) != NULL && data[i + 1] != '\0')
            i += 2;
          else
            return SCAN_BAD;
          break;
        case CLASS_CONTROL:
        default:
          return SCAN_BAD;
        }
    }
more:
  parser->scanned = i - parser->pos - 1;
  return final ? SCAN_BAD : SCAN_MORE;
}

static guint
hex4 (const guint8 *p)
{
  guint value = 0;

  for (guint k = 0; k < 4; k++)
    value = value << 4 | g_ascii_xdigit_value (p[k]);
  return value;
}

/* text[0..len) has its escapes checked already. */
static void
decode_escapes (GString      *out,
                const guint8 *text,
                gsize         len)
{
  gsize i = 0;

  g_string_truncate (out, 0);
  while (i < len)
    {
      gunichar c;

      if (text[i] != '\\')
        {
          gsize start = i;

          while (i < len && text[i] != '\\')
            i++;
          g_string_append_len (out, (const char *) text + start, i - start);
          continue;
        }
      switch (text[i + 1])
        {
        case 'b': g_string_append_c (out, '\b'); i += 2; continue;
        case 'f': g_string_append_c (out, '\f'); i += 2; continue;
        case 'n': g_string_append_c (out, '\n'); i += 2; continue;
        case 'r': g_string_append_c (out, '\r'); i += 2; continue;
        case 't': g_string_append_c (out, '\t'); i += 2; continue;
        case 'u': break;
        default: g_string_append_c (out, (char) text[i + 1]); i += 2; continue;
        }
      c = hex4 (text + i + 2);
      i += 6;
      if (c >= 0xD800 && c < 0xDC00 && i + 6 <= len && text[i] == '\\' && text[i + 1] == 'u')
        {
          gunichar low = hex4 (text + i + 2);

          if (low >= 0xDC00 && low < 0xE000)
            {
              c = 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
              i += 6;
            }
        }
      /* A surrogate without its other half is no character. */
      if (c >= 0xD800 && c < 0xE000)
        c = 0xFFFD;
      if (c == 0)
        g_string_append_c (out, '\0');
      else
        g_string_append_unichar (out, c);
    }
}

/* A string token: a key where the top frame expects one, else a value. */
static Scan
take_string (AdeptPageParser *parser,
             gboolean         is_key,
             gboolean         final)
{
  gsize close = 0;
  Scan scan = scan_string (parser, &close, final);
  const guint8 *text;
  gsize len;

  if (scan != SCAN_OK)
    return scan;
  text = data_at (parser, parser->pos + 1);
  len = close - parser->pos - 1;
  if (parser->has_high && !g_utf8_validate_len ((const char *) text, len, NULL))
    return SCAN_BAD;
  if (parser->has_escape)
    {
      decode_escapes (parser->scratch, text, len);
      text = (const guint8 *) parser->scratch->str;
      len = parser->scratch->len;
    }
  if (is_key)
    on_key (parser, (const char *) text, len);
  else
    on_scalar (parser, VALUE_STRING, (const char *) text, len);
  parser->pos = close + 1;
  parser->scanned = 0;
  parser->has_escape = FALSE;
  parser->has_high = FALSE;
  return SCAN_OK;
}

static gboolean
is_digit (guint8 c)
{
  return c >= '0' && c <= '9';
}

/* -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
static gboolean
number_is_valid (const guint8 *p,
                 gsize         len)
{
  gsize i = 0;

  if (i < len && p[i] == '-')
    i++;
  if (i < len && p[i] == '0')
    i++;
  else if (i < len && is_digit (p[i]))
    while (i < len && is_digit (p[i]))
      i++;
  else
    return FALSE;
  if (i < len && p[i] == '.')
    {
      i++;
      if (i == len || !is_digit (p[i]))
        return FALSE;
      while (i < len && is_digit (p[i]))
        i++;
    }
  if (i < len && (p[i] == 'e' || p[i] == 'E'))
    {
      i++;
      if (i < len && (p[i] == '+' || p[i] == '-'))
        i++;
      if (i == len || !is_digit (p[i]))
        return FALSE;
      while (i < len && is_digit (p[i]))
        i++;
    }
  return i == len;
}

static Scan
take_number (AdeptPageParser *parser,
             gboolean         final)
{
  const guint8 *data = parser->data;
  gsize end = data_end (parser);
  gsize i = parser->pos + parser->scanned;

  while (i < end && (is_digit (data[i]) || data[i] == '-' || data[i] == '+' ||
                     data[i] == '.' || data[i] == 'e' || data[i] == 'E'))
    i++;
  if (i == end && !final)
    {
      parser->scanned = i - parser->pos;
      return SCAN_MORE;
    }
  if (!number_is_valid (data + parser->pos, i - parser->pos))
    return SCAN_BAD;
  on_scalar (parser, VALUE_OTHER, NULL, 0);
  parser->pos = i;
  parser->scanned = 0;
  return SCAN_OK;
}

static const struct {
  const char *word;
  ValueKind   kind;
} literals[] = {
  { "true", VALUE_TRUE }, { "false", VALUE_FALSE }, { "null", VALUE_OTHER },
};

static Scan
take_literal (AdeptPageParser *parser,
              gboolean         final)
{
  const guint8 *p = data_at (parser, parser->pos);
  gsize available = data_end (parser) - parser->pos;

  for (guint k = 0; k < G_N_ELEMENTS (literals); k++)
    {
      gsize len = strlen (literals[k].word);

      if (p[0] != (guint8) literals[k].word[0])
        continue;
      if (memcmp (p, literals[k].word, MIN (len, available)) != 0)
        return SCAN_BAD;
      if (available < len)
        return final ? SCAN_BAD : SCAN_MORE;
      on_scalar (parser, literals[k].kind, NULL, 0);
      parser->pos += len;
      return SCAN_OK;
    }
  return SCAN_BAD;
}

/* Structure */

static gboolean
open_container (AdeptPageParser *parser,
                gboolean         is_object)
{
  Frame *frame;
  Role role;

  if (!adept_json_guard_enter (&parser->guard, &parser->error))
    return FALSE;
  role = on_open (parser, is_object);
  frame = &parser->stack[parser->depth++];
  frame->is_object = is_object;
  frame->role = role;
  frame->expect = is_object ? EXPECT_FIRST_KEY : EXPECT_FIRST_VALUE;
  parser->pos++;
  return TRUE;
}

/* After a whole value: its container wants , or its end. */
static void
value_done (AdeptPageParser *parser)
{
  if (parser->depth == 0)
    parser->root_done = TRUE;
  else
    parser->stack[parser->depth - 1].expect = EXPECT_NEXT;
}

static void
close_container (AdeptPageParser *parser)
{
  Role role = parser->stack[--parser->depth].role;

  adept_json_guard_leave (&parser->guard);
  parser->pos++;
  on_close (parser, role);
  value_done (parser);
}

static Scan
take_value (AdeptPageParser *parser,
            guint8           c,
            gboolean         final)
{
  Scan scan;

  switch (c)
    {
    case '{':
    case '[':
      return open_container (parser, c == '{') ? SCAN_OK : SCAN_BAD;
    case '"':
      scan = take_string (parser, FALSE, final);
      break;
    case 't':
    case 'f':
    case 'n':
      scan = take_literal (parser, final);
      break;
    default:
      if (c != '-' && !is_digit (c))
        return SCAN_BAD;
      scan = take_number (parser, final);
      break;
    }
  if (scan == SCAN_OK)
    value_done (parser);
  return scan;
}

/* One token where the top frame stands. */
static Scan
step (AdeptPageParser *parser,
      guint8           c,
      gboolean         final)
{
  Frame *frame;
  Scan scan;

  if (parser->depth == 0)
    return parser->root_done ? SCAN_BAD : take_value (parser, c, final);

  frame = &parser->stack[parser->depth - 1];
  switch (frame->expect)
    {
    case EXPECT_FIRST_KEY:
      if (c == '}')
        {
          close_container (parser);
          return SCAN_OK;
        }
      G_GNUC_FALLTHROUGH;
    case EXPECT_KEY:
      if (c != '"')
        return SCAN_BAD;
      scan = take_string (parser, TRUE, final);
      if (scan == SCAN_OK)
        frame->expect = EXPECT_COLON;
      return scan;
    case EXPECT_COLON:
      if (c != ':')
        return SCAN_BAD;
      parser->pos++;
      frame->expect = EXPECT_VALUE;
      return SCAN_OK;
    case EXPECT_FIRST_VALUE:
      if (c == ']')
        {
          close_container (parser);
          return SCAN_OK;
        }
      G_GNUC_FALLTHROUGH;
    case EXPECT_VALUE:
      return take_value (parser, c, final);
    case EXPECT_NEXT:
    default:
      if (c == ',')
        {
          parser->pos++;
          frame->expect = frame->is_object ? EXPECT_KEY : EXPECT_VALUE;
          return SCAN_OK;
        }
      if (c == (frame->is_object ? '}' : ']'))
        {
          close_container (parser);
          return SCAN_OK;
        }
      return SCAN_BAD;
    }
}

static gboolean
is_space (guint8 c)
{
  return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

static inline gsize
skip_space (const guint8 *data,
            gsize         i,
            gsize         end)
{
  /* Most places have none: one compare says so. */
  while (i < end && data[i] <= ' ' && is_space (data[i]))
    i++;
  return i;
}

/* The closing quote of the string that opens at open, when the string is whole in the
 * bytes fed and has only printable ASCII: nothing to check or decode. */
static inline gboolean
plain_string (const guint8 *data,
              gsize         open,
              gsize         end,
              gsize        *close)
{
  gsize i = open + 1;

#ifdef __SSE2__
  while (i + 16 <= end)
    {
      guint special = special_mask16 (data + i);

      if (special != 0)
        {
          i += (guint) __builtin_ctz (special);
          goto found;
        }
      i += 16;
    }
#endif
  while (i < end && string_class[data[i]] == CLASS_PLAIN)
    i++;
  if (i == end)
    return FALSE;
#ifdef __SSE2__
found:
#endif
  if (data[i] != '"')
    return FALSE;
  *close = i;
  return TRUE;
}

/* A device's members as they nearly always come: "key": a plain string, true, false or
 * null, then a comma, each read here in one loop instead of a token at a time through
 * step(). Every member (and comma) read leaves the parser just as step() would have, and
 * anything else — the closing brace, another kind of value, an escape or non-ASCII byte,
 * a token the feed cut, bad syntax — stops the loop for step() to take from there. */
static void
fast_members (AdeptPageParser *parser,
              Frame           *frame)
{
  const guint8 *data = parser->data;
  gsize end = data_end (parser);

  /* A token the last feed cut is step()'s to finish: it knows how far it scanned it. */
  if (parser->scanned != 0)
    return;
  for (;;)
    {
      gsize i = parser->pos, key, close;

      if (frame->expect == EXPECT_NEXT)
        {
          i = skip_space (data, i, end);
          if (i == end || data[i] != ',')
            return;
          parser->pos = ++i;
          frame->expect = EXPECT_KEY;
        }
      /* "key" : */
      i = skip_space (data, i, end);
      if (i == end || data[i] != '"' || !plain_string (data, i, end, &close))
        return;
      key = i + 1;
      i = skip_space (data, close + 1, end);
      if (i == end || data[i] != ':')
        return;
      i = skip_space (data, i + 1, end);
      if (i == end)
        return;
      parser->field = device_field (parser, (const char *) data + key, close - key, end - key);
      parser->pos = i;
      frame->expect = EXPECT_VALUE;

      /* the value */
      switch (data[i])
        {
        case '"':
          if (!plain_string (data, i, end, &close))
            return;
          device_scalar (parser, VALUE_STRING, (const char *) data + i + 1, close - i - 1);
          i = close + 1;
          break;
        case 't':
        case 'f':
        case 'n':
          {
            guint k = data[i] == 't' ? 0 : data[i] == 'f' ? 1 : 2;
            gsize len = strlen (literals[k].word);

            if (end - i < len || memcmp (data + i, literals[k].word, len) != 0)
              return;
            device_scalar (parser, literals[k].kind, NULL, 0);
            i += len;
          }
          break;
        default:
          return;
        }
      parser->pos = i;
      frame->expect = EXPECT_NEXT;
    }
}

/* Takes every whole token fed so far; at the end (final) there is no more to wait for. */
static Scan
scan (AdeptPageParser *parser,
      gboolean         final)
{
  const guint8 *data = parser->data;
  gsize end = data_end (parser);

  for (;;)
    {
      Scan result;

      if (parser->depth > 0)
        {
          Frame *frame = &parser->stack[parser->depth - 1];

          if (frame->role == ROLE_DEVICE && frame->expect != EXPECT_COLON && frame->expect != EXPECT_VALUE)
            fast_members (parser, frame);
        }
      while (parser->pos < end && is_space (data[parser->pos]))
        parser->pos++;
      if (parser->pos == end)
        return parser->depth == 0 && parser->root_done ? SCAN_OK : (final ? SCAN_BAD : SCAN_MORE);
      result = step (parser, data[parser->pos], final);
      if (result != SCAN_OK)
        return result;
    }
}

AdeptPageParser *
adept_page_parser_new (void)
{
  AdeptPageParser *parser = g_new0 (AdeptPageParser, 1);

  init_classes ();
  adept_json_guard_init (&parser->guard, ADEPT_JSON_SOURCE_SERVER);
  parser->buffer = g_byte_array_new ();
  parser->scratch = g_string_new (NULL);
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
  g_clear_error (&parser->error);
  g_clear_error (&parser->device_error);
  g_byte_array_unref (parser->buffer);
  g_string_free (parser->scratch, TRUE);
  g_free (parser->cursor);
  g_clear_pointer (&parser->records, g_array_unref);
  g_clear_pointer (&parser->arena, adept_arena_free);
  g_ptr_array_unref (parser->items);
  g_free (parser);
}

static gboolean
fail (AdeptPageParser  *parser,
      GError          **error)
{
  parser->failed = TRUE;
  if (parser->error != NULL)
    g_propagate_error (error, g_steal_pointer (&parser->error));
  else
    set_not_json (error);
  return FALSE;
}

static void
keep_unread (AdeptPageParser *parser)
{
  gsize unread = parser->len - parser->pos;

  if (parser->data == parser->buffer->data)
    g_byte_array_remove_range (parser->buffer, 0, parser->pos);
  else
    g_byte_array_append (g_byte_array_set_size (parser->buffer, 0), parser->data + parser->pos, unread);
  parser->data = parser->buffer->data;
  parser->len = parser->buffer->len;
  parser->pos = 0;
}

/* Feeds the buffer (the token the last feed cut) the next bytes, a few at a time (twice
 * as many each round, for a long token), until that token is whole: then the buffer is
 * empty and *data and *len are what is left to read where it lies, without copying every
 * read that follows a cut token into the buffer. FALSE when the bytes are bad. */
static gboolean
finish_kept_token (AdeptPageParser  *parser,
                   const guint8    **data,
                   gsize            *len)
{
  gsize step = MAX (parser->buffer->len, 64);

  while (*len > 0)
    {
      gsize kept = parser->buffer->len;
      gsize take = MIN (*len, step);

      g_byte_array_append (parser->buffer, *data, take);
      parser->data = parser->buffer->data;
      parser->len = parser->buffer->len;
      parser->pos = 0;
      if (scan (parser, FALSE) == SCAN_BAD)
        return FALSE;
      if (parser->pos >= kept)
        {
          /* Past the kept bytes: what is left lies in *data as well, and whatever of it
           * the scan began (parser->scanned) it began at the same place. */
          *data += parser->pos - kept;
          *len -= parser->pos - kept;
          g_byte_array_set_size (parser->buffer, 0);
          return TRUE;
        }
      keep_unread (parser);
      *data += take;
      *len -= take;
      step *= 2;
    }
  return TRUE;
}

gboolean
adept_page_parser_feed (AdeptPageParser  *parser,
                        gconstpointer     bytes,
                        gsize             len,
                        GError          **error)
{
  const guint8 *data = bytes;

  g_return_val_if_fail (parser != NULL, FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  if (parser->failed)
    {
      set_not_json (error);
      return FALSE;
    }
  if (!adept_json_guard_add_size (&parser->guard, len, error))
    {
      parser->failed = TRUE;
      return FALSE;
    }
  /* What the last feed left (part of a token) is finished first in the buffer; the rest
   * of the bytes are read where they are, and only a token they end in the middle of is
   * kept. */
  if (parser->buffer->len > 0 && !finish_kept_token (parser, &data, &len))
    return fail (parser, error);
  if (len == 0)
    return TRUE;
  parser->data = data;
  parser->len = len;
  parser->pos = 0;
  if (scan (parser, FALSE) == SCAN_BAD)
    return fail (parser, error);
  keep_unread (parser);
  return TRUE;
}

AdeptFetchPage *
adept_page_parser_finish (AdeptPageParser  *parser,
                          GError          **error)
{
  g_return_val_if_fail (parser != NULL, NULL);

  if (parser->failed)
    {
      set_not_json (error);
      return NULL;
    }
  if (!adept_json_guard_finish (&parser->guard, error))
    return NULL;
  if (scan (parser, TRUE) != SCAN_OK)
    {
      fail (parser, error);
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
