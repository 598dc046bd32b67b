/* adept-depsim-abm-accounts.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The checks follow Apple's "Implementing OAuth for the Apple School Manager and Apple
 * Business API": an ES256 JWT whose iss and sub are the client id, aud the fixed v2 token
 * URL, exp at most 180 days after iat, and a jti used once. A key that is not the
 * account's, a revoked account or an unknown client all get "invalid_client"; mistakes in
 * the claims get "invalid_grant", each with a description saying which.
 */
#define G_LOG_DOMAIN "adept-depsim"

#include "config.h"

#include <gnutls/abstract.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <libsoup/soup.h>
#include <string.h>

#include "adept-depsim-abm-accounts.h"
#include "adept-error.h"
#include "adept-json.h"
#include "adept-secret.h"

/* An iat this far ahead of the simulated clock is refused (clocks drift a little). */
#define IAT_SKEW_MS (60 * 1000)

typedef struct {
  char            *client_id;
  char            *key_id;
  char            *scope;
  char            *public_pem;
  gnutls_pubkey_t  pubkey;
  gboolean         revoked;
} Account;

typedef struct {
  char   *client_id;
  gint64  expires_ms;
} Token;

struct _AdeptDepsimAccounts
{
  GObject     parent_instance;

  GHashTable *accounts;   /* client id → Account */
  GHashTable *tokens;     /* access token → Token */
  GHashTable *jtis;       /* jti → exp in ms, while the assertion could still be replayed */
  guint       token_lifetime_s;
  guint       tokens_issued;
};

G_DEFINE_FINAL_TYPE (AdeptDepsimAccounts, adept_depsim_accounts, G_TYPE_OBJECT)

static void
account_free (gpointer data)
{
  Account *account = data;

  g_free (account->client_id);
  g_free (account->key_id);
  g_free (account->scope);
  g_free (account->public_pem);
  if (account->pubkey != NULL)
    gnutls_pubkey_deinit (account->pubkey);
  g_free (account);
}

static void
token_free (gpointer data)
{
  Token *token = data;

  g_free (token->client_id);
  g_free (token);
}

static void
adept_depsim_accounts_finalize (GObject *object)
{
  AdeptDepsimAccounts *self = ADEPT_DEPSIM_ACCOUNTS (object);

  g_hash_table_unref (self->accounts);
  g_hash_table_unref (self->tokens);
  g_hash_table_unref (self->jtis);

  G_OBJECT_CLASS (adept_depsim_accounts_parent_class)->finalize (object);
}

static void
adept_depsim_accounts_class_init (AdeptDepsimAccountsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = adept_depsim_accounts_finalize;
}

static void
adept_depsim_accounts_init (AdeptDepsimAccounts *self)
{
  self->accounts = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, account_free);
  /* Tokens are secrets: wiped when forgotten. */
  self->tokens = g_hash_table_new_full (g_str_hash, g_str_equal, (GDestroyNotify) adept_secret_free,
                                        token_free);
  self->jtis = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->token_lifetime_s = ADEPT_DEPSIM_ABM_TOKEN_LIFETIME_S;
}

AdeptDepsimAccounts *
adept_depsim_accounts_new (void)
{
  return g_object_new (ADEPT_TYPE_DEPSIM_ACCOUNTS, NULL);
}

/* ---- Accounts ---- */

static gboolean
gnutls_failed (int          rc,
               const char  *what,
               GError     **error)
{
  if (rc >= 0)
    return FALSE;
  g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_FAILED,
               "The simulator could not %s: %s", what, gnutls_strerror (rc));
  return TRUE;
}

static char *
take_datum_text (gnutls_datum_t *datum)
{
  char *text = g_strndup ((const char *) datum->data, datum->size);

  adept_secret_wipe (datum->data, datum->size);
  gnutls_free (datum->data);
  datum->data = NULL;
  return text;
}

static Account *
account_new (const char *client_id,
             const char *key_id,
             const char *scope)
{
  Account *account = g_new0 (Account, 1);

  account->client_id = g_strdup (client_id);
  account->key_id = g_strdup (key_id);
  account->scope = g_strdup (scope);
  return account;
}

