/* test-audit-witness.c: the audit key cannot be stripped, and no log can be
 * truncated or rolled back unnoticed (issue 12, item 1): an attacker who
 * deletes the key's records and recomputes the chain with plain SHA-256, a
 * truncated tail, an older copy of the file put back, heads once issued
 * (--against), a keyed log without its key, a torn witness line, a database
 * from before hash rule 2. Real SQLite files, the real sightline-cli.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include <glib/gstdio.h>

#include "core/sl-audit-witness.h"
#include "core/sl-audit.h"
#include "core/sl-store-private.h"
#include "sl-test-store.h"

#define DROP_TRIGGERS "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;"
#define MAKE_TRIGGERS \
  "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN " \
  "SELECT RAISE (ABORT, 'the audit log is append-only: its rows cannot be changed'); END;" \
  "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN " \
  "SELECT RAISE (ABORT, 'the audit log is append-only: its rows cannot be deleted'); END;"

/* helpers */

static SlTestDb *
db_with_cases (gboolean keyed,
               guint    n)
{
  SlTestDb *db = sl_test_db_new (keyed);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *number = g_strdup_printf ("W-%u", i + 1);
      g_autoptr(GError) error = NULL;
      g_autoptr(SlCase) c = sl_engine_case_open (db->engine, db->investigator, number, "Case", &error);
      ck_assert_msg (c != NULL, "%s", error ? error->message : "");
    }
  return db;
}

static char *
witness_of (SlTestDb *db)
{
  return g_strconcat (db->db, SL_AUDIT_WITNESS_SUFFIX, NULL);
}

/* `audit verify --json` by the supervisor, with extra arguments. */
static JsonObject *
cli_verify (SlTestDb        *db,
            int          expected_status,
            JsonNode   **keep,
            const char  *arg1,
            const char  *arg2)
{
  g_auto(SlTestRun) run = { 0 };

  sl_test_cli (&run, db->db, SL_TEST_SUPERVISOR_PASSWORD, "--user", "sue", "--json", "audit", "verify", arg1, arg2, NULL);
  ck_assert_msg (run.status == expected_status, "exit %d, expected %d: %s%s", run.status, expected_status,
                 run.err, run.out);
  *keep = sl_test_parse_json (run.out);
  return json_node_get_object (*keep);
}

/* Verifies in process, writing nothing (no sign-in, no verify row). */
static void
core_verify (const char          *db,
             const char          *witness,
             GBytes              *key,
             SlAuditHeads        *against,
             SlAuditVerifyResult *r)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlStore) store = sl_store_open (db, &error);
  SlAuditVerifyOptions options = { 0, NULL, witness, against };

  ck_assert_msg (store != NULL, "%s", error ? error->message : "");
  ck_assert_msg (sl_audit_verify_full (store, key, &options, NULL, NULL, NULL, r, &error),
                 "%s", error ? error->message : "");
}

typedef struct
{
  gint64  seq;
  char   *fields[9];   /* time, actor, action, object_type, object_id, case_number, outcome, details */
  gint64  actor_id;
} Row;

/* What an attacker without the key does: removes the key's records, edits
 * row `edit` and recomputes every hash with plain SHA-256, under whichever
 * rule the database names for the row (rule_2_from: G_MAXINT64 to use rule
 * 1 throughout, after moving the switch), then puts the triggers back. */
