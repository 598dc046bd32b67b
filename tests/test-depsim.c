/* test-depsim.c — the DEP simulator over 127.0.0.1, driven by a plain libsoup client
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "adept-depsim.h"
#include "adept-device.h"
#include "adept-error.h"
#include "adept-secret.h"
#include "adept-test-util.h"
#include "depsim-test-client.h"

#define N_DEVICES 250
#define SEED 42

typedef struct {
  AdeptDepsim   *sim;
  DepTestClient  client;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptSecret) payload = NULL;

  f->sim = adept_depsim_new (SEED, N_DEVICES);
  adept_depsim_start (f->sim, 0, &error);
  g_assert_no_error (error);
  dep_test_client_init (&f->client, adept_depsim_get_base_url (f->sim));
  payload = adept_depsim_issue_credentials (f->sim);
  dep_test_client_set_credentials (&f->client, payload);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  dep_test_client_clear (&f->client);
  g_clear_object (&f->sim);
}

/* ---- small helpers ---- */

static JsonObject *
call_json (Fixture    *f,
           const char *method,
           const char *path,
           const char *json)
{
  g_autoptr(DepTestReply) reply = dep_test_call (&f->client, method, path, json);

  return dep_test_assert_json (reply);
}

static void
call_expect (Fixture    *f,
             const char *method,
             const char *path,
             const char *json,
             guint       status,
             const char *code)
{
  g_autoptr(DepTestReply) reply = dep_test_call (&f->client, method, path, json);

  dep_test_assert_code (reply, status, code);
}

static void
session_expect (Fixture    *f,
                SoupMessage *msg,
                guint       status,
                const char *code)
{
  g_autoptr(DepTestReply) reply = dep_test_send (&f->client, msg);

  dep_test_assert_code (reply, status, code);
}

static JsonObject *
parse_object (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static JsonObject *
truth (Fixture *f)
{
  g_autofree char *json = adept_depsim_dup_truth_json (f->sim);

  return parse_object (json);
}

static JsonObject *
truth_device (JsonObject *t,
              const char *serial)
{
  JsonArray *devices = json_object_get_array_member (t, "devices");

  for (guint i = 0; i < json_array_get_length (devices); i++)
    {
      JsonObject *device = json_array_get_object_element (devices, i);

      if (g_str_equal (json_object_get_string_member (device, "serial_number"), serial))
        return device;
    }
  return NULL;
}

static char *
serial_at (Fixture *f,
           guint    index)
{
  g_auto(GStrv) serials = adept_depsim_dup_serials (f->sim);

  g_assert_cmpuint (g_strv_length (serials), >, index);
  return g_strdup (serials[index]);
}

static char *
define_profile (Fixture *f)
{
  g_autoptr(JsonObject) object = call_json (f, "POST", "/profile",
                                            "{\"profile_name\":\"Staff\",\"url\":\"https://mdm.example/enroll\"}");

  return g_strdup (json_object_get_string_member (object, "profile_uuid"));
}

static char *
devices_json (const char * const *serials)
{
  GString *json = g_string_new ("{\"devices\":[");

  for (guint i = 0; serials[i] != NULL; i++)
    g_string_append_printf (json, "%s\"%s\"", i > 0 ? "," : "", serials[i]);
  g_string_append (json, "]}");
  return g_string_free (json, FALSE);
}

static char *
assign_json (const char         *uuid,
             const char * const *serials)
{
  g_autofree char *devices = devices_json (serials);

  return g_strdup_printf ("{\"profile_uuid\":\"%s\",%s", uuid, devices + 1);
}

/* ---- /session ---- */

static void
test_session_ok (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(DepTestReply) reply = dep_test_send (&f->client, dep_test_session_message (&f->client, NULL, NULL, NULL));
  g_autoptr(JsonObject) object = dep_test_assert_json (reply);
  const char *token = json_object_get_string_member (object, "auth_session_token");

  g_assert_cmpuint (strlen (token), >=, 32);
  g_assert_cmpuint (adept_depsim_get_sessions_opened (f->sim), ==, 1);

  /* realm is accepted, and is not signed */
  {
    g_autoptr(DepTestReply) with_realm = dep_test_send (&f->client,
                                                        dep_test_session_message (&f->client, "ADM", NULL, NULL));
    g_autoptr(JsonObject) o = dep_test_assert_json (with_realm);
    g_assert_cmpstr (json_object_get_string_member (o, "auth_session_token"), !=, token);
  }
}

static void
test_session_bad_signature (Fixture       *f,
                            gconstpointer  data)
{
  g_free (f->client.access_secret);
  f->client.access_secret = g_strdup ("AS_wrong");
  session_expect (f, dep_test_session_message (&f->client, NULL, NULL, NULL), 401, "signature_invalid");

  /* the URL is part of the signature */
  {
    AdeptOAuth1Credentials creds = { f->client.consumer_key, f->client.consumer_secret,
                                     f->client.access_token, f->client.access_secret };
    g_autofree char *header = adept_oauth1_authorization_header (&creds, "GET", "http://127.0.0.1:1/session",
                                                                 NULL, NULL, NULL);
    SoupMessage *msg = dep_test_session_message (&f->client, NULL, NULL, NULL);

    soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", header);
    session_expect (f, msg, 401, "signature_invalid");
  }
  g_assert_cmpuint (adept_depsim_get_sessions_opened (f->sim), ==, 0);
}

static void
test_session_nonce_reuse (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *now = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time () / G_USEC_PER_SEC);
  g_autoptr(DepTestReply) first = dep_test_send (&f->client, dep_test_session_message (&f->client, NULL, now, "n0nce"));
  g_autoptr(JsonObject) object = dep_test_assert_json (first);

  session_expect (f, dep_test_session_message (&f->client, NULL, now, "n0nce"), 401, "nonce_used");
  /* The same nonce with another timestamp is a new request. */
  {
    g_autofree char *other = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time () / G_USEC_PER_SEC - 1);
    g_autoptr(DepTestReply) again = dep_test_send (&f->client, dep_test_session_message (&f->client, NULL, other, "n0nce"));
    g_autoptr(JsonObject) o = dep_test_assert_json (again);
  }
}

static void
test_session_timestamp (Fixture       *f,
                        gconstpointer  data)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *old = g_strdup_printf ("%" G_GINT64_FORMAT, now - 400);
  g_autofree char *future = g_strdup_printf ("%" G_GINT64_FORMAT, now + 400);
  g_autofree char *near = g_strdup_printf ("%" G_GINT64_FORMAT, now - 200);

  session_expect (f, dep_test_session_message (&f->client, NULL, old, NULL), 401, "timestamp_refused");
  session_expect (f, dep_test_session_message (&f->client, NULL, future, NULL), 401, "timestamp_refused");
  session_expect (f, dep_test_session_message (&f->client, NULL, "soon", NULL), 401, "timestamp_refused");
  {
    g_autoptr(DepTestReply) ok = dep_test_send (&f->client, dep_test_session_message (&f->client, NULL, near, NULL));
    g_autoptr(JsonObject) o = dep_test_assert_json (ok);
  }
  /* Advancing the simulated clock does not move the OAuth window: it is real time. */
  adept_depsim_advance_clock (f->sim, 3600);
  {
    g_autoptr(DepTestReply) ok = dep_test_send (&f->client, dep_test_session_message (&f->client, NULL, NULL, NULL));
    g_autoptr(JsonObject) o = dep_test_assert_json (ok);
  }
}

static void
test_session_unknown_credentials (Fixture       *f,
                                  gconstpointer  data)
{
  g_autofree char *real_token = g_strdup (f->client.access_token);

  g_free (f->client.access_token);
  f->client.access_token = g_strdup ("AT_O1O2O3");
  session_expect (f, dep_test_session_message (&f->client, NULL, NULL, NULL), 401, "token_rejected");

  g_free (f->client.access_token);
  f->client.access_token = g_steal_pointer (&real_token);
  g_free (f->client.consumer_key);
  f->client.consumer_key = g_strdup ("CK_unknown");
  session_expect (f, dep_test_session_message (&f->client, NULL, NULL, NULL), 401, "consumer_key_unknown");
}

static void
test_session_bad_header (Fixture       *f,
                         gconstpointer  data)
{
  SoupMessage *msg = dep_test_session_message (&f->client, NULL, NULL, NULL);
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);
  g_autofree char *good = g_strdup (soup_message_headers_get_one (headers, "Authorization"));
  g_autofree char *duplicated = g_strconcat (good, ", oauth_nonce=\"again\"", NULL);
  g_autofree char *plaintext = NULL;
  char *method;

  soup_message_headers_remove (headers, "Authorization");
  session_expect (f, msg, 400, "parameter_absent");

  msg = dep_test_session_message (&f->client, NULL, NULL, NULL);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", duplicated);
  session_expect (f, msg, 400, "parameter_rejected");

  plaintext = g_strdup (good);
  method = strstr (plaintext, "HMAC-SHA1");
  g_assert_nonnull (method);
  memcpy (method, "PLAINTEXT", 9);
  msg = dep_test_session_message (&f->client, NULL, NULL, NULL);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", plaintext);
  session_expect (f, msg, 400, "signature_method_rejected");

  msg = dep_test_session_message (&f->client, NULL, NULL, NULL);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", "Basic Zm9vOmJhcg==");
  session_expect (f, msg, 400, "parameter_rejected");
}

