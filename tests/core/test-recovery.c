/* test-recovery.c: no permanent lock-out of the last administrator (issue
 * 12, item 4): the recovery code shown once at init works once, is replaced
 * and audited, a wrong one is refused and audited; an administrator's
 * lockout expires under the policy, with an injected clock (no sleeping).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include <string.h>

#include "engine/sl-engine-recovery.h"
#include "sl-test-store.h"

static GTimeSpan clock_offset;

/* helpers */

static GDateTime *
offset_clock (gpointer data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  return g_date_time_add (now, clock_offset);
}

static void
lock_out (SlEngine   *engine,
          const char *username)
{
  for (int i = 0; i < SL_USER_MAX_FAILED_SIGNINS; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SlSession) s = sl_engine_sign_in (engine, username, "not-the-password", &error);
      ck_assert_ptr_null (s);
    }
}

static gboolean
can_sign_in (SlEngine   *engine,
             const char *username,
             const char *password,
             GError    **error)
{
  g_autoptr(SlSession) s = sl_engine_sign_in (engine, username, password, error);
  return s != NULL;
}

static gint64
audit_count (SlTestDb       *db,
             const char *action,
             const char *outcome)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM audit WHERE action = '%s' AND outcome = '%s'",
                                          action, outcome);
  return sl_test_sql_int (db->db, sql);
}

static void
recover (SlTestDb       *db,
         const char *user,
         const char *code,
         SlTestRun      *run)
{
  g_autofree char *env = g_strconcat ("SIGHTLINE_RECOVERY_CODE=", code, NULL);
  char *envp[] = { env, NULL };
  const char *args[] = { "--json", "user", "recover", user, NULL };

  sl_test_cli_env (run, db->db, envp, FALSE, args);
}

/* tests */

START_TEST (test_recovery_code_once)
{
  g_autoptr(SlTestDb) db = sl_test_db_new (FALSE);
  g_autofree char *code = sl_engine_take_recovery_code (db->engine);
  g_autofree char *second = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_auto(SlTestRun) run = { 0 };

  /* Shown once: the engine hands it out a single time. */
  ck_assert_ptr_nonnull (code);
  ck_assert_int_eq (strlen (code), 23);
  ck_assert_ptr_null (sl_engine_take_recovery_code (db->engine));
  /* Kept hashed, never as it is. */
  ck_assert_int_eq (sl_test_sql_int (db->db, "SELECT count(*) FROM meta WHERE key = 'admin-recovery-hash' "
                                        "AND value LIKE '$y$%'"), 1);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM meta WHERE instr (value, '%s') > 0", code);
    ck_assert_int_eq (sl_test_sql_int (db->db, sql), 0);
  }

  lock_out (db->engine, "root");
  ck_assert (!can_sign_in (db->engine, "root", SL_TEST_ADMIN_PASSWORD, &error));
  ck_assert_ptr_nonnull (strstr (error->message, "recover"));
  g_clear_error (&error);

  /* A wrong code: refused and recorded. */
  recover (db, "root", "AAAAA-BBBBB-CCCCC-DDDDD", &run);
  ck_assert_int_eq (run.status, 1);
  ck_assert_ptr_nonnull (strstr (run.err, "wrong recovery code"));
  ck_assert_int_eq (audit_count (db, "user.recover", "failed"), 1);
  ck_assert (!can_sign_in (db->engine, "root", SL_TEST_ADMIN_PASSWORD, NULL));

  /* Not for an account that is not an administrator's. */
  recover (db, "ivan", code, &run);
  ck_assert_int_eq (run.status, 1);
  ck_assert_int_eq (audit_count (db, "user.recover", "failed"), 2);

  /* The right one (written in lower case, without dashes): unlocked, and a
   * new code in its place. */
  {
    g_autofree char *sloppy = g_ascii_strdown (code, -1);
    g_autoptr(GString) s = g_string_new (sloppy);
    g_string_replace (s, "-", "", 0);
    recover (db, "root", s->str, &run);
  }
  ck_assert_msg (run.status == 0, "%s", run.err);
  root = sl_test_parse_json (run.out);
  second = g_strdup (json_object_get_string_member (json_node_get_object (root), "recovery_code"));
  ck_assert_str_ne (second, code);
  ck_assert_int_eq (audit_count (db, "user.recover", "success"), 1);
  ck_assert (can_sign_in (db->engine, "root", SL_TEST_ADMIN_PASSWORD, &error));

  /* Used up. */
  lock_out (db->engine, "root");
  recover (db, "root", code, &run);
  ck_assert_int_eq (run.status, 1);
  ck_assert_int_eq (audit_count (db, "user.recover", "failed"), 3);
  /* The new one works, once. */
  recover (db, "root", second, &run);
  ck_assert_msg (run.status == 0, "%s", run.err);
  recover (db, "root", second, &run);
  ck_assert_int_eq (run.status, 1);

  /* The chain with all of that in it verifies. */
  sl_test_cli (&run, db->db, SL_TEST_SUPERVISOR_PASSWORD, "--user", "sue", "audit", "verify", NULL);
  ck_assert_msg (run.status == 0, "%s", run.err);
}
END_TEST

