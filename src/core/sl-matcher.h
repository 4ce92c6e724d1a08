/* sl-matcher.h: exact 1:N search of a probe embedding against a gallery
 * held in memory, ranked by subject (each subject's best image).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SL_MATCHER_ERROR (sl_matcher_error_quark ())

typedef enum
{
  SL_MATCHER_ERROR_INVALID,   /* a row or probe that is not finite */
  SL_MATCHER_ERROR_SOURCE,    /* the exact rows cannot be read */
} SlMatcherError;

GQuark sl_matcher_error_quark (void);

typedef enum
{
  SL_MATCHER_FLAGS_NONE = 0,
  /* Keep a float32 copy of every row in the matcher itself (4 bytes per
   * component), so that no exact source is needed: for small galleries. */
  SL_MATCHER_KEEP_EXACT = 1 << 0,
} SlMatcherFlags;

/* One candidate: a subject, the row (image) that scored best for it and
 * its exact score. */
typedef struct
{
  guint  subject;
  guint  row;
  float  score;
} SlMatch;

/* What one search did; for benchmarks and diagnostics. */
typedef struct
{
  guint64 rows_scanned;
  guint   rows_rescored;    /* rows whose exact float32 score was computed */
  double  scan_ms;          /* the quantised pass over every row */
  double  rescore_ms;       /* fetching and exact scoring of the candidates */
} SlMatcherStats;

/* Reads the exact float32 rows `rows[0..n_rows)` (ascending) into `out`,
 * `n_rows` x dim floats: the very floats that were appended, or the result
 * is exact for other numbers. Called from the searching thread, so from
 * several threads at once when searches run concurrently, while the search
 * holds the matcher: it must not append to it or change its source. */
typedef gboolean (*SlMatcherFetchFunc) (const guint  *rows,
                                        guint         n_rows,
                                        float        *out,
                                        gpointer      user_data,
                                        GError      **error);

typedef struct _SlMatcher SlMatcher;

/* n_threads: how many threads share one search (0: one per core). */
SlMatcher  *sl_matcher_new               (guint               dim,
                                          SlMatcherFlags      flags,
                                          guint               n_threads);
SlMatcher  *sl_matcher_ref               (SlMatcher          *self);
void        sl_matcher_unref             (SlMatcher          *self);

/* Appends n_rows rows (n_rows x dim floats, L2-normalised embeddings) with
 * the subject index of each: a small number from 0 up, such as the
 * subject's place in the caller's own array. Row numbers continue from the
 * last append.
 * Safe to call while other threads search: it waits for them. */
gboolean    sl_matcher_append            (SlMatcher          *self,
                                          const float        *rows,
                                          const guint        *subjects,
                                          guint               n_rows,
                                          GError            **error);

/* Where the exact float32 rows come from when a search re-ranks: either a
 * callback (a database) or a block of n x dim floats, row i at i x dim
 * (memory, or a file mapped with GMappedFile and g_mapped_file_get_bytes).
 * The callback wins when both are set; SL_MATCHER_KEEP_EXACT needs neither. */
void        sl_matcher_set_fetch_func    (SlMatcher          *self,
                                          SlMatcherFetchFunc  fetch,
                                          gpointer            user_data,
                                          GDestroyNotify      destroy);
void        sl_matcher_set_exact_rows    (SlMatcher          *self,
                                          GBytes             *rows);

guint       sl_matcher_get_dim           (SlMatcher          *self);
guint       sl_matcher_get_n_rows        (SlMatcher          *self);
guint       sl_matcher_get_n_subjects    (SlMatcher          *self);
guint       sl_matcher_get_n_threads     (SlMatcher          *self);
/* Bytes the matcher holds (quantised rows, per-row data, kept float rows). */
gsize       sl_matcher_get_memory_size   (SlMatcher          *self);
/* The first-pass code in use: "avx512-vnni", "avx2" or "portable". */
const char *sl_matcher_get_kernel        (SlMatcher          *self);

/* The top_k subjects by their best row's score, best first; ties by the
 * lower subject index, and within a subject by the lower row. An array of
 * SlMatch; NULL and an error when the exact rows cannot be read. */
GArray     *sl_matcher_search            (SlMatcher          *self,
                                          const float        *probe,
                                          guint               top_k,
                                          GError            **error);
/* Every subject scoring at least `threshold`, ranked the same way, at most
 * max_results of them. */
GArray     *sl_matcher_search_above      (SlMatcher          *self,
                                          const float        *probe,
                                          float               threshold,
                                          guint               max_results,
                                          GError            **error);
/* Either of the above (threshold -INFINITY for none), with what it did. */
GArray     *sl_matcher_search_full       (SlMatcher          *self,
                                          const float        *probe,
                                          guint               top_k,
                                          float               threshold,
                                          SlMatcherStats     *stats,
                                          GError            **error);

/* The exact score every search returns: the dot product accumulated in
 * double, in an order that does not depend on the CPU, rounded once to
 * float32. A brute-force search that uses it gets the same numbers. */
float       sl_matcher_exact_score       (const float        *a,
                                          const float        *b,
                                          guint               dim);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlMatcher, sl_matcher_unref)

G_END_DECLS