static void
test_session_content_type (Fixture       *f,
                           gconstpointer  data)
{
  SoupMessage *msg = dep_test_session_message (&f->client, NULL, NULL, NULL);

  soup_message_headers_remove (soup_message_get_request_headers (msg), "Content-Type");
  session_expect (f, msg, 400, "CONTENT_TYPE_INVALID");

  msg = dep_test_session_message (&f->client, NULL, NULL, NULL);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Content-Type", "text/plain");
  session_expect (f, msg, 400, "CONTENT_TYPE_INVALID");

  msg = dep_test_session_message (&f->client, NULL, NULL, NULL);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Content-Type", "application/json;charset=latin1");
  session_expect (f, msg, 400, "CONTENT_TYPE_INVALID");

  msg = dep_test_session_message (&f->client, NULL, NULL, NULL);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Content-Type", "application/json; charset=utf-8");
  {
    g_autoptr(DepTestReply) reply = dep_test_send (&f->client, msg);
    g_autoptr(JsonObject) o = dep_test_assert_json (reply);
  }
}

static void
test_user_agent (Fixture       *f,
                 gconstpointer  data)
{
  dep_test_open_session (&f->client);

  f->client.user_agent = NULL;
  session_expect (f, dep_test_session_message (&f->client, NULL, NULL, NULL), 400, "USER_AGENT_MISSING");
  call_expect (f, "GET", "/account", NULL, 400, "USER_AGENT_MISSING");

  f->client.user_agent = " ";
  call_expect (f, "POST", "/server/devices", "{}", 400, "USER_AGENT_MISSING");

  f->client.user_agent = "adept-tests/1";
  {
    g_autoptr(JsonObject) account = call_json (f, "GET", "/account", NULL);
  }
}

/* ---- sessions ---- */

static void
test_session_expiry (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *first = NULL;

  /* No session header at all, and one the simulator never issued. */
  call_expect (f, "GET", "/account", NULL, 401, "UNAUTHORIZED");
  f->client.auth_session = g_strdup ("0123456789abcdef");
  call_expect (f, "GET", "/account", NULL, 403, "FORBIDDEN");

  dep_test_open_session (&f->client);
  {
    g_autoptr(JsonObject) account = call_json (f, "GET", "/account", NULL);
  }
  adept_depsim_expire_sessions (f->sim);
  call_expect (f, "GET", "/account", NULL, 401, "UNAUTHORIZED");

  /* Idle timeout 0: a session expires before its next use. */
  adept_depsim_set_session_idle_timeout (f->sim, 0);
  dep_test_open_session (&f->client);
  call_expect (f, "GET", "/account", NULL, 401, "UNAUTHORIZED");

  /* A long timeout keeps it alive across calls. */
  adept_depsim_set_session_idle_timeout (f->sim, 60000);
  dep_test_open_session (&f->client);
  first = g_strdup (f->client.auth_session);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(JsonObject) account = call_json (f, "GET", "/account", NULL);
    }
  g_assert_cmpstr (f->client.auth_session, ==, first);

  /* After a restart of the simulator, old sessions are unknown: 403 FORBIDDEN. */
  {
    g_autoptr(AdeptDepsim) other = adept_depsim_new (SEED, 1);
    g_autoptr(GError) error = NULL;

    adept_depsim_start (other, 0, &error);
    g_assert_no_error (error);
    g_free (f->client.base);
    f->client.base = g_strdup (adept_depsim_get_base_url (other));
    call_expect (f, "GET", "/account", NULL, 403, "FORBIDDEN");
  }
}

static void
test_session_rotation (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *old = NULL;
  SoupMessage *msg;

  adept_depsim_set_session_rotation (f->sim, 3);
  dep_test_open_session (&f->client);
  old = g_strdup (f->client.auth_session);

  for (guint i = 1; i <= 3; i++)
    {
      g_autoptr(DepTestReply) reply = dep_test_call (&f->client, "GET", "/account", NULL);
      const char *rotated = soup_message_headers_get_one (reply->headers, "X-Adm-Auth-Session");

      g_assert_cmpuint (reply->status, ==, 200);
      if (i < 3)
        g_assert_null (rotated);
      else
        {
          g_assert_nonnull (rotated);
          g_assert_cmpstr (rotated, !=, old);
        }
    }

  /* Until the new session is used, the old one still works. */
  msg = dep_test_message (&f->client, "GET", "/account", NULL);
  soup_message_headers_remove (soup_message_get_request_headers (msg), "X-ADM-Auth-Session");
  soup_message_headers_replace (soup_message_get_request_headers (msg), "x-adm-auth-session", old);
  {
    g_autoptr(DepTestReply) reply = dep_test_send (&f->client, msg);
    g_assert_cmpuint (reply->status, ==, 200);
  }
  g_assert_cmpstr (f->client.auth_session, !=, old);

  /* The client adopted it; the new one works (header name in any case) and ends the old. */
  msg = dep_test_message (&f->client, "GET", "/account", NULL);
  {
    g_autofree char *current = g_strdup (soup_message_headers_get_one (soup_message_get_request_headers (msg),
                                                                      "X-ADM-Auth-Session"));
    soup_message_headers_remove (soup_message_get_request_headers (msg), "X-ADM-Auth-Session");
    soup_message_headers_replace (soup_message_get_request_headers (msg), "x-adm-auth-session", current);
  }
  {
    g_autoptr(DepTestReply) reply = dep_test_send (&f->client, msg);
    g_assert_cmpuint (reply->status, ==, 200);
  }
  g_free (f->client.auth_session);
  f->client.auth_session = g_steal_pointer (&old);
  call_expect (f, "GET", "/account", NULL, 401, "UNAUTHORIZED");
  g_assert_cmpuint (adept_depsim_get_sessions_opened (f->sim), ==, 1);
}

/* ---- terms, revocation, expiry of the token ---- */

static void
test_terms (Fixture       *f,
            gconstpointer  data)
{
  dep_test_open_session (&f->client);
  adept_depsim_set_terms_required (f->sim, TRUE);

  call_expect (f, "GET", "/account", NULL, 403, "T_C_NOT_SIGNED");
  call_expect (f, "POST", "/server/devices", "{}", 403, "T_C_NOT_SIGNED");
  session_expect (f, dep_test_session_message (&f->client, NULL, NULL, NULL), 403, "T_C_NOT_SIGNED");

  adept_depsim_set_terms_required (f->sim, FALSE);
  {
    g_autoptr(JsonObject) account = call_json (f, "GET", "/account", NULL);
  }
  dep_test_open_session (&f->client);
}

static void
test_revoke (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *old_consumer = g_strdup (f->client.consumer_key);
  g_autoptr(AdeptSecret) renewed = NULL;

  dep_test_open_session (&f->client);
  adept_depsim_revoke_token (f->sim);
  call_expect (f, "GET", "/account", NULL, 403, "FORBIDDEN");
  session_expect (f, dep_test_session_message (&f->client, NULL, NULL, NULL), 401, "token_rejected");

  /* A new token works; its consumer key is the server's, as in ABM. */
  renewed = adept_depsim_issue_credentials (f->sim);
  dep_test_client_set_credentials (&f->client, renewed);
  g_assert_cmpstr (f->client.consumer_key, ==, old_consumer);
  dep_test_open_session (&f->client);

  /* Renewing again replaces it: the previous one is rejected. */
  {
    g_autoptr(AdeptSecret) newer = adept_depsim_issue_credentials (f->sim);
    call_expect (f, "GET", "/account", NULL, 403, "FORBIDDEN");
    session_expect (f, dep_test_session_message (&f->client, NULL, NULL, NULL), 401, "token_rejected");
    dep_test_client_set_credentials (&f->client, newer);
    dep_test_open_session (&f->client);
  }
}

static void
test_token_expired (Fixture       *f,
                    gconstpointer  data)
{
  dep_test_open_session (&f->client);
  adept_depsim_advance_clock (f->sim, 364 * 86400);
  {
    g_autoptr(JsonObject) account = call_json (f, "GET", "/account", NULL);
  }
  adept_depsim_advance_clock (f->sim, 2 * 86400);
  call_expect (f, "GET", "/account", NULL, 401, "UNAUTHORIZED");
  session_expect (f, dep_test_session_message (&f->client, NULL, NULL, NULL), 401, "token_expired");
}

static void
test_depsim_credentials (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *url = g_strconcat (f->client.base, "/token", NULL);
  SoupMessage *msg;

  {
    g_autoptr(DepTestReply) reply = dep_test_send (&f->client, soup_message_new ("GET", url));
    g_assert_cmpuint (reply->status, ==, 404);
  }
  adept_depsim_set_accept_depsim_credentials (f->sim, TRUE);
  msg = soup_message_new ("GET", url);
  {
    g_autoptr(DepTestReply) reply = dep_test_send (&f->client, msg);
    g_autoptr(JsonObject) object = dep_test_assert_json (reply);

    g_assert_true (g_str_has_prefix (json_object_get_string_member (object, "consumer_key"), "CK_48dd68d1"));
    dep_test_client_set_credentials (&f->client, reply->body);
  }
  dep_test_open_session (&f->client);
  {
    g_autoptr(JsonObject) account = call_json (f, "GET", "/account", NULL);
  }
  adept_depsim_set_accept_depsim_credentials (f->sim, FALSE);
  session_expect (f, dep_test_session_message (&f->client, NULL, NULL, NULL), 401, "consumer_key_unknown");
}

