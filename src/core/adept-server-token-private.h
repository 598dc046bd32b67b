/* adept-server-token-private.h — internals shared with the tests and the fuzzer
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "adept-server-token.h"

G_BEGIN_DECLS

/* Parses the decrypted inner payload (MIME headers, BEGIN/END MESSAGE, JSON). */
AdeptServerToken *_adept_server_token_new_from_payload (const char  *payload,
                                                        gsize        len,
                                                        GError     **error);

G_END_DECLS
