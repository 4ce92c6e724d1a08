/* sl-store.c: the case database: one SQLite file, checked before it is
 * touched, migrated in transactions, one connection per SlStore; or a
 * PostgreSQL server (sl-store-pg.c) behind the same calls.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "core/sl-store-backend.h"

G_DEFINE_QUARK (sl-store-error-quark, sl_store_error)

/* How long a writer waits for another process's transaction. */
#define BUSY_TIMEOUT_MS 20000

G_DEFINE_FINAL_TYPE (SlStore, sl_store, G_TYPE_OBJECT)

/* helpers */

static SlStoreError
error_code_for (int rc)
{
  switch (rc & 0xff)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return SL_STORE_ERROR_BUSY;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return SL_STORE_ERROR_CORRUPT;
    case SQLITE_FULL:
      return SL_STORE_ERROR_FULL;
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PERM:
      return SL_STORE_ERROR_IO;
    case SQLITE_CONSTRAINT:
      return SL_STORE_ERROR_CONSTRAINT;
    default:
      return SL_STORE_ERROR_FAILED;
    }
}

static SlStore *
store_new (const char *path)
{
  SlStore *self = g_object_new (SL_TYPE_STORE, NULL);

  self->path = g_strdup (path);
  if (sl_store_is_uri (path))
    {
      self->backend = SL_STORE_BACKEND_POSTGRESQL;
      self->display = sl_store_pg_display (path);
    }
  else
    self->display = g_filename_display_name (path);
  return self;
}

static gboolean
query_int (SlStore     *self,
           const char  *sql,
           int         *value,
           GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *value = sqlite3_column_int (stmt, 0);
      sqlite3_finalize (stmt);
      return TRUE;
    }
  sqlite3_finalize (stmt);
  return sl_store_fail (self, rc, error, _("Cannot read the database"));
}

/* Why the first look at the file failed, in words that are true: a full
 * disk, a file that cannot be read or a lock are not damage. */
static void
probe_failed (SlStore  *self,
              GError  **error)
{
  if (error == NULL || *error == NULL)
    return;
  switch ((*error)->code)
    {
    case SL_STORE_ERROR_BUSY:
    case SL_STORE_ERROR_FULL:
      break;
    case SL_STORE_ERROR_IO:
      g_prefix_error (error, _("The database '%s' cannot be read and was left unchanged: "), self->display);
      break;
    default:
      g_prefix_error (error, _("The database '%s' is damaged and was left unchanged: "), self->display);
      (*error)->code = SL_STORE_ERROR_CORRUPT;
      break;
    }
}

/* Looks at the file through a read-only connection, which never writes,
 * not even to roll back a hot journal: a file that is not ours, is newer or
 * is damaged is refused before anything could change it. (Reading the
 * header with open()/close() instead would drop the POSIX locks every other
 * SQLite connection of this process holds on the file.) */
static gboolean
probe_readonly (SlStore  *self,
                GError  **error)
{
  g_autoptr(SlStore) probe = store_new (self->path);
  int app_id = 0, version = 0, n = 0;
  int rc;

  rc = sqlite3_open_v2 (self->path, &probe->db,
                        SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE, NULL);
  if (rc != SQLITE_OK)
    return sl_store_fail (probe, rc, error, _("Cannot open the database"));
  sqlite3_busy_timeout (probe->db, BUSY_TIMEOUT_MS);

  if (!query_int (probe, "PRAGMA application_id", &app_id, error))
    {
      if (error != NULL && (*error)->code == SL_STORE_ERROR_CORRUPT &&
          (sqlite3_extended_errcode (probe->db) & 0xff) == SQLITE_NOTADB)
        {
          g_clear_error (error);
          g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_SIGHTLINE,
                       _("'%s' is not a Sightline database: it is not an SQLite file; it was left unchanged"),
                       self->display);
        }
      else
        probe_failed (self, error);
      return FALSE;
    }
  if ((guint32) app_id != SL_STORE_APPLICATION_ID)
    {
      if (app_id != 0)
        g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_SIGHTLINE,
                     _("'%s' is an SQLite database of another application (application id 0x%08x), "
                       "not a Sightline database; it was left unchanged"), self->display, (guint32) app_id);
      else
        g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_SIGHTLINE,
                     _("'%s' is an SQLite database but not a Sightline database; it was left unchanged"),
                     self->display);
      return FALSE;
    }
  if (!query_int (probe, "PRAGMA user_version", &version, error))
    goto damaged;
  if (version > (int) sl_store_n_migrations ())
    {
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_TOO_NEW,
                   _("The database '%s' was written by a newer Sightline (schema version %d; this "
                     "one knows up to %u); it was left unchanged: update Sightline to open it"),
                   self->display, version, sl_store_n_migrations ());
      return FALSE;
    }
  /* The schema, and the root page of every table, are read once, so that
   * damage is found now rather than halfway through an action. */
  if (!query_int (probe, "SELECT count(*) FROM sqlite_schema", &n, error) ||
      (version >= 1 &&
       (!query_int (probe, "SELECT count(*) FROM (SELECT 1 FROM users LIMIT 1)", &n, error) ||
        !query_int (probe, "SELECT coalesce (max (seq), 0) FROM audit", &n, error) ||
        !query_int (probe, "SELECT count(*) FROM meta", &n, error))))
    goto damaged;
  return TRUE;

