/* sl-engine-galleries.c: creating and listing galleries, and enrolling
 * reference photos: the workers of sl-enrol.c find and embed the faces,
 * this thread writes them in short transactions, each with its audit row.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-engine"

#include "config.h"

#include <inttypes.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "engine/sl-engine-galleries.h"
#include "core/sl-evidence-store.h"
#include "engine/sl-engine-private.h"
#include "core/sl-progress-relay.h"
#include "engine/sl-enrol.h"
#include "analysis/sl-face-record.h"

/* A batch is committed when it holds this many faces, or after this long. */
#define BATCH_FACES    256
#define BATCH_US       (2 * G_USEC_PER_SEC)
/* Skipped images listed by name in the enrolment's closing audit row. */
#define AUDIT_SKIPPED  1000

typedef struct
{
  SlSession           *session;
  char                *name;
  char                *dir;
  char                *csv;
  guint                n_threads;
  SlEnrolProgressFunc  progress;
  gpointer             progress_data;
  SlProgressRelay     *relay;
} EnrolTask;

/* What the writing thread keeps while an enrolment runs. */
typedef struct
{
  SlEngine        *engine;
  SlStore         *store;
  SlSession       *session;
  SlGallery       *gallery;
  const char      *model_id;
  const char      *model_sha256;
  guint            dim;
  GPtrArray       *items;
  SlEnrolSummary  *summary;
  GPtrArray       *pending;      /* SlEnrolResult, enrolled, not yet written */
  GHashTable      *subjects;     /* external id -> subject id (committed) */
  GHashTable      *first_rows;   /* external id -> its first SlEnrolItem: a subject's
                                  * name and metadata come from there, whichever
                                  * of its images is done first */
  JsonObject      *source;
  guint            batches;
} Writer;

/* helpers */

static SlQualityBand
band_from_string (const char *text)
{
  if (g_strcmp0 (text, "good") == 0)
    return SL_QUALITY_GOOD;
  if (g_strcmp0 (text, "poor") == 0)
    return SL_QUALITY_POOR;
  return SL_QUALITY_USABLE;
}

static SlEnrolOutcome *
outcome_new (const SlEnrolItem  *item,
             SlEnrolOutcomeKind  kind,
             const char         *detail)
{
  SlEnrolOutcome *o = g_new0 (SlEnrolOutcome, 1);

  o->outcome = kind;
  o->external_id = g_strdup (item->external_id);
  o->path = g_strdup (item->display);
  o->line = item->line;
  o->detail = g_strdup (detail);
  return o;
}

static void
set_outcome (Writer             *w,
             guint               index,
             SlEnrolOutcomeKind  kind,
             const char         *detail)
{
  g_ptr_array_index (w->summary->outcomes, index) =
    outcome_new (g_ptr_array_index (w->items, index), kind, detail);
  w->summary->counts[kind]++;
  w->summary->processed++;
}

static void
add_outcome_json (JsonArray            *array,
                  const SlEnrolOutcome *o)
{
  JsonObject *j = json_object_new ();

  json_object_set_string_member (j, "outcome", sl_enrol_outcome_to_string (o->outcome));
  if (o->external_id != NULL)
    json_object_set_string_member (j, "subject", o->external_id);
  json_object_set_string_member (j, "path", o->path);
  if (o->line > 0)
    json_object_set_int_member (j, "line", o->line);
  if (o->detail != NULL)
    json_object_set_string_member (j, "reason", o->detail);
  if (o->face_id > 0)
    json_object_set_int_member (j, "face_id", o->face_id);
  json_array_add_object_element (array, j);
}

/* Writes the pending faces, their subjects and the batch's audit row in one
 * transaction. */
