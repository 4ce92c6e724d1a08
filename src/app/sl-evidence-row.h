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
/* A stored UTC time ("2026-11-22T19:03:40.63Z") as local "2026-11-22 20:03";
 * NULL gives NULL, what does not parse is given back as it is. */
char           *sl_evidence_format_time    (const char       *iso8601);
/* The day alone, in words: "6 December 2026". */
char           *sl_evidence_format_date    (const char       *iso8601);

G_END_DECLS
