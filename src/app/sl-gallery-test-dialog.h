/* sl-gallery-test-dialog.h: an administrator's test of a gallery with
 * probes of people known not to be in it: choosing the list and folder,
 * the run with progress and Cancel, the per-group totals, and the tests
 * run before.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "app/sl-app-context.h"
#include "engine/sightline-engine.h"

G_BEGIN_DECLS

#define SL_TYPE_GALLERY_TEST_DIALOG (sl_gallery_test_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SlGalleryTestDialog, sl_gallery_test_dialog, SL, GALLERY_TEST_DIALOG, AdwWindow)

/* Shows the gallery's past tests; a test runs once the list and the folder
 * are chosen and Run Test is pressed (gallery-test.run). */
GtkWidget                 *sl_gallery_test_dialog_new         (SlAppContext        *context,
                                                               const char          *gallery);
/* What the file choosers set. */
void                       sl_gallery_test_dialog_set_probes  (SlGalleryTestDialog *self,
                                                               GFile               *csv);
void                       sl_gallery_test_dialog_set_images  (SlGalleryTestDialog *self,
                                                               GFile               *dir);
gboolean                   sl_gallery_test_dialog_is_running  (SlGalleryTestDialog *self);
/* The result the table shows (the run just finished, or a past one
 * selected); NULL when none. */
const SlGalleryTestResult *sl_gallery_test_dialog_get_shown   (SlGalleryTestDialog *self);
/* Past tests listed. */
guint                      sl_gallery_test_dialog_get_n_past  (SlGalleryTestDialog *self);
/* Shows the past test at position (newest first). */
gboolean                   sl_gallery_test_dialog_show_past   (SlGalleryTestDialog *self,
                                                               guint                position);

G_END_DECLS