static gboolean
commit_batch (Writer  *w,
              GError **error)
{
  g_autoptr(GHashTable) added = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(JsonObject) details = json_object_new ();
  g_autoptr(GArray) face_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *gallery_id = g_strdup_printf ("%" PRId64, w->gallery->id);
  JsonArray *enrolled = json_array_new ();
  SlAuditEntry entry = { "gallery.enroll.batch", "gallery", gallery_id, NULL, details };
  gint64 user_id = sl_session_get_user_id (w->session);
  GHashTableIter iter;
  gpointer key, value;

  json_object_set_string_member (details, "gallery", w->gallery->name);
  json_object_set_object_member (details, "source", json_object_ref (w->source));
  json_object_set_int_member (details, "batch", w->batches + 1);
  json_object_set_array_member (details, "enrolled", enrolled);

  if (!sl_store_begin (w->store, error))
    return FALSE;
  for (guint i = 0; i < w->pending->len; i++)
    {
      SlEnrolResult *r = g_ptr_array_index (w->pending, i);
      const SlEnrolItem *item = g_ptr_array_index (w->items, r->index);
      g_autofree char *landmarks = sl_face_landmarks_to_json (&r->face);
      g_autofree char *quality = sl_face_quality_to_json (&r->face.quality);
      g_autoptr(GBytes) path_raw = g_bytes_new (item->path, strlen (item->path));
      gpointer known = g_hash_table_lookup (w->subjects, item->external_id);
      gint64 subject_id, face_id;
      gboolean created = FALSE;
      SlGalleryFaceRow row = {
        .gallery_id = w->gallery->id,
        .image_sha256 = r->sha256,
        .image_path = item->display,
        .image_path_raw = path_raw,
        .landmarks_json = landmarks,
        .detector_score = r->face.score,
        .quality_band = sl_quality_band_to_string (r->face.quality.band),
        .quality_json = quality,
        .embedding = r->embedding,
        .dim = w->dim,
        .model_id = w->model_id,
        .model_sha256 = w->model_sha256,
        .thumbnail = r->thumbnail,
      };

      if (known == NULL)
        known = g_hash_table_lookup (added, item->external_id);
      if (known != NULL)
        subject_id = *(gint64 *) known;
      else
        {
          const SlEnrolItem *first = g_hash_table_lookup (w->first_rows, item->external_id);

          if ((subject_id = sl_subject_ensure (w->store, w->gallery->id, item->external_id, first->name,
                                               first->metadata_json, user_id, &created, error)) == 0)
            goto fail;
          g_hash_table_insert (added, g_strdup (item->external_id), g_memdup2 (&subject_id, sizeof subject_id));
          if (created)
            w->summary->subjects_added++;
        }
      row.subject_id = subject_id;
      memcpy (row.box, r->face.box, sizeof row.box);
      /* The worker kept the photo in the gallery store before this row. */
      if ((face_id = sl_gallery_face_insert (w->store, &row, user_id, error)) == 0 ||
          !sl_gallery_copy_mark (w->store, r->sha256, TRUE, error))
        goto fail;
      g_array_append_val (face_ids, face_id);
      {
        JsonObject *j = json_object_new ();
        json_object_set_int_member (j, "face_id", face_id);
        json_object_set_string_member (j, "subject", item->external_id);
        json_object_set_string_member (j, "path", item->display);
        json_object_set_string_member (j, "sha256", r->sha256);
        json_array_add_object_element (enrolled, j);
      }
    }
  if (!sl_gallery_bump (w->store, w->gallery->id, error) ||
      !sl_engine_audit (w->engine, w->store, w->session, &entry, SL_AUDIT_SUCCESS, error) ||
      !sl_engine_commit (w->store, error))
    goto fail;

  /* Committed: now the outcomes and the subjects are facts. */
  w->batches++;
  for (guint i = 0; i < w->pending->len; i++)
    {
      SlEnrolResult *r = g_ptr_array_index (w->pending, i);
      SlEnrolOutcome *o = g_ptr_array_index (w->summary->outcomes, r->index);
      o->face_id = g_array_index (face_ids, gint64, i);
    }
  g_hash_table_iter_init (&iter, added);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_hash_table_iter_steal (&iter);
      g_hash_table_insert (w->subjects, key, value);
    }
  g_ptr_array_set_size (w->pending, 0);
  return TRUE;

