/* sl-engine-authorisation.h: the authorisation of a case's searches by an
 * outside authority, as the policy's "authorisation" asks for it, and the
 * seal a refusal puts on the searches run without it
 * (sl-engine-authorisation.c).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "core/sl-authorisation.h"
#include "core/sl-policy.h"
#include "engine/sl-engine.h"

G_BEGIN_DECLS

/* Where a case stands. */
typedef enum
{
  SL_CASE_AUTHORISATION_NOT_NEEDED, /* the policy asks for none */
  SL_CASE_AUTHORISATION_GRANTED,
  SL_CASE_AUTHORISATION_AWAITING,   /* none granted yet; searches wait
                                     * (before-search) or run on the clock
                                     * (within-48h) */
  SL_CASE_AUTHORISATION_OVERDUE,    /* within-48h: the deadline passed
                                     * without a grant */
  SL_CASE_AUTHORISATION_REFUSED,    /* the last request was refused */
} SlCaseAuthorisationState;

typedef struct
{
  SlAuthorisationMode       mode;
  guint                     hours;        /* the policy's deadline */
  SlCaseAuthorisationState  state;
  SlAuthorisation          *latest;       /* the case's last request; NULL:
                                           * none */
  /* within-48h while no grant: the clock runs from the case's first
   * search that is not sealed. NULL (and seconds_left 0) until then. */
  char                     *clock_from;
  char                     *deadline;
  gint64                    seconds_left; /* 0 once it passed */
} SlAuthorisationStatus;

void      sl_authorisation_status_free     (SlAuthorisationStatus *status);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlAuthorisationStatus, sl_authorisation_status_free)

/* One line for a person, translated: "Granted by the court (AZ 12/34)",
 * "Awaiting authorisation: 47 h 59 min left", "Not needed"... */
char     *sl_authorisation_status_describe (const SlAuthorisationStatus *status);

SlAuthorisationStatus *sl_engine_authorisation_status (SlEngine    *self,
                                                      SlSession   *session,
                                                      const char  *case_number,
                                                      GError     **error);

/* A new pending request of the case, audited ("authorisation.request").
 * Refused while the case has a pending or granted one. */
SlAuthorisation *sl_engine_authorisation_request (SlEngine    *self,
                                                  SlSession   *session,
                                                  const char  *case_number,
                                                  const char  *authority,
                                                  const char  *reference,
                                                  GError     **error);

/* A supervisor records what the authority decided on a pending request
 * (decision: its words, required), audited ("authorisation.grant" or
 * "authorisation.refuse"). A refusal seals every search of the case run
 * without a grant, in the same transaction (counts, optional, says what
 * was erased), then empties the write-ahead log so that the erased data is
 * gone from the files. */
SlAuthorisation *sl_engine_authorisation_decide  (SlEngine     *self,
                                                  SlSession    *session,
                                                  gint64        id,
                                                  gboolean      granted,
                                                  const char   *decision,
                                                  SlSealCounts *counts,
                                                  GError      **error);

/* SlAuthorisation, oldest first: one case's (case_number) or every case's
 * (NULL); the pending ones only when pending_only (a supervisor's queue). */
GPtrArray *sl_engine_authorisation_list (SlEngine    *self,
                                         SlSession   *session,
                                         const char  *case_number,
                                         gboolean     pending_only,
                                         GError     **error);

G_END_DECLS
