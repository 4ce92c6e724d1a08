/* sl-evidence-viewer.h: the evidence viewer: a still or footage with the faces found in it.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "app/sl-app-context.h"
#include "engine/sightline-engine.h"

G_BEGIN_DECLS

#define SL_TYPE_EVIDENCE_VIEWER (sl_evidence_viewer_get_type ())

G_DECLARE_FINAL_TYPE (SlEvidenceViewer, sl_evidence_viewer, SL, EVIDENCE_VIEWER, AdwBin)

GtkWidget *sl_evidence_viewer_new          (SlAppContext     *context);
/* Shows evidence of the case (only its id is kept; NULL: none). Its faces
 * and picture load in the background; "Analyse" is offered when the
 * evidence has not been analysed yet. */
void       sl_evidence_viewer_set_evidence (SlEvidenceViewer *self,
                                            const char       *case_number,
                                            SlEvidence       *evidence);
/* Shows evidence of the case at one face: a still with face_id picked;
 * footage with track_id picked (0: none) and the scrubber at time_ms
 * (-1: the track's first time). What "Find in This Case…" opens. */
void       sl_evidence_viewer_show_face    (SlEvidenceViewer *self,
                                            const char       *case_number,
                                            SlEvidence       *evidence,
                                            gint64            face_id,
                                            gint64            track_id,
                                            gint64            time_ms);
/* The evidence shown (0: none), the still's picked face (0: none), and
 * the footage player (a SlFootagePlayer). */
gint64     sl_evidence_viewer_get_evidence_id   (SlEvidenceViewer *self);
gint64     sl_evidence_viewer_get_selected_face (SlEvidenceViewer *self);
GtkWidget *sl_evidence_viewer_get_footage_player (SlEvidenceViewer *self);
/* Reads the evidence's faces again (after an analysis elsewhere). */
void       sl_evidence_viewer_reload       (SlEvidenceViewer *self);
/* No listing, picture, analysis or drawn face is on its way. */
gboolean   sl_evidence_viewer_is_idle      (SlEvidenceViewer *self);

G_END_DECLS
