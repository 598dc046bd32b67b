/* adept-input.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-input"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "adept-error.h"
#include "adept-input.h"
#include "adept-secret.h"

#define READ_CHUNK (64 * 1024)

typedef struct {
  gsize       limit;
  /* Completes “… too large to be %s”. */
  const char *what;
} KindInfo;

/* Limits far above any real file of the kind, far below what hurts. */
static const KindInfo kinds[ADEPT_INPUT_N_KINDS] = {
  /* A real token is about 2.5 KiB. */
  [ADEPT_INPUT_TOKEN] = { 1024 * 1024, N_("a server token") },
  /* Apple caps every text field; certificates in anchor_certs are a few KiB each. */
  [ADEPT_INPUT_PROFILE] = { 1024 * 1024, N_("a DEP profile") },
  /* A million serial numbers as CSV lines. */
  [ADEPT_INPUT_SERIAL_LIST] = { 32 * 1024 * 1024, N_("a list of serial numbers") },
  /* An RSA-8192 key in PEM is about 6.5 KiB. */
  [ADEPT_INPUT_PRIVATE_KEY] = { 64 * 1024, N_("a private key") },
  [ADEPT_INPUT_CERTIFICATE] = { 1024 * 1024, N_("a certificate") },
  /* Debian's whole ca-certificates bundle is about 220 KiB. */
  [ADEPT_INPUT_CA_FILE] = { 4 * 1024 * 1024, N_("a file of certificate authorities") },
  [ADEPT_INPUT_SETTINGS] = { 1024 * 1024, N_("a settings file of Adept") },
  /* 100,000 simulated devices take about 40 MiB. */
  [ADEPT_INPUT_SIMULATOR_STATE] = { 512 * 1024 * 1024, N_("a simulator state file") },
  [ADEPT_INPUT_PASSPHRASE] = { 4096, N_("a passphrase file") },
  [ADEPT_INPUT_API_KEY] = { 4096, N_("an API key file") },
};

gsize
adept_input_get_limit (AdeptInputKind kind)
{
  g_return_val_if_fail ((guint) kind < ADEPT_INPUT_N_KINDS, 0);
  return kinds[kind].limit;
}

static GBytes *
too_large (GError        **error,
           const char     *name,
           AdeptInputKind  kind)
{
  g_autofree char *size = g_format_size (kinds[kind].limit);

  /* Translators: “FILE” is larger than 1.0 MB: too large to be a server token. */
  g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_FILE,
               _("“%s” is larger than %s: too large to be %s. Check that you picked the right file."),
               name, size, _(kinds[kind].what));
  return NULL;
}

static GBytes *
errno_error (GError    **error,
             const char *name,
             int         saved_errno)
{
  switch (saved_errno)
    {
    case ENOENT:
    case ENOTDIR:
      g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_FILE,
                   _("“%s” does not exist. Check the file name."), name);
      break;
    case EACCES:
    case EPERM:
      g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_FILE,
                   _("“%s” cannot be read: permission denied. Check the file’s permissions."), name);
      break;
    case ELOOP:
      g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_FILE,
                   _("“%s” is a loop of symbolic links. Name the file itself."), name);
      break;
    default:
      g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_FILE,
                   _("“%s” could not be read (%s). Check the file and try again."),
                   name, g_strerror (saved_errno));
      break;
    }
  return NULL;
}

static GBytes *
not_regular (GError    **error,
             const char *name,
             mode_t      mode)
{
  if (S_ISDIR (mode))
    g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_FILE,
                 _("“%s” is a folder. Name a file in it instead."), name);
  else
    g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_FILE,
                 _("“%s” is not a regular file (it is a device, a pipe or a socket), so Adept does not read it. Save the data in a file and name that file."),
                 name);
  return NULL;
}

