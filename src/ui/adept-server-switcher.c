/* adept-server-switcher.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-server-switcher"

#include "config.h"

#include <glib/gi18n.h>

#include "adept-server-switcher-private.h"

struct _AdeptServerSwitcher
{
  AdwBin        parent_instance;

  /* Template widgets */
  GtkMenuButton *button;
  GtkLabel      *label;
  GtkImage      *condition_icon;
  GtkPopover    *popover;
  GtkListBox    *list;

  GListModel    *sessions;
  AdeptSession  *session;
};

G_DEFINE_FINAL_TYPE (AdeptServerSwitcher, adept_server_switcher, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SESSIONS,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* "Not linked", "Needs attention", else the kind. */
static const char *
icon_for (AdeptSession *session)
{
  switch (adept_session_get_condition (session))
    {
    case ADEPT_CONDITION_NONE:
      return NULL;
    case ADEPT_CONDITION_TOKEN_EXPIRES_SOON:
      return "dialog-warning-symbolic";
    default:
      return "dialog-error-symbolic";
    }
}

static char *describe_state (AdeptSession *session);

/* Its state, and how it is reached where that is not directly. */
static char *
describe (AdeptSession *session)
{
  g_autofree char *state = describe_state (session);

  if (g_strcmp0 (adept_session_get_kind_name (session), ADEPT_SERVER_KIND_NAME_LOCAL) == 0)
    return g_steal_pointer (&state);
  /* Translators: a server's id and state, then how it is reached ("Through a NanoDEP server"). */
  return g_strdup_printf (_("%s · %s"), state, adept_session_get_kind_label (session));
}

static char *
describe_state (AdeptSession *session)
{
  const char *id = adept_session_get_id (session);
  int devices = adept_session_get_device_count (session);

  if (!adept_session_get_linked (session))
    /* Translators: a server's id, then its state. */
    return g_strdup_printf (_("%s · not linked"), id);
  if (adept_session_get_condition (session) != ADEPT_CONDITION_NONE &&
      adept_session_get_condition (session) != ADEPT_CONDITION_TOKEN_EXPIRES_SOON)
    return g_strdup_printf (_("%s · needs attention"), id);
  /* Translators: a server's id, then a number of devices. */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %d device", "%s · %d devices",
                                       MAX (devices, 0)), id, MAX (devices, 0));
}

static void
update_row (GtkWidget *row)
{
  AdeptSession *session = g_object_get_data (G_OBJECT (row), "adept-session");
  AdeptServerSwitcher *self = g_object_get_data (G_OBJECT (row), "adept-switcher");
  GtkWidget *icon = g_object_get_data (G_OBJECT (row), "adept-icon");
  GtkWidget *check = g_object_get_data (G_OBJECT (row), "adept-check");
  g_autofree char *subtitle = describe (session);
  const char *icon_name = icon_for (session);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), adept_session_get_display_name (session));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_visible (icon, icon_name != NULL);
  if (icon_name != NULL)
    gtk_image_set_from_icon_name (GTK_IMAGE (icon), icon_name);
  gtk_widget_set_opacity (check, self->session == session ? 1.0 : 0.0);
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  AdeptServerSwitcher *self = user_data;
  AdeptSession *session = item;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new ();
  GtkWidget *check = gtk_image_new_from_icon_name ("object-select-symbolic");

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon);
  g_object_set_data_full (G_OBJECT (row), "adept-session", g_object_ref (session), g_object_unref);
  g_object_set_data (G_OBJECT (row), "adept-switcher", self);
  g_object_set_data (G_OBJECT (row), "adept-icon", icon);
  g_object_set_data (G_OBJECT (row), "adept-check", check);
  for (guint i = 0; i < 4; i++)
    {
      static const char * const watched[] = {
        "notify::display-name", "notify::state", "notify::condition", "notify::device-count",
      };

      g_signal_connect_object (session, watched[i], G_CALLBACK (update_row), row,
                               G_CONNECT_SWAPPED);
    }
  update_row (row);
  return row;
}

static void
update_rows (AdeptServerSwitcher *self)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (g_object_get_data (G_OBJECT (row), "adept-session") != NULL)
      update_row (row);
}

static void
update_button (AdeptServerSwitcher *self)
{
  const char *icon_name = self->session ? icon_for (self->session) : NULL;

  gtk_label_set_label (self->label, self->session ? adept_session_get_display_name (self->session)
                                                  : _("No DEP Server"));
  gtk_widget_set_visible (GTK_WIDGET (self->condition_icon), icon_name != NULL);
  if (icon_name != NULL)
    gtk_image_set_from_icon_name (self->condition_icon, icon_name);
}

static void
on_row_activated (AdeptServerSwitcher *self,
                  GtkListBoxRow       *row)
{
  AdeptSession *session = g_object_get_data (G_OBJECT (row), "adept-session");

  gtk_popover_popdown (self->popover);
  if (session != NULL)
    adept_server_switcher_set_session (self, session);
}

