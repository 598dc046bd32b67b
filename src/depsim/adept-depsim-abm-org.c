/* adept-depsim-abm-org.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Where a device is (which MDM server, or none) lives in the DEP half's state, so an
 * activity that moves a device shows in the DEP sync as Apple shows it. What only the
 * organisation knows (order, purchase source, part number…) is derived from the seed and
 * the serial, so 100,000 devices cost nothing to keep; only what changes (migration,
 * activities, overrides) is stored.
 */
#define G_LOG_DOMAIN "adept-depsim"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "adept-depsim-abm-org.h"
#include "adept-error.h"
#include "adept-json.h"

#define DAY_MS G_GINT64_CONSTANT (86400000)
/* Devices added with Apple Configurator are provisional this long (Apple's 30 days). */
#define PROVISIONAL_MS (30 * DAY_MS)
#define MIGRATION_OS 26
#define DEFAULT_ACTIVITY_DELAY_MS 300

typedef struct {
  char       *id;
  const char *name;
  const char *type;
  gint64      created_ms;
} Server;

/* The organisation's other servers, after ours. */
static const struct {
  const char *name;
  const char *type;
} other_servers[] = {
  { "Legacy MDM", "MDM" },
  { "Apple Configurator", "APPLE_CONFIGURATOR" },
  { "Branch Office MDM", "MDM" },
};

typedef enum {
  MIGRATION_NONE,
  MIGRATION_REQUESTED,
  MIGRATION_STARTED,
  MIGRATION_SUCCESS,
  MIGRATION_FAILED,
} MigrationStatus;

static const char * const migration_names[] = { NULL, "REQUESTED", "STARTED", "SUCCESS", "FAILED" };

typedef struct {
  MigrationStatus status;
  gint64          deadline_ms;
} Migration;

/* Hidden facts that decide migration eligibility; -1: as derived. */
typedef struct {
  gint64 os;
  gint64 shared_ipad;
  gint64 return_to_service;
  gint64 configurator;
} Overrides;

typedef struct {
  char  *reason;
  guint  count;
} Refusal;

typedef struct {
  char       *serial;
  gboolean    ok;
  const char *code;
  char       *reason;
} Result;

typedef struct {
  AdeptDepsimOrg *org;
  char           *id;
  char           *type;
  guint           server;
  GPtrArray      *serials;
  gint64          deadline_ms;
  gint64          created_ms;
  gint64          due_ms;
  gint64          completed_ms;
  char           *download;
  GPtrArray      *results;
  gboolean        done;
  GSource        *timer;
} Activity;

struct _AdeptDepsimOrg
{
  GObject           parent_instance;

  AdeptDepsimState *state;
  guint64           seed;
  GPtrArray        *servers;      /* Server*, index 0 (none) is NULL */
  char             *api_url;
  GMainContext     *context;
  guint             delay_ms;

  GHashTable       *migrations;   /* device index + 1 → Migration */
  GHashTable       *overrides;    /* device index + 1 → Overrides */
  GHashTable       *refusals;     /* serial → Refusal */
  GHashTable       *activities;   /* id → Activity */
  GHashTable       *busy;         /* serial → Activity in progress */
};

G_DEFINE_FINAL_TYPE (AdeptDepsimOrg, adept_depsim_org, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
server_free (gpointer data)
{
  Server *server = data;

  if (server == NULL)
    return;
  g_free (server->id);
  g_free (server);
}

static void
refusal_free (gpointer data)
{
  Refusal *refusal = data;

  g_free (refusal->reason);
  g_free (refusal);
}

static void
result_free (gpointer data)
{
  Result *result = data;

  g_free (result->serial);
  g_free (result->reason);
  g_free (result);
}

static void
stop_timer (Activity *activity)
{
  if (activity->timer != NULL)
    {
      g_source_destroy (activity->timer);
      g_clear_pointer (&activity->timer, g_source_unref);
    }
}

static void
activity_free (gpointer data)
{
  Activity *activity = data;

  stop_timer (activity);
  g_free (activity->id);
  g_free (activity->type);
  g_ptr_array_unref (activity->serials);
  g_free (activity->download);
  g_ptr_array_unref (activity->results);
  g_free (activity);
}

static void
adept_depsim_org_finalize (GObject *object)
{
  AdeptDepsimOrg *self = ADEPT_DEPSIM_ORG (object);

  g_hash_table_unref (self->busy);
  g_hash_table_unref (self->activities);
  g_hash_table_unref (self->refusals);
  g_hash_table_unref (self->overrides);
  g_hash_table_unref (self->migrations);
  g_ptr_array_unref (self->servers);
  g_clear_object (&self->state);
  g_free (self->api_url);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (adept_depsim_org_parent_class)->finalize (object);
}

static void
adept_depsim_org_class_init (AdeptDepsimOrgClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = adept_depsim_org_finalize;

  /* Emitted after every change worth saving. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
adept_depsim_org_init (AdeptDepsimOrg *self)
{
  self->servers = g_ptr_array_new_with_free_func (server_free);
  self->migrations = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  self->overrides = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  self->refusals = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, refusal_free);
  self->activities = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, activity_free);
  self->busy = g_hash_table_new (g_str_hash, g_str_equal);
  self->delay_ms = DEFAULT_ACTIVITY_DELAY_MS;
  self->api_url = g_strdup ("");
}

static void
emit_changed (AdeptDepsimOrg *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

/* splitmix64, as the catalog uses. */
static guint64
mix (guint64 x)
{
  x += G_GUINT64_CONSTANT (0x9E3779B97F4A7C15);
  x = (x ^ (x >> 30)) * G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  x = (x ^ (x >> 27)) * G_GUINT64_CONSTANT (0x94D049BB133111EB);
  return x ^ (x >> 31);
}

static char *
server_id_for (guint64 seed,
               guint   n)
{
  guint64 a = mix (seed ^ G_GUINT64_CONSTANT (0xAB0000) ^ n);
  guint64 b = mix (a);

  return g_strdup_printf ("%016" G_GINT64_MODIFIER "X%016" G_GINT64_MODIFIER "X", a, b);
}

AdeptDepsimOrg *
adept_depsim_org_new (AdeptDepsimState *state,
                      guint64           seed)
{
  AdeptDepsimOrg *self = g_object_new (ADEPT_TYPE_DEPSIM_ORG, NULL);
  /* 2021-09-01: when the organisation set up its first MDM servers. */
  gint64 created = G_GINT64_CONSTANT (1630454400000);
  Server *ours = g_new0 (Server, 1);

  self->state = g_object_ref (state);
  self->seed = seed;
  g_ptr_array_add (self->servers, NULL);

  /* Ours is the DEP server: its id is the server_uuid of GET /account. */
  ours->id = g_strdup (adept_depsim_state_get_server_uuid (state));
  ours->name = "Adept Simulator MDM";
  ours->type = "MDM";
  ours->created_ms = created;
  g_ptr_array_add (self->servers, ours);
  for (guint i = 0; i < G_N_ELEMENTS (other_servers); i++)
    {
      Server *server = g_new0 (Server, 1);

      server->id = server_id_for (seed, i);
      server->name = other_servers[i].name;
      server->type = other_servers[i].type;
      server->created_ms = created + (gint64) (i + 1) * 40 * DAY_MS;
      g_ptr_array_add (self->servers, server);
    }
  return self;
}

void
adept_depsim_org_set_base_url (AdeptDepsimOrg *self,
                               const char     *api_url,
                               GMainContext   *context)
{
  g_free (self->api_url);
  self->api_url = g_strdup (api_url);
  g_clear_pointer (&self->context, g_main_context_unref);
  self->context = context != NULL ? g_main_context_ref (context) : NULL;
}

void
adept_depsim_org_stop (AdeptDepsimOrg *self)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->activities);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    stop_timer (value);
  g_clear_pointer (&self->context, g_main_context_unref);
}

