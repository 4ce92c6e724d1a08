/* test-cli-store.c: the case store through the real sightline-cli: init,
 * sign-in, lockout, every role's refusals (exit 3, audited), cases, and
 * evidence import of stills, footage, https downloads, bad files, odd
 * names, and an import killed halfway.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "core/sl-evidence-store.h"
#include "engine/sl-engine-private.h"
#include "sl-test-server.h"
#include "sl-test-store.h"

/* helpers */

static JsonObject *
run_json (SlTestRun  *run,
          JsonNode  **keep)
{
  ck_assert_msg (run->status == 0, "exit %d: %s", run->status, run->err);
  *keep = sl_test_parse_json (run->out);
  return json_node_get_object (*keep);
}

static gint64
refused_rows (SlTestDb   *db,
              const char *actor,
              const char *action)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM audit WHERE outcome = 'refused' "
                                          "AND actor = '%s' AND action = '%s'", actor, action);
  return sl_test_sql_int (db->db, sql);
}

static void
open_case (SlTestDb   *db,
           const char *number)
{
  g_auto(SlTestRun) run = { 0 };

  sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "case", "open", number, "--title", "Test case", NULL);
  ck_assert_msg (run.status == 0, "%s", run.err);
}

static JsonObject *
import (SlTestDb    *db,
        const char  *case_number,
        const char  *what,
        const char  *ca_file,
        JsonNode   **keep)
{
  g_auto(SlTestRun) run = { 0 };

  if (ca_file != NULL)
    sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "--json", "evidence", "import", "--case",
            case_number, "--ca-file", ca_file, what, NULL);
  else
    sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "--json", "evidence", "import", "--case",
            case_number, what, NULL);
  return run_json (&run, keep);
}

/* Every evidence row names a stored file that is there, read-only, with
 * the SHA-256 it is named by. */
