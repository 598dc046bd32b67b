/* adept-store.h — the local store: everything Apple will not tell us twice
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "adept-dep-records.h"
#include "adept-device.h"

G_BEGIN_DECLS

/* The schema version this build writes (PRAGMA user_version). */
#define ADEPT_STORE_SCHEMA_VERSION 8

/* Which kind of server a row is (AdeptServer has the enum; the store keeps the name). */
#define ADEPT_STORE_KIND_LOCAL  "local"   /* Apple's API, keys in this user's keyring */
#define ADEPT_STORE_KIND_REMOTE "remote"  /* an MDM backend that proxies Apple (design.md §7) */

typedef enum {
  ADEPT_SYNC_KIND_FETCH,     /* first or resumed fetch of every device */
  ADEPT_SYNC_KIND_SYNC,      /* changes since the cursor */
  ADEPT_SYNC_KIND_FULL,      /* every device again: asked for, or the cursor expired */
  ADEPT_SYNC_KIND_RETRY,     /* a pass over due assign retries outside a sync (no pages) */
} AdeptSyncKind;

typedef enum {
  ADEPT_SYNC_PHASE_FETCH,
  ADEPT_SYNC_PHASE_SYNC,
} AdeptSyncPhase;

typedef enum {
  ADEPT_ASSIGN_ORIGIN_AUTO,    /* the auto-assigner, with the default profile */
  ADEPT_ASSIGN_ORIGIN_MANUAL,  /* an admin in the console or adeptctl */
  ADEPT_ASSIGN_ORIGIN_RETRY,   /* a scheduled retry of an earlier attempt */
} AdeptAssignOrigin;

/* What the auto-assigner will do next for one device. */
typedef enum {
  ADEPT_ASSIGN_PLAN_NOTHING,   /* no attempt pending */
  ADEPT_ASSIGN_PLAN_RETRY,     /* a retry is scheduled (see the time) */
  ADEPT_ASSIGN_PLAN_GAVE_UP,   /* failed twice, or not accessible: an admin must act */
  ADEPT_ASSIGN_PLAN_DONE,      /* the last attempt succeeded */
  ADEPT_ASSIGN_PLAN_NO_DEFAULT,/* the server has no default profile */
} AdeptAssignPlan;

/* Apple's answer to one serial of an assign request; ERROR when the request as a whole
 * failed (network, refused…) and no per-device answer came back. */
typedef enum {
  ADEPT_ASSIGN_RESULT_SUCCESS,
  ADEPT_ASSIGN_RESULT_NOT_ACCESSIBLE,
  ADEPT_ASSIGN_RESULT_FAILED,
  ADEPT_ASSIGN_RESULT_THROTTLED,
  ADEPT_ASSIGN_RESULT_ERROR,
} AdeptAssignResult;

AdeptAssignResult adept_assign_result_from_string (const char        *s);
const char       *adept_assign_result_to_string   (AdeptAssignResult  result);
const char       *adept_sync_kind_to_string       (AdeptSyncKind      kind);

/* One run of the sync engine (the journal). ended == 0 while running, or when the
 * process died during the run. */
typedef struct {
  gint64         id;
  char          *server_id;
  AdeptSyncKind  kind;
  char          *reason;        /* why a full fetch happened, or NULL */
  gint64         started;
  gint64         ended;
  guint          pages;
  guint          added;
  guint          modified;
  guint          deleted;
  guint          assigned;      /* auto-assign requests answered SUCCESS */
  char          *error_code;    /* adept_error_code_name(), NULL on success */
  char          *error_message;
} AdeptJournalEntry;

/* One change of a device, as Apple reported it or as a full fetch revealed it. */
typedef struct {
  char              *serial_number;
  char              *op_type;        /* "added", "modified", "deleted", "fetched" */
  gint64             op_date;        /* Apple's op_date, or when we learnt it */
  gint64             recorded;
  AdeptProfileStatus profile_status;
  char              *profile_uuid;
} AdeptDeviceChange;

