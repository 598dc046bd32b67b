/* adept-session.h — one linked DEP server, and everything Adept does with it
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "adept-activation-lock.h"
#include "adept-batch-job.h"
#include "adept-dep-client.h"
#include "adept-dep-profile.h"
#include "adept-profile-names.h"
#include "adept-server.h"
#include "adept-server-token.h"
#include "adept-store.h"
#include "adept-sync-engine.h"

G_BEGIN_DECLS

/* Where a session stands. */
typedef enum {
  ADEPT_SESSION_STATE_UNLINKED,  /* no token: the link steps */
  ADEPT_SESSION_STATE_LINKED,    /* linked; its credentials are not loaded (yet, or could not be) */
  ADEPT_SESSION_STATE_READY,     /* linked and connected: a DEP client, a sync engine */
} AdeptSessionState;

/* What the admin has to act on, most urgent first: when several hold, a session shows the
 * first. */
typedef enum {
  ADEPT_CONDITION_NONE,
  ADEPT_CONDITION_TOKEN_EXPIRED,
  ADEPT_CONDITION_TOKEN_REJECTED,
  ADEPT_CONDITION_TERMS_NOT_SIGNED,
  ADEPT_CONDITION_SYNC_FAILED,        /* condition-detail says why */
  ADEPT_CONDITION_TOKEN_EXPIRES_SOON,
} AdeptCondition;

/* What a kind adds to a step an admin is about to take (adept_session_dup_caution()). */
typedef enum {
  ADEPT_SESSION_CAUTION_KEY,      /* before the public key is fetched */
  ADEPT_SESSION_CAUTION_LINK,     /* before a token is linked, or renews the link */
  ADEPT_SESSION_CAUTION_UNLINK,   /* what an unlink leaves where */
} AdeptSessionCaution;

typedef enum {
  ADEPT_SESSION_LINK_NONE = 0,
  /* Replace the server token of another MDM server where the kind's server refuses it
   * (ADEPT_ERROR_BACKEND_CONSUMER_KEY): only after the admin confirmed. */
  ADEPT_SESSION_LINK_FORCE = 1 << 0,
} AdeptSessionLinkFlags;

/* A fact of the kind's own, for "token show" and the console (what server, which name). */
typedef struct {
  const char *name;    /* for JSON: "nanodep_url" */
  char       *label;   /* translated, "NanoDEP server:" */
  char       *value;
} AdeptSessionFact;

/* The operation a session is running ("operation"). */
typedef enum {
  ADEPT_SESSION_OPERATION_NONE,
  ADEPT_SESSION_OPERATION_KEY,
  ADEPT_SESSION_OPERATION_LINK,
  ADEPT_SESSION_OPERATION_UNLINK,
  ADEPT_SESSION_OPERATION_SYNC,
  ADEPT_SESSION_OPERATION_JOB,        /* assign, remove or refresh: see "job" */
  ADEPT_SESSION_OPERATION_DEFINE,
  ADEPT_SESSION_OPERATION_ADOPT,
  ADEPT_SESSION_OPERATION_DEFAULT,
} AdeptSessionOperation;