static void
assert_store_consistent (SlTestDb *db)
{
  g_autoptr(SlEngine) engine = sl_engine_new (db->db);
  g_autoptr(GError) open_error = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(SlEvidenceStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(SlTestRun) run = { 0 };
  g_autoptr(GDir) top = NULL;
  const char *name;
  guint n_files = 0;

  /* The engine's own evidence folder: beside the file, or this desk's
   * copies of a server's (fetched here, checked on the way). */
  ck_assert_msg (sl_engine_open (engine, &open_error), "%s", open_error ? open_error->message : "");
  dir = g_strdup (sl_evidence_store_get_dir (sl_engine_get_evidence (engine)));
  store = sl_test_db_owner (db->db) != NULL ? sl_evidence_store_new_server (dir, db->db, "evidence", NULL)
                                            : sl_evidence_store_new (dir, NULL);
  ck_assert_ptr_nonnull (store);
  {
    g_autoptr(SlStore) s = sl_store_open (db->db, &error);
    g_autoptr(GPtrArray) all = sl_evidence_list_all (s, &error);

    ck_assert_ptr_nonnull (all);
    for (guint i = 0; i < all->len; i++)
      {
        SlEvidence *e = g_ptr_array_index (all, i);
        g_autofree char *path = sl_evidence_store_path (store, e->stored_path);
        GStatBuf st;

        ck_assert_msg (sl_evidence_store_check (store, e->stored_path, &error), "%s", error ? error->message : "");
        ck_assert_int_eq (g_stat (path, &st), 0);
        ck_assert_uint_eq (st.st_mode & 0777, 0400);
        ck_assert_uint_eq ((guint64) st.st_size, e->size);
      }
  }
  /* No file under a content name that is not that content. */
  top = g_dir_open (dir, 0, NULL);
  while ((name = g_dir_read_name (top)) != NULL)
    {
      g_autofree char *sub = g_build_filename (dir, name, NULL);
      g_autoptr(GDir) d = NULL;
      const char *file;

      if (g_str_equal (name, "incoming"))
        continue;
      d = g_dir_open (sub, 0, NULL);
      while ((file = g_dir_read_name (d)) != NULL)
        {
          g_autofree char *relative = g_build_filename (name, file, NULL);
          ck_assert_msg (sl_evidence_store_check (store, relative, &error), "%s", error ? error->message : "");
          n_files++;
        }
    }
  (void) n_files;

  sl_test_cli (&run, db->db, SL_TEST_SUPERVISOR_PASSWORD, "--user", "sue", "audit", "verify", NULL);
  ck_assert_msg (run.status == 0, "audit verify: %s", run.err);
}

/* A 20x20 grey TIFF, uncompressed, its pixels right after the header and
 * its directory at `ifd`; `second` states a 2000x2000 size before the true
 * one, as a hostile file does (libtiff decodes the first). */
static void
write_tiff (const char *path,
            guint32     ifd,
            gboolean    second)
{
  g_autoptr(GByteArray) t = g_byte_array_new ();
  guint16 n = second ? 11 : 9;
  guint8 zero = 0;

#define LE16(v) do { guint16 x_ = GUINT16_TO_LE (v); g_byte_array_append (t, (guint8 *) &x_, 2); } while (0)
#define LE32(v) do { guint32 x_ = GUINT32_TO_LE (v); g_byte_array_append (t, (guint8 *) &x_, 4); } while (0)
#define ENTRY(tag, type, value) do { LE16 (tag); LE16 (type); LE32 (1); LE32 (value); } while (0)
  g_byte_array_append (t, (const guint8 *) "II*\0", 4);
  LE32 (ifd);
  for (guint i = 0; i < 400; i++)
    g_byte_array_append (t, (const guint8 *) "\x80", 1);
  while (t->len < ifd)
    g_byte_array_append (t, &zero, 1);
  LE16 (n);
  if (second)
    {
      ENTRY (256, 4, 2000);
      ENTRY (257, 4, 2000);
    }
  ENTRY (256, 4, 20);
  ENTRY (257, 4, 20);
  ENTRY (258, 3, 8);
  ENTRY (259, 3, 1);
  ENTRY (262, 3, 1);
  ENTRY (273, 4, 8);
  ENTRY (277, 3, 1);
  ENTRY (278, 4, 20);
  ENTRY (279, 4, 400);
  LE32 (0);
#undef ENTRY
#undef LE32
#undef LE16
  ck_assert (g_file_set_contents (path, (const char *) t->data, t->len, NULL));
}

/* tests */

START_TEST (test_init)
{
  g_autofree char *dir = sl_test_make_tmp_dir ("sl-test-cli-store-XXXXXX");
  g_autofree char *db = g_build_filename (dir, "case", "sightline.db", NULL);
  g_autofree char *key = g_build_filename (dir, "keys", "audit.key", NULL);
  g_autofree char *keys = g_build_filename (dir, "keys", NULL);
  g_autofree char *evidence = g_build_filename (dir, "case", "evidence", NULL);
  g_autofree char *env_pw = g_strdup ("SIGHTLINE_NEW_PASSWORD=" SL_TEST_ADMIN_PASSWORD);
  char *envp[] = { env_pw, NULL };
  const char *init[] = { "--json", "init", "--admin", "root", "--audit-key", NULL, NULL };
  const char *init_data_dir[] = { "init", "--admin", "root", NULL };
  g_autoptr(JsonNode) root = NULL;
  g_auto(SlTestRun) run = { 0 };
  g_auto(SlTestRun) again = { 0 };
  g_auto(SlTestRun) verify = { 0 };
  g_auto(SlTestRun) default_dir = { 0 };
  GStatBuf st;
  JsonObject *o;

  ck_assert_int_eq (g_mkdir (keys, 0700), 0);
  init[5] = key;
  sl_test_cli_env (&run, db, envp, FALSE, init);
  o = run_json (&run, &root);
  ck_assert (json_object_get_boolean_member (o, "audit_keyed"));
  ck_assert_str_eq (json_object_get_string_member (o, "admin"), "root");
  ck_assert_int_eq (g_stat (db, &st), 0);
  ck_assert_uint_eq (st.st_mode & 0777, 0600);
  ck_assert_int_eq (g_stat (evidence, &st), 0);
  ck_assert_uint_eq (st.st_mode & 0777, 0700);
  ck_assert_int_eq (g_stat (key, &st), 0);
  ck_assert_uint_eq (st.st_mode & 0777, 0600);
  ck_assert_int_eq (st.st_size, 32);

  /* Never over an existing database. */
  sl_test_cli_env (&again, db, envp, FALSE, init);
  ck_assert_int_eq (again.status, 1);
  ck_assert_ptr_nonnull (strstr (again.err, "sightline.db"));

  sl_test_cli (&verify, db, SL_TEST_ADMIN_PASSWORD, "--user", "root", "audit", "verify", NULL);
  ck_assert_msg (verify.status == 0, "%s", verify.err);
  ck_assert_ptr_nonnull (strstr (verify.out, "keyed"));

  /* SIGHTLINE_DATA_DIR is the default place. */
  {
    g_autofree char *data = g_build_filename (dir, "data", NULL);
    g_autofree char *env_data = g_strconcat ("SIGHTLINE_DATA_DIR=", data, NULL);
    g_autofree char *expected = g_build_filename (data, "sightline.db", NULL);
    char *envp2[] = { env_pw, env_data, NULL };

    sl_test_cli_env (&default_dir, NULL, envp2, FALSE, init_data_dir);
    ck_assert_msg (default_dir.status == 0, "%s", default_dir.err);
    ck_assert (g_file_test (expected, G_FILE_TEST_IS_REGULAR));
  }
  sl_test_rm_rf (dir);
}
END_TEST

START_TEST (test_not_a_database)
{
  g_autofree char *dir = sl_test_make_tmp_dir ("sl-test-cli-store-XXXXXX");
  g_autofree char *notes = g_build_filename (dir, "notes.db", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.db", NULL);
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_auto(SlTestRun) run = { 0 };

  ck_assert (g_file_set_contents (notes, "these are my notes, not a database\n", -1, NULL));
  before = sl_test_read_file (notes);
  sl_test_cli (&run, notes, SL_TEST_ADMIN_PASSWORD, "--user", "root", "case", "list", NULL);
  ck_assert_int_eq (run.status, 1);
  ck_assert_ptr_nonnull (strstr (run.err, "notes.db"));
  ck_assert_ptr_nonnull (strstr (run.err, "not a Sightline database"));
  after = sl_test_read_file (notes);
  ck_assert (g_bytes_equal (before, after));

  sl_test_cli (&run, missing, SL_TEST_ADMIN_PASSWORD, "--user", "root", "case", "list", NULL);
  ck_assert_int_eq (run.status, 1);
  ck_assert_ptr_nonnull (strstr (run.err, "missing.db"));
  ck_assert_ptr_nonnull (strstr (run.err, "init"));
  ck_assert (!g_file_test (missing, G_FILE_TEST_EXISTS));
  sl_test_rm_rf (dir);
}
END_TEST

START_TEST (test_password_sources)
{
  g_autoptr(SlTestDb) db = sl_test_db_new (FALSE);
  const char *args[] = { "--user", "ivan", "case", "list", NULL };
  g_auto(SlTestRun) run = { 0 };

  /* No variable, no terminal: a clear usage error, not a hang. */
  sl_test_cli_env (&run, db->db, NULL, TRUE, args);
  ck_assert_int_eq (run.status, 2);
  ck_assert_ptr_nonnull (strstr (run.err, "SIGHTLINE_PASSWORD"));

  sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "case", "list", NULL);
  ck_assert_int_eq (run.status, 2);
  ck_assert_ptr_nonnull (strstr (run.err, "--user"));
}
END_TEST

START_TEST (test_wrong_password_lockout_unlock)
{
  g_autoptr(SlTestDb) db = sl_test_db_new (FALSE);
  g_auto(SlTestRun) run = { 0 };

  /* A success in between resets the count. */
  for (guint i = 0; i < 3; i++)
    {
      sl_test_cli (&run, db->db, "wrong-password", "--user", "ivan", "case", "list", NULL);
      ck_assert_int_eq (run.status, 3);
      ck_assert_ptr_nonnull (strstr (run.err, "wrong user name or password"));
    }
  sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "case", "list", NULL);
  ck_assert_int_eq (run.status, 0);

  for (guint i = 0; i < 5; i++)
    {
      sl_test_cli (&run, db->db, "wrong-password", "--user", "ivan", "case", "list", NULL);
      ck_assert_int_eq (run.status, 3);
    }
  ck_assert_ptr_nonnull (strstr (run.err, "locked"));
  /* Locked: even the right password is refused. */
  sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "case", "list", NULL);
  ck_assert_int_eq (run.status, 3);
  ck_assert_ptr_nonnull (strstr (run.err, "locked"));
  ck_assert_ptr_nonnull (strstr (run.err, "unlock"));

  ck_assert_int_eq (sl_test_sql_int (db->db, "SELECT count(*) FROM audit WHERE action = 'sign-in' AND outcome = 'failed' "
                                        "AND object_id = 'ivan' AND actor IS NULL"), 8);
  ck_assert_int_eq (sl_test_sql_int (db->db, "SELECT count(*) FROM audit WHERE action = 'sign-in' AND outcome = 'refused' "
                                        "AND object_id = 'ivan' AND json_extract (details, '$.reason') = 'account locked'"), 1);
  ck_assert_int_eq (sl_test_sql_int (db->db, "SELECT locked FROM users WHERE username = 'ivan'"), 1);

  /* Unknown users are audited too, under the name they tried. */
  sl_test_cli (&run, db->db, "whatever-password", "--user", "mallory", "case", "list", NULL);
  ck_assert_int_eq (run.status, 3);
  ck_assert_int_eq (sl_test_sql_int (db->db, "SELECT count(*) FROM audit WHERE action = 'sign-in' AND outcome = 'failed' "
                                        "AND json_extract (details, '$.username') = 'mallory'"), 1);

  /* Only an administrator unlocks. */
  sl_test_cli (&run, db->db, SL_TEST_SUPERVISOR_PASSWORD, "--user", "sue", "user", "unlock", "ivan", NULL);
  ck_assert_int_eq (run.status, 3);
  sl_test_cli (&run, db->db, SL_TEST_ADMIN_PASSWORD, "--user", "root", "user", "unlock", "ivan", NULL);
  ck_assert_msg (run.status == 0, "%s", run.err);
  sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "case", "list", NULL);
  ck_assert_msg (run.status == 0, "%s", run.err);
}
END_TEST

