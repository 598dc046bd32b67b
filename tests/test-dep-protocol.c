/* test-dep-protocol.c — reading Apple's error bodies, Retry-After and base URLs
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "adept-dep-protocol.h"
#include "adept-error.h"
#include "adept-test-util.h"

static GError *
error_for (guint       status,
           const char *body)
{
  GError *error = NULL;

  adept_dep_set_error_from_response (&error, status, body, body ? strlen (body) : 0, -1);
  g_assert_nonnull (error);
  g_assert_true (error->domain == ADEPT_ERROR);
  return error;
}

static void
assert_maps (guint           status,
             const char     *body,
             AdeptErrorCode  code)
{
  g_autoptr(GError) error = error_for (status, body);

  if (error->code != (int) code)
    g_error ("%u “%s” gave %s, expected %s", status, body,
             adept_error_code_name (error->code), adept_error_code_name (code));
  g_assert_cmpstr (error->message, !=, "");
}

static void
test_codes_plain_and_quoted (void)
{
  /* Apple's docs show plain text, depsim JSON-quoted strings, proxies longer text. */
  const char *forms[] = { "%s", "\"%s\"", "\"%s\"\r\n", "{\"error\":\"%s\"}", "oauth_problem=%s" };
  static const struct {
    guint status;
    const char *code;
    AdeptErrorCode error;
  } cases[] = {
    { 403, "T_C_NOT_SIGNED", ADEPT_ERROR_TERMS_NOT_SIGNED },
    { 403, "ACCESS_DENIED", ADEPT_ERROR_ACCESS_DENIED },
    { 401, "token_rejected", ADEPT_ERROR_TOKEN_REJECTED },
    { 403, "token_rejected", ADEPT_ERROR_TOKEN_REJECTED },
    { 403, "token_expired", ADEPT_ERROR_TOKEN_EXPIRED },
    { 403, "signature_invalid", ADEPT_ERROR_AUTH_FAILED },
    { 401, "UNAUTHORIZED", ADEPT_ERROR_AUTH_FAILED },
    { 403, "FORBIDDEN", ADEPT_ERROR_AUTH_FAILED },
    { 400, "EXPIRED_CURSOR", ADEPT_ERROR_CURSOR_EXPIRED },
    { 400, "INVALID_CURSOR", ADEPT_ERROR_CURSOR_INVALID },
    { 400, "CURSOR_REQUIRED", ADEPT_ERROR_CURSOR_INVALID },
    { 400, "EXHAUSTED_CURSOR", ADEPT_ERROR_CURSOR_EXHAUSTED },
    { 400, "CONFIG_URL_INVALID", ADEPT_ERROR_VALIDATION },
    { 400, "NOT_FOUND", ADEPT_ERROR_NOT_FOUND },
    { 404, "PROFILE_NOT_FOUND", ADEPT_ERROR_NOT_FOUND },
    { 400, "DEVICE_ID_REQUIRED", ADEPT_ERROR_BAD_REQUEST },
    { 400, "MALFORMED_REQUEST_BODY", ADEPT_ERROR_BAD_REQUEST },
    { 429, "TOO_MANY_REQUESTS", ADEPT_ERROR_THROTTLED },
    { 503, "SERVER_ERROR", ADEPT_ERROR_SERVER_ERROR },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    for (guint f = 0; f < G_N_ELEMENTS (forms); f++)
      {
        g_autofree char *body = NULL;

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
        body = g_strdup_printf (forms[f], cases[i].code);
#pragma GCC diagnostic pop
        assert_maps (cases[i].status, body, cases[i].error);
      }
}

static void
test_status_only (void)
{
  assert_maps (401, "", ADEPT_ERROR_AUTH_FAILED);
  assert_maps (403, NULL, ADEPT_ERROR_AUTH_FAILED);
  assert_maps (404, "", ADEPT_ERROR_NOT_FOUND);
  assert_maps (405, "", ADEPT_ERROR_BAD_REQUEST);
  assert_maps (400, "", ADEPT_ERROR_BAD_REQUEST);
  assert_maps (500, "<html>oops</html>", ADEPT_ERROR_SERVER_ERROR);
  assert_maps (502, "", ADEPT_ERROR_SERVER_ERROR);
  assert_maps (429, "", ADEPT_ERROR_THROTTLED);
}

