/* sl-stmt.c: one statement over SQLite or PostgreSQL. On SQLite it is the
 * sqlite3_stmt itself; on PostgreSQL a named prepared statement, its
 * values held as text (blobs as binary) until the first step sends them,
 * and the result read row by row from the PGresult.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-store"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/sl-store-backend.h"

/* PostgreSQL type oids (catalog/pg_type_d.h, stable across versions). */
#define OID_BOOL    16
#define OID_BYTEA   17
#define OID_INT8    20
#define OID_INT2    21
#define OID_INT4    23
#define OID_TEXT    25
#define OID_OID     26
#define OID_FLOAT4  700
#define OID_FLOAT8  701
#define OID_NUMERIC 1700

/* helpers */

/* The decoded columns of a row hold NULL for those not asked for. */
static void
bytes_free (gpointer bytes)
{
  if (bytes != NULL)
    g_byte_array_unref (bytes);
}

static void
pg_clear_values (SlStmt *stmt)
{
  for (int i = 0; i < stmt->n_params; i++)
    {
      g_clear_pointer (&stmt->values[i], g_free);
      stmt->lengths[i] = 0;
      stmt->formats[i] = 0;
      stmt->types[i] = 0;
    }
}

static void
pg_clear_result (SlStmt *stmt)
{
  g_clear_pointer (&stmt->result, PQclear);
  stmt->row = -1;
  stmt->n_rows = 0;
  if (stmt->decoded != NULL)
    g_ptr_array_set_size (stmt->decoded, 0);
}

static void
pg_set_value (SlStmt *stmt,
              int     index,
              char   *value,
              int     length,
              int     format,
              Oid     type)
{
  if (index < 1 || index > stmt->n_params)
    {
      g_critical ("Parameter %d out of range (%d) in: %s", index, stmt->n_params, stmt->sql);
      g_free (value);
      return;
    }
  g_free (stmt->values[index - 1]);
  stmt->values[index - 1] = value;
  stmt->lengths[index - 1] = length;
  stmt->formats[index - 1] = format;
  stmt->types[index - 1] = type;
}

static gboolean
pg_has_value (SlStmt *stmt,
              int     index)
{
  return stmt->result != NULL && index >= 0 && index < PQnfields (stmt->result) &&
         stmt->row >= 0 && stmt->row < stmt->n_rows &&
         !PQgetisnull (stmt->result, stmt->row, index);
}

/* SL_DB_OK, or the error's code (noted in the store). */
static int
pg_prepare (SlStmt *stmt)
{
  SlStore *store = stmt->store;
  g_autofree Oid *types = NULL;
  PGresult *res;
  int rc;

  if (stmt->name != NULL && stmt->epoch == store->pg_epoch)
    return SL_DB_OK;
  g_free (stmt->name);
  stmt->name = g_strdup_printf ("sl%u", ++store->pg_next_name);
  stmt->epoch = store->pg_epoch;
  /* The server infers each parameter's type from where it stands; where
   * it cannot ("?1 IS NULL OR x = ?1"), it names the parameter, and the
   * type that value was bound as says it (text for a NULL: such optional
   * filters are). Inside a transaction the tries are under a savepoint, so
   * that a failed one does not end the transaction. */
  if (sl_store_pg_in_transaction (store))
    PQclear (PQexec (store->pg, "SAVEPOINT sl_prepare"));
  types = g_new0 (Oid, MAX (stmt->n_params, 1));
  res = PQprepare (store->pg, stmt->name, stmt->sql, stmt->n_params, types);
  for (int tries = 0; tries < stmt->n_params && res != NULL && PQresultStatus (res) != PGRES_COMMAND_OK &&
                      (g_strcmp0 (PQresultErrorField (res, PG_DIAG_SQLSTATE), "42P08") == 0 ||
                       g_strcmp0 (PQresultErrorField (res, PG_DIAG_SQLSTATE), "42P18") == 0); tries++)
    {
      const char *dollar = strchr (PQresultErrorField (res, PG_DIAG_MESSAGE_PRIMARY), '$');
      int n = dollar != NULL ? atoi (dollar + 1) : 0;

      if (n < 1 || n > stmt->n_params || types[n - 1] != 0)
        break;
      types[n - 1] = stmt->types[n - 1] != 0 ? stmt->types[n - 1] : OID_TEXT;
      g_debug ("Parameter $%d of a statement taken as type %u", n, types[n - 1]);
      PQclear (res);
      if (sl_store_pg_in_transaction (store))
        PQclear (PQexec (store->pg, "ROLLBACK TO SAVEPOINT sl_prepare"));
      res = PQprepare (store->pg, stmt->name, stmt->sql, stmt->n_params, types);
    }
  if (sl_store_pg_in_transaction (store) && res != NULL && PQresultStatus (res) == PGRES_COMMAND_OK)
    PQclear (PQexec (store->pg, "RELEASE SAVEPOINT sl_prepare"));
  if (res == NULL || PQresultStatus (res) != PGRES_COMMAND_OK)
    {
      rc = sl_store_pg_note_error (store, res);
      PQclear (res);
      g_clear_pointer (&stmt->name, g_free);
      return rc;
    }
  PQclear (res);
  return SL_DB_OK;
}