START_TEST (test_role_refusals)
{
  g_autoptr(SlTestDb) db = sl_test_db_new (FALSE);
  g_autofree char *env_a = g_strdup ("SIGHTLINE_PASSWORD=" SL_TEST_INVESTIGATOR_PASSWORD);
  g_autofree char *env_b = g_strdup ("SIGHTLINE_NEW_PASSWORD=new-user-password");
  char *envp[] = { env_a, env_b, NULL };
  const char *add[] = { "--user", "ivan", "user", "add", "eve", "--role", "admin", NULL };
  g_auto(SlTestRun) run = { 0 };

  sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "--json", "policy", "set", "threshold", "0.1", NULL);
  ck_assert_int_eq (run.status, 3);
  ck_assert_ptr_nonnull (strstr (run.err, "Refused"));
  ck_assert_ptr_nonnull (strstr (run.out, "\"exit_code\":3"));
  ck_assert_int_eq (refused_rows (db, "ivan", "policy.set"), 1);

  sl_test_cli_env (&run, db->db, envp, FALSE, add);
  ck_assert_int_eq (run.status, 3);
  ck_assert_int_eq (refused_rows (db, "ivan", "user.add"), 1);
  ck_assert_int_eq (sl_test_sql_int (db->db, "SELECT count(*) FROM users WHERE username = 'eve'"), 0);

  sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "audit", "verify", NULL);
  ck_assert_int_eq (run.status, 3);
  ck_assert_int_eq (refused_rows (db, "ivan", "audit.verify"), 1);
  sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "user", "list", NULL);
  ck_assert_int_eq (run.status, 3);
  ck_assert_int_eq (refused_rows (db, "ivan", "user.list"), 1);
  sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "user", "disable", "sue", NULL);
  ck_assert_int_eq (run.status, 3);
  ck_assert_int_eq (refused_rows (db, "ivan", "user.disable"), 1);
  sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "user", "passwd", "sue", NULL);
  ck_assert_int_eq (run.status, 3);

  sl_test_cli (&run, db->db, SL_TEST_SUPERVISOR_PASSWORD, "--user", "sue", "policy", "set", "max-top-k", "5", NULL);
  ck_assert_int_eq (run.status, 3);
  ck_assert_int_eq (refused_rows (db, "sue", "policy.set"), 1);
  sl_test_cli (&run, db->db, SL_TEST_SUPERVISOR_PASSWORD, "--user", "sue", "audit", "verify", NULL);
  ck_assert_int_eq (run.status, 0);

  sl_test_cli (&run, db->db, SL_TEST_ADMIN_PASSWORD, "--user", "root", "case", "open", "X-1", "--title", "t", NULL);
  ck_assert_int_eq (run.status, 3);
  ck_assert_int_eq (refused_rows (db, "root", "case.open"), 1);
  sl_test_cli (&run, db->db, SL_TEST_ADMIN_PASSWORD, "--user", "root", "policy", "set", "max-top-k", "5", NULL);
  ck_assert_int_eq (run.status, 0);
  sl_test_cli (&run, db->db, SL_TEST_ADMIN_PASSWORD, "--user", "root", "policy", "set", "max-top-k", "0", NULL);
  ck_assert_int_eq (run.status, 2);
  ck_assert_ptr_nonnull (strstr (run.err, "max-top-k"));
}
END_TEST

/* Issue 15 item 3 through the command line: below the floor exit 3,
 * below the recommended threshold exit 3 without --reason, 0 with it. */