damaged:
  probe_failed (self, error);
  return FALSE;
}

static gboolean
configure (SlStore  *self,
           GError  **error)
{
  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
  /* Nothing, not even this connection, may rewrite the schema behind the
   * triggers' back. */
  sqlite3_db_config (self->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
  sqlite3_db_config (self->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
  /* WAL with synchronous=NORMAL: a commit survives the process being
   * killed at any moment and the file is never corrupt; only a power cut
   * may lose the last commits. secure_delete: what is erased (a sealed
   * search's candidates, purged probe data) is overwritten in the file,
   * not left in free pages. */
  return sl_store_exec (self, "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA secure_delete = ON;",
                        error);
}

static gboolean
migrate (SlStore  *self,
         GError  **error)
{
  int n = (int) sl_store_n_migrations ();

  while (self->version < n)
    {
      g_autofree char *bump = NULL;
      int version;

      if (!sl_store_begin (self, error))
        return FALSE;
      /* Another process may have migrated while we waited for the lock. */
      if (!query_int (self, "PRAGMA user_version", &version, error))
        goto fail;
      if (version >= n)
        {
          self->version = version;
          sl_store_rollback (self);
          break;
        }
      bump = g_strdup_printf ("PRAGMA user_version = %d", version + 1);
      if (!sl_store_exec (self, sl_store_migration ((guint) version), error) ||
          !sl_store_exec (self, bump, error) ||
          !sl_store_commit (self, error))
        goto fail;
      g_debug ("Migrated '%s' to schema version %d", self->display, version + 1);
      self->version = version + 1;
      continue;

    fail:
      sl_store_rollback (self);
      g_prefix_error (error, _("Cannot upgrade the database '%s' to schema version %d: "),
                      self->display, version + 1);
      return FALSE;
    }
  return TRUE;
}

static gboolean
connect_db (SlStore  *self,
            GError  **error)
{
  int rc = sqlite3_open_v2 (self->path, &self->db,
                            SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE,
                            NULL);
  if (rc != SQLITE_OK)
    return sl_store_fail (self, rc, error, _("Cannot open the database"));
  /* Until the file is accepted, closing must not checkpoint into it. */
  sqlite3_db_config (self->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
  return TRUE;
}

static void
remove_database_files (const char *path)
{
  static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *p = g_strconcat (path, suffixes[i], NULL);
      g_unlink (p);
    }
}

/* overrides */

static void
sl_store_finalize (GObject *object)
{
  SlStore *self = SL_STORE (object);

  if (self->commit_hook_destroy != NULL)
    self->commit_hook_destroy (self->commit_hook_data);
  /* The connection goes first: its prepared statements go with it. */
  sl_store_pg_close (self);
  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    {
      if (sqlite3_get_autocommit (self->db) == 0)
        sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      sqlite3_close_v2 (self->db);
      self->db = NULL;
    }
  g_free (self->path);
  g_free (self->display);
  g_free (self->pg_message);

  G_OBJECT_CLASS (sl_store_parent_class)->finalize (object);
}

static void
sl_store_class_init (SlStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sl_store_finalize;
}

static void
sl_store_init (SlStore *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) sl_stmt_free);
}

