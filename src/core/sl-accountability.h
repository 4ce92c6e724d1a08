/* sl-accountability.h: the counts of the accountability report over a
 * period: what was searched, why and by whom, what was refused, what was
 * found and decided, what happened after, the models and policy in force,
 * and who the people returned as candidates and leads were, where the
 * gallery records it. Counts straight from the database's tables.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "core/sl-store.h"

G_BEGIN_DECLS

typedef struct
{
  char   *key;
  gint64  count;
} SlCountRow;

typedef struct
{
  const char *id;          /* the CSV file's name, without ".csv" */
  const char *title;       /* translated */
  const char *key_title;   /* translated: what the key column holds */
  gboolean    listing;     /* rows are events, not counts (count unused) */
  GPtrArray  *rows;        /* SlCountRow, in the order shown */
} SlCountSection;

typedef struct
{
  char      *from;         /* the store's time form, inclusive */
  char      *to;           /* exclusive */
  gint64     searches;     /* gallery searches in the period */
  GPtrArray *sections;     /* SlCountSection */
} SlAccountability;

void              sl_accountability_free    (SlAccountability *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlAccountability, sl_accountability_free)

/* The counts of gallery searches started in [from, to) and what followed
 * from them, audit rows of the period; from and to in the store's time
 * form. */
SlAccountability *sl_accountability_collect (SlStore     *store,
                                             const char  *from,
                                             const char  *to,
                                             GError     **error);

G_END_DECLS