/* Memory for up to n bytes of the kind: secret pages for keys and passphrases. */
static gboolean
is_secret (AdeptInputKind kind)
{
  return kind == ADEPT_INPUT_PRIVATE_KEY || kind == ADEPT_INPUT_PASSPHRASE ||
         kind == ADEPT_INPUT_API_KEY;
}

static guint8 *
buffer_new (AdeptInputKind kind,
            gsize          n)
{
  return is_secret (kind) ? adept_secret_alloc (n) : g_malloc (n);
}

static void
buffer_free (AdeptInputKind kind,
             guint8        *data,
             gsize          n)
{
  if (is_secret (kind))
    adept_secret_release (data);
  else
    g_free (data);
}

static GBytes *
buffer_to_bytes (AdeptInputKind kind,
                 guint8        *data,
                 gsize          len)
{
  if (is_secret (kind))
    return g_bytes_new_with_free_func (data, len, adept_secret_release, data);
  return g_bytes_new_take (data, len);
}

/* Reads until the end or until more than the limit arrived. Regular files only get here,
 * or a stream the user chose; size_hint sizes the first buffer. */
static GBytes *
read_all (int             fd,
          const char     *name,
          AdeptInputKind  kind,
          gsize           size_hint,
          GError        **error)
{
  gsize limit = kinds[kind].limit;
  gsize capacity = MIN (MAX (size_hint, 1) + 1, limit + 1);
  guint8 *data = buffer_new (kind, capacity);
  gsize len = 0;

  for (;;)
    {
      gssize n;

      if (len == capacity)
        {
          gsize bigger = MIN (MAX (capacity * 2, capacity + READ_CHUNK), limit + 1);
          guint8 *moved;

          if (bigger == capacity)
            {
              buffer_free (kind, data, capacity);
              return too_large (error, name, kind);
            }
          moved = buffer_new (kind, bigger);
          memcpy (moved, data, len);
          buffer_free (kind, data, capacity);
          data = moved;
          capacity = bigger;
        }
      n = read (fd, data + len, capacity - len);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          buffer_free (kind, data, capacity);
          return errno_error (error, name, saved);
        }
      if (n == 0)
        break;
      len += (gsize) n;
    }
  if (len > limit)
    {
      buffer_free (kind, data, capacity);
      return too_large (error, name, kind);
    }
  return buffer_to_bytes (kind, data, len);
}

/* Opens without blocking on a FIFO and without taking a terminal, then insists on a
 * regular file within the limit; its size in *size. */
static int
open_checked (const char     *path,
              const char     *name,
              AdeptInputKind  kind,
              gsize          *size,
              GError        **error)
{
  struct stat st;
  int fd;

  fd = g_open (path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      errno_error (error, name, errno);
      return -1;
    }
  if (fstat (fd, &st) != 0)
    {
      errno_error (error, name, errno);
      close (fd);
      return -1;
    }
  if (!S_ISREG (st.st_mode))
    {
      not_regular (error, name, st.st_mode);
      close (fd);
      return -1;
    }
  if ((guint64) st.st_size > kinds[kind].limit)
    {
      too_large (error, name, kind);
      close (fd);
      return -1;
    }
  /* Reads of a regular file never block; clearing the flag keeps it that way on odd
   * file systems that honour it. */
  fcntl (fd, F_SETFL, fcntl (fd, F_GETFL) & ~O_NONBLOCK);
  *size = (gsize) st.st_size;
  return fd;
}

int
adept_input_open (const char      *path,
                  AdeptInputKind   kind,
                  GError         **error)
{
  g_autofree char *name = NULL;
  gsize size;

  g_return_val_if_fail (path != NULL, -1);
  g_return_val_if_fail ((guint) kind < ADEPT_INPUT_N_KINDS, -1);

  name = g_filename_display_name (path);
  return open_checked (path, name, kind, &size, error);
}

