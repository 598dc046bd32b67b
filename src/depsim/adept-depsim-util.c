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

/* Room for n more bytes after out->len, so a writer can copy without GString's checks.
 * GString grows by doubling, as it would appending. */
static inline void
reserve (GString *out,
         gsize    n)
{
  if (out->len + n >= out->allocated_len)
    {
      gsize len = out->len;

      g_string_set_size (out, len + n);
      out->len = len;
      out->str[len] = '\0';
    }
}

static inline void
append_bytes (GString    *out,
              const char *s,
              gsize       n)
{
  reserve (out, n);
  memcpy (out->str + out->len, s, n);
  out->len += n;
  out->str[out->len] = '\0';
}

#define ONES  G_GUINT64_CONSTANT (0x0101010101010101)
#define HIGHS G_GUINT64_CONSTANT (0x8080808080808080)

/* Whether any of the eight bytes is a control character, '"' or '\\' (the usual
 * "has a zero byte" test, three times): none is missed, and a false alarm would only take
 * the slow path. */
static inline gboolean
word_needs_escape (guint64 w)
{
  guint64 quote = w ^ (ONES * '"');
  guint64 backslash = w ^ (ONES * '\\');

  return ((((w - ONES * 0x20) & ~w) |
           ((quote - ONES) & ~quote) |
           ((backslash - ONES) & ~backslash)) & HIGHS) != 0;
}

static gboolean
needs_escape (const char *s,
              gsize       len)
{
  gsize i = 0;

  for (; i + 8 <= len; i += 8)
    {
      guint64 w;

      memcpy (&w, s + i, 8);
      if (word_needs_escape (w))
        return TRUE;
    }
  for (; i < len; i++)
    {
      guchar c = (guchar) s[i];

      if (c < 0x20 || c == '"' || c == '\\')
        return TRUE;
    }
  return FALSE;
}

void
adept_depsim_json_string (GString    *out,
                          const char *s)
{
  gsize len = strlen (s);
  char *p;

  if (G_UNLIKELY (needs_escape (s, len)))
    {
      adept_json_append_string (out, s);
      return;
    }
  /* Most strings (serials, models, dates, identifiers) need no escaping: one copy. */
  reserve (out, len + 2);
  p = out->str + out->len;
  p[0] = '"';
  memcpy (p + 1, s, len);
  p[len + 1] = '"';
  out->len += len + 2;
  out->str[out->len] = '\0';
}

/* The comma before a member unless it is the first of its object or array. */
static inline void
separate (GString *out)
{
  char last = out->len > 0 ? out->str[out->len - 1] : '{';

  if (last != '{' && last != '[')
    append_bytes (out, ",", 1);
}

/* Names are escaped like values: a serial number is a name in {"devices": {serial: …}},
 * and a client may send any text as one. */
static void
member_name (GString    *out,
             const char *name)
{
  separate (out);
  adept_depsim_json_string (out, name);
  append_bytes (out, ":", 1);
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
adept_depsim_json_key_member (GString    *out,
                              const char *key,
                              gsize       key_len,
                              const char *value)
{
  if (value == NULL)
    return;
  separate (out);
  append_bytes (out, key, key_len);
  adept_depsim_json_string (out, value);
}

void
adept_depsim_json_time_member (GString    *out,
                               const char *name,
                               gint64      ms)
{
  member_name (out, name);
  append_bytes (out, "\"", 1);
  adept_depsim_append_time (out, ms);
  append_bytes (out, "\"", 1);
}

void
adept_depsim_json_key_time_member (GString    *out,
                                   const char *key,
                                   gsize       key_len,
                                   gint64      ms)
{
  separate (out);
  append_bytes (out, key, key_len);
  append_bytes (out, "\"", 1);
  adept_depsim_append_time (out, ms);
  append_bytes (out, "\"", 1);
}

void
adept_depsim_json_raw_member (GString    *out,
                              const char *name,
                              const char *raw)
{
  member_name (out, name);
  g_string_append (out, raw);
}

/* "YYYY-MM-DDT" of a day since 1970, without stdio or the C library's time zone code.
 * Days to a civil date as in Howard Hinnant's "chrono-Compatible Low-Level Date
 * Algorithms" (proleptic Gregorian, any year). FALSE outside years 0-9999. */
static gboolean
format_day (gint64  days,
            char   *text)
{
  gint64 z = days + 719468;
  gint64 era = (z >= 0 ? z : z - 146096) / 146097;
  gint64 doe = z - era * 146097;
  gint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  gint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  gint64 mp = (5 * doy + 2) / 153;
  gint64 day = doy - (153 * mp + 2) / 5 + 1;
  gint64 month = mp < 10 ? mp + 3 : mp - 9;
  gint64 year = yoe + era * 400 + (month <= 2);
  char *p = text;

  if (year < 0 || year > 9999)
    return FALSE;
  p = adept_depsim_put_digits (p, year, 4);
  *p++ = '-';
  p = adept_depsim_put_digits (p, month, 2);
  *p++ = '-';
  p = adept_depsim_put_digits (p, day, 2);
  *p = 'T';
  return TRUE;
}

/* The day last formatted, per thread (each simulator serves from one): an answer's dates
 * are mostly of a few days. */
static _Thread_local gint64   cached_days;
static _Thread_local gboolean cached_valid;
static _Thread_local char     cached_day[11];

void
adept_depsim_append_time (GString *out,
                          gint64   ms)
{
  gint64 secs = ms >= 0 ? ms / 1000 : (ms - 999) / 1000;
  gint64 days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
  gint64 rest = secs - days * 86400;
  char buf[20];
  char *p = buf + 11;

  if (!cached_valid || cached_days != days)
    {
      if (G_UNLIKELY (!format_day (days, cached_day)))
        {
          /* Outside four-digit years, as before: no simulated date gets there, but a
           * migration deadline is any number an admin call sends. */
          time_t t = (time_t) secs;
          struct tm tm = { 0, };

          cached_valid = FALSE;
          gmtime_r (&t, &tm);
          g_string_append_printf (out, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
          return;
        }
      cached_days = days;
      cached_valid = TRUE;
    }
  memcpy (buf, cached_day, 11);
  p = adept_depsim_put_digits (p, rest / 3600, 2);
  *p++ = ':';
  p = adept_depsim_put_digits (p, rest / 60 % 60, 2);
  *p++ = ':';
  p = adept_depsim_put_digits (p, rest % 60, 2);
  *p++ = 'Z';
  append_bytes (out, buf, p - buf);
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
