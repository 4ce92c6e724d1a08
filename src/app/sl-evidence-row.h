/* sl-evidence-row.h: one evidence file in the case page's grid: its
 * thumbnail and facts, and its analysis.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "app/sl-evidence-item.h"

G_BEGIN_DECLS

#define SL_TYPE_EVIDENCE_ROW (sl_evidence_row_get_type ())

G_DECLARE_FINAL_TYPE (SlEvidenceRow, sl_evidence_row, SL, EVIDENCE_ROW, AdwBin)

GtkWidget      *sl_evidence_row_new      (void);
SlEvidenceItem *sl_evidence_row_get_item (SlEvidenceRow  *self);
void            sl_evidence_row_set_item (SlEvidenceRow  *self,
                                          SlEvidenceItem *item);

/* "Footage · 1280 × 720 · 0:10.0 · 25 fps · MJPG · 1.2 MB" */
char           *sl_evidence_describe_media (const SlEvidence *evidence);

G_END_DECLS
