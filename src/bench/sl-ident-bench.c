/* sl-ident-bench.c: open-set identification measured the way NIST's FRVT
 * 1:N reports it: rank-1 identification rate of mated searches, and the
 * false-negative identification rate (FNIR) at the threshold where 1 % of
 * non-mated searches return a candidate (FPIR).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-ident-bench"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "core/sl-files.h"
#include "core/sl-matcher.h"
#include "bench/sl-ident-bench.h"

#define FPIR_TARGET 0.01
/* Ranks looked at for the rank-5 rate. */
#define TOP_K 5

typedef struct
{
  char      *name;
  GPtrArray *images;      /* paths */
  guint      first;       /* index of its first image in the batch */
} Identity;

/* helpers */

static void
identity_free (Identity *id)
{
  g_free (id->name);
  g_ptr_array_unref (id->images);
  g_free (id);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static int
compare_desc (gconstpointer a,
              gconstpointer b)
{
  float x = *(const float *) a, y = *(const float *) b;
  return (x < y) - (x > y);
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static GPtrArray *
read_identities (const char  *dir,
                 guint        max_identities,
                 GError     **error)
{
  g_autoptr(GPtrArray) names = sl_dir_list_sorted (dir, error);
  g_autoptr(GPtrArray) identities = g_ptr_array_new_with_free_func ((GDestroyNotify) identity_free);

  if (names == NULL)
    return NULL;

  for (guint i = 0; i < names->len && (max_identities == 0 || identities->len < max_identities); i++)
    {
      g_autofree char *sub = g_build_filename (dir, g_ptr_array_index (names, i), NULL);
      g_autoptr(GDir) sd = NULL;
      Identity *id;
      const char *file;

      if (!g_file_test (sub, G_FILE_TEST_IS_DIR) || !(sd = g_dir_open (sub, 0, NULL)))
        continue;
      id = g_new0 (Identity, 1);
      id->name = g_strdup (g_ptr_array_index (names, i));
      id->images = g_ptr_array_new_with_free_func (g_free);
      while ((file = g_dir_read_name (sd)) != NULL)
        if (file[0] != '.')
          g_ptr_array_add (id->images, g_build_filename (sub, file, NULL));
      g_ptr_array_sort (id->images, compare_names);
      if (id->images->len == 0)
        identity_free (id);
      else
        g_ptr_array_add (identities, id);
    }
  if (identities->len == 0)
    {
      g_autofree char *display = g_filename_display_name (dir);
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                   _("No identity folders with images in '%s' (expected NAME/NAME_NNNN.jpg)"), display);
      return NULL;
    }
  return g_steal_pointer (&identities);
}

/* public API */

gboolean
sl_ident_bench (SlFaceAnalyser      *analyser,
                const char          *images_dir,
                guint                max_identities,
                guint                n_threads,
                SlProgressFunc       progress,
                gpointer             user_data,
                GCancellable        *cancellable,
                SlIdentBenchResult  *r,
                GError             **error)
{
  g_autoptr(GPtrArray) identities = NULL;
  g_autoptr(GPtrArray) paths = g_ptr_array_new ();
  g_autoptr(SlFaceBatch) batch = NULL;
  g_autoptr(SlMatcher) matcher = NULL;
  g_autoptr(GArray) enrolled_row = g_array_new (FALSE, FALSE, sizeof (int));   /* per identity: batch row or -1 */
  g_autoptr(GArray) nonmated = g_array_new (FALSE, FALSE, sizeof (float));
  g_autoptr(GArray) mated_top = g_array_new (FALSE, FALSE, sizeof (float));    /* top score when the mate is first, else -inf */
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  guint n_multi = 0, rank1 = 0, rank5 = 0, gallery = 0;
  gint64 start = g_get_monotonic_time ();
  guint allowed;

  memset (r, 0, sizeof *r);
  if (!(identities = read_identities (images_dir, max_identities, error)))
    return FALSE;
  for (guint i = 0; i < identities->len; i++)
    {
      Identity *id = g_ptr_array_index (identities, i);

      id->first = paths->len;
      for (guint j = 0; j < id->images->len; j++)
        g_ptr_array_add (paths, g_ptr_array_index (id->images, j));
    }
  r->identities = identities->len;
  r->images = paths->len;

  if (!(batch = sl_face_batch_run (analyser, paths, SL_FACE_PICK_CENTRAL, n_threads, progress, user_data,
                                   cancellable, error)))
    return FALSE;
  r->no_face = batch->no_face;
  r->threads = batch->threads;
  r->faces_per_second = batch->wall_s > 0 ? batch->n / batch->wall_s : 0;

  /* Enrolled: every other identity of two or more images, by its first
   * image with a face. */
  matcher = sl_matcher_new (batch->dim, SL_MATCHER_KEEP_EXACT, 0);
  for (guint i = 0; i < identities->len; i++)
    {
      Identity *id = g_ptr_array_index (identities, i);
      int row = -1;

      if (id->images->len >= 2 && n_multi++ % 2 == 0)
        for (guint j = 0; j < id->images->len && row < 0; j++)
          if (sl_face_batch_row (batch, id->first + j) != NULL)
            {
              guint subject = i;

              row = (int) (id->first + j);
              if (!sl_matcher_append (matcher, sl_face_batch_row (batch, (guint) row), &subject, 1, error))
                return FALSE;
              gallery++;
            }
      g_array_append_val (enrolled_row, row);
    }
  r->gallery_size = gallery;

  for (guint i = 0; i < identities->len; i++)
    {
      Identity *id = g_ptr_array_index (identities, i);
      int enrolled = g_array_index (enrolled_row, int, i);
      gboolean in_gallery = id->images->len >= 2 && enrolled >= 0;

      /* An identity meant for the gallery whose images show no face is
       * not in it: its images are non-mated searches that find nothing. */
      for (guint j = 0; j < id->images->len; j++)
        {
          guint row = id->first + j;
          const float *probe = sl_face_batch_row (batch, row);
          g_autoptr(GArray) matches = NULL;
          float top = -INFINITY;
          gboolean mate_first = FALSE;
          gint64 t0;

          if (in_gallery && (int) row == enrolled)
            continue;
          if (probe != NULL)
            {
              t0 = g_get_monotonic_time ();
              if (!(matches = sl_matcher_search (matcher, probe, TOP_K, error)))
                return FALSE;
              {
                double ms = (g_get_monotonic_time () - t0) / 1000.0;
                g_array_append_val (times, ms);
              }
              if (matches->len > 0)
                {
                  top = g_array_index (matches, SlMatch, 0).score;
                  mate_first = g_array_index (matches, SlMatch, 0).subject == i;
                }
              for (guint m = 0; in_gallery && m < matches->len; m++)
                if (g_array_index (matches, SlMatch, m).subject == i)
                  rank5++;
            }
          if (in_gallery)
            {
              float mated = mate_first ? top : -INFINITY;

              rank1 += mate_first;
              g_array_append_val (mated_top, mated);
            }
          else
            g_array_append_val (nonmated, top);
        }
    }
  r->mated_probes = mated_top->len;
  r->nonmated_probes = nonmated->len;
  r->rank1 = mated_top->len > 0 ? (double) rank1 / mated_top->len : 0;
  r->rank5 = mated_top->len > 0 ? (double) rank5 / mated_top->len : 0;

  /* The threshold: just above the non-mated top score that would make the
   * FPIR exceed the target. */
  r->fpir_target = FPIR_TARGET;
  g_array_sort (nonmated, compare_desc);
  allowed = (guint) floor (FPIR_TARGET * nonmated->len);
  if (nonmated->len == 0)
    r->threshold = -1;
  else if (allowed >= nonmated->len)
    r->threshold = g_array_index (nonmated, float, nonmated->len - 1);
  else
    r->threshold = nextafterf (g_array_index (nonmated, float, allowed), INFINITY);
  {
    guint false_pos = 0, misses = 0;

    for (guint i = 0; i < nonmated->len; i++)
      false_pos += g_array_index (nonmated, float, i) >= r->threshold;
    for (guint i = 0; i < mated_top->len; i++)
      misses += !(g_array_index (mated_top, float, i) >= r->threshold);
    r->fpir = nonmated->len > 0 ? (double) false_pos / nonmated->len : 0;
    r->fnir = mated_top->len > 0 ? (double) misses / mated_top->len : 0;
  }
  if (times->len > 0)
    {
      g_array_sort (times, compare_double);
      r->search_ms_median = g_array_index (times, double, times->len / 2);
    }
  r->wall_s = (g_get_monotonic_time () - start) / 1e6;
  return TRUE;
}
