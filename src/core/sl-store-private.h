/* sl-store-private.h: what the core files that read and write tables share:
 * the statement layer over SQLite and PostgreSQL, cached prepared
 * statements, binding helpers and error mapping.
 * Nothing outside src/core includes this.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "core/sl-store.h"

G_BEGIN_DECLS

/* One statement layer over both backends (SQLite, PostgreSQL). SQL is
 * written once, in the dialect both understand, with "?1", "?2"... (or
 * "?") for the values, which are always bound, never formatted in. The
 * result codes have SQLite's numbers, so a backend's own codes map onto
 * them one to one. */
typedef struct _SlStmt SlStmt;

enum
{
  SL_DB_OK         = 0,
  SL_DB_ERROR      = 1,
  SL_DB_BUSY       = 5,
  SL_DB_IOERR      = 10,
  SL_DB_CORRUPT    = 11,
  SL_DB_FULL       = 13,
  SL_DB_CONSTRAINT = 19,
  SL_DB_ROW        = 100,
  SL_DB_DONE       = 101,
  /* PostgreSQL only: the server went away or cannot be reached, or a
   * statement ran past its time limit. */
  SL_DB_CONNECTION = 1001,
  SL_DB_TIMEOUT    = 1002,
};

/* Column types, as sl_stmt_column_type () tells them. */
enum
{
  SL_DB_INTEGER = 1,
  SL_DB_FLOAT   = 2,
  SL_DB_TEXT    = 3,
  SL_DB_BLOB    = 4,
  SL_DB_NULL    = 5,
};

typedef enum
{
  SL_STORE_BACKEND_SQLITE,
  SL_STORE_BACKEND_POSTGRESQL,
} SlStoreBackend;

SlStoreBackend sl_store_get_backend (SlStore *self);

/* A cached statement is reset and its bindings cleared when the
 * g_autoptr(SlStmt) that borrowed it goes out of scope. */
void          sl_stmt_release      (SlStmt       *stmt);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlStmt, sl_stmt_release)

/* A prepared statement from the connection's cache (prepared on first use).
 * Every value is bound, never formatted into the SQL. */
SlStmt       *sl_store_prepare     (SlStore      *self,
                                    const char   *sql,
                                    GError      **error);
/* SL_DB_ROW, SL_DB_DONE or an error code for sl_store_fail (). */
int           sl_stmt_step         (SlStmt       *stmt);
/* Back to before the first step; the bindings stay. */
void          sl_stmt_reset        (SlStmt       *stmt);
int           sl_stmt_parameter_count (SlStmt    *stmt);

void          sl_stmt_bind_int64   (SlStmt       *stmt,
                                    int           index,
                                    gint64        value);
void          sl_stmt_bind_double  (SlStmt       *stmt,
                                    int           index,
                                    double        value);
void          sl_stmt_bind_null    (SlStmt       *stmt,
                                    int           index);
/* Copied; NULL binds SQL NULL. */
void          sl_stmt_bind_blob    (SlStmt       *stmt,
                                    int           index,
                                    const void   *data,
                                    gsize         size);
/* NULL binds SQL NULL. */
void          sl_bind_text         (SlStmt       *stmt,
                                    int           index,
                                    const char   *text);
static inline void
sl_stmt_bind_int (SlStmt *stmt, int index, int value)
{
  sl_stmt_bind_int64 (stmt, index, value);
}

int           sl_stmt_column_type  (SlStmt       *stmt,
                                    int           index);
gint64        sl_stmt_column_int64 (SlStmt       *stmt,
                                    int           index);
static inline int
sl_stmt_column_int (SlStmt *stmt, int index)
{
  return (int) sl_stmt_column_int64 (stmt, index);
}
double        sl_stmt_column_double (SlStmt      *stmt,
                                     int          index);
/* Valid until the next step or reset; NULL for SQL NULL. */
const char   *sl_stmt_column_text  (SlStmt       *stmt,
                                    int           index);
const void   *sl_stmt_column_blob  (SlStmt       *stmt,
                                    int           index);
int           sl_stmt_column_bytes (SlStmt       *stmt,
                                    int           index);

static inline char *
sl_column_text (SlStmt *stmt,
                int     index)
{
  return g_strdup (sl_stmt_column_text (stmt, index));
}

/* A statement of its own, not cached (SQL that varies); sl_stmt_free ()
 * when done. */
SlStmt       *sl_store_prepare_once (SlStore     *self,
                                     const char  *sql,
                                     GError     **error);
void          sl_stmt_free         (SlStmt       *stmt);

/* The SQLite connection, for what only SQLite has (functions written in
 * C, a progress handler); NULL on PostgreSQL. */
struct sqlite3 *sl_store_get_sqlite (SlStore     *self);

/* A second connection to the same database, for work beside the main one
 * (the gallery matrix's exact rows, the stored files' bytes): no checks,
 * no migration, no notifications; a file is opened read-only. */
SlStore      *sl_store_open_side   (const char   *path,
                                    GError      **error);

/* PostgreSQL: the bytes of a stored file (kind "evidence" or "gallery",
 * named by its SHA-256) as a large object. Put streams the file at path in
 * (nothing when those bytes are there already); get streams them out to
 * out_fd, updating checksum. Each in a transaction of its own: call them
 * on a side connection. */
gboolean      sl_store_blob_put    (SlStore       *self,
                                    const char    *kind,
                                    const char    *sha256,
                                    const char    *path,
                                    GCancellable  *cancellable,
                                    GError       **error);
gboolean      sl_store_blob_get    (SlStore       *self,
                                    const char    *kind,
                                    const char    *sha256,
                                    int            out_fd,
                                    GChecksum     *checksum,
                                    GCancellable  *cancellable,
                                    GError       **error);

/* The id of the row the last INSERT made; 0 with error set when it cannot
 * be read (on a server, the connection lost after the INSERT). */
gint64        sl_store_last_insert_id (SlStore   *self,
                                       GError   **error);
/* How many rows the last INSERT, UPDATE or DELETE changed. */
gint64        sl_store_changes     (SlStore      *self);
/* Whether the last failure was a UNIQUE (or primary key) conflict. */
gboolean      sl_store_last_error_unique (SlStore *self);
/* The last error's message from the backend. */
const char   *sl_store_last_error_message (SlStore *self);

/* Sets error from the connection's last error: "<what>: <message>
 * (<database>)", in SL_STORE_ERROR with a code for the kind of failure. */
gboolean      sl_store_fail        (SlStore      *self,
                                    int           rc,
                                    GError      **error,
                                    const char   *what);
/* Steps a statement that returns no row (INSERT, UPDATE...). */
gboolean      sl_store_exec_stmt   (SlStore      *self,
                                    SlStmt       *stmt,
                                    GError      **error,
                                    const char   *what);
/* Runs SQL text without parameters (schema). */
gboolean      sl_store_exec        (SlStore      *self,
                                    const char   *sql,
                                    GError      **error);

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

/* Inside a transaction: tells the other desks, at commit, that a gallery
 * changed. Nothing on SQLite, where there are no other desks. */
gboolean      sl_store_announce_gallery    (SlStore  *self,
                                            GError  **error);

G_END_DECLS
