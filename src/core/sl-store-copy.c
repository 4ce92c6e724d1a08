/* sl-store-copy.c: every row of one database into another, the same ids
 * and bytes (an office moving its desk's SQLite file onto its server).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include <glib/gi18n-lib.h>

#include "core/sl-store-copy.h"
#include "core/sl-store-private.h"

/* helpers */

/* The source's tables in the order they were made: a table only refers
 * to tables made before it. */
static GPtrArray *
source_tables (SlStore  *from,
               GError  **error)
{
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(SlStmt) stmt = NULL;
  int rc;

  if (sl_store_get_backend (from) != SL_STORE_BACKEND_SQLITE)
    {
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_INVALID,
                   _("A copy is made from a database file, not from a server"));
      return NULL;
    }
  stmt = sl_store_prepare (from, "SELECT name FROM sqlite_schema WHERE type = 'table' "
                                 "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sl_stmt_step (stmt)) == SL_DB_ROW)
    g_ptr_array_add (tables, sl_column_text (stmt, 0));
  if (rc != SL_DB_DONE)
    {
      sl_store_fail (from, rc, error, _("Cannot read the database"));
      return NULL;
    }
  return g_steal_pointer (&tables);
}

static GPtrArray *
table_columns (SlStore     *from,
               const char  *table,
               GError     **error)
{
  g_autoptr(GPtrArray) columns = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(SlStmt) stmt = sl_store_prepare (from, "SELECT name FROM pragma_table_info (?1) ORDER BY cid", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sl_bind_text (stmt, 1, table);
  while ((rc = sl_stmt_step (stmt)) == SL_DB_ROW)
    g_ptr_array_add (columns, sl_column_text (stmt, 0));
  if (rc != SL_DB_DONE)
    {
      sl_store_fail (from, rc, error, _("Cannot read the database"));
      return NULL;
    }
  return g_steal_pointer (&columns);
}

/* Table and column names come from the source's own catalogue and are
 * plain identifiers; quoted all the same. */
static char *
quoted_list (GPtrArray *names)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < names->len; i++)
    g_string_append_printf (out, "%s\"%s\"", i > 0 ? ", " : "", (const char *) g_ptr_array_index (names, i));
  return g_string_free (out, FALSE);
}

static void
bind_like (SlStmt *to,
           int     index,
           SlStmt *from,
           int     column)
{
  switch (sl_stmt_column_type (from, column))
    {
    case SL_DB_INTEGER:
      sl_stmt_bind_int64 (to, index, sl_stmt_column_int64 (from, column));
      break;
    case SL_DB_FLOAT:
      sl_stmt_bind_double (to, index, sl_stmt_column_double (from, column));
      break;
    case SL_DB_BLOB:
      {
        const void *data = sl_stmt_column_blob (from, column);
        int size = sl_stmt_column_bytes (from, column);
        sl_stmt_bind_blob (to, index, data != NULL ? data : "", (gsize) size);
      }
      break;
    case SL_DB_NULL:
      sl_stmt_bind_null (to, index);
      break;
    default:
      sl_bind_text (to, index, sl_stmt_column_text (from, column));
      break;
    }
}

