/* sl-audit-query-bench.h: `bench audit --query`: how fast a supervisor's
 * audit review opens and filters a log of a million rows.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "engine/sightline-engine.h"

G_BEGIN_DECLS

#define SL_AUDIT_QUERY_BENCH_PASSWORD "bench-password-not-secret"

typedef struct
{
  const char *name;          /* "user", "text", ... */
  char       *describe;      /* the filter, for a person */
  gint64      matches;
  double      seconds;
} SlAuditQueryTiming;

typedef struct
{
  guint64             rows;          /* rows in the log */
  gboolean            filled;        /* FALSE: an existing database was reused */
  double              fill_s;
  double              open_s;        /* query (count + seqs) and the first page */
  double              open_query_s;
  double              open_page_s;
  double              page_async_s;  /* a page of 200 rows from the middle, in a
                                      * worker with its own connection (mean of 20) */
  gint64              open_matches;
  SlAuditQueryTiming  filters[8];
  guint               n_filters;
  double              stats_s;
  double              export_s;      /* the user filter's rows as CSV to /dev/null */
  guint64             db_bytes;
} SlAuditQueryBenchResult;

void     sl_audit_query_bench_result_clear (SlAuditQueryBenchResult *result);

/* Fills a new database at db_path (admin "bench-admin", supervisor
 * "bench-sup", investigators "inv01".."inv20", all with the password
 * above) with `rows` audit rows such as a year of a unit's work writes:
 * sign-ins, cases, imports, analyses, searches with their justification,
 * decisions, lists and refusals, spread over 365 days, in transactions of
 * a thousand rows. Each row is a real link of the hash chain. */
gboolean sl_audit_query_bench_fill (const char                *db_path,
                                    guint64                    rows,
                                    SlAuditProgressFunc        progress,
                                    gpointer                   progress_data,
                                    GError                   **error);

/* Times opening the review (all rows: count, seqs and the first page of
 * 200) and a set of filters on the database at db_path (made with
 * sl_audit_query_bench_fill when it does not exist). */
gboolean sl_audit_query_bench      (const char                *db_path,
                                    guint64                    rows,
                                    SlAuditProgressFunc        progress,
                                    gpointer                   progress_data,
                                    SlAuditQueryBenchResult   *result,
                                    GError                   **error);

G_END_DECLS