fail:
  sl_store_rollback (w->store);
  /* Those faces were not written after all. */
  for (guint i = 0; i < w->pending->len; i++)
    {
      SlEnrolResult *r = g_ptr_array_index (w->pending, i);
      SlEnrolOutcome *o = g_ptr_array_index (w->summary->outcomes, r->index);
      w->summary->counts[SL_ENROL_ENROLLED]--;
      w->summary->processed--;
      g_ptr_array_index (w->summary->outcomes, r->index) = NULL;
      sl_enrol_outcome_free (o);
    }
  return FALSE;
}

static void
summary_details (Writer     *w,
                 JsonObject *details)
{
  SlEnrolSummary *s = w->summary;
  JsonObject *counts = json_object_new ();
  JsonArray *skipped = json_array_new ();
  guint listed = 0, n_skipped = 0;

  for (guint k = 0; k < SL_ENROL_N_OUTCOMES; k++)
    json_object_set_int_member (counts, sl_enrol_outcome_to_string (k), s->counts[k]);
  for (guint i = 0; i < s->outcomes->len; i++)
    {
      SlEnrolOutcome *o = g_ptr_array_index (s->outcomes, i);

      if (o == NULL || o->outcome == SL_ENROL_ENROLLED)
        continue;
      n_skipped++;
      if (listed++ < AUDIT_SKIPPED)
        add_outcome_json (skipped, o);
    }
  json_object_set_int_member (details, "images", s->total);
  json_object_set_int_member (details, "processed", s->processed);
  json_object_set_object_member (details, "outcomes", counts);
  json_object_set_int_member (details, "subjects_added", s->subjects_added);
  json_object_set_int_member (details, "batches", w->batches);
  json_object_set_boolean_member (details, "interrupted", s->interrupted);
  json_object_set_double_member (details, "wall_s", s->wall_s);
  json_object_set_array_member (details, "skipped", skipped);
  if (n_skipped > AUDIT_SKIPPED)
    json_object_set_int_member (details, "skipped_not_listed", n_skipped - AUDIT_SKIPPED);
}

