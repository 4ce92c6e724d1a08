/* sl-engine-persons.c: the people of a case. The grouping is never
 * stored: it is the clustering of the case's faces and tracks as they are
 * now (sl-person-group.c), constrained by the investigator's append-only
 * decisions, so that a regrouping after new evidence keeps every decision.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-engine"

#include "config.h"

#include <inttypes.h>

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "core/sl-calibration.h"
#include "core/sl-evidence.h"
#include "core/sl-media-time.h"
#include "core/sl-case-search.h"
#include "core/sl-person-group.h"
#include "core/sl-person.h"
#include "core/sl-policy.h"
#include "core/sl-probe.h"
#include "core/sl-vector.h"
#include "engine/sl-engine-persons-private.h"
#include "engine/sl-engine-private.h"

typedef struct
{
  SlSession *session;
  char      *case_number;
} PersonsTask;

/* helpers */

/* One key for a still's face (its id) and a track (minus its id). */
static gint64
item_key (const SlCaseItem *item)
{
  return item->track_id > 0 ? -item->track_id : item->face_id;
}

static void
person_free (SlPerson *p)
{
  g_free (p->name);
  g_clear_pointer (&p->sightings, g_array_unref);
  g_free (p);
}

static void
persons_task_free (gpointer data)
{
  PersonsTask *t = data;

  g_object_unref (t->session);
  g_free (t->case_number);
  g_free (t);
}

/* The model most of the case's faces and tracks were embedded with (the
 * first of equals in the case's order). */
static const char *
main_model (GPtrArray *items)
{
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  const char *best = NULL;
  guint best_n = 0;

  for (guint i = 0; i < items->len; i++)
    {
      SlCaseItem *item = g_ptr_array_index (items, i);
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, item->model_sha256)) + 1;

      g_hash_table_insert (counts, item->model_sha256, GUINT_TO_POINTER (n));
      if (n > best_n)
        {
          best_n = n;
          best = item->model_sha256;
        }
    }
  return best;
}

static void
add_sides (SlPersonLink         *link,
           const SlPersonDecision *d,
           GHashTable           *index,
           gboolean              b_too)
{
  for (guint i = 0; i < d->items->len; i++)
    {
      const SlPersonDecisionItem *it = &g_array_index (d->items, SlPersonDecisionItem, i);
      gint64 key = it->track_id > 0 ? -it->track_id : it->face_id;
      gpointer found;
      guint at;

      /* A face purged since, or of another model: nothing to apply. */
      if (!g_hash_table_lookup_extended (index, &key, NULL, &found))
        continue;
      at = GPOINTER_TO_UINT (found);
      if (it->side == 'a')
        g_array_append_val (link->a, at);
      else if (b_too)
        g_array_append_val (link->b, at);
    }
}

/* The decisions as statements on item indices, and the name each item
 * was last given (a split's moved faces lose theirs). */
static GPtrArray *
links_of (GPtrArray  *decisions,
          GHashTable *index,
          gint64     *name_at,
          const char **name_of)
{
  GPtrArray *links = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_person_link_free);

  for (guint i = 0; i < decisions->len; i++)
    {
      SlPersonDecision *d = g_ptr_array_index (decisions, i);
      SlPersonLink *link;

      if (g_str_equal (d->kind, "name") || g_str_equal (d->kind, "split"))
        {
          g_autoptr(SlPersonLink) named = sl_person_link_new (SL_PERSON_LINK_SAME);

          add_sides (named, d, index, FALSE);
          for (guint k = 0; k < named->a->len; k++)
            {
              guint at = g_array_index (named->a, guint, k);

              name_at[at] = d->id;
              name_of[at] = g_str_equal (d->kind, "name") ? d->name : NULL;
            }
        }
      if (g_str_equal (d->kind, "name"))
        continue;
      if (g_str_equal (d->kind, "merge"))
        {
          link = sl_person_link_new (SL_PERSON_LINK_SAME);
          add_sides (link, d, index, TRUE);
          g_ptr_array_add (links, link);
          continue;
        }
      if (g_str_equal (d->kind, "split"))
        {
          link = sl_person_link_new (SL_PERSON_LINK_SAME);
          add_sides (link, d, index, FALSE);
          g_ptr_array_add (links, link);
        }
      link = sl_person_link_new (SL_PERSON_LINK_APART);
      add_sides (link, d, index, TRUE);
      g_ptr_array_add (links, link);
    }
  return links;
}

