/* test-ber.c — the BER reader checks every length and bounds its nesting
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "adept-ber.h"

static gboolean
read_one (const guint8    *data,
          gsize            len,
          AdeptBerElement *el)
{
  AdeptBerCursor cursor;

  adept_ber_cursor_init (&cursor, data, len);
  return adept_ber_cursor_next (&cursor, el);
}

static void
test_definite (void)
{
  /* SEQUENCE { INTEGER 5, OCTET STRING "ab" } */
  static const guint8 der[] = { 0x30, 0x07, 0x02, 0x01, 0x05, 0x04, 0x02, 'a', 'b' };
  AdeptBerCursor top, inner;
  AdeptBerElement seq, num, str;
  guint value = 0;

  adept_ber_cursor_init (&top, der, sizeof der);
  g_assert_true (adept_ber_cursor_expect (&top, ADEPT_BER_UNIVERSAL, ADEPT_BER_TAG_SEQUENCE, &seq));
  g_assert_true (adept_ber_cursor_at_end (&top));
  g_assert_true (seq.constructed);
  g_assert_false (seq.indefinite);
  g_assert_cmpuint (seq.total_len, ==, sizeof der);
  g_assert_true (adept_ber_cursor_enter (&inner, &seq));
  g_assert_true (adept_ber_cursor_next (&inner, &num));
  g_assert_true (adept_ber_element_get_uint (&num, &value));
  g_assert_cmpuint (value, ==, 5);
  g_assert_true (adept_ber_cursor_next (&inner, &str));
  g_assert_cmpmem (str.content, str.content_len, "ab", 2);
  g_assert_false (adept_ber_cursor_next (&inner, &str));
  g_assert_false (inner.failed);
}

static void
test_indefinite_and_chunks (void)
{
  /* [0] constructed indefinite { OCTET STRING "abc", constructed OCTET STRING (indefinite)
   * { OCTET STRING "de" } , OCTET STRING "" } followed by a trailing INTEGER. */
  static const guint8 ber[] = {
    0xa0, 0x80,
      0x04, 0x03, 'a', 'b', 'c',
      0x24, 0x80, 0x04, 0x02, 'd', 'e', 0x00, 0x00,
      0x04, 0x00,
    0x00, 0x00,
    0x02, 0x01, 0x07,
  };
  AdeptBerCursor cursor;
  AdeptBerElement el;
  g_autoptr(GByteArray) out = g_byte_array_new ();

  adept_ber_cursor_init (&cursor, ber, sizeof ber);
  g_assert_true (adept_ber_cursor_next (&cursor, &el));
  g_assert_true (el.indefinite);
  g_assert_cmpuint (el.content_len, ==, 15);
  g_assert_cmpuint (el.total_len, ==, 19);
  g_assert_true (adept_ber_element_is (&el, ADEPT_BER_CONTEXT, 0));
  g_assert_true (adept_ber_element_append_octets (&el, out));
  g_assert_cmpmem (out->data, out->len, "abcde", 5);
  g_assert_true (adept_ber_cursor_expect (&cursor, ADEPT_BER_UNIVERSAL, ADEPT_BER_TAG_INTEGER, &el));
  g_assert_true (adept_ber_cursor_at_end (&cursor));
}

