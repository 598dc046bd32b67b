/* adept-ui-util.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-ui-util"

#include "config.h"

#include <glib/gi18n.h>

#include "adept-ui-util.h"

static char *
format_local (GDateTime  *when,
              const char *format)
{
  g_autoptr(GDateTime) local = NULL;

  g_return_val_if_fail (when != NULL, NULL);

  local = g_date_time_to_local (when);
  return g_date_time_format (local, format);
}

char *
adept_format_date (GDateTime *when)
{
  /* Translators: a date as in "25 November 2026"; see g_date_time_format(). */
  return format_local (when, _("%-d %B %Y"));
}

char *
adept_format_date_time (GDateTime *when)
{
  /* Translators: a date and time as in "25 November 2026, 14:05". */
  return format_local (when, _("%-d %B %Y, %H:%M"));
}

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

char *
adept_format_count (guint64 n)
{
  return g_strdup_printf ("%'" G_GUINT64_FORMAT, n);
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
