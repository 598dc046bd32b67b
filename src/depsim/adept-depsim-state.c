/* adept-depsim-state.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-depsim"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "adept-depsim-catalog.h"
#include "adept-depsim-hardware.h"
#include "adept-depsim-state.h"
#include "adept-depsim-util.h"
#include "adept-error.h"

typedef enum {
  STATUS_EMPTY,
  STATUS_ASSIGNED,
  STATUS_PUSHED,
  STATUS_REMOVED,
} ProfileStatus;

typedef enum {
  OWNER_NONE,
  OWNER_SERVER,
  OWNER_DISOWNED,
} Owner;

typedef enum {
  OP_ADDED,
  OP_MODIFIED,
  OP_DELETED,
} Op;

static const char * const status_names[] = { "empty", "assigned", "pushed", "removed" };
static const char * const op_names[] = { "added", "modified", "deleted" };

/* A Record's op may carry this flag: the device left because a replacement took its
 * place (released_by_replacement, protocol 10). */
#define OP_MASK          0xff
#define OP_REPLACED      0x100

/* Strings point into the state's string chunk, which keeps one copy of each. */
typedef struct {
  const char *serial;
  const char *model;
  const char *description;
  const char *color;
  const char *os;
  const char *family;
  const char *asset_tag;
  const char *assigned_by;
  const char *profile_uuid;
  gint64      assigned_ms;
  gint64      profile_assign_ms;
  gint64      profile_push_ms;
  guint8      owner;
  guint8      status;
  /* With owner OWNER_NONE: the organisation's other MDM server the device is on
   * (ADEPT_DEPSIM_SERVER_OURS + 1…), or ADEPT_DEPSIM_SERVER_NONE when unassigned. */
  guint16     elsewhere;
} Device;

/* One change, 16 bytes, so the log of 100,000 devices stays small. */
typedef struct {
  gint64  ms;
  guint32 device;
  guint32 op;
} Record;

typedef struct {
  char  *result;
  guint  count;
  guint  retry_after;
} AssignOverride;

typedef struct {
  gint64   ms;
  guint64  seq;
  guint    index;
  gboolean done;
} Cursor;

/* What protocol versions 8 and 10 added to a device and can change; most devices have
 * none, so they are kept by serial apart from Device. (The hardware identifiers follow
 * from the serial and are made when written: adept-depsim-hardware.c.) */
typedef struct {
  gint64   migration_deadline_ms;
  gboolean is_replacement;
} Facts;

/* A device's protocol-10 identifiers as JSON members (",\"wifi_mac_address\":…"), made
 * once: they follow from the seed, the serial, the family, the model and the description
 * alone. The entry keeps those it was made from; they are interned, so the same pointers
 * are the same texts, and an edit, a replacement or a reload that changes any of them
 * shows as a different pointer and the members are made again. */
typedef struct {
  const char *serial;
  const char *family;
  const char *model;
  const char *description;
  const char *json;
} HardwareJson;

/* A replacement device: the device it replaced and when (replacementDetails). */
typedef struct {
  const char *original;
  gint64      ms;
} Replacement;

/* An Activation Lock Apple holds for a device. */
typedef struct {
  char   *escrow_key;     /* NULL: locked to the person who made the MDM server */
  char   *lost_message;
  gint64  ms;
} Lock;

struct _AdeptDepsimState
{
  GObject       parent_instance;

  guint64       seed;
  guint64       next_index;
  char         *org_id;
  char         *server_uuid;
  char         *server_name;   /* not saved: set by whoever starts the simulator */
  char         *secret;

  GStringChunk *strings;
  GArray       *devices;
  GHashTable   *by_serial;

  GArray       *log;
  guint64       log_base;

  GHashTable   *profiles;
  GPtrArray    *profile_order;

  gint64        clock_offset_ms;
  gint64        last_ms;

  GHashTable   *assign_overrides;
  guint         throttle_max;
  guint         throttle_retry_after;

  /* Protocol 8/10 facts, replacements, Activation Lock and the organisation's settings */
  GHashTable   *facts;
  GHashTable   *replacements;
  GHashTable   *locks;
  GHashTable   *lock_overrides;
  GArray       *hardware_json;   /* HardwareJson by device index */
  GStringChunk *hardware_text;
  GString      *scratch;
  const char   *last_profile_uuid;  /* interned, for a request of many devices */
  guint         changed_held;
  gboolean      changed_pending;

  gboolean      lock_unsupported;
  gboolean      ade_unsupported;
  gboolean      beta_turned_off;
  char         *ade_url;
  gint64        ade_updated_ms;
};

G_DEFINE_FINAL_TYPE (AdeptDepsimState, adept_depsim_state, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Records older than this are dropped; a cursor expires after seven days, so none
 * reaches them. */
#define LOG_KEEP_MS (2 * ADEPT_DEPSIM_CURSOR_LIFETIME_MS)

static void
assign_override_free (gpointer data)
{
  AssignOverride *o = data;

  g_free (o->result);
  g_free (o);
}

static void
lock_free (gpointer data)
{
  Lock *lock = data;

  g_free (lock->escrow_key);
  g_free (lock->lost_message);
  g_free (lock);
}

static void
adept_depsim_state_finalize (GObject *object)
{
  AdeptDepsimState *self = ADEPT_DEPSIM_STATE (object);

  g_free (self->org_id);
  g_free (self->server_uuid);
  g_free (self->server_name);
  g_free (self->secret);
  g_string_chunk_free (self->strings);
  g_array_unref (self->devices);
  g_hash_table_unref (self->by_serial);
  g_array_unref (self->log);
  g_hash_table_unref (self->profiles);
  g_ptr_array_unref (self->profile_order);
  g_hash_table_unref (self->assign_overrides);
  g_hash_table_unref (self->facts);
  g_hash_table_unref (self->replacements);
  g_hash_table_unref (self->locks);
  g_hash_table_unref (self->lock_overrides);
  g_array_unref (self->hardware_json);
  g_string_chunk_free (self->hardware_text);
  g_string_free (self->scratch, TRUE);
  g_free (self->ade_url);

  G_OBJECT_CLASS (adept_depsim_state_parent_class)->finalize (object);
}

static void
adept_depsim_state_class_init (AdeptDepsimStateClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = adept_depsim_state_finalize;

  /* Emitted after every change worth saving. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
adept_depsim_state_init (AdeptDepsimState *self)
{
  self->strings = g_string_chunk_new (64 * 1024);
  self->devices = g_array_new (FALSE, TRUE, sizeof (Device));
  self->by_serial = g_hash_table_new (g_str_hash, g_str_equal);
  self->log = g_array_new (FALSE, FALSE, sizeof (Record));
  self->profiles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) json_object_unref);
  self->profile_order = g_ptr_array_new_with_free_func (g_free);
  self->assign_overrides = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                  assign_override_free);
  /* Keys are interned serials. */
  self->facts = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  self->replacements = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  self->locks = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, lock_free);
  self->lock_overrides = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                assign_override_free);
  self->hardware_json = g_array_new (FALSE, TRUE, sizeof (HardwareJson));
  self->hardware_text = g_string_chunk_new (64 * 1024);
  self->scratch = g_string_new (NULL);
}

static void
emit_changed (AdeptDepsimState *self)
{
  if (self->changed_held > 0)
    {
      self->changed_pending = TRUE;
      return;
    }
  g_signal_emit (self, signals[CHANGED], 0);
}

void
adept_depsim_state_hold_changed (AdeptDepsimState *self)
{
  self->changed_held++;
}

void
adept_depsim_state_release_changed (AdeptDepsimState *self)
{
  g_return_if_fail (self->changed_held > 0);

  if (--self->changed_held == 0 && self->changed_pending)
    {
      self->changed_pending = FALSE;
      emit_changed (self);
    }
}

static const char *
intern (AdeptDepsimState *self,
        const char       *s)
{
  return s != NULL ? g_string_chunk_insert_const (self->strings, s) : NULL;
}

static Device *
device_at (AdeptDepsimState *self,
           guint             index)
{
  return &g_array_index (self->devices, Device, index);
}

static int
lookup (AdeptDepsimState *self,
        const char       *serial)
{
  gpointer value = g_hash_table_lookup (self->by_serial, serial);

  return value != NULL ? GPOINTER_TO_INT (value) - 1 : -1;
}

static Device *
lookup_device (AdeptDepsimState *self,
               const char       *serial)
{
  int index = lookup (self, serial);

  return index >= 0 ? device_at (self, index) : NULL;
}

