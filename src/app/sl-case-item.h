/* sl-case-item.h: a case as an item of the Cases sidebar's list model.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "engine/sightline-engine.h"

G_BEGIN_DECLS

#define SL_TYPE_CASE_ITEM (sl_case_item_get_type ())

G_DECLARE_FINAL_TYPE (SlCaseItem, sl_case_item, SL, CASE_ITEM, GObject)

/* Takes case_. */
SlCaseItem   *sl_case_item_new        (SlCase     *case_);
const SlCase *sl_case_item_get_case   (SlCaseItem *self);
const char   *sl_case_item_get_number (SlCaseItem *self);
const char   *sl_case_item_get_title  (SlCaseItem *self);
gboolean      sl_case_item_is_closed  (SlCaseItem *self);

G_END_DECLS