/* ---- account ---- */

static void
test_account (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(JsonObject) account = NULL;
  g_autoptr(JsonObject) old = NULL;
  JsonArray *urls;
  gboolean saw_fetch = FALSE;

  dep_test_open_session (&f->client);
  account = call_json (f, "GET", "/account", NULL);
  g_assert_cmpuint (strlen (json_object_get_string_member (account, "server_uuid")), ==, 32);
  g_assert_nonnull (strchr (json_object_get_string_member (account, "admin_id"), '@'));
  g_assert_cmpstr (json_object_get_string_member (account, "org_type"), ==, "org");
  g_assert_true (json_object_has_member (account, "org_name"));
  g_assert_true (json_object_has_member (account, "org_email"));
  g_assert_true (json_object_has_member (account, "org_phone"));
  g_assert_true (json_object_has_member (account, "org_address"));
  g_assert_true (json_object_has_member (account, "org_id_hash"));
  urls = json_object_get_array_member (account, "urls");
  for (guint i = 0; i < json_array_get_length (urls); i++)
    {
      JsonObject *url = json_array_get_object_element (urls, i);

      if (g_str_equal (json_object_get_string_member (url, "uri"), "/server/devices"))
        {
          JsonObject *limit = json_object_get_object_member (url, "limit");

          g_assert_cmpint (json_object_get_int_member (limit, "default"), ==, 100);
          g_assert_cmpint (json_object_get_int_member (limit, "maximum"), ==, 1000);
          saw_fetch = TRUE;
        }
    }
  g_assert_true (saw_fetch);

  /* The v3 fields are absent for older protocol versions. */
  f->client.version = 2;
  old = call_json (f, "GET", "/account", NULL);
  g_assert_false (json_object_has_member (old, "org_id"));
  g_assert_false (json_object_has_member (old, "urls"));
  g_assert_cmpstr (json_object_get_string_member (old, "server_uuid"), ==,
                   json_object_get_string_member (account, "server_uuid"));
}

/* ---- fetch, sync, cursors ---- */

static char *
fetch_all (Fixture    *f,
           guint       limit,
           GPtrArray  *serials)
{
  char *cursor = NULL;
  gboolean more = TRUE;
  guint pages = 0;

  while (more)
    {
      g_autofree char *body = cursor != NULL
        ? g_strdup_printf ("{\"cursor\":\"%s\",\"limit\":%u}", cursor, limit)
        : g_strdup_printf ("{\"limit\":%u}", limit);
      g_autoptr(JsonObject) page = call_json (f, "POST", "/server/devices", body);
      JsonArray *devices = json_object_get_array_member (page, "devices");

      g_assert_cmpuint (json_array_get_length (devices), <=, limit);
      for (guint i = 0; i < json_array_get_length (devices); i++)
        {
          JsonObject *device = json_array_get_object_element (devices, i);

          g_assert_false (json_object_has_member (device, "op_type"));
          g_ptr_array_add (serials, g_strdup (json_object_get_string_member (device, "serial_number")));
        }
      more = json_object_get_boolean_member (page, "more_to_follow");
      g_assert_true (json_object_has_member (page, "fetched_until"));
      g_free (cursor);
      cursor = g_strdup (json_object_get_string_member (page, "cursor"));
      g_assert_true (pages++ < 10000);
    }
  return cursor;
}

static void
test_fetch (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GPtrArray) serials = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) expected = adept_depsim_dup_serials (f->sim);
  g_autofree char *cursor = NULL;
  g_autofree char *again = NULL;

  dep_test_open_session (&f->client);
  cursor = fetch_all (f, 100, serials);
  g_assert_cmpuint (serials->len, ==, N_DEVICES);
  for (guint i = 0; i < serials->len; i++)
    g_assert_cmpstr (g_ptr_array_index (serials, i), ==, expected[i]);
  g_assert_cmpuint (adept_depsim_get_request_count (f->sim, "/server/devices"), ==, 3);

  /* A cursor whose devices were all returned is exhausted for fetch. */
  again = g_strdup_printf ("{\"cursor\":\"%s\"}", cursor);
  call_expect (f, "POST", "/server/devices", again, 400, "EXHAUSTED_CURSOR");

  /* Default 100; 1000 is the most; an empty body is a first page. */
  {
    g_autoptr(JsonObject) page = call_json (f, "POST", "/server/devices", NULL);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (page, "devices")), ==, 100);
    g_assert_true (json_object_get_boolean_member (page, "more_to_follow"));
  }
  {
    g_autoptr(JsonObject) page = call_json (f, "POST", "/server/devices", "{\"limit\":1000,\"cursor\":null}");
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (page, "devices")), ==, N_DEVICES);
    g_assert_false (json_object_get_boolean_member (page, "more_to_follow"));
  }
  call_expect (f, "POST", "/server/devices", "{\"limit\":1001}", 400, "LIMIT_INVALID");
  call_expect (f, "POST", "/server/devices", "{\"limit\":0}", 400, "LIMIT_INVALID");
  call_expect (f, "POST", "/devices/sync", "{\"limit\":5000,\"cursor\":\"x\"}", 400, "LIMIT_INVALID");
  call_expect (f, "POST", "/server/devices", "{\"limit\":\"ten\"}", 400, "MALFORMED_REQUEST_BODY");
  call_expect (f, "POST", "/server/devices", "{\"cursor\":7}", 400, "MALFORMED_REQUEST_BODY");
}

static void
test_cursor_invalid (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(JsonObject) page = NULL;
  g_autofree char *tampered = NULL;
  g_autofree char *body = NULL;
  g_autofree guchar *raw = NULL;
  g_autofree char *text = NULL;
  gsize len;
  char *dash;
  const char *cursor;

  dep_test_open_session (&f->client);
  call_expect (f, "POST", "/devices/sync", "{\"cursor\":\"not a cursor\"}", 400, "INVALID_CURSOR");
  call_expect (f, "POST", "/server/devices", "{\"cursor\":\"MTY1NzE3NTczOC0w\"}", 400, "INVALID_CURSOR");
  call_expect (f, "POST", "/devices/sync", "{}", 400, "CURSOR_REQUIRED");
  call_expect (f, "POST", "/devices/sync", "{\"cursor\":\"\"}", 400, "CURSOR_REQUIRED");

  /* A real cursor with one field changed is refused. */
  page = call_json (f, "POST", "/server/devices", "{\"limit\":10}");
  cursor = json_object_get_string_member (page, "cursor");
  text = g_strnfill (strlen (cursor) + 4, '=');
  memcpy (text, cursor, strlen (cursor));
  text[strlen (cursor) + (4 - strlen (cursor) % 4) % 4] = '\0';
  raw = g_base64_decode (text, &len);
  g_assert_cmpuint (len, >, 10);
  dash = memchr (raw, '-', len);
  g_assert_nonnull (dash);
  dash[1] = dash[1] == '0' ? '1' : '0';
  tampered = g_base64_encode (raw, len);
  body = g_strdup_printf ("{\"cursor\":\"%s\"}", tampered);
  call_expect (f, "POST", "/server/devices", body, 400, "INVALID_CURSOR");

  /* A cursor of another simulator is not ours. */
  {
    g_autoptr(AdeptDepsim) other = adept_depsim_new (SEED, N_DEVICES);
    g_autoptr(GError) error = NULL;
    g_autoptr(AdeptSecret) payload = adept_depsim_issue_credentials (other);
    DepTestClient client;
    g_autofree char *foreign = NULL;

    adept_depsim_start (other, 0, &error);
    g_assert_no_error (error);
    dep_test_client_init (&client, adept_depsim_get_base_url (other));
    dep_test_client_set_credentials (&client, payload);
    dep_test_open_session (&client);
    {
      g_autoptr(DepTestReply) reply = dep_test_call (&client, "POST", "/server/devices", "{\"limit\":10}");
      g_autoptr(JsonObject) other_page = dep_test_assert_json (reply);
      foreign = g_strdup_printf ("{\"cursor\":\"%s\"}", json_object_get_string_member (other_page, "cursor"));
    }
    dep_test_client_clear (&client);
    call_expect (f, "POST", "/server/devices", foreign, 400, "INVALID_CURSOR");
  }
}