typedef struct {
  gint64            id;
  char             *serial_number;
  char             *profile_uuid;
  AdeptAssignOrigin origin;
  AdeptAssignResult result;
  char             *detail;          /* Apple's answer as sent, or the error sentence */
  gint64            time;
  gint64            retry_after;     /* seconds Apple asked to wait, 0 if none */
  gint64            next_attempt;    /* when a retry is due, 0 when none is scheduled */
} AdeptAssignAttempt;

/* Where a stored profile came from. Apple cannot list an MDM server's profiles, so the
 * store keeps every profile Adept defines, and those an admin adopts by UUID. */
typedef enum {
  ADEPT_PROFILE_ORIGIN_DEFINED,   /* defined by Adept (console or adeptctl) */
  ADEPT_PROFILE_ORIGIN_ADOPTED,   /* defined elsewhere; read from Apple by its UUID */
} AdeptProfileOrigin;

typedef struct {
  char               *uuid;
  char               *name;
  char               *json;       /* the full profile as sent to (or read from) Apple */
  gint64              created;    /* when it was stored */
  char               *replaces;   /* UUID of the profile this one was defined to replace, or NULL */
  AdeptProfileOrigin  origin;
} AdeptStoredProfile;

/* One device row, as adept_store_foreach_device() hands it over. The strings belong to
 * the store and are valid only during the call. */
typedef struct {
  const char         *serial;
  const char         *model;
  const char         *description;
  const char         *color;
  const char         *asset_tag;
  const char         *os;
  const char         *device_family;
  AdeptProfileStatus  profile_status;
  const char         *profile_uuid;
  gint64              profile_assign_time;
  gint64              profile_push_time;
  gint64              device_assigned_date;
  const char         *device_assigned_by;
  AdeptOpType         op_type;
  gint64              op_date;
  gboolean            deleted;
  gint64              change_seq;   /* see adept_store_get_change_seq() */
  /* Protocol 10 */
  const char         *wifi_mac_address;
  const char         *bluetooth_mac_address;
  const char         *ethernet_mac_address;
  const char         *imei;         /* as stored: adept_store_split_list() */
  const char         *meid;         /* as stored: adept_store_split_list() */
  const char         *eid;
  gboolean            is_replacement_device;
  gint64              mdm_migration_deadline;
} AdeptStoreDeviceRow;

/* A list as the store keeps it ("a,b"; "" for an empty list, NULL for none) and back
 * (IMEI and MEID of AdeptStoreDeviceRow). */
char       *adept_store_join_list        (const char * const *list);
GStrv       adept_store_split_list       (const char         *text);

typedef void (*AdeptStoreEachDevice) (AdeptDevice *device,
                                      gpointer     user_data);
typedef void (*AdeptStoreDeviceFunc) (const AdeptStoreDeviceRow *row,
                                      gpointer                   user_data);

typedef struct {
  gint64  id;
  gint64  time;
  char   *server_id;
  char   *user;
  char   *action;
  char   *details;
  char   *host;      /* the computer it was done on; NULL in entries from before schema 6 */
} AdeptAuditEntry;

/* What one committed page did. candidates: serials the auto-assigner should consider
 * (new to the server and without a profile, see adept-store-devices.c); empty when the
 * server has no default profile. The same serials are kept in the store as owed the
 * default profile, in the page's transaction (adept_store_take_pending_assign()). */
typedef struct {
  guint      added;
  guint      modified;
  guint      deleted;
  GPtrArray *candidates;
} AdeptStorePageResult;

GType adept_journal_entry_get_type  (void) G_GNUC_CONST;
GType adept_device_change_get_type  (void) G_GNUC_CONST;
GType adept_assign_attempt_get_type (void) G_GNUC_CONST;
GType adept_stored_profile_get_type (void) G_GNUC_CONST;
GType adept_audit_entry_get_type    (void) G_GNUC_CONST;

