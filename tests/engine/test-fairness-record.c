/* test-fairness-record.c: a search records which per-group measurement of
 * its model was in force (by the measurement file's SHA-256), and says so
 * when there was none: in the search row, the audit row and the case
 * report. Real database, real models, real LFW photos; the model folder is
 * a temp folder of links to the real model files beside a measurement the
 * test writes.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#include "core/sl-fairness.h"
#include "core/sl-search-record.h"
#include "engine/sl-engine-fairness.h"
#include "engine/sightline-engine.h"
#include "sl-test-pg.h"
#include "sl-test-search.h"
#include "vision/sl-model-manifest.h"

/* helpers */

/* DIR with a link to every model file (not the shipped measurements) and
 * a measurement of fr-feature claiming model_sha256 (NULL: the real
 * one's). Returns the measurement file's path. */
static char *
model_dir_with_measurement (const char *dir,
                            const char *model_sha256)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlModelManifest) manifest = sl_model_manifest_load_default (&error);
  g_autofree char *source = sl_model_dir_default ();
  g_autoptr(GDir) d = g_dir_open (source, 0, &error);
  g_autoptr(SlFairness) f = NULL;
  g_autofree char *path = g_build_filename (dir, "fr-feature.fairness", NULL);
  const SlModelInfo *info = NULL;
  const char *name;
  float scores[] = { 0.1f, 0.2f, 0.6f };
  guint g;

  ck_assert_msg (manifest != NULL && d != NULL, "%s", error ? error->message : "");
  ck_assert_int_eq (g_mkdir_with_parents (dir, 0700), 0);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *from = g_build_filename (source, name, NULL);
      g_autofree char *to = g_build_filename (dir, name, NULL);

      if (g_str_has_suffix (name, ".fairness"))
        continue;
      ck_assert_int_eq (symlink (from, to), 0);
    }
  for (guint i = 0; i < sl_model_manifest_get_n_models (manifest); i++)
    if (g_str_equal (sl_model_manifest_get_model (manifest, i)->id, "fr-feature"))
      info = sl_model_manifest_get_model (manifest, i);
  ck_assert_ptr_nonnull (info);

  f = sl_fairness_new ("fr-feature", model_sha256 != NULL ? model_sha256 : info->sha256,
                       "three made-up pairs", "a test's own numbers", 0.001);
  g = sl_fairness_add_group (f, "gender", "female", 3, 3);
  sl_fairness_add_scores (f, g, scores, 3, FALSE);
  ck_assert_msg (sl_fairness_save (f, path, &error), "%s", error ? error->message : "");
  return g_steal_pointer (&path);
}

/* pdftotext's words joined by single spaces. */
static char *
pdf_words (const char *pdf)
{
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) words = NULL;
  g_autoptr(GString) joined = g_string_new (NULL);
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", pdf, "-", NULL };
  int status;

  ck_assert_msg (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                               NULL, &out, NULL, &status, &error), "%s", error ? error->message : "");
  words = g_strsplit_set (out, " \t\r\n\f", -1);
  for (guint i = 0; words[i] != NULL; i++)
    if (*words[i] != '\0')
      g_string_append_printf (joined, "%s%s", joined->len > 0 ? " " : "", words[i]);
  return g_string_free (g_steal_pointer (&joined), FALSE);
}

/* A search of a small gallery with the models read from model_dir. */
static SlSearchResult *
search_with_models (SlTestDb       *db,
                    const char *model_dir)
{
  g_autoptr(GPtrArray) ids = sl_test_lfw_identities (3, 4);
  g_autofree char *photo = sl_test_lfw_image (g_ptr_array_index (ids, 0), 2);
  g_autoptr(SlEnrolSummary) s = NULL;
  gint64 face;

  sl_engine_set_model_dir (db->engine, model_dir);
  s = sl_test_enrol_lfw (db, ids, 1);
  face = sl_test_db_probe_face (db, "C-1", photo);
  return sl_test_search_shown (db, "C-1", face, 2, NULL);
}

static char *
last_search_audit (SlTestDb *db)
{
  const char *sql = "SELECT details FROM audit WHERE action = 'search' ORDER BY seq DESC LIMIT 1";
  g_autoptr(GPtrArray) rows = sl_test_sql_rows (db->db, sql);

  ck_assert_uint_ge (rows->len, 1);
  return g_strdup (sl_test_row_text (g_ptr_array_index (rows, 0), 0));
}

