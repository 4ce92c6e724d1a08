/* sl-engine-analyse.h: finding the faces of a still, or the face tracks of footage,
 * of a case (sl-engine-analyse.c), also in a worker thread with progress
 * (sl-engine-analyse-async.c).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "analysis/sl-footage.h"
#include "core/sl-evidence.h"
#include "core/sl-probe.h"
#include "core/sl-track.h"
#include "engine/sl-engine.h"

G_BEGIN_DECLS

typedef struct
{
  gint64      evidence_id;
  char       *evidence_name; /* the file's original name */
  char       *case_number;
  char       *model_id;
  gboolean    already;       /* analysed before with this model: the faces found then */
  GPtrArray  *faces;         /* SlProbeFace of a still, without embeddings and crops */
  /* Footage only; NULL for a still. */
  SlFootageAnalysis *footage;
  GPtrArray  *tracks;        /* SlTrack by first time, without templates */
} SlAnalysis;

typedef struct
{
  double                 sample_fps;     /* footage: samples a second, 0 every
                                          * frame; negative: the default */
  SlFootageProgressFunc  progress;       /* footage: called in the calling thread */
  gpointer               progress_data;
  /* Footage, when the policy's footage-analysis-justification is on: whom
   * the analysis looks for and the articulable facts, as a search asks for
   * them (min-facts-length); audited with the analysis. */
  const char            *person_sought;
  const char            *facts;
} SlAnalyseOptions;

void        sl_analysis_free        (SlAnalysis *analysis);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlAnalysis, sl_analysis_free)

/* Finds and stores the faces of a still of the case (box, landmarks,
 * quality, embedding with embedder_id, NULL: the default one; the aligned
 * crop). Needs SL_PERMISSION_ANALYSE and an open case; audited. Analysing the
 * same evidence with the same model again returns the faces stored then. */
SlAnalysis *sl_engine_analyse        (SlEngine       *self,
                                      SlSession      *session,
                                      const char     *case_number,
                                      gint64          evidence_id,
                                      const char     *embedder_id,
                                      GCancellable   *cancellable,
                                      GError        **error);
/* The same, for a still or footage. Footage is analysed into tracks (see
 * sl-footage.h), each stored with its best views as probe faces and its
 * template, with the analysis row and the audit row in one transaction.
 * When decoding stops early, what was analysed is stored, marked partial
 * with the reason and the place. Analysing again with the same model and
 * sampling rate returns what was stored. */
SlAnalysis *sl_engine_analyse_full   (SlEngine       *self,
                                      SlSession      *session,
                                      const char     *case_number,
                                      gint64          evidence_id,
                                      const char     *embedder_id,
                                      const SlAnalyseOptions *options,
                                      GCancellable   *cancellable,
                                      GError        **error);
void        sl_engine_analyse_async  (SlEngine       *self,
                                      SlSession      *session,
                                      const char     *case_number,
                                      gint64          evidence_id,
                                      const char     *embedder_id,
                                      GCancellable   *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer        user_data);
SlAnalysis *sl_engine_analyse_finish (SlEngine       *self,
                                      GAsyncResult   *result,
                                      GError        **error);



/* sl_engine_analyse_full() in a worker thread with a database connection
 * of its own. progress (footage only; may be NULL) is called in the
 * thread-default main context of this call, at most every 100 ms and never
 * after callback; progress_destroy frees progress_data when the task is
 * done. options: the sampling rate and the footage justification as
 * sl_engine_analyse_full() takes them (their progress fields are not
 * used; NULL: the defaults). A cancelled analysis stores nothing and fails
 * with G_IO_ERROR_CANCELLED. */
void        sl_engine_analyse_full_async  (SlEngine               *self,
                                           SlSession              *session,
                                           const char             *case_number,
                                           gint64                  evidence_id,
                                           const char             *embedder_id,
                                           const SlAnalyseOptions *options,
                                           SlFootageProgressFunc   progress,
                                           gpointer                progress_data,
                                           GDestroyNotify          progress_destroy,
                                           GCancellable           *cancellable,
                                           GAsyncReadyCallback     callback,
                                           gpointer                user_data);
SlAnalysis *sl_engine_analyse_full_finish (SlEngine               *self,
                                           GAsyncResult           *result,
                                           GError                **error);

G_END_DECLS
