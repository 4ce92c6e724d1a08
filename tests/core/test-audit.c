/* test-audit.c: the audit chain under attack: every kind of tampering
 * found by the real `sightline-cli audit verify`, which names the first bad
 * row; export; two writers at once; a writer killed at random moments.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "core/sl-audit.h"
#include "sl-test-store.h"

#define DROP_TRIGGERS "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;"

/* helpers */

/* A database with n cases opened by the investigator: an audit log of
 * n + 6 rows (init, three user rows, sign-ins). */
static SlTestDb *
db_with_cases (gboolean keyed,
               guint    n)
{
  SlTestDb *db = sl_test_db_new (keyed);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *number = g_strdup_printf ("C-%u", i + 1);
      g_autoptr(GError) error = NULL;
      g_autoptr(SlCase) c = sl_engine_case_open (db->engine, db->investigator, number, "Case", &error);
      ck_assert_msg (c != NULL, "%s", error ? error->message : "");
    }
  return db;
}

static JsonObject *
verify (SlTestDb    *db,
        int          expected_status,
        const char  *expect_head,
        JsonNode   **keep)
{
  g_auto(SlTestRun) run = { 0 };

  if (expect_head != NULL)
    sl_test_cli (&run, db->db, SL_TEST_SUPERVISOR_PASSWORD, "--user", "sue", "--json", "audit", "verify",
            "--expect-head", expect_head, NULL);
  else
    sl_test_cli (&run, db->db, SL_TEST_SUPERVISOR_PASSWORD, "--user", "sue", "--json", "audit", "verify", NULL);
  ck_assert_msg (run.status == expected_status, "exit %d, expected %d: %s%s", run.status, expected_status,
                 run.err, run.out);
  *keep = sl_test_parse_json (run.out);
  if (expected_status != 0)
    {
      JsonObject *o = json_node_get_object (*keep);
      g_autofree char *row = g_strdup_printf ("row %" G_GINT64_FORMAT, json_object_get_int_member (o, "bad_seq"));
      const char *message = json_object_get_string_member (o, "message");

      /* A person reads which row and why, on stderr too. */
      ck_assert_ptr_nonnull (strstr (run.err, message));
      ck_assert_msg (strstr (message, row) != NULL || strstr (message, "rows") != NULL,
                     "row not named: %s", message);
    }
  return json_node_get_object (*keep);
}

static void
assert_tampered (SlTestDb   *db,
                 const char *problem,
                 gint64      bad_seq)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *o = verify (db, 1, NULL, &root);

  ck_assert (!json_object_get_boolean_member (o, "intact"));
  ck_assert_str_eq (json_object_get_string_member (o, "result"), problem);
  ck_assert_int_eq (json_object_get_int_member (o, "bad_seq"), bad_seq);
}

/* Rewrites every column but seq of row `seq` from another row's values. */
static char *
copy_row_sql (gint64 to,
              gint64 from)
{
  return g_strdup_printf ("UPDATE audit SET (time, actor_id, actor, action, object_type, object_id, "
                          "case_number, outcome, details, prev_hash, hash) = (SELECT time, actor_id, actor, "
                          "action, object_type, object_id, case_number, outcome, details, prev_hash, hash "
                          "FROM saved WHERE seq = %" G_GINT64_FORMAT ") WHERE seq = %" G_GINT64_FORMAT ";",
                          from, to);
}

/* tests */

