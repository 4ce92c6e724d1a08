/* test-store-pg.c: the store on a PostgreSQL server, always (its own
 * throwaway cluster): what is ours and what is refused, untouched; the
 * desks' role cannot migrate; a connection killed in the middle of a
 * transaction fails the action whole, with an error naming the server, and
 * the next action connects again; a statement timeout likewise; the bytes
 * of stored files stream in and out as large objects and are checked; one
 * desk hears of another's gallery change, and its matrix takes in only the
 * new rows, exactly.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include <fcntl.h>
#include <math.h>
#include <libpq-fe.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "core/sl-audit.h"
#include "core/sl-evidence-store.h"
#include "core/sl-gallery-matrix.h"
#include "core/sl-store-private.h"
#include "core/sl-user.h"
#include "sl-test-pg.h"
#include "sl-test-search.h"
#include "sl-test-store.h"

/* helpers */

typedef struct
{
  char *name;
  char *owner;
  char *desk;
} Db;

static void
db_free (Db *db)
{
  g_free (db->name);
  g_free (db->owner);
  g_free (db->desk);
  g_free (db);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Db, db_free)

static Db *
new_db (void)
{
  Db *db = g_new0 (Db, 1);

  db->name = sl_test_pg_new_database (&db->owner, &db->desk);
  return db;
}

/* A database with the schema, made by its owner. */
static Db *
made_db (void)
{
  Db *db = new_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SlStore) store = sl_store_create (db->owner, &error);

  ck_assert_msg (store != NULL, "%s", error ? error->message : "");
  return db;
}

static gint64
add_user (SlStore    *store,
          const char *name)
{
  g_autoptr(GError) error = NULL;
  gint64 id = sl_user_insert (store, name, name, SL_ROLE_INVESTIGATOR, "$y$x", 0, &error);

  ck_assert_msg (id > 0, "%s", error ? error->message : "");
  return id;
}

/* tests */

START_TEST (test_open_refusals)
{
  g_autoptr(Db) empty = new_db ();
  g_autoptr(Db) other = new_db ();
  g_autoptr(Db) made = made_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SlStore) store = NULL;
  g_autofree char *nowhere = NULL;

  /* Nothing there yet: says how to make it, and names the server. */
  store = sl_store_open (empty->desk, &error);
  ck_assert_ptr_null (store);
  ck_assert_msg (g_error_matches (error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_FOUND), "%s", error->message);
  ck_assert_msg (strstr (error->message, "init") != NULL && strstr (error->message, empty->name) != NULL, "%s",
                 error->message);
  g_clear_error (&error);

  /* Another program's tables: refused, and neither opening nor creating
   * writes into it. */
  sl_test_pg_exec (other->owner, "CREATE TABLE payroll (id integer); INSERT INTO payroll VALUES (1)");
  ck_assert_ptr_null (store = sl_store_open (other->owner, &error));
  ck_assert_msg (error != NULL, "opened another program's database");
  g_clear_error (&error);
  ck_assert_ptr_null (store = sl_store_create (other->owner, &error));
  ck_assert_msg (g_error_matches (error, SL_STORE_ERROR, SL_STORE_ERROR_EXISTS), "%s", error->message);
  ck_assert_msg (strstr (error->message, "not empty") != NULL, "%s", error->message);
  g_clear_error (&error);
  ck_assert_int_eq (sl_test_pg_int (other->owner, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"), 1);

  /* A second creation over ours is refused too. */
  ck_assert_ptr_null (store = sl_store_create (made->owner, &error));
  ck_assert_msg (g_error_matches (error, SL_STORE_ERROR, SL_STORE_ERROR_EXISTS), "%s", error->message);
  g_clear_error (&error);

  /* Newer than this build: refused, left as it was. */
  sl_test_pg_exec (made->owner, "UPDATE sightline_schema SET version = version + 1");
  ck_assert_ptr_null (store = sl_store_open (made->desk, &error));
  ck_assert_msg (g_error_matches (error, SL_STORE_ERROR, SL_STORE_ERROR_TOO_NEW), "%s", error->message);
  g_clear_error (&error);

  /* Older: only its owner may upgrade it; a desk is told so, in words
   * the app can show too (no command line). */
  sl_test_pg_exec (made->owner, "UPDATE sightline_schema SET version = version - 2");
  ck_assert_ptr_null (store = sl_store_open (made->desk, &error));
  ck_assert_msg (g_error_matches (error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_OWNER), "%s", error->message);
  ck_assert_msg (strstr (error->message, "owner") != NULL && strstr (error->message, "administrator") != NULL &&
                   strstr (error->message, "sightline-cli") == NULL, "%s", error->message);
  g_clear_error (&error);

  /* A server nobody listens on: a clear error naming it, no password. */
  nowhere = g_strdup_printf ("postgresql://sightline_desk:secret@127.0.0.1:1/%s", made->name);
  ck_assert_ptr_null (store = sl_store_open (nowhere, &error));
  ck_assert_msg (g_error_matches (error, SL_STORE_ERROR, SL_STORE_ERROR_SERVER), "%s", error->message);
  ck_assert_msg (strstr (error->message, "127.0.0.1:1") != NULL && strstr (error->message, "secret") == NULL, "%s",
                 error->message);
}
END_TEST

/* The server ends the connection in the middle of a transaction: the
 * action fails whole, naming the server, and the next one connects again. */
START_TEST (test_connection_lost_mid_action)
{
  g_autoptr(Db) db = made_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SlStore) store = sl_store_open (db->desk, &error);
  g_autofree char *kill = NULL;

  ck_assert_msg (store != NULL, "%s", error ? error->message : "");
  add_user (store, "before");
  ck_assert (sl_store_begin (store, &error));
  add_user (store, "lost");
  /* Another session ends ours, as a server restart or a network cut does. */
  kill = g_strdup_printf ("SELECT pg_terminate_backend (pid) FROM pg_stat_activity WHERE datname = '%s' "
                          "AND usename = 'sightline_desk'", db->name);
  sl_test_pg_exec (sl_test_pg_cluster (), kill);
  ck_assert (!sl_store_commit (store, &error));
  ck_assert_msg (g_error_matches (error, SL_STORE_ERROR, SL_STORE_ERROR_SERVER), "%s", error->message);
  ck_assert_msg (strstr (error->message, "127.0.0.1") != NULL && strstr (error->message, db->name) != NULL, "%s",
                 error->message);
  g_clear_error (&error);
  sl_store_rollback (store);
  /* Nothing of it was written; the next action works. */
  ck_assert_int_eq (sl_test_pg_int (db->owner, "SELECT count(*) FROM users WHERE username = 'lost'"), 0);
  add_user (store, "after");
  ck_assert_int_eq (sl_test_pg_int (db->owner, "SELECT count(*) FROM users WHERE username IN ('before', 'after')"), 2);
}
END_TEST

