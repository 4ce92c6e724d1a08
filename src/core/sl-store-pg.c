/* sl-store-pg.c: the store on a PostgreSQL server, for an office whose
 * desks share one database. The same schema as SQLite's (made in one step,
 * sl-store-schema-pg.c), the same statements (sl-stmt.c translates the
 * parameters), one connection per SlStore. A connection that breaks fails
 * the action under way, whole (the server rolls its transaction back), and
 * is taken up again before the next one.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <libpq/libpq-fs.h>

#include "core/sl-store-backend.h"

/* The channel a desk announces a gallery change on (sl-gallery.c). */
#define GALLERY_CHANNEL "sightline_gallery"

/* helpers */

static void
note_message (SlStore    *self,
              const char *sqlstate,
              const char *message)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (message != NULL ? message : ""));

  g_strlcpy (self->pg_sqlstate, sqlstate != NULL ? sqlstate : "", sizeof self->pg_sqlstate);
  g_free (self->pg_message);
  /* libpq's messages may span lines ("server closed the connection
   * unexpectedly\n\tThis probably means..."): the first says it. */
  if (strchr (trimmed, '\n') != NULL)
    *strchr (trimmed, '\n') = '\0';
  self->pg_message = g_strdup (trimmed);
}

static int
code_for_sqlstate (const char *state)
{
  if (g_str_has_prefix (state, "08") || strcmp (state, "57P01") == 0 ||
      strcmp (state, "57P02") == 0 || strcmp (state, "57P03") == 0)
    return SL_DB_CONNECTION;
  if (strcmp (state, "57014") == 0)
    return SL_DB_TIMEOUT;
  if (strcmp (state, "55P03") == 0 || strcmp (state, "40001") == 0 || strcmp (state, "40P01") == 0)
    return SL_DB_BUSY;
  if (strcmp (state, "53100") == 0)
    return SL_DB_FULL;
  if (g_str_has_prefix (state, "23"))
    return SL_DB_CONSTRAINT;
  if (strcmp (state, "58030") == 0)
    return SL_DB_IOERR;
  if (strcmp (state, "XX001") == 0 || strcmp (state, "XX002") == 0)
    return SL_DB_CORRUPT;
  return SL_DB_ERROR;
}

/* What every new connection sets: UTC, no chatter, bounded waits. A
 * statement_timeout the URI set (options=-c statement_timeout=...) stays. */
static gboolean
session_setup (SlStore  *self,
               GError  **error)
{
  PGresult *res = PQexec (self->pg, "SELECT current_setting ('statement_timeout')");
  gboolean unlimited = res != NULL && PQresultStatus (res) == PGRES_TUPLES_OK && PQntuples (res) == 1 &&
                       strcmp (PQgetvalue (res, 0, 0), "0") == 0;

  PQclear (res);
  self->pg_epoch++;
  if (!sl_store_pg_exec (self, "SET TIME ZONE 'UTC'; SET client_min_messages TO warning; "
                               "SET lock_timeout TO '20s'", error))
    return FALSE;
  if (unlimited && !sl_store_pg_exec (self, "SET statement_timeout TO '5min'", error))
    return FALSE;
  /* Another desk's enrolment is announced here; the gallery matrix asks
   * (sl_store_take_gallery_notice) before each search. */
  if (!self->reader && !sl_store_pg_exec (self, "LISTEN " GALLERY_CHANNEL, error))
    return FALSE;
  self->pg_listening = !self->reader;
  return TRUE;
}

/* Runs one statement; its result, or NULL with the server's error noted
 * and set after `what`. A statement without rows passes unless
 * `rows_only`. */
static PGresult *
run_sql (SlStore     *self,
         const char  *sql,
         gboolean     rows_only,
         const char  *what,
         GError     **error)
{
  PGresult *res = PQexec (self->pg, sql);
  ExecStatusType status = res != NULL ? PQresultStatus (res) : PGRES_FATAL_ERROR;

  if (status != PGRES_TUPLES_OK && (rows_only || status != PGRES_COMMAND_OK))
    {
      int rc = sl_store_pg_note_error (self, res);

      PQclear (res);
      sl_store_fail (self, rc, error, what);
      return NULL;
    }
  return res;
}

