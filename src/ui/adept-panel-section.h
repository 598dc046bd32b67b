/* adept-panel-section.h — a titled part of the device panel that fills itself for each
 * device: the unit a feature adds to the panel
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "adept-device.h"
#include "adept-fact-row.h"
#include "adept-org-device.h"
#include "adept-store.h"

G_BEGIN_DECLS

/* What the panel knows of the device it shows, read once per update and handed to every
 * section. */
typedef struct {
  AdeptDevice *device;
  AdeptStore  *store;          /* NULL in a panel that has none (it shows the device only) */
  const char  *server_id;
  const char  *profile_name;   /* the device's profile as the console names it, or NULL */
  GHashTable  *profile_names;  /* profile UUID → name, of the profiles the store keeps */
  GPtrArray   *timeline;       /* AdeptTimelineEvent, oldest first; empty without a store */
  AdeptOrgDevice *org_device;  /* the device as Apple Business shows it, NULL while the
                                * Apple Business API is not connected or has not listed it */
} AdeptDeviceFacts;

typedef struct _AdeptPanelSection AdeptPanelSection;

/* Fills the section for the device; FALSE hides it (nothing to say about this device). */
typedef gboolean (*AdeptPanelSectionUpdate) (AdeptPanelSection      *section,
                                             const AdeptDeviceFacts *facts,
                                             gpointer                user_data);

/* A preferences group (title, optional description) holding one boxed list: fact rows
 * (adept_panel_section_add_fact), each looked up by its field, and rows of its own
 * (timeline events, the status chart's rows) that it may empty and refill. */
#define ADEPT_TYPE_PANEL_SECTION (adept_panel_section_get_type ())
G_DECLARE_FINAL_TYPE (AdeptPanelSection, adept_panel_section, ADEPT, PANEL_SECTION, AdwBin)

/* title NULL: no heading (the first section of a page). */
AdeptPanelSection *adept_panel_section_new        (const char              *id,
                                                   const char              *title,
                                                   const char              *description,
                                                   AdeptPanelSectionUpdate  update,
                                                   gpointer                 user_data,
                                                   GDestroyNotify           destroy);
const char        *adept_panel_section_get_id     (AdeptPanelSection       *self);
GtkListBox        *adept_panel_section_get_list   (AdeptPanelSection       *self);

AdeptFactRow      *adept_panel_section_add_fact   (AdeptPanelSection       *self,
                                                   const char              *field,
                                                   const char              *title,
                                                   AdeptFactFlags           flags);
/* NULL when the section has no such fact. */
AdeptFactRow      *adept_panel_section_get_fact   (AdeptPanelSection       *self,
                                                   const char              *field);
void               adept_panel_section_set_fact   (AdeptPanelSection       *self,
                                                   const char              *field,
                                                   const char              *value);
/* Rows of the section's own, after its facts; remove_rows() takes them out again. */
void               adept_panel_section_append     (AdeptPanelSection       *self,
                                                   GtkWidget               *row);
void               adept_panel_section_remove_rows (AdeptPanelSection      *self);

/* Runs the update and shows the section when it returns TRUE. */
gboolean           adept_panel_section_update     (AdeptPanelSection       *self,
                                                   const AdeptDeviceFacts  *facts);

G_END_DECLS
