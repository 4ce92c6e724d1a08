/* sl-search-bench.c: `bench search`: a synthetic gallery of random unit
 * vectors, written as float32 to a file the matcher re-ranks from, searched
 * one probe at a time; then the same probes searched by brute force over
 * every float32 row.
 *
 * The matcher reads its few exact rows per search with pread by default.
 * Mapping the file works too (--exact mmap) but costs resident memory far
 * beyond the rows read: on each page fault Linux maps the neighbouring
 * cached pages as well (fault-around, 64 kB), and madvise cannot turn that
 * off, so after a few hundred searches most of the file counts as resident.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-search-bench"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "core/sl-matcher.h"
#include "bench/sl-search-bench.h"

/* Rows made, written and appended at a time. */
#define GENERATE_ROWS 8192
/* Rows brute force reads at a time: small enough to stay in cache while
 * every probe is scored against them. */
#define BRUTE_ROWS    512
/* How far a "same person" probe is from its gallery row: noise about as
 * long as the row itself, a cosine of about 0.7. */
#define PROBE_NOISE   1.0

typedef struct
{
  int          fd;
  guint        dim;
  const char  *path;
} PreadSource;

static void
pread_source_clear (PreadSource *src)
{
  if (src->fd >= 0)
    close (src->fd);
  src->fd = -1;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PreadSource, pread_source_clear)

/* xoshiro256**: fast, and the same stream on every machine for a seed. */
typedef struct
{
  guint64 s[4];
} Rng;

/* helpers */

static guint64
splitmix64 (guint64 *x)
{
  guint64 z = (*x += 0x9e3779b97f4a7c15ull);

  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

static void
rng_init (Rng     *rng,
          guint64  seed)
{
  for (guint i = 0; i < 4; i++)
    rng->s[i] = splitmix64 (&seed);
}

static guint64
rng_next (Rng *rng)
{
  guint64 *s = rng->s;
  guint64 result = ((s[1] * 5) << 7 | (s[1] * 5) >> 57) * 9;
  guint64 t = s[1] << 17;

  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = s[3] << 45 | s[3] >> 19;
  return result;
}

/* In (0, 1]: never zero, so the logarithm below is finite. */
static double
rng_uniform (Rng *rng)
{
  return ((rng_next (rng) >> 11) + 1) * (1.0 / 9007199254740992.0);
}

/* A direction drawn uniformly: normalised independent normals. */
static void
random_unit (Rng   *rng,
             float *v,
             guint  dim)
{
  double norm = 0;

  for (guint j = 0; j < dim; j += 2)
    {
      double r = sqrt (-2.0 * log (rng_uniform (rng)));
      double a = 2.0 * G_PI * rng_uniform (rng);

      v[j] = (float) (r * cos (a));
      if (j + 1 < dim)
        v[j + 1] = (float) (r * sin (a));
    }
  for (guint j = 0; j < dim; j++)
    norm += (double) v[j] * v[j];
  norm = sqrt (norm);
  for (guint j = 0; j < dim; j++)
    v[j] = (float) (v[j] / norm);
}

static void
read_memory_mb (double *rss,
                double *hwm)
{
  g_autofree char *status = NULL;
  const char *line;

  *rss = *hwm = 0;
  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return;
  if ((line = strstr (status, "VmRSS:")) != NULL)
    *rss = g_ascii_strtod (line + strlen ("VmRSS:"), NULL) / 1024.0;
  if ((line = strstr (status, "VmHWM:")) != NULL)
    *hwm = g_ascii_strtod (line + strlen ("VmHWM:"), NULL) / 1024.0;
}

static double
load_1min (void)
{
  g_autofree char *text = NULL;

  if (!g_file_get_contents ("/proc/loadavg", &text, NULL, NULL))
    return -1;
  return g_ascii_strtod (text, NULL);
}

/* failure is untranslated (N_): translating it in the caller's argument
 * list could change errno before it is read. */
static gboolean
set_io_error (GError     **error,
              int          saved_errno,
              const char  *path,
              const char  *failure)
{
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
               "%s '%s': %s", _(failure), path, g_strerror (saved_errno));
  return FALSE;
}

