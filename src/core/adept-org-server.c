/* adept-org-server.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-org-server"

#include "config.h"

#include "adept-dep-protocol.h"
#include "adept-device.h"
#include "adept-org-server.h"

struct _AdeptOrgServer
{
  GObject   parent_instance;

  char     *id;
  char     *name;
  char     *server_type;
  gint64    created;
  gint64    updated;
  gboolean  is_this;
  guint     n_devices;
};

G_DEFINE_FINAL_TYPE (AdeptOrgServer, adept_org_server, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_SERVER_TYPE,
  PROP_CREATED,
  PROP_UPDATED,
  PROP_IS_THIS_SERVER,
  PROP_N_DEVICES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

AdeptOrgServer *
adept_org_server_new (const char *id,
                      const char *name,
                      const char *server_type,
                      gint64      created,
                      gint64      updated)
{
  AdeptOrgServer *self = g_object_new (ADEPT_TYPE_ORG_SERVER, NULL);

  self->id = g_strdup (id);
  self->name = g_strdup (name);
  self->server_type = g_strdup (server_type);
  self->created = created;
  self->updated = updated;
  return self;
}

AdeptOrgServer *
adept_org_server_new_from_json (JsonObject *resource)
{
  const char *id = adept_dep_json_get_string (resource, "id");
  JsonNode *node = json_object_get_member (resource, "attributes");
  JsonObject *attributes = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

  if (id == NULL || *id == '\0')
    return NULL;
  return adept_org_server_new (id, adept_dep_json_get_string (attributes, "serverName"),
                               adept_dep_json_get_string (attributes, "serverType"),
                               adept_timestamp_parse (adept_dep_json_get_string (attributes, "createdDateTime")),
                               adept_timestamp_parse (adept_dep_json_get_string (attributes, "updatedDateTime")));
}

const char *
adept_org_server_get_id (AdeptOrgServer *self)
{
  g_return_val_if_fail (ADEPT_IS_ORG_SERVER (self), NULL);
  return self->id;
}

const char *
adept_org_server_get_name (AdeptOrgServer *self)
{
  g_return_val_if_fail (ADEPT_IS_ORG_SERVER (self), NULL);
  return self->name;
}

const char *
adept_org_server_get_server_type (AdeptOrgServer *self)
{
  g_return_val_if_fail (ADEPT_IS_ORG_SERVER (self), NULL);
  return self->server_type;
}

gint64
adept_org_server_get_created (AdeptOrgServer *self)
{
  g_return_val_if_fail (ADEPT_IS_ORG_SERVER (self), 0);
  return self->created;
}

gint64
adept_org_server_get_updated (AdeptOrgServer *self)
{
  g_return_val_if_fail (ADEPT_IS_ORG_SERVER (self), 0);
  return self->updated;
}

gboolean
adept_org_server_get_is_this_server (AdeptOrgServer *self)
{
  g_return_val_if_fail (ADEPT_IS_ORG_SERVER (self), FALSE);
  return self->is_this;
}

void
adept_org_server_set_is_this_server (AdeptOrgServer *self,
                                     gboolean        is_this)
{
  g_return_if_fail (ADEPT_IS_ORG_SERVER (self));
  if (self->is_this == !!is_this)
    return;
  self->is_this = !!is_this;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IS_THIS_SERVER]);
}

guint
adept_org_server_get_n_devices (AdeptOrgServer *self)
{
  g_return_val_if_fail (ADEPT_IS_ORG_SERVER (self), 0);
  return self->n_devices;
}

void
adept_org_server_set_n_devices (AdeptOrgServer *self,
                                guint           n)
{
  g_return_if_fail (ADEPT_IS_ORG_SERVER (self));
  if (self->n_devices == n)
    return;
  self->n_devices = n;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_DEVICES]);
}

JsonObject *
adept_org_server_to_json (AdeptOrgServer *self)
{
  JsonObject *object = json_object_new ();
  g_autofree char *created = adept_timestamp_format (self->created);
  g_autofree char *updated = adept_timestamp_format (self->updated);

  json_object_set_string_member (object, "id", self->id);
  if (self->name != NULL)
    json_object_set_string_member (object, "serverName", self->name);
  if (self->server_type != NULL)
    json_object_set_string_member (object, "serverType", self->server_type);
  if (created != NULL)
    json_object_set_string_member (object, "createdDateTime", created);
  if (updated != NULL)
    json_object_set_string_member (object, "updatedDateTime", updated);
  json_object_set_boolean_member (object, "thisServer", self->is_this);
  json_object_set_int_member (object, "devices", self->n_devices);
  return object;
}

static void
adept_org_server_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  AdeptOrgServer *self = ADEPT_ORG_SERVER (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_string (value, self->id); break;
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_SERVER_TYPE: g_value_set_string (value, self->server_type); break;
    case PROP_CREATED: g_value_set_int64 (value, self->created); break;
    case PROP_UPDATED: g_value_set_int64 (value, self->updated); break;
    case PROP_IS_THIS_SERVER: g_value_set_boolean (value, self->is_this); break;
    case PROP_N_DEVICES: g_value_set_uint (value, self->n_devices); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
adept_org_server_finalize (GObject *object)
{
  AdeptOrgServer *self = ADEPT_ORG_SERVER (object);

  g_free (self->id);
  g_free (self->name);
  g_free (self->server_type);

  G_OBJECT_CLASS (adept_org_server_parent_class)->finalize (object);
}

static void
adept_org_server_class_init (AdeptOrgServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = adept_org_server_finalize;
  object_class->get_property = adept_org_server_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_SERVER_TYPE] = g_param_spec_string ("server-type", NULL, NULL, NULL, flags);
  properties[PROP_CREATED] = g_param_spec_int64 ("created", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_UPDATED] = g_param_spec_int64 ("updated", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_IS_THIS_SERVER] = g_param_spec_boolean ("is-this-server", NULL, NULL, FALSE, flags);
  properties[PROP_N_DEVICES] = g_param_spec_uint ("n-devices", NULL, NULL, 0, G_MAXUINT, 0, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
adept_org_server_init (AdeptOrgServer *self)
{
}