char *
adept_depsim_accounts_create (AdeptDepsimAccounts  *self,
                              const char           *scope,
                              gboolean              sec1,
                              char                **client_id,
                              char                **key_id,
                              GError              **error)
{
  gnutls_x509_privkey_t x509 = NULL;
  gnutls_privkey_t privkey = NULL;
  gnutls_datum_t pem = { NULL, 0 };
  gnutls_datum_t public_pem = { NULL, 0 };
  g_autofree char *uuid = g_uuid_string_random ();
  Account *account;
  char *private_pem = NULL;
  int rc;

  g_return_val_if_fail (ADEPT_IS_DEPSIM_ACCOUNTS (self), NULL);

  account = account_new (NULL, NULL, scope != NULL ? scope : ADEPT_DEPSIM_ABM_SCOPE);
  account->client_id = g_strconcat ("BUSINESSAPI.", uuid, NULL);
  account->key_id = g_uuid_string_random ();

  if (gnutls_failed (rc = gnutls_x509_privkey_init (&x509), "make a key", error) ||
      gnutls_failed (rc = gnutls_x509_privkey_generate2 (x509, GNUTLS_PK_ECDSA,
                                                         GNUTLS_CURVE_TO_BITS (GNUTLS_ECC_CURVE_SECP256R1),
                                                         0, NULL, 0), "make a key", error) ||
      gnutls_failed (rc = sec1 ? gnutls_x509_privkey_export2 (x509, GNUTLS_X509_FMT_PEM, &pem)
                               : gnutls_x509_privkey_export2_pkcs8 (x509, GNUTLS_X509_FMT_PEM, NULL,
                                                                    GNUTLS_PKCS_PLAIN, &pem),
                     "write the key", error) ||
      gnutls_failed (rc = gnutls_privkey_init (&privkey), "read the key", error) ||
      gnutls_failed (rc = gnutls_privkey_import_x509 (privkey, x509, GNUTLS_PRIVKEY_IMPORT_AUTO_RELEASE),
                     "read the key", error))
    goto out;
  x509 = NULL;
  if (gnutls_failed (rc = gnutls_pubkey_init (&account->pubkey), "read the public key", error) ||
      gnutls_failed (rc = gnutls_pubkey_import_privkey (account->pubkey, privkey, 0, 0),
                     "read the public key", error) ||
      gnutls_failed (rc = gnutls_pubkey_export2 (account->pubkey, GNUTLS_X509_FMT_PEM, &public_pem),
                     "write the public key", error))
    goto out;

  account->public_pem = take_datum_text (&public_pem);
  private_pem = take_datum_text (&pem);
  *client_id = g_strdup (account->client_id);
  *key_id = g_strdup (account->key_id);
  g_hash_table_insert (self->accounts, account->client_id, account);
  account = NULL;

out:
  if (pem.data != NULL)
    {
      adept_secret_wipe (pem.data, pem.size);
      gnutls_free (pem.data);
    }
  gnutls_free (public_pem.data);
  g_clear_pointer (&x509, gnutls_x509_privkey_deinit);
  g_clear_pointer (&privkey, gnutls_privkey_deinit);
  if (account != NULL)
    account_free (account);
  return private_pem;
}

gboolean
adept_depsim_accounts_revoke (AdeptDepsimAccounts *self,
                              const char          *client_id)
{
  Account *account = g_hash_table_lookup (self->accounts, client_id);

  if (account == NULL)
    return FALSE;
  account->revoked = TRUE;
  return TRUE;
}

gboolean
adept_depsim_accounts_set_scope (AdeptDepsimAccounts *self,
                                 const char          *client_id,
                                 const char          *scope)
{
  Account *account = g_hash_table_lookup (self->accounts, client_id);

  if (account == NULL)
    return FALSE;
  g_free (account->scope);
  account->scope = g_strdup (scope != NULL ? scope : "");
  return TRUE;
}

void
adept_depsim_accounts_set_token_lifetime (AdeptDepsimAccounts *self,
                                          guint                seconds)
{
  self->token_lifetime_s = MAX (seconds, 1);
}

guint
adept_depsim_accounts_get_tokens_issued (AdeptDepsimAccounts *self)
{
  return self->tokens_issued;
}

static gboolean
has_scope (const Account *account,
           const char    *scope)
{
  g_auto(GStrv) granted = g_strsplit (account->scope != NULL ? account->scope : "", " ", -1);

  return scope != NULL && *scope != '\0' && g_strv_contains ((const char * const *) granted, scope);
}

/* ---- The client assertion ---- */

/* Base64url without padding, as JWS writes it; NULL for anything else. */
static GBytes *
decode_b64url (const char *text,
               gsize       len)
{
  g_autofree char *standard = NULL;
  guchar *raw;
  gsize raw_len;

  if (len == 0 || len % 4 == 1)
    return NULL;
  standard = g_malloc (len + 4);
  for (gsize i = 0; i < len; i++)
    {
      char c = text[i];

      if (c == '-')
        c = '+';
      else if (c == '_')
        c = '/';
      else if (!g_ascii_isalnum (c))
        return NULL;
      standard[i] = c;
    }
  memset (standard + len, '=', (4 - len % 4) % 4);
  standard[len + (4 - len % 4) % 4] = '\0';
  raw = g_base64_decode (standard, &raw_len);
  return g_bytes_new_take (raw, raw_len);
}