START_TEST (test_intact_and_head)
{
  g_autoptr(SlTestDb) db = db_with_cases (FALSE, 5);
  g_autoptr(JsonNode) r1 = NULL;
  g_autoptr(JsonNode) r2 = NULL;
  g_autofree char *expected = NULL;
  g_auto(SlTestRun) text = { 0 };
  JsonObject *o = verify (db, 0, NULL, &r1);
  const char *head = json_object_get_string_member (o, "head");
  gint64 rows = json_object_get_int_member (o, "rows");

  ck_assert (json_object_get_boolean_member (o, "intact"));
  ck_assert_int_eq (rows, sl_test_sql_int (db->db, "SELECT count(*) FROM audit") - 1);  /* not its own row */
  expected = g_strdup_printf ("%" G_GINT64_FORMAT ":%s", json_object_get_int_member (o, "head_seq"),
                              json_object_get_string_member (o, "head_hash"));
  ck_assert_str_eq (head, expected);
  ck_assert_int_eq (strlen (json_object_get_string_member (o, "head_hash")), 64);
  /* A later verify with the head noted earlier passes. */
  o = verify (db, 0, head, &r2);
  ck_assert (json_object_get_boolean_member (o, "intact"));

  /* The text form prints the head for a supervisor to note. */
  sl_test_cli (&text, db->db, SL_TEST_SUPERVISOR_PASSWORD, "--user", "sue", "audit", "verify", NULL);
  ck_assert_int_eq (text.status, 0);
  ck_assert_ptr_nonnull (strstr (text.out, "Head: "));

  /* A bad --expect-head is a usage error. */
  sl_test_cli (&text, db->db, SL_TEST_SUPERVISOR_PASSWORD, "--user", "sue", "audit", "verify", "--expect-head", "12", NULL);
  ck_assert_int_eq (text.status, 2);
}
END_TEST

START_TEST (test_edited_field)
{
  g_autoptr(SlTestDb) db = db_with_cases (FALSE, 8);

  sl_test_sql (db->db, DROP_TRIGGERS "UPDATE audit SET details = '{\"title\":\"nothing to see\"}' WHERE seq = 9;");
  assert_tampered (db, "edited", 9);
}
END_TEST

START_TEST (test_edited_actor)
{
  g_autoptr(SlTestDb) db = db_with_cases (FALSE, 8);

  sl_test_sql (db->db, DROP_TRIGGERS "UPDATE audit SET actor = 'root', actor_id = 1 WHERE seq = 10;");
  assert_tampered (db, "edited", 10);
}
END_TEST

START_TEST (test_middle_row_deleted)
{
  g_autoptr(SlTestDb) db = db_with_cases (FALSE, 8);

  sl_test_sql (db->db, DROP_TRIGGERS "DELETE FROM audit WHERE seq = 8;");
  assert_tampered (db, "deleted", 8);
}
END_TEST

START_TEST (test_deleted_and_renumbered)
{
  g_autoptr(SlTestDb) db = db_with_cases (FALSE, 8);

  sl_test_sql (db->db, DROP_TRIGGERS "DELETE FROM audit WHERE seq = 8;"
                  "UPDATE audit SET seq = -seq WHERE seq > 8; UPDATE audit SET seq = -seq - 1 WHERE seq < 0;");
  assert_tampered (db, "deleted", 8);
}
END_TEST

START_TEST (test_rows_swapped)
{
  g_autoptr(SlTestDb) db = db_with_cases (FALSE, 10);
  g_autofree char *a = copy_row_sql (8, 12);
  g_autofree char *b = copy_row_sql (12, 8);
  g_autofree char *sql = g_strconcat (DROP_TRIGGERS "CREATE TABLE saved AS SELECT * FROM audit;", a, b,
                                      "DROP TABLE saved;", NULL);

  sl_test_sql (db->db, sql);
  assert_tampered (db, "reordered", 8);
}
END_TEST

START_TEST (test_adjacent_rows_swapped)
{
  g_autoptr(SlTestDb) db = db_with_cases (FALSE, 10);
  g_autofree char *a = copy_row_sql (9, 10);
  g_autofree char *b = copy_row_sql (10, 9);
  g_autofree char *sql = g_strconcat (DROP_TRIGGERS "CREATE TABLE saved AS SELECT * FROM audit;", a, b,
                                      "DROP TABLE saved;", NULL);

  sl_test_sql (db->db, sql);
  assert_tampered (db, "reordered", 9);
}
END_TEST