START_TEST (test_policy_threshold_reason)
{
  g_autoptr(SlTestDb) db = sl_test_db_new (FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlPolicy) policy = sl_engine_policy_get (db->engine, db->admin, &error);
  char between[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *id = NULL;
  g_auto(SlTestRun) run = { 0 };

  ck_assert_ptr_nonnull (policy);
  g_ascii_formatd (between, sizeof between, "%.3f", (policy->threshold_floor + policy->threshold) / 2);
  sl_test_cli (&run, db->db, SL_TEST_ADMIN_PASSWORD, "--user", "root", "policy", "set", "threshold", "0", NULL);
  ck_assert_int_eq (run.status, 3);
  ck_assert_ptr_nonnull (strstr (run.err, "floor"));
  sl_test_cli (&run, db->db, SL_TEST_ADMIN_PASSWORD, "--user", "root", "policy", "set", "threshold", between, NULL);
  ck_assert_int_eq (run.status, 3);
  ck_assert_ptr_nonnull (strstr (run.err, "recommended"));
  ck_assert_int_eq (refused_rows (db, "root", "policy.set"), 2);
  /* With a reason it weakens a safeguard: pending, not in effect, until
   * someone else co-signs it (issue 12). */
  sl_test_cli (&run, db->db, SL_TEST_ADMIN_PASSWORD, "--user", "root", "--json", "policy", "set", "threshold", between,
          "--reason", "Pilot on a small gallery", NULL);
  ck_assert_msg (run.status == 0, "%s", run.err);
  ck_assert_ptr_nonnull (strstr (run.out, "\"pending\":true"));
  ck_assert_int_eq (sl_test_sql_int (db->db, "SELECT count(*) FROM audit WHERE action = 'policy.request' AND "
                                        "outcome = 'success' AND json_extract (details, '$.reason') = "
                                        "'Pilot on a small gallery'"), 1);
  id = g_strdup_printf ("%" G_GINT64_FORMAT, sl_test_sql_int (db->db, "SELECT max(id) FROM policy_requests"));
  sl_test_cli (&run, db->db, SL_TEST_ADMIN_PASSWORD, "--user", "root", "policy", "show", NULL);
  ck_assert_int_eq (run.status, 0);
  ck_assert_ptr_nonnull (strstr (run.out, "threshold-floor"));
  ck_assert_ptr_nonnull (strstr (run.out, "Pending"));
  ck_assert_ptr_nonnull (strstr (run.out, "asked by root"));
  sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "--json", "policy", "pending", NULL);
  ck_assert_int_eq (run.status, 0);
  ck_assert_ptr_nonnull (strstr (run.out, "\"requested_by\":\"root\""));
  ck_assert_ptr_nonnull (strstr (run.out, "Pilot on a small gallery"));

  /* cosign ID: a number (2), not by whoever asked nor an investigator (3),
   * an existing request (1), then by a supervisor (0), once (3). */
  sl_test_cli (&run, db->db, SL_TEST_SUPERVISOR_PASSWORD, "--user", "sue", "policy", "cosign", "first", NULL);
  ck_assert_int_eq (run.status, 2);
  sl_test_cli (&run, db->db, SL_TEST_ADMIN_PASSWORD, "--user", "root", "policy", "cosign", id, NULL);
  ck_assert_int_eq (run.status, 3);
  ck_assert_ptr_nonnull (strstr (run.err, "you asked"));
  sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "policy", "cosign", id, NULL);
  ck_assert_int_eq (run.status, 3);
  sl_test_cli (&run, db->db, SL_TEST_SUPERVISOR_PASSWORD, "--user", "sue", "policy", "cosign", "9999", NULL);
  ck_assert_int_eq (run.status, 1);
  ck_assert_int_eq (sl_test_sql_int (db->db, "SELECT count(*) FROM policy_cosigns"), 0);
  sl_test_cli (&run, db->db, SL_TEST_SUPERVISOR_PASSWORD, "--user", "sue", "policy", "cosign", id, NULL);
  ck_assert_msg (run.status == 0, "%s", run.err);
  ck_assert_ptr_nonnull (strstr (run.out, "co-signed"));
  sl_test_cli (&run, db->db, SL_TEST_SUPERVISOR_PASSWORD, "--user", "sue", "policy", "cosign", id, NULL);
  ck_assert_int_eq (run.status, 3);
  ck_assert_int_eq (refused_rows (db, "root", "policy.cosign"), 1);
  ck_assert_int_eq (refused_rows (db, "ivan", "policy.cosign"), 1);
  ck_assert_int_eq (refused_rows (db, "sue", "policy.cosign"), 1);
  {
    g_autoptr(SlPolicy) after = sl_engine_policy_get (db->engine, db->admin, &error);

    ck_assert_double_eq_tol (after->threshold, g_ascii_strtod (between, NULL), 1e-9);
  }
  sl_test_cli (&run, db->db, SL_TEST_ADMIN_PASSWORD, "--user", "root", "policy", "pending", NULL);
  ck_assert_int_eq (run.status, 0);
  ck_assert_ptr_nonnull (strstr (run.out, "No policy change is waiting"));
}
END_TEST

/* A floor above the threshold in force is refused (exit 3, both values in
 * the message, audited); raising the threshold first lets it through. */
START_TEST (test_policy_floor_above_threshold)
{
  g_autoptr(SlTestDb) db = sl_test_db_new (FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlPolicy) policy = sl_engine_policy_get (db->engine, db->admin, &error);
  g_autoptr(SlPolicy) after = NULL;
  g_autofree char *threshold_words = NULL;
  char above[G_ASCII_DTOSTR_BUF_SIZE];
  char higher[G_ASCII_DTOSTR_BUF_SIZE];
  g_auto(SlTestRun) run = { 0 };

  ck_assert_ptr_nonnull (policy);
  g_ascii_formatd (above, sizeof above, "%.3f", policy->threshold + 0.02);
  g_ascii_formatd (higher, sizeof higher, "%.3f", policy->threshold + 0.05);
  threshold_words = g_strdup_printf ("%.3f", policy->threshold);
  sl_test_cli (&run, db->db, SL_TEST_ADMIN_PASSWORD, "--user", "root", "policy", "set", "threshold-floor", above,
               "--reason", "Stricter from today", NULL);
  ck_assert_msg (run.status == 3, "exit %d: %s%s", run.status, run.out, run.err);
  ck_assert_msg (strstr (run.err, above) != NULL && strstr (run.err, threshold_words) != NULL &&
                 strstr (run.err, "raise the threshold first") != NULL, "%s", run.err);
  ck_assert_int_eq (refused_rows (db, "root", "policy.set"), 1);
  after = sl_engine_policy_get (db->engine, db->admin, &error);
  ck_assert_double_eq_tol (after->threshold_floor, policy->threshold_floor, 1e-9);
  g_clear_pointer (&after, sl_policy_free);

  sl_test_cli (&run, db->db, SL_TEST_ADMIN_PASSWORD, "--user", "root", "policy", "set", "threshold", higher, NULL);
  ck_assert_msg (run.status == 0, "%s", run.err);
  sl_test_cli (&run, db->db, SL_TEST_ADMIN_PASSWORD, "--user", "root", "policy", "set", "threshold-floor", above,
               NULL);
  ck_assert_msg (run.status == 0, "%s", run.err);
  after = sl_engine_policy_get (db->engine, db->admin, &error);
  ck_assert_double_eq_tol (after->threshold_floor, g_ascii_strtod (above, NULL), 1e-9);
}
END_TEST

