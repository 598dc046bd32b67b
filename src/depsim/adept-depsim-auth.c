/* adept-depsim-auth.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-depsim"

#include "config.h"

#include <string.h>

#include "adept-depsim-auth.h"
#include "adept-oauth1.h"
#include "adept-secret.h"

/* Apple's depsim accepts these (dep-api.md §5.1); they are public test values. */
#define DEPSIM_CK "CK_48dd68d198350f51258e885ce9a5c37ab7f98543c4a697323d75682a6c10a32501cb247e3db08105db868f73f2c972bdb6ae77112aea803b9219eb52689d42e6"
#define DEPSIM_CS "CS_34c7b2b531a600d99a0e4edcf4a78ded79b86ef318118c2f5bcfee1b011108c32d5302df801adbe29d446eb78f02b13144e323eb9aad51c79f01e50cb45c3a68"
#define DEPSIM_AT "AT_927696831c59ba510cfe4ec1a69e5267c19881257d4bca2906a99d0785b785a6f6fdeb09774954fdd5e2d0ad952e3af52c6d8d2f21c924ba0caf4a031c158b89"
#define DEPSIM_AS "AS_c31afd7a09691d83548489336e8ff1cb11b82b6bca13f793344496a556b1f4972eaff4dde6deb5ac9cf076fdfa97ec97699c34d515947b9cf9ed31c99dded6ba"

/* Beyond this many, sessions nobody can use any more are forgotten. */
#define MAX_SESSIONS 4096

typedef struct {
  gint64    last_used_us;
  /* Of the token that opened it, in simulated time. */
  gint64    token_expiry_ms;
  guint     uses;
  gboolean  expired;
  char     *predecessor;
} Session;

typedef struct {
  gint64  timestamp;
  char   *key;
} SeenNonce;

struct _AdeptDepsimAuth
{
  GObject     parent_instance;

  char       *consumer_key;
  char       *consumer_secret;
  char       *access_token;
  char       *access_secret;
  gint64      expiry_ms;
  gboolean    revoked;
  gboolean    terms_required;
  gboolean    accept_depsim;

  GHashTable *sessions;
  guint       idle_timeout_ms;
  guint       rotate_every;
  guint       sessions_opened;

  GHashTable *nonces;
  GQueue      nonce_order;
};

G_DEFINE_FINAL_TYPE (AdeptDepsimAuth, adept_depsim_auth, G_TYPE_OBJECT)

static void
session_free (gpointer data)
{
  Session *session = data;

  g_free (session->predecessor);
  g_free (session);
}

static void
seen_nonce_free (gpointer data)
{
  SeenNonce *seen = data;

  g_free (seen->key);
  g_free (seen);
}

static void
clear_credentials (AdeptDepsimAuth *self)
{
  g_clear_pointer (&self->access_token, adept_secret_free);
  g_clear_pointer (&self->access_secret, adept_secret_free);
}

static void
adept_depsim_auth_finalize (GObject *object)
{
  AdeptDepsimAuth *self = ADEPT_DEPSIM_AUTH (object);

  clear_credentials (self);
  g_clear_pointer (&self->consumer_key, adept_secret_free);
  g_clear_pointer (&self->consumer_secret, adept_secret_free);
  g_hash_table_unref (self->sessions);
  g_hash_table_unref (self->nonces);
  g_queue_clear_full (&self->nonce_order, seen_nonce_free);

  G_OBJECT_CLASS (adept_depsim_auth_parent_class)->finalize (object);
}

static void
adept_depsim_auth_class_init (AdeptDepsimAuthClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = adept_depsim_auth_finalize;
}

static void
adept_depsim_auth_init (AdeptDepsimAuth *self)
{
  self->sessions = g_hash_table_new_full (g_str_hash, g_str_equal,
                                          (GDestroyNotify) adept_secret_free, session_free);
  self->nonces = g_hash_table_new (g_str_hash, g_str_equal);
  g_queue_init (&self->nonce_order);
  self->idle_timeout_ms = ADEPT_DEPSIM_DEFAULT_IDLE_TIMEOUT_MS;
}

AdeptDepsimAuth *
adept_depsim_auth_new (void)
{
  return g_object_new (ADEPT_TYPE_DEPSIM_AUTH, NULL);
}

static char *
prefixed_hex (const char *prefix,
              guint       n_bytes)
{
  g_autofree char *hex = adept_depsim_random_hex (n_bytes);
  char *out = g_strconcat (prefix, hex, NULL);

  adept_secret_wipe (hex, strlen (hex));
  return out;
}

