/* sl-engine-persons.h: the people of a case (issue 16): the case's faces
 * and tracks grouped into "unknown persons" at a strict threshold, and the
 * investigator's decisions that name, merge, split and separate them
 * (sl-engine-persons.c, sl-engine-persons-decide.c).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "engine/sl-engine.h"
#include "engine/sl-session.h"

G_BEGIN_DECLS

/* The false-match rate the grouping's threshold is set at: strict, since
 * two groups are easier to merge than one to split. */
#define SL_PERSONS_FALSE_MATCH_RATE 1e-5

/* One appearance: a still's face, or a footage track. */
typedef struct
{
  gint64 evidence_id;
  gint64 face_id;        /* a still's face; a track's best view */
  gint64 track_id;       /* 0: a still's face */
  gint64 time_ms;        /* footage: the best view's time; -1: a still */
} SlPersonSighting;

typedef struct
{
  guint    number;       /* 1.. in this grouping, most sightings first */
  char    *name;         /* the investigator's; NULL: unnamed */
  SlPersonSighting best; /* the best view (quality band, then detector score) */
  guint    n_evidence;   /* pieces of evidence it appears in */
  GArray  *sightings;    /* SlPersonSighting, by evidence and time */
} SlPerson;

typedef struct
{
  char       *case_number;
  char       *model_id;          /* NULL: the case has no faces */
  double      threshold;         /* mean similarity two groups must reach */
  char       *threshold_describe;/* what the threshold means, from the calibration */
  gint64      grouped;           /* faces and tracks grouped */
  gint64      skipped_other_model;/* left out: embedded by another model */
  guint       n_decisions;       /* the investigator's, all applied */
  double      group_ms;          /* the clustering itself */
  GPtrArray  *persons;           /* SlPerson */
} SlPersons;

void        sl_persons_free                 (SlPersons *persons);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlPersons, sl_persons_free)

/* The person a face (or any face of a track) belongs to; NULL if none. */
SlPerson   *sl_persons_find                 (SlPersons *persons,
                                             gint64     face_id);

/* Groups the case's still faces and footage tracks (tracks by their
 * template) with the model most of them were embedded with: average
 * linkage at the stricter of the policy threshold and the calibrated
 * score of SL_PERSONS_FALSE_MATCH_RATE, constrained by every decision
 * of the investigator's. Needs the search permission; each grouping is
 * audited (case.persons), and no justification is asked: it compares only
 * the case's own faces with each other and shows no rates or candidates
 * beyond the case (see README). */
SlPersons  *sl_engine_case_persons          (SlEngine       *self,
                                             SlSession      *session,
                                             const char     *case_number,
                                             GCancellable   *cancellable,
                                             GError        **error);
void        sl_engine_case_persons_async    (SlEngine       *self,
                                             SlSession      *session,
                                             const char     *case_number,
                                             GCancellable   *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer        user_data);
SlPersons  *sl_engine_case_persons_finish   (SlEngine       *self,
                                             GAsyncResult   *result,
                                             GError        **error);

/* The investigator's decisions (sl-engine-persons-decide.c). Each names
 * persons by one of their faces (any face of a track names the track),
 * records the members of the persons as they are now, append-only, with
 * its audit row in one transaction; refused on a closed case. A newer
 * decision wins over an older one: a merge undoes a split or a
 * separation, a split undoes a merge, a name replaces a
 * name (NULL or empty clears it). */
gboolean    sl_engine_persons_merge         (SlEngine       *self,
                                             SlSession      *session,
                                             const char     *case_number,
                                             gint64          face_a,
                                             gint64          face_b,
                                             GError        **error);
/* Moves the faces (of one person) out into a person of their own, never
 * again grouped with the ones that stay. */
gboolean    sl_engine_persons_split         (SlEngine       *self,
                                             SlSession      *session,
                                             const char     *case_number,
                                             const gint64   *faces,
                                             guint           n_faces,
                                             GError        **error);
gboolean    sl_engine_persons_name          (SlEngine       *self,
                                             SlSession      *session,
                                             const char     *case_number,
                                             gint64          face,
                                             const char     *name,
                                             GError        **error);
/* "Not the same person": the two persons are never grouped together. */
gboolean    sl_engine_persons_separate      (SlEngine       *self,
                                             SlSession      *session,
                                             const char     *case_number,
                                             gint64          face_a,
                                             gint64          face_b,
                                             GError        **error);

/* The same four decisions in a worker, for a front end that must not
 * wait: faces as each synchronous function takes them (merge, separate:
 * two; name: one; split: the faces moved out); name only for NAME. */
typedef enum
{
  SL_PERSONS_MERGE,
  SL_PERSONS_SPLIT,
  SL_PERSONS_NAME,
  SL_PERSONS_SEPARATE,
} SlPersonsDecision;

const char *sl_persons_decision_to_string   (SlPersonsDecision decision);
void        sl_engine_persons_decide_async  (SlEngine       *self,
                                             SlSession      *session,
                                             const char     *case_number,
                                             SlPersonsDecision decision,
                                             const gint64   *faces,
                                             guint           n_faces,
                                             const char     *name,
                                             GCancellable   *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer        user_data);
gboolean    sl_engine_persons_decide_finish (SlEngine       *self,
                                             GAsyncResult   *result,
                                             GError        **error);

G_END_DECLS