START_TEST (test_user_management)
{
  g_autoptr(SlTestDb) db = sl_test_db_new (FALSE);
  g_autofree char *env_a = g_strdup ("SIGHTLINE_PASSWORD=" SL_TEST_ADMIN_PASSWORD);
  g_autofree char *env_b = g_strdup ("SIGHTLINE_NEW_PASSWORD=carol-password-1");
  g_autofree char *env_c = g_strdup ("SIGHTLINE_PASSWORD=" SL_TEST_INVESTIGATOR_PASSWORD);
  g_autofree char *env_d = g_strdup ("SIGHTLINE_NEW_PASSWORD=ivan-new-password");
  char *admin_env[] = { env_a, env_b, NULL };
  char *ivan_env[] = { env_c, env_d, NULL };
  const char *add[] = { "--user", "root", "user", "add", "carol", "--role", "supervisor", "--display-name",
                        "Carol 'Q' Smith", NULL };
  const char *passwd[] = { "--user", "ivan", "user", "passwd", "ivan", NULL };
  g_autoptr(JsonNode) root = NULL;
  g_auto(SlTestRun) run = { 0 };
  JsonArray *users;

  sl_test_cli_env (&run, db->db, admin_env, FALSE, add);
  ck_assert_msg (run.status == 0, "%s", run.err);
  sl_test_cli (&run, db->db, "carol-password-1", "--user", "carol", "audit", "verify", NULL);
  ck_assert_msg (run.status == 0, "%s", run.err);

  sl_test_cli (&run, db->db, SL_TEST_ADMIN_PASSWORD, "--user", "root", "--json", "user", "list", NULL);
  users = json_node_get_array (root = sl_test_parse_json (run.out));
  ck_assert_int_eq (json_array_get_length (users), 4);
  ck_assert_ptr_null (strstr (run.out, "$y$"));

  sl_test_cli_env (&run, db->db, ivan_env, FALSE, passwd);
  ck_assert_msg (run.status == 0, "%s", run.err);
  sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "case", "list", NULL);
  ck_assert_int_eq (run.status, 3);
  sl_test_cli (&run, db->db, "ivan-new-password", "--user", "ivan", "case", "list", NULL);
  ck_assert_int_eq (run.status, 0);

  sl_test_cli (&run, db->db, SL_TEST_ADMIN_PASSWORD, "--user", "root", "user", "disable", "carol", NULL);
  ck_assert_int_eq (run.status, 0);
  sl_test_cli (&run, db->db, "carol-password-1", "--user", "carol", "audit", "verify", NULL);
  ck_assert_int_eq (run.status, 3);
  ck_assert_ptr_nonnull (strstr (run.err, "disabled"));
  sl_test_cli (&run, db->db, SL_TEST_ADMIN_PASSWORD, "--user", "root", "user", "disable", "nobody", NULL);
  ck_assert_int_eq (run.status, 1);
  ck_assert_ptr_nonnull (strstr (run.err, "nobody"));

  /* Re-enabled (issue 15 item 7): only by an administrator, audited, and
   * carol signs in again; enabling an enabled account fails. */
  sl_test_cli (&run, db->db, "ivan-new-password", "--user", "ivan", "user", "enable", "carol", NULL);
  ck_assert_int_eq (run.status, 3);
  ck_assert_int_eq (refused_rows (db, "ivan", "user.enable"), 1);
  sl_test_cli (&run, db->db, SL_TEST_ADMIN_PASSWORD, "--user", "root", "user", "enable", "carol", NULL);
  ck_assert_msg (run.status == 0, "%s", run.err);
  ck_assert_int_eq (sl_test_sql_int (db->db, "SELECT count(*) FROM audit WHERE action = 'user.enable' AND "
                                        "outcome = 'success' AND object_id = 'carol'"), 1);
  sl_test_cli (&run, db->db, "carol-password-1", "--user", "carol", "audit", "verify", NULL);
  ck_assert_msg (run.status == 0, "%s", run.err);
  sl_test_cli (&run, db->db, SL_TEST_ADMIN_PASSWORD, "--user", "root", "user", "enable", "carol", NULL);
  ck_assert_int_eq (run.status, 1);
  ck_assert_ptr_nonnull (strstr (run.err, "not disabled"));
}
END_TEST

START_TEST (test_cases)
{
  g_autoptr(SlTestDb) db = sl_test_db_new (FALSE);
  g_autofree char *image = sl_test_shared_image ();
  g_autoptr(JsonNode) root = NULL;
  g_auto(SlTestRun) run = { 0 };
  JsonArray *cases;

  open_case (db, "2024-0117");
  sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "case", "open", "2024-0117", "--title", "again", NULL);
  ck_assert_int_eq (run.status, 1);
  ck_assert_ptr_nonnull (strstr (run.err, "already"));
  sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "case", "open", "2024-0118", NULL);
  ck_assert_int_eq (run.status, 2);

  sl_test_cli (&run, db->db, SL_TEST_SUPERVISOR_PASSWORD, "--user", "sue", "--json", "case", "list", NULL);
  cases = json_node_get_array (root = sl_test_parse_json (run.out));
  ck_assert_int_eq (json_array_get_length (cases), 1);
  ck_assert_str_eq (json_object_get_string_member (json_array_get_object_element (cases, 0), "status"), "open");

  sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "case", "close", "2024-0117", NULL);
  ck_assert_int_eq (run.status, 0);
  sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "case", "close", "2024-0117", NULL);
  ck_assert_int_eq (run.status, 1);
  sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "case", "close", "NOPE", NULL);
  ck_assert_int_eq (run.status, 1);
  ck_assert_ptr_nonnull (strstr (run.err, "NOPE"));

  /* A closed case takes no more evidence. */
  sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "evidence", "import", "--case", "2024-0117", image, NULL);
  ck_assert_int_eq (run.status, 3);
  ck_assert_int_eq (sl_test_sql_int (db->db, "SELECT count(*) FROM audit WHERE action = 'evidence.import' "
                                        "AND outcome = 'refused'"), 1);
}
END_TEST

