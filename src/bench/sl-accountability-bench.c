/* sl-accountability-bench.c: a year of generated searches, candidates,
 * decisions and outcomes, written straight into the tables in one
 * transaction, for timing the accountability report on a realistic volume.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-accountability-bench"

#include "config.h"

#include <gio/gio.h>
#include <sqlite3.h>

#include "bench/sl-accountability-bench.h"

static const char *const offences[] = { "ROBBERY", "BURGLARY", "ASSAULT", "FRAUD", "HOMICIDE", "MISSING" };
static const char *const purposes[] = { "suspect", "victim", "witness", "missing-person", "deceased" };
static const char *const sexes[] = { "female", "male" };
static const char *const races[] = { "asian", "black", "white", "other" };
static const char *const outcome_kinds[] = { "excluded-by-investigation", "corroborated", "arrested", "charged",
                                             "no-action", "unknown" };

/* helpers */

static gboolean
fail (sqlite3     *handle,
      GError     **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot generate the benchmark's year: %s",
               sqlite3_errmsg (handle));
  return FALSE;
}

static gboolean
step (sqlite3      *handle,
      sqlite3_stmt *stmt,
      GError      **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return rc == SQLITE_DONE || fail (handle, error);
}

/* public API */

gboolean
sl_accountability_bench_generate (const char  *db,
                                  guint        searches,
                                  guint        subjects,
                                  guint32      seed,
                                  GError     **error)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autofree guint8 *embedding = g_malloc0 (512 * sizeof (float));
  sqlite3 *handle = NULL;
  sqlite3_stmt *subject = NULL, *face = NULL, *kase = NULL, *evidence = NULL, *probe = NULL, *search = NULL;
  sqlite3_stmt *candidate = NULL, *decision = NULL, *outcome = NULL;
  gboolean ok = FALSE;
  const char *sha = "0000000000000000000000000000000000000000000000000000000000000001";
  gint64 model_face = 0;

  if (sqlite3_open_v2 (db, &handle, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
    {
      fail (handle, error);
      sqlite3_close (handle);
      return FALSE;
    }
#define PREP(stmt, sql) \
  if (sqlite3_prepare_v2 (handle, sql, -1, &stmt, NULL) != SQLITE_OK) { fail (handle, error); goto out; }

  if (sqlite3_exec (handle, "BEGIN;"
                    "INSERT INTO galleries (id, name, model_id, model_sha256, dim, created_by, created_at) "
                    "  SELECT 1000, 'bench-year', model_id, model_sha256, 512, 1, '2025-01-01T00:00:00.000000Z' "
                    "  FROM (SELECT 'fr-feature' AS model_id, "
                    "  '0000000000000000000000000000000000000000000000000000000000000001' AS model_sha256);",
                    NULL, NULL, NULL) != SQLITE_OK)
    {
      fail (handle, error);
      goto out;
    }
  PREP (subject, "INSERT INTO subjects (gallery_id, external_id, metadata, created_by, created_at) "
                 "VALUES (1000, ?1, ?2, 1, '2025-01-01T00:00:00.000000Z')");
  PREP (face, "INSERT INTO gallery_faces (gallery_id, subject_id, image_sha256, image_path, image_path_raw, box_x, "
              "box_y, box_w, box_h, landmarks, detector_score, quality_band, quality, embedding, model_id, "
              "model_sha256, enrolled_by, enrolled_at) VALUES (1000, ?1, printf ('%064x', ?1), 'x.jpg', X'00', "
              "0, 0, 1, 1, '[]', 1, 'good', '{}', ?2, 'fr-feature', ?3, 1, '2025-01-01T00:00:00.000000Z')");
  PREP (kase, "INSERT INTO cases (number, title, opened_by, opened_at) VALUES (?1, 'Generated', 2, ?2)");
  PREP (evidence, "INSERT INTO evidence (case_id, kind, sha256, size, original_name, original_name_raw, source, "
                  "stored_path, imported_by, imported_at) VALUES (?1, 'still', printf ('%064x', ?1), 1, 'p.jpg', "
                  "X'00', 'p.jpg', 'p.jpg', 2, ?2)");
  PREP (probe, "INSERT INTO faces (evidence_id, box_x, box_y, box_w, box_h, landmarks, detector_score, "
               "quality_band, quality, embedding, model_id, model_sha256, analyzed_by, analyzed_at) VALUES "
               "(?1, 0, 0, 1, 1, '[]', 1, 'good', '{}', ?2, 'fr-feature', ?3, 2, ?4)");
  PREP (search, "INSERT INTO searches (case_id, face_id, gallery_id, gallery_name, gallery_size, gallery_subjects, "
                "gallery_generation, model_id, model_sha256, calibration, threshold, top_k, below_threshold_shown, "
                "above_threshold, offense_code, offense_label, legal_basis, purpose, facts, run_by, started_at, "
                "ended_at) VALUES (?1, ?2, 1000, 'bench-year', ?3, ?3, 1, 'fr-feature', ?4, 'generated', 0.48, 10, "
                "1, ?5, ?6, ?6, 'Warrant 2025/1', ?7, 'Generated activity for the benchmark of the report.', ?8, "
                "?9, ?9)");
  PREP (candidate, "INSERT INTO candidates (search_id, rank, subject_id, gallery_face_id, similarity, "
                   "false_match_rate, fmr_beyond_range, expected_false, above_threshold) VALUES "
                   "(?1, ?2, ?3, ?3, ?4, 1e-5, 0, 0.01, ?5)");
  PREP (decision, "INSERT INTO decisions (candidate_id, reviewer_id, stage, decision, rationale, decided_at) "
                  "VALUES (?1, ?2, ?3, ?4, 'Generated', ?5)");
  PREP (outcome, "INSERT INTO outcomes (candidate_id, outcome, note, recorded_by, recorded_at) "
                 "VALUES (?1, ?2, 'Generated', 2, ?3)");

  for (guint i = 1; i <= subjects; i++)
    {
      g_autofree char *id = g_strdup_printf ("S-%05u", i);
      g_autofree char *meta = g_strdup_printf ("{\"sex\":\"%s\",\"race\":\"%s\",\"birth_date\":\"%04d-06-01\"}",
                                               sexes[g_rand_int_range (rand, 0, 2)],
                                               races[g_rand_int_range (rand, 0, 4)],
                                               g_rand_int_range (rand, 1945, 2006));

      sqlite3_bind_text (subject, 1, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (subject, 2, meta, -1, SQLITE_TRANSIENT);
      if (!step (handle, subject, error))
        goto out;
      sqlite3_bind_int64 (face, 1, sqlite3_last_insert_rowid (handle));
      sqlite3_bind_blob (face, 2, embedding, 512 * sizeof (float), SQLITE_STATIC);
      sqlite3_bind_text (face, 3, sha, -1, SQLITE_STATIC);
      if (!step (handle, face, error))
        goto out;
      if (model_face == 0)
        model_face = sqlite3_last_insert_rowid (handle);
    }

  {
    gint64 case_id = 0, probe_id = 0;
    gint64 first_subject = model_face;   /* subject and face ids run together from here */
    GDateTime *year = g_date_time_new_utc (2025, 1, 1, 0, 0, 0);

    for (guint i = 0; i < searches; i++)
      {
        g_autoptr(GDateTime) when = g_date_time_add_seconds (year, g_rand_double_range (rand, 0, 365 * 86400.0));
        g_autofree char *at = g_date_time_format (when, "%Y-%m-%dT%H:%M:%S.000000Z");
        const char *offence = offences[g_rand_int_range (rand, 0, G_N_ELEMENTS (offences))];
        gint64 search_id;
        guint above = (guint) g_rand_int_range (rand, 0, 4);

        if (i % 100 == 0)
          {
            g_autofree char *number = g_strdup_printf ("Y-%05u", i / 100);

            sqlite3_bind_text (kase, 1, number, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text (kase, 2, at, -1, SQLITE_TRANSIENT);
            if (!step (handle, kase, error))
              goto year_out;
            case_id = sqlite3_last_insert_rowid (handle);
            sqlite3_bind_int64 (evidence, 1, case_id);
            sqlite3_bind_text (evidence, 2, at, -1, SQLITE_TRANSIENT);
            if (!step (handle, evidence, error))
              goto year_out;
            sqlite3_bind_int64 (probe, 1, sqlite3_last_insert_rowid (handle));
            sqlite3_bind_blob (probe, 2, embedding, 512 * sizeof (float), SQLITE_STATIC);
            sqlite3_bind_text (probe, 3, sha, -1, SQLITE_STATIC);
            sqlite3_bind_text (probe, 4, at, -1, SQLITE_TRANSIENT);
            if (!step (handle, probe, error))
              goto year_out;
            probe_id = sqlite3_last_insert_rowid (handle);
          }
        sqlite3_bind_int64 (search, 1, case_id);
        sqlite3_bind_int64 (search, 2, probe_id);
        sqlite3_bind_int64 (search, 3, subjects);
        sqlite3_bind_text (search, 4, sha, -1, SQLITE_STATIC);
        sqlite3_bind_int (search, 5, (int) above);
        sqlite3_bind_text (search, 6, offence, -1, SQLITE_STATIC);
        sqlite3_bind_text (search, 7, purposes[g_rand_int_range (rand, 0, G_N_ELEMENTS (purposes))], -1,
                           SQLITE_STATIC);
        sqlite3_bind_int (search, 8, g_rand_int_range (rand, 2, 4));
        sqlite3_bind_text (search, 9, at, -1, SQLITE_TRANSIENT);
        if (!step (handle, search, error))
          goto year_out;
        search_id = sqlite3_last_insert_rowid (handle);
        for (guint rank = 1; rank <= 10; rank++)
          {
            gint64 candidate_id;
            double roll;

            sqlite3_bind_int64 (candidate, 1, search_id);
            sqlite3_bind_int (candidate, 2, (int) rank);
            sqlite3_bind_int64 (candidate, 3, first_subject + g_rand_int_range (rand, 0, (gint32) subjects));
            sqlite3_bind_double (candidate, 4, 0.7 - 0.03 * rank);
            sqlite3_bind_int (candidate, 5, rank <= above);
            if (!step (handle, candidate, error))
              goto year_out;
            if (rank != 1 || above == 0)
              continue;
            candidate_id = sqlite3_last_insert_rowid (handle);
            roll = g_rand_double (rand);
            if (roll > 0.6)
              continue;
            /* A first decision, and a second by the supervisor. */
            for (guint stage = 0; stage < 2; stage++)
              {
                gboolean lead = roll < 0.5 || stage == 0;

                sqlite3_bind_int64 (decision, 1, candidate_id);
                sqlite3_bind_int (decision, 2, stage == 0 ? 2 : 4);
                sqlite3_bind_text (decision, 3, stage == 0 ? "first" : "second", -1, SQLITE_STATIC);
                sqlite3_bind_text (decision, 4, lead ? "possible-lead" : "excluded", -1, SQLITE_STATIC);
                sqlite3_bind_text (decision, 5, at, -1, SQLITE_TRANSIENT);
                if (!step (handle, decision, error))
                  goto year_out;
              }
            if (roll < 0.25)
              {
                sqlite3_bind_int64 (outcome, 1, candidate_id);
                sqlite3_bind_text (outcome, 2, outcome_kinds[g_rand_int_range (rand, 0, 6)], -1, SQLITE_STATIC);
                sqlite3_bind_text (outcome, 3, at, -1, SQLITE_TRANSIENT);
                if (!step (handle, outcome, error))
                  goto year_out;
              }
          }
      }
    g_date_time_unref (year);
    if (sqlite3_exec (handle, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
      {
        fail (handle, error);
        goto out;
      }
    ok = TRUE;
    goto out;
year_out:
    g_date_time_unref (year);
  }
#undef PREP

out:
  sqlite3_finalize (subject);
  sqlite3_finalize (face);
  sqlite3_finalize (kase);
  sqlite3_finalize (evidence);
  sqlite3_finalize (probe);
  sqlite3_finalize (search);
  sqlite3_finalize (candidate);
  sqlite3_finalize (decision);
  sqlite3_finalize (outcome);
  sqlite3_close (handle);
  return ok;
}

gint64
sl_accountability_bench_count (const char *db,
                               const char *sql)
{
  sqlite3 *handle = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  if (sqlite3_open_v2 (db, &handle, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2 (handle, sql, -1, &stmt, NULL) == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (handle);
  return n;
}