static gboolean
write_all (int          fd,
           const void  *data,
           gsize        size,
           const char  *path,
           GError     **error)
{
  const char *p = data;

  while (size > 0)
    {
      gssize n = write (fd, p, size);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return set_io_error (error, n < 0 ? errno : EIO, path, N_("Cannot write the benchmark gallery"));
      p += n;
      size -= (gsize) n;
    }
  return TRUE;
}

static gboolean
read_all (int          fd,
          void        *data,
          gsize        size,
          guint64      offset,
          const char  *path,
          GError     **error)
{
  char *p = data;

  while (size > 0)
    {
      gssize n = pread (fd, p, size, (off_t) offset);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return set_io_error (error, n < 0 ? errno : EIO, path, N_("Cannot read the benchmark gallery"));
      p += n;
      size -= (gsize) n;
      offset += (guint64) n;
    }
  return TRUE;
}

/* Rows arrive ascending: neighbours are read in one call. */
static gboolean
fetch_pread (const guint  *rows,
             guint         n_rows,
             float        *out,
             gpointer      user_data,
             GError      **error)
{
  const PreadSource *src = user_data;
  gsize row_bytes = (gsize) src->dim * sizeof (float);

  for (guint i = 0; i < n_rows;)
    {
      guint run = 1;

      while (i + run < n_rows && rows[i + run] == rows[i] + run)
        run++;
      if (!read_all (src->fd, out + (gsize) i * src->dim, run * row_bytes,
                     (guint64) rows[i] * row_bytes, src->path, error))
        return FALSE;
      i += run;
    }
  return TRUE;
}

/* Row i depends on the seed and i only, so threads can share the work and
 * the gallery is the same whatever their number. */
typedef struct
{
  const SlSearchBenchOptions *options;
  guint                       first;
  guint                       n;
  float                      *out;
} RowsJob;

static gpointer
make_rows_thread (gpointer data)
{
  RowsJob *job = data;

  for (guint i = 0; i < job->n; i++)
    {
      Rng rng;

      rng_init (&rng, job->options->seed ^ ((guint64) (job->first + i) * 0xd1b54a32d192ed03ull));
      random_unit (&rng, job->out + (gsize) i * job->options->dim, job->options->dim);
    }
  return NULL;
}

static void
make_rows (const SlSearchBenchOptions *o,
           guint                       first,
           guint                       n,
           float                      *out)
{
  guint n_threads = MAX (1u, MIN (g_get_num_processors (), 8u));
  g_autofree GThread **threads = g_new0 (GThread *, n_threads);
  g_autofree RowsJob *jobs = g_new0 (RowsJob, n_threads);
  guint per = (n + n_threads - 1) / n_threads;

  for (guint t = 0; t < n_threads; t++)
    {
      guint from = MIN (n, t * per);

      jobs[t] = (RowsJob) { o, first + from, MIN (n, from + per) - from, out + (gsize) from * o->dim };
      if (t > 0)
        threads[t] = g_thread_new ("sl-bench-rows", make_rows_thread, &jobs[t]);
    }
  make_rows_thread (&jobs[0]);
  for (guint t = 1; t < n_threads; t++)
    g_thread_join (threads[t]);
}

