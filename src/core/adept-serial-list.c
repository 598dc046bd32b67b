/* adept-serial-list.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-serial-list"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "adept-error.h"
#include "adept-serial-list.h"
#include "adept-util.h"

/* How many bad lines a sentence names before “and N more”. */
#define NAMED_BAD_LINES 5
/* Bad text longer than this is cut in reports. */
#define BAD_TEXT_CHARS 40

typedef struct {
  guint  line;
  char  *text;
} BadLine;

struct _AdeptSerialList
{
  GPtrArray  *serials;
  GHashTable *seen;
  GArray     *bad;
  char       *name;
};

static void
bad_line_clear (gpointer data)
{
  g_free (((BadLine *) data)->text);
}

AdeptSerialList *
adept_serial_list_new (void)
{
  AdeptSerialList *self = g_new0 (AdeptSerialList, 1);

  self->serials = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->serials, NULL);
  self->seen = g_hash_table_new (g_str_hash, g_str_equal);
  self->bad = g_array_new (FALSE, FALSE, sizeof (BadLine));
  g_array_set_clear_func (self->bad, bad_line_clear);
  self->name = g_strdup (_("the list"));
  return self;
}

void
adept_serial_list_free (AdeptSerialList *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->seen);
  g_ptr_array_unref (self->serials);
  g_array_unref (self->bad);
  g_free (self->name);
  g_free (self);
}

char *
adept_serial_normalize (const char *text)
{
  g_autofree char *serial = NULL;
  gsize len;

  if (text == NULL)
    return NULL;
  serial = g_strstrip (g_ascii_strup (text, -1));
  len = strlen (serial);
  if (len < ADEPT_SERIAL_MIN_LENGTH || len > ADEPT_SERIAL_MAX_LENGTH)
    return NULL;
  for (const char *p = serial; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p) && !(*p >= 'A' && *p <= 'Z'))
      return NULL;
  return g_steal_pointer (&serial);
}

static void
add_bad (AdeptSerialList *self,
         guint            line,
         const char      *text)
{
  g_autofree char *cut = NULL;
  BadLine bad;

  if (g_utf8_strlen (text, -1) > BAD_TEXT_CHARS)
    {
      g_autofree char *start = g_utf8_substring (text, 0, BAD_TEXT_CHARS);

      cut = g_strconcat (start, "…", NULL);
    }
  bad.line = line;
  bad.text = adept_escape_control (cut != NULL ? cut : text);
  g_array_append_val (self->bad, bad);
}

static void
add_serial (AdeptSerialList *self,
            guint            line,
            const char      *text)
{
  char *serial = adept_serial_normalize (text);

  if (serial == NULL)
    {
      add_bad (self, line, text);
      return;
    }
  if (g_hash_table_contains (self->seen, serial))
    {
      g_free (serial);
      return;
    }
  /* The table borrows the array's copy. */
  g_ptr_array_insert (self->serials, self->serials->len - 1, serial);
  g_hash_table_add (self->seen, serial);
}

void
adept_serial_list_add (AdeptSerialList *self,
                       const char      *text)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (text != NULL);

  add_serial (self, 0, text);
}

/* The first CSV field of a line, unquoted (RFC 4180: "" inside quotes is one "). */
static char *
first_field (const char *line)
{
  GString *field = g_string_new (NULL);
  const char *p = line;

  while (*p == ' ' || *p == '\t')
    p++;
  if (*p != '"')
    {
      gsize n = strcspn (p, ",;\t");

      g_string_append_len (field, p, n);
      return g_string_free (field, FALSE);
    }
  for (p++; *p != '\0'; p++)
    {
      if (*p == '"' && p[1] == '"')
        g_string_append_c (field, *p++);
      else if (*p == '"')
        break;
      else
        g_string_append_c (field, *p);
    }
  return g_string_free (field, FALSE);
}

static gboolean
is_header (const char *field)
{
  g_autofree char *folded = g_ascii_strdown (field, -1);

  return strstr (folded, "serial") != NULL;
}

/* Refuses data that is not text: a NUL would end every C string early and drop the
 * serials after it, and bytes that are not UTF-8 come from a binary file. */
static gboolean
check_text (const char  *data,
            gsize        len,
            const char  *name,
            GError     **error)
{
  const char *end;
  const char *nul = memchr (data, '\0', len);
  guint line = 1;

  if (nul == NULL && g_utf8_validate (data, len, &end))
    return TRUE;
  if (nul != NULL)
    end = nul;
  else
    g_utf8_validate (data, len, &end);
  for (const char *p = data; p < end; p++)
    if (*p == '\n')
      line++;
  g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_FILE,
               nul == end
               ? _("“%s” is not a text file: line %u holds a NUL byte. Save the serial numbers as plain text, one a line or as CSV.")
               : _("“%s” is not UTF-8 text: line %u holds bytes that are not. Save the serial numbers as plain text, one a line or as CSV."),
               name, line);
  return FALSE;
}