static void
test_cursor_expired (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) serials = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *cursor = NULL;
  g_autofree char *body = NULL;
  g_autofree char *next = NULL;

  dep_test_open_session (&f->client);
  cursor = fetch_all (f, 1000, serials);
  body = g_strdup_printf ("{\"cursor\":\"%s\"}", cursor);

  adept_depsim_advance_clock (f->sim, 6 * 86400);
  {
    g_autoptr(JsonObject) page = call_json (f, "POST", "/devices/sync", body);
    next = g_strdup_printf ("{\"cursor\":\"%s\"}", json_object_get_string_member (page, "cursor"));
  }
  adept_depsim_advance_clock (f->sim, 2 * 86400);
  call_expect (f, "POST", "/devices/sync", body, 400, "EXPIRED_CURSOR");
  call_expect (f, "POST", "/server/devices", body, 400, "EXPIRED_CURSOR");
  /* The cursor of the later sync is two days old: still good. */
  {
    g_autoptr(JsonObject) page = call_json (f, "POST", "/devices/sync", next);
  }

  /* The unfinished cursor of a fetch expires too. */
  {
    g_autoptr(JsonObject) page = call_json (f, "POST", "/server/devices", "{\"limit\":10}");
    g_autofree char *partial = g_strdup_printf ("{\"cursor\":\"%s\"}", json_object_get_string_member (page, "cursor"));

    adept_depsim_advance_clock (f->sim, 8 * 86400);
    call_expect (f, "POST", "/server/devices", partial, 400, "EXPIRED_CURSOR");
  }
}

typedef struct {
  const char *serial;
  const char *op_type;
  const char *profile_status;
} Expected;

static void
assert_sync (Fixture        *f,
             char          **cursor,
             const Expected *expected,
             guint           n_expected)
{
  g_autofree char *body = g_strdup_printf ("{\"cursor\":\"%s\",\"limit\":1000}", *cursor);
  g_autoptr(JsonObject) page = call_json (f, "POST", "/devices/sync", body);
  JsonArray *devices = json_object_get_array_member (page, "devices");
  g_autofree char *last_date = g_strdup ("");

  g_assert_cmpuint (json_array_get_length (devices), ==, n_expected);
  for (guint i = 0; i < n_expected; i++)
    {
      JsonObject *device = json_array_get_object_element (devices, i);
      const char *op_date = json_object_get_string_member (device, "op_date");

      g_assert_cmpstr (json_object_get_string_member (device, "serial_number"), ==, expected[i].serial);
      g_assert_cmpstr (json_object_get_string_member (device, "op_type"), ==, expected[i].op_type);
      g_assert_cmpstr (json_object_get_string_member_with_default (device, "profile_status", NULL), ==,
                       expected[i].profile_status);
      g_assert_true (json_object_has_member (device, "model"));
      g_assert_cmpuint (strlen (op_date), ==, 20);

      /* Adept's own device record reads every record the simulator writes. */
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(AdeptDevice) parsed = adept_device_new_from_json (device, &error);

        g_assert_no_error (error);
        g_assert_cmpstr (adept_op_type_to_string (adept_device_get_op_type (parsed)), ==, expected[i].op_type);
        g_assert_cmpint (adept_device_get_op_date (parsed), >, 0);
        if (expected[i].profile_status != NULL)
          g_assert_cmpstr (adept_profile_status_to_string (adept_device_get_profile_status (parsed)), ==,
                           expected[i].profile_status);
      }
      g_assert_cmpint (strcmp (op_date, last_date), >=, 0);
      g_free (last_date);
      last_date = g_strdup (op_date);
      if (g_str_equal (expected[i].op_type, "added"))
        g_assert_cmpstr (json_object_get_string_member (device, "device_assigned_date"), ==, op_date);
    }
  g_assert_false (json_object_get_boolean_member (page, "more_to_follow"));
  g_free (*cursor);
  *cursor = g_strdup (json_object_get_string_member (page, "cursor"));
}

static void
test_sync_records (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) serials = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *a = serial_at (f, 0);
  g_autofree char *b = serial_at (f, 1);
  g_autofree char *assign = NULL;
  g_auto(GStrv) added = NULL;
  g_auto(GStrv) elsewhere = NULL;

  dep_test_open_session (&f->client);
  cursor = fetch_all (f, 1000, serials);
  assert_sync (f, &cursor, NULL, 0);

  /* ABM: two new devices, one moved away, one edited, one from elsewhere moved here. */
  added = adept_depsim_add_devices (f->sim, 2, TRUE);
  elsewhere = adept_depsim_add_devices (f->sim, 1, FALSE);
  g_assert_cmpuint (adept_depsim_unassign_devices (f->sim, (const char *[]) { b, NULL }, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_true (adept_depsim_edit_device (f->sim, a, "asset_tag", "TAG-1", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (adept_depsim_assign_devices (f->sim, (const char * const *) elsewhere, &error), ==, 1);
  g_assert_no_error (error);
  {
    const Expected expected[] = {
      { added[0], "added", "empty" },
      { added[1], "added", "empty" },
      { b, "deleted", NULL },
      { a, "modified", "empty" },
      { elsewhere[0], "added", "empty" },
    };
    assert_sync (f, &cursor, expected, G_N_ELEMENTS (expected));
  }

  /* The profile's life: assigned, pushed, removed — each a modified record. */
  uuid = define_profile (f);
  assign = assign_json (uuid, (const char *[]) { a, NULL });
  {
    g_autoptr(JsonObject) result = call_json (f, "PUT", "/profile/devices", assign);
  }
  g_assert_cmpuint (adept_depsim_activate_devices (f->sim, (const char *[]) { a, NULL }, &error), ==, 1);
  g_assert_no_error (error);
  {
    g_autoptr(JsonObject) result = call_json (f, "DELETE", "/profile/devices", "{\"devices\":[\"x\"]}");
  }
  {
    g_autofree char *remove = devices_json ((const char *[]) { a, NULL });
    g_autoptr(JsonObject) result = call_json (f, "DELETE", "/profile/devices", remove);
  }
  {
    /* A sync shows the device as it is now, once per change. */
    const Expected expected[] = {
      { a, "modified", "removed" },
      { a, "modified", "removed" },
      { a, "modified", "removed" },
    };
    assert_sync (f, &cursor, expected, G_N_ELEMENTS (expected));
  }

  /* Devices moved away are gone from a fresh fetch. */
  g_ptr_array_set_size (serials, 0);
  g_free (fetch_all (f, 1000, serials));
  g_assert_cmpuint (serials->len, ==, N_DEVICES + 2);
  for (guint i = 0; i < serials->len; i++)
    g_assert_cmpstr (g_ptr_array_index (serials, i), !=, b);

  /* Paging a sync. */
  {
    g_autofree char *body = NULL;
    g_autoptr(JsonObject) page = NULL;
    g_auto(GStrv) more = adept_depsim_add_devices (f->sim, 3, TRUE);

    body = g_strdup_printf ("{\"cursor\":\"%s\",\"limit\":2}", cursor);
    page = call_json (f, "POST", "/devices/sync", body);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (page, "devices")), ==, 2);
    g_assert_true (json_object_get_boolean_member (page, "more_to_follow"));
    g_free (body);
    body = g_strdup_printf ("{\"cursor\":\"%s\",\"limit\":2}", json_object_get_string_member (page, "cursor"));
    g_clear_pointer (&page, json_object_unref);
    page = call_json (f, "POST", "/devices/sync", body);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (page, "devices")), ==, 1);
    g_assert_false (json_object_get_boolean_member (page, "more_to_follow"));
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (page, "devices"), 0),
                                                    "serial_number"), ==, more[2]);
  }

  /* Unknown serials are refused by the C functions, with nothing changed. */
  g_assert_cmpuint (adept_depsim_assign_devices (f->sim, (const char *[]) { "NOPE", NULL }, &error), ==, 0);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_NOT_FOUND);
}

/* ---- devices ---- */

static void
test_details_and_disown (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *a = serial_at (f, 3);
  g_autofree char *body = NULL;
  g_autofree char *cursor = NULL;
  g_autoptr(JsonObject) result = NULL;
  JsonObject *devices;
  JsonObject *known;
  JsonObject *unknown;

  dep_test_open_session (&f->client);
  {
    g_autoptr(JsonObject) page = call_json (f, "POST", "/server/devices", "{\"limit\":1000}");
    cursor = g_strdup (json_object_get_string_member (page, "cursor"));
  }
  body = g_strdup_printf ("{\"devices\":[\"%s\",\"UNKNOWN0001\",\"%s\"]}", a, a);
  result = call_json (f, "POST", "/devices", body);
  devices = json_object_get_object_member (result, "devices");
  g_assert_cmpuint (json_object_get_size (devices), ==, 2);
  known = json_object_get_object_member (devices, a);
  unknown = json_object_get_object_member (devices, "UNKNOWN0001");
  g_assert_cmpstr (json_object_get_string_member (known, "response_status"), ==, "SUCCESS");
  g_assert_cmpstr (json_object_get_string_member (known, "serial_number"), ==, a);
  g_assert_cmpstr (json_object_get_string_member (known, "profile_status"), ==, "empty");
  g_assert_cmpstr (json_object_get_string_member (unknown, "response_status"), ==, "NOT_ACCESSIBLE");
  g_assert_cmpuint (json_object_get_size (unknown), ==, 1);

  call_expect (f, "POST", "/devices", "{\"devices\":[]}", 400, "DEVICE_ID_REQUIRED");
  call_expect (f, "POST", "/devices", "{}", 400, "DEVICE_ID_REQUIRED");
  call_expect (f, "POST", "/devices", "{\"devices\":[1]}", 400, "MALFORMED_REQUEST_BODY");
  call_expect (f, "POST", "/devices/disown", "{}", 400, "DEVICE_ID_REQUIRED");

  g_clear_pointer (&result, json_object_unref);
  result = call_json (f, "POST", "/devices/disown", body);
  devices = json_object_get_object_member (result, "devices");
  g_assert_cmpstr (json_object_get_string_member (devices, a), ==, "SUCCESS");
  g_assert_cmpstr (json_object_get_string_member (devices, "UNKNOWN0001"), ==, "NOT_ACCESSIBLE");

  g_clear_pointer (&result, json_object_unref);
  result = call_json (f, "POST", "/devices/disown", body);
  devices = json_object_get_object_member (result, "devices");
  g_assert_cmpstr (json_object_get_string_member (devices, a), ==, "NOT_ACCESSIBLE");
  {
    g_autoptr(JsonObject) t = truth (f);
    g_assert_null (truth_device (t, a));
  }
  {
    const Expected expected[] = { { a, "deleted", NULL } };
    assert_sync (f, &cursor, expected, G_N_ELEMENTS (expected));
  }
}

