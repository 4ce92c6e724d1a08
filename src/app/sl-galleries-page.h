/* sl-galleries-page.h: the galleries: creating one, enrolling a folder or
 * a list into it, testing it, browsing its subjects.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "app/sl-app-context.h"

G_BEGIN_DECLS

#define SL_TYPE_GALLERIES_PAGE (sl_galleries_page_get_type ())

G_DECLARE_FINAL_TYPE (SlGalleriesPage, sl_galleries_page, SL, GALLERIES_PAGE, AdwBin)

GtkWidget  *sl_galleries_page_new          (SlAppContext    *context);
void        sl_galleries_page_reload       (SlGalleriesPage *self);
/* The selected gallery's name, or NULL. */
const char *sl_galleries_page_get_selected (SlGalleriesPage *self);
gboolean    sl_galleries_page_select       (SlGalleriesPage *self,
                                            const char      *name);
/* Starts enrolling the folder or list into the selected gallery, as the
 * file chooser does; returns the enrolment dialog. */
GtkWidget  *sl_galleries_page_enrol        (SlGalleriesPage *self,
                                            GFile           *dir,
                                            GFile           *csv);
/* Opens the gallery test dialog for the selected gallery (the
 * galleries.test action); returns it. */
GtkWidget  *sl_galleries_page_test         (SlGalleriesPage *self);

G_END_DECLS