static SlEnrolSummary *
enrol_with (SlEngine             *self,
            SlStore              *store,
            SlSession            *session,
            const char           *name,
            const SlEnrolOptions *opts,
            GCancellable         *cancellable,
            GError              **error)
{
  g_autoptr(JsonObject) details = json_object_new ();
  g_autoptr(JsonObject) source = json_object_new ();
  g_autofree char *shown = sl_store_text_shown (name, 64);
  g_autofree char *gallery_id = NULL;
  g_autoptr(SlGallery) gallery = NULL;
  g_autoptr(SlPolicy) policy = NULL;
  g_autoptr(SlFaceAnalyser) analyser = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GHashTable) enrolled = NULL;
  g_autoptr(GHashTable) evidence = NULL;
  g_autoptr(GArray) todo = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(SlEnrolRun) run = NULL;
  g_autoptr(SlEnrolSummary) summary = g_new0 (SlEnrolSummary, 1);
  g_autoptr(GPtrArray) pending = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_enrol_result_free);
  g_autoptr(GHashTable) subjects = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) first_rows = g_hash_table_new (g_str_hash, g_str_equal);
  const SlModelInfo *model;
  GError *local_error = NULL;
  SlAuditEntry entry = { "gallery.enroll", "gallery", NULL, NULL, details };
  Writer w = { 0 };
  gint64 start = g_get_monotonic_time (), last_commit = start;
  g_autofree char *source_path = NULL;

  json_object_set_string_member (details, "gallery", shown);
  source_path = g_filename_display_name (opts->dir != NULL ? opts->dir : opts->csv);
  json_object_set_string_member (source, opts->dir != NULL ? "dir" : "csv", source_path);
  json_object_set_object_member (details, "source", json_object_ref (source));
  if (!sl_engine_authorize (self, store, session, SL_PERMISSION_GALLERY_MANAGE, &entry, error))
    return NULL;

  if (!(gallery = sl_gallery_lookup (store, name, &local_error)))
    goto fail;
  entry.object_id = gallery_id = g_strdup_printf ("%" PRId64, gallery->id);
  if (!(policy = sl_policy_load (store, &local_error)) ||
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
  items = opts->dir != NULL ? sl_enrol_list_from_dir (opts->dir, &local_error)
                            : sl_enrol_list_from_csv (opts->csv, &local_error);
  if (items == NULL ||
      !(enrolled = sl_gallery_image_hashes (store, gallery->id, &local_error)) ||
      !(evidence = sl_gallery_evidence_hashes (store, &local_error)))
    goto fail;

  summary->gallery_id = gallery->id;
  summary->total = items->len;
  summary->outcomes = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_enrol_outcome_free);
  g_ptr_array_set_size (summary->outcomes, items->len);
  w = (Writer) { self, store, session, gallery, gallery->model_id, gallery->model_sha256, gallery->dim,
                 items, summary, pending, subjects, first_rows, source, 0 };

  for (guint i = 0; i < items->len; i++)
    {
      SlEnrolItem *item = g_ptr_array_index (items, i);

      if (item->invalid != NULL)
        set_outcome (&w, i, SL_ENROL_INVALID, item->invalid);
      else
        {
          g_array_append_val (todo, i);
          if (!g_hash_table_contains (first_rows, item->external_id))
            g_hash_table_insert (first_rows, item->external_id, item);
        }
    }
  run = sl_enrol_run_start (analyser, sl_engine_get_gallery_store (self), items, todo, g_steal_pointer (&enrolled), g_steal_pointer (&evidence),
                            band_from_string (policy->enrol_min_quality), opts->n_threads, cancellable);
  summary->threads = sl_enrol_run_get_threads (run);

  while (!sl_enrol_run_done (run) || pending->len > 0)
    {
      SlEnrolResult *r = sl_enrol_run_next (run, 100 * 1000);
      gint64 now = g_get_monotonic_time ();

      if (r != NULL && r->cancelled)
        {
          summary->interrupted = TRUE;
          sl_enrol_result_free (r);
        }
      else if (r != NULL && r->store_error != NULL)
        {
          /* What was written so far stays; nothing more can be kept. */
          local_error = g_steal_pointer (&r->store_error);
          sl_enrol_result_free (r);
          goto fail;
        }
      else if (r != NULL && r->outcome == SL_ENROL_ENROLLED)
        {
          set_outcome (&w, r->index, SL_ENROL_ENROLLED, NULL);
          g_ptr_array_add (pending, r);
        }
      else if (r != NULL)
        {
          set_outcome (&w, r->index, r->outcome, r->detail);
          sl_enrol_result_free (r);
        }
      if (r != NULL && opts->progress != NULL)
        opts->progress (summary->processed, summary->total, opts->progress_data);

      if (pending->len >= BATCH_FACES ||
          (pending->len > 0 && (now - last_commit >= BATCH_US || sl_enrol_run_done (run))))
        {
          if (!commit_batch (&w, &local_error))
            goto fail;
          last_commit = now;
        }
    }
  summary->interrupted = summary->interrupted || summary->processed < summary->total;

  summary->wall_s = (g_get_monotonic_time () - start) / 1e6;
  summary->faces_per_second = summary->wall_s > 0 ? summary->processed / summary->wall_s : 0;
  summary_details (&w, details);
  if (summary->interrupted)
    json_object_set_string_member (details, "reason", "interrupted; what was enrolled is kept");
  if (!sl_store_begin (store, &local_error) ||
      !sl_engine_audit (self, store, session, &entry, summary->interrupted ? SL_AUDIT_FAILED : SL_AUDIT_SUCCESS,
                        &local_error) ||
      !sl_engine_commit (store, &local_error))
    goto fail;
  return g_steal_pointer (&summary);

