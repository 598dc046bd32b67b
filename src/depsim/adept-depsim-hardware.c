/* adept-depsim-hardware.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-depsim"

#include "config.h"

#include <string.h>

#include "adept-depsim-hardware.h"
#include "adept-depsim-util.h"

/* Organisationally unique identifiers registered to Apple. */
static const guint8 apple_ouis[][3] = {
  { 0xAC, 0xBC, 0x32 }, { 0xF0, 0x18, 0x98 }, { 0xA4, 0x83, 0xE7 }, { 0x3C, 0x22, 0xFB },
  { 0xBC, 0xD0, 0x74 }, { 0xF4, 0x0F, 0x24 }, { 0x88, 0x66, 0xA5 }, { 0x14, 0x7D, 0xDA },
  { 0x90, 0x9C, 0x4A }, { 0x5C, 0xE9, 0x1E },
};

/* Models that also speak CDMA and so carry a MEID besides their IMEI. */
static const char * const cdma_models[] = {
  "iPhone 11", "iPhone SE (2nd generation)", "iPhone 12", "iPhone 13",
  "iPad (8th generation)", "iPad (9th generation)", "iPad mini (6th generation)",
  "iPad Air (5th generation)",
};

/* The first digits of an EID name the eUICC maker; Apple's devices use this one. */
#define EID_PREFIX "89049032"

