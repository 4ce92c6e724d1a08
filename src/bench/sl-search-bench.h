/* sl-search-bench.h: `bench search`: 1:N search latency and memory on a
 * synthetic gallery, checked against a brute-force exact search.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  guint        size;             /* gallery rows */
  guint        dim;
  guint        queries;          /* timed searches, one probe at a time */
  guint        threads;          /* threads sharing one search; 0: one per core */
  guint        per_subject;      /* rows per subject (consecutive rows) */
  guint        recall_queries;   /* how many of the probes brute force checks */
  guint        top_k;
  guint64      seed;
  /* Re-rank from the file mapped into memory rather than read with pread. */
  gboolean     exact_mapped;
  /* Leave the float32 rows here (size x dim, native floats) and the probes
   * beside it as FILE.probes, for other tools to search the same data;
   * NULL: a temporary file, removed. */
  const char  *keep_data;
} SlSearchBenchOptions;

typedef struct
{
  guint        size;
  guint        dim;
  guint        queries;
  guint        threads;
  guint        top_k;
  guint        recall_queries;
  double       median_ms;
  double       p95_ms;
  double       rss_mb;           /* VmRSS after the searches */
  double       hwm_mb;           /* VmHWM, the peak */
  double       matcher_mb;       /* what the matcher itself holds */
  double       recall_at_top_k;  /* against brute force, mean over the checked probes */
  gboolean     identical;        /* same subjects, rows and scores, in the same order */
  double       build_s;          /* quantising the rows into the matcher */
  double       generate_s;       /* making and writing the synthetic rows */
  double       rescored_mean;    /* rows scored exactly per search */
  double       brute_force_ms;   /* one probe against every float32 row */
  double       load_1min;        /* the machine's load when the searches began */
  const char  *kernel;
} SlSearchBenchResult;

typedef void (*SlSearchBenchProgressFunc) (const char *stage,
                                           guint64     done,
                                           guint64     total,
                                           gpointer    user_data);

void     sl_search_bench_options_init (SlSearchBenchOptions       *options);

gboolean sl_search_bench              (const SlSearchBenchOptions *options,
                                       SlSearchBenchProgressFunc   progress,
                                       gpointer                    progress_data,
                                       SlSearchBenchResult        *result,
                                       GError                    **error);

G_END_DECLS
