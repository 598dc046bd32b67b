/* adept-util.h — small helpers GLib 2.74 lacks, and formatting shared by every part
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Like g_set_str() of GLib 2.76: replaces *str by a copy of new_str, TRUE if it changed. */
gboolean adept_set_str (char       **str,
                        const char  *new_str);

/* "25 November 2026" in the local time zone. */
char    *adept_format_date      (GDateTime  *when);
/* "25 November 2026, 14:05". */
char    *adept_format_date_time (GDateTime  *when);
/* "1,234" with the locale's grouping ("," where the locale has none, as in C.UTF-8). */
char    *adept_format_count     (guint64     n);
/* count's share of total as a whole percent, "60%", never "0%" for a count that is not
 * zero ("<1%") nor "100%" for one short of total (">99%"); "" when total is 0. */
char    *adept_format_share     (guint64     count,
                                 guint64     total);

/* Appends one CSV field as RFC 4180 says (quoted when it holds a comma, a quote or a line
 * break; quotes doubled). A value a spreadsheet would run as a formula (it begins with
 * =, +, -, @, a tab or a carriage return) gets a leading ' so it stays text. NULL: an
 * empty field. */
void     adept_csv_append_field (GString    *out,
                                 const char *value);

/* A copy of text safe to print on a terminal: control characters (C0 with tab and line
 * breaks, DEL, C1 and so every ANSI escape sequence) and the Unicode controls that
 * reorder text (bidirectional overrides, isolates and marks) become visible escapes such
 * as \x1b or \u202e, and bytes that are not UTF-8 become \xNN.
 * For text from outside (a server, a file) written to a terminal; NULL gives NULL. */
char    *adept_escape_control   (const char *text);

G_END_DECLS

/* Runs one _async call to completion on a private main context, for the blocking forms
 * (adeptctl, tests):
 *
 *   AdeptBlockingCall call;
 *   adept_blocking_call_begin (&call);
 *   foo_async (…, adept_blocking_call_done, &call);
 *   ok = foo_finish (adept_blocking_call_wait (&call), error);
 *   adept_blocking_call_end (&call);
 */
typedef struct {
  GMainContext *context;
  GAsyncResult *result;
} AdeptBlockingCall;

void          adept_blocking_call_begin (AdeptBlockingCall *call);
void          adept_blocking_call_done  (GObject           *source,
                                         GAsyncResult      *result,
                                         gpointer           user_data);
GAsyncResult *adept_blocking_call_wait  (AdeptBlockingCall *call);
void          adept_blocking_call_end   (AdeptBlockingCall *call);
