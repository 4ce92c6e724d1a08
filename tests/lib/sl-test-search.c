/* sl-test-search.c: galleries, probes and searches for the engine tests
 * (see sl-test-search.h).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include <math.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "core/sl-store-private.h"
#include "sl-test-search.h"

/* public API */

SlEnrolSummary *
sl_test_enrol_dir (SlTestDb   *db,
                   const char *gallery,
                   const char *dir)
{
  return sl_test_enrol (db->engine, db->admin, gallery, NULL, dir);
}

SlEnrolSummary *
sl_test_enrol_lfw (SlTestDb  *db,
                   GPtrArray *ids,
                   guint      images)
{
  g_autofree char *root = g_build_filename (db->dir, "gallery", NULL);
  g_autofree char *dir = sl_test_lfw_gallery_dir (root, ids, images);

  return sl_test_enrol_dir (db, "county", dir);
}

gint64
sl_test_db_probe_face (SlTestDb   *db,
                       const char *case_number,
                       const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlCase) c = NULL;

  {
    g_autoptr(SlStore) store = sl_store_open (db->db, NULL);
    c = sl_case_lookup (store, case_number, NULL);
  }
  if (c == NULL)
    {
      g_autoptr(SlCase) made = sl_engine_case_open (db->engine, db->investigator, case_number, "Test case", &error);
      ck_assert_msg (made != NULL, "%s", error ? error->message : "");
    }
  return sl_test_probe_face (db->engine, db->investigator, case_number, path);
}

void
sl_test_request_init (SlSearchRequest *r,
                      const char      *case_number,
                      gint64           face_id,
                      const char      *gallery)
{
  memset (r, 0, sizeof *r);
  r->case_number = case_number;
  r->face_id = face_id;
  r->gallery = gallery;
  r->offense = "ROBBERY";
  r->legal_basis = "Warrant 2024/117 of the district court";
  r->purpose = "suspect";
  r->facts = SL_TEST_FACTS;
}

SlSearchResult *
sl_test_search_shown (SlTestDb   *db,
                      const char *case_number,
                      gint64      face_id,
                      guint       top_k,
                      const char *facts)
{
  return sl_test_search_shown_by (db, db->investigator, case_number, face_id, top_k, facts);
}

SlSearchResult *
sl_test_search_shown_by (SlTestDb   *db,
                         SlSession  *who,
                         const char *case_number,
                         gint64      face_id,
                         guint       top_k,
                         const char *facts)
{
  g_autoptr(GError) error = NULL;
  SlSearchRequest req;
  SlSearchResult *r;

  sl_test_request_init (&req, case_number, face_id, "county");
  req.show_below_threshold = TRUE;
  req.top_k = top_k;
  if (facts != NULL)
    req.facts = facts;
  r = sl_engine_search (db->engine, who, &req, NULL, &error);
  ck_assert_msg (r != NULL, "%s", error ? error->message : "");
  return r;
}

gint64
sl_test_count (SlTestDb   *db,
               const char *sql_format,
               ...)
{
  g_autofree char *sql = NULL;
  va_list args;

  va_start (args, sql_format);
  sql = g_strdup_vprintf (sql_format, args);
  va_end (args);
  return sl_test_sql_int (db->db, sql);
}

void
sl_test_assert_intact (SlTestDb *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlStore) store = sl_store_open (db->db, &error);
  g_autoptr(GBytes) key = db->key != NULL ? sl_audit_key_load (db->key, NULL) : NULL;
  SlAuditVerifyResult r;

  ck_assert_msg (store != NULL, "%s", error ? error->message : "");
  ck_assert (sl_audit_verify (store, key, 0, NULL, NULL, NULL, NULL, &r, &error));
  ck_assert_msg (r.problem == SL_AUDIT_INTACT, "%s", r.message);
  sl_audit_verify_result_clear (&r);
}

/* A unit vector uniform on the sphere: Gaussian components (Box-Muller),
 * normalised. */
