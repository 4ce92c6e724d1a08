/* sl-engine-persons-private.h: the grouping as the listing
 * (sl-engine-persons.c) and the decisions (sl-engine-persons-decide.c)
 * share it.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "core/sl-case.h"
#include "core/sl-store.h"
#include "engine/sl-engine-persons.h"
#include "report/sl-report.h"

G_BEGIN_DECLS

/* The grouping of one case, and which person each item is in. */
typedef struct
{
  SlPersons  *persons;
  GPtrArray  *items;      /* SlCaseItem grouped (of the model used) */
  guint      *person_of;  /* per item: index into persons->persons */
} SlGrouping;

void        sl_grouping_free          (SlGrouping *grouping);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlGrouping, sl_grouping_free)

/* Reads, groups and applies the decisions; records nothing. */
SlGrouping *sl_engine_group_case_with (SlEngine      *self,
                                       SlStore       *store,
                                       SlCase        *c,
                                       GCancellable  *cancellable,
                                       GError       **error);

/* The index into grouping->items of the item a face stands for (a
 * track's face: the track), or -1. */
int         sl_grouping_item_of_face  (SlGrouping    *grouping,
                                       SlStore       *store,
                                       gint64         face_id,
                                       GError       **error);

/* The persons of data->c for the case report: data->persons and
 * data->persons_about; a grouping that cannot be made (no calibration of
 * the model) leaves data->persons NULL and says why. Only a store error
 * fails. */
gboolean    sl_engine_report_persons  (SlEngine      *self,
                                       SlStore       *store,
                                       SlReportData  *data,
                                       GCancellable  *cancellable,
                                       GError       **error);

G_END_DECLS