START_TEST (test_row_inserted)
{
  g_autoptr(SlTestDb) db = db_with_cases (FALSE, 8);
  g_autofree char *prev = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *sql = NULL;
  SlAuditRecord forged = {
    .seq = 10, .time = "2024-01-01T00:00:00.000000Z", .actor_id = 2, .actor = "ivan",
    .action = "case.close", .object_type = "case", .object_id = "1", .case_number = "C-1",
    .outcome = "success", .details = "{}",
  };
  sqlite3 *h = NULL;
  sqlite3_stmt *stmt = NULL;

  /* A forger who knows the algorithm (no key): renumbers the rows from 10
   * on and slips a well-formed row in as row 10, chained after row 9. */
  ck_assert_int_eq (sqlite3_open (db->db, &h), SQLITE_OK);
  ck_assert_int_eq (sqlite3_prepare_v2 (h, "SELECT hash FROM audit WHERE seq = 9", -1, &stmt, NULL), SQLITE_OK);
  ck_assert_int_eq (sqlite3_step (stmt), SQLITE_ROW);
  prev = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (h);
  forged.prev_hash = prev;
  hash = sl_audit_compute_hash_2 (NULL, prev, &forged);
  sql = g_strdup_printf (DROP_TRIGGERS
                         "UPDATE audit SET seq = -seq WHERE seq >= 10; UPDATE audit SET seq = -seq + 1 WHERE seq < 0;"
                         "INSERT INTO audit VALUES (10, '%s', 2, 'ivan', 'case.close', 'case', '1', 'C-1', "
                         "'success', '{}', '%s', '%s');", forged.time, prev, hash);
  sl_test_sql (db->db, sql);
  assert_tampered (db, "inserted", 10);
}
END_TEST

START_TEST (test_truncated_tail)
{
  g_autoptr(SlTestDb) db = db_with_cases (FALSE, 8);
  g_autoptr(JsonNode) r1 = NULL;
  g_autoptr(JsonNode) r2 = NULL;
  g_autoptr(JsonNode) r3 = NULL;
  g_autofree char *head = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *witness = g_strconcat (db->db, ".witness", NULL);
  JsonObject *o = verify (db, 0, NULL, &r1);
  gint64 head_seq = json_object_get_int_member (o, "head_seq");

  head = g_strdup (json_object_get_string_member (o, "head"));
  /* The verify row and the tail it noted go: what is left is a perfectly
   * good chain, only shorter. */
  sql = g_strdup_printf (DROP_TRIGGERS "DELETE FROM audit WHERE seq > %" G_GINT64_FORMAT ";"
                         "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN "
                         "SELECT RAISE (ABORT, 'the audit log is append-only: its rows cannot be changed'); END;"
                         "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN "
                         "SELECT RAISE (ABORT, 'the audit log is append-only: its rows cannot be deleted'); END;",
                         head_seq - 4);
  sl_test_sql (db->db, sql);
  /* The witness beside the database noticed without being told: the rows
   * verify's own sign-in wrote are not the ones it recorded. */
  o = verify (db, 1, NULL, &r2);
  ck_assert_str_eq (json_object_get_string_member (o, "result"), "rolled-back");
  ck_assert_ptr_nonnull (strstr (json_object_get_string_member (o, "message"), "truncated"));
  /* Without the witness, a head noted earlier still shows it. */
  ck_assert_int_eq (g_remove (witness), 0);
  o = verify (db, 1, head, &r3);
  ck_assert_str_eq (json_object_get_string_member (o, "result"), "truncated");
  ck_assert_ptr_nonnull (strstr (json_object_get_string_member (o, "message"), "truncated"));
}
END_TEST

START_TEST (test_keyed_recomputed_without_key)
{
  g_autoptr(SlTestDb) db = db_with_cases (TRUE, 8);
  g_autofree char *prev = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *sql = NULL;
  sqlite3 *h = NULL;
  sqlite3_stmt *stmt = NULL;
  SlAuditRecord r = { 0 };

  /* Edit row 9 and recompute its hash the only way one can without the
   * key: plain SHA-256. */
  ck_assert_int_eq (sqlite3_open (db->db, &h), SQLITE_OK);
  ck_assert_int_eq (sqlite3_prepare_v2 (h, "SELECT seq, time, actor_id, actor, action, object_type, object_id, "
                                           "case_number, outcome, prev_hash FROM audit WHERE seq = 9",
                                        -1, &stmt, NULL), SQLITE_OK);
  ck_assert_int_eq (sqlite3_step (stmt), SQLITE_ROW);
  r.seq = 9;
  r.time = (const char *) sqlite3_column_text (stmt, 1);
  r.actor_id = sqlite3_column_int64 (stmt, 2);
  r.actor = (const char *) sqlite3_column_text (stmt, 3);
  r.action = (const char *) sqlite3_column_text (stmt, 4);
  r.object_type = (const char *) sqlite3_column_text (stmt, 5);
  r.object_id = (const char *) sqlite3_column_text (stmt, 6);
  r.case_number = (const char *) sqlite3_column_text (stmt, 7);
  r.outcome = (const char *) sqlite3_column_text (stmt, 8);
  r.details = "{\"title\":\"rewritten\"}";
  prev = g_strdup ((const char *) sqlite3_column_text (stmt, 9));
  plain = sl_audit_compute_hash (NULL, prev, &r);
  sqlite3_finalize (stmt);
  sqlite3_close (h);

  sql = g_strdup_printf (DROP_TRIGGERS "UPDATE audit SET details = '%s', hash = '%s' WHERE seq = 9;",
                         r.details, plain);
  sl_test_sql (db->db, sql);
  assert_tampered (db, "edited", 9);
}
END_TEST

