/* sl-persons-bench.h: `bench persons`: the grouping of a case's faces
 * into persons: its purity and completeness on labelled photos (LFW's
 * Name/Name_NNNN.jpg), and its time and memory on a case of N faces.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "analysis/sl-face-analyser.h"
#include "analysis/sl-face-batch.h"

G_BEGIN_DECLS

#define SL_PERSONS_BENCH_RATES 3

typedef struct
{
  double   rate;               /* the false-match rate the threshold is set at */
  double   threshold;
  gboolean beyond;             /* the calibration does not resolve the rate */
  guint    groups;
  guint    mixed_groups;       /* groups holding two identities or more */
  guint    split_identities;   /* identities spread over two groups or more */
  double   purity;             /* faces in their group's largest identity */
  double   completeness;       /* faces in their identity's largest group */
  double   pair_precision;     /* same-group pairs that are one identity */
  double   pair_recall;        /* same-identity pairs grouped together */
  double   group_s;
} SlPersonsQuality;

typedef struct
{
  char            *model_id;
  guint            images;
  guint            identities;
  guint            faces;            /* images with a face: the labelled case */
  guint            no_face;
  double           embed_s;          /* 0 when the embeddings came from the cache */
  gboolean         cached;
  SlPersonsQuality quality[SL_PERSONS_BENCH_RATES];
  /* The timed case: N faces (the labelled ones, then copies of them with
   * noise to reach N), grouped at the FMR 1e-5 threshold. */
  guint            timed_faces;
  guint            timed_groups;
  double           timed_group_s;
  double           timed_peak_mb;    /* VmHWM above VmRSS before the grouping */
  double           rss_mb;
  /* The same N faces as a case in a real database, through the engine. */
  double           case_setup_s;
  double           within_ms;        /* the whole justified search within the case */
  double           within_compare_ms;/* reading and comparing the case's faces */
  double           persons_ms;       /* case persons: read, group, audit */
  double           persons_group_ms; /* the clustering itself */
  guint            case_persons;
} SlPersonsBenchResult;

void     sl_persons_bench_result_clear (SlPersonsBenchResult *result);

/* Embeds the central face of every image (or reads cache, written when
 * missing), groups them at the calibrated thresholds of 1e-4, 1e-5 and
 * 1e-6 and compares with the folder names; then times a case of
 * timed_faces. */
gboolean sl_persons_bench (SlFaceAnalyser        *analyser,
                           const char            *model_dir,
                           const char            *images_dir,
                           const char            *cache,
                           guint                  timed_faces,
                           guint                  n_threads,
                           SlProgressFunc         progress,
                           gpointer               user_data,
                           GCancellable          *cancellable,
                           SlPersonsBenchResult  *result,
                           GError               **error);

G_END_DECLS
