/* adept-oauth1.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-oauth1"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <string.h>

#include "adept-error.h"
#include "adept-oauth1.h"
#include "adept-secret.h"

typedef struct {
  char *name;
  char *value;
} Param;

static gboolean
is_unreserved (guchar c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '.' || c == '_' || c == '~';
}

static void
append_encoded (GString    *out,
                const char *s)
{
  static const char hex[] = "0123456789ABCDEF";

  for (const guchar *p = (const guchar *) s; *p != '\0'; p++)
    {
      if (is_unreserved (*p))
        g_string_append_c (out, *p);
      else
        {
          g_string_append_c (out, '%');
          g_string_append_c (out, hex[*p >> 4]);
          g_string_append_c (out, hex[*p & 0xf]);
        }
    }
}

char *
adept_oauth1_percent_encode (const char *s)
{
  GString *out = g_string_new (NULL);

  append_encoded (out, s != NULL ? s : "");
  return g_string_free (out, FALSE);
}

static void
param_clear (gpointer data)
{
  Param *param = data;

  g_free (param->name);
  g_free (param->value);
}

static void
add_param (GArray     *params,
           const char *name,
           const char *value)
{
  Param param = {
    adept_oauth1_percent_encode (name),
    adept_oauth1_percent_encode (value),
  };

  g_array_append_val (params, param);
}

static int
compare_params (gconstpointer a,
                gconstpointer b)
{
  const Param *pa = a;
  const Param *pb = b;
  int cmp = strcmp (pa->name, pb->name);

  return cmp != 0 ? cmp : strcmp (pa->value, pb->value);
}

/* RFC 5849 §3.4.1.3.1: the query is read as application/x-www-form-urlencoded. */
static void
add_query_params (GArray     *params,
                  const char *query)
{
  GUriParamsIter iter;
  char *name = NULL;
  char *value = NULL;

  if (query == NULL || *query == '\0')
    return;

  g_uri_params_iter_init (&iter, query, -1, "&", G_URI_PARAMS_WWW_FORM);
  while (g_uri_params_iter_next (&iter, &name, &value, NULL))
    {
      add_param (params, name, value);
      g_free (name);
      g_free (value);
    }
}

/* RFC 5849 §3.4.1.2: lowercase scheme and host, default port dropped, no query. */
static gboolean
append_base_uri (GString    *out,
                 GUri       *uri)
{
  g_autofree char *scheme = g_ascii_strdown (g_uri_get_scheme (uri), -1);
  g_autofree char *host = NULL;
  GString *base = g_string_new (NULL);
  const char *path = g_uri_get_path (uri);
  int port = g_uri_get_port (uri);

  if (g_uri_get_host (uri) == NULL)
    {
      g_string_free (base, TRUE);
      return FALSE;
    }
  host = g_ascii_strdown (g_uri_get_host (uri), -1);

  g_string_append_printf (base, "%s://%s", scheme, host);
  if (port > 0 &&
      !(port == 80 && g_str_equal (scheme, "http")) &&
      !(port == 443 && g_str_equal (scheme, "https")))
    g_string_append_printf (base, ":%d", port);
  g_string_append (base, *path != '\0' ? path : "/");

  append_encoded (out, base->str);
  g_string_free (base, TRUE);
  return TRUE;
}

char *
adept_oauth1_signature_base_string (const char         *method,
                                    const char         *url,
                                    const char * const *params)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GArray) all = NULL;
  g_autofree char *upper = NULL;
  GString *pairs;
  GString *out;

  g_return_val_if_fail (method != NULL, NULL);
  g_return_val_if_fail (url != NULL, NULL);

  uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL);
  if (uri == NULL)
    return NULL;

  all = g_array_new (FALSE, FALSE, sizeof (Param));
  g_array_set_clear_func (all, param_clear);
  for (guint i = 0; params != NULL && params[i] != NULL; i += 2)
    {
      g_return_val_if_fail (params[i + 1] != NULL, NULL);
      add_param (all, params[i], params[i + 1]);
    }
  add_query_params (all, g_uri_get_query (uri));
  g_array_sort (all, compare_params);

  pairs = g_string_new (NULL);
  for (guint i = 0; i < all->len; i++)
    {
      const Param *param = &g_array_index (all, Param, i);

      if (i > 0)
        g_string_append_c (pairs, '&');
      g_string_append_printf (pairs, "%s=%s", param->name, param->value);
    }

  upper = g_ascii_strup (method, -1);
  out = g_string_new (upper);
  g_string_append_c (out, '&');
  if (!append_base_uri (out, uri))
    {
      g_string_free (pairs, TRUE);
      g_string_free (out, TRUE);
      return NULL;
    }
  g_string_append_c (out, '&');
  append_encoded (out, pairs->str);
  g_string_free (pairs, TRUE);
  return g_string_free (out, FALSE);
}

