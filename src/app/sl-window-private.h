/* sl-window-private.h: what the files of SlWindow share.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "app/sl-window.h"

G_BEGIN_DECLS

void _sl_window_class_actions_init (GtkWidgetClass *widget_class);
void _sl_window_update_actions     (SlWindow       *self);
/* The view of that name (a child of the view stack); NULL: none. */
GtkWidget *_sl_window_get_view     (SlWindow       *self,
                                    const char     *name);

G_END_DECLS
