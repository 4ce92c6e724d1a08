/* sl-engine-admin.h: what an administrator's front end needs to show before
 * deciding: what a threshold would mean for every gallery (from the
 * calibration of each gallery's embedder), the model cards with their
 * measured accuracy and calibration curve, a model file's verification,
 * and the subjects of a gallery.
 *
 * These are reads; they are not audited (a refusal is, as every refusal).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "core/sl-gallery.h"
#include "engine/sl-engine.h"
#include "vision/sl-model-manifest.h"

G_BEGIN_DECLS

/* What a threshold means for one gallery. */
typedef struct
{
  char      *gallery;
  char      *model_id;
  gint64     n_subjects;
  gint64     n_faces;
  gboolean   calibrated;          /* FALSE: no calibration for its embedder; problem says why */
  double     false_match_rate;    /* the bound 1 / non-mated pairs when beyond_range */
  gboolean   beyond_range;
  double     expected_false;      /* false_match_rate x n_faces: false candidates per search */
  char      *problem;
} SlGalleryPreview;

typedef struct
{
  double      threshold;
  char       *model_id;           /* the default embedder, which new galleries use */
  gboolean    calibrated;         /* FALSE: no calibration for it; problem says why */
  double      false_match_rate;   /* the bound 1 / non-mated pairs when beyond_range */
  gboolean    beyond_range;
  double      true_match_rate;
  guint64     one_in;             /* 1 / false_match_rate, rounded */
  char       *dataset;            /* what the rates were measured on */
  char       *measured_at;
  guint64     n_nonmated;
  guint64     n_mated;
  char       *problem;
  GPtrArray  *galleries;          /* SlGalleryPreview, by gallery name */
} SlThresholdPreview;

void      sl_threshold_preview_clear   (SlThresholdPreview  *preview);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SlThresholdPreview, sl_threshold_preview_clear)

/* What the threshold would mean: false- and true-match rates measured for
 * the default embedder, and for each gallery the expected number of false
 * candidates above it in one search of that gallery. Outside the measured
 * range the rate is a bound and beyond_range says so; nothing is
 * extrapolated. Needs SL_PERMISSION_POLICY_SET. */
gboolean  sl_engine_threshold_preview  (SlEngine            *self,
                                        SlSession           *session,
                                        double               threshold,
                                        SlThresholdPreview  *out,
                                        GError             **error);

/* One point of a calibration curve. */
typedef struct
{
  double   threshold;
  double   false_match_rate;
  gboolean beyond_range;
  double   true_match_rate;
} SlCurvePoint;

/* A model's card: the manifest's words and, for an embedder, its measured
 * accuracy. */
typedef struct
{
  char         *id;
  char         *name;
  SlModelRole   role;
  gboolean      is_default;
  char         *file;
  char         *path;             /* where the engine reads it from */
  char         *sha256;
  guint64       size;
  char         *license;
  char         *source;           /* npm package and URLs, one a line; NULL when none */
  char         *normalization;
  char         *output;
  char         *note;
  gboolean      calibrated;
  char         *calibration_problem;   /* why not, for an embedder */
  char         *dataset;
  char         *measured_at;
  guint64       n_mated;
  guint64       n_nonmated;
  /* The lowest score reaching a false-match rate of 1e-3 and 1e-5, and the
   * true-match rate there (beyond: not resolved by the measurement). */
  double        score_at_1e3;
  double        tmr_at_1e3;
  gboolean      beyond_1e3;
  double        score_at_1e5;
  double        tmr_at_1e5;
  gboolean      beyond_1e5;
  GArray       *curve;            /* SlCurvePoint by threshold; NULL when not calibrated */
} SlModelDetails;

void          sl_model_details_free       (SlModelDetails  *card);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlModelDetails, sl_model_details_free)

/* SlModelDetails, in the manifest's order. Needs SL_PERMISSION_MODEL_MANAGE or
 * SL_PERMISSION_POLICY_SET. */
GPtrArray    *sl_engine_model_details    (SlEngine     *self,
                                        SlSession    *session,
                                        GError      **error);

typedef enum
{
  SL_MODEL_FILE_MISSING,
  SL_MODEL_FILE_MISMATCH,
  SL_MODEL_FILE_VERIFIED,
} SlModelFileState;

/* Hashes the model file in a worker thread and compares it with the
 * manifest's size and SHA-256. The error (missing or mismatch) names the
 * file and both hashes. Needs SL_PERMISSION_MODEL_MANAGE or
 * SL_PERMISSION_POLICY_SET. */
void              sl_engine_model_verify_async  (SlEngine             *self,
                                                 SlSession            *session,
                                                 const char           *model_id,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
SlModelFileState  sl_engine_model_verify_finish (SlEngine             *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);

/* Up to limit subjects of the gallery from offset, by external id, and
 * the gallery's number of subjects. Needs SL_PERMISSION_GALLERY_MANAGE.
 * NOT_FOUND when there is no such gallery. */
GPtrArray    *sl_engine_gallery_subjects (SlEngine     *self,
                                          SlSession    *session,
                                          const char   *gallery,
                                          guint         offset,
                                          guint         limit,
                                          guint        *total,
                                          GError      **error);

G_END_DECLS
