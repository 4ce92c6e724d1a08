/* sl-evidence-viewer.h: the evidence viewer: a still or footage with the faces found in it.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "app/sl-app-context.h"

G_BEGIN_DECLS

#define SL_TYPE_EVIDENCE_VIEWER (sl_evidence_viewer_get_type ())

G_DECLARE_FINAL_TYPE (SlEvidenceViewer, sl_evidence_viewer, SL, EVIDENCE_VIEWER, AdwBin)

GtkWidget *sl_evidence_viewer_new (SlAppContext *context);

G_END_DECLS
