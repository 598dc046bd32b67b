/* adept-secret.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-secret"

#include "config.h"

#include <gnutls/gnutls.h>
#include <string.h>

#include "adept-secret.h"

void
adept_secret_wipe (gpointer data,
                   gsize    n)
{
  if (data != NULL && n > 0)
    gnutls_memset (data, 0, n);
}

void
adept_secret_free (char *secret)
{
  if (secret == NULL)
    return;
  adept_secret_wipe (secret, strlen (secret));
  g_free (secret);
}
