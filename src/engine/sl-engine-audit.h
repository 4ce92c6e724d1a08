/* sl-engine-audit.h: the audit log reviewed by a supervisor: verifying the
 * chain, exporting it, rows
 * found by a filter, fetched a page at a time, an overview, the chain's
 * head, and verifying and exporting (the filtered rows) in a worker.
 *
 * Everything needs SL_PERMISSION_AUDIT_READ; a refusal is audited, as every
 * refusal. Browsing (queries, pages, the head, the overview) is a read and
 * is not audited when allowed; verifying and exporting are, as they are
 * from the command line. The _async variants run in a worker thread with a
 * database connection of their own; their callbacks and progress come in
 * the caller's thread-default main context.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "core/sl-audit-query.h"
#include "core/sl-audit-witness.h"
#include "core/sl-audit.h"
#include "engine/sl-engine.h"

G_BEGIN_DECLS

/* The audit log (sl-engine-audit.c). Both need SL_PERMISSION_AUDIT_READ and are
 * audited themselves. */
gboolean      sl_engine_audit_verify       (SlEngine             *self,
                                            SlSession            *session,
                                            gint64                expect_seq,
                                            const char           *expect_hash,
                                            SlAuditProgressFunc   progress,
                                            gpointer              progress_data,
                                            SlAuditVerifyResult  *result,
                                            GError              **error);
/* The same, also against heads once issued (`audit verify --against`:
 * reports, exports, an old witness); against may be NULL. The witness
 * (sl_engine_get_witness_path ()) is always checked. */
gboolean      sl_engine_audit_verify_against (SlEngine             *self,
                                              SlSession            *session,
                                              gint64                expect_seq,
                                              const char           *expect_hash,
                                              SlAuditHeads         *against,
                                              SlAuditProgressFunc   progress,
                                              gpointer              progress_data,
                                              SlAuditVerifyResult  *result,
                                              GError              **error);
gboolean      sl_engine_audit_export       (SlEngine             *self,
                                            SlSession            *session,
                                            const char           *since,
                                            const char           *case_number,
                                            SlAuditFormat         format,
                                            GOutputStream        *out,
                                            gint64               *n_rows,
                                            GError              **error);

/* What a query found. */
typedef struct
{
  GArray  *seqs;          /* gint64, ascending: the matching rows */
  gint64   head_seq;      /* the chain's head when the query ran */
  char    *head_hash;
  double   seconds;       /* how long the query took */
  GPtrArray *newest;      /* SlAuditRecord: the last rows matched, ascending,
                           * when asked for (a list's first page); or NULL */
} SlAuditMatches;

void            sl_audit_matches_free           (SlAuditMatches      *matches);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlAuditMatches, sl_audit_matches_free)

/* A copy of filter with its times in the store's form, from any form
 * sl_store_parse_time() takes ("2024-05-01", ISO 8601 with an offset...);
 * INVALID naming the text otherwise. The calls below do this themselves. */
SlAuditFilter  *sl_engine_audit_filter_parse    (const SlAuditFilter *filter,
                                                 GError             **error);

/* The filter's times may be in any form sl_store_parse_time() takes
 * ("2024-05-01", ISO 8601 with an offset...); INVALID naming the text
 * otherwise. */
SlAuditMatches *sl_engine_audit_query           (SlEngine            *self,
                                                 SlSession           *session,
                                                 const SlAuditFilter *filter,
                                                 GCancellable        *cancellable,
                                                 GError             **error);
/* n_newest > 0: matches->newest holds the last n_newest rows matched,
 * read in the same worker. */
void            sl_engine_audit_query_async     (SlEngine            *self,
                                                 SlSession           *session,
                                                 const SlAuditFilter *filter,
                                                 guint                n_newest,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
SlAuditMatches *sl_engine_audit_query_finish    (SlEngine            *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);

/* The rows with these seqs (ascending), as owned SlAuditRecords. */
GPtrArray      *sl_engine_audit_rows            (SlEngine            *self,
                                                 SlSession           *session,
                                                 const gint64        *seqs,
                                                 guint                n_seqs,
                                                 GError             **error);
void            sl_engine_audit_rows_async      (SlEngine            *self,
                                                 SlSession           *session,
                                                 const gint64        *seqs,
                                                 guint                n_seqs,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
GPtrArray      *sl_engine_audit_rows_finish     (SlEngine            *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);

/* The last row's seq and hash (0 and the zero hash when empty). */
gboolean        sl_engine_audit_head            (SlEngine            *self,
                                                 SlSession           *session,
                                                 gint64              *seq,
                                                 char               **hash,
                                                 GError             **error);

/* Searches per person per week, refusals, confirmed leads, disagreements;
 * from and to (NULL: unbounded) in any form sl_store_parse_time() takes. */
SlAuditStats   *sl_engine_audit_stats           (SlEngine            *self,
                                                 SlSession           *session,
                                                 const char          *from,
                                                 const char          *to,
                                                 GError             **error);
void            sl_engine_audit_stats_async     (SlEngine            *self,
                                                 SlSession           *session,
                                                 const char          *from,
                                                 const char          *to,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
SlAuditStats   *sl_engine_audit_stats_finish    (SlEngine            *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);

/* The rows the filter matches, in the format sl_engine_audit_export()
 * writes; audited as "audit.export" with the filter. */
gboolean        sl_engine_audit_export_filtered (SlEngine            *self,
                                                 SlSession           *session,
                                                 const SlAuditFilter *filter,
                                                 SlAuditFormat        format,
                                                 GOutputStream       *out,
                                                 GCancellable        *cancellable,
                                                 gint64              *n_rows,
                                                 GError             **error);
/* The same into file (replaced when it exists, only once complete). */
void            sl_engine_audit_export_file_async  (SlEngine            *self,
                                                    SlSession           *session,
                                                    const SlAuditFilter *filter,
                                                    SlAuditFormat        format,
                                                    GFile               *file,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean        sl_engine_audit_export_file_finish (SlEngine            *self,
                                                    GAsyncResult        *result,
                                                    gint64              *n_rows,
                                                    GError             **error);

/* sl_engine_audit_verify() in a worker, cancellable, with progress. A
 * cancelled check is audited as failed. */
void            sl_engine_audit_verify_async    (SlEngine             *self,
                                                 SlSession            *session,
                                                 gint64                expect_seq,
                                                 const char           *expect_hash,
                                                 SlAuditProgressFunc   progress,
                                                 gpointer              progress_data,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
/* Fills result (clear it with sl_audit_verify_result_clear()). */
gboolean        sl_engine_audit_verify_finish   (SlEngine             *self,
                                                 GAsyncResult         *result,
                                                 SlAuditVerifyResult  *verify_result,
                                                 GError              **error);

G_END_DECLS