static guint
push_device (AdeptDepsimState *self,
             const Device     *device)
{
  guint index = self->devices->len;

  g_array_append_vals (self->devices, device, 1);
  g_hash_table_insert (self->by_serial, (gpointer) device->serial, GINT_TO_POINTER (index + 1));
  return index;
}

static void
prune_log (AdeptDepsimState *self)
{
  gint64 cutoff = adept_depsim_state_now_ms (self) - LOG_KEEP_MS;
  guint lo = 0;
  guint hi = self->log->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (self->log, Record, mid).ms < cutoff)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo > 0)
    {
      g_array_remove_range (self->log, 0, lo);
      self->log_base += lo;
    }
}

static void
log_change (AdeptDepsimState *self,
            guint             index,
            Op                op)
{
  Record record = { adept_depsim_state_now_ms (self), index, op };

  g_array_append_val (self->log, record);
  if ((self->log->len & 0xfff) == 0)
    prune_log (self);
}

gint64
adept_depsim_state_now_ms (AdeptDepsimState *self)
{
  gint64 now = g_get_real_time () / 1000 + self->clock_offset_ms;

  self->last_ms = MAX (self->last_ms, now);
  return self->last_ms;
}

void
adept_depsim_state_advance_clock (AdeptDepsimState *self,
                                  gint64            seconds)
{
  g_return_if_fail (seconds >= 0);

  self->clock_offset_ms += seconds * 1000;
  prune_log (self);
  emit_changed (self);
}

guint64
adept_depsim_state_get_seed (AdeptDepsimState *self)
{
  return self->seed;
}

const char *
adept_depsim_state_get_org_id (AdeptDepsimState *self)
{
  return self->org_id;
}

const char *
adept_depsim_state_get_server_uuid (AdeptDepsimState *self)
{
  return self->server_uuid;
}

const char *
adept_depsim_state_get_server_name (AdeptDepsimState *self)
{
  return self->server_name != NULL ? self->server_name : "Adept Simulator MDM";
}

void
adept_depsim_state_set_server_name (AdeptDepsimState *self,
                                    const char       *name)
{
  g_free (self->server_name);
  self->server_name = g_strdup (name);
}

/* Generates the next seeded device, with a serial no other device has. */
static void
generate_device (AdeptDepsimState *self,
                 GHashTable       *taken,
                 Device           *device)
{
  AdeptDepsimDeviceSpec spec;
  guint attempt = 0;

  for (;;)
    {
      adept_depsim_catalog_generate (self->seed, self->next_index, attempt++, &spec);
      if (!g_hash_table_contains (self->by_serial, spec.serial) &&
          (taken == NULL || !g_hash_table_contains (taken, spec.serial)))
        break;
      adept_depsim_device_spec_clear (&spec);
    }
  self->next_index++;

  memset (device, 0, sizeof *device);
  device->serial = intern (self, spec.serial);
  device->model = intern (self, spec.model);
  device->description = intern (self, spec.description);
  device->color = intern (self, spec.color);
  device->os = intern (self, spec.os);
  device->family = intern (self, spec.family);
  device->asset_tag = intern (self, spec.asset_tag);
  device->assigned_by = intern (self, spec.assigned_by);
  device->assigned_ms = spec.assigned_ms;
  device->owner = OWNER_SERVER;
  device->status = STATUS_EMPTY;
  if (taken != NULL)
    g_hash_table_add (taken, (gpointer) device->serial);
  adept_depsim_device_spec_clear (&spec);
}

static int
compare_assigned (gconstpointer a,
                  gconstpointer b)
{
  const Device *da = a;
  const Device *db = b;

  if (da->assigned_ms != db->assigned_ms)
    return da->assigned_ms < db->assigned_ms ? -1 : 1;
  return strcmp (da->serial, db->serial);
}

static const char *hardware_json (AdeptDepsimState *self,
                                  const Device     *device);

static AdeptDepsimState *
state_new_empty (guint64 seed)
{
  AdeptDepsimState *self = g_object_new (ADEPT_TYPE_DEPSIM_STATE, NULL);

  self->seed = seed;
  self->org_id = adept_depsim_catalog_org_id (seed);
  self->server_uuid = adept_depsim_catalog_server_uuid (seed);
  return self;
}

AdeptDepsimState *
adept_depsim_state_new (guint64 seed,
                        guint   n_devices)
{
  AdeptDepsimState *self = state_new_empty (seed);
  g_autoptr(GHashTable) taken = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) initial = g_array_sized_new (FALSE, TRUE, sizeof (Device), n_devices);

  self->secret = adept_depsim_random_hex (16);
  g_array_set_size (initial, n_devices);
  for (guint i = 0; i < n_devices; i++)
    generate_device (self, taken, &g_array_index (initial, Device, i));
  g_array_sort (initial, compare_assigned);
  g_array_set_size (self->devices, 0);
  for (guint i = 0; i < n_devices; i++)
    push_device (self, &g_array_index (initial, Device, i));
  /* Made now, as Apple has them stored, so every fetch costs the same: the first no
   * longer pays ~2,400 instructions a device the later ones do not. */
  for (guint i = 0; i < n_devices; i++)
    hardware_json (self, device_at (self, i));
  return self;
}

GPtrArray *
adept_depsim_state_add_devices (AdeptDepsimState *self,
                                guint             n,
                                gboolean          to_server)
{
  return adept_depsim_state_add_devices_to (self, n, to_server ? ADEPT_DEPSIM_SERVER_OURS
                                                                : ADEPT_DEPSIM_SERVER_NONE);
}

GPtrArray *
adept_depsim_state_add_devices_to (AdeptDepsimState *self,
                                   guint             n,
                                   guint             server)
{
  GPtrArray *serials = g_ptr_array_new ();
  gint64 now = adept_depsim_state_now_ms (self);

  for (guint i = 0; i < n; i++)
    {
      Device device;
      guint index;

      generate_device (self, NULL, &device);
      device.assigned_ms = now;
      device.assigned_by = intern (self, adept_depsim_catalog_admin_id ());
      device.owner = server == ADEPT_DEPSIM_SERVER_OURS ? OWNER_SERVER : OWNER_NONE;
      device.elsewhere = server == ADEPT_DEPSIM_SERVER_OURS ? 0 : (guint16) server;
      index = push_device (self, &device);
      if (server == ADEPT_DEPSIM_SERVER_OURS)
        log_change (self, index, OP_ADDED);
      g_ptr_array_add (serials, (gpointer) device.serial);
    }
  emit_changed (self);
  return serials;
}

GPtrArray *
adept_depsim_state_add_seeded_devices (AdeptDepsimState *self,
                                       guint             n,
                                       guint             server)
{
  g_autoptr(GHashTable) taken = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *serials = g_ptr_array_new ();

  /* Like the devices of adept_depsim_state_new(): seeded dates, no change logged, as if
   * they had been there before the simulated Apple began keeping its log. */
  for (guint i = 0; i < n; i++)
    {
      Device device;

      generate_device (self, taken, &device);
      device.owner = server == ADEPT_DEPSIM_SERVER_OURS ? OWNER_SERVER : OWNER_NONE;
      device.elsewhere = server == ADEPT_DEPSIM_SERVER_OURS ? 0 : (guint16) server;
      push_device (self, &device);
      g_ptr_array_add (serials, (gpointer) device.serial);
    }
  emit_changed (self);
  return serials;
}

gboolean
adept_depsim_state_check_serials (AdeptDepsimState   *self,
                                  const char * const *serials,
                                  GError            **error)
{
  for (guint i = 0; serials != NULL && serials[i] != NULL; i++)
    if (lookup (self, serials[i]) < 0)
      {
        g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_NOT_FOUND,
                     _("The simulator has no device with serial number “%s”."), serials[i]);
        return FALSE;
      }
  return TRUE;
}

/* Applies change to each known serial; returns how many changed. */
typedef gboolean (*DeviceChange) (AdeptDepsimState *self,
                                  guint             index,
                                  Device           *device);

static guint
change_devices (AdeptDepsimState   *self,
                const char * const *serials,
                DeviceChange        change)
{
  guint changed = 0;

  for (guint i = 0; serials != NULL && serials[i] != NULL; i++)
    {
      int index = lookup (self, serials[i]);

      if (index >= 0 && change (self, index, device_at (self, index)))
        changed++;
    }
  if (changed > 0)
    emit_changed (self);
  return changed;
}

/* Where a device is, as the organisation's MDM servers count. */
static guint
server_of (const Device *device)
{
  if (device->owner == OWNER_SERVER)
    return ADEPT_DEPSIM_SERVER_OURS;
  return device->owner == OWNER_NONE ? device->elsewhere : ADEPT_DEPSIM_SERVER_NONE;
}