static gboolean
copy_table (SlStore             *from,
            SlStore             *to,
            const char          *table,
            SlStoreCopyProgress  progress,
            gpointer             progress_data,
            GCancellable        *cancellable,
            guint64             *n_rows,
            GError             **error)
{
  g_autoptr(GPtrArray) columns = table_columns (from, table, error);
  g_autofree char *list = NULL;
  g_autofree char *select = NULL;
  g_autofree char *insert = NULL;
  g_autofree char *clear = NULL;
  g_autoptr(GString) values = g_string_new (NULL);
  SlStmt *read = NULL;
  SlStmt *write = NULL;
  guint64 done = 0;
  gboolean ok = FALSE;
  int rc;

  if (columns == NULL)
    return FALSE;
  list = quoted_list (columns);
  for (guint i = 0; i < columns->len; i++)
    g_string_append_printf (values, "%s?%u", i > 0 ? ", " : "", i + 1);
  select = g_strdup_printf ("SELECT %s FROM \"%s\" ORDER BY rowid", list, table);
  insert = g_strdup_printf ("INSERT INTO \"%s\" (%s) VALUES (%s)", table, list, values->str);
  /* A new database starts with some rows of its own (the default policy,
   * the offence list, the version): the source's replace them. */
  clear = g_strdup_printf ("DELETE FROM \"%s\"", table);
  if (!sl_store_exec (to, clear, error) ||
      !(read = sl_store_prepare_once (from, select, error)) ||
      !(write = sl_store_prepare_once (to, insert, error)))
    goto out;
  while ((rc = sl_stmt_step (read)) == SL_DB_ROW)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;
      for (guint i = 0; i < columns->len; i++)
        bind_like (write, (int) i + 1, read, (int) i);
      rc = sl_stmt_step (write);
      sl_stmt_reset (write);
      if (rc != SL_DB_DONE && rc != SL_DB_ROW)
        {
          sl_store_fail (to, rc, error, _("Cannot write a copied row"));
          g_prefix_error (error, _("Table %s, row %" PRIu64 ": "), table, (uint64_t) (done + 1));
          goto out;
        }
      done++;
      if (progress != NULL && done % 1000 == 0)
        progress (table, done, progress_data);
    }
  if (rc != SL_DB_DONE)
    {
      sl_store_fail (from, rc, error, _("Cannot read the database"));
      goto out;
    }
  if (progress != NULL)
    progress (table, done, progress_data);
  *n_rows += done;
  ok = TRUE;

out:
  sl_stmt_free (read);
  sl_stmt_free (write);
  return ok;
}

/* Identity columns go on after the highest copied id. */
static gboolean
advance_sequences (SlStore  *to,
                   GError  **error)
{
  return sl_store_exec (to,
                        "DO $$ DECLARE r record; BEGIN "
                        "FOR r IN SELECT c.table_name, c.column_name FROM information_schema.columns c "
                        "  WHERE c.table_schema = current_schema () AND c.is_identity = 'YES' LOOP "
                        "  EXECUTE format ('SELECT setval (pg_get_serial_sequence (%L, %L), "
                        "    coalesce ((SELECT max (%I) FROM %I), 0) + 1, false)', "
                        "    r.table_name, r.column_name, r.column_name, r.table_name); "
                        "END LOOP; END $$",
                        error);
}

/* public API */

gboolean
sl_store_copy_rows (SlStore             *from,
                    SlStore             *to,
                    SlStoreCopyProgress  progress,
                    gpointer             progress_data,
                    GCancellable        *cancellable,
                    guint64             *n_rows,
                    GError             **error)
{
  g_autoptr(GPtrArray) tables = NULL;
  guint64 rows = 0;

  g_return_val_if_fail (SL_IS_STORE (from) && SL_IS_STORE (to), FALSE);

  if (sl_store_get_backend (to) != SL_STORE_BACKEND_POSTGRESQL)
    {
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_INVALID,
                   _("A copy goes to a database server (postgresql://...)"));
      return FALSE;
    }
  if (sl_store_get_schema_version (from) != sl_store_get_schema_version (to))
    {
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_INVALID,
                   _("The two databases have different schema versions (%d and %d)"),
                   sl_store_get_schema_version (from), sl_store_get_schema_version (to));
      return FALSE;
    }
  if (!(tables = source_tables (from, error)))
    return FALSE;
  /* One transaction: a copy that fails leaves the target as it was. */
  if (!sl_store_begin (to, error))
    return FALSE;
  for (guint i = 0; i < tables->len; i++)
    if (!copy_table (from, to, g_ptr_array_index (tables, i), progress, progress_data, cancellable, &rows,
                     error))
      goto fail;
  if (!advance_sequences (to, error) || !sl_store_commit (to, error))
    goto fail;
  if (n_rows != NULL)
    *n_rows = rows;
  return TRUE;

