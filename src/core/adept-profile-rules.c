/* adept-profile-rules.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-profile-rules"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "adept-error.h"
#include "adept-profile-rules.h"

/* Validation */

static gboolean
is_blank (const char *value)
{
  return value == NULL || *value == '\0';
}

static char *
check_length (const char *value,
              glong       max)
{
  glong n = is_blank (value) ? 0 : g_utf8_strlen (value, -1);

  if (n <= max)
    return NULL;
  return g_strdup_printf (ngettext ("At most %ld character (this has %ld).",
                                    "At most %ld characters (this has %ld).", max),
                          max, n);
}

char *
adept_profile_check_name (const char *value)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (value ? value : ""));

  if (*trimmed == '\0')
    return g_strdup (_("Enter a name. Admins see it in lists; devices do not show it."));
  return check_length (value, ADEPT_PROFILE_MAX_NAME);
}

char *
adept_profile_url_dup_host (const char *value)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  const char *host;

  if (is_blank (value))
    return NULL;
  uri = g_uri_parse (value, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    return NULL;
  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);
  if ((g_ascii_strcasecmp (scheme, "https") != 0 && g_ascii_strcasecmp (scheme, "http") != 0)
      || is_blank (host) || g_uri_get_userinfo (uri) != NULL)
    return NULL;
  return g_ascii_strdown (host, -1);
}

gboolean
adept_profile_url_is_valid (const char *value)
{
  g_autofree char *host = adept_profile_url_dup_host (value);

  return host != NULL && strpbrk (value, " \t\r\n") == NULL;
}

gsize
adept_profile_url_encoded_length (const char *value)
{
  g_autofree char *escaped = g_uri_escape_string (value, G_URI_RESERVED_CHARS_ALLOWED_IN_PATH
                                                  "?#[]%", FALSE);
  return strlen (escaped);
}

static char *
check_any_url (const char *value)
{
  gsize n;

  if (!adept_profile_url_is_valid (value))
    return g_strdup (_("Enter a full address that starts with https://, such as "
                       "https://mdm.example.com/enroll."));
  n = adept_profile_url_encoded_length (value);
  if (n > ADEPT_PROFILE_MAX_URL)
    return g_strdup_printf (_("At most %d characters once encoded (this has %zu)."),
                            ADEPT_PROFILE_MAX_URL, n);
  return NULL;
}

char *
adept_profile_check_url (const char *value)
{
  if (is_blank (value))
    return g_strdup (_("Enter the enrollment URL of your MDM server."));
  return check_any_url (value);
}

char *
adept_profile_check_web_url (const char *value)
{
  if (is_blank (value))
    return g_strdup (_("Enter the address of the MDM server’s sign-in page."));
  return check_any_url (value);
}

char *
adept_profile_check_web_url_host (const char *web_url,
                                  const char *url)
{
  g_autofree char *web_host = adept_profile_url_dup_host (web_url);
  g_autofree char *mdm_host = adept_profile_url_dup_host (url);

  /* Each URL's own check speaks of a malformed one. */
  if (web_host == NULL || mdm_host == NULL || g_str_equal (web_host, mdm_host))
    return NULL;
  /* Translators: both %s are host names, such as mdm.example.com. */
  return g_strdup_printf (_("The sign-in page must be served by the MDM server’s host, %s "
                            "(this is on %s)."), mdm_host, web_host);
}

char *
adept_profile_check_department (const char *value)
{
  return check_length (value, ADEPT_PROFILE_MAX_DEPARTMENT);
}

char *
adept_profile_check_phone (const char *value)
{
  return check_length (value, ADEPT_PROFILE_MAX_PHONE);
}

static gboolean
is_email (const char *value)
{
  const char *at = strchr (value, '@');
  const char *dot;

  if (at == NULL || at == value || strchr (at + 1, '@') != NULL)
    return FALSE;
  if (strpbrk (value, " \t\r\n,;<>()[]\\\"") != NULL)
    return FALSE;
  dot = strrchr (at + 1, '.');
  /* A dot inside the domain, with something on both sides of each. */
  return dot != NULL && dot > at + 1 && dot[1] != '\0' && strstr (at + 1, "..") == NULL;
}

char *
adept_profile_check_email (const char *value)
{
  if (is_blank (value))
    return NULL;
  if (!is_email (value))
    return g_strdup (_("Enter an address such as help@example.com."));
  return check_length (value, ADEPT_PROFILE_MAX_EMAIL);
}

