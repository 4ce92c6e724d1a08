/* sl-galleries-subjects.h: the subjects of one gallery as a list model that
 * reads them a page at a time, as the view scrolls to them.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "app/sl-app-context.h"

G_BEGIN_DECLS

#define SL_TYPE_GALLERIES_SUBJECTS (sl_galleries_subjects_get_type ())

G_DECLARE_FINAL_TYPE (SlGalleriesSubjects, sl_galleries_subjects, SL, GALLERIES_SUBJECTS, GObject)

/* Items are SlAdminItem holding an SlGallerySubject. NULL and an error
 * when the first page cannot be read. */
SlGalleriesSubjects *sl_galleries_subjects_new (SlAppContext  *context,
                                                const char    *gallery,
                                                GError       **error);
/* Pages read so far (for tests: the model is lazy). */
guint                sl_galleries_subjects_get_n_pages_read (SlGalleriesSubjects *self);

G_END_DECLS
