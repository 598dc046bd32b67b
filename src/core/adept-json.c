/* adept-json.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-json"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "adept-error.h"
#include "adept-json.h"

typedef struct {
  gsize           max_size;
  AdeptErrorCode  code;
  /* One sentence with a %s for the reason. */
  const char     *sentence;
  /* json-glib's own words (line and column) help someone fixing a file; they are never
   * added for sources that may carry secrets. */
  gboolean        detail;
} SourceInfo;

static const SourceInfo sources[ADEPT_JSON_N_SOURCES] = {
  /* As large as the DEP client's default answer cap; a page of 1,000 devices is ~300 KiB. */
  [ADEPT_JSON_SOURCE_SERVER] = { 16 * 1024 * 1024, ADEPT_ERROR_MALFORMED_RESPONSE,
    N_("The DEP server’s answer is malformed: %s. Try again later; if it keeps happening, report it."), FALSE },
  /* A token file is at most 1 MiB, its payload smaller still. */
  [ADEPT_JSON_SOURCE_TOKEN] = { 1024 * 1024, ADEPT_ERROR_TOKEN_INCOMPLETE,
    N_("This server token could be decrypted but its content is malformed: %s. Download a new token from Apple Business Manager."), FALSE },
  [ADEPT_JSON_SOURCE_KEYRING] = { 1024 * 1024, ADEPT_ERROR_TOKEN_INCOMPLETE,
    N_("The server token’s credentials in the keyring are malformed: %s. Renew the link with a new token from Apple Business Manager."), FALSE },
  [ADEPT_JSON_SOURCE_PROFILE] = { 1024 * 1024, ADEPT_ERROR_FILE,
    N_("The profile file is malformed: %s. Check the file, or export the profile again."), TRUE },
  [ADEPT_JSON_SOURCE_STORE] = { 1024 * 1024, ADEPT_ERROR_STORE_CORRUPT,
    N_("Data in the local database is malformed: %s. Sync again; if it keeps happening, move the database aside."), FALSE },
  [ADEPT_JSON_SOURCE_REQUEST] = { 4 * 1024 * 1024, ADEPT_ERROR_BAD_REQUEST,
    N_("The request body is malformed: %s."), TRUE },
  /* 100,000 simulated devices take about 40 MiB. */
  [ADEPT_JSON_SOURCE_SIMULATOR_STATE] = { 512 * 1024 * 1024, ADEPT_ERROR_FILE,
    N_("The simulator’s state file is malformed: %s. Move it aside to start afresh."), TRUE },
  [ADEPT_JSON_SOURCE_BUSINESS] = { 16 * 1024 * 1024, ADEPT_ERROR_MALFORMED_RESPONSE,
    N_("Apple Business Manager’s answer is malformed: %s. Try again later; if it keeps happening, report it."), FALSE },
};

gsize
adept_json_get_max_size (AdeptJsonSource source)
{
  g_return_val_if_fail ((guint) source < ADEPT_JSON_N_SOURCES, 0);
  return sources[source].max_size;
}

