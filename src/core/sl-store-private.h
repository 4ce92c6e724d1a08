/* sl-store-private.h: what the core files that read and write tables share:
 * cached prepared statements, binding helpers and SQLite error mapping.
 * Nothing outside src/core includes this.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "core/sl-store.h"

G_BEGIN_DECLS

/* A cached statement is reset and its bindings cleared when the
 * g_autoptr(sqlite3_stmt) that borrowed it goes out of scope. */
static inline void
sl_stmt_release (sqlite3_stmt *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sl_stmt_release)

sqlite3      *sl_store_get_handle  (SlStore      *self);
/* A prepared statement from the connection's cache (prepared on first use).
 * Every value is bound, never formatted into the SQL. */
sqlite3_stmt *sl_store_prepare     (SlStore      *self,
                                    const char   *sql,
                                    GError      **error);
/* Sets error from the connection's last error: "<what>: <sqlite message>
 * (<file>)", in SL_STORE_ERROR with a code for the kind of failure. */
gboolean      sl_store_fail        (SlStore      *self,
                                    int           rc,
                                    GError      **error,
                                    const char   *what);
/* Steps a statement that returns no row (INSERT, UPDATE...). */
gboolean      sl_store_exec_stmt   (SlStore      *self,
                                    sqlite3_stmt *stmt,
                                    GError      **error,
                                    const char   *what);
/* Runs SQL text without parameters (schema, pragmas). */
gboolean      sl_store_exec        (SlStore      *self,
                                    const char   *sql,
                                    GError      **error);

/* NULL binds SQL NULL. */
static inline void
sl_bind_text (sqlite3_stmt *stmt,
              int           index,
              const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

static inline char *
sl_column_text (sqlite3_stmt *stmt,
                int           index)
{
  const unsigned char *text = sqlite3_column_text (stmt, index);
  return text != NULL ? g_strdup ((const char *) text) : NULL;
}

/* Called after each successful sl_store_commit (): the audit witness
 * follows the head this way, whichever code committed. One hook per store;
 * destroy frees data when it is replaced or the store goes. */
typedef void (*SlStoreCommitHook) (SlStore  *store,
                                   gpointer  data);
void          sl_store_set_commit_hook      (SlStore           *self,
                                             SlStoreCommitHook  hook,
                                             gpointer           data,
                                             GDestroyNotify     destroy);
/* The hook's data when hook is the one set, else NULL. */
gpointer      sl_store_get_commit_hook_data (SlStore           *self,
                                             SlStoreCommitHook  hook);

/* The migrations, in order; sl-store-schema.c. */
guint         sl_store_n_migrations (void);
const char   *sl_store_migration    (guint         index);

/* The PostgreSQL schema; sl-store-schema-pg.c. The baseline equals SQLite
 * schema version sl_store_pg_baseline_version () and is made in one step on
 * an empty database (many statements in one string); the migrations after
 * it come in order, index 0 bringing the baseline's version to the next. */
int           sl_store_pg_baseline_version (void);
const char   *sl_store_pg_baseline         (void);
guint         sl_store_pg_n_migrations     (void);
const char   *sl_store_pg_migration        (guint index);

G_END_DECLS