/* public API */

SlStore *
sl_store_open (const char  *path,
               GError     **error)
{
  g_autoptr(SlStore) self = NULL;
  GStatBuf st;
  int version = 0;

  g_return_val_if_fail (path != NULL, NULL);

  self = store_new (path);
  if (self->backend == SL_STORE_BACKEND_POSTGRESQL)
    {
      if (!sl_store_pg_connect (self, error) || !sl_store_pg_open_checked (self, error))
        return NULL;
      return g_steal_pointer (&self);
    }
  if (g_stat (path, &st) != 0)
    {
      int saved = errno;
      g_set_error (error, SL_STORE_ERROR,
                   saved == ENOENT ? SL_STORE_ERROR_NOT_FOUND : SL_STORE_ERROR_IO,
                   saved == ENOENT ? _("No Sightline database at '%s'; create one with 'sightline-cli init --admin NAME'")
                                   : _("Cannot open the database '%s': %s"),
                   self->display, g_strerror (saved));
      return NULL;
    }
  if (!S_ISREG (st.st_mode) || st.st_size == 0)
    {
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_SIGHTLINE,
                   S_ISREG (st.st_mode) ? _("'%s' is not a Sightline database: the file is empty")
                                        : _("'%s' is not a Sightline database: it is not a file"),
                   self->display);
      return NULL;
    }
  if (!probe_readonly (self, error) || !connect_db (self, error))
    return NULL;

  /* Accepted: now read-write, migrated if older. */
  if (!query_int (self, "PRAGMA user_version", &version, error))
    return NULL;
  self->version = version;
  if (!configure (self, error) || !migrate (self, error))
    return NULL;
  sqlite3_db_config (self->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 0, NULL);
  return g_steal_pointer (&self);
}

SlStore *
sl_store_create (const char  *path,
                 GError     **error)
{
  g_autoptr(SlStore) self = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *wal = NULL;
  g_autofree char *header_sql = NULL;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);

  self = store_new (path);
  if (self->backend == SL_STORE_BACKEND_POSTGRESQL)
    {
      if (!sl_store_pg_connect (self, error) || !sl_store_pg_create (self, error))
        return NULL;
      return g_steal_pointer (&self);
    }
  wal = g_strconcat (path, "-wal", NULL);
  if (g_file_test (path, G_FILE_TEST_EXISTS) || g_file_test (wal, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_EXISTS,
                   _("A file already exists at '%s'; Sightline never overwrites one"), self->display);
      return NULL;
    }

  dir = g_path_get_dirname (path);
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR) && g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_autofree char *display = g_filename_display_name (dir);
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_IO,
                   _("Cannot create the folder '%s': %s"), display, g_strerror (saved));
      return NULL;
    }

  /* Made here so it is owner-only from its first byte; SQLite gives its
   * -wal and -shm files the same permissions. */
  fd = g_open (path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, SL_STORE_ERROR,
                   saved == EEXIST ? SL_STORE_ERROR_EXISTS : SL_STORE_ERROR_IO,
                   _("Cannot create the database '%s': %s"), self->display, g_strerror (saved));
      return NULL;
    }
  close (fd);

  /* The application id goes into the main file's header before WAL is
   * switched on, so that the header alone always tells a file is ours. */
  header_sql = g_strdup_printf ("PRAGMA application_id = %d; PRAGMA user_version = 0;"
                                "CREATE TABLE sl_init (x); DROP TABLE sl_init;",
                                (int) SL_STORE_APPLICATION_ID);
  if (!connect_db (self, error) ||
      !sl_store_exec (self, header_sql, error) ||
      !sl_store_exec (self, "PRAGMA journal_mode = WAL", error) ||
      !configure (self, error) ||
      !migrate (self, error))
    {
      g_clear_object (&self);
      remove_database_files (path);
      return NULL;
    }
  sqlite3_db_config (self->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 0, NULL);
  return g_steal_pointer (&self);
}

