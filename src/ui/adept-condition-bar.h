/* adept-condition-bar.h — a bar under the header for conditions the admin has to act on
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "adept-session.h"

G_BEGIN_DECLS


#define ADEPT_TYPE_CONDITION_BAR (adept_condition_bar_get_type ())
G_DECLARE_FINAL_TYPE (AdeptConditionBar, adept_condition_bar, ADEPT, CONDITION_BAR, AdwBin)

/* Shows the session's condition and follows it (NULL: none). */
void            adept_condition_bar_set_session   (AdeptConditionBar *self,
                                                   AdeptSession      *session);

/* expiry is used by the token conditions, detail (a sentence) by SYNC_FAILED. */
void            adept_condition_bar_set_condition (AdeptConditionBar *self,
                                                   AdeptCondition     condition,
                                                   GDateTime         *expiry,
                                                   const char        *detail);
AdeptCondition  adept_condition_bar_get_condition (AdeptConditionBar *self);
const char     *adept_condition_bar_get_message   (AdeptConditionBar *self);
GtkWidget      *adept_condition_bar_get_button    (AdeptConditionBar *self);

G_END_DECLS
