/* sl-test-store.h: a database in a temp folder with its accounts made
 * through the engine, the real sightline-cli run with a password in its
 * environment, raw SQL for tampering, and a small MJPEG AVI writer for real
 * footage.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <check.h>
#include <glib.h>
#include <json-glib/json-glib.h>

#include "engine/sightline-engine.h"
#include "sl-test-util.h"

G_BEGIN_DECLS

#define SL_TEST_ADMIN_PASSWORD "admin-password-1"
#define SL_TEST_INVESTIGATOR_PASSWORD   "investigator-password-1"
#define SL_TEST_SUPERVISOR_PASSWORD   "supervisor-password-1"

typedef struct
{
  int   status;
  char *out;
  char *err;
} SlTestRun;

void      sl_test_run_clear  (SlTestRun       *run);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SlTestRun, sl_test_run_clear)

/* A database in a new temp folder: admin "root", investigator "ivan",
 * supervisor "sue"; with an audit key file beside it when keyed. The
 * searcher, supervisor "sid", exists only once sl_test_db_searcher () made
 * it: whoever runs a search decides on none of its candidates. */
typedef struct
{
  char     *dir;
  char     *db;
  char     *key;          /* NULL when not keyed */
  SlEngine *engine;
  SlSession *admin;
  SlSession *investigator;
  SlSession *supervisor;
  SlSession *searcher;
} SlTestDb;

SlTestDb *sl_test_db_new     (gboolean     keyed);
/* On PostgreSQL (sl_test_backend_pg ()): db is the desks' URI of a new
 * database on the test server, made by its owner; this gives the owner's
 * URI (NULL for a file). sl_test_sql and friends run as the owner there. */
const char *sl_test_db_owner (const char     *db);
/* Makes a server database of the test's own known to the helpers above
 * (dir: where its desks keep their copies; may be NULL). */
void      sl_test_db_add_server (const char *desk_uri,
                                 const char *owner_uri,
                                 const char *dir);
void      sl_test_db_free    (SlTestDb        *db);
/* Supervisor "sid", made and signed in on the first call. */
SlSession *sl_test_db_searcher (SlTestDb      *db);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlTestDb, sl_test_db_free)

/* Sets a policy value as who, with reason (may be NULL); a change that
 * weakens a safeguard waits for a co-sign, which cosigner then gives. Fails
 * the test unless the value is in effect at the end. */
void      sl_test_policy_apply (SlEngine   *engine,
                                SlSession  *who,
                                SlSession  *cosigner,
                                const char *key,
                                const char *value,
                                const char *reason);

/* Runs sightline-cli --db DB with the given password (NULL: none in the
 * environment) and arguments; NULL-terminated. */
void      sl_test_cli        (SlTestRun  *run,
                              const char *db,
                              const char *password,
                              ...) G_GNUC_NULL_TERMINATED;
/* The same with an environment of name=value pairs added (NULL ends
 * them), then the arguments (NULL ends them); detach puts the child in a
 * session of its own, with no terminal. */
void      sl_test_cli_env    (SlTestRun         *run,
                              const char        *db,
                              char             **envp,
                              gboolean           detach,
                              const char *const *args);
JsonNode *sl_test_parse_json (const char *text);

/* Raw SQL on the file, as a tamperer would; fails the test on an error. */
void      sl_test_sql        (const char *db,
                              const char *sql);
/* The error text of raw SQL that is expected to fail; NULL when it ran. */
char     *sl_test_sql_error  (const char *db,
                              const char *sql);
gint64    sl_test_sql_int    (const char *db,
                              const char *sql);
/* Every row of raw SQL (read as the owner on a server): a GPtrArray of
 * rows, each a GPtrArray of GBytes, NULL for SQL NULL (text with its
 * terminating NUL, blobs as stored). */
GPtrArray  *sl_test_sql_rows  (const char *db,
                               const char *sql);
const char *sl_test_row_text  (GPtrArray  *row,
                               guint       column);
gint64      sl_test_row_int   (GPtrArray  *row,
                               guint       column);
const void *sl_test_row_blob  (GPtrArray  *row,
                               guint       column,
                               gsize      *size);

/* Folds the write-ahead log into the database file, so that its bytes are
 * all in one file. */
void      sl_test_checkpoint (const char *db);

/* Writes an MJPEG AVI of n_frames solid frames of width x height at fps. */
void      sl_test_write_avi  (const char *path,
                              guint       width,
                              guint       height,
                              guint       n_frames,
                              guint       fps);

G_END_DECLS