const char *
sl_store_get_path (SlStore *self)
{
  g_return_val_if_fail (SL_IS_STORE (self), NULL);
  return self->path;
}

const char *
sl_store_get_display_name (SlStore *self)
{
  g_return_val_if_fail (SL_IS_STORE (self), NULL);
  return self->display;
}

SlStore *
sl_store_open_side (const char  *path,
                      GError     **error)
{
  g_autoptr(SlStore) self = store_new (path);
  int rc;

  self->reader = TRUE;
  if (self->backend == SL_STORE_BACKEND_POSTGRESQL)
    return sl_store_pg_connect (self, error) ? g_steal_pointer (&self) : NULL;
  rc = sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE, NULL);
  if (rc != SQLITE_OK)
    {
      sl_store_fail (self, rc, error, _("Cannot open the database"));
      return NULL;
    }
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
  return g_steal_pointer (&self);
}

int
sl_store_get_schema_version (SlStore *self)
{
  g_return_val_if_fail (SL_IS_STORE (self), 0);
  return self->version;
}

int
sl_store_schema_version (void)
{
  return (int) sl_store_n_migrations ();
}

gboolean
sl_store_begin (SlStore  *self,
                GError  **error)
{
  g_return_val_if_fail (SL_IS_STORE (self), FALSE);
  /* On PostgreSQL every writer takes the same transaction lock first (the
   * application id, SL_STORE_APPLICATION_ID, in decimal): the
   * desks' transactions follow one another as SQLite's do, so a
   * read-then-write (the audit head, a candidate's state) stays true until
   * the commit, and the office's audit chain stays one line. */
  if (self->backend == SL_STORE_BACKEND_POSTGRESQL)
    return sl_store_pg_exec (self, "BEGIN; SELECT pg_advisory_xact_lock (1399604290)",
                             error);
  return sl_store_exec (self, "BEGIN IMMEDIATE", error);
}

gboolean
sl_store_begin_read (SlStore  *self,
                     GError  **error)
{
  g_return_val_if_fail (SL_IS_STORE (self), FALSE);
  if (self->backend == SL_STORE_BACKEND_POSTGRESQL)
    return sl_store_pg_exec (self, "BEGIN ISOLATION LEVEL REPEATABLE READ", error);
  return sl_store_exec (self, "BEGIN", error);
}

gboolean
sl_store_commit (SlStore  *self,
                 GError  **error)
{
  int rc;

  g_return_val_if_fail (SL_IS_STORE (self), FALSE);
  /* Its own words: a commit that fails saved nothing of the action. */
  if (self->backend == SL_STORE_BACKEND_POSTGRESQL)
    {
      PGresult *res = PQexec (self->pg, "COMMIT");
      gboolean ok = res != NULL && PQresultStatus (res) == PGRES_COMMAND_OK &&
                    g_strcmp0 (PQcmdStatus (res), "COMMIT") == 0;

      if (!ok)
        {
          rc = res != NULL && PQresultStatus (res) == PGRES_COMMAND_OK ? SL_DB_ERROR
                                                                      : sl_store_pg_note_error (self, res);
          if (rc == SL_DB_ERROR && res != NULL && PQresultStatus (res) == PGRES_COMMAND_OK)
            {
              g_free (self->pg_message);
              self->pg_message = g_strdup (_("the server rolled the transaction back"));
            }
          PQclear (res);
          return sl_store_fail (self, rc, error, _("Cannot save the changes"));
        }
      PQclear (res);
    }
  else if ((rc = sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL)) != SQLITE_OK)
    return sl_store_fail (self, rc, error, _("Cannot save the changes"));
  if (self->commit_hook != NULL)
    self->commit_hook (self, self->commit_hook_data);
  return TRUE;
}

void
sl_store_set_commit_hook (SlStore           *self,
                          SlStoreCommitHook  hook,
                          gpointer           data,
                          GDestroyNotify     destroy)
{
  g_return_if_fail (SL_IS_STORE (self));
  if (self->commit_hook_destroy != NULL)
    self->commit_hook_destroy (self->commit_hook_data);
  self->commit_hook = hook;
  self->commit_hook_data = data;
  self->commit_hook_destroy = destroy;
}

