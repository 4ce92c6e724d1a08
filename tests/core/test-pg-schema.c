/* test-pg-schema.c: the PostgreSQL schema (sl-store-schema-pg.c) on a real
 * throwaway server: it loads in one step as the owner; the desks' role may
 * append to and read the audit but never change, delete, truncate it or
 * drop its triggers; the triggers refuse what SQLite's refuse, with the
 * same messages; SQLite's functions give SQLite's answers; and the tables
 * and columns are those of a database the real code creates.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include <check.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "core/sl-store-private.h"
#include "core/sl-store.h"
#include "sl-test-pg.h"
#include "sl-test-util.h"

#define SHA "'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'"

typedef struct
{
  char *name;
  char *owner_uri;
  char *desk_uri;
} Db;

static void
db_free (Db *db)
{
  g_free (db->name);
  g_free (db->owner_uri);
  g_free (db->desk_uri);
  g_free (db);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Db, db_free)

static void
pg_close (PGconn *conn)
{
  PQfinish (conn);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGconn, pg_close)

/* libpq's last error on one line, for the TAP output. */
static char *
pg_error (PGconn *conn)
{
  char *message = g_strstrip (g_strdup (PQerrorMessage (conn)));

  g_strdelimit (message, "\n", ' ');
  return message;
}

static void
quiet (void       *data,
       const char *message)
{
}

static PGconn *
pg_connect (const char *uri)
{
  PGconn *conn = PQconnectdb (uri);

  ck_assert_msg (PQstatus (conn) == CONNECTION_OK, "cannot connect to %s: %s", uri, pg_error (conn));
  /* TRUNCATE ... CASCADE's notices are not news. */
  PQsetNoticeProcessor (conn, quiet, NULL);
  return conn;
}

static void
pg_ok (PGconn     *conn,
       const char *sql)
{
  PGresult *res = PQexec (conn, sql);
  ExecStatusType st = PQresultStatus (res);

  ck_assert_msg (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK, "%s: %s", sql, pg_error (conn));
  PQclear (res);
}

/* The statement fails with this SQLSTATE; its primary message. */
static char *
pg_fails (PGconn     *conn,
          const char *sql,
          const char *sqlstate)
{
  PGresult *res = PQexec (conn, sql);
  char *message;

  ck_assert_msg (PQresultStatus (res) == PGRES_FATAL_ERROR, "%s: not refused", sql);
  ck_assert_msg (g_strcmp0 (PQresultErrorField (res, PG_DIAG_SQLSTATE), sqlstate) == 0,
                 "%s: SQLSTATE %s, not %s (%s)", sql, PQresultErrorField (res, PG_DIAG_SQLSTATE), sqlstate,
                 pg_error (conn));
  message = g_strdup (PQresultErrorField (res, PG_DIAG_MESSAGE_PRIMARY));
  PQclear (res);
  return message;
}

/* One value of one row, NULL for SQL NULL. */
static char *
pg_value (PGconn     *conn,
          const char *sql)
{
  PGresult *res = PQexec (conn, sql);
  char *value;

  ck_assert_msg (PQresultStatus (res) == PGRES_TUPLES_OK && PQntuples (res) == 1, "%s: %s", sql,
                 pg_error (conn));
  value = PQgetisnull (res, 0, 0) ? NULL : g_strdup (PQgetvalue (res, 0, 0));
  PQclear (res);
  return value;
}