static void
recompute_plain (const char *db,
                 gint64      edit,
                 gint64      rule_2_from)
{
  sqlite3 *h = NULL;
  sqlite3_stmt *stmt = NULL;
  g_autoptr(GArray) rows = g_array_new (FALSE, TRUE, sizeof (Row));
  g_autofree char *prev = g_strdup (SL_AUDIT_ZERO_HASH);

  ck_assert_int_eq (sqlite3_open (db, &h), SQLITE_OK);
  ck_assert_int_eq (sqlite3_exec (h, DROP_TRIGGERS "DELETE FROM meta WHERE key IN ('audit-key-id', 'audit-key-path');",
                                  NULL, NULL, NULL), SQLITE_OK);
  ck_assert_int_eq (sqlite3_prepare_v2 (h, "SELECT seq, time, actor, action, object_type, object_id, case_number, "
                                           "outcome, details, actor_id FROM audit ORDER BY seq", -1, &stmt, NULL),
                    SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      Row row = { 0 };

      row.seq = sqlite3_column_int64 (stmt, 0);
      for (int i = 0; i < 8; i++)
        row.fields[i] = g_strdup ((const char *) sqlite3_column_text (stmt, i + 1));
      row.actor_id = sqlite3_column_int64 (stmt, 9);
      g_array_append_val (rows, row);
    }
  sqlite3_finalize (stmt);

  ck_assert_int_eq (sqlite3_prepare_v2 (h, "UPDATE audit SET details = ?1, prev_hash = ?2, hash = ?3 WHERE seq = ?4",
                                        -1, &stmt, NULL), SQLITE_OK);
  for (guint i = 0; i < rows->len; i++)
    {
      Row *row = &g_array_index (rows, Row, i);
      g_autofree char *hash = NULL;
      SlAuditRecord r = {
        .seq = row->seq, .time = row->fields[0], .actor_id = row->actor_id, .actor = row->fields[1],
        .action = row->fields[2], .object_type = row->fields[3], .object_id = row->fields[4],
        .case_number = row->fields[5], .outcome = row->fields[6], .details = row->fields[7],
      };

      if (row->seq == edit)
        r.details = "{\"title\":\"rewritten\"}";
      r.prev_hash = prev;
      hash = row->seq >= rule_2_from ? sl_audit_compute_hash_2 (NULL, prev, &r)
                                     : sl_audit_compute_hash (NULL, prev, &r);
      sqlite3_bind_text (stmt, 1, r.details, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, prev, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, hash, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 4, row->seq);
      ck_assert_int_eq (sqlite3_step (stmt), SQLITE_DONE);
      sqlite3_reset (stmt);
      g_free (prev);
      prev = g_steal_pointer (&hash);
      for (int f = 0; f < 8; f++)
        g_free (row->fields[f]);
    }
  sqlite3_finalize (stmt);
  ck_assert_int_eq (sqlite3_exec (h, MAKE_TRIGGERS, NULL, NULL, NULL), SQLITE_OK);
  sqlite3_close (h);
}

static gint64
rule_2_from (const char *db)
{
  return sl_test_sql_int (db, "SELECT CAST (value AS INTEGER) FROM meta WHERE key = 'audit-rule-2-from'");
}

/* tests */

START_TEST (test_stripped_key_never_intact)
{
  g_autoptr(SlTestDb) db = db_with_cases (TRUE, 6);
  g_autofree char *witness = witness_of (db);
  g_autoptr(JsonNode) r1 = NULL;
  g_autoptr(JsonNode) r2 = NULL;
  g_autoptr(JsonNode) r3 = NULL;
  g_autoptr(JsonNode) r4 = NULL;
  JsonObject *o;

  o = cli_verify (db, 0, &r1, NULL, NULL);
  ck_assert_str_eq (json_object_get_string_member (o, "mode"), "hmac-sha256");
  ck_assert_int_eq (strlen (json_object_get_string_member (o, "key_id")), 16);
  g_clear_object (&db->engine);

  recompute_plain (db->db, 9, rule_2_from (db->db));

  /* Opened as the attacker left it (no key on record): the witness knows
   * the log was keyed. */
  o = cli_verify (db, 1, &r2, NULL, NULL);
  ck_assert (!json_object_get_boolean_member (o, "intact"));
  ck_assert_str_eq (json_object_get_string_member (o, "result"), "stripped");
  ck_assert_ptr_nonnull (strstr (json_object_get_string_member (o, "message"), "stripped"));

  /* Given the real key: said to be stripped, not "not keyed". */
  o = cli_verify (db, 1, &r3, "--audit-key", db->key);
  ck_assert (!json_object_get_boolean_member (o, "intact"));
  ck_assert_str_eq (json_object_get_string_member (o, "result"), "stripped");

  /* Without the witness either: a witness that starts late is no witness. */
  ck_assert_int_eq (g_remove (witness), 0);
  o = cli_verify (db, 1, &r4, NULL, NULL);
  ck_assert (!json_object_get_boolean_member (o, "intact"));
  ck_assert_str_eq (json_object_get_string_member (o, "result"), "witness-missing");
}
END_TEST