static void
test_validation_details (void)
{
  static const struct {
    const char *code;
    const char *field;
  } cases[] = {
    { "CONFIG_NAME_REQUIRED", "profile_name" },
    { "CONFIG_NAME_INVALID", "profile_name" },
    { "CONFIG_URL_REQUIRED", "url" },
    { "CONFIG_URL_INVALID", "url" },
    { "DEPARTMENT_INVALID", "department" },
    { "FLAGS_INVALID", "is_mdm_removable" },
    { "MAGIC_INVALID", "org_magic" },
    { "SUPPORT_EMAIL_INVALID", "support_email_address" },
    { "SUPPORT_PHONE_INVALID", "support_phone_number" },
    { "OBSE_INVALID", "language" },
    { "LOCALE_INVALID", "language" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *quoted = g_strdup_printf ("\"%s\"", cases[i].code);
      g_autoptr(GError) error = error_for (400, quoted);
      g_autoptr(GError) copy = NULL;

      g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_VALIDATION);
      g_assert_cmpstr (adept_error_get_apple_code (error), ==, cases[i].code);
      g_assert_cmpstr (adept_error_get_field (error), ==, cases[i].field);
      g_assert_cmpstr (adept_dep_validation_code_to_field (cases[i].code), ==, cases[i].field);
      g_assert_true (adept_dep_is_validation_code (cases[i].code));

      /* The details travel with the error through GTask and copies. */
      copy = g_error_copy (error);
      g_assert_cmpstr (adept_error_get_field (copy), ==, cases[i].field);
      g_assert_cmpstr (adept_error_get_apple_code (copy), ==, cases[i].code);
    }

  g_assert_null (adept_dep_validation_code_to_field ("EXHAUSTED_CURSOR"));
  g_assert_null (adept_dep_validation_code_to_field (NULL));
  g_assert_false (adept_dep_is_validation_code ("NOT_FOUND"));
}

static void
test_throttled_carries_wait (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) plain = NULL;
  g_autoptr(GError) other = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "x");

  adept_dep_set_error_from_response (&error, 429, "TOO_MANY_REQUESTS", 17, 90);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_THROTTLED);
  g_assert_cmpint (adept_error_get_retry_after (error), ==, 90);
  g_assert_nonnull (strstr (error->message, "90 seconds"));
  g_clear_error (&error);
  adept_dep_set_error_from_response (&error, 503, "", 0, 150);
  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_SERVER_ERROR);
  g_assert_cmpint (adept_error_get_retry_after (error), ==, 150);
  g_clear_error (&error);
  adept_dep_set_error_from_response (&error, 429, "", 0, 150);
  g_assert_nonnull (strstr (error->message, "3 minutes"));

  adept_dep_set_error_from_response (&plain, 429, "", 0, -1);
  g_assert_cmpint (adept_error_get_retry_after (plain), ==, -1);
  g_assert_cmpstr (plain->message, ==, adept_error_default_message (ADEPT_ERROR_THROTTLED));

  g_assert_cmpint (adept_error_get_retry_after (other), ==, -1);
  g_assert_null (adept_error_get_field (other));
}

static void
test_bad_request_names_code (void)
{
  g_autoptr(GError) error = error_for (400, "\"USER_AGENT_INVALID\"\n");
  g_autoptr(GError) html = error_for (400, "<html><body>Bad</body></html>");

  g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_BAD_REQUEST);
  g_assert_nonnull (strstr (error->message, "USER_AGENT_INVALID"));
  g_assert_cmpstr (adept_error_get_apple_code (error), ==, "USER_AGENT_INVALID");
  /* Arbitrary text is not echoed into messages. */
  g_assert_null (strstr (html->message, "html"));
  g_assert_null (adept_error_get_apple_code (html));
}

static void
test_body_code (void)
{
  g_autofree char *plain = adept_dep_body_dup_code ("UNAUTHORIZED", 12);
  g_autofree char *quoted = adept_dep_body_dup_code (" \"EXHAUSTED_CURSOR\"\r\n", 21);
  g_autofree char *sentence = adept_dep_body_dup_code ("not a code", 10);
  g_autofree char *empty = adept_dep_body_dup_code ("\"\"", 2);

  g_assert_cmpstr (plain, ==, "UNAUTHORIZED");
  g_assert_cmpstr (quoted, ==, "EXHAUSTED_CURSOR");
  g_assert_null (sentence);
  g_assert_null (empty);
  g_assert_true (adept_dep_body_contains ("xx\"forbidden\"", 13, "FORBIDDEN"));
  g_assert_false (adept_dep_body_contains ("FORBID", 6, "FORBIDDEN"));
  /* Only len bytes count: no reading past the end of an unterminated body. */
  g_assert_false (adept_dep_body_contains ("FORBIDDEN", 8, "FORBIDDEN"));
}