AdeptJournalEntry  *adept_journal_entry_copy  (const AdeptJournalEntry  *entry);
void                adept_journal_entry_free  (AdeptJournalEntry        *entry);
AdeptDeviceChange  *adept_device_change_copy  (const AdeptDeviceChange  *change);
void                adept_device_change_free  (AdeptDeviceChange        *change);
AdeptAssignAttempt *adept_assign_attempt_copy (const AdeptAssignAttempt *attempt);
void                adept_assign_attempt_free (AdeptAssignAttempt       *attempt);
AdeptStoredProfile *adept_stored_profile_copy (const AdeptStoredProfile *profile);
void                adept_stored_profile_free (AdeptStoredProfile       *profile);
AdeptAuditEntry    *adept_audit_entry_copy    (const AdeptAuditEntry    *entry);
void                adept_audit_entry_free    (AdeptAuditEntry          *entry);
void                adept_store_page_result_clear (AdeptStorePageResult *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AdeptJournalEntry, adept_journal_entry_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AdeptDeviceChange, adept_device_change_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AdeptAssignAttempt, adept_assign_attempt_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AdeptStoredProfile, adept_stored_profile_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AdeptAuditEntry, adept_audit_entry_free)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (AdeptStorePageResult, adept_store_page_result_clear)

/* An exclusive, per-server sync lock shared by every Adept process of this user (an
 * flock(2) on a file next to the database, so a killed process releases it). */
typedef struct _AdeptStoreLock AdeptStoreLock;
void adept_store_lock_release (AdeptStoreLock *lock);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AdeptStoreLock, adept_store_lock_release)

/* One SQLite connection: use an AdeptStore from one thread at a time (open another for
 * another thread; SQLite's WAL lets them work side by side). */
#define ADEPT_TYPE_STORE (adept_store_get_type ())
G_DECLARE_FINAL_TYPE (AdeptStore, adept_store, ADEPT, STORE, GObject)

/* Opens <adept_context_get_data_dir()>/adept.db, creating it when missing. A file that
 * exists is never recreated: an empty or damaged one (its header, its size, its schema,
 * or PRAGMA quick_check after an unclean shutdown) is ADEPT_ERROR_STORE_CORRUPT, saying
 * where it is and what to do, and it is left untouched. */
AdeptStore *adept_store_open            (GError     **error);
/* The same in another directory (created 0700 if missing). */
AdeptStore *adept_store_open_in         (const char  *dir,
                                         GError     **error);
/* PRAGMA quick_check: FALSE and ADEPT_ERROR_STORE_CORRUPT when the file is damaged (run
 * at open after an unclean shutdown and before every full sync; takes a while on a big
 * store). */
gboolean    adept_store_check           (AdeptStore  *self,
                                         GError     **error);
const char *adept_store_get_path        (AdeptStore  *self);
const char *adept_store_get_dir         (AdeptStore  *self);
/* For a connection that does most of the writing (the sync engine's): its checkpoints
 * leave the WAL for its own next commit to start over, which keeps its page cache. */
void        adept_store_keep_page_cache (AdeptStore  *self);

/* Servers */
/* kind: ADEPT_STORE_KIND_LOCAL or _REMOTE. */
gboolean    adept_store_ensure_server   (AdeptStore       *self,
                                         const char       *server_id,
                                         const char       *kind,
                                         GError          **error);
gboolean    adept_store_has_server      (AdeptStore       *self,
                                         const char       *server_id);
/* NULL for an unknown server. */
char       *adept_store_dup_server_kind (AdeptStore       *self,
                                         const char       *server_id);
/* Every id, sorted. */
GStrv       adept_store_list_servers    (AdeptStore       *self,
                                         GError          **error);
/* Unlink: forgets the server's devices, history, profiles, cursor, journal and attempts.
 * The audit log keeps its rows. */
gboolean    adept_store_delete_server   (AdeptStore       *self,
                                         const char       *server_id,
                                         GError          **error);