guint
adept_depsim_org_get_n_servers (AdeptDepsimOrg *self)
{
  return self->servers->len - 1;
}

static const Server *
server_at (AdeptDepsimOrg *self,
           guint           server)
{
  return server > 0 && server < self->servers->len ? g_ptr_array_index (self->servers, server) : NULL;
}

const char *
adept_depsim_org_get_server_id (AdeptDepsimOrg *self,
                                guint           server)
{
  const Server *s = server_at (self, server);

  return s != NULL ? s->id : NULL;
}

const char *
adept_depsim_org_get_server_name (AdeptDepsimOrg *self,
                                  guint           server)
{
  const Server *s = server_at (self, server);

  return s != NULL ? s->name : NULL;
}

guint
adept_depsim_org_find_server (AdeptDepsimOrg *self,
                              const char     *id_or_name)
{
  for (guint i = 1; id_or_name != NULL && i < self->servers->len; i++)
    {
      const Server *s = g_ptr_array_index (self->servers, i);

      if (g_str_equal (s->id, id_or_name) || g_ascii_strcasecmp (s->name, id_or_name) == 0)
        return i;
    }
  return ADEPT_DEPSIM_SERVER_NONE;
}

void
adept_depsim_org_set_activity_delay (AdeptDepsimOrg *self,
                                     guint           ms)
{
  self->delay_ms = ms;
}

void
adept_depsim_org_set_device_refusal (AdeptDepsimOrg *self,
                                     const char     *serial,
                                     const char     *reason,
                                     guint           count)
{
  Refusal *refusal;

  if (count == 0)
    {
      g_hash_table_remove (self->refusals, serial);
      return;
    }
  refusal = g_new0 (Refusal, 1);
  refusal->reason = g_strdup (reason);
  refusal->count = count;
  g_hash_table_replace (self->refusals, g_strdup (serial), refusal);
}

/* ---- What only the organisation knows about a device ---- */

typedef struct {
  const char *purchase_type;
  char        purchase_id[16];
  char        order_number[16];
  gint64      order_ms;
  char        part_number[16];
  char        product_type[24];
  char        capacity[16];
  char        wifi_mac[18];
  char        bluetooth_mac[18];
  gint64      os;
  gboolean    shared_ipad;
  gboolean    return_to_service;
  gboolean    configurator;
} OrgFacts;

static void
format_mac (char    out[18],
            guint64 h)
{
  g_snprintf (out, 18, "%02X:%02X:%02X:%02X:%02X:%02X", 0xAC, 0xDE, 0x48,
              (guint) (h & 0xff), (guint) ((h >> 8) & 0xff), (guint) ((h >> 16) & 0xff));
}

/* "128GB" or "1TB" in Apple's order-line description, if any. */
static void
find_capacity (const char *description,
               char        out[16])
{
  out[0] = '\0';
  for (const char *p = description; p != NULL && *p != '\0'; p++)
    {
      gsize digits = strspn (p, "0123456789");

      if (digits > 0 && digits < 5 && (p == description || !g_ascii_isalnum (p[-1])) &&
          (strncmp (p + digits, "GB", 2) == 0 || strncmp (p + digits, "TB", 2) == 0))
        {
          g_snprintf (out, 16, "%.*s", (int) digits + 2, p);
          return;
        }
    }
}

static void
derive_facts (AdeptDepsimOrg               *self,
              guint                         index,
              const AdeptDepsimDeviceFacts *device,
              OrgFacts                     *facts)
{
  gint64 day = device->assigned_ms / DAY_MS;
  guint64 order = mix (self->seed * G_GUINT64_CONSTANT (0x51ED) ^ (guint64) day);
  guint64 h = mix (self->seed ^ ((guint64) g_str_hash (device->serial) << 16) ^ index);
  guint64 model = mix (g_str_hash (device->model != NULL ? device->model : ""));
  guint source = (guint) (order % 100);
  Overrides *o = g_hash_table_lookup (self->overrides, GUINT_TO_POINTER (index + 1));
  const char *family = device->family != NULL ? device->family : "";

  memset (facts, 0, sizeof *facts);
  /* One order a day, from one source: the devices bought together share its number. */
  if (source < 55)
    {
      facts->purchase_type = "APPLE";
      g_snprintf (facts->purchase_id, sizeof facts->purchase_id, "%07u",
                  (guint) (mix (self->seed) % 9000000 + 1000000));
      g_snprintf (facts->order_number, sizeof facts->order_number, "W%010u",
                  (guint) ((order >> 8) % 4000000000u));
    }
  else if (source < 95)
    {
      facts->purchase_type = "RESELLER";
      g_snprintf (facts->purchase_id, sizeof facts->purchase_id, "%08u",
                  (guint) (10000000 + (order >> 40) % 3));
      g_snprintf (facts->order_number, sizeof facts->order_number, "PO-%07u",
                  (guint) ((order >> 8) % 10000000));
    }
  else
    facts->purchase_type = "MANUALLY_ADDED";
  facts->order_ms = day * DAY_MS - (gint64) ((order >> 32) % 10) * DAY_MS;
  g_snprintf (facts->part_number, sizeof facts->part_number, "M%c%c%c%cLL/A",
              'A' + (char) (model % 26), 'A' + (char) ((model >> 8) % 26),
              '0' + (char) ((model >> 16) % 10), '0' + (char) ((model >> 24) % 10));
  g_snprintf (facts->product_type, sizeof facts->product_type, "%s%u,%u",
              g_str_equal (family, "AppleTV") ? "AppleTV" : g_str_equal (family, "Vision") ? "RealityDevice"
              : g_str_equal (family, "") ? "Device" : family,
              (guint) (12 + (model >> 32) % 6), (guint) (1 + (model >> 40) % 5));
  find_capacity (device->description, facts->capacity);
  format_mac (facts->wifi_mac, h);
  format_mac (facts->bluetooth_mac, h >> 24);

  facts->os = (h >> 32) % 100 < 70 ? MIGRATION_OS : (h >> 32) % 100 < 85 ? 18 : (h >> 32) % 100 < 95 ? 17 : 16;
  facts->shared_ipad = g_str_equal (family, "iPad") && (h >> 40) % 100 < 8;
  facts->return_to_service = (g_str_equal (family, "iPad") || g_str_equal (family, "iPhone")) &&
                             (h >> 48) % 100 < 3;
  facts->configurator = g_str_equal (facts->purchase_type, "MANUALLY_ADDED");
  if (o != NULL)
    {
      if (o->os >= 0)
        facts->os = o->os;
      if (o->shared_ipad >= 0)
        facts->shared_ipad = o->shared_ipad != 0;
      if (o->return_to_service >= 0)
        facts->return_to_service = o->return_to_service != 0;
      if (o->configurator >= 0)
        facts->configurator = o->configurator != 0;
    }
}