fail:
  g_clear_pointer (&run, sl_enrol_run_free);
  if (summary->outcomes != NULL)
    summary_details (&w, details);
  sl_engine_audit_failure (self, store, session, &entry, local_error);
  sl_engine_propagate (error, local_error);
  return NULL;
}

static void
enrol_task_free (gpointer user_data)
{
  EnrolTask *data = user_data;

  g_clear_object (&data->session);
  g_free (data->name);
  g_free (data->dir);
  g_free (data->csv);
  g_clear_pointer (&data->relay, sl_progress_relay_free);
  g_free (data);
}

/* callbacks */

static void
on_worker_progress (guint    done,
                    guint    total,
                    gpointer user_data)
{
  EnrolTask *data = user_data;

  sl_progress_relay_post (data->relay, done, total);
}

/* The relay speaks 64-bit counts; enrolment's callback counts images. */
static void
relay_to_enrol_progress (guint64  done,
                         guint64  total,
                         gpointer user_data)
{
  EnrolTask *data = user_data;

  data->progress ((guint) done, (guint) total, data->progress_data);
}

static gpointer
enrol_work (SlEngine      *engine,
            SlStore       *store,
            gpointer       task_data,
            GCancellable  *cancellable,
            GError       **error)
{
  EnrolTask *data = task_data;
  SlEnrolOptions opts = { data->dir, data->csv, data->n_threads, on_worker_progress, data };

  return enrol_with (engine, store, data->session, data->name, &opts, cancellable, error);
}

/* public API */

const char *
sl_enrol_outcome_to_string (SlEnrolOutcomeKind kind)
{
  static const char *const names[] = {
    [SL_ENROL_ENROLLED]         = "enrolled",
    [SL_ENROL_ALREADY_ENROLLED] = "already-enrolled",
    [SL_ENROL_UNREADABLE]       = "unreadable",
    [SL_ENROL_NO_FACE]          = "no-face",
    [SL_ENROL_SEVERAL_FACES]    = "several-faces",
    [SL_ENROL_LOW_QUALITY]      = "low-quality",
    [SL_ENROL_DUPLICATE]        = "duplicate",
    [SL_ENROL_EVIDENCE]         = "evidence",
    [SL_ENROL_INVALID]          = "invalid",
  };

  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (names), "invalid");
  return names[kind];
}

void
sl_enrol_outcome_free (SlEnrolOutcome *o)
{
  if (o == NULL)
    return;
  g_free (o->external_id);
  g_free (o->path);
  g_free (o->detail);
  g_free (o);
}

void
sl_enrol_summary_free (SlEnrolSummary *s)
{
  if (s == NULL)
    return;
  g_clear_pointer (&s->outcomes, g_ptr_array_unref);
  g_free (s);
}

