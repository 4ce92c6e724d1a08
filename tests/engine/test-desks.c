/* test-desks.c: several desks on one PostgreSQL server (issue 17), always
 * on the server whatever the test setup. Four desk processes
 * (`sightline-cli bench desk`, sl-desks-bench.c) import, analyse, enrol
 * into one gallery, search and decide for SIGHTLINE_TEST_DESKS_SECONDS
 * (default 60) each; afterwards every action a desk was told succeeded is
 * in its table and in the audit, every row has its audit row (nothing
 * partial), the chain is linear and `audit verify` passes. The same with
 * the server crashed and restarted in the middle: the actions it broke
 * failed with an error naming the server, and every desk carried on. Two
 * desks deciding on one candidate, or closing one case, at the same moment
 * get one outcome and a clear refusal; a desk cannot make the schema.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include <libpq-fe.h>
#include <string.h>

#include "bench/sl-desks-bench.h"
#include "sl-test-pg.h"
#include "sl-test-search.h"

#define DESKS 4

/* helpers */

typedef struct
{
  char *dir;
  char *owner_uri;
  char *desk_uri;
  char *server;      /* "127.0.0.1:PORT", as errors name it */
  char *images;
} Office;

static void
office_free (Office *o)
{
  sl_test_rm_rf (o->dir);
  g_free (o->dir);
  g_free (o->owner_uri);
  g_free (o->desk_uri);
  g_free (o->server);
  g_free (o->images);
  g_free (o);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Office, office_free)

static double
desk_seconds (void)
{
  const char *env = g_getenv ("SIGHTLINE_TEST_DESKS_SECONDS");
  double s = env != NULL ? g_ascii_strtod (env, NULL) : 60;

  return s > 0 ? s : 60;
}

/* A new database on the test server with n desks' accounts and the shared
 * gallery, made by its owner. */
static Office *
office_new (guint n)
{
  Office *o = g_new0 (Office, 1);
  g_autofree char *prep = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GError) error = NULL;
  const char *at;

  o->dir = sl_test_make_tmp_dir ("sl-test-desks-XXXXXX");
  name = sl_test_pg_new_database (&o->owner_uri, &o->desk_uri);
  at = strchr (o->desk_uri, '@') + 1;
  o->server = g_strndup (at, strchr (at, '/') - at);
  o->images = g_build_filename (sl_test_lfw_dir (), NULL);
  prep = g_build_filename (o->dir, "prepare", NULL);
  g_setenv ("SIGHTLINE_DATA_DIR", prep, TRUE);
  ck_assert_msg (sl_desks_prepare (o->owner_uri, o->desk_uri, n, &error), "%s", error ? error->message : "");
  return o;
}

static GSubprocess *
cli_spawn (Office             *o,
           const char         *data,
           const char         *password,
           const char *const  *args)
{
  g_autoptr(GSubprocessLauncher) l =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  GSubprocess *child;

  g_subprocess_launcher_setenv (l, "SIGHTLINE_DATA_DIR", data, TRUE);
  g_subprocess_launcher_unsetenv (l, "SIGHTLINE_PASSWORD");
  if (password != NULL)
    g_subprocess_launcher_setenv (l, "SIGHTLINE_PASSWORD", password, TRUE);
  g_ptr_array_add (argv, (gpointer) SL_TEST_CLI);
  g_ptr_array_add (argv, (gpointer) "--db");
  g_ptr_array_add (argv, o->desk_uri);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  child = g_subprocess_launcher_spawnv (l, (const char *const *) argv->pdata, &error);
  ck_assert_msg (child != NULL, "%s", error ? error->message : "");
  return child;
}

/* Waits for child: its exit status, and what it printed. */
static int
cli_wait (GSubprocess  *child,
          char        **out,
          char        **err)
{
  g_autoptr(GError) error = NULL;

  ck_assert_msg (g_subprocess_communicate_utf8 (child, NULL, NULL, out, err, &error), "%s",
                 error ? error->message : "");
  ck_assert_msg (g_subprocess_get_if_exited (child), "sightline-cli did not exit normally: %s", *err);
  return g_subprocess_get_exit_status (child);
}

static char *
desk_path (Office     *o,
           guint       d,
           const char *what)
{
  return g_strdup_printf ("%s/desk-%u%s", o->dir, d, what);
}