/* tests */

START_TEST (test_search_records_measurement)
{
  g_autoptr(SlTestDb) db = sl_test_db_new (FALSE);
  g_autofree char *models = g_build_filename (db->dir, "models", NULL);
  g_autofree char *file = model_dir_with_measurement (models, NULL);
  g_autofree char *contents = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *details = NULL;
  g_autofree char *pdf = g_build_filename (db->dir, "report.pdf", NULL);
  g_autofree char *words = NULL;
  g_autoptr(SlSearchResult) r = NULL;
  g_autoptr(SlSearchRecord) record = NULL;
  g_autoptr(SlFairness) in_force = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;

  ck_assert (g_file_get_contents (file, &contents, &len, NULL));
  hash = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);

  r = search_with_models (db, models);
  ck_assert_ptr_nonnull (r->fairness);
  ck_assert_msg (strstr (r->fairness, hash) != NULL, "%s", r->fairness);
  ck_assert_ptr_nonnull (strstr (r->fairness, "three made-up pairs"));

  /* The same as the engine gives the GUI. */
  in_force = sl_engine_model_fairness (db->engine, "fr-feature", &error);
  ck_assert_msg (in_force != NULL, "%s", error ? error->message : "");
  ck_assert_str_eq (sl_fairness_get_file_sha256 (in_force), hash);

  /* The row, read back as reports read it, and the audit row. */
  record = sl_engine_search_record_get (db->engine, db->investigator, r->search_id, &error);
  ck_assert_msg (record != NULL, "%s", error ? error->message : "");
  ck_assert_str_eq (record->fairness, r->fairness);
  details = last_search_audit (db);
  ck_assert_msg (strstr (details, hash) != NULL, "%s", details);

  ck_assert_msg (sl_engine_report_write (db->engine, db->investigator, "C-1", pdf, NULL, &error),
                 "%s", error ? error->message : "");
  words = pdf_words (pdf);
  ck_assert_msg (strstr (words, "Per-group error rates") != NULL, "%s", words);
  ck_assert_msg (strstr (words, "three made-up pairs") != NULL, "%s", words);
}
END_TEST

START_TEST (test_search_without_measurement_says_so)
{
  g_autoptr(SlTestDb) db = sl_test_db_new (FALSE);
  g_autofree char *models = g_build_filename (db->dir, "models", NULL);
  g_autofree char *file = model_dir_with_measurement (
    models, "1111111111111111111111111111111111111111111111111111111111111111");
  g_autofree char *details = NULL;
  g_autofree char *pdf = g_build_filename (db->dir, "report.pdf", NULL);
  g_autofree char *words = NULL;
  g_autoptr(SlSearchResult) r = NULL;
  g_autoptr(GError) error = NULL;

  /* Measured on another model file: refused, so none is in force; the
   * search still runs. */
  r = search_with_models (db, models);
  ck_assert_ptr_null (r->fairness);
  ck_assert_int_eq (sl_test_count (db, "SELECT count(*) FROM searches WHERE id = %" G_GINT64_FORMAT
                                  " AND fairness IS NULL", r->search_id), 1);
  details = last_search_audit (db);
  ck_assert_msg (strstr (details, "\"fairness\":null") != NULL, "%s", details);
  ck_assert_msg (strstr (details, "another file") != NULL, "%s", details);

  ck_assert_msg (sl_engine_report_write (db->engine, db->investigator, "C-1", pdf, NULL, &error),
                 "%s", error ? error->message : "");
  words = pdf_words (pdf);
  ck_assert_msg (strstr (words, "no per-group measurement for this model") != NULL, "%s", words);
}
END_TEST

int
main (void)
{
  Suite *s = suite_create ("fairness-record");
  TCase *tc = tcase_create ("search");
  SRunner *runner;
  int failed;

  tcase_set_timeout (tc, 240);
  tcase_add_test (tc, test_search_records_measurement);
  tcase_add_test (tc, test_search_without_measurement_says_so);
  suite_add_tcase (s, tc);
  runner = srunner_create (s);
  /* Started here, never in a forked test, so that this process stops it. */
  if (sl_test_backend_pg ())
    sl_test_pg_cluster ();
  srunner_run_all (runner, CK_ENV);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? 0 : 1;
}
