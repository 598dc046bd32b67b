/* adept-organization-page.c — the organisation's devices: the list, its search and
 * filters, opening and listing the organisation
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "adept-organization-page"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "adept-device-format.h"
#include "adept-device-sorter.h"
#include "adept-error.h"
#include "adept-organization-page-private.h"
#include "adept-server.h"
#include "adept-ui-util.h"

G_DEFINE_FINAL_TYPE (AdeptOrganizationPage, adept_organization_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_ORG_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The filter drop-down's entries, in its order. */
static const char * const filter_ids[] = { "all", "unassigned", "other", "this", "waiting" };
#define FILTER_WAITING 4

/* Columns */

typedef char *(*CellText) (const AdeptOrgDeviceData *d);

typedef struct {
  const char             *title;
  int                     width;
  gboolean                expand;
  CellText                text;
  AdeptOrgDeviceListSort  sort;
} ColumnInfo;

static char *serial_text (const AdeptOrgDeviceData *d) { return g_strdup (d->serial_number); }
static char *model_text (const AdeptOrgDeviceData *d) { return g_strdup (d->model); }
static char *order_text (const AdeptOrgDeviceData *d) { return g_strdup (d->order_number); }
static char *source_text (const AdeptOrgDeviceData *d) { return g_strdup (adept_purchase_source_label (d->purchase_source_type)); }
static char *added_text (const AdeptOrgDeviceData *d) { return adept_format_short_date (d->added_date); }
static char *migration_text (const AdeptOrgDeviceData *d) { return adept_org_migration_text (d); }

static char *
server_text (const AdeptOrgDeviceData *d)
{
  /* Apple has it here; the DEP sync has not brought it in yet. */
  if (d->placement == ADEPT_ORG_PLACEMENT_THIS_SERVER && d->dep_status < 0)
    return g_strdup (_("This Server (not synced yet)"));
  return g_strdup (adept_org_server_label (d));
}

static const ColumnInfo columns[] = {
  { N_("Serial Number"), 140, FALSE, serial_text, ADEPT_ORG_DEVICE_LIST_SORT_SERIAL },
  { N_("Model"), 200, TRUE, model_text, ADEPT_ORG_DEVICE_LIST_SORT_MODEL },
  { N_("Order Number"), 130, FALSE, order_text, ADEPT_ORG_DEVICE_LIST_SORT_ORDER_NUMBER },
  { N_("Purchased From"), 120, FALSE, source_text, ADEPT_ORG_DEVICE_LIST_SORT_PURCHASE_SOURCE },
  { N_("Added"), 110, FALSE, added_text, ADEPT_ORG_DEVICE_LIST_SORT_ADDED_DATE },
  { N_("MDM Server"), 200, TRUE, server_text, ADEPT_ORG_DEVICE_LIST_SORT_SERVER },
  { N_("Migration"), 160, FALSE, migration_text, ADEPT_ORG_DEVICE_LIST_SORT_MIGRATION },
};

static void
fill_cell (GtkListItem *item)
{
  const ColumnInfo *info = g_object_get_data (G_OBJECT (item), "adept-column");
  AdeptOrgDevice *device = gtk_list_item_get_item (item);
  g_autofree char *text = device != NULL ? info->text (adept_org_device_get_data (device)) : NULL;
  GtkWidget *label = gtk_list_item_get_child (item);

  gtk_label_set_label (GTK_LABEL (label), text != NULL ? text : "");
  gtk_widget_set_tooltip_text (label, text);
}

static void
on_setup (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          const ColumnInfo         *info)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  adept_ui_label_no_hyphens (GTK_LABEL (label));
  gtk_list_item_set_child (item, label);
  g_object_set_data (G_OBJECT (item), "adept-column", (gpointer) info);
}

/* A refresh updates items in place: the cell follows. */
static void
on_item_notify (GtkListItem *item)
{
  fill_cell (item);
}

static void
on_bind (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         const ColumnInfo         *info)
{
  fill_cell (item);
  g_signal_connect_object (gtk_list_item_get_item (item), "notify", G_CALLBACK (on_item_notify),
                           item, G_CONNECT_SWAPPED);
}

