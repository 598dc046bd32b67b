/* adept-dep-account.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-dep-account"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "adept-dep-account.h"
#include "adept-dep-protocol.h"
#include "adept-error.h"

/* The string members of AccountDetail, in property order. */
enum {
  FIELD_SERVER_NAME,
  FIELD_SERVER_UUID,
  FIELD_ADMIN_ID,
  FIELD_FACILITATOR_ID,
  FIELD_ORG_NAME,
  FIELD_ORG_EMAIL,
  FIELD_ORG_PHONE,
  FIELD_ORG_ADDRESS,
  FIELD_ORG_ID,
  FIELD_ORG_ID_HASH,
  FIELD_ORG_TYPE,
  FIELD_ORG_VERSION,
  N_FIELDS
};

static const char * const field_names[N_FIELDS] = {
  "server_name", "server_uuid", "admin_id", "facilitator_id", "org_name", "org_email",
  "org_phone", "org_address", "org_id", "org_id_hash", "org_type", "org_version",
};

struct _AdeptDepAccount
{
  GObject    parent_instance;

  char      *fields[N_FIELDS];
  JsonArray *urls;   /* [{uri, http_method: […], limit: {default, maximum}}] */
};

G_DEFINE_FINAL_TYPE (AdeptDepAccount, adept_dep_account, G_TYPE_OBJECT)

/* Property ids are field index + 1. */
static GParamSpec *properties[N_FIELDS + 1];

static void
adept_dep_account_finalize (GObject *object)
{
  AdeptDepAccount *self = ADEPT_DEP_ACCOUNT (object);

  for (guint i = 0; i < N_FIELDS; i++)
    g_free (self->fields[i]);
  g_clear_pointer (&self->urls, json_array_unref);

  G_OBJECT_CLASS (adept_dep_account_parent_class)->finalize (object);
}

static void
adept_dep_account_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  AdeptDepAccount *self = ADEPT_DEP_ACCOUNT (object);

  if (prop_id >= 1 && prop_id <= N_FIELDS)
    g_value_set_string (value, self->fields[prop_id - 1]);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