static int
compare_sightings (gconstpointer a,
                   gconstpointer b)
{
  const SlPersonSighting *x = a, *y = b;

  if (x->evidence_id != y->evidence_id)
    return x->evidence_id < y->evidence_id ? -1 : 1;
  if (x->time_ms != y->time_ms)
    return x->time_ms < y->time_ms ? -1 : 1;
  return (x->face_id > y->face_id) - (x->face_id < y->face_id);
}

static int
compare_persons (gconstpointer a,
                 gconstpointer b)
{
  const SlPerson *x = *(SlPerson **) a, *y = *(SlPerson **) b;
  const SlPersonSighting *fx = &g_array_index (x->sightings, SlPersonSighting, 0);
  const SlPersonSighting *fy = &g_array_index (y->sightings, SlPersonSighting, 0);

  if (x->sightings->len != y->sightings->len)
    return x->sightings->len > y->sightings->len ? -1 : 1;
  if (fx->evidence_id != fy->evidence_id)
    return fx->evidence_id < fy->evidence_id ? -1 : 1;
  return (fx->face_id > fy->face_id) - (fx->face_id < fy->face_id);
}

/* The persons from the labels: sightings, best view, name; most sightings
 * first. */
static void
build_persons (SlGrouping  *g,
               guint       *label,
               guint        n_groups,
               GHashTable  *views,
               gint64      *name_at,
               const char **name_of)
{
  g_autofree SlPerson **by_label = g_new0 (SlPerson *, MAX (n_groups, 1));
  g_autofree gint64 *named_at = g_new0 (gint64, MAX (n_groups, 1));
  g_autofree double *best_score = g_new (double, MAX (n_groups, 1));

  for (guint i = 0; i < g->items->len; i++)
    {
      SlCaseItem *item = g_ptr_array_index (g->items, i);
      SlPerson *p = by_label[label[i]];
      SlPersonSighting s = { item->evidence_id, item->face_id, item->track_id, item->time_ms };
      double *view = g_hash_table_lookup (views, &item->face_id);
      double score = view != NULL ? *view : 0;

      if (p == NULL)
        {
          p = by_label[label[i]] = g_new0 (SlPerson, 1);
          p->sightings = g_array_new (FALSE, FALSE, sizeof (SlPersonSighting));
          best_score[label[i]] = -INFINITY;
          g_ptr_array_add (g->persons->persons, p);
        }
      g_array_append_val (p->sightings, s);
      if (score > best_score[label[i]] || (score == best_score[label[i]] && item->face_id < p->best.face_id))
        {
          best_score[label[i]] = score;
          p->best = s;
        }
      if (name_at[i] > named_at[label[i]])
        {
          named_at[label[i]] = name_at[i];
          g_free (p->name);
          p->name = g_strdup (name_of[i]);
        }
    }
  for (guint l = 0; l < n_groups; l++)
    {
      SlPerson *p = by_label[l];
      g_autoptr(GHashTable) evidence = g_hash_table_new (g_int64_hash, g_int64_equal);

      g_array_sort (p->sightings, compare_sightings);
      for (guint k = 0; k < p->sightings->len; k++)
        g_hash_table_add (evidence, &g_array_index (p->sightings, SlPersonSighting, k).evidence_id);
      p->n_evidence = g_hash_table_size (evidence);
    }
  g_ptr_array_sort (g->persons->persons, compare_persons);
  for (guint k = 0; k < g->persons->persons->len; k++)
    ((SlPerson *) g_ptr_array_index (g->persons->persons, k))->number = k + 1;
  for (guint i = 0; i < g->items->len; i++)
    g->person_of[i] = by_label[label[i]]->number - 1;
}

