/* sl-candidate-columns.h: the columns a GtkColumnView of SlCandidateItem
 * shows, shared by the results window and the Review view.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "app/sl-app-context.h"

G_BEGIN_DECLS

typedef enum
{
  SL_CANDIDATE_COLUMN_RANK       = 1 << 0,
  SL_CANDIDATE_COLUMN_THUMBNAIL  = 1 << 1,
  SL_CANDIDATE_COLUMN_SUBJECT    = 1 << 2,
  SL_CANDIDATE_COLUMN_SIMILARITY = 1 << 3,
  SL_CANDIDATE_COLUMN_RATE       = 1 << 4,
  SL_CANDIDATE_COLUMN_EXPECTED   = 1 << 5,
  SL_CANDIDATE_COLUMN_THRESHOLD  = 1 << 6,
  SL_CANDIDATE_COLUMN_STATUS     = 1 << 7,
  SL_CANDIDATE_COLUMN_CASE       = 1 << 8,
} SlCandidateColumns;

#define SL_CANDIDATE_COLUMNS_SEARCH                                                      \
  (SL_CANDIDATE_COLUMN_RANK | SL_CANDIDATE_COLUMN_THUMBNAIL | SL_CANDIDATE_COLUMN_SUBJECT | \
   SL_CANDIDATE_COLUMN_SIMILARITY | SL_CANDIDATE_COLUMN_RATE | SL_CANDIDATE_COLUMN_EXPECTED | \
   SL_CANDIDATE_COLUMN_THRESHOLD | SL_CANDIDATE_COLUMN_STATUS)

/* Appends the chosen columns, in the order above (case first). Thumbnails
 * are read through context when a row first shows them. */
void sl_candidate_columns_add (GtkColumnView      *view,
                               SlAppContext       *context,
                               SlCandidateColumns  columns);

G_END_DECLS