static gboolean
query_row (SlStore     *self,
           const char  *sql,
           PGresult   **out,
           GError     **error)
{
  *out = run_sql (self, sql, TRUE, _("Cannot read the database"), error);
  return *out != NULL;
}

static gboolean
owns_schema (SlStore *self)
{
  PGresult *res = PQexec (self->pg, "SELECT pg_has_role (current_user, tableowner, 'USAGE') FROM pg_tables "
                                    "WHERE schemaname = current_schema () AND tablename = 'sightline_schema'");
  gboolean owner = res != NULL && PQresultStatus (res) == PGRES_TUPLES_OK && PQntuples (res) == 1 &&
                   PQgetvalue (res, 0, 0)[0] == 't';

  PQclear (res);
  return owner;
}

gboolean
sl_store_owns_schema (SlStore *self)
{
  g_return_val_if_fail (SL_IS_STORE (self), FALSE);

  if (self->backend != SL_STORE_BACKEND_POSTGRESQL)
    return TRUE;
  return owns_schema (self);
}

static gboolean
migrate (SlStore  *self,
         GError  **error)
{
  int n = (int) sl_store_n_migrations ();
  int baseline = sl_store_pg_baseline_version ();

  g_return_val_if_fail (baseline + (int) sl_store_pg_n_migrations () == n, FALSE);

  while (self->version < n)
    {
      g_autofree char *bump = NULL;
      PGresult *res = NULL;
      int version;

      if (!sl_store_begin (self, error) ||
          !sl_store_pg_exec (self, "LOCK TABLE sightline_schema IN EXCLUSIVE MODE", error) ||
          !query_row (self, "SELECT version FROM sightline_schema", &res, error))
        goto fail_early;
      version = PQntuples (res) == 1 ? atoi (PQgetvalue (res, 0, 0)) : 0;
      PQclear (res);
      /* Another desk may have migrated while we waited for the lock. */
      if (version >= n)
        {
          self->version = version;
          sl_store_rollback (self);
          break;
        }
      bump = g_strdup_printf ("UPDATE sightline_schema SET version = %d", version + 1);
      if (!sl_store_pg_exec (self, sl_store_pg_migration ((guint) (version - baseline)), error) ||
          !sl_store_pg_exec (self, bump, error) ||
          !sl_store_commit (self, error))
        {
          sl_store_rollback (self);
          g_prefix_error (error, _("Cannot upgrade the database on %s to schema version %d: "),
                          self->display, version + 1);
          return FALSE;
        }
      self->version = version + 1;
      continue;

    fail_early:
      sl_store_rollback (self);
      return FALSE;
    }
  return TRUE;
}

/* internal API (sl-store-backend.h) */

gboolean
sl_store_is_uri (const char *path)
{
  return path != NULL &&
         (g_str_has_prefix (path, "postgresql://") || g_str_has_prefix (path, "postgres://"));
}

/* "host:port/database": the same for every role that connects to it. */
char *
sl_store_server_name (const char *uri)
{
  g_autofree char *display = sl_store_pg_display (uri);
  const char *at = strchr (display, '@');

  return g_strdup (at != NULL ? at + 1 : display);
}

char *
sl_store_pg_display (const char *uri)
{
  PQconninfoOption *options = PQconninfoParse (uri, NULL);
  const char *user = NULL, *host = NULL, *port = NULL, *dbname = NULL;
  GString *out;
  char *valid;

  if (options == NULL)
    return g_strdup (_("(a server address that cannot be read)"));
  for (PQconninfoOption *o = options; o->keyword != NULL; o++)
    {
      if (o->val == NULL || *o->val == '\0')
        continue;
      if (strcmp (o->keyword, "user") == 0)
        user = o->val;
      else if (strcmp (o->keyword, "host") == 0)
        host = o->val;
      else if (strcmp (o->keyword, "port") == 0)
        port = o->val;
      else if (strcmp (o->keyword, "dbname") == 0)
        dbname = o->val;
    }
  out = g_string_new (NULL);
  if (user != NULL)
    g_string_append_printf (out, "%s@", user);
  g_string_append (out, host != NULL ? host : "localhost");
  if (port != NULL)
    g_string_append_printf (out, ":%s", port);
  if (dbname != NULL)
    g_string_append_printf (out, "/%s", dbname);
  PQconninfoFree (options);
  valid = g_utf8_make_valid (out->str, -1);
  g_string_free (out, TRUE);
  return valid;
}