char *
adept_oauth1_hmac_sha1 (const char *base_string,
                        const char *consumer_secret,
                        const char *token_secret)
{
  g_autoptr(GHmac) hmac = NULL;
  GString *key = g_string_new (NULL);
  guint8 digest[20];
  gsize digest_len = sizeof digest;
  char *signature;

  g_return_val_if_fail (base_string != NULL, NULL);

  append_encoded (key, consumer_secret != NULL ? consumer_secret : "");
  g_string_append_c (key, '&');
  append_encoded (key, token_secret != NULL ? token_secret : "");

  hmac = g_hmac_new (G_CHECKSUM_SHA1, (const guchar *) key->str, key->len);
  adept_secret_wipe (key->str, key->len);
  g_string_free (key, TRUE);

  g_hmac_update (hmac, (const guchar *) base_string, strlen (base_string));
  g_hmac_get_digest (hmac, digest, &digest_len);
  signature = g_base64_encode (digest, digest_len);
  adept_secret_wipe (digest, sizeof digest);
  return signature;
}

char *
adept_oauth1_make_nonce (void)
{
  guint8 bytes[16];
  GString *nonce = g_string_sized_new (2 * sizeof bytes);

  if (gnutls_rnd (GNUTLS_RND_NONCE, bytes, sizeof bytes) != 0)
    g_error ("The system's random number generator failed");
  for (guint i = 0; i < sizeof bytes; i++)
    g_string_append_printf (nonce, "%02x", bytes[i]);
  return g_string_free (nonce, FALSE);
}

char *
adept_oauth1_authorization_header (const AdeptOAuth1Credentials *credentials,
                                   const char                   *method,
                                   const char                   *url,
                                   const char                   *realm,
                                   const char                   *timestamp,
                                   const char                   *nonce)
{
  g_autofree char *own_timestamp = NULL;
  g_autofree char *own_nonce = NULL;
  g_autofree char *base = NULL;
  g_autofree char *signature = NULL;
  GString *header;

  g_return_val_if_fail (credentials != NULL, NULL);
  g_return_val_if_fail (credentials->consumer_key != NULL, NULL);
  g_return_val_if_fail (credentials->token != NULL, NULL);

  if (timestamp == NULL)
    timestamp = own_timestamp = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                 g_get_real_time () / G_USEC_PER_SEC);
  if (nonce == NULL)
    nonce = own_nonce = adept_oauth1_make_nonce ();

  {
    const char *params[] = {
      "oauth_consumer_key", credentials->consumer_key,
      "oauth_nonce", nonce,
      "oauth_signature_method", "HMAC-SHA1",
      "oauth_timestamp", timestamp,
      "oauth_token", credentials->token,
      "oauth_version", "1.0",
      NULL
    };
    const char *fields[] = {
      "oauth_consumer_key", credentials->consumer_key,
      "oauth_nonce", nonce,
      "oauth_signature", NULL,
      "oauth_signature_method", "HMAC-SHA1",
      "oauth_timestamp", timestamp,
      "oauth_token", credentials->token,
      "oauth_version", "1.0",
    };

    base = adept_oauth1_signature_base_string (method, url, params);
    if (base == NULL)
      return NULL;
    signature = adept_oauth1_hmac_sha1 (base, credentials->consumer_secret,
                                        credentials->token_secret);
    fields[5] = signature;

    header = g_string_new ("OAuth ");
    if (realm != NULL)
      {
        g_string_append (header, "realm=\"");
        append_encoded (header, realm);
        g_string_append (header, "\", ");
      }
    for (guint i = 0; i < G_N_ELEMENTS (fields); i += 2)
      {
        if (i > 0)
          g_string_append (header, ", ");
        g_string_append_printf (header, "%s=\"", fields[i]);
        append_encoded (header, fields[i + 1]);
        g_string_append_c (header, '"');
      }
  }
  return g_string_free (header, FALSE);
}