static int
pg_step (SlStmt *stmt)
{
  SlStore *store = stmt->store;

  if (stmt->result == NULL)
    {
      int rc = pg_prepare (stmt);
      PGresult *res;
      ExecStatusType status;

      if (rc != SL_DB_OK)
        return rc;
      res = PQexecPrepared (store->pg, stmt->name, stmt->n_params, (const char *const *) stmt->values,
                            stmt->lengths, stmt->formats, 0);
      status = res != NULL ? PQresultStatus (res) : PGRES_FATAL_ERROR;
      if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK)
        {
          rc = sl_store_pg_note_error (store, res);
          PQclear (res);
          return rc;
        }
      store->pg_changes = g_ascii_strtoll (PQcmdTuples (res), NULL, 10);
      stmt->result = res;
      stmt->n_rows = status == PGRES_TUPLES_OK ? PQntuples (res) : 0;
      stmt->row = -1;
    }
  if (stmt->decoded != NULL)
    g_ptr_array_set_size (stmt->decoded, 0);
  if (stmt->row < stmt->n_rows)
    stmt->row++;
  return stmt->row < stmt->n_rows ? SL_DB_ROW : SL_DB_DONE;
}

/* The bytes of a bytea value, decoded once per row and column. */
static GByteArray *
pg_bytea (SlStmt *stmt,
          int     index)
{
  GByteArray *bytes;
  unsigned char *raw;
  size_t length = 0;

  if (stmt->decoded == NULL)
    stmt->decoded = g_ptr_array_new_with_free_func (bytes_free);
  if ((guint) index < stmt->decoded->len && g_ptr_array_index (stmt->decoded, index) != NULL)
    return g_ptr_array_index (stmt->decoded, index);
  if ((guint) index >= stmt->decoded->len)
    g_ptr_array_set_size (stmt->decoded, index + 1);
  raw = PQunescapeBytea ((const unsigned char *) PQgetvalue (stmt->result, stmt->row, index), &length);
  bytes = g_byte_array_sized_new (length);
  if (raw != NULL)
    g_byte_array_append (bytes, raw, length);
  PQfreemem (raw);
  g_ptr_array_index (stmt->decoded, index) = bytes;
  return bytes;
}

/* internal API (sl-store-backend.h) */

SlStmt *
sl_stmt_new_sqlite (SlStore      *store,
                    sqlite3_stmt *lite)
{
  SlStmt *stmt = g_new0 (SlStmt, 1);

  stmt->store = store;
  stmt->lite = lite;
  return stmt;
}

SlStmt *
sl_stmt_new_pg (SlStore    *store,
                const char *sql)
{
  SlStmt *stmt = g_new0 (SlStmt, 1);

  stmt->store = store;
  stmt->sql = sl_stmt_translate_pg (sql, &stmt->n_params);
  stmt->values = g_new0 (char *, MAX (stmt->n_params, 1));
  stmt->lengths = g_new0 (int, MAX (stmt->n_params, 1));
  stmt->formats = g_new0 (int, MAX (stmt->n_params, 1));
  stmt->types = g_new0 (Oid, MAX (stmt->n_params, 1));
  stmt->row = -1;
  return stmt;
}

