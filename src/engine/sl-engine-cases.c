/* sl-engine-cases.c: opening, closing and listing cases; reading and
 * changing the policy, a weakening change only with someone else's
 * co-sign.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-engine"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "core/sl-text.h"
#include "engine/sl-engine-private.h"

/* helpers */

/* A score compared as the policy stores it, so that the exact value init
 * wrote is never "below" itself. */
#define SCORE_EPSILON 1e-9

/* The policy's floor, or the one a policy without its own gets from the
 * default embedder's calibration; NAN when neither is known. */
static double
policy_floor (SlPolicy      *policy,
              SlCalibration *calibration)
{
  if (!isnan (policy->threshold_floor))
    return policy->threshold_floor;
  if (calibration != NULL)
    return sl_engine_calibrated_score (calibration, SL_POLICY_FLOOR_FMR);
  return NAN;
}

static void
check_threshold_with (SlEngine         *self,
                      SlPolicy         *policy,
                      double            threshold,
                      SlThresholdCheck *out)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(SlCalibration) calibration = sl_engine_default_calibration (self, &local_error);

  if (calibration == NULL)
    g_debug ("No calibration for the threshold rule: %s", local_error->message);
  out->floor = policy_floor (policy, calibration);
  out->recommended = calibration != NULL ? sl_engine_calibrated_score (calibration, policy->target_fmr) : NAN;
  out->explanation = NULL;
  if (!isnan (out->floor) && threshold < out->floor - SCORE_EPSILON)
    {
      out->verdict = SL_THRESHOLD_REFUSED;
      out->explanation = g_strdup_printf (_("A threshold of %.3f is below the policy's floor of %.3f: "
                                            "below it false candidates bury any lead."),
                                          threshold, out->floor);
    }
  else if (!isnan (out->recommended) && threshold < out->recommended - SCORE_EPSILON)
    {
      g_autofree char *one_in = sl_format_count ((guint64) floor (1.0 / policy->target_fmr + 0.5));

      out->verdict = SL_THRESHOLD_NEEDS_REASON;
      out->explanation = g_strdup_printf (_("A threshold of %.3f is below the recommended %.3f, the "
                                            "calibrated score at the policy's target false-match rate "
                                            "of 1 in %s: say why, and the reason is kept in the audit log."),
                                          threshold, out->recommended, one_in);
    }
  else
    out->verdict = SL_THRESHOLD_ACCEPTED;
}

/* Whether this change may be made with this reason; REFUSED with why when
 * not. details receive what the rule compared. */
static gboolean
check_guard_rails (SlEngine    *self,
                   SlStore     *store,
                   const char  *key,
                   const char  *value,
                   const char  *reason,
                   JsonObject  *details,
                   GError     **error)
{
  g_autoptr(SlPolicy) policy = NULL;
  gboolean is_threshold = g_strcmp0 (key, "threshold") == 0;
  gboolean is_floor = g_strcmp0 (key, "threshold-floor") == 0;
  char *end = NULL;
  double d;

  if (!is_threshold && !is_floor)
    return TRUE;
  d = g_ascii_strtod (value, &end);
  if (*value == '\0' || *end != '\0' || !(d >= 0.0 && d <= 1.0))
    return TRUE; /* sl_policy_set() says what is wrong with it */
  if (!(policy = sl_policy_load (store, error)))
    return FALSE;

  if (is_threshold)
    {
      SlThresholdCheck check = { 0 };
      gboolean ok;

      check_threshold_with (self, policy, d, &check);
      if (!isnan (check.floor))
        json_object_set_double_member (details, "floor", check.floor);
      if (!isnan (check.recommended))
        json_object_set_double_member (details, "recommended", check.recommended);
      ok = check.verdict == SL_THRESHOLD_ACCEPTED || (check.verdict == SL_THRESHOLD_NEEDS_REASON && reason != NULL);
      if (!ok)
        g_set_error_literal (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED, check.explanation);
      sl_threshold_check_clear (&check);
      return ok;
    }

  /* A floor above the threshold in force would leave the policy breaking
   * its own rule, with searches run below the floor it states. Refused
   * rather than raising the threshold along with it: a higher threshold
   * drops candidates from every search, a change the administrator makes
   * on purpose, as its own audited step. */
  json_object_set_double_member (details, "threshold", policy->threshold);
  if (d > policy->threshold + SCORE_EPSILON)
    {
      g_set_error (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED,
                   _("The floor %.3f would lie above the threshold in force, %.3f: raise the threshold "
                     "first."),
                   d, policy->threshold);
      return FALSE;
    }

  /* Lowering the floor takes a guard rail away: it needs a reason too. */
  {
    g_autoptr(GError) local_error = NULL;
    g_autoptr(SlCalibration) calibration = sl_engine_default_calibration (self, &local_error);
    double floor = policy_floor (policy, calibration);

    if (!isnan (floor))
      json_object_set_double_member (details, "floor", floor);
    if (!isnan (floor) && d < floor - SCORE_EPSILON && reason == NULL)
      {
        g_set_error (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED,
                     _("Lowering the threshold floor from %.3f to %.3f needs a reason, which is kept "
                       "in the audit log."),
                     floor, d);
        return FALSE;
      }
  }
  return TRUE;
}