/* Moves a device of the organisation to another of its MDM servers (or none), and tells
 * the DEP sync what Apple tells it: a device new to this server is "added" with no
 * profile, or "modified" with its profile "removed" when it comes from another server
 * (nanodep#16); one that leaves this server is "deleted". */
static gboolean
move_device (AdeptDepsimState *self,
             guint             index,
             Device           *device,
             guint             server)
{
  guint from = server_of (device);

  if (device->owner == OWNER_DISOWNED || server == from)
    return FALSE;
  if (server == ADEPT_DEPSIM_SERVER_OURS)
    {
      /* A device moved to this server in ABM starts over. */
      device->owner = OWNER_SERVER;
      device->elsewhere = ADEPT_DEPSIM_SERVER_NONE;
      device->assigned_ms = adept_depsim_state_now_ms (self);
      device->assigned_by = intern (self, adept_depsim_catalog_admin_id ());
      device->status = from == ADEPT_DEPSIM_SERVER_NONE ? STATUS_EMPTY : STATUS_REMOVED;
      device->profile_uuid = NULL;
      device->profile_assign_ms = device->profile_push_ms = 0;
      log_change (self, index, from == ADEPT_DEPSIM_SERVER_NONE ? OP_ADDED : OP_MODIFIED);
      return TRUE;
    }
  device->owner = OWNER_NONE;
  device->elsewhere = (guint16) server;
  if (from == ADEPT_DEPSIM_SERVER_OURS)
    log_change (self, index, OP_DELETED);
  return TRUE;
}

static gboolean
move_to_server (AdeptDepsimState *self,
                guint             index,
                Device           *device)
{
  return move_device (self, index, device, ADEPT_DEPSIM_SERVER_OURS);
}

static gboolean
move_away (AdeptDepsimState *self,
           guint             index,
           Device           *device)
{
  /* Unassigning leaves devices on other servers where they are. */
  if (device->owner != OWNER_SERVER)
    return FALSE;
  return move_device (self, index, device, ADEPT_DEPSIM_SERVER_NONE);
}

/* Enrolled with this server: a migration in is over. */
static void
end_migration (AdeptDepsimState *self,
               const Device     *device)
{
  Facts *facts = g_hash_table_lookup (self->facts, device->serial);

  if (facts != NULL)
    facts->migration_deadline_ms = 0;
}

static gboolean
push_profile (AdeptDepsimState *self,
              guint             index,
              Device           *device)
{
  if (device->owner != OWNER_SERVER || device->status != STATUS_ASSIGNED)
    return FALSE;
  device->status = STATUS_PUSHED;
  device->profile_push_ms = adept_depsim_state_now_ms (self);
  end_migration (self, device);
  log_change (self, index, OP_MODIFIED);
  return TRUE;
}

guint
adept_depsim_state_set_on_server (AdeptDepsimState   *self,
                                  const char * const *serials,
                                  gboolean            on_server)
{
  return change_devices (self, serials, on_server ? move_to_server : move_away);
}

guint
adept_depsim_state_get_n_devices (AdeptDepsimState *self)
{
  return self->devices->len;
}

int
adept_depsim_state_lookup (AdeptDepsimState *self,
                           const char       *serial)
{
  return lookup (self, serial);
}

gboolean
adept_depsim_state_get_facts (AdeptDepsimState      *self,
                              guint                  index,
                              AdeptDepsimDeviceFacts *facts)
{
  const Device *device;

  if (index >= self->devices->len)
    return FALSE;
  device = device_at (self, index);
  facts->serial = device->serial;
  facts->model = device->model;
  facts->description = device->description;
  facts->color = device->color;
  facts->os = device->os;
  facts->family = device->family;
  facts->assigned_ms = device->assigned_ms;
  facts->server = server_of (device);
  facts->released = device->owner == OWNER_DISOWNED;
  return TRUE;
}

guint
adept_depsim_state_get_server (AdeptDepsimState *self,
                               guint             index)
{
  return index < self->devices->len ? server_of (device_at (self, index))
                                    : ADEPT_DEPSIM_SERVER_NONE;
}

gboolean
adept_depsim_state_move (AdeptDepsimState *self,
                         guint             index,
                         guint             server)
{
  if (index >= self->devices->len || server > G_MAXUINT16 ||
      !move_device (self, index, device_at (self, index), server))
    return FALSE;
  emit_changed (self);
  return TRUE;
}

guint
adept_depsim_state_activate (AdeptDepsimState   *self,
                             const char * const *serials)
{
  return change_devices (self, serials, push_profile);
}

gboolean
adept_depsim_state_edit (AdeptDepsimState  *self,
                         const char        *serial,
                         const char        *field,
                         const char        *value,
                         GError           **error)
{
  int index = lookup (self, serial);
  Device *device;
  const char **slot;

  if (index < 0)
    return adept_depsim_state_check_serials (self, (const char *[]) { serial, NULL }, error);
  device = device_at (self, index);

  if (g_str_equal (field, "model"))
    slot = &device->model;
  else if (g_str_equal (field, "description"))
    slot = &device->description;
  else if (g_str_equal (field, "color"))
    slot = &device->color;
  else if (g_str_equal (field, "asset_tag"))
    slot = &device->asset_tag;
  else if (g_str_equal (field, "os"))
    slot = &device->os;
  else if (g_str_equal (field, "device_family"))
    slot = &device->family;
  else
    {
      g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_BAD_REQUEST,
                   _("“%s” cannot be edited. Use model, description, color, asset_tag, os or device_family."),
                   field);
      return FALSE;
    }

  *slot = intern (self, value != NULL && *value != '\0' ? value : NULL);
  if (device->owner == OWNER_SERVER)
    log_change (self, index, OP_MODIFIED);
  emit_changed (self);
  return TRUE;
}

char **
adept_depsim_state_dup_serials (AdeptDepsimState *self)
{
  GPtrArray *serials = g_ptr_array_new ();

  for (guint i = 0; i < self->devices->len; i++)
    if (device_at (self, i)->owner == OWNER_SERVER)
      g_ptr_array_add (serials, g_strdup (device_at (self, i)->serial));
  g_ptr_array_add (serials, NULL);
  return (char **) g_ptr_array_free (serials, FALSE);
}

/* ---- Device objects ---- */

static const char *
os_for_version (const Device *device,
                int           version)
{
  /* iPads reported iOS until protocol version 7. */
  if (version < 7 && device->os != NULL && g_str_equal (device->os, "iPadOS"))
    return "iOS";
  return device->os;
}

static void
append_identity (GString      *out,
                 const Device *device,
                 int           version)
{
  adept_depsim_json_key_member (out, ADEPT_DEPSIM_JSON_KEY ("serial_number"), device->serial);
  adept_depsim_json_key_member (out, ADEPT_DEPSIM_JSON_KEY ("model"), device->model);
  adept_depsim_json_key_member (out, ADEPT_DEPSIM_JSON_KEY ("description"), device->description);
  adept_depsim_json_key_member (out, ADEPT_DEPSIM_JSON_KEY ("color"), device->color);
  adept_depsim_json_key_member (out, ADEPT_DEPSIM_JSON_KEY ("asset_tag"), device->asset_tag);
  if (version >= 2)
    {
      adept_depsim_json_key_member (out, ADEPT_DEPSIM_JSON_KEY ("os"), os_for_version (device, version));
      adept_depsim_json_key_member (out, ADEPT_DEPSIM_JSON_KEY ("device_family"), device->family);
    }
}

/* A comma-separated list of digits (IMEIs, MEIDs) as an array of strings. */
static void
append_list_member (GString    *out,
                    const char *name,
                    const char *list)
{
  if (list == NULL)
    return;
  adept_depsim_json_raw_member (out, name, "[\"");
  for (const char *p = list; *p != '\0'; p++)
    {
      if (*p == ',')
        g_string_append (out, "\",\"");
      else if (*p == '"' || *p == '\\' || (guchar) *p < 0x20)
        g_assert_not_reached ();  /* made by adept-depsim-hardware.c: digits only */
      else
        g_string_append_c (out, *p);
    }
  g_string_append (out, "\"]");
}

