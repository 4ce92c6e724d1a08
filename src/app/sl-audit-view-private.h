/* sl-audit-view-private.h: what the Audit view's files share.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "app/sl-audit-model.h"
#include "app/sl-audit-view.h"

G_BEGIN_DECLS

struct _SlAuditView
{
  AdwBin          parent_instance;

  SlAppContext   *context;
  SlAuditModel   *model;
  GCancellable   *verify_cancellable;
  GtkFileChooserNative *chooser;
  gboolean        stale;           /* the log grew since the last query */
  gboolean        overview_loaded;

  /* template children */
  GtkImage       *chain_icon;
  GtkLabel       *chain_label;
  GtkLabel       *head_label;
  GtkProgressBar *verify_progress;
  GtkButton      *cancel_verify_button;
  GtkButton      *verify_button;
  GtkStack       *pages;
  GtkSearchEntry *search_entry;
  GtkEntry       *user_entry;
  GtkEntry       *case_entry;
  GtkDropDown    *action_dropdown;
  GtkDropDown    *outcome_dropdown;
  GtkEntry       *from_entry;
  GtkEntry       *to_entry;
  GtkLabel       *count_label;
  GtkSpinner     *spinner;
  GtkColumnView  *column_view;
  AdwBin         *overview_bin;
};

/* sl-audit-view-actions.c */
void _sl_audit_view_class_init_actions (GtkWidgetClass *widget_class);
/* The head as the strip shows it: "Head: row 1,234 · 3fa2…". */
void _sl_audit_view_show_head          (SlAuditView    *self,
                                        gint64          seq,
                                        const char     *hash);

G_END_DECLS