START_TEST (test_keyed_needs_the_key)
{
  g_autoptr(SlTestDb) db = db_with_cases (TRUE, 2);
  g_autofree char *other = g_build_filename (db->dir, "other.key", NULL);
  g_autofree char *moved = g_build_filename (db->dir, "moved.key", NULL);
  g_autoptr(GBytes) k = NULL;
  g_auto(SlTestRun) run = { 0 };

  /* Another key is recognised as such. */
  k = sl_audit_key_create (other, NULL);
  ck_assert_ptr_nonnull (k);
  sl_test_cli (&run, db->db, SL_TEST_SUPERVISOR_PASSWORD, "--user", "sue", "audit", "verify", "--audit-key", other, NULL);
  ck_assert_int_eq (run.status, 1);
  ck_assert_ptr_nonnull (strstr (run.err, "not the audit key"));

  /* A missing key stops every action, rather than break the chain. */
  ck_assert_int_eq (g_rename (db->key, moved), 0);
  sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "case", "open", "K-1", "--title", "t", NULL);
  ck_assert_int_eq (run.status, 1);
  ck_assert_ptr_nonnull (strstr (run.err, "audit.key"));

  /* Given where it now is, all is well. */
  sl_test_cli (&run, db->db, SL_TEST_SUPERVISOR_PASSWORD, "--user", "sue", "audit", "verify", "--audit-key", moved, NULL);
  ck_assert_msg (run.status == 0, "%s", run.err);
}
END_TEST

START_TEST (test_triggers_removed)
{
  g_autoptr(SlTestDb) db = db_with_cases (FALSE, 2);

  sl_test_sql (db->db, DROP_TRIGGERS);
  assert_tampered (db, "unprotected", 0);
}
END_TEST