void
sl_stmt_free (SlStmt *stmt)
{
  if (stmt == NULL)
    return;
  if (stmt->lite != NULL)
    sqlite3_finalize (stmt->lite);
  if (stmt->name != NULL && stmt->store != NULL && stmt->store->pg != NULL &&
      stmt->epoch == stmt->store->pg_epoch && PQstatus (stmt->store->pg) == CONNECTION_OK &&
      PQtransactionStatus (stmt->store->pg) == PQTRANS_IDLE)
    {
      g_autofree char *sql = g_strdup_printf ("DEALLOCATE %s", stmt->name);
      PQclear (PQexec (stmt->store->pg, sql));
    }
  if (stmt->values != NULL)
    pg_clear_values (stmt);
  pg_clear_result (stmt);
  g_clear_pointer (&stmt->decoded, g_ptr_array_unref);
  g_free (stmt->values);
  g_free (stmt->lengths);
  g_free (stmt->formats);
  g_free (stmt->types);
  g_free (stmt->sql);
  g_free (stmt->name);
  g_free (stmt);
}

char *
sl_stmt_translate_pg (const char *sql,
                      int        *n)
{
  GString *out = g_string_sized_new (strlen (sql) + 16);
  int next = 0, max = 0;

  for (const char *p = sql; *p != '\0'; p++)
    {
      if (*p == '\'' || *p == '"')
        {
          char quote = *p;

          g_string_append_c (out, *p);
          for (p++; *p != '\0'; p++)
            {
              g_string_append_c (out, *p);
              if (*p == quote)
                break;
            }
          if (*p == '\0')
            break;
          continue;
        }
      if (p[0] == '-' && p[1] == '-')
        {
          for (; *p != '\0' && *p != '\n'; p++)
            g_string_append_c (out, *p);
          if (*p == '\0')
            break;
          g_string_append_c (out, *p);
          continue;
        }
      if (*p == '?')
        {
          int number;

          if (g_ascii_isdigit (p[1]))
            {
              char *end;
              number = (int) strtol (p + 1, &end, 10);
              p = end - 1;
            }
          else
            number = ++next;
          max = MAX (max, number);
          g_string_append_printf (out, "$%d", number);
          continue;
        }
      g_string_append_c (out, *p);
    }
  *n = max;
  return g_string_free (out, FALSE);
}

/* private API (sl-store-private.h) */

void
sl_stmt_release (SlStmt *stmt)
{
  if (stmt->lite != NULL)
    {
      sqlite3_reset (stmt->lite);
      sqlite3_clear_bindings (stmt->lite);
      return;
    }
  pg_clear_result (stmt);
  pg_clear_values (stmt);
}

int
sl_stmt_step (SlStmt *stmt)
{
  if (stmt->lite != NULL)
    return sqlite3_step (stmt->lite);
  return pg_step (stmt);
}

void
sl_stmt_reset (SlStmt *stmt)
{
  if (stmt->lite != NULL)
    sqlite3_reset (stmt->lite);
  else
    pg_clear_result (stmt);
}

int
sl_stmt_parameter_count (SlStmt *stmt)
{
  if (stmt->lite != NULL)
    return sqlite3_bind_parameter_count (stmt->lite);
  return stmt->n_params;
}

void
sl_stmt_bind_int64 (SlStmt *stmt,
                    int     index,
                    gint64  value)
{
  if (stmt->lite != NULL)
    sqlite3_bind_int64 (stmt->lite, index, value);
  else
    pg_set_value (stmt, index, g_strdup_printf ("%" G_GINT64_FORMAT, value), 0, 0, OID_INT8);
}

void
sl_stmt_bind_double (SlStmt *stmt,
                     int     index,
                     double  value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (stmt->lite != NULL)
    sqlite3_bind_double (stmt->lite, index, value);
  else
    pg_set_value (stmt, index, g_strdup (g_ascii_dtostr (buffer, sizeof buffer, value)), 0, 0, OID_FLOAT8);
}

void
sl_stmt_bind_null (SlStmt *stmt,
                   int     index)
{
  if (stmt->lite != NULL)
    sqlite3_bind_null (stmt->lite, index);
  else
    pg_set_value (stmt, index, NULL, 0, 0, 0);
}

