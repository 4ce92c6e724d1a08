/* sl-authorisations-view.h: the supervisors' queue of pending
 * authorisations, to record what the authority decided.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "app/sl-app-context.h"

G_BEGIN_DECLS

#define SL_TYPE_AUTHORISATIONS_VIEW (sl_authorisations_view_get_type ())

G_DECLARE_FINAL_TYPE (SlAuthorisationsView, sl_authorisations_view, SL, AUTHORISATIONS_VIEW, AdwBin)

GtkWidget *sl_authorisations_view_new (SlAppContext *context);

G_END_DECLS
