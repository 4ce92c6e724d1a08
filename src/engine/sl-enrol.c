/* sl-enrol.c: reading an enrolment folder or list into items, and the
 * workers that turn each image into a face and its embedding.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-enrol"

#include "config.h"

#include <errno.h>
#include <sys/stat.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "core/sl-csv.h"
#include "core/sl-evidence-store.h"
#include "core/sl-files.h"
#include "core/sl-regular-file.h"
#include "core/sl-store.h"
#include "engine/sl-engine.h"
#include "engine/sl-enrol.h"
#include "analysis/sl-face-record.h"
#include "vision/sl-vision-error.h"

struct _SlEnrolRun
{
  SlFaceAnalyser *analyser;
  SlEvidenceStore *gallery_store; /* where enrolled photos are kept */
  GPtrArray      *items;
  GHashTable     *enrolled;      /* SHA-256 -> external id */
  GHashTable     *evidence;      /* SHA-256 set */
  GHashTable     *claimed;       /* SHA-256 -> item index, this run */
  GMutex          lock;          /* the three tables */
  SlQualityBand   worst;
  GCancellable   *cancellable;
  GThreadPool    *pool;
  GAsyncQueue    *results;
  guint           expected;
  guint           returned;
  guint           threads;
  int             saved_cv_threads;
  gint            stop;          /* atomic: freed before the end */
  SlDetectorOptions unverified;  /* the detector's, without the cascade check */
};

/* helpers */

static SlEnrolItem *
item_new (const char *external_id,
          const char *path,
          const char *display,
          guint       line)
{
  SlEnrolItem *item = g_new0 (SlEnrolItem, 1);

  item->external_id = g_strdup (external_id);
  item->path = g_strdup (path);
  item->display = g_strdup (display);
  item->line = line;
  item->metadata_json = g_strdup ("{}");
  return item;
}

static char *
metadata_json (GStrv       fields,
               GStrv       header)
{
  g_autoptr(JsonObject) o = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  for (guint i = 3; fields[i] != NULL; i++)
    {
      g_autofree char *key = NULL;

      if (header != NULL && i < g_strv_length (header) && *g_strstrip (header[i]) != '\0')
        key = g_strdup (header[i]);
      else
        key = g_strdup_printf ("column_%u", i + 1);
      json_object_set_string_member (o, key, fields[i]);
    }
  json_node_set_object (node, o);
  return json_to_string (node, FALSE);
}

static SlEnrolResult *
result_new (guint               index,
            SlEnrolOutcomeKind  outcome,
            char               *detail)
{
  SlEnrolResult *r = g_new0 (SlEnrolResult, 1);

  r->index = index;
  r->outcome = outcome;
  r->detail = detail;
  return r;
}

/* The photo cannot be read (its reason is its outcome), or the gallery
 * store cannot be written (SL_STORE_ERROR: a full disk, an altered copy),
 * which no later photo would escape: the run fails with it. */
static SlEnrolResult *
unreadable_or_store_failed (guint              index,
                            const SlEnrolItem *item,
                            GError           **error)
{
  SlEnrolResult *r = result_new (index, SL_ENROL_UNREADABLE, g_strdup ((*error)->message));

  if ((*error)->domain == SL_STORE_ERROR)
    {
      g_prefix_error (error, _("Cannot keep '%s' in the gallery store: "), item->display);
      r->store_error = g_steal_pointer (error);
    }
  return r;
}

/* Which of the gallery's or this run's images this one is; NULL when it
 * is new (and is now claimed by this item). */
static SlEnrolResult *
check_known (SlEnrolRun        *run,
             guint              index,
             const SlEnrolItem *item,
             const char        *sha256)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&run->lock);
  const char *owner = g_hash_table_lookup (run->enrolled, sha256);
  gpointer claimed;

  if (owner != NULL)
    {
      if (g_str_equal (owner, item->external_id))
        return result_new (index, SL_ENROL_ALREADY_ENROLLED,
                           g_strdup_printf (_("already enrolled for subject '%s'"), owner));
      return result_new (index, SL_ENROL_DUPLICATE,
                         g_strdup_printf (_("the same image is already enrolled for subject '%s'"), owner));
    }
  if (g_hash_table_contains (run->evidence, sha256))
    return result_new (index, SL_ENROL_EVIDENCE,
                       g_strdup (_("the image is evidence of a case; probe images are never enrolled")));
  if (g_hash_table_lookup_extended (run->claimed, sha256, NULL, &claimed))
    {
      const SlEnrolItem *first = g_ptr_array_index (run->items, GPOINTER_TO_UINT (claimed));
      return result_new (index, SL_ENROL_DUPLICATE,
                         g_strdup_printf (_("the same image as '%s' earlier in this enrolment"), first->display));
    }
  g_hash_table_insert (run->claimed, g_strdup (sha256), GUINT_TO_POINTER (index));
  return NULL;
}

