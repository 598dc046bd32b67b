/* adept-ui-util.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-ui-util"

#include "config.h"

#include <glib/gi18n.h>

#include "adept-ui-util.h"

int
adept_days_until (GDateTime *when,
                  GDateTime *now)
{
  GTimeSpan span = g_date_time_difference (when, now);

  if (span < 0)
    return -1 - (int) ((-span - 1) / G_TIME_SPAN_DAY);
  return (int) (span / G_TIME_SPAN_DAY);
}

char *
adept_format_expiry (GDateTime *expiry,
                     GDateTime *now)
{
  g_autofree char *date = adept_format_date (expiry);
  int days = adept_days_until (expiry, now);

  if (g_date_time_compare (expiry, now) <= 0)
    /* Translators: %s is a date. */
    return g_strdup_printf (_("%s (expired)"), date);
  if (days == 0)
    return g_strdup_printf (_("%s (expires today)"), date);
  /* Translators: %s is a date, %d a number of days. */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s (%d day left)", "%s (%d days left)",
                                       days),
                          date, days);
}

GFile *
adept_file_from_drop_value (const GValue *value)
{
  if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    {
      GFile *file = g_value_get_object (value);

      return file != NULL ? g_object_ref (file) : NULL;
    }
  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      GSList *files = gdk_file_list_get_files (g_value_get_boxed (value));
      GFile *first = files != NULL ? g_object_ref (files->data) : NULL;

      g_slist_free (files);
      return first;
    }
  return NULL;
}

static void
hide_when_concealed (GtkRevealer *revealer)
{
  if (!gtk_revealer_get_reveal_child (revealer) && !gtk_revealer_get_child_revealed (revealer))
    gtk_widget_set_visible (GTK_WIDGET (revealer), FALSE);
}

void
adept_revealer_init_hiding (GtkRevealer *revealer)
{
  g_signal_connect (revealer, "notify::child-revealed", G_CALLBACK (hide_when_concealed), NULL);
  hide_when_concealed (revealer);
}

void
adept_revealer_set_shown (GtkRevealer *revealer,
                          gboolean     shown)
{
  if (shown)
    gtk_widget_set_visible (GTK_WIDGET (revealer), TRUE);
  gtk_revealer_set_reveal_child (revealer, shown);
  hide_when_concealed (revealer);
}

void
adept_ui_toast_full (GtkWidget  *from,
                     const char *title,
                     guint       timeout,
                     const char *button_label,
                     const char *detailed_action)
{
  g_return_if_fail (GTK_IS_WIDGET (from));
  g_return_if_fail (title != NULL);

  gtk_widget_activate_action (from, "win.toast", ADEPT_UI_TOAST_PARAM, title, timeout,
                              button_label ? button_label : "",
                              detailed_action ? detailed_action : "");
}

void
adept_ui_toast (GtkWidget  *from,
                const char *title)
{
  adept_ui_toast_full (from, title, 5, NULL, NULL);
}