static void
on_unbind (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           const ColumnInfo         *info)
{
  GObject *device = gtk_list_item_get_item (item);

  if (device != NULL)
    g_signal_handlers_disconnect_by_func (device, on_item_notify, item);
}

static void
add_columns (AdeptOrganizationPage *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *column;
      g_autoptr(GtkSorter) sorter = adept_device_sorter_new_for_org (columns[i].sort);

      g_signal_connect (factory, "setup", G_CALLBACK (on_setup), (gpointer) &columns[i]);
      g_signal_connect (factory, "bind", G_CALLBACK (on_bind), (gpointer) &columns[i]);
      g_signal_connect (factory, "unbind", G_CALLBACK (on_unbind), (gpointer) &columns[i]);
      column = gtk_column_view_column_new (_(columns[i].title), factory);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_expand (column, columns[i].expand);
      gtk_column_view_column_set_fixed_width (column, columns[i].width);
      gtk_column_view_column_set_sorter (column, sorter);
      gtk_column_view_append_column (self->column_view, column);
      g_object_unref (column);
    }
}

/* Order: the column headers say it, the list does it (rows kept compactly, not sorted as
 * objects). */
static void
apply_sort (AdeptOrganizationPage *self)
{
  AdeptOrgDeviceListSort key = ADEPT_ORG_DEVICE_LIST_SORT_SERIAL;
  gboolean descending = FALSE;

  if (self->list == NULL || self->column_view == NULL)
    return;
  if (!adept_device_sorter_get_org_primary (gtk_column_view_get_sorter (self->column_view),
                                            &key, &descending))
    key = ADEPT_ORG_DEVICE_LIST_SORT_SERIAL;
  adept_org_device_list_set_sort (self->list, key, descending);
}

/* State */

static guint
n_visible (AdeptOrganizationPage *self)
{
  return self->filtered != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) : 0;
}

static guint
n_selected (AdeptOrganizationPage *self)
{
  g_autoptr(GtkBitset) selected = NULL;

  if (self->selection == NULL)
    return 0;
  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  return (guint) gtk_bitset_get_size (selected);
}

static void
update_summary (AdeptOrganizationPage *self)
{
  guint total = self->list != NULL ? adept_org_device_list_get_n_total (self->list) : 0;
  g_autofree char *total_text = adept_format_count (total);
  g_autofree char *shown_text = adept_format_count (n_visible (self));
  g_autofree char *selected_text = adept_format_count (n_selected (self));
  g_autofree char *devices = NULL;
  g_autofree char *text = NULL;

  if (n_visible (self) == total)
    /* Translators: %s is a number, "100,000 devices of the organization". */
    devices = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s device of the organization",
                                            "%s devices of the organization", total), total_text);
  else
    /* Translators: "Showing 1,234 of 100,000 devices of the organization". */
    devices = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Showing %s of %s device of the organization",
                                            "Showing %s of %s devices of the organization", total),
                               shown_text, total_text);
  if (n_selected (self) > 0)
    /* Translators: "100,000 devices of the organization · 3 selected". */
    text = g_strdup_printf (_("%s · %s selected"), devices, selected_text);
  else
    text = g_strdup (devices);
  /* How fresh the picture is: Apple is the truth, the store a copy. */
  if (self->listed > 0)
    {
      g_autofree char *when = adept_format_timestamp (self->listed);
      g_autofree char *with_time = NULL;

      /* Translators: "59 devices of the organization · listed from Apple 7 December 2026, 13:20". */
      with_time = g_strdup_printf (_("%s · listed from Apple %s"), text, when);
      g_free (text);
      text = g_steal_pointer (&with_time);
    }
  gtk_label_set_label (self->summary_label, text);
}

void
_adept_organization_page_update (AdeptOrganizationPage *self)
{
  const char *page = "devices";

  if (self->session == NULL || !adept_session_get_linked (self->session))
    page = "not-linked";
  else if (self->org_id == NULL)
    page = "unknown-org";
  else if (!self->connected)
    page = "not-connected";
  else if (self->list == NULL || self->listing)
    page = "listing";
  gtk_stack_set_visible_child_name (self->stack, page);
  gtk_widget_set_visible (self->no_match_page, n_visible (self) == 0 && self->list != NULL);
  update_summary (self);
  _adept_organization_page_actions_update (self);
}

