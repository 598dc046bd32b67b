/* adept-nanodep-name.h — one DEP name a NanoDEP server keeps, and whether it is linked
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "adept-dep-account.h"

G_BEGIN_DECLS

#define ADEPT_TYPE_NANODEP_NAME (adept_nanodep_name_get_type ())
G_DECLARE_FINAL_TYPE (AdeptNanodepName, adept_nanodep_name, ADEPT, NANODEP_NAME, GObject)

/* A name with Apple's account for it (linked), or with the error /proxy/NAME/account
 * gave: ADEPT_ERROR_BACKEND_UPSTREAM when NanoDEP has no working token for it (not linked,
 * or Apple did not answer NanoDEP), others as adept-nanodep-client.h lists. */
AdeptNanodepName *adept_nanodep_name_new         (const char       *name,
                                                  AdeptDepAccount  *account,
                                                  const GError     *error);

const char       *adept_nanodep_name_get_name    (AdeptNanodepName *self);
/* NULL unless linked. */
AdeptDepAccount  *adept_nanodep_name_get_account (AdeptNanodepName *self);
/* NULL when linked. */
const GError     *adept_nanodep_name_get_error   (AdeptNanodepName *self);
gboolean          adept_nanodep_name_is_linked   (AdeptNanodepName *self);

G_END_DECLS