static JsonObject *
decode_json_part (const char *text,
                  gsize       len)
{
  g_autoptr(GBytes) bytes = decode_b64url (text, len);

  if (bytes == NULL)
    return NULL;
  return adept_json_parse_object (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                  ADEPT_JSON_SOURCE_REQUEST, NULL);
}

static const char *
get_string (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_STRING ? json_node_get_string (node) : NULL;
}

static gboolean
get_seconds (JsonObject *object,
             const char *name,
             gint64     *value)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *value = json_node_get_int (node);
  return TRUE;
}

/* A raw big-endian number without its leading zero bytes (one byte at least), so the
 * DER integer GnuTLS writes is the shortest. */
static gnutls_datum_t
trimmed_number (const guint8 *bytes,
                gsize         len)
{
  gnutls_datum_t datum;

  while (len > 1 && bytes[0] == 0)
    {
      bytes++;
      len--;
    }
  datum.data = (unsigned char *) bytes;
  datum.size = (unsigned int) len;
  return datum;
}

/* JWS ES256 signatures are r‖s, 32 bytes each; GnuTLS verifies the DER form. */
static gboolean
verify_signature (const Account *account,
                  const char    *signed_part,
                  gsize          signed_len,
                  GBytes        *signature)
{
  const guint8 *raw = g_bytes_get_data (signature, NULL);
  gnutls_datum_t r, s;
  gnutls_datum_t der = { NULL, 0 };
  gnutls_datum_t data = { (unsigned char *) signed_part, (unsigned int) signed_len };
  int rc;

  if (g_bytes_get_size (signature) != 64)
    return FALSE;
  r = trimmed_number (raw, 32);
  s = trimmed_number (raw + 32, 32);
  if (gnutls_encode_rs_value (&der, &r, &s) < 0)
    return FALSE;
  rc = gnutls_pubkey_verify_data2 (account->pubkey, GNUTLS_SIGN_ECDSA_SHA256, 0, &data, &der);
  gnutls_free (der.data);
  return rc >= 0;
}

typedef struct {
  const char *error;        /* the OAuth error code */
  char       *description;
} Refusal;

static gboolean
refuse (Refusal    *refusal,
        const char *error,
        const char *description)
{
  refusal->error = error;
  refusal->description = g_strdup (description);
  return FALSE;
}

static void
forget_old_jtis (AdeptDepsimAccounts *self,
                 gint64               now_ms)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->jtis);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (*(gint64 *) value < now_ms)
      g_hash_table_iter_remove (&iter);
}

static gboolean
check_claims (AdeptDepsimAccounts *self,
              const Account       *account,
              JsonObject          *claims,
              gint64               now_ms,
              Refusal             *refusal)
{
  const char *iss = get_string (claims, "iss");
  const char *sub = get_string (claims, "sub");
  const char *aud = get_string (claims, "aud");
  const char *jti = get_string (claims, "jti");
  gint64 iat, exp;

  if (g_strcmp0 (iss, account->client_id) != 0 || g_strcmp0 (sub, account->client_id) != 0)
    return refuse (refusal, "invalid_client", "iss and sub must both be the client_id.");
  if (g_strcmp0 (aud, ADEPT_DEPSIM_ABM_AUDIENCE) != 0)
    return refuse (refusal, "invalid_grant", "aud must be " ADEPT_DEPSIM_ABM_AUDIENCE ".");
  if (!get_seconds (claims, "iat", &iat) || !get_seconds (claims, "exp", &exp))
    return refuse (refusal, "invalid_grant", "iat and exp must be numbers of seconds.");
  if (exp <= iat || exp - iat > ADEPT_DEPSIM_ABM_MAX_ASSERTION_S)
    return refuse (refusal, "invalid_grant", "exp must be after iat and at most 180 days later.");
  if (exp * 1000 <= now_ms)
    return refuse (refusal, "invalid_grant", "The client assertion expired (exp is past).");
  if (iat * 1000 > now_ms + IAT_SKEW_MS)
    return refuse (refusal, "invalid_grant", "iat is in the future.");
  if (jti == NULL || *jti == '\0')
    return refuse (refusal, "invalid_grant", "jti is missing.");
  forget_old_jtis (self, now_ms);
  if (g_hash_table_contains (self->jtis, jti))
    return refuse (refusal, "invalid_grant", "This jti was already used: make a new assertion.");
  g_hash_table_insert (self->jtis, g_strdup (jti), g_memdup2 (&(gint64) { exp * 1000 }, sizeof (gint64)));
  return TRUE;
}

