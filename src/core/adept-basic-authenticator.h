/* adept-basic-authenticator.h — HTTP Basic for an MDM backend that proxies Apple
 * (NanoDEP depserver: user "depserver", password = API key; dep-api.md §6)
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "adept-authenticator.h"

G_BEGIN_DECLS

#define ADEPT_TYPE_BASIC_AUTHENTICATOR (adept_basic_authenticator_get_type ())
G_DECLARE_FINAL_TYPE (AdeptBasicAuthenticator, adept_basic_authenticator, ADEPT, BASIC_AUTHENTICATOR, GObject)

/* The proxy does Apple's session itself, so a 401 here is final: wrong API key. The
 * password copy is wiped when the authenticator is finalized. */
AdeptBasicAuthenticator *adept_basic_authenticator_new (const char *username,
                                                        const char *password);

G_END_DECLS
