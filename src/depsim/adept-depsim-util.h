/* adept-depsim-util.h — JSON writing, time stamps and HTTP replies shared by the simulator
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

#define ADEPT_DEPSIM_JSON_TYPE "application/json;charset=UTF8"
#define ADEPT_DEPSIM_TEXT_TYPE "text/plain;charset=UTF8"

/* The newest X-Server-Protocol-Version the simulator knows; also used when a request
 * sends none. */
#define ADEPT_DEPSIM_PROTOCOL_LATEST 10

typedef struct {
  const char *method;
  const char *path;
  GHashTable *query;
  const char *body;
  gsize       body_len;
  int         version;
} AdeptDepsimRequest;

typedef struct {
  guint       status;
  const char *content_type;
  GString    *body;
  guint       retry_after;
} AdeptDepsimReply;

void     adept_depsim_reply_clear  (AdeptDepsimReply *reply);
/* Apple's documented form of an error: the code as plain text. */
void     adept_depsim_reply_code   (AdeptDepsimReply *reply,
                                    guint             status,
                                    const char       *code);
/* Takes the GString. */
void     adept_depsim_reply_json   (AdeptDepsimReply *reply,
                                    GString          *json);

/* A quoted, escaped JSON string. */
void     adept_depsim_json_string  (GString          *out,
                                    const char       *s);
/* "name":"value" with a comma before unless it is the first member. NULL values are left
 * out. */
void     adept_depsim_json_member  (GString          *out,
                                    const char       *name,
                                    const char       *value);
void     adept_depsim_json_time_member (GString      *out,
                                        const char   *name,
                                        gint64        ms);
/* The same for a name known to need no escaping, given with its quotes and colon, as
 * ADEPT_DEPSIM_JSON_KEY() makes it from a literal. */
void     adept_depsim_json_key_member  (GString      *out,
                                        const char   *key,
                                        gsize         key_len,
                                        const char   *value);
void     adept_depsim_json_key_time_member (GString  *out,
                                            const char *key,
                                            gsize     key_len,
                                            gint64    ms);
#define ADEPT_DEPSIM_JSON_KEY(name) "\"" name "\":", sizeof ("\"" name "\":") - 1
/* "name":value for numbers and booleans, written as given. */
void     adept_depsim_json_raw_member  (GString      *out,
                                        const char   *name,
                                        const char   *raw);

/* The last width decimal digits of value at p, zero-padded; returns the end. */
static inline char *
adept_depsim_put_digits (char   *p,
                         gint64  value,
                         guint   width)
{
  for (guint i = width; i > 0; i--)
    {
      p[i - 1] = (char) ('0' + value % 10);
      value /= 10;
    }
  return p + width;
}

/* RFC 3339 UTC with second precision: 2018-09-08T16:49:09Z */
void     adept_depsim_append_time  (GString          *out,
                                    gint64            ms);

/* The body as a JSON object; NULL with 400 MALFORMED_REQUEST_BODY in the reply otherwise.
 * An empty body is an empty object. */
JsonObject *adept_depsim_parse_object (const AdeptDepsimRequest *request,
                                       AdeptDepsimReply         *reply);

/* Lowercase hex of n random bytes. */
char    *adept_depsim_random_hex   (guint             n_bytes);
char    *adept_depsim_random_upper_hex (guint         n_bytes);

/* A server on 127.0.0.1:port (0 for any free port) sending every path to handler; its
 * base URL in *url. NULL and a sentence when the port is taken. */
SoupServer *adept_depsim_listen (guint               port,
                                 SoupServerCallback  handler,
                                 gpointer            user_data,
                                 char              **url,
                                 GError            **error);

G_END_DECLS
