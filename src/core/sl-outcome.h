/* sl-outcome.h: what happened after a confirmed lead, as the investigator
 * records it later. Records are never changed: a new one supersedes the
 * one in force, and the history stays.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "core/sl-store.h"

G_BEGIN_DECLS

typedef enum
{
  SL_OUTCOME_EXCLUDED_BY_INVESTIGATION,
  SL_OUTCOME_CORROBORATED,
  SL_OUTCOME_ARRESTED,
  SL_OUTCOME_CHARGED,
  SL_OUTCOME_NO_ACTION,
  SL_OUTCOME_UNKNOWN,
} SlOutcomeKind;

#define SL_N_OUTCOMES (SL_OUTCOME_UNKNOWN + 1)

const char *sl_outcome_kind_to_string   (SlOutcomeKind  kind);
gboolean    sl_outcome_kind_from_string (const char    *text,
                                         SlOutcomeKind *kind);
/* For a person, translated: "excluded by the investigation", ... */
const char *sl_outcome_kind_describe    (SlOutcomeKind  kind);
/* "excluded-by-investigation|corroborated|...", for messages and help. */
const char *sl_outcome_kind_list        (void);

typedef struct
{
  gint64         id;
  gint64         candidate_id;
  SlOutcomeKind  outcome;
  char          *note;
  gint64         supersedes;       /* 0: the lead's first outcome */
  gint64         superseded_by;    /* 0: in force */
  gint64         recorded_by;
  char          *recorder;         /* user name */
  char          *recorded_at;
} SlOutcome;

void        sl_outcome_free         (SlOutcome  *outcome);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlOutcome, sl_outcome_free)

/* Inside the caller's transaction: a new record for the candidate, which
 * supersedes its latest one, if any (*supersedes says which; 0: none).
 * Returns its id, 0 on failure. */
gint64      sl_outcome_insert       (SlStore        *store,
                                     gint64          candidate_id,
                                     SlOutcomeKind   outcome,
                                     const char     *note,
                                     gint64          recorded_by,
                                     gint64         *supersedes,
                                     GError        **error);
/* The history of one candidate, oldest first (SlOutcome). */
GPtrArray  *sl_outcome_list_for_candidate (SlStore  *store,
                                           gint64    candidate_id,
                                           GError  **error);
/* Every outcome of the gallery searches of a case (case_id 0: every case),
 * by candidate and then oldest first. */
GPtrArray  *sl_outcome_list_for_case (SlStore       *store,
                                      gint64         case_id,
                                      GError       **error);

G_END_DECLS
