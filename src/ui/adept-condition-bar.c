/* adept-condition-bar.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-condition-bar"

#include "config.h"

#include <glib/gi18n.h>

#include "adept-condition-bar.h"
#include "adept-ui-util.h"

struct _AdeptConditionBar
{
  AdwBin          parent_instance;

  GtkRevealer    *revealer;
  GtkBox         *box;
  GtkImage       *icon;
  GtkLabel       *label;
  GtkButton      *button;

  AdeptCondition  condition;
  AdeptSession   *session;
};

G_DEFINE_FINAL_TYPE (AdeptConditionBar, adept_condition_bar, ADW_TYPE_BIN)

static void
adept_condition_bar_dispose (GObject *object)
{
  AdeptConditionBar *self = ADEPT_CONDITION_BAR (object);

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  /* The bin's child is a bound template child: let the bin drop it first, or both would
   * unparent it. */
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), ADEPT_TYPE_CONDITION_BAR);
  G_OBJECT_CLASS (adept_condition_bar_parent_class)->dispose (object);
}

static void
adept_condition_bar_class_init (AdeptConditionBarClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = adept_condition_bar_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/adept-condition-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, AdeptConditionBar, revealer);
  gtk_widget_class_bind_template_child (widget_class, AdeptConditionBar, box);
  gtk_widget_class_bind_template_child (widget_class, AdeptConditionBar, icon);
  gtk_widget_class_bind_template_child (widget_class, AdeptConditionBar, label);
  gtk_widget_class_bind_template_child (widget_class, AdeptConditionBar, button);
}

static void
adept_condition_bar_init (AdeptConditionBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  adept_revealer_init_hiding (self->revealer);
}

static char *
describe (AdeptCondition  condition,
          GDateTime      *expiry,
          const char     *detail)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *date = expiry != NULL ? adept_format_date (expiry) : NULL;
  int days;

  switch (condition)
    {
    case ADEPT_CONDITION_TOKEN_EXPIRED:
      if (date == NULL)
        return g_strdup (_("The server token has expired. Download a new token in Apple Business "
                           "Manager and renew it here."));
      /* Translators: %s is a date. */
      return g_strdup_printf (_("The server token expired on %s. Download a new token in Apple "
                                "Business Manager and renew it here."), date);
    case ADEPT_CONDITION_TOKEN_REJECTED:
      return g_strdup (_("Apple no longer accepts the server token: it was revoked or replaced in "
                         "Apple Business Manager. Download the current token and renew it here."));
    case ADEPT_CONDITION_TERMS_NOT_SIGNED:
      return g_strdup (_("Apple has new terms and conditions. Until an administrator accepts them "
                         "in Apple Business Manager, Adept cannot sync."));
    case ADEPT_CONDITION_SYNC_FAILED:
      /* Translators: %s is a sentence saying why. */
      return g_strdup_printf (_("The last sync failed. %s"),
                              detail != NULL ? detail : _("Try again."));
    case ADEPT_CONDITION_TOKEN_EXPIRES_SOON:
      g_return_val_if_fail (expiry != NULL, NULL);
      days = MAX (0, adept_days_until (expiry, now));
      /* Translators: %d is a number of days, %s a date. */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "The server token expires in %d day, on %s. Download a "
                                           "new token in Apple Business Manager and renew it here.",
                                           "The server token expires in %d days, on %s. Download a "
                                           "new token in Apple Business Manager and renew it here.",
                                           days),
                              days, date);
    case ADEPT_CONDITION_NONE:
    default:
      return NULL;
    }
}

void
adept_condition_bar_set_condition (AdeptConditionBar *self,
                                   AdeptCondition     condition,
                                   GDateTime         *expiry,
                                   const char        *detail)
{
  g_autofree char *message = NULL;
  const char *button_label = NULL;
  const char *action = NULL;
  gboolean severe;

  g_return_if_fail (ADEPT_IS_CONDITION_BAR (self));

  self->condition = condition;
  message = describe (condition, expiry, detail);
  if (message == NULL)
    {
      adept_revealer_set_shown (self->revealer, FALSE);
      return;
    }

  switch (condition)
    {
    case ADEPT_CONDITION_TERMS_NOT_SIGNED:
      button_label = _("Open Apple Business Manager");
      action = "app.open-abm";
      break;
    case ADEPT_CONDITION_SYNC_FAILED:
      button_label = _("Sync Now");
      action = "win.force-sync";
      break;
    case ADEPT_CONDITION_TOKEN_EXPIRED:
    case ADEPT_CONDITION_TOKEN_REJECTED:
    case ADEPT_CONDITION_TOKEN_EXPIRES_SOON:
    case ADEPT_CONDITION_NONE:
    default:
      button_label = _("Renew Token…");
      action = "win.renew-token";
      break;
    }

  severe = condition != ADEPT_CONDITION_TOKEN_EXPIRES_SOON;
  gtk_label_set_label (self->label, message);
  gtk_button_set_label (self->button, button_label);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->button), action);
  gtk_image_set_from_icon_name (self->icon, severe ? "dialog-error-symbolic"
                                                   : "dialog-warning-symbolic");
  if (severe)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->box), "condition-error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->box), "condition-warning");
    }
  else
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->box), "condition-warning");
      gtk_widget_remove_css_class (GTK_WIDGET (self->box), "condition-error");
    }
  adept_revealer_set_shown (self->revealer, TRUE);
}

AdeptCondition
adept_condition_bar_get_condition (AdeptConditionBar *self)
{
  g_return_val_if_fail (ADEPT_IS_CONDITION_BAR (self), ADEPT_CONDITION_NONE);

  return self->condition;
}

const char *
adept_condition_bar_get_message (AdeptConditionBar *self)
{
  g_return_val_if_fail (ADEPT_IS_CONDITION_BAR (self), NULL);

  if (self->condition == ADEPT_CONDITION_NONE)
    return NULL;
  return gtk_label_get_label (self->label);
}

GtkWidget *
adept_condition_bar_get_button (AdeptConditionBar *self)
{
  g_return_val_if_fail (ADEPT_IS_CONDITION_BAR (self), NULL);

  return GTK_WIDGET (self->button);
}

static void
follow_session (AdeptConditionBar *self)
{
  if (self->session == NULL)
    adept_condition_bar_set_condition (self, ADEPT_CONDITION_NONE, NULL, NULL);
  else
    adept_condition_bar_set_condition (self, adept_session_get_condition (self->session),
                                       adept_session_get_token_expiry (self->session),
                                       adept_session_get_condition_detail (self->session));
}

void
adept_condition_bar_set_session (AdeptConditionBar *self,
                                 AdeptSession      *session)
{
  static const char * const watched[] = {
    "notify::condition", "notify::condition-detail", "notify::token-expiry",
  };

  g_return_if_fail (ADEPT_IS_CONDITION_BAR (self));
  g_return_if_fail (session == NULL || ADEPT_IS_SESSION (session));

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  for (guint i = 0; session != NULL && i < G_N_ELEMENTS (watched); i++)
    g_signal_connect_object (session, watched[i], G_CALLBACK (follow_session), self,
                             G_CONNECT_SWAPPED);
  follow_session (self);
}
