/* sl-model-manifest.h: the list of models Sightline may load, and their hashes.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  SL_MODEL_ROLE_DETECTOR,
  SL_MODEL_ROLE_EMBEDDER,
} SlModelRole;

/* One model's card, as the manifest states it. Owned by the manifest. */
typedef struct
{
  char        *id;
  char        *name;
  SlModelRole  role;
  char        *file;            /* basename inside the model directory */
  char        *sha256;          /* lower-case hex */
  guint64      size;
  char        *license;
  char        *license_file;
  int          input_width;     /* 0 = dynamic */
  int          input_height;
  gboolean     rgb;             /* colour order the net expects */
  double       mean;
  double       scale;           /* input = (pixel - mean) * scale */
  char        *normalization;   /* human-readable */
  int          output_size;
  char        *output;          /* human-readable */
  char        *npm_package;     /* NAME@VERSION, or NULL */
  char        *npm_path;        /* path of the file inside the npm tarball */
  char       **urls;            /* https sources, NULL-terminated, may be empty */
  char        *note;
} SlModelInfo;

typedef struct _SlModelManifest SlModelManifest;

SlModelManifest   *sl_model_manifest_load             (const char       *path,
                                                       GError          **error);
SlModelManifest   *sl_model_manifest_load_default     (GError          **error);
const char        *sl_model_manifest_get_path         (SlModelManifest  *self);
guint              sl_model_manifest_get_n_models     (SlModelManifest  *self);
const SlModelInfo *sl_model_manifest_get_model        (SlModelManifest  *self,
                                                       guint             index);
const SlModelInfo *sl_model_manifest_lookup           (SlModelManifest  *self,
                                                       const char       *id);
const SlModelInfo *sl_model_manifest_get_default      (SlModelManifest  *self,
                                                       SlModelRole       role);
const double      *sl_model_manifest_get_align_template (SlModelManifest *self);
SlModelManifest   *sl_model_manifest_ref              (SlModelManifest  *self);
void               sl_model_manifest_unref            (SlModelManifest  *self);

const char        *sl_model_role_to_string            (SlModelRole       role);

/* Where model files live: $SIGHTLINE_MODEL_DIR, else the source tree's
 * models/ for an uninstalled build, else the user's data dir. */
char              *sl_model_dir_default               (void);

/* SHA-256 of a file, streamed, as lower-case hex. */
char              *sl_sha256_file                     (const char       *path,
                                                       GError          **error);

/* Reads a model file and checks its size and SHA-256 against the card. The
 * error names the file, the expected and the actual hash. */
GBytes            *sl_model_read_verified             (const SlModelInfo *info,
                                                       const char        *model_dir,
                                                       GError           **error);
gboolean           sl_model_verify_file               (const SlModelInfo *info,
                                                       const char        *path,
                                                       GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlModelManifest, sl_model_manifest_unref)

G_END_DECLS