/* ---- profiles ---- */

static void
test_profile_validation (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *long_name = g_strnfill (126, 'n');
  g_autofree char *ok_name = g_strnfill (125, 'n');
  g_autofree char *long_phone = g_strnfill (51, '1');
  g_autofree char *long_dept = g_strnfill (126, 'd');
  g_autofree char *long_magic = g_strnfill (257, 'm');
  g_autofree char *long_email_local = g_strnfill (245, 'e');
  const struct {
    char       *json;
    const char *code;
  } cases[] = {
    { g_strdup ("{\"url\":\"https://m.example/e\"}"), "CONFIG_NAME_REQUIRED" },
    { g_strdup ("{\"profile_name\":\"\",\"url\":\"https://m.example/e\"}"), "CONFIG_NAME_REQUIRED" },
    { g_strdup_printf ("{\"profile_name\":\"%s\",\"url\":\"https://m.example/e\"}", long_name), "CONFIG_NAME_INVALID" },
    { g_strdup ("{\"profile_name\":\"P\"}"), "CONFIG_URL_REQUIRED" },
    { g_strdup ("{\"profile_name\":\"P\",\"url\":\"not a url\"}"), "CONFIG_URL_INVALID" },
    { g_strdup ("{\"profile_name\":\"P\",\"url\":\"ftp://m.example/e\"}"), "CONFIG_URL_INVALID" },
    { g_strdup ("{\"profile_name\":\"P\",\"url\":\"https://m.example/e\",\"configuration_web_url\":\"nope\"}"), "CONFIG_URL_INVALID" },
    { g_strdup ("{\"profile_name\":\"P\",\"url\":\"https://m.example/e\",\"is_mdm_removable\":false}"), "FLAGS_INVALID" },
    { g_strdup_printf ("{\"profile_name\":\"P\",\"url\":\"https://m.example/e\",\"support_phone_number\":\"%s\"}", long_phone), "SUPPORT_PHONE_INVALID" },
    { g_strdup ("{\"profile_name\":\"P\",\"url\":\"https://m.example/e\",\"support_email_address\":\"help\"}"), "SUPPORT_EMAIL_INVALID" },
    { g_strdup_printf ("{\"profile_name\":\"P\",\"url\":\"https://m.example/e\",\"support_email_address\":\"%s@ex.example\"}", long_email_local), "SUPPORT_EMAIL_INVALID" },
    { g_strdup_printf ("{\"profile_name\":\"P\",\"url\":\"https://m.example/e\",\"department\":\"%s\"}", long_dept), "DEPARTMENT_INVALID" },
    { g_strdup ("{\"profile_name\":\"P\",\"url\":\"https://m.example/e\",\"language\":\"english\"}"), "LOCALE_INVALID" },
    { g_strdup ("{\"profile_name\":\"P\",\"url\":\"https://m.example/e\",\"region\":\"USA\"}"), "LOCALE_INVALID" },
    { g_strdup_printf ("{\"profile_name\":\"P\",\"url\":\"https://m.example/e\",\"org_magic\":\"%s\"}", long_magic), "MAGIC_INVALID" },
    { g_strdup ("{\"profile_name\":\"P\",\"url\":\"https://m.example/e\",\"is_supervised\":\"yes\"}"), "MALFORMED_REQUEST_BODY" },
    { g_strdup ("{\"profile_name\":5,\"url\":\"https://m.example/e\"}"), "MALFORMED_REQUEST_BODY" },
    { g_strdup ("{\"profile_name\":\"P\",\"url\":\"https://m.example/e\",\"skip_setup_items\":[1]}"), "MALFORMED_REQUEST_BODY" },
    { g_strdup ("{\"profile_name\":"), "MALFORMED_REQUEST_BODY" },
    { g_strdup ("[\"profile_name\"]"), "MALFORMED_REQUEST_BODY" },
  };
  g_autofree char *valid = NULL;

  dep_test_open_session (&f->client);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      call_expect (f, "POST", "/profile", cases[i].json, 400, cases[i].code);
      g_free (cases[i].json);
    }

  /* At the limits, with every field Apple knows. */
  valid = g_strdup_printf ("{\"profile_name\":\"%s\",\"url\":\"https://mdm.example/enroll?x=1\","
                           "\"is_supervised\":true,\"is_mdm_removable\":false,\"allow_pairing\":false,"
                           "\"is_mandatory\":true,\"await_device_configured\":true,\"is_multi_user\":false,"
                           "\"auto_advance_setup\":false,\"support_phone_number\":\"+1 408 555 0100\","
                           "\"support_email_address\":\"help@mdm.example\",\"department\":\"IT\","
                           "\"org_magic\":\"913FABBB-0032-4E13-9966-D6BBAC900331\",\"language\":\"en\","
                           "\"region\":\"US\",\"skip_setup_items\":[\"Location\",\"Siri\"],"
                           "\"anchor_certs\":[],\"supervising_host_certs\":[],"
                           "\"configuration_web_url\":\"https://mdm.example/login\",\"devices\":[]}",
                           ok_name);
  {
    g_autoptr(JsonObject) result = call_json (f, "POST", "/profile", valid);
    g_assert_cmpuint (json_object_get_size (json_object_get_object_member (result, "devices")), ==, 0);
  }
}

static void
test_profile_define_get (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *a = serial_at (f, 5);
  g_autofree char *body = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(JsonObject) fetched = NULL;
  const char *uuid;

  dep_test_open_session (&f->client);
  body = g_strdup_printf ("{\"profile_name\":\"Students\",\"url\":\"https://mdm.example/e\","
                          "\"is_supervised\":true,\"department\":\"Science\","
                          "\"skip_setup_items\":[\"Siri\"],\"devices\":[\"%s\",\"ELSEWHERE01\"]}", a);
  result = call_json (f, "POST", "/profile", body);
  uuid = json_object_get_string_member (result, "profile_uuid");
  g_assert_cmpuint (strlen (uuid), ==, 32);
  for (const char *p = uuid; *p != '\0'; p++)
    g_assert_true (g_ascii_isdigit (*p) || (*p >= 'A' && *p <= 'F'));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (result, "devices"), a), ==, "SUCCESS");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (result, "devices"), "ELSEWHERE01"),
                   ==, "NOT_ACCESSIBLE");

  path = g_strdup_printf ("/profile?profile_uuid=%s", uuid);
  fetched = call_json (f, "GET", path, NULL);
  g_assert_cmpstr (json_object_get_string_member (fetched, "profile_uuid"), ==, uuid);
  g_assert_cmpstr (json_object_get_string_member (fetched, "profile_name"), ==, "Students");
  g_assert_cmpstr (json_object_get_string_member (fetched, "department"), ==, "Science");
  g_assert_true (json_object_get_boolean_member (fetched, "is_supervised"));
  g_assert_false (json_object_has_member (fetched, "devices"));

  call_expect (f, "GET", "/profile", NULL, 400, "PROFILE_UUID_REQUIRED");
  call_expect (f, "GET", "/profile?profile_uuid=", NULL, 400, "PROFILE_UUID_REQUIRED");
  call_expect (f, "GET", "/profile?profile_uuid=0123456789ABCDEF0123456789ABCDEF", NULL, 400, "NOT_FOUND");

  {
    g_autoptr(JsonObject) t = truth (f);
    JsonObject *device = truth_device (t, a);

    g_assert_cmpstr (json_object_get_string_member (device, "profile_status"), ==, "assigned");
    g_assert_cmpstr (json_object_get_string_member (device, "profile_uuid"), ==, uuid);
    g_assert_true (json_object_has_member (device, "profile_assign_time"));
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (t, "profiles")), ==, 1);
  }
}

/* Issue #16: member names were written unescaped, so a serial with a quote made invalid
 * JSON. Every name and string the simulator writes is escaped. */
