/* fuzz-page-parser.c — libFuzzer target for the scanner that reads Apple's pages of devices
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Whatever the bytes (up to 1 MiB, nested as deep as they like), adept_page_parse returns a
 * page or ADEPT_ERROR with a sentence, never crashes; the verdict and the page are the
 * same fed whole, byte by byte or in odd chunks (as reads cut the answer); every string a
 * page gives is UTF-8 and every device has a serial number. (json-glib is no reference
 * here: it refuses a \u escape of half a surrogate pair, which this reads as U+FFFD.)
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "adept-device-record.h"
#include "adept-error.h"
#include "adept-page-parser.h"
#include "fuzz-util.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_quiet_logs ();
  return 0;
}

static AdeptFetchPage *
parse_in_chunks (const uint8_t *data,
                 size_t         size,
                 size_t         chunk,
                 GError       **error)
{
  g_autoptr(AdeptPageParser) parser = adept_page_parser_new ();

  for (size_t pos = 0; pos < size; pos += chunk)
    if (!adept_page_parser_feed (parser, data + pos, MIN (chunk, size - pos), error))
      return NULL;
  return adept_page_parser_finish (parser, error);
}

static void
check_text (const char *text)
{
  if (text != NULL && !g_utf8_validate (text, -1, NULL))
    abort ();
}

static void
check_list (const char * const *list)
{
  for (guint i = 0; list != NULL && list[i] != NULL; i++)
    check_text (list[i]);
}

/* One line per device, with what the store keeps of it. */
static char *
describe (AdeptFetchPage *page)
{
  GString *out = g_string_new (NULL);
  const AdeptDeviceRecord *r;
  guint n;

  check_text (adept_fetch_page_get_cursor (page));
  g_string_append_printf (out, "%s|%d|%" G_GINT64_FORMAT "\n", adept_fetch_page_get_cursor (page),
                          adept_fetch_page_get_more_to_follow (page),
                          adept_fetch_page_get_fetched_until (page));
  r = adept_fetch_page_get_records (page, &n);
  for (guint i = 0; i < n; i++)
    {
      const AdeptDeviceRecord *d = &r[i];
      const char * const texts[] = { d->serial_number, d->model, d->description, d->color,
                                     d->asset_tag, d->os, d->device_family, d->profile_uuid,
                                     d->device_assigned_by, d->bluetooth_mac_address,
                                     d->wifi_mac_address, d->ethernet_mac_address, d->eid };

      if (d->serial_number == NULL || d->serial_number[0] == '\0')
        abort ();
      for (guint k = 0; k < G_N_ELEMENTS (texts); k++)
        {
          check_text (texts[k]);
          g_string_append_printf (out, "%s,", texts[k] ? texts[k] : "(null)");
        }
      check_list (d->imei);
      check_list (d->meid);
      g_string_append_printf (out, "%d,%d,%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",%d,%d\n",
                              d->profile_status, d->op_type, d->op_date, d->device_assigned_date,
                              d->is_replacement_device, d->released_by_replacement);
    }
  return g_string_free (out, FALSE);
}

static void
same (AdeptFetchPage *page,
      const char     *text,
      const GError   *page_error,
      AdeptFetchPage *other,
      const GError   *other_error)
{
  g_autofree char *other_text = NULL;

  if ((page == NULL) != (other == NULL))
    abort ();
  if (page == NULL)
    {
      if (g_strcmp0 (page_error->message, other_error->message) != 0)
        abort ();
      return;
    }
  other_text = describe (other);
  if (strcmp (text, other_text) != 0)
    abort ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptFetchPage) page = NULL;
  g_autofree char *text = NULL;
  static const size_t chunks[] = { 1, 7, 4096 };

  page = adept_page_parse (data, size, &error);
  if (page == NULL &&
      (error == NULL || error->domain != ADEPT_ERROR || error->message[0] == '\0'))
    abort ();
  if (page != NULL)
    text = describe (page);
  for (guint i = 0; i < G_N_ELEMENTS (chunks); i++)
    {
      g_autoptr(GError) chunk_error = NULL;
      g_autoptr(AdeptFetchPage) chunked = NULL;

      /* Byte by byte only for small inputs, or the fuzzer crawls. */
      if (chunks[i] == 1 && size > 4096)
        continue;
      chunked = parse_in_chunks (data, size, chunks[i], &chunk_error);
      same (page, text, error, chunked, chunk_error);
    }
  return 0;
}
