/* sl-audit-query.h: finding rows in the audit log for a person reviewing
 * it: a filter, the seqs of every matching row (one scan), rows fetched by
 * seq a page at a time, and an overview of searches, refusals and reviews.
 *
 * A million rows match in a few hundred milliseconds and take 8 MB as
 * seqs; a view keeps those and fetches only the rows it shows.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "core/sl-audit.h"

G_BEGIN_DECLS

/* Every member is optional (NULL or empty: no condition) and owned. */
typedef struct
{
  char *actor;          /* the user name, exactly (any letter case) */
  char *case_number;    /* exactly */
  char *action;         /* exactly, or the start of it up to a dot: "search" also
                         * matches "search.refine", "case" matches "case.open" */
  char *outcome;        /* "success", "refused" or "failed" */
  char *time_from;      /* the store's time form; rows at or after it */
  char *time_to;        /* rows before it */
  char *text;           /* in actor, action, object id, case number or details,
                         * ignoring letter case */
} SlAuditFilter;

SlAuditFilter *sl_audit_filter_new       (void);
SlAuditFilter *sl_audit_filter_copy      (const SlAuditFilter *filter);
void           sl_audit_filter_free      (SlAuditFilter       *filter);
gboolean       sl_audit_filter_is_empty  (const SlAuditFilter *filter);
gboolean       sl_audit_filter_equal     (const SlAuditFilter *a,
                                          const SlAuditFilter *b);
/* The filter's conditions as members of object (for audit details). */
void           sl_audit_filter_to_json   (const SlAuditFilter *filter,
                                          JsonObject          *object);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlAuditFilter, sl_audit_filter_free)

/* An owned copy of a row: one allocation, freed with sl_audit_record_free. */
SlAuditRecord *sl_audit_record_dup       (const SlAuditRecord *record);
void           sl_audit_record_free      (SlAuditRecord       *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlAuditRecord, sl_audit_record_free)

/* Rows in seq order that match the filter (NULL: all). */
SlAuditCursor *sl_audit_cursor_new_filtered (SlStore             *store,
                                             const SlAuditFilter *filter,
                                             GError             **error);

/* The seqs (gint64, ascending) of every row the filter matches, in one
 * scan; cancelling interrupts the scan. head_seq/head_hash (may be NULL)
 * get the head of the log as of the same snapshot. */
GArray        *sl_audit_query_match      (SlStore             *store,
                                          const SlAuditFilter *filter,
                                          GCancellable        *cancellable,
                                          gint64              *head_seq,
                                          char               **head_hash,
                                          GError             **error);
/* The rows with these seqs (ascending) as owned SlAuditRecords, in seq
 * order; a seq with no row is left out. */
GPtrArray     *sl_audit_query_rows       (SlStore             *store,
                                          const gint64        *seqs,
                                          guint                n_seqs,
                                          GError             **error);

/* Streams the rows the filter matches, as sl_audit_export does. */
gboolean       sl_audit_export_filtered  (SlStore             *store,
                                          const SlAuditFilter *filter,
                                          SlAuditFormat        format,
                                          GOutputStream       *out,
                                          GCancellable        *cancellable,
                                          gint64              *n_rows,
                                          GError             **error);

/* The overview. */
typedef struct
{
  char   *actor;
  char   *week;             /* ISO 8601 week: "2026-W47" */
  gint64  n;
} SlAuditWeekCount;

typedef struct
{
  char   *actor;            /* NULL: nobody signed in (a failed sign-in) */
  char   *action;
  gint64  n;
} SlAuditActionCount;

typedef struct
{
  GPtrArray *searches;      /* SlAuditWeekCount: successful searches, by week then user */
  GPtrArray *refusals;      /* SlAuditActionCount: refused attempts, most first */
  gint64     n_searches;
  gint64     n_refused;
  gint64     n_failed;
  gint64     n_confirmed;   /* candidates two people confirmed as possible leads */
  gint64     n_disagreements;  /* candidates whose two reviews differ */
} SlAuditStats;

void           sl_audit_stats_free       (SlAuditStats        *stats);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlAuditStats, sl_audit_stats_free)

/* time_from/time_to (the store's form) may be NULL; they bound the
 * searches and refusals, not the reviews. */
SlAuditStats  *sl_audit_stats_compute    (SlStore             *store,
                                          const char          *time_from,
                                          const char          *time_to,
                                          GCancellable        *cancellable,
                                          GError             **error);

G_END_DECLS
