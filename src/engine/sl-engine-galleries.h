/* sl-engine-galleries.h: galleries: creating one (tied to an embedder),
 * listing them, and enrolling reference photos from a folder or a list,
 * with an outcome for every image.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "core/sl-gallery.h"
#include "engine/sl-engine.h"

G_BEGIN_DECLS

/* What became of one image of an enrolment. */
typedef enum
{
  SL_ENROL_ENROLLED,
  SL_ENROL_ALREADY_ENROLLED,  /* by an earlier run, for the same subject */
  SL_ENROL_UNREADABLE,        /* not a readable image */
  SL_ENROL_NO_FACE,
  SL_ENROL_SEVERAL_FACES,     /* faces of similar size: which is the subject is not certain */
  SL_ENROL_LOW_QUALITY,       /* below the policy's enrol-min-quality */
  SL_ENROL_DUPLICATE,         /* the same image content for another subject, or twice in the list */
  SL_ENROL_EVIDENCE,          /* the image is evidence of a case: probe images are never enrolled */
  SL_ENROL_INVALID,           /* a list row or folder entry that names no usable subject or image */
} SlEnrolOutcomeKind;

#define SL_ENROL_N_OUTCOMES (SL_ENROL_INVALID + 1)

/* "enrolled", "already-enrolled", "unreadable", "no-face", "several-faces",
 * "low-quality", "duplicate", "evidence", "invalid". */
const char *sl_enrol_outcome_to_string (SlEnrolOutcomeKind kind);

typedef struct
{
  SlEnrolOutcomeKind  outcome;
  char               *external_id;    /* NULL when the row named none */
  char               *path;           /* display form */
  guint               line;           /* the list's line; 0 for a folder */
  char               *detail;         /* why, for a person; NULL when enrolled */
  gint64              face_id;        /* when enrolled */
} SlEnrolOutcome;

void        sl_enrol_outcome_free      (SlEnrolOutcome *outcome);

typedef struct
{
  gint64      gallery_id;
  guint       total;                        /* images (and rows) in the list */
  guint       processed;                    /* outcomes known; < total when interrupted */
  guint       counts[SL_ENROL_N_OUTCOMES];
  guint       subjects_added;
  gboolean    interrupted;                  /* cancelled: what was done is kept */
  double      wall_s;
  double      faces_per_second;             /* images processed per second */
  guint       threads;
  GPtrArray  *outcomes;                     /* SlEnrolOutcome, in list order */
} SlEnrolSummary;

void        sl_enrol_summary_free      (SlEnrolSummary *summary);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlEnrolSummary, sl_enrol_summary_free)

typedef void (*SlEnrolProgressFunc) (guint    done,
                                     guint    total,
                                     gpointer user_data);

typedef struct
{
  const char          *dir;          /* one sub-folder per subject, named by its external id */
  const char          *csv;          /* external_id,name,image_path[,metadata...] */
  guint                n_threads;    /* 0: one per core */
  SlEnrolProgressFunc  progress;
  gpointer             progress_data;
} SlEnrolOptions;

/* Needs SL_PERMISSION_GALLERY_MANAGE. embedder_id NULL: the default embedder;
 * the gallery keeps its id and SHA-256 for good. Audited. */
SlGallery      *sl_engine_gallery_create       (SlEngine        *self,
                                                SlSession       *session,
                                                const char      *name,
                                                const char      *description,
                                                const char      *embedder_id,
                                                GError         **error);
/* SlGallery by name. */
GPtrArray      *sl_engine_gallery_list         (SlEngine        *self,
                                                SlSession       *session,
                                                GError         **error);

/* Enrols every image of the folder or list into the gallery, on every
 * core, with the gallery's own embedder (refused when its file changed).
 * Faces are committed in short transactions, each with its audit row, so
 * an interrupted enrolment keeps what it did and a run of the same command
 * skips what is already enrolled. A list or folder that cannot be read at
 * all fails with SL_ENGINE_ERROR_BAD_INPUT. */
SlEnrolSummary *sl_engine_gallery_enrol        (SlEngine             *self,
                                                SlSession            *session,
                                                const char           *name,
                                                const SlEnrolOptions *options,
                                                GCancellable         *cancellable,
                                                GError              **error);
/* The same in a worker thread with its own database connection; progress
 * is called in the caller's thread-default main context. */
void            sl_engine_gallery_enrol_async  (SlEngine             *self,
                                                SlSession            *session,
                                                const char           *name,
                                                const SlEnrolOptions *options,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
SlEnrolSummary *sl_engine_gallery_enrol_finish (SlEngine             *self,
                                                GAsyncResult         *result,
                                                GError              **error);

G_END_DECLS
