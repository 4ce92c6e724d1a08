/* sl-test-pg.h: a throwaway PostgreSQL cluster for the tests
 * (build-aux/pg-cluster.sh): one per test process, fresh databases in it
 * for the owner and desk roles, and a crash-like restart for fault tests.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Starts the cluster on first use and returns its superuser URI
 * (postgresql://postgres@127.0.0.1:PORT/postgres); it is stopped and its
 * folder removed when the process that started it exits, never by a forked
 * Check child. Call it in main () before running the suite, so that the
 * forked tests share one cluster instead of starting one each. Fails the
 * test when the cluster cannot start. */
const char *sl_test_pg_cluster           (void);
/* A new empty database owned by sightline_owner (UTF-8, C collation, as
 * build-aux/pg-setup.sh makes it); returns its name, and the URIs of the
 * owner and of the desks' role for it. */
char       *sl_test_pg_new_database      (char **owner_uri,
                                          char **desk_uri);
/* Runs sql (one or more statements) on a connection of its own to uri;
 * fails the test on an error. */
void        sl_test_pg_exec              (const char *uri,
                                          const char *sql);
/* The first column of the one row sql gives, as an integer. */
gint64      sl_test_pg_int               (const char *uri,
                                          const char *sql);
/* Stops the server as a crash would (pg_ctl -m immediate) and starts it
 * again on the same port; connections open before are gone. */
void        sl_test_pg_restart_immediate (void);

G_END_DECLS
