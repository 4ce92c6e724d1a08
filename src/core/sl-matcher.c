/* sl-matcher.c: exact 1:N search over a gallery kept in memory as int8.
 *
 * A million 512-d float32 rows are 2 GB; as int8 with a scale per row they
 * are 512 MB, which one pass reads in the time a search may take. That pass
 * is only a filter: each row's quantised score comes with a proven bound
 * on its distance from the exact one, and every row that could still be
 * the best row of a top-k subject is scored again in float32, from rows
 * the caller keeps (a mapped file, a database). So the result is the exact
 * float32 result, not an approximation of it.
 *
 * The bound. With r' the quantised row and q' the quantised probe,
 *   q.r - q'.r' = q.(r - r') + (q - q').r'
 * so |q.r - q'.r'| <= |q| |r - r'| + |q - q'| |r'|. Both errors are known
 * exactly at quantisation time; a relative 2^-20 on top covers the float32
 * rounding of the exact score and the double arithmetic here. Each row
 * then has an interval [lb, ub] that holds its exact score. With L the
 * k-th largest of the subjects' best lb, k subjects score at least L, so
 * the best row of every top-k subject has ub >= L: those rows, and only
 * those, are scored exactly.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-matcher"

#include "config.h"

#include <math.h>
#include <string.h>
#include <sys/mman.h>

#include <glib/gi18n-lib.h>

#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
#define SL_MATCHER_X86 1
#include <immintrin.h>
#endif

#include "core/sl-matcher.h"

/* Rows are stored in chunks so that growing the gallery copies one chunk
 * at most, not all of it; a chunk is also the unit of work the search
 * threads take turns on. */
#define CHUNK_ROWS  8192
/* Rows scored by the first-pass kernel between two looks at the results. */
#define BLOCK_ROWS  64
/* Exact rows asked of the source at once. */
#define FETCH_ROWS  256
/* Codes per row are padded to whole cache lines (and SIMD registers). */
#define ROW_ALIGN   64
#define HUGE_PAGE   (2 * 1024 * 1024)
/* The hardware prefetcher stops at each 4 kB page; asking for the line
 * 2 kB ahead keeps memory busy across the boundaries (1.5x on a Xeon). */
#define PREFETCH_BYTES 2048

/* Covers, relative to |q| |r|, the float32 rounding of the exact score and
 * every double rounding in the bound; and, absolutely, float32 denormals. */
#define BOUND_RELATIVE (1.0 / 1048576.0)
#define BOUND_ABSOLUTE 1e-35

typedef void (*DotBlockFunc) (const gint8  *codes,
                              guint         n_rows,
                              guint         padded_dim,
                              const gint16 *query,
                              gint32       *out);

typedef struct
{
  guint   n;
  guint   capacity;
  gint8  *codes;      /* capacity x padded_dim */
  float  *scale;      /* row r' = scale x codes */
  float  *err;        /* |r - r'|, rounded up */
  float  *norm;       /* |r'|, rounded up */
  guint  *subject;
  float  *exact;      /* capacity x dim, with SL_MATCHER_KEEP_EXACT */
} Chunk;

struct _SlMatcher
{
  gatomicrefcount     ref_count;
  GRWLock             lock;
  guint               dim;
  guint               padded_dim;
  SlMatcherFlags      flags;
  guint               n_threads;
  GThreadPool        *pool;
  const char         *kernel_name;
  DotBlockFunc        kernel;

  GPtrArray          *chunks;       /* Chunk */
  guint               n_rows;
  guint8             *seen;         /* one bit per subject index */
  gsize               seen_bytes;
  guint               n_subjects;

  SlMatcherFetchFunc  fetch;
  gpointer            fetch_data;
  GDestroyNotify      fetch_destroy;
  GBytes             *exact_rows;
};

/* The probe, quantised to int16 so the first pass is exact integer
 * arithmetic: q' = scale x q. */
typedef struct
{
  gint16 *q;
  double  scale;
  double  norm;    /* |probe| */
  double  err;     /* |probe - q'| */
} Query;

/* The best lower bounds seen so far, one per subject: a min-heap of at most
 * `capacity` subjects, with where each subject sits in it. */
typedef struct
{
  double     *lb;
  guint      *subject;
  guint       n;
  guint       capacity;
  guint       allocated;
  GHashTable *slot_of;    /* subject + 1 -> slot + 1 */
} Heap;

typedef struct
{
  guint  row;
  double ub;
} Candidate;

typedef struct _Job Job;

/* One thread's share of a search. */
typedef struct
{
  Job     *job;
  Heap     heap;
  GArray  *candidates;     /* Candidate */
  double   level;          /* rows whose ub is below it cannot be needed */
  guint64  scanned;
} Part;

struct _Job
{
  SlMatcher   *self;
  Query       *query;
  double       threshold;
  double       coef_err;
  double       coef_norm;
  gint         next_chunk;    /* atomic */
  GMutex       mutex;
  GCond        cond;
  guint        pending;
};