static GSubprocess *
desk_spawn (Office *o,
            guint   d,
            double  seconds)
{
  g_autofree char *desk = g_strdup_printf ("%u", d);
  g_autofree char *desks = g_strdup_printf ("%u", DESKS);
  g_autofree char *secs = g_strdup_printf ("%.1f", seconds);
  g_autofree char *scratch = desk_path (o, d, "");
  g_autofree char *data = desk_path (o, d, "-data");
  g_autofree char *log = desk_path (o, d, ".log");
  const char *args[] = { "bench", "desk", "--desk", desk, "--desks", desks, "--seconds", secs,
                         "--images", o->images, "--scratch", scratch, "--log", log, NULL };

  ck_assert_int_eq (g_mkdir_with_parents (scratch, 0700), 0);
  return cli_spawn (o, data, NULL, args);
}

static PGconn *
owner_connect (Office *o)
{
  PGconn *conn = PQconnectdb (o->owner_uri);

  ck_assert_msg (PQstatus (conn) == CONNECTION_OK, "%s", PQerrorMessage (conn));
  return conn;
}

/* The first column of the first row of sql with text parameters. */
static gint64
count (PGconn     *conn,
       const char *sql,
       int         n,
       ...)
{
  const char *params[4] = { NULL };
  va_list ap;
  PGresult *res;
  gint64 v;

  va_start (ap, n);
  for (int i = 0; i < n; i++)
    params[i] = va_arg (ap, const char *);
  va_end (ap);
  res = PQexecParams (conn, sql, n, NULL, params, NULL, NULL, 0);
  ck_assert_msg (PQresultStatus (res) == PGRES_TUPLES_OK, "%s: %s", sql, PQerrorMessage (conn));
  v = g_ascii_strtoll (PQgetvalue (res, 0, 0), NULL, 10);
  PQclear (res);
  return v;
}

typedef struct
{
  guint ok;
  guint failed;
  guint decided;
  guint searched;
} LogCounts;

/* Every action the desk's log says succeeded is in its table and in the
 * audit; every failure names the server. Failures only when allowed, and
 * then the desk went on after the last one. */
static void
check_log (Office    *o,
           PGconn    *conn,
           guint      d,
           gboolean   failures_allowed,
           LogCounts *counts)
{
  g_autofree char *path = desk_path (o, d, ".log");
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok_after_fail = TRUE;

  ck_assert_msg (g_file_get_contents (path, &text, NULL, &error), "%s", error ? error->message : "");
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) f = g_strsplit (lines[i], "\t", -1);
      const char *action, *id, *extra;

      if (lines[i][0] == '\0')
        continue;
      ck_assert_msg (g_strv_length (f) >= 3, "desk %u: bad log line '%s'", d, lines[i]);
      action = f[1];
      id = f[2];
      extra = f[3];
      if (g_str_equal (f[0], "fail"))
        {
          ck_assert_msg (failures_allowed, "desk %u: %s failed: %s", d, action, id);
          /* A clear error naming the server, saying nothing was saved or
           * that it cannot connect. */
          ck_assert_msg (strstr (id, "database server") != NULL && strstr (id, o->server) != NULL,
                         "desk %u: %s failed without naming the server %s: %s", d, action, o->server, id);
          counts->failed++;
          ok_after_fail = FALSE;
          continue;
        }
      ck_assert_str_eq (f[0], "ok");
      ok_after_fail = TRUE;
      counts->ok++;
      ck_assert_msg (count (conn, "SELECT count(*) FROM audit WHERE action = $1 AND object_id = $2 AND "
                                  "outcome = 'success'", 2, action, id) >= 1,
                     "desk %u: %s %s reported done but not in the audit", d, action, id);
      if (g_str_equal (action, "case.open"))
        ck_assert_int_eq (count (conn, "SELECT count(*) FROM cases WHERE id = $1::bigint", 1, id), 1);
      else if (g_str_equal (action, "evidence.import"))
        ck_assert_int_eq (count (conn, "SELECT count(*) FROM evidence WHERE id = $1::bigint", 1, id), 1);
      else if (g_str_equal (action, "evidence.analyze") && g_strcmp0 (extra, "0") != 0)
        ck_assert_int_eq (count (conn, "SELECT count(*) FROM faces WHERE evidence_id = $1::bigint AND "
                                       "id = $2::bigint", 2, id, extra), 1);
      else if (g_str_equal (action, "gallery.enroll") && g_strcmp0 (extra, "0") != 0)
        ck_assert_int_eq (count (conn, "SELECT count(*) FROM gallery_faces WHERE gallery_id = $1::bigint AND "
                                       "id = $2::bigint", 2, id, extra), 1);
      else if (g_str_equal (action, "search"))
        {
          ck_assert_int_eq (count (conn, "SELECT count(*) FROM searches WHERE id = $1::bigint", 1, id), 1);
          counts->searched++;
        }
      else if (g_str_equal (action, "candidate.decide"))
        {
          ck_assert_int_eq (count (conn, "SELECT count(*) FROM decisions WHERE candidate_id = $1::bigint AND "
                                         "id = $2::bigint", 2, id, extra), 1);
          counts->decided++;
        }
    }
  ck_assert_msg (ok_after_fail, "desk %u: nothing succeeded after its last failure", d);
}

