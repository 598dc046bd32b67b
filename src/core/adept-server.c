/* adept-server.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-server"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "adept-context.h"
#include "adept-core-enums.h"
#include "adept-credentials.h"
#include "adept-error.h"
#include "adept-input.h"
#include "adept-secret.h"
#include "adept-dep-protocol.h"
#include "adept-server.h"
#include "adept-tls-pin-database.h"
#include "adept-util.h"

#define CONFIG_FILE      "server.ini"
#define CERTIFICATE_FILE "certificate.pem"
/* server.ini's layout; a newer one is refused rather than misread. */
#define CONFIG_FORMAT    1

#define GROUP_SERVER  "server"
#define GROUP_KEY     "key"
#define GROUP_TOKEN   "token"
#define GROUP_ACCOUNT "account"

static const char * const account_keys[] = {
  ADEPT_ACCOUNT_SERVER_NAME, ADEPT_ACCOUNT_SERVER_UUID, ADEPT_ACCOUNT_ADMIN_ID,
  ADEPT_ACCOUNT_ORG_NAME, ADEPT_ACCOUNT_ORG_EMAIL, ADEPT_ACCOUNT_ORG_PHONE,
  ADEPT_ACCOUNT_ORG_ADDRESS, ADEPT_ACCOUNT_ORG_ID, ADEPT_ACCOUNT_ORG_TYPE,
  NULL
};

struct _AdeptServer
{
  GObject          parent_instance;

  char            *id;
  /* server.ini's "kind": which AdeptSession class manages the server. Kept across
   * unlink, unlike the state below. */
  char            *kind_name;
  /* What server.ini holds; the fields below are parsed from it by apply_config(). */
  GKeyFile        *config;

  AdeptServerKind  kind;
  char            *base_url;
  gboolean         linked;
  char            *server_fingerprint;
  char            *token_name;
  GDateTime       *token_expiry;
  GDateTime       *linked_at;
  GDateTime       *renewed_at;
  char            *cert_fingerprint;
  GDateTime       *cert_not_after;
  GHashTable      *account;
  GDateTime       *account_updated_at;
};

G_DEFINE_FINAL_TYPE (AdeptServer, adept_server, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_KIND,
  PROP_BASE_URL,
  PROP_LINKED,
  PROP_TOKEN_EXPIRY,
  PROP_DISPLAY_NAME,
  N_PROPS
};

enum {
  CHANGED,
  ADMIN_ACTION,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Config parsing */

static GDateTime *
config_get_time (GKeyFile   *kf,
                 const char *group,
                 const char *key)
{
  g_autofree char *text = g_key_file_get_string (kf, group, key, NULL);

  return text ? g_date_time_new_from_iso8601 (text, NULL) : NULL;
}

static void
config_set_time (GKeyFile   *kf,
                 const char *group,
                 const char *key,
                 GDateTime  *time)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);
  g_autofree char *text = g_date_time_format_iso8601 (utc);

  g_key_file_set_string (kf, group, key, text);
}

static void
config_set_now (GKeyFile   *kf,
                const char *group,
                const char *key)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  config_set_time (kf, group, key, now);
}

static void
clear_state (AdeptServer *self)
{
  g_clear_pointer (&self->config, g_key_file_unref);
  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->server_fingerprint, g_free);
  g_clear_pointer (&self->token_name, g_free);
  g_clear_pointer (&self->token_expiry, g_date_time_unref);
  g_clear_pointer (&self->linked_at, g_date_time_unref);
  g_clear_pointer (&self->renewed_at, g_date_time_unref);
  g_clear_pointer (&self->cert_fingerprint, g_free);
  g_clear_pointer (&self->cert_not_after, g_date_time_unref);
  g_clear_pointer (&self->account_updated_at, g_date_time_unref);
  g_hash_table_remove_all (self->account);
  self->linked = FALSE;
}

static void
apply_config (AdeptServer *self,
              GKeyFile    *kf)
{
  clear_state (self);
  self->config = g_key_file_ref (kf);

  self->kind = ADEPT_SERVER_KIND_LOCAL;
  self->base_url = g_key_file_get_string (kf, GROUP_SERVER, "base-url", NULL);
  if (self->base_url == NULL)
    self->base_url = g_strdup (ADEPT_DEP_DEFAULT_BASE_URL);

  self->linked = g_key_file_get_boolean (kf, GROUP_TOKEN, "linked", NULL);
  self->server_fingerprint = g_key_file_get_string (kf, GROUP_TOKEN, "server-fingerprint", NULL);
  self->token_name = g_key_file_get_string (kf, GROUP_TOKEN, "name", NULL);
  self->token_expiry = config_get_time (kf, GROUP_TOKEN, "expiry");
  self->linked_at = config_get_time (kf, GROUP_TOKEN, "linked-at");
  self->renewed_at = config_get_time (kf, GROUP_TOKEN, "renewed-at");

  self->cert_fingerprint = g_key_file_get_string (kf, GROUP_KEY, "certificate-fingerprint", NULL);
  self->cert_not_after = config_get_time (kf, GROUP_KEY, "not-after");

  for (guint i = 0; account_keys[i] != NULL; i++)
    {
      char *value = g_key_file_get_string (kf, GROUP_ACCOUNT, account_keys[i], NULL);

      if (value != NULL)
        g_hash_table_insert (self->account, (gpointer) account_keys[i], value);
    }
  self->account_updated_at = config_get_time (kf, GROUP_ACCOUNT, "updated-at");
}

static void
notify_changed (AdeptServer *self)
{
  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BASE_URL]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LINKED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOKEN_EXPIRY]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPLAY_NAME]);
  g_object_thaw_notify (G_OBJECT (self));
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
admin_action (AdeptServer *self,
              const char  *action,
              const char  *detail)
{
  g_debug ("Server “%s”: %s (%s)", self->id, action, detail);
  g_signal_emit (self, signals[ADMIN_ACTION], 0, action, detail);
}

