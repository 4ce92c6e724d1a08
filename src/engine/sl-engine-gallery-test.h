/* sl-engine-gallery-test.h: the gallery test an administrator runs on a
 * live gallery, the way the 2018 congressional test was run: photos of
 * people known not to be in it (and, optionally, other photos of people
 * who are) are searched exactly as a real search runs, at the policy's
 * threshold and top-k, and false candidates are counted per group of the
 * probes' own labels. Only the aggregate result is kept.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "engine/sl-engine.h"
#include "analysis/sl-face-batch.h"

G_BEGIN_DECLS

/* The counts of one group of probes: attribute NULL for every probe. */
typedef struct
{
  char    *attribute;          /* a column of the probe list: "gender" */
  char    *group;              /* its value: "female" */
  guint    probes;             /* rows of the list in this group */
  guint    no_face;            /* probes in which no face was found: not searched */
  /* Non-mated searches: people known not to be in the gallery. */
  guint    searches;
  guint    with_candidate;     /* searches that returned at least one candidate */
  double   fpir;               /* with_candidate / searches */
  double   fpir_lo;            /* 95 % Clopper-Pearson interval */
  double   fpir_hi;
  guint    false_candidates;   /* candidates of these searches, all false */
  double   mean_false;         /* false_candidates / searches */
  /* Mated searches: other photos of people who are. */
  guint    mated_searches;
  guint    mated_missed;       /* the mate was not among the candidates shown */
  guint    mated_rank1;        /* the mate scored highest, at any score */
  double   fnir;               /* mated_missed / mated_searches */
  double   fnir_lo;
  double   fnir_hi;
  double   rank1;              /* mated_rank1 / mated_searches */
} SlGalleryTestGroup;

/* False candidates by the group the gallery's subjects were enrolled
 * with (their enrolment metadata), for the attributes the probe list
 * groups by. */
typedef struct
{
  char    *attribute;
  char    *group;
  guint    subjects;           /* subjects of the gallery in this group */
  guint    false_candidates;   /* false candidates, of any search, naming one of them */
} SlGalleryTestImplicated;

typedef struct
{
  gint64      id;                  /* the stored result */
  char       *gallery;
  gint64      gallery_subjects;
  gint64      gallery_faces;
  char       *model_id;
  double      threshold;
  guint       top_k;
  char       *probes_file;         /* display form */
  char       *images_dir;
  guint       probes;
  guint       nonmated;            /* probes searched as non-mated */
  guint       mated;               /* probes searched as mated */
  guint       no_face;
  /* What the calibration predicts: false candidates per search at the
   * threshold (its false-match rate x the gallery's faces). */
  gboolean    calibrated;
  double      expected_false;
  char       *threshold_describe;
  char       *run_by;
  char       *started_at;
  char       *ended_at;
  double      wall_s;
  GPtrArray  *groups;              /* SlGalleryTestGroup: every probe first, then by attribute and group */
  GPtrArray  *implicated;          /* SlGalleryTestImplicated by attribute and group */
} SlGalleryTestResult;

void                 sl_gallery_test_result_free   (SlGalleryTestResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlGalleryTestResult, sl_gallery_test_result_free)

/* The result as JSON (what is stored, and what `--json` prints). */
JsonNode            *sl_gallery_test_result_to_json (const SlGalleryTestResult *result);

typedef struct
{
  const char     *probes_csv;   /* header; image (relative to images_dir), optional identity, groups */
  const char     *images_dir;
  guint           n_threads;    /* 0: one per core */
  SlProgressFunc  progress;     /* photos done of total */
  gpointer        progress_data;
} SlGalleryTestOptions;

/* Needs SL_PERMISSION_GALLERY_MANAGE (refused and audited otherwise). Reads
 * the probe list (a bad one fails with SL_ENGINE_ERROR_BAD_INPUT naming
 * the file and line, before anything is computed), finds the central face
 * of each photo with the gallery's embedder, and searches the gallery with
 * it the way sl_engine_search() does, with no case, no justification and
 * no candidate stored. A probe whose identity is a subject's external id
 * is a mated probe; every other is non-mated. Stores the result and its
 * audit row (with the parameters and the result) in one transaction.
 * Cancelled: G_IO_ERROR_CANCELLED and nothing stored. */
SlGalleryTestResult *sl_engine_gallery_test        (SlEngine                   *self,
                                                    SlSession                  *session,
                                                    const char                 *gallery,
                                                    const SlGalleryTestOptions *options,
                                                    GCancellable               *cancellable,
                                                    GError                    **error);
/* The same in a worker thread with its own connection; progress is called
 * in the caller's thread-default main context. */
void                 sl_engine_gallery_test_async  (SlEngine                   *self,
                                                    SlSession                  *session,
                                                    const char                 *gallery,
                                                    const SlGalleryTestOptions *options,
                                                    GCancellable               *cancellable,
                                                    GAsyncReadyCallback         callback,
                                                    gpointer                    user_data);
SlGalleryTestResult *sl_engine_gallery_test_finish (SlEngine                   *self,
                                                    GAsyncResult               *result,
                                                    GError                    **error);

/* The stored results of the gallery (NULL: of every gallery), newest
 * first: SlGalleryTestResult. Needs SL_PERMISSION_GALLERY_MANAGE; a read, not
 * audited (a refusal is). */
GPtrArray           *sl_engine_gallery_tests       (SlEngine                   *self,
                                                    SlSession                  *session,
                                                    const char                 *gallery,
                                                    GError                    **error);

G_END_DECLS