static void
test_escaped_names (Fixture       *f,
                    gconstpointer  data)
{
  static const char * const odd[] = { "C02\"QUOTE", "BACK\\SLASH", "NEW\nLINE", "TAB\tESC\x1b", "ÜMLAUT", NULL };
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *body = NULL;
  g_autofree char *truth = NULL;
  JsonObject *devices;

  dep_test_open_session (&f->client);
  uuid = define_profile (f);
  /* Built with json-glib, so the request itself is right. */
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "profile_uuid");
  json_builder_add_string_value (builder, uuid);
  json_builder_set_member_name (builder, "devices");
  json_builder_begin_array (builder);
  for (guint i = 0; odd[i] != NULL; i++)
    json_builder_add_string_value (builder, odd[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  body = json_to_string (root, FALSE);

  result = call_json (f, "PUT", "/profile/devices", body);
  devices = json_object_get_object_member (result, "devices");
  for (guint i = 0; odd[i] != NULL; i++)
    g_assert_cmpstr (json_object_get_string_member (devices, odd[i]), ==, "NOT_ACCESSIBLE");
  g_clear_pointer (&result, json_object_unref);

  result = call_json (f, "POST", "/devices", body);
  devices = json_object_get_object_member (result, "devices");
  for (guint i = 0; odd[i] != NULL; i++)
    g_assert_true (json_object_has_member (devices, odd[i]));

  /* The test view (request counts by path) is JSON too. */
  truth = adept_depsim_dup_truth_json (f->sim);
  g_clear_pointer (&result, json_object_unref);
  result = adept_test_parse_object (truth);
  g_assert_true (json_object_has_member (json_object_get_object_member (result, "requests"),
                                         "/profile/devices"));
}

static void
test_assign (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *uuid = NULL;
  g_autofree char *a = serial_at (f, 10);
  g_autofree char *b = serial_at (f, 11);
  g_autofree char *c = serial_at (f, 12);
  g_autofree char *d = serial_at (f, 13);
  g_autofree char *body = NULL;
  g_autoptr(JsonObject) result = NULL;
  JsonObject *devices;

  dep_test_open_session (&f->client);
  uuid = define_profile (f);
  body = assign_json (uuid, (const char *[]) { a, b, "NOT_OURS", NULL });

  /* PUT (depsim, most clients) and POST (Apple's docs) both assign. */
  result = call_json (f, "PUT", "/profile/devices", body);
  g_assert_cmpstr (json_object_get_string_member (result, "profile_uuid"), ==, uuid);
  devices = json_object_get_object_member (result, "devices");
  g_assert_cmpstr (json_object_get_string_member (devices, a), ==, "SUCCESS");
  g_assert_cmpstr (json_object_get_string_member (devices, b), ==, "SUCCESS");
  g_assert_cmpstr (json_object_get_string_member (devices, "NOT_OURS"), ==, "NOT_ACCESSIBLE");
  g_assert_false (json_object_has_member (result, "retry_after_seconds"));
  g_clear_pointer (&result, json_object_unref);

  adept_depsim_set_assign_result (f->sim, a, "FAILED", 1, 0);
  adept_depsim_set_assign_result (f->sim, b, "THROTTLED", 2, 45);
  result = call_json (f, "POST", "/profile/devices", body);
  devices = json_object_get_object_member (result, "devices");
  g_assert_cmpstr (json_object_get_string_member (devices, a), ==, "FAILED");
  g_assert_cmpstr (json_object_get_string_member (devices, b), ==, "THROTTLED");
  g_assert_cmpint (json_object_get_int_member (result, "retry_after_seconds"), ==, 45);
  g_clear_pointer (&result, json_object_unref);

  /* Before protocol version 9 there is no THROTTLED; before 10 no retry_after_seconds. */
  f->client.version = 8;
  result = call_json (f, "POST", "/profile/devices", body);
  devices = json_object_get_object_member (result, "devices");
  g_assert_cmpstr (json_object_get_string_member (devices, a), ==, "SUCCESS");
  g_assert_cmpstr (json_object_get_string_member (devices, b), ==, "FAILED");
  g_assert_false (json_object_has_member (result, "retry_after_seconds"));
  g_clear_pointer (&result, json_object_unref);
  f->client.version = 10;

  /* A per-request throttle: the first two pass, the rest wait. */
  adept_depsim_set_assign_throttle (f->sim, 2, 120);
  g_free (body);
  body = assign_json (uuid, (const char *[]) { a, b, c, d, NULL });
  result = call_json (f, "PUT", "/profile/devices", body);
  devices = json_object_get_object_member (result, "devices");
  g_assert_cmpstr (json_object_get_string_member (devices, a), ==, "SUCCESS");
  g_assert_cmpstr (json_object_get_string_member (devices, b), ==, "SUCCESS");
  g_assert_cmpstr (json_object_get_string_member (devices, c), ==, "THROTTLED");
  g_assert_cmpstr (json_object_get_string_member (devices, d), ==, "THROTTLED");
  g_assert_cmpint (json_object_get_int_member (result, "retry_after_seconds"), ==, 120);
  adept_depsim_set_assign_throttle (f->sim, 0, 0);
  {
    g_autoptr(JsonObject) t = truth (f);
    g_assert_cmpstr (json_object_get_string_member (truth_device (t, c), "profile_status"), ==, "empty");
    g_assert_cmpstr (json_object_get_string_member (truth_device (t, b), "profile_status"), ==, "assigned");
  }

  call_expect (f, "PUT", "/profile/devices", "{\"devices\":[\"A\"]}", 400, "PROFILE_UUID_REQUIRED");
  call_expect (f, "PUT", "/profile/devices", "{\"profile_uuid\":\"X\"}", 400, "DEVICE_ID_REQUIRED");
  call_expect (f, "PUT", "/profile/devices", "{\"profile_uuid\":\"X\",\"devices\":[\"A\"]}", 400, "NOT_FOUND");
  {
    GString *many = g_string_new (NULL);

    g_string_printf (many, "{\"profile_uuid\":\"%s\",\"devices\":[", uuid);
    for (guint i = 0; i < 1001; i++)
      g_string_append_printf (many, "%s\"S%05u\"", i > 0 ? "," : "", i);
    g_string_append (many, "]}");
    call_expect (f, "PUT", "/profile/devices", many->str, 400, "TOO_MANY_DEVICES");
    g_string_free (many, TRUE);
  }
}

static void
test_remove_profile (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *uuid = NULL;
  g_autofree char *a = serial_at (f, 20);
  g_autofree char *b = serial_at (f, 21);
  g_autofree char *assign = NULL;
  g_autofree char *remove = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *devices;

  dep_test_open_session (&f->client);
  uuid = define_profile (f);
  assign = assign_json (uuid, (const char *[]) { a, NULL });
  g_clear_pointer (&result, json_object_unref);
  result = call_json (f, "PUT", "/profile/devices", assign);

  /* Activation pushes an assigned profile; a device without one stays empty. */
  g_assert_cmpuint (adept_depsim_activate_devices (f->sim, (const char *[]) { a, b, NULL }, &error), ==, 1);
  g_assert_no_error (error);
  {
    g_autoptr(JsonObject) t = truth (f);
    g_assert_cmpstr (json_object_get_string_member (truth_device (t, a), "profile_status"), ==, "pushed");
    g_assert_true (json_object_has_member (truth_device (t, a), "profile_push_time"));
    g_assert_cmpstr (json_object_get_string_member (truth_device (t, b), "profile_status"), ==, "empty");
  }

  remove = devices_json ((const char *[]) { a, "NOT_OURS", NULL });
  g_clear_pointer (&result, json_object_unref);
  result = call_json (f, "DELETE", "/profile/devices", remove);
  devices = json_object_get_object_member (result, "devices");
  g_assert_cmpstr (json_object_get_string_member (devices, a), ==, "SUCCESS");
  g_assert_cmpstr (json_object_get_string_member (devices, "NOT_OURS"), ==, "NOT_ACCESSIBLE");
  {
    g_autoptr(JsonObject) t = truth (f);
    JsonObject *device = truth_device (t, a);

    g_assert_cmpstr (json_object_get_string_member (device, "profile_status"), ==, "removed");
    g_assert_cmpstr (json_object_get_string_member (device, "profile_uuid"), ==, uuid);
  }
  call_expect (f, "DELETE", "/profile/devices", "{}", 400, "DEVICE_ID_REQUIRED");
}

/* ---- generic errors ---- */

static void
test_method_not_allowed (Fixture       *f,
                         gconstpointer  data)
{
  dep_test_open_session (&f->client);
  call_expect (f, "GET", "/server/devices", NULL, 405, "");
  call_expect (f, "DELETE", "/account", NULL, 405, "");
  call_expect (f, "PATCH", "/profile/devices", "{}", 405, "");
  call_expect (f, "POST", "/session", NULL, 405, "");
  call_expect (f, "GET", "/devices/sync", NULL, 405, "");
  call_expect (f, "GET", "/no/such/endpoint", NULL, 404, "NOT_FOUND");
}

static void
test_malformed_body (Fixture       *f,
                     gconstpointer  data)
{
  dep_test_open_session (&f->client);
  call_expect (f, "POST", "/server/devices", "{", 400, "MALFORMED_REQUEST_BODY");
  call_expect (f, "POST", "/devices/sync", "[]", 400, "MALFORMED_REQUEST_BODY");
  call_expect (f, "POST", "/devices", "not json", 400, "MALFORMED_REQUEST_BODY");
  call_expect (f, "PUT", "/profile/devices", "{\"profile_uuid\":", 400, "MALFORMED_REQUEST_BODY");
  call_expect (f, "DELETE", "/profile/devices", "\"devices\"", 400, "MALFORMED_REQUEST_BODY");
}

/* ---- faults ---- */

static void
test_fault_status (Fixture       *f,
                   gconstpointer  data)
{
  AdeptDepsimFault fault = {
    .endpoint = "/account", .kind = ADEPT_DEPSIM_FAULT_STATUS,
    .status = 503, .body = "SERVICE_UNAVAILABLE", .retry_after = 7, .count = 2,
  };

  dep_test_open_session (&f->client);
  adept_depsim_add_fault (f->sim, &fault);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(DepTestReply) reply = dep_test_call (&f->client, "GET", "/account", NULL);

      dep_test_assert_code (reply, 503, "SERVICE_UNAVAILABLE");
      g_assert_cmpstr (soup_message_headers_get_one (reply->headers, "Retry-After"), ==, "7");
    }
  {
    g_autoptr(JsonObject) account = call_json (f, "GET", "/account", NULL);
  }
  g_assert_cmpuint (adept_depsim_get_request_count (f->sim, "/account"), ==, 3);

  /* "*" hits any endpoint; clearing removes what is left. */
  fault.endpoint = "*";
  fault.status = 429;
  fault.body = "TOO_MANY_REQUESTS";
  fault.retry_after = 0;
  fault.count = 5;
  adept_depsim_add_fault (f->sim, &fault);
  session_expect (f, dep_test_session_message (&f->client, NULL, NULL, NULL), 429, "TOO_MANY_REQUESTS");
  adept_depsim_clear_faults (f->sim);
  {
    g_autoptr(JsonObject) account = call_json (f, "GET", "/account", NULL);
  }
}