static gboolean
check_assertion (AdeptDepsimAccounts *self,
                 const Account       *account,
                 const char          *assertion,
                 gint64               now_ms,
                 Refusal             *refusal)
{
  const char *dot1 = strchr (assertion, '.');
  const char *dot2 = dot1 != NULL ? strchr (dot1 + 1, '.') : NULL;
  g_autoptr(JsonObject) header = NULL;
  g_autoptr(JsonObject) claims = NULL;
  g_autoptr(GBytes) signature = NULL;
  const char *typ;

  if (dot2 == NULL || strchr (dot2 + 1, '.') != NULL ||
      (header = decode_json_part (assertion, dot1 - assertion)) == NULL ||
      (claims = decode_json_part (dot1 + 1, dot2 - dot1 - 1)) == NULL ||
      (signature = decode_b64url (dot2 + 1, strlen (dot2 + 1))) == NULL)
    return refuse (refusal, "invalid_client", "The client assertion is not a signed JWT.");
  if (g_strcmp0 (get_string (header, "alg"), "ES256") != 0)
    return refuse (refusal, "invalid_client", "The assertion's alg must be ES256.");
  if (g_strcmp0 (get_string (header, "kid"), account->key_id) != 0)
    return refuse (refusal, "invalid_client", "The assertion's kid is not this API account's key.");
  typ = get_string (header, "typ");
  if (typ != NULL && g_ascii_strcasecmp (typ, "JWT") != 0)
    return refuse (refusal, "invalid_client", "The assertion's typ must be JWT.");
  if (!verify_signature (account, assertion, dot2 - assertion, signature))
    return refuse (refusal, "invalid_client",
                   "The assertion's signature does not verify with the API account's public key.");
  return check_claims (self, account, claims, now_ms, refusal);
}

static void
reply_oauth_error (AdeptDepsimReply *reply,
                   const char       *error,
                   const char       *description)
{
  GString *out = g_string_new ("{");

  adept_depsim_json_member (out, "error", error);
  adept_depsim_json_member (out, "error_description", description);
  g_string_append_c (out, '}');
  adept_depsim_reply_json (reply, out);
  /* RFC 6749 §5.2: 401 when the client failed to authenticate, else 400. */
  reply->status = g_str_equal (error, "invalid_client") ? 401 : 400;
}

static void
issue_token (AdeptDepsimAccounts *self,
             const Account       *account,
             const char          *scope,
             gint64               now_ms,
             AdeptDepsimReply    *reply)
{
  char *access_token = adept_depsim_random_hex (32);
  Token *token = g_new0 (Token, 1);
  GString *out = g_string_new ("{");

  token->client_id = g_strdup (account->client_id);
  token->expires_ms = now_ms + (gint64) self->token_lifetime_s * 1000;
  adept_depsim_json_member (out, "access_token", access_token);
  adept_depsim_json_member (out, "token_type", "Bearer");
  g_string_append_printf (out, ",\"expires_in\":%u", self->token_lifetime_s);
  adept_depsim_json_member (out, "scope", scope);
  g_string_append_c (out, '}');
  g_hash_table_insert (self->tokens, access_token, token);
  self->tokens_issued++;
  adept_depsim_reply_json (reply, out);
}

void
adept_depsim_accounts_token (AdeptDepsimAccounts *self,
                             const char          *body,
                             gsize                len,
                             gint64               now_ms,
                             AdeptDepsimReply    *reply)
{
  g_autofree char *text = g_strndup (body != NULL ? body : "", len);
  g_autoptr(GHashTable) form = soup_form_decode (text);
  const char *grant = g_hash_table_lookup (form, "grant_type");
  const char *client_id = g_hash_table_lookup (form, "client_id");
  const char *assertion_type = g_hash_table_lookup (form, "client_assertion_type");
  const char *assertion = g_hash_table_lookup (form, "client_assertion");
  const char *scope = g_hash_table_lookup (form, "scope");
  Refusal refusal = { NULL, NULL };
  Account *account;

  adept_secret_wipe (text, len);
  if (g_strcmp0 (grant, "client_credentials") != 0)
    {
      reply_oauth_error (reply, "unsupported_grant_type", "grant_type must be client_credentials.");
      return;
    }
  if (g_strcmp0 (assertion_type, ADEPT_DEPSIM_ABM_ASSERTION_TYPE) != 0 || assertion == NULL ||
      client_id == NULL)
    {
      reply_oauth_error (reply, "invalid_request",
                         "client_id, client_assertion_type (jwt-bearer) and client_assertion are required.");
      return;
    }
  account = g_hash_table_lookup (self->accounts, client_id);
  if (account == NULL)
    {
      reply_oauth_error (reply, "invalid_client", "No API account has this client_id.");
      return;
    }
  if (account->revoked)
    {
      reply_oauth_error (reply, "invalid_client", "This API account was revoked.");
      return;
    }
  if (!check_assertion (self, account, assertion, now_ms, &refusal))
    {
      reply_oauth_error (reply, refusal.error, refusal.description);
      g_free (refusal.description);
      return;
    }
  if (scope == NULL || !has_scope (account, scope))
    {
      reply_oauth_error (reply, "invalid_scope", "The API account does not have this scope.");
      return;
    }
  issue_token (self, account, scope, now_ms, reply);
}

