/* depsim-test-client.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "depsim-test-client.h"

void
dep_test_client_init (DepTestClient *client,
                      const char    *base)
{
  memset (client, 0, sizeof *client);
  client->session = soup_session_new_with_options ("max-conns-per-host", 8, NULL);
  client->base = g_strdup (base);
  client->user_agent = "adept-tests/1";
  client->version = 10;
}

void
dep_test_client_clear (DepTestClient *client)
{
  g_clear_object (&client->session);
  g_clear_pointer (&client->base, g_free);
  g_clear_pointer (&client->consumer_key, g_free);
  g_clear_pointer (&client->consumer_secret, g_free);
  g_clear_pointer (&client->access_token, g_free);
  g_clear_pointer (&client->access_secret, g_free);
  g_clear_pointer (&client->auth_session, g_free);
}

void
dep_test_client_set_credentials (DepTestClient *client,
                                 const char    *payload_json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *object;

  json_parser_load_from_data (parser, payload_json, -1, &error);
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));

  g_free (client->consumer_key);
  g_free (client->consumer_secret);
  g_free (client->access_token);
  g_free (client->access_secret);
  client->consumer_key = g_strdup (json_object_get_string_member (object, "consumer_key"));
  client->consumer_secret = g_strdup (json_object_get_string_member (object, "consumer_secret"));
  client->access_token = g_strdup (json_object_get_string_member (object, "access_token"));
  client->access_secret = g_strdup (json_object_get_string_member (object, "access_secret"));
}

typedef struct {
  DepTestReply *reply;
  GBytes       *bytes;
  gboolean      done;
} Pending;

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Pending *pending = user_data;

  pending->bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result,
                                                      &pending->reply->error);
  pending->done = TRUE;
}

DepTestReply *
dep_test_send (DepTestClient *client,
               SoupMessage   *msg)
{
  Pending pending = { g_new0 (DepTestReply, 1), NULL, FALSE };

  soup_session_send_and_read_async (client->session, msg, G_PRIORITY_DEFAULT, NULL,
                                    on_sent, &pending);
  while (!pending.done)
    g_main_context_iteration (NULL, TRUE);

  pending.reply->status = soup_message_get_status (msg);
  pending.reply->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  if (pending.bytes != NULL)
    {
      const char *data = g_bytes_get_data (pending.bytes, &pending.reply->len);

      pending.reply->body = g_strndup (data != NULL ? data : "", pending.reply->len);
      g_bytes_unref (pending.bytes);
    }

  /* A rotated session replaces ours, as a client should do. */
  if (pending.reply->status == 200)
    {
      const char *rotated = soup_message_headers_get_one (pending.reply->headers, "x-adm-auth-session");

      if (rotated != NULL)
        {
          g_free (client->auth_session);
          client->auth_session = g_strdup (rotated);
        }
    }
  g_object_unref (msg);
  return pending.reply;
}

SoupMessage *
dep_test_message (DepTestClient *client,
                  const char    *method,
                  const char    *path,
                  const char    *json)
{
  g_autofree char *uri = g_strconcat (client->base, path, NULL);
  SoupMessage *msg = soup_message_new (method, uri);
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);
  g_autofree char *version = g_strdup_printf ("%d", client->version);

  if (client->user_agent != NULL)
    soup_message_headers_replace (headers, "User-Agent", client->user_agent);
  soup_message_headers_replace (headers, "X-Server-Protocol-Version", version);
  soup_message_headers_replace (headers, "Accept", "application/json;charset=UTF8");
  if (client->auth_session != NULL)
    soup_message_headers_replace (headers, "X-ADM-Auth-Session", client->auth_session);
  if (json != NULL)
    {
      g_autoptr(GBytes) body = g_bytes_new (json, strlen (json));

      soup_message_set_request_body_from_bytes (msg, "application/json;charset=UTF8", body);
    }
  return msg;
}

SoupMessage *
dep_test_session_message (DepTestClient *client,
                          const char    *realm,
                          const char    *timestamp,
                          const char    *nonce)
{
  AdeptOAuth1Credentials creds = {
    client->consumer_key, client->consumer_secret, client->access_token, client->access_secret,
  };
  g_autofree char *uri = g_strconcat (client->base, "/session", NULL);
  g_autofree char *header = adept_oauth1_authorization_header (&creds, "GET", uri, realm, timestamp, nonce);
  SoupMessage *msg = dep_test_message (client, "GET", "/session", NULL);
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);

  soup_message_headers_remove (headers, "X-ADM-Auth-Session");
  soup_message_headers_replace (headers, "Authorization", header);
  soup_message_headers_replace (headers, "Content-Type", "application/json;charset=UTF8");
  return msg;
}

void
dep_test_open_session (DepTestClient *client)
{
  g_autoptr(DepTestReply) reply = dep_test_send (client, dep_test_session_message (client, NULL, NULL, NULL));
  g_autoptr(JsonObject) object = dep_test_assert_json (reply);

  g_free (client->auth_session);
  client->auth_session = g_strdup (json_object_get_string_member (object, "auth_session_token"));
  g_assert_nonnull (client->auth_session);
}

DepTestReply *
dep_test_call (DepTestClient *client,
               const char    *method,
               const char    *path,
               const char    *json)
{
  return dep_test_send (client, dep_test_message (client, method, path, json));
}

void
dep_test_assert_code (DepTestReply *reply,
                      guint         status,
                      const char   *code)
{
  g_assert_no_error (reply->error);
  if (reply->status != status || g_strcmp0 (reply->body, code) != 0)
    g_error ("expected %u %s, got %u %s", status, code, reply->status, reply->body);
  if (status != 405)
    g_assert_cmpstr (soup_message_headers_get_one (reply->headers, "Content-Type"), ==,
                     "text/plain;charset=UTF8");
}

JsonObject *
dep_test_assert_json (DepTestReply *reply)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  g_assert_no_error (reply->error);
  if (reply->status != 200)
    g_error ("expected 200, got %u %s", reply->status, reply->body);
  g_assert_cmpstr (soup_message_headers_get_one (reply->headers, "Content-Type"), ==,
                   "application/json;charset=UTF8");
  json_parser_load_from_data (parser, reply->body, reply->len, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_object_ref (json_node_get_object (root));
}

void
dep_test_reply_free (DepTestReply *reply)
{
  g_free (reply->body);
  g_clear_pointer (&reply->headers, soup_message_headers_unref);
  g_clear_error (&reply->error);
  g_free (reply);
}