/* Devices. Current devices are those not deleted. */
AdeptDevice *adept_store_get_device     (AdeptStore       *self,
                                         const char       *server_id,
                                         const char       *serial,
                                         gboolean         *deleted,
                                         GError          **error);
/* Current devices sorted by serial; status < 0 for every status. */
GPtrArray  *adept_store_list_devices    (AdeptStore       *self,
                                         const char       *server_id,
                                         int               status,
                                         GError          **error);
/* The same, one device at a time, for output of any size (adeptctl's lists): the device
 * is func's to ref if it keeps it. func must not use the store. */
gboolean    adept_store_each_device     (AdeptStore          *self,
                                         const char          *server_id,
                                         int                  status,
                                         AdeptStoreEachDevice func,
                                         gpointer             user_data,
                                         GError             **error);
guint       adept_store_count_devices   (AdeptStore       *self,
                                         const char       *server_id,
                                         GError          **error);
/* Streams device rows to func without making objects (the device list's loader). With
 * since == 0: every current device, in no particular order. With since > 0: the devices
 * whose change_seq is larger, deleted ones too, sorted by serial. */
gboolean    adept_store_foreach_device  (AdeptStore          *self,
                                         const char          *server_id,
                                         gint64               since,
                                         AdeptStoreDeviceFunc func,
                                         gpointer             user_data,
                                         GError             **error);
/* The first limit current devices in serial order, as adept_store_foreach_device() hands
 * them over (a list's first screen). */
gboolean    adept_store_foreach_first_device (AdeptStore       *self,
                                         const char          *server_id,
                                         guint                limit,
                                         AdeptStoreDeviceFunc func,
                                         gpointer             user_data,
                                         GError             **error);
/* Hands SQLite's page cache back after a large read (the first load of a big list). */
void        adept_store_release_memory  (AdeptStore       *self);
/* Current devices per profile: UUID → count (GUINT_TO_POINTER) of devices whose status is
 * assigned or pushed. One query, for the DEP Profiles list. */
GHashTable *adept_store_count_devices_by_profile (AdeptStore *self,
                                         const char       *server_id,
                                         GError          **error);
/* Serials of the current devices that have the profile (assigned or pushed), sorted. */
GStrv       adept_store_dup_profile_serials (AdeptStore   *self,
                                         const char       *server_id,
                                         const char       *profile_uuid,
                                         GError          **error);
/* Oldest first. */
GPtrArray  *adept_store_list_device_history (AdeptStore   *self,
                                         const char       *server_id,
                                         const char       *serial,
                                         GError          **error);

/* Sync state */
gboolean    adept_store_get_cursor      (AdeptStore       *self,
                                         const char       *server_id,
                                         char            **cursor,
                                         AdeptSyncPhase   *phase,
                                         gint64           *fetched_until,
                                         GError          **error);
/* Forget the cursor: the next page starts a full fetch. */
gboolean    adept_store_reset_cursor    (AdeptStore       *self,
                                         const char       *server_id,
                                         GError          **error);
/* EXHAUSTED_CURSOR on fetch: keep the cursor, continue with sync. */
gboolean    adept_store_set_phase       (AdeptStore       *self,
                                         const char       *server_id,
                                         AdeptSyncPhase    phase,
                                         GError          **error);
/* Applies one page of fetch or sync results and stores its cursor in ONE transaction.
 * Sync records are applied only when their op_date is not older than what is stored
 * (the latest op_date wins); deleted devices leave the current list and keep their
 * history. The last page of a fetch (more_to_follow FALSE) also marks deleted every
 * device that this fetch did not return. */
gboolean    adept_store_commit_page     (AdeptStore           *self,
                                         const char           *server_id,
                                         gint64                run_id,
                                         AdeptSyncPhase        phase,
                                         GPtrArray            *devices,
                                         const char           *cursor,
                                         gboolean              more_to_follow,
                                         gint64                fetched_until,
                                         AdeptStorePageResult *result,
                                         GError              **error);
