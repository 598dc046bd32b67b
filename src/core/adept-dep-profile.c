/* adept-dep-profile.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-dep-profile"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "adept-dep-profile.h"
#include "adept-error.h"
#include "adept-profile-rules.h"
#include "adept-dep-protocol.h"
#include "adept-util.h"

typedef enum {
  KIND_STRING,
  KIND_BOOLEAN,
  KIND_STRV,
} Kind;

enum {
  F_PROFILE_NAME,
  F_URL,
  F_SUPPORT_PHONE_NUMBER,
  F_SUPPORT_EMAIL_ADDRESS,
  F_ORG_MAGIC,
  F_DEPARTMENT,
  F_LANGUAGE,
  F_REGION,
  F_CONFIGURATION_WEB_URL,
  F_PROFILE_UUID,
  F_ALLOW_PAIRING,
  F_IS_SUPERVISED,
  F_IS_MULTI_USER,
  F_IS_MANDATORY,
  F_AWAIT_DEVICE_CONFIGURED,
  F_IS_MDM_REMOVABLE,
  F_AUTO_ADVANCE_SETUP,
  F_DO_NOT_USE_PROFILE_FROM_BACKUP,
  F_IS_RETURN_TO_SERVICE,
  F_ANCHOR_CERTS,
  F_SUPERVISING_HOST_CERTS,
  F_SKIP_SETUP_ITEMS,
  F_DEVICES,
  N_FIELDS
};

typedef struct {
  const char *key;
  Kind        kind;
  gboolean    default_value;
} Field;

static const Field fields[N_FIELDS] = {
  [F_PROFILE_NAME] = { "profile_name", KIND_STRING },
  [F_URL] = { "url", KIND_STRING },
  [F_SUPPORT_PHONE_NUMBER] = { "support_phone_number", KIND_STRING },
  [F_SUPPORT_EMAIL_ADDRESS] = { "support_email_address", KIND_STRING },
  [F_ORG_MAGIC] = { "org_magic", KIND_STRING },
  [F_DEPARTMENT] = { "department", KIND_STRING },
  [F_LANGUAGE] = { "language", KIND_STRING },
  [F_REGION] = { "region", KIND_STRING },
  [F_CONFIGURATION_WEB_URL] = { "configuration_web_url", KIND_STRING },
  [F_PROFILE_UUID] = { "profile_uuid", KIND_STRING },
  [F_ALLOW_PAIRING] = { "allow_pairing", KIND_BOOLEAN, TRUE },
  [F_IS_SUPERVISED] = { "is_supervised", KIND_BOOLEAN },
  [F_IS_MULTI_USER] = { "is_multi_user", KIND_BOOLEAN },
  [F_IS_MANDATORY] = { "is_mandatory", KIND_BOOLEAN },
  [F_AWAIT_DEVICE_CONFIGURED] = { "await_device_configured", KIND_BOOLEAN },
  [F_IS_MDM_REMOVABLE] = { "is_mdm_removable", KIND_BOOLEAN, TRUE },
  [F_AUTO_ADVANCE_SETUP] = { "auto_advance_setup", KIND_BOOLEAN },
  [F_DO_NOT_USE_PROFILE_FROM_BACKUP] = { "do_not_use_profile_from_backup", KIND_BOOLEAN },
  [F_IS_RETURN_TO_SERVICE] = { "is_return_to_service", KIND_BOOLEAN },
  [F_ANCHOR_CERTS] = { "anchor_certs", KIND_STRV },
  [F_SUPERVISING_HOST_CERTS] = { "supervising_host_certs", KIND_STRV },
  [F_SKIP_SETUP_ITEMS] = { "skip_setup_items", KIND_STRV },
  [F_DEVICES] = { "devices", KIND_STRV },
};

struct _AdeptDepProfile
{
  GObject    parent_instance;

  /* Indexed by field; only the slot of the field's kind is used. */
  char      *strings[N_FIELDS];
  gboolean   flags[N_FIELDS];
  char     **lists[N_FIELDS];
};

G_DEFINE_FINAL_TYPE (AdeptDepProfile, adept_dep_profile, G_TYPE_OBJECT)

/* Property id = field + 1. */
static GParamSpec *properties[N_FIELDS + 1];

