/* sl-engine-review.c: decisions on candidates and the four-eyes rule: a
 * first decision, then a second, independent one by someone else who has
 * not seen the first; a confirmed lead only when both say possible lead.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-engine"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "core/sl-case-search.h"
#include "core/sl-text.h"
#include "core/sl-authorisation.h"
#include "engine/sl-engine-private.h"
#include "engine/sl-engine-search.h"

#define RATIONALE_MAX 4000

/* helpers */

static void
candidates_json (JsonObject *details,
                 GPtrArray  *list)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < list->len; i++)
    {
      SlCandidate *k = g_ptr_array_index (list, i);
      JsonObject *o = json_object_new ();

      json_object_set_int_member (o, "candidate_id", k->id);
      json_object_set_int_member (o, "search_id", k->search_id);
      json_object_set_double_member (o, "similarity", k->similarity);
      json_array_add_object_element (array, o);
    }
  json_object_set_array_member (details, "candidates", array);
}

/* Reading lists is audited when it shows candidates: who saw which. */
static GPtrArray *
audited_list (SlEngine     *self,
              SlSession    *session,
              SlPermission      action,
              const char   *audit_action,
              const char   *case_number,
              GPtrArray  *(*query) (SlStore *, gint64, GError **),
              gboolean      by_user,
              GError      **error)
{
  SlStore *store = sl_engine_get_store (self);
  g_autoptr(JsonObject) details = json_object_new ();
  g_autofree char *shown_case = case_number != NULL ? sl_store_text_shown (case_number, 64) : NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(SlCase) c = NULL;
  GError *local_error = NULL;
  SlAuditEntry entry = { audit_action, "candidate", NULL, shown_case, details };
  gint64 param = 0;

  if (!sl_engine_authorize (self, store, session, action, &entry, error))
    return NULL;
  if (by_user)
    param = sl_session_get_user_id (session);
  else if (case_number != NULL)
    {
      if (!(c = sl_engine_case_lookup (store, session, case_number, &local_error)))
        {
          sl_engine_propagate (error, local_error);
          return NULL;
        }
      param = c->id;
    }
  if (!(list = query (store, param, &local_error)))
    goto fail;
  /* Need to know: across cases, only those the person works. */
  if (case_number == NULL && sl_engine_case_filter (session) != 0)
    for (guint i = list->len; i-- > 0;)
      {
        SlCandidate *k = g_ptr_array_index (list, i);
        gboolean member;

        if (!sl_case_member_is (store, k->case_id, sl_session_get_user_id (session), &member, &local_error))
          goto fail;
        if (!member)
          g_ptr_array_remove_index (list, i);
      }
  if (list->len > 0)
    {
      candidates_json (details, list);
      if (!sl_store_begin (store, &local_error) ||
          !sl_engine_audit (self, store, session, &entry, SL_AUDIT_SUCCESS, &local_error) ||
          !sl_engine_commit (store, &local_error))
        goto fail;
    }
  return g_steal_pointer (&list);

fail:
  sl_engine_audit_failure (self, store, session, &entry, local_error);
  sl_engine_propagate (error, local_error);
  return NULL;
}

/* public API */

