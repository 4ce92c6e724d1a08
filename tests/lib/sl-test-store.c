/* sl-test-store.c: a database with its accounts, sightline-cli runs, raw SQL
 * and a small AVI writer (see sl-test-store.h).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include <sqlite3.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include <libpq-fe.h>

#include "sl-test-pg.h"
#include "sl-test-store.h"
#include "vision/sl-image.h"

/* helpers */

static void
put32 (GByteArray *a,
       guint32     v)
{
  guint8 b[4] = { v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, (v >> 24) & 0xff };
  g_byte_array_append (a, b, 4);
}

static void
put16 (GByteArray *a,
       guint16     v)
{
  guint8 b[2] = { v & 0xff, (v >> 8) & 0xff };
  g_byte_array_append (a, b, 2);
}

static void
put_fourcc (GByteArray *a,
            const char *cc)
{
  g_byte_array_append (a, (const guint8 *) cc, 4);
}

static void
set32 (GByteArray *a,
       guint       offset,
       guint32     v)
{
  a->data[offset] = v & 0xff;
  a->data[offset + 1] = (v >> 8) & 0xff;
  a->data[offset + 2] = (v >> 16) & 0xff;
  a->data[offset + 3] = (v >> 24) & 0xff;
}

static void
detach_child (gpointer user_data)
{
  setsid ();
}

/* The databases made on the server by this process: the desks' URI ->
 * its owner's URI and the folder its desks keep their copies in. */
typedef struct
{
  char *owner_uri;
  char *dir;
} ServerDb;

static GHashTable *server_dbs;

static void
server_db_free (gpointer data)
{
  ServerDb *s = data;

  g_free (s->owner_uri);
  g_free (s->dir);
  g_free (s);
}

static ServerDb *
server_db (const char *db)
{
  return server_dbs != NULL && db != NULL ? g_hash_table_lookup (server_dbs, db) : NULL;
}

/* The tests' own SQL is SQLite's, where a JSON value compares with a
 * number (as a double) and json_array_length and json_each take a path:
 * the same here,
 * for the tests' raw SQL only (run as the owner), never for the app's. */
static const char test_dialect_sql[] =
  "CREATE FUNCTION sl_test_num (t text) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$"
  "  SELECT CASE WHEN t ~ '^\\s*[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?\\s*$' THEN t::numeric END $$;"
  "CREATE FUNCTION sl_test_eq (a text, b numeric) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT sl_test_num (a)::float8 = b::float8 $$;"
  "CREATE FUNCTION sl_test_ne (a text, b numeric) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT sl_test_num (a)::float8 <> b::float8 $$;"
  "CREATE FUNCTION sl_test_lt (a text, b numeric) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT sl_test_num (a)::float8 < b::float8 $$;"
  "CREATE FUNCTION sl_test_le (a text, b numeric) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT sl_test_num (a)::float8 <= b::float8 $$;"
  "CREATE FUNCTION sl_test_gt (a text, b numeric) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT sl_test_num (a)::float8 > b::float8 $$;"
  "CREATE FUNCTION sl_test_ge (a text, b numeric) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT sl_test_num (a)::float8 >= b::float8 $$;"
  "CREATE OPERATOR = (LEFTARG = text, RIGHTARG = numeric, FUNCTION = sl_test_eq);"
  "CREATE OPERATOR <> (LEFTARG = text, RIGHTARG = numeric, FUNCTION = sl_test_ne);"
  "CREATE OPERATOR < (LEFTARG = text, RIGHTARG = numeric, FUNCTION = sl_test_lt);"
  "CREATE OPERATOR <= (LEFTARG = text, RIGHTARG = numeric, FUNCTION = sl_test_le);"
  "CREATE OPERATOR > (LEFTARG = text, RIGHTARG = numeric, FUNCTION = sl_test_gt);"
  "CREATE OPERATOR >= (LEFTARG = text, RIGHTARG = numeric, FUNCTION = sl_test_ge);"
  "CREATE FUNCTION sl_test_eq_nt (a numeric, b text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT a = sl_test_num (b) $$;"
  "CREATE FUNCTION sl_test_eq_td (a text, b double precision) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$"
  "  SELECT sl_test_num (a)::double precision = b $$;"
  "CREATE OPERATOR = (LEFTARG = numeric, RIGHTARG = text, FUNCTION = sl_test_eq_nt);"
  "CREATE FUNCTION sl_test_eq_bt (a bigint, b text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT a = sl_test_num (b) $$;"
  "CREATE OPERATOR = (LEFTARG = bigint, RIGHTARG = text, FUNCTION = sl_test_eq_bt);"
  "CREATE OPERATOR = (LEFTARG = text, RIGHTARG = double precision, FUNCTION = sl_test_eq_td);"
  "CREATE FUNCTION instr (a text, b text) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT strpos (a, b) $$;"
  "CREATE FUNCTION hex (a bytea) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT upper (encode (a, 'hex')) $$;"
  "CREATE FUNCTION json_array_length (doc text, path text) RETURNS integer LANGUAGE sql IMMUTABLE AS $$"
  "  SELECT jsonb_array_length (jsonb_path_query_first (doc::jsonb, path::jsonpath)) $$;"
  "CREATE FUNCTION json_array_length (doc text) RETURNS integer LANGUAGE sql IMMUTABLE AS $$"
  "  SELECT jsonb_array_length (doc::jsonb) $$;"
  "CREATE FUNCTION json_each (doc text, path text) RETURNS TABLE (key text, value text) LANGUAGE sql IMMUTABLE AS $$"
  "  SELECT e.key, e.value::text FROM jsonb_each (jsonb_path_query_first (doc::jsonb, path::jsonpath)) e"
  "  WHERE jsonb_typeof (jsonb_path_query_first (doc::jsonb, path::jsonpath)) = 'object'"
  "  UNION ALL SELECT (a.n - 1)::text, a.value::text FROM jsonb_array_elements (jsonb_path_query_first (doc::jsonb, path::jsonpath))"
  "  WITH ORDINALITY a (value, n) WHERE jsonb_typeof (jsonb_path_query_first (doc::jsonb, path::jsonpath)) = 'array' $$;";

