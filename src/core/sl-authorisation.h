/* sl-authorisation.h: the authorisations of a case's searches by an outside
 * authority (a court, a prosecutor), and the seal a refusal puts on the
 * searches run without a grant (migration 10).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "core/sl-store.h"

G_BEGIN_DECLS

typedef enum
{
  SL_AUTHORISATION_PENDING,
  SL_AUTHORISATION_GRANTED,
  SL_AUTHORISATION_REFUSED,
} SlAuthorisationState;

typedef struct
{
  gint64                id;
  gint64                case_id;
  char                 *case_number;
  char                 *authority;
  char                 *reference;
  char                 *requested_by;   /* username */
  char                 *requested_at;
  SlAuthorisationState  state;
  char                 *decided_by;     /* username; NULL while pending */
  char                 *decided_at;
  char                 *decision;       /* what the authority decided */
} SlAuthorisation;

void        sl_authorisation_free          (SlAuthorisation *a);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlAuthorisation, sl_authorisation_free)

/* "pending", "granted", "refused": the database's words. */
const char *sl_authorisation_state_to_string (SlAuthorisationState state);

/* The new row's id; 0 and an error when it cannot be written. */
gint64      sl_authorisation_insert        (SlStore      *store,
                                            gint64        case_id,
                                            const char   *authority,
                                            const char   *reference,
                                            gint64        user_id,
                                            const char   *now,
                                            GError      **error);
SlAuthorisation *sl_authorisation_lookup   (SlStore      *store,
                                            gint64        id,
                                            GError      **error);
/* SlAuthorisation, oldest first: a case's (case_id > 0) or every case's;
 * only the pending ones when pending_only. */
GPtrArray  *sl_authorisation_list          (SlStore      *store,
                                            gint64        case_id,
                                            gboolean      pending_only,
                                            GError      **error);
/* Records the decision on a pending authorisation (the schema refuses a
 * second one). */
gboolean    sl_authorisation_decide        (SlStore      *store,
                                            gint64        id,
                                            gboolean      granted,
                                            gint64        user_id,
                                            const char   *decision,
                                            const char   *now,
                                            GError      **error);

/* The start of the oldest search of the case that is not sealed (gallery
 * or within the case); NULL with no error when there is none. */
char       *sl_authorisation_first_search  (SlStore      *store,
                                            gint64        case_id,
                                            GError      **error);

/* What a seal erased. */
typedef struct
{
  guint searches;
  guint candidates;
  guint decisions;
  guint faces;      /* probe faces whose embedding and crop were erased */
  guint tracks;     /* probe tracks whose template was erased */
} SlSealCounts;

/* Seals every search of the case not sealed yet, under the refused
 * authorisation: deletes their candidates and the decisions on them and
 * erases their probes' data; the search rows stay. Inside the caller's
 * transaction. */
gboolean    sl_authorisation_seal_case     (SlStore      *store,
                                            gint64        case_id,
                                            gint64        authorisation_id,
                                            const char   *now,
                                            SlSealCounts *counts,
                                            GError      **error);
/* Whether the search ("gallery" or "case" kind) is sealed; sealed_at
 * (optional) receives when. */
gboolean    sl_authorisation_search_sealed (SlStore      *store,
                                            const char   *kind,
                                            gint64        search_id,
                                            char        **sealed_at,
                                            GError      **error);
/* The gallery search a sealed (erased) candidate belonged to; 0 when the
 * id was never a sealed candidate. */
gint64      sl_authorisation_sealed_candidate (SlStore   *store,
                                            gint64        candidate_id,
                                            GError      **error);

G_END_DECLS
