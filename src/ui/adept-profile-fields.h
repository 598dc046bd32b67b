/* adept-profile-fields.h — what the profile editor shows about each field: Setup Assistant
 * panes, field names, language and region names (Apple's rules: adept-profile-rules.h)
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "adept-profile-rules.h"

G_BEGIN_DECLS

typedef enum {
  ADEPT_PLATFORM_IOS      = 1 << 0,
  ADEPT_PLATFORM_IPADOS   = 1 << 1,
  ADEPT_PLATFORM_MACOS    = 1 << 2,
  ADEPT_PLATFORM_TVOS     = 1 << 3,
  ADEPT_PLATFORM_VISIONOS = 1 << 4,
} AdeptPlatforms;

typedef struct {
  const char     *key;          /* Apple's skip key */
  const char     *title;        /* translatable: the pane as people know it */
  AdeptPlatforms  platforms;
  guint           deprecated : 1;
  guint           not_always : 1; /* shown before the profile arrives: not always skipped */
} AdeptSkipKey;

/* Every skip key of dep-api.md §3.6, sorted by title in English. */
const AdeptSkipKey *adept_skip_keys_get        (guint          *n_keys);
const AdeptSkipKey *adept_skip_keys_lookup     (const char     *key);
/* "iOS, iPadOS, macOS" */
char               *adept_platforms_to_string  (AdeptPlatforms  platforms);

/* The field as the editor names it ("Name", "MDM Server URL"), for every key of
 * dep-api.md §3.6; the key itself when unknown. */
const char *adept_profile_field_get_label (const char *key);

/* Translated names from the iso-codes package ("English", "United States"); NULL when
 * the code is unknown or iso-codes is missing. */
const char *adept_language_get_name    (const char *code);
const char *adept_region_get_name      (const char *code);

G_END_DECLS