/* public API */

SlCase *
sl_engine_case_open (SlEngine    *self,
                     SlSession   *session,
                     const char  *number,
                     const char  *title,
                     GError     **error)
{
  SL_ENGINE_BOUNDARY (error);
  SlStore *store = sl_engine_get_store (self);
  g_autoptr(JsonObject) details = json_object_new ();
  g_autofree char *shown = sl_store_text_shown (number, 64);
  g_autofree char *id_text = NULL;
  GError *local_error = NULL;
  SlAuditEntry entry = { "case.open", "case", NULL, shown, details };
  g_autofree char *number_norm = sl_text_normalize (number);
  g_autofree char *title_norm = sl_text_normalize (title);
  gint64 id;

  g_return_val_if_fail (SL_IS_ENGINE (self), NULL);

  if (!sl_engine_authorize (self, store, session, SL_PERMISSION_CASE_OPEN, &entry, error))
    return NULL;
  /* One normal form (NFKC), so that look-alike spellings of a number are
   * one case and what is stored is what was checked. */
  if (number_norm != NULL)
    number = number_norm;
  if (title_norm != NULL)
    title = title_norm;
  /* Text that cannot be stored is refused before anything is written. */
  if (!sl_case_check_number (number, &local_error) || !sl_case_check_title (title, &local_error))
    {
      sl_engine_propagate (error, local_error);
      return NULL;
    }

  json_object_set_string_member (details, "title", title);
  if (!sl_store_begin (store, error))
    return NULL;
  if ((id = sl_case_insert (store, number, title, sl_session_get_user_id (session), &local_error)) == 0)
    goto fail;
  entry.object_id = id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  if (!sl_engine_audit (self, store, session, &entry, SL_AUDIT_SUCCESS, &local_error) ||
      !sl_store_commit (store, &local_error))
    goto fail;
  return sl_engine_case_lookup (store, session, number, error);

fail:
  sl_engine_audit_failure (self, store, session, &entry, local_error);
  sl_engine_propagate (error, local_error);
  return NULL;
}

