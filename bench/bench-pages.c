/* bench-pages.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "adept-test-util.h"
#include "bench-pages.h"
#include "sync-test-util.h"

GBytes *
bench_fetch_raw (AdeptDepClient *client,
                 const char     *path,
                 const char     *cursor)
{
  g_autofree char *text = cursor != NULL
    ? g_strdup_printf ("{\"cursor\":\"%s\",\"limit\":%u}", cursor, ADEPT_DEP_MAX_PAGE_SIZE)
    : g_strdup_printf ("{\"limit\":%u}", ADEPT_DEP_MAX_PAGE_SIZE);
  g_autoptr(GBytes) body = g_bytes_new_take (g_steal_pointer (&text), strlen (text));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GBytes *answer;

  adept_dep_client_send_async (client, "POST", path, NULL, body, ADEPT_DEP_SEND_NONE, NULL,
                               adept_test_store_result, &result);
  answer = adept_dep_client_send_finish (client, sync_test_wait (&result), &error);
  if (answer == NULL)
    g_error ("POST %s failed: %s", path, error->message);
  return answer;
}

char *
bench_page_cursor (GBytes   *page,
                   gboolean *more)
{
  g_autofree char *text = g_strndup (g_bytes_get_data (page, NULL), g_bytes_get_size (page));
  const char *c = g_strrstr (text, "\"cursor\":\"");

  if (c == NULL)
    g_error ("a page without a cursor");
  c += strlen ("\"cursor\":\"");
  *more = g_strrstr (text, "\"more_to_follow\":true") != NULL;
  return g_strndup (c, strchr (c, '"') - c);
}

GPtrArray *
bench_fetch_all_raw (AdeptDepClient *client)
{
  GPtrArray *pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autofree char *cursor = NULL;
  gboolean more = TRUE;

  while (more)
    {
      GBytes *page = bench_fetch_raw (client, "/server/devices", cursor);

      g_ptr_array_add (pages, page);
      g_free (cursor);
      cursor = bench_page_cursor (page, &more);
    }
  g_ptr_array_add (pages, bench_fetch_raw (client, "/devices/sync", cursor));
  return pages;
}