START_TEST (test_import_still_and_duplicate)
{
  g_autoptr(SlTestDb) db = sl_test_db_new (FALSE);
  g_autofree char *image = sl_test_shared_image ();
  g_autofree char *sha = sl_test_sha256_file (image);
  g_autoptr(JsonNode) r1 = NULL;
  g_autoptr(JsonNode) r2 = NULL;
  g_autoptr(JsonNode) r3 = NULL;
  g_autofree char *uri = g_filename_to_uri (image, NULL, NULL);
  g_auto(SlTestRun) list = { 0 };
  JsonObject *o;
  GStatBuf st;

  open_case (db, "S-1");
  o = import (db, "S-1", image, NULL, &r1);
  ck_assert_str_eq (json_object_get_string_member (o, "kind"), "still");
  ck_assert_str_eq (json_object_get_string_member (o, "sha256"), sha);
  ck_assert_int_eq (json_object_get_int_member (o, "width"), 500);
  ck_assert_int_eq (json_object_get_int_member (o, "height"), 375);
  ck_assert_str_eq (json_object_get_string_member (o, "format"), "jpeg");
  ck_assert_str_eq (json_object_get_string_member (o, "original_name"), "2008_002506.jpg");
  ck_assert (!json_object_get_boolean_member (o, "duplicate"));
  ck_assert_int_eq (g_stat (json_object_get_string_member (o, "stored_path"), &st), 0);
  ck_assert_uint_eq (st.st_mode & 0777, 0400);
  ck_assert (strstr (json_object_get_string_member (o, "stored_path"), sha + 2) != NULL);

  /* The same content again, even as a file:// URL: reported, not duplicated. */
  o = import (db, "S-1", uri, NULL, &r2);
  ck_assert (json_object_get_boolean_member (o, "duplicate"));
  ck_assert_int_eq (sl_test_sql_int (db->db, "SELECT count(*) FROM evidence"), 1);
  ck_assert_int_eq (sl_test_sql_int (db->db, "SELECT count(*) FROM audit WHERE action = 'evidence.import' "
                                        "AND json_extract (details, '$.duplicate') = 1"), 1);

  /* Into another case it is evidence there too; the stored copy is shared. */
  open_case (db, "S-2");
  o = import (db, "S-2", image, NULL, &r3);
  ck_assert (!json_object_get_boolean_member (o, "duplicate"));
  ck_assert_int_eq (sl_test_sql_int (db->db, "SELECT count(*) FROM evidence"), 2);

  sl_test_cli (&list, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "evidence", "list", "--case", "S-1", NULL);
  ck_assert_int_eq (list.status, 0);
  ck_assert_ptr_nonnull (strstr (list.out, "2008_002506.jpg"));
  assert_store_consistent (db);
}
END_TEST

START_TEST (test_import_footage)
{
  g_autoptr(SlTestDb) db = sl_test_db_new (FALSE);
  g_autofree char *avi = g_build_filename (db->dir, "cctv.avi", NULL);
  g_autoptr(JsonNode) root = NULL;
  JsonObject *o;

  sl_test_write_avi (avi, 160, 120, 10, 5);
  open_case (db, "F-1");
  o = import (db, "F-1", avi, NULL, &root);
  ck_assert_str_eq (json_object_get_string_member (o, "kind"), "footage");
  ck_assert_int_eq (json_object_get_int_member (o, "width"), 160);
  ck_assert_int_eq (json_object_get_int_member (o, "height"), 120);
  ck_assert_double_eq_tol (json_object_get_double_member (o, "fps"), 5.0, 0.01);
  ck_assert_int_eq (json_object_get_int_member (o, "frame_count"), 10);
  ck_assert_double_eq_tol (json_object_get_double_member (o, "duration_s"), 2.0, 0.01);
  ck_assert_str_eq (json_object_get_string_member (o, "codec"), "MJPG");
  ck_assert_int_eq (sl_test_sql_int (db->db, "SELECT count(*) FROM audit WHERE action = 'evidence.import' "
                                        "AND json_extract (details, '$.kind') = 'footage'"), 1);
  assert_store_consistent (db);
}
END_TEST

START_TEST (test_import_bad_files)
{
  g_autoptr(SlTestDb) db = sl_test_db_new (FALSE);
  g_autofree char *text = g_build_filename (db->dir, "statement.txt", NULL);
  g_autofree char *empty = g_build_filename (db->dir, "empty.jpg", NULL);
  g_autofree char *missing = g_build_filename (db->dir, "gone.jpg", NULL);
  g_auto(SlTestRun) run = { 0 };

  ck_assert (g_file_set_contents (text, "Witness statement: he wore a red cap.\n", -1, NULL));
  ck_assert (g_file_set_contents (empty, "", 0, NULL));
  open_case (db, "B-1");

  sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "--json", "evidence", "import", "--case", "B-1", text, NULL);
  ck_assert_int_eq (run.status, 4);
  ck_assert_ptr_nonnull (strstr (run.err, "statement.txt"));
  ck_assert_ptr_nonnull (strstr (run.out, "\"exit_code\":4"));
  sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "evidence", "import", "--case", "B-1", empty, NULL);
  ck_assert_int_eq (run.status, 4);
  ck_assert_ptr_nonnull (strstr (run.err, "empty.jpg"));
  sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "evidence", "import", "--case", "B-1", missing, NULL);
  ck_assert_int_eq (run.status, 4);
  ck_assert_ptr_nonnull (strstr (run.err, "gone.jpg"));
  sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "evidence", "import", "--case", "B-1", db->dir, NULL);
  ck_assert_int_eq (run.status, 4);
  sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "evidence", "import", "--case", "B-1",
          "http://127.0.0.1:1/x.jpg", NULL);
  ck_assert_int_eq (run.status, 2);
  ck_assert_ptr_nonnull (strstr (run.err, "https://"));

  ck_assert_int_eq (sl_test_sql_int (db->db, "SELECT count(*) FROM evidence"), 0);
  ck_assert_int_eq (sl_test_sql_int (db->db, "SELECT count(*) FROM audit WHERE action = 'evidence.import' "
                                        "AND outcome = 'failed'"), 5);
  assert_store_consistent (db);
}
END_TEST