START_TEST (test_export)
{
  g_autoptr(SlTestDb) db = db_with_cases (FALSE, 4);
  g_auto(SlTestRun) json = { 0 };
  g_auto(SlTestRun) csv = { 0 };
  g_auto(SlTestRun) one_case = { 0 };
  g_auto(SlTestRun) future = { 0 };
  g_auto(SlTestRun) refused = { 0 };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) case_root = NULL;
  g_autoptr(JsonNode) future_root = NULL;
  g_auto(GStrv) lines = NULL;
  gint64 rows = sl_test_sql_int (db->db, "SELECT count(*) FROM audit");
  JsonArray *a;
  JsonObject *first;

  sl_test_cli (&json, db->db, SL_TEST_SUPERVISOR_PASSWORD, "--user", "sue", "audit", "export", "--format", "json", NULL);
  ck_assert_msg (json.status == 0, "%s", json.err);
  root = sl_test_parse_json (json.out);
  a = json_node_get_array (root);
  /* Every row up to the export's own sign-in. */
  ck_assert_int_eq (json_array_get_length (a), rows + 1);
  first = json_array_get_object_element (a, 0);
  ck_assert_int_eq (json_object_get_int_member (first, "seq"), 1);
  ck_assert_str_eq (json_object_get_string_member (first, "action"), "store.init");
  ck_assert (JSON_NODE_HOLDS_OBJECT (json_object_get_member (first, "details")));
  ck_assert_str_eq (json_object_get_string_member (first, "prev_hash"), SL_AUDIT_ZERO_HASH);
  ck_assert_int_eq (strlen (json_object_get_string_member (first, "hash")), 64);

  sl_test_cli (&csv, db->db, SL_TEST_SUPERVISOR_PASSWORD, "--user", "sue", "audit", "export", "--format", "csv", NULL);
  ck_assert_int_eq (csv.status, 0);
  lines = g_strsplit (csv.out, "\r\n", -1);
  ck_assert (g_str_has_prefix (lines[0], "seq,time,actor_id,actor,action"));
  ck_assert (g_str_has_suffix (lines[0], "prev_hash,hash,rule,mode,key_id"));
  /* The header, the rows, the JSON export's sign-in and its own row, this
   * export's sign-in, and the empty string after the last line break. */
  ck_assert_int_eq (g_strv_length (lines), 1 + rows + 3 + 1);

  sl_test_cli (&one_case, db->db, SL_TEST_SUPERVISOR_PASSWORD, "--user", "sue", "--json", "audit", "export", "--case", "C-2", NULL);
  ck_assert_int_eq (one_case.status, 0);
  case_root = sl_test_parse_json (one_case.out);
  ck_assert_int_eq (json_array_get_length (json_node_get_array (case_root)), 1);
  ck_assert_str_eq (json_object_get_string_member (json_array_get_object_element (json_node_get_array (case_root), 0),
                                                   "case_number"), "C-2");

  sl_test_cli (&future, db->db, SL_TEST_SUPERVISOR_PASSWORD, "--user", "sue", "--json", "audit", "export", "--since", "2999-01-01", NULL);
  ck_assert_int_eq (future.status, 0);
  future_root = sl_test_parse_json (future.out);
  ck_assert_int_eq (json_array_get_length (json_node_get_array (future_root)), 0);

  sl_test_cli (&future, db->db, SL_TEST_SUPERVISOR_PASSWORD, "--user", "sue", "audit", "export", "--since", "yesterday", NULL);
  ck_assert_int_eq (future.status, 2);

  /* Investigators do not read the audit log; the attempt is on it. */
  sl_test_cli (&refused, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "audit", "export", NULL);
  ck_assert_int_eq (refused.status, 3);
  ck_assert_int_eq (sl_test_sql_int (db->db, "SELECT count(*) FROM audit WHERE action = 'audit.export' "
                                        "AND outcome = 'refused' AND actor = 'ivan'"), 1);
}
END_TEST

/* The body of a forked writer; returns its exit status. The child ends
 * with _exit() (never the test runner's exit path), so everything is
 * released here first: under valgrind the child's own leak check runs. */
static int
writer (const char *db_path,
        const char *prefix,
        guint       n,
        int         report_fd)
{
  g_autoptr(SlEngine) engine = sl_engine_new (db_path);
  g_autoptr(SlSession) session = NULL;
  g_autoptr(GError) error = NULL;

  if (!sl_engine_open (engine, &error) ||
      !(session = sl_engine_sign_in (engine, "ivan", SL_TEST_INVESTIGATOR_PASSWORD, &error)))
    {
      g_printerr ("writer: %s\n", error->message);
      return 2;
    }
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *number = g_strdup_printf ("%s-%u", prefix, i);
      g_autoptr(SlCase) c = sl_engine_case_open (engine, session, number, "Written concurrently", &error);

      if (c == NULL)
        {
          g_printerr ("writer: %s\n", error->message);
          return 3;
        }
      if (report_fd >= 0)
        {
          g_autofree char *line = g_strdup_printf ("%s\n", number);
          if (write (report_fd, line, strlen (line)) < 0)
            return 4;
        }
    }
  return 0;
}

START_TEST (test_two_writers)
{
  g_autoptr(SlTestDb) db = sl_test_db_new (TRUE);
  g_autoptr(JsonNode) root = NULL;
  pid_t a, b;
  int status;

  /* The parent's connection is not shared with the children. */
  g_clear_object (&db->engine);
  if ((a = fork ()) == 0)
    _exit (writer (db->db, "A", 150, -1));
  if ((b = fork ()) == 0)
    _exit (writer (db->db, "B", 150, -1));
  ck_assert_int_eq (waitpid (a, &status, 0), a);
  ck_assert_msg (WIFEXITED (status) && WEXITSTATUS (status) == 0, "writer A: %d", status);
  ck_assert_int_eq (waitpid (b, &status, 0), b);
  ck_assert_msg (WIFEXITED (status) && WEXITSTATUS (status) == 0, "writer B: %d", status);

  ck_assert_int_eq (sl_test_sql_int (db->db, "SELECT count(*) FROM cases"), 300);
  ck_assert_int_eq (sl_test_sql_int (db->db, "SELECT count(*) FROM audit WHERE action = 'case.open' AND outcome = 'success'"), 300);
  ck_assert_int_eq (sl_test_sql_int (db->db, "SELECT max(seq) - count(*) FROM audit"), 0);
  verify (db, 0, NULL, &root);
}
END_TEST

