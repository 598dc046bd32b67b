/* adept-organization-page.h — the Organization page: every device the organisation owns
 * through the Apple Business API, the MDM server each is on, and assigning devices to
 * this server (or another, or none) without Apple's website (issue 14)
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "adept-org-device-list.h"
#include "adept-org-job.h"
#include "adept-session.h"

G_BEGIN_DECLS

/* A view of a session (property "session"): the organisation its server is in (GET
 * /account's org_id), its connection, devices and MDM servers in the store.
 *
 * Signal "org-changed" (): the connection or the organisation's devices changed (connected,
 * listed, an activity ran, disconnected); adept_organization_page_get_view() says whether
 * it is connected now. */
#define ADEPT_TYPE_ORGANIZATION_PAGE (adept_organization_page_get_type ())
G_DECLARE_FINAL_TYPE (AdeptOrganizationPage, adept_organization_page, ADEPT, ORGANIZATION_PAGE, AdwBin)

void                adept_organization_page_set_session (AdeptOrganizationPage *self,
                                                         AdeptSession          *session);
AdeptSession       *adept_organization_page_get_session (AdeptOrganizationPage *self);
/* The organisation and this server in it while the API is connected, else NULL. */
const AdeptOrgView *adept_organization_page_get_view    (AdeptOrganizationPage *self);
/* "all", "unassigned", "other", "this" or "waiting" (assigned here, not yet synced). */
void                adept_organization_page_set_filter  (AdeptOrganizationPage *self,
                                                         const char            *filter);
const char         *adept_organization_page_get_filter  (AdeptOrganizationPage *self);

G_END_DECLS