gboolean
sl_engine_case_close (SlEngine    *self,
                      SlSession   *session,
                      const char  *number,
                      GError     **error)
{
  SL_ENGINE_BOUNDARY (error);
  SlStore *store = sl_engine_get_store (self);
  g_autoptr(SlCase) c = NULL;
  g_autofree char *shown = sl_store_text_shown (number, 64);
  g_autofree char *id_text = NULL;
  GError *local_error = NULL;
  SlAuditEntry entry = { "case.close", "case", NULL, shown, NULL };

  g_return_val_if_fail (SL_IS_ENGINE (self), FALSE);

  if (!sl_engine_authorize (self, store, session, SL_PERMISSION_CASE_CLOSE, &entry, error) ||
      !sl_store_begin (store, error))
    return FALSE;
  if (!(c = sl_engine_case_lookup (store, session, number, &local_error)))
    goto fail;
  entry.object_id = id_text = g_strdup_printf ("%" G_GINT64_FORMAT, c->id);
  if (c->closed)
    {
      g_set_error (&local_error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_FAILED,
                   _("The case '%s' is already closed (by %s at %s)"), c->number, c->closed_by,
                   c->closed_at);
      goto fail;
    }
  if (!sl_case_close (store, c->id, sl_session_get_user_id (session), &local_error) ||
      !sl_engine_audit (self, store, session, &entry, SL_AUDIT_SUCCESS, &local_error) ||
      !sl_store_commit (store, &local_error))
    goto fail;
  return TRUE;

fail:
  sl_engine_audit_failure (self, store, session, &entry, local_error);
  sl_engine_propagate (error, local_error);
  return FALSE;
}

GPtrArray *
sl_engine_case_list (SlEngine   *self,
                     SlSession  *session,
                     GError    **error)
{
  SL_ENGINE_BOUNDARY (error);
  SlStore *store = sl_engine_get_store (self);
  SlAuditEntry entry = { "case.list", "case", NULL, NULL, NULL };

  g_return_val_if_fail (SL_IS_ENGINE (self), NULL);

  if (!sl_engine_authorize (self, store, session, SL_PERMISSION_CASE_READ, &entry, error))
    return NULL;
  /* Need to know: an investigator's list holds their own cases only. */
  return sl_case_list_for_member (store, sl_engine_case_filter (session), error);
}

SlPolicy *
sl_engine_policy_get (SlEngine   *self,
                      SlSession  *session,
                      GError    **error)
{
  SL_ENGINE_BOUNDARY (error);
  SlStore *store = sl_engine_get_store (self);
  SlAuditEntry entry = { "policy.show", "policy", NULL, NULL, NULL };

  g_return_val_if_fail (SL_IS_ENGINE (self), NULL);

  if (!sl_engine_authorize (self, store, session, SL_PERMISSION_POLICY_READ, &entry, error))
    return NULL;
  return sl_policy_load (store, error);
}

gboolean
sl_engine_policy_set (SlEngine    *self,
                      SlSession   *session,
                      const char  *key,
                      const char  *value,
                      GError     **error)
{
  return sl_engine_policy_set_with_reason (self, session, key, value, NULL, error);
}

gboolean
sl_engine_policy_set_with_reason (SlEngine    *self,
                                  SlSession   *session,
                                  const char  *key,
                                  const char  *value,
                                  const char  *reason,
                                  GError     **error)
{
  return sl_engine_policy_change (self, session, key, value, reason, NULL, error);
}

