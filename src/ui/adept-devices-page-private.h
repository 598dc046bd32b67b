/* adept-devices-page-private.h — shared by the files of AdeptDevicesPage
 *
 * Copyright 2026 The Adept authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "adept-change-splitter.h"
#include "adept-devices-page.h"
#include "adept-batch-job.h"

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

  /* Owned */
  AdeptStore           *store;
  char                 *server_id;
  AdeptDeviceList      *list;
  AdeptChangeSplitter  *splitter;
  GtkMultiSelection    *selection;
  AdeptDepClient       *client;
  GHashTable           *profile_names;   /* profile UUID → name */
  GStrv                 families;        /* family filter entries after "All" */
  GSettings            *settings;
  GSimpleActionGroup   *column_actions;
  GPtrArray            *columns;         /* Column, adept-devices-page-columns.c */
  GCancellable         *cancellable;     /* the running operation's */
  AdeptBatchJob      *job;             /* assign or remove under way */
  char                 *job_profile_name;
  AdwMessageDialog     *dialog;
  GtkFileChooserNative *chooser;
  gpointer              operation;       /* Refresh, adept-devices-page-actions.c */
  guint                 update_source;

  guint                 linked : 1;
  guint                 busy : 1;
  guint                 syncing_family : 1;
  guint                 selection_changed : 1;
};

/* adept-devices-page.c */
void      _adept_devices_page_update_state    (AdeptDevicesPage *self);
/* Emits "sync-requested". */
void      _adept_devices_page_request_sync    (AdeptDevicesPage *self);
/* A search, a status or a family narrows the list. */
gboolean  _adept_devices_page_filters_active  (AdeptDevicesPage *self);
void      _adept_devices_page_toast           (AdeptDevicesPage *self,
                                               AdwToast         *toast);
/* Serials of the selected devices, in list order. */
GPtrArray *_adept_devices_page_dup_selected_serials (AdeptDevicesPage *self);
const char *_adept_devices_page_get_profile_name (AdeptDevicesPage *self,
                                                  const char       *uuid);

/* adept-devices-page-columns.c: the column view's columns, their widths and visibility */
void      _adept_devices_page_columns_init    (AdeptDevicesPage *self);
void      _adept_devices_page_columns_save    (AdeptDevicesPage *self);
/* Orders the list as the column headers say. */
void      _adept_devices_page_columns_apply_sort (AdeptDevicesPage *self);

/* adept-devices-page-actions.c: assign, remove, refresh, export */
void      _adept_devices_page_actions_init    (GtkWidgetClass   *widget_class);
void      _adept_devices_page_actions_update  (AdeptDevicesPage *self);
void      _adept_devices_page_cancel_operation (AdeptDevicesPage *self);

G_END_DECLS