/* AdeptSession: one per DEP server, in src/core so the console and adeptctl share it. It
 * owns the server's storage (AdeptServer: server.ini, and through its kind the keys and
 * credentials), its rows in the store, the DEP client, the sync engine and the nightly
 * schedule, and offers every business step as a cancellable _async/_finish call. Each step
 * writes its audit entry, and every batch of serials goes through AdeptBatchJob, so the
 * console and adeptctl leave the same assign attempts, profile rows and audit entries.
 *
 * One operation at a time. The mutating calls (key, link, unlink, sync, assign, remove,
 * refresh, define, adopt, default) are queued and run one after another, in the order they
 * were made; a call's cancellable also takes it out of the queue. A sync asked for while
 * one runs joins it. Across processes the server's lock in the store (the sync lock, an
 * flock) is held for the whole operation: when another Adept program (the console or
 * adeptctl) is working on the server, the call fails at once with ADEPT_ERROR_SYNC_BUSY
 * rather than waiting an unknown time. Reading calls (inspect a token, fetch a profile from
 * Apple, refresh the account) are not queued.
 *
 * Kinds. How a server is reached is its kind: a subclass implements the vfuncs below and
 * is registered by its kind name (the "kind" of server.ini) in adept-session.c's table.
 * AdeptDirectSession ("local") calls Apple with keys in this user's keyring; a session
 * through a team's NanoDEP server keeps the keys and the token there (design.md §7).
 *
 * Properties (all notify; bind pages to them rather than polling):
 *   "id"                 server id (string, construct-only)
 *   "server", "store"    AdeptServer, AdeptStore (construct-only)
 *   "kind-name"          "local"…, the class's kind name
 *   "display-name"       Apple's server name, else the token's, else the id
 *   "state"              AdeptSessionState
 *   "linked"             state != UNLINKED
 *   "condition"          AdeptCondition; "condition-detail" the sentence of SYNC_FAILED
 *   "token-expiry"       GDateTime, NULL when unlinked or unknown
 *   "account-updated-at" GDateTime of the last GET /account kept (facts: adept_session_get_account_fact)
 *   "device-count"       current devices in the store, -1 when unlinked
 *   "default-profile"    UUID of the profile new devices get, or NULL
 *   "last-sync"          AdeptJournalEntry of the newest run, or NULL
 *   "syncing", "sync-pages", "sync-devices"  a run and its progress
 *   "next-sync"          when the schedule runs next (Unix seconds), 0 when off
 *   "busy", "operation"  an operation is running, and which (AdeptSessionOperation)
 *   "job"                the AdeptBatchJob of a running assign, remove or refresh
 *   "client"             AdeptDepClient once READY, else NULL
 *   "auto-sync"          (read-write, default FALSE) run the nightly schedule and the
 *                        assign retries while the session lives: the console sets it, adeptctl not
 *   "sync-time"          (read-write, "HH:MM", default "02:00") the schedule's local time
 *   "token-warning-days" (read-write, default 30) days before expiry that TOKEN_EXPIRES_SOON starts
 *
 * Signals:
 *   "devices-changed" ()  the server's devices changed in the store (a sync page, a refresh)
 *   "profiles-changed" () profiles or the default changed in the store
 *   "notice" (const char *message)  something the admin should read that is no error of a
 *                         call: an action done but not written to the audit log, a sync in the
 *                         background that failed. */
#define ADEPT_TYPE_SESSION (adept_session_get_type ())
G_DECLARE_DERIVABLE_TYPE (AdeptSession, adept_session, ADEPT, SESSION, GObject)

/* The kind-specific steps. The base class queues and locks, then calls these; they store
 * what the kind keeps and nothing more (the audit log, the store's rows and the state are
 * the base class's). Each _finish is the usual GTask one. */
struct _AdeptSessionClass
{
  GObjectClass parent_class;

  /* server.ini's "kind" for this class, and how the console names it (translatable). */
  const char *kind_name;
  const char *kind_label;
  const char *kind_description;

