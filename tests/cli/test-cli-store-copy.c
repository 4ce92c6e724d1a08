/* test-cli-store-copy.c: `sightline-cli store copy` of a desk's database
 * file with real content (cases, stills, a footage clip, a gallery enrolled
 * from LFW, a search, decisions) onto a throwaway PostgreSQL server, and
 * `store migrate`; always on a server, whatever the test setup.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include <libpq-fe.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "sl-test-footage.h"
#include "sl-test-lfw.h"
#include "sl-test-pg.h"
#include "sl-test-search.h"
#include "sl-test-store.h"

#define CASE "C-1"

/* helpers */

static GPtrArray *
source_tables (const char *db)
{
  GPtrArray *tables = g_ptr_array_new_with_free_func (g_free);
  sqlite3 *handle = NULL;
  sqlite3_stmt *stmt = NULL;

  ck_assert_int_eq (sqlite3_open_v2 (db, &handle, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
  ck_assert_int_eq (sqlite3_prepare_v2 (handle, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name "
                                                "NOT LIKE 'sqlite%' ORDER BY name", -1, &stmt, NULL), SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (tables, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  sqlite3_close (handle);
  return tables;
}

/* Every table's row count on the server, and its stored files: what a
 * refused second copy must leave as it was. */
static char *
target_fingerprint (const char *uri,
                    GPtrArray  *tables)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < tables->len; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM \"%s\"", (char *) g_ptr_array_index (tables, i));
      g_string_append_printf (out, "%s=%" G_GINT64_FORMAT " ", (char *) g_ptr_array_index (tables, i),
                              sl_test_pg_int (uri, sql));
    }
  g_string_append_printf (out, "stored_files=%" G_GINT64_FORMAT " ",
                          sl_test_pg_int (uri, "SELECT count(*) FROM stored_files"));
  g_string_append_printf (out, "audit_head=%" G_GINT64_FORMAT,
                          sl_test_pg_int (uri, "SELECT coalesce (max (seq), 0) FROM audit"));
  return g_string_free (out, FALSE);
}

static void
copy_cli (SlTestRun  *run,
          const char *data_dir,
          const char *from,
          const char *to)
{
  g_autofree char *env = g_strconcat ("SIGHTLINE_DATA_DIR=", data_dir, NULL);
  char *envp[] = { env, NULL };
  const char *args[] = { "--json", "store", "copy", "--from", from, "--to", to, NULL };

  sl_test_cli_env (run, NULL, envp, FALSE, args);
}

static gint64
import (SlTestDb   *db,
        const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlEvidence) e = sl_engine_evidence_import (db->engine, db->investigator, CASE, path, NULL, NULL, NULL,
                                                       &error);

  ck_assert_msg (e != NULL, "import %s: %s", path, error ? error->message : "");
  return e->id;
}

/* A PostgreSQL client program: on the path, else Debian's own folder. */
static char *
pg_tool (const char *name)
{
  char *path = g_find_program_in_path (name);

  if (path == NULL)
    path = g_build_filename ("/usr/lib/postgresql/15/bin", name, NULL);
  return path;
}