/* NULL when the device may migrate, else Apple's reason and its code. */
static const char *
migration_refusal (AdeptDepsimOrg               *self,
                   const AdeptDepsimDeviceFacts *device,
                   const OrgFacts               *facts,
                   const char                  **code)
{
  const char *family = device->family != NULL ? device->family : "";

  if (!g_str_equal (family, "iPhone") && !g_str_equal (family, "iPad") && !g_str_equal (family, "Mac"))
    {
      *code = "PLATFORM_NOT_SUPPORTED";
      return "MDM migration is available for iPhone, iPad and Mac only.";
    }
  if (facts->os < MIGRATION_OS)
    {
      *code = "OS_VERSION_NOT_SUPPORTED";
      return "MDM migration requires iOS 26, iPadOS 26 or macOS 26 or later.";
    }
  if (facts->shared_ipad)
    {
      *code = "SHARED_IPAD";
      return "A Shared iPad cannot be migrated to another MDM server.";
    }
  if (facts->return_to_service)
    {
      *code = "RETURN_TO_SERVICE";
      return "A device in Return to Service cannot be migrated to another MDM server.";
    }
  if (facts->configurator &&
      adept_depsim_state_now_ms (self->state) - device->assigned_ms < PROVISIONAL_MS)
    {
      *code = "PROVISIONAL_PERIOD";
      return "A device added with Apple Configurator cannot be migrated during its 30-day provisional period.";
    }
  return NULL;
}

gboolean
adept_depsim_org_set_fact (AdeptDepsimOrg  *self,
                           const char      *serial,
                           const char      *name,
                           gint64           value,
                           GError         **error)
{
  int index = adept_depsim_state_lookup (self->state, serial);
  gpointer key = GUINT_TO_POINTER ((guint) index + 1);
  Overrides *o;

  if (index < 0)
    return adept_depsim_state_check_serials (self->state, (const char *[]) { serial, NULL }, error);
  o = g_hash_table_lookup (self->overrides, key);
  if (o == NULL)
    {
      o = g_new (Overrides, 1);
      o->os = o->shared_ipad = o->return_to_service = o->configurator = -1;
      g_hash_table_insert (self->overrides, key, o);
    }
  if (g_str_equal (name, "os"))
    o->os = value;
  else if (g_str_equal (name, "shared_ipad"))
    o->shared_ipad = value;
  else if (g_str_equal (name, "return_to_service"))
    o->return_to_service = value;
  else if (g_str_equal (name, "configurator"))
    o->configurator = value;
  else
    {
      g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_BAD_REQUEST,
                   _("“%s” is not a device fact. Use os, shared_ipad, return_to_service or configurator."),
                   name);
      return FALSE;
    }
  emit_changed (self);
  return TRUE;
}

static Migration *
migration_of (AdeptDepsimOrg *self,
              guint           index)
{
  return g_hash_table_lookup (self->migrations, GUINT_TO_POINTER (index + 1));
}

static void
set_migration (AdeptDepsimOrg  *self,
               guint            index,
               MigrationStatus  status,
               gint64           deadline_ms)
{
  Migration *m;

  if (status == MIGRATION_NONE)
    {
      g_hash_table_remove (self->migrations, GUINT_TO_POINTER (index + 1));
      return;
    }
  m = g_new (Migration, 1);
  m->status = status;
  m->deadline_ms = deadline_ms;
  g_hash_table_replace (self->migrations, GUINT_TO_POINTER (index + 1), m);
}

gboolean
adept_depsim_org_set_migration_status (AdeptDepsimOrg  *self,
                                       const char      *serial,
                                       const char      *status,
                                       GError         **error)
{
  int index = adept_depsim_state_lookup (self->state, serial);
  Migration *m;

  if (index < 0)
    return adept_depsim_state_check_serials (self->state, (const char *[]) { serial, NULL }, error);
  m = migration_of (self, index);
  for (guint i = 0; i < G_N_ELEMENTS (migration_names); i++)
    if (g_strcmp0 (status, migration_names[i]) == 0)
      {
        set_migration (self, index, i, m != NULL ? m->deadline_ms : 0);
        emit_changed (self);
        return TRUE;
      }
  g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_BAD_REQUEST,
               _("A migration status is REQUESTED, STARTED, SUCCESS or FAILED."));
  return FALSE;
}

/* ---- JSON:API ---- */

void
adept_depsim_org_reply_error (AdeptDepsimReply *reply,
                              guint             status,
                              const char       *code,
                              const char       *title,
                              const char       *detail)
{
  GString *out = g_string_new ("{\"errors\":[{");
  g_autofree char *status_text = g_strdup_printf ("%u", status);
  g_autofree char *id = g_uuid_string_random ();

  adept_depsim_json_member (out, "id", id);
  adept_depsim_json_member (out, "status", status_text);
  adept_depsim_json_member (out, "code", code);
  adept_depsim_json_member (out, "title", title);
  adept_depsim_json_member (out, "detail", detail);
  g_string_append (out, "}]}");
  adept_depsim_reply_json (reply, out);
  reply->status = status;
}

static void
reply_not_found (AdeptDepsimReply *reply,
                 const char       *what)
{
  adept_depsim_org_reply_error (reply, 404, "NOT_FOUND", "The specified resource does not exist.", what);
}

static void
reply_parameter_error (AdeptDepsimReply *reply,
                       const char       *detail)
{
  adept_depsim_org_reply_error (reply, 400, "PARAMETER_ERROR.INVALID",
                                "A parameter has an invalid value.", detail);
}

static void
reply_entity_error (AdeptDepsimReply *reply,
                    const char       *detail)
{
  adept_depsim_org_reply_error (reply, 422, "ENTITY_ERROR.ATTRIBUTE.INVALID",
                                "The request entity is not valid.", detail);
}

/* An opaque cursor: where the next page starts. */
static char *
encode_cursor (guint position)
{
  g_autofree char *text = g_strdup_printf ("p:%u", position);
  char *b64 = g_base64_encode ((const guchar *) text, strlen (text));
  gsize len = strlen (b64);

  while (len > 0 && b64[len - 1] == '=')
    b64[--len] = '\0';
  return b64;
}