static char *
payload_json (AdeptDepsimAuth *self)
{
  GString *out = g_string_new ("{");

  adept_depsim_json_member (out, "consumer_key", self->consumer_key);
  adept_depsim_json_member (out, "consumer_secret", self->consumer_secret);
  adept_depsim_json_member (out, "access_token", self->access_token);
  adept_depsim_json_member (out, "access_secret", self->access_secret);
  adept_depsim_json_time_member (out, "access_token_expiry", self->expiry_ms);
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

char *
adept_depsim_auth_issue (AdeptDepsimAuth *self,
                         const char      *org_id,
                         gint64           now_ms)
{
  g_autoptr(GDateTime) issued = g_date_time_new_from_unix_utc (now_ms / 1000);
  g_autoptr(GDateTime) expiry = g_date_time_add_years (issued, 1);
  g_autofree char *middle = NULL;

  /* Shapes as observed in real tokens (dep-api.md §1.4). */
  if (self->consumer_key == NULL)
    {
      self->consumer_key = prefixed_hex ("CK_", 48);
      self->consumer_secret = prefixed_hex ("CS_", 20);
    }
  clear_credentials (self);
  middle = adept_depsim_random_hex (20);
  self->access_token = g_strdup_printf ("AT_O%sO%sO%" G_GINT64_FORMAT, org_id, middle, now_ms);
  adept_secret_wipe (middle, strlen (middle));
  self->access_secret = prefixed_hex ("AS_", 20);
  self->expiry_ms = g_date_time_to_unix (expiry) * 1000;
  self->revoked = FALSE;
  g_hash_table_remove_all (self->sessions);
  return payload_json (self);
}

void
adept_depsim_auth_revoke (AdeptDepsimAuth *self)
{
  self->revoked = TRUE;
  g_hash_table_remove_all (self->sessions);
}

void
adept_depsim_auth_set_terms_required (AdeptDepsimAuth *self,
                                      gboolean         required)
{
  self->terms_required = required;
}

gboolean
adept_depsim_auth_get_terms_required (AdeptDepsimAuth *self)
{
  return self->terms_required;
}

void
adept_depsim_auth_set_accept_depsim_credentials (AdeptDepsimAuth *self,
                                                 gboolean         accept)
{
  self->accept_depsim = accept;
}

gboolean
adept_depsim_auth_get_accept_depsim_credentials (AdeptDepsimAuth *self)
{
  return self->accept_depsim;
}

char *
adept_depsim_auth_dup_depsim_credentials_json (void)
{
  return g_strdup ("{\"consumer_key\":\"" DEPSIM_CK "\",\"consumer_secret\":\"" DEPSIM_CS
                   "\",\"access_token\":\"" DEPSIM_AT "\",\"access_secret\":\"" DEPSIM_AS "\"}");
}

void
adept_depsim_auth_set_idle_timeout (AdeptDepsimAuth *self,
                                    guint            ms)
{
  self->idle_timeout_ms = ms;
}

void
adept_depsim_auth_set_rotate_every (AdeptDepsimAuth *self,
                                    guint            n)
{
  self->rotate_every = n;
}

void
adept_depsim_auth_expire_sessions (AdeptDepsimAuth *self)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->sessions);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    ((Session *) value)->expired = TRUE;
}

guint
adept_depsim_auth_get_sessions_opened (AdeptDepsimAuth *self)
{
  return self->sessions_opened;
}

static gboolean
session_is_expired (AdeptDepsimAuth *self,
                    Session         *session,
                    gint64           now_us)
{
  if (!session->expired && now_us - session->last_used_us >= (gint64) self->idle_timeout_ms * 1000)
    session->expired = TRUE;
  return session->expired;
}

static void
forget_dead_sessions (AdeptDepsimAuth *self)
{
  GHashTableIter iter;
  gpointer value;
  gint64 now_us = g_get_monotonic_time ();

  if (g_hash_table_size (self->sessions) < MAX_SESSIONS)
    return;
  g_hash_table_iter_init (&iter, self->sessions);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (session_is_expired (self, value, now_us))
      g_hash_table_iter_remove (&iter);
}

static char *
new_session (AdeptDepsimAuth *self,
             const char      *predecessor,
             gint64           token_expiry_ms)
{
  Session *session = g_new0 (Session, 1);
  char *token = adept_depsim_random_hex (32);

  forget_dead_sessions (self);
  session->last_used_us = g_get_monotonic_time ();
  session->token_expiry_ms = token_expiry_ms;
  session->predecessor = g_strdup (predecessor);
  g_hash_table_insert (self->sessions, g_strdup (token), session);
  return token;
}