/* Makes the gallery: each block written to the file, then appended. */
static gboolean
generate (const SlSearchBenchOptions *o,
          SlMatcher                  *matcher,
          const char                 *path,
          SlSearchBenchProgressFunc   progress,
          gpointer                    progress_data,
          SlSearchBenchResult        *result,
          GError                    **error)
{
  g_autofree float *rows = g_new (float, (gsize) GENERATE_ROWS * o->dim);
  g_autofree guint *subjects = g_new (guint, GENERATE_ROWS);
  double append_s = 0;
  gint64 t0 = g_get_monotonic_time ();
  int fd;

  if ((fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)) < 0)
    return set_io_error (error, errno, path, N_("Cannot create the benchmark gallery"));
  for (guint start = 0; start < o->size; start += GENERATE_ROWS)
    {
      guint n = MIN (GENERATE_ROWS, o->size - start);
      gint64 t;

      make_rows (o, start, n, rows);
      for (guint i = 0; i < n; i++)
        subjects[i] = (start + i) / o->per_subject;
      if (!write_all (fd, rows, (gsize) n * o->dim * sizeof (float), path, error))
        {
          close (fd);
          return FALSE;
        }
      t = g_get_monotonic_time ();
      if (!sl_matcher_append (matcher, rows, subjects, n, error))
        {
          close (fd);
          return FALSE;
        }
      append_s += (g_get_monotonic_time () - t) / 1e6;
      if (progress != NULL)
        progress ("generate", start + n, o->size, progress_data);
    }
  if (close (fd) != 0)
    return set_io_error (error, errno, path, N_("Cannot write the benchmark gallery"));
  result->build_s = append_s;
  result->generate_s = (g_get_monotonic_time () - t0) / 1e6 - append_s;
  return TRUE;
}

/* Half the probes are a gallery row with noise (a true match is there),
 * half unrelated. */
