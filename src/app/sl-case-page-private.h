/* sl-case-page-private.h: what the files of SlCasePage share.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "app/sl-analysis-queue.h"
#include "app/sl-case-page.h"
#include "app/sl-evidence-item.h"
#include "app/sl-import-queue.h"

G_BEGIN_DECLS

struct _SlCasePage
{
  AdwBin             parent_instance;
  SlAppContext      *context;
  char              *case_number;
  gboolean           closed;

  GListStore        *evidence;       /* SlEvidenceItem */
  GHashTable        *thumbnails;     /* SHA-256 -> GdkTexture: kept across reloads and cases */
  GCancellable      *thumbnail_cancellable;
  SlImportQueue     *imports;
  SlAnalysisQueue   *analyses;
  GtkFileChooserNative *chooser;
  GtkWidget         *viewer;

  GtkStack          *page_stack;
  GtkWidget         *cases_button;
  GtkLabel          *title_label;
  GtkLabel          *facts_label;
  GtkLabel          *authorisation_label; /* the case's authorisation and its clock */
  guint              authorisation_tick;  /* refreshes the clock every minute */
  GtkRevealer       *import_revealer;
  GtkLabel          *import_label;
  GtkProgressBar    *import_bar;
  GtkRevealer       *analysis_revealer;
  GtkLabel          *analysis_label;
  GtkProgressBar    *analysis_bar;
  GtkStack          *content_stack;
  GtkGridView       *grid_view;
  GtkListBox        *leads_list;
  GtkLabel          *leads_empty_label;
  GtkWidget         *leads_scroller;
  GtkListBox        *members_list;
  GtkLabel          *members_message;
  GtkWidget         *member_add_box;
  GtkEntry          *member_entry;
  char              *opened_by;      /* the case's opener, who changes its members */
  guint              n_members;
  char              *members_shown;  /* what the Members section shows, to rebuild it only when it changed */
  GtkLabel          *viewer_title;
  AdwBin            *viewer_bin;
  guint              pulse_id;

  /* SIGHTLINE_LATENCY_PROBE=1: the longest the main loop was kept from a
   * 10 ms timer while imports or analyses ran, logged when they end. */
};

void            _sl_case_page_class_actions_init (GtkWidgetClass *widget_class);
/* The Members section (sl-case-page-members.c). */
void            _sl_case_page_class_members_init (GtkWidgetClass *widget_class);
void            _sl_case_page_reload_members     (SlCasePage     *self);
void            _sl_case_page_add_shortcuts      (SlCasePage     *self);
void            _sl_case_page_update_actions     (SlCasePage     *self);
SlEvidenceItem *_sl_case_page_find_item          (SlCasePage     *self,
                                                  gint64          evidence_id);
/* Lists the case's confirmed leads again, with their outcome history. */
void            _sl_case_page_reload_leads       (SlCasePage     *self);
/* Shows the evidence viewer on the item. */
void            _sl_case_page_open_item          (SlCasePage     *self,
                                                  SlEvidenceItem *item);

G_END_DECLS