SlGallery *
sl_engine_gallery_create (SlEngine    *self,
                          SlSession   *session,
                          const char  *name,
                          const char  *description,
                          const char  *embedder_id,
                          GError     **error)
{
  SL_ENGINE_BOUNDARY (error);
  SlStore *store = sl_engine_get_store (self);
  g_autoptr(JsonObject) details = json_object_new ();
  g_autofree char *shown = sl_store_text_shown (name, 64);
  g_autofree char *id_text = NULL;
  g_autoptr(SlModelManifest) manifest = NULL;
  const SlModelInfo *info;
  GError *local_error = NULL;
  SlAuditEntry entry = { "gallery.create", "gallery", NULL, NULL, details };
  gint64 id;

  g_return_val_if_fail (SL_IS_ENGINE (self), NULL);

  json_object_set_string_member (details, "name", shown);
  if (!sl_engine_authorize (self, store, session, SL_PERMISSION_GALLERY_MANAGE, &entry, error))
    return NULL;
  if (!sl_gallery_check_name (name, &local_error) ||
      (description != NULL && !sl_store_check_text (_("gallery description"), description, 1000, TRUE, &local_error)))
    {
      sl_engine_propagate (error, local_error);
      return NULL;
    }
  if (!(manifest = sl_engine_get_manifest (self, &local_error)) ||
      !(info = sl_engine_lookup_embedder (self, manifest, embedder_id, &local_error)))
    goto fail;
  if (info->output_size <= 0)
    {
      g_set_error (&local_error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_INVALID,
                   _("The model manifest gives no embedding size for '%s'"), info->id);
      goto fail;
    }
  json_object_set_string_member (details, "model", info->id);
  json_object_set_string_member (details, "model_sha256", info->sha256);
  json_object_set_int_member (details, "dim", info->output_size);
  if (description != NULL)
    json_object_set_string_member (details, "description", description);

  if (!sl_store_begin (store, &local_error))
    goto fail;
  if ((id = sl_gallery_insert (store, name, description, info->id, info->sha256, (guint) info->output_size,
                               sl_session_get_user_id (session), &local_error)) == 0)
    goto fail;
  entry.object_id = id_text = g_strdup_printf ("%" PRId64, id);
  if (!sl_engine_audit (self, store, session, &entry, SL_AUDIT_SUCCESS, &local_error) ||
      !sl_engine_commit (store, &local_error))
    goto fail;
  return sl_gallery_lookup_id (store, id, error);

fail:
  sl_engine_audit_failure (self, store, session, &entry, local_error);
  sl_engine_propagate (error, local_error);
  return NULL;
}

GPtrArray *
sl_engine_gallery_list (SlEngine   *self,
                        SlSession  *session,
                        GError    **error)
{
  SL_ENGINE_BOUNDARY (error);
  SlStore *store = sl_engine_get_store (self);
  SlAuditEntry entry = { "gallery.list", "gallery", NULL, NULL, NULL };

  g_return_val_if_fail (SL_IS_ENGINE (self), NULL);

  /* Whoever may search may see what there is to search. */
  if (!sl_session_may (session, SL_PERMISSION_SEARCH) &&
      !sl_engine_authorize (self, store, session, SL_PERMISSION_GALLERY_MANAGE, &entry, error))
    return NULL;
  return sl_gallery_list (store, error);
}

SlEnrolSummary *
sl_engine_gallery_enrol (SlEngine             *self,
                         SlSession            *session,
                         const char           *name,
                         const SlEnrolOptions *options,
                         GCancellable         *cancellable,
                         GError              **error)
{
  SL_ENGINE_BOUNDARY (error);
  g_return_val_if_fail (SL_IS_ENGINE (self), NULL);
  g_return_val_if_fail (SL_IS_SESSION (session), NULL);
  g_return_val_if_fail (name != NULL && options != NULL, NULL);
  g_return_val_if_fail ((options->dir == NULL) != (options->csv == NULL), NULL);

  return enrol_with (self, sl_engine_get_store (self), session, name, options, cancellable, error);
}

void
sl_engine_gallery_enrol_async (SlEngine             *self,
                               SlSession            *session,
                               const char           *name,
                               const SlEnrolOptions *options,
                               GCancellable         *cancellable,
                               GAsyncReadyCallback   callback,
                               gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  EnrolTask *data;

  g_return_if_fail (SL_IS_ENGINE (self));
  g_return_if_fail (SL_IS_SESSION (session));
  g_return_if_fail (name != NULL && options != NULL);
  g_return_if_fail ((options->dir == NULL) != (options->csv == NULL));

  data = g_new0 (EnrolTask, 1);
  data->session = g_object_ref (session);
  data->name = g_strdup (name);
  data->dir = g_strdup (options->dir);
  data->csv = g_strdup (options->csv);
  data->n_threads = options->n_threads;
  data->progress = options->progress;
  data->progress_data = options->progress_data;

  task = sl_engine_task_new (self, sl_engine_gallery_enrol_async, cancellable, callback, user_data);
  /* An interrupted enrolment still returns what it did. */
  g_task_set_check_cancellable (task, FALSE);
  data->relay = sl_progress_relay_new (task, data->progress != NULL ? relay_to_enrol_progress : NULL,
                                       data, 100);
  sl_engine_task_run (task, enrol_work, data, enrol_task_free, (GDestroyNotify) sl_enrol_summary_free);
}