/* Files */

/* create: make the server's folder (to write); reading leaves nothing behind. */
static char *
dup_path (AdeptServer  *self,
          const char   *name,
          gboolean      create,
          GError      **error)
{
  g_autofree char *dir = create ? adept_context_dup_server_dir (self->id, error)
                                : adept_context_build_server_dir (self->id, error);

  return dir ? g_build_filename (dir, name, NULL) : NULL;
}

static gboolean
write_private_file (AdeptServer  *self,
                    const char   *name,
                    const char   *contents,
                    GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *path = dup_path (self, name, TRUE, error);

  if (path == NULL)
    return FALSE;
  /* Written to a temporary file and renamed, so a crash leaves the old or the new file. */
  if (!g_file_set_contents_full (path, contents, -1,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, &local_error))
    {
      g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_FILE,
                   _("Adept could not save its settings: %s. Check that its data folder can be written."),
                   local_error->message);
      return FALSE;
    }
  return TRUE;
}

/* NULL without an error when the file does not exist. */
static char *
read_private_file (AdeptServer  *self,
                   const char   *name,
                   GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *path = dup_path (self, name, FALSE, error);
  g_autoptr(GBytes) bytes = NULL;

  if (path == NULL)
    return NULL;
  if (!g_file_test (path, G_FILE_TEST_EXISTS) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    return NULL;
  bytes = adept_input_read_file (path, ADEPT_INPUT_SETTINGS, &local_error);
  if (bytes == NULL)
    {
      g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_FILE,
                   _("Adept could not read its settings: %s Check the permissions of its data folder."),
                   local_error->message);
      return NULL;
    }
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static GKeyFile *
copy_config (AdeptServer *self)
{
  GKeyFile *kf = g_key_file_new ();
  g_autofree char *data = g_key_file_to_data (self->config, NULL, NULL);

  g_key_file_load_from_data (kf, data, -1, G_KEY_FILE_KEEP_COMMENTS, NULL);
  return kf;
}

/* Writes the new configuration, and only once it is on disk makes it the current state. */
static gboolean
save_config (AdeptServer  *self,
             GKeyFile     *kf,
             GError      **error)
{
  g_autofree char *data = NULL;

  g_key_file_set_integer (kf, GROUP_SERVER, "format", CONFIG_FORMAT);
  g_key_file_set_string (kf, GROUP_SERVER, "kind", self->kind_name);
  if (!g_key_file_has_key (kf, GROUP_SERVER, "base-url", NULL))
    g_key_file_set_string (kf, GROUP_SERVER, "base-url", self->base_url);
  if (!g_key_file_has_key (kf, GROUP_SERVER, "created-at", NULL))
    config_set_now (kf, GROUP_SERVER, "created-at");

  data = g_key_file_to_data (kf, NULL, NULL);
  if (!write_private_file (self, CONFIG_FILE, data, error))
    return FALSE;

  apply_config (self, kf);
  notify_changed (self);
  return TRUE;
}

static gboolean
remove_tree (const char  *path,
             GError     **error)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        if (!remove_tree (child, error))
          return FALSE;
      }

  if (g_remove (path) != 0 && errno != ENOENT)
    {
      int saved = errno;
      g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_FILE,
                   _("“%s” could not be removed: %s. Remove it by hand."),
                   path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

/* GObject */

static void
adept_server_finalize (GObject *object)
{
  AdeptServer *self = ADEPT_SERVER (object);

  clear_state (self);
  g_clear_pointer (&self->account, g_hash_table_unref);
  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->kind_name, g_free);

  G_OBJECT_CLASS (adept_server_parent_class)->finalize (object);
}

