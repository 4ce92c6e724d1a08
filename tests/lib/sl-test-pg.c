/* sl-test-pg.c: the tests' throwaway PostgreSQL cluster, through
 * build-aux/pg-cluster.sh (trust on 127.0.0.1 and a socket in its folder, a
 * free port, the roles sightline_owner and sightline_desk).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include <check.h>
#include <libpq-fe.h>
#include <stdarg.h>
#include <stdlib.h>
#include <unistd.h>

#include "sl-test-pg.h"

static char  *cluster_dir;
static char  *super_uri;
static guint  port;
static pid_t  starter;
static guint  n_databases;

/* The cluster is usually started in main (), outside any test, where
 * Check cannot report a failure: say why on stderr and end the process. */
static void G_GNUC_PRINTF (1, 2) G_GNUC_NORETURN
die (const char *format,
     ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("sl-test-pg: %s\n", message);
  exit (1);
}

/* Runs pg-cluster.sh COMMAND cluster_dir; its stdout, or the process ends
 * with what it said. */
static char *
run_script (const char *command)
{
  const char *argv[] = { "/bin/sh", SL_TEST_PG_CLUSTER, command, cluster_dir, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error))
    die ("cannot run %s: %s", SL_TEST_PG_CLUSTER, error->message);
  if (!g_spawn_check_wait_status (status, &error))
    die ("pg-cluster.sh %s %s failed (%s): %s", command, cluster_dir, error->message, err);
  return out;
}

static void
stop_cluster (void)
{
  const char *argv[] = { "/bin/sh", SL_TEST_PG_CLUSTER, "stop", cluster_dir, NULL };
  g_autoptr(GError) error = NULL;
  int status = 0;

  /* A forked Check child runs the atexit handlers too: only the process
   * that started the cluster stops it. Outside any test, so a failure is a
   * warning, not a failed test. */
  if (cluster_dir == NULL || getpid () != starter)
    return;
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_warning ("cannot stop the test cluster in %s: %s", cluster_dir, error->message);
  g_clear_pointer (&cluster_dir, g_free);
  g_clear_pointer (&super_uri, g_free);
}

static void
exec_ok (PGconn     *conn,
         const char *sql)
{
  PGresult *res = PQexec (conn, sql);

  ck_assert_msg (PQresultStatus (res) == PGRES_COMMAND_OK, "%s: %s", sql, PQerrorMessage (conn));
  PQclear (res);
}

const char *
sl_test_pg_cluster (void)
{
  g_autofree char *out = NULL;
  g_autofree char *port_file = NULL;
  g_autofree char *port_text = NULL;
  g_autoptr(GError) error = NULL;

  if (super_uri != NULL)
    return super_uri;

  /* The script makes the folder; under the temp dir, whose parents the
   * postgres user can pass when it runs as root. */
  {
    g_autofree char *parent = g_dir_make_tmp ("sl-pg-XXXXXX", &error);

    if (parent == NULL)
      die ("cannot make a temp folder: %s", error->message);
    cluster_dir = g_steal_pointer (&parent);
  }
  starter = getpid ();
  out = run_script ("start");
  atexit (stop_cluster);
  g_strstrip (out);
  if (!g_str_has_prefix (out, "postgresql://"))
    die ("pg-cluster.sh printed '%s', not a URI", out);
  port_file = g_build_filename (cluster_dir, "port", NULL);
  if (!g_file_get_contents (port_file, &port_text, NULL, &error))
    die ("%s", error->message);
  port = (guint) g_ascii_strtoull (port_text, NULL, 10);
  if (port == 0)
    die ("no port in %s", port_file);
  super_uri = g_steal_pointer (&out);
  return super_uri;
}

char *
sl_test_pg_new_database (char **owner_uri,
                         char **desk_uri)
{
  const char *uri = sl_test_pg_cluster ();
  g_autofree char *name = g_strdup_printf ("sl_test_%d_%u", (int) getpid (), n_databases++);
  g_autofree char *sql = NULL;
  PGconn *conn = PQconnectdb (uri);

  ck_assert_msg (PQstatus (conn) == CONNECTION_OK, "cannot connect to %s: %s", uri, PQerrorMessage (conn));
  /* The collation and ctype pg-setup.sh gives the office's database: text
   * sorts as in SQLite, citext folds case as NOCASE does. */
  sql = g_strdup_printf ("CREATE DATABASE %s OWNER sightline_owner TEMPLATE template0 "
                         "ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'", name);
  exec_ok (conn, sql);
  PQfinish (conn);
  if (owner_uri != NULL)
    *owner_uri = g_strdup_printf ("postgresql://sightline_owner@127.0.0.1:%u/%s", port, name);
  if (desk_uri != NULL)
    *desk_uri = g_strdup_printf ("postgresql://sightline_desk@127.0.0.1:%u/%s", port, name);
  return g_steal_pointer (&name);
}

void
sl_test_pg_exec (const char *uri,
                 const char *sql)
{
  PGconn *conn = PQconnectdb (uri);
  PGresult *res;

  ck_assert_msg (PQstatus (conn) == CONNECTION_OK, "cannot connect to %s: %s", uri, PQerrorMessage (conn));
  res = PQexec (conn, sql);
  ck_assert_msg (PQresultStatus (res) == PGRES_COMMAND_OK || PQresultStatus (res) == PGRES_TUPLES_OK, "%s: %s",
                 sql, PQresultErrorMessage (res));
  PQclear (res);
  PQfinish (conn);
}

gint64
sl_test_pg_int (const char *uri,
                const char *sql)
{
  PGconn *conn = PQconnectdb (uri);
  PGresult *res;
  gint64 value;

  ck_assert_msg (PQstatus (conn) == CONNECTION_OK, "cannot connect to %s: %s", uri, PQerrorMessage (conn));
  res = PQexec (conn, sql);
  ck_assert_msg (PQresultStatus (res) == PGRES_TUPLES_OK && PQntuples (res) == 1, "%s: %s", sql,
                 PQresultErrorMessage (res));
  value = g_ascii_strtoll (PQgetvalue (res, 0, 0), NULL, 10);
  PQclear (res);
  PQfinish (conn);
  return value;
}

void
sl_test_pg_restart_immediate (void)
{
  sl_test_pg_cluster ();
  g_free (run_script ("restart-immediate"));
}
