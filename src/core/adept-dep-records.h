/* adept-dep-records.h — answers of the DEP endpoints Apple added after the first ones:
 * Activation Lock, replacement details, account-driven enrollment, beta enrollment tokens
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* response_status of POST /device/activationlock (dep-api.md §3.8); OTHER for a value
 * Apple may add later. */
typedef enum {
  ADEPT_LOCK_STATUS_SUCCESS,
  ADEPT_LOCK_STATUS_NOT_ACCESSIBLE,
  ADEPT_LOCK_STATUS_ORG_NOT_SUPPORTED,
  ADEPT_LOCK_STATUS_DEVICE_NOT_SUPPORTED,
  ADEPT_LOCK_STATUS_DEVICE_ALREADY_LOCKED,
  ADEPT_LOCK_STATUS_FAILED,
  ADEPT_LOCK_STATUS_OTHER,
} AdeptLockStatus;

AdeptLockStatus adept_lock_status_from_string (const char      *s);
/* Apple's word ("DEVICE_NOT_SUPPORTED"); "OTHER" for OTHER. */
const char     *adept_lock_status_to_string   (AdeptLockStatus  status);
/* A translated sentence: what the answer means and what to do. */
const char     *adept_lock_status_describe    (AdeptLockStatus  status);

typedef struct {
  char            *serial_number;
  char            *response_status;   /* as Apple sent it */
  AdeptLockStatus  status;
} AdeptLockAnswer;

/* GET /device/replacementDetails (protocol 10). */
typedef struct {
  char *serial_number;
  char *original_device_serial_number;
  char *replacement_date;             /* "YYYY-MM-DD", UTC, as Apple sends it */
} AdeptReplacementDetails;

/* GET /account-driven-enrollment/profile. */
typedef struct {
  char   *mdm_service_discovery_url;
  gint64  last_updated;               /* Unix seconds, 0 when Apple sent none */
} AdeptAccountEnrollment;

/* One of GET /os-beta-enrollment/tokens. */
typedef struct {
  char *title;
  char *os;                           /* iOS, OSX, tvOS, visionOS, watchOS, homePodOS */
  char *token;
} AdeptBetaToken;

GType adept_lock_answer_get_type         (void) G_GNUC_CONST;
GType adept_replacement_details_get_type (void) G_GNUC_CONST;
GType adept_account_enrollment_get_type  (void) G_GNUC_CONST;
GType adept_beta_token_get_type          (void) G_GNUC_CONST;

/* from_json: NULL with ADEPT_ERROR_MALFORMED_RESPONSE when a required member is missing.
 * to_json: Apple's member names. */
AdeptLockAnswer         *adept_lock_answer_new_from_json         (JsonObject *object,
                                                                  GError    **error);
JsonObject              *adept_lock_answer_to_json               (const AdeptLockAnswer *answer);
AdeptLockAnswer         *adept_lock_answer_copy                  (const AdeptLockAnswer *answer);
void                     adept_lock_answer_free                  (AdeptLockAnswer *answer);

AdeptReplacementDetails *adept_replacement_details_new_from_json (JsonObject *object,
                                                                  GError    **error);
JsonObject              *adept_replacement_details_to_json       (const AdeptReplacementDetails *details);
AdeptReplacementDetails *adept_replacement_details_copy          (const AdeptReplacementDetails *details);
void                     adept_replacement_details_free          (AdeptReplacementDetails *details);

AdeptAccountEnrollment  *adept_account_enrollment_new_from_json  (JsonObject *object,
                                                                  GError    **error);
JsonObject              *adept_account_enrollment_to_json        (const AdeptAccountEnrollment *enrollment);
AdeptAccountEnrollment  *adept_account_enrollment_copy           (const AdeptAccountEnrollment *enrollment);
void                     adept_account_enrollment_free           (AdeptAccountEnrollment *enrollment);

/* The tokens of the answer (betaEnrollmentTokens), a GPtrArray of AdeptBetaToken. */
GPtrArray               *adept_beta_tokens_new_from_json         (JsonObject *object,
                                                                  GError    **error);
/* {"betaEnrollmentTokens": […]} */
JsonObject              *adept_beta_tokens_to_json               (GPtrArray  *tokens);
AdeptBetaToken          *adept_beta_token_copy                   (const AdeptBetaToken *token);
void                     adept_beta_token_free                   (AdeptBetaToken *token);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AdeptLockAnswer, adept_lock_answer_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AdeptReplacementDetails, adept_replacement_details_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AdeptAccountEnrollment, adept_account_enrollment_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AdeptBetaToken, adept_beta_token_free)

G_END_DECLS