static void
test_fault_latency (Fixture       *f,
                    gconstpointer  data)
{
  AdeptDepsimFault fault = {
    .endpoint = "/server/devices", .kind = ADEPT_DEPSIM_FAULT_DELAY, .delay_ms = 300, .count = 1,
  };
  gint64 start;

  dep_test_open_session (&f->client);
  adept_depsim_add_fault (f->sim, &fault);
  start = g_get_monotonic_time ();
  {
    g_autoptr(JsonObject) page = call_json (f, "POST", "/server/devices", "{\"limit\":5}");
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (page, "devices")), ==, 5);
  }
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 300 * 1000);

  adept_depsim_set_latency (f->sim, 150);
  start = g_get_monotonic_time ();
  {
    g_autoptr(JsonObject) account = call_json (f, "GET", "/account", NULL);
  }
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 150 * 1000);
}

static void
test_fault_drop (Fixture       *f,
                 gconstpointer  data)
{
  AdeptDepsimFault fault = { .endpoint = "/account", .kind = ADEPT_DEPSIM_FAULT_DROP, .count = 1 };
  g_autoptr(SoupSession) fresh = soup_session_new ();

  dep_test_open_session (&f->client);
  adept_depsim_add_fault (f->sim, &fault);

  /* A new connection, so libsoup does not resend on a reused one. */
  g_object_unref (f->client.session);
  f->client.session = g_object_ref (fresh);
  {
    g_autoptr(DepTestReply) reply = dep_test_call (&f->client, "GET", "/account", NULL);

    g_assert_nonnull (reply->error);
    g_assert_null (reply->body);
  }
  g_assert_cmpuint (adept_depsim_get_request_count (f->sim, "/account"), ==, 1);
  {
    g_autoptr(JsonObject) account = call_json (f, "GET", "/account", NULL);
  }
}

static void
test_fault_garbage (Fixture       *f,
                    gconstpointer  data)
{
  AdeptDepsimFault fault = { .endpoint = "/devices/sync", .kind = ADEPT_DEPSIM_FAULT_GARBAGE, .count = 1 };
  g_autoptr(JsonParser) parser = json_parser_new ();

  dep_test_open_session (&f->client);
  adept_depsim_add_fault (f->sim, &fault);
  {
    g_autoptr(DepTestReply) reply = dep_test_call (&f->client, "POST", "/devices/sync", "{\"cursor\":\"x\"}");

    g_assert_cmpuint (reply->status, ==, 200);
    g_assert_cmpstr (soup_message_headers_get_one (reply->headers, "Content-Type"), ==,
                     "application/json;charset=UTF8");
    g_assert_false (json_parser_load_from_data (parser, reply->body, reply->len, NULL));
  }
  call_expect (f, "POST", "/devices/sync", "{\"cursor\":\"x\"}", 400, "INVALID_CURSOR");
}

/* ---- the admin interface over HTTP ---- */

static JsonObject *
admin (Fixture    *f,
       const char *method,
       const char *path,
       const char *json,
       guint       expect_status)
{
  g_autofree char *uri = g_strconcat (f->client.base, "/_adept/", path, NULL);
  SoupMessage *msg = soup_message_new (method, uri);
  g_autoptr(DepTestReply) reply = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  if (json != NULL)
    {
      g_autoptr(GBytes) body = g_bytes_new (json, strlen (json));
      soup_message_set_request_body_from_bytes (msg, "application/json", body);
    }
  reply = dep_test_send (&f->client, msg);
  g_assert_cmpuint (reply->status, ==, expect_status);
  json_parser_load_from_data (parser, reply->body, reply->len, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
test_admin_http (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(JsonObject) added = NULL;
  g_autoptr(JsonObject) state = NULL;
  g_autofree char *serial = NULL;
  g_autofree char *body = NULL;
  g_autoptr(JsonObject) refused = NULL;

  added = admin (f, "POST", "devices", "{\"count\":2}", 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (added, "serials")), ==, 2);
  serial = g_strdup (json_array_get_string_element (json_object_get_array_member (added, "serials"), 0));

  body = g_strdup_printf ("{\"serial\":\"%s\",\"fields\":{\"color\":\"RED\",\"asset_tag\":\"X1\"}}", serial);
  g_clear_pointer (&added, json_object_unref);
  added = admin (f, "POST", "devices/edit", body, 200);
  g_free (body);
  body = g_strdup_printf ("{\"devices\":[\"%s\"]}", serial);
  g_clear_pointer (&added, json_object_unref);
  added = admin (f, "POST", "devices/unassign", body, 200);
  g_assert_cmpint (json_object_get_int_member (added, "changed"), ==, 1);

  state = admin (f, "GET", "state", NULL, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (state, "devices")), ==, N_DEVICES + 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (state, "elsewhere")), ==, 1);

  g_clear_pointer (&added, json_object_unref);
  added = admin (f, "POST", "terms", "{\"required\":true}", 200);
  g_clear_pointer (&added, json_object_unref);
  added = admin (f, "POST", "faults", "{\"endpoint\":\"/account\",\"status\":500,\"body\":\"SERVER_ERROR\"}", 200);
  session_expect (f, dep_test_session_message (&f->client, NULL, NULL, NULL), 403, "T_C_NOT_SIGNED");
  g_clear_pointer (&added, json_object_unref);
  added = admin (f, "POST", "terms", "{\"required\":false}", 200);
  dep_test_open_session (&f->client);
  call_expect (f, "GET", "/account", NULL, 500, "SERVER_ERROR");

  g_clear_pointer (&added, json_object_unref);
  added = admin (f, "POST", "clock/advance", "{\"days\":2}", 200);
  g_assert_true (json_object_has_member (added, "now"));
  g_assert_cmpint (adept_depsim_get_now_ms (f->sim) - g_get_real_time () / 1000, >=, 2 * 86400 * 1000 - 1000);

  refused = admin (f, "POST", "devices/assign", "{\"devices\":[\"NO_SUCH\"]}", 400);
  g_assert_true (json_object_has_member (refused, "error"));
  g_clear_pointer (&refused, json_object_unref);
  refused = admin (f, "POST", "faults", "{\"endpoint\":\"/account\",\"kind\":\"explode\"}", 400);
  g_clear_pointer (&refused, json_object_unref);
  refused = admin (f, "GET", "devices", NULL, 405);
  g_clear_pointer (&refused, json_object_unref);
  refused = admin (f, "GET", "nothing-here", NULL, 404);
  g_clear_pointer (&refused, json_object_unref);
  refused = admin (f, "POST", "token", "not a certificate", 400);
}

/* ---- determinism and realism of the devices ---- */

