/* adept-depsim-catalog.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-depsim"

#include "config.h"

#include <string.h>

#include "adept-depsim-catalog.h"

typedef enum {
  FAMILY_IPHONE,
  FAMILY_IPAD,
  FAMILY_MAC,
  FAMILY_APPLETV,
  FAMILY_VISION,
} Family;

typedef struct {
  Family      family;
  guint16     year;
  guint8      weight;
  const char *model;
  /* Apple's order-line abbreviation that starts the description. */
  const char *abbrev;
  const char *colors[8];
  /* Storage, or for Macs the whole configuration. */
  const char *specs[5];
} Model;

static const Model models[] = {
  { FAMILY_IPHONE, 2019, 3, "iPhone 11", "IPHONE 11",
    { "BLACK", "WHITE", "(PRODUCT)RED", "PURPLE" }, { "64GB", "128GB" } },
  { FAMILY_IPHONE, 2020, 3, "iPhone SE (2nd generation)", "IPHONE SE",
    { "BLACK", "WHITE", "(PRODUCT)RED" }, { "64GB", "128GB" } },
  { FAMILY_IPHONE, 2020, 4, "iPhone 12", "IPHONE 12",
    { "BLACK", "WHITE", "BLUE", "GREEN" }, { "64GB", "128GB" } },
  { FAMILY_IPHONE, 2021, 5, "iPhone 13", "IPHONE 13",
    { "MIDNIGHT", "STARLIGHT", "BLUE", "PINK" }, { "128GB", "256GB" } },
  { FAMILY_IPHONE, 2022, 4, "iPhone SE (3rd generation)", "IPHONE SE 3RD GEN",
    { "MIDNIGHT", "STARLIGHT", "(PRODUCT)RED" }, { "64GB", "128GB" } },
  { FAMILY_IPHONE, 2022, 5, "iPhone 14", "IPHONE 14",
    { "MIDNIGHT", "STARLIGHT", "BLUE", "PURPLE" }, { "128GB", "256GB" } },
  { FAMILY_IPHONE, 2022, 3, "iPhone 14 Pro", "IPHONE 14 PRO",
    { "SPACE BLACK", "SILVER", "GOLD", "DEEP PURPLE" }, { "128GB", "256GB", "512GB" } },
  { FAMILY_IPHONE, 2023, 6, "iPhone 15", "IPHONE 15",
    { "BLACK", "BLUE", "GREEN", "YELLOW", "PINK" }, { "128GB", "256GB" } },
  { FAMILY_IPHONE, 2023, 5, "iPhone 15 Pro", "IPHONE 15 PRO",
    { "BLACK TITANIUM", "WHITE TITANIUM", "BLUE TITANIUM", "NATURAL TITANIUM" },
    { "128GB", "256GB", "512GB", "1TB" } },
  { FAMILY_IPHONE, 2023, 2, "iPhone 15 Pro Max", "IPHONE 15 PRO MAX",
    { "BLACK TITANIUM", "WHITE TITANIUM", "BLUE TITANIUM", "NATURAL TITANIUM" },
    { "256GB", "512GB", "1TB" } },
  { FAMILY_IPHONE, 2024, 6, "iPhone 16", "IPHONE 16",
    { "BLACK", "WHITE", "PINK", "TEAL", "ULTRAMARINE" }, { "128GB", "256GB" } },
  { FAMILY_IPHONE, 2024, 4, "iPhone 16 Pro", "IPHONE 16 PRO",
    { "BLACK TITANIUM", "WHITE TITANIUM", "NATURAL TITANIUM", "DESERT TITANIUM" },
    { "128GB", "256GB", "512GB" } },
  { FAMILY_IPHONE, 2025, 3, "iPhone 16e", "IPHONE 16E",
    { "BLACK", "WHITE" }, { "128GB", "256GB" } },

  { FAMILY_IPAD, 2020, 3, "iPad (8th generation)", "IPAD 10.2",
    { "SPACE GRAY", "SILVER", "GOLD" }, { "32GB", "128GB" } },
  { FAMILY_IPAD, 2021, 6, "iPad (9th generation)", "IPAD 10.2",
    { "SPACE GRAY", "SILVER" }, { "64GB", "256GB" } },
  { FAMILY_IPAD, 2022, 6, "iPad (10th generation)", "IPAD 10.9",
    { "BLUE", "PINK", "YELLOW", "SILVER" }, { "64GB", "256GB" } },
  { FAMILY_IPAD, 2021, 3, "iPad mini (6th generation)", "IPAD MINI 8.3",
    { "SPACE GRAY", "PINK", "PURPLE", "STARLIGHT" }, { "64GB", "256GB" } },
  { FAMILY_IPAD, 2022, 3, "iPad Air (5th generation)", "IPAD AIR 10.9",
    { "SPACE GRAY", "STARLIGHT", "PINK", "PURPLE", "BLUE" }, { "64GB", "256GB" } },
  { FAMILY_IPAD, 2024, 3, "iPad Air 11-inch (M2)", "IPAD AIR 11 M2",
    { "SPACE GRAY", "STARLIGHT", "PURPLE", "BLUE" }, { "128GB", "256GB", "512GB" } },
  { FAMILY_IPAD, 2022, 2, "iPad Pro 11-inch (4th generation)", "IPAD PRO 11",
    { "SPACE GRAY", "SILVER" }, { "128GB", "256GB", "512GB", "1TB" } },
  { FAMILY_IPAD, 2022, 1, "iPad Pro 12.9-inch (6th generation)", "IPAD PRO 12.9",
    { "SPACE GRAY", "SILVER" }, { "128GB", "256GB", "512GB", "1TB" } },

  { FAMILY_MAC, 2020, 4, "MacBook Air (M1, 2020)", "MBA 13.3",
    { "SPACE GRAY", "SILVER", "GOLD" },
    { "M1 8C CPU/7C GPU/8GB/256GB", "M1 8C CPU/8C GPU/16GB/512GB" } },
  { FAMILY_MAC, 2020, 2, "MacBook Pro (13-inch, M1, 2020)", "MBP 13.3",
    { "SPACE GRAY", "SILVER" }, { "M1 8C CPU/8C GPU/8GB/256GB", "M1 8C CPU/8C GPU/16GB/512GB" } },
  { FAMILY_MAC, 2022, 5, "MacBook Air (13-inch, M2)", "MBA 13.6",
    { "MIDNIGHT", "STARLIGHT", "SPACE GRAY", "SILVER" },
    { "M2 8C CPU/8C GPU/8GB/256GB", "M2 8C CPU/10C GPU/16GB/512GB" } },
  { FAMILY_MAC, 2024, 4, "MacBook Air (15-inch, M3)", "MBA 15.3",
    { "MIDNIGHT", "STARLIGHT", "SPACE GRAY", "SILVER" },
    { "M3 8C CPU/10C GPU/16GB/512GB", "M3 8C CPU/10C GPU/24GB/1TB" } },
  { FAMILY_MAC, 2023, 4, "MacBook Pro (14-inch, M3)", "MBP 14",
    { "SPACE GRAY", "SILVER" },
    { "M3 8C CPU/10C GPU/8GB/512GB", "M3 8C CPU/10C GPU/16GB/1TB" } },
  { FAMILY_MAC, 2023, 2, "MacBook Pro (14-inch, M3 Pro or M3 Max)", "MBP 14",
    { "SPACE BLACK", "SILVER" },
    { "M3 PRO 11C CPU/14C GPU/18GB/512GB", "M3 MAX 14C CPU/30C GPU/36GB/1TB" } },
  { FAMILY_MAC, 2023, 2, "MacBook Pro (16-inch, M3 Pro or M3 Max)", "MBP 16",
    { "SPACE BLACK", "SILVER" },
    { "M3 PRO 12C CPU/18C GPU/18GB/512GB", "M3 MAX 16C CPU/40C GPU/48GB/1TB" } },
  { FAMILY_MAC, 2023, 2, "iMac (24-inch, M3)", "IMAC 24",
    { "BLUE", "GREEN", "PINK", "SILVER", "YELLOW", "ORANGE", "PURPLE" },
    { "M3 8C CPU/8C GPU/8GB/256GB", "M3 8C CPU/10C GPU/16GB/512GB" } },
  { FAMILY_MAC, 2023, 2, "Mac mini (2023)", "MAC MINI",
    { "SILVER" }, { "M2 8C CPU/10C GPU/8GB/256GB", "M2 PRO 10C CPU/16C GPU/16GB/512GB" } },
  { FAMILY_MAC, 2023, 1, "Mac Studio (2023)", "MAC STUDIO",
    { "SILVER" }, { "M2 MAX 12C CPU/30C GPU/32GB/512GB", "M2 ULTRA 24C CPU/60C GPU/64GB/1TB" } },

  { FAMILY_APPLETV, 2015, 1, "Apple TV HD", "APPLE TV HD",
    { "BLACK" }, { "32GB" } },
  { FAMILY_APPLETV, 2021, 2, "Apple TV 4K (2nd generation)", "APPLE TV 4K",
    { "BLACK" }, { "32GB", "64GB" } },
  { FAMILY_APPLETV, 2022, 3, "Apple TV 4K (3rd generation)", "APPLE TV 4K",
    { "BLACK" }, { "WI-FI 64GB", "WI-FI + ETHERNET 128GB" } },

  { FAMILY_VISION, 2024, 2, "Apple Vision Pro", "APPLE VISION PRO",
    { "SILVER" }, { "256GB", "512GB", "1TB" } },
};