gboolean
sl_engine_decide (SlEngine        *self,
                  SlSession       *session,
                  gint64           candidate_id,
                  const char      *decision,
                  const char      *rationale,
                  SlDecideResult  *result,
                  GError         **error)
{
  SL_ENGINE_BOUNDARY (error);
  SlStore *store = sl_engine_get_store (self);
  g_autoptr(JsonObject) details = json_object_new ();
  g_autofree char *id_text = g_strdup_printf ("%" PRId64, candidate_id);
  g_autofree char *case_number = NULL;
  g_autoptr(SlCandidate) k = NULL;
  g_autoptr(SlCandidate) after = NULL;
  g_autoptr(GError) text_error = NULL;
  GError *local_error = NULL;
  SlAuditEntry entry = { "candidate.decide", "candidate", id_text, NULL, details };
  SlDecisionKind kind;
  gboolean second;
  gint64 user_id = sl_session_get_user_id (session);

  g_return_val_if_fail (SL_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (SL_IS_SESSION (session), FALSE);

  if (!sl_engine_decision_parse (decision, details, &kind, error))
    return FALSE;
  if (rationale != NULL)
    {
      g_autofree char *shown = sl_store_text_shown (rationale, RATIONALE_MAX);
      json_object_set_string_member (details, "rationale", shown);
    }

  /* Who may decide depends on whether this is the first decision or the
   * second review; the candidate says which. */
  if (!(k = sl_candidate_lookup (store, candidate_id, &local_error)))
    {
      if (!sl_engine_authorize (self, store, session, SL_PERMISSION_DECIDE, &entry, error))
        {
          g_clear_error (&local_error);
          return FALSE;
        }
      /* Candidates of a search within a case are numbered apart from a
       * gallery search's and take no decisions: say so, not "no such
       * candidate". */
      if (g_error_matches (local_error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_FOUND))
        {
          gint64 within_search = 0;
          gint64 sealed_search = 0;
          g_autofree char *within_case = NULL;

          /* Erased with its search when the authorisation was refused. */
          if ((sealed_search = sl_authorisation_sealed_candidate (store, candidate_id, NULL)) > 0)
            {
              g_clear_error (&local_error);
              json_object_set_int_member (details, "search_id", sealed_search);
              g_set_error (&local_error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED,
                           _("Refused: candidate %" PRId64 " was erased when search %" PRId64 " was sealed (sealed: "
                             "authorisation refused); there is nothing to decide on"), candidate_id, sealed_search);
            }
          else if (sl_case_candidate_find (store, candidate_id, &within_search, &within_case, NULL))
            {
              g_clear_error (&local_error);
              entry.case_number = case_number = g_strdup (within_case);
              json_object_set_int_member (details, "within_case_search_id", within_search);
              g_set_error (&local_error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED,
                           _("Refused: %" PRId64 " is a candidate of search %" PRId64 " within the case '%s'; "
                             "decisions are taken on the candidates of gallery searches only, and there is no "
                             "gallery candidate %" PRId64), candidate_id, within_search, within_case,
                           candidate_id);
            }
        }
      goto fail;
    }
  entry.case_number = case_number = g_strdup (k->case_number);
  json_object_set_int_member (details, "search_id", k->search_id);
  json_object_set_double_member (details, "similarity", k->similarity);
  second = k->first != NULL;
  json_object_set_string_member (details, "stage", second ? "second" : "first");
  if (!sl_engine_case_access (store, session, k->case_id, k->case_number, &local_error))
    goto fail;
  if (k->second != NULL)
    {
      g_set_error (&local_error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED,
                   _("Refused: candidate %" PRId64 " already has its two decisions; a decision is never "
                     "changed, only corrected by the person who took it"), k->id);
      goto fail;
    }
  if (second && k->first->reviewer_id == user_id)
    {
      g_set_error (&local_error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED,
                   _("Refused: you took the first decision on candidate %" PRId64 "; the second review "
                     "must be by another person"), k->id);
      goto fail;
    }
  /* Separation of duties: whoever ran the search judges none of its
   * candidates, neither first nor second. */
  if (k->searched_by_id == user_id)
    {
      g_set_error (&local_error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED,
                   _("Refused: you ran search %" PRId64 "; the decisions on its candidates must be taken "
                     "by other people"), k->search_id);
      goto fail;
    }
  if (!sl_engine_authorize (self, store, session, second ? SL_PERMISSION_REVIEW : SL_PERMISSION_DECIDE, &entry, error))
    return FALSE;

  {
    g_autofree char *stripped = rationale != NULL ? g_strstrip (g_strdup (rationale)) : NULL;

    if (stripped == NULL || *stripped == '\0')
      {
        g_set_error (&local_error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED,
                     _("Refused: a decision needs its rationale"));
        goto fail;
      }
  }
  if (!sl_text_check_chars (_("rationale"), rationale, RATIONALE_MAX, SL_TEXT_MULTI_LINE, &text_error))
    {
      g_set_error (&local_error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED, _("Refused: %s"), text_error->message);
      goto fail;
    }
  if (k->case_closed)
    {
      g_set_error (&local_error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED,
                   _("Refused: the case '%s' is closed; no more decisions are taken on its candidates"),
                   k->case_number);
      goto fail;
    }

  if (!sl_store_begin (store, &local_error))
    goto fail;
  /* Another desk may have decided between the look above and the lock
   * taken now (on a server the desks' transactions follow one another only
   * from here): look again, and refuse in words rather than let the
   * unique stage of the schema refuse. */
  {
    g_autoptr(SlCandidate) now = sl_candidate_lookup (store, candidate_id, &local_error);

    if (now == NULL)
      goto fail;
    if (now->second != NULL)
      {
        g_set_error (&local_error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED,
                     _("Refused: candidate %" PRId64 " already has its two decisions; a decision is never "
                       "changed, only corrected by the person who took it"), k->id);
        goto fail;
      }
    if ((now->first != NULL) != second)
      {
        if (now->first->reviewer_id == user_id)
          g_set_error (&local_error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED,
                       _("Refused: you took the first decision on candidate %" PRId64 "; the second review "
                         "must be by another person"), k->id);
        else
          g_set_error (&local_error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED,
                       _("Refused: %s took the first decision on candidate %" PRId64 " a moment ago at "
                         "another desk; look at the candidate again before deciding"),
                       now->first->reviewer, k->id);
        goto fail;
      }
  }
  if ((result->decision_id = sl_decision_insert (store, k->id, user_id, second, kind, rationale,
                                                 &local_error)) == 0)
    goto fail;
  json_object_set_int_member (details, "decision_id", result->decision_id);
  if (second)
    {
      SlDecision mine = { .decision = kind };
      json_object_set_string_member (details, "status",
                                     sl_review_status_to_string (sl_review_status (k->first, &mine)));
    }
  if (!sl_engine_audit (self, store, session, &entry, SL_AUDIT_SUCCESS, &local_error) ||
      !sl_engine_commit (store, &local_error))
    goto fail;

  result->candidate_id = k->id;
  result->second = second;
  result->decision = kind;
  if (!(after = sl_candidate_lookup (store, k->id, error)))
    return FALSE;
  result->status = after->status;
  return TRUE;

fail:
  sl_engine_audit_failure (self, store, session, &entry, local_error);
  sl_engine_propagate (error, local_error);
  return FALSE;
}

gboolean
sl_engine_decide_within_case (SlEngine    *self,
                              SlSession   *session,
                              gint64       candidate_id,
                              const char  *decision,
                              GError     **error)
{
  SL_ENGINE_BOUNDARY (error);
  SlStore *store = sl_engine_get_store (self);
  g_autoptr(JsonObject) details = json_object_new ();
  g_autofree char *id_text = g_strdup_printf ("%" PRId64, candidate_id);
  g_autofree char *within_case = NULL;
  g_autoptr(SlCase) c = NULL;
  GError *local_error = NULL;
  SlAuditEntry entry = { "candidate.decide", "case-candidate", id_text, NULL, details };
  SlDecisionKind kind;
  gint64 within_search = 0;

  g_return_val_if_fail (SL_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (SL_IS_SESSION (session), FALSE);

  json_object_set_string_member (details, "scope", "case");
  if (!sl_engine_decision_parse (decision, details, &kind, error))
    return FALSE;
  if (!sl_engine_authorize (self, store, session, SL_PERMISSION_DECIDE, &entry, error))
    return FALSE;
  /* Looked up in case_candidates only: a gallery candidate of the same
   * number is another thing, and is never read here. */
  if (!sl_case_candidate_find (store, candidate_id, &within_search, &within_case, &local_error))
    {
      if (local_error == NULL)
        g_set_error (&local_error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_NOT_FOUND,
                     _("There is no candidate %" PRId64 " of a search within a case"), candidate_id);
      goto fail;
    }
  /* Need to know: only the case's members learn what the number is. */
  if (!(c = sl_engine_case_lookup (store, session, within_case, &local_error)))
    goto fail;
  entry.case_number = within_case;
  json_object_set_int_member (details, "within_case_search_id", within_search);
  g_set_error (&local_error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED,
               _("Refused: candidate %" PRId64 " of search %" PRId64 " within the case '%s' takes no decision: "
                 "a search within the case only points to the case's own faces; whether two of them show one "
                 "person is recorded on the persons of the case (merge, not the same person)"),
               candidate_id, within_search, within_case);

fail:
  sl_engine_audit_failure (self, store, session, &entry, local_error);
  sl_engine_propagate (error, local_error);
  return FALSE;
}

GPtrArray *
sl_engine_review_queue (SlEngine   *self,
                        SlSession  *session,
                        GError    **error)
{
  SL_ENGINE_BOUNDARY (error);
  g_return_val_if_fail (SL_IS_ENGINE (self), NULL);
  return audited_list (self, session, SL_PERMISSION_REVIEW, "review.queue", NULL, sl_candidate_review_queue,
                       TRUE, error);
}

GPtrArray *
sl_engine_review_disagreements (SlEngine    *self,
                                SlSession   *session,
                                const char  *case_number,
                                GError     **error)
{
  SL_ENGINE_BOUNDARY (error);
  g_return_val_if_fail (SL_IS_ENGINE (self), NULL);
  return audited_list (self, session, SL_PERMISSION_REVIEW, "review.disagreements", case_number,
                       sl_candidate_disagreements, FALSE, error);
}

GPtrArray *
sl_engine_review_leads (SlEngine    *self,
                        SlSession   *session,
                        const char  *case_number,
                        GError     **error)
{
  SL_ENGINE_BOUNDARY (error);
  g_return_val_if_fail (SL_IS_ENGINE (self), NULL);
  return audited_list (self, session, SL_PERMISSION_CASE_READ, "review.leads", case_number,
                       sl_candidate_confirmed, FALSE, error);
}

gboolean
sl_engine_decision_parse (const char      *decision,
                          JsonObject      *details,
                          SlDecisionKind  *kind,
                          GError         **error)
{
  if (decision == NULL || !sl_decision_kind_from_string (decision, kind))
    {
      g_autofree char *shown = sl_store_text_shown (decision != NULL ? decision : "", 32);
      g_set_error (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_INVALID,
                   _("'%s' is not a decision; use possible-lead, excluded or inconclusive"), shown);
      return FALSE;
    }
  json_object_set_string_member (details, "decision", decision);
  return TRUE;
}
