/* sl-gallery.h: galleries, their subjects and enrolled faces: the rows,
 * and the checks their text must pass.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "core/sl-store.h"

G_BEGIN_DECLS

#define SL_GALLERY_NAME_MAX        64
#define SL_SUBJECT_EXTERNAL_ID_MAX 128
#define SL_SUBJECT_NAME_MAX        200

typedef struct
{
  gint64  id;
  char   *name;
  char   *description;      /* may be NULL */
  char   *model_id;         /* the embedder every face of it was enrolled with */
  char   *model_sha256;
  guint   dim;
  gint64  generation;       /* grows with every change */
  gint64  n_subjects;
  gint64  n_faces;
  char   *created_by;
  char   *created_at;
} SlGallery;

void       sl_gallery_free          (SlGallery   *gallery);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlGallery, sl_gallery_free)

/* 1 to 64 characters, no control characters, no space at either end. */
gboolean   sl_gallery_check_name    (const char  *name,
                                     GError     **error);
/* An external id (booking number, folder name): 1 to 128 characters, the
 * same rules. */
gboolean   sl_subject_check_external_id (const char *external_id,
                                     GError     **error);

/* Writes belong inside the caller's transaction. */
gint64     sl_gallery_insert        (SlStore     *store,
                                     const char  *name,
                                     const char  *description,
                                     const char  *model_id,
                                     const char  *model_sha256,
                                     guint        dim,
                                     gint64       user_id,
                                     GError     **error);
SlGallery *sl_gallery_lookup        (SlStore     *store,
                                     const char  *name,
                                     GError     **error);
SlGallery *sl_gallery_lookup_id     (SlStore     *store,
                                     gint64       id,
                                     GError     **error);
/* SlGallery by name. */
GPtrArray *sl_gallery_list          (SlStore     *store,
                                     GError     **error);
/* Marks the gallery changed: search matrices loaded before are stale. */
gboolean   sl_gallery_bump          (SlStore     *store,
                                     gint64       gallery_id,
                                     GError     **error);

/* The subject with this external id, made when absent (name and metadata,
 * a JSON object, are kept from the first time it is seen). */
gint64     sl_subject_ensure        (SlStore     *store,
                                     gint64       gallery_id,
                                     const char  *external_id,
                                     const char  *name,
                                     const char  *metadata_json,
                                     gint64       user_id,
                                     gboolean    *created,
                                     GError     **error);

/* A subject's external id and name (NULL when it has none). */
gboolean   sl_subject_lookup        (SlStore     *store,
                                     gint64       subject_id,
                                     char       **external_id,
                                     char       **name,
                                     GError     **error);

/* One enrolled image, as written. */
typedef struct
{
  gint64        gallery_id;
  gint64        subject_id;
  const char   *image_sha256;
  const char   *image_path;       /* display form */
  GBytes       *image_path_raw;   /* the path's bytes */
  float         box[4];
  const char   *landmarks_json;
  double        detector_score;
  const char   *quality_band;     /* good, usable, poor */
  const char   *quality_json;
  const float  *embedding;
  guint         dim;
  const char   *model_id;
  const char   *model_sha256;
  GBytes       *thumbnail;        /* JPEG, may be NULL */
} SlGalleryFaceRow;

gint64     sl_gallery_face_insert   (SlStore                *store,
                                     const SlGalleryFaceRow *row,
                                     gint64                  user_id,
                                     GError                **error);

/* What a gallery already holds, for enrolment to skip: image SHA-256 ->
 * external id of the subject it was enrolled for. */
GHashTable *sl_gallery_image_hashes (SlStore     *store,
                                     gint64       gallery_id,
                                     GError     **error);

/* The SHA-256 of every piece of evidence of every case (a set): an image
 * that is evidence is never enrolled. */
GHashTable *sl_gallery_evidence_hashes (SlStore  *store,
                                        GError  **error);

/* One subject of a gallery. */
typedef struct
{
  gint64  id;
  char   *external_id;
  char   *name;                   /* NULL when it has none */
  guint   n_faces;
  gint64  face_id;                /* its first enrolled face, for a thumbnail */
  char   *created_at;
} SlGallerySubject;

void          sl_gallery_subject_free  (SlGallerySubject *subject);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlGallerySubject, sl_gallery_subject_free)

/* Up to limit subjects of the gallery from offset, by external id. */
GPtrArray  *sl_subject_list            (SlStore  *store,
                                        gint64    gallery_id,
                                        guint     offset,
                                        guint     limit,
                                        GError  **error);

/* Records that the enrolled photo with this SHA-256 has its read-only copy
 * in the gallery store (stored) or that none could be made (the photo was
 * unreadable or had changed). A copy once stored is never marked missing. */
gboolean    sl_gallery_copy_mark       (SlStore     *store,
                                        const char  *image_sha256,
                                        gboolean     stored,
                                        GError     **error);

/* An enrolled photo not yet looked at for the gallery store (enrolled
 * before it existed). */
typedef struct
{
  char *image_sha256;
  char *path;                     /* as enrolled, in the file system's encoding */
  char *display;
} SlGalleryUncopied;

void        sl_gallery_uncopied_free   (SlGalleryUncopied *u);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlGalleryUncopied, sl_gallery_uncopied_free)

/* Every enrolled content without a gallery_copies row, once each. */
GPtrArray  *sl_gallery_uncopied_list   (SlStore  *store,
                                        GError  **error);

G_END_DECLS
