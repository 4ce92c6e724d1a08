/* sl-engine-evidence.c: importing evidence (a file, file:// or https://)
 * into a case: hashed while copied into the store, its kind and media facts
 * read from its content, recorded with its audit row in one transaction
 * after the file is safely in place.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sl-engine"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "engine/sl-engine-private.h"
#include "core/sl-progress-relay.h"
#include "net/sl-download.h"
#include "vision/sl-image.h"
#include "vision/sl-video.h"
#include "vision/sl-vision-error.h"

typedef struct
{
  char   *local_path;       /* NULL for https */
  char   *url;              /* NULL for a plain path */
  char   *source;           /* what the row records: absolute path (display) or URL */
  GBytes *source_raw;
  char   *name;             /* display form of the original name */
  GBytes *name_raw;
} Source;

typedef struct
{
  SlSession            *session;
  char                 *case_number;
  char                 *source;
  char                 *ca_file;
  SlImportProgressFunc  progress;
  gpointer              progress_data;
  SlProgressRelay      *relay;
  gboolean              duplicate;
} ImportTask;

/* helpers */

static void
source_clear (Source *s)
{
  g_free (s->local_path);
  g_free (s->url);
  g_free (s->source);
  g_clear_pointer (&s->source_raw, g_bytes_unref);
  g_free (s->name);
  g_clear_pointer (&s->name_raw, g_bytes_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Source, source_clear)

static gboolean
parse_source (const char  *text,
              Source      *s,
              GError     **error)
{
  g_autofree char *scheme = strstr (text, "://") != NULL ? g_uri_parse_scheme (text) : NULL;

  if (scheme == NULL)
    {
      g_autofree char *base = NULL;

      s->local_path = g_canonicalize_filename (text, NULL);
      s->source = g_filename_display_name (s->local_path);
      s->source_raw = g_bytes_new (s->local_path, strlen (s->local_path));
      base = g_path_get_basename (s->local_path);
      s->name = g_filename_display_basename (s->local_path);
      s->name_raw = g_bytes_new (base, strlen (base));
      return TRUE;
    }

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_INVALID, _("The URL is not valid UTF-8 text"));
      return FALSE;
    }
  if (g_ascii_strcasecmp (scheme, "file") == 0)
    {
      g_autofree char *base = NULL;

      if (!(s->local_path = g_filename_from_uri (text, NULL, error)))
        return FALSE;
      s->source = g_strdup (text);
      s->source_raw = g_bytes_new (s->local_path, strlen (s->local_path));
      base = g_path_get_basename (s->local_path);
      s->name = g_filename_display_basename (s->local_path);
      s->name_raw = g_bytes_new (base, strlen (base));
      return TRUE;
    }
  if (g_ascii_strcasecmp (scheme, "https") == 0)
    {
      g_autoptr(GUri) uri = g_uri_parse (text, G_URI_FLAGS_ENCODED, error);
      g_autofree char *base = NULL;
      g_autofree char *unescaped = NULL;

      if (uri == NULL)
        return FALSE;
      s->url = g_strdup (text);
      s->source = g_strdup (text);
      base = g_path_get_basename (g_uri_get_path (uri));
      unescaped = g_uri_unescape_string (base, NULL);
      if (unescaped == NULL || *unescaped == '\0' || g_str_equal (unescaped, "/") ||
          g_str_equal (unescaped, "."))
        {
          g_free (unescaped);
          unescaped = g_strdup (g_uri_get_host (uri) != NULL ? g_uri_get_host (uri) : "download");
        }
      s->name_raw = g_bytes_new (unescaped, strlen (unescaped));
      s->name = g_utf8_make_valid (unescaped, -1);
      return TRUE;
    }
  g_set_error (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_INVALID,
               _("Cannot import '%s': only files, file:// and https:// URLs can be imported"), text);
  return FALSE;
}

/* Why a still does not decode whole, in words naming the file; NULL when it
 * does. The header alone passes a truncated JPEG (libjpeg fills the rest
 * grey), so the whole image is decoded, and its end marker looked for. */
static char *
still_damage (const char *path,
              const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GMappedFile) mapped = g_mapped_file_new (path, FALSE, &error);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(SlImage) image = NULL;

  if (mapped == NULL)
    return g_strdup (error->message);
  bytes = g_mapped_file_get_bytes (mapped);
  if ((image = sl_image_load_bytes (bytes, name, SL_IMAGE_DEFAULT_MAX_PIXELS, &error)) != NULL)
    return NULL;
  if (g_error_matches (error, SL_VISION_ERROR, SL_VISION_ERROR_TOO_LARGE))
    return NULL;    /* whole, only larger than the analysis reads */
  return g_strdup (error->message);
}

