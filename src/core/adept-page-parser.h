/* adept-page-parser.h — Apple's pages of devices, parsed as they arrive
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A fetch or sync answer (dep-api.md §3.2) is some 440 KB for 1,000 devices. json-glib
 * builds a tree of it and then a GObject per device, which took longer than storing the
 * page; this scans it once, by hand, straight into the page's records
 * (adept-device-record.h), chunk by chunk as the answer comes in. The nesting depth and
 * the size are bounded by the same AdeptJsonGuard as every other JSON (adept-json.h), and
 * every way a page can be wrong fails as adept_fetch_page_new_from_json() describes.
 */
#pragma once

#include "adept-fetch-page.h"

G_BEGIN_DECLS

typedef struct _AdeptPageParser AdeptPageParser;

AdeptPageParser *adept_page_parser_new    (void);
void             adept_page_parser_free   (AdeptPageParser  *parser);

/* The next bytes of the answer. FALSE with the error once the answer is known to be bad
 * (not JSON, too large, too deep); later calls fail alike. */
gboolean         adept_page_parser_feed   (AdeptPageParser  *parser,
                                           gconstpointer     data,
                                           gsize             len,
                                           GError          **error);
/* At the end of the answer: the page, or NULL with the error. Call it once. */
AdeptFetchPage *adept_page_parser_finish (AdeptPageParser  *parser,
                                           GError          **error);

/* The whole answer at once. */
AdeptFetchPage *adept_page_parse         (gconstpointer     data,
                                           gsize             len,
                                           GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AdeptPageParser, adept_page_parser_free)

G_END_DECLS
