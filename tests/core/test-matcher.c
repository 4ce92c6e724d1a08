/* test-matcher.c: the 1:N matcher returns exactly what a brute-force
 * float32 search returns: on random galleries with several images per
 * subject, with every first-pass kernel, on ties, thresholds, awkward rows,
 * from each source of exact rows, and from two threads at once.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include <check.h>
#include <math.h>
#include <string.h>

#include "core/sl-matcher.h"
#include "sl-test-util.h"

/* Each test runs once per kernel; a CPU without one falls back to the next
 * slower, which the test then checks again. */
static const char *kernels[] = { "portable", "avx2", "avx512" };

typedef struct
{
  guint   n;
  guint   dim;
  guint   n_subjects;
  float  *rows;
  guint  *subjects;
} Gallery;

/* helpers */

static void
random_unit (GRand *rand,
             float *v,
             guint  dim)
{
  double norm = 0;

  for (guint j = 0; j < dim; j += 2)
    {
      double u = g_rand_double (rand), w = g_rand_double (rand);
      double r = sqrt (-2.0 * log (1.0 - u));

      v[j] = (float) (r * cos (2 * G_PI * w));
      if (j + 1 < dim)
        v[j + 1] = (float) (r * sin (2 * G_PI * w));
    }
  for (guint j = 0; j < dim; j++)
    norm += (double) v[j] * v[j];
  for (guint j = 0; j < dim; j++)
    v[j] = (float) (v[j] / sqrt (norm));
}

/* A probe near a gallery row: the row plus noise of about `noise` its
 * length, normalised again. */
static void
perturbed (GRand       *rand,
           const float *row,
           float       *out,
           guint        dim,
           double       noise)
{
  double norm = 0;

  random_unit (rand, out, dim);
  for (guint j = 0; j < dim; j++)
    {
      out[j] = (float) (row[j] + noise * out[j]);
      norm += (double) out[j] * out[j];
    }
  for (guint j = 0; j < dim; j++)
    out[j] = (float) (out[j] / sqrt (norm));
}

static Gallery *
gallery_new (guint   n,
             guint   dim,
             guint   n_subjects,
             guint32 seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  Gallery *g = g_new0 (Gallery, 1);

  g->n = n;
  g->dim = dim;
  g->n_subjects = n_subjects;
  g->rows = g_new (float, (gsize) n * dim);
  g->subjects = g_new (guint, n);
  for (guint i = 0; i < n; i++)
    {
      random_unit (rand, g->rows + (gsize) i * dim, dim);
      /* Scattered, not contiguous: a subject's images arrive at any time. */
      g->subjects[i] = (guint) g_rand_int_range (rand, 0, (gint32) n_subjects);
    }
  return g;
}

static void
gallery_free (Gallery *g)
{
  g_free (g->rows);
  g_free (g->subjects);
  g_free (g);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Gallery, gallery_free)

static SlMatcher *
matcher_for (const Gallery  *g,
             SlMatcherFlags  flags,
             guint           threads)
{
  SlMatcher *m = sl_matcher_new (g->dim, flags, threads);
  g_autoptr(GError) error = NULL;

  ck_assert (sl_matcher_append (m, g->rows, g->subjects, g->n, &error));
  ck_assert_ptr_null (error);
  return m;
}

static int
compare_matches (gconstpointer a,
                 gconstpointer b)
{
  const SlMatch *ma = a, *mb = b;

  if (ma->score != mb->score)
    return ma->score > mb->score ? -1 : 1;
  return (ma->subject > mb->subject) - (ma->subject < mb->subject);
}

/* The definition: every row scored exactly, each subject's best row (the
 * lower on a tie), subjects ranked by score then index. */
static GArray *
brute_force (const Gallery *g,
             const float   *probe,
             guint          top_k,
             float          threshold)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (SlMatch));
  g_autofree SlMatch *best = g_new (SlMatch, g->n_subjects);
  g_autofree gboolean *has = g_new0 (gboolean, g->n_subjects);

  for (guint i = 0; i < g->n; i++)
    {
      float s = sl_matcher_exact_score (probe, g->rows + (gsize) i * g->dim, g->dim);
      guint subject = g->subjects[i];

      if (!has[subject] || s > best[subject].score)
        {
          best[subject].subject = subject;
          best[subject].row = i;
          best[subject].score = s;
          has[subject] = TRUE;
        }
    }
  for (guint s = 0; s < g->n_subjects; s++)
    if (has[s] && best[s].score >= threshold)
      g_array_append_val (out, best[s]);
  g_array_sort (out, compare_matches);
  if (out->len > top_k)
    g_array_set_size (out, top_k);
  return out;
}

