/* adept-demo.h — the demo: Apple's service simulated in-process, devices that keep activating.
 * The console's one door to the simulator: it includes this header only (libadept-demo
 * links the simulator and does not expose its headers).
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "adept-server-token.h"

G_BEGIN_DECLS

#define ADEPT_DEMO_SEED 20261125

#define ADEPT_TYPE_DEMO (adept_demo_get_type ())
G_DECLARE_FINAL_TYPE (AdeptDemo, adept_demo, ADEPT, DEMO, GObject)

/* The simulator's state is kept in state_file (created when missing; NULL: nowhere), so
 * the simulated ABM still knows the token it issued when the demo starts again. */
AdeptDemo   *adept_demo_new                 (guint          n_devices,
                                             const char    *state_file);
/* Starts the simulator on 127.0.0.1 (a free port). */
gboolean     adept_demo_start               (AdeptDemo     *self,
                                             GError       **error);
void         adept_demo_stop                (AdeptDemo     *self);
const char  *adept_demo_get_base_url        (AdeptDemo     *self);

/* Every interval a few devices are switched on, so their profiles become pushed; 0 stops. */
void         adept_demo_set_activation_interval (AdeptDemo *self,
                                                 guint      seconds);

/* Asks the simulator, standing in for Apple Business Manager, for a server token made for
 * the certificate, and saves it in the Downloads folder under the name ABM gives. */
void         adept_demo_download_token_async  (AdeptDemo           *self,
                                               const char          *certificate_pem,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
GFile       *adept_demo_download_token_finish (AdeptDemo           *self,
                                               GAsyncResult        *result,
                                               GError             **error);

/* "Adept Simulator MDM_Token_2026-11-25T14-05-00Z_smime.p7m"; when NULL is now. */
char        *adept_demo_dup_token_file_name   (GDateTime           *when);
/* ABM assigns n new devices to the server; returns their serials. */
char       **adept_demo_add_devices           (AdeptDemo           *self,
                                               guint                n);

/* The folder tokens are saved to: the user's Downloads folder, else ~/Downloads. */
char        *adept_demo_dup_download_dir      (void);
/* Tells the simulated Apple the credentials of the demo server's token (from the keyring),
 * which its state file does not keep. */
void         adept_demo_adopt_token           (AdeptDemo           *self,
                                               AdeptServerToken    *token);

G_END_DECLS