  /* The certificate to upload in Apple Business Manager (PEM), making the key pair first
   * where the kind keeps it. */
  void              (*dup_public_key_async)   (AdeptSession         *self,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
  char             *(*dup_public_key_finish)  (AdeptSession         *self,
                                               GAsyncResult         *result,
                                               GError              **error);

  /* Reads a token file and stores nothing; may fail with ADEPT_ERROR_FAILED where only the
   * server can decrypt (the console then confirms without the token's facts). */
  void              (*inspect_token_async)    (AdeptSession         *self,
                                               GFile                *file,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
  AdeptServerToken *(*inspect_token_finish)   (AdeptSession         *self,
                                               GAsyncResult         *result,
                                               GError              **error);

  /* Links or renews with the token file: stores the credentials where the kind keeps them,
   * then records the link with adept_server_record_link() (with base_url, NULL: keep).
   * On failure nothing it carries may be left stored. */
  void              (*link_async)             (AdeptSession         *self,
                                               GFile                *token,
                                               const char           *token_name,
                                               const char           *base_url,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
  gboolean          (*link_finish)            (AdeptSession         *self,
                                               GAsyncResult         *result,
                                               GError              **error);

  /* Forgets what the kind keeps here (keyring items), then adept_server_forget(). The store's
   * rows are the base class's. */
  void              (*unlink_async)           (AdeptSession         *self,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
  gboolean          (*unlink_finish)          (AdeptSession         *self,
                                               GAsyncResult         *result,
                                               GError              **error);

  /* A DEP client with the stored credentials, talking to base_url (the stored one, or the
   * override of adept_session_override_base_url()). */
  void              (*create_client_async)    (AdeptSession         *self,
                                               const char           *base_url,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
  AdeptDepClient   *(*create_client_finish)   (AdeptSession         *self,
                                               GAsyncResult         *result,
                                               GError              **error);

  /* Optional: the default profile changed in the store (uuid NULL: none). A kind whose
   * server assigns it by itself tells its server here. The default does nothing. */
  void              (*default_changed_async)  (AdeptSession         *self,
                                               const char           *uuid,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
  gboolean          (*default_changed_finish) (AdeptSession         *self,
                                               GAsyncResult         *result,
                                               GError              **error);

  /* Optional: which new devices the local sync engine gives the default profile
   * (ADEPT_AUTO_ASSIGN_ALL by default; less where the server's own assigner takes some). */
  AdeptAutoAssign   (*get_auto_assign)        (AdeptSession         *self);

  /* Optional: a translated sentence on what the kind does differently at a step, for the
   * admin to read before it (NULL: nothing to add); *confirm TRUE when the step would undo
   * something, so the admin confirms it (a dialog, a flag of adeptctl). */
  char             *(*dup_caution)            (AdeptSession         *self,
                                               AdeptSessionCaution   caution,
                                               gboolean             *confirm);

  /* Optional: the kind's own follow-up of a sync that went well (profiles a colleague
   * defined, the server's default), before the caller of the sync gets its result. It may
   * queue operations; its failure is a notice, not the sync's. */
  void              (*after_sync_async)       (AdeptSession         *self,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
  gboolean          (*after_sync_finish)      (AdeptSession         *self,
                                               GAsyncResult         *result,
                                               GError              **error);

  /* Optional: the kind's own facts (AdeptSessionFact), NULL for none. */
  GPtrArray        *(*dup_facts)              (AdeptSession         *self);

  gpointer padding[4];
};

/* The session of server_id, its kind read from server.ini; a server never set up gets
 * kind_name's class (NULL: "local"). A kind this build does not know is
 * ADEPT_ERROR_STORE_TOO_NEW. The store is shared by every session of a process. */
AdeptSession       *adept_session_new_for_id      (const char          *server_id,
                                                   const char          *kind_name,
                                                   AdeptStore          *store,
                                                   GError             **error);
/* The GType registered for a kind name, or G_TYPE_INVALID. */
GType               adept_session_lookup_kind     (const char          *kind_name);
/* The kinds this build knows, in the order Add DEP Server… offers them (NULL-terminated). */
const char * const *adept_session_get_kind_names  (void);
/* A kind's label and description, translated; NULL for a kind this build does not know. */
const char         *adept_session_kind_get_label  (const char          *kind_name);
const char         *adept_session_kind_get_description (const char     *kind_name);

const char         *adept_session_get_id          (AdeptSession        *self);
const char         *adept_session_get_kind_name   (AdeptSession        *self);
/* Translated. */
const char         *adept_session_get_kind_label  (AdeptSession        *self);
AdeptServer        *adept_session_get_server      (AdeptSession        *self);
AdeptStore         *adept_session_get_store       (AdeptSession        *self);
AdeptDepClient     *adept_session_get_client      (AdeptSession        *self);
AdeptSyncEngine    *adept_session_get_engine      (AdeptSession        *self);
const char         *adept_session_get_display_name (AdeptSession       *self);
AdeptSessionState   adept_session_get_state       (AdeptSession        *self);
gboolean            adept_session_get_linked      (AdeptSession        *self);
AdeptCondition      adept_session_get_condition   (AdeptSession        *self);
const char         *adept_session_get_condition_detail (AdeptSession   *self);
GDateTime          *adept_session_get_token_expiry (AdeptSession       *self);
/* A fact of GET /account (ADEPT_ACCOUNT_*), kept from the last time Apple was asked. */
const char         *adept_session_get_account_fact (AdeptSession       *self,
                                                   const char          *key);
int                 adept_session_get_device_count (AdeptSession       *self);
const char         *adept_session_get_default_profile (AdeptSession    *self);
const AdeptJournalEntry *adept_session_get_last_sync (AdeptSession     *self);
gboolean            adept_session_get_syncing     (AdeptSession        *self);
gboolean            adept_session_get_busy        (AdeptSession        *self);
AdeptSessionOperation adept_session_get_operation (AdeptSession        *self);
AdeptBatchJob      *adept_session_get_job         (AdeptSession        *self);
gint64              adept_session_get_next_sync   (AdeptSession        *self);

void                adept_session_set_auto_sync   (AdeptSession        *self,
                                                   gboolean             auto_sync);
/* "HH:MM"; a malformed time falls back to 02:00. */
void                adept_session_set_sync_time   (AdeptSession        *self,
                                                   const char          *sync_time);
void                adept_session_set_token_warning_days (AdeptSession *self,
                                                   guint                days);

/* How Adept names the server's stored profiles (cached; rebuilt after "profiles-changed").
 * Every list, menu and panel names profiles through it, so no two read the same. */
AdeptProfileNames  *adept_session_get_profile_names (AdeptSession      *self);
/* The same for one UUID: the name to show, or NULL for a profile the store does not have
 * (yet: one found on devices is adopted after the next sync). */
const char         *adept_session_get_profile_display_name (AdeptSession *self,
                                                   const char          *uuid);

/* What the admin should hear of even with the console closed: desktop notifications. */
typedef enum {
  ADEPT_ALERT_TOKEN_EXPIRES,     /* 30, 7 and 1 days before */
  ADEPT_ALERT_TOKEN_EXPIRED,
  ADEPT_ALERT_TOKEN_REJECTED,    /* revoked or replaced in Apple Business Manager */
  ADEPT_ALERT_TERMS,             /* new terms to accept */
  ADEPT_ALERT_SYNC_FAILED,       /* a sync nobody watched (ADEPT_SYNC_FLAGS_UNATTENDED) */
} AdeptAlertKind;

typedef struct {
  AdeptAlertKind  kind;
  char           *event;   /* what the store remembers it by, per server */
  char           *title;   /* translated */
  char           *body;
} AdeptAlert;

void                adept_alert_free              (AdeptAlert          *alert);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AdeptAlert, adept_alert_free)

/* The alerts due now that no Adept program of this user has given yet (the store keeps
 * what was given, per server and event), each marked given: call it after a sync, when
 * the condition changes, and now and then for the token's countdown. A trouble Apple
 * reported (rejected token, terms) may be told again once Apple has said otherwise. */
GPtrArray          *adept_session_take_alerts     (AdeptSession        *self);

/* The console's application action a notification's click activates, with the target
 * (server id, place): "settings" (the server's Settings page) or "renew" (Settings, then
 * Renew Server Token). Under the console's application id the desktop starts the console
 * to run it (D-Bus activation), whether the console or adeptctl sent the notification. */
#define ADEPT_ALERT_ACTION "app.show-server"
/* The notification for an alert of server_id, and its id in *id (free it). */
GNotification      *adept_alert_new_notification  (const AdeptAlert    *alert,
                                                   const char          *server_id,
                                                   char               **id);

/* Newest first; limit 0 for every run. */
GPtrArray          *adept_session_list_journal    (AdeptSession        *self,
                                                   guint                limit,
                                                   GError             **error);

/* Talk to another DEP endpoint for the life of this session (adeptctl --base-url, the
 * demo's simulator), without storing it. Before connecting. */
gboolean            adept_session_override_base_url (AdeptSession      *self,
                                                   const char          *base_url,
                                                   GError             **error);
/* Trust a private CA file, or only the certificate with this SHA-256, for the life of this
 * session instead of the stored setting (adeptctl --ca-file, --pin-sha256); both NULL:
 * the system's CAs. Before connecting. Errors as adept_server_set_tls_trust(). */
gboolean            adept_session_override_tls_trust (AdeptSession     *self,
                                                   const char          *ca_file,
                                                   const char          *pin_sha256,
                                                   GError             **error);
/* The trust in force: the override, else the stored setting (each NULL when unset). */
void                adept_session_dup_tls_trust   (AdeptSession        *self,
                                                   char               **ca_file,
                                                   char               **pin_sha256);
/* Stores the trust (adept_server_set_tls_trust(); audited) and reconnects with it when
 * connected. ADEPT_ERROR_SYNC_BUSY during a sync. */
gboolean            adept_session_set_tls_trust   (AdeptSession        *self,
                                                   const char          *ca_file,
                                                   const char          *pin_sha256,
                                                   GError             **error);
/* Export and import (adept-session-transfer.c): a linked server's key pair, token
 * credentials and base URL, with every Activation Lock bypass code this computer keeps, in
 * one passphrase-encrypted PKCS#12 file (adept-secret-bundle.h, written mode 0600), so a
 * replacement computer continues without a new token. Audited ("exported"/"imported":
 * the file and how many codes, never a secret). Not queued; the passphrase is copied to
 * secret memory and wiped after.
 *
 * Export: ADEPT_ERROR_NOT_LINKED when unlinked or of a kind whose key pair lives on its
 * own server (NanoDEP); ADEPT_ERROR_BAD_REQUEST for a passphrase shorter than
 * ADEPT_SECRET_BUNDLE_MIN_PASSPHRASE (adept_session_describe_weak_passphrase()). */
void                adept_session_export_async    (AdeptSession        *self,
                                                   const char          *path,
                                                   const char          *passphrase,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean            adept_session_export_finish   (AdeptSession        *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);
/* Import links this (unlinked) server from such a file: ADEPT_ERROR_ALREADY_LINKED when it
 * is linked, or when the file's MDM server is linked here under another name;
 * ADEPT_ERROR_WRONG_PASSPHRASE; ADEPT_ERROR_EXPORT_DAMAGED (also for a file that holds no
 * server); ADEPT_ERROR_FILE for what is no regular file or too large;
 * ADEPT_ERROR_TOKEN_EXPIRED; all refused before anything is stored. */
void                adept_session_import_async    (AdeptSession        *self,
                                                   const char          *path,
                                                   const char          *passphrase,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean            adept_session_import_finish   (AdeptSession        *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);
/* Blocking forms for adeptctl: each runs its _async call on a private main context. */
gboolean            adept_session_export_sync     (AdeptSession        *self,
                                                   const char          *path,
                                                   const char          *passphrase,
                                                   GCancellable        *cancellable,
                                                   GError             **error);
gboolean            adept_session_import_sync     (AdeptSession        *self,
                                                   const char          *path,
                                                   const char          *passphrase,
                                                   GCancellable        *cancellable,
                                                   GError             **error);
/* The sentence for a passphrase too short for an export. */
const char         *adept_session_describe_weak_passphrase (void);
/* The DEP endpoint the session uses: the override, else the stored one. */
const char         *adept_session_get_base_url    (AdeptSession        *self);

/* LINKED → READY: loads the credentials (the keyring may ask to be unlocked), makes the
 * DEP client, the engine and, with auto-sync, the schedule; then asks Apple for the account
 * in the background. ADEPT_ERROR_NOT_LINKED when unlinked. Joins a connection under way;
 * TRUE at once when READY. */
void                adept_session_connect_async   (AdeptSession        *self,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean            adept_session_connect_finish  (AdeptSession        *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* GET /account, kept in server.ini ("account-updated-at"); Apple's verdict on the token
 * sets the condition. Not queued. The result is Apple's answer, every field of it. */
void                adept_session_refresh_account_async  (AdeptSession        *self,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
AdeptDepAccount    *adept_session_refresh_account_finish (AdeptSession        *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);

/* Locks devices with Activation Lock (adept-activation-lock.h: codes in the keyring and
 * the export file before Apple hears of any), audited ("activation-lock": how many, and
 * where the export went). The result: a GPtrArray of AdeptLockOutcome. Not queued. */
void                adept_session_activation_lock_async  (AdeptSession          *self,
                                                          const char * const    *serials,
                                                          const char            *export_path,
                                                          const char            *passphrase,
                                                          const char            *lost_message,
                                                          AdeptLockProgressFunc  progress,
                                                          gpointer               progress_data,
                                                          GCancellable          *cancellable,
                                                          GAsyncReadyCallback    callback,
                                                          gpointer               user_data);
GPtrArray          *adept_session_activation_lock_finish (AdeptSession          *self,
                                                          GAsyncResult          *result,
                                                          guint                 *n_exported,
                                                          GError               **error);

/* Account-driven enrollment's service discovery URL: what Apple holds now (NULL without an
 * error when none is set). Not queued. */
void                adept_session_get_account_enrollment_async  (AdeptSession        *self,
                                                                 GCancellable        *cancellable,
                                                                 GAsyncReadyCallback  callback,
                                                                 gpointer             user_data);
AdeptAccountEnrollment *adept_session_get_account_enrollment_finish (AdeptSession    *self,
                                                                 GAsyncResult        *result,
                                                                 GError             **error);
/* Sets it (url) or clears it (url NULL), audited ("account-enrollment-set" with the URL,
 * "account-enrollment-cleared"), then asks Apple again: the result is what Apple holds
 * now, with its last-updated time (NULL without an error once cleared). */
void                adept_session_set_account_enrollment_async  (AdeptSession        *self,
                                                                 const char          *url,
                                                                 GCancellable        *cancellable,
                                                                 GAsyncReadyCallback  callback,
                                                                 gpointer             user_data);
AdeptAccountEnrollment *adept_session_set_account_enrollment_finish (AdeptSession    *self,
                                                                 GAsyncResult        *result,
                                                                 GError             **error);

/* Link step 1: the public key to upload in Apple Business Manager (PEM). Queued (it may
 * make and store the key pair: "key-generated" in the audit log). */
void                adept_session_dup_public_key_async  (AdeptSession        *self,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
char               *adept_session_dup_public_key_finish (AdeptSession        *self,
                                                         GAsyncResult        *result,
                                                         GError             **error);

/* Reads a token file and stores nothing. An expired token is returned too, so its date can
 * be shown; adept_session_check_token() says whether it can be linked. */
void                adept_session_inspect_token_async  (AdeptSession        *self,
                                                        GFile               *file,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
AdeptServerToken   *adept_session_inspect_token_finish (AdeptSession        *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);
/* Expired (ADEPT_ERROR_TOKEN_EXPIRED), or another MDM server's while this one is linked
 * (ADEPT_ERROR_TOKEN_OTHER_SERVER, naming both when token_name is known). */
gboolean            adept_session_check_token     (AdeptSession        *self,
                                                   AdeptServerToken    *token,
                                                   const char          *token_name,
                                                   GError             **error);

/* Links (unlinked) or renews (linked) with a token file; base_url NULL keeps the stored
 * DEP endpoint. Nothing the call carries (credentials, base URL, token name, the store's
 * row) is stored unless it succeeds. Then connects ("linked"/"renewed" in the audit log). */
void                adept_session_link_async      (AdeptSession        *self,
                                                   GFile               *token,
                                                   const char          *base_url,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean            adept_session_link_finish     (AdeptSession        *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* The same, with flags (ADEPT_SESSION_LINK_FORCE). Finish with adept_session_link_finish(). */
void                adept_session_link_full_async (AdeptSession         *self,
                                                   GFile                *token,
                                                   const char           *base_url,
                                                   AdeptSessionLinkFlags flags,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);

/* What the kind adds before a step (see AdeptSessionCaution), translated; NULL: nothing.
 * confirm (may be NULL): whether the admin must confirm the step after reading it. */
char               *adept_session_dup_caution     (AdeptSession        *self,
                                                   AdeptSessionCaution  caution,
                                                   gboolean            *confirm);
/* The kind's facts, in the order to show them (never NULL). */
GPtrArray          *adept_session_dup_facts       (AdeptSession        *self);
AdeptSessionFact   *adept_session_fact_new        (const char          *name,
                                                   const char          *label,
                                                   const char          *value);
void                adept_session_fact_free       (AdeptSessionFact    *fact);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AdeptSessionFact, adept_session_fact_free)
/* Which new devices this console's sync gives the default profile (see AdeptAutoAssign). */
AdeptAutoAssign     adept_session_get_auto_assign (AdeptSession        *self);

/* Forgets the server here: its keys and credentials, its folder, its devices, profiles,
 * journal and attempts in the store (the audit log keeps its rows). Apple Business
 * Manager keeps the MDM server and its devices' assignments. */
void                adept_session_unlink_async    (AdeptSession        *self,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean            adept_session_unlink_finish   (AdeptSession        *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* One sync run (see AdeptSyncEngine); READY only. The result is the run's journal entry. */
void                adept_session_sync_async      (AdeptSession        *self,
                                                   AdeptSyncFlags       flags,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
AdeptJournalEntry  *adept_session_sync_finish     (AdeptSession        *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);
/* Stops the running sync after its current page (whoever started it: Force Sync, the
 * schedule); what it committed is kept. */
void                adept_session_cancel_sync     (AdeptSession        *self);

/* A batch job of this server, as an admin runs it (ADEPT_ASSIGN_ORIGIN_MANUAL), for a
 * caller that wants its progress: connect to it, then adept_session_run_job_async().
 * profile_uuid as adept_batch_job_new(). NULL with ADEPT_ERROR_NOT_LINKED unless READY. */
AdeptBatchJob      *adept_session_create_job      (AdeptSession        *self,
                                                   AdeptBatchKind       kind,
                                                   const char          *profile_uuid,
                                                   const char * const  *serials,
                                                   GError             **error);
/* Queued; the job's answers (see adept_batch_job_run_finish()). "devices-changed" after a
 * refresh. */
void                adept_session_run_job_async   (AdeptSession        *self,
                                                   AdeptBatchJob       *job,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
AdeptDeviceResults *adept_session_run_job_finish  (AdeptSession        *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);
/* The same in one call each: assign a profile, remove the profile of devices (profile_uuid,
 * the profile they had, only names it in the audit log; may be NULL), refresh devices from
 * Apple. Finish with adept_session_run_job_finish(). */
void                adept_session_assign_async    (AdeptSession        *self,
                                                   const char          *profile_uuid,
                                                   const char * const  *serials,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
void                adept_session_remove_async    (AdeptSession        *self,
                                                   const char          *profile_uuid,
                                                   const char * const  *serials,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
void                adept_session_refresh_async   (AdeptSession        *self,
                                                   const char * const  *serials,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);

/* Checks the profile against adept_profile_validate() (ADEPT_ERROR_VALIDATION, nothing
 * sent), defines it with POST /profile, keeps it in the store and audits "profile-define".
 * replaces: the stored profile it replaces (Apple cannot change one), or NULL; when that
 * was the default, the new one becomes the default. The results carry the new UUID
 * (adept_device_results_get_profile_uuid) and the answers for the profile's devices. */
void                adept_session_define_profile_async  (AdeptSession        *self,
                                                         AdeptDepProfile     *profile,
                                                         const char          *replaces,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
AdeptDeviceResults *adept_session_define_profile_finish (AdeptSession        *self,
                                                         GAsyncResult        *result,
                                                         GError             **error);

/* Adopts a profile defined elsewhere (another MDM, an earlier install): GET /profile by
 * its UUID, kept in the store as adopted (ADEPT_PROFILE_ORIGIN_ADOPTED), "profile-adopt"
 * in the audit log. Apple's copy of the profile is the result. */
void                adept_session_adopt_profile_async   (AdeptSession        *self,
                                                         const char          *profile_uuid,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
AdeptDepProfile    *adept_session_adopt_profile_finish  (AdeptSession        *self,
                                                         GAsyncResult        *result,
                                                         GError             **error);

/* Apple's copy of a profile, stored nowhere ("Show on Apple", adeptctl profiles show).
 * Not queued. */
void                adept_session_fetch_profile_async   (AdeptSession        *self,
                                                         const char          *profile_uuid,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
AdeptDepProfile    *adept_session_fetch_profile_finish  (AdeptSession        *self,
                                                         GAsyncResult        *result,
                                                         GError             **error);

/* Makes a stored profile the one new devices get (NULL: none), "profile-default" in the
 * audit log. ADEPT_ERROR_NOT_FOUND for a profile the store does not have. */
void                adept_session_set_default_profile_async  (AdeptSession        *self,
                                                              const char          *profile_uuid,
                                                              GCancellable        *cancellable,
                                                              GAsyncReadyCallback  callback,
                                                              gpointer             user_data);
gboolean            adept_session_set_default_profile_finish (AdeptSession        *self,
                                                              GAsyncResult        *result,
                                                              GError             **error);

/* For subclasses. */
/* Emits "notice". */
void                adept_session_notice          (AdeptSession        *self,
                                                   const char          *message);
/* An entry in the audit log (details never a secret); a failure to write it is a notice. */
void                adept_session_audit           (AdeptSession        *self,
                                                   const char          *action,
                                                   const char          *details);
/* A kind's own operation (adept_direct_session_import_key_pair_async…), queued with the
 * others: start runs when its turn comes, with the server's lock held when lock is TRUE.
 * Takes the task. start must end with adept_session_operation_done() before returning
 * the task (or returning an error on it). */
typedef void (*AdeptSessionOpFunc) (AdeptSession *self,
                                    GTask        *task);
void                adept_session_queue_operation (AdeptSession          *self,
                                                   AdeptSessionOperation  kind,
                                                   GTask                 *task,
                                                   AdeptSessionOpFunc     start,
                                                   gboolean               lock);
void                adept_session_operation_done  (AdeptSession        *self);
/* The flags of the link being run (for link_async). */
AdeptSessionLinkFlags adept_session_get_link_flags (AdeptSession       *self);
/* The kind's credentials changed outside a link (an API key entered again): the client
 * goes, Apple's last word is forgotten, and a linked session connects again. */
void                adept_session_credentials_changed (AdeptSession    *self);
/* The server's own default profile, learnt from it (another admin set it there): kept as
 * the store's default without telling the server, "profile-default" in the audit log with
 * details. The profile must be in the store (adopt it first): else ADEPT_ERROR_NOT_FOUND. */
gboolean            adept_session_record_default_profile (AdeptSession *self,
                                                   const char          *profile_uuid,
                                                   const char          *details,
                                                   GError             **error);

G_END_DECLS
