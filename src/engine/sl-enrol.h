/* sl-enrol.h: the work of an enrolment: reading the folder or list into
 * items, and turning each image into a face and its embedding (or the
 * reason it is skipped) on every core.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "engine/sl-engine-galleries.h"
#include "analysis/sl-face-analyser.h"
#include "core/sl-evidence-store.h"

G_BEGIN_DECLS

/* One image to enrol, or a row that cannot be. */
typedef struct
{
  char               *external_id;   /* UTF-8; NULL when the row names none */
  char               *name;          /* may be NULL */
  char               *metadata_json; /* a JSON object */
  char               *path;          /* file system path; NULL when none */
  char               *display;       /* the path for people */
  guint               line;          /* list line; 0 for a folder */
  char               *invalid;       /* why the row cannot be enrolled; NULL when it can */
} SlEnrolItem;

void        sl_enrol_item_free      (SlEnrolItem  *item);

/* DIR/<external id>/<image>: one item per file, folders and files sorted by
 * name, hidden files left out. Files beside the sub-folders are invalid
 * items. Fails when DIR cannot be read. */
GPtrArray  *sl_enrol_list_from_dir  (const char   *dir,
                                     GError      **error);
/* external_id,name,image_path[,metadata...], a header row allowed (its
 * names become the metadata's keys); paths relative to the list's folder.
 * Fails when the file cannot be read or is not well-formed CSV. */
GPtrArray  *sl_enrol_list_from_csv  (const char   *path,
                                     GError      **error);

/* What became of one item. */
typedef struct
{
  guint               index;          /* in the item list */
  gboolean            cancelled;      /* not looked at: the run was cancelled */
  SlEnrolOutcomeKind  outcome;
  char               *detail;
  char               *sha256;
  SlFace              face;
  float              *embedding;      /* when enrolled */
  GBytes             *thumbnail;
  GError             *store_error;    /* the gallery store cannot keep photos: the run fails */
} SlEnrolResult;

void        sl_enrol_result_free    (SlEnrolResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlEnrolResult, sl_enrol_result_free)

typedef struct _SlEnrolRun SlEnrolRun;

/* Starts workers on the valid items (indices in `todo`). `enrolled` maps
 * the SHA-256 of every image the gallery holds to its subject's external
 * id; `evidence` holds the SHA-256 of every piece of evidence. Both are
 * taken. Faces worse than `worst` are skipped as low quality. Each photo
 * enrolled is first kept in `gallery_store` (which must outlive the run). */
SlEnrolRun    *sl_enrol_run_start   (SlFaceAnalyser *analyser,
                                     SlEvidenceStore *gallery_store,
                                     GPtrArray      *items,
                                     GArray         *todo,
                                     GHashTable     *enrolled,
                                     GHashTable     *evidence,
                                     SlQualityBand   worst,
                                     guint           n_threads,
                                     GCancellable   *cancellable);
/* The next result, waiting up to timeout_us; NULL on timeout or when every
 * item has been returned. */
SlEnrolResult *sl_enrol_run_next    (SlEnrolRun     *run,
                                     gint64          timeout_us);
gboolean       sl_enrol_run_done    (SlEnrolRun     *run);
guint          sl_enrol_run_get_threads (SlEnrolRun *run);
/* Waits for the workers. */
void           sl_enrol_run_free    (SlEnrolRun     *run);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlEnrolRun, sl_enrol_run_free)

G_END_DECLS
