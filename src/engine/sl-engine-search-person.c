/* sl-engine-search-person.c: a person of the case (issue 16) as the probe
 * of a gallery search. The person is named by any one of its faces; the
 * case is grouped as its persons are listed (the investigator's decisions
 * applied), and the person stands in the search as its best view, or as
 * its template: the mean of its members' normalised embeddings (a track's
 * own template for a track), normalised again. The members of a template
 * are recorded with the search.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-engine"

#include "config.h"

#include <inttypes.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "core/sl-case-search.h"
#include "core/sl-search.h"
#include "core/sl-vector.h"
#include "engine/sl-engine-persons-private.h"
#include "engine/sl-engine-private.h"
#include "engine/sl-engine-search-check-private.h"

/* engine-internal API */

gboolean
sl_engine_search_person_probe (SlEngine               *self,
                               SlStore                *store,
                               const SlSearchRequest  *req,
                               SlSearchChecks         *checks,
                               JsonObject             *details,
                               GCancellable           *cancellable,
                               GArray                **members,
                               GError                **error)
{
  g_autoptr(SlGrouping) g = NULL;
  g_autoptr(SlProbeFace) best = NULL;
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (SlSearchMember));
  g_autofree double *sum = NULL;
  g_autofree float *unit = NULL;
  JsonArray *listed;
  const SlPerson *person;
  guint dim = checks->face->dim;
  int at;

  g_return_val_if_fail (req->person, FALSE);

  if (!(g = sl_engine_group_case_with (self, store, checks->c, cancellable, error)) ||
      (at = sl_grouping_item_of_face (g, store, req->face_id, error)) < 0)
    return FALSE;
  person = g_ptr_array_index (g->persons->persons, g->person_of[at]);
  if (!(best = sl_probe_face_lookup (store, person->best.face_id, TRUE, error)))
    return FALSE;
  if (best->dim != dim || g_strcmp0 (best->model_sha256, checks->face->model_sha256) != 0)
    {
      g_set_error (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_FAILED,
                   _("The best view of the person of face %" PRId64 " (face %" PRId64 ") was embedded with "
                     "another model"), req->face_id, best->id);
      return FALSE;
    }
  json_object_set_int_member (details, "person_face_id", req->face_id);
  json_object_set_int_member (details, "probe_face_id", best->id);
  json_object_set_int_member (details, "evidence_id", best->evidence_id);

  if (req->track_probe == SL_TRACK_PROBE_TEMPLATE)
    {
      sum = g_new0 (double, dim);
      unit = g_new (float, dim);
      for (guint i = 0; i < g->items->len; i++)
        {
          SlCaseItem *item = g_ptr_array_index (g->items, i);
          SlSearchMember m = { item->face_id, item->track_id };

          if (g->person_of[i] != g->person_of[at])
            continue;
          memcpy (unit, item->embedding, dim * sizeof (float));
          sl_vector_normalize (unit, dim);
          for (guint d = 0; d < dim; d++)
            sum[d] += unit[d];
          g_array_append_val (found, m);
        }
      g_free (best->embedding);
      best->embedding = g_new (float, dim);
      for (guint d = 0; d < dim; d++)
        best->embedding[d] = (float) sum[d];
      sl_vector_normalize (best->embedding, dim);
    }

  listed = json_array_new ();
  for (guint i = 0; i < found->len; i++)
    {
      const SlSearchMember *m = &g_array_index (found, SlSearchMember, i);
      JsonObject *o = json_object_new ();

      json_object_set_int_member (o, "face_id", m->face_id);
      if (m->track_id > 0)
        json_object_set_int_member (o, "track_id", m->track_id);
      json_array_add_object_element (listed, o);
    }
  json_object_set_string_member (details, "probe", req->track_probe == SL_TRACK_PROBE_TEMPLATE
                                                      ? "person-template" : "person-best");
  json_object_set_int_member (details, "person_sightings", person->sightings->len);
  json_object_set_array_member (details, "person_members", listed);

  sl_probe_face_free (checks->face);
  checks->face = g_steal_pointer (&best);
  *members = g_steal_pointer (&found);
  return TRUE;
}
