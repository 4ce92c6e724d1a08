/* sl-engine-gallery-test-result.c: a gallery test's result as JSON (what
 * is stored and printed) and back, and the listing of past results.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-engine"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "core/sl-gallery-test-record.h"
#include "core/sl-gallery.h"
#include "engine/sl-engine-gallery-test-private.h"
#include "engine/sl-engine-private.h"

/* helpers */

static void
group_free (SlGalleryTestGroup *g)
{
  g_free (g->attribute);
  g_free (g->group);
  g_free (g);
}

static void
implicated_free (SlGalleryTestImplicated *i)
{
  g_free (i->attribute);
  g_free (i->group);
  g_free (i);
}

static void
set_text (JsonObject *o,
          const char *key,
          const char *value)
{
  if (value != NULL)
    json_object_set_string_member (o, key, value);
  else
    json_object_set_null_member (o, key);
}

static char *
get_text (JsonObject *o,
          const char *key)
{
  const char *v = json_object_get_string_member_with_default (o, key, NULL);
  return g_strdup (v);
}

static guint
get_uint (JsonObject *o,
          const char *key)
{
  gint64 v = json_object_get_int_member_with_default (o, key, 0);
  return v > 0 && v <= G_MAXUINT ? (guint) v : 0;
}

static JsonObject *
group_to_json (const SlGalleryTestGroup *g)
{
  JsonObject *o = json_object_new ();

  set_text (o, "attribute", g->attribute);
  set_text (o, "group", g->group);
  json_object_set_int_member (o, "probes", g->probes);
  json_object_set_int_member (o, "no_face", g->no_face);
  json_object_set_int_member (o, "searches", g->searches);
  json_object_set_int_member (o, "with_candidate", g->with_candidate);
  json_object_set_double_member (o, "fpir", g->fpir);
  json_object_set_double_member (o, "fpir_lo", g->fpir_lo);
  json_object_set_double_member (o, "fpir_hi", g->fpir_hi);
  json_object_set_int_member (o, "false_candidates", g->false_candidates);
  json_object_set_double_member (o, "mean_false_candidates", g->mean_false);
  json_object_set_int_member (o, "mated_searches", g->mated_searches);
  json_object_set_int_member (o, "mated_missed", g->mated_missed);
  json_object_set_int_member (o, "mated_rank1", g->mated_rank1);
  json_object_set_double_member (o, "fnir", g->fnir);
  json_object_set_double_member (o, "fnir_lo", g->fnir_lo);
  json_object_set_double_member (o, "fnir_hi", g->fnir_hi);
  json_object_set_double_member (o, "rank1", g->rank1);
  return o;
}

static SlGalleryTestGroup *
group_from_json (JsonObject *o)
{
  SlGalleryTestGroup *g = g_new0 (SlGalleryTestGroup, 1);

  g->attribute = get_text (o, "attribute");
  g->group = get_text (o, "group");
  g->probes = get_uint (o, "probes");
  g->no_face = get_uint (o, "no_face");
  g->searches = get_uint (o, "searches");
  g->with_candidate = get_uint (o, "with_candidate");
  g->fpir = json_object_get_double_member_with_default (o, "fpir", 0);
  g->fpir_lo = json_object_get_double_member_with_default (o, "fpir_lo", 0);
  g->fpir_hi = json_object_get_double_member_with_default (o, "fpir_hi", 1);
  g->false_candidates = get_uint (o, "false_candidates");
  g->mean_false = json_object_get_double_member_with_default (o, "mean_false_candidates", 0);
  g->mated_searches = get_uint (o, "mated_searches");
  g->mated_missed = get_uint (o, "mated_missed");
  g->mated_rank1 = get_uint (o, "mated_rank1");
  g->fnir = json_object_get_double_member_with_default (o, "fnir", 0);
  g->fnir_lo = json_object_get_double_member_with_default (o, "fnir_lo", 0);
  g->fnir_hi = json_object_get_double_member_with_default (o, "fnir_hi", 1);
  g->rank1 = json_object_get_double_member_with_default (o, "rank1", 0);
  return g;
}

/* What is stored in the row's result column: the part of the result the
 * row's own columns do not hold. */