/* The organisation */

static void
clear_org (AdeptOrganizationPage *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  gtk_column_view_set_model (self->column_view, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->filtered);
  g_clear_object (&self->list);
  g_clear_object (&self->org);
  g_clear_object (&self->store);
  g_clear_pointer (&self->org_id, g_free);
  g_clear_pointer (&self->dep_server, g_free);
  g_clear_pointer (&self->this_server_id, g_free);
  memset (&self->view, 0, sizeof self->view);
  self->connected = FALSE;
  self->listed = 0;
  self->listing = FALSE;
}

static gboolean
waiting_match (gpointer item,
               gpointer user_data)
{
  return adept_org_device_get_data (item)->dep_status < 0;
}

static void
on_selection_changed (AdeptOrganizationPage *self)
{
  update_summary (self);
  _adept_organization_page_actions_update (self);
}

static void
on_items_changed (AdeptOrganizationPage *self)
{
  _adept_organization_page_update (self);
}

static void
apply_filter (AdeptOrganizationPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->filter_dropdown);

  if (self->list == NULL)
    return;
  if (selected == GTK_INVALID_LIST_POSITION || selected == 0)
    adept_org_device_list_set_placement_filter (self->list, -1);
  else if (selected == FILTER_WAITING)
    adept_org_device_list_set_placement_filter (self->list, ADEPT_ORG_PLACEMENT_THIS_SERVER);
  else
    adept_org_device_list_set_placement_filter (self->list, (int) selected - 1);
  gtk_filter_list_model_set_filter (self->filtered, selected == FILTER_WAITING
                                    ? GTK_FILTER (self->waiting_filter) : NULL);
}

/* The list reads the store again; "waiting" depends on the DEP devices too. */
static gboolean
refresh_list (AdeptOrganizationPage  *self,
              GError                **error)
{
  if (!adept_org_device_list_refresh (self->list, error))
    return FALSE;
  if (gtk_drop_down_get_selected (self->filter_dropdown) == FILTER_WAITING)
    gtk_filter_changed (GTK_FILTER (self->waiting_filter), GTK_FILTER_CHANGE_DIFFERENT);
  return TRUE;
}

