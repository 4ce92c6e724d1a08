/* sl-engine-faces.h: the faces of one piece of evidence as a viewer shows
 * them (a still's faces, or footage's tracks with their best views), and a
 * face a person draws by hand where the detector missed one.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "core/sl-evidence.h"
#include "core/sl-probe.h"
#include "core/sl-track.h"
#include "engine/sl-engine.h"

G_BEGIN_DECLS

/* The smallest side of a face drawn by hand, in image pixels. */
#define SL_MANUAL_FACE_MIN_PX 12

typedef struct
{
  SlEvidence *evidence;
  gboolean    analysed;   /* analysed with the default embedder (a still
                           * may have been analysed and hold no face) */
  GPtrArray  *faces;      /* SlProbeFace without embeddings and crops: a
                           * still's faces (drawn ones too) in id order; for
                           * footage the best views of every track */
  GPtrArray  *tracks;     /* SlTrack by first time, without templates;
                           * NULL for a still */
} SlEvidenceFaces;

void             sl_evidence_faces_free        (SlEvidenceFaces *faces);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlEvidenceFaces, sl_evidence_faces_free)

/* Whether the face was drawn by hand (its quality record says so). */
gboolean         sl_probe_face_is_manual       (const SlProbeFace *face);

/* What the viewer shows of the evidence: a read, like the search records,
 * so not audited (a refusal is). Needs SL_PERMISSION_CASE_READ. NOT_FOUND when
 * the case has no such evidence. */
SlEvidenceFaces *sl_engine_faces_list          (SlEngine        *self,
                                                SlSession       *session,
                                                const char      *case_number,
                                                gint64           evidence_id,
                                                GError         **error);
/* The same in a worker thread with its own connection. */
void             sl_engine_faces_list_async    (SlEngine        *self,
                                                SlSession       *session,
                                                const char      *case_number,
                                                gint64           evidence_id,
                                                GCancellable    *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer         user_data);
SlEvidenceFaces *sl_engine_faces_list_finish   (SlEngine        *self,
                                                GAsyncResult    *result,
                                                GError         **error);

/* The best views of a footage track, best first, with their aligned crops
 * when with_crop (SlProbeFace, never embeddings). Needs SL_PERMISSION_CASE_READ. */
GPtrArray       *sl_engine_track_faces         (SlEngine        *self,
                                                SlSession       *session,
                                                gint64           track_id,
                                                gboolean         with_crop,
                                                GError         **error);

/* A face the detector missed, drawn by hand on an analysed still of an
 * open case: box is x, y, width, height in image pixels (upright, as the
 * viewer shows it). The detector looks again around the box for the
 * face's landmarks; when it finds none there, the landmarks are placed in
 * the box with the alignment template's proportions. The face is aligned,
 * embedded with the default embedder, measured for quality and stored as
 * a probe face marked manual ("manual": true in its quality record), with
 * the audit row "face.manual" giving the box, in one transaction. Needs
 * SL_PERMISSION_ANALYSE (refusals audited). A box mostly outside the image or
 * smaller than SL_MANUAL_FACE_MIN_PX fails with SL_ENGINE_ERROR_INVALID,
 * audited as failed. Returns the stored face without embedding and crop. */
SlProbeFace     *sl_engine_face_add_manual        (SlEngine      *self,
                                                   SlSession     *session,
                                                   const char    *case_number,
                                                   gint64         evidence_id,
                                                   const float    box[4],
                                                   GCancellable  *cancellable,
                                                   GError       **error);
void             sl_engine_face_add_manual_async  (SlEngine      *self,
                                                   SlSession     *session,
                                                   const char    *case_number,
                                                   gint64         evidence_id,
                                                   const float    box[4],
                                                   GCancellable  *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer       user_data);
SlProbeFace     *sl_engine_face_add_manual_finish (SlEngine      *self,
                                                   GAsyncResult  *result,
                                                   GError       **error);

/* Retracts a face drawn by hand (sl-engine-faces-retract.c) in an open
 * case, for `reason` (in words, as a decision's correction). The face is
 * kept and the searches made with it keep their record and probe; it is no
 * longer listed (sl_engine_faces_list), searched with (refused), or a
 * candidate of a search within the case. A face the detector found is not
 * retracted, nor one twice. Needs SL_PERMISSION_ANALYSE, as drawing it did:
 * a box is a finding about the image, so whoever works on the case's
 * evidence may take back a wrong one. Audited as "face.retract" with the
 * box, the reason and the number of searches that keep their record;
 * refusals too. NOT_FOUND when the case has no such face. */
gboolean         sl_engine_face_retract           (SlEngine      *self,
                                                   SlSession     *session,
                                                   const char    *case_number,
                                                   gint64         face_id,
                                                   const char    *reason,
                                                   GError       **error);

G_END_DECLS
