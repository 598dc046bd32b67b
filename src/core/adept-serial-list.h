/* adept-serial-list.h — serial numbers from a file an admin picked
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Takes what Apple Business Manager's own screens take: one serial number a line, or a
 * CSV (comma, semicolon or tab) whose first column holds them, with or without a header
 * row. Blank lines and lines starting with “#” are skipped, spaces around a serial and a
 * UTF-8 byte order mark are ignored, letters are made upper case, duplicates count once.
 * Every other line must be a serial number in Apple's alphabet; the bad ones are kept by
 * line number so nothing is sent until the list is clean.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Apple's serial numbers: A–Z and 0–9, 8 to 14 characters (10 since 2021, 12 before,
 * 11 on older Macs). */
#define ADEPT_SERIAL_MIN_LENGTH 8
#define ADEPT_SERIAL_MAX_LENGTH 14

typedef struct _AdeptSerialList AdeptSerialList;

/* NULL and ADEPT_ERROR_FILE when the data is not text at all (a NUL byte or bytes that
 * are not UTF-8, named by line); name is how the file is called in sentences. Bad lines
 * are no error here: see adept_serial_list_check(). */
AdeptSerialList    *adept_serial_list_parse        (GBytes           *data,
                                                    const char       *name,
                                                    GError          **error);
AdeptSerialList    *adept_serial_list_new          (void);
void                adept_serial_list_free         (AdeptSerialList  *self);

/* Adds one serial given some other way (a command-line argument); line 0 in reports. */
void                adept_serial_list_add          (AdeptSerialList  *self,
                                                    const char       *text);

/* The good serial numbers, in file order, NULL-terminated. */
const char * const *adept_serial_list_get_serials  (AdeptSerialList  *self);
guint               adept_serial_list_get_n_serials (AdeptSerialList *self);
/* The lines that hold no serial number: their number (1-based, 0 for added ones) and
 * their text made printable (adept_escape_control). */
guint               adept_serial_list_get_n_bad    (AdeptSerialList  *self);
guint               adept_serial_list_get_bad_line (AdeptSerialList  *self,
                                                    guint             i);
const char         *adept_serial_list_get_bad_text (AdeptSerialList  *self,
                                                    guint             i);
/* FALSE and ADEPT_ERROR_FILE naming the first bad lines when there is any. */
gboolean            adept_serial_list_check        (AdeptSerialList  *self,
                                                    GError          **error);

/* For a list used without its bad lines (adeptctl --skip-bad): one sentence naming the
 * first of them, NULL when there are none. */
char               *adept_serial_list_describe_skipped (AdeptSerialList *self);

/* text upper-cased when it is a serial number in Apple's alphabet and length, else NULL. */
char               *adept_serial_normalize         (const char       *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AdeptSerialList, adept_serial_list_free)

G_END_DECLS
