/* adept-device-timeline.h — one device's life on this server, as an admin reads it
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "adept-store.h"

G_BEGIN_DECLS

/* What happened. The first six are Apple's (dep-api.md: op_type and the profile dates of
 * the device record); the last is Adept's own request and Apple's answer to it. */
typedef enum {
  ADEPT_TIMELINE_ADDED,             /* assigned to this MDM server in Apple Business Manager */
  ADEPT_TIMELINE_MODIFIED,          /* Apple changed the device's details */
  ADEPT_TIMELINE_PROFILE_ASSIGNED,  /* Apple has a profile for the device */
  ADEPT_TIMELINE_PROFILE_PUSHED,    /* the device received its profile */
  ADEPT_TIMELINE_PROFILE_REMOVED,   /* the profile was taken back */
  ADEPT_TIMELINE_DELETED,           /* the device left this MDM server */
  ADEPT_TIMELINE_ASSIGN_ATTEMPT,    /* Adept asked Apple to assign a profile */
} AdeptTimelineKind;

typedef struct {
  AdeptTimelineKind kind;
  gint64            time;          /* Unix seconds; 0 when nobody knows (reported, not dated) */
  char             *profile_uuid;  /* the profile concerned, or NULL */
  char             *actor;         /* ADDED: who assigned the device in ABM, or NULL */
  /* ASSIGN_ATTEMPT: the attempt as the store keeps it (adept_store_list_assign_attempts) */
  AdeptAssignOrigin origin;
  AdeptAssignResult result;
  char             *detail;
  gint64            retry_after;   /* seconds Apple asked to wait, 0 if none */
  gint64            next_attempt;  /* when a retry is due, 0 when none is scheduled */
} AdeptTimelineEvent;

GType               adept_timeline_event_get_type (void) G_GNUC_CONST;
AdeptTimelineEvent *adept_timeline_event_copy     (const AdeptTimelineEvent *event);
void                adept_timeline_event_free     (AdeptTimelineEvent       *event);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AdeptTimelineEvent, adept_timeline_event_free)

/* The timeline of one device of a server, oldest first (events with no known time last,
 * in the order they happened): Apple's events from the sync history, and for what the
 * history cannot tell (a device first seen in a full fetch leaves none) the dates of
 * Apple's record itself (assigned to the server, profile assigned, pushed); then every
 * assign attempt with Apple's answer and the retry it got. A deleted device's timeline
 * is kept too. ADEPT_ERROR_NOT_FOUND for a serial the store never saw. */
GPtrArray          *adept_store_list_device_timeline (AdeptStore  *store,
                                                      const char  *server_id,
                                                      const char  *serial,
                                                      GError     **error);

/* "added", "modified", "profile-assigned", "profile-pushed", "profile-removed", "deleted",
 * "assign-attempt": for tests and machine output. */
const char         *adept_timeline_kind_to_string (AdeptTimelineKind kind);

G_END_DECLS
