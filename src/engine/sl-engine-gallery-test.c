/* sl-engine-gallery-test.c: an administrator's test of a live gallery.
 * Each probe photo is searched as sl_engine_search() searches (the same
 * matrix, the policy's threshold and top-k, the best face per subject),
 * but with no case, no justification and nothing stored for it; the
 * searches are then counted per group of the probe list's own columns.
 * Group labels never leave the aggregate: no probe, candidate or subject
 * is ever shown or stored with one.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-engine"

#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "core/sl-binomial.h"
#include "core/sl-gallery-test-record.h"
#include "core/sl-gallery.h"
#include "engine/sl-engine-gallery-test-private.h"
#include "engine/sl-engine-private.h"
#include "engine/sl-engine-search-check-private.h"
#include "engine/sl-gallery-test-list.h"
#include "core/sl-progress-relay.h"
#include "vision/sl-vision-error.h"

#define CONFIDENCE 0.95

typedef struct
{
  SlSession       *session;
  char            *gallery;
  char            *probes_csv;
  char            *images_dir;
  guint            n_threads;
  SlProgressFunc   progress;
  gpointer         progress_data;
  SlProgressRelay *relay;
} TestTask;

/* What one probe's search found. */
typedef struct
{
  gboolean searched;
  gboolean mated;
  guint    candidates;       /* shown: at or above the threshold, within top-k */
  guint    false_candidates;
  gboolean mate_shown;
  gboolean mate_first;
} Outcome;

/* helpers */

static void
count_search (SlGalleryTestGroup *g,
              const Outcome      *o)
{
  g->probes++;
  if (!o->searched)
    {
      g->no_face++;
      return;
    }
  if (o->mated)
    {
      g->mated_searches++;
      g->mated_missed += !o->mate_shown;
      g->mated_rank1 += o->mate_first;
    }
  else
    {
      g->searches++;
      g->with_candidate += o->candidates > 0;
      g->false_candidates += o->false_candidates;
    }
}

static void
finish_group (SlGalleryTestGroup *g)
{
  if (g->searches > 0)
    {
      g->fpir = (double) g->with_candidate / g->searches;
      g->mean_false = (double) g->false_candidates / g->searches;
    }
  sl_binomial_interval (g->with_candidate, g->searches, CONFIDENCE, &g->fpir_lo, &g->fpir_hi);
  if (g->mated_searches > 0)
    {
      g->fnir = (double) g->mated_missed / g->mated_searches;
      g->rank1 = (double) g->mated_rank1 / g->mated_searches;
    }
  sl_binomial_interval (g->mated_missed, g->mated_searches, CONFIDENCE, &g->fnir_lo, &g->fnir_hi);
}

static int
compare_groups (gconstpointer a,
                gconstpointer b)
{
  const SlGalleryTestGroup *x = *(SlGalleryTestGroup *const *) a, *y = *(SlGalleryTestGroup *const *) b;
  int c;

  if (x->attribute == NULL || y->attribute == NULL)
    return (x->attribute != NULL) - (y->attribute != NULL);
  if ((c = g_utf8_collate (x->attribute, y->attribute)) != 0)
    return c;
  return g_utf8_collate (x->group, y->group);
}

static int
compare_implicated (gconstpointer a,
                    gconstpointer b)
{
  const SlGalleryTestImplicated *x = *(SlGalleryTestImplicated *const *) a;
  const SlGalleryTestImplicated *y = *(SlGalleryTestImplicated *const *) b;
  int c = g_utf8_collate (x->attribute, y->attribute);

  return c != 0 ? c : g_utf8_collate (x->group, y->group);
}

/* "attribute\x1fgroup" -> its entry in `list`, made when absent. */
static gpointer
entry_for (GHashTable *index,
           GPtrArray  *list,
           const char *attribute,
           const char *group,
           gboolean    implicated)
{
  g_autofree char *key = g_strconcat (attribute, "\x1f", group, NULL);
  gpointer e = g_hash_table_lookup (index, key);

  if (e == NULL)
    {
      e = implicated ? (gpointer) sl_gallery_test_implicated_new (attribute, group)
                     : (gpointer) sl_gallery_test_group_new (attribute, group);
      g_ptr_array_add (list, e);
      g_hash_table_insert (index, g_steal_pointer (&key), e);
    }
  return e;
}

