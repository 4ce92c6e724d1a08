/* sl-person.h: the rows of the investigator's decisions on the persons of
 * a case (migration 11), and what the grouping reads beside the case's
 * faces: how good a view each face is.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "core/sl-store.h"

G_BEGIN_DECLS

/* One face or track a decision was about. */
typedef struct
{
  gint64 face_id;        /* a still's face; a track's best view */
  gint64 track_id;       /* 0: a still's face */
  char   side;           /* 'a' or 'b' */
} SlPersonDecisionItem;

typedef struct
{
  gint64   id;
  char    *kind;         /* merge, split, name, separate */
  char    *name;         /* name: the new name; NULL clears it */
  char    *made_by;      /* username */
  char    *made_at;
  GArray  *items;        /* SlPersonDecisionItem */
} SlPersonDecision;

void        sl_person_decision_free        (SlPersonDecision *decision);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlPersonDecision, sl_person_decision_free)

/* Inside the caller's transaction: the new decision's id, 0 on error. */
gint64      sl_person_decision_insert      (SlStore       *store,
                                            gint64         case_id,
                                            const char    *kind,
                                            const char    *name,
                                            gint64         made_by,
                                            const char    *made_at,
                                            GError       **error);
gboolean    sl_person_decision_item_insert (SlStore       *store,
                                            gint64         decision_id,
                                            const SlPersonDecisionItem *item,
                                            GError       **error);

/* Every decision on the case's persons, oldest first, with its items. */
GPtrArray  *sl_person_decision_list        (SlStore       *store,
                                            gint64         case_id,
                                            GError       **error);

/* How good a view each face of the case is (larger is better: the quality
 * band first, then the detector's score): face id (gint64 *) -> double *. */
GHashTable *sl_person_view_scores          (SlStore       *store,
                                            gint64         case_id,
                                            GError       **error);

G_END_DECLS
