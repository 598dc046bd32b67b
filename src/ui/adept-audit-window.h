/* adept-audit-window.h — the audit log of a server: who did what, when, on which computer
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "adept-session.h"

G_BEGIN_DECLS

#define ADEPT_TYPE_AUDIT_WINDOW (adept_audit_window_get_type ())
G_DECLARE_FINAL_TYPE (AdeptAuditWindow, adept_audit_window, ADEPT, AUDIT_WINDOW, AdwWindow)

/* The entries of session's server, newest first, searchable, exportable as CSV. */
AdeptAuditWindow *adept_audit_window_new         (GtkWindow        *parent,
                                                  AdeptSession     *session);
/* Entries read, and those the search shows. */
guint             adept_audit_window_get_n_entries (AdeptAuditWindow *self);
guint             adept_audit_window_get_n_shown (AdeptAuditWindow *self);
GtkEditable      *adept_audit_window_get_search  (AdeptAuditWindow *self);
/* Writes the entries the search shows to file as CSV (Export CSV… after its chooser). */
void              adept_audit_window_export_async  (AdeptAuditWindow    *self,
                                                    GFile               *file,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean          adept_audit_window_export_finish (AdeptAuditWindow    *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);
/* A readable name for an audit action ("profile-assign": "Assigned a profile"). */
const char       *adept_audit_action_label       (const char       *action);

G_END_DECLS