static JsonObject *
stored_json (const SlGalleryTestResult *r)
{
  JsonObject *o = json_object_new ();
  JsonArray *groups = json_array_new ();
  JsonArray *implicated = json_array_new ();

  json_object_set_boolean_member (o, "calibrated", r->calibrated);
  json_object_set_double_member (o, "expected_false_per_search", r->expected_false);
  set_text (o, "threshold_describe", r->threshold_describe);
  json_object_set_double_member (o, "wall_s", r->wall_s);
  for (guint i = 0; r->groups != NULL && i < r->groups->len; i++)
    json_array_add_object_element (groups, group_to_json (g_ptr_array_index (r->groups, i)));
  for (guint i = 0; r->implicated != NULL && i < r->implicated->len; i++)
    {
      const SlGalleryTestImplicated *m = g_ptr_array_index (r->implicated, i);
      JsonObject *e = json_object_new ();

      set_text (e, "attribute", m->attribute);
      set_text (e, "group", m->group);
      json_object_set_int_member (e, "subjects", m->subjects);
      json_object_set_int_member (e, "false_candidates", m->false_candidates);
      json_array_add_object_element (implicated, e);
    }
  json_object_set_array_member (o, "groups", groups);
  json_object_set_array_member (o, "gallery_groups", implicated);
  return o;
}

static SlGalleryTestResult *
result_from_row (const SlGalleryTestRow  *row,
                 GError                 **error)
{
  g_autoptr(SlGalleryTestResult) r = g_new0 (SlGalleryTestResult, 1);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *o;
  JsonArray *a;

  if (!json_parser_load_from_data (parser, row->result_json, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_FAILED,
                   _("The stored result of gallery test %" PRId64 " is damaged"), row->id);
      return NULL;
    }
  o = json_node_get_object (json_parser_get_root (parser));
  r->id = row->id;
  r->gallery = g_strdup (row->gallery_name);
  r->gallery_subjects = row->gallery_subjects;
  r->gallery_faces = row->gallery_faces;
  r->model_id = g_strdup (row->model_id);
  r->threshold = row->threshold;
  r->top_k = row->top_k;
  r->probes_file = g_strdup (row->probes_file);
  r->images_dir = g_strdup (row->images_dir);
  r->probes = row->probes;
  r->nonmated = row->nonmated;
  r->mated = row->mated;
  r->no_face = row->no_face;
  r->run_by = g_strdup (row->run_by_name);
  r->started_at = g_strdup (row->started_at);
  r->ended_at = g_strdup (row->ended_at);
  r->calibrated = json_object_get_boolean_member_with_default (o, "calibrated", FALSE);
  r->expected_false = json_object_get_double_member_with_default (o, "expected_false_per_search", 0);
  r->threshold_describe = get_text (o, "threshold_describe");
  r->wall_s = json_object_get_double_member_with_default (o, "wall_s", 0);
  r->groups = g_ptr_array_new_with_free_func ((GDestroyNotify) group_free);
  r->implicated = g_ptr_array_new_with_free_func ((GDestroyNotify) implicated_free);
  if (json_object_has_member (o, "groups") && (a = json_object_get_array_member (o, "groups")) != NULL)
    for (guint i = 0; i < json_array_get_length (a); i++)
      {
        JsonObject *e = json_array_get_object_element (a, i);
        if (e != NULL)
          g_ptr_array_add (r->groups, group_from_json (e));
      }
  if (json_object_has_member (o, "gallery_groups") &&
      (a = json_object_get_array_member (o, "gallery_groups")) != NULL)
    for (guint i = 0; i < json_array_get_length (a); i++)
      {
        JsonObject *e = json_array_get_object_element (a, i);
        SlGalleryTestImplicated *m;

        if (e == NULL)
          continue;
        m = g_new0 (SlGalleryTestImplicated, 1);
        m->attribute = get_text (e, "attribute");
        m->group = get_text (e, "group");
        m->subjects = get_uint (e, "subjects");
        m->false_candidates = get_uint (e, "false_candidates");
        g_ptr_array_add (r->implicated, m);
      }
  return g_steal_pointer (&r);
}

/* public API */