static gboolean
decode_cursor (const char *text,
               guint      *position)
{
  g_autofree char *padded = NULL;
  g_autofree guchar *raw = NULL;
  g_autofree char *decoded = NULL;
  gsize len = text != NULL ? strlen (text) : 0;
  guint64 value;

  if (len == 0 || len > 64 || strspn (text, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/") != len)
    return FALSE;
  padded = g_strnfill (len + (4 - len % 4) % 4, '=');
  memcpy (padded, text, len);
  raw = g_base64_decode (padded, &len);
  decoded = g_strndup ((const char *) raw, len);
  if (!g_str_has_prefix (decoded, "p:") ||
      !g_ascii_string_to_unsigned (decoded + 2, 10, 0, G_MAXUINT, &value, NULL))
    return FALSE;
  *position = (guint) value;
  return TRUE;
}

typedef struct {
  guint       limit;
  guint       start;
  GHashTable *fields;   /* attribute names asked for, NULL for all */
} Paging;

static void
paging_clear (Paging *paging)
{
  g_clear_pointer (&paging->fields, g_hash_table_unref);
}

static gboolean
read_paging (GHashTable       *query,
             const char       *type,
             Paging           *paging,
             AdeptDepsimReply *reply)
{
  const char *limit = query != NULL ? g_hash_table_lookup (query, "limit") : NULL;
  const char *cursor = query != NULL ? g_hash_table_lookup (query, "cursor") : NULL;
  g_autofree char *fields_key = g_strdup_printf ("fields[%s]", type);
  const char *fields = query != NULL ? g_hash_table_lookup (query, fields_key) : NULL;
  guint64 n;

  paging->limit = ADEPT_DEPSIM_ABM_DEFAULT_LIMIT;
  paging->start = 0;
  paging->fields = NULL;
  if (limit != NULL)
    {
      if (!g_ascii_string_to_unsigned (limit, 10, 1, ADEPT_DEPSIM_ABM_MAX_LIMIT, &n, NULL))
        {
          reply_parameter_error (reply, "limit must be a number from 1 to 1000.");
          return FALSE;
        }
      paging->limit = (guint) n;
    }
  if (cursor != NULL && !decode_cursor (cursor, &paging->start))
    {
      reply_parameter_error (reply, "The cursor is not valid.");
      return FALSE;
    }
  if (fields != NULL)
    {
      g_auto(GStrv) names = g_strsplit (fields, ",", -1);

      paging->fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      for (guint i = 0; names[i] != NULL; i++)
        if (*names[i] != '\0')
          g_hash_table_add (paging->fields, g_strdup (names[i]));
    }
  return TRUE;
}

static gboolean
wanted (const Paging *paging,
        const char   *name)
{
  return paging == NULL || paging->fields == NULL || g_hash_table_contains (paging->fields, name);
}

static void
append_escaped (GString    *out,
                const char *text)
{
  g_autofree char *escaped = g_uri_escape_string (text, NULL, FALSE);

  g_string_append (out, escaped);
}

/* The link of a page starting at position, with the request's limit and fields. */
static char *
page_link (AdeptDepsimOrg *self,
           const char     *path,
           const char     *type,
           const Paging   *paging,
           guint           position)
{
  GString *link = g_string_new (self->api_url);

  g_string_append (link, path);
  g_string_append_printf (link, "?limit=%u", paging->limit);
  if (paging->fields != NULL)
    {
      g_autoptr(GList) names = g_hash_table_get_keys (paging->fields);
      gboolean first = TRUE;

      g_string_append_printf (link, "&fields%%5B%s%%5D=", type);
      for (GList *l = names; l != NULL; l = l->next)
        {
          if (!first)
            g_string_append (link, "%2C");
          first = FALSE;
          append_escaped (link, l->data);
        }
    }
  if (position > 0)
    {
      g_autofree char *cursor = encode_cursor (position);

      g_string_append (link, "&cursor=");
      append_escaped (link, cursor);
    }
  return g_string_free (link, FALSE);
}

static void
append_page_end (AdeptDepsimOrg *self,
                 GString        *out,
                 const char     *path,
                 const char     *type,
                 const Paging   *paging,
                 guint           total,
                 guint           next)
{
  g_autofree char *self_link = page_link (self, path, type, paging, paging->start);

  g_string_append (out, "],\"links\":{");
  adept_depsim_json_member (out, "self", self_link);
  if (next > 0)
    {
      g_autofree char *next_link = page_link (self, path, type, paging, next);

      adept_depsim_json_member (out, "next", next_link);
    }
  g_string_append_printf (out, "},\"meta\":{\"paging\":{\"total\":%u,\"limit\":%u", total, paging->limit);
  if (next > 0)
    {
      g_autofree char *cursor = encode_cursor (next);

      adept_depsim_json_member (out, "nextCursor", cursor);
    }
  g_string_append (out, "}}}");
}

/* prefix, the id, then suffix: "/v1/orgDevices/" SERIAL "/assignedServer". */
static void
append_resource_link (AdeptDepsimOrg *self,
                      GString        *out,
                      const char     *name,
                      const char     *prefix,
                      const char     *id,
                      const char     *suffix)
{
  g_autofree char *escaped = g_uri_escape_string (id, NULL, FALSE);
  g_autofree char *link = g_strconcat (self->api_url, prefix, escaped, suffix, NULL);

  adept_depsim_json_member (out, name, link);
}

static void
append_org_device (AdeptDepsimOrg               *self,
                   GString                      *out,
                   guint                         index,
                   const AdeptDepsimDeviceFacts *device,
                   const Paging                 *paging)
{
  OrgFacts facts;
  Migration *m = migration_of (self, index);
  const char *code;

  derive_facts (self, index, device, &facts);
  g_string_append (out, "{\"type\":\"orgDevices\"");
  adept_depsim_json_member (out, "id", device->serial);
  g_string_append (out, ",\"attributes\":{");
#define TEXT(name, value) if (wanted (paging, name)) adept_depsim_json_member (out, name, value)
#define TIME(name, value) if (wanted (paging, name) && (value) > 0) adept_depsim_json_time_member (out, name, value)
  TEXT ("serialNumber", device->serial);
  TIME ("addedToOrgDateTime", device->assigned_ms);
  TIME ("updatedDateTime", device->assigned_ms);
  TEXT ("deviceModel", device->model);
  TEXT ("productFamily", device->family);
  TEXT ("productType", facts.product_type);
  TEXT ("deviceCapacity", facts.capacity[0] != '\0' ? facts.capacity : NULL);
  TEXT ("partNumber", facts.part_number);
  TEXT ("orderNumber", facts.order_number[0] != '\0' ? facts.order_number : NULL);
  TEXT ("color", device->color);
  TEXT ("status", device->server != ADEPT_DEPSIM_SERVER_NONE ? "ASSIGNED" : "UNASSIGNED");
  TIME ("orderDateTime", facts.order_number[0] != '\0' ? facts.order_ms : 0);
  TEXT ("wifiMacAddress", facts.wifi_mac);
  TEXT ("bluetoothMacAddress", facts.bluetooth_mac);
  TEXT ("purchaseSourceId", facts.purchase_id[0] != '\0' ? facts.purchase_id : NULL);
  TEXT ("purchaseSourceType", facts.purchase_type);
  if (wanted (paging, "isMdmMigrationCapable"))
    adept_depsim_json_raw_member (out, "isMdmMigrationCapable",
                                  migration_refusal (self, device, &facts, &code) == NULL ? "true" : "false");
  TEXT ("mdmMigrationStatus", m != NULL ? migration_names[m->status] : NULL);
  TIME ("mdmMigrationDeadlineDateTime", m != NULL ? m->deadline_ms : 0);
#undef TEXT
#undef TIME
  g_string_append (out, "},\"relationships\":{\"assignedServer\":{\"links\":{");
  append_resource_link (self, out, "self", "/v1/orgDevices/", device->serial, "/relationships/assignedServer");
  append_resource_link (self, out, "related", "/v1/orgDevices/", device->serial, "/assignedServer");
  g_string_append (out, "}}},\"links\":{");
  append_resource_link (self, out, "self", "/v1/orgDevices/", device->serial, "");
  g_string_append (out, "}}");
}

static void
append_server (AdeptDepsimOrg *self,
               GString        *out,
               const Server   *server,
               const Paging   *paging)
{
  g_string_append (out, "{\"type\":\"mdmServers\"");
  adept_depsim_json_member (out, "id", server->id);
  g_string_append (out, ",\"attributes\":{");
  if (wanted (paging, "serverName"))
    adept_depsim_json_member (out, "serverName", server->name);
  if (wanted (paging, "serverType"))
    adept_depsim_json_member (out, "serverType", server->type);
  if (wanted (paging, "createdDateTime"))
    adept_depsim_json_time_member (out, "createdDateTime", server->created_ms);
  if (wanted (paging, "updatedDateTime"))
    adept_depsim_json_time_member (out, "updatedDateTime", server->created_ms);
  g_string_append (out, "},\"relationships\":{\"devices\":{\"links\":{");
  append_resource_link (self, out, "self", "/v1/mdmServers/", server->id, "/relationships/devices");
  g_string_append (out, "}}}}");
}

/* A device of the organisation by serial: FALSE (404 in the reply) when unknown. */
static gboolean
find_device (AdeptDepsimOrg         *self,
             const char             *serial,
             guint                  *index,
             AdeptDepsimDeviceFacts *device,
             AdeptDepsimReply       *reply)
{
  int i = adept_depsim_state_lookup (self->state, serial);

  if (i < 0 || !adept_depsim_state_get_facts (self->state, i, device) || device->released)
    {
      g_autofree char *detail = g_strdup_printf ("There is no resource of type 'orgDevices' with id '%s'.", serial);

      reply_not_found (reply, detail);
      return FALSE;
    }
  *index = i;
  return TRUE;
}

/* Lists the devices that keep() selects, a page of them. */
typedef gboolean (*DeviceFilter) (const AdeptDepsimDeviceFacts *device,
                                  guint                         server);

static gboolean
any_device (const AdeptDepsimDeviceFacts *device,
            guint                         server)
{
  return TRUE;
}

static gboolean
on_server (const AdeptDepsimDeviceFacts *device,
           guint                         server)
{
  return device->server == server;
}

static void
list_devices (AdeptDepsimOrg   *self,
              const char       *path,
              GHashTable       *query,
              DeviceFilter      keep,
              guint             server,
              gboolean          linkage,
              AdeptDepsimReply *reply)
{
  Paging paging;
  guint n = adept_depsim_state_get_n_devices (self->state);
  guint total = 0, count = 0, next = 0;
  GString *out;

  if (!read_paging (query, "orgDevices", &paging, reply))
    return;
  out = g_string_sized_new (linkage ? 64 * paging.limit : 900 * paging.limit);
  g_string_append (out, "{\"data\":[");
  for (guint i = 0; i < n; i++)
    {
      AdeptDepsimDeviceFacts device;

      adept_depsim_state_get_facts (self->state, i, &device);
      if (device.released || !keep (&device, server))
        continue;
      total++;
      if (i < paging.start || next > 0)
        continue;
      if (count == paging.limit)
        {
          next = i;
          continue;
        }
      if (count++ > 0)
        g_string_append_c (out, ',');
      if (linkage)
        {
          g_string_append (out, "{\"type\":\"orgDevices\"");
          adept_depsim_json_member (out, "id", device.serial);
          g_string_append_c (out, '}');
        }
      else
        append_org_device (self, out, i, &device, &paging);
    }
  append_page_end (self, out, path, "orgDevices", &paging, total, next);
  paging_clear (&paging);
  adept_depsim_reply_json (reply, out);
}

static void
get_device (AdeptDepsimOrg   *self,
            const char       *serial,
            GHashTable       *query,
            AdeptDepsimReply *reply)
{
  AdeptDepsimDeviceFacts device;
  Paging paging;
  guint index;
  GString *out;

  if (!find_device (self, serial, &index, &device, reply) ||
      !read_paging (query, "orgDevices", &paging, reply))
    return;
  out = g_string_new ("{\"data\":");
  append_org_device (self, out, index, &device, &paging);
  g_string_append (out, ",\"links\":{");
  append_resource_link (self, out, "self", "/v1/orgDevices/", serial, "");
  g_string_append (out, "}}");
  paging_clear (&paging);
  adept_depsim_reply_json (reply, out);
}

static void
get_assigned_server (AdeptDepsimOrg   *self,
                     const char       *serial,
                     gboolean          linkage,
                     AdeptDepsimReply *reply)
{
  AdeptDepsimDeviceFacts device;
  const Server *server;
  guint index;
  GString *out;

  if (!find_device (self, serial, &index, &device, reply))
    return;
  server = server_at (self, device.server);
  out = g_string_new ("{\"data\":");
  if (server == NULL)
    g_string_append (out, "null");
  else if (linkage)
    {
      g_string_append (out, "{\"type\":\"mdmServers\"");
      adept_depsim_json_member (out, "id", server->id);
      g_string_append_c (out, '}');
    }
  else
    append_server (self, out, server, NULL);
  g_string_append (out, ",\"links\":{");
  append_resource_link (self, out, "self", "/v1/orgDevices/", serial,
                        linkage ? "/relationships/assignedServer" : "/assignedServer");
  g_string_append (out, "}}");
  adept_depsim_reply_json (reply, out);
}

static void
list_servers (AdeptDepsimOrg   *self,
              GHashTable       *query,
              AdeptDepsimReply *reply)
{
  Paging paging;
  guint count = 0, next = 0;
  GString *out;

  if (!read_paging (query, "mdmServers", &paging, reply))
    return;
  out = g_string_new ("{\"data\":[");
  for (guint i = MAX (paging.start, 1); i < self->servers->len; i++)
    {
      if (count == paging.limit)
        {
          next = i;
          break;
        }
      if (count++ > 0)
        g_string_append_c (out, ',');
      append_server (self, out, g_ptr_array_index (self->servers, i), &paging);
    }
  append_page_end (self, out, "/v1/mdmServers", "mdmServers", &paging, self->servers->len - 1, next);
  paging_clear (&paging);
  adept_depsim_reply_json (reply, out);
}

/* ---- Activities ---- */

static const char * const activity_types[] = {
  "ASSIGN_DEVICES",
  "UNASSIGN_DEVICES",
  "ASSIGN_DEVICES_WITH_MDM_MIGRATION_DEADLINE",
  "UPDATE_MDM_MIGRATION_DEADLINE",
  "CANCEL_MDM_MIGRATION",
  "RELEASE_DEVICES",
};

static gboolean
is_type (const Activity *activity,
         const char     *type)
{
  return g_str_equal (activity->type, type);
}

static const char *
sub_status (const Activity *activity)
{
  guint failed = 0;

  if (!activity->done)
    return "PROCESSING";
  for (guint i = 0; i < activity->results->len; i++)
    if (!((Result *) g_ptr_array_index (activity->results, i))->ok)
      failed++;
  if (failed == 0)
    return "COMPLETED_WITH_SUCCESS";
  return failed == activity->results->len ? "COMPLETED_WITH_FAILURE" : "COMPLETED_WITH_ERROR";
}

static void
append_activity (AdeptDepsimOrg *self,
                 GString        *out,
                 const Activity *activity)
{
  g_string_append (out, "{\"type\":\"orgDeviceActivities\"");
  adept_depsim_json_member (out, "id", activity->id);
  g_string_append (out, ",\"attributes\":{");
  adept_depsim_json_member (out, "status", activity->done ? "COMPLETED" : "IN_PROGRESS");
  adept_depsim_json_member (out, "subStatus", sub_status (activity));
  adept_depsim_json_time_member (out, "createdDateTime", activity->created_ms);
  if (activity->done)
    {
      g_autofree char *url = g_strdup_printf ("%s/_downloads/%s.csv", self->api_url, activity->download);

      adept_depsim_json_time_member (out, "completedDateTime", activity->completed_ms);
      adept_depsim_json_member (out, "downloadUrl", url);
    }
  g_string_append (out, "},\"links\":{");
  append_resource_link (self, out, "self", "/v1/orgDeviceActivities/", activity->id, "");
  g_string_append (out, "}}");
}

static gboolean
migration_pending (const Migration *m)
{
  return m != NULL && (m->status == MIGRATION_REQUESTED || m->status == MIGRATION_STARTED);
}

/* A device given a migration deadline (0: none any more) on server: the DEP half tells
 * this server's sync the deadline (mdm_migration_deadline), as Apple's protocol 8 does. */
static void
migrate (AdeptDepsimOrg               *self,
         guint                         index,
         const AdeptDepsimDeviceFacts *device,
         guint                         server,
         gint64                        deadline_ms)
{
  if (server == ADEPT_DEPSIM_SERVER_OURS)
    adept_depsim_state_migrate_in (self->state, (const char *[]) { device->serial, NULL }, deadline_ms, FALSE);
  else
    adept_depsim_state_move (self->state, index, server);
}

/* What Apple does to one device of an activity: TRUE and the change made, or FALSE with
 * Apple's code and reason. */
static gboolean
apply_to_device (AdeptDepsimOrg  *self,
                 Activity        *activity,
                 const char      *serial,
                 const char     **code,
                 const char     **reason)
{
  int i = adept_depsim_state_lookup (self->state, serial);
  AdeptDepsimDeviceFacts device;
  Refusal *refusal = g_hash_table_lookup (self->refusals, serial);
  OrgFacts facts;

  if (refusal != NULL)
    {
      *code = "REFUSED";
      *reason = g_intern_string (refusal->reason);
      if (--refusal->count == 0)
        g_hash_table_remove (self->refusals, serial);
      return FALSE;
    }
  if (i < 0 || !adept_depsim_state_get_facts (self->state, i, &device) || device.released)
    {
      *code = "DEVICE_NOT_FOUND";
      *reason = "The device is not in this organization.";
      return FALSE;
    }

  if (is_type (activity, "ASSIGN_DEVICES"))
    {
      adept_depsim_state_move (self->state, i, activity->server);
      return TRUE;
    }
  if (is_type (activity, "UNASSIGN_DEVICES"))
    {
      if (device.server == ADEPT_DEPSIM_SERVER_NONE)
        {
          *code = "DEVICE_NOT_ASSIGNED";
          *reason = "The device is not assigned to an MDM server.";
          return FALSE;
        }
      if (activity->server != ADEPT_DEPSIM_SERVER_NONE && device.server != activity->server)
        {
          *code = "DEVICE_ASSIGNED_ELSEWHERE";
          *reason = "The device is assigned to another MDM server.";
          return FALSE;
        }
      adept_depsim_state_move (self->state, i, ADEPT_DEPSIM_SERVER_NONE);
      set_migration (self, i, MIGRATION_NONE, 0);
      return TRUE;
    }
  if (is_type (activity, "ASSIGN_DEVICES_WITH_MDM_MIGRATION_DEADLINE"))
    {
      if (device.server == ADEPT_DEPSIM_SERVER_NONE || device.server == activity->server)
        {
          *code = "MIGRATION_NOT_APPLICABLE";
          *reason = device.server == ADEPT_DEPSIM_SERVER_NONE
            ? "The device is not assigned to an MDM server to migrate from. Assign it instead."
            : "The device is already assigned to this MDM server.";
          return FALSE;
        }
      derive_facts (self, i, &device, &facts);
      if ((*reason = migration_refusal (self, &device, &facts, code)) != NULL)
        return FALSE;
      migrate (self, i, &device, activity->server, activity->deadline_ms);
      set_migration (self, i, MIGRATION_REQUESTED, activity->deadline_ms);
      return TRUE;
    }
  if (!migration_pending (migration_of (self, i)))
    {
      *code = "MIGRATION_NOT_PENDING";
      *reason = "No MDM migration is pending for this device.";
      return FALSE;
    }
  if (is_type (activity, "UPDATE_MDM_MIGRATION_DEADLINE"))
    {
      migrate (self, i, &device, device.server, activity->deadline_ms);
      migration_of (self, i)->deadline_ms = activity->deadline_ms;
    }
  else
    {
      migrate (self, i, &device, device.server, 0);
      set_migration (self, i, MIGRATION_NONE, 0);
    }
  return TRUE;
}

static void
complete (AdeptDepsimOrg *self,
          Activity       *activity)
{
  stop_timer (activity);
  if (activity->done)
    return;
  for (guint i = 0; i < activity->serials->len; i++)
    {
      Result *result = g_new0 (Result, 1);
      const char *reason = NULL;

      result->serial = g_strdup (g_ptr_array_index (activity->serials, i));
      result->ok = apply_to_device (self, activity, result->serial, &result->code, &reason);
      result->reason = g_strdup (reason);
      g_ptr_array_add (activity->results, result);
      g_hash_table_remove (self->busy, result->serial);
    }
  activity->done = TRUE;
  activity->completed_ms = adept_depsim_state_now_ms (self->state);
  activity->download = adept_depsim_random_hex (16);
  emit_changed (self);
}

static gboolean
on_activity_due (gpointer data)
{
  Activity *activity = data;

  g_clear_pointer (&activity->timer, g_source_unref);
  complete (activity->org, activity);
  return G_SOURCE_REMOVE;
}

/* Activities whose time has come complete when anything is read, so a simulated clock
 * moved forward completes them too. */
static void
complete_due (AdeptDepsimOrg *self)
{
  gint64 now = adept_depsim_state_now_ms (self->state);
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->activities);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Activity *activity = value;

      if (!activity->done && activity->due_ms <= now)
        complete (self, activity);
      else if (activity->done && now - activity->created_ms > ADEPT_DEPSIM_ABM_ACTIVITY_KEEP_MS)
        g_hash_table_iter_remove (&iter);
    }
}

