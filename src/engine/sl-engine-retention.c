/* sl-engine-retention.c: purging the probe data of closed cases past the
 * policy's retention period, one audited transaction per case.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-engine"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/sl-retention.h"
#include "engine/sl-engine-private.h"
#include "engine/sl-engine-retention.h"

/* helpers */

static char *
cutoff_for (const char  *now,
            guint        days,
            GError     **error)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) t = g_date_time_new_from_iso8601 (now, utc);
  g_autoptr(GDateTime) cutoff = NULL;

  if (t == NULL)
    {
      g_set_error (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_INVALID, _("'%s' is not a time"), now);
      return NULL;
    }
  cutoff = g_date_time_add_days (t, -(gint) days);
  return sl_store_format_time (cutoff);
}

static void
counts_json (JsonObject              *d,
             const SlRetentionCounts *counts)
{
  json_object_set_int_member (d, "faces", counts->faces);
  json_object_set_int_member (d, "crops", counts->crops);
  json_object_set_int_member (d, "tracks", counts->tracks);
}

/* One case: its purge and its audit row in one transaction. */
static gboolean
purge_case (SlEngine               *self,
            SlStore                *store,
            SlSession              *session,
            const SlRetentionCase  *c,
            const SlRetentionSummary *summary,
            const char             *now,
            SlRetentionCounts      *counts,
            GError                **error)
{
  g_autoptr(JsonObject) details = json_object_new ();
  GError *local_error = NULL;
  SlAuditEntry entry = { "retention.purge", "case", c->number, c->number, details };

  json_object_set_string_member (details, "closed_at", c->closed_at);
  json_object_set_int_member (details, "retention_days", summary->retention_days);
  json_object_set_string_member (details, "cutoff", summary->cutoff);
  json_object_set_string_member (details, "as_of", now);
  if (!sl_store_begin (store, &local_error) ||
      !sl_retention_purge_case (store, c->id, now, counts, &local_error))
    goto fail;
  counts_json (details, counts);
  if (!sl_engine_audit (self, store, session, &entry, SL_AUDIT_SUCCESS, &local_error) ||
      !sl_engine_commit (store, &local_error))
    goto fail;
  return TRUE;

fail:
  sl_engine_audit_failure (self, store, session, &entry, local_error);
  sl_engine_propagate (error, local_error);
  return FALSE;
}

/* public API */

void
sl_retention_summary_clear (SlRetentionSummary *summary)
{
  g_clear_pointer (&summary->cutoff, g_free);
  g_clear_pointer (&summary->case_numbers, g_strfreev);
}

gboolean
sl_engine_retention_purge_at (SlEngine            *self,
                              SlSession           *session,
                              const char          *now,
                              gboolean             dry_run,
                              SlRetentionSummary  *summary,
                              GError             **error)
{
  SL_ENGINE_BOUNDARY (error);
  SlStore *store;
  g_autoptr(JsonObject) details = json_object_new ();
  g_autoptr(SlPolicy) policy = NULL;
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(GStrvBuilder) numbers = g_strv_builder_new ();
  g_autofree char *as_of = NULL;
  GError *local_error = NULL;
  SlAuditEntry entry = { "retention.purge", "policy", "retention-days", NULL, details };
  SlRetentionSummary s = { 0, };

  g_return_val_if_fail (SL_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (SL_IS_SESSION (session), FALSE);
  g_return_val_if_fail (summary != NULL, FALSE);

  store = sl_engine_get_store (self);
  json_object_set_boolean_member (details, "dry_run", dry_run);
  if (!sl_engine_authorize (self, store, session, SL_PERMISSION_POLICY_SET, &entry, error))
    return FALSE;
  if (now != NULL ? !(as_of = sl_store_parse_time (now, &local_error)) : !(as_of = sl_store_now ()))
    {
      sl_engine_propagate (error, local_error);
      return FALSE;
    }
  if (!(policy = sl_policy_load (store, &local_error)))
    goto fail;
  s.dry_run = dry_run;
  s.retention_days = policy->retention_days;
  json_object_set_int_member (details, "retention_days", s.retention_days);
  json_object_set_string_member (details, "as_of", as_of);

  if (s.retention_days > 0)
    {
      if (!(s.cutoff = cutoff_for (as_of, s.retention_days, &local_error)) ||
          !(due = sl_retention_due_cases (store, s.cutoff, &local_error)))
        goto fail;
      json_object_set_string_member (details, "cutoff", s.cutoff);
      for (guint i = 0; i < due->len; i++)
        {
          const SlRetentionCase *c = g_ptr_array_index (due, i);
          SlRetentionCounts counts = { 0, };

          if (dry_run ? !sl_retention_count (store, c->id, &counts, &local_error)
                      : !purge_case (self, store, session, c, &s, as_of, &counts, &local_error))
            {
              /* A case purged before this one stays purged, with its row. */
              if (dry_run)
                goto fail;
              sl_retention_summary_clear (&s);
              sl_engine_propagate (error, local_error);
              return FALSE;
            }
          s.cases++;
          s.faces += counts.faces;
          s.crops += counts.crops;
          s.tracks += counts.tracks;
          g_strv_builder_add (numbers, c->number);
        }
    }
  s.case_numbers = g_strv_builder_end (numbers);

  /* A dry run purges nothing; the look it took is recorded. */
  if (dry_run)
    {
      JsonArray *cases = json_array_new ();

      for (guint i = 0; s.case_numbers[i] != NULL; i++)
        json_array_add_string_element (cases, s.case_numbers[i]);
      json_object_set_array_member (details, "cases", cases);
      json_object_set_int_member (details, "faces", s.faces);
      json_object_set_int_member (details, "crops", s.crops);
      json_object_set_int_member (details, "tracks", s.tracks);
      if (!sl_store_begin (store, &local_error) ||
          !sl_engine_audit (self, store, session, &entry, SL_AUDIT_SUCCESS, &local_error) ||
          !sl_engine_commit (store, &local_error))
        goto fail;
    }
  *summary = s;
  return TRUE;

fail:
  sl_retention_summary_clear (&s);
  sl_engine_audit_failure (self, store, session, &entry, local_error);
  sl_engine_propagate (error, local_error);
  return FALSE;
}

gboolean
sl_engine_retention_purge (SlEngine            *self,
                           SlSession           *session,
                           gboolean             dry_run,
                           SlRetentionSummary  *summary,
                           GError             **error)
{
  SL_ENGINE_BOUNDARY (error);
  return sl_engine_retention_purge_at (self, session, NULL, dry_run, summary, error);
}