/* Subject id -> the groups it was enrolled with, for counting false
 * candidates by the gallery's groups. Only the attributes the probe list
 * groups by are counted: other metadata (a booking date, a note) would
 * make "groups" of one person. */
static GHashTable *
subject_groups (GPtrArray  *labels,
                GPtrArray  *attributes,
                GHashTable *implicated_index,
                GPtrArray  *implicated)
{
  GHashTable *groups = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, (GDestroyNotify) g_ptr_array_unref);

  for (guint i = 0; i < labels->len; i++)
    {
      SlSubjectLabels *l = g_ptr_array_index (labels, i);
      g_autoptr(JsonParser) parser = json_parser_new ();
      GPtrArray *entries = g_ptr_array_new ();
      JsonObject *o;
      JsonObjectIter iter;
      const char *member;
      JsonNode *node;

      g_hash_table_insert (groups, &l->id, entries);
      if (!json_parser_load_from_data (parser, l->metadata, -1, NULL) ||
          !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        continue;
      o = json_node_get_object (json_parser_get_root (parser));
      json_object_iter_init (&iter, o);
      while (json_object_iter_next (&iter, &member, &node))
        {
          SlGalleryTestImplicated *m;
          const char *value;
          gboolean grouped = FALSE;

          for (guint a = 0; a < attributes->len && !grouped; a++)
            grouped = g_ascii_strcasecmp (g_ptr_array_index (attributes, a), member) == 0;
          if (!grouped || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
            continue;
          value = json_node_get_string (node);
          if (value == NULL || *value == '\0')
            continue;
          m = entry_for (implicated_index, implicated, member, value, TRUE);
          m->subjects++;
          g_ptr_array_add (entries, m);
        }
    }
  return groups;
}

static void
on_batch_progress (guint    done,
                   guint    total,
                   gpointer user_data)
{
  const SlGalleryTestOptions *opts = user_data;

  if (opts->progress != NULL)
    opts->progress (done, total, opts->progress_data);
}

static SlGalleryTestResult *
test_with (SlEngine                   *self,
           SlStore                    *store,
           SlSession                  *session,
           const char                 *name,
           const SlGalleryTestOptions *opts,
           GCancellable               *cancellable,
           GError                    **error)
{
  g_autoptr(JsonObject) details = json_object_new ();
  g_autofree char *shown = sl_store_text_shown (name, SL_GALLERY_NAME_MAX);
  g_autofree char *gallery_id = NULL;
  g_autofree char *probes_display = g_filename_display_name (opts->probes_csv);
  g_autofree char *images_display = g_filename_display_name (opts->images_dir);
  g_autofree char *stored = NULL;
  g_autoptr(SlGallery) gallery = NULL;
  g_autoptr(SlPolicy) policy = NULL;
  g_autoptr(SlFaceAnalyser) analyser = NULL;
  g_autoptr(SlCalibration) calibration = NULL;
  g_autoptr(SlGalleryMatrix) matrix = NULL;
  g_autoptr(SlProbeList) list = NULL;
  g_autoptr(GPtrArray) labels = NULL;
  g_autoptr(GPtrArray) paths = g_ptr_array_new ();
  g_autoptr(SlFaceBatch) batch = NULL;
  g_autoptr(GHashTable) by_external_id = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) group_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) implicated_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) gallery_groups = NULL;
  g_autoptr(SlGalleryTestResult) result = g_new0 (SlGalleryTestResult, 1);
  g_autoptr(GError) calibration_error = NULL;
  SlGalleryTestGroup *all;
  const SlModelInfo *model;
  GError *local_error = NULL;
  SlAuditEntry entry = { "gallery.test", "gallery", NULL, NULL, details };
  gboolean loaded;
  gint64 start = g_get_monotonic_time ();
  float threshold;

  json_object_set_string_member (details, "gallery", shown);
  json_object_set_string_member (details, "probes_file", probes_display);
  json_object_set_string_member (details, "images_dir", images_display);
  if (!sl_engine_authorize (self, store, session, SL_PERMISSION_GALLERY_MANAGE, &entry, error))
    return NULL;

  if (!(gallery = sl_gallery_lookup (store, name, &local_error)))
    goto fail;
  entry.object_id = gallery_id = g_strdup_printf ("%" PRId64, gallery->id);
  if (!(list = sl_probe_list_read (opts->probes_csv, opts->images_dir, &local_error)) ||
      !(policy = sl_policy_load (store, &local_error)) ||
      !(analyser = sl_engine_get_analyser (self, gallery->model_id, &local_error)))
    goto fail;
  model = sl_embedder_get_model (sl_face_analyser_get_embedder (analyser));
  if (g_strcmp0 (model->sha256, gallery->model_sha256) != 0)
    {
      g_set_error (&local_error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED,
                   _("Refused: the gallery '%s' was enrolled with the file of model '%s' whose SHA-256 is "
                     "%s, but the installed file's is %s; embeddings of two files are never mixed"),
                   gallery->name, gallery->model_id, gallery->model_sha256, model->sha256);
      goto fail;
    }
  calibration = sl_engine_get_calibration (self, gallery->model_id, gallery->model_sha256, &calibration_error);
  if (!(matrix = sl_engine_get_matrix (self, store, gallery->id, gallery->generation, &loaded, cancellable,
                                       &local_error)) ||
      !(labels = sl_gallery_subject_labels (store, gallery->id, &local_error)))
    goto fail;

  result->gallery = g_strdup (gallery->name);
  result->gallery_subjects = sl_gallery_matrix_get_n_subjects (matrix);
  result->gallery_faces = sl_gallery_matrix_get_n_faces (matrix);
  result->model_id = g_strdup (gallery->model_id);
  result->threshold = policy->threshold;
  result->top_k = MIN (SL_SEARCH_DEFAULT_TOP_K, policy->max_top_k);
  result->probes_file = g_strdup (probes_display);
  result->images_dir = g_strdup (images_display);
  result->probes = list->probes->len;
  result->run_by = g_strdup (sl_session_get_username (session));
  result->started_at = sl_store_now ();
  if (calibration != NULL)
    {
      gboolean beyond;

      result->calibrated = TRUE;
      result->expected_false = sl_calibration_false_match_rate (calibration, policy->threshold, &beyond) *
                               (double) result->gallery_faces;
      result->threshold_describe = sl_calibration_describe (calibration, policy->threshold);
    }
  sl_gallery_test_result_init_lists (result);
  for (guint i = 0; i < labels->len; i++)
    {
      SlSubjectLabels *l = g_ptr_array_index (labels, i);
      g_hash_table_insert (by_external_id, l->external_id, l);
    }
  gallery_groups = subject_groups (labels, list->attributes, implicated_index, result->implicated);

  /* The faces: the photo's central face, as an investigator picks the
   * person a photo is of. */
  for (guint i = 0; i < list->probes->len; i++)
    g_ptr_array_add (paths, ((SlProbe *) g_ptr_array_index (list->probes, i))->path);
  if (!(batch = sl_face_batch_run (analyser, paths, SL_FACE_PICK_CENTRAL, opts->n_threads, on_batch_progress,
                                   (gpointer) opts, cancellable, &local_error)))
    {
      if (local_error->domain == SL_VISION_ERROR &&
          (local_error->code == SL_VISION_ERROR_NOT_IMAGE || local_error->code == SL_VISION_ERROR_TRUNCATED ||
           local_error->code == SL_VISION_ERROR_TOO_LARGE || local_error->code == SL_VISION_ERROR_DECODE ||
           local_error->code == SL_VISION_ERROR_EMPTY))
        {
          GError *wrapped = NULL;
          guint line = 0;

          /* The vision error names the file: its row is the line to name. */
          for (guint i = 0; i < list->probes->len && line == 0; i++)
            {
              SlProbe *p = g_ptr_array_index (list->probes, i);
              g_autofree char *shown_path = g_filename_display_name (p->path);

              if (strstr (local_error->message, shown_path) != NULL)
                line = p->line;
            }
          sl_probe_list_error (&wrapped, probes_display, line, "%s", local_error->message);
          g_error_free (local_error);
          local_error = wrapped;
        }
      goto fail;
    }

  /* The searches, as sl_engine_search() runs them. Every hit within top-k
   * is asked for so that rank 1 is known at any score; the candidates a
   * search shows are the hits at or above the threshold, exactly those a
   * thresholded search returns. */
  threshold = (float) policy->threshold;
  all = sl_gallery_test_group_new (NULL, NULL);
  g_ptr_array_add (result->groups, all);
  for (guint i = 0; i < list->probes->len; i++)
    {
      SlProbe *p = g_ptr_array_index (list->probes, i);
      const float *embedding = sl_face_batch_row (batch, i);
      SlSubjectLabels *mate = p->identity != NULL ? g_hash_table_lookup (by_external_id, p->identity) : NULL;
      Outcome o = { embedding != NULL, mate != NULL, 0, 0, FALSE, FALSE };

      if (g_cancellable_set_error_if_cancelled (cancellable, &local_error))
        goto fail;
      if (embedding != NULL)
        {
          g_autoptr(GArray) hits = sl_gallery_matrix_search (matrix, embedding, result->top_k, -INFINITY,
                                                             &local_error);
          if (hits == NULL)
            goto fail;
          for (guint h = 0; h < hits->len; h++)
            {
              const SlGalleryHit *hit = &g_array_index (hits, SlGalleryHit, h);
              gboolean is_mate = mate != NULL && hit->subject_id == mate->id;
              GPtrArray *groups;

              if (h == 0 && is_mate)
                o.mate_first = TRUE;
              if (hit->score < threshold)
                break;
              o.candidates++;
              if (is_mate)
                {
                  o.mate_shown = TRUE;
                  continue;
                }
              o.false_candidates++;
              groups = g_hash_table_lookup (gallery_groups, &hit->subject_id);
              for (guint k = 0; groups != NULL && k < groups->len; k++)
                ((SlGalleryTestImplicated *) g_ptr_array_index (groups, k))->false_candidates++;
            }
        }
      if (!o.searched)
        result->no_face++;
      else if (o.mated)
        result->mated++;
      else
        result->nonmated++;
      count_search (all, &o);
      for (guint a = 0; a < list->attributes->len; a++)
        if (*p->values[a] != '\0')
          count_search (entry_for (group_index, result->groups, g_ptr_array_index (list->attributes, a),
                                   p->values[a], FALSE), &o);
    }
  for (guint i = 0; i < result->groups->len; i++)
    finish_group (g_ptr_array_index (result->groups, i));
  g_ptr_array_sort (result->groups, compare_groups);
  g_ptr_array_sort (result->implicated, compare_implicated);
  if (opts->progress != NULL)
    opts->progress (result->probes, result->probes, opts->progress_data);

  /* The one thing kept: the result, with its audit row. */
  result->ended_at = sl_store_now ();
  result->wall_s = (g_get_monotonic_time () - start) / 1e6;
  stored = sl_gallery_test_result_stored_json (result);
  if (!sl_store_begin (store, &local_error))
    goto fail;
  {
    SlGalleryTestRow row = {
      .gallery_id = gallery->id,
      .gallery_name = gallery->name,
      .gallery_generation = sl_gallery_matrix_get_generation (matrix),
      .gallery_subjects = result->gallery_subjects,
      .gallery_faces = result->gallery_faces,
      .model_id = gallery->model_id,
      .model_sha256 = gallery->model_sha256,
      .threshold = result->threshold,
      .top_k = result->top_k,
      .probes_file = result->probes_file,
      .images_dir = result->images_dir,
      .probes = result->probes,
      .nonmated = result->nonmated,
      .mated = result->mated,
      .no_face = result->no_face,
      .result_json = stored,
      .run_by = sl_session_get_user_id (session),
      .started_at = result->started_at,
      .ended_at = result->ended_at,
    };
    g_autoptr(JsonNode) whole = NULL;
    JsonObject *o;

    if ((result->id = sl_gallery_test_insert (store, &row, &local_error)) == 0)
      goto fail;
    whole = sl_gallery_test_result_to_json (result);
    o = json_node_get_object (whole);
    json_object_set_int_member (details, "test_id", result->id);
    json_object_set_string_member (details, "model", gallery->model_id);
    json_object_set_string_member (details, "model_sha256", gallery->model_sha256);
    json_object_set_int_member (details, "gallery_generation", row.gallery_generation);
    json_object_set_int_member (details, "gallery_subjects", result->gallery_subjects);
    json_object_set_int_member (details, "gallery_faces", result->gallery_faces);
    json_object_set_double_member (details, "threshold", result->threshold);
    json_object_set_int_member (details, "top_k", result->top_k);
    json_object_set_int_member (details, "probes", result->probes);
    json_object_set_int_member (details, "nonmated", result->nonmated);
    json_object_set_int_member (details, "mated", result->mated);
    json_object_set_int_member (details, "no_face", result->no_face);
    json_object_set_member (details, "groups", json_node_copy (json_object_get_member (o, "groups")));
    json_object_set_member (details, "gallery_groups", json_node_copy (json_object_get_member (o, "gallery_groups")));
    json_object_set_string_member (details, "started_at", result->started_at);
    json_object_set_string_member (details, "ended_at", result->ended_at);
  }
  if (!sl_engine_audit (self, store, session, &entry, SL_AUDIT_SUCCESS, &local_error) ||
      !sl_engine_commit (store, &local_error))
    goto fail;
  return g_steal_pointer (&result);