G_DEFINE_QUARK (sl-matcher-error-quark, sl_matcher_error)

/* helpers */

static float
round_up_float (double x)
{
  float f;

  x *= 1.0 + 1e-12;
  f = (float) x;
  if ((double) f < x)
    f = nextafterf (f, INFINITY);
  return f;
}

/* rint () without the call: adding and taking away 2^52 + 2^51 leaves a
 * double of magnitude below 2^51 rounded to an integer, half to even. */
static inline double
round_half_even (double x)
{
  const double shift = 6755399441055744.0;

  return (x + shift) - shift;
}

static gboolean
all_finite (const float *v,
            gsize        n)
{
  for (gsize i = 0; i < n; i++)
    if (!isfinite (v[i]))
      return FALSE;
  return TRUE;
}

static void
dot_block_portable (const gint8  *codes,
                    guint         n_rows,
                    guint         padded_dim,
                    const gint16 *query,
                    gint32       *out)
{
  for (guint i = 0; i < n_rows; i++)
    {
      const gint8 *c = codes + (gsize) i * padded_dim;
      gint32 acc = 0;

      for (guint j = 0; j < padded_dim; j++)
        acc += (gint32) query[j] * c[j];
      out[i] = acc;
    }
}

#ifdef SL_MATCHER_X86
__attribute__ ((target ("avx2")))
static inline gint32
sum_avx2 (__m256i v)
{
  __m128i x = _mm_add_epi32 (_mm256_castsi256_si128 (v), _mm256_extracti128_si256 (v, 1));

  x = _mm_add_epi32 (x, _mm_shuffle_epi32 (x, 0x4e));
  x = _mm_add_epi32 (x, _mm_shuffle_epi32 (x, 0xb1));
  return _mm_cvtsi128_si32 (x);
}

__attribute__ ((target ("avx2")))
static void
dot_block_avx2 (const gint8  *codes,
                guint         n_rows,
                guint         padded_dim,
                const gint16 *query,
                gint32       *out)
{
  for (guint i = 0; i < n_rows; i++)
    {
      const gint8 *c = codes + (gsize) i * padded_dim;
      __m256i acc0 = _mm256_setzero_si256 ();
      __m256i acc1 = _mm256_setzero_si256 ();

      for (guint j = 0; j < padded_dim; j += 32)
        {
          __m256i c0 = _mm256_cvtepi8_epi16 (_mm_loadu_si128 ((const __m128i *) (c + j)));
          __m256i c1 = _mm256_cvtepi8_epi16 (_mm_loadu_si128 ((const __m128i *) (c + j + 16)));

          _mm_prefetch ((const char *) c + j + PREFETCH_BYTES, _MM_HINT_T0);
          acc0 = _mm256_add_epi32 (acc0, _mm256_madd_epi16 (c0, _mm256_loadu_si256 ((const __m256i *) (query + j))));
          acc1 = _mm256_add_epi32 (acc1, _mm256_madd_epi16 (c1, _mm256_loadu_si256 ((const __m256i *) (query + j + 16))));
        }
      out[i] = sum_avx2 (_mm256_add_epi32 (acc0, acc1));
    }
}

__attribute__ ((target ("avx2,avx512f,avx512bw,avx512vnni")))
static void
dot_block_avx512 (const gint8  *codes,
                  guint         n_rows,
                  guint         padded_dim,
                  const gint16 *query,
                  gint32       *out)
{
  for (guint i = 0; i < n_rows; i++)
    {
      const gint8 *c = codes + (gsize) i * padded_dim;
      __m512i acc0 = _mm512_setzero_si512 ();
      __m512i acc1 = _mm512_setzero_si512 ();

      for (guint j = 0; j < padded_dim; j += 64)
        {
          __m512i c0 = _mm512_cvtepi8_epi16 (_mm256_loadu_si256 ((const __m256i *) (c + j)));
          __m512i c1 = _mm512_cvtepi8_epi16 (_mm256_loadu_si256 ((const __m256i *) (c + j + 32)));

          _mm_prefetch ((const char *) c + j + PREFETCH_BYTES, _MM_HINT_T0);
          acc0 = _mm512_dpwssd_epi32 (acc0, c0, _mm512_loadu_si512 (query + j));
          acc1 = _mm512_dpwssd_epi32 (acc1, c1, _mm512_loadu_si512 (query + j + 32));
        }
      /* Masked extracts, not _mm512_reduce_add_epi32 or a cast: GCC 12
       * warns about the undefined register inside those. */
      acc0 = _mm512_add_epi32 (acc0, acc1);
      out[i] = sum_avx2 (_mm256_add_epi32 (_mm512_mask_extracti64x4_epi64 (_mm256_setzero_si256 (), 0xff, acc0, 0),
                                           _mm512_mask_extracti64x4_epi64 (_mm256_setzero_si256 (), 0xff, acc0, 1)));
    }
}
#endif