/* Nothing partial: every row of the desks' work has its audit row, and
 * the chain is linear, 1..N, each row linked to the one before. */
static void
check_database (Office *o,
                PGconn *conn)
{
  gint64 n = count (conn, "SELECT count(*) FROM audit", 0);

  ck_assert_int_gt (n, 0);
  ck_assert_int_eq (count (conn, "SELECT min(seq) FROM audit", 0), 1);
  ck_assert_int_eq (count (conn, "SELECT max(seq) FROM audit", 0), n);
  ck_assert_int_eq (count (conn, "SELECT count(DISTINCT seq) FROM audit", 0), n);
  ck_assert_int_eq (count (conn, "SELECT count(*) FROM audit a JOIN audit p ON p.seq = a.seq - 1 "
                                 "WHERE a.prev_hash <> p.hash", 0), 0);
  ck_assert_int_eq (count (conn, "SELECT count(*) FROM evidence e WHERE NOT EXISTS (SELECT 1 FROM audit a "
                                 "WHERE a.action = 'evidence.import' AND a.outcome = 'success' AND "
                                 "a.object_id = e.id::text)", 0), 0);
  ck_assert_int_eq (count (conn, "SELECT count(*) FROM evidence e WHERE EXISTS (SELECT 1 FROM faces f "
                                 "WHERE f.evidence_id = e.id) AND NOT EXISTS (SELECT 1 FROM audit a "
                                 "WHERE a.action = 'evidence.analyze' AND a.outcome = 'success' AND "
                                 "a.object_id = e.id::text)", 0), 0);
  ck_assert_int_eq (count (conn, "SELECT count(*) FROM searches s WHERE NOT EXISTS (SELECT 1 FROM audit a "
                                 "WHERE a.action = 'search' AND a.outcome = 'success' AND "
                                 "a.object_id = s.id::text)", 0), 0);
  ck_assert_int_eq (count (conn, "SELECT count(*) FROM decisions d WHERE NOT EXISTS (SELECT 1 FROM audit a "
                                 "WHERE a.action = 'candidate.decide' AND a.outcome = 'success' AND "
                                 "a.object_id = d.candidate_id::text)", 0), 0);
}

/* `audit verify` at the desk that made the database (its witness begins at
 * row 1), and at a desk that never wrote (a supervisor's, with no witness
 * of its own yet): the office's one chain verifies at any desk. */
static void
check_verify (Office *o)
{
  const char *const desks[] = { "prepare", "supervisor-desk" };
  const char *args[] = { "--user", "root", "audit", "verify", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (desks); i++)
    {
      g_autofree char *data = g_build_filename (o->dir, desks[i], NULL);
      g_autoptr(GSubprocess) child = cli_spawn (o, data, SL_DESKS_PASSWORD, args);
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      ck_assert_msg (cli_wait (child, &out, &err) == 0, "audit verify at %s failed: %s%s", desks[i], out, err);
    }
}

/* Four desks for the given time, the server crashed and restarted at half
 * time when crash. */