static SlEnrolResult *
process (SlEnrolRun *run,
         guint       index)
{
  const SlEnrolItem *item = g_ptr_array_index (run->items, index);
  SlDetector *detector = sl_face_analyser_get_detector (run->analyser);
  SlEmbedder *embedder = sl_face_analyser_get_embedder (run->analyser);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlImage) image = NULL;
  g_autoptr(GArray) faces = NULL;
  g_autoptr(SlIncoming) incoming = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *stored = NULL;
  SlEnrolResult *known;
  SlEnrolResult *r;
  guint rivals = 0;
  int pick;

  /* Copied (and hashed as it is copied) into the gallery store's incoming
   * folder, then decoded from that copy: what is enrolled is what is kept,
   * and never held whole in memory. Regular files only: a FIFO in a list
   * would block this worker, and the whole enrolment with it, for ever.
   * Not cancelled half-way: a photo is small, and a cancelled run is told
   * apart by the items it never started (on_work). */
  if (!(incoming = sl_incoming_new (run->gallery_store, &error)) ||
      !sl_incoming_copy (incoming, item->path, NULL, NULL, NULL, &error))
    return unreadable_or_store_failed (index, item, &error);
  sha256 = g_strdup (sl_incoming_get_sha256 (incoming));
  if ((known = check_known (run, index, item, sha256)) != NULL)
    {
      known->sha256 = g_steal_pointer (&sha256);
      return known;
    }

  if (!(image = sl_image_load_named (sl_incoming_get_path (incoming), item->display, SL_IMAGE_DEFAULT_MAX_PIXELS,
                                     &error)))
    return result_new (index, SL_ENROL_UNREADABLE, g_strdup (error->message));
  /* Detections are confirmed only where the outcome depends on them. */
  if (!(faces = sl_detector_detect_with_options (detector, image, &run->unverified, &error)) ||
      !sl_face_pick_subject (detector, image, faces, &pick, &rivals, &error))
    return result_new (index, SL_ENROL_UNREADABLE, g_strdup (error->message));
  if (pick < 0)
    return result_new (index, SL_ENROL_NO_FACE, g_strdup (_("no face found")));
  if (rivals > 0)
    return result_new (index, SL_ENROL_SEVERAL_FACES,
                       g_strdup_printf (_("%u faces of similar size; which one is the subject is not certain"),
                                        rivals + 1));

  r = result_new (index, SL_ENROL_ENROLLED, NULL);
  r->sha256 = g_steal_pointer (&sha256);
  r->face = g_array_index (faces, SlFace, pick);
  if (r->face.quality.band > run->worst)
    {
      g_autofree char *reasons = sl_face_quality_reasons (&r->face.quality);
      r->outcome = SL_ENROL_LOW_QUALITY;
      r->detail = g_strdup_printf (_("face quality %s (%s); the policy accepts %s or better"),
                                   sl_quality_band_to_string (r->face.quality.band), reasons,
                                   sl_quality_band_to_string (run->worst));
      return r;
    }
  r->embedding = g_new (float, sl_embedder_get_dim (embedder));
  /* Kept before its row is written: a stored photo with no face is
   * harmless, a face without its photo is what this store prevents. The
   * same content enrolled before is found there and kept once. */
  if (!sl_embedder_embed (embedder, image, &r->face, r->embedding, &error) ||
      !(r->thumbnail = sl_face_crop_jpeg (embedder, image, &r->face, &error)) ||
      !(stored = sl_incoming_commit (incoming, &error)))
    {
      SlEnrolResult *failed = unreadable_or_store_failed (index, item, &error);

      sl_enrol_result_free (r);
      return failed;
    }
  return r;
}

/* callbacks */

static void
on_work (gpointer data,
         gpointer user_data)
{
  SlEnrolRun *run = user_data;
  guint index = GPOINTER_TO_UINT (data) - 1;
  SlEnrolResult *r;

  if (g_atomic_int_get (&run->stop) || g_cancellable_is_cancelled (run->cancellable))
    {
      r = result_new (index, SL_ENROL_UNREADABLE, NULL);
      r->cancelled = TRUE;
    }
  else
    r = process (run, index);
  g_async_queue_push (run->results, r);
}