/* A new database on the test server, made (schema and administrator) by
 * its owner as an office's administrator would; the desks' URI. */
static char *
server_db_new (const char  *dir,
               const char  *key,
               GError     **error)
{
  g_autofree char *owner_uri = NULL;
  g_autofree char *desk_uri = NULL;
  g_autofree char *name = sl_test_pg_new_database (&owner_uri, &desk_uri);
  g_autoptr(SlEngine) owner = NULL;

  /* What a desk keeps of its own goes into the test's folder. */
  g_setenv ("SIGHTLINE_DATA_DIR", dir, TRUE);
  owner = sl_engine_new (owner_uri);
  if (!sl_engine_init_database (owner, "root", "Root Admin", SL_TEST_ADMIN_PASSWORD, key, error))
    return NULL;
  sl_test_pg_exec (owner_uri, test_dialect_sql);
  sl_test_db_add_server (desk_uri, owner_uri, dir);
  return g_steal_pointer (&desk_uri);
}

/* public API */

void
sl_test_db_add_server (const char *desk_uri,
                       const char *owner_uri,
                       const char *dir)
{
  ServerDb *s = g_new0 (ServerDb, 1);

  if (server_dbs == NULL)
    server_dbs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, server_db_free);
  s->owner_uri = g_strdup (owner_uri);
  s->dir = g_strdup (dir);
  g_hash_table_replace (server_dbs, g_strdup (desk_uri), s);
}

const char *
sl_test_db_owner (const char *db)
{
  ServerDb *s = server_db (db);
  return s != NULL ? s->owner_uri : NULL;
}

