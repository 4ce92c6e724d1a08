/* sl-cases-view.h: the Cases view: a sidebar of cases and the open case's evidence.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "app/sl-app-context.h"

G_BEGIN_DECLS

#define SL_TYPE_CASES_VIEW (sl_cases_view_get_type ())

G_DECLARE_FINAL_TYPE (SlCasesView, sl_cases_view, SL, CASES_VIEW, AdwBin)

GtkWidget *sl_cases_view_new (SlAppContext *context);

G_END_DECLS