/* public API */

void
sl_enrol_item_free (SlEnrolItem *item)
{
  if (item == NULL)
    return;
  g_free (item->external_id);
  g_free (item->name);
  g_free (item->metadata_json);
  g_free (item->path);
  g_free (item->display);
  g_free (item->invalid);
  g_free (item);
}

GPtrArray *
sl_enrol_list_from_dir (const char  *dir,
                        GError     **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_enrol_item_free);
  g_autoptr(GPtrArray) subjects = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!(subjects = sl_dir_list_sorted (dir, &local_error)))
    {
      g_autofree char *display = g_filename_display_name (dir);
      g_set_error (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_BAD_INPUT,
                   _("Cannot read the enrolment folder '%s': %s"), display, local_error->message);
      return NULL;
    }
  for (guint i = 0; i < subjects->len; i++)
    {
      const char *name = g_ptr_array_index (subjects, i);
      g_autofree char *sub = g_build_filename (dir, name, NULL);
      g_autofree char *sub_display = g_filename_display_name (sub);
      g_autofree char *external_id = g_filename_display_name (name);
      g_autoptr(GPtrArray) files = NULL;

      if (!g_file_test (sub, G_FILE_TEST_IS_DIR))
        {
          SlEnrolItem *item = item_new (NULL, sub, sub_display, 0);
          item->invalid = g_strdup (_("not in a subject's folder (DIR/EXTERNAL-ID/IMAGE)"));
          g_ptr_array_add (items, item);
          continue;
        }
      if (!(files = sl_dir_list_sorted (sub, &local_error)))
        {
          SlEnrolItem *item = item_new (external_id, sub, sub_display, 0);
          item->invalid = g_strdup (local_error->message);
          g_ptr_array_add (items, item);
          g_clear_error (&local_error);
          continue;
        }
      for (guint j = 0; j < files->len; j++)
        {
          g_autofree char *path = g_build_filename (sub, g_ptr_array_index (files, j), NULL);
          g_autofree char *display = g_filename_display_name (path);
          SlEnrolItem *item = item_new (external_id, path, display, 0);
          GStatBuf st;

          if (g_stat (path, &st) != 0)
            {
              int saved = errno;
              item->invalid = g_strdup_printf (_("Cannot read '%s': %s"), display, g_strerror (saved));
            }
          else if (S_ISDIR (st.st_mode))
            item->invalid = g_strdup (_("a folder inside a subject's folder"));
          else if (!S_ISREG (st.st_mode))
            /* Refused by type while listing, before anything opens it. */
            item->invalid = g_strdup_printf (_("'%s' is %s, not a regular file; only regular files are read"),
                                             display, sl_file_type_describe (st.st_mode));
          else if (!sl_subject_check_external_id (external_id, &local_error))
            {
              item->invalid = g_strdup (local_error->message);
              g_clear_error (&local_error);
            }
          g_ptr_array_add (items, item);
        }
    }
  return g_steal_pointer (&items);
}

GPtrArray *
sl_enrol_list_from_csv (const char  *path,
                        GError     **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_enrol_item_free);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *base = g_path_get_dirname (path);
  g_autofree char *display = g_filename_display_name (path);
  GStrv header = NULL;
  guint first = 0;

  if (!(rows = sl_csv_parse_file (path, &local_error)))
    {
      if (local_error->domain == SL_CSV_ERROR)
        g_set_error (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_BAD_INPUT,
                     _("Cannot use the enrolment list: %s"), local_error->message);
      else
        g_set_error (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_BAD_INPUT,
                     _("Cannot read the enrolment list '%s': %s"), display, local_error->message);
      return NULL;
    }
  if (rows->len > 0)
    {
      SlCsvRow *row = g_ptr_array_index (rows, 0);
      g_autofree char *key = g_ascii_strdown (g_strstrip (row->fields[0]), -1);

      if (g_str_equal (key, "external_id") || g_str_equal (key, "external id"))
        {
          header = row->fields;
          first = 1;
        }
    }

  for (guint i = first; i < rows->len; i++)
    {
      SlCsvRow *row = g_ptr_array_index (rows, i);
      guint n = g_strv_length (row->fields);
      const char *external_id = n > 0 ? row->fields[0] : NULL;
      const char *image = n > 2 ? row->fields[2] : NULL;
      g_autofree char *image_path = NULL;
      g_autofree char *image_display = NULL;
      SlEnrolItem *item;

      if (image != NULL && *image != '\0')
        {
          image_path = g_path_is_absolute (image) ? g_strdup (image) : g_build_filename (base, image, NULL);
          image_display = g_filename_display_name (image_path);
        }
      item = item_new (external_id != NULL && *external_id != '\0' ? external_id : NULL, image_path,
                       image_display != NULL ? image_display : "", row->line);
      if (n < 3)
        item->invalid = g_strdup_printf (_("'%s', line %u: expected external_id,name,image_path[,metadata...]"),
                                         display, row->line);
      else if (image_path == NULL)
        item->invalid = g_strdup_printf (_("'%s', line %u: no image path"), display, row->line);
      else if (!sl_subject_check_external_id (external_id, &local_error))
        {
          item->invalid = g_strdup_printf ("'%s', line %u: %s", display, row->line, local_error->message);
          g_clear_error (&local_error);
        }
      else
        {
          item->name = *g_strstrip (row->fields[1]) != '\0' ? g_strdup (row->fields[1]) : NULL;
          g_free (item->metadata_json);
          item->metadata_json = metadata_json (row->fields, header);
        }
      g_ptr_array_add (items, item);
    }
  return g_steal_pointer (&items);
}