gboolean
sl_store_pg_connect (SlStore  *self,
                     GError  **error)
{
  const char *const keywords[] = { "dbname", "fallback_application_name", "connect_timeout", NULL };
  const char *const values[] = { self->path, "sightline", "10", NULL };
  g_autofree char *message = NULL;

  self->pg = PQconnectdbParams (keywords, values, 1);
  if (self->pg == NULL || PQstatus (self->pg) != CONNECTION_OK)
    {
      message = g_strstrip (g_strdup (self->pg != NULL ? PQerrorMessage (self->pg) : g_strerror (ENOMEM)));
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_SERVER,
                   /* TRANSLATORS: the server, then what libpq said */
                   _("Cannot connect to the database server %s: %s"), self->display, message);
      return FALSE;
    }
  if (g_strcmp0 (PQparameterStatus (self->pg, "client_encoding"), "UTF8") != 0 &&
      PQsetClientEncoding (self->pg, "UTF8") != 0)
    {
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_SERVER,
                   _("The database server %s cannot talk UTF-8"), self->display);
      return FALSE;
    }
  return session_setup (self, error);
}

gboolean
sl_store_pg_ensure (SlStore  *self,
                    GError  **error)
{
  g_autofree char *message = NULL;

  if (self->pg != NULL && PQstatus (self->pg) == CONNECTION_OK)
    return TRUE;
  /* Whatever transaction was open died with the connection. */
  PQreset (self->pg);
  if (PQstatus (self->pg) == CONNECTION_OK)
    {
      g_message ("Connected again to the database server %s", self->display);
      return session_setup (self, error);
    }
  message = g_strstrip (g_strdup (PQerrorMessage (self->pg)));
  note_message (self, "08006", message);
  return sl_store_fail (self, SL_DB_CONNECTION, error, _("Cannot connect to the database server"));
}

int
sl_store_pg_note_error (SlStore  *self,
                        PGresult *result)
{
  const char *state = result != NULL ? PQresultErrorField (result, PG_DIAG_SQLSTATE) : NULL;
  const char *primary = result != NULL ? PQresultErrorField (result, PG_DIAG_MESSAGE_PRIMARY) : NULL;

  if (PQstatus (self->pg) != CONNECTION_OK)
    {
      note_message (self, state != NULL ? state : "08006",
                    primary != NULL ? primary : PQerrorMessage (self->pg));
      return SL_DB_CONNECTION;
    }
  if (state == NULL)
    {
      /* A result without an error field: libpq's own trouble. */
      note_message (self, "", result != NULL && *PQresultErrorMessage (result) != '\0'
                                ? PQresultErrorMessage (result) : PQerrorMessage (self->pg));
      return SL_DB_ERROR;
    }
  note_message (self, state, primary);
  return code_for_sqlstate (state);
}

gboolean
sl_store_pg_exec (SlStore     *self,
                  const char  *sql,
                  GError     **error)
{
  PGresult *res;

  if (!sl_store_pg_ensure (self, error) ||
      !(res = run_sql (self, sql, FALSE, _("A database statement failed"), error)))
    return FALSE;
  self->pg_changes = g_ascii_strtoll (PQcmdTuples (res), NULL, 10);
  PQclear (res);
  return TRUE;
}

gboolean
sl_store_pg_in_transaction (SlStore *self)
{
  PGTransactionStatusType status = self->pg != NULL ? PQtransactionStatus (self->pg) : PQTRANS_UNKNOWN;

  return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE;
}

gint64
sl_store_pg_last_insert_id (SlStore  *self,
                            GError  **error)
{
  /* The INSERT went through but the connection may be lost right after
   * it: then this is what failed, and every caller must hear why (an id
   * of 0 without an error ended an action with no error to show). */
  PGresult *res = run_sql (self, "SELECT lastval ()", TRUE, _("Cannot read the id of the new row"), error);
  gint64 id = 0;

  if (res != NULL && PQntuples (res) == 1)
    id = g_ascii_strtoll (PQgetvalue (res, 0, 0), NULL, 10);
  else if (res != NULL)
    g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_FAILED, _("Cannot read the id of the new row"));
  PQclear (res);
  return id;
}