static JsonObject *
get_object (JsonObject *object,
            const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static const char *
get_string (JsonObject *object,
            const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_STRING ? json_node_get_string (node) : NULL;
}

static JsonObject *
parse_body (const char       *body,
            gsize             len,
            AdeptDepsimReply *reply)
{
  JsonObject *object = adept_json_parse_object (body, len, ADEPT_JSON_SOURCE_REQUEST, NULL);

  if (object == NULL)
    adept_depsim_org_reply_error (reply, 400, "PARAMETER_ERROR.INVALID_BODY",
                                  "The request body is not valid JSON.",
                                  "Send a JSON:API document with a data object.");
  return object;
}

/* The serials of relationships.devices.data, without repeats; NULL and a reply when
 * they are missing or malformed. */
static GPtrArray *
read_activity_devices (JsonObject       *relationships,
                       AdeptDepsimReply *reply)
{
  JsonObject *devices = get_object (relationships, "devices");
  JsonNode *node = devices != NULL ? json_object_get_member (devices, "data") : NULL;
  g_autoptr(GPtrArray) serials = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) ||
      json_array_get_length (array = json_node_get_array (node)) == 0)
    {
      reply_entity_error (reply, "relationships.devices.data must name at least one device.");
      return NULL;
    }
  if (json_array_get_length (array) > ADEPT_DEPSIM_ABM_MAX_DEVICES)
    {
      reply_entity_error (reply, "An activity can name at most 1000 devices.");
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
      const char *id = get_string (object, "id");

      if (id == NULL || *id == '\0' || g_strcmp0 (get_string (object, "type"), "orgDevices") != 0)
        {
          reply_entity_error (reply, "Each device is {\"type\":\"orgDevices\",\"id\":SERIAL}.");
          return NULL;
        }
      if (g_hash_table_add (seen, (gpointer) id))
        g_ptr_array_add (serials, g_strdup (id));
    }
  return g_steal_pointer (&serials);
}