static void
test_retry_after (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 3, 1, 12, 0, 0);

  g_assert_cmpint (adept_dep_parse_retry_after ("120", now), ==, 120);
  g_assert_cmpint (adept_dep_parse_retry_after (" 0 ", now), ==, 0);
  g_assert_cmpint (adept_dep_parse_retry_after ("Sun, 01 Mar 2026 12:00:30 GMT", now), ==, 30);
  g_assert_cmpint (adept_dep_parse_retry_after ("Sun, 01 Mar 2026 11:00:00 GMT", now), ==, 0);
  g_assert_cmpint (adept_dep_parse_retry_after ("99999999", now), ==, 24 * 60 * 60);
  g_assert_cmpint (adept_dep_parse_retry_after ("soon", now), ==, -1);
  g_assert_cmpint (adept_dep_parse_retry_after ("-5", now), ==, -1);
  g_assert_cmpint (adept_dep_parse_retry_after ("", now), ==, -1);
  g_assert_cmpint (adept_dep_parse_retry_after (NULL, now), ==, -1);
}

static void
assert_url (const char *url,
            gboolean    accepted)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = adept_dep_check_base_url (url, &error);

  if (ok != accepted)
    g_error ("“%s” was %s", url, ok ? "accepted" : "refused");
  if (!accepted)
    g_assert_error (error, ADEPT_ERROR, ADEPT_ERROR_INSECURE_URL);
}

static void
test_base_urls (void)
{
  assert_url ("https://mdmenrollment.apple.com", TRUE);
  assert_url ("https://mdm.example.org:8443/proxy/main/", TRUE);
  assert_url ("http://127.0.0.1:8080", TRUE);
  assert_url ("http://127.3.4.5", TRUE);
  assert_url ("http://[::1]:9001", TRUE);
  assert_url ("http://localhost:9001/", TRUE);
  assert_url ("HTTP://LOCALHOST", TRUE);
  assert_url ("http://mdmenrollment.apple.com", FALSE);
  assert_url ("http://128.0.0.1", FALSE);
  assert_url ("http://10.0.0.1", FALSE);
  assert_url ("http://[::2]", FALSE);
  assert_url ("http://localhost.example.com", FALSE);
  assert_url ("ftp://127.0.0.1", FALSE);
  assert_url ("https://user:secret@mdm.example.org", FALSE);
  assert_url ("mdmenrollment.apple.com", FALSE);
  assert_url ("", FALSE);
  assert_url (NULL, FALSE);
}

static void
test_json_readers (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) list = NULL;
  JsonObject *object;

  json_parser_load_from_data (parser,
                              "{\"s\":\"x\",\"n\":5,\"d\":2.0,\"b\":true,\"nul\":null,\"o\":{},"
                              "\"a\":[\"one\",2,\"three\"]}", -1, &error);
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));

  g_assert_cmpstr (adept_dep_json_get_string (object, "s"), ==, "x");
  g_assert_null (adept_dep_json_get_string (object, "n"));
  g_assert_null (adept_dep_json_get_string (object, "o"));
  g_assert_null (adept_dep_json_get_string (object, "nul"));
  g_assert_cmpint (adept_dep_json_get_int (object, "n", -1), ==, 5);
  g_assert_cmpint (adept_dep_json_get_int (object, "d", -1), ==, 2);
  g_assert_cmpint (adept_dep_json_get_int (object, "s", -1), ==, -1);
  g_assert_true (adept_dep_json_get_boolean (object, "b", FALSE));
  g_assert_true (adept_dep_json_get_boolean (object, "s", TRUE));
  list = adept_dep_json_dup_strv (object, "a");
  g_assert_cmpuint (g_strv_length (list), ==, 2);
  g_assert_cmpstr (list[1], ==, "three");
  g_assert_null (adept_dep_json_dup_strv (object, "o"));
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *tmp = adept_test_isolate_xdg ();
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dep-protocol/codes-plain-and-quoted", test_codes_plain_and_quoted);
  g_test_add_func ("/dep-protocol/status-only", test_status_only);
  g_test_add_func ("/dep-protocol/validation-details", test_validation_details);
  g_test_add_func ("/dep-protocol/throttled-carries-wait", test_throttled_carries_wait);
  g_test_add_func ("/dep-protocol/bad-request-names-code", test_bad_request_names_code);
  g_test_add_func ("/dep-protocol/body-code", test_body_code);
  g_test_add_func ("/dep-protocol/retry-after", test_retry_after);
  g_test_add_func ("/dep-protocol/base-urls", test_base_urls);
  g_test_add_func ("/dep-protocol/json-readers", test_json_readers);

  status = g_test_run ();
  adept_test_cleanup_dir (tmp);
  return status;
}