START_TEST (test_rule_2_covers_mode_and_key)
{
  g_autoptr(SlTestDb) db = db_with_cases (TRUE, 2);
  g_autofree char *key_id = NULL;
  g_autoptr(GBytes) key = sl_audit_key_load (db->key, NULL);
  SlAuditVerifyResult r = { 0 };
  g_autoptr(GString) c1 = g_string_new (NULL);
  g_autoptr(GString) c2 = g_string_new (NULL);
  SlAuditRecord rec = { .seq = 3, .time = "2024-01-01T00:00:00.000000Z", .action = "x", .outcome = "success",
                        .details = "{}" };

  /* The canonical form names the mode and the key id. */
  key_id = sl_audit_key_id (key);
  sl_audit_canonical_2 (&rec, key_id, c2);
  sl_audit_canonical (&rec, c1);
  ck_assert (g_str_has_prefix (c2->str, "sightline-audit-2\n"));
  ck_assert_ptr_nonnull (strstr (c2->str, "hmac-sha256\n"));
  ck_assert_ptr_nonnull (strstr (c2->str, key_id));
  ck_assert (g_str_has_prefix (c1->str, "sightline-audit-1\n"));
  ck_assert_int_eq (rule_2_from (db->db), 1);

  /* A new database hashes every row under rule 2, in process too. */
  core_verify (db->db, NULL, key, NULL, &r);
  ck_assert_str_eq (sl_audit_problem_to_string (r.problem), "intact");
  ck_assert_str_eq (r.mode, "hmac-sha256");
  ck_assert_str_eq (r.key_id, key_id);
  sl_audit_verify_result_clear (&r);

  /* The same rows checked as if not keyed fail: the key id is covered. */
  sl_test_sql (db->db, "DELETE FROM meta WHERE key = 'audit-key-id'");
  core_verify (db->db, NULL, NULL, NULL, &r);
  ck_assert_str_eq (sl_audit_problem_to_string (r.problem), "edited");
  ck_assert_int_eq (r.bad_seq, 1);
  sl_audit_verify_result_clear (&r);
}
END_TEST

START_TEST (test_truncation_found_by_witness)
{
  g_autoptr(SlTestDb) db = db_with_cases (FALSE, 8);
  g_autofree char *witness = witness_of (db);
  g_autofree char *sql = NULL;
  g_autoptr(JsonNode) r1 = NULL;
  SlAuditVerifyResult r = { 0 };
  gint64 head = sl_test_sql_int (db->db, "SELECT max (seq) FROM audit");
  JsonObject *o;

  sql = g_strdup_printf (DROP_TRIGGERS "DELETE FROM audit WHERE seq > %" G_GINT64_FORMAT ";" MAKE_TRIGGERS,
                         head - 3);
  sl_test_sql (db->db, sql);

  /* Read as it is: truncated, naming the rows gone. */
  core_verify (db->db, witness, NULL, NULL, &r);
  ck_assert_str_eq (sl_audit_problem_to_string (r.problem), "truncated");
  ck_assert_int_eq (r.bad_seq, head - 2);
  ck_assert_int_eq (r.witness_seq, head);
  ck_assert_ptr_nonnull (strstr (r.message, "truncated"));
  sl_audit_verify_result_clear (&r);

  /* Through the CLI, whose sign-in writes new rows where the old ones were. */
  o = cli_verify (db, 1, &r1, NULL, NULL);
  ck_assert_str_eq (json_object_get_string_member (o, "result"), "rolled-back");
  ck_assert_int_eq (json_object_get_int_member (o, "bad_seq"), head - 2);
}
END_TEST

START_TEST (test_rollback_to_older_copy)
{
  g_autoptr(SlTestDb) db = db_with_cases (FALSE, 3);
  g_autofree char *witness = witness_of (db);
  g_autofree char *copy = g_build_filename (db->dir, "older.db", NULL);
  g_autoptr(GBytes) old = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r1 = NULL;
  SlAuditVerifyResult r = { 0 };
  gint64 old_head;
  JsonObject *o;

  g_clear_object (&db->engine);
  sl_test_checkpoint (db->db);
  old = sl_test_read_file (db->db);
  old_head = sl_test_sql_int (db->db, "SELECT max (seq) FROM audit");

  /* Work goes on; then the older file is put back. */
  {
    g_auto(SlTestRun) run = { 0 };
    sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "case", "open", "LATER-1", "--title", "t", NULL);
    ck_assert_int_eq (run.status, 0);
  }
  ck_assert (g_file_set_contents (copy, g_bytes_get_data (old, NULL), (gssize) g_bytes_get_size (old), &error));
  {
    g_autofree char *wal = g_strconcat (db->db, "-wal", NULL);
    g_autofree char *shm = g_strconcat (db->db, "-shm", NULL);
    g_remove (wal);
    g_remove (shm);
    ck_assert_int_eq (g_rename (copy, db->db), 0);
  }
  ck_assert_int_eq (sl_test_sql_int (db->db, "SELECT max (seq) FROM audit"), old_head);

  core_verify (db->db, witness, NULL, NULL, &r);
  ck_assert_str_eq (sl_audit_problem_to_string (r.problem), "truncated");
  ck_assert_int_eq (r.bad_seq, old_head + 1);
  ck_assert_ptr_nonnull (strstr (r.message, "rolled back to an older copy"));
  sl_audit_verify_result_clear (&r);

  o = cli_verify (db, 1, &r1, NULL, NULL);
  ck_assert (!json_object_get_boolean_member (o, "intact"));
  ck_assert_str_eq (json_object_get_string_member (o, "result"), "rolled-back");
  ck_assert_int_eq (json_object_get_int_member (o, "bad_seq"), old_head + 1);
}
END_TEST