/* One column of every row, joined with commas. */
static char *
pg_column (PGconn     *conn,
           const char *sql)
{
  PGresult *res = PQexec (conn, sql);
  g_autoptr(GString) out = g_string_new (NULL);

  ck_assert_msg (PQresultStatus (res) == PGRES_TUPLES_OK, "%s: %s", sql, pg_error (conn));
  for (int i = 0; i < PQntuples (res); i++)
    g_string_append_printf (out, "%s%s", i > 0 ? "," : "", PQgetvalue (res, i, 0));
  PQclear (res);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
sqlite_column (sqlite3    *db,
               const char *sql)
{
  g_autoptr(GString) out = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;
  int rc;

  ck_assert_msg (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK, "%s: %s", sql, sqlite3_errmsg (db));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_string_append_printf (out, "%s%s", out->len > 0 ? "," : "", (const char *) sqlite3_column_text (stmt, 0));
  ck_assert_msg (rc == SQLITE_DONE, "%s: %s", sql, sqlite3_errmsg (db));
  sqlite3_finalize (stmt);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* A fresh database with the baseline, loaded by the owner in one step. */
static Db *
baseline_db (void)
{
  g_autoptr(Db) db = g_new0 (Db, 1);
  g_autoptr(PGconn) conn = NULL;

  db->name = sl_test_pg_new_database (&db->owner_uri, &db->desk_uri);
  conn = pg_connect (db->owner_uri);
  pg_ok (conn, "BEGIN");
  pg_ok (conn, sl_store_pg_baseline ());
  /* Then its migrations, as the store runs them: the schema of now. */
  for (guint i = 0; i < sl_store_pg_n_migrations (); i++)
    {
      g_autofree char *bump = g_strdup_printf ("UPDATE sightline_schema SET version = %d",
                                               sl_store_pg_baseline_version () + (int) i + 1);
      pg_ok (conn, sl_store_pg_migration (i));
      pg_ok (conn, bump);
    }
  pg_ok (conn, "COMMIT");
  return g_steal_pointer (&db);
}

/* A database made by the real code (every SQLite migration), opened with
 * plain SQLite; dir receives its folder, to be removed by the caller. */
static sqlite3 *
sqlite_db (char **dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlStore) store = NULL;
  g_autofree char *path = NULL;
  sqlite3 *db = NULL;

  *dir = sl_test_make_tmp_dir ("sl-pg-schema-XXXXXX");
  path = g_build_filename (*dir, "store.db", NULL);
  store = sl_store_create (path, &error);
  ck_assert_msg (store != NULL, "%s", error ? error->message : "");
  g_clear_object (&store);
  ck_assert_int_eq (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
  sqlite3_exec (db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
  return db;
}

START_TEST (test_baseline)
{
  g_autoptr(Db) db = baseline_db ();
  g_autoptr(PGconn) conn = pg_connect (db->owner_uri);
  g_autofree char *row = pg_value (conn, "SELECT application_id || ' ' || version FROM sightline_schema");
  g_autofree char *want = g_strdup_printf ("%d %d", SL_STORE_APPLICATION_ID, sl_store_schema_version ());
  g_autofree char *err = NULL;

  /* The baseline plus its migrations reach the version SQLite's reach:
   * a new SQLite migration without its PostgreSQL twin fails here. */
  ck_assert_int_eq (sl_store_pg_baseline_version () + (int) sl_store_pg_n_migrations (),
                    (int) sl_store_n_migrations ());
  ck_assert_str_eq (row, want);
  /* One row, never two. */
  err = pg_fails (conn, "INSERT INTO sightline_schema VALUES (1, 1)", "23505");
}
END_TEST

/* Same tables, same columns in the same order, same triggers, indexes,
 * view and first rows as a database the real code creates. */
START_TEST (test_same_as_sqlite)
{
  g_autoptr(Db) db = baseline_db ();
  g_autoptr(PGconn) conn = pg_connect (db->owner_uri);
  g_autofree char *dir = NULL;
  sqlite3 *lite = sqlite_db (&dir);
  g_autofree char *tables = sqlite_column (lite, "SELECT name FROM sqlite_master WHERE type = 'table' "
                                                 "AND name NOT LIKE 'sqlite%' ORDER BY name");
  g_autofree char *pg_tables = pg_column (conn, "SELECT table_name FROM information_schema.tables "
                                                "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' "
                                                "AND table_name NOT IN ('sightline_schema', 'stored_files') "
                                                "ORDER BY table_name");
  g_auto(GStrv) names = g_strsplit (tables, ",", -1);
  const char *const names_sql[][2] = {
    { "SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name",
      "SELECT tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal "
      "AND (t.tgtype & 32) = 0 AND c.relname <> 'stored_files' ORDER BY tgname" },
      /* 32: TRUNCATE, which SQLite has not; stored_files: the files' bytes,
       * which are files beside a SQLite database */
    { "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name",
      "SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND indexname NOT LIKE '%pkey' "
      "AND indexname NOT LIKE '%key' AND indexname <> 'sightline_schema_one_row' ORDER BY indexname" },
    { "SELECT name FROM sqlite_master WHERE type = 'view' ORDER BY name",
      "SELECT table_name FROM information_schema.views WHERE table_schema = 'public' ORDER BY table_name" },
    { "SELECT key || '=' || value FROM policy ORDER BY key", "SELECT key || '=' || value FROM policy ORDER BY key" },
    { "SELECT key || '=' || value FROM meta ORDER BY key", "SELECT key || '=' || value FROM meta ORDER BY key" },
    { "SELECT code || ' ' || label || ' ' || active || ' ' || category FROM offenses ORDER BY code",
      "SELECT code || ' ' || label || ' ' || active || ' ' || category FROM offenses ORDER BY code" },
  };

  ck_assert_str_eq (pg_tables, tables);
  ck_assert_uint_eq (g_strv_length (names), 32);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *lite_sql = g_strdup_printf ("SELECT name FROM pragma_table_info ('%s') ORDER BY cid", names[i]);
      g_autofree char *pg_sql = g_strdup_printf ("SELECT column_name FROM information_schema.columns WHERE "
                                                 "table_schema = 'public' AND table_name = '%s' "
                                                 "ORDER BY ordinal_position", names[i]);
      g_autofree char *lite_cols = sqlite_column (lite, lite_sql);
      g_autofree char *pg_cols = pg_column (conn, pg_sql);

      ck_assert_msg (g_strcmp0 (lite_cols, pg_cols) == 0, "table %s: SQLite has %s, PostgreSQL %s", names[i],
                     lite_cols, pg_cols);
    }
  for (guint i = 0; i < G_N_ELEMENTS (names_sql); i++)
    {
      g_autofree char *lite_names = sqlite_column (lite, names_sql[i][0]);
      g_autofree char *pg_names = pg_column (conn, names_sql[i][1]);

      ck_assert_msg (g_strcmp0 (lite_names, pg_names) == 0, "%s\nSQLite:     %s\nPostgreSQL: %s", names_sql[i][0],
                     lite_names, pg_names);
    }
  sqlite3_close (lite);
  sl_test_rm_rf (dir);
}
END_TEST

START_TEST (test_desk_audit_privileges)
{
  g_autoptr(Db) db = baseline_db ();
  g_autoptr(PGconn) desk = pg_connect (db->desk_uri);
  g_autoptr(PGconn) owner = pg_connect (db->owner_uri);
  const char *const refused[] = {
    "UPDATE audit SET hash = 'x'",
    "DELETE FROM audit",
    "TRUNCATE audit",
    "DROP TRIGGER audit_no_update ON audit",
    "DROP TRIGGER audit_no_delete ON audit",
    "ALTER TABLE audit DISABLE TRIGGER audit_no_update",
    "ALTER TABLE audit DISABLE TRIGGER ALL",
    "DROP TABLE audit",
    "DROP FUNCTION sl_refuse ()",
    "CREATE OR REPLACE FUNCTION sl_refuse () RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END'",
    "UPDATE sightline_schema SET version = 99",
    "TRUNCATE users",
  };
  g_autofree char *count = NULL;
  g_autofree char *hash = NULL;

  pg_ok (desk, "INSERT INTO audit VALUES (1, '2024-05-01T09:30:00.000000Z', NULL, 'system', 'store.create', "
               "NULL, NULL, NULL, 'success', '{}', 'p', 'h')");
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autofree char *msg = pg_fails (desk, refused[i], "42501");   /* insufficient_privilege */
    }
  count = pg_value (desk, "SELECT count(*) FROM audit");
  ck_assert_str_eq (count, "1");
  /* The owner's triggers are all still there and armed. */
  hash = pg_value (owner, "SELECT hash FROM audit WHERE seq = 1");
  ck_assert_str_eq (hash, "h");
  count = (g_free (count), pg_value (owner, "SELECT count(*) FROM pg_trigger WHERE tgrelid = 'audit'::regclass "
                                            "AND tgenabled = 'O'"));
  ck_assert_str_eq (count, "3");
  /* The desks still do their ordinary work. */
  pg_ok (desk, "INSERT INTO users (username, display_name, role, password_hash, created_at, password_changed_at) "
               "VALUES ('Ann', 'Ann', 'admin', 'x', 't', 't')");
  pg_ok (desk, "UPDATE users SET failed_signins = 1 WHERE username = 'ANN'");
  count = (g_free (count), pg_value (desk, "SELECT failed_signins FROM users WHERE username = 'ann'"));
  ck_assert_str_eq (count, "1");
}
END_TEST

START_TEST (test_owner_audit_triggers)
{
  g_autoptr(Db) db = baseline_db ();
  g_autoptr(PGconn) owner = pg_connect (db->owner_uri);
  g_autofree char *changed = NULL;
  g_autofree char *deleted = NULL;
  g_autofree char *truncated = NULL;
  g_autofree char *count = NULL;

  pg_ok (owner, "INSERT INTO audit VALUES (1, 't', NULL, NULL, 'a', NULL, NULL, NULL, 'success', '{}', 'p', 'h')");
  changed = pg_fails (owner, "UPDATE audit SET hash = 'x'", "23000");
  deleted = pg_fails (owner, "DELETE FROM audit", "23000");
  truncated = pg_fails (owner, "TRUNCATE audit", "23000");
  ck_assert_str_eq (changed, "the audit log is append-only: its rows cannot be changed");
  ck_assert_str_eq (deleted, "the audit log is append-only: its rows cannot be deleted");
  ck_assert_str_eq (truncated, "the audit log is append-only: its rows cannot be deleted");
  count = pg_value (owner, "SELECT count(*) FROM audit");
  ck_assert_str_eq (count, "1");
}
END_TEST

/* Rows both databases take; @B@ is a non-empty blob, @E@ an empty one. */
static const char fixture[] =
  "INSERT INTO users (id, username, display_name, role, password_hash, created_at, password_changed_at) VALUES "
  "  (1, 'ann', 'Ann', 'investigator', 'x', 't', 't'), (2, 'bob', 'Bob', 'supervisor', 'x', 't', 't');"
  "INSERT INTO cases (id, number, title, opened_by, opened_at) VALUES (1, 'C-1', 'Case', 1, 't');"
  "INSERT INTO evidence (id, case_id, kind, sha256, size, original_name, original_name_raw, source, stored_path, "
  "  imported_by, imported_at) VALUES (1, 1, 'footage', " SHA ", 1, 'a.mp4', @B@, 'a.mp4', 'x', 1, 't');"
  "INSERT INTO galleries (id, name, model_id, model_sha256, dim, created_by, created_at) "
  "  VALUES (1, 'G', 'm', " SHA ", 4, 1, 't');"
  "INSERT INTO subjects (id, gallery_id, external_id, created_by, created_at) VALUES (1, 1, 'S1', 1, 't');"
  "INSERT INTO gallery_faces (id, gallery_id, subject_id, image_sha256, image_path, image_path_raw, box_x, box_y, "
  "  box_w, box_h, landmarks, detector_score, quality_band, quality, embedding, model_id, model_sha256, "
  "  enrolled_by, enrolled_at) VALUES (1, 1, 1, " SHA ", 'p', @B@, 0, 0, 1, 1, '[]', 0.9, 'good', '{}', @B@, "
  "  'm', " SHA ", 1, 't');"
  "INSERT INTO tracks (id, evidence_id, first_ms, last_ms, template, created_by, created_at) "
  "  VALUES (1, 1, 0, 10, @B@, 1, 't');"
  "INSERT INTO faces (id, evidence_id, track_id, box_x, box_y, box_w, box_h, landmarks, detector_score, "
  "  quality_band, quality, embedding, model_id, model_sha256, crop, analyzed_by, analyzed_at) "
  "  VALUES (1, 1, 1, 0, 0, 1, 1, '[]', 0.9, 'good', '{}', @B@, 'm', " SHA ", @B@, 1, 't');"
  "INSERT INTO searches (id, case_id, face_id, gallery_id, gallery_name, gallery_size, gallery_subjects, "
  "  gallery_generation, model_id, model_sha256, calibration, threshold, top_k, below_threshold_shown, "
  "  above_threshold, offense_code, offense_label, legal_basis, purpose, facts, run_by, started_at, ended_at) "
  "  VALUES (1, 1, 1, 1, 'G', 1, 1, 0, 'm', " SHA ", 'c', 0.5, 5, 0, 1, 'FRAUD', 'Fraud', 'l', 'suspect', "
  "  'f', 1, 't', 't');"
  "INSERT INTO candidates (id, search_id, rank, subject_id, gallery_face_id, similarity, false_match_rate, "
  "  fmr_beyond_range, expected_false, above_threshold) VALUES (1, 1, 1, 1, 1, 0.7, 0.001, 0, 0.001, 1);"
  "INSERT INTO authorisations (id, case_id, authority, reference, requested_by, requested_at) "
  "  VALUES (1, 1, 'Court', 'W-1', 1, 't');"
  "INSERT INTO policy_requests (id, key, value, requested_by, requested_at) VALUES (1, 'threshold', '0.6', 1, 't');"
  "INSERT INTO gallery_copies (image_sha256, stored, checked_at) VALUES (" SHA ", 1, 't');";

/* Statements run in this order on both (on PostgreSQL as a desk; the audit's
 * triggers are the owner's test, a desk being refused by privilege first);
 * NULL: accepted, else the refusal. */
static const struct
{
  const char *sql;
  const char *refusal;
} steps[] = {
  { "INSERT INTO decisions (id, candidate_id, reviewer_id, stage, decision, rationale, decided_at) "
    "VALUES (1, 1, 1, 'second', 'excluded', 'r', 't')",
    "a second review needs a first decision by another person" },
  { "INSERT INTO decisions (id, candidate_id, reviewer_id, stage, decision, rationale, decided_at) "
    "VALUES (1, 1, 1, 'first', 'possible-lead', 'r', 't')", NULL },
  /* The trigger speaks before the UNIQUE (candidate_id, reviewer_id). */
  { "INSERT INTO decisions (id, candidate_id, reviewer_id, stage, decision, rationale, decided_at) "
    "VALUES (2, 1, 1, 'second', 'excluded', 'r', 't')",
    "a second review needs a first decision by another person" },
  { "INSERT INTO decisions (id, candidate_id, reviewer_id, stage, decision, rationale, decided_at) "
    "VALUES (2, 1, 2, 'second', 'possible-lead', 'r', 't')", NULL },
  { "UPDATE decisions SET rationale = 'other' WHERE id = 1", "a decision cannot be changed" },
  { "DELETE FROM decisions WHERE id = 2", "a decision cannot be deleted" },
  { "INSERT INTO decision_corrections (decision_id, decision, reason, corrected_by, corrected_at) "
    "VALUES (1, 'excluded', 'typo', 2, 't')", "only the person who took a decision corrects it" },
  { "INSERT INTO decision_corrections (id, decision_id, decision, reason, corrected_by, corrected_at) "
    "VALUES (1, 1, 'excluded', 'typo', 1, 't')", NULL },
  { "INSERT INTO outcomes (id, candidate_id, outcome, note, supersedes, recorded_by, recorded_at) "
    "VALUES (1, 1, 'corroborated', 'n', NULL, 1, 't')", NULL },
  { "INSERT INTO outcomes (id, candidate_id, outcome, note, supersedes, recorded_by, recorded_at) "
    "VALUES (2, 1, 'arrested', 'n', NULL, 1, 't')", "an outcome must supersede the latest outcome of its lead" },
  { "INSERT INTO outcomes (id, candidate_id, outcome, note, supersedes, recorded_by, recorded_at) "
    "VALUES (2, 1, 'arrested', 'n', 1, 1, 't')", NULL },
  { "UPDATE outcomes SET note = 'x' WHERE id = 2",
    "an outcome cannot be changed; record a new one that supersedes it" },
  { "UPDATE candidates SET similarity = 0.9", "a candidate record cannot be changed" },
  { "DELETE FROM candidates WHERE id = 1", "a candidate record is erased only when its search is sealed" },
  { "UPDATE tracks SET purged_at = 't' WHERE id = 1", "a purged track keeps no template" },
  { "UPDATE tracks SET purged_at = 't', template = NULL WHERE id = 1", NULL },
  /* Both tracks triggers refuse this one: the newest's message, as SQLite. */
  { "UPDATE tracks SET template = @B@ WHERE id = 1", "a purged track keeps no template" },
  { "UPDATE tracks SET n_sightings = 3 WHERE id = 1", "a track whose data was purged cannot be changed" },
  { "UPDATE faces SET box_x = 2 WHERE id = 1",
    "a probe face cannot be changed; only its data is purged, once, under the retention policy" },
  { "UPDATE faces SET purged_at = 't', embedding = @E@, crop = NULL WHERE id = 1", NULL },
  { "UPDATE faces SET purged_at = 'u' WHERE id = 1",
    "a probe face cannot be changed; only its data is purged, once, under the retention policy" },
  { "INSERT INTO faces (evidence_id, box_x, box_y, box_w, box_h, landmarks, detector_score, quality_band, quality, "
    "embedding, model_id, model_sha256, analyzed_by, analyzed_at) VALUES (1, 0, 0, 1, 1, '[]', 0.9, 'good', '{}', "
    "@E@, 'm', " SHA ", 1, 't')", "a probe face is stored with its embedding" },
  { "UPDATE gallery_faces SET box_x = 3", "an enrolled face cannot be changed" },
  { "INSERT INTO policy_cosigns (request_id, cosigned_by, cosigned_at) VALUES (1, 1, 't')",
    "a policy change is co-signed by another person than who asked for it" },
  { "INSERT INTO policy_cosigns (id, request_id, cosigned_by, cosigned_at) VALUES (1, 1, 2, 't')", NULL },
  { "DELETE FROM policy_cosigns", "a co-sign cannot be deleted" },
  { "UPDATE policy_requests SET value = '0.7'", "a policy request cannot be changed" },
  { "UPDATE gallery_copies SET stored = 0", "a stored gallery copy cannot be marked missing" },
  { "DELETE FROM gallery_copies", "a gallery copy record cannot be deleted" },
  { "UPDATE authorisations SET state = 'granted', decided_by = 2, decided_at = 't', decision = 'ok'", NULL },
  { "UPDATE authorisations SET state = 'refused'", "an authorisation is decided once and never changed" },
  { "INSERT INTO sealed_searches (id, kind, search_id, authorisation_id, sealed_at) "
    "VALUES (1, 'gallery', 1, 1, 't')", NULL },
  { "INSERT INTO candidates (search_id, rank, subject_id, gallery_face_id, similarity, false_match_rate, "
    "fmr_beyond_range, expected_false, above_threshold) VALUES (1, 2, 1, 1, 0.6, 0.01, 0, 0.01, 0)",
    "a sealed search takes no candidates" },
  { "DELETE FROM sealed_searches", "a seal cannot be lifted" },
  /* Sealed: its review may now be erased. */
  { "DELETE FROM decision_corrections", NULL },
  { "DELETE FROM outcomes WHERE id = 2", NULL },
};

static char *
blobs (const char *sql,
       gboolean    pg)
{
  g_auto(GStrv) a = g_strsplit (sql, "@B@", -1);
  g_autofree char *b = g_strjoinv (pg ? "'\\x0102'::bytea" : "X'0102'", a);
  g_auto(GStrv) c = g_strsplit (b, "@E@", -1);

  return g_strjoinv (pg ? "'\\x'::bytea" : "X''", c);
}

START_TEST (test_triggers_like_sqlite)
{
  g_autoptr(Db) db = baseline_db ();
  g_autoptr(PGconn) conn = pg_connect (db->desk_uri);
  g_autofree char *dir = NULL;
  sqlite3 *lite = sqlite_db (&dir);
  g_autofree char *lite_fixture = blobs (fixture, FALSE);
  g_autofree char *pg_fixture = blobs (fixture, TRUE);
  char *errmsg = NULL;

  ck_assert_msg (sqlite3_exec (lite, lite_fixture, NULL, NULL, &errmsg) == SQLITE_OK, "%s", errmsg);
  pg_ok (conn, pg_fixture);
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autofree char *lite_sql = blobs (steps[i].sql, FALSE);
      g_autofree char *pg_sql = blobs (steps[i].sql, TRUE);
      int rc = sqlite3_exec (lite, lite_sql, NULL, NULL, NULL);

      if (steps[i].refusal == NULL)
        {
          ck_assert_msg (rc == SQLITE_OK, "SQLite: %s: %s", lite_sql, sqlite3_errmsg (lite));
          pg_ok (conn, pg_sql);
        }
      else
        {
          g_autofree char *msg = pg_fails (conn, pg_sql, "23000");

          ck_assert_msg (rc == SQLITE_CONSTRAINT, "SQLite: %s: %s", lite_sql, sqlite3_errmsg (lite));
          ck_assert_str_eq (sqlite3_errmsg (lite), steps[i].refusal);
          ck_assert_str_eq (msg, steps[i].refusal);
        }
    }
  sqlite3_close (lite);
  sl_test_rm_rf (dir);
}
END_TEST

