/* sl-engine-search-check-private.h: the checks of a search request, shared
 * by the search (sl-engine-search.c) and the check front ends ask for
 * (sl-engine-search-check.c).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "core/sl-case.h"
#include "core/sl-gallery.h"
#include "core/sl-policy.h"
#include "core/sl-probe.h"
#include "core/sl-store.h"
#include "core/sl-track.h"
#include "engine/sl-engine-search.h"
#include "engine/sl-engine.h"

G_BEGIN_DECLS

#define SL_SEARCH_DEFAULT_TOP_K   50
#define SL_SEARCH_OFFENSE_MAX     32
#define SL_SEARCH_LEGAL_BASIS_MAX 1000
#define SL_SEARCH_FACTS_MAX       10000

/* What the checks looked up, for the search to go on with. */
typedef struct
{
  SlPolicy        *policy;
  SlCase          *c;
  SlTrack         *track;       /* NULL: searched from a face */
  SlProbeFace     *face;        /* with its embedding; a track's template
                                 * replaces it when the track stands as one */
  SlGallery       *gallery;
  const SlOffense *offense;     /* in policy */
  guint            top_k;       /* the one the search uses */
  /* The request's justification in normal form (sl_text_normalize): what
   * was checked, and what the search records. */
  char            *offense_text;
  char            *legal_basis;
  char            *purpose;
  char            *facts;
} SlSearchChecks;

void     sl_search_checks_clear       (SlSearchChecks         *checks);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SlSearchChecks, sl_search_checks_clear)

/* Every rule of the request, in order; the first broken one sets error
 * (store errors as they are: callers propagate them). details, when not
 * NULL, receives the ids the audit row names (probe face, evidence,
 * gallery) as soon as they are known, refusals included. The role is the
 * caller's to check. */
gboolean sl_engine_search_check_with  (SlStore                *store,
                                       const SlSearchRequest  *request,
                                       JsonObject             *details,
                                       SlSearchChecks         *checks,
                                       GError                **error);

/* The person of the case req->face_id belongs to (req->person), as the
 * probe (sl-engine-search-person.c): checks->face becomes the person's
 * best view, its embedding the person's template when req->track_probe
 * asks for one; *members (SlSearchMember) the faces and tracks the
 * template was made of (empty for the best view); details name them. */
gboolean sl_engine_search_person_probe (SlEngine              *self,
                                       SlStore                *store,
                                       const SlSearchRequest  *req,
                                       SlSearchChecks         *checks,
                                       JsonObject             *details,
                                       GCancellable           *cancellable,
                                       GArray                **members,
                                       GError                **error);

/* A search request and who asks, copied for a worker thread: the gallery
 * search's and the within-case search's (sl-engine-search.c). */
typedef struct
{
  SlSession       *session;
  SlSearchRequest  request;      /* strings owned */
} SlSearchTask;

SlSearchTask *sl_search_task_new  (SlSession              *session,
                                   const SlSearchRequest  *request);
void          sl_search_task_free (gpointer                task);

G_END_DECLS