START_TEST (test_against_issued_heads)
{
  g_autoptr(SlTestDb) db = db_with_cases (FALSE, 3);
  g_autofree char *export = g_build_filename (db->dir, "excerpt.json", NULL);
  g_autofree char *csv = g_build_filename (db->dir, "excerpt.csv", NULL);
  g_autofree char *note = g_build_filename (db->dir, "note.txt", NULL);
  g_autofree char *forged = g_build_filename (db->dir, "forged.txt", NULL);
  g_autofree char *beyond = g_build_filename (db->dir, "beyond.txt", NULL);
  g_autofree char *empty = g_build_filename (db->dir, "empty.txt", NULL);
  g_autofree char *text = NULL;
  g_autofree char *head = NULL;
  g_autoptr(JsonNode) r1 = NULL;
  g_autoptr(JsonNode) r2 = NULL;
  g_autoptr(JsonNode) r3 = NULL;
  g_autoptr(JsonNode) r4 = NULL;
  g_autoptr(JsonNode) r5 = NULL;
  g_auto(SlTestRun) run = { 0 };
  JsonObject *o;

  /* An older excerpt (JSON and CSV) and a noted head. */
  sl_test_cli (&run, db->db, SL_TEST_SUPERVISOR_PASSWORD, "--user", "sue", "audit", "export", "--format", "json", "--out", export, NULL);
  ck_assert_int_eq (run.status, 0);
  sl_test_cli (&run, db->db, SL_TEST_SUPERVISOR_PASSWORD, "--user", "sue", "audit", "export", "--format", "csv", "--out", csv, NULL);
  ck_assert_int_eq (run.status, 0);
  o = cli_verify (db, 0, &r1, NULL, NULL);
  head = g_strdup (json_object_get_string_member (o, "head"));
  text = g_strdup_printf ("Report 7, page 3: sightline-audit-head %s (hmac)\n", head);
  ck_assert (g_file_set_contents (note, text, -1, NULL));

  /* More work; every issued head is still there. */
  for (int i = 0; i < 2; i++)
    {
      g_autofree char *number = g_strdup_printf ("A-%d", i);
      g_autoptr(SlCase) c = sl_engine_case_open (db->engine, db->investigator, number, "t", NULL);
      ck_assert_ptr_nonnull (c);
    }
  /* Each exported row says what its hash was computed under. */
  {
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonObject *first;

    ck_assert (json_parser_load_from_file (parser, export, NULL));
    first = json_array_get_object_element (json_node_get_array (json_parser_get_root (parser)), 0);
    ck_assert_int_eq (json_object_get_int_member (first, "rule"), 2);
    ck_assert_str_eq (json_object_get_string_member (first, "mode"), "sha256");
    ck_assert (json_object_get_null_member (first, "key_id"));
  }
  o = cli_verify (db, 0, &r2, "--against", export);
  ck_assert (json_object_get_boolean_member (o, "intact"));
  ck_assert_int_ge (json_object_get_int_member (o, "against_heads"), 5);
  o = cli_verify (db, 0, &r3, "--against", db->dir);
  ck_assert (json_object_get_boolean_member (o, "intact"));
  ck_assert_int_ge (json_object_get_int_member (o, "against_heads"), 11);

  /* A head that the chain no longer holds: named, by seq and file. */
  {
    g_autofree char *bad = g_strdup (head);
    char *colon = strchr (bad, ':');
    g_autofree char *t = NULL;

    colon[1] = colon[1] == 'a' ? 'b' : 'a';
    t = g_strdup_printf ("sightline-audit-head %s\n", bad);
    ck_assert (g_file_set_contents (forged, t, -1, NULL));
  }
  o = cli_verify (db, 1, &r4, "--against", forged);
  ck_assert_str_eq (json_object_get_string_member (o, "result"), "rolled-back");
  ck_assert_int_eq (json_object_get_int_member (o, "bad_seq"), g_ascii_strtoll (head, NULL, 10));
  ck_assert_ptr_nonnull (strstr (json_object_get_string_member (o, "message"), "forged.txt"));

  /* A head past the end: the log was truncated. */
  ck_assert (g_file_set_contents (beyond, "sightline-audit-head 900:"
                                  "00000000000000000000000000000000000000000000000000000000000000aa\n", -1, NULL));
  o = cli_verify (db, 1, &r5, "--against", beyond);
  ck_assert_str_eq (json_object_get_string_member (o, "result"), "truncated");
  ck_assert_ptr_nonnull (strstr (json_object_get_string_member (o, "message"), "900"));

  /* A file naming no head is a bad input file, named. */
  ck_assert (g_file_set_contents (empty, "nothing here\n", -1, NULL));
  sl_test_cli (&run, db->db, SL_TEST_SUPERVISOR_PASSWORD, "--user", "sue", "audit", "verify", "--against", empty, NULL);
  ck_assert_int_eq (run.status, 4);
  ck_assert_ptr_nonnull (strstr (run.err, "empty.txt"));
}
END_TEST

