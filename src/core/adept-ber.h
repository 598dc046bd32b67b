/* adept-ber.h — a small bounds-checked BER/DER reader
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Deeper nesting than this is refused: real CMS needs about ten levels. */
#define ADEPT_BER_MAX_DEPTH 32

#define ADEPT_BER_UNIVERSAL   0x00
#define ADEPT_BER_APPLICATION 0x40
#define ADEPT_BER_CONTEXT     0x80
#define ADEPT_BER_PRIVATE     0xc0

#define ADEPT_BER_TAG_INTEGER      0x02
#define ADEPT_BER_TAG_OCTET_STRING 0x04
#define ADEPT_BER_TAG_NULL         0x05
#define ADEPT_BER_TAG_OID          0x06
#define ADEPT_BER_TAG_SEQUENCE     0x10
#define ADEPT_BER_TAG_SET          0x11

/* One element. For an indefinite length, content_len stops before the end-of-contents
 * octets, so children are read the same way for both length forms. */
typedef struct {
  guint8        cls;
  gboolean      constructed;
  guint32       tag;
  gboolean      indefinite;
  const guint8 *start;
  gsize         total_len;
  const guint8 *content;
  gsize         content_len;
  guint         depth;
} AdeptBerElement;

/* Reads the elements one after another in a byte range. */
typedef struct {
  const guint8 *pos;
  gsize         left;
  guint         depth;
  gboolean      failed;
} AdeptBerCursor;

void     adept_ber_cursor_init     (AdeptBerCursor        *cursor,
                                    const guint8          *data,
                                    gsize                  len);
/* A cursor over a constructed element's children. FALSE for a primitive element or when
 * the nesting gets too deep. */
gboolean adept_ber_cursor_enter    (AdeptBerCursor        *cursor,
                                    const AdeptBerElement *parent);
/* FALSE at the end of the range or on malformed input; cursor->failed tells which. */
gboolean adept_ber_cursor_next     (AdeptBerCursor        *cursor,
                                    AdeptBerElement       *element);
gboolean adept_ber_cursor_at_end   (const AdeptBerCursor  *cursor);

/* Reads the next element and checks its class, form and tag. */
gboolean adept_ber_cursor_expect   (AdeptBerCursor        *cursor,
                                    guint8                 cls,
                                    guint32                tag,
                                    AdeptBerElement       *element);

gboolean adept_ber_element_is      (const AdeptBerElement *element,
                                    guint8                 cls,
                                    guint32                tag);
/* Compares an OBJECT IDENTIFIER's content octets with a dotted-decimal string. */
gboolean adept_ber_element_is_oid  (const AdeptBerElement *element,
                                    const char            *dotted);
/* A small non-negative INTEGER (a version field). */
gboolean adept_ber_element_get_uint (const AdeptBerElement *element,
                                     guint                 *value);
/* Appends an OCTET STRING's bytes (primitive, or constructed from chunks, each
 * possibly constructed again) to out. The tag itself is not checked, so an implicitly
 * tagged string works too; the chunks must be universal OCTET STRINGs. */
gboolean adept_ber_element_append_octets (const AdeptBerElement *element,
                                          GByteArray            *out);

/* Encodes a dotted-decimal OID as its content octets; FALSE when malformed. */
gboolean adept_ber_encode_oid      (const char            *dotted,
                                    guint8                *out,
                                    gsize                  out_size,
                                    gsize                 *out_len);

G_END_DECLS
