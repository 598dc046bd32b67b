/* adept-depsim-client.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-depsim"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "adept-depsim-client.h"
#include "adept-depsim-util.h"
#include "adept-input.h"
#include "adept-json.h"
#include "adept-secret.h"

typedef struct {
  char    *url;
  char    *cert;
  char    *endpoint;
  char    *kind;
  char    *body;
  int      status;
  int      count;
  int      retry_after;
  int      delay_ms;
  int      idle_timeout;
  int      rotate_every;
  int      max_per_request;
  gboolean elsewhere;
  int      days;
  char    *deadline;
  gboolean added;
  char    *result;
  char    *mdm_server;
  char    *out;
  char    *scope;
  char    *reason;
  gboolean sec1;
  int      activity_delay;
  int      token_lifetime;
  char   **args;
} Options;

typedef int (*VerbFunc) (Options *options);

static int
usage (const char *message)
{
  g_printerr ("adept-depsim: %s\n", message);
  return 2;
}

/* Sends a request to the admin interface; the answer's body lands in reply. */
static int
call (Options     *options,
      const char  *method,
      const char  *path,
      const char  *content_type,
      GBytes      *body,
      GBytes     **reply)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 60, NULL);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  const char *base = options->url != NULL ? options->url : g_getenv ("ADEPT_DEPSIM_URL");
  guint status;

  if (base == NULL)
    return usage (_("Give the simulator's address with --url (or set ADEPT_DEPSIM_URL)."));
  uri = g_strdup_printf ("%s/_adept/%s", base, path);
  msg = soup_message_new (method, uri);
  if (msg == NULL)
    return usage (_("The --url is not a valid address."));
  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, content_type, body);

  answer = soup_session_send_and_read (session, msg, NULL, &error);
  if (answer == NULL)
    {
      g_printerr (_("adept-depsim: the simulator at %s could not be reached: %s\n"), base, error->message);
      return 1;
    }
  status = soup_message_get_status (msg);
  if (status != 200)
    {
      g_printerr (_("adept-depsim: the simulator refused (%u): %.*s\n"), status,
                  (int) g_bytes_get_size (answer), (const char *) g_bytes_get_data (answer, NULL));
      return 1;
    }
  if (reply != NULL)
    *reply = g_steal_pointer (&answer);
  return 0;
}

static int
call_json (Options     *options,
           const char  *method,
           const char  *path,
           GString     *json,
           GBytes     **reply)
{
  g_autoptr(GBytes) body = g_string_free_to_bytes (json);

  return call (options, method, path, ADEPT_DEPSIM_JSON_TYPE, body, reply);
}

static GString *
serials_json (char **serials)
{
  GString *json = g_string_new ("{\"devices\":[");

  for (guint i = 0; serials != NULL && serials[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (json, ',');
      adept_depsim_json_string (json, serials[i]);
    }
  g_string_append (json, "]}");
  return json;
}

static int
print_reply (GBytes *reply)
{
  fwrite (g_bytes_get_data (reply, NULL), 1, g_bytes_get_size (reply), stdout);
  fputc ('\n', stdout);
  return 0;
}

static int
verb_token (Options *options)
{
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pem = NULL;
  int status;

  if (options->cert == NULL)
    return usage (_("Give the MDM's certificate with --cert CERT.pem."));
  pem = adept_input_read_file (options->cert, ADEPT_INPUT_CERTIFICATE, &error);
  if (pem == NULL)
    {
      g_printerr ("adept-depsim: %s\n", error->message);
      return 1;
    }
  status = call (options, "POST", "token", "application/x-pem-file", pem, &reply);
  if (status == 0)
    fwrite (g_bytes_get_data (reply, NULL), 1, g_bytes_get_size (reply), stdout);
  return status;
}

static JsonObject *
parse_object (GBytes *reply)
{
  return adept_json_parse_object (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply),
                                  ADEPT_JSON_SOURCE_SERVER, NULL);
}