static gboolean
fail_header (GError     **error,
             const char  *why)
{
  g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_BAD_REQUEST,
               _("The OAuth Authorization header is malformed: %s."), why);
  return FALSE;
}

static const char *
skip_space (const char *p)
{
  while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
    p++;
  return p;
}

/* One name="value" pair; p is left after it. */
static gboolean
parse_pair (const char **pp,
            char       **name,
            char       **value,
            GError     **error)
{
  const char *p = skip_space (*pp);
  const char *start = p;
  g_autofree char *raw_name = NULL;
  g_autofree char *raw_value = NULL;

  while (*p != '\0' && *p != '=' && *p != ',' && *p != ' ')
    p++;
  if (p == start || *p != '=')
    return fail_header (error, _("a parameter has no value"));
  raw_name = g_strndup (start, p - start);
  p++;
  if (*p != '"')
    return fail_header (error, _("a value is not quoted"));
  start = ++p;
  while (*p != '\0' && *p != '"')
    p++;
  if (*p != '"')
    return fail_header (error, _("a quoted value does not end"));
  raw_value = g_strndup (start, p - start);
  p++;

  *name = g_uri_unescape_string (raw_name, NULL);
  *value = g_uri_unescape_string (raw_value, NULL);
  if (*name == NULL || *value == NULL)
    {
      g_clear_pointer (name, g_free);
      g_clear_pointer (value, g_free);
      return fail_header (error, _("a parameter is not percent-encoded correctly"));
    }
  *pp = p;
  return TRUE;
}

GHashTable *
adept_oauth1_parse_authorization_header (const char  *value,
                                         GError     **error)
{
  g_autoptr(GHashTable) params = NULL;
  const char *p;

  if (value == NULL || g_ascii_strncasecmp (value, "OAuth", 5) != 0 ||
      (value[5] != ' ' && value[5] != '\t'))
    {
      fail_header (error, _("the scheme is not OAuth"));
      return NULL;
    }

  params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  p = skip_space (value + 5);
  while (*p != '\0')
    {
      char *name = NULL;
      char *pvalue = NULL;

      if (!parse_pair (&p, &name, &pvalue, error))
        return NULL;
      if (g_hash_table_contains (params, name))
        {
          g_free (name);
          g_free (pvalue);
          fail_header (error, _("a parameter occurs twice"));
          return NULL;
        }
      g_hash_table_insert (params, name, pvalue);

      p = skip_space (p);
      if (*p == ',')
        p = skip_space (p + 1);
      else if (*p != '\0')
        {
          fail_header (error, _("parameters are not separated by commas"));
          return NULL;
        }
    }
  return g_steal_pointer (&params);
}

gboolean
adept_oauth1_verify_signature (GHashTable *params,
                               const char *method,
                               const char *url,
                               const char *consumer_secret,
                               const char *token_secret)
{
  g_autoptr(GPtrArray) flat = g_ptr_array_new ();
  g_autofree char *base = NULL;
  g_autofree char *expected = NULL;
  const char *given;
  GHashTableIter iter;
  gpointer key, value;
  gsize len;

  given = g_hash_table_lookup (params, "oauth_signature");
  if (given == NULL)
    return FALSE;

  g_hash_table_iter_init (&iter, params);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_str_equal (key, "realm") && !g_str_equal (key, "oauth_signature"))
      {
        g_ptr_array_add (flat, key);
        g_ptr_array_add (flat, value);
      }
  g_ptr_array_add (flat, NULL);

  base = adept_oauth1_signature_base_string (method, url, (const char * const *) flat->pdata);
  if (base == NULL)
    return FALSE;
  expected = adept_oauth1_hmac_sha1 (base, consumer_secret, token_secret);

  len = strlen (expected);
  if (strlen (given) != len)
    return FALSE;
  return gnutls_memcmp (expected, given, len) == 0;
}