START_TEST (test_keyed_without_key)
{
  g_autoptr(SlTestDb) db = db_with_cases (TRUE, 1);
  g_autofree char *moved = g_build_filename (db->dir, "elsewhere.key", NULL);
  g_autoptr(JsonNode) r1 = NULL;
  JsonObject *o;

  g_clear_object (&db->engine);
  ck_assert_int_eq (g_rename (db->key, moved), 0);
  o = cli_verify (db, 1, &r1, NULL, NULL);
  ck_assert (!json_object_get_boolean_member (o, "intact"));
  ck_assert_str_eq (json_object_get_string_member (o, "result"), "key-missing");
  ck_assert_ptr_nonnull (strstr (json_object_get_string_member (o, "message"), "keyed"));

  /* In process, with no key given. */
  {
    SlAuditVerifyResult r = { 0 };
    core_verify (db->db, NULL, NULL, NULL, &r);
    ck_assert_str_eq (sl_audit_problem_to_string (r.problem), "key-missing");
    sl_audit_verify_result_clear (&r);
  }
}
END_TEST

START_TEST (test_torn_and_malformed_witness)
{
  g_autoptr(SlTestDb) db = db_with_cases (FALSE, 2);
  g_autofree char *witness = witness_of (db);
  g_autoptr(JsonNode) r1 = NULL;
  g_autoptr(JsonNode) r2 = NULL;
  g_auto(SlTestRun) run = { 0 };
  JsonObject *o, *w;
  FILE *f;

  /* A crash in the middle of a line. */
  f = fopen (witness, "a");
  ck_assert_ptr_nonnull (f);
  fputs ("12\t4f2a9c", f);
  fclose (f);
  o = cli_verify (db, 0, &r1, NULL, NULL);
  ck_assert (json_object_get_boolean_member (o, "intact"));
  w = json_object_get_object_member (o, "witness");
  ck_assert (!json_object_get_null_member (w, "torn_line"));
  ck_assert_ptr_nonnull (strstr (json_object_get_string_member (o, "note"), "cut short"));
  /* The next line was written whole after it. */
  o = cli_verify (db, 0, &r2, NULL, NULL);
  ck_assert (json_object_get_boolean_member (o, "intact"));
  ck_assert_int_eq (json_object_get_int_member (json_object_get_object_member (o, "witness"), "latest_seq"),
                    sl_test_sql_int (db->db, "SELECT max (seq) FROM audit") - 1);

  /* A line that is no witness line: the file and line are named. */
  f = fopen (witness, "a");
  fputs ("this is not a witness line\n", f);
  fclose (f);
  sl_test_cli (&run, db->db, SL_TEST_SUPERVISOR_PASSWORD, "--user", "sue", "audit", "verify", NULL);
  ck_assert_int_eq (run.status, 4);
  ck_assert_ptr_nonnull (strstr (run.err, "sightline.db.witness, line"));
}
END_TEST

/* The schema objects (tables, views, "table.column", policy keys,
 * triggers with their SQL) the first n migrations make, in a scratch
 * database. */
