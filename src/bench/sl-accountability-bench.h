/* sl-accountability-bench.h: a year of generated activity for the
 * accountability report's benchmark (sl-accountability-bench.c).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Writes into the database at db (made by the engine, with users) a gallery
 * of `subjects` subjects carrying sex, race and birth date, one case a 100
 * searches, and `searches` gallery searches spread over 2025 with 10
 * candidates each: random offences, purposes and investigators; about one in
 * five top candidates a confirmed lead, one in twenty a disagreement, half
 * the leads with an outcome. Rows go straight into the tables (not through
 * the audit log). seed makes it repeatable. */
gboolean  sl_accountability_bench_generate (const char  *db,
                                            guint        searches,
                                            guint        subjects,
                                            guint32      seed,
                                            GError     **error);

/* One number straight from the database (read-only): -1 on failure. */
gint64    sl_accountability_bench_count    (const char  *db,
                                            const char  *sql);

G_END_DECLS
