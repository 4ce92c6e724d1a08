/* sl-retention.h: the probe data of closed cases past the retention
 * period: which cases are due, and purging one (its probe faces'
 * embeddings and crops, its tracks' templates). The rows stay, marked
 * purged, with the searches, candidates, decisions and audit rows that
 * name them.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "core/sl-store.h"

G_BEGIN_DECLS

typedef struct
{
  guint faces;            /* probe faces whose embedding was purged */
  guint crops;            /* of them, those with an aligned crop */
  guint tracks;           /* track templates purged */
} SlRetentionCounts;

typedef struct
{
  gint64  id;
  char   *number;
  char   *closed_at;
} SlRetentionCase;

void        sl_retention_case_free   (SlRetentionCase    *c);

/* Closed cases with closed_at before cutoff (the store's time form) that
 * still hold probe data, closed first. SlRetentionCase. */
GPtrArray  *sl_retention_due_cases   (SlStore            *store,
                                      const char         *cutoff,
                                      GError            **error);
/* What purging the case would remove. */
gboolean    sl_retention_count       (SlStore            *store,
                                      gint64              case_id,
                                      SlRetentionCounts  *counts,
                                      GError            **error);
/* Purges inside the caller's transaction, marking the rows purged at now. */
gboolean    sl_retention_purge_case  (SlStore            *store,
                                      gint64              case_id,
                                      const char         *now,
                                      SlRetentionCounts  *counts,
                                      GError            **error);

G_END_DECLS
