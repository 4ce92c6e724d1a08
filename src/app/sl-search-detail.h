/* sl-search-detail.h: one search as a supervisor reviews it: the
 * justification, the probe, every candidate shown with its score and the
 * decisions taken on it, who ran it and when.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "app/sl-app-context.h"

G_BEGIN_DECLS

#define SL_TYPE_SEARCH_DETAIL (sl_search_detail_get_type ())

G_DECLARE_FINAL_TYPE (SlSearchDetail, sl_search_detail, SL, SEARCH_DETAIL, AdwWindow)

/* Reads the search and shows it in a window of its own (transient for
 * parent); a search that cannot be read is reported as a toast. */
void sl_search_detail_present (SlAppContext *context,
                               GtkWindow    *parent,
                               gint64        search_id);

/* One fact of a record as a row of a boxed list: title, and the value
 * (or a dash) below it. The audit row's detail uses it too. */
void sl_search_detail_add_fact (AdwPreferencesGroup *group,
                                const char          *title,
                                const char          *value);

G_END_DECLS