static void
write_hardware (GString                   *out,
                const AdeptDepsimHardware *hardware)
{
  adept_depsim_json_key_member (out, ADEPT_DEPSIM_JSON_KEY ("wifi_mac_address"), hardware->wifi_mac_address);
  adept_depsim_json_key_member (out, ADEPT_DEPSIM_JSON_KEY ("bluetooth_mac_address"),
                                hardware->bluetooth_mac_address);
  adept_depsim_json_key_member (out, ADEPT_DEPSIM_JSON_KEY ("ethernet_mac_address"),
                                hardware->ethernet_mac_address);
  append_list_member (out, "imei", hardware->imei);
  append_list_member (out, "meid", hardware->meid);
  adept_depsim_json_key_member (out, ADEPT_DEPSIM_JSON_KEY ("eid"), hardware->eid);
}

static const char *
hardware_json (AdeptDepsimState *self,
               const Device     *device)
{
  guint index = (guint) (device - device_at (self, 0));
  HardwareJson *entry;
  AdeptDepsimHardware hardware;

  if (self->hardware_json->len < self->devices->len)
    g_array_set_size (self->hardware_json, self->devices->len);
  entry = &g_array_index (self->hardware_json, HardwareJson, index);
  if (entry->json != NULL && entry->serial == device->serial && entry->family == device->family &&
      entry->model == device->model && entry->description == device->description)
    return entry->json;

  adept_depsim_hardware_generate (self->seed, device->serial, device->family, device->model,
                                  device->description, &hardware);
  /* After a member, as the device's own come first. */
  g_string_assign (self->scratch, "\"\"");
  write_hardware (self->scratch, &hardware);
  entry->serial = device->serial;
  entry->family = device->family;
  entry->model = device->model;
  entry->description = device->description;
  entry->json = g_string_chunk_insert (self->hardware_text, self->scratch->str + 2);
  return entry->json;
}

/* What protocol 8 (the migration deadline) and 10 (identifiers, replacement) added; older
 * versions do not get them (dep-api.md §2.5). Apple leaves out what a device lacks. */
static void
append_recent_fields (AdeptDepsimState *self,
                      GString          *out,
                      const Device     *device,
                      int               version)
{
  /* Most organisations have no such facts: no hashing of every serial then. */
  const Facts *facts = g_hash_table_size (self->facts) > 0
    ? g_hash_table_lookup (self->facts, device->serial) : NULL;
  const char *hardware;

  if (version >= 8 && facts != NULL && facts->migration_deadline_ms > 0)
    adept_depsim_json_key_time_member (out, ADEPT_DEPSIM_JSON_KEY ("mdm_migration_deadline"),
                                       facts->migration_deadline_ms);
  if (version < 10)
    return;

  hardware = hardware_json (self, device);
  /* Made after a member, so it begins with a comma unless it is empty. */
  if (hardware[0] == ',' && out->len > 0 && (out->str[out->len - 1] == '{' || out->str[out->len - 1] == '['))
    hardware++;
  g_string_append (out, hardware);
  if (facts != NULL && facts->is_replacement)
    adept_depsim_json_raw_member (out, "is_replacement_device", "true");
}

static void
append_device (AdeptDepsimState *self,
               GString          *out,
               const Device     *device,
               int               version)
{
  g_string_append_c (out, '{');
  append_identity (out, device, version);
  adept_depsim_json_key_member (out, ADEPT_DEPSIM_JSON_KEY ("profile_status"), status_names[device->status]);
  adept_depsim_json_key_member (out, ADEPT_DEPSIM_JSON_KEY ("profile_uuid"), device->profile_uuid);
  if (device->profile_assign_ms > 0)
    adept_depsim_json_key_time_member (out, ADEPT_DEPSIM_JSON_KEY ("profile_assign_time"),
                                       device->profile_assign_ms);
  if (device->profile_push_ms > 0)
    adept_depsim_json_key_time_member (out, ADEPT_DEPSIM_JSON_KEY ("profile_push_time"),
                                       device->profile_push_ms);
  adept_depsim_json_key_time_member (out, ADEPT_DEPSIM_JSON_KEY ("device_assigned_date"), device->assigned_ms);
  adept_depsim_json_key_member (out, ADEPT_DEPSIM_JSON_KEY ("device_assigned_by"), device->assigned_by);
  append_recent_fields (self, out, device, version);
}

gboolean
adept_depsim_state_append_device (AdeptDepsimState *self,
                                  GString          *out,
                                  const char       *serial,
                                  int               version)
{
  Device *device = lookup_device (self, serial);

  if (device == NULL || device->owner != OWNER_SERVER)
    return FALSE;
  append_device (self, out, device, version);
  return TRUE;
}

/* ---- Cursors ---- */

static char *
cursor_tag (AdeptDepsimState *self,
            const char       *fields)
{
  g_autofree char *mac = g_compute_hmac_for_string (G_CHECKSUM_SHA256,
                                                    (const guchar *) self->secret,
                                                    strlen (self->secret), fields, -1);

  return g_strndup (mac, 8);
}

static char *
encode_cursor (AdeptDepsimState *self,
               const Cursor     *cursor)
{
  g_autofree char *fields = NULL;
  g_autofree char *tag = NULL;
  g_autofree char *text = NULL;
  char *b64;
  gsize len;

  fields = g_strdup_printf ("%" G_GINT64_FORMAT "-%" G_GUINT64_FORMAT "-%u-%c",
                            cursor->ms, cursor->seq, cursor->index, cursor->done ? 'd' : 'f');
  tag = cursor_tag (self, fields);
  text = g_strdup_printf ("%s-%s", fields, tag);
  b64 = g_base64_encode ((const guchar *) text, strlen (text));

  /* Unpadded, like Apple's. */
  len = strlen (b64);
  while (len > 0 && b64[len - 1] == '=')
    b64[--len] = '\0';
  return b64;
}

