/* sl-probe.h: probe faces: the faces found in a case's evidence, with the
 * embedding a search compares. They are never enrolled into a gallery.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "core/sl-store.h"

G_BEGIN_DECLS

typedef struct
{
  gint64   id;
  gint64   evidence_id;
  gint64   case_id;
  char    *case_number;
  gint64   track_id;          /* 0: not part of a footage track */
  gint64   frame_ms;          /* -1 for a still */
  gint64   frame_index;       /* among all frames; stored only with a frame_ms */
  float    box[4];            /* x, y, width, height in image pixels */
  char    *landmarks_json;    /* [[x,y] x 5] */
  double   detector_score;
  char    *quality_band;      /* good, usable, poor */
  char    *quality_json;      /* {"reasons":[...],"size_px":...} */
  float   *embedding;         /* dim floats; NULL when not asked for */
  guint    dim;
  char    *model_id;
  char    *model_sha256;
  GBytes  *crop;              /* the aligned face as JPEG; NULL when not asked for */
  char    *analyzed_by;
  char    *analyzed_at;
  char    *purged_at;         /* when its embedding and crop were purged
                               * under the retention policy (both are then
                               * NULL, dim 0); NULL while kept */
  char    *evidence_name;     /* the evidence file's original name; read, never written */
  char    *retracted_at;      /* a face drawn by hand and retracted: when,
                               * by whom, why; NULL while it stands */
  char    *retracted_by;
  char    *retraction_reason;
} SlProbeFace;

void         sl_probe_face_free    (SlProbeFace       *face);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlProbeFace, sl_probe_face_free)

/* Its one name on every screen and in the report (sl_face_label ()). */
char        *sl_probe_face_label   (const SlProbeFace *face);

/* Inside the caller's transaction; face->id, case and analyst fields are
 * ignored. The id of the new row. */
gint64       sl_probe_face_insert  (SlStore           *store,
                                    const SlProbeFace *face,
                                    gint64             user_id,
                                    GError           **error);
/* NOT_FOUND when there is no such face. The embedding and the crop are read
 * when `full`. */
SlProbeFace *sl_probe_face_lookup  (SlStore           *store,
                                    gint64             id,
                                    gboolean           full,
                                    GError           **error);
/* The still faces of one piece of evidence found with one model (NULL: any
 * model), in id order, without embeddings and crops; never a retracted
 * one (sl_probe_face_lookup () still reads it, for the records). */
GPtrArray   *sl_probe_face_list    (SlStore           *store,
                                    gint64             evidence_id,
                                    const char        *model_sha256,
                                    GError           **error);
/* Inside the caller's transaction: face_id is retracted by user_id for
 * reason. The schema keeps one retraction a face, never changed. */
gint64       sl_probe_face_retract (SlStore           *store,
                                    gint64             face_id,
                                    gint64             user_id,
                                    const char        *reason,
                                    GError           **error);
/* How many searches (gallery and within the case) were made with the
 * face as their probe; -1 on failure. */
gint64       sl_probe_face_count_searches (SlStore        *store,
                                    gint64             face_id,
                                    GError           **error);

G_END_DECLS
