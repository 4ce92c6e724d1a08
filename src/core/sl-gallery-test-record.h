/* sl-gallery-test-record.h: the stored results of gallery tests (one row
 * each, the per-group counts as JSON), and the group labels a gallery's
 * subjects carry in their enrolment metadata.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "core/sl-store.h"

G_BEGIN_DECLS

/* One result, as written and as read back. */
typedef struct
{
  gint64   id;
  gint64   gallery_id;
  char    *gallery_name;
  gint64   gallery_generation;
  gint64   gallery_subjects;
  gint64   gallery_faces;
  char    *model_id;
  char    *model_sha256;
  double   threshold;
  guint    top_k;
  char    *probes_file;       /* display form */
  char    *images_dir;        /* display form */
  guint    probes;
  guint    nonmated;
  guint    mated;
  guint    no_face;
  char    *result_json;       /* a JSON object */
  gint64   run_by;
  char    *run_by_name;       /* read back only */
  char    *started_at;
  char    *ended_at;
} SlGalleryTestRow;

void        sl_gallery_test_row_free     (SlGalleryTestRow *row);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlGalleryTestRow, sl_gallery_test_row_free)

/* Inside the caller's transaction; the new row's id, 0 on error. */
gint64      sl_gallery_test_insert       (SlStore                *store,
                                          const SlGalleryTestRow *row,
                                          GError                **error);
/* SlGalleryTestRow of one gallery (gallery_id 0: every gallery), newest
 * first. */
GPtrArray  *sl_gallery_test_list         (SlStore                *store,
                                          gint64                  gallery_id,
                                          GError                **error);

/* A subject of a gallery with the metadata it was enrolled with. */
typedef struct
{
  gint64  id;
  char   *external_id;
  char   *metadata;           /* a JSON object text */
} SlSubjectLabels;

void        sl_subject_labels_free       (SlSubjectLabels *labels);

/* SlSubjectLabels of every subject of the gallery. */
GPtrArray  *sl_gallery_subject_labels    (SlStore                *store,
                                          gint64                  gallery_id,
                                          GError                **error);

G_END_DECLS