static gboolean
read_deadline (AdeptDepsimOrg   *self,
               JsonObject       *attributes,
               gint64           *deadline_ms,
               AdeptDepsimReply *reply)
{
  JsonObject *metadata = get_object (attributes, "activityTypeMetadata");
  const char *text = get_string (metadata, "mdmMigrationDeadlineDateTime");
  g_autoptr(GDateTime) when = NULL;
  gint64 now = adept_depsim_state_now_ms (self->state);

  if (text == NULL || (when = g_date_time_new_from_iso8601 (text, NULL)) == NULL)
    {
      reply_entity_error (reply, "activityTypeMetadata.mdmMigrationDeadlineDateTime must be a date and time.");
      return FALSE;
    }
  *deadline_ms = g_date_time_to_unix (when) * 1000;
  if (*deadline_ms <= now || *deadline_ms - now > ADEPT_DEPSIM_ABM_MAX_DEADLINE_DAYS * DAY_MS)
    {
      reply_entity_error (reply, "The MDM migration deadline must be in the future and at most 90 days ahead.");
      return FALSE;
    }
  return TRUE;
}

static gboolean
needs_server (const char *type)
{
  return g_str_equal (type, "ASSIGN_DEVICES") ||
         g_str_equal (type, "ASSIGN_DEVICES_WITH_MDM_MIGRATION_DEADLINE");
}