/* A desk's database with some of everything. */
static SlTestDb *
demo_database (void)
{
  SlTestDb *db = sl_test_db_new (TRUE);
  g_autoptr(GPtrArray) ids = sl_test_lfw_identities (3, 6);
  g_autoptr(SlEnrolSummary) enrolled = NULL;
  g_autoptr(SlTestScript) script = sl_test_script_new (320, 240, 10, 2, 3);
  g_autoptr(SlSearchResult) r = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *probe = NULL;
  g_autofree char *second = NULL;
  g_autofree char *clip = g_build_filename (db->dir, "shop-camera.avi", NULL);
  const char *person = g_ptr_array_index (ids, 1);
  SlDecideResult d;
  gint64 face, lead;

  enrolled = sl_test_enrol_lfw (db, ids, 2);
  probe = sl_test_lfw_image (g_ptr_array_index (ids, 0), 2);
  face = sl_test_db_probe_face (db, CASE, probe);
  second = sl_test_lfw_image (g_ptr_array_index (ids, 2), 2);
  import (db, second);
  sl_test_script_add (script, person, sl_test_person_photo (sl_test_lfw_dir (), person, 2), 0.1, 1.9, 0.3, 0.5,
                      0.6, 0.5, 0.4, 0.45);
  ck_assert_msg (sl_test_script_write (script, sl_test_lfw_dir (), clip, SL_VIDEO_CODEC_MJPEG, NULL, NULL, &error),
                 "%s", error ? error->message : "");
  import (db, clip);

  r = sl_test_search_shown_by (db, sl_test_db_searcher (db), CASE, face, 3, NULL);
  ck_assert_uint_gt (r->candidates->len, 0);
  lead = ((SlSearchCandidate *) g_ptr_array_index (r->candidates, 0))->candidate_id;
  ck_assert_msg (sl_engine_decide (db->engine, db->investigator, lead, "possible-lead", "Same ears and hairline", &d,
                                   &error), "%s", error ? error->message : "");
  ck_assert_msg (sl_engine_decide (db->engine, db->supervisor, lead, "possible-lead", "Independently the same", &d,
                                   &error), "%s", error ? error->message : "");
  return db;
}

/* tests */