SlEnrolSummary *
sl_engine_gallery_enrol_finish (SlEngine      *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return sl_engine_task_finish (self, result, sl_engine_gallery_enrol_async, error);
}

/* private API */

gboolean
sl_engine_gallery_store_copies (SlEngine  *self,
                                SlStore   *store,
                                GError   **error)
{
  SlEvidenceStore *gallery = sl_engine_get_gallery_store (self);
  g_autoptr(GPtrArray) todo = NULL;
  g_autoptr(GArray) kept = g_array_new (FALSE, FALSE, sizeof (gboolean));
  g_autoptr(JsonObject) details = json_object_new ();
  JsonArray *missing = json_array_new ();
  SlAuditEntry entry = { "gallery.store-copies", "gallery_copies", NULL, NULL, details };
  GError *local_error = NULL;
  guint n_kept = 0;

  if (!(todo = sl_gallery_uncopied_list (store, error)))
    {
      json_array_unref (missing);
      return FALSE;
    }
  json_object_set_array_member (details, "missing", missing);
  if (todo->len == 0)
    return TRUE;

  /* Copied outside the transaction (the store's files come before the
   * rows that name them); a photo no longer readable, or no longer the
   * photo that was enrolled, is marked missing with the reason. */
  for (guint i = 0; i < todo->len; i++)
    {
      SlGalleryUncopied *u = g_ptr_array_index (todo, i);
      g_autoptr(SlIncoming) incoming = NULL;
      g_autoptr(GError) copy_error = NULL;
      g_autofree char *relative = NULL;
      gboolean ok = FALSE;

      if ((incoming = sl_incoming_new (gallery, &copy_error)) &&
          sl_incoming_copy (incoming, u->path, NULL, NULL, NULL, &copy_error))
        {
          if (!g_str_equal (sl_incoming_get_sha256 (incoming), u->image_sha256))
            g_set_error (&copy_error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_INVALID,
                         _("'%s' is no longer the photo that was enrolled"), u->display);
          else
            ok = (relative = sl_incoming_commit (incoming, &copy_error)) != NULL;
        }
      if (!ok && g_error_matches (copy_error, SL_STORE_ERROR, SL_STORE_ERROR_FULL))
        {
          /* A full disk is no verdict on the photo: try again next time. */
          g_propagate_error (error, g_steal_pointer (&copy_error));
          return FALSE;
        }
      if (!ok)
        {
          JsonObject *j = json_object_new ();

          json_object_set_string_member (j, "path", u->display);
          json_object_set_string_member (j, "sha256", u->image_sha256);
          json_object_set_string_member (j, "reason", copy_error->message);
          json_array_add_object_element (missing, j);
          g_debug ("No copy of the enrolled photo '%s': %s", u->display, copy_error->message);
        }
      n_kept += ok ? 1 : 0;
      g_array_append_val (kept, ok);
    }

  json_object_set_int_member (details, "kept", n_kept);
  json_object_set_int_member (details, "missing_count", todo->len - n_kept);
  if (!sl_store_begin (store, &local_error))
    goto fail;
  for (guint i = 0; i < todo->len; i++)
    {
      SlGalleryUncopied *u = g_ptr_array_index (todo, i);

      if (!sl_gallery_copy_mark (store, u->image_sha256, g_array_index (kept, gboolean, i), &local_error))
        goto fail;
    }
  if (!sl_engine_audit (self, store, NULL, &entry, SL_AUDIT_SUCCESS, &local_error) ||
      !sl_engine_commit (store, &local_error))
    goto fail;
  return TRUE;

fail:
  sl_store_rollback (store);
  sl_engine_propagate (error, local_error);
  return FALSE;
}
