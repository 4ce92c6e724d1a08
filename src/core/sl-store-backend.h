/* sl-store-backend.h: the insides of SlStore and SlStmt, shared by the
 * files that implement them (sl-store.c, sl-store-pg.c, sl-stmt.c) and by
 * nothing else.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libpq-fe.h>
#include <sqlite3.h>

#include "core/sl-store-private.h"

G_BEGIN_DECLS

struct _SlStore
{
  GObject        parent_instance;

  SlStoreBackend backend;
  char          *path;         /* the file, or the server's URI */
  char          *display;      /* for messages: never a password */
  GHashTable    *statements;   /* SQL text -> SlStmt */
  int            version;
  gboolean       reader;       /* a read-only side connection */

  /* SQLite */
  sqlite3       *db;

  /* PostgreSQL */
  PGconn        *pg;
  guint          pg_epoch;     /* grows with every new connection */
  guint          pg_next_name;
  gint64         pg_changes;
  char           pg_sqlstate[6];
  char          *pg_message;
  gboolean       pg_listening;
  gboolean       pg_notified;  /* a gallery notification arrived */

  /* Run after each successful COMMIT (the audit witness). */
  SlStoreCommitHook commit_hook;
  gpointer          commit_hook_data;
  GDestroyNotify    commit_hook_destroy;
};

struct _SlStmt
{
  SlStore      *store;         /* not a reference: the store owns its cache */
  sqlite3_stmt *lite;

  /* PostgreSQL: the SQL with $1, $2..., prepared under name on the
   * connection of epoch; values bound as text (blobs as binary). */
  char         *sql;
  char         *name;
  guint         epoch;
  int           n_params;
  char        **values;
  int          *lengths;
  int          *formats;
  Oid          *types;         /* what each value was bound as */
  PGresult     *result;
  int           row;
  int           n_rows;
  GPtrArray    *decoded;       /* GByteArray per bytea column of the row */
};

SlStmt     *sl_stmt_new_sqlite       (SlStore     *store,
                                      sqlite3_stmt *lite);
SlStmt     *sl_stmt_new_pg           (SlStore     *store,
                                      const char  *sql);
/* "?1"/"?" to "$1", outside quotes; the number of parameters in n. */
char       *sl_stmt_translate_pg     (const char  *sql,
                                      int         *n);

/* sl-store-pg.c */
gboolean    sl_store_is_uri          (const char  *path);
char       *sl_store_pg_display      (const char  *uri);
gboolean    sl_store_pg_connect      (SlStore     *self,
                                      GError     **error);
gboolean    sl_store_pg_ensure       (SlStore     *self,
                                      GError     **error);
/* Notes a failed result (or a lost connection: result NULL) in the
 * store; returns the SL_DB_ code. */
int         sl_store_pg_note_error   (SlStore     *self,
                                      PGresult    *result);
gboolean    sl_store_pg_open_checked (SlStore     *self,
                                      GError     **error);
gboolean    sl_store_pg_create       (SlStore     *self,
                                      GError     **error);
gboolean    sl_store_pg_exec         (SlStore     *self,
                                      const char  *sql,
                                      GError     **error);
gboolean    sl_store_pg_in_transaction (SlStore   *self);
gint64      sl_store_pg_last_insert_id (SlStore   *self,
                                        GError   **error);
void        sl_store_pg_close        (SlStore     *self);

G_END_DECLS