START_TEST (test_import_tiff_directory)
{
  /* A TIFF whose directory lies 3 MB in is a still of its true size (the
   * import looked at the first megabyte only); one that states two sizes is
   * refused, naming it, before anything is recorded of it. */
  g_autoptr(SlTestDb) db = sl_test_db_new (FALSE);
  g_autofree char *far = g_build_filename (db->dir, "far-directory.tiff", NULL);
  g_autofree char *two = g_build_filename (db->dir, "two-sizes.tiff", NULL);
  g_auto(SlTestRun) run = { 0 };

  write_tiff (far, 3 * 1000 * 1000, FALSE);
  write_tiff (two, 408, TRUE);
  open_case (db, "T-1");

  sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "evidence", "import", "--case", "T-1", far, NULL);
  ck_assert_msg (run.status == 0, "%s", run.err);
  ck_assert_int_eq (sl_test_sql_int (db->db, "SELECT width * 10000 + height FROM evidence WHERE kind = 'still'"),
                    20 * 10000 + 20);
  sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "evidence", "import", "--case", "T-1", two, NULL);
  ck_assert_int_eq (run.status, 4);
  ck_assert_msg (strstr (run.err, "two-sizes.tiff") != NULL && strstr (run.err, "two different image widths") != NULL,
                 "%s", run.err);
  ck_assert_int_eq (sl_test_sql_int (db->db, "SELECT count(*) FROM evidence"), 1);
  assert_store_consistent (db);
}
END_TEST

/* Issue 15: a truncated JPEG is kept as given (exit 0) and marked damaged,
 * with the reason naming the file, in the import's JSON, the audit row and
 * 'evidence list'; a whole one is not. */
START_TEST (test_import_damaged_still)
{
  g_autoptr(SlTestDb) db = sl_test_db_new (FALSE);
  g_autofree char *image = sl_test_shared_image ();
  g_autofree char *cut = g_build_filename (db->dir, "till-cut.jpg", NULL);
  g_autofree char *data = NULL;
  g_autoptr(JsonNode) r1 = NULL;
  g_autoptr(JsonNode) r2 = NULL;
  g_auto(SlTestRun) list = { 0 };
  gsize len;
  JsonObject *o;

  ck_assert (g_file_get_contents (image, &data, &len, NULL));
  ck_assert (g_file_set_contents (cut, data, (gssize) (len / 2), NULL));
  open_case (db, "D-1");

  o = import (db, "D-1", image, NULL, &r1);
  ck_assert (!json_object_get_boolean_member (o, "damaged"));
  ck_assert (!json_object_has_member (o, "damage"));
  o = import (db, "D-1", cut, NULL, &r2);
  ck_assert_str_eq (json_object_get_string_member (o, "kind"), "still");
  ck_assert (json_object_get_boolean_member (o, "damaged"));
  ck_assert_msg (strstr (json_object_get_string_member (o, "damage"), "till-cut.jpg") != NULL &&
                 strstr (json_object_get_string_member (o, "damage"), "ends early") != NULL, "%s",
                 json_object_get_string_member (o, "damage"));
  ck_assert_int_eq (sl_test_sql_int (db->db, "SELECT count(*) FROM audit WHERE action = 'evidence.import' AND "
                                        "outcome = 'success' AND json_extract (details, '$.damage') LIKE "
                                        "'%till-cut.jpg%'"), 1);

  sl_test_cli (&list, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "evidence", "list", "--case", "D-1", NULL);
  ck_assert_int_eq (list.status, 0);
  ck_assert_msg (strstr (list.out, "DAMAGED: Cannot read image 'till-cut.jpg'") != NULL, "%s", list.out);
  ck_assert_msg (strstr (strstr (list.out, "DAMAGED") + 1, "DAMAGED") == NULL, "one damaged item: %s", list.out);
  assert_store_consistent (db);
}
END_TEST

START_TEST (test_import_non_utf8_name)
{
  g_autoptr(SlTestDb) db = sl_test_db_new (FALSE);
  g_autofree char *image = sl_test_shared_image ();
  const char raw_name[] = "caf\xe9-\xff\xfe suspect.jpg";
  g_autofree char *path = g_build_filename (db->dir, raw_name, NULL);
  g_autofree char *hex = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GString) hex_expected = g_string_new (NULL);
  JsonObject *o;
  const char *shown;

  sl_test_copy_file (image, path);
  open_case (db, "N-1");
  o = import (db, "N-1", path, NULL, &root);
  shown = json_object_get_string_member (o, "original_name");
  ck_assert (g_utf8_validate (shown, -1, NULL));
  ck_assert_ptr_nonnull (strstr (shown, "suspect.jpg"));
  for (const char *p = raw_name; *p != '\0'; p++)
    g_string_append_printf (hex_expected, "%02X", (guint8) *p);
  sql = g_strdup_printf ("SELECT count(*) FROM evidence WHERE hex (original_name_raw) = '%s'", hex_expected->str);
  ck_assert_int_eq (sl_test_sql_int (db->db, sql), 1);
  assert_store_consistent (db);
}
END_TEST