static gboolean
decode_cursor (AdeptDepsimState *self,
               const char       *text,
               Cursor           *cursor)
{
  g_autofree char *padded = NULL;
  g_autofree guchar *raw = NULL;
  g_autofree char *decoded = NULL;
  g_autofree char *tag = NULL;
  char fields[96];
  char given_tag[16];
  char done;
  gsize len = strlen (text);
  int consumed = 0;

  if (len == 0 || len > 1000 || strspn (text, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/") != len)
    return FALSE;
  padded = g_strnfill (len + (4 - len % 4) % 4, '=');
  memcpy (padded, text, len);
  raw = g_base64_decode (padded, &len);
  decoded = g_strndup ((const char *) raw, len);

  if (sscanf (decoded, "%" G_GINT64_FORMAT "-%" G_GUINT64_FORMAT "-%u-%c-%15[0-9a-f]%n",
              &cursor->ms, &cursor->seq, &cursor->index, &done, given_tag, &consumed) != 5 ||
      (gsize) consumed != strlen (decoded) || (done != 'd' && done != 'f'))
    return FALSE;
  cursor->done = done == 'd';

  g_snprintf (fields, sizeof fields, "%" G_GINT64_FORMAT "-%" G_GUINT64_FORMAT "-%u-%c",
              cursor->ms, cursor->seq, cursor->index, done);
  tag = cursor_tag (self, fields);
  return g_str_equal (tag, given_tag);
}

/* Decodes a cursor and checks that it still points into what the simulator keeps. */
static gboolean
check_cursor (AdeptDepsimState  *self,
              const char        *text,
              Cursor            *cursor,
              const char       **error_code)
{
  guint64 log_end = self->log_base + self->log->len;

  if (!decode_cursor (self, text, cursor) ||
      cursor->seq > log_end || cursor->index > self->devices->len ||
      cursor->ms > adept_depsim_state_now_ms (self))
    {
      *error_code = "INVALID_CURSOR";
      return FALSE;
    }
  if (adept_depsim_state_now_ms (self) - cursor->ms > ADEPT_DEPSIM_CURSOR_LIFETIME_MS ||
      cursor->seq < self->log_base)
    {
      *error_code = "EXPIRED_CURSOR";
      return FALSE;
    }
  return TRUE;
}

static void
append_page_end (AdeptDepsimState *self,
                 GString          *out,
                 const Cursor     *next,
                 gboolean          more)
{
  g_autofree char *text = encode_cursor (self, next);

  g_string_append_c (out, ']');
  adept_depsim_json_member (out, "cursor", text);
  adept_depsim_json_time_member (out, "fetched_until", next->ms);
  adept_depsim_json_raw_member (out, "more_to_follow", more ? "true" : "false");
  g_string_append_c (out, '}');
}

gboolean
adept_depsim_state_fetch (AdeptDepsimState  *self,
                          const char        *cursor_text,
                          guint              limit,
                          int                version,
                          GString           *out,
                          const char       **error_code)
{
  Cursor cursor = { 0, };
  Cursor next;
  gboolean more = FALSE;
  guint count = 0;
  guint i;

  if (cursor_text != NULL && *cursor_text != '\0')
    {
      if (!check_cursor (self, cursor_text, &cursor, error_code))
        return FALSE;
      if (cursor.done)
        {
          *error_code = "EXHAUSTED_CURSOR";
          return FALSE;
        }
    }
  else
    cursor.seq = self->log_base + self->log->len;

  g_string_append (out, "{\"devices\":[");
  for (i = cursor.index; i < self->devices->len; i++)
    {
      const Device *device = device_at (self, i);

      if (device->owner != OWNER_SERVER)
        continue;
      if (count == limit)
        {
          more = TRUE;
          break;
        }
      if (count > 0)
        g_string_append_c (out, ',');
      append_device (self, out, device, version);
      g_string_append_c (out, '}');
      count++;
    }

  /* The position in the change log stays where the fetch began, so a sync after it
   * returns everything that changed meanwhile. */
  next.ms = adept_depsim_state_now_ms (self);
  next.seq = cursor.seq;
  next.index = i;
  next.done = !more;
  append_page_end (self, out, &next, more);
  return TRUE;
}

static void
append_record (AdeptDepsimState *self,
               GString          *out,
               const Record     *record,
               int               version)
{
  const Device *device = device_at (self, record->device);
  Op op = record->op & OP_MASK;

  if (op == OP_DELETED)
    {
      g_string_append_c (out, '{');
      append_identity (out, device, version);
      if (version >= 10 && (record->op & OP_REPLACED) != 0)
        adept_depsim_json_raw_member (out, "released_by_replacement", "true");
    }
  else
    append_device (self, out, device, version);
  adept_depsim_json_key_member (out, ADEPT_DEPSIM_JSON_KEY ("op_type"), op_names[op]);
  adept_depsim_json_key_time_member (out, ADEPT_DEPSIM_JSON_KEY ("op_date"), record->ms);
  g_string_append_c (out, '}');
}

gboolean
adept_depsim_state_sync (AdeptDepsimState  *self,
                         const char        *cursor_text,
                         guint              limit,
                         int                version,
                         GString           *out,
                         const char       **error_code)
{
  Cursor cursor;
  Cursor next;
  guint64 log_end = self->log_base + self->log->len;
  guint64 seq;

  if (cursor_text == NULL || *cursor_text == '\0')
    {
      *error_code = "CURSOR_REQUIRED";
      return FALSE;
    }
  if (!check_cursor (self, cursor_text, &cursor, error_code))
    return FALSE;

  g_string_append (out, "{\"devices\":[");
  for (seq = cursor.seq; seq < log_end && seq - cursor.seq < limit; seq++)
    {
      if (seq > cursor.seq)
        g_string_append_c (out, ',');
      append_record (self, out, &g_array_index (self->log, Record, seq - self->log_base), version);
    }

  next.ms = adept_depsim_state_now_ms (self);
  next.seq = seq;
  next.index = self->devices->len;
  next.done = TRUE;
  append_page_end (self, out, &next, seq < log_end);
  return TRUE;
}

/* ---- Per-device answers ---- */

const char *
adept_depsim_state_disown (AdeptDepsimState *self,
                           const char       *serial)
{
  int index = lookup (self, serial);

  if (index < 0 || device_at (self, index)->owner != OWNER_SERVER)
    return "NOT_ACCESSIBLE";
  device_at (self, index)->owner = OWNER_DISOWNED;
  log_change (self, index, OP_DELETED);
  emit_changed (self);
  return "SUCCESS";
}

static const char *
take_override (GHashTable *overrides,
               const char *serial,
               guint      *retry_after)
{
  AssignOverride *o = g_hash_table_size (overrides) > 0 ? g_hash_table_lookup (overrides, serial) : NULL;
  const char *result;

  if (o == NULL)
    return NULL;
  result = g_intern_string (o->result);
  *retry_after = o->retry_after;
  if (--o->count == 0)
    g_hash_table_remove (overrides, serial);
  return result;
}

const char *
adept_depsim_state_assign_profile (AdeptDepsimState *self,
                                   const char       *serial,
                                   const char       *profile_uuid,
                                   guint             position,
                                   guint            *retry_after)
{
  int index = lookup (self, serial);
  Device *device;
  const char *forced;

  *retry_after = 0;
  if (index < 0 || device_at (self, index)->owner != OWNER_SERVER)
    return "NOT_ACCESSIBLE";
  if ((forced = take_override (self->assign_overrides, serial, retry_after)) != NULL)
    return forced;
  if (self->throttle_max > 0 && position >= self->throttle_max)
    {
      *retry_after = self->throttle_retry_after;
      return "THROTTLED";
    }

  device = device_at (self, index);
  /* A request assigns one profile to up to 1000 devices: intern it once. */
  if (self->last_profile_uuid == NULL || strcmp (self->last_profile_uuid, profile_uuid) != 0)
    self->last_profile_uuid = intern (self, profile_uuid);
  device->profile_uuid = self->last_profile_uuid;
  device->status = STATUS_ASSIGNED;
  device->profile_assign_ms = adept_depsim_state_now_ms (self);
  device->profile_push_ms = 0;
  log_change (self, index, OP_MODIFIED);
  emit_changed (self);
  return "SUCCESS";
}

const char *
adept_depsim_state_remove_profile (AdeptDepsimState *self,
                                   const char       *serial)
{
  int index = lookup (self, serial);
  Device *device;

  if (index < 0 || device_at (self, index)->owner != OWNER_SERVER)
    return "NOT_ACCESSIBLE";
  device = device_at (self, index);

  /* Nothing to remove is not an error; the UUID stays, as Apple's sync shows. */
  if (device->status == STATUS_ASSIGNED || device->status == STATUS_PUSHED)
    {
      device->status = STATUS_REMOVED;
      log_change (self, index, OP_MODIFIED);
      emit_changed (self);
    }
  return "SUCCESS";
}

/* The next count answers for serial (count 0 forgets the override). */
static void
set_override (GHashTable *overrides,
              const char *serial,
              const char *result,
              guint       count,
              guint       retry_after)
{
  AssignOverride *o;

  if (count == 0)
    {
      g_hash_table_remove (overrides, serial);
      return;
    }
  o = g_new0 (AssignOverride, 1);
  o->result = g_strdup (result);
  o->count = count;
  o->retry_after = retry_after;
  g_hash_table_replace (overrides, g_strdup (serial), o);
}

void
adept_depsim_state_set_assign_result (AdeptDepsimState *self,
                                      const char       *serial,
                                      const char       *result,
                                      guint             count,
                                      guint             retry_after)
{
  set_override (self->assign_overrides, serial, result, count, retry_after);
}

void
adept_depsim_state_set_assign_throttle (AdeptDepsimState *self,
                                        guint             max_per_request,
                                        guint             retry_after)
{
  self->throttle_max = max_per_request;
  self->throttle_retry_after = retry_after;
}

/* ---- Profiles ---- */

static void
store_profile (AdeptDepsimState *self,
               const char       *uuid,
               JsonObject       *profile)
{
  g_hash_table_replace (self->profiles, g_strdup (uuid), json_object_ref (profile));
  g_ptr_array_add (self->profile_order, g_strdup (uuid));
}

const char *
adept_depsim_state_add_profile (AdeptDepsimState *self,
                                JsonObject       *profile)
{
  g_autoptr(JsonObject) copy = json_object_new ();
  g_autofree char *uuid = NULL;
  g_autoptr(GList) members = json_object_get_members (profile);

  do
    {
      g_free (uuid);
      uuid = adept_depsim_random_upper_hex (16);
    }
  while (g_hash_table_contains (self->profiles, uuid));

  for (GList *l = members; l != NULL; l = l->next)
    if (!g_str_equal (l->data, "devices") && !g_str_equal (l->data, "profile_uuid"))
      json_object_set_member (copy, l->data, json_node_copy (json_object_get_member (profile, l->data)));
  json_object_set_string_member (copy, "profile_uuid", uuid);

  store_profile (self, uuid, copy);
  emit_changed (self);
  return g_ptr_array_index (self->profile_order, self->profile_order->len - 1);
}

JsonObject *
adept_depsim_state_get_profile (AdeptDepsimState *self,
                                const char       *profile_uuid)
{
  return g_hash_table_lookup (self->profiles, profile_uuid);
}

static void
append_profiles (AdeptDepsimState *self,
                 GString          *out)
{
  g_string_append (out, "\"profiles\":[");
  for (guint i = 0; i < self->profile_order->len; i++)
    {
      JsonObject *profile = g_hash_table_lookup (self->profiles,
                                                 g_ptr_array_index (self->profile_order, i));
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), profile);
      g_autofree char *text = json_to_string (node, FALSE);

      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append (out, text);
    }
  g_string_append_c (out, ']');
}