fail:
  if (sl_store_in_transaction (store))
    sl_store_rollback (store);
  /* A cancelled test leaves nothing behind, not even a row saying so. */
  if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    sl_engine_audit_failure (self, store, session, &entry, local_error);
  sl_engine_propagate (error, local_error);
  return NULL;
}

static void
test_task_free (gpointer user_data)
{
  TestTask *data = user_data;

  g_clear_object (&data->session);
  g_free (data->gallery);
  g_free (data->probes_csv);
  g_free (data->images_dir);
  g_clear_pointer (&data->relay, sl_progress_relay_free);
  g_free (data);
}

/* callbacks */

static void
relay_to_progress (guint64  done,
                   guint64  total,
                   gpointer user_data)
{
  TestTask *data = user_data;

  data->progress ((guint) done, (guint) total, data->progress_data);
}

static void
on_worker_progress (guint    done,
                    guint    total,
                    gpointer user_data)
{
  TestTask *data = user_data;

  sl_progress_relay_post (data->relay, done, total);
}

static gpointer
test_work (SlEngine      *engine,
           SlStore       *store,
           gpointer       task_data,
           GCancellable  *cancellable,
           GError       **error)
{
  TestTask *data = task_data;
  SlGalleryTestOptions opts = { data->probes_csv, data->images_dir, data->n_threads, on_worker_progress, data };

  return test_with (engine, store, data->session, data->gallery, &opts, cancellable, error);
}