static void
set_string (AdeptDepProfile *self,
            guint            field,
            const char      *value)
{
  if (adept_set_str (&self->strings[field], value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[field + 1]);
}

static void
set_flag (AdeptDepProfile *self,
          guint            field,
          gboolean         value)
{
  value = !!value;
  if (self->flags[field] != value)
    {
      self->flags[field] = value;
      g_object_notify_by_pspec (G_OBJECT (self), properties[field + 1]);
    }
}

static void
set_list (AdeptDepProfile    *self,
          guint               field,
          const char * const *value)
{
  if (self->lists[field] == NULL && value == NULL)
    return;
  if (self->lists[field] != NULL && value != NULL &&
      g_strv_equal ((const char * const *) self->lists[field], value))
    return;
  g_strfreev (self->lists[field]);
  self->lists[field] = g_strdupv ((char **) value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[field + 1]);
}

static void
adept_dep_profile_finalize (GObject *object)
{
  AdeptDepProfile *self = ADEPT_DEP_PROFILE (object);

  for (guint i = 0; i < N_FIELDS; i++)
    {
      g_free (self->strings[i]);
      g_strfreev (self->lists[i]);
    }

  G_OBJECT_CLASS (adept_dep_profile_parent_class)->finalize (object);
}

static void
adept_dep_profile_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  AdeptDepProfile *self = ADEPT_DEP_PROFILE (object);
  guint field = prop_id - 1;

  if (prop_id == 0 || prop_id > N_FIELDS)
    {
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }
  switch (fields[field].kind)
    {
    case KIND_STRING:
      g_value_set_string (value, self->strings[field]);
      break;
    case KIND_BOOLEAN:
      g_value_set_boolean (value, self->flags[field]);
      break;
    case KIND_STRV:
    default:
      g_value_set_boxed (value, self->lists[field]);
      break;
    }
}

static void
adept_dep_profile_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  AdeptDepProfile *self = ADEPT_DEP_PROFILE (object);
  guint field = prop_id - 1;

  if (prop_id == 0 || prop_id > N_FIELDS)
    {
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }
  switch (fields[field].kind)
    {
    case KIND_STRING:
      set_string (self, field, g_value_get_string (value));
      break;
    case KIND_BOOLEAN:
      set_flag (self, field, g_value_get_boolean (value));
      break;
    case KIND_STRV:
    default:
      set_list (self, field, g_value_get_boxed (value));
      break;
    }
}

static void
adept_dep_profile_class_init (AdeptDepProfileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = adept_dep_profile_finalize;
  object_class->get_property = adept_dep_profile_get_property;
  object_class->set_property = adept_dep_profile_set_property;

  for (guint i = 0; i < N_FIELDS; i++)
    {
      g_autofree char *dashed = g_strdelimit (g_strdup (fields[i].key), "_", '-');
      const char *name = g_intern_string (dashed);

      switch (fields[i].kind)
        {
        case KIND_STRING:
          properties[i + 1] = g_param_spec_string (name, NULL, NULL, NULL, flags);
          break;
        case KIND_BOOLEAN:
          properties[i + 1] = g_param_spec_boolean (name, NULL, NULL, fields[i].default_value, flags);
          break;
        case KIND_STRV:
        default:
          properties[i + 1] = g_param_spec_boxed (name, NULL, NULL, G_TYPE_STRV, flags);
          break;
        }
    }
  g_object_class_install_properties (object_class, N_FIELDS + 1, properties);
}

static void
adept_dep_profile_init (AdeptDepProfile *self)
{
  for (guint i = 0; i < N_FIELDS; i++)
    self->flags[i] = fields[i].default_value;
}

AdeptDepProfile *
adept_dep_profile_new (void)
{
  return g_object_new (ADEPT_TYPE_DEP_PROFILE, NULL);
}

static const char *
describe_type (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    return _("an object");
  if (JSON_NODE_HOLDS_ARRAY (node))
    return _("a list");
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return _("a string");
    case G_TYPE_BOOLEAN:
      return _("true or false");
    case G_TYPE_INT64:
    case G_TYPE_DOUBLE:
      return _("a number");
    default:
      return _("something else");
    }
}