/* TRUNCATE deletes without firing DELETE triggers: every table that
 * refuses DELETE refuses it, even to the owner. */
START_TEST (test_truncate_refused)
{
  g_autoptr(Db) db = baseline_db ();
  g_autoptr(PGconn) owner = pg_connect (db->owner_uri);
  g_autofree char *tables = pg_column (owner, "SELECT DISTINCT c.relname FROM pg_trigger t "
                                              "JOIN pg_class c ON c.oid = t.tgrelid "
                                              "WHERE t.tgname LIKE '%\\_no\\_delete' ORDER BY 1");
  g_auto(GStrv) names = g_strsplit (tables, ",", -1);

  ck_assert_uint_ge (g_strv_length (names), 18);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *sql = g_strdup_printf ("TRUNCATE %s CASCADE", names[i]);
      g_autofree char *msg = pg_fails (owner, sql, "23000");
    }
}
END_TEST

/* SQLite's functions as the store's SQL uses them: SQLite's own answer
 * for each, computed here by SQLite. */
START_TEST (test_compat_functions)
{
  g_autoptr(Db) db = baseline_db ();
  g_autoptr(PGconn) conn = pg_connect (db->desk_uri);
  sqlite3 *lite = NULL;
  const char *const exprs[] = {
    "julianday ('2024-05-01T09:30:00.000000Z')",
    "julianday ('2024-05-01T09:30:00.123456Z')",
    "julianday ('1999-12-31T23:59:59.999999Z')",
    "julianday ('2024-02-29')",
    "julianday ('2024-05-01T09:30:00+02:00')",
    "julianday ('2024-05-01T09:30:00.000000Z') - julianday ('2024-04-29T21:00:00.000000Z')",
    "julianday ('not a time')",
    "strftime ('%Y-W%W', '2024-01-01')",
    "strftime ('%Y-W%W', '2023-01-01')",
    "strftime ('%Y-W%W', '2024-12-31')",
    "strftime ('%Y-W%W', '2027-01-03')",
    "strftime ('%Y-W%W', substr ('2024-05-01T09:30:00.000000Z', 1, 10))",
    "strftime ('%Y-%m-%d', '2024-05-01T23:59:59.999999Z')",
    "strftime ('%Y-%m-%d', '2024-05-01T23:30:00-01:00')",
    "printf ('%.4f', 0.5)",
    "printf ('%.4f', 0.47955)",
    "printf ('%.2f', 0.975)",
    "printf ('%.4f', -0.00001)",
    "printf ('%.4f', 123456.78915)",
    "printf ('%064x', 255)",
    "printf ('%064x', 1234567890123)",
    "printf ('%064x', -1)",
    "json_extract ('{\"sex\": \"F\", \"race\": \"x\"}', '$.sex')",
    "json_extract ('{\"sex\": \"F\"}', '$.race')",
    "json_extract ('{\"old\": 0.5, \"new\": true}', '$.new')",
    "json_extract ('{\"birth_date\": \"1984-02-01\"}', '$.birth_date')",
    "json_extract ('{\"n\": 12}', '$.n')",
    "json_extract ('[1, 2]', '$.n')",
    "coalesce (json_extract ('{\"a\": null}', '$.a'), 'none')",
    "CASE WHEN 'Ann' = 'aNN' COLLATE NOCASE THEN 'same' ELSE 'other' END",
    "CASE WHEN 'Ann' = 'Anna' COLLATE NOCASE THEN 'same' ELSE 'other' END",
  };

  ck_assert_int_eq (sqlite3_open (":memory:", &lite), SQLITE_OK);
  for (guint i = 0; i < G_N_ELEMENTS (exprs); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT %s", exprs[i]);
      g_autofree char *got = pg_value (conn, sql);
      sqlite3_stmt *stmt = NULL;

      ck_assert_int_eq (sqlite3_prepare_v2 (lite, sql, -1, &stmt, NULL), SQLITE_OK);
      ck_assert_int_eq (sqlite3_step (stmt), SQLITE_ROW);
      switch (sqlite3_column_type (stmt, 0))
        {
        case SQLITE_NULL:
          ck_assert_msg (got == NULL, "%s: SQLite NULL, PostgreSQL %s", exprs[i], got);
          break;
        case SQLITE_FLOAT:
          /* PostgreSQL writes the shortest text that reads back exactly. */
          ck_assert_msg (got != NULL && g_ascii_strtod (got, NULL) == sqlite3_column_double (stmt, 0),
                         "%s: SQLite %.17g, PostgreSQL %s", exprs[i], sqlite3_column_double (stmt, 0), got);
          break;
        default:
          ck_assert_msg (g_strcmp0 (got, (const char *) sqlite3_column_text (stmt, 0)) == 0,
                         "%s: SQLite %s, PostgreSQL %s", exprs[i], sqlite3_column_text (stmt, 0), got);
        }
      sqlite3_finalize (stmt);
    }
  sqlite3_close (lite);
}
END_TEST