static void
assert_same (GArray     *got,
             GArray     *want,
             const char *what)
{
  ck_assert_msg (got != NULL, "%s: no result", what);
  ck_assert_msg (got->len == want->len, "%s: %u results, want %u", what, got->len, want->len);
  for (guint i = 0; i < want->len; i++)
    {
      const SlMatch *a = &g_array_index (got, SlMatch, i);
      const SlMatch *b = &g_array_index (want, SlMatch, i);

      ck_assert_msg (a->subject == b->subject && a->row == b->row && a->score == b->score,
                     "%s: rank %u is subject %u row %u score %.9g, want subject %u row %u score %.9g",
                     what, i, a->subject, a->row, a->score, b->subject, b->row, b->score);
    }
}

static void
use_kernel (int i)
{
  g_setenv ("SIGHTLINE_MATCHER_KERNEL", kernels[i], TRUE);
}

/* Probes with true near matches (perturbed gallery rows), an exact copy of
 * a row, and unrelated ones. */
static void
check_random_gallery (guint dim)
{
  g_autoptr(Gallery) g = gallery_new (20000, dim, 7000, 7 + dim);
  g_autoptr(SlMatcher) m = matcher_for (g, SL_MATCHER_KEEP_EXACT, 2);
  g_autoptr(GRand) rand = g_rand_new_with_seed (99);
  g_autofree float *probe = g_new (float, dim);
  guint64 rescored = 0;

  ck_assert_uint_eq (sl_matcher_get_n_rows (m), 20000);
  for (guint p = 0; p < 12; p++)
    {
      guint row = (guint) g_rand_int_range (rand, 0, (gint32) g->n);
      guint top_k = p == 0 ? 1 : p == 1 ? 300 : 50;
      g_autoptr(GArray) want = NULL;
      g_autoptr(GArray) got = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *what = NULL;
      SlMatcherStats stats;

      if (p % 3 == 0)
        memcpy (probe, g->rows + (gsize) row * dim, dim * sizeof (float));
      else if (p % 3 == 1)
        perturbed (rand, g->rows + (gsize) row * dim, probe, dim, 0.8);
      else
        random_unit (rand, probe, dim);
      want = brute_force (g, probe, top_k, -INFINITY);
      got = sl_matcher_search_full (m, probe, top_k, -INFINITY, &stats, &error);
      ck_assert_ptr_null (error);
      what = g_strdup_printf ("%s, dim %u, probe %u", sl_matcher_get_kernel (m), dim, p);
      assert_same (got, want, what);
      if (p % 3 != 2)
        ck_assert_uint_eq (g_array_index (got, SlMatch, 0).subject, g->subjects[row]);
      ck_assert_uint_eq (stats.rows_scanned, 20000);
      rescored += stats.rows_rescored;
    }
  /* The first pass must actually filter: a few percent at most. */
  ck_assert_msg (rescored < 12 * 20000 / 20, "rescored %" G_GUINT64_FORMAT, rescored);
}

/* tests */

START_TEST (test_exact_512)
{
  g_autoptr(SlMatcher) m = NULL;

  use_kernel (_i);
  m = sl_matcher_new (512, SL_MATCHER_FLAGS_NONE, 1);
  /* Asking for a kernel gives that one or, on an older CPU, a slower one. */
  if (_i == 0)
    ck_assert_str_eq (sl_matcher_get_kernel (m), "portable");
  else if (_i == 1)
    ck_assert (g_str_equal (sl_matcher_get_kernel (m), "avx2") || g_str_equal (sl_matcher_get_kernel (m), "portable"));
  check_random_gallery (512);
}
END_TEST

START_TEST (test_exact_128)
{
  use_kernel (_i);
  check_random_gallery (128);
}
END_TEST

START_TEST (test_odd_dim)
{
  g_autoptr(Gallery) g = gallery_new (3000, 100, 1000, 3);
  g_autoptr(SlMatcher) m = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);
  float probe[100];

  use_kernel (_i);
  m = matcher_for (g, SL_MATCHER_KEEP_EXACT, 1);
  for (guint p = 0; p < 5; p++)
    {
      g_autoptr(GArray) want = NULL;
      g_autoptr(GArray) got = NULL;

      random_unit (rand, probe, 100);
      want = brute_force (g, probe, 20, -INFINITY);
      got = sl_matcher_search (m, probe, 20, NULL);
      assert_same (got, want, "dim 100");
    }
}
END_TEST