/* The fastest first pass this CPU runs; SIGHTLINE_MATCHER_KERNEL names a
 * slower one, so tests can check each of them on any machine. */
static void
choose_kernel (SlMatcher *self)
{
  const char *wanted = g_getenv ("SIGHTLINE_MATCHER_KERNEL");

  self->kernel = dot_block_portable;
  self->kernel_name = "portable";
  if (g_strcmp0 (wanted, "portable") == 0)
    return;
#ifdef SL_MATCHER_X86
  __builtin_cpu_init ();
  if (__builtin_cpu_supports ("avx2"))
    {
      self->kernel = dot_block_avx2;
      self->kernel_name = "avx2";
    }
  if (g_strcmp0 (wanted, "avx2") == 0)
    return;
  if (__builtin_cpu_supports ("avx512f") && __builtin_cpu_supports ("avx512bw") &&
      __builtin_cpu_supports ("avx512vnni"))
    {
      self->kernel = dot_block_avx512;
      self->kernel_name = "avx512-vnni";
    }
#endif
}

static void
chunk_free (gpointer data)
{
  Chunk *chunk = data;

  g_aligned_free (chunk->codes);
  g_free (chunk->scale);
  g_free (chunk->err);
  g_free (chunk->norm);
  g_free (chunk->subject);
  g_free (chunk->exact);
  g_free (chunk);
}

static gsize
chunk_row_bytes (SlMatcher *self)
{
  gsize bytes = self->padded_dim + 3 * sizeof (float) + sizeof (guint);

  if (self->flags & SL_MATCHER_KEEP_EXACT)
    bytes += self->dim * sizeof (float);
  return bytes;
}

/* A full chunk's codes go on huge pages where the system gives them: a
 * search streams through all of them, and 4 kB pages cost a TLB miss each. */
static gint8 *
alloc_codes (gsize bytes)
{
  gint8 *codes;

  if (bytes < HUGE_PAGE)
    return g_aligned_alloc (1, bytes, ROW_ALIGN);
  codes = g_aligned_alloc (1, bytes, HUGE_PAGE);
#ifdef MADV_HUGEPAGE
  madvise (codes, bytes, MADV_HUGEPAGE);
#endif
  return codes;
}

/* Grows the chunk to hold at least `want` rows (at most CHUNK_ROWS); small
 * galleries do not pay for a whole chunk. */
static void
chunk_reserve (SlMatcher *self,
               Chunk     *chunk,
               guint      want)
{
  guint capacity = MAX (chunk->capacity, 64);
  gint8 *codes;

  if (want <= chunk->capacity)
    return;
  while (capacity < want)
    capacity *= 2;
  capacity = MIN (capacity, CHUNK_ROWS);

  codes = alloc_codes ((gsize) capacity * self->padded_dim);
  if (chunk->n > 0)
    memcpy (codes, chunk->codes, (gsize) chunk->n * self->padded_dim);
  g_aligned_free (chunk->codes);
  chunk->codes = codes;
  chunk->scale = g_renew (float, chunk->scale, capacity);
  chunk->err = g_renew (float, chunk->err, capacity);
  chunk->norm = g_renew (float, chunk->norm, capacity);
  chunk->subject = g_renew (guint, chunk->subject, capacity);
  if (self->flags & SL_MATCHER_KEEP_EXACT)
    chunk->exact = g_renew (float, chunk->exact, (gsize) capacity * self->dim);
  chunk->capacity = capacity;
}

/* Symmetric int8 with one scale per row; the error is measured against
 * the scale as stored, so an underflowing scale only widens the bound. */
static void
quantise_row (SlMatcher   *self,
              const float *row,
              Chunk       *chunk,
              guint        i)
{
  gint8 *codes = chunk->codes + (gsize) i * self->padded_dim;
  double max = 0, err2 = 0, norm2 = 0, inverse;
  float scale;

  for (guint j = 0; j < self->dim; j++)
    max = MAX (max, fabs ((double) row[j]));
  scale = (float) (max / 127.0);
  inverse = scale > 0 ? 1.0 / scale : 0;
  for (guint j = 0; j < self->dim; j++)
    {
      double code = round_half_even (CLAMP (row[j] * inverse, -127.0, 127.0));
      double back;

      codes[j] = (gint8) code;
      back = (double) scale * code;
      err2 += (row[j] - back) * (row[j] - back);
      norm2 += back * back;
    }
  memset (codes + self->dim, 0, self->padded_dim - self->dim);
  chunk->scale[i] = scale;
  chunk->err[i] = round_up_float (sqrt (err2));
  chunk->norm[i] = round_up_float (sqrt (norm2));
}