/* For sl-engine-gallery-test.c. */
SlGalleryTestGroup *
sl_gallery_test_group_new (const char *attribute,
                           const char *group)
{
  SlGalleryTestGroup *g = g_new0 (SlGalleryTestGroup, 1);

  g->attribute = g_strdup (attribute);
  g->group = g_strdup (group);
  g->fpir_hi = 1.0;
  g->fnir_hi = 1.0;
  return g;
}

SlGalleryTestImplicated *
sl_gallery_test_implicated_new (const char *attribute,
                                const char *group)
{
  SlGalleryTestImplicated *m = g_new0 (SlGalleryTestImplicated, 1);

  m->attribute = g_strdup (attribute);
  m->group = g_strdup (group);
  return m;
}

void
sl_gallery_test_result_init_lists (SlGalleryTestResult *r)
{
  r->groups = g_ptr_array_new_with_free_func ((GDestroyNotify) group_free);
  r->implicated = g_ptr_array_new_with_free_func ((GDestroyNotify) implicated_free);
}

char *
sl_gallery_test_result_stored_json (const SlGalleryTestResult *r)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), stored_json (r));
  return json_to_string (node, FALSE);
}

void
sl_gallery_test_result_free (SlGalleryTestResult *r)
{
  if (r == NULL)
    return;
  g_free (r->gallery);
  g_free (r->model_id);
  g_free (r->probes_file);
  g_free (r->images_dir);
  g_free (r->threshold_describe);
  g_free (r->run_by);
  g_free (r->started_at);
  g_free (r->ended_at);
  g_clear_pointer (&r->groups, g_ptr_array_unref);
  g_clear_pointer (&r->implicated, g_ptr_array_unref);
  g_free (r);
}

JsonNode *
sl_gallery_test_result_to_json (const SlGalleryTestResult *r)
{
  JsonObject *o;

  g_return_val_if_fail (r != NULL, NULL);

  o = stored_json (r);
  json_object_set_int_member (o, "id", r->id);
  json_object_set_string_member (o, "gallery", r->gallery);
  json_object_set_int_member (o, "gallery_subjects", r->gallery_subjects);
  json_object_set_int_member (o, "gallery_faces", r->gallery_faces);
  json_object_set_string_member (o, "model", r->model_id);
  json_object_set_double_member (o, "threshold", r->threshold);
  json_object_set_int_member (o, "top_k", r->top_k);
  set_text (o, "probes_file", r->probes_file);
  set_text (o, "images_dir", r->images_dir);
  json_object_set_int_member (o, "probes", r->probes);
  json_object_set_int_member (o, "nonmated", r->nonmated);
  json_object_set_int_member (o, "mated", r->mated);
  json_object_set_int_member (o, "no_face", r->no_face);
  set_text (o, "run_by", r->run_by);
  set_text (o, "started_at", r->started_at);
  set_text (o, "ended_at", r->ended_at);
  return json_node_init_object (json_node_alloc (), o);
}

GPtrArray *
sl_engine_gallery_tests (SlEngine    *self,
                         SlSession   *session,
                         const char  *gallery,
                         GError     **error)
{
  SL_ENGINE_BOUNDARY (error);
  SlStore *store;
  g_autoptr(SlGallery) g = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) list = NULL;
  SlAuditEntry entry = { "gallery.tests", "gallery", gallery, NULL, NULL };
  GError *local_error = NULL;

  g_return_val_if_fail (SL_IS_ENGINE (self), NULL);
  g_return_val_if_fail (SL_IS_SESSION (session), NULL);

  store = sl_engine_get_store (self);
  if (!sl_engine_authorize (self, store, session, SL_PERMISSION_GALLERY_MANAGE, &entry, error))
    return NULL;
  if (gallery != NULL && !(g = sl_gallery_lookup (store, gallery, &local_error)))
    {
      sl_engine_propagate (error, local_error);
      return NULL;
    }
  if (!(rows = sl_gallery_test_list (store, g != NULL ? g->id : 0, &local_error)))
    {
      sl_engine_propagate (error, local_error);
      return NULL;
    }
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_gallery_test_result_free);
  for (guint i = 0; i < rows->len; i++)
    {
      SlGalleryTestResult *r = result_from_row (g_ptr_array_index (rows, i), error);

      if (r == NULL)
        return NULL;
      g_ptr_array_add (list, r);
    }
  return g_steal_pointer (&list);
}
