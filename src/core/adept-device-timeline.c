/* adept-device-timeline.c — a device's events from its sync history, its record and the
 * assign attempts
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-device-timeline"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "adept-device-timeline.h"
#include "adept-error.h"

static const char * const kind_names[] = {
  [ADEPT_TIMELINE_ADDED] = "added",
  [ADEPT_TIMELINE_MODIFIED] = "modified",
  [ADEPT_TIMELINE_PROFILE_ASSIGNED] = "profile-assigned",
  [ADEPT_TIMELINE_PROFILE_PUSHED] = "profile-pushed",
  [ADEPT_TIMELINE_PROFILE_REMOVED] = "profile-removed",
  [ADEPT_TIMELINE_DELETED] = "deleted",
  [ADEPT_TIMELINE_ASSIGN_ATTEMPT] = "assign-attempt",
};

const char *
adept_timeline_kind_to_string (AdeptTimelineKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kind_names), NULL);

  return kind_names[kind];
}

AdeptTimelineEvent *
adept_timeline_event_copy (const AdeptTimelineEvent *event)
{
  AdeptTimelineEvent *copy = g_memdup2 (event, sizeof *event);

  copy->profile_uuid = g_strdup (event->profile_uuid);
  copy->actor = g_strdup (event->actor);
  copy->detail = g_strdup (event->detail);
  return copy;
}

void
adept_timeline_event_free (AdeptTimelineEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->profile_uuid);
  g_free (event->actor);
  g_free (event->detail);
  g_free (event);
}

G_DEFINE_BOXED_TYPE (AdeptTimelineEvent, adept_timeline_event,
                     adept_timeline_event_copy, adept_timeline_event_free)

static AdeptTimelineEvent *
add_event (GPtrArray         *events,
           AdeptTimelineKind  kind,
           gint64             time,
           const char        *profile_uuid)
{
  AdeptTimelineEvent *event = g_new0 (AdeptTimelineEvent, 1);

  event->kind = kind;
  event->time = MAX (time, 0);
  event->profile_uuid = profile_uuid && *profile_uuid ? g_strdup (profile_uuid) : NULL;
  g_ptr_array_add (events, event);
  return event;
}

static gboolean
has_profile (AdeptProfileStatus status)
{
  return status == ADEPT_PROFILE_STATUS_ASSIGNED || status == ADEPT_PROFILE_STATUS_PUSHED;
}

/* What one history row says happened, against the row before it (NULL for the first). */
static void
add_change (GPtrArray               *events,
            const AdeptDeviceChange *change,
            const AdeptDeviceChange *before)
{
  gint64 when = change->op_date ? change->op_date : change->recorded;
  AdeptProfileStatus status = change->profile_status;

  if (g_strcmp0 (change->op_type, "deleted") == 0)
    {
      add_event (events, ADEPT_TIMELINE_DELETED, when, change->profile_uuid);
      return;
    }
  if (g_strcmp0 (change->op_type, "added") == 0)
    {
      /* The profile dates of the record say what it came with. */
      add_event (events, ADEPT_TIMELINE_ADDED, when, NULL);
      return;
    }

  /* "modified" (or a fetch that found a change). The first fetch keeps no history, so a
   * first modification is compared with nothing: a removal is still news, while an
   * assignment or a push is dated by the record. */
  if (before == NULL || g_strcmp0 (before->op_type, "deleted") == 0)
    {
      if (status == ADEPT_PROFILE_STATUS_REMOVED)
        add_event (events, ADEPT_TIMELINE_PROFILE_REMOVED, when, change->profile_uuid);
      else if (!has_profile (status))
        add_event (events, ADEPT_TIMELINE_MODIFIED, when, NULL);
      else
        add_event (events, status == ADEPT_PROFILE_STATUS_PUSHED ? ADEPT_TIMELINE_PROFILE_PUSHED
                                                                  : ADEPT_TIMELINE_PROFILE_ASSIGNED,
                   when, change->profile_uuid);
      return;
    }

  if (status == before->profile_status &&
      (!has_profile (status) || g_strcmp0 (change->profile_uuid, before->profile_uuid) == 0))
    add_event (events, ADEPT_TIMELINE_MODIFIED, when, NULL);
  else if (status == ADEPT_PROFILE_STATUS_ASSIGNED)
    add_event (events, ADEPT_TIMELINE_PROFILE_ASSIGNED, when, change->profile_uuid);
  else if (status == ADEPT_PROFILE_STATUS_PUSHED)
    add_event (events, ADEPT_TIMELINE_PROFILE_PUSHED, when, change->profile_uuid);
  else if (status == ADEPT_PROFILE_STATUS_REMOVED)
    add_event (events, ADEPT_TIMELINE_PROFILE_REMOVED, when,
               change->profile_uuid ? change->profile_uuid : before->profile_uuid);
  else
    add_event (events, ADEPT_TIMELINE_MODIFIED, when, NULL);
}

static AdeptTimelineEvent *
find_last (GPtrArray         *events,
           AdeptTimelineKind  kind)
{
  for (guint i = events->len; i > 0; i--)
    {
      AdeptTimelineEvent *event = g_ptr_array_index (events, i - 1);

      if (event->kind == kind)
        return event;
    }
  return NULL;
}

/* The record's own date for the current profile: exact where the history only knows when
 * a sync reported the change. It replaces the history's latest event of that kind for
 * the same profile, or is added when the history has none (the first fetch). */
