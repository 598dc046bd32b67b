/* adept-session-list.h — every DEP server of this user, as sessions
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "adept-session.h"

G_BEGIN_DECLS

/* A GListModel of AdeptSession, sorted by id: the servers this user has (a folder under
 * <data dir>/servers, or rows in the store), each loaded from its server.ini. The list owns
 * the store they share. The console's AdeptApplication owns one; adeptctl makes one per
 * run to find the server a verb works on. */
#define ADEPT_TYPE_SESSION_LIST (adept_session_list_get_type ())
G_DECLARE_FINAL_TYPE (AdeptSessionList, adept_session_list, ADEPT, SESSION_LIST, GObject)

/* Opens the store of adept_context_get_data_dir() and loads every server. A server whose
 * settings cannot be read is left out and its sentence kept (adept_session_list_get_problems). */
AdeptSessionList *adept_session_list_new          (GError           **error);
/* The same on a store of the caller's. */
AdeptSessionList *adept_session_list_new_for_store (AdeptStore      *store);

AdeptStore       *adept_session_list_get_store    (AdeptSessionList  *self);
/* NULL when there is no such server. */
AdeptSession     *adept_session_list_lookup       (AdeptSessionList  *self,
                                                   const char        *server_id);
/* A server not set up yet (Add DEP Server…, adeptctl --server NEW): an unlinked session of
 * kind_name (NULL: "local") joins the list; nothing is stored until it is linked or gets a
 * key pair. ADEPT_ERROR_FAILED when the id is taken or not a valid name. */
AdeptSession     *adept_session_list_add          (AdeptSessionList  *self,
                                                   const char        *server_id,
                                                   const char        *kind_name,
                                                   GError           **error);
/* Leaves the list (after an unlink). */
void              adept_session_list_remove       (AdeptSessionList  *self,
                                                   AdeptSession      *session);
/* Sentences about servers that could not be loaded. */
const char * const *adept_session_list_get_problems (AdeptSessionList *self);

/* The server a command works on. server_id given: that one (added, unlinked, when new).
 * NULL: the only server; else the one named "default"; with none yet, a new "default".
 * Several and no "default": ADEPT_ERROR_FAILED naming them ("use --server NAME"). */
AdeptSession     *adept_session_list_resolve      (AdeptSessionList  *self,
                                                   const char        *server_id,
                                                   GError           **error);

G_END_DECLS