static SlPersons *
persons_with (SlEngine      *self,
              SlStore       *store,
              SlSession     *session,
              const char    *case_number,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(JsonObject) details = json_object_new ();
  g_autofree char *shown_case = sl_store_text_shown (case_number, 64);
  g_autoptr(SlCase) c = NULL;
  g_autoptr(SlGrouping) g = NULL;
  GError *local_error = NULL;
  SlAuditEntry entry = { "case.persons", "case", shown_case, shown_case, details };

  if (!sl_engine_authorize (self, store, session, SL_PERMISSION_SEARCH, &entry, error))
    return NULL;
  if (!(c = sl_engine_case_lookup (store, session, case_number, &local_error)) ||
      !(g = sl_engine_group_case_with (self, store, c, cancellable, &local_error)))
    goto fail;

  if (g->persons->model_id != NULL)
    {
      json_object_set_string_member (details, "model", g->persons->model_id);
      json_object_set_double_member (details, "threshold", g->persons->threshold);
    }
  json_object_set_double_member (details, "false_match_rate", SL_PERSONS_FALSE_MATCH_RATE);
  json_object_set_int_member (details, "grouped", g->persons->grouped);
  json_object_set_int_member (details, "skipped_other_model", g->persons->skipped_other_model);
  json_object_set_int_member (details, "persons", g->persons->persons->len);
  json_object_set_int_member (details, "decisions", g->persons->n_decisions);
  if (!sl_store_begin (store, &local_error))
    goto fail;
  if (!sl_engine_audit (self, store, session, &entry, SL_AUDIT_SUCCESS, &local_error) ||
      !sl_engine_commit (store, &local_error))
    {
      sl_store_rollback (store);
      goto fail;
    }
  return g_steal_pointer (&g->persons);

fail:
  sl_engine_audit_failure (self, store, session, &entry, local_error);
  sl_engine_propagate (error, local_error);
  return NULL;
}

static gpointer
persons_work (SlEngine      *engine,
              SlStore       *store,
              gpointer       task_data,
              GCancellable  *cancellable,
              GError       **error)
{
  PersonsTask *t = task_data;

  return persons_with (engine, store, t->session, t->case_number, cancellable, error);
}

/* engine-internal API */

void
sl_grouping_free (SlGrouping *g)
{
  if (g == NULL)
    return;
  g_clear_pointer (&g->persons, sl_persons_free);
  g_clear_pointer (&g->items, g_ptr_array_unref);
  g_free (g->person_of);
  g_free (g);
}

SlGrouping *
sl_engine_group_case_with (SlEngine      *self,
                           SlStore       *store,
                           SlCase        *c,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_autoptr(SlGrouping) g = g_new0 (SlGrouping, 1);
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) decisions = NULL;
  g_autoptr(GPtrArray) links = NULL;
  g_autoptr(GHashTable) index = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GHashTable) views = NULL;
  g_autoptr(SlProbeFace) first = NULL;
  g_autoptr(SlCalibration) calibration = NULL;
  g_autoptr(SlPolicy) policy = NULL;
  g_autofree float *vectors = NULL;
  g_autofree guint *label = NULL;
  g_autofree gint64 *name_at = NULL;
  g_autofree const char **name_of = NULL;
  const char *model;
  gboolean beyond = FALSE;
  double score;
  guint dim, n, n_groups = 0;
  gint64 t0;

  g->persons = g_new0 (SlPersons, 1);
  g->persons->case_number = g_strdup (c->number);
  g->persons->persons = g_ptr_array_new_with_free_func ((GDestroyNotify) person_free);
  g->items = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_case_item_free);
  if (!(all = sl_case_item_list (store, c->id, error)) ||
      !(decisions = sl_person_decision_list (store, c->id, error)))
    return NULL;
  g->persons->n_decisions = decisions->len;
  if (all->len == 0)
    return g_steal_pointer (&g);

  model = main_model (all);
  dim = ((SlCaseItem *) g_ptr_array_index (all, 0))->dim;
  for (guint i = 0; i < all->len; i++)
    {
      SlCaseItem *item = g_ptr_array_index (all, i);

      if (g_str_equal (item->model_sha256, model))
        {
          dim = item->dim;
          break;
        }
    }
  for (guint i = 0; i < all->len; i++)
    {
      SlCaseItem *item = g_ptr_array_index (all, i);

      if (!g_str_equal (item->model_sha256, model) || item->dim != dim)
        {
          g->persons->skipped_other_model++;
          continue;
        }
      g_ptr_array_add (g->items, g_steal_pointer (&all->pdata[i]));
    }
  n = g->items->len;
  g->persons->grouped = n;

  if (!(first = sl_probe_face_lookup (store, ((SlCaseItem *) g_ptr_array_index (g->items, 0))->face_id, FALSE,
                                      error)) ||
      !(calibration = sl_engine_get_calibration (self, first->model_id, model, error)) ||
      !(policy = sl_policy_load (store, error)) ||
      !(views = sl_person_view_scores (store, c->id, error)))
    return NULL;
  score = sl_calibration_score_at_rate (calibration, SL_PERSONS_FALSE_MATCH_RATE, &beyond);
  g->persons->model_id = g_strdup (first->model_id);
  g->persons->threshold = MAX (policy->threshold, score);
  g->persons->threshold_describe = sl_calibration_describe (calibration, g->persons->threshold);

  vectors = g_new (float, (gsize) n * dim);
  name_at = g_new0 (gint64, n);
  name_of = g_new0 (const char *, n);
  for (guint i = 0; i < n; i++)
    {
      SlCaseItem *item = g_ptr_array_index (g->items, i);
      gint64 *key = g_new (gint64, 1);

      memcpy (vectors + (gsize) i * dim, item->embedding, dim * sizeof (float));
      sl_vector_normalize (vectors + (gsize) i * dim, dim);
      *key = item_key (item);
      g_hash_table_insert (index, key, GUINT_TO_POINTER (i));
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  links = links_of (decisions, index, name_at, name_of);

  t0 = g_get_monotonic_time ();
  label = sl_person_group (vectors, n, dim, g->persons->threshold, links, &n_groups);
  g->persons->group_ms = (g_get_monotonic_time () - t0) / 1000.0;
  g->person_of = g_new0 (guint, n);
  build_persons (g, label, n_groups, views, name_at, name_of);
  return g_steal_pointer (&g);
}

