/* sl-engine-authorisation.c: requesting an authority's authorisation of a
 * case's searches, recording its grant or refusal, the state and clock of
 * a case, and the rule every search of a case obeys.
 *
 * within-48h counts from the case's first search that is not sealed: that
 * search ran on the urgency the mode allows, and the authority has the
 * policy's hours from then. A request made later does not restart the
 * clock; a refusal seals those searches, so a new request after it starts
 * a new clock with the next search.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-engine"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "core/sl-authorisation.h"
#include "engine/sl-engine-authorisation-private.h"
#include "engine/sl-engine-private.h"

/* helpers */

static gboolean
refuse (GError     **error,
        const char  *format,
        ...) G_GNUC_PRINTF (2, 3);

static gboolean
refuse (GError     **error,
        const char  *format,
        ...)
{
  g_autofree char *why = NULL;
  va_list args;

  va_start (args, format);
  why = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED, _("Refused: %s"), why);
  return FALSE;
}

static void
describe_into (JsonObject            *details,
               const SlAuthorisation *a)
{
  json_object_set_int_member (details, "authorisation_id", a->id);
  json_object_set_string_member (details, "authority", a->authority);
  json_object_set_string_member (details, "reference", a->reference);
}

/* "47 h 59 min", "12 min". */
static char *
describe_left (gint64 seconds)
{
  gint64 minutes = (seconds + 59) / 60;

  if (minutes >= 60)
    return g_strdup_printf (_("%" PRId64 " h %" PRId64 " min"), minutes / 60, minutes % 60);
  return g_strdup_printf (_("%" PRId64 " min"), minutes);
}

/* engine-internal API */

SlAuthorisationStatus *
sl_authorisation_status_with (SlStore   *store,
                              SlPolicy  *policy,
                              gint64     case_id,
                              GError   **error)
{
  g_autoptr(SlAuthorisationStatus) status = g_new0 (SlAuthorisationStatus, 1);
  g_autoptr(GPtrArray) list = NULL;
  gboolean granted = FALSE, pending = FALSE;

  if (!(list = sl_authorisation_list (store, case_id, FALSE, error)))
    return NULL;
  status->mode = policy->authorisation;
  status->hours = policy->authorisation_hours;
  for (guint i = 0; i < list->len; i++)
    {
      SlAuthorisation *a = g_ptr_array_index (list, i);

      granted |= a->state == SL_AUTHORISATION_GRANTED;
      pending |= a->state == SL_AUTHORISATION_PENDING;
    }
  if (list->len > 0)
    status->latest = g_ptr_array_steal_index (list, list->len - 1);

  if (granted)
    status->state = SL_CASE_AUTHORISATION_GRANTED;
  else if (status->mode == SL_AUTHORISATION_MODE_NONE)
    status->state = SL_CASE_AUTHORISATION_NOT_NEEDED;
  else if (!pending && status->latest != NULL)
    status->state = SL_CASE_AUTHORISATION_REFUSED;
  else
    status->state = SL_CASE_AUTHORISATION_AWAITING;

  if (status->mode == SL_AUTHORISATION_MODE_WITHIN && status->state == SL_CASE_AUTHORISATION_AWAITING)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
      g_autoptr(GDateTime) from = NULL;
      g_autoptr(GDateTime) deadline = NULL;
      g_autoptr(GDateTime) now = NULL;

      status->clock_from = sl_authorisation_first_search (store, case_id, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      if (status->clock_from != NULL && (from = g_date_time_new_from_iso8601 (status->clock_from, utc)) != NULL)
        {
          deadline = g_date_time_add_hours (from, (gint) status->hours);
          now = sl_store_now_datetime ();
          status->deadline = sl_store_format_time (deadline);
          status->seconds_left = MAX (0, g_date_time_difference (deadline, now) / G_TIME_SPAN_SECOND);
          if (g_date_time_compare (now, deadline) >= 0)
            status->state = SL_CASE_AUTHORISATION_OVERDUE;
        }
    }
  return g_steal_pointer (&status);
}