static void
mark_subject (SlMatcher *self,
              guint      subject)
{
  gsize byte = subject / 8;
  guint8 bit = (guint8) (1u << (subject % 8));

  if (byte >= self->seen_bytes)
    {
      gsize bytes = MAX (self->seen_bytes * 2, byte + 1);

      self->seen = g_realloc (self->seen, bytes);
      memset (self->seen + self->seen_bytes, 0, bytes - self->seen_bytes);
      self->seen_bytes = bytes;
    }
  if (!(self->seen[byte] & bit))
    {
      self->seen[byte] |= bit;
      self->n_subjects++;
    }
}

static Query *
query_new (SlMatcher   *self,
           const float *probe)
{
  Query *query = g_new0 (Query, 1);
  /* Keeps the integer dot product of a whole row inside int32. */
  double limit = MIN (32767.0, floor ((double) G_MAXINT32 / (127.0 * self->padded_dim)));
  double max = 0, norm2 = 0, err2 = 0;

  query->q = g_aligned_alloc0 (self->padded_dim, sizeof (gint16), ROW_ALIGN);
  for (guint j = 0; j < self->dim; j++)
    max = MAX (max, fabs ((double) probe[j]));
  query->scale = max > 0 ? max / limit : 0;
  for (guint j = 0; j < self->dim; j++)
    {
      double code = 0, back;

      if (query->scale > 0)
        code = round_half_even (CLAMP (probe[j] / query->scale, -limit, limit));
      query->q[j] = (gint16) code;
      back = query->scale * code;
      err2 += (probe[j] - back) * (probe[j] - back);
      norm2 += (double) probe[j] * probe[j];
    }
  query->norm = sqrt (norm2) * (1.0 + 1e-12);
  query->err = sqrt (err2) * (1.0 + 1e-12);
  return query;
}

static void
query_free (Query *query)
{
  g_aligned_free (query->q);
  g_free (query);
}

static void
heap_init (Heap  *heap,
           guint  capacity)
{
  heap->capacity = capacity;
  heap->n = 0;
  /* A search "above a threshold" may allow very many results. */
  heap->allocated = MIN (capacity, 1024);
  heap->lb = g_new (double, heap->allocated);
  heap->subject = g_new (guint, heap->allocated);
  heap->slot_of = g_hash_table_new (NULL, NULL);
}

static void
heap_clear (Heap *heap)
{
  g_clear_pointer (&heap->lb, g_free);
  g_clear_pointer (&heap->subject, g_free);
  g_clear_pointer (&heap->slot_of, g_hash_table_unref);
}

static void
heap_place (Heap   *heap,
            guint   slot,
            double  lb,
            guint   subject)
{
  heap->lb[slot] = lb;
  heap->subject[slot] = subject;
  g_hash_table_insert (heap->slot_of, GUINT_TO_POINTER (subject + 1), GUINT_TO_POINTER (slot + 1));
}

static void
heap_sift_up (Heap  *heap,
              guint  slot)
{
  double lb = heap->lb[slot];
  guint subject = heap->subject[slot];

  while (slot > 0 && heap->lb[(slot - 1) / 2] > lb)
    {
      guint parent = (slot - 1) / 2;

      heap_place (heap, slot, heap->lb[parent], heap->subject[parent]);
      slot = parent;
    }
  heap_place (heap, slot, lb, subject);
}

static void
heap_sift_down (Heap  *heap,
                guint  slot)
{
  double lb = heap->lb[slot];
  guint subject = heap->subject[slot];

  for (;;)
    {
      guint child = 2 * slot + 1;

      if (child >= heap->n)
        break;
      if (child + 1 < heap->n && heap->lb[child + 1] < heap->lb[child])
        child++;
      if (heap->lb[child] >= lb)
        break;
      heap_place (heap, slot, heap->lb[child], heap->subject[child]);
      slot = child;
    }
  heap_place (heap, slot, lb, subject);
}

/* The k-th best lower bound so far, once k subjects have one. */
static double
heap_floor (const Heap *heap)
{
  return heap->n == heap->capacity ? heap->lb[0] : -INFINITY;
}

static void
heap_offer (Heap   *heap,
            guint   subject,
            double  lb)
{
  guint slot = GPOINTER_TO_UINT (g_hash_table_lookup (heap->slot_of, GUINT_TO_POINTER (subject + 1)));

  if (slot > 0)
    {
      if (lb > heap->lb[slot - 1])
        {
          heap->lb[slot - 1] = lb;
          heap_sift_down (heap, slot - 1);
        }
      return;
    }
  if (heap->n < heap->capacity)
    {
      if (heap->n == heap->allocated)
        {
          heap->allocated = (guint) MIN ((guint64) heap->capacity, (guint64) heap->allocated * 2);
          heap->lb = g_renew (double, heap->lb, heap->allocated);
          heap->subject = g_renew (guint, heap->subject, heap->allocated);
        }
      heap->lb[heap->n] = lb;
      heap->subject[heap->n] = subject;
      heap_sift_up (heap, heap->n++);
      return;
    }
  if (lb > heap->lb[0])
    {
      g_hash_table_remove (heap->slot_of, GUINT_TO_POINTER (heap->subject[0] + 1));
      heap->lb[0] = lb;
      heap->subject[0] = subject;
      heap_sift_down (heap, 0);
    }
}