START_TEST (test_statement_timeout)
{
  g_autoptr(Db) db = made_db ();
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  g_autoptr(SlStore) store = NULL;

  /* libpq's conventions: options in the URI. */
  uri = g_strdup_printf ("%s?options=-c%%20statement_timeout%%3D200", db->desk);
  store = sl_store_open (uri, &error);
  ck_assert_msg (store != NULL, "%s", error ? error->message : "");
  ck_assert (!sl_store_exec (store, "SELECT pg_sleep (2)", &error));
  ck_assert_msg (g_error_matches (error, SL_STORE_ERROR, SL_STORE_ERROR_BUSY), "%s", error->message);
  ck_assert_msg (strstr (error->message, "took too long") != NULL, "%s", error->message);
  g_clear_error (&error);
  add_user (store, "next");
}
END_TEST

/* Evidence bytes go to the server in chunks and come back checked; an
 * alteration on the server is found when a desk reads it. */
START_TEST (test_stored_files)
{
  g_autoptr(Db) db = made_db ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = sl_test_make_tmp_dir ("sl-test-lo-XXXXXX");
  g_autofree char *desk1 = g_build_filename (dir, "desk1", NULL);
  g_autofree char *desk2 = g_build_filename (dir, "desk2", NULL);
  g_autofree char *source = g_build_filename (dir, "clip.bin", NULL);
  g_autofree char *relative = NULL;
  g_autofree char *path = NULL;
  g_autofree char *copy = NULL;
  g_autoptr(SlEvidenceStore) one = sl_evidence_store_new_server (desk1, db->desk, "evidence", &error);
  g_autoptr(SlEvidenceStore) two = NULL;
  g_autoptr(SlIncoming) incoming = NULL;
  g_autoptr(GByteArray) data = g_byte_array_new ();
  gsize length = 0;

  ck_assert_msg (one != NULL, "%s", error ? error->message : "");
  /* 5 MB and a bit: more than one chunk. */
  for (guint i = 0; i < 5 * 1024 * 1024 + 12345; i++)
    {
      guint8 b = (guint8) ((i * 2654435761u) >> 24);
      g_byte_array_append (data, &b, 1);
    }
  ck_assert (g_file_set_contents (source, (const char *) data->data, data->len, NULL));
  incoming = sl_incoming_new (one, &error);
  ck_assert (incoming != NULL);
  ck_assert_msg (sl_incoming_copy (incoming, source, NULL, NULL, NULL, &error), "%s", error ? error->message : "");
  relative = sl_incoming_commit (incoming, &error);
  ck_assert_msg (relative != NULL, "%s", error ? error->message : "");
  ck_assert_int_eq (sl_test_pg_int (db->owner, "SELECT count(*) FROM stored_files WHERE kind = 'evidence'"), 1);
  ck_assert_int_eq (sl_test_pg_int (db->owner, "SELECT sum (size) FROM stored_files"), (gint64) data->len);

  /* Another desk has no copy yet: it fetches one, checked. */
  two = sl_evidence_store_new_server (desk2, db->desk, "evidence", &error);
  ck_assert_msg (sl_evidence_store_check (two, relative, &error), "%s", error ? error->message : "");
  path = sl_evidence_store_path (two, relative);
  ck_assert (g_str_has_prefix (path, desk2));
  ck_assert (g_file_get_contents (path, &copy, &length, NULL));
  ck_assert_uint_eq (length, data->len);
  ck_assert (memcmp (copy, data->data, length) == 0);

  /* Altered on the server (one byte of the large object): the next desk
   * to read it is refused, with a message that says so. */
  {
    g_autofree char *object = g_strdup_printf ("%" G_GINT64_FORMAT,
                                               sl_test_pg_int (db->owner, "SELECT object FROM stored_files"));
    g_autofree char *alter = g_strdup_printf ("SELECT lo_put (%s, 4096, '\\x00ff')", object);
    g_autofree char *desk3 = g_build_filename (dir, "desk3", NULL);
    g_autoptr(SlEvidenceStore) three = NULL;
    g_autofree char *on_db = NULL;

    /* On the right database, as the superuser (a tamperer with its power). */
    {
      g_autofree char *uri = g_strdup (sl_test_pg_cluster ());
      char *slash = strrchr (uri, '/');

      *slash = '\0';
      on_db = g_strdup_printf ("%s/%s", uri, db->name);
    }
    sl_test_pg_exec (on_db, alter);
    three = sl_evidence_store_new_server (desk3, db->desk, "evidence", &error);
    ck_assert (!sl_evidence_store_check (three, relative, &error));
    ck_assert_msg (g_error_matches (error, SL_STORE_ERROR, SL_STORE_ERROR_CORRUPT), "%s", error->message);
    ck_assert_msg (strstr (error->message, "altered") != NULL, "%s", error->message);
    g_clear_error (&error);

    /* Cut short on the server, gone from it, and its record gone: each
     * refused with its own reason, and no desk is left a local copy. */
    {
      static const struct
      {
        const char   *before;    /* the SQL, around the large object's number */
        const char   *after;
        SlStoreError  code;
        const char   *says;
      } damage[] = {
        { "SELECT lo_truncate (lo_open (", ", 131072), 1000)", SL_STORE_ERROR_CORRUPT, "1000 bytes, not" },
        { "SELECT lo_unlink (", ")", SL_STORE_ERROR_FAILED, "Cannot read a stored file from the server" },
        { "SET session_replication_role = replica; DELETE FROM stored_files WHERE object = ", "",
          SL_STORE_ERROR_NOT_FOUND, "has no stored file" },
      };

      for (guint i = 0; i < G_N_ELEMENTS (damage); i++)
        {
          g_autofree char *sql = g_strconcat (damage[i].before, object, damage[i].after, NULL);
          g_autofree char *desk = g_strdup_printf ("%s/desk-damaged-%u", dir, i);
          g_autoptr(SlEvidenceStore) store = NULL;
          g_autofree char *local = NULL;

          sl_test_pg_exec (on_db, sql);
          store = sl_evidence_store_new_server (desk, db->desk, "evidence", &error);
          ck_assert_msg (store != NULL, "%s", error ? error->message : "");
          ck_assert (!sl_evidence_store_check (store, relative, &error));
          ck_assert_msg (g_error_matches (error, SL_STORE_ERROR, damage[i].code), "%u: %s (%d)", i, error->message,
                         error->code);
          ck_assert_msg (strstr (error->message, damage[i].says) != NULL, "%u: %s", i, error->message);
          g_clear_error (&error);
          local = sl_evidence_store_path (store, relative);
          ck_assert_msg (!g_file_test (local, G_FILE_TEST_EXISTS), "%u: a local copy was left at %s", i, local);
        }
    }
  }
  sl_test_rm_rf (dir);
}
END_TEST

