/* sl-engine-outcomes.c: the investigator records what happened after a
 * confirmed lead. Only a confirmed lead takes an outcome; records are
 * appended, each superseding the one before, and every one is audited in
 * the same transaction.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-engine"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "core/sl-search.h"
#include "core/sl-text.h"
#include "engine/sl-engine-outcomes.h"
#include "engine/sl-engine-private.h"

#define NOTE_MAX 4000

/* helpers */

static gboolean
outcome_record_with (SlEngine         *self,
                     SlStore          *store,
                     SlSession        *session,
                     gint64            candidate_id,
                     const char       *outcome,
                     const char       *note,
                     SlOutcomeResult  *result,
                     GError          **error)
{
  g_autoptr(JsonObject) details = json_object_new ();
  g_autofree char *id_text = g_strdup_printf ("%" PRId64, candidate_id);
  g_autofree char *case_number = NULL;
  g_autofree char *stripped = NULL;
  g_autoptr(SlCandidate) k = NULL;
  g_autoptr(GError) text_error = NULL;
  GError *local_error = NULL;
  SlAuditEntry entry = { "lead.outcome", "candidate", id_text, NULL, details };
  SlOutcomeKind kind;
  gint64 outcome_id, supersedes = 0;

  if (outcome == NULL || !sl_outcome_kind_from_string (outcome, &kind))
    {
      g_autofree char *shown = sl_store_text_shown (outcome != NULL ? outcome : "", 32);
      g_set_error (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_INVALID, _("'%s' is not an outcome; use %s"), shown,
                   sl_outcome_kind_list ());
      return FALSE;
    }
  json_object_set_string_member (details, "outcome", outcome);
  if (note != NULL)
    {
      g_autofree char *shown = sl_store_text_shown (note, NOTE_MAX);
      json_object_set_string_member (details, "note", shown);
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
  if (!sl_engine_authorize (self, store, session, SL_PERMISSION_DECIDE, &entry, error))
    return FALSE;
  {
    g_autoptr(SlCase) c = sl_engine_case_lookup (store, session, k->case_number, &local_error);

    if (c == NULL)
      goto fail;
  }
  if (k->status != SL_REVIEW_CONFIRMED_LEAD)
    {
      g_set_error (&local_error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED,
                   _("Refused: candidate %" PRId64 " is not a confirmed lead (%s); an outcome is recorded "
                     "only for a candidate two reviewers independently called a possible lead"),
                   k->id, sl_review_status_to_string (k->status));
      goto fail;
    }
  stripped = note != NULL ? g_strstrip (g_strdup (note)) : NULL;
  if (stripped == NULL || *stripped == '\0')
    {
      g_set_error (&local_error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED,
                   _("Refused: an outcome needs a note saying what happened"));
      goto fail;
    }
  if (!sl_text_check_chars (_("note"), note, NOTE_MAX, SL_TEXT_MULTI_LINE, &text_error))
    {
      g_set_error (&local_error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED, _("Refused: %s"), text_error->message);
      goto fail;
    }

  if (!sl_store_begin (store, &local_error))
    goto fail;
  if ((outcome_id = sl_outcome_insert (store, k->id, kind, note, sl_session_get_user_id (session), &supersedes,
                                       &local_error)) == 0)
    goto fail;
  json_object_set_int_member (details, "outcome_id", outcome_id);
  if (supersedes != 0)
    json_object_set_int_member (details, "supersedes", supersedes);
  if (!sl_engine_audit (self, store, session, &entry, SL_AUDIT_SUCCESS, &local_error) ||
      !sl_engine_commit (store, &local_error))
    goto fail;

  if (result != NULL)
    {
      result->outcome_id = outcome_id;
      result->candidate_id = k->id;
      result->supersedes = supersedes;
      result->outcome = kind;
    }
  return TRUE;

fail:
  sl_engine_audit_failure (self, store, session, &entry, local_error);
  sl_engine_propagate (error, local_error);
  return FALSE;
}

/* public API */

gboolean
sl_engine_outcome_record (SlEngine         *self,
                          SlSession        *session,
                          gint64            candidate_id,
                          const char       *outcome,
                          const char       *note,
                          SlOutcomeResult  *result,
                          GError          **error)
{
  SL_ENGINE_BOUNDARY (error);
  g_return_val_if_fail (SL_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (SL_IS_SESSION (session), FALSE);

  return outcome_record_with (self, sl_engine_get_store (self), session, candidate_id, outcome, note, result,
                              error);
}

GPtrArray *
sl_engine_outcome_history (SlEngine   *self,
                           SlSession  *session,
                           gint64      candidate_id,
                           GError    **error)
{
  SL_ENGINE_BOUNDARY (error);
  SlStore *store = sl_engine_get_store (self);
  g_autofree char *id_text = g_strdup_printf ("%" PRId64, candidate_id);
  SlAuditEntry entry = { "lead.outcomes", "candidate", id_text, NULL, NULL };

  g_return_val_if_fail (SL_IS_ENGINE (self), NULL);
  g_return_val_if_fail (SL_IS_SESSION (session), NULL);

  if (!sl_engine_authorize (self, store, session, SL_PERMISSION_CASE_READ, &entry, error))
    return NULL;
  return sl_outcome_list_for_candidate (store, candidate_id, error);
}

GPtrArray *
sl_engine_outcomes_for_case (SlEngine    *self,
                             SlSession   *session,
                             const char  *case_number,
                             GError     **error)
{
  SL_ENGINE_BOUNDARY (error);
  SlStore *store = sl_engine_get_store (self);
  g_autoptr(SlCase) c = NULL;
  SlAuditEntry entry = { "lead.outcomes", "case", case_number, case_number, NULL };

  g_return_val_if_fail (SL_IS_ENGINE (self), NULL);
  g_return_val_if_fail (SL_IS_SESSION (session), NULL);
  g_return_val_if_fail (case_number != NULL, NULL);

  if (!sl_engine_authorize (self, store, session, SL_PERMISSION_CASE_READ, &entry, error))
    return NULL;
  if (!(c = sl_engine_case_lookup (store, session, case_number, error)))
    return NULL;
  return sl_outcome_list_for_case (store, c->id, error);
}