static void
run_office (gboolean crash)
{
  g_autoptr(Office) o = office_new (DESKS);
  GSubprocess *desks[DESKS];
  double seconds = desk_seconds ();
  LogCounts counts = { 0 };
  PGconn *conn;

  for (guint d = 0; d < DESKS; d++)
    desks[d] = desk_spawn (o, d + 1, seconds);
  if (crash)
    {
      g_usleep ((gulong) (seconds / 2 * G_USEC_PER_SEC));
      sl_test_pg_restart_immediate ();
    }
  for (guint d = 0; d < DESKS; d++)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      g_autoptr(JsonNode) node = NULL;
      JsonObject *r;

      ck_assert_msg (cli_wait (desks[d], &out, &err) == 0, "desk %u: %s%s", d + 1, out, err);
      node = sl_test_parse_json (out);
      r = json_node_get_object (node);
      /* Its failures are in its log, checked below with their messages. */
      ck_assert_int_gt (json_object_get_int_member (r, "rounds"), 0);
      g_object_unref (desks[d]);
    }

  conn = owner_connect (o);
  for (guint d = 1; d <= DESKS; d++)
    check_log (o, conn, d, crash, &counts);
  ck_assert_uint_gt (counts.searched, 0);
  ck_assert_uint_gt (counts.decided, 0);
  ck_assert_int_ge (count (conn, "SELECT count(*) FROM audit WHERE action = 'gallery.enroll' AND "
                                 "outcome = 'success'", 0), 1);
  if (crash)
    ck_assert_msg (counts.failed >= 1, "the crash broke no action");
  check_database (o, conn);
  PQfinish (conn);
  check_verify (o);
}

/* A case of inv-1 with a searched face: the search's candidates (sup-1
 * searched, so that the investigators and the other supervisors may
 * decide). */
static GPtrArray *
searched_candidates (Office     *o,
                     const char *case_number)
{
  g_autoptr(SlEngine) engine = sl_engine_new (o->desk_uri);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlSession) adm = NULL;
  g_autoptr(SlSession) inv = NULL;
  g_autoptr(SlSession) sup = NULL;
  g_autoptr(SlCase) c = NULL;
  g_autoptr(GPtrArray) ids = sl_test_lfw_identities (2, 4);
  g_autoptr(SlEnrolSummary) s = NULL;
  g_autoptr(SlSearchResult) r = NULL;
  g_autofree char *root = g_build_filename (o->dir, "gallery", NULL);
  g_autofree char *gallery = sl_test_lfw_gallery_dir (root, ids, 1);
  g_autofree char *probe = sl_test_lfw_image (g_ptr_array_index (ids, 0), 1);
  GPtrArray *out = g_ptr_array_new ();
  SlSearchRequest req;
  gint64 face;

  ck_assert_msg (sl_engine_open (engine, &error), "%s", error ? error->message : "");
  adm = sl_engine_sign_in (engine, "adm-1", SL_DESKS_PASSWORD, &error);
  inv = sl_engine_sign_in (engine, "inv-1", SL_DESKS_PASSWORD, &error);
  sup = sl_engine_sign_in (engine, "sup-1", SL_DESKS_PASSWORD, &error);
  ck_assert_msg (adm != NULL && inv != NULL && sup != NULL, "%s", error ? error->message : "");
  s = sl_test_enrol (engine, adm, SL_DESKS_GALLERY, NULL, gallery);
  c = sl_engine_case_open (engine, inv, case_number, "Race", &error);
  ck_assert_msg (c != NULL, "%s", error ? error->message : "");
  face = sl_test_probe_face (engine, inv, case_number, probe);
  sl_test_request_init (&req, case_number, face, SL_DESKS_GALLERY);
  req.show_below_threshold = TRUE;
  req.top_k = 4;
  r = sl_engine_search (engine, sup, &req, NULL, &error);
  ck_assert_msg (r != NULL, "%s", error ? error->message : "");
  for (guint i = 0; i < r->candidates->len; i++)
    g_ptr_array_add (out, GINT_TO_POINTER (((SlSearchCandidate *) g_ptr_array_index (r->candidates, i))->candidate_id));
  return out;
}

/* Runs the commands (one a desk, each as its user) at once; their exit
 * statuses and error output. */