gboolean
sl_authorisation_check_search (SlStore       *store,
                               SlPolicy      *policy,
                               const SlCase  *c,
                               GError       **error)
{
  g_autoptr(SlAuthorisationStatus) status = NULL;

  if (policy->authorisation == SL_AUTHORISATION_MODE_NONE)
    return TRUE;
  if (!(status = sl_authorisation_status_with (store, policy, c->id, error)))
    return FALSE;
  switch (status->state)
    {
    case SL_CASE_AUTHORISATION_NOT_NEEDED:
    case SL_CASE_AUTHORISATION_GRANTED:
      return TRUE;
    case SL_CASE_AUTHORISATION_REFUSED:
      return refuse (error, _("the authorisation of the searches in case '%s' was refused (%s, %s); no search "
                              "runs without a new one granted"), c->number, status->latest->authority,
                     status->latest->reference);
    case SL_CASE_AUTHORISATION_OVERDUE:
      return refuse (error, _("the searches in case '%s' were not authorised within %u hours of the first one "
                              "(deadline %s); no further search runs until an authorisation is granted"),
                     c->number, status->hours, status->deadline);
    case SL_CASE_AUTHORISATION_AWAITING:
    default:
      if (status->mode == SL_AUTHORISATION_MODE_WITHIN)
        return TRUE;
      if (status->latest != NULL)
        return refuse (error, _("the policy asks for an authorisation before any search, and the one of case "
                                "'%s' (%s, %s) is not granted yet"), c->number, status->latest->authority,
                       status->latest->reference);
      return refuse (error, _("the policy asks for an authorisation before any search, and case '%s' has none; "
                              "request one first"), c->number);
    }
}

/* public API */

void
sl_authorisation_status_free (SlAuthorisationStatus *status)
{
  if (status == NULL)
    return;
  g_clear_pointer (&status->latest, sl_authorisation_free);
  g_free (status->clock_from);
  g_free (status->deadline);
  g_free (status);
}

char *
sl_authorisation_status_describe (const SlAuthorisationStatus *s)
{
  g_return_val_if_fail (s != NULL, NULL);

  switch (s->state)
    {
    case SL_CASE_AUTHORISATION_NOT_NEEDED:
      return g_strdup (_("Not needed"));
    case SL_CASE_AUTHORISATION_GRANTED:
      return g_strdup_printf (_("Granted by %s (%s)"), s->latest->authority, s->latest->reference);
    case SL_CASE_AUTHORISATION_REFUSED:
      return g_strdup_printf (_("Refused by %s (%s); the searches run without it are sealed"),
                              s->latest->authority, s->latest->reference);
    case SL_CASE_AUTHORISATION_OVERDUE:
      return g_strdup_printf (_("Awaiting authorisation: the %u hours have passed; no further search"), s->hours);
    case SL_CASE_AUTHORISATION_AWAITING:
    default:
      if (s->mode == SL_AUTHORISATION_MODE_WITHIN && s->clock_from != NULL)
        {
          g_autofree char *left = describe_left (s->seconds_left);
          return g_strdup_printf (_("Awaiting authorisation: %s left"), left);
        }
      if (s->mode == SL_AUTHORISATION_MODE_WITHIN)
        return g_strdup_printf (_("Awaiting authorisation: %u hours from the first search"), s->hours);
      return g_strdup (s->latest != NULL ? _("Awaiting authorisation: no search before it is granted")
                                         : _("No authorisation requested: no search before one is granted"));
    }
}

SlAuthorisationStatus *
sl_engine_authorisation_status (SlEngine    *self,
                                SlSession   *session,
                                const char  *case_number,
                                GError     **error)
{
  SL_ENGINE_BOUNDARY (error);
  SlStore *store = sl_engine_get_store (self);
  g_autofree char *shown = sl_store_text_shown (case_number, 64);
  SlAuditEntry entry = { "authorisation.status", "case", NULL, shown, NULL };
  g_autoptr(SlPolicy) policy = NULL;
  g_autoptr(SlCase) c = NULL;

  g_return_val_if_fail (SL_IS_ENGINE (self), NULL);
  g_return_val_if_fail (case_number != NULL, NULL);

  if (!sl_engine_authorize (self, store, session, SL_PERMISSION_CASE_READ, &entry, error) ||
      !(c = sl_case_lookup (store, case_number, error)) || !(policy = sl_policy_load (store, error)))
    return NULL;
  return sl_authorisation_status_with (store, policy, c->id, error);
}