gpointer
sl_store_get_commit_hook_data (SlStore           *self,
                               SlStoreCommitHook  hook)
{
  g_return_val_if_fail (SL_IS_STORE (self), NULL);
  return self->commit_hook == hook ? self->commit_hook_data : NULL;
}

void
sl_store_rollback (SlStore *self)
{
  g_return_if_fail (SL_IS_STORE (self));
  if (self->backend == SL_STORE_BACKEND_POSTGRESQL)
    {
      if (sl_store_pg_in_transaction (self))
        PQclear (PQexec (self->pg, "ROLLBACK"));
    }
  else if (sqlite3_get_autocommit (self->db) == 0)
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

gboolean
sl_store_in_transaction (SlStore *self)
{
  g_return_val_if_fail (SL_IS_STORE (self), FALSE);
  if (self->backend == SL_STORE_BACKEND_POSTGRESQL)
    return sl_store_pg_in_transaction (self);
  return sqlite3_get_autocommit (self->db) == 0;
}

char *
sl_store_get_meta (SlStore     *self,
                   const char  *key,
                   GError     **error)
{
  g_autoptr(SlStmt) stmt = sl_store_prepare (self, "SELECT value FROM meta WHERE key = ?1", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sl_bind_text (stmt, 1, key);
  rc = sl_stmt_step (stmt);
  if (rc == SL_DB_ROW)
    return sl_column_text (stmt, 0);
  if (rc != SL_DB_DONE)
    sl_store_fail (self, rc, error, _("Cannot read the database settings"));
  else
    g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_FOUND,
                 _("The database '%s' has no setting '%s'"), self->display, key);
  return NULL;
}

gboolean
sl_store_set_meta (SlStore     *self,
                   const char  *key,
                   const char  *value,
                   GError     **error)
{
  g_autoptr(SlStmt) stmt =
    sl_store_prepare (self, "INSERT INTO meta (key, value) VALUES (?1, ?2) "
                            "ON CONFLICT (key) DO UPDATE SET value = excluded.value", error);

  if (stmt == NULL)
    return FALSE;
  sl_bind_text (stmt, 1, key);
  sl_bind_text (stmt, 2, value);
  return sl_store_exec_stmt (self, stmt, error, _("Cannot save the database settings"));
}

gboolean
sl_store_check_text (const char  *what,
                     const char  *text,
                     gsize        max_chars,
                     gboolean     allow_newlines,
                     GError     **error)
{
  gsize n = 0;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_INVALID,
                   _("The %s is not valid UTF-8 text"), what);
      return FALSE;
    }
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (++n > max_chars)
        {
          g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_INVALID,
                       _("The %s is too long (more than %lu characters)"),
                       what, (unsigned long) max_chars);
          return FALSE;
        }
      if (g_unichar_iscntrl (c) && !(allow_newlines && (c == '\t' || c == '\n' || c == '\r')))
        {
          g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_INVALID,
                       _("The %s contains a control character (U+%04X)"), what, c);
          return FALSE;
        }
    }
  return TRUE;
}

char *
sl_store_text_shown (const char *text,
                     gsize       max_chars)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  g_autofree char *cut = NULL;

  if (g_utf8_strlen (valid, -1) <= (glong) max_chars)
    return g_steal_pointer (&valid);
  cut = g_utf8_substring (valid, 0, (glong) max_chars);
  return g_strconcat (cut, "…", NULL);
}

char *
sl_store_format_time (GDateTime *time)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);
  g_autofree char *base = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S");

  return g_strdup_printf ("%s.%06dZ", base, g_date_time_get_microsecond (utc));
}

static SlStoreClockFunc clock_func;
static gpointer         clock_data;

void
sl_store_set_clock (SlStoreClockFunc func,
                    gpointer         data)
{
  clock_func = func;
  clock_data = data;
}

GDateTime *
sl_store_now_datetime (void)
{
  if (clock_func != NULL)
    return clock_func (clock_data);
  return g_date_time_new_now_utc ();
}

char *
sl_store_now (void)
{
  g_autoptr(GDateTime) now = sl_store_now_datetime ();
  return sl_store_format_time (now);
}

