/* sl-first-run-page.h: on an empty database, the page that creates the
 * first administrator.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "app/sl-app-context.h"

G_BEGIN_DECLS

#define SL_TYPE_FIRST_RUN_PAGE (sl_first_run_page_get_type ())

G_DECLARE_FINAL_TYPE (SlFirstRunPage, sl_first_run_page, SL, FIRST_RUN_PAGE, AdwBin)

GtkWidget *sl_first_run_page_new (SlAppContext *context);

G_END_DECLS