static void
random_unit (GRand *rand,
             float *v)
{
  double norm = 0;

  for (guint k = 0; k < 512; k += 2)
    {
      double u = g_rand_double_range (rand, 1e-12, 1.0), t = g_rand_double (rand) * 2 * G_PI;
      v[k] = (float) (sqrt (-2 * log (u)) * cos (t));
      v[k + 1] = (float) (sqrt (-2 * log (u)) * sin (t));
    }
  for (guint k = 0; k < 512; k++)
    norm += (double) v[k] * v[k];
  for (guint k = 0; k < 512; k++)
    v[k] = (float) (v[k] / sqrt (norm));
}

double
sl_test_write_synthetic (const char *db,
                         gint64      gallery_id,
                         guint       n,
                         guint       per_subject,
                         guint32     seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlStore) store = NULL;
  SlStmt *subject, *face;
  gint64 start = g_get_monotonic_time (), subject_id = 0;
  float v[512];

  /* Through the store's own statement layer, so one text serves a file
   * and the test server (there as its owner). */
  store = sl_store_open (sl_test_db_owner (db) != NULL ? sl_test_db_owner (db) : db, &error);
  ck_assert_msg (store != NULL, "%s", error ? error->message : "");
  ck_assert_msg (sl_store_begin (store, &error), "%s", error->message);
  subject = sl_store_prepare (store, "INSERT INTO subjects (gallery_id, external_id, created_by, created_at) "
                                     "VALUES (?1, ?2, 1, '2024-01-01')", &error);
  ck_assert_msg (subject != NULL, "%s", error ? error->message : "");
  face = sl_store_prepare (store, "INSERT INTO gallery_faces (gallery_id, subject_id, image_sha256, "
                                  "image_path, image_path_raw, box_x, box_y, box_w, box_h, landmarks, "
                                  "detector_score, quality_band, quality, embedding, model_id, model_sha256, "
                                  "enrolled_by, enrolled_at) SELECT ?1, ?2, ?3, 'synthetic', ?5, 0, 0, 1, 1, "
                                  "'[]', 1, 'good', '{}', ?4, model_id, model_sha256, 1, '2024-01-01' "
                                  "FROM galleries WHERE id = ?1", &error);
  ck_assert_msg (face != NULL, "%s", error ? error->message : "");
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *sha = g_strdup_printf ("%056x%08x", i, seed);

      if (i % per_subject == 0)
        {
          g_autofree char *ext = g_strdup_printf ("SYN-%u-%07u", seed, i / per_subject);

          sl_stmt_bind_int64 (subject, 1, gallery_id);
          sl_bind_text (subject, 2, ext);
          ck_assert_msg (sl_store_exec_stmt (store, subject, &error, "subject"), "%s", error ? error->message : "");
          sl_stmt_release (subject);
          subject_id = sl_store_last_insert_id (store, &error);
          ck_assert_msg (subject_id > 0, "%s", error ? error->message : "");
        }
      random_unit (rand, v);
      sl_stmt_bind_int64 (face, 1, gallery_id);
      sl_stmt_bind_int64 (face, 2, subject_id);
      sl_bind_text (face, 3, sha);
      sl_stmt_bind_blob (face, 4, v, sizeof v);
      sl_stmt_bind_blob (face, 5, "", 0);
      ck_assert_msg (sl_store_exec_stmt (store, face, &error, "face"), "%s", error ? error->message : "");
      sl_stmt_release (face);
    }
  ck_assert_msg (sl_store_exec (store, "UPDATE galleries SET generation = generation + 1", &error) &&
                 sl_store_commit (store, &error), "%s", error ? error->message : "");
  return (g_get_monotonic_time () - start) / 1e6;
}

void
sl_test_sql_refused (SlTestDb   *db,
                     const char *sql)
{
  g_autofree char *error = sl_test_sql_error (db->db, sql);

  ck_assert_msg (error != NULL, "the schema let this through: %s", sql);
}
