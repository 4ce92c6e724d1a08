/* sl-person-group.h: the grouping of a case's faces and tracks into
 * "unknown persons": average-linkage agglomerative clustering at a strict
 * threshold, constrained by the investigator's decisions (these are one
 * person; these are not the same person). Pure computation on unit
 * vectors; the engine reads the vectors and the decisions
 * (sl-engine-persons.c).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  SL_PERSON_LINK_SAME,    /* every item of a (and b) is one person */
  SL_PERSON_LINK_APART,   /* no item of a is the same person as one of b */
} SlPersonLinkKind;

/* One statement of the investigator's on item indices. */
typedef struct
{
  SlPersonLinkKind  kind;
  GArray           *a;    /* guint item indices */
  GArray           *b;    /* guint item indices; may be empty for SAME */
} SlPersonLink;

SlPersonLink *sl_person_link_new  (SlPersonLinkKind kind);
void          sl_person_link_free (SlPersonLink    *link);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlPersonLink, sl_person_link_free)

/* Groups n unit vectors of dim floats (row after row). Two groups join
 * while the mean similarity of all their pairs is at least threshold and
 * no statement keeps them apart; statements join their items whatever the
 * similarity. links (SlPersonLink, oldest first) may contradict each
 * other: the newer statement wins over the older one. Returns n group
 * labels, 0 .. *n_groups - 1, numbered in the order of each group's first
 * item. Deterministic for the same input. */
guint        *sl_person_group     (const float     *vectors,
                                   guint            n,
                                   guint            dim,
                                   double           threshold,
                                   GPtrArray       *links,
                                   guint           *n_groups);

G_END_DECLS