SlAuthorisation *
sl_engine_authorisation_request (SlEngine    *self,
                                 SlSession   *session,
                                 const char  *case_number,
                                 const char  *authority,
                                 const char  *reference,
                                 GError     **error)
{
  SL_ENGINE_BOUNDARY (error);
  SlStore *store = sl_engine_get_store (self);
  g_autoptr(JsonObject) details = json_object_new ();
  g_autofree char *shown = sl_store_text_shown (case_number != NULL ? case_number : "", 64);
  g_autofree char *id_text = NULL;
  g_autofree char *now = sl_store_now ();
  g_autoptr(SlCase) c = NULL;
  g_autoptr(GPtrArray) list = NULL;
  GError *local_error = NULL;
  SlAuditEntry entry = { "authorisation.request", "authorisation", NULL, shown, details };
  gint64 id;

  g_return_val_if_fail (SL_IS_ENGINE (self), NULL);

  if (authority != NULL)
    {
      g_autofree char *t = sl_store_text_shown (authority, 200);
      json_object_set_string_member (details, "authority", t);
    }
  if (reference != NULL)
    {
      g_autofree char *t = sl_store_text_shown (reference, 200);
      json_object_set_string_member (details, "reference", t);
    }
  if (!sl_engine_authorize (self, store, session, SL_PERMISSION_AUTHORISATION_REQUEST, &entry, error))
    return NULL;
  if (case_number == NULL || authority == NULL || reference == NULL)
    {
      g_set_error (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_INVALID,
                   _("An authorisation request names the case, the authority and its reference"));
      return NULL;
    }
  if (!sl_store_begin (store, error))
    return NULL;
  if (!(c = sl_case_lookup (store, case_number, &local_error)) ||
      !(list = sl_authorisation_list (store, c->id, FALSE, &local_error)))
    goto fail;
  if (c->closed)
    {
      refuse (&local_error, _("the case '%s' is closed"), c->number);
      goto fail;
    }
  for (guint i = 0; i < list->len; i++)
    {
      SlAuthorisation *a = g_ptr_array_index (list, i);

      if (a->state != SL_AUTHORISATION_REFUSED)
        {
          refuse (&local_error, _("case '%s' already has an authorisation %s (%s, %s, number %" PRId64 ")"),
                  c->number, a->state == SL_AUTHORISATION_GRANTED ? _("granted") : _("pending"), a->authority,
                  a->reference, a->id);
          goto fail;
        }
    }
  if ((id = sl_authorisation_insert (store, c->id, authority, reference, sl_session_get_user_id (session), now,
                                     &local_error)) == 0)
    goto fail;
  entry.object_id = id_text = g_strdup_printf ("%" PRId64, id);
  if (!sl_engine_audit (self, store, session, &entry, SL_AUDIT_SUCCESS, &local_error) ||
      !sl_engine_commit (store, &local_error))
    goto fail;
  return sl_authorisation_lookup (store, id, error);

fail:
  sl_engine_audit_failure (self, store, session, &entry, local_error);
  sl_engine_propagate (error, local_error);
  return NULL;
}