void
sl_test_run_clear (SlTestRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

SlTestDb *
sl_test_db_new (gboolean keyed)
{
  SlTestDb *db = g_new0 (SlTestDb, 1);
  g_autoptr(GError) error = NULL;

  db->dir = sl_test_make_tmp_dir ("sl-test-store-XXXXXX");
  if (keyed)
    db->key = g_build_filename (db->dir, "audit.key", NULL);
  if (sl_test_backend_pg ())
    {
      db->db = server_db_new (db->dir, db->key, &error);
      ck_assert_msg (db->db != NULL, "init on the server: %s", error ? error->message : "");
      db->engine = sl_engine_new (db->db);
      ck_assert_msg (sl_engine_open (db->engine, &error), "open: %s", error ? error->message : "");
    }
  else
    {
      db->db = g_build_filename (db->dir, "data", "sightline.db", NULL);
      db->engine = sl_engine_new (db->db);
      ck_assert_msg (sl_engine_init_database (db->engine, "root", "Root Admin", SL_TEST_ADMIN_PASSWORD, db->key,
                                              &error), "init: %s", error ? error->message : "");
    }
  db->admin = sl_engine_sign_in (db->engine, "root", SL_TEST_ADMIN_PASSWORD, &error);
  ck_assert_msg (db->admin != NULL, "sign in: %s", error ? error->message : "");
  ck_assert_msg (sl_engine_user_add (db->engine, db->admin, "ivan", "Ivan Investigator", SL_ROLE_INVESTIGATOR,
                                     SL_TEST_INVESTIGATOR_PASSWORD, &error), "%s", error ? error->message : "");
  ck_assert_msg (sl_engine_user_add (db->engine, db->admin, "sue", "Sue Supervisor", SL_ROLE_SUPERVISOR,
                                     SL_TEST_SUPERVISOR_PASSWORD, &error), "%s", error ? error->message : "");
  db->investigator = sl_engine_sign_in (db->engine, "ivan", SL_TEST_INVESTIGATOR_PASSWORD, &error);
  db->supervisor = sl_engine_sign_in (db->engine, "sue", SL_TEST_SUPERVISOR_PASSWORD, &error);
  ck_assert_ptr_nonnull (db->investigator);
  ck_assert_ptr_nonnull (db->supervisor);
  return db;
}

SlSession *
sl_test_db_searcher (SlTestDb *db)
{
  g_autoptr(GError) error = NULL;

  if (db->searcher != NULL)
    return db->searcher;
  ck_assert_msg (sl_engine_user_add (db->engine, db->admin, "sid", "Sid Searcher", SL_ROLE_SUPERVISOR,
                                     SL_TEST_SUPERVISOR_PASSWORD, &error), "%s", error ? error->message : "");
  db->searcher = sl_engine_sign_in (db->engine, "sid", SL_TEST_SUPERVISOR_PASSWORD, &error);
  ck_assert_msg (db->searcher != NULL, "%s", error ? error->message : "");
  return db->searcher;
}

void
sl_test_policy_apply (SlEngine   *engine,
                      SlSession  *who,
                      SlSession  *cosigner,
                      const char *key,
                      const char *value,
                      const char *reason)
{
  g_autoptr(GError) error = NULL;
  SlPolicyChange change = { 0 };

  ck_assert_msg (sl_engine_policy_change (engine, who, key, value, reason, &change, &error), "%s: %s", key,
                 error ? error->message : "");
  if (change.pending)
    ck_assert_msg (sl_engine_policy_cosign (engine, cosigner, change.request_id, &error), "co-sign %s: %s", key,
                   error ? error->message : "");
}

void
sl_test_db_free (SlTestDb *db)
{
  if (db == NULL)
    return;
  g_clear_object (&db->admin);
  g_clear_object (&db->investigator);
  g_clear_object (&db->supervisor);
  g_clear_object (&db->searcher);
  g_clear_object (&db->engine);
  sl_test_rm_rf (db->dir);
  g_free (db->dir);
  g_free (db->db);
  g_free (db->key);
  g_free (db);
}

void
sl_test_cli_env (SlTestRun         *run,
                 const char        *db,
                 char             **envp_extra,
                 gboolean           detach,
                 const char *const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) envp = g_get_environ ();
  g_autoptr(GError) error = NULL;
  int wait_status = 0;

  envp = g_environ_unsetenv (envp, "SIGHTLINE_PASSWORD");
  envp = g_environ_unsetenv (envp, "SIGHTLINE_NEW_PASSWORD");
  envp = g_environ_unsetenv (envp, "SIGHTLINE_DATA_DIR");
  envp = g_environ_unsetenv (envp, "SIGHTLINE_AUDIT_KEY");
  envp = g_environ_unsetenv (envp, "SIGHTLINE_AUDIT_WITNESS");
  envp = g_environ_unsetenv (envp, "SIGHTLINE_RECOVERY_CODE");
  envp = g_environ_unsetenv (envp, "SIGHTLINE_LOCALEDIR");
  envp = g_environ_unsetenv (envp, "SIGHTLINE_DB");
  if (server_db (db) != NULL)
    envp = g_environ_setenv (envp, "SIGHTLINE_DATA_DIR", server_db (db)->dir, TRUE);
  for (guint i = 0; envp_extra != NULL && envp_extra[i] != NULL; i++)
    {
      g_auto(GStrv) kv = g_strsplit (envp_extra[i], "=", 2);
      envp = g_environ_setenv (envp, kv[0], kv[1], TRUE);
    }

  g_ptr_array_add (argv, (gpointer) SL_TEST_CLI);
  if (db != NULL)
    {
      g_ptr_array_add (argv, (gpointer) "--db");
      g_ptr_array_add (argv, (gpointer) db);
    }
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  sl_test_run_clear (run);
  ck_assert_msg (g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT,
                               detach ? detach_child : NULL, NULL, &run->out, &run->err,
                               &wait_status, &error),
                 "%s", error ? error->message : "");
  ck_assert_msg (WIFEXITED (wait_status), "sightline-cli did not exit normally (crash?): %s", run->err);
  run->status = WEXITSTATUS (wait_status);
}

