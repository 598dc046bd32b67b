/* adept-nanodep-name.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-nanodep-name"

#include "config.h"

#include "adept-nanodep-name.h"

struct _AdeptNanodepName
{
  GObject          parent_instance;

  char            *name;
  AdeptDepAccount *account;
  GError          *error;
};

G_DEFINE_FINAL_TYPE (AdeptNanodepName, adept_nanodep_name, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_ACCOUNT,
  PROP_LINKED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
adept_nanodep_name_finalize (GObject *object)
{
  AdeptNanodepName *self = ADEPT_NANODEP_NAME (object);

  g_free (self->name);
  g_clear_object (&self->account);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (adept_nanodep_name_parent_class)->finalize (object);
}

static void
adept_nanodep_name_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  AdeptNanodepName *self = ADEPT_NANODEP_NAME (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;
    case PROP_LINKED:
      g_value_set_boolean (value, adept_nanodep_name_is_linked (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
adept_nanodep_name_class_init (AdeptNanodepNameClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = adept_nanodep_name_finalize;
  object_class->get_property = adept_nanodep_name_get_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL, ADEPT_TYPE_DEP_ACCOUNT,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LINKED] =
    g_param_spec_boolean ("linked", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
adept_nanodep_name_init (AdeptNanodepName *self)
{
}

AdeptNanodepName *
adept_nanodep_name_new (const char      *name,
                        AdeptDepAccount *account,
                        const GError    *error)
{
  AdeptNanodepName *self;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail ((account == NULL) != (error == NULL), NULL);

  self = g_object_new (ADEPT_TYPE_NANODEP_NAME, NULL);
  self->name = g_strdup (name);
  self->account = account ? g_object_ref (account) : NULL;
  self->error = error ? g_error_copy (error) : NULL;
  return self;
}

const char *
adept_nanodep_name_get_name (AdeptNanodepName *self)
{
  g_return_val_if_fail (ADEPT_IS_NANODEP_NAME (self), NULL);
  return self->name;
}

AdeptDepAccount *
adept_nanodep_name_get_account (AdeptNanodepName *self)
{
  g_return_val_if_fail (ADEPT_IS_NANODEP_NAME (self), NULL);
  return self->account;
}

const GError *
adept_nanodep_name_get_error (AdeptNanodepName *self)
{
  g_return_val_if_fail (ADEPT_IS_NANODEP_NAME (self), NULL);
  return self->error;
}

gboolean
adept_nanodep_name_is_linked (AdeptNanodepName *self)
{
  g_return_val_if_fail (ADEPT_IS_NANODEP_NAME (self), FALSE);
  return self->account != NULL;
}