/* Equal scores rank by subject index, and a subject's equal rows by row. */
START_TEST (test_ties)
{
  g_autoptr(Gallery) g = gallery_new (500, 64, 200, 11);
  g_autoptr(SlMatcher) m = NULL;
  g_autoptr(GArray) got = NULL;
  g_autoptr(GArray) want = NULL;
  const guint copies[] = { 40, 90, 91, 300, 450 };
  const guint owners[] = { 150, 12, 150, 7, 12 };
  float probe[64];

  for (guint i = 0; i < G_N_ELEMENTS (copies); i++)
    {
      memcpy (g->rows + copies[i] * 64, g->rows + 10 * 64, 64 * sizeof (float));
      g->subjects[copies[i]] = owners[i];
    }
  g->subjects[10] = 199;
  memcpy (probe, g->rows + 10 * 64, sizeof probe);
  m = matcher_for (g, SL_MATCHER_KEEP_EXACT, 2);
  got = sl_matcher_search (m, probe, 3, NULL);
  want = brute_force (g, probe, 3, -INFINITY);
  assert_same (got, want, "ties");
  ck_assert_uint_eq (g_array_index (got, SlMatch, 0).subject, 7);
  ck_assert_uint_eq (g_array_index (got, SlMatch, 1).subject, 12);
  ck_assert_uint_eq (g_array_index (got, SlMatch, 1).row, 90);
  ck_assert_uint_eq (g_array_index (got, SlMatch, 2).subject, 150);
  ck_assert_uint_eq (g_array_index (got, SlMatch, 2).row, 40);
  ck_assert (g_array_index (got, SlMatch, 0).score == g_array_index (got, SlMatch, 2).score);

  g_clear_pointer (&got, g_array_unref);
  g_clear_pointer (&want, g_array_unref);
  got = sl_matcher_search (m, probe, 50, NULL);
  want = brute_force (g, probe, 50, -INFINITY);
  assert_same (got, want, "ties, top 50");
}
END_TEST

START_TEST (test_top_k_beyond_subjects)
{
  g_autoptr(Gallery) g = gallery_new (30, 32, 10, 13);
  g_autoptr(SlMatcher) m = NULL;
  g_autoptr(GArray) got = NULL;
  g_autoptr(GArray) want = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (1);
  float probe[32];

  use_kernel (_i);
  m = matcher_for (g, SL_MATCHER_KEEP_EXACT, 2);
  random_unit (rand, probe, 32);
  want = brute_force (g, probe, 100, -INFINITY);
  got = sl_matcher_search (m, probe, 100, NULL);
  ck_assert_uint_le (want->len, 10);
  assert_same (got, want, "top 100 of at most 10 subjects");
  ck_assert_uint_eq (sl_matcher_get_n_subjects (m), want->len);
}
END_TEST

START_TEST (test_empty)
{
  g_autoptr(SlMatcher) m = sl_matcher_new (512, SL_MATCHER_FLAGS_NONE, 0);
  g_autoptr(GArray) got = NULL;
  g_autoptr(GArray) none = NULL;
  g_autoptr(GError) error = NULL;
  float probe[512] = { 1.0f };

  ck_assert_uint_eq (sl_matcher_get_n_rows (m), 0);
  ck_assert_uint_eq (sl_matcher_get_n_subjects (m), 0);
  ck_assert_uint_ge (sl_matcher_get_n_threads (m), 1);
  /* No rows: nothing to fetch, so no exact source is needed. */
  got = sl_matcher_search (m, probe, 50, &error);
  ck_assert_ptr_null (error);
  ck_assert_uint_eq (got->len, 0);
  none = sl_matcher_search_above (m, probe, 0.5f, 10, &error);
  ck_assert_ptr_null (error);
  ck_assert_uint_eq (none->len, 0);
}
END_TEST

