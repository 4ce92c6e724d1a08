/* sl-galleries-dialog.h: creating a gallery: its name, description and the
 * embedder every face of it will be enrolled with.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "app/sl-app-context.h"

G_BEGIN_DECLS

#define SL_TYPE_GALLERIES_DIALOG (sl_galleries_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SlGalleriesDialog, sl_galleries_dialog, SL, GALLERIES_DIALOG, AdwWindow)

GtkWidget *sl_galleries_dialog_new (SlAppContext *context);

G_END_DECLS
