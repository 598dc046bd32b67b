/* adept-org.c
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-org"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "adept-dep-protocol.h"
#include "adept-error.h"
#include "adept-org.h"

struct _AdeptOrg
{
  GObject              parent_instance;

  AdeptStore          *store;
  AdeptBusinessClient *client;
  char                *org_id;
  char                *dep_server;
  char                *this_server_id;
  AdeptOrgView         view;
};

G_DEFINE_FINAL_TYPE (AdeptOrg, adept_org, G_TYPE_OBJECT)

enum {
  LISTING_PROGRESS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
adept_org_finalize (GObject *object)
{
  AdeptOrg *self = ADEPT_ORG (object);

  g_clear_object (&self->store);
  g_clear_object (&self->client);
  g_free (self->org_id);
  g_free (self->dep_server);
  g_free (self->this_server_id);

  G_OBJECT_CLASS (adept_org_parent_class)->finalize (object);
}

static void
adept_org_class_init (AdeptOrgClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = adept_org_finalize;

  signals[LISTING_PROGRESS] =
    g_signal_new ("listing-progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
}

static void
adept_org_init (AdeptOrg *self)
{
}

AdeptOrg *
adept_org_new (AdeptStore          *store,
               AdeptBusinessClient *client,
               const AdeptOrgView  *view)
{
  AdeptOrg *self;

  g_return_val_if_fail (ADEPT_IS_STORE (store), NULL);
  g_return_val_if_fail (ADEPT_IS_BUSINESS_CLIENT (client), NULL);
  g_return_val_if_fail (view != NULL && view->org_id != NULL, NULL);

  self = g_object_new (ADEPT_TYPE_ORG, NULL);
  self->store = g_object_ref (store);
  self->client = g_object_ref (client);
  self->org_id = g_strdup (view->org_id);
  self->dep_server = g_strdup (view->dep_server);
  self->this_server_id = g_strdup (view->this_server_id);
  self->view.org_id = self->org_id;
  self->view.dep_server = self->dep_server;
  self->view.this_server_id = self->this_server_id;
  return self;
}

AdeptStore *
adept_org_get_store (AdeptOrg *self)
{
  g_return_val_if_fail (ADEPT_IS_ORG (self), NULL);
  return self->store;
}

AdeptBusinessClient *
adept_org_get_client (AdeptOrg *self)
{
  g_return_val_if_fail (ADEPT_IS_ORG (self), NULL);
  return self->client;
}

const AdeptOrgView *
adept_org_get_view (AdeptOrg *self)
{
  g_return_val_if_fail (ADEPT_IS_ORG (self), NULL);
  return &self->view;
}

const char *
adept_org_get_org_id (AdeptOrg *self)
{
  g_return_val_if_fail (ADEPT_IS_ORG (self), NULL);
  return self->org_id;
}

static void
audit (AdeptStore *store,
       const char *dep_server,
       const char *action,
       const char *details)
{
  g_autoptr(GError) error = NULL;

  /* The log is a record, not a gate: what happened is not undone for want of a line. */
  if (!adept_store_audit (store, dep_server, action, details, &error))
    g_warning ("“%s” was done but not written to the audit log: %s", action, error->message);
}

void
adept_org_audit (AdeptOrg   *self,
                 const char *action,
                 const char *details)
{
  g_return_if_fail (ADEPT_IS_ORG (self));
  audit (self->store, self->dep_server, action, details);
}

/* ---- Connect ---- */

typedef struct {
  AdeptStore           *store;
  AdeptBusinessAccount *account;
  AdeptBusinessClient  *client;
  char                 *token_url;
  char                 *api_url;
  char                 *dep_server;
} Connect;

static void
connect_free (gpointer data)
{
  Connect *c = data;

  g_clear_object (&c->store);
  g_clear_object (&c->account);
  g_clear_object (&c->client);
  g_free (c->token_url);
  g_free (c->api_url);
  g_free (c->dep_server);
  g_free (c);
}