SlAuthorisation *
sl_engine_authorisation_decide (SlEngine     *self,
                                SlSession    *session,
                                gint64        id,
                                gboolean      granted,
                                const char   *decision,
                                SlSealCounts *counts,
                                GError      **error)
{
  SL_ENGINE_BOUNDARY (error);
  SlStore *store = sl_engine_get_store (self);
  g_autoptr(JsonObject) details = json_object_new ();
  g_autofree char *id_text = g_strdup_printf ("%" PRId64, id);
  g_autofree char *case_number = NULL;
  g_autofree char *now = sl_store_now ();
  g_autoptr(SlAuthorisation) a = NULL;
  g_autoptr(GError) checkpoint_error = NULL;
  g_autofree char *stripped = NULL;
  GError *local_error = NULL;
  SlSealCounts sealed = { 0 };
  SlAuditEntry entry = { granted ? "authorisation.grant" : "authorisation.refuse", "authorisation", id_text, NULL,
                         details };

  g_return_val_if_fail (SL_IS_ENGINE (self), NULL);

  if (decision != NULL)
    {
      g_autofree char *t = sl_store_text_shown (decision, 2000);
      json_object_set_string_member (details, "decision", t);
    }
  if (!sl_engine_authorize (self, store, session, SL_PERMISSION_AUTHORISATION_DECIDE, &entry, error))
    return NULL;
  if (decision == NULL || *g_strstrip (stripped = g_strdup (decision)) == '\0')
    {
      g_set_error (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_INVALID,
                   _("Say what the authority decided (its words, or the decision's reference)"));
      return NULL;
    }
  if (!sl_store_begin (store, error))
    return NULL;
  if (!(a = sl_authorisation_lookup (store, id, &local_error)))
    goto fail;
  entry.case_number = case_number = g_strdup (a->case_number);
  describe_into (details, a);
  if (a->state != SL_AUTHORISATION_PENDING)
    {
      refuse (&local_error, _("authorisation %" PRId64 " was already %s by %s at %s"), a->id,
              a->state == SL_AUTHORISATION_GRANTED ? _("granted") : _("refused"), a->decided_by, a->decided_at);
      goto fail;
    }
  if (!sl_authorisation_decide (store, a->id, granted, sl_session_get_user_id (session), decision, now,
                                &local_error))
    goto fail;
  if (!granted)
    {
      if (!sl_authorisation_seal_case (store, a->case_id, a->id, now, &sealed, &local_error))
        goto fail;
      json_object_set_int_member (details, "sealed_searches", sealed.searches);
      json_object_set_int_member (details, "erased_candidates", sealed.candidates);
      json_object_set_int_member (details, "erased_decisions", sealed.decisions);
      json_object_set_int_member (details, "erased_probe_faces", sealed.faces);
      json_object_set_int_member (details, "erased_probe_tracks", sealed.tracks);
    }
  if (!sl_engine_audit (self, store, session, &entry, SL_AUDIT_SUCCESS, &local_error) ||
      !sl_engine_commit (store, &local_error))
    goto fail;
  /* Committed; the erased data leaves the log for good. Another
   * connection's open read can hold it back: the next checkpoint does it. */
  if (!granted && !sl_store_checkpoint (store, &checkpoint_error))
    g_warning ("After sealing the searches of case '%s': %s", a->case_number, checkpoint_error->message);
  if (counts != NULL)
    *counts = sealed;
  return sl_authorisation_lookup (store, id, error);

fail:
  sl_engine_audit_failure (self, store, session, &entry, local_error);
  sl_engine_propagate (error, local_error);
  return NULL;
}

GPtrArray *
sl_engine_authorisation_list (SlEngine    *self,
                              SlSession   *session,
                              const char  *case_number,
                              gboolean     pending_only,
                              GError     **error)
{
  SL_ENGINE_BOUNDARY (error);
  SlStore *store = sl_engine_get_store (self);
  g_autofree char *shown = case_number != NULL ? sl_store_text_shown (case_number, 64) : NULL;
  SlAuditEntry entry = { "authorisation.list", "authorisation", NULL, shown, NULL };
  g_autoptr(SlCase) c = NULL;

  g_return_val_if_fail (SL_IS_ENGINE (self), NULL);

  if (!sl_engine_authorize (self, store, session, SL_PERMISSION_CASE_READ, &entry, error))
    return NULL;
  if (case_number != NULL && !(c = sl_case_lookup (store, case_number, error)))
    return NULL;
  return sl_authorisation_list (store, c != NULL ? c->id : 0, pending_only, error);
}