void
sl_stmt_bind_blob (SlStmt     *stmt,
                   int         index,
                   const void *data,
                   gsize       size)
{
  if (data == NULL)
    sl_stmt_bind_null (stmt, index);
  else if (stmt->lite != NULL)
    sqlite3_bind_blob64 (stmt->lite, index, data, size, SQLITE_TRANSIENT);
  else
    pg_set_value (stmt, index, size > 0 ? g_memdup2 (data, size) : g_strdup (""), (int) size, 1, OID_BYTEA);
}

void
sl_bind_text (SlStmt     *stmt,
              int         index,
              const char *text)
{
  if (text == NULL)
    sl_stmt_bind_null (stmt, index);
  else if (stmt->lite != NULL)
    sqlite3_bind_text (stmt->lite, index, text, -1, SQLITE_TRANSIENT);
  else
    pg_set_value (stmt, index, g_strdup (text), 0, 0, OID_TEXT);
}

int
sl_stmt_column_type (SlStmt *stmt,
                     int     index)
{
  if (stmt->lite != NULL)
    return sqlite3_column_type (stmt->lite, index);
  if (!pg_has_value (stmt, index))
    return SL_DB_NULL;
  switch (PQftype (stmt->result, index))
    {
    case OID_BYTEA:
      return SL_DB_BLOB;
    case OID_BOOL:
    case OID_INT2:
    case OID_INT4:
    case OID_INT8:
    case OID_OID:
      return SL_DB_INTEGER;
    case OID_FLOAT4:
    case OID_FLOAT8:
    case OID_NUMERIC:
      return SL_DB_FLOAT;
    default:
      return SL_DB_TEXT;
    }
}

gint64
sl_stmt_column_int64 (SlStmt *stmt,
                      int     index)
{
  const char *value;

  if (stmt->lite != NULL)
    return sqlite3_column_int64 (stmt->lite, index);
  if (!pg_has_value (stmt, index))
    return 0;
  value = PQgetvalue (stmt->result, stmt->row, index);
  if (PQftype (stmt->result, index) == OID_BOOL)
    return value[0] == 't';
  if (strpbrk (value, ".eE") != NULL)
    return (gint64) g_ascii_strtod (value, NULL);
  return g_ascii_strtoll (value, NULL, 10);
}

double
sl_stmt_column_double (SlStmt *stmt,
                       int     index)
{
  if (stmt->lite != NULL)
    return sqlite3_column_double (stmt->lite, index);
  if (!pg_has_value (stmt, index))
    return 0.0;
  return g_ascii_strtod (PQgetvalue (stmt->result, stmt->row, index), NULL);
}

const char *
sl_stmt_column_text (SlStmt *stmt,
                     int     index)
{
  if (stmt->lite != NULL)
    return (const char *) sqlite3_column_text (stmt->lite, index);
  if (!pg_has_value (stmt, index))
    return NULL;
  if (PQftype (stmt->result, index) == OID_BOOL)
    return PQgetvalue (stmt->result, stmt->row, index)[0] == 't' ? "1" : "0";
  return PQgetvalue (stmt->result, stmt->row, index);
}

const void *
sl_stmt_column_blob (SlStmt *stmt,
                     int     index)
{
  GByteArray *bytes;

  if (stmt->lite != NULL)
    return sqlite3_column_blob (stmt->lite, index);
  if (!pg_has_value (stmt, index))
    return NULL;
  if (PQftype (stmt->result, index) != OID_BYTEA)
    return PQgetvalue (stmt->result, stmt->row, index);
  bytes = pg_bytea (stmt, index);
  return bytes->len > 0 ? bytes->data : NULL;
}

int
sl_stmt_column_bytes (SlStmt *stmt,
                      int     index)
{
  if (stmt->lite != NULL)
    return sqlite3_column_bytes (stmt->lite, index);
  if (!pg_has_value (stmt, index))
    return 0;
  if (PQftype (stmt->result, index) != OID_BYTEA)
    return PQgetlength (stmt->result, stmt->row, index);
  return (int) pg_bytea (stmt, index)->len;
}