/* Checks that the database is ours and current, as sl_store_open () does
 * for a file: refused, untouched, when it is not. */
gboolean
sl_store_pg_open_checked (SlStore  *self,
                          GError  **error)
{
  g_autoptr(GError) local_error = NULL;
  PGresult *res = NULL;
  gint64 app_id;
  int n = (int) sl_store_n_migrations ();

  if (!query_row (self, "SELECT application_id, version FROM sightline_schema", &res, &local_error))
    {
      if (strcmp (self->pg_sqlstate, "42P01") == 0)
        g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_FOUND,
                     _("No Sightline database on %s; the office's administrator creates it with "
                       "'sightline-cli --db URI init --admin NAME'"), self->display);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (PQntuples (res) != 1)
    {
      PQclear (res);
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_SIGHTLINE,
                   _("The database on %s is not a Sightline database (its version table is not one row); "
                     "it was left unchanged"), self->display);
      return FALSE;
    }
  app_id = g_ascii_strtoll (PQgetvalue (res, 0, 0), NULL, 10);
  self->version = atoi (PQgetvalue (res, 0, 1));
  PQclear (res);
  if (app_id != SL_STORE_APPLICATION_ID)
    {
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_SIGHTLINE,
                   _("The database on %s is not a Sightline database; it was left unchanged"), self->display);
      return FALSE;
    }
  if (self->version > n)
    {
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_TOO_NEW,
                   _("The database on %s was written by a newer Sightline (schema version %d; this one "
                     "knows up to %d); it was left unchanged: update Sightline to use it"),
                   self->display, self->version, n);
      return FALSE;
    }
  if (self->version < n && !self->reader)
    {
      if (!owns_schema (self))
        {
          g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_OWNER,
                       _("The database on %s has schema version %d and this Sightline needs %d; only the "
                         "database's owner may upgrade it: ask the office's administrator to upgrade it"),
                       self->display, self->version, n);
          return FALSE;
        }
      return migrate (self, error);
    }
  return TRUE;
}

/* Makes the schema in an empty database; refuses one that holds anything. */
gboolean
sl_store_pg_create (SlStore  *self,
                    GError  **error)
{
  g_autofree char *bump = NULL;
  PGresult *res = NULL;
  gboolean empty;

  if (!query_row (self, "SELECT count(*) FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace "
                        "WHERE s.nspname = current_schema () AND c.relkind IN ('r', 'v', 'S')", &res, error))
    return FALSE;
  empty = strcmp (PQgetvalue (res, 0, 0), "0") == 0;
  PQclear (res);
  if (!empty)
    {
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_EXISTS,
                   _("The database on %s is not empty; Sightline creates its tables only in an empty "
                     "database and never writes into one that holds anything"), self->display);
      return FALSE;
    }
  bump = g_strdup_printf ("UPDATE sightline_schema SET version = %d", sl_store_pg_baseline_version ());
  if (!sl_store_begin (self, error) ||
      !sl_store_pg_exec (self, sl_store_pg_baseline (), error) ||
      !sl_store_pg_exec (self, bump, error) ||
      !sl_store_commit (self, error))
    {
      sl_store_rollback (self);
      g_prefix_error (error, _("Cannot create the Sightline tables on %s: "), self->display);
      return FALSE;
    }
  self->version = sl_store_pg_baseline_version ();
  return migrate (self, error);
}

void
sl_store_pg_close (SlStore *self)
{
  g_clear_pointer (&self->pg, PQfinish);
}

/* public and private API */

gboolean
sl_store_path_is_server (const char *path)
{
  return sl_store_is_uri (path);
}

