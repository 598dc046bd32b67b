/* adept-bypass-code.h — Activation Lock bypass codes (dep-api.md §3.8)
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A bypass code is 16 random bytes. People see it as 26 characters of the alphabet
 * 0123456789ACDEFGHJKLMNPQRTUVWXYZ in dashed groups, "XXXXX-XXXXX-XXXX-XXXX-XXXX-XXXX";
 * Apple keeps only its escrow key, the hex PBKDF2-HMAC-SHA256 of the 16 bytes (salt four
 * zero bytes, 50,000 rounds, 32 bytes). The code is a secret: it unlocks the device.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define ADEPT_BYPASS_CODE_BYTES  16
/* Characters of the dashed form. */
#define ADEPT_BYPASS_CODE_LENGTH 31

/* A new code from GnuTLS's key-grade random generator, in its dashed form. Free with
 * adept_secret_free(). */
char     *adept_bypass_code_generate        (void);
/* The dashed form of 16 bytes. Free with adept_secret_free(). */
char     *adept_bypass_code_from_bytes      (const guint8  bytes[ADEPT_BYPASS_CODE_BYTES]);
/* The 16 bytes of a code, with or without dashes, any case. FALSE when it is not one. */
gboolean  adept_bypass_code_to_bytes        (const char   *code,
                                             guint8        bytes[ADEPT_BYPASS_CODE_BYTES]);
gboolean  adept_bypass_code_is_valid        (const char   *code);
/* The escrow_key Apple takes: 64 lowercase hex characters. NULL with
 * ADEPT_ERROR_BAD_REQUEST when code is not a bypass code. */
char     *adept_bypass_code_dup_escrow_key  (const char   *code,
                                             GError      **error);

G_END_DECLS