static GHashTable *
schema_after (guint n)
{
  GHashTable *objects = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *st = NULL;

  ck_assert_int_eq (sqlite3_open (":memory:", &db), SQLITE_OK);
  for (guint i = 0; i < n; i++)
    ck_assert_msg (sqlite3_exec (db, sl_store_migration (i), NULL, NULL, NULL) == SQLITE_OK, "migration %u: %s",
                   i + 1, sqlite3_errmsg (db));
  ck_assert_int_eq (sqlite3_prepare_v2 (db, "SELECT m.type || ' ' || m.name FROM sqlite_master m "
                                            "WHERE m.type IN ('table', 'view') UNION ALL "
                                            "SELECT 'column ' || m.name || '.' || c.name FROM sqlite_master m, "
                                            "pragma_table_info (m.name) c WHERE m.type = 'table' UNION ALL "
                                            "SELECT 'policy ' || key FROM policy UNION ALL "
                                            "SELECT 'trigger ' || name || ' ' || sql FROM sqlite_master "
                                            "WHERE type = 'trigger'", -1, &st, NULL), SQLITE_OK);
  while (sqlite3_step (st) == SQLITE_ROW)
    g_hash_table_add (objects, g_strdup ((const char *) sqlite3_column_text (st, 0)));
  sqlite3_finalize (st);
  sqlite3_close (db);
  return objects;
}

/* Takes a database of this build back to schema `version`: whatever the
 * later migrations made (tables, views, columns, policy keys, triggers) is
 * removed and the triggers they replaced come back, whichever migrations
 * there are by now. */
static void
downgrade_to (const char *path,
              guint       version)
{
  g_autoptr(GHashTable) old = schema_after (version);
  g_autoptr(GHashTable) now = schema_after (sl_store_n_migrations ());
  g_autoptr(GString) sql = g_string_new ("PRAGMA foreign_keys = OFF;");
  GHashTableIter iter;
  const char *object;

  /* Views and columns first, tables after. */
  for (int pass = 0; pass < 3; pass++)
    {
      g_hash_table_iter_init (&iter, now);
      while (g_hash_table_iter_next (&iter, (gpointer *) &object, NULL))
        {
          g_auto(GStrv) kind_name = g_strsplit (object, " ", 2);

          if (g_hash_table_contains (old, object))
            continue;
          if (pass == 0 && g_str_equal (kind_name[0], "trigger"))
            {
              /* Made or remade by a later migration: the old one comes back below. */
              g_autofree char *name = g_strndup (kind_name[1], strcspn (kind_name[1], " "));

              g_string_append_printf (sql, "DROP TRIGGER IF EXISTS \"%s\";", name);
            }
          else if (pass == 0 && g_str_equal (kind_name[0], "view"))
            g_string_append_printf (sql, "DROP VIEW \"%s\";", kind_name[1]);
          else if (pass == 0 && g_str_equal (kind_name[0], "policy"))
            g_string_append_printf (sql, "DELETE FROM policy WHERE key = '%s';", kind_name[1]);
          else if (pass == 1 && g_str_equal (kind_name[0], "column"))
            {
              g_auto(GStrv) table_column = g_strsplit (kind_name[1], ".", 2);
              g_autofree char *table = g_strconcat ("table ", table_column[0], NULL);

              if (g_hash_table_contains (old, table))
                g_string_append_printf (sql, "ALTER TABLE \"%s\" DROP COLUMN \"%s\";", table_column[0],
                                        table_column[1]);
            }
          else if (pass == 2 && g_str_equal (kind_name[0], "table"))
            g_string_append_printf (sql, "DROP TABLE \"%s\";", kind_name[1]);
        }
    }
  /* The triggers as schema `version` had them, where a later migration
   * replaced them. */
  g_hash_table_iter_init (&iter, old);
  while (g_hash_table_iter_next (&iter, (gpointer *) &object, NULL))
    if (g_str_has_prefix (object, "trigger ") && !g_hash_table_contains (now, object))
      g_string_append_printf (sql, "%s;", strchr (object + strlen ("trigger "), ' ') + 1);
  g_string_append_printf (sql, "PRAGMA user_version = %u;", version);
  sl_test_sql (path, sql->str);
}