static int
verb_devices (Options *options)
{
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(JsonObject) object = NULL;
  guint64 n;
  JsonArray *serials;
  GString *json;
  int status;

  if (options->args[0] == NULL || !g_str_equal (options->args[0], "add") || options->args[1] == NULL ||
      !g_ascii_string_to_unsigned (options->args[1], 10, 1, 1000000, &n, NULL))
    return usage (_("Use: devices add --url BASE N [--elsewhere | --mdm-server NAME]"));

  json = g_string_new (NULL);
  g_string_printf (json, "{\"count\":%" G_GUINT64_FORMAT ",\"on_server\":%s",
                   n, options->elsewhere ? "false" : "true");
  adept_depsim_json_member (json, "server", options->mdm_server);
  g_string_append_c (json, '}');
  status = call_json (options, "POST", "devices", json, &reply);
  if (status != 0)
    return status;
  object = parse_object (reply);
  if (object == NULL || (serials = json_object_get_array_member (object, "serials")) == NULL)
    return 1;
  for (guint i = 0; i < json_array_get_length (serials); i++)
    printf ("%s\n", json_array_get_string_element (serials, i));
  return 0;
}

static int
verb_serials (Options    *options,
              const char *path)
{
  if (options->args[0] == NULL)
    return usage (_("Name at least one serial number."));
  return call_json (options, "POST", path, serials_json (options->args), NULL);
}

static int
verb_activate (Options *options)
{
  return verb_serials (options, "devices/activate");
}

static int
verb_assign (Options *options)
{
  return verb_serials (options, "devices/assign");
}

static int
verb_unassign (Options *options)
{
  return verb_serials (options, "devices/unassign");
}