static void
test_seeded_devices (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(AdeptDepsim) same = adept_depsim_new (SEED, N_DEVICES);
  g_autoptr(AdeptDepsim) other = adept_depsim_new (SEED + 1, N_DEVICES);
  g_autofree char *t1 = adept_depsim_dup_truth_json (f->sim);
  g_autofree char *t2 = adept_depsim_dup_truth_json (same);
  g_autoptr(JsonObject) o1 = parse_object (t1);
  g_autoptr(JsonObject) o2 = parse_object (t2);
  g_auto(GStrv) s1 = adept_depsim_dup_serials (f->sim);
  g_auto(GStrv) s3 = adept_depsim_dup_serials (other);
  JsonArray *devices = json_object_get_array_member (o1, "devices");
  g_autoptr(GHashTable) families = g_hash_table_new (g_str_hash, g_str_equal);
  guint long_serials = 0;
  const char *last_date = "";

  g_assert_cmpuint (json_array_get_length (devices), ==, N_DEVICES);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o2, "devices")), ==, N_DEVICES);
  for (guint i = 0; i < N_DEVICES; i++)
    {
      JsonObject *d1 = json_array_get_object_element (devices, i);
      JsonObject *d2 = json_array_get_object_element (json_object_get_array_member (o2, "devices"), i);
      const char *serial = json_object_get_string_member (d1, "serial_number");
      const char *family = json_object_get_string_member (d1, "device_family");
      const char *os = json_object_get_string_member (d1, "os");
      const char *model = json_object_get_string_member (d1, "model");
      const char *description = json_object_get_string_member (d1, "description");
      const char *date = json_object_get_string_member (d1, "device_assigned_date");

      g_assert_cmpstr (serial, ==, json_object_get_string_member (d2, "serial_number"));
      g_assert_cmpstr (description, ==, json_object_get_string_member (d2, "description"));
      g_assert_true (strlen (serial) == 10 || strlen (serial) == 12);
      long_serials += strlen (serial) == 12;
      g_assert_cmpuint (strspn (serial, "0123456789BCDFGHJKLMNPQRSTVWXYZ"), ==, strlen (serial));
      g_assert_nonnull (strchr (json_object_get_string_member (d1, "device_assigned_by"), '@'));
      g_assert_true (g_str_has_suffix (date, "Z"));
      g_assert_cmpint (strcmp (date, last_date), >=, 0);
      last_date = date;
      if (!g_str_equal (family, "AppleTV") && !g_str_equal (family, "Vision"))
        g_assert_nonnull (strstr (description, json_object_get_string_member (d1, "color")));
      g_hash_table_add (families, (gpointer) g_intern_string (family));

      if (g_str_equal (family, "iPhone"))
        g_assert_true (g_str_equal (os, "iOS") && g_str_has_prefix (model, "iPhone") &&
                       g_str_has_prefix (description, "IPHONE"));
      else if (g_str_equal (family, "iPad"))
        g_assert_true (g_str_equal (os, "iPadOS") && g_str_has_prefix (model, "iPad") &&
                       g_str_has_prefix (description, "IPAD"));
      else if (g_str_equal (family, "Mac"))
        g_assert_true (g_str_equal (os, "OSX") && strstr (model, "Mac") != NULL);
      else if (g_str_equal (family, "AppleTV"))
        g_assert_true (g_str_equal (os, "tvOS") && g_str_has_prefix (model, "Apple TV"));
      else if (g_str_equal (family, "Vision"))
        g_assert_true (g_str_equal (os, "visionOS") && g_str_equal (model, "Apple Vision Pro"));
      else
        g_assert_not_reached ();
    }
  g_assert_cmpuint (g_hash_table_size (families), ==, 5);
  g_assert_cmpuint (long_serials, >, 0);
  g_assert_cmpuint (long_serials, <, N_DEVICES / 2);
  g_assert_cmpstr (s1[0], !=, s3[0]);

  /* iPads said iOS before protocol version 7. */
  dep_test_open_session (&f->client);
  for (guint version = 6; version <= 7; version++)
    {
      g_autoptr(JsonObject) page = NULL;
      JsonArray *page_devices;
      gboolean saw_ipad = FALSE;

      f->client.version = version;
      page = call_json (f, "POST", "/server/devices", "{\"limit\":1000}");
      page_devices = json_object_get_array_member (page, "devices");
      for (guint i = 0; i < json_array_get_length (page_devices); i++)
        {
          JsonObject *device = json_array_get_object_element (page_devices, i);

          if (g_str_equal (json_object_get_string_member (device, "device_family"), "iPad"))
            {
              g_assert_cmpstr (json_object_get_string_member (device, "os"), ==, version < 7 ? "iOS" : "iPadOS");
              saw_ipad = TRUE;
            }
        }
      g_assert_true (saw_ipad);
    }
}

/* ---- the state file ---- */

static void
test_state_file (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *dir = adept_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "state.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptDepsim) loaded = NULL;
  g_autoptr(GPtrArray) serials = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *cursor = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *a = serial_at (f, 0);
  g_autofree char *assign = NULL;
  g_autofree char *sync = NULL;
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonObject) after = NULL;
  g_autofree char *before_json = NULL;
  GStatBuf st;

  dep_test_open_session (&f->client);
  cursor = fetch_all (f, 1000, serials);
  uuid = define_profile (f);
  assign = assign_json (uuid, (const char *[]) { a, NULL });
  {
    g_autoptr(JsonObject) r = call_json (f, "PUT", "/profile/devices", assign);
  }
  g_strfreev (adept_depsim_add_devices (f->sim, 3, TRUE));
  adept_depsim_advance_clock (f->sim, 86400);
  adept_depsim_set_terms_required (f->sim, TRUE);

  g_assert_true (adept_depsim_save (f->sim, path, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  loaded = adept_depsim_new_from_file (path, &error);
  g_assert_no_error (error);
  before_json = adept_depsim_dup_truth_json (f->sim);
  before = parse_object (before_json);
  {
    g_autofree char *json = adept_depsim_dup_truth_json (loaded);
    after = parse_object (json);
  }
  {
    g_autoptr(JsonNode) n1 = json_node_init_array (json_node_alloc (), json_object_get_array_member (before, "devices"));
    g_autoptr(JsonNode) n2 = json_node_init_array (json_node_alloc (), json_object_get_array_member (after, "devices"));
    g_autoptr(JsonNode) p1 = json_node_init_array (json_node_alloc (), json_object_get_array_member (before, "profiles"));
    g_autoptr(JsonNode) p2 = json_node_init_array (json_node_alloc (), json_object_get_array_member (after, "profiles"));

    g_assert_true (json_node_equal (n1, n2));
    g_assert_true (json_node_equal (p1, p2));
  }
  g_assert_cmpint (json_object_get_int_member (after, "now_ms"), >=, json_object_get_int_member (before, "now_ms"));
  g_assert_cmpint (json_object_get_int_member (after, "log_length"), ==, json_object_get_int_member (before, "log_length"));

  /* The same credentials, terms and cursors work on the loaded simulator. */
  g_clear_object (&f->sim);
  adept_depsim_start (loaded, 0, &error);
  g_assert_no_error (error);
  g_free (f->client.base);
  f->client.base = g_strdup (adept_depsim_get_base_url (loaded));
  session_expect (f, dep_test_session_message (&f->client, NULL, NULL, NULL), 403, "T_C_NOT_SIGNED");
  adept_depsim_set_terms_required (loaded, FALSE);
  dep_test_open_session (&f->client);
  sync = g_strdup_printf ("{\"cursor\":\"%s\"}", cursor);
  {
    g_autoptr(JsonObject) page = call_json (f, "POST", "/devices/sync", sync);
    /* one assignment, three new devices */
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (page, "devices")), ==, 4);
  }
  f->sim = g_steal_pointer (&loaded);

  /* A damaged file is refused with a sentence. */
  g_assert_true (g_file_set_contents (path, "{\"state\":{\"format\":9}", -1, NULL));
  g_assert_null (adept_depsim_new_from_file (path, &error));
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_FILE);
  adept_test_cleanup_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *xdg = NULL;

  g_test_init (&argc, &argv, NULL);
  xdg = adept_test_isolate_xdg ();

#define ADD(path, func) g_test_add ("/depsim/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("session/ok", test_session_ok);
  ADD ("session/bad-signature", test_session_bad_signature);
  ADD ("session/nonce-reuse", test_session_nonce_reuse);
  ADD ("session/timestamp", test_session_timestamp);
  ADD ("session/unknown-credentials", test_session_unknown_credentials);
  ADD ("session/bad-header", test_session_bad_header);
  ADD ("session/content-type", test_session_content_type);
  ADD ("session/expiry", test_session_expiry);
  ADD ("session/rotation", test_session_rotation);
  ADD ("user-agent", test_user_agent);
  ADD ("terms", test_terms);
  ADD ("token/revoke", test_revoke);
  ADD ("token/expired", test_token_expired);
  ADD ("token/depsim-credentials", test_depsim_credentials);
  ADD ("account", test_account);
  ADD ("fetch", test_fetch);
  ADD ("cursor/invalid", test_cursor_invalid);
  ADD ("cursor/expired", test_cursor_expired);
  ADD ("sync/records", test_sync_records);
  ADD ("devices/details-disown", test_details_and_disown);
  ADD ("profile/validation", test_profile_validation);
  ADD ("profile/define-get", test_profile_define_get);
  ADD ("profile/assign", test_assign);
  ADD ("profile/remove", test_remove_profile);
  ADD ("method-not-allowed", test_method_not_allowed);
  ADD ("malformed-body", test_malformed_body);
  ADD ("escaped-names", test_escaped_names);
  ADD ("fault/status", test_fault_status);
  ADD ("fault/latency", test_fault_latency);
  ADD ("fault/drop", test_fault_drop);
  ADD ("fault/garbage", test_fault_garbage);
  ADD ("admin-http", test_admin_http);
  ADD ("seeded-devices", test_seeded_devices);
  ADD ("state-file", test_state_file);
#undef ADD

  {
    int status = g_test_run ();
    adept_test_cleanup_dir (xdg);
    return status;
  }
}
