/* adept-ber.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-ber"

#include "config.h"

#include <string.h>

#include "adept-ber.h"

static gboolean read_element (const guint8    *p,
                              gsize            left,
                              guint            depth,
                              AdeptBerElement *element);

static gboolean
take_byte (const guint8 **p,
           gsize         *left,
           guint8        *byte)
{
  if (*left == 0)
    return FALSE;
  *byte = **p;
  (*p)++;
  (*left)--;
  return TRUE;
}

static gboolean
read_identifier (const guint8    **p,
                 gsize            *left,
                 AdeptBerElement  *element)
{
  guint8 b;

  if (!take_byte (p, left, &b))
    return FALSE;
  element->cls = b & 0xc0;
  element->constructed = (b & 0x20) != 0;
  element->tag = b & 0x1f;
  if (element->tag != 0x1f)
    return TRUE;

  /* High tag numbers: base 128, no leading zero group; four groups are plenty. */
  element->tag = 0;
  for (guint i = 0; i < 4; i++)
    {
      if (!take_byte (p, left, &b))
        return FALSE;
      if (i == 0 && (b & 0x7f) == 0)
        return FALSE;
      element->tag = (element->tag << 7) | (b & 0x7f);
      if ((b & 0x80) == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
read_length (const guint8 **p,
             gsize         *left,
             gboolean      *indefinite,
             gsize         *len)
{
  guint8 b;
  guint n;

  if (!take_byte (p, left, &b))
    return FALSE;
  *indefinite = FALSE;
  *len = 0;
  if (b < 0x80)
    {
      *len = b;
      return TRUE;
    }
  if (b == 0x80)
    {
      *indefinite = TRUE;
      return TRUE;
    }

  /* Four length octets reach 4 GiB, far above anything we accept; 0xff is reserved. */
  n = b & 0x7f;
  if (n > 4 || n > *left)
    return FALSE;
  for (guint i = 0; i < n; i++)
    *len = (*len << 8) | (*p)[i];
  *p += n;
  *left -= n;
  return TRUE;
}

static gboolean
is_end_of_contents (const guint8 *p,
                    gsize         left)
{
  return left >= 2 && p[0] == 0 && p[1] == 0;
}

/* An indefinite length is only known once every child has been skipped. */
static gboolean
scan_to_end_of_contents (AdeptBerElement *element,
                         gsize            left)
{
  const guint8 *p = element->content;

  while (left > 0 && !is_end_of_contents (p, left))
    {
      AdeptBerElement child;

      if (!read_element (p, left, element->depth + 1, &child))
        return FALSE;
      p += child.total_len;
      left -= child.total_len;
    }
  if (!is_end_of_contents (p, left))
    return FALSE;

  element->content_len = p - element->content;
  element->total_len = (element->content - element->start) + element->content_len + 2;
  return TRUE;
}

static gboolean
read_element (const guint8    *p,
              gsize            left,
              guint            depth,
              AdeptBerElement *element)
{
  const guint8 *q = p;
  gsize len;

  if (depth > ADEPT_BER_MAX_DEPTH)
    return FALSE;

  memset (element, 0, sizeof *element);
  element->start = p;
  element->depth = depth;
  if (!read_identifier (&q, &left, element) ||
      !read_length (&q, &left, &element->indefinite, &len))
    return FALSE;

  /* Tag 0 is reserved for end-of-contents, which is never an element. */
  if (element->cls == ADEPT_BER_UNIVERSAL && element->tag == 0)
    return FALSE;

  element->content = q;
  if (element->indefinite)
    return element->constructed && scan_to_end_of_contents (element, left);

  if (len > left)
    return FALSE;
  element->content_len = len;
  element->total_len = (q - p) + len;
  return TRUE;
}

void
adept_ber_cursor_init (AdeptBerCursor *cursor,
                       const guint8   *data,
                       gsize           len)
{
  cursor->pos = data;
  cursor->left = data != NULL ? len : 0;
  cursor->depth = 0;
  cursor->failed = FALSE;
}

gboolean
adept_ber_cursor_enter (AdeptBerCursor        *cursor,
                        const AdeptBerElement *parent)
{
  if (!parent->constructed || parent->depth >= ADEPT_BER_MAX_DEPTH)
    return FALSE;
  adept_ber_cursor_init (cursor, parent->content, parent->content_len);
  cursor->depth = parent->depth + 1;
  return TRUE;
}

gboolean
adept_ber_cursor_next (AdeptBerCursor  *cursor,
                       AdeptBerElement *element)
{
  if (cursor->failed || cursor->left == 0)
    return FALSE;
  if (!read_element (cursor->pos, cursor->left, cursor->depth, element))
    {
      cursor->failed = TRUE;
      return FALSE;
    }
  cursor->pos += element->total_len;
  cursor->left -= element->total_len;
  return TRUE;
}

gboolean
adept_ber_cursor_at_end (const AdeptBerCursor *cursor)
{
  return !cursor->failed && cursor->left == 0;
}

gboolean
adept_ber_element_is (const AdeptBerElement *element,
                      guint8                 cls,
                      guint32                tag)
{
  return element->cls == cls && element->tag == tag;
}

gboolean
adept_ber_cursor_expect (AdeptBerCursor  *cursor,
                         guint8           cls,
                         guint32          tag,
                         AdeptBerElement *element)
{
  return adept_ber_cursor_next (cursor, element) && adept_ber_element_is (element, cls, tag);
}

static gboolean
append_base128 (guint64  value,
                guint8  *out,
                gsize    out_size,
                gsize   *pos)
{
  guint8 groups[10];
  guint n = 0;

  do
    {
      groups[n++] = value & 0x7f;
      value >>= 7;
    }
  while (value != 0);

  if (*pos + n > out_size)
    return FALSE;
  while (n > 0)
    {
      n--;
      out[(*pos)++] = groups[n] | (n > 0 ? 0x80 : 0);
    }
  return TRUE;
}

static gboolean
parse_arc (const char **s,
           guint64     *value)
{
  char *end = NULL;

  if (!g_ascii_isdigit (**s))
    return FALSE;
  *value = g_ascii_strtoull (*s, &end, 10);
  if (end == *s || *value > G_MAXUINT32)
    return FALSE;
  *s = end;
  return TRUE;
}

gboolean
adept_ber_encode_oid (const char *dotted,
                      guint8     *out,
                      gsize       out_size,
                      gsize      *out_len)
{
  const char *s = dotted;
  guint64 first, arc;
  gsize pos = 0;

  if (!parse_arc (&s, &first) || first > 2 || *s++ != '.' || !parse_arc (&s, &arc))
    return FALSE;
  if (!append_base128 (first * 40 + arc, out, out_size, &pos))
    return FALSE;
  while (*s == '.')
    {
      s++;
      if (!parse_arc (&s, &arc) || !append_base128 (arc, out, out_size, &pos))
        return FALSE;
    }
  if (*s != '\0')
    return FALSE;
  *out_len = pos;
  return TRUE;
}

gboolean
adept_ber_element_is_oid (const AdeptBerElement *element,
                          const char            *dotted)
{
  guint8 oid[64];
  gsize len;

  if (element->constructed ||
      !adept_ber_element_is (element, ADEPT_BER_UNIVERSAL, ADEPT_BER_TAG_OID))
    return FALSE;
  if (!adept_ber_encode_oid (dotted, oid, sizeof oid, &len))
    g_return_val_if_reached (FALSE);
  return element->content_len == len && memcmp (element->content, oid, len) == 0;
}

gboolean
adept_ber_element_get_uint (const AdeptBerElement *element,
                            guint                 *value)
{
  const guint8 *p = element->content;
  gsize len = element->content_len;

  if (element->constructed ||
      !adept_ber_element_is (element, ADEPT_BER_UNIVERSAL, ADEPT_BER_TAG_INTEGER) ||
      len == 0 || (p[0] & 0x80) != 0)
    return FALSE;
  while (len > 1 && p[0] == 0)
    {
      p++;
      len--;
    }
  if (len > sizeof (guint32))
    return FALSE;

  *value = 0;
  for (gsize i = 0; i < len; i++)
    *value = (*value << 8) | p[i];
  return TRUE;
}

gboolean
adept_ber_element_append_octets (const AdeptBerElement *element,
                                 GByteArray            *out)
{
  AdeptBerCursor cursor;
  AdeptBerElement chunk;

  if (!element->constructed)
    {
      if (element->content_len > G_MAXUINT - out->len)
        return FALSE;
      g_byte_array_append (out, element->content, element->content_len);
      return TRUE;
    }

  if (!adept_ber_cursor_enter (&cursor, element))
    return FALSE;
  while (adept_ber_cursor_next (&cursor, &chunk))
    if (!adept_ber_element_is (&chunk, ADEPT_BER_UNIVERSAL, ADEPT_BER_TAG_OCTET_STRING) ||
        !adept_ber_element_append_octets (&chunk, out))
      return FALSE;
  return !cursor.failed;
}