static void
race (Office             *o,
      guint               n,
      const char *const  *users,
      const char *const **args,
      int                *status,
      char              **errs)
{
  GSubprocess *children[8];

  ck_assert_uint_le (n, G_N_ELEMENTS (children));
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *data = g_strdup_printf ("%s/race-%u", o->dir, i);
      g_autoptr(GPtrArray) argv = g_ptr_array_new ();

      g_ptr_array_add (argv, (gpointer) "--user");
      g_ptr_array_add (argv, (gpointer) users[i]);
      for (guint k = 0; args[i][k] != NULL; k++)
        g_ptr_array_add (argv, (gpointer) args[i][k]);
      g_ptr_array_add (argv, NULL);
      children[i] = cli_spawn (o, data, SL_DESKS_PASSWORD, (const char *const *) argv->pdata);
    }
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *out = NULL;

      status[i] = cli_wait (children[i], &out, &errs[i]);
      g_object_unref (children[i]);
    }
}

/* tests */

START_TEST (test_four_desks)
{
  run_office (FALSE);
}
END_TEST

START_TEST (test_four_desks_server_crash)
{
  run_office (TRUE);
}
END_TEST

START_TEST (test_decide_race)
{
  g_autoptr(Office) o = office_new (4);
  g_autoptr(GPtrArray) candidates = searched_candidates (o, "RACE-1");
  guint decided[8] = { 0 };
  PGconn *conn;

  ck_assert_uint_ge (candidates->len, 3);
  ck_assert_uint_le (candidates->len, G_N_ELEMENTS (decided));
  for (guint k = 0; k < candidates->len; k++)
    {
      g_autofree char *id = g_strdup_printf ("%d", GPOINTER_TO_INT (g_ptr_array_index (candidates, k)));
      const char *decide[] = { "decide", "--candidate", id, "--decision", "excluded", "--rationale",
                               "Compared ears, nose and hairline with the probe", NULL };
      const char *const *args[] = { decide, decide, decide };
      int status[3] = { 0 };
      char *errs[3] = { NULL };

      if (k % 2 == 0)
        {
          /* One investigator at two desks: the first decision, and a
           * refusal. */
          const char *users[] = { "inv-1", "inv-1" };
          guint ok = 0;

          race (o, 2, users, args, status, errs);
          for (guint i = 0; i < 2; i++)
            if (status[i] == 0)
              ok++;
            else
              {
                ck_assert_msg (status[i] == 3, "exit %d: %s", status[i], errs[i]);
                ck_assert_msg (strstr (errs[i], "you took the first decision") != NULL, "%s", errs[i]);
              }
          ck_assert_uint_eq (ok, 1);
          decided[k] = 1;
        }
      else
        {
          /* Three supervisors: the first decision, perhaps the second review
           * (when one desk saw the first before it decided), and clear
           * refusals, never a third decision or two first ones. */
          const char *users[] = { "sup-2", "sup-3", "sup-4" };
          guint ok = 0;

          race (o, 3, users, args, status, errs);
          for (guint i = 0; i < 3; i++)
            if (status[i] == 0)
              ok++;
            else
              {
                ck_assert_msg (status[i] == 3, "exit %d: %s", status[i], errs[i]);
                ck_assert_msg (strstr (errs[i], "already has its two decisions") != NULL ||
                               strstr (errs[i], "a moment ago at another desk") != NULL, "%s", errs[i]);
              }
          ck_assert_uint_ge (ok, 1);
          ck_assert_uint_le (ok, 2);
          decided[k] = ok;
        }
      for (guint i = 0; i < G_N_ELEMENTS (errs); i++)
        g_free (errs[i]);
    }
  conn = owner_connect (o);
  for (guint k = 0; k < candidates->len; k++)
    {
      g_autofree char *id = g_strdup_printf ("%d", GPOINTER_TO_INT (g_ptr_array_index (candidates, k)));

      ck_assert_int_eq (count (conn, "SELECT count(*) FROM decisions WHERE candidate_id = $1::bigint AND "
                                     "stage = 'first'", 1, id), 1);
      ck_assert_int_eq (count (conn, "SELECT count(*) FROM decisions WHERE candidate_id = $1::bigint AND "
                                     "stage = 'second'", 1, id), decided[k] - 1);
      ck_assert_int_eq (count (conn, "SELECT count(*) FROM audit WHERE action = 'candidate.decide' AND "
                                     "object_id = $1 AND outcome = 'success'", 1, id), decided[k]);
      ck_assert_int_eq (count (conn, "SELECT count(*) FROM audit WHERE action = 'candidate.decide' AND "
                                     "object_id = $1 AND outcome = 'refused'", 1, id), 2 + k % 2 - decided[k]);
    }
  check_database (o, conn);
  PQfinish (conn);
  check_verify (o);
}
END_TEST