static int
verb_edit (Options *options)
{
  GString *json;

  if (options->args[0] == NULL || options->args[1] == NULL)
    return usage (_("Use: edit --url BASE SERIAL FIELD=VALUE…"));
  json = g_string_new ("{");
  adept_depsim_json_member (json, "serial", options->args[0]);
  g_string_append (json, ",\"fields\":{");
  for (guint i = 1; options->args[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (options->args[i], "=", 2);

      if (pair[1] == NULL)
        {
          g_string_free (json, TRUE);
          return usage (_("Write each change as FIELD=VALUE."));
        }
      adept_depsim_json_member (json, pair[0], pair[1]);
    }
  g_string_append (json, "}}");
  return call_json (options, "POST", "devices/edit", json, NULL);
}

static int
verb_terms (Options *options)
{
  const char *what = options->args[0];

  if (what == NULL || (!g_str_equal (what, "require") && !g_str_equal (what, "accept")))
    return usage (_("Use: terms require|accept --url BASE"));
  return call_json (options, "POST", "terms",
                    g_string_new (g_str_equal (what, "require") ? "{\"required\":true}" : "{\"required\":false}"),
                    NULL);
}

static int
verb_revoke (Options *options)
{
  return call_json (options, "POST", "token/revoke", g_string_new ("{}"), NULL);
}

static int
verb_fault (Options *options)
{
  GString *json;

  if (options->endpoint == NULL)
    return usage (_("Use: fault --url BASE --endpoint PATH [--kind status|delay|drop|garbage] [--status S] [--body X] [--count N] [--retry-after S] [--delay MS]"));
  json = g_string_new ("{");
  adept_depsim_json_member (json, "endpoint", options->endpoint);
  adept_depsim_json_member (json, "kind", options->kind != NULL ? options->kind : "status");
  adept_depsim_json_member (json, "body", options->body);
  g_string_append_printf (json, ",\"status\":%d,\"count\":%d,\"retry_after\":%d,\"delay_ms\":%d}",
                          options->status, options->count, options->retry_after, options->delay_ms);
  return call_json (options, "POST", "faults", json, NULL);
}

static int
verb_faults (Options *options)
{
  if (options->args[0] == NULL || !g_str_equal (options->args[0], "clear"))
    return usage (_("Use: faults clear --url BASE"));
  return call_json (options, "DELETE", "faults", g_string_new ("{}"), NULL);
}

static int
verb_clock (Options *options)
{
  g_autoptr(GBytes) reply = NULL;
  double days;
  char *end = NULL;
  GString *json;
  int status;

  if (options->args[0] == NULL || !g_str_equal (options->args[0], "advance") || options->args[1] == NULL)
    return usage (_("Use: clock advance --url BASE DAYS"));
  days = g_ascii_strtod (options->args[1], &end);
  if (end == options->args[1] || *end != '\0' || days < 0 || days > 100000)
    return usage (_("DAYS is a number of days, such as 8 or 0.5."));

  json = g_string_new (NULL);
  g_string_printf (json, "{\"seconds\":%" G_GINT64_FORMAT "}", (gint64) (days * 86400));
  status = call_json (options, "POST", "clock/advance", json, &reply);
  return status == 0 ? print_reply (reply) : status;
}

static int
verb_sessions (Options *options)
{
  GString *json;

  if (options->args[0] != NULL && g_str_equal (options->args[0], "expire"))
    return call_json (options, "POST", "sessions/expire", g_string_new ("{}"), NULL);
  if (options->idle_timeout < 0 && options->rotate_every < 0)
    return usage (_("Use: sessions --url BASE [--idle-timeout SECONDS] [--rotate-every N], or sessions expire --url BASE"));

  json = g_string_new ("{");
  if (options->idle_timeout >= 0)
    g_string_append_printf (json, "\"idle_timeout_ms\":%d", options->idle_timeout * 1000);
  if (options->rotate_every >= 0)
    g_string_append_printf (json, "%s\"rotate_every\":%d", options->idle_timeout >= 0 ? "," : "",
                            options->rotate_every);
  g_string_append_c (json, '}');
  return call_json (options, "POST", "sessions", json, NULL);
}

static int
verb_latency (Options *options)
{
  guint64 ms;
  GString *json;

  if (options->args[0] == NULL || !g_ascii_string_to_unsigned (options->args[0], 10, 0, 600000, &ms, NULL))
    return usage (_("Use: latency --url BASE MILLISECONDS"));
  json = g_string_new (NULL);
  g_string_printf (json, "{\"ms\":%" G_GUINT64_FORMAT "}", ms);
  return call_json (options, "POST", "latency", json, NULL);
}

static int
verb_throttle (Options *options)
{
  GString *json;

  if (options->max_per_request < 0)
    return usage (_("Use: throttle --url BASE --max-per-request N [--retry-after S] (0 turns it off)"));
  json = g_string_new (NULL);
  g_string_printf (json, "{\"max_per_request\":%d,\"retry_after\":%d}",
                   options->max_per_request, MAX (options->retry_after, 0));
  return call_json (options, "POST", "assign-throttle", json, NULL);
}

static int
verb_state (Options *options)
{
  g_autoptr(GBytes) reply = NULL;
  int status = call (options, "GET", "state", NULL, NULL, &reply);

  return status == 0 ? print_reply (reply) : status;
}

static int
verb_replace (Options *options)
{
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(JsonObject) object = NULL;
  GString *json;
  int status;

  if (options->args[0] == NULL || (options->args[1] != NULL && options->args[2] != NULL))
    return usage (_("Use: replace --url BASE OLD [NEW] (NEW left out: a new device of OLD's model)"));
  json = g_string_new ("{");
  adept_depsim_json_member (json, "old", options->args[0]);
  adept_depsim_json_member (json, "new", options->args[1]);
  g_string_append_c (json, '}');
  status = call_json (options, "POST", "devices/replace", json, &reply);
  if (status != 0)
    return status;
  object = parse_object (reply);
  if (object == NULL || !json_object_has_member (object, "replacement"))
    return 1;
  printf ("%s\n", json_object_get_string_member (object, "replacement"));
  return 0;
}

static GString *
serials_object (char **serials)
{
  GString *json = serials_json (serials);

  /* Reopen the object for more members. */
  g_string_truncate (json, json->len - 1);
  return json;
}

static int
verb_migrate (Options *options)
{
  GString *json;

  if (options->args[0] == NULL || options->days < 0)
    return usage (_("Use: migrate --url BASE SERIAL… [--days N | --deadline TIME] [--added]"));
  json = serials_object (options->args);
  if (options->deadline != NULL)
    adept_depsim_json_member (json, "deadline", options->deadline);
  else
    g_string_append_printf (json, ",\"days\":%d", options->days);
  g_string_append_printf (json, ",\"as_added\":%s}", options->added ? "true" : "false");
  return call_json (options, "POST", "devices/migrate", json, NULL);
}

static int
verb_lock_result (Options *options)
{
  GString *json;

  if (options->args[0] == NULL || options->result == NULL)
    return usage (_("Use: lock-result --url BASE SERIAL… --result FAILED|NOT_ACCESSIBLE|ORG_NOT_SUPPORTED|DEVICE_NOT_SUPPORTED|DEVICE_ALREADY_LOCKED [--count N]"));
  json = serials_object (options->args);
  adept_depsim_json_member (json, "result", options->result);
  g_string_append_printf (json, ",\"count\":%d}", MAX (options->count, 0));
  return call_json (options, "POST", "activation-lock-results", json, NULL);
}

static int
verb_org (Options *options)
{
  static const char * const features[] = {
    "activation-lock", "account-driven-enrollment", "beta-enrollment", NULL,
  };
  const char *feature = options->args[0];
  const char *state = feature != NULL ? options->args[1] : NULL;
  g_autofree char *name = NULL;
  GString *json;

  if (feature == NULL || state == NULL || !g_strv_contains (features, feature) ||
      (!g_str_equal (state, "on") && !g_str_equal (state, "off")))
    return usage (_("Use: org --url BASE activation-lock|account-driven-enrollment|beta-enrollment on|off"));
  name = g_strdelimit (g_strdup (feature), "-", '_');
  json = g_string_new (NULL);
  g_string_printf (json, "{\"%s\":%s}", name, g_str_equal (state, "on") ? "true" : "false");
  return call_json (options, "POST", "org", json, NULL);
}

/* ---- Apple Business ---- */

static const char *
reply_member (JsonObject *object,
              const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_STRING ? json_node_get_string (node) : NULL;
}

/* The private key goes to a new file only the user can read, never to stdout. */
static int
write_key (const char *path,
           const char *pem)
{
  g_autoptr(GError) error = NULL;

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_printerr (_("adept-depsim: %s exists already; the key was not written. Choose another file.\n"), path);
      return 1;
    }
  if (!g_file_set_contents_full (path, pem, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    {
      g_printerr ("adept-depsim: %s\n", error->message);
      return 1;
    }
  return 0;
}

static int
create_api_account (Options *options)
{
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(JsonObject) object = NULL;
  GString *json;
  const char *pem;
  int status;

  if (options->out == NULL)
    return usage (_("Use: api-account --url BASE --out KEY.pem [--sec1] [--scope SCOPE]"));
  json = g_string_new ("{");
  adept_depsim_json_member (json, "scope", options->scope);
  adept_depsim_json_raw_member (json, "sec1", options->sec1 ? "true" : "false");
  g_string_append_c (json, '}');
  status = call_json (options, "POST", "api-accounts", json, &reply);
  if (status != 0)
    return status;
  object = parse_object (reply);
  pem = reply_member (object, "private_key");
  if (pem == NULL)
    return 1;
  status = write_key (options->out, pem);
  adept_secret_wipe ((gpointer) g_bytes_get_data (reply, NULL), g_bytes_get_size (reply));
  if (status != 0)
    return status;
  printf ("client_id=%s\nkey_id=%s\ntoken_url=%s\napi_url=%s\n", reply_member (object, "client_id"),
          reply_member (object, "key_id"), reply_member (object, "token_url"),
          reply_member (object, "api_url"));
  return 0;
}

static int
verb_api_account (Options *options)
{
  const char *what = options->args[0];
  GString *json;

  if (what == NULL)
    return create_api_account (options);
  if (options->args[1] == NULL ||
      (g_str_equal (what, "scope") ? options->args[2] != NULL && options->args[3] != NULL
                                   : !g_str_equal (what, "revoke") || options->args[2] != NULL))
    return usage (_("Use: api-account --url BASE --out KEY.pem, api-account revoke CLIENT_ID, or api-account scope CLIENT_ID [SCOPE]"));
  json = g_string_new ("{");
  adept_depsim_json_member (json, "client_id", options->args[1]);
  if (g_str_equal (what, "scope"))
    adept_depsim_json_member (json, "scope", options->args[2] != NULL ? options->args[2] : "");
  g_string_append_c (json, '}');
  return call_json (options, "POST", g_str_equal (what, "scope") ? "api-accounts/scope" : "api-accounts/revoke",
                    json, NULL);
}

static int
verb_business (Options *options)
{
  GString *json;

  if (options->activity_delay < 0 && options->token_lifetime < 0)
    return usage (_("Use: business --url BASE [--activity-delay MS] [--token-lifetime SECONDS]"));
  json = g_string_new ("{");
  if (options->activity_delay >= 0)
    g_string_append_printf (json, "\"activity_delay_ms\":%d", options->activity_delay);
  if (options->token_lifetime >= 0)
    g_string_append_printf (json, "%s\"token_lifetime_s\":%d", options->activity_delay >= 0 ? "," : "",
                            options->token_lifetime);
  g_string_append_c (json, '}');
  return call_json (options, "POST", "business/settings", json, NULL);
}

static int
verb_refuse (Options *options)
{
  GString *json;

  if (options->args[0] == NULL)
    return usage (_("Use: refuse --url BASE SERIAL… [--reason TEXT] [--count N]"));
  json = serials_json (options->args);
  g_string_truncate (json, json->len - 1);
  adept_depsim_json_member (json, "reason", options->reason);
  g_string_append_printf (json, ",\"count\":%d}", MAX (options->count, 1));
  return call_json (options, "POST", "business/refusals", json, NULL);
}

static const struct {
  const char *name;
  VerbFunc    func;
} verbs[] = {
  { "token", verb_token },
  { "devices", verb_devices },
  { "assign", verb_assign },
  { "unassign", verb_unassign },
  { "activate", verb_activate },
  { "edit", verb_edit },
  { "terms", verb_terms },
  { "revoke", verb_revoke },
  { "fault", verb_fault },
  { "faults", verb_faults },
  { "clock", verb_clock },
  { "sessions", verb_sessions },
  { "latency", verb_latency },
  { "throttle", verb_throttle },
  { "state", verb_state },
  { "replace", verb_replace },
  { "migrate", verb_migrate },
  { "lock-result", verb_lock_result },
  { "org", verb_org },
  { "api-account", verb_api_account },
  { "business", verb_business },
  { "refuse", verb_refuse },
};

gboolean
adept_depsim_client_is_verb (const char *word)
{
  for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
    if (g_str_equal (verbs[i].name, word))
      return TRUE;
  return FALSE;
}

void
adept_depsim_client_print_verbs (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
    printf ("%s\n", verbs[i].name);
}

static void
options_clear (Options *options)
{
  g_free (options->url);
  g_free (options->cert);
  g_free (options->endpoint);
  g_free (options->kind);
  g_free (options->body);
  g_free (options->deadline);
  g_free (options->result);
  g_free (options->mdm_server);
  g_free (options->out);
  g_free (options->scope);
  g_free (options->reason);
  g_strfreev (options->args);
}

int
adept_depsim_client_run (int    argc,
                         char **argv)
{
  Options options = {
    .status = 500, .count = 1, .retry_after = 0, .delay_ms = 0,
    .idle_timeout = -1, .rotate_every = -1, .max_per_request = -1, .days = 30,
    .activity_delay = -1, .token_lifetime = -1,
  };
  GOptionEntry entries[] = {
    { "url", 'u', 0, G_OPTION_ARG_STRING, &options.url, N_("Address of the running simulator"), N_("BASE") },
    { "cert", 0, 0, G_OPTION_ARG_FILENAME, &options.cert, N_("The MDM's certificate (token)"), N_("CERT.pem") },
    { "endpoint", 0, 0, G_OPTION_ARG_STRING, &options.endpoint, N_("DEP path of a fault, or *"), N_("PATH") },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &options.kind, N_("status, delay, drop or garbage (fault)"), N_("KIND") },
    { "status", 0, 0, G_OPTION_ARG_INT, &options.status, N_("HTTP status of a fault"), N_("S") },
    { "body", 0, 0, G_OPTION_ARG_STRING, &options.body, N_("Body of a fault"), N_("X") },
    { "count", 0, 0, G_OPTION_ARG_INT, &options.count, N_("How many requests a fault hits"), N_("N") },
    { "retry-after", 0, 0, G_OPTION_ARG_INT, &options.retry_after, N_("Retry-After of a fault, or of throttled devices"), N_("S") },
    { "delay", 0, 0, G_OPTION_ARG_INT, &options.delay_ms, N_("Delay of a fault, in milliseconds"), N_("MS") },
    { "elsewhere", 0, 0, G_OPTION_ARG_NONE, &options.elsewhere, N_("Add devices to the organization only, not to the MDM server"), NULL },
    { "idle-timeout", 0, 0, G_OPTION_ARG_INT, &options.idle_timeout, N_("Session idle timeout, in seconds"), N_("SECONDS") },
    { "rotate-every", 0, 0, G_OPTION_ARG_INT, &options.rotate_every, N_("Rotate sessions every N calls (0: never)"), N_("N") },
    { "max-per-request", 0, 0, G_OPTION_ARG_INT, &options.max_per_request, N_("Assign at most N devices per request, throttle the rest"), N_("N") },
    { "mdm-server", 0, 0, G_OPTION_ARG_STRING, &options.mdm_server, N_("Add devices on this other MDM server of the organization (id or name)"), N_("NAME") },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &options.out, N_("Write the API account's private key to this new file"), N_("KEY.pem") },
    { "sec1", 0, 0, G_OPTION_ARG_NONE, &options.sec1, N_("Write the key as SEC1 (EC PRIVATE KEY) rather than PKCS#8"), NULL },
    { "scope", 0, 0, G_OPTION_ARG_STRING, &options.scope, N_("Scopes of a new API account (default business.api; \"\" for none)"), N_("SCOPE") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &options.reason, N_("Apple's reason for refusing devices in activities"), N_("TEXT") },
    { "activity-delay", 0, 0, G_OPTION_ARG_INT, &options.activity_delay, N_("Milliseconds an activity stays in progress"), N_("MS") },
    { "token-lifetime", 0, 0, G_OPTION_ARG_INT, &options.token_lifetime, N_("Seconds an Apple Business access token lives"), N_("SECONDS") },
    { "days", 0, 0, G_OPTION_ARG_INT, &options.days, N_("Migration deadline in N days (default 30)"), N_("N") },
    { "deadline", 0, 0, G_OPTION_ARG_STRING, &options.deadline, N_("Migration deadline as a time (2026-10-01T00:00:00Z)"), N_("TIME") },
    { "added", 0, 0, G_OPTION_ARG_NONE, &options.added, N_("Migrating devices arrive as added, not modified"), NULL },
    { "result", 0, 0, G_OPTION_ARG_STRING, &options.result, N_("Activation Lock answer to force"), N_("STATUS") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &options.args, NULL, NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *verb = g_strdup (argv[1]);
  g_autofree char *summary = g_strdup_printf (_("%s — drive a running simulator"), verb);
  int status = 2;

  context = g_option_context_new (summary);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  /* argv[1] is the verb: parse the rest. */
  argv[1] = argv[0];
  argc--;
  argv++;
  if (!g_option_context_parse (context, &argc, &argv, &error))
    status = usage (error->message);
  else
    {
      if (options.args == NULL)
        options.args = g_new0 (char *, 1);
      for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
        if (g_str_equal (verb, verbs[i].name))
          status = verbs[i].func (&options);
    }
  options_clear (&options);
  return status;
}