void
sl_enrol_result_free (SlEnrolResult *r)
{
  if (r == NULL)
    return;
  g_free (r->detail);
  g_free (r->sha256);
  g_free (r->embedding);
  g_clear_pointer (&r->thumbnail, g_bytes_unref);
  g_clear_error (&r->store_error);
  g_free (r);
}

SlEnrolRun *
sl_enrol_run_start (SlFaceAnalyser *analyser,
                    SlEvidenceStore *gallery_store,
                    GPtrArray      *items,
                    GArray         *todo,
                    GHashTable     *enrolled,
                    GHashTable     *evidence,
                    SlQualityBand   worst,
                    guint           n_threads,
                    GCancellable   *cancellable)
{
  SlEnrolRun *run = g_new0 (SlEnrolRun, 1);

  run->analyser = g_object_ref (analyser);
  run->gallery_store = gallery_store;
  run->items = g_ptr_array_ref (items);
  run->enrolled = enrolled;
  run->evidence = evidence;
  run->claimed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_mutex_init (&run->lock);
  run->worst = worst;
  run->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  run->results = g_async_queue_new ();
  run->expected = todo->len;
  run->threads = n_threads > 0 ? n_threads : MAX (1u, g_get_num_processors ());
  sl_detector_get_options (sl_face_analyser_get_detector (analyser), &run->unverified);
  run->unverified.verify = FALSE;

  /* One worker per core already keeps every core busy. */
  run->saved_cv_threads = sl_vision_get_threads ();
  if (run->threads > 1)
    sl_vision_set_threads (1);
  run->pool = g_thread_pool_new (on_work, run, (int) run->threads, TRUE, NULL);
  for (guint i = 0; i < todo->len; i++)
    g_thread_pool_push (run->pool, GUINT_TO_POINTER (g_array_index (todo, guint, i) + 1), NULL);
  return run;
}

SlEnrolResult *
sl_enrol_run_next (SlEnrolRun *run,
                   gint64      timeout_us)
{
  SlEnrolResult *r;

  if (run->returned == run->expected)
    return NULL;
  r = g_async_queue_timeout_pop (run->results, (guint64) MAX (timeout_us, 0));
  if (r != NULL)
    run->returned++;
  return r;
}

gboolean
sl_enrol_run_done (SlEnrolRun *run)
{
  return run->returned == run->expected;
}

guint
sl_enrol_run_get_threads (SlEnrolRun *run)
{
  return run->threads;
}

void
sl_enrol_run_free (SlEnrolRun *run)
{
  SlEnrolResult *r;

  if (run == NULL)
    return;
  /* Images not started yet are dropped; those under way are finished. */
  g_atomic_int_set (&run->stop, 1);
  g_thread_pool_free (run->pool, TRUE, TRUE);
  sl_vision_set_threads (run->saved_cv_threads);
  while ((r = g_async_queue_try_pop (run->results)) != NULL)
    sl_enrol_result_free (r);
  g_async_queue_unref (run->results);
  g_clear_object (&run->analyser);
  g_ptr_array_unref (run->items);
  g_hash_table_unref (run->enrolled);
  g_hash_table_unref (run->evidence);
  g_hash_table_unref (run->claimed);
  g_mutex_clear (&run->lock);
  g_clear_object (&run->cancellable);
  g_free (run);
}