START_TEST (test_recovery_code_renewed_and_init_shows_it)
{
  g_autofree char *dir = g_dir_make_tmp ("sl-test-recovery-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "new.db", NULL);
  g_autofree char *pw = g_strdup ("SIGHTLINE_NEW_PASSWORD=" SL_TEST_ADMIN_PASSWORD);
  g_autofree char *code = NULL;
  char *envp[] = { pw, NULL };
  const char *init_args[] = { "--json", "init", "--admin", "boss", NULL };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) renewed = NULL;
  g_auto(SlTestRun) run = { 0 };

  sl_test_cli_env (&run, db, envp, FALSE, init_args);
  ck_assert_msg (run.status == 0, "%s", run.err);
  root = sl_test_parse_json (run.out);
  code = g_strdup (json_object_get_string_member (json_node_get_object (root), "recovery_code"));
  ck_assert_int_eq (strlen (code), 23);

  /* An administrator replaces it: the old one stops working. */
  sl_test_cli (&run, db, SL_TEST_ADMIN_PASSWORD, "--user", "boss", "--json", "user", "recovery-code", NULL);
  ck_assert_msg (run.status == 0, "%s", run.err);
  renewed = sl_test_parse_json (run.out);
  ck_assert_str_ne (json_object_get_string_member (json_node_get_object (renewed), "recovery_code"), code);
  {
    g_autofree char *env = g_strconcat ("SIGHTLINE_RECOVERY_CODE=", code, NULL);
    char *renv[] = { env, NULL };
    const char *args[] = { "user", "recover", "boss", NULL };
    sl_test_cli_env (&run, db, renv, FALSE, args);
    ck_assert_int_eq (run.status, 1);
  }
  /* Recorded. */
  ck_assert_int_eq (sl_test_sql_int (db, "SELECT count(*) FROM audit WHERE action = 'user.recovery-code'"), 1);
  sl_test_rm_rf (dir);
}
END_TEST

START_TEST (test_admin_lockout_expires)
{
  g_autoptr(SlTestDb) db = sl_test_db_new (FALSE);
  g_autoptr(GError) error = NULL;

  clock_offset = 0;
  sl_store_set_clock (offset_clock, NULL);
  lock_out (db->engine, "root");
  lock_out (db->engine, "ivan");

  /* Within the policy's 30 minutes: still locked. */
  clock_offset = 29 * G_TIME_SPAN_MINUTE;
  ck_assert (!can_sign_in (db->engine, "root", SL_TEST_ADMIN_PASSWORD, &error));
  g_clear_error (&error);
  ck_assert_int_eq (sl_test_sql_int (db->db, "SELECT count(*) FROM audit WHERE action = 'user.unlock'"), 0);

  /* After them: the administrator's lockout has ended, and that is recorded;
   * an investigator's lockout does not end by itself. */
  clock_offset = 31 * G_TIME_SPAN_MINUTE;
  ck_assert_msg (can_sign_in (db->engine, "root", SL_TEST_ADMIN_PASSWORD, &error), "%s", error ? error->message : "");
  ck_assert_int_eq (sl_test_sql_int (db->db, "SELECT count(*) FROM audit WHERE action = 'user.unlock' "
                                        "AND actor IS NULL AND json_extract (details, '$.reason') = 'lockout expired'"),
                    1);
  ck_assert (!can_sign_in (db->engine, "ivan", SL_TEST_INVESTIGATOR_PASSWORD, NULL));

  /* With admin-lockout-minutes 0 it never ends. */
  {
    g_autoptr(SlSession) admin = sl_engine_sign_in (db->engine, "root", SL_TEST_ADMIN_PASSWORD, &error);
    ck_assert_ptr_nonnull (admin);
    ck_assert_msg (sl_engine_policy_set (db->engine, admin, "admin-lockout-minutes", "0", &error), "%s",
                   error ? error->message : "");
  }
  lock_out (db->engine, "root");
  clock_offset = 1000 * G_TIME_SPAN_DAY;
  ck_assert (!can_sign_in (db->engine, "root", SL_TEST_ADMIN_PASSWORD, NULL));
  sl_store_set_clock (NULL, NULL);
}
END_TEST

int
main (void)
{
  Suite *s = suite_create ("recovery");
  TCase *tc = tcase_create ("recovery");

  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_recovery_code_once);
  tcase_add_test (tc, test_recovery_code_renewed_and_init_shows_it);
  tcase_add_test (tc, test_admin_lockout_expires);
  suite_add_tcase (s, tc);
  return sl_test_run_suite (s);
}