static void
adept_server_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  AdeptServer *self = ADEPT_SERVER (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;
    case PROP_LINKED:
      g_value_set_boolean (value, self->linked);
      break;
    case PROP_TOKEN_EXPIRY:
      g_value_set_boxed (value, self->token_expiry);
      break;
    case PROP_DISPLAY_NAME:
      g_value_set_string (value, adept_server_get_display_name (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
adept_server_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  AdeptServer *self = ADEPT_SERVER (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
adept_server_constructed (GObject *object)
{
  AdeptServer *self = ADEPT_SERVER (object);
  g_autoptr(GKeyFile) empty = g_key_file_new ();

  G_OBJECT_CLASS (adept_server_parent_class)->constructed (object);

  g_return_if_fail (adept_context_is_valid_server_id (self->id));
  apply_config (self, empty);
}

static void
adept_server_class_init (AdeptServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = adept_server_finalize;
  object_class->get_property = adept_server_get_property;
  object_class->set_property = adept_server_set_property;
  object_class->constructed = adept_server_constructed;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, ADEPT_SERVER_DEFAULT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, ADEPT_TYPE_SERVER_KIND, ADEPT_SERVER_KIND_LOCAL,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL, ADEPT_DEP_DEFAULT_BASE_URL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LINKED] =
    g_param_spec_boolean ("linked", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOKEN_EXPIRY] =
    g_param_spec_boxed ("token-expiry", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DISPLAY_NAME] =
    g_param_spec_string ("display-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[ADMIN_ACTION] =
    g_signal_new ("admin-action", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
}

static void
adept_server_init (AdeptServer *self)
{
  self->kind_name = g_strdup (ADEPT_SERVER_KIND_NAME_LOCAL);
  self->account = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
}

AdeptServer *
adept_server_new (const char *server_id)
{
  g_return_val_if_fail (adept_context_is_valid_server_id (server_id), NULL);

  return g_object_new (ADEPT_TYPE_SERVER, "id", server_id, NULL);
}

gboolean
adept_server_load (AdeptServer  *self,
                   GError      **error)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *data = NULL;
  g_autofree char *kind = NULL;

  g_return_val_if_fail (ADEPT_IS_SERVER (self), FALSE);

  data = read_private_file (self, CONFIG_FILE, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (data != NULL && !g_key_file_load_from_data (kf, data, -1, G_KEY_FILE_KEEP_COMMENTS,
                                                  &local_error))
    {
      g_debug ("server.ini of “%s”: %s", self->id, local_error->message);
      g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_STORE_CORRUPT,
                   _("The settings of server “%s” are damaged. Unlink the server and link it again."),
                   self->id);
      return FALSE;
    }

  kind = g_key_file_get_string (kf, GROUP_SERVER, "kind", NULL);
  if (g_key_file_get_integer (kf, GROUP_SERVER, "format", NULL) > CONFIG_FORMAT ||
      (kind != NULL && !adept_context_is_valid_server_id (kind)))
    {
      g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_STORE_TOO_NEW,
                   _("The settings of server “%s” were written by a newer version of Adept. Update Adept to use them."),
                   self->id);
      return FALSE;
    }

  if (kind != NULL)
    adept_set_str (&self->kind_name, kind);
  apply_config (self, kf);
  notify_changed (self);
  return TRUE;
}

const char *
adept_server_get_kind_name (AdeptServer *self)
{
  g_return_val_if_fail (ADEPT_IS_SERVER (self), NULL);
  return self->kind_name;
}

void
adept_server_set_kind_name (AdeptServer *self,
                            const char  *kind_name)
{
  g_return_if_fail (ADEPT_IS_SERVER (self));
  g_return_if_fail (adept_context_is_valid_server_id (kind_name));

  adept_set_str (&self->kind_name, kind_name);
}

char *
adept_server_dup_setting (AdeptServer *self,
                          const char  *group,
                          const char  *key)
{
  g_return_val_if_fail (ADEPT_IS_SERVER (self), NULL);
  g_return_val_if_fail (group != NULL && key != NULL, NULL);

  return g_key_file_get_string (self->config, group, key, NULL);
}

gboolean
adept_server_save_settings (AdeptServer         *self,
                            const char          *group,
                            const char * const  *keys,
                            const char * const  *values,
                            GError             **error)
{
  g_autoptr(GKeyFile) kf = NULL;

  g_return_val_if_fail (ADEPT_IS_SERVER (self), FALSE);
  g_return_val_if_fail (group != NULL && keys != NULL && values != NULL, FALSE);
  g_return_val_if_fail (!g_str_equal (group, GROUP_SERVER) && !g_str_equal (group, GROUP_TOKEN) &&
                        !g_str_equal (group, GROUP_KEY) && !g_str_equal (group, GROUP_ACCOUNT),
                        FALSE);

  kf = copy_config (self);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      if (values[i] != NULL)
        g_key_file_set_string (kf, group, keys[i], values[i]);
      else
        g_key_file_remove_key (kf, group, keys[i], NULL);
    }
  return save_config (self, kf, error);
}

/* Getters */

const char *
adept_server_get_id (AdeptServer *self)
{
  g_return_val_if_fail (ADEPT_IS_SERVER (self), NULL);
  return self->id;
}

AdeptServerKind
adept_server_get_kind (AdeptServer *self)
{
  g_return_val_if_fail (ADEPT_IS_SERVER (self), ADEPT_SERVER_KIND_LOCAL);
  return self->kind;
}

const char *
adept_server_get_base_url (AdeptServer *self)
{
  g_return_val_if_fail (ADEPT_IS_SERVER (self), NULL);
  return self->base_url;
}

gboolean
adept_server_is_linked (AdeptServer *self)
{
  g_return_val_if_fail (ADEPT_IS_SERVER (self), FALSE);
  return self->linked;
}

gboolean
adept_server_has_key_pair (AdeptServer *self)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (ADEPT_IS_SERVER (self), FALSE);
  path = dup_path (self, CERTIFICATE_FILE, FALSE, NULL);
  return path != NULL && g_file_test (path, G_FILE_TEST_IS_REGULAR);
}

GDateTime *
adept_server_get_token_expiry (AdeptServer *self)
{
  g_return_val_if_fail (ADEPT_IS_SERVER (self), NULL);
  return self->token_expiry;
}

const char *
adept_server_get_server_fingerprint (AdeptServer *self)
{
  g_return_val_if_fail (ADEPT_IS_SERVER (self), NULL);
  return self->server_fingerprint;
}

const char *
adept_server_get_token_name (AdeptServer *self)
{
  g_return_val_if_fail (ADEPT_IS_SERVER (self), NULL);
  return self->token_name;
}

GDateTime *
adept_server_get_linked_at (AdeptServer *self)
{
  g_return_val_if_fail (ADEPT_IS_SERVER (self), NULL);
  return self->linked_at;
}

GDateTime *
adept_server_get_renewed_at (AdeptServer *self)
{
  g_return_val_if_fail (ADEPT_IS_SERVER (self), NULL);
  return self->renewed_at;
}

const char *
adept_server_get_certificate_fingerprint (AdeptServer *self)
{
  g_return_val_if_fail (ADEPT_IS_SERVER (self), NULL);
  return self->cert_fingerprint;
}

GDateTime *
adept_server_get_certificate_not_after (AdeptServer *self)
{
  g_return_val_if_fail (ADEPT_IS_SERVER (self), NULL);
  return self->cert_not_after;
}

const char *
adept_server_get_display_name (AdeptServer *self)
{
  const char *name;

  g_return_val_if_fail (ADEPT_IS_SERVER (self), NULL);

  name = g_hash_table_lookup (self->account, ADEPT_ACCOUNT_SERVER_NAME);
  if (name != NULL && *name != '\0')
    return name;
  if (self->token_name != NULL && *self->token_name != '\0')
    return self->token_name;
  /* The first server of a new install is made under this id, before the admin named
   * anything: "default" reads like a setting, not a server. */
  if (g_strcmp0 (self->id, "default") == 0)
    return _("New DEP Server");
  return self->id;
}

const char *
adept_server_get_account_fact (AdeptServer *self,
                               const char  *key)
{
  g_return_val_if_fail (ADEPT_IS_SERVER (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);
  return g_hash_table_lookup (self->account, key);
}

GDateTime *
adept_server_get_account_updated_at (AdeptServer *self)
{
  g_return_val_if_fail (ADEPT_IS_SERVER (self), NULL);
  return self->account_updated_at;
}

gboolean
adept_server_set_account_facts (AdeptServer  *self,
                                GHashTable   *facts,
                                GError      **error)
{
  g_autoptr(GKeyFile) kf = NULL;

  g_return_val_if_fail (ADEPT_IS_SERVER (self), FALSE);
  g_return_val_if_fail (facts != NULL, FALSE);

  kf = copy_config (self);
  /* A fresh GET /account is the whole truth: facts Apple no longer sends go. */
  g_key_file_remove_group (kf, GROUP_ACCOUNT, NULL);
  for (guint i = 0; account_keys[i] != NULL; i++)
    {
      const char *value = g_hash_table_lookup (facts, account_keys[i]);

      if (value != NULL)
        g_key_file_set_string (kf, GROUP_ACCOUNT, account_keys[i], value);
    }
  config_set_now (kf, GROUP_ACCOUNT, "updated-at");
  return save_config (self, kf, error);
}

/* Without trailing slashes, and checked (https, or http to this computer). */
static char *
normalize_base_url (const char  *base_url,
                    GError     **error)
{
  g_autofree char *url = g_strdup (base_url ? base_url : ADEPT_DEP_DEFAULT_BASE_URL);
  gsize len = strlen (url);

  while (len > 0 && url[len - 1] == '/')
    url[--len] = '\0';
  if (!adept_dep_check_base_url (url, error))
    return NULL;
  return g_steal_pointer (&url);
}

gboolean
adept_server_set_account (AdeptServer      *self,
                          AdeptDepAccount  *account,
                          GError          **error)
{
  g_autoptr(GHashTable) facts = g_hash_table_new (g_str_hash, g_str_equal);
  static const struct {
    const char  *key;
    const char *(*get) (AdeptDepAccount *account);
  } getters[] = {
    { ADEPT_ACCOUNT_SERVER_NAME, adept_dep_account_get_server_name },
    { ADEPT_ACCOUNT_SERVER_UUID, adept_dep_account_get_server_uuid },
    { ADEPT_ACCOUNT_ADMIN_ID, adept_dep_account_get_admin_id },
    { ADEPT_ACCOUNT_ORG_NAME, adept_dep_account_get_org_name },
    { ADEPT_ACCOUNT_ORG_EMAIL, adept_dep_account_get_org_email },
    { ADEPT_ACCOUNT_ORG_PHONE, adept_dep_account_get_org_phone },
    { ADEPT_ACCOUNT_ORG_ADDRESS, adept_dep_account_get_org_address },
    { ADEPT_ACCOUNT_ORG_ID, adept_dep_account_get_org_id },
    { ADEPT_ACCOUNT_ORG_TYPE, adept_dep_account_get_org_type },
  };

  g_return_val_if_fail (ADEPT_IS_SERVER (self), FALSE);
  g_return_val_if_fail (ADEPT_IS_DEP_ACCOUNT (account), FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (getters); i++)
    if (getters[i].get (account) != NULL)
      g_hash_table_insert (facts, (gpointer) getters[i].key, (gpointer) getters[i].get (account));
  return adept_server_set_account_facts (self, facts, error);
}

gboolean
adept_server_set_base_url (AdeptServer  *self,
                           const char   *base_url,
                           GError      **error)
{
  g_autoptr(GKeyFile) kf = NULL;
  g_autofree char *url = NULL;

  g_return_val_if_fail (ADEPT_IS_SERVER (self), FALSE);

  url = normalize_base_url (base_url, error);
  if (url == NULL)
    return FALSE;
  if (g_str_equal (url, self->base_url) && g_key_file_has_key (self->config, GROUP_SERVER,
                                                               "base-url", NULL))
    return TRUE;

  kf = copy_config (self);
  g_key_file_set_string (kf, GROUP_SERVER, "base-url", url);
  if (!save_config (self, kf, error))
    return FALSE;
  admin_action (self, "base-url-changed", url);
  return TRUE;
}

/* TLS trust */

char *
adept_server_dup_tls_ca_file (AdeptServer *self)
{
  g_return_val_if_fail (ADEPT_IS_SERVER (self), NULL);
  return g_key_file_get_string (self->config, GROUP_SERVER, "tls-ca-file", NULL);
}

char *
adept_server_dup_tls_pin_sha256 (AdeptServer *self)
{
  g_return_val_if_fail (ADEPT_IS_SERVER (self), NULL);
  return g_key_file_get_string (self->config, GROUP_SERVER, "tls-pin-sha256", NULL);
}

/* What the audit log says of a trust setting: the file, the pin or the system's CAs. */
static char *
describe_trust (const char *ca_file,
                const char *pin)
{
  if (pin != NULL)
    return g_strdup_printf ("pinned SHA-256 %s", pin);
  if (ca_file != NULL)
    return g_strdup_printf ("CA file %s", ca_file);
  return g_strdup ("system CAs");
}

gboolean
adept_server_set_tls_trust (AdeptServer  *self,
                            const char   *ca_file,
                            const char   *pin_sha256,
                            GError      **error)
{
  g_autoptr(GKeyFile) kf = NULL;
  g_autofree char *path = NULL;
  g_autofree char *pin = NULL;
  g_autofree char *detail = NULL;

  g_return_val_if_fail (ADEPT_IS_SERVER (self), FALSE);

  /* Everything is checked before anything is saved. */
  if (pin_sha256 != NULL && (pin = adept_tls_pin_normalize (pin_sha256, error)) == NULL)
    return FALSE;
  if (ca_file != NULL)
    {
      /* The timer's service reads it later from another folder. */
      path = g_canonicalize_filename (ca_file, NULL);
      if (!adept_dep_check_tls_ca_file (path, error))
        return FALSE;
    }

  kf = copy_config (self);
  if (path != NULL)
    g_key_file_set_string (kf, GROUP_SERVER, "tls-ca-file", path);
  else
    g_key_file_remove_key (kf, GROUP_SERVER, "tls-ca-file", NULL);
  if (pin != NULL)
    g_key_file_set_string (kf, GROUP_SERVER, "tls-pin-sha256", pin);
  else
    g_key_file_remove_key (kf, GROUP_SERVER, "tls-pin-sha256", NULL);
  if (!save_config (self, kf, error))
    return FALSE;
  detail = describe_trust (path, pin);
  admin_action (self, "tls-trust-changed", detail);
  return TRUE;
}

/* Key pair */

typedef struct {
  char                *common_name;
  AdeptServerKeyFlags  flags;
  AdeptKeyPair        *key_pair;
  GFile               *file;
  AdeptServerToken    *token;
  char                *token_name;
  char                *base_url;
  const char          *action;
  gboolean             was_linked;
} OpData;

static void
op_data_free (gpointer data)
{
  OpData *op = data;

  g_free (op->common_name);
  g_clear_object (&op->key_pair);
  g_clear_object (&op->file);
  g_clear_object (&op->token);
  g_free (op->token_name);
  g_free (op->base_url);
  g_free (op);
}

static GTask *
new_task (AdeptServer         *self,
          gpointer             source_tag,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, g_new0 (OpData, 1), op_data_free);
  return task;
}

/* Loads both halves; returns NULL without an error only when neither exists. */
static void
on_key_looked_up (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AdeptServer *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptSecret) key_pem = NULL;
  g_autofree char *cert_pem = NULL;
  AdeptKeyPair *key_pair;

  key_pem = adept_credentials_lookup_finish (result, &error);
  if (error == NULL)
    cert_pem = read_private_file (self, CERTIFICATE_FILE, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (key_pem == NULL && cert_pem == NULL)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }
  if (key_pem == NULL)
    {
      g_task_return_new_error (task, ADEPT_ERROR, ADEPT_ERROR_NO_KEY,
                               _("The private key of server “%s” is not in the keyring, although its certificate is here. Restore the keyring, import the key pair, or replace it with a new one and upload the new public key to Apple Business Manager."),
                               self->id);
      return;
    }
  if (cert_pem == NULL)
    {
      g_task_return_new_error (task, ADEPT_ERROR, ADEPT_ERROR_NO_KEY,
                               _("The certificate of server “%s” is missing, although its private key is in the keyring. Import the key pair again, or replace it with a new one and upload the new public key to Apple Business Manager."),
                               self->id);
      return;
    }

  key_pair = adept_key_pair_new_from_pem (key_pem, strlen (key_pem),
                                          cert_pem, strlen (cert_pem), &error);
  if (key_pair == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, key_pair, g_object_unref);
}