/* ---- Replacements, migration, Activation Lock, the organisation (dep-api.md §3.3, §3.8, §3.9) ---- */

static Facts *
ensure_facts (AdeptDepsimState *self,
              const Device     *device)
{
  Facts *facts = g_hash_table_lookup (self->facts, device->serial);

  if (facts == NULL)
    {
      facts = g_new0 (Facts, 1);
      g_hash_table_insert (self->facts, (gpointer) device->serial, facts);
    }
  return facts;
}

static gboolean
is_serial_text (const char *serial)
{
  gsize len = serial != NULL ? strlen (serial) : 0;

  if (len < 8 || len > 14)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (serial[i]) && !g_ascii_isupper (serial[i]))
      return FALSE;
  return TRUE;
}

/* The device that takes old's place: new_serial when given (known and not on the
 * server, or made with old's model), else a new one of old's model. -1 with error. */
static int
replacement_device (AdeptDepsimState  *self,
                    guint              old_index,
                    const char        *new_serial,
                    GError           **error)
{
  Device fresh;
  int index;

  if (new_serial != NULL && (index = lookup (self, new_serial)) >= 0)
    {
      if (device_at (self, index)->owner == OWNER_SERVER)
        {
          g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_BAD_REQUEST,
                       _("“%s” is already on the MDM server, so it cannot arrive as a replacement."),
                       new_serial);
          return -1;
        }
      return index;
    }
  if (new_serial != NULL && !is_serial_text (new_serial))
    {
      g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_BAD_REQUEST,
                   _("“%s” is not a serial number: use 8 to 14 capital letters and digits."),
                   new_serial);
      return -1;
    }

  generate_device (self, NULL, &fresh);
  if (new_serial != NULL)
    fresh.serial = intern (self, new_serial);
  /* AppleCare swaps like for like. */
  fresh.model = device_at (self, old_index)->model;
  fresh.family = device_at (self, old_index)->family;
  fresh.os = device_at (self, old_index)->os;
  fresh.color = device_at (self, old_index)->color;
  fresh.description = device_at (self, old_index)->description;
  fresh.asset_tag = NULL;
  fresh.owner = OWNER_NONE;
  return (int) push_device (self, &fresh);
}

gboolean
adept_depsim_state_replace (AdeptDepsimState  *self,
                            const char        *old_serial,
                            const char        *new_serial,
                            const char       **replacement,
                            GError           **error)
{
  int old_index = lookup (self, old_serial);
  int new_index;
  Device *old;
  Device *fresh;
  Replacement *record;
  gint64 now = adept_depsim_state_now_ms (self);

  if (old_index < 0)
    return adept_depsim_state_check_serials (self, (const char *[]) { old_serial, NULL }, error);
  if (device_at (self, old_index)->owner != OWNER_SERVER)
    {
      g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_BAD_REQUEST,
                   _("“%s” is not on the MDM server; only a device the server has can be replaced."),
                   old_serial);
      return FALSE;
    }
  new_index = replacement_device (self, (guint) old_index, new_serial, error);
  if (new_index < 0)
    return FALSE;

  /* Pointers only now: adding the new device may have moved the array. */
  old = device_at (self, old_index);
  fresh = device_at (self, new_index);

  old->owner = OWNER_NONE;
  log_change (self, old_index, OP_DELETED | OP_REPLACED);

  fresh->owner = OWNER_SERVER;
  fresh->assigned_ms = now;
  fresh->assigned_by = old->assigned_by;
  fresh->status = STATUS_EMPTY;
  fresh->profile_uuid = NULL;
  fresh->profile_assign_ms = fresh->profile_push_ms = 0;
  ensure_facts (self, fresh)->is_replacement = TRUE;
  record = g_new0 (Replacement, 1);
  record->original = old->serial;
  record->ms = now;
  g_hash_table_replace (self->replacements, (gpointer) fresh->serial, record);
  log_change (self, new_index, OP_ADDED);

  if (replacement != NULL)
    *replacement = fresh->serial;
  emit_changed (self);
  return TRUE;
}

gboolean
adept_depsim_state_get_replacement (AdeptDepsimState  *self,
                                    const char        *serial,
                                    const char       **original,
                                    gint64            *ms)
{
  Device *device = lookup_device (self, serial);
  Replacement *record;

  if (device == NULL || device->owner != OWNER_SERVER ||
      (record = g_hash_table_lookup (self->replacements, device->serial)) == NULL)
    return FALSE;
  *original = record->original;
  *ms = record->ms;
  return TRUE;
}

guint
adept_depsim_state_migrate_in (AdeptDepsimState   *self,
                               const char * const *serials,
                               gint64              deadline_ms,
                               gboolean            as_added)
{
  gint64 now = adept_depsim_state_now_ms (self);
  guint changed = 0;

  for (guint i = 0; serials != NULL && serials[i] != NULL; i++)
    {
      int index = lookup (self, serials[i]);
      Device *device;
      Op op = OP_MODIFIED;

      if (index < 0)
        continue;
      device = device_at (self, index);
      if (device->owner != OWNER_SERVER)
        {
          /* Reassigned in ABM from the MDM server it is enrolled in. Apple reports such a
           * device to its new server as modified, not added (dep-api.md §5.3). */
          device->owner = OWNER_SERVER;
          device->assigned_ms = now;
          device->assigned_by = intern (self, adept_depsim_catalog_admin_id ());
          device->status = STATUS_EMPTY;
          device->profile_uuid = NULL;
          device->profile_assign_ms = device->profile_push_ms = 0;
          op = as_added ? OP_ADDED : OP_MODIFIED;
        }
      ensure_facts (self, device)->migration_deadline_ms = deadline_ms;
      log_change (self, index, op);
      changed++;
    }
  if (changed > 0)
    emit_changed (self);
  return changed;
}

/* Activation Lock works on supervised iPhones, iPads, Macs and Vision Pro; a device
 * enrolled through ADE (its profile pushed) is supervised. */
static gboolean
lock_supported (const Device *device)
{
  return device->status == STATUS_PUSHED &&
         (device->family == NULL || !g_str_equal (device->family, "AppleTV"));
}

const char *
adept_depsim_state_lock (AdeptDepsimState *self,
                         const char       *serial,
                         const char       *escrow_key,
                         const char       *lost_message)
{
  Device *device = lookup_device (self, serial);
  const char *forced;
  guint unused;
  Lock *lock;

  if (device == NULL || device->owner != OWNER_SERVER)
    return "NOT_ACCESSIBLE";
  if ((forced = take_override (self->lock_overrides, serial, &unused)) != NULL)
    return forced;
  if (self->lock_unsupported)
    return "ORG_NOT_SUPPORTED";
  if (!lock_supported (device))
    return "DEVICE_NOT_SUPPORTED";
  if (g_hash_table_contains (self->locks, device->serial))
    return "DEVICE_ALREADY_LOCKED";

  lock = g_new0 (Lock, 1);
  lock->escrow_key = g_strdup (escrow_key);
  lock->lost_message = g_strdup (lost_message);
  lock->ms = adept_depsim_state_now_ms (self);
  g_hash_table_insert (self->locks, (gpointer) device->serial, lock);
  emit_changed (self);
  return "SUCCESS";
}

void
adept_depsim_state_set_lock_result (AdeptDepsimState *self,
                                    const char       *serial,
                                    const char       *result,
                                    guint             count)
{
  set_override (self->lock_overrides, serial, result, count, 0);
}

void
adept_depsim_state_set_org_feature (AdeptDepsimState      *self,
                                    AdeptDepsimOrgFeature  feature,
                                    gboolean               enabled)
{
  switch (feature)
    {
    case ADEPT_DEPSIM_ORG_ACTIVATION_LOCK:
      self->lock_unsupported = !enabled;
      break;
    case ADEPT_DEPSIM_ORG_ACCOUNT_DRIVEN_ENROLLMENT:
      self->ade_unsupported = !enabled;
      break;
    case ADEPT_DEPSIM_ORG_BETA_ENROLLMENT:
      self->beta_turned_off = !enabled;
      break;
    default:
      g_return_if_reached ();
    }
  emit_changed (self);
}