int
sl_grouping_item_of_face (SlGrouping  *g,
                          SlStore     *store,
                          gint64       face_id,
                          GError     **error)
{
  g_autoptr(SlProbeFace) face = sl_probe_face_lookup (store, face_id, FALSE, error);
  gint64 key;

  if (face == NULL)
    return -1;
  key = face->track_id > 0 ? -face->track_id : face->id;
  for (guint i = 0; i < g->items->len; i++)
    if (item_key (g_ptr_array_index (g->items, i)) == key)
      return (int) i;
  g_set_error (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED,
               _("face %" PRId64 " is not among the grouped faces of case '%s'"), face_id,
               g->persons->case_number);
  return -1;
}

static const char *
evidence_name (SlReportData *data,
               gint64        evidence_id)
{
  for (guint i = 0; i < data->evidence->len; i++)
    {
      const SlEvidence *e = g_ptr_array_index (data->evidence, i);

      if (e->id == evidence_id)
        return e->original_name;
    }
  return "—";
}

static char *
sighting_words (const SlPersonSighting *s)
{
  g_autofree char *at = NULL;

  if (s->track_id <= 0)
    return g_strdup_printf (_("face %" PRId64), s->face_id);
  at = sl_media_time_format (s->time_ms);
  return g_strdup_printf (_("track %" PRId64 " at %s (best view face %" PRId64 ")"), s->track_id, at, s->face_id);
}