static float *
make_probes (const SlSearchBenchOptions *o,
             const float                *gallery,
             const char                 *keep_path,
             GError                    **error)
{
  g_autofree float *probes = g_new (float, (gsize) o->queries * o->dim);
  g_autofree float *noise = g_new (float, o->dim);
  Rng rng;

  rng_init (&rng, o->seed ^ 0x70726f6265ull);
  for (guint p = 0; p < o->queries; p++)
    {
      float *probe = probes + (gsize) p * o->dim;

      if (p % 2 == 0)
        {
          const float *row = gallery + (rng_next (&rng) % o->size) * o->dim;
          double norm = 0;

          random_unit (&rng, noise, o->dim);
          for (guint j = 0; j < o->dim; j++)
            {
              probe[j] = (float) (row[j] + PROBE_NOISE * noise[j]);
              norm += (double) probe[j] * probe[j];
            }
          norm = sqrt (norm);
          for (guint j = 0; j < o->dim; j++)
            probe[j] = (float) (probe[j] / norm);
        }
      else
        random_unit (&rng, probe, o->dim);
    }
  if (keep_path != NULL &&
      !g_file_set_contents (keep_path, (const char *) probes, (gssize) ((gsize) o->queries * o->dim * sizeof (float)), error))
    return NULL;
  return g_steal_pointer (&probes);
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

/* Keeps the best `top_k` subjects in order; a subject arrives once, when
 * its last row has been scored. */
static void
offer_subject (GArray        *top,
               guint          top_k,
               const SlMatch *m)
{
  guint i;

  if (top->len == top_k && compare_matches (m, &g_array_index (top, SlMatch, top_k - 1)) >= 0)
    return;
  for (i = top->len; i > 0 && compare_matches (m, &g_array_index (top, SlMatch, i - 1)) < 0; i--)
    ;
  g_array_insert_val (top, i, *m);
  if (top->len > top_k)
    g_array_set_size (top, top_k);
}

/* The definition the matcher is held to: every row scored exactly, each
 * subject's best row (the lower on a tie), the top subjects. Rows of a
 * subject are consecutive here, so a subject is complete when the next
 * one starts. */
static gboolean
brute_force (const SlSearchBenchOptions *o,
             const char                 *path,
             const float                *probes,
             guint                       n_probes,
             GArray                    **tops,
             GError                    **error)
{
  g_autofree float *rows = g_new (float, (gsize) BRUTE_ROWS * o->dim);
  g_autofree SlMatch *current = g_new (SlMatch, n_probes);
  int fd;

  if ((fd = g_open (path, O_RDONLY | O_CLOEXEC, 0)) < 0)
    return set_io_error (error, errno, path, N_("Cannot open the benchmark gallery"));
  for (guint p = 0; p < n_probes; p++)
    {
      tops[p] = g_array_sized_new (FALSE, FALSE, sizeof (SlMatch), o->top_k + 1);
      current[p].subject = G_MAXUINT;
    }
  for (guint start = 0; start < o->size; start += BRUTE_ROWS)
    {
      guint n = MIN (BRUTE_ROWS, o->size - start);

      if (!read_all (fd, rows, (gsize) n * o->dim * sizeof (float),
                     (guint64) start * o->dim * sizeof (float), path, error))
        {
          close (fd);
          return FALSE;
        }
      for (guint p = 0; p < n_probes; p++)
        for (guint i = 0; i < n; i++)
          {
            guint row = start + i;
            SlMatch m = { row / o->per_subject, row,
                          sl_matcher_exact_score (probes + (gsize) p * o->dim, rows + (gsize) i * o->dim, o->dim) };

            if (m.subject != current[p].subject)
              {
                if (current[p].subject != G_MAXUINT)
                  offer_subject (tops[p], o->top_k, &current[p]);
                current[p] = m;
              }
            else if (m.score > current[p].score)
              current[p] = m;
          }
    }
  close (fd);
  for (guint p = 0; p < n_probes; p++)
    if (current[p].subject != G_MAXUINT)
      offer_subject (tops[p], o->top_k, &current[p]);
  return TRUE;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double da = *(const double *) a, db = *(const double *) b;

  return (da > db) - (da < db);
}

static gboolean
run (const SlSearchBenchOptions *o,
     const char                 *path,
     const char                 *probes_path,
     SlSearchBenchProgressFunc   progress,
     gpointer                    progress_data,
     SlSearchBenchResult        *result,
     GError                    **error)
{
  g_autoptr(SlMatcher) matcher = sl_matcher_new (o->dim, SL_MATCHER_FLAGS_NONE, o->threads);
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree float *probes = NULL;
  g_autofree double *ms = g_new (double, o->queries);
  g_autoptr(GPtrArray) ours = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autofree GArray **exact = NULL;
  guint n_recall = MIN (o->recall_queries, o->queries);
  g_auto(PreadSource) src = { -1, 0, NULL };
  guint64 rescored = 0;
  double recall = 0;
  gint64 t0;

  if (!generate (o, matcher, path, progress, progress_data, result, error))
    return FALSE;
  if (!(mapped = g_mapped_file_new (path, FALSE, error)))
    return FALSE;
  bytes = g_mapped_file_get_bytes (mapped);
  if (o->exact_mapped)
    sl_matcher_set_exact_rows (matcher, bytes);
  else
    {
      if ((src.fd = g_open (path, O_RDONLY | O_CLOEXEC, 0)) < 0)
        return set_io_error (error, errno, path, N_("Cannot open the benchmark gallery"));
      src.dim = o->dim;
      src.path = path;
      sl_matcher_set_fetch_func (matcher, fetch_pread, &src, NULL);
    }
  probes = make_probes (o, g_bytes_get_data (bytes, NULL), probes_path, error);
  /* Only the probes' rows were read: the mapping leaves the resident set. */
  if (!o->exact_mapped)
    {
      g_clear_pointer (&bytes, g_bytes_unref);
      g_clear_pointer (&mapped, g_mapped_file_unref);
    }
  if (probes == NULL)
    return FALSE;

  result->threads = sl_matcher_get_n_threads (matcher);
  result->kernel = sl_matcher_get_kernel (matcher);
  result->matcher_mb = sl_matcher_get_memory_size (matcher) / (1024.0 * 1024.0);
  result->load_1min = load_1min ();

  /* Wakes the pool and faults in what a first search touches. */
  for (guint w = 0; w < MIN (2u, o->queries); w++)
    {
      g_autoptr(GArray) warm = sl_matcher_search (matcher, probes + (gsize) w * o->dim, o->top_k, error);

      if (warm == NULL)
        return FALSE;
    }
  for (guint p = 0; p < o->queries; p++)
    {
      SlMatcherStats stats;
      GArray *r;

      t0 = g_get_monotonic_time ();
      r = sl_matcher_search_full (matcher, probes + (gsize) p * o->dim, o->top_k, -INFINITY, &stats, error);
      ms[p] = (g_get_monotonic_time () - t0) / 1000.0;
      if (r == NULL)
        return FALSE;
      rescored += stats.rows_rescored;
      g_ptr_array_add (ours, r);
      if (progress != NULL)
        progress ("search", p + 1, o->queries, progress_data);
    }
  read_memory_mb (&result->rss_mb, &result->hwm_mb);
  result->rescored_mean = o->queries > 0 ? (double) rescored / o->queries : 0;
  qsort (ms, o->queries, sizeof (double), compare_doubles);
  if (o->queries > 0)
    {
      result->median_ms = o->queries % 2 ? ms[o->queries / 2] : (ms[o->queries / 2 - 1] + ms[o->queries / 2]) / 2;
      result->p95_ms = ms[MAX (1u, (guint) ceil (0.95 * o->queries)) - 1];
    }

  /* Recall against brute force, after the memory was read. */
  exact = g_new0 (GArray *, MAX (n_recall, 1u));
  t0 = g_get_monotonic_time ();
  if (n_recall > 0 && !brute_force (o, path, probes, n_recall, exact, error))
    {
      for (guint p = 0; p < n_recall; p++)
        g_clear_pointer (&exact[p], g_array_unref);
      return FALSE;
    }
  result->brute_force_ms = n_recall > 0 ? (g_get_monotonic_time () - t0) / 1000.0 / n_recall : 0;
  result->identical = TRUE;
  for (guint p = 0; p < n_recall; p++)
    {
      GArray *a = g_ptr_array_index (ours, p);
      GArray *b = exact[p];
      guint found = 0;

      for (guint i = 0; i < b->len; i++)
        for (guint j = 0; j < a->len; j++)
          if (g_array_index (a, SlMatch, j).subject == g_array_index (b, SlMatch, i).subject)
            {
              found++;
              break;
            }
      recall += b->len > 0 ? (double) found / b->len : 1.0;
      if (a->len != b->len || memcmp (a->data, b->data, (gsize) a->len * sizeof (SlMatch)) != 0)
        result->identical = FALSE;
      g_array_unref (b);
      if (progress != NULL)
        progress ("verify", p + 1, n_recall, progress_data);
    }
  result->recall_at_top_k = n_recall > 0 ? recall / n_recall : 0;
  return TRUE;
}

/* public API */

void
sl_search_bench_options_init (SlSearchBenchOptions *options)
{
  memset (options, 0, sizeof *options);
  options->size = 1000000;
  options->dim = 512;
  options->queries = 100;
  options->per_subject = 1;
  options->recall_queries = 10;
  options->top_k = 50;
  options->seed = 20240601;
}

gboolean
sl_search_bench (const SlSearchBenchOptions *options,
                 SlSearchBenchProgressFunc   progress,
                 gpointer                    progress_data,
                 SlSearchBenchResult        *result,
                 GError                    **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *probes_path = NULL;
  gboolean ok;

  g_return_val_if_fail (options != NULL && result != NULL, FALSE);
  g_return_val_if_fail (options->size > 0 && options->dim > 0 && options->per_subject > 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  memset (result, 0, sizeof *result);
  result->size = options->size;
  result->dim = options->dim;
  result->queries = options->queries;
  result->top_k = options->top_k;
  result->recall_queries = MIN (options->recall_queries, options->queries);

  if (options->keep_data != NULL)
    {
      path = g_strdup (options->keep_data);
      probes_path = g_strconcat (options->keep_data, ".probes", NULL);
    }
  else
    {
      if (!(dir = g_dir_make_tmp ("sightline-search-XXXXXX", error)))
        return FALSE;
      path = g_build_filename (dir, "gallery.f32", NULL);
    }
  ok = run (options, path, probes_path, progress, progress_data, result, error);
  if (dir != NULL)
    {
      g_unlink (path);
      g_rmdir (dir);
    }
  return ok;
}
