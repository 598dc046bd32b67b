/* adept-device-picker.h — Select Devices to Assign to Profile
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "adept-batch-job.h"
#include "adept-device-list.h"
#include "adept-session.h"
#include "adept-types.h"

G_BEGIN_DECLS

/* The server's devices with search, a status filter and multi-select. Assign marks the
 * selected devices (marks survive new searches); From File… marks the devices a CSV or
 * text list of serial numbers names, as Apple Business Manager's own screens take it,
 * and reports the serials this server has no device of and the lines that hold none
 * (by number; then nothing is marked). Save sends the marked ones to Apple in batches as
 * the session's assignment (its attempts and audit log), with progress, then shows
 * Apple's answers; the rows Apple took show Assigned at once, and every row follows the
 * store when the session's devices change (the sync that follows).
 *
 * Signals:
 *   "finished" (AdeptBatchJob *job) — Save is over (also when it stopped early). */
#define ADEPT_TYPE_DEVICE_PICKER (adept_device_picker_get_type ())
G_DECLARE_FINAL_TYPE (AdeptDevicePicker, adept_device_picker, ADEPT, DEVICE_PICKER, AdwWindow)

/* profile_names: UUID → name, to show the current profile of each device; may be NULL. */
AdeptDevicePicker *adept_device_picker_new           (GtkWindow         *parent,
                                                      AdeptSession      *session,
                                                      const char        *profile_uuid,
                                                      const char        *profile_name,
                                                      GHashTable        *profile_names);

/* What the admin sees and does, for tests. */
AdeptDeviceList   *adept_device_picker_get_list      (AdeptDevicePicker *self);
GtkSelectionModel *adept_device_picker_get_selection (AdeptDevicePicker *self);
/* Sets the search text and applies it at once (the entry waits for typing to pause). */
void               adept_device_picker_set_search    (AdeptDevicePicker *self,
                                                      const char        *text);
/* status < 0: every status. */
void               adept_device_picker_set_status    (AdeptDevicePicker *self,
                                                      int                status);
guint              adept_device_picker_get_n_marked  (AdeptDevicePicker *self);
gboolean           adept_device_picker_is_marked     (AdeptDevicePicker *self,
                                                      const char        *serial);
/* "marked", "progress" or "summary". */
const char        *adept_device_picker_get_state     (AdeptDevicePicker *self);
AdeptBatchJob   *adept_device_picker_get_job       (AdeptDevicePicker *self);
const char        *adept_device_picker_get_summary   (AdeptDevicePicker *self);

/* From File… without the file chooser: reads file (adept-input, ADEPT_INPUT_SERIAL_LIST),
 * marks what it names, and leaves the report (adept_device_picker_get_report()). FALSE
 * with ADEPT_ERROR_FILE for a file that cannot be read or holds a bad line. */
void               adept_device_picker_mark_file_async  (AdeptDevicePicker   *self,
                                                         GFile               *file,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
gboolean           adept_device_picker_mark_file_finish (AdeptDevicePicker   *self,
                                                         GAsyncResult        *result,
                                                         GError             **error);
/* What the last file gave: marked, left out, or why nothing was; NULL before any. */
const char        *adept_device_picker_get_report    (AdeptDevicePicker *self);
/* The Status column's text for a device of the list ("Assigned"), or NULL. */
const char        *adept_device_picker_get_shown_status (AdeptDevicePicker *self,
                                                        const char        *serial);

G_END_DECLS
