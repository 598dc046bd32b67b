/* adept-devices-page-private.h — shared by the files of AdeptDevicesPage
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "adept-devices-page.h"
#include "adept-settings.h"
#include "adept-batch-job.h"
#include "adept-device-category.h"
#include "adept-slot-model.h"

G_BEGIN_DECLS

struct _AdeptDevicesPage
{
  AdwBin                parent_instance;

  /* Template widgets */
  GtkStack             *stack;
  AdwFlap              *flap;
  GtkSearchEntry       *search_entry;
  GtkDropDown          *family_dropdown;
  AdeptStatusChart     *chart;
  GtkColumnView        *column_view;
  GtkWidget            *no_match_page;
  GtkLabel             *summary_label;
  GtkRevealer          *progress_revealer;
  GtkProgressBar       *progress_bar;
  GtkLabel             *progress_label;
  AdeptDevicePanel     *panel;
  GMenu                *columns_submenu;
  GtkMenuButton        *filters_button;
  GMenu                *saved_filters_section;
  GMenu                *delete_filters_submenu;
  GtkWidget            *sync_box;
  GtkSpinner           *sync_spinner;
  GtkLabel             *sync_label;

  /* Owned */
  AdeptSession         *session;
  AdeptStore           *store;
  char                 *server_id;
  AdeptDeviceList      *list;
  /* The organisation's devices while the Apple Business API is connected (facets of
   * devices not in the list, the panel's Apple Business section), else NULL. */
  AdeptOrgDeviceList   *org_list;
  AdeptSlotModel       *slots;           /* the list as the column view's rows */
  GtkMultiSelection    *selection;
  GHashTable           *profile_names;   /* profile UUID → name */
  /* Action name → the tooltip the panel's buttons for it were given (see set_action()). */
  GHashTable           *panel_tips;
  GStrv                 families;        /* family filter entries after "All" */
  AdeptSettings        *settings;
  GSimpleActionGroup   *column_actions;
  GPtrArray            *columns;         /* Column, adept-devices-page-columns.c */
  GCancellable         *cancellable;     /* the running operation's */
  AdeptBatchJob        *job;             /* assign, remove or refresh under way */
  char                 *job_profile_name;
  AdwMessageDialog     *dialog;
  GtkFileChooserNative *chooser;
  guint                 update_source;
  /* The chart's category whose filter the list has, or NULL. */
  const AdeptDeviceCategory *chart_category;
  /* The selection, counted when it changes: per chart category, and those with a
   * profile (assigned or pushed) that Remove acts on. */
  guint                *selected_counts;
  guint                 n_selected_with_profile;
  /* Devices carry profiles this console does not keep (defined elsewhere). */
  gboolean              foreign_profiles;
  /* Replacements whose original was asked of Apple (adept-devices-page-replacement.c),
   * and the lookups' cancellable. */
  GHashTable           *replacements_asked;
  GCancellable         *lookups;

  GPtrArray            *lock_outcomes;    /* the last Activation Lock run's */
  guint                 linked : 1;
  guint                 shown_linked : 1;   /* tests and the benchmark: list as if linked */
  guint                 busy : 1;
  guint                 syncing_family : 1;
  guint                 selection_changed : 1;
  guint                 bulk_job : 1;         /* the job acts on every device shown */
  guint                 sync_asked : 1;       /* this page asked for the running sync */
};

/* Tests and the benchmark: a store's devices without a session (read at once), shown as a
 * linked server's when linked; what the admin sees. */
gboolean          adept_devices_page_set_store     (AdeptDevicesPage  *self,
                                                    AdeptStore        *store,
                                                    const char        *server_id,
                                                    GError           **error);
void              adept_devices_page_set_linked    (AdeptDevicesPage  *self,
                                                    gboolean           linked);
gboolean          adept_devices_page_get_linked    (AdeptDevicesPage  *self);
/* Reads what changed in the store into the list, the chart and the panel. */
gboolean          adept_devices_page_reload        (AdeptDevicesPage  *self,
                                                    GError           **error);
/* The organisation this server is in, while the Apple Business API is connected (NULL:
 * not connected): the chart counts "not yet on this server", the panel shows what Apple
 * Business knows of a device. */
gboolean          adept_devices_page_set_org_view  (AdeptDevicesPage  *self,
                                                    const AdeptOrgView *view,
                                                    GError           **error);
AdeptOrgDeviceList *adept_devices_page_get_org_list (AdeptDevicesPage *self);
/* "not-linked", "no-devices", "devices" or "no-match". */
const char       *adept_devices_page_get_state     (AdeptDevicesPage  *self);
AdeptDeviceList  *adept_devices_page_get_list      (AdeptDevicesPage  *self);
GtkSelectionModel *adept_devices_page_get_selection (AdeptDevicesPage *self);
GtkColumnView    *adept_devices_page_get_column_view (AdeptDevicesPage *self);
GtkEditable      *adept_devices_page_get_search_entry (AdeptDevicesPage *self);
AdeptStatusChart *adept_devices_page_get_chart     (AdeptDevicesPage  *self);
AdeptDevicePanel *adept_devices_page_get_panel     (AdeptDevicesPage  *self);
/* The panel is fully shown, or fully hidden (not while it slides). */
gboolean          adept_devices_page_get_panel_revealed (AdeptDevicesPage *self);
gboolean          adept_devices_page_get_panel_hidden (AdeptDevicesPage *self);
gboolean          adept_devices_page_get_busy      (AdeptDevicesPage  *self);
AdwMessageDialog *adept_devices_page_get_dialog    (AdeptDevicesPage  *self);