gboolean
adept_depsim_state_get_org_feature (AdeptDepsimState      *self,
                                    AdeptDepsimOrgFeature  feature)
{
  switch (feature)
    {
    case ADEPT_DEPSIM_ORG_ACTIVATION_LOCK:
      return !self->lock_unsupported;
    case ADEPT_DEPSIM_ORG_ACCOUNT_DRIVEN_ENROLLMENT:
      return !self->ade_unsupported;
    case ADEPT_DEPSIM_ORG_BETA_ENROLLMENT:
      return !self->beta_turned_off;
    default:
      g_return_val_if_reached (FALSE);
    }
}

void
adept_depsim_state_set_ade_url (AdeptDepsimState *self,
                                const char       *url)
{
  g_free (self->ade_url);
  self->ade_url = g_strdup (url);
  self->ade_updated_ms = url != NULL ? adept_depsim_state_now_ms (self) : 0;
  emit_changed (self);
}

const char *
adept_depsim_state_get_ade_url (AdeptDepsimState *self,
                                gint64           *updated_ms)
{
  if (updated_ms != NULL)
    *updated_ms = self->ade_updated_ms;
  return self->ade_url;
}

void
adept_depsim_state_append_beta_tokens (AdeptDepsimState *self,
                                       GString          *out)
{
  static const struct {
    const char *title;
    const char *os;
  } programs[] = {
    { "iOS 26 Developer Beta", "iOS" },
    { "iOS 26 Public Beta", "iOS" },
    { "macOS Tahoe 26 Developer Beta", "OSX" },
    { "macOS Tahoe 26 Public Beta", "OSX" },
    { "tvOS 26 Developer Beta", "tvOS" },
    { "visionOS 26 Developer Beta", "visionOS" },
    { "watchOS 26 Developer Beta", "watchOS" },
    { "HomePod Software 26 Beta", "homePodOS" },
  };

  g_string_append_c (out, '[');
  for (guint i = 0; i < G_N_ELEMENTS (programs); i++)
    {
      g_autofree char *source = g_strdup_printf ("%" G_GUINT64_FORMAT ":%s:%s", self->seed,
                                                 self->org_id, programs[i].title);
      g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, source, -1);
      g_autofree char *token = g_ascii_strup (digest, 40);

      g_string_append_printf (out, "%s{", i > 0 ? "," : "");
      adept_depsim_json_member (out, "title", programs[i].title);
      adept_depsim_json_member (out, "os", programs[i].os);
      adept_depsim_json_member (out, "token", token);
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');
}

typedef void (*AppendValue) (GString       *out,
                             gconstpointer  value);

/* ,"name":{"serial":{…},…} */
static void
append_map (GString     *out,
            const char  *name,
            GHashTable  *table,
            AppendValue  append)
{
  GHashTableIter iter;
  gpointer key, value;
  gboolean first = TRUE;

  g_string_append_printf (out, ",\"%s\":{", name);
  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;
      adept_depsim_json_string (out, key);
      g_string_append (out, ":{");
      append (out, value);
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, '}');
}

static void
append_replacement_truth (GString       *out,
                          gconstpointer  value)
{
  const Replacement *r = value;

  adept_depsim_json_member (out, "original_device_serial_number", r->original);
  adept_depsim_json_time_member (out, "replacement_time", r->ms);
}

static void
append_lock_truth (GString       *out,
                   gconstpointer  value)
{
  const Lock *lock = value;

  adept_depsim_json_member (out, "escrow_key", lock->escrow_key);
  adept_depsim_json_member (out, "lost_message", lock->lost_message);
  adept_depsim_json_time_member (out, "locked", lock->ms);
}

static void
append_lifecycle_truth (AdeptDepsimState *self,
                        GString          *out)
{
  append_map (out, "replacements", self->replacements, append_replacement_truth);
  append_map (out, "activation_locks", self->locks, append_lock_truth);
  g_string_append (out, ",\"account_driven_enrollment\":{");
  adept_depsim_json_member (out, "mdm_service_discovery_url", self->ade_url);
  g_string_append_c (out, '}');
}

static void
append_facts_file (GString       *out,
                   gconstpointer  value)
{
  const Facts *f = value;

  g_string_append_printf (out, "\"deadline_ms\":%" G_GINT64_FORMAT ",\"replacement\":%s",
                          f->migration_deadline_ms, f->is_replacement ? "true" : "false");
}

static void
append_replacement_file (GString       *out,
                         gconstpointer  value)
{
  const Replacement *r = value;

  adept_depsim_json_member (out, "original", r->original);
  g_string_append_printf (out, ",\"ms\":%" G_GINT64_FORMAT, r->ms);
}

static void
append_lock_file (GString       *out,
                  gconstpointer  value)
{
  const Lock *lock = value;

  g_string_append_printf (out, "\"ms\":%" G_GINT64_FORMAT, lock->ms);
  adept_depsim_json_member (out, "escrow_key", lock->escrow_key);
  adept_depsim_json_member (out, "lost_message", lock->lost_message);
}

/* The state file's form: facts, replacements, locks and the organisation's settings. */
static void
append_lifecycle_json (AdeptDepsimState *self,
                       GString          *out)
{
  append_map (out, "facts", self->facts, append_facts_file);
  append_map (out, "replacements", self->replacements, append_replacement_file);
  append_map (out, "locks", self->locks, append_lock_file);
  g_string_append_printf (out, ",\"org\":{\"lock_unsupported\":%s,\"ade_unsupported\":%s,"
                          "\"beta_turned_off\":%s,\"ade_ms\":%" G_GINT64_FORMAT,
                          self->lock_unsupported ? "true" : "false",
                          self->ade_unsupported ? "true" : "false",
                          self->beta_turned_off ? "true" : "false", self->ade_updated_ms);
  adept_depsim_json_member (out, "ade_url", self->ade_url);
  g_string_append_c (out, '}');
}