char *
sl_store_parse_time (const char  *text,
                     GError     **error)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) time = NULL;
  g_autofree char *full = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  /* A bare date is the start of that day, UTC. */
  if (strlen (text) == 10)
    full = g_strconcat (text, "T00:00:00Z", NULL);
  else
    full = g_strdup (text);
  time = g_date_time_new_from_iso8601 (full, utc);
  if (time == NULL)
    {
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_INVALID,
                   _("'%s' is not a time; use ISO 8601, e.g. 2024-05-01 or 2024-05-01T09:30:00Z"),
                   text);
      return NULL;
    }
  return sl_store_format_time (time);
}

/* private API (sl-store-private.h) */

SlStoreBackend
sl_store_get_backend (SlStore *self)
{
  g_return_val_if_fail (SL_IS_STORE (self), SL_STORE_BACKEND_SQLITE);
  return self->backend;
}

struct sqlite3 *
sl_store_get_sqlite (SlStore *self)
{
  g_return_val_if_fail (SL_IS_STORE (self), NULL);
  return self->db;
}

SlStmt *
sl_store_prepare_once (SlStore     *self,
                       const char  *sql,
                       GError     **error)
{
  sqlite3_stmt *lite = NULL;
  int rc;

  g_return_val_if_fail (SL_IS_STORE (self), NULL);

  if (self->backend == SL_STORE_BACKEND_POSTGRESQL)
    return sl_store_pg_ensure (self, error) ? sl_stmt_new_pg (self, sql) : NULL;
  rc = sqlite3_prepare_v2 (self->db, sql, -1, &lite, NULL);
  if (rc != SQLITE_OK)
    {
      sl_store_fail (self, rc, error, _("Cannot prepare a database query"));
      return NULL;
    }
  return sl_stmt_new_sqlite (self, lite);
}

SlStmt *
sl_store_prepare (SlStore     *self,
                  const char  *sql,
                  GError     **error)
{
  SlStmt *stmt;

  g_return_val_if_fail (SL_IS_STORE (self), NULL);

  stmt = g_hash_table_lookup (self->statements, sql);
  if (stmt != NULL)
    {
      /* A lost connection is taken up again before the next action. */
      if (self->backend == SL_STORE_BACKEND_POSTGRESQL && !sl_store_pg_ensure (self, error))
        return NULL;
      return stmt;
    }
  if (self->backend == SL_STORE_BACKEND_POSTGRESQL)
    {
      if (!sl_store_pg_ensure (self, error))
        return NULL;
      stmt = sl_stmt_new_pg (self, sql);
    }
  else
    {
      sqlite3_stmt *lite = NULL;
      int rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &lite, NULL);

      if (rc != SQLITE_OK)
        {
          sl_store_fail (self, rc, error, _("Cannot prepare a database query"));
          return NULL;
        }
      stmt = sl_stmt_new_sqlite (self, lite);
    }
  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

gint64
sl_store_last_insert_id (SlStore  *self,
                         GError  **error)
{
  g_return_val_if_fail (SL_IS_STORE (self), 0);
  if (self->backend == SL_STORE_BACKEND_POSTGRESQL)
    return sl_store_pg_last_insert_id (self, error);
  return sqlite3_last_insert_rowid (self->db);
}

gint64
sl_store_changes (SlStore *self)
{
  g_return_val_if_fail (SL_IS_STORE (self), 0);
  if (self->backend == SL_STORE_BACKEND_POSTGRESQL)
    return self->pg_changes;
  return sqlite3_changes (self->db);
}

gboolean
sl_store_last_error_unique (SlStore *self)
{
  g_return_val_if_fail (SL_IS_STORE (self), FALSE);
  if (self->backend == SL_STORE_BACKEND_POSTGRESQL)
    return strcmp (self->pg_sqlstate, "23505") == 0;
  return sqlite3_extended_errcode (self->db) == SQLITE_CONSTRAINT_UNIQUE ||
         sqlite3_extended_errcode (self->db) == SQLITE_CONSTRAINT_PRIMARYKEY;
}