START_TEST (test_migrated_database_keeps_verifying)
{
  g_autoptr(SlTestDb) db = db_with_cases (FALSE, 3);
  g_autofree char *witness = witness_of (db);
  g_autoptr(JsonNode) r1 = NULL;
  g_autoptr(JsonNode) r2 = NULL;
  SlAuditVerifyResult r = { 0 };
  gint64 old_head, from;
  JsonObject *o;

  /* Make it a database from before rule 2: schema 6 (what every later
   * migration made undone too), every row rule 1, no witness. */
  g_clear_object (&db->engine);
  recompute_plain (db->db, 0, G_MAXINT64);
  sl_test_sql (db->db, "DELETE FROM meta WHERE key = 'audit-rule-2-from';");
  downgrade_to (db->db, 6);
  ck_assert_int_eq (g_remove (witness), 0);
  old_head = sl_test_sql_int (db->db, "SELECT max (seq) FROM audit");

  /* Opened by this build: migrated, the old rows keep their rule, the new
   * ones get rule 2 and a witness. */
  o = cli_verify (db, 0, &r1, NULL, NULL);
  ck_assert (json_object_get_boolean_member (o, "intact"));
  from = rule_2_from (db->db);
  ck_assert_int_eq (from, old_head + 1);
  o = cli_verify (db, 0, &r2, NULL, NULL);
  ck_assert (json_object_get_boolean_member (o, "intact"));
  ck_assert_int_ge (json_object_get_int_member (json_object_get_object_member (o, "witness"), "heads"), 1);

  /* Moving the switch later (rule 1 for new rows) breaks their hashes. */
  {
    g_autofree char *sql = g_strdup_printf ("UPDATE meta SET value = '%" G_GINT64_FORMAT "' "
                                            "WHERE key = 'audit-rule-2-from'", from + 1);
    sl_test_sql (db->db, sql);
  }
  core_verify (db->db, witness, NULL, NULL, &r);
  ck_assert_str_eq (sl_audit_problem_to_string (r.problem), "edited");
  ck_assert_int_eq (r.bad_seq, from);
  sl_audit_verify_result_clear (&r);

  /* An attacker who recomputes them all under rule 1 is caught by the
   * witness, which only ever recorded rule 2 rows. */
  recompute_plain (db->db, 0, G_MAXINT64);
  sl_test_sql (db->db, "UPDATE meta SET value = '999999' WHERE key = 'audit-rule-2-from'");
  core_verify (db->db, witness, NULL, NULL, &r);
  ck_assert_str_eq (sl_audit_problem_to_string (r.problem), "stripped");
  ck_assert_ptr_nonnull (strstr (r.message, "downgraded"));
  sl_audit_verify_result_clear (&r);
}
END_TEST