static void
scan_chunk (Part        *part,
            const Chunk *chunk,
            guint        first_row)
{
  Job *job = part->job;
  SlMatcher *self = job->self;
  const double qscale = job->query->scale;
  gint32 dots[BLOCK_ROWS];

  for (guint b0 = 0; b0 < chunk->n; b0 += BLOCK_ROWS)
    {
      guint nb = MIN (BLOCK_ROWS, chunk->n - b0);

      self->kernel (chunk->codes + (gsize) b0 * self->padded_dim, nb, self->padded_dim,
                    job->query->q, dots);
      for (guint i = 0; i < nb; i++)
        {
          guint r = b0 + i;
          double approx = qscale * chunk->scale[r] * dots[i];
          double bound = job->coef_err * chunk->err[r] + job->coef_norm * chunk->norm[r] + BOUND_ABSOLUTE;
          Candidate c = { first_row + r, approx + bound };
          double lb;

          if (c.ub < part->level)
            continue;
          g_array_append_val (part->candidates, c);
          lb = approx - bound;
          if (lb > heap_floor (&part->heap))
            {
              heap_offer (&part->heap, chunk->subject[r], lb);
              part->level = MAX (job->threshold, heap_floor (&part->heap));
            }
        }
    }
  part->scanned += chunk->n;
}

/* Threads take chunks in turn rather than fixed halves, so a core busy with
 * something else slows a search down without stalling it. */
static void
scan_part (Part *part)
{
  Job *job = part->job;
  GPtrArray *chunks = job->self->chunks;
  guint i;

  while ((i = (guint) g_atomic_int_add (&job->next_chunk, 1)) < chunks->len)
    scan_chunk (part, g_ptr_array_index (chunks, i), i * CHUNK_ROWS);
}

static const float *
local_exact_row (SlMatcher *self,
                 guint      row)
{
  if (self->exact_rows != NULL)
    {
      gsize size;
      const float *data = g_bytes_get_data (self->exact_rows, &size);

      if (((gsize) row + 1) * self->dim * sizeof (float) > size)
        return NULL;
      return data + (gsize) row * self->dim;
    }
  if (self->flags & SL_MATCHER_KEEP_EXACT)
    {
      const Chunk *chunk = g_ptr_array_index (self->chunks, row / CHUNK_ROWS);

      return chunk->exact + (gsize) (row % CHUNK_ROWS) * self->dim;
    }
  return NULL;
}

static guint
chunk_subject (SlMatcher *self,
               guint      row)
{
  const Chunk *chunk = g_ptr_array_index (self->chunks, row / CHUNK_ROWS);

  return chunk->subject[row % CHUNK_ROWS];
}

static int
compare_candidates (gconstpointer a,
                    gconstpointer b)
{
  const Candidate *ca = a, *cb = b;

  return (ca->row > cb->row) - (ca->row < cb->row);
}