START_TEST (test_copy_demo_database)
{
  g_autoptr(SlTestDb) db = demo_database ();
  g_autoptr(GPtrArray) tables = source_tables (db->db);
  g_autoptr(GPtrArray) evidence = NULL;
  g_autoptr(GPtrArray) on_desk = NULL;
  g_autoptr(JsonNode) json = NULL;
  g_autoptr(SlEngine) desk = NULL;
  g_autoptr(SlSession) ivan = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(SlTestRun) run = { 0 };
  g_autofree char *owner = NULL;
  g_autofree char *desk_uri = NULL;
  g_autofree char *name = sl_test_pg_new_database (&owner, &desk_uri);
  g_autofree char *data_dir = g_build_filename (db->dir, "desk-data", NULL);
  g_autofree char *data_env = g_strconcat ("SIGHTLINE_DATA_DIR=", data_dir, NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  JsonObject *o;
  struct stat st;

  ck_assert_int_eq (g_mkdir_with_parents (data_dir, 0700), 0);
  sl_test_checkpoint (db->db);
  ck_assert_int_eq (g_stat (db->db, &st), 0);

  copy_cli (&run, data_dir, db->db, owner);
  ck_assert_msg (run.status == 0, "store copy: %d %s %s", run.status, run.out, run.err);
  json = sl_test_parse_json (run.out);
  o = json_node_get_object (json);
  ck_assert (json_object_get_boolean_member (o, "verified"));
  ck_assert_int_eq (json_object_get_int_member (o, "evidence_files"), 3);
  ck_assert_int_ge (json_object_get_int_member (o, "gallery_files"), 6);
  ck_assert_int_gt (json_object_get_int_member (o, "bytes"), 10000);
  g_print ("# store copy of a %" G_GINT64_FORMAT "-byte database: %" G_GINT64_FORMAT " rows, %" G_GINT64_FORMAT
           " files, %" G_GINT64_FORMAT " bytes in %.2f s\n",
           (gint64) st.st_size, json_object_get_int_member (o, "rows"), json_object_get_int_member (o, "files"),
           json_object_get_int_member (o, "bytes"), json_object_get_double_member (o, "seconds"));
  /* Progress per table and per file on stderr. */
  ck_assert_msg (strstr (run.err, "table audit: ") != NULL, "%s", run.err);
  ck_assert_msg (strstr (run.err, "shop-camera.avi") != NULL, "%s", run.err);

  /* Every table holds as many rows as at the source. */
  for (guint i = 0; i < tables->len; i++)
    {
      const char *t = g_ptr_array_index (tables, i);
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM \"%s\"", t);

      ck_assert_msg (sl_test_sql_int (db->db, sql) == sl_test_pg_int (owner, sql), "table %s: %" G_GINT64_FORMAT
                     " rows at the source, %" G_GINT64_FORMAT " on the server", t, sl_test_sql_int (db->db, sql),
                     sl_test_pg_int (owner, sql));
    }
  ck_assert_int_eq (sl_test_pg_int (owner, "SELECT count(*) FROM stored_files WHERE kind = 'evidence'"), 3);
  ck_assert_int_eq (sl_test_pg_int (owner, "SELECT count(*) FROM stored_files WHERE kind = 'gallery'"),
                    json_object_get_int_member (o, "gallery_files"));

  /* A desk verifies the office's chain... */
  {
    char *envp[] = { data_env, (char *) "SIGHTLINE_PASSWORD=" SL_TEST_SUPERVISOR_PASSWORD, NULL };
    const char *args[] = { "--json", "--user", "sue", "audit", "verify", NULL };

    sl_test_cli_env (&run, desk_uri, envp, FALSE, args);
    ck_assert_msg (run.status == 0, "audit verify on the desk: %d %s %s", run.status, run.out, run.err);
    ck_assert_msg (strstr (run.out, "\"intact\":true") != NULL, "%s", run.out);
  }

  /* ...and reads the evidence, the same bytes as the source's. */
  g_setenv ("SIGHTLINE_DATA_DIR", data_dir, TRUE);
  desk = sl_engine_new (desk_uri);
  ck_assert_msg (sl_engine_open (desk, &error), "desk: %s", error ? error->message : "");
  ivan = sl_engine_sign_in (desk, "ivan", SL_TEST_INVESTIGATOR_PASSWORD, &error);
  ck_assert_msg (ivan != NULL, "%s", error ? error->message : "");
  evidence = sl_engine_evidence_list (db->engine, db->investigator, CASE, &error);
  on_desk = sl_engine_evidence_list (desk, ivan, CASE, &error);
  ck_assert_msg (on_desk != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (on_desk->len, 3);
  for (guint i = 0; i < evidence->len; i++)
    {
      SlEvidence *e = g_ptr_array_index (evidence, i);
      SlEvidence *f = g_ptr_array_index (on_desk, i);
      g_autofree char *source_path = sl_engine_evidence_path (db->engine, e);
      g_autofree char *desk_path = sl_engine_evidence_path (desk, f);
      g_autofree char *a = NULL;
      g_autofree char *b = NULL;
      gsize la, lb;

      ck_assert_int_eq (e->id, f->id);
      ck_assert_str_eq (e->sha256, f->sha256);
      ck_assert_str_ne (source_path, desk_path);
      ck_assert (g_file_get_contents (source_path, &a, &la, NULL));
      ck_assert_msg (g_file_get_contents (desk_path, &b, &lb, NULL), "the desk cannot read %s", desk_path);
      ck_assert_uint_eq (la, lb);
      ck_assert (memcmp (a, b, la) == 0);
    }

  /* A second copy into the same database is refused and changes nothing. */
  before = target_fingerprint (owner, tables);
  copy_cli (&run, data_dir, db->db, owner);
  ck_assert_int_ne (run.status, 0);
  ck_assert_msg (strstr (run.err, "Nothing was copied") != NULL && strstr (run.err, "not empty") != NULL, "%s",
                 run.err);
  after = target_fingerprint (owner, tables);
  ck_assert_str_eq (before, after);

  /* store migrate: the owner may, the desks' role never. */
  {
    char *envp[] = { data_env, NULL };
    const char *args[] = { "--json", "store", "migrate", NULL };

    sl_test_cli_env (&run, owner, envp, FALSE, args);
    ck_assert_msg (run.status == 0, "migrate as the owner: %d %s %s", run.status, run.out, run.err);
    sl_test_cli_env (&run, desk_uri, envp, FALSE, args);
    ck_assert_msg (run.status == 3, "migrate as a desk: %d %s %s", run.status, run.out, run.err);
    ck_assert_msg (strstr (run.err, "owner") != NULL, "%s", run.err);
    /* A desk on an older schema is refused as well (exit 3), told whom to ask. */
    sl_test_pg_exec (owner, "UPDATE sightline_schema SET version = version - 1");
    sl_test_cli_env (&run, desk_uri, envp, FALSE, args);
    ck_assert_msg (run.status == 3, "migrate as a desk on an older schema: %d %s %s", run.status, run.out, run.err);
    ck_assert_msg (strstr (run.err, "administrator") != NULL, "%s", run.err);
    sl_test_pg_exec (owner, "UPDATE sightline_schema SET version = version + 1");
    /* On a file it is what opening does. */
    sl_test_cli_env (&run, db->db, envp, FALSE, args);
    ck_assert_msg (run.status == 0 && strstr (run.out, "\"schema_version\"") != NULL, "migrate a file: %d %s %s",
                   run.status, run.out, run.err);
  }

  /* One pg_dump holds it all: restored into another database, a desk that
   * never saw the office reads the evidence, same bytes, and the chain
   * verifies. */
  {
    g_autofree char *super = g_strdup (sl_test_pg_cluster ());
    g_autofree char *dump = g_build_filename (db->dir, "office.dump", NULL);
    g_autofree char *restored_owner = NULL;
    g_autofree char *restored_desk = NULL;
    g_autofree char *restored = sl_test_pg_new_database (&restored_owner, &restored_desk);
    g_autofree char *from_uri = NULL;
    g_autofree char *to_uri = NULL;
    g_autofree char *pg_dump = pg_tool ("pg_dump");
    g_autofree char *pg_restore = pg_tool ("pg_restore");
    g_autofree char *other_dir = g_build_filename (db->dir, "other-desk", NULL);
    g_autofree char *other_env = g_strconcat ("SIGHTLINE_DATA_DIR=", other_dir, NULL);
    char *slash = strrchr (super, '/');
    int status = 0;

    *slash = '\0';
    from_uri = g_strdup_printf ("%s/%s", super, name);
    to_uri = g_strdup_printf ("%s/%s", super, restored);
    {
      const char *argv[] = { pg_dump, "-Fc", "-f", dump, "-d", from_uri, NULL };
      g_autofree char *err = NULL;

      ck_assert (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &err,
                               &status, NULL));
      ck_assert_msg (g_spawn_check_wait_status (status, NULL), "pg_dump: %s", err);
    }
    {
      const char *argv[] = { pg_restore, "--exit-on-error", "-d", to_uri, dump, NULL };
      g_autofree char *err = NULL;

      ck_assert (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &err,
                               &status, NULL));
      ck_assert_msg (g_spawn_check_wait_status (status, NULL), "pg_restore: %s", err);
    }
    ck_assert_int_eq (sl_test_pg_int (restored_owner, "SELECT count(*) FROM stored_files"),
                      sl_test_pg_int (owner, "SELECT count(*) FROM stored_files"));
    ck_assert_int_eq (g_mkdir_with_parents (other_dir, 0700), 0);
    {
      char *envp[] = { other_env, (char *) "SIGHTLINE_PASSWORD=" SL_TEST_SUPERVISOR_PASSWORD, NULL };
      const char *args[] = { "--json", "--user", "sue", "audit", "verify", NULL };

      sl_test_cli_env (&run, restored_desk, envp, FALSE, args);
      ck_assert_msg (run.status == 0 && strstr (run.out, "\"intact\":true") != NULL,
                     "audit verify on the restored copy: %d %s %s", run.status, run.out, run.err);
    }
    {
      g_autoptr(SlEngine) other = NULL;
      g_autoptr(SlSession) who = NULL;
      g_autoptr(GPtrArray) list = NULL;

      g_setenv ("SIGHTLINE_DATA_DIR", other_dir, TRUE);
      other = sl_engine_new (restored_desk);
      ck_assert_msg (sl_engine_open (other, &error), "restored: %s", error ? error->message : "");
      who = sl_engine_sign_in (other, "ivan", SL_TEST_INVESTIGATOR_PASSWORD, &error);
      ck_assert_msg (who != NULL, "%s", error ? error->message : "");
      list = sl_engine_evidence_list (other, who, CASE, &error);
      ck_assert_msg (list != NULL && list->len == evidence->len, "%s", error ? error->message : "");
      for (guint i = 0; i < list->len; i++)
        {
          SlEvidence *e = g_ptr_array_index (evidence, i);
          g_autofree char *source_path = sl_engine_evidence_path (db->engine, e);
          g_autofree char *path = sl_engine_evidence_path (other, g_ptr_array_index (list, i));
          g_autofree char *a = NULL;
          g_autofree char *b = NULL;
          gsize la, lb;

          ck_assert (g_str_has_prefix (path, other_dir));
          ck_assert (g_file_get_contents (source_path, &a, &la, NULL));
          ck_assert_msg (g_file_get_contents (path, &b, &lb, NULL), "the restored copy's %s cannot be read", path);
          ck_assert_uint_eq (la, lb);
          ck_assert (memcmp (a, b, la) == 0);
        }
    }
  }
}
END_TEST

