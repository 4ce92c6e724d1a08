/* sl-window.h: the Sightline main window.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "app/sl-app-context.h"

G_BEGIN_DECLS

#define SL_TYPE_WINDOW (sl_window_get_type ())

G_DECLARE_FINAL_TYPE (SlWindow, sl_window, SL, WINDOW, AdwApplicationWindow)

SlWindow     *sl_window_new         (GtkApplication *application,
                                     SlAppContext   *context);
SlAppContext *sl_window_get_context (SlWindow       *self);
/* "first-run", "sign-in", "workspace" or "error". */
const char   *sl_window_get_page    (SlWindow       *self);
/* Shows a view of the workspace: "cases", "review", "audit", "admin";
 * FALSE when the signed-in role has no such view. */
gboolean      sl_window_show_view   (SlWindow       *self,
                                     const char     *name);

/* Quits, after asking when an import or analysis is under way. */
void          sl_window_confirm_quit (SlWindow *self);

G_END_DECLS
