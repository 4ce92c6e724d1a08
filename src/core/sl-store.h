/* sl-store.h: the case database: one SQLite file, opened or created,
 * checked before it is touched, migrated in transactions; or, for an
 * office with several desks, a PostgreSQL database named by a libpq URI
 * ("postgresql://user@host/db?sslmode=..."): the same calls, rules and
 * audit chain.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SL_STORE_ERROR (sl_store_error_quark ())

typedef enum
{
  SL_STORE_ERROR_FAILED,          /* an SQL statement failed */
  SL_STORE_ERROR_NOT_FOUND,       /* no database file, or no such row */
  SL_STORE_ERROR_EXISTS,          /* the file or row is already there */
  SL_STORE_ERROR_NOT_SIGHTLINE,   /* a file that is not a Sightline database */
  SL_STORE_ERROR_TOO_NEW,         /* a database from a newer Sightline */
  SL_STORE_ERROR_CORRUPT,         /* SQLite says the file is damaged */
  SL_STORE_ERROR_BUSY,            /* another process held the lock too long */
  SL_STORE_ERROR_FULL,            /* the disk is full */
  SL_STORE_ERROR_IO,              /* the file cannot be read or written */
  SL_STORE_ERROR_CONSTRAINT,      /* a value broke a rule of the schema */
  SL_STORE_ERROR_INVALID,         /* a value we refuse to store (not UTF-8, too long...) */
  SL_STORE_ERROR_SERVER,          /* the database server cannot be reached */
  SL_STORE_ERROR_NOT_OWNER,       /* only the database's owner may do this (upgrade it) */
} SlStoreError;

GQuark sl_store_error_quark (void);

/* "SlDB" in PRAGMA application_id: what makes a SQLite file ours. */
#define SL_STORE_APPLICATION_ID 0x536c4442

#define SL_TYPE_STORE (sl_store_get_type ())
G_DECLARE_FINAL_TYPE (SlStore, sl_store, SL, STORE, GObject)

/* Opens an existing database read-write. The file is refused, and left
 * byte for byte as it was, when it is not an SQLite file, not ours, from a
 * newer Sightline, or damaged. An older schema is migrated, one transaction
 * per step. One SlStore is one connection: use it from one thread at a time. */
SlStore    *sl_store_open               (const char  *path,
                                         GError     **error);
/* Creates a new database (owner-only, 0600; its folder 0700 when it has to
 * be made) and runs every migration. Refuses a path that already exists. */
SlStore    *sl_store_create             (const char  *path,
                                         GError     **error);

/* Whether path names a PostgreSQL server ("postgresql://..." or
 * "postgres://...") rather than a file. */
gboolean    sl_store_path_is_server     (const char  *path);
/* PostgreSQL: whether another desk announced a change of a gallery since
 * the last call (LISTEN/NOTIFY); always FALSE on SQLite. */
gboolean    sl_store_take_gallery_notice (SlStore    *self);
/* For a server's URI: "host:port/database", the same whoever connects. */
char       *sl_store_server_name        (const char  *uri);
const char *sl_store_get_path           (SlStore     *self);
/* How the database is named in messages and on screen: the file's name,
 * or "user@host:port/database" for a server (never a password). */
const char *sl_store_get_display_name   (SlStore     *self);
int         sl_store_get_schema_version (SlStore     *self);
/* Whether this connection may change the schema: always for a file; on a
 * server, when its role owns the tables (the office's owner role, which
 * runs `store migrate`), never for the desks' role. */
gboolean    sl_store_owns_schema        (SlStore     *self);
/* The schema version this build writes. */
int         sl_store_schema_version     (void);

/* BEGIN IMMEDIATE: takes the write lock now, waiting for other writers up
 * to the busy timeout, so a read-then-write inside never deadlocks. */
gboolean    sl_store_begin              (SlStore     *self,
                                         GError     **error);
/* A transaction that reads one snapshot, whoever writes meanwhile: plain
 * BEGIN on SQLite (a reader's snapshot holds from its first read), REPEATABLE
 * READ on a server (where a plain BEGIN gives each statement a snapshot of
 * its own). Takes no write lock; ended with sl_store_rollback (). */
gboolean    sl_store_begin_read         (SlStore     *self,
                                         GError     **error);
gboolean    sl_store_commit             (SlStore     *self,
                                         GError     **error);
/* Never fails: a rollback that cannot run leaves nothing to undo. */
void        sl_store_rollback           (SlStore     *self);
gboolean    sl_store_in_transaction     (SlStore     *self);
/* Copies the write-ahead log into the database file and empties it, so
 * that what was erased (with secure_delete, which the store sets) is gone
 * from both files. Outside a transaction; FALSE and an error when another
 * connection's reader kept the log from being emptied. */
gboolean    sl_store_checkpoint         (SlStore     *self,
                                         GError     **error);

/* The small key/value table of the database itself (audit key path, ...). */
char       *sl_store_get_meta           (SlStore     *self,
                                         const char  *key,
                                         GError     **error);
gboolean    sl_store_set_meta           (SlStore     *self,
                                         const char  *key,
                                         const char  *value,
                                         GError     **error);

/* Checks text that goes into the database: valid UTF-8, at most max_chars
 * characters, no control characters except (when allow_newlines) tab and
 * line breaks. `what` names the field in the message. */
gboolean    sl_store_check_text         (const char  *what,
                                         const char  *text,
                                         gsize        max_chars,
                                         gboolean     allow_newlines,
                                         GError     **error);

/* Text as it can go into a message or an audit record whatever it holds:
 * made valid UTF-8 and cut to at most max_chars characters ("…" added). */
char       *sl_store_text_shown         (const char  *text,
                                         gsize        max_chars);

/* The time as the store writes it: UTC, ISO 8601, microseconds, so that
 * text order is time order: "2024-05-01T09:30:00.000000Z". */
char       *sl_store_now                (void);
/* The same as a UTC GDateTime. */
GDateTime  *sl_store_now_datetime       (void);
/* Where "now" comes from, for tests (a lockout that expires, without
 * sleeping): func returns a new UTC GDateTime. NULL restores the system
 * clock. For the whole process; set it before any thread reads the time. */
typedef GDateTime *(*SlStoreClockFunc) (gpointer data);
void        sl_store_set_clock          (SlStoreClockFunc func,
                                         gpointer         data);
char       *sl_store_format_time        (GDateTime   *time);
/* Parses "2024-05-01", "2024-05-01T09:30:00Z" or with an offset into the
 * store's form; NULL and an error naming the text otherwise. */
char       *sl_store_parse_time         (const char  *text,
                                         GError     **error);

G_END_DECLS