char *
adept_profile_check_magic (const char *value)
{
  return check_length (value, ADEPT_PROFILE_MAX_MAGIC);
}

static gboolean
is_letters (const char *value,
            gsize       min,
            gsize       max)
{
  gsize n = strlen (value);

  if (n < min || n > max)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isalpha (value[i]))
      return FALSE;
  return TRUE;
}

char *
adept_profile_check_language (const char *value)
{
  if (is_blank (value) || is_letters (value, 2, 3))
    return NULL;
  return g_strdup (_("Use a two- or three-letter ISO 639 code, such as “en” or “deu”."));
}

char *
adept_profile_check_region (const char *value)
{
  if (is_blank (value) || is_letters (value, 2, 2))
    return NULL;
  return g_strdup (_("Use a two-letter ISO 3166 code, such as “US” or “DE”."));
}

char *
adept_profile_check_flags (gboolean supervised,
                           gboolean removable)
{
  if (removable || supervised)
    return NULL;
  return g_strdup (_("Only supervised devices can be kept from removing the MDM profile. "
                     "Turn on Supervised, or allow removal."));
}

/* The whole profile */

typedef char *(*CheckFunc) (const char *value);

/* In the order Apple checks them; code is what Apple answers for the field. */
static const struct {
  const char *key;
  const char *code;
  const char *(*get) (AdeptDepProfile *profile);
  CheckFunc   check;
} string_rules[] = {
  { "profile_name", "CONFIG_NAME_INVALID", adept_dep_profile_get_profile_name, adept_profile_check_name },
  { "url", "CONFIG_URL_INVALID", adept_dep_profile_get_url, adept_profile_check_url },
  { "support_phone_number", "SUPPORT_PHONE_INVALID", adept_dep_profile_get_support_phone_number,
    adept_profile_check_phone },
  { "support_email_address", "SUPPORT_EMAIL_INVALID", adept_dep_profile_get_support_email_address,
    adept_profile_check_email },
  { "org_magic", "MAGIC_INVALID", adept_dep_profile_get_org_magic, adept_profile_check_magic },
  { "department", "DEPARTMENT_INVALID", adept_dep_profile_get_department,
    adept_profile_check_department },
  { "language", "LOCALE_INVALID", adept_dep_profile_get_language, adept_profile_check_language },
  { "region", "LOCALE_INVALID", adept_dep_profile_get_region, adept_profile_check_region },
};

static gboolean
refuse (GError     **error,
        const char  *code,
        const char  *key,
        char        *message)
{
  GError *e = g_error_new_literal (ADEPT_ERROR, ADEPT_ERROR_VALIDATION, message);

  adept_error_set_details (e, code, key, -1);
  g_propagate_error (error, e);
  g_free (message);
  return FALSE;
}

gboolean
adept_profile_validate (AdeptDepProfile  *profile,
                        GError          **error)
{
  const char *web_url;
  char *message;

  g_return_val_if_fail (ADEPT_IS_DEP_PROFILE (profile), FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (string_rules); i++)
    {
      const char *value = string_rules[i].get (profile);

      message = string_rules[i].check (value);
      if (message == NULL)
        continue;
      /* A missing name or URL has its own code. */
      if (is_blank (value) && g_str_equal (string_rules[i].key, "profile_name"))
        return refuse (error, "CONFIG_NAME_REQUIRED", "profile_name", message);
      if (is_blank (value) && g_str_equal (string_rules[i].key, "url"))
        return refuse (error, "CONFIG_URL_REQUIRED", "url", message);
      return refuse (error, string_rules[i].code, string_rules[i].key, message);
    }

  message = adept_profile_check_flags (adept_dep_profile_get_is_supervised (profile),
                                       adept_dep_profile_get_is_mdm_removable (profile));
  if (message != NULL)
    return refuse (error, "FLAGS_INVALID", "is_mdm_removable", message);

  web_url = adept_dep_profile_get_configuration_web_url (profile);
  if (!is_blank (web_url) && (message = adept_profile_check_web_url (web_url)) != NULL)
    return refuse (error, "CONFIG_URL_INVALID", "configuration_web_url", message);
  if (!is_blank (web_url) &&
      (message = adept_profile_check_web_url_host (web_url,
                                                   adept_dep_profile_get_url (profile))) != NULL)
    return refuse (error, "CONFIG_URL_INVALID", "configuration_web_url", message);
  return TRUE;
}