/* One desk enrols; the other hears of it and reads only the new rows, and
 * its search is the same as a fresh load's. */
START_TEST (test_gallery_notice_and_extend)
{
  g_autoptr(Db) db = made_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SlStore) a = sl_store_open (db->desk, &error);
  g_autoptr(SlStore) b = sl_store_open (db->desk, &error);
  g_autoptr(SlGalleryMatrix) matrix = NULL;
  g_autoptr(SlGalleryMatrix) fresh = NULL;
  g_autoptr(GArray) hits = NULL;
  g_autoptr(GArray) fresh_hits = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  gboolean extended = FALSE;
  float probe[512];
  double norm = 0;
  gint64 user;

  ck_assert (a != NULL && b != NULL);
  user = add_user (a, "enroller");
  sl_test_pg_exec (db->owner, "INSERT INTO galleries (name, model_id, model_sha256, dim, created_by, created_at) "
                 "VALUES ('g', 'synthetic', repeat ('0', 64), 512, 1, '2024-01-01')");
  (void) user;
  sl_test_db_add_server (db->desk, db->owner, NULL);
  sl_test_write_synthetic (db->desk, 1, 300, 3, 5);
  matrix = sl_gallery_matrix_load (b, 1, 1, NULL, &error);
  ck_assert_msg (matrix != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (sl_gallery_matrix_get_n_faces (matrix), 300);
  (void) sl_store_take_gallery_notice (b);

  /* Desk a enrols (a change announced in its transaction). */
  ck_assert (sl_store_begin (a, &error));
  ck_assert (sl_store_announce_gallery (a, &error));
  ck_assert (sl_store_commit (a, &error));
  sl_test_write_synthetic (db->desk, 1, 200, 4, 6);
  g_usleep (200000);
  ck_assert_msg (sl_store_take_gallery_notice (b), "desk b did not hear of the change");
  ck_assert (!sl_store_take_gallery_notice (b));

  ck_assert_msg (sl_gallery_matrix_extend (matrix, b, NULL, &extended, &error), "%s", error ? error->message : "");
  ck_assert (extended);
  ck_assert_uint_eq (sl_gallery_matrix_get_n_faces (matrix), 500);
  fresh = sl_gallery_matrix_load (b, 1, 1, NULL, &error);
  ck_assert_uint_eq (sl_gallery_matrix_get_generation (fresh), sl_gallery_matrix_get_generation (matrix));
  for (guint k = 0; k < 512; k++)
    {
      probe[k] = (float) g_rand_double_range (rand, -1, 1);
      norm += (double) probe[k] * probe[k];
    }
  for (guint k = 0; k < 512; k++)
    probe[k] = (float) (probe[k] / sqrt (norm));
  hits = sl_gallery_matrix_search (matrix, probe, 20, -1.0f, &error);
  fresh_hits = sl_gallery_matrix_search (fresh, probe, 20, -1.0f, &error);
  ck_assert_uint_eq (hits->len, fresh_hits->len);
  for (guint i = 0; i < hits->len; i++)
    {
      ck_assert_int_eq (g_array_index (hits, SlGalleryHit, i).face_id, g_array_index (fresh_hits, SlGalleryHit, i).face_id);
      ck_assert_float_eq (g_array_index (hits, SlGalleryHit, i).score, g_array_index (fresh_hits, SlGalleryHit, i).score);
    }
}
END_TEST

static Suite *
store_pg_suite (void)
{
  Suite *s = suite_create ("store-pg");
  TCase *tc = tcase_create ("store-pg");

  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_open_refusals);
  tcase_add_test (tc, test_connection_lost_mid_action);
  tcase_add_test (tc, test_statement_timeout);
  tcase_add_test (tc, test_stored_files);
  tcase_add_test (tc, test_gallery_notice_and_extend);
  suite_add_tcase (s, tc);
  return s;
}

int
main (void)
{
  sl_test_pg_cluster ();
  return sl_test_run_suite (store_pg_suite ());
}