/* The dialog of Add DEP Server… takes over. */
static void
on_add_clicked (AdeptServerSwitcher *self)
{
  gtk_popover_popdown (self->popover);
}

void
adept_server_switcher_set_sessions (AdeptServerSwitcher *self,
                                    GListModel          *sessions)
{
  g_return_if_fail (ADEPT_IS_SERVER_SWITCHER (self));
  g_return_if_fail (sessions == NULL || G_IS_LIST_MODEL (sessions));

  if (!g_set_object (&self->sessions, sessions))
    return;
  gtk_list_box_bind_model (self->list, sessions, create_row, self, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSIONS]);
}

void
adept_server_switcher_set_session (AdeptServerSwitcher *self,
                                   AdeptSession        *session)
{
  g_return_if_fail (ADEPT_IS_SERVER_SWITCHER (self));
  g_return_if_fail (session == NULL || ADEPT_IS_SESSION (session));

  if (self->session == session)
    return;
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  if (session != NULL)
    {
      g_signal_connect_object (session, "notify::display-name", G_CALLBACK (update_button), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::condition", G_CALLBACK (update_button), self,
                               G_CONNECT_SWAPPED);
    }
  update_button (self);
  update_rows (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

AdeptSession *
adept_server_switcher_get_session (AdeptServerSwitcher *self)
{
  g_return_val_if_fail (ADEPT_IS_SERVER_SWITCHER (self), NULL);
  return self->session;
}

/* Tests and screenshots */

GtkMenuButton *
adept_server_switcher_get_button (AdeptServerSwitcher *self)
{
  g_return_val_if_fail (ADEPT_IS_SERVER_SWITCHER (self), NULL);
  return self->button;
}

const char *
adept_server_switcher_get_label (AdeptServerSwitcher *self)
{
  g_return_val_if_fail (ADEPT_IS_SERVER_SWITCHER (self), NULL);
  return gtk_label_get_label (self->label);
}

guint
adept_server_switcher_get_n_rows (AdeptServerSwitcher *self)
{
  guint n = 0;

  g_return_val_if_fail (ADEPT_IS_SERVER_SWITCHER (self), 0);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (g_object_get_data (G_OBJECT (row), "adept-session") != NULL)
      n++;
  return n;
}

GtkListBoxRow *
adept_server_switcher_find_row (AdeptServerSwitcher *self,
                                const char          *server_id)
{
  g_return_val_if_fail (ADEPT_IS_SERVER_SWITCHER (self), NULL);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      AdeptSession *session = g_object_get_data (G_OBJECT (row), "adept-session");

      if (session != NULL && g_strcmp0 (adept_session_get_id (session), server_id) == 0)
        return GTK_LIST_BOX_ROW (row);
    }
  return NULL;
}

static void
adept_server_switcher_dispose (GObject *object)
{
  AdeptServerSwitcher *self = ADEPT_SERVER_SWITCHER (object);

  if (self->list != NULL)
    gtk_list_box_bind_model (self->list, NULL, NULL, NULL, NULL);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  g_clear_object (&self->sessions);
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), ADEPT_TYPE_SERVER_SWITCHER);
  G_OBJECT_CLASS (adept_server_switcher_parent_class)->dispose (object);
}

static void
adept_server_switcher_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  AdeptServerSwitcher *self = ADEPT_SERVER_SWITCHER (object);

  switch (prop_id)
    {
    case PROP_SESSIONS: g_value_set_object (value, self->sessions); break;
    case PROP_SESSION: g_value_set_object (value, self->session); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
adept_server_switcher_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  AdeptServerSwitcher *self = ADEPT_SERVER_SWITCHER (object);

  switch (prop_id)
    {
    case PROP_SESSIONS: adept_server_switcher_set_sessions (self, g_value_get_object (value)); break;
    case PROP_SESSION: adept_server_switcher_set_session (self, g_value_get_object (value)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
adept_server_switcher_class_init (AdeptServerSwitcherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = adept_server_switcher_dispose;
  object_class->get_property = adept_server_switcher_get_property;
  object_class->set_property = adept_server_switcher_set_property;

  properties[PROP_SESSIONS] = g_param_spec_object ("sessions", NULL, NULL, G_TYPE_LIST_MODEL, flags);
  properties[PROP_SESSION] = g_param_spec_object ("session", NULL, NULL, ADEPT_TYPE_SESSION, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/adept-server-switcher.ui");
  gtk_widget_class_bind_template_child (widget_class, AdeptServerSwitcher, button);
  gtk_widget_class_bind_template_child (widget_class, AdeptServerSwitcher, label);
  gtk_widget_class_bind_template_child (widget_class, AdeptServerSwitcher, condition_icon);
  gtk_widget_class_bind_template_child (widget_class, AdeptServerSwitcher, popover);
  gtk_widget_class_bind_template_child (widget_class, AdeptServerSwitcher, list);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_add_clicked);
}

static void
adept_server_switcher_init (AdeptServerSwitcher *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_button (self);
}