/* The same for a page of records (adept_fetch_page_get_records()): what a sync stores,
 * without an object per device. */
gboolean    adept_store_commit_records  (AdeptStore           *self,
                                         const char           *server_id,
                                         gint64                run_id,
                                         AdeptSyncPhase        phase,
                                         const AdeptDeviceRecord *records,
                                         guint                 n_records,
                                         const char           *cursor,
                                         gboolean              more_to_follow,
                                         gint64                fetched_until,
                                         AdeptStorePageResult *result,
                                         GError              **error);

/* One page of a group committed together (adept_store_commit_pages()). */
typedef struct {
  AdeptSyncPhase           phase;
  const AdeptDeviceRecord *records;
  guint                    n_records;
  const char              *cursor;
  gboolean                 more_to_follow;
  gint64                   fetched_until;
} AdeptStorePage;

/* Several pages in ONE transaction, each applied as adept_store_commit_records() applies
 * it (its own change_seq, its journal page), the cursor left as the last page's: one
 * commit writes a b-tree page touched by every page of the group once. result sums them
 * (a candidate serial listed once). Nothing of the group is stored if one page fails. */
gboolean    adept_store_commit_pages    (AdeptStore           *self,
                                         const char           *server_id,
                                         gint64                run_id,
                                         const AdeptStorePage *pages,
                                         guint                 n_pages,
                                         AdeptStorePageResult *result,
                                         GError              **error);

/* Journal */
gint64      adept_store_journal_begin   (AdeptStore       *self,
                                         const char       *server_id,
                                         AdeptSyncKind     kind,
                                         const char       *reason,
                                         GError          **error);
/* Runs left without an end (the process died) are marked "interrupted". Only call it
 * while holding the server's sync lock. */
gboolean    adept_store_journal_close_interrupted (AdeptStore *self,
                                         const char       *server_id,
                                         GError          **error);
/* A run turned into a full fetch (the cursor expired or was invalid). */
gboolean    adept_store_journal_set_full (AdeptStore      *self,
                                         gint64            run_id,
                                         const char       *reason,
                                         GError          **error);
gboolean    adept_store_journal_add_assigned (AdeptStore  *self,
                                         gint64            run_id,
                                         guint             n,
                                         GError          **error);
gboolean    adept_store_journal_end     (AdeptStore       *self,
                                         gint64            run_id,
                                         const GError     *run_error,
                                         GError          **error);
/* Newest first; limit 0 for all. */
GPtrArray  *adept_store_list_journal    (AdeptStore       *self,
                                         const char       *server_id,
                                         guint             limit,
                                         GError          **error);
AdeptJournalEntry *adept_store_get_journal_entry (AdeptStore *self,
                                         gint64            run_id,
                                         GError          **error);
/* The newest sync run (passes over retries left out), NULL when there is none. */
AdeptJournalEntry *adept_store_get_last_sync (AdeptStore  *self,
                                         const char       *server_id,
                                         GError          **error);

/* Profiles (Apple cannot list them, so we keep every one we define). A profile saved
 * again keeps its origin and creation time. */
gboolean    adept_store_save_profile    (AdeptStore       *self,
                                         const char       *server_id,
                                         const char       *uuid,
                                         const char       *name,
                                         const char       *json,
                                         const char       *replaces,
                                         GError          **error);
/* A profile defined elsewhere (another MDM, Apple Business Manager), adopted by UUID. */
gboolean    adept_store_save_adopted_profile (AdeptStore  *self,
                                         const char       *server_id,
                                         const char       *uuid,
                                         const char       *name,
                                         const char       *json,
                                         GError          **error);
/* Newest first. */
GPtrArray  *adept_store_list_profiles   (AdeptStore       *self,
                                         const char       *server_id,
                                         GError          **error);