/* The list of the store's organisation, once connected. */
static gboolean
make_list (AdeptOrganizationPage  *self,
           GError                **error)
{
  g_autoptr(AdeptOrgDeviceList) list = adept_org_device_list_new (self->store, &self->view);

  adept_org_device_list_set_search (list, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  if (!adept_org_device_list_refresh (list, error))
    return FALSE;
  self->list = g_steal_pointer (&list);
  apply_sort (self);
  self->filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->list)), NULL);
  self->selection = gtk_multi_selection_new (G_LIST_MODEL (g_object_ref (self->filtered)));
  apply_filter (self);
  g_signal_connect_object (self->selection, "selection-changed", G_CALLBACK (on_selection_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "items-changed", G_CALLBACK (on_items_changed),
                           self, G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  return TRUE;
}

static void
set_error (AdeptOrganizationPage *self,
           const GError          *error)
{
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    adept_ui_toast (GTK_WIDGET (self), error->message);
}

static void
on_listing_progress (AdeptOrg              *org,
                     guint                  listed,
                     guint                  total,
                     AdeptOrganizationPage *self)
{
  g_autofree char *listed_text = adept_format_count (listed);
  g_autofree char *total_text = adept_format_count (total);
  g_autofree char *text = total > 0
    /* Translators: "1,000 of 20,000 devices". */
    ? g_strdup_printf (_("%s of %s devices"), listed_text, total_text)
    : g_strdup (listed_text);

  gtk_progress_bar_set_fraction (self->listing_bar, total > 0 ? (double) listed / total : 0);
  gtk_progress_bar_set_text (self->listing_bar, text);
  if (!self->listing)
    {
      gtk_progress_bar_set_fraction (self->progress_bar, total > 0 ? (double) listed / total : 0);
      gtk_label_set_label (self->progress_label, text);
    }
}

static void
listed (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(AdeptOrganizationPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!adept_org_refresh_finish (ADEPT_ORG (source), result, &error))
    set_error (self, error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_signal_handlers_disconnect_by_func (source, on_listing_progress, self);
  self->busy = FALSE;
  self->listing = FALSE;
  gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);
  _adept_organization_page_reload (self);
}

/* Lists every device and server from Apple into the store; the list follows. */
void
_adept_organization_page_list (AdeptOrganizationPage *self)
{
  g_autoptr(AdeptStoredOrg) stored = NULL;

  if (self->org == NULL || self->busy)
    return;
  stored = adept_store_get_org (self->store, self->org_id, NULL);
  /* The first listing fills the page; later ones run above the list. */
  self->listing = stored == NULL || stored->listed == 0;
  self->busy = TRUE;
  gtk_label_set_label (self->progress_label, _("Listing the organization’s devices…"));
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_progress_bar_set_fraction (self->listing_bar, 0);
  gtk_progress_bar_set_text (self->listing_bar, NULL);
  gtk_revealer_set_reveal_child (self->progress_revealer, !self->listing);
  g_signal_connect_object (self->org, "listing-progress", G_CALLBACK (on_listing_progress), self, 0);
  adept_org_refresh_async (self->org, self->cancellable, listed, g_object_ref (self));
  _adept_organization_page_update (self);
}

static void
opened (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(AdeptOrganizationPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptOrg) org = adept_org_open_finish (result, &error);
  g_autoptr(AdeptStoredOrg) stored = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy = FALSE;
  if (org == NULL)
    {
      set_error (self, error);
      /* The keyring no longer has the key (another computer's store, a new keyring): the
       * admin connects again, the listed devices stay until then. */
      if (g_error_matches (error, ADEPT_ERROR, ADEPT_ERROR_API_NOT_CONNECTED))
        self->connected = FALSE;
      _adept_organization_page_update (self);
      return;
    }
  self->org = g_steal_pointer (&org);
  stored = adept_store_get_org (self->store, self->org_id, NULL);
  if (stored == NULL || stored->listed == 0)
    _adept_organization_page_list (self);
  else
    _adept_organization_page_update (self);
}

void
_adept_organization_page_open (AdeptOrganizationPage *self)
{
  if (self->store == NULL || self->org_id == NULL || self->org != NULL)
    return;
  self->busy = TRUE;
  adept_org_open_async (self->store, &self->view, self->cancellable, opened, g_object_ref (self));
}

/* The organisation of the session's server, from its account facts; what the store keeps
 * of it. */
static void
load (AdeptOrganizationPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptStoredOrg) stored = NULL;
  const char *org_id;

  clear_org (self);
  self->cancellable = g_cancellable_new ();
  if (self->session == NULL || !adept_session_get_linked (self->session))
    goto done;
  org_id = adept_session_get_account_fact (self->session, ADEPT_ACCOUNT_ORG_ID);
  if (org_id == NULL)
    goto done;
  self->store = g_object_ref (adept_session_get_store (self->session));
  self->org_id = g_strdup (org_id);
  self->dep_server = g_strdup (adept_session_get_id (self->session));
  self->this_server_id = g_strdup (adept_session_get_account_fact (self->session, ADEPT_ACCOUNT_SERVER_UUID));
  self->view.org_id = self->org_id;
  self->view.dep_server = self->dep_server;
  self->view.this_server_id = self->this_server_id;

  stored = adept_store_get_org (self->store, self->org_id, &error);
  self->connected = stored != NULL && stored->connected > 0;
  self->listed = stored != NULL ? stored->listed : 0;
  if (self->connected && !make_list (self, &error))
    self->connected = FALSE;
  if (error != NULL)
    set_error (self, error);
  if (self->connected)
    _adept_organization_page_open (self);
done:
  _adept_organization_page_update (self);
  g_signal_emit (self, signals[SIGNAL_ORG_CHANGED], 0);
}

