/* adept-depsim-catalog.h — seeded, deterministic devices that look like Apple's
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  char        serial[16];
  const char *model;
  const char *family;
  const char *os;
  const char *color;
  char       *description;
  char       *asset_tag;
  const char *assigned_by;
  gint64      assigned_ms;
} AdeptDepsimDeviceSpec;

/* The index-th device of a seed. attempt > 0 gives another serial for the same slot when
 * the first collides with an existing one. Clear with adept_depsim_device_spec_clear(). */
void         adept_depsim_catalog_generate   (guint64                seed,
                                              guint64                index,
                                              guint                  attempt,
                                              AdeptDepsimDeviceSpec *spec);
void         adept_depsim_device_spec_clear  (AdeptDepsimDeviceSpec *spec);

/* The simulated organisation. */
const char  *adept_depsim_catalog_org_name     (void);
const char  *adept_depsim_catalog_admin_id     (void);
/* Stable digits naming the organisation (used in access tokens and org_id). */
char        *adept_depsim_catalog_org_id       (guint64 seed);
/* 32 uppercase hex characters. */
char        *adept_depsim_catalog_server_uuid  (guint64 seed);

G_END_DECLS
