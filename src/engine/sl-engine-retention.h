/* sl-engine-retention.h: the retention policy carried out: the probe data
 * (faces' embeddings and aligned crops, tracks' templates) of cases closed
 * longer ago than the policy's retention-days is purged. Search records,
 * candidates, decisions and the audit log are never purged; a purged face
 * says when (SlProbeFace.purged_at, SlSearchRecord.probe_purged_at).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "engine/sl-engine.h"

G_BEGIN_DECLS

typedef struct
{
  guint       retention_days;     /* the policy's; 0: kept forever, nothing purged */
  gboolean    dry_run;
  char       *cutoff;             /* cases closed before this are due; NULL when kept forever */
  guint       cases;              /* cases purged (due, in a dry run) */
  guint       faces;              /* probe faces whose embedding was purged */
  guint       crops;              /* aligned crops purged */
  guint       tracks;             /* track templates purged */
  GStrv       case_numbers;       /* the cases, closed first */
} SlRetentionSummary;

void      sl_retention_summary_clear   (SlRetentionSummary  *summary);

/* Needs SL_PERMISSION_POLICY_SET (administrators). Each case purged is purged
 * in one transaction with its audit row ("retention.purge", with its
 * counts); a dry run purges nothing and is audited as one row with what it
 * would purge. A refusal is audited. Purging again is a no-op. */
gboolean  sl_engine_retention_purge    (SlEngine            *self,
                                        SlSession           *session,
                                        gboolean             dry_run,
                                        SlRetentionSummary  *summary,
                                        GError             **error);
/* The same as of `now` (the store's time form or any form
 * sl_store_parse_time() takes; NULL: the present), for tests. The audit
 * rows record the time the purge ran as of. */
gboolean  sl_engine_retention_purge_at (SlEngine            *self,
                                        SlSession           *session,
                                        const char          *now,
                                        gboolean             dry_run,
                                        SlRetentionSummary  *summary,
                                        GError             **error);

G_END_DECLS
