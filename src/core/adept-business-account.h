/* adept-business-account.h — an organisation's Apple Business API account: Client ID,
 * Key ID and EC private key, kept in the keyring (abm-api.md §1)
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "adept-business-key.h"

G_BEGIN_DECLS

#define ADEPT_BUSINESS_DEFAULT_TOKEN_URL "https://account.apple.com/auth/oauth2/token"
#define ADEPT_BUSINESS_DEFAULT_API_URL   "https://api-business.apple.com"
#define ADEPT_SCHOOL_DEFAULT_API_URL     "https://api-school.apple.com"

#define ADEPT_TYPE_BUSINESS_ACCOUNT (adept_business_account_get_type ())
G_DECLARE_FINAL_TYPE (AdeptBusinessAccount, adept_business_account, ADEPT, BUSINESS_ACCOUNT, GObject)

/* One API account per organisation, shared by the organisation's servers in this
 * console. client_id is BUSINESSAPI.<uuid> (or SCHOOLAPI.<uuid>), key_id the Key ID shown
 * with it, key_pem the private key (adept_business_key_new_from_pem() rules). Refuses an
 * id of the wrong shape with ADEPT_ERROR_VALIDATION and a sentence saying where to copy
 * it from. */
AdeptBusinessAccount *adept_business_account_new           (const char            *org_id,
                                                            const char            *client_id,
                                                            const char            *key_id,
                                                            const char            *key_pem,
                                                            GError               **error);

const char           *adept_business_account_get_org_id    (AdeptBusinessAccount  *self);
const char           *adept_business_account_get_client_id (AdeptBusinessAccount  *self);
const char           *adept_business_account_get_key_id    (AdeptBusinessAccount  *self);
AdeptBusinessKey     *adept_business_account_get_key       (AdeptBusinessAccount  *self);
/* "business.api", or "school.api" for a SCHOOLAPI account. */
const char           *adept_business_account_get_scope     (AdeptBusinessAccount  *self);
/* Apple's API host for the account's kind (Business or School). */
const char           *adept_business_account_get_default_api_url (AdeptBusinessAccount *self);

/* The keyring item of the organisation (ADEPT_SECRET_BUSINESS_API): the ids and the key
 * in one secret, replaced as a whole. */
void                  adept_business_account_save_async    (AdeptBusinessAccount  *self,
                                                            GCancellable          *cancellable,
                                                            GAsyncReadyCallback    callback,
                                                            gpointer               user_data);
gboolean              adept_business_account_save_finish   (AdeptBusinessAccount  *self,
                                                            GAsyncResult          *result,
                                                            GError               **error);
/* ADEPT_ERROR_API_NOT_CONNECTED when the organisation has none. */
void                  adept_business_account_load_async    (const char            *org_id,
                                                            GCancellable          *cancellable,
                                                            GAsyncReadyCallback    callback,
                                                            gpointer               user_data);
AdeptBusinessAccount *adept_business_account_load_finish   (GAsyncResult          *result,
                                                            GError               **error);
void                  adept_business_account_forget_async  (const char            *org_id,
                                                            GCancellable          *cancellable,
                                                            GAsyncReadyCallback    callback,
                                                            gpointer               user_data);
gboolean              adept_business_account_forget_finish (GAsyncResult          *result,
                                                            GError               **error);

/* Blocking forms for adeptctl and tests. */
gboolean              adept_business_account_save_sync     (AdeptBusinessAccount  *self,
                                                            GCancellable          *cancellable,
                                                            GError               **error);
AdeptBusinessAccount *adept_business_account_load_sync     (const char            *org_id,
                                                            GCancellable          *cancellable,
                                                            GError               **error);
gboolean              adept_business_account_forget_sync   (const char            *org_id,
                                                            GCancellable          *cancellable,
                                                            GError               **error);

G_END_DECLS
