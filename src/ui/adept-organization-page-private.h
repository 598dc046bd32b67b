/* adept-organization-page-private.h — the Organization page's parts, and what tests reach
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "adept-organization-page.h"

G_BEGIN_DECLS

struct _AdeptOrganizationPage
{
  AdwBin              parent_instance;

  /* Template */
  GtkStack           *stack;
  AdwStatusPage      *listing_status;
  GtkProgressBar     *listing_bar;
  GtkSearchEntry     *search_entry;
  GtkDropDown        *filter_dropdown;
  GtkColumnView      *column_view;
  GtkWidget          *no_match_page;
  GtkLabel           *summary_label;
  GtkRevealer        *progress_revealer;
  GtkProgressBar     *progress_bar;
  GtkLabel           *progress_label;

  /* Owned */
  AdeptSession       *session;
  AdeptStore         *store;
  char               *org_id;
  char               *dep_server;
  char               *this_server_id;
  AdeptOrgView        view;
  gboolean            connected;      /* the store has the organisation's connection */
  gint64              listed;         /* the last complete listing from Apple, 0: never */
  AdeptOrg           *org;            /* opened (account from the keyring), or NULL */
  AdeptOrgDeviceList *list;
  GtkCustomFilter    *waiting_filter; /* "waiting": on this server, not in the DEP sync yet */
  GtkFilterListModel *filtered;
  GtkMultiSelection  *selection;
  GCancellable       *cancellable;    /* opening, listing or a job */
  AdeptOrgJob        *job;            /* the activity under way */
  AdwMessageDialog   *dialog;         /* the page's open dialog */
  guint               busy : 1;
  guint               listing : 1;
};

/* adept-organization-page.c */
void       _adept_organization_page_update    (AdeptOrganizationPage *self);
/* Reads the store again (after an activity), tells "org-changed". */
void       _adept_organization_page_reload    (AdeptOrganizationPage *self);
/* Opens the organisation (the account from the keyring) and lists it when it never was. */
void       _adept_organization_page_open      (AdeptOrganizationPage *self);
void       _adept_organization_page_list      (AdeptOrganizationPage *self);
GPtrArray *_adept_organization_page_dup_selected (AdeptOrganizationPage *self);

/* adept-organization-page-actions.c: connect, assign, unassign, migrate */
void       _adept_organization_page_actions_init   (GtkWidgetClass        *widget_class);
void       _adept_organization_page_actions_update (AdeptOrganizationPage *self);
/* Runs an activity on serials with its progress, then the summary. */
void       _adept_organization_page_run_job   (AdeptOrganizationPage *self,
                                               AdeptOrgActivityType   type,
                                               const char * const    *serials,
                                               const char            *server_id,
                                               gint64                 deadline);

/* For tests: "not-linked", "unknown-org", "not-connected", "listing", "devices",
 * "no-match". */
const char       *adept_organization_page_get_state     (AdeptOrganizationPage *self);
GListModel       *adept_organization_page_get_model     (AdeptOrganizationPage *self);
GtkSelectionModel *adept_organization_page_get_selection (AdeptOrganizationPage *self);
GtkEditable      *adept_organization_page_get_search_entry (AdeptOrganizationPage *self);
AdwMessageDialog *adept_organization_page_get_dialog    (AdeptOrganizationPage *self);
gboolean          adept_organization_page_get_busy      (AdeptOrganizationPage *self);
AdeptOrgJob      *adept_organization_page_get_job       (AdeptOrganizationPage *self);
const char       *adept_organization_page_get_summary   (AdeptOrganizationPage *self);
/* The connect dialog's fields, as the admin fills them (tests). */
void              adept_organization_page_fill_connect  (AdwMessageDialog      *dialog,
                                                         const char            *client_id,
                                                         const char            *key_id,
                                                         const char            *token_url,
                                                         const char            *api_url);
/* The connect dialog takes a key file as a drop does. */
gboolean          adept_organization_page_drop_key      (AdwMessageDialog      *dialog,
                                                         GFile                 *file);
/* The error sentence the dialog shows, or NULL. */
const char       *adept_organization_page_get_dialog_error (AdwMessageDialog   *dialog);

G_END_DECLS