void
_adept_organization_page_reload (AdeptOrganizationPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AdeptStoredOrg) stored = NULL;

  if (self->store == NULL || self->org_id == NULL)
    {
      load (self);
      return;
    }
  stored = adept_store_get_org (self->store, self->org_id, &error);
  if (stored == NULL || stored->connected == 0)
    {
      load (self);
      return;
    }
  self->listed = stored->listed;
  self->connected = TRUE;
  if (self->list == NULL ? !make_list (self, &error) : !refresh_list (self, &error))
    set_error (self, error);
  /* Connected now, or again (a key the keyring had lost). */
  if (self->org == NULL && !self->busy)
    _adept_organization_page_open (self);
  _adept_organization_page_update (self);
  g_signal_emit (self, signals[SIGNAL_ORG_CHANGED], 0);
}

/* The organisation appears once Apple has said it (the account refreshed), or another
 * server is linked. */
static void
on_account_changed (AdeptOrganizationPage *self)
{
  const char *org_id = self->session != NULL
    ? adept_session_get_account_fact (self->session, ADEPT_ACCOUNT_ORG_ID) : NULL;

  if (g_strcmp0 (org_id, self->org_id) != 0 ||
      (self->session != NULL && adept_session_get_linked (self->session) && self->store == NULL && org_id != NULL))
    load (self);
  else
    _adept_organization_page_update (self);
}

/* A sync brought devices in: the "not synced yet" marks go. */
static void
on_devices_changed (AdeptOrganizationPage *self)
{
  g_autoptr(GError) error = NULL;

  if (self->list != NULL && !refresh_list (self, &error))
    set_error (self, error);
  _adept_organization_page_update (self);
}

/* Search and filter */

static void
on_search_changed (AdeptOrganizationPage *self)
{
  if (self->list != NULL)
    adept_org_device_list_set_search (self->list, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  _adept_organization_page_update (self);
}

static void
on_filter_selected (AdeptOrganizationPage *self)
{
  apply_filter (self);
  _adept_organization_page_update (self);
}

GPtrArray *
_adept_organization_page_dup_selected (AdeptOrganizationPage *self)
{
  GPtrArray *devices = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GtkBitset) selected = NULL;
  GtkBitsetIter iter;
  guint position;

  if (self->selection == NULL)
    return devices;
  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  for (gboolean ok = gtk_bitset_iter_init_first (&iter, selected, &position); ok;
       ok = gtk_bitset_iter_next (&iter, &position))
    {
      AdeptOrgDevice *device = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

      if (device != NULL)
        g_ptr_array_add (devices, device);
    }
  return devices;
}

/* Public API */