static gboolean
needs_deadline (const char *type)
{
  return g_str_equal (type, "ASSIGN_DEVICES_WITH_MDM_MIGRATION_DEADLINE") ||
         g_str_equal (type, "UPDATE_MDM_MIGRATION_DEADLINE");
}

static gboolean
read_server (AdeptDepsimOrg   *self,
             JsonObject       *relationships,
             const char       *type,
             guint            *server,
             AdeptDepsimReply *reply)
{
  JsonObject *data = get_object (get_object (relationships, "mdmServer"), "data");
  const char *id = get_string (data, "id");

  *server = ADEPT_DEPSIM_SERVER_NONE;
  if (id == NULL)
    {
      if (!needs_server (type))
        return TRUE;
      reply_entity_error (reply, "This activity needs relationships.mdmServer.");
      return FALSE;
    }
  for (guint i = 1; i < self->servers->len; i++)
    if (g_str_equal (((Server *) g_ptr_array_index (self->servers, i))->id, id))
      {
        *server = i;
        return TRUE;
      }
  reply_not_found (reply, "There is no resource of type 'mdmServers' with this id.");
  return FALSE;
}

static gboolean
check_not_busy (AdeptDepsimOrg   *self,
                GPtrArray        *serials,
                AdeptDepsimReply *reply)
{
  for (guint i = 0; i < serials->len; i++)
    {
      Activity *other = g_hash_table_lookup (self->busy, g_ptr_array_index (serials, i));

      if (other != NULL)
        {
          g_autofree char *detail = g_strdup_printf ("Device %s is part of activity %s, which is still in progress.",
                                                     (const char *) g_ptr_array_index (serials, i), other->id);

          adept_depsim_org_reply_error (reply, 409, "STATE_ERROR.ACTIVITY_IN_PROGRESS",
                                        "The request conflicts with an activity in progress.", detail);
          return FALSE;
        }
    }
  return TRUE;
}

static void
start_activity (AdeptDepsimOrg *self,
                Activity       *activity)
{
  for (guint i = 0; i < activity->serials->len; i++)
    g_hash_table_insert (self->busy, g_ptr_array_index (activity->serials, i), activity);
  g_hash_table_insert (self->activities, activity->id, activity);
  if (self->context != NULL)
    {
      activity->timer = g_timeout_source_new (self->delay_ms);
      g_source_set_callback (activity->timer, on_activity_due, activity, NULL);
      g_source_attach (activity->timer, self->context);
    }
}

static const char *
known_type (const char *type)
{
  for (guint i = 0; type != NULL && i < G_N_ELEMENTS (activity_types); i++)
    if (g_str_equal (type, activity_types[i]))
      return activity_types[i];
  return NULL;
}

static void
create_activity (AdeptDepsimOrg   *self,
                 const char       *body,
                 gsize             len,
                 AdeptDepsimReply *reply)
{
  g_autoptr(JsonObject) root = parse_body (body, len, reply);
  JsonObject *data = get_object (root, "data");
  JsonObject *attributes = get_object (data, "attributes");
  JsonObject *relationships = get_object (data, "relationships");
  const char *type = known_type (get_string (attributes, "activityType"));
  g_autoptr(GPtrArray) serials = NULL;
  Activity *activity;
  gint64 deadline_ms = 0;
  guint server;
  GString *out;

  if (root == NULL)
    return;
  if (g_strcmp0 (get_string (data, "type"), "orgDeviceActivities") != 0 || type == NULL)
    {
      reply_entity_error (reply, "data.type must be orgDeviceActivities and attributes.activityType one of Apple's activity types.");
      return;
    }
  if (g_str_equal (type, "RELEASE_DEVICES"))
    {
      reply_entity_error (reply, "The simulator does not release devices from the organization.");
      return;
    }
  if ((serials = read_activity_devices (relationships, reply)) == NULL ||
      !read_server (self, relationships, type, &server, reply) ||
      (needs_deadline (type) && !read_deadline (self, attributes, &deadline_ms, reply)) ||
      !check_not_busy (self, serials, reply))
    return;

  activity = g_new0 (Activity, 1);
  activity->org = self;
  activity->id = g_uuid_string_random ();
  activity->type = g_strdup (type);
  activity->server = server;
  activity->serials = g_steal_pointer (&serials);
  activity->deadline_ms = deadline_ms;
  activity->created_ms = adept_depsim_state_now_ms (self->state);
  activity->due_ms = activity->created_ms + self->delay_ms;
  activity->results = g_ptr_array_new_with_free_func (result_free);
  start_activity (self, activity);

  out = g_string_new ("{\"data\":");
  append_activity (self, out, activity);
  g_string_append (out, ",\"links\":{");
  append_resource_link (self, out, "self", "/v1/orgDeviceActivities/", activity->id, "");
  g_string_append (out, "}}");
  adept_depsim_reply_json (reply, out);
  reply->status = 201;
  emit_changed (self);
}

static void
get_activity (AdeptDepsimOrg   *self,
              const char       *id,
              AdeptDepsimReply *reply)
{
  Activity *activity = g_hash_table_lookup (self->activities, id);
  GString *out;

  if (activity == NULL)
    {
      reply_not_found (reply, "There is no resource of type 'orgDeviceActivities' with this id.");
      return;
    }
  out = g_string_new ("{\"data\":");
  append_activity (self, out, activity);
  g_string_append (out, ",\"links\":{");
  append_resource_link (self, out, "self", "/v1/orgDeviceActivities/", id, "");
  g_string_append (out, "}}");
  adept_depsim_reply_json (reply, out);
}

gboolean
adept_depsim_org_download (AdeptDepsimOrg   *self,
                           const char       *path,
                           AdeptDepsimReply *reply)
{
  GHashTableIter iter;
  gpointer value;

  complete_due (self);
  g_hash_table_iter_init (&iter, self->activities);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Activity *activity = value;
      g_autofree char *name = NULL;
      GString *csv;

      if (!activity->done)
        continue;
      name = g_strdup_printf ("/_downloads/%s.csv", activity->download);
      if (!g_str_equal (name, path))
        continue;
      csv = g_string_new ("Serial Number,Status,Error Code,Error Message\r\n");
      for (guint i = 0; i < activity->results->len; i++)
        {
          Result *result = g_ptr_array_index (activity->results, i);

          g_string_append_printf (csv, "%s,%s,%s,", result->serial, result->ok ? "SUCCESS" : "FAILED",
                                  result->ok ? "" : result->code);
          if (result->reason != NULL)
            g_string_append_printf (csv, "\"%s\"", result->reason);
          g_string_append (csv, "\r\n");
        }
      adept_depsim_reply_json (reply, csv);
      reply->content_type = "text/csv;charset=UTF-8";
      return TRUE;
    }
  return FALSE;
}

/* ---- Routing ---- */

static const char * const routes[] = {
  "/v1/orgDevices",
  "/v1/orgDevices/{id}",
  "/v1/orgDevices/{id}/relationships/assignedServer",
  "/v1/orgDevices/{id}/assignedServer",
  "/v1/mdmServers",
  "/v1/mdmServers/{id}/relationships/devices",
  "/v1/orgDeviceActivities",
  "/v1/orgDeviceActivities/{id}",
};