/* Whether another desk announced a gallery change since the last call. */
gboolean
sl_store_take_gallery_notice (SlStore *self)
{
  PGnotify *notify;
  gboolean seen;

  g_return_val_if_fail (SL_IS_STORE (self), FALSE);
  if (self->backend != SL_STORE_BACKEND_POSTGRESQL || self->pg == NULL)
    return FALSE;
  PQconsumeInput (self->pg);
  while ((notify = PQnotifies (self->pg)) != NULL)
    {
      self->pg_notified = TRUE;
      PQfreemem (notify);
    }
  seen = self->pg_notified;
  self->pg_notified = FALSE;
  return seen;
}

gboolean
sl_store_announce_gallery (SlStore  *self,
                           GError  **error)
{
  g_return_val_if_fail (SL_IS_STORE (self), FALSE);
  if (self->backend != SL_STORE_BACKEND_POSTGRESQL)
    return TRUE;
  return sl_store_pg_exec (self, "NOTIFY " GALLERY_CHANNEL, error);
}

/* Large objects: the bytes of stored files (evidence, enrolled photos) on
 * the server, so that every desk reads them and one pg_dump holds them.
 * Streamed in chunks both ways, never whole in memory; each in a
 * transaction of its own on this connection. */

#define BLOB_CHUNK (1024 * 1024)

static gboolean
blob_fail (SlStore     *self,
           GError     **error,
           const char  *what)
{
  int rc = sl_store_pg_note_error (self, NULL);

  if (rc == SL_DB_ERROR)
    {
      g_free (self->pg_message);
      self->pg_message = g_strstrip (g_strdup (PQerrorMessage (self->pg)));
    }
  return sl_store_fail (self, rc, error, what);
}

static gboolean
blob_lookup (SlStore     *self,
             const char  *kind,
             const char  *sha256,
             Oid         *object,
             gint64      *size,
             GError     **error)
{
  g_autoptr(SlStmt) stmt =
    sl_store_prepare (self, "SELECT object, size FROM stored_files WHERE kind = ?1 AND sha256 = ?2", error);
  int rc;

  *object = InvalidOid;
  if (stmt == NULL)
    return FALSE;
  sl_bind_text (stmt, 1, kind);
  sl_bind_text (stmt, 2, sha256);
  rc = sl_stmt_step (stmt);
  if (rc == SL_DB_ROW)
    {
      *object = (Oid) sl_stmt_column_int64 (stmt, 0);
      if (size != NULL)
        *size = sl_stmt_column_int64 (stmt, 1);
      return TRUE;
    }
  if (rc == SL_DB_DONE)
    return TRUE;
  return sl_store_fail (self, rc, error, _("Cannot read the stored files"));
}