static void
test_malformed (void)
{
  static const struct {
    const char *what;
    guint8 bytes[8];
    gsize len;
  } cases[] = {
    { "empty length", { 0x30 }, 1 },
    { "length past end", { 0x04, 0x05, 'a' }, 3 },
    { "long length past end", { 0x04, 0x82, 0x01 }, 3 },
    { "five length octets", { 0x04, 0x85, 0, 0, 0, 0, 1, 0 }, 8 },
    { "reserved length", { 0x04, 0xff, 0 }, 3 },
    { "primitive indefinite", { 0x04, 0x80, 'a', 0, 0 }, 5 },
    { "indefinite without end", { 0x30, 0x80, 0x02, 0x01, 0x01 }, 5 },
    { "end-of-contents as element", { 0x00, 0x00 }, 2 },
    { "high tag truncated", { 0x1f, 0x81 }, 2 },
    { "high tag leading zero", { 0x1f, 0x80, 0x01, 0x00 }, 4 },
    { "high tag too long", { 0x1f, 0x81, 0x81, 0x81, 0x81, 0x01, 0x00 }, 7 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      AdeptBerCursor cursor;
      AdeptBerElement el;

      g_test_message ("%s", cases[i].what);
      adept_ber_cursor_init (&cursor, cases[i].bytes, cases[i].len);
      g_assert_false (adept_ber_cursor_next (&cursor, &el));
      g_assert_true (cursor.failed);
    }
}

static void
test_high_tag (void)
{
  static const guint8 ber[] = { 0x9f, 0x81, 0x00, 0x01, 0x2a };
  AdeptBerElement el;

  g_assert_true (read_one (ber, sizeof ber, &el));
  g_assert_cmpuint (el.cls, ==, ADEPT_BER_CONTEXT);
  g_assert_cmpuint (el.tag, ==, 128);
  g_assert_cmpuint (el.content_len, ==, 1);
}

static GByteArray *
nest_indefinite (guint levels)
{
  GByteArray *ber = g_byte_array_new ();
  static const guint8 open[] = { 0x30, 0x80 };
  static const guint8 close[] = { 0x00, 0x00 };

  for (guint i = 0; i < levels; i++)
    g_byte_array_append (ber, open, 2);
  for (guint i = 0; i < levels; i++)
    g_byte_array_append (ber, close, 2);
  return ber;
}

static void
test_depth_bound (void)
{
  g_autoptr(GByteArray) ok = nest_indefinite (ADEPT_BER_MAX_DEPTH + 1);
  g_autoptr(GByteArray) deep = nest_indefinite (100000);
  AdeptBerElement el;

  /* Levels 0..MAX are accepted, one more is refused, and a huge nesting neither
   * recurses without end nor overflows the stack. */
  g_assert_true (read_one (ok->data, ok->len, &el));
  g_assert_cmpuint (el.total_len, ==, ok->len);
  g_assert_false (read_one (deep->data, deep->len, &el));
}

static void
test_oid (void)
{
  static const guint8 oid[] = {
    0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x03
  };
  AdeptBerElement el;
  guint8 buf[4];
  gsize len;

  g_assert_true (read_one (oid, sizeof oid, &el));
  g_assert_true (adept_ber_element_is_oid (&el, "1.2.840.113549.1.7.3"));
  g_assert_false (adept_ber_element_is_oid (&el, "1.2.840.113549.1.7.1"));
  g_assert_false (adept_ber_encode_oid ("1.2.840.113549", buf, sizeof buf, &len));
  g_assert_false (adept_ber_encode_oid ("3.1", buf, sizeof buf, &len));
  g_assert_false (adept_ber_encode_oid ("1.2.", buf, sizeof buf, &len));
}

static void
test_uint (void)
{
  static const guint8 negative[] = { 0x02, 0x01, 0xff };
  static const guint8 wide[] = { 0x02, 0x06, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00 };
  static const guint8 padded[] = { 0x02, 0x03, 0x00, 0x00, 0x80 };
  AdeptBerElement el;
  guint value;

  g_assert_true (read_one (negative, sizeof negative, &el));
  g_assert_false (adept_ber_element_get_uint (&el, &value));
  g_assert_true (read_one (wide, sizeof wide, &el));
  g_assert_false (adept_ber_element_get_uint (&el, &value));
  g_assert_true (read_one (padded, sizeof padded, &el));
  g_assert_true (adept_ber_element_get_uint (&el, &value));
  g_assert_cmpuint (value, ==, 128);
}

static void
test_octets_refuse_foreign_chunks (void)
{
  /* A constructed OCTET STRING whose chunk is an INTEGER. */
  static const guint8 ber[] = { 0x24, 0x03, 0x02, 0x01, 0x01 };
  AdeptBerElement el;
  g_autoptr(GByteArray) out = g_byte_array_new ();

  g_assert_true (read_one (ber, sizeof ber, &el));
  g_assert_false (adept_ber_element_append_octets (&el, out));
}

static void
test_every_prefix (void)
{
  /* Every proper prefix of a valid indefinite encoding fails cleanly. */
  static const guint8 ber[] = {
    0x30, 0x80, 0x06, 0x03, 0x2a, 0x03, 0x04, 0xa0, 0x80, 0x24, 0x80, 0x04, 0x01, 'x',
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  };
  AdeptBerElement el;

  g_assert_true (read_one (ber, sizeof ber, &el));
  for (gsize len = 0; len < sizeof ber; len++)
    {
      g_autofree guint8 *copy = g_memdup2 (ber, len);

      g_assert_false (read_one (copy, len, &el));
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ber/definite", test_definite);
  g_test_add_func ("/ber/indefinite-and-chunks", test_indefinite_and_chunks);
  g_test_add_func ("/ber/malformed", test_malformed);
  g_test_add_func ("/ber/high-tag", test_high_tag);
  g_test_add_func ("/ber/depth-bound", test_depth_bound);
  g_test_add_func ("/ber/oid", test_oid);
  g_test_add_func ("/ber/uint", test_uint);
  g_test_add_func ("/ber/octets-refuse-foreign-chunks", test_octets_refuse_foreign_chunks);
  g_test_add_func ("/ber/every-prefix", test_every_prefix);
  return g_test_run ();
}