static JsonObject *
get_object (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static const char *get_string (JsonObject *object, const char *name);

/* Members of a state file written before they existed are simply absent. */
static gboolean
read_lifecycle (AdeptDepsimState *self,
                JsonObject       *root)
{
  JsonObject *facts = get_object (root, "facts");
  JsonObject *replacements = get_object (root, "replacements");
  JsonObject *locks = get_object (root, "locks");
  JsonObject *org = get_object (root, "org");
  JsonObjectIter iter;
  const char *serial;
  JsonNode *node;

  if (facts != NULL)
    for (json_object_iter_init (&iter, facts); json_object_iter_next (&iter, &serial, &node);)
      {
        Device *device = lookup_device (self, serial);
        Facts *f;

        if (device == NULL || !JSON_NODE_HOLDS_OBJECT (node))
          return FALSE;
        f = ensure_facts (self, device);
        f->migration_deadline_ms = json_object_get_int_member_with_default (json_node_get_object (node), "deadline_ms", 0);
        f->is_replacement = json_object_get_boolean_member_with_default (json_node_get_object (node), "replacement", FALSE);
      }
  if (replacements != NULL)
    for (json_object_iter_init (&iter, replacements); json_object_iter_next (&iter, &serial, &node);)
      {
        Device *device = lookup_device (self, serial);
        Replacement *r;

        if (device == NULL || !JSON_NODE_HOLDS_OBJECT (node))
          return FALSE;
        r = g_new0 (Replacement, 1);
        r->original = intern (self, get_string (json_node_get_object (node), "original"));
        r->ms = json_object_get_int_member_with_default (json_node_get_object (node), "ms", 0);
        g_hash_table_replace (self->replacements, (gpointer) device->serial, r);
      }
  if (locks != NULL)
    for (json_object_iter_init (&iter, locks); json_object_iter_next (&iter, &serial, &node);)
      {
        Device *device = lookup_device (self, serial);
        Lock *lock;

        if (device == NULL || !JSON_NODE_HOLDS_OBJECT (node))
          return FALSE;
        lock = g_new0 (Lock, 1);
        lock->escrow_key = g_strdup (get_string (json_node_get_object (node), "escrow_key"));
        lock->lost_message = g_strdup (get_string (json_node_get_object (node), "lost_message"));
        lock->ms = json_object_get_int_member_with_default (json_node_get_object (node), "ms", 0);
        g_hash_table_replace (self->locks, (gpointer) device->serial, lock);
      }
  if (org != NULL)
    {
      self->lock_unsupported = json_object_get_boolean_member_with_default (org, "lock_unsupported", FALSE);
      self->ade_unsupported = json_object_get_boolean_member_with_default (org, "ade_unsupported", FALSE);
      self->beta_turned_off = json_object_get_boolean_member_with_default (org, "beta_turned_off", FALSE);
      self->ade_url = g_strdup (get_string (org, "ade_url"));
      self->ade_updated_ms = json_object_get_int_member_with_default (org, "ade_ms", 0);
    }
  return TRUE;
}

/* ---- Saving and the truth ---- */

void
adept_depsim_state_write_truth (AdeptDepsimState *self,
                                GString          *out)
{
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  adept_depsim_json_time_member (out, "now", adept_depsim_state_now_ms (self));
  g_string_append_printf (out, ",\"now_ms\":%" G_GINT64_FORMAT, adept_depsim_state_now_ms (self));
  g_string_append_printf (out, ",\"log_length\":%" G_GUINT64_FORMAT, self->log_base + self->log->len);
  g_string_append (out, ",\"devices\":[");
  for (guint i = 0; i < self->devices->len; i++)
    {
      const Device *device = device_at (self, i);

      if (device->owner != OWNER_SERVER)
        continue;
      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;
      append_device (self, out, device, ADEPT_DEPSIM_PROTOCOL_LATEST);
      g_string_append_c (out, '}');
    }
  g_string_append (out, "],\"elsewhere\":[");
  first = TRUE;
  for (guint i = 0; i < self->devices->len; i++)
    {
      const Device *device = device_at (self, i);

      if (device->owner == OWNER_SERVER)
        continue;
      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;
      adept_depsim_json_string (out, device->serial);
    }
  g_string_append (out, "],");
  append_profiles (self, out);
  append_lifecycle_truth (self, out);
  g_string_append_c (out, '}');
}

void
adept_depsim_state_write_json (AdeptDepsimState *self,
                               GString          *out)
{
  g_string_append_printf (out, "{\"format\":1,\"seed\":%" G_GUINT64_FORMAT
                          ",\"next_index\":%" G_GUINT64_FORMAT
                          ",\"clock_offset_ms\":%" G_GINT64_FORMAT
                          ",\"last_ms\":%" G_GINT64_FORMAT
                          ",\"log_base\":%" G_GUINT64_FORMAT,
                          self->seed, self->next_index, self->clock_offset_ms,
                          self->last_ms, self->log_base);
  adept_depsim_json_member (out, "cursor_secret", self->secret);

  g_string_append (out, ",\"devices\":[");
  for (guint i = 0; i < self->devices->len; i++)
    {
      const Device *device = device_at (self, i);

      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, '{');
      append_identity (out, device, ADEPT_DEPSIM_PROTOCOL_LATEST);
      adept_depsim_json_member (out, "device_assigned_by", device->assigned_by);
      adept_depsim_json_member (out, "profile_status", status_names[device->status]);
      adept_depsim_json_member (out, "profile_uuid", device->profile_uuid);
      g_string_append_printf (out, ",\"assigned_ms\":%" G_GINT64_FORMAT
                              ",\"assign_ms\":%" G_GINT64_FORMAT
                              ",\"push_ms\":%" G_GINT64_FORMAT ",\"owner\":%u",
                              device->assigned_ms, device->profile_assign_ms,
                              device->profile_push_ms, device->owner);
      if (device->elsewhere != ADEPT_DEPSIM_SERVER_NONE)
        g_string_append_printf (out, ",\"server\":%u", device->elsewhere);
      g_string_append_c (out, '}');
    }

  g_string_append (out, "],\"log\":[");
  for (guint i = 0; i < self->log->len; i++)
    {
      const Record *record = &g_array_index (self->log, Record, i);

      g_string_append_printf (out, "%s%" G_GINT64_FORMAT ",%u,%u", i > 0 ? "," : "",
                              record->ms, record->device, record->op);
    }
  g_string_append (out, "],");
  append_profiles (self, out);
  append_lifecycle_json (self, out);
  g_string_append_c (out, '}');
}

static const char *
get_string (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_STRING ? json_node_get_string (node) : NULL;
}

static guint8
status_from_name (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (status_names); i++)
    if (name != NULL && g_str_equal (name, status_names[i]))
      return i;
  return STATUS_EMPTY;
}

static gboolean
read_device (AdeptDepsimState *self,
             JsonObject       *object)
{
  Device device = { 0, };

  device.serial = intern (self, get_string (object, "serial_number"));
  if (device.serial == NULL || lookup (self, device.serial) >= 0)
    return FALSE;
  device.model = intern (self, get_string (object, "model"));
  device.description = intern (self, get_string (object, "description"));
  device.color = intern (self, get_string (object, "color"));
  device.asset_tag = intern (self, get_string (object, "asset_tag"));
  device.os = intern (self, get_string (object, "os"));
  device.family = intern (self, get_string (object, "device_family"));
  device.assigned_by = intern (self, get_string (object, "device_assigned_by"));
  device.profile_uuid = intern (self, get_string (object, "profile_uuid"));
  device.status = status_from_name (get_string (object, "profile_status"));
  device.assigned_ms = json_object_get_int_member_with_default (object, "assigned_ms", 0);
  device.profile_assign_ms = json_object_get_int_member_with_default (object, "assign_ms", 0);
  device.profile_push_ms = json_object_get_int_member_with_default (object, "push_ms", 0);
  device.owner = CLAMP (json_object_get_int_member_with_default (object, "owner", OWNER_SERVER),
                        OWNER_NONE, OWNER_DISOWNED);
  if (device.owner == OWNER_NONE)
    device.elsewhere = CLAMP (json_object_get_int_member_with_default (object, "server", 0),
                              0, G_MAXUINT16);
  push_device (self, &device);
  return TRUE;
}

static gboolean
read_log (AdeptDepsimState *self,
          JsonArray        *log)
{
  guint n = json_array_get_length (log);

  if (n % 3 != 0)
    return FALSE;
  for (guint i = 0; i < n; i += 3)
    {
      Record record;

      record.ms = json_array_get_int_element (log, i);
      record.device = (guint32) json_array_get_int_element (log, i + 1);
      record.op = (guint32) json_array_get_int_element (log, i + 2);
      if (record.device >= self->devices->len || (record.op & OP_MASK) > OP_DELETED ||
          (record.op & ~(guint32) (OP_MASK | OP_REPLACED)) != 0)
        return FALSE;
      g_array_append_val (self->log, record);
    }
  return TRUE;
}

static gboolean
read_profiles (AdeptDepsimState *self,
               JsonArray        *profiles)
{
  for (guint i = 0; i < json_array_get_length (profiles); i++)
    {
      JsonNode *node = json_array_get_element (profiles, i);
      const char *uuid;

      if (!JSON_NODE_HOLDS_OBJECT (node) ||
          (uuid = get_string (json_node_get_object (node), "profile_uuid")) == NULL)
        return FALSE;
      store_profile (self, uuid, json_node_get_object (node));
    }
  return TRUE;
}

static JsonArray *
get_array (JsonObject *object,
           const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

AdeptDepsimState *
adept_depsim_state_new_from_json (JsonObject  *root,
                                  GError     **error)
{
  g_autoptr(AdeptDepsimState) self = NULL;
  JsonArray *devices = get_array (root, "devices");
  JsonArray *log = get_array (root, "log");
  JsonArray *profiles = get_array (root, "profiles");
  const char *secret = get_string (root, "cursor_secret");
  gboolean ok;

  if (json_object_get_int_member_with_default (root, "format", 0) != 1 ||
      devices == NULL || log == NULL || profiles == NULL || secret == NULL)
    {
      g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_FILE,
                   _("The simulator's state file is not in a form this version knows. Remove it to start afresh."));
      return NULL;
    }

  self = state_new_empty ((guint64) json_object_get_int_member_with_default (root, "seed", 1));
  self->secret = g_strdup (secret);
  self->next_index = json_object_get_int_member_with_default (root, "next_index", 0);
  self->clock_offset_ms = json_object_get_int_member_with_default (root, "clock_offset_ms", 0);
  self->last_ms = json_object_get_int_member_with_default (root, "last_ms", 0);
  self->log_base = json_object_get_int_member_with_default (root, "log_base", 0);

  ok = TRUE;
  for (guint i = 0; ok && i < json_array_get_length (devices); i++)
    {
      JsonNode *node = json_array_get_element (devices, i);

      ok = JSON_NODE_HOLDS_OBJECT (node) && read_device (self, json_node_get_object (node));
    }
  ok = ok && read_log (self, log) && read_profiles (self, profiles) && read_lifecycle (self, root);
  if (!ok)
    {
      g_set_error (error, ADEPT_ERROR, ADEPT_ERROR_FILE,
                   _("The simulator's state file is damaged. Remove it to start afresh."));
      return NULL;
    }
  return g_steal_pointer (&self);
}