const char *
sl_store_last_error_message (SlStore *self)
{
  g_return_val_if_fail (SL_IS_STORE (self), "");
  if (self->backend == SL_STORE_BACKEND_POSTGRESQL)
    return self->pg_message != NULL ? self->pg_message : "";
  return self->db != NULL ? sqlite3_errmsg (self->db) : "";
}

gboolean
sl_store_fail (SlStore     *self,
               int          rc,
               GError     **error,
               const char  *what)
{
  const char *msg;
  int sys = 0;
  int primary = rc & 0xff;

  if (self->backend == SL_STORE_BACKEND_POSTGRESQL)
    {
      msg = self->pg_message != NULL ? self->pg_message : "";
      switch (rc)
        {
        case SL_DB_CONNECTION:
          g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_SERVER,
                       /* TRANSLATORS: what could not be done, the server, then what libpq said */
                       _("%s: the database server %s cannot be reached (%s); nothing of this action was "
                         "saved, and Sightline connects again for the next one"), what, self->display, msg);
          return FALSE;
        case SL_DB_TIMEOUT:
          g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_BUSY,
                       _("%s: the database server %s took too long (%s); nothing of this action was saved"),
                       what, self->display, msg);
          return FALSE;
        case SL_DB_BUSY:
          g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_BUSY,
                       _("%s: the database on %s stayed locked by another desk for too long (%s)"),
                       what, self->display, msg);
          return FALSE;
        case SL_DB_FULL:
          g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_FULL,
                       _("%s: the database server %s has no space left, so nothing of this action was "
                         "saved (%s)"), what, self->display, msg);
          return FALSE;
        default:
          g_set_error (error, SL_STORE_ERROR, error_code_for (rc), "%s: %s (database server %s)",
                       what, msg, self->display);
          return FALSE;
        }
    }

  msg = self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc);
  sys = self->db != NULL ? sqlite3_system_errno (self->db) : 0;
  /* SQLite says "disk I/O error" when a full disk stops it growing its
   * -shm or -wal file, and SQLITE_FULL only for the database itself: the
   * system's error number tells a full disk from a damaged one. */
  if ((primary == SQLITE_IOERR || primary == SQLITE_CANTOPEN) && (sys == ENOSPC || sys == EDQUOT))
    primary = SQLITE_FULL;

  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
    g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_BUSY,
                 _("%s: the database '%s' stayed locked by another program for too long"),
                 what, self->display);
  else if (primary == SQLITE_FULL)
    g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_FULL,
                 /* TRANSLATORS: what could not be done, then the database file */
                 _("%s: the disk holding the database '%s' is full, so nothing of this action was saved; "
                   "free some space and try again"), what, self->display);
  else
    g_set_error (error, SL_STORE_ERROR, error_code_for (rc), "%s: %s (database '%s')",
                 what, msg, self->display);
  return FALSE;
}

gboolean
sl_store_exec_stmt (SlStore       *self,
                    SlStmt        *stmt,
                    GError       **error,
                    const char    *what)
{
  int rc = sl_stmt_step (stmt);

  if (rc == SL_DB_DONE || rc == SL_DB_ROW)
    return TRUE;
  return sl_store_fail (self, rc, error, what);
}

gboolean
sl_store_checkpoint (SlStore  *self,
                     GError  **error)
{
  int log_frames = 0, copied = 0;
  int rc;

  g_return_val_if_fail (!sl_store_in_transaction (self), FALSE);

  /* A server keeps no log of ours to fold. */
  if (self->backend == SL_STORE_BACKEND_POSTGRESQL)
    return TRUE;
  rc = sqlite3_wal_checkpoint_v2 (self->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, &log_frames, &copied);
  if (rc != SQLITE_OK)
    return sl_store_fail (self, rc, error, _("Cannot write the log into the database file"));
  return TRUE;
}

gboolean
sl_store_exec (SlStore     *self,
               const char  *sql,
               GError     **error)
{
  int rc;

  if (self->backend == SL_STORE_BACKEND_POSTGRESQL)
    return sl_store_pg_exec (self, sql, error);
  rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    return TRUE;
  return sl_store_fail (self, rc, error, _("A database statement failed"));
}