gboolean
sl_engine_policy_change (SlEngine        *self,
                         SlSession       *session,
                         const char      *key,
                         const char      *value,
                         const char      *reason,
                         SlPolicyChange  *out,
                         GError         **error)
{
  SL_ENGINE_BOUNDARY (error);
  SlStore *store = sl_engine_get_store (self);
  g_autoptr(JsonObject) details = json_object_new ();
  g_autofree char *shown_key = sl_store_text_shown (key, 64);
  g_autofree char *reason_norm = NULL;
  g_autofree char *normal = NULL;
  g_autofree char *current = NULL;
  g_autofree char *old_value = NULL;
  g_autofree char *new_value = NULL;
  GError *local_error = NULL;
  SlAuditEntry entry = { "policy.set", "policy", shown_key, NULL, details };
  gboolean weakens;
  gint64 request_id;

  g_return_val_if_fail (SL_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (key != NULL && value != NULL, FALSE);

  if (out != NULL)
    memset (out, 0, sizeof *out);
  json_object_set_string_member (details, "key", shown_key);
  if (!sl_engine_authorize (self, store, session, SL_PERMISSION_POLICY_SET, &entry, error))
    return FALSE;
  if (reason != NULL)
    {
      reason_norm = sl_text_normalize (reason);
      g_strstrip (reason_norm);
      if (*reason_norm == '\0')
        g_clear_pointer (&reason_norm, g_free);
      else if (!sl_store_check_text (_("reason"), reason_norm, 2000, FALSE, error))
        return FALSE;
      else
        json_object_set_string_member (details, "reason", reason_norm);
    }
  if (!check_guard_rails (self, store, key, value, reason_norm, details, &local_error))
    {
      if (g_error_matches (local_error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED))
        {
          g_autofree char *shown_value = sl_store_text_shown (value, 64);

          json_object_set_string_member (details, "new", shown_value);
          sl_engine_audit_failure (self, store, session, &entry, local_error);
        }
      sl_engine_propagate (error, local_error);
      return FALSE;
    }
  if (!sl_store_begin (store, error))
    return FALSE;

  /* A change that weakens a safeguard waits for someone else's co-sign; a
   * threshold that stays at or above the recommended one weakens nothing. */
  if ((normal = sl_policy_normalise (key, value, NULL)) != NULL &&
      !sl_policy_value (store, key, &current, &local_error))
    goto fail;
  weakens = normal != NULL && sl_policy_weakens (key, current, normal);
  if (weakens && g_str_equal (key, "threshold") && json_object_has_member (details, "recommended"))
    weakens = g_ascii_strtod (normal, NULL) < json_object_get_double_member (details, "recommended") - SCORE_EPSILON;
  if (weakens)
    {
      entry.action = "policy.request";
      if ((request_id = sl_policy_request_insert (store, key, normal, current, reason_norm,
                                                  sl_session_get_user_id (session), &local_error)) == 0)
        goto fail;
      json_object_set_int_member (details, "request_id", request_id);
      json_object_set_string_member (details, "old", current);
      json_object_set_string_member (details, "new", normal);
      json_object_set_boolean_member (details, "pending", TRUE);
      if (!sl_engine_audit (self, store, session, &entry, SL_AUDIT_SUCCESS, &local_error) ||
          !sl_engine_commit (store, &local_error))
        goto fail;
      if (out != NULL)
        {
          out->pending = TRUE;
          out->request_id = request_id;
        }
      return TRUE;
    }

  if (!sl_policy_set (store, key, value, &old_value, &new_value, &local_error))
    {
      if (g_error_matches (local_error, SL_STORE_ERROR, SL_STORE_ERROR_INVALID))
        sl_store_rollback (store);
      else
        sl_engine_audit_failure (self, store, session, &entry, local_error);
      sl_engine_propagate (error, local_error);
      return FALSE;
    }
  if (old_value != NULL)
    json_object_set_string_member (details, "old", old_value);
  else
    json_object_set_null_member (details, "old");
  if (new_value != NULL)
    json_object_set_string_member (details, "new", new_value);
  else
    json_object_set_null_member (details, "new");
  if (!sl_engine_audit (self, store, session, &entry, SL_AUDIT_SUCCESS, &local_error) ||
      !sl_store_commit (store, &local_error))
    goto fail;
  return TRUE;

fail:
  sl_engine_audit_failure (self, store, session, &entry, local_error);
  sl_engine_propagate (error, local_error);
  return FALSE;
}

GPtrArray *
sl_engine_policy_pending (SlEngine   *self,
                          SlSession  *session,
                          GError    **error)
{
  SL_ENGINE_BOUNDARY (error);
  SlStore *store = sl_engine_get_store (self);
  SlAuditEntry entry = { "policy.show", "policy", NULL, NULL, NULL };

  g_return_val_if_fail (SL_IS_ENGINE (self), NULL);

  if (!sl_engine_authorize (self, store, session, SL_PERMISSION_POLICY_READ, &entry, error))
    return NULL;
  return sl_policy_request_pending (store, error);
}

gboolean
sl_engine_policy_cosign (SlEngine    *self,
                         SlSession   *session,
                         gint64       request_id,
                         GError     **error)
{
  SL_ENGINE_BOUNDARY (error);
  SlStore *store = sl_engine_get_store (self);
  g_autoptr(JsonObject) details = json_object_new ();
  g_autoptr(SlPolicyRequest) request = NULL;
  g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, request_id);
  g_autofree char *old_value = NULL;
  g_autofree char *new_value = NULL;
  GError *local_error = NULL;
  SlAuditEntry entry = { "policy.cosign", "policy", id_text, NULL, details };

  g_return_val_if_fail (SL_IS_ENGINE (self), FALSE);

  json_object_set_int_member (details, "request_id", request_id);
  if (!sl_engine_authorize (self, store, session, SL_PERMISSION_POLICY_COSIGN, &entry, error) ||
      !sl_store_begin (store, error))
    return FALSE;
  if (!(request = sl_policy_request_lookup (store, request_id, &local_error)))
    goto fail;
  json_object_set_string_member (details, "key", request->key);
  json_object_set_string_member (details, "requested_by", request->requested_by);
  json_object_set_string_member (details, "requested_at", request->requested_at);
  if (request->reason != NULL)
    json_object_set_string_member (details, "reason", request->reason);
  if (request->cosigned_by != NULL)
    {
      g_set_error (&local_error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED,
                   _("Refused: the policy change %s was already co-signed by %s at %s"), id_text,
                   request->cosigned_by, request->cosigned_at);
      goto fail;
    }
  if (request->requested_by_id == sl_session_get_user_id (session))
    {
      g_set_error (&local_error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED,
                   _("Refused: you asked for the policy change %s; another administrator or a supervisor "
                     "must co-sign it"), id_text);
      goto fail;
    }
  /* The rails hold at the time it takes effect, too (a floor raised since). */
  if (!check_guard_rails (self, store, request->key, request->value, request->reason, details, &local_error) ||
      !sl_policy_request_cosign (store, request->id, sl_session_get_user_id (session), &local_error) ||
      !sl_policy_set (store, request->key, request->value, &old_value, &new_value, &local_error))
    goto fail;
  if (old_value != NULL)
    json_object_set_string_member (details, "old", old_value);
  else
    json_object_set_null_member (details, "old");
  json_object_set_string_member (details, "new", new_value);
  if (!sl_engine_audit (self, store, session, &entry, SL_AUDIT_SUCCESS, &local_error) ||
      !sl_engine_commit (store, &local_error))
    goto fail;
  return TRUE;

fail:
  sl_engine_audit_failure (self, store, session, &entry, local_error);
  sl_engine_propagate (error, local_error);
  return FALSE;
}

void
sl_threshold_check_clear (SlThresholdCheck *check)
{
  g_clear_pointer (&check->explanation, g_free);
}

gboolean
sl_engine_policy_check_threshold (SlEngine          *self,
                                  SlSession         *session,
                                  double             threshold,
                                  SlThresholdCheck  *out,
                                  GError           **error)
{
  SL_ENGINE_BOUNDARY (error);
  SlStore *store = sl_engine_get_store (self);
  SlAuditEntry entry = { "policy.check", "policy", "threshold", NULL, NULL };
  g_autoptr(SlPolicy) policy = NULL;

  g_return_val_if_fail (SL_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  if (!sl_engine_authorize (self, store, session, SL_PERMISSION_POLICY_SET, &entry, error) ||
      !(policy = sl_policy_load (store, error)))
    return FALSE;
  check_threshold_with (self, policy, threshold, out);
  return TRUE;
}