adept_dep_account_class_init (AdeptDepAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = adept_dep_account_finalize;
  object_class->get_property = adept_dep_account_get_property;

  for (guint i = 0; i < N_FIELDS; i++)
    {
      g_autofree char *name = g_strdelimit (g_strdup (field_names[i]), "_", '-');

      /* Property names must outlive the class: intern them. */
      properties[i + 1] = g_param_spec_string (g_intern_string (name), NULL, NULL, NULL,
                                               G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
    }
  g_object_class_install_properties (object_class, N_FIELDS + 1, properties);
}

static void
adept_dep_account_init (AdeptDepAccount *self)
{
}

AdeptDepAccount *
adept_dep_account_new_from_json (JsonObject  *object,
                                 GError     **error)
{
  g_autoptr(AdeptDepAccount) self = g_object_new (ADEPT_TYPE_DEP_ACCOUNT, NULL);
  JsonNode *urls;

  for (guint i = 0; i < N_FIELDS; i++)
    self->fields[i] = g_strdup (adept_dep_json_get_string (object, field_names[i]));

  if (self->fields[FIELD_SERVER_UUID] == NULL || *self->fields[FIELD_SERVER_UUID] == '\0')
    {
      g_set_error_literal (error, ADEPT_ERROR, ADEPT_ERROR_MALFORMED_RESPONSE,
                           _("Apple’s account details lack the MDM server’s identifier. Try again later; if it keeps happening, report it."));
      return NULL;
    }

  urls = json_object_get_member (object, "urls");
  if (urls != NULL && JSON_NODE_HOLDS_ARRAY (urls))
    self->urls = json_node_dup_array (urls);
  else
    self->urls = json_array_new ();

  return g_steal_pointer (&self);
}

JsonObject *
adept_dep_account_to_json (AdeptDepAccount *self)
{
  JsonObject *object;

  g_return_val_if_fail (ADEPT_IS_DEP_ACCOUNT (self), NULL);

  object = json_object_new ();
  for (guint i = 0; i < N_FIELDS; i++)
    if (self->fields[i] != NULL)
      json_object_set_string_member (object, field_names[i], self->fields[i]);
  json_object_set_array_member (object, "urls", json_array_ref (self->urls));
  return object;
}

#define GETTER(name, FIELD)                                 \
  const char *                                              \
  adept_dep_account_get_##name (AdeptDepAccount *self)      \
  {                                                         \
    g_return_val_if_fail (ADEPT_IS_DEP_ACCOUNT (self), NULL); \
    return self->fields[FIELD];                             \
  }

GETTER (server_name, FIELD_SERVER_NAME)
GETTER (server_uuid, FIELD_SERVER_UUID)
GETTER (admin_id, FIELD_ADMIN_ID)
GETTER (facilitator_id, FIELD_FACILITATOR_ID)
GETTER (org_name, FIELD_ORG_NAME)
GETTER (org_email, FIELD_ORG_EMAIL)
GETTER (org_phone, FIELD_ORG_PHONE)
GETTER (org_address, FIELD_ORG_ADDRESS)
GETTER (org_id, FIELD_ORG_ID)
GETTER (org_id_hash, FIELD_ORG_ID_HASH)
GETTER (org_type, FIELD_ORG_TYPE)
GETTER (org_version, FIELD_ORG_VERSION)

static JsonObject *
find_url (AdeptDepAccount *self,
          const char      *uri)
{
  for (guint i = 0; i < json_array_get_length (self->urls); i++)
    {
      JsonNode *element = json_array_get_element (self->urls, i);
      JsonObject *entry;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      entry = json_node_get_object (element);
      if (g_strcmp0 (adept_dep_json_get_string (entry, "uri"), uri) == 0)
        return entry;
    }
  return NULL;
}

char **
adept_dep_account_dup_uris (AdeptDepAccount *self)
{
  GStrvBuilder *builder;
  char **uris;

  g_return_val_if_fail (ADEPT_IS_DEP_ACCOUNT (self), NULL);

  builder = g_strv_builder_new ();
  for (guint i = 0; i < json_array_get_length (self->urls); i++)
    {
      JsonNode *element = json_array_get_element (self->urls, i);
      const char *uri;

      if (JSON_NODE_HOLDS_OBJECT (element) &&
          (uri = adept_dep_json_get_string (json_node_get_object (element), "uri")) != NULL)
        g_strv_builder_add (builder, uri);
    }
  uris = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return uris;
}

gboolean
adept_dep_account_supports (AdeptDepAccount *self,
                            const char      *uri,
                            const char      *method)
{
  g_auto(GStrv) methods = NULL;
  JsonObject *entry;

  g_return_val_if_fail (ADEPT_IS_DEP_ACCOUNT (self), FALSE);

  entry = find_url (self, uri);
  if (entry == NULL)
    return FALSE;
  methods = adept_dep_json_dup_strv (entry, "http_method");
  for (guint i = 0; methods != NULL && methods[i] != NULL; i++)
    if (g_ascii_strcasecmp (methods[i], method) == 0)
      return TRUE;
  return FALSE;
}

gboolean
adept_dep_account_get_limit (AdeptDepAccount *self,
                             const char      *uri,
                             guint           *default_limit,
                             guint           *maximum_limit)
{
  JsonObject *entry;
  JsonNode *limit;
  gint64 def, max;

  g_return_val_if_fail (ADEPT_IS_DEP_ACCOUNT (self), FALSE);

  entry = find_url (self, uri);
  limit = entry ? json_object_get_member (entry, "limit") : NULL;
  if (limit == NULL || !JSON_NODE_HOLDS_OBJECT (limit))
    return FALSE;
  def = adept_dep_json_get_int (json_node_get_object (limit), "default", 0);
  max = adept_dep_json_get_int (json_node_get_object (limit), "maximum", 0);
  if (def <= 0 && max <= 0)
    return FALSE;
  if (default_limit != NULL)
    *default_limit = CLAMP (def, 0, G_MAXUINT);
  if (maximum_limit != NULL)
    *maximum_limit = CLAMP (max, 0, G_MAXUINT);
  return TRUE;
}