START_TEST (test_configured_witness)
{
  g_autofree char *dir = g_dir_make_tmp ("sl-test-witness-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "data.db", NULL);
  g_autofree char *safe = g_build_filename (dir, "safe", NULL);
  g_autofree char *elsewhere = g_build_filename (safe, "heads.witness", NULL);
  g_autofree char *beside = g_strconcat (db, SL_AUDIT_WITNESS_SUFFIX, NULL);
  g_autofree char *env = g_strconcat ("SIGHTLINE_AUDIT_WITNESS=", elsewhere, NULL);
  g_autofree char *pw = g_strdup ("SIGHTLINE_NEW_PASSWORD=" SL_TEST_ADMIN_PASSWORD);
  g_autofree char *content = NULL;
  char *envp[] = { env, pw, NULL };
  const char *init_args[] = { "init", "--admin", "boss", NULL };
  g_auto(SlTestRun) run = { 0 };

  /* The witness kept apart from the database from the start (env). */
  ck_assert_int_eq (g_mkdir (safe, 0700), 0);
  sl_test_cli_env (&run, db, envp, FALSE, init_args);
  ck_assert_msg (run.status == 0, "%s", run.err);
  ck_assert (!g_file_test (beside, G_FILE_TEST_EXISTS));
  ck_assert (g_file_get_contents (elsewhere, &content, NULL, NULL));
  ck_assert_ptr_nonnull (strstr (content, "# sightline audit witness 1: from row 1: "));
  ck_assert_ptr_nonnull (strstr (content, "\tsha256\t-\t"));

  /* --witness names it as well. */
  sl_test_cli (&run, db, SL_TEST_ADMIN_PASSWORD, "--user", "boss", "--json", "audit", "verify", "--witness", elsewhere, NULL);
  ck_assert_msg (run.status == 0, "%s", run.err);
  {
    g_autoptr(JsonNode) root = sl_test_parse_json (run.out);
    JsonObject *w = json_object_get_object_member (json_node_get_object (root), "witness");
    ck_assert_str_eq (json_object_get_string_member (w, "path"), elsewhere);
    ck_assert_int_ge (json_object_get_int_member (w, "heads"), 2);
  }

  /* Looked for in the wrong place, it is not there: said, never intact. */
  sl_test_cli (&run, db, SL_TEST_ADMIN_PASSWORD, "--user", "boss", "--json", "audit", "verify", NULL);
  ck_assert_int_eq (run.status, 1);
  ck_assert_ptr_nonnull (strstr (run.out, "\"witness-missing\""));

  /* A new database does not take over an old witness. */
  {
    g_autofree char *other = g_build_filename (dir, "other.db", NULL);
    g_autoptr(SlEngine) e = sl_engine_new (other);
    g_autoptr(GError) error = NULL;

    sl_engine_set_witness_path (e, elsewhere);
    ck_assert (!sl_engine_init_database (e, "x", NULL, SL_TEST_ADMIN_PASSWORD, NULL, &error));
    ck_assert_ptr_nonnull (strstr (error->message, "heads.witness"));
    ck_assert (!g_file_test (other, G_FILE_TEST_EXISTS));
  }
  sl_test_rm_rf (dir);
}
END_TEST

START_TEST (test_report_carries_head)
{
  g_autoptr(SlTestDb) db = db_with_cases (TRUE, 1);
  g_autofree char *pdf = g_build_filename (db->dir, "report.pdf", NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonNode) r1 = NULL;
  g_autoptr(JsonNode) r2 = NULL;
  g_auto(SlTestRun) run = { 0 };
  g_autofree char *needle = NULL;
  JsonObject *o;

  sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "report", "--case", "W-1", "--out", pdf, NULL);
  ck_assert_msg (run.status == 0, "%s", run.err);
  bytes = sl_test_read_file (pdf);
  needle = g_strdup_printf ("mode=hmac-sha256 key-id=%s", sl_engine_get_audit_key_id (db->engine));
  /* Binary: memmem, not a string search that stops at the first NUL. */
  ck_assert_ptr_nonnull (memmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                 "sightline-audit-head ", strlen ("sightline-audit-head ")));
  ck_assert_ptr_nonnull (memmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), needle, strlen (needle)));

  o = cli_verify (db, 0, &r1, "--against", pdf);
  ck_assert (json_object_get_boolean_member (o, "intact"));
  ck_assert_int_eq (json_object_get_int_member (o, "against_heads"), 1);

  /* The report's audit row names the head it printed. */
  ck_assert_int_eq (sl_test_sql_int (db->db, "SELECT count(*) FROM audit WHERE action = 'report.write' "
                                        "AND json_extract (details, '$.audit_head') LIKE '%:%'"), 1);

  /* Rolled back past the head it printed: the report shows it. */
  {
    g_autofree char *sql = NULL;
    gint64 head = sl_test_sql_int (db->db, "SELECT max (seq) FROM audit");
    g_autofree char *witness = witness_of (db);

    g_clear_object (&db->engine);
    sql = g_strdup_printf (DROP_TRIGGERS "DELETE FROM audit WHERE seq > %" G_GINT64_FORMAT ";" MAKE_TRIGGERS,
                           head - 6);
    sl_test_sql (db->db, sql);
    ck_assert_int_eq (g_remove (witness), 0);
    o = cli_verify (db, 1, &r2, "--against", pdf);
    ck_assert (!json_object_get_boolean_member (o, "intact"));
    ck_assert_ptr_nonnull (strstr (json_object_get_string_member (o, "message"), "report.pdf"));
  }
}
END_TEST

int
main (void)
{
  Suite *s = suite_create ("audit-witness");
  TCase *tc = tcase_create ("witness");

  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_stripped_key_never_intact);
  tcase_add_test (tc, test_rule_2_covers_mode_and_key);
  tcase_add_test (tc, test_truncation_found_by_witness);
  tcase_add_test (tc, test_rollback_to_older_copy);
  tcase_add_test (tc, test_against_issued_heads);
  tcase_add_test (tc, test_keyed_without_key);
  tcase_add_test (tc, test_torn_and_malformed_witness);
  tcase_add_test (tc, test_migrated_database_keeps_verifying);
  tcase_add_test (tc, test_configured_witness);
  tcase_add_test (tc, test_report_carries_head);
  suite_add_tcase (s, tc);
  return sl_test_run_suite (s);
}