START_TEST (test_close_race)
{
  g_autoptr(Office) o = office_new (2);
  PGconn *conn;

  for (guint k = 0; k < 3; k++)
    {
      g_autofree char *number = g_strdup_printf ("CLOSE-%u", k);
      const char *open[] = { "case", "open", number, "--title", "Closed twice", NULL };
      const char *close[] = { "case", "close", number, NULL };
      const char *const *args[] = { close, close };
      const char *users[] = { "inv-1", k == 0 ? "inv-1" : "sup-2" };
      const char *opener[] = { "inv-1" };
      const char *const *open_args[] = { open };
      int status[2] = { 0 };
      char *errs[2] = { NULL };
      guint ok = 0;

      race (o, 1, opener, open_args, status, errs);
      ck_assert_msg (status[0] == 0, "%s", errs[0]);
      g_clear_pointer (&errs[0], g_free);
      race (o, 2, users, args, status, errs);
      for (guint i = 0; i < 2; i++)
        {
          if (status[i] == 0)
            ok++;
          else
            ck_assert_msg (strstr (errs[i], "is already closed") != NULL, "exit %d: %s", status[i], errs[i]);
          g_free (errs[i]);
        }
      ck_assert_uint_eq (ok, 1);
    }
  conn = owner_connect (o);
  ck_assert_int_eq (count (conn, "SELECT count(*) FROM audit WHERE action = 'case.close' AND outcome = 'success'",
                           0), 3);
  ck_assert_int_eq (count (conn, "SELECT count(*) FROM cases WHERE closed_at IS NOT NULL", 0), 3);
  check_database (o, conn);
  PQfinish (conn);
  check_verify (o);
}
END_TEST

/* Making the schema is the owner's: a desk's role pointed at an empty
 * database is refused with the server named, and leaves it empty. (The
 * schema's own privileges, no UPDATE, DELETE or TRUNCATE of the audit and
 * no dropping its triggers, are test-pg-schema's.) */
START_TEST (test_desk_cannot_init)
{
  g_autofree char *owner_uri = NULL;
  g_autofree char *desk_uri = NULL;
  g_autofree char *name = sl_test_pg_new_database (&owner_uri, &desk_uri);
  g_autofree char *dir = sl_test_make_tmp_dir ("sl-test-desks-XXXXXX");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GSubprocess) child = NULL;
  const char *args[] = { "init", "--admin", "root", NULL };
  Office o = { .desk_uri = desk_uri };
  PGconn *conn;

  child = cli_spawn (&o, dir, SL_DESKS_PASSWORD, args);
  ck_assert_int_eq (cli_wait (child, &out, &err), 1);
  ck_assert_msg (strstr (err, "Cannot create the Sightline tables") != NULL && strstr (err, "permission denied") != NULL &&
                 strstr (err, "database server sightline_desk@127.0.0.1:") != NULL, "%s", err);
  conn = PQconnectdb (owner_uri);
  ck_assert_msg (PQstatus (conn) == CONNECTION_OK, "%s", PQerrorMessage (conn));
  ck_assert_int_eq (count (conn, "SELECT count(*) FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace "
                                 "WHERE s.nspname = 'public'", 0), 0);
  PQfinish (conn);
  sl_test_rm_rf (dir);
}
END_TEST

static Suite *
desks_suite (void)
{
  Suite *s = suite_create ("desks");
  TCase *tc = tcase_create ("desks");
  TCase *race_tc = tcase_create ("race");

  /* Each office run lasts its seconds plus set-up and checks. */
  tcase_set_timeout (tc, desk_seconds () + 240);
  tcase_add_test (tc, test_four_desks);
  tcase_add_test (tc, test_four_desks_server_crash);
  suite_add_tcase (s, tc);
  tcase_set_timeout (race_tc, 240);
  tcase_add_test (race_tc, test_decide_race);
  tcase_add_test (race_tc, test_close_race);
  tcase_add_test (race_tc, test_desk_cannot_init);
  suite_add_tcase (s, race_tc);
  return s;
}

int
main (void)
{
  /* Always on the server, whatever the setup: one cluster for the
   * process, shared by the forked tests. */
  sl_test_pg_cluster ();
  return sl_test_run_suite (desks_suite ());
}
