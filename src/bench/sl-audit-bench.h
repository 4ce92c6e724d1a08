/* sl-audit-bench.h: `bench audit`: how fast audited actions append, how
 * long verifying the chain takes, and whether export memory stays flat.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  guint64  rows;                 /* audited actions appended */
  gboolean keyed;
  double   append_s;
  double   actions_per_s;
  double   verify_s;
  double   export_s;
  guint64  export_rows;
  /* Peak resident memory (kB) while exporting a tenth of the rows, then
   * all of them: equal when export streams. */
  guint64  export_peak_rss_kb_tenth;
  guint64  export_peak_rss_kb_all;
  guint64  db_bytes;
} SlAuditBenchResult;

typedef void (*SlAuditBenchProgressFunc) (const char *stage,
                                          guint64     done,
                                          guint64     total,
                                          gpointer    user_data);

/* Runs in a new database in dir (which must not hold one): appends `rows`
 * case openings, each an audited action in its own transaction, then
 * verifies and exports the chain. */
gboolean sl_audit_bench (const char                *dir,
                         guint64                    rows,
                         gboolean                   keyed,
                         SlAuditBenchProgressFunc   progress,
                         gpointer                   progress_data,
                         SlAuditBenchResult        *result,
                         GError                   **error);

G_END_DECLS