AdeptSerialList *
adept_serial_list_parse (GBytes      *data,
                         const char  *name,
                         GError     **error)
{
  g_autoptr(AdeptSerialList) self = NULL;
  gboolean seen_content = FALSE;
  const char *start;
  guint number = 1;
  gsize len = 0;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  start = g_bytes_get_data (data, &len);
  if (len > 0 && !check_text (start, len, name, error))
    return NULL;
  /* Excel writes a byte order mark in front of UTF-8 CSV. */
  if (len >= 3 && memcmp (start, "\xef\xbb\xbf", 3) == 0)
    {
      start += 3;
      len -= 3;
    }

  self = adept_serial_list_new ();
  g_free (self->name);
  self->name = g_strdup_printf ("“%s”", name);
  /* Lines end in LF, CRLF or an old Mac's CR. */
  for (gsize pos = 0; pos < len; number++)
    {
      gsize n = 0;
      g_autofree char *line = NULL;
      g_autofree char *field = NULL;

      while (pos + n < len && start[pos + n] != '\r' && start[pos + n] != '\n')
        n++;
      line = g_strndup (start + pos, n);
      field = g_strstrip (first_field (line));
      if (field[0] != '\0' && field[0] != '#')
        {
          /* A header row such as “Serial Number,Model” may come first. */
          if (seen_content || !is_header (field))
            add_serial (self, number, field);
          seen_content = TRUE;
        }
      pos += n;
      if (pos < len && start[pos] == '\r')
        pos++;
      if (pos < len && start[pos] == '\n')
        pos++;
    }
  return g_steal_pointer (&self);
}

const char * const *
adept_serial_list_get_serials (AdeptSerialList *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return (const char * const *) self->serials->pdata;
}

guint
adept_serial_list_get_n_serials (AdeptSerialList *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->serials->len - 1;
}

guint
adept_serial_list_get_n_bad (AdeptSerialList *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->bad->len;
}

guint
adept_serial_list_get_bad_line (AdeptSerialList *self,
                                guint            i)
{
  g_return_val_if_fail (self != NULL && i < self->bad->len, 0);
  return g_array_index (self->bad, BadLine, i).line;
}

const char *
adept_serial_list_get_bad_text (AdeptSerialList *self,
                                guint            i)
{
  g_return_val_if_fail (self != NULL && i < self->bad->len, NULL);
  return g_array_index (self->bad, BadLine, i).text;
}

/* The first bad lines by number and text, and how many more. */
static char *
name_bad_lines (AdeptSerialList *self)
{
  g_autoptr(GString) named = g_string_new (NULL);
  guint n = self->bad->len;

  for (guint i = 0; i < MIN (n, NAMED_BAD_LINES); i++)
    {
      const BadLine *bad = &g_array_index (self->bad, BadLine, i);

      if (named->len > 0)
        g_string_append (named, ", ");
      if (bad->line > 0)
        /* Translators: one bad line of a serial number file, as in: line 4 (“C02-XK1”) */
        g_string_append_printf (named, _("line %u (“%s”)"), bad->line, bad->text);
      else
        g_string_append_printf (named, "“%s”", bad->text);
    }
  if (n > NAMED_BAD_LINES)
    {
      g_string_append (named, ", ");
      g_string_append_printf (named, g_dngettext (GETTEXT_PACKAGE, "and %u more", "and %u more",
                                                  n - NAMED_BAD_LINES),
                              n - NAMED_BAD_LINES);
    }
  return g_string_free (g_steal_pointer (&named), FALSE);
}

gboolean
adept_serial_list_check (AdeptSerialList  *self,
                         GError          **error)
{
  g_autofree char *named = NULL;
  guint n;

  g_return_val_if_fail (self != NULL, FALSE);

  n = self->bad->len;
  if (n == 0)
    return TRUE;
  named = name_bad_lines (self);
  g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_FILE,
               g_dngettext (GETTEXT_PACKAGE,
                            "%u entry of %s is not a serial number (Apple’s are %u to %u letters and digits): %s. Nothing was sent; correct or remove it, then try again.",
                            "%u entries of %s are not serial numbers (Apple’s are %u to %u letters and digits): %s. Nothing was sent; correct or remove them, then try again.",
                            n),
               n, self->name,
               ADEPT_SERIAL_MIN_LENGTH, ADEPT_SERIAL_MAX_LENGTH, named);
  return FALSE;
}

char *
adept_serial_list_describe_skipped (AdeptSerialList *self)
{
  g_autofree char *named = NULL;
  guint n;

  g_return_val_if_fail (self != NULL, NULL);

  n = self->bad->len;
  if (n == 0)
    return NULL;
  named = name_bad_lines (self);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Skipped %u entry of %s that is not a serial number: %s.",
                                       "Skipped %u entries of %s that are not serial numbers: %s.",
                                       n),
                          n, self->name, named);
}