/* A nonce may be used once per consumer key and timestamp (RFC 5849 §3.3). */
static gboolean
nonce_is_fresh (AdeptDepsimAuth *self,
                const char      *consumer_key,
                gint64           timestamp,
                const char      *nonce)
{
  gint64 cutoff = g_get_real_time () / G_USEC_PER_SEC - 2 * ADEPT_DEPSIM_TIMESTAMP_WINDOW_S;
  SeenNonce *seen;
  char *key;

  while (!g_queue_is_empty (&self->nonce_order) &&
         ((SeenNonce *) g_queue_peek_head (&self->nonce_order))->timestamp < cutoff)
    {
      seen = g_queue_pop_head (&self->nonce_order);
      g_hash_table_remove (self->nonces, seen->key);
      seen_nonce_free (seen);
    }

  key = g_strdup_printf ("%s\n%" G_GINT64_FORMAT "\n%s", consumer_key, timestamp, nonce);
  if (g_hash_table_contains (self->nonces, key))
    {
      g_free (key);
      return FALSE;
    }
  seen = g_new0 (SeenNonce, 1);
  seen->timestamp = timestamp;
  seen->key = key;
  g_queue_push_tail (&self->nonce_order, seen);
  g_hash_table_add (self->nonces, key);
  return TRUE;
}

static gboolean
parse_timestamp (const char *text,
                 gint64     *timestamp)
{
  guint64 value;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT64, &value, NULL))
    return FALSE;
  *timestamp = (gint64) value;
  return TRUE;
}

/* The secrets that go with a consumer key and token, or the OAuth problem. */
static const char *
find_secrets (AdeptDepsimAuth  *self,
              const char       *consumer_key,
              const char       *token,
              gint64            now_ms,
              const char      **consumer_secret,
              const char      **token_secret,
              gint64           *expiry_ms)
{
  if (self->accept_depsim && g_str_equal (consumer_key, DEPSIM_CK))
    {
      if (!g_str_equal (token, DEPSIM_AT))
        return "token_rejected";
      *consumer_secret = DEPSIM_CS;
      *token_secret = DEPSIM_AS;
      *expiry_ms = G_MAXINT64;
      return NULL;
    }
  if (self->consumer_key == NULL || !g_str_equal (consumer_key, self->consumer_key))
    return "consumer_key_unknown";
  if (self->revoked || self->access_token == NULL || !g_str_equal (token, self->access_token))
    return "token_rejected";
  if (now_ms >= self->expiry_ms)
    return "token_expired";
  *consumer_secret = self->consumer_secret;
  *token_secret = self->access_secret;
  *expiry_ms = self->expiry_ms;
  return NULL;
}

static const char *
check_oauth (AdeptDepsimAuth *self,
             GHashTable      *params,
             const char      *method,
             const char      *url,
             gint64           now_ms,
             guint           *status,
             gint64          *expiry_ms)
{
  static const char * const required[] = {
    "oauth_consumer_key", "oauth_token", "oauth_signature_method", "oauth_signature",
    "oauth_timestamp", "oauth_nonce",
  };
  const char *consumer_key = g_hash_table_lookup (params, "oauth_consumer_key");
  const char *version = g_hash_table_lookup (params, "oauth_version");
  const char *consumer_secret = NULL;
  const char *token_secret = NULL;
  const char *problem;
  gint64 timestamp;
  gint64 now_s = g_get_real_time () / G_USEC_PER_SEC;

  *status = 400;
  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    if (g_hash_table_lookup (params, required[i]) == NULL)
      return "parameter_absent";
  if (!g_str_equal (g_hash_table_lookup (params, "oauth_signature_method"), "HMAC-SHA1"))
    return "signature_method_rejected";
  if (version != NULL && !g_str_equal (version, "1.0"))
    return "version_rejected";

  *status = 401;
  problem = find_secrets (self, consumer_key, g_hash_table_lookup (params, "oauth_token"),
                          now_ms, &consumer_secret, &token_secret, expiry_ms);
  if (problem != NULL)
    return problem;
  if (!parse_timestamp (g_hash_table_lookup (params, "oauth_timestamp"), &timestamp) ||
      ABS (timestamp - now_s) > ADEPT_DEPSIM_TIMESTAMP_WINDOW_S)
    return "timestamp_refused";
  if (!adept_oauth1_verify_signature (params, method, url, consumer_secret, token_secret))
    return "signature_invalid";
  if (!nonce_is_fresh (self, consumer_key, timestamp, g_hash_table_lookup (params, "oauth_nonce")))
    return "nonce_used";
  return NULL;
}

void
adept_depsim_auth_open_session (AdeptDepsimAuth  *self,
                                const char       *authorization,
                                const char       *method,
                                const char       *url,
                                gint64            now_ms,
                                AdeptDepsimReply *reply)
{
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptSecret) token = NULL;
  const char *problem;
  GString *json;
  guint status;
  gint64 expiry_ms = 0;

  if (authorization == NULL)
    {
      adept_depsim_reply_code (reply, 400, "parameter_absent");
      return;
    }
  params = adept_oauth1_parse_authorization_header (authorization, &error);
  if (params == NULL)
    {
      adept_depsim_reply_code (reply, 400, "parameter_rejected");
      return;
    }
  problem = check_oauth (self, params, method, url, now_ms, &status, &expiry_ms);
  if (problem != NULL)
    {
      adept_depsim_reply_code (reply, status, problem);
      return;
    }
  if (self->terms_required)
    {
      adept_depsim_reply_code (reply, 403, "T_C_NOT_SIGNED");
      return;
    }

  token = new_session (self, NULL, expiry_ms);
  self->sessions_opened++;
  json = g_string_new ("{");
  adept_depsim_json_member (json, "auth_session_token", token);
  g_string_append_c (json, '}');
  adept_depsim_reply_json (reply, json);
}