static void
merge_record_date (GPtrArray         *events,
                   AdeptTimelineKind  kind,
                   gint64             when,
                   const char        *profile_uuid)
{
  AdeptTimelineEvent *last = find_last (events, kind);

  if (when <= 0)
    return;
  if (last != NULL && g_strcmp0 (last->profile_uuid, profile_uuid) == 0)
    last->time = when;
  else
    add_event (events, kind, when, profile_uuid);
}

static void
add_record_events (GPtrArray   *events,
                   AdeptDevice *device)
{
  const char *uuid = adept_device_get_profile_uuid (device);
  AdeptTimelineEvent *added = find_last (events, ADEPT_TIMELINE_ADDED);
  gint64 assigned_date = adept_device_get_device_assigned_date (device);

  if (added == NULL && assigned_date > 0)
    added = add_event (events, ADEPT_TIMELINE_ADDED, assigned_date, NULL);
  else if (added != NULL && assigned_date > 0)
    added->time = assigned_date;
  if (added != NULL)
    added->actor = g_strdup (adept_device_get_device_assigned_by (device));

  merge_record_date (events, ADEPT_TIMELINE_PROFILE_ASSIGNED,
                     adept_device_get_profile_assign_time (device), uuid);
  merge_record_date (events, ADEPT_TIMELINE_PROFILE_PUSHED,
                     adept_device_get_profile_push_time (device), uuid);

  /* Removed before Adept first looked: when is not known, but it happened. */
  if (adept_device_get_profile_status (device) == ADEPT_PROFILE_STATUS_REMOVED &&
      find_last (events, ADEPT_TIMELINE_PROFILE_REMOVED) == NULL)
    add_event (events, ADEPT_TIMELINE_PROFILE_REMOVED, 0, uuid);
}

static void
add_attempts (GPtrArray *events,
              GPtrArray *attempts)
{
  for (guint i = 0; i < attempts->len; i++)
    {
      AdeptAssignAttempt *attempt = g_ptr_array_index (attempts, i);
      AdeptTimelineEvent *event = add_event (events, ADEPT_TIMELINE_ASSIGN_ATTEMPT, attempt->time,
                                             attempt->profile_uuid);

      event->origin = attempt->origin;
      event->result = attempt->result;
      event->detail = g_strdup (attempt->detail);
      event->retry_after = attempt->retry_after;
      event->next_attempt = attempt->next_attempt;
    }
}

typedef struct {
  AdeptTimelineEvent *event;
  guint               order;
} Sorted;

static const guint rank[] = {
  [ADEPT_TIMELINE_ADDED] = 0,
  [ADEPT_TIMELINE_ASSIGN_ATTEMPT] = 1,
  [ADEPT_TIMELINE_PROFILE_ASSIGNED] = 2,
  [ADEPT_TIMELINE_PROFILE_PUSHED] = 3,
  [ADEPT_TIMELINE_MODIFIED] = 4,
  [ADEPT_TIMELINE_PROFILE_REMOVED] = 5,
  [ADEPT_TIMELINE_DELETED] = 6,
};

static int
compare_sorted (gconstpointer a,
                gconstpointer b)
{
  const Sorted *sa = a;
  const Sorted *sb = b;
  gint64 ta = sa->event->time;
  gint64 tb = sb->event->time;

  /* Unknown times go last. */
  if ((ta == 0) != (tb == 0))
    return ta == 0 ? 1 : -1;
  if (ta != tb)
    return ta < tb ? -1 : 1;
  /* Within a second, in the order things happen to a device; then as found. */
  if (rank[sa->event->kind] != rank[sb->event->kind])
    return rank[sa->event->kind] < rank[sb->event->kind] ? -1 : 1;
  return sa->order < sb->order ? -1 : sa->order > sb->order;
}

static GPtrArray *
sort_events (GPtrArray *events)
{
  g_autofree Sorted *sorted = g_new (Sorted, events->len);
  GPtrArray *result = g_ptr_array_new_full (events->len, (GDestroyNotify) adept_timeline_event_free);

  for (guint i = 0; i < events->len; i++)
    sorted[i] = (Sorted) { g_ptr_array_index (events, i), i };
  qsort (sorted, events->len, sizeof *sorted, compare_sorted);
  for (guint i = 0; i < events->len; i++)
    g_ptr_array_add (result, sorted[i].event);
  /* The events moved to result. */
  g_ptr_array_set_free_func (events, NULL);
  return result;
}

GPtrArray *
adept_store_list_device_timeline (AdeptStore  *store,
                                  const char  *server_id,
                                  const char  *serial,
                                  GError     **error)
{
  g_autoptr(AdeptDevice) device = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GPtrArray) attempts = NULL;
  g_autoptr(GPtrArray) events = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (ADEPT_IS_STORE (store), NULL);
  g_return_val_if_fail (server_id != NULL, NULL);
  g_return_val_if_fail (serial != NULL, NULL);

  device = adept_store_get_device (store, server_id, serial, NULL, &local_error);
  if (device == NULL)
    {
      if (local_error != NULL)
        g_propagate_error (error, local_error);
      else
        g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_NOT_FOUND,
                     _("No device “%s” is known on this server. Sync, then try again."), serial);
      return NULL;
    }
  history = adept_store_list_device_history (store, server_id, serial, error);
  if (history == NULL)
    return NULL;
  attempts = adept_store_list_assign_attempts (store, server_id, serial, error);
  if (attempts == NULL)
    return NULL;

  events = g_ptr_array_new_with_free_func ((GDestroyNotify) adept_timeline_event_free);
  for (guint i = 0; i < history->len; i++)
    add_change (events, g_ptr_array_index (history, i),
                i > 0 ? g_ptr_array_index (history, i - 1) : NULL);
  add_record_events (events, device);
  add_attempts (events, attempts);
  return sort_events (events);
}