void
sl_test_cli (SlTestRun  *run,
             const char *db,
             const char *password,
             ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autofree char *env_password = password != NULL ? g_strconcat ("SIGHTLINE_PASSWORD=", password, NULL) : NULL;
  char *envp[] = { env_password, NULL };
  va_list ap;
  const char *a;

  va_start (ap, password);
  while ((a = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  sl_test_cli_env (run, db, envp, FALSE, (const char *const *) args->pdata);
}

JsonNode *
sl_test_parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  ck_assert_msg (json_parser_load_from_data (parser, text, -1, &error), "not JSON: %s\n%s",
                 error ? error->message : "", text);
  return json_node_copy (json_parser_get_root (parser));
}

/* Raw SQL on the server, as its owner (a tamperer with the owner's
 * password); the error's message, or NULL. */
static char *
server_sql (const char  *db,
            const char  *sql,
            gint64      *value)
{
  PGconn *conn = PQconnectdb (server_db (db)->owner_uri);
  PGresult *res;
  char *result = NULL;

  ck_assert_msg (PQstatus (conn) == CONNECTION_OK, "%s", PQerrorMessage (conn));
  res = PQexec (conn, sql);
  if (PQresultStatus (res) != PGRES_COMMAND_OK && PQresultStatus (res) != PGRES_TUPLES_OK)
    result = g_strdup (PQresultErrorField (res, PG_DIAG_MESSAGE_PRIMARY));
  else if (value != NULL)
    {
      ck_assert_msg (PQntuples (res) >= 1, "%s: no row", sql);
      *value = g_ascii_strtoll (PQgetvalue (res, 0, 0), NULL, 10);
    }
  PQclear (res);
  PQfinish (conn);
  return result;
}

char *
sl_test_sql_error (const char *db,
                   const char *sql)
{
  sqlite3 *handle = NULL;
  char *msg = NULL;
  char *result = NULL;
  int rc;

  if (server_db (db) != NULL)
    return server_sql (db, sql, NULL);
  ck_assert_int_eq (sqlite3_open_v2 (db, &handle, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
  sqlite3_busy_timeout (handle, 10000);
  rc = sqlite3_exec (handle, sql, NULL, NULL, &msg);
  if (rc != SQLITE_OK)
    result = g_strdup (msg != NULL ? msg : sqlite3_errstr (rc));
  sqlite3_free (msg);
  sqlite3_close (handle);
  return result;
}

void
sl_test_sql (const char *db,
             const char *sql)
{
  g_autofree char *error = sl_test_sql_error (db, sql);
  ck_assert_msg (error == NULL, "SQL failed: %s\n%s", error, sql);
}

gint64
sl_test_sql_int (const char *db,
                 const char *sql)
{
  sqlite3 *handle = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value = 0;

  if (server_db (db) != NULL)
    {
      g_autofree char *error = server_sql (db, sql, &value);
      ck_assert_msg (error == NULL, "%s: %s", sql, error);
      return value;
    }
  ck_assert_int_eq (sqlite3_open_v2 (db, &handle, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
  sqlite3_busy_timeout (handle, 10000);
  ck_assert_msg (sqlite3_prepare_v2 (handle, sql, -1, &stmt, NULL) == SQLITE_OK, "%s: %s", sql,
                 sqlite3_errmsg (handle));
  ck_assert_msg (sqlite3_step (stmt) == SQLITE_ROW, "%s: %s", sql, sqlite3_errmsg (handle));
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (handle);
  return value;
}

static GPtrArray *
new_row (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
}

GPtrArray *
sl_test_sql_rows (const char *db,
                  const char *sql)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);

  if (server_db (db) != NULL)
    {
      PGconn *conn = PQconnectdb (server_db (db)->owner_uri);
      PGresult *res;

      ck_assert_msg (PQstatus (conn) == CONNECTION_OK, "%s", PQerrorMessage (conn));
      res = PQexec (conn, sql);
      ck_assert_msg (PQresultStatus (res) == PGRES_TUPLES_OK, "%s: %s", sql, PQresultErrorMessage (res));
      for (int r = 0; r < PQntuples (res); r++)
        {
          GPtrArray *row = new_row ();

          for (int c = 0; c < PQnfields (res); c++)
            {
              GBytes *value = NULL;

              if (PQgetisnull (res, r, c))
                value = NULL;
              else if (PQftype (res, c) == 17)
                {
                  size_t length = 0;
                  unsigned char *raw = PQunescapeBytea ((const unsigned char *) PQgetvalue (res, r, c), &length);
                  value = g_bytes_new (raw, length);
                  PQfreemem (raw);
                }
              else
                value = g_bytes_new (PQgetvalue (res, r, c), (gsize) PQgetlength (res, r, c) + 1);
              g_ptr_array_add (row, value);
            }
          g_ptr_array_add (rows, row);
        }
      PQclear (res);
      PQfinish (conn);
      return rows;
    }
  {
    sqlite3 *handle = NULL;
    sqlite3_stmt *stmt = NULL;

    ck_assert_int_eq (sqlite3_open_v2 (db, &handle, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_busy_timeout (handle, 10000);
    ck_assert_msg (sqlite3_prepare_v2 (handle, sql, -1, &stmt, NULL) == SQLITE_OK, "%s: %s", sql,
                   sqlite3_errmsg (handle));
    while (sqlite3_step (stmt) == SQLITE_ROW)
      {
        GPtrArray *row = new_row ();

        for (int c = 0; c < sqlite3_column_count (stmt); c++)
          {
            int type = sqlite3_column_type (stmt, c);

            if (type == SQLITE_NULL)
              g_ptr_array_add (row, NULL);
            else if (type == SQLITE_BLOB)
              g_ptr_array_add (row, g_bytes_new (sqlite3_column_blob (stmt, c), sqlite3_column_bytes (stmt, c)));
            else
              {
                const char *text = (const char *) sqlite3_column_text (stmt, c);
                g_ptr_array_add (row, g_bytes_new (text, strlen (text) + 1));
              }
          }
        g_ptr_array_add (rows, row);
      }
    sqlite3_finalize (stmt);
    sqlite3_close (handle);
  }
  return rows;
}

const char *
sl_test_row_text (GPtrArray *row,
                  guint      column)
{
  GBytes *value = g_ptr_array_index (row, column);
  return value != NULL ? g_bytes_get_data (value, NULL) : NULL;
}

gint64
sl_test_row_int (GPtrArray *row,
                 guint      column)
{
  const char *text = sl_test_row_text (row, column);
  return text != NULL ? g_ascii_strtoll (text, NULL, 10) : 0;
}

const void *
sl_test_row_blob (GPtrArray *row,
                  guint      column,
                  gsize     *size)
{
  GBytes *value = g_ptr_array_index (row, column);

  *size = 0;
  return value != NULL ? g_bytes_get_data (value, size) : NULL;
}

void
sl_test_checkpoint (const char *db)
{
  /* A server has no log of ours to fold. */
  if (server_db (db) == NULL)
    sl_test_sql (db, "PRAGMA wal_checkpoint(TRUNCATE)");
}




void
sl_test_write_avi (const char *path,
                   guint       width,
                   guint       height,
                   guint       n_frames,
                   guint       fps)
{
  g_autoptr(GByteArray) avi = g_byte_array_new ();
  g_autoptr(GByteArray) idx = g_byte_array_new ();
  guint riff_size_at, hdrl_size_at, hdrl_start, strl_size_at, strl_start, movi_size_at, movi_start;
  guint max_frame = 0;

  put_fourcc (avi, "RIFF");
  riff_size_at = avi->len;
  put32 (avi, 0);
  put_fourcc (avi, "AVI ");

  put_fourcc (avi, "LIST");
  hdrl_size_at = avi->len;
  put32 (avi, 0);
  hdrl_start = avi->len;
  put_fourcc (avi, "hdrl");
  put_fourcc (avi, "avih");
  put32 (avi, 56);
  put32 (avi, 1000000 / fps);           /* microseconds per frame */
  put32 (avi, 0);
  put32 (avi, 0);
  put32 (avi, 0x10);                     /* AVIF_HASINDEX */
  put32 (avi, n_frames);
  put32 (avi, 0);
  put32 (avi, 1);                        /* streams */
  put32 (avi, 0);
  put32 (avi, width);
  put32 (avi, height);
  for (int i = 0; i < 4; i++)
    put32 (avi, 0);

  put_fourcc (avi, "LIST");
  strl_size_at = avi->len;
  put32 (avi, 0);
  strl_start = avi->len;
  put_fourcc (avi, "strl");
  put_fourcc (avi, "strh");
  put32 (avi, 56);
  put_fourcc (avi, "vids");
  put_fourcc (avi, "MJPG");
  put32 (avi, 0);
  put16 (avi, 0);
  put16 (avi, 0);
  put32 (avi, 0);
  put32 (avi, 1);                        /* scale */
  put32 (avi, fps);                      /* rate */
  put32 (avi, 0);
  put32 (avi, n_frames);
  put32 (avi, 0);
  put32 (avi, 0xffffffff);
  put32 (avi, 0);
  put16 (avi, 0);
  put16 (avi, 0);
  put16 (avi, (guint16) width);
  put16 (avi, (guint16) height);
  put_fourcc (avi, "strf");
  put32 (avi, 40);
  put32 (avi, 40);
  put32 (avi, width);
  put32 (avi, height);
  put16 (avi, 1);
  put16 (avi, 24);
  put_fourcc (avi, "MJPG");
  put32 (avi, width * height * 3);
  for (int i = 0; i < 4; i++)
    put32 (avi, 0);
  set32 (avi, strl_size_at, avi->len - strl_start);
  set32 (avi, hdrl_size_at, avi->len - hdrl_start);

  put_fourcc (avi, "LIST");
  movi_size_at = avi->len;
  put32 (avi, 0);
  movi_start = avi->len;
  put_fourcc (avi, "movi");
  for (guint f = 0; f < n_frames; f++)
    {
      g_autoptr(SlImage) frame = sl_image_new_filled (width, height, (guint8) (40 * f), 120, (guint8) (255 - 20 * f));
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) jpeg = sl_image_encode (frame, SL_IMAGE_FORMAT_JPEG, 90, &error);
      gsize len;
      const guint8 *data;

      ck_assert_msg (jpeg != NULL, "encode: %s", error ? error->message : "");
      data = g_bytes_get_data (jpeg, &len);
      put_fourcc (idx, "00dc");
      put32 (idx, 0x10);                 /* AVIIF_KEYFRAME */
      put32 (idx, avi->len - movi_start);
      put32 (idx, (guint32) len);
      put_fourcc (avi, "00dc");
      put32 (avi, (guint32) len);
      g_byte_array_append (avi, data, (guint) len);
      if (len % 2 != 0)
        g_byte_array_append (avi, (const guint8 *) "", 1);
      max_frame = MAX (max_frame, (guint) len);
    }
  set32 (avi, movi_size_at, avi->len - movi_start);
  put_fourcc (avi, "idx1");
  put32 (avi, idx->len);
  g_byte_array_append (avi, idx->data, idx->len);
  set32 (avi, riff_size_at, avi->len - 8);
  (void) max_frame;

  ck_assert (g_file_set_contents (path, (const char *) avi->data, avi->len, NULL));
}