gboolean
sl_engine_report_persons (SlEngine      *self,
                          SlStore       *store,
                          SlReportData  *data,
                          GCancellable  *cancellable,
                          GError       **error)
{
  /* A row never breaks across pages: the first appearances, then a count. */
  const guint shown = 12;
  g_autoptr(SlGrouping) g = NULL;
  GError *local_error = NULL;

  if (!(g = sl_engine_group_case_with (self, store, data->c, cancellable, &local_error)))
    {
      if (local_error->domain == SL_STORE_ERROR ||
          g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, local_error);
          return FALSE;
        }
      data->persons_about = g_strdup_printf (_("The faces of this case could not be grouped: %s"),
                                             local_error->message);
      g_error_free (local_error);
      return TRUE;
    }
  if (g->persons->model_id != NULL)
    data->persons_about = g_strdup_printf (ngettext ("%" PRId64 " faces and tracks grouped with model %s at "
                                                     "threshold %.3f (%s); %u decision of the investigator "
                                                     "applied.",
                                                     "%" PRId64 " faces and tracks grouped with model %s at "
                                                     "threshold %.3f (%s); %u decisions of the investigator "
                                                     "applied.", g->persons->n_decisions),
                                           g->persons->grouped, g->persons->model_id, g->persons->threshold,
                                           g->persons->threshold_describe, g->persons->n_decisions);
  data->persons = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_report_person_free);
  for (guint i = 0; i < g->persons->persons->len; i++)
    {
      SlPerson *p = g_ptr_array_index (g->persons->persons, i);
      SlReportPerson *r = g_new0 (SlReportPerson, 1);
      g_autoptr(SlProbeFace) face = sl_probe_face_lookup (store, p->best.face_id, TRUE, NULL);
      g_autofree char *best = sighting_words (&p->best);

      r->number = p->number;
      r->name = g_strdup (p->name);
      r->n_evidence = p->n_evidence;
      r->best = g_strdup_printf (_("%s of evidence %" PRId64 ". %s"), best, p->best.evidence_id,
                                 evidence_name (data, p->best.evidence_id));
      if (face != NULL && face->crop != NULL)
        r->best_view = sl_report_jpeg_surface (face->crop);
      r->appearances = g_ptr_array_new_with_free_func (g_free);
      for (guint k = 0; k < p->sightings->len && k < shown; k++)
        {
          const SlPersonSighting *s = &g_array_index (p->sightings, SlPersonSighting, k);
          g_autofree char *words = sighting_words (s);

          g_ptr_array_add (r->appearances, g_strdup_printf (_("%" PRId64 ". %s: %s"), s->evidence_id,
                                                            evidence_name (data, s->evidence_id), words));
        }
      if (p->sightings->len > shown)
        g_ptr_array_add (r->appearances, g_strdup_printf (_("and %u more"), p->sightings->len - shown));
      r->n_sightings = p->sightings->len;
      g_ptr_array_add (data->persons, r);
    }
  return TRUE;
}

/* public API */

void
sl_persons_free (SlPersons *p)
{
  if (p == NULL)
    return;
  g_free (p->case_number);
  g_free (p->model_id);
  g_free (p->threshold_describe);
  g_clear_pointer (&p->persons, g_ptr_array_unref);
  g_free (p);
}

SlPerson *
sl_persons_find (SlPersons *persons,
                 gint64     face_id)
{
  g_return_val_if_fail (persons != NULL, NULL);

  for (guint i = 0; i < persons->persons->len; i++)
    {
      SlPerson *p = g_ptr_array_index (persons->persons, i);

      for (guint k = 0; k < p->sightings->len; k++)
        if (g_array_index (p->sightings, SlPersonSighting, k).face_id == face_id)
          return p;
    }
  return NULL;
}

SlPersons *
sl_engine_case_persons (SlEngine      *self,
                        SlSession     *session,
                        const char    *case_number,
                        GCancellable  *cancellable,
                        GError       **error)
{
  SL_ENGINE_BOUNDARY (error);
  g_return_val_if_fail (SL_IS_ENGINE (self), NULL);
  g_return_val_if_fail (SL_IS_SESSION (session), NULL);
  g_return_val_if_fail (case_number != NULL, NULL);

  return persons_with (self, sl_engine_get_store (self), session, case_number, cancellable, error);
}

void
sl_engine_case_persons_async (SlEngine            *self,
                              SlSession           *session,
                              const char          *case_number,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  PersonsTask *t;

  g_return_if_fail (SL_IS_ENGINE (self));
  g_return_if_fail (SL_IS_SESSION (session));
  g_return_if_fail (case_number != NULL);

  t = g_new0 (PersonsTask, 1);
  t->session = g_object_ref (session);
  t->case_number = g_strdup (case_number);
  task = sl_engine_task_new (self, sl_engine_case_persons_async, cancellable, callback, user_data);
  sl_engine_task_run (task, persons_work, t, persons_task_free, (GDestroyNotify) sl_persons_free);
}

SlPersons *
sl_engine_case_persons_finish (SlEngine      *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return sl_engine_task_finish (self, result, sl_engine_case_persons_async, error);
}
