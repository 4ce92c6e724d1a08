/* sl-case-search.h: the faces and tracks of one case as a search within
 * the case compares them, and the records of such searches and the
 * candidates they showed (migration 8).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "core/sl-store.h"

G_BEGIN_DECLS

/* One thing a within-case search compares a probe with: a still's face,
 * or a footage track (its template, named by its best view). */
typedef struct
{
  gint64   evidence_id;
  gint64   face_id;            /* a still's face; a track's best view */
  gint64   track_id;           /* 0: a still's face */
  gint64   time_ms;            /* footage: the best view's time; -1 for a still */
  float   *embedding;          /* dim floats; a track's template */
  guint    dim;
  char    *model_sha256;
  char    *evidence_name;      /* the evidence file's original name */
} SlCaseItem;

void        sl_case_item_free        (SlCaseItem *item);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlCaseItem, sl_case_item_free)

/* Every still face and every footage track of the case's evidence whose
 * data was not purged, with their embeddings, by evidence and id. */
GPtrArray  *sl_case_item_list        (SlStore      *store,
                                      gint64        case_id,
                                      GError      **error);

/* What a within-case search row records, as written; strings borrowed. */
typedef struct
{
  gint64       case_id;
  gint64       face_id;             /* the probe face; a track's best view */
  gint64       track_id;            /* 0: not searched from a track */
  const char  *probe;               /* face, track-best, track-template */
  gint64       compared;            /* faces and tracks compared */
  gint64       skipped_other_model; /* left out: embedded by another model */
  const char  *model_id;
  const char  *model_sha256;
  const char  *calibration;
  const char  *fairness;            /* NULL: none */
  double       threshold;
  guint        top_k;
  gboolean     below_threshold_shown;
  guint        above_threshold;
  const char  *offense_code;
  const char  *offense_label;
  const char  *legal_basis;
  const char  *purpose;
  const char  *facts;
  gint64       run_by;
  const char  *started_at;
  const char  *ended_at;
} SlCaseSearchRow;

typedef struct
{
  guint        rank;
  gint64       evidence_id;
  gint64       face_id;
  gint64       track_id;            /* 0: a still's face */
  gint64       time_ms;             /* -1: a still */
  double       similarity;
  double       false_match_rate;
  gboolean     beyond_range;
  double       expected_false;
  gboolean     above_threshold;
} SlCaseCandidateRow;

/* Inside the caller's transaction; the id of the new row, 0 on error. */
gint64      sl_case_search_insert    (SlStore                  *store,
                                      const SlCaseSearchRow    *record,
                                      GError                  **error);
gint64      sl_case_candidate_insert (SlStore                  *store,
                                      gint64                    search_id,
                                      const SlCaseCandidateRow *candidate,
                                      GError                  **error);

/* A within-case search as the case's record shows it: owned strings, its
 * candidates (SlCaseCandidateRow) by rank. */
typedef struct
{
  gint64      id;
  gint64      case_id;
  gint64      face_id;
  gint64      track_id;             /* 0: not searched from a track */
  gint64      probe_evidence_id;
  gint64      probe_time_ms;        /* -1: a still */
  char       *probe;
  gint64      compared;
  gint64      skipped_other_model;
  char       *model_id;
  char       *model_sha256;
  char       *calibration;
  char       *fairness;             /* NULL: none */
  double      threshold;
  guint       top_k;
  gboolean    below_threshold_shown;
  guint       above_threshold;
  char       *offense_code;
  char       *offense_label;
  char       *legal_basis;
  char       *purpose;
  char       *facts;
  char       *run_by;               /* username */
  char       *run_by_name;          /* display name */
  char       *started_at;
  char       *ended_at;
  char       *sealed_at;            /* the authorisation was refused: its
                                     * candidates and probe data are erased;
                                     * NULL while not sealed */
  GPtrArray  *candidates;           /* SlCaseCandidateRow */
} SlCaseSearchRecord;

void        sl_case_search_record_free (SlCaseSearchRecord *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlCaseSearchRecord, sl_case_search_record_free)

/* Every within-case search of the case, oldest first, with its
 * candidates; read only. */
GPtrArray  *sl_case_search_list      (SlStore      *store,
                                      gint64        case_id,
                                      GError      **error);

/* The within-case search a case_candidates id belongs to, and its case's
 * number: FALSE (no error) when there is no such candidate. */
gboolean    sl_case_candidate_find   (SlStore      *store,
                                      gint64        candidate_id,
                                      gint64       *search_id,
                                      char        **case_number,
                                      GError      **error);

G_END_DECLS
