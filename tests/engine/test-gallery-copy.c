/* test-gallery-copy.c: the gallery keeps what it enrolled. LFW photos
 * enrolled from a temporary folder still show once the folder is gone
 * (the read-only, content-addressed copy, hash-checked); an altered copy
 * or a missing one is refused by the photo's name; the same photo enrolled twice is kept
 * once; a database from before the gallery store gets its readable photos
 * copied and the others marked missing, audited once.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "core/sl-evidence-store.h"
#include "core/sl-search-record.h"
#include "engine/sightline-engine.h"
#include "sl-test-search.h"

/* helpers */

static char *
store_dir (SlTestDb *db)
{
  g_autofree char *data = g_path_get_dirname (db->db);

  return g_build_filename (data, "gallery-photos", NULL);
}

/* The files under the store's content folders (not incoming/). */
static guint
count_stored (SlTestDb *db)
{
  g_autofree char *dir = store_dir (db);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  ck_assert_ptr_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *sub = g_build_filename (dir, name, NULL);
      g_autoptr(GDir) s = NULL;

      if (g_str_equal (name, "incoming"))
        continue;
      s = g_dir_open (sub, 0, NULL);
      while (s != NULL && g_dir_read_name (s) != NULL)
        n++;
    }
  return n;
}

static gint64
face_id (SlTestDb *db,
         guint     index)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM gallery_faces ORDER BY id LIMIT 1 OFFSET %u", index);

  return sl_test_sql_int (db->db, sql);
}

/* The photo's path: the one the engine hands out, its name for people. */
static char *
source (SlTestDb  *db,
        gint64     id,
        char     **name,
        GError   **error)
{
  g_autofree char *landmarks = NULL;
  float box[4];

  return sl_engine_gallery_face_source (db->engine, db->investigator, id, name, box, &landmarks, error);
}

static void
reopen (SlTestDb *db)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&db->engine);
  db->engine = sl_engine_new (db->db);
  ck_assert_msg (sl_engine_open (db->engine, &error), "%s", error ? error->message : "");
}

/* tests */

START_TEST (test_original_survives_its_folder)
{
  g_autoptr(SlTestDb) db = sl_test_db_new (FALSE);
  g_autoptr(GPtrArray) ids = sl_test_lfw_identities (2, 3);
  g_autofree char *root = g_build_filename (db->dir, "to-be-deleted", NULL);
  g_autofree char *dir = sl_test_lfw_gallery_dir (root, ids, 2);
  g_autofree char *kept = store_dir (db);
  g_autoptr(SlEnrolSummary) s = sl_test_enrol_dir (db, "county", dir);
  gint64 n = sl_test_sql_int (db->db, "SELECT count(*) FROM gallery_faces");

  ck_assert_int_eq (n, 6);
  ck_assert_int_eq (sl_test_sql_int (db->db, "SELECT count(*) FROM gallery_copies WHERE stored = 1"), 6);
  ck_assert_uint_eq (count_stored (db), 6);
  {
    /* What each face was enrolled from, by content. */
    g_autoptr(GHashTable) originals = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

    for (guint i = 0; i < ids->len; i++)
      for (guint k = 0; k < 2; k++)
        {
          g_autofree char *photo = sl_test_lfw_image (g_ptr_array_index (ids, i), k);
          g_hash_table_add (originals, sl_test_sha256_file (photo));
        }

    sl_test_rm_rf (root);
    ck_assert (!g_file_test (dir, G_FILE_TEST_EXISTS));

    for (guint i = 0; i < n; i++)
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *name = NULL;
        g_autofree char *path = source (db, face_id (db, i), &name, &error);
        g_autofree char *sha = NULL;
        struct stat st;

        ck_assert_msg (path != NULL, "%s", error ? error->message : "");
        ck_assert (g_str_has_prefix (path, kept));
        ck_assert (g_str_has_prefix (name, dir));
        sha = sl_test_sha256_file (path);
        ck_assert (g_hash_table_contains (originals, sha));
        ck_assert_int_eq (g_stat (path, &st), 0);
        ck_assert_int_eq (st.st_mode & 0777, 0400);
      }
  }
}
END_TEST

