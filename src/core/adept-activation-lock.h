/* adept-activation-lock.h — locking devices with Activation Lock, codes escrowed first
 *
 * One place for what adeptctl and the console both do: a bypass code for each device
 * (the keyring's, when an earlier attempt stored one, else a new one stored now), every
 * code this keyring holds written to a passphrase-encrypted export, and only then
 * POST /device/activationlock one device at a time, each answer recorded in the store.
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "adept-dep-client.h"
#include "adept-store.h"

G_BEGIN_DECLS

/* The names bypass codes carry in an export file (adept-secret-bundle.h): this prefix and
 * the serial number. */
#define ADEPT_BYPASS_CODE_EXPORT_PREFIX "bypass-code/"

/* What happened to one device. */
typedef struct {
  char            *serial;
  char            *code;        /* the bypass code (a secret; adept_secret_free()), NULL when skipped */
  gboolean         generated;   /* made by this run, else found in the keyring */
  AdeptLockAnswer *answer;      /* Apple's answer; NULL when skipped or the request failed */
  GError          *error;       /* the request's failure */
  char            *skipped;     /* why it was not sent ("already locked from this computer on …") */
} AdeptLockOutcome;

void        adept_lock_outcome_free    (AdeptLockOutcome *outcome);
/* Apple's word, "SKIPPED" or "ERROR". */
const char *adept_lock_outcome_word    (const AdeptLockOutcome *outcome);
/* TRUE when locked now or skipped as locked before. */
gboolean    adept_lock_outcome_is_done (const AdeptLockOutcome *outcome);

/* After each device's answer: done of total. */
typedef void (*AdeptLockProgressFunc) (guint    done,
                                       guint    total,
                                       gpointer user_data);

/* Locks serials (NULL-terminated) of server_id. export_path gets every bypass code this
 * keyring holds, encrypted with passphrase (ADEPT_SECRET_BUNDLE_MIN_PASSPHRASE or more);
 * nothing reaches Apple unless the keyring and the file took the codes (then the result is
 * that error, and no device was locked). The result is a GPtrArray of AdeptLockOutcome in
 * the order of serials; *n_exported (may be NULL) the number of codes the file holds. */
void        adept_activation_lock_async  (AdeptDepClient        *client,
                                          AdeptStore            *store,
                                          const char            *server_id,
                                          const char * const    *serials,
                                          const char            *export_path,
                                          const char            *passphrase,
                                          const char            *lost_message,
                                          AdeptLockProgressFunc  progress,
                                          gpointer               progress_data,
                                          GCancellable          *cancellable,
                                          GAsyncReadyCallback    callback,
                                          gpointer               user_data);
GPtrArray  *adept_activation_lock_finish (GAsyncResult          *result,
                                          guint                 *n_exported,
                                          GError               **error);

G_END_DECLS