AdeptStoredProfile *adept_store_get_profile (AdeptStore   *self,
                                         const char       *server_id,
                                         const char       *uuid,
                                         GError          **error);
/* NULL clears the default. */
gboolean    adept_store_set_default_profile (AdeptStore   *self,
                                         const char       *server_id,
                                         const char       *uuid,
                                         GError          **error);
char       *adept_store_dup_default_profile (AdeptStore   *self,
                                         const char       *server_id);

/* Assign attempts. answers maps serial → Apple's per-device answer ("SUCCESS",
 * "THROTTLED"…). THROTTLED schedules a retry after retry_after_seconds; FAILED a retry
 * after a 24-hour cool-down, once; NOT_ACCESSIBLE none. */
gboolean    adept_store_record_assign   (AdeptStore       *self,
                                         const char       *server_id,
                                         const char       *profile_uuid,
                                         AdeptAssignOrigin origin,
                                         GHashTable       *answers,
                                         gint64            retry_after_seconds,
                                         GError          **error);
/* The request as a whole failed: every serial gets an ERROR attempt with the sentence;
 * a retry is scheduled after retry_after_seconds (THROTTLED) or 15 minutes. */
gboolean    adept_store_record_assign_error (AdeptStore   *self,
                                         const char       *server_id,
                                         const char       *profile_uuid,
                                         AdeptAssignOrigin origin,
                                         const char * const *serials,
                                         const GError     *request_error,
                                         gint64            retry_after_seconds,
                                         GError          **error);
/* Oldest first. */
GPtrArray  *adept_store_list_assign_attempts (AdeptStore  *self,
                                         const char       *server_id,
                                         const char       *serial,
                                         GError          **error);
/* Retries due at `now`, grouped by profile: profile UUID → GPtrArray of serials. Devices
 * deleted since, or that got a profile meanwhile, are dropped (their retry cancelled). */
GHashTable *adept_store_take_due_retries (AdeptStore      *self,
                                         const char       *server_id,
                                         gint64            now,
                                         GError          **error);
/* The earliest scheduled retry, 0 when none. */
gint64      adept_store_get_next_retry_time (AdeptStore   *self,
                                         const char       *server_id);
AdeptAssignPlan adept_store_get_assign_plan (AdeptStore   *self,
                                         const char       *server_id,
                                         const char       *serial,
                                         gint64           *when,
                                         GError          **error);
/* A translated sentence for the device panel, e.g. "Retry at 14:05 (Apple asked to wait)". */
char       *adept_assign_plan_describe  (AdeptAssignPlan   plan,
                                         gint64            when);
/* Removes from candidates (serials) those that must not be auto-assigned now: deleted,
 * a retry already scheduled, gave up, or already given profile_uuid successfully. */
void        adept_store_filter_auto_assign (AdeptStore    *self,
                                         const char       *server_id,
                                         const char       *profile_uuid,
                                         GPtrArray        *candidates);

/* What committed pages owe their devices: the serials that still need the default
 * profile (profile_uuid), oldest first. Devices that no longer do (deleted, a profile by
 * other means, answered with that profile since, a retry already scheduled) are dropped;
 * the others stay owed until an assign attempt is recorded for them. profile_uuid NULL
 * (no default, or the server assigns it itself) drops every one. */
GPtrArray  *adept_store_take_pending_assign (AdeptStore  *self,
                                         const char       *server_id,
                                         const char       *profile_uuid,
                                         GError          **error);

/* Audit log of admin actions. details must never hold a secret; PEM blocks and strings
 * shaped like DEP OAuth credentials are redacted anyway. */
gboolean    adept_store_audit           (AdeptStore       *self,
                                         const char       *server_id,
                                         const char       *action,
                                         const char       *details,
                                         GError          **error);
/* Newest first; server_id NULL for every server; limit 0 for all. */
GPtrArray  *adept_store_list_audit      (AdeptStore       *self,
                                         const char       *server_id,
                                         guint             limit,
                                         GError          **error);

