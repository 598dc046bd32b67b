/* adept-input.h — the one way Adept reads a file it was given
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every file an admin picks or a program names (tokens, profiles, serial lists, keys,
 * certificates, CA files, Adept's own settings) is read here: opened without blocking
 * and without becoming a controlling terminal, refused unless it is a regular file (a
 * FIFO, /dev/zero, a socket or a folder gets a sentence, never a hang or a huge read),
 * and read up to a limit per kind, refused beyond it. Errors are ADEPT_ERROR_FILE
 * naming the file.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum {
  ADEPT_INPUT_TOKEN,           /* a server token (.p7m) */
  ADEPT_INPUT_PROFILE,         /* a DEP profile as JSON */
  ADEPT_INPUT_SERIAL_LIST,     /* serial numbers, one a line or CSV */
  ADEPT_INPUT_PRIVATE_KEY,     /* a PEM private key: read into secret memory */
  ADEPT_INPUT_CERTIFICATE,     /* a PEM certificate (or a short chain) */
  ADEPT_INPUT_CA_FILE,         /* PEM certificates of authorities */
  ADEPT_INPUT_SETTINGS,        /* Adept's own files in its data folder */
  ADEPT_INPUT_SIMULATOR_STATE, /* adept-depsim's state file */
  ADEPT_INPUT_PASSPHRASE,      /* a file whose first line is a passphrase: secret memory */
  ADEPT_INPUT_API_KEY,         /* a file holding an MDM backend's API key: secret memory */
} AdeptInputKind;

#define ADEPT_INPUT_N_KINDS (ADEPT_INPUT_API_KEY + 1)

/* The most bytes a file of this kind may hold. */
gsize   adept_input_get_limit      (AdeptInputKind   kind);

/* The whole file, or NULL and an error. */
GBytes *adept_input_read_file      (const char      *path,
                                    AdeptInputKind   kind,
                                    GError         **error);
/* The same for a GFile: local files through their path, others (gvfs) as a stream that
 * must say it is a regular file. */
GBytes *adept_input_read_gfile     (GFile           *file,
                                    AdeptInputKind   kind,
                                    GCancellable    *cancellable,
                                    GError         **error);
void    adept_input_read_gfile_async  (GFile               *file,
                                       AdeptInputKind       kind,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
GBytes *adept_input_read_gfile_finish (GAsyncResult        *result,
                                       GError             **error);
/* What an open descriptor gives until its end, at most the kind's limit, for a stream
 * the user chose on purpose (standard input); name says it in errors ("standard input").
 * Pipes are fine here; it blocks like any read. */
GBytes *adept_input_read_fd        (int              fd,
                                    const char      *name,
                                    AdeptInputKind   kind,
                                    GError         **error);
/* For APIs that only take a path (GTlsFileDatabase): the checks above on an open
 * descriptor, returned for the caller to read as /proc/self/fd/N and close. -1 on error. */
int     adept_input_open           (const char      *path,
                                    AdeptInputKind   kind,
                                    GError         **error);

G_END_DECLS