static guint64
next_random (guint64 *state)
{
  guint64 z = (*state += G_GUINT64_CONSTANT (0x9E3779B97F4A7C15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94D049BB133111EB);
  return z ^ (z >> 31);
}

/* FNV-1a: the same serial gives the same stream on every machine. */
static guint64
hash_text (const char *text)
{
  guint64 h = G_GUINT64_CONSTANT (0xcbf29ce484222325);

  for (const guchar *p = (const guchar *) text; p != NULL && *p != '\0'; p++)
    h = (h ^ *p) * G_GUINT64_CONSTANT (0x100000001b3);
  return h;
}

/* The next free place in hardware->text for a string of len bytes and its NUL. */
static char *
take_text (AdeptDepsimHardware *hardware,
           gsize               *used,
           gsize                len)
{
  char *p = hardware->text + *used;

  g_assert (*used + len + 1 <= sizeof hardware->text);
  *used += len + 1;
  p[len] = '\0';
  return p;
}

static void
put_hex_byte (char  *p,
              guint  byte)
{
  static const char digits[] = "0123456789ABCDEF";

  p[0] = digits[(byte >> 4) & 0xf];
  p[1] = digits[byte & 0xf];
}

/* "%02X:%02X:%02X:%02X:%02X:%02X" of the OUI and three bytes of a random number. */
static char *
make_mac (AdeptDepsimHardware *hardware,
          gsize               *used,
          guint64             *state)
{
  const guint8 *oui = apple_ouis[next_random (state) % G_N_ELEMENTS (apple_ouis)];
  guint64 nic = next_random (state);
  guint bytes[6] = { oui[0], oui[1], oui[2], (guint) (nic & 0xff), (guint) ((nic >> 8) & 0xff),
                     (guint) ((nic >> 16) & 0xff) };
  char *mac = take_text (hardware, used, 17);

  for (guint i = 0; i < 6; i++)
    {
      put_hex_byte (mac + 3 * i, bytes[i]);
      if (i < 5)
        mac[3 * i + 2] = ':';
    }
  return mac;
}

/* The Luhn digit that completes an IMEI. */
static char
luhn_digit (const char *digits)
{
  gsize len = strlen (digits);
  guint sum = 0;

  for (gsize i = 0; i < len; i++)
    {
      guint d = (guint) (digits[len - 1 - i] - '0');

      if (i % 2 == 0)
        {
          d *= 2;
          if (d > 9)
            d -= 9;
        }
      sum += d;
    }
  return (char) ('0' + (10 - sum % 10) % 10);
}

/* Type allocation code (8 digits, one per model) + 6-digit serial + Luhn digit, into
 * digits[16]. */
static void
make_imei (char       *digits,
           guint64     model_hash,
           guint64    *state)
{
  digits[0] = '3';
  digits[1] = '5';
  adept_depsim_put_digits (digits + 2, (guint) (model_hash % 1000000), 6);
  adept_depsim_put_digits (digits + 8, (guint) (next_random (state) % 1000000), 6);
  digits[14] = '\0';
  digits[14] = luhn_digit (digits);
  digits[15] = '\0';
}

/* 32 digits whose value is 1 modulo 97 (the EID's check digits, as in an IBAN). */
static char *
make_eid (AdeptDepsimHardware *hardware,
          gsize               *used,
          guint64             *state)
{
  char *digits = take_text (hardware, used, 32);
  guint remainder = 0;

  memcpy (digits, EID_PREFIX, strlen (EID_PREFIX));
  for (guint i = strlen (EID_PREFIX); i < 30; i++)
    digits[i] = (char) ('0' + next_random (state) % 10);
  for (guint i = 0; i < 30; i++)
    remainder = (remainder * 10 + (guint) (digits[i] - '0')) % 97;
  remainder = 98 - (remainder * 100) % 97;
  digits[30] = (char) ('0' + remainder / 10);
  digits[31] = (char) ('0' + remainder % 10);
  return digits;
}

static gboolean
is_cdma_model (const char *model)
{
  for (guint i = 0; model != NULL && i < G_N_ELEMENTS (cdma_models); i++)
    if (g_str_equal (model, cdma_models[i]))
      return TRUE;
  return FALSE;
}

static gboolean
is_desktop_mac (const char *model)
{
  return model != NULL && (g_str_has_prefix (model, "iMac") || g_str_has_prefix (model, "Mac mini") ||
                           g_str_has_prefix (model, "Mac Studio") || g_str_has_prefix (model, "Mac Pro"));
}

static gboolean
contains (const char *text,
          const char *needle)
{
  return text != NULL && strstr (text, needle) != NULL;
}

/* iPhones: two IMEIs (dual SIM) and an eSIM; cellular iPads one IMEI and an eSIM; the
 * CDMA models of both also a MEID (the IMEI's first 14 digits, as Apple derives it). */
static void
add_cellular (AdeptDepsimHardware *hardware,
              gsize               *used,
              const char          *model,
              guint                n_imei,
              guint64             *state)
{
  guint64 model_hash = hash_text (model);
  char *imei = take_text (hardware, used, n_imei > 1 ? 31 : 15);

  make_imei (imei, model_hash, state);
  if (n_imei > 1)
    {
      imei[15] = ',';
      make_imei (imei + 16, model_hash, state);
    }
  hardware->imei = imei;
  hardware->eid = make_eid (hardware, used, state);
  if (is_cdma_model (model))
    {
      hardware->meid = take_text (hardware, used, 14);
      memcpy (hardware->meid, imei, 14);
    }
}

void
adept_depsim_hardware_generate (guint64              seed,
                                const char          *serial,
                                const char          *family,
                                const char          *model,
                                const char          *description,
                                AdeptDepsimHardware *hardware)
{
  guint64 state = seed * G_GUINT64_CONSTANT (0x2545F4914F6CDD1D) ^ hash_text (serial);
  gsize used = 0;

  memset (hardware, 0, G_STRUCT_OFFSET (AdeptDepsimHardware, text));
  next_random (&state);
  if (family == NULL)
    return;

  hardware->wifi_mac_address = make_mac (hardware, &used, &state);
  hardware->bluetooth_mac_address = make_mac (hardware, &used, &state);

  if (g_str_equal (family, "iPhone"))
    add_cellular (hardware, &used, model, 2, &state);
  else if (g_str_equal (family, "iPad") && contains (description, "CELL"))
    add_cellular (hardware, &used, model, 1, &state);
  else if (g_str_equal (family, "Mac") && is_desktop_mac (model))
    hardware->ethernet_mac_address = make_mac (hardware, &used, &state);
  else if (g_str_equal (family, "AppleTV") &&
           (!contains (description, "WI-FI") || contains (description, "ETHERNET")))
    hardware->ethernet_mac_address = make_mac (hardware, &used, &state);
}

void
adept_depsim_hardware_clear (AdeptDepsimHardware *hardware)
{
  memset (hardware, 0, G_STRUCT_OFFSET (AdeptDepsimHardware, text));
}