/* Reads what the file is from its content: a still image, or footage. */
static gboolean
probe (const char  *path,
       const char  *name,
       SlEvidence  *e,
       GError     **error)
{
  g_autoptr(GError) image_error = NULL;
  g_autoptr(GError) video_error = NULL;
  SlImageInfo info;
  SlVideoInfo video = { 0 };
  gboolean still;
  int fd;

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_IO, _("Cannot read the imported copy of '%s': %s"),
                   name, g_strerror (saved));
      return FALSE;
    }
  /* The header where it lies (a TIFF's directory, a JPEG's frame header
   * after large metadata), the same probe the decoder's caller uses. */
  still = sl_image_probe_file (fd, name, &info, &image_error);
  close (fd);

  if (still)
    {
      e->kind = SL_EVIDENCE_STILL;
      e->format = g_ascii_strdown (sl_image_format_to_string (info.format), -1);
      e->width = info.width;
      e->height = info.height;
      e->frame_count = -1;
      e->damage = still_damage (path, name);
      return TRUE;
    }
  if (g_error_matches (image_error, SL_VISION_ERROR, SL_VISION_ERROR_EMPTY))
    {
      g_set_error (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_BAD_INPUT,
                   _("Cannot import '%s': the file is empty (0 bytes)"), name);
      return FALSE;
    }
  if (!g_error_matches (image_error, SL_VISION_ERROR, SL_VISION_ERROR_NOT_IMAGE))
    {
      /* It starts like an image but is not a sound one. */
      g_set_error (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_BAD_INPUT, "%s", image_error->message);
      return FALSE;
    }

  if (sl_video_probe (path, &video, &video_error))
    {
      g_autoptr(GError) end_error = NULL;

      e->kind = SL_EVIDENCE_FOOTAGE;
      e->width = video.width;
      e->height = video.height;
      e->fps = video.fps;
      e->frame_count = video.frame_count;
      e->duration_s = video.duration_s;
      e->codec = g_strdup (video.codec);
      e->format = g_strdup (video.codec);
      if (!sl_video_check_end (path, &video, name, &end_error))
        e->damage = g_strdup (end_error->message);
      sl_video_info_clear (&video);
      return TRUE;
    }
  if (g_error_matches (video_error, SL_VISION_ERROR, SL_VISION_ERROR_TOO_LARGE))
    {
      /* Video, but more than Sightline decodes. */
      g_set_error (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_BAD_INPUT, "%s", video_error->message);
      return FALSE;
    }
  if (g_error_matches (video_error, SL_VISION_ERROR, SL_VISION_ERROR_TRUNCATED))
    {
      /* Footage whose recording or copy was cut short: it is what was
       * given, so it is kept, and said to be damaged. */
      sl_engine_error_name_evidence (&video_error, path, name, NULL);
      e->kind = SL_EVIDENCE_FOOTAGE;
      e->frame_count = -1;
      e->damage = g_strdup (video_error->message);
      return TRUE;
    }
  g_debug ("'%s' is not video either: %s", name, video_error->message);
  g_set_error (error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_BAD_INPUT,
               _("Cannot import '%s': it is neither a still image (JPEG, PNG, BMP, TIFF, WebP) nor "
                 "a video Sightline can read"), name);
  return FALSE;
}

static void
add_facts (JsonObject       *d,
           const SlEvidence *e)
{
  json_object_set_string_member (d, "sha256", e->sha256);
  json_object_set_int_member (d, "size", (gint64) e->size);
  json_object_set_string_member (d, "kind", sl_evidence_kind_to_string (e->kind));
  json_object_set_int_member (d, "width", e->width);
  json_object_set_int_member (d, "height", e->height);
  if (e->format != NULL)
    json_object_set_string_member (d, "format", e->format);
  if (e->damage != NULL)
    json_object_set_string_member (d, "damage", e->damage);
  if (e->kind == SL_EVIDENCE_FOOTAGE)
    {
      json_object_set_double_member (d, "duration_s", e->duration_s);
      json_object_set_double_member (d, "fps", e->fps);
      json_object_set_int_member (d, "frame_count", e->frame_count);
    }
}

/* Records the evidence (or finds it already there) in one transaction
 * with its audit row. */