/* Matches path against a route, "{id}" being one non-empty segment; the id lands in *id. */
static gboolean
match_route (const char  *route,
             const char  *path,
             char       **id)
{
  g_auto(GStrv) want = g_strsplit (route, "/", -1);
  g_auto(GStrv) have = g_strsplit (path, "/", -1);

  if (g_strv_length (want) != g_strv_length (have))
    return FALSE;
  for (guint i = 0; want[i] != NULL; i++)
    {
      if (g_str_equal (want[i], "{id}"))
        {
          if (*have[i] == '\0')
            return FALSE;
          if (id != NULL)
            *id = g_uri_unescape_string (have[i], NULL);
        }
      else if (!g_str_equal (want[i], have[i]))
        return FALSE;
    }
  return TRUE;
}

const char *
adept_depsim_org_route (const char *path)
{
  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    if (match_route (routes[i], path, NULL))
      return routes[i];
  return NULL;
}

void
adept_depsim_org_handle (AdeptDepsimOrg   *self,
                         const char       *method,
                         const char       *path,
                         GHashTable       *query,
                         const char       *body,
                         gsize             len,
                         AdeptDepsimReply *reply)
{
  const char *route = adept_depsim_org_route (path);
  g_autofree char *id = NULL;
  gboolean get = g_str_equal (method, "GET");

  complete_due (self);
  if (route == NULL)
    {
      reply_not_found (reply, "The API has no such path.");
      return;
    }
  match_route (route, path, &id);
  if (g_str_equal (route, "/v1/orgDeviceActivities") && g_str_equal (method, "POST"))
    create_activity (self, body, len, reply);
  else if (!get)
    adept_depsim_org_reply_error (reply, 405, "METHOD_NOT_ALLOWED", "The method is not allowed.",
                                  "This resource does not allow that method.");
  else if (g_str_equal (route, "/v1/orgDevices"))
    list_devices (self, route, query, any_device, 0, FALSE, reply);
  else if (g_str_equal (route, "/v1/orgDevices/{id}"))
    get_device (self, id, query, reply);
  else if (g_str_equal (route, "/v1/orgDevices/{id}/relationships/assignedServer"))
    get_assigned_server (self, id, TRUE, reply);
  else if (g_str_equal (route, "/v1/orgDevices/{id}/assignedServer"))
    get_assigned_server (self, id, FALSE, reply);
  else if (g_str_equal (route, "/v1/mdmServers"))
    list_servers (self, query, reply);
  else if (g_str_equal (route, "/v1/mdmServers/{id}/relationships/devices"))
    {
      guint server = adept_depsim_org_find_server (self, id);
      g_autofree char *own_path = g_strdup_printf ("/v1/mdmServers/%s/relationships/devices", id);

      if (server == ADEPT_DEPSIM_SERVER_NONE || !g_str_equal (adept_depsim_org_get_server_id (self, server), id))
        reply_not_found (reply, "There is no resource of type 'mdmServers' with this id.");
      else
        list_devices (self, own_path, query, on_server, server, TRUE, reply);
    }
  else
    get_activity (self, id, reply);
}

/* ---- The truth and saving ---- */

void
adept_depsim_org_write_truth (AdeptDepsimOrg *self,
                              GString        *out)
{
  g_autofree guint *counts = g_new0 (guint, self->servers->len);
  guint n = adept_depsim_state_get_n_devices (self->state);
  GHashTableIter iter;
  gpointer key, value;
  gboolean first = TRUE;

  complete_due (self);
  for (guint i = 0; i < n; i++)
    {
      AdeptDepsimDeviceFacts device;

      adept_depsim_state_get_facts (self->state, i, &device);
      if (!device.released && device.server < self->servers->len)
        counts[device.server]++;
    }
  g_string_append_printf (out, "{\"unassigned\":%u,\"servers\":[", counts[0]);
  for (guint i = 1; i < self->servers->len; i++)
    {
      const Server *server = g_ptr_array_index (self->servers, i);

      g_string_append (out, i > 1 ? ",{" : "{");
      adept_depsim_json_member (out, "id", server->id);
      adept_depsim_json_member (out, "name", server->name);
      adept_depsim_json_member (out, "type", server->type);
      g_string_append_printf (out, ",\"devices\":%u}", counts[i]);
    }
  g_string_append (out, "],\"migrations\":{");
  g_hash_table_iter_init (&iter, self->migrations);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      AdeptDepsimDeviceFacts device;
      Migration *m = value;

      adept_depsim_state_get_facts (self->state, GPOINTER_TO_UINT (key) - 1, &device);
      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;
      adept_depsim_json_string (out, device.serial);
      g_string_append (out, ":{");
      adept_depsim_json_member (out, "status", migration_names[m->status]);
      if (m->deadline_ms > 0)
        adept_depsim_json_time_member (out, "deadline", m->deadline_ms);
      g_string_append_c (out, '}');
    }
  g_string_append_printf (out, "},\"activities\":%u}", g_hash_table_size (self->activities));
}

void
adept_depsim_org_write_json (AdeptDepsimOrg *self,
                             GString        *out)
{
  GHashTableIter iter;
  gpointer key, value;
  gboolean first = TRUE;

  /* Activities in progress complete before a save; their results are not kept. */
  complete_due (self);
  g_string_append_printf (out, "{\"delay_ms\":%u,\"migrations\":[", self->delay_ms);
  g_hash_table_iter_init (&iter, self->migrations);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Migration *m = value;

      g_string_append_printf (out, "%s%u,%u,%" G_GINT64_FORMAT, first ? "" : ",",
                              GPOINTER_TO_UINT (key) - 1, m->status, m->deadline_ms);
      first = FALSE;
    }
  g_string_append (out, "],\"overrides\":[");
  first = TRUE;
  g_hash_table_iter_init (&iter, self->overrides);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Overrides *o = value;

      g_string_append_printf (out, "%s%u,%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT
                              ",%" G_GINT64_FORMAT, first ? "" : ",", GPOINTER_TO_UINT (key) - 1,
                              o->os, o->shared_ipad, o->return_to_service, o->configurator);
      first = FALSE;
    }
  g_string_append (out, "]}");
}

static JsonArray *
get_array (JsonObject *object,
           const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

void
adept_depsim_org_read_json (AdeptDepsimOrg *self,
                            JsonObject     *object)
{
  JsonArray *migrations = get_array (object, "migrations");
  JsonArray *overrides = get_array (object, "overrides");
  guint n = adept_depsim_state_get_n_devices (self->state);

  self->delay_ms = (guint) CLAMP (json_object_get_int_member_with_default (object, "delay_ms",
                                                                          DEFAULT_ACTIVITY_DELAY_MS),
                                  0, G_MAXINT);
  for (guint i = 0; migrations != NULL && i + 2 < json_array_get_length (migrations); i += 3)
    {
      gint64 index = json_array_get_int_element (migrations, i);
      gint64 status = json_array_get_int_element (migrations, i + 1);

      if (index >= 0 && index < n && status > MIGRATION_NONE && status <= MIGRATION_FAILED)
        set_migration (self, (guint) index, (MigrationStatus) status,
                       json_array_get_int_element (migrations, i + 2));
    }
  for (guint i = 0; overrides != NULL && i + 4 < json_array_get_length (overrides); i += 5)
    {
      gint64 index = json_array_get_int_element (overrides, i);
      Overrides *o;

      if (index < 0 || index >= n)
        continue;
      o = g_new (Overrides, 1);
      o->os = json_array_get_int_element (overrides, i + 1);
      o->shared_ipad = json_array_get_int_element (overrides, i + 2);
      o->return_to_service = json_array_get_int_element (overrides, i + 3);
      o->configurator = json_array_get_int_element (overrides, i + 4);
      g_hash_table_replace (self->overrides, GUINT_TO_POINTER ((guint) index + 1), o);
    }
}