START_TEST (test_threshold)
{
  g_autoptr(Gallery) g = gallery_new (20000, 128, 6000, 17);
  g_autoptr(SlMatcher) m = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (23);
  /* The last one keeps thousands of subjects: the heaps grow. */
  const float thresholds[] = { 0.25f, 0.3f, 0.35f, 0.99f, -1.0f, 0.0f };
  const guint caps[] = { 10000, 5, 10000, 10, 3, 5000 };
  float probe[128];

  use_kernel (_i);
  m = matcher_for (g, SL_MATCHER_KEEP_EXACT, 2);
  perturbed (rand, g->rows + 77 * 128, probe, 128, 1.0);
  for (guint t = 0; t < G_N_ELEMENTS (thresholds); t++)
    {
      g_autoptr(GArray) want = brute_force (g, probe, caps[t], thresholds[t]);
      g_autoptr(GArray) got = sl_matcher_search_above (m, probe, thresholds[t], caps[t], NULL);
      g_autofree char *what = g_strdup_printf ("above %g, at most %u", thresholds[t], caps[t]);

      assert_same (got, want, what);
      for (guint i = 0; i < got->len; i++)
        ck_assert (g_array_index (got, SlMatch, i).score >= thresholds[t]);
    }
}
END_TEST

typedef struct
{
  SlMatcher *matcher;
  float     *probes;
  guint      n_probes;
  guint      dim;
  GArray   **results;
} SearchThread;

static gpointer
search_thread (gpointer data)
{
  SearchThread *t = data;

  for (guint round = 0; round < 3; round++)
    for (guint p = 0; p < t->n_probes; p++)
      {
        GArray *r = sl_matcher_search (t->matcher, t->probes + (gsize) p * t->dim, 50, NULL);

        if (round == 0)
          t->results[p] = r;
        else
          g_array_unref (r);
      }
  return NULL;
}

START_TEST (test_concurrent)
{
  g_autoptr(Gallery) g = gallery_new (20000, 512, 20000, 29);
  g_autoptr(SlMatcher) m = matcher_for (g, SL_MATCHER_KEEP_EXACT, 2);
  g_autoptr(GRand) rand = g_rand_new_with_seed (31);
  const guint n_probes = 10;
  g_autofree float *probes = g_new (float, n_probes * 512);
  g_autofree GArray **a = g_new0 (GArray *, n_probes);
  g_autofree GArray **b = g_new0 (GArray *, n_probes);
  SearchThread ta = { m, probes, n_probes, 512, a };
  SearchThread tb = { m, probes, n_probes, 512, b };
  GThread *thread_a, *thread_b;

  for (guint p = 0; p < n_probes; p++)
    perturbed (rand, g->rows + (gsize) p * 1000 * 512, probes + p * 512, 512, 0.9);
  thread_a = g_thread_new ("search-a", search_thread, &ta);
  thread_b = g_thread_new ("search-b", search_thread, &tb);
  g_thread_join (thread_a);
  g_thread_join (thread_b);
  for (guint p = 0; p < n_probes; p++)
    {
      g_autoptr(GArray) want = brute_force (g, probes + p * 512, 50, -INFINITY);

      assert_same (a[p], want, "thread a");
      assert_same (b[p], want, "thread b");
      g_array_unref (a[p]);
      g_array_unref (b[p]);
    }
}
END_TEST

/* Rows that stress a per-row scale: all components equal, tiny, denormal,
 * zero, one spike over noise, huge. */
START_TEST (test_quantisation_edges)
{
  const guint dim = 64;
  g_autoptr(Gallery) g = gallery_new (40, dim, 40, 37);
  g_autoptr(SlMatcher) m = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (41);
  float probes[4][64];

  for (guint i = 0; i < 40; i++)
    g->subjects[i] = i;
  for (guint j = 0; j < dim; j++)
    {
      g->rows[0 * dim + j] = 1.0f / 8.0f;                       /* all equal, unit */
      g->rows[1 * dim + j] = -1.0f / 8.0f;
      g->rows[2 * dim + j] = g->rows[5 * dim + j] * 1e-30f;     /* tiny */
      g->rows[3 * dim + j] = g->rows[6 * dim + j] * 1e-39f;     /* denormal */
      g->rows[4 * dim + j] = 0.0f;
      g->rows[7 * dim + j] = j == 3 ? 0.999f : g->rows[8 * dim + j] * 1e-3f;
      g->rows[9 * dim + j] = g->rows[9 * dim + j] * 1e30f;      /* huge */
      g->rows[11 * dim + j] = 1.0f / 8.0f + (j == 5 ? 1e-7f : 0.0f);
    }
  for (guint j = 0; j < dim; j++)
    {
      probes[0][j] = 1.0f / 8.0f;
      probes[2][j] = g->rows[5 * dim + j] * 1e-20f;
      probes[3][j] = j == 3 ? 1.0f : 0.0f;
    }
  random_unit (rand, probes[1], dim);

  use_kernel (_i);
  m = matcher_for (g, SL_MATCHER_KEEP_EXACT, 1);
  for (guint p = 0; p < 4; p++)
    for (guint k = 1; k <= 40; k += 13)
      {
        g_autoptr(GArray) want = brute_force (g, probes[p], k, -INFINITY);
        g_autoptr(GArray) got = sl_matcher_search (m, probes[p], k, NULL);
        g_autofree char *what = g_strdup_printf ("edge probe %u, top %u", p, k);

        assert_same (got, want, what);
      }
}
END_TEST