static SlEvidence *
record (SlEngine      *self,
        SlStore       *store,
        SlSession     *session,
        SlAuditEntry  *entry,
        SlEvidence    *e,
        gboolean      *duplicate,
        GError       **error)
{
  g_autoptr(SlEvidence) existing = NULL;
  g_autofree char *id_text = NULL;
  GError *local_error = NULL;
  gint64 id;

  if (!sl_store_begin (store, error))
    return NULL;
  existing = sl_evidence_find (store, e->case_id, e->sha256, &local_error);
  if (local_error != NULL)
    goto fail;
  if (existing != NULL)
    {
      *duplicate = TRUE;
      json_object_set_boolean_member (entry->details, "duplicate", TRUE);
      json_object_set_int_member (entry->details, "evidence_id", existing->id);
      entry->object_id = id_text = g_strdup_printf ("%" G_GINT64_FORMAT, existing->id);
      if (!sl_engine_audit (self, store, session, entry, SL_AUDIT_SUCCESS, &local_error) ||
          !sl_store_commit (store, &local_error))
        goto fail;
      return g_steal_pointer (&existing);
    }

  if ((id = sl_evidence_insert (store, e, sl_session_get_user_id (session), &local_error)) == 0)
    goto fail;
  json_object_set_int_member (entry->details, "evidence_id", id);
  entry->object_id = id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  if (!sl_engine_audit (self, store, session, entry, SL_AUDIT_SUCCESS, &local_error) ||
      !sl_store_commit (store, &local_error))
    goto fail;
  return sl_evidence_find (store, e->case_id, e->sha256, error);

fail:
  sl_store_rollback (store);
  entry->object_id = NULL;     /* id_text goes with this frame */
  g_propagate_error (error, local_error);
  return NULL;
}

static SlEvidence *
import_with (SlEngine              *self,
             SlStore               *store,
             SlSession             *session,
             const char            *case_number,
             const char            *file_or_url,
             const SlImportOptions *opts,
             gboolean              *duplicate,
             GCancellable          *cancellable,
             GError               **error)
{
  g_autoptr(JsonObject) details = json_object_new ();
  g_autofree char *shown_case = sl_store_text_shown (case_number, 64);
  g_autoptr(SlCase) c = NULL;
  g_autoptr(SlIncoming) incoming = NULL;
  g_autoptr(SlEvidence) e = g_new0 (SlEvidence, 1);
  g_auto(Source) src = { 0 };
  GError *local_error = NULL;
  SlEvidence *result;
  SlAuditEntry entry = { "evidence.import", "evidence", NULL, shown_case, details };

  *duplicate = FALSE;
  if (!sl_engine_authorize (self, store, session, SL_PERMISSION_EVIDENCE_IMPORT, &entry, error))
    return NULL;

  if (!parse_source (file_or_url, &src, &local_error))
    {
      g_autofree char *shown = sl_store_text_shown (file_or_url, 1024);
      json_object_set_string_member (details, "source", shown);
      goto fail;
    }
  json_object_set_string_member (details, "source", src.source);
  json_object_set_string_member (details, "original_name", src.name);

  if (!(c = sl_engine_case_lookup (store, session, case_number, &local_error)))
    goto fail;
  if (c->closed)
    {
      g_set_error (&local_error, SL_ENGINE_ERROR, SL_ENGINE_ERROR_REFUSED,
                   _("Refused: the case '%s' is closed; no evidence can be added to it"), c->number);
      goto fail;
    }

  if (!(incoming = sl_incoming_new (sl_engine_get_evidence (self), &local_error)))
    goto fail;
  if (src.url != NULL)
    {
      SlDownloadOptions dl = {
        .ca_file = opts != NULL ? opts->ca_file : NULL,
        .progress = opts != NULL ? opts->progress : NULL,
        .progress_data = opts != NULL ? opts->progress_data : NULL,
      };
      if (!sl_download_file (src.url, sl_incoming_get_path (incoming), &dl, cancellable, &local_error) ||
          !sl_incoming_hash (incoming, cancellable, &local_error))
        goto fail;
    }
  else if (!sl_incoming_copy (incoming, src.local_path, opts != NULL ? opts->progress : NULL,
                              opts != NULL ? opts->progress_data : NULL, cancellable, &local_error))
    goto fail;

  e->case_id = c->id;
  e->sha256 = g_strdup (sl_incoming_get_sha256 (incoming));
  e->size = sl_incoming_get_size (incoming);
  e->original_name = g_strdup (src.name);
  e->original_name_raw = g_bytes_ref (src.name_raw);
  e->source = g_strdup (src.source);
  e->source_raw = src.source_raw != NULL ? g_bytes_ref (src.source_raw) : NULL;
  if (!probe (sl_incoming_get_path (incoming), src.name, e, &local_error))
    goto fail;
  add_facts (details, e);

  /* The file is in place (renamed, fsync'd) before the row that names it. */
  if (!(e->stored_path = sl_incoming_commit (incoming, &local_error)))
    goto fail;
  if (!(result = record (self, store, session, &entry, e, duplicate, &local_error)))
    goto fail;
  return result;

fail:
  if (incoming != NULL)
    sl_engine_error_name_evidence (&local_error, sl_incoming_get_path (incoming), src.name, _("Cannot import"));
  sl_engine_audit_failure (self, store, session, &entry, local_error);
  sl_engine_propagate (error, local_error);
  return NULL;
}