static const char * const family_names[] = { "iPhone", "iPad", "Mac", "AppleTV", "Vision" };
static const char * const family_os[] = { "iOS", "iPadOS", "OSX", "tvOS", "visionOS" };

/* Order-line country suffixes; most of an organisation's devices come from one. */
static const char * const regions[] = { "USA", "USA", "USA", "USA", "USA", "USA", "CAN", "GBR",
                                        "DEU", "FRA", "AUS", "JPN", "NLD" };

static const char * const assigners[] = {
  "it.purchasing@appleseed.example",
  "jane.appleseed@appleseed.example",
  "device.enrollment@appleseed.example",
  "j.doe@appleseed.example",
};

/* Manufacturing-site prefixes of 12-character serials. */
static const char * const sites[] = { "C02", "C07", "C17", "DMP", "DLX", "F4K", "FVF", "G6T",
                                      "DNP", "F9F", "GG7", "H4H" };

/* Characters of serials: no vowels, no O or I. */
static const char serial_chars[] = "0123456789BCDFGHJKLMNPQRSTVWXYZ";
static const char week_chars[] = "123456789CDFGHJKLMNPQRTVWXY";
/* Half-year codes: C is the first half of 2010, D the second, and so on. */
static const char year_chars[] = "CDFGHJKLMNPQRSTVWXYZ";