GBytes *
adept_input_read_file (const char      *path,
                       AdeptInputKind   kind,
                       GError         **error)
{
  g_autofree char *name = NULL;
  GBytes *bytes;
  gsize size = 0;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail ((guint) kind < ADEPT_INPUT_N_KINDS, NULL);

  name = g_filename_display_name (path);
  fd = open_checked (path, name, kind, &size, error);
  if (fd < 0)
    return NULL;
  /* A file in /proc says 0 and still has content: read_all grows as needed. */
  bytes = read_all (fd, name, kind, size, error);
  close (fd);
  return bytes;
}

GBytes *
adept_input_read_fd (int              fd,
                     const char      *name,
                     AdeptInputKind   kind,
                     GError         **error)
{
  struct stat st;

  g_return_val_if_fail (fd >= 0, NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail ((guint) kind < ADEPT_INPUT_N_KINDS, NULL);

  if (fstat (fd, &st) != 0)
    return errno_error (error, name, errno);
  /* A terminal or a pipe is what standard input is for; a device is not. */
  if (S_ISDIR (st.st_mode) || S_ISBLK (st.st_mode) ||
      (S_ISCHR (st.st_mode) && !isatty (fd)))
    return not_regular (error, name, st.st_mode);
  if (S_ISREG (st.st_mode) && (guint64) st.st_size > kinds[kind].limit)
    return too_large (error, name, kind);
  return read_all (fd, name, kind, S_ISREG (st.st_mode) ? (gsize) st.st_size : READ_CHUNK, error);
}

/* Files without a local path (gvfs): the stream, after the file says it is regular. */
static GBytes *
read_stream (GFile          *file,
             const char     *name,
             AdeptInputKind  kind,
             GCancellable   *cancellable,
             GError        **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GFileInputStream) in = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GByteArray) data = g_byte_array_new ();
  gsize limit = kinds[kind].limit;
  guint8 chunk[READ_CHUNK];

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, cancellable, &local_error);
  if (info != NULL && g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
    return not_regular (error, name, S_IFDIR);
  if (info != NULL && g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    return not_regular (error, name, 0);
  if (info != NULL && (guint64) g_file_info_get_size (info) > limit)
    return too_large (error, name, kind);
  if (info != NULL)
    in = g_file_read (file, cancellable, &local_error);
  for (gssize n = 1; in != NULL && n > 0;)
    {
      n = g_input_stream_read (G_INPUT_STREAM (in), chunk, sizeof chunk, cancellable, &local_error);
      if (n > 0)
        g_byte_array_append (data, chunk, (guint) n);
      if (data->len > limit)
        return too_large (error, name, kind);
      if (n < 0)
        g_clear_object (&in);
    }
  if (local_error != NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_FILE,
                   _("“%s” could not be read (%s). Check the file and try again."),
                   name, local_error->message);
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&data));
}

GBytes *
adept_input_read_gfile (GFile           *file,
                        AdeptInputKind   kind,
                        GCancellable    *cancellable,
                        GError         **error)
{
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail ((guint) kind < ADEPT_INPUT_N_KINDS, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  path = g_file_get_path (file);
  if (path != NULL)
    return adept_input_read_file (path, kind, error);
  name = g_file_get_parse_name (file);
  return read_stream (file, name, kind, cancellable, error);
}

static void
read_gfile_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  GError *error = NULL;
  GBytes *bytes;

  bytes = adept_input_read_gfile (G_FILE (source_object), GPOINTER_TO_INT (task_data),
                                  cancellable, &error);
  if (bytes == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, bytes, (GDestroyNotify) g_bytes_unref);
}

void
adept_input_read_gfile_async (GFile               *file,
                              AdeptInputKind       kind,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail ((guint) kind < ADEPT_INPUT_N_KINDS);

  task = g_task_new (file, cancellable, callback, user_data);
  g_task_set_source_tag (task, adept_input_read_gfile_async);
  g_task_set_task_data (task, GINT_TO_POINTER (kind), NULL);
  g_task_run_in_thread (task, read_gfile_thread);
}

GBytes *
adept_input_read_gfile_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == adept_input_read_gfile_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