static int
compare_doubles_desc (gconstpointer a,
                      gconstpointer b)
{
  double da = *(const double *) a, db = *(const double *) b;

  return (da < db) - (da > db);
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

/* The rows that can still matter, ascending: each row's ub must reach both
 * the k-th best subject lower bound and its own subject's. */
static GArray *
select_candidates (SlMatcher *self,
                   Part      *parts,
                   guint      n_parts,
                   guint      top_k,
                   double     threshold)
{
  g_autoptr(GHashTable) subject_lb = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  g_autoptr(GArray) lbs = g_array_new (FALSE, FALSE, sizeof (double));
  GArray *rows = g_array_new (FALSE, FALSE, sizeof (Candidate));
  GHashTableIter iter;
  gpointer value;
  double level = threshold;

  for (guint p = 0; p < n_parts; p++)
    for (guint s = 0; s < parts[p].heap.n; s++)
      {
        gpointer key = GUINT_TO_POINTER (parts[p].heap.subject[s] + 1);
        double *lb = g_hash_table_lookup (subject_lb, key);

        if (lb == NULL)
          {
            lb = g_new (double, 1);
            *lb = -INFINITY;
            g_hash_table_insert (subject_lb, key, lb);
          }
        *lb = MAX (*lb, parts[p].heap.lb[s]);
      }
  g_hash_table_iter_init (&iter, subject_lb);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_array_append_val (lbs, *(double *) value);
  if (lbs->len >= top_k)
    {
      g_array_sort (lbs, compare_doubles_desc);
      level = MAX (level, g_array_index (lbs, double, top_k - 1));
    }

  for (guint p = 0; p < n_parts; p++)
    for (guint i = 0; i < parts[p].candidates->len; i++)
      {
        const Candidate *c = &g_array_index (parts[p].candidates, Candidate, i);
        const double *own = g_hash_table_lookup (subject_lb, GUINT_TO_POINTER (chunk_subject (self, c->row) + 1));

        if (c->ub >= level && (own == NULL || c->ub >= *own))
          g_array_append_vals (rows, c, 1);
      }
  g_array_sort (rows, compare_candidates);
  return rows;
}

static gboolean
rescore (SlMatcher         *self,
         const float       *probe,
         GArray            *candidates,
         GHashTable        *best,
         GArray            *matches,
         GError           **error)
{
  g_autofree float *buffer = NULL;
  g_autofree guint *rows = NULL;

  if (self->fetch == NULL && self->exact_rows == NULL && !(self->flags & SL_MATCHER_KEEP_EXACT) &&
      candidates->len > 0)
    {
      g_set_error_literal (error, SL_MATCHER_ERROR, SL_MATCHER_ERROR_SOURCE,
                           _("The gallery's exact embeddings are not available to rank the candidates"));
      return FALSE;
    }
  if (self->fetch != NULL)
    {
      buffer = g_new (float, (gsize) FETCH_ROWS * self->dim);
      rows = g_new (guint, FETCH_ROWS);
    }

  for (guint start = 0; start < candidates->len; start += FETCH_ROWS)
    {
      guint n = MIN (FETCH_ROWS, candidates->len - start);

      if (self->fetch != NULL)
        {
          for (guint i = 0; i < n; i++)
            rows[i] = g_array_index (candidates, Candidate, start + i).row;
          if (!self->fetch (rows, n, buffer, self->fetch_data, error))
            return FALSE;
        }
      for (guint i = 0; i < n; i++)
        {
          guint row = g_array_index (candidates, Candidate, start + i).row;
          guint subject = chunk_subject (self, row);
          const float *exact = buffer != NULL ? buffer + (gsize) i * self->dim : local_exact_row (self, row);
          SlMatch m;
          gpointer slot;

          if (exact == NULL)
            {
              g_set_error (error, SL_MATCHER_ERROR, SL_MATCHER_ERROR_SOURCE,
                           _("The gallery's exact embeddings end before row %u"), row);
              return FALSE;
            }
          m.subject = subject;
          m.row = row;
          m.score = sl_matcher_exact_score (probe, exact, self->dim);
          /* Rows come in ascending order: on a tie the lower row stays. */
          slot = g_hash_table_lookup (best, GUINT_TO_POINTER (subject + 1));
          if (slot == NULL)
            {
              g_array_append_val (matches, m);
              g_hash_table_insert (best, GUINT_TO_POINTER (subject + 1), GUINT_TO_POINTER (matches->len));
            }
          else if (m.score > g_array_index (matches, SlMatch, GPOINTER_TO_UINT (slot) - 1).score)
            g_array_index (matches, SlMatch, GPOINTER_TO_UINT (slot) - 1) = m;
        }
    }
  return TRUE;
}

/* callbacks */

static void
on_pool_part (gpointer data,
              gpointer user_data)
{
  Part *part = data;
  Job *job = part->job;

  scan_part (part);
  g_mutex_lock (&job->mutex);
  if (--job->pending == 0)
    g_cond_signal (&job->cond);
  g_mutex_unlock (&job->mutex);
}

/* public API */

SlMatcher *
sl_matcher_new (guint          dim,
                SlMatcherFlags flags,
                guint          n_threads)
{
  SlMatcher *self;

  g_return_val_if_fail (dim > 0, NULL);

  self = g_new0 (SlMatcher, 1);
  g_atomic_ref_count_init (&self->ref_count);
  g_rw_lock_init (&self->lock);
  self->dim = dim;
  self->padded_dim = (dim + ROW_ALIGN - 1) / ROW_ALIGN * ROW_ALIGN;
  self->flags = flags;
  self->n_threads = n_threads > 0 ? n_threads : MAX (1u, g_get_num_processors ());
  self->chunks = g_ptr_array_new_with_free_func (chunk_free);
  choose_kernel (self);
  /* Exclusive threads stay for the matcher's life: a search only wakes
   * them. When they cannot be had, the searching thread does it all. */
  if (self->n_threads > 1)
    {
      self->pool = g_thread_pool_new (on_pool_part, NULL, (int) self->n_threads - 1, TRUE, NULL);
      if (self->pool == NULL)
        self->n_threads = 1;
    }
  return self;
}

SlMatcher *
sl_matcher_ref (SlMatcher *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
sl_matcher_unref (SlMatcher *self)
{
  g_return_if_fail (self != NULL);
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  if (self->pool != NULL)
    g_thread_pool_free (self->pool, FALSE, TRUE);
  if (self->fetch_destroy != NULL)
    self->fetch_destroy (self->fetch_data);
  g_clear_pointer (&self->exact_rows, g_bytes_unref);
  g_clear_pointer (&self->chunks, g_ptr_array_unref);
  g_clear_pointer (&self->seen, g_free);
  g_rw_lock_clear (&self->lock);
  g_free (self);
}

gboolean
sl_matcher_append (SlMatcher    *self,
                   const float  *rows,
                   const guint  *subjects,
                   guint         n_rows,
                   GError      **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (rows != NULL || n_rows == 0, FALSE);
  g_return_val_if_fail (subjects != NULL || n_rows == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (guint i = 0; i < n_rows; i++)
    if (!all_finite (rows + (gsize) i * self->dim, self->dim))
      {
        g_set_error (error, SL_MATCHER_ERROR, SL_MATCHER_ERROR_INVALID,
                     _("Embedding %u of the batch has a component that is not a finite number"), i);
        return FALSE;
      }
  if (G_MAXUINT - self->n_rows < n_rows)
    {
      g_set_error_literal (error, SL_MATCHER_ERROR, SL_MATCHER_ERROR_INVALID,
                           _("The gallery would have more embeddings than the matcher can number"));
      return FALSE;
    }

  g_rw_lock_writer_lock (&self->lock);
  for (guint done = 0; done < n_rows;)
    {
      Chunk *chunk = self->chunks->len > 0 ? g_ptr_array_index (self->chunks, self->chunks->len - 1) : NULL;
      guint n;

      if (chunk == NULL || chunk->n == CHUNK_ROWS)
        {
          chunk = g_new0 (Chunk, 1);
          g_ptr_array_add (self->chunks, chunk);
        }
      n = MIN (n_rows - done, CHUNK_ROWS - chunk->n);
      chunk_reserve (self, chunk, chunk->n + n);
      for (guint i = 0; i < n; i++)
        {
          const float *row = rows + (gsize) (done + i) * self->dim;

          quantise_row (self, row, chunk, chunk->n);
          chunk->subject[chunk->n] = subjects[done + i];
          if (self->flags & SL_MATCHER_KEEP_EXACT)
            memcpy (chunk->exact + (gsize) chunk->n * self->dim, row, self->dim * sizeof (float));
          mark_subject (self, subjects[done + i]);
          chunk->n++;
        }
      done += n;
      self->n_rows += n;
    }
  g_rw_lock_writer_unlock (&self->lock);
  return TRUE;
}

void
sl_matcher_set_fetch_func (SlMatcher          *self,
                           SlMatcherFetchFunc  fetch,
                           gpointer            user_data,
                           GDestroyNotify      destroy)
{
  g_return_if_fail (self != NULL);

  g_rw_lock_writer_lock (&self->lock);
  if (self->fetch_destroy != NULL)
    self->fetch_destroy (self->fetch_data);
  self->fetch = fetch;
  self->fetch_data = user_data;
  self->fetch_destroy = destroy;
  g_rw_lock_writer_unlock (&self->lock);
}

void
sl_matcher_set_exact_rows (SlMatcher *self,
                           GBytes    *rows)
{
  g_return_if_fail (self != NULL);

  g_rw_lock_writer_lock (&self->lock);
  g_clear_pointer (&self->exact_rows, g_bytes_unref);
  if (rows != NULL)
    self->exact_rows = g_bytes_ref (rows);
  g_rw_lock_writer_unlock (&self->lock);
}

guint
sl_matcher_get_dim (SlMatcher *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->dim;
}

guint
sl_matcher_get_n_rows (SlMatcher *self)
{
  guint n;

  g_return_val_if_fail (self != NULL, 0);
  g_rw_lock_reader_lock (&self->lock);
  n = self->n_rows;
  g_rw_lock_reader_unlock (&self->lock);
  return n;
}

guint
sl_matcher_get_n_subjects (SlMatcher *self)
{
  guint n;

  g_return_val_if_fail (self != NULL, 0);
  g_rw_lock_reader_lock (&self->lock);
  n = self->n_subjects;
  g_rw_lock_reader_unlock (&self->lock);
  return n;
}

guint
sl_matcher_get_n_threads (SlMatcher *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_threads;
}

gsize
sl_matcher_get_memory_size (SlMatcher *self)
{
  gsize bytes;

  g_return_val_if_fail (self != NULL, 0);
  g_rw_lock_reader_lock (&self->lock);
  bytes = sizeof *self + self->seen_bytes + self->chunks->len * (sizeof (Chunk) + sizeof (gpointer));
  for (guint i = 0; i < self->chunks->len; i++)
    bytes += (gsize) ((Chunk *) g_ptr_array_index (self->chunks, i))->capacity * chunk_row_bytes (self);
  g_rw_lock_reader_unlock (&self->lock);
  return bytes;
}

const char *
sl_matcher_get_kernel (SlMatcher *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->kernel_name;
}

GArray *
sl_matcher_search (SlMatcher    *self,
                   const float  *probe,
                   guint         top_k,
                   GError      **error)
{
  return sl_matcher_search_full (self, probe, top_k, -INFINITY, NULL, error);
}

GArray *
sl_matcher_search_above (SlMatcher    *self,
                         const float  *probe,
                         float         threshold,
                         guint         max_results,
                         GError      **error)
{
  return sl_matcher_search_full (self, probe, max_results, threshold, NULL, error);
}

GArray *
sl_matcher_search_full (SlMatcher       *self,
                        const float     *probe,
                        guint            top_k,
                        float            threshold,
                        SlMatcherStats  *stats,
                        GError         **error)
{
  g_autoptr(GArray) matches = g_array_new (FALSE, FALSE, sizeof (SlMatch));
  g_autoptr(GArray) candidates = NULL;
  g_autoptr(GHashTable) best = NULL;
  g_autofree Part *parts = NULL;
  Query *query;
  Job job = { 0 };
  guint n_parts;
  gint64 t0, t1;
  gboolean ok;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (probe != NULL, NULL);
  g_return_val_if_fail (!isnan (threshold), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (stats != NULL)
    memset (stats, 0, sizeof *stats);
  if (!all_finite (probe, self->dim))
    {
      g_set_error_literal (error, SL_MATCHER_ERROR, SL_MATCHER_ERROR_INVALID,
                           _("The probe embedding has a component that is not a finite number"));
      return NULL;
    }
  if (top_k == 0)
    return g_steal_pointer (&matches);

  g_rw_lock_reader_lock (&self->lock);
  t0 = g_get_monotonic_time ();
  query = query_new (self, probe);
  job.self = self;
  job.query = query;
  job.threshold = threshold;
  job.coef_err = query->norm * (1.0 + BOUND_RELATIVE);
  job.coef_norm = query->err + query->norm * BOUND_RELATIVE;
  g_mutex_init (&job.mutex);
  g_cond_init (&job.cond);

  n_parts = MAX (1u, MIN (self->n_threads, self->chunks->len));
  parts = g_new0 (Part, n_parts);
  for (guint p = 0; p < n_parts; p++)
    {
      parts[p].job = &job;
      parts[p].level = threshold;
      parts[p].candidates = g_array_new (FALSE, FALSE, sizeof (Candidate));
      heap_init (&parts[p].heap, top_k);
    }
  job.pending = n_parts - 1;
  for (guint p = 1; p < n_parts; p++)
    if (!g_thread_pool_push (self->pool, &parts[p], NULL))
      on_pool_part (&parts[p], NULL);
  scan_part (&parts[0]);
  g_mutex_lock (&job.mutex);
  while (job.pending > 0)
    g_cond_wait (&job.cond, &job.mutex);
  g_mutex_unlock (&job.mutex);
  t1 = g_get_monotonic_time ();

  candidates = select_candidates (self, parts, n_parts, top_k, threshold);
  best = g_hash_table_new (NULL, NULL);
  ok = rescore (self, probe, candidates, best, matches, error);

  if (stats != NULL)
    {
      for (guint p = 0; p < n_parts; p++)
        stats->rows_scanned += parts[p].scanned;
      stats->rows_rescored = candidates->len;
      stats->scan_ms = (t1 - t0) / 1000.0;
      stats->rescore_ms = (g_get_monotonic_time () - t1) / 1000.0;
    }
  for (guint p = 0; p < n_parts; p++)
    {
      heap_clear (&parts[p].heap);
      g_array_unref (parts[p].candidates);
    }
  g_mutex_clear (&job.mutex);
  g_cond_clear (&job.cond);
  query_free (query);
  g_rw_lock_reader_unlock (&self->lock);
  if (!ok)
    return NULL;

  g_array_sort (matches, compare_matches);
  if (matches->len > top_k)
    g_array_set_size (matches, top_k);
  while (matches->len > 0 && g_array_index (matches, SlMatch, matches->len - 1).score < threshold)
    g_array_set_size (matches, matches->len - 1);
  return g_steal_pointer (&matches);
}

/* Each product of two floats is exact in double, so fused or not, and
 * whatever the vector width, every lane sums the same numbers in the same
 * order: the result is the same on every CPU. */
#ifdef SL_MATCHER_X86
__attribute__ ((target_clones ("avx512f", "avx2", "default")))
#endif
float
sl_matcher_exact_score (const float *a,
                        const float *b,
                        guint        dim)
{
  double acc[8] = { 0 };
  guint j = 0;

  for (; j + 8 <= dim; j += 8)
    for (guint l = 0; l < 8; l++)
      acc[l] += (double) a[j + l] * (double) b[j + l];
  for (; j < dim; j++)
    acc[j % 8] += (double) a[j] * (double) b[j];
  return (float) (((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7])));
}