AdeptDepsimBearer
adept_depsim_accounts_check_bearer (AdeptDepsimAccounts *self,
                                    const char          *authorization,
                                    gint64               now_ms)
{
  Token *token;
  Account *account;

  if (authorization == NULL || g_ascii_strncasecmp (authorization, "Bearer ", 7) != 0)
    return ADEPT_DEPSIM_BEARER_MISSING;
  token = g_hash_table_lookup (self->tokens, authorization + 7);
  if (token == NULL)
    return ADEPT_DEPSIM_BEARER_UNKNOWN;
  if (token->expires_ms <= now_ms)
    {
      g_hash_table_remove (self->tokens, authorization + 7);
      return ADEPT_DEPSIM_BEARER_EXPIRED;
    }
  account = g_hash_table_lookup (self->accounts, token->client_id);
  if (account == NULL || account->revoked)
    return ADEPT_DEPSIM_BEARER_REVOKED;
  if (!has_scope (account, ADEPT_DEPSIM_ABM_SCOPE))
    return ADEPT_DEPSIM_BEARER_NO_SCOPE;
  return ADEPT_DEPSIM_BEARER_OK;
}

void
adept_depsim_accounts_write_tokens (AdeptDepsimAccounts *self,
                                    GString             *out)
{
  GHashTableIter iter;
  gpointer key;
  gboolean first = TRUE;

  g_string_append_c (out, '[');
  g_hash_table_iter_init (&iter, self->tokens);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;
      adept_depsim_json_string (out, key);
    }
  g_string_append_c (out, ']');
}

/* ---- Saving ---- */

void
adept_depsim_accounts_write_json (AdeptDepsimAccounts *self,
                                  GString             *out)
{
  GHashTableIter iter;
  gpointer value;
  gboolean first = TRUE;

  g_string_append_c (out, '[');
  g_hash_table_iter_init (&iter, self->accounts);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Account *account = value;

      g_string_append (out, first ? "{" : ",{");
      first = FALSE;
      adept_depsim_json_member (out, "client_id", account->client_id);
      adept_depsim_json_member (out, "key_id", account->key_id);
      adept_depsim_json_member (out, "scope", account->scope);
      adept_depsim_json_member (out, "public_key", account->public_pem);
      adept_depsim_json_raw_member (out, "revoked", account->revoked ? "true" : "false");
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');
}

void
adept_depsim_accounts_read_json (AdeptDepsimAccounts *self,
                                 JsonArray           *accounts)
{
  for (guint i = 0; accounts != NULL && i < json_array_get_length (accounts); i++)
    {
      JsonNode *node = json_array_get_element (accounts, i);
      JsonObject *object;
      Account *account;
      const char *pem;
      gnutls_datum_t datum;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      object = json_node_get_object (node);
      pem = get_string (object, "public_key");
      if (get_string (object, "client_id") == NULL || get_string (object, "key_id") == NULL ||
          pem == NULL)
        continue;
      account = account_new (get_string (object, "client_id"), get_string (object, "key_id"),
                             get_string (object, "scope"));
      account->public_pem = g_strdup (pem);
      account->revoked = json_object_get_boolean_member_with_default (object, "revoked", FALSE);
      datum.data = (unsigned char *) account->public_pem;
      datum.size = strlen (account->public_pem);
      if (gnutls_pubkey_init (&account->pubkey) < 0 ||
          gnutls_pubkey_import (account->pubkey, &datum, GNUTLS_X509_FMT_PEM) < 0)
        {
          account_free (account);
          continue;
        }
      g_hash_table_replace (self->accounts, account->client_id, account);
    }
}
