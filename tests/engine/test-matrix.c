/* test-matrix.c: a gallery's search matrix loaded from a real SQLite file:
 * a synthetic gallery of random unit vectors written straight into the
 * tables, loaded, and searched exactly (against brute force over the
 * stored rows). SIGHTLINE_TEST_MATRIX_SIZE=100000 measures the load-time target; the
 * time is printed on stderr as JSON.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/sl-gallery-matrix.h"
#include "core/sl-matcher.h"
#include "sl-test-search.h"

#define DEFAULT_SIZE 20000
#define PER_SUBJECT  2
#define TOP_K        50

static guint matrix_size = DEFAULT_SIZE;

/* helpers */

typedef struct
{
  gint64 subject;
  float  score;
} Hit;

static int
compare_hits (gconstpointer a,
              gconstpointer b)
{
  const Hit *x = a, *y = b;

  if (x->score != y->score)
    return x->score > y->score ? -1 : 1;
  return (x->subject > y->subject) - (x->subject < y->subject);
}

/* The exact top subjects, by brute force over every stored row. */
static GArray *
brute_force (const char  *db,
             const float *probe)
{
  g_autoptr(GHashTable) best = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
  GArray *out = g_array_new (FALSE, FALSE, sizeof (Hit));
  g_autoptr(GPtrArray) rows = sl_test_sql_rows (db, "SELECT subject_id, embedding FROM gallery_faces");
  GHashTableIter iter;
  gpointer value;
  float row[512];

  for (guint i = 0; i < rows->len; i++)
    {
      gint64 subject = sl_test_row_int (g_ptr_array_index (rows, i), 0);
      Hit *h = g_hash_table_lookup (best, &subject);
      gsize size;
      const void *data = sl_test_row_blob (g_ptr_array_index (rows, i), 1, &size);
      float score;

      ck_assert_uint_eq (size, sizeof row);
      memcpy (row, data, sizeof row);
      score = sl_matcher_exact_score (probe, row, 512);
      if (h == NULL)
        {
          h = g_new0 (Hit, 1);
          h->subject = subject;
          h->score = -INFINITY;
          g_hash_table_insert (best, &h->subject, h);
        }
      h->score = MAX (h->score, score);
    }
  g_hash_table_iter_init (&iter, best);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_array_append_val (out, *(Hit *) value);
  g_array_sort (out, compare_hits);
  return out;
}

/* tests */

START_TEST (test_load_and_search_exactly)
{
  g_autoptr(SlTestDb) db = sl_test_db_new (FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlGallery) g = sl_engine_gallery_create (db->engine, db->admin, "synthetic", NULL, NULL, &error);
  g_autoptr(SlStore) store = NULL;
  g_autoptr(SlGalleryMatrix) matrix = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  double write_s, search_ms = 0;

  ck_assert_msg (g != NULL, "%s", error ? error->message : "");
  write_s = sl_test_write_synthetic (db->db, g->id, matrix_size, PER_SUBJECT, 42);
  store = sl_store_open (db->db, &error);
  matrix = sl_gallery_matrix_load (store, g->id, 0, NULL, &error);
  ck_assert_msg (matrix != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (sl_gallery_matrix_get_n_faces (matrix), matrix_size);
  ck_assert_uint_eq (sl_gallery_matrix_get_n_subjects (matrix), matrix_size / PER_SUBJECT);
  ck_assert_int_eq (sl_gallery_matrix_get_generation (matrix), 1);

  for (guint q = 0; q < 3; q++)
    {
      g_autoptr(GArray) hits = NULL;
      g_autoptr(GArray) truth = NULL;
      float probe[512];
      double norm = 0;
      gint64 t0;

      for (guint k = 0; k < 512; k++)
        {
          probe[k] = (float) g_rand_double_range (rand, -1, 1);
          norm += (double) probe[k] * probe[k];
        }
      for (guint k = 0; k < 512; k++)
        probe[k] = (float) (probe[k] / sqrt (norm));
      t0 = g_get_monotonic_time ();
      hits = sl_gallery_matrix_search (matrix, probe, TOP_K, -INFINITY, &error);
      search_ms += (g_get_monotonic_time () - t0) / 1000.0;
      ck_assert_msg (hits != NULL, "%s", error ? error->message : "");
      truth = brute_force (db->db, probe);
      ck_assert_uint_eq (hits->len, TOP_K);
      for (guint i = 0; i < TOP_K; i++)
        {
          ck_assert_int_eq (g_array_index (hits, SlGalleryHit, i).subject_id, g_array_index (truth, Hit, i).subject);
          ck_assert_float_eq (g_array_index (hits, SlGalleryHit, i).score, g_array_index (truth, Hit, i).score);
        }
    }
  fprintf (stderr, "{\"faces\":%u,\"subjects\":%u,\"write_s\":%.3f,\"load_s\":%.3f,\"search_ms_mean\":%.2f}\n",
           matrix_size, matrix_size / PER_SUBJECT, write_s, sl_gallery_matrix_get_load_s (matrix), search_ms / 3);
}
END_TEST

static Suite *
matrix_suite (void)
{
  Suite *s = suite_create ("matrix");
  TCase *tc = tcase_create ("matrix");

  tcase_set_timeout (tc, 600);
  tcase_add_test (tc, test_load_and_search_exactly);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  const char *size = g_getenv ("SIGHTLINE_TEST_MATRIX_SIZE");

  if (size != NULL && atoi (size) >= PER_SUBJECT)
    matrix_size = (guint) atoi (size) / PER_SUBJECT * PER_SUBJECT;
  return sl_test_run_suite (matrix_suite ());
}