fail:
  sl_store_rollback (to);
  return FALSE;
}

void
sl_store_copy_file_free (SlStoreCopyFile *file)
{
  if (file == NULL)
    return;
  g_free (file->kind);
  g_free (file->sha256);
  g_free (file->relative);
  g_free (file->name);
  g_free (file);
}

GPtrArray *
sl_store_copy_list_files (SlStore  *from,
                          GError  **error)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_store_copy_file_free);
  g_autoptr(SlStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (SL_IS_STORE (from), NULL);

  /* One case's evidence may be another's: the bytes go over once. */
  stmt = sl_store_prepare (from, "SELECT 'evidence', sha256, min (stored_path), min (original_name), max (size) "
                                 "FROM evidence GROUP BY sha256 "
                                 "UNION ALL "
                                 "SELECT 'gallery', image_sha256, NULL, NULL, 0 FROM gallery_copies "
                                 "WHERE stored = 1 ORDER BY 1, 2", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sl_stmt_step (stmt)) == SL_DB_ROW)
    {
      SlStoreCopyFile *file = g_new0 (SlStoreCopyFile, 1);

      file->kind = sl_column_text (stmt, 0);
      file->sha256 = sl_column_text (stmt, 1);
      file->relative = sl_column_text (stmt, 2);
      if (file->relative == NULL)
        file->relative = g_strdup_printf ("%.2s/%s", file->sha256, file->sha256 + 2);
      file->name = sl_column_text (stmt, 3);
      if (file->name == NULL)
        file->name = g_strdup_printf ("%.16s…", file->sha256);
      file->size = (guint64) sl_stmt_column_int64 (stmt, 4);
      g_ptr_array_add (files, file);
    }
  if (rc != SL_DB_DONE)
    {
      sl_store_fail (from, rc, error, _("Cannot read the database"));
      return NULL;
    }
  return g_steal_pointer (&files);
}

gboolean
sl_store_copy_put_file (SlStore          *to,
                        SlStoreCopyFile  *file,
                        const char       *path,
                        GCancellable     *cancellable,
                        GError          **error)
{
  g_return_val_if_fail (SL_IS_STORE (to) && file != NULL && path != NULL, FALSE);

  if (sl_store_get_backend (to) != SL_STORE_BACKEND_POSTGRESQL)
    {
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_INVALID,
                   _("A copy goes to a database server (postgresql://...)"));
      return FALSE;
    }
  return sl_store_blob_put (to, file->kind, file->sha256, path, cancellable, error);
}

gboolean
sl_store_copy_read_file (SlStore          *to,
                         SlStoreCopyFile  *file,
                         char            **sha256_out,
                         GCancellable     *cancellable,
                         GError          **error)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  int fd;
  gboolean ok;

  g_return_val_if_fail (SL_IS_STORE (to) && file != NULL, FALSE);

  if (sl_store_get_backend (to) != SL_STORE_BACKEND_POSTGRESQL)
    {
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_INVALID,
                   _("A copy goes to a database server (postgresql://...)"));
      return FALSE;
    }
  /* Only the hash is wanted: the bytes go nowhere. */
  if ((fd = g_open ("/dev/null", O_WRONLY | O_CLOEXEC, 0)) < 0)
    {
      int saved = errno;
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_IO, "/dev/null: %s", g_strerror (saved));
      return FALSE;
    }
  ok = sl_store_blob_get (to, file->kind, file->sha256, fd, sum, cancellable, error);
  close (fd);
  if (!ok)
    return FALSE;
  if (sha256_out != NULL)
    *sha256_out = g_strdup (g_checksum_get_string (sum));
  return TRUE;
}
