/* depsim-test-client.h — a plain libsoup client for the simulator tests and benchmark
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Deliberately not Adept's DEP client: the simulator is checked against hand-built
 * requests, so a mistake in one is not hidden by the same mistake in the other.
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "adept-oauth1.h"

G_BEGIN_DECLS

typedef struct {
  SoupSession *session;
  char        *base;
  char        *consumer_key;
  char        *consumer_secret;
  char        *access_token;
  char        *access_secret;
  char        *auth_session;
  const char  *user_agent;
  int          version;
} DepTestClient;

typedef struct {
  guint               status;
  char               *body;
  gsize               len;
  SoupMessageHeaders *headers;
  GError             *error;
} DepTestReply;

void          dep_test_client_init          (DepTestClient      *client,
                                             const char         *base);
void          dep_test_client_clear         (DepTestClient      *client);
/* Takes the four credentials from a token's JSON payload. */
void          dep_test_client_set_credentials (DepTestClient    *client,
                                               const char       *payload_json);

/* Sends a message and runs the thread-default main context until the answer is in. */
DepTestReply *dep_test_send                 (DepTestClient      *client,
                                             SoupMessage        *msg);
/* A DEP request with the client's User-Agent, protocol version and session. */
SoupMessage  *dep_test_message              (DepTestClient      *client,
                                             const char         *method,
                                             const char         *path,
                                             const char         *json);
/* GET /session signed with the client's credentials; realm, timestamp and nonce as in
 * adept_oauth1_authorization_header(). */
SoupMessage  *dep_test_session_message      (DepTestClient      *client,
                                             const char         *realm,
                                             const char         *timestamp,
                                             const char         *nonce);
/* Opens a session, asserting it works, and keeps its token. */
void          dep_test_open_session         (DepTestClient      *client);
/* A DEP call on the current session. */
DepTestReply *dep_test_call                 (DepTestClient      *client,
                                             const char         *method,
                                             const char         *path,
                                             const char         *json);
/* Asserts the status, the text/plain content type of errors and the body. */
void          dep_test_assert_code          (DepTestReply       *reply,
                                             guint               status,
                                             const char         *code);
/* Asserts 200 with a JSON object and returns it. */
JsonObject   *dep_test_assert_json          (DepTestReply       *reply);
void          dep_test_reply_free           (DepTestReply       *reply);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DepTestReply, dep_test_reply_free)

G_END_DECLS