START_TEST (test_import_https)
{
  g_autoptr(SlTestDb) db = sl_test_db_new (FALSE);
  g_autofree char *image = sl_test_shared_image ();
  g_autofree char *serve = g_build_filename (db->dir, "www", NULL);
  g_autofree char *served = g_build_filename (serve, "still.jpg", NULL);
  g_autofree char *text = g_build_filename (serve, "page.html", NULL);
  g_autofree char *log = g_build_filename (db->dir, "requests.log", NULL);
  g_autofree char *cert_dir = g_build_filename (db->dir, "cert", NULL);
  g_autofree char *cert = NULL;
  g_autofree char *url = NULL;
  g_autofree char *bad_url = NULL;
  g_autofree char *sha = sl_test_sha256_file (image);
  g_autoptr(JsonNode) root = NULL;
  g_auto(SlTestRun) run = { 0 };
  SlTestServer *server;
  JsonObject *o;

  ck_assert_int_eq (g_mkdir (serve, 0700), 0);
  ck_assert_int_eq (g_mkdir (cert_dir, 0700), 0);
  sl_test_copy_file (image, served);
  ck_assert (g_file_set_contents (text, "<html>not evidence</html>", -1, NULL));
  cert = sl_test_make_certificate (cert_dir);
  server = sl_test_server_start (serve, cert_dir, log, NULL);
  url = sl_test_server_url (server, "still.jpg");
  bad_url = sl_test_server_url (server, "page.html");

  open_case (db, "H-1");
  o = import (db, "H-1", url, cert, &root);
  ck_assert_str_eq (json_object_get_string_member (o, "kind"), "still");
  ck_assert_str_eq (json_object_get_string_member (o, "sha256"), sha);
  ck_assert_str_eq (json_object_get_string_member (o, "source"), url);
  ck_assert_str_eq (json_object_get_string_member (o, "original_name"), "still.jpg");

  sl_test_cli (&run, db->db, SL_TEST_INVESTIGATOR_PASSWORD, "--user", "ivan", "evidence", "import", "--case", "H-1",
          "--ca-file", cert, bad_url, NULL);
  ck_assert_int_eq (run.status, 4);
  ck_assert_ptr_nonnull (strstr (run.err, "page.html"));
  sl_test_server_stop (server);
  assert_store_consistent (db);
}
END_TEST

START_TEST (test_import_killed)
{
  g_autoptr(SlTestDb) db = sl_test_db_new (FALSE);
  g_autofree char *image = sl_test_shared_image ();
  g_autofree char *big = g_build_filename (db->dir, "big.jpg", NULL);
  g_autofree char *incoming = g_build_filename (db->dir, "data", "evidence", "incoming", NULL);
  g_autofree char *env_pw = g_strdup ("SIGHTLINE_PASSWORD=" SL_TEST_INVESTIGATOR_PASSWORD);
  g_autoptr(GBytes) jpeg = sl_test_read_file (image);
  g_autoptr(JsonNode) root = NULL;
  const guint delays_ms[] = { 0, 150, 400 };
  FILE *f;

  /* A real JPEG followed by 300 MB: a still, slow to copy. */
  f = fopen (big, "wb");
  ck_assert_ptr_nonnull (f);
  ck_assert_uint_eq (fwrite (g_bytes_get_data (jpeg, NULL), 1, g_bytes_get_size (jpeg), f), g_bytes_get_size (jpeg));
  fclose (f);
  ck_assert_int_eq (truncate (big, 300 * 1024 * 1024), 0);
  open_case (db, "K-1");

  for (guint round = 0; round < G_N_ELEMENTS (delays_ms); round++)
    {
      g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "SIGHTLINE_PASSWORD", SL_TEST_INVESTIGATOR_PASSWORD, TRUE);
      const char *argv[] = { SL_TEST_CLI, "--db", db->db, "--user", "ivan", "evidence", "import",
                              "--case", "K-1", big, NULL };
      g_autoptr(GError) error = NULL;
      gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
      gboolean copying = FALSE;
      GPid pid;

      ck_assert (g_spawn_async (NULL, (char **) argv, envp, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL |
                                G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &pid, &error));
      /* Wait until the copy has begun, then a little longer. */
      while (!copying && g_get_monotonic_time () < deadline)
        {
          g_autoptr(GDir) d = g_dir_open (incoming, 0, NULL);
          const char *name;

          while (d != NULL && (name = g_dir_read_name (d)) != NULL)
            {
              g_autofree char *file = g_build_filename (incoming, name, "file", NULL);
              GStatBuf st;

              if (g_stat (file, &st) == 0 && st.st_size > 0)
                copying = TRUE;
            }
          g_usleep (2000);
        }
      ck_assert_msg (copying, "round %u: the import never started copying", round);
      g_usleep (delays_ms[round] * 1000);
      kill (pid, SIGKILL);
      waitpid (pid, NULL, 0);
      g_spawn_close_pid (pid);

      /* No row without its file, no file under a wrong name, a sound chain. */
      assert_store_consistent (db);
      ck_assert_int_le (sl_test_sql_int (db->db, "SELECT count(*) FROM evidence"), 1);
      ck_assert_int_eq (sl_test_sql_int (db->db, "SELECT count(*) FROM evidence"),
                        sl_test_sql_int (db->db, "SELECT count(*) FROM audit WHERE action = 'evidence.import' "
                                            "AND outcome = 'success'"));
    }

  /* The next import clears what the killed ones left, and completes. */
  import (db, "K-1", big, NULL, &root);
  ck_assert_int_eq (sl_test_sql_int (db->db, "SELECT count(*) FROM evidence"), 1);
  {
    g_autoptr(GDir) d = g_dir_open (incoming, 0, NULL);
    ck_assert_ptr_null (g_dir_read_name (d));
  }
  assert_store_consistent (db);
  (void) env_pw;
}
END_TEST

static Suite *
cli_store_suite (void)
{
  Suite *s = suite_create ("cli-store");
  TCase *accounts = tcase_create ("accounts");
  TCase *evidence = tcase_create ("evidence");

  tcase_set_timeout (accounts, 90);
  tcase_add_test (accounts, test_init);
  tcase_add_test (accounts, test_not_a_database);
  tcase_add_test (accounts, test_password_sources);
  tcase_add_test (accounts, test_wrong_password_lockout_unlock);
  tcase_add_test (accounts, test_role_refusals);
  tcase_add_test (accounts, test_policy_threshold_reason);
  tcase_add_test (accounts, test_policy_floor_above_threshold);
  tcase_add_test (accounts, test_user_management);
  tcase_add_test (accounts, test_cases);
  suite_add_tcase (s, accounts);

  tcase_set_timeout (evidence, 120);
  tcase_add_test (evidence, test_import_still_and_duplicate);
  tcase_add_test (evidence, test_import_footage);
  tcase_add_test (evidence, test_import_bad_files);
  tcase_add_test (evidence, test_import_tiff_directory);
  tcase_add_test (evidence, test_import_damaged_still);
  tcase_add_test (evidence, test_import_non_utf8_name);
  tcase_add_test (evidence, test_import_https);
  /* It watches the file store's incoming folder beside the database. */
  if (!sl_test_backend_pg ())
    tcase_add_test (evidence, test_import_killed);
  suite_add_tcase (s, evidence);
  return s;
}

int
main (void)
{
  return sl_test_run_suite (cli_store_suite ());
}
