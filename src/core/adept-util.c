/* adept-util.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-util"

#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "adept-util.h"

gboolean
adept_set_str (char       **str,
               const char  *new_str)
{
  if (g_strcmp0 (*str, new_str) == 0)
    return FALSE;
  g_free (*str);
  *str = g_strdup (new_str);
  return TRUE;
}

/* Device fields come from Apple and ABM, where anyone in the organisation may type a
 * description or asset tag; an admin opening the export must not run it. */
static gboolean
starts_formula (const char *value)
{
  return value[0] != '\0' && strchr ("=+-@\t\r", value[0]) != NULL;
}

void
adept_csv_append_field (GString    *out,
                        const char *value)
{
  gboolean guard;

  if (value == NULL)
    return;
  guard = starts_formula (value);
  if (strpbrk (value, ",\"\r\n") == NULL)
    {
      if (guard)
        g_string_append_c (out, '\'');
      g_string_append (out, value);
      return;
    }
  g_string_append_c (out, '"');
  if (guard)
    g_string_append_c (out, '\'');
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static gboolean
needs_escape (gunichar c)
{
  return c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) ||
         (c >= 0x200e && c <= 0x200f) || (c >= 0x202a && c <= 0x202e) ||
         (c >= 0x2066 && c <= 0x2069) || c == 0x061c;
}

char *
adept_escape_control (const char *text)
{
  GString *out;
  const char *p, *end;

  if (text == NULL)
    return NULL;
  end = text + strlen (text);
  out = g_string_sized_new (end - text);
  for (p = text; p < end;)
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          g_string_append_printf (out, "\\x%02x", (guint8) *p);
          p++;
          continue;
        }
      if (c < 0x80 && needs_escape (c))
        g_string_append_printf (out, "\\x%02x", c);
      else if (needs_escape (c))
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
      p = g_utf8_next_char (p);
    }
  return g_string_free (out, FALSE);
}

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

/* Groups of three with ",", as the source strings' en_US writes them. */
static char *
group_thousands (guint64 n)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GUINT64_FORMAT, n);
  gsize len = strlen (digits);
  GString *out = g_string_sized_new (len + len / 3);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, digits[i]);
    }
  return g_string_free (out, FALSE);
}

char *
adept_format_count (guint64 n)
{
  const char *separator = localeconv ()->thousands_sep;

  /* The C and POSIX locales group nothing: "100000" is hard to read at a glance. */
  if (separator == NULL || *separator == '\0')
    return group_thousands (n);
  return g_strdup_printf ("%'" G_GUINT64_FORMAT, n);
}

char *
adept_format_share (guint64 count,
                    guint64 total)
{
  guint percent;

  if (total == 0)
    return g_strdup ("");
  percent = (guint) (100.0 * (double) count / (double) total + 0.5);
  /* A count that is not none never reads 0 %, nor one that is not all 100 %. */
  if (count > 0 && percent == 0)
    /* Translators: the share of a small count, less than one percent. */
    return g_strdup (_("<1%"));
  if (count < total && percent >= 100)
    /* Translators: the share of a count that is nearly, but not quite, all. */
    return g_strdup (_(">99%"));
  /* Translators: a share, "60%". */
  return g_strdup_printf (_("%u%%"), percent);
}

void
adept_blocking_call_begin (AdeptBlockingCall *call)
{
  call->context = g_main_context_new ();
  call->result = NULL;
  /* GTask and GDBus deliver to the thread-default context current when the call starts. */
  g_main_context_push_thread_default (call->context);
}

void
adept_blocking_call_done (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  AdeptBlockingCall *call = user_data;

  call->result = g_object_ref (result);
}

GAsyncResult *
adept_blocking_call_wait (AdeptBlockingCall *call)
{
  while (call->result == NULL)
    g_main_context_iteration (call->context, TRUE);
  return call->result;
}

void
adept_blocking_call_end (AdeptBlockingCall *call)
{
  g_clear_object (&call->result);
  g_main_context_pop_thread_default (call->context);
  g_clear_pointer (&call->context, g_main_context_unref);
}
