/* sl-search-record.h: a search read back as a whole: its justification,
 * what it searched with and in, who ran it and when, and the candidates it
 * showed with the decisions taken on them. For reports and front ends that
 * show a search again; writing one is sl-search.h.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "core/sl-search.h"
#include "core/sl-store.h"

G_BEGIN_DECLS

typedef struct
{
  gint64      id;
  gint64      case_id;
  char       *case_number;
  char       *probe;               /* face, track-best, track-template,
                                    * person-template (then face_id is the
                                    * person's best view) */
  gint64      face_id;             /* the probe face; a track's best view */
  gint64      track_id;            /* 0: searched from a face */
  gint64      evidence_id;
  char       *evidence_name;       /* the evidence file's original name */
  gint64      probe_time_ms;       /* footage: the probe face's time; -1: a still */
  char       *probe_purged_at;     /* when the probe's data was purged under the
                                    * retention policy; NULL while kept */
  gint64      gallery_id;
  char       *gallery_name;
  gint64      gallery_size;        /* faces searched */
  gint64      gallery_subjects;
  gint64      gallery_generation;
  char       *model_id;
  char       *model_sha256;
  char       *calibration;         /* what the rates were measured on */
  char       *fairness;            /* the per-group measurement in force;
                                    * NULL: the model had none */
  double      threshold;
  guint       top_k;
  gboolean    below_threshold_shown;
  guint       above_threshold;     /* candidates at or above the threshold */
  char       *offense_code;
  char       *offense_label;
  char       *legal_basis;
  char       *purpose;
  char       *facts;
  gint64      run_by_id;
  char       *run_by;              /* user name */
  char       *run_by_name;         /* display name */
  char       *started_at;
  char       *ended_at;
  char       *sealed_at;           /* the authorisation was refused: its
                                    * candidates and probe data are erased;
                                    * NULL while not sealed */
  GPtrArray  *candidates;          /* SlCandidate by rank, with their decisions */
  GArray     *members;             /* SlSearchMember: a person-template's faces
                                    * and tracks; empty otherwise */
} SlSearchRecord;

void        sl_search_record_free   (SlSearchRecord *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlSearchRecord, sl_search_record_free)

/* NOT_FOUND when there is no such search. */
SlSearchRecord *sl_search_record_lookup (SlStore   *store,
                                         gint64     id,
                                         GError   **error);
/* The searches of a case, oldest first. SlSearchRecord. */
GPtrArray  *sl_search_record_list   (SlStore      *store,
                                     gint64        case_id,
                                     GError      **error);
/* The stored thumbnail (JPEG) of an enrolled face; NOT_FOUND when there is
 * no such face or it has none. */
GBytes     *sl_gallery_face_thumbnail (SlStore    *store,
                                       gint64      gallery_face_id,
                                       GError    **error);
/* Where an enrolled face's photo was when it was enrolled (the path's own
 * bytes), its SHA-256, whether the gallery store holds its copy (1), could
 * not copy it (0) or has not looked yet (-1), and the face's box and
 * landmarks in it. NOT_FOUND when there is no such face. */
gboolean    sl_gallery_face_source    (SlStore    *store,
                                       gint64      gallery_face_id,
                                       char      **path,
                                       char      **image_sha256,
                                       int        *stored,
                                       float       box[4],
                                       char      **landmarks_json,
                                       GError    **error);

G_END_DECLS