START_TEST (test_killed_writer)
{
  g_autoptr(SlTestDb) db = sl_test_db_new (FALSE);
  g_autoptr(GRand) rand = g_rand_new_with_seed (20241122);

  g_clear_object (&db->engine);
  for (guint round = 0; round < 25; round++)
    {
      g_autofree char *prefix = g_strdup_printf ("R%u", round);
      g_autoptr(GString) reported = g_string_new (NULL);
      g_autoptr(SlEngine) engine = sl_engine_new (db->db);
      g_autoptr(GError) error = NULL;
      g_autoptr(SlStore) store = NULL;
      g_auto(GStrv) numbers = NULL;
      SlAuditVerifyResult r;
      int fds[2];
      char buf[4096];
      ssize_t n;
      pid_t child;

      ck_assert_int_eq (pipe (fds), 0);
      if ((child = fork ()) == 0)
        {
          close (fds[0]);
          _exit (writer (db->db, prefix, 100000, fds[1]));
        }
      close (fds[1]);
      /* Past the sign-in, then anywhere in the middle of actions. */
      g_usleep (g_rand_int_range (rand, 150, 450) * 1000);
      kill (child, SIGKILL);
      waitpid (child, NULL, 0);
      while ((n = read (fds[0], buf, sizeof buf)) > 0)
        g_string_append_len (reported, buf, n);
      close (fds[0]);

      /* It opens, the chain is sound, and every action reported as
       * committed is there. */
      ck_assert_msg (sl_engine_open (engine, &error), "round %u: %s", round, error ? error->message : "");
      store = sl_store_open (db->db, &error);
      ck_assert (sl_audit_verify (store, NULL, 0, NULL, NULL, NULL, NULL, &r, &error));
      ck_assert_msg (r.problem == SL_AUDIT_INTACT, "round %u: %s", round, r.message);
      sl_audit_verify_result_clear (&r);
      numbers = g_strsplit (reported->str, "\n", -1);
      for (guint i = 0; numbers[i] != NULL && *numbers[i] != '\0'; i++)
        {
          g_autoptr(SlCase) c = sl_case_lookup (store, numbers[i], &error);
          ck_assert_msg (c != NULL, "round %u: reported %s is missing", round, numbers[i]);
        }
      /* Nothing committed without its audit row, nor the other way. */
      ck_assert_int_eq (sl_test_sql_int (db->db, "SELECT count(*) FROM cases"),
                        sl_test_sql_int (db->db, "SELECT count(*) FROM audit WHERE action = 'case.open' AND outcome = 'success'"));
    }
}
END_TEST

static Suite *
audit_suite (void)
{
  Suite *s = suite_create ("audit");
  TCase *tamper = tcase_create ("tamper");
  TCase *process = tcase_create ("processes");

  tcase_set_timeout (tamper, 60);
  tcase_add_test (tamper, test_intact_and_head);
  tcase_add_test (tamper, test_edited_field);
  tcase_add_test (tamper, test_edited_actor);
  tcase_add_test (tamper, test_middle_row_deleted);
  tcase_add_test (tamper, test_deleted_and_renumbered);
  tcase_add_test (tamper, test_rows_swapped);
  tcase_add_test (tamper, test_adjacent_rows_swapped);
  tcase_add_test (tamper, test_row_inserted);
  tcase_add_test (tamper, test_truncated_tail);
  tcase_add_test (tamper, test_keyed_recomputed_without_key);
  tcase_add_test (tamper, test_keyed_needs_the_key);
  tcase_add_test (tamper, test_triggers_removed);
  tcase_add_test (tamper, test_export);
  suite_add_tcase (s, tamper);

  tcase_set_timeout (process, 120);
  tcase_add_test (process, test_two_writers);
  tcase_add_test (process, test_killed_writer);
  suite_add_tcase (s, process);
  return s;
}

int
main (void)
{
  return sl_test_run_suite (audit_suite ());
}