/* The fault tests' crash: connections die, committed rows stay, and the
 * server takes new connections on the same port. */
START_TEST (test_restart_immediate)
{
  g_autoptr(Db) db = baseline_db ();
  g_autoptr(PGconn) before = pg_connect (db->owner_uri);
  g_autoptr(PGconn) after = NULL;
  g_autofree char *count = NULL;
  PGresult *res;

  pg_ok (before, "INSERT INTO audit VALUES (1, 't', NULL, NULL, 'a', NULL, NULL, NULL, 'success', '{}', 'p', 'h')");
  sl_test_pg_restart_immediate ();
  res = PQexec (before, "SELECT 1");
  ck_assert_int_eq (PQresultStatus (res), PGRES_FATAL_ERROR);
  PQclear (res);
  after = pg_connect (db->owner_uri);
  count = pg_value (after, "SELECT count(*) FROM audit");
  ck_assert_str_eq (count, "1");
}
END_TEST

int
main (void)
{
  Suite *s = suite_create ("pg-schema");
  TCase *tc = tcase_create ("schema");

  /* One cluster for every forked test. */
  sl_test_pg_cluster ();
  tcase_set_timeout (tc, 60);
  tcase_add_test (tc, test_baseline);
  tcase_add_test (tc, test_same_as_sqlite);
  tcase_add_test (tc, test_desk_audit_privileges);
  tcase_add_test (tc, test_owner_audit_triggers);
  tcase_add_test (tc, test_triggers_like_sqlite);
  tcase_add_test (tc, test_truncate_refused);
  tcase_add_test (tc, test_compat_functions);
  tcase_add_test (tc, test_restart_immediate);
  suite_add_tcase (s, tc);
  return sl_test_run_suite (s);
}