gboolean
adept_depsim_auth_use_session (AdeptDepsimAuth  *self,
                               const char       *token,
                               gint64            now_ms,
                               char            **rotated,
                               AdeptDepsimReply *reply)
{
  gint64 now_us = g_get_monotonic_time ();
  Session *session;

  *rotated = NULL;
  if (token == NULL || *token == '\0')
    {
      adept_depsim_reply_code (reply, 401, "UNAUTHORIZED");
      return FALSE;
    }
  session = g_hash_table_lookup (self->sessions, token);
  if (session == NULL)
    {
      adept_depsim_reply_code (reply, 403, "FORBIDDEN");
      return FALSE;
    }
  /* A session cannot outlive its token. */
  if (session_is_expired (self, session, now_us) || now_ms >= session->token_expiry_ms)
    {
      adept_depsim_reply_code (reply, 401, "UNAUTHORIZED");
      return FALSE;
    }

  /* The client has adopted this rotated session: the one it replaced ends now. */
  if (session->predecessor != NULL)
    {
      Session *old = g_hash_table_lookup (self->sessions, session->predecessor);

      if (old != NULL)
        old->expired = TRUE;
      g_clear_pointer (&session->predecessor, g_free);
    }

  session->last_used_us = now_us;
  session->uses++;
  if (self->rotate_every > 0 && session->uses % self->rotate_every == 0)
    *rotated = new_session (self, token, session->token_expiry_ms);
  return TRUE;
}

void
adept_depsim_auth_write_json (AdeptDepsimAuth *self,
                              gboolean         with_credentials,
                              GString         *out)
{
  g_string_append (out, "{");
  if (with_credentials)
    {
      adept_depsim_json_member (out, "consumer_key", self->consumer_key);
      adept_depsim_json_member (out, "consumer_secret", self->consumer_secret);
      adept_depsim_json_member (out, "access_token", self->access_token);
      adept_depsim_json_member (out, "access_secret", self->access_secret);
    }
  g_string_append_printf (out, "%s\"expiry_ms\":%" G_GINT64_FORMAT
                          ",\"revoked\":%s,\"terms_required\":%s,\"accept_depsim\":%s}",
                          with_credentials && self->consumer_key != NULL ? "," : "",
                          self->expiry_ms,
                          self->revoked ? "true" : "false",
                          self->terms_required ? "true" : "false",
                          self->accept_depsim ? "true" : "false");
}

void
adept_depsim_auth_adopt (AdeptDepsimAuth *self,
                         const char      *consumer_key,
                         const char      *consumer_secret,
                         const char      *access_token,
                         const char      *access_secret,
                         gint64           expiry_ms)
{
  clear_credentials (self);
  g_clear_pointer (&self->consumer_key, adept_secret_free);
  g_clear_pointer (&self->consumer_secret, adept_secret_free);
  self->consumer_key = g_strdup (consumer_key);
  self->consumer_secret = g_strdup (consumer_secret);
  self->access_token = g_strdup (access_token);
  self->access_secret = g_strdup (access_secret);
  self->expiry_ms = expiry_ms;
}

static char *
dup_member (JsonObject *object,
            const char *name)
{
  const char *value = json_object_get_string_member_with_default (object, name, NULL);

  return value != NULL ? g_strdup (value) : NULL;
}

void
adept_depsim_auth_read_json (AdeptDepsimAuth *self,
                             JsonObject      *object)
{
  clear_credentials (self);
  g_clear_pointer (&self->consumer_key, adept_secret_free);
  g_clear_pointer (&self->consumer_secret, adept_secret_free);
  self->consumer_key = dup_member (object, "consumer_key");
  self->consumer_secret = dup_member (object, "consumer_secret");
  self->access_token = dup_member (object, "access_token");
  self->access_secret = dup_member (object, "access_secret");
  self->expiry_ms = json_object_get_int_member_with_default (object, "expiry_ms", 0);
  self->revoked = json_object_get_boolean_member_with_default (object, "revoked", FALSE);
  self->terms_required = json_object_get_boolean_member_with_default (object, "terms_required", FALSE);
  self->accept_depsim = json_object_get_boolean_member_with_default (object, "accept_depsim", FALSE);
}
