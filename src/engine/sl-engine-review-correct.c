/* sl-engine-review-correct.c: correcting a decision. A mistaken decision is
 * never changed or erased: the person who took it records a correction
 * with its reason, both are kept, and the newest correction counts.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-engine"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "core/sl-text.h"
#include "engine/sl-engine-private.h"
#include "engine/sl-engine-review.h"

#define REASON_MAX 4000

/* public API */

gboolean
sl_engine_check_reason (const char  *reason,
                        const char  *option,
                        GError     **error)
{
  g_autoptr(GError) text_error = NULL;
  g_autofree char *stripped = reason != NULL ? g_strstrip (g_strdup (reason)) : NULL;
  SlTextCounts counts;

  if (stripped == NULL || *stripped == '\0')
    {
      g_set_error (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED, _("Refused: the reason is missing (%s)"),
                   option);
      return FALSE;
    }
  if (!sl_text_check_chars (_("reason"), reason, REASON_MAX, SL_TEXT_MULTI_LINE, &text_error))
    {
      g_set_error (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED, _("Refused: %s"), text_error->message);
      return FALSE;
    }
  sl_text_count (reason, &counts);
  if (counts.words < SL_CORRECTION_REASON_MIN_WORDS || counts.distinct_words < 2)
    {
      g_set_error (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED,
                   /* TRANSLATORS: the minimum of words; where it is asked for */
                   _("Refused: the reason must say why in at least %u words, at least 2 of them different (%s)"),
                   SL_CORRECTION_REASON_MIN_WORDS, option);
      return FALSE;
    }
  return TRUE;
}

gboolean
sl_engine_decision_correct (SlEngine        *self,
                            SlSession       *session,
                            gint64           candidate_id,
                            const char      *decision,
                            const char      *reason,
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
  GError *local_error = NULL;
  SlAuditEntry entry = { "candidate.correct", "candidate", id_text, NULL, details };
  SlDecision *mine = NULL;
  SlDecisionKind kind;
  gint64 user_id = sl_session_get_user_id (session);
  gint64 correction_id;

  g_return_val_if_fail (SL_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (SL_IS_SESSION (session), FALSE);

  if (!sl_engine_decision_parse (decision, details, &kind, error))
    return FALSE;
  if (reason != NULL)
    {
      g_autofree char *shown = sl_store_text_shown (reason, REASON_MAX);
      json_object_set_string_member (details, "reason", shown);
    }

  if (!(k = sl_candidate_lookup (store, candidate_id, &local_error)))
    {
      if (!sl_engine_authorize (self, store, session, SL_PERMISSION_DECIDE, &entry, error))
        {
          g_clear_error (&local_error);
          return FALSE;
        }
      goto fail;
    }
  entry.case_number = case_number = g_strdup (k->case_number);
  json_object_set_int_member (details, "search_id", k->search_id);
  if (k->first != NULL && k->first->reviewer_id == user_id)
    mine = k->first;
  else if (k->second != NULL && k->second->reviewer_id == user_id)
    mine = k->second;
  if (mine == NULL)
    {
      /* Also when someone else decided: a decision is its author's own
       * judgement, and nobody else's word replaces it (a supervisor
       * settles a disagreement by the record, not by rewriting it). */
      if (!sl_engine_authorize (self, store, session, SL_PERMISSION_DECIDE, &entry, error))
        return FALSE;
      g_set_error (&local_error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED,
                   _("Refused: you took no decision on candidate %" PRId64 "; a decision is corrected only "
                     "by the person who took it"), k->id);
      goto fail;
    }
  json_object_set_int_member (details, "decision_id", mine->id);
  json_object_set_string_member (details, "stage", mine->second ? "second" : "first");
  json_object_set_string_member (details, "old_decision", sl_decision_kind_to_string (mine->decision));
  if (!sl_engine_authorize (self, store, session, mine->second ? SL_PERMISSION_REVIEW : SL_PERMISSION_DECIDE,
                            &entry, error))
    return FALSE;
  {
    g_autoptr(SlCase) c = sl_engine_case_lookup (store, session, k->case_number, &local_error);

    if (c == NULL)
      goto fail;
  }
  if (!sl_engine_check_reason (reason, _("the reason for the correction"), &local_error))
    goto fail;
  if (k->case_closed)
    {
      g_set_error (&local_error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED,
                   _("Refused: the case '%s' is closed; its decisions are no longer corrected"), k->case_number);
      goto fail;
    }
  if (mine->decision == kind)
    {
      g_set_error (&local_error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED,
                   _("Refused: your decision on candidate %" PRId64 " already stands as %s"), k->id,
                   sl_decision_kind_describe (kind));
      goto fail;
    }

  if (!sl_store_begin (store, &local_error))
    goto fail;
  if ((correction_id = sl_decision_correction_insert (store, mine->id, user_id, kind, reason, &local_error)) == 0)
    goto fail;
  json_object_set_int_member (details, "correction_id", correction_id);
  {
    SlDecision now = { .decision = kind };
    SlReviewStatus status = mine->second ? sl_review_status (k->first, &now) : sl_review_status (&now, k->second);

    json_object_set_string_member (details, "status", sl_review_status_to_string (status));
  }
  if (!sl_engine_audit (self, store, session, &entry, SL_AUDIT_SUCCESS, &local_error) ||
      !sl_engine_commit (store, &local_error))
    goto fail;

  result->decision_id = mine->id;
  result->candidate_id = k->id;
  result->second = mine->second;
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
