/* adept-depsim-util.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-depsim"

#include "config.h"

#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <string.h>
#include <time.h>

#include <glib/gi18n-lib.h>

#include "adept-depsim-util.h"
#include "adept-error.h"
#include "adept-json.h"

void
adept_depsim_reply_clear (AdeptDepsimReply *reply)
{
  if (reply->body != NULL)
    g_string_free (reply->body, TRUE);
  memset (reply, 0, sizeof *reply);
}

void
adept_depsim_reply_code (AdeptDepsimReply *reply,
                         guint             status,
                         const char       *code)
{
  if (reply->body != NULL)
    g_string_free (reply->body, TRUE);
  reply->status = status;
  reply->content_type = ADEPT_DEPSIM_TEXT_TYPE;
  reply->body = g_string_new (code);
}

void
adept_depsim_reply_json (AdeptDepsimReply *reply,
                         GString          *json)
{
  if (reply->body != NULL)
    g_string_free (reply->body, TRUE);
  reply->status = 200;
  reply->content_type = ADEPT_DEPSIM_JSON_TYPE;
  reply->body = json;
}

void
adept_depsim_json_string (GString    *out,
                          const char *s)
{
  adept_json_append_string (out, s);
}

/* Names are escaped like values: a serial number is a name in {"devices": {serial: …}},
 * and a client may send any text as one. */
static void
member_name (GString    *out,
             const char *name)
{
  char last = out->len > 0 ? out->str[out->len - 1] : '{';

  if (last != '{' && last != '[')
    g_string_append_c (out, ',');
  adept_depsim_json_string (out, name);
  g_string_append_c (out, ':');
}

void
adept_depsim_json_member (GString    *out,
                          const char *name,
                          const char *value)
{
  if (value == NULL)
    return;
  member_name (out, name);
  adept_depsim_json_string (out, value);
}

void
adept_depsim_json_time_member (GString    *out,
                               const char *name,
                               gint64      ms)
{
  member_name (out, name);
  g_string_append_c (out, '"');
  adept_depsim_append_time (out, ms);
  g_string_append_c (out, '"');
}

void
adept_depsim_json_raw_member (GString    *out,
                              const char *name,
                              const char *raw)
{
  member_name (out, name);
  g_string_append (out, raw);
}

void
adept_depsim_append_time (GString *out,
                          gint64   ms)
{
  time_t secs = (time_t) (ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
  struct tm tm;
  char buf[32];

  gmtime_r (&secs, &tm);
  g_snprintf (buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ",
              tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
              tm.tm_hour, tm.tm_min, tm.tm_sec);
  g_string_append (out, buf);
}

JsonObject *
adept_depsim_parse_object (const AdeptDepsimRequest *request,
                           AdeptDepsimReply         *reply)
{
  g_autoptr(GError) error = NULL;
  JsonObject *object;

  if (request->body_len == 0)
    return json_object_new ();

  object = adept_json_parse_object (request->body, request->body_len, ADEPT_JSON_SOURCE_REQUEST, &error);
  if (object == NULL)
    {
      g_debug ("%s", error->message);
      adept_depsim_reply_code (reply, 400, "MALFORMED_REQUEST_BODY");
      return NULL;
    }
  return object;
}

static char *
random_hex (guint       n_bytes,
            const char *digits)
{
  g_autofree guint8 *bytes = g_malloc (n_bytes);
  GString *out = g_string_sized_new (2 * n_bytes);

  if (gnutls_rnd (GNUTLS_RND_RANDOM, bytes, n_bytes) != 0)
    g_error ("The system's random number generator failed");
  for (guint i = 0; i < n_bytes; i++)
    {
      g_string_append_c (out, digits[bytes[i] >> 4]);
      g_string_append_c (out, digits[bytes[i] & 0xf]);
    }
  return g_string_free (out, FALSE);
}

char *
adept_depsim_random_hex (guint n_bytes)
{
  return random_hex (n_bytes, "0123456789abcdef");
}

char *
adept_depsim_random_upper_hex (guint n_bytes)
{
  return random_hex (n_bytes, "0123456789ABCDEF");
}

SoupServer *
adept_depsim_listen (guint               port,
                     SoupServerCallback  handler,
                     gpointer            user_data,
                     char              **url,
                     GError            **error)
{
  g_autoptr(SoupServer) server = soup_server_new ("server-header", "adept-depsim ", NULL);
  g_autoslist(GUri) uris = NULL;
  g_autoptr(GError) local_error = NULL;

  soup_server_add_handler (server, "/", handler, user_data, NULL);
  if (!soup_server_listen_local (server, port, SOUP_SERVER_LISTEN_IPV4_ONLY, &local_error))
    {
      g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_NETWORK,
                   _("The simulator could not listen on port %u: %s"), port, local_error->message);
      return NULL;
    }
  uris = soup_server_get_uris (server);
  *url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  return g_steal_pointer (&server);
}