START_TEST (test_altered_copy_refused)
{
  g_autoptr(SlTestDb) db = sl_test_db_new (FALSE);
  g_autoptr(GPtrArray) ids = sl_test_lfw_identities (2, 1);
  g_autoptr(SlEnrolSummary) s = sl_test_enrol_lfw (db, ids, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = source (db, face_id (db, 0), &name, &error);
  g_autofree char *photo = sl_test_lfw_image (g_ptr_array_index (ids, 0), 0);
  g_autofree char *base = g_path_get_basename (photo);
  g_autofree char *again = NULL;

  ck_assert_msg (path != NULL, "%s", error ? error->message : "");
  ck_assert_int_eq (g_chmod (path, 0600), 0);
  sl_test_corrupt_file (path);

  g_clear_pointer (&name, g_free);
  again = source (db, face_id (db, 0), &name, &error);
  ck_assert_ptr_null (again);
  ck_assert (g_error_matches (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_STORAGE));
  ck_assert_msg (strstr (error->message, base) != NULL, "%s", error->message);
  ck_assert_msg (strstr (error->message, "altered") != NULL, "%s", error->message);

  /* Gone from the store: said so, by the photo's name. */
  g_clear_error (&error);
  ck_assert_int_eq (g_unlink (path), 0);
  ck_assert_ptr_null (source (db, face_id (db, 0), &name, &error));
  ck_assert (g_error_matches (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_STORAGE));
  ck_assert_msg (strstr (error->message, base) != NULL && strstr (error->message, "missing from the gallery store"),
                 "%s", error->message);
}
END_TEST

START_TEST (test_same_photo_kept_once)
{
  g_autoptr(SlTestDb) db = sl_test_db_new (FALSE);
  g_autoptr(GPtrArray) ids = sl_test_lfw_identities (2, 2);
  g_autofree char *root = g_build_filename (db->dir, "photos", NULL);
  g_autofree char *dir = sl_test_lfw_gallery_dir (root, ids, 2);
  g_autoptr(SlEnrolSummary) first = sl_test_enrol_dir (db, "county", dir);
  g_autoptr(SlEnrolSummary) second = sl_test_enrol_dir (db, "state", dir);

  /* Two galleries hold the same four photos: four faces each, one copy. */
  ck_assert_int_eq (sl_test_sql_int (db->db, "SELECT count(*) FROM gallery_faces"), 8);
  ck_assert_int_eq (sl_test_sql_int (db->db, "SELECT count(*) FROM gallery_copies"), 4);
  ck_assert_uint_eq (count_stored (db), 4);
}
END_TEST

START_TEST (test_old_database_copied_on_open)
{
  g_autoptr(SlTestDb) db = sl_test_db_new (FALSE);
  g_autoptr(GPtrArray) ids = sl_test_lfw_identities (3, 3);
  g_autofree char *root = g_build_filename (db->dir, "photos", NULL);
  g_autofree char *dir = sl_test_lfw_gallery_dir (root, ids, 2);
  g_autofree char *kept = store_dir (db);
  g_autoptr(SlEnrolSummary) s = sl_test_enrol_dir (db, "county", dir);
  g_autoptr(GError) error = NULL;
  g_autofree char *gone = NULL;
  g_autofree char *changed = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  gint64 gone_id, changed_id;

  /* A database from before migration 16: no gallery_copies, no store
   * (nor what later migrations made: search_person_members, 17). */
  g_clear_object (&db->engine);
  sl_test_sql (db->db, "DROP TABLE search_person_members; DROP TABLE gallery_copies; PRAGMA user_version = 15;");
  sl_test_rm_rf (kept);

  /* One photo deleted, one replaced by another person's photo. */
  gone_id = face_id (db, 0);
  changed_id = face_id (db, 1);
  {
    g_autoptr(SlStore) store = sl_store_open (db->db, NULL);
    float box[4];
    g_autofree char *sha = NULL;
    g_autofree char *landmarks = NULL;
    int stored;

    /* Read through the core: the store migrates, so this is post-16. */
    ck_assert (sl_gallery_face_source (store, gone_id, &gone, &sha, &stored, box, &landmarks, NULL));
    g_clear_pointer (&sha, g_free);
    g_clear_pointer (&landmarks, g_free);
    ck_assert (sl_gallery_face_source (store, changed_id, &changed, &sha, &stored, box, &landmarks, NULL));
    ck_assert_int_eq (stored, -1);
  }
  ck_assert_int_eq (g_unlink (gone), 0);
  ck_assert_int_eq (g_unlink (changed), 0);
  {
    g_autofree char *other = sl_test_lfw_image (g_ptr_array_index (ids, 2), 2);
    sl_test_copy_file (other, changed);
  }

  reopen (db);
  ck_assert_int_eq (sl_test_sql_int (db->db, "SELECT count(*) FROM gallery_copies WHERE stored = 1"), 4);
  ck_assert_int_eq (sl_test_sql_int (db->db, "SELECT count(*) FROM gallery_copies WHERE stored = 0"), 2);
  ck_assert_uint_eq (count_stored (db), 4);
  ck_assert_int_eq (sl_test_sql_int (db->db, "SELECT count(*) FROM audit WHERE action = 'gallery.store-copies'"),
                    1);
  ck_assert_int_eq (sl_test_sql_int (db->db, "SELECT json_extract (details, '$.missing_count') FROM audit "
                                             "WHERE action = 'gallery.store-copies'"), 2);

  /* Audited once: opened again, nothing left to look at. */
  reopen (db);
  ck_assert_int_eq (sl_test_sql_int (db->db, "SELECT count(*) FROM audit WHERE action = 'gallery.store-copies'"),
                    1);

  /* The kept ones show with the folder gone; the others say why not. */
  sl_test_rm_rf (root);
  path = source (db, face_id (db, 2), &name, &error);
  ck_assert_msg (path != NULL, "%s", error ? error->message : "");
  ck_assert (g_str_has_prefix (path, kept));
  g_clear_pointer (&name, g_free);
  ck_assert_ptr_null (source (db, gone_id, &name, &error));
  ck_assert (g_error_matches (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_NOT_FOUND));
  ck_assert_msg (strstr (error->message, "no kept copy") != NULL, "%s", error->message);
}
END_TEST

/* A store that cannot keep a photo (here: a file where its folder must
 * go) ends the enrolment, naming the photo, rather than skip every photo
 * as unreadable. */
START_TEST (test_store_failure_ends_enrolment)
{
  g_autoptr(SlTestDb) db = sl_test_db_new (FALSE);
  g_autoptr(GPtrArray) ids = sl_test_lfw_identities (2, 1);
  g_autofree char *root = g_build_filename (db->dir, "photos", NULL);
  g_autofree char *dir = sl_test_lfw_gallery_dir (root, ids, 1);
  g_autofree char *photo = sl_test_lfw_image (g_ptr_array_index (ids, 0), 0);
  g_autofree char *base = g_path_get_basename (photo);
  g_autofree char *sha = sl_test_sha256_file (photo);
  g_autofree char *kept = store_dir (db);
  g_autofree char *prefix = g_strndup (sha, 2);
  g_autofree char *blocker = g_build_filename (kept, prefix, NULL);
  g_autoptr(SlGallery) g = NULL;
  g_autoptr(SlEnrolSummary) s = NULL;
  g_autoptr(GError) error = NULL;
  SlEnrolOptions options = { .dir = dir };

  g = sl_engine_gallery_create (db->engine, db->admin, "county", NULL, NULL, &error);
  ck_assert_msg (g != NULL, "%s", error ? error->message : "");
  ck_assert (g_file_set_contents (blocker, "not a folder", -1, NULL));
  s = sl_engine_gallery_enrol (db->engine, db->admin, "county", &options, NULL, &error);
  ck_assert_ptr_null (s);
  ck_assert (g_error_matches (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_STORAGE));
  ck_assert_msg (strstr (error->message, base) != NULL && strstr (error->message, "gallery store") != NULL, "%s",
                 error->message);
  ck_assert_int_eq (sl_test_sql_int (db->db, "SELECT count(*) FROM audit WHERE action = 'gallery.enroll' "
                                             "AND outcome <> 'success'"), 1);
}
END_TEST

/* On a server: the enrolled photos are large objects there, one per
 * content, and a desk that never saw them reads each back, checked,
 * after the originals are gone. */
START_TEST (test_server_keeps_photos)
{
  g_autoptr(SlTestDb) db = sl_test_db_new (FALSE);
  g_autoptr(GPtrArray) ids = sl_test_lfw_identities (3, 2);
  g_autofree char *root = g_build_filename (db->dir, "lfw", NULL);
  g_autofree char *dir = sl_test_lfw_gallery_dir (root, ids, 2);
  g_autofree char *other = g_build_filename (db->dir, "other-desk", NULL);
  g_autoptr(SlEnrolSummary) s = sl_test_enrol_dir (db, "county", dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlEvidenceStore) desk = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  ck_assert_int_ge (sl_test_sql_int (db->db, "SELECT count(*) FROM gallery_faces"), 4);
  ck_assert_int_eq (sl_test_sql_int (db->db, "SELECT count(*) FROM stored_files WHERE kind = 'gallery'"),
                    sl_test_sql_int (db->db, "SELECT count(DISTINCT image_sha256) FROM gallery_faces"));
  sl_test_rm_rf (root);
  desk = sl_evidence_store_new_server (other, db->db, "gallery", &error);
  ck_assert_msg (desk != NULL, "%s", error ? error->message : "");
  rows = sl_test_sql_rows (db->db, "SELECT DISTINCT image_sha256 FROM gallery_faces");
  ck_assert_uint_eq (rows->len, sl_test_sql_int (db->db, "SELECT count(*) FROM stored_files WHERE kind = 'gallery'"));
  for (guint i = 0; i < rows->len; i++)
    {
      g_autofree char *relative = sl_evidence_store_relative (sl_test_row_text (g_ptr_array_index (rows, i), 0));
      g_autofree char *path = NULL;
      g_autofree char *sha = NULL;

      ck_assert_msg (sl_evidence_store_check (desk, relative, &error), "%s", error ? error->message : "");
      path = sl_evidence_store_path (desk, relative);
      ck_assert (g_str_has_prefix (path, other));
      sha = sl_test_sha256_file (path);
      ck_assert_str_eq (sha, sl_test_row_text (g_ptr_array_index (rows, i), 0));
    }
}
END_TEST

/* Another desk hears of an enrolment (the server's notice), once. */
START_TEST (test_other_desk_hears_enrolment)
{
  g_autoptr(SlTestDb) db = sl_test_db_new (FALSE);
  g_autoptr(GPtrArray) ids = sl_test_lfw_identities (2, 1);
  g_autoptr(SlEngine) other = sl_engine_new (db->db);
  g_autoptr(SlEnrolSummary) s = NULL;
  g_autoptr(GError) error = NULL;

  ck_assert_msg (sl_engine_open (other, &error), "%s", error ? error->message : "");
  (void) sl_engine_galleries_changed_elsewhere (other);
  ck_assert (!sl_engine_galleries_changed_elsewhere (other));
  s = sl_test_enrol_lfw (db, ids, 1);
  g_usleep (200000);
  ck_assert_msg (sl_engine_galleries_changed_elsewhere (other), "the other desk did not hear of the enrolment");
  ck_assert (!sl_engine_galleries_changed_elsewhere (other));
}
END_TEST

static Suite *
gallery_copy_suite (void)
{
  Suite *s = suite_create ("gallery-copy");
  TCase *tc = tcase_create ("gallery-copy");

  tcase_set_timeout (tc, 240);
  /* The kept copies as files beside a database file (on a server they
   * are its large objects: tests/core/test-store-pg.c). */
  if (!sl_test_backend_pg ())
    {
      tcase_add_test (tc, test_original_survives_its_folder);
      tcase_add_test (tc, test_altered_copy_refused);
      tcase_add_test (tc, test_same_photo_kept_once);
      tcase_add_test (tc, test_old_database_copied_on_open);
      tcase_add_test (tc, test_store_failure_ends_enrolment);
    }
  else
    {
      tcase_add_test (tc, test_server_keeps_photos);
      tcase_add_test (tc, test_other_desk_hears_enrolment);
    }
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  return sl_test_run_suite (gallery_copy_suite ());
}