void
adept_json_set_malformed (GError          **error,
                          AdeptJsonSource   source,
                          const char       *reason)
{
  g_return_if_fail ((guint) source < ADEPT_JSON_N_SOURCES);
  g_return_if_fail (reason != NULL);

  /* The sentences are the table's literals above. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
  g_set_error (error, ADEPT_ERROR, sources[source].code,
               g_dgettext (GETTEXT_PACKAGE, sources[source].sentence), reason);
#pragma GCC diagnostic pop
}

static gboolean
too_large (GError          **error,
           AdeptJsonSource   source)
{
  g_autofree char *size = g_format_size (sources[source].max_size);
  g_autofree char *reason = g_strdup_printf (_("it is larger than %s"), size);

  adept_json_set_malformed (error, source, reason);
  return FALSE;
}

static gboolean
too_deep (GError          **error,
          AdeptJsonSource   source)
{
  g_autofree char *reason = g_strdup_printf (_("it nests deeper than %u levels"), ADEPT_JSON_MAX_DEPTH);

  adept_json_set_malformed (error, source, reason);
  return FALSE;
}

void
adept_json_guard_init (AdeptJsonGuard  *guard,
                       AdeptJsonSource  source)
{
  g_return_if_fail (guard != NULL);
  g_return_if_fail ((guint) source < ADEPT_JSON_N_SOURCES);

  memset (guard, 0, sizeof *guard);
  guard->source = source;
}

gboolean
adept_json_guard_add_size (AdeptJsonGuard  *guard,
                           gsize            len,
                           GError         **error)
{
  g_return_val_if_fail (guard != NULL, FALSE);

  if (len > sources[guard->source].max_size - guard->size)
    return too_large (error, guard->source);
  guard->size += len;
  return TRUE;
}

gboolean
adept_json_guard_enter (AdeptJsonGuard  *guard,
                        GError         **error)
{
  g_return_val_if_fail (guard != NULL, FALSE);

  if (++guard->depth > ADEPT_JSON_MAX_DEPTH)
    return too_deep (error, guard->source);
  return TRUE;
}

void
adept_json_guard_leave (AdeptJsonGuard *guard)
{
  g_return_if_fail (guard != NULL);

  if (guard->depth > 0)
    guard->depth--;
}

gboolean
adept_json_guard_finish (AdeptJsonGuard  *guard,
                         GError         **error)
{
  g_return_val_if_fail (guard != NULL, FALSE);

  if (guard->size == 0)
    {
      adept_json_set_malformed (error, guard->source, _("it is empty"));
      return FALSE;
    }
  return TRUE;
}

gboolean
adept_json_guard_feed (AdeptJsonGuard  *guard,
                       gconstpointer    data,
                       gsize            len,
                       GError         **error)
{
  const guint8 *p = data;
  const guint8 *end = p + len;
  guint depth = guard->depth;

  g_return_val_if_fail (guard != NULL, FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  if (!adept_json_guard_add_size (guard, len, error))
    return FALSE;

  while (p < end)
    {
      if (guard->in_string)
        {
          /* Most bytes are inside strings: jump to the next quote or backslash. */
          if (guard->escaped)
            {
              guard->escaped = FALSE;
              p++;
              continue;
            }
          while (p < end && *p != '"' && *p != '\\')
            p++;
          if (p == end)
            break;
          if (*p == '\\')
            guard->escaped = TRUE;
          else
            guard->in_string = FALSE;
          p++;
          continue;
        }
      switch (*p++)
        {
        case '"':
          guard->in_string = TRUE;
          break;
        case '[':
        case '{':
          if (++depth > ADEPT_JSON_MAX_DEPTH)
            {
              guard->depth = depth;
              return too_deep (error, guard->source);
            }
          break;
        case ']':
        case '}':
          /* Too many closers is json-glib's to report: it never recurses on them. */
          if (depth > 0)
            depth--;
          break;
        default:
          break;
        }
    }
  guard->depth = depth;
  return TRUE;
}

static gboolean
check (const char       *data,
       gsize             len,
       AdeptJsonSource   source,
       GError          **error)
{
  AdeptJsonGuard guard;

  adept_json_guard_init (&guard, source);
  return adept_json_guard_feed (&guard, data, len, error) &&
         adept_json_guard_finish (&guard, error);
}

gboolean
adept_json_check_bytes (GBytes           *bytes,
                        AdeptJsonSource   source,
                        GError          **error)
{
  gsize len = 0;
  const char *data;

  g_return_val_if_fail (bytes != NULL, FALSE);
  g_return_val_if_fail ((guint) source < ADEPT_JSON_N_SOURCES, FALSE);

  data = g_bytes_get_data (bytes, &len);
  return check (data, len, source, error);
}

JsonNode *
adept_json_parse_data (const char       *data,
                       gsize             len,
                       AdeptJsonSource   source,
                       GError          **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail ((guint) source < ADEPT_JSON_N_SOURCES, NULL);

  if (!check (data, len, source, error))
    return NULL;

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, (gssize) len, &local_error) ||
      (root = json_parser_steal_root (parser)) == NULL)
    {
      g_autofree char *reason = NULL;

      if (sources[source].detail && local_error != NULL)
        reason = g_strdup_printf (_("it is not valid JSON (%s)"), local_error->message);
      else
        reason = g_strdup (_("it is not valid JSON"));
      adept_json_set_malformed (error, source, reason);
      return NULL;
    }
  return root;
}

JsonNode *
adept_json_parse_bytes (GBytes           *bytes,
                        AdeptJsonSource   source,
                        GError          **error)
{
  gsize len = 0;
  const char *data;

  g_return_val_if_fail (bytes != NULL, NULL);

  data = g_bytes_get_data (bytes, &len);
  return adept_json_parse_data (data, len, source, error);
}

JsonObject *
adept_json_parse_object (const char       *data,
                         gsize             len,
                         AdeptJsonSource   source,
                         GError          **error)
{
  g_autoptr(JsonNode) root = adept_json_parse_data (data, len, source, error);

  if (root == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      adept_json_set_malformed (error, source, _("it is not a JSON object"));
      return NULL;
    }
  return json_object_ref (json_node_get_object (root));
}

void
adept_json_append_string (GString    *out,
                          const char *s)
{
  const char *run = s;
  const char *p;

  g_string_append_c (out, '"');
  for (p = s; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c >= 0x20 && c != '"' && c != '\\')
        continue;
      g_string_append_len (out, run, p - run);
      switch (c)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default: g_string_append_printf (out, "\\u%04x", c); break;
        }
      run = p + 1;
    }
  g_string_append_len (out, run, p - run);
  g_string_append_c (out, '"');
}