static gboolean
holds (JsonNode *node,
       GType     type)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

static gboolean
is_string_list (JsonNode *node)
{
  JsonArray *array;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (!holds (json_array_get_element (array, i), G_TYPE_STRING))
      return FALSE;
  return TRUE;
}

/* A value of the wrong type is refused rather than replaced by the default: 1 for
 * is_supervised would otherwise quietly make an unsupervised profile. */
static gboolean
check_type (const Field  *field,
            JsonNode     *node,
            GError      **error)
{
  const char *expected;
  GError *e;

  switch (field->kind)
    {
    case KIND_STRING:
      if (holds (node, G_TYPE_STRING))
        return TRUE;
      /* Translators: completes “In the profile, “url” must be %s” */
      expected = _("a string");
      break;
    case KIND_BOOLEAN:
      if (holds (node, G_TYPE_BOOLEAN))
        return TRUE;
      expected = _("true or false");
      break;
    case KIND_STRV:
    default:
      if (is_string_list (node))
        return TRUE;
      expected = _("a list of strings");
      break;
    }
  /* Translators: the first %s is a profile key such as “is_supervised”, the second what
   * it must be (“true or false”), the third what it is (“a number”). */
  e = g_error_new (ADEPT_ERROR, ADEPT_ERROR_VALIDATION,
                   _("In the profile, “%s” must be %s, not %s. Correct the value and try again."),
                   field->key, expected, describe_type (node));
  adept_error_set_details (e, NULL, field->key, -1);
  g_propagate_error (error, e);
  return FALSE;
}

AdeptDepProfile *
adept_dep_profile_new_from_json (JsonObject  *object,
                                 GError     **error)
{
  g_autoptr(AdeptDepProfile) self = NULL;

  g_return_val_if_fail (object != NULL, NULL);

  self = adept_dep_profile_new ();
  for (guint i = 0; i < N_FIELDS; i++)
    {
      JsonNode *node = json_object_get_member (object, fields[i].key);

      /* Absent and null both leave Apple's default. */
      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        continue;
      if (!check_type (&fields[i], node, error))
        return NULL;
      switch (fields[i].kind)
        {
        case KIND_STRING:
          self->strings[i] = g_strdup (json_node_get_string (node));
          break;
        case KIND_BOOLEAN:
          self->flags[i] = json_node_get_boolean (node);
          break;
        case KIND_STRV:
        default:
          self->lists[i] = adept_dep_json_dup_strv (object, fields[i].key);
          break;
        }
    }
  return g_steal_pointer (&self);
}

AdeptDepProfile *
adept_dep_profile_new_from_data (const char       *data,
                                 gsize             len,
                                 AdeptJsonSource   source,
                                 GError          **error)
{
  g_autoptr(JsonObject) object = NULL;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  object = adept_json_parse_object (data, len, source, error);
  return object != NULL ? adept_dep_profile_new_from_json (object, error) : NULL;
}

JsonObject *
adept_dep_profile_to_json (AdeptDepProfile *self)
{
  JsonObject *object;

  g_return_val_if_fail (ADEPT_IS_DEP_PROFILE (self), NULL);

  object = json_object_new ();
  for (guint i = 0; i < N_FIELDS; i++)
    switch (fields[i].kind)
      {
      case KIND_STRING:
        if (self->strings[i] != NULL && *self->strings[i] != '\0')
          json_object_set_string_member (object, fields[i].key, self->strings[i]);
        break;
      case KIND_BOOLEAN:
        json_object_set_boolean_member (object, fields[i].key, self->flags[i]);
        break;
      case KIND_STRV:
      default:
        if (self->lists[i] != NULL && self->lists[i][0] != NULL)
          json_object_set_array_member (object, fields[i].key,
                                        adept_dep_json_array_from_strv ((const char * const *) self->lists[i]));
        break;
      }
  return object;
}

gboolean
adept_dep_profile_is_known_key (const char *key)
{
  for (guint i = 0; i < N_FIELDS; i++)
    if (g_strcmp0 (key, fields[i].key) == 0)
      return TRUE;
  return FALSE;
}