static gboolean
fetch_rows (const guint  *rows,
            guint         n_rows,
            float        *out,
            gpointer      user_data,
            GError      **error)
{
  const Gallery *g = user_data;

  for (guint i = 0; i < n_rows; i++)
    {
      if (i > 0)
        ck_assert_uint_gt (rows[i], rows[i - 1]);
      memcpy (out + (gsize) i * g->dim, g->rows + (gsize) rows[i] * g->dim, g->dim * sizeof (float));
    }
  return TRUE;
}

static gboolean
fetch_fails (const guint  *rows,
             guint         n_rows,
             float        *out,
             gpointer      user_data,
             GError      **error)
{
  g_set_error_literal (error, G_FILE_ERROR, G_FILE_ERROR_IO, "disk on fire");
  return FALSE;
}

START_TEST (test_sources)
{
  g_autoptr(Gallery) g = gallery_new (5000, 128, 2000, 43);
  g_autoptr(SlMatcher) kept = matcher_for (g, SL_MATCHER_KEEP_EXACT, 2);
  g_autoptr(SlMatcher) bytes = matcher_for (g, SL_MATCHER_FLAGS_NONE, 2);
  g_autoptr(SlMatcher) fetched = matcher_for (g, SL_MATCHER_FLAGS_NONE, 2);
  g_autoptr(SlMatcher) none = matcher_for (g, SL_MATCHER_FLAGS_NONE, 2);
  g_autoptr(GBytes) block = g_bytes_new_static (g->rows, (gsize) g->n * g->dim * sizeof (float));
  g_autoptr(GBytes) short_block = g_bytes_new_static (g->rows, (gsize) 10 * g->dim * sizeof (float));
  g_autoptr(GArray) want = NULL;
  g_autoptr(GArray) a = NULL;
  g_autoptr(GArray) b = NULL;
  g_autoptr(GArray) c = NULL;
  g_autoptr(GArray) fail = NULL;
  g_autoptr(GError) error = NULL;
  float probe[128];

  memcpy (probe, g->rows + 4321 * 128, sizeof probe);
  sl_matcher_set_exact_rows (bytes, block);
  sl_matcher_set_fetch_func (fetched, fetch_rows, g, NULL);
  want = brute_force (g, probe, 50, -INFINITY);
  a = sl_matcher_search (kept, probe, 50, NULL);
  b = sl_matcher_search (bytes, probe, 50, NULL);
  c = sl_matcher_search (fetched, probe, 50, NULL);
  assert_same (a, want, "kept rows");
  assert_same (b, want, "rows in a block");
  assert_same (c, want, "fetched rows");
  ck_assert_uint_gt (sl_matcher_get_memory_size (kept),
                     sl_matcher_get_memory_size (bytes) + (gsize) g->n * g->dim * sizeof (float));

  fail = sl_matcher_search (none, probe, 50, &error);
  ck_assert_ptr_null (fail);
  ck_assert (g_error_matches (error, SL_MATCHER_ERROR, SL_MATCHER_ERROR_SOURCE));
  g_clear_error (&error);

  sl_matcher_set_fetch_func (none, fetch_fails, NULL, NULL);
  fail = sl_matcher_search (none, probe, 50, &error);
  ck_assert_ptr_null (fail);
  ck_assert (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_IO));
  g_clear_error (&error);

  sl_matcher_set_fetch_func (none, NULL, NULL, NULL);
  sl_matcher_set_exact_rows (none, short_block);
  fail = sl_matcher_search (none, probe, 50, &error);
  ck_assert_ptr_null (fail);
  ck_assert (g_error_matches (error, SL_MATCHER_ERROR, SL_MATCHER_ERROR_SOURCE));
}
END_TEST

/* Appending in uneven batches, across chunk boundaries, gives the same
 * matcher as one append. */