static void
load_key_pair_async (AdeptServer         *self,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  GTask *task = new_task (self, load_key_pair_async, cancellable, callback, user_data);

  adept_credentials_lookup_async (self->id, ADEPT_SECRET_PRIVATE_KEY, cancellable,
                                  on_key_looked_up, task);
}

static AdeptKeyPair *
load_key_pair_finish (AdeptServer   *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
save_key_facts (AdeptServer   *self,
                AdeptKeyPair  *key_pair,
                GError       **error)
{
  g_autoptr(GKeyFile) kf = copy_config (self);
  g_autofree char *cert_pem = adept_key_pair_export_certificate_pem (key_pair);
  g_autofree char *fingerprint = adept_key_pair_dup_fingerprint (key_pair);
  g_autofree char *common_name = adept_key_pair_dup_common_name (key_pair);
  GDateTime *not_after = adept_key_pair_get_not_after (key_pair);

  if (!write_private_file (self, CERTIFICATE_FILE, cert_pem, error))
    return FALSE;

  g_key_file_set_string (kf, GROUP_KEY, "certificate-fingerprint", fingerprint);
  g_key_file_set_string (kf, GROUP_KEY, "common-name", common_name ? common_name : "");
  if (not_after != NULL)
    config_set_time (kf, GROUP_KEY, "not-after", not_after);
  config_set_now (kf, GROUP_KEY, "created-at");
  return save_config (self, kf, error);
}

static void
on_private_key_stored (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AdeptServer *self = g_task_get_source_object (task);
  OpData *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *fingerprint = NULL;

  if (!adept_credentials_store_finish (result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The key is safe; now the public half. If that fails, take the key back out so no
   * half pair is left behind (best effort: the error already says what to do). */
  if (!save_key_facts (self, op->key_pair, &error))
    {
      adept_credentials_clear_async (self->id, ADEPT_SECRET_PRIVATE_KEY, NULL, NULL, NULL);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  fingerprint = adept_key_pair_dup_fingerprint (op->key_pair);
  admin_action (self, op->action, fingerprint);
  g_task_return_pointer (task, g_object_ref (op->key_pair), g_object_unref);
}

/* Private key to the keyring first, then the certificate: a keyring failure leaves the
 * files untouched. */
static void
store_key_pair (GTask *task)
{
  AdeptServer *self = g_task_get_source_object (task);
  OpData *op = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  AdeptSecret *key_pem = adept_key_pair_export_private_key_pem (op->key_pair);

  adept_credentials_store_async (self->id, ADEPT_SECRET_PRIVATE_KEY, NULL, key_pem,
                                 cancellable, on_private_key_stored, task);
  adept_secret_free (key_pem);
}

static void
on_key_pair_generated (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  GTask *task = user_data;
  OpData *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  op->key_pair = adept_key_pair_generate_finish (result, &error);
  if (op->key_pair == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  op->action = "key-generated";
  store_key_pair (task);
}

static void
generate_key_pair (GTask *task)
{
  OpData *op = g_task_get_task_data (task);

  adept_key_pair_generate_async (op->common_name ? op->common_name : ADEPT_KEY_PAIR_DEFAULT_CN,
                                 g_task_get_cancellable (task), on_key_pair_generated, task);
}

static void
on_existing_key_pair (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  AdeptKeyPair *key_pair;

  key_pair = load_key_pair_finish (ADEPT_SERVER (source), result, &error);
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else if (key_pair != NULL)
    g_task_return_pointer (task, key_pair, g_object_unref);
  else
    generate_key_pair (g_steal_pointer (&task));
}

void
adept_server_ensure_key_pair_async (AdeptServer         *self,
                                    const char          *common_name,
                                    AdeptServerKeyFlags  flags,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  GTask *task;
  OpData *op;

  g_return_if_fail (ADEPT_IS_SERVER (self));

  task = new_task (self, adept_server_ensure_key_pair_async, cancellable, callback, user_data);
  op = g_task_get_task_data (task);
  op->common_name = g_strdup (common_name);
  op->flags = flags;

  if (flags & ADEPT_SERVER_KEY_REPLACE)
    generate_key_pair (task);
  else
    load_key_pair_async (self, cancellable, on_existing_key_pair, task);
}

AdeptKeyPair *
adept_server_ensure_key_pair_finish (AdeptServer   *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
adept_server_import_key_pair_async (AdeptServer         *self,
                                    const char          *key_pem,
                                    const char          *cert_pem,
                                    AdeptServerKeyFlags  flags,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GError) error = NULL;
  GTask *task;
  OpData *op;

  g_return_if_fail (ADEPT_IS_SERVER (self));
  g_return_if_fail (key_pem != NULL && cert_pem != NULL);

  task = new_task (self, adept_server_import_key_pair_async, cancellable, callback, user_data);
  op = g_task_get_task_data (task);
  op->action = "key-imported";

  if (self->linked && adept_server_has_key_pair (self) && !(flags & ADEPT_SERVER_KEY_REPLACE))
    {
      g_task_return_new_error (task, ADEPT_ERROR, ADEPT_ERROR_FAILED,
                               _("Server “%s” is linked and already has a key pair. Replace it only on purpose: the new public key must then be uploaded to Apple Business Manager before the token is renewed."),
                               self->id);
      g_object_unref (task);
      return;
    }

  op->key_pair = adept_key_pair_new_from_pem (key_pem, strlen (key_pem),
                                              cert_pem, strlen (cert_pem), &error);
  if (op->key_pair == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  store_key_pair (task);
}

AdeptKeyPair *
adept_server_import_key_pair_finish (AdeptServer   *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

char *
adept_server_dup_certificate_pem (AdeptServer  *self,
                                  GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  char *pem;

  g_return_val_if_fail (ADEPT_IS_SERVER (self), NULL);

  pem = read_private_file (self, CERTIFICATE_FILE, &local_error);
  if (pem == NULL && local_error == NULL)
    adept_set_error (&local_error, ADEPT_ERROR_NO_KEY);
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return pem;
}

/* Tokens */

static void
decrypt_in_thread (GTask        *task,
                   gpointer      source,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  OpData *op = task_data;
  g_autoptr(GError) error = NULL;
  AdeptServerToken *token;

  token = adept_server_token_decrypt_file (op->file, op->key_pair, cancellable, &error);
  if (token == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, token, g_object_unref);
}

static void
on_inspect_key_pair (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  OpData *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  op->key_pair = load_key_pair_finish (ADEPT_SERVER (source), result, &error);
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else if (op->key_pair == NULL)
    g_task_return_new_error (task, ADEPT_ERROR, ADEPT_ERROR_NO_KEY, "%s",
                             adept_error_default_message (ADEPT_ERROR_NO_KEY));
  else
    /* Reading the file and RSA stay off the UI thread. */
    g_task_run_in_thread (task, decrypt_in_thread);
}

void
adept_server_inspect_token_async (AdeptServer         *self,
                                  GFile               *file,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task;
  OpData *op;

  g_return_if_fail (ADEPT_IS_SERVER (self));
  g_return_if_fail (G_IS_FILE (file));

  task = new_task (self, adept_server_inspect_token_async, cancellable, callback, user_data);
  op = g_task_get_task_data (task);
  op->file = g_object_ref (file);
  load_key_pair_async (self, cancellable, on_inspect_key_pair, task);
}

AdeptServerToken *
adept_server_inspect_token_finish (AdeptServer   *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Writes what a link leaves in server.ini, in one save, and tells the audit log. */
static gboolean
record_link (AdeptServer  *self,
             const char   *server_fingerprint,
             GDateTime    *expiry,
             const char   *token_name,
             const char   *base_url,
             GError      **error)
{
  g_autoptr(GKeyFile) kf = copy_config (self);
  g_autofree char *old_url = g_strdup (self->base_url);
  g_autofree char *detail = NULL;
  g_autofree char *date = NULL;
  gboolean was_linked = self->linked;

  g_key_file_set_boolean (kf, GROUP_TOKEN, "linked", TRUE);
  g_key_file_set_string (kf, GROUP_TOKEN, "server-fingerprint", server_fingerprint);
  if (expiry != NULL)
    config_set_time (kf, GROUP_TOKEN, "expiry", expiry);
  else
    g_key_file_remove_key (kf, GROUP_TOKEN, "expiry", NULL);
  if (token_name != NULL)
    g_key_file_set_string (kf, GROUP_TOKEN, "name", token_name);
  if (base_url != NULL)
    g_key_file_set_string (kf, GROUP_SERVER, "base-url", base_url);
  if (was_linked)
    config_set_now (kf, GROUP_TOKEN, "renewed-at");
  else
    {
      config_set_now (kf, GROUP_TOKEN, "linked-at");
      g_key_file_remove_key (kf, GROUP_TOKEN, "renewed-at", NULL);
      g_key_file_remove_group (kf, GROUP_ACCOUNT, NULL);
    }
  if (!save_config (self, kf, error))
    return FALSE;

  /* In the order an admin did them: where to talk, then the link. */
  date = expiry ? g_date_time_format_iso8601 (expiry) : g_strdup ("?");
  detail = g_strdup_printf ("server fingerprint %s, token expires %s", server_fingerprint, date);
  if (base_url != NULL && g_strcmp0 (old_url, base_url) != 0)
    admin_action (self, "base-url-changed", base_url);
  admin_action (self, was_linked ? "renewed" : "linked", detail);
  return TRUE;
}

gboolean
adept_server_record_link (AdeptServer  *self,
                          const char   *server_fingerprint,
                          GDateTime    *expiry,
                          const char   *token_name,
                          const char   *base_url,
                          GError      **error)
{
  g_autofree char *url = NULL;

  g_return_val_if_fail (ADEPT_IS_SERVER (self), FALSE);
  g_return_val_if_fail (server_fingerprint != NULL, FALSE);

  if (base_url != NULL && (url = normalize_base_url (base_url, error)) == NULL)
    return FALSE;
  return record_link (self, server_fingerprint, expiry, token_name, url, error);
}

static void
on_token_stored (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AdeptServer *self = g_task_get_source_object (task);
  OpData *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!adept_credentials_store_finish (result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!record_link (self, adept_server_token_get_server_fingerprint (op->token),
                    adept_server_token_get_expiry (op->token), op->token_name, op->base_url,
                    &error))
    {
      /* A first link leaves nothing behind. A renewal keeps the new credentials: they
       * are the same server's, and ABM revokes the old token when it issues a new one. */
      if (!op->was_linked)
        adept_credentials_clear_async (self->id, ADEPT_SECRET_OAUTH_TOKENS, NULL, NULL, NULL);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

char *
adept_server_find_linked_twin (AdeptServer      *self,
                               AdeptServerToken *token)
{
  g_auto(GStrv) ids = NULL;
  const char *fingerprint;

  g_return_val_if_fail (ADEPT_IS_SERVER (self), NULL);
  g_return_val_if_fail (ADEPT_IS_SERVER_TOKEN (token), NULL);

  ids = adept_context_list_server_dirs ();
  fingerprint = adept_server_token_get_server_fingerprint (token);

  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    {
      g_autoptr(AdeptServer) other = NULL;

      if (g_str_equal (ids[i], self->id) || !adept_context_is_valid_server_id (ids[i]))
        continue;
      other = adept_server_new (ids[i]);
      if (adept_server_load (other, NULL) && other->linked &&
          g_strcmp0 (other->server_fingerprint, fingerprint) == 0)
        return g_strdup (ids[i]);
    }
  return NULL;
}

void
adept_server_link_async (AdeptServer         *self,
                         AdeptServerToken    *token,
                         const char          *token_name,
                         const char          *base_url,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *other = NULL;
  AdeptSecret *json;
  GTask *task;
  OpData *op;

  g_return_if_fail (ADEPT_IS_SERVER (self));
  g_return_if_fail (ADEPT_IS_SERVER_TOKEN (token));

  task = new_task (self, adept_server_link_async, cancellable, callback, user_data);
  op = g_task_get_task_data (task);
  op->token = g_object_ref (token);
  op->token_name = g_strdup (token_name);
  op->was_linked = self->linked;

  /* Everything the link carries is checked before anything is stored. */
  if (base_url != NULL && (op->base_url = normalize_base_url (base_url, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  if (!adept_server_token_check_expiry (token, now, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  /* A renewal must come from the same MDM server in ABM; another server's token would
   * silently swap the devices this console manages. Unlink first to change servers. */
  if (self->linked &&
      g_strcmp0 (self->server_fingerprint,
                 adept_server_token_get_server_fingerprint (token)) != 0)
    {
      g_task_return_new_error (task, ADEPT_ERROR, ADEPT_ERROR_TOKEN_OTHER_SERVER, "%s",
                               adept_error_default_message (ADEPT_ERROR_TOKEN_OTHER_SERVER));
      g_object_unref (task);
      return;
    }

  /* Apple keeps one token an MDM server (downloading one revokes the one before), so one
   * MDM server linked under two names here would break the first. */
  if (!self->linked && (other = adept_server_find_linked_twin (self, token)) != NULL)
    {
      g_task_return_new_error (task, ADEPT_ERROR, ADEPT_ERROR_TOKEN_OTHER_SERVER,
                               _("This token is for the MDM server linked here already as "
                                 "“%s”. Apple keeps one token a server: renew that one instead, "
                                 "or add another MDM server in Apple Business Manager."), other);
      g_object_unref (task);
      return;
    }

  json = adept_server_token_to_json (token);
  adept_credentials_store_async (self->id, ADEPT_SECRET_OAUTH_TOKENS, NULL, json,
                                 cancellable, on_token_stored, task);
  adept_secret_free (json);
}

gboolean
adept_server_link_finish (AdeptServer   *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_token_looked_up (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AdeptServer *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptSecret) json = NULL;
  AdeptServerToken *token;

  json = adept_credentials_lookup_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (json == NULL)
    {
      g_task_return_new_error (task, ADEPT_ERROR, ADEPT_ERROR_NOT_LINKED,
                               _("The server token of “%s” is not in the keyring. Upload the server token again."),
                               self->id);
      return;
    }

  token = adept_server_token_new_from_json (json, &error);
  if (token == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, token, g_object_unref);
}

void
adept_server_load_token_async (AdeptServer         *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (ADEPT_IS_SERVER (self));

  task = new_task (self, adept_server_load_token_async, cancellable, callback, user_data);
  if (!self->linked)
    {
      g_task_return_new_error (task, ADEPT_ERROR, ADEPT_ERROR_NOT_LINKED, "%s",
                               adept_error_default_message (ADEPT_ERROR_NOT_LINKED));
      g_object_unref (task);
      return;
    }
  adept_credentials_lookup_async (self->id, ADEPT_SECRET_OAUTH_TOKENS, cancellable,
                                  on_token_looked_up, task);
}

AdeptServerToken *
adept_server_load_token_finish (AdeptServer   *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Unlink */

gboolean
adept_server_forget (AdeptServer  *self,
                     GError      **error)
{
  g_autoptr(GKeyFile) empty = g_key_file_new ();
  g_autofree char *dir = NULL;

  g_return_val_if_fail (ADEPT_IS_SERVER (self), FALSE);

  dir = adept_context_build_server_dir (self->id, error);
  if (dir == NULL || !remove_tree (dir, error))
    return FALSE;
  apply_config (self, empty);
  notify_changed (self);
  admin_action (self, "unlinked", "keyring items and server folder removed");
  return TRUE;
}

static void
on_server_secrets_cleared (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AdeptServer *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  /* Secrets first: if the keyring cannot be reached, the files stay and the server keeps
   * working, rather than leaving keys nobody knows about. */
  if (!adept_credentials_clear_finish (result, &error) || !adept_server_forget (self, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

void
adept_server_unlink_async (AdeptServer         *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (ADEPT_IS_SERVER (self));

  task = new_task (self, adept_server_unlink_async, cancellable, callback, user_data);
  adept_credentials_clear_async (self->id, -1, cancellable, on_server_secrets_cleared, task);
}

gboolean
adept_server_unlink_finish (AdeptServer   *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Blocking forms */

AdeptKeyPair *
adept_server_ensure_key_pair_sync (AdeptServer          *self,
                                   const char           *common_name,
                                   AdeptServerKeyFlags   flags,
                                   GCancellable         *cancellable,
                                   GError              **error)
{
  AdeptBlockingCall call;
  AdeptKeyPair *key_pair;

  adept_blocking_call_begin (&call);
  adept_server_ensure_key_pair_async (self, common_name, flags, cancellable,
                                      adept_blocking_call_done, &call);
  key_pair = adept_server_ensure_key_pair_finish (self, adept_blocking_call_wait (&call), error);
  adept_blocking_call_end (&call);
  return key_pair;
}

AdeptKeyPair *
adept_server_import_key_pair_sync (AdeptServer          *self,
                                   const char           *key_pem,
                                   const char           *cert_pem,
                                   AdeptServerKeyFlags   flags,
                                   GCancellable         *cancellable,
                                   GError              **error)
{
  AdeptBlockingCall call;
  AdeptKeyPair *key_pair;

  adept_blocking_call_begin (&call);
  adept_server_import_key_pair_async (self, key_pem, cert_pem, flags, cancellable,
                                      adept_blocking_call_done, &call);
  key_pair = adept_server_import_key_pair_finish (self, adept_blocking_call_wait (&call), error);
  adept_blocking_call_end (&call);
  return key_pair;
}

AdeptServerToken *
adept_server_inspect_token_sync (AdeptServer   *self,
                                 GFile         *file,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  AdeptBlockingCall call;
  AdeptServerToken *token;

  adept_blocking_call_begin (&call);
  adept_server_inspect_token_async (self, file, cancellable, adept_blocking_call_done, &call);
  token = adept_server_inspect_token_finish (self, adept_blocking_call_wait (&call), error);
  adept_blocking_call_end (&call);
  return token;
}

gboolean
adept_server_link_sync (AdeptServer       *self,
                        AdeptServerToken  *token,
                        const char        *token_name,
                        const char        *base_url,
                        GCancellable      *cancellable,
                        GError           **error)
{
  AdeptBlockingCall call;
  gboolean ok;

  adept_blocking_call_begin (&call);
  adept_server_link_async (self, token, token_name, base_url, cancellable,
                           adept_blocking_call_done, &call);
  ok = adept_server_link_finish (self, adept_blocking_call_wait (&call), error);
  adept_blocking_call_end (&call);
  return ok;
}

AdeptServerToken *
adept_server_load_token_sync (AdeptServer   *self,
                              GCancellable  *cancellable,
                              GError       **error)
{
  AdeptBlockingCall call;
  AdeptServerToken *token;

  adept_blocking_call_begin (&call);
  adept_server_load_token_async (self, cancellable, adept_blocking_call_done, &call);
  token = adept_server_load_token_finish (self, adept_blocking_call_wait (&call), error);
  adept_blocking_call_end (&call);
  return token;
}

gboolean
adept_server_unlink_sync (AdeptServer   *self,
                          GCancellable  *cancellable,
                          GError       **error)
{
  AdeptBlockingCall call;
  gboolean ok;

  adept_blocking_call_begin (&call);
  adept_server_unlink_async (self, cancellable, adept_blocking_call_done, &call);
  ok = adept_server_unlink_finish (self, adept_blocking_call_wait (&call), error);
  adept_blocking_call_end (&call);
  return ok;
}