/* 2022-01-01T00:00:00Z and 2025-06-30T00:00:00Z: the window of initial assignments. */
#define FIRST_ASSIGN_MS G_GINT64_CONSTANT (1640995200000)
#define LAST_ASSIGN_MS  G_GINT64_CONSTANT (1751241600000)
#define YEAR_MS         G_GINT64_CONSTANT (31557600000)

/* splitmix64: small, fast and good enough for synthetic data. */
static guint64
next_random (guint64 *state)
{
  guint64 z = (*state += G_GUINT64_CONSTANT (0x9E3779B97F4A7C15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94D049BB133111EB);
  return z ^ (z >> 31);
}

static guint
pick (guint64 *state,
      guint    n)
{
  return (guint) (next_random (state) % n);
}

static guint
count_strings (const char * const *strv,
               guint               max)
{
  guint n = 0;

  while (n < max && strv[n] != NULL)
    n++;
  return n;
}

static const Model *
pick_model (guint64 *state)
{
  guint total = 0;
  guint r;

  for (guint i = 0; i < G_N_ELEMENTS (models); i++)
    total += models[i].weight;
  r = pick (state, total);
  for (guint i = 0; i < G_N_ELEMENTS (models); i++)
    {
      if (r < models[i].weight)
        return &models[i];
      r -= models[i].weight;
    }
  g_assert_not_reached ();
}

/* The last four characters of a 12-character serial name the model configuration. */
static void
model_code (const Model *model,
            char         code[5])
{
  guint32 h = g_str_hash (model->model);

  for (guint i = 0; i < 4; i++)
    {
      code[i] = serial_chars[h % (sizeof serial_chars - 1)];
      h /= sizeof serial_chars - 1;
    }
  code[4] = '\0';
}

static void
make_serial (const Model *model,
             guint64     *state,
             char         serial[16])
{
  if (model->year >= 2021)
    {
      for (guint i = 0; i < 10; i++)
        serial[i] = serial_chars[pick (state, sizeof serial_chars - 1)];
      serial[10] = '\0';
    }
  else
    {
      char code[5];
      guint half = ((model->year - 2010) * 2 + pick (state, 2)) % (sizeof year_chars - 1);

      model_code (model, code);
      g_snprintf (serial, 16, "%s%c%c%c%c%c%s",
                  sites[pick (state, G_N_ELEMENTS (sites))],
                  year_chars[half],
                  week_chars[pick (state, sizeof week_chars - 1)],
                  serial_chars[pick (state, sizeof serial_chars - 1)],
                  serial_chars[pick (state, sizeof serial_chars - 1)],
                  serial_chars[pick (state, sizeof serial_chars - 1)],
                  code);
    }
}

static char *
make_description (const Model *model,
                  const char  *color,
                  const char  *spec,
                  guint64     *state)
{
  const char *region = regions[pick (state, G_N_ELEMENTS (regions))];

  switch (model->family)
    {
    case FAMILY_IPHONE:
      return g_strdup_printf ("%s %s %s-%s", model->abbrev, color, spec, region);
    case FAMILY_IPAD:
      return g_strdup_printf ("%s %s %s %s-%s", model->abbrev,
                              pick (state, 4) == 0 ? "WI-FI + CELL" : "WI-FI",
                              spec, color, region);
    case FAMILY_MAC:
      return g_strdup_printf ("%s %s/%s-%s", model->abbrev, color, spec, region);
    case FAMILY_APPLETV:
    case FAMILY_VISION:
      return g_strdup_printf ("%s %s-%s", model->abbrev, spec, region);
    default:
      g_assert_not_reached ();
    }
}

void
adept_depsim_catalog_generate (guint64                seed,
                               guint64                index,
                               guint                  attempt,
                               AdeptDepsimDeviceSpec *spec)
{
  guint64 state = seed * G_GUINT64_CONSTANT (0x2545F4914F6CDD1D) ^ (index << 8) ^ attempt;
  const Model *model;
  gint64 first;

  memset (spec, 0, sizeof *spec);
  next_random (&state);
  model = pick_model (&state);

  make_serial (model, &state, spec->serial);
  spec->model = model->model;
  spec->family = family_names[model->family];
  spec->os = family_os[model->family];
  spec->color = model->colors[pick (&state, count_strings (model->colors, G_N_ELEMENTS (model->colors)))];
  spec->description = make_description (model, spec->color,
                                        model->specs[pick (&state, count_strings (model->specs,
                                                                                  G_N_ELEMENTS (model->specs)))],
                                        &state);
  if (pick (&state, 10) < 7)
    spec->asset_tag = g_strdup_printf ("A%06u", pick (&state, 1000000));
  spec->assigned_by = assigners[pick (&state, G_N_ELEMENTS (assigners))];

  /* Not before the model came out. */
  first = MAX (FIRST_ASSIGN_MS, (model->year - 1970) * YEAR_MS);
  first = MIN (first, LAST_ASSIGN_MS - 86400000);
  spec->assigned_ms = first + (gint64) (next_random (&state) % (guint64) (LAST_ASSIGN_MS - first));
  spec->assigned_ms -= spec->assigned_ms % 1000;
}

void
adept_depsim_device_spec_clear (AdeptDepsimDeviceSpec *spec)
{
  g_clear_pointer (&spec->description, g_free);
  g_clear_pointer (&spec->asset_tag, g_free);
}

const char *
adept_depsim_catalog_org_name (void)
{
  return "Appleseed Industries";
}

const char *
adept_depsim_catalog_admin_id (void)
{
  return "dep.admin@appleseed.example";
}

char *
adept_depsim_catalog_org_id (guint64 seed)
{
  guint64 state = seed ^ G_GUINT64_CONSTANT (0x5EED0001);

  return g_strdup_printf ("%07u", (guint) (1000000 + next_random (&state) % 9000000));
}

char *
adept_depsim_catalog_server_uuid (guint64 seed)
{
  guint64 state = seed ^ G_GUINT64_CONSTANT (0x5EED0002);
  guint64 a = next_random (&state);
  guint64 b = next_random (&state);

  return g_strdup_printf ("%016" G_GINT64_MODIFIER "X%016" G_GINT64_MODIFIER "X", a, b);
}