START_TEST (test_incremental)
{
  g_autoptr(Gallery) g = gallery_new (20000, 64, 5000, 47);
  g_autoptr(SlMatcher) whole = matcher_for (g, SL_MATCHER_KEEP_EXACT, 2);
  g_autoptr(SlMatcher) parts = sl_matcher_new (64, SL_MATCHER_KEEP_EXACT, 2);
  g_autoptr(GRand) rand = g_rand_new_with_seed (53);
  const guint batches[] = { 1, 7, 8193, 100, 11699 };
  gsize before = sl_matcher_get_memory_size (parts);
  guint done = 0;
  float probe[64];

  for (guint i = 0; i < G_N_ELEMENTS (batches); i++)
    {
      ck_assert (sl_matcher_append (parts, g->rows + (gsize) done * 64, g->subjects + done, batches[i], NULL));
      done += batches[i];
      ck_assert_uint_eq (sl_matcher_get_n_rows (parts), done);
      ck_assert_uint_gt (sl_matcher_get_memory_size (parts), before);
      before = sl_matcher_get_memory_size (parts);
    }
  ck_assert_uint_eq (done, 20000);
  ck_assert_uint_eq (sl_matcher_get_n_subjects (parts), sl_matcher_get_n_subjects (whole));
  for (guint p = 0; p < 5; p++)
    {
      g_autoptr(GArray) want = NULL;
      g_autoptr(GArray) got = NULL;

      perturbed (rand, g->rows + (gsize) (p * 3999) * 64, probe, 64, 0.7);
      want = sl_matcher_search (whole, probe, 50, NULL);
      got = sl_matcher_search (parts, probe, 50, NULL);
      assert_same (got, want, "appended in batches");
    }
}
END_TEST

START_TEST (test_invalid)
{
  g_autoptr(SlMatcher) m = sl_matcher_new (4, SL_MATCHER_KEEP_EXACT, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) got = NULL;
  const float rows[8] = { 1, 0, 0, 0, 0, NAN, 0, 0 };
  const guint subjects[2] = { 0, 1 };
  const float probe[4] = { INFINITY, 0, 0, 0 };

  ck_assert (!sl_matcher_append (m, rows, subjects, 2, &error));
  ck_assert (g_error_matches (error, SL_MATCHER_ERROR, SL_MATCHER_ERROR_INVALID));
  ck_assert_uint_eq (sl_matcher_get_n_rows (m), 0);
  g_clear_error (&error);
  got = sl_matcher_search (m, probe, 5, &error);
  ck_assert_ptr_null (got);
  ck_assert (g_error_matches (error, SL_MATCHER_ERROR, SL_MATCHER_ERROR_INVALID));
}
END_TEST

/* The exact score is the dot product: a naive float sum agrees closely. */
START_TEST (test_exact_score)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (59);
  float a[517], b[517];
  double naive = 0;

  random_unit (rand, a, 517);
  random_unit (rand, b, 517);
  for (guint j = 0; j < 517; j++)
    naive += (double) a[j] * b[j];
  ck_assert_double_eq_tol (sl_matcher_exact_score (a, b, 517), naive, 1e-7);
  ck_assert_float_eq (sl_matcher_exact_score (a, a, 517), 1.0f);
}
END_TEST

static Suite *
matcher_suite (void)
{
  Suite *s = suite_create ("matcher");
  TCase *tc = tcase_create ("matcher");

  tcase_set_timeout (tc, 120);
  tcase_add_loop_test (tc, test_exact_512, 0, G_N_ELEMENTS (kernels));
  tcase_add_loop_test (tc, test_exact_128, 0, G_N_ELEMENTS (kernels));
  tcase_add_loop_test (tc, test_odd_dim, 0, G_N_ELEMENTS (kernels));
  tcase_add_test (tc, test_ties);
  tcase_add_loop_test (tc, test_top_k_beyond_subjects, 0, G_N_ELEMENTS (kernels));
  tcase_add_test (tc, test_empty);
  tcase_add_loop_test (tc, test_threshold, 0, G_N_ELEMENTS (kernels));
  tcase_add_test (tc, test_concurrent);
  tcase_add_loop_test (tc, test_quantisation_edges, 0, G_N_ELEMENTS (kernels));
  tcase_add_test (tc, test_sources);
  tcase_add_test (tc, test_incremental);
  tcase_add_test (tc, test_invalid);
  tcase_add_test (tc, test_exact_score);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return sl_test_run_suite (matcher_suite ());
}
