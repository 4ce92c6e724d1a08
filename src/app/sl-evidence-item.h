/* sl-evidence-item.h: an evidence file of the open case as an item of the
 * case page's grid: the evidence row, its thumbnail once decoded, and what
 * its analysis found or is doing.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "engine/sightline-engine.h"

G_BEGIN_DECLS

#define SL_TYPE_EVIDENCE_ITEM (sl_evidence_item_get_type ())

G_DECLARE_FINAL_TYPE (SlEvidenceItem, sl_evidence_item, SL, EVIDENCE_ITEM, GObject)

/* Takes evidence. */
SlEvidenceItem *sl_evidence_item_new           (SlEvidence     *evidence);
SlEvidence     *sl_evidence_item_get_evidence  (SlEvidenceItem *self);
gint64          sl_evidence_item_get_id        (SlEvidenceItem *self);
GdkPaintable   *sl_evidence_item_get_thumbnail (SlEvidenceItem *self);
void            sl_evidence_item_set_thumbnail (SlEvidenceItem *self,
                                                GdkPaintable   *thumbnail);
/* -1 while not analysed in this session. */
int             sl_evidence_item_get_n_faces   (SlEvidenceItem *self);
int             sl_evidence_item_get_n_tracks  (SlEvidenceItem *self);
void            sl_evidence_item_set_result    (SlEvidenceItem *self,
                                                int             n_faces,
                                                int             n_tracks,
                                                gboolean        partial);
gboolean        sl_evidence_item_get_busy      (SlEvidenceItem *self);
/* Waiting for, or under, analysis; the status says how far it is. */
void            sl_evidence_item_set_busy      (SlEvidenceItem *self,
                                                gboolean        busy);
double          sl_evidence_item_get_fraction  (SlEvidenceItem *self);
void            sl_evidence_item_set_progress  (SlEvidenceItem *self,
                                                double          fraction,
                                                const char     *status);
const char     *sl_evidence_item_get_status    (SlEvidenceItem *self);
/* The confirmed leads from this evidence's faces ("A-123, B-456"), or NULL. */
const char     *sl_evidence_item_get_leads     (SlEvidenceItem *self);
void            sl_evidence_item_set_leads     (SlEvidenceItem *self,
                                                const char     *leads);

G_END_DECLS