/* public API */

SlGalleryTestResult *
sl_engine_gallery_test (SlEngine                   *self,
                        SlSession                  *session,
                        const char                 *gallery,
                        const SlGalleryTestOptions *options,
                        GCancellable               *cancellable,
                        GError                    **error)
{
  SL_ENGINE_BOUNDARY (error);
  g_return_val_if_fail (SL_IS_ENGINE (self), NULL);
  g_return_val_if_fail (SL_IS_SESSION (session), NULL);
  g_return_val_if_fail (gallery != NULL && options != NULL, NULL);
  g_return_val_if_fail (options->probes_csv != NULL && options->images_dir != NULL, NULL);

  return test_with (self, sl_engine_get_store (self), session, gallery, options, cancellable, error);
}

void
sl_engine_gallery_test_async (SlEngine                   *self,
                              SlSession                  *session,
                              const char                 *gallery,
                              const SlGalleryTestOptions *options,
                              GCancellable               *cancellable,
                              GAsyncReadyCallback         callback,
                              gpointer                    user_data)
{
  g_autoptr(GTask) task = NULL;
  TestTask *data;

  g_return_if_fail (SL_IS_ENGINE (self));
  g_return_if_fail (SL_IS_SESSION (session));
  g_return_if_fail (gallery != NULL && options != NULL);
  g_return_if_fail (options->probes_csv != NULL && options->images_dir != NULL);

  data = g_new0 (TestTask, 1);
  data->session = g_object_ref (session);
  data->gallery = g_strdup (gallery);
  data->probes_csv = g_strdup (options->probes_csv);
  data->images_dir = g_strdup (options->images_dir);
  data->n_threads = options->n_threads;
  data->progress = options->progress;
  data->progress_data = options->progress_data;

  task = sl_engine_task_new (self, sl_engine_gallery_test_async, cancellable, callback, user_data);
  data->relay = sl_progress_relay_new (task, data->progress != NULL ? relay_to_progress : NULL, data, 100);
  sl_engine_task_run (task, test_work, data, test_task_free, (GDestroyNotify) sl_gallery_test_result_free);
}

SlGalleryTestResult *
sl_engine_gallery_test_finish (SlEngine      *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return sl_engine_task_finish (self, result, sl_engine_gallery_test_async, error);
}