/* Saved filters of the page's server (adept-devices-page-filters.c): names, sorted. */
GStrv             adept_devices_page_dup_saved_filters (AdeptDevicesPage *self);
/* Saves what narrows the list now (status or other chart category, family, search)
 * under name, replacing a filter of that name. FALSE when nothing narrows it. */
gboolean          adept_devices_page_save_filter   (AdeptDevicesPage  *self,
                                                    const char        *name);
/* FALSE for a name the server has no filter of. */
gboolean          adept_devices_page_apply_filter  (AdeptDevicesPage  *self,
                                                    const char        *name);
void              adept_devices_page_delete_filter (AdeptDevicesPage  *self,
                                                    const char        *name);
/* A sentence of what narrows the list: "Empty · iPad · “sales”"; NULL when nothing. */
char             *adept_devices_page_describe_filter (AdeptDevicesPage *self);

/* adept-devices-page.c */
void      _adept_devices_page_update_state    (AdeptDevicesPage *self);
/* A search, a status or a family narrows the list. */
gboolean  _adept_devices_page_filters_active  (AdeptDevicesPage *self);
/* Serials of the selected devices, in list order. */
GPtrArray *_adept_devices_page_dup_selected_serials (AdeptDevicesPage *self);
const char *_adept_devices_page_get_profile_name (AdeptDevicesPage *self,
                                                  const char       *uuid);
/* How many devices are read before the first frame: the rows the window can show. */
guint     _adept_devices_page_first_screen_rows (AdeptDevicesPage *self);

/* adept-devices-page-columns.c: the column view's columns, their widths and visibility */
void      _adept_devices_page_columns_init    (AdeptDevicesPage *self);
void      _adept_devices_page_columns_save    (AdeptDevicesPage *self);
/* Orders the list as the column headers say. */
void      _adept_devices_page_columns_apply_sort (AdeptDevicesPage *self);

/* adept-devices-page-actions.c: assign, remove, refresh, sync, export */
void      _adept_devices_page_actions_init    (GtkWidgetClass   *widget_class);
void      _adept_devices_page_actions_update  (AdeptDevicesPage *self);
/* The session's sync, shown in the footer whoever started it. */
void      _adept_devices_page_update_sync     (AdeptDevicesPage *self);
/* The page's family filter, or NULL. */
const char *_adept_devices_page_get_family    (AdeptDevicesPage *self);

/* adept-devices-page-filters.c: saved filters */
void      _adept_devices_page_filters_init    (GtkWidgetClass   *widget_class);
void      _adept_devices_page_filters_update  (AdeptDevicesPage *self);
/* The page lets go of its running job: stopped (the page goes away), or left to run to its
 * end as its session's business (another server is shown). */
void      _adept_devices_page_detach_operation (AdeptDevicesPage *self,
                                                gboolean          stop);

/* The footer's progress (adept-devices-page-actions.c); busy also updates the actions. */
void      _adept_devices_page_set_busy        (AdeptDevicesPage *self,
                                               gboolean          busy);
void      _adept_devices_page_show_progress   (AdeptDevicesPage *self,
                                               const char       *text,
                                               double            fraction);
/* Activation Lock (adept-devices-page-lock.c): what the last lock run answered, for the
 * summary and the tests; NULL before one. A GPtrArray of AdeptLockOutcome. */
GPtrArray *adept_devices_page_get_lock_outcomes (AdeptDevicesPage *self);
GtkFileChooserNative *adept_devices_page_get_file_chooser (AdeptDevicesPage *self);

/* The page's one dialog, with Cancel when cancel is TRUE (adept-devices-page-actions.c). */
AdwMessageDialog *_adept_devices_page_new_dialog (AdeptDevicesPage *self,
                                                  const char       *heading,
                                                  const char       *body,
                                                  gboolean          cancel);

/* adept-devices-page-lock.c: devices.show-bypass-code (a serial): the Activation Lock
 * bypass code this computer's keyring keeps, shown after a confirmation, to copy. */
void _adept_devices_page_lock_init (GtkWidgetClass *widget_class);

/* adept-devices-page-replacement.c: a replacement shown without its original's serial
 * asks Apple for it once (GET /device/replacementDetails), keeps the answer in the store,
 * and the panel shows it. */
void _adept_devices_page_ask_replacement (AdeptDevicesPage *self,
                                          AdeptDevice      *device);

G_END_DECLS