void
adept_organization_page_set_session (AdeptOrganizationPage *self,
                                     AdeptSession          *session)
{
  g_return_if_fail (ADEPT_IS_ORGANIZATION_PAGE (self));
  g_return_if_fail (session == NULL || ADEPT_IS_SESSION (session));

  if (self->session == session)
    return;
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  if (session != NULL)
    {
      g_signal_connect_object (session, "notify::account-updated-at", G_CALLBACK (on_account_changed),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::linked", G_CALLBACK (on_account_changed),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "devices-changed", G_CALLBACK (on_devices_changed),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::state",
                               G_CALLBACK (_adept_organization_page_actions_update), self,
                               G_CONNECT_SWAPPED);
    }
  load (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

AdeptSession *
adept_organization_page_get_session (AdeptOrganizationPage *self)
{
  g_return_val_if_fail (ADEPT_IS_ORGANIZATION_PAGE (self), NULL);

  return self->session;
}

const AdeptOrgView *
adept_organization_page_get_view (AdeptOrganizationPage *self)
{
  g_return_val_if_fail (ADEPT_IS_ORGANIZATION_PAGE (self), NULL);

  return self->connected ? &self->view : NULL;
}

void
adept_organization_page_set_filter (AdeptOrganizationPage *self,
                                    const char            *filter)
{
  g_return_if_fail (ADEPT_IS_ORGANIZATION_PAGE (self));

  for (guint i = 0; i < G_N_ELEMENTS (filter_ids); i++)
    if (g_strcmp0 (filter, filter_ids[i]) == 0)
      gtk_drop_down_set_selected (self->filter_dropdown, i);
}

const char *
adept_organization_page_get_filter (AdeptOrganizationPage *self)
{
  guint selected;

  g_return_val_if_fail (ADEPT_IS_ORGANIZATION_PAGE (self), NULL);

  selected = gtk_drop_down_get_selected (self->filter_dropdown);
  return selected < G_N_ELEMENTS (filter_ids) ? filter_ids[selected] : filter_ids[0];
}

const char *
adept_organization_page_get_state (AdeptOrganizationPage *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->stack);

  if (g_str_equal (page, "devices") && gtk_widget_get_visible (self->no_match_page))
    return "no-match";
  return page;
}

GListModel *
adept_organization_page_get_model (AdeptOrganizationPage *self)
{
  return self->filtered != NULL ? G_LIST_MODEL (self->filtered) : NULL;
}

GtkSelectionModel *
adept_organization_page_get_selection (AdeptOrganizationPage *self)
{
  return GTK_SELECTION_MODEL (self->selection);
}

GtkEditable *
adept_organization_page_get_search_entry (AdeptOrganizationPage *self)
{
  return GTK_EDITABLE (self->search_entry);
}

AdwMessageDialog *
adept_organization_page_get_dialog (AdeptOrganizationPage *self)
{
  return self->dialog;
}

gboolean
adept_organization_page_get_busy (AdeptOrganizationPage *self)
{
  return self->busy;
}

AdeptOrgJob *
adept_organization_page_get_job (AdeptOrganizationPage *self)
{
  return self->job;
}

const char *
adept_organization_page_get_summary (AdeptOrganizationPage *self)
{
  return gtk_label_get_label (self->summary_label);
}

/* GObject */

static void
adept_organization_page_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, ADEPT_ORGANIZATION_PAGE (object)->session);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
adept_organization_page_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_SESSION:
      adept_organization_page_set_session (ADEPT_ORGANIZATION_PAGE (object), g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
adept_organization_page_dispose (GObject *object)
{
  AdeptOrganizationPage *self = ADEPT_ORGANIZATION_PAGE (object);

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));
  if (self->column_view != NULL)
    clear_org (self);
  g_clear_object (&self->job);
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), ADEPT_TYPE_ORGANIZATION_PAGE);
  G_OBJECT_CLASS (adept_organization_page_parent_class)->dispose (object);
}

static void
adept_organization_page_finalize (GObject *object)
{
  AdeptOrganizationPage *self = ADEPT_ORGANIZATION_PAGE (object);

  g_clear_object (&self->waiting_filter);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (adept_organization_page_parent_class)->finalize (object);
}

static void
adept_organization_page_class_init (AdeptOrganizationPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = adept_organization_page_dispose;
  object_class->finalize = adept_organization_page_finalize;
  object_class->get_property = adept_organization_page_get_property;
  object_class->set_property = adept_organization_page_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, ADEPT_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_ORG_CHANGED] =
    g_signal_new ("org-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/adept-organization-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AdeptOrganizationPage, stack);
  gtk_widget_class_bind_template_child (widget_class, AdeptOrganizationPage, listing_status);
  gtk_widget_class_bind_template_child (widget_class, AdeptOrganizationPage, listing_bar);
  gtk_widget_class_bind_template_child (widget_class, AdeptOrganizationPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, AdeptOrganizationPage, filter_dropdown);
  gtk_widget_class_bind_template_child (widget_class, AdeptOrganizationPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, AdeptOrganizationPage, no_match_page);
  gtk_widget_class_bind_template_child (widget_class, AdeptOrganizationPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, AdeptOrganizationPage, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, AdeptOrganizationPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, AdeptOrganizationPage, progress_label);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_selected);
  _adept_organization_page_actions_init (widget_class);
}

static void
adept_organization_page_init (AdeptOrganizationPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->waiting_filter = gtk_custom_filter_new (waiting_match, NULL, NULL);
  add_columns (self);
  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (apply_sort), self, G_CONNECT_SWAPPED);
  /* Typing anywhere on the page searches, as on the Devices page. */
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));
  adept_ui_widget_no_hyphens (GTK_WIDGET (self->stack));
  _adept_organization_page_update (self);
}
