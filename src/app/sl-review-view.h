/* sl-review-view.h: the Review view: candidates waiting for this user's decision or second review.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "app/sl-app-context.h"

G_BEGIN_DECLS

#define SL_TYPE_REVIEW_VIEW (sl_review_view_get_type ())

G_DECLARE_FINAL_TYPE (SlReviewView, sl_review_view, SL, REVIEW_VIEW, AdwBin)

GtkWidget *sl_review_view_new (SlAppContext *context);

G_END_DECLS