/* The entries (AdeptAuditEntry, as adept_store_list_audit() gives them) as CSV: a header
 * line, then one line each: time (ISO 8601, UTC), user, host, server, action, details. */
char       *adept_audit_entries_to_csv  (GPtrArray        *entries);

/* Desktop notifications: TRUE when event (per server, e.g. "token-expires-7:1795000000")
 * was not given before, and records it as given; FALSE when it was (or on error). Shared by
 * every Adept program of the user, so an event is notified once. */
gboolean    adept_store_claim_notification (AdeptStore    *self,
                                         const char       *server_id,
                                         const char       *event,
                                         GError          **error);
/* Forgets the events starting with prefix, so they may be given again (the condition
 * they told of was resolved). */
gboolean    adept_store_forget_notifications (AdeptStore  *self,
                                         const char       *server_id,
                                         const char       *prefix,
                                         GError          **error);

/* The sync lock; ADEPT_ERROR_SYNC_BUSY when another process (or another engine of this
 * process) holds it. */
AdeptStoreLock *adept_store_lock_server (AdeptStore       *self,
                                         const char       *server_id,
                                         GError          **error);

/* Replacement details Apple gave (GET /device/replacementDetails); a second save of the
 * same replacement updates it. */
gboolean    adept_store_save_replacement (AdeptStore      *self,
                                         const char       *server_id,
                                         const AdeptReplacementDetails *details,
                                         GError          **error);
/* The details of a replacement device, NULL when none are kept. */
AdeptReplacementDetails *adept_store_get_replacement (AdeptStore *self,
                                         const char       *server_id,
                                         const char       *serial,
                                         GError          **error);
/* The replacement of an original device (released_by_replacement), NULL when unknown. */
AdeptReplacementDetails *adept_store_find_replacement_of (AdeptStore *self,
                                         const char       *server_id,
                                         const char       *original_serial,
                                         GError          **error);

/* One Activation Lock request and its answer. */
typedef struct {
  gint64  id;
  char   *serial_number;
  char   *status;      /* Apple's response_status, or "ERROR" when the request failed */
  char   *detail;      /* the error's sentence for ERROR, else NULL */
  gboolean escrowed;   /* sent with the hash of a bypass code kept in the keyring */
  gint64  time;
} AdeptLockRecord;

GType            adept_lock_record_get_type (void) G_GNUC_CONST;
AdeptLockRecord *adept_lock_record_copy     (const AdeptLockRecord *record);
void             adept_lock_record_free     (AdeptLockRecord       *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AdeptLockRecord, adept_lock_record_free)

/* status: Apple's response_status, or NULL with request_error for a request that failed. */
gboolean    adept_store_record_activation_lock (AdeptStore *self,
                                         const char       *server_id,
                                         const char       *serial,
                                         const char       *status,
                                         const GError     *request_error,
                                         gboolean          escrowed,
                                         GError          **error);
/* The newest record of a device, NULL when it was never locked from here. */
AdeptLockRecord *adept_store_get_activation_lock (AdeptStore *self,
                                         const char       *server_id,
                                         const char       *serial,
                                         GError          **error);
/* Oldest first: a device's records, or with serial NULL the newest record of every device. */
GPtrArray  *adept_store_list_activation_locks (AdeptStore *self,
                                         const char       *server_id,
                                         const char       *serial,
                                         GError          **error);

/* Device management migration needs a profile that makes Setup Assistant wait until the
 * MDM has configured the device (await_device_configured). TRUE when the server's default
 * profile is kept here without it; FALSE when it has it or there is no default. */
gboolean    adept_store_default_profile_lacks_await (AdeptStore *self,
                                         const char       *server_id);

/* Bumped by every committed change of a server's devices; the device list uses it to
 * load only what changed. */
gint64      adept_store_get_change_seq  (AdeptStore       *self,
                                         const char       *server_id);

G_END_DECLS