START_TEST (test_copy_tampered_source)
{
  g_autoptr(SlTestDb) db = sl_test_db_new (FALSE);
  g_autoptr(GPtrArray) ids = sl_test_lfw_identities (2, 1);
  g_autoptr(GPtrArray) evidence = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(SlTestRun) run = { 0 };
  g_autofree char *owner = NULL;
  g_autofree char *desk_uri = NULL;
  g_autofree char *name = sl_test_pg_new_database (&owner, &desk_uri);
  g_autofree char *data_dir = g_build_filename (db->dir, "desk-data", NULL);
  g_autofree char *photo = sl_test_lfw_image (g_ptr_array_index (ids, 0), 0);
  g_autofree char *stored = NULL;
  g_autofree char *bytes = NULL;
  gsize size;

  ck_assert_int_eq (g_mkdir_with_parents (data_dir, 0700), 0);
  sl_test_db_probe_face (db, CASE, photo);
  evidence = sl_engine_evidence_list (db->engine, db->investigator, CASE, &error);
  ck_assert_uint_eq (evidence->len, 1);
  stored = sl_engine_evidence_path (db->engine, g_ptr_array_index (evidence, 0));
  /* One byte changed in the stored still, as damage or a tamperer would. */
  ck_assert (g_file_get_contents (stored, &bytes, &size, NULL));
  bytes[size / 2] ^= 0x5a;
  ck_assert_int_eq (g_chmod (stored, 0600), 0);
  ck_assert (g_file_set_contents (stored, bytes, (gssize) size, NULL));

  copy_cli (&run, data_dir, db->db, owner);
  ck_assert_int_eq (run.status, 1);
  ck_assert_msg (strstr (run.err, "altered or damaged") != NULL, "%s", run.err);
  ck_assert_msg (strstr (run.err, "drop the database") != NULL, "%s", run.err);
  ck_assert_msg (strstr (run.out, "\"error\"") != NULL, "%s", run.out);
}
END_TEST

static Suite *
store_copy_suite (void)
{
  Suite *s = suite_create ("cli-store-copy");
  TCase *copy = tcase_create ("copy");

  tcase_set_timeout (copy, 280);
  tcase_add_test (copy, test_copy_demo_database);
  tcase_add_test (copy, test_copy_tampered_source);
  suite_add_tcase (s, copy);
  return s;
}

int
main (void)
{
  /* The source is a desk's file whatever the setup; the target is always
   * on the throwaway server. */
  g_unsetenv ("SIGHTLINE_TEST_BACKEND");
  sl_test_pg_cluster ();
  return sl_test_run_suite (store_copy_suite ());
}