gboolean
sl_store_blob_put (SlStore       *self,
                   const char    *kind,
                   const char    *sha256,
                   const char    *path,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(SlStmt) insert = NULL;
  g_autofree char *now = sl_store_now ();
  g_autofree char *buffer = NULL;
  g_autofree char *grant = NULL;
  Oid object = InvalidOid;
  gint64 size = 0;
  int fd = -1, lo = -1;
  gssize n;

  g_return_val_if_fail (self->backend == SL_STORE_BACKEND_POSTGRESQL, FALSE);

  /* A plain transaction: the desks' write lock is not held while the
   * bytes travel. */
  if (!sl_store_pg_exec (self, "BEGIN", error) || !blob_lookup (self, kind, sha256, &object, NULL, error))
    goto fail;
  if (object != InvalidOid)
    {
      /* The same bytes are there already (another desk, another case). */
      sl_store_rollback (self);
      return TRUE;
    }
  if ((fd = g_open (path, O_RDONLY | O_CLOEXEC, 0)) < 0)
    {
      int saved = errno;
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_IO, _("Cannot read the file to store: %s"),
                   g_strerror (saved));
      goto fail;
    }
  if ((object = lo_creat (self->pg, INV_READ | INV_WRITE)) == InvalidOid ||
      (lo = lo_open (self->pg, object, INV_WRITE)) < 0)
    {
      blob_fail (self, error, _("Cannot store the file on the server"));
      goto fail;
    }
  buffer = g_malloc (BLOB_CHUNK);
  while ((n = read (fd, buffer, BLOB_CHUNK)) > 0)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto fail;
      if (lo_write (self->pg, lo, buffer, (size_t) n) != (int) n)
        {
          blob_fail (self, error, _("Cannot store the file on the server"));
          goto fail;
        }
      size += n;
    }
  if (n < 0)
    {
      int saved = errno;
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_IO, _("Cannot read the file to store: %s"),
                   g_strerror (saved));
      goto fail;
    }
  close (fd);
  fd = -1;
  if (lo_close (self->pg, lo) != 0)
    {
      lo = -1;
      blob_fail (self, error, _("Cannot store the file on the server"));
      goto fail;
    }
  lo = -1;
  /* A large object is its creator's: one the owner role made (store copy)
   * is granted to the desks, who read every stored file. The number is
   * the server's own. */
  grant = g_strdup_printf ("DO $$ BEGIN IF current_user <> 'sightline_desk' AND EXISTS "
                           "(SELECT 1 FROM pg_roles WHERE rolname = 'sightline_desk') THEN "
                           "GRANT SELECT ON LARGE OBJECT %u TO sightline_desk; END IF; END $$", (unsigned) object);
  if (!sl_store_pg_exec (self, grant, error))
    goto fail;
  insert = sl_store_prepare (self, "INSERT INTO stored_files (kind, sha256, object, size, stored_at) "
                                   "VALUES (?1, ?2, ?3, ?4, ?5)", error);
  if (insert == NULL)
    goto fail;
  sl_bind_text (insert, 1, kind);
  sl_bind_text (insert, 2, sha256);
  sl_stmt_bind_int64 (insert, 3, object);
  sl_stmt_bind_int64 (insert, 4, size);
  sl_bind_text (insert, 5, now);
  if (!sl_store_exec_stmt (self, insert, error, _("Cannot store the file on the server")) ||
      !sl_store_commit (self, error))
    goto fail;
  return TRUE;

fail:
  if (fd >= 0)
    close (fd);
  /* The large object, if made, goes with the rolled back transaction. */
  sl_store_rollback (self);
  return FALSE;
}

gboolean
sl_store_blob_get (SlStore       *self,
                   const char    *kind,
                   const char    *sha256,
                   int            out_fd,
                   GChecksum     *checksum,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autofree char *buffer = NULL;
  Oid object = InvalidOid;
  gint64 size = 0, done = 0;
  int lo = -1, n;

  g_return_val_if_fail (self->backend == SL_STORE_BACKEND_POSTGRESQL, FALSE);

  if (!sl_store_pg_exec (self, "BEGIN", error) || !blob_lookup (self, kind, sha256, &object, &size, error))
    goto fail;
  if (object == InvalidOid)
    {
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_FOUND,
                   _("the server %s has no stored file with SHA-256 %.16s…"), self->display, sha256);
      goto fail;
    }
  if ((lo = lo_open (self->pg, object, INV_READ)) < 0)
    {
      blob_fail (self, error, _("Cannot read a stored file from the server"));
      goto fail;
    }
  buffer = g_malloc (BLOB_CHUNK);
  while ((n = lo_read (self->pg, lo, buffer, BLOB_CHUNK)) > 0)
    {
      gssize written = 0;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto fail;
      g_checksum_update (checksum, (const guchar *) buffer, n);
      while (written < n)
        {
          gssize w = write (out_fd, buffer + written, (size_t) (n - written));

          if (w < 0 && errno == EINTR)
            continue;
          if (w < 0)
            {
              int saved = errno;
              g_set_error (error, SL_STORE_ERROR, saved == ENOSPC ? SL_STORE_ERROR_FULL : SL_STORE_ERROR_IO,
                           _("Cannot write the local copy of a stored file: %s"), g_strerror (saved));
              goto fail;
            }
          written += w;
        }
      done += n;
    }
  if (n < 0)
    {
      blob_fail (self, error, _("Cannot read a stored file from the server"));
      goto fail;
    }
  if (done != size)
    {
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_CORRUPT,
                   _("the stored file %.16s… on %s has %" PRId64 " bytes, not %" PRId64),
                   sha256, self->display, (int64_t) done, (int64_t) size);
      goto fail;
    }
  lo_close (self->pg, lo);
  sl_store_rollback (self);
  return TRUE;

fail:
  sl_store_rollback (self);
  return FALSE;
}