static void
import_task_free (gpointer user_data)
{
  ImportTask *data = user_data;

  g_clear_object (&data->session);
  g_free (data->case_number);
  g_free (data->source);
  g_free (data->ca_file);
  g_clear_pointer (&data->relay, sl_progress_relay_free);
  g_free (data);
}

/* callbacks */

static void
on_worker_progress (guint64  done,
                    guint64  total,
                    gpointer user_data)
{
  ImportTask *data = user_data;

  sl_progress_relay_post (data->relay, done, total);
}

static gpointer
import_work (SlEngine      *engine,
             SlStore       *store,
             gpointer       task_data,
             GCancellable  *cancellable,
             GError       **error)
{
  ImportTask *data = task_data;
  SlImportOptions opts = { data->ca_file, on_worker_progress, data };

  return import_with (engine, store, data->session, data->case_number, data->source, &opts, &data->duplicate,
                      cancellable, error);
}

/* public API */

SlEvidence *
sl_engine_evidence_import (SlEngine              *self,
                           SlSession             *session,
                           const char            *case_number,
                           const char            *file_or_url,
                           const SlImportOptions *options,
                           gboolean              *duplicate,
                           GCancellable          *cancellable,
                           GError               **error)
{
  SL_ENGINE_BOUNDARY (error);
  gboolean dup = FALSE;
  SlEvidence *e;

  g_return_val_if_fail (SL_IS_ENGINE (self), NULL);
  g_return_val_if_fail (SL_IS_SESSION (session), NULL);
  g_return_val_if_fail (case_number != NULL && file_or_url != NULL, NULL);

  e = import_with (self, sl_engine_get_store (self), session, case_number, file_or_url, options,
                   &dup, cancellable, error);
  if (duplicate != NULL)
    *duplicate = dup;
  return e;
}

void
sl_engine_evidence_import_async (SlEngine              *self,
                                 SlSession             *session,
                                 const char            *case_number,
                                 const char            *file_or_url,
                                 const SlImportOptions *options,
                                 GCancellable          *cancellable,
                                 GAsyncReadyCallback    callback,
                                 gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  ImportTask *data;

  g_return_if_fail (SL_IS_ENGINE (self));
  g_return_if_fail (SL_IS_SESSION (session));
  g_return_if_fail (case_number != NULL && file_or_url != NULL);

  data = g_new0 (ImportTask, 1);
  data->session = g_object_ref (session);
  data->case_number = g_strdup (case_number);
  data->source = g_strdup (file_or_url);
  if (options != NULL)
    {
      data->ca_file = g_strdup (options->ca_file);
      data->progress = options->progress;
      data->progress_data = options->progress_data;
    }

  task = sl_engine_task_new (self, sl_engine_evidence_import_async, cancellable, callback, user_data);
  data->relay = sl_progress_relay_new (task, data->progress, data->progress_data, 50);
  sl_engine_task_run (task, import_work, data, import_task_free, (GDestroyNotify) sl_evidence_free);
}

SlEvidence *
sl_engine_evidence_import_finish (SlEngine      *self,
                                  GAsyncResult  *result,
                                  gboolean      *duplicate,
                                  GError       **error)
{
  SlEvidence *e = sl_engine_task_finish (self, result, sl_engine_evidence_import_async, error);

  if (duplicate != NULL)
    *duplicate = e != NULL && ((ImportTask *) sl_engine_task_get_data (result))->duplicate;
  return e;
}

GPtrArray *
sl_engine_evidence_list (SlEngine    *self,
                         SlSession   *session,
                         const char  *case_number,
                         GError     **error)
{
  SL_ENGINE_BOUNDARY (error);
  SlStore *store = sl_engine_get_store (self);
  g_autoptr(SlCase) c = NULL;
  g_autofree char *shown = sl_store_text_shown (case_number, 64);
  GError *local_error = NULL;
  SlAuditEntry entry = { "evidence.list", "case", NULL, shown, NULL };

  g_return_val_if_fail (SL_IS_ENGINE (self), NULL);

  if (!sl_engine_authorize (self, store, session, SL_PERMISSION_CASE_READ, &entry, error))
    return NULL;
  if (!(c = sl_engine_case_lookup (store, session, case_number, &local_error)))
    {
      sl_engine_propagate (error, local_error);
      return NULL;
    }
  return sl_evidence_list (store, c->id, error);
}

char *
sl_engine_evidence_path (SlEngine   *self,
                         SlEvidence *evidence)
{
  g_return_val_if_fail (SL_IS_ENGINE (self), NULL);
  return sl_evidence_store_path (sl_engine_get_evidence (self), evidence->stored_path);
}