const char *
adept_dep_profile_check (AdeptDepProfile *self)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (ADEPT_IS_DEP_PROFILE (self), NULL);

  /* The rules live in adept-profile-rules.c, shared with the editor. */
  if (adept_profile_validate (self, &error))
    return NULL;
  return g_intern_string (adept_error_get_apple_code (error));
}

#define STRING_ACCESSORS(name, F)                                                 \
  const char *                                                                    \
  adept_dep_profile_get_##name (AdeptDepProfile *self)                            \
  {                                                                               \
    g_return_val_if_fail (ADEPT_IS_DEP_PROFILE (self), NULL);                     \
    return self->strings[F];                                                      \
  }                                                                               \
  void                                                                            \
  adept_dep_profile_set_##name (AdeptDepProfile *self, const char *value)         \
  {                                                                               \
    g_return_if_fail (ADEPT_IS_DEP_PROFILE (self));                               \
    set_string (self, F, value);                                                  \
  }

#define BOOLEAN_ACCESSORS(name, F)                                                \
  gboolean                                                                        \
  adept_dep_profile_get_##name (AdeptDepProfile *self)                            \
  {                                                                               \
    g_return_val_if_fail (ADEPT_IS_DEP_PROFILE (self), FALSE);                    \
    return self->flags[F];                                                        \
  }                                                                               \
  void                                                                            \
  adept_dep_profile_set_##name (AdeptDepProfile *self, gboolean value)            \
  {                                                                               \
    g_return_if_fail (ADEPT_IS_DEP_PROFILE (self));                               \
    set_flag (self, F, value);                                                    \
  }

#define STRV_ACCESSORS(name, F)                                                   \
  const char * const *                                                            \
  adept_dep_profile_get_##name (AdeptDepProfile *self)                            \
  {                                                                               \
    g_return_val_if_fail (ADEPT_IS_DEP_PROFILE (self), NULL);                     \
    return (const char * const *) self->lists[F];                                 \
  }                                                                               \
  void                                                                            \
  adept_dep_profile_set_##name (AdeptDepProfile *self, const char * const *value) \
  {                                                                               \
    g_return_if_fail (ADEPT_IS_DEP_PROFILE (self));                               \
    set_list (self, F, value);                                                    \
  }

STRING_ACCESSORS (profile_name, F_PROFILE_NAME)
STRING_ACCESSORS (url, F_URL)
STRING_ACCESSORS (support_phone_number, F_SUPPORT_PHONE_NUMBER)
STRING_ACCESSORS (support_email_address, F_SUPPORT_EMAIL_ADDRESS)
STRING_ACCESSORS (org_magic, F_ORG_MAGIC)
STRING_ACCESSORS (department, F_DEPARTMENT)
STRING_ACCESSORS (language, F_LANGUAGE)
STRING_ACCESSORS (region, F_REGION)
STRING_ACCESSORS (configuration_web_url, F_CONFIGURATION_WEB_URL)
STRING_ACCESSORS (profile_uuid, F_PROFILE_UUID)
BOOLEAN_ACCESSORS (allow_pairing, F_ALLOW_PAIRING)
BOOLEAN_ACCESSORS (is_supervised, F_IS_SUPERVISED)
BOOLEAN_ACCESSORS (is_multi_user, F_IS_MULTI_USER)
BOOLEAN_ACCESSORS (is_mandatory, F_IS_MANDATORY)
BOOLEAN_ACCESSORS (await_device_configured, F_AWAIT_DEVICE_CONFIGURED)
BOOLEAN_ACCESSORS (is_mdm_removable, F_IS_MDM_REMOVABLE)
BOOLEAN_ACCESSORS (auto_advance_setup, F_AUTO_ADVANCE_SETUP)
BOOLEAN_ACCESSORS (do_not_use_profile_from_backup, F_DO_NOT_USE_PROFILE_FROM_BACKUP)
BOOLEAN_ACCESSORS (is_return_to_service, F_IS_RETURN_TO_SERVICE)
STRV_ACCESSORS (anchor_certs, F_ANCHOR_CERTS)
STRV_ACCESSORS (supervising_host_certs, F_SUPERVISING_HOST_CERTS)
STRV_ACCESSORS (skip_setup_items, F_SKIP_SETUP_ITEMS)
STRV_ACCESSORS (devices, F_DEVICES)
