/* sl-enrol-dialog.h: an enrolment running: its progress, Cancel, then
 * what became of every image.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "app/sl-app-context.h"
#include "engine/sightline-engine.h"

G_BEGIN_DECLS

#define SL_TYPE_ENROL_DIALOG (sl_enrol_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SlEnrolDialog, sl_enrol_dialog, SL, ENROL_DIALOG, AdwWindow)

/* Starts enrolling the folder (one sub-folder per subject) or the CSV list
 * into the gallery at once. */
GtkWidget            *sl_enrol_dialog_new         (SlAppContext  *context,
                                                   const char    *gallery,
                                                   GFile         *dir,
                                                   GFile         *csv);
gboolean              sl_enrol_dialog_is_running  (SlEnrolDialog *self);
/* NULL until the enrolment has finished. */
const SlEnrolSummary *sl_enrol_dialog_get_summary (SlEnrolDialog *self);
/* Shows only outcomes of this kind; -1 for all. */
void                  sl_enrol_dialog_set_filter  (SlEnrolDialog *self,
                                                   int            outcome);
/* The outcome rows shown (after the filter). */
guint                 sl_enrol_dialog_get_n_shown (SlEnrolDialog *self);

G_END_DECLS
