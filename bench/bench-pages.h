/* bench-pages.h — Apple's pages of devices as raw answers, for the benchmarks
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "adept-dep-client.h"

G_BEGIN_DECLS

/* One POST of path ("/server/devices", "/devices/sync") with the cursor (NULL: none),
 * through Adept's client with its session: the answer's body, read and not parsed. */
GBytes    *bench_fetch_raw       (AdeptDepClient *client,
                                  const char     *path,
                                  const char     *cursor);
/* The cursor and more_to_follow of a raw page, found by looking, not by parsing. */
char      *bench_page_cursor     (GBytes         *page,
                                  gboolean       *more);
/* Every fetch page and the one sync that ends a full fetch (what a full fetch asks for),
 * bodies read and not parsed: GBytes each, in order. */
GPtrArray *bench_fetch_all_raw   (AdeptDepClient *client);

G_END_DECLS