static void
on_account_saved (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Connect *c = g_task_get_task_data (task);
  AdeptStoredOrg org = { 0, };
  g_autofree char *details = NULL;
  GError *error = NULL;

  if (!adept_business_account_save_finish (c->account, result, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  org.org_id = (char *) adept_business_account_get_org_id (c->account);
  org.client_id = (char *) adept_business_account_get_client_id (c->account);
  org.key_id = (char *) adept_business_account_get_key_id (c->account);
  org.token_url = c->token_url;
  org.api_url = c->api_url;
  org.connected = g_get_real_time () / G_USEC_PER_SEC;
  if (!adept_store_save_org (c->store, &org, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  details = g_strdup_printf ("Organization %s: API account %s, key %s (public key SHA-256 %s)",
                             org.org_id, org.client_id, org.key_id,
                             adept_business_key_get_fingerprint (adept_business_account_get_key (c->account)));
  audit (c->store, c->dep_server, "business-api-connected", details);
  g_task_return_boolean (task, TRUE);
}

static void
on_token (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Connect *c = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  GError *error = NULL;

  if (!adept_business_client_connect_finish (c->client, result, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  adept_business_account_save_async (c->account, cancellable, on_account_saved, g_steal_pointer (&task));
}

void
adept_org_connect_async (AdeptStore           *store,
                         AdeptBusinessAccount *account,
                         const char           *token_url,
                         const char           *api_url,
                         const char           *dep_server,
                         GCancellable         *cancellable,
                         GAsyncReadyCallback   callback,
                         gpointer              user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  Connect *c = g_new0 (Connect, 1);
  GError *error = NULL;

  g_return_if_fail (ADEPT_IS_STORE (store));
  g_return_if_fail (ADEPT_IS_BUSINESS_ACCOUNT (account));

  g_task_set_source_tag (task, adept_org_connect_async);
  g_task_set_task_data (task, c, connect_free);
  c->store = g_object_ref (store);
  c->account = g_object_ref (account);
  c->token_url = g_strdup (token_url);
  c->api_url = g_strdup (api_url);
  c->dep_server = g_strdup (dep_server);
  c->client = adept_business_client_new (account, token_url, api_url, &error);
  if (c->client == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  adept_business_client_connect_async (c->client, cancellable, on_token, g_steal_pointer (&task));
}

gboolean
adept_org_connect_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- Open ---- */

typedef struct {
  AdeptStore     *store;
  AdeptStoredOrg *org;
  char           *dep_server;
  char           *this_server_id;
} Open;

static void
open_free (gpointer data)
{
  Open *o = data;

  g_clear_object (&o->store);
  adept_stored_org_free (o->org);
  g_free (o->dep_server);
  g_free (o->this_server_id);
  g_free (o);
}

static void
on_account_loaded (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Open *o = g_task_get_task_data (task);
  g_autoptr(AdeptBusinessAccount) account = NULL;
  g_autoptr(AdeptBusinessClient) client = NULL;
  AdeptOrgView view = { o->org->org_id, o->dep_server, o->this_server_id };
  GError *error = NULL;

  account = adept_business_account_load_finish (result, &error);
  if (account == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  client = adept_business_client_new (account, o->org->token_url, o->org->api_url, &error);
  if (client == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  adept_business_client_set_known_good (client, o->org->connected > 0);
  g_task_return_pointer (task, adept_org_new (o->store, client, &view), g_object_unref);
}

void
adept_org_open_async (AdeptStore          *store,
                      const AdeptOrgView  *view,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  Open *o = g_new0 (Open, 1);
  GError *error = NULL;

  g_return_if_fail (ADEPT_IS_STORE (store));
  g_return_if_fail (view != NULL);

  g_task_set_source_tag (task, adept_org_open_async);
  g_task_set_task_data (task, o, open_free);
  o->store = g_object_ref (store);
  o->dep_server = g_strdup (view->dep_server);
  o->this_server_id = g_strdup (view->this_server_id);
  o->org = view->org_id != NULL ? adept_store_get_org (store, view->org_id, &error) : NULL;
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (o->org == NULL || o->org->client_id == NULL)
    {
      g_task_return_new_error (task, ADEPT_ERROR, ADEPT_ERROR_API_NOT_CONNECTED, "%s",
                               adept_error_default_message (ADEPT_ERROR_API_NOT_CONNECTED));
      return;
    }
  adept_business_account_load_async (view->org_id, cancellable, on_account_loaded, g_steal_pointer (&task));
}

AdeptOrg *
adept_org_open_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- Disconnect ---- */

typedef struct {
  AdeptStore *store;
  char       *org_id;
  char       *dep_server;
} Disconnect;

static void
disconnect_free (gpointer data)
{
  Disconnect *d = data;

  g_clear_object (&d->store);
  g_free (d->org_id);
  g_free (d->dep_server);
  g_free (d);
}

static void
on_forgotten (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Disconnect *d = g_task_get_task_data (task);
  g_autofree char *details = NULL;
  GError *error = NULL;

  if (!adept_business_account_forget_finish (result, &error) ||
      !adept_store_delete_org (d->store, d->org_id, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  details = g_strdup_printf ("Organization %s: API account and listed devices forgotten here", d->org_id);
  audit (d->store, d->dep_server, "business-api-disconnected", details);
  g_task_return_boolean (task, TRUE);
}

void
adept_org_disconnect_async (AdeptStore          *store,
                            const char          *org_id,
                            const char          *dep_server,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  Disconnect *d = g_new0 (Disconnect, 1);

  g_return_if_fail (ADEPT_IS_STORE (store));

  g_task_set_source_tag (task, adept_org_disconnect_async);
  d->store = g_object_ref (store);
  d->org_id = g_strdup (org_id);
  d->dep_server = g_strdup (dep_server);
  g_task_set_task_data (task, d, disconnect_free);
  /* The keyring first: a store row without its key is harmless, a key left behind is not. */
  adept_business_account_forget_async (org_id, cancellable, on_forgotten, g_steal_pointer (&task));
}

gboolean
adept_org_disconnect_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- Listing ---- */

/* One refresh: a chain of pages of every device, and one chain per server, in parallel
 * (the client keeps them to ADEPT_BUSINESS_MAX_IN_FLIGHT requests and parses pages in
 * worker threads). Pages are stored in order of arrival by one writer thread with its own
 * connection, as the sync engine does, so the main loop never waits on SQLite; a chain
 * asks for its next page while the last is being stored, unless MAX_QUEUED pages already
 * wait to be. */
#define MAX_QUEUED 4

typedef struct {
  gint64        gen;
  guint         chains;     /* chains still fetching */
  guint         queued;     /* pages waiting for or in the writer */
  GQueue        parked;     /* Chain waiting for the writer to catch up */
  GError       *error;
  guint         listed;
  guint         total;
  GCancellable *cancellable;
  gulong        cancelled_id;
  GCancellable *outer;
  AdeptStore   *writer;
  GThreadPool  *pool;
  GMainContext *context;
  gboolean      finished;
} Listing;

typedef struct {
  GTask *task;
  char  *server_id;   /* NULL: the chain of every device */
  char  *next;        /* the page to ask for when parked */
} Chain;

/* One page for the writer thread. */
typedef struct {
  GTask             *task;
  char              *server_id;
  AdeptBusinessPage *page;
  guint              n_devices;
  GError            *error;
} Commit;

static void
chain_free (Chain *chain)
{
  g_object_unref (chain->task);
  g_free (chain->server_id);
  g_free (chain->next);
  g_free (chain);
}

static void
listing_free (gpointer data)
{
  Listing *listing = data;

  /* Every commit holds the task: the pool is idle by now. */
  if (listing->pool != NULL)
    g_thread_pool_free (listing->pool, FALSE, TRUE);
  if (listing->outer != NULL)
    g_cancellable_disconnect (listing->outer, listing->cancelled_id);
  g_queue_clear_full (&listing->parked, (GDestroyNotify) chain_free);
  g_clear_object (&listing->outer);
  g_clear_object (&listing->cancellable);
  g_clear_object (&listing->writer);
  g_clear_pointer (&listing->context, g_main_context_unref);
  g_clear_error (&listing->error);
  g_free (listing);
}

static void
on_outer_cancelled (GCancellable *outer,
                    gpointer      cancellable)
{
  g_cancellable_cancel (cancellable);
}

static void
note_error (Listing *listing,
            GError  *error)
{
  if (error == NULL)
    return;
  if (listing->error == NULL)
    {
      listing->error = error;
      /* The other chains stop at their next page. */
      g_cancellable_cancel (listing->cancellable);
    }
  else
    g_error_free (error);
}

/* Ends the listing once every chain is fetched and every page stored. */
static void
maybe_finish (GTask *task)
{
  AdeptOrg *self = g_task_get_source_object (task);
  Listing *listing = g_task_get_task_data (task);
  GError *error = NULL;

  if (listing->finished || listing->chains > 0 || listing->queued > 0)
    return;
  listing->finished = TRUE;
  if (listing->error != NULL)
    g_task_return_error (task, g_steal_pointer (&listing->error));
  else if (!adept_store_org_end_listing (self->store, self->org_id, listing->gen, &error))
    g_task_return_error (task, error);
  else
    {
      g_debug ("Listed %u devices of organization %s in %u requests", listing->listed, self->org_id,
               adept_business_client_get_requests_sent (self->client));
      g_task_return_boolean (task, TRUE);
    }
}

static void
chain_done (Chain  *chain,
            GError *error)
{
  GTask *task = g_object_ref (chain->task);
  Listing *listing = g_task_get_task_data (task);

  note_error (listing, error);
  chain_free (chain);
  listing->chains--;
  maybe_finish (task);
  g_object_unref (task);
}

/* In the writer thread. */
static gboolean
store_page (AdeptStore  *store,
            const char  *org_id,
            gint64       gen,
            Commit      *commit,
            GError     **error)
{
  AdeptBusinessPage *page = commit->page;

  if (commit->server_id != NULL)
    {
      g_autoptr(GPtrArray) serials = g_ptr_array_new_with_free_func (g_free);

      for (guint i = 0; i < page->resources->len; i++)
        {
          const char *id = adept_dep_json_get_string (g_ptr_array_index (page->resources, i), "id");

          if (id != NULL)
            g_ptr_array_add (serials, g_strdup (id));
        }
      return adept_store_org_commit_server_devices (store, org_id, gen, commit->server_id, serials, error);
    }
  else
    {
      g_autoptr(GArray) devices = g_array_sized_new (FALSE, TRUE, sizeof (AdeptOrgDeviceData), page->resources->len);

      g_array_set_clear_func (devices, (GDestroyNotify) adept_org_device_data_clear);
      for (guint i = 0; i < page->resources->len; i++)
        {
          AdeptOrgDeviceData data;

          if (adept_org_device_data_from_json (g_ptr_array_index (page->resources, i), &data))
            g_array_append_val (devices, data);
          else
            adept_org_device_data_clear (&data);
        }
      commit->n_devices = devices->len;
      return adept_store_org_commit_devices (store, org_id, gen, devices, error);
    }
}

static void request_next (Chain *chain, const char *next);

/* Back in the main context: the page is stored. */
static gboolean
commit_done (gpointer data)
{
  Commit *commit = data;
  GTask *task = commit->task;
  AdeptOrg *self = g_task_get_source_object (task);
  Listing *listing = g_task_get_task_data (task);

  listing->queued--;
  note_error (listing, g_steal_pointer (&commit->error));
  if (commit->server_id == NULL)
    {
      listing->listed += commit->n_devices;
      if (commit->page->total >= 0)
        listing->total = (guint) commit->page->total;
      g_signal_emit (self, signals[LISTING_PROGRESS], 0, listing->listed, listing->total);
    }
  if (!g_queue_is_empty (&listing->parked))
    {
      Chain *chain = g_queue_pop_head (&listing->parked);
      g_autofree char *next = g_steal_pointer (&chain->next);

      request_next (chain, next);
    }
  maybe_finish (task);

  adept_business_page_free (commit->page);
  g_free (commit->server_id);
  g_free (commit);
  g_object_unref (task);
  return G_SOURCE_REMOVE;
}

static void
commit_in_thread (gpointer data,
                  gpointer user_data)
{
  Commit *commit = data;
  AdeptOrg *self = g_task_get_source_object (commit->task);
  Listing *listing = user_data;

  /* After a failure elsewhere nothing more is stored. */
  if (!g_cancellable_is_cancelled (listing->cancellable))
    store_page (listing->writer, self->org_id, listing->gen, commit, &commit->error);
  g_main_context_invoke (listing->context, commit_done, commit);
}

static void on_listing_page (GObject *source, GAsyncResult *result, gpointer user_data);

static void
request_next (Chain      *chain,
              const char *next)
{
  AdeptOrg *self = g_task_get_source_object (chain->task);
  Listing *listing = g_task_get_task_data (chain->task);

  adept_business_client_get_page_async (self->client, next, listing->cancellable, on_listing_page, chain);
}

static void
on_listing_page (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Chain *chain = user_data;
  AdeptOrg *self = g_task_get_source_object (chain->task);
  Listing *listing = g_task_get_task_data (chain->task);
  AdeptBusinessPage *page;
  Commit *commit;
  GError *error = NULL;

  page = adept_business_client_get_page_finish (self->client, result, &error);
  if (page == NULL)
    {
      chain_done (chain, error);
      return;
    }
  commit = g_new0 (Commit, 1);
  commit->task = g_object_ref (chain->task);
  commit->server_id = g_strdup (chain->server_id);
  commit->page = page;
  listing->queued++;
  g_thread_pool_push (listing->pool, commit, NULL);

  if (page->next == NULL || page->resources->len == 0)
    chain_done (chain, NULL);
  else if (listing->queued > MAX_QUEUED)
    {
      chain->next = g_strdup (page->next);
      g_queue_push_tail (&listing->parked, chain);
    }
  else
    request_next (chain, page->next);
}

static void
start_chain (GTask      *task,
             const char *server_id)
{
  Listing *listing = g_task_get_task_data (task);
  Chain *chain = g_new0 (Chain, 1);
  g_autofree char *path = NULL;

  chain->task = g_object_ref (task);
  chain->server_id = g_strdup (server_id);
  listing->chains++;
  path = server_id != NULL
    ? adept_business_client_server_devices_path (server_id, ADEPT_BUSINESS_MAX_PAGE_SIZE)
    : adept_business_client_org_devices_path (ADEPT_BUSINESS_MAX_PAGE_SIZE, NULL);
  request_next (chain, path);
}

static void
on_servers (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AdeptOrg *self = g_task_get_source_object (task);
  Listing *listing = g_task_get_task_data (task);
  g_autoptr(GPtrArray) servers = NULL;
  GError *error = NULL;

  servers = adept_business_client_list_servers_finish (self->client, result, &error);
  if (servers == NULL || !adept_store_org_save_servers (self->store, self->org_id, servers, &error))
    {
      listing->finished = TRUE;
      g_task_return_error (task, error);
      return;
    }
  /* The chain of every device goes first: it is the longest. */
  start_chain (task, NULL);
  for (guint i = 0; i < servers->len; i++)
    start_chain (task, adept_org_server_get_id (g_ptr_array_index (servers, i)));
}

void
adept_org_refresh_async (AdeptOrg            *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Listing *listing;
  GError *error = NULL;

  g_return_if_fail (ADEPT_IS_ORG (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, adept_org_refresh_async);
  listing = g_new0 (Listing, 1);
  g_queue_init (&listing->parked);
  listing->cancellable = g_cancellable_new ();
  listing->context = g_main_context_ref_thread_default ();
  if (cancellable != NULL)
    {
      listing->outer = g_object_ref (cancellable);
      listing->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (on_outer_cancelled),
                                                     listing->cancellable, NULL);
    }
  g_task_set_task_data (task, listing, listing_free);
  listing->gen = adept_store_org_begin_listing (self->store, self->org_id, &error);
  /* The writer's own connection: an AdeptStore is used by one thread at a time. */
  if (listing->gen < 0 || (listing->writer = adept_store_open_in (adept_store_get_dir (self->store), &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  listing->pool = g_thread_pool_new (commit_in_thread, listing, 1, FALSE, NULL);
  adept_business_client_list_servers_async (self->client, listing->cancellable, on_servers,
                                            g_steal_pointer (&task));
}

gboolean
adept_org_refresh_finish (AdeptOrg      *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

AdeptOrgServer *
adept_org_find_server (AdeptOrg    *self,
                       const char  *id_or_name,
                       GError     **error)
{
  g_autoptr(GPtrArray) servers = NULL;

  g_return_val_if_fail (ADEPT_IS_ORG (self), NULL);

  servers = adept_store_org_list_servers (self->store, &self->view, error);
  for (guint i = 0; servers != NULL && id_or_name != NULL && i < servers->len; i++)
    {
      AdeptOrgServer *server = g_ptr_array_index (servers, i);

      if (g_ascii_strcasecmp (adept_org_server_get_id (server), id_or_name) == 0 ||
          g_utf8_collate (adept_org_server_get_name (server) != NULL ? adept_org_server_get_name (server) : "",
                          id_or_name) == 0 ||
          g_ascii_strcasecmp (adept_org_server_get_name (server) != NULL ? adept_org_server_get_name (server) : "",
                              id_or_name) == 0)
        return g_object_ref (server);
    }
  return NULL;
}

/* ---- Blocking forms ---- */

/* Network calls stay on the thread-default context, where the client's connections
 * live; this iterates it until the call is done. */
static GAsyncResult *
wait_here (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (g_main_context_get_thread_default (), TRUE);
  return *slot;
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

gboolean
adept_org_connect_sync (AdeptStore            *store,
                        AdeptBusinessAccount  *account,
                        const char            *token_url,
                        const char            *api_url,
                        const char            *dep_server,
                        GCancellable          *cancellable,
                        GError               **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  adept_org_connect_async (store, account, token_url, api_url, dep_server, cancellable, store_result, &result);
  return adept_org_connect_finish (wait_here (&result), error);
}

AdeptOrg *
adept_org_open_sync (AdeptStore          *store,
                     const AdeptOrgView  *view,
                     GCancellable        *cancellable,
                     GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  adept_org_open_async (store, view, cancellable, store_result, &result);
  return adept_org_open_finish (wait_here (&result), error);
}

gboolean
adept_org_refresh_sync (AdeptOrg      *self,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  adept_org_refresh_async (self, cancellable, store_result, &result);
  return adept_org_refresh_finish (self, wait_here (&result), error);
}
